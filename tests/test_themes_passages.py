"""Passage splitting: paragraphs when short, balanced sentence windows when long, always input spans."""
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text import segment
from pipeline.themes.passages import PassageSplitter, split_passages


def _split(text, max_sentences=3):
    paras = segment.paragraphs(text)
    return split_passages(paras, segment.sentences(text, paras), max_sentences)


def test_short_paragraphs_are_passages_as_they_are():
    text = "Tiêu đề ngắn\n\n  Đoạn một có hai câu. Câu thứ hai đây.  \nĐoạn hai chỉ một câu."
    spans = _split(text)
    assert [text[s:e] for s, e in spans] == [
        "Tiêu đề ngắn", "Đoạn một có hai câu. Câu thứ hai đây.", "Đoạn hai chỉ một câu."]


def test_merged_paragraph_is_cut_into_balanced_windows():
    sentences = [f"Câu số {n} nói về việc khác nhau." for n in range(1, 8)]
    text = "Tiêu đề\n" + " ".join(sentences)
    spans = _split(text)
    assert text[spans[0][0]:spans[0][1]] == "Tiêu đề"
    windows = [text[s:e] for s, e in spans[1:]]
    # 7 sentences -> 3 windows of 3, 2, 2 (no lone trailing sentence)
    assert [w.count("Câu số") for w in windows] == [3, 2, 2]
    assert " ".join(windows) == " ".join(sentences)


def test_window_size_is_a_setting():
    text = " ".join(f"Câu {n} ở đây." for n in range(1, 5))
    assert len(_split(text, max_sentences=1)) == 4
    assert len(_split(text, max_sentences=4)) == 1
    assert len(_split(text, max_sentences=2)) == 2


def test_component_fills_doc_passages(nlp):
    text = "Tiêu đề bài\nCâu một. Câu hai. Câu ba. Câu bốn. Câu năm.\nĐoạn cuối."
    doc = nlp.make_doc(text)
    doc = PassageSplitter(max_sentences=3)(doc)
    spans = [(p["start"], p["end"]) for p in doc._.passages]
    assert [text[s:e] for s, e in spans] == [
        "Tiêu đề bài", "Câu một. Câu hai. Câu ba.", "Câu bốn. Câu năm.", "Đoạn cuối."]
    assert all(p["themes"] == [] for p in doc._.passages)


_word = st.text(alphabet="abcđêơưạ", min_size=1, max_size=6)
_sentence = st.lists(_word, min_size=1, max_size=5).map(lambda ws: " ".join(ws).capitalize() + ".")
_paragraph = st.lists(_sentence, min_size=1, max_size=9).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(_paragraph, min_size=1, max_size=5), st.integers(min_value=1, max_value=4),
       st.sampled_from(["\n", "\n\n", " \n", "\r\n"]))
def test_passages_are_ordered_trimmed_input_spans_covering_every_sentence(paragraphs, k, sep):
    text = sep.join(paragraphs)
    paras = segment.paragraphs(text)
    sents = segment.sentences(text, paras)
    spans = split_passages(paras, sents, k)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(text[s:e] == text[s:e].strip() for s, e in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    for s, e in sents:  # every sentence sits inside exactly one passage
        assert sum(ps <= s and e <= pe for ps, pe in spans) == 1
    for ps, pe in spans:  # and no passage holds more than k sentences unless it is a whole short paragraph
        inside = sum(ps <= s and e <= pe for s, e in sents)
        assert inside <= k or (ps, pe) in paras


def test_passages_inside_a_token_split_it_and_theme_less_ones_read_back_empty(nlp):
    from pipeline.extensions import set_passages

    doc = nlp.make_doc("Hà Nội-TTXVN đưa tin. Câu thứ hai.")
    cut = doc.text.index("-")
    set_passages(doc, [{"start": 0, "end": cut, "themes": [{"id": "a", "score": 0.7}]},
                       {"start": cut, "end": len(doc.text), "themes": []}])
    got = doc._.passages
    assert [(p["start"], p["end"]) for p in got] == [(0, cut), (cut, len(doc.text))]
    assert got[0]["themes"] == [{"id": "a", "score": 0.7}] and got[1]["themes"] == []
    assert doc.text == "Hà Nội-TTXVN đưa tin. Câu thứ hai."
    # written again with other themes: no stale value is left on a span
    set_passages(doc, [{"start": 0, "end": cut, "themes": []}, {"start": cut, "end": len(doc.text), "themes": []}])
    assert all(p["themes"] == [] for p in doc._.passages)
    assert all(s._.themes == [] for s in doc.spans["passages"])
