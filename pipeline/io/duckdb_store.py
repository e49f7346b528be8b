"""An embedded DuckDB database of the output tables, with the dashboard views.

The view SQL in `VIEWS` is plain SQL that PostgreSQL runs unchanged too
(standard joins and aggregates, quoted "date"/"end", DOUBLE PRECISION casts),
so every store defines the same views from this one place.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from .tables import TABLE_NAMES

# Every view keyed by theme carries `theme_label`: the Vietnamese label from the
# `themes` table (the taxonomy the run used), the code itself for a theme the
# table does not know (an output written before the table existed).
_THEME_LABEL = "COALESCE(MAX(th.label), dt.theme) AS theme_label"
_JOIN_THEMES = "LEFT JOIN themes th ON th.id = dt.theme"

VIEWS: dict[str, str] = {
    # Documents, and the sentences that took the theme in them, per day and theme;
    # a document counts for a theme when the theme is in its roll-up. Sentences
    # are the unit of theme decisions (issue 13); n_passages (runs of them) is
    # kept for dashboards built on it.
    "v_theme_coverage_daily": f"""
        SELECT d."date" AS "date", dt.theme AS theme, {_THEME_LABEL},
               COUNT(DISTINCT d.doc_id) AS n_documents,
               CAST(COALESCE(SUM(pc.n), 0) AS BIGINT) AS n_passages,
               CAST(COALESCE(SUM(sc.n), 0) AS BIGINT) AS n_sentences
        FROM documents d
        JOIN documents_themes dt ON dt.doc_id = d.doc_id
        {_JOIN_THEMES}
        LEFT JOIN (SELECT doc_id, theme, COUNT(*) AS n FROM passage_themes GROUP BY doc_id, theme) pc
               ON pc.doc_id = d.doc_id AND pc.theme = dt.theme
        LEFT JOIN (SELECT doc_id, theme, COUNT(*) AS n FROM sentence_themes GROUP BY doc_id, theme) sc
               ON sc.doc_id = d.doc_id AND sc.theme = dt.theme
        WHERE d."date" IS NOT NULL
        GROUP BY d."date", dt.theme
    """,
    # share: the fraction of that source's documents filed under the theme.
    "v_theme_by_source": f"""
        SELECT s.source AS source, dt.theme AS theme, {_THEME_LABEL},
               COUNT(*) AS n_documents,
               CAST(COUNT(*) AS DOUBLE PRECISION) / MAX(s.n_total) AS share
        FROM documents d
        JOIN documents_themes dt ON dt.doc_id = d.doc_id
        {_JOIN_THEMES}
        JOIN (SELECT COALESCE(source, '(unknown)') AS source, COUNT(*) AS n_total
              FROM documents GROUP BY COALESCE(source, '(unknown)')) s
             ON s.source = COALESCE(d.source, '(unknown)')
        GROUP BY s.source, dt.theme
    """,
    # one row per agency (its registry id, the registry's name and sector) and theme: copies are
    # counted (n_documents) beside the stories among them (n_stories)
    "v_top_agencies_by_theme": f"""
        SELECT dt.theme AS theme, {_THEME_LABEL}, COALESCE(e.entity_id, COALESCE(e.canonical, e.text)) AS agency_id,
               COALESCE(MAX(a.canonical), MAX(COALESCE(e.canonical, e.text))) AS org, MAX(a.sector) AS sector,
               COUNT(*) AS n_mentions, COUNT(DISTINCT e.doc_id) AS n_documents,
               COUNT(DISTINCT COALESCE(d.story_id, d.doc_id)) AS n_stories
        FROM entities e
        JOIN documents d ON d.doc_id = e.doc_id
        JOIN documents_themes dt ON dt.doc_id = e.doc_id
        {_JOIN_THEMES}
        LEFT JOIN agencies a ON a.agency_id = e.entity_id
        WHERE e.label = 'ORG'
        GROUP BY dt.theme, COALESCE(e.entity_id, COALESCE(e.canonical, e.text))
    """,
    # one row per official (registry id) and theme, shown with the title and agency they are named
    # with most often there; the agency's sector says whether it is a public body
    "v_top_officials_by_theme": """
        SELECT per.theme AS theme, COALESCE(th.label, per.theme) AS theme_label, per.person_key AS person_key,
               per.person_id AS person_id, per.person AS person, best.title AS title, best.org AS org,
               best.former AS former, best.sector AS sector, per.n_documents AS n_documents,
               per.n_stories AS n_stories
        FROM (SELECT dt.theme AS theme, COALESCE(o.person_id, o.person) AS person_key, MAX(o.person_id) AS person_id,
                     MAX(o.person) AS person, COUNT(DISTINCT o.doc_id) AS n_documents,
                     COUNT(DISTINCT COALESCE(d.story_id, d.doc_id)) AS n_stories
              FROM officials o
              JOIN documents d ON d.doc_id = o.doc_id
              JOIN documents_themes dt ON dt.doc_id = o.doc_id
              WHERE o.person IS NOT NULL
              GROUP BY dt.theme, COALESCE(o.person_id, o.person)) per
        JOIN (SELECT theme, person_key, title, org, former, sector FROM (
                  SELECT dt.theme AS theme, COALESCE(o.person_id, o.person) AS person_key,
                         COALESCE(o.title_canonical, o.title) AS title, COALESCE(o.org_canonical, o.org) AS org,
                         o.former AS former, MAX(a.sector) AS sector,
                         ROW_NUMBER() OVER (PARTITION BY dt.theme, COALESCE(o.person_id, o.person)
                                            ORDER BY COUNT(DISTINCT o.doc_id) DESC, o.former,
                                                     COALESCE(o.title_canonical, o.title),
                                                     COALESCE(o.org_canonical, o.org)) AS rk
                  FROM officials o
                  JOIN documents_themes dt ON dt.doc_id = o.doc_id
                  LEFT JOIN agencies a ON a.agency_id = o.agency_id
                  WHERE o.person IS NOT NULL
                  GROUP BY dt.theme, COALESCE(o.person_id, o.person), COALESCE(o.title_canonical, o.title),
                           COALESCE(o.org_canonical, o.org), o.former) ranked
              WHERE rk = 1) best ON best.theme = per.theme AND best.person_key = per.person_key
        LEFT JOIN themes th ON th.id = per.theme
    """,
    "v_money_figures": """
        SELECT e.doc_id AS doc_id, d."date" AS "date", d.source AS source, d.title AS title,
               e.text AS text, e.amount AS amount, e.currency AS currency,
               e.amount_max AS amount_max, e.sentence AS sentence,
               e.start AS start, e."end" AS "end",
               e.sentence_start AS sentence_start, e.sentence_end AS sentence_end
        FROM entities e
        JOIN documents d ON d.doc_id = e.doc_id
        WHERE e.label = 'MONEY' AND e.amount IS NOT NULL
    """,
    # issue 14: the documents cited most (by number, or a law by name), over all documents
    "v_most_cited_documents": """
        SELECT r.type AS type, COALESCE(r.number, r.name) AS cited, MAX(r.year) AS year,
               COUNT(*) AS n_citations, COUNT(DISTINCT r.doc_id) AS n_documents,
               COUNT(DISTINCT COALESCE(d.story_id, d.doc_id)) AS n_stories
        FROM legal_refs r
        JOIN documents d ON d.doc_id = r.doc_id
        WHERE COALESCE(r.number, r.name) IS NOT NULL
        GROUP BY r.type, COALESCE(r.number, r.name)
    """,
    # issue 14: administrative documents by issuer (with the line above it: two provinces' "Sở Nội vụ" are
    # two issuers) and type, with their signed dates' span
    "v_documents_by_issuer_type": """
        SELECT COALESCE(d.issuer, '(unknown)') AS issuer, d.issuer_parent AS issuer_parent, d.doc_type AS doc_type,
               COUNT(*) AS n_documents, MIN(d.signed_date) AS first_signed, MAX(d.signed_date) AS last_signed
        FROM documents d
        WHERE d.doc_type IS NOT NULL
        GROUP BY COALESCE(d.issuer, '(unknown)'), d.issuer_parent, d.doc_type
    """,
}


# -- coverage views (issue 15): stories beside copies, ids rather than spellings ------------
# n_documents counts copies (how far coverage travelled), n_stories the distinct
# stories among them (how much was reported). A story whose copies span two days
# or weeks is in n_stories of each, so n_stories does not add up over time;
# n_new_stories counts a story once, on the day (week) of its theme's first copy,
# and adds up to the story total.
_STORY = "COALESCE(d.story_id, d.doc_id)"
_JOIN_FIRST = """JOIN (SELECT COALESCE(d1.story_id, d1.doc_id) AS story, dt1.theme AS theme, MIN(d1."date") AS first_date
              FROM documents d1 JOIN documents_themes dt1 ON dt1.doc_id = d1.doc_id
              WHERE d1."date" IS NOT NULL
              GROUP BY COALESCE(d1.story_id, d1.doc_id), dt1.theme) f
          ON f.story = COALESCE(d.story_id, d.doc_id) AND f.theme = dt.theme"""
VIEWS.update({
    "v_theme_stories_daily": f"""
        SELECT d."date" AS "date", dt.theme AS theme, {_THEME_LABEL},
               COUNT(DISTINCT d.doc_id) AS n_documents,
               COUNT(DISTINCT {_STORY}) AS n_stories,
               COUNT(DISTINCT CASE WHEN d."date" = f.first_date THEN {_STORY} END) AS n_new_stories
        FROM documents d
        JOIN documents_themes dt ON dt.doc_id = d.doc_id
        {_JOIN_FIRST}
        {_JOIN_THEMES}
        WHERE d."date" IS NOT NULL
        GROUP BY d."date", dt.theme
    """,
    "v_story_coverage_weekly": f"""
        SELECT CAST(date_trunc('week', d."date") AS DATE) AS week, dt.theme AS theme, {_THEME_LABEL},
               COUNT(DISTINCT d.doc_id) AS n_documents, COUNT(DISTINCT {_STORY}) AS n_stories,
               COUNT(DISTINCT CASE WHEN d."date" = f.first_date THEN {_STORY} END) AS n_new_stories
        FROM documents d
        JOIN documents_themes dt ON dt.doc_id = d.doc_id
        {_JOIN_FIRST}
        {_JOIN_THEMES}
        WHERE d."date" IS NOT NULL
        GROUP BY CAST(date_trunc('week', d."date") AS DATE), dt.theme
    """,
    "v_source_coverage": """
        SELECT COALESCE(d.source, '(unknown)') AS source,
               COUNT(DISTINCT d.doc_id) AS n_documents, COUNT(DISTINCT COALESCE(d.story_id, d.doc_id)) AS n_stories
        FROM documents d
        GROUP BY COALESCE(d.source, '(unknown)')
    """,
    # the registry's name; mentions are the ORG entities (an official's agency is most often one of
    # them already), documents and stories also those that name it only in an official's title
    "v_agency_coverage": """
        SELECT x.agency_id AS agency_id, COALESCE(MAX(a.canonical), MAX(x.name)) AS canonical,
               MAX(a.sector) AS sector, CAST(SUM(x.mention) AS BIGINT) AS n_mentions, COUNT(DISTINCT x.doc_id) AS n_documents,
               COUNT(DISTINCT COALESCE(d.story_id, d.doc_id)) AS n_stories
        FROM (SELECT e.doc_id AS doc_id, e.entity_id AS agency_id, COALESCE(e.canonical, e.text) AS name, 1 AS mention
              FROM entities e WHERE e.label = 'ORG' AND e.entity_id IS NOT NULL
              UNION ALL
              SELECT o.doc_id, o.agency_id, o.org_canonical, 0 FROM officials o WHERE o.agency_id IS NOT NULL) x
        JOIN documents d ON d.doc_id = x.doc_id
        LEFT JOIN agencies a ON a.agency_id = x.agency_id
        GROUP BY x.agency_id
    """,
    "v_official_coverage": """
        SELECT o.person_id AS person_id, MAX(o.person) AS person,
               COUNT(DISTINCT o.doc_id) AS n_documents, COUNT(DISTINCT COALESCE(d.story_id, d.doc_id)) AS n_stories
        FROM officials o JOIN documents d ON d.doc_id = o.doc_id
        WHERE o.person_id IS NOT NULL
        GROUP BY o.person_id
    """,
    "v_province_coverage": """
        SELECT e.province AS province, COUNT(*) FILTER (WHERE e.label = 'LOC') AS n_mentions,
               COUNT(*) FILTER (WHERE e.label = 'ORG') AS n_agency_mentions,
               COUNT(DISTINCT e.doc_id) AS n_documents, COUNT(DISTINCT COALESCE(d.story_id, d.doc_id)) AS n_stories,
               COUNT(DISTINCT CASE WHEN e.label = 'LOC' THEN COALESCE(d.story_id, d.doc_id) END) AS n_stories_as_place
        FROM entities e JOIN documents d ON d.doc_id = e.doc_id
        WHERE e.label IN ('LOC', 'ORG') AND e.province IS NOT NULL
        GROUP BY e.province
    """,
})

COVERAGE_VIEWS = ("v_theme_stories_daily", "v_story_coverage_weekly", "v_source_coverage", "v_agency_coverage",
                  "v_official_coverage", "v_province_coverage")


def create_views(con) -> None:
    """Create (or replace) the dashboard views on a DB-API connection."""
    for name, sql in VIEWS.items():
        con.execute(f"DROP VIEW IF EXISTS {name}")
        con.execute(f"CREATE VIEW {name} AS {sql}")


BUILD_MEMORY = "512MB"


def build_database(path: str | Path, parquet: dict[str, str | Path | list], tmp_dir: Path | None = None) -> dict[str, int]:
    """Build `path` from the Parquet file (or list of part files) of each table; return row counts.

    Built under a temporary name and renamed into place, so a reader never
    sees a half-built database and a crash leaves the previous one intact.
    """
    path = Path(path)
    tmp = (Path(tmp_dir) if tmp_dir is not None else path.parent) / f".{path.name}.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    counts = {}
    # DuckDB caches up to 80% of the machine's memory by default, and building from Parquet it kept
    # about 24 KB a document; bounded, it spills to a temporary folder beside the file instead
    config = {"memory_limit": BUILD_MEMORY, "temp_directory": str(tmp) + ".spill"}
    with duckdb.connect(str(tmp), config=config) as con:
        for name in TABLE_NAMES:
            files = parquet[name]
            files = [str(f) for f in files] if isinstance(files, (list, tuple)) else str(files)
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_parquet(?)", [files])
            counts[name] = con.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0]
        create_views(con)
        con.execute("CHECKPOINT")
    os.replace(tmp, path)
    Path(str(tmp) + ".wal").unlink(missing_ok=True)
    shutil.rmtree(str(tmp) + ".spill", ignore_errors=True)
    return counts


def table_counts(path: str | Path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {name: con.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0] for name in TABLE_NAMES}
