"""The dashboard page: its sections in HTML, the page shell from the jinja2
template `templates/report.html.j2`, the CSS and script from `static/`
(`report.js`: legend buttons toggle a theme on both charts; a click on a line
opens its sentences).

Themes are shown by their Vietnamese labels from the output's `themes` table
(the taxonomy the run used), never by their codes, and counted by the
sentences that took them (`sentence_themes`, the unit of theme decisions).

The page needs no network: CSS, SVG charts and a few lines of script are
inline, a Content-Security-Policy allows only that script (by its hash), and
every string that comes from the data is HTML-escaped.
"""
from __future__ import annotations

import base64
import datetime as _dt
import hashlib
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from .charts import (_bar, _clip, _date, _dec, _int, _legend, _pct, _Themes, amount_str,  # noqa: F401
                     coverage_chart, esc, source_chart)
from .coverage_section import coverage_sections
from .queries import ReportData, ReportError, _group, collect, open_output

HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def _static(name: str) -> str:
    """A file of `static/` (the page's CSS and script), as text."""
    return (HERE / "static" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _template():
    import jinja2
    import markupsafe

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")),
                             autoescape=True, keep_trailing_newline=True)
    # `esc`: the escaping the sections use (html.escape), so the whole page escapes alike;
    # autoescape still covers a value written without it
    env.filters["esc"] = lambda value: markupsafe.Markup(esc(value))
    return env.get_template("report.html.j2")


def _sentence_list(rows: list[dict], themes: _Themes, theme_label: bool = False) -> str:
    """Sentences behind a chart entry: score for the theme, text, where it is (the document
    id and the sentence's offsets in its text, on one line)."""
    if not rows:
        return '<p class="muted">Không có câu nào.</p>'
    items = []
    for r in rows:
        meta = " · ".join(esc(x) for x in (_date(r.get("date")), r.get("source"), r.get("title")) if x)
        score = f'<span class="score">{_dec(r["score"], 2)}</span>' if r.get("score") else ""
        tag = (f'<span class="tag" style="border-color:{themes.colour.get(r["theme"], "#999")}">'
               f'{esc(themes.name(r["theme"]))}</span> ' if theme_label else "")
        where = f'{esc(r["doc_id"])} [{esc(r.get("start"))}–{esc(r.get("end"))}]'
        items.append(f'<li>{tag}{score}<q>{esc(_clip(r.get("text")))}</q>'
                     f'<div class="meta">{meta} <code class="id">{where}</code></div></li>')
    return f'<ol class="passages">{"".join(items)}</ol>'


def _details(summary_html: str, body_html: str, **attrs) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{esc(v)}"' for k, v in attrs.items())
    return f"<details{extra}><summary>{summary_html}</summary>{body_html}</details>"


def _undated_note(summary: dict) -> str:
    undated = int(summary.get("n_undated") or 0)
    if not undated:
        return ""
    return (f'<p class="note">{_int(undated)} trên {_int(summary.get("n_documents"))} tài liệu không có ngày '
            f'(không có trong siêu dữ liệu, cũng không suy ra được từ văn bản) nên không có trên biểu đồ này; '
            f'các phần khác vẫn tính chúng.</p>')


def _theme_counts(totals: dict | None) -> str:
    """A theme's stories beside its copies, and the sentences that took it."""
    t = totals or {}
    return (f'{_int(t.get("n_stories"))} câu chuyện · {_int(t.get("n_documents"))} bài · '
            f'{_int(t.get("n_sentences"))} câu')


def _coverage_section(data: ReportData, themes: _Themes) -> str:
    behind = "".join(
        _details(f'<span class="swatch" style="background:{themes.colour[t]}"></span>{esc(themes.name(t))} '
                 f'<span class="muted">({_theme_counts(data.theme_totals.get(t))})</span>',
                 _sentence_list(data.theme_sentences.get(t, []), themes), id=f"sentences-{t}")
        for t in themes.ids)
    return (f'<section id="coverage"><h2>Mức độ đưa tin theo chủ đề</h2>{_legend(themes)}'
            f'{coverage_chart(data.coverage, themes)}{_undated_note(data.summary)}'
            + (f'<h3>Các câu tiêu biểu của mỗi chủ đề</h3><p class="muted">Mỗi câu được xếp chủ đề riêng; '
               f'số bài tính cả bản đăng lại, số câu chuyện thì không.</p>{behind}' if behind else "")
            + '</section>')


def _source_section(data: ReportData, themes: _Themes) -> str:
    cells = _group(data.by_source, lambda r: r["source"])
    behind = []
    for s in data.sources:
        if s["source"] not in cells:
            continue
        inner = "".join(
            f'<h4>{esc(themes.name(r["theme"]))} — {_int(r["n_documents"])} bài ({_pct(r["share"])})</h4>'
            + _sentence_list(data.source_sentences.get((s["source"], r["theme"]), []), themes)
            for r in sorted(cells[s["source"]], key=lambda r: -int(r["n_documents"])))
        behind.append(_details(f'{esc(s["source"])} <span class="muted">({_int(s.get("n_stories"))} câu chuyện · '
                               f'{_int(s["n_documents"])} bài)</span>', inner))
    return (f'<section id="sources"><h2>Tỉ trọng chủ đề theo nguồn</h2>'
            f'<p class="muted">Mỗi thanh chia theo số lượt gắn chủ đề của nguồn: một bài mang hai chủ đề được tính '
            f'ở cả hai, bài không có chủ đề không được tính.</p>'
            f'{source_chart(data.sources, data.by_source, themes)}'
            + (f'<h3>Các câu theo nguồn</h3>{"".join(behind)}' if behind else "") + '</section>')


def _cap(title: str | None) -> str:
    """A title as a heading shows it: its first letter capitalised ("thứ trưởng" -> "Thứ trưởng")."""
    return (title[:1].upper() + title[1:]) if title else ""


def _actors_section(data: ReportData, themes: _Themes) -> str:
    agencies = _group(data.agencies, lambda r: r["theme"])
    officials = _group(data.officials, lambda r: r["theme"])
    cards = []
    for t in themes.ids:
        if t not in agencies and t not in officials:
            continue
        rows_a = agencies.get(t, [])
        top_a = max((int(r["n_stories"]) for r in rows_a), default=0)
        table_a = "".join(
            f'<tr><td>{_details(esc(r["org"]), _sentence_list(data.agency_sentences.get((t, r["agency_id"]), []), themes))}'
            f'</td><td class="num">{_int(r["n_stories"])}{_bar(r["n_stories"], top_a)}</td>'
            f'<td class="num">{_int(r["n_documents"])}</td><td class="num">{_int(r["n_mentions"])}</td></tr>'
            for r in rows_a)
        rows_o = officials.get(t, [])
        table_o = "".join(
            f'<tr><td>{_details(esc(r["person"]) + " <span class=muted>· " + ("nguyên " if r["former"] else "") + esc(_cap(r["title"])) + "</span>", _sentence_list(data.official_sentences.get((t, r["person_key"]), []), themes))}'
            f'</td><td>{esc(r["org"] or "")}</td><td class="num">{_int(r["n_stories"])}</td>'
            f'<td class="num">{_int(r["n_documents"])}</td></tr>' for r in rows_o)
        cards.append(
            f'<article class="card" data-theme="{esc(t)}"><h3><span class="swatch" '
            f'style="background:{themes.colour[t]}"></span>{esc(themes.name(t))}</h3>'
            + (f'<table class="agencies"><thead><tr><th>Cơ quan</th><th>Câu chuyện</th><th>Bài</th><th>Lượt nhắc</th>'
               f'</tr></thead><tbody>{table_a}</tbody></table>' if rows_a else "")
            + (f'<table class="officials"><thead><tr><th>Cán bộ</th><th>Cơ quan</th><th>Câu chuyện</th><th>Bài</th>'
               f'</tr></thead><tbody>{table_o}</tbody></table>' if rows_o else "")
            + "</article>")
    body = "".join(cards) or '<p class="muted">Chưa có cơ quan hay cán bộ nào được nhận diện.</p>'
    return f'<section id="actors"><h2>Cơ quan và cán bộ được nhắc nhiều nhất theo chủ đề</h2><div class="cards">{body}</div></section>'


def _highlight(sentence: str | None, figure: str | None) -> str:
    sentence = _clip(sentence, 600)
    if figure and figure in sentence:
        i = sentence.index(figure)
        return f"{esc(sentence[:i])}<mark>{esc(figure)}</mark>{esc(sentence[i + len(figure):])}"
    return esc(sentence)


def _sentence_themes(items, themes: _Themes) -> str:
    """(theme, score) pairs as labels with their scores."""
    return ", ".join(f'{esc(themes.name(t))} ({_dec(score, 2)})' for t, score in items)


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
        sentence_themes = (f'<div class="meta">Chủ đề của câu: {_sentence_themes(r.get("themes") or (), themes) or "—"}'
                           f'</div>')
        rows.append(f'<tr><td class="num amount">{esc(amount)}</td><td>{_highlight(r.get("sentence"), r.get("text"))}'
                    f'{sentence_themes}</td><td class="date">{esc(_date(r.get("date")))}</td><td>{esc(r.get("source"))}</td>'
                    f'<td>{esc(r.get("title"))} <code class="id">{esc(r["doc_id"])}</code></td></tr>')
    return (f'<section id="money"><h2>Các khoản tiền lớn nhất</h2>'
            f'<div class="scroll"><table class="money"><thead><tr><th>Số tiền</th><th>Câu</th><th>Ngày</th><th>Nguồn</th>'
            f'<th>Bài</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div></section>')


def _admin_section(data: ReportData) -> str:
    """Issue 14: the documents cited most, and administrative documents by issuer and type."""
    if not data.cited and not data.by_issuer:
        return ('<section id="admin-documents"><h2>Văn bản hành chính</h2>'
                '<p class="muted">Không có văn bản hành chính hay văn bản được trích dẫn.</p></section>')
    cited = "".join(
        f'<tr><td>{esc(r.get("type"))}</td><td>{esc(r.get("cited"))}</td><td class="num">{esc(r.get("year") or "")}</td>'
        f'<td class="num">{_int(r.get("n_citations"))}</td><td class="num">{_int(r.get("n_stories", r.get("n_documents")))}</td>'
        f'<td class="num">{_int(r.get("n_documents"))}</td></tr>' for r in data.cited)
    issuers = "".join(
        f'<tr><td>{esc(r.get("issuer"))}</td><td>{esc(r.get("issuer_parent") or "")}</td><td>{esc(r.get("doc_type"))}</td>'
        f'<td class="num">{_int(r.get("n_documents"))}</td>'
        f'<td class="date">{esc(_date(r.get("first_signed")))} → {esc(_date(r.get("last_signed")))}</td></tr>'
        for r in data.by_issuer)
    hidden = data.by_issuer_rows - len(data.by_issuer)
    more = (f'<p class="muted">{_int(hidden)} dòng khác (ít văn bản hơn) không hiện; xem view '
            'v_documents_by_issuer_type.</p>' if hidden > 0 else "")
    return ('<section id="admin-documents"><h2>Văn bản hành chính</h2>'
            '<h3>Văn bản được trích dẫn nhiều nhất</h3>'
            '<div class="scroll"><table class="cited"><thead><tr><th>Loại</th><th>Số, ký hiệu</th><th>Năm</th>'
            f'<th>Lần trích</th><th>Câu chuyện</th><th>Số tài liệu</th></tr></thead><tbody>{cited}</tbody></table></div>'
            '<h3>Văn bản theo cơ quan ban hành và loại</h3>'
            '<div class="scroll"><table class="by-issuer"><thead><tr><th>Cơ quan ban hành</th><th>Cơ quan cấp trên</th>'
            f'<th>Loại</th><th>Số văn bản</th><th>Ngày ký</th></tr></thead><tbody>{issuers}</tbody></table></div>'
            f'{more}</section>')


def render_report(data: ReportData, title: str = "Báo cáo theo dõi báo chí") -> str:
    """The whole dashboard as one HTML string."""
    present = ({r["theme"] for r in data.coverage} | {r["theme"] for r in data.by_source}
               | set(data.theme_sentences))
    themes = _Themes(data.names, present)
    s = data.summary
    span = (f"{_date(s.get('first_date'))} → {_date(s.get('last_date'))}" if s.get("first_date") else "—")
    stats = [("Tài liệu", _int(s.get("n_documents"))), ("Câu chuyện", _int(s.get("n_stories"))),
             ("Khoảng thời gian", span),
             ("Nguồn", _int(s.get("n_sources"))), ("Câu có chủ đề", _int(s.get("n_themed_sentences"))),
             ("Thực thể", _int(s.get("n_entities"))), ("Chức danh – cán bộ", _int(s.get("n_officials"))),
             ("Không có ngày", _int(s.get("n_undated"))), ("Ngày suy ra từ văn bản", _int(s.get("n_inferred")))]
    if s.get("n_unsourced"):   # documents with no source are counted apart, not as one more source
        stats.insert(4, ("Tài liệu không rõ nguồn", _int(s["n_unsourced"])))
    script = _static("report.js") + _static("coverage.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    csp = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'"
    generated = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    sections = [_coverage_section(data, themes), _source_section(data, themes),
                _actors_section(data, themes), _money_section(data, themes), _admin_section(data)]
    sections += coverage_sections(data.coverage_extra, data.names)
    return _template().render(title=title, csp=csp, where=data.where, generated=generated, stats=stats,
                              sections=sections, css=_static("report.css"), script=script)


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
