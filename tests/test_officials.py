"""Officials records (person, title, org) for the patterns news articles use, on sentences written here."""
import pytest

import pipeline


@pytest.fixture(scope="module")
def nlp():
    # the entity stages only: later stages (passages, themes) do not touch entities or officials
    return pipeline.load(exclude=("themes",))


def offs(nlp, text):
    rec = pipeline.analyze(text, nlp)
    return sorted((o["person"], o["title"], o["org"]) for o in rec["officials"])


def test_title_org_name(nlp):
    assert offs(nlp, "Cục trưởng Cục Hải quan TP.HCM Đinh Ngọc Thắng cho biết như vậy.") == [
        ("Đinh Ngọc Thắng", "Cục trưởng", "Cục Hải quan TP.HCM")]


def test_name_comma_title_org(nlp):
    assert offs(nlp, "Ông Trần Văn Bình, Phó Chủ tịch UBND tỉnh Quảng Nam, đã ký quyết định.") == [
        ("Trần Văn Bình", "Phó Chủ tịch", "UBND tỉnh Quảng Nam")]


def test_name_dash_title_org(nlp):
    assert offs(nlp, "Lê Minh Hòa - Bộ trưởng Bộ Giao thông vận tải phát biểu tại hội nghị.") == [
        ("Lê Minh Hòa", "Bộ trưởng", "Bộ Giao thông vận tải")]


def test_one_person_two_offices_after_name(nlp):
    assert offs(nlp, "Phạm Quốc Hùng, Phó Thủ tướng Chính phủ, Bộ trưởng Bộ Ngoại giao, tiếp đoàn khách.") == [
        ("Phạm Quốc Hùng", "Bộ trưởng", "Bộ Ngoại giao"), ("Phạm Quốc Hùng", "Phó Thủ tướng", "Chính phủ")]


def test_two_offices_before_name(nlp):
    got = offs(nlp, "Ủy viên Bộ Chính trị, Bí thư Thành ủy Hà Nội Vương Đình Lộc dự buổi lễ.")
    assert got == [("Vương Đình Lộc", "Bí thư", "Thành ủy Hà Nội"), ("Vương Đình Lộc", "Ủy viên", "Bộ Chính trị")]


def test_list_of_officials(nlp):
    got = offs(nlp, "Dự hội nghị có Chủ tịch HĐND tỉnh Nghệ An Lý Văn Phúc và Giám đốc Sở Tài chính "
                    "Nghệ An Đào Thị Mai.")
    assert got == [("Lý Văn Phúc", "Chủ tịch", "HĐND tỉnh Nghệ An"),
                   ("Đào Thị Mai", "Giám đốc", "Sở Tài chính Nghệ An")]


def test_former_holder_counts(nlp):
    assert offs(nlp, "Nguyên Bộ trưởng Bộ Y tế Ngô Thị Lan được mời dự lễ.") == [
        ("Ngô Thị Lan", "Bộ trưởng", "Bộ Y tế")]


def test_rank_gives_no_record_but_passes_to_office(nlp):
    assert offs(nlp, "Thượng tướng Hoàng Văn Tâm, Thứ trưởng Bộ Quốc phòng, dự lễ.") == [
        ("Hoàng Văn Tâm", "Thứ trưởng", "Bộ Quốc phòng")]
    assert offs(nlp, "Đại tá Phan Văn Kiên dự lễ.") == []


def test_a_rank_equivalent_gives_no_record(nlp):
    """"Hàm Vụ phó" is the rank of a deputy director held in another post: no office of its own."""
    got = offs(nlp, "Ông Lê Văn Hòa, Hàm Vụ phó, được giao phụ trách văn phòng.")
    assert not [o for o in got if o[1].startswith("Hàm")]


def test_rank_between_office_and_name(nlp):
    assert offs(nlp, "Bộ trưởng Bộ Công an, Thượng tướng Tô Văn Lực chỉ đạo.") == [
        ("Tô Văn Lực", "Bộ trưởng", "Bộ Công an")]


def test_a_rank_after_a_comma_does_not_take_the_office_of_the_name_before(nlp):
    """In a list of "name - office" items, the office before ", Thiếu tướng Z" is the earlier name's."""
    assert offs(nlp, "Cùng ứng cử còn có ông Trần Văn Bình - Giám đốc Sở Xây dựng Hà Nội, Thiếu tướng "
                     "Lê Quốc Hùng - Tư lệnh Bộ Tư lệnh Thủ đô.") == [
        ("Lê Quốc Hùng", "Tư lệnh", "Bộ Tư lệnh Thủ đô"), ("Trần Văn Bình", "Giám đốc", "Sở Xây dựng Hà Nội")]


def test_the_person_an_office_acts_on_does_not_hold_it(nlp):
    """"X ký quyết định kỷ luật ông Y", "X điều động và bổ nhiệm ông Y": Y is disciplined or appointed,
    not the holder of X's office (the pair scorer once linked them)."""
    def records(text):
        return [(o["person"], o["title"], o["org"]) for o in pipeline.analyze(text, nlp)["officials"]]

    got = records("Chủ tịch UBND tỉnh Bình Định vừa ký quyết định kỷ luật ông Nguyễn Văn Tâm.")
    assert ("Nguyễn Văn Tâm", "Chủ tịch", "UBND tỉnh Bình Định") not in got
    got = records("Theo quyết định của Bộ trưởng Bộ Tài chính điều động và bổ nhiệm ông Trần Văn Hải, "
                  "Cục trưởng Cục Thuế, làm Tổng cục trưởng.")
    assert ("Trần Văn Hải", "Cục trưởng", "Cục Thuế") in got
    assert not [o for o in got if o[0] == "Trần Văn Hải" and o[1] == "Bộ trưởng"]


def test_an_unnamed_spokesperson_of_a_body_is_a_record_without_a_person(nlp):
    """"người phát ngôn của Văn phòng Thủ tướng Anh" points at one post, written in lower case as running
    text writes it (the training sets list such records 16 times); "một phát ngôn viên" is one of several."""
    def records(text):
        return [(o["person"], o["title"], o["org"]) for o in pipeline.analyze(text, nlp)["officials"]]

    assert records("Ngày 17/6, người phát ngôn của Văn phòng Thủ tướng Anh cho biết bà sẽ gặp các nạn nhân.") == [
        (None, "người phát ngôn", "Văn phòng Thủ tướng Anh")]
    assert records("Một phát ngôn viên của Nhà Trắng cho biết ông Trump sẽ đến.") == []


def test_title_without_org(nlp):
    assert offs(nlp, "Tổng Bí thư Đỗ Quang Vinh chủ trì hội nghị.") == [("Đỗ Quang Vinh", "Tổng Bí thư", None)]


def test_unnamed_unique_office_gives_null_person(nlp):
    assert offs(nlp, "Thủ tướng đề nghị các bộ khẩn trương triển khai.") == [(None, "Thủ tướng", None)]
    assert offs(nlp, "Tổng cục trưởng Tổng cục Hải quan yêu cầu kiểm tra.") == [
        (None, "Tổng cục trưởng", "Tổng cục Hải quan")]


def test_unnamed_office_yields_to_named_record(nlp):
    text = ("Tổng cục trưởng Tổng cục Hải quan Mai Văn Tiến chủ trì. "
            "Tổng cục trưởng Tổng cục Hải quan yêu cầu kiểm tra.")
    assert offs(nlp, text) == [("Mai Văn Tiến", "Tổng cục trưởng", "Tổng cục Hải quan")]


def test_generic_lowercase_titles_give_no_record(nlp):
    assert offs(nlp, "Từ nay, chủ tịch và bí thư các xã phải gặp dân.") == []


def test_short_name_resolves_to_full_name(nlp):
    got = offs(nlp, "Ông Đỗ Quang Vinh phát biểu. Ông Vinh, Bí thư Tỉnh ủy, nhấn mạnh yêu cầu.")
    assert got == [("Đỗ Quang Vinh", "Bí thư", "Tỉnh ủy")]


def test_a_name_written_without_its_hyphen_resolves_to_the_hyphenated_writing():
    from pipeline.entities.officials.records import _resolve

    assert _resolve("Park Geunhye", ["Park Geun-hye", "Choi Soon-sil"]) == "Park Geun-hye"
    assert _resolve("Park Geunhye", ["Park Geun-hye", "Park Geun-hye"]) == "Park Geun-hye"
    assert _resolve("Moon Jaein", ["Park Geun-hye"]) == "Moon Jaein"


def test_a_name_is_not_lengthened_by_a_kin_word_before_it():
    """"Bác Hồ Chí Minh" names Hồ Chí Minh with a kin word (ANNOTATION.md leaves those out of names);
    "Recep Tayyip Erdogan" lengthens "Tayyip Erdogan" with a name."""
    from pipeline.entities.officials.records import _resolve

    assert _resolve("Hồ Chí Minh", ["Bác Hồ Chí Minh"]) == "Hồ Chí Minh"
    assert _resolve("Nguyễn Văn An", ["Ông Nguyễn Văn An", "đồng chí Nguyễn Văn An"]) == "Nguyễn Văn An"
    assert _resolve("Tayyip Erdogan", ["Recep Tayyip Erdogan", "Bác Hồ Chí Minh"]) == "Recep Tayyip Erdogan"


def test_same_office_twice_is_one_record(nlp):
    text = "Bộ trưởng Bộ Tài chính Lưu Quang Định phát biểu. Bộ trưởng Lưu Quang Định cũng cho biết thêm."
    assert offs(nlp, text) == [("Lưu Quang Định", "Bộ trưởng", "Bộ Tài chính")]


def test_no_officials_in_text_without_titles(nlp):
    assert offs(nlp, "Trời mưa to suốt đêm qua ở Hà Nội.") == []


def test_office_before_next_name_in_a_list(nlp):
    got = offs(nlp, "Dự lễ có Chủ tịch Quốc hội Nguyễn Thị Hạnh, Phó Chủ tịch Quốc hội Trần Văn Lâm, "
                    "Phó Chủ tịch nước Võ Thị Hương.")
    assert got == [("Nguyễn Thị Hạnh", "Chủ tịch", "Quốc hội"), ("Trần Văn Lâm", "Phó Chủ tịch", "Quốc hội"),
                   ("Võ Thị Hương", "Phó Chủ tịch nước", None)]


def test_former_office_in_apposition(nlp):
    got = offs(nlp, "Ông Vũ Đình Khang, nguyên Chủ nhiệm Văn phòng Quốc hội, cho biết như vậy.")
    assert got == [("Vũ Đình Khang", "Chủ nhiệm", "Văn phòng Quốc hội")]


def test_title_heading_a_list_of_names(nlp):
    got = offs(nlp, "Cùng đi có các đồng chí Ủy viên Trung ương Đảng: Bộ trưởng Bộ Y tế Lê Thu Hà; "
                    "Bí thư Tỉnh ủy Hà Giang Phạm Minh Sơn.")
    assert got == [("Lê Thu Hà", "Bộ trưởng", "Bộ Y tế"), ("Lê Thu Hà", "Ủy viên", "Trung ương Đảng"),
                   ("Phạm Minh Sơn", "Bí thư", "Tỉnh ủy Hà Giang"), ("Phạm Minh Sơn", "Ủy viên", "Trung ương Đảng")]


def test_one_title_before_a_comma_list_of_three_names_or_more(nlp):
    got = offs(nlp, "Phó Thủ tướng Trần Văn An, Lê Văn Bình, Phạm Thị Cúc và bốn bộ trưởng sẽ trả lời chất vấn.")
    assert sorted((p, t) for p, t, _ in got) == [("Lê Văn Bình", "Phó Thủ tướng"), ("Phạm Thị Cúc", "Phó Thủ tướng"),
                                                  ("Trần Văn An", "Phó Thủ tướng")]
    # two names after a comma are a holder and the subject of a new clause
    got = offs(nlp, "Tổng thống Hàn Quốc Moon Jae-in, Shinzo Abe cùng nhấn mạnh điều đó.")
    assert [(p, t) for p, t, _ in got] == [("Moon Jae-in", "Tổng thống")]


def test_offices_joined_by_an_ampersand_are_one_holders(nlp):
    got = offs(nlp, "Ông Trần Văn Dũng - Chủ tịch HĐQT & Tổng giám đốc Công ty Bình Minh cho biết.")
    assert sorted((p, t) for p, t, _ in got) == [("Trần Văn Dũng", "Chủ tịch HĐQT"), ("Trần Văn Dũng", "Tổng giám đốc")]


def test_members_and_deputies_without_name_give_no_record(nlp):
    assert offs(nlp, "Ủy viên Bộ Chính trị phải gương mẫu. Phó Chủ tịch UBND tỉnh Hà Nam sẽ trả lời.") == []


def test_the_record_says_who_holds_a_title_no_longer(nlp):
    rec = pipeline.analyze("Nguyên Bộ trưởng Bộ Y tế Ngô Thị Lan và Thứ trưởng Bộ Y tế Trần Văn Hòa dự lễ.", nlp)
    assert {o["person"]: o["former"] for o in rec["officials"]} == {"Ngô Thị Lan": True, "Trần Văn Hòa": False}


def test_former_reaches_the_tables_and_the_report(tmp_path):
    from pipeline.io.tables import records_to_arrow
    from pipeline.output.report import write_report

    text = "Nguyên Bộ trưởng Bộ Y tế Ngô Thị Lan dự lễ phát động phong trào thi đua chống buôn lậu, gian lận thương mại."
    rec = pipeline.analyze(text, id="a")   # the whole pipeline: the report lists officials under themes
    tables = records_to_arrow([(rec, text)])
    assert tables["officials"].column("former").to_pylist() == [True]
    assert str(tables["officials"].schema.field("former").type) == "bool"
    from pipeline.io.duckdb_store import build_database
    from pipeline.io.parquet import write_table

    out = tmp_path / "out"
    out.mkdir()
    build_database(out / "vnmonitor.duckdb", {n: write_table(t, out / f"{n}.parquet") for n, t in tables.items()})
    write_report(out, out / "report.html")
    assert "nguyên Bộ trưởng" in (out / "report.html").read_text(encoding="utf-8")


def test_a_new_holder_is_not_a_former_one(nlp):
    rec = pipeline.analyze("Tân Bộ trưởng Bộ Y tế Ngô Thị Lan và cựu Bộ trưởng Bộ Y tế Trần Văn Hòa dự lễ.", nlp)
    assert {o["person"]: o["former"] for o in rec["officials"]} == {"Ngô Thị Lan": False, "Trần Văn Hòa": True}


def test_record_values_are_composed_single_spaced_words_while_offsets_stay_exact(nlp):
    import unicodedata

    plain = "Cục trưởng Cục Hải quan TP.HCM Đinh Ngọc Thắng cho biết như vậy."
    odd = unicodedata.normalize("NFD", plain).replace(" ", "\u00a0").replace("Đinh", "Đi\u200bnh")
    rec = pipeline.analyze(odd, nlp)
    assert [(o["person"], o["title"], o["org"]) for o in rec["officials"]] == [
        ("Đinh Ngọc Thắng", "Cục trưởng", "Cục Hải quan TP.HCM")]
    for o in rec["officials"]:
        assert 0 <= o["start"] < o["end"] <= len(odd)
    for e in rec["entities"]:   # spans keep the input exactly as given
        assert odd[e["start"]:e["end"]] == e["text"]
    assert any("\u00a0" in e["text"] for e in rec["entities"])


@pytest.mark.parametrize("mark", ["\u200b", "\u200c", "\u00ad", "\u2060", "\ufeff", "\u034f", "\ufe0f"])
def test_characters_that_print_nothing_change_no_record(nlp, mark):
    text = "Thứ trưởng Bộ Nội vụ Trương Hải Long phát biểu tại hội nghị."
    assert offs(nlp, text.replace(" ", " " + mark)) == offs(nlp, text) == [
        ("Trương Hải Long", "Thứ trưởng", "Bộ Nội vụ")]


def test_a_former_post_in_brackets_is_former(nlp):
    """"Lê Văn A (nguyên Hiệu trưởng ...)": the bracket before "nguyên" hid it, and the record said the post
    was held now."""
    doc = nlp("Ông Lê Văn Bình (nguyên Hiệu trưởng Trường Đại học Hòa An) đã bị kỷ luật cảnh cáo.")
    assert [(o["person"], o["title"], o["former"]) for o in doc._.officials] == [("Lê Văn Bình", "Hiệu trưởng", True)]


@pytest.mark.parametrize("text", [
    "Phó Giám đốc Trung tâm cùng với thầy giáo Khúc Văn Hòa đến thăm các em học sinh.",
    "Giám đốc Sở làm việc với ông Nguyễn Văn Tư về kế hoạch năm học mới.",
    "Bộ trưởng Bộ GD&ĐT đã có quyết định truy tặng Bằng khen cho em Lương Văn Tuấn, học sinh lớp 9.",
])
def test_an_office_is_not_given_to_the_person_it_comes_with(nlp, text):
    """The pair scorer gave the office to the name after "cùng với" / "với", or to the one a medal is
    given to ("cho"): someone else. (An unnamed record of the office may stay.)"""
    assert [o for o in nlp(text)._.officials if o["person"]] == []


def test_an_office_appointed_to_someone_is_theirs(nlp):
    """"bổ nhiệm chức vụ X cho bà Y": the office is given to Y."""
    doc = nlp("Bộ trưởng Đinh Văn Dũng ký quyết định bổ nhiệm chức vụ Vụ trưởng Vụ Tài chính cho bà Phan Thị Hiền.")
    assert ("Phan Thị Hiền", "Vụ trưởng") in [(o["person"], o["title"]) for o in doc._.officials]


@pytest.mark.parametrize("text, expected", [
    ("Đại hội cổ đông đã miễn nhiệm chức danh Thành viên HĐQT Công ty Cổ phần Sông Lam nhiệm kỳ 2015-2020 "
     "đối với ông Hồ Văn Khải.", ("Hồ Văn Khải", "Thành viên HĐQT")),
    ("Ông Lý Minh Đức được bầu làm Chủ tịch Ngân hàng Phương Đông thay thế cho ông Đoàn Quốc Vinh.",
     ("Đoàn Quốc Vinh", "Chủ tịch")),
])
def test_the_person_an_office_is_taken_from_held_it(nlp, text, expected):
    """"miễn nhiệm chức danh X đối với ông Y", "được bầu làm X thay thế cho ông Y": Y held X. The scorer never
    saw these pairs: "với" and "cho" ruled them out as someone else the office meets or gives to."""
    assert expected in [(o["person"], o["title"]) for o in nlp(text)._.officials]


@pytest.mark.parametrize("text, expected", [
    # a transliteration, then the name as its country writes it: the offices are the first name's
    ("Ông Lý Cường Thịnh (Li Qiangsheng), Bộ trưởng Thương mại Trung Quốc, cho biết hai bên sẽ ký thỏa thuận.",
     ("Lý Cường Thịnh", "Bộ trưởng")),
    ("Tổng thống Pháp Giăng Đuy-boa (Jean Dubois) đã tới Hà Nội chiều qua.",
     ("Giăng Đuy-boa", "Tổng thống")),
    # a name written with an initial, then in full: the full one is recorded, for the office before them too
    ("Thủ tướng Bỉ G.Đuy-boa (Gaston Dubois) đã tới Hà Nội chiều qua.", ("Gaston Dubois", "Thủ tướng")),
    # a short name, then the full one in brackets: the full one is recorded
    ("Sáng nay, bà Ba Lành (Nguyễn Thị Lành) - Chủ tịch HĐQT Công ty Hoa Sen Vàng đã trao quà cho học sinh.",
     ("Nguyễn Thị Lành", "Chủ tịch HĐQT")),
])
def test_a_name_with_another_writing_in_brackets_holds_the_office(nlp, text, expected):
    assert [(person, title) for person, title, _ in offs(nlp, text)] == [expected]


@pytest.mark.parametrize("text", [
    "Tại buổi làm việc, báo cáo với Chủ tịch nước, Bộ trưởng Bộ Công Thương Lê Văn Tâm cho biết sản lượng đã tăng.",
    "Sau báo cáo của Giám đốc Sở Y tế, Chủ tịch UBND tỉnh Lê Văn Tâm yêu cầu kiểm tra ngay.",
])
def test_an_office_a_clause_opening_phrase_names_is_not_the_next_names(nlp, text):
    found = [(o["person"], o["title"]) for o in pipeline.analyze(text, nlp)["officials"]]
    assert ("Lê Văn Tâm", "Chủ tịch nước") not in found and ("Lê Văn Tâm", "Giám đốc") not in found
    assert any(person == "Lê Văn Tâm" for person, _ in found)


def test_a_text_with_decomposed_accents_keeps_its_former_office_holder(nlp):
    """Probe of session 53: in NFD text "nguyên" before an office was not read, so the holder was lost
    ("? | Bí thư"); the records' spans still point into the text as given."""
    import unicodedata

    composed = "Ông Phan Văn Sáu, nguyên Bí thư Tỉnh ủy Sóc Trăng, vừa bị kỷ luật cảnh cáo."
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    want = pipeline.analyze(composed, nlp=nlp)["officials"]
    assert ("Phan Văn Sáu", "Bí thư", True) in [(o["person"], o["title"], o["former"]) for o in want]
    got = pipeline.analyze(decomposed, nlp=nlp)["officials"]
    assert [(o["person"], o["title"], o["former"]) for o in got] == [(o["person"], o["title"], o["former"])
                                                                      for o in want]
    for g, w in zip(got, want):
        assert unicodedata.normalize("NFC", decomposed[g["start"]:g["end"]]) == composed[w["start"]:w["end"]]
