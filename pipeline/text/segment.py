"""Paragraphs and sentences as spans of the input text.

Rules rather than a model: Vietnamese news punctuation is regular, and the hard
cases are known ones (dotted abbreviations and names, Vietnamese number and
date formats, quotes, captions, scraped text with paragraphs merged into one
line). Every span is trimmed of surrounding whitespace and slices the input.
"""
from __future__ import annotations

import re
from bisect import bisect_left

from .normalize import in_capitals

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


# a line that starts a list item or a labelled line: never the second half of a wrapped line
_ITEM_START = re.compile(r"\s*(?:[-–—•*+]|\d{1,3}[.)]|[a-zđ][)]|[IVX]{1,4}\.)\s")
_COLUMNS = re.compile(r"\S(?: {3,}|\t)\S")   # a header's columns side by side: no wrapped prose
_SENTENCE_END = tuple(".!?…:;\"”’)]»")
WRAP_MIN_WIDTH = 50      # a block wrapped by hand has lines at least this long
WRAP_MAX_WIDTH = 120     # and at most this long (e-mail and plain-text reports wrap at 70 to 100)
WRAP_SHARE = 0.8         # a wrapped line fills at least this share of its block's longest line
WRAP_BLOCK_SHARE = 0.6   # and so do this share of the block's lines but its last
WRAP_BLOCK_STRONG = 0.75  # with this share, a full line runs on before a capital too


def _line_spans(text: str) -> list[tuple[int, int]]:
    """Every line's (start, end) after trimming, blank lines as None."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        s, e = _trim(text, pos, pos + len(line))
        out.append((s, e) if e > s else None)
        pos += len(line)
    return out


def _wrapped_breaks(text: str, lines: list, tabs: list[int] = ()) -> set[int]:
    """Indexes k of the lines whose break before line k + 1 is a hard wrap inside a paragraph (a text
    typed, mailed or OCR'd with a line length). A block wrapped so is a run of three or more lines
    whose longest is between WRAP_MIN_WIDTH and WRAP_MAX_WIDTH, and WRAP_BLOCK_SHARE of whose lines
    fill WRAP_SHARE of it. There a line with no sentence's punctuation at its end runs on when the
    next opens in lower case (no sentence does), or, where WRAP_BLOCK_STRONG of the lines fill the
    width, when it fills it too (the next may open with a name); never before a list item, a rule or a
    line in another column, never between lines in capitals (a header), and never from the text's
    first line (a title) to one opening with a capital. News with a sentence or a paragraph a line has
    lines of every length: none of the 14,295 archive articles is joined."""
    soft: set[int] = set()
    # the first line is a title (a headline has no final stop), whatever follows it
    first = next((i for i, span in enumerate(lines) if span is not None), None)
    k = 0
    while k < len(lines):
        if lines[k] is None:
            k += 1
            continue
        j = k
        while j + 1 < len(lines) and lines[j + 1] is not None:
            j += 1
        block = range(k, j + 1)
        if j - k >= 2:
            width = max(lines[i][1] - lines[i][0] for i in block)
            full = [i for i in block[:-1] if lines[i][1] - lines[i][0] >= WRAP_SHARE * width]
            share = len(full) / (len(block) - 1)
            if WRAP_MIN_WIDTH <= width <= WRAP_MAX_WIDTH and share >= WRAP_BLOCK_SHARE:
                runs_on = {i for i in block[:-1] if text[lines[i + 1][0]].islower()}
                if share >= WRAP_BLOCK_STRONG:
                    runs_on |= set(full)
                for i in sorted(runs_on):
                    if i == first and not text[lines[i + 1][0]].islower():
                        continue   # a title over the body, unless the sentence runs on in lower case
                    s, e = lines[i]
                    nxt = lines[i + 1]
                    if not text[s:e].endswith(_SENTENCE_END) and _COLUMNS.search(text, s, nxt[1]) is None \
                            and bisect_left(tabs, s) == bisect_left(tabs, nxt[1]) \
                            and any(c.isalpha() for c in text[nxt[0]:nxt[1]]) \
                            and not _ITEM_START.match(text, nxt[0]) \
                            and not in_capitals(text[s:e]) and not in_capitals(text[nxt[0]:nxt[1]]):
                        soft.add(i)
        k = j + 1
    return soft


def _tab_positions(text: str, tabs) -> list[int]:
    """`tabs` (where the input had a tab: a normalised view writes it as a space) and the text's own."""
    own = [i for i, c in enumerate(text) if c == "\t"] if "\t" in text else []
    return sorted(set(tabs) | set(own)) if own else sorted(tabs)


def paragraphs(text: str, tabs: list[int] = ()) -> list[tuple[int, int]]:
    """Non-empty lines, trimmed, as (start, end) spans; the lines of a paragraph wrapped by hand
    (`_wrapped_breaks`) are one span, the line breaks inside it kept in the input. `tabs`: where
    the input had a tab, if the text is a view that wrote it otherwise."""
    lines = _line_spans(text)
    soft = _wrapped_breaks(text, lines, _tab_positions(text, tabs)) if len(lines) > 2 else set()
    spans: list[tuple[int, int]] = []
    joined = False
    for k, span in enumerate(lines):
        if span is None:
            continue
        if joined:
            spans[-1] = (spans[-1][0], span[1])
        else:
            spans.append(span)
        joined = k in soft
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


def _breaks_in_line(text: str, start: int, end: int, tabs: list[int] = ()) -> list[int]:
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
    for t in tabs[bisect_left(tabs, start):bisect_left(tabs, end)]:
        # a tab parts columns or table cells: never inside a sentence
        nxt = t + 1
        while nxt < end and text[nxt].isspace():
            nxt += 1
        if t > start and not text[t - 1].isspace() and nxt < end:
            breaks.append(nxt)
    for m in _GLUED.finditer(text, start, end):
        word = _word_before(text, m.start(), start)
        if "." in word or "/" in word or "@" in word:
            continue  # domain names, paths, e-mail addresses
        breaks.append(m.end())
    return sorted(set(breaks))


def sentences(text: str, paragraph_spans: list[tuple[int, int]] | None = None,
              tabs: list[int] = ()) -> list[tuple[int, int]]:
    """Sentence spans of `text`; a sentence crosses a line break only inside a paragraph wrapped by
    hand (`paragraphs`)."""
    spans = []
    tabs = _tab_positions(text, tabs)
    for p_start, p_end in paragraph_spans if paragraph_spans is not None else paragraphs(text, tabs):
        cur = p_start
        for b in _breaks_in_line(text, p_start, p_end, tabs):
            s, e = _trim(text, cur, b)
            if e > s:
                spans.append((s, e))
            cur = b
        s, e = _trim(text, cur, p_end)
        if e > s:
            spans.append((s, e))
    return spans
