"""Places on today's map: a LOC's current province and its country code.

Why: places are strings in the tables, and many provinces the 2017-2021
archives name no longer exist as units since the 2025 merger (63 provinces and
centrally-run cities became 34), so a count per province needs today's unit,
while a reader of an old article still wants the unit it was written about.

For each LOC this gives:
- `province`: the current (2025) province or centrally-run city, by its full
  name ("Thành phố Hồ Chí Minh" for a 2017 "tỉnh Bình Dương");
- `province_then`: the unit it was in when written (the 63-unit name for an
  article dated before 2025-07-01 or undated, else the current one; a province
  renamed before the merger by the name it had then, corpora/lexicons/province_renames.tsv:
  "Tỉnh Thừa Thiên Huế" before 2025-01-01);
- `country`: ISO 3166-1 alpha-2 ("US" for "Hoa Kỳ" or "Mỹ", "VN" for any
  Vietnamese place or region).
A place that cannot be mapped stays null (None), never guessed.

Administrative units come from the `vietnamadminunits` package (MIT licence,
compatible with this project's GPL-3.0; it ships both the 63-unit and the
34-unit data and a converter between them, which is exactly the 2017 -> today
step). Its parser is forgiving about accents, which turns "Nhà Trắng" (the
White House) into Nha Trang; so a match is kept only when the unit's name is
written in the place with its accents (`_written_in`).

Names are read first through the project's lexicons (corpora/lexicons:
countries.tsv, places.tsv: "Mỹ" -> "Hoa Kỳ", "TP.HCM" -> "Thành phố Hồ Chí
Minh"), then corpora/lexicons/countries_iso.tsv gives the code, and
corpora/lexicons/place_aliases.tsv the few Vietnamese names the package lacks
("Sài Gòn", "quận 1").
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import replace
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

from ..entities.lexicon import LEXICON_DIR, TRANSLITERATED_PLACES
from ..text import normalize

MERGER_DATE = "2025-07-01"
_ADMIN = re.compile(r"^(tỉnh|thành phố|tp\.?|quận|huyện|thị xã|tx\.?|thị trấn|xã|phường)\s+", re.I)
_UNIT_PREFIX = re.compile(r"^(Tỉnh|Thành phố|Quận|Huyện|Thị xã|Thị trấn|Xã|Phường)\s+")


def _norm(text: str) -> str:
    return " ".join(normalize(unicodedata.normalize("NFC", text)).text.split())


def _rows(path: Path):
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield [c.strip() for c in line.split("\t")]


@dataclass(frozen=True)
class Place:
    country: str | None
    province: str | None
    province_then: str | None
    place_id: str | None = None     # the LOC's entity_id: one per place across spellings


NULL = Place(None, None, None)


def _place_id(key: str) -> str:
    return "place-" + hashlib.sha1(key.lower().encode("utf-8")).hexdigest()[:12]


_LEVEL_IN_BRACKETS = re.compile(r"\s*\([^()]*\)$")


def _written_in(unit: str | None, text: str) -> bool:
    """The unit's name (without "Tỉnh", "Huyện" ...) ends the text, accents and all.

    At the end, not anywhere: "Vịnh Hạ Long" lies in Hạ Long, but "Tân Sơn Nhất"
    (the airport) is not huyện Tân Sơn.
    """
    if not unit:
        return False
    # the parser tells namesakes of one province apart in brackets: "Kỳ Anh (Thị xã)", "Kỳ Anh (Huyện)"
    name = _UNIT_PREFIX.sub("", _LEVEL_IN_BRACKETS.sub("", unit)).lower()
    return re.search(r"(?<!\w)" + re.escape(name) + r"$", text.lower().rstrip(" .,;:)")) is not None


class Places:
    """Maps LOC mentions to (country, current province, province when written)."""

    def __init__(self, lexicon_dir: str | Path = LEXICON_DIR, places_dir: str | Path = LEXICON_DIR):
        self.surface: dict[str, str] = {}      # lower-cased surface -> canonical (lexicons)
        for name in ("countries.tsv", TRANSLITERATED_PLACES):
            for cells in _rows(Path(lexicon_dir) / name):
                self.surface.setdefault(_norm(cells[0]).lower(), _norm(cells[1]))
        for surface, kind, canonical in _rows(Path(lexicon_dir) / "places.tsv"):
            if kind == "province":
                self.surface.setdefault(_norm(surface).lower(), _norm(canonical))
        self.iso = {_norm(name): code for name, code in _rows(Path(places_dir) / "countries_iso.tsv")}
        self.aliases = {_norm(s).lower(): _norm(p) for s, p in _rows(Path(places_dir) / "place_aliases.tsv")}
        # a province renamed before the merger: its name in the 63-unit data -> (name before, date of the change)
        self.renamed = {_norm(now): (_norm(before), when)
                        for now, before, when in _rows(Path(places_dir) / "province_renames.tsv")}
        self._resolved: dict[tuple, Place] = {}   # an archive names the same few places again and again

    def resolve(self, text: str | None, canonical: str | None = None, date: str | None = None) -> Place:
        """The place a LOC names; `canonical` is the record's canonical LOC name if it has one.

        `place_id` is made from the lexicon's canonical name when there is one ("Mỹ" and
        "Hoa Kỳ" are one place, "Bình Dương" and "tỉnh Bình Dương" too), else from the
        name without its administrative word; an empty mention has none.
        """
        if not text or not text.strip():
            return NULL
        # the date only says which side of the merger and of each renaming it lies on
        key = (text, canonical, bool(date and date >= MERGER_DATE),
               tuple(bool(date and date < when) for _, when in self.renamed.values()))
        found = self._resolved.get(key)
        if found is None:
            if len(self._resolved) >= 200_000:
                self._resolved.clear()
            found = self._resolved[key] = self._resolve_new(text, canonical, date)
        return found

    def _resolve_new(self, text: str, canonical: str | None, date: str | None) -> Place:
        written = _norm(text).strip(" ,.;:")
        stripped = _ADMIN.sub("", written)
        alias = self.aliases.get(written.lower()) if stripped == written else None   # not "quận 1"
        key = (canonical and _norm(canonical)) or alias or self.surface.get(written.lower()) \
            or self.surface.get(stripped.lower()) or stripped
        return replace(self._resolve(written, canonical, date), place_id=_place_id(key))

    def _resolve(self, written: str, canonical: str | None, date: str | None) -> Place:
        names = [n for n in (canonical and _norm(canonical), self.surface.get(written.lower()), written) if n]
        for name in names:
            if name in self.iso and not name.startswith(("Tỉnh ", "Thành phố ")):
                code = self.iso[name]
                if code != "VN":
                    return Place(code, None, None)
                break
        for name in names + [_ADMIN.sub("", written)]:
            then = self.aliases.get(name.lower())
            if then is None:
                then = _legacy_province(name)
            if then:
                now = _current_province(then)
                if now is None:
                    continue
                if date and date >= MERGER_DATE:
                    return Place("VN", now, now)
                before, when = self.renamed.get(then, (then, ""))
                return Place("VN", now, before if (date and date < when) else then)
        for name in names:
            if self.iso.get(name) == "VN":
                return Place("VN", None, None)    # a region of Viet Nam: no single province
        return NULL


@lru_cache(maxsize=100_000)
def _legacy_province(name: str) -> str | None:
    """The 63-unit province a Vietnamese place name lies in, or None."""
    if not _ends_with_a_unit(name):
        return None     # the answer would be None: spare the parser (and its import) the name
    from vietnamadminunits import ParseMode, parse_address

    try:
        unit = parse_address(name, mode=ParseMode.LEGACY, level=2)
    except Exception:       # the parser raises on some inputs it cannot read
        return None
    if unit.province is None:
        return None
    if unit.district and _written_in(unit.short_district or unit.district, name):
        return unit.province
    # a province named after two towns ("Bà Rịa - Vũng Tàu") is written as either of them
    short = unit.short_province or unit.province
    if any(_written_in(part, name) for part in [short, *short.split(" - ")]):
        return unit.province
    return None


def _ends_with_a_unit(name: str) -> bool:
    """Does `name` end with the name of a 63-unit province or district, as `_written_in` reads it?
    Only then can `_legacy_province` answer anything but None."""
    names = _unit_names()
    text = name.lower().rstrip(" .,;:)")
    return any(text[i:] in names for i in range(len(text)) if i == 0 or not (text[i - 1].isalnum()
                                                                              or text[i - 1] == "_"))


@lru_cache(maxsize=1)
def _unit_names() -> frozenset[str]:
    """Every province and district of the package's 63-unit data, lower-cased, without its "Tỉnh",
    "Huyện" ... word (`_UNIT_PREFIX`), as `_written_in` compares them. If the parser's data moved in a
    later version of the package, a set that holds every name: then every name goes to the parser."""
    try:   # the parser's own copy of its data, read when the package is imported
        from vietnamadminunits.parser.parser_legacy import parser_data as data
    except Exception:
        return _ANY
    units = [v for v in data.get("DICT_PROVINCE", {}).values()]
    units += [d for districts in data.get("DICT_PROVINCE_DISTRICT", {}).values() for d in districts.values()]
    out = set()
    for unit in units:
        for key in ("province", "provinceShort", "district", "districtShort"):
            if isinstance(unit.get(key), str):
                out.add(_UNIT_PREFIX.sub("", unit[key]).lower())
    return frozenset(out) if out else _ANY


class _Anything(frozenset):
    def __contains__(self, item) -> bool:
        return True


_ANY = _Anything()


@lru_cache(maxsize=128)
def _current_province(legacy: str) -> str | None:
    """The 34-unit province a 63-unit province became in 2025 (whole provinces merged)."""
    from vietnamadminunits import convert_address

    try:
        return convert_address(legacy).province
    except Exception:
        return None


_WARD_PREFIX = re.compile(r"^(xã|phường|thị trấn)\s+", re.I)


@lru_cache(maxsize=1)
def _ward_index() -> dict[str, frozenset[str]]:
    """Ward short name (lower-cased, accented) -> the 63-unit provinces that have a ward so named.

    Read from the package's own data (its legacy parser's), since its parser needs the
    district to find a ward; if the data moves in a later version the index is empty and
    wards simply stay unmapped.
    """
    try:   # the parser's own copy, read once when the package was imported (as `_unit_names` does)
        from vietnamadminunits.parser.parser_legacy import parser_data as data
    except Exception:
        return {}
    names = {k: v["province"] for k, v in data.get("DICT_PROVINCE", {}).items()}
    index: dict[str, set[str]] = {}
    for key in ("DICT_PROVINCE_DISTRICT_WARD_ACCENTED", "DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED",
                "DICT_PROVINCE_DISTRICT_WARD_SHORT_ACCENTED"):
        for pkey, districts in data.get(key, {}).items():
            for wards in districts.values():
                for w in wards.values():
                    if isinstance(w, dict) and isinstance(w.get("wardShort"), str) and pkey in names:
                        index.setdefault(_norm(w["wardShort"]).lower(), set()).add(names[pkey])
    return {k: frozenset(v) for k, v in index.items()}


def resolve_record(record: Mapping, places: Places | None = None) -> list[Place | None]:
    """A Place per entity of the record (None for labels other than LOC).

    A commune or ward ("xã Đồng Tâm") is mapped when its name is a ward of one
    province only, or of exactly one of the provinces the same document names:
    ward names repeat across the country, the document says which one is meant.
    """
    pl = places or Places()
    date = record.get("date")
    ents = record.get("entities", [])
    out: list[Place | None] = [pl.resolve(e["text"], e.get("canonical"), date) if e.get("label") == "LOC"
                               else None for e in ents]
    doc_then = {p.province_then for p in out if p and p.province_then}
    for i, e in enumerate(ents):
        p = out[i]
        if p is None or p.province or not _WARD_PREFIX.match(_norm(e["text"])):
            continue
        name = _WARD_PREFIX.sub("", _norm(e["text"])).lower()
        where = _ward_index().get(name, frozenset())
        hits = where if len(where) == 1 else (where & doc_then)
        if len(hits) == 1:
            then = next(iter(hits))
            now = _current_province(then)
            if now:
                out[i] = Place("VN", now, now if (date and date >= MERGER_DATE) else then, p.place_id)
    _namesakes_the_document_does_not_name(ents, out)
    _in_the_province_written_after(ents, out)
    return out


def _namesakes_the_document_does_not_name(ents, out: list) -> None:
    """A port, bridge or island read by the district its name shares ("cảng Sơn Dương" is in Hà Tĩnh, not
    at huyện Sơn Dương of Tuyên Quang) is unmapped when the document names provinces and not that one:
    a namesake elsewhere is likelier than a place the document never mentions."""
    mapped = [(i, p, _facility(e["text"])) for i, (e, p) in enumerate(zip(ents, out)) if p and p.province_then]
    named = {p.province_then for _, p, facility in mapped if not facility}
    if not named:
        return
    for i, p, facility in mapped:
        if facility and p.province_then not in named \
                and _facility_name(ents[i]["text"]) != _UNIT_PREFIX.sub("", p.province_then).lower():
            out[i] = Place(p.country, None, None, p.place_id)   # "cảng Hải Phòng" is the province's own port


def _facility(text: str) -> bool:
    """A LOC opened by a lower-case word that is no administrative unit: "cảng", "cầu", "đảo"."""
    written = _norm(text)
    return written.split(" ", 1)[0].islower() and not _ADMIN.match(written)


def _facility_name(text: str) -> str:
    """The name after a facility's lower-case words ("hải phòng" for "cảng Hải Phòng")."""
    words = _norm(text).split()
    while words and words[0].islower():
        words.pop(0)
    return " ".join(words).lower()


_SUB_UNIT = re.compile(r"^(xã|phường|thị trấn|quận|huyện|thị xã|tx\.?)\s+", re.I)


def _in_the_province_written_after(ents, out: list) -> None:
    """A district or commune left unmapped takes the province written right after it, as an address
    writes it ("thị xã Sơn Tây, Hà Nội", "xã Hòa Phú, TP.HCM"): the names repeat across the country,
    and the writer says which one is meant. A commune the ward data knows elsewhere only is left."""
    for i in range(len(ents) - 1):
        p, nxt, where = out[i], out[i + 1], ents[i + 1]
        if p is None or p.province or nxt is None or not nxt.province_then or where.get("label") != "LOC":
            continue
        written = _norm(ents[i]["text"])
        if not _SUB_UNIT.match(written) or _SUB_UNIT.match(_norm(where["text"])) \
                or not 0 < where["start"] - ents[i]["end"] <= 2:
            continue
        known = _ward_index().get(_WARD_PREFIX.sub("", written).lower()) if _WARD_PREFIX.match(written) else None
        if known and nxt.province_then not in known:
            continue
        out[i] = Place("VN", nxt.province, nxt.province_then, p.place_id)


def agency_province(registry, places: Places, agency: str | None, date: str | None = None) -> Place | None:
    """The province a public body's name places it in ("Công an tỉnh Quảng Ninh", "Sở Y tế TP.HCM"), so
    that a province counts the stories naming it through its agencies too; None for a national body, a
    body placed in a district or commune (their names repeat across provinces), and a company, paper,
    club or lottery named after a province ("Hoàng Anh Gia Lai", "Báo Nghệ An", "SHB Đà Nẵng" are not
    news of the province: a public sector and a known head, `Registry.has_head`, say a body).
    `registry` is a `coverage.registry.Registry`; `agency` its canonical name of the ORG."""
    from .sectors import is_public

    if not agency or not is_public(agency) or not registry.has_head(agency):
        return None
    place = registry.agency_place(agency)
    if not place:
        return None
    found = places.resolve(place, date=date)
    if not found.province_then:
        return None
    own = _UNIT_PREFIX.sub("", found.province_then).lower()
    if place not in registry.provinces and _norm(place).lower() != own:
        return None     # "Phù Mỹ", "Sơn Dương": a district's name
    return found


class PlaceCounts:
    """The places table built one document at a time (`add`), keeping only a row per place.

    Documents are distinct (a batch's ids are unique): each counts once per place it names.
    """

    def __init__(self):
        self.rows: dict[tuple, dict] = {}

    def add(self, record: Mapping, resolved: list) -> None:
        """One document and its `resolve_record` result."""
        seen = set()
        for e, p in zip(record.get("entities", []), resolved):
            if e.get("label") != "LOC":
                continue
            name = e.get("canonical") or e["text"]
            key = (name, p.province_then)
            row = self.rows.setdefault(key, {"place_id": p.place_id, "place": name, "country": p.country,
                                             "province": p.province, "province_then": p.province_then,
                                             "n_mentions": 0, "n_documents": 0})
            row["n_mentions"] += 1
            if key not in seen:
                seen.add(key)
                row["n_documents"] += 1

    def table(self):
        """Arrow table place_id, place, country, province, province_then, n_mentions, n_documents."""
        import pyarrow as pa

        out = [v for _, v in sorted(self.rows.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))]
        schema = pa.schema([("place_id", pa.string()), ("place", pa.string()), ("country", pa.string()),
                            ("province", pa.string()),
                            ("province_then", pa.string()), ("n_mentions", pa.int64()), ("n_documents", pa.int64())])
        return pa.Table.from_pylist(out, schema=schema)


def places_table(records: Iterable[Mapping], places: Places | None = None):
    """Arrow table, one row per distinct LOC (its canonical name, else as written):
    place_id, place, country, province, province_then, n_mentions, n_documents; unmapped places
    have null country and province (count them with `unmapped_count`)."""
    pl = places or Places()
    counts = PlaceCounts()
    for r in records:
        counts.add(r, resolve_record(r, pl))
    return counts.table()


def unmapped_count(table) -> int:
    """LOC mentions that got neither a country nor a province (for the report's note)."""
    return sum(r["n_mentions"] for r in table.to_pylist() if r["country"] is None and r["province"] is None)
