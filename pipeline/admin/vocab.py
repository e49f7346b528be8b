"""The word lists of `pipeline/admin/data/`, loaded once, and the accent fold.

Language data lives in files, not in rule code, so a reviewer can extend a
list without reading a regex. Every list is matched through `fold()`, which
keeps one character per input character: a match found in the folded copy is a
span of the input text as given, with no offset map to keep in sync.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..entities.lexicon import LEXICON_DIR

_SPECIAL = {"đ": "d", "Đ": "d", "Ð": "d", "ð": "d", "–": "-", "—": "-", "‐": "-"}


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c in _SPECIAL:
        return _SPECIAL[c]
    base = unicodedata.normalize("NFD", c)[0].lower()
    return base if len(base) == 1 else c


def fold(text: str) -> str:
    """Lower-case and strip Vietnamese diacritics, one output char per input char.

    OCR drops diacritics ("VAN PHONG CHINH PHU") and keyboards print "Ð" for
    "Đ"; comparing folded forms lets the same list match all of them, and the
    equal length keeps every offset valid in the original.
    """
    if len(text) < 64:
        return "".join(_fold_char(c) for c in text)
    # a whole document: one table for its distinct characters, applied in C
    # (the same output as the loop above, about 1.6 times faster on an article)
    return text.translate({ord(c): ord(_fold_char(c)) for c in set(text)})


def _lines(name: str) -> list[str]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    return [ln.rstrip("\n") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=None)
def doc_types() -> dict[str, str]:
    """Folded type word -> type as it is recorded (lower case)."""
    return {fold(ln.split("\t")[0]): ln.split("\t")[0].lower() for ln in _lines("doc_types.tsv")}


@lru_cache(maxsize=None)
def type_codes() -> dict[str, str]:
    """Ký hiệu code ("QĐ", "TTr") -> document type, for a number with no type line."""
    out = {}
    for ln in _lines("doc_types.tsv"):
        parts = ln.split("\t")
        for code in (parts[1].split(",") if len(parts) > 1 else []):
            if code.strip():
                out[code.strip()] = parts[0].lower()
    return out


@lru_cache(maxsize=None)
def motto_lines() -> list[str]:
    """Folded motto lines."""
    return [fold(ln.split("\t")[0]) for ln in _lines("motto.txt")]


@lru_cache(maxsize=None)
def motto_caps() -> list[bool]:
    """For each motto line: must it be printed in capitals to count?"""
    return [ln.split("\t")[1:2] == ["caps"] for ln in _lines("motto.txt")]


@lru_cache(maxsize=None)
def delegation_markers() -> list[str]:
    """Markers without their dot, longest first ("TUQ" before "TL")."""
    return sorted((ln.split("\t")[0].rstrip(".") for ln in _lines("delegation.tsv")), key=len, reverse=True)


@lru_cache(maxsize=None)
def delegation_variants() -> dict[str, str]:
    """Other printed forms of a marker ("T/M") -> the marker ("TM.")."""
    out = {}
    for ln in _lines("delegation.tsv"):
        parts = ln.split("\t")
        for v in (parts[2].split(",") if len(parts) > 2 else []):
            if v.strip():
                out[v.strip()] = parts[0]
    return out


@lru_cache(maxsize=None)
def month_names() -> dict[str, int]:
    """Folded month name -> month ("muoi hai" -> 12), for "ngày 5 tháng Ba năm 2024"."""
    return {fold(ln.split("\t")[0]): int(ln.split("\t")[1]) for ln in _lines("month_names.tsv")}


@lru_cache(maxsize=None)
def signer_titles() -> dict[str, str]:
    """Folded title -> normal capitalisation, with the derived "Phó X" and "Quyền X".

    The signature-block list of this package, widened with the offices of the
    shared title lexicon (corpora/lexicons/titles.tsv) so that a title the
    list lacks is still read; the package list wins on capitalisation.
    """
    out = {}
    shared = Path(LEXICON_DIR) / "titles.tsv"
    titles = []
    if shared.exists():
        for ln in shared.read_text(encoding="utf-8").splitlines():
            parts = ln.split("\t")
            if len(parts) >= 2 and not ln.startswith("#") and parts[1].strip() == "office" \
                    and len(parts[0].split()) >= 2:
                titles.append(parts[0].strip())
    titles += _lines("signer_titles.txt")
    for t in titles:
        for form in (t, "Phó " + t, "Quyền " + t):
            out[fold(form)] = form
    return out


@lru_cache(maxsize=None)
def ranks() -> frozenset[str]:
    """Folded military and police ranks ("dai ta"), from the shared title lexicon."""
    shared = Path(LEXICON_DIR) / "titles.tsv"
    if not shared.exists():
        return frozenset()
    rows = [ln.split("\t") for ln in shared.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return frozenset(fold(r[0].strip()) for r in rows if len(r) >= 2 and r[1].strip() == "rank")


@lru_cache(maxsize=None)
def degrees() -> frozenset[str]:
    """Folded degree and honour abbreviations printed before a name ("ths", "pgs")."""
    return frozenset(fold(ln.strip()) for ln in _lines("degrees.txt"))


@lru_cache(maxsize=None)
def agencies() -> dict[str, str]:
    """Folded agency name -> normal capitalisation."""
    return {fold(ln): ln for ln in _lines("agencies.txt")}


@lru_cache(maxsize=None)
def provinces() -> dict[str, str]:
    """A province's name, lower-cased and folded (OCR drops accents) -> as written ("hà nội" -> "Hà Nội"),
    from the shared places lexicon."""
    out: dict[str, str] = {}
    for line in (Path(LEXICON_DIR) / "places.tsv").read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) >= 2 and cells[1] == "province" and not line.startswith("#"):
            out.setdefault(cells[0].lower(), cells[0])
            out.setdefault(fold(cells[0]).lower(), cells[0])
    return out


@lru_cache(maxsize=None)
def agency_heads() -> list[str]:
    """Folded head words, longest first."""
    return sorted({fold(ln) for ln in _lines("agency_heads.txt")}, key=len, reverse=True)


@lru_cache(maxsize=None)
def agency_heads_written() -> frozenset[str]:
    """Head words lower-cased with their accents ("phòng", not "phong" of "Yên Phong")."""
    return frozenset(ln.lower() for ln in _lines("agency_heads.txt"))


@lru_cache(maxsize=None)
def code_fixes() -> dict[str, str]:
    """Misprinted ký hiệu part -> canonical part."""
    return dict(ln.split("\t")[:2] for ln in _lines("code_fixes.tsv"))


@lru_cache(maxsize=None)
def legal_types() -> list[str]:
    """Citation type words in normal case, longest first."""
    return sorted(_lines("legal_types.txt"), key=len, reverse=True)


@lru_cache(maxsize=None)
def body_starters() -> list[str]:
    """Openings of the first body paragraph, longest first."""
    return sorted(_lines("body_starters.txt"), key=len, reverse=True)


@lru_cache(maxsize=None)
def surnames() -> frozenset[str]:
    """Folded Vietnamese family names, from the shared name lexicon.

    The signer's name is told from a recipient line or a stray word by its
    first word; the project keeps one surname list (corpora/lexicons).
    """
    path = Path(LEXICON_DIR) / "surnames.txt"
    words = set()
    if path.exists():
        for ln in path.read_text(encoding="utf-8").splitlines():
            if ln.strip() and not ln.startswith("#"):
                words.add(fold(ln.split("\t")[0].strip()))
    return frozenset(words)


@lru_cache(maxsize=None)
def places() -> dict[str, str]:
    """Folded place name -> spelling, from the shared place lexicon (provinces, cities).

    Used only to restore the accents of an OCR'd place in the date line.
    """
    path = Path(LEXICON_DIR) / "places.tsv"
    out: dict[str, str] = {}
    if path.exists():
        for ln in path.read_text(encoding="utf-8").splitlines():
            parts = ln.split("\t")
            if ln.startswith("#") or len(parts) < 2 or parts[1] not in ("province", "after_admin"):
                continue
            out.setdefault(fold(parts[0].strip()), parts[0].strip())
    return out


WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# the capital letters of the Vietnamese alphabet, and "Ð" printed for "Đ": the
# letters a ký hiệu is written in ("12-TB/VPTƯ", "45/BC-BCĐTƯ"), for regex
# character classes. An abbreviation drops the tone marks, so a toned capital in
# a number is OCR noise ("71-NỢ/TW" for 71-NQ/TW) and ends it.
CAPITALS = "AĂÂBCDĐÐEÊFGHIJKLMNOÔƠPQRSTUƯVWXYZ"


def is_caps_word(w: str) -> bool:
    """True for a word printed in capitals ("TỈNH", "KT"); digits alone are not."""
    letters = [c for c in w if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


@lru_cache(maxsize=None)
def header_marks() -> frozenset[str]:
    """Folded urgency, secrecy and draft marks ("KHẨN", "DỰ THẢO")."""
    return frozenset(fold(ln) for ln in _lines("header_marks.txt"))


@lru_cache(maxsize=None)
def stamp_words() -> frozenset[str]:
    """Folded words of the stamps OCR reads into a title."""
    return frozenset(w for ln in _lines("stamps.txt") for w in fold(ln).split())


def fix_code(number: str) -> str:
    """Repair the letter parts of a ký hiệu ("QD" -> "QĐ", "QHI5" -> "QH15")."""
    parts = re.split(r"([/-])", number)
    fixes = code_fixes()
    out = []
    for p in parts:
        if p in fixes:
            p = fixes[p]
        m = re.fullmatch(r"(QH|UBTVQH|CP)([0-9Il]+)", p)
        if m:
            p = m.group(1) + m.group(2).replace("I", "1").replace("l", "1")
        out.append(p)
    return "".join(out)
