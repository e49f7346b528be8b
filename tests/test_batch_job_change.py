"""A refused resume names what changed (issue 10, item 15): no pipeline load, no batch run."""
import copy
import json

import pytest

from pipeline import batch
from pipeline.io.readers import InputError

JOB = {"format": 1, "inputs": [{"path": "/data/a.jsonl", "size": 123, "mtime_ns": 5},
                               {"path": "/data/b.csv", "size": 9, "mtime_ns": 6}],
       "fields": {"text": "text", "id": "id", "date": "date"}, "chunk_size": 32, "max_chars": 100000,
       "date_window": None, "pipeline": "0123456789abcdef"}


def _changed(**edits):
    job = copy.deepcopy(JOB)
    for path, value in edits.items():
        *parents, key = path.split("__")
        node = job
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[key] = value
    return job


@pytest.mark.parametrize("edits, expected", [
    ({"inputs__0__size": 456}, ["inputs[0] (/data/a.jsonl) size 123 -> 456"]),
    ({"chunk_size": 64}, ["chunk_size 32 -> 64"]),
    ({"date_window": "2017"}, ['date_window null -> "2017"']),
    ({"fields__text": "body"}, ['fields text "text" -> "body"']),
    ({"pipeline": "fedcba9876543210"}, ["pipeline fingerprint (code, config, models, lexicons or library versions)"]),
    ({"inputs__1__path": "/data/c.csv"}, ['inputs[1] path "/data/b.csv" -> "/data/c.csv"']),
    ({"inputs__1__mtime_ns": 7, "chunk_size": 16}, ["inputs[1] (/data/b.csv) mtime_ns 6 -> 7", "chunk_size 32 -> 16"]),
])
def test_each_difference_is_named(edits, expected):
    text = batch.describe_job_change(JOB, _changed(**edits))
    assert text.split("; ") == expected
    assert "0123456789abcdef" not in text


def test_added_removed_and_many_changes():
    more = copy.deepcopy(JOB)
    more["inputs"].append({"path": "/data/new.jsonl", "size": 1, "mtime_ns": 1})
    assert batch.describe_job_change(JOB, more) == 'inputs[2] added ("/data/new.jsonl")'
    assert batch.describe_job_change(more, JOB) == 'inputs[2] removed (was "/data/new.jsonl")'
    fewer = {k: v for k, v in JOB.items() if k != "max_chars"}
    assert batch.describe_job_change(JOB, fewer) == "max_chars removed (was 100000)"
    many = _changed(chunk_size=1, max_chars=2, date_window="2017", format=2, fields={}, pipeline="x")
    text = batch.describe_job_change(JOB, many, limit=3)
    assert text.endswith("and 5 more") and text.count(";") == 3


def test_a_refused_resume_says_which_input_changed(tmp_path):
    data = tmp_path / "archive.jsonl"
    data.write_text('{"id": "a", "text": "Một câu."}\n', encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    opts = batch.BatchOptions(inputs=[str(data)], out=out, chunk_size=5)
    batch._read_manifest(out, opts.job())                   # the first run writes the manifest
    before = data.stat().st_size
    data.write_text('{"id": "a", "text": "Một câu dài hơn."}\n', encoding="utf-8")
    after = data.stat().st_size
    with pytest.raises(InputError, match=rf"different job: .*archive.jsonl changed \(size {before} -> {after}"
                       ) as info:
        batch._read_manifest(out, opts.job())
    assert "--restart" in str(info.value)
    opts.chunk_size = 4
    with pytest.raises(InputError, match="chunk_size 5 -> 4"):
        batch._read_manifest(out, opts.job())
    (out / batch.MANIFEST).write_text("{not json")
    with pytest.raises(InputError, match="manifest is unreadable"):
        batch._read_manifest(out, opts.job())
    assert json.loads(json.dumps(opts.job()))  # still a plain JSON job
