"""`analyze --explain` shows each themed passage's cue words in every format (issue 10, item 14)."""
import json

import pytest
from click.testing import CliRunner

from pipeline import language
from pipeline.output import render
from pipeline.cli import main

ARTICLE = ("Kết quả thu ngân sách và cải cách hành chính năm 2024\n"
           "Theo báo cáo, tổng số thu ngân sách nhà nước của đơn vị đạt 24.316 tỷ đồng, bằng 78,6% dự toán. "
           "Số nợ thuế quá hạn giảm còn 215 tỷ đồng.\n"
           "Trong công tác chống buôn lậu, gian lận thương mại và hàng giả, lực lượng hải quan đã phát hiện "
           "1.250 vụ vi phạm.")


@pytest.fixture(scope="module")
def explain_nlp():
    return language.load(**{"components.themes.explain": True})


@pytest.fixture
def analyze(explain_nlp, monkeypatch, tmp_path):
    """Run `analyze --explain` on ARTICLE, loading the explaining pipeline once for the module."""
    monkeypatch.setattr(language, "load", lambda *a, **kw: explain_nlp)
    path = tmp_path / "tin.txt"
    path.write_text(ARTICLE, encoding="utf-8")

    def run(fmt):
        result = CliRunner().invoke(main, ["analyze", str(path), "--format", fmt, "--explain"])
        assert result.exit_code == 0, result.output
        return result.output
    return run


@pytest.fixture
def record(analyze):
    record = json.loads(analyze("json"))
    assert any(p.get("explain") for p in record["passages"]), "the test article needs a themed passage"
    return record


def _cues(record):
    return [(e["theme"], e["terms"]) for p in record["passages"] for e in p.get("explain", [])]


def test_jsonl_carries_the_same_cues_as_json(analyze, record):
    assert _cues(json.loads(analyze("jsonl"))) == _cues(record)


def test_text_shows_each_themed_passage_cue_words(analyze, record):
    out = analyze("text")
    for theme, terms in _cues(record):   # under the theme's label; its code stays in JSON
        assert f"cues {render.theme_name(theme)}: {', '.join(terms)}" in out and render.theme_name(theme) != theme
        assert theme not in out


def test_html_shows_the_cue_words(analyze, record):
    import html

    out = analyze("html")
    assert "class='explain'" in out
    for theme, terms in _cues(record):
        assert f"<b>{html.escape(render.theme_name(theme))}</b>: {html.escape(', '.join(terms))}" in out


def test_html_escapes_cue_words_and_passage_tooltips():
    text = "Ông <script>x</script> nói."
    record = {"id": "x", "title": None, "entities": [], "officials": [], "themes": [],
              "passages": [{"start": 0, "end": len(text), "themes": [{"id": "t<i>", "score": 0.9}],
                            "explain": [{"theme": "t<i>", "terms": ["<script>", "a\"b"]}]}]}
    page = render.to_html([(record, text)])
    assert "<script>" not in page and "<i>" not in page
    assert "&lt;script&gt;" in page and "t&lt;i&gt;" in page and "a&quot;b" in page
    assert "cues t<i>: <script>, a\"b" in render.to_text(record | {"sentences": []}, text)


def test_without_explain_no_cues_are_shown(nlp, tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["analyze", str(path), "--format", "text"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "passages with themes" in out and "cues " not in out
