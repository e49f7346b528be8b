"""`batch --summary-json`: the run's outcome for a scheduler, as JSON (issue 10, item 17)."""
import json

import pytest
from click.testing import CliRunner

from pipeline import batch
from pipeline.cli import main

from batch_fixtures import synthetic_records, write_archive

KEYS = {"documents", "succeeded", "failed", "chunks", "chunks_reused", "seconds", "rows", "exit_code", "out",
        "already_finished"}


def test_summary_to_dict_is_plain_json():
    summary = batch.Summary(documents=5, succeeded=4, failed=1, chunks=2, chunks_reused=1, seconds=1.23456,
                            rows={"documents": 4}, peak_rss_mb={"h:1": 300.0})
    data = json.loads(json.dumps(summary.to_dict()))
    assert data == {"documents": 5, "succeeded": 4, "failed": 1, "chunks": 2, "chunks_reused": 1,
                    "seconds": 1.235, "rows": {"documents": 4}, "exit_code": batch.EXIT_SOME_FAILED,
                    "already_finished": False}


def test_the_line_of_a_grown_job_says_its_rate_is_of_the_documents_analysed_now():
    """"9 documents ... (0.2 docs/s)" read as a slow run: one new document took the run's five seconds."""
    grown = batch.Summary(documents=9, succeeded=9, chunks=2, chunks_reused=1, reused_docs=8, seconds=5.0)
    assert grown.line().endswith("in 5.0s (1 analysed in this run, 0.2 docs/s)")
    fresh = batch.Summary(documents=9, succeeded=9, chunks=2, seconds=3.0)
    assert fresh.line().endswith("in 3.0s (3.0 docs/s)")


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    path = tmp_path_factory.mktemp("in") / "in.jsonl"
    return write_archive(path, synthetic_records(3), ['{"id": "no-text"}'])


def test_summary_json_to_a_file_then_to_stdout(archive, tmp_path, nlp):
    out = tmp_path / "o"
    args = ["batch", str(archive), "--out", str(out), "--workers", "1", "--no-progress", "--chunk-size", "2"]
    result = CliRunner().invoke(main, args + ["--summary-json", str(tmp_path / "s.json")])
    assert result.exit_code == 3, result.output
    first = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert set(first) == KEYS
    assert (first["documents"], first["succeeded"], first["failed"], first["chunks"]) == (4, 3, 1, 2)
    assert first["exit_code"] == 3 and first["already_finished"] is False and first["chunks_reused"] == 0
    assert first["out"] == str(out.resolve()) and first["rows"]["documents"] == 3 and first["seconds"] > 0
    assert not list(tmp_path.glob("*.tmp"))

    again = CliRunner().invoke(main, args + ["--summary-json", "-"])
    assert again.exit_code == 3
    second = json.loads(again.stdout)          # stdout holds the JSON object alone; the line stays on stderr
    assert second["already_finished"] is True and second["chunks_reused"] == 2
    assert {k: second[k] for k in ("documents", "succeeded", "failed", "rows")} == \
        {k: first[k] for k in ("documents", "succeeded", "failed", "rows")}


def test_an_unwritable_summary_file_is_one_line(archive, tmp_path, nlp):
    args = ["batch", str(archive), "--out", str(tmp_path / "o"), "--workers", "1", "--no-progress",
            "--summary-json", str(tmp_path / "missing-dir" / "s.json")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and "s.json" in result.output and "Traceback" not in result.output


def test_a_run_that_cannot_start_still_writes_its_summary(tmp_path):
    (tmp_path / "a.txt").write_text("Sở Tài chính họp.", encoding="utf-8")
    summary = tmp_path / "summary.json"
    result = CliRunner().invoke(main, ["batch", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"),
                                       "--engine", "dask", "--summary-json", str(summary)])
    assert result.exit_code == 1
    written = json.loads(summary.read_text(encoding="utf-8"))
    assert written["exit_code"] == 1 and "--scheduler" in written["error"]
