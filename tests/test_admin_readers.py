"""Word and PDF administrative documents read into the pipeline (issue 14).

The documents are generated here (python-docx, fpdf2) from the invented texts
of tests/test_admin.py; nothing of the reference corpus is used.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from test_admin import NORMAL

import pipeline
from pipeline.io.readers import READER_WARNINGS, join_pdf_lines, read_file

FONTS = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
         Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
         Path("/Library/Fonts/DejaVuSans.ttf")]
BODY = ("Thực hiện Kế hoạch số 56/KH-UBND ngày 02/01/2024 của Ủy ban nhân dân tỉnh Hòa Lâm và Nghị định số "
        "15/2020/NĐ-CP của Chính phủ, Sở Tài chính báo cáo kết quả thu ngân sách quý I năm 2024 của Cục Hải quan "
        "tỉnh Hòa Lâm và các chi cục trực thuộc như sau:")


def _item(path):
    (item,) = list(read_file(path))
    return item


def _font():
    for f in FONTS:
        if f.exists():
            return f
    pytest.skip("no DejaVuSans.ttf to print Vietnamese into a generated PDF")


def _pdf(path: Path, lines: list[str], width: float = 120) -> Path:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF(format="A4")
    pdf.add_page()
    pdf.add_font("dv", "", str(_font()))
    pdf.set_font("dv", size=11)
    for line in lines:
        if not line:
            pdf.ln(5)
        elif line.isupper():
            pdf.cell(0, 6, line, align="C", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.multi_cell(width, 6, line, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    pdf.output(str(path))
    return path


def test_pdf_wrapped_lines_become_paragraphs_and_headings_stay(tmp_path, nlp):
    text = NORMAL.replace("Thực hiện Kế hoạch số 56/KH-UBND ngày 02/01/2024 của Ủy ban nhân dân tỉnh Hòa Lâm\n"
                          "và Nghị định số 15/2020/NĐ-CP của Chính phủ, Sở Tài chính báo cáo như sau:", BODY)
    item = _item(_pdf(tmp_path / "bc.pdf", text.split("\n")))
    assert item.problem is None
    lines = item.text.split("\n")
    assert BODY in lines                         # wrapped over three printed lines, one paragraph again
    for heading in ("ỦY BAN NHÂN DÂN", "SỞ TÀI CHÍNH", "BÁO CÁO", "GIÁM ĐỐC", "Nơi nhận:", "- Bộ Tài chính;"):
        assert heading in lines
    rec = pipeline.analyze(item.text, nlp, **item.meta)
    d = rec["document"]
    assert (d["doc_type"], d["number"], d["date"], d["issuer"]) == ("báo cáo", "1234/BC-STC", "2024-03-07", "Sở Tài chính")
    assert d["signers"][0]["name"] == "Phan Quốc Khải"
    orgs = [e["text"] for e in rec["entities"] if e["label"] == "ORG"]
    assert "Cục Hải quan tỉnh Hòa Lâm" in orgs


def test_join_pdf_lines_rules():
    page = ("   ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Thực  hiện  Kế  hoạch  số  56/KH-UBND  của  Ủy  ban\n"
            "nhân dân tỉnh, Sở báo cáo như sau:\n"
            "1. Thu ngân sách đạt\n"
            "25% dự toán.\n"
            "a) Chi thường xuyên.\n\n"
            "Nơi nhận:\n")
    assert join_pdf_lines(page).split("\n") == [
        "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Thực hiện Kế hoạch số 56/KH-UBND của Ủy ban nhân dân tỉnh, Sở báo cáo như sau:",
        "1. Thu ngân sách đạt 25% dự toán.",
        "a) Chi thường xuyên.",
        "Nơi nhận:"]


def test_a_centred_subject_over_body_lines_with_no_gap_stays_its_own_paragraph():
    """Layout text keeps a line's margins: a centred title (two lines of it join) is not run into the
    left-aligned body printed right under it, nor is "Mục 1." a continuation."""
    body = "Đoàn kiểm tra công vụ của tỉnh đã kiểm tra đột xuất mười hai cơ quan trong"
    page = "\n".join(["Kết quả kiểm tra công vụ tại các sở, ban, ngành".center(len(body)).rstrip(),
                      "của tỉnh năm 2026".center(len(body)).rstrip(), body,
                      "năm, phát hiện 5 công chức vi phạm giờ giấc làm việc.",
                      "Mục 2. Các cơ quan đã chấn chỉnh kịp thời."])
    assert join_pdf_lines(page).split("\n") == [
        "Kết quả kiểm tra công vụ tại các sở, ban, ngành của tỉnh năm 2026",
        "Đoàn kiểm tra công vụ của tỉnh đã kiểm tra đột xuất mười hai cơ quan trong năm, phát hiện 5 công chức "
        "vi phạm giờ giấc làm việc.",
        "Mục 2. Các cơ quan đã chấn chỉnh kịp thời."]


def test_body_text_in_two_columns_is_read_column_by_column_and_a_header_beside_the_motto_is_not():
    left = ["Sở Nội vụ tỉnh Hòa Lâm đã tổ chức kiểm tra", "công vụ tại mười hai cơ quan, đơn vị trong",
            "quý III năm 2026. Qua kiểm tra, đoàn phát", "hiện 7 công chức đi muộn, về sớm và 2 công",
            "chức sử dụng điện thoại vào việc riêng trong", "giờ làm việc. Số tiền phạt vi phạm là"]
    right = ["12.500.000 đồng, đã nộp vào ngân sách.", "Sở Nội vụ đề nghị các cơ quan chấn chỉnh",
             "ngay việc chấp hành kỷ luật, kỷ cương hành", "chính và báo cáo kết quả khắc phục trước",
             "ngày 30 tháng 10 năm 2026 để tổng hợp."]
    page = "\n".join(["   SỞ NỘI VỤ                        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                      "   TỈNH HÒA LÂM                         Độc lập - Tự do - Hạnh phúc", ""]
                     + [f"{a:<51}{b}".rstrip() for a, b in zip(left, right + [""])]
                     + ["", "Nơi nhận:                                          KT. GIÁM ĐỐC",
                        "- Như trên;                                         PHÓ GIÁM ĐỐC",
                        "- Lưu: VT.                                          Trần Văn Bình"])
    lines = join_pdf_lines(page).split("\n")
    assert lines[:2] == ["SỞ NỘI VỤ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TỈNH HÒA LÂM\tĐộc lập - Tự do - Hạnh phúc"]
    assert " ".join(left + right) in lines          # one paragraph, in reading order ("12.500.000" is no label)
    assert lines[-3:] == ["Nơi nhận:\tKT. GIÁM ĐỐC", "- Như trên;\tPHÓ GIÁM ĐỐC", "- Lưu: VT.\tTrần Văn Bình"]


def test_three_columns_are_read_in_turn_and_a_paragraph_ends_at_a_short_line_ending_a_sentence():
    columns = [["Theo Sở Du lịch thành phố Đà", "Nẵng, trong tháng 10/2026 thành", "phố đón khoảng 1,2 triệu lượt",
                "khách lưu trú, tăng 18,4% so với", "cùng kỳ năm trước.", "Tổng thu từ khách du lịch đạt"],
               ["3.450 tỷ đồng, chủ yếu từ khách", "Hàn Quốc và Nhật Bản. Giám đốc", "Sở Du lịch Đà Nẵng Lê Quang",
                "Minh cho biết thành phố sẽ mở", "thêm ba đường bay quốc tế mới.", "Ngày 20/11/2026, thành phố"],
               ["tổ chức hội nghị xúc tiến du", "lịch tại Seoul với sự tham gia", "của 60 doanh nghiệp lữ hành ở",
                "các tỉnh miền Trung và Tây", "Nguyên, theo kế hoạch của Sở.", ""]]
    page = "\n".join(f"{a:<38}{b:<38}{c}".rstrip() for a, b, c in zip(*columns))
    assert join_pdf_lines(page).split("\n") == [
        " ".join(columns[0][:5]),
        " ".join(columns[0][5:] + columns[1] + columns[2][:5])]


def test_a_ligature_is_read_as_its_letters():
    from pipeline.io.readers.documents import pdf_page_text

    class Page:   # what pypdf gives for a font that draws "fi" and "fl" as one glyph
        def extract_text(self, extraction_mode="plain"):
            return "Doanh nghiệp dùng nền tảng \ufb01ntech và \ufb02ow thanh toán."

    assert pdf_page_text(Page()) == "Doanh nghiệp dùng nền tảng fintech và flow thanh toán."


def test_a_printed_web_pages_running_header_and_footer_are_left_out_and_its_sentences_joined():
    from pipeline.io.readers.documents import join_pages

    header, url = "baotinmoi.vn\tThứ Hai, 02/11/2026 08:30", "https://baotinmoi.vn/kinh-te/cang-bien-post1234.html"
    pages = [f"{header}\nCảng biển Nghi Sơn đón tàu 200.000 tấn\nDự án được Ngân hàng Phát triển\n{url}\t1/3",
             f"{header}\nChâu Á tài trợ 45%. Cảng sẽ mở rộng dịch vụ logis-\n{url}\t2/3",
             f"{header}\ntics cho các tỉnh Bắc Trung Bộ.\n{url}\t3/3"]
    assert join_pages(pages).split("\n") == [
        "Cảng biển Nghi Sơn đón tàu 200.000 tấn",
        "Dự án được Ngân hàng Phát triển Châu Á tài trợ 45%. Cảng sẽ mở rộng dịch vụ logistics cho các tỉnh Bắc "
        "Trung Bộ."]
    # one page: nothing is a running header
    assert join_pages([pages[0]]) == pages[0]


def test_scanned_pdf_without_text_is_an_empty_text_with_a_warning_not_a_crash(tmp_path):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 150, style="F")       # an image-like page: no text layer
    pdf.output(str(tmp_path / "scan.pdf"))
    item = _item(tmp_path / "scan.pdf")
    # its record carries the warning (tests/test_admin_bad_input.py)
    assert item.problem is None and item.text == ""
    assert any("no text layer" in w for w in item.meta[READER_WARNINGS])


def _docx(path: Path) -> Path:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.core_properties.title = ""
    head = d.add_table(rows=2, cols=2)
    head.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH HÒA LÂM\nSỞ TÀI CHÍNH"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    head.cell(1, 0).text = "Số: 1234/BC-STC"
    head.cell(1, 1).text = "Hòa Lâm, ngày 07 tháng 3 năm 2024"
    d.add_heading("BÁO CÁO", level=1)
    d.add_paragraph("Tình hình thực hiện dự toán ngân sách quý I năm 2024")
    d.add_paragraph(BODY)
    d.add_paragraph("1. Thu ngân sách đạt 25% dự toán.")
    data = d.add_table(rows=2, cols=3)
    for i, row in enumerate([("Khoản thu", "Dự toán", "Thực hiện"), ("Thuế", "100", "25")]):
        for j, v in enumerate(row):
            data.cell(i, j).text = v
    foot = d.add_table(rows=1, cols=2)
    foot.cell(0, 0).text = "Nơi nhận:\n- Bộ Tài chính;\n- Lưu: VT, NS."
    foot.cell(0, 1).text = "GIÁM ĐỐC\n(đã ký)\nPhan Quốc Khải"
    d.save(str(path))
    return path


def test_docx_keeps_paragraphs_tables_in_order_and_takes_the_heading_as_title(tmp_path, nlp):
    item = _item(_docx(tmp_path / "bao-cao.docx"))
    assert item.meta["title"] == "BÁO CÁO"
    lines = item.text.split("\n")
    assert lines[0] == "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert "Khoản thu | Dự toán | Thực hiện" in lines and "Thuế | 100 | 25" in lines
    assert lines.index("Thuế | 100 | 25") < lines.index("Nơi nhận: | GIÁM ĐỐC")
    rec = pipeline.analyze(item.text, nlp, **item.meta)
    d = rec["document"]
    assert (d["doc_type"], d["number"], d["date"], d["issuer"]) == ("báo cáo", "1234/BC-STC", "2024-03-07", "Sở Tài chính")
    assert [(s["name"], s["title"]) for s in d["signers"]] == [("Phan Quốc Khải", "Giám đốc")]
    assert rec["title"] == "BÁO CÁO"


def test_docx_title_from_core_properties(tmp_path):
    docx = pytest.importorskip("docx")
    path = _docx(tmp_path / "x.docx")
    d = docx.Document(str(path))
    d.core_properties.title = "Báo cáo dự toán quý I"
    d.save(str(path))
    assert _item(path).meta["title"] == "Báo cáo dự toán quý I"


def test_analyze_docx_as_text_prints_the_metadata_block_first(tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import main

    path = _docx(tmp_path / "bao-cao.docx")
    result = CliRunner().invoke(main, ["analyze", str(path), "--format", "text"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("# bao-cao.docx")
    assert lines[1:6] == ["document:", "  doc_type: báo cáo", "  number: 1234/BC-STC",
                          "  issuer: Sở Tài chính", "  issuer_parent: Ủy ban nhân dân tỉnh Hòa Lâm"]
    assert "  signer: Phan Quốc Khải | Giám đốc" in lines
    assert lines.index("document:") < min(i for i, ln in enumerate(lines) if "sentences," in ln)
    assert any("LEGAL_REF" in ln and "= nghị định 15/2020/NĐ-CP (2020)" in ln for ln in lines)
