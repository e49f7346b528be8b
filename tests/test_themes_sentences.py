"""Issue 13: sentences are the unit of theme decisions.

A staged model trained here from sentence-labelled standoff files (a tiny
taxonomy and corpus written by the test), the furniture filter, the learned
roll-up, readable labels, sentence themes in the record, and the bad inputs
the issue lists (no theme and no error).
"""
import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.output.render import theme_name, to_text
from pipeline.themes import stages
from pipeline.themes.furniture import furniture_keys, is_furniture, key
from pipeline.themes.store import load_model

from test_themes_train import FOOTBALL, NEUTRAL, TAXONOMY, WEATHER


def _sha(text):
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


MUSIC_EXAMPLES = [
    "Ca sĩ trẻ ra mắt album nhạc mới gồm mười bài hát về quê hương.",
    "Đêm nhạc của nhóm nhạc rock thu hút hàng nghìn khán giả hát theo.",
    "Nhạc sĩ kể chuyện sáng tác ca khúc đầu tay. Bài hát được khán giả yêu thích.",
    "Dàn nhạc giao hưởng biểu diễn các bản nhạc cổ điển tại nhà hát lớn.",
    "Nữ ca sĩ giành giải thưởng âm nhạc cho ca khúc của năm.",
    "Liveshow của nam ca sĩ kéo dài ba tiếng với nhiều bài hát quen thuộc.",
]


def _write(root: Path, extra_theme: bool = False, music_examples: bool = False):
    """16 documents (a title line, three sentences, one furniture line), sentence-labelled."""
    corpora = root / "corpora"
    corpora.mkdir(parents=True)
    docs, records = [], []
    for n in range(16):
        theme = ("bong_da", "thoi_tiet", None, "bong_da")[n % 4]
        pool = {"bong_da": FOOTBALL, "thoi_tiet": WEATHER, None: NEUTRAL}[theme]
        lines = [f"Bản tin số {n}", pool[n % 6], NEUTRAL[(n + 1) % 6], pool[(n + 3) % 6], "Ảnh minh họa"]
        text = "\n".join(lines)
        sentences, pos = [], 0
        for i, line in enumerate(lines):
            sentences.append({"start": pos, "end": pos + len(line),
                              "themes": [theme] if theme and i in (1, 3) else []})
            pos += len(line) + 1
        docs.append({"id": f"tin-{n}", "text": text})
        records.append({"corpus": "tiny", "doc": f"tin-{n}", "start": 0, "end": len(text), "sha1": _sha(text),
                        "origin": "test", "sentences": sentences, "themes": [theme] if theme else []})
    (corpora / "tiny.jsonl").write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in docs), encoding="utf-8")
    (root / "sentences.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records),
                                          encoding="utf-8")
    tax = dict(TAXONOMY)
    if extra_theme:
        tax = {**TAXONOMY, "themes": TAXONOMY["themes"] + [
            {"id": "am_nhac", "name": "Âm nhạc", "description": "Ca nhạc.", "cues": ["ca sĩ"],
             **({"examples": MUSIC_EXAMPLES} if music_examples else {})}]}
    (root / "tiny.yaml").write_text(yaml.safe_dump(tax, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _train(root: Path):
    result = CliRunner().invoke(main, [
        "train-themes", "--taxonomy", str(root / "tiny.yaml"), "--sentences", str(root / "sentences.jsonl"),
        "--corpora", str(root / "corpora"), "--out", str(root / "model")])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    root = tmp_path_factory.mktemp("sentences")
    _write(root, extra_theme=True)
    result = _train(root)
    return root, result


def test_staged_model_trains_saves_and_loads(staged):
    root, _ = staged
    model, taxonomy = load_model(root / "model")
    assert model.staged and model.theme_ids == taxonomy.ids
    card = json.loads((root / "model" / "card.json").read_text(encoding="utf-8"))
    cv = card["report"]["cross_validated"]
    assert {"passages", "documents", "stage_one_sentences", "fixed_rule_documents"} <= set(cv)
    assert "Sentence model: per theme" in (root / "model" / "MODEL_CARD.md").read_text(encoding="utf-8")
    # the saved file holds plain arrays only
    with np.load(root / "model" / "model.npz", allow_pickle=False) as npz:
        assert {"stack_coef", "rollup_coef"} <= set(npz.files)


def test_theme_without_examples_is_named_at_training_time(staged):
    root, result = staged
    assert "no `examples:` in the taxonomy: am_nhac" in result.output
    model, _ = load_model(root / "model")
    sp = model.predict_many([["ca sĩ hát một bài"]])[0]
    assert sp[0][0, model.theme_ids.index("am_nhac")] < model.thresholds[model.theme_ids.index("am_nhac")]


def test_a_theme_added_with_examples_only_is_learned_from_them(tmp_path):
    """A user adds a theme to the taxonomy with a few `examples:` and no labelled sentence: the
    model gives it to sentences like the examples and not to others, and the card says how its
    threshold was chosen."""
    _write(tmp_path, extra_theme=True, music_examples=True)
    result = _train(tmp_path)
    assert "learned from the taxonomy's examples only: am_nhac" in result.output
    card = json.loads((tmp_path / "model" / "card.json").read_text(encoding="utf-8"))
    learned = card["report"]["example_themes"]
    assert set(learned) == {"am_nhac"} and learned["am_nhac"]["example_sentences"] == 7
    model, _ = load_model(tmp_path / "model")
    k = model.theme_ids.index("am_nhac")
    sentences = ["Nam ca sĩ hát ca khúc mới trong đêm nhạc tại nhà hát.", FOOTBALL[0], NEUTRAL[2], WEATHER[1]]
    (scores, _), = model.predict_many([sentences])
    assert scores[0, k] >= model.thresholds[k]
    assert (scores[1:, k] < model.thresholds[k]).all()
    assert not model.secondary_themes[k]


def test_a_sentence_naming_a_learned_themes_cue_is_no_negative_of_it():
    """The labelled documents were never read for a theme learned from examples: their sentences
    that name its cues are left out of its fit (weight 0), not taught as negatives."""
    from pipeline.themes.model import ThemeModel
    from pipeline.themes.training.data import LabelledDoc
    from pipeline.themes.training.train import _cued_unknown

    ids, cues = ["bong_da", "am_nhac"], {"bong_da": ["cầu thủ"], "am_nhac": ["ca sĩ"]}
    docs = [LabelledDoc(id=f"d{n}", corpus="t", passages=[f"ca sĩ hát ở hội diễn {n}", FOOTBALL[n].lower(),
                                                          NEUTRAL[n].lower()], themes=[set(), {"bong_da"}, set()])
            for n in range(6)]
    unknown = _cued_unknown(ids, docs, np.array([False, True]), cues)
    assert unknown[0] == [{"am_nhac"}, set(), set()]
    examples = [LabelledDoc(id="x", corpus="taxonomy", passages=["nam ca sĩ ra mắt bài hát mới"], themes=[{"am_nhac"}])]
    k = ids.index("am_nhac")

    def score(docs):
        model = ThemeModel(ids, cues=cues, min_df=1).fit(docs + examples)
        return model.score_many([["ca sĩ hát ở hội diễn"]])[0][0][0, k]

    as_negatives = score(docs)
    left_out = score([LabelledDoc(**{**d.__dict__, "unknown": u}) for d, u in zip(docs, unknown)])
    assert left_out > as_negatives


def test_furniture_list_and_filter():
    assert furniture_keys(), "corpora/lexicons/furniture.txt is shipped"
    for line in ("Ảnh minh họa", "Audio", "Điều chỉnh kích thước chữ", "  ẢNH MINH HỌA. ", "12/3", ""):
        assert is_furniture(line), line
    for line in ("Tỉnh tổ chức hội nghị về cải cách hành chính.", "Điều chỉnh kích thước chữ của văn bản quy phạm"):
        assert not is_furniture(line), line
    assert key("Ảnh: Minh họa!") == "ảnh minh họa"


def test_a_byline_is_furniture_and_a_heading_is_not():
    for line in ("Thanh Hải", "Hồng Nhung/TTXVN", "T.Bình (VOV)", "Lê Văn An."):
        assert is_furniture(line), line
    # a heading in capitals, a sentence in sentence case, a title-cased line too long for a name
    for line in ("CẢI CÁCH HÀNH CHÍNH", "Thi đua khen thưởng", "Văn Hóa Công Sở Mới Nhất Hôm Nay"):
        assert not is_furniture(line), line


def test_a_source_credit_alone_is_furniture_and_a_sentence_opening_with_theo_is_not():
    # a probe of archive articles: "(Theo Dân trí)" took budget revenue, "Theo Báo Giao thông" traffic safety
    for line in ("(Theo Dân trí)", "Theo Báo Giao thông", "Nguồn: Bloomberg.", "Theo Reuters/ AFP", "(theo Politico)"):
        assert is_furniture(line), line
    for line in ("Theo Bộ Tài chính, thu ngân sách năm nay tăng 12%.",
                 "Theo kế hoạch, tỉnh sẽ hoàn thành cải cách thủ tục hành chính trong năm 2024.",
                 "Theo Chủ tịch UBND tỉnh Nguyễn Văn An cho biết thu ngân sách đạt 120% kế hoạch năm"):
        assert not is_furniture(line), line


def test_stack_and_rollup_arrays():
    P = np.array([[0.9, 0.1], [0.2, 0.1], [0.1, 0.8]])
    F = stages.stack_features(P)
    assert F.shape == (3, 2, 2 * stages.N_STACK)
    assert F[1, 0, 1] == 0.9 and F[1, 1, 2] == 0.8          # previous, next
    assert F[2, 0, 3] == 0.9                                   # window max reaches two back
    assert (F[:, 0, 6] == 0.9).all()                           # the title (first sentence)
    R = stages.rollup_features(P, np.array([0.5, 0.5]), margins=False)   # format 2: raw scores
    assert R.shape == (2, stages.N_ROLLUP + 2)
    np.testing.assert_allclose(R[:, 0], [0.9, 0.8])            # max
    np.testing.assert_allclose(R[:, 4], [0.2, 0.2])            # count above threshold / 5
    # format 3: margins over each theme's own threshold, so one slope reads every theme alike
    th = np.array([0.5, 0.95])
    R = stages.rollup_features(P, th)
    np.testing.assert_allclose(R[:, 0], [np.log(9), np.log(4) - np.log(19)])   # logit(max) - logit(thr)
    np.testing.assert_allclose(R[:, 5], [np.log(9), np.log(1 / 9) - np.log(19)])  # the title's margin
    assert R[1, 4] == 0                                        # 0.8 is below theme 2's threshold
    empty = stages.rollup_features(np.zeros((0, 2)), th)
    assert (empty[:, [0, 1, 2, 5]] < -10).all() and (empty[:, [3, 4]] == 0).all()


def test_learned_rollup_one_strong_sentence_against_a_passing_mention():
    """A roll-up that weighs the best margin and the count: a document whose one sentence is
    clearly about a theme takes it; one that touches it in passing (a sentence just under the
    threshold, or just over it among many others) does not."""
    coef = np.zeros(stages.N_ROLLUP + 2)
    coef[0], coef[4], coef[3] = 1.0, 2.0, 1.0                  # best margin, count, share
    th = np.array([0.6, 0.6])

    def doc(strong, n=12, theme=0):
        P = np.full((n, 2), 0.05)
        P[n // 2, theme] = strong
        return P

    assert stages.rollup_predict(doc(0.995), th, None, coef, -3.0)[0] > 0.5        # one strong sentence
    assert stages.rollup_predict(doc(0.58), th, None, coef, -3.0)[0] < 0.5         # a mention in passing
    assert stages.rollup_predict(doc(0.62, n=40), th, None, coef, -3.0)[0] < 0.5   # barely over, long text
    assert stages.rollup_predict(doc(0.995), th, None, coef, -3.0)[1] < 0.5        # the other theme stays out
    assert stages.stack_features(np.zeros((0, 2))).shape == (0, 2, 2 * stages.N_STACK)


def test_readable_labels_in_text_json_keeps_codes():
    record = {"id": "x", "sentences": [], "entities": [], "officials": [],
              "passages": [{"start": 0, "end": 4, "themes": [{"id": "cai_cach_hanh_chinh", "score": 0.9}]}],
              "themes": [{"id": "cai_cach_hanh_chinh", "score": 0.9}]}
    name = theme_name("cai_cach_hanh_chinh")
    assert name != "cai_cach_hanh_chinh" and "hành chính" in name.lower()
    text = to_text(record, "abcd efgh")
    assert name in text and "cai_cach_hanh_chinh" not in text
    assert theme_name("khong_co") == "khong_co"


def test_sentence_themes_in_record_and_passages_are_runs(nlp):
    from pipeline.output.record import build_record

    text = ("Thủ tướng chỉ đạo đẩy mạnh cải cách hành chính, cắt giảm thủ tục hành chính.\n"
            "Các bộ phải công khai thủ tục hành chính và giải quyết hồ sơ trực tuyến.\n"
            "Ảnh minh họa\nĐiều chỉnh kích thước chữ\nAudio")
    rec = build_record(nlp(text))
    assert all("themes" in s for s in rec["sentences"])
    by_span = {(s["start"], s["end"]): s["themes"] for s in rec["sentences"]}
    for s in rec["sentences"]:
        if is_furniture(text[s["start"]:s["end"]]):
            assert s["themes"] == []
    assert any(s["themes"] for s in rec["sentences"][:2])
    # each passage is a run of sentences with the same themes, and the passages cover the sentences
    for p in rec["passages"]:
        inside = [v for (a, b), v in by_span.items() if p["start"] <= a and b <= p["end"]]
        assert inside and all({t["id"] for t in v} == {t["id"] for t in p["themes"]} for v in inside)
    assert sum(1 for _ in rec["sentences"]) == sum(
        1 for s in rec["sentences"] for p in rec["passages"] if p["start"] <= s["start"] and s["end"] <= p["end"])
    import jsonschema
    schema = json.loads((Path(__file__).resolve().parents[1] / "pipeline/schema/record.schema.json").read_text())
    jsonschema.validate(rec, schema)


def test_a_line_that_only_names_an_agency_or_a_person_takes_no_theme(nlp):
    """A release's sign-off took the theme of the paragraph above it; a sentence naming the same
    agency among other words keeps its own."""
    from pipeline.output.record import build_record
    from pipeline.themes.furniture import names_only

    body = ("Cục Hải quan tỉnh Nam Hà đã phát hiện, xử lý 146 vụ buôn lậu, gian lận thương mại và hàng giả, "
            "trị giá hàng hóa vi phạm ước tính 9 tỷ đồng.")
    text = f"{body}\nCục Hải quan tỉnh Nam Hà\nNguyễn Thị Lan."
    rec = build_record(nlp(text))
    *_, sign_off, byline = rec["sentences"]
    assert text[sign_off["start"]:sign_off["end"]] == "Cục Hải quan tỉnh Nam Hà"
    assert sign_off["themes"] == [] and byline["themes"] == []
    assert rec["sentences"][0]["themes"]
    names = [(0, 12), (20, 26)]
    assert names_only("Cục Hải quan, Sở Y tế.", 0, 22, [(0, 12), (14, 21)])
    assert not names_only("Cục Hải quan họp với Sở Y tế", 0, 28, names)
    assert not names_only("Không có tên nào.", 0, 17, [])


@pytest.mark.parametrize("text", [
    "Ảnh minh họa\nAudio\nĐiều chỉnh kích thước chữ\nChia sẻ\nTin liên quan",   # only boilerplate
    "Chống.",                                                                       # one word
    "Tham nhũng.",                                                                  # one word, a cue
    "Buôn lậu\n",
    "The committee met on Tuesday to discuss the budget and administrative reform.",  # another language
    "",
])
def test_bad_inputs_get_no_theme(nlp, text):
    from pipeline.output.record import build_record

    rec = build_record(nlp(text))
    assert rec["themes"] == []
    assert all(not s.get("themes") for s in rec["sentences"])
    assert all(not p["themes"] for p in rec["passages"])


def test_sentence_themes_table_rows():
    from pipeline.io.tables import record_rows, to_arrow

    record = {"id": "d1", "title": None, "date": None, "source": None, "url": None, "entities": [],
              "officials": [], "passages": [], "themes": [],
              "sentences": [{"start": 0, "end": 4, "themes": []},
                            {"start": 5, "end": 9, "themes": [{"id": "chuyen_doi_so", "score": 0.81},
                                                              {"id": "cai_cach_hanh_chinh", "score": 0.6}]}]}
    rows = record_rows(record, "abcd efgh")["sentence_themes"]
    assert rows == [
        {"doc_id": "d1", "sentence_no": 1, "start": 5, "end": 9, "theme": "chuyen_doi_so", "score": 0.81},
        {"doc_id": "d1", "sentence_no": 1, "start": 5, "end": 9, "theme": "cai_cach_hanh_chinh", "score": 0.6}]
    assert to_arrow("sentence_themes", rows).num_rows == 2


def test_furniture_long_lines_are_cleared_early_and_short_ones_read_whole():
    most = max(len(k.split()) for k in furniture_keys())
    listed = sorted(furniture_keys(), key=lambda k: -len(k.split()))[0]
    # as many words as the longest entry: read whole, found; one word more: not furniture
    assert is_furniture(listed.upper() + " !")
    assert not is_furniture(listed + " thêm")
    # digits and punctuation are not words: a long line of them around a listed entry is furniture
    assert is_furniture("12/3/2020 — " + "1 2 3 " * most + listed + " (12)")
    assert not is_furniture(" ".join(["chữ"] * (most + 1)))
    assert is_furniture("--- 2020 --- ... ---" * 10)


def test_cue_trie_matches_like_a_longest_first_alternation():
    import random
    import re

    from pipeline.themes.cues import cue_pattern

    phrases = ["thu", "thu ngân sách", "thu ngân sách nhà nước", "ngân sách", "buôn lậu", "chống buôn lậu",
               "đạo đức", "đạo đức công vụ", "kỷ luật", "pci", "chỉ thị 05"]
    reference = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
                           + r")(?!\w)")
    trie = cue_pattern(phrases)
    rng = random.Random(7)
    words = ["thu", "ngân", "sách", "nhà", "nước", "buôn", "lậu", "chống", "đạo", "đức", "công", "vụ", "việc",
             "kỷ", "luật", "pci", "chỉ", "thị", "05", "050", "x", ",", "-"]
    for _ in range(500):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 12))).replace(" ,", ",")
        assert [(m.start(), m.group()) for m in trie.finditer(text)] == \
               [(m.start(), m.group()) for m in reference.finditer(text)], text
    assert cue_pattern([]) is None and cue_pattern([""]) is None


def test_a_document_theme_needs_a_sentence_that_takes_it():
    """`rollup_evidence`: a roll-up score over the document threshold files a theme only when one
    of the document's sentences takes it, so every document theme can be traced to a sentence."""
    model, _ = load_model()
    if not model.staged:
        pytest.skip("the passage model has no sentence themes")
    ids = list(model.theme_ids)
    scores = np.zeros(len(ids))
    scores[0] = 1.0                                       # the roll-up files theme 0 ...
    scores[1] = 1.0                                       # ... and theme 1
    units = [[], [(ids[1], 0.99)], []]                    # only theme 1 has a sentence
    assert {t for t, _ in model.doc_themes(scores, units)} == {ids[0], ids[1]}
    assert [t for t, _ in model.doc_themes(scores, units, evidence=True)] == [ids[1]]
    # with secondary themes a sentence's theme joins a filed document and keeps its evidence
    units = [[(ids[2], 0.97)], [(ids[1], 0.99)]]
    assert {t for t, _ in model.doc_themes(scores, units, secondary=True, evidence=True)} == {ids[1], ids[2]}


def test_a_theme_half_the_sentences_take_is_filed_whatever_the_rollup_says():
    """`rollup_majority`: a one-line dispatch about one theme is filed under it even where the roll-up
    (learned from long articles) scores it under the document threshold; a theme one sentence in
    three takes is left to the roll-up."""
    model, _ = load_model()
    if not model.staged:
        pytest.skip("the passage model has no sentence themes")
    ids = list(model.theme_ids)
    scores = np.zeros(len(ids))                          # the roll-up files nothing
    assert model.doc_themes(scores, [[(ids[3], 0.99)]], evidence=True) == []
    assert [t for t, _ in model.doc_themes(scores, [[(ids[3], 0.99)]], evidence=True, majority=True)] == [ids[3]]
    assert [t for t, _ in model.doc_themes(scores, [[(ids[3], 0.99)], []], majority=True)] == [ids[3]]
    assert model.doc_themes(scores, [[(ids[3], 0.99)], [], []], majority=True) == []
    # the shipped pipeline files the plain budget dispatch (its sentence takes the theme)
    from pipeline.language import analyze

    record = analyze("Ngày 2/2/2024, Cục Thuế tỉnh Bắc Ninh thông báo số thu ngân sách đạt 11 tỷ đồng, "
                     "bằng 21% dự toán.")
    if any(t["id"] == "thu_ngan_sach" for s in record["sentences"] for t in s.get("themes", [])):
        assert "thu_ngan_sach" in [t["id"] for t in record["themes"]]


def test_card_names_themes_below_aim_by_the_shipped_decision():
    from pipeline.themes.training.card import render_card

    def scores(a, b):
        return {"micro": {"p": 0.8, "r": 0.8, "f1": 0.8, "support": 9},
                "a": {"p": a, "r": a, "f1": a, "support": 4}, "b": {"p": b, "r": b, "f1": b, "support": 5}}

    cv = {k: scores(0.9, 0.9) for k in ("passages", "stage_one_sentences", "fixed_rule_documents",
                                          "union_documents")}
    cv["documents"] = scores(0.5, 0.9)          # the roll-up alone: a is low
    cv["shipped_documents"] = scores(0.8, 0.6)  # what the pipeline files: b is low
    card = {"themes": ["a", "b"], "trained_at": "now", "taxonomy": "t.yaml", "seconds": 1, "n_terms": 3,
            "data": [], "params": {}, "command": "vnmonitor train-themes",
            "report": {"staged": True, "folds": 5, "cross_validated": cv, "n_positive_sentences": {"a": 4, "b": 5},
                       "thresholds": {"a": 0.5, "b": 0.5}, "doc_thresholds": {"a": 0.5, "b": 0.5}}}
    text = render_card(card)
    line = next(l for l in text.splitlines() if l.startswith("Themes below"))
    assert line.endswith(": b")
    assert "| a | 4 | 0.900 | 0.900 | 0.500 | 0.900 | 0.900 | 0.800 |" in text


# --------------------------------------------------------------- the project's own written articles
WRITTEN_WEATHER = [
    "Sương muối phủ trắng đồi chè khiến nông dân lo mất mùa.",
    "Trận mưa đá bất ngờ làm hư hại hàng trăm mái nhà.",
    "Gió mùa đông bắc mạnh lên, vùng núi có băng giá.",
]


def _write_written(root: Path) -> Path:
    """Six written articles (text inline): three about the weather in words the standoff corpus never
    uses, three neutral."""
    records = []
    for n in range(6):
        lines = [f"Tin viết số {n}", *(WRITTEN_WEATHER if n < 3 else NEUTRAL[n:n + 3])]
        text, sentences = "", []
        for i, line in enumerate(lines):
            if text:
                text += "\n"
            sentences.append({"start": len(text), "end": len(text) + len(line),
                              "themes": ["thoi_tiet"] if n < 3 and i > 0 else []})
            text += line
        records.append({"id": f"viet-{n}", "origin": "test", "text": text, "sentences": sentences,
                        "themes": ["thoi_tiet"] if n < 3 else []})
    path = root / "written-test.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    return path


def test_written_articles_train_stage_one_and_are_never_scored(tmp_path):
    _write(tmp_path)
    written = _write_written(tmp_path)
    base = ["train-themes", "--taxonomy", str(tmp_path / "tiny.yaml"), "--sentences",
            str(tmp_path / "sentences.jsonl"), "--corpora", str(tmp_path / "corpora")]
    runs = {}
    for name, extra in (("without", ["--written", "none"]), ("with", ["--written", str(written)])):
        result = CliRunner().invoke(main, base + extra + ["--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        card = json.loads((tmp_path / name / "card.json").read_text(encoding="utf-8"))
        model, _ = load_model(tmp_path / name)
        k = model.theme_ids.index("thoi_tiet")
        runs[name] = (card, model.predict_many([[WRITTEN_WEATHER[1]]])[0][0][0, k])
    (card_without, score_without), (card_with, score_with) = runs["without"], runs["with"]
    assert any("written articles" in line and "6 articles" in line for line in card_with["data"])
    # the written articles train stage one: their words now point at the theme
    assert score_with > score_without
    # and they are never scored: the cross-validated figures count the standoff documents only
    for card in (card_without, card_with):
        assert card["report"]["n_documents"] == 16
    assert card_with["report"]["n_extra_documents"] == 6
    assert card_with["report"]["cross_validated"]["documents"]["thoi_tiet"]["support"] == \
        card_without["report"]["cross_validated"]["documents"]["thoi_tiet"]["support"]


def test_a_written_sentence_outside_its_text_is_refused(tmp_path):
    from pipeline.themes.taxonomy import load_taxonomy
    from pipeline.themes.training.data import DataError, resolve_written_files

    _write(tmp_path)
    path = tmp_path / "written-bad.jsonl"
    path.write_text(json.dumps({"id": "x", "text": "Ngắn.", "themes": [],
                                "sentences": [{"start": 0, "end": 40, "themes": []}]}), encoding="utf-8")
    with pytest.raises(DataError, match="outside the text"):
        resolve_written_files([path], load_taxonomy(tmp_path / "tiny.yaml"))


@pytest.mark.parametrize("change, message", [
    ({"sha1": "0000000000"}, "does not match"),        # the corpus text is not the labelled one
    ({"end": 10 ** 6}, "outside document"),            # the span runs past the document
])
def test_a_sentence_record_that_does_not_fit_its_document_is_refused(tmp_path, change, message):
    from pipeline.themes.taxonomy import load_taxonomy
    from pipeline.themes.training.data import DataError, resolve_sentence_files

    _write(tmp_path)
    path = tmp_path / "sentences.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    taxonomy = load_taxonomy(tmp_path / "tiny.yaml")
    assert len(resolve_sentence_files([path], taxonomy, tmp_path / "corpora")[0]) == 16
    records[3].update(change)
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    with pytest.raises(DataError, match=f"sentences.jsonl:4: .*{message}"):
        resolve_sentence_files([path], taxonomy, tmp_path / "corpora")


def test_written_spec_offsets_point_at_each_sentence(tmp_path, monkeypatch):
    import sys

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent / "scripts"))
    sys.modules.pop("theme_label", None)
    import theme_label

    spec = tmp_path / "spec.txt"
    spec.write_text("== a-01\nORIGIN: positive:chuyen_doi_so\nTITLE: {chuyen_doi_so} Tỉnh mở cổng dịch vụ công\n"
                    "[S] {chuyen_doi_so, cai_cach_hanh_chinh} Người dân nộp hồ sơ trực tuyến.\n[S] Ông A cho biết.\n\n"
                    "[S] Hết giờ.\nTHEMES: chuyen_doi_so\n", encoding="utf-8")
    (record,) = theme_label.parse_written(spec)
    sents = [record["text"][s["start"]:s["end"]] for s in record["sentences"]]
    assert sents == ["Tỉnh mở cổng dịch vụ công", "Người dân nộp hồ sơ trực tuyến.", "Ông A cho biết.", "Hết giờ."]
    assert [s["themes"] for s in record["sentences"]] == [["chuyen_doi_so"], ["chuyen_doi_so", "cai_cach_hanh_chinh"],
                                                          [], []]
    assert record["text"].count("\n") == 2 and record["themes"] == ["chuyen_doi_so"]
    spec.write_text("== a-02\n[S] {khong_co} Câu.\nTHEMES:\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="unknown theme ids"):
        theme_label.parse_written(spec)


def test_secondary_themes_are_chosen_per_theme_where_they_help():
    from pipeline.themes.training.train import choose_secondary

    # 20 documents, three themes. The roll-up files each under theme 0 alone; theme 1's sentences
    # mark documents filed under it (secondary helps), theme 2's are stray sentences (it hurts);
    # theme 2 also has two documents of its own, which the roll-up files itself.
    n = 20
    rolled = np.zeros((n, 3), dtype=bool)
    rolled[:, 0] = True
    counts = np.zeros((n, 3), dtype=int)
    Y = np.zeros((n, 3), dtype=int)
    Y[:, 0] = 1
    counts[:, 0] = 2
    counts[::2, 1] = 1
    Y[::2, 1] = 1
    counts[1::4, 2] = 1
    rolled[[3, 4], 2] = True
    Y[[3, 4], 2] = 1
    counts[[3, 4], 2] = 3
    mask, nested = choose_secondary(rolled, counts, Y, np.arange(n) % 5, 5)
    assert mask.tolist() == [True, True, False]
    assert (nested[:, 1] == Y[:, 1].astype(bool)).all() and not nested[1::4, 2].any() and nested[[3, 4], 2].all()
    # the pipeline's filing reads the same choice
    filed = stages.file_documents(rolled, counts, secondary=mask, evidence=True)
    assert (filed == nested).all()
    assert stages.file_documents(rolled, counts, secondary=True, evidence=True)[1::4, 2].all()


def test_a_model_keeps_its_secondary_themes(staged):
    root, _ = staged
    model, _ = load_model(root / "model")
    from pipeline.themes.model import ThemeModel

    model.secondary_themes = np.array([k == 0 for k in range(len(model.theme_ids))])
    back = ThemeModel.from_state(model.to_state())
    assert back.secondary_themes.tolist() == model.secondary_themes.tolist()
    first, second = model.theme_ids[0], model.theme_ids[1]
    scores = np.zeros(len(model.theme_ids))
    scores[model.theme_ids.index(first)] = 1.0                      # filed under the first theme
    units = [[(first, 0.9)], [(second, 0.8)]]                       # a sentence takes the second
    got = {t for t, _ in back.doc_themes(scores, units, secondary=True, evidence=True)}
    assert got == {first}
    back.secondary_themes[:] = True
    assert {t for t, _ in back.doc_themes(scores, units, secondary=True, evidence=True)} == {first, second}
    assert {t for t, _ in back.doc_themes(scores, units, secondary=False, evidence=True)} == {first}


def test_rollup_features_put_the_topic_weights_in_each_themes_own_block():
    P = np.array([[0.9, 0.1, 0.2], [0.3, 0.8, 0.1]])
    thresholds = np.array([0.5, 0.5, 0.5])
    topic = np.array([0.6, -0.8])
    plain = stages.rollup_features(P, thresholds)
    F = stages.rollup_features(P, thresholds, topic=topic)
    T, K = 3, 2
    assert F.shape == (T, stages.N_ROLLUP + T + T * K)
    assert np.array_equal(F[:, :stages.N_ROLLUP + T], plain)
    blocks = F[:, stages.N_ROLLUP + T:].reshape(T, T, K)
    for t in range(T):
        assert np.array_equal(blocks[t, t], topic)
        assert not np.any(np.delete(blocks[t], t, axis=0))
    # the roll-up weights of a topic block move only its own theme's score
    coef = np.zeros(stages.N_ROLLUP + T + T * K)
    coef[stages.N_ROLLUP + T + 1 * K] = 3.0                       # theme 1, first topic
    moved = stages.rollup_predict(P, thresholds, None, coef, 0.0, topic=topic)
    still = stages.rollup_predict(P, thresholds, None, coef, 0.0, topic=np.zeros(K))
    assert moved[1] > still[1] and np.allclose(moved[[0, 2]], still[[0, 2]])


def test_rollup_predict_is_the_product_with_the_features_training_fits_on():
    """The pipeline's roll-up skips building the one-hot and topic blocks; its scores must stay those of
    the logistic regression over `rollup_features` rows, the matrix the roll-up was fitted on."""
    rng = np.random.default_rng(7)
    T, K = 4, 3
    thresholds = rng.uniform(0.3, 0.95, T)
    for n, topic in ((0, None), (1, None), (5, None), (0, rng.normal(size=K)), (6, rng.normal(size=K))):
        P = rng.random((n, T))
        for margins in (True, False):
            coef = rng.normal(size=stages.N_ROLLUP + T + (T * K if topic is not None else 0))
            fitted_on = stages.rollup_features(P, thresholds, None, margins, topic)
            expected = 1 / (1 + np.exp(-(fitted_on @ coef + 0.4)))
            got = stages.rollup_predict(P, thresholds, None, coef, 0.4, margins, topic)
            assert got.shape == (T,) and np.allclose(got, expected, rtol=0, atol=1e-12)


def test_topics_are_learned_from_the_archive_and_read_by_the_rollup(staged):
    """The staged model's topics come from its corpora's documents; a document's topic weights are
    its whole text's TF-IDF row projected on them, the same on the fast scoring path, through the
    roll-up and after a save and load."""
    from pipeline.themes.model import ThemeModel

    root, _ = staged
    model, _ = load_model(root / "model")
    assert model.has_topics and model.topics_.shape[1] == model.n_terms
    K, T = model.topics_.shape[0], len(model.theme_ids)
    assert 1 <= K <= 15                                  # at most one fewer than the 16 archive documents
    assert model.rollup_coef_.shape == (stages.N_ROLLUP + T + K * T,)
    one = [["đội bóng đá của tỉnh thắng trận mở màn với hai bàn thắng."],
           ["mưa lớn kéo dài khiến nhiều tuyến đường ngập sâu."], []]
    Z = model.topic_vectors(one)
    for row, doc in zip(Z[:2], one[:2]):
        x = model.transform(doc).toarray()[0] @ model.topics_.T
        assert np.allclose(row, x / np.linalg.norm(x) * model.topic_scale, atol=1e-6)
        # one document alone (the pipeline's call, its own path) reads as it does among others
        assert np.allclose(model.topic_vectors([doc])[0], row, rtol=0, atol=1e-12)
    assert not Z[2].any()                                 # no sentence: no topic
    docs = [FOOTBALL[:3], WEATHER[1:4], NEUTRAL[:2]]
    docs = [[s.lower() for s in d] for d in docs]
    scored, topics = model._score_many(docs, with_topics=True)
    assert np.allclose(topics, model.topic_vectors(docs))
    assert [np.allclose(p, q) for (p, _), (q, _) in zip(scored, model.score_many(docs))] == [True] * 3
    predicted = model.predict_many(docs)
    for (P1, _), z, (P2, doc) in zip(scored, topics, predicted):
        expected = stages.rollup_predict(stages.stack_predict(P1, model.stack_coef_, model.stack_intercept_),
                                         model.thresholds, None, model.rollup_coef_, model.rollup_intercept_,
                                         topic=z)
        assert np.allclose(doc, expected)
    again = ThemeModel.from_state(model.to_state())
    assert all(np.allclose(a[1], b[1]) for a, b in zip(again.predict_many(docs), predicted))


def test_rollup_repeats_first_partition_is_the_cards_and_others_redraw_the_folds(tmp_path):
    from pipeline.themes.training.train import rollup_repeats, train_from_files

    _write(tmp_path)
    captured: dict = {}
    card = train_from_files(taxonomy_path=tmp_path / "tiny.yaml", sentence_files=[tmp_path / "sentences.jsonl"],
                            corpora_dir=tmp_path / "corpora", out_dir=tmp_path / "model", written_files=[],
                            capture=captured)
    assert {"Xr", "Yd", "counts", "sizes", "labelled_rows", "fold_of_doc", "folds", "theme_ids"} <= set(captured)
    runs = rollup_repeats(captured, repeats=3, seed=1)
    shipped = card["report"]["cross_validated"]["shipped_documents"]
    assert set(runs) == {"micro", *captured["theme_ids"]}
    assert all(len(v) == 3 and all(0.0 <= x <= 1.0 for x in v) for v in runs.values())
    # the first partition is training's own: the card's figures, theme by theme
    for name, values in runs.items():
        assert round(values[0], 4) == shipped[name]["f1"]
    # the others are other partitions of the same documents (the same seed draws the same ones)
    again = rollup_repeats(captured, repeats=3, seed=1)
    assert again == runs


def test_rollup_repeats_scores_training_s_partition_first_then_seeded_redraws():
    from pipeline.themes.training.train import rollup_repeats

    rng = np.random.default_rng(7)
    n, T, f = 300, 2, 3
    Yd = rng.random((n, T)) < 0.3
    # a weak signal per (document, theme) row: the roll-up learns something, folds matter
    Xr = (Yd.reshape(-1, 1) * 0.8 + rng.normal(size=(n * T, f))).astype(float)
    captured = {"Xr": Xr, "Yd": Yd, "counts": Yd.astype(int) + (rng.random((n, T)) < 0.2),
                "sizes": np.full(n, 10), "labelled_rows": np.ones(n * T, dtype=bool), "folds": 5,
                "theme_ids": ["a", "b"]}
    first = rollup_repeats({**captured, "fold_of_doc": np.arange(n) % 5}, repeats=3, seed=3)
    other = rollup_repeats({**captured, "fold_of_doc": (np.arange(n) // 60) % 5}, repeats=3, seed=3)
    assert first["micro"][0] != other["micro"][0]          # the first partition is the one given
    assert first["micro"][1:] == other["micro"][1:]        # the redraws depend on the seed alone
    assert len(set(first["micro"])) > 1                     # and differ from each other
