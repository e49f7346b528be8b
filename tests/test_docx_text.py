"""Word files read within --max-chars, with the text a reader sees (pipeline/io/wordml.py).

The documents are built here with python-docx and lxml from invented text; the variants wrap
parts of one ordinary administrative document in the containers Word writes (content controls,
tracked insertions, simple fields, a table nested in a table) and must read as the plain one.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from pipeline.io.readers import ReadOptions, read_file

docx = pytest.importorskip("docx")
from docx.oxml.ns import qn  # noqa: E402


def _read(path: Path, max_chars: int | None = None):
    opts = ReadOptions(max_chars=max_chars) if max_chars else ReadOptions()
    (item,) = list(read_file(path, opts))
    return item


def _el(tag: str, *children, **attrs):
    """A WordprocessingML element (`tag` as "w:ins") with attributes and children."""
    from docx.oxml import OxmlElement

    e = OxmlElement(tag, attrs={qn(f"w:{k}"): v for k, v in attrs.items()})
    for child in children:
        e.append(child)
    return e


def _run(text: str):
    t = _el("w:t")
    t.text = text
    return _el("w:r", t)


def _document():
    """An ordinary decision: a two-column header table, a title, the body, the signature."""
    d = docx.Document()
    head = d.add_table(rows=2, cols=2)
    head.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH HÒA LÂM"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    head.cell(1, 0).text = "Số: 1234/QĐ-UBND"
    head.cell(1, 1).text = "Hòa Lâm, ngày 07 tháng 3 năm 2024"
    d.add_paragraph("QUYẾT ĐỊNH")
    d.add_paragraph("Về việc giao dự toán ngân sách năm 2024")
    d.add_paragraph("Điều 1. Giao dự toán thu ngân sách cho các sở, ngành.")
    d.add_paragraph("CHỦ TỊCH")
    d.add_paragraph("Trần Văn Bình")
    return d


def _save(d, path: Path) -> Path:
    d.save(str(path))
    return path


def _plain_text(tmp_path: Path) -> str:
    item = _read(_save(_document(), tmp_path / "plain.docx"))
    assert item.problem is None
    return item.text


def _paragraph(d, text: str):
    return next(p for p in d.paragraphs if p.text == text)


def test_header_and_title_inside_a_content_control_are_read(tmp_path):
    d = _document()
    body = d.element.body
    table, title = body[0], _paragraph(d, "QUYẾT ĐỊNH")._p
    content = _el("w:sdtContent")
    body.insert(0, _el("w:sdt", _el("w:sdtPr"), content))
    content.append(table)
    content.append(title)
    assert _read(_save(d, tmp_path / "sdt.docx")).text == _plain_text(tmp_path)


def _drop_runs(p):
    """A paragraph element emptied of its runs, for a test to rebuild inside other markup."""
    for r in p.findall(qn("w:r")):
        p.remove(r)


def test_a_tracked_insertion_is_read_and_a_tracked_deletion_is_not(tmp_path):
    d = _document()
    p = d.tables[0].cell(1, 0).paragraphs[0]._p
    _drop_runs(p)
    deleted = _el("w:r", _el("w:delText"))
    deleted[0].text = "999"
    p.extend([_run("Số: "), _el("w:ins", _run("1234"), id="1", author="A"),
              _el("w:del", deleted, id="2", author="A"), _run("/QĐ-UBND")])
    assert _read(_save(d, tmp_path / "ins.docx")).text == _plain_text(tmp_path)


def test_a_name_inside_a_simple_field_is_read(tmp_path):
    d = _document()
    p = _paragraph(d, "Trần Văn Bình")._p
    _drop_runs(p)
    p.append(_el("w:fldSimple", _run("Trần Văn Bình"), instr=" AUTHOR "))
    assert _read(_save(d, tmp_path / "field.docx")).text == _plain_text(tmp_path)


def test_a_header_table_nested_in_a_one_cell_table_is_read_as_its_rows(tmp_path):
    d = _document()
    outer = d.add_table(rows=1, cols=1)
    header = d.tables[0]._tbl
    cell = outer.cell(0, 0)._tc
    cell.insert(cell.index(cell.find(qn("w:p"))), header)   # a cell ends with a paragraph
    d.element.body.insert(0, outer._tbl)
    assert _read(_save(d, tmp_path / "nested.docx")).text == _plain_text(tmp_path)


def test_hyperlinks_and_content_controls_inside_a_paragraph_are_read(tmp_path):
    d = _document()
    p = _paragraph(d, "Về việc giao dự toán ngân sách năm 2024")._p
    _drop_runs(p)
    p.extend([_el("w:hyperlink", _run("Về việc giao ")), _el("w:sdt", _el("w:sdtPr"), _el("w:sdtContent",
              _run("dự toán ngân sách"))), _el("w:smartTag", _run(" năm 2024"), element="date")])
    assert _read(_save(d, tmp_path / "inline.docx")).text == _plain_text(tmp_path)


def test_a_docx_stops_being_read_once_its_text_passes_max_chars(tmp_path):
    d = docx.Document()
    for i in range(60):
        d.add_paragraph(f"Đoạn {i}: báo cáo kết quả thực hiện nhiệm vụ năm 2024 của Sở Tài chính tỉnh.")
    item = _read(_save(d, tmp_path / "long.docx"), max_chars=1000)
    assert item.text is None
    assert item.problem == "longer than 1,000 characters (--max-chars): stopped reading"


def test_a_docx_whose_parts_unpack_beyond_the_limit_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr("pipeline.io.wordml.XML_BYTES_FLOOR", 256 * 1024)
    path = _save(_document(), tmp_path / "bomb.docx")
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    # 1.2 MB of empty runs, no text: deflated to a few KB
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"<w:body>", b"<w:body><w:p>"
                                                                    + b"<w:r/>" * 200_000 + b"</w:p>", 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert path.stat().st_size < 100_000
    item = _read(path, max_chars=1000)
    assert item.text is None and item.problem.startswith("its parts unpack to ")
    assert "--max-chars 1,000 allows: not read" in item.problem


def test_a_paragraph_of_more_markup_than_a_block_may_take_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("pipeline.io.wordml.MAX_BLOCK_BYTES", 64 * 1024)
    d = _document()
    p = _paragraph(d, "Về việc giao dự toán ngân sách năm 2024")._p
    p.extend(_el("w:r") for _ in range(20_000))    # 120 KB of empty runs, no text
    item = _read(_save(d, tmp_path / "runs.docx"))
    assert item.text is None and item.problem == "a paragraph or table of over 65,536 bytes of XML: stopped reading"


def test_a_heading_inside_a_content_control_is_the_title(tmp_path):
    d = _document()
    heading = d.add_heading("Quyết định giao dự toán", level=1)._p
    d.element.body.insert(1, _el("w:sdt", _el("w:sdtPr"), _el("w:sdtContent", heading)))
    d.add_heading("Phụ lục", level=2)
    assert _read(_save(d, tmp_path / "qd.docx")).meta["title"] == "Quyết định giao dự toán"


def test_a_truncated_docx_says_it_is_not_a_readable_docx(tmp_path):
    path = _save(_document(), tmp_path / "cut.docx")
    path.write_bytes(path.read_bytes()[:2000])
    item = _read(path)
    assert item.problem.startswith("not a readable .docx (damaged, or encrypted/password-protected)")


def test_a_password_protected_docx_says_so(tmp_path):
    # Word saves an encrypted .docx as an OLE compound file: its signature, then sectors
    path = tmp_path / "secret.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088))
    assert _read(path).problem == ("not a readable .docx: password-protected (encrypted), "
                                   "or an old .doc renamed .docx")


def test_a_workbook_renamed_docx_is_not_a_word_document(tmp_path):
    path = tmp_path / "book.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                                  'relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/'
                                  'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                                  '</Relationships>')
        z.writestr("xl/workbook.xml", '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                                      'main"><sheets/></workbook>')
    assert _read(path).problem == "not a Word document (its main part is <workbook>)"


def test_a_page_break_inside_a_paragraph_parts_the_words(tmp_path):
    """python-docx drops a page break from a run's text: "Phó Giám đốc" + break + "Sở Y tế" was read
    "Phó Giám đốcSở Y tế", and "đốcSở" taken into a TITLE."""
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph._p.append(_run("Phó Giám đốc"))
    paragraph._p.append(_el("w:r", _el("w:br", type="page")))
    paragraph._p.append(_run("Sở Y tế tỉnh Hòa An phát biểu."))
    path = tmp_path / "page-break.docx"
    document.save(path)
    item = _read(path)
    assert "Phó Giám đốc\nSở Y tế" in item.text and "đốcSở" not in item.text


def test_an_empty_docx_says_it_is_empty(tmp_path):
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    assert "the file is empty" in _read(path).problem


def _numbered(d, text: str, num_id: str, ilvl: int):
    p = d.add_paragraph(text)
    p._p.get_or_add_pPr().append(_el("w:numPr", _el("w:ilvl", val=str(ilvl)), _el("w:numId", val=num_id)))
    return p


def _level(ilvl: int, fmt: str, text: str, start: int = 1):
    return _el("w:lvl", _el("w:start", val=str(start)), _el("w:numFmt", val=fmt), _el("w:lvlText", val=text),
               ilvl=str(ilvl))


def test_the_labels_word_numbers_paragraphs_with_are_read_before_their_text(tmp_path):
    """Articles numbered by Word ("Điều %1.", sub-items "%2)") read as a typed decision writes them: a
    sub-list starts again under each article; a bullet is "-"; another list counts on its own."""
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, _el("w:abstractNum", _level(0, "decimal", "Điều %1."), _level(1, "lowerLetter", "%2)"),
                            abstractNumId="90"))
    numbering.insert(1, _el("w:abstractNum", _level(0, "upperRoman", "%1."), _level(1, "bullet", "\uf0b7"),
                            abstractNumId="91"))
    numbering.append(_el("w:num", _el("w:abstractNumId", val="90"), numId="90"))
    numbering.append(_el("w:num", _el("w:abstractNumId", val="91"), numId="91"))
    d.add_paragraph("QUYẾT ĐỊNH:")
    _numbered(d, "Thành lập Tổ công tác.", "90", 0)
    _numbered(d, "Tổ trưởng: Giám đốc Sở Nội vụ;", "90", 1)
    _numbered(d, "Tổ phó: Phó Giám đốc Sở Tài chính.", "90", 1)
    _numbered(d, "Giao Sở Nội vụ hướng dẫn thực hiện.", "90", 0)
    _numbered(d, "Thời hạn hoàn thành:", "90", 1)
    _numbered(d, "KẾT QUẢ", "91", 0)
    _numbered(d, "Đã rà soát 12 thủ tục.", "91", 1)
    _numbered(d, "TỒN TẠI", "91", 0)
    assert _read(_save(d, tmp_path / "numbered.docx")).text.split("\n")[1:] == [
        "Điều 1. Thành lập Tổ công tác.", "a) Tổ trưởng: Giám đốc Sở Nội vụ;", "b) Tổ phó: Phó Giám đốc Sở Tài chính.",
        "Điều 2. Giao Sở Nội vụ hướng dẫn thực hiện.", "a) Thời hạn hoàn thành:",
        "I. KẾT QUẢ", "- Đã rà soát 12 thủ tục.", "II. TỒN TẠI"]


def test_a_title_block_set_in_the_page_header_is_read_before_the_body_once(tmp_path):
    d = docx.Document()
    d.add_paragraph("QUYẾT ĐỊNH")
    d.add_paragraph("Về việc giao dự toán ngân sách năm 2024")
    d.add_paragraph("CHỦ TỊCH")
    d.add_paragraph("Trần Văn Bình")
    d.add_section()   # a second section linked to the first one's header: still one header
    d.add_paragraph("Phụ lục")
    header = d.sections[0].header
    table = header.add_table(rows=2, cols=2, width=d.sections[0].page_width)
    table.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH HÒA LÂM"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    table.cell(1, 0).text = "Số: 1234/QĐ-UBND"
    table.cell(1, 1).text = "Hòa Lâm, ngày 07 tháng 3 năm 2024"
    d.sections[0].footer.paragraphs[0].text = "Trang 1"
    text = _read(_save(d, tmp_path / "header.docx")).text
    assert text.split("\n")[:5] == [
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TỈNH HÒA LÂM | Độc lập - Tự do - Hạnh phúc",
        "Số: 1234/QĐ-UBND | Hòa Lâm, ngày 07 tháng 3 năm 2024", "QUYẾT ĐỊNH", "Về việc giao dự toán ngân sách năm 2024"]
    assert text.count("Số: 1234/QĐ-UBND") == 1 and "Trang 1" not in text


def test_hidden_text_is_not_read(tmp_path):
    d = docx.Document()
    p = d.add_paragraph("Ngày 11/11/2026, tỉnh Gia Lai đấu giá 12 lô đất.")
    note = p.add_run(" GHI CHÚ: chờ Sở Tài chính xác nhận.")
    note.font.hidden = True
    assert _read(_save(d, tmp_path / "hidden.docx")).text == "Ngày 11/11/2026, tỉnh Gia Lai đấu giá 12 lô đất."


def _text_box(*paragraphs: str, vml: bool = False):
    """A run holding a text box: DrawingML with its VML fallback (as Word writes it), or VML alone."""
    content = _el("w:txbxContent", *[_el("w:p", _run(t)) for t in paragraphs])
    if vml:
        from docx.oxml import parse_xml

        pict = parse_xml('<w:pict xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
                         'xmlns:v="urn:schemas-microsoft-com:vml"><v:shape><v:textbox/></v:shape></w:pict>')
        pict[0][0].append(content)
        return _el("w:r", pict)
    from copy import deepcopy

    from docx.oxml import parse_xml

    ns = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
          'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
          'xmlns:v="urn:schemas-microsoft-com:vml"')
    alt = parse_xml(f'<mc:AlternateContent {ns}><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx/></wps:wsp>'
                    f'</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox/></v:shape></w:pict>'
                    f'</mc:Fallback></mc:AlternateContent>')
    alt[0][0][0][0].append(content)
    alt[1][0][0][0].append(deepcopy(content))
    return _el("w:r", alt)


@pytest.mark.parametrize("vml", [False, True])
def test_a_text_box_is_read_once_after_the_paragraph_it_is_anchored_in(tmp_path, vml):
    d = docx.Document()
    d.add_paragraph("Kon Tum trồng mới 1.200 ha sâm Ngọc Linh")
    anchor = d.add_paragraph("")
    anchor._p.append(_text_box("Ngày 16/11/2026, Sở Nông nghiệp tỉnh Kon Tum cho biết.",
                               "Phó Chủ tịch UBND tỉnh Y Ngọc yêu cầu kiểm soát giống.", vml=vml))
    d.add_paragraph("Dự kiến năm 2027 trồng thêm 300 ha.")
    assert _read(_save(d, tmp_path / "box.docx")).text.split("\n") == [
        "Kon Tum trồng mới 1.200 ha sâm Ngọc Linh", "Ngày 16/11/2026, Sở Nông nghiệp tỉnh Kon Tum cho biết.",
        "Phó Chủ tịch UBND tỉnh Y Ngọc yêu cầu kiểm soát giống.", "Dự kiến năm 2027 trồng thêm 300 ha."]


def test_a_clippings_page_header_is_furniture_and_not_read(tmp_path):
    """A paper's name and date over a clipping: read, its date was taken for the article's."""
    d = docx.Document()
    d.add_paragraph("Ngày 12/11/2026, UBND tỉnh Bến Tre khánh thành nhà máy xử lý rác.")
    d.sections[0].header.paragraphs[0].text = "BÁO ĐỒNG KHỞI\tThứ Năm, ngày 14/11/2025"
    assert _read(_save(d, tmp_path / "clip.docx")).text == "Ngày 12/11/2026, UBND tỉnh Bến Tre khánh thành nhà máy xử lý rác."
