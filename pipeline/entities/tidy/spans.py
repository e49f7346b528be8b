"""Steps about a span's shape, whatever its label (a word glued to a name's end where a page lost the
space: `unglue_last_word`), and the small helpers the other modules share: a span's words, a
country, place or canonical name the lexicon knows, entities added where nothing is found yet.

- A name inside a document code ("KH" and "SGDĐT" of "Số: 12/KH-SGDĐT") is
  none (`drop_inside_codes`).
- An item of a list of people or of places takes the list's label (`list_labels`).
- One name, one label in a document: where the same name is tagged with two
  name labels, the more frequent one wins (`consistent_labels`; ties stay,
  and a PERSON never becomes a LOC, since people share names with places).
- An ORG, LOC or TITLE run on over a verb or clause word ("sang", "đã", "được", "là",
  "yêu cầu"; no training span holds one) is cut before it (`cut_runaway_spans`):
  "Thống đốc yêu cầu" is the TITLE "Thống đốc"; the words come from
  corpora/lexicons/clause_words.txt and are also read without accents on a line written
  without them.
- An ORG or LOC that runs on past a unit named by its level into lower-case words ends at the
  unit's name (`end_at_the_unit_name`): "[UBND tỉnh Quảng Nam] kiểm tra công tác ...". In the
  training data such a name goes on only with the next level ("huyện X tỉnh Y") or a term ("khóa
  IX"); a verb that also heads agencies ("kiểm tra" of "Ủy ban kiểm tra") cannot be a clause word.
- A name never holds half a bracket or half a quotation (`whole_brackets`; none of the
  training spans does): "Ban Quản lý dự án (BQLDA" ends before the bracket, "KCN) Yên
  Phong" keeps the place after it.
- A name neither opens nor ends with markup or a symbol (`symbols_off_names`): "Phạm Minh
  Chính</b>", "Mỹ Tâm❤️", "Hà Anh Tuấn 🎤". Of the training spans only "Vietnam+" and its kind
  end in a symbol, so "+" stays.
- A name does not end in the first number of a score or a range (`scores_off_names`):
  "[Zamalek] 2-1", "[chợ Bến Thành] 3-4 năm".
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import replace
from functools import lru_cache

from ...admin.vocab import fold
from ..gazetteer import default_gazetteer
from ..lexicon import Lexicon, _key
from ..types import Entity
from .vocabulary import _line_kind, vietnamese_syllables


_WORD = re.compile(r"\S+")


def _words(text: str) -> list[tuple[int, str]]:
    """The words of `text` with their offsets in it."""
    return [(m.start(), m.group()) for m in _WORD.finditer(text)]


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


def _whole_words(words, inside: str = r"\w") -> re.Pattern:
    """Any of `words` as written, not inside a longer word (no character of the class `inside` right
    before or after it), longest first. The words are grouped by their first letter, and whether a
    word character stands before one is asked after that letter: a pattern that opens with letters
    lets the engine skip at once the positions no word starts at (an assertion first would make it
    try every position)."""
    words = sorted(words, key=len, reverse=True)
    if not words:
        return re.compile("(?!)")
    rests: dict[str, list[str]] = {}
    for w in words:   # dicts keep the order: longest first within a letter's group
        rests.setdefault(w[0], []).append(re.escape(w[1:]))
    # after the first letter, `(?<!X.)` says no X stands before that letter
    groups = "|".join(rf"{re.escape(first)}(?<!{inside}.)(?:{'|'.join(rest)})" for first, rest in rests.items())
    return re.compile(rf"(?:{groups})(?!{inside})")


def _add_uncovered(found: list[Entity], taken, added: list[Entity]) -> list[Entity]:
    """`found` with the entities of `added` that overlap nothing found or taken, in text order."""
    spans = [(e.start, e.end) for e in found] + list(taken)
    added = [e for e in added if not any(a < e.end and e.start < b for a, b in spans)]
    return sorted(found + added, key=lambda e: (e.start, e.end)) if added else found


# the word right before a position, one space between: read for the words of a name the tagger left out
# (`names_run_in`) and for the calendar word before a season (`orgs.drop_seasons`)
_WORD_BEFORE = re.compile(r"(?<![\w.'-])([\w'-]+) $")


@lru_cache(maxsize=4)
def _clause_words(lexicon: Lexicon) -> tuple[re.Pattern, re.Pattern]:
    """A clause word between spaces (`clause_words.txt`), as written and written without accents."""
    def between_spaces(words) -> re.Pattern:
        if not words:
            return re.compile("(?!)")
        return re.compile(" (?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ") ")
    return between_spaces(lexicon.clause_words), between_spaces({fold(w) for w in lexicon.clause_words})


# markup and signs no name opens or ends with; other symbols (emoji) go by their Unicode category
_MARKUP = frozenset("<>/\\|#*~=^_")
_KEPT_SYMBOLS = frozenset("+&$€£%'’")


def _off_name(c: str) -> bool:
    if c.isspace() or c in _MARKUP:
        return True
    category = unicodedata.category(c)
    # an emoji's variation selector goes with it; other combining marks are a letter's accents
    return (category[0] == "S" and c not in _KEPT_SYMBOLS) or category == "Cf" or "\ufe00" <= c <= "\ufe0f"


def symbols_off_names(text: str, found: list[Entity]) -> list[Entity]:
    """PERSON, ORG, LOC and TITLE spans without the markup, emoji and signs at either end (the tagger
    read a tag's "<" or an emoji underthesea joined to a word as part of the name); a span with
    nothing else is dropped."""
    out = []
    for ent in found:
        if ent.label not in ("PERSON", "ORG", "LOC", "TITLE") or not (_off_name(ent.text[0]) or _off_name(ent.text[-1])):
            out.append(ent)
            continue
        start, end = ent.start, ent.end
        while start < end and _off_name(text[start]):
            start += 1
        while end > start and _off_name(text[end - 1]):
            end -= 1
        if end > start and any(c.isalnum() for c in text[start:end]):
            out.append(replace(ent, start=start, end=end, text=text[start:end], value=None,
                               canonical=ent.canonical if text[start:end] == ent.text.strip() else None))
    return out


# a name's last word a number of one or two digits that a dash and another number follow: the
# first number of a score or a range ("Zamalek 2-1", "Sài Gòn FC 2-1", "chợ X 3-4 năm")
_TRAILING_NUMBER = re.compile(r"\s+\d{1,2}$")
_DASH_NUMBER = re.compile(r"\s?[-–]\s?\d")


def scores_off_names(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """A PERSON, ORG or LOC span that ends in the first number of a score or a range ends before it:
    "[Zamalek] 2-1", "[Sài Gòn FC] 2-1", "[chợ Bến Thành] 3-4 năm nay". No hand span of the NER
    batches, held-out ones included, ends so, and 83 are followed by such a score."""
    out = []
    for ent in found:
        m = _TRAILING_NUMBER.search(ent.text) if ent.label in ("PERSON", "ORG", "LOC") else None
        if m is None or not m.start() or not _DASH_NUMBER.match(text, ent.end):
            out.append(ent)
            continue
        end = ent.start + m.start()
        head = text[ent.start:end]
        kind = "ORG" if ent.label == "ORG" else "PLACE"
        canonical = None if ent.label == "PERSON" else _known_canonical(lexicon, kind, head)
        out.append(replace(ent, end=end, text=head, value=None, canonical=canonical))
    return out


def cut_runaway_spans(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """An ORG, LOC or TITLE span that runs on over a verb or a clause word, or ends in one, is cut
    before it; a known place after the word is a LOC of its own ("[Cục Hải quan X|ORG] sang [Nhật
    Bản|LOC]", "[Thống đốc|TITLE] yêu cầu"), and the capitalised team after a match verb an ORG ("[CLB X]
    gặp [Y]"). On a line written without accents the words are read without theirs ("Thanh uy TP.HCM se
    co co che")."""
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
        elif ent.label == "ORG" and m.group().strip() in lexicon.match_verbs \
                and all(w[:1].isupper() for w in tail.split()):
            # "[CLB X|ORG] gặp [Than Y|ORG]": the team the match verb meets is an org like the first
            out.append(replace(ent, start=tail_start, text=tail, value=None,
                               canonical=_known_canonical(lexicon, "ORG", tail)))
    return out


# "TP.HCM", "TP.Hồ Chí Minh": the level glued to the name
_TP_GLUED = re.compile(r"TP\.[A-ZĐ]")


@lru_cache(maxsize=4)
def _unit_levels(lexicon: Lexicon) -> tuple[frozenset[tuple[str, ...]], re.Pattern]:
    """The words that name a unit by its level: the admin words whose canonical form is a qualifier
    level (`admin_levels.tsv`), as tuples of lower-case words as written ("tỉnh", "thành phố", "tp."),
    and a pattern that finds any of them in a span (the step's quick test)."""
    writings = {re.sub(r" (?=[^\w\s])", "", " ".join(key)) for key, entries in lexicon.table["ADMIN"].items()
                if any(e.canonical in lexicon.qualifier_admin for e in entries)}
    found = re.compile(r"(?i)(?<!\w)(?:" + "|".join(map(re.escape, sorted(writings, key=len, reverse=True)))
                       + r")(?!\w)")
    return frozenset(tuple(w.split()) for w in writings), found


def _unit_name_end(words: list[tuple[int, str]], lexicon: Lexicon) -> int | None:
    """Index of the first of two or more lower-case words that end the span after a unit named by its
    level and its capitalised name, where the name does not go on; None when there is none. The name
    goes on with the next level or a term (`after_a_unit_name.txt`), a particle before a capitalised
    word ("thành phố Deir ez Zor", "tỉnh Newfoundland và Labrador"), or its own syllables written in
    lower case ("tỉnh Lai châu", "TP.Hồ chí minh": the lexicon knows the place); "Hợp tác xã" is no level."""
    levels, goes_on = _unit_levels(lexicon)[0], lexicon.after_a_unit_name
    lows = [w.lower() for _, w in words]
    k = 0
    while k < len(words):
        size = next((n for n in (2, 1) if k + n <= len(lows) and tuple(lows[k:k + n]) in levels), 0)
        if size and not (lows[k] == "xã" and k and lows[k - 1] == "tác"):
            k += size
        elif _TP_GLUED.match(words[k][1]):
            k += 1
        else:
            k += 1
            continue
        name_start = k - 1 if _TP_GLUED.match(words[k - 1][1]) else k   # "TP.HCM" is the level and the name
        while k < len(words) and (words[k][1][:1].isupper() or words[k][1] in ("-", "–")):
            k += 1
        if k == name_start or k + 1 >= len(words) or not words[k][1][:1].islower() or words[k + 1][1][:1].isupper() \
                or tuple(lows[k:k + 1]) in levels or tuple(lows[k:k + 2]) in levels or lows[k] in goes_on:
            continue
        name = " ".join(w for _, w in words[name_start:k]).removeprefix("TP.")
        if any(_key(" ".join([name, *(w for _, w in words[k:k + n])])) in lexicon.table["PLACE"] for n in (1, 2)):
            continue
        return k
    return None


def end_at_the_unit_name(found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """An ORG or LOC that runs on past a unit named by its level into lower-case words ends at the unit's
    name: "[UBND tỉnh Quảng Nam] kiểm tra công tác phòng chống thiên tai", "[Công an TP.HCM] phát hiện
    ra"; "Ủy ban kiểm tra Tỉnh ủy X" names no unit by its level before "kiểm tra" and stays whole."""
    out = []
    for ent in found:
        words = _words(ent.text) if ent.label in ("ORG", "LOC") and _unit_levels(lexicon)[1].search(ent.text) else None
        k = _unit_name_end(words, lexicon) if words else None
        if k is None:
            out.append(ent)
            continue
        head = ent.text[:words[k - 1][0] + len(words[k - 1][1])].rstrip(" ,;:-–")
        out.append(replace(ent, end=ent.start + len(head), text=head, value=None,
                           canonical=_known_canonical(lexicon, "ORG" if ent.label == "ORG" else "PLACE", head)))
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


# the lower-case syllables a name transliterated the Vietnamese way goes on with ("Mi|-khai-lốp")
_HYPHENED_ON = re.compile(r"(?:-[^\W\d_]+)+")


def whole_hyphenated_names(text: str, found: list[Entity]) -> list[Entity]:
    """A name transliterated syllable by syllable ("Xéc-gây Mi-khai-lốp", "Nu-rư-xtan A-bai-ép") that
    the tagger cut after its first syllable ("Xéc-gây Mi", "Ca-dắc-xtan Nu") goes on to the word's end.
    Only where the cut word is a capitalised syllable of at most three letters and the rest is lower
    case: two or more pieces, or one that is no Vietnamese syllable ("Ma|-crông"). A dash between two
    words ("sông Hồng-sông Thái Bình", "Julia-bìa phải", "lăng Tự Đức-lăng Đồng Khánh") is no such cut:
    the 7 annotated names so followed end there. A cut after a single letter ("Phi-cri I|-xích") goes on
    even to one Vietnamese syllable: no annotated name ends in a lone letter before a dash."""
    out = []
    starts = {e.start for e in found}
    for ent in found:
        last = ent.text.rsplit(" ", 1)[-1]
        m = _HYPHENED_ON.match(text, ent.end) if ent.label in ("PERSON", "ORG", "LOC") else None
        if m is None or not (last[:1].isupper() and last.isalpha() and len(last) <= 3) \
                or not m.group().replace("-", "").islower() or any(ent.end < s < m.end() for s in starts):
            out.append(ent)
            continue
        pieces = m.group()[1:].split("-")
        if len(pieces) >= 2 or len(last) == 1 or pieces[0] not in vietnamese_syllables():
            ent = replace(ent, end=m.end(), text=text[ent.start:m.end()], value=None, canonical=None)
        out.append(ent)
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


_BRACKET = re.compile(r'[()\[\]“”"]')   # the marks `whole_brackets` reads: a name holds a pair whole


def whole_brackets(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """A name never holds half a bracket or half a quotation: none of the training spans does. A
    span running into a bracket it does not close ends before it ("Ban Quản lý dự án (BQLDA" is
    the ORG before the bracket; the acronym is left to `defined_acronyms`); one that starts inside
    a bracket keeps what follows it only when that is a known place ("KCN) Yên Phong" -> the LOC
    "Yên Phong"), and only its text before a closing mark at its end ("Vietnam Aluminum Co)"). A
    head noun left alone ("Ngân hàng (NH") names nothing and is dropped."""
    out = []
    for ent in found:
        if ent.label not in ("PERSON", "ORG", "LOC", "TITLE") or not _BRACKET.search(ent.text):
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
    votes: dict[str, Counter] = defaultdict(Counter)   # a Counter built for a name's first span only
    for ent in found:
        if ent.label in ("PERSON", "ORG", "LOC"):
            votes[ent.text][ent.label] += 1
    out = []
    for ent in found:
        count = votes.get(ent.text)
        if count and len(count) > 1:
            (top, n1), (_, n2) = count.most_common(2)
            if n1 > n2 and top != ent.label and not (ent.label == "PERSON" and top == "LOC"):
                ent = replace(ent, label=top, canonical=None)
        out.append(ent)
    return out
