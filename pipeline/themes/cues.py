"""Cue phrases of a taxonomy found in text: the baseline and the weak labels.

Matching runs on the lower-cased normalised view (`pipeline.text.norm_form`),
on whole words, so "hoá"/"hóa" and case differences do not matter.
"""
from __future__ import annotations

import re

from ..text import norm_form
from .taxonomy import Taxonomy


class CueMatcher:
    def __init__(self, taxonomy: Taxonomy):
        self.theme_ids = taxonomy.ids
        self._patterns = {}
        for theme in taxonomy:
            cues = sorted({norm_form(c) for c in theme.cues if c.strip()}, key=len, reverse=True)
            if cues:
                alternatives = "|".join(re.escape(c) for c in cues)
                self._patterns[theme.id] = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")

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
