"""Officials written as a table's rows (`pipeline/entities/officials/tables.py`), on tables written here."""
import pipeline


def _records(text: str) -> set[tuple]:
    return {(o["person"], o["title"], o["org"]) for o in pipeline.analyze(text)["officials"]}


def test_a_word_table_one_cell_a_line_gives_a_record_a_row():
    text = ("DANH SÁCH CÁN BỘ ĐƯỢC KHEN THƯỞNG\nSTT\nHọ và tên\nChức vụ\n1\nNguyễn Văn An\nGiám đốc Sở Tài chính\n"
            "2\nTrần Thị Bình\nPhó Giám đốc Sở Y tế\n")
    assert {("Nguyễn Văn An", "Giám đốc", "Sở Tài chính"), ("Trần Thị Bình", "Phó Giám đốc", "Sở Y tế")} <= _records(text)


def test_a_table_pasted_with_pipes_gives_a_record_a_row():
    text = ("| STT | Họ và tên | Chức vụ |\n| 1 | Lê Văn Cường | Chủ tịch UBND huyện Củ Chi |\n"
            "| 2 | Phạm Thị Dung | Trưởng phòng Tổ chức cán bộ, Sở Nội vụ |\n")
    found = _records(text)
    assert ("Lê Văn Cường", "Chủ tịch", "UBND huyện Củ Chi") in found
    assert ("Phạm Thị Dung", "Trưởng phòng", "Sở Nội vụ") in found


def test_a_byline_over_a_paragraph_opening_with_an_office_is_no_row():
    text = ("Lễ hội năm nay đông hơn năm trước, theo ban tổ chức cho biết trong cuộc họp báo sáng nay.\n"
            "Minh Khang\nGiám đốc Sở Văn hóa Hà Nội đã chia sẻ ý kiến về quy tắc ứng xử.\n")
    assert not any(p == "Minh Khang" for p, _, _ in _records(text))


def test_a_tab_separated_table_takes_the_unit_from_its_own_column():
    text = ("STT\tHọ và tên\tChức vụ\tĐơn vị\tNhiệm vụ\n1\tBùi Thanh Sơn\tPhó Giám đốc\tSở Nội vụ\tTrưởng đoàn\n"
            "2\tTạ Quang Vinh\tPhó Chánh Văn phòng\tVăn phòng UBND tỉnh\tThành viên\n")
    record = pipeline.analyze(text)
    found = {(o["person"], o["title"], o["org"]) for o in record["officials"]}
    assert ("Bùi Thanh Sơn", "Phó Giám đốc", "Sở Nội vụ") in found
    assert ("Tạ Quang Vinh", "Phó Chánh Văn phòng", "Văn phòng UBND tỉnh") in found
    assert not any("\t" in e["text"] for e in record["entities"])   # no entity runs over a cell


def test_offices_written_short_in_the_list_of_recipients_are_no_officials():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH BÌNH AN\nSố: 12/QĐ-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nBình An, ngày 3 tháng 4 năm 2024\nQUYẾT ĐỊNH\n"
            "Về việc thành lập Đoàn kiểm tra\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH AN\nQUYẾT ĐỊNH:\n"
            "Điều 1. Thành lập Đoàn kiểm tra công vụ năm 2024.\nĐiều 2. Quyết định có hiệu lực từ ngày ký./.\n"
            "Nơi nhận:\n- Như Điều 2;\n- CT, PCT UBND tỉnh;\n- TT HĐND tỉnh;\n- Lưu: VT.\n"
            "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLê Văn Hòa\n")
    record = pipeline.analyze(text)
    people = {o["person"] for o in record["officials"]}
    assert "Lê Văn Hòa" in people and not people & {"CT", "PCT", "TT"}
    assert not any(e["text"] in ("CT", "PCT", "TT") for e in record["entities"] if e["label"] in ("PERSON", "TITLE"))
