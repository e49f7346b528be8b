"""People's names: PERSON spans drawn as the guidelines draw them (`tidy_persons`), names on a line
in another language (`foreign_sentence_names`), the later mentions of a name (`repeated_names`),
and the name helpers the other modules share (foreign given names, family names, names in Latin
letters).

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
- A name found once is a PERSON wherever it recurs in the document with no
  other entity there (`repeated_names`): a foreign name in full ("Derek
  McLennan") and its last word alone ("McLennan", also over a lone one-word
  ORG or LOC), a Vietnamese full name whole and its given name alone inside a
  sentence ("Phạm Văn Thông ... khai rằng Thông quen"), a one-word name ("Maika",
  "Trang"); not inside a longer capitalised run, nor where the word makes a
  dictionary word with its neighbour ("Trung tâm"; underthesea's Viet74K).
  Later mentions are the ones the tagger misses most.
- On a line in another language a name is a run of capitalised words, never a span run on
  over English or French words (`foreign_sentence_names`).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import lru_cache

from ...resources import lexicon_dir
from ..lexicon import Lexicon, _key
from ..types import Entity
from .spans import _known_canonical, _known_country, _known_place, _words
from .vocabulary import _LOWER_WORD, _line_kind, _vietnamese_words, vietnamese_syllables


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
    last = ent.text.rsplit(None, 1)
    if len(last) < 2 or not _LATIN_WORD.fullmatch(last[1]):
        return None   # the commonest case: one word, or a last word not in Latin letters
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


# a name ending in an initial with its dot, after a Latin given name or alone ("George W.", "A."), then a Latin
# surname that is no Vietnamese syllable
_MIDDLE_INITIAL_END = re.compile(r"(?:^|[A-Z][a-z]+ )[A-Z]\.$")
_SURNAME_AFTER = re.compile(r" ([A-Z][a-z]+(?:-[A-Z]?[a-z]+)*)(?![\w.])")


def _name_end(text: str, ent: Entity) -> int:
    """The end of a PERSON span once its initial's dot, hyphenated tail, regnal number
    and particle-joined words are in."""
    dotted = ent.end + 1 if text.startswith(".", ent.end) and not ent.text.endswith(".") else ent.end
    if _MIDDLE_INITIAL_END.search(text[ent.start:dotted]) and (after := _SURNAME_AFTER.match(text, dotted)) \
            and after.group(1).lower() not in vietnamese_syllables():
        return after.end()   # "George W.| Bush", "A.| Lukashenko": a Latin surname after a middle initial
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


# "Đ/c", the written short form of "đồng chí" (comrade): an honorific, like "ông", never part of a name
# (the letter first, which the engine scans a text for fast; `(?<!\w.)` then says no word character stands before it)
_COMRADE = re.compile(r"[Đđ](?<!\w.) ?/ ?[Cc](?!\w)")
_SPACES = re.compile(r"\s*")


def comrade_abbreviations(text: str, found: list[Entity]) -> list[Entity]:
    """No entity holds "Đ/c": one inside it ("Đ" of "- Đ/c Bộ trưởng") is dropped, and one that runs from
    it over a name starts after it, a PERSON, as after "đồng chí" ("Kính gửi [Đ/c Nguyễn Văn A]" read as
    a place)."""
    marks = [(m.start(), m.end()) for m in _COMRADE.finditer(text)]
    if not marks:
        return found
    out = []
    for e in found:
        mark = next(((a, b) for a, b in marks if a < e.end and e.start < b), None)
        if mark is None:
            out.append(e)
            continue
        after = _SPACES.match(text, mark[1]).end()
        if e.start >= mark[0] and e.end <= mark[1] or after >= e.end:
            continue
        rest = text[after:e.end]
        label = "PERSON" if e.label in ("LOC", "ORG") and rest[:1].isupper() else e.label
        out.append(replace(e, start=after, text=rest, label=label,
                           canonical=None if label != e.label else e.canonical))
    return out


# the common noun of a firm right before a name: what follows names the firm, never a person
_FIRM_BEFORE = re.compile(r"(?<!\w)(?:[Hh]ãng(?: hàng không| xe| tin| thông tấn| bay)?|[Cc]ông ty|[Kk]hách sạn) \Z")


def _firm_then_name(name: str, lexicon: Lexicon) -> tuple[int, int] | None:
    """(end of the firm, start of the name) where a firm word stands inside a PERSON span with words on
    both sides and a name of two words or more after it ("Qantas Airways Alan Joyce"), else None."""
    if not any(w in lexicon.not_person_words for w in name.split()[1:-2]):
        return None   # most names: no firm word where one could stand
    words = _words(name)
    for k in range(1, len(words) - 2):
        if words[k][1] in lexicon.not_person_words:
            return words[k][0] + len(words[k][1]), words[k + 1][0]
    return None


def tidy_persons(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """PERSON spans as the guidelines draw them: a foreign name keeps its
    hyphenated tail, regnal number and particle-joined words, an initial its
    dot; a degree before the name is left out and a rank is a TITLE; a byline's
    agency acronym is an ORG of its own, and a country run into the name of one
    of its people ("Ngoại trưởng Hàn Quốc Yun Byung-se") is a LOC of its own. A firm
    read as a person ("Genesia Ventures", "hãng hàng không [Hải Nam]") is an ORG, and
    one run into its officer's name is cut off it ("[Qantas Airways] [Alan Joyce]")."""
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
        if ent.label == "PERSON" and (ent.text.rsplit(" ", 1)[-1] in lexicon.not_person_words and " " in ent.text
                                      or _FIRM_BEFORE.search(text, max(0, ent.start - 30), ent.start)):
            # "Genesia Ventures", "Trung Nam Group", "hãng hàng không Hải Nam": no annotated PERSON ends in
            # such a word (489 ORGs do) or follows such a noun (351 ORGs and LOCs do)
            out.append(replace(ent, label="ORG", canonical=None))
            continue
        if ent.label == "PERSON" and (cut := _firm_then_name(ent.text, lexicon)):
            # "CEO [Qantas Airways] [Alan Joyce]": a firm's name run into its officer's
            out.append(span(ent, "ORG", ent.start, ent.start + cut[0]))
            ent = span(ent, "PERSON", ent.start + cut[1], ent.end)
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


# lower-case words that are part of a foreign name ("Ursula von der Leyen", "Bank of America")
_NAME_PARTICLES = _PARTICLES | {"of", "for", "des", "al", "el", "y", "&"}


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


# a foreign name in Latin letters only: "Derek McLennan", "Kei Komuro", "Jae-in"
_LATIN_NAME_WORD = re.compile(r"[A-Z][a-z]+(?:[-'][A-Za-z]+)*|Mc[A-Z][a-z]+|O'[A-Z][a-z]+")


def _foreign_honorific_end(name: str, lexicon: Lexicon) -> int:
    """Where the name starts after the honorifics that open the span ("Sheikh Tamim", "Samdech Techo
    Hun Sen", "Hồng y Pietro Parolin"), else 0. Vietnamese honorifics of one word are left to the
    tagger: "Anh", "Cô" also open names and places. No annotated PERSON opens with one of the lexicon's
    honorifics of several words; 20 follow one."""
    pos = 0
    while True:
        words = name[pos:].split(" ")
        # a Vietnamese word opens a name as often as an honorific does ("Anh", "Cô"): only an honorific of two
        # or three words ("Hồng y", "Tổng Giám mục", "Đại đức") is left out
        sizes = (3, 2) if words[0].lower() in vietnamese_syllables() else (2, 1)
        for n in sizes:
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


def _surname(lexicon: Lexicon, word: str) -> bool:
    return word[:1].isupper() and word.isalpha() and _key(word) in lexicon.table["SURNAME"]


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
