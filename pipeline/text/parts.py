"""Cutting a long text into parts at paragraph, sentence, clause or space boundaries.

A document or a tokenize line longer than `PART_CHARS` is processed part by
part, so memory stays flat and spaCy's max_length is never reached; offsets
are shifted back by the caller."""
from __future__ import annotations

import unicodedata


# Texts longer than this are analysed in parts cut at paragraph (else
# sentence, else space) boundaries, keeping memory flat and under spaCy's
# max_length; offsets are shifted back to the whole text.
PART_CHARS = 100_000


# Where a part may end, best first: a paragraph, a sentence, a clause or a table cell (a name rarely runs
# across one), and only then any space, which may fall inside a name ("Ủy ban nhân dân tỉnh | Quảng Ninh").
_CUTS = ("\n", ". ", "? ", "! ", "; ", " | ", ", ", " ")


def split_long(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Spans of at most `max_chars` covering `text`, cut at the last paragraph
    break, else sentence end, else clause or cell boundary, else space before the limit."""
    spans = []
    start = 0
    while len(text) - start > max_chars:
        limit = start + max_chars
        cut = -1
        for sep in _CUTS:
            i = text.rfind(sep, start + max_chars // 2, limit)
            if i >= 0:
                cut = i + len(sep)
                break
        if cut <= start:   # no ASCII space: any other space (a no-break space, an ideographic space)
            cut = next((i + 1 for i in range(limit - 1, start + max_chars // 2 - 1, -1) if text[i].isspace()), -1)
        if cut <= start:   # no space at all: not between a letter and its marks, unless marks run on and on
            cut = limit
            floor = max(start + 1, limit - 64)
            while cut > floor and unicodedata.combining(text[cut]):
                cut -= 1
            if unicodedata.combining(text[cut]):
                cut = limit
        spans.append((start, cut))
        start = cut
    spans.append((start, len(text)))
    return spans
