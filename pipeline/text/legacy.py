"""Vietnamese text in the encodings that came before Unicode, made Unicode.

Offices typed for years in TCVN3 (the ".VnTime" fonts) and VNI-Windows ("VNI-Times"); old
plain-text files are also found in Windows-1258. Such a report read as UTF-8 is either refused
(bytes that are not UTF-8) or, from a Word file, read as Latin-1 letters ("Hµ Néi", "Haø Noäi")
that no model can use. The file readers (`pipeline.io.readers`) call this module so that the text
they hand on is Unicode and the record says which encoding it came from; a record's text given as
a string (JSON Lines, CSV, Parquet) is the input as given and is never converted.

Each candidate is judged by how many of the words it changes become well-formed Vietnamese
syllables (`syllable_share`): text in another language, or in Unicode already, is left alone.

Sources of the tables (facts of the standards, checked against two independent tables when this
was written): TCVN 5712 from the X11 locale converters (MIT licence); VNI-Windows from its
definition as a base letter followed by a mark letter (checked against the MIT-licensed
vietnamese-conversion package).
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

# TCVN 5712 (VN1; TCVN3 "ABC" is its subset) bytes 0x80-0xFF. 0xB0-0xB4 are combining tone marks.
_TCVN_HIGH = ("ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"
              "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴẮẦẨẪẤỀặầẩẫấậèỂẻẽéẹềểễếệìỉỄẾỒĩíịò"
              "ỔỏõóọồổỗốộờởỡớợùỖủũúụừửữứựỳỷỹýỵỐ")
assert len(_TCVN_HIGH) == 128
# TCVN3 text read as bytes (a .txt file) and as the characters a Word file keeps for an 8-bit font
# (the byte's Windows-1252 character: 0x80 is "€")
TCVN3_BYTES = {0x80 + i: c for i, c in enumerate(_TCVN_HIGH)}
TCVN3_CHARS = {}
for _b, _c in TCVN3_BYTES.items():
    try:
        TCVN3_CHARS[ord(bytes([_b]).decode("cp1252"))] = _c
    except UnicodeDecodeError:   # 0x81, 0x8d, 0x8f, 0x90, 0x9d: no Windows-1252 character
        TCVN3_CHARS[_b] = _c

# VNI-Windows: a vowel, then a letter that stands for its marks (lower and upper case alike)
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE = "\u0302", "\u0306"
_VNI_MARKS = {}
for _lower, _marks in (("ù", _ACUTE), ("ø", _GRAVE), ("û", _HOOK), ("õ", _TILDE), ("ï", _DOT),
                       ("â", _CIRC), ("á", _CIRC + _ACUTE), ("à", _CIRC + _GRAVE), ("å", _CIRC + _HOOK),
                       ("ã", _CIRC + _TILDE), ("ä", _CIRC + _DOT),
                       ("ê", _BREVE), ("é", _BREVE + _ACUTE), ("è", _BREVE + _GRAVE), ("ú", _BREVE + _HOOK),
                       ("ü", _BREVE + _TILDE), ("ë", _BREVE + _DOT)):
    _VNI_MARKS[_lower] = _VNI_MARKS[_lower.upper()] = _marks
# letters VNI writes as one character
_VNI_LETTERS = {"ô": "ơ", "ö": "ư", "ñ": "đ", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}
_VNI_LETTERS.update({k.upper(): v.upper() for k, v in list(_VNI_LETTERS.items())})
_VNI_MARKED = re.compile("([aeiouyAEIOUYôöÔÖ])([" + "".join(_VNI_MARKS) + "])")
_VNI_SINGLE = re.compile("[" + "".join(_VNI_LETTERS) + "]")

# Letters only Vietnamese Unicode text has (outside Latin-1): their presence means Unicode already.
_UNICODE_VIETNAMESE = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0"
                                 "\u1ea0-\u1ef9]")
_HIGH_LATIN = re.compile("[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013"
                         "\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")
_WORD = re.compile(r"[^\W\d_]+")
# words of a text not yet decoded: split at ASCII spaces and punctuation only, since TCVN3's
# letters include Latin-1 signs ("¸" is "á", "«" is "ô")
_PIECES = re.compile(r"[\s!-/:-@\[-`{-~]+")
_BYTE_PIECES = re.compile(rb"[\s!-/:-@\[-`{-~]+")
# only pieces with a plain letter count: a dash or quotation mark alone is no word in any reading
_ASCII_LETTER = re.compile("[A-Za-z]")
_ASCII_LETTER_BYTES = re.compile(b"[A-Za-z]")
_TONE_MARKS = set(_ACUTE + _GRAVE + _HOOK + _TILDE + _DOT)
# the vowel groups of Vietnamese syllables (tones left out)
_NUCLEI = ("a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ uy "
           "ưa ưi ươ ưu yê iêu oai oay oao oeo uây uôi ươi ươu uya uyê uyu yêu").split()
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
                       "(?:" + "|".join(sorted(_NUCLEI, key=len, reverse=True)) + ")"
                       r"(?:ch|ng|nh|[cmnpt])?")


def is_syllable(word: str) -> bool:
    """A well-formed Vietnamese syllable: initial, one to three vowels, final, at most one tone."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(c in _TONE_MARKS for c in decomposed) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return _SYLLABLE.fullmatch(bare) is not None


def syllable_share(words, convert=lambda w: w) -> float:
    """The share of `words` that `convert` makes Vietnamese syllables."""
    return sum(is_syllable(convert(w)) for w in words) / len(words) if words else 0.0


def from_tcvn3_bytes(data: bytes) -> str:
    return _capitals(unicodedata.normalize("NFC", "".join(TCVN3_BYTES.get(b, chr(b)) for b in data)))


def _tcvn3_chars(text: str) -> str:
    return unicodedata.normalize("NFC", text.translate(TCVN3_CHARS))


def from_tcvn3_text(text: str) -> str:
    """TCVN3 read as Windows-1252 characters (a Word file typed in a .VnTime font), as Unicode."""
    out = _tcvn3_chars(text)
    return _capitals(out) if out != text else out


def _capitals(text: str) -> str:
    """TCVN3 has no codes for accented capitals: its capital fonts (.VnTimeH) draw the lower-case
    codes as capitals. A line whose plain letters are capitals, and a word whose plain letters are,
    are made capitals; a capital that opens a word in a lower-case line cannot be told ("Ủy" comes
    out as "ủy")."""
    return "".join(_upper(line) if _mostly_capitals(line) else _WORD.sub(_recase, line)
                   for line in text.splitlines(keepends=True))


def _upper(text: str) -> str:
    """Capitals, letter for letter ("ß" or "ﬁ" would grow into two)."""
    return "".join(u if len(u := c.upper()) == 1 else c for c in text)


def _mostly_capitals(line: str) -> bool:
    plain = [c for c in line if c.isascii() and c.isalpha()]
    return len(plain) >= 8 and sum(c.isupper() for c in plain) >= 0.9 * len(plain)


def _recase(match: re.Match) -> str:
    word = match.group()
    plain = [c for c in word if c.isascii()]
    if len(word) > 1 and len(plain) > 1 and all(c.isupper() for c in plain) and not word.isupper():
        return _upper(word)
    return word


def from_vni_text(text: str) -> str:
    """VNI-Windows read as Windows-1252 characters, as Unicode."""
    out = _VNI_MARKED.sub(lambda m: _VNI_LETTERS.get(m.group(1), m.group(1)) + _VNI_MARKS[m.group(2)], text)
    out = _VNI_SINGLE.sub(lambda m: _VNI_LETTERS[m.group()], out)
    return unicodedata.normalize("NFC", out)


def font_encoding(font: str | None) -> str | None:
    """The legacy encoding a Word font stands for: "tcvn3" (.VnTime and the other ".Vn" fonts),
    "tcvn3-capitals" (their capital fonts, ".VnTimeH"), "vni" ("VNI-Times" ...), or None."""
    if not font:
        return None
    name = font.strip()
    if name.lower().startswith(".vn"):
        return "tcvn3-capitals" if name.endswith("H") else "tcvn3"
    if name.upper().startswith("VNI-") or name.upper().startswith("VNI "):
        return "vni"
    return None


def convert_run(text: str, kind: str) -> str:
    """A run of text typed in a legacy font (`font_encoding`) as Unicode: a capital font draws the
    lower-case codes as capitals, so its run is made capitals."""
    if kind == "vni":
        return from_vni_text(text)
    out = _tcvn3_chars(text)
    return _upper(out) if kind == "tcvn3-capitals" else out


def looks_unconverted(text: str) -> bool:
    """Text with Latin-1 letters and none only Vietnamese Unicode has: what a legacy font's text
    looks like before conversion (a document title typed under a legacy keyboard)."""
    return bool(_HIGH_LATIN.search(text)) and not _UNICODE_VIETNAMESE.search(text)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str          # "utf-8", "utf-16", "tcvn3", "vni", "windows-1258"

    @property
    def converted(self) -> bool:
        return self.encoding in LEGACY


LEGACY = ("tcvn3", "vni", "windows-1258")
LABELS = {"tcvn3": "TCVN3 (.VnTime fonts)", "vni": "VNI-Windows", "windows-1258": "Windows-1258"}
# a legacy reading is taken when most words it changes become syllables, and clearly more than
# under any other reading (a French or German text has accented words too, and they are not)
MIN_SHARE = 0.75
MIN_WORDS = 3
MARGIN = 0.15


def _best(words: list, candidates: dict) -> str | None:
    """The candidate reading (name -> word converter) under which most `words` are syllables, if
    it reads them as Vietnamese and clearly better than the others."""
    if len(words) < MIN_WORDS:
        return None
    scored = sorted(((syllable_share(words, convert), name) for name, convert in candidates.items()), reverse=True)
    share, name = scored[0]
    if share >= MIN_SHARE and share - scored[1][0] >= MARGIN:
        return name
    return None


def _cp1258(data: bytes) -> str:
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


_BYTE_READINGS = {"tcvn3": from_tcvn3_bytes, "vni": lambda b: from_vni_text(b.decode("cp1252", errors="replace")),
                  "windows-1258": _cp1258}
_TEXT_READINGS = {"unicode": lambda t: t, "tcvn3": from_tcvn3_text, "vni": from_vni_text}


def convert_text(text: str, encoding: str) -> str:
    """`text` read in `encoding` ("tcvn3" or "vni", as `repair` names them) as Unicode."""
    return _TEXT_READINGS[encoding](text)


def decode_bytes(data: bytes) -> Decoded | None:
    """The text of a plain-text file: UTF-8 (a byte-order mark dropped), UTF-16 with its mark, or,
    when the bytes are not UTF-8, the legacy Vietnamese encoding that reads them as Vietnamese.
    None when none does."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        return repair(text) or Decoded(text, "utf-8")
    words = [w for w in _BYTE_PIECES.split(data) if not w.isascii() and _ASCII_LETTER_BYTES.search(w)]
    best = _best(words, _BYTE_READINGS)
    return Decoded(_BYTE_READINGS[best](data), best) if best else None


def repair(text: str) -> Decoded | None:
    """`text` converted when it is TCVN3 or VNI read as Windows-1252 characters (a Word or PDF
    file typed in a legacy font); None when it is not (Unicode Vietnamese, other languages)."""
    if not looks_unconverted(text):
        return None
    words = [w for w in _PIECES.split(text) if _HIGH_LATIN.search(w) and _ASCII_LETTER.search(w)]
    best = _best(words, _TEXT_READINGS)
    if best is None or best == "unicode":
        return None
    return Decoded(_TEXT_READINGS[best](text), best)
