"""Sentence splitting on the hard cases of Vietnamese news text."""
import pytest

from pipeline.text.segment import paragraphs, sentences


def split(text):
    return [text[s:e] for s, e in sentences(text)]


@pytest.mark.parametrize("text, expected", [
    # dotted abbreviations and names do not end a sentence
    ("Đoàn công tác đến TP. Hồ Chí Minh hôm qua. Sau đó về Hà Nội.",
     ["Đoàn công tác đến TP. Hồ Chí Minh hôm qua.", "Sau đó về Hà Nội."]),
    ("PGS.TS Trần Văn Bình phát biểu tại Q.1 sáng nay.",
     ["PGS.TS Trần Văn Bình phát biểu tại Q.1 sáng nay."]),
    # but a sentence that ends with a dotted name does end
    ("Hội nghị diễn ra tại TP.HCM. Các đại biểu thống nhất kế hoạch.",
     ["Hội nghị diễn ra tại TP.HCM.", "Các đại biểu thống nhất kế hoạch."]),
    # decimals, thousands and dotted dates stay inside
    ("Tỷ lệ đạt 70,31% với 76.508 tỷ đồng từ ngày 12.9.2019 đến nay. Kết quả khả quan.",
     ["Tỷ lệ đạt 70,31% với 76.508 tỷ đồng từ ngày 12.9.2019 đến nay.", "Kết quả khả quan."]),
    # quotes and question marks
    ("Ông hỏi: “Ai chịu trách nhiệm?” Không ai trả lời.",
     ["Ông hỏi: “Ai chịu trách nhiệm?”", "Không ai trả lời."]),
    ("“Chúng tôi sẽ làm rõ.” Bà Lan nói thêm.",
     ["“Chúng tôi sẽ làm rõ.”", "Bà Lan nói thêm."]),
    # ellipsis before a capital starts a new sentence
    ("Còn nhiều việc phải làm... Tuy nhiên tiến độ đã nhanh hơn.",
     ["Còn nhiều việc phải làm...", "Tuy nhiên tiến độ đã nhanh hơn."]),
    # initials of a name
    ("Bị can N.V.A. khai nhận hành vi. Vụ án đang được điều tra.",
     ["Bị can N.V.A. khai nhận hành vi.", "Vụ án đang được điều tra."]),
    # scraped text: a period glued to the next sentence
    ("Xe khách lật nghiêng trên quốc lộ.Lực lượng chức năng có mặt kịp thời.",
     ["Xe khách lật nghiêng trên quốc lộ.", "Lực lượng chức năng có mặt kịp thời."]),
    # a web address is not a sentence end
    ("Thông tin đăng trên vnmonitor.vn và baochinhphu.vn. Mời bạn đọc theo dõi.",
     ["Thông tin đăng trên vnmonitor.vn và baochinhphu.vn.", "Mời bạn đọc theo dõi."]),
    # lower case after a period: not a new sentence
    ("Giá tăng 5 lần so với năm trước. vì vậy cần kiểm tra.",
     ["Giá tăng 5 lần so với năm trước. vì vậy cần kiểm tra."]),
])
def test_hard_cases(text, expected):
    assert split(text) == expected


def test_merged_paragraphs_become_sentences():
    line = " ".join(f"Câu số {i} nói về cải cách hành chính tại tỉnh Nam Định." for i in range(1, 21))
    got = split(line)
    assert len(got) == 20
    assert got[0] == "Câu số 1 nói về cải cách hành chính tại tỉnh Nam Định."


def test_sentences_cross_no_line_of_news_and_are_trimmed():
    text = "  Tiêu đề bài viết\n\nDòng thứ hai không có dấu chấm\r\n  Dòng ba.  \n"
    got = split(text)
    assert got == ["Tiêu đề bài viết", "Dòng thứ hai không có dấu chấm", "Dòng ba."]
    for s, e in sentences(text):
        assert "\n" not in text[s:e]


def test_paragraphs_are_lines():
    text = "Một.\n\n  Hai ba.\nBốn"
    assert [text[s:e] for s, e in paragraphs(text)] == ["Một.", "Hai ba.", "Bốn"]


WRAPPED = ("Báo cáo tình hình thu ngân sách quý I\n"
           "Sáng ngày 12/3, tại trụ sở UBND tỉnh, Chủ tịch UBND tỉnh đã chủ trì cuộc\n"
           "họp với Sở Tài chính, Sở Kế hoạch và Đầu tư, Cục Thuế và Kho bạc Nhà\n"
           "nước tỉnh về tình hình thu ngân sách. Theo báo cáo của Giám đốc Sở\n"
           "Tài chính Nguyễn Văn An, tổng thu ngân sách quý I đạt 4.200 tỷ đồng.\n"
           "- Thu nội địa đạt 3.100 tỷ đồng;\n")


def test_a_paragraph_wrapped_by_hand_is_one_paragraph_and_its_sentences_run_on():
    got = [WRAPPED[s:e] for s, e in paragraphs(WRAPPED)]
    # the title stays alone (the next line opens with a capital), the list item too
    assert got[0] == "Báo cáo tình hình thu ngân sách quý I" and got[-1] == "- Thu nội địa đạt 3.100 tỷ đồng;"
    assert len(got) == 3 and got[1].count("\n") == 3
    sents = split(WRAPPED)
    assert "Sở Kế hoạch và Đầu tư, Cục Thuế và Kho bạc Nhà\nnước tỉnh" in sents[1]
    assert sents[2].startswith("Theo báo cáo của Giám đốc Sở\nTài chính Nguyễn Văn An")


def test_lines_of_news_and_a_header_in_columns_are_not_joined():
    news = ("Giá xăng giảm lần thứ ba liên tiếp từ chiều nay\n"
            "Liên Bộ Công Thương - Tài chính vừa quyết định giảm giá xăng E5 RON92 thêm 300 đồng mỗi lít\n"
            "Giá dầu diesel cũng giảm nhẹ theo diễn biến của thị trường thế giới trong tuần qua\n"
            "Các doanh nghiệp đầu mối được yêu cầu bảo đảm nguồn cung cho thị trường trong nước\n")
    assert len(paragraphs(news)) == 4   # each line a paragraph: a title, then lines of every length
    header = ("ỦY BAN NHÂN DÂN            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
              "TỈNH BÌNH AN                 Độc lập - Tự do - Hạnh phúc của nhân dân ta\n"
              "Số: 12/BC-UBND          Bình An, ngày 3 tháng 4 năm 2024 theo lịch\n")
    assert len(paragraphs(header)) == 3


def test_a_tab_parts_cells_and_columns_and_a_table_is_no_wrapped_paragraph():
    table = ("STT\tHọ và tên\tChức vụ\tĐơn vị\n1\tBùi Thanh Sơn\tPhó Giám đốc\tSở Nội vụ\tTrưởng đoàn của nhóm\n"
             "2\tNgô Thị Kim Oanh\tPhó Chánh Thanh tra\tThanh tra tỉnh\tPhó Trưởng đoàn\n"
             "3\tLương Văn Tài\tTrưởng phòng\tPhòng Cải cách hành chính\tThành viên\n")
    assert len(paragraphs(table)) == 4
    assert split(table)[:6] == ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "1", "Bùi Thanh Sơn"]
    # a view that wrote the tabs as spaces is told where they were
    view = table.replace("\t", " ")
    tabs = [i for i, c in enumerate(table) if c == "\t"]
    assert [view[s:e] for s, e in sentences(view, paragraphs(view, tabs), tabs)] == split(table)
