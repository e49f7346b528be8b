"""The report's data: one connection (DuckDB file, Parquet tables, or PostgreSQL)
and the portable SQL (`?` placeholders) it runs over the dashboard views.

It reads only the views of `pipeline.io.duckdb_store.VIEWS` and the base tables
for the passages behind each chart, with the same SQL on DuckDB and PostgreSQL.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ...io.outdir import DATABASE as DUCKDB_FILE

UNKNOWN_SOURCE = "(unknown)"


class ReportError(RuntimeError):
    """The output cannot be read; the message says what is missing."""



class _Database:
    """Runs the report's portable SQL (`?` placeholders) on DuckDB or PostgreSQL."""

    def __init__(self, con, paramstyle: str, where: str):
        self.con = con
        self.paramstyle = paramstyle
        self.where = where

    def rows(self, query: str, params=()) -> list[dict]:
        if self.paramstyle == "format":
            query = query.replace("?", "%s")
        cur = self.con.execute(query, list(params))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def close(self):
        self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def open_output(out_dir: str | Path | None = None, db: str | None = None) -> _Database:
    """Connect to a batch output folder (its DuckDB file, else its Parquet tables) or a PostgreSQL URL."""
    if db:
        from ...extras import MissingExtra

        try:
            from ...io.postgres import PostgresError, _first_line, check_url, psycopg
        except MissingExtra as exc:
            raise ReportError(str(exc)) from None

        try:
            check_url(db)
            con = psycopg.connect(db, connect_timeout=10, autocommit=True)
        except PostgresError as exc:
            raise ReportError(str(exc)) from None
        except psycopg.Error as exc:
            raise ReportError(f"cannot connect to PostgreSQL: {_first_line(exc)}") from None
        return _Database(con, "format", "PostgreSQL")
    import duckdb

    from ...io.duckdb_store import create_views
    from ...io.postgres import output_parquet
    from ...io.tables import TABLE_NAMES

    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise ReportError(f"{out_dir}: no such directory")
    db_file = out_dir / DUCKDB_FILE
    if db_file.is_file():
        try:
            return _Database(duckdb.connect(str(db_file), read_only=True), "qmark", str(db_file))
        except duckdb.Error as exc:
            raise ReportError(f"{db_file}: cannot open ({exc})") from None
    files = {name: sorted(path.glob("*.parquet")) if path.is_dir() else [path]
             for name, path in output_parquet(out_dir).items()}
    where = str(out_dir)
    if "documents" not in files:
        # A run still going: its committed chunks (whole folders, renamed into
        # place) already hold one Parquet part per table.
        from ...io.outdir import CHUNKS

        chunks = sorted((out_dir / CHUNKS).glob("[0-9]" * 6))
        files = {name: [c / f"{name}.parquet" for c in chunks if (c / f"{name}.parquet").is_file()]
                 for name in TABLE_NAMES}
        files = {name: parts for name, parts in files.items() if parts}
        where = f"{out_dir} ({len(chunks)} chunks of an unfinished run)"
    missing = [name for name in TABLE_NAMES if name not in files]
    if missing:
        raise ReportError(f"{out_dir}: neither {DUCKDB_FILE} nor the Parquet tables "
                          f"({', '.join(missing)} missing): is this a `vnmonitor batch` output?")
    con = duckdb.connect()
    for name, parts in files.items():
        con.read_parquet([str(f) for f in parts]).create_view(name)
    create_views(con)
    return _Database(con, "qmark", where)


def theme_names(path=None) -> dict[str, str]:
    """Theme id -> the name a Vietnamese reader sees, in taxonomy order; {} when unavailable."""
    try:
        from ...themes.taxonomy import TaxonomyError, load_taxonomy
    except ImportError:
        return {}
    try:
        return {t.id: t.name for t in load_taxonomy(path)}
    except TaxonomyError:
        return {}


_SUMMARY = """
    SELECT COUNT(*) AS n_documents, MIN("date") AS first_date, MAX("date") AS last_date,
           COUNT(DISTINCT COALESCE(source, '(unknown)')) AS n_sources,
           SUM(CASE WHEN "date" IS NULL THEN 1 ELSE 0 END) AS n_undated,
           SUM(CASE WHEN date_inferred THEN 1 ELSE 0 END) AS n_inferred
    FROM documents
"""
_COUNTS = """
    SELECT (SELECT COUNT(*) FROM passages) AS n_passages,
           (SELECT COUNT(*) FROM passages WHERE top_theme IS NOT NULL) AS n_themed_passages,
           (SELECT COUNT(*) FROM entities) AS n_entities,
           (SELECT COUNT(*) FROM officials) AS n_officials
"""
_COVERAGE = 'SELECT "date", theme, n_documents, n_passages FROM v_theme_coverage_daily ORDER BY "date", theme'
_SOURCES = """
    SELECT COALESCE(source, '(unknown)') AS source, COUNT(*) AS n_documents
    FROM documents GROUP BY COALESCE(source, '(unknown)')
    ORDER BY n_documents DESC, source LIMIT ?
"""
_BY_SOURCE = "SELECT source, theme, n_documents, share FROM v_theme_by_source ORDER BY source, theme"
_PASSAGE_COLS = "p.doc_id AS doc_id, p.passage_no AS passage_no, p.text AS text, d.title AS title, d.\"date\" AS \"date\", d.source AS source"
_THEME_PASSAGES = f"""
    SELECT * FROM (
        SELECT pt.theme AS theme, pt.score AS score, {_PASSAGE_COLS},
               ROW_NUMBER() OVER (PARTITION BY pt.theme
                                  ORDER BY pt.score DESC, p.doc_id, p.passage_no) AS rk
        FROM passage_themes pt
        JOIN passages p ON p.doc_id = pt.doc_id AND p.passage_no = pt.passage_no
        JOIN documents d ON d.doc_id = p.doc_id) ranked
    WHERE rk <= ? ORDER BY theme, rk
"""
_SOURCE_PASSAGES = f"""
    SELECT * FROM (
        SELECT COALESCE(d.source, '(unknown)') AS source_key, pt.theme AS theme, pt.score AS score, {_PASSAGE_COLS},
               ROW_NUMBER() OVER (PARTITION BY COALESCE(d.source, '(unknown)'), pt.theme
                                  ORDER BY pt.score DESC, p.doc_id, p.passage_no) AS rk
        FROM passage_themes pt
        JOIN passages p ON p.doc_id = pt.doc_id AND p.passage_no = pt.passage_no
        JOIN documents d ON d.doc_id = p.doc_id) ranked
    WHERE rk <= ? ORDER BY source_key, theme, rk
"""
_TOP_AGENCIES = """
    SELECT theme, org, n_mentions, n_documents FROM (
        SELECT theme, org, n_mentions, n_documents,
               ROW_NUMBER() OVER (PARTITION BY theme ORDER BY n_documents DESC, n_mentions DESC, org) AS rk
        FROM v_top_agencies_by_theme) ranked
    WHERE rk <= ? ORDER BY theme, rk
"""
# The passages that mention a top agency, within documents filed under the
# theme (as the view counts them), best scored for that theme first.
_AGENCY_PASSAGES = f"""
    WITH top AS ({_TOP_AGENCIES}),
    hits AS (
        SELECT t.theme AS theme, t.org AS org, p.doc_id AS doc_id, p.passage_no AS passage_no,
               MAX(COALESCE(pt.score, 0)) AS score
        FROM top t
        JOIN entities e ON e.label = 'ORG' AND COALESCE(e.canonical, e.text) = t.org
        JOIN documents_themes dt ON dt.doc_id = e.doc_id AND dt.theme = t.theme
        JOIN passages p ON p.doc_id = e.doc_id AND e.start >= p.start AND e.start < p."end"
        LEFT JOIN passage_themes pt ON pt.doc_id = p.doc_id AND pt.passage_no = p.passage_no AND pt.theme = t.theme
        GROUP BY t.theme, t.org, p.doc_id, p.passage_no)
    SELECT * FROM (
        SELECT h.theme AS theme, h.org AS org, h.score AS score, {_PASSAGE_COLS},
               ROW_NUMBER() OVER (PARTITION BY h.theme, h.org ORDER BY h.score DESC, h.doc_id, h.passage_no) AS rk
        FROM hits h
        JOIN passages p ON p.doc_id = h.doc_id AND p.passage_no = h.passage_no
        JOIN documents d ON d.doc_id = h.doc_id) ranked
    WHERE rk <= ? ORDER BY theme, org, rk
"""
_TOP_OFFICIALS = """
    SELECT theme, person, title, org, former, n_documents FROM (
        SELECT theme, person, title, org, former, n_documents,
               ROW_NUMBER() OVER (PARTITION BY theme ORDER BY n_documents DESC, person, title, org, former) AS rk
        FROM v_top_officials_by_theme) ranked
    WHERE rk <= ? ORDER BY theme, rk
"""
_OFFICIAL_PASSAGES = f"""
    WITH top AS ({_TOP_OFFICIALS}),
    hits AS (
        SELECT t.theme AS theme, t.person AS person, t.title AS o_title, t.org AS org, t.former AS former,
               p.doc_id AS doc_id, p.passage_no AS passage_no, MAX(COALESCE(pt.score, 0)) AS score
        FROM top t
        JOIN officials o ON o.person = t.person AND o.title = t.title
                        AND COALESCE(o.org, '') = COALESCE(t.org, '') AND o.former = t.former
        JOIN documents_themes dt ON dt.doc_id = o.doc_id AND dt.theme = t.theme
        JOIN passages p ON p.doc_id = o.doc_id AND o.start < p."end" AND o."end" > p.start
        LEFT JOIN passage_themes pt ON pt.doc_id = p.doc_id AND pt.passage_no = p.passage_no AND pt.theme = t.theme
        GROUP BY t.theme, t.person, t.title, t.org, t.former, p.doc_id, p.passage_no)
    SELECT * FROM (
        SELECT h.theme AS theme, h.person AS person, h.o_title AS o_title, h.org AS org, h.former AS former,
               h.score AS score, {_PASSAGE_COLS},
               ROW_NUMBER() OVER (PARTITION BY h.theme, h.person, h.o_title, h.org, h.former
                                  ORDER BY h.score DESC, h.doc_id, h.passage_no) AS rk
        FROM hits h
        JOIN passages p ON p.doc_id = h.doc_id AND p.passage_no = h.passage_no
        JOIN documents d ON d.doc_id = h.doc_id) ranked
    WHERE rk <= ? ORDER BY theme, person, rk
"""
_MONEY = """
    SELECT m.doc_id AS doc_id, m."date" AS "date", m.source AS source, m.title AS title, m.text AS text,
           m.amount AS amount, m.currency AS currency, m.amount_max AS amount_max, m.sentence AS sentence,
           m.start AS start, p.text AS passage, p.themes AS passage_themes
    FROM (SELECT v.*, ROW_NUMBER() OVER (PARTITION BY COALESCE(v.currency, '')
                                         ORDER BY v.amount DESC, v.doc_id, v.start) AS rk
          FROM v_money_figures v) m
    LEFT JOIN passages p ON p.doc_id = m.doc_id AND m.start >= p.start AND m.start < p."end"
    WHERE m.rk <= ?
    ORDER BY m.currency, m.amount DESC, m.doc_id, m.start
"""


# issue 14: administrative documents
_CITED = """
    SELECT type, cited, year, n_citations, n_documents FROM v_most_cited_documents
    ORDER BY n_documents DESC, n_citations DESC, cited LIMIT ?
"""
_BY_ISSUER = """
    SELECT issuer, doc_type, n_documents, first_signed, last_signed FROM v_documents_by_issuer_type
    ORDER BY n_documents DESC, issuer, doc_type LIMIT ?
"""


def collect_admin(db: "_Database", data: "ReportData", top: int) -> "ReportData":
    """Issue 14's two views into `data`: the most cited documents, documents by issuer and type."""
    data.cited = db.rows(_CITED, [top * 2])
    data.by_issuer = db.rows(_BY_ISSUER, [top * 2])
    return data


@dataclass
class ReportData:
    """Everything the page shows, read from the views in one go."""

    where: str
    summary: dict
    coverage: list[dict]
    sources: list[dict]
    by_source: list[dict]
    theme_passages: dict = field(default_factory=dict)    # theme -> [passage]
    source_passages: dict = field(default_factory=dict)   # (source, theme) -> [passage]
    agencies: list[dict] = field(default_factory=list)
    agency_passages: dict = field(default_factory=dict)   # (theme, org) -> [passage]
    officials: list[dict] = field(default_factory=list)
    official_passages: dict = field(default_factory=dict)  # (theme, person, title, org) -> [passage]
    money: list[dict] = field(default_factory=list)
    names: dict = field(default_factory=dict)             # theme id -> human name
    cited: list[dict] = field(default_factory=list)       # issue 14: v_most_cited_documents, most cited first
    by_issuer: list[dict] = field(default_factory=list)   # issue 14: v_documents_by_issuer_type
    coverage_extra: dict | None = None                    # stories, ids, provinces, alerts (coverage_section)


def _group(rows, key) -> dict:
    out = defaultdict(list)
    for r in rows:
        out[key(r)].append(r)
    return dict(out)


def collect(db: _Database, *, top: int = 8, passages: int = 5, sources: int = 12,
            money: int = 15, names: dict | None = None) -> ReportData:
    """Query everything the report shows; `top`, `passages`... bound the size of each list."""
    summary = db.rows(_SUMMARY)[0] | db.rows(_COUNTS)[0]
    return collect_admin(db, ReportData(
        where=db.where,
        summary=summary,
        coverage=db.rows(_COVERAGE),
        sources=db.rows(_SOURCES, [sources]),
        by_source=db.rows(_BY_SOURCE),
        theme_passages=_group(db.rows(_THEME_PASSAGES, [passages]), lambda r: r["theme"]),
        source_passages=_group(db.rows(_SOURCE_PASSAGES, [max(1, passages // 2)]),
                               lambda r: (r["source_key"], r["theme"])),
        agencies=db.rows(_TOP_AGENCIES, [top]),
        agency_passages=_group(db.rows(_AGENCY_PASSAGES, [top, 3]), lambda r: (r["theme"], r["org"])),
        officials=db.rows(_TOP_OFFICIALS, [top]),
        official_passages=_group(db.rows(_OFFICIAL_PASSAGES, [top, 3]),
                                 lambda r: (r["theme"], r["person"], r["o_title"], r["org"], bool(r["former"]))),
        money=db.rows(_MONEY, [money]),
        names=theme_names() if names is None else names,
        coverage_extra=_coverage(db),
    ), top)


def _coverage(db):
    """The coverage sections' data (issue 15); None for an output written before them."""
    from .coverage_data import collect_coverage

    return collect_coverage(db)
