"""How scripts/build_gazetteer.py cuts candidate names out of a line (sentences written for the tests)."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import build_gazetteer as bg  # noqa: E402


@pytest.fixture(scope="module")
def miner():
    m = bg.Miner(*bg.vietnamese_dictionary(), {("Anh",), ("Nga",)})
    # the archive's habits, in small: "theo" and "khi" are lower-case words, "Reuters" a name
    for line in ("Giá dầu tăng theo báo cáo.", "Họ đi khi trời mưa.", "Tin từ Reuters cho hay.",
                 "Anh ấy đi theo đoàn.", "Ông đi theo hướng khác."):
        m.count_case(line)
    return m


def names(miner, line):
    out = []
    for raw in bg.raw_runs(line):
        run, kind, cue = miner.trim(line, raw)
        if run:
            out.append((line[run[0][0]:run[-1][1]], kind, cue))
    return out


def test_latin_words_without_vietnamese_letters():
    assert all(bg.is_latin_word(w) for w in ("Mourinho", "Müller", "José", "Saint-Germain", "O'Neill"))
    assert not any(bg.is_latin_word(w) for w in ("Nội", "Đức", "Mỹ", "Thủ", "Văn", "F8", "Covid-19", "Москва"))


def test_vietnamese_syllables_are_told_from_foreign_words(miner):
    assert all(miner.is_viet(w) for w in ("Tim", "Long", "Theo", "Hà", "Nga-Pháp"))
    assert not any(miner.is_viet(w) for w in ("Cook", "Ronaldo", "Chelsea", "Jong-un"))


def test_a_run_of_vietnamese_syllables_is_no_candidate(miner):
    assert names(miner, "Anh đến Long An rồi về Nam Dinh.") == []


def test_a_sentence_opener_and_a_source_line_are_cut_off(miner):
    assert names(miner, "Theo Reuters, giá dầu tăng.") == [("Reuters", None, None)]
    assert names(miner, "Khi Chelsea thắng, cả đội vui.") == [("Chelsea", None, None)]


def test_a_cue_acronym_becomes_the_cue(miner):
    assert names(miner, "HLV Mourinho nói sau trận.") == [("Mourinho", "PERSON", "HLV")]


def test_a_country_before_a_title_holder_is_cut_off(miner):
    assert names(miner, "Thủ tướng Anh Theresa May phát biểu.") == [("Theresa May", "PERSON", "thủ tướng")]


def test_the_end_of_a_vietnamese_name_before_a_foreign_one_is_cut_off(miner):
    assert names(miner, "Nhà lãnh đạo Triều Tiên Kim Jong-un đến.")[0][0] == "Kim Jong-un"


def test_a_vietnamese_word_after_the_name_is_cut_off(miner):
    assert names(miner, "Viện Pasteur Thành phố Hồ Chí Minh cho biết.")[0][0] == "Pasteur"


def test_a_model_number_is_product_evidence_and_a_score_is_not():
    assert bg.MODEL_AFTER.match(" S8 ra mắt")
    assert bg.MODEL_AFTER.match(" 2016 diễn ra")
    assert not bg.MODEL_AFTER.match(" 2-1 Arsenal")


def test_lines_in_capitals_are_left_out():
    assert bg.caps_line("CHELSEA THẮNG ĐẬM ARSENAL TRÊN SÂN NHÀ")
    assert not bg.caps_line("Chelsea thắng đậm Arsenal trên sân nhà")
