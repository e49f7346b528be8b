"""The name lexicons shipped in `corpora/lexicons/`, loaded into one lookup table.

Every entry is keyed by its lower-cased normalised token sequence (tokens as
cut by `tokens()`), so lookups are exact tuple matches at a position and the
longest entry wins. Entries remember which of their tokens are capitalised:
a match in running text must be capitalised at least there ("Đảng" matches
"Đảng", not "đảng").
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..resources import lexicon_dir
from ..text import norm_form, normalize

LEXICON_DIR = lexicon_dir()
TRANSLITERATED_PLACES = "transliterated_places.tsv"   # scripts/build_transliterations.py
SINO_PLACES = "sino_places.tsv"   # scripts/build_sino_places.py

# Syllables, numbers, and single punctuation marks; "TP.HCM" is tp . hcm.
TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class Entry:
    kind: str                 # TITLE ORG HEAD LOC PLACE ADMIN HONORIFIC FORMER NAMEWORD SURNAME PERSON
    surface: str
    canonical: str | None = None
    info: str | None = None   # sub-kind: office/rank, head kind, place kind, what an admin word takes
    caps: tuple[bool, ...] = ()
    check_case: bool = True

    def case_ok(self, texts: list[str]) -> bool:
        if not self.check_case:
            return True
        return all(t[:1].isupper() for t, c in zip(texts, self.caps) if c)


def tokens(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in TOKEN.finditer(text)]


@lru_cache(maxsize=1 << 16)
def _key(surface: str) -> tuple[str, ...]:
    s = norm_form(surface)
    return tuple(s[a:b] for a, b in tokens(s))


def _rows(directory: Path, name: str):
    path = directory / name
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        yield [c.strip() for c in line.split("\t")]


class Lexicon:
    """All name lexicons; `match(words, lows, i, kind)` gives the entries at i, longest first."""

    def __init__(self, directory: Path = LEXICON_DIR):
        self.directory = Path(directory)
        self.table: dict[str, dict[tuple[str, ...], list[Entry]]] = defaultdict(dict)
        # kind -> first token -> the lengths of its entries, longest first: match tries only
        # those, and a token that is no key starts no entry of that kind
        self.lengths: dict[str, dict[str, list[int]]] = defaultdict(dict)
        # kind -> the first tokens of its entries that match a first word in lower case (no case check,
        # or a lower-case first word in the lexicon): any other entry needs a capital there
        self.lower_firsts: dict[str, set[str]] = defaultdict(set)
        self.abbreviations: dict[str, str] = {}
        self._load()

    def to_disk(self, path: str | Path) -> None:
        """Copy the lexicon files (plain TSV/text) to `path`; `Lexicon(path)` reads them back."""
        import shutil

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for f in sorted(self.directory.iterdir()):
            if f.is_file() and f.suffix in (".tsv", ".txt"):
                shutil.copyfile(f, path / f.name)

    def add(self, kind: str, surface: str, canonical=None, info=None, check_case=True) -> None:
        key = _key(surface)
        if not key:
            return
        nt = normalize(surface).text
        caps = tuple(nt[a:b][:1].isupper() for a, b in tokens(nt))
        entry = Entry(kind, surface, canonical, info, caps, check_case)
        bucket = self.table[kind].setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)
        if not check_case or not caps[:1] or not caps[0]:
            self.lower_firsts[kind].add(key[0])
        lengths = self.lengths[kind].setdefault(key[0], [])
        if len(key) not in lengths:
            lengths.append(len(key))
            lengths.sort(reverse=True)

    def _load(self) -> None:
        affixes = list(_rows(self.directory, "title_affixes.tsv"))
        prefixes = tuple(a for a, position in affixes if position == "prefix")
        suffixes = tuple(a for a, position in affixes if position == "suffix")
        for surface, kind in _rows(self.directory, "titles.tsv"):
            for variant in _title_variants(surface, kind, prefixes, suffixes):
                self.add("TITLE", variant, info=kind, check_case=False)
        for surface in _rows(self.directory, "honorifics.txt"):
            self.add("HONORIFIC", surface[0], check_case=False)
        for surface in _rows(self.directory, "person_cues.txt"):
            self.add("CUE", surface[0], check_case=False)
        for row in _rows(self.directory, "former.txt"):
            self.add("FORMER", row[0], info=row[1] if len(row) > 1 else "former", check_case=False)
        for surface in _rows(self.directory, "surnames.txt"):
            self.add("SURNAME", surface[0])
        for surface, canonical in _rows(self.directory, "persons.tsv"):
            self.add("PERSON", surface, canonical)
        for surface, kind, canonical in _rows(self.directory, "org_heads.tsv"):
            self.add("HEAD", surface, canonical, info=kind, check_case=kind != "lower")
        for surface, canonical in _rows(self.directory, "orgs.tsv"):
            self.add("ORG", surface, canonical)
        for surface in _rows(self.directory, "org_name_words.txt"):
            self.add("NAMEWORD", surface[0], check_case=False)
        for surface, canonical, takes in _rows(self.directory, "loc_admin.tsv"):
            self.add("ADMIN", surface, canonical, info=takes, check_case=False)
        for surface, kind, canonical in _rows(self.directory, "places.tsv"):
            self.add("PLACE", surface, canonical, info=kind)
        for surface, canonical in _rows(self.directory, "countries.tsv"):
            self.add("PLACE", surface, canonical, info="country")
        self.transliterated: dict[str, str] = {}   # place written by sound, as written -> canonical
        for surface, canonical, _kind, _docs in _rows(self.directory, TRANSLITERATED_PLACES):
            self.add("PLACE", surface, canonical, info="country")   # read as countries.tsv's places are
            self.transliterated[surface] = canonical
        for surface, _country, _docs in _rows(self.directory, SINO_PLACES):
            self.add("PLACE", surface, surface, info="country")   # "Vũ Hán": a city keeps its own name
        for abbr, expansion in _rows(self.directory, "abbreviations.tsv"):
            # case-sensitive: "TƯ" is Trung ương, "tư" in "Đầu tư" is not
            self.abbreviations[normalize(abbr).text] = expansion
        self.not_org_acronyms = {norm_form(r[0]) for r in _rows(self.directory, "not_org_acronyms.txt")}
        self._load_word_lists()

    def _load_word_lists(self) -> None:
        """The word lists the name rules and the tidy-up read, one file each (their headers say what for)."""
        def lowered(name):
            return frozenset(norm_form(r[0]) for r in _rows(self.directory, name))

        self.org_connectors = lowered("org_connectors.txt")
        self.admin_common_nouns = lowered("admin_common_nouns.txt")
        self.generic_title_before = lowered("generic_title_before.txt")
        self.fused_titles = lowered("fused_titles.txt")
        self.title_modifiers = lowered("title_modifiers.txt")
        self.bare_office_titles = lowered("bare_office_titles.txt")
        self.no_bare_title_after = lowered("no_bare_title_after.txt")
        self.loc_prepositions = lowered("loc_prepositions.txt")
        self.not_agencies_alone = lowered("not_agencies_alone.txt")
        self.public_bodies = lowered("public_bodies.txt")
        self.portfolios = lowered("portfolios.txt")
        self.place_nouns_outside = lowered("place_nouns_outside.txt")
        self.match_verbs = lowered("match_verbs.txt")
        self.clause_words = lowered("clause_words.txt") | self.match_verbs
        self.after_a_unit_name = lowered("after_a_unit_name.txt")
        self.acts_on_a_person = tuple((normalize(r[0]).text, tuple(w for w in (r[1] if len(r) > 1 else "").split(",") if w))
                                      for r in _rows(self.directory, "acts_on_a_person.tsv"))
        self.republic_prefixes = frozenset(_key(r[0]) for r in _rows(self.directory, "republic_prefixes.txt"))
        self.platforms = frozenset(r[0] for r in _rows(self.directory, "platforms.txt"))
        heads = list(_rows(self.directory, "place_heads.txt"))
        self.place_heads_first = frozenset(w for w, where in heads if where == "first")
        self.place_heads_last = frozenset(w for w, where in heads if where == "last")
        lunar = list(_rows(self.directory, "lunar_years.tsv"))
        self.lunar_stems = frozenset(norm_form(w) for w, part in lunar if part == "stem")
        self.lunar_branches = frozenset(norm_form(w) for w, part in lunar if part == "branch")
        self.ship_words = tuple(normalize(r[0]).text for r in _rows(self.directory, "ship_words.txt"))
        firms = list(_rows(self.directory, "firm_words.txt"))
        self.firm_words = tuple(normalize(r[0]).text for r in firms)
        # the words that may also stand a few lower-case words before the name: word -> how many
        self.firm_word_gaps = {normalize(r[0]).text: int(r[1]) for r in firms if len(r) > 1 and r[1]}
        seasons = list(_rows(self.directory, "seasons.tsv"))
        self.seasons = frozenset(normalize(w).text for w, part in seasons if part == "season")
        self.season_words_before = frozenset(norm_form(w) for w, part in seasons if part == "before")
        self.holidays = frozenset(normalize(w).text for w, part in seasons if part == "holiday")
        levels = [(word, set(uses.split(","))) for word, uses in _rows(self.directory, "admin_levels.tsv")]
        self.top_admin = frozenset(word for word, uses in levels if "top" in uses)
        self.qualifier_admin = frozenset(word for word, uses in levels if "qualifier" in uses)
        self.admin_prefixes = tuple(word + " " for word, uses in levels if "prefix" in uses)  # in file order
        self.not_person_words = frozenset(r[0] for r in _rows(self.directory, "not_person_words.txt"))
        # the text between two items of a list: a mark follows the item before it, a word stands between spaces
        self.list_gaps = frozenset(f"{w} " if not w[:1].isalnum() else f" {w} "
                                   for w in (normalize(r[0]).text for r in _rows(self.directory, "list_joiners.txt")))

    def match(self, words: list[str], lows: list[str], i: int, kind: str, end: int | None = None):
        """Entries of `kind` starting at token i, as (end, Entry), longest first."""
        if i >= len(lows):
            return []
        lengths = self.lengths[kind].get(lows[i])
        if not lengths:
            return []
        table = self.table[kind]
        end = len(lows) if end is None else end
        out = []
        for n in lengths:
            if i + n > end:
                continue
            entries = table.get(tuple(lows[i:i + n]))
            if entries:
                for e in entries:
                    if e.case_ok(words[i:i + n]):
                        out.append((i + n, e))
        return out

    def longest(self, words, lows, i, kind, end=None):
        found = self.match(words, lows, i, kind, end)
        return found[0] if found else None


def _title_variants(surface: str, kind: str, prefixes: tuple[str, ...], suffixes: tuple[str, ...]):
    """`surface` and, for an office, its prefixed and suffixed forms (title_affixes.tsv)."""
    yield surface
    if kind != "office":
        return
    base = [surface]
    if not surface.lower().startswith(tuple({p.split()[0].lower() + " " for p in prefixes})):
        for prefix in prefixes:
            base.append(f"{prefix} {surface}")
    for b in base:
        yield b
        for suffix in suffixes:
            yield f"{b} {suffix}"


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return Lexicon()
