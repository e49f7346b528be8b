"""Organisations, and words that are no name at all: long agency names the lexicon knows drawn whole
(`known_orgs_whole`), a platform named as a medium (`platforms_as_media`), acronyms, clubs,
seasons, ships, generic words.

- An acronym defined in brackets after an ORG ("Hiệp hội X (HANASME)") is an
  ORG there and wherever it recurs in the document, with the ORG's canonical
  name (`defined_acronyms`; 192 of the 197 such brackets in the training data).
- A ship's name is no PERSON ("tàu khu trục USS John S. McCain": `drop_ship_names`), and a business's
  named like a person is an ORG ("nhà xe Thanh Hường", "hãng hàng không giá rẻ Volotea", "ban nhạc rock
  Metallica": `firms_named_like_people`), wherever else the document names it when the name is foreign.
- In a match report a province or city where a team stands ("đánh bại Long An", "Hải Phòng -
  Long An") is the club, an ORG (`clubs_named_by_their_town`).
- A season after a word of the calendar ("mừng Xuân", "đầu Xuân", "mùa Đông") is no
  PERSON (`drop_seasons`).
- A Party committee written in lower case right after an office ("Phó Bí thư [tỉnh ủy], Chủ tịch ...") is
  the office's ORG (`party_committees_after_offices`), and a head of state's or government's office is one
  ORG whatever title ran into it ("người phát ngôn [Văn phòng Tổng thống Myanmar]": `offices_of_an_office`).
- A generic word or a non-agency acronym alone ("Nhà nước", "Trung ương",
  "NLĐ": `corpora/lexicons/not_agencies_alone.txt`) is no ORG (`drop_generic_orgs`).
- Two agencies joined by "và" (or "hoặc") are two ORGs ("[Sở Tài chính] và [Sở Y tế]", "[Báo Lao Động] và [báo
  Người Lao Động]"): an ORG is cut at a "và" when an agency head opens both sides and a name follows
  the second head (`agencies_joined_by_and`). One agency's portfolio joined by "và" has no head after it
  ("Bộ Tài nguyên và Môi trường", "Đài Phát thanh và Truyền hình"). On the unseen 20% of the training
  annotations 99 of the 108 predicted ORG spans holding a "và" are right as they are.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ...text import norm_form
from ..lexicon import Lexicon, _key
from ..types import Entity
from .spans import _WORD_BEFORE, _known_canonical, _whole_words
from .vocabulary import vietnamese_syllables


def drop_generic_orgs(found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """Without the ORG spans that are one of the words naming no agency alone."""
    return [e for e in found if e.label != "ORG" or norm_form(e.text) not in lexicon.not_agencies_alone]


def drop_seasons(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """Without the one-word PERSON spans that name a season after a word of the calendar ("mừng Đảng,
    mừng Xuân", "đầu Xuân", "mùa Đông"; corpora/lexicons/seasons.tsv): 32 of 32 such words in the
    training data are no name. A name that runs on ("mùa Xuân Hương") is a longer span and stays.
    A holiday ("Tết") alone is no name, ORG or place wherever it stands."""
    def season(e: Entity) -> bool:
        if e.text in lexicon.holidays and e.label in ("PERSON", "ORG", "LOC"):
            return True
        if e.label != "PERSON" or e.text not in lexicon.seasons:
            return False
        m = _WORD_BEFORE.search(text, max(0, e.start - 12), e.start)
        return m is not None and norm_form(m.group(1)) in lexicon.season_words_before

    return [e for e in found if not season(e)]


def _either_case(words) -> str:
    """`words` as written or capitalised opening a sentence ("Tàu", "Nhà xe"), as regex alternatives,
    longest first."""
    words = set(words)
    variants = words | {w[:1].upper() + w[1:] for w in words}
    return "|".join(re.escape(w) for w in sorted(variants, key=len, reverse=True))


@lru_cache(maxsize=8)
def _word_just_before(words: tuple[str, ...], not_after: str = "") -> re.Pattern:
    """One of `words` (`_either_case`) at the end of the text searched (right before a name);
    `not_after` holds lookbehinds for what may not stand before the word."""
    return re.compile(rf"(?<!\w){not_after}(?:{_either_case(words)})\s+\Z")


def drop_ship_names(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """Without the PERSON spans that name a ship: right after a word for one ("tàu USS John S. McCain",
    "tàu khu trục USS Fitzgerald"; corpora/lexicons/ship_words.txt), or opening with one ("USS John
    McCain")."""
    if not lexicon.ship_words:
        return found
    before = _word_just_before(lexicon.ship_words, r"(?<!Vũng )")

    def ship(e: Entity) -> bool:
        if e.label != "PERSON":
            return False
        first = e.text.split(" ", 1)[0]
        return (first in lexicon.ship_words or first[:1].lower() + first[1:] in lexicon.ship_words   # "Tàu McCain"
                or before.search(text, max(0, e.start - 25), e.start) is not None)

    return [e for e in found if not ship(e)]


# not the owner's or the driver's name: "chủ cửa hàng X", "tài xế xe khách X"
_NOT_AFTER_OWNER = r"(?<![Cc]hủ )(?<![Tt]ài xế )(?<![Ll]ái xe )(?<![Pp]hụ xe )"


def firms_named_like_people(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """A PERSON right after a word for a business is that business, an ORG ("nhà xe [Thanh Hường]",
    "cửa hàng [Hiếu Trang]"; corpora/lexicons/firm_words.txt, whose header gives the training data's
    counts); not after "chủ" or a driver, where a person's name follows ("chủ cửa hàng Nguyễn Văn A",
    "tài xế xe khách Nguyễn Văn B"). Some of those words may stand a few lower-case words before the
    name ("hãng hàng không giá rẻ [Volotea]", "ban nhạc rock [Metallica]"). A foreign name so read
    (one of its words no Vietnamese syllable) is the ORG at its other mentions in the document too
    ("... [Volotea] còn đưa ra"): the model reads a lone foreign name as a person's."""
    if not lexicon.firm_words:
        return found
    before, apart = _firm_word_patterns(lexicon)

    def after_a_firm_word(e: Entity) -> bool:
        if before.search(text, max(0, e.start - 20), e.start):
            return True
        return any((m := pattern.search(text, max(0, e.start - 60), e.start)) and m.group(1).islower()
                   for pattern in apart)

    cued = {(e.start, e.end) for e in found if e.label == "PERSON" and after_a_firm_word(e)}
    if not cued:
        return found
    syllables = vietnamese_syllables()
    foreign = {e.text for e in found if (e.start, e.end) in cued
               and any(w.lower() not in syllables for w in e.text.split())}
    return [replace(e, label="ORG", value=None, canonical=e.text)
            if e.label == "PERSON" and ((e.start, e.end) in cued or e.text in foreign) else e for e in found]


@lru_cache(maxsize=4)
def _firm_word_patterns(lexicon: Lexicon) -> tuple[re.Pattern, list[re.Pattern]]:
    """The firm words right before a name, and for each gap of `firm_words.txt`'s second column the
    words that may stand that many lower-case words before it (group 1 holds those words)."""
    gaps = lexicon.firm_word_gaps
    apart = [re.compile(rf"(?<!\w){_NOT_AFTER_OWNER}(?:{_either_case(w for w, n in gaps.items() if n == gap)})"
                        rf"((?:\s+[^\W\d_]+){{1,{gap}}})\s+\Z") for gap in sorted(set(gaps.values()))]
    return _word_just_before(lexicon.firm_words, _NOT_AFTER_OWNER), apart


@lru_cache(maxsize=4)
def _long_known_orgs(lexicon: Lexicon):
    """One pattern for the lexicon's organisations of three words or more, as written in
    `corpora/lexicons/orgs.tsv` ("Ban Chỉ đạo Trung ương về phòng, chống tham nhũng"), longest first,
    and their canonical names."""
    entries = {e.surface: e.canonical for bucket in lexicon.table["ORG"].values() for e in bucket
               if len(e.surface.split()) >= 3}
    if not entries:
        return None, {}
    return _whole_words(entries), entries


def known_orgs_whole(text: str, found: list[Entity], lexicon: Lexicon, taken: list[tuple[int, int]] = ()) -> list[Entity]:
    """A long agency name the lexicon knows is one ORG wherever it is written whole: the model
    cuts names it has rarely seen at a lower-case word or a comma ("[Ban Chỉ đạo Trung ương] về
    phòng, chống tham nhũng") or misses them ("Ban Chỉ đạo 389 quốc gia"). Spans inside the name
    give way to it; a span that runs past it ("BCĐ 389 tỉnh X" drawn whole) is kept."""
    pattern, canonical = _long_known_orgs(lexicon)
    if pattern is None:
        return found
    out = list(found)
    for m in pattern.finditer(text):
        start, end = m.span()
        if any(a < end and start < b for a, b in taken):
            continue
        inside = _names_inside(out, start, end)
        if inside is None or [(e.start, e.end) for e in inside] == [(start, end)]:
            continue
        out = [e for e in out if e not in inside]
        out.append(Entity("ORG", start, end, m.group(), None, canonical=canonical[m.group()]))
    return sorted(out, key=lambda e: (e.start, e.end))


def _names_inside(found: list[Entity], start: int, end: int) -> list[Entity] | None:
    """The spans of `found` over text[start:end], to give way to one ORG drawn there; None when one of
    them runs past it or is no ORG or LOC."""
    inside = [e for e in found if e.start < end and start < e.end]
    if any(e.start < start or e.end > end or e.label not in ("ORG", "LOC") for e in inside):
        return None
    return inside


_BRACKET_ACRONYM = re.compile(r"\s*\(([A-ZĐ][A-ZĐ0-9&\-]{1,14})\)")


def defined_acronyms(text: str, found: list[Entity], taken: list[tuple[int, int]] = ()) -> list[Entity]:
    """`found` with the acronyms defined in brackets after an ORG, and their later mentions, as ORGs."""
    spans = sorted([(e.start, e.end) for e in found] + list(taken))

    def free(start: int, end: int) -> bool:
        return not any(a < end and start < b for a, b in spans)

    out = list(found)
    for ent in [e for e in found if e.label == "ORG"]:
        m = _BRACKET_ACRONYM.match(text, ent.end)
        if not m:
            continue
        acronym, canonical = m.group(1), ent.canonical or ent.text
        for hit in re.finditer(r"(?<![\w&\-])" + re.escape(acronym) + r"(?![\w&\-])", text[ent.end:]):
            start, end = ent.end + hit.start(), ent.end + hit.end()
            if free(start, end):
                out.append(Entity("ORG", start, end, acronym, canonical=canonical))
                spans.append((start, end))
    return sorted(out, key=lambda e: (e.start, e.end))


# a Party committee written in lower case right after an office, with no place after it: "Phó Bí thư tỉnh ủy,
# Chủ tịch UBND tỉnh X" (the annotations mark all 10 such committees after an office)
_COMMITTEE_AFTER_OFFICE = re.compile(r" ((?:tỉnh|thành|huyện|quận|đảng) ủy)(?=\s*[,.;:)]|\s+[a-zà-ỹđ])"
                                     r"(?!\s*(?:,|và|hoặc)\s*(?:tỉnh|thành|huyện|quận|đảng) ủy)")   # "tỉnh ủy, thành ủy": any


def party_committees_after_offices(text: str, found: list[Entity], taken: list[tuple[int, int]] = ()) -> list[Entity]:
    """`found` with a lower-case Party committee right after a TITLE ("Phó Bí thư [tỉnh ủy], ...") as an ORG."""
    spans = [(e.start, e.end) for e in found] + list(taken)
    out = list(found)
    for ent in found:
        m = _COMMITTEE_AFTER_OFFICE.match(text, ent.end) if ent.label == "TITLE" else None
        if m and not any(a < m.end(1) and m.start(1) < b for a, b in spans):
            out.append(Entity("ORG", m.start(1), m.end(1), m.group(1)))
    return sorted(out, key=lambda e: (e.start, e.end))


_LEADERS_OFFICE = re.compile(r"Tổng thống|Thủ tướng|Chủ tịch nước")
_OWN_OFFICE_HEAD = re.compile(r"(?:^|\s)(?:Chánh|Phó)$")   # "Chánh Văn phòng", "Phó Văn phòng": offices


def offices_of_an_office(text: str, found: list[Entity]) -> list[Entity]:
    """"người phát ngôn [Văn phòng Tổng thống Myanmar]": a TITLE run on into "Văn phòng" before a head of state's
    or government's title is cut there, and the office with the title and the place after it is one ORG (as the
    annotations draw all 10 "Văn phòng Tổng thống/Thủ tướng/Chủ tịch nước ..."); "Chánh Văn phòng" and "Phó Văn
    phòng", the 30 annotated TITLEs that end in the word, are offices of their own."""
    out: list[Entity] = []
    skip = set()
    for k, ent in enumerate(found):
        if k in skip:
            continue
        head = ent.text[:-len(" Văn phòng")] if ent.text.endswith(" Văn phòng") else ""
        nxt = found[k + 1] if k + 1 < len(found) else None
        if ent.label == "TITLE" and head and not _OWN_OFFICE_HEAD.search(head) \
                and nxt is not None and nxt.label == "TITLE" and nxt.start == ent.end + 1 \
                and _LEADERS_OFFICE.fullmatch(nxt.text):
            end, skip_to = nxt.end, k + 1
            if k + 2 < len(found) and found[k + 2].label == "LOC" and found[k + 2].start == nxt.end + 1:
                end, skip_to = found[k + 2].end, k + 2
            cut = ent.start + len(head)
            out.append(replace(ent, end=cut, text=text[ent.start:cut], value=None, canonical=None))
            start = cut + 1
            out.append(Entity("ORG", start, end, text[start:end]))
            skip.update(range(k + 1, skip_to + 1))
            continue
        out.append(ent)
    return out


# what names a platform as the medium a message goes through: "trên Facebook", "tài khoản Twitter",
# "kinh doanh qua Facebook", "mạng xã hội, Facebook"
_MEDIUM_BEFORE = re.compile(r"(?<!\w)(?:trên|qua|lên|tài khoản|trang|fanpage|mạng xã hội|MXH|kênh|nick|ứng dụng|group)"
                            r"[\s,:]*\Z", re.IGNORECASE)


def platforms_as_media(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """A social platform named as the medium a message goes through is no ORG ("kinh doanh trên
    [Facebook]", "tài khoản [Twitter]"; `platforms.txt`): the dev gold draws all 9 such mentions so;
    the company acting ("Facebook mua lại Instagram") stays an ORG."""
    return [e for e in found if not (e.label == "ORG" and e.text in lexicon.platforms
                                     and _MEDIUM_BEFORE.search(text, max(0, e.start - 20), e.start))]


# a match report: words only a report of a game uses (at least two of them in the document)
_MATCH_REPORT = re.compile(r"(?<!\w)(?:V[.-]?League|bàn thắng|ghi bàn|tỷ số|tỉ số|thủ môn|hiệp (?:1|2|một|hai)|"
                           r"sân nhà|vòng đấu|tiền đạo|trọng tài)(?!\w)", re.IGNORECASE)
# what stands before a team in such a report ("đội chủ nhà Nam Định", "đánh bại Long An", "gặp Thanh Hóa")
_TEAM_BEFORE = re.compile(r"(?<!\w)(?:đội(?: chủ nhà| khách)?|chủ nhà|đánh bại|thắng|thua|hòa|cầm hòa|gặp|"
                          r"tiếp đón|tiếp|hạ gục|hạ|vượt qua|trước|giữa)\s*$", re.IGNORECASE)
_FIXTURE_DASH = re.compile(r"\s*[-–]\s*$")


def clubs_named_by_their_town(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """In a match report, a province or city written bare where a team stands ("đánh bại Long An",
    "chủ nhà Nam Định", "HA Gia Lai - TPHCM") is the club, an ORG: in the training data's sport regions
    135 such names are teams and 69 places; the places stand after "ở", "tại", "người", "quê" and in
    brackets, which stay LOCs."""
    def town(e: Entity) -> bool:
        return e.label == "LOC" and any(x.info in ("province", "city") for x in lexicon.table["PLACE"].get(_key(e.text), ()))

    out, teams = list(found), False
    for k, e in enumerate(out):
        if not town(e):
            continue
        prev = out[k - 1] if k else None
        fixture = prev is not None and prev.label in ("ORG", "LOC") and _FIXTURE_DASH.fullmatch(text[prev.end:e.start])
        if _TEAM_BEFORE.search(text[max(0, e.start - 24):e.start]) or fixture:
            out[k] = replace(e, label="ORG", canonical=None)
            teams = True
            if fixture and town(prev):
                out[k - 1] = replace(prev, label="ORG", canonical=None)
    # whether the text is a match report is asked last, of the few texts with a town where a team stands:
    # reading the text costs more than reading around its towns
    if not teams or len(_MATCH_REPORT.findall(text[:20000])) < 2:
        return found
    return out


_AND = re.compile(r"\s+(?:và|hoặc)\s+")   # no annotated ORG holds "hoặc" (or)


def _opens_with_head(words: list[str], lexicon: Lexicon, named: bool) -> bool:
    """Whether an agency head opens `words` (any case: "báo Người Lao Động"); with `named`, a
    capitalised word must follow the head ("Sở Y tế", not "Sở" alone), or any word a head that a
    unit's level completes ("Công an huyện")."""
    lows = [norm_form(w) for w in words]
    for end, entry in lexicon.match([w[:1].upper() + w[1:] for w in words], lows, 0, "HEAD"):
        if not named or (end < len(words) and (words[end][:1].isupper() or entry.info == "local")):
            return True
    return False


def agencies_with_their_place(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """An agency followed at once by a place written with its level is one ORG ("[Sở Nội vụ] [tỉnh Hà
    Giang]" -> "[Sở Nội vụ tỉnh Hà Giang]": a LOC is a place that is no part of an ORG's name,
    ANNOTATION.md). Only an ORG an agency head opens that names no level of its own ("UBND huyện X
    tỉnh Y" is left as it is), and only a place right after it, with no comma between."""
    levels = _levels(lexicon)
    out: list[Entity] = []
    for ent in sorted(found, key=lambda e: (e.start, e.end)):
        prev = out[-1] if out else None
        if ent.label == "LOC" and prev is not None and prev.label == "ORG" and text[prev.end:ent.start] == " " \
                and levels.match(ent.text) and not levels.search(prev.text) \
                and _opens_with_head(prev.text.split(), lexicon, named=True):
            out[-1] = replace(prev, end=ent.end, text=text[prev.start:ent.end], canonical=None)
            continue
        out.append(ent)
    return out


@lru_cache(maxsize=4)
def _levels(lexicon: Lexicon) -> re.Pattern:
    """A unit's level opening a place ("tỉnh", "thành phố", "TP.", "huyện"), any case, as a word."""
    words = sorted({w.lower() for w in lexicon.qualifier_admin}, key=len, reverse=True)
    return re.compile(r"(?i)(?:(?<=\s)|^)(?:" + "|".join(map(re.escape, words)) + r"|tp\.?)(?=\s)")


def agencies_joined_by_and(found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """Each ORG holding "và" between two agencies, each opened by its head, as two ORGs."""
    out: list[Entity] = []
    for ent in found:
        pieces = [ent]
        while ent.label == "ORG":
            cut = next((m for m in _AND.finditer(ent.text)
                        if _opens_with_head(ent.text[:m.start()].split(), lexicon, named=False)
                        and _opens_with_head(ent.text[m.end():].split(), lexicon, named=True)), None)
            if cut is None:
                break
            left = replace(ent, end=ent.start + cut.start(), text=ent.text[:cut.start()], canonical=None)
            ent = replace(ent, start=ent.start + cut.end(), text=ent.text[cut.end():], canonical=None)
            pieces[-1:] = [left, ent]
        out.extend(pieces)
    return out


# after the portfolio, a place: its level in any case, then capitalised words ("tỉnh Nghệ An", "TP Hà Nội")
_DEPARTMENT_PLACE = r"(?:\s+(?i:tỉnh|huyện|thành phố|tp\.?|quận|thị xã|xã|phường|thị trấn)(?:\s+[A-ZĐÂ][\w.]*)*)?"


@lru_cache(maxsize=4)
def _department(lexicon: Lexicon) -> re.Pattern:
    """A department's whole name: "Sở" or "Phòng", a portfolio (`portfolios.txt`, longest first), its place."""
    fields = "|".join(r"\s+".join(map(re.escape, f.split())) for f in sorted(lexicon.portfolios, key=len, reverse=True))
    return re.compile(r"(?i:(?:sở|phòng)\s+(?:" + fields + "))" + _DEPARTMENT_PLACE + r"(?=\s|$)")


def departments_end_at_their_portfolio(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """An ORG that runs on from a department's whole name into lower-case words ends at the name: "[Sở Nội
    vụ] xây dựng Kế hoạch ...", "[Phòng Nội vụ huyện] tham mưu UBND huyện" (reports, where the department
    is the subject of the sentence). None of the 36,839 ORG spans of the NER annotations is so cut."""
    out = []
    for ent in found:
        m = _department(lexicon).match(ent.text) if ent.label == "ORG" else None
        rest = ent.text[m.end():].split() if m else None
        if rest and rest[0][:1].isalpha() and rest[0][:1].islower() and rest[0].lower() not in lexicon.org_connectors:
            out.append(replace(ent, end=ent.start + m.end(), text=ent.text[:m.end()], value=None,
                               canonical=_known_canonical(lexicon, "ORG", ent.text[:m.end()])))
        else:
            out.append(ent)
    return out


# A steering committee is named by its purpose in lower case ("Ban Chỉ đạo phòng, chống dịch Covid-19
# tỉnh Gia Lai", "Ban Chỉ đạo xây dựng nông thôn mới huyện Ba Vì"): the model cuts such names at the first
# lower-case word or misses them. The name is whole where something closes it after the purpose: a place,
# "Covid-19", "quốc gia" or "Trung ương". Without one, where the purpose ends is a guess ("... hàng giả xem
# xét"), and "Ban Chỉ đạo phòng, chống dịch" may be any locality's, which the annotations leave generic.
# ("B" first, which the engine scans a text for fast; `(?<!\w.)` then says no word character stands before it)
_COMMITTEE = re.compile(r"B(?<!\w.)(?:an [Cc]hỉ đạo|CĐ)(?: \(BCĐ\))?((?: (?:quốc gia|Quốc gia|Trung ương|Nhà nước|\d{3,4}))*)(?: về)?")
_FUSED_BEFORE = re.compile(r"(?<!\w)(?:[Tt]rưởng|[Pp]hó)\s*\Z")   # "Trưởng Ban Chỉ đạo": the fused title's
_COMMITTEE_LEVEL = r"(?:tỉnh|thành phố|TP\.?|huyện|quận|thị xã|xã|phường|thị trấn)"
_COMMITTEE_PLACE_NAME = r"(?: (?:[A-ZĐ]\w*|\d+))+"
_COMMITTEE_END = re.compile(rf" (?:{_COMMITTEE_LEVEL}{_COMMITTEE_PLACE_NAME}|TP\.HCM|TPHCM|Trung ương|[Qq]uốc gia|Covid-19|COVID-19)")
_AFTER_NATIONAL = re.compile(rf" (?:{_COMMITTEE_LEVEL}(?:{_COMMITTEE_PLACE_NAME})?|[A-ZĐ]\w*(?: [A-ZĐ]\w*)*)")
_PURPOSE_WORD = re.compile(r"(,)? ([a-zđà-ỹ][\w\-]*)")
# words that end a purpose: the clause's, a level's, time's, and "cấp"/"tình hình" (generic: "Ban chỉ đạo cấp tỉnh")
_NOT_PURPOSE = frozenset("của tại ở và với cho trong theo các những này đó cùng trên nên để do bị có không vừa về "
                         "cấp tình điện năm ngày tháng".split())
_PURPOSE_WORDS_MAX = 14


def _committee_end(text: str, m: re.Match, clause_words: frozenset) -> int | None:
    pos, n, closed = m.end(), 0, False
    while n < _PURPOSE_WORDS_MAX:
        end = _COMMITTEE_END.match(text, pos)
        if end and n:
            pos, closed = end.end(), True
            if re.match(r"Covid|COVID|[Qq]uốc|Trung", end.group().strip()):
                after = _AFTER_NATIONAL.match(text, pos)
                if after:   # "... Covid-19 tỉnh X", "... Covid-19 huyện", "... Covid-19 Bắc Giang"
                    pos = after.end()
            break
        word = _PURPOSE_WORD.match(text, pos)
        if text.startswith(" và ", pos) and "," in text[m.end():pos]:   # "chống buôn lậu, gian lận thương mại và hàng giả"
            word = _PURPOSE_WORD.match(text, pos + 3)
            if word and not word.group(1) and word.group(2) not in _NOT_PURPOSE:
                pos, n = word.end(), n + 1
                continue
        if (not word or word.group(2) in _NOT_PURPOSE or word.group(2) in clause_words
                or re.fullmatch(_COMMITTEE_LEVEL, word.group(2)) or (word.group(1) and not n)):
            break
        pos, n = word.end(), n + 1
    if not n or not closed:
        return None
    return pos - 1 if text[pos - 1] == "," else pos


def steering_committees_whole(text: str, found: list[Entity], lexicon: Lexicon,
                              taken: list[tuple[int, int]] = ()) -> list[Entity]:
    """A steering committee named by its lower-case purpose and closed by a place, "Covid-19" or a national
    qualifier is one ORG ("[Ban Chỉ đạo phòng, chống dịch Covid-19 huyện Hớn Quản]"); the ORG and LOC
    spans inside give way to it. Of the 29 such names the rule draws in the NER annotations, 26 are the
    annotated span. After a fused title ("Trưởng Ban Chỉ đạo ...") it draws nothing: the title takes "Ban"."""
    out = list(found)
    for m in _COMMITTEE.finditer(text):
        if _FUSED_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue
        end = _committee_end(text, m, lexicon.clause_words)
        if end is None or any(a < end and m.start() < b for a, b in taken):
            continue
        start = m.start()
        inside = _names_inside(out, start, end)
        if inside is None or [(e.label, e.start, e.end) for e in inside] == [("ORG", start, end)]:
            continue
        out = [e for e in out if e not in inside]
        out.append(Entity("ORG", start, end, text[start:end], None,
                          canonical=_known_canonical(lexicon, "ORG", text[start:end])))
    return sorted(out, key=lambda e: (e.start, e.end))
