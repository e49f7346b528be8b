"""Readable themes (issues 13 and 15): the `themes` table is the taxonomy a run actually used,
and the people-facing outputs (analyze text/html, the report, alerts text) show its labels.

"Edited" here is what a user does: a copy of the shipped model folder whose themes.yaml
relabels a theme (ids unchanged, so the model still loads), used through the config
override `components.themes.model_dir`. The new label carries markup, so every HTML
output must escape it.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import shutil

import duckdb
import pyarrow.parquet as pq
import pytest
import yaml
from click.testing import CliRunner

from pipeline import batch, language
from pipeline.cli import main
from pipeline.io.tables import TABLES, records_to_arrow, taxonomy_rows
from pipeline.resources import theme_model_dir
from pipeline.themes.taxonomy import load_taxonomy

from batch_fixtures import synthetic_records, write_archive

THEME = "thu_ngan_sach"
LABEL = "Thu ngân sách <script>document.documentElement.dataset.pwned='1'</script> (bản sửa)"


@pytest.fixture(scope="module")
def edited_model(tmp_path_factory):
    """The shipped model folder with THEME relabelled in its themes.yaml."""
    folder = tmp_path_factory.mktemp("model") / "themes"
    shutil.copytree(theme_model_dir(), folder)
    data = load_taxonomy(folder / "themes.yaml").to_dict()
    [theme] = [t for t in data["themes"] if t["id"] == THEME]
    assert theme["name"] != LABEL
    theme["name"] = LABEL
    (folder / "themes.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def edited_nlp(edited_model):
    return language.load(**{"components.themes.model_dir": str(edited_model)})


def test_the_pipeline_reports_the_taxonomy_it_runs_with(edited_nlp, nlp):
    assert language.theme_labels(edited_nlp)[THEME] == LABEL
    assert language.theme_labels(nlp) == {t.id: t.name for t in load_taxonomy()}
    assert language.theme_taxonomy(language.load(exclude=("themes",))) is None


def test_batch_writes_the_taxonomy_it_ran_with_once(edited_nlp, tmp_path, monkeypatch):
    """Workers write the taxonomy of their own pipeline (here the edited one, in-process):
    one copy of it in Parquet and DuckDB whatever the number of chunks, labels in the views
    and the report (escaped)."""
    import pipeline.batch.chunks as chunks

    monkeypatch.setattr(chunks, "_NLP", {None: edited_nlp})   # the worker pipeline, theme model by default
    archive = write_archive(tmp_path / "a.jsonl", synthetic_records(9))
    opts = batch.BatchOptions(inputs=[str(archive)], out=tmp_path / "out", workers=1, chunk_size=3, progress=False)
    summary = batch.run(opts)
    assert summary.chunks == 3 and summary.succeeded == 9
    out = opts.out
    expected = taxonomy_rows(language.theme_taxonomy(edited_nlp))
    assert len(expected) == len(load_taxonomy()) and summary.rows["themes"] == len(expected)
    assert pq.read_table(out / "themes.parquet").to_pylist() == expected
    cols = TABLES["themes"].names
    with duckdb.connect(str(out / batch.DATABASE), read_only=True) as con:
        rows = con.execute(f"SELECT {', '.join(cols)} FROM themes ORDER BY theme_no").fetchall()
        assert rows == [tuple(r[c] for c in cols) for r in expected]
        assert con.execute("SELECT label FROM themes WHERE id = ?", [THEME]).fetchone() == (LABEL,)
        # the synthetic archive has budget-revenue documents: the views carry the edited label
        labels = con.execute("SELECT DISTINCT theme_label FROM v_theme_stories_daily WHERE theme = ?",
                             [THEME]).fetchall()
    assert labels == [(LABEL,)]
    page_path = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", str(out), "--out", str(page_path)])
    assert result.exit_code == 0, result.output
    page = page_path.read_text(encoding="utf-8")
    assert LABEL not in page and html.escape(LABEL) in page and page.count("<script>") == 1


def test_analyze_text_and_html_show_the_runs_labels(edited_nlp, monkeypatch, tmp_path):
    monkeypatch.setattr(language, "default_nlp", lambda: edited_nlp)
    path = tmp_path / "tin.txt"
    path.write_text("Cục Thuế tỉnh Gia Lai thông báo số thu ngân sách nhà nước đạt 120 tỷ đồng, bằng 80% dự toán. "
                    "Thu nội địa tăng so với cùng kỳ.", encoding="utf-8")
    runner = CliRunner()
    record = json.loads(runner.invoke(main, ["analyze", str(path)]).output)
    assert THEME in {t["id"] for t in record["themes"]}, "the test text needs the theme"   # codes stay in JSON
    text = runner.invoke(main, ["analyze", str(path), "--format", "text"])
    assert text.exit_code == 0, text.output
    themes_line = next(line for line in text.output.splitlines() if line.startswith("themes: "))
    assert LABEL in themes_line and THEME not in text.output
    page = runner.invoke(main, ["analyze", str(path), "--format", "html"]).output
    assert html.escape(LABEL) in page and LABEL not in page and "<script>" not in page


def _surge_output(folder, taxonomy):
    """A hand-made output: 30 days of one story a day on THEME beside ten on another theme,
    then fifteen on THEME in one day."""
    other = "an_toan_giao_thong"
    pairs, day0 = [], dt.date(2024, 1, 1)
    for i in range(31):
        day = (day0 + dt.timedelta(days=i)).isoformat()
        n_theme = 15 if i == 30 else 1
        for k in range(n_theme + 10):
            theme = THEME if k < n_theme else other
            text = f"Bản tin {i}-{k}."
            pairs.append(({"id": f"d{i}-{k}", "title": None, "date": day, "source": "nguồn", "url": None,
                           "sentences": [{"start": 0, "end": len(text), "themes": [{"id": theme, "score": 0.9}]}],
                           "entities": [], "officials": [], "passages": [],
                           "themes": [{"id": theme, "score": 0.9}]}, text))
    folder.mkdir()
    for name, table in records_to_arrow(pairs, taxonomy=taxonomy).items():
        pq.write_table(table, folder / f"{name}.parquet")
    return (day0 + dt.timedelta(days=30)).isoformat()


def test_alerts_text_shows_the_outputs_label_and_jsonl_the_code(edited_nlp, tmp_path):
    out = tmp_path / "out"
    surge = _surge_output(out, language.theme_taxonomy(edited_nlp))
    runner = CliRunner()
    jsonl = runner.invoke(main, ["alerts", str(out), "--since", surge, "--format", "jsonl"])
    assert jsonl.exit_code == 0, jsonl.output
    alerts = [json.loads(line) for line in jsonl.output.splitlines() if line.startswith("{")]
    assert [(a["kind"], a["key"], a["day"]) for a in alerts] == [("theme", THEME, surge)]
    text = runner.invoke(main, ["alerts", str(out), "--since", surge, "--format", "text"])
    assert text.exit_code == 0, text.output
    [line] = [line for line in text.output.splitlines() if line.startswith(surge)]
    assert f"theme  {LABEL}: 15 stories" in line and THEME not in line
