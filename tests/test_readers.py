"""Readers: every format, every bad-record kind, with where it was."""
import gzip
import json
from pathlib import Path

import pytest

from pipeline.io.readers import FieldMap, InputError, count_items, iter_items, looks_binary

GOOD = "Sáng 4/3/2024, Sở Tài chính tỉnh An Giang họp bàn kế hoạch tiết kiệm chi."


def _items(path, **fields):
    return list(iter_items(path, FieldMap(**fields)))


def write_jsonl(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("line, reason", [
    ('{"id": "a", "text": ', "invalid JSON"),
    ('{"id": "a", "text": "b"', "invalid JSON: Expecting ',' delimiter at the end of the line"),
    ('{"id": "a", "text": "b\tc"}', "invalid JSON: Invalid control character at column 23"),
    ('{"id": "a" "text": "b"}', "invalid JSON: Expecting ',' delimiter at column 12"),
    ('{"id": "a"}', "no 'text' field"),
    ('{"id": "a", "text": 42}', "int, not a string"),
    ('{"id": "a", "text": ["x"]}', "list, not a string"),
    ('{"id": "a", "text": "   "}', "empty"),
    ('{"id": "a", "text": null}', "'text' is null: no text"),
    ('{"id": "a", "text": "abc\\u0000def"}', "binary"),
    ('{"id": "a", "text": "\\u0001\\u0002\\u0003\\u0004xy"}', "binary"),
    ('["a list", "not a record"]', "record is an array, not an object"),
    ("null", "record is null, not an object"),          # in JSON's words, not Python's ("NoneType")
    ('"a string"', "record is a string, not an object"),
])
def test_each_bad_jsonl_record_is_reported_with_its_line(tmp_path, line, reason):
    path = write_jsonl(tmp_path / "in.jsonl", [json.dumps({"id": "ok1", "text": GOOD}), line,
                                               json.dumps({"id": "ok2", "text": GOOD})])
    items = _items(path)
    assert [i.meta.get("id") for i in items if not i.problem] == ["ok1", "ok2"]
    bad = [i for i in items if i.problem]
    assert len(bad) == 1
    assert reason in bad[0].problem
    assert bad[0].where.startswith(f"{path}:2")


def test_a_line_of_invalid_utf8_is_reported_and_the_next_lines_read(tmp_path):
    path = tmp_path / "in.jsonl"
    good = json.dumps({"text": GOOD}).encode() + b"\n"
    path.write_bytes(good + b'{"text": "\xff\xfe"}\n' + good)
    items = _items(path)
    assert [i.text for i in items] == [GOOD, None, GOOD]
    assert "UTF-8" in items[1].problem and items[1].where.endswith(":2")


def test_gzipped_jsonl_and_field_map(tmp_path):
    path = tmp_path / "in.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"noi_dung": GOOD, "ma": "x1", "ngay": "2024-03-04"}) + "\n")
    [item] = _items(path, text="noi_dung", id="ma", date="ngay")
    assert item.text == GOOD and item.meta["id"] == "x1" and item.meta["date"] == "2024-03-04"
    assert count_items(path) == 1


def test_csv_rows_quoted_newlines_and_bad_rows(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text('id,text\n'
                    'a,"Dòng một.\nDòng hai, có dấu phẩy."\n'
                    'b,\n'
                    'c,x,y\n'
                    'd,Một câu ngắn.\n', encoding="utf-8")
    items = _items(path)
    ok = [i for i in items if not i.problem]
    assert [i.meta["id"] for i in ok] == ["a", "d"]
    assert ok[0].text == "Dòng một.\nDòng hai, có dấu phẩy."
    problems = {i.where.split(" ")[0]: i.problem for i in items if i.problem}
    # line numbers count physical lines: row "a" spans lines 2-3
    assert problems == {f"{path}:4": "'text' is empty", f"{path}:5": "row has 3 fields, the header has 2"}


def test_a_stray_quote_costs_only_its_own_row(tmp_path):
    """A quote opened in a cell and never closed made the rest of the file one malformed row: 196 of
    200 records lost as one error. The row it opens on is the broken record; every line after is read."""
    path = tmp_path / "in.csv"
    text = GOOD.replace(",", "")
    rows = [f'r{i},"{text} Ông nói xong,s{i}' if i == 3 else f"r{i},{text},s{i}" for i in range(200)]
    path.write_text("id,text,source\n" + "\n".join(rows) + "\n", encoding="utf-8")
    items = _items(path)
    assert [i.meta["id"] for i in items if not i.problem] == [f"r{i}" for i in range(200) if i != 3]
    [bad] = [i for i in items if i.problem]
    assert bad.where == f"{path}:5" and "quote" in bad.problem
    # a quoted cell over two lines is still one cell
    path.write_text(f'id,text,source\nr0,"{GOOD}\nDòng hai.",s0\nr1,{text},s1\n', encoding="utf-8")
    assert [(i.meta["id"], i.problem) for i in _items(path)] == [("r0", None), ("r1", None)]


def test_a_quote_closed_a_line_late_costs_its_own_row_not_the_next(tmp_path):
    """A quote opened in one row and closed in the next left the right field count: the second row
    was swallowed into the first one's title, without a word. The row it opens on is reported; the
    next row is read."""
    path = tmp_path / "in.csv"
    text = GOOD.replace(",", "")
    rows = [f'r{i},"Tiêu đề {i},{text}' if i == 3 else
            f'r{i},Tiêu đề {i}",{text}' if i == 4 else f"r{i},Tiêu đề {i},{text}" for i in range(8)]
    path.write_text("id,title,text\n" + "\n".join(rows) + "\n", encoding="utf-8")
    items = _items(path)
    assert [i.meta["id"] for i in items if not i.problem] == [f"r{i}" for i in range(8) if i != 3]
    [bad] = [i for i in items if i.problem]
    assert bad.where == f"{path}:5" and "line 6" in bad.problem
    # a title cell that really spans two lines, its second line opening with words, is one cell
    path.write_text(f'id,title,text\nr0,Một,{text}\nr1,"Tiêu đề\nhai, ba",{text}\nr2,Hai,{text}\n', encoding="utf-8")
    assert [(i.meta["id"], i.problem) for i in _items(path)] == [("r0", None), ("r1", None), ("r2", None)]


def test_json_lines_ended_by_a_carriage_return_alone_are_records(tmp_path):
    """Read as one line, 50 records were one error ("Extra data")."""
    path = tmp_path / "in.jsonl"
    records = [json.dumps({"id": f"c{i}", "text": GOOD}, ensure_ascii=False) for i in range(50)]
    path.write_bytes(("\r".join(records) + "\r").encode("utf-8"))
    items = _items(path)
    assert [i.meta["id"] for i in items if not i.problem] == [f"c{i}" for i in range(50)]
    assert count_items(path) == 50


def test_a_spreadsheet_export_with_unnamed_trailing_columns_is_read(tmp_path):
    """Excel pads a sheet's rows with empty columns ("id;text;;"): refused as a header naming '' twice."""
    path = tmp_path / "in.csv"
    path.write_text(f"id;text;;\na;{GOOD};;\n", encoding="utf-8")
    [item] = _items(path)
    assert (item.meta["id"], item.text, item.problem) == ("a", GOOD, None)


def test_a_date_given_as_a_number_is_a_warning_not_a_lost_record(tmp_path):
    """"date": 20190912 set the record aside ("'date' is a int"), where a date string it could not read
    was only left out with a warning."""
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "n", "text": GOOD, "date": 20190912}) + "\n", encoding="utf-8")
    [item] = _items(path)
    assert item.problem is None and item.text == GOOD and "left out" in item.warnings[0]


def test_a_null_or_nan_text_says_so(tmp_path):
    """A JSON null or NaN text was reported as "'text' is empty", which reads as an empty string."""
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "n", "text": null}\n{"id": "m", "text": NaN}\n{"id": "e", "text": " "}\n',
                    encoding="utf-8")
    assert [i.problem for i in _items(path)] == ["'text' is null: no text", "'text' is NaN: no text",
                                                  "'text' is empty"]


def test_parquet_through_datasets(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": ["p1", "p2", "p3"], "body": [GOOD, None, "Hai câu. Ba câu."]}), path)
    items = _items(path, text="body")
    assert [(i.meta["id"], i.problem) for i in items] == [("p1", None), ("p2", "'body' is null: no text"), ("p3", None)]
    assert items[1].where.startswith(f"{path}[row 2]")
    assert count_items(path) == 3


def test_folder_of_txt_docx_and_pdf_reports(tmp_path):
    import docx

    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    document = docx.Document()
    document.add_paragraph("Báo cáo tổng kết công tác thi đua năm 2024.")
    document.add_paragraph("")
    document.add_paragraph("Đơn vị đạt Cờ thi đua của Chính phủ.")
    document.save(tmp_path / "b.docx")
    (tmp_path / "c.pdf").write_bytes(_minimal_pdf("Bao cao quy III nam 2024"))
    (tmp_path / "d.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    items = {i.where.rsplit("/", 1)[-1]: i for i in _items(tmp_path)}
    assert set(items) == {"a.txt", "b.docx", "c.pdf", "d.pdf"}
    assert items["a.txt"].text == GOOD
    assert items["b.docx"].text == ("Báo cáo tổng kết công tác thi đua năm 2024.\n"
                                    "Đơn vị đạt Cờ thi đua của Chính phủ.")
    assert "Bao cao quy III nam 2024" in items["c.pdf"].text
    assert items["d.pdf"].problem and items["d.pdf"].text is None
    assert count_items(tmp_path) == 4


def test_gzipped_docx_pdf_and_parquet_read_like_the_files_themselves(tmp_path):
    import docx
    import pyarrow as pa
    import pyarrow.parquet as pq

    plain, zipped = tmp_path / "plain", tmp_path / "zipped"
    plain.mkdir(), zipped.mkdir()
    document = docx.Document()
    document.add_paragraph("Báo cáo tổng kết công tác thi đua năm 2024.")
    document.save(plain / "b.docx")
    (plain / "c.pdf").write_bytes(_minimal_pdf("Bao cao quy III nam 2024"))
    pq.write_table(pa.table({"id": ["p1", "p2"], "text": [GOOD, "Hai câu. Ba câu."]}), plain / "t.parquet")
    for f in plain.iterdir():
        (zipped / (f.name + ".gz")).write_bytes(gzip.compress(f.read_bytes()))
    (zipped / "cut.pdf.gz").write_bytes(gzip.compress(_minimal_pdf("x"))[:-12])

    def read(folder):
        return {(i.where.rsplit("/", 1)[-1], i.meta.get("id"), i.meta.get("title"), i.text, i.problem)
                for i in _items(folder)}

    got = read(zipped)
    cut = {r for r in got if r[0] == "cut.pdf.gz"}
    assert len(cut) == 1 and "truncated" in cut.pop()[4]
    renamed = {(w.replace(".gz", ""), i.replace(".gz", "") if i else i, t, x, p) for w, i, t, x, p in got
               if w != "cut.pdf.gz"}
    assert renamed == read(plain)   # the same texts, titles and ids, the .gz aside
    assert {w for w, *_ in got} == {"b.docx.gz", "c.pdf.gz", "cut.pdf.gz",
                                   "t.parquet.gz[row 1] (id p1)", "t.parquet.gz[row 2] (id p2)"}
    bad = tmp_path / "bad.parquet.gz"
    bad.write_bytes(gzip.compress(b"not a parquet file"))
    with pytest.raises(InputError, match=rf"^{bad}: unreadable Parquet file"):   # its own name, not the temporary one
        _items(bad)


def _minimal_pdf(text: str) -> bytes:
    """A one-page PDF with `text` (ASCII) in its text layer, built by hand."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _encrypted_pdf(path: Path, user_password: str) -> Path:
    """The one-page PDF of `_minimal_pdf`, encrypted with AES-256 by pypdf."""
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(_minimal_pdf("Bao cao quy III nam 2024"))))
    writer.encrypt(user_password=user_password, owner_password="chu-so-huu", algorithm="AES-256")
    writer.write(str(path))
    return path


def test_an_aes_encrypted_pdf_that_anyone_can_open_is_read(tmp_path):
    (item,) = _items(_encrypted_pdf(tmp_path / "aes.pdf", ""))
    assert item.problem is None and "Bao cao quy III nam 2024" in item.text


def test_a_pdf_that_needs_a_password_says_it_is_password_protected(tmp_path):
    (item,) = _items(_encrypted_pdf(tmp_path / "secret.pdf", "mat-khau"))
    assert item.text is None and item.problem.startswith("password-protected .pdf")


def test_unsupported_and_missing_inputs_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        _items(tmp_path / "missing.jsonl")
    odd = tmp_path / "table.xlsx"
    odd.write_bytes(b"x")
    with pytest.raises(InputError, match="unsupported input type"):
        _items(odd)


def test_looks_binary_accepts_prose_with_layout_characters():
    assert not looks_binary("Dòng một.\n\tDòng hai.\r\nDòng ba.")
    assert looks_binary("PK\x03\x04\x14\x00\x06\x00" + "a" * 20)


def test_a_csv_without_the_text_column_or_in_utf16_is_one_clear_error(tmp_path):
    """Not one "no 'text' field" per row, nor Python's csv message about universal newlines."""
    from pipeline.io.readers import InputError

    rows = "id,title,noi_dung\n1,Tin một," + GOOD + "\n2,Tin hai," + GOOD + "\n"
    (tmp_path / "other.csv").write_text(rows, encoding="utf-8")
    (tmp_path / "excel.csv").write_bytes(rows.replace("noi_dung", "text").encode("utf-16"))
    with pytest.raises(InputError, match=r"no 'text' column \(it has 'id', 'title', 'noi_dung'\).*--text-field"):
        list(_items(tmp_path / "other.csv"))
    with pytest.raises(InputError, match="UTF-16"):
        list(_items(tmp_path / "excel.csv"))
