"""The report's coverage sections (issue 15): stories beside copies, filters, ids, provinces, alerts.

Why a section of its own: copies say how far coverage travelled, stories how
much was reported, and a reader asks both for a date range, an outlet or a
theme. The page has no server, so the filters work on a compact per-document
list embedded as JSON (a `<script type="application/json">` block, which the
Content-Security-Policy does not run; `<`, `>` and `&` are written as \\u escapes
so no data can close the block) and `coverage.js` recomputes the numbers and
weekly bars with DOM calls (textContent only: nothing is parsed as HTML).

Weekly series are sparse in most archives (a theme has a story one week, none
the next), so they are drawn as bars, not lines. Id columns do not wrap.
Outputs written before the coverage columns existed get no section rather than
an error.
"""
from __future__ import annotations

import datetime as _dt
import json

from .charts import _bar, _date, _dec, _int, esc
from .coverage_data import collect_coverage  # noqa: F401  (re-exported)

def _day(value) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, _dt.date) else str(value)[:10]


def _json_block(element_id: str, obj) -> str:
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{esc(element_id)}">{text}</script>'


def _filter_data(cov: dict, names: dict) -> dict:
    """Documents as index arrays: [day, source index, story index, [theme indexes]];
    themes in taxonomy order (as the legend), then any the taxonomy lacks."""
    sources, stories = {}, {}
    present = {t for ts in cov["themes"].values() for t in ts}
    themes = {t: i for i, t in enumerate(t for t in names if t in present)}
    rows = []
    for d in cov["docs"]:
        s = sources.setdefault(d["source"], len(sources))
        st = stories.setdefault(d["story_id"], len(stories))
        th = [themes.setdefault(t, len(themes)) for t in cov["themes"].get(d["doc_id"], [])]
        rows.append([_day(d["date"]), s, st, th])
    theme_ids = list(themes)
    return {"sources": list(sources), "themes": theme_ids,
            "theme_names": [names.get(t, t) for t in theme_ids], "docs": rows}


def _filters(cov: dict, names: dict) -> str:
    data = _filter_data(cov, names)
    days = sorted(d[0] for d in data["docs"] if d[0])
    lo, hi = (days[0], days[-1]) if days else ("", "")
    src = "".join(f'<option value="{i}">{esc(s)}</option>' for i, s in sorted(enumerate(data["sources"]),
                                                                                key=lambda x: x[1]))
    th = "".join(f'<option value="{i}">{esc(n)}</option>' for i, n in enumerate(data["theme_names"]))
    return (f'<section id="coverage-filters"><h2>Bài và câu chuyện (lọc trong trang)</h2>'
            f'<p class="muted">Một câu chuyện gồm bài gốc và các bản đăng lại; số bài đếm cả bản sao. Bộ lọc chỉ '
            f'áp dụng cho mục này; các mục khác của trang tính trên toàn bộ dữ liệu. Ở bảng theo tuần, một câu '
            f'chuyện được tính ở mỗi tuần có bài của nó (biểu đồ chủ đề tính mỗi câu chuyện một lần, ở tuần có '
            f'bài đầu tiên).</p>'
            f'<form class="filters">'
            f'<label>Từ <input type="date" id="f-from" value="{esc(lo)}" min="{esc(lo)}" max="{esc(hi)}"></label> '
            f'<label>đến <input type="date" id="f-to" value="{esc(hi)}" min="{esc(lo)}" max="{esc(hi)}"></label> '
            f'<label>Nguồn <select id="f-source"><option value="">tất cả</option>{src}</select></label> '
            f'<label>Chủ đề <select id="f-theme"><option value="">tất cả</option>{th}</select></label></form>'
            f'<p id="f-totals" class="totals"></p>'
            f'<table class="weekly"><thead><tr><th class="id">Tuần</th><th>Câu chuyện</th><th>Bài</th></tr></thead>'
            f'<tbody id="f-weeks"></tbody></table>'
            f'<table class="by-theme"><thead><tr><th>Chủ đề</th><th>Câu chuyện</th><th>Bài</th></tr></thead>'
            f'<tbody id="f-themes"></tbody></table>'
            + _json_block("coverage-data", data) + '</section>')


def _actors(cov: dict) -> str:
    top_a = max((int(r["n_stories"]) for r in cov["agencies"]), default=0)
    rows_a = "".join(
        f'<tr><td class="id"><code>{esc(r["agency_id"])}</code></td><td>{esc(r["canonical"])}</td>'
        f'<td class="num">{_int(r["n_stories"])}{_bar(r["n_stories"], top_a)}</td>'
        f'<td class="num">{_int(r["n_documents"])}</td><td class="num">{_int(r["n_mentions"])}</td></tr>'
        for r in cov["agencies"])
    rows_o = []
    for r in cov["officials"]:
        # a post named as former ("nguyên Chủ tịch") says when it was so named, not a time it was held
        pos = "; ".join(" ".join(x for x in ("nguyên" if p.get("former") else "", esc(p["title"] or ""),
                                             esc(p["org"] or "")) if x)
                        + f' ({"nhắc " if p.get("former") else ""}{esc(_date(p["first_seen"]))} – '
                          f'{esc(_date(p["last_seen"]))})'
                        for p in cov["positions"].get(r["person_id"], [])[:4])
        rows_o.append(f'<tr><td class="id"><code>{esc(r["person_id"])}</code></td><td>{esc(r["person"])}'
                      f'<div class="meta">{pos}</div></td><td class="num">{_int(r["n_stories"])}</td>'
                      f'<td class="num">{_int(r["n_documents"])}</td></tr>')
    totals, top = cov.get("totals") or {}, cov.get("top")
    shown = (f'<p class="muted">{_int(len(cov["agencies"]))} cơ quan nhà nước, đoàn thể, trường, bệnh viện và '
             f'{_int(len(rows_o))} cán bộ có nhiều câu chuyện nhất (trong {_int(totals["agencies"])} mã cơ quan '
             f'và {_int(totals["officials"])} mã cán bộ của dữ liệu; xem thêm với <code>vnmonitor report '
             f'--ids N</code>, danh sách đầy đủ ở bảng <code>agencies</code> và <code>persons</code>).</p>'
             if totals and top else "")
    return (f'<section id="registry"><h2>Cơ quan và cán bộ (một mã cho mọi cách viết)</h2>{shown}'
            f'<div class="scroll"><table class="ids"><thead><tr><th class="id">Mã</th><th>Cơ quan</th>'
            f'<th>Câu chuyện</th><th>Bài</th><th>Lượt nhắc</th></tr></thead><tbody>{rows_a}</tbody></table></div>'
            f'<div class="scroll"><table class="ids"><thead><tr><th class="id">Mã</th><th>Cán bộ · chức vụ theo thời gian'
            f'</th><th>Câu chuyện</th><th>Bài</th></tr></thead><tbody>{"".join(rows_o)}</tbody></table></div></section>')


def _provinces(cov: dict) -> str:
    rows = cov["provinces"]
    top = max((int(r["n_stories"]) for r in rows), default=0)
    then = cov.get("provinces_then") or {}

    def merged(province) -> str:   # "Tỉnh Ninh Bình" today holds Hà Nam's mentions of 2021 too: say whose
        parts = then.get(province)
        if not parts:
            return ""
        listed = ", ".join(f"{esc(p)} {_int(n)}" for p, n in parts[:4])
        return f'<div class="meta">theo đơn vị lúc đăng bài: {listed}</div>'

    by_agency = any(r.get("n_agency_mentions") is not None for r in rows)   # not in an output of before
    body = "".join(f'<tr><td>{esc(r["province"])}{merged(r["province"])}</td><td class="num wide">{_int(r["n_stories"])}'
                   f'{_bar(r["n_stories"], top)}</td><td class="num">{_int(r["n_documents"])}</td>'
                   f'<td class="num">{_int(r["n_mentions"])}</td>'
                   + (f'<td class="num">{_int(r["n_agency_mentions"] or 0)}</td>' if by_agency else "")
                   + '</tr>' for r in rows)
    countries = ", ".join(f'{esc(r["country"])} ({_int(r["n_mentions"])})' for r in cov["countries"][:20])
    note = (f'<p class="note">{_int(cov["unmapped"])} lượt nhắc địa danh không xác định được tỉnh hay quốc gia '
            f'nên không được tính ở đây.</p>' if cov["unmapped"] else "")
    return ('<section id="provinces"><h2>Tỉnh, thành phố (34 đơn vị hiện nay)</h2>'
            '<p class="muted">Địa danh được quy về đơn vị hành chính hiện nay (sau sáp nhập ngày 1/7/2025); '
            + ('xếp theo số câu chuyện nhắc đến tỉnh: qua một địa danh của tỉnh, hoặc qua một cơ quan mang tên '
               'tỉnh ("UBND tỉnh Nghệ An", "Công an TP.HCM"). Không tính doanh nghiệp, tờ báo, câu lạc bộ mang tên '
               'tỉnh, cũng như cơ quan cấp huyện, xã (tên huyện, xã lặp lại ở nhiều tỉnh). ' if by_agency else
               'xếp theo số câu chuyện. Chỉ tính địa danh được nhắc riêng, không tính địa danh trong tên cơ quan '
               '("UBND tỉnh Nghệ An"): kết quả này được tạo trước khi vnmonitor tính cả cơ quan của tỉnh. ')
            + 'Bài đăng trước ngày sáp nhập được ghi theo đơn vị lúc đó.</p>'
            + ('<table class="provinces"><thead><tr><th>Tỉnh, thành phố</th><th>Câu chuyện</th><th>Bài</th>'
               '<th>Lượt nhắc địa danh</th>'
               + ('<th>Lượt nhắc cơ quan</th>' if by_agency else '')
               + f'</tr></thead><tbody>{body}</tbody></table>' if rows else
               '<p class="muted">Không có địa danh trong nước nào.</p>')
            + (f'<p>Quốc gia (mã ISO): {countries}</p>' if countries else "") + note + '</section>')


def _alert_key(a: dict, names: dict) -> str:
    """A theme by its label (its code stays in the JSON output), an agency by its
    canonical name beside its registry id."""
    if a["kind"] == "theme":
        return esc(names.get(a["key"], a["key"]))
    return f'{esc(a.get("label") or a["key"])} <code class="id">{esc(a["key"])}</code>'


def _alerts(cov: dict, names: dict) -> str:
    alerts = cov["alerts"]
    if not alerts:
        return ('<section id="alerts"><h2>Cảnh báo tăng đột biến</h2><p class="muted">Không có cảnh báo.</p>'
                '</section>')
    method = alerts[0].get("method", "")
    params = alerts[0].get("params") or {}
    floor = params.get("min_baseline")
    rows = "".join(
        f'<tr><td class="date">{esc(a["day"])}</td><td>{"chủ đề" if a["kind"] == "theme" else "cơ quan"}</td>'
        f'<td>{_alert_key(a, names)}</td>'
        f'<td class="num">{_int(a["count"])}</td><td class="num">{_dec(a["baseline"], 2)}'
        f'{"*" if floor is not None and a["baseline"] <= floor else ""}</td>'
        f'<td class="num">{_dec(a["score"], 1)}</td></tr>' for a in sorted(alerts, key=lambda a: a["day"], reverse=True))
    listed = ", ".join(f"{k}={v}" for k, v in params.items())
    return (f'<section id="alerts"><h2>Cảnh báo tăng đột biến</h2>'
            f'<p class="muted">Số câu chuyện trong ngày so với mức nền: số câu chuyện dự kiến trong ngày, tính từ '
            f'{esc(params.get("window", 28))} ngày trước đó theo nhịp trong tuần của chủ đề hay cơ quan. Điểm cho '
            f'biết mức bất thường: 3 nghĩa là khả năng có ngần ấy câu chuyện chỉ do ngẫu nhiên là 1 phần nghìn, '
            f'4 là 1 phần vạn. '
            + (f'* Mức nền tối thiểu ({_dec(floor, 2)}): chủ đề hay cơ quan gần như chưa xuất hiện trước đó.'
               if floor is not None else "")
            + f'</p><details><summary>Tham số ({esc(method)})</summary><p class="muted"><code>{esc(listed)}</code>'
            f'</p></details><div class="scroll"><table class="alerts"><thead><tr><th>Ngày</th><th>Loại</th>'
            f'<th>Chủ đề / cơ quan</th><th>Câu chuyện</th><th>Mức nền</th><th>Điểm</th></tr></thead>'
            f'<tbody>{rows}</tbody></table></div></section>')


def coverage_sections(cov: dict | None, names: dict) -> list[str]:
    """The sections' HTML (every data string escaped); [] for an output without coverage columns."""
    if not cov:
        return []
    return [_filters(cov, names), _alerts(cov, names), _actors(cov), _provinces(cov)]
