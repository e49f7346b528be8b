"""A self-contained HTML dashboard over a batch output (DuckDB, Parquet) or PostgreSQL.

    html = render_report(collect(open_output("out/")))
    write_report("out/", "out/report.html")                # the same, to a file
    write_report(None, "report.html", db="postgresql://...")

It reads only the dashboard views (`pipeline.io.duckdb_store.VIEWS`) and the
base tables for the passages behind each chart, with the same SQL on DuckDB and
PostgreSQL. The page needs no network: CSS, SVG charts and a few lines of script
are inline, a Content-Security-Policy allows only that script, and every string
that comes from the data is HTML-escaped.
"""
from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import html
import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

DUCKDB_FILE = "vnmonitor.duckdb"
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
           "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#1f77b4", "#8c564b")
UNKNOWN_SOURCE = "(unknown)"


class ReportError(RuntimeError):
    """The output cannot be read; the message says what is missing."""


# --------------------------------------------------------------------------- reading

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
        from ..extras import MissingExtra

        try:
            from ..io.postgres import PostgresError, _first_line, check_url, psycopg
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

    from ..io.duckdb_store import create_views
    from ..io.postgres import output_parquet
    from ..io.tables import TABLE_NAMES

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
        from ..io.outdir import CHUNKS

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
        from ..themes.taxonomy import TaxonomyError, load_taxonomy
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


def _group(rows, key) -> dict:
    out = defaultdict(list)
    for r in rows:
        out[key(r)].append(r)
    return dict(out)


def collect(db: _Database, *, top: int = 8, passages: int = 5, sources: int = 12,
            money: int = 15, names: dict | None = None) -> ReportData:
    """Query everything the report shows; `top`, `passages`... bound the size of each list."""
    summary = db.rows(_SUMMARY)[0] | db.rows(_COUNTS)[0]
    return ReportData(
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
    )


# --------------------------------------------------------------------------- formatting

def esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _int(n) -> str:
    return f"{int(n or 0):,}".replace(",", ".")


def _pct(x) -> str:
    return f"{100 * float(x):.0f}%" if x is not None else ""


def amount_str(amount, currency) -> str:
    """45e9, 'VND' -> '45 tỷ VND'; 1.5e6 -> '1,5 triệu'."""
    if amount is None:
        return ""
    amount = float(amount)
    for size, word in ((1e12, "nghìn tỷ"), (1e9, "tỷ"), (1e6, "triệu")):
        if abs(amount) >= size:
            number = f"{amount / size:,.2f}".rstrip("0").rstrip(".")
            return f"{number.replace(',', ' ').replace('.', ',')} {word} {currency or ''}".strip()
    return f"{_int(amount)} {currency or ''}".strip()


def _date(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)[:10]


def _clip(text: str | None, limit: int = 700) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit].rstrip() + " …"


class _Themes:
    """Names and colours of themes, in taxonomy order then by id."""

    def __init__(self, names: dict, present):
        ids = [t for t in names if t in present] + sorted(set(present) - set(names))
        self.ids = ids
        self.names = names
        self.colour = {t: PALETTE[i % len(PALETTE)] for i, t in enumerate(ids)}

    def name(self, theme_id) -> str:
        return self.names.get(theme_id, theme_id)


def _passage_list(rows: list[dict], themes: _Themes, theme_label: bool = False) -> str:
    if not rows:
        return '<p class="muted">Không có đoạn văn nào.</p>'
    items = []
    for r in rows:
        meta = " · ".join(esc(x) for x in (_date(r.get("date")), r.get("source"), r.get("title")) if x)
        score = f'<span class="score">{float(r["score"]):.2f}</span>' if r.get("score") else ""
        tag = (f'<span class="tag" style="border-color:{themes.colour.get(r["theme"], "#999")}">'
               f'{esc(themes.name(r["theme"]))}</span> ' if theme_label else "")
        items.append(f'<li>{tag}{score}<q>{esc(_clip(r.get("text")))}</q>'
                     f'<div class="meta">{meta} <code>{esc(r["doc_id"])}#{esc(r["passage_no"])}</code></div></li>')
    return f'<ol class="passages">{"".join(items)}</ol>'


def _details(summary_html: str, body_html: str, **attrs) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{esc(v)}"' for k, v in attrs.items())
    return f"<details{extra}><summary>{summary_html}</summary>{body_html}</details>"


# --------------------------------------------------------------------------- charts (inline SVG)

def _nice_ticks(top: float, n: int = 5) -> list[float]:
    if top <= 0:
        return [0, 1]
    raw = top / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    step = max(step, 1)
    return [i * step for i in range(int(math.ceil(top / step)) + 1)]


def _next_month(d: _dt.date) -> _dt.date:
    return d.replace(year=d.year + d.month // 12, month=d.month % 12 + 1, day=1)


def time_buckets(dates: list[_dt.date]) -> tuple[str, callable, list[_dt.date]]:
    """Day, ISO-week or month buckets (at most a few dozen points), every one from first to last.

    Returns the unit's name, the bucket of a date, and all buckets in order:
    a bucket without documents is a zero on the chart, not a gap squeezed out
    of the time axis.
    """
    first, last = min(dates), max(dates)
    span = (last - first).days
    if span <= 62:
        unit, bucket_of, step = "ngày", (lambda d: d), (lambda d: d + _dt.timedelta(days=1))
    elif span <= 400:
        unit, bucket_of = "tuần", (lambda d: d - _dt.timedelta(days=d.weekday()))
        step = lambda d: d + _dt.timedelta(days=7)  # noqa: E731
    else:
        unit, bucket_of, step = "tháng", (lambda d: d.replace(day=1)), _next_month
    buckets, b = [], bucket_of(first)
    while b <= last:
        buckets.append(b)
        b = step(b)
    return unit, bucket_of, buckets


def _as_date(value) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    return _dt.date.fromisoformat(str(value)[:10])


def coverage_chart(coverage: list[dict], themes: _Themes) -> str:
    """Documents per theme per day (or week, month): one line per theme."""
    if not coverage:
        return '<p class="muted">Không có tài liệu nào có ngày và chủ đề.</p>'
    dates = [_as_date(r["date"]) for r in coverage]
    unit, bucket_of, buckets = time_buckets(dates)
    series = defaultdict(lambda: defaultdict(int))
    for r, d in zip(coverage, dates):
        series[r["theme"]][bucket_of(d)] += int(r["n_documents"])
    width, height, left, right, top_, bottom = 920, 320, 48, 16, 14, 46
    plot_w, plot_h = width - left - right, height - top_ - bottom
    ymax = max(v for s in series.values() for v in s.values())
    ticks = _nice_ticks(ymax)
    ytop = ticks[-1]

    def x(i):
        return left + (plot_w * (i + 0.5) / len(buckets))

    def y(v):
        return top_ + plot_h - plot_h * v / ytop

    parts = [f'<svg class="chart" id="coverage-chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Số tài liệu theo chủ đề theo {unit}">']
    for t in ticks:
        parts.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y(t):.1f}" y2="{y(t):.1f}"/>'
                     f'<text class="tick" x="{left - 6}" y="{y(t) + 4:.1f}" text-anchor="end">{_int(t)}</text>')
    every = max(1, math.ceil(len(buckets) / 10))
    for i, b in enumerate(buckets):
        if i % every == 0:
            parts.append(f'<text class="tick" x="{x(i):.1f}" y="{height - bottom + 18}" '
                         f'text-anchor="middle">{esc(b.isoformat())}</text>')
    parts.append(f'<text class="axis" x="{left}" y="{height - 6}">Số tài liệu theo {unit}</text>')
    index = {b: i for i, b in enumerate(buckets)}
    for theme in themes.ids:
        if theme not in series:
            continue
        colour = themes.colour[theme]
        points = [(x(index[b]), y(series[theme].get(b, 0)), b, series[theme].get(b, 0)) for b in buckets]
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _, _ in points)
        dots = "".join(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5"><title>{esc(themes.name(theme))} — '
            f'{esc(b.isoformat())}: {_int(v)} tài liệu</title></circle>'
            for px, py, b, v in points if v)
        parts.append(f'<g class="series" data-theme="{esc(theme)}" stroke="{colour}" fill="{colour}">'
                     f'<polyline fill="none" stroke-width="2" points="{path}"/>{dots}</g>')
    parts.append("</svg>")
    return "".join(parts)


def source_chart(sources: list[dict], by_source: list[dict], themes: _Themes) -> str:
    """For each source, one bar split by theme in proportion to its documents per theme."""
    cells = _group(by_source, lambda r: r["source"])
    rows = [s for s in sources if s["source"] in cells]
    if not rows:
        return '<p class="muted">Chưa có tài liệu nào được gắn chủ đề.</p>'
    label_w, bar_w, row_h, width = 230, 560, 26, 920
    height = row_h * len(rows) + 10
    parts = [f'<svg class="chart" id="source-chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Tỉ trọng chủ đề theo nguồn">']
    for i, s in enumerate(rows):
        yy = 5 + i * row_h
        by_theme = {r["theme"]: r for r in cells[s["source"]]}
        total = sum(int(r["n_documents"]) for r in by_theme.values())
        parts.append(f'<text class="label" x="{label_w - 8}" y="{yy + 16}" text-anchor="end">'
                     f'{esc(_clip(s["source"], 30))}<title>{esc(s["source"])}</title></text>')
        xx = label_w
        for theme in themes.ids:
            r = by_theme.get(theme)
            if not r:
                continue
            w = bar_w * int(r["n_documents"]) / total
            parts.append(f'<rect class="segment" data-theme="{esc(theme)}" x="{xx:.1f}" y="{yy}" '
                         f'width="{max(w, 0.5):.1f}" height="{row_h - 6}" fill="{themes.colour[theme]}">'
                         f'<title>{esc(s["source"])} — {esc(themes.name(theme))}: {_int(r["n_documents"])} '
                         f'tài liệu ({_pct(r["share"])} số bài của nguồn)</title></rect>')
            xx += w
        parts.append(f'<text class="tick" x="{label_w + bar_w + 8}" y="{yy + 16}">'
                     f'{_int(s["n_documents"])} bài</text>')
    parts.append("</svg>")
    return "".join(parts)


def _bar(value, top) -> str:
    width = 100 * float(value) / float(top) if top else 0
    return f'<span class="bar" style="width:{width:.0f}%"></span>'


# --------------------------------------------------------------------------- sections

def _legend(themes: _Themes) -> str:
    items = "".join(
        f'<li><button type="button" class="legend-item" data-theme="{esc(t)}">'
        f'<span class="swatch" style="background:{themes.colour[t]}"></span>{esc(themes.name(t))}</button></li>'
        for t in themes.ids)
    return f'<ul class="legend">{items}</ul>'


def _undated_note(summary: dict) -> str:
    undated = int(summary.get("n_undated") or 0)
    if not undated:
        return ""
    return (f'<p class="note">{_int(undated)} trên {_int(summary.get("n_documents"))} tài liệu không có ngày '
            f'(không có trong siêu dữ liệu, cũng không suy ra được từ văn bản) nên không có trên biểu đồ này; '
            f'các phần khác vẫn tính chúng.</p>')


def _coverage_section(data: ReportData, themes: _Themes) -> str:
    totals = defaultdict(int)
    for r in data.coverage:
        totals[r["theme"]] += int(r["n_documents"])
    behind = "".join(
        _details(f'<span class="swatch" style="background:{themes.colour[t]}"></span>{esc(themes.name(t))} '
                 f'<span class="muted">({_int(totals.get(t, 0))} tài liệu có ngày)</span>',
                 _passage_list(data.theme_passages.get(t, []), themes), id=f"passages-{t}")
        for t in themes.ids)
    return (f'<section id="coverage"><h2>Mức độ đưa tin theo chủ đề</h2>{_legend(themes)}'
            f'{coverage_chart(data.coverage, themes)}{_undated_note(data.summary)}'
            + (f'<h3>Các đoạn văn tiêu biểu của mỗi chủ đề</h3>{behind}' if behind else "") + '</section>')


def _source_section(data: ReportData, themes: _Themes) -> str:
    cells = _group(data.by_source, lambda r: r["source"])
    behind = []
    for s in data.sources:
        if s["source"] not in cells:
            continue
        inner = "".join(
            f'<h4>{esc(themes.name(r["theme"]))} — {_int(r["n_documents"])} bài ({_pct(r["share"])})</h4>'
            + _passage_list(data.source_passages.get((s["source"], r["theme"]), []), themes)
            for r in sorted(cells[s["source"]], key=lambda r: -int(r["n_documents"])))
        behind.append(_details(f'{esc(s["source"])} <span class="muted">({_int(s["n_documents"])} bài)</span>',
                               inner))
    return (f'<section id="sources"><h2>Tỉ trọng chủ đề theo nguồn</h2>'
            f'{source_chart(data.sources, data.by_source, themes)}'
            + (f'<h3>Các đoạn văn theo nguồn</h3>{"".join(behind)}' if behind else "") + '</section>')


def _actors_section(data: ReportData, themes: _Themes) -> str:
    agencies = _group(data.agencies, lambda r: r["theme"])
    officials = _group(data.officials, lambda r: r["theme"])
    cards = []
    for t in themes.ids:
        if t not in agencies and t not in officials:
            continue
        rows_a = agencies.get(t, [])
        top_a = max((int(r["n_documents"]) for r in rows_a), default=0)
        table_a = "".join(
            f'<tr><td>{_details(esc(r["org"]), _passage_list(data.agency_passages.get((t, r["org"]), []), themes))}'
            f'</td><td class="num">{_int(r["n_documents"])}{_bar(r["n_documents"], top_a)}</td>'
            f'<td class="num">{_int(r["n_mentions"])}</td></tr>' for r in rows_a)
        rows_o = officials.get(t, [])
        table_o = "".join(
            f'<tr><td>{_details(esc(r["person"]) + " <span class=muted>· " + ("nguyên " if r["former"] else "") + esc(r["title"]) + "</span>", _passage_list(data.official_passages.get((t, r["person"], r["title"], r["org"], bool(r["former"])), []), themes))}'
            f'</td><td>{esc(r["org"])}</td><td class="num">{_int(r["n_documents"])}</td></tr>' for r in rows_o)
        cards.append(
            f'<article class="card" data-theme="{esc(t)}"><h3><span class="swatch" '
            f'style="background:{themes.colour[t]}"></span>{esc(themes.name(t))}</h3>'
            + (f'<table class="agencies"><thead><tr><th>Cơ quan</th><th>Số bài</th><th>Lượt nhắc</th></tr></thead>'
               f'<tbody>{table_a}</tbody></table>' if rows_a else "")
            + (f'<table class="officials"><thead><tr><th>Cán bộ</th><th>Cơ quan</th><th>Số bài</th></tr></thead>'
               f'<tbody>{table_o}</tbody></table>' if rows_o else "")
            + "</article>")
    body = "".join(cards) or '<p class="muted">Chưa có cơ quan hay cán bộ nào được nhận diện.</p>'
    return f'<section id="actors"><h2>Cơ quan và cán bộ được nhắc nhiều nhất theo chủ đề</h2><div class="cards">{body}</div></section>'


def _highlight(sentence: str | None, figure: str | None) -> str:
    sentence = _clip(sentence, 600)
    if figure and figure in sentence:
        i = sentence.index(figure)
        return f"{esc(sentence[:i])}<mark>{esc(figure)}</mark>{esc(sentence[i + len(figure):])}"
    return esc(sentence)


def _passage_themes(raw, themes: _Themes) -> str:
    try:
        items = json.loads(raw) if raw else []
    except (TypeError, ValueError):
        items = []
    return ", ".join(f'{esc(themes.name(t.get("id")))} ({float(t.get("score", 0)):.2f})'
                     for t in items if isinstance(t, dict))


def _money_section(data: ReportData, themes: _Themes) -> str:
    if not data.money:
        return '<section id="money"><h2>Các khoản tiền lớn nhất</h2><p class="muted">Không có số tiền nào.</p></section>'
    per_currency = defaultdict(int)
    for r in data.money:
        per_currency[r["currency"]] += 1
    rows = []
    # Đồng first, then the other currencies by how many figures they have.
    order = lambda r: (r["currency"] != "VND", -per_currency[r["currency"]], str(r["currency"]), -float(r["amount"]))  # noqa: E731
    for r in sorted(data.money, key=order):
        amount = amount_str(r["amount"], r["currency"])
        if r.get("amount_max") is not None:
            amount += " – " + amount_str(r["amount_max"], r["currency"])
        passage = _details("Đoạn văn",
                           f'<q>{esc(_clip(r.get("passage")))}</q>'
                           f'<div class="meta">Chủ đề: {_passage_themes(r.get("passage_themes"), themes) or "—"}</div>'
                           ) if r.get("passage") else ""
        rows.append(f'<tr><td class="num amount">{esc(amount)}</td><td>{_highlight(r.get("sentence"), r.get("text"))}'
                    f'{passage}</td><td class="date">{esc(_date(r.get("date")))}</td><td>{esc(r.get("source"))}</td>'
                    f'<td>{esc(r.get("title"))} <code>{esc(r["doc_id"])}</code></td></tr>')
    return (f'<section id="money"><h2>Các khoản tiền lớn nhất</h2>'
            f'<div class="scroll"><table class="money"><thead><tr><th>Số tiền</th><th>Câu</th><th>Ngày</th><th>Nguồn</th>'
            f'<th>Bài</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div></section>')


_CSS = """
:root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1f2933;background:#f7f7f5}
body{max-width:1100px;margin:0 auto;padding:1.5rem}
h1{margin:.2rem 0}h2{margin-top:2.2rem;border-bottom:2px solid #d9dde3;padding-bottom:.3rem}
section{background:#fff;padding:0 1.2rem 1rem;margin:1rem 0;border-radius:6px;box-shadow:0 1px 2px #0001}
.stats{display:flex;flex-wrap:wrap;gap:.6rem;padding:0;list-style:none}
.stats li{background:#fff;border-radius:6px;padding:.5rem .9rem;box-shadow:0 1px 2px #0001}
.stats b{display:block;font-size:1.3rem}
.muted{color:#6b7280}.note{color:#92400e;background:#fffbeb;padding:.4rem .6rem;border-radius:4px}.meta{color:#6b7280;font-size:.85em;margin:.2rem 0 .6rem}
svg.chart{width:100%;height:auto;display:block;margin:.6rem 0}
.grid{stroke:#e5e7eb}.tick,.axis,.label{font-size:12px;fill:#4b5563}
.series.off,.segment.off{opacity:.08}
.legend{display:flex;flex-wrap:wrap;gap:.3rem .8rem;list-style:none;padding:0}
.legend-item{border:0;background:none;cursor:pointer;font:inherit;padding:.1rem 0}
.legend-item.off{opacity:.4;text-decoration:line-through}
.swatch{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:.35em;vertical-align:baseline}
details{margin:.25rem 0}summary{cursor:pointer}
.passages{margin:.3rem 0 .6rem;padding-left:1.4rem}.passages q{quotes:none}
.score{font-variant-numeric:tabular-nums;background:#eef2f7;border-radius:3px;padding:0 .3em;margin-right:.4em;font-size:.85em}
.tag{border-left:4px solid;padding-left:.3em;margin-right:.4em;font-size:.85em}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(480px,1fr));gap:1rem}
.card{border:1px solid #e5e7eb;border-radius:6px;padding:.2rem .8rem .8rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.92em}
th,td{text-align:left;vertical-align:top;padding:.3rem .4rem;border-bottom:1px solid #eef0f2;overflow-wrap:anywhere}
td.date{white-space:nowrap}.scroll{overflow-x:auto}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums;position:relative}
.bar{display:block;height:4px;background:#4e79a7;margin-left:auto;margin-top:2px}
mark{background:#fde68a}.amount{font-weight:600}
code{font-size:.8em;color:#6b7280}
@media print{details{display:block}section{box-shadow:none}}
"""
# Legend buttons toggle a theme on both charts; a click on a line opens its passages.
_SCRIPT = """
document.querySelectorAll('.legend-item').forEach(function (button) {
  button.addEventListener('click', function () {
    var off = button.classList.toggle('off');
    document.querySelectorAll('[data-theme="' + CSS.escape(button.dataset.theme) + '"].series, '
      + '[data-theme="' + CSS.escape(button.dataset.theme) + '"].segment').forEach(function (el) {
      el.classList.toggle('off', off);
    });
  });
});
document.querySelectorAll('#coverage-chart .series').forEach(function (g) {
  g.addEventListener('click', function () {
    var target = document.getElementById('passages-' + g.dataset.theme);
    if (target) { target.open = true; target.scrollIntoView({behavior: 'smooth'}); }
  });
});
document.documentElement.dataset.ready = '1';
"""


def render_report(data: ReportData, title: str = "Báo cáo theo dõi báo chí") -> str:
    """The whole dashboard as one HTML string."""
    present = ({r["theme"] for r in data.coverage} | {r["theme"] for r in data.by_source}
               | set(data.theme_passages))
    themes = _Themes(data.names, present)
    s = data.summary
    span = (f"{_date(s.get('first_date'))} → {_date(s.get('last_date'))}" if s.get("first_date") else "—")
    stats = [("Tài liệu", _int(s.get("n_documents"))), ("Khoảng thời gian", span),
             ("Nguồn", _int(s.get("n_sources"))), ("Đoạn có chủ đề", _int(s.get("n_themed_passages"))),
             ("Thực thể", _int(s.get("n_entities"))), ("Chức danh – cán bộ", _int(s.get("n_officials"))),
             ("Không có ngày", _int(s.get("n_undated"))), ("Ngày suy ra từ văn bản", _int(s.get("n_inferred")))]
    stats_html = "".join(f"<li><b>{esc(v)}</b>{esc(k)}</li>" for k, v in stats)
    digest = base64.b64encode(hashlib.sha256(_SCRIPT.encode("utf-8")).digest()).decode()
    csp = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'"
    generated = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="vi"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>"
        f'<header><h1>{esc(title)}</h1><p class="muted">Nguồn dữ liệu: <code>{esc(data.where)}</code> · '
        f"tạo lúc {esc(generated)}</p><ul class=\"stats\">{stats_html}</ul></header>"
        f"{_coverage_section(data, themes)}{_source_section(data, themes)}"
        f"{_actors_section(data, themes)}{_money_section(data, themes)}"
        f"<script>{_SCRIPT}</script></body></html>\n"
    )


def write_report(out_dir: str | Path | None, path: str | Path, *, db: str | None = None, **options) -> dict:
    """Read a batch output (or PostgreSQL) and write the dashboard to `path`; return the summary."""
    with open_output(out_dir, db=db) as database:
        try:
            data = collect(database, **options)
        except Exception as exc:  # a table or view missing from an older or partial output
            raise ReportError(f"{database.where}: cannot read the dashboard views: "
                              f"{str(exc).strip().splitlines()[0]}") from None
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(render_report(data), encoding="utf-8")
    tmp.replace(path)
    return data.summary
