"""Places: today's province, the unit when written, country codes; unmappable places stay null."""
import pytest

pytest.importorskip("vietnamadminunits")

from pipeline.coverage.places import Places, places_table, resolve_record, unmapped_count  # noqa: E402


@pytest.fixture(scope="module")
def places():
    return Places()


def test_merged_province_counts_for_todays_unit_and_keeps_the_old_one(places):
    p = places.resolve("tỉnh Bình Dương", date="2017-03-01")
    assert (p.country, p.province, p.province_then) == ("VN", "Thành phố Hồ Chí Minh", "Tỉnh Bình Dương")
    assert places.resolve("Hà Giang", date="2017-05-02").province == "Tỉnh Tuyên Quang"
    assert places.resolve("Hội An").province_then == "Tỉnh Quảng Nam"   # a city inside a province


def test_after_the_merger_the_unit_when_written_is_the_current_one(places):
    p = places.resolve("Bình Dương", date="2025-09-01")
    assert p.province_then == p.province == "Thành phố Hồ Chí Minh"


@pytest.mark.parametrize("text,code", [("Hoa Kỳ", "US"), ("Mỹ", "US"), ("Washington", "US"),
                                       ("Nhật Bản", "JP"), ("Việt Nam", "VN"), ("TP.HCM", "VN"),
                                       ("Tây Nguyên", "VN"),
                                       # countries the lexicon takes from CLDR (scripts/build_countries.py)
                                       ("Litva", "LT"), ("Lithuania", "LT"), ("Slovakia", "SK"), ("Ukraina", "UA"),
                                       # transliterations (corpora/lexicons/transliterated_places.tsv)
                                       ("Bê-la-rút", "BY"), ("Ca-ta", "QA"), ("Mát-xcơ-va", "RU")])
def test_country_codes(places, text, code):
    assert places.resolve(text).country == code


@pytest.mark.parametrize("text", ["Nhà Trắng", "Biển Đông", "Châu Âu", "xyz", "", "huyện Châu Thành", "Tân Sơn Nhất"])
def test_unmappable_places_stay_null(places, text):
    p = places.resolve(text)
    assert p.province is None and p.province_then is None
    if text not in ("huyện Châu Thành", "Tân Sơn Nhất"):
        assert p.country is None


def test_ward_takes_the_province_the_document_names(places):
    record = {"id": "d", "date": "2017-02-06", "entities": [
        {"label": "LOC", "text": "Hà Nội", "start": 0, "end": 6, "canonical": "Thành phố Hà Nội"},
        {"label": "LOC", "text": "xã Đồng Tâm", "start": 10, "end": 21},
        {"label": "PERSON", "text": "Nguyễn Văn A", "start": 30, "end": 42},
    ]}
    out = resolve_record(record, places)
    assert out[1].province_then == "Thành phố Hà Nội"
    assert out[2] is None
    alone = resolve_record({"id": "e", "entities": [{"label": "LOC", "text": "xã Đồng Tâm", "start": 0, "end": 1}]},
                           places)
    assert alone[0].province is None       # many provinces have a xã Đồng Tâm


def _address(places, *parts, date="2017-05-01"):
    """Entities of an address written "A, B": LOCs two characters apart."""
    ents, pos = [], 0
    for text in parts:
        ents.append({"label": "LOC", "text": text, "start": pos, "end": pos + len(text)})
        pos += len(text) + 2
    return resolve_record({"id": "a", "date": date, "entities": ents}, places)


def test_a_district_or_commune_takes_the_province_written_right_after_it(places):
    """"thị xã Sơn Tây, Hà Nội" and "huyện Châu Thành, tỉnh Đồng Tháp": names that repeat across provinces,
    left unmapped when the address said which one. A province after a gap is not the unit's."""
    assert _address(places, "thị xã Sơn Tây", "Hà Nội")[0].province_then == "Thành phố Hà Nội"
    assert _address(places, "huyện Châu Thành", "tỉnh Đồng Tháp")[0].province_then == "Tỉnh Đồng Tháp"
    after = _address(places, "huyện Châu Thành", "tỉnh Đồng Tháp", date="2025-09-01")[0]
    assert after.province == after.province_then == "Tỉnh Đồng Tháp"
    assert _address(places, "xã Đồng Tâm", "Hà Nội")[0].province_then == "Thành phố Hà Nội"
    assert _address(places, "huyện Châu Thành")[0].province is None
    far = resolve_record({"id": "b", "entities": [
        {"label": "LOC", "text": "huyện Châu Thành", "start": 0, "end": 16},
        {"label": "LOC", "text": "tỉnh Đồng Tháp", "start": 40, "end": 54}]}, places)
    assert far[0].province is None


def test_a_port_named_like_a_district_elsewhere_is_not_put_in_that_province(places):
    """"cảng Sơn Dương" (Hà Tĩnh's port) was put in Tuyên Quang by huyện Sơn Dương's name, and the report's
    chart showed a province no article was about. In a document naming other provinces only, it is left
    unmapped; a port named after its own province, or alone, keeps it."""
    def far(*texts):
        ents = [{"label": "LOC", "text": t, "start": 40 * i, "end": 40 * i + len(t)} for i, t in enumerate(texts)]
        return resolve_record({"id": "p", "date": "2017-05-01", "entities": ents}, places)

    assert far("cảng Sơn Dương", "tỉnh Hà Tĩnh")[0].province is None
    assert far("cảng Sơn Dương")[0].province_then == "Tỉnh Tuyên Quang"   # nothing says otherwise
    assert far("cảng Hải Phòng", "Hà Nội")[0].province_then == "Thành phố Hải Phòng"
    assert far("cầu Long Biên", "Hà Nội")[0].province_then == "Thành phố Hà Nội"


def test_places_table_counts_unmapped(places):
    recs = [{"id": "a", "date": "2017-01-01", "entities": [
                {"label": "LOC", "text": "tỉnh Bình Dương", "start": 0, "end": 1},
                {"label": "LOC", "text": "Nhà Trắng", "start": 0, "end": 1}]},
            {"id": "b", "date": "2017-01-02", "entities": [
                {"label": "LOC", "text": "tỉnh Bình Dương", "start": 0, "end": 1},
                {"label": "LOC", "text": "Nhà Trắng", "start": 0, "end": 1}]}]
    table = places_table(recs, places)
    rows = {r["place"]: r for r in table.to_pylist()}
    assert rows["tỉnh Bình Dương"]["province"] == "Thành phố Hồ Chí Minh"
    assert rows["tỉnh Bình Dương"]["n_documents"] == 2
    assert rows["Nhà Trắng"]["country"] is None
    assert unmapped_count(table) == 2


def test_place_ids_join_spellings_and_keep_places_apart(places):
    pid = lambda t, c=None: places.resolve(t, c).place_id
    assert pid("Mỹ") == pid("Hoa Kỳ")
    assert pid("Bình Dương") == pid("tỉnh Bình Dương")
    assert pid("TP.HCM") == pid("Sài Gòn") == pid("Thành phố Hồ Chí Minh")
    assert pid("quận 1") != pid("TP.HCM")
    assert pid("Nhà Trắng") is not None and pid("Nhà Trắng") != pid("Hoa Kỳ")
    assert places.resolve("").place_id is None


def test_only_a_name_ending_with_a_unit_goes_to_the_address_parser():
    from pipeline.coverage.places import _ends_with_a_unit, _legacy_province

    # a district or province at the end, after a space or a mark, as `_written_in` reads it
    assert _ends_with_a_unit("Vịnh Hạ Long") and _ends_with_a_unit("TP.Hà Nội") and _ends_with_a_unit("huyện Ba Vì")
    assert not _ends_with_a_unit("Nhà Trắng") and not _ends_with_a_unit("Kwajalein")
    # a unit's name inside a word does not count ("Tân Sơn Nhất" ends with no unit, "Hội An" does)
    assert not _ends_with_a_unit("Tân Sơn Nhất") and _ends_with_a_unit("phố cổ Hội An")
    assert _legacy_province("Vịnh Hạ Long") == "Tỉnh Quảng Ninh" and _legacy_province("Kwajalein") is None


def test_a_province_renamed_before_the_merger_has_the_name_it_had_when_written():
    from pipeline.coverage.places import Places

    places = Places()
    assert places.resolve("Thừa Thiên Huế", None, "2024-03-03").province_then == "Tỉnh Thừa Thiên Huế"
    assert places.resolve("tỉnh Thừa Thiên Huế", None, "2017-05-01").province_then == "Tỉnh Thừa Thiên Huế"
    assert places.resolve("Thừa Thiên Huế", None, "2025-03-01").province_then == "Thành phố Huế"
    assert places.resolve("Thừa Thiên Huế", None, "2017-05-01").province == "Thành phố Huế"


@pytest.mark.parametrize("text,then,now", [
    ("thành phố Vũng Tàu", "Tỉnh Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh"),   # half of a two-town province
    ("Bà Rịa", "Tỉnh Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh"),
    ("huyện Long Điền", "Tỉnh Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh"),   # the package has its old name
    ("tỉnh Hà Tây", "Thành phố Hà Nội", "Thành phố Hà Nội"),                   # merged into Hà Nội in 2008
    ("Bắc Cạn", "Tỉnh Bắc Kạn", "Tỉnh Thái Nguyên"),                           # spellings
    ("Đăk Nông", "Tỉnh Đắk Nông", "Tỉnh Lâm Đồng"),
    ("Buôn Mê Thuột", "Tỉnh Đắk Lắk", "Tỉnh Đắk Lắk"),
    ("thị xã Cửa Lò", "Tỉnh Nghệ An", "Tỉnh Nghệ An"),
    ("thị xã Kỳ Anh", "Tỉnh Hà Tĩnh", "Tỉnh Hà Tĩnh"),     # the parser's "Kỳ Anh (Thị xã)", beside a huyện Kỳ Anh
    ("huyện Kỳ Anh", "Tỉnh Hà Tĩnh", "Tỉnh Hà Tĩnh"),
])
def test_places_the_address_data_misses_or_spells_otherwise(places, text, then, now):
    got = places.resolve(text, date="2024-05-01")
    assert (got.country, got.province_then, got.province) == ("VN", then, now)
