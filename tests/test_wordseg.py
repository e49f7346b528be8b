"""The table-scored word segmenter tags exactly as underthesea's own featuriser and tagger."""
import json
import struct
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text import crfsuite
from pipeline.text.wordseg import ReferenceSegmenter, UnsupportedModel, WordSegmenter, _is_int32, _is_title

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import check_wordseg  # noqa: E402  (cuts sentences as the tokenizer does)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def fast():
    return WordSegmenter.from_underthesea()


@pytest.fixture(scope="module")
def reference():
    return ReferenceSegmenter()


def _example_sentences():
    texts = [(EXAMPLES / "thong-cao.txt").read_text(encoding="utf-8")]
    texts += [json.loads(line)["text"] for line in (EXAMPLES / "archive.jsonl").read_text(encoding="utf-8").splitlines()
              if line.strip() and isinstance(json.loads(line).get("text"), str)]
    return [s for t in texts for s in check_wordseg.sentences_of(t)]


def test_bundled_examples_tag_as_underthesea(fast, reference):
    sentences = _example_sentences()
    assert sum(map(len, sentences)) > 1000
    assert fast.tag(sentences) == reference.tag(sentences)


EDGE_CASES = [
    ["Hà"],                                   # one syllable: every window is BOS/EOS
    ["Hà", "Nội"],
    ["+5", "-12", "2147483647", "2147483648", "-2147483648", "٣", "1.000", "12a"],  # Rust's i32 parse
    ["ĐẠI", "HỘI", "Đảng", "lần", "thứ", "XIII"],
    ["ß", "ǅ", "İstanbul", "ΑΣ", "Ω", "x"],     # case mappings that are not one letter to one
    ["(", "CLO", ")", "Ngày", "12/9/2019", ",", "Bộ", "Tài", "chính", "…"],
    ["Máy", "ảnh", "Canon", "EOS", "BOS", "mới", "EOS"],  # syllables that read like the window markers
    ["thủ", "tướng", "chính", "phủ", "phạm", "minh", "chính", "chủ", "trì", "cuộc", "họp"],
]


def test_edge_cases_tag_as_underthesea(fast, reference):
    assert fast.tag(EDGE_CASES) == reference.tag(EDGE_CASES)
    assert fast.tag([[], ["Hà"], []]) == [[], reference.tag([["Hà"]])[0], []]
    assert fast.tag([]) == [] and fast.scores([[]]).shape == (0, len(fast.labels))


def test_emissions_equal_the_reference_scores(fast, reference):
    # the sum of one sentence's path scores, recomputed from the emissions,
    # must equal the reference tagger's own score of the path it chose
    for sentence in EDGE_CASES:
        features = reference.model.featurizer.process([[[t] for t in sentence]])[0]
        labels, score = reference.model.estimator.tag_with_score(features)
        emissions = fast.scores([sentence])
        ids = [fast.labels.index(label) for label in labels]
        ours = sum(emissions[i, y] for i, y in enumerate(ids))
        ours += sum(fast.transitions[a][b] for a, b in zip(ids, ids[1:]))
        assert ours == pytest.approx(score, abs=1e-9), sentence


syllable = st.sampled_from(["Hà", "Nội", "cán", "bộ", "công", "chức", "UBND", "tỉnh", "2019", "-5", "TP.HCM",
                            ",", ".", "ông", "Nguyễn", "Văn", "A", "thuế", "thu", "ngân", "sách", "x"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(syllable, min_size=0, max_size=12), min_size=1, max_size=4))
def test_random_sentences_tag_as_underthesea(fast, reference, sentences):
    assert fast.tag(sentences) == reference.tag(sentences)


def test_syllable_arrays_grow_and_reset_without_changing_tags(monkeypatch, reference):
    # the per-syllable arrays start small, grow as new syllables come, and are
    # dropped whole past SYLLABLE_CACHE: none of it may change a tag
    import pipeline.text.wordseg as ws

    seg = WordSegmenter.from_underthesea()
    many = [[f"{w}{i}" for w in ("Hà", "nội", "x", "UB", "2")] + ["Nội", "tỉnh", "."] for i in range(400)]
    expected = reference.tag(many + EDGE_CASES)
    assert seg.tag(many + EDGE_CASES) == expected       # > 1024 syllables: the arrays grow
    assert len(seg._lows) > 1024
    monkeypatch.setattr(ws, "SYLLABLE_CACHE", 10)
    assert seg.tag(EDGE_CASES) == reference.tag(EDGE_CASES)   # reset, then filled again
    assert seg.tag(many + EDGE_CASES) == expected
    assert [seg.tag([s]) for s in EDGE_CASES] == [reference.tag([s]) for s in EDGE_CASES]


def test_featuriser_predicates_match_rust_semantics():
    assert _is_int32("+5") and _is_int32("-2147483648") and _is_int32("007")
    assert not _is_int32("2147483648") and not _is_int32("٣") and not _is_int32("1.0") and not _is_int32("")
    assert _is_title("Hà Nội") and _is_title("12") and _is_title("UBND")
    assert not _is_title("Hà nội") and not _is_title("ß")


def test_reader_matches_underthesea_core(fast):
    from underthesea_core import CRFModel

    from pipeline.text.wordseg import underthesea_model_dir

    path = Path(underthesea_model_dir()) / "models.bin"
    weights = crfsuite.read(path)
    model = CRFModel.load(str(path))
    assert weights.labels == model.get_labels()
    assert len(weights.attributes) == model.num_attributes
    assert len(set(weights.attributes)) == len(weights.attributes)
    assert weights.state.shape == (len(weights.attributes), len(weights.labels))
    assert np.count_nonzero(weights.transitions) > 0


def test_reader_refuses_other_files(tmp_path):
    bad = tmp_path / "model.bin"
    bad.write_bytes(b"PK\x03\x04" + b"\0" * 60)
    with pytest.raises(crfsuite.CRFSuiteFormatError, match="not a CRFsuite"):
        crfsuite.read(bad)
    short = tmp_path / "short.bin"
    short.write_bytes(struct.pack("<4s", b"lCRF"))
    with pytest.raises(crfsuite.CRFSuiteFormatError, match="too short"):
        crfsuite.read(short)


def test_unknown_template_is_refused():
    weights = crfsuite.CRFWeights(["B", "I"], ["T[0][1]=x"], np.zeros((1, 2)), np.zeros((2, 2)))
    with pytest.raises(UnsupportedModel, match="T\\[0\\]\\[1\\]"):
        WordSegmenter(["T[0][1]"], set(), weights)


def test_a_small_model_decodes_by_hand():
    # two labels, one unigram template: the best path is worked out by hand
    attributes = ["T[0]=a", "T[0]=b"]
    state = np.array([[2.0, 0.0], [0.0, 1.0]])        # a -> label 0, b -> label 1
    transitions = np.array([[0.0, -5.0], [0.0, 0.0]])  # 0 -> 1 is expensive
    seg = WordSegmenter(["T[0]"], set(), crfsuite.CRFWeights(["B", "I"], attributes, state, transitions))
    assert seg.tag([["a", "b"], ["b", "a"], ["a", "b", "b"]]) == [["B", "B"], ["I", "B"], ["B", "B", "B"]]
    seg.transitions = [[0.0, 0.0], [0.0, 0.0]]
    assert seg.tag([["a", "b"]]) == [["B", "I"]]


@pytest.mark.parametrize("error", [FileNotFoundError(2, "No such file or directory"), AttributeError("gone"),
                                   crfsuite.CRFSuiteFormatError("not a CRFsuite model")])
def test_any_load_error_falls_back_on_underthesea_with_a_warning(monkeypatch, error):
    import pipeline.text.wordseg as ws

    def broken(cls):
        raise error

    monkeypatch.setattr(ws.WordSegmenter, "from_underthesea", classmethod(broken))
    with pytest.warns(UserWarning, match=f"falls back on underthesea's own tagger: {type(error).__name__}"):
        seg = ws.default_segmenter()
    assert isinstance(seg, ReferenceSegmenter)


def test_plain_joblib_reader_reads_underthesea_files_as_joblib_does(tmp_path):
    import io
    import pickle

    import joblib

    from pipeline.text.wordseg import UnsupportedModel, _PlainUnpickler, _read_plain_joblib, underthesea_model_dir

    for name in ("features.bin", "dictionary.bin"):
        path = str(Path(underthesea_model_dir()) / name)
        assert _read_plain_joblib(path) == joblib.load(path)
    with pytest.raises(pickle.UnpicklingError, match="not plain data"):
        _PlainUnpickler(io.BytesIO(pickle.dumps({"a": Path("x")}))).load()
    packed = tmp_path / "packed.bin"       # compressed: not a plain pickle, refused (never handed to joblib)
    joblib.dump(["T[0]", "T[1].lower"], packed, compress=3)
    with pytest.raises(UnsupportedModel, match="not a plain joblib list or set"):
        _read_plain_joblib(str(packed))
    hostile = tmp_path / "hostile.bin"     # an object: refused before anything is looked up
    hostile.write_bytes(pickle.dumps(Path("x")))
    with pytest.raises(UnsupportedModel):
        _read_plain_joblib(str(hostile))


def test_row_sums_add_the_rows_in_the_templates_order():
    """The compiled sums equal numpy's template-by-template additions to the last bit (the order
    underthesea's tagger adds in); the same rows in another order give other last bits."""
    from pipeline.text.crf_kernels import row_sums

    rnd = np.random.default_rng(3)
    table = rnd.normal(size=(50, 2)) * np.logspace(-3, 3, 50)[:, None]
    rows = rnd.integers(0, 50, (43, 300))
    expected = np.zeros((300, 2))
    for template_rows in table[rows]:
        expected += template_rows
    assert np.array_equal(row_sums(table, rows), expected)
    assert not np.array_equal(row_sums(table, rows[::-1].copy()), expected)


def test_the_compiled_loops_run_where_no_cache_folder_can_be_written(monkeypatch):
    """numba raises at decoration when `cache=True` finds no folder to write; the module then compiles
    in memory and decodes the same."""
    import importlib

    import numba

    import pipeline.text.crf_kernels as kernels

    njit = numba.njit

    def no_cache_folder(*args, **kwargs):
        if kwargs.get("cache"):
            raise RuntimeError("cannot cache function: no locator available")
        return njit(*args, **kwargs)

    monkeypatch.setattr(numba, "njit", no_cache_folder)
    try:
        reloaded = importlib.reload(kernels)
        assert reloaded.best_paths(np.array([[0.0, 1.0], [2.0, 0.0], [0.0, 0.5]]), [2, 1], [[0.0, 0.0], [0.0, -5.0]]) \
            == [[1, 0], [1]]
        assert np.array_equal(reloaded.row_sums(np.eye(2), np.array([[0, 1], [1, 1]])), [[1.0, 1.0], [0.0, 2.0]])
    finally:
        monkeypatch.undo()
        importlib.reload(kernels)
