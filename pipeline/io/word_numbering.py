"""The labels Word draws before numbered paragraphs ("Điều 1.", "a)", "-"), which are not in their text.

A decision's articles and a plan's items are most often numbered by Word itself: the paragraph
holds "Thành lập Tổ công tác …" and a numbering definition (word/numbering.xml) says to draw
"Điều %1." before it. Without the label the administrative reader sees no outline, and a reader of
the record's text no article numbers. `Numbering.label` gives the label as Word counts it: one
counter per list (w:num) and level, a level's counter restarting when a level above it moves on,
in the level's number format; a bullet is drawn as "-", as a typed list writes it.
"""
from __future__ import annotations

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    """Word's letter numbering: a..z, then aa..zz, aaa..."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""


def format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        text = _letters(n)
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("lowerRoman", "upperRoman"):
        text = _roman(n)
        return text.upper() if fmt == "upperRoman" else text
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)   # decimal, and the formats of other scripts, in figures


def _val(elem, default=None):
    return elem.get(W + "val") if elem is not None and elem.get(W + "val") is not None else default


def _int(elem, default: int) -> int:
    try:
        return int(_val(elem, default))
    except (TypeError, ValueError):
        return default


class Numbering:
    """The numbering definitions of a .docx (numbering.xml, and the lists its paragraph styles carry),
    and the counters of the paragraphs read so far."""

    def __init__(self, levels: dict[str, dict[int, tuple[int, str, str]]], style_lists: dict[str, tuple[str, int]]):
        self.levels = levels                # numId -> {ilvl: (start, numFmt, lvlText)}
        self.style_lists = style_lists      # paragraph style id -> (numId, ilvl)
        self.counters: dict[str, dict[int, int]] = {}

    @classmethod
    def parse(cls, numbering_root, styles_root=None) -> "Numbering":
        abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        for a in (numbering_root.iterchildren(W + "abstractNum") if numbering_root is not None else ()):
            abstract[a.get(W + "abstractNumId")] = {_int_attr(lvl, "ilvl"): _level(lvl)
                                                    for lvl in a.iterchildren(W + "lvl")}
        levels = {}
        for num in (numbering_root.iterchildren(W + "num") if numbering_root is not None else ()):
            own = dict(abstract.get(_val(num.find(W + "abstractNumId")), {}))
            for override in num.iterchildren(W + "lvlOverride"):
                ilvl = _int_attr(override, "ilvl")
                lvl = override.find(W + "lvl")
                if lvl is not None:
                    own[ilvl] = _level(lvl)
                start = override.find(W + "startOverride")
                if start is not None and ilvl in own:
                    own[ilvl] = (_int(start, 1),) + own[ilvl][1:]
            levels[num.get(W + "numId")] = own
        style_lists = {}
        for style in (styles_root.iterchildren(W + "style") if styles_root is not None else ()):
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None and _val(num_pr.find(W + "numId")):
                style_lists[style.get(W + "styleId")] = (_val(num_pr.find(W + "numId")),
                                                         _int(num_pr.find(W + "ilvl"), 0))
        return cls(levels, style_lists)

    def label(self, paragraph) -> str:
        """The label Word draws before `paragraph` ("" for none), its list's counter moved on."""
        if not self.levels:
            return ""
        ppr = paragraph.find(W + "pPr")
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        style = _val(ppr.find(W + "pStyle")) if ppr is not None else None
        num_id, ilvl = self.style_lists.get(style, (None, 0))
        if num_pr is not None:
            num_id = _val(num_pr.find(W + "numId"), num_id)
            ilvl = _int(num_pr.find(W + "ilvl"), ilvl)
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels or num_id == "0":   # numId 0: numbering taken off
            return ""
        counts = self.counters.setdefault(num_id, {})
        start, fmt, text = levels[ilvl]
        counts[ilvl] = counts.get(ilvl, start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]     # a sub-list starts again under each new item
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return ""
        for k in range(9):
            if f"%{k + 1}" in text:
                k_start, k_fmt, _ = levels.get(k, (1, "decimal", ""))
                text = text.replace(f"%{k + 1}", format_number(counts.get(k, k_start), k_fmt))
        return text.strip()


def _int_attr(elem, name: str) -> int:
    try:
        return int(elem.get(W + name))
    except (TypeError, ValueError):
        return 0


def _level(lvl: etree._Element) -> tuple[int, str, str]:
    return (_int(lvl.find(W + "start"), 1), _val(lvl.find(W + "numFmt"), "decimal"), _val(lvl.find(W + "lvlText"), ""))
