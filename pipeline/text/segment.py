"""Paragraphs and sentences as spans of the input text.

Rules rather than a model: Vietnamese news punctuation is regular, and the hard
cases are known ones (dotted abbreviations and names, Vietnamese number and
date formats, quotes, captions, scraped text with paragraphs merged into one
line). Every span is trimmed of surrounding whitespace and slices the input.
"""
from __future__ import annotations

import re

# Abbreviations after which a period does not end a sentence.
ABBREVIATIONS = {
    "tp", "q", "p", "h", "x", "tx", "tt", "pgs", "gs", "ts", "ths", "bs", "ks", "ls",
    "cn", "ncs", "th", "st", "mr", "mrs", "ms", "dr", "prof", "no", "tr", "vd", "v.v",
    "đ/c", "đc", "ck", "nxb", "tb", "pv", "ctv", "tn", "sđt", "đt", "ng", "tk", "vs",
    "etc", "inc", "co", "ltd", "jr", "sr", "st", "t.ư", "k", "đ",
}

_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«(["
_END = re.compile(r"([.!?…]+|\.{3})([" + re.escape(_CLOSERS) + r"]*)(\s+)")
# "động.Tính" in scraped text: a period glued to the next sentence's capital.
_GLUED = re.compile(r"(?<=[a-zà-ỹđ]{2})([.!?])(?=[A-ZÀ-ỸĐ][a-zà-ỹđ])")
_UPPER_START = re.compile(r"[\"'“‘«(\[\-–—•*]*\s*[A-ZÀ-ỸĐ0-9]")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-empty lines, trimmed, as (start, end) spans."""
    spans = []
    pos = 0
    for line in text.splitlines(keepends=True):
        s, e = _trim(text, pos, pos + len(line))
        if e > s:
            spans.append((s, e))
        pos += len(line)
    return spans


def _word_before(text: str, i: int, lo: int) -> str:
    j = i
    while j > lo and not text[j - 1].isspace():
        j -= 1
    return text[j:i]


def _is_abbreviation(word: str) -> bool:
    """`word` is what precedes the period (no trailing period)."""
    w = word.lstrip(_OPENERS)
    if not w:
        return False
    last = w.split(".")[-1]
    if w.lower() in ABBREVIATIONS or last.lower() in ABBREVIATIONS and len(w.split(".")) == 1:
        return True
    # initials such as "N." or "N.V." before a name
    if len(last) == 1 and last.isupper() and last.isalpha():
        return True
    return False


def _breaks_in_line(text: str, start: int, end: int) -> list[int]:
    """Positions inside [start, end) where a new sentence begins."""
    breaks = []
    for m in _END.finditer(text, start, end):
        punct = m.group(1)
        nxt = m.end()
        if nxt >= end:
            continue
        if not _UPPER_START.match(text, nxt, end):
            continue
        if punct == ".":
            if _is_abbreviation(_word_before(text, m.start(), start)):
                continue
        breaks.append(nxt)
    for m in _GLUED.finditer(text, start, end):
        word = _word_before(text, m.start(), start)
        if "." in word or "/" in word or "@" in word:
            continue  # domain names, paths, e-mail addresses
        breaks.append(m.end())
    return sorted(set(breaks))


def sentences(text: str, paragraph_spans: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Sentence spans of `text`; sentences never cross a line break."""
    spans = []
    for p_start, p_end in paragraph_spans if paragraph_spans is not None else paragraphs(text):
        cur = p_start
        for b in _breaks_in_line(text, p_start, p_end):
            s, e = _trim(text, cur, b)
            if e > s:
                spans.append((s, e))
            cur = b
        s, e = _trim(text, cur, p_end)
        if e > s:
            spans.append((s, e))
    return spans
