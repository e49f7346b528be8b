"""LEGAL_REF: documents cited by number, and laws cited by name with a year.

ANNOTATION.md: the span is the type word and the number ("Nghị định số
15/2020/NĐ-CP", "Chỉ thị 05-CT/TW"); the value is {"type", "number", "year"}
with the number as printed minus the spaces around "/" and "-"; a law named
with its year ("Luật Doanh nghiệp 2014") is {"type": "luật", "name", "year"}.
The document's own number is metadata, not a citation, and is left out.

A number is found first and its type second, because the type word is not
always right before it: a list shares one type ("các Nghị định số 15/…, số
16/… và 17/…"), a law puts its name in between ("Luật Hải quan số
54/2014/QH13"), and annex tables print bare numbers, whose type is then read
from the ký hiệu ("/NĐ-CP" is a nghị định).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .vocab import CAPITALS, fix_code, legal_types, type_codes

# ký hiệu: 15/2020/NĐ-CP, 1500/QĐ- TCHQ, 213/2013/TTLT-BTC-BLĐTBXH; party form 05-CT/TW; a unit's
# code after a dot, as the Government Inspectorate writes it: 456/TTCP-C.IV
_SEG = "[" + CAPITALS + "][" + CAPITALS + r"a-zđ0-9]*(?:\.[A-Z0-9]+)*"
# the number proper may group its thousands with dots: "Quyết định số 2.345/QĐ-UBND"
_NUM = (r"(?<![\w/.-])(?:(?:\d{1,3}(?:\.\d{3})+|\d{1,5}[a-z]?)(?:\s?/\s?\d{4})?\s?/\s?"
        + _SEG + r"(?:\s?[-–]\s?" + _SEG + r")*"
        r"(?:/" + _SEG + r"(?:[-–]" + _SEG + r")*)?"
        r"|\d{1,4}\s?[-–]\s?" + _SEG + r"\s?/\s?" + _SEG + r")(?![\w/])")
NUMBER = re.compile(_NUM)

_DATE_AFTER = re.compile(r"\s*,?\s*(?:ngày|ngay)\s+\d{1,2}\s*(?:tháng\s+\d{1,2}\s+năm\s+|/\s*\d{1,2}\s*/\s*)(\d{4})")
_FORM_BEFORE = re.compile(r"(?i)(?:mẫu|biểu|mã)\s*(?:số)?\s*:?\s*$")


@dataclass
class LegalRef:
    """One LEGAL_REF span with its normalised value."""

    start: int
    end: int
    type: str | None
    number: str | None = None
    year: int | None = None
    name: str | None = None

    @property
    def value(self) -> dict:
        """The value as ANNOTATION.md writes it."""
        if self.number is None:
            return {"type": self.type, "name": self.name, "year": self.year}
        return {"type": self.type, "number": self.number, "year": self.year}

    def to_dict(self) -> dict:
        """Span, label and value, in the record's entity shape."""
        return {"start": self.start, "end": self.end, "label": "LEGAL_REF", "value": self.value}


def normalize_number(raw: str) -> str:
    """The number as printed, spaces around "/" and "-" removed, OCR'd codes repaired."""
    s = re.sub(r"\s*([/\-–])\s*", r"\1", raw.strip()).replace("–", "-")
    return fix_code(s)


_TYPE_RE = None
_NAMED_TYPES = {"luật", "bộ luật", "pháp lệnh", "hiến pháp"}
_SPACED_ISSUER = re.compile(" ([" + CAPITALS + r"]{2,5})(?![\w/-])")


def _type_re() -> re.Pattern:
    """A type word at the end of the text before a number: "Nghị định số ", "Luật Đầu tư số "."""
    global _TYPE_RE
    if _TYPE_RE is None:
        named = [t for t in legal_types() if t.lower() in _NAMED_TYPES]
        other = [t for t in legal_types() if t.lower() not in _NAMED_TYPES]
        alt = lambda ts: "|".join(re.escape(t) for t in ts)  # noqa: E731
        # only laws and codes carry their name between the type word and "số";
        # a name never runs over another type word
        # nor over a capitalised law word: "Bộ luật Hình sự, Luật Trẻ em số 102/2016/QH13"
        # cites the Luật Trẻ em by that number
        stop = r"(?!số\b|ngày\b|(?:" + alt(other) + r")\b|(?-i:Luật|Bộ luật)\b)"
        _TYPE_RE = re.compile(
            r"(?i)(?<![\w])(?:(?P<ntype>" + alt(named) + r")"
            r"(?P<name>(?:\s+" + stop + r"[^\s\d;:.()“”\"]+){0,16}?)"
            r"|(?P<type>" + alt(other) + r"))"
            r"\s*(?:số\s*:?\s*|sô\s*|:\s*)?$")
    return _TYPE_RE


_LIST_JOIN = re.compile(r"(?i)(?:\s*(?:,|;|và|hoặc|hay)\s*(?:các\s+)?)(?:số\s*)?$")


def find_legal_refs(text: str, own_number: str | Iterable[str] | None = None) -> list[LegalRef]:
    """Every LEGAL_REF in `text`, in text order; the document's own number(s) excluded."""
    if own_number is None:
        own_number = ()
    elif isinstance(own_number, str):
        own_number = (own_number,)
    own = {normalize_number(o) for o in own_number if o}
    refs: list[LegalRef] = []
    prev: LegalRef | None = None
    for m in NUMBER.finditer(text):
        raw, end = m.group(), m.end()
        # "31/2021/NĐ CP": a space printed for the hyphen after a type code
        sp = _SPACED_ISSUER.match(text, end)
        if sp and re.split(r"[/-]", normalize_number(raw))[-1] in type_codes():
            raw, end = raw + "-" + sp.group(1), sp.end()
        number = normalize_number(raw)
        if number in own:
            prev = None
            continue
        before = text[max(0, m.start() - 160):m.start()]
        if _FORM_BEFORE.search(before):
            continue
        tm = _type_re().search(before)
        typ, start = None, m.start()
        if tm:
            group = "ntype" if tm.group("ntype") else "type"
            typ = tm.group(group).lower()
            start = m.start() - (len(before) - tm.start(group))
        elif prev is not None and _LIST_JOIN.search(text[prev.end:m.start()]) and \
                _LIST_JOIN.search(text[prev.end:m.start()]).start() == 0:
            typ = prev.type          # "số A, số B và số C" share the first type
            start = m.start()
        else:
            typ = _type_from_code(number)
            if typ is None:
                prev = None
                continue
        year = _year(number, text, end)
        ref = LegalRef(start, end, typ, number=number, year=year)
        refs.append(ref)
        prev = ref
    refs.extend(_named_laws(text, refs))
    refs.sort(key=lambda r: r.start)
    return refs


def _year(number: str, text: str, end: int) -> int | None:
    """The year inside the number ("/2020/"), else from the date printed right after it."""
    m = re.search(r"/((?:19|20)\d\d)/", number)
    if m:
        return int(m.group(1))
    d = _DATE_AFTER.match(text, end)
    return int(d.group(1)) if d else None


def _type_from_code(number: str) -> str | None:
    """The type read from a bare number's ký hiệu: "/NĐ-CP" nghị định, "/QH13" luật."""
    parts = re.split(r"[/-]", number)
    codes = type_codes()
    for p in parts[1:]:
        if p in codes:
            return codes[p]
        if re.fullmatch(r"QH\d{1,2}", p):
            return "luật"
    return None


# a constitution is named by its year alone ("Hiến pháp năm 2013"); a law by its name and year
_NAMED = re.compile(
    r"(?<![\w])(?P<type>Bộ luật|Luật|Hiến pháp)(?P<name>\s+(?!năm\b)[A-ZĐÀ-Ỹa-zđà-ỹ][^\s\d;:.()“”\"]*"
    r"(?:\s+(?!số\b|ngày\b|năm\b|của\b|đã\b|được\b|theo\b|tại\b)[^\s\d;:.()“”\",]+(?:,(?=\s+[a-zđà-ỹ]))?){0,10}?"
    r"|(?<=Hiến pháp))"
    r"(?P<tail>\s+(?:năm\s+)?(?P<year>(?:19|20)\d\d)(?![\d/])"
    r"|\s+ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+(?P<year2>(?:19|20)\d\d))")


def _named_laws(text: str, numbered: list[LegalRef]) -> list[LegalRef]:
    """Laws and constitutions named with a year, no number ("Luật Doanh nghiệp 2014", "Hiến pháp năm 2013")."""
    taken = [(r.start, r.end) for r in numbered]
    out = []
    for m in _NAMED.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        if m.group("type") == "Hiến pháp" and not re.match(r"\s+(?:nước|[A-ZĐ])|$", m.group("name")):
            continue          # "Hiến pháp và pháp luật năm …" names no constitution
        name = re.sub(r"\s+", " ", m.group("type") + m.group("name"))
        if m.group("year"):
            end, year = m.end(), int(m.group("year"))
        else:
            end, year = m.end("name"), int(m.group("year2"))
        typ = m.group("type").lower()
        out.append(LegalRef(m.start(), end, typ, name=name, year=year))
    return out
