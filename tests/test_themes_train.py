"""Retraining on a tiny taxonomy and corpus written for this test; the saved model loads and predicts."""
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.text import normalize
from pipeline.themes.training.data import DataError, passage_texts, resolve_labels
from pipeline.themes.store import ModelError, load_model
from pipeline.themes.taxonomy import from_dict

TAXONOMY = {
    "version": 1,
    "themes": [
        {"id": "bong_da", "name": "Bóng đá", "description": "Trận đấu, cầu thủ, giải bóng đá.",
         "cues": ["bóng đá", "cầu thủ", "bàn thắng"],
         "examples": ["Cầu thủ trẻ ghi bàn thắng quyết định cho đội bóng đá của tỉnh."]},
        {"id": "thoi_tiet", "name": "Thời tiết", "description": "Mưa, nắng, bão, nhiệt độ.",
         "cues": ["mưa lớn", "nắng nóng", "nhiệt độ"], "aliases": ["khi_hau"]},
    ],
}

FOOTBALL = [
    "Đội bóng đá của tỉnh thắng trận mở màn với hai bàn thắng.",
    "Huấn luyện viên khen các cầu thủ trẻ đá rất nhanh và quyết tâm.",
    "Tiền đạo ghi bàn thắng ở phút cuối khiến khán giả trên sân reo hò.",
    "Giải bóng đá học sinh thu hút nhiều đội tham gia trong mùa hè.",
    "Thủ môn cản phá quả phạt đền, cầu thủ hai đội bắt tay sau trận.",
    "Câu lạc bộ bóng đá công bố danh sách cầu thủ cho vòng loại.",
]
WEATHER = [
    "Mưa lớn kéo dài khiến nhiều tuyến đường ngập sâu.",
    "Nắng nóng gay gắt, nhiệt độ ngoài trời vượt bốn mươi độ.",
    "Đài khí tượng dự báo bão sẽ đổ bộ vào đêm mai kèm gió giật mạnh.",
    "Không khí lạnh tràn về làm nhiệt độ giảm sâu ở vùng núi.",
    "Mưa lớn gây sạt lở đất, người dân được sơ tán khỏi vùng nguy hiểm.",
    "Đợt nắng nóng làm nhu cầu dùng điện tăng cao trong tuần.",
]
NEUTRAL = [
    "Chợ phiên họp vào sáng chủ nhật hằng tuần.",
    "Thư viện mở cửa thêm một phòng đọc cho trẻ em.",
    "Nhà văn ra mắt tập truyện ngắn mới tại hiệu sách.",
    "Cửa hàng bánh mì đông khách từ sáng sớm.",
    "Lớp học vẽ dành cho người cao tuổi được mở thêm.",
    "Con đường làng được trồng thêm hàng cây xanh.",
]


def _sha(text):
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def _write_data(root: Path, theme_alias: str = "thoi_tiet"):
    """12 short documents (title + 2 paragraphs), standoff labels, document labels."""
    corpora = root / "corpora"
    corpora.mkdir(parents=True)
    docs, labels, doc_labels = [], [], []
    for n in range(12):
        theme = ("bong_da", theme_alias, None)[n % 3]
        pool = {"bong_da": FOOTBALL, theme_alias: WEATHER, None: NEUTRAL}[theme]
        body = [pool[n // 3 % 6], NEUTRAL[(n + 1) % 6], pool[(n // 3 + 3) % 6]]
        text = f"Bản tin số {n}\n" + "\n".join(body)
        doc_id = f"tin-{n}"
        docs.append({"id": doc_id, "text": text})
        pos = 0
        for i, line in enumerate(text.split("\n")):
            themes = [theme] if theme and i in (1, 3) else []
            labels.append({"corpus": "tiny", "doc": doc_id, "start": pos, "end": pos + len(line),
                           "themes": themes, "sha1": _sha(line)})
            pos += len(line) + 1
        doc_labels.append({"corpus": "tiny", "doc": doc_id, "themes": [theme] if theme else []})
    (corpora / "tiny.jsonl").write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in docs), encoding="utf-8")
    for name, rows in (("labels.jsonl", labels), ("docs.jsonl", doc_labels)):
        (root / name).write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    tax = root / "tiny.yaml"
    tax.write_text(yaml.safe_dump(TAXONOMY, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return tax


def _train(root: Path, out: str):
    result = CliRunner().invoke(main, [
        "train-themes", "--taxonomy", str(root / "tiny.yaml"), "--labels", str(root / "labels.jsonl"),
        "--doc-labels", str(root / "docs.jsonl"), "--corpora", str(root / "corpora"), "--out", str(root / out)])
    assert result.exit_code == 0, result.output
    return root / out


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny")
    _write_data(root)
    return root, _train(root, "model")


def test_retrain_writes_model_card_and_taxonomy(tiny):
    root, out = tiny
    assert (out / "model.npz").exists()
    card = json.loads((out / "card.json").read_text(encoding="utf-8"))
    assert card["themes"] == ["bong_da", "thoi_tiet"]
    assert set(card["report"]["thresholds"]) == {"bong_da", "thoi_tiet"}
    assert "held_out" in card["report"] or "cross_validated" in card["report"]
    md = (out / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "bong_da" in md and "Thresholds" in md
    assert load_model(out)[1].ids == ["bong_da", "thoi_tiet"]


def test_retrained_model_recognises_new_sentences(tiny):
    _, out = tiny
    model, _ = load_model(out)
    texts = ["Tin vắn hôm nay",
             "Cầu thủ đội nhà ghi ba bàn thắng trong trận bóng đá tối qua.",
             "Chiều nay mưa lớn, nhiệt độ giảm mạnh so với hôm trước.",
             "Hiệu sách mở thêm quầy bán truyện tranh."]
    probs, doc_scores = model.score(passage_texts(normalize("\n".join(texts)), _line_spans(texts)))
    football, weather = model.theme_ids.index("bong_da"), model.theme_ids.index("thoi_tiet")
    assert probs[1, football] > probs[1, weather]
    assert probs[2, weather] > probs[2, football]
    assert probs[1, football] > probs[3, football] and probs[2, weather] > probs[3, weather]
    assert "bàn thắng" in model.explain(passage_texts(normalize(texts[1]), [(0, len(texts[1]))])[0], "bong_da")


def _line_spans(lines):
    spans, pos = [], 0
    for line in lines:
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def test_retrain_is_deterministic(tiny):
    root, out = tiny
    again = _train(root, "model-again")
    a, b = load_model(out)[0], load_model(again)[0]
    assert np.array_equal(a.coef_, b.coef_)
    assert np.array_equal(a.thresholds, b.thresholds)
    card_a = json.loads((out / "card.json").read_text(encoding="utf-8"))["report"]
    card_b = json.loads((again / "card.json").read_text(encoding="utf-8"))["report"]
    assert card_a == card_b


def test_labels_follow_aliases_and_dropped_themes_are_ignored(tmp_path):
    _write_data(tmp_path, theme_alias="khi_hau")  # labels written with the theme's former id
    tx = from_dict(TAXONOMY)
    docs, report = resolve_labels([tmp_path / "labels.jsonl"], [tmp_path / "docs.jsonl"], tx, tmp_path / "corpora")
    assert any("thoi_tiet" in ts for d in docs for ts in d.themes)
    assert report["dropped_themes"] == []
    only_football = from_dict({"version": 1, "themes": [TAXONOMY["themes"][0]]})
    docs, report = resolve_labels([tmp_path / "labels.jsonl"], [tmp_path / "docs.jsonl"], only_football,
                                  tmp_path / "corpora")
    assert report["dropped_themes"] == ["khi_hau"]
    assert all(ts <= {"bong_da"} for d in docs for ts in d.themes)


def test_a_label_whose_text_changed_is_refused(tmp_path):
    _write_data(tmp_path)
    rows = [json.loads(line) for line in (tmp_path / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
    rows[1]["sha1"] = "0000000000"
    (tmp_path / "labels.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    with pytest.raises(DataError, match="sha1"):
        resolve_labels([tmp_path / "labels.jsonl"], [], from_dict(TAXONOMY), tmp_path / "corpora")
    result = CliRunner().invoke(main, [
        "train-themes", "--taxonomy", str(tmp_path / "tiny.yaml"), "--labels", str(tmp_path / "labels.jsonl"),
        "--corpora", str(tmp_path / "corpora"), "--out", str(tmp_path / "m")])
    assert result.exit_code != 0 and "sha1" in result.output and "Traceback" not in result.output


def test_taxonomy_examples_alone_train_a_model(tmp_path):
    tax = tmp_path / "ex.yaml"
    data = {"version": 1, "themes": [
        {**TAXONOMY["themes"][0], "examples": FOOTBALL[:3]},
        {**TAXONOMY["themes"][1], "examples": WEATHER[:3]}]}
    tax.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(main, ["train-themes", "--taxonomy", str(tax), "--labels", "none",
                                       "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    model, _ = load_model(tmp_path / "m")
    probs, _ = model.score([normalize(FOOTBALL[4]).text.lower(), normalize(WEATHER[4]).text.lower()])
    assert probs[0, 0] > probs[0, 1] and probs[1, 1] > probs[1, 0]


def test_a_model_file_with_foreign_types_is_refused(tmp_path):
    from fractions import Fraction

    (tmp_path / "themes.yaml").write_text(yaml.safe_dump(TAXONOMY, allow_unicode=True), encoding="utf-8")
    # an object array would need unpickling to load: refused without running it
    np.savez(tmp_path / "model.npz", meta=np.array("{}"), terms=np.array(["a"]),
             odd=np.array([Fraction(1, 3)], dtype=object))
    with pytest.raises(ModelError, match="not a usable theme model.*unpickling would read .never done"):
        load_model(tmp_path)
    # a file of text is no archive: numpy's "pickled data ... load it unsafely" is not passed on
    (tmp_path / "model.npz").write_text("notnpz\n", encoding="utf-8")
    with pytest.raises(ModelError, match="not an archive of the model's arrays") as refused:
        load_model(tmp_path)
    assert "unsafely" not in str(refused.value)
    np.savez(tmp_path / "model.npz", meta=np.array('{"format": 1}'), terms=np.array(["a"]))
    with pytest.raises(ModelError, match="not a usable theme model.*unexpected fields"):
        load_model(tmp_path)
    (tmp_path / "model.npz").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ModelError, match="not a usable theme model"):
        load_model(tmp_path)
    with pytest.raises(ModelError, match="no theme model"):
        load_model(tmp_path / "elsewhere")
    (tmp_path / "model.npz").unlink()
    (tmp_path / "model.skops").write_bytes(b"old")
    with pytest.raises(ModelError, match="vnmonitor 0.1.*train-themes"):
        load_model(tmp_path)



@pytest.mark.parametrize("field", ["idf", "thresholds", "doc_thresholds", "intercept"])
def test_a_model_whose_arrays_do_not_match_its_vocabulary_is_refused(tiny, tmp_path, field):
    """The compiled scoring loops index these arrays by term or theme without bounds checks: a model
    file whose arrays are one entry longer is refused with a clear error, not read past its end."""
    from pipeline.themes.store import read_state, write_state

    _, out = tiny
    state = read_state(out / "model.npz")
    state[field] = np.append(np.asarray(state[field]), 1.0)
    bad = tmp_path / "bad"
    bad.mkdir()
    write_state(state, bad / "model.npz")
    (bad / "themes.yaml").write_text((out / "themes.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ModelError, match="not a usable theme model.*do not match its vocabulary"):
        load_model(bad)

@pytest.mark.parametrize("ngram_max", [1, 2, 3])
def test_analyzer_reads_the_same_features_as_sklearn(ngram_max):
    from sklearn.feature_extraction.text import TfidfVectorizer

    from pipeline.themes.model import TOKEN_PATTERN, analyzer

    reference = TfidfVectorizer(lowercase=False, token_pattern=TOKEN_PATTERN,
                                ngram_range=(1, ngram_max)).build_analyzer()
    texts = ["", "một", "Bộ Tài chính thu 1.234,5 tỷ đồng (tăng 12%)!", "a_b c-d  e\tf\ng",
             "thu ngân sách thu ngân sách", "ĐẢNG ủy   khối, cơ quan; 2024/11/27", "☂ ☂ x"]
    for text in texts:
        assert analyzer(ngram_max)(text) == reference(text), text


def test_fast_scoring_path_equals_the_explicit_features(tiny):
    _, out = tiny
    model, _ = load_model(out)
    docs = [[normalize(t).text.lower() for t in FOOTBALL[:3] + NEUTRAL[:2]],
            [normalize(WEATHER[0]).text.lower()],
            ["", normalize(NEUTRAL[3] + " " + WEATHER[2]).text.lower()]]
    flat = [t for d in docs for t in d] + ["", "xyz"]
    sklearn_vectorizer = model._new_vectorizer(vocabulary=model.vocabulary_)
    sklearn_vectorizer.idf_ = model.idf_.astype(np.float64)
    assert np.allclose(model.transform(flat).toarray(), sklearn_vectorizer.transform(flat).toarray(), atol=1e-6)
    for (fast, _), slow in zip(model.score_many(docs), model.score_explicit(docs)):
        assert np.allclose(fast, slow, atol=1e-5)


def _labelled_docs(n: int = 9, headed: bool = True):
    """The test taxonomy, its cues, and `n` short labelled documents (football, weather, neither),
    each opening with a headline passage when `headed`."""
    from pipeline.themes.training.data import LabelledDoc

    tax = from_dict(TAXONOMY)
    docs = []
    for k in range(n):
        pool, theme = ((FOOTBALL, "bong_da"), (WEATHER, "thoi_tiet"), (NEUTRAL, None))[k % 3]
        about = {theme} if theme else set()
        texts = [pool[k % 6], NEUTRAL[k % 6], pool[(k + 2) % 6]]
        themes = [about, set(), about]
        if headed:
            texts, themes = [f"Bản tin số {k}"] + texts, [set()] + themes
        docs.append(LabelledDoc(id=f"d{k}", corpus="t", passages=[normalize(t).text.lower() for t in texts],
                                themes=themes, doc_themes=about))
    return tax, {t.id: list(t.cues) for t in tax}, docs


@pytest.mark.parametrize("params", [
    {"doc_weight": 0.0, "doc_C": 0.0},                       # sentence and neighbours only
    {"doc_weight": 0.0, "doc_C": 0.0, "title_weight": 0.4},  # with the title block
    {"doc_weight": 0.5, "doc_C": 0.0, "title_weight": 0.4},  # all blocks, no document classifier
])
def test_fast_scoring_path_equals_the_explicit_features_for_every_block_layout(params):
    from pipeline.themes.model import ThemeModel

    tax, cues, docs = _labelled_docs()
    model = ThemeModel(tax.ids, cues=cues, **params).fit(docs)
    assert model.coef_.shape[0] == len(model.blocks) * model.n_terms + 3 * len(tax.ids)
    assert model.doc_coef_.shape == (0, len(tax.ids))
    batch = [d.passages for d in docs[:4]] + [[], ["", "một"], [docs[5].passages[1]]]
    for (fast, _), slow in zip(model.score_many(batch), model.score_explicit(batch)):
        assert np.allclose(fast, slow, atol=1e-5)
    # one document at a time gives what the batch gives
    for doc_passages, (fast, _) in zip(batch, model.score_many(batch)):
        assert np.allclose(model.score_many([doc_passages])[0][0], fast, atol=1e-9)
    # the layout survives saving
    from pipeline.themes.model import ThemeModel as M

    again = M.from_state(model.to_state())
    assert again.blocks == model.blocks
    assert np.allclose(again.score_many(batch[:1])[0][0], model.score_many(batch[:1])[0][0], atol=1e-6)


def test_heaviest_keeps_each_rows_largest_entries_with_their_values():
    import scipy.sparse as sp

    from pipeline.themes.model import _heaviest

    m = sp.random(40, 200, density=0.2, random_state=3, format="csr", dtype=np.float32)
    m.data = np.round(m.data * 4) / 4 + 0.25   # equal values in a row: the lower column is kept
    for k in (1, 4, 30):
        kept = _heaviest(m, k)
        for r in range(m.shape[0]):
            row = m[r].toarray().ravel()
            best = sorted(np.flatnonzero(row), key=lambda j: (-row[j], j))[:k]
            expected = np.zeros_like(row)
            expected[best] = row[best]
            assert np.array_equal(kept[r].toarray().ravel(), expected)
    assert _heaviest(m, 0) is m and _heaviest(m, 10_000).nnz == m.nnz


def test_fit_doc_terms_thins_only_the_training_matrix():
    """`fit_doc_terms` keeps each document's heaviest terms in the document block `fit` learns from;
    scoring reads whole documents, as the explicit features without the option do."""
    from pipeline.themes.model import ThemeModel

    tax, cues, docs = _labelled_docs()
    params = {"doc_weight": 0.5, "doc_C": 0.0}
    whole = ThemeModel(tax.ids, cues=cues, **params).fit(docs)
    thin = ThemeModel(tax.ids, cues=cues, fit_doc_terms=3, **params).fit(docs)
    texts, sizes = [t for d in docs for t in d.passages], [len(d.passages) for d in docs]
    V = thin.n_terms
    X, _ = thin._features(texts, sizes, heaviest=3)
    assert X[:, 2 * V:3 * V].getnnz(axis=1).max() == 3
    assert X[:, :2 * V].nnz == whole._features(texts, sizes)[0][:, :2 * V].nnz   # the other blocks whole
    assert not np.allclose(thin.coef_, whole.coef_)
    batch = [d.passages for d in docs[:4]]
    for (fast, _), slow in zip(thin.score_many(batch), thin.score_explicit(batch)):
        assert np.allclose(fast, slow, atol=1e-5)
    assert ThemeModel.from_state(thin.to_state()).fit_doc_terms == 3


@pytest.mark.parametrize("vocabulary", [
    ["thu", "ngân", "sách", "thu ngân", "ngân sách", "nhà", "nước"],   # every bigram made of known words
    ["thu", "ngân", "thu ngân", "ngân sách", "nước"],                 # "ngân sách" without "sách"
])
def test_bigram_lookup_by_word_pairs_equals_the_vectoriser(vocabulary):
    from pipeline.themes.model import ThemeModel

    model = ThemeModel(["a"])
    model.vocabulary_ = {t: i for i, t in enumerate(vocabulary)}
    model.idf_ = np.linspace(1.0, 2.0, len(vocabulary)).astype(np.float32)
    # a word known only inside a bigram keys its pairs without counting as a term
    assert model._bigram_table() is not None
    texts = ["thu ngân sách nhà nước, thu ngân sách", "", "nước", "sách ngân thu", "thu\nngân sách ngân sách",
             "x thu y ngân sách z"]
    reference = model._new_vectorizer(vocabulary=model.vocabulary_)
    reference.idf_ = model.idf_.astype(np.float64)
    assert np.allclose(model.transform(texts).toarray(), reference.transform(texts).toarray(), atol=1e-6)


def test_stage_one_fits_in_worker_processes_give_the_same_scores():
    from pipeline.themes.training.train import _stage_one_oof

    tax, cues, docs = _labelled_docs(12, headed=False)
    folds = [n % 3 for n in range(12)]
    one = _stage_one_oof(tax.ids, {"doc_C": 0.0}, docs, [], folds, cues, 3, lambda m: None, final=True, workers=1)
    two = _stage_one_oof(tax.ids, {"doc_C": 0.0}, docs, [], folds, cues, 3, lambda m: None, final=True, workers=2)
    for a, b in zip(one[0], two[0]):
        assert np.array_equal(a, b)
    assert np.array_equal(one[2].coef_, two[2].coef_) and one[2].vocabulary_ == two[2].vocabulary_


def test_filing_decisions_add_only_filed_themes_a_sentence_carries(tmp_path):
    from pipeline.themes.training.data import DataError, LabelledDoc, apply_doc_decisions, read_doc_decisions

    path = tmp_path / "decisions.tsv"
    path.write_text("d1\tthu_ngan_sach\tFILE\trevenue figure\n"
                    "d1\tchuyen_doi_so\tNOT\tin passing\n"
                    "d1\tan_toan_giao_thong\tFILE\tno sentence carries it\n", encoding="utf-8")
    doc = LabelledDoc(id="d1", corpus="c", passages=["a", "b", "c"],
                      themes=[{"chong_buon_lau"}, {"thu_ngan_sach"}, {"chuyen_doi_so"}],
                      doc_themes={"chong_buon_lau"})
    unlabelled = LabelledDoc(id="d1", corpus="c", passages=["a"], themes=[{"thu_ngan_sach"}], doc_themes=None)
    assert apply_doc_decisions([doc, unlabelled], read_doc_decisions(path)) == 1
    assert doc.doc_themes == {"chong_buon_lau", "thu_ngan_sach"} and unlabelled.doc_themes is None
    path.write_text("d1\tthu_ngan_sach\tmaybe\n", encoding="utf-8")
    with pytest.raises(DataError, match=":1:"):
        read_doc_decisions(path)


def test_a_missing_decision_file_is_refused_before_training(tmp_path):
    result = CliRunner().invoke(main, ["train-themes", "--labels", "none", "--doc-decisions",
                                       str(tmp_path / "missing.tsv"), "--out", str(tmp_path / "m")])
    assert result.exit_code == 2 and "missing.tsv" in result.output and not (tmp_path / "m").exists()


def test_without_reference_data_the_written_articles_keep_every_theme(tmp_path):
    """A user without ../shared adds a theme with examples and trains with no label files: the
    project's written articles (their text ships in corpora/themes) keep the shipped themes and give
    the new one its negatives; it was given to every text when its examples were all there was."""
    from pipeline.themes.taxonomy import load_taxonomy

    shipped = load_taxonomy()
    raw = yaml.safe_load(Path(shipped.source).read_text(encoding="utf-8"))
    raw["themes"].append({"id": "an_toan_thuc_pham", "name": "An toàn thực phẩm",
                          "description": "Ngộ độc thực phẩm, thực phẩm bẩn, phụ gia cấm.",
                          "cues": ["an toàn thực phẩm", "ngộ độc thực phẩm"],
                          "examples": ["Hàng chục công nhân nhập viện sau bữa trưa, nghi ngộ độc thực phẩm.",
                                       "Đoàn kiểm tra thu giữ hai tấn thịt bẩn không rõ nguồn gốc tại chợ đầu mối.",
                                       "Cơ sở sản xuất giò chả dùng hàn the bị xử phạt về an toàn thực phẩm.",
                                       "Tỉnh tăng cường kiểm tra an toàn thực phẩm trong dịp Tết."]})
    tax = tmp_path / "food.yaml"
    tax.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["train-themes", "--taxonomy", str(tax), "--sentences", "none",
                                       "--labels", "none", "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    assert "written articles" in result.output
    model, _ = load_model(tmp_path / "m")
    texts = ["Đoàn kiểm tra phát hiện cơ sở dùng phụ gia cấm, thu giữ thực phẩm bẩn, nguy cơ ngộ độc thực phẩm.",
             "Cơ quan điều tra khởi tố nguyên giám đốc sở về tội nhận hối lộ, tham nhũng trong đấu thầu."]
    probs, _ = model.score([normalize(t).text.lower() for t in texts])
    food, graft = model.theme_ids.index("an_toan_thuc_pham"), model.theme_ids.index("phong_chong_tham_nhung")
    assert probs[0, food] >= model.thresholds[food] > probs[1, food]
    assert probs[1, graft] >= model.thresholds[graft]


def test_an_installed_package_without_corpora_says_train_themes_needs_a_checkout(tmp_path, monkeypatch):
    """A wheel holds none of corpora/themes: the shipped themes (no `examples:`) have nothing to learn from,
    and training says so before it starts, naming the themes, instead of training a model of nothing."""
    import pipeline.resources
    from pipeline.themes.taxonomy import load_taxonomy
    from pipeline.themes.training import data

    monkeypatch.setattr(data, "default_files", lambda pattern: [])
    monkeypatch.setattr(pipeline.resources, "checkout_root", lambda: None)
    tax = tmp_path / "mine.yaml"
    tax.write_text(Path(load_taxonomy().source).read_text(encoding="utf-8"), encoding="utf-8")
    for extra in ([], ["--sentences", "none", "--labels", "none"]):
        result = CliRunner().invoke(main, ["train-themes", "--taxonomy", str(tax), "--out", str(tmp_path / "m"),
                                           *extra])
        assert result.exit_code != 0 and "run train-themes from a checkout" in result.output, result.output
        assert "van_hoa_cong_so" in result.output and "--written none" not in result.output
        assert not (tmp_path / "m" / "model.npz").exists()


def test_examples_of_one_theme_alone_are_refused(tmp_path):
    tax = tmp_path / "one.yaml"
    tax.write_text(yaml.safe_dump({"version": 1, "themes": [{**TAXONOMY["themes"][0], "examples": FOOTBALL[:3]},
                                                           TAXONOMY["themes"][1]]}, allow_unicode=True),
                   encoding="utf-8")
    result = CliRunner().invoke(main, ["train-themes", "--taxonomy", str(tax), "--labels", "none", "--written", "none",
                                       "--out", str(tmp_path / "m")])
    assert result.exit_code != 0 and "every training passage is about bong_da" in result.output
    assert "never give them" in result.output and "thoi_tiet" in result.output
    assert not (tmp_path / "m" / "model.npz").exists()


def test_thresholds_above_095_are_candidates():
    """Stage two's balanced weights put a rare theme's scores near 1: a threshold between 0.95 and 1
    must be reachable when only it separates the classes, and the best of the grid must win."""
    from pipeline.themes.training.train import tune_thresholds

    rng = np.random.default_rng(0)
    negatives = rng.uniform(0.90, 0.975, 200)     # confident-looking negatives up to 0.975
    positives = rng.uniform(0.985, 0.999, 20)
    probs = np.concatenate([negatives, positives])[:, None]
    y = np.concatenate([np.zeros(200), np.ones(20)]).astype(np.int8)[:, None]
    (threshold,) = tune_thresholds(probs, y)
    assert 0.975 < threshold <= 0.985
    # a theme whose classes part lower keeps a low threshold
    (low,) = tune_thresholds(np.concatenate([rng.uniform(0, 0.3, 200), rng.uniform(0.6, 0.9, 20)])[:, None], y)
    assert 0.3 <= low <= 0.6


def test_grid_f1_is_scikit_learns_f1_at_every_threshold():
    """The threshold search scores the whole grid from two sorted searches; each value must be the F1
    scikit-learn gives `probs >= t` (bit for bit: a tie between thresholds decides the one chosen),
    with scores that sit exactly on a grid value, float32 scores, ties and themes nothing reaches."""
    from sklearn.metrics import f1_score

    from pipeline.themes.training.train import GRID, grid_f1

    rng = np.random.default_rng(7)
    cases = []
    for n, rate in ((400, 0.05), (60, 0.5), (30, 0.1)):
        probs = rng.uniform(0, 1, n)
        probs[: n // 4] = rng.choice(GRID, n // 4)       # on a threshold: `>=` takes it
        cases.append((probs, rng.uniform(0, 1, n) < rate))
        cases.append((probs.astype(np.float32), rng.uniform(0, 1, n) < rate))
    cases.append((np.full(50, 0.01), np.arange(50) < 5))     # nothing reaches any threshold: F1 0
    cases.append((rng.choice([0.2, 0.5, 0.97], 80), rng.uniform(0, 1, 80) < 0.3))   # many equal F1s
    for probs, y in cases:
        got = grid_f1(probs, y)
        want = [f1_score(y, probs >= t, zero_division=0.0) for t in GRID]
        assert got.tolist() == want


def test_cue_slots_hold_each_themes_counts_as_a_stacked_block_would():
    """Stage one fits each theme on the text columns and its own three cue counts; the counts are
    written into slots of one matrix instead of stacking a copy per theme, with the same fit."""
    import scipy.sparse as sp

    from pipeline.themes.model import _fit_binary, _with_cue_slots

    rng = np.random.default_rng(0)
    dense = rng.random((60, 9)) * (rng.random((60, 9)) < 0.3)
    dense[5] = 0.0   # a row with no text feature
    Xt = sp.csr_matrix(dense)
    counts = rng.integers(0, 3, size=(60, 3)).astype(float)
    Xk, slots = _with_cue_slots(Xt)
    assert Xk.shape == (60, 12) and not Xk.toarray()[:, 9:].any()
    Xk.data[slots] = counts
    stacked = sp.hstack([Xt, sp.csr_matrix(counts)], format="csr")
    assert np.array_equal(Xk.toarray(), stacked.toarray())
    y = (dense[:, 0] + counts[:, 0] > 1).astype(int)
    a, b = _fit_binary(Xk, y, 4.0), _fit_binary(stacked, y, 4.0)
    assert np.array_equal(a[0], b[0]) and a[1] == b[1]


def test_compiled_tfidf_rows_equal_the_string_ngram_path():
    """The compiled count (bigrams as word-id pairs, `kernels.tfidf_rows`) gives the same arrays, to the
    last bit, as joining every bigram into a string and counting with numpy (`_csr_rows`)."""
    from pipeline.themes.model import ThemeModel

    tax, cues, docs = _labelled_docs()
    model = ThemeModel(tax.ids, cues=cues, doc_C=0.0).fit(docs)
    texts = [p for d in docs for p in d.passages] + ["", "một", "xyz xyz", (FOOTBALL[0] + " ") * 40]
    fast = model._tfidf(texts, with_counts=True)
    assert model._bigram_table() is not None and any(" " in t for t in model.vocabulary_)
    model._bigrams = None   # the n-grams as strings
    slow = model._tfidf(texts, with_counts=True)
    for a, b in zip(fast, slow, strict=True):
        assert a.dtype == b.dtype and np.array_equal(a, b)
    assert fast[3].max() > 1   # repeated terms were counted


def _random_csr(rng, n_rows: int, n_terms: int):
    lengths = rng.integers(0, 9, n_rows)
    indptr = np.r_[0, np.cumsum(lengths)].astype(np.int32)
    indices = np.concatenate([np.sort(rng.choice(n_terms, k, replace=False)) for k in lengths]).astype(np.int32)
    values = rng.random(len(indices)).astype(np.float32)
    dense = np.zeros((n_rows, n_terms))
    for r in range(n_rows):
        dense[r, indices[indptr[r]:indptr[r + 1]]] = values[indptr[r]:indptr[r + 1]]
    return values, indices, indptr, dense


def test_compiled_row_products_and_neighbour_dots_against_dense_arithmetic():
    from pipeline.themes.kernels import block_sums, neighbour_dots

    rng = np.random.default_rng(5)
    values, indices, indptr, dense = _random_csr(rng, 30, 12)
    weights = rng.normal(size=(12, 7)).astype(np.float32)
    assert np.allclose(block_sums(values, indices, indptr, weights), dense @ weights, atol=1e-6)
    doc_of = np.repeat([0, 1, 2, 3], [10, 1, 2, 17])
    same = doc_of[1:] == doc_of[:-1]
    expected = np.zeros(30)
    for i in range(1, 29):
        if same[i - 1] and same[i]:
            expected[i] = dense[i - 1] @ dense[i + 1]
    got = neighbour_dots(values, indices, indptr, same)
    assert np.allclose(got, expected, atol=1e-6) and np.count_nonzero(expected) > 5


def test_compiled_document_terms_and_topics_against_dense_arithmetic():
    from pipeline.themes.kernels import document_terms, topic_sums

    rng = np.random.default_rng(6)
    values, indices, indptr, dense = _random_csr(rng, 25, 9)
    counts = rng.integers(1, 4, len(values))
    dense_counts = np.zeros_like(dense)
    for r in range(25):
        dense_counts[r, indices[indptr[r]:indptr[r + 1]]] = counts[indptr[r]:indptr[r + 1]]
    starts = np.array([0, 4, 4, 19, 25])   # the second document has no rows
    doc, term, value_sum, count_sum = document_terms(values, indices, indptr, counts, starts)
    expected = []
    for d in range(4):
        v, c = dense[starts[d]:starts[d + 1]].sum(axis=0), dense_counts[starts[d]:starts[d + 1]].sum(axis=0)
        expected += [(d, t, v[t], c[t]) for t in np.flatnonzero(c)]
    assert [(int(a), int(b)) for a, b in zip(doc, term)] == [(d, t) for d, t, _, _ in expected]
    assert np.allclose(value_sum, [v for *_, v, _ in expected]) and np.array_equal(count_sum, [c for *_, c in expected])
    idf = rng.random(9).astype(np.float32) + 1
    rows = rng.normal(size=(9, 4)).astype(np.float32)
    for d in range(4):
        w = np.where(dense_counts[starts[d]:starts[d + 1]].sum(axis=0) > 0,
                     (1 + np.log(np.maximum(dense_counts[starts[d]:starts[d + 1]].sum(axis=0), 1))) * idf, 0)
        w = w / (np.linalg.norm(w) or 1)
        assert np.allclose(topic_sums(doc, term, count_sum, idf, rows, 4)[d], w @ rows, atol=1e-9)


def test_training_says_how_a_renamed_theme_keeps_its_labels():
    from pipeline.themes.training.train import label_warnings

    # "chong_buon_lau" renamed to "buon_lau_hang_gia" without an alias: its labels come under no theme
    said = label_warnings({"buon_lau_hang_gia": 0, "thoi_tiet": 40, "am_nhac": 1}, {"am_nhac"}, ["chong_buon_lau"])
    assert len(said) == 2
    assert said[0].startswith("theme(s) learned from the taxonomy's examples only: am_nhac;")
    assert "buon_lau_hang_gia; the model cannot learn them" in said[1]
    assert "`aliases: [old_id]` in its entry keeps the labels of chong_buon_lau" in said[1]
    assert label_warnings({"thoi_tiet": 40}, set(), []) == []
    assert "aliases" not in label_warnings({"moi": 0}, set(), [])[0]   # nothing dropped: no renaming to suggest


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_training_stopped_with_sigterm_takes_its_worker_processes_with_it():
    import subprocess
    import time

    code = ("import os, time\nfrom pipeline.themes.training.train import _run_parallel\n"
            "def nap(s):\n    os.write(1, b'%d\\n' % os.getpid())\n    time.sleep(s)\n    return s\n"
            "_run_parallel(nap, [(120,), (120,)], 2)\n")
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(parent.stdout.readline()) for _ in range(2)]
    finally:
        parent.terminate()
        parent.wait(timeout=30)

    def running(pid):
        try:
            with open(f"/proc/{pid}/stat") as fh:
                return fh.read().rsplit(")", 1)[1].split()[0] != "Z"   # a zombie has ended
        except FileNotFoundError:
            return False

    deadline = time.monotonic() + 20
    while any(map(running, workers)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(map(running, workers))


def _nap(seconds):
    import time

    time.sleep(seconds)
    return seconds


def test_a_training_stopped_by_ctrl_c_stops_its_worker_processes_at_once():
    """Probe of session 53: Ctrl-C during the cross-validation waited 75-98 s for the workers' fits, and
    once hung for good at exit."""
    import signal
    import time

    import multiprocessing as mp

    from pipeline.themes.training.train import _run_parallel

    if "fork" not in mp.get_all_start_methods():
        pytest.skip("the training forks its workers only where fork exists")

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    before = set(mp.active_children())
    old = signal.signal(signal.SIGALRM, interrupt)
    started = time.monotonic()
    try:
        signal.alarm(2)
        with pytest.raises(KeyboardInterrupt):
            _run_parallel(_nap, [(60,), (60,), (60,)], workers=2)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert time.monotonic() - started < 20
    assert not [p for p in mp.active_children() if p not in before and p.is_alive()]


def _examples_taxonomy(tmp_path, *more, **weather):
    tax = tmp_path / "ex.yaml"
    data = {"version": 1, "themes": [
        {**TAXONOMY["themes"][0], "examples": FOOTBALL[:3]},
        {**TAXONOMY["themes"][1], "examples": WEATHER[:3], **weather}, *more]}
    tax.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return tax


def test_train_themes_refuses_an_out_folder_of_other_files_and_one_it_cannot_write_before_training(tmp_path):
    """Probe of session 53: a folder holding the analyst's own themes.yaml was written over without a word,
    and an --out under a file failed only after the training."""
    tax = _examples_taxonomy(tmp_path)
    mine = tmp_path / "campaign"
    mine.mkdir()
    (mine / "themes.yaml").write_text("# our taxonomy, edited by hand\n", encoding="utf-8")
    refused = CliRunner().invoke(main, ["train-themes", "--taxonomy", str(tax), "--labels", "none", "--out", str(mine)])
    assert refused.exit_code != 0 and "holds files and no theme model" in refused.output
    assert (mine / "themes.yaml").read_text(encoding="utf-8") == "# our taxonomy, edited by hand\n"
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    under_a_file = CliRunner().invoke(main, ["train-themes", "--taxonomy", str(tax), "--labels", "none",
                                             "--out", str(tmp_path / "afile" / "m")])
    assert under_a_file.exit_code != 0 and "cannot write the model here" in under_a_file.output
    assert "model written" not in under_a_file.output and "examples" not in under_a_file.output
    # a model's own folder is retrained in place, and no temporary file is left
    model = tmp_path / "m"
    for _ in range(2):
        done = CliRunner().invoke(main, ["train-themes", "--taxonomy", str(tax), "--labels", "none", "--out", str(model)])
        assert done.exit_code == 0, done.output
    assert sorted(p.name for p in model.iterdir()) == ["MODEL_CARD.md", "card.json", "model.npz", "themes.yaml"]


def test_a_theme_learned_from_nothing_is_never_given_even_by_its_cues_and_the_models_cues_are_its_own(tmp_path):
    """Probe of session 53: a theme warned as "never given" was given by its cue phrases (the passage
    model's cue rule), and a hand edit of a model folder's cues changed what that rule gave."""
    from pipeline import language

    town = {"id": "doi_song", "name": "Đời sống", "description": "Chợ, thư viện, lớp học.", "cues": ["chợ phiên"],
            "examples": NEUTRAL[:4]}
    tax = _examples_taxonomy(tmp_path, town, examples=[])
    result = CliRunner().invoke(main, ["train-themes", "--taxonomy", str(tax), "--labels", "none",
                                       "--sentences", "none", "--written", "none", "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    assert "thoi_tiet; the model will never give them" in result.output
    nlp = language.load(**{"components.themes.model_dir": str(tmp_path / "m")})
    record = language.analyze("Mưa lớn kéo dài, nắng nóng rồi nhiệt độ giảm sâu.", nlp=nlp)
    assert "thoi_tiet" not in {t["id"] for p in record["passages"] for t in p["themes"]}
    # cues edited by hand in the folder's taxonomy are not the model's: its own copy rules
    edited = (tmp_path / "m" / "themes.yaml").read_text(encoding="utf-8").replace("bàn thắng", "chợ phiên")
    (tmp_path / "m" / "themes.yaml").write_text(edited, encoding="utf-8")
    nlp = language.load(**{"components.themes.model_dir": str(tmp_path / "m")})
    record = language.analyze("Cửa hàng mở đến tối, có chợ phiên.", nlp=nlp)
    assert not any(t.get("cue") and t["id"] == "bong_da" for p in record["passages"] for t in p["themes"])
