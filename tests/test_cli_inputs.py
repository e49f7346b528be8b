"""The CLI on broken inputs: one-line errors, never a traceback; metadata for plain files."""
import json
import subprocess
import sys
import unicodedata

import pytest
from click.testing import CliRunner

from pipeline import language
from pipeline.cli import main

GOOD = "Sáng 3/4/2024, Sở Tài chính tỉnh Bình An công bố số thu ngân sách quý I đạt 1.200 tỷ đồng."


def _invoke(args, **kw):
    result = CliRunner().invoke(main, args, **kw)
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    return result


@pytest.mark.parametrize("line, reason", [
    ('{"id": "bad", "title": "x\\ud800y", "text": "%s"}' % GOOD, "lone surrogate"),
    ("[" * 100_000, "nested too deeply"),
])
def test_analyze_reports_a_poison_line_and_prints_the_records_after_it(tmp_path, line, reason):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([json.dumps({"id": "a", "text": GOOD}), line,
                               json.dumps({"id": "b", "text": GOOD})]) + "\n", encoding="utf-8")
    result = _invoke(["analyze", str(path), "--format", "jsonl"])
    assert result.exit_code == 1
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == ["a", "b"]
    assert f"{path}:2" in result.stderr and reason in result.stderr


def test_analyze_an_unreadable_file_is_one_line(tmp_path, monkeypatch):
    from pipeline.io.readers import records   # read_jsonl's module, where it looks `_open_binary` up

    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "a", "text": GOOD}) + "\n", encoding="utf-8")

    def denied(p, size=None):
        raise PermissionError(13, "Permission denied", str(p))

    monkeypatch.setattr(records, "_open_binary", denied)
    result = _invoke(["analyze", str(path)])
    assert result.exit_code == 1 and result.stderr.strip() == f"error: {path}: Permission denied"


def test_analyze_a_text_longer_than_a_part_keeps_offsets(tmp_path, monkeypatch):
    monkeypatch.setattr(language, "PART_CHARS", 400)
    text = "\n".join(f"{GOOD} Đoạn {i}." for i in range(12))
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    result = _invoke(["analyze", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert len([e for e in record["entities"] if e["label"] == "MONEY"]) == 12
    assert all(text[e["start"]:e["end"]] == e["text"] for e in record["entities"])


def test_analyze_refuses_a_document_over_max_chars(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(GOOD * 10, encoding="utf-8")
    result = _invoke(["analyze", str(path), "--max-chars", "100"])
    assert result.exit_code == 1 and "--max-chars" in result.stderr and result.stdout == ""


def test_analyze_metadata_options_apply_to_a_plain_file(tmp_path):
    path = tmp_path / "thong-cao.txt"
    path.write_text(GOOD, encoding="utf-8")
    result = _invoke(["analyze", str(path), "--date", "2024-04-03", "--source", "sotc", "--title", "Thông cáo"])
    record = json.loads(result.stdout)
    assert (record["date"], record["source"], record["title"]) == ("2024-04-03", "sotc", "Thông cáo")
    assert _invoke(["analyze", str(path), "--date", "3/4/2024"]).exit_code == 2


def test_a_sidecar_gives_each_folder_file_its_metadata(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "sub" / "b.txt").write_text(GOOD + " Hai.", encoding="utf-8")
    meta = tmp_path / "meta.csv"
    meta.write_text("path,date,source,title\na.txt,2024-01-02,nguon-a,Tin A\nsub/b.txt,2024-02-03,,\n",
                    encoding="utf-8")
    result = _invoke(["analyze", str(folder), "--format", "jsonl", "--metadata", str(meta), "--source", "chung"])
    records = {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert (records["a.txt"]["date"], records["a.txt"]["source"], records["a.txt"]["title"]) == \
        ("2024-01-02", "nguon-a", "Tin A")
    assert (records["sub/b.txt"]["date"], records["sub/b.txt"]["source"]) == ("2024-02-03", "chung")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"path": "a.txt"}\n{"date": "2024-01-01"}\n', encoding="utf-8")
    result = _invoke(["analyze", str(folder), "--metadata", str(bad)])
    assert result.exit_code == 1 and f"{bad}:2" in result.stderr


def test_a_sidecar_in_the_folder_is_no_input_and_a_row_naming_no_file_is_a_warning(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    meta = folder / "meta.csv"
    meta.write_text("path,date\na.txt,2024-01-02\nb.txt,2024-01-03\n", encoding="utf-8")
    result = _invoke(["analyze", str(folder), "--format", "jsonl", "--metadata", str(meta)])
    assert result.exit_code == 0, result.stderr
    assert [(r["id"], r["date"]) for r in map(json.loads, result.stdout.splitlines())] == [("a.txt", "2024-01-02")]
    assert "'b.txt' names no file of the inputs" in result.stderr
    out = tmp_path / "out"
    batch = _invoke(["batch", str(folder), "--out", str(out), "--metadata", str(meta), "--workers", "1"])
    assert batch.exit_code == 0, batch.stderr
    assert [json.loads(line)["id"] for line in (out / "documents.jsonl").read_text().splitlines()] == ["a.txt"]


def test_a_file_named_with_decomposed_accents_is_the_same_document_as_its_name_typed(tmp_path):
    # macOS writes "Hồ sơ" with decomposed accents; a sidecar typed elsewhere has them composed
    import unicodedata

    folder = tmp_path / "in"
    (folder / unicodedata.normalize("NFD", "Báo cáo")).mkdir(parents=True)
    (folder / unicodedata.normalize("NFD", "Báo cáo") / unicodedata.normalize("NFD", "Hồ sơ.txt")).write_text(
        GOOD, encoding="utf-8")
    meta = tmp_path / "meta.csv"
    meta.write_text("path,date,source\nBáo cáo/Hồ sơ.txt,2024-01-02,so-a\n", encoding="utf-8")
    result = _invoke(["analyze", str(folder), "--format", "jsonl", "--metadata", str(meta)])
    assert result.exit_code == 0, result.stderr
    assert "names no file" not in result.stderr
    [record] = map(json.loads, result.stdout.splitlines())
    assert record["id"] == "Báo cáo/Hồ sơ.txt" == unicodedata.normalize("NFC", record["id"])
    assert (record["date"], record["source"]) == ("2024-01-02", "so-a")
    single = _invoke(["analyze", str(folder / unicodedata.normalize("NFD", "Báo cáo")
                                     / unicodedata.normalize("NFD", "Hồ sơ.txt")), "--format", "json"])
    assert json.loads(single.stdout)["id"] == "Hồ sơ.txt"


def test_a_docx_takes_its_title_from_its_properties_or_first_heading(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Báo cáo thu ngân sách quý I", level=1)
    document.add_paragraph(GOOD)
    document.save(tmp_path / "bao-cao.docx")
    document.core_properties.title = "Tiêu đề trong thuộc tính"
    document.save(tmp_path / "co-thuoc-tinh.docx")
    records = {r["id"]: r for r in map(json.loads, _invoke(["analyze", str(tmp_path), "--format", "jsonl"])
                                       .stdout.splitlines())}
    assert records["bao-cao.docx"]["title"] == "Báo cáo thu ngân sách quý I"
    assert records["co-thuoc-tinh.docx"]["title"] == "Tiêu đề trong thuộc tính"


def test_a_docx_record_carries_the_text_its_offsets_index(tmp_path):
    """A Word file's text is made by the reader (paragraphs, then a table's cells joined by "|"), so
    the record carries it, as a converted legacy file's does; a .txt record does not need to."""
    import docx

    document = docx.Document()
    document.add_paragraph("Báo cáo công tác thu ngân sách")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Đơn vị", "Số thu"
    table.cell(1, 0).text, table.cell(1, 1).text = "Cục Thuế tỉnh Nam Hà", "12 tỷ đồng"
    document.add_paragraph(GOOD)
    document.save(tmp_path / "bao-cao.docx")
    (tmp_path / "tin.txt").write_text(GOOD, encoding="utf-8")
    records = {r["id"]: r for r in map(json.loads, _invoke(["analyze", str(tmp_path), "--format", "jsonl"])
                                       .stdout.splitlines())}
    word = records["bao-cao.docx"]
    assert word["text_from"] == "docx" and "Cục Thuế tỉnh Nam Hà" in word["text"]
    assert word["entities"] and all(word["text"][e["start"]:e["end"]] == e["text"] for e in word["entities"])
    assert {"MONEY", "ORG"} <= {e["label"] for e in word["entities"]}
    assert "text" not in records["tin.txt"] and "text_from" not in records["tin.txt"]


def test_tokenize_reports_bad_lines_and_goes_on(tmp_path):
    path = tmp_path / "in.txt"
    path.write_bytes("Xin chào Hà Nội\n".encode() + b"\xff\xfe\n" + "Bộ Tài chính\n".encode() + b"x" * 50 + b"\n")
    result = _invoke(["tokenize", str(path), "--max-chars", "40"])
    assert result.stdout.splitlines() == ["Xin chào Hà_Nội", "", "Bộ Tài_chính", ""]
    assert f"{path}:2: not valid UTF-8" in result.stderr and f"{path}:4: line longer" in result.stderr
    assert result.exit_code == 1


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese keyboards write it: a letter with its vowel mark in one code
    ("ư", "ô"), its tone as a combining mark after it."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = b""
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out += (base + "".join(c for c in parts if c in tones)).encode("cp1258")
    return out


@pytest.mark.parametrize("encoding", ["windows-1258", "utf-16"])
def test_tokenize_reads_a_text_file_in_the_encodings_analyze_reads(tmp_path, encoding):
    """Windows-1258 (which writes some tones as combining marks) and UTF-16 with its mark: the lines
    segmented as those of the UTF-8 file, not an error per line."""
    text = GOOD + "\nÔng Nguyễn Văn Bình, Chủ tịch Ủy ban nhân dân tỉnh, dự họp.\n"
    (tmp_path / "utf8.txt").write_text(text, encoding="utf-8")
    (tmp_path / "other.txt").write_bytes(text.encode(encoding) if encoding == "utf-16" else _cp1258(text))
    want = _invoke(["tokenize", str(tmp_path / "utf8.txt")])
    got = _invoke(["tokenize", str(tmp_path / "other.txt")])
    assert got.exit_code == 0 and "not valid UTF-8" not in got.stderr
    assert [unicodedata.normalize("NFC", line) for line in got.stdout.splitlines()] == want.stdout.splitlines()
    assert len(want.stdout.splitlines()) == 2 and "Nguyễn_Văn_Bình" in want.stdout


def test_tokenize_into_a_full_disk_is_one_error_line(tmp_path):
    path = tmp_path / "in.txt"
    path.write_text("Xin chào Hà Nội\n" * 3000, encoding="utf-8")
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "tokenize", str(path)], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == ["error: cannot write the output: No space left on device"]


def test_tokenize_stops_on_binary_input(tmp_path):
    path = tmp_path / "zeros.bin"
    path.write_bytes(b"\x00" * 10_000)
    result = _invoke(["tokenize", str(path), "--max-chars", "100"])
    assert result.exit_code == 1 and "binary data" in result.stderr


def test_batch_db_url_password_never_printed(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "a", "text": GOOD}) + "\n", encoding="utf-8")
    for url in ("mysql://user:secret@host/db", "postgres://user:secret@[::1:5432/db"):
        result = _invoke(["batch", str(path), "--out", str(tmp_path / "out"), "--workers", "1", "--no-progress",
                          "--db", url])
        assert result.exit_code == 1 and "secret" not in result.output and "***" in result.stderr
        report = _invoke(["report", "--db", url, "--out", str(tmp_path / "r.html")])
        assert report.exit_code == 1 and "secret" not in report.output
    # an unreachable database is refused before the archive is analysed: nothing is written
    refused = _invoke(["batch", str(path), "--out", str(tmp_path / "out2"), "--workers", "1",
                       "--db", "postgresql://user:secret@127.0.0.1:1/db"])
    assert refused.exit_code == 1 and "cannot connect" in refused.stderr and "secret" not in refused.output
    assert not (tmp_path / "out2").exists()


def test_analyze_json_is_one_object_for_a_document_and_one_array_for_a_folder_or_archive(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty").mkdir()
    archive = tmp_path / "in.jsonl"
    archive.write_text("".join(json.dumps({"id": i, "text": GOOD}) + "\n" for i in ("x", "y")), encoding="utf-8")
    listed = tmp_path / "two.json"
    listed.write_text(json.dumps([{"id": "p", "text": GOOD}, {"id": "q", "text": GOOD}]), encoding="utf-8")
    one = json.loads(_invoke(["analyze", str(tmp_path / "d" / "a.txt")]).output)
    assert isinstance(one, dict) and one["id"] == "a.txt"
    assert [r["id"] for r in json.loads(_invoke(["analyze", str(tmp_path / "d")]).output)] == ["a.txt"]
    assert [r["id"] for r in json.loads(_invoke(["analyze", str(archive)]).output)] == ["x", "y"]
    assert [r["id"] for r in json.loads(_invoke(["analyze", str(listed)]).output)] == ["p", "q"]
    assert json.loads(_invoke(["analyze", str(tmp_path / "empty")]).output) == []
    (tmp_path / "none.json").write_text("[]", encoding="utf-8")
    (tmp_path / "one.json").write_text(json.dumps([{"id": "o", "text": GOOD}]), encoding="utf-8")
    assert json.loads(_invoke(["analyze", str(tmp_path / "none.json")]).output) == []
    assert [r["id"] for r in json.loads(_invoke(["analyze", str(tmp_path / "one.json")]).output)] == ["o"]


def test_tokenize_reads_archives_folders_and_gzip_as_analyze_does(tmp_path):
    import gzip

    archive = tmp_path / "in.jsonl"
    archive.write_text(json.dumps({"id": "a", "text": "Sở Tài chính họp.\nBộ Y tế họp."}) + "\n", encoding="utf-8")
    assert _invoke(["tokenize", str(archive)]).output.splitlines() == ["# a", "Sở Tài_chính họp .", "Bộ Y_tế họp .", ""]
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x.txt").write_text("Sở Tài chính họp.", encoding="utf-8")
    assert _invoke(["tokenize", str(tmp_path / "d")]).output.splitlines() == ["# x.txt", "Sở Tài_chính họp .", ""]
    with gzip.open(tmp_path / "t.txt.gz", "wt", encoding="utf-8") as fh:
        fh.write("Sở Tài chính họp.\n")
    assert _invoke(["tokenize", str(tmp_path / "t.txt.gz")]).output == "Sở Tài_chính họp .\n"
    # lines ended by a carriage return alone are lines; an id holding a line break stays on its "# ID" line
    assert _invoke(["tokenize", "-"], input="Sở Tài chính họp.\rBộ Y tế họp.\r").output == \
        "Sở Tài_chính họp .\nBộ Y_tế họp .\n"
    archive.write_text(json.dumps({"id": "a\nb", "text": "Sở Tài chính họp."}) + "\n", encoding="utf-8")
    assert _invoke(["tokenize", str(archive)]).output.splitlines()[0] == "# a b"


def test_a_date_that_is_no_date_is_said_not_dropped_silently(tmp_path):
    archive = tmp_path / "in.jsonl"
    archive.write_text(json.dumps({"id": "a", "date": "2024-13-45", "text": GOOD}) + "\n", encoding="utf-8")
    result = _invoke(["analyze", str(archive), "--format", "jsonl"])
    assert result.exit_code == 0
    assert "date '2024-13-45' is not a date" in result.stderr
    assert json.loads(result.stdout)["date"] == "2024-04-03"   # the lead's, marked inferred
    out = tmp_path / "out"
    batch = _invoke(["batch", str(archive), "--out", str(out), "--workers", "1"])
    assert batch.exit_code == 0 and "date '2024-13-45' is not a date" in batch.stderr
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    for rows, problem in (("a.txt,31/2/2020\n", ":2: date '31/2/2020' is not a date"),
                          ("a.txt,2024-01-02\na.txt,2024-01-03\n", ":3: 'a.txt' is listed again (first on line 2)")):
        meta = tmp_path / "meta.csv"
        meta.write_text("path,date\n" + rows, encoding="utf-8")
        refused = _invoke(["analyze", str(folder), "--metadata", str(meta)])
        assert refused.exit_code == 1 and problem in refused.stderr


def test_files_a_folder_holds_that_are_not_read_are_named_by_type(tmp_path):
    folder = tmp_path / "mix"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "c.html").write_text("<p>x</p>", encoding="utf-8")
    result = _invoke(["analyze", str(folder), "--format", "jsonl"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 1
    assert "2 item(s) not read (.doc, .html): b.doc, c.html" in result.stderr


def test_a_link_that_loops_is_named_as_not_read_and_the_rest_is_read(tmp_path):
    """A link to itself made `analyze` and `batch` stop with a traceback (resolving it loops)."""
    folder = tmp_path / "loop"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "self").symlink_to("self")
    result = _invoke(["analyze", str(folder), "--format", "jsonl"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 1
    assert "1 item(s) not read ((links to nothing)): self" in result.stderr


def test_a_batch_out_folder_it_may_not_write_says_so_not_resume(tmp_path, monkeypatch):
    """A read-only --out cannot be helped by running again: the message says what to change."""
    from pipeline import batch

    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "a", "text": GOOD}) + "\n", encoding="utf-8")

    def denied(opts):
        raise PermissionError(13, "Permission denied", str(tmp_path / "out" / "chunks"))

    monkeypatch.setattr(batch, "run", denied)
    result = _invoke(["batch", str(path), "--out", str(tmp_path / "out"), "--no-progress"])
    assert result.exit_code == 1
    assert "cannot write in" in result.stderr and "Permission denied" in result.stderr
    assert "run again" not in result.stderr


def test_analyze_prints_a_repeated_id_with_a_warning(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": GOOD}, ensure_ascii=False) + "\n"
                            for i in ("a", "b", "a")), encoding="utf-8")
    result = _invoke(["analyze", str(path), "--format", "jsonl"])
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a", "b", "a"]
    assert f"{path}:3 (id a): duplicate id 'a' (first at {path}:1" in result.stderr
    assert result.stderr.count("duplicate id") == 1 and result.exit_code == 0


def test_an_empty_file_and_one_of_white_space_are_told_apart(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text(" \n\t\n", encoding="utf-8")
    result = _invoke(["analyze", str(tmp_path), "--format", "jsonl"])
    assert f"{tmp_path / 'empty.txt'}: file is empty" in result.stderr
    assert f"{tmp_path / 'blank.txt'}: file holds only white space" in result.stderr


def test_a_summary_json_that_cannot_be_written_is_refused_before_the_work(tmp_path):
    """It failed after the whole batch had run."""
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": GOOD}, ensure_ascii=False) + "\n", encoding="utf-8")
    result = _invoke(["batch", str(src), "--out", str(tmp_path / "out"), "--workers", "1",
                      "--summary-json", str(tmp_path / "missing" / "s.json")])
    assert result.exit_code == 1 and "no folder" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args, message", [
    (["--title", "B\udce1o"], "'--title': is not valid UTF-8 text"),
    (["--source", "\udcff"], "'--source': is not valid UTF-8 text"),
    (["--date", "1899-12-31"], "a publication date lies in the years 1900-2100"),
    (["--date", "2101-01-01"], "a publication date lies in the years 1900-2100"),
    (["--date", "2020-02-30"], "'2020-02-30' is no calendar date (day is out of range for month)"),
    (["--date", "30/2/2020"], "'30/2/2020' is not a date written YYYY-MM-DD"),
])
def test_plain_file_metadata_that_no_record_could_hold_is_refused_up_front(tmp_path, args, message):
    # bytes the shell passes in another encoding reach Python as lone surrogates: no output encodes them
    path = tmp_path / "a.txt"
    path.write_text(GOOD, encoding="utf-8")
    for command in (["analyze", str(path)], ["batch", str(path), "--out", str(tmp_path / "out")]):
        result = _invoke([*command, *args])
        assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "out").exists()


def test_a_folder_names_what_is_no_regular_file_among_what_it_does_not_read(tmp_path):
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "null.txt").symlink_to("/dev/null")
    result = _invoke(["analyze", str(folder), "--format", "jsonl"])
    assert result.exit_code == 0
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == ["a.txt"]
    assert "2 item(s) not read ((not regular files: pipes, sockets, devices)): null.txt, pipe.txt" in result.stderr


@pytest.mark.parametrize("text, meta, message", [
    ("Bộ trưởng Lê Văn An\ud800 phát biểu.", {}, r"lone surrogate \(U\+D800\) at character 19"),
    (GOOD, {"date": "not a date"}, "date 'not a date' is not a date"),
    (GOOD, {"date": "1850-01-01"}, "is not a date"),
])
def test_the_library_refuses_what_the_cli_refuses_with_a_message(nlp, text, meta, message):
    with pytest.raises(ValueError, match=message):
        language.analyze(text, nlp=nlp, **meta)
    assert language.analyze(GOOD, nlp=nlp, date="2024-04-03")["date"] == "2024-04-03"


def test_tokenize_gives_one_line_per_input_line_in_every_encoding_and_a_line_limit_per_line(tmp_path):
    """Probe of session 53: a UTF-16 file was cut at a form feed and U+2028 (5 lines for 3), and
    --max-chars refused a UTF-16 file whole though each line was short."""
    text = "Trang một có Hà Nội.\x0cTrang hai.\nDòng có\u2028ngắt dòng.\nDòng cuối.\n"
    (tmp_path / "u8.txt").write_text(text, encoding="utf-8")
    (tmp_path / "u16.txt").write_bytes(text.encode("utf-16"))
    want = _invoke(["tokenize", str(tmp_path / "u8.txt")]).stdout.splitlines()
    assert len(want) == 3
    assert _invoke(["tokenize", str(tmp_path / "u16.txt")]).stdout.splitlines() == want
    lines = "".join(f"Dòng số {i} có Hà Nội.\n" for i in range(50)) + "x" * 120 + "\n"
    (tmp_path / "long16.txt").write_bytes(lines.encode("utf-16"))
    got = _invoke(["tokenize", str(tmp_path / "long16.txt"), "--max-chars", "100"])
    assert got.exit_code == 1 and len(got.stdout.splitlines()) == 51 and got.stdout.splitlines()[-1] == ""
    assert f"{tmp_path / 'long16.txt'}:51: line longer than 100" in got.stderr


def test_tokenize_reads_gzipped_stdin_and_says_what_a_folder_leaves_and_where_reading_stopped(tmp_path):
    import gzip

    packed = gzip.compress("Sở Tài chính họp.\nBộ Y tế họp.\n".encode())
    assert _invoke(["tokenize", "-"], input=packed).stdout == "Sở Tài_chính họp .\nBộ Y_tế họp .\n"
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x.bin").write_bytes(b"\x00\x01")
    empty = _invoke(["tokenize", str(tmp_path / "d")])
    assert empty.exit_code == 1 and "1 item(s) not read (.bin)" in empty.stderr and "no document" in empty.stderr
    (tmp_path / "nul.txt").write_bytes("Dòng một.\nDòng hai\x00.\nDòng ba.\n".encode())
    stopped = _invoke(["tokenize", str(tmp_path / "nul.txt")])
    assert stopped.exit_code == 1 and "reading stopped at line 2: the lines after it were not tokenised" in stopped.stderr


def test_tokenize_keeps_the_characters_no_word_holds():
    """A stray combining accent and a zero-width non-joiner were dropped from the output."""
    from pipeline.text.tokenizer import tokenize_line

    for line in ("Trẻ em \u0301dấu lẻ.", "Nhà\u200dnước\u200c và cộng đồng.", "Xin chào Hà Nội."):
        out = tokenize_line(line)
        assert "".join(out.replace("_", " ").split()) == "".join(line.split()), (line, out)


def test_a_record_whose_date_is_no_date_is_analysed_without_it_as_the_warning_says(tmp_path):
    """`analyze` warned "left out" and then failed the record on the date it had not left out."""
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "a", "date": "31/02/2024", "text": GOOD}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    result = _invoke(["analyze", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    assert "left out" in result.stderr and "pipeline error" not in result.stderr
    assert json.loads(result.stdout)["date"] == "2024-04-03"   # the lead's
