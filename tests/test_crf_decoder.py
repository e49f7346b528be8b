"""The names CRF scored from arrays (`pipeline.entities.crf_decoder`) against underthesea_core's tagger
on the strings of `features.featurize`: the same scores to the last bit and the same tags, for the
shipped plain and stacked models and for a model trained here, on sentences written for the test."""
from __future__ import annotations

import random

import numpy as np
import pytest
from underthesea_core import CRFTagger, CRFTrainer

from pipeline.entities import crf_decoder, truecase
from pipeline.entities.crf_decoder import CRFDecoder
from pipeline.entities.features import featurize, rule_bio
from pipeline.entities.ner_model import DEFAULT_MODEL, STACKED_MODEL
from pipeline.entities.rules import default_tagger, tag_document
from pipeline.entities.syllables import decode

TEXTS = [
    "Giám đốc Sở Y tế tỉnh Bình Định Lê Văn Hải phát biểu tại hội nghị sáng 12/3/2017.",
    "THỦ TƯỚNG NGUYỄN XUÂN PHÚC THĂM TỈNH QUẢNG NINH",
    "CHỦ TỊCH UBND TỈNH GẶP DOANH NGHIỆP\nChủ tịch UBND tỉnh Quảng Ninh gặp doanh nghiệp Nhật Bản tại Hạ Long.",
    "HLV Mourinho đưa Chelsea sang London, còn Bayern Munich ở lại Berlin.",
    "Theo ông Trần Văn Nam (Phó Chủ tịch UBND huyện Krông Pắc), dự án trị giá 2,5 tỷ đồng.",
    "Ban Chỉ đạo Trung ương về phòng, chống tham nhũng họp phiên thứ 12.",
    "Đường Nguyễn Thị Minh Khai | quận 1 | TP.HCM đông xe.",
    "Xin chào.",
    "Ôi!",
    "anh ấy đi làm muộn vì trời mưa to và đường ngập nước suốt buổi sáng hôm qua ở phường Bến Nghé",
    "Công an huyện Tuy Phước đã khởi tố vụ án; bà N.T.Đ. bị tạm giữ 3 ngày, nộp phạt 15 triệu đồng.",
]


def _tagger(path) -> CRFTagger:
    tagger = CRFTagger()
    tagger.load(str(path))
    return tagger


def _views(nlp, text: str):
    """The names stage's sentences of `text`: the syllable views, with the numbers' spans blocked."""
    doc = nlp.make_doc(text)
    dict(nlp.pipeline)["numbers"](doc)
    return [sent for sent, _ in truecase.views(doc, [(e.start, e.end) for e in doc._.entities])]


def _reference_scores(decoder: CRFDecoder, feats: list[list[str]]) -> np.ndarray:
    """The tagger's sums: each token's feature weights added in the order featurize lists them."""
    scores = np.zeros((len(feats), len(decoder.labels)))
    for k, token in enumerate(feats):
        for f in token:
            a = decoder.index.get(f)
            if a is not None:
                scores[k] += decoder.state[a]
    return scores


@pytest.fixture(scope="module")
def sentences(nlp):
    out = [sent for text in TEXTS for sent in _views(nlp, text)]
    assert any("caps_line" in f for sent in out for f in featurize(sent))   # a line in capitals
    assert any(sent.recased for sent in out)                  # one read in the body's case
    assert any(True in sent.blocked for sent in out)          # dates and amounts held by the numbers stage
    assert any(sent.n == 1 for sent in out) or any(sent.n == 2 for sent in out)
    return out


@pytest.mark.parametrize("path, stacked", [(STACKED_MODEL, True), (DEFAULT_MODEL, False)])
def test_the_decoder_scores_and_tags_as_the_tagger_does(sentences, path, stacked):
    decoder, tagger = CRFDecoder(path), _tagger(path)
    rule_tags = None
    if stacked:
        rules = tag_document([(sent, None) for sent in sentences], default_tagger())
        rule_tags = [rule_bio(sent, spans) for sent, spans in zip(sentences, rules)]
        assert any(set(tags) != {"O"} for tags in rule_tags)
    feats = [featurize(sent, None, tags) for sent, tags in zip(sentences, rule_tags or [None] * len(sentences))]
    # all sentences at once, as a document's, and each alone
    scores = decoder.emissions(sentences, None, rule_tags)
    tags = decoder.tag(sentences, None, rule_tags)
    for k, (sent, f) in enumerate(zip(sentences, feats)):
        assert np.array_equal(scores[k], _reference_scores(decoder, f))
        assert tags[k] == tagger.tag(f)
        assert decoder.tag([sent], None, [rule_tags[k]] if stacked else None) == [tags[k]]
    assert any(decode(t) for t in tags)                       # names were found, not only O


def test_a_model_trained_here_on_words_with_a_bar_in_them(nlp, tmp_path):
    """A word pair is one string, "w[-1]|w=a|b": with a "|" among the words it reads more than one way,
    and the decoder must find the attribute whichever way the tagger's string was built."""
    texts = ["Hà Nội | Hải Phòng | Huế", "A|B và A | B|", "Ông Lê | Văn Nam ở Hà Nội."]
    sents = [sent for text in texts for sent in _views(nlp, text)]
    rnd = random.Random(5)
    X = [featurize(sent) for sent in sents] * 4
    Y = [[rnd.choice(["O", "B-LOC", "I-LOC", "B-PERSON"]) for _ in range(len(x))] for x in X]
    trainer = CRFTrainer()
    trainer.set_max_iterations(30)
    path = tmp_path / "bars.crfsuite"
    trainer.train(X, Y).save(str(path))
    decoder, tagger = CRFDecoder(path), _tagger(path)
    assert any("|" in a[len("w[-1]|w="):].replace("|", "", 1) for a in decoder.index if a.startswith("w[-1]|w="))
    for sent in sents:
        f = featurize(sent)
        assert np.array_equal(decoder.emissions([sent])[0], _reference_scores(decoder, f))
        assert decoder.tag([sent]) == [tagger.tag(f)]


def _one_position_at_a_time(transitions, emissions) -> list[int]:
    """Viterbi as underthesea_core's tagger runs it: at each position, for each label, the best of
    (score before + transition) taken in label order (a later label only when strictly greater), then
    plus the emission; the first of equal final scores."""
    labels = range(len(transitions))
    score, back = list(emissions[0]), []
    for row in emissions[1:]:
        new, pointers = [], []
        for y in labels:
            best, arg = score[0] + transitions[0][y], 0
            for p in labels[1:]:
                if score[p] + transitions[p][y] > best:
                    best, arg = score[p] + transitions[p][y], p
            new.append(best + row[y])
            pointers.append(arg)
        score = new
        back.append(pointers)
    y = max(labels, key=lambda k: (score[k], -k))
    path = [y]
    for pointers in reversed(back):
        y = pointers[y]
        path.append(y)
    return path[::-1]


@pytest.mark.parametrize("labels", [2, 9])
def test_viterbi_follows_the_taggers_order_of_sums_and_ties(labels):
    """Against underthesea_core's order of sums and tie-breaking one position at a time (the word
    segmenter's tags are held to underthesea's own in test_wordseg.py): whole-number scores, so that
    equal sums are common, for sentences of every length (none too) decoded together."""
    from pipeline.text.crf_kernels import best_paths

    rnd = np.random.default_rng(7)
    for _ in range(40):
        transitions = rnd.integers(-2, 3, (labels, labels)).astype(float)
        emissions = [rnd.integers(-2, 3, (n, labels)).astype(float) for n in rnd.integers(0, 12, 6)]
        expected = [_one_position_at_a_time(transitions.tolist(), e.tolist()) if len(e) else [] for e in emissions]
        assert best_paths(np.concatenate(emissions), [len(e) for e in emissions], transitions) == expected
    no_scores = np.zeros((0, labels))
    assert best_paths(no_scores, [], transitions) == [] and best_paths(no_scores, [0], transitions) == [[]]


def test_the_table_of_forms_starts_again_when_full(sentences, monkeypatch):
    monkeypatch.setattr(crf_decoder, "_MAX_FORMS", 40)
    decoder, tagger = CRFDecoder(DEFAULT_MODEL), _tagger(DEFAULT_MODEL)
    for sent in sentences * 2:
        assert decoder.tag([sent]) == [tagger.tag(featurize(sent))]
        assert len(decoder._forms) < 40 + sent.n
