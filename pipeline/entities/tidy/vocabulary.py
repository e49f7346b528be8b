"""The Vietnamese the tidy-up reads text against: underthesea's word list (Viet74K) and its
syllables (`vietnamese_syllables`), and how the line around a span is written (`_line_kind`: in
Vietnamese, in another language, or in Vietnamese without accents), read from its lower-case words.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from itertools import islice


# a line's lower-case words: Latin letters only (no digits), not part of a dotted abbreviation
_LOWER_WORD = re.compile(r"(?<![\w.])[^\W\d_A-ZÀ-ÞĐ]+(?![\w.])")
# letters only Vietnamese writes (horn, breve, stroke, hook, dot below, tilde on i/u): three on a
# line settle it as Vietnamese at once
_VIETNAMESE_LETTER = re.compile("[ơưăđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĩũƠƯĂĐẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸĨŨ]")


def _line_kind(text: str, start: int, end: int, memo: dict) -> str:
    """How the line around text[start:end] is written, read from its lower-case words: "foreign" when
    almost none (at most one in ten) is an accented Vietnamese syllable and at least two in five are no
    Vietnamese syllable at all (English: "met ... raised rates ... shares fell"; French);
    "unaccented" when none is accented but they are Vietnamese syllables ("cho biet thanh pho se co
    co che"); else "vietnamese". A line needs three lower-case words (five for "unaccented") to be
    anything but Vietnamese."""
    if "newlines" not in memo:   # where the text's lines break, found once per text
        memo["newlines"] = [m.start() for m in re.finditer("\n", text)]
    breaks = memo["newlines"]
    k = bisect_left(breaks, start)
    a = breaks[k - 1] + 1 if k else 0
    k = bisect_left(breaks, end)
    b = breaks[k] if k < len(breaks) else len(text)
    if (a, b) not in memo and len(list(islice(_VIETNAMESE_LETTER.finditer(text, a, b), 3))) == 3:
        memo[(a, b)] = "vietnamese"
    if (a, b) not in memo:
        lows = _LOWER_WORD.findall(text, a, min(b, a + 2000))
        syllables = vietnamese_syllables()
        accented = sum(not w.isascii() and w in syllables for w in lows)
        foreign = sum(w not in syllables for w in lows)
        if len(lows) >= 3 and accented <= 0.1 * len(lows) and foreign >= 0.4 * len(lows):
            memo[(a, b)] = "foreign"
        elif len(lows) >= 5 and not accented:
            memo[(a, b)] = "unaccented"
        else:
            memo[(a, b)] = "vietnamese"
    return memo[(a, b)]


@lru_cache(maxsize=1)
def _vietnamese_words() -> frozenset[str]:
    """underthesea's Vietnamese word list (Viet74K, shipped in the package), lower-cased: a
    one-word name that makes a word of it with its neighbour ("Trung tâm") is not the name."""
    from importlib import resources

    words = resources.files("underthesea").joinpath("corpus", "data", "Viet74K.txt").read_text(encoding="utf-8")
    return frozenset(" ".join(line.lower().split()) for line in words.splitlines())


@lru_cache(maxsize=1)
def vietnamese_syllables() -> frozenset[str]:
    """Every syllable of underthesea's Vietnamese word list, lower-cased ("minh", "lan")."""
    return frozenset(syllable for word in _vietnamese_words() for syllable in word.split())
