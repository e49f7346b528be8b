"""Inputs that could lose data in a batch run: its own outputs given back as inputs, files that
cannot be read as a whole, blank and repeated ids, spreadsheet CSV, numbers with thousands of
digits, file names that are not UTF-8. Each is read, reported or refused; none stops the run."""
import json
import os
import shutil
from pathlib import Path

import pytest

from pipeline import batch
from pipeline.io.readers import InputError, iter_items

from batch_fixtures import read_jsonl

TEXT = "Bộ trưởng Bộ Tài chính Nguyễn Văn An phát biểu tại hội nghị ngày 12/9/2019."


def _run(tmp_path, inputs, out="out", **kw):
    opts = batch.BatchOptions(inputs=[str(p) for p in inputs], out=tmp_path / out, workers=1,
                              progress=False, **kw)
    return batch.run(opts), opts.out


def _ids(out):
    return [r["id"] for r in read_jsonl(out / "documents.jsonl")]


def _jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_an_output_file_given_as_input_is_refused_before_anything_is_written(tmp_path, nlp):
    archive = _jsonl(tmp_path / "documents.jsonl", [{"id": "a", "text": TEXT}])
    before = archive.read_bytes()
    with pytest.raises(InputError, match="what the run writes"):
        _run(tmp_path, [archive], out=".")
    assert archive.read_bytes() == before
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.txt").write_text(TEXT, encoding="utf-8")
    with pytest.raises(InputError, match="what the run writes"):
        _run(tmp_path, [tmp_path / "out"], out="out")


def test_a_file_that_is_no_story_index_or_an_output_folder_that_cannot_be_made_is_refused_up_front(tmp_path, nlp):
    """Both were reported as a batch that stopped (numpy's advice to unpickle, or an exception's name and a
    resume hint), the story index only once the whole archive was analysed."""
    archive = _jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": TEXT}])
    (tmp_path / "bad.npz").write_text("không phải chỉ mục", encoding="utf-8")
    with pytest.raises(InputError, match="not a story index written by vnmonitor") as caught:
        _run(tmp_path, [archive], story_index=str(tmp_path / "bad.npz"))
    assert "pickle" not in str(caught.value)
    assert not (tmp_path / "out" / "documents.jsonl").exists()
    if not Path("/proc/self").is_dir():
        pytest.skip("needs /proc, where no folder can be made, not even by root")
    with pytest.raises(InputError, match="cannot create the output folder"):
        batch.run(batch.BatchOptions(inputs=[str(archive)], out=Path("/proc/vnmonitor-no-such/out"), workers=1,
                                     progress=False))


def test_a_folder_input_never_reads_the_output_folder_inside_it(tmp_path, nlp):
    clips = tmp_path / "clips"
    clips.mkdir()
    (clips / "a.txt").write_text(TEXT, encoding="utf-8")
    first, out = _run(tmp_path, [clips], out="clips/out")
    (clips / "b.txt").write_text("Bộ Công an thông báo kết quả điều tra.", encoding="utf-8")
    second, _ = _run(tmp_path, [clips], out="clips/out")   # the folder gained a file: the job grows
    assert (first.documents, second.documents, second.failed) == (1, 2, 0)
    assert _ids(out) == ["a.txt", "b.txt"]
    with pytest.raises(InputError, match="output folder"):
        list(iter_items(out))


def test_a_file_that_cannot_be_read_as_a_whole_is_reported_and_the_run_goes_on(tmp_path, nlp):
    import pyarrow as pa
    import pyarrow.parquet as pq

    good = _jsonl(tmp_path / "good.jsonl", [{"id": "g", "text": TEXT}])
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    pq.write_table(pa.table({"id": pa.array([], pa.string()), "text": pa.array([], pa.string())}),
                   tmp_path / "empty.parquet")
    summary, out = _run(tmp_path, [tmp_path / "bad.json", tmp_path / "empty.parquet", good])
    assert (summary.succeeded, summary.failed) == (1, 1)
    assert _ids(out) == ["g"]
    [error] = read_jsonl(out / "errors.jsonl")
    assert error["input"].endswith("bad.json") and error["reason"].startswith("invalid JSON")


def test_blank_and_missing_ids_are_one_id_from_the_text(tmp_path, nlp):
    archive = _jsonl(tmp_path / "a.jsonl", [{"id": " ", "text": TEXT}, {"text": TEXT}, {"id": "x", "text": TEXT}])
    summary, out = _run(tmp_path, [archive])
    ids = _ids(out)
    assert ids[0].startswith("doc-") and ids[1:] == ["x"]
    assert summary.failed == 1 and "duplicate id" in read_jsonl(out / "errors.jsonl")[0]["reason"]


def test_two_folders_with_the_same_file_names_keep_both(tmp_path, nlp):
    for name in ("d1", "d2"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "report.txt").write_text(f"{TEXT} ({name})", encoding="utf-8")
    summary, out = _run(tmp_path, [tmp_path / "d1", tmp_path / "d2"])
    assert summary.failed == 0 and _ids(out) == ["d1/report.txt", "d2/report.txt"]


def test_spreadsheet_csv_is_read(tmp_path, nlp):
    (tmp_path / "bom.csv").write_text(f"id,text\nc1,{TEXT}\n", encoding="utf-8-sig")
    (tmp_path / "semi.csv").write_text(f"\n\nid;text\ns1;{TEXT}\n", encoding="utf-8")
    (tmp_path / "mac.csv").write_bytes(f"id,text\rr1,{TEXT}\rr2,Sở Y tế họp.\r".encode())
    (tmp_path / "bom.jsonl").write_text(json.dumps({"id": "j1", "text": TEXT}, ensure_ascii=False) + "\n",
                                        encoding="utf-8-sig")
    summary, out = _run(tmp_path, [tmp_path / n for n in ("bom.csv", "semi.csv", "mac.csv", "bom.jsonl")])
    assert summary.failed == 0 and _ids(out) == ["c1", "s1", "r1", "r2", "j1"]


def test_a_csv_header_naming_a_column_twice_is_refused_by_name(tmp_path):
    (tmp_path / "twice.csv").write_text(f"id,text,text\na,{TEXT},x\n", encoding="utf-8")
    with pytest.raises(InputError, match="'text' more than once"):
        list(iter_items(tmp_path / "twice.csv"))


def test_input_columns_named_like_the_pipeline_own_metadata_are_not_copied(tmp_path):
    path = _jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": TEXT, "admin_part": True, "date_inferred": True,
                                          "desk": "thời sự"}])
    [item] = iter_items(path)
    assert item.meta == {"id": "a", "desk": "thời sự"}


def test_numbers_with_thousands_of_digits_have_no_value_and_break_nothing(tmp_path, nlp):
    archive = _jsonl(tmp_path / "big.jsonl", [
        {"id": "money", "text": f"Thu {'9' * 320} đồng."},
        {"id": "share", "text": f"Tỷ lệ {'9' * 320}%."},
        {"id": "code", "text": f"Mã số {'9' * 5000} được cấp cho Sở Tư pháp."},
        {"id": "ok", "text": TEXT}])
    summary, out = _run(tmp_path, [archive])
    assert summary.failed == 0 and _ids(out) == ["money", "share", "code", "ok"]
    values = [e.get("value") for r in read_jsonl(out / "documents.jsonl") for e in r["entities"]
              if e["label"] in ("MONEY", "PERCENT")]
    assert all(v is None or (isinstance(v, dict) and v["amount"] < 10 ** 24) or v < 10 ** 24 for v in values)


@pytest.mark.skipif(os.uname().sysname == "Darwin", reason="macOS refuses file names that are not UTF-8")
def test_a_file_name_that_is_not_utf8_is_read_under_a_printable_id(tmp_path, nlp):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"bad\xffname.txt"), "w", encoding="utf-8") as fh:
        fh.write(TEXT)
    summary, out = _run(tmp_path, [folder])
    assert summary.failed == 0 and _ids(out) == ["bad\ufffdname.txt"]
    shutil.rmtree(folder)


def test_an_empty_input_gives_empty_outputs(tmp_path, nlp):
    import duckdb

    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "nothing").mkdir()
    for name in ("empty.jsonl", "nothing"):
        summary, out = _run(tmp_path, [tmp_path / name], out=f"out-{name}")
        assert (summary.documents, summary.failed, summary.exit_code) == (0, 0, batch.EXIT_OK)
        assert (out / "documents.jsonl").read_text() == ""
        with duckdb.connect(str(out / batch.DATABASE), read_only=True) as con:
            assert con.execute("SELECT COUNT(*) FROM documents").fetchone() == (0,)
        assert _run(tmp_path, [tmp_path / name], out=f"out-{name}")[0].already_finished


def test_a_folder_gains_a_file_and_its_metadata_row_and_the_job_grows(tmp_path, nlp):
    folder = tmp_path / "clips"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")

    def run(meta):
        return _run(tmp_path, [folder], plain_meta=meta)

    run({"a.txt": {"source": "Báo A"}})
    (folder / "b.txt").write_text("Bộ Công an thông báo kết quả điều tra.", encoding="utf-8")
    summary, out = run({"a.txt": {"source": "Báo A"}, "b.txt": {"source": "Báo B"}})
    assert (summary.documents, summary.chunks_reused) == (2, 1)
    assert [(r["id"], r["source"]) for r in read_jsonl(out / "documents.jsonl")] == [("a.txt", "Báo A"),
                                                                                    ("b.txt", "Báo B")]
    # the metadata of a document already analysed is part of its results: a change is refused, by name
    with pytest.raises(InputError, match="the metadata of 'a.txt' changed"):
        run({"a.txt": {"source": "Báo C"}, "b.txt": {"source": "Báo B"}})


def test_a_csv_with_carriage_return_line_ends_longer_than_a_line_bound_is_read_whole(tmp_path):
    from pipeline.io.readers import ReadOptions

    rows = [f"r{i},\"{TEXT} {'x' * 250}\"" for i in range(3000)]
    path = tmp_path / "mac.csv"
    path.write_bytes(("\r".join(["id,text", *rows]) + "\r").encode())
    opts = ReadOptions(max_chars=400)
    assert path.stat().st_size > opts.max_line_bytes   # read as one line, the file would be one skipped line
    items = list(iter_items(path, opts=opts))
    assert [i.meta["id"] for i in items] == [f"r{i}" for i in range(3000)] and not any(i.problem for i in items)
    # Excel for Mac: CR line ends with a line feed inside a quoted cell; a header longer than a read buffer
    (tmp_path / "excel.csv").write_bytes('id,text\rr1,"Hà\nNội"\rr2,Bộ\r'.encode())
    assert [(i.meta["id"], i.text) for i in iter_items(tmp_path / "excel.csv")] == [("r1", "Hà\nNội"), ("r2", "Bộ")]
    wide = ",".join(["id", "text", *(f"column_{i:03d}" for i in range(400))])
    (tmp_path / "wide.csv").write_bytes((wide + "\r" + "r1,Hà" + ",v" * 400 + "\r").encode())
    assert [(i.meta["id"], i.problem) for i in iter_items(tmp_path / "wide.csv")] == [("r1", None)]
    # a carriage return inside a quoted cell of an LF file stays in the cell, and the lines keep their numbers
    (tmp_path / "lf.csv").write_bytes(b'id,text\nq1,"a\rb"\nq2,hai\n')
    assert [(i.text, i.where.split(" ")[0].rsplit(":", 1)[1]) for i in iter_items(tmp_path / "lf.csv")] == [
        ("a\rb", "2"), ("hai", "3")]


def test_stdin_is_part_of_the_job_a_rerun_with_other_text_is_refused(tmp_path, nlp):
    from click.testing import CliRunner

    from pipeline.cli import main

    run = ["batch", "-", "--out", str(tmp_path / "out"), "--workers", "1"]
    assert CliRunner().invoke(main, run, input=TEXT).exit_code == 0
    again = CliRunner().invoke(main, run, input=TEXT)
    assert again.exit_code == 0 and "already finished" in again.output
    other = CliRunner().invoke(main, run, input="Bộ Công an thông báo kết quả điều tra.")
    assert other.exit_code == 1 and "standard input changed" in other.output


def test_json_lines_on_stdin_are_records_not_one_document(tmp_path, nlp):
    """`zcat archive.jsonl.gz | vnmonitor batch -` was read as one text: the records' ids, dates and
    titles were lost without a word. Standard input whose first line is a JSON object is an archive,
    read as a .jsonl file is (gzipped too); a broken line is an error of its own, by its number."""
    import gzip

    from click.testing import CliRunner

    from pipeline.cli import main

    records = [{"id": "s1", "text": TEXT, "date": "2019-09-12", "title": "Tin một"},
               {"id": "s2", "text": "Sở Y tế Hà Nội họp giao ban.", "source": "thử"}]
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records) + "không phải JSON\n"
    for name, data in (("plain", lines.encode()), ("gzipped", gzip.compress(lines.encode()))):
        out = tmp_path / name
        result = CliRunner().invoke(main, ["batch", "-", "--out", str(out), "--workers", "1"], input=data)
        assert result.exit_code == 3, result.output   # 3: the run finished, some records failed
        docs = {d["id"]: d for d in map(json.loads, (out / "documents.jsonl").read_text().splitlines())}
        assert set(docs) == {"s1", "s2"}
        assert docs["s1"]["date"] == "2019-09-12" and docs["s1"]["title"] == "Tin một"
        assert docs["s2"]["source"] == "thử"
        errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
        assert [(e["input"], e["line"]) for e in errors] == [("stdin:3", 3)]
    # a broken first record is set aside like any other, the archive is still records
    out = tmp_path / "first-broken"
    result = CliRunner().invoke(main, ["batch", "-", "--out", str(out), "--workers", "1"],
                                input="{không phải JSON}\n" + lines)
    assert result.exit_code == 3, result.output
    assert len((out / "documents.jsonl").read_text().splitlines()) == 2
    errors = [json.loads(line)["input"] for line in (out / "errors.jsonl").read_text().splitlines()]
    assert errors == ["stdin:1", "stdin:4"]
    # a text whose first line opens with a brace, and no line of it a JSON object, stays one document
    out = tmp_path / "text"
    result = CliRunner().invoke(main, ["batch", "-", "--out", str(out), "--workers", "1"],
                                input="{Tin nhanh}\n" + TEXT + "\n")
    assert result.exit_code == 0, result.output
    assert len((out / "documents.jsonl").read_text().splitlines()) == 1


def test_an_out_folder_holding_files_no_run_wrote_is_refused(tmp_path, nlp):
    (tmp_path / "documents.jsonl").write_text('{"mine": 1}\n', encoding="utf-8")
    archive = _jsonl(tmp_path / "new.jsonl", [{"id": "a", "text": TEXT}])
    with pytest.raises(InputError, match="which no batch run wrote"):
        _run(tmp_path, [archive], out=".")
    assert (tmp_path / "documents.jsonl").read_text() == '{"mine": 1}\n'


def test_a_users_manifest_json_does_not_make_a_folder_an_output_even_with_restart(tmp_path, nlp):
    """A folder of the user's with a manifest.json of its own: refused, and --restart (which clears what
    runs write) does not clear the user's files either."""
    (tmp_path / "manifest.json").write_text('{"name": "my project"}\n', encoding="utf-8")
    (tmp_path / "documents.jsonl").write_text('{"mine": 1}\n', encoding="utf-8")
    archive = _jsonl(tmp_path / "new.jsonl", [{"id": "a", "text": TEXT}])
    for restart in (False, True):
        with pytest.raises(InputError, match="which no batch run wrote"):
            _run(tmp_path, [archive], out=".", restart=restart)
    assert (tmp_path / "documents.jsonl").read_text() == '{"mine": 1}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["documents.jsonl", "manifest.json", "new.jsonl"]


def test_an_out_folder_inside_an_input_folder_that_holds_files_is_refused(tmp_path, nlp):
    """Its files would be left out of the input folder's listing (the folder is the run's output) and
    never read; an empty --out inside the input folder is fine."""
    clips = tmp_path / "clips"
    (clips / "sub").mkdir(parents=True)
    (clips / "a.txt").write_text(TEXT, encoding="utf-8")
    (clips / "sub" / "b.txt").write_text(TEXT, encoding="utf-8")
    with pytest.raises(InputError, match="inside the input folder"):
        _run(tmp_path, [clips], out="clips/sub")
    _run(tmp_path, [clips], out="clips/out")
    assert len(_ids(tmp_path / "clips" / "out")) == 2


def test_copies_without_ids_in_two_papers_are_two_documents_and_one_story(tmp_path, nlp):
    """An id made from the text alone refused the second paper's copy as a duplicate: the copies that
    stories and source counts are there to measure were dropped. A record read twice is still one."""
    same = {"text": TEXT, "date": "2024-04-03"}
    archive = _jsonl(tmp_path / "in.jsonl", [{**same, "source": "Báo A"}, {**same, "source": "Báo B"},
                                             {**same, "source": "Báo A"}])
    summary, out = _run(tmp_path, [archive])
    assert (summary.succeeded, summary.failed) == (2, 1)
    assert "duplicate id" in read_jsonl(out / "errors.jsonl")[0]["reason"]
    import pyarrow.parquet as pq
    assert pq.read_table(out / "documents.parquet").column("story_id").unique().to_pylist() != [None]
    assert len(set(pq.read_table(out / "documents.parquet").column("story_id").to_pylist())) == 1


def test_a_pipe_given_as_an_input_is_refused_before_anything_is_written(tmp_path):
    """`batch /dev/stdin` or `<(cmd)` read the pipe to fingerprint the job and found it empty for the work:
    the record was lost with "no such file or directory"."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="a pipe or device, not a file: give -"):
        _run(tmp_path, [fifo])
    assert not (tmp_path / "out").exists()


def test_a_link_from_an_input_folder_into_the_output_is_not_read(tmp_path, nlp):
    clips = tmp_path / "clips"
    clips.mkdir()
    (clips / "a.txt").write_text(TEXT, encoding="utf-8")
    _run(tmp_path, [clips])
    os.symlink(tmp_path / "out" / "documents.jsonl", clips / "linked.jsonl")
    summary, out = _run(tmp_path, [clips])
    assert summary.already_finished and _ids(out) == ["a.txt"]


def test_inputs_of_the_same_name_keep_distinct_ids_and_nested_inputs_are_refused(tmp_path, nlp):
    for folder in ("a/d", "b/d", "x", "y"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "a/d/r.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b/d/r.txt").write_text(TEXT + " Hai.", encoding="utf-8")
    (tmp_path / "x/r.txt").write_text("Bộ Công an thông báo.", encoding="utf-8")
    (tmp_path / "y/r.txt").write_text("Bộ Y tế thông báo.", encoding="utf-8")
    summary, out = _run(tmp_path, [tmp_path / p for p in ("a/d", "b/d", "x/r.txt", "y/r.txt")],
                        plain_meta={"b/d/r.txt": {"source": "Báo B"}})
    assert summary.failed == 0
    assert [(r["id"], r["source"]) for r in read_jsonl(out / "documents.jsonl")] == [
        ("a/d/r.txt", None), ("b/d/r.txt", "Báo B"), ("x/r.txt", None), ("y/r.txt", None)]
    with pytest.raises(InputError, match="is inside .*another input"):
        _run(tmp_path, [tmp_path / "a", tmp_path / "a/d"], out="out2")


def test_a_sidecar_row_naming_a_folder_is_refused(tmp_path):
    from pipeline.io.readers import read_sidecar

    (tmp_path / "m.csv").write_text("path,date\n./,2024-01-02\n", encoding="utf-8")
    with pytest.raises(InputError, match="names a folder"):
        read_sidecar(tmp_path / "m.csv")
    (tmp_path / "m2.csv").write_text('path;title\na.txt;"Tiêu đề\ndòng hai"\n', encoding="utf-8")
    assert read_sidecar(tmp_path / "m2.csv") == {"a.txt": {"title": "Tiêu đề\ndòng hai"}}


def test_a_json_lines_sidecar_with_a_line_separator_in_a_title(tmp_path):
    """U+2028 stands unescaped in a JSON string; the sidecar's lines end at "\n" only."""
    from pipeline.io.readers import read_sidecar

    row = {"path": "a.txt", "title": "Tiêu đề\u2028dòng hai"}
    (tmp_path / "m.jsonl").write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    assert read_sidecar(tmp_path / "m.jsonl") == {"a.txt": {"title": "Tiêu đề\u2028dòng hai"}}


def test_a_sidecar_with_a_column_twice_or_a_row_too_long_is_refused(tmp_path):
    """The last of two 'date' columns was taken silently, and cells past the header ignored."""
    from pipeline.io.readers import read_sidecar

    (tmp_path / "m.csv").write_text("path,date,date\na.txt,2024-01-02,2024-05-06\n", encoding="utf-8")
    with pytest.raises(InputError, match="'date' more than once"):
        read_sidecar(tmp_path / "m.csv")
    (tmp_path / "m2.csv").write_text("path,date\na.txt,2024-01-02,Báo A\n", encoding="utf-8")
    with pytest.raises(InputError, match=":2: more cells than the header"):
        read_sidecar(tmp_path / "m2.csv")


def test_nan_metadata_is_no_value_and_an_integral_float_id_is_an_id(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": NaN, "title": NaN, "desk": NaN, "text": "Sở Y tế họp."}\n'
                    '{"id": 12.0, "text": "Sở Tài chính họp."}\n', encoding="utf-8")
    first, second = iter_items(path)
    assert first.meta == {} and not first.problem
    assert second.meta == {"id": "12"}


def test_an_id_too_long_for_a_database_index_sets_its_record_aside(tmp_path):
    """PostgreSQL cannot index a key of about 2,700 bytes: one such id would keep a whole output out of the
    database, so the record is set aside with the reason, and the others read."""
    import json

    path = tmp_path / "a.jsonl"
    long_id = "đ" * 600   # 1,200 bytes in UTF-8
    path.write_text(json.dumps({"id": long_id, "text": "Sở Y tế họp."}, ensure_ascii=False) + "\n"
                    + json.dumps({"id": "x" * 1000, "text": "Sở Tài chính họp."}) + "\n", encoding="utf-8")
    first, second = iter_items(path)
    assert first.problem and "1,200 bytes" in first.problem and "'id'" in first.problem
    assert not second.problem and second.meta["id"] == "x" * 1000


def test_a_long_run_of_combining_marks_is_cut_into_parts_of_the_bound():
    from pipeline.text.parts import split_long

    text = "Zalgo " + "\u0301" * 300_000
    spans = split_long(text, 100_000)
    assert len(spans) == 4 and spans[-1][1] == len(text)
    assert all(e - s <= 100_000 for s, e in spans)


def test_a_long_text_without_sentences_is_cut_between_cells_or_clauses_not_inside_a_name():
    """A table flattened to one line: parts ended at the last space, which fell inside "Ủy ban nhân dân tỉnh
    Quảng Ninh" as often as not; they end at a cell boundary now, and at a comma in running text."""
    from pipeline.text.parts import split_long

    row = "Ủy ban nhân dân tỉnh Quảng Ninh | 1.250 tỷ đồng | Chủ tịch Cao Văn Huy | "
    text = row * 40
    for s, e in split_long(text, 1_000)[:-1]:
        assert text[:e].endswith(" | ")
    prose = "đại diện Sở Tài chính tỉnh Quảng Ninh, Sở Kế hoạch và Đầu tư thành phố Hải Phòng " * 30
    for s, e in split_long(prose, 1_000)[:-1]:
        assert prose[:e].endswith(", ")


def test_the_output_folder_keeps_what_is_not_the_runs(tmp_path, nlp):
    archive = _jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": TEXT}])
    (tmp_path / "h" / ".tmp").mkdir(parents=True)        # a folder of the user's named like the run's temporaries
    (tmp_path / "h" / ".tmp" / "draft.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="holds .tmp, which no batch run wrote"):
        _run(tmp_path, [archive], out="h")
    assert (tmp_path / "h" / ".tmp" / "draft.txt").exists()
    _, out = _run(tmp_path, [archive])
    (out / "chunks" / "notes.txt").write_text("precious", encoding="utf-8")
    _run(tmp_path, [archive], restart=True)               # --restart removes only what runs write
    assert (out / "chunks" / "notes.txt").read_text(encoding="utf-8") == "precious"
    for inputs, message in (([out / "chunks"], "what the run writes"), ([archive, archive], "the same input"),
                            ([archive], "is a file, not a folder")):
        with pytest.raises(InputError, match=message):
            _run(tmp_path, inputs, out="a.jsonl/o" if message.endswith("folder") else "out")


def test_a_file_appended_to_while_the_job_reads_it_is_read_as_recorded(tmp_path):
    """The job's manifest records each input's size and hash; what another process appends while the
    run reads (here half a record, no newline yet) is not read, so the outputs match the manifest."""
    from pipeline.batch.chunks import prepared_chunks
    from pipeline.io.inventory import describe_inputs

    path = tmp_path / "grow.jsonl"
    path.write_text("".join(json.dumps({"id": f"r{i}", "text": f"Bản tin số {i} của tỉnh."}, ensure_ascii=False)
                            + "\n" for i in range(5)), encoding="utf-8")
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.txt").write_text("Ghi chú thứ nhất.", encoding="utf-8")
    opts = batch.BatchOptions(inputs=[str(path), str(folder)], out=tmp_path / "out", workers=1, progress=False)
    recorded = describe_inputs(opts.inputs)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write('{"id": "r5", "text": "Bản tin số 5 đang được gh')
    with open(folder / "a.txt", "a", encoding="utf-8") as fh:
        fh.write(" Dòng thêm sau.")
    entries = [e for _, chunk in prepared_chunks(opts, recorded) for e in chunk]
    assert [e.get("meta", {}).get("id") for e in entries] == ["r0", "r1", "r2", "r3", "r4", "a.txt"]
    assert entries[-1]["text"] == "Ghi chú thứ nhất."


def test_a_users_folder_with_a_manifest_and_chunks_is_read_as_input(tmp_path, nlp):
    """A subfolder of the user's holding a manifest.json and a chunks/ folder of its own was skipped as
    a batch output."""
    clips = tmp_path / "clips"
    (clips / "project" / "chunks").mkdir(parents=True)
    (clips / "project" / "manifest.json").write_text('{"name": "my project"}\n', encoding="utf-8")
    (clips / "project" / "a.txt").write_text(TEXT, encoding="utf-8")
    _run(tmp_path, [clips])
    assert len(_ids(tmp_path / "out")) == 1


def test_two_file_names_that_read_alike_are_told_apart_in_the_reason(tmp_path):
    """The composed and decomposed spellings of one name give one id: the second file is refused, and
    the reason said "first at" a path that printed exactly like its own."""
    import unicodedata

    folder = tmp_path / "f1"
    folder.mkdir()
    (folder / unicodedata.normalize("NFC", "Hồ sơ.txt")).write_text(TEXT, encoding="utf-8")
    (folder / unicodedata.normalize("NFD", "Hồ sơ.txt")).write_text(TEXT + " Thêm.", encoding="utf-8")
    summary, out = _run(tmp_path, [folder])
    assert (summary.succeeded, summary.failed) == (1, 1)
    assert "read alike" in read_jsonl(out / "errors.jsonl")[0]["reason"]


def test_an_output_folder_keeps_one_id_and_an_earlier_versions_output_its_path(tmp_path):
    from pipeline.io.outdir import mark_output, output_id

    new, other, old = tmp_path / "new", tmp_path / "other", tmp_path / "old"
    for folder in (new, other, old):
        folder.mkdir()
    mark_output(new)
    first = output_id(new)
    assert first.startswith("output-") and len(first) > 20
    mark_output(new)
    assert output_id(new) == first
    mark_output(other)
    assert output_id(other) not in (first, str(other.resolve()))
    (old / "documents.parquet").write_bytes(b"")   # written by a version whose mark held no id
    mark_output(old)
    assert output_id(old) == str(old.resolve())
