"""SVG charts of the dashboard, and the formatting they share with the page:
theme coverage over time (one line per theme), theme shares by source (stacked
bars), the legend that toggles a theme on both.

Every string that comes from the data goes through `esc`.
"""
from __future__ import annotations

import datetime as _dt
import html
import math
from collections import defaultdict

from .queries import _group

PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
           "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#1f77b4", "#8c564b")


def esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _int(n) -> str:
    return f"{int(n or 0):,}".replace(",", ".")


def _dec(x, digits: int = 2) -> str:
    """A decimal number as a Vietnamese reader writes it: a comma before the decimals ("3,6", not "3.6",
    which reads as thirty-six)."""
    return f"{float(x or 0):.{digits}f}".replace(".", ",")


def _pct(x) -> str:
    """A share as a whole percent; a share above nothing but under one half of a percent is "<1%", not "0%"."""
    if x is None:
        return ""
    shown = f"{100 * float(x):.0f}"
    return "<1%" if shown == "0" and float(x) > 0 else f"{shown}%"


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
    """Stories per theme per day (or week, month), each counted when its theme's first copy appeared:
    one line per theme."""
    if not coverage:
        return '<p class="muted">Không có tài liệu nào có ngày và chủ đề.</p>'
    dates = [_as_date(r["date"]) for r in coverage]
    unit, bucket_of, buckets = time_buckets(dates)
    series = defaultdict(lambda: defaultdict(int))
    for r, d in zip(coverage, dates):
        series[r["theme"]][bucket_of(d)] += int(r["n_stories"])
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
             f'aria-label="Số câu chuyện theo chủ đề theo {unit}">']
    for t in ticks:
        parts.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y(t):.1f}" y2="{y(t):.1f}"/>'
                     f'<text class="tick" x="{left - 6}" y="{y(t) + 4:.1f}" text-anchor="end">{_int(t)}</text>')
    every = max(1, math.ceil(len(buckets) / 10))
    for i, b in enumerate(buckets):
        if i % every == 0:
            parts.append(f'<text class="tick" x="{x(i):.1f}" y="{height - bottom + 18}" '
                         f'text-anchor="middle">{esc(b.isoformat())}</text>')
    parts.append(f'<text class="axis" x="{left}" y="{height - 6}">Số câu chuyện mới theo {unit}</text>')
    index = {b: i for i, b in enumerate(buckets)}
    for theme in themes.ids:
        if theme not in series:
            continue
        colour = themes.colour[theme]
        points = [(x(index[b]), y(series[theme].get(b, 0)), b, series[theme].get(b, 0)) for b in buckets]
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _, _ in points)
        dots = "".join(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5"><title>{esc(themes.name(theme))} — '
            f'{esc(b.isoformat())}: {_int(v)} câu chuyện mới</title></circle>'
            for px, py, b, v in points if v)
        parts.append(f'<g class="series" data-theme="{esc(theme)}" stroke="{colour}" fill="{colour}">'
                     f'<polyline fill="none" stroke-width="2" points="{path}"/>{dots}</g>')
    parts.append("</svg>")
    return "".join(parts) + partial_buckets_note(unit, buckets, min(dates), max(dates))


def partial_buckets_note(unit: str, buckets: list[_dt.date], first: _dt.date, last: _dt.date) -> str:
    """A note under the chart when its first or last week or month holds only some of its days: its
    count is low because the data stops, not because coverage fell."""
    if unit == "ngày" or not buckets:
        return ""

    def length(b: _dt.date) -> int:
        return 7 if unit == "tuần" else (_next_month(b) - b).days

    notes = []
    head = (buckets[0] + _dt.timedelta(days=length(buckets[0])) - first).days
    if head < length(buckets[0]):
        notes.append(f"{unit} đầu ({esc(buckets[0].isoformat())}) chỉ có dữ liệu {head} ngày cuối")
    tail = (last - buckets[-1]).days + 1
    if tail < length(buckets[-1]) and (len(buckets) > 1 or not notes):
        notes.append(f"{unit} cuối ({esc(buckets[-1].isoformat())}) chỉ có dữ liệu {tail} ngày đầu")
    if not notes:
        return ""
    said = "; ".join(notes)
    return (f'<p class="note">{said[:1].upper() + said[1:]}: số câu chuyện ở đó thấp vì dữ liệu dừng lại, '
            f'không phải vì tin giảm.</p>')


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
                         f'tài liệu, {_pct(r["n_documents"] / total)} số lượt gắn chủ đề của nguồn '
                         f'({_pct(r["share"])} số bài của nguồn)</title></rect>')
            xx += w
        parts.append(f'<text class="tick" x="{label_w + bar_w + 8}" y="{yy + 16}">'
                     f'{_int(s["n_documents"])} bài</text>')
    parts.append("</svg>")
    return "".join(parts)


def _bar(value, top) -> str:
    width = 100 * float(value) / float(top) if top else 0
    return f'<span class="bar" style="width:{width:.0f}%"></span>'


def _legend(themes: _Themes) -> str:
    items = "".join(
        f'<li><button type="button" class="legend-item" data-theme="{esc(t)}">'
        f'<span class="swatch" style="background:{themes.colour[t]}"></span>{esc(themes.name(t))}</button></li>'
        for t in themes.ids)
    return f'<ul class="legend">{items}</ul>'
