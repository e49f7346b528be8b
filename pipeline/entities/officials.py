"""Who holds which office: (person, title, org) records from TITLE/ORG/PERSON entities.

Within a sentence the entities are read as a sequence of items: an *office*
is a TITLE (not a rank) with the ORG written right after it, a *person* is a
PERSON. Offices are linked to holders by what separates them:

- office [rank] [honorific] PERSON: "Cục trưởng Cục Hải quan TP.HCM Đinh Ngọc Thắng",
  "Bộ trưởng Bộ Công an, Thượng tướng Tô Lâm", "Chủ tịch UBND tỉnh ông X";
- PERSON, office / PERSON - office / PERSON (office: "ông X, Phó Chủ tịch UBND tỉnh Y";
- office, office ... PERSON and PERSON, office, office: one person with several
  offices ("Ủy viên Bộ Chính trị, Bí thư Thành ủy TP.HCM Nguyễn Thiện Nhân");
- "PERSON, PERSON, PERSON" after one title: a list of holders of that title.

A short name ("ông Nhân") resolves to the full name seen in the document
("Nguyễn Thiện Nhân"). An office with no holder gives `person: null` when it
points at one post (a capitalised title with an org, or a unique post such as
"Thủ tướng"), unless the same title and org has a named record already.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language

from ..admin.component import officials_of
from ..extensions import doc_text
from .lexicon import Lexicon, default_lexicon
from .types import Entity, Official

# offices held by one person at a time, so "Thủ tướng" alone names a holder
UNIQUE_TITLES = {"thủ tướng", "tổng bí thư", "chủ tịch nước", "phó chủ tịch nước", "chủ tịch quốc hội",
                 "thủ tướng chính phủ"}
# offices a committee has many of: without a name they point at no one
_MEMBERSHIP = {"ủy viên", "ủy viên thường vụ", "ủy viên dự khuyết", "đại biểu", "đbqh", "thành viên"}
_HOLDER_LIST = re.compile(r"^\s*(,|và)\s*$")


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

    @property
    def start(self) -> int:
        return self.title.start

    @property
    def end(self) -> int:
        return (self.org or self.place or self.title).end


class OfficialsLinker:
    def __init__(self, lexicon: Lexicon | None = None):
        self.lex = lexicon or default_lexicon()
        self.honorifics = {" ".join(k) for k in self.lex.table["HONORIFIC"]}
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
        self._chain = re.compile(r"^\s*(,|;|kiêm|và|,\s*kiêm|-|–)" + either + r"\s*$")
        self._apposition = re.compile(r"^\s*(,|-|–|\(|là|,\s*hiện là|, nguyên là|, là)" + either + r"\s*$")
        # only "nguyên"/"cựu": a "tân Bộ trưởng" holds the title now
        self._former = re.compile(rf"(?:^|\s)({words(('former',))})\s+$")

    def title_kind(self, text: str) -> str | None:
        from .lexicon import _key as lex_key

        entries = self.lex.table["TITLE"].get(lex_key(text))
        return entries[0].info if entries else None

    def _is_bridge(self, gap: str) -> bool:
        """Text between an office and its holder that keeps them linked."""
        g = gap.strip().lower()
        return g == "" or g in self.honorifics

    def link(self, text: str, entities: list[Entity], sentences: list[tuple[int, int]]) -> list[Official]:
        persons_full = [e.text for e in entities if e.label == "PERSON" and len(e.text.split()) >= 2]
        records: list[Official] = []
        for ss, se in sentences or [(0, len(text))]:
            sent_ents = [e for e in entities if ss <= e.start and e.end <= se
                         and e.label in ("TITLE", "ORG", "PERSON", "LOC")]
            records.extend(self._link_sentence(text, sent_ents, persons_full))
        return _dedupe(records)

    def _items(self, text: str, ents: list[Entity]):
        """Offices, persons and ranks of one sentence, in order."""
        items = []
        i = 0
        while i < len(ents):
            e = ents[i]
            if e.label == "TITLE":
                kind = self.title_kind(e.text)
                if kind == "rank":
                    items.append(("rank", e))
                    i += 1
                    continue
                org = None
                if i + 1 < len(ents) and ents[i + 1].label in ("ORG", "LOC") \
                        and text[e.end:ents[i + 1].start].strip() == "":
                    # "Tổng thống Nga Vladimir Putin": the country is where, not an agency
                    org = ents[i + 1] if ents[i + 1].label == "ORG" else None
                    place = ents[i + 1] if ents[i + 1].label == "LOC" else None
                    i += 1
                else:
                    place = None
                former = bool(self._former.search(text[max(0, e.start - 12):e.start]))
                items.append(("office", Office(e, org, former, place)))
            elif e.label == "PERSON":
                items.append(("person", e))
            elif e.label == "LOC":
                pass  # a place between items neither links nor breaks a chain
            else:
                items.append(("org", e))
            i += 1
        return items

    def _link_sentence(self, text: str, ents: list[Entity], persons_full: list[str]) -> list[Official]:
        items = self._items(text, ents)
        out: list[Official] = []
        pending: list[Office] = []     # offices waiting for a holder written after them
        holder: Entity | None = None   # person an office chain written after it belongs to
        last_offices: list[Office] | None = None  # offices the last holder was linked to
        prev_end = None
        prev_kind = None
        for idx, (kind, item) in enumerate(items):
            start = item.start
            gap = text[prev_end:start] if prev_end is not None else None
            if kind == "office" and self._names_follow(text, items, idx):
                # "P1, Phó Chủ tịch Quốc hội P2": the office goes to the name after it
                if not (prev_kind == "office" and gap is not None and self._chain.match(gap) and holder is None):
                    out.extend(self._flush(pending, text))
                    pending = []
                pending.append(item)
                holder = None
            elif kind == "office":
                if prev_kind == "office" and gap is not None and self._chain.match(gap):
                    if holder is not None:
                        out.append(self._record(holder, item, text, persons_full))
                    else:
                        pending.append(item)
                elif prev_kind == "person" and gap is not None and self._apposition.match(gap):
                    out.extend(self._flush(pending, text))
                    pending = []
                    out.append(self._record(holder, item, text, persons_full))
                else:
                    out.extend(self._flush(pending, text))
                    pending = [item]
                    holder = None
            elif kind == "rank":
                # "Bộ trưởng Bộ Công an, Thượng tướng Tô Lâm": a rank keeps the chain open
                if not (gap is not None and (gap.strip() in ("", ",")) and pending):
                    out.extend(self._flush(pending, text))
                    pending = []
                    holder = None
                prev_end = item.end
                continue
            elif kind == "person":
                linked = gap is not None and self._is_bridge(gap) or (
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
                if prev_kind == "person" and gap is not None and _HOLDER_LIST.match(gap) \
                        and last_offices and holder is not None:
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
                out.extend(self._flush(pending, text))
                pending = []
                holder = None
                last_offices = None
            prev_kind, prev_end = kind, item.end
        out.extend(self._flush(pending, text))
        out.extend(self._list_heads(text, items, persons_full))
        return out

    def _list_heads(self, text: str, items, persons_full: list[str]) -> list[Official]:
        """"các đồng chí Ủy viên Trung ương Đảng: P1, Bộ trưởng...; P2, ...": every listed name holds it."""
        out = []
        for idx, (kind, item) in enumerate(items):
            if kind != "office" or idx + 1 >= len(items):
                continue
            if text[item.end:items[idx + 1][1].start].strip() != ":":
                continue
            for k2, other in items[idx + 1:]:
                if k2 == "person":
                    out.append(self._record(other, item, text, persons_full))
        return out

    def _names_follow(self, text: str, items, idx: int) -> bool:
        """Is the office at idx followed directly (ranks and honorifics aside) by a person?"""
        end = items[idx][1].end
        for kind, item in items[idx + 1:]:
            gap = text[end:item.start]
            if kind == "rank" and gap.strip() in ("", ","):
                end = item.end
                continue
            return kind == "person" and self._is_bridge(gap)
        return False

    def _record(self, person: Entity | None, office: Office, text: str, persons_full: list[str]) -> Official:
        name = _resolve(person.text, persons_full) if person is not None else None
        start = min(office.start, person.start) if person is not None else office.start
        end = max(office.end, person.end) if person is not None else office.end
        return Official(name, office.title.text, office.org.text if office.org else None, start, end,
                        former=office.former,
                        extra={"org_canonical": office.org.canonical if office.org else None})

    def _flush(self, pending: list[Office], text: str) -> list[Official]:
        out = []
        for office in pending:
            title = office.title.text
            if not title[:1].isupper() or _key(title) in _MEMBERSHIP or _key(title).startswith("phó "):
                continue  # generic, a member, or one of several deputies: no single holder
            if office.org is not None or _key(title) in UNIQUE_TITLES:
                out.append(Official(None, title, office.org.text if office.org else None,
                                    office.start, office.end, former=office.former,
                                    extra={"org_canonical": office.org.canonical if office.org else None}))
        return out


def _resolve(name: str, persons_full: list[str]) -> str:
    """A short name ("Nhân") to the one full name in the document ending with it."""
    if len(name.split()) >= 2:
        return name
    matches = {p for p in persons_full if p.split()[-1] == name}
    return matches.pop() if len(matches) == 1 else name


def _dedupe(records: list[Official]) -> list[Official]:
    """One record per (person, title); a null-person record yields to a named one."""
    by_key: dict[tuple, Official] = {}
    for r in records:
        k = (_key(r.person), _key(r.title))
        if k in by_key:
            if by_key[k].org is None and r.org is not None:
                by_key[k].org = r.org
                by_key[k].extra = r.extra
            continue
        by_key[k] = r
    named = {(_key(r.title), _org_key(r)) for r in by_key.values() if r.person is not None}
    named_titles = {_key(r.title) for r in by_key.values() if r.person is not None}
    out = []
    for r in by_key.values():
        if r.person is None and ((_key(r.title), _org_key(r)) in named
                                 or (r.org is None and _key(r.title) in named_titles)):
            continue
        out.append(r)
    return sorted(out, key=lambda r: r.start)


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


class OfficialsComponent:
    def __init__(self, nlp, name: str):
        self.linker = default_linker()

    def to_disk(self, path, *, exclude=()):
        """The lexicons the linker reads (titles, honorifics), as their TSV files."""
        self.linker.lex.to_disk(Path(path) / "lexicons")

    def from_disk(self, path, *, exclude=()):
        """Read back the lexicons `to_disk` wrote."""
        self.linker = OfficialsLinker(Lexicon(Path(path) / "lexicons"))
        return self

    def __call__(self, doc):
        ents = sorted(doc._.entities, key=lambda e: e.start)
        found = [o.to_dict() for o in self.linker.link(doc_text(doc), ents, doc._.sentence_spans or [])]
        doc._.officials = with_signers(found, officials_of(doc))
        return doc


@Language.factory("officials", default_config={}, assigns=["doc._.officials"], requires=["doc.ents"])
def make_officials(nlp, name: str):
    """The "officials" factory: (person, title, agency) from the entities, into `doc._.officials`."""
    return OfficialsComponent(nlp, name)
