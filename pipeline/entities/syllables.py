"""The syllable view of a sentence that the name rules and the names CRF both read.

A `Sentence` is one sentence of the normalised text (`doc._.norm_text`) cut
into syllable tokens (`lexicon.tokens`: syllables, numbers, single punctuation
marks), each knowing which underthesea word it belongs to (so "Tài nguyên" is
one word although "nguyên" is lower-case) and whether an earlier component
(numbers) has taken it already. A `Span` is a candidate entity over token
indices of one sentence; `to_entity` maps it back to input offsets, which stay
exact whatever the normalisation changed. The BIO tags the CRF learns and the
rules' spans it reads as features are written over the same tokens (`bio_labels`).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..extensions import doc_text
from .lexicon import TOKEN, Lexicon
from .types import Entity

NAME_LABELS = ("PERSON", "TITLE", "ORG", "LOC")


@dataclass
class Span:
    """A candidate entity over token indices [start, end) of one sentence."""

    label: str
    start: int
    end: int
    canonical: str | None = None
    info: str | None = None


def is_cap(w: str) -> bool:
    """The token starts with a capital."""
    return w[:1].isupper()


def is_word(w: str) -> bool:
    """The token is a syllable (starts with a letter), not a number or a mark."""
    return w[:1].isalpha()


@lru_cache(maxsize=65536)
def is_acronym(w: str) -> bool:
    """Letters only, two capitals at least ("UBND", "HoREA")."""
    return len(w) >= 2 and w.isalpha() and sum(c.isupper() for c in w) >= 2


def is_caps_line(words: list[str]) -> bool:
    """At least three words of letters, seven in ten of them in capitals: a headline or a report's
    heading, which says nothing by its case (the CRF's "caps_line" feature, `truecase`)."""
    if sum(map(str.isupper, words)) < 3:
        return False   # most lines: answered before the words of letters are gathered
    letters = [w for w in words if w[:1].isalpha()]
    return len(letters) >= 3 and sum(w.isupper() for w in letters) >= 0.7 * len(letters)


def cap_first(s: str) -> str:
    """`s` with its first character capitalised."""
    return s[:1].upper() + s[1:] if s else s


_NONE: list = []   # no match (shared, never changed)


class Sentence:
    """Tokens of one sentence of the normalised text, with the helpers the rules need."""

    def __init__(self, text: str, spans: list[tuple[int, int]], word_ids: list[int], blocked: list[bool]):
        self.text = text
        self.spans = spans
        self.words = [text[s:e] for s, e in spans]
        self.lows = list(map(str.lower, self.words))
        self.word_ids = word_ids
        self.blocked = blocked
        self.n = len(spans)
        self.recased = False   # its words were printed in capitals and read in the body's case (`truecase`)
        self._memo: dict[tuple[int, str], object] = {}

    def longest(self, lexicon: Lexicon, i: int, kind: str):
        """lexicon.longest at token i, remembered: rules and model ask the same questions."""
        found = self.matches(lexicon, i, kind)
        return found[0] if found else None

    def matches(self, lexicon: Lexicon, i: int, kind: str) -> list:
        """lexicon.match at token i (entries of `kind` starting there, longest first), remembered.
        The list is shared: callers read it and never change it."""
        if i >= self.n or self.lows[i] not in lexicon.lengths[kind] \
                or not (self.words[i][:1].isupper() or self.lows[i] in lexicon.lower_firsts[kind]):
            # most tokens start no entry, and a word in lower case starts no entry that needs a capital
            # there ("nam", "hà"): answered before building a memo key
            return _NONE
        key = (i, kind)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = lexicon.match(self.words, self.lows, i, kind)
        return found

    def match_ends(self, lexicon: Lexicon, kind: str, max_len: int) -> set[int]:
        """Token indices where an entry of `kind` at most `max_len` tokens long ends, remembered."""
        key = (-max_len, kind)
        found = self._memo.get(key)
        if found is None:
            firsts = lexicon.lengths[kind]   # only a token that starts an entry can (matches' own test)
            found = self._memo[key] = {end for j, low in enumerate(self.lows) if low in firsts
                                       for end, _ in self.matches(lexicon, j, kind) if end - j <= max_len}
        return found

    def gap(self, i: int) -> str:
        """Text between token i-1 and token i."""
        return self.text[self.spans[i - 1][1]:self.spans[i][0]] if i > 0 else ""

    def joined(self, i: int) -> bool:
        """Token i follows token i-1 on the same line with at most one space."""
        return i > 0 and self.gap(i) in ("", " ")

    def surface(self, start: int, end: int) -> str:
        return self.text[self.spans[start][0]:self.spans[end - 1][1]]

    def free(self, start: int, end: int) -> bool:
        return not any(self.blocked[start:end])


def sentences_of(doc) -> list[tuple[int, int]]:
    """Sentence spans in the normalised text."""
    nt = doc._.norm_text
    spans = doc._.sentence_spans or [(0, len(doc_text(doc)))]
    return [nt.span_from_input(s, e) for s, e in spans]


def sentence_views(doc, blocked_spans=()) -> list[tuple[Sentence, list[tuple[int, int]]]]:
    """One `Sentence` per sentence of the doc; blocked spans are input spans taken already
    (`truecase.views` also gives the lines in capitals the case of the document's body)."""
    from spacy.attrs import IDX

    nt = doc._.norm_text
    identity = isinstance(nt.offsets, range)  # the common case: the input was normalised already
    # words as underthesea cut them: pieces split off a word for an entity boundary are not words
    split_off = set(doc._.subword_starts or ())
    starts = doc.to_array([IDX]).tolist() if len(doc) else []
    if split_off:
        starts = [idx for idx in starts if idx not in split_off]
    word_starts = starts if identity else [nt.from_input(idx) for idx in starts]
    covered = None  # normalised chars inside a blocked span
    if blocked_spans:
        covered = bytearray(len(nt.text) + 1)
        for bs, be in blocked_spans:
            a, b = (bs, be) if identity else nt.span_from_input(bs, be)
            covered[a:b] = b"\x01" * (b - a)
    text = nt.text
    bounds = sentences_of(doc)
    sentences = [[m.span() for m in TOKEN.finditer(text, ss, se)] for ss, se in bounds]   # as `tokens` cuts them
    # each token's word: the last one starting at or before it (`bisect_right`), for the document's tokens at once
    word_ids = (np.searchsorted(np.asarray(word_starts, dtype=np.int64),
                                np.asarray([a for spans in sentences for a, _ in spans], dtype=np.int64),
                                side="right") - 1).tolist()
    out, first = [], 0
    for (ss, se), spans in zip(bounds, sentences):
        blocked = [1 in covered[a:b] for a, b in spans] if covered is not None and 1 in covered[ss:se] \
            else [False] * len(spans)
        out.append((Sentence(text, spans, word_ids[first:first + len(spans)], blocked), spans))
        first += len(spans)
    return out


def to_entity(doc, nt, sent: Sentence, sp: Span) -> Entity:
    """The entity of `sp` at its input offsets (canonical forms for ORG and LOC only)."""
    ns, ne = sent.spans[sp.start][0], sent.spans[sp.end - 1][1]
    s, e = nt.to_input(ns, ne)
    # nt.source is the input text; doc.text would rebuild it from the tokens on every call
    return Entity(sp.label, s, e, nt.source[s:e], None,
                  sp.canonical if sp.label in ("ORG", "LOC") else None)


def bio_labels(sent: Sentence, spans: list[tuple[int, int, str]]) -> list[str]:
    """BIO tags for a sentence from (start, end, label) token spans (names only)."""
    tags = ["O"] * sent.n
    for s, e, label in spans:
        if label not in NAME_LABELS:
            continue
        tags[s] = "B-" + label
        for k in range(s + 1, e):
            tags[k] = "I-" + label
    return tags


def decode(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) token spans from BIO tags; an I- tag without its B- starts a span."""
    spans = []
    start, label = None, None
    for i, t in enumerate(list(tags) + ["O"]):
        if t == "O" and label is None:
            continue   # most tokens: outside any name, and no span open
        if t.startswith("I-") and label == t[2:]:
            continue
        if label is not None:
            spans.append((start, i, label))
            start, label = None, None
        if t.startswith(("B-", "I-")):
            start, label = i, t[2:]
    return spans
