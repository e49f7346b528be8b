#!/usr/bin/env python3
"""Add the countries and territories `corpora/lexicons/countries.tsv` lacks, from Unicode CLDR.

countries.tsv was typed from the news (190 surfaces); the press names many more countries
("Litva", "Latvia", "Ma-rốc", "Slovakia"), and a country the lexicon does not know is neither a
place feature for the names model nor a country for the tidy-up ("Bộ trưởng [Quốc phòng] [Litva]
[Raimondas Karoblis]") nor an ISO code for coverage. CLDR's territory names (the Unicode Common
Locale Data Repository, Unicode licence) in Vietnamese and English, read through Babel, fill the
gap: each two-letter territory missing from the lexicon gets its Vietnamese name (the canonical) and
its English one as surfaces, and its code in countries_iso.tsv. A territory the lexicon has already
keeps its canonical; its other CLDR names become surfaces of it ("Ukraina" -> "Ukraine").

Left out: names of three letters or fewer, names holding "&", "," or a bracket (kept without the
bracket: "Myanmar (Miến Điện)" -> "Myanmar"), "St." forms, and names that are also foreign given
names (`foreign_given_names.txt`: "Chad", "Jordan") or a place name's last word elsewhere ("Jersey"
of "New Jersey"). The rows go below a marker line; running the script again rewrites them.

    pip install babel   # build time only; the lexicon files are plain TSV
    .venv/bin/python scripts/build_countries.py
"""
from __future__ import annotations

import re
from pathlib import Path

from pipeline.resources import lexicon_dir

LEX = lexicon_dir()
MARKER = "# --- below: from CLDR territory names (scripts/build_countries.py) ---"
SKIP = {"Jersey", "Georgia", "Dominica"}   # "New Jersey", a US state, the Dominican Republic's last word


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """(the lines above the marker, the rows above it split on tabs)."""
    head = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line == MARKER:
            break
        head.append(line)
    return head, [ln.split("\t") for ln in head if ln.strip() and not ln.startswith("#")]


def _clean(name: str | None) -> str | None:
    if not name:
        return None
    name = re.sub(r"\s*\(.*?\)", "", name).strip()
    if len(name) <= 3 or re.search(r"[&,()]|St\.", name) or name in SKIP:
        return None
    return name


def main() -> None:
    from babel import Locale

    vi, en = Locale("vi").territories, Locale("en").territories
    given = set((LEX / "foreign_given_names.txt").read_text(encoding="utf-8").split())
    c_head, c_rows = _rows(LEX / "countries.tsv")
    i_head, i_rows = _rows(LEX / "countries_iso.tsv")
    surfaces = {r[0].lower() for r in c_rows}
    canonical_of_surface = {r[0].lower(): r[1].strip() for r in c_rows if len(r) >= 2}
    codes_of = {}
    for canonical, code in ((r[0], r[1].strip()) for r in i_rows if len(r) >= 2):
        codes_of.setdefault(code, []).append(canonical)
    canonical_of_code = {}
    for code, canonicals in codes_of.items():
        # the country's own canonical, not a city's that shares its code ("Brussels" BE)
        named = [canonical_of_surface.get((n or "").lower()) for n in (vi.get(code), en.get(code))]
        canonical_of_code[code] = next((c for c in named if c in canonicals), canonicals[0])
    new_c, new_i = [], []
    for code in sorted(c for c in vi if len(c) == 2 and c.isalpha() and c not in ("EU", "EZ", "UN", "ZZ", "QO")):
        names = [n for n in (_clean(vi.get(code)), _clean(en.get(code))) if n and n not in given]
        if not names:
            continue
        canonical = canonical_of_code.get(code) or names[0]
        for name in dict.fromkeys(names):
            if name.lower() not in surfaces:
                new_c.append(f"{name}\t{canonical}")
                surfaces.add(name.lower())
        if code not in canonical_of_code and any(r.endswith(f"\t{canonical}") for r in new_c):
            new_i.append(f"{canonical}\t{code}")
            canonical_of_code[code] = canonical
    (LEX / "countries.tsv").write_text("\n".join(c_head + [MARKER] + new_c) + "\n", encoding="utf-8")
    (LEX / "countries_iso.tsv").write_text("\n".join(i_head + [MARKER] + new_i) + "\n", encoding="utf-8")
    print(f"{len(new_c)} surfaces -> countries.tsv, {len(new_i)} codes -> countries_iso.tsv")


if __name__ == "__main__":
    main()
