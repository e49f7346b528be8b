"""The sector of an organisation: a public body a press office follows, or an outlet, company, club
or platform that the articles also name.

The agencies table counts every ORG the registry resolves, so a dantri archive's top agencies were
"Chính phủ", then "Báo Dân trí" (its own byline), then Reuters, Toyota and the stock exchanges. The
report's agency lists keep the public sectors (`PUBLIC`); the table keeps every row for a dashboard
that wants them.

The sector comes from the canonical name: a whole name, or the longest prefix of whole words, in
corpora/lexicons/org_sectors.tsv (heads written by hand; Latin names generated from the archive's
gazetteer by scripts/build_org_sectors.py), and platforms.txt's social platforms. Anything else is
"other", and counts as public when its name is Vietnamese: an unknown Vietnamese body is shown
rather than hidden, while a name in Latin letters alone that nothing classifies ("QQ", "Getty") is
left out of the lists (`public`).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..entities.lexicon import LEXICON_DIR

SECTORS = ("state", "party", "mass", "education", "health", "media", "business", "sport", "platform", "other")
PUBLIC = frozenset({"state", "party", "mass", "education", "health", "other"})


# a site's name ("dantri.com.vn", "vnexpress.net"): an outlet, whatever the registry reads it as
SITE = re.compile(r"[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|info|tv|asia)", re.IGNORECASE)


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    prefixes: dict[str, str] = {}
    names: dict[str, str] = {}
    for line in (LEXICON_DIR / "org_sectors.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, sector = line.split("\t")
        if sector not in SECTORS:
            raise ValueError(f"org_sectors.tsv: unknown sector {sector!r} for {key!r}")
        (names if key.startswith("=") else prefixes)[_key(key.lstrip("="))] = sector
    for line in (LEXICON_DIR / "platforms.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            names[_key(line)] = "platform"
    return prefixes, names


def sector(name: str | None) -> str:
    """The sector of an organisation's (canonical) name; "other" when nothing says."""
    if not name or not name.strip():
        return "other"
    key = _key(name)
    prefixes, names = _tables()
    if key in names:
        return names[key]
    if SITE.fullmatch(key):
        return "media"   # "dantri.com.vn", "vnexpress.net": a site, the paper's own byline most often
    words = key.split(" ")
    for n in range(len(words), 0, -1):
        found = prefixes.get(" ".join(words[:n]))
        if found:
            return found
    return "other"


def is_public(name: str | None) -> bool:
    return public(sector(name), name)


def public(sector_of: str | None, name: str | None) -> bool:
    """Whether a row of that sector and name is a public body a press office follows. A name nothing
    classifies ("other") counts when it is written in Vietnamese; one in Latin letters alone is most
    often a foreign outlet, a photo credit or a company ("QQ", "Getty", "Dior", "SJC"), and is left out.
    A row with no sector at all (an output written before sectors) is kept."""
    if not sector_of:
        return True
    if sector_of != "other":
        return sector_of in PUBLIC
    return bool(name) and not name.isascii()


# The report's agency lists (`pipeline.output.report`) show public bodies; each is drawn from this
# many times its length, then cut (`public_first`).
AGENCY_POOL = 4


def public_first(rows: list[dict], top: int, name_key: str | None, group_key: str | None = None) -> list[dict]:
    """The rows whose organisation is a public body, at most `top` per group: by the row's `sector`
    (the agencies table's) when it has one, else by its name (`row[name_key]`); a row with neither is
    kept, as an unknown body is."""
    kept, seen = [], {}
    for r in rows:
        group = r[group_key] if group_key else None
        known = r.get("sector")
        name = r.get(name_key) if name_key else None
        kept_row = public(known, name) if known else (is_public(name) if name_key else True)
        if seen.get(group, 0) < top and kept_row:
            kept.append(r)
            seen[group] = seen.get(group, 0) + 1
    return kept
