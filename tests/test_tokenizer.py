"""The underthesea-backed spaCy tokenizer keeps every span on the input."""
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.tokenizer import segment_text, tokenize_line

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))


def test_doc_text_is_input_exactly(nlp):
    text = "  Chủ tịch UBND tỉnh  Quảng Nam\u00a0phát biểu.\n\nTại TP.HCM. Ông nói thêm…\t"
    doc = nlp.make_doc(text)
    assert doc.text == text
    for tok in doc:
        assert text[tok.idx:tok.idx + len(tok.text)] == tok.text


def test_rewritten_syllables_map_back(nlp):
    # underthesea rewrites "qui" as "quy"; the token must still be the input
    text = "Sở Xây dựng công bố qui hoạch mới."
    doc = nlp.make_doc(text)
    words = [t.text for t in doc if not t.is_space]
    assert "qui hoạch" in words


def test_norm_unifies_spellings(nlp):
    doc = nlp.make_doc("văn hoá công sở và uỷ ban thị̣ xã")
    norms = " | ".join(t.norm_ for t in doc)
    assert "hóa" in norms and "hoá" not in norms
    assert "ủy" in norms and "uỷ" not in norms
    assert any(t.norm_ == "thị xã" and t.text != "thị xã" for t in doc)


def test_sentence_final_period_is_split_from_abbreviation():
    out = tokenize_line("Ông về TP.HCM. Sau khi họp, ông đi Huế.")
    assert out.startswith("Ông về TP.HCM . Sau")
    assert out.endswith("Huế .")


def test_sentences_set_on_doc(nlp):
    text = "Câu thứ nhất ở Hà Nội. Câu thứ hai ở Đà Nẵng.\nCâu thứ ba."
    doc = nlp.make_doc(text)
    assert [s.text.strip() for s in doc.sents] == [
        "Câu thứ nhất ở Hà Nội.", "Câu thứ hai ở Đà Nẵng.", "Câu thứ ba."]
    assert doc._.sentence_spans == [(0, 22), (23, 45), (46, 57)]
    assert doc._.paragraphs == [(0, 45), (46, 57)]


def test_tokenize_line_keeps_line_count():
    lines = ["Bộ Tài chính họp báo.", "", "   ", "Thủ tướng Chính phủ chỉ đạo."]
    out = [tokenize_line(x) if x.strip() else "" for x in lines]
    assert len(out) == 4 and out[1] == out[2] == ""
    assert out[3].startswith("Thủ_tướng Chính_phủ")


def test_a_table_cell_separator_is_never_part_of_a_word():
    """The .docx reader writes " | " between table cells; the segmenter joined it to a neighbour ("Kết quả |")."""
    lines = ["Chỉ tiêu | Kết quả | Ghi chú", "Thu ngân sách | 12.500 tỷ đồng | • đạt kế hoạch"]
    for line in lines:
        words = tokenize_line(line).split(" ")
        assert all(w in ("|", "•") or not set(w) & set("|•") for w in words), words
    assert "Kết_quả" in tokenize_line(lines[0]).split(" ")


def _regex_scan(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The syllables as underthesea's regex alone cuts them, run over the whole sentence."""
    from pipeline.text.tokenizer import _syllable_pattern

    return [m.span() for m in _syllable_pattern().finditer(text, start, end)]


def test_syllables_are_the_regex_s_own():
    # the tokenizer skips the regex on plain syllables: every other case must still reach it
    from pipeline.text.tokenizer import _syllables

    for text in ["Thesis của ThS. Nguyễn và Th.S Lê, Thus, Thas thôi",
                 "Ông về TP. HCM, gặp Mr. Smith, e-mail abc@gmail.com, xem vnexpress.net/tin ngay",
                 "Xe 43H-0530 chạy 60.542.000 đồng, v.v... H&M, H'Mông, N’Thôn Hạ :D ==> 3x4",
                 "Nội, Hà Nội,, Huế,Đà Nẵng ,Vinh UBND. TP.HCM T.Ư Đ.T.H phát-triển 10/2017 1.600m-2.000m",
                 "giá 4K và 100,000,000 hay 4.123,2 lúc 10:20:50 ngày 02-03-2014 với 5°C, 20% +-×÷"]:
        for start, end in [(0, len(text)), (4, len(text) - 3), (0, text.index(",") + 1)]:
            expected = _regex_scan(text, start, end)
            # the sentence-final "." rule comes on top of the regex: compare where it does not apply
            if text[end - 1] != ".":
                assert _syllables(text, start, end) == expected, (text[start:end])


CHARS = st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẢÃẠàáảãạĐHNT .,;:!?\"'“”()-/%0123456789")
                        + ["\u0301", "\u0323", "\u200b", "\u00a0", "\n", "\t", "\r", "  ", "thị̣ ", "qui ", "TP.HCM. "])


@settings(max_examples=150, deadline=None)
@given(st.lists(CHARS, max_size=60).map("".join))
def test_every_span_slices_the_input(text):
    seg = segment_text(text)
    prev = 0
    for s, e in seg.words:
        assert prev <= s < e <= len(text)
        assert text[s:e].strip() == text[s:e] or not text[s:e].strip() == ""
        prev = e
    for s, e in seg.sentences + seg.paragraphs:
        assert 0 <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
    # every non-space character of the input is inside some word, or is a
    # mark or zero-width char the view set aside
    covered = set()
    for s, e in seg.words:
        covered.update(range(s, e))
    import unicodedata
    for i, c in enumerate(text):
        if not c.isspace() and i not in covered:
            assert unicodedata.combining(c) or c in "\u200b\ufeff"


@settings(max_examples=300, deadline=None)
@given(st.lists(CHARS | st.sampled_from(["Thes", "Th.s ", "Nội, ", "TP. ", "a-b", "x@y.vn ", "Thư,"]),
                max_size=60).map("".join))
def test_syllables_match_the_regex_on_any_text(text):
    from pipeline.text.tokenizer import _syllables

    end = len(text.rstrip("."))
    assert _syllables(text, 0, end) == _regex_scan(text, 0, end)


@settings(max_examples=50, deadline=None)
@given(st.lists(CHARS, max_size=60).map("".join))
def test_doc_round_trips(text):
    import pipeline

    doc = pipeline.default_nlp().make_doc(text)
    assert doc.text == text


def test_at_least_as_accurate_as_underthesea_on_ud_dev(shared_dir, nlp):
    from underthesea import word_tokenize

    from bench_tokenizer import f1, read_conllu, spans

    data = list(read_conllu(shared_dir / "corpora" / "ud-vtb" / "vi_vtb-ud-dev.conllu"))[:400]
    gold = [spans(words) for _, words in data]
    ours = [spans([t.text for t in nlp.make_doc(text) if not t.is_space]) for text, _ in data]
    theirs = [spans(word_tokenize(text)) for text, _ in data]
    assert f1(gold, ours)[2] >= f1(gold, theirs)[2]
    assert f1(gold, ours)[2] > 0.9
