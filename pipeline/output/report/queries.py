"""The report's data: one connection (DuckDB file, Parquet tables, or PostgreSQL)
and the portable SQL (`?` placeholders) it runs over the dashboard views.

It reads the views of `pipeline.io.duckdb_store.VIEWS`, the base tables for the
sentences behind each chart (`sentence_themes`: sentences are the unit of theme
decisions) and the `themes` table for the labels a reader sees, with the same
SQL on DuckDB and PostgreSQL.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ...coverage.sectors import AGENCY_POOL, public_first
from ...io.outdir import DATABASE as DUCKDB_FILE

UNKNOWN_SOURCE = "(unknown)"           # a document without a source, in the views
SHOWN_UNKNOWN_SOURCE = "(không rõ nguồn)"   # ... and on the page, which is in Vietnamese


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
            raise ReportError(f"cannot connect to PostgreSQL: {_first_line(exc, db)}") from None
        return _Database(con, "format", "PostgreSQL")
    import duckdb

    from ...io.duckdb_store import create_views
    from ...io.tables import TABLE_NAMES, TABLES, output_parquet

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
        if "themes" in files:   # every chunk holds the run's taxonomy: one copy of it is the table
            files["themes"] = files["themes"][:1]
        where = f"{out_dir} ({len(chunks)} chunks of an unfinished run)"
    if "documents" in files and "themes" not in files:
        files["themes"] = []   # an output written before the themes table: the shipped labels
    missing = [name for name in TABLE_NAMES if name not in files]
    if missing:
        raise ReportError(f"{out_dir}: neither {DUCKDB_FILE} nor the Parquet tables "
                          f"({', '.join(missing)} missing): is this a `vnmonitor batch` output?")
    con = duckdb.connect()
    for name, parts in files.items():
        if parts:
            con.read_parquet([str(f) for f in parts]).create_view(name)
        else:
            con.register(name, TABLES[name].empty_table())
    create_views(con)
    return _Database(con, "qmark", where)


def theme_names(path=None) -> dict[str, str]:
    """Theme id -> the name a Vietnamese reader sees, from a taxonomy file (default: the
    shipped one), in taxonomy order; {} when unavailable. An output's own labels are in
    its `themes` table (`stored_theme_names`)."""
    try:
        from ...themes.taxonomy import TaxonomyError, load_taxonomy
    except ImportError:
        return {}
    try:
        return {t.id: t.name for t in load_taxonomy(path)}
    except TaxonomyError:
        return {}


_THEMES = "SELECT id, label FROM themes ORDER BY theme_no, id"


def stored_theme_names(db: _Database) -> dict[str, str]:
    """Theme id -> label from the output's `themes` table (the taxonomy its run used), in
    taxonomy order; the shipped taxonomy's names for an output written before the table."""
    try:
        names = {r["id"]: r["label"] for r in db.rows(_THEMES) if r["id"] and r["label"]}
    except Exception:   # no themes table: an older output
        names = {}
    return names or theme_names()


_SUMMARY = """
    SELECT COUNT(*) AS n_documents, COUNT(DISTINCT COALESCE(story_id, doc_id)) AS n_stories,
           MIN("date") AS first_date, MAX("date") AS last_date,
           COUNT(DISTINCT source) AS n_sources,
           SUM(CASE WHEN source IS NULL THEN 1 ELSE 0 END) AS n_unsourced,
           SUM(CASE WHEN "date" IS NULL THEN 1 ELSE 0 END) AS n_undated,
           SUM(CASE WHEN date_inferred THEN 1 ELSE 0 END) AS n_inferred
    FROM documents
"""
# Sentences are the unit of theme decisions (issue 13): the report counts and lists
# them (`sentence_themes`), not the passages (runs of them).
_COUNTS = """
    SELECT (SELECT COUNT(*) FROM (SELECT DISTINCT doc_id, sentence_no FROM sentence_themes) s) AS n_themed_sentences,
           (SELECT COUNT(*) FROM entities) AS n_entities,
           (SELECT COUNT(*) FROM officials) AS n_officials
"""
# the chart's stories: each counted on the day its theme's first copy appeared (n_new_stories adds up
# over days and weeks, copies do not swell it)
_COVERAGE = 'SELECT "date", theme, n_new_stories AS n_stories, n_documents FROM v_theme_stories_daily ORDER BY "date", theme'
# per theme over all documents: copies, the stories among them, and the sentences that took it
_THEME_TOTALS = """
    SELECT dt.theme AS theme, COUNT(DISTINCT d.doc_id) AS n_documents,
           COUNT(DISTINCT COALESCE(d.story_id, d.doc_id)) AS n_stories
    FROM documents d JOIN documents_themes dt ON dt.doc_id = d.doc_id
    GROUP BY dt.theme
"""
# the sentences that took a theme in the documents filed under it, as `v_theme_coverage_daily` counts them
# (a passing sentence in a document about something else is not the theme's coverage)
_FILED = "JOIN documents_themes fdt ON fdt.doc_id = st.doc_id AND fdt.theme = st.theme"
_THEME_SENTENCE_COUNTS = f"SELECT st.theme AS theme, COUNT(*) AS n_sentences FROM sentence_themes st {_FILED} GROUP BY st.theme"
_SOURCES = """
    SELECT COALESCE(source, '(unknown)') AS source, COUNT(*) AS n_documents,
           COUNT(DISTINCT COALESCE(story_id, doc_id)) AS n_stories
    FROM documents GROUP BY COALESCE(source, '(unknown)')
    ORDER BY n_documents DESC, source LIMIT ?
"""
_BY_SOURCE = "SELECT source, theme, n_documents, share FROM v_theme_by_source ORDER BY source, theme"
# A sentence's text from its offsets (1-based substr, characters in both engines; the
# integer casts because PostgreSQL has no substr over BIGINT).
_SENTENCE_TEXT = 'substr(d.text, CAST(r.start AS INTEGER) + 1, CAST(r."end" - r.start AS INTEGER))'


def _sentence_cols(alias: str) -> str:
    return (f'{alias}.doc_id AS doc_id, {alias}.start AS start, {alias}."end" AS "end", d.title AS title, '
            f'd."date" AS "date", d.source AS source')


_SENTENCE_COLS = _sentence_cols("r")
# The best-scored sentences of each theme, one a story (the copies of a wire story would fill the list
# with one sentence): ranked over sentence_themes alone, the text cut from the document for the few kept.
_THEME_SENTENCES = f"""
    SELECT r.theme AS theme, r.score AS score, {_SENTENCE_COLS}, {_SENTENCE_TEXT} AS text
    FROM (SELECT b.theme AS theme, b.score AS score, b.doc_id AS doc_id, b.start AS start, b."end" AS "end",
                 ROW_NUMBER() OVER (PARTITION BY b.theme ORDER BY b.score DESC, b.doc_id, b.sentence_no) AS rk
          FROM (SELECT st.theme AS theme, st.score AS score, st.doc_id AS doc_id, st.start AS start,
                       st."end" AS "end", st.sentence_no AS sentence_no,
                       ROW_NUMBER() OVER (PARTITION BY st.theme, COALESCE(d0.story_id, d0.doc_id)
                                          ORDER BY st.score DESC, st.doc_id, st.sentence_no) AS in_story
                FROM sentence_themes st JOIN documents d0 ON d0.doc_id = st.doc_id {_FILED}) b
          WHERE b.in_story = 1) r
    JOIN documents d ON d.doc_id = r.doc_id
    WHERE r.rk <= ? ORDER BY r.theme, r.rk
"""
_SOURCE_SENTENCES = f"""
    SELECT r.source_key AS source_key, r.theme AS theme, r.score AS score, {_SENTENCE_COLS}, {_SENTENCE_TEXT} AS text
    FROM (SELECT COALESCE(d0.source, '(unknown)') AS source_key, st.theme AS theme, st.score AS score,
                 st.doc_id AS doc_id, st.start AS start, st."end" AS "end",
                 ROW_NUMBER() OVER (PARTITION BY COALESCE(d0.source, '(unknown)'), st.theme
                                    ORDER BY st.score DESC, st.doc_id, st.sentence_no) AS rk
          FROM sentence_themes st JOIN documents d0 ON d0.doc_id = st.doc_id {_FILED}) r
    JOIN documents d ON d.doc_id = r.doc_id
    WHERE r.rk <= ? ORDER BY r.source_key, r.theme, r.rk
"""
_TOP_AGENCIES = """
    SELECT theme, agency_id, org, sector, n_mentions, n_documents, n_stories FROM (
        SELECT theme, agency_id, org, sector, n_mentions, n_documents, n_stories,
               ROW_NUMBER() OVER (PARTITION BY theme ORDER BY n_stories DESC, n_documents DESC, n_mentions DESC,
                                                             org) AS rk
        FROM v_top_agencies_by_theme) ranked
    WHERE rk <= ? ORDER BY theme, rk
"""
# The sentences that mention a top agency, within documents filed under the theme
# (as the view counts them), those that took the theme first, by their score.
_AGENCY_SENTENCES = f"""
    WITH top AS ({_TOP_AGENCIES}),
    hits AS (
        SELECT t.theme AS theme, t.agency_id AS agency_id, e.doc_id AS doc_id, e.sentence_start AS start,
               MAX(e.sentence_end) AS "end", MAX(e.sentence) AS text, MAX(COALESCE(st.score, 0)) AS score
        FROM top t
        JOIN entities e ON e.label = 'ORG' AND COALESCE(e.entity_id, COALESCE(e.canonical, e.text)) = t.agency_id
                       AND e.sentence_start IS NOT NULL
        JOIN documents_themes dt ON dt.doc_id = e.doc_id AND dt.theme = t.theme
        LEFT JOIN sentence_themes st ON st.doc_id = e.doc_id AND st.start = e.sentence_start AND st.theme = t.theme
        GROUP BY t.theme, t.agency_id, e.doc_id, e.sentence_start)
    SELECT * FROM (
        SELECT h.theme AS theme, h.agency_id AS agency_id, h.score AS score, h.text AS text, {_sentence_cols("h")},
               ROW_NUMBER() OVER (PARTITION BY h.theme, h.agency_id ORDER BY h.score DESC, h.doc_id, h.start) AS rk
        FROM hits h
        JOIN documents d ON d.doc_id = h.doc_id) ranked
    WHERE rk <= ? ORDER BY theme, agency_id, rk
"""
_TOP_OFFICIALS = """
    SELECT theme, person_key, person, title, org, former, sector, n_documents, n_stories FROM (
        SELECT theme, person_key, person, title, org, former, sector, n_documents, n_stories,
               ROW_NUMBER() OVER (PARTITION BY theme ORDER BY n_stories DESC, n_documents DESC, person, person_key) AS rk
        FROM v_top_officials_by_theme) ranked
    WHERE rk <= ? ORDER BY theme, rk
"""
# The sentence an official's mention starts in: the sentence of an entity of the same
# document that holds that offset (the title and name are entities of it).
_OFFICIAL_SENTENCES = f"""
    WITH top AS ({_TOP_OFFICIALS}),
    hits AS (
        SELECT t.theme AS theme, t.person_key AS person_key, e.doc_id AS doc_id, e.sentence_start AS start,
               MAX(e.sentence_end) AS "end", MAX(e.sentence) AS text, MAX(COALESCE(st.score, 0)) AS score
        FROM top t
        JOIN officials o ON COALESCE(o.person_id, o.person) = t.person_key
        JOIN documents_themes dt ON dt.doc_id = o.doc_id AND dt.theme = t.theme
        JOIN entities e ON e.doc_id = o.doc_id AND e.sentence_start <= o.start AND o.start < e.sentence_end
        LEFT JOIN sentence_themes st ON st.doc_id = e.doc_id AND st.start = e.sentence_start AND st.theme = t.theme
        GROUP BY t.theme, t.person_key, e.doc_id, e.sentence_start)
    SELECT * FROM (
        SELECT h.theme AS theme, h.person_key AS person_key, h.score AS score, h.text AS text, {_sentence_cols("h")},
               ROW_NUMBER() OVER (PARTITION BY h.theme, h.person_key ORDER BY h.score DESC, h.doc_id, h.start) AS rk
        FROM hits h
        JOIN documents d ON d.doc_id = h.doc_id) ranked
    WHERE rk <= ? ORDER BY theme, person_key, rk
"""
_MONEY_TOP = """
    SELECT m.doc_id AS doc_id, m."date" AS "date", m.source AS source, m.title AS title, m.text AS text,
           m.amount AS amount, m.currency AS currency, m.amount_max AS amount_max, m.sentence AS sentence,
           m.start AS start, m.sentence_start AS sentence_start
    FROM (SELECT v.*, ROW_NUMBER() OVER (PARTITION BY COALESCE(v.currency, '')
                                         ORDER BY v.amount DESC, v.doc_id, v.start) AS rk
          FROM (SELECT v0.*, ROW_NUMBER() OVER (PARTITION BY COALESCE(d.story_id, d.doc_id), v0.amount,
                                                             COALESCE(v0.currency, '')
                                                ORDER BY v0.doc_id, v0.start) AS copy_no
                FROM v_money_figures v0 JOIN documents d ON d.doc_id = v0.doc_id) v
          WHERE v.copy_no = 1) m
    WHERE m.rk <= ?
"""
_MONEY = f"SELECT * FROM ({_MONEY_TOP}) top ORDER BY currency, amount DESC, doc_id, start"
# the themes the sentence holding each figure took
_MONEY_THEMES = f"""
    SELECT top.doc_id AS doc_id, top.start AS start, st.theme AS theme, st.score AS score
    FROM ({_MONEY_TOP}) top
    JOIN sentence_themes st ON st.doc_id = top.doc_id AND st.start = top.sentence_start
    ORDER BY top.doc_id, top.start, st.score DESC, st.theme
"""


# issue 14: administrative documents
_CITED = """
    SELECT type, cited, year, n_citations, n_documents, n_stories FROM v_most_cited_documents
    ORDER BY n_stories DESC, n_documents DESC, n_citations DESC, cited LIMIT ?
"""
_BY_ISSUER = """
    SELECT issuer, issuer_parent, doc_type, n_documents, first_signed, last_signed FROM v_documents_by_issuer_type
    ORDER BY n_documents DESC, issuer, issuer_parent, doc_type LIMIT ?
"""
_BY_ISSUER_ROWS = "SELECT COUNT(*) AS n FROM v_documents_by_issuer_type"


def collect_admin(db: "_Database", data: "ReportData", top: int) -> "ReportData":
    """Issue 14's two views into `data`: the most cited documents, documents by issuer and type."""
    data.cited = db.rows(_CITED, [top * 2])
    data.by_issuer = db.rows(_BY_ISSUER, [top * 2])
    data.by_issuer_rows = int(db.rows(_BY_ISSUER_ROWS, [])[0]["n"])
    return data


@dataclass
class ReportData:
    """Everything the page shows, read from the views in one go."""

    where: str
    summary: dict
    coverage: list[dict]
    sources: list[dict]
    by_source: list[dict]
    theme_totals: dict = field(default_factory=dict)      # theme -> {n_documents, n_stories, n_sentences}
    theme_sentences: dict = field(default_factory=dict)   # theme -> [sentence]
    source_sentences: dict = field(default_factory=dict)  # (source, theme) -> [sentence]
    agencies: list[dict] = field(default_factory=list)
    agency_sentences: dict = field(default_factory=dict)  # (theme, org) -> [sentence]
    officials: list[dict] = field(default_factory=list)
    official_sentences: dict = field(default_factory=dict)  # (theme, person, title, org, former) -> [sentence]
    money: list[dict] = field(default_factory=list)       # each with `themes`: [(theme, score)] of its sentence
    names: dict = field(default_factory=dict)             # theme id -> Vietnamese label (the themes table)
    cited: list[dict] = field(default_factory=list)       # issue 14: v_most_cited_documents, most cited first
    by_issuer: list[dict] = field(default_factory=list)   # issue 14: v_documents_by_issuer_type
    by_issuer_rows: int = 0                                # the view's rows, of which `by_issuer` shows the first
    coverage_extra: dict | None = None                    # stories, ids, provinces, alerts (coverage_section)


def _group(rows, key) -> dict:
    out = defaultdict(list)
    for r in rows:
        out[key(r)].append(r)
    return dict(out)


def _theme_totals(db: _Database) -> dict:
    totals = {r["theme"]: {**r, "n_sentences": 0} for r in db.rows(_THEME_TOTALS)}
    for r in db.rows(_THEME_SENTENCE_COUNTS):
        totals.setdefault(r["theme"], {"theme": r["theme"], "n_documents": 0, "n_stories": 0})
        totals[r["theme"]]["n_sentences"] = r["n_sentences"]
    return totals


def _money(db: _Database, money: int) -> list[dict]:
    rows = db.rows(_MONEY, [money])
    themes = _group(db.rows(_MONEY_THEMES, [money]), lambda r: (r["doc_id"], r["start"]))
    for r in rows:
        r["themes"] = [(t["theme"], t["score"]) for t in themes.get((r["doc_id"], r["start"]), [])]
    return rows


def collect(db: _Database, *, top: int = 8, sentences: int = 5, sources: int = 12,
            money: int = 15, ids: int = 15, names: dict | None = None) -> ReportData:
    """Query everything the report shows; `top`, `sentences`... bound the size of each list (`ids`: the
    registry's agencies and officials with most stories).
    `names` (theme id -> label) defaults to the output's own `themes` table."""
    summary = db.rows(_SUMMARY)[0] | db.rows(_COUNTS)[0]
    return shown_sources(collect_admin(db, ReportData(
        where=db.where,
        summary=summary,
        coverage=db.rows(_COVERAGE),
        sources=db.rows(_SOURCES, [sources]),
        by_source=db.rows(_BY_SOURCE),
        theme_totals=_theme_totals(db),
        theme_sentences=_group(db.rows(_THEME_SENTENCES, [sentences]), lambda r: r["theme"]),
        source_sentences=_group(db.rows(_SOURCE_SENTENCES, [max(1, sentences // 2)]),
                                lambda r: (r["source_key"], r["theme"])),
        agencies=public_first(db.rows(_TOP_AGENCIES, [AGENCY_POOL * top]), top, "org", "theme"),
        agency_sentences=_group(db.rows(_AGENCY_SENTENCES, [AGENCY_POOL * top, 3]),
                                lambda r: (r["theme"], r["agency_id"])),
        # officials of public bodies: a company's chairman is named, not an official a press office follows
        officials=public_first(db.rows(_TOP_OFFICIALS, [AGENCY_POOL * top]), top, None, "theme"),
        official_sentences=_group(db.rows(_OFFICIAL_SENTENCES, [AGENCY_POOL * top, 3]),
                                  lambda r: (r["theme"], r["person_key"])),
        money=_money(db, money),
        names=stored_theme_names(db) if names is None else names,
        coverage_extra=_coverage(db, ids),
    ), top))


def shown_sources(data: ReportData) -> ReportData:
    """`data` with the views' "(unknown)" source shown in Vietnamese, everywhere the page names sources."""
    def shown(source):
        return SHOWN_UNKNOWN_SOURCE if source == UNKNOWN_SOURCE else source

    for row in [*data.sources, *data.by_source, *((data.coverage_extra or {}).get("docs") or [])]:
        row["source"] = shown(row["source"])
    data.source_sentences = {(shown(source), theme): v for (source, theme), v in data.source_sentences.items()}
    return data


def _coverage(db, ids: int = 15):
    """The coverage sections' data (issue 15); None for an output written before them."""
    from .coverage_data import collect_coverage

    return collect_coverage(db, top=ids)


def read_alerts(out_dir=None, db_url: str | None = None, since: str | None = None) -> tuple[list[dict], dict]:
    """(alerts, theme labels) of a batch output folder or a PostgreSQL database (`vnmonitor alerts`);
    ReportError when they cannot be read."""
    from ..alerts import find_alerts

    with open_output(out_dir, db_url) as db:
        try:
            return find_alerts(db, since=since), stored_theme_names(db)
        except Exception as exc:   # no tables yet, or an output of another version
            raise ReportError(f"{db.where}: cannot read the tables: {str(exc).strip().splitlines()[0]}") from None
