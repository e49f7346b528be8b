"""The hand-annotated officials set (corpora/ner/officials.jsonl) is well formed: standoff only, every
official's spans agree with its values, and no region belongs to the dev gold or the frozen sample."""
import gzip
import hashlib
import json
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OFFICIALS = ROOT / "corpora" / "ner" / "officials.jsonl"
SECOND = ROOT / "corpora" / "ner" / "officials-second.jsonl"


def _records(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _norm(s):
    return " ".join(unicodedata.normalize("NFC", s).lower().split())


@pytest.mark.parametrize("path", [OFFICIALS, SECOND])
def test_records_are_standoff_with_spans_for_values(path):
    records = _records(path)
    assert records
    keys = set()
    for r in records:
        assert set(r) == {"corpus", "doc", "start", "end", "sha1", "section", "draw", "officials"}
        assert (r["doc"], r["start"]) not in keys
        keys.add((r["doc"], r["start"]))
        for o in r["officials"]:
            assert o["title"]
            for field in ("person", "title", "org"):
                span = o["spans"][field]
                assert (span is None) == (o[field] is None)
                if span:
                    assert r["start"] <= span[0] < span[1] <= r["end"]


def test_second_annotation_covers_regions_of_the_first():
    first = {(r["doc"], r["start"]) for r in _records(OFFICIALS)}
    second = {(r["doc"], r["start"]) for r in _records(SECOND)}
    assert second <= first and len(second) * 10 >= len(first)


def test_no_frozen_sample_document():
    frozen = {json.loads(line)["doc"] for line in (ROOT / "corpora" / "frozen" / "sample.jsonl").open(encoding="utf-8")
              if line.strip()}
    assert not {r["doc"] for r in _records(OFFICIALS)} & frozen


def test_spans_point_at_their_values(shared_dir):
    records = _records(OFFICIALS)
    gold = {json.loads(line)["id"] for line in (shared_dir / "gold" / "dev.jsonl").open(encoding="utf-8")
            if line.strip()}
    assert not {r["doc"] for r in records} & gold
    wanted = {r["doc"] for r in records}
    texts = {}
    for corpus in ("baomoi-2017", "dantri-2020"):
        with gzip.open(shared_dir / "corpora" / f"{corpus}.jsonl.gz", "rt", encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                if d["id"] in wanted:
                    texts[d["id"]] = d["text"]
    for r in records:
        text = texts[r["doc"]]
        assert hashlib.sha1(text[r["start"]:r["end"]].encode()).hexdigest()[:10] == r["sha1"]
        for o in r["officials"]:
            for field in ("person", "title", "org"):
                if o[field] is not None:
                    a, b = o["spans"][field]
                    assert _norm(text[a:b]) == _norm(o[field]), (r["doc"], field, text[a:b], o[field])


def test_the_draw_still_gives_the_sets_regions():
    """`common.officials.draw` (which `officials_annotate.py show/add` use) reproduces the 300 regions of
    the set, in order, however many batches joined annotations.jsonl since."""
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from common.officials import draw

    assert [(r["doc"], r["start"]) for r, _ in draw()] == [(r["doc"], r["start"]) for r in _records(OFFICIALS)]
