"""A normalised view of the input text with a map back to input offsets.

The input is never modified: matching and features run on the normalised view
(`NormText.text`), and every span found there is mapped back with
`NormText.to_input` before it reaches a Doc or a record.

What the view normalises:
- Unicode NFC, with stray or repeated combining marks dropped ("thị̣" -> "thị");
- zero-width characters removed, non-breaking and other odd spaces made " ";
- old-style tone placement ("hoá", "uỷ", "khoẻ") made one style ("hóa", "ủy",
  "khỏe"), so both spellings match the same lexicon entry;
- full-width digits, letters and punctuation made ASCII, the minus sign a hyphen.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache
from dataclasses import dataclass

# Characters that print nothing: zero-width spaces and joiners, the soft hyphen, the byte-order mark,
# the combining grapheme joiner, direction marks and embeddings, invisible operators and variation
# selectors (an emoji's U+FE0F pasted after a name).
ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f", "\u180e", "\u200e",
              "\u200f", *map(chr, range(0x202a, 0x202f)), *map(chr, range(0x2061, 0x2065)),
              *map(chr, range(0x2066, 0x206a)), *map(chr, range(0xfe00, 0xfe10))}
SPACES = {"\u00a0", "\u2007", "\u202f", "\u2000", "\u2001", "\u2002", "\u2003",
          "\u2004", "\u2005", "\u2006", "\u2008", "\u2009", "\u200a", "\u3000",
          "\t", "\x0b", "\x0c"}

_TONES = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # sắc huyền hỏi ngã nặng
_VOWEL_LETTERS = set("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")


def _tone_moves() -> dict[str, str]:
    """Pairs like "oá" -> "óa": tone on the first vowel of oa/oe/uy when open."""
    moves = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in _TONES:
            for f, s in ((first, second), (first.upper(), second.upper()),
                         (first.upper(), second)):
                old = f + unicodedata.normalize("NFC", s + tone)
                new = unicodedata.normalize("NFC", f + tone) + s
                moves[old] = new
    return moves


_TONE_MOVES = _tone_moves()
_LETTER_AFTER = set("abcdefghiklmnopqrstuvxyđ") | {c.upper() for c in "abcdefghiklmnopqrstuvxyđ"}


@dataclass
class NormText:
    """Normalised text plus `offsets[i]` = input index of normalised char i.

    `offsets` has one extra entry at the end (len of the input) so that an
    end-exclusive span maps with the same lookup.
    """

    text: str
    offsets: "list[int] | range"
    source: str
    restored: tuple = ()   # (start, end) in `text` of the lines accented again (`normalize_document`)

    def from_input(self, index: int) -> int:
        """The first normalised index whose input offset is >= `index` (the input ->
        normalised direction; every stage maps input spans through here)."""
        return bisect_left(self.offsets, index, 0, len(self.offsets) - 1)

    def span_from_input(self, start: int, end: int) -> tuple[int, int]:
        """The normalised span of the input span [start, end)."""
        return self.from_input(start), self.from_input(end)

    def to_input(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised [start, end) span to the input span that covers it."""
        if end <= start:
            s = self.offsets[start]
            return s, s
        s = self.offsets[start]
        # the end is one past the input index of the last normalised char,
        # extended over combining marks that belong to it in the input.
        e = self.offsets[end - 1] + 1
        n = len(self.source)
        # widen over the marks of the last letter (zero-width chars may sit between)
        j = e
        while j < n and (unicodedata.combining(self.source[j]) or self.source[j] in ZERO_WIDTH):
            j += 1
            if unicodedata.combining(self.source[j - 1]):
                e = j
        return s, e


def _clusters(text: str):
    """Yield (start, cluster): a base char plus its combining marks.

    Zero-width characters are skipped, so marks separated from their letter
    by one still join it.
    """
    chars = [(i, c) for i, c in enumerate(text) if c not in ZERO_WIDTH]
    k, n = 0, len(chars)
    while k < n:
        j = k + 1
        while j < n and unicodedata.combining(chars[j][1]):
            j += 1
        yield chars[k][0], "".join(c for _, c in chars[k:j])
        k = j


def _clean_cluster(cluster: str) -> str:
    if unicodedata.combining(cluster[0]):
        return ""  # a mark with no base letter
    if len(cluster) == 1:
        return cluster
    if cluster[0].isspace():
        return cluster[0]  # a mark on a space or line break belongs to nothing
    decomposed = unicodedata.normalize("NFD", cluster)
    base, marks = decomposed[0], []
    for m in decomposed[1:]:
        if m not in marks:
            marks.append(m)
    # Vietnamese allows one tone mark per letter: keep the first.
    tones = [m for m in marks if m in _TONES]
    if len(tones) > 1:
        marks = [m for m in marks if m not in _TONES or m == tones[0]]
    return unicodedata.normalize("NFC", base + "".join(marks))


_NEEDS_CLUSTER_PASS = re.compile(
    "[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    + "".join(sorted(ZERO_WIDTH)) + "".join(sorted(SPACES)) + "]")
# one character for one, so offsets hold: the Icelandic eth typed for đ, full-width digits, letters and
# punctuation as East Asian input methods write them ("１．２５０", "７０,５％"), the minus sign as a hyphen
_LETTER_MAP = str.maketrans({"ð": "đ", "Ð": "Đ", "\u2212": "-", **{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}})


def normalize(text: str) -> NormText:
    """Build the normalised view of `text` with its offset map."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if not _NEEDS_CLUSTER_PASS.search(text) and unicodedata.is_normalized("NFC", text):
        # the common case: one normalised char per input char
        return NormText(_move_tones(text.translate(_LETTER_MAP)), range(len(text) + 1), text)
    out: list[str] = []
    offsets: list[int] = []
    for start, cluster in _clusters(text):
        ch = cluster[0]
        if ch in SPACES:
            out.append(" ")
            offsets.append(start)
            continue
        clean = _clean_cluster(cluster)
        for c in clean:
            out.append(c)
            offsets.append(start)
    normed = "".join(out).translate(_LETTER_MAP)
    normed = _move_tones(normed)
    offsets.append(len(text))
    return NormText(normed, offsets, text)


def normalize_document(text: str) -> NormText:
    """`normalize`, and the lines of a document typed without accents accented again
    (`accents.restore_accents`: letter for letter, so the offset map is the same)."""
    from .accents import restore_lines

    nt = normalize(text)
    restored, lines = restore_lines(nt.text)
    return NormText(restored, nt.offsets, nt.source, lines) if lines else nt


def _tone_pair_pattern() -> re.Pattern:
    by_first: dict[str, set[str]] = {}
    for pair in _TONE_MOVES:
        by_first.setdefault(pair[0], set()).add(pair[1])
    alts = [f"{first}[{''.join(sorted(seconds))}]" for first, seconds in sorted(by_first.items())]
    return re.compile("(?<![qQ])(?:" + "|".join(alts) + ")")


_TONE_PAIR = _tone_pair_pattern()


def _move_tones(s: str) -> str:
    """Unify tone placement in open oa/oe/uy syllables; length is unchanged."""
    if not _TONE_PAIR.search(s):
        return s
    chars = list(s)
    n = len(chars)
    for m in _TONE_PAIR.finditer(s):
        i = m.start()
        prev = s[i - 1] if i > 0 else ""
        nxt = s[i + 2] if i + 2 < n else ""
        # a following letter closes the syllable, where both spellings agree;
        # a vowel before means the pair is not the syllable's nucleus start.
        if nxt not in _LETTER_AFTER and prev not in _VOWEL_LETTERS:
            new = _TONE_MOVES[m.group()]
            chars[i], chars[i + 1] = new[0], new[1]
    return "".join(chars)


_BLANK_INVISIBLES = str.maketrans({c: " " for c in ZERO_WIDTH})
_ANY_INVISIBLE = re.compile("[" + "".join(sorted(ZERO_WIDTH)) + "]")


# half of a UTF-16 pair, or a byte Python kept undecoded (surrogateescape): no output can encode it
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def in_capitals(text: str) -> bool:
    """Two letters or more, every one of them a capital: a header line, a headline's name."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def blank_invisibles(text: str) -> str:
    """`text` with every character that prints nothing made a space: the same length, so offsets
    hold, and the gap between two words reads as blank whatever was pasted into it."""
    return text.translate(_BLANK_INVISIBLES) if _ANY_INVISIBLE.search(text) else text   # search: a C scan


def composed_view(text: str) -> NormText | None:
    """`text` composed (NFC) with the input offset of each of its characters, for a reader of the gaps
    between spans whose patterns are written composed ("nguyên" before an office); None when the text
    is composed already (most text: nothing to map)."""
    if unicodedata.is_normalized("NFC", text):
        return None
    out: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        piece = unicodedata.normalize("NFC", text[i:j])
        out.append(piece)
        offsets.extend(range(i, i + len(piece)))
        i = j
    offsets.append(n)
    return NormText("".join(out), offsets, text)


def norm_form(text: str) -> str:
    """The lower-cased normalised form used for lexicon lookups and token.norm_."""
    if isinstance(text, str) and len(text) <= _SHORT:
        return _short_norm_form(text)
    return normalize(text).text.lower()


# The entity stage asks for the same few thousand short forms (words, titles, names) again and
# again; a bounded cache of them, and none for long texts, which would only fill it.
_SHORT = 64


@lru_cache(maxsize=1 << 16)
def _short_norm_form(text: str) -> str:
    return normalize(text).text.lower()
