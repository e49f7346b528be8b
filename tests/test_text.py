"""The normalised view and its offset map back to the input."""
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text import norm_form, normalize


def test_nfc_and_stray_marks():
    # "thị" written with a precomposed ị plus a second combining dot below
    raw = "thi\u0323\u0323 xã"
    nt = normalize(raw)
    assert nt.text == "thị xã"
    assert nt.to_input(0, 3) == (0, 5)  # the span covers both marks
    assert nt.to_input(4, 6) == (6, 8)


def test_decomposed_input_composes():
    raw = unicodedata.normalize("NFD", "Việt Nam")
    nt = normalize(raw)
    assert nt.text == "Việt Nam"
    s, e = nt.to_input(0, 4)
    assert unicodedata.normalize("NFC", raw[s:e]) == "Việt"


def test_spaces_and_zero_width():
    raw = "Hà\u00a0Nội\u200b ngày"
    nt = normalize(raw)
    assert nt.text == "Hà Nội ngày"
    s, e = nt.to_input(3, 6)
    assert raw[s:e] == "Nội"


def test_tone_placement_unified_both_ways():
    assert norm_form("Văn hoá công sở") == norm_form("Văn hóa công sở") == "văn hóa công sở"
    assert norm_form("UỶ BAN") == norm_form("Ủy ban") == "ủy ban"
    assert norm_form("khoẻ mạnh") == "khỏe mạnh"
    assert norm_form("thuỷ lợi") == "thủy lợi"


def test_tone_kept_where_styles_agree():
    # closed syllables and "qu" + vowel are spelled the same in both styles
    for word in ("hoàn", "quý", "quả", "toán", "khuyết", "thuyền"):
        assert norm_form(word) == word


def test_length_preserved_for_clean_text():
    raw = "Bộ Tài chính hoá đơn điện tử"
    nt = normalize(raw)
    assert len(nt.text) == len(raw)
    assert nt.to_input(3, 12) == (3, 12)


TONES = {"\u0301", "\u0300", "\u0309", "\u0303", "\u0323"}


def _toneless(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if c not in TONES)


ALPHABET = st.sampled_from(list("aăâeêioôơuưyđAĐ hóàảãạ.,;:!?\"'“”()-/%0123456789")
                           + ["\u0301", "\u0323", "\u0300", "\u200b", "\u00a0", "\n", "\t", "\u3000",
                              "ð", "\ufeff", "\u0303"])


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=80).map("".join))
def test_every_normalised_span_maps_into_the_input(raw):
    nt = normalize(raw)
    assert len(nt.offsets) == len(nt.text) + 1
    assert list(nt.offsets) == sorted(nt.offsets)
    for i in range(len(nt.text)):
        for j in range(i + 1, min(len(nt.text), i + 6) + 1):
            s, e = nt.to_input(i, j)
            assert 0 <= s <= e <= len(raw)
            # the input slice covers what the normalised slice shows (a slice
            # cut inside a letter's marks widens to the whole letter)
            # (tone marks compared apart: the view may move one to the
            # neighbouring vowel of the same syllable)
            assert _toneless(nt.text[i:j].strip()) in _toneless(normalize(raw[s:e]).text)
