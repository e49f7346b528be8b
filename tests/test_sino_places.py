"""Foreign places in Sino-Vietnamese readings (corpora/lexicons/sino_places.tsv, scripts/build_sino_places.py):
mined with a unit word before them and their country after, and read as places, not people. Sentences
written for the test."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import build_sino_places as mining  # noqa: E402

from pipeline.entities.lexicon import default_lexicon  # noqa: E402


def _names(text):
    return [(m.group(1), m.group(2), m.group(3)) for m in mining.PLACED.finditer(text)]


def test_a_name_is_mined_between_its_unit_word_and_its_country():
    assert _names("Bà sống ở thành phố Vũ Hán, tỉnh Hồ Bắc, Trung Quốc từ năm 2010.") == \
        [("Vũ Hán", "Hồ Bắc", "Trung Quốc")]
    assert _names("Lũ lớn tại tỉnh Quảng Tây (Trung Quốc) hôm qua.") == [("Quảng Tây", None, "Trung Quốc")]
    assert _names("Ông đến tỉnh Quảng Nam hôm qua.") == []          # no country after it
    assert _names("Đội tuyển Hàn Quốc thắng 2-0.") == []             # no unit word before a name


def test_names_the_lexicon_knows_already_are_not_candidates():
    lexicon = default_lexicon()
    assert mining.known_place("Hà Nam", lexicon)        # a Vietnamese province (and a Chinese one)
    assert mining.known_place("Bắc Kinh", lexicon)      # countries.tsv's
    assert not mining.known_place("Nguyễn Văn An", lexicon)


def test_the_person_cue_before_a_name_is_read():
    assert mining.PERSON_BEFORE.search("Theo chị ")
    assert mining.PERSON_BEFORE.search("tiền vệ ")
    assert not mining.PERSON_BEFORE.search("thành phố ")


def test_the_reviewed_places_are_places_of_the_lexicon():
    lexicon = default_lexicon()
    rows = [line.split("\t") for line in (mining.LEXICON.read_text(encoding="utf-8").splitlines())
            if line and not line.startswith("#")]
    assert len(rows) >= 30 and {"Vũ Hán", "Quảng Tây", "Hồ Bắc"} <= {r[0] for r in rows}
    assert all(len(r) == 3 and r[2].isdigit() for r in rows)
    assert all(mining.known_place(r[0], lexicon) for r in rows)
    # given names the archive also writes after an honorific, and a carrier's name, were left out
    assert not {"Hải Nam", "An Huy", "Quý Dương", "Liêu Ninh"} & {r[0] for r in rows}


@pytest.mark.parametrize("text, name, label", [
    ("Anh trở về từ Vũ Hán, tỉnh Hồ Bắc hôm 20/1.", "Vũ Hán", "LOC"),
    ("Nhà máy của công ty đặt tại Trùng Khánh và Quảng Tây.", "Trùng Khánh", "LOC"),
    ("Ông Vũ Hán, Giám đốc công ty, cho biết sẽ mở rộng sản xuất.", "Vũ Hán", "PERSON"),
    # an autonomous region's level is part of its LOC, as "tỉnh" is (loc_admin.tsv)
    ("Bão cát tràn qua khu tự trị Nội Mông của Trung Quốc.", "khu tự trị Nội Mông", "LOC"),
])
def test_the_pipeline_reads_them_as_places_and_a_person_of_that_name_stays_a_person(text, name, label):
    from pipeline import analyze

    found = {(e["text"], e["label"]) for e in analyze(text)["entities"]}
    assert (name, label) in found
