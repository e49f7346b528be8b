"""What a spaCy user gets: annotations in doc.ents, doc.spans and doc.cats that
match the record, and the Doc and the pipeline going through spaCy's own tools
(DocBin, displacy, to_disk/spacy.load, nlp.pipe with processes)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy import displacy
from spacy.tokens import DocBin

import pipeline
from pipeline.output.record import build_record

ROOT = Path(__file__).resolve().parent.parent
TEXT = (ROOT / "examples" / "thong-cao.txt").read_text(encoding="utf-8")
BYLINE = "Sáng 12/9/2019, Cục trưởng Cục Hải quan TP.HCM Nguyễn Văn Hùng phát biểu.\nHoàng Hải-TTXVN"


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(TEXT)


def test_entities_are_doc_ents_with_values_and_canonical_names(doc):
    rec = build_record(doc)
    assert len(doc.ents) == len(rec["entities"]) > 10
    for span, ent in zip(doc.ents, rec["entities"]):
        assert (span.label_, span.start_char, span.end_char, span.text) == \
               (ent["label"], ent["start"], ent["end"], ent["text"])
        assert span._.value == ent["value"]
        if ent["label"] in ("ORG", "LOC"):
            assert span._.canonical == ent["canonical"]


def test_passages_and_themes_are_spans_and_cats(doc):
    rec = build_record(doc)
    spans = doc.spans["passages"]
    assert [(s.start_char, s.end_char) for s in spans] == [(p["start"], p["end"]) for p in rec["passages"]]
    assert [[t["id"] for t in s._.themes] for s in spans] == [[t["id"] for t in p["themes"]] for p in rec["passages"]]
    assert {k: round(v, 4) for k, v in doc.cats.items()} == {t["id"]: t["score"] for t in rec["themes"]}
    assert rec["themes"]
    assert doc._.officials == rec["officials"] and rec["officials"]


def test_a_byline_glued_to_its_agency_splits_the_token(nlp):
    doc = nlp(BYLINE)
    assert doc.text == BYLINE
    ents = [(e.text, e.label_) for e in doc.ents]
    assert ("Hoàng Hải", "PERSON") in ents and ("TTXVN", "ORG") in ents
    assert "".join(t.text_with_ws for t in doc) == BYLINE
    assert doc._.subword_starts  # the pieces are remembered as not being words of their own


def test_docbin_round_trips_the_doc(nlp, doc):
    data = DocBin(store_user_data=True, docs=[doc, nlp(BYLINE)]).to_bytes()
    back = list(DocBin(store_user_data=True).from_bytes(data).get_docs(nlp.vocab))
    assert [build_record(d) for d in back] == [build_record(doc), build_record(nlp(BYLINE))]
    assert doc.to_bytes()  # nothing unserialisable in user data


def test_displacy_renders_the_entities(doc):
    html = displacy.render(doc, style="ent", page=False)
    assert "Cục Hải quan" in html and "ORG" in html


def test_to_disk_and_spacy_load_in_a_fresh_process(nlp, tmp_path):
    nlp.to_disk(tmp_path / "nlp")
    assert (tmp_path / "nlp" / "names" / "lexicons" / "titles.tsv").is_file()
    assert (tmp_path / "nlp" / "themes" / "model.npz").is_file()
    # spacy.load finds the factories through the spacy_factories entry point, without `import pipeline`
    code = ("import json, sys, spacy; nlp = spacy.load(sys.argv[1]); "
            "from pipeline.output.record import build_record; print(json.dumps(build_record(nlp(sys.argv[2]))))")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "nlp"), BYLINE],
                         capture_output=True, text=True, check=True).stdout
    import json

    assert json.loads(out) == build_record(nlp(BYLINE))


def test_a_saved_pipeline_built_on_model_folders_loads_after_they_are_gone(tmp_path):
    # the saved config names the theme folder and the names model it was built with; the saved copies
    # are what spacy.load must use, on another machine where those paths do not exist
    import shutil

    themes, names = tmp_path / "my-themes", tmp_path / "my-names.crfsuite"
    shutil.copytree(ROOT / "models" / "themes", themes)
    shutil.copyfile(ROOT / "models" / "ner" / "names-crf-stacked.crfsuite", names)
    built = pipeline.load(**{"components.themes.model_dir": str(themes), "components.names.model_path": str(names)})
    built.to_disk(tmp_path / "nlp")
    shutil.rmtree(themes)
    names.unlink()
    loaded = spacy.load(tmp_path / "nlp")
    assert build_record(loaded(TEXT)) == build_record(built(TEXT))
    with pytest.raises(ValueError, match="no theme model at"):
        pipeline.load(**{"components.themes.model_dir": str(themes)})   # built from the config alone: refused
    with pytest.raises(FileNotFoundError, match="NER model not found"):
        pipeline.load(**{"components.names.model_path": str(names)})


def test_pipe_with_two_processes_equals_one(nlp):
    texts = [TEXT, BYLINE, TEXT[:400]]
    one = [build_record(d) for d in nlp.pipe(texts)]
    two = [build_record(d) for d in nlp.pipe(texts, n_process=2, batch_size=1)]
    assert one == two


def test_add_pipe_defaults_equal_the_shipped_config():
    """Every factory's default_config is the shipped behaviour: config.cfg overrides nothing."""
    shipped = pipeline.load()
    nlp = pipeline.load(exclude=tuple(shipped.pipe_names))
    for name in shipped.pipe_names:
        nlp.add_pipe(name)
    assert nlp.pipe_names == shipped.pipe_names
    for text in (TEXT, BYLINE):
        assert build_record(nlp(text)) == build_record(shipped(text))
    for name in shipped.pipe_names:
        assert nlp.get_pipe_config(name) == shipped.get_pipe_config(name)


def test_components_declare_what_they_assign(nlp):
    analysis = nlp.analyze_pipes()
    assert analysis["problems"] == {name: [] for name in nlp.pipe_names}
    assert "doc.ents" in analysis["summary"]["names"]["assigns"]
    assert "doc.cats" in analysis["summary"]["themes"]["assigns"]
