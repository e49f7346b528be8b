"""Plain data for entities: what every entity component produces."""
from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from ..text.normalize import ZERO_WIDTH

LABELS = ("PERSON", "TITLE", "ORG", "LOC", "DATE", "MONEY", "PERCENT")
_NO_ZERO_WIDTH = dict.fromkeys(map(ord, ZERO_WIDTH))   # str.translate table: the normaliser's invisible characters


def as_value(text: str | None) -> str | None:
    """Words of the input as a value rather than a span: composed (NFC), without the normaliser's
    zero-width characters, one plain space between words, so that "Trần Văn Minh" written with
    no-break spaces or decomposed accents is the same person in every table."""
    if text is None:
        return None
    return " ".join(unicodedata.normalize("NFC", text).translate(_NO_ZERO_WIDTH).split())


@dataclass
class Entity:
    """A labelled span of the input text (Python str indices, end exclusive)."""

    label: str
    start: int
    end: int
    text: str
    value: Any = None
    canonical: str | None = None

    def to_dict(self) -> dict:
        out = {"label": self.label, "start": self.start, "end": self.end,
               "text": self.text, "value": self.value}
        if self.label in ("ORG", "LOC"):
            out["canonical"] = self.canonical
        return out


@dataclass
class Official:
    person: str | None
    title: str
    org: str | None
    start: int
    end: int
    former: bool = False
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """The record as plain data; person, title and org are values (`as_value`), start and end
        point into the input as given."""
        return {"person": as_value(self.person), "title": as_value(self.title), "org": as_value(self.org),
                "start": self.start, "end": self.end, "former": self.former}


def merge_entities(existing: list[Entity] | None, new: list[Entity]) -> list[Entity]:
    """`existing` plus the `new` entities that overlap nothing already there (the earliest,
    then longest, first where new ones overlap each other), sorted by start: every
    entity component adds its finds this way, so an earlier component wins."""
    existing = list(existing or [])
    taken = sorted((e.start, e.end) for e in existing)
    out = list(existing)
    for ent in sorted(new, key=lambda e: (e.start, -(e.end - e.start))):
        i = bisect_right(taken, (ent.start, 10**12))
        clash = (i > 0 and taken[i - 1][1] > ent.start) or (i < len(taken) and taken[i][0] < ent.end)
        if not clash:
            taken.insert(i, (ent.start, ent.end))
            out.append(ent)
    return sorted(out, key=lambda e: (e.start, e.end))
