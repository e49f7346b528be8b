"""`train-themes` never writes into the shipped model unless told to by name (issue 10, item 15).

The shipped folder is swapped for a temporary one, so that a regression
overwrites nothing real.
"""
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.themes import store
from pipeline.themes.training.data import DataError
from pipeline.themes.training.train import train_from_files

TAXONOMY = {"version": 1, "themes": [
    {"id": "bong_da", "name": "Bóng đá", "description": "Trận đấu, cầu thủ.", "cues": ["bóng đá", "cầu thủ"],
     "examples": ["Cầu thủ trẻ ghi bàn thắng cho đội bóng đá của tỉnh.",
                  "Giải bóng đá học sinh thu hút nhiều đội tham gia."]},
    {"id": "thoi_tiet", "name": "Thời tiết", "description": "Mưa, nắng, nhiệt độ.", "cues": ["mưa lớn", "nhiệt độ"],
     "examples": ["Mưa lớn kéo dài khiến nhiều tuyến đường ngập sâu.",
                  "Nắng nóng gay gắt, nhiệt độ ngoài trời vượt bốn mươi độ."]},
]}


@pytest.fixture
def shipped(tmp_path, monkeypatch):
    folder = tmp_path / "pkg" / "models" / "themes"
    folder.mkdir(parents=True)
    (folder / "model.npz").write_bytes(b"the shipped model")
    monkeypatch.setattr(store, "DEFAULT_MODEL_DIR", folder)
    return folder


@pytest.fixture
def taxonomy(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(TAXONOMY, allow_unicode=True), encoding="utf-8")
    return path


def _train(taxonomy, *args):
    return CliRunner().invoke(main, ["train-themes", "--taxonomy", str(taxonomy), "--labels", "none", *args])


def _untouched(folder: Path):
    return sorted(p.name for p in folder.iterdir()) == ["model.npz"] and \
        (folder / "model.npz").read_bytes() == b"the shipped model"


def test_without_out_nothing_is_trained_or_written(shipped, taxonomy):
    result = _train(taxonomy)
    assert result.exit_code == 2
    assert "--out" in result.output and "Traceback" not in result.output
    assert _untouched(shipped)


@pytest.mark.parametrize("spelling", ["{shipped}", "{shipped}/", "{shipped}/../themes"])
def test_out_resolving_to_the_shipped_model_is_refused(shipped, taxonomy, spelling):
    result = _train(taxonomy, "--out", spelling.format(shipped=shipped))
    assert result.exit_code == 2
    assert "shipped" in result.output and "--overwrite-shipped" in result.output
    assert _untouched(shipped)


def test_overwrite_shipped_replaces_it_when_asked(shipped, taxonomy):
    result = _train(taxonomy, "--out", str(shipped), "--overwrite-shipped")
    assert result.exit_code == 0, result.output
    assert (shipped / "model.npz").read_bytes() != b"the shipped model"
    assert (shipped / "MODEL_CARD.md").exists()


def test_the_library_needs_an_out_dir_too(shipped, taxonomy):
    with pytest.raises(DataError, match="no output folder"):
        train_from_files(taxonomy, label_files=[], doc_files=[])
    with pytest.raises(DataError, match="shipped"):
        train_from_files(taxonomy, label_files=[], doc_files=[], out_dir=shipped)
    assert _untouched(shipped)


def test_a_missing_corpus_file_says_where_the_corpora_live(monkeypatch, tmp_path):
    from pipeline import resources

    missing = tmp_path / "corpora" / "ner" / "officials.jsonl"
    assert resources.missing_file(missing) == f"{missing}: no such file"
    monkeypatch.setattr(resources, "checkout_root", lambda: None)   # an installed package
    assert "ship with the repository, not with the installed package" in resources.missing_file(missing)


def test_analyze_and_batch_run_a_trained_theme_model(taxonomy, tmp_path):
    import pyarrow.parquet as pq

    model = tmp_path / "weather"
    assert _train(taxonomy, "--out", str(model)).exit_code == 0
    text = "Mưa lớn kéo dài khiến nhiều tuyến đường ngập sâu, nhiệt độ giảm mạnh."
    out = CliRunner().invoke(main, ["analyze", "-", "--themes-model", str(model), "--format", "text"], input=text)
    assert out.exit_code == 0 and "themes: Thời tiết" in out.output, out.output
    (tmp_path / "w.txt").write_text(text, encoding="utf-8")
    run = ["batch", str(tmp_path / "w.txt"), "--out", str(tmp_path / "out"), "--workers", "1"]
    assert CliRunner().invoke(main, [*run, "--themes-model", str(model)]).exit_code == 0
    assert [t["id"] for t in pq.read_table(tmp_path / "out" / "themes.parquet").to_pylist()] == ["bong_da", "thoi_tiet"]
    assert [t["id"] for t in json.loads((tmp_path / "out" / "documents.jsonl").read_text())["themes"]] == ["thoi_tiet"]
    refused = CliRunner().invoke(main, run)   # the shipped model on the same folder: another job
    assert refused.exit_code == 1 and "themes_model" in refused.output
    empty = CliRunner().invoke(main, [*run, "--out", str(tmp_path / "o2"), "--themes-model", str(tmp_path)])
    assert empty.exit_code == 1 and "no theme model" in empty.output
