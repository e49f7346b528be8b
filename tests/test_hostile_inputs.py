"""Broken and hostile inputs: one bad record costs only itself, and nothing is lost on re-runs."""
import gzip
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import batch
from pipeline.io.readers import FieldMap, ReadOptions, iter_items

from batch_fixtures import read_jsonl, synthetic_records

GOOD = "Sở Tài chính tỉnh Bình An công bố số thu ngân sách quý I."


def _items(path, **kw):
    return list(iter_items(path, opts=ReadOptions(**kw)))


def _run(inputs, out, **kw):
    opts = batch.BatchOptions(inputs=[str(p) for p in inputs], out=out, workers=1, progress=False, **kw)
    return batch.run(opts)


# -- item 1: one bad byte in a CSV


def test_a_bad_byte_in_a_csv_row_costs_that_row_only(tmp_path):
    path = tmp_path / "in.csv"
    rows = [b"id,text\n"] + [f"r{i},{GOOD} Dòng {i}.\n".encode() for i in range(200)]
    rows[100] = rows[100].replace(" Dòng".encode(), b" D\xffng")      # row r99, on line 101
    path.write_bytes(b"".join(rows))
    items = _items(path)
    ok = [i.meta["id"] for i in items if not i.problem]
    bad = [i for i in items if i.problem]
    assert ok == [f"r{i}" for i in range(200) if i != 99]
    assert len(bad) == 1 and bad[0].where == f"{path}:101" and "UTF-8" in bad[0].problem


# -- items 2, 3, 18: poison JSON lines


@pytest.mark.parametrize("line, reason", [
    ('{"id": "bad", "title": "x\\ud800y", "text": "%s"}' % GOOD, "lone surrogate"),
    ('{"id": "bad", "text": "x\\udfffy %s"}' % GOOD, "lone surrogate"),
    ('{"id": "bad", "text": "\\ud800\\ud800 ab"}', "lone surrogate"),   # mostly surrogates: not "binary"
    ('{"id": "a\\u0000b", "text": "%s"}' % GOOD, "NUL"),
    ('{"id": [1, 2], "text": "%s"}' % GOOD, "'id' is a list"),
    ('{"id": "x", "title": {"a": 1}, "text": "%s"}' % GOOD, "'title' is a dict"),
    ('{"id": "x", "source": true, "text": "%s"}' % GOOD, "'source' is a bool"),
    ("[" * 100_000, "nested too deeply"),
    ('{"id": "x", "n": %s, "text": "%s"}' % ("9" * 5000, GOOD), "a number of more than 4,300 digits at column 18"),
])
def test_a_poison_jsonl_line_is_reported_and_the_rest_read(tmp_path, line, reason):
    path = tmp_path / "in.jsonl"
    good = [json.dumps({"id": f"g{i}", "text": GOOD}) for i in range(3)]
    path.write_text("\n".join([good[0], line, good[1], good[2]]) + "\n", encoding="utf-8")
    items = _items(path)
    assert [i.meta["id"] for i in items if not i.problem] == ["g0", "g1", "g2"]
    [bad] = [i for i in items if i.problem]
    assert bad.where.startswith(f"{path}:2") and reason in bad.problem


def test_a_batch_with_poison_records_finishes_and_a_rerun_changes_nothing(tmp_path, nlp):
    path = tmp_path / "in.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in synthetic_records(4)]
    lines.insert(2, '{"id": "bad", "title": "x\\ud800y", "text": "%s"}' % GOOD)
    lines.insert(3, "[" * 50_000)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = _run([path], tmp_path / "out")
    assert (summary.succeeded, summary.failed) == (4, 2)
    errors = read_jsonl(tmp_path / "out" / "errors.jsonl")
    assert sorted(e["line"] for e in errors) == [3, 4]
    again = _run([path], tmp_path / "out")
    assert again.already_finished


# -- item 4: truncated gzip


def test_a_truncated_gzip_keeps_the_records_before_the_break(tmp_path):
    path = tmp_path / "in.jsonl.gz"
    body = "".join(json.dumps({"id": f"g{i}", "text": f"{GOOD} {'x' * 200} {i}"}) + "\n" for i in range(300))
    data = gzip.compress(body.encode())
    path.write_bytes(data[: len(data) * 2 // 3])
    items = _items(path)
    ok = [i for i in items if not i.problem]
    assert 50 < len(ok) < 300 and [i.meta["id"] for i in ok] == [f"g{i}" for i in range(len(ok))]
    assert items[-1].problem and "truncated" in items[-1].problem


def test_a_truncated_gzip_in_a_folder_costs_that_file_only(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    data = gzip.compress(((GOOD + " ") * 2000).encode())
    (tmp_path / "b.txt.gz").write_bytes(data[: len(data) // 2])
    (tmp_path / "c.txt").write_text(GOOD + " Ba.", encoding="utf-8")
    items = {i.where.rsplit("/", 1)[-1]: i for i in _items(tmp_path)}
    assert not items["a.txt"].problem and not items["c.txt"].problem
    assert "truncated" in items["b.txt.gz"].problem


# -- item 12: bounded reads


def test_a_gzip_bomb_is_refused_after_reading_the_limit(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    with gzip.open(path, "wb") as fh:
        for _ in range(64):
            fh.write(b"a" * (1 << 20))          # 64 MB of one letter, about 64 KB compressed
    [item] = _items(path, max_chars=100_000)
    assert item.problem and "longer than 100,000 characters" in item.problem


def test_an_overlong_jsonl_line_is_reported_and_the_next_read(tmp_path):
    path = tmp_path / "in.jsonl"
    long_line = json.dumps({"id": "long", "text": "chữ " * 100_000})
    path.write_text("\n".join([long_line, json.dumps({"id": "ok", "text": GOOD})]) + "\n", encoding="utf-8")
    items = _items(path, max_chars=10_000)
    assert items[0].problem and "--max-chars" in items[0].problem and items[0].where.endswith(":1")
    assert items[1].meta["id"] == "ok" and not items[1].problem


def test_a_document_over_max_chars_is_refused_with_the_limit(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "long", "text": "chữ " * 3000}) + "\n", encoding="utf-8")
    [item] = _items(path, max_chars=5000)
    assert "over the limit of 5,000" in item.problem


# -- item 5: folder ids


def test_folder_ids_are_relative_paths_with_extensions(tmp_path):
    for name in ("sub1/report.txt", "sub2/report.txt", "report.v2.txt", "report.v3.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"{GOOD} ({name})", encoding="utf-8")
    ids = sorted(i.meta["id"] for i in _items(tmp_path))
    assert ids == ["report.v2.txt", "report.v3.txt", "sub1/report.txt", "sub2/report.txt"]


def test_folder_batch_keeps_every_same_named_file(tmp_path, nlp):
    folder = tmp_path / "in"
    for name in ("sub1/report.txt", "sub2/report.txt", "report.v2.txt"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(f"{GOOD} ({name})", encoding="utf-8")
    summary = _run([folder], tmp_path / "out")
    assert (summary.succeeded, summary.failed) == (3, 0)


# -- items 6, 7: re-runs see new files and edits


def test_a_folder_rerun_analyses_just_the_new_files(tmp_path, nlp):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"a{i}.txt").write_text(f"{GOOD} Bài {i}.", encoding="utf-8")
    first = _run([folder], tmp_path / "out", chunk_size=2)
    assert first.succeeded == 3
    (folder / "b-new.txt").write_text(f"{GOOD} Bài mới.", encoding="utf-8")
    second = _run([folder], tmp_path / "out", chunk_size=2)
    assert second.chunks_reused == 2 and second.chunks == 3 and not second.already_finished
    ids = [r["id"] for r in read_jsonl(tmp_path / "out" / "documents.jsonl")]
    assert sorted(ids) == ["a0.txt", "a1.txt", "a2.txt", "b-new.txt"]
    assert _run([folder], tmp_path / "out", chunk_size=2).already_finished


def test_an_edit_that_keeps_size_and_mtime_is_refused_on_resume(tmp_path, nlp):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "a", "text": GOOD + " Bài 1."}) + "\n", encoding="utf-8")
    _run([path], tmp_path / "out")
    stat = path.stat()
    path.write_text(json.dumps({"id": "b", "text": GOOD + " Bài 2."}) + "\n", encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    with pytest.raises(batch.InputError, match="changed"):
        _run([path], tmp_path / "out")


def test_a_removed_folder_file_is_named_when_a_resume_is_refused(tmp_path, nlp):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(2):
        (folder / f"a{i}.txt").write_text(f"{GOOD} Bài {i}.", encoding="utf-8")
    _run([folder], tmp_path / "out")
    (folder / "a1.txt").unlink()
    with pytest.raises(batch.InputError, match="a1.txt was removed"):
        _run([folder], tmp_path / "out")


# -- item 8: temporary files


def test_temporaries_of_a_killed_merge_are_removed_on_resume_and_restart(tmp_path, nlp):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "a", "text": GOOD}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    _run([path], out)
    leftovers = [out / batch.TMP / ".documents.jsonl.123.tmp", out / ".entities.parquet.456.tmp",
                 out / ".vnmonitor.duckdb.789.tmp.wal"]
    for p in leftovers:
        p.parent.mkdir(exist_ok=True)
        p.write_bytes(b"x" * 1000)
    _run([path], out)
    assert not any(p.exists() for p in leftovers)
    for p in leftovers:
        p.parent.mkdir(exist_ok=True)
        p.write_bytes(b"x")
    _run([path], out, restart=True)
    assert not any(p.exists() for p in leftovers)


# -- item 10: passwords


def test_a_malformed_database_url_never_shows_its_password():
    from pipeline.io.postgres import PostgresError, PostgresStore
    from pipeline.io.secrets import redact

    for url in ("mysql://user:secret@host/db", "postgres://user:secret@[::1:5432/db"):
        with pytest.raises(PostgresError) as info:
            PostgresStore(url)
        assert "secret" not in str(info.value) and "***" in str(info.value)
    assert redact("x host=h password=secret y") == "x host=h password=*** y"


@pytest.mark.parametrize("url, message, secret", [
    # libpq quotes a password it cannot decode, and reads a host from what follows an "@" in one
    ("postgresql://u:TopSecret%zz@h/db", 'invalid percent-encoded token: "TopSecret%zz"', "TopSecret"),
    ("postgresql://u:Top@Secret@h/db", "failed to resolve host 'Secret@h'", "Secret"),
    ("postgresql://u:p%40ss-w0rd@h/db", "authentication failed for p@ss-w0rd", "ss-w0rd"),
])
def test_a_driver_message_never_shows_the_password_or_a_piece_of_it(url, message, secret):
    from pipeline.io.secrets import redact

    shown = redact(message, url)
    assert "***" in shown and secret not in shown
    assert redact("host 'h' not found", url) == "host 'h' not found"   # the rest of the message stays


def test_a_json_file_with_a_number_too_long_is_refused_with_a_message(tmp_path):
    from pipeline.io.readers import InputError

    path = tmp_path / "one.json"
    path.write_text('{"id": "x", "n": %s, "text": "%s"}' % ("1" * 5000, GOOD), encoding="utf-8")
    with pytest.raises(InputError, match="a number of more than 4,300 digits"):
        _items(path)


# -- the property: every good record comes out, every bad one is reported, nothing raises

_junk = st.one_of(
    # a line that is blank once decoded is skipped like an empty line, not a record
    st.binary(min_size=1, max_size=60).filter(lambda b: b"\n" not in b and b.decode("utf-8", "replace").strip()),
    st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                 lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                 max_leaves=8).map(lambda v: json.dumps(v).encode()),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=st.lists(st.one_of(st.just(None), _junk), min_size=1, max_size=12))
def test_jsonl_property_good_out_bad_reported(tmp_path, plan):
    """`None` in the plan is a good record; anything else a junk line."""
    path = tmp_path / "prop.jsonl"
    lines, good, bad = [], [], 0
    for k, entry in enumerate(plan):
        if entry is None:
            good.append(f"g{k}")
            lines.append(json.dumps({"id": f"g{k}", "text": f"{GOOD} {k}"}).encode())
        else:
            lines.append(entry)
            bad += 1
    path.write_bytes(b"\n".join(lines) + b"\n")
    items = list(iter_items(path, FieldMap()))
    assert [i.meta["id"] for i in items if not i.problem] == good
    assert sum(1 for i in items if i.problem) == bad


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=st.lists(st.one_of(st.just(None), st.binary(min_size=1, max_size=20).filter(
    lambda b: b"\n" not in b and b"\r" not in b and b'"' not in b)), min_size=1, max_size=12))
def test_csv_property_good_out_bad_reported(tmp_path, plan):
    """Rows either good or carrying random bytes in their text cell: good ones all come out in
    order, and every row that is not is reported (none raises)."""
    path = tmp_path / "prop.csv"
    rows, expected = [b"id,text"], []
    for k, entry in enumerate(plan):
        cell = GOOD.encode() if entry is None else entry
        rows.append(f"r{k},".encode() + b'"' + cell + b'"')
        expected.append(f"r{k}")
    path.write_bytes(b"\n".join(rows) + b"\n")
    items = list(iter_items(path, FieldMap()))
    reported = {i.where.rsplit(":", 1)[-1].split(" ")[0] for i in items if i.problem}
    out = [i.meta["id"] for i in items if not i.problem]
    assert out == [f"r{k}" for k, e in enumerate(plan) if e is None or f"r{k}" in out]
    for k, entry in enumerate(plan):
        if f"r{k}" not in out:
            assert str(k + 2) in reported
