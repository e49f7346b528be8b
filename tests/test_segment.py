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


def test_sentences_never_cross_lines_and_are_trimmed():
    text = "  Tiêu đề bài viết\n\nDòng thứ hai không có dấu chấm\r\n  Dòng ba.  \n"
    got = split(text)
    assert got == ["Tiêu đề bài viết", "Dòng thứ hai không có dấu chấm", "Dòng ba."]
    for s, e in sentences(text):
        assert "\n" not in text[s:e]


def test_paragraphs_are_lines():
    text = "Một.\n\n  Hai ba.\nBốn"
    assert [text[s:e] for s, e in paragraphs(text)] == ["Một.", "Hai ba.", "Bốn"]
