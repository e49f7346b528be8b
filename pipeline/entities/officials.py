"""Who holds which office: (person, title, org) records from TITLE/ORG/PERSON entities.

Within a sentence the entities are read as a sequence of items: an *office*
is a TITLE (not a rank) with what is written right after it (its ORG, or a
country: "Tổng thống Nga"; a country after the org, a bracketed short form,
a unit it belongs to: "Chủ nhiệm Ủy ban X của Quốc hội", "Đại sứ Y tại Liên
Hợp Quốc"; the parent after an unmarked unit name: "Trưởng phòng Tham mưu
Công an tỉnh Z"), a *person* is a PERSON. Spokespeople ("người phát ngôn",
"phát ngôn viên") are read from the text when the entities leave them out.
Offices are linked to holders by what separates them:

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

A short name ("ông Nhân", "Tổng thống Park") resolves to the full name seen in
the document ("Nguyễn Thiện Nhân", "Park Geun-hye"). An office with no holder gives
`person: null` when it points at one post (a capitalised title with an org, or a
unique post such as "Thủ tướng"; not a member, a bare deputy, or a plural: "các",
"nhiều đồng chí", "một"), unless the same title and org (as written, shortened or
canonical) has a named record; the one named holder of that title written without
an org after it takes the org instead ("Thứ trưởng Bộ Công Thương" in a headline,
"Thứ trưởng Hoàng Quốc Vượng" in the body).
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..text import norm_form
from .lexicon import Lexicon, default_lexicon
from .types import Entity, Official

# offices held by one person at a time, so "Thủ tướng" alone names a holder
UNIQUE_TITLES = {"thủ tướng", "tổng bí thư", "chủ tịch nước", "phó chủ tịch nước", "chủ tịch quốc hội",
                 "thủ tướng chính phủ"}
# offices a committee has many of: without a name they point at no one
_MEMBERSHIP = {"ủy viên", "ủy viên thường vụ", "ủy viên dự khuyết", "đại biểu", "đbqh", "thành viên"}
# a general's rank written without its grade ("tướng Michael X"): a rank, no office
_BARE_RANKS = {"tướng"}
_RANK_OF = "hàm "
_HOLDER_LIST = re.compile(r"^\s*(,|và)\s*$")
# one more of a plural office's holders, with an honorific: "hai Phó Chủ tịch là ông X và bà Y"
_HONORED_HOLDER = re.compile(r"^\s*(,|và|,\s*và)\s*(?:ông|bà|đồng chí)\s*$")
# what stands between a plural office and the list of its holders: "là các ông", "gồm", "là", "gồm các ông bà:"
_PLURAL_HOLDERS = re.compile(r"(?:là|gồm|gồm có)\s*:?\s*(?:các\s+|hai\s+)?"
                             r"(?:ông|bà|đồng chí|ông bà|ông,\s*bà)?\s*:?")
# a spokesperson is an office the entity stage rarely marks: "người phát ngôn Bộ Ngoại giao X",
# "X, phát ngôn viên của Y"; the linker reads the words itself
_SPOKESPERSON = re.compile(r"(?=[NnPp])(?<!\w)(?:[Nn]gười phát ngôn|[Pp]hát ngôn viên)(?!\w)")
# offices that serve another office ("Thư ký báo chí của Tổng thống, ông X"), read like a spokesperson's
_STAFF = re.compile(r"(?:phó\s+)?(?:thư ký|trợ lý|cố vấn|đặc phái viên|đặc sứ)(?!\w)", re.IGNORECASE)
_STAFF_HOLDER = re.compile(r"\s*(?:,|-|–)\s*(?:(?:ông|bà)\s+)?")
# words before a title that make it several holders: "các Phó Chủ tịch", "nhiều đồng chí Ủy viên"
# ("một Thành viên HĐQT" is one of several too)
_PLURAL = re.compile(r"(?:^|\s)(?:các|những|nhiều|hai|ba|bốn|một|một số|mấy|\d+)(?:\s+(?:đồng chí|vị|ông|bà|tân))?\s+$",
                     re.IGNORECASE)
# what ties a unit to the office before it: "Chủ nhiệm Ủy ban X của Quốc hội", "Đại sứ Ai Cập tại Liên Hợp Quốc"
_OF = re.compile(r"\s+(?:của|tại|thuộc)\s+")
# an org head word's lower-case description before the org's name: "tập đoàn [thực phẩm hàng đầu thế giới] JBS"
_DESCRIPTION = r"(?:\s+(?!của|tại|và|là|ông|bà)[a-zà-ỹđ]+){0,8}\s+"
# "của" and an org head word with its description: "CEO của công ty công nghệ hàng đầu Deloitte"
_OF_HEAD = re.compile(r"\s+của\s+(?:công ty|tập đoàn|hãng|ngân hàng|câu lạc bộ|CLB|tổ chức)" + _DESCRIPTION)
# the unmarked name of a unit between a fused head and its parent: "Trưởng phòng [Tham mưu] Công an tỉnh"
_UNIT = re.compile(r"\s+(?P<first>[A-ZĐ][\w&]*|(?P<lower>\w+))(?P<rest>(?:\s+[\w&]+){0,14})\s*(?P<comma>,\s*)?(?P<bracket>\(\s*)?")
# lower-case words between an office and its holder's name: the office's portfolio
_PORTFOLIO = re.compile(r"(?:\s+[a-zà-ỹđ]+){1,6}\s+")
# capitalised words right after an office, up to a comma: an org the entities left unmarked
_UNMARKED_ORG = re.compile(r"(?:\s+[A-ZĐ][\w&.'-]*){1,5}(?=\s*,)")
# words that end a unit's name and open a clause: "Trưởng phòng Tham mưu cho biết Công an ..."
_NOT_UNIT_WORDS = {"cho", "biết", "là", "đã", "đang", "sẽ", "được", "bị", "khi", "nói", "cũng", "vừa", "không",
                   "có", "này", "đó", "đến", "với", "trong", "tại", "của", "thuộc", "theo", "ông", "bà", "người"}
# verbs and links that make the words after an office a clause, not its portfolio ("Chủ tịch tiếp X")
_NOT_PORTFOLIO_WORDS = _NOT_UNIT_WORDS | {
    "và", "hay", "hoặc", "rời", "đi", "gặp", "tiếp", "thăm", "mời", "yêu", "cầu", "đề", "nghị", "chỉ", "đạo",
    "trao", "tặng", "hỏi", "gửi", "giao", "kiểm", "tra", "phê", "bình", "khen", "ký", "cùng"}
# an org's head word the org span left out: "Tổng giám đốc CLB [Boeung Ket]", "Giám đốc công ty [X]"
_ORG_HEAD_GAP = re.compile(r"\s+(?:CLB|câu lạc bộ|công ty|Công ty|tập đoàn|Tập đoàn|hãng|Hãng)" + _DESCRIPTION)
# a fused head's unmarked unit, then "kiêm": "Trưởng phòng [Tham mưu] kiêm người phát ngôn Công an tỉnh X"
_UNIT_THEN_CHAIN = re.compile(r"\s+[A-ZĐ][\w&]*(?:\s+[\w&]+){0,2}\s*,?\s+kiêm\s+")
_FUSED = re.compile(r"(?:phòng|khoa|ban|chủ nhiệm|trưởng)$")   # heads that fuse with a unit's name
_OPENERS = {"theo", "tại", "trong", "ngoài", "sau", "khi", "với", "cùng", "đến", "từ", "về", "cho", "và"}
# an age or birth year opening a parenthesis before an office: "X (36 tuổi, Giám đốc Y)"
# "X (45 tuổi, quê Y), nguyên Chủ tịch Z", "X, SN 1971, Chủ tịch Z", "X, 45 tuổi, Giám đốc Z"
_ASIDE = r"\s*\([^()]{1,80}\)\s*,|\s*,\s*(?:(?:SN|[Ss]inh năm)\s*\d{4}|\d{1,3}\s*tuổi)\s*,"
_AGE = (r"\(\s*(?:(?:\d{1,3}\s*tuổi|SN\s*\d{4}|[Ss]inh năm\s*\d{4})\s*[,;]\s*"
        r"(?:(?:ở|trú(?:\s+(?:tại|ở))?|quê(?:\s+ở)?|ngụ(?:\s+(?:tại|ở))?)\s+[^()]{1,60}?\s*[,;–-]\s*)?)?")
# verbs that state an office: "X được bổ nhiệm làm Giám đốc Y", "X làm Tổng giám đốc", "X giữ chức ...",
# "X trở thành Tổng thống", "X được chỉ định làm Thủ tướng"
# (former holders count: "từng là", "thôi giữ chức"; "đã tuyên thệ nhậm chức" takes office)
_HOLDS = (r"(?:được\s+(?:điều động,?\s*)?(?:bổ nhiệm|bầu|phân công|giao|chỉ định|đề bạt)"
          r"(?:\s+(?:làm|giữ chức(?:\s+vụ)?|là))?"
          r"|(?:và\s+)?(?:hiện\s+|nay\s+|từng\s+|vẫn\s+)?(?:đang\s+)?(?:giữ chức(?:\s+vụ)?|làm|là)|đồng thời là"
          r"|(?:đã\s+)?(?:trở thành|lên làm|đảm nhận(?:\s+(?:chức(?:\s+vụ)?|vị trí|cương vị))?)"
          r"|(?:đã\s+)?(?:tuyên thệ\s+)?nhậm chức|(?:đã\s+)?thôi(?:\s+giữ)?\s+chức(?:\s+vụ)?)")


def _key(s: str | None) -> str | None:
    if s is None:
        return None
    return " ".join(unicodedata.normalize("NFC", s).lower().split())


@dataclass
class Office:
    title: Entity
    org: Entity | None
    former: bool
    place: Entity | None = None
    tail: int | None = None      # end of what the office absorbed after its org ("(Fed)", "của Quốc hội")
    plural: bool = False         # several holders ("các Phó Chủ tịch", "Bốn Bộ trưởng"): no unnamed record
    serves_next: bool = False    # a staff office whose principal is named next, its own holder after that

    @property
    def start(self) -> int:
        return self.title.start

    @property
    def end(self) -> int:
        return max((self.org or self.place or self.title).end, self.tail or 0)


@dataclass
class EachOf:
    """One office in each body of a list ("Bộ trưởng các Bộ A, B và C"), its holders not named."""
    offices: list[Office]

    @property
    def start(self) -> int:
        return self.offices[0].start

    @property
    def end(self) -> int:
        return self.offices[-1].end


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
                                 r"|đồng thời(?:\s+cũng)?\s+là|kiêm nhiệm))" + either + r"\s*$")
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
            from .lexicon import _key as lex_key

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
        if office is not None and office.plural and _PLURAL_HOLDERS.fullmatch(g):
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
        if j < len(ents) and ents[j].label in ("ORG", "LOC") and (
                text[end:ents[j].start].strip() == ""
                or (ents[j].label == "ORG" and _ORG_HEAD_GAP.fullmatch(text[end:ents[j].start]))):
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
        former = bool(self._former.search(text[max(0, e.start - 12):e.start]))
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
        return (k + 1 < len(ents) and ents[k].label == "PERSON" and text[end:ents[k].start].strip() == ""
                and ents[k + 1].label == "PERSON" and bool(_STAFF_HOLDER.fullmatch(text[ents[k].end:ents[k + 1].start])))

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
        items = self._items(text, ents)
        out: list[Official] = []
        items = self._staff_of_named(text, items, out, persons_full)
        pending: list[Office] = []     # offices waiting for a holder written after them
        holder: Entity | None = None   # person an office chain written after it belongs to
        last_offices: list[Office] | None = None  # offices the last holder was linked to
        prev_end = None
        prev_kind = None
        if subject is not None:
            lead = next((k for k, (kind, _) in enumerate(items) if kind != "rank"), len(items))
            if lead < len(items) and items[lead][0] == "office":
                items = items[lead:]   # "Ông là Đại tướng đầu tiên, Tổng tư lệnh ...": the rank gives no office
        if subject is not None and items and items[0][0] == "office" and not self._names_follow(text, items, 0):
            holder, prev_kind, prev_end = subject, "person", items[0][1].start
        for idx, (kind, item) in enumerate(items):
            start = item.start
            gap = text[prev_end:start] if prev_end is not None else None
            follows = self._names_follow(text, items, idx) if kind == "office" else None
            if follows == "weak" and gap is not None and (
                    (prev_kind == "person" and self._apposition.match(gap))
                    or (prev_kind == "office" and holder is not None and self._chain.match(gap))):
                follows = None   # "ông X làm Giám đốc Sở Y, ông Z nói", "X - Chủ tịch A - Giám đốc B, ông Z": X's
            if follows:
                # "P1, Phó Chủ tịch Quốc hội P2": the office goes to the name after it
                chained = prev_kind == "office" and gap is not None and self._chain.match(gap) and holder is None \
                    and not (pending and _office_and_its_deputy(pending[-1], item, gap))
                if not chained:
                    out.extend(self._flush(pending, text))
                    pending = []
                pending.append(item)
                holder = None
            elif kind == "office":
                if prev_kind == "office" and gap is not None and holder is None and pending \
                        and _ALIAS.match(gap):
                    # "Tân Phó Trưởng Ban X là Ủy viên Y": whoever holds the first office holds these
                    holder = _Alias(pending[-1])
                    out.append(self._record(holder, item, text, persons_full))
                elif prev_kind == "office" and gap is not None and holder is not None \
                        and gap.strip().startswith(";") and self._chain_to_name(text, items, idx):
                    # "bà X - Chủ tịch Quốc hội; Phó Thủ tướng, Bộ trưởng Ngoại giao Y": after a semicolon,
                    # offices chained up to a name are that name's, not the earlier holder's
                    out.extend(self._flush(pending, text))
                    pending = [item]
                    holder = None
                elif prev_kind == "office" and gap is not None and not _office_and_its_deputy(
                        next(it for k, it in reversed(items[:idx]) if k == "office"), item, gap) and (
                        self._chain.match(gap) or (_UNIT_THEN_CHAIN.fullmatch(gap) and _FUSED.search(
                            _key(next(it for k, it in reversed(items[:idx]) if k == "office").title.text) or ""))):
                    if holder is not None:
                        out.append(self._record(holder, item, text, persons_full))
                    else:
                        pending.append(item)
                elif prev_kind == "person" and gap is not None and (
                        self._apposition.match(gap) or (idx == 0 and subject is not None)
                        or (gap == " " and item.org is not None and _LIST_ITEM_END.match(text, item.end))
                        or _POSTS_OF.fullmatch(gap)):
                    # "X, Giám đốc Y"; in a list, "P1 (...); P2 Giám đốc Công ty Z, P3 ..." with no comma
                    out.extend(self._flush(pending, text))
                    pending = []
                    out.append(self._record(holder, item, text, persons_full))
                else:
                    out.extend(self._flush(pending, text))
                    pending = [item]
                    holder = None
            elif kind == "each":
                out.extend(self._flush(pending, text))
                out.extend(r for r in map(_unnamed, item.offices) if r is not None)
                pending, holder, last_offices = [], None, None
                prev_kind, prev_end = "org", item.end
                continue
            elif kind == "rank":
                # "Bộ trưởng Bộ Công an, Thượng tướng Tô Lâm": a rank keeps the chain open
                if not (gap is not None and (gap.strip() in ("", ",")) and pending):
                    out.extend(self._flush(pending, text))
                    pending = []
                    holder = None
                prev_end = item.end
                continue
            elif kind == "person":
                linked = gap is not None and self._is_bridge(gap, pending[-1] if pending else None) or (
                    prev_kind == "rank" and gap is not None and gap.strip() == "")
                if pending and linked:
                    for office in pending:
                        out.append(self._record(item, office, text, persons_full))
                    # "Bộ trưởng X, Y và Z": one title, a list of holders
                    holder = item
                    pending_list = pending
                    pending = []
                    prev_kind, prev_end = "person", item.end
                    last_offices = pending_list
                    continue
                if prev_kind == "person" and gap is not None and last_offices and (_HOLDER_LIST.match(gap) or (
                        _HONORED_HOLDER.match(gap) and any(o.plural for o in last_offices))) \
                        and holder is not None and _holder_list(text, items, idx, gap, last_offices):
                    for office in last_offices:
                        out.append(self._record(item, office, text, persons_full))
                    holder = item
                    prev_kind, prev_end = "person", item.end
                    continue
                out.extend(self._flush(pending, text))
                pending = []
                last_offices = None
                holder = item
            else:  # an ORG not attached to a title
                nxt = items[idx + 1][1] if idx + 1 < len(items) and items[idx + 1][0] == "office" else None
                if prev_kind == "person" and nxt is not None and _POSTS_OF.fullmatch(text[prev_end:nxt.start]):
                    continue   # "X bị cách các chức vụ trong [Đảng], gồm ...": the org is part of the phrase
                out.extend(self._flush(pending, text))
                pending = []
                holder = None
                last_offices = None
            prev_kind, prev_end = kind, item.end
        out.extend(self._flush(pending, text))
        out.extend(self._list_heads(text, items, persons_full))
        return out

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
                    if after.strip() and after.lstrip()[:1] not in ",;.)":
                        break
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

    def _flush(self, pending: list[Office], text: str) -> list[Official]:
        out = []
        if any(office.plural for office in pending):
            return out  # "nhiều đồng chí Ủy viên Bộ Chính trị, Bí thư Trung ương Đảng": several holders
        if len(pending) >= 3:
            return out  # "đối tượng cảnh vệ gồm: Tổng Bí thư, Chủ tịch nước, Thủ tướng": a list of posts, no holders
        return [r for r in map(_unnamed, pending) if r is not None]


# academic degrees before a name: "PGS. TS", "GS.TSKH", "ThS."
_DEGREES = re.compile(r"(?<![\w.])(?:pgs|gs|tskh|ts|ths|bs|ks|nsnd|nsưt)\b\.?\s*", re.IGNORECASE)
# what closes an item of a list of people and their offices: "..., P2 Giám đốc Công ty Z, P3 ..."
_LIST_ITEM_END = re.compile(r"\s*(?:$|[,;).]|và\s)")
# "Giám đốc X khi đó là Y": when, between an office and its holder
_THEN = re.compile(r"^(?:khi đó|lúc đó|khi ấy|lúc ấy|bấy giờ|hiện nay|hiện)\s+(?=là\b)")
# a Vietnamese local government written as its place: "Chủ tịch huyện Thạch Hà", "Bí thư Hà Nội"
_LOCAL_HEADS = {"chủ tịch", "bí thư"}
_ADMIN_PLACE = re.compile(r"(?i)^(?:huyện|tỉnh|quận|thị xã|xã|phường|thị trấn|tp\.?|thành phố)\s")


def _unnamed(office: Office) -> Official | None:
    """The record of an office written with no holder, where it points at one holder."""
    title = office.title.text
    key = _key(title)
    # a spokesperson is written in lower case in running text ("người phát ngôn của Văn phòng Thủ tướng Anh")
    if not (title[:1].isupper() or _SPOKESPERSON.fullmatch(title)) or key == "phó" or key.startswith("phó ") \
            or any(key == m or key.startswith(m + " ") for m in _MEMBERSHIP):
        return None  # generic, a member, or one of several deputies: no single holder
    if office.org is not None or key in UNIQUE_TITLES or _local_office(office):
        return office_record(office)
    return None


def office_record(office: Office, **extra) -> Official:
    """The record of `office` with no holder, its org as written and canonical (plus `extra`)."""
    org = office.org
    return Official(None, office.title.text, org.text if org else None, office.start, office.end,
                    former=office.former, extra={"org_canonical": org.canonical if org else None, **extra})


# one office over each body of a list: "Bộ trưởng các Bộ Công Thương, Giao thông Vận tải", "Giám đốc các sở: ..."
_EACH_OF = re.compile(r"\s+các(?:\s+(?:bộ|Bộ|sở|Sở|ngành|cơ quan))?\s*:?\s*")
_LIST_JOIN = re.compile(r"\s*(?:,|và|,\s*và|;)\s*")


def _office_and_its_deputy(first: Office, second: Office, gap: str) -> bool:
    """"Thủ tướng và Phó Thủ tướng X", "Giám đốc và Phó Giám đốc Sở": an office and its deputy joined
    by "và" are two people's, not one person's two offices. Deputy of another body ("Bí thư Chi bộ
    khoa và Phó Bí thư Đảng bộ bệnh viện") is the same person's second office."""
    if gap.strip() != "và" or (first.org is not None and second.org is not None
                               and not _same_org(first.org.text, second.org.text)):
        return False
    a, b = _key(first.title.text), _key(second.title.text)
    return a is not None and b is not None and (b == "phó " + a or a == "phó " + b)


def _local_office(office: Office) -> bool:
    """Does an office written with a place only point at one holder ("Chủ tịch huyện X")?"""
    return office.place is not None and _key(office.title.text) in _LOCAL_HEADS \
        and bool(_ADMIN_PLACE.match(office.place.text))


# a sentence whose subject is the person named before it: "Ông là ...", "Bà từng giữ chức ...", a
# line of a career ("4/1985-7/1988: ...", "Từ tháng 3/2010 đến nay: ...")
_IMPLICIT_SUBJECT = re.compile(
    r"\s*(?:[-–•+*]\s*)?(?:"
    # a subject pronoun (after a short time adverbial) and a verb of holding: "Ông là ...",
    # "Năm 2020, anh trở thành CEO ...", "Bà đảm đương vai trò Chủ tịch ..."
    r"(?:(?:(?:(?:Từ|Đến|Cuối|Đầu|Giữa)\s+)?(?:năm|Năm|tháng|Tháng)\s+[\d/]+|Sau đó|Trước đó|Hiện nay|Hiện tại)"
    r"\s*,\s*)?(?:Ông|ông|Bà|bà|Anh|anh|Chị|chị)\s+(?:(?:hiện|nay|từng|đang|cũng|vẫn|đã|sau đó|trước đó)\s+)*"
    r"(?:là|làm|giữ chức(?:\s+vụ)?|giữ vị trí|được bổ nhiệm(?:\s+(?:làm|giữ chức(?:\s+vụ)?))?|được bầu(?:\s+làm)?"
    r"|trở thành|đảm nhận|đảm nhiệm|đảm đương(?:\s+vai trò)?|lên làm|được đề bạt(?:\s+(?:làm|giữ chức))?)"
    # a career line: "4/1985-7/1988: Bí thư ..."
    r"|(?:Từ\s+)?(?:tháng\s+)?(?:\d{1,2}/)?\d{4}\s*(?:[-–]|đến)\s*(?:tháng\s+)?(?:(?:\d{1,2}/)?\d{4}|nay)\s*:)"
    r"(?:\s*(?:nguyên|cựu))?\s*")
# an office right after a closing quote, then a verb of saying: the quote's speaker
_AFTER_QUOTE = re.compile(r"”\s*,\s*(?:(?:ông|bà|vị)\s+)?$")
_SAYS = re.compile(r"\s*(?:nói|cho hay|cho biết|khẳng định|nhấn mạnh|chia sẻ|giải thích|bày tỏ|thông tin|"
                   r"nhận định|nhận xét|phát biểu|trả lời|lưu ý|đề nghị|kiến nghị)(?!\w)")
# a photo or source credit names no one the text is about: "Ảnh: X", "Nguồn: Y"
_CREDIT = re.compile(r"(?:Ảnh|ảnh|Video|Clip|Nguồn|Tác giả|Đồ họa)\s*:\s*$")


def _credited(text: str, person: Entity) -> bool:
    """Is the name a photo or source credit ("Ảnh: X")?"""
    return bool(_CREDIT.search(text[max(0, person.start - 20):person.start]))


_ALIAS = re.compile(r"^\s*(?:,\s*)?(?:là|hiện là|cũng là|đồng thời là)\s*$")
# the board of an office's holders, not one of them: "Ban Giám đốc Trung tâm X", "ban giám hiệu"
_BOARD = re.compile(r"(?<!\w)[Bb]an\s+$")
# a person's posts listed after the person: "X bị cách hết các chức vụ trong Đảng, gồm Bí thư ..."
_POSTS_OF = re.compile(r"[^.;:\n“”\"]{0,60}?(?:các|những|\d+)\s+chức (?:vụ|danh)[^.;\n“”\"]{0,40}?"
                       r"(?:gồm|là|như)\s*:?\s*(?:nguyên\s+|cựu\s+)?")
# roles that introduce someone else after an office, never its holder: "Theo vị Giám đốc Trung tâm X,
# tài xế Y chỉ là ..." (a former official on trial is still "bị cáo X": those stay bridges)
_NOT_HOLDERS = {"học sinh", "sinh viên", "bệnh nhân", "nạn nhân", "tài xế", "lái xe", "nông dân", "cháu", "con"}
# an office sought, not held: "ứng viên Tổng thống X", "cuộc bầu cử Tổng thống", "tranh cử Thống đốc"
_SOUGHT = re.compile(r"(?:ứng viên|ứng cử viên|ứng cử|tranh cử|bầu cử|chạy đua vào ghế|chiếc ghế|ghế)\s+$",
                     re.IGNORECASE)


def not_held(text: str, title: Entity) -> bool:
    """A title sought ("ứng viên Tổng thống X") or naming a board ("Ban Giám đốc"): nobody holds it here."""
    return bool(_SOUGHT.search(text[max(0, title.start - 24):title.start])
                or _BOARD.search(text[max(0, title.start - 4):title.start]))


def _unit_name(unit: re.Match, title: Entity) -> bool:
    """Does the text `_UNIT` matched between a fused head and an ORG read as the unit's own name?
    Up to fifteen words, none of which opens a clause ("Trưởng phòng Cảnh sát điều tra tội phạm về
    ma túy Công an tỉnh X"); a lower-case unit only after a lower-case head ("trưởng phòng an ninh
    điều tra Công an Hà Tĩnh"); a comma before the parent only after a capitalised unit
    ("Trưởng phòng Tổ chức cán bộ, Sở Y tế tỉnh X")."""
    words = [unit.group("first"), *unit.group("rest").split()]
    if words[0].lower() in _OPENERS or any(w.lower() in _NOT_UNIT_WORDS for w in words):
        return False
    if unit.group("lower") and (title.text[:1].isupper() or not words[0][:1].isalpha()):
        return False
    return not (unit.group("comma") and unit.group("lower"))


@dataclass
class _Alias:
    """The unnamed holder of an office, standing for whoever the document names in it."""
    office: Office


_LIST_GAP = re.compile(r"[\s,;:–-]*(?:và\s*)?(?:đồng chí\s*|ông\s*|bà\s*)?", re.IGNORECASE)


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


def _spokesperson_titles(text: str, entities: list[Entity]) -> list[Entity]:
    """"người phát ngôn" / "phát ngôn viên" the entities leave unmarked, as TITLE entities for the linker."""
    taken = [(e.start, e.end) for e in entities]
    return [Entity("TITLE", m.start(), m.end(), m.group()) for m in _SPOKESPERSON.finditer(text)
            if not any(a < m.end() and m.start() < b for a, b in taken)]


def _clean_name(name: str) -> str:
    """A name as a value: no zero-width characters, no space after a hyphen ("Moon Jae- in")."""
    return re.sub(r"-\s+(?=\w)", "-", re.sub(r"[\u200b-\u200d\u2060\ufeff]", "", name))


# words that put a name in a relation rather than lengthen it ("Bác Hồ Chí Minh" is "Hồ Chí Minh")
_KIN_WORDS = frozenset({"bác", "ông", "bà", "anh", "chị", "chú", "cô", "cụ", "ngài", "đồng", "chí"})


def _resolve(name: str, persons_full: list[str]) -> str:
    """A short name to the full name the document writes: "Nhân" to the one full name ending with
    it ("Nguyễn Thiện Nhân"; the most written one if several), a family name written first to the
    one full name starting with it ("Park" to "Park Geun-hye"), a name to its hyphenated writing
    ("Park Geunhye" to "Park Geun-hye"), and a name that ends one longer name to that name
    ("Tayyip Erdogan" to "Recep Tayyip Erdogan", "Bin Salman" to "Mohammed bin Salman")."""
    if "-" not in name:
        squashed = name.replace(" ", "").lower()
        hyphenated = {p for p in persons_full if "-" in p and p.replace("-", "").replace(" ", "").lower() == squashed}
        if len(hyphenated) == 1:
            return hyphenated.pop()
    words = name.split()
    if len(words) >= 2:   # whatever the case of the particles: "Bin Salman" to "Mohammed bin Salman"
        lows = name.lower().split()
        longer = {p for p in persons_full if len(p.split()) > len(words) and p.lower().split()[-len(words):] == lows
                  and not set(p.lower().split()[:-len(words)]) <= _KIN_WORDS}   # "Bác Hồ Chí Minh" adds no name
        if not longer:   # "James Comey" to "James B. Comey": the same first and last name, more between
            longer = {p for p in persons_full if len(p.split()) > len(words) and p.split()[0] == words[0]
                      and p.split()[-1] == words[-1]}
        return longer.pop() if len(longer) == 1 else name
    ending = [p for p in persons_full if p.split()[-1] == name]
    if not ending:
        starting = {p for p in persons_full if p.split()[0] == name}
        return starting.pop() if len(starting) == 1 else name
    counts = Counter(ending).most_common(2)
    return counts[0][0] if len(counts) == 1 or counts[0][1] > counts[1][1] else name


def _same_org(a: str | None, b: str | None) -> bool:
    """Two writings of one agency: equal, one the other's word prefix ("UBND tỉnh" and "UBND tỉnh
    Thừa Thiên Huế"), or a ministry with and without "Bộ" ("Bộ Giáo dục và Đào tạo", "Giáo dục và
    Đào tạo")."""
    a, b = _key(a), _key(b)
    if not a or not b:
        return False
    a, b = a.removeprefix("bộ "), b.removeprefix("bộ ")
    short, long = sorted((a, b), key=len)
    return long == short or long.startswith(short + " ")


# short forms of offices, for an unnamed record to find the named holder ("GĐ Sở X" in a headline,
# "Giám đốc Sở X Y" in the body)
_SHORT_TITLES = {"gđ": "giám đốc", "pgđ": "phó giám đốc", "tgđ": "tổng giám đốc", "ct": "chủ tịch",
                 "pct": "phó chủ tịch", "tbt": "tổng bí thư", "ptt": "phó thủ tướng", "ctn": "chủ tịch nước"}


def _title_key(title: str | None) -> str | None:
    key = _key(title)
    return _SHORT_TITLES.get(key, key)


# a minister's office: fused with its unit, yet a ministry is one post ("Thứ trưởng Bộ GD&ĐT")
_MINISTER = re.compile(r"(?i)(?:phó\s+)?(?:bộ trưởng|thứ trưởng)\b")


def _one_writing_per_holder(by_key: dict[tuple, Official]) -> dict[tuple, Official]:
    """A short name the resolver left alone because two full names end with it ("Tổng thống Trump"
    in a text that names "Donald Trump" and "Ivanka Trump") is the one full name holding the same
    title: their two records become the full name's."""
    by_title: dict[str, list[tuple[list[str], Official]]] = {}
    for (person, title), r in by_key.items():
        if person is not None:
            by_title.setdefault(title, []).append((person.split(), r))
    dropped: set[int] = set()
    for holders in by_title.values():
        if len(holders) < 2:
            continue
        for words, r in holders:
            longer = [n for other, n in holders if len(other) > len(words) and other[-len(words):] == words
                      and id(n) not in dropped]
            if len(longer) == 1:
                dropped.add(id(r))
                if longer[0].org is None and r.org is not None:
                    longer[0].org, longer[0].extra = r.org, r.extra
    if not dropped:
        return by_key
    return {k: r for k, r in by_key.items() if id(r) not in dropped}


def _in_capitals(record: Official) -> bool:
    """The record's person and title are written in capitals (a headline, a signature block)."""
    letters = [c for c in f"{record.person or ''}{record.title or ''}" if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _dedupe(records: list[Official], fused_titles=frozenset()) -> list[Official]:
    """One record per (person, title); a null-person record yields to a named one with the same
    title and the same org (as written, canonical or abbreviated), and to the one named holder of
    that title whose org the text leaves out ("Thứ trưởng Bộ Công Thương" in a headline, "Thứ
    trưởng Hoàng Quốc Vượng" in the body, or the other way round), who takes the org. A title fused
    with its unit ("Trưởng ban") mentioned later unnamed may be another unit's holder and stays
    ("Trưởng ban Ban Biên giới Vientiane" after the delegation's own "Trưởng ban"); a minister's
    does not (a ministry has one)."""
    records = _resolve_aliases(records)
    by_key: dict[tuple, Official] = {}
    for r in records:
        k = (_key(r.person), _key(r.title))
        if k in by_key and _in_capitals(by_key[k]) and not _in_capitals(r):
            # a headline's "BỘ TRƯỞNG NGUYỄN VĂN AN": the record takes the running text's writing
            if r.org is None and by_key[k].org is not None:
                r.org, r.extra = by_key[k].org, by_key[k].extra
            by_key[k] = r
            continue
        if k in by_key:
            if by_key[k].org is None and r.org is not None:
                by_key[k].org = r.org
                by_key[k].extra = r.extra
            continue
        by_key[k] = r
    by_key = _one_writing_per_holder(by_key)
    named = [r for r in by_key.values() if r.person is not None]
    out = []
    for r in by_key.values():
        if r.person is None:
            same_title = [n for n in named if _title_key(n.title) == _title_key(r.title)]
            if r.org is None and same_title:
                continue
            if any(_org_key(n) == _org_key(r) or _same_org(n.org, r.org)
                   or _same_org(n.extra.get("org_canonical"), r.extra.get("org_canonical")) for n in same_title):
                for n in same_title:   # keep the fuller writing: "UBND tỉnh" -> "UBND tỉnh Thừa Thiên Huế"
                    if _same_org(n.org, r.org) and len(r.org) > len(n.org):
                        n.org, n.extra = r.org, {**n.extra, "org_canonical": r.extra.get("org_canonical")}
                continue
            unplaced = [n for n in same_title if n.org is None and not n.extra.get("place")
                        and (r.start < n.start or norm_form(r.title) not in fused_titles
                             or _MINISTER.match(r.title))]
            if len(unplaced) == 1 and len(same_title) == 1:
                unplaced[0].org = r.org
                unplaced[0].extra = {**unplaced[0].extra, "org_canonical": r.extra.get("org_canonical")}
                continue
        out.append(r)
    return sorted(out, key=lambda r: r.start)


def distinct_records(records: list[dict]) -> list[dict]:
    """Officials records of a text read in parts (`language.analyze_long`) as one text's: each part
    is deduplicated by the linker, the whole once more here (`_dedupe`: one record per person and
    title, an unnamed office yielding to its named holder)."""
    offices = [Official(r.get("person"), r["title"], r.get("org"), r["start"], r["end"], bool(r.get("former")),
                        {"record": k}) for k, r in enumerate(records)]
    return [{**records[o.extra["record"]], "org": o.org} for o in _dedupe(offices)]


def _resolve_aliases(records: list[Official]) -> list[Official]:
    """Offices held by "the holder of office X" go to the one person the document names in X
    (same title, same org); with no such person they are dropped."""
    out = []
    for r in records:
        alias = r.extra.get("alias_of")
        if alias is None:
            out.append(r)
            continue
        title, org, canonical = alias
        holders = {n.person for n in records if n.person is not None and _key(n.title) == _key(title)
                   and (_key(n.org) == _key(org) or _same_org(n.org, org)
                        or (canonical and _key(n.extra.get("org_canonical")) == _key(canonical)))}
        if len(holders) == 1:
            r.person = holders.pop()
            r.extra = {k: v for k, v in r.extra.items() if k != "alias_of"}
            out.append(r)
    return out


def _org_key(r: Official):
    return _key(r.extra.get("org_canonical") or r.org)


@lru_cache(maxsize=1)
def default_linker() -> OfficialsLinker:
    return OfficialsLinker()


def with_signers(found: list[dict], signers: list[dict]) -> list[dict]:
    """An administrative document's signers (pipeline/admin) added to the officials the
    text gives, in text order; a signer's (person, title) replaces what the
    linker made of the same signature."""
    if not signers:
        return found
    keys = {(s["person"], s["title"]) for s in signers}
    spans = [(s["start"], s["end"]) for s in signers]
    rest = [o for o in found if (o["person"], o["title"]) not in keys
            and not any(a <= o["start"] < b or o["start"] <= a < o["end"] for a, b in spans)]
    return sorted(rest + signers, key=lambda o: (o["start"], o["end"]))
