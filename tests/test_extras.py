"""A feature whose optional dependency is missing says, in one line, which extra to install.

The missing package is simulated: its import raises ImportError, as it would
in an environment installed without the extra."""
from __future__ import annotations

import builtins
import importlib
import sys

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.extras import MissingExtra, require


@pytest.fixture
def without(monkeypatch):
    """without("psycopg") makes `import psycopg` (and its submodules) fail."""
    real_import = builtins.__import__
    real_module = importlib.import_module
    hidden = set()

    def blocked(name):
        return name.split(".")[0] in hidden

    def fake_import(name, *args, **kwargs):
        if blocked(name):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real_import(name, *args, **kwargs)

    def fake_module(name, package=None):
        if blocked(name):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real_module(name, package)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    monkeypatch.setattr(importlib, "import_module", fake_module)

    def hide(*names):
        hidden.update(names)
        for mod in list(sys.modules):
            if mod.split(".")[0] in names or mod == "pipeline.io.postgres":
                monkeypatch.delitem(sys.modules, mod)

    return hide


def test_require_names_the_extra(without):
    without("pypdf")
    with pytest.raises(MissingExtra, match=r"pip install 'vnmonitor\[docs\]'"):
        require("pypdf", "docs", "reading .pdf")


def _one_line_error(result, extra):
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and f"vnmonitor[{extra}]" in lines[0] and "Traceback" not in result.output, result.output


def test_batch_on_dask_without_the_extra(without, tmp_path):
    without("distributed", "dask")
    (tmp_path / "a.txt").write_text("Hà Nội.", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"),
                                       "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1"])
    _one_line_error(result, "dask")
    assert not (tmp_path / "out").exists()


def test_report_from_postgres_without_the_extra(without, tmp_path):
    without("psycopg")
    result = CliRunner().invoke(main, ["report", "--db", "postgresql://x@127.0.0.1/db", "--out",
                                       str(tmp_path / "r.html")])
    _one_line_error(result, "postgres")


def test_a_word_file_without_the_extra(without, tmp_path):
    without("docx")
    (tmp_path / "r.docx").write_bytes(b"PK\x03\x04")
    result = CliRunner().invoke(main, ["analyze", str(tmp_path / "r.docx")])
    # as for any document that cannot be read: its one error line, then the count
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "r.docx: reading .docx needs the optional dependency 'docx': pip install 'vnmonitor[docs]'" \
        in result.output.splitlines()[0]


def test_report_and_alerts_from_a_folder_need_no_postgres_extra(without, tmp_path, nlp):
    (tmp_path / "a.txt").write_text("Bộ trưởng Bộ Tài chính Nguyễn Văn An phát biểu ngày 12/9/2019.", encoding="utf-8")
    assert CliRunner().invoke(main, ["batch", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"),
                                     "--workers", "1"]).exit_code == 0
    without("psycopg")
    report = CliRunner().invoke(main, ["report", str(tmp_path / "out"), "--out", str(tmp_path / "r.html")])
    assert report.exit_code == 0, report.output
    assert "Nguyễn Văn An" in (tmp_path / "r.html").read_text(encoding="utf-8")
    alerts = CliRunner().invoke(main, ["alerts", str(tmp_path / "out")])
    assert alerts.exit_code == 0 and "psycopg" not in alerts.output, alerts.output
