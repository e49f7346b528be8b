"""What the report's coverage sections show, read from the stored tables (issue 15).

Kept apart from `coverage_section` (the HTML) so that `queries` can call it
without importing the chart helpers, which import `queries`.
"""
from __future__ import annotations

_DOCS = """
    SELECT d.doc_id AS doc_id, d."date" AS "date", COALESCE(d.source, '(unknown)') AS source,
           COALESCE(d.story_id, d.doc_id) AS story_id
    FROM documents d
"""
_DOC_THEMES = "SELECT doc_id, theme FROM documents_themes"
_AGENCIES = """
    SELECT agency_id, canonical, sector, n_mentions, n_documents, n_stories FROM v_agency_coverage
    ORDER BY n_stories DESC, n_documents DESC, agency_id LIMIT ?
"""
_OFFICIALS = """
    SELECT person_id, person, n_documents, n_stories FROM v_official_coverage
    ORDER BY n_stories DESC, n_documents DESC, person_id LIMIT ?
"""
_POSITIONS = """
    SELECT p.person_id AS person_id, p.title AS title, p.org AS org, {former} AS former,
           p.first_seen AS first_seen, p.last_seen AS last_seen, a.sector AS sector
    FROM persons p LEFT JOIN agencies a ON a.agency_id = p.agency_id
    ORDER BY p.person_id, p.first_seen
"""
_PROVINCES = """
    SELECT province, n_mentions, {agency} AS n_agency_mentions, n_documents, n_stories FROM v_province_coverage
    ORDER BY n_stories DESC, n_mentions DESC, province
"""
# the provinces of before the 2025 merger that a province's mentions were written in
_PROVINCES_THEN = """
    SELECT province, province_then, SUM(n_mentions) AS n_mentions FROM places
    WHERE province IS NOT NULL AND province_then IS NOT NULL
    GROUP BY province, province_then
"""
_UNMAPPED = """
    SELECT COUNT(*) AS n FROM entities WHERE label = 'LOC' AND country IS NULL AND province IS NULL
"""
_COUNTRIES = """
    SELECT country, COUNT(*) AS n_mentions FROM entities WHERE label = 'LOC' AND country IS NOT NULL
    GROUP BY country ORDER BY COUNT(*) DESC, country
"""


def collect_coverage(db, top: int = 15) -> dict | None:
    """What the coverage sections show; None for an output without the coverage columns."""
    from ..alerts import find_alerts

    try:
        docs = db.rows(_DOCS)
    except Exception:
        return None
    themes: dict[str, list[str]] = {}
    for r in db.rows(_DOC_THEMES):
        themes.setdefault(r["doc_id"], []).append(r["theme"])
    positions: dict[str, list[dict]] = {}
    try:
        rows = db.rows(_POSITIONS.format(former="p.former"))
    except Exception:   # an output written before the persons table had the column
        rows = db.rows(_POSITIONS.format(former="FALSE"))
    for r in rows:
        positions.setdefault(r["person_id"], []).append(r)
    from ...coverage.sectors import AGENCY_POOL, public, public_first

    def official_of_a_public_body(person_id) -> bool:   # not a company's chairman: one public post at least
        held = positions.get(person_id) or []
        return not held or any(public(p.get("sector"), p.get("org")) or not p.get("org") for p in held)

    officials = [r for r in db.rows(_OFFICIALS, [AGENCY_POOL * top]) if official_of_a_public_body(r["person_id"])]
    totals = {"agencies": int(db.rows("SELECT COUNT(*) AS n FROM v_agency_coverage")[0]["n"]),
              "officials": int(db.rows("SELECT COUNT(*) AS n FROM v_official_coverage")[0]["n"])}
    return {"docs": docs, "themes": themes,
            "agencies": public_first(db.rows(_AGENCIES, [AGENCY_POOL * top]), top, "canonical"),
            "officials": officials[:top], "positions": positions, "totals": totals, "top": top,
            "provinces": _provinces(db), "provinces_then": _provinces_then(db),
            "unmapped": int(db.rows(_UNMAPPED)[0]["n"]),
            "countries": db.rows(_COUNTRIES), "alerts": find_alerts(db)}


def _provinces(db) -> list[dict]:
    try:
        return db.rows(_PROVINCES.format(agency="n_agency_mentions"))
    except Exception:   # an output written before agencies counted for their province
        return db.rows(_PROVINCES.format(agency="NULL"))


def _provinces_then(db) -> dict[str, list[tuple[str, int]]]:
    """Per today's province, the earlier provinces its mentions were written in, most mentioned first
    (only where more than one: a merged province); {} for an output without the column."""
    try:
        rows = db.rows(_PROVINCES_THEN)
    except Exception:
        return {}
    out: dict[str, list[tuple[str, int]]] = {}
    for r in rows:
        out.setdefault(r["province"], []).append((r["province_then"], int(r["n_mentions"])))
    return {p: sorted(v, key=lambda x: (-x[1], x[0])) for p, v in out.items() if len(v) > 1}
