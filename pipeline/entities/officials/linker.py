"""The officials linker (`OfficialsLinker`): within a sentence, offices (`offices.Office`) and
persons are read in order, and offices are linked to holders by what separates them:

- office [rank] [honorific] PERSON: "Cục trưởng Cục Hải quan TP.HCM Đinh Ngọc Thắng",
  "Bộ trưởng Bộ Công an, Thượng tướng Tô Lâm", "Chủ tịch UBND tỉnh ông X", and after
  an office with its org or country ", ông X", ", X" / "là bà X" ("Thị trưởng Marawi, ông X",
  "Chủ tịch CLB Chelsea, Bruce Buck");
- PERSON, office / PERSON - office / PERSON (office / PERSON (45 tuổi, office /
  PERSON được bổ nhiệm làm | (hiện) (đang) làm | giữ chức | là | từng là | nhậm chức |
  thôi giữ chức office: "ông X, Phó Chủ tịch UBND tỉnh Y" (former holders count);
- office, office ... PERSON and PERSON, office, office (also "nay là", "kiêm", "&"): one person
  with several offices ("Ủy viên Bộ Chính trị, Bí thư Thành ủy TP.HCM Nguyễn Thiện Nhân"); after a
  semicolon, a chain that leads to a name is that name's, not the holder's before it ("bà X - Chủ tịch
  Quốc hội; Phó Thủ tướng, Bộ trưởng Ngoại giao Y");
- "office là office, office": the holder of the first holds the others, when the
  document names one ("Tân Phó Trưởng Ban X là Ủy viên Trung ương Đảng");
- a sentence whose subject is the person named before it ("Ông là office, office", "Bà từng giữ
  chức office") and a line of a career ("4/1985-7/1988: office rồi office"): that person's offices
  (a photo credit, "Ảnh: X", is not that person);
- "PERSON, PERSON và PERSON" after one title (or a plural one: "các Thứ trưởng"), or a comma
  list of three names or more ("Phó Thủ tướng X, Y, Z và bốn bộ trưởng"): a list of holders;
  "title: PERSON, PERSON; ..." likewise, when the names are a list.

An office left with no holder gives a record where it points at one post (`offices._unnamed`); names
are resolved and records de-duplicated in `records.py`. The regexes and word sets each pattern reads
are in `patterns.py`.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..lexicon import Lexicon, default_lexicon
from ..types import Entity, Official
from .offices import EachOf, Office, _Alias, _office_and_its_deputy, _unnamed
from .patterns import (_AFTER_QUOTE, _AGE, _ALIAS, _ASIDE, _BARE_RANKS, _BRACKET_CLOSES, _credited, _DEGREES,
                       _EACH_OF, _FORMERLY, _FORMERLY_BEFORE, _FUSED, _HOLDER_LIST, _HOLDS, _HONORED_HOLDER,
                       _IMPLICIT_SUBJECT, _INITIAL, _LISTED_NAME_GAP, _LISTED_OFFICES_GAP, _LIST_GAP, _LIST_ITEM_END,
                       _LIST_JOIN, _NAME_IN_BRACKETS, _NAMED_AS_SEVERAL, _NOT_HOLDERS, _NOT_PORTFOLIO_WORDS, _OF,
                       _OF_HEAD, _ORG_HEAD_GAP, _PLURAL, _PLURAL_HOLDERS, _PORTFOLIO, _POSTS_OF, _RANK_OF, _RESPECTIVELY, _SAYS, _SHARED_BY_THE_LIST,
                       _SPOKESPERSON, _spokesperson_titles, _STAFF, _STAFF_HOLDER, _THEN, _UNIT, _unit_name,
                       _UNIT_THEN_CHAIN, _UNMARKED_ORG, appoints, introduced, not_held)
from .records import _clean_name, _dedupe, _key, _resolve


@dataclass
class _Walk:
    """What `OfficialsLinker._link_sentence` carries from one item of a sentence to the next."""
    text: str
    items: list
    persons_full: list[str]
    subject: Entity | None
    out: list[Official]
    pending: list[Office] = field(default_factory=list)   # offices waiting for a holder written after them
    holder: Entity | _Alias | None = None   # person an office chain written after it belongs to
    last_offices: list[Office] | None = None  # offices the last holder was linked to
    prev_end: int | None = None
    prev_kind: str | None = None
    respective_until: int = -1   # offices up to this item were given to names listed before them, in order

    def gap(self, item) -> str | None:
        """The text between the last item read and `item` (None before the first)."""
        return self.text[self.prev_end:item.start] if self.prev_end is not None else None

    def flush(self, *restart: Office) -> None:
        """The offices waiting get no holder: the records with none (`_unnamed`); `restart` waits next."""
        pending, self.pending = self.pending, list(restart)
        if any(office.plural for office in pending):
            return  # "nhiều đồng chí Ủy viên Bộ Chính trị, Bí thư Trung ương Đảng": several holders
        if len(pending) >= 3:
            return  # "đối tượng cảnh vệ gồm: Tổng Bí thư, Chủ tịch nước, Thủ tướng": a list of posts, no holders
        self.out.extend(r for r in map(_unnamed, pending) if r is not None)


def _shortens(name: str, other: str) -> bool:
    """Is `name` a short form of `other`: its given name alone with a nickname ("Tư Hường" of "Trần
    Thị Hường"), or written with initials ("V.Pu-tin" of "Vladimir Putin")?"""
    words, others = name.split(), other.split()
    if len(others) > len(words) and others[-1].lower() == words[-1].lower():
        return True
    return bool(_INITIAL.search(name)) and not _INITIAL.search(other)


class OfficialsLinker:
    def __init__(self, lexicon: Lexicon | None = None):
        self.lex = lexicon or default_lexicon()
        self.honorifics = {" ".join(k) for k in self.lex.table["HONORIFIC"]}
        self.cues = {" ".join(k) for k in self.lex.table["CUE"]}   # "nhà thơ", "luật sư"
        self._kinds: dict[str, str | None] = {}
        self._compile_gaps()

    def _compile_gaps(self) -> None:
        """Patterns over the text between a title and what it links to, built from the
        lexicon's FORMER words (corpora/lexicons/former.txt: "nguyên", "cựu", "tân")."""
        entries = [e for bucket in self.lex.table["FORMER"].values() for e in bucket]

        def words(kinds) -> str:
            forms = sorted({f for e in entries if e.info in kinds
                            for f in (e.surface, e.surface[:1].upper() + e.surface[1:])}, key=lambda w: (-len(w), w))
            return "|".join(re.escape(f) for f in forms) or "(?!)"

        either = rf"(?:\s*(?:{words(('former', 'new'))}))?"
        # office, office: "Ủy viên Bộ Chính trị, Bí thư Thành ủy", "Chủ tịch UBND tỉnh nay là Bí thư Tỉnh ủy"
        self._chain = re.compile(r"^\s*(?:,|;|&|kiêm|và|làm|rồi|,\s*kiêm|-|–|\(\s*(?:hiện\s+|nay\s+)?(?:đang\s+)?là"
                                 r"|(?:,|;|-|–)?\s*(?:nay là|hiện là|giữ chức(?:\s+vụ)?"
                                 r"|đồng thời(?:\s+cũng)?\s+là|kiêm nhiệm|" + _FORMERLY + r"))" + either + r"\s*$")
        # person, office: "X, Giám đốc Y", "X (36 tuổi, Giám đốc Y)", "X được bổ nhiệm làm Giám đốc Y",
        # "X, 46 tuổi, là một nghị sĩ"
        self._apposition = re.compile(r"^\s*(?:,|-|–|" + _AGE + "|(?:" + _ASIDE + r")(?:\s*" + _HOLDS + r")?"
                                      + r"|(?:,|-|–)?\s*" + _HOLDS + r"|, nguyên là)"
                                      + r"(?:\s*một)?" + either + r"\s*$")
        # only "nguyên"/"cựu": a "tân Bộ trưởng" holds the title now
        # (also opening a bracket: "Lê Văn A (nguyên Hiệu trưởng ...)")
        self._former = re.compile(rf"(?:^|[\s(\[])({words(('former',))})\s+$")

    def title_kind(self, text: str) -> str | None:
        """"rank", "office", "member"... as the titles lexicon files `text` (remembered per text)."""
        kind = self._kinds.get(text, "")
        if kind == "":
            from ..lexicon import _key as lex_key

            entries = self.lex.table["TITLE"].get(lex_key(text))
            if len(self._kinds) > 100_000:   # a long batch: keep the memory bounded
                self._kinds.clear()
            key = _key(text)
            # "Hàm Vụ phó" (the rank of a deputy director, held by someone in another post) is no office
            kind = self._kinds[text] = "rank" if key in _BARE_RANKS or key.startswith(_RANK_OF) \
                else entries[0].info if entries else None
        return kind

    def _is_bridge(self, gap: str, office: Office | None = None) -> bool:
        """Text between an office and its holder that keeps them linked."""
        return self._bridge(gap, office) is not None

    def _bridge(self, gap: str, office: Office | None = None) -> str | None:
        """"strong" for nothing or an honorific ("Giám đốc Sở Y tế ông X"), "weak" for a comma or
        "là" before one after an office with its org or country ("Thị trưởng Marawi, ông X", "Tân Bộ
        trưởng Bộ Y tế là bà X"; not "thông qua người phát ngôn, ông X"), else None."""
        g = gap.strip().lower()
        if g == "" or g in self.honorifics:
            return "strong"
        if office is not None and (office.plural and _PLURAL_HOLDERS.fullmatch(g) or _NAMED_AS_SEVERAL.fullmatch(g)):
            return "weak"   # "2 đội phó là các ông X và Y", "hai Phó Chủ tịch tỉnh là ông X và bà Y"
        if office is not None and office.org is None and office.place is None and _PORTFOLIO.fullmatch(gap) \
                and not any(w in _NOT_PORTFOLIO_WORDS for w in g.split()):
            return "weak"   # "Giám đốc tình báo quốc gia Daniel Coats": the unmarked portfolio of the office
        if office is None or (office.org is None and office.place is None and (office.tail or 0) <= office.title.end):
            return None
        g = _THEN.sub("", g)
        for lead in (",", "là", "-", "–"):
            if g.startswith(lead):
                rest = _DEGREES.sub("", g[len(lead):]).strip()
                if rest in self.honorifics or (rest in self.cues and rest not in _NOT_HOLDERS) or rest == "":
                    return "weak"   # "Chủ tịch CLB X, ông Y", "Chủ tịch CLB X, Y", "Bộ trưởng Bộ Y tế là bà X"
        return None

    def link(self, text: str, entities: list[Entity], sentences: list[tuple[int, int]]) -> list[Official]:
        persons_full = [e.text for e in entities if e.label == "PERSON" and len(e.text.split()) >= 2]
        entities = sorted(list(entities) + _spokesperson_titles(text, entities), key=lambda e: (e.start, e.end))
        records: list[Official] = []
        last_person: Entity | None = None
        starts = [e.start for e in entities]
        for ss, se in sentences or [(0, len(text))]:
            sent_ents = [e for e in entities[bisect_left(starts, ss):bisect_left(starts, se)]
                         if e.end <= se and e.label in ("TITLE", "ORG", "PERSON", "LOC")]
            subject = None
            if last_person is not None and sent_ents and sent_ents[0].label == "TITLE" \
                    and _IMPLICIT_SUBJECT.fullmatch(text[ss:sent_ents[0].start]):
                subject = last_person   # "Ông là Phó Chủ tịch ...", "4/1985-7/1988: Bí thư ..."
            found = self._link_sentence(text, sent_ents, persons_full, subject)
            records.extend(self._quote_speaker(text, r, entities, persons_full) for r in found)
            last_person = next((e for e in reversed(sent_ents) if e.label == "PERSON" and not _credited(text, e)),
                               last_person)
        return _dedupe(records, self.lex.fused_titles)

    def _quote_speaker(self, text: str, record: Official, entities: list[Entity],
                       persons_full: list[str]) -> Official:
        """An unnamed office that says a quote ("“...”, Trưởng đoàn X nói.") is held by the person
        named last before the quote opened ("Ông Y đề nghị ... “...”, Trưởng đoàn X nói")."""
        if record.person is not None or not _AFTER_QUOTE.search(text, max(0, record.start - 4), record.start) \
                or not _SAYS.match(text, record.end):
            return record
        opened = text.rfind("“", max(0, record.start - 1500), record.start)
        if opened < 0:
            return record
        before = [e for e in entities if e.label == "PERSON" and e.end <= opened and opened - e.end <= 600
                  and not _credited(text, e)]
        if not before:
            return record
        name = _clean_name(_resolve(before[-1].text, persons_full))
        return Official(name, record.title, record.org, record.start, record.end, former=record.former,
                        extra=record.extra)

    def _office(self, text: str, ents: list[Entity], i: int) -> tuple[Office, int]:
        """The office the TITLE at i opens, and the index after what it took: the org or country
        written right after it, a country after that org ("Bộ trưởng Quốc phòng Singapore"), a
        bracketed short form ("Chủ tịch Fed (Cục Dự trữ Liên bang)", "(ĐBQH)"), and a unit it
        belongs to ("của Quốc hội", "tại Liên Hợp Quốc"); a spokesperson also takes the office
        they speak for ("người phát ngôn của Tổng thống Philippines")."""
        e = ents[i]
        org = place = None
        end, j = e.end, i + 1
        serves_next = False
        in_brackets = text[max(0, e.start - 2):e.start].rstrip().endswith("(")
        if j < len(ents) and ents[j].label in ("ORG", "LOC") and (
                text[end:ents[j].start].strip() == ""
                or (ents[j].label == "ORG" and _ORG_HEAD_GAP.fullmatch(text[end:ents[j].start]))
                or (ents[j].label == "ORG" and in_brackets and re.fullmatch(r"\s*\)\s*", text[end:ents[j].start]))):
            # "Tổng Giám đốc ([CEO]) Công ty X": the short form in brackets holds the office of the org after it
            # "Tổng thống Nga Vladimir Putin": the country is where, not an agency
            org, place = (ents[j], None) if ents[j].label == "ORG" else (None, ents[j])
            end, j = ents[j].end, j + 1
        elif j < len(ents) and ents[j].label == "ORG" and ents[j].text[:1].isupper() \
                and _FUSED.search(_key(e.text)) and (unit := _UNIT.fullmatch(text[end:ents[j].start])) \
                and _unit_name(unit, e) \
                and (not unit.group("bracket") or re.match(r"\s*\)", text[ents[j].end:])):
            # "Trưởng phòng Tham mưu Công an TP.HCM", "Trưởng phòng Tàu sông (Cục Đăng kiểm)": the unit's
            # own name is unmarked, its parent is the org
            org, j = ents[j], j + 1
            end = text.index(")", org.end) + 1 if unit.group("bracket") else org.end
        # "người phát ngôn của Tổng thống Philippines X": X speaks, unless the speaker was named
        # before ("ông Y - người phát ngôn của Thủ tướng Đức X": X is the Chancellor)
        spokesperson = bool(_SPOKESPERSON.fullmatch(e.text) or _STAFF.match(e.text)) and not (
            i and ents[i - 1].label == "PERSON" and self._apposition.match(text[ents[i - 1].end:e.start]))
        while j < len(ents):
            nxt, gap = ents[j], text[end:ents[j].start]
            if nxt.label == "LOC" and place is None and gap.strip() in ("", "nước", "của nước"):
                place, end = nxt, nxt.end   # "Thủ tướng Chính phủ nước Cộng hòa ... Việt Nam X"
            elif nxt.label == "LOC" and place is None and org is not None and end == org.end and gap.strip() == "," \
                    and j + 1 < len(ents) and ents[j + 1].label == "PERSON" \
                    and self._bridge(text[nxt.end:ents[j + 1].start], Office(e, org, False)):
                place, end = nxt, nxt.end   # "Trưởng phòng Giáo dục huyện X, tỉnh Y - ông Z"
            elif nxt.label == "ORG" and org is not None and gap.strip() == "" and end == org.end:
                end = nxt.end   # the parent after the unit: "Cục trưởng Cục Khảo thí [Bộ GD-ĐT] X"
            elif nxt.label == "ORG" and org is None and end == e.end and _OF_HEAD.fullmatch(gap):
                org, end = nxt, nxt.end   # "CEO của công ty công nghệ hàng đầu Deloitte"
            elif nxt.label in ("ORG", "LOC") and _OF.fullmatch(gap):
                if org is None and nxt.label == "ORG" and gap.strip() == "của":
                    org = nxt   # "Giám đốc của Công ty X"
                end = nxt.end
            elif nxt.label in ("ORG", "TITLE", "LOC") and re.fullmatch(r"\s*\(\s*", gap) \
                    and re.match(r"\s*\)", text[nxt.end:]):
                end = text.index(")", nxt.end) + 1
                if nxt.label == "TITLE" and org is None and place is None and j + 1 < len(ents) \
                        and ents[j + 1].label == "ORG" and text[end:ents[j + 1].start].strip() == "":
                    org, j = ents[j + 1], j + 1   # "Tổng Giám đốc (CEO) [Công ty X]"
                    end = org.end
            elif spokesperson and nxt.label == "TITLE" and gap.strip() in ("của", ""):
                if self._principal_named(text, ents, j):
                    serves_next = True   # "Cố vấn của Tổng thống Mỹ X, ông Y": X is the President, Y advises
                    break
                end = nxt.end   # speaking for an office: its holder is not the one who speaks
                if j + 1 < len(ents) and ents[j + 1].label in ("ORG", "LOC") \
                        and text[end:ents[j + 1].start].strip() == "":
                    j += 1
                    end = ents[j].end
            else:
                break
            j += 1
        former = bool(self._former.search(text[max(0, e.start - 12):e.start])
                      or _FORMERLY_BEFORE.search(text, max(0, e.start - 30), e.start))
        plural = bool(_PLURAL.search(text[max(0, e.start - 25):e.start]))
        if org is None and place is None and end == e.end and (j >= len(ents) or ents[j].start > end):
            # an org the entities left unmarked, capitalised up to a comma: "Phó Chủ tịch European Super
            # League, Andrea Agnelli" reads like "Chủ tịch CLB X, Y"
            run = _UNMARKED_ORG.match(text, end, ents[j].start if j < len(ents) else len(text))
            if run:
                end = run.end()
        return Office(e, org, former, place, tail=end, plural=plural, serves_next=serves_next), j

    @staticmethod
    def _principal_named(text: str, ents: list[Entity], k: int) -> bool:
        """After a staff office's "của": is the office at ents[k] followed at once by its holder's
        name, then by a second name in apposition ("Tổng thống Mỹ X, ông Y")? Then the first name
        is the principal's and the second the staff's own."""
        end, k = ents[k].end, k + 1
        while k < len(ents) and ents[k].label in ("ORG", "LOC") and text[end:ents[k].start].strip() == "":
            end, k = ents[k].end, k + 1
        if not (k < len(ents) and ents[k].label == "PERSON" and text[end:ents[k].start].strip() == ""):
            return False
        if k + 1 < len(ents) and ents[k + 1].label == "PERSON" and _STAFF_HOLDER.fullmatch(text[ents[k].end:ents[k + 1].start]):
            return True
        # "X, con rể và cũng là cố vấn của Tổng thống Mỹ Y,": the staff's holder was named before
        return k > 0 and any(e.label == "PERSON" for e in ents[max(0, k - 6):k - 2]) \
            and re.match(r"\s*[,.;(]", text[ents[k].end:]) is not None

    def _items(self, text: str, ents: list[Entity]):
        """Offices, persons and ranks of one sentence, in order."""
        items = []
        i = 0
        while i < len(ents):
            e = ents[i]
            if e.label == "TITLE":
                if not_held(text, e):
                    i += 1   # sought, not held, or a board ("Ban Giám đốc"): no office and no holder
                    continue
                if self.title_kind(e.text) == "rank":
                    items.append(("rank", e))
                    i += 1
                    continue
                office, i = self._office(text, ents, i)
                if office.org is None and office.place is None and i < len(ents) and ents[i].label == "ORG" \
                        and _EACH_OF.fullmatch(text[office.title.end:ents[i].start]):
                    # "Bộ trưởng các Bộ A, B và C": the holder of the office in each body, none named
                    bodies = [ents[i]]
                    while i + 1 < len(ents) and ents[i + 1].label == "ORG" \
                            and _LIST_JOIN.fullmatch(text[ents[i].end:ents[i + 1].start]):
                        i += 1
                        bodies.append(ents[i])
                    items.append(("each", EachOf([Office(e, body, office.former) for body in bodies])))
                    i += 1
                    continue
                items.append(("office", office))
                continue
            if e.label == "PERSON":
                items.append(("person", e))
            elif e.label == "ORG":
                items.append(("org", e))
            # a place between items neither links nor breaks a chain
            i += 1
        return items

    def _link_sentence(self, text: str, ents: list[Entity], persons_full: list[str],
                       subject: Entity | None = None) -> list[Official]:
        """Records of one sentence; `subject` is the person a sentence opening with a pronoun or a
        term of office stands for (`link`): its first office chain is theirs."""
        out: list[Official] = []
        items = self._staff_of_named(text, self._items(text, ents), out, persons_full)
        if subject is not None:
            lead = next((k for k, (kind, _) in enumerate(items) if kind != "rank"), len(items))
            if lead < len(items) and items[lead][0] == "office":
                items = items[lead:]   # "Ông là Đại tướng đầu tiên, Tổng tư lệnh ...": the rank gives no office
        w = _Walk(text, items, persons_full, subject, out)
        if subject is not None and items and items[0][0] == "office" and not self._names_follow(text, items, 0):
            w.holder, w.prev_kind, w.prev_end = subject, "person", items[0][1].start
        handle = {"office": self._on_office, "each": self._on_each, "rank": self._on_rank, "person": self._on_person}
        for idx, (kind, item) in enumerate(items):
            handle.get(kind, self._on_org)(w, idx, item)
        w.flush()
        return out + self._list_heads(text, items, persons_full)

    def _listed_names(self, w: _Walk, idx: int) -> list[Entity]:
        """The names listed right before the item at idx ("ông A, bà B và ông C"), in order; [] for fewer than two."""
        names, k = [], idx - 1
        while k >= 0 and w.items[k][0] == "person":
            names.insert(0, w.items[k][1])
            if k == 0 or w.items[k - 1][0] != "person" \
                    or not _LISTED_NAME_GAP.fullmatch(w.text[w.items[k - 1][1].end:w.items[k][1].start]):
                break
            k -= 1
        return names if len(names) >= 2 else []

    def _shared_or_respective(self, w: _Walk, idx: int, item: Office, gap: str | None) -> bool:
        """A list of names, then offices they hold: one office shared by them all ("A và B, hai Phó Chủ tịch
        UBND tỉnh"), or as many offices as names, in the same order ("A và B, lần lượt là Giám đốc và Phó Giám
        đốc Sở X": the org written once is both's). Records them and says whether it did."""
        if w.prev_kind != "person" or gap is None:
            return False
        names = self._listed_names(w, idx)
        if not names:
            return False
        if _SHARED_BY_THE_LIST.fullmatch(gap):
            w.flush()
            w.out.extend(self._record(n, item, w.text, w.persons_full) for n in names)
            w.holder, w.last_offices = names[-1], [item]
            return True
        plain = _LISTED_OFFICES_GAP.fullmatch(gap) is not None
        if _RESPECTIVELY.fullmatch(gap) or plain:
            offices, k = [item], idx
            while len(offices) < len(names) and k + 1 < len(w.items) and w.items[k + 1][0] == "office" \
                    and _LIST_JOIN.fullmatch(w.text[w.items[k][1].end:w.items[k + 1][1].start]):
                k += 1
                offices.append(w.items[k][1])
            if len(offices) != len(names):
                return False
            if plain and (any(o.org is not None for o in offices[:-1]) or offices[-1].org is None
                          or len({_key(o.title.text) for o in offices}) < len(offices)
                          or (k + 1 < len(w.items) and w.items[k + 1][0] == "office")):
                return False   # without "lần lượt", only distinct offices of one org written once at the end
            org = next((o.org for o in reversed(offices) if o.org is not None), None)
            w.flush()
            for name, office in zip(names, offices):
                shared = office if office.org is not None or org is None else replace(office, org=org)
                w.out.append(self._record(name, shared, w.text, w.persons_full))
            w.respective_until = k
            w.holder, w.last_offices = None, None
            return True
        return False

    def _on_office(self, w: _Walk, idx: int, item: Office) -> None:
        gap = w.gap(item)
        if idx <= w.respective_until:
            w.prev_kind, w.prev_end = "office", item.end   # an office already given to its name in the list
            return
        if self._shared_or_respective(w, idx, item, gap):
            w.prev_kind, w.prev_end = "office", item.end
            return
        if self._held_by_name_after(w, idx, gap):
            # "P1, Phó Chủ tịch Quốc hội P2": the office goes to the name after it
            chained = w.prev_kind == "office" and gap is not None and self._chain.match(gap) and w.holder is None \
                and not (w.pending and (_office_and_its_deputy(w.pending[-1], item, gap)
                                        or introduced(w.text, w.pending[-1])))
            if not chained:
                w.flush()
            w.pending.append(item)
            w.holder = None
        elif self._is_alias(w, gap):
            # "Tân Phó Trưởng Ban X là Ủy viên Y": whoever holds the first office holds these
            w.holder = _Alias(w.pending[-1])
            w.out.append(self._record(w.holder, item, w.text, w.persons_full))
        elif self._restarts_after_semicolon(w, idx, gap):
            # "bà X - Chủ tịch Quốc hội; Phó Thủ tướng, Bộ trưởng Ngoại giao Y": after a semicolon,
            # offices chained up to a name are that name's, not the earlier holder's
            w.flush(item)
            w.holder = None
        elif self._continues_chain(w, idx, item, gap):
            if w.holder is not None:
                w.out.append(self._record(w.holder, item, w.text, w.persons_full))
            else:
                w.pending.append(item)
        elif self._in_apposition(w, idx, item, gap):
            # "X, Giám đốc Y"; in a list, "P1 (...); P2 Giám đốc Công ty Z, P3 ..." with no comma
            w.flush()
            w.out.append(self._record(w.holder, item, w.text, w.persons_full))
        else:   # a new chain, waiting for a holder
            w.flush(item)
            w.holder = None
        w.prev_kind, w.prev_end = "office", item.end

    def _held_by_name_after(self, w: _Walk, idx: int, gap: str | None) -> bool:
        """Is the office at idx held by the name after it (`_names_follow`)? A weak link loses to a holder before it."""
        follows = self._names_follow(w.text, w.items, idx)
        if follows == "weak" and gap is not None and (
                (w.prev_kind == "person" and self._apposition.match(gap))
                or (w.prev_kind == "office" and w.holder is not None and self._chain.match(gap))):
            return False   # "ông X làm Giám đốc Sở Y, ông Z nói", "X - Chủ tịch A - Giám đốc B, ông Z": X's
        return bool(follows)

    def _is_alias(self, w: _Walk, gap: str | None) -> bool:
        """"office là office" (`_ALIAS`), no holder named yet."""
        return bool(w.prev_kind == "office" and gap is not None and w.holder is None and w.pending
                    and _ALIAS.match(gap))

    def _restarts_after_semicolon(self, w: _Walk, idx: int, gap: str | None) -> bool:
        """A holder's office, a semicolon, then offices chained up to a name (`_chain_to_name`)."""
        return bool(w.prev_kind == "office" and gap is not None and w.holder is not None
                    and gap.strip().startswith(";") and self._chain_to_name(w.text, w.items, idx))

    def _continues_chain(self, w: _Walk, idx: int, item: Office, gap: str | None) -> bool:
        """"office, office" (`_chain`; `_UNIT_THEN_CHAIN` after a unit's), not an office and its deputy."""
        if w.prev_kind != "office" or gap is None:
            return False
        last = next(it for k, it in reversed(w.items[:idx]) if k == "office")
        return not _office_and_its_deputy(last, item, gap) and bool(
            self._chain.match(gap) or (_UNIT_THEN_CHAIN.fullmatch(gap) and _FUSED.search(_key(last.title.text) or "")))

    def _in_apposition(self, w: _Walk, idx: int, item: Office, gap: str | None) -> bool:
        """"PERSON, office" (`_apposition`, a list item, `_POSTS_OF`), or the sentence subject's first."""
        return bool(w.prev_kind == "person" and gap is not None and (
            self._apposition.match(gap) or (idx == 0 and w.subject is not None)
            or (gap == " " and item.org is not None and _LIST_ITEM_END.match(w.text, item.end))
            or _POSTS_OF.fullmatch(gap)))

    def _on_each(self, w: _Walk, idx: int, item: EachOf) -> None:
        w.flush()
        w.out.extend(r for r in map(_unnamed, item.offices) if r is not None)
        w.holder, w.last_offices = None, None
        w.prev_kind, w.prev_end = "org", item.end

    def _on_rank(self, w: _Walk, idx: int, item: Entity) -> None:
        # "Bộ trưởng Bộ Công an, Thượng tướng Tô Lâm": a rank keeps the chain open
        gap = w.gap(item)
        # "Tân Giám đốc Công an tỉnh X là Đại tá Y": a bridge before the rank keeps it open too
        if not (gap is not None and w.pending and (gap.strip() in ("", ",") or self._is_bridge(gap, w.pending[-1]))):
            w.flush()
            w.holder = None
        w.prev_end = item.end   # the kind before it stays

    def _on_person(self, w: _Walk, idx: int, item: Entity) -> None:
        gap = w.gap(item)
        if w.prev_kind == "person" and gap is not None and _NAME_IN_BRACKETS.match(gap) \
                and (close := _BRACKET_CLOSES.match(w.text, item.end)):
            # "Vương Nghị (Wang Yi), Ngoại trưởng Trung Quốc": the name in brackets is the first one's
            # other writing, and the offices around them are the first name's; unless it is the fuller
            # name the first one shortens ("bà Tư Hường (Trần Thị Hường)", "V.Pu-tin (Vladimir Putin)"),
            # the one the annotators record
            if _shortens(w.holder.text, item.text):
                # offices written before the names were just given to the first (the last records)
                if w.last_offices:
                    w.out[-len(w.last_offices):] = [self._record(item, office, w.text, w.persons_full)
                                                    for office in w.last_offices]
                w.holder = item
            w.prev_end = close.end()
            return
        linked = gap is not None and self._is_bridge(gap, w.pending[-1] if w.pending else None) or (
            w.prev_kind == "rank" and gap is not None and gap.strip() == "")
        if w.pending and linked:
            w.out.extend(self._record(item, office, w.text, w.persons_full) for office in w.pending)
            # "Bộ trưởng X, Y và Z": one title, a list of holders
            w.last_offices, w.pending = w.pending, []
        elif w.prev_kind == "person" and gap is not None and w.last_offices and (_HOLDER_LIST.match(gap) or (
                _HONORED_HOLDER.match(gap) and any(o.plural for o in w.last_offices))) \
                and w.holder is not None and _holder_list(w.text, w.items, idx, gap, w.last_offices):
            w.out.extend(self._record(item, office, w.text, w.persons_full) for office in w.last_offices)
        else:
            w.flush()
            w.last_offices = None
        w.holder = item
        w.prev_kind, w.prev_end = "person", item.end

    def _on_org(self, w: _Walk, idx: int, item: Entity) -> None:
        """An ORG not attached to a title."""
        nxt = w.items[idx + 1][1] if idx + 1 < len(w.items) and w.items[idx + 1][0] == "office" else None
        if w.prev_kind == "person" and nxt is not None and _POSTS_OF.fullmatch(w.text[w.prev_end:nxt.start]):
            return   # "X bị cách các chức vụ trong [Đảng], gồm ...": the org is part of the phrase
        w.flush()
        w.holder = w.last_offices = None
        w.prev_kind, w.prev_end = "org", item.end

    def _staff_of_named(self, text: str, items, out: list[Official], persons_full: list[str]):
        """"Cố vấn cấp cao của Tổng thống Mỹ X, ông Y": Y holds the staff office (recorded here) and
        leaves the items; the principal's office and X link as any office and name."""
        keep, skip = [], set()
        for idx, (kind, item) in enumerate(items):
            if idx in skip:
                continue
            if kind == "office" and item.serves_next and idx + 3 < len(items) \
                    and [k for k, _ in items[idx + 1:idx + 4]] == ["office", "person", "person"]:
                out.append(self._record(items[idx + 3][1], item, text, persons_full))
                skip.add(idx + 3)
                continue
            keep.append((kind, item))
        return keep

    def _list_heads(self, text: str, items, persons_full: list[str]) -> list[Official]:
        """"các đồng chí Ủy viên Trung ương Đảng: P1, Bộ trưởng...; P2, ...": every listed name holds it.
        A list is names (and their own offices) between commas and semicolons: in "Chủ tịch X: Y có
        thể ..." the name after the colon opens a clause and holds nothing."""
        out = []
        for idx, (kind, item) in enumerate(items):
            if kind != "office" or idx + 1 >= len(items):
                continue
            if text[item.end:items[idx + 1][1].start].strip() != ":":
                continue
            prev_end = text.index(":", item.end) + 1
            for n in range(idx + 1, len(items)):
                k2, other = items[n]
                if not _LIST_GAP.fullmatch(text[prev_end:other.start]):
                    break
                if k2 == "person":
                    after = text[other.end:items[n + 1][1].start] if n + 1 < len(items) else text[other.end:other.end + 3]
                    joined = bool(out) and re.match(r"\s*(?:,\s*)?và\s", text[prev_end:other.start]) is not None
                    if after.strip() and after.lstrip()[:1] not in ",;.)" and not after.lstrip().startswith("và ") \
                            and not joined:
                        break   # "Chủ tịch X: Y có thể ...": a clause, no list; "...: A, B và C cùng dự" is one
                    out.append(self._record(other, item, text, persons_full))
                prev_end = other.end
        return out

    def _chain_to_name(self, text: str, items, idx: int) -> bool:
        """Do the offices from idx on, chained ("Phó Thủ tướng, Bộ trưởng X"), end right before a name?"""
        k = idx
        while k + 1 < len(items) and items[k + 1][0] == "office" \
                and self._chain.match(text[items[k][1].end:items[k + 1][1].start]):
            k += 1
        return self._names_follow(text, items, k) is not None

    def _names_follow(self, text: str, items, idx: int) -> str | None:
        """Is the office at idx followed (ranks aside) by a person, and how closely (`_bridge`)?
        A comma before a rank makes the link weak at best: in "X - Giám đốc Sở Y, Thiếu tướng Z -
        Tư lệnh ..." the office is X's, as it would be before ", ông Z"."""
        end = items[idx][1].end
        comma = False
        for kind, item in items[idx + 1:]:
            gap = text[end:item.start]
            if kind == "rank" and gap.strip() in ("", ","):
                comma = comma or gap.strip() == ","
                end = item.end
                continue
            if kind != "person":
                return None
            bridge = self._bridge(gap, items[idx][1])
            return "weak" if bridge and comma else bridge
        return None

    def _record(self, person, office: Office, text: str, persons_full: list[str]) -> Official:
        if isinstance(person, _Alias):
            head = person.office
            return Official(None, office.title.text, office.org.text if office.org else None, office.start,
                            office.end, former=office.former,
                            extra={"org_canonical": office.org.canonical if office.org else None,
                                   "alias_of": (head.title.text, head.org.text if head.org else None,
                                                head.org.canonical if head.org else None)})
        name = _clean_name(_resolve(person.text, persons_full)) if person is not None else None
        start = min(office.start, person.start) if person is not None else office.start
        end = max(office.end, person.end) if person is not None else office.end
        return Official(name, office.title.text, office.org.text if office.org else None, start, end,
                        former=office.former,
                        extra={"org_canonical": office.org.canonical if office.org else None,
                               "place": office.place.text if office.place else None})


def _holder_list(text: str, items, idx: int, gap: str, offices: list[Office]) -> bool:
    """Is the person at idx one more holder of the title before the last one? "Bộ trưởng X và Y",
    "các Thứ trưởng X, Y và Z", "Phó Thủ tướng X, Y, Z và bốn bộ trưởng" (three names or more in
    a comma list), but not "Tổng thống X, Y nhấn mạnh" (a new clause's subject)."""
    if gap.strip() == "và" or any(o.plural for o in offices):
        return True
    names = 1   # the comma list of names that ends at idx, then the names after it
    k = idx
    while k > 0 and items[k - 1][0] == "person" and text[items[k - 1][1].end:items[k][1].start].strip() == ",":
        names += 1
        k -= 1
    end = items[idx][1].end
    for kind, item in items[idx + 1:]:
        between = text[end:item.start].strip()
        if kind != "person" or between not in (",", "và", ", và"):
            return names >= 3
        if between != ",":
            return True
        names += 1
        end = item.end
    return names >= 3


def without_appointers(text: str, entities: list[Entity], records: list[Official]) -> list[Official]:
    """`records` less those whose person is named as the one who appoints ("X được ông Y bổ nhiệm làm Giám đốc":
    Y appoints), whichever of the linker and the scorer linked him to the office after the verb."""
    named_at = {e.start: e for e in entities if e.label == "PERSON"}
    return [r for r in records if not (r.start in named_at and appoints(text, named_at[r.start]))]


@lru_cache(maxsize=1)
def default_linker() -> OfficialsLinker:
    return OfficialsLinker()
