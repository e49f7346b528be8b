"""The output contract: every record validates against the committed schema."""
import json
from pathlib import Path

import jsonschema
import pytest

import pipeline
from pipeline.output.record import normalize_date, stable_id

SCHEMA = json.loads((Path(pipeline.__file__).parent / "schema" / "record.schema.json").read_text())

TEXTS = [
    "Chiều 28/6/2019, Bí thư Thành ủy TP.HCM Nguyễn Văn An chủ trì hội nghị. Tổng thu ngân sách đạt 95% dự toán.",
    "Văn hoá công sở\u00a0được chú trọng.\n\nUBND tỉnh Quảng Nam  phát động phong trào thi đua năm 2020.",
    "no Vietnamese here at all, only English words and 42 numbers.",
    "thị̣ xã\u200b Sơn Tây ngày 1/1",
]


@pytest.mark.parametrize("text", TEXTS)
def test_records_validate_and_slice(nlp, text):
    record = pipeline.analyze(text, nlp=nlp, title="T", source="test")
    jsonschema.validate(record, SCHEMA)
    for key in ("sentences", "entities", "officials", "passages"):
        for item in record[key]:
            assert 0 <= item["start"] < item["end"] <= len(text)
    for e in record["entities"]:
        assert text[e["start"]:e["end"]] == e["text"]


def test_schema_rejects_a_broken_record(nlp):
    record = pipeline.analyze(TEXTS[0], nlp=nlp)
    del record["officials"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, SCHEMA)


def test_stable_id_depends_on_text_only():
    assert stable_id("a") == stable_id("a") != stable_id("b")


@pytest.mark.parametrize("value, expected", [
    ("2020-10-01", "2020-10-01"), ("2020-10-01T08:00:00+07:00", "2020-10-01"),
    ("01/10/2020", "2020-10-01"), ("2020-13-01", None), ("hôm qua", None), (None, None), ("", None),
    ("2019-9-12", "2019-09-12"), ("12/9/2019 08:00", "2019-09-12"), ("12.09.2019", "2019-09-12"),
    ("31/2/2020", None), ("29/2/2019", None), ("0001-01-01", None), ("2020-10-01 lúc 8 giờ", None),
])
def test_metadata_dates(value, expected):
    assert normalize_date(value) == expected


def test_analyze_many_matches_analyze(nlp):
    items = [(t, {"id": f"d{i}"}) for i, t in enumerate(TEXTS)]
    many = list(pipeline.analyze_many(items, nlp=nlp))
    single = [pipeline.analyze(t, nlp=nlp, id=f"d{i}") for i, t in enumerate(TEXTS)]
    assert many == single


def test_analyze_many_gives_a_long_text_as_analyze_does_and_names_an_item_it_cannot_analyse(nlp, monkeypatch):
    """Probe of session 53: a text over spaCy's max_length failed the whole batch with E088, a text over
    PART_CHARS was analysed whole (other theme scores than `analyze`), a bad item lost the records of
    its batch before it and named none, and an invalid date was dropped without a word."""
    from pipeline import language

    monkeypatch.setattr(language, "PART_CHARS", 400)   # a long text without a long test
    long_text = " ".join(TEXTS * 6)
    assert len(long_text) > 400
    items = [(TEXTS[0], {"id": "a"}), (long_text, {"id": "long"}), (TEXTS[1], {"id": "b"}),
             (None, {"id": "bad"}), (TEXTS[2], {"id": "never"})]
    got = []
    with pytest.raises(TypeError, match=r"item 3 \(id 'bad'\): text must be a string"):
        for record in pipeline.analyze_many(items, nlp=nlp):
            got.append(record)
    assert [r["id"] for r in got] == ["a", "long", "b"]
    assert got[1] == pipeline.analyze(long_text, nlp=nlp, id="long")
    with pytest.raises(ValueError, match=r"item 0 \(id 'x'\): date 'not-a-date' is not a date"):
        list(pipeline.analyze_many([(TEXTS[0], {"id": "x", "date": "not-a-date"})], nlp=nlp))


def test_a_long_text_of_white_space_gives_an_empty_record(nlp, monkeypatch):
    from pipeline import language

    monkeypatch.setattr(language, "PART_CHARS", 400)
    record = pipeline.analyze(" \u00a0\n" * 500, nlp=nlp, id="blank")
    assert record["id"] == "blank" and record["entities"] == [] and record["sentences"] == []


@pytest.mark.parametrize("meta", [{"title": {"a": 1}}, {"source": ["x"]}, {"id": True}])
def test_metadata_the_record_cannot_carry_as_given_is_refused(nlp, meta):
    """Probe of session 53: a dict title was written as the text "{'a': 1}"."""
    with pytest.raises(TypeError, match="must be a string"):
        pipeline.analyze(TEXTS[0], nlp=nlp, **meta)
    with pytest.raises(TypeError, match=r"item 0\b.*must be a string"):
        list(pipeline.analyze_many([(TEXTS[0], meta)], nlp=nlp))
