"""The HTML dashboard: built from a small batch output, checked as text and in headless Chromium."""
from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
import subprocess
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.io.duckdb_store import build_database
from pipeline.io.parquet import write_table
from pipeline.output.report import amount_str, theme_names, time_buckets, write_report
from pipeline.output.report.queries import SHOWN_UNKNOWN_SOURCE

from _sample_output import IMG_PAYLOAD, PAYLOAD, sample_pairs, sample_tables

ON_CI = os.environ.get("CI", "").lower() == "true"


def _write_output(folder: Path, with_duckdb: bool) -> Path:
    folder.mkdir(parents=True)
    paths = {name: write_table(table, folder / f"{name}.parquet") for name, table in sample_tables().items()}
    if with_duckdb:
        build_database(folder / "vnmonitor.duckdb", paths)
    return folder


@pytest.fixture(scope="module")
def output_dir(tmp_path_factory) -> Path:
    return _write_output(tmp_path_factory.mktemp("report") / "out", with_duckdb=True)


@pytest.fixture(scope="module")
def report_html(output_dir) -> str:
    path = output_dir / "report.html"
    write_report(output_dir, path)
    return path.read_text(encoding="utf-8")


def _body(page: str) -> str:
    """The page without its header line (data location and generation time differ by run)."""
    return re.sub(r'<p class="muted">Nguồn dữ liệu:.*?</p>', "", page)


def _expected_coverage() -> Counter:
    """(theme, date) -> documents, counted straight from the records."""
    counts = Counter()
    for record, _ in sample_pairs():
        if record["date"]:
            for t in record["themes"]:
                counts[(t["id"], record["date"])] += 1
    return counts


def test_coverage_chart_plots_new_stories_per_theme_and_day(report_html):
    names = theme_names()
    points = re.findall(r"<circle [^>]*><title>(.*?) — (\d{4}-\d{2}-\d{2}): (\d+) câu chuyện mới</title>", report_html)
    by_name = {html.escape(names.get(t, t)): t for t, _ in _expected_coverage()}
    got = Counter({(by_name[name], day): int(n) for name, day, n in points})
    assert got == _expected_coverage()
    series = re.findall(r'<g class="series" data-theme="([a-z_]+)"', report_html)
    assert sorted(series) == sorted({t for t, _ in _expected_coverage()})
    undated = sum(not r["date"] for r, _ in sample_pairs())
    assert f'<p class="note">{undated} trên {len(sample_pairs())} tài liệu không có ngày' in report_html


def test_theme_names_come_from_the_taxonomy(report_html):
    names = theme_names()
    if not names:
        pytest.skip("no theme taxonomy shipped in models/themes")
    assert names["van_hoa_cong_so"] != "van_hoa_cong_so"
    assert f'{html.escape(names["van_hoa_cong_so"])}</button>' in report_html


def test_sentences_behind_each_theme_are_its_best_scored(report_html):
    """Sentences are the unit of theme decisions: each theme lists the sentences that took
    it, best first, one a story (these documents are a story each), with where they are (document
    id and offsets, on one line)."""
    best = defaultdict(dict)
    for record, text in sample_pairs():
        for s in record["sentences"]:
            for t in s["themes"]:
                seen = best[t["id"]].get(record["id"])
                if seen is None or t["score"] > seen[0]:
                    best[t["id"]][record["id"]] = (t["score"], " ".join(text[s["start"]:s["end"]].split()),
                                                   f'{record["id"]} [{s["start"]}–{s["end"]}]')
    assert best and any(len(by_doc) > 1 for by_doc in best.values())
    for theme, by_doc in best.items():
        block = re.search(rf'<details id="sentences-{theme}">(.*?)</details>', report_html, re.S)
        assert block, theme
        shown = re.findall(r'<span class="score">([\d,]+)</span><q>(.*?)</q>.*?<code class="id">(.*?)</code>',
                           block.group(1))
        expected = sorted(by_doc.values(), key=lambda s: -s[0])[:5]
        assert len(shown) == len(expected)
        assert [html.unescape(q) for _, q, _ in shown] == [q for _, q, _ in expected]
        assert [html.unescape(w) for _, _, w in shown] == [w for _, _, w in expected]
        assert [float(s.replace(",", ".")) for s, _, _ in shown] == pytest.approx([s for s, _, _ in expected], abs=0.005)


def test_theme_counts_stories_beside_copies_and_sentences(report_html):
    names = theme_names()
    docs, sentences = defaultdict(set), Counter()
    for record, _ in sample_pairs():
        for t in record["themes"]:
            docs[t["id"]].add(record["id"])
        for s in record["sentences"]:
            sentences.update(t["id"] for t in s["themes"])
    for theme in docs:
        n = len(docs[theme])   # no story ids in this output: each document is its own story
        assert (f'{html.escape(names[theme])} <span class="muted">({n} câu chuyện · {n} bài · '
                f'{sentences[theme]} câu)</span>') in report_html, theme
    themed = sum(bool(s["themes"]) for r, _ in sample_pairs() for s in r["sentences"])
    assert f"<li><b>{themed}</b>Câu có chủ đề</li>" in report_html


def test_source_bars_split_by_theme_documents(report_html):
    segments = re.findall(r'<rect class="segment" data-theme="([a-z_]+)"[^>]*width="([\d.]+)"[^>]*>'
                          r'<title>(.*?) — ', report_html)
    per_source = defaultdict(dict)
    for theme, width, source in segments:
        per_source[html.unescape(source)][theme] = float(width)
    expected = defaultdict(Counter)
    for record, _ in sample_pairs():
        for t in record["themes"]:
            expected[record["source"] or SHOWN_UNKNOWN_SOURCE][t["id"]] += 1
    assert set(per_source) == set(expected)
    for source, counts in expected.items():
        total = sum(counts.values())
        widths = per_source[source]
        assert set(widths) == set(counts)
        for theme, n in counts.items():
            assert widths[theme] / sum(widths.values()) == pytest.approx(n / total, abs=0.01)


def test_the_sources_counted_are_the_named_ones(report_html):
    """A document with no source was counted as one more source ("8 Nguồn" for 7 named)."""
    stats = dict((html.unescape(label), html.unescape(value)) for value, label in
                 re.findall(r"<li><b>(.*?)</b>(.*?)</li>", report_html))
    records = [record for record, _ in sample_pairs()]
    named = {r["source"] for r in records if r["source"]}
    unsourced = sum(1 for r in records if not r["source"])
    assert unsourced and stats["Nguồn"] == str(len(named))
    assert stats["Tài liệu không rõ nguồn"] == str(unsourced)


def test_money_figures_sorted_with_their_sentence_and_its_themes(report_html):
    rows = re.findall(r'<td class="num amount">(.*?)</td><td>(.*?)<div class="meta">Chủ đề của câu: (.*?)</div>',
                      report_html)
    money = [(r, e) for r, _ in sample_pairs() for e in r["entities"] if e["label"] == "MONEY"]
    assert len(rows) == len(money)
    vnd = [e["value"]["amount"] for _, e in money if e["value"]["currency"] == "VND"]
    shown_vnd = [amount for amount, _, _ in rows if amount.endswith("VND")]
    assert shown_vnd == [amount_str(a, "VND") for a in sorted(vnd, reverse=True)]
    for _, sentence, _ in rows:
        assert sentence.count("<mark>") == 1
    # the themes of the sentence that holds each figure, by label
    names = theme_names()
    expected = set()
    for record, e in money:
        [s] = [s for s in record["sentences"] if s["start"] <= e["start"] < s["end"]]
        # a decimal comma, as a Vietnamese reader writes it ("0,86"; "0.86" reads as a grouped thousand)
        expected.add(", ".join(f'{html.escape(names[t["id"]])} ({t["score"]:.2f})'.replace(".", ",")
                               for t in s["themes"]) or "—")
    assert {themes for _, _, themes in rows} == expected


def test_time_axis_has_every_bucket_between_first_and_last():
    d = dt.date
    unit, bucket_of, buckets = time_buckets([d(2024, 3, 30), d(2024, 3, 2)])
    assert unit == "ngày" and len(buckets) == 29 and buckets[0] == d(2024, 3, 2)
    unit, bucket_of, buckets = time_buckets([d(2024, 1, 10), d(2024, 9, 30)])
    assert unit == "tuần" and all(b.weekday() == 0 for b in buckets)
    assert all((b2 - b1).days == 7 for b1, b2 in zip(buckets, buckets[1:]))
    assert buckets[0] == d(2024, 1, 8) and buckets[-1] == d(2024, 9, 30)
    assert bucket_of(d(2024, 5, 19)) == d(2024, 5, 13)
    unit, bucket_of, buckets = time_buckets([d(2016, 11, 20), d(2018, 2, 1)])
    assert unit == "tháng" and len(buckets) == 16
    assert d(2017, 1, 1) in buckets and buckets[-1] == d(2018, 2, 1)


def test_amount_str():
    assert amount_str(45e9, "VND") == "45 tỷ VND"
    assert amount_str(1.5e9, "USD") == "1,5 tỷ USD"
    assert amount_str(2_300_000, "VND") == "2,3 triệu VND"
    assert amount_str(1.25e12, "VND") == "1,25 nghìn tỷ VND"
    assert amount_str(950_000, "VND") == "950.000 VND"


def test_text_from_documents_is_escaped(report_html):
    assert PAYLOAD not in report_html and IMG_PAYLOAD not in report_html
    assert html.escape(PAYLOAD) in report_html
    assert "<img" not in report_html
    # The page's own script is the only one, and the CSP allows only it.
    assert report_html.count("<script>") == 1
    assert "script-src 'sha256-" in html.unescape(report_html)


def _edited_taxonomy(label: str):
    """The shipped taxonomy with van_hoa_cong_so relabelled, as a user edits themes.yaml."""
    from pipeline.themes.taxonomy import from_dict, load_taxonomy

    data = load_taxonomy().to_dict()
    for theme in data["themes"]:
        if theme["id"] == "van_hoa_cong_so":
            theme["name"] = label
    return from_dict(data)


def _visible_text(page: str) -> str:
    """What a reader sees: no script or style blocks, no tags (so no attributes)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]*>", " ", page))


def test_labels_come_from_the_outputs_themes_table_and_are_escaped(tmp_path):
    """A label with markup, from an edited taxonomy: shown (as text) wherever the theme is,
    instead of the shipped name, and never run."""
    label = "Văn hóa <script>document.documentElement.dataset.pwned='3'</script> & ứng xử"
    out = tmp_path / "out"
    out.mkdir()
    paths = {name: write_table(t, out / f"{name}.parquet")
             for name, t in sample_tables(taxonomy=_edited_taxonomy(label)).items()}
    build_database(out / "vnmonitor.duckdb", paths)
    write_report(out, tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert label not in page and "<script>document.documentElement.dataset" not in page
    assert page.count("<script>") == 1   # the page's own
    escaped = html.escape(label)
    assert f"{escaped}</button>" in page                                    # legend
    assert re.search(rf"<title>{re.escape(escaped)} — 2024-03-01: \d+ câu chuyện mới</title>", page)   # chart
    assert f'{escaped} <span class="muted">(' in page                     # sentences behind the chart
    assert f'</span>{escaped}</h3>' in page                                 # agencies and officials card
    assert f"Chủ đề của câu: {escaped} (0,50)" in page                      # money, a decimal comma
    assert f">{escaped}</option>" in page   # the theme filter
    block = re.search(r'<script type="application/json" id="coverage-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in block and label in json.loads(block)["theme_names"]
    assert "Văn hóa công sở" not in _visible_text(page)    # the shipped name is not used


def test_no_theme_code_is_shown(report_html):
    from pipeline.themes.taxonomy import load_taxonomy

    visible = _visible_text(report_html)
    shown = [t for t in load_taxonomy().ids if t in visible]
    assert not shown
    assert "Văn hóa công sở" in visible


def test_an_output_without_themes_table_falls_back_to_the_shipped_labels(tmp_path, report_html):
    """An output written before the themes table (Parquet only) still gets a report, labelled
    from the shipped taxonomy."""
    out = tmp_path / "out"
    out.mkdir()
    for name, table in sample_tables(taxonomy=None).items():
        if name != "themes":
            write_table(table, out / f"{name}.parquet")
    write_report(out, tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    strip_time = lambda s: re.sub(r"tạo lúc [^<]*", "", _body(s))  # noqa: E731
    assert strip_time(page) == strip_time(report_html)


def test_parquet_only_output_gives_the_same_report(tmp_path, report_html):
    folder = _write_output(tmp_path / "out", with_duckdb=False)
    write_report(folder, tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    strip_time = lambda s: re.sub(r"tạo lúc [^<]*", "", _body(s))  # noqa: E731
    assert strip_time(page) == strip_time(report_html)


def test_unfinished_run_is_reported_from_its_committed_chunks(tmp_path, report_html):
    from pipeline.io.tables import records_to_arrow
    from pipeline.themes.taxonomy import load_taxonomy

    pairs = sample_pairs()
    out = tmp_path / "out"
    taxonomy = load_taxonomy()
    for folder, part in (("000000", pairs[:3]), ("000001", pairs[3:]), (".000002.999.tmp", pairs[:1])):
        (out / "chunks" / folder).mkdir(parents=True)
        # each chunk holds the taxonomy its worker ran with
        for name, table in records_to_arrow(part, taxonomy=taxonomy).items():
            write_table(table, out / "chunks" / folder / f"{name}.parquet")
    summary = write_report(out, tmp_path / "r.html")
    assert summary["n_documents"] == len(pairs)  # the staging folder is not counted
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "(2 chunks of an unfinished run)" in page
    strip_time = lambda s: re.sub(r"tạo lúc [^<]*", "", _body(s))  # noqa: E731
    assert strip_time(page) == strip_time(report_html)


def test_cli_writes_the_report(output_dir, tmp_path):
    out = tmp_path / "cli.html"
    result = CliRunner().invoke(main, ["report", str(output_dir), "--out", str(out), "--top", "1"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    # --top 1: one agency row per theme card.
    for card in re.findall(r'<article class="card".*?</article>', page, re.S):
        agencies = re.search(r'<table class="agencies">.*?</table>', card, re.S)
        assert agencies and agencies.group(0).count("<tr>") == 2  # header + one row


@pytest.mark.parametrize("name", ["documents.jsonl", "vnmonitor.duckdb", "entities.parquet", "manifest.json",
                                  "chunks/r.html"])
def test_the_report_never_overwrites_a_file_of_the_output_it_reads(output_dir, name):
    target = output_dir / name
    before = target.read_bytes() if target.is_file() else None
    result = CliRunner().invoke(main, ["report", str(output_dir), "--out", str(target)])
    assert result.exit_code == 2 and "a file of the batch output" in result.output
    assert (target.read_bytes() if target.is_file() else None) == before


@pytest.mark.parametrize("args, code, message", [
    (["{missing}"], 1, "no such directory"),
    (["{empty}"], 1, "is this a `vnmonitor batch` output?"),
])
def test_cli_errors_are_one_line(tmp_path, args, code, message):
    (tmp_path / "empty").mkdir()
    args = [a.format(missing=tmp_path / "nope", empty=tmp_path / "empty") for a in args]
    result = CliRunner().invoke(main, ["report", *args, "--out", str(tmp_path / "r.html")])
    assert result.exit_code == code
    assert message in result.output and result.output.count("\n") == 1
    assert "Traceback" not in result.output
    assert not (tmp_path / "r.html").exists()


# --------------------------------------------------------------------------- in a real browser

def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    if ON_CI:
        pytest.fail("chromium is not installed (CI must apt-get install chromium)")
    pytest.skip("chromium not installed (apt-get install chromium)")


def _dump_dom(page: Path, profile: Path) -> str:
    cmd = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1200,2000",
           "--dump-dom", page.resolve().as_uri()]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


# Measures what the browser laid out; added to a copy of the page for the test only.
_PROBE = """<script>
(function () {
  var box = function (el) { var r = el.getBoundingClientRect(); return [r.width, r.height]; };
  var out = {
    coverage: box(document.getElementById('coverage-chart')),
    lines: Array.from(document.querySelectorAll('#coverage-chart polyline'))
                .map(function (p) { return p.getBBox().width; }),
    segments: Array.from(document.querySelectorAll('#source-chart rect.segment'))
                   .map(function (r) { return r.getBBox().width; }),
    money_rows: Array.from(document.querySelectorAll('table.money tbody tr'))
                     .filter(function (tr) { return tr.offsetHeight > 0; }).length,
    cards: document.querySelectorAll('#actors .card').length,
    closed_hidden: Array.from(document.querySelectorAll('details:not([open]) ol.passages'))
                        .map(function (ol) { return ol.checkVisibility(); }),
    opened_shows: (function () {
      var d = document.getElementById('sentences-van_hoa_cong_so'); d.open = true;
      var ol = d.querySelector('ol.passages');
      return [ol.checkVisibility(), ol.getBoundingClientRect().height];
    })(),
    pwned: document.documentElement.getAttribute('data-pwned'),
    title_text: document.querySelector('table.money').textContent
  };
  var pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script></body>"""


@pytest.mark.chromium
def test_report_renders_in_chromium_with_its_csp(output_dir, tmp_path):
    page = output_dir / "report.html"
    write_report(output_dir, page)
    dom = _dump_dom(page, tmp_path / "profile")
    assert re.search(r'<html[^>]*data-ready="1"', dom), "the page's own script did not run"
    assert not re.search(r"<html[^>]*data-pwned", dom), "markup from a document was executed"
    assert dom.count('<g class="series"') == len({t for t, _ in _expected_coverage()})
    assert html.escape(PAYLOAD, quote=False) in dom


@pytest.mark.chromium
def test_report_layout_and_escaping_without_csp(output_dir, tmp_path):
    """Even with the CSP removed, text from documents stays text; charts have a real size."""
    source = output_dir / "report.html"
    write_report(output_dir, source)
    page_html = source.read_text(encoding="utf-8")
    page_html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page_html)
    page_html = page_html.replace("</body>", _PROBE, 1)
    page = tmp_path / "probe.html"
    page.write_text(page_html, encoding="utf-8")
    dom = _dump_dom(page, tmp_path / "profile")
    probe = json.loads(html.unescape(re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S).group(1)))
    assert probe["pwned"] is None
    width, height = probe["coverage"]
    assert width > 500 and height > 150
    n_themes = len({t for t, _ in _expected_coverage()})
    assert len(probe["lines"]) == n_themes
    # Every theme that changes over the three days draws a line across the plot.
    assert sum(w > 100 for w in probe["lines"]) >= n_themes - 1
    n_segments = len({(r["source"], t["id"]) for r, _ in sample_pairs() for t in r["themes"]})
    assert len(probe["segments"]) == n_segments and all(w > 1 for w in probe["segments"])
    assert probe["money_rows"] == sum(e["label"] == "MONEY" for r, _ in sample_pairs() for e in r["entities"])
    assert probe["cards"] == len({t["id"] for r, _ in sample_pairs() for t in r["themes"]})
    # Passages behind the charts are folded until asked for.
    assert probe["closed_hidden"] and not any(probe["closed_hidden"])
    visible, height = probe["opened_shows"]
    assert visible and height > 20
    assert "<script>" in probe["title_text"]  # the markup shows as literal text


def test_a_themes_example_sentences_are_one_a_story(tmp_path):
    """Copies of one wire story would fill a theme's examples with the same sentence: one a story."""
    import pyarrow as pa

    folder = tmp_path / "out"
    folder.mkdir()
    tables = sample_tables()
    docs = tables["documents"].to_pylist()
    themed = Counter(r["doc_id"] for r in tables["sentence_themes"].to_pylist())
    first, second = [d["doc_id"] for d in docs if themed[d["doc_id"]]][:2]
    for d in docs:
        d["story_id"] = "story-one" if d["doc_id"] in (first, second) else f"story-{d['doc_id']}"
    tables["documents"] = pa.Table.from_pylist(docs, schema=tables["documents"].schema)
    paths = {name: write_table(table, folder / f"{name}.parquet") for name, table in tables.items()}
    build_database(folder / "vnmonitor.duckdb", paths)
    write_report(folder, tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    for block in re.findall(r'<details id="sentences-[^"]+">(.*?)</details>', page, re.S):
        where = re.findall(r'<code class="id">(\S+) \[', block)
        assert not (first in where and second in where)
    shared = {r["theme"] for r in tables["sentence_themes"].to_pylist() if r["doc_id"] == first} \
        & {r["theme"] for r in tables["sentence_themes"].to_pylist() if r["doc_id"] == second}
    assert shared   # the two documents share a theme, so the test can fail


def test_a_partial_first_or_last_week_or_month_is_said_under_the_chart():
    """A last month of two days drew every line falling to nothing at the end."""
    from pipeline.output.report.charts import partial_buckets_note

    d = dt.date
    unit, _, buckets = time_buckets([d(2024, 9, 2), d(2026, 8, 2)])
    note = partial_buckets_note(unit, buckets, d(2024, 9, 2), d(2026, 8, 2))
    assert unit == "tháng" and "tháng cuối (2026-08-01) chỉ có dữ liệu 2 ngày đầu" in note \
        and "Tháng đầu (2024-09-01) chỉ có dữ liệu 29 ngày cuối" in note
    unit, _, buckets = time_buckets([d(2024, 9, 2), d(2024, 11, 10)])   # Monday to Sunday: whole weeks
    assert unit == "tuần" and partial_buckets_note(unit, buckets, d(2024, 9, 2), d(2024, 11, 10)) == ""
