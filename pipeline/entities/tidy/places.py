"""Places: streets and units named after people, datelines, places written by sound
(`transliterated_places`), a person's name whose geographic word makes it a place
(`places_by_their_head`), common nouns of place left out (`place_nouns_outside`), two places
joined by a dash (`place_pairs`), numbered roads.

- A street named after a person ("đường Nguyễn Thị Minh Khai", "ngã tư Lê Lợi -
  Phạm Văn Đồng") is a LOC, not a PERSON, after a street word or a house number
  ("trú tại 16 Lương Văn Can": 96 LOC of 101 names after such a number in the training
  data, the 5 others after a seed or shirt number, which is not read as one) or in a list
  joined by "-", "," or "và" to such a street, whose street word may be inside its span
  ("[đường Phạm Văn Đồng] và Võ Nguyên Giáp"; in a list the name needs no surname first:
  "phố Trần Phú, Lê Lợi, Quang Trung") (`streets_named_for_people`; in the
  training data a surname-first name right after a street word is a LOC 45
  times out of 47).
- A province or country opening a line before a colon ("Khánh Hòa: ...") is a LOC
  (`dateline_places`).
- A unit written by its level and the name the tagger read as a PERSON ("[UBND xã] [Chu
  Phan]", "[thị trấn] [Abu Kamal]") are one ORG or LOC (`units_named_after_their_level`;
  not after "ông xã", "bà xã": a husband, a wife).
- A numbered road no entity covers is a LOC ("QL1K", "Quốc lộ 14": `road_codes`).
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ...text import norm_form
from ..lexicon import Lexicon, _key
from ..types import Entity
from .persons import _SOUNDED_TAIL, _given_names
from .spans import _add_uncovered, _known_canonical, _known_place, _whole_words


# words that make the name after them a street, a junction or a bridge
_STREET_WORD = re.compile(r"(?<!\w)(?<!thành )(?:đường|phố|ngã tư|ngã ba|ngã sáu|ngã năm|vòng xoay|giao lộ|nút giao|giao với"
                          r"|giao cắt|đại lộ|tuyến phố|tuyến đường|tuyến)(?:\s+như)?\s*$", re.IGNORECASE)
# a street whose street word is inside its span: "[đường Phạm Văn Đồng]"
_STREET_HEAD = re.compile(r"(?:đường|phố|đại lộ|tuyến phố|tuyến đường)\s+[A-ZĐÀ-Ỹ]", re.IGNORECASE)
_STREET_LIST = re.compile(r"^\s*(?:-|–|,|,?\s+(?:và|hoặc))\s*$")
# a house number before the street: "trú tại 16 Lương Văn Can", "(số 147 Trần Nhân Tông"; not a shirt or a
# seed number ("Ajax, số 11 Younes", "hạt giống số 1 Lê Quang Liêm": no place word before the number)
_HOUSE_NUMBER = re.compile(r"(?<!\w)(?:(?:tại|ở|trú|ngụ|nhà|chỉ:?|\()\s*(?:số\s*)?|,\s*)\d+[A-Za-z]?(?:/\d+[A-Za-z]?)*\s*$",
                           re.IGNORECASE)


def streets_named_for_people(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """`found` with the PERSON spans that name a street (after a street word, or listed after such a
    street) as LOCs. In a list the name needs no surname first ("phố Trần Phú, Lê Lợi, Quang
    Trung"), and the street opening it may carry its street word inside the span ("[đường Phạm Văn
    Đồng] và Võ Nguyên Giáp")."""
    def by_word(ent: Entity) -> bool:   # after a street word or a house number
        before = text[max(0, ent.start - 25):ent.start]
        return bool(_STREET_WORD.search(before) or _HOUSE_NUMBER.search(before))

    out = sorted(found, key=lambda e: (e.start, e.end))
    street_end = None   # end of the last street, for a list of them
    for k, ent in enumerate(out):
        if ent.label not in ("PERSON", "LOC"):
            street_end = None   # only a LOC is a street
            continue
        listed = street_end is not None and bool(_STREET_LIST.match(text[street_end:ent.start]))
        if ent.label == "PERSON":
            words = ent.text.split()
            # the cheap tests first: the text before the name is read last
            if len(words) >= 2 and (listed or lexicon.table["SURNAME"].get(_key(words[0])) and by_word(ent)):
                out[k] = ent = replace(ent, label="LOC", canonical=None)
                street_end = ent.end
            else:
                street_end = None
        else:
            street_end = ent.end if listed or _STREET_HEAD.match(ent.text) or by_word(ent) else None
    return out


# a unit written by its level, the unit's name left out of the span: "[UBND xã] Chu Phan", "[huyện] Pak
# Kading"; not "ông xã", "bà xã" (husband, wife: 32 PERSON after them in the training data) nor "Tân hoa xã"
_ADMIN_LEVEL_END = re.compile(r"(?<!\bông )(?<!\bbà )(?<!\bhoa )(?:^|(?<=\s))(?:xã|phường|huyện|quận|thị xã|thị trấn)\Z",
                              re.IGNORECASE)


def units_named_after_their_level(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """An ORG or LOC ending in a unit's level ("UBND xã", "thị trấn") followed at once by a PERSON
    is one ORG or LOC with that name ("UBND xã Chu Phan", "thị trấn Abu Kamal"): no training span
    ends so before a PERSON. Not a district's level before a Vietnamese full name the place lexicon
    does not list (it lists every district): an internal report names its own district's committee
    without the district ("Chủ tịch UBND huyện [Nguyễn Văn Nam] ký ...")."""
    out: list[Entity] = []
    for ent in found:
        prev = out[-1] if out else None
        if ent.label == "PERSON" and prev is not None and prev.label in ("ORG", "LOC") \
                and text[prev.end:ent.start] == " " and _ADMIN_LEVEL_END.search(prev.text) \
                and not _holder_after_a_district(prev.text, ent.text, lexicon):
            out[-1] = replace(prev, end=ent.end, text=text[prev.start:ent.end], canonical=None)
            continue
        out.append(ent)
    return out


_DISTRICT_LEVEL_END = re.compile(r"(?:^|(?<=\s))(?:huyện|quận|thị xã)\Z", re.IGNORECASE)


def _holder_after_a_district(unit: str, name: str, lexicon: Lexicon) -> bool:
    """A family name and two or more syllables after "huyện", "quận" or "thị xã" that no place of the
    lexicon is named: a person, not the district ("huyện Trần Văn Thời" is a district)."""
    words = name.split()
    return bool(_DISTRICT_LEVEL_END.search(unit)) and len(words) >= 3 \
        and bool(lexicon.table["SURNAME"].get(_key(words[0]))) and not lexicon.table["PLACE"].get(_key(name))


_LINE_START = re.compile(r"(?:\A|\n)[ \t]*\Z")
_COLON_AFTER = re.compile(r"[ \t]*:")


def dateline_places(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """A province or country opening a line before a colon ("Khánh Hòa: Người dân ...", a headline's
    or a dateline's place) is a LOC, not a PERSON nor an ORG (a club named after its province, "Long
    An: ..."): in the training data all 193 such names are."""
    def dateline(e: Entity) -> bool:
        return (e.label in ("PERSON", "ORG") and _COLON_AFTER.match(text, e.end) is not None
                and _LINE_START.search(text, max(0, e.start - 40), e.start) is not None
                and any(x.info in ("country", "province") for x in lexicon.table["PLACE"].get(_key(e.text), ())))

    return [replace(e, label="LOC", canonical=_known_canonical(lexicon, "PLACE", e.text)) if dateline(e) else e
            for e in found]


@lru_cache(maxsize=4)
def _transliterated(lexicon: Lexicon) -> re.Pattern:
    """The places written by sound, whole (not inside a longer hyphenated word)."""
    return _whole_words(lexicon.transliterated, inside=r"[\w-]")


def transliterated_places(text: str, found: list[Entity], lexicon: Lexicon,
                          taken: list[tuple[int, int]] = ()) -> list[Entity]:
    """Places written by sound (`transliterated_places.tsv`: "Bê-la-rút", "Mát-xcơ-va") are too rare in
    the training data for the tagger to know them: an ORG or LOC cut at the first hyphen of one takes
    the rest ("Bộ Ngoại giao Bê|-la-rút"), and one no entity covers is a LOC. In the training regions
    each of the 45 occurrences is a LOC (37) or inside an ORG or LOC's name (8)."""
    if "-" not in text or not lexicon.transliterated:
        return found
    out = []
    for ent in found:
        tail = _SOUNDED_TAIL.match(text, ent.end) if ent.label in ("ORG", "LOC") else None
        if tail and ent.text.split()[-1] + tail.group() in lexicon.transliterated:
            whole = text[ent.start:tail.end()]
            canonical = _known_canonical(lexicon, "PLACE", whole) if ent.label == "LOC" else None
            ent = replace(ent, end=tail.end(), text=whole, value=None, canonical=canonical)
        out.append(ent)
    added = [Entity("LOC", m.start(), m.end(), m.group(), None, lexicon.transliterated[m.group()])
             for m in _transliterated(lexicon).finditer(text)]
    return _add_uncovered(out, taken, added)


def places_by_their_head(found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """A PERSON of two words or more whose geographic word makes it a place is a LOC ("Hālona
    Beach", "Mount Hope", "Dãy Trường Sơn"; `place_heads.txt`), unless a known given name opens it
    ("Jonah Hill")."""
    out = []
    for e in found:
        if e.label == "PERSON":
            words = e.text.split(" ")
            if len(words) >= 2 and words[0] not in _given_names() and (
                    words[-1] in lexicon.place_heads_last or words[0] in lexicon.place_heads_first
                    or " ".join(words[:2]) in lexicon.place_heads_first and len(words) >= 3):
                e = replace(e, label="LOC", canonical=None)
        out.append(e)
    return out


def place_nouns_outside(found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """A LOC that opens with a common noun of place before a capitalised name starts at the name
    ("thủ đô [Hà Nội]", "vùng biển [Vân Đồn]"; `place_nouns_outside.txt`)."""
    out = []
    for e in found:
        if e.label == "LOC":
            words = e.text.split(" ")
            if len(words) >= 3 and norm_form(" ".join(words[:2])) in lexicon.place_nouns_outside \
                    and words[2][:1].isupper():
                cut = len(words[0]) + len(words[1]) + 2
                e = replace(e, start=e.start + cut, text=e.text[cut:], value=None,
                            canonical=_known_canonical(lexicon, "PLACE", e.text[cut:]))
        out.append(e)
    return out


_PLACE_PAIR = re.compile(r"(.+?)\s?[-–]\s?(.+)")


def place_pairs(found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """A LOC that joins two known places by a dash is two LOCs ("Nhật Tân-Nội Bài", "Nga - Mỹ"),
    unless the whole is a place ("Bà Rịa - Vũng Tàu"): the training data splits 235 such pairs
    and keeps whole only the province."""
    out = []
    for e in found:
        m = _PLACE_PAIR.fullmatch(e.text) if e.label == "LOC" and ("-" in e.text or "–" in e.text) else None
        if m and _known_place(lexicon, m.group(1)) and _known_place(lexicon, m.group(2)) \
                and not _known_place(lexicon, e.text):
            for g in (1, 2):
                start = e.start + m.start(g)
                out.append(Entity("LOC", start, start + len(m.group(g)), m.group(g),
                                  canonical=_known_canonical(lexicon, "PLACE", m.group(g))))
            continue
        out.append(e)
    return out


# a numbered road: "QL1A", "QL 14", "Quốc lộ 32", "ĐT 762", "Tỉnh lộ 8"; each road word opens with its
# first letter, then `(?<![\w.].)` says no word character or dot stands before that letter: a pattern that
# opens with letters lets the engine scan a text for them fast
_ROAD = re.compile(r"(?:Q(?<![\w.].)(?:L|uốc lộ)|Đ(?<![\w.].)(?:T|ường tỉnh)|T(?<![\w.].)(?:L|ỉnh lộ)|q(?<![\w.].)uốc lộ"
                   r"|đ(?<![\w.].)ường tỉnh)\s?\.?\s?\d+[A-Z]?(?![\w])")


def road_codes(text: str, found: list[Entity], taken: list[tuple[int, int]] = ()) -> list[Entity]:
    """`found` with the numbered roads no entity covers as LOCs ("QL1K", "Quốc lộ 14"): 131 of the
    training data's 137 are LOC spans, the others inside a longer place."""
    return _add_uncovered(found, taken, [Entity("LOC", m.start(), m.end(), m.group()) for m in _ROAD.finditer(text)])
