"""One id per official and per agency, whatever the spelling.

Why: the tables split one official over several rows ("Phó TT" and "Phó Thủ
tướng", "UB Kiểm tra TƯ" and "Ủy ban Kiểm tra Trung ương") and one agency over
several names ("Hải quan TP.HCM" and "Cục Hải quan TP.HCM"), so counts per
official or per agency are wrong. The registry maps each mention to a stable id
made from a normalised key, and gives the canonical name and title.

What it reuses rather than repeats (corpora/lexicons/, read through
`pipeline.entities.lexicon`): abbreviations.tsv (TƯ, GD&ĐT, HCM ...),
org_heads.tsv (UBND -> Ủy ban nhân dân ...), orgs.tsv (whole names: QH ->
Quốc hội), titles.tsv (the canonical spelling of a title), loc_admin.tsv (TP ->
thành phố), places.tsv and countries.tsv (province names, TP.HCM ->
Thành phố Hồ Chí Minh), honorifics.txt ("ông", "bà" before a name) and
persons.tsv (Bác Hồ -> Hồ Chí Minh).

What it adds: corpora/lexicons/registry_aliases.tsv, in the same format users write
their own alias files in, one `kind<TAB>alias<TAB>canonical` per line:
- `abbr`   an abbreviation inside agency names ("UB" -> "Ủy ban");
- `org`    a whole agency name ("Hải quan TP.HCM" style names are better served
           by `head`);
- `head`   an agency head that stands for a longer head before a place
           ("Hải quan" -> "Cục Hải quan": "Hải quan TP.HCM" is the Cục);
- `title`  a title or its abbreviation ("TT" -> "Thủ tướng"; "Phó TT" then
           follows, since Phó/Quyền/Thường trực are handled around any title);
- `person` another name for one person ("Bác Hồ" -> "Hồ Chí Minh").
A malformed line is refused with its file and line number (`AliasError`),
rather than skipped: a silently ignored alias would quietly split counts.

How the agency key is made: the name is normalised (NFC, one tone placement),
abbreviations and heads are expanded, a trailing place is replaced by its
canonical unit (absorbing "tỉnh", "TP", "thành phố" before it, so "UBND TP Hà
Nội", "UBND Hà Nội" and "Ủy ban nhân dân thành phố Hà Nội" meet; a city written
before its province's name stays the city), a name written with other joiners
takes a known agency's spelling ("Bộ Giáo dục Đào tạo", "Bộ GD & ĐT"), and the
key is that string lower-cased. A body that is not the state's (a company,
school, paper, hospital) is shown as written, and its key leaves the place's
administrative word out (`_agency_name_forms`). The canonical name writes the head as the lexicon
does and the administrative word in lower case inside the name ("Ủy ban nhân
dân tỉnh Quảng Ninh", not "... Tỉnh Quảng Ninh").

Inside one document `resolve_record` also resolves short forms: "ông Phúc" is
the one "Nguyễn Xuân Phúc" named in the same document, and "UBND tỉnh" is the
one "UBND tỉnh Hà Giang" named there, when exactly one candidate exists.

Ids are "person-" / "agency-" + 12 hex digits of the SHA-1 of the key: stable
across runs, workers and batches, with no state to keep. A person's key is the
name and, for an official whose agency names a place, that place (`_person_id`):
namesakes serving in two provinces are two people, while an official who moves
from a province to a ministry gets a second id (the cost of keeping no state).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from ..entities.lexicon import LEXICON_DIR
from ..entities.syllables import is_acronym
from ..entities.truecase import uncapped_name
from ..text import normalize
from ..text.normalize import in_capitals
from .sectors import SITE

DEFAULT_ALIASES = LEXICON_DIR / "registry_aliases.tsv"
ALIAS_KINDS = ("abbr", "org", "head", "title", "person")

# "TP.HCM" -> TP . HCM; "GD&ĐT" and "VH-TT&DL" stay one token (abbreviations.tsv has them whole)
TOKEN = re.compile(r"\w+(?:[&\-]\w+)*|[^\w\s]")
TITLE_PREFIXES = (("quyền phó", "Quyền Phó"), ("phó", "Phó"), ("quyền", "Quyền"))
TITLE_SUFFIXES = (("thường trực", "Thường trực"), ("thứ nhất", "thứ nhất"))
_PERSON_PREFIX_DROP = ("nguyên", "cố", "tân")


class AliasError(ValueError):
    """A malformed alias line: the message starts with file:line."""


def norm(text: str) -> str:
    """NFC, one tone placement, single spaces: the form every key is built from."""
    t = normalize(unicodedata.normalize("NFC", text)).text
    return " ".join(t.split())


def _id(prefix: str, key: str) -> str:
    return f"{prefix}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}"


def _person_id(name: str, place: str | None = None) -> str:
    """A person's id: of the name, and of the place their agency serves when it names one. Names
    repeat (there are many a Nguyễn Văn Hùng), so the director of a department in Hà Giang and a
    customs chief in Đà Nẵng who share one are two people; a national agency's official, or a name
    with no agency, has the name's id."""
    return _id("person", name.lower() + (f"@{place.lower()}" if place else ""))


def _rows(path: Path):
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:   # say where, as for any other malformed line
        line = data[:exc.start].count(b"\n") + 1
        raise AliasError(f"{path}:{line}: not valid UTF-8 (byte {exc.start}: {exc.reason}); "
                         f"save the file as UTF-8") from None
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield lineno, [c.strip() for c in line.split("\t")]


def _without_accents(text: str) -> bool:
    """Letters and no Vietnamese diacritic: a name typed without accents (or a foreign one)."""
    from ..text.accents import strip_accents

    return any(c.isalpha() for c in text) and strip_accents(text) == text


def read_aliases(path: str | Path) -> list[tuple[str, str, str]]:
    """Rows (kind, alias, canonical) of an alias file; a malformed line raises AliasError."""
    path = Path(path)
    out = []
    for lineno, cells in _rows(path):
        where = f"{path}:{lineno}"
        if len(cells) != 3:
            raise AliasError(f"{where}: expected 3 tab-separated fields (kind, alias, canonical), "
                             f"got {len(cells)}")
        kind, alias, canonical = cells
        if kind not in ALIAS_KINDS:
            raise AliasError(f"{where}: unknown kind {kind!r}; expected one of {', '.join(ALIAS_KINDS)}")
        if not alias or not canonical:
            raise AliasError(f"{where}: empty alias or canonical")
        out.append((kind, alias, canonical))
    return out


def alias_conflicts(paths) -> list[tuple[str, str]]:
    """(file:line, message) for each line giving an alias that an earlier line gave another canonical
    name: the later line wins, so a typo would move counts without a word. The files are valid
    (`read_aliases` has read them)."""
    given: dict[tuple[str, str], tuple[str, str]] = {}
    out = []
    for path in map(Path, paths):
        for lineno, (kind, alias, canonical) in _rows(path):
            key, where = (kind, norm(alias).lower()), f"{path}:{lineno}"
            before = given.get(key)
            if before and norm(before[1]) != norm(canonical):
                out.append((where, f"{kind} alias {alias!r} was given {before[1]!r} at {before[0]}; "
                                   f"this line's {canonical!r} is the one used"))
            given[key] = (where, canonical)
    return out


@dataclass(frozen=True)
class Agency:
    agency_id: str
    canonical: str


@dataclass(frozen=True)
class Person:
    person_id: str
    canonical: str


# titles fused with their unit (corpora/lexicons/fused_titles.txt) -> the unit's head word (not "Trưởng
# khoa": the org after it is mostly the hospital, "BV Bạch Mai")
_FUSED_UNITS = {t: unit for unit, titles in (
    ("Ban", ("trưởng ban", "phó trưởng ban", "trưởng ban thường trực", "phó trưởng ban thường trực", "phó ban")),
    ("Phòng", ("trưởng phòng", "phó trưởng phòng", "phó phòng")),
    ("Văn phòng", ("chánh văn phòng", "phó chánh văn phòng")),
    # "Bộ trưởng Y tế", "Thứ trưởng GD-ĐT", "Bộ trưởng Tài chính Mỹ": the ministry ("Y tế" alone was an agency
    # of its own, holding India's minister as well as Vietnam's)
    ("Bộ", ("bộ trưởng", "thứ trưởng", "quyền bộ trưởng", "thứ trưởng thường trực"))) for t in titles}
# a provincial or district Party committee's name says its level: "Tỉnh ủy Quảng Trị", not "Tỉnh ủy tỉnh
# Quảng Trị" ("Thành ủy Thành phố Hồ Chí Minh" is the city's own name)
_LEVEL_TWICE = re.compile(r"\b(Tỉnh ủy|Huyện ủy|Quận ủy|Thị ủy) (?:tỉnh|huyện|quận|thị xã) (?=[^\W\d_])")


_BARE_LEVEL = re.compile(r"(?<=\s)(tp\.?|tx\.?)$")
_LEVEL_WORDS = {"tp": "thành phố", "tx": "thị xã"}
_SCHOOL_WORD = re.compile(r"^Trường (?=(?:Đại học|Cao đẳng) )", re.IGNORECASE)
# a name ending with a province's or district's level and no place ("Văn phòng UBND tỉnh", "Hạt kiểm lâm huyện")
_ENDS_WITH_A_LEVEL = re.compile(r"\s(?:tỉnh|huyện|quận|thị xã|thành phố|tp\.?|tx\.?)$")
# "thôn" (a village) as a word of a name ("Sở Nông nghiệp và Phát triển nông thôn Nghệ An"), not a unit
_RURAL = re.compile(r"nông thôn", re.I)
# a "&" standing alone between words of a name is "và" ("Sở Giáo dục & Đào tạo")
_AMPERSAND = re.compile(r"(\S+) & (\S+(?: \S+)?)")
_LOOSE_DROP = re.compile(r"(?:(?<=\s)|^)(?:và|&)(?=\s|$)|[,\-–]")
# heads before which a place takes its administrative word ("Sở Y tế Hà Nội" -> "... thành phố Hà Nội");
# a company, school, paper or hospital keeps the name it is written with ("Hoàng Anh Gia Lai", "Báo Lào Cai")
_GOVERNMENT_HEADS = ("local", "named", "self")


_TIERS = {"tỉnh": "province", "huyện": "district", "quận": "district", "thị xã": "district", "xã": "commune",
          "phường": "commune", "thị trấn": "commune"}


def _tier(admin: str) -> str:
    """The level of an administrative word; "?" for "thành phố", which names a province-level city or a
    district-level one."""
    return _TIERS.get(admin, "?")


def _other_unit(written: str, own: str) -> bool:
    """A written administrative word names another unit than the place's own word: a city or district
    before a province's name, a commune before a district's; not a level the unit has since changed."""
    if _tier(own) == "province":
        return written != "tỉnh"
    return "?" not in (_tier(written), _tier(own)) and _tier(written) != _tier(own)


def _and(m: re.Match) -> str:
    """ "&" as "và" between Vietnamese words ("Thể thao & Du lịch"), kept in "Rothschild & Cie"."""
    vietnamese = not (m.group(1) + m.group(2)).isascii()
    return f"{m.group(1)} {'và' if vietnamese else '&'} {m.group(2)}"


def _loose(name: str) -> str:
    """`name` lower-cased without the words and marks that join its parts ("và", "&", ",", "-")."""
    return " ".join(_LOOSE_DROP.sub(" ", name.lower()).split())


def shown(name: str | None) -> str | None:
    """A canonical agency name as the tables show it, without a level said twice; the registry's own
    form (`Agency.canonical`) keeps the level, so ids and the places read from names stay as they were."""
    return _LEVEL_TWICE.sub(r"\1 ", name) if name else name


def _toks(text: str) -> list[str]:
    return TOKEN.findall(text)


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def _remembered(cache: dict, surface: str | None, compute) -> str | None:
    """`compute(surface)` once per surface form (None for an empty mention); the cache is emptied
    when it grows past 200,000 forms."""
    if not surface or not surface.strip():
        return None
    if surface not in cache:
        if len(cache) > 200_000:
            cache.clear()
        cache[surface] = compute(surface)
    return cache[surface]


class Registry:
    """Resolves agency, title and person mentions to canonical names and stable ids."""

    def __init__(self, alias_files: Iterable[str | Path] = (), lexicon_dir: str | Path = LEXICON_DIR,
                 default_aliases: bool = True):
        self.lexicon_dir = Path(lexicon_dir)
        # token sequences (as written, case-sensitive) -> expansion, inside names
        self.expand: dict[tuple[str, ...], str] = {}
        # same, matched lower-cased (heads and admin words written in any case)
        self.expand_lower: dict[tuple[str, ...], str] = {}
        self.whole_org: dict[str, str] = {}        # lower-cased normalised name -> canonical
        self.heads: dict[str, str] = {}            # lower-cased head -> canonical head (longest first)
        self.head_kind: dict[str, str] = {}
        self.head_alias: dict[str, str] = {}       # lower-cased head -> longer head before a place
        self.places: dict[tuple[str, ...], tuple[str, str]] = {}  # tokens -> (admin word, name)
        self.provinces: dict[str, str] = {}        # a province's name -> its admin word ("Hà Nội" -> "thành phố")
        self.after_admin: set[tuple[str, ...]] = set()
        self.admin_words: dict[tuple[str, ...], str] = {}
        self.titles: dict[str, str] = {}           # lower-cased title -> canonical
        self.title_alias: dict[str, str] = {}
        self.person_alias: dict[str, str] = {}
        self.honorifics: list[str] = []
        self._load_lexicons()
        self._refresh()
        files = ([DEFAULT_ALIASES] if default_aliases and DEFAULT_ALIASES.exists() else []) + list(alias_files)
        for f in files:
            self.add_aliases(read_aliases(f))
        self._refresh()

    def _refresh(self) -> None:
        """Derived lookups, rebuilt whenever entries are added."""
        self._heads_longest_first = sorted(self.heads, key=len, reverse=True)
        self._longest_expansion = max((len(k) for k in self.expand), default=1)
        self._local_heads = sorted({(self.heads[h].lower(), len(_toks(self.heads[h])))
                                    for h, kind in self.head_kind.items() if kind in ("local", "self")},
                                   key=lambda x: -x[1])
        self._loose_known = {_loose(c): c for c in (*self.expand.values(), *self.heads.values(),
                                                     *self.whole_org.values())}
        self._loose_whole = {_loose(c) for c in self.whole_org.values()}
        self._cache: dict = {}
        self._person_cache: dict = {}

    # -- loading -------------------------------------------------------------------

    def _lex(self, name: str):
        for _, cells in _rows(self.lexicon_dir / name):
            yield cells

    def _load_lexicons(self) -> None:
        for abbr, expansion in self._lex("abbreviations.tsv"):
            self.expand[tuple(_toks(norm(abbr)))] = expansion
        for surface, kind, canonical in self._lex("org_heads.tsv"):
            key = norm(surface).lower()
            self.heads.setdefault(key, canonical)
            self.head_kind.setdefault(key, kind)
            if surface != canonical:
                self.expand[tuple(_toks(norm(surface)))] = canonical
        for surface, canonical in self._lex("orgs.tsv"):
            self.whole_org.setdefault(norm(surface).lower(), canonical)
        for canonical in list(self.whole_org.values()):   # a whole name written out is itself
            self.whole_org.setdefault(norm(canonical).lower(), canonical)
        for surface, canonical, _takes in self._lex("loc_admin.tsv"):
            self.admin_words[tuple(t.lower() for t in _toks(norm(surface)))] = canonical.lower()
        for surface, kind, canonical in self._lex("places.tsv"):
            self._add_place(surface, canonical, after_admin=(kind == "after_admin"))
            if kind == "province":
                admin, name = self.places[tuple(_toks(norm(surface)))]
                self.provinces.setdefault(name, admin)
        for surface, canonical in self._lex("countries.tsv"):
            if canonical.startswith(("Tỉnh ", "Thành phố ")):
                self._add_place(surface, canonical)
        for surface, _kind in self._lex("titles.tsv"):
            self.titles.setdefault(norm(surface).lower(), norm(surface))
        self.honorifics = sorted((norm(c[0]).lower() for c in self._lex("honorifics.txt")),
                                 key=len, reverse=True)
        for surface, canonical in self._lex("persons.tsv"):
            self.person_alias[norm(surface).lower()] = canonical

    def _add_place(self, surface: str, canonical: str, after_admin: bool = False) -> None:
        canonical = norm(canonical)
        for prefix in ("Tỉnh ", "Thành phố ", "Quận ", "Huyện ", "Thị xã "):
            if canonical.startswith(prefix):
                admin, name = prefix.strip().lower(), canonical[len(prefix):]
                break
        else:
            admin, name = "", canonical
        key = tuple(_toks(norm(surface)))
        self.places.setdefault(key, (admin, name))
        if after_admin:
            self.after_admin.add(key)

    def add_aliases(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """Add (kind, alias, canonical) rows, later rows winning.

        Abbreviations go in first, whatever their place in the file, since whole
        agency names are stored expanded."""
        rows = list(rows)
        for kind, alias, canonical in rows:
            if kind == "abbr":
                self.expand[tuple(_toks(norm(alias)))] = canonical
        self._refresh()
        for kind, alias, canonical in rows:
            if kind == "org":
                self.whole_org[self._expanded(alias).lower()] = canonical
                self.whole_org[norm(alias).lower()] = canonical
            elif kind == "head":
                self.head_alias[norm(alias).lower()] = norm(canonical)
            elif kind == "title":
                self.title_alias[norm(alias).lower()] = norm(canonical)
            elif kind == "person":
                self.person_alias[norm(alias).lower()] = norm(canonical)
        self._refresh()

    # -- agencies --------------------------------------------------------------------

    def _expanded(self, text: str) -> str:
        """Abbreviations and heads expanded, token by token, longest match first."""
        toks = _toks(norm(text))
        out: list[str] = []
        i = 0
        longest = self._longest_expansion
        while i < len(toks):
            if i + 2 < len(toks) and toks[i + 1] in ("&", "-"):
                joined = toks[i] + toks[i + 1] + toks[i + 2]   # "GD & ĐT", "GD - ĐT": the abbreviation spaced out
                exp = self.expand.get((joined,))
                if exp is not None:
                    out.append(exp)
                    i += 3
                    continue
            for n in range(min(longest, len(toks) - i), 0, -1):
                exp = self.expand.get(tuple(toks[i:i + n]))
                if exp is not None:
                    out.append(exp)
                    i += n
                    break
            else:
                out.append(toks[i])
                i += 1
        text = " ".join(out)
        # "TP . Hồ Chí Minh" -> "TP. Hồ Chí Minh"; "VH - TT" stays as the tokens were
        return re.sub(r"\s+([.,])", r"\1", text)

    def _split_place(self, toks: list[str]) -> tuple[list[str], tuple[str, str, bool] | None]:
        """(the tokens before a trailing place, (admin word, place name, whether the admin word is
        written)) or (toks, None). A written admin word wins over the place's own where it names another
        unit ("TP. Lào Cai" is the city, not "tỉnh Lào Cai"), not where the unit has since changed level."""
        for start in range(len(toks)):
            rest = toks[start:]
            if start and _RURAL.fullmatch(f"{toks[start - 1]} {rest[0]}"):
                continue   # "Phát triển nông thôn Nghệ An": "thôn" (a village) is a word of the name there
            # an admin word ("tỉnh", "TP", "TP.", "thành phố") may come first
            admin = None
            for n in (2, 1):
                if len(rest) > n and tuple(t.lower() for t in rest[:n]) in self.admin_words:
                    admin = self.admin_words[tuple(t.lower() for t in rest[:n])]
                    rest = rest[n:]
                    if rest and rest[0] == ".":
                        rest = rest[1:]
                    break
            key = tuple(rest)
            if key in self.places and (admin or key not in self.after_admin):
                place_admin, name = self.places[key]
                if admin and place_admin and _other_unit(admin, place_admin):
                    # "TP. Lào Cai" is the province's city and "xã Ninh Hải" a commune of the district; a
                    # level the unit has since changed ("huyện" for a "thị xã") is the same unit
                    place_admin = admin
                return toks[:start], (place_admin or admin or "", name, bool(admin))
            if admin and rest and start > 0 and all(t[:1].isupper() for t in rest if t.isalpha()):
                # an admin word + a capitalised name the lexicon does not know ("huyện Phù Mỹ")
                return toks[:start], (admin, " ".join(rest), True)
        return toks, None

    def agency_name(self, surface: str | None) -> str | None:
        """The canonical name of an agency as written; None for an empty mention."""
        forms = _remembered(self._cache, surface, self._agency_forms)
        return forms and forms[0]

    def _agency_forms(self, surface: str) -> tuple[str, str]:
        if SITE.fullmatch(surface.strip()):
            return surface.strip(), surface.strip().lower()   # "dantri.com.vn" is a site's name, not tokens
        return self._agency_name_forms(uncapped_name(surface))

    def _agency_name_forms(self, surface: str) -> tuple[str, str]:
        """(the canonical name, the name its id is made from). They differ for a name that is not a
        state body's: a company, school, paper or hospital is shown as written, with the place's
        administrative word where the text writes it and not where it does not ("Hoàng Anh Gia Lai",
        "Báo Lào Cai"), and its id leaves that word out, so "Trường Cao đẳng tỉnh Lào Cai" and
        "Trường Cao đẳng Lào Cai" are one school. A state body's name takes the word either way
        ("Sở Y tế Hà Nội" is "Sở Y tế thành phố Hà Nội") and is its own key."""
        whole = self.whole_org.get(norm(surface).lower())
        if whole:
            return whole, whole
        expanded = self._expanded(surface.strip(" \"'“”‘’()[],.;:"))
        whole = self.whole_org.get(expanded.lower())
        if whole:
            return whole, whole
        toks = _toks(expanded)
        body, place = self._split_place(toks)
        name = re.sub(r"\s+([.,])", r"\1", " ".join(body))
        low = name.lower()
        # canonical head spelling ("Ủy ban nhân dân"), longest head first
        head_kind = None
        for head in self._heads_longest_first:
            if low == head or low.startswith(head + " "):
                head_kind = self.head_kind.get(head)
                n_head = len(self.heads[head])
                # "&" between words is "và" in a Vietnamese agency's name, not in "Marca & AS"
                name = _AMPERSAND.sub(_and, self.heads[head] + name[len(head):])
                # "Sở Lao động, Thương binh và Xã hội": the known spelling of what follows the head
                tail = name[n_head:].strip()
                if tail and _loose(tail) != " ".join(tail.lower().split()):   # written with joiners
                    name = name[:n_head] + " " + self._known_spelling(tail)
                break
        name = self._known_spelling(name)
        low = name.lower()
        key = None
        if place:
            for head, longer in self.head_alias.items():
                if low == head:
                    name = longer
            admin, pname, written = place
            if body and head_kind not in _GOVERNMENT_HEADS and (admin in _TIERS or admin == "thành phố"):
                key = _cap(" ".join(f"{name} {pname}".split()))
                if not written:
                    admin = ""
            name = f"{name} {admin} {pname}".strip() if admin else f"{name} {pname}".strip()
        elif low in self.whole_org:
            name = self.whole_org[low]
        name = _cap(" ".join(name.split()))
        # "Trường Đại học Bách khoa Hà Nội" and "Đại học Bách khoa Hà Nội" are one university
        return name, _SCHOOL_WORD.sub("", key or name)

    def _known_spelling(self, name: str) -> str:
        """A known agency's own spelling for `name` written with other joiners ("Bộ Giáo dục Đào tạo",
        "Bộ Lao động-Thương binh và Xã hội", "Bộ Giáo dục và đào tạo Việt Nam"); else `name`."""
        known = self._loose_known
        key = _loose(name)
        if key in known:
            return known[key]
        if key.endswith(" việt nam") and key[:-9] in known and (known[key[:-9]].startswith("Bộ ")
                                                                or key[:-9] in self._loose_whole):
            return known[key[:-9]]   # a ministry, the Government, needs no country after it
        return name

    def _place_admin(self, name: str) -> str:
        """The administrative word of a place's own name ("tỉnh" for "Lào Cai", "thành phố" for "Hà Nội")."""
        return self.places.get(tuple(_toks(name)), ("", ""))[0]

    def agency_place(self, name: str | None) -> str | None:
        """The place an agency's name ends with ("Nghệ An" for "Ủy ban nhân dân tỉnh Nghệ An", "huyện Phù
        Mỹ" for a district the lexicon does not know); None for a national agency or none."""
        if not name:
            return None
        key = ("place", name)
        if key not in self._cache:
            _, place = self._split_place(_toks(self._expanded(name)))
            self._cache[key] = place[1] if place and place[1] else None
        return self._cache[key]

    def has_head(self, name: str | None) -> bool:
        """Whether a (canonical) agency name opens with a known head ("Công an", "Sở", "Trường"): a
        body, not a club, firm or lottery named with a place ("SHB Đà Nẵng", "XSKT Cần Thơ")."""
        low = norm(name or "").lower()
        return any(low.startswith(head + " ") for head in self._heads_longest_first)

    def agency(self, surface: str | None) -> Agency | None:
        forms = _remembered(self._cache, surface, self._agency_forms)
        if forms is None:
            return None
        return Agency(_id("agency", forms[1].lower()), forms[0])

    def _unplaced_department(self, surface: str) -> bool:
        """A province's or district's department named without its place ("Sở Y tế", "Phòng Giáo dục
        và Đào tạo"): not incomplete to the names model, but one of many such bodies."""
        name = self.agency_name(surface)
        return bool(name) and name.startswith(("Sở ", "Phòng ")) and self.agency_place(name) is None

    def is_incomplete(self, surface: str) -> bool:
        """A local head with no place, or with only an admin word: "UBND tỉnh", "Công an huyện"; or any
        body whose name ends with an admin word and no place: "Văn phòng UBND tỉnh", "Thanh tra tỉnh"."""
        key = ("incomplete", surface)
        if key not in self._cache:
            toks = _toks(self._expanded(surface))
            low = " ".join(toks).lower()
            self._cache[key] = (len(toks) > 2 and _ENDS_WITH_A_LEVEL.search(low) is not None) or any(
                low.startswith(canon) and (not toks[n_toks:] or tuple(t.lower() for t in toks[n_toks:])
                                           in self.admin_words)
                for canon, n_toks in self._local_heads)
        return self._cache[key]

    def issuing_province(self, document: Mapping | None) -> str | None:
        """The province an administrative document's issuer belongs to, read from the header's issuer
        or the line above it ("Sở Nội vụ" under "UBND tỉnh Nghệ An": Nghệ An); None for a national or
        a district's issuer, and for a text that is no administrative document. The date line's place
        is not read: a ministry dates its letters "Hà Nội, ngày ..."."""
        if not document:
            return None
        for field in ("issuer", "issuer_parent"):
            name = self.agency_name(document.get(field))
            if not name:
                continue
            _, place = self._split_place(_toks(self._expanded(name)))
            if place and (place[1] in self.provinces or place[0] == "tỉnh" and place[2]):
                return place[1]   # a province the lexicon lists, or any name printed after "tỉnh"
        return None

    def _only_province(self, names) -> str | None:
        """The province every placed agency among `names` (canonical names) is in, when there is exactly
        one such province; None when none is placed in a province or they name two."""
        found = {place for place in map(self.agency_place, names) if place in self.provinces}
        return found.pop() if len(found) == 1 else None

    def _in_province(self, name: str, province: str) -> str | None:
        """A province-level body written without its place ("Sở Nội vụ", "Ủy ban nhân dân tỉnh", "Công an
        TP") named in `province`; None for a district's body ("Phòng ...", "... huyện") or a level the
        province is not ("... tỉnh" in Hà Nội)."""
        words = name.split()
        low = [w.lower() for w in words]
        city = low[-2:] == ["thành", "phố"]
        level = "thành phố" if city else _LEVEL_WORDS.get(low[-1].rstrip("."), low[-1])
        admin = self.provinces.get(province, "tỉnh")
        if low[0] == "sở" and level not in _TIERS and level != "thành phố":
            return f"{name} {admin} {province}"       # "Sở Nội vụ" -> "Sở Nội vụ tỉnh Nghệ An"
        if level == admin and low[0] != "phòng":
            body = words[:-2] if city else words[:-1]   # "Công an TP" -> "Công an thành phố Hà Nội"
            return f"{' '.join(body)} {admin} {province}"
        return None

    # -- titles ----------------------------------------------------------------------

    def title(self, surface: str | None) -> str | None:
        """The canonical title: "Phó TT" and "phó thủ tướng" -> "Phó Thủ tướng".

        Phó/Quyền before and Thường trực/thứ nhất after any title are kept apart,
        so an alias or a titles.tsv entry covers all its variants.
        """
        if not surface or not surface.strip():
            return None
        text = norm(surface).strip(" ,.;:")
        low = self.title_alias.get(text.lower(), text).lower()
        prefix = suffix = ""
        for p, canon in TITLE_PREFIXES:
            if low.startswith(p + " "):
                prefix, low = canon, low[len(p) + 1:]
                break
        for s, canon in TITLE_SUFFIXES:
            if low.endswith(" " + s):
                suffix, low = canon, low[:-len(s) - 1]
                break
        low = self.title_alias.get(low, low).lower()
        base = self.titles.get(low)
        if base is None:
            if not (prefix or suffix):
                return _cap(text)   # a title the lexicon does not know keeps its words
            base = low
        return " ".join(x for x in (prefix, _cap(base), suffix) if x)

    # -- persons ---------------------------------------------------------------------

    def person_name(self, surface: str | None) -> str | None:
        """A person's canonical name: honorifics dropped, each syllable capitalised."""
        return _remembered(self._person_cache, surface, self._person_name)

    def _person_name(self, surface: str) -> str:
        name = norm(surface).strip(" ,.;:\"'“”")
        low = name.lower()
        if low in self.person_alias:      # "Bác Hồ" before "bác" is taken for an honorific
            return self.person_alias[low]
        changed = True
        while changed:
            changed = False
            for h in tuple(self.honorifics) + _PERSON_PREFIX_DROP:
                if low.startswith(h + " ") and len(low) > len(h) + 1:
                    name, low, changed = name[len(h) + 1:], low[len(h) + 1:], True
        if low in self.person_alias:
            return self.person_alias[low]
        words = name.split()
        if len(words) >= 2 and in_capitals(name):
            words = [w.lower() for w in words]   # "PHAN VĂN MÃI" in a headline is "Phan Văn Mãi"
        return " ".join(_cap(w) if w.islower() or w[:1].islower() else w for w in words)

    def person(self, surface: str | None) -> Person | None:
        name = self.person_name(surface)
        if name is None:
            return None
        return Person(_person_id(name), name)

    def _unit_of(self, title: str | None, org: str) -> str | None:
        """`org` with the unit word of a fused `title` before it ("Ban Tuyên giáo Tỉnh ủy X" for
        "Trưởng ban" and "Tuyên giáo Tỉnh ủy X"); None when the title is not fused with a unit, or
        `org` already opens with an agency head of its own."""
        unit = _FUSED_UNITS.get(" ".join(norm(title or "").lower().split()))
        low = self._expanded(org).lower()
        if unit is None or any(low == h or low.startswith(h + " ") for h in self._heads_longest_first) \
                or low.startswith(unit.lower() + " ") or (unit != "Bộ" and is_acronym(_toks(norm(org))[0])):
            return None   # an acronym is an agency's own name ("Trưởng Ban" + "ĐHQGHN": a unit of the university)
        return f"{unit} {org}"

    # -- one document ------------------------------------------------------------------

    def resolve_record(self, record: Mapping) -> dict:
        """Ids for a record's officials and its PERSON/ORG entities, short forms resolved in-document.

        Returns {"officials": [{person_id, person, agency_id, org, title} per official],
                 "entities": [{entity_id, canonical} per entity, None for other labels]}.
        """
        persons = [e["text"] for e in record.get("entities", []) if e["label"] == "PERSON"]
        persons += [o["person"] for o in record.get("officials", []) if o.get("person")]
        # an agency typed without accents is looked up by the names stage's reading of it, accents restored
        # ("Cuc Hai quan TP.HCM" is "Cục Hải quan thành phố Hồ Chí Minh"): one agency, one id
        read_as = {e["text"]: e["canonical"] for e in record.get("entities", [])
                   if e["label"] == "ORG" and e.get("canonical") and _without_accents(e["text"])
                   and not _without_accents(e["canonical"])}
        # an issuer printed over two lines beside the motto ("ỦY BAN NHÂN DÂN" / "TỈNH HÀ TĨNH") is two ORG
        # pieces carrying the issuer's whole name: each is that agency, not an agency of its own
        issuer = record.get("document") or {}
        whole = {n for n in (issuer.get("issuer"), issuer.get("issuer_parent")) if n}
        read_as.update({e["text"]: e["canonical"] for e in record.get("entities", [])
                        if e["label"] == "ORG" and e.get("canonical") in whole})

        def read(org):
            return read_as.get(org, org)

        orgs = [read(e["text"]) for e in record.get("entities", []) if e["label"] == "ORG"]
        orgs += [read(o["org"]) for o in record.get("officials", []) if o.get("org")]
        full_persons = {n for n in (self.person_name(p) for p in persons) if n and len(n.split()) >= 2}
        full_orgs = {a.canonical: a for a in (self.agency(o) for o in orgs if o and not self.is_incomplete(o)) if a}

        def person(surface, place=None):
            name = self.person_name(surface)
            if name and len(name.split()) == 1:
                # "ông Phúc": the one full name in the document ending with it
                hits = {n for n in full_persons if n.split()[-1].lower() == name.lower()}
                if len(hits) == 1:
                    name = hits.pop()
            if name is None:
                return None
            places = placed.get(name, set())
            if "" in places:
                # one of this document's offices of that name is national (a minister named with a former
                # provincial post): the name's id, as in the documents that name the minister alone
                place = None
            elif len(places) == 1:
                place = next(iter(places))   # the place this document's official of that name serves
            return Person(_person_id(name, place), name)

        # an administrative document's issuer's province; in news, the one province the document's placed
        # agencies name, when they name one only (an article on Nghệ An's budget naming "UBND tỉnh Nghệ An"
        # and "Sở Tài chính": Nghệ An's department, not one id for every province's)
        province = self.issuing_province(record.get("document")) or self._only_province(full_orgs)

        def agency(surface):
            if surface and (self.is_incomplete(surface) or self._unplaced_department(surface)):
                # "UBND tỉnh", "Sở GD&ĐT": the one "Ủy ban nhân dân tỉnh X", "Sở Giáo dục và Đào tạo X"
                # named in the document (a department is a province's or a district's, never national)
                # (a bare level written short, "Sở GD-ĐT TP", is the level written out)
                stem = _BARE_LEVEL.sub(lambda m: _LEVEL_WORDS[m.group(1).rstrip(".")], self.agency_name(surface).lower()) + " "
                hits = {n for n in full_orgs if n and n.lower().startswith(stem) and self.agency_place(n)}
                if len(hits) == 1:
                    return full_orgs[hits.pop()]
                placed_name = province and self._in_province(self.agency_name(surface), province)
                if placed_name:
                    return self.agency(placed_name)
            return self.agency(surface)

        # an org written after a title fused with its unit ("Trưởng ban" + "Tuyên giáo Tỉnh ủy X") is
        # that unit with its head word ("Ban Tuyên giáo Tỉnh ủy X"), unless it names an agency of its
        # own ("Trưởng phòng" + "Cục Đăng kiểm Việt Nam": the unit's parent); the same words as an ORG
        # entity of the document are that unit too
        units = {o["org"]: self._unit_of(o.get("title"), read(o["org"])) for o in record.get("officials", [])
                 if o.get("org")}
        units = {org: unit for org, unit in units.items() if unit}

        held = [(o, a, a and self.agency_place(a.canonical))
                for o, a in ((o, agency(units.get(o.get("org"), read(o.get("org")))))
                             for o in record.get("officials", []))]
        placed: dict[str, set[str]] = {}
        for o, a, place in held:
            name = self.person_name(o.get("person"))
            if name and a:
                placed.setdefault(name, set()).add(place or "")
        officials = []
        for o, a, place in held:
            p = person(o.get("person"), place)
            officials.append({"person_id": p and p.person_id, "person": p and p.canonical,
                              "agency_id": a and a.agency_id, "org": a and shown(a.canonical),
                              "title": self.title(o.get("title"))})
        # a PERSON inside an official's own record is that official, namesakes of one document apart
        # ("Chủ tịch UBND tỉnh Quảng Ninh Nguyễn Văn Hùng ... Giám đốc Sở Tài chính Hà Nội Nguyễn Văn Hùng")
        spans = [(o.get("start"), o.get("end"), self.person_name(o.get("person")), place)
                 for o, _a, place in held if o.get("start") is not None and o.get("end") is not None]

        def own_place(e):
            name = self.person_name(e["text"])
            return next((place for start, end, held_name, place in spans
                         if start <= e["start"] and e["end"] <= end and held_name == name), None)

        entities = []
        for e in record.get("entities", []):
            if e["label"] == "PERSON":
                p = person(e["text"], own_place(e))
                entities.append(p and {"entity_id": p.person_id, "canonical": p.canonical})
            elif e["label"] == "ORG":
                a = agency(units.get(e["text"], read(e["text"])))
                entities.append(a and {"entity_id": a.agency_id, "canonical": shown(a.canonical)})
            else:
                entities.append(None)
        return {"officials": officials, "entities": entities}


class AgencyCounts:
    """The agencies table built one document at a time (`add`), keeping only a row per agency.

    Documents are distinct (a batch's ids are unique): each counts once per agency it names.
    """

    SCHEMA_FIELDS = [("agency_id", "string"), ("canonical", "string"), ("sector", "string"), ("n_mentions", "int64"),
                     ("n_documents", "int64"), ("first_seen", "string"), ("last_seen", "string")]

    def __init__(self):
        self.rows: dict[str, dict] = {}

    def add(self, record: Mapping, resolved: Mapping) -> None:
        """One document and its `Registry.resolve_record` result."""
        # mentions are the ORG entities; an official's agency (most often one of them already) adds the
        # document, not a mention, as `v_agency_coverage` counts them
        ids = [(x, 1) for x in resolved["entities"] if x and x["entity_id"].startswith("agency-")]
        ids += [({"entity_id": o["agency_id"], "canonical": o["org"]}, 0) for o in resolved["officials"] if o["agency_id"]]
        date, seen = record.get("date"), set()
        for x, mention in ids:
            row = self.rows.setdefault(x["entity_id"], {"agency_id": x["entity_id"], "canonical": x["canonical"],
                                                        "n_mentions": 0, "n_documents": 0,
                                                        "first_seen": None, "last_seen": None})
            row["n_mentions"] += mention
            if x["entity_id"] not in seen:
                seen.add(x["entity_id"])
                row["n_documents"] += 1
            _seen_on(row, date)

    def table(self):
        """Arrow table agency_id, canonical, sector (`coverage.sectors`), n_mentions, n_documents,
        first_seen, last_seen."""
        from .sectors import sector

        return _arrow([{**self.rows[k], "sector": sector(self.rows[k]["canonical"])} for k in sorted(self.rows)],
                      self.SCHEMA_FIELDS)


class OnePersonPerName:
    """A run's persons seen one document at a time (`add`), and the ids to merge once all are seen
    (`merged`): a person's id carries the place of the office's agency, so a document that names a
    department's director without the department's place (a report's bare "Phó Giám đốc Sở", news's
    "Sở Tài chính") gave a second id to the official another document places. Where a name has one
    placed id in the run and is named bare in an office that one holds, its bare id is that person; a
    name placed in two provinces (namesakes) or held in a national agency's office (a minister) keeps its
    bare id apart."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self.placed: dict[str, set[str]] = {}
        self.titles: dict[tuple[str, bool], set[str]] = {}   # (name, placed) -> the titles held
        self.national: set[str] = set()

    def add(self, resolved: Mapping) -> None:
        for o in resolved["officials"]:
            name, pid = o["person"], o["person_id"]
            if not pid:
                continue
            placed = pid != _person_id(name)
            self.titles.setdefault((name, placed), set()).add(o["title"])
            if placed:
                self.placed.setdefault(name, set()).add(pid)
            elif o["org"] and not (self.registry.is_incomplete(o["org"]) or self.registry._unplaced_department(o["org"])):
                self.national.add(name)   # "Sở Tài chính" with no place is some province's, not national

    def merged(self) -> dict[str, str]:
        """{bare id: the one placed id} for the names the run places once and names bare in an office the
        placed one holds (a bare "Chánh thanh tra" beside a placed "Giám đốc Sở Y tế" of one common name
        may be someone else)."""
        return {_person_id(name): next(iter(ids)) for name, ids in self.placed.items()
                if len(ids) == 1 and name not in self.national
                and self.titles.get((name, True), set()) & self.titles.get((name, False), set())}


class PersonCounts:
    """The persons table (positions a person held over time) built one document at a time. A post
    named as former ("nguyên Chủ tịch") is a row of its own with `former` true: its dates are those
    of the mentions, not of a time the person held it."""

    SCHEMA_FIELDS = [("person_id", "string"), ("person", "string"), ("title", "string"), ("agency_id", "string"),
                     ("org", "string"), ("former", "bool_"), ("n_documents", "int64"), ("first_seen", "string"),
                     ("last_seen", "string")]

    def __init__(self):
        self.rows: dict[tuple, dict] = {}

    def add(self, record: Mapping, resolved: Mapping) -> None:
        date, seen = record.get("date"), set()
        for written, o in zip(record.get("officials") or [], resolved["officials"]):
            if not o["person_id"]:
                continue
            former = bool(written.get("former"))
            key = (o["person_id"], o["title"], o["agency_id"], former)
            row = self.rows.setdefault(key, {"person_id": o["person_id"], "person": o["person"], "title": o["title"],
                                             "agency_id": o["agency_id"], "org": o["org"], "former": former,
                                             "n_documents": 0, "first_seen": None, "last_seen": None})
            if key not in seen:
                seen.add(key)
                row["n_documents"] += 1
            _seen_on(row, date)

    def merge(self, ids: Mapping[str, str]) -> None:
        """Rows of a person id merged into another (`OnePersonPerName.merged`): one row per position."""
        rows, self.rows = self.rows, {}
        for (pid, *position), row in rows.items():
            pid = ids.get(pid, pid)
            into = self.rows.get((pid, *position))
            if into is None:
                self.rows[(pid, *position)] = {**row, "person_id": pid}
                continue
            into["n_documents"] += row["n_documents"]
            for date in (row["first_seen"], row["last_seen"]):
                _seen_on(into, date)

    def table(self):
        """Arrow table person_id, person, title, agency_id, org, former, n_documents, first_seen, last_seen."""
        order = sorted(self.rows, key=lambda k: tuple(str(x or "") for x in k))
        return _arrow([self.rows[k] for k in order], self.SCHEMA_FIELDS)


def _seen_on(row: dict, date: str | None) -> None:
    if date:
        row["first_seen"] = date if row["first_seen"] is None else min(row["first_seen"], date)
        row["last_seen"] = date if row["last_seen"] is None else max(row["last_seen"], date)


def _arrow(rows: list[dict], fields: list[tuple[str, str]]):
    import pyarrow as pa

    schema = pa.schema([(name, getattr(pa, typ)()) for name, typ in fields])
    return pa.Table.from_pylist([{name: r[name] for name, _ in fields} for r in rows], schema=schema)


def agencies_table(records: Iterable[Mapping], registry: Registry | None = None):
    """Arrow table agency_id, canonical, sector, n_mentions, n_documents, first_seen, last_seen."""
    reg = registry or Registry()
    counts = AgencyCounts()
    for r in records:
        counts.add(r, reg.resolve_record(r))
    return counts.table()


def persons_table(records: Iterable[Mapping], registry: Registry | None = None):
    """Arrow table of the positions a person held over time: one row per
    (person_id, title, agency_id, former) with first and last seen dates and the number of documents."""
    reg = registry or Registry()
    counts, names = PersonCounts(), OnePersonPerName(reg)
    for r in records:
        resolved = reg.resolve_record(r)
        counts.add(r, resolved)
        names.add(resolved)
    counts.merge(names.merged())
    return counts.table()
