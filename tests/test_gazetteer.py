"""The foreign-name gazetteer (pipeline/entities/gazetteer.py) on sentences written for the tests."""
from __future__ import annotations

import fnmatch
import tomllib
import unicodedata
from pathlib import Path

import pytest

from pipeline.entities.gazetteer import FILE, TYPES, Gazetteer, default_gazetteer
from pipeline.entities.lexicon import tokens
from pipeline.resources import lexicon_dir

ROOT = Path(__file__).resolve().parent.parent


def _small(tmp_path, rows: str) -> Gazetteer:
    path = tmp_path / "names.tsv"
    path.write_text("# name\ttype\tdocs\treviewed\n" + rows, encoding="utf-8")
    return Gazetteer(path)


def _found(g: Gazetteer, text: str) -> list[tuple[str, str]]:
    return [(text[s:e], kind) for s, e, kind in g.spans(text)]


# ---------------------------------------------------------------- the shipped file
def test_the_shipped_file_is_reviewed_typed_and_free_of_rejected_names():
    rows = [line.split("\t") for line in (lexicon_dir() / FILE).read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    assert len(rows) > 1000
    assert {r[1] for r in rows} == set(TYPES)
    assert all(r[3] == "yes" and r[2].isdigit() for r in rows)
    names = [r[0] for r in rows]
    assert len(names) == len(set(names))
    rejected = lexicon_dir() / "foreign_names_rejected.txt"
    if rejected.exists():
        refused = {line.split("\t")[0] for line in rejected.read_text(encoding="utf-8").splitlines()
                   if line and not line.startswith("#")}
        assert not refused & set(names)


def test_the_shipped_file_is_package_data():
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert setuptools["package-dir"]["pipeline.data.lexicons"] == "corpora/lexicons"
    patterns = setuptools["package-data"]["pipeline.data.lexicons"]
    assert any(fnmatch.fnmatch(FILE, p) for p in patterns)
    assert (ROOT / "corpora" / "lexicons" / FILE).is_file()


def test_shipped_names_of_each_kind_in_a_written_sentence():
    text = "HLV Mourinho đưa Chelsea sang London để gặp Bayern Munich."
    assert _found(default_gazetteer(), text) == [
        ("Mourinho", "PERSON"), ("Chelsea", "ORG"), ("London", "LOC"), ("Bayern Munich", "ORG")]


def test_a_club_named_after_its_city_is_the_club_in_its_full_name():
    g = default_gazetteer()
    assert g.type_of("Paris") == "LOC"
    assert _found(g, "Neymar rời Paris Saint-Germain.") == [("Neymar", "PERSON"), ("Paris Saint-Germain", "ORG")]


def test_rejected_candidates_are_not_found():
    # competitions and products were reviewed out of the gazetteer
    g = default_gazetteer()
    assert _found(g, "Trận chung kết Champions League được chiếu trên Android.") == []


# ---------------------------------------------------------------- lookup rules, on a small file
ROWS = "Real\tORG\t5\tyes\nMadrid\tLOC\t5\tyes\nReal Madrid\tORG\t9\tyes\nTim Cook\tPERSON\t3\tyes\n" \
       "Moody’s\tORG\t2\tyes\nvan Persie\tPERSON\t2\tyes\n"


def test_the_longest_entry_wins_and_matches_do_not_overlap(tmp_path):
    g = _small(tmp_path, ROWS)
    assert _found(g, "Real Madrid thắng, Real vui, Madrid mở hội.") == [
        ("Real Madrid", "ORG"), ("Real", "ORG"), ("Madrid", "LOC")]


def test_lookup_over_tokens_gives_token_spans(tmp_path):
    g = _small(tmp_path, ROWS)
    words = ["CEO", "Tim", "Cook", "tới", "Madrid"]
    assert g.lookup(words) == [(1, 3, "PERSON"), (4, 5, "LOC")]
    assert g.lookup([]) == []


def test_a_match_is_capitalised_where_the_entry_is(tmp_path):
    g = _small(tmp_path, ROWS)
    assert _found(g, "tim cook") == []                      # lower case: not the name
    assert _found(g, "TIM COOK PHÁT BIỂU") == [("TIM COOK", "PERSON")]   # a line in capitals
    assert _found(g, "Robin van Persie") == [("van Persie", "PERSON")]   # the entry's own lower case


def test_a_name_inside_a_longer_word_is_not_found(tmp_path):
    g = _small(tmp_path, ROWS)
    assert _found(g, "Realme và Madridista") == []


def test_apostrophes_of_either_kind_match(tmp_path):
    g = _small(tmp_path, ROWS)
    assert _found(g, "Hãng Moody's hạ bậc.") == [("Moody's", "ORG")]
    assert g.type_of("Moody's") == "ORG"


def test_spans_point_into_the_text_as_given(tmp_path):
    g = _small(tmp_path, ROWS)
    # decomposed Vietnamese letters and a zero-width space before the name, a non-breaking space in it
    text = unicodedata.normalize("NFD", "Ông ấy nói tại") + "\u200b Real\u00a0Madrid hôm qua"
    spans = g.spans(text)
    assert [(text[s:e], kind) for s, e, kind in spans] == [("Real\u00a0Madrid", "ORG")]


def test_entries_are_cut_like_the_names_stage_cuts_text(tmp_path):
    g = _small(tmp_path, "Saint-Germain\tLOC\t1\tyes\n")
    text = "Quận Saint-Germain"
    words = [text[a:b] for a, b in tokens(text)]
    assert words == ["Quận", "Saint", "-", "Germain"]
    assert g.lookup(words) == [(1, 4, "LOC")]


def test_a_malformed_row_is_refused(tmp_path):
    with pytest.raises(ValueError, match="expected name"):
        _small(tmp_path, "Chelsea\tCLUB\t3\tyes\n")
