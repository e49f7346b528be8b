"""A person's name and what is written before it: an agency, place or office's unit run into the
name, a name read as the body it follows, a name the tagger cut in two.

- An agency, place or acronym run into a foreign name ("Cảnh sát Jorge Hernando
  Nieto", "Delhi Arvind Kejriwal", "JBS Joesley Batista") is cut off it where a
  known given name opens a run of capitalised Latin words
  (`people_run_into_names`; corpora/lexicons/foreign_given_names.txt); a foreign
  name the tagger read as an ORG or LOC as a whole ("Thị trưởng Lisbon, [Maria
  Lopes]") is a PERSON, not after a body's noun ("khách sạn") nor listed among ORGs.
- A Vietnamese name the tagger read as an ORG or LOC as a whole where an office's holder
  is written ("Thứ trưởng GTVT [Lê Đình Thọ]", "các ông: Lê Hoàng, [Nguyễn An Tiêm]") is a
  PERSON (`names_after_an_office`).
- A name the tagger cut in two is made whole (`names_cut_in_two`): the first words of a
  name run into the agency before it ("Cảnh sát quốc gia Ronald | Dela Rosa", read over
  both spans as above), a family name or a foreign given name left out before it ("Khúc |
  Xuân Hòa", "Robin van | Persie"), and a Vietnamese name tagged as two PERSON spans with one
  space between ("Hoàng Vĩnh | Bảo").
"""
from __future__ import annotations

import re
from dataclasses import replace

from ...text import norm_form
from ..gazetteer import default_gazetteer
from ..lexicon import Lexicon, _key
from ..types import Entity
from .persons import _LATIN_NAME_WORD, _PARTICLES, _given_names, _surname
from .spans import _LIST_GAP, _WORD_BEFORE, _known_canonical, _known_country, _known_place, _words
from .vocabulary import _vietnamese_words, vietnamese_syllables


def _vietnamese_name_whole(name: str, lexicon: Lexicon) -> bool:
    """Is a span a Vietnamese personal name as a whole: a family name and one to three capitalised
    syllables, no start of it a place the lexicon knows ("Hà Nội", "Hàn Quốc", "Hà Lan"), the whole
    no org it knows?"""
    words = name.split()
    return 2 <= len(words) <= 4 and _surname(lexicon, words[0]) \
        and all(w[:1].isupper() and w.isalpha() for w in words) \
        and not any(_known_place(lexicon, " ".join(words[:n])) for n in range(1, len(words) + 1)) \
        and _key(name) not in lexicon.table["ORG"]


def _holder_position(text: str, ents: list[Entity], i: int) -> bool:
    """Does entity i stand where an office's holder is written: right after a TITLE ("Thứ trưởng
    [X]"), after a TITLE and its unit ("Thứ trưởng GTVT [X]"), or listed after a PERSON ("Lê
    Hoàng, [X]")? One space between them, a comma and a space in a list."""
    if i == 0:
        return False
    prev, gap = ents[i - 1], text[ents[i - 1].end:ents[i].start]
    if gap == ", ":
        return prev.label == "PERSON"
    if gap != " ":
        return False
    if prev.label == "TITLE":
        return True
    return prev.label in ("ORG", "LOC") and i >= 2 and ents[i - 2].label == "TITLE" \
        and text[ents[i - 2].end:prev.start] == " "


def names_after_an_office(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """A Vietnamese name tagged an ORG or LOC as a whole where an office's holder is written is a
    PERSON: "Thứ trưởng GTVT [Lê Đình Thọ]", "các ông: Lê Hoàng, [Nguyễn An Tiêm]". In the training
    annotations 1,837 such name-shaped spans right after an office, its unit or a listed name are a
    PERSON and 3 a LOC (an unknown place, "Hoàng đế La Mã")."""
    ents = sorted(found, key=lambda e: (e.start, e.end))
    for i, ent in enumerate(ents):
        if ent.label in ("ORG", "LOC") and _holder_position(text, ents, i) \
                and _vietnamese_name_whole(ent.text, lexicon):
            ents[i] = replace(ent, label="PERSON", value=None, canonical=None)
    return ents


# initials that open a name: "F." of "F. Scott Fitzgerald" is part of it, no agency
_INITIALS = re.compile(r"(?:[A-ZĐ]\.\s?)+")


# a capitalised word of a foreign name after its given name, accents allowed ("Padrino López")
_FOREIGN_WORD = re.compile(r"[A-ZÀ-Þ][a-zß-ÿ]+(?:[-'][A-Za-zÀ-ÿ]+)*")
# heads of bodies named after a person: "Trường THPT Nguyễn Du", "Bệnh viện Trần Hưng Đạo", "đường Lê Lợi"
_NAMED_FOR_PERSON = re.compile(r"(?i)^(?:trường|bệnh viện|bv|quỹ|công ty|cty|tập đoàn|trung tâm|giải|làng|đường|phố|"
                               r"đại lộ|cầu|chợ|nhà|hội trường|khu|thpt|thcs|tiểu học|đại học|học viện|"
                               r"lăng|đền|chùa|tượng|bảo tàng|di tích|phường|xã|quận|huyện|thị trấn|ấp|thôn|thị xã|tp|thành phố|"
                               r"sân bay|sân|đảo|quần đảo|nhà tù|thư viện|viện|bãi|đh|chi nhánh|nxb)\b")


# a unit whose places the lexicon knows by name, so that a person's name after it is no place of that level
# unless the lexicon lists it ("UBND huyện [Nguyễn Văn Nam]" beside "Công an huyện Trần Văn Thời"); a commune
# may be named for anyone ("xã Phạm Văn Hai")
_LEVEL_KNOWN_BY_NAME = re.compile(r"(?i)huyện|quận|tỉnh|thị xã|thành phố|tp\.?")


def _vietnamese_name_at(words: list[str], lexicon: Lexicon) -> int | None:
    """Where an official's Vietnamese name closes a span: a family name and one to three
    capitalised syllables at the end ("Y tế |Nguyễn Trường Sơn", "HAGL |Đoàn Nguyên Đức"),
    after at least one word that does not open a body named for a person."""
    for k in range(max(1, len(words) - 4), len(words) - 1):
        tail = words[k:]
        if _key(words[k]) in lexicon.table["SURNAME"] and 2 <= len(tail) <= 4 \
                and all(w[:1].isupper() and w.isalpha() for w in tail) \
                and not _NAMED_FOR_PERSON.match(" ".join(words[:k])) \
                and not (_NAMED_FOR_PERSON.match(words[k - 1]) and not _LEVEL_KNOWN_BY_NAME.fullmatch(words[k - 1])) \
                and not (k >= 2 and _NAMED_FOR_PERSON.match(" ".join(words[k - 2:k]))
                         and not _LEVEL_KNOWN_BY_NAME.fullmatch(" ".join(words[k - 2:k]))) \
                and not any(_key(" ".join(words[j:k + n])) in lexicon.table["PLACE"]
                            for j in (k, k - 1) for n in range(1, len(tail) + 1)) \
                and not (_known_country(lexicon, tail[-1]) and tail[-1].lower() not in vietnamese_syllables()) \
                and _key(" ".join(tail)) not in lexicon.table["ORG"]:
            return k
    return None


def _foreign_name_at(words: list[str], lexicon: Lexicon) -> int | None:
    """Where a foreign person's name starts among the words of a span: a known given name that
    opens a run of two or more capitalised Latin words to the end ("Cảnh sát |Jorge Hernando
    Nieto"), the run no place or org the lexicon knows."""
    given = _given_names()
    k = next((k for k in range(1, len(words) - 1) if words[k] in given), None)
    if k is None or _NAMED_FOR_PERSON.match(" ".join(words[:k])):
        return None  # "Sân bay quốc tế Simon Bolivar", "huyện Kong Chro" are named after no holder
    tail = words[k:]
    name = " ".join(tail)
    if all(_FOREIGN_WORD.fullmatch(w) or w in _PARTICLES for w in tail) and _FOREIGN_WORD.fullmatch(tail[-1]) \
            and _key(name) not in lexicon.table["PLACE"] and _key(name) not in lexicon.table["ORG"] \
            and default_gazetteer().types.get(name) in (None, "PERSON"):
        return k
    return None


def _foreign_person_whole(words: list[str], lexicon: Lexicon) -> bool:
    """Is an ORG or LOC span a foreign person's name as a whole: two to four capitalised Latin words
    opened by a known given name ("Maria Lopes", "Christian Hale"), none an org or place head, the
    name no place or org the lexicon or the gazetteer knows? In the training data 5,048 spans of
    that shape are a PERSON and 31 an ORG or LOC (brands, "Abu Sayyaf", "Koh Tao": known names or
    heads)."""
    if not 2 <= len(words) <= 4 or words[0] not in _given_names() or words[0] in _NOT_GIVEN_ALONE:
        return False
    if not all(_FOREIGN_WORD.fullmatch(w) or w in _PARTICLES for w in words) or not _FOREIGN_WORD.fullmatch(words[-1]):
        return False
    name = " ".join(words)
    return not (_key(name) in lexicon.table["PLACE"] or _key(name) in lexicon.table["ORG"]
                or any(_key(w) in lexicon.table["HEAD"] or w.lower() in _BODY_WORDS for w in words[1:])
                or default_gazetteer().types.get(name) not in (None, "PERSON"))


# given names that open more bodies and places than people when a span is read as one of those
_NOT_GIVEN_ALONE = frozenset({"Abu", "Koh", "Great", "Rio", "Saint", "San", "Santa", "Mc"})
# English words that make a capitalised run a body or a place
_BODY_WORDS = frozenset({"school", "college", "university", "hotel", "group", "company", "cosmetics", "boutique",
                         "foundation", "club", "bank", "studio", "studios", "records", "media", "fc", "city",
                         "island", "park", "street", "avenue", "hall", "center", "centre", "airport"})
# a common noun of a body or a brand right before the name: "khách sạn Jerome Grand", "thương hiệu Max Mara"
_BODY_BEFORE = re.compile(r"(?i)(?<!\w)(?:khách sạn|hãng|thương hiệu|nhãn hiệu|nhà hàng|công ty|tập đoàn|quỹ|tổ chức|"
                          r"tạp chí|tờ|báo|trang|website|ứng dụng|cửa hàng|quán|chuỗi|nhà mốt|tiệm)\s+\Z")


def _listed_with_a_body(text: str, found: list[Entity], ent: Entity) -> bool:
    """Is `ent` listed beside an ORG ("Louis Vuitton, Christian Dior, Givenchy")? (A place before it
    is no list: "Thị trưởng Lisbon, Maria Lopes".)"""
    return any(o.label == "ORG" and o is not ent
               and (_LIST_GAP.match(text, o.end, ent.start) if o.end <= ent.start
                    else _LIST_GAP.match(text, ent.end, o.start) if ent.end <= o.start else False)
               for o in found if abs(o.start - ent.start) < 80)


def _latin_name_after_body(words: list[str], lexicon: Lexicon) -> int | None:
    """Where an office holder's name in Latin letters closes the ORG of a public body
    (`public_bodies.txt`): "Thượng viện |Sanasee Vigneswaran", "Tòa liên bang |Raus bin Sharif",
    "Bộ Ngoại giao Belarus |Rybakov". One word is enough after a country only; a place written
    with its unit word ("tòa án tỉnh Mondolkiri") or ending in a known place ("Ủy ban Olympic
    Malaysia") is no name. In the training data no body of the list after an office ends so."""
    if not any(norm_form(" ".join(words[:n])) in lexicon.public_bodies for n in (1, 2)):
        return None
    k = len(words)
    while k > 2 and (words[k - 1] in _PARTICLES or _LATIN_NAME_WORD.fullmatch(words[k - 1])
                     and words[k - 1].lower() not in vietnamese_syllables()
                     and not _known_place(lexicon, words[k - 1])):
        k -= 1
    tail = words[k:]
    if not tail or not _LATIN_NAME_WORD.fullmatch(tail[0]) or not _LATIN_NAME_WORD.fullmatch(tail[-1]):
        return None
    head_last = words[k - 1]
    if head_last.lower() not in vietnamese_syllables() and not _known_place(lexicon, head_last):
        return None  # the body's own name in Latin letters: "Bộ Smart Nation Initiative"
    if _key(head_last) in lexicon.table["ADMIN"] and " ".join(words[k - 2:k]).lower() not in _vietnamese_words():
        return None  # "tỉnh Mondolkiri" is a place; "bang" of "liên bang" (federal) is no unit
    if len(tail) == 1 and not _known_country(lexicon, head_last):
        return None
    name = " ".join(tail)
    if _known_place(lexicon, name) or _known_place(lexicon, tail[-1]) or _key(name) in lexicon.table["ORG"] \
            or default_gazetteer().types.get(name) not in (None, "PERSON"):
        return None
    return k


def _after_an_office(text: str, ent: Entity, titles: list[Entity], found: list[Entity]) -> bool:
    """Is `ent` the unit of an office written just before it ("Thứ trưởng [Y tế X]", "Chủ nhiệm
    Ủy ban Y của [Quốc hội X]"), with no name or sentence end between?"""
    before = [t for t in titles if t.end <= ent.start and ent.start - t.end <= 60]
    if not before:
        return False
    title = before[-1]
    between = text[title.end:ent.start]
    return not re.search(r"[.!?\n]", between) \
        and not any(e.label == "PERSON" and title.end <= e.start and e.end <= ent.start for e in found)


def _agency_word_before_name(words: list[str], lexicon: Lexicon) -> bool:
    """Is a span one capitalised word that is no Vietnamese syllable nor family name, then a Vietnamese
    name ("Vicofa Trần Văn Sang", "Vinatex Lê Tiến Trường")? After an office such a word is the agency
    (32 times in the NER annotations; the 17 hand names of that shape, stage names such as "Soobin
    Hoàng Sơn", follow no office)."""
    return 3 <= len(words) <= 5 and words[0][:1].isupper() and words[0].isalpha() \
        and words[0].lower() not in vietnamese_syllables() and not _surname(lexicon, words[0]) \
        and words[0] not in _given_names() and _vietnamese_name_whole(" ".join(words[1:]), lexicon)


def people_run_into_names(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """An agency, place or acronym run into the foreign name after it is cut off it: "Cảnh sát
    Jorge Hernando Nieto" is an ORG and a PERSON, "Delhi Arvind Kejriwal" a LOC and a PERSON,
    "JBS Joesley Batista" an ORG and a PERSON; a foreign name tagged an ORG or LOC as a whole is a
    PERSON (`_foreign_person_whole`). A head left alone that is a PERSON span's only
    word and neither a known place nor an acronym stays in the name ("Dawn Nafees Zakaria")."""
    out = []
    titles = [e for e in found if e.label == "TITLE"]
    title_ends = {e.end for e in titles}
    for ent in found:
        names = ent.text.split()   # the span's words (their offsets, `_words`, only where it is cut)
        if ent.label not in ("ORG", "LOC", "PERSON") or len(names) < 2:
            out.append(ent)   # a single word is no name run into anything
            continue
        if ent.label in ("ORG", "LOC") and _foreign_person_whole(names, lexicon) \
                and not _BODY_BEFORE.search(text, max(0, ent.start - 20), ent.start) \
                and not _listed_with_a_body(text, found, ent):
            out.append(replace(ent, label="PERSON", value=None, canonical=None))   # "Maria Lopes" read as a place
            continue
        k = _foreign_name_at(names, lexicon) if len(names) >= 3 else None
        if k is None and ent.label == "PERSON" and ent.start - 1 in title_ends and text[ent.start - 1] == " " \
                and _agency_word_before_name(names, lexicon):
            # "Chủ tịch [Vicofa] [Trần Văn Sang]": the agency's own word, not a name's
            words = _words(ent.text)
            head = words[0][1]
            if not head.isupper() or _key(head) in lexicon.table["ORG"]:   # "QNCN" (a soldier's grade) is none
                out.append(replace(ent, label="ORG", end=ent.start + len(head), text=head, value=None,
                                   canonical=_known_canonical(lexicon, "ORG", head)))
            out.append(replace(ent, start=ent.start + words[1][0], text=ent.text[words[1][0]:], value=None,
                               canonical=None))
            continue
        if k is None and ent.label in ("ORG", "LOC") and len(names) >= 3 and _after_an_office(text, ent, titles, found):
            k = _vietnamese_name_at(names, lexicon)
            if k is None and ent.label == "ORG":
                k = _latin_name_after_body(names, lexicon)
        if k is None or _key(ent.text) in lexicon.table["PLACE"]:   # "Bồ Đào Nha" holds no "Đào" family
            out.append(ent)
            continue
        words = _words(ent.text)
        head_end = ent.start + words[k - 1][0] + len(words[k - 1][1])
        head = text[ent.start:head_end]
        label = ent.label
        if label == "PERSON":
            if head.isupper() and len(head) >= 2 and not _INITIALS.fullmatch(head):
                label = "ORG"
            elif _known_place(lexicon, head):
                label = "LOC"
            else:
                out.append(ent)
                continue
        out.append(replace(ent, label=label, end=head_end, text=head, value=None,
                           canonical=ent.canonical if label == ent.label else None))
        start = ent.start + words[k][0]
        out.append(replace(ent, label="PERSON", start=start, text=text[start:ent.end], value=None, canonical=None))
    return out


def _name_start_before(text: str, ent: Entity, floor: int, lexicon: Lexicon) -> int:
    """Where the PERSON `ent` starts once the words of its name left out before it are taken back:
    a family name (the name then four syllables at most, and not opening with a family name
    already), or a foreign given name with the particles after it; no further left than `floor`."""
    m = _WORD_BEFORE.search(text, max(floor, ent.start - 40), ent.start)
    if m is None or m.start() < floor:
        return ent.start
    word = m.group(1)
    words = ent.text.split()
    if _surname(lexicon, word) and len(words) <= 3 and not _surname(lexicon, words[0]) \
            and all(w.lower() in vietnamese_syllables() for w in words):
        return m.start()
    start, given = ent.start, _given_names()
    while m is not None and m.start() >= floor and m.group(1) in _PARTICLES:
        start = m.start()
        m = _WORD_BEFORE.search(text, max(floor, start - 40), start)
    if start < ent.start and m is not None and m.start() >= floor and m.group(1) in given:
        return m.start()
    return ent.start


def _place_across(lexicon: Lexicon, words: list[str], k: int) -> bool:
    """Do words on both sides of a cut before words[k] make a place the lexicon knows ("Bạc | Liêu")?"""
    return any(_key(" ".join(words[a:b])) in lexicon.table["PLACE"]
               for a in range(max(0, k - 3), k) for b in range(k + 1, min(len(words), a + 4) + 1))


_TRANSLITERATED_WORD = re.compile(r"(?<!\S)[^\W\d_]+(?:-[^\W\d_]+)+(?!\S)")


def _transliterated(name: str) -> bool:
    """Does the name hold a word transliterated syllable by syllable ("Tha-ni", "Áp-đun-ra-man")?"""
    return "-" in name and _TRANSLITERATED_WORD.search(name) is not None   # most names: no hyphen, no search


def names_cut_in_two(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """A PERSON name the tagger cut in two, made whole (see the module's list)."""
    out: list[Entity] = []
    titles = [e for e in found if e.label == "TITLE"]
    starts = {e.start for e in found}
    for ent in found:
        prev = out[-1] if out else None
        if ent.label != "PERSON":
            out.append(ent)
            continue
        joined = prev is not None and text[prev.end:ent.start] == " "
        if joined and prev.label in ("ORG", "LOC"):
            head = _words(prev.text)
            words = [w for _, w in head] + ent.text.split()
            k = _foreign_name_at(words, lexicon)
            if k is None and not _surname(lexicon, words[len(head)]) and _after_an_office(text, prev, titles, found):
                k = _vietnamese_name_at(words, lexicon)  # a Vietnamese name has one family name
            if k is not None and 1 <= k < len(head) and not _place_across(lexicon, words, k):
                cut = prev.start + head[k][0]
                end = prev.start + head[k - 1][0] + len(head[k - 1][1])
                out[-1] = replace(prev, end=end, text=text[prev.start:end], value=None,
                                  canonical=prev.canonical if k == len(head) else None)
                out.append(replace(ent, start=cut, text=text[cut:ent.end], value=None, canonical=None))
                continue
        if joined and prev.label == "PERSON" and _transliterated(prev.text) and _transliterated(ent.text):
            # "Mô-ha-mét Bin Áp-đun-ra-man | An Tha-ni": one name written syllable by syllable, cut at a
            # word that is also Vietnamese; no two annotated names so written stand a space apart
            out[-1] = replace(prev, end=ent.end, text=text[prev.start:ent.end], value=None, canonical=None)
            continue
        if joined and prev.label == "PERSON" and prev.text != ent.text:   # "Hoài Lâm Hoài Lâm": a heading run in
            words = prev.text.split() + ent.text.split()
            if len(words) <= 4 and not _surname(lexicon, ent.text.split()[0]) \
                    and all(w.lower() in vietnamese_syllables() and w[:1].isupper() for w in words):
                out[-1] = replace(prev, end=ent.end, text=text[prev.start:ent.end], value=None, canonical=None)
                continue
        start = _name_start_before(text, ent, prev.end if prev is not None else 0, lexicon)
        if start != ent.start:
            ent = replace(ent, start=start, text=text[start:ent.end], value=None, canonical=None)
        out.append(_transliteration_goes_on(text, ent, starts))
    return out


_TRANSLITERATION_ON = re.compile(r" (?:[^\W\d_a-zà-ỹđ][^\W\d_]* ){0,2}[^\W\d_a-zà-ỹđ][^\W\d_]*(?:-[^\W\d_]+)+(?![\w-])")


def _transliteration_goes_on(text: str, ent: Entity, starts: set[int]) -> Entity:
    """A name written syllable by syllable that the tagger ended at a word that is also Vietnamese
    ("Mô-ha-mét Bin Áp-đun-ra-man| An Tha-ni") goes on over up to three capitalised words, the last of
    them written syllable by syllable too; none of the annotated names so followed ends before them."""
    if not _transliterated(ent.text.rsplit(" ", 1)[-1]):
        return ent
    m = _TRANSLITERATION_ON.match(text, ent.end)
    if m is None or any(ent.end < s < m.end() for s in starts) or text[m.end():m.end() + 2].strip()[:1].isupper():
        return ent
    return replace(ent, end=m.end(), text=text[ent.start:m.end()], value=None, canonical=None)
