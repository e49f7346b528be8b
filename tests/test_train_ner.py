"""`vnmonitor train-ner` on a tiny standoff store written for these tests: it trains both CRFs, the
models load and tag, and dev gold, frozen-sample and shipped-folder mistakes are refused before any work."""
from __future__ import annotations

import hashlib
import json

import pytest
from click.testing import CliRunner

import pipeline
from pipeline.cli import main
from pipeline.entities import crf_file, training
from pipeline.entities.ner_model import load_model
from pipeline.entities.rules import default_tagger

# (text, [(surface, label), ...]): every mention of each surface is annotated
DOCS = [
    ("Chủ tịch UBND tỉnh Quảng Nam Lê Văn Thanh đã đến thăm huyện Núi Thành. Ông Thanh làm việc với Sở Y tế.",
     [("Chủ tịch", "TITLE"), ("UBND tỉnh Quảng Nam", "ORG"), ("Lê Văn Thanh", "PERSON"),
      ("huyện Núi Thành", "LOC"), ("Thanh", "PERSON"), ("Sở Y tế", "ORG")]),
    ("Bộ trưởng Bộ Tài chính Nguyễn Minh Tâm phát biểu tại Hà Nội ngày 5/3/2019.",
     [("Bộ trưởng", "TITLE"), ("Bộ Tài chính", "ORG"), ("Nguyễn Minh Tâm", "PERSON"), ("Hà Nội", "LOC"),
      ("ngày 5/3/2019", "DATE")]),
    ("Giám đốc Công an tỉnh Bình Định Trần Quốc Bảo cho biết vụ việc xảy ra ở xã Phước Sơn.",
     [("Giám đốc", "TITLE"), ("Công an tỉnh Bình Định", "ORG"), ("Trần Quốc Bảo", "PERSON"),
      ("xã Phước Sơn", "LOC")]),
    ("Ông Phạm Văn Hùng, Phó Chủ tịch HĐND thành phố Đà Nẵng, đã ký quyết định sáng nay.",
     [("Phạm Văn Hùng", "PERSON"), ("Phó Chủ tịch", "TITLE"), ("HĐND thành phố Đà Nẵng", "ORG")]),
    ("Thủ tướng Đặng Hoài Nam tiếp Đại sứ Nhật Bản tại trụ sở Chính phủ ở Hà Nội.",
     [("Thủ tướng", "TITLE"), ("Đặng Hoài Nam", "PERSON"), ("Đại sứ", "TITLE"), ("Nhật Bản", "LOC"),
      ("Chính phủ", "ORG"), ("Hà Nội", "LOC")]),
    ("Bà Võ Thị Mai, Giám đốc Sở Giáo dục và Đào tạo tỉnh Long An, kiểm tra trường học ở huyện Cần Đước.",
     [("Võ Thị Mai", "PERSON"), ("Giám đốc", "TITLE"), ("Sở Giáo dục và Đào tạo tỉnh Long An", "ORG"),
      ("huyện Cần Đước", "LOC")]),
    ("Trung tá Lý Minh Đức, Trưởng Công an huyện Châu Thành, báo cáo với UBND tỉnh Tiền Giang.",
     [("Trung tá", "TITLE"), ("Lý Minh Đức", "PERSON"), ("Trưởng Công an huyện Châu Thành", None),
      ("UBND tỉnh Tiền Giang", "ORG")]),
    ("Chủ tịch nước Hoàng Gia Bảo dự lễ khai giảng tại Đại học Quốc gia Hà Nội cùng hiệu trưởng Đỗ Văn Long.",
     [("Chủ tịch nước", "TITLE"), ("Hoàng Gia Bảo", "PERSON"), ("Đại học Quốc gia Hà Nội", "ORG"),
      ("Đỗ Văn Long", "PERSON")]),
    ("Phó Giám đốc Sở Tài chính tỉnh Nghệ An Hồ Thị Lan cho biết ngân sách tăng 12%.",
     [("Phó Giám đốc", "TITLE"), ("Sở Tài chính tỉnh Nghệ An", "ORG"), ("Hồ Thị Lan", "PERSON"),
      ("12%", "PERCENT")]),
]
# the unit after a fused title, annotated as ANNOTATION.md draws it: TITLE "Trưởng", ORG "Công an huyện Châu Thành"
SPLIT = {"Trưởng Công an huyện Châu Thành": [("Trưởng", "TITLE"), ("Công an huyện Châu Thành", "ORG")]}


def _entities(text, spec):
    """Every mention of each surface, longest surfaces first, without overlaps."""
    pairs = [p for surface, label in spec for p in SPLIT.get(surface, [(surface, label)])]
    out = []
    for surface, label in sorted(pairs, key=lambda p: -len(p[0])):
        start = text.find(surface)
        while start != -1:
            end = start + len(surface)
            if not any(e["start"] < end and start < e["end"] for e in out):
                out.append({"start": start, "end": end, "label": label})
            start = text.find(surface, end)
    return sorted(out, key=lambda e: e["start"])


@pytest.fixture
def store(tmp_path):
    """A corpus of the documents above and a standoff file annotating each whole, as in corpora/ner/."""
    corpora = tmp_path / "corpora"
    corpora.mkdir()
    records, annotations = [], []
    for n, (text, spec) in enumerate(DOCS, 1):
        doc_id = f"viet-{n}"
        records.append({"id": doc_id, "text": text})
        annotations.append({"corpus": "viet-tests", "doc": doc_id, "start": 0, "end": len(text),
                            "sha1": hashlib.sha1(text.encode()).hexdigest()[:10],
                            "entities": _entities(text, spec)})
    (corpora / "viet-tests.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                              encoding="utf-8")
    path = tmp_path / "annotations.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in annotations), encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "gold-doc", "text": "Văn bản khác."}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return {"annotations": path, "corpora": corpora, "gold": gold, "records": annotations, "tmp": tmp_path}


@pytest.fixture(autouse=True)
def no_frozen_sample(monkeypatch, tmp_path):
    """The store's documents are nobody's frozen sample; the real sample's ids are tested apart."""
    monkeypatch.setattr(training, "frozen_files", lambda: (tmp_path / "no-frozen.jsonl",))


@pytest.fixture(autouse=True)
def shipped(monkeypatch, tmp_path):
    """The shipped model folder swapped for a temporary one: a regression overwrites nothing real."""
    folder = tmp_path / "pkg" / "models" / "ner"
    folder.mkdir(parents=True)
    (folder / "names-crf.crfsuite").write_bytes(b"the shipped model")
    monkeypatch.setattr(training, "ner_model_file",
                        lambda stacked=False: folder / ("names-crf-stacked.crfsuite" if stacked else "names-crf.crfsuite"))
    return folder


def _train(store, out, *extra):
    args = ["train-ner", "--annotations", str(store["annotations"]), "--corpora", str(store["corpora"]),
            "--gold", str(store["gold"]), "--out", str(out), "--max-iter", "60", "--holdout", "0.25", *extra]
    return CliRunner().invoke(main, args)


def test_train_ner_trains_both_models_that_load_and_tag(store):
    out = store["tmp"] / "model"
    result = _train(store, out)
    assert result.exit_code == 0, result.output
    card = json.loads((out / "names-crf.json").read_text(encoding="utf-8"))
    held = [r for r in store["records"] if training.is_holdout(r["doc"], 0.25)]
    assert 0 < len(held) < len(DOCS)        # the split leaves something on each side
    assert card["hand_regions_train"] == len(DOCS) - len(held)
    assert card["hand_regions_heldout"] == len(held)
    assert set(card["heldout_strict_f1"]) == {"rules", "model", "merge", "both"}

    nlp = pipeline.load(exclude=("names", "officials", "themes"))
    train_text, train_spec = DOCS[2]
    assert not training.is_holdout("viet-3", 0.25)
    doc = nlp.make_doc(train_text)
    plain = load_model(out / "names-crf.crfsuite")
    found = {(e.label, e.text) for e in plain.predict_doc(doc, [], default_tagger())}
    assert ("PERSON", "Trần Quốc Bảo") in found and ("ORG", "Công an tỉnh Bình Định") in found
    # the files keep only the attributes a feature reads (crf_file.prune ran after training)
    for name in ("names-crf.crfsuite", "names-crf-stacked.crfsuite"):
        model = crf_file.read_model(out / name)
        assert crf_file.used_attributes(model) == list(range(len(model.attributes)))

    stacked_nlp = pipeline.load(exclude=("themes",),
                                **{"components.names.model_path": str(out / "names-crf-stacked.crfsuite")})
    text = "Phó Chủ tịch UBND tỉnh Quảng Ngãi Đinh Văn Tài làm việc với Sở Y tế tại huyện Sơn Tịnh."
    rec = pipeline.analyze(text, stacked_nlp)
    assert all(text[e["start"]:e["end"]] == e["text"] for e in rec["entities"])
    assert ("PERSON", "Đinh Văn Tài") in {(e["label"], e["text"]) for e in rec["entities"]}


def test_skip_plain_keeps_the_plain_model(store):
    out = store["tmp"] / "model"
    result = _train(store, out, "--skip-plain")
    assert result.exit_code == 1 and "does not exist" in result.output     # nothing to keep yet
    assert not out.exists()
    assert _train(store, out, "--holdout", "0").exit_code == 0
    plain = (out / "names-crf.crfsuite").read_bytes()
    (out / "names-crf-stacked.crfsuite").write_bytes(b"to be replaced")
    result = _train(store, out, "--skip-plain")
    assert result.exit_code == 0, result.output
    assert (out / "names-crf.crfsuite").read_bytes() == plain
    load_model(out / "names-crf-stacked.crfsuite", stacked=True)     # a model again, not the bytes above


def _write_annotations(store, records):
    store["annotations"].write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                    encoding="utf-8")


def test_a_dev_gold_document_is_refused(store):
    records = [dict(store["records"][0], doc="gold-doc"), *store["records"][1:]]
    _write_annotations(store, records)
    out = store["tmp"] / "model"
    result = _train(store, out)
    assert result.exit_code == 1
    assert "gold-doc" in result.output and "dev gold" in result.output
    assert not out.exists()


def test_a_frozen_sample_document_is_refused(store, monkeypatch):
    frozen = store["tmp"] / "sample.jsonl"
    frozen.write_text(json.dumps({"corpus": "viet-tests", "doc": "viet-4"}) + "\n", encoding="utf-8")
    monkeypatch.setattr(training, "frozen_files", lambda: (frozen,))
    out = store["tmp"] / "model"
    result = _train(store, out)
    assert result.exit_code == 1
    assert "viet-4" in result.output and "frozen-sample" in result.output
    assert not out.exists()


def test_the_shipped_folder_is_refused_unless_named(store, shipped):
    result = _train(store, shipped)
    assert result.exit_code == 2 and "--overwrite-shipped" in result.output
    assert (shipped / "names-crf.crfsuite").read_bytes() == b"the shipped model"


def test_a_changed_or_missing_text_is_refused(store):
    records = [dict(store["records"][0], sha1="0000000000"), *store["records"][1:]]
    with pytest.raises(training.TrainingError, match="differs"):
        _write_annotations(store, records)
        training.read_regions(store["annotations"], store["corpora"], {})
    _write_annotations(store, [dict(store["records"][0], doc="viet-99")])
    with pytest.raises(training.TrainingError, match="not in viet-tests"):
        training.read_regions(store["annotations"], store["corpora"], {})


def test_the_real_frozen_sample_and_dev_gold_are_forbidden_by_default(monkeypatch):
    monkeypatch.undo()     # the real frozen_files, not the fixture's
    sample, annotations, *heldout = training.frozen_files()
    if not sample.is_file():
        pytest.skip("no frozen sample in this checkout")
    forbidden = training.forbidden_documents()
    for path in (sample, *heldout):   # the frozen sample and the held-out NER batches
        ids = {json.loads(line)["doc"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
        assert ids and ids <= set(forbidden)
    gold = training.default_gold()
    if gold.is_file():
        gold_ids = {json.loads(line)["id"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()}
        assert gold_ids <= set(forbidden)


def test_headlines_in_capitals_keep_their_entities_and_offsets():
    text = "Bộ trưởng Lê Văn Nam thăm Đà Nẵng\nÔng Nam làm việc với Sở Y tế."
    ents = [{"start": 0, "end": 9, "label": "TITLE"}, {"start": 10, "end": 20, "label": "PERSON"},
            {"start": 26, "end": 33, "label": "LOC"}, {"start": 38, "end": 41, "label": "PERSON"}]
    (upper, kept), = training.caps_headlines([(text, ents)], share=1.0)
    assert upper == "BỘ TRƯỞNG LÊ VĂN NAM THĂM ĐÀ NẴNG"
    assert [upper[e["start"]:e["end"]] for e in kept] == ["BỘ TRƯỞNG", "LÊ VĂN NAM", "ĐÀ NẴNG"]
    assert training.caps_headlines([(text, ents)], share=0.0) == []
    # a share picks the same regions on every run, and about that share of them
    items = [(f"Tin số {k} về Hà Nội", []) for k in range(400)]
    picked = training.caps_headlines(items, share=0.3)
    assert picked == training.caps_headlines(items, share=0.3) and 80 < len(picked) < 160


def test_the_held_out_batches_are_unchanged_since_they_were_scored():
    import hashlib

    files = training.heldout_ner_files()
    assert [f.name for f in files] == ["heldout-ninth.jsonl", "heldout-twelfth.jsonl"]
    for path in files:
        expected = path.with_suffix(".sha256").read_text(encoding="utf-8").split()[0]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == expected, path.name


def test_word_pairs_seen_once_are_dropped_before_training_the_rest_kept():
    pair = "w[-1]|w="
    X = [[["w=phó", "shape=title"], ["w=ban", pair + "phó|ban", "lex=B-TITLE"]],
         [["w=phó"], ["w=ban", pair + "phó|ban"], ["w=x", pair + "ban|x", "shape=lower"]]]
    assert training.drop_rare_pairs(X) == 1
    assert X[1][2] == ["w=x", "shape=lower"]                 # the pair seen once is gone, nothing else
    assert X[0][1] == ["w=ban", pair + "phó|ban", "lex=B-TITLE"] and X[1][1] == ["w=ban", pair + "phó|ban"]
    assert training.drop_rare_pairs(X, min_count=3) == 1 and all(not f.startswith(pair) for s in X for t in s for f in t)


def test_train_ner_learns_from_every_annotation_file_given(store):
    """Two --annotations files (the random regions and the title-rich draw, by default) are one
    training set; the card names them."""
    lines = store["annotations"].read_text(encoding="utf-8").splitlines(keepends=True)
    first, second = store["tmp"] / "first.jsonl", store["tmp"] / "second.jsonl"
    first.write_text("".join(lines[:5]), encoding="utf-8")
    second.write_text("".join(lines[5:]), encoding="utf-8")
    out = store["tmp"] / "two"
    args = ["train-ner", "--annotations", str(first), "--annotations", str(second), "--corpora", str(store["corpora"]),
            "--gold", str(store["gold"]), "--out", str(out), "--max-iter", "20", "--holdout", "0"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    card = json.loads((out / "names-crf.json").read_text(encoding="utf-8"))
    assert card["hand_regions_train"] == len(DOCS)
    assert card["annotations"] == ["first.jsonl", "second.jsonl"]
    assert [p.name for p in training.default_training_files()] == ["annotations.jsonl", "title-rich.jsonl"]
