"""The batch runner in-process: outputs, bad records, resume, idempotence, long texts."""
import io
import json

import duckdb
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import batch
from pipeline.cli import main
from pipeline.entities.dates import DateWindow, infer_date
from pipeline.io.readers import FieldMap, InputError
from pipeline.io.tables import TABLE_NAMES

from batch_fixtures import read_jsonl, synthetic_records, write_archive

BAD_LINES = [
    '{"id": "bad-json", "text": "thiếu ngoặc"',
    '{"id": "no-text", "title": "không có nội dung"}',
    '{"id": "wrong-type", "text": {"p": "một đoạn"}}',
    '{"id": "empty", "text": "  \\n "}',
    '{"id": "binary", "text": "GIF89a\\u0000\\u0001\\u0002\\u0003"}',
]


def _run(tmp_path, inputs, out="out", **kw):
    opts = batch.BatchOptions(inputs=[str(p) for p in inputs], out=tmp_path / out, workers=1,
                              progress=False, **kw)
    return batch.run(opts), opts.out


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    path = tmp_path_factory.mktemp("in") / "archive.jsonl"
    return write_archive(path, synthetic_records(12), BAD_LINES)


@pytest.fixture(scope="module")
def finished(archive, tmp_path_factory, nlp):
    tmp = tmp_path_factory.mktemp("run")
    summary, out = _run(tmp, [archive], chunk_size=5)
    return summary, out


def test_outputs_hold_every_good_document_once(finished):
    summary, out = finished
    assert (summary.documents, summary.succeeded, summary.failed) == (17, 12, 5)
    assert summary.exit_code == batch.EXIT_SOME_FAILED
    records = read_jsonl(out / "documents.jsonl")
    assert [r["id"] for r in records] == [f"s{i:04d}" for i in range(12)]
    with duckdb.connect(str(out / batch.DATABASE), read_only=True) as con:
        assert con.execute("SELECT COUNT(*), COUNT(DISTINCT doc_id) FROM documents").fetchone() == (12, 12)
        n_entities = sum(len(r["entities"]) for r in records)
        assert con.execute("SELECT COUNT(*) FROM entities").fetchone()[0] == n_entities
        assert con.execute("SELECT COUNT(*) FROM read_parquet(?)",
                           [str(out / "entities.parquet")]).fetchone()[0] == n_entities
    assert summary.rows["documents"] == 12


def test_each_bad_record_kind_is_in_errors_with_line_and_reason(finished):
    _, out = finished
    errors = {e["line"]: e for e in read_jsonl(out / "errors.jsonl")}
    assert sorted(errors) == [13, 14, 15, 16, 17]
    assert "invalid JSON" in errors[13]["reason"]
    assert errors[14]["id"] == "no-text" and "no 'text' field" in errors[14]["reason"]
    assert "dict, not a string" in errors[15]["reason"]
    assert "empty" in errors[16]["reason"]
    assert "binary" in errors[17]["reason"]


def test_dates_are_inferred_from_the_lead_only_when_missing(finished):
    _, out = finished
    by_id = {r["id"]: r for r in read_jsonl(out / "documents.jsonl")}
    # s0000 has no date field; its lead says "Sáng 1/1/2024"
    assert by_id["s0000"]["date"] == "2024-01-01" and by_id["s0000"]["date_inferred"] is True
    # s0001 has one: kept, not marked inferred
    assert by_id["s0001"]["date"] == "2024-02-02" and "date_inferred" not in by_id["s0001"]
    # s0002 has neither a date field nor a dated lead
    assert by_id["s0002"]["date"] is None
    with duckdb.connect(str(out / batch.DATABASE), read_only=True) as con:
        assert con.execute("SELECT COUNT(*) FROM documents WHERE date_inferred").fetchone()[0] == sum(
            1 for r in by_id.values() if r.get("date_inferred"))


def test_rerunning_a_finished_job_changes_nothing(finished, archive):
    summary, out = finished
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in batch.output_files(out)}
    again = batch.run(batch.BatchOptions(inputs=[str(archive)], out=out, workers=1, chunk_size=5, progress=False))
    assert again.already_finished and (again.documents, again.succeeded, again.failed) == (17, 12, 5)
    assert {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in batch.output_files(out)} == before


def test_a_lost_chunk_is_redone_and_only_it(archive, tmp_path, nlp):
    summary, out = _run(tmp_path, [archive], chunk_size=5)
    first = (out / "documents.jsonl").read_bytes()
    chunk_files = {d.name: (d / "chunk.json").stat().st_mtime_ns for d in (out / "chunks").iterdir()}
    import shutil

    shutil.rmtree(out / "chunks" / "000001")              # as if the run died before committing it
    (out / "chunks" / ".000002.999.tmp").mkdir()           # and left a half-written chunk behind
    (out / batch.FINISHED).unlink()
    again, _ = _run(tmp_path, [archive], chunk_size=5)
    assert again.chunks_reused == 3 and again.chunks == 4
    assert (out / "documents.jsonl").read_bytes() == first
    assert not list((out / "chunks").glob(".*"))
    for name, mtime in chunk_files.items():
        if name != "000001":
            assert (out / "chunks" / name / "chunk.json").stat().st_mtime_ns == mtime


def test_a_merge_killed_half_way_is_never_taken_for_finished(archive, tmp_path, nlp, monkeypatch):
    """A re-run that merges again (an output file went missing) and is killed in the merge leaves
    outputs half rewritten; the earlier run's finished mark must not make the next run call them
    finished."""
    summary, out = _run(tmp_path, [archive], chunk_size=5)
    whole = (out / "documents.jsonl").read_bytes()
    (out / "errors.jsonl").unlink()

    class Killed(Exception):
        pass

    def killed(out_dir, *a, **kw):
        (out_dir / "errors.jsonl").write_text("")            # it got as far as one file
        (out_dir / "documents.jsonl").write_bytes(whole[:len(whole) // 3])
        raise Killed

    monkeypatch.setattr(batch, "finalize", killed)
    with pytest.raises(Killed):
        _run(tmp_path, [archive], chunk_size=5)
    monkeypatch.undo()
    again, _ = _run(tmp_path, [archive], chunk_size=5)
    assert not again.already_finished
    assert (out / "documents.jsonl").read_bytes() == whole


def test_a_restart_killed_while_clearing_leaves_nothing_that_looks_done(archive, tmp_path, nlp, monkeypatch):
    import shutil

    from pipeline.batch import job

    summary, out = _run(tmp_path, [archive], chunk_size=5)
    real_rmtree = shutil.rmtree

    class Killed(Exception):
        pass

    def killed(path, *a, **kw):
        if path.parent.name == "chunks":
            raise Killed                                       # the kill lands in the first chunk's removal
        return real_rmtree(path, *a, **kw)

    monkeypatch.setattr(job.shutil, "rmtree", killed)
    with pytest.raises(Killed):
        _run(tmp_path, [archive], chunk_size=5, restart=True)
    monkeypatch.undo()
    assert not (out / batch.FINISHED).exists()
    assert len(batch.committed_chunks(out)) == summary.chunks - 1   # the chunk being removed is no longer done
    again, _ = _run(tmp_path, [archive], chunk_size=5)
    assert not again.already_finished and (again.documents, again.succeeded) == (17, 12)


def test_a_different_job_cannot_reuse_the_folder(archive, tmp_path, nlp):
    _run(tmp_path, [archive], chunk_size=5)
    with pytest.raises(InputError, match="different job"):
        _run(tmp_path, [archive], chunk_size=4)


def test_a_resume_after_the_pipeline_changed_is_refused_until_restart(archive, tmp_path, nlp, monkeypatch):
    summary, out = _run(tmp_path, [archive], chunk_size=5)
    first = (out / "documents.jsonl").read_bytes()
    (out / "notes.txt").write_text("the user's own file")
    import shutil

    shutil.rmtree(out / "chunks" / "000002")               # killed before this chunk committed
    (out / batch.FINISHED).unlink()
    monkeypatch.setattr(batch.job, "pipeline_fingerprint", lambda: "0123456789abcdef")  # then the models changed
    with pytest.raises(InputError, match="another version of the pipeline.*--restart"):
        _run(tmp_path, [archive], chunk_size=5)
    assert sorted(d.name for d in (out / "chunks").iterdir()) == ["000000", "000001", "000003"]
    again, _ = _run(tmp_path, [archive], chunk_size=5, restart=True)
    assert (again.chunks_reused, again.chunks, again.documents) == (0, 4, 17)
    assert json.loads((out / batch.MANIFEST).read_text())["pipeline"] == "0123456789abcdef"
    assert (out / "documents.jsonl").read_bytes() == first
    assert (out / "notes.txt").read_text() == "the user's own file"


def test_a_worker_running_another_pipeline_refuses_its_chunk(tmp_path, nlp):
    entries = [{"text": "Một câu.", "meta": {"id": "a"}, "where": "x:1"}]
    with pytest.raises(batch.PipelineMismatch, match="same vnmonitor checkout"):
        batch.process_chunk(str(tmp_path), 0, entries, pipeline="not-this-one")
    assert not (tmp_path / "chunks").exists()


def test_the_fingerprint_follows_code_models_and_lexicons(tmp_path, monkeypatch):
    from pipeline import fingerprint

    for name in ("pkg/data", "models/ner", "lex"):
        (tmp_path / name).mkdir(parents=True)
    (tmp_path / "pkg" / "a.py").write_text("x = 1")
    (tmp_path / "pkg" / "data" / "config.cfg").write_text("[nlp]")
    (tmp_path / "models" / "ner" / "m.crfsuite").write_bytes(b"\x00\x01")
    (tmp_path / "models" / "ner" / "README.md").write_text("card")
    (tmp_path / "lex" / "orgs.txt").write_text("Bộ Tài chính")
    monkeypatch.setattr(fingerprint, "PACKAGE", tmp_path / "pkg")
    monkeypatch.setattr(fingerprint, "_data_folders", lambda: {"models": tmp_path / "models",
                                                               "lexicons": tmp_path / "lex"})
    compute = fingerprint.pipeline_fingerprint.__wrapped__
    seen = {compute()}
    (tmp_path / "models" / "ner" / "README.md").write_text("a better card")   # cards do not change outputs
    assert compute() in seen
    for path, content in [("pkg/a.py", "x = 2"), ("pkg/data/config.cfg", "[nlp]\n"),
                          ("models/ner/m.crfsuite", "\x00\x02"), ("lex/orgs.txt", "Bộ Công an")]:
        (tmp_path / path).write_text(content)
        now = compute()
        assert now not in seen, path
        seen.add(now)


def test_duplicate_ids_are_errors_not_duplicate_rows(tmp_path, nlp):
    recs = synthetic_records(3)
    path = write_archive(tmp_path / "dup.jsonl", recs + [dict(recs[1], text="Một văn bản khác hẳn.")])
    summary, out = _run(tmp_path, [path])
    assert (summary.succeeded, summary.failed) == (3, 1)
    [err] = read_jsonl(out / "errors.jsonl")
    assert err["line"] == 4 and "duplicate id 's0001'" in err["reason"]


def test_long_text_is_analysed_in_parts_with_offsets_into_the_whole(tmp_path, nlp):
    paragraphs = [r["text"] for r in synthetic_records(30)]
    text = "\n".join(paragraphs)
    path = write_archive(tmp_path / "long.jsonl", [{"id": "long", "text": text}])
    summary, out = _run(tmp_path, [path], part_chars=500)
    assert summary.succeeded == 1
    [rec] = read_jsonl(out / "documents.jsonl")
    whole = batch.analyze_long(text, {"id": "long"}, nlp, max_chars=10 ** 6)
    # cuts fall on paragraph ends (sentence themes may differ: each part is read as its own document)
    assert [(s["start"], s["end"]) for s in rec["sentences"]] == [(s["start"], s["end"]) for s in whole["sentences"]]
    assert len(rec["entities"]) == len(whole["entities"]) > 30
    for ent in rec["entities"]:
        assert text[ent["start"]:ent["end"]] == ent["text"]
    assert rec["entities"][-1]["start"] > len(text) - len(paragraphs[-1])


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .\n"), max_size=400), st.integers(min_value=5, max_value=60))
def test_split_long_covers_the_text_in_bounded_contiguous_parts(text, max_chars):
    spans = batch.split_long(text, max_chars)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert all(0 < e - s <= max_chars for s, e in spans) or text == ""


@pytest.mark.parametrize("lead, expected", [
    ("(TTX) Ngày 12/9/2019, đoàn công tác làm việc tại tỉnh.", "2019-09-12"),
    ("Chiều nay (5/1/2021), hội nghị diễn ra tại thủ đô.", "2021-01-05"),
    ("Hà Nội, ngày 7 tháng 11 năm 2022\nThông báo kết quả.", "2022-11-07"),
    ("Sáng 12/9, hội nghị khai mạc.", None),                 # no year: unknown
    ("Sáng 12/9, hội nghị khai mạc. Quyết định số 5 ngày 1/9/2019 nêu rõ.", None),  # no window: year unknown
    ("Ngày 30/4/1975, đoàn xe tiến vào. Lễ kỷ niệm ngày 30/4/2021 diễn ra.", None),   # a look-back
    ("Ông sinh ngày 3/4/1990 tại Huế.", None),                # inside a sentence: not the news
    ("Theo Nghị định số 5 ngày 25/9/2020, doanh nghiệp nộp thuế.", None),
    ("Ngày 30/2/2020, một ngày không có thật.", None),
    ("Theo kế hoạch đến 31/12/2025 phải hoàn thành.", None),  # a deadline, not the day of the news
    ("Bài viết dài. " * 40 + "Ngày 1/2/2023, muộn quá.", None),
])
def test_infer_date_reads_only_the_lead(lead, expected):
    assert infer_date(lead) == expected


@pytest.mark.parametrize("lead, window, expected", [
    ("Sáng 12/9, hội nghị khai mạc.", "2019", "2019-09-12"),
    ("Sáng 12/9, hội nghị khai mạc.", "2019-10:2020-12", "2020-09-12"),
    ("Tối 30/12, tổng kết. Kế hoạch từ ngày 2/1/2020 đến 5/1/2020.", "2019:2020", "2019-12-30"),  # nearest
    ("Tối 30/12, tổng kết năm.", "2019:2020", None),                                   # two years, no clue
    ("Ngày 29/2, họp.", "2019", None),                                                  # no such day in 2019
    ("Ngày 12/9/2019, họp.", "2020", None),                                             # outside the window
    ("Ngày 12/9/2019, họp.", "2019-09", "2019-09-12"),
])
def test_a_date_window_dates_yearless_leads(lead, window, expected):
    assert infer_date(lead, DateWindow.parse(window)) == expected


@pytest.mark.parametrize("spec, start, end", [
    ("2017", "2017-01-01", "2017-12-31"), ("2016-02", "2016-02-01", "2016-02-29"),
    ("2020-10-01:2021-05-31", "2020-10-01", "2021-05-31"), ("2016:2017-06", "2016-01-01", "2017-06-30"),
])
def test_date_window_periods(spec, start, end):
    window = DateWindow.parse(spec)
    assert (window.start.isoformat(), window.end.isoformat()) == (start, end)
    assert DateWindow.parse(str(window)) == window


@pytest.mark.parametrize("spec", ["17", "2017-13", "2017-02-30", "2018:2017", "2017:", "soon"])
def test_date_window_rejects_what_it_cannot_read(spec):
    with pytest.raises(ValueError, match="date window"):
        DateWindow.parse(spec)


def test_plain_progress_lines_when_not_on_a_terminal():
    stream = io.StringIO()
    progress = batch.Progress(total=100, done=20, mode=None, every=0.0, stream=stream)
    progress.update(30)
    progress.close()
    line = stream.getvalue().strip()
    assert line.startswith("batch: 50/100 documents,") and "docs/s" in line and "ETA" in line
    quiet = io.StringIO()
    progress = batch.Progress(total=100, done=0, mode=False, every=0.0, stream=quiet)
    progress.update(10)
    assert quiet.getvalue() == ""


def test_cli_reports_summary_and_exit_status(tmp_path, nlp):
    path = write_archive(tmp_path / "in.jsonl", synthetic_records(2), BAD_LINES[:1])
    runner = CliRunner()
    result = runner.invoke(main, ["batch", str(path), "--out", str(tmp_path / "o"), "--workers", "1",
                                  "--no-progress"])
    assert result.exit_code == batch.EXIT_SOME_FAILED, result.output
    assert "3 documents: 2 succeeded, 1 failed" in result.output
    ok = write_archive(tmp_path / "ok.jsonl", synthetic_records(2))
    result = runner.invoke(main, ["batch", str(ok), "--out", str(tmp_path / "o2"), "--workers", "1",
                                  "--no-progress", "--text-field", "text"])
    assert result.exit_code == 0 and "2 documents: 2 succeeded, 0 failed" in result.output
    result = runner.invoke(main, ["batch", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "o3")])
    assert result.exit_code == 1 and result.output.strip().startswith("error:") and "Traceback" not in result.output


def test_field_map_for_other_column_names(tmp_path, nlp):
    recs = [{"ma": r["id"], "noi_dung": r["text"], "ngay": "03/04/2024"} for r in synthetic_records(2)]
    path = write_archive(tmp_path / "in.jsonl", recs)
    summary, out = _run(tmp_path, [path], fields=FieldMap(text="noi_dung", id="ma", date="ngay"))
    assert summary.succeeded == 2
    assert [(r["id"], r["date"]) for r in read_jsonl(out / "documents.jsonl")] == [
        ("s0000", "2024-04-03"), ("s0001", "2024-04-03")]


def test_examples_archive_is_clean(nlp, tmp_path):
    from pathlib import Path

    archive = Path(__file__).resolve().parent.parent / "examples" / "archive.jsonl"
    records = read_jsonl(archive)
    assert len(records) >= 12 and len({r["id"] for r in records}) == len(records)
    assert all(isinstance(r["text"], str) and r["text"].strip() for r in records)
    assert sum(1 for r in records if "date" not in r and infer_date(r["text"])) >= 4


def test_tables_written_for_every_name(finished):
    _, out = finished
    assert {p.stem for p in out.glob("*.parquet")} == set(TABLE_NAMES)
    assert json.loads((out / batch.FINISHED).read_text())["chunks"] == [0, 1, 2, 3]


def test_database_tables_hold_the_parquet_rows_in_the_same_order(finished):
    import pyarrow.parquet as pq

    _, out = finished
    with duckdb.connect(str(out / batch.DATABASE), read_only=True) as con:
        for name in TABLE_NAMES:
            parquet = pq.read_table(out / f"{name}.parquet").to_pylist()
            columns = list(parquet[0]) if parquet else []
            rows = con.execute(f"SELECT * FROM {name}").fetchall()
            assert len(rows) == len(parquet), name
            assert [tuple(r[c] for c in columns) for r in parquet] == [tuple(r) for r in rows], name


def test_analyze_command_infers_a_missing_date_too(tmp_path, nlp):
    path = tmp_path / "tin.txt"
    path.write_text("(TTM) Ngày 6/8/2024, Sở Nội vụ tỉnh Hòa Bình tổ chức hội nghị.", encoding="utf-8")
    result = CliRunner().invoke(main, ["analyze", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["date"] == "2024-08-06" and record["date_inferred"] is True


def test_cli_date_window_dates_yearless_leads_and_is_part_of_the_job(tmp_path, nlp):
    records = [{"id": "a", "text": "Chiều 14/3, Sở Tài chính tỉnh Cà Mau họp báo về thu ngân sách."},
               {"id": "b", "text": "Chiều 14/3, Sở Tài chính tỉnh Cà Mau họp báo.", "date": "2016-03-15"}]
    path = write_archive(tmp_path / "in.jsonl", records)
    runner = CliRunner()
    args = ["batch", str(path), "--out", str(tmp_path / "o"), "--workers", "1", "--no-progress"]
    assert runner.invoke(main, args).exit_code == 0
    dates = {r["id"]: (r["date"], r.get("date_inferred")) for r in read_jsonl(tmp_path / "o" / "documents.jsonl")}
    assert dates == {"a": (None, None), "b": ("2016-03-15", None)}
    result = runner.invoke(main, args + ["--date-window", "2017"])
    assert result.exit_code == 1 and "different job" in result.output      # the window changes the results
    assert runner.invoke(main, args + ["--date-window", "2017", "--restart"]).exit_code == 0
    dates = {r["id"]: (r["date"], r.get("date_inferred")) for r in read_jsonl(tmp_path / "o" / "documents.jsonl")}
    assert dates == {"a": ("2017-03-14", True), "b": ("2016-03-15", None)}
    result = runner.invoke(main, args + ["--date-window", "2017-02-30"])
    assert result.exit_code == 2 and "--date-window" in result.output


def test_an_inline_run_gives_the_collector_back(archive, tmp_path, nlp):
    import gc

    before = gc.get_threshold()
    _run(tmp_path, [archive], chunk_size=5)
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_prepared_chunks_reads_the_inputs_as_they_are_when_given_no_inventory(tmp_path):
    archive = write_archive(tmp_path / "a.jsonl", synthetic_records(5))
    opts = batch.BatchOptions(inputs=[str(archive)], out=tmp_path / "out", chunk_size=2)
    chunks = list(batch.prepared_chunks(opts))
    assert [n for n, _ in chunks] == [0, 1, 2]
    assert [e["meta"]["id"] for _, entries in chunks for e in entries] == [f"s{i:04d}" for i in range(5)]


def test_a_long_text_lists_each_official_once_whatever_part_names_them(nlp):
    """Each part is deduplicated by the linker; the whole text once more: the same office named in
    three parts is one record, as it would be in a text read at once."""
    paragraph = ("Sáng 3/4/2024, ông Nguyễn Văn Bình, Chủ tịch UBND tỉnh Nam Hà, làm việc với Sở Tài chính "
                 "về công tác thu ngân sách. Giám đốc Sở Tài chính Lê Thị Hoa báo cáo kết quả quý I.")
    text = "\n".join([paragraph] * 3)
    parts = batch.analyze_long(text, {"id": "long"}, nlp, max_chars=len(paragraph) + 1)
    whole = batch.analyze_long(text, {"id": "long"}, nlp, max_chars=10 ** 6)
    key = lambda r: sorted((o["person"], o["title"], o["org"]) for o in r["officials"])  # noqa: E731
    assert len(batch.split_long(text, len(paragraph) + 1)) == 3
    assert key(parts) == key(whole) and ("Nguyễn Văn Bình", "Chủ tịch", "UBND tỉnh Nam Hà") in key(whole)
    assert len(key(whole)) == len(set(key(whole))) == 2
    for o in parts["officials"]:
        assert text[o["start"]:o["end"]]
