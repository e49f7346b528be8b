"""Issue 14, "Bad input": nulls and a warning in the record, never an error or a guess.

A document with no title block, a blank number ("Số: /BC-UBND"), a date line
that does not read, or a scanned PDF with no text layer gives a record whose
`document` has the unsure fields null and says why in `warnings`. The
documents are written here (an invented district "Tân Phong" of the invented
province "Hòa Lâm", made-up people and numbers); the scan is a PDF generated
with fpdf2 that draws shapes and no text.
"""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

import pipeline
from pipeline import batch
from pipeline.cli import main
from pipeline.io.readers import NO_TEXT_LAYER, READER_WARNINGS, read_file

SCHEMA = json.loads((Path(pipeline.__file__).parent / "schema" / "record.schema.json").read_text())

BODY = ("Thực hiện chỉ đạo của Ủy ban nhân dân huyện, Phòng Nông nghiệp báo cáo kết quả vụ lúa như sau:\n"
        "1. Diện tích gieo cấy đạt 1.200 ha.\n"
        "2. Năng suất bình quân đạt 62 tạ/ha.\n"
        "Phòng Nông nghiệp đề nghị các xã tiếp tục theo dõi./.\n\n")
CLOSING = "Nơi nhận:\n- UBND huyện;\n- Lưu: VT.\nTRƯỞNG PHÒNG\n\nĐặng Minh Tâm\n"


def report(number: str = "Số: 58/BC-NN", date: str = "Tân Phong, ngày 18 tháng 5 năm 2023") -> str:
    """A district office's report with the given number and date lines."""
    return ("UBND HUYỆN TÂN PHONG\nPHÒNG NÔNG NGHIỆP\n-------\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n"
            f"{number}\n{date}\n\n"
            "BÁO CÁO\nKết quả sản xuất vụ lúa đông xuân\n\n" + BODY + CLOSING)


def _record(nlp, text: str, **meta) -> dict:
    rec = pipeline.analyze(text, nlp, **meta)
    jsonschema.validate(rec, SCHEMA)
    return rec


def test_the_well_formed_report_reads_whole(nlp):
    d = _record(nlp, report())["document"]
    assert (d["doc_type"], d["number"], d["date"], d["issuer"]) == ("báo cáo", "58/BC-NN", "2023-05-18",
                                                                    "Phòng Nông nghiệp")
    assert d["warnings"] == []


@pytest.mark.parametrize("closing", [
    CLOSING,                                                                      # a title over a name
    "Nơi nhận:\n- UBND huyện;\n- Lưu: VT.\nKT. TRƯỞNG PHÒNG\nPHÓ TRƯỞNG PHÒNG\n\nĐặng Minh Tâm\n",
], ids=["title", "marker"])
def test_no_title_block_gives_null_header_fields_and_a_warning(nlp, closing):
    rec = _record(nlp, BODY + closing)
    d = rec["document"]
    assert d is not None
    assert all(d[k] is None for k in ("doc_type", "number", "issuer", "issuer_parent", "place", "date", "subject"))
    assert any("no title block" in w for w in d["warnings"])
    assert rec["date"] is None
    assert [s["name"] for s in d["signers"]] == ["Đặng Minh Tâm"]


@pytest.mark.parametrize("number", ["Số: /BC-NN", "Số:      /BC-NN", "Số: /BC-UBND"])
def test_a_blank_number_is_null_with_a_warning(nlp, number):
    d = _record(nlp, report(number=number))["document"]
    assert d["number"] is None
    assert any(w.startswith("number:") and "blank" in w for w in d["warnings"])
    # the rest of the header still reads
    assert (d["doc_type"], d["date"]) == ("báo cáo", "2023-05-18")


@pytest.mark.parametrize("date", [
    "Tân Phong, ngày  tháng  năm 2023",
    "Tân Phong, ngày ... tháng ... năm 2023",
    "Tân Phong, ngày 45 tháng 13 năm 2023",
    "Tân Phong, ngày 30 tháng 02 năm 2023",
    "Tân Phong, ngày mười tám tháng năm năm 2023",
    "Tân Phong, ngày 18 tháng 5 năm",
], ids=["blank", "dots", "impossible", "feb30", "words", "no_year"])
def test_an_unreadable_date_is_null_with_a_warning(nlp, date):
    rec = _record(nlp, report(date=date))
    d = rec["document"]
    assert d["date"] is None and rec["date"] is None and "date_inferred" not in rec
    assert any(w.startswith("date:") for w in d["warnings"])
    # the other fields are not disturbed by the bad line
    assert (d["doc_type"], d["number"], d["place"]) == ("báo cáo", "58/BC-NN", "Tân Phong")
    assert d["subject"] == "Kết quả sản xuất vụ lúa đông xuân"


# --- a scanned PDF --------------------------------------------------------------------

def _scan(path: Path) -> Path:
    """A PDF page with a filled shape and a drawn frame, and no text layer."""
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF(format="A4")
    pdf.add_page()
    pdf.rect(20, 20, 170, 40, style="F")
    pdf.rect(20, 80, 170, 150)
    pdf.line(20, 250, 190, 250)
    pdf.output(str(path))
    return path


def _news(path: Path) -> Path:
    path.write_text("Sáng 18/5, huyện Tân Phong khai mạc hội chợ nông sản với 120 gian hàng.\n", encoding="utf-8")
    return path


def _check_scan_record(rec: dict) -> None:
    jsonschema.validate(rec, SCHEMA)
    assert rec["id"] == "scan.pdf" and rec["sentences"] == [] and rec["entities"] == []
    d = rec["document"]
    assert all(d[k] is None for k in ("doc_type", "number", "issuer", "issuer_parent", "place", "date", "subject"))
    assert d["signers"] == [] and d["recipients"] == []
    assert d["warnings"] == [NO_TEXT_LAYER]


def test_a_scanned_pdf_is_an_empty_text_with_a_reader_warning(tmp_path):
    (item,) = list(read_file(_scan(tmp_path / "scan.pdf")))
    assert item.problem is None and item.text == ""
    assert item.meta[READER_WARNINGS] == [NO_TEXT_LAYER] and item.meta["id"] == "scan.pdf"


def test_a_scanned_pdf_gives_a_record_with_nulls_and_the_warning(tmp_path, nlp):
    (item,) = list(read_file(_scan(tmp_path / "scan.pdf")))
    _check_scan_record(pipeline.analyze(item.text, nlp, **item.meta))


def test_analyze_a_scanned_pdf_exits_cleanly_with_its_record(tmp_path):
    scan = _scan(tmp_path / "scan.pdf")
    result = CliRunner().invoke(main, ["analyze", str(scan), "--format", "json"])
    assert result.exit_code == 0, result.output
    _check_scan_record(json.loads(result.stdout))
    shown = CliRunner().invoke(main, ["analyze", str(scan), "--format", "text"])
    assert shown.exit_code == 0 and "warning: no text layer" in shown.stdout


def test_batch_keeps_a_scanned_pdf_as_a_record_not_an_error(tmp_path, nlp):
    folder = tmp_path / "in"
    folder.mkdir()
    _scan(folder / "scan.pdf")
    _news(folder / "tin.txt")
    summary = batch.run(batch.BatchOptions(inputs=[str(folder)], out=tmp_path / "out", workers=1, progress=False))
    out = tmp_path / "out"
    assert summary.exit_code == batch.EXIT_OK
    assert (out / "errors.jsonl").read_text(encoding="utf-8").strip() == ""
    records = {r["id"]: r for r in map(json.loads, (out / "documents.jsonl").read_text(encoding="utf-8").splitlines())}
    assert set(records) == {"scan.pdf", "tin.txt"}
    _check_scan_record(records["scan.pdf"])
    assert records["tin.txt"]["document"] is None
    import duckdb

    with duckdb.connect(str(out / batch.DATABASE), read_only=True) as con:
        rows = con.execute("select doc_id, n_chars, doc_type from documents order by doc_id").fetchall()
    assert rows == [("scan.pdf", 0, None), ("tin.txt", len((folder / "tin.txt").read_text(encoding="utf-8")), None)]


def test_reader_warnings_join_a_documents_own_warnings(nlp):
    rec = _record(nlp, report(number="Số: /BC-NN"), **{READER_WARNINGS: ["page 2: no text layer"]})
    w = rec["document"]["warnings"]
    assert w[0] == "page 2: no text layer" and any("blank" in x for x in w[1:])
    # a list only: a scalar field of the same name in an input record is not a warning
    assert _record(nlp, "Tin vắn trong ngày.", **{READER_WARNINGS: "x"})["document"] is None


def test_a_pdf_with_a_scanned_page_among_typed_ones_says_which_page_was_not_read(tmp_path):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF(format="A4")
    pdf.set_font("helvetica", size=12)
    pdf.add_page()
    pdf.cell(0, 10, "Bao cao ket qua thang 5, trang mot.")
    pdf.add_page()
    pdf.rect(20, 20, 170, 40, style="F")          # the scanned page: shapes, no text layer
    pdf.add_page()
    pdf.cell(0, 10, "Trang ba: noi nhan va chu ky.")
    path = tmp_path / "mixed.pdf"
    pdf.output(str(path))
    (item,) = list(read_file(path))
    assert item.problem is None
    assert "trang mot" in item.text and "Trang ba" in item.text
    (warning,) = item.meta[READER_WARNINGS]
    assert warning.startswith("page 2 of 3:")
    (typed,) = list(read_file(_news(tmp_path / "news.txt")))
    assert READER_WARNINGS not in typed.meta
