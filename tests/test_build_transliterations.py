"""scripts/build_transliterations.py: which words are transliterations, how a candidate is widened,
and the reviewed file the lexicon loads (sentences written for the tests)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import build_transliterations as bt  # noqa: E402

from pipeline.entities.lexicon import TRANSLITERATED_PLACES, default_lexicon  # noqa: E402
from pipeline.resources import lexicon_dir  # noqa: E402


def test_a_transliteration_is_capitalised_then_lower_case_syllables():
    assert all(bt._transliteration(w) for w in ("Bê-la-rút", "Xin-ga-po", "Mát-xcơ-va", "Ca-ta"))
    assert not any(bt._transliteration(w) for w in ("Nội Bài-Lào", "GD-ĐT", "X-Quang", "ê-kíp", "Covid-19", "Hà"))


def _candidates(text):
    return [text[slice(*bt._run(text, m.start(), m.end()))]
            for m in bt.HYPHENATED.finditer(text) if bt._transliteration(m.group())]


def test_a_candidate_takes_one_capitalised_word_on_each_side():
    assert _candidates("Đoàn đã tới Niu Di-lân hôm qua.") == ["Niu Di-lân"]
    assert _candidates("Các nước A-rập Xê-út cắt quan hệ với Ca-ta.") == ["A-rập Xê-út", "Xê-út", "Ca-ta"]
    assert _candidates("Ông gặp V.Pu-tin tại điện.") == []   # glued to an initial: a person, not a place


def test_the_reviewed_file_is_read_as_places():
    rows = [line.split("\t") for line in (lexicon_dir() / TRANSLITERATED_PLACES).read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    assert rows and all(len(r) == 4 and r[2] in ("country", "city", "region", "river") and int(r[3]) >= 1 for r in rows)
    lex = default_lexicon()
    words = ["Bê", "-", "la", "-", "rút"]
    found = lex.match(words, [w.lower() for w in words], 0, "PLACE")
    assert found and found[0][0] == 5 and found[0][1].canonical == "Belarus"
