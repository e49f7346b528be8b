"""Lines in capitals read in the document's own case by the names stage (issue 12, error class 7)."""
import pytest

import pipeline
from pipeline.entities.truecase import views

HEADLINE = "ÔNG TRẦN QUỐC HÙNG ĐƯỢC BẦU LÀM CHỦ TỊCH HỘI NÔNG DÂN TỈNH BẮC GIANG"
BODY = "Chiều 12/3, ông Trần Quốc Hùng được bầu làm Chủ tịch Hội Nông dân tỉnh Bắc Giang nhiệm kỳ mới."


@pytest.fixture(scope="module")
def nlp():
    return pipeline.load(exclude=("themes",))


def _words(nlp, text):
    return [sent.words for sent, _ in views(nlp.make_doc(text))]


def test_a_capitals_headline_takes_the_case_its_body_writes(nlp):
    headline, *_ = _words(nlp, f"{HEADLINE}\n{BODY}")
    assert " ".join(headline) == "Ông Trần Quốc Hùng được bầu làm Chủ tịch Hội Nông dân tỉnh Bắc Giang"


def test_words_the_body_lacks_keep_an_abbreviation_and_take_a_known_place(nlp):
    headline, *_ = _words(nlp, "UBND TỈNH TẶNG QUÀ NGƯỜI NGHÈO Ở VIỆT NAM\nHôm qua, đoàn công tác đã trao quà.")
    # "UBND" is no syllable, "Việt Nam" a country of the lexicons, the rest common words
    assert headline[0] == "UBND" and headline[-2:] == ["Việt", "Nam"]
    assert headline[1:6] == ["tỉnh", "tặng", "quà", "người", "nghèo"]


def test_only_capitals_lines_change_and_a_document_all_in_capitals_stays_as_printed(nlp):
    body, = _words(nlp, BODY)
    assert " ".join(body).startswith("Chiều 12 / 3 , ông Trần Quốc Hùng")
    caps = f"{HEADLINE}\n{BODY.upper()}"
    assert all(w == w.upper() for line in _words(nlp, caps) for w in line)   # no body to ask


def test_entities_of_the_headline_point_into_the_capitals_as_given(nlp):
    text = f"{HEADLINE}\n{BODY}"
    doc = nlp(text)
    found = {(e.label_, e.text) for e in doc.ents if e.end_char <= len(HEADLINE)}
    assert ("PERSON", "TRẦN QUỐC HÙNG") in found
    assert ("ORG", "HỘI NÔNG DÂN TỈNH BẮC GIANG") in found   # the CRF read "TỈNH BẮC GIANG" alone in capitals
    assert all(text[e.start_char:e.end_char] == e.text for e in doc.ents)


def test_an_office_named_in_a_capitals_headline_and_the_body_is_written_as_the_body_writes_it(nlp):
    text = ("BỘ TRƯỞNG NGUYỄN VĂN AN THĂM TỈNH QUẢNG NAM\n"
            "Sáng 3/5, Bộ trưởng Bộ Y tế Nguyễn Văn An đã đến thăm tỉnh Quảng Nam.")
    records = nlp(text)._.officials
    assert [(o["person"], o["title"], o["org"]) for o in records] == [("Nguyễn Văn An", "Bộ trưởng", "Bộ Y tế")]
    assert text[records[0]["start"]:records[0]["end"]] == "Bộ trưởng Bộ Y tế Nguyễn Văn An"


def test_a_recased_line_is_cut_into_words_again(nlp):
    """underthesea's segmenter glues words of a line in capitals ("THĂM TỈNH" one word); the CRF reads
    a word as a whole. Cut again on the recased text, "thăm" and "tỉnh" are two words."""
    text = ("BỘ TRƯỞNG NGUYỄN VĂN AN THĂM TỈNH QUẢNG NAM\n"
            "Sáng 3/5, Bộ trưởng Nguyễn Văn An thăm tỉnh Quảng Nam.")
    (headline, _), *_ = views(nlp.make_doc(text))
    ids = dict(zip(headline.words, headline.word_ids))
    assert ids["thăm"] != ids["tỉnh"] and ids["Quảng"] == ids["Nam"]


def test_the_tidy_up_reads_the_recased_line_and_a_plain_document_is_not_read_again(nlp):
    from pipeline.entities.truecase import recased_text

    def read(text):
        doc = nlp.make_doc(text)
        return recased_text(doc, views(doc))

    text = f"{HEADLINE}\n{BODY}"
    recased = read(text)
    assert len(recased) == len(text) and recased.lower() == text.lower()
    assert recased.startswith("Ông Trần Quốc Hùng được bầu") and recased.endswith(BODY)
    assert read(BODY) is None
