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
