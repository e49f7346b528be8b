"""Cue phrases of a taxonomy found in text: the baseline and the weak labels.

Matching runs on the lower-cased normalised view (`pipeline.text.norm_form`),
on whole words, so "hoá"/"hóa" and case differences do not matter.
"""
from __future__ import annotations

import re

from ..text import norm_form
from .taxonomy import Taxonomy


def cue_pattern(phrases) -> re.Pattern | None:
    """One whole-word regex for normalised `phrases`, longest first (so "chống buôn lậu"
    wins over "buôn lậu" at the same place); None for no phrase. The one way cues are
    matched: `CueMatcher` counts per theme with it, `ThemeModel` counts its features with it."""
    phrases = sorted(set(phrases), key=len, reverse=True)
    if not phrases:
        return None
    alternatives = "|".join(re.escape(c) for c in phrases)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


class CueMatcher:
    def __init__(self, taxonomy: Taxonomy):
        self.theme_ids = taxonomy.ids
        self._patterns = {}
        for theme in taxonomy:
            pattern = cue_pattern(norm_form(c) for c in theme.cues if c.strip())
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
