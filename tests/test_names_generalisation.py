"""Entity error classes seen on text nobody tuned to (issue 12), on sentences written for the tests."""
import pytest

from pipeline.language import analyze


def _ents(nlp, text):
    return {(e["text"], e["label"]) for e in analyze(text, nlp=nlp)["entities"]}


@pytest.mark.parametrize("text, expected", [
    # foreign names in Latin script with no Vietnamese cue: players, clubs, companies, cities
    ("Cả Chelsea lẫn Arsenal đều muốn có Mourinho.", {("Chelsea", "ORG"), ("Arsenal", "ORG"), ("Mourinho", "PERSON")}),
    ("Tại Berlin, Samsung ra mắt điện thoại mới.", {("Berlin", "LOC"), ("Samsung", "ORG")}),
    # a capitalised sentence opener is not glued to the name
    ("Theo Ronaldo, Real Madrid sẽ thắng Bayern Munich tại Lisbon.",
     {("Ronaldo", "PERSON"), ("Real Madrid", "ORG"), ("Bayern Munich", "ORG"), ("Lisbon", "LOC")}),
    # agency names with a lower-case head
    ("Ông Nguyễn Văn An làm việc với bộ Công Thương và công an huyện Bình Xuyên.",
     {("Nguyễn Văn An", "PERSON"), ("bộ Công Thương", "ORG"), ("công an huyện Bình Xuyên", "ORG")}),
    # media outlets
    ("Đài VTV phát sóng trực tiếp trận đấu.", {("VTV", "ORG")}),
    # streets named after people are places; initials keep their final dot
    ("Cửa hàng nằm trên đường Nguyễn Thị Minh Khai, quận 3.",
     {("đường Nguyễn Thị Minh Khai", "LOC"), ("quận 3", "LOC")}),
    ("Bị can N.T.Đ. đã bị bắt.", {("N.T.Đ.", "PERSON")}),
])
def test_error_classes(nlp, text, expected):
    assert _ents(nlp, text) == expected


def test_acronyms_that_are_not_agencies(nlp):
    # NLĐ (workers) and ASXH (social security) are common nouns, not agencies
    assert not {label for _, label in _ents(nlp, "NLĐ được hưởng chế độ ASXH theo quy định.")} & {"ORG"}


@pytest.mark.parametrize("text", [
    "The Prime Minister met the Governor of the State Bank in Hanoi yesterday.",
    "CÔNG TY CỔ PHẦN XÂY DỰNG SỐ 5 THÔNG BÁO TUYỂN DỤNG NHÂN VIÊN",
    "Thu tuong Nguyen Xuan Phuc lam viec voi tinh Quang Nam ve du an cao toc",
    "a" * 50_000,
])
def test_foreign_caps_and_undiacritised_text_gives_spans_inside_the_text(nlp, text):
    record = analyze(text, nlp=nlp)
    assert all(text[e["start"]:e["end"]] == e["text"] for e in record["entities"])


def test_bare_state_and_centre_are_not_agencies_but_named_bodies_are(nlp):
    assert not {label for _, label in _ents(nlp, "Nhà nước sẽ hỗ trợ người dân, Trung ương đã chỉ đạo.")} & {"ORG"}
    assert ("Ban Chấp hành Trung ương Đảng", "ORG") in _ents(nlp, "Ban Chấp hành Trung ương Đảng họp hội nghị lần thứ 5.")
