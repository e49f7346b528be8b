"""The numbered structure of the body: parts, articles, I., 1., 1.1., a), dashes.

Administrative bodies are outlines, not running prose: "Điều 1.", "I. MỤC
ĐÍCH", "1.", "a)" and "-" open items at fixed levels (Nghị định 30/2020/NĐ-CP,
Phụ lục I). Read as sentences, a lone "2." becomes a passage of its own; read
as an outline, it is the label of the item that follows. Each item here is
the line its label opens, with the label's own span, so that a later passage
splitter can attach the label to its text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import layout as L

# (kind, level, pattern matched at a line start); the first that matches wins
_MARKERS = [
    ("part", 0, re.compile(r"(?:Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC)\s+(?:[IVXLC]+|\d+|thứ \w+)\b\.?")),
    ("article", 1, re.compile(r"Điều\s+\d+[a-z]?\s*[.:]")),
    ("roman", 1, re.compile(r"[IVX]{1,5}\s*[.)](?=\s)")),
    ("number", 2, re.compile(r"\d{1,2}(?:\.\d{1,2}){1,3}\.?(?=\s)")),
    ("number", 2, re.compile(r"\d{1,2}\s*[.)](?=\s)")),
    ("letter", 5, re.compile(r"[a-zđ]\s*\)(?=\s)")),
    ("dash", 6, re.compile(r"[-–•+*](?=\s)")),
]


@dataclass(frozen=True)
class Item:
    """One outline item: the line [start, end) and its label [label_start, label_end)."""

    start: int
    end: int
    label_start: int
    label_end: int
    kind: str
    level: int

    def to_dict(self) -> dict:
        """JSON shape of the item."""
        return {"start": self.start, "end": self.end, "label_start": self.label_start,
                "label_end": self.label_end, "kind": self.kind, "level": self.level}


def outline(text: str, start: int, end: int) -> list[Item]:
    """The outline items of text[start:end], in order.

    Levels: part 0, article and roman 1, "1." 2, "1.1." 3, "1.1.1." 4, "a)" 5,
    "-" 6 (a rough depth: documents mix these differently). A dotted number that is a decimal or a
    date ("2.289,93 tỷ", "1.5") is not a label because a label is followed by
    a space and opens its line.
    """
    items: list[Item] = []
    for ls, le in L.lines(text, start, end):
        a = ls
        while a < le and text[a] in " \t|":
            a += 1
        if a >= le:
            continue
        for kind, level, pat in _MARKERS:
            m = pat.match(text, a, le)
            if not m:
                continue
            if kind == "number" and "." in m.group().strip("."):
                level = 2 + m.group().strip(".").count(".")
            items.append(Item(a, _trim_end(text, a, le), m.start(), m.end(), kind, level))
            break
    return items


def _trim_end(text: str, a: int, b: int) -> int:
    while b > a and text[b - 1].isspace():
        b -= 1
    return b
