"""Human-readable views of one record: a text summary and an HTML page."""
from __future__ import annotations

import html
from functools import lru_cache

LABEL_COLOURS = {
    "PERSON": "#fde2e2", "TITLE": "#fff1c1", "ORG": "#dbeafe", "LOC": "#dcfce7",
    "DATE": "#ede9fe", "MONEY": "#fce7f3", "PERCENT": "#e0f2fe", "LEGAL_REF": "#f3f4f6",
}


def _value_str(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict) and "type" in value:      # LEGAL_REF
        return " ".join(str(x) for x in (value.get("type"), value.get("number") or value.get("name")) if x) + (
            f" ({value['year']})" if value.get("year") else "")
    if isinstance(value, dict):
        s = f"{_amount_str(value.get('amount'))} {value.get('currency', '')}"
        if value.get("amount_max") is not None:
            s += f" (to {_amount_str(value['amount_max'])})"
        return s
    return str(value)


def _amount_str(amount) -> str:
    """An amount with thousands separators and its decimals as the value holds them (0.5 USD is not 0)."""
    if isinstance(amount, bool) or not isinstance(amount, (int, float)):
        return str(amount)
    if isinstance(amount, float) and not amount.is_integer():
        return f"{amount:,.6f}".rstrip("0")
    return f"{int(amount):,}"


@lru_cache(maxsize=1)
def _theme_names() -> dict:
    """Theme id -> Vietnamese name from the shipped taxonomy (models/themes/themes.yaml).

    People read the text and HTML views; the codes stay in JSON, the tables and
    the API. An id the taxonomy does not know is shown as it is."""
    try:
        from ..themes.taxonomy import load_taxonomy

        return {t.id: t.name for t in load_taxonomy(None)}
    except Exception:  # a broken or missing taxonomy must not break a summary
        return {}


def theme_name(theme_id: str, names: dict | None = None) -> str:
    """The readable (Vietnamese) label of a theme id: from `names` (id -> label of the
    taxonomy the record was analysed with, `language.theme_labels(nlp)`), else the
    shipped taxonomy's; the id itself when neither knows it."""
    return (names or _theme_names()).get(theme_id, theme_id)


def _explained(passage: dict) -> list[tuple[str, list[str]]]:
    """(theme id, cue words) of a passage analysed with ``explain``: the words that weighed
    most for each of its themes. Empty when the record was made without ``--explain``."""
    return [(str(e.get("theme", "")), [str(t) for t in e.get("terms", [])]) for e in passage.get("explain") or []]


def encoding_note(encoding: str) -> str:
    from ..text.legacy import LABELS

    return f"encoding: {LABELS.get(encoding, encoding)}, read as Unicode (offsets index the record's text)"


def to_text(record: dict, text: str, names: dict | None = None) -> str:
    """A record as lines a person reads: counts, themes, entities, officials, themed passages.
    Themes show their labels (`names`: id -> label, see `theme_name`)."""
    # an id or title holding line breaks stays on its one line
    lines = [f"# {' '.join(str(record['id']).split())}" + (f"  {' '.join(record['title'].split())}"
                                                           if record.get("title") else "")]
    lines.extend(document_lines(record.get("document")))
    meta = ", ".join(f"{k}: {record[k]}" + (" (read from the text)" if k == "date" and record.get("date_inferred")
                                            else "")
                     for k in ("date", "source", "url") if record.get(k))
    if meta:
        lines.append(meta)
    if record.get("encoding"):
        lines.append(encoding_note(record["encoding"]))
    lines.append(f"{len(record['sentences'])} sentences, {len(record['passages'])} passages, "
                 f"{len(record['entities'])} entities, {len(record['officials'])} officials")
    if record["themes"]:
        lines.append("themes: " + ", ".join(f"{theme_name(t['id'], names)} ({t['score']:.2f})"
                                            for t in record["themes"]))
    if record["entities"]:
        lines.append("entities:")
        for e in record["entities"]:
            v = _value_str(e.get("value"))
            # a name wrapped over two lines (a report's header) is printed on one: the table keeps its rows
            shown = " ".join(e["text"].split())
            lines.append(f"  {e['start']:>6}-{e['end']:<6} {e['label']:<8} {shown}" + (f"  = {v}" if v else ""))
    if record["officials"]:
        lines.append("officials:")
        for o in record["officials"]:
            former = " (former)" if o.get("former") else ""
            lines.append(f"  {o['person'] or '?'} | {o['title']}{former} | {o['org'] or '-'}")
    themed = [p for p in record["passages"] if p["themes"]]
    if themed:
        lines.append("passages with themes:")
        for p in themed:
            snippet = " ".join(text[p["start"]:p["end"]].split())[:100]
            lines.append(f"  [{p['start']}-{p['end']}] " + ", ".join(theme_name(t["id"], names) for t in p["themes"])
                         + f": {snippet}")
            lines.extend(f"      cues {theme_name(theme, names)}: {', '.join(terms)}" for theme, terms in _explained(p))
    return "\n".join(lines)


def document_lines(document: dict | None) -> list[str]:
    """Issue 14: an administrative document's metadata block, printed first
    (what a reader of a report looks for before its content); none for news."""
    if not document:
        return []
    lines = ["document:"]
    for key in ("doc_type", "number", "issuer", "issuer_parent", "place", "date", "subject"):
        if document.get(key):
            lines.append(f"  {key}: {document[key]}")
    for s in document.get("signers") or []:
        marks = " ".join(x for x in (s.get("outer"), s.get("authority"), s.get("on_behalf_of")) if x)
        lines.append(f"  signer: {s.get('name') or '?'} | {s.get('title') or '-'}" + (f" ({marks})" if marks else ""))
    for key in ("addressees", "recipients"):
        if document.get(key):
            lines.append(f"  {key}: " + "; ".join(document[key]))
    lines.extend(f"  warning: {w}" for w in document.get("warnings") or [])
    return lines


def highlight(text: str, entities: list[dict]) -> str:
    """`text` with its entities marked, as spaCy's displacy draws them (`style="ent"`).

    The record's entities are already displacy's manual format ({start, end,
    label}); displacy escapes the text."""
    from spacy import displacy

    ents = [{"start": e["start"], "end": e["end"], "label": e["label"]}
            for e in sorted(entities, key=lambda e: (e["start"], -e["end"]))]
    return displacy.render({"text": text, "ents": ents, "title": None}, style="ent", manual=True, page=False,
                           options={"colors": LABEL_COLOURS})


def _theme_labels(themes: list[dict], names: dict | None = None) -> str:
    # the label is what a reader sees; the code stays for programs, in data-theme
    return " ".join(f"<span class='theme' data-theme='{html.escape(t['id'])}' title='{t['score']:.2f}'>"
                    f"{html.escape(theme_name(t['id'], names))}</span>" for t in themes)


def _html_meta(record: dict) -> str:
    """The record's date (and whether it was read from the text), source and address, escaped; the
    address is shown, not linked (a record's url is the input's, whatever its scheme)."""
    shown = []
    if record.get("date"):
        shown.append(f"Ngày: {html.escape(str(record['date']))}"
                     + (" (suy ra từ văn bản)" if record.get("date_inferred") else ""))
    if record.get("source"):
        shown.append(f"Nguồn: {html.escape(str(record['source']))}")
    if record.get("url"):
        shown.append(f"Địa chỉ: <code>{html.escape(str(record['url']))}</code>")
    return " · ".join(shown)


def to_html(records_and_texts, names: dict | None = None) -> str:
    """One HTML page for (record, text) pairs: entities drawn by displacy, themed passages
    labelled (`names`: id -> label, see `theme_name`; every label escaped)."""
    css = "".join(f"mark.{k}{{background:{v}}}" for k, v in LABEL_COLOURS.items())
    parts = ["<!doctype html><html lang='vi'><head><meta charset='utf-8'><title>vnmonitor</title>",
             f"<style>body{{font-family:sans-serif;max-width:60em;margin:auto;line-height:1.6}}"
             f"mark sup{{font-size:.6em;margin-left:.2em;color:#555}}{css}"
             f"ul.explain{{font-size:.85em;color:#444}}"
             f"span.theme{{background:#eee;border-radius:.3em;padding:.1em .4em;margin-right:.3em;font-size:.85em}}"
             f"table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.2em .5em}}</style></head><body>"]
    for record, text in records_and_texts:
        parts.append(f"<article><h1>{html.escape(record.get('title') or record['id'])}</h1>")
        meta = _html_meta(record)
        if meta:
            parts.append(f"<p class='meta'>{meta}</p>")
        if record.get("encoding"):
            parts.append(f"<p class='encoding'>{html.escape(encoding_note(record['encoding']))}</p>")
        block = document_lines(record.get("document"))
        if block:   # an administrative document's metadata, as the text format prints it
            parts.append("<table class='document'>" + "".join(
                "<tr><th>{}</th><td>{}</td></tr>".format(*map(html.escape, line.strip().split(": ", 1)))
                for line in block[1:] if ": " in line) + "</table>")
        if record["themes"]:
            parts.append("<p class='themes'>" + ", ".join(
                f"{html.escape(theme_name(t['id'], names))} ({t['score']:.2f})" for t in record["themes"]) + "</p>")
        parts.append(f"<div class='text'>{highlight(text, record['entities'])}</div>")
        valued = [(e, _value_str(e.get("value"))) for e in record["entities"] if e.get("value") is not None]
        if valued:  # the normalised values the highlighted text does not show (ISO dates, amounts)
            parts.append("<table class='values'><tr><th>Thực thể</th><th>Loại</th><th>Giá trị chuẩn hoá</th></tr>"
                         + "".join(f"<tr><td>{html.escape(' '.join(e['text'].split()))}</td>"
                                   f"<td>{html.escape(e['label'])}</td><td>{html.escape(v)}</td></tr>"
                                   for e, v in valued) + "</table>")
        themed = [p for p in record["passages"] if p["themes"]]
        if themed:  # each themed passage, its entities drawn by displacy, under its theme labels
            parts.append("<h2 class='passages'>Câu có chủ đề</h2>")
            for p in themed:
                ents = [{**e, "start": e["start"] - p["start"], "end": e["end"] - p["start"]}
                        for e in record["entities"] if p["start"] <= e["start"] and e["end"] <= p["end"]]
                parts.append(f"<section class='passage'><p>{_theme_labels(p['themes'], names)}</p>"
                             f"{highlight(text[p['start']:p['end']], ents)}</section>")
        explained = [(p, _explained(p)) for p in record["passages"] if _explained(p)]
        if explained:  # --explain: each themed passage's cue words, the passage itself as a tooltip
            parts.append("<h2 class='explain'>Từ gợi ý chủ đề</h2><ul class='explain'>")
            for p, cues in explained:
                snippet = " ".join(text[p["start"]:p["end"]].split())
                parts.append(f"<li title=\"{html.escape(snippet)}\">[{p['start']}-{p['end']}] " + "; ".join(
                    f"<b>{html.escape(theme_name(theme, names))}</b>: {html.escape(', '.join(terms))}"
                    for theme, terms in cues)
                    + "</li>")
            parts.append("</ul>")
        if record["officials"]:
            parts.append("<table class='officials'><tr><th>Người</th><th>Chức vụ</th><th>Cơ quan</th></tr>")
            for o in record["officials"]:
                cells = [o["person"] or "", o["title"] + (" (nguyên)" if o.get("former") else ""), o["org"] or ""]
                parts.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
            parts.append("</table>")
        parts.append("</article>")
    parts.append("</body></html>")
    return "".join(parts)
