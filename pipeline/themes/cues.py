"""Cue phrases of a taxonomy found in text: the baseline and the weak labels.

Matching runs on the lower-cased normalised view (`pipeline.text.norm_form`),
on whole words, so "hoá"/"hóa" and case differences do not matter.
"""
from __future__ import annotations

import re

from ..text import norm_form
from .taxonomy import Taxonomy


def _trie_regex(phrases) -> str:
    """A regex source matching exactly `phrases`, as a character trie: at each place the engine
    follows one branch instead of trying every phrase, and the longest phrase that fits wins
    (the optional tail of a shorter phrase is tried first), as in a longest-first alternation."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return ("(?:" + body + ")?") if len(branches) == 1 else body + "?"
        return body

    return build(trie)


def cue_pattern(phrases) -> re.Pattern | None:
    """One whole-word regex for normalised `phrases`; None for no phrase. At one place the
    longest phrase wins (so "chống buôn lậu" over "buôn lậu"). The one way cues are matched:
    `CueMatcher` counts per theme with it, `ThemeModel` counts its features with it. Built as
    a trie (`_trie_regex`): the same matches as a longest-first alternation, in half the time."""
    phrases = sorted({c for c in phrases if c})
    if not phrases:
        return None
    return re.compile(rf"(?<!\w){_trie_regex(phrases)}(?!\w)")


class CueMatcher:
    """Cue phrases per theme: the taxonomy's, or `cues` (theme id -> normalised phrases, a model's own
    copy, which a hand edit of its folder's themes.yaml does not change)."""

    def __init__(self, taxonomy: Taxonomy, cues: dict[str, list[str]] | None = None):
        self.theme_ids = taxonomy.ids
        self._patterns = {}
        for theme in taxonomy:
            phrases = cues.get(theme.id, ()) if cues is not None else (norm_form(c) for c in theme.cues)
            pattern = cue_pattern(c for c in phrases if c.strip())
            if pattern is not None:
                self._patterns[theme.id] = pattern

    def counts(self, normalized_text: str) -> dict[str, int]:
        """Cue hits per theme in already normalised, lower-cased text (themes with no hit left out)."""
        out = {}
        for theme_id, pattern in self._patterns.items():
            n = len(pattern.findall(normalized_text))
            if n:
                out[theme_id] = n
        return out

    def themes(self, text: str) -> list[str]:
        """Themes with at least one cue in `text` (any form; it is normalised here)."""
        hits = self.counts(norm_form(text))
        return [t for t in self.theme_ids if t in hits]
