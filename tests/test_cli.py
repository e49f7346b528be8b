"""`vnmonitor analyze` and `tokenize` through click's test runner."""
import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

ARTICLE = (
    "Sáng 12/9/2019, UBND tỉnh Quảng Nam tổ chức hội nghị tổng kết công tác cải cách hành chính.\n"
    "Phó Chủ tịch UBND tỉnh Nguyễn Văn Hùng cho biết tỉnh đã thu ngân sách 1.250 tỷ đồng, đạt 70,5% dự toán."
)


@pytest.fixture
def runner():
    return CliRunner()


def _spans_slice(record, text):
    for key in ("sentences", "passages", "entities", "officials"):
        for item in record[key]:
            assert 0 <= item["start"] <= item["end"] <= len(text), (key, item)
    for e in record["entities"]:
        assert text[e["start"]:e["end"]] == e["text"]


def test_analyze_txt_file(runner, tmp_path):
    path = tmp_path / "bai-viet.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(main, ["analyze", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["id"] == "bai-viet.txt"   # a plain file's id is its name, extension included
    assert len(record["sentences"]) == 2
    _spans_slice(record, ARTICLE)


def test_analyze_stdin_gives_stable_id(runner):
    a = runner.invoke(main, ["analyze", "-", "--format", "json"], input=ARTICLE)
    b = runner.invoke(main, ["analyze", "-", "--format", "json"], input=ARTICLE)
    assert a.exit_code == 0, a.output
    ra, rb = json.loads(a.output), json.loads(b.output)
    assert ra["id"] == rb["id"] and ra["id"].startswith("doc-")
    assert ra == rb


def test_analyze_stdin_holding_json_lines_prints_its_records(runner):
    records = [{"id": "s1", "text": ARTICLE, "title": "Tin 1"}, {"id": "s2", "text": "Hà Nội mưa to."}]
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    result = runner.invoke(main, ["analyze", "-", "--format", "json"], input=lines)
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)   # one array, as for a .jsonl file
    assert [r["id"] for r in out] == ["s1", "s2"] and out[0]["title"] == "Tin 1"
    _spans_slice(out[0], ARTICLE)


def test_json_lines_on_stdin_with_a_broken_first_record_are_still_records(runner, tmp_path):
    """A broken first line is set aside as any broken record is; it used to turn the archive into one text."""
    good = [{"id": "s1", "text": ARTICLE}, {"id": "s2", "text": "Hà Nội mưa to."}]
    lines = '{"id": "s0", "text": "cắt ngang\n' + "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in good)
    result = runner.invoke(main, ["analyze", "-", "--format", "jsonl"], input=lines)
    assert result.exit_code != 0   # a record failed, and the exit code says so
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["s1", "s2"]
    assert "stdin:1" in result.stderr
    result = runner.invoke(main, ["batch", "-", "--out", str(tmp_path / "out")], input=lines)
    errors = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    assert [e["input"] for e in errors] == ["stdin:1"] and "2 succeeded, 1 failed" in result.stderr
    # a text whose first line opens with a brace is still a text
    text = "{Bản tin} Hà Nội mưa to.\nGiao thông ùn tắc ở nhiều nơi.\n"
    out = json.loads(runner.invoke(main, ["analyze", "-", "--format", "json"], input=text).stdout)
    assert isinstance(out, dict) and out["id"].startswith("doc-")   # one document, not a list of records


def test_an_ablation_of_a_component_that_does_not_exist_is_refused(runner, tmp_path):
    """`evaluate --exclude name` (a typo of "names") ran the whole pipeline and printed its scores as the
    ablation's."""
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "g", "text": "Hà Nội mưa to.", "entities": []}) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["evaluate", str(gold), "--exclude", "name"])
    assert result.exit_code != 0 and "no component named 'name'" in result.output
    assert "names" in result.output   # the components it has
    assert runner.invoke(main, ["evaluate", str(gold), "--exclude", "themes"]).exit_code == 0


def test_a_batch_of_empty_files_says_it_read_no_document(runner, tmp_path):
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    result = runner.invoke(main, ["batch", str(tmp_path / "empty.jsonl"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0 and "warning: the input holds no documents" in result.stderr


def test_analyze_jsonl_streams_and_passes_metadata(runner, tmp_path):
    path = tmp_path / "docs.jsonl.gz"
    docs = [{"id": "a1", "title": "Tin 1", "date": "2020-10-01", "source": "thử", "url": "http://x/1", "text": ARTICLE},
            {"id": "a2", "text": "Hà Nội mưa to.\nGiao thông ùn tắc."}]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    result = runner.invoke(main, ["analyze", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["id"] for r in records] == ["a1", "a2"]
    assert records[0]["date"] == "2020-10-01" and records[0]["url"] == "http://x/1"
    assert records[0]["title"] == "Tin 1" and records[1]["title"] is None
    _spans_slice(records[1], docs[1]["text"])


def test_analyze_text_and_html_formats(runner, tmp_path):
    path = tmp_path / "x.json"
    text = "Ông <script>alert(1)</script> & bà Lan đến Hà Nội ngày 2/9/2020."
    path.write_text(json.dumps({"id": "x", "title": "<b>tiêu đề</b>", "text": text}), encoding="utf-8")
    html = runner.invoke(main, ["analyze", str(path), "--format", "html"])
    assert html.exit_code == 0, html.output
    assert "<script>alert" not in html.output
    assert "&lt;script&gt;" in html.output and "&lt;b&gt;tiêu đề" in html.output
    summary = runner.invoke(main, ["analyze", str(path), "--format", "text"])
    assert summary.exit_code == 0 and "# x" in summary.output


def test_html_shows_the_date_source_and_normalised_values(runner, tmp_path):
    """A new user's trial: the HTML view showed neither the document's date nor any normalised value
    (ISO dates, amounts in VND), and the text view did not say a date was read from the text."""
    path = tmp_path / "x.json"
    text = "Sáng 12/9/2019, Cục Thuế tỉnh Quảng Nam cho biết thu ngân sách đạt 1.250 tỷ đồng."
    path.write_text(json.dumps({"id": "x", "source": "Báo <i>A</i>", "url": "javascript:alert(1)", "text": text},
                               ensure_ascii=False), encoding="utf-8")
    page = runner.invoke(main, ["analyze", str(path), "--format", "html", "--date-window", "2019"]).output
    assert "Ngày: 2019-09-12 (suy ra từ văn bản)" in page and "Nguồn: Báo &lt;i&gt;A&lt;/i&gt;" in page
    assert "href=" not in page.split("<p class='meta'>")[1].split("</p>")[0]   # the url is shown, not linked
    assert "<td>12/9/2019</td><td>DATE</td><td>2019-09-12</td>" in page
    assert "<td>1.250 tỷ đồng</td><td>MONEY</td><td>1,250,000,000,000 VND</td>" in page
    summary = runner.invoke(main, ["analyze", str(path), "--format", "text", "--date-window", "2019"]).output
    assert "date: 2019-09-12 (read from the text)" in summary


def test_text_format_marks_former_offices_and_keeps_one_row_an_entity(runner, tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("ỦY BAN NHÂN DÂN\nTỈNH HÒA LÂM\nÔng Nguyễn Văn Tám, nguyên Chủ tịch UBND tỉnh Hòa Lâm, "
                    "phát biểu.\n", encoding="utf-8")
    out = runner.invoke(main, ["analyze", str(path), "--format", "text"]).output
    assert "  Nguyễn Văn Tám | Chủ tịch (former) | UBND tỉnh Hòa Lâm" in out.splitlines()
    page = runner.invoke(main, ["analyze", str(path), "--format", "html"]).output
    assert "<td>Nguyễn Văn Tám</td><td>Chủ tịch (nguyên)</td>" in page
    from pipeline.output.render import to_text

    text = "ỦY BAN NHÂN DÂN\nTỈNH HÒA LÂM"
    record = {"id": "d", "sentences": [], "passages": [], "officials": [], "themes": [],
              "entities": [{"label": "ORG", "start": 0, "end": len(text), "text": text, "value": None}]}
    rows = to_text(record, text).split("entities:\n", 1)[1].splitlines()
    assert rows == [f"       0-{len(text):<6} ORG      ỦY BAN NHÂN DÂN TỈNH HÒA LÂM"]


def test_missing_file_is_one_clear_line(runner, tmp_path):
    result = runner.invoke(main, ["analyze", str(tmp_path / "khong-co.txt")])
    assert result.exit_code != 0
    assert "no such file" in result.output
    assert "Traceback" not in result.output


def test_undecodable_bytes(runner, tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Ha\xff\xfe Noi")
    result = runner.invoke(main, ["analyze", str(path)])
    assert result.exit_code != 0
    assert "not valid UTF-8" in result.output and "Traceback" not in result.output


def test_jsonl_line_without_text_is_reported_others_analysed(runner, tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text('{"id": "ok", "text": "Bộ Tài chính họp."}\n{"id": "no-text"}\nnot json\n', encoding="utf-8")
    result = runner.invoke(main, ["analyze", str(path), "--format", "jsonl"])
    assert result.exit_code != 0
    lines = result.output.splitlines()
    assert json.loads(lines[0])["id"] == "ok"
    assert any("docs.jsonl:2" in line and "no 'text' field" in line for line in lines)
    assert any("docs.jsonl:3" in line and "invalid JSON" in line for line in lines)


def test_tokenize_keeps_lines_aligned(runner):
    text = "Cục Hải quan TP.HCM thu ngân sách.\n\nPhó Thủ tướng phát biểu tại hội nghị\n"
    result = runner.invoke(main, ["tokenize", "-"], input=text)
    assert result.exit_code == 0, result.output
    out = result.output.split("\n")
    assert len(out) == 4  # three lines plus the final newline
    assert out[1] == ""
    assert "Hải_quan" in out[0] and "TP.HCM" in out[0]
    assert out[2].replace("_", " ").replace(" ", "") == "PhóThủtướngphátbiểutạihộinghị"


def test_tokenize_bad_bytes_names_the_line(runner, tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes("dòng một\n".encode() + b"\xc3\x28 hai\n")
    result = runner.invoke(main, ["tokenize", str(path)])
    assert result.exit_code != 0
    assert ":2:" in result.output and "not valid UTF-8" in result.output


def test_html_draws_entities_with_displacy_and_labels_passage_themes(runner):
    example = Path(__file__).resolve().parent.parent / "examples" / "thong-cao.txt"
    out = runner.invoke(main, ["analyze", str(example), "--format", "html"])
    assert out.exit_code == 0, out.output
    record = json.loads(runner.invoke(main, ["analyze", str(example)]).output)
    assert out.output.count('class="entity"') >= len(record["entities"])   # displacy's ent markup
    themed = {t["id"] for p in record["passages"] for t in p["themes"]}
    from pipeline.output.render import theme_name   # the Vietnamese label is shown, the code in data-theme

    assert themed and all(f"<span class='theme' data-theme='{t}' " in out.output
                          and f">{theme_name(t)}</span>" in out.output for t in themed)


def test_the_cli_starts_without_loading_spacy():
    """`import pipeline` loaded spaCy (a second): `vnmonitor --help`, `report` and `alerts` waited for
    it, and Ctrl-C in a command's first second printed a traceback of the imports."""
    import subprocess
    import sys

    code = "import sys, pipeline.cli, pipeline; print('spacy' in sys.modules); pipeline.load; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True"]


def test_the_text_view_shows_an_amount_as_its_value_holds_it():
    from pipeline.output.render import to_text

    text = "phí 0,5 USD và 5 - 10 triệu đồng"
    entities = [{"label": "MONEY", "start": 4, "end": 11, "text": "0,5 USD", "value": {"amount": 0.5, "currency": "USD"}},
                {"label": "MONEY", "start": 15, "end": 32, "text": "5 - 10 triệu đồng",
                 "value": {"amount": 5000000, "currency": "VND", "amount_max": 10000000}}]
    record = {"id": "d", "sentences": [], "passages": [], "officials": [], "themes": [], "entities": entities}
    rows = to_text(record, text).split("entities:\n", 1)[1].splitlines()
    assert rows[0].endswith("0,5 USD  = 0.5 USD")       # not "0 USD"
    assert rows[1].endswith("= 5,000,000 VND (to 10,000,000)")


def test_a_word_or_pdf_file_on_stdin_is_refused_with_a_pointer_to_its_path(runner):
    for data, kind in ((b"PK\x03\x04\x14\x00\x06\x00word/document.xml\xff\xfe", "zip file"),
                       (b"%PDF-1.7\n\xe2\xe3\xcf\xd3\n1 0 obj", "PDF file")):
        result = runner.invoke(main, ["analyze", "-"], input=data)
        assert result.exit_code != 0 and kind in result.output and "give the file's path" in result.output
