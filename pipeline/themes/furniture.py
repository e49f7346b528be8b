"""Page furniture: lines of a scraped page that are not the article and carry no theme.

Buttons ("Điều chỉnh kích thước chữ"), captions ("Ảnh minh họa"), media tags
("Audio"), share prompts and bylines took themes from their few words (a
font-size button got office culture from "điều chỉnh"). The list
`corpora/lexicons/furniture.txt` is built from the archives by
`scripts/build_furniture.py` (lines repeated across many documents, plus short
button and caption lines) and holds one line per entry in `key` form: lower
case, NFC, punctuation and digits dropped, spaces collapsed. A sentence whose
key is on the list, a byline ("Thanh Hải", "Hồng Nhung/TTXVN": a name no list can hold), a source
credit alone ("(Theo Dân trí)"), or a sentence with no letters at all, is furniture: the themes
component scores it as empty text and gives it no theme. So is a line that only names an agency, a person or a place (`names_only`): a release's
sign-off ("Cục Hải quan thành phố Hà Nội") took the theme of the paragraph above it.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..resources import lexicon_dir

FILE = "furniture.txt"
_NON_WORD = re.compile(r"[\W\d_]+")


def key(line: str) -> str:
    """A line's comparison form: lower-cased NFC words without punctuation or digits."""
    return " ".join(_NON_WORD.sub(" ", unicodedata.normalize("NFC", line).lower()).split())


@lru_cache(maxsize=1)
def furniture_keys() -> frozenset[str]:
    path = lexicon_dir() / FILE
    if not path.is_file():
        return frozenset()
    return frozenset(k for k in (key(x) for x in path.read_text(encoding="utf-8").splitlines()
                                 if x.strip() and not x.startswith("#")) if k)


@lru_cache(maxsize=1)
def _too_long():
    """A match on a line with more words (letter runs) than the longest key: never furniture.
    It stops after that many words, so a long sentence is cleared without reading it whole."""
    most = max((len(k.split()) for k in furniture_keys()), default=0)
    return re.compile(rf"[\W\d_]*(?:[^\W\d_]+[\W\d_]+){{{most}}}[^\W\d_]").match


# a byline or credit line: one to four capitalised words (a name, initials with their dots), an
# agency's acronym after a slash or dash or in brackets ("Thanh Hải", "Hồng Nhung/TTXVN", "T.Bình (VOV)")
_BYLINE = re.compile(r"\s*(?P<name>[^\W\d_][\w.]*(?:\s+[^\W\d_][\w.]*){0,3})"
                     r"(?:\s*[/–-]\s*[A-ZĐ]{2,}|\s*\(\s*[A-ZĐ]{2,}\s*\))?\s*\.?\s*")


def is_byline(sentence: str) -> bool:
    """A line that only names its writer: every word capitalised with its other letters in lower case
    (an all-capitals heading such as "CẢI CÁCH HÀNH CHÍNH" is none)."""
    m = _BYLINE.fullmatch(sentence)
    if m is None:
        return False
    words = m.group("name").replace(".", " ").split()
    return all(w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in words)


# a source credit alone: "(Theo Dân trí)", "Theo Báo Giao thông", "Nguồn: Bloomberg", "Theo Reuters/ AFP";
# in the two archives 704 lines of 344 forms are so written, every one a credit
_SOURCE_LINE = re.compile(r"\s*\(?\s*(?:[Tt]heo|[Nn]guồn)\s*:?\s+(?:(?:báo|tờ|tạp chí|trang|kênh|đài|hãng tin)\s+)?"
                          r"[A-ZĐ][^\s(),;:]*(?:\s+[^\s(),;:]+){0,4}\s*\)?\s*\.?\s*")


def is_source_line(sentence: str) -> bool:
    """A line that only credits its source: "Theo" or "Nguồn" and at most five words, the first capitalised,
    no comma (a sentence opening "Theo Bộ Tài chính, ..." goes on past one)."""
    return _SOURCE_LINE.fullmatch(sentence) is not None


def is_furniture(sentence: str) -> bool:
    """True for a sentence that is page furniture (on the list), a byline, a source credit, or has no word
    at all."""
    nfc = unicodedata.normalize("NFC", sentence)
    text = nfc.lower()
    if _too_long()(text):
        return False
    k = " ".join(_NON_WORD.sub(" ", text).split())
    return not k or k in furniture_keys() or is_byline(nfc) or is_source_line(nfc)


_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def names_only(text: str, start: int, end: int, names: list[tuple[int, int]]) -> bool:
    """Is every letter and digit of text[start:end] inside one of the (sorted) name spans, and is
    there one?"""
    inside, pos = False, start
    for a, b in names:
        if b <= pos or a >= end:
            continue
        if _LETTER_OR_DIGIT.search(text, pos, max(pos, a)):
            return False
        inside, pos = True, max(pos, b)
    return inside and not _LETTER_OR_DIGIT.search(text, pos, end)
