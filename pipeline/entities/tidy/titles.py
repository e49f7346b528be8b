"""Titles: where a TITLE starts and ends, the offices no entity covers, the delegates that hold no
position (`drop_bare_delegates`), the modifiers written after an office (`title_modifiers`).

- A minister's portfolio run into the country after it ("Bộ trưởng Quốc phòng
  Nga") is an ORG and a LOC (`portfolio_then_country`), as the training data
  draws it.
- A TITLE starts after "nguyên", "cựu", "tân" and ends before a name in Latin letters run into
  it ("Tổng thống Marcon": `titles_drawn_as_the_guidelines_say`).
- A position word cut from the unit it is fused with takes it back ("Phó" + ORG "Ban Tuyên giáo
  Trung ương" is TITLE "Phó Ban" + ORG "Tuyên giáo Trung ương": `fused_titles_whole`).
- An office word written in lower case that no entity covers is a TITLE ("công kích thẩm phán",
  "bê bối của tổng thống": `bare_office_titles`), not after a generic word ("các nghị sĩ").
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ...text import norm_form
from ..gazetteer import default_gazetteer
from ..lexicon import Lexicon, _key
from ..types import Entity
from .persons import _LATIN_NAME_WORD, _given_names
from .spans import _add_uncovered, _known_canonical, _known_country, _known_place, _whole_words, _words
from .vocabulary import _vietnamese_words, vietnamese_syllables


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


@lru_cache(maxsize=4)
def _bare_office(lexicon: Lexicon) -> re.Pattern:
    return _whole_words(lexicon.bare_office_titles)


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


def titles_cut_in_two_joined(text: str, found: list[Entity], lexicon: Lexicon) -> list[Entity]:
    """Two TITLE spans one space apart that make one title the lexicon knows are that title: "[Chỉ huy]
    [trưởng]" after a sentence-opening "Tân" (a probe of officials). No two annotated TITLE spans so
    placed make a lexicon title."""
    out: list[Entity] = []
    for ent in found:
        prev = out[-1] if out else None
        if prev is not None and prev.label == ent.label == "TITLE" and ent.start == prev.end + 1 \
                and text[prev.end] == " " and _key(text[prev.start:ent.end]) in lexicon.table["TITLE"]:
            out[-1] = replace(prev, end=ent.end, text=text[prev.start:ent.end], value=None, canonical=None)
            continue
        out.append(ent)
    return out
