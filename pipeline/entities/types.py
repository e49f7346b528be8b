"""Plain data for entities: what every entity component produces."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LABELS = ("PERSON", "TITLE", "ORG", "LOC", "DATE", "MONEY", "PERCENT")


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
        return {"person": self.person, "title": self.title, "org": self.org,
                "start": self.start, "end": self.end, "former": self.former}
