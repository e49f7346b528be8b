"""Tidy-up of the names found, whichever tagger found them: spans redrawn as the guidelines draw them.

- A foreign given name keeps its hyphenated tail ("Kim Jong-un", "Moon Jae-in").
- A byline glued to its agency ("Hoàng Hải-TTXVN") is a PERSON and an ORG.
- A country run into the name of one of its people ("Ngoại trưởng Hàn Quốc
  Yun Byung-se") is a LOC and a PERSON.
- A generic word or a non-agency acronym alone ("Nhà nước", "Trung ương",
  "NLĐ": `corpora/lexicons/not_agencies_alone.txt`) is no ORG (`drop_generic_orgs`).

Works on input text and `Entity` spans, after the rules or the CRF and before
the component writes doc.ents; offsets stay exact (every span is cut from the
input text as given).
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..text import norm_form
from .lexicon import Lexicon, _key
from .types import Entity

# a foreign name whose last part runs on after a hyphen: "Kim Jong-un", "Moon Jae-in"
# (Latin letters only on both sides: "Bác Hồ-một" is a name and a dash)
_HYPHEN_TAIL = re.compile(r"-[a-z]+(?![\w-])")
_LATIN_END = re.compile(r"(?<![\w-])[A-Z][a-z]*\Z")
# a byline glued to its agency: "Hoàng Hải-TTXVN", "Ngọc Hà-VOV"
_AGENCY_TAIL = re.compile(r"(?<=\w)-([A-ZĐ][A-ZĐ0-9]+)\Z")


_LATIN_WORD = re.compile(r"[A-Z][a-z]*(?:-[a-z]+)?")


def _country_then_latin_name(ent: Entity, lexicon: Lexicon) -> int | None:
    """Where the foreign name starts in "Hàn Quốc Yun Byung", a country followed by
    capitalised words in Latin letters only (the name of one of its people)."""
    words = [(m.start(), m.group()) for m in re.finditer(r"\S+", ent.text)]
    if len(words) < 3 or not _LATIN_WORD.fullmatch(words[-1][1]) or not _LATIN_WORD.fullmatch(words[-2][1]):
        return None  # the common case, decided without a lexicon lookup
    if _key(ent.text) in lexicon.table["PLACE"]:
        return None  # "Lào Cai" is a province, not Laos and a "Cai"
    for k in range(len(words) - 2, 0, -1):  # a name of two words at least: "Moon Jae", "Donald Trump"
        if not all(_LATIN_WORD.fullmatch(w) and w not in lexicon.not_person_words for _, w in words[k:]):
            break
        entries = lexicon.table["PLACE"].get(_key(" ".join(w for _, w in words[:k])), ())
        if any(e.info == "country" for e in entries):
            return words[k][0]
    return None


def _known_canonical(lexicon: Lexicon, kind: str, surface: str) -> str:
    """The lexicon's canonical form of `surface` as a `kind`, else the surface itself."""
    return next((e.canonical for e in lexicon.table[kind].get(_key(surface), ()) if e.canonical), surface)


def tidy_persons(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """PERSON spans as the guidelines draw them: a foreign given name keeps its
    hyphenated tail, a byline's agency acronym is an ORG of its own, and a
    country run into the name of one of its people ("Ngoại trưởng Hàn Quốc
    Yun Byung-se") is a LOC of its own."""
    def span(ent: Entity, label: str, start: int, end: int, canonical: str | None = None) -> Entity:
        return replace(ent, label=label, start=start, end=end, text=text[start:end], value=None, canonical=canonical)

    out = []
    for ent in found:
        if ent.label in ("PERSON", "LOC"):
            name_at = _country_then_latin_name(ent, lexicon)
            if name_at is not None:
                country_end = ent.start + len(ent.text[:name_at].rstrip())
                country = text[ent.start:country_end]
                out.append(span(ent, "LOC", ent.start, country_end, _known_canonical(lexicon, "PLACE", country)))
                ent = span(ent, "PERSON", ent.start + name_at, ent.end)
        if ent.label == "PERSON":
            agency = _AGENCY_TAIL.search(ent.text)
            if agency:
                out.append(span(ent, "PERSON", ent.start, ent.start + agency.start()))
                out.append(span(ent, "ORG", ent.start + agency.start(1), ent.end,
                                _known_canonical(lexicon, "ORG", agency.group(1))))
                continue
            tail = _HYPHEN_TAIL.match(text, ent.end) if _LATIN_END.search(ent.text) else None
            if tail:
                ent = replace(ent, end=tail.end(), text=text[ent.start:tail.end()])
        out.append(ent)
    return out


def drop_generic_orgs(found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """Without the ORG spans that are one of the words naming no agency alone."""
    return [e for e in found if e.label != "ORG" or norm_form(e.text) not in lexicon.not_agencies_alone]
