"""Metrics over hand-made gold and predicted records, and the `evaluate` command."""
import json

import pytest
from click.testing import CliRunner

from pipeline import evaluate as ev
from pipeline.cli import main


def ent(label, start, end, value=None):
    return {"label": label, "start": start, "end": end, "text": "", "value": value}


def test_prf_handles_empty():
    assert ev.prf(0, 0, 0) == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "fp": 0, "fn": 0}
    assert ev.prf(3, 1, 2)["f1"] == pytest.approx(2 * 0.75 * 0.6 / 1.35)


def test_entity_scores_strict_and_lenient():
    gold = [{"entities": [ent("ORG", 0, 10), ent("DATE", 20, 30), ent("PERSON", 40, 45)]}]
    pred = [{"entities": [ent("ORG", 0, 10),      # exact
                          ent("DATE", 22, 30),    # overlaps: lenient only
                          ent("LOC", 40, 45),     # right span, wrong label
                          ent("MONEY", 50, 55)]}]  # spurious
    scores = ev.entity_scores(gold, pred)
    s, l_ = scores["strict"], scores["lenient"]
    assert (s["ORG"]["tp"], s["ORG"]["fp"], s["ORG"]["fn"]) == (1, 0, 0)
    assert (s["DATE"]["tp"], s["DATE"]["fp"], s["DATE"]["fn"]) == (0, 1, 1)
    assert (l_["DATE"]["tp"], l_["DATE"]["fp"], l_["DATE"]["fn"]) == (1, 0, 0)
    assert (s["PERSON"]["fn"], s["LOC"]["fp"], s["MONEY"]["fp"]) == (1, 1, 1)
    assert (s["micro"]["tp"], s["micro"]["fp"], s["micro"]["fn"]) == (1, 3, 2)
    assert s["micro"]["precision"] == pytest.approx(0.25)
    assert s["micro"]["recall"] == pytest.approx(1 / 3)
    assert (l_["micro"]["tp"], l_["micro"]["fp"], l_["micro"]["fn"]) == (2, 2, 1)


def test_lenient_matching_is_one_to_one():
    # two predicted fragments inside one gold span: one match, one false positive
    gold = [{"entities": [ent("ORG", 0, 20)]}]
    pred = [{"entities": [ent("ORG", 0, 5), ent("ORG", 8, 20)]}]
    lenient = ev.entity_scores(gold, pred)["lenient"]["ORG"]
    assert (lenient["tp"], lenient["fp"], lenient["fn"]) == (1, 1, 0)


def test_entity_scores_sum_over_documents():
    gold = [{"entities": [ent("LOC", 0, 3)]}, {"entities": [ent("LOC", 5, 9)]}]
    pred = [{"entities": [ent("LOC", 0, 3)]}, {"entities": []}]
    loc = ev.entity_scores(gold, pred)["strict"]["LOC"]
    assert (loc["tp"], loc["fn"], loc["precision"], loc["recall"]) == (1, 1, 1.0, 0.5)


def test_entity_scores_need_aligned_lists():
    with pytest.raises(ValueError):
        ev.entity_scores([{"entities": []}], [])


@pytest.mark.parametrize("label, gold, pred, equal", [
    ("MONEY", {"amount": 1_000_000, "currency": "VND"}, {"amount": 1_004_000, "currency": "VND"}, True),
    ("MONEY", {"amount": 1_000_000, "currency": "VND"}, {"amount": 1_006_000, "currency": "VND"}, False),
    ("MONEY", {"amount": 1_000_000, "currency": "VND"}, {"amount": 1_000_000, "currency": "USD"}, False),
    ("MONEY", {"amount": 5, "currency": "VND", "amount_max": 10}, {"amount": 5, "currency": "VND"}, False),
    ("MONEY", {"amount": 5, "currency": "VND"}, None, False),
    ("DATE", "2019-09-12", "2019-09-12", True),
    ("DATE", "2019-09-12", "2019-09", False),
    ("PERCENT", 70.31, 70.31000000001, True),
    ("PERCENT", 70.31, 70.3, False),
    ("PERCENT", 70, "abc", False),
    ("DATE", None, None, True),
])
def test_values_equal(label, gold, pred, equal):
    assert ev.values_equal(label, gold, pred) is equal


def test_value_accuracy_counts_strict_matches_only():
    gold = [{"entities": [ent("DATE", 0, 5, "2019"), ent("MONEY", 10, 20, {"amount": 5, "currency": "USD"}),
                          ent("PERCENT", 30, 33, 40)]}]
    pred = [{"entities": [ent("DATE", 0, 5, "2018"), ent("MONEY", 10, 20, {"amount": 5, "currency": "USD"}),
                          ent("PERCENT", 30, 34, 40)]}]   # PERCENT span differs: not counted
    acc = ev.value_accuracy(gold, pred)
    assert acc["DATE"] == {"matched": 1, "correct": 0, "accuracy": 0.0}
    assert acc["MONEY"] == {"matched": 1, "correct": 1, "accuracy": 1.0}
    assert acc["PERCENT"]["matched"] == 0
    assert acc["all"] == {"matched": 2, "correct": 1, "accuracy": 0.5}


def test_official_scores_normalise_and_dedupe():
    gold = [{"officials": [
        {"person": "Nguyễn Văn A", "title": "Chủ tịch", "org": "UBND tỉnh X"},
        {"person": "Nguyễn Văn A", "title": "Chủ tịch", "org": "Ủy ban nhân dân tỉnh X"},  # same office
        {"person": "Trần B", "title": "Bộ trưởng", "org": "Bộ Y"},
        {"person": None, "title": "Thủ tướng", "org": None},
    ]}]
    pred = [{"officials": [
        {"person": "nguyễn  văn a", "title": "CHỦ TỊCH", "org": "Ủy ban nhân dân tỉnh X"},  # case + spaces
        {"person": "Trần B", "title": "Bộ trưởng", "org": "Bộ Z"},                         # wrong org
        {"person": None, "title": "Thủ tướng", "org": None},
        {"person": "Lê C", "title": "Giám đốc", "org": None},                               # spurious
    ]}]
    o = ev.official_scores(gold, pred)
    assert (o["tp"], o["fp"], o["fn"]) == (3, 1, 0)
    assert o["org"] == {"matched": 3, "correct": 2, "accuracy": pytest.approx(2 / 3)}


def test_official_scores_nfc():
    import unicodedata

    gold = [{"officials": [{"person": "Lê Thị Hòa", "title": "Phó Chủ tịch", "org": None}]}]
    pred = [{"officials": [{"person": unicodedata.normalize("NFD", "Lê Thị Hòa"), "title": "Phó Chủ tịch",
                            "org": None}]}]
    assert ev.official_scores(gold, pred)["f1"] == 1.0


def test_theme_scores_document_and_sentence():
    gold = [{"themes": ["a", "b"],
             "sentences": [{"start": 0, "end": 10, "themes": ["a"]},
                           {"start": 10, "end": 20, "themes": []},
                           {"start": 20, "end": 30, "themes": ["b"]}]}]
    pred = [{"themes": [{"id": "a", "score": 0.9}, {"id": "c", "score": 0.5}],
             "passages": [{"start": 0, "end": 12, "themes": [{"id": "a", "score": 0.8}]},   # holds mid 5
                          {"start": 12, "end": 22, "themes": [{"id": "c", "score": 0.7}]}]}]  # holds mid 15
    t = ev.theme_scores(gold, pred)
    assert (t["document"]["tp"], t["document"]["fp"], t["document"]["fn"]) == (1, 1, 1)
    # sentence 3 (mid 25) has no passage: its gold theme is missed
    assert (t["sentence"]["tp"], t["sentence"]["fp"], t["sentence"]["fn"]) == (1, 1, 1)


def test_score_and_format_report():
    gold = [{"entities": [ent("DATE", 0, 4, "2019")], "officials": [], "sentences": [], "themes": []}]
    pred = [{"entities": [ent("DATE", 0, 4, "2019")], "officials": [], "passages": [], "themes": []}]
    report = ev.score(gold, pred)
    assert report["entities"]["strict"]["DATE"]["f1"] == 1.0
    text = ev.format_report(report)
    assert "DATE" in text and "1.000" in text and "officials" in text
    # a label with neither gold nor predicted spans shows no score, not a zero
    table = text.split("\nvalues")[0]   # the entity table (the values table has a DATE row too)
    rows = {line.split()[0]: line.split()[1:] for line in table.splitlines() if line.split()[:1] in (["DATE"], ["LOC"])}
    assert rows["DATE"][:3] == ["1.000"] * 3 and rows["LOC"] == ["-"] * 6 + ["0", "0"]


def test_entity_errors_lists_strict_misses():
    gold = [{"id": "d", "text": "abcdefghij", "entities": [ent("DATE", 0, 3), ent("ORG", 5, 8)]}]
    pred = [{"entities": [ent("DATE", 0, 4), ent("ORG", 5, 8)]}]
    errors = ev.entity_errors(gold, pred, labels=("DATE",))
    assert [(e["kind"], e["start"], e["end"], e["text"]) for e in errors] == [("fn", 0, 3, "abc"), ("fp", 0, 4, "abcd")]
    assert ev.entity_errors(gold, pred, labels=("ORG",)) == []


def test_load_gold_errors(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "a"}\nnot json\n', encoding="utf-8")
    with pytest.raises(ev.GoldError, match=":2: invalid JSON"):
        ev.load_gold(bad)
    with pytest.raises(ev.GoldError, match="no such file"):
        ev.load_gold(tmp_path / "missing.jsonl")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(ev.GoldError, match="no gold records"):
        ev.load_gold(empty)


def test_a_gold_file_with_a_byte_order_mark_or_a_number_too_long(tmp_path):
    record = {"id": "g", "text": "Bộ trưởng Lê Văn An.", "entities": [{"label": "PERSON", "start": 10, "end": 19}]}
    plain, bom = tmp_path / "plain.jsonl", tmp_path / "bom.jsonl"
    plain.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    bom.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8-sig")
    assert ev.load_gold(bom) == ev.load_gold(plain)
    long = tmp_path / "long.jsonl"
    long.write_text('{"id": "a", "n": %s, "text": "x"}\n' % ("7" * 5000), encoding="utf-8")
    with pytest.raises(ev.GoldError, match=":1: invalid JSON: a number of more than 4,300 digits"):
        ev.load_gold(long)


def test_a_gold_text_holding_a_line_or_paragraph_separator_unescaped(tmp_path):
    """JSON allows U+2028, U+2029 and U+0085 unescaped in a string; a JSON Lines file ends a record at
    "\n" only, so they are text, not line ends (str.splitlines would cut the record there)."""
    text = "Bộ trưởng Lê Văn An.\u2028Thêm một dòng.\u2029Và một đoạn\u0085nữa."
    record = {"id": "g", "text": text, "entities": [{"label": "PERSON", "start": 10, "end": 19}]}
    raw, escaped = tmp_path / "raw.jsonl", tmp_path / "escaped.jsonl"
    raw.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    escaped.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert "\u2028" in raw.read_text(encoding="utf-8")
    gold = ev.load_gold(raw)
    assert gold == ev.load_gold(escaped) and gold[0]["text"] == text
    # a broken line says where in the line, as the readers of archives do
    raw.write_text('{"id": "a", "text": "b"}\n{"id": "c", "text": "d\u2028e\n', encoding="utf-8")
    with pytest.raises(ev.GoldError, match=r":2: invalid JSON: Unterminated string starting at column 21"):
        ev.load_gold(raw)


@pytest.mark.parametrize("fields, problem", [
    ({"entities": [{"label": "PERSON"}]}, "needs integer 'start' and 'end'"),
    ({"entities": "x"}, "'entities' is a str, not a list"),
    ({"entities": [{"label": "person", "start": 0, "end": 3}]}, "has label 'person'"),
    ({"entities": [{"label": "PERSON", "start": 0, "end": 99}]}, "is not inside the text"),
    ({"entities": [{"label": "MONEY", "start": 0, "end": 3, "value": "abc"}]}, "a MONEY value is"),
    ({"officials": ["x"]}, "'officials' must be a list of objects"),
    ({"sentences": [{"start": 0}]}, "sentences[1] needs integer"),
    ({"themes": "thu_ngan_sach"}, "'themes' must be a list"),
    ({"section": ["a"]}, "'section' must be a string"),
    # a span whose written text is not what its offsets read would be scored as if it were right
    ({"entities": [{"label": "PERSON", "start": 10, "end": 19, "text": "Lê Văn Bình"}]}, "'text' is 'Lê Văn Bình'"),
    ({"entities": [{"label": "PERSON", "start": 10, "end": 0}]}, "starts at 10, after its end 0"),
    ({"id": "ok"}, "id 'ok' again (first at line 1)"),
    ({"entities": [{"label": "DATE", "start": 0, "end": 3, "value": "12/9/2019"}]}, "not '12/9/2019'"),
    ({"entities": [{"label": "DATE", "start": 0, "end": 3, "value": "2019-Q5"}]}, "a DATE value is written as"),
    ({"entities": [{"label": "PERSON", "start": 10, "end": 19}, {"label": "PERSON", "start": 10, "end": 19}]},
     "entities[2]: the same span again of entities[1]"),
    ({"entities": [{"label": "TITLE", "start": 0, "end": 9}, {"label": "ORG", "start": 4, "end": 12}]},
     "entities[2]: [4, 12) overlaps [0, 9) of entities[1]"),
    # probe of session 53: each of these was accepted and scored as a miss or an empty pair
    ({"officials": [{"name": "Lê Văn An", "position": "Bộ trưởng", "org": None}]}, "officials[1] has the keys"),
    ({"entities": [{"label": "LOC", "start": 5, "end": 5}]}, "entities[1] is empty ([5, 5))"),
    ({"sentences": [{"start": 0, "end": 20}, {"start": 0, "end": 9}]}, "sentences never overlap"),
    ({"entities": [{"label": "DATE", "start": 0, "end": 3, "value": "2024-13-45"}]}, "not '2024-13-45'"),
    ({"entities": [{"label": "DATE", "start": 0, "end": 3, "value": "2023-02-29"}]}, "not '2023-02-29'"),
    ({"entities": [{"label": "MONEY", "start": 0, "end": 3, "value": {"amount": 5, "currency": "vnd"}}]},
     "an ISO 4217 code in capitals"),
])
def test_a_malformed_gold_record_is_refused_with_what_and_where(tmp_path, fields, problem):
    path = tmp_path / "gold.jsonl"
    record = {"id": "g", "text": "Bộ trưởng Lê Văn An.", **fields}
    path.write_text(json.dumps({"id": "ok", "text": "Hà Nội."}) + "\n" + json.dumps(record, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    with pytest.raises(ev.GoldError) as exc:
        ev.load_gold(path)
    assert str(exc.value).startswith(f"{path}:2: ") and problem in str(exc.value)


def _gold_file(tmp_path):
    text = "Ngày 3/7/2020, xã chi 2 tỷ đồng, đạt 90% kế hoạch."
    entities = []
    for label, span, value in (("DATE", "Ngày 3/7/2020", "2020-07-03"),
                               ("MONEY", "2 tỷ đồng", {"amount": 2_000_000_000, "currency": "VND"}),
                               ("PERCENT", "90%", 90)):
        start = text.index(span)
        entities.append({"label": label, "start": start, "end": start + len(span), "text": span, "value": value})
    record = {"id": "t1", "source": "test", "text": text, "entities": entities, "officials": [],
              "sentences": [{"start": 0, "end": len(text), "themes": []}], "themes": []}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _others(keep=("numbers",)):
    """--exclude options for every configured component but `keep`: these tests score numbers only."""
    from thinc.api import Config

    from pipeline.language import DEFAULT_CONFIG

    args = []
    for name in Config().from_disk(DEFAULT_CONFIG)["nlp"]["pipeline"]:
        if name not in keep:
            args += ["--exclude", name]
    return args


def test_evaluate_command_json(tmp_path):
    result = CliRunner().invoke(main, ["evaluate", str(_gold_file(tmp_path)), "--json", *_others()])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    for label in ("DATE", "MONEY", "PERCENT"):
        assert report["entities"]["strict"][label]["f1"] == 1.0
        assert report["values"][label]["accuracy"] == 1.0
    assert report["documents"] == 1
    assert report["pipeline"] == ["numbers"]
    assert report["themes"]["available"] is False


def test_evaluate_command_ablation_drops_numbers(tmp_path):
    result = CliRunner().invoke(main, ["evaluate", str(_gold_file(tmp_path)), "--json", *_others(keep=())])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert "numbers" not in report["pipeline"]
    assert report["entities"]["strict"]["DATE"]["recall"] == 0.0


def test_evaluate_command_lists_errors(tmp_path):
    result = CliRunner().invoke(main, ["evaluate", str(_gold_file(tmp_path)), "--errors", "date", *_others(keep=())])
    assert result.exit_code == 0, result.output
    assert "strict errors (1)" in result.output and "fn DATE" in result.output


def test_evaluate_command_bad_file(tmp_path):
    result = CliRunner().invoke(main, ["evaluate", str(tmp_path / "none.jsonl")])
    assert result.exit_code != 0
    assert "error:" in result.output and "Traceback" not in result.output


def test_scores_per_section_and_per_theme():
    from pipeline.evaluate import score

    golds = [{"text": "x" * 40, "section": "sport", "themes": ["a"],
              "entities": [{"start": 0, "end": 5, "label": "PERSON"}], "officials": [],
              "sentences": [{"start": 0, "end": 20, "themes": ["a"]}, {"start": 20, "end": 40, "themes": []}]},
             {"text": "y" * 40, "section": "law", "themes": [],
              "entities": [{"start": 0, "end": 5, "label": "ORG"}], "officials": [],
              "sentences": [{"start": 0, "end": 40, "themes": ["b"]}]}]
    preds = [{"themes": [{"id": "a", "score": 0.9}], "entities": [{"start": 0, "end": 5, "label": "PERSON"}],
              "officials": [], "passages": [{"start": 0, "end": 40, "themes": [{"id": "a", "score": 0.9}]}]},
             {"themes": [], "entities": [{"start": 0, "end": 4, "label": "ORG"}], "officials": [], "passages": []}]
    report = score(golds, preds)
    assert report["sections"]["sport"]["entities"]["f1"] == 1.0
    assert report["sections"]["law"]["entities"]["f1"] == 0.0
    per = report["themes"]["per_theme"]
    assert per["a"]["document"]["f1"] == 1.0
    assert (per["a"]["sentence"]["tp"], per["a"]["sentence"]["fp"]) == (1, 1)
    assert per["b"]["sentence"]["fn"] == 1 and per["b"]["sentence"]["f1"] == 0.0
    from pipeline.evaluate import format_report

    table = format_report({**report, "values": {}, "seconds": 0})
    rows = {line.split()[0]: line.split() for line in table.split("sent. themes F1", 1)[1].splitlines()[1:3]}
    # no official in either section: nothing to score is a dash, not 0.000; a real miss stays 0.000
    assert rows["sport"][4] == "-" and rows["law"][4] == "-"
    assert rows["law"][2] == "0.000" and rows["law"][5] == "0.000"


def test_evaluate_refuses_error_listing_on_the_frozen_sample():
    from click.testing import CliRunner

    from pipeline.cli import main

    result = CliRunner().invoke(main, ["evaluate", "--frozen", "--errors", "ORG"])
    assert result.exit_code == 2 and "never read for errors" in result.output


def test_gold_theme_ids_follow_the_taxonomy_and_a_typo_is_refused():
    from pipeline.themes.taxonomy import from_dict

    taxonomy = from_dict({"version": 1, "themes": [
        {"id": "bong_da", "name": "Bóng đá", "description": "d", "cues": ["bàn thắng"], "aliases": ["the_thao"]}]})
    golds = [{"id": "a", "text": "x", "themes": ["the_thao"], "sentences": [{"start": 0, "end": 1, "themes": ["bong_da"]}]}]
    [gold] = ev.with_taxonomy_ids(golds, taxonomy)
    assert gold["themes"] == ["bong_da"] and gold["sentences"][0]["themes"] == ["bong_da"]
    assert golds[0]["themes"] == ["the_thao"]   # the caller's records are left as they were
    typo = [{"id": "b", "text": "x", "themes": [], "sentences": [{"start": 0, "end": 1, "themes": ["bongda"]}]}]
    with pytest.raises(ev.GoldError, match=r"g.jsonl: record 1 \(b\): theme 'bongda' is no theme of the taxonomy"):
        ev.with_taxonomy_ids(typo, taxonomy, "g.jsonl")
    assert ev.with_taxonomy_ids(typo, None) is typo   # no themes component: nothing to check against


def test_a_layer_no_record_annotates_is_not_scored_and_one_some_records_lack_is_refused(tmp_path):
    """Probe of session 53: a gold file of entities alone scored officials and themes 0.000, every
    prediction a false positive."""
    text = "Bộ trưởng Lê Văn An."
    ents = [{"label": "TITLE", "start": 0, "end": 9, "text": "Bộ trưởng"},
            {"label": "PERSON", "start": 10, "end": 19, "text": "Lê Văn An"}]
    gold = [{"id": "a", "text": text, "entities": ents}]
    pred = [{"entities": ents, "officials": [{"person": "Lê Văn An", "title": "Bộ trưởng", "org": None}],
             "passages": [{"start": 0, "end": len(text), "themes": ["xay_dung_dang"]}], "themes": ["xay_dung_dang"]}]
    report = ev.score(gold, pred)
    assert report["entities"]["strict"]["micro"]["f1"] == 1.0
    assert report["officials"] is None and report["themes"] is None and report["layers"] == ["entities"]
    shown = ev.format_report(report)
    assert "officials: not scored" in shown and "themes: not scored" in shown and "0.000" not in shown
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold[0], ensure_ascii=False) + "\n"
                    + json.dumps({**gold[0], "id": "b", "officials": []}, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(ev.GoldError, match=r"gold\.jsonl:1: no 'officials', which line 2 has"):
        ev.load_gold(path)
    path.write_text(json.dumps({"id": "c", "text": text}) + "\n", encoding="utf-8")
    with pytest.raises(ev.GoldError, match="no record annotates anything"):
        ev.load_gold(path)


def test_a_values_row_with_nothing_matched_shows_a_dash_and_errors_name_a_record_without_id_by_line(tmp_path):
    gold = [{"text": "x", "entities": [ent("DATE", 0, 1, "2019")], "officials": [], "sentences": [], "themes": [],
             "_line": 7}]
    pred = [{"entities": [ent("MONEY", 0, 1)], "officials": [], "passages": [], "themes": []}]
    report = ev.score(gold, pred)
    assert report["values"]["DATE"]["accuracy"] is None
    values = ev.format_report(report).split("\nvalues", 1)[1].split("\n\n", 1)[0]
    assert [line.split()[:2] for line in values.splitlines()[1:3]] == [["DATE", "-"], ["MONEY", "-"]]
    assert {e["id"] for e in ev.entity_errors(gold, pred)} == {"line 7"}


def test_standoff_texts_missing_under_a_set_shared_folder_say_the_variable_points_wrong(tmp_path, monkeypatch):
    monkeypatch.setenv("VNMONITOR_SHARED", str(tmp_path))
    with pytest.raises(ev.GoldError, match=rf"VNMONITOR_SHARED={tmp_path} holds no corpora/baomoi-2017"):
        ev.regions_gold([{"corpus": "baomoi-2017", "doc": "d", "start": 0, "end": 1, "sha1": "x"}],
                        corpora=tmp_path / "corpora")
