"""What becomes of the officials linker's records: a short name resolved to the full name the
document writes (`_resolve`) and cleaned as a value (`_clean_name`); one record per (person, title),
an office written with no holder yielding to its named holder (`_dedupe`, and once more over the parts
of a long text: `distinct_records`); offices held by "the holder of office X" given to the one person
named in X (`_resolve_aliases`); an administrative document's signers added (`with_signers`). `_key`
is the form names, titles and orgs are compared in."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

from ...text import norm_form
from ..types import Official


def _key(s: str | None) -> str | None:
    if s is None:
        return None
    return " ".join(unicodedata.normalize("NFC", s).lower().split())


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
