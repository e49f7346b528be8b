"""Alerts on a batch output or a PostgreSQL database: `vnmonitor alerts` and the report's section.

Why here: `pipeline.coverage.alerts` is the method (standard library only, rows
in, alerts out); this module reads the rows it needs from the stored tables
(DuckDB, Parquet or PostgreSQL through the report's portable connection), so
the CLI and the report flag the same surges.

Counts are of stories (documents.story_id), so syndicated copies of one press
release raise no alert; agencies are counted by their registry id, and only public
bodies (the agencies table's sector) are flagged.
"""
from __future__ import annotations

import datetime as _dt

from ..coverage.alerts import PoissonWindow, detect
from ..coverage.sectors import public, sector

_THEME_ROWS = """
    SELECT dt.theme AS key, d."date" AS day, COALESCE(d.story_id, d.doc_id) AS story
    FROM documents d JOIN documents_themes dt ON dt.doc_id = d.doc_id
    WHERE d."date" IS NOT NULL
"""
_AGENCY_ROWS = """
    SELECT DISTINCT x.agency_id AS key, d."date" AS day, COALESCE(d.story_id, d.doc_id) AS story
    FROM (SELECT e.doc_id AS doc_id, e.entity_id AS agency_id FROM entities e
          WHERE e.label = 'ORG' AND e.entity_id IS NOT NULL
          UNION ALL
          SELECT o.doc_id, o.agency_id FROM officials o WHERE o.agency_id IS NOT NULL) x
    JOIN documents d ON d.doc_id = x.doc_id
    WHERE d."date" IS NOT NULL
"""
_TOTALS = """
    SELECT d."date" AS day, COUNT(DISTINCT COALESCE(d.story_id, d.doc_id)) AS n
    FROM documents d WHERE d."date" IS NOT NULL GROUP BY d."date"
"""
_AGENCY_NAMES = "SELECT agency_id, canonical, sector FROM agencies"
# how an agency's mentions name it, for an id the agencies table lacks (a shared database's table is
# the last-loaded output's)
_AGENCY_MENTIONS = """
    SELECT x.agency_id AS agency_id, x.name AS name, COUNT(*) AS n
    FROM (SELECT e.entity_id AS agency_id, COALESCE(e.canonical, e.text) AS name FROM entities e
          WHERE e.label = 'ORG' AND e.entity_id IS NOT NULL
          UNION ALL
          SELECT o.agency_id, COALESCE(o.org_canonical, o.org) FROM officials o WHERE o.agency_id IS NOT NULL) x
    WHERE x.name IS NOT NULL
    GROUP BY x.agency_id, x.name
"""


def _day(value) -> str:
    return value.isoformat() if isinstance(value, _dt.date) else str(value)[:10]


def find_alerts(db, since: str | None = None, method=None) -> list[dict]:
    """Theme and agency alerts over story counts from an open report database (`open_output`).

    Each alert: kind, key, day, count, baseline, score, method, params; agency
    alerts also carry `label` (the agency's canonical name).
    """
    method = method or PoissonWindow()
    totals = {_day(r["day"]): int(r["n"]) for r in db.rows(_TOTALS)}
    out = []
    for kind, query in (("theme", _THEME_ROWS), ("agency", _AGENCY_ROWS)):
        rows = [(r["key"], _day(r["day"]), r["story"]) for r in db.rows(query)]
        out.extend(detect(rows, kind, method=method, since=since, totals=totals))
    try:
        agencies = {r["agency_id"]: r for r in db.rows(_AGENCY_NAMES)}
    except Exception:   # an output written before the registry existed
        agencies = {}
    if any(a["kind"] == "agency" and a["key"] not in agencies for a in out):
        agencies.update(named_by_mentions(db, agencies))
    # a surge in an outlet's or a company's stories (Reuters, a paper's own byline) is not one of the
    # public bodies a press office follows: as in the report's agency lists (`coverage.sectors.PUBLIC`)
    def public_body(key) -> bool:
        row = agencies.get(key) or {}
        return public(row.get("sector"), row.get("canonical"))

    out = [a for a in out if a["kind"] != "agency" or public_body(a["key"])]
    for a in out:
        if a["kind"] == "agency" and a["key"] in agencies:
            a["label"] = agencies[a["key"]]["canonical"]
    out.sort(key=lambda a: (a["day"], a["kind"], -a["score"], a["key"]))
    return out


def named_by_mentions(db, known) -> dict:
    """{agency_id: {canonical, sector}} for the ids `known` lacks, named as their mentions most often
    name them and classified by that name, so a shared database's alerts keep an agency's name and leave
    out a company whichever output loaded the agencies table last."""
    best: dict[str, tuple[int, str]] = {}
    for r in db.rows(_AGENCY_MENTIONS):
        key, name, n = r["agency_id"], r["name"], int(r["n"])
        if key not in known and (key not in best or (n, name) > best[key]):
            best[key] = (n, name)
    return {key: {"canonical": name, "sector": sector(name)} for key, (_, name) in best.items()}


def alert_line(a: dict, theme_names: dict | None = None) -> str:
    """One alert as a line of text for the terminal: a theme by its label (the code stays in
    the JSON output; an unknown theme shows its code), an agency by its id and canonical name."""
    if a["kind"] == "theme":
        what = (theme_names or {}).get(a["key"]) or a["key"]
    else:
        what = a["key"] + (f" ({a['label']})" if a.get("label") else "")
    return (f"{a['day']}  {a['kind']:<6} {what}: {a['count']} stories, "
            f"baseline {a['baseline']}, score {a['score']}")
