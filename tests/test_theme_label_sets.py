"""The theme label files keep their evaluation sets apart from the training sets."""
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
THEMES = ROOT / "corpora" / "themes"
FROZEN = ROOT / "corpora" / "frozen"


def _docs(path: Path) -> set[str]:
    return {json.loads(line)["doc"] for line in path.open(encoding="utf-8") if line.strip()}


def _training_docs() -> set[str]:
    files = [p for p in THEMES.glob("sentences-*.jsonl") if "second" not in p.name]
    assert files, "no sentence label files"
    return set().union(*(_docs(p) for p in files))


@pytest.mark.parametrize("name", ["sample.jsonl", "annotations.jsonl", "themes-cue.jsonl"])
def test_no_frozen_document_is_theme_training_data(name):
    assert not _training_docs() & _docs(FROZEN / name)


def test_the_held_out_draws_are_not_theme_training_data():
    draws = sorted(THEMES.glob("heldout-draw-*.jsonl"))
    assert draws, "the held-out random draw of session 27 is missing"
    for path in draws:
        held = _docs(path)
        assert len(held) >= 100
        assert not _training_docs() & held


@pytest.mark.parametrize("name", sorted(p.name for p in THEMES.glob("unmerged-*.jsonl")))
def test_labels_kept_for_a_later_training_hold_no_evaluation_document(name):
    """The unmerged label files (read, not trained on yet) may join the training data any day: none of
    their documents is a frozen-sample or held-out-draw document."""
    kept = _docs(THEMES / name)
    assert kept
    evaluation = set().union(*(_docs(FROZEN / f) for f in ("sample.jsonl", "annotations.jsonl", "themes-cue.jsonl")),
                             *(_docs(p) for p in THEMES.glob("heldout-draw-*.jsonl")))
    assert not kept & evaluation


def test_a_held_out_draw_is_refused_by_the_labelling_tool():
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from common import annotation

    draw = sorted(THEMES.glob("heldout-draw-*.jsonl"))[0]
    assert _docs(draw) <= annotation.frozen_ids()
    assert not _docs(draw) & annotation.frozen_ids(themes=False)


def test_the_topics_read_no_evaluation_document(tmp_path):
    """The roll-up's topics are learned from the unlabelled archive: every frozen, held-out and dev
    document is left out of it, like any other training step."""
    from pipeline.themes.training import data

    ids = data.evaluation_ids()
    for path in [FROZEN / "sample.jsonl", FROZEN / "themes-cue.jsonl", *THEMES.glob("heldout-draw-*.jsonl"),
                 *(ROOT / "corpora" / "ner").glob("heldout-*.jsonl")]:
        assert _docs(path) <= ids, path
    held = sorted(_docs(FROZEN / "sample.jsonl"))[0]
    corpus = tmp_path / "mini.jsonl"
    corpus.write_text("\n".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in
                                [(held, "Bài của mẫu đóng băng."), ("khac-1", "Một Bài Khác."), ("khac-2", "  ")]),
                      encoding="utf-8")
    assert data.archive_texts(tmp_path, ["mini"], exclude=ids) == ["một bài khác."]
    assert data.archive_texts(tmp_path, ["missing"], exclude=ids) == []


def _label_records() -> dict[str, dict]:
    files = [p for p in THEMES.glob("sentences-*.jsonl") if "second" not in p.name]
    files += sorted(THEMES.glob("heldout-draw-*.jsonl"))
    return {r["doc"]: r for p in files for r in map(json.loads, p.open(encoding="utf-8")) if r}


@pytest.mark.parametrize("name", sorted(p.name for p in THEMES.glob("reread-*.tsv") if not p.stem.endswith("-second")))
def test_a_theme_read_again_is_what_the_label_files_carry(name):
    """A blind re-reading of one theme replaced that theme's labels: each (document, theme) it read
    carries exactly the sentences it listed, and every re-read's filings decide the document's but the
    weak themes' (those also went through doc-decisions.tsv, so only sentences)."""
    records = _label_records()
    rows = [line.rstrip("\n").split("\t") for line in (THEMES / name).open(encoding="utf-8")
            if line.strip() and not line.startswith("#")]
    assert len(rows) > 120
    for doc, theme, decision, sentences in rows:
        record = records[doc]
        listed = {int(n) for n in sentences.split(",") if n}
        carried = {n for n, s in enumerate(record["sentences"], 1) if theme in s["themes"]}
        assert carried == listed, (doc, theme)
        if name != "reread-weak-themes.tsv":
            assert (theme in record["themes"]) == (decision == "FILE"), (doc, theme)


def test_the_administrative_sets_are_well_formed_and_kept_out_of_training():
    """The written administrative documents (our text, inline) and the labels of the 46 reference
    documents (standoff): spans inside their texts, themes of the taxonomy; the reference ones are
    evaluation documents, and the written ones are no `written-*` training file."""
    import yaml

    from pipeline.themes.training.data import default_files, evaluation_ids

    known = {t["id"] for t in yaml.safe_load((ROOT / "models" / "themes" / "themes.yaml").read_text(
        encoding="utf-8"))["themes"]}
    written = [json.loads(line) for line in (THEMES / "admin-written.jsonl").open(encoding="utf-8")]
    long_written = [json.loads(line) for line in (THEMES / "admin-long-written.jsonl").open(encoding="utf-8")]
    assert len(written) >= 70 and len(long_written) == 12
    assert all(len(r["sentences"]) >= 150 for r in long_written)
    for r in written + long_written:
        assert all(0 <= s["start"] < s["end"] <= len(r["text"]) for s in r["sentences"])
        assert set(r["themes"]) | {t for s in r["sentences"] for t in s["themes"]} <= known
    reference = [json.loads(line) for line in (THEMES / "heldout-admin.jsonl").open(encoding="utf-8")]
    assert len(reference) == 46 and sum("sentences" in r for r in reference) == 20
    assert all(set(r["themes"]) <= known and len(r["sha1"]) == 10 for r in reference)
    assert {r["id"] for r in reference} <= evaluation_ids()
    assert THEMES / "admin-written.jsonl" not in default_files("written-*.jsonl")
    assert THEMES / "admin-long-written.jsonl" not in default_files("written-*.jsonl")
