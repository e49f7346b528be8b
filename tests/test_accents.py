"""Vietnamese typed without accents: the accent model, the lines it reads, and the pipeline on them.

Every sentence here is written for these tests."""
import pytest

import pipeline
from pipeline.text import normalize_document
from pipeline.text.accents import AccentModel, default_model, restore_accents, strip_accents, unaccented_lines

TRAINING = [
    "Chủ tịch tỉnh đã làm việc với Sở Tài chính về thu ngân sách.",
    "Sở Tài chính báo cáo tình hình thu ngân sách của tỉnh.",
    "Người dân trong tỉnh rất tin tưởng vào chính quyền.",
    "Tình hình kinh tế của tỉnh năm nay rất khả quan.",
    "Anh ấy tính toán rất kỹ trước khi làm việc.",
] * 3


def test_strip_accents_keeps_length_case_and_other_characters():
    text = "Đồng Nai: Ủy ban tăng 15% (ước tính), ông Trần Đại Quang – “Hà Nội”"
    plain = strip_accents(text)
    assert plain == "Dong Nai: Uy ban tang 15% (uoc tinh), ong Tran Dai Quang – “Ha Noi”"
    assert len(plain) == len(text)


def test_a_model_fitted_on_written_sentences_restores_by_context():
    model = AccentModel.fit(TRAINING, min_count=1, min_pair=1)
    # "tinh" is tỉnh after "thu ngân sách của", tình before "hình"
    line = "So Tai chinh bao cao tinh hinh thu ngan sach cua tinh."
    restored = model.restore(line)
    assert restored == "Sở Tài chính báo cáo tình hình thu ngân sách của tỉnh."
    assert len(restored) == len(line)


def test_restoring_keeps_the_letter_case_and_leaves_unknown_words():
    model = AccentModel.fit(TRAINING, min_count=1, min_pair=1)
    assert model.restore("SO TAI CHINH va Microsoft") == "SỞ TÀI CHÍNH va Microsoft"


def test_save_and_load_round_trip(tmp_path):
    model = AccentModel.fit(TRAINING, min_count=1, min_pair=1)
    model.save(tmp_path / "m.npz")
    again = AccentModel.load(tmp_path / "m.npz")
    line = "Nguoi dan trong tinh rat tin tuong vao chinh quyen."
    assert again.restore(line) == model.restore(line) == "Người dân trong tỉnh rất tin tưởng vào chính quyền."


SHIPPED = default_model()
needs_model = pytest.mark.skipif(SHIPPED is None, reason="models/accents/bigrams.npz not built")


@needs_model
def test_only_lines_written_wholly_without_accents_are_touched():
    text = ("Hôm nay Sở Tài chính họp về thu ngân sách của tỉnh.\n"
            "The minister met reporters in the capital on Monday evening.\n"
            "Chu tich UBND tinh da ky quyet dinh ve cong tac can bo.\n"
            "Ngắn thôi.")
    lines = [text[s:e] for s, e in unaccented_lines(text, SHIPPED.vietnamese)]
    assert lines == ["Chu tich UBND tinh da ky quyet dinh ve cong tac can bo."]
    restored = restore_accents(text)
    assert len(restored) == len(text)
    first, english, third, short = restored.split("\n")
    assert (first, english, short) == tuple(text.split("\n")[i] for i in (0, 1, 3))
    assert third.startswith("Chủ tịch UBND tỉnh đã ký quyết định")


@needs_model
def test_accented_documents_are_the_same_object():
    text = "Bộ trưởng Bộ Tài chính cho biết thu ngân sách tăng 12% so với cùng kỳ."
    assert restore_accents(text) is text
    assert normalize_document(text).text == text


@needs_model
def test_the_pipeline_reads_unaccented_news_with_offsets_into_the_input():
    text = ("Bo truong Bo Tai chinh Ho Duc Phoc cho biet thu ngan sach nam nay dat 25.000 ty dong, "
            "tang 15% so voi cung ky.")
    record = pipeline.analyze(text)
    found = {(e["label"], e["text"]) for e in record["entities"]}
    assert {("TITLE", "Bo truong"), ("ORG", "Bo Tai chinh"), ("PERSON", "Ho Duc Phoc"),
            ("MONEY", "25.000 ty dong")} <= found
    for e in record["entities"]:
        assert text[e["start"]:e["end"]] == e["text"]
    money = next(e for e in record["entities"] if e["label"] == "MONEY")
    assert money["value"]["amount"] == 25_000_000_000_000 and money["value"]["currency"] == "VND"
    assert {"person": "Ho Duc Phoc", "title": "Bo truong"}.items() <= record["officials"][0].items()


@needs_model
def test_the_config_switch_turns_restoring_off():
    text = "Chu tich UBND tinh Quang Nam Le Tri Thanh da ky quyet dinh khen thuong."
    on = pipeline.analyze(text)
    off = pipeline.analyze(text, nlp=pipeline.load(**{"nlp.tokenizer.restore_accents": False}))
    assert ("TITLE", "Chu tich") in {(e["label"], e["text"]) for e in on["entities"]}
    assert ("TITLE", "Chu tich") not in {(e["label"], e["text"]) for e in off["entities"]}


@needs_model
def test_the_tidy_up_reads_an_unaccented_line_accented_at_the_same_offsets():
    # "duong" is read as "đường" by the street rule, "Tai chinh" as the agency's name
    text = ("Hom qua, tren duong Nguyen Hue, quan 1, hang nghin nguoi da xuong duong don Tet. "
            "Bo truong Bo Tai chinh Ho Duc Phoc cho biet thu ngan sach tang.")
    found = {(e["label"], e["text"]) for e in pipeline.analyze(text)["entities"]}
    assert ("LOC", "duong Nguyen Hue") in found and ("ORG", "Bo Tai chinh") in found
    assert not any(label == "PERSON" and name == "Nguyen Hue" for label, name in found)
