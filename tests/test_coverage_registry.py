"""Registry: one id per official and agency across spellings, aliases from a user file."""
import pytest

from pipeline.coverage.registry import AliasError, Registry, agencies_table, persons_table, read_aliases


@pytest.fixture(scope="module")
def reg():
    return Registry()


@pytest.mark.parametrize("variants", [
    ["UB Kiểm tra TƯ", "Ủy ban Kiểm tra Trung ương", "ủy ban kiểm tra trung ương"],
    ["UBND TP.HCM", "Ủy ban nhân dân TP Hồ Chí Minh", "UBND Thành phố Hồ Chí Minh", "UBND TPHCM"],
    ["Hải quan TP.HCM", "Cục Hải quan TP.HCM", "Cục Hải quan thành phố Hồ Chí Minh"],
    ["UBND TP Hà Nội", "UBND Hà Nội", "Ủy ban nhân dân thành phố Hà Nội"],
    ["Bộ GD-ĐT", "Bộ GD&ĐT", "Bộ Giáo dục và Đào tạo"],
    ["QH", "Quốc hội"],
    ["Thanh tra CP", "TTCP", "Thanh tra Chính phủ"],        # CP here is the government, not "cổ phần"
    ["Văn phòng CP", "VPCP", "Văn phòng Chính phủ"],
    ["TCHQ", "Tổng cục Hải quan"],
    # "thôn" (a village) is a word of "Phát triển nông thôn", not the unit of the province after it
    ["Sở NN&PTNT Nghệ An", "Sở NN&PTNT tỉnh Nghệ An", "Sở Nông nghiệp và Phát triển nông thôn Nghệ An"],
])
def test_agency_spellings_share_one_id(reg, variants):
    ids = {reg.agency(v).agency_id for v in variants}
    assert len(ids) == 1, [reg.agency_name(v) for v in variants]


def test_distinct_agencies_keep_distinct_ids(reg):
    names = ["UBND tỉnh Quảng Ninh", "UBND tỉnh Quảng Nam", "Công an tỉnh Quảng Ninh",
             "Tổng cục Hải quan", "Cục Hải quan TP.HCM", "Bộ Công an", "Bộ Quốc phòng"]
    assert len({reg.agency(n).agency_id for n in names}) == len(names)


def test_canonical_name_writes_the_admin_word_in_lower_case(reg):
    assert reg.agency_name("UBND Tỉnh Quảng Ninh") == "Ủy ban nhân dân tỉnh Quảng Ninh"
    assert reg.agency_name("Hải quan TP.HCM") == "Cục Hải quan thành phố Hồ Chí Minh"


@pytest.mark.parametrize("variants,canonical", [
    (["Phó TT", "Phó Thủ tướng", "phó thủ tướng", "Phó TTg", "Phó Thủ tướng Chính phủ"], "Phó Thủ tướng"),
    (["tổng thống", "Tổng thống"], "Tổng thống"),
    (["Phó chủ nhiệm", "Phó Chủ nhiệm"], "Phó Chủ nhiệm"),
    (["Phó Chủ tịch Thường trực", "phó chủ tịch thường trực"], "Phó Chủ tịch Thường trực"),
])
def test_title_variants_have_one_canonical_title(reg, variants, canonical):
    assert {reg.title(v) for v in variants} == {canonical}


def test_person_case_and_honorifics(reg):
    assert reg.person("donald trump") == reg.person("Donald Trump")
    assert reg.person("ông Trương Hòa Bình").canonical == "Trương Hòa Bình"
    assert reg.person("Bác Hồ").canonical == "Hồ Chí Minh"   # persons.tsv, reused
    assert reg.person("Lê Thị Thủy") != reg.person("Lê Thị Thu")


def test_in_document_short_forms():
    reg = Registry()
    record = {"id": "d1", "date": "2017-05-01", "entities": [
        {"label": "PERSON", "text": "Nguyễn Xuân Phúc", "start": 0, "end": 16},
        {"label": "PERSON", "text": "Phúc", "start": 30, "end": 34},
        {"label": "ORG", "text": "UBND tỉnh Hà Giang", "start": 40, "end": 58},
        {"label": "ORG", "text": "UBND tỉnh", "start": 70, "end": 79},
        {"label": "LOC", "text": "Hà Giang", "start": 50, "end": 58},
    ], "officials": [
        {"person": "Lê Thị Thủy", "title": "Phó chủ nhiệm", "org": "UB Kiểm tra TƯ", "start": 0, "end": 1},
    ]}
    res = reg.resolve_record(record)
    ents = res["entities"]
    assert ents[0]["entity_id"] == ents[1]["entity_id"]
    assert ents[2]["entity_id"] == ents[3]["entity_id"]
    assert ents[4] is None
    off = res["officials"][0]
    assert off["org"] == "Ủy ban Kiểm tra Trung ương" and off["title"] == "Phó Chủ nhiệm"
    other = {"id": "d2", "date": "2017-06-01", "entities": [], "officials": [
        {"person": "Lê Thị Thủy", "title": "Phó Chủ nhiệm", "org": "Ủy ban Kiểm tra Trung ương",
         "start": 0, "end": 1}]}
    assert reg.resolve_record(other)["officials"][0] == off
    persons = persons_table([record, other], reg).to_pylist()
    assert len(persons) == 1
    assert persons[0]["first_seen"] == "2017-05-01" and persons[0]["last_seen"] == "2017-06-01"
    agencies = {r["canonical"]: r for r in agencies_table([record, other], reg).to_pylist()}
    assert agencies["Ủy ban Kiểm tra Trung ương"]["n_documents"] == 2


def _official(doc, person, title, org, extra=()):
    return {"id": doc, "date": "2025-04-06", "entities": [{"label": "PERSON", "text": p, "start": 0, "end": 1}
                                                         for p in (person, *extra)],
            "officials": [{"person": person, "title": title, "org": org, "start": 0, "end": 1}]}


def test_an_official_named_in_capitals_and_in_the_body_is_one_person():
    # "ông PHAN VĂN MÃI, Chủ tịch ..." in a headline, then "Chủ tịch Phan Văn Mãi": one official, one id
    reg = Registry()
    record = _official("caps", "PHAN VĂN MÃI", "Chủ tịch", "Ủy ban nhân dân TP.HCM", extra=("Phan Văn Mãi",))
    res = reg.resolve_record(record)
    ids = {e["entity_id"] for e in res["entities"]} | {res["officials"][0]["person_id"]}
    assert len(ids) == 1
    assert reg.person("PHAN VĂN MÃI").canonical == "Phan Văn Mãi"


def test_namesakes_serving_in_two_provinces_are_two_people():
    """Names repeat: a department director in Hà Giang and a customs chief in Đà Nẵng who share one
    are two officials; the same official written two ways in two documents is one; a bare mention
    beside the official in a document is that official."""
    reg = Registry()
    a = reg.resolve_record(_official("o7", "Nguyễn Văn Hùng", "Giám đốc", "Sở Tài chính tỉnh Hà Giang"))
    b = reg.resolve_record(_official("o8", "Nguyễn Văn Hùng", "Cục trưởng", "Cục Hải quan TP Đà Nẵng"))
    again = reg.resolve_record(_official("o9", "ông Nguyễn Văn Hùng", "Phó Bí thư", "Tỉnh ủy Hà Giang"))
    assert a["officials"][0]["person_id"] != b["officials"][0]["person_id"]
    assert a["officials"][0]["person_id"] == again["officials"][0]["person_id"]
    assert a["entities"][0]["entity_id"] == a["officials"][0]["person_id"]      # the PERSON entity beside it
    national = reg.resolve_record(_official("o10", "Nguyễn Văn Hùng", "Thứ trưởng", "Bộ Tài chính"))
    bare = reg.resolve_record({"id": "o11", "entities": [{"label": "PERSON", "text": "Nguyễn Văn Hùng",
                                                          "start": 0, "end": 1}], "officials": []})
    assert national["officials"][0]["person_id"] == bare["entities"][0]["entity_id"] == \
        reg.person("Nguyễn Văn Hùng").person_id
    assert len({r["person_id"] for r in persons_table(
        [_official("o7", "Nguyễn Văn Hùng", "Giám đốc", "Sở Tài chính tỉnh Hà Giang"),
         _official("o8", "Nguyễn Văn Hùng", "Cục trưởng", "Cục Hải quan TP Đà Nẵng")], reg).to_pylist()}) == 2


def test_short_form_with_two_candidates_is_left_alone():
    reg = Registry()
    record = {"id": "d", "officials": [], "entities": [
        {"label": "PERSON", "text": "Nguyễn Văn An", "start": 0, "end": 1},
        {"label": "PERSON", "text": "Trần Thị An", "start": 0, "end": 1},
        {"label": "PERSON", "text": "An", "start": 0, "end": 1}]}
    ents = reg.resolve_record(record)["entities"]
    assert ents[2]["entity_id"] not in (ents[0]["entity_id"], ents[1]["entity_id"])


@pytest.mark.parametrize("body", ["Sở Y tế Hà Nội", "Cục Hải quan TP.HCM", "Sở GD&ĐT Hà Nội", "UBND tỉnh Lâm Đồng",
                                  "Tổng công ty Điện lực miền Bắc", "Ban Tuyên giáo Trung ương"])
def test_an_agency_printed_in_capitals_is_the_agency_the_body_names(body):
    # a header or a headline prints it in capitals: one agency, one id ("SỞ Y TẾ HÀ NỘI" had an id of its own)
    reg = Registry()
    assert reg.agency(body.upper()).agency_id == reg.agency(body).agency_id


def test_an_agency_typed_without_accents_is_the_accented_agency():
    """The names stage reads text typed without accents with its accents restored and gives the ORG that
    reading as its canonical; the registry took the letters as typed ("Cuc Hai quan TP.HCM"), so the
    agency had a second id and a name no lexicon knows, which the report's lists then left out."""
    import pipeline

    reg = Registry()
    typed = pipeline.analyze("Sang 12/9/2019, Cuc truong Cuc Hai quan TP.HCM Nguyen Van Hung cho biet them.")
    accented = pipeline.analyze("Sáng 12/9/2019, Cục trưởng Cục Hải quan TP.HCM Nguyễn Văn Hùng cho biết thêm.")
    org = next(e for e in typed["entities"] if e["label"] == "ORG")
    assert org["text"] == "Cuc Hai quan TP.HCM" and org["canonical"].startswith("Cục Hải quan")
    want = reg.agency("Cục Hải quan TP.HCM").agency_id
    for record in (typed, accented):
        resolved = reg.resolve_record(record)
        assert [x["entity_id"] for x in resolved["entities"] if x and x["entity_id"].startswith("agency-")] == [want]
        assert [o["agency_id"] for o in resolved["officials"]] == [want]   # the official's org as written, too


def test_a_document_all_in_capitals_names_its_agency_as_such_names_are_written():
    import pipeline

    record = pipeline.analyze("CỤC TRƯỞNG CỤC HẢI QUAN TP.HCM NGUYỄN VĂN HÙNG CHO BIẾT THU NGÂN SÁCH TĂNG.")
    org = next(e for e in record["entities"] if e["label"] == "ORG")
    assert org["text"] == "CỤC HẢI QUAN TP.HCM" and org["canonical"] == "Cục Hải quan TP.HCM"


def test_user_alias_file_is_used(tmp_path):
    f = tmp_path / "aliases.tsv"
    f.write_text("# mine\norg\tBộ LĐ\tBộ Lao động - Thương binh và Xã hội\n"
                 "title\tTGĐ\tTổng giám đốc\nperson\tChú Ba\tTôn Đức Thắng\n", encoding="utf-8")
    reg = Registry(alias_files=[f])
    assert reg.agency("Bộ LĐ") == reg.agency("Bộ Lao động - Thương binh và Xã hội")
    assert reg.title("Phó TGĐ") == "Phó Tổng giám đốc"
    assert reg.person("Chú Ba").canonical == "Tôn Đức Thắng"


def test_an_alias_file_with_a_byte_order_mark_reads_like_one_without(tmp_path):
    rows = "org\tBộ LĐ\tBộ Lao động - Thương binh và Xã hội\ntitle\tTGĐ\tTổng giám đốc\n"
    (tmp_path / "plain.tsv").write_text(rows, encoding="utf-8")
    (tmp_path / "bom.tsv").write_text(rows, encoding="utf-8-sig")
    assert read_aliases(tmp_path / "bom.tsv") == read_aliases(tmp_path / "plain.tsv")


@pytest.mark.parametrize("bad,lineno", [
    ("org\tBộ LĐ\tBộ Lao động\norg\tonly two\n", 2),
    ("# c\n\nplace\tHN\tHà Nội\n", 3),
    ("title\t\tThủ tướng\n", 1),
    ("org\ta\tb\textra\n", 1),
])
def test_malformed_alias_line_is_refused_with_its_line_number(tmp_path, bad, lineno):
    f = tmp_path / "bad.tsv"
    f.write_text(bad, encoding="utf-8")
    with pytest.raises(AliasError, match=rf"bad\.tsv:{lineno}:"):
        read_aliases(f)
    with pytest.raises(AliasError):
        Registry(alias_files=[f])


def test_empty_mentions_are_none(reg):
    assert reg.agency("") is None and reg.person(None) is None and reg.title("  ") is None


def test_abbreviation_alias_applies_to_whole_names_above_it_in_the_file(tmp_path):
    f = tmp_path / "aliases.tsv"
    f.write_text("org\tSở VHTT Hà Nội\tSở Văn hóa và Thể thao thành phố Hà Nội\n"
                 "abbr\tVHTT\tVăn hóa và Thể thao\n", encoding="utf-8")
    reg = Registry(alias_files=[f])
    assert reg.agency_name("Sở VHTT Hà Nội") == "Sở Văn hóa và Thể thao thành phố Hà Nội"
    assert reg.agency("Sở VHTT Hà Nội") == reg.agency("Sở Văn hóa và Thể thao thành phố Hà Nội")


def test_a_unit_written_after_its_fused_title_is_that_unit_and_a_parent_agency_stays_itself():
    """"Trưởng ban Tuyên giáo Tỉnh ủy X" is drawn TITLE "Trưởng ban" + ORG "Tuyên giáo Tỉnh ủy X"
    (ANNOTATION.md): the official's agency, and that ORG elsewhere in the document, are the Ban, one id
    with "Ban Tuyên giáo Tỉnh ủy X"; after "Trưởng phòng" a Cục is the unit's parent and stays the Cục."""
    from pipeline.coverage.registry import Registry

    reg = Registry()
    record = {"entities": [{"label": "ORG", "text": "Ban Tuyên giáo Tỉnh ủy Quảng Trị"},
                           {"label": "ORG", "text": "Tuyên giáo Tỉnh ủy Quảng Trị"},
                           {"label": "ORG", "text": "Cục Đăng kiểm Việt Nam"}],
              "officials": [{"person": "Lê Thị Lan", "title": "Trưởng ban", "org": "Tuyên giáo Tỉnh ủy Quảng Trị"},
                            {"person": "Đỗ Trung Học", "title": "Trưởng phòng", "org": "Cục Đăng kiểm Việt Nam"}]}
    got = reg.resolve_record(record)
    ban = reg.agency("Ban Tuyên giáo Tỉnh ủy Quảng Trị")
    assert [e["entity_id"] for e in got["entities"][:2]] == [ban.agency_id] * 2
    assert got["officials"][0]["agency_id"] == ban.agency_id
    assert got["officials"][1]["agency_id"] == reg.agency("Cục Đăng kiểm Việt Nam").agency_id
    # without the fused title, the words alone are not taken for the Ban
    alone = reg.resolve_record({"entities": record["entities"][1:2], "officials": []})
    assert alone["entities"][0]["entity_id"] != ban.agency_id


def test_a_party_committee_named_with_its_level_does_not_say_it_twice_in_the_tables():
    from pipeline.coverage.registry import Registry

    reg = Registry()
    for written in ("Tỉnh ủy Quảng Trị", "Tỉnh ủy tỉnh Quảng Trị"):
        got = reg.resolve_record({"entities": [{"label": "ORG", "text": written}],
                                  "officials": [{"person": "Lê Văn Hòa", "title": "Bí thư", "org": written}]})
        assert got["entities"][0]["canonical"] == got["officials"][0]["org"] == "Tỉnh ủy Quảng Trị"
        assert got["officials"][0]["agency_id"] == reg.agency("Tỉnh ủy tỉnh Quảng Trị").agency_id
    # the city's own name keeps its "Thành phố"; other heads keep their place's level word
    shown = reg.resolve_record({"entities": [{"label": "ORG", "text": t} for t in
                                             ("Thành ủy TP.HCM", "UBND tỉnh Quảng Trị")], "officials": []})
    assert [e["canonical"] for e in shown["entities"]] == [reg.agency("Thành ủy TP.HCM").canonical,
                                                           "Ủy ban nhân dân tỉnh Quảng Trị"]
    assert "Hồ Chí Minh" in shown["entities"][0]["canonical"]


@pytest.mark.parametrize("variants", [
    ["Bộ GD & ĐT", "Bộ Giáo dục & Đào tạo", "Bộ Giáo dục Đào tạo", "Bộ Giáo dục và đào tạo Việt Nam", "Bộ GD&ĐT"],
    ["Bộ Lao động-Thương binh và Xã hội", "Bộ Lao động - Thương binh và Xã hội", "Bộ LĐTBXH"],
    ["Sở Lao động, Thương binh và Xã hội tỉnh Thừa Thiên Huế", "Sở LĐ-TB&XH tỉnh Thừa Thiên Huế"],
    ["ĐHQGHN", "ĐHQG Hà Nội", "Đại học Quốc gia Hà Nội", "ĐH Quốc gia HN"],
    ["Trường Cao đẳng Lào Cai", "Trường Cao đẳng tỉnh Lào Cai"],
])
def test_agencies_written_with_other_joiners_or_short_forms_share_one_id(reg, variants):
    """"&" for "và", a hyphen or comma between the parts, a missing "và", an abbreviation spaced out,
    the country after a ministry: one agency."""
    ids = {reg.agency(v).agency_id for v in variants}
    assert len(ids) == 1, [reg.agency_name(v) for v in variants]


def test_a_city_named_like_its_province_is_not_the_province(reg):
    """"TP. Lào Cai" is the province's city: its police and hospital are not the province's."""
    assert reg.agency("Công an TP. Lào Cai") != reg.agency("Công an tỉnh Lào Cai")
    assert reg.agency_name("Bệnh viện TP.Lào Cai") == "Bệnh viện thành phố Lào Cai"
    assert reg.agency("Công an Lào Cai") == reg.agency("Công an tỉnh Lào Cai")
    assert reg.agency("UBND xã Lạng Sơn") != reg.agency("UBND tỉnh Lạng Sơn")


@pytest.mark.parametrize("written", ["Hoàng Anh Gia Lai", "Công ty cổ phần Hoàng Anh Gia Lai", "Báo Lào Cai",
                                     "Ngân hàng Rothschild & Cie Banque"])
def test_a_company_or_paper_keeps_the_name_it_is_written_with(reg, written):
    """No administrative word is put into a name that is not a state body's, and "&" between foreign words
    stays."""
    assert reg.agency_name(written) == written


def test_an_acronym_after_a_fused_title_stays_the_agency_it_names(reg):
    """"Trưởng Ban" + "ĐHQGHN" (the names model cut "Đào tạo" out): the university, in the record and in
    every other mention of the document, not a "Ban ĐHQGHN"."""
    record = {"entities": [{"label": "ORG", "text": "ĐHQGHN"}],
              "officials": [{"person": "Trần Văn Nam", "title": "Trưởng Ban", "org": "ĐHQGHN"}]}
    got = reg.resolve_record(record)
    university = reg.agency("Đại học Quốc gia Hà Nội").agency_id
    assert got["entities"][0]["entity_id"] == university
    assert got["officials"][0]["agency_id"] == university


def test_a_minister_keeps_the_names_id_beside_a_former_post_in_a_province(reg):
    """One document names the minister ("Bộ trưởng Bộ GD-ĐT") and his former post at a Hà Nội body: he is
    the name's id there, as in every other document naming him as minister (the Hà Nội post gave both
    records the Hà Nội namesake's id)."""
    record = {"entities": [{"label": "PERSON", "text": "Nguyễn Văn Nam"}],
              "officials": [{"person": "Nguyễn Văn Nam", "title": "Bộ trưởng", "org": "Bộ GD-ĐT"},
                            {"person": "Nguyễn Văn Nam", "title": "Giám đốc", "org": "Sở Y tế Hà Nội"}]}
    got = reg.resolve_record(record)
    alone = reg.resolve_record({"entities": [], "officials": record["officials"][:1]})
    assert got["officials"][0]["person_id"] == got["officials"][1]["person_id"] == alone["officials"][0]["person_id"]
    assert got["entities"][0]["entity_id"] == alone["officials"][0]["person_id"]
    provincial = reg.resolve_record({"entities": [], "officials": record["officials"][1:]})
    assert provincial["officials"][0]["person_id"] != alone["officials"][0]["person_id"]


def test_a_department_named_without_its_place_is_the_one_the_document_places(reg):
    """Five provinces' "Sở Giáo dục và Đào tạo" written bare were one row of the report; in a document
    that names one such department with its place, the bare name is that one."""
    record = {"entities": [{"label": "ORG", "text": "Sở GD&ĐT tỉnh Hà Nam"}, {"label": "ORG", "text": "Sở GD&ĐT"}],
              "officials": []}
    got = reg.resolve_record(record)
    assert got["entities"][1]["entity_id"] == reg.agency("Sở GD&ĐT tỉnh Hà Nam").agency_id
    two = {"entities": record["entities"] + [{"label": "ORG", "text": "Sở GD&ĐT Cần Thơ"}], "officials": []}
    assert reg.resolve_record(two)["entities"][1]["entity_id"] == reg.agency("Sở GD&ĐT").agency_id   # which one?


def test_a_bare_department_in_news_naming_one_province_is_that_provinces(reg):
    """An article on Nghệ An's budget names "UBND tỉnh Nghệ An" and "Sở Tài chính": the department was one
    id for every province's (a new user's trial); a department is never national, so it is the one
    province's the article's agencies name. With two provinces named it stays bare."""
    one = {"entities": [{"label": "ORG", "text": "UBND tỉnh Nghệ An"}, {"label": "ORG", "text": "Sở Tài chính"}],
           "officials": [{"person": "Nguyễn Văn Bình", "title": "Giám đốc", "org": "Sở Tài chính"}]}
    got = reg.resolve_record(one)
    want = reg.agency("Sở Tài chính tỉnh Nghệ An").agency_id
    assert got["entities"][1]["entity_id"] == want and got["officials"][0]["agency_id"] == want
    two = {"entities": one["entities"] + [{"label": "ORG", "text": "Công an tỉnh Hà Tĩnh"}], "officials": []}
    assert reg.resolve_record(two)["entities"][1]["entity_id"] == reg.agency("Sở Tài chính").agency_id
    national = {"entities": [{"label": "ORG", "text": "Bộ Tài chính"}, {"label": "ORG", "text": "Sở Tài chính"}],
                "officials": []}
    assert reg.resolve_record(national)["entities"][1]["entity_id"] == reg.agency("Sở Tài chính").agency_id


def test_a_university_written_with_or_without_truong_is_one(reg):
    ids = {reg.agency(n).agency_id for n in ("Trường Đại học Tôn Đức Thắng", "Đại học Tôn Đức Thắng",
                                              "trường ĐH Tôn Đức Thắng")}
    assert len(ids) == 1
    assert reg.agency("Đại học Quốc gia Hà Nội") != reg.agency("Trường Đại học Tôn Đức Thắng")


def test_a_minister_written_with_the_portfolio_alone_is_the_ministry(reg):
    """"Bộ trưởng Y tế" is drawn TITLE "Bộ trưởng" + ORG "Y tế": the agency was "Y tế", one id holding
    Vietnam's and India's health ministers."""
    record = {"entities": [], "officials": [
        {"person": "Nguyễn Văn Long", "title": "Bộ trưởng", "org": "Y tế"},
        {"person": "Harsh Vardhan", "title": "Bộ trưởng", "org": "Y tế Ấn Độ"},
        {"person": "Nguyễn Văn Sơn", "title": "Thứ trưởng", "org": "GDĐT"}]}
    got = [o["agency_id"] for o in reg.resolve_record(record)["officials"]]
    assert got[0] == reg.agency("Bộ Y tế").agency_id != got[1]
    assert got[2] == reg.agency("Bộ Giáo dục và Đào tạo").agency_id


@pytest.mark.parametrize("variants", [
    ["Chính phủ Việt Nam", "Chính phủ"],
    # an alias whose canonical has a comma takes the spelling without it too
    ["Cục Quản lý Khám chữa bệnh", "Cục Quản lý Khám, chữa bệnh", "Cục khám chữa bệnh"],
    ["CDC Hà Nam", "CDC tỉnh Hà Nam", "Trung tâm Kiểm soát bệnh tật tỉnh Hà Nam"],
])
def test_the_government_with_its_country_and_a_cdc_by_its_acronym_are_one(reg, variants):
    assert len({reg.agency(v).agency_id for v in variants}) == 1


def test_a_department_written_with_a_bare_tp_is_the_citys_the_document_names(reg):
    """"Sở GD-ĐT TP" in a Cần Thơ story and "Sở Giáo dục & Đào tạo TP" in a Đà Nẵng one were one id."""
    record = {"entities": [{"label": "ORG", "text": "Sở GD-ĐT TP"}, {"label": "ORG", "text": "Sở GD&ĐT TP Cần Thơ"}],
              "officials": []}
    got = [e["entity_id"] for e in reg.resolve_record(record)["entities"]]
    assert got == [reg.agency("Sở GD&ĐT TP Cần Thơ").agency_id] * 2


def test_a_provincial_documents_bare_department_is_its_issuers_provinces(reg):
    """Five provinces' reports each said "Sở Nội vụ" with the province only in the header: one agency id
    for five departments. A body written without its place is the issuer's province's; a national
    issuer, a district's body and another level stay as written."""
    def resolve(document, *orgs):
        record = {"entities": [{"label": "ORG", "text": o} for o in orgs], "officials": [],
                  "document": document}
        return [e["entity_id"] for e in reg.resolve_record(record)["entities"]]

    nghe_an = {"issuer": "Sở Nội vụ", "issuer_parent": "UBND tỉnh Nghệ An"}
    dong_thap = {"issuer": "Ủy ban nhân dân tỉnh Đồng Tháp", "issuer_parent": None}
    assert resolve(nghe_an, "Sở Nội vụ", "UBND tỉnh") == [reg.agency("Sở Nội vụ tỉnh Nghệ An").agency_id,
                                                       reg.agency("UBND tỉnh Nghệ An").agency_id]
    assert resolve(dong_thap, "Sở Nội vụ") == [reg.agency("Sở Nội vụ tỉnh Đồng Tháp").agency_id]
    assert resolve(dong_thap, "Công an TP", "Phòng Nội vụ", "UBND huyện") == [
        reg.agency(n).agency_id for n in ("Công an TP", "Phòng Nội vụ", "UBND huyện")]
    hanoi = {"issuer": "Văn phòng", "issuer_parent": "UBND thành phố Hà Nội"}
    assert resolve(hanoi, "UBND TP", "Sở Y tế") == [reg.agency("UBND TP Hà Nội").agency_id,
                                                    reg.agency("Sở Y tế Hà Nội").agency_id]
    national = {"issuer": "Bộ Nội vụ", "issuer_parent": None}
    assert resolve(national, "Sở Nội vụ") == [reg.agency("Sở Nội vụ").agency_id]
    assert resolve(None, "Sở Nội vụ") == [reg.agency("Sở Nội vụ").agency_id]
    # a department the document names with its place still wins
    assert resolve(dong_thap, "Sở Nội vụ tỉnh Bến Tre", "Sở Nội vụ")[1] == reg.agency("Sở Nội vụ tỉnh Bến Tre").agency_id


def test_a_department_in_capitals_is_shown_as_its_name_is_written_and_a_province_the_lexicon_lacks_places_it(reg):
    """The second trial: the report listed "Sở Nội Vụ"; and two invented provinces' "Sở Nội vụ" were one
    agency, since only provinces of the place lexicon placed a bare department."""
    assert reg.agency("SỞ NỘI VỤ").canonical == "Sở Nội vụ"
    assert reg.agency("SỞ TÀI CHÍNH") == reg.agency("Sở Tài chính")
    record = {"entities": [{"label": "ORG", "text": "Sở Nội vụ"}], "officials": [],
              "document": {"issuer": "Sở Nội vụ", "issuer_parent": "UBND tỉnh Lam Giang"}}
    assert reg.resolve_record(record)["entities"][0]["entity_id"] == reg.agency("Sở Nội vụ tỉnh Lam Giang").agency_id


def test_a_persons_bare_id_is_the_one_placed_id_the_run_has_for_the_name(reg):
    """The second reports trial: 14 of 35 officials had two or three ids, as a report wrote a bare "Phó
    Giám đốc Sở" or news named "Sở Tài chính" without its province. Where the run places a name once,
    its bare mentions are that person; namesakes placed in two provinces, and a name held in a national
    office, keep the bare id apart."""
    placed = _official("r1", "Mai Xuân Trường", "Giám đốc", "Sở Tài chính tỉnh Hà Giang")
    bare = _official("n1", "Mai Xuân Trường", "Giám đốc", "Sở Tài chính")
    ids = {r["person_id"] for r in persons_table([placed, bare], reg).to_pylist()}
    assert ids == {reg.resolve_record(placed)["officials"][0]["person_id"]}
    namesake = _official("r2", "Mai Xuân Trường", "Cục trưởng", "Cục Hải quan TP Đà Nẵng")
    assert len({r["person_id"] for r in persons_table([placed, namesake, bare], reg).to_pylist()}) == 3
    national = _official("n2", "Mai Xuân Trường", "Thứ trưởng", "Bộ Tài chính")
    assert len({r["person_id"] for r in persons_table([placed, national, bare], reg).to_pylist()}) == 2
    # named bare in another office only: perhaps a namesake (a common name), so kept apart
    other = _official("n3", "Mai Xuân Trường", "Chánh thanh tra", None)
    assert len({r["person_id"] for r in persons_table([placed, other], reg).to_pylist()}) == 2


LETTERHEAD = """ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HÒA LÂM                              Độc lập - Tự do - Hạnh phúc

Số: 215/UBND-KT                   Hòa Lâm, ngày 04 tháng 3 năm 2024
V/v kiểm tra hàng hóa nhập lậu

Kính gửi: Sở Công Thương.

Ủy ban nhân dân tỉnh đề nghị Sở Công Thương kiểm tra các cửa hàng bán hàng nhập lậu.

Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH


Lê Văn Tâm
"""


def test_an_issuer_printed_beside_the_motto_is_one_agency_not_two(reg):
    """"ỦY BAN NHÂN DÂN" / "TỈNH HÒA LÂM" in two columns are two ORG pieces of one issuer; the batch's
    agencies table made "Tỉnh Hòa Lâm" an agency of its own."""
    import pipeline

    rec = pipeline.analyze(LETTERHEAD)
    assert rec["document"]["issuer"] == "Ủy ban nhân dân tỉnh Hòa Lâm"
    res = reg.resolve_record(rec)
    pieces = [x for e, x in zip(rec["entities"], res["entities"]) if e["label"] == "ORG" and e["start"] < 120]
    assert len(pieces) == 2 and pieces[0]["entity_id"] == pieces[1]["entity_id"]
    assert pieces[0]["canonical"] == "Ủy ban nhân dân tỉnh Hòa Lâm"
    assert pieces[0]["entity_id"] == reg.agency("UBND tỉnh Hòa Lâm").agency_id


@pytest.mark.parametrize("short, placed", [
    ("Văn phòng UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh Hòa Lâm"),
    ("Thanh tra tỉnh", "Thanh tra tỉnh Hòa Lâm"),
    ("UBND tỉnh", "Ủy ban nhân dân tỉnh Hòa Lâm"),
])
def test_a_body_written_with_its_level_and_no_place_is_the_issuers_provinces(reg, short, placed):
    """Only local heads ("UBND tỉnh", "Công an tỉnh") were placed by the issuer's province; "Văn phòng UBND
    tỉnh" in a letter of the province's own became one placeless office for every province."""
    record = {"document": {"issuer": "Ủy ban nhân dân tỉnh Hòa Lâm", "issuer_parent": None},
              "entities": [{"label": "ORG", "text": short, "start": 0, "end": len(short)}], "officials": []}
    assert reg.resolve_record(record)["entities"][0]["entity_id"] == reg.agency(placed).agency_id
    news = {"entities": [{"label": "ORG", "text": short, "start": 0, "end": len(short)}], "officials": []}
    assert reg.resolve_record(news)["entities"][0]["entity_id"] == reg.agency(short).agency_id   # nothing says where


def test_namesakes_named_in_one_document_keep_their_own_ids_on_their_person_mentions():
    """Probe of session 53: two Nguyễn Văn Hùng of two provinces in one article; the officials were
    two people, the two PERSON mentions one id (the bare name's) that no other table knew."""
    text = ("Chủ tịch UBND tỉnh Quảng Ninh Nguyễn Văn Hùng phát biểu. "
            "Giám đốc Sở Tài chính Hà Nội Nguyễn Văn Hùng trình bày.")
    first, second = text.index("Nguyễn"), text.rindex("Nguyễn")
    n = len("Nguyễn Văn Hùng")
    record = {"id": "two", "date": "2025-03-25", "entities": [
        {"label": "PERSON", "text": "Nguyễn Văn Hùng", "start": first, "end": first + n},
        {"label": "PERSON", "text": "Nguyễn Văn Hùng", "start": second, "end": second + n}],
        "officials": [
            {"person": "Nguyễn Văn Hùng", "title": "Chủ tịch", "org": "UBND tỉnh Quảng Ninh", "start": 0,
             "end": first + n},
            {"person": "Nguyễn Văn Hùng", "title": "Giám đốc", "org": "Sở Tài chính Hà Nội",
             "start": text.index("Giám đốc"), "end": second + n}]}
    res = Registry().resolve_record(record)
    officials = [o["person_id"] for o in res["officials"]]
    assert len(set(officials)) == 2
    assert [e["entity_id"] for e in res["entities"]] == officials


def test_a_post_named_as_former_is_a_row_of_its_own_in_the_persons_table():
    """Probe of session 53: "nguyên Chủ tịch UBND tỉnh Nghệ An" in 2026 showed the post held until 2026."""
    held = _official("p1", "Lê Minh Tuấn", "Chủ tịch", "UBND tỉnh Nghệ An")
    held["date"] = "2025-05-01"
    named_former = _official("p2", "Lê Minh Tuấn", "Chủ tịch", "UBND tỉnh Nghệ An")
    named_former["date"] = "2026-02-15"
    named_former["officials"][0]["former"] = True
    rows = persons_table([held, named_former], Registry()).to_pylist()
    assert len(rows) == 2, rows
    now = next(r for r in rows if not r["former"])
    before = next(r for r in rows if r["former"])
    assert (now["first_seen"], now["last_seen"]) == ("2025-05-01", "2025-05-01")
    assert before["last_seen"] == "2026-02-15" and before["person_id"] == now["person_id"]


def test_an_alias_file_not_in_utf8_is_refused_naming_its_file_and_line(tmp_path):
    f = tmp_path / "latin.tsv"
    f.write_bytes("person\tKnapper\tMarc Knapper\n".encode() + b"person\tA\xff\tB\n")
    with pytest.raises(AliasError, match=r"latin\.tsv:2: not valid UTF-8"):
        read_aliases(f)


def test_an_alias_given_two_canonical_names_is_named_with_both_lines(tmp_path):
    from pipeline.coverage.registry import alias_conflicts

    a, b = tmp_path / "a.tsv", tmp_path / "b.tsv"
    a.write_text("org\tĐại sứ quán Mỹ\tĐại sứ quán Hoa Kỳ\nperson\tKnapper\tMarc Knapper\n", encoding="utf-8")
    b.write_text("# later\norg\tđại sứ quán Mỹ\tBộ Công an\nperson\tKnapper\tMarc  Knapper\n", encoding="utf-8")
    [(where, message)] = alias_conflicts([a, b])
    assert where == f"{b}:2" and f"{a}:1" in message and "Bộ Công an" in message
    assert alias_conflicts([a]) == []
