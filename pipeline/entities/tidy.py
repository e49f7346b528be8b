"""Tidy-up of the names found, whichever tagger found them: spans redrawn as the guidelines draw them.

- A foreign given name keeps its hyphenated tail ("Kim Jong-un", "Moon Jae-in",
  "Prayut Chan-o-cha"), its regnal number ("Elizabeth II") and the words a
  particle joins to it ("Simon van der Burg", "Marcelo Rebelo de Sousa").
- An initial keeps its dot ("P.T.", "Nguyễn Văn H."; 333 of the 379 such names
  in the training data), and a name written by sound after an initial its tail in
  lower-case syllables ("A.Lu-ca-sen-cô", "V.Pu-tin": 7 of 7 in the training data);
  a country run into it is a LOC ("Đức A.Méc-ken").
- A place written by sound and cut at a hyphen ("Bê" of "Bê-la-rút") is made whole
  when the lexicon knows the whole (corpora/lexicons/transliterated_places.tsv).
- A degree or rank written before a name is no part of it ("ThS Nguyễn Văn A"
  is a PERSON after the degree; "Tướng X" a TITLE and a PERSON).
- A byline glued to its agency ("Hoàng Hải-TTXVN") is a PERSON and an ORG.
- A photo credit in initials ends there: "Ảnh: N.A Căn cứ vào..." is the PERSON "N.A"
  (in the training data, the capitalised word after such a credit is no part of it 42
  times of 43: the caption ends without a full stop). A credit is never a place ("Ảnh: Tân
  Kỳ" is a photographer; after "Ảnh:" the training data has 525 PERSON, 801 ORG, 0 LOC).
- A country run into the name of one of its people ("Ngoại trưởng Hàn Quốc
  Yun Byung-se") is a LOC and a PERSON.
- An acronym defined in brackets after an ORG ("Hiệp hội X (HANASME)") is an
  ORG there and wherever it recurs in the document, with the ORG's canonical
  name (`defined_acronyms`; 192 of the 197 such brackets in the training data).
- A name inside a document code ("KH" and "SGDĐT" of "Số: 12/KH-SGDĐT") is
  none (`drop_inside_codes`).
- A name found once is a PERSON wherever it recurs in the document with no
  other entity there (`repeated_names`): a foreign name in full ("Derek
  McLennan") and its last word alone ("McLennan", also over a lone one-word
  ORG or LOC), a Vietnamese full name whole and its given name alone inside a
  sentence ("Phạm Văn Thông ... khai rằng Thông quen"), a one-word name ("Maika",
  "Trang"); not inside a longer capitalised run, nor where the word makes a
  dictionary word with its neighbour ("Trung tâm"; underthesea's Viet74K).
  Later mentions are the ones the tagger misses most.
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
- A street named after a person ("đường Nguyễn Thị Minh Khai", "ngã tư Lê Lợi -
  Phạm Văn Đồng") is a LOC, not a PERSON, after a street word or a house number
  ("trú tại 16 Lương Văn Can": 96 LOC of 101 names after such a number in the training
  data, the 5 others after a seed or shirt number, which is not read as one) or in a list
  joined by "-" or "," to such a street (`streets_named_for_people`; in the
  training data a surname-first name right after a street word is a LOC 45
  times out of 47).
- A province or country opening a line before a colon ("Khánh Hòa: ...") is a LOC
  (`dateline_places`).
- An item of a list of people or of places takes the list's label (`list_labels`).
- A unit written by its level and the name the tagger read as a PERSON ("[UBND xã] [Chu
  Phan]", "[thị trấn] [Abu Kamal]") are one ORG or LOC (`units_named_after_their_level`;
  not after "ông xã", "bà xã": a husband, a wife).
- A numbered road no entity covers is a LOC ("QL1K", "Quốc lộ 14": `road_codes`).
- One name, one label in a document: where the same name is tagged with two
  name labels, the more frequent one wins (`consistent_labels`; ties stay,
  and a PERSON never becomes a LOC, since people share names with places).
- An ORG, LOC or TITLE run on over a verb or clause word ("sang", "đã", "được", "là",
  "yêu cầu"; no training span holds one) is cut before it (`cut_runaway_spans`):
  "Thống đốc yêu cầu" is the TITLE "Thống đốc"; the words come from
  corpora/lexicons/clause_words.txt and are also read without accents on a line written
  without them.
- On a line in another language a name is a run of capitalised words, never a span run on
  over English or French words (`foreign_sentence_names`).
- A minister's portfolio run into the country after it ("Bộ trưởng Quốc phòng
  Nga") is an ORG and a LOC (`portfolio_then_country`), as the training data
  draws it.
- A ship's name is no PERSON ("tàu khu trục USS John S. McCain": `drop_ship_names`).
- In a match report a province or city where a team stands ("đánh bại Long An", "Hải Phòng -
  Long An") is the club, an ORG (`clubs_named_by_their_town`).
- A season after a word of the calendar ("mừng Xuân", "đầu Xuân", "mùa Đông") is no
  PERSON (`drop_seasons`).
- A name never holds half a bracket or half a quotation (`whole_brackets`; none of the
  training spans does): "Ban Quản lý dự án (BQLDA" ends before the bracket, "KCN) Yên
  Phong" keeps the place after it.
- A TITLE starts after "nguyên", "cựu", "tân" and ends before a name in Latin letters run into
  it ("Tổng thống Marcon": `titles_drawn_as_the_guidelines_say`).
- A position word cut from the unit it is fused with takes it back ("Phó" + ORG "Ban Tuyên giáo
  Trung ương" is TITLE "Phó Ban" + ORG "Tuyên giáo Trung ương": `fused_titles_whole`).
- An office word written in lower case that no entity covers is a TITLE ("công kích thẩm phán",
  "bê bối của tổng thống": `bare_office_titles`), not after a generic word ("các nghị sĩ").
- A generic word or a non-agency acronym alone ("Nhà nước", "Trung ương",
  "NLĐ": `corpora/lexicons/not_agencies_alone.txt`) is no ORG (`drop_generic_orgs`).

Works on input text and `Entity` spans, after the rules or the CRF and before
the component writes doc.ents; offsets stay exact (every span is cut from the
input text as given).
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from itertools import islice

from ..admin.vocab import fold
from ..text import norm_form
from ..resources import lexicon_dir
from .gazetteer import default_gazetteer
from .lexicon import Lexicon, _key
from .types import Entity

# a foreign name whose last part runs on after a hyphen: "Kim Jong-un", "Moon Jae-in"
# (Latin letters only on both sides: "Bác Hồ-một" is a name and a dash)
_HYPHEN_TAIL = re.compile(r"(?:-[a-z]+)+(?![\w-])")
_LATIN_END = re.compile(r"(?<![\w-])[A-Z][a-z]*(?:-[a-z]+)*\Z")
_REGNAL = re.compile(r" (?:II|III|IV|VI|VII|VIII|IX|XI|XII|XIII|XIV|XV|XVI)(?![\w-])")
_INITIAL_END = re.compile(r"(?:^|[\s.])[A-ZĐ]\Z")
# words that join the parts of a European or Arabic name
_PARTICLES = frozenset({"van", "von", "der", "den", "de", "da", "di", "du", "del", "della", "dos", "das",
                        "la", "le", "bin", "ibn"})
_NAME_PART = re.compile(r" ([A-Z][a-z]+(?:[-'][A-Za-z]+)*|[a-z]+)")
_DEGREE = re.compile(r"(?:(?:GS|PGS|TS|TSKH|ThS|Ths|BS|BSCKI|BSCKII|KS|NSND|NSƯT|NGND|NGƯT|HLV|VĐV)\.?[\s.]*)+(?=[A-ZĐ])")
_RANK = re.compile(r"Tướng (?=[A-ZĐ])")
# a photo credit in initials and the first word of the sentence after it: "Ảnh: N.A Căn cứ vào..."
_CREDIT_BEFORE = re.compile(r"Ảnh\s*:\s*(?:[\w.]+/)?\Z")
_CREDIT_INITIALS = re.compile(r"(?:[A-ZĐ]\.)+[A-ZĐ]\.?(?= [A-ZĐ])")
# a byline glued to its agency: "Hoàng Hải-TTXVN", "Ngọc Hà-VOV"
_AGENCY_TAIL = re.compile(r"(?<=\w\w)-([A-ZĐ][A-ZĐ0-9]+)\Z")   # not "Sơn Tùng M-TP", a stage name


_LATIN_WORD = re.compile(r"[A-Z][a-z]*(?:-[a-z]+)?")

# an initial and the first syllable of a name written by sound, at the end of a span: "A.Lu" of
# "A.Lu-ca-sen-cô", "Đức A.Méc" of "Đức A.Méc-ken"; its tail in lower-case syllables follows
_INITIAL_SOUNDED = re.compile(r"(?:^|(?<=\s))[A-ZĐÂÊÔ]\.\s?[A-ZĐÂÊÔƠƯĂ][^\W\d_]*\Z")
_SOUNDED_TAIL = re.compile(r"(?:-[^\W\d_]+)+(?![\w-])")


def _country_then_latin_name(ent: Entity, lexicon: Lexicon, after_title: bool = False) -> int | None:
    """Where the foreign name starts in "Hàn Quốc Yun Byung", a country followed by
    capitalised words in Latin letters only (the name of one of its people). Right after a
    title one word is enough when it is no Vietnamese syllable ("Phó Thủ tướng Nga Rogozin",
    "Thủ tướng Đức Merkel": the training data draws all 40 such cases as a LOC and a PERSON);
    "Thủ tướng Anh May" stays whole, "May" being a Vietnamese syllable too."""
    words = _words(ent.text)
    if after_title and len(words) >= 2 and _LATIN_WORD.fullmatch(words[-1][1]) \
            and words[-1][1].lower() not in vietnamese_syllables() and words[-1][1] not in lexicon.not_person_words \
            and _key(ent.text) not in lexicon.table["PLACE"] and _known_country(lexicon, ent.text[:words[-1][0]]):
        return words[-1][0]
    if len(words) < 3 or not _LATIN_WORD.fullmatch(words[-1][1]) or not _LATIN_WORD.fullmatch(words[-2][1]):
        return None  # the common case, decided without a lexicon lookup
    if _key(ent.text) in lexicon.table["PLACE"]:
        return None  # "Lào Cai" is a province, not Laos and a "Cai"
    for k in range(len(words) - 2, 0, -1):  # a name of two words at least: "Moon Jae", "Donald Trump"
        if not all(_LATIN_WORD.fullmatch(w) and w not in lexicon.not_person_words for _, w in words[k:]):
            break
        if _known_country(lexicon, " ".join(w for _, w in words[:k])):
            return words[k][0]
    return None


def _country_then_name_after_title(ent: Entity, lexicon: Lexicon) -> int | None:
    """Where the holder's name starts in a LOC written right after an office that runs a known
    country into two to four capitalised words no place holds: "Chủ tịch [Cộng hòa Nhân dân Trung
    Hoa] Tập Cận Bình", a name in Vietnamese syllables (`_country_then_latin_name` reads the names
    in Latin letters only)."""
    words = _words(ent.text)
    if len(words) < 3 or _key(ent.text) in lexicon.table["PLACE"]:
        return None
    for k in range(len(words) - 2, max(0, len(words) - 4) - 1, -1):
        tail = [w for _, w in words[k:]]
        if k == 0 or not all(w[:1].isupper() and w.replace("-", "").isalpha() for w in tail):
            continue
        if not _known_country(lexicon, ent.text[:words[k][0]].rstrip()):
            continue
        keys = (_key(" ".join(tail[a:b])) for a in range(len(tail)) for b in range(a + 1, len(tail) + 1))
        if any(key in lexicon.table["PLACE"] or key in lexicon.table["ORG"] for key in keys):
            return None
        return words[k][0]
    return None


def _words(text: str) -> list[tuple[int, str]]:
    """The words of `text` with their offsets in it."""
    return [(m.start(), m.group()) for m in re.finditer(r"\S+", text)]


def _known_country(lexicon: Lexicon, surface: str) -> bool:
    """A country the lexicon knows ("Nga", "Hàn Quốc", "Litva"), written as a name: capitalised
    ("Bộ trưởng Tư pháp" holds no "Pháp", France)."""
    return surface[:1].isupper() and any(e.info == "country" for e in lexicon.table["PLACE"].get(_key(surface), ()))


def _known_place(lexicon: Lexicon, surface: str) -> bool:
    """A place the lexicon or the foreign-name gazetteer knows, written as a name (capitalised)."""
    return surface[:1].isupper() and (_key(surface) in lexicon.table["PLACE"]
                                      or default_gazetteer().types.get(surface) == "LOC")


def _known_canonical(lexicon: Lexicon, kind: str, surface: str) -> str:
    """The lexicon's canonical form of `surface` as a `kind`, else the surface itself."""
    return next((e.canonical for e in lexicon.table[kind].get(_key(surface), ()) if e.canonical), surface)


def _joined_by_particle(text: str, end: int) -> int:
    """Where a foreign name that a particle continues ends ("Simon| van der Burg"), else `end`."""
    pos, seen_particle, last_name_end = end, False, end
    for _ in range(5):
        m = _NAME_PART.match(text, pos)
        if not m:
            break
        word = m.group(1)
        if word[0].islower():
            if word not in _PARTICLES:
                break
            seen_particle = True
        elif seen_particle:
            last_name_end = m.end()
        pos = m.end()
    return last_name_end


def _name_end(text: str, ent: Entity) -> int:
    """The end of a PERSON span once its initial's dot, hyphenated tail, regnal number
    and particle-joined words are in."""
    if _INITIAL_END.search(ent.text):
        return ent.end + 1 if text.startswith(".", ent.end) else ent.end
    if not _LATIN_END.search(ent.text):
        return ent.end
    end = ent.end
    tail = _HYPHEN_TAIL.match(text, end)
    if tail:
        end = tail.end()
    regnal = _REGNAL.match(text, end)
    if regnal:
        return regnal.end()
    return _joined_by_particle(text, end)


def tidy_persons(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """PERSON spans as the guidelines draw them: a foreign name keeps its
    hyphenated tail, regnal number and particle-joined words, an initial its
    dot; a degree before the name is left out and a rank is a TITLE; a byline's
    agency acronym is an ORG of its own, and a country run into the name of one
    of its people ("Ngoại trưởng Hàn Quốc Yun Byung-se") is a LOC of its own."""
    def span(ent: Entity, label: str, start: int, end: int, canonical: str | None = None) -> Entity:
        return replace(ent, label=label, start=start, end=end, text=text[start:end], value=None, canonical=canonical)

    out = []
    grown = []   # PERSON spans the tidy-up drew longer
    prev = None
    for ent in found:
        after_title = prev is not None and prev.label == "TITLE" and text[prev.end:ent.start].isspace()
        prev = ent
        if ent.label in ("PERSON", "LOC"):
            name_at = _country_then_latin_name(ent, lexicon, after_title=ent.label == "PERSON" and after_title)
            if name_at is None and ent.label == "LOC" and after_title:
                name_at = _country_then_name_after_title(ent, lexicon)
            if name_at is not None:
                country_end = ent.start + len(ent.text[:name_at].rstrip())
                country = text[ent.start:country_end]
                out.append(span(ent, "LOC", ent.start, country_end, _known_canonical(lexicon, "PLACE", country)))
                ent = span(ent, "PERSON", ent.start + name_at, ent.end)
        if ent.label == "LOC" and (tail := _SOUNDED_TAIL.match(text, ent.end)) \
                and _known_place(lexicon, text[ent.start:tail.end()]):
            # a place written by sound, cut at its first hyphen: "Bê" of "Bê-la-rút"
            ent = span(ent, "LOC", ent.start, tail.end(), _known_canonical(lexicon, "PLACE", text[ent.start:tail.end()]))
            grown.append((ent.start, ent.end))
        if ent.label == "LOC" and _CREDIT_BEFORE.search(text, max(0, ent.start - 20), ent.start):
            ent = replace(ent, label="PERSON", canonical=None)   # "Ảnh: Tân Kỳ": a photographer's name
        if ent.label == "PERSON":
            agency = _AGENCY_TAIL.search(ent.text)
            if agency:
                out.append(span(ent, "PERSON", ent.start, ent.start + agency.start()))
                out.append(span(ent, "ORG", ent.start + agency.start(1), ent.end,
                                _known_canonical(lexicon, "ORG", agency.group(1))))
                continue
            credit = _CREDIT_INITIALS.match(ent.text) if _CREDIT_BEFORE.search(text, max(0, ent.start - 20),
                                                                                ent.start) else None
            if credit:
                ent = span(ent, "PERSON", ent.start, ent.start + credit.end())
            lead = _DEGREE.match(ent.text)
            if lead:
                ent = replace(ent, start=ent.start + lead.end(), text=ent.text[lead.end():])
            cut = _foreign_honorific_end(ent.text, lexicon)
            if cut:
                ent = replace(ent, start=ent.start + cut, text=ent.text[cut:])
            sounded = _INITIAL_SOUNDED.search(ent.text)
            tail = _SOUNDED_TAIL.match(text, ent.end) if sounded else None
            if tail and tail.group().lower() == tail.group():
                # "A.Lu-ca-sen-cô", "V.Pu-tin": 7 of 7 such names in the training data are one PERSON;
                # a country before it is a LOC ("Đức A.Méc-ken")
                before = ent.text[:sounded.start()].rstrip()
                if before and _known_country(lexicon, before):
                    out.append(span(ent, "LOC", ent.start, ent.start + len(before),
                                    _known_canonical(lexicon, "PLACE", before)))
                if not before or _known_country(lexicon, before):
                    ent = span(ent, "PERSON", ent.start + sounded.start(), tail.end())
                    grown.append((ent.start, ent.end))
            rank = _RANK.match(ent.text)
            if rank:
                out.append(span(ent, "TITLE", ent.start, ent.start + rank.end() - 1))
                ent = replace(ent, start=ent.start + rank.end(), text=ent.text[rank.end():])
            end = _name_end(text, ent)
            if end != ent.end:
                ent = replace(ent, end=end, text=text[ent.start:end])
                grown.append((ent.start, ent.end))
        out.append(ent)
    # a name drawn longer swallows what the tagger found inside it ("Sousa" of "Marcelo Rebelo de Sousa")
    return [e for e in out if not any(s <= e.start and e.end <= t and (s, t) != (e.start, e.end) for s, t in grown)]


# a line's lower-case words: Latin letters only (no digits), not part of a dotted abbreviation
_LOWER_WORD = re.compile(r"(?<![\w.])[^\W\d_A-ZÀ-ÞĐ]+(?![\w.])")
# letters only Vietnamese writes (horn, breve, stroke, hook, dot below, tilde on i/u): three on a
# line settle it as Vietnamese at once
_VIETNAMESE_LETTER = re.compile("[ơưăđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĩũƠƯĂĐẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸĨŨ]")
# lower-case words that are part of a foreign name ("Ursula von der Leyen", "Bank of America")
_NAME_PARTICLES = _PARTICLES | {"of", "for", "des", "al", "el", "y", "&"}


def _line_kind(text: str, start: int, end: int, memo: dict) -> str:
    """How the line around text[start:end] is written, read from its lower-case words: "foreign" when
    almost none (at most one in ten) is an accented Vietnamese syllable and at least two in five are no
    Vietnamese syllable at all (English: "met ... raised rates ... shares fell"; French);
    "unaccented" when none is accented but they are Vietnamese syllables ("cho biet thanh pho se co
    co che"); else "vietnamese". A line needs three lower-case words (five for "unaccented") to be
    anything but Vietnamese."""
    if "newlines" not in memo:   # where the text's lines break, found once per text
        memo["newlines"] = [m.start() for m in re.finditer("\n", text)]
    breaks = memo["newlines"]
    k = bisect_left(breaks, start)
    a = breaks[k - 1] + 1 if k else 0
    k = bisect_left(breaks, end)
    b = breaks[k] if k < len(breaks) else len(text)
    if (a, b) not in memo and len(list(islice(_VIETNAMESE_LETTER.finditer(text, a, b), 3))) == 3:
        memo[(a, b)] = "vietnamese"
    if (a, b) not in memo:
        lows = _LOWER_WORD.findall(text, a, min(b, a + 2000))
        syllables = vietnamese_syllables()
        accented = sum(not w.isascii() and w in syllables for w in lows)
        foreign = sum(w not in syllables for w in lows)
        if len(lows) >= 3 and accented <= 0.1 * len(lows) and foreign >= 0.4 * len(lows):
            memo[(a, b)] = "foreign"
        elif len(lows) >= 5 and not accented:
            memo[(a, b)] = "unaccented"
        else:
            memo[(a, b)] = "vietnamese"
    return memo[(a, b)]


@lru_cache(maxsize=4)
def _clause_words(lexicon: Lexicon) -> tuple[re.Pattern, re.Pattern]:
    """A clause word between spaces (`clause_words.txt`), as written and written without accents."""
    def between_spaces(words) -> re.Pattern:
        if not words:
            return re.compile("(?!)")
        return re.compile(" (?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ") ")
    return between_spaces(lexicon.clause_words), between_spaces({fold(w) for w in lexicon.clause_words})


def cut_runaway_spans(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """An ORG, LOC or TITLE span that runs on over a verb or a clause word, or ends in one, is cut
    before it; a known place after the word is a LOC of its own ("[Cục Hải quan X|ORG] sang [Nhật
    Bản|LOC]", "[Thống đốc|TITLE] yêu cầu"). On a line written without accents the words are read
    without theirs ("Thanh uy TP.HCM se co co che")."""
    out, memo = [], {}
    clause, clause_unaccented = _clause_words(lexicon)
    for ent in found:
        m = clause.search(ent.text + " ") if ent.label in ("ORG", "LOC", "TITLE") else None
        if m is None and ent.label in ("ORG", "LOC", "TITLE") and ent.text.isascii():
            m = clause_unaccented.search(ent.text + " ")
            if m is not None and _line_kind(text, ent.start, ent.end, memo) != "unaccented":
                m = None
        if m is None:
            out.append(ent)
            continue
        head_end = ent.start + len(ent.text[:m.start()].rstrip(" ,;:-–"))
        if head_end > ent.start:
            head = text[ent.start:head_end]
            out.append(replace(ent, end=head_end, text=head, value=None, canonical=None if ent.label == "TITLE" else
                               _known_canonical(lexicon, "ORG" if ent.label == "ORG" else "PLACE", head)))
        tail_start = ent.start + m.end()
        tail = text[tail_start:ent.end]
        if _known_place(lexicon, tail):
            out.append(replace(ent, label="LOC", start=tail_start, text=tail, value=None,
                               canonical=_known_canonical(lexicon, "PLACE", tail)))
    return out


# the letters that end a span: the name and a word glued to it where the page lost a space
_LAST_LETTERS = re.compile(r"[^\W\d_]+$")
_INITIALS_LOWER = frozenset("bcdđghklmnpqrstvx")   # the letters a Vietnamese syllable may open with, bar vowels


def unglue_last_word(text: str, found: list[Entity]) -> list[Entity]:
    """A name whose last word has a Vietnamese word glued to it, where a scraped page lost the space
    ("Thủ tướng Đức Angela Merkeltrước khi", "Trường ĐH Bách khoa TP.HCMđã"), ends before that word.

    The glued word must be a Vietnamese syllable in lower case that opens with a consonant and has a
    letter only Vietnamese writes (đ, ư, ơ, ă, a tone over a circumflex...: beyond Latin-1, so "López"
    or "José" are never cut); the letters before it a word of their own, a Vietnamese syllable or a
    foreign word in plain letters ("Merkel", "HCM"). A word that is a syllable ("Trường") stays whole,
    and so do names whose syllables underthesea's list lacks ("Duẩn", "Kuốp": a vowel follows the cut)
    and names glued on purpose ("Hànộimới": no syllable before the cut)."""
    out = []
    for ent in found:
        run = _LAST_LETTERS.search(ent.text) if ent.label in ("PERSON", "ORG", "LOC", "TITLE") else None
        k = _glued_at(run.group()) if run else None
        if k is None:
            out.append(ent)
            continue
        end = ent.start + run.start() + k
        out.append(replace(ent, end=end, text=text[ent.start:end], value=None))
    return out


@lru_cache(maxsize=65536)
def _glued_at(letters: str) -> int | None:
    """Where a Vietnamese word glued to the end of `letters` starts (`unglue_last_word`), or None;
    once per word form (a name's last word repeats through an archive)."""
    syllables = vietnamese_syllables()
    if letters.lower() in syllables:
        return None
    for k in range(2, len(letters) - 1):
        head, tail = letters[:k], letters[k:]
        if tail[:1] in _INITIALS_LOWER and tail in syllables and any(ord(c) > 0xFF for c in tail) \
                and (head.isascii() or head.lower() in syllables):
            return k
    return None


def foreign_sentence_names(text: str, found: list[Entity]) -> list[Entity]:
    """On a line in another language (English, French...), a name is a run of capitalised words: a
    PERSON, ORG or LOC span is cut before its first lower-case word that is no name particle after a
    capitalised one, and loses the lower-case words it opens with ("facebook" alone stays). The
    tagger, trained on Vietnamese, where agency names run over lower-case syllables ("Sở Tài
    chính"), otherwise runs on over English words ("[Commission President Ursula von der Leyen told
    reporters in Brussels]", "[the United States and China]")."""
    out, memo = [], {}
    for ent in found:
        if ent.label not in ("PERSON", "ORG", "LOC") or not _LOWER_WORD.search(ent.text) \
                or _line_kind(text, ent.start, ent.end, memo) != "foreign":
            out.append(ent)
            continue
        words = [(m.start(), m.group()) for m in re.finditer(r"\S+", ent.text)]
        if all(_LOWER_WORD.fullmatch(w) for _, w in words):
            out.append(ent)   # no capitalised word: a brand or a site written in lower case
            continue
        while _LOWER_WORD.fullmatch(words[0][1]):
            words.pop(0)
        cut = next((k for k, (_, w) in enumerate(words) if k and _LOWER_WORD.fullmatch(w)
                    and w not in _NAME_PARTICLES), len(words))
        words = words[:cut]
        while words and words[-1][1] in _NAME_PARTICLES:
            words.pop()
        start = ent.start + words[0][0]
        end = ent.start + words[-1][0] + len(words[-1][1].rstrip(",;:"))
        if (start, end) == (ent.start, ent.end):
            out.append(ent)
        else:
            out.append(replace(ent, start=start, end=end, text=text[start:end], value=None, canonical=None))
    return out


_PAIRS = {"(": ")", "[": "]", "“": "”"}


def _unmatched(span: str) -> tuple[int | None, int | None]:
    """(first opening mark the span does not close, last closing mark it did not open), as offsets
    into `span`; a straight double quote counts as opening when the count is odd."""
    stack, closed_early = [], None
    for k, ch in enumerate(span):
        if ch in _PAIRS:
            stack.append(k)
        elif ch in _PAIRS.values():
            if stack and _PAIRS[span[stack[-1]]] == ch:
                stack.pop()
            else:
                closed_early = k
    if span.count('"') % 2:
        stack.append(span.rindex('"'))
    return (min(stack) if stack else None), closed_early


def whole_brackets(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """A name never holds half a bracket or half a quotation: none of the training spans does. A
    span running into a bracket it does not close ends before it ("Ban Quản lý dự án (BQLDA" is
    the ORG before the bracket; the acronym is left to `defined_acronyms`); one that starts inside
    a bracket keeps what follows it only when that is a known place ("KCN) Yên Phong" -> the LOC
    "Yên Phong"), and only its text before a closing mark at its end ("Vietnam Aluminum Co)"). A
    head noun left alone ("Ngân hàng (NH") names nothing and is dropped."""
    out = []
    for ent in found:
        if ent.label not in ("PERSON", "ORG", "LOC", "TITLE") or not any(c in ent.text for c in '()[]“”"'):
            out.append(ent)
            continue
        opened, closed = _unmatched(ent.text)
        start, end = ent.start, ent.end
        if opened is not None:
            end = ent.start + len(ent.text[:opened].rstrip(" ,;:-–"))
        label = ent.label
        if closed is not None and closed < end - ent.start:
            rest = text[ent.start + closed + 1:end]
            if rest.strip():
                start = ent.start + closed + 1 + (len(rest) - len(rest.lstrip()))
                if not _known_place(lexicon, text[start:end]):
                    continue
                label = "LOC"
            else:
                end = ent.start + len(ent.text[:closed].rstrip())
        if end <= start or (label == "ORG" and _key(text[start:end]) in lexicon.table["HEAD"]):
            continue   # nothing left, or a bare head noun ("Ngân hàng (NH"): no name
        if (start, end, label) == (ent.start, ent.end, ent.label):
            out.append(ent)
            continue
        surface = text[start:end]
        canonical = None if label in ("PERSON", "TITLE") else _known_canonical(
            lexicon, "ORG" if label == "ORG" else "PLACE", surface)
        out.append(replace(ent, label=label, start=start, end=end, text=surface, value=None, canonical=canonical))
    return out


_MINISTERS = re.compile(r"(?i)^(?:phó\s+)?(?:bộ trưởng|thứ trưởng)(?:\s+thường trực)?$")


def portfolio_then_country(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """A minister's portfolio run into the country after it is an ORG and a LOC, as the training
    data draws it ("Bộ trưởng [Quốc phòng|ORG] [Nga|LOC]"), and so is the minister's name in
    Latin letters run into it an ORG and a PERSON ("Bộ trưởng [Tài chính|ORG] [Taro Aso|PERSON]");
    a ministry written with "Bộ" stays whole ("Bộ Ngoại giao Pakistan")."""
    out = []
    prev = None
    for ent in found:
        split = None
        if ent.label == "ORG" and prev is not None and prev.label == "TITLE" and _MINISTERS.match(prev.text) \
                and text[prev.end:ent.start].strip() == "" and not ent.text.lower().startswith("bộ "):
            words = _words(ent.text)
            for k in range(1, len(words)):
                tail = ent.text[words[k][0]:]
                if _known_country(lexicon, tail) or default_gazetteer().types.get(tail) == "LOC":
                    split, tail_label = words[k][0], "LOC"
                    break
            else:
                # the minister's name run into the portfolio ("Bộ trưởng [Tài chính Taro Aso]"): 75 such
                # portfolios in the training data are followed by the PERSON, none ends in a Latin word
                k = len(words)
                while k > 1 and _LATIN_NAME_WORD.fullmatch(words[k - 1][1]) \
                        and words[k - 1][1].lower() not in vietnamese_syllables():
                    k -= 1
                if k < len(words) and not _known_place(lexicon, ent.text[words[k][0]:]):
                    split, tail_label = words[k][0], "PERSON"
        if split is None:
            out.append(ent)
        else:
            head_end = ent.start + len(ent.text[:split].rstrip())
            out.append(replace(ent, end=head_end, text=text[ent.start:head_end], value=None, canonical=None))
            tail = text[ent.start + split:ent.end]
            out.append(replace(ent, label=tail_label, start=ent.start + split, text=tail, value=None,
                               canonical=_known_canonical(lexicon, "PLACE", tail) if tail_label == "LOC" else None))
        prev = ent
    return out


def drop_generic_orgs(found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """Without the ORG spans that are one of the words naming no agency alone."""
    return [e for e in found if e.label != "ORG" or norm_form(e.text) not in lexicon.not_agencies_alone]


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


_WORD_BEFORE = re.compile(r"(\w+)\s+\Z")


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


@lru_cache(maxsize=4)
def _ship_before(words: tuple[str, ...]) -> re.Pattern:
    variants = set(words) | {w[:1].upper() + w[1:] for w in words}   # "Tàu" opening a sentence
    alternatives = "|".join(re.escape(w) for w in sorted(variants, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?<!Vũng )(?:{alternatives})\s+\Z")


def drop_ship_names(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """Without the PERSON spans that name a ship: right after a word for one ("tàu USS John S. McCain",
    "tàu khu trục USS Fitzgerald"; corpora/lexicons/ship_words.txt), or opening with one ("USS John
    McCain")."""
    if not lexicon.ship_words:
        return found
    before = _ship_before(lexicon.ship_words)

    def ship(e: Entity) -> bool:
        first = e.text.split(" ", 1)[0]
        return e.label == "PERSON" and (before.search(text, max(0, e.start - 25), e.start) is not None
                                        or first in lexicon.ship_words
                                        or first[:1].lower() + first[1:] in lexicon.ship_words)   # "Tàu McCain"

    return [e for e in found if not ship(e)]


# the bodies whose members "đại biểu" names as an office: a deputy of the National Assembly or a People's Council
_DEPUTY_OF = re.compile(r"\s*(?:Quốc hội|quốc hội|QH|HĐND|Hội đồng nhân dân|hội đồng nhân dân|khóa|khoá)\b")


def drop_bare_delegates(text: str, found: list[Entity]) -> list[Entity]:
    """Without the TITLE "đại biểu" that names no body ("các đại biểu dự hội nghị", "hơn 600 đại
    biểu"): a delegate to a meeting holds no position (ANNOTATION.md: TITLE is a position someone
    holds). "đại biểu Quốc hội", "đại biểu HĐND" and "đại biểu Nguyễn Văn A" stay."""
    out = []
    for k, e in enumerate(found):
        if e.label == "TITLE" and e.text.lower() == "đại biểu" and not _DEPUTY_OF.match(text, e.end):
            nxt = found[k + 1] if k + 1 < len(found) else None
            if not (nxt is not None and nxt.label == "PERSON" and text[e.end:nxt.start].strip() in ("", ",")):
                continue
        out.append(e)
    return out


_NEXT_WORDS = re.compile(r" (\w+)(?: (\w+))?")


def title_modifiers(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """A TITLE keeps the lower-case modifier written after it ("Phó Chủ tịch chuyên trách", "Giám đốc
    điều hành", "Giám đốc marketing"; corpora/lexicons/title_modifiers.txt), as ANNOTATION.md and the
    annotations draw it, unless another entity starts there. After a title fused with its unit
    ("trưởng ban", "Bộ trưởng"; fused_titles.txt) the word is the unit's ("trưởng ban tài chính")."""
    out = []
    for k, e in enumerate(found):
        m = _NEXT_WORDS.match(text, e.end) if e.label == "TITLE" and norm_form(e.text) not in lexicon.fused_titles \
            else None
        end = None
        if m is not None:
            two = f"{m.group(1)} {m.group(2)}" if m.group(2) else None
            if two is not None and norm_form(two) in lexicon.title_modifiers:
                end = m.end(2)
            elif norm_form(m.group(1)) in lexicon.title_modifiers and m.group(1).islower():
                end = m.end(1)
        nxt = found[k + 1] if k + 1 < len(found) else None
        if end is not None and (nxt is None or nxt.start >= end):
            e = replace(e, end=end, text=text[e.start:end])
        out.append(e)
    return out


_UNIT_WORDS = re.compile(r"(\w+)(?: (\w+))?")


def fused_titles_whole(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """A position word cut from the unit it is fused with ("Trưởng" + ORG "Ban Tuyên giáo Thành ủy",
    "Chánh" + ORG "Văn phòng UBND tỉnh") takes the unit back: the TITLE is the fused head ("Trưởng
    Ban", "Chánh Văn phòng"; fused_titles.txt), as ANNOTATION.md draws it and 114 of the 118 such titles
    of the training annotations do. The rest stays an ORG when it reads as a name of its own, a
    capitalised word first ("Tuyên giáo Thành ủy"); "chỉ đạo ..." after "Ban" is not one (the annotations
    leave it unlabelled 20 times of 24, as the dev gold does)."""
    out: list[Entity] = []
    k = 0
    while k < len(found):
        e = found[k]
        nxt = found[k + 1] if k + 1 < len(found) else None
        if e.label != "TITLE" or nxt is None or nxt.label != "ORG" or nxt.start != e.end + 1 \
                or text[e.end] != " ":
            out.append(e)
            k += 1
            continue
        m = _UNIT_WORDS.match(nxt.text)
        unit_end = None
        for group in (2, 1):   # the longer fused head first ("Phó Chánh" + "Văn phòng")
            if m and m.group(group) and norm_form(f"{e.text} {nxt.text[:m.end(group)]}") in lexicon.fused_titles:
                unit_end = m.end(group)
                break
        if unit_end is None:
            out.append(e)
            k += 1
            continue
        title_end = nxt.start + unit_end
        out.append(replace(e, end=title_end, text=text[e.start:title_end]))
        rest = re.match(r"\s*", text[title_end:nxt.end]).end() + title_end
        if rest < nxt.end and text[rest].isupper() and not text[rest:rest + 7].lower().startswith("chỉ đạo"):
            out.append(replace(nxt, start=rest, text=text[rest:nxt.end], canonical=None))
        k += 2
    return out


@lru_cache(maxsize=4)
def _former_words(lexicon: Lexicon) -> tuple[frozenset[str], re.Pattern]:
    """The FORMER words ("nguyên", "cựu", "tân"; `former.txt`), lower-cased, and a pattern for one
    opening a span."""
    words = frozenset(e.surface.lower() for bucket in lexicon.table["FORMER"].values() for e in bucket)
    if not words:
        return words, re.compile("(?!)")
    return words, re.compile(r"(?i)(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                             + r")\s+(?=\S)")


@lru_cache(maxsize=1)
def _words_closed_by_quyen() -> frozenset[str]:
    """underthesea's words that end in "quyền", in the project's tone placement (`norm_form`:
    "uỷ quyền" -> "ủy quyền"); only those are looked up, so only those are normalised."""
    return frozenset(norm_form(w) for w in _vietnamese_words() if w.endswith("quyền"))


def _quyen_closes_a_word(before: str | None) -> bool:
    """Does "quyền" close a dictionary word with the word before it ("chính quyền", "thẩm quyền",
    "ủy quyền")? Then it is no "acting" of the office after it."""
    return before is not None and norm_form(f"{before} quyền") in _words_closed_by_quyen()


def _acting_start(text: str, ent: Entity, floor: int) -> int | None:
    """Where "quyền" (acting) opens the office `ent`: "quyền Giám đốc", 26 of 26 such TITLE spans
    of the training data hold it; not where it closes a word with the one before ("chính quyền
    Tổng thống", "thẩm quyền Thủ tướng", "thừa ủy quyền Chủ tịch nước")."""
    window = text[max(floor, ent.start - 40):ent.start]
    m = re.search(r"(?:(\w+)\s+)?([Qq]uyền)\s+\Z", window)
    if m is None or _quyen_closes_a_word(m.group(1)):
        return None
    return ent.start - len(window) + m.start(2)


def titles_drawn_as_the_guidelines_say(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """A TITLE starts after "nguyên", "cựu", "tân" (ANNOTATION.md: they stay outside; `former.txt`)
    and ends before a name in Latin letters run into it ("Tổng thống Marcon", "Nữ hoàng Victoria":
    no TITLE of the training data runs on into one). The name is a PERSON when it is one word, a
    known foreign given name opens it, or the foreign-name gazetteer types it so; else it is left
    to no label ("Giám đốc Music One": the TITLE is "Giám đốc")."""
    _, former = _former_words(lexicon)
    out = []
    for ent in found:
        if ent.label != "TITLE":
            out.append(ent)
            continue
        lead = former.match(ent.text)
        if lead:
            ent = replace(ent, start=ent.start + lead.end(), text=ent.text[lead.end():])
        if ent.text[:6].lower() == "quyền ":
            before = re.search(r"(\w+)\s+\Z", text[max(0, ent.start - 30):ent.start])
            if before and _quyen_closes_a_word(before.group(1)):
                ent = replace(ent, start=ent.start + 6, text=ent.text[6:])   # "thừa ủy [quyền] Chủ tịch nước"
        else:
            start = _acting_start(text, ent, out[-1].end if out else 0)
            if start is not None:
                ent = replace(ent, start=start, text=text[start:ent.end])
        words = _words(ent.text)
        k = next((k for k in range(1, len(words)) if _LATIN_NAME_WORD.fullmatch(words[k][1])
                  and words[k][1].lower() not in vietnamese_syllables()), None)
        if k is None:
            out.append(ent)
            continue
        head_end = ent.start + len(ent.text[:words[k][0]].rstrip())
        out.append(replace(ent, end=head_end, text=text[ent.start:head_end]))
        name = ent.text[words[k][0]:]
        if len(words) - k == 1 or words[k][1] in _given_names() or default_gazetteer().type_of(name) == "PERSON":
            out.append(Entity("PERSON", ent.start + words[k][0], ent.end, name))
    return out


def _whole_words(words) -> re.Pattern:
    """Any of `words` as written, not inside a longer word, longest first. The pattern opens with the
    class of their first letters, which lets the engine skip at once the positions none starts at."""
    words = sorted(words, key=len, reverse=True)
    if not words:
        return re.compile("(?!)")
    first_letters = "".join(re.escape(c) for c in sorted({w[0] for w in words}))
    return re.compile(rf"(?=[{first_letters}])(?<![\w])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w])")


@lru_cache(maxsize=4)
def _bare_office(lexicon: Lexicon) -> re.Pattern:
    return _whole_words(lexicon.bare_office_titles)


def _add_uncovered(found: list[Entity], taken, added: list[Entity]) -> list[Entity]:
    """`found` with the entities of `added` that overlap nothing found or taken, in text order."""
    spans = [(e.start, e.end) for e in found] + list(taken)
    added = [e for e in added if not any(a < e.end and e.start < b for a, b in spans)]
    return sorted(found + added, key=lambda e: (e.start, e.end)) if added else found


def bare_office_titles(text: str, found: list[Entity], lexicon: Lexicon, taken: list[tuple[int, int]] = ()) -> list[Entity]:
    """`found` with the office words written in lower case that no entity covers as TITLEs ("công
    kích thẩm phán", "bê bối của tổng thống": 265 of 287 such words in the training data are one;
    `corpora/lexicons/bare_office_titles.txt`), not after a generic word ("các nghị sĩ"), also past
    "nguyên", "cựu", "tân" ("các cựu giám đốc"), nor after "ban" ("ban giám đốc") or the first word
    of a longer title ("Tổng", "phó")."""
    former_words, _ = _former_words(lexicon)
    added = []
    for m in _bare_office(lexicon).finditer(text):
        start, end = m.span()
        before = re.search(r"(\w+)(?:\s+(\w+))?\s+\Z", text[max(0, start - 20):start])
        words = [w.lower() for w in (before.groups() if before else ()) if w]
        if words and words[-1] in former_words and len(words) == 2:
            words = words[:1]   # "các cựu giám đốc": the word before "cựu" decides
        if words and (norm_form(words[-1]) in lexicon.generic_title_before or words[-1] in lexicon.no_bare_title_after):
            continue
        added.append(Entity("TITLE", start, end, m.group()))
    return _add_uncovered(found, taken, added)


# a document code: a run without spaces holding a digit and a slash ("12/KH-SGDĐT", "100/2019/NĐ-CP")
_CODE = re.compile(r"\S*\d\S*/\S+|\S+/\S*\d\S*")


def drop_inside_codes(text: str, found: list[Entity]) -> list[Entity]:
    """Without the PERSON, ORG and TITLE spans that are a piece of a document code."""
    def inside_code(ent: Entity) -> bool:
        start, end = ent.start, ent.end
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        run = text[start:end].rstrip(".,;:)")
        return (start, start + len(run)) != (ent.start, ent.end) and bool(_CODE.fullmatch(run))
    return [e for e in found if e.label not in ("PERSON", "ORG", "TITLE") or not inside_code(e)]


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
        overlapping = [e for e in out if e.start < end and start < e.end]
        if any(e.start < start or e.end > end or e.label not in ("ORG", "LOC") for e in overlapping):
            continue
        if len(overlapping) == 1 and (overlapping[0].start, overlapping[0].end) == (start, end):
            continue
        out = [e for e in out if e not in overlapping]
        out.append(Entity("ORG", start, end, m.group(), None, canonical=canonical[m.group()]))
    return sorted(out, key=lambda e: (e.start, e.end))


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


# a foreign name in Latin letters only: "Derek McLennan", "Kei Komuro", "Jae-in"
_LATIN_NAME_WORD = re.compile(r"[A-Z][a-z]+(?:[-'][A-Za-z]+)*|Mc[A-Z][a-z]+|O'[A-Z][a-z]+")
# initials that open a name: "F." of "F. Scott Fitzgerald" is part of it, no agency
_INITIALS = re.compile(r"(?:[A-ZĐ]\.\s?)+")


@lru_cache(maxsize=1)
def _vietnamese_words() -> frozenset[str]:
    """underthesea's Vietnamese word list (Viet74K, shipped in the package), lower-cased: a
    one-word name that makes a word of it with its neighbour ("Trung tâm") is not the name."""
    from importlib import resources

    words = resources.files("underthesea").joinpath("corpus", "data", "Viet74K.txt").read_text(encoding="utf-8")
    return frozenset(" ".join(line.lower().split()) for line in words.splitlines())


@lru_cache(maxsize=1)
def vietnamese_syllables() -> frozenset[str]:
    """Every syllable of underthesea's Vietnamese word list, lower-cased ("minh", "lan")."""
    return frozenset(syllable for word in _vietnamese_words() for syllable in word.split())


def _foreign_honorific_end(name: str, lexicon: Lexicon) -> int:
    """Where the name starts after the foreign honorifics that open the span ("Sheikh Tamim",
    "Samdech Techo Hun Sen"), else 0. Vietnamese honorifics are left to the tagger: "Anh",
    "Cô" also open names and places."""
    pos = 0
    while True:
        words = name[pos:].split(" ")
        if words[0].lower() in vietnamese_syllables():
            return pos
        for n in (2, 1):
            head = " ".join(words[:n])
            if len(words) > n and words[n][:1].isupper() and lexicon.table["HONORIFIC"].get(_key(head)):
                pos += len(head) + 1
                break
        else:
            return pos


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    """Foreign given names (`corpora/lexicons/foreign_given_names.txt`, scripts/build_given_names.py)."""
    path = lexicon_dir() / "foreign_given_names.txt"
    if not path.exists():
        return frozenset()
    return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


# a capitalised word of a foreign name after its given name, accents allowed ("Padrino López")
_FOREIGN_WORD = re.compile(r"[A-ZÀ-Þ][a-zß-ÿ]+(?:[-'][A-Za-zÀ-ÿ]+)*")
# heads of bodies named after a person: "Trường THPT Nguyễn Du", "Bệnh viện Trần Hưng Đạo", "đường Lê Lợi"
_NAMED_FOR_PERSON = re.compile(r"(?i)^(?:trường|bệnh viện|bv|quỹ|công ty|cty|tập đoàn|trung tâm|giải|làng|đường|phố|"
                               r"đại lộ|cầu|chợ|nhà|hội trường|khu|thpt|thcs|tiểu học|đại học|học viện|"
                               r"lăng|đền|chùa|tượng|bảo tàng|di tích|phường|xã|quận|huyện|thị trấn|ấp|thôn|thị xã|tp|thành phố|"
                               r"sân bay|sân|đảo|quần đảo|nhà tù|thư viện|viện|bãi|đh|chi nhánh|nxb)\b")


def _vietnamese_name_at(words: list[str], lexicon: Lexicon) -> int | None:
    """Where an official's Vietnamese name closes a span: a family name and one to three
    capitalised syllables at the end ("Y tế |Nguyễn Trường Sơn", "HAGL |Đoàn Nguyên Đức"),
    after at least one word that does not open a body named for a person."""
    for k in range(max(1, len(words) - 4), len(words) - 1):
        tail = words[k:]
        if _key(words[k]) in lexicon.table["SURNAME"] and 2 <= len(tail) <= 4 \
                and all(w[:1].isupper() and w.isalpha() for w in tail) \
                and not _NAMED_FOR_PERSON.match(" ".join(words[:k])) and not _NAMED_FOR_PERSON.match(words[k - 1]) \
                and not (k >= 2 and _NAMED_FOR_PERSON.match(" ".join(words[k - 2:k]))) \
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


def people_run_into_names(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """An agency, place or acronym run into the foreign name after it is cut off it: "Cảnh sát
    Jorge Hernando Nieto" is an ORG and a PERSON, "Delhi Arvind Kejriwal" a LOC and a PERSON,
    "JBS Joesley Batista" an ORG and a PERSON; a foreign name tagged an ORG or LOC as a whole is a
    PERSON (`_foreign_person_whole`). A head left alone that is a PERSON span's only
    word and neither a known place nor an acronym stays in the name ("Dawn Nafees Zakaria")."""
    out = []
    titles = [e for e in found if e.label == "TITLE"]
    for ent in found:
        if ent.label not in ("ORG", "LOC", "PERSON"):
            out.append(ent)
            continue
        words = _words(ent.text)
        if ent.label in ("ORG", "LOC") and _foreign_person_whole([w for _, w in words], lexicon) \
                and not _BODY_BEFORE.search(text, max(0, ent.start - 20), ent.start) \
                and not _listed_with_a_body(text, found, ent):
            out.append(replace(ent, label="PERSON", value=None, canonical=None))   # "Maria Lopes" read as a place
            continue
        k = _foreign_name_at([w for _, w in words], lexicon) if len(words) >= 3 else None
        if k is None and ent.label in ("ORG", "LOC") and len(words) >= 3 and _after_an_office(text, ent, titles, found):
            k = _vietnamese_name_at([w for _, w in words], lexicon)
            if k is None and ent.label == "ORG":
                k = _latin_name_after_body([w for _, w in words], lexicon)
        if k is None or _key(ent.text) in lexicon.table["PLACE"]:   # "Bồ Đào Nha" holds no "Đào" family
            out.append(ent)
            continue
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


_WORD_BEFORE = re.compile(r"(?<![\w.'-])([\w'-]+) $")


def _surname(lexicon: Lexicon, word: str) -> bool:
    return word[:1].isupper() and word.isalpha() and _key(word) in lexicon.table["SURNAME"]


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


def names_cut_in_two(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """A PERSON name the tagger cut in two, made whole (see the module's list)."""
    out: list[Entity] = []
    titles = [e for e in found if e.label == "TITLE"]
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
        if joined and prev.label == "PERSON" and prev.text != ent.text:   # "Hoài Lâm Hoài Lâm": a heading run in
            words = prev.text.split() + ent.text.split()
            if len(words) <= 4 and not _surname(lexicon, ent.text.split()[0]) \
                    and all(w.lower() in vietnamese_syllables() and w[:1].isupper() for w in words):
                out[-1] = replace(prev, end=ent.end, text=text[prev.start:ent.end], value=None, canonical=None)
                continue
        start = _name_start_before(text, ent, prev.end if prev is not None else 0, lexicon)
        out.append(ent if start == ent.start else replace(ent, start=start, text=text[start:ent.end], value=None,
                                                          canonical=None))
    return out


def _in_a_word(text: str, start: int, end: int) -> bool:
    before = re.search(r"(\w+) \Z", text[max(0, start - 20):start])
    after = re.match(r" (\w+)", text[end:end + 20])
    name, words = text[start:end].lower(), _vietnamese_words()
    return bool(before and f"{before.group(1).lower()} {name}" in words) or \
        bool(after and f"{name} {after.group(1).lower()}" in words)


_CAPITALISED_BEFORE = re.compile(r"[A-ZĐ][\w.'-]* \Z")
_SENTENCE_OPENS = re.compile(r"(?:\A|[.!?:…\"“”(\n])\s*\Z")
_CAPITALISED_AFTER = re.compile(r" [A-ZĐ]")


def _mentions(text: str, keys) -> list[tuple[int, int]]:
    """Where `keys` occur in `text` as whole names (not inside a word, a hyphenated or dotted
    form), left to right, the longest key first where several start at one place, never
    overlapping. A regular expression of the keys would do the same, but compiling one per
    document cost more than the search."""
    found = []
    for key in keys:
        at = text.find(key)
        while at >= 0:
            end = at + len(key)
            before = text[at - 1] if at else ""
            after = text[end] if end < len(text) else ""
            # a combining mark after it belongs to its last letter ("Hoa" + U+0300 is "Hoà", written
            # decomposed): no whole name ends there
            if not (before and (before.isalnum() or before in "_-'.")) \
                    and not (after and (after.isalnum() or after in "_-'" or unicodedata.combining(after))):
                found.append((at, end))
            at = text.find(key, at + 1)
    out, reached = [], 0
    for start, end in sorted(found, key=lambda se: (se[0], -se[1])):
        if start >= reached:
            out.append((start, end))
            reached = end
    return out


def repeated_names(text: str, found: list[Entity], lexicon: Lexicon, taken: list[tuple[int, int]] = ()) -> list[Entity]:
    """`found` with the other mentions of its PERSONs' names (and foreign surnames) as PERSONs."""
    keys, alone = set(), set()   # names to look for; those seen only alone relabel no other entity
    given = set()                # given names of Vietnamese full names, looked for inside sentences only
    for ent in found:
        words = ent.text.split()
        if ent.label != "PERSON":
            continue
        if len(words) >= 2 and all(_LATIN_NAME_WORD.fullmatch(w) for w in words):
            keys.add(ent.text)
            if len(words[-1]) >= 4 and words[-1] not in lexicon.not_person_words:
                keys.add(words[-1])
        elif len(words) >= 2 and all(w[:1].isupper() for w in words) and not lexicon.table["TITLE"].get(_key(ent.text)):
            keys.add(ent.text)   # a Vietnamese full name, repeated whole
            if 3 <= len(words) <= 4 and _surname(lexicon, words[0]) and words[-1] not in lexicon.not_person_words \
                    and not _key(words[-1]) in lexicon.table["PLACE"]:
                given.add(words[-1])   # and its given name alone ("Phạm Văn Thông ... Thông khai")
        elif len(words) == 1 and len(ent.text) >= 4 and _LATIN_NAME_WORD.fullmatch(ent.text) \
                and ent.text not in lexicon.not_person_words:
            alone.add(ent.text)   # a name written alone ("Maika", "Trang")
    alone -= keys
    given -= keys | lexicon.holidays   # "Nguyễn Lê Tết" is a name, "mùng 4 Tết" a holiday
    keys |= alone | given
    if not keys:
        return found
    by_span = {(e.start, e.end): e for e in found}
    spans = sorted(list(by_span) + list(taken))
    out = dict(by_span)
    for start, end in _mentions(text, keys):
        if _CAPITALISED_BEFORE.search(text[max(0, start - 40):start]) or _CAPITALISED_AFTER.match(text, end):
            continue  # a piece of a longer name: "Frozen Yellow Edition", "Internet Security"
        if " " not in text[start:end] and _in_a_word(text, start, end):
            continue  # "Trung tâm", "Hồng Kông"
        if text[start:end] in given and _SENTENCE_OPENS.search(text, max(0, start - 4), start):
            continue  # a capital that opens a sentence says nothing
        same = by_span.get((start, end))
        if same is not None:
            if same.label in ("ORG", "LOC") and " " not in same.text and same.text not in alone \
                    and not (same.label == "ORG" and same.text in given) \
                    and not lexicon.table["PLACE"].get(_key(same.text)):
                out[(start, end)] = replace(same, label="PERSON", canonical=None)
            continue
        if not any(a < end and start < b for a, b in spans):
            out[(start, end)] = Entity("PERSON", start, end, text[start:end])
    return sorted(out.values(), key=lambda e: (e.start, e.end))


# words that make the name after them a street, a junction or a bridge
_STREET_WORD = re.compile(r"(?<!\w)(?<!thành )(?:đường|phố|ngã tư|ngã ba|ngã sáu|ngã năm|vòng xoay|giao lộ|nút giao|giao với"
                          r"|giao cắt|đại lộ|tuyến phố|tuyến đường|tuyến)(?:\s+như)?\s*$", re.IGNORECASE)
_STREET_LIST = re.compile(r"^\s*(?:-|–|,|,?\s+(?:và|hoặc))\s*$")
# a house number before the street: "trú tại 16 Lương Văn Can", "(số 147 Trần Nhân Tông"; not a shirt or a
# seed number ("Ajax, số 11 Younes", "hạt giống số 1 Lê Quang Liêm": no place word before the number)
_HOUSE_NUMBER = re.compile(r"(?<!\w)(?:(?:tại|ở|trú|ngụ|nhà|chỉ:?|\()\s*(?:số\s*)?|,\s*)\d+[A-Za-z]?(?:/\d+[A-Za-z]?)*\s*$",
                           re.IGNORECASE)


def streets_named_for_people(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """`found` with the PERSON spans that name a street (after a street word, or listed after such a
    street) as LOCs."""
    out = sorted(found, key=lambda e: (e.start, e.end))
    street_end = None   # end of the last street, for a list of them
    for k, ent in enumerate(out):
        before = text[max(0, ent.start - 25):ent.start]
        after_street = bool(_STREET_WORD.search(before) or _HOUSE_NUMBER.search(before)) or (
            street_end is not None and bool(_STREET_LIST.match(text[street_end:ent.start])))
        if ent.label == "PERSON" and after_street and len(ent.text.split()) >= 2 \
                and lexicon.table["SURNAME"].get(_key(ent.text.split()[0])):
            out[k] = ent = replace(ent, label="LOC", canonical=None)
        street_end = ent.end if ent.label == "LOC" and after_street else None
    return out


# a unit written by its level, the unit's name left out of the span: "[UBND xã] Chu Phan", "[huyện] Pak
# Kading"; not "ông xã", "bà xã" (husband, wife: 32 PERSON after them in the training data) nor "Tân hoa xã"
_ADMIN_LEVEL_END = re.compile(r"(?<!\bông )(?<!\bbà )(?<!\bhoa )(?:^|(?<=\s))(?:xã|phường|huyện|quận|thị xã|thị trấn)\Z",
                              re.IGNORECASE)


def units_named_after_their_level(text: str, found: list[Entity]) -> list[Entity]:
    """An ORG or LOC ending in a unit's level ("UBND xã", "thị trấn") followed at once by a PERSON
    is one ORG or LOC with that name ("UBND xã Chu Phan", "thị trấn Abu Kamal"): no training span
    ends so before a PERSON."""
    out: list[Entity] = []
    for ent in found:
        prev = out[-1] if out else None
        if ent.label == "PERSON" and prev is not None and prev.label in ("ORG", "LOC") \
                and text[prev.end:ent.start] == " " and _ADMIN_LEVEL_END.search(prev.text):
            out[-1] = replace(prev, end=ent.end, text=text[prev.start:ent.end], canonical=None)
            continue
        out.append(ent)
    return out


_LINE_START = re.compile(r"(?:\A|\n)[ \t]*\Z")
_COLON_AFTER = re.compile(r"[ \t]*:")


def dateline_places(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """A province or country opening a line before a colon ("Khánh Hòa: Người dân ...", a headline's
    or a dateline's place) is a LOC, not a PERSON: in the training data all 158 such names are."""
    def dateline(e: Entity) -> bool:
        return (e.label == "PERSON" and _COLON_AFTER.match(text, e.end) is not None
                and _LINE_START.search(text, max(0, e.start - 40), e.start) is not None
                and any(x.info in ("country", "province") for x in lexicon.table["PLACE"].get(_key(e.text), ())))

    return [replace(e, label="LOC", canonical=_known_canonical(lexicon, "PLACE", e.text)) if dateline(e) else e
            for e in found]


@lru_cache(maxsize=4)
def _transliterated(lexicon: Lexicon) -> re.Pattern:
    """The places written by sound, whole (not inside a longer hyphenated word); the class of their
    first letters up front lets the engine skip at once the positions none starts at."""
    names = sorted(lexicon.transliterated, key=len, reverse=True)
    if not names:
        return re.compile("(?!)")
    first_letters = "".join(re.escape(c) for c in sorted({n[0] for n in names}))
    return re.compile(rf"(?=[{first_letters}])(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")


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
    if len(_MATCH_REPORT.findall(text[:20000])) < 2:
        return found

    def town(e: Entity) -> bool:
        return e.label == "LOC" and any(x.info in ("province", "city") for x in lexicon.table["PLACE"].get(_key(e.text), ()))

    out = list(found)
    for k, e in enumerate(out):
        if not town(e):
            continue
        prev = out[k - 1] if k else None
        fixture = prev is not None and prev.label in ("ORG", "LOC") and _FIXTURE_DASH.fullmatch(text[prev.end:e.start])
        if _TEAM_BEFORE.search(text[max(0, e.start - 24):e.start]) or fixture:
            out[k] = replace(e, label="ORG", canonical=None)
            if fixture and town(prev):
                out[k - 1] = replace(prev, label="ORG", canonical=None)
    return out


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


# a numbered road: "QL1A", "QL 14", "Quốc lộ 32", "ĐT 762", "tỉnh lộ 8"
_ROAD = re.compile(r"(?=[QĐTqđ])(?<![\w.])(?:QL|ĐT|TL|Quốc lộ|quốc lộ|Tỉnh lộ|tỉnh lộ|đường tỉnh|Đường tỉnh)\s?\.?\s?\d+[A-Z]?(?![\w])")


def road_codes(text: str, found: list[Entity], taken: list[tuple[int, int]] = ()) -> list[Entity]:
    """`found` with the numbered roads no entity covers as LOCs ("QL1K", "Quốc lộ 14"): 131 of the
    training data's 137 are LOC spans, the others inside a longer place."""
    return _add_uncovered(found, taken, [Entity("LOC", m.start(), m.end(), m.group()) for m in _ROAD.finditer(text)])


_LIST_GAP = re.compile(r"\s*(?:,|;|và|–|-)\s*\Z")


def list_labels(text: str, found: list[Entity]) -> list[Entity]:
    """A PERSON listed between two places, or a LOC between two people, takes its neighbours'
    label ("Lâm Bình, Na Hang, Chiêm Hóa"; "Lê Huế, Nguyễn Hợi, Hồ Thị Điệp"): in the training
    data's 2,187 such lists of people or places, no item is of the other kind. Lists of agencies
    mix in places ("Hoa Kỳ, EU, Nhật Bản") and are left alone."""
    out = sorted(found, key=lambda e: (e.start, e.end))
    kinds = ("PERSON", "LOC")
    for k in range(1, len(out) - 1):
        a, b, c = out[k - 1], out[k], out[k + 1]
        if a.label == c.label and a.label in kinds and b.label in kinds and b.label != a.label \
                and _LIST_GAP.match(text, a.end, b.start) and _LIST_GAP.match(text, b.end, c.start):
            out[k] = replace(b, label=a.label, canonical=None)
    return out


def consistent_labels(found: list[Entity]) -> list[Entity]:
    """`found` with each name's minority labels (ORG, LOC, PERSON of the same text) turned to its
    majority label."""
    votes: dict[str, Counter] = {}
    for ent in found:
        if ent.label in ("PERSON", "ORG", "LOC"):
            votes.setdefault(ent.text, Counter())[ent.label] += 1
    out = []
    for ent in found:
        count = votes.get(ent.text)
        if count and len(count) > 1:
            (top, n1), (_, n2) = count.most_common(2)
            if n1 > n2 and top != ent.label and not (ent.label == "PERSON" and top == "LOC"):
                ent = replace(ent, label=top, canonical=None)
        out.append(ent)
    return out
