"""The modules of the names stage, one idea each, on sentences written for these tests:
the syllable view, the rules' word lists read from corpora/lexicons/, the features."""
from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

import pipeline
from pipeline.entities.lexicon import LEXICON_DIR, Lexicon, tokens
from pipeline.entities.rules import NameTagger, rule_entities
from pipeline.entities.syllables import Span, bio_labels, decode, sentence_views, to_entity

ENTITIES = Path(pipeline.__file__).resolve().parent / "entities"
NAMES_MODULES = ("syllables", "rules", "features", "ner_model", "names_component", "training", "lexicon",
                 *(f"tidy/{p.stem}" for p in sorted((ENTITIES / "tidy").glob("*.py"))))


@pytest.fixture(scope="module")
def nlp():
    return pipeline.load(exclude=("names", "officials", "themes"))


def names(nlp, text, tagger):
    return [(e.label, e.text) for e in rule_entities(nlp.make_doc(text), tagger)]


# ---------------------------------------------------------------------- the syllable view
def test_the_view_cuts_syllables_and_keeps_underthesea_words(nlp):
    doc = nlp.make_doc("Bộ Tài nguyên và Môi trường họp tại Hà Nội.")
    (sent, spans), = sentence_views(doc)
    assert sent.words[:4] == ["Bộ", "Tài", "nguyên", "và"]
    assert sent.word_ids[1] == sent.word_ids[2]          # "Tài nguyên" is one word
    assert sent.word_ids[0] != sent.word_ids[1]
    assert sent.joined(1) and not sent.joined(0)
    assert sent.surface(1, 3) == "Tài nguyên"


def test_blocked_spans_mark_the_tokens_taken_already(nlp):
    text = "Ngày 5/3 ông Bình đến."
    doc = nlp.make_doc(text)
    start = text.index("5/3")
    (sent, _), = sentence_views(doc, [(start, start + 3)])
    taken = [w for w, b in zip(sent.words, sent.blocked) if b]
    assert taken == ["5", "/", "3"]
    assert not sent.free(0, 4) and sent.free(4, sent.n)


def test_a_span_maps_back_to_the_input_exactly(nlp):
    text = "Ông Nguye\u0302\u0303n Văn Hòa đến."     # decomposed marks: the view is normalised, the input not
    doc = nlp.make_doc(text)
    (sent, _), = sentence_views(doc)
    ent = to_entity(doc, doc._.norm_text, sent, Span("PERSON", 1, 4))
    assert text[ent.start:ent.end] == ent.text == "Nguye\u0302\u0303n Văn Hòa"


def test_bio_tags_round_trip(nlp):
    doc = nlp.make_doc("Giám đốc Sở Y tế Lê Văn Hải phát biểu.")
    (sent, _), = sentence_views(doc)
    spans = [(0, 2, "TITLE"), (2, 5, "ORG"), (5, 8, "PERSON")]
    tags = bio_labels(sent, spans + [(9, 10, "DATE")])   # labels other than names are left out
    assert tags[:9] == ["B-TITLE", "I-TITLE", "B-ORG", "I-ORG", "I-ORG", "B-PERSON", "I-PERSON", "I-PERSON", "O"]
    assert decode(tags) == spans


# ---------------------------------------------------------------------- word lists in corpora/lexicons
@pytest.fixture
def emptied(tmp_path):
    """A copy of the lexicon folder with some word lists emptied (header comments kept)."""
    folder = tmp_path / "lexicons"
    shutil.copytree(LEXICON_DIR, folder)

    def empty(*files):
        for name in files:
            path = folder / name
            lines = path.read_text(encoding="utf-8").splitlines()
            path.write_text("\n".join(x for x in lines if x.startswith("#")) + "\n", encoding="utf-8")
        return NameTagger(Lexicon(folder))
    return empty


@pytest.mark.parametrize("text, entity, word_list", [
    ("Đoàn công tác đã làm việc tại Xuân Thới Thượng hôm qua.", ("LOC", "Xuân Thới Thượng"), "loc_prepositions.txt"),
    ("Ông Lê Văn Hải làm việc với Sở Kế hoạch và Đầu tư Hà Nội.", ("ORG", "Sở Kế hoạch và Đầu tư Hà Nội"),
     "org_connectors.txt"),
    ("Trưởng ban Tuyên giáo Trung ương đến thăm.", ("ORG", "Tuyên giáo Trung ương"), "fused_titles.txt"),
])
def test_the_rules_read_their_word_lists_from_the_lexicon_folder(nlp, emptied, text, entity, word_list):
    assert entity in names(nlp, text, NameTagger())
    assert entity not in names(nlp, text, emptied(word_list))


def test_word_lists_travel_with_the_lexicon(tmp_path):
    shipped = Lexicon()
    shipped.to_disk(tmp_path / "copy")
    copy = Lexicon(tmp_path / "copy")
    for attr in ("org_connectors", "admin_common_nouns", "generic_title_before", "fused_titles", "loc_prepositions",
                 "lunar_stems", "lunar_branches", "top_admin", "qualifier_admin", "admin_prefixes",
                 "not_person_words", "list_gaps", "clause_words"):
        assert getattr(copy, attr) == getattr(shipped, attr), attr
        assert getattr(shipped, attr), f"{attr} is empty"


def test_admin_levels_keep_their_file_order():
    assert Lexicon().admin_prefixes[:2] == ("Thành phố ", "Tỉnh ")
    assert {"Tỉnh", "Thành phố"} == Lexicon().top_admin


def _vietnamese(s: str) -> bool:
    return any(c.isalpha() and not c.isascii() for c in s)


def word_lists_in_code(source: str) -> list[tuple[int, list[str]]]:
    """Collections of two or more strings, one of them Vietnamese, written in code (a multi-syllable
    word compared token by token, `lows[i:j] == ["đại", "biểu"]`, is one word, not a list)."""
    tree = ast.parse(source)
    compared = {id(c) for node in ast.walk(tree) if isinstance(node, ast.Compare)
                and all(isinstance(op, ast.Eq) for op in node.ops) for c in node.comparators}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Set, ast.Tuple, ast.List)) and id(node) not in compared:
            items = node.elts
        elif isinstance(node, ast.Dict):
            items = [k for k in node.keys if k is not None]
        else:
            continue
        strings = [e.value for e in items if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        if len(strings) >= 2 and any(map(_vietnamese, strings)):
            found.append((node.lineno, strings))
    return found


def test_the_checker_finds_a_word_list():
    assert word_lists_in_code('STOP = {"các", "những"}\nx = lows[1:3] == ["đại", "biểu"]\n') == \
        [(1, ["các", "những"])]


@pytest.mark.parametrize("module", NAMES_MODULES)
def test_no_word_list_is_written_in_code(module):
    path = ENTITIES / f"{module}.py"
    assert word_lists_in_code(path.read_text(encoding="utf-8")) == [], f"move them to corpora/lexicons/ ({path.name})"


# ---------------------------------------------------------------------- rules as features
def test_rule_proposals_and_lexicons_become_features(nlp):
    from pipeline.entities.features import featurize, lexicon_marks, rule_bio
    from pipeline.entities.rules import default_tagger, tag_document

    doc = nlp.make_doc("Giám đốc Sở Y tế tỉnh Bình Định Lê Văn Hải phát biểu.")
    views = sentence_views(doc)
    (sent, _), = views
    marks = lexicon_marks(sent, default_tagger().lex)
    assert "B-SURNAME" in marks[sent.lows.index("lê")]
    rules, = tag_document(views, default_tagger())
    tags = rule_bio(sent, rules)
    assert tags[0] == "B-TITLE" and tags[sent.lows.index("lê")] == "B-PERSON"
    plain = featurize(sent)
    stacked = featurize(sent, rule_tags=tags)
    assert not any(f.startswith("rule=") for f in plain[0])
    assert "rule=B-TITLE" in stacked[0] and "rule[+1]=I-TITLE" in stacked[0]
    # the stacked model reads only the place lexicons: the rules have read the others already
    assert any(f.startswith("lex=B-TITLE") for f in plain[0])
    assert not any(f.startswith("lex=B-TITLE") for f in stacked[0])


def test_gazetteer_names_become_features_of_both_models(nlp, tmp_path):
    from pipeline.entities.features import featurize, gazetteer_marks
    from pipeline.entities.gazetteer import Gazetteer

    doc = nlp.make_doc("Tiền đạo Zlatko Brnovic ghi bàn cho Real Valdoria tối qua.")
    (sent, _), = sentence_views(doc)
    path = tmp_path / "names.tsv"
    path.write_text("Zlatko Brnovic\tPERSON\nReal Valdoria\tORG\n", encoding="utf-8")
    marks = gazetteer_marks(sent, Gazetteer(path))
    z, r = sent.lows.index("zlatko"), sent.lows.index("real")
    assert marks[z:z + 2] == ["B-PERSON", "I-PERSON"] and marks[r:r + 2] == ["B-ORG", "I-ORG"]
    assert marks.count(None) == sent.n - 4
    # the shipped gazetteer's names reach the features of the plain and the stacked model
    doc = nlp.make_doc("HLV Mourinho đưa Chelsea sang London.")
    (sent, _), = sentence_views(doc)
    m = sent.lows.index("mourinho")
    for feats in (featurize(sent), featurize(sent, rule_tags=["O"] * sent.n)):
        assert "gz=B-PERSON" in feats[m] and "gz[1]=B-PERSON" in feats[m - 1] and "gz[-1]=B-PERSON" in feats[m + 1]
        assert not any(f.startswith("gz=") for f in feats[0])


def test_each_token_reads_the_word_pair_it_ends(nlp):
    from pipeline.entities.features import PAIR, featurize

    doc = nlp.make_doc("Phó Ban Tuyên giáo phát biểu.")
    (sent, _), = sentence_views(doc)
    for feats in (featurize(sent), featurize(sent, rule_tags=["O"] * sent.n)):
        pairs = [[f[len(PAIR):] for f in token if f.startswith(PAIR)] for token in feats]
        assert pairs[0] == []                                  # the first token ends no pair
        assert pairs[1:4] == [["phó|ban"], ["ban|tuyên"], ["tuyên|giáo"]]


def _entity(label: str, text: str, name: str, k: int = 0):
    """An Entity over the k-th occurrence of `name` in `text` (the tidy-up steps' input)."""
    from pipeline.entities.types import Entity

    i = -1
    for _ in range(k + 1):
        i = text.index(name, i + 1)
    return Entity(label, i, i + len(name), name)


def test_generic_words_alone_are_dropped_as_orgs_whichever_tagger_proposed_them():
    from pipeline.entities.lexicon import default_lexicon
    from pipeline.entities.tidy import drop_generic_orgs

    text = "Trung ương chỉ đạo, Ban Chấp hành Trung ương họp, NLĐ được hỗ trợ."
    found = [_entity("ORG", text, "Trung ương"), _entity("ORG", text, "Ban Chấp hành Trung ương"),
             _entity("ORG", text, "NLĐ"), _entity("LOC", text, "Trung ương")]
    kept = drop_generic_orgs(found, default_lexicon())
    assert [(e.label, e.text) for e in kept] == [("ORG", "Ban Chấp hành Trung ương"), ("LOC", "Trung ương")]


def test_an_agency_that_runs_on_past_its_unit_ends_at_the_unit_name():
    """Error class 4 (runaway spans): "UBND tỉnh Quảng Nam kiểm tra công tác ..." is the ORG "UBND tỉnh
    Quảng Nam"; names that go on with the next level, a term, a particle or a typed-lower place stay."""
    from pipeline.entities.lexicon import default_lexicon
    from pipeline.entities.tidy import end_at_the_unit_name

    text = ("UBND tỉnh Quảng Nam kiểm tra công tác phòng chống lũ. Công an TP.HCM phát hiện ra. Ủy ban kiểm "
            "tra Tỉnh ủy Quảng Ngãi họp. Công an huyện Sông Mã tỉnh Sơn La, HĐND TP Đà Nẵng khóa IX, thành "
            "phố Deir ez Zor, tỉnh Lai châu, Hợp tác xã Thương mại Phú Lộc.")
    names = [("ORG", "UBND tỉnh Quảng Nam kiểm tra công tác phòng chống lũ"), ("ORG", "Công an TP.HCM phát hiện ra"),
             ("ORG", "Ủy ban kiểm tra Tỉnh ủy Quảng Ngãi"), ("ORG", "Công an huyện Sông Mã tỉnh Sơn La"),
             ("ORG", "HĐND TP Đà Nẵng khóa IX"), ("LOC", "thành phố Deir ez Zor"), ("LOC", "tỉnh Lai châu"),
             ("ORG", "Hợp tác xã Thương mại Phú Lộc")]
    found = [_entity(label, text, name) for label, name in names]
    kept = [e.text for e in end_at_the_unit_name(found, default_lexicon())]
    assert kept == ["UBND tỉnh Quảng Nam", "Công an TP.HCM", *(name for _, name in names[2:])]
    assert all(text[e.start:e.end] == e.text for e in end_at_the_unit_name(found, default_lexicon()))


def test_names_inside_a_document_code_are_dropped():
    from pipeline.entities.tidy import drop_inside_codes

    text = "Số: 12/KH-SGDĐT, theo Nghị định 100/2019/NĐ-CP, KH Lê Văn An gửi Sở GDĐT và Hà Nội/TP.HCM."
    found = [_entity(label, text, name, k) for label, name, k in [
        ("PERSON", "KH", 0), ("ORG", "SGDĐT", 0), ("ORG", "NĐ-CP", 0), ("PERSON", "KH", 1), ("PERSON", "Lê Văn An", 0),
        ("ORG", "Sở GDĐT", 0), ("LOC", "Hà Nội", 0), ("LOC", "TP.HCM", 0)]]
    kept = [(e.label, e.text) for e in drop_inside_codes(text, found)]
    assert kept == [("PERSON", "KH"), ("PERSON", "Lê Văn An"), ("ORG", "Sở GDĐT"), ("LOC", "Hà Nội"), ("LOC", "TP.HCM")]


def test_an_acronym_defined_in_brackets_is_an_org_wherever_it_recurs():
    from pipeline.entities.tidy import defined_acronyms
    from pipeline.entities.types import Entity

    text = "Quỹ Hỗ trợ Nông dân Bình An (QHTND) họp. Sau đó QHTND và QHTNDX bàn với (QHTND) về 12/QHTND."
    name = "Quỹ Hỗ trợ Nông dân Bình An"
    found = [Entity("ORG", 0, len(name), name, canonical=name)]
    date = text.index("12/QHTND")
    out = defined_acronyms(text, found, taken=[(date, date + len("12/QHTND"))])
    acronyms = [(e.start, e.canonical) for e in out if e.text == "QHTND"]
    starts = [i for i in range(len(text)) if text.startswith("QHTND", i)]
    # the definition, the later mention and the one in brackets; not inside "QHTNDX" nor a taken span
    assert [s for s, _ in acronyms] == [starts[0], starts[1], starts[3]]
    assert {c for _, c in acronyms} == {name}
    assert defined_acronyms("Hà Nội (HN) mưa.", [Entity("LOC", 0, 6, "Hà Nội")]) == [Entity("LOC", 0, 6, "Hà Nội")]


def test_an_agency_run_into_the_officials_name_is_cut_where_the_agency_ends(nlp):
    from pipeline.entities.lexicon import default_lexicon
    from pipeline.entities.ner_model import _split_glued

    def view(text):
        (sent, _), = sentence_views(nlp.make_doc(text))
        return sent

    def tok(sent, word):
        return sent.words.index(word)

    sent = view("Giám đốc Sở Y tế Đồng Nai Phan Văn Lộc cho biết.")
    s, m = tok(sent, "Sở"), tok(sent, "Phan")
    rules = [Span("PERSON", m, m + 3)]
    glued = [(0, 2, "TITLE"), (s, m + 3, "ORG")]
    assert _split_glued(glued, rules, sent, default_lexicon()) == [(0, 2, "TITLE"), (s, m, "ORG"), (m, m + 3, "PERSON")]
    # a school named after a person ends in no place or agency word: it stays whole
    sent = view("Học sinh Trường THPT Nguyễn Du đạt giải.")
    s, m = tok(sent, "Trường"), tok(sent, "Nguyễn")
    whole = [(s, m + 2, "ORG")]
    assert _split_glued(whole, [Span("PERSON", m, m + 2)], sent, default_lexicon()) == whole
    assert _split_glued(whole, [], sent, default_lexicon()) == whole


def test_the_rules_read_a_local_agency_with_a_lower_case_head(nlp):
    tagger = NameTagger()
    found = names(nlp, "Người dân báo cho công an xã Tân Phú và ủy ban nhân dân tỉnh Hòa Bình.", tagger)
    assert ("ORG", "công an xã Tân Phú") in found and ("ORG", "ủy ban nhân dân tỉnh Hòa Bình") in found
    # the head alone, or followed by no place, is no agency
    assert not [f for f in names(nlp, "Lực lượng công an đã có mặt ở đó.", tagger) if f[0] == "ORG"]


def test_a_foreign_surname_recurring_alone_is_the_same_person():
    from pipeline.entities.lexicon import default_lexicon
    from pipeline.entities.tidy import repeated_names
    from pipeline.entities.types import Entity

    text = ("Thợ lặn Brandon Okafor tìm thấy xác tàu. Okafor kể lại chuyến đi. "
            "Hãng Okafor Marine tài trợ. Họ gặp Okafor hôm qua. Bà Lena Vox nói, rồi Vox về.")
    def at(word, k=0):
        i = -1
        for _ in range(k + 1):
            i = text.index(word, i + 1)
        return i
    found = [Entity("PERSON", at("Brandon"), at("Brandon") + len("Brandon Okafor"), "Brandon Okafor"),
             Entity("ORG", at("Okafor", 3), at("Okafor", 3) + 6, "Okafor"),
             Entity("PERSON", at("Lena"), at("Lena") + 8, "Lena Vox")]
    out = repeated_names(text, found, default_lexicon(), taken=[])
    persons = {(e.start, e.text) for e in out if e.label == "PERSON"}
    # the later mention alone, and the lone one-word ORG of the same surname, are the person
    assert (at("Okafor", 1), "Okafor") in persons and (at("Okafor", 3), "Okafor") in persons
    # not inside a longer capitalised name, and not a surname shorter than four letters
    assert (at("Okafor", 2), "Okafor") not in persons
    assert (at("Vox", 1), "Vox") not in persons
    assert len(out) == 4
    # a Vietnamese name gives no surname key: "Nam" stays whatever it was
    vn = "Ông Nguyễn Văn Nam đến miền Nam."
    assert repeated_names(vn, [Entity("PERSON", 4, 18, "Nguyễn Văn Nam")], default_lexicon()) == \
        [Entity("PERSON", 4, 18, "Nguyễn Văn Nam")]


def test_a_vietnamese_given_name_alone_is_the_person_inside_a_sentence():
    from pipeline.entities.lexicon import default_lexicon
    from pipeline.entities.tidy import repeated_names
    from pipeline.entities.types import Entity

    text = ("Bị cáo Phạm Văn Thông (45 tuổi) khai rằng Thông quen nạn nhân từ lâu. Thông khai tiếp. "
            "Phong trào ở xã do Thông khởi xướng.")
    found = [Entity("PERSON", 7, 21, "Phạm Văn Thông")]
    got = [(e.start, e.text) for e in repeated_names(text, found, default_lexicon())]
    inside = text.index("Thông quen")
    last = text.rindex("Thông")
    # inside a sentence the given name is the man; a sentence's first word says nothing by its capital
    assert got == [(7, "Phạm Văn Thông"), (inside, "Thông"), (last, "Thông")]
    # a given name that is a holiday is not looked for: "mùng 4 Tết" stays a date's word
    text = "Ảnh chụp ngày mùng 4 Tết, người chụp: Nguyễn Lê Tết."
    found = [Entity("PERSON", text.index("Nguyễn"), len(text) - 1, "Nguyễn Lê Tết")]
    assert repeated_names(text, found, default_lexicon()) == found


def test_a_name_found_once_is_a_person_where_it_recurs_but_not_inside_a_word():
    from pipeline.entities.lexicon import default_lexicon
    from pipeline.entities.tidy import repeated_names
    from pipeline.entities.types import Entity

    text = "Chị Thanh Mai đi chợ. Sau đó Thanh Mai về nhà. Bé Sona cười, rồi Sona ngủ. Ông Trung đến Trung tâm."
    mai, sona, trung = text.index("Thanh Mai"), text.index("Sona"), text.index("Trung")
    found = [Entity("PERSON", mai, mai + 9, "Thanh Mai"), Entity("PERSON", sona, sona + 4, "Sona"),
             Entity("PERSON", trung, trung + 5, "Trung")]
    out = repeated_names(text, found, default_lexicon())
    starts = sorted(e.start for e in out if e.label == "PERSON")
    assert starts == sorted([mai, text.index("Thanh Mai", mai + 1), sona, text.index("Sona", sona + 1), trung])
    # a name seen only alone turns no other entity into a PERSON
    org = text.index("Sona", sona + 1)
    kept = repeated_names(text, [Entity("PERSON", sona, sona + 4, "Sona"), Entity("ORG", org, org + 4, "Sona")],
                          default_lexicon())
    assert [e.label for e in kept] == ["PERSON", "ORG"]


def test_a_street_named_after_a_person_is_a_place():
    from pipeline.entities.lexicon import default_lexicon
    from pipeline.entities.tidy import streets_named_for_people

    ent = _entity

    text = "Xe dừng ở ngã tư Lê Văn Sỹ - Trần Huy Liệu, gần nhà ông Trần Huy Liệu. Chủ tịch UBND Thành phố Võ Văn Kiệt nói."
    found = [ent("PERSON", text, "Lê Văn Sỹ"), ent("PERSON", text, "Trần Huy Liệu"),
             ent("PERSON", text, "Trần Huy Liệu", 1), ent("PERSON", text, "Võ Văn Kiệt")]
    labels = [e.label for e in streets_named_for_people(text, found, default_lexicon())]
    # the junction's two streets; the man himself, and a name after "Thành phố", stay people
    assert labels == ["LOC", "LOC", "PERSON", "PERSON"]
    # "such as" between the street word and the street
    text = "Mưa ngập nhiều tuyến đường như Võ Văn Ngân và cả đoạn trước nhà ông Võ Văn Ngân."
    found = [ent("PERSON", text, "Võ Văn Ngân"), ent("PERSON", text, "Võ Văn Ngân", 1)]
    assert [e.label for e in streets_named_for_people(text, found, default_lexicon())] == ["LOC", "PERSON"]

    # a house number before the street; a seed or shirt number before a player is no address
    text = "Bà Hoa (trú tại 16 Lương Văn Can) gặp hạt giống số 1 Lê Quang Liêm; quán ở số 20B Trần Hưng Đạo."
    found = [ent("PERSON", text, "Lương Văn Can"), ent("PERSON", text, "Lê Quang Liêm"),
             ent("PERSON", text, "Trần Hưng Đạo")]
    assert [e.label for e in streets_named_for_people(text, found, default_lexicon())] == ["LOC", "PERSON", "LOC"]

    # a route ("tuyến") and a list joined by "và": both streets; a person after "và ông" stays one
    text = "Quán trên tuyến Ngô Quyền và Đào Duy Từ đóng cửa, còn phố Huế và ông Đào Duy Từ thì không."
    found = [ent("PERSON", text, "Ngô Quyền"), ent("PERSON", text, "Đào Duy Từ"),
             ent("LOC", text, "phố Huế"), ent("PERSON", text, "Đào Duy Từ", 1)]
    assert [e.label for e in streets_named_for_people(text, found, default_lexicon())] == ["LOC", "LOC", "LOC", "PERSON"]

    # a list after a street needs no surname first ("Quang Trung"), and the street opening it may hold
    # its street word inside its span
    text = "Các tuyến phố Trần Phú, Lê Lợi, Quang Trung ngập; ùn tắc trên đường Phạm Văn Đồng và Võ Nguyên Giáp."
    found = [ent("LOC", text, "phố Trần Phú"), ent("PERSON", text, "Lê Lợi"), ent("PERSON", text, "Quang Trung"),
             ent("LOC", text, "đường Phạm Văn Đồng"), ent("PERSON", text, "Võ Nguyên Giáp")]
    assert [e.label for e in streets_named_for_people(text, found, default_lexicon())] == ["LOC"] * 5
    # a name after a street that is no list of streets stays a person
    text = "Ùn tắc trên đường Phạm Văn Đồng khiến Quang Trung đến muộn."
    found = [ent("LOC", text, "đường Phạm Văn Đồng"), ent("PERSON", text, "Quang Trung")]
    assert [e.label for e in streets_named_for_people(text, found, default_lexicon())] == ["LOC", "PERSON"]


def test_names_lose_the_markup_and_emoji_at_their_ends():
    from pipeline.entities.tidy import symbols_off_names
    from pipeline.entities.types import Entity

    ent = _entity
    text = "<b>Phạm Minh Chính</b> và Mỹ Tâm❤️, Hà Anh Tuấn 🎤 cùng báo Vietnam+ và 🎤."
    found = [ent("PERSON", text, "Phạm Minh Chính<"), ent("PERSON", text, "Mỹ Tâm❤️"),
             ent("PERSON", text, "Hà Anh Tuấn 🎤"), ent("ORG", text, "Vietnam+"), ent("ORG", text, "🎤", 1)]
    assert [(e.text, text[e.start:e.end]) for e in symbols_off_names(text, found)] == [
        ("Phạm Minh Chính", "Phạm Minh Chính"), ("Mỹ Tâm", "Mỹ Tâm"), ("Hà Anh Tuấn", "Hà Anh Tuấn"),
        ("Vietnam+", "Vietnam+")]
    # a letter's own combining accent at the end is no symbol ("Vì" written as "Vi" and a grave)
    text = "huyện Ba Vi\u0300, Hà Nội"
    assert symbols_off_names(text, [Entity("LOC", 0, 12, text[:12])])[0].text == text[:12]


def test_a_name_does_not_end_in_a_scores_first_number():
    from pipeline.entities.lexicon import default_lexicon
    from pipeline.entities.tidy import scores_off_names

    text = "Đội Sao Biển thắng Hải Âu FC 3-1, còn Minh Long 2–2 Phú Cường; Quận 7 có mưa, chợ Tân Định 4 - 5 gian."
    found = [_entity("ORG", text, "Hải Âu FC 3"), _entity("PERSON", text, "Minh Long 2"),
             _entity("ORG", text, "Phú Cường"), _entity("LOC", text, "Quận 7"), _entity("LOC", text, "chợ Tân Định 4")]
    kept = scores_off_names(text, found, default_lexicon())
    assert [(e.label, e.text, text[e.start:e.end]) for e in kept] == [
        ("ORG", "Hải Âu FC", "Hải Âu FC"), ("PERSON", "Minh Long", "Minh Long"), ("ORG", "Phú Cường", "Phú Cường"),
        ("LOC", "Quận 7", "Quận 7"), ("LOC", "chợ Tân Định", "chợ Tân Định")]
    # the whole pipeline: the club before a score ends at its name, and its offsets are the input's
    text = "Al Ahly đã đánh bại Zamalek 2-1 trong trận derby thủ đô Cairo tối qua."
    names = [(e.text, e.start_char) for e in pipeline.default_nlp()(text).ents if e.label_ in ("ORG", "PERSON", "LOC")]
    assert ("Zamalek", text.index("Zamalek")) in names
    assert not [name for name, _ in names if name[-1].isdigit()]


def test_a_season_after_a_calendar_word_is_no_person():
    from pipeline.entities.lexicon import default_lexicon
    from pipeline.entities.tidy import drop_seasons
    from pipeline.entities.types import Entity

    text = "Mừng Đảng, mừng Xuân, anh Xuân đón khách dịp đầu Xuân; mùa Đông năm ấy chị Đông về."
    found = [Entity("PERSON", m.start(), m.end(), m.group()) for m in re.finditer(r"Xuân|Đông", text)]
    kept = [text[:e.start].split()[-1] + " " + e.text for e in drop_seasons(text, found, default_lexicon())]
    assert kept == ["anh Xuân", "chị Đông"]
    # a holiday alone is no name whatever stands before it
    text = "Sáng mùng 5 Tết, anh Tịnh về quê."
    found = [Entity("PERSON", text.index("Tết"), text.index("Tết") + 3, "Tết"),
             Entity("PERSON", text.index("Tịnh"), text.index("Tịnh") + 4, "Tịnh")]
    assert [e.text for e in drop_seasons(text, found, default_lexicon())] == ["Tịnh"]


def test_a_ship_named_after_a_person_is_no_person():
    from pipeline.entities.lexicon import default_lexicon
    from pipeline.entities.tidy import drop_ship_names

    def person(text, name, k=0):
        return _entity("PERSON", text, name, k)

    text = ("Tàu khu trục USS Kidd Lane cập cảng; Tàu Trần Quý Cáp rời bến. USS Kidd Lane mang tên "
            "ông Kidd Lane, người Vũng Tàu Lê Hải lái tàu.")
    found = [person(text, "Kidd Lane"), person(text, "Tàu Trần Quý Cáp"), person(text, "USS Kidd Lane", 1),
             person(text, "Kidd Lane", 2), person(text, "Lê Hải")]
    kept = [text[e.start - 4:e.end] for e in drop_ship_names(text, found, default_lexicon())]
    # the ship after "tàu khu trục USS", after "Tàu" opening a sentence, and "USS ..." itself go; the man
    # it is named after, and a name after the place "Vũng Tàu", stay
    assert kept == ["ông Kidd Lane", "Tàu Lê Hải"]


def test_a_business_named_like_a_person_is_an_org_and_its_owner_stays_a_person():
    from pipeline.entities.lexicon import default_lexicon
    from pipeline.entities.tidy import firms_named_like_people

    text = ("Nhà xe Hồng Tiên cho biết xe của nhà xe Thanh Hường bị hỏng; chủ cửa hàng Lê Văn Khải "
            "mở cửa hàng Hiếu Trang, anh Thanh Hường đi nhà hàng cùng Vy.")
    found = [_entity("PERSON", text, "Hồng Tiên"), _entity("PERSON", text, "Thanh Hường"),
             _entity("PERSON", text, "Lê Văn Khải"), _entity("PERSON", text, "Hiếu Trang"),
             _entity("PERSON", text, "Thanh Hường", 1), _entity("PERSON", text, "Vy")]
    out = firms_named_like_people(text, found, default_lexicon())
    assert [(e.label, e.text) for e in out] == [
        ("ORG", "Hồng Tiên"),     # "Nhà xe" opening the sentence
        ("ORG", "Thanh Hường"),
        ("PERSON", "Lê Văn Khải"),   # the owner: "chủ cửa hàng"
        ("ORG", "Hiếu Trang"),
        ("PERSON", "Thanh Hường"),   # after "anh"
        ("PERSON", "Vy")]            # "nhà hàng cùng Vy": not right after the word
    assert out[0].canonical == "Hồng Tiên" and (out[0].start, out[0].end) == (found[0].start, found[0].end)
    # a coach or a taxi named by its company; its driver is a person
    text = "Hành khách đi xe khách Kim Chi, bắt taxi Mai Linh; tài xế xe khách Trần Văn Lộc bỏ trốn."
    found = [_entity("PERSON", text, "Kim Chi"), _entity("PERSON", text, "Mai Linh"),
             _entity("PERSON", text, "Trần Văn Lộc")]
    assert [e.label for e in firms_named_like_people(text, found, default_lexicon())] == ["ORG", "ORG", "PERSON"]


def test_a_province_opening_a_line_before_a_colon_is_a_place():
    from pipeline.entities.lexicon import default_lexicon
    from pipeline.entities.tidy import dateline_places

    text = "Khánh Hòa: Người dân về quê\nBà Khánh Hòa: tôi đồng ý. Chị Nga nói."
    found = [_entity("PERSON", text, "Khánh Hòa"), _entity("PERSON", text, "Khánh Hòa", 1),
             _entity("PERSON", text, "Nga")]
    # only the line's first words: "Bà Khánh Hòa:" is a woman speaking, "Chị Nga" no dateline
    assert [e.label for e in dateline_places(text, found, default_lexicon())] == ["LOC", "PERSON", "PERSON"]
    # a province a club is named after, read as the club, is the headline's place too; an agency stays
    text = "Long An: Bắt giữ 2 xe tải chở hàng lậu\nCục Hải quan Long An: đã xử lý."
    found = [_entity("ORG", text, "Long An"), _entity("ORG", text, "Cục Hải quan Long An")]
    assert [e.label for e in dateline_places(text, found, default_lexicon())] == ["LOC", "ORG"]


def test_a_headline_opened_by_a_province_and_a_colon_names_a_place():
    record = pipeline.analyze("Long An: Bắt giữ 2 xe tải chở đường cát lậu\nSáng 3/12, Cục Hải quan tỉnh "
                              "Long An cho biết đã bắt giữ 2 xe tải tại huyện Đức Huệ.")
    assert ("LOC", "Long An") == next((e["label"], e["text"]) for e in record["entities"])


def test_an_item_of_a_list_of_people_or_places_takes_the_lists_label():
    from pipeline.entities.tidy import list_labels

    def ents(text, labelled):
        return [_entity(label, text, name) for name, label in labelled]

    text = "Mưa lớn ở Lâm Bình, Na Hang, Chiêm Hóa; nạn nhân gồm Lê Huế, Nguyễn Hợi và Hồ Thị Điệp."
    found = ents(text, [("Lâm Bình", "LOC"), ("Na Hang", "PERSON"), ("Chiêm Hóa", "LOC"), ("Lê Huế", "PERSON"),
                        ("Nguyễn Hợi", "LOC"), ("Hồ Thị Điệp", "PERSON")])
    assert [e.label for e in list_labels(text, found)] == ["LOC", "LOC", "LOC", "PERSON", "PERSON", "PERSON"]
    # agencies and places mix in real lists; a name not between two commas of a list keeps its label
    text = "Hoa Kỳ, EU, Nhật Bản ủng hộ; ông Tâm ở Hà Nội gặp bà Lan."
    found = ents(text, [("Hoa Kỳ", "LOC"), ("EU", "ORG"), ("Nhật Bản", "LOC"), ("Tâm", "PERSON"),
                        ("Hà Nội", "LOC"), ("Lan", "PERSON")])
    assert [e.label for e in list_labels(text, found)] == ["LOC", "ORG", "LOC", "PERSON", "LOC", "PERSON"]


def test_a_numbered_road_no_entity_covers_is_a_place():
    from pipeline.entities.tidy import road_codes
    from pipeline.entities.types import Entity

    text = "Tai nạn trên QL14 và Quốc lộ 1A, gần ĐT 762 thuộc tỉnh Đồng Nai; xe số 14 chạy QL."
    place = text.index("tỉnh Đồng Nai")
    found = [Entity("LOC", place, place + 13, "tỉnh Đồng Nai")]
    got = [e.text for e in road_codes(text, found, taken=[(text.index("ĐT 762"), text.index("ĐT 762") + 6)])]
    # a road a number or another entity has taken stays theirs; "số 14" and a bare "QL" are no road
    assert got == ["QL14", "Quốc lộ 1A", "tỉnh Đồng Nai"]


def test_one_name_takes_its_majority_label_but_a_person_never_becomes_a_place():
    from pipeline.entities.tidy import consistent_labels
    from pipeline.entities.types import Entity

    found = [Entity("ORG", 0, 6, "Zentro"), Entity("PERSON", 10, 16, "Zentro"), Entity("ORG", 20, 26, "Zentro"),
             Entity("LOC", 30, 35, "Vinta"), Entity("PERSON", 40, 45, "Vinta"), Entity("LOC", 50, 55, "Vinta"),
             Entity("ORG", 60, 64, "Kamo"), Entity("PERSON", 70, 74, "Kamo")]
    labels = [e.label for e in consistent_labels(found)]
    # the lone PERSON "Zentro" joins the two ORGs; "Vinta" stays a PERSON once; a tie changes nothing
    assert labels == ["ORG", "ORG", "ORG", "LOC", "PERSON", "LOC", "ORG", "PERSON"]


def test_name_mentions_match_the_whole_name_search_they_replace():
    """`_mentions` must find what a regular expression of the keys (longest first, whole names)
    finds: the same starts and ends, on text with hyphens, dots, prefixes and overlapping keys."""
    import re

    from pipeline.entities.tidy import _mentions

    text = ("Lena Vox gặp Vox-Tech và Voxx. Ông Vox, bà Lena Vox Minh, anh Vox.Lena. Lena Vox "
            "rồi Lena, Vox' và 'Vox; L.Vox; Lena Voxer; Lena Vox Minh nói với Vox.")
    keys = {"Lena Vox", "Vox", "Lena", "Lena Vox Minh"}
    pattern = re.compile(r"(?<![\w\-'.])(" + "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
                         + r")(?![\w\-'])")
    expected = [m.span() for m in pattern.finditer(text)]
    assert _mentions(text, keys) == expected
    assert (text.index("Lena Vox Minh"), text.index("Lena Vox Minh") + len("Lena Vox Minh")) in expected
    assert text.index("Vox-Tech") not in [s for s, _ in expected]


def test_honorific_and_cue_ends_are_found_once_per_sentence():
    """`Sentence.match_ends`: the tokens where an entry of a kind ends, up to a length."""
    from pipeline.entities.lexicon import default_lexicon, tokens
    from pipeline.entities.syllables import Sentence

    text = "Hôm qua ông Nam và Phó Chủ tịch Lan đến"
    spans = tokens(text)
    sent = Sentence(text, spans, list(range(len(spans))), [False] * len(spans))
    lex = default_lexicon()
    ends = sent.match_ends(lex, "HONORIFIC", 4)
    words = sent.words
    assert words.index("Nam") in ends  # "ông" ends just before "Nam"
    assert words.index("Hôm") not in ends and words.index("qua") not in ends
    assert sent.match_ends(lex, "HONORIFIC", 4) is ends  # remembered


def test_the_scan_skips_only_lower_case_words_nothing_can_start_at():
    """`NameTagger._starters`: a lower-case word is a candidate only when an entry can match it in lower
    case (titles and admin words in any case, lower-case heads, local heads); "anh" (a place, "Anh",
    only when capitalised) is skipped, and the spans are what a scan of every word finds."""
    from pipeline.entities.syllables import Sentence

    tagger = NameTagger()
    assert {"chủ", "huyện", "công"} <= tagger._starters and "anh" not in tagger._starters
    text = "anh Ba nói chủ tịch xã và công an huyện Hòa Lâm đã đến nước Anh"
    spans = tokens(text)
    sent = Sentence(text, spans, list(range(len(spans))), [False] * len(spans))
    found = [(sp.label, sent.surface(sp.start, sp.end)) for sp in tagger.tag_sentence(sent)]
    every = NameTagger()
    every.__dict__["_starters"] = {low for low in sent.lows}   # no word skipped
    sent2 = Sentence(text, spans, list(range(len(spans))), [False] * len(spans))
    assert found == [(sp.label, sent2.surface(sp.start, sp.end)) for sp in every.tag_sentence(sent2)]
    assert ("LOC", "nước Anh") in found and not any(s == "anh" for _, s in found)


def test_a_name_never_holds_half_a_bracket_or_half_a_quotation():
    from pipeline.entities.lexicon import default_lexicon
    from pipeline.entities.tidy import whole_brackets

    lex = default_lexicon()

    def tidied(text, ents):
        out = whole_brackets(text, ents, lex)
        assert all(text[e.start:e.end] == e.text for e in out)
        return [(e.label, e.text) for e in out]

    text = "Ban Quản lý dự án (BQLDA) Bộ Xây dựng cho biết."
    assert tidied(text, [_entity("ORG", text, "Ban Quản lý dự án (BQLDA")]) == [("ORG", "Ban Quản lý dự án")]
    # started inside a bracket: what follows is kept only as a known place
    text = "Khu công nghiệp (KCN) Yên Phong và (KCN) Tân Bình Hòa."
    assert tidied(text, [_entity("ORG", text, "KCN) Yên Phong"), _entity("ORG", text, "KCN) Tân Bình Hòa")]) == [
        ("LOC", "Yên Phong")]
    text = "Công ty (Vietnam Aluminum Co) đóng tại đây."
    assert tidied(text, [_entity("ORG", text, "Vietnam Aluminum Co)")]) == [("ORG", "Vietnam Aluminum Co")]
    text = 'Ông Minh "Nhựa" mất hơn 1 tỷ đồng.'
    assert tidied(text, [_entity("PERSON", text, 'Minh "Nhựa')]) == [("PERSON", "Minh")]
    # a head noun left alone names nothing; a span with its brackets whole is left as it is
    text = "Ngân hàng (NH) Vietcombank và Ủy ban Nhân dân (UBND) tỉnh."
    assert tidied(text, [_entity("ORG", text, "Ngân hàng (NH"), _entity("ORG", text, "Ủy ban Nhân dân (UBND) tỉnh")]) == [
        ("ORG", "Ủy ban Nhân dân (UBND) tỉnh")]


def test_a_unit_named_after_its_level_takes_the_name_the_tagger_read_as_a_person():
    from pipeline.entities.lexicon import default_lexicon
    from pipeline.entities.tidy import units_named_after_their_level

    lex = default_lexicon()
    text = "Phó Chủ tịch UBND xã Chu Phan dùng bằng giả; giao tranh ở thị trấn Abu Kamal."
    found = [_entity("ORG", text, "UBND xã"), _entity("PERSON", text, "Chu Phan"),
             _entity("LOC", text, "thị trấn"), _entity("PERSON", text, "Abu Kamal")]
    assert [(e.label, e.text) for e in units_named_after_their_level(text, found, lex)] == [
        ("ORG", "UBND xã Chu Phan"), ("LOC", "thị trấn Abu Kamal")]
    # "ông xã" is a husband, "Tân hoa xã" a news agency: the name after them stays a PERSON
    text = "Theo Tân hoa xã Hoàng Lê đưa tin, ông xã Trần Vinh đã về."
    found = [_entity("ORG", text, "Tân hoa xã"), _entity("PERSON", text, "Hoàng Lê"),
             _entity("LOC", text, "ông xã"), _entity("PERSON", text, "Trần Vinh")]
    assert [e.label for e in units_named_after_their_level(text, found, lex)] == ["ORG", "PERSON", "LOC", "PERSON"]


@pytest.mark.parametrize("text, expected", [
    # an internal report names its own district's committee without the district (from the reports trial)
    ("Chủ tịch UBND huyện Nguyễn Văn Nam ký quyết định.", [("TITLE", "Chủ tịch"), ("ORG", "UBND huyện"),
                                                            ("PERSON", "Nguyễn Văn Nam")]),
    ("Phó Chủ tịch UBND thị xã Lê Thị Hoa phát biểu.", [("TITLE", "Phó Chủ tịch"), ("ORG", "UBND thị xã"),
                                                         ("PERSON", "Lê Thị Hoa")]),
    # districts and communes named after people stay places
    ("Trưởng Công an huyện Trần Văn Thời cho biết.", [("TITLE", "Trưởng"), ("ORG", "Công an huyện Trần Văn Thời")]),
    ("Chủ tịch UBND xã Phạm Văn Hai cho biết.", [("TITLE", "Chủ tịch"), ("ORG", "UBND xã Phạm Văn Hai")]),
])
def test_a_holder_named_after_a_districts_level_is_a_person_unless_a_district_is_so_named(text, expected):
    record = pipeline.analyze(text)
    assert [(e["label"], e["text"]) for e in record["entities"]] == expected


def test_a_title_starts_after_former_or_new_and_ends_before_a_latin_name():
    from pipeline.entities.lexicon import default_lexicon
    from pipeline.entities.tidy import titles_drawn_as_the_guidelines_say

    def tidied(text, ents):
        out = titles_drawn_as_the_guidelines_say(text, ents, default_lexicon())
        assert all(text[e.start:e.end] == e.text for e in out)
        return [(e.label, e.text) for e in out]

    text = "Việc Tổng thống Marcon tập hợp các nghị sĩ; tân Giám đốc nhận việc."
    assert tidied(text, [_entity("TITLE", text, "Tổng thống Marcon"), _entity("TITLE", text, "tân Giám đốc")]) == [
        ("TITLE", "Tổng thống"), ("PERSON", "Marcon"), ("TITLE", "Giám đốc")]
    # a run of Latin words no given name opens is no PERSON; a Vietnamese title is left whole
    text = "Ông Thịnh, Giám đốc Music One, và Phó Chủ tịch Thường trực đến."
    assert tidied(text, [_entity("TITLE", text, "Giám đốc Music One"),
                         _entity("TITLE", text, "Phó Chủ tịch Thường trực")]) == [
        ("TITLE", "Giám đốc"), ("TITLE", "Phó Chủ tịch Thường trực")]
    # "quyền" (acting) opens the office; it closes the word before in "chính quyền", "thừa ủy quyền"
    text = "Bà là quyền Giám đốc (chính quyền Tổng thống), thừa ủy quyền Chủ tịch nước."
    assert tidied(text, [_entity("TITLE", text, "Giám đốc"), _entity("TITLE", text, "Tổng thống"),
                         _entity("TITLE", text, "quyền Chủ tịch nước")]) == [
        ("TITLE", "quyền Giám đốc"), ("TITLE", "Tổng thống"), ("TITLE", "Chủ tịch nước")]


def test_a_bare_office_word_in_lower_case_is_a_title_unless_generic_or_part_of_a_longer_one():
    from pipeline.entities.lexicon import default_lexicon
    from pipeline.entities.tidy import bare_office_titles

    def added(text, found=()):
        out = bare_office_titles(text, list(found), default_lexicon())
        return [(e.label, e.text) for e in out if e not in found]

    assert added("Ông Trump công kích thẩm phán; bê bối của tổng thống lan rộng.") == [
        ("TITLE", "thẩm phán"), ("TITLE", "tổng thống")]
    assert added("Cô hiệu phó đi khám; lăng mộ của hoàng đế.") == [("TITLE", "hiệu phó"), ("TITLE", "hoàng đế")]
    # generic ("các", also past "cựu"), a board, the tail of a longer title, a word already covered
    text = "Các nghị sĩ, các cựu giám đốc, ban giám đốc và Ban Tổng giám đốc họp; Chủ tịch phát biểu."
    assert added(text) == []
    text = "Phó chủ tịch tổng thống Nga nói."
    assert added(text, [_entity("TITLE", text, "Phó chủ tịch"), _entity("TITLE", text, "tổng thống")]) == []


def test_a_name_made_a_place_by_its_geographic_word_is_a_loc():
    from pipeline.entities.lexicon import default_lexicon
    from pipeline.entities.tidy import places_by_their_head

    text = "Du khách đến Kalani Beach, leo Mount Kaala, qua Đèo Khau Phạ; diễn viên Jonah Hill đến sau."
    found = [_entity("PERSON", text, name) for name in ("Kalani Beach", "Mount Kaala", "Đèo Khau Phạ", "Jonah Hill")]
    assert [(e.label, e.text) for e in places_by_their_head(found, default_lexicon())] == [
        ("LOC", "Kalani Beach"), ("LOC", "Mount Kaala"), ("LOC", "Đèo Khau Phạ"), ("PERSON", "Jonah Hill")]
    # one word alone, or a family name that is also a place noun ("Hồ", "Sông"), stays a PERSON
    text = "Ông Beach và bà Hồ Thu Trang đến."
    found = [_entity("PERSON", text, "Beach"), _entity("PERSON", text, "Hồ Thu Trang")]
    assert [e.label for e in places_by_their_head(found, default_lexicon())] == ["PERSON", "PERSON"]


def test_an_occupation_written_short_is_no_agency():
    from pipeline.entities.lexicon import default_lexicon
    from pipeline.entities.tidy import drop_generic_orgs

    text = "BLV Quang Huy và KTS Võ Nam nói với Bộ Xây dựng."
    found = [_entity("ORG", text, "BLV"), _entity("ORG", text, "KTS"), _entity("ORG", text, "Bộ Xây dựng")]
    assert [e.text for e in drop_generic_orgs(found, default_lexicon())] == ["Bộ Xây dựng"]


def test_two_known_places_joined_by_a_dash_are_two_locs_unless_the_whole_is_one():
    from pipeline.entities.lexicon import default_lexicon
    from pipeline.entities.tidy import place_pairs

    text = "Tuyến Hà Nội-Hải Phòng, quan hệ Nga - Mỹ, tỉnh Bà Rịa - Vũng Tàu và khu vực Châu Á-Thái Bình Dương."
    found = [_entity("LOC", text, s) for s in ("Hà Nội-Hải Phòng", "Nga - Mỹ", "Bà Rịa - Vũng Tàu",
                                               "Châu Á-Thái Bình Dương")]
    got = [(e.label, e.text) for e in place_pairs(found, default_lexicon())]
    assert got == [("LOC", "Hà Nội"), ("LOC", "Hải Phòng"), ("LOC", "Nga"), ("LOC", "Mỹ"),
                   ("LOC", "Bà Rịa - Vũng Tàu"), ("LOC", "Châu Á-Thái Bình Dương")]
    assert all(text[e.start:e.end] == e.text for e in place_pairs(found, default_lexicon()))


def test_a_common_noun_of_place_stays_outside_the_loc():
    from pipeline.entities.lexicon import default_lexicon
    from pipeline.entities.tidy import place_nouns_outside

    text = "Tại thủ đô Viêng Chăn, vùng biển Cô Tô và tỉnh Hà Giang; thủ đô của Lào."
    found = [_entity("LOC", text, s) for s in ("thủ đô Viêng Chăn", "vùng biển Cô Tô", "tỉnh Hà Giang")]
    out = place_nouns_outside(found, default_lexicon())
    # the administrative word stays (ANNOTATION.md), the common noun goes
    assert [e.text for e in out] == ["Viêng Chăn", "Cô Tô", "tỉnh Hà Giang"]
    assert all(text[e.start:e.end] == e.text for e in out)


def test_the_tidy_up_reads_its_clause_words_from_the_lexicon_folder(tmp_path):
    from pipeline.entities.tidy import cut_runaway_spans
    from pipeline.entities.types import Entity

    folder = tmp_path / "lexicons"
    shutil.copytree(LEXICON_DIR, folder)
    text = "Cục Hải quan Lạng Sơn sang Nhật Bản học tập kinh nghiệm."
    ent = Entity("ORG", 0, len("Cục Hải quan Lạng Sơn sang Nhật Bản"), "Cục Hải quan Lạng Sơn sang Nhật Bản")
    assert [e.text for e in cut_runaway_spans(text, [ent], Lexicon(folder))] == ["Cục Hải quan Lạng Sơn", "Nhật Bản"]
    (folder / "clause_words.txt").write_text("# emptied\n", encoding="utf-8")
    assert [e.text for e in cut_runaway_spans(text, [ent], Lexicon(folder))] == [ent.text]


def test_a_town_where_a_team_stands_in_a_match_report_is_the_club():
    from pipeline.entities.lexicon import default_lexicon
    from pipeline.entities.tidy import clubs_named_by_their_town

    text = ("Vòng 5 V-League: Hải Phòng - Long An. Đội khách đánh bại Nam Định với tỷ số 2-0 nhờ hai bàn thắng "
            "của tiền đạo Văn Toàn, người Thanh Hóa, trên sân ở Nam Định.")
    found = [_entity("LOC", text, "Hải Phòng"), _entity("LOC", text, "Long An"), _entity("LOC", text, "Nam Định"),
             _entity("LOC", text, "Thanh Hóa"), _entity("LOC", text, "Nam Định", 1)]
    labels = [e.label for e in clubs_named_by_their_town(text, found, default_lexicon())]
    # the fixture's two teams and the one beaten are clubs; a player's home and the ground's town are places
    assert labels == ["ORG", "ORG", "ORG", "LOC", "LOC"]
    # not a match report: the same words name places
    plain = "Đoàn công tác gặp Long An và Nam Định - Hải Phòng để bàn việc."
    found = [_entity("LOC", plain, "Long An"), _entity("LOC", plain, "Nam Định"), _entity("LOC", plain, "Hải Phòng")]
    assert [e.label for e in clubs_named_by_their_town(plain, found, default_lexicon())] == ["LOC", "LOC", "LOC"]


def test_two_agencies_joined_by_and_are_two_orgs_and_a_portfolio_stays_whole():
    from pipeline.entities.lexicon import default_lexicon
    from pipeline.entities.tidy import agencies_joined_by_and

    text = ("Báo Lao Động và báo Người Lao Động; Sở Tài chính và Sở Y tế và Công an huyện; "
            "Bộ Tài nguyên và Môi trường; Đài Phát thanh và Truyền hình tỉnh; Viện Hàn lâm và các trường.")
    spans = ["Báo Lao Động và báo Người Lao Động", "Sở Tài chính và Sở Y tế và Công an huyện",
             "Bộ Tài nguyên và Môi trường", "Đài Phát thanh và Truyền hình tỉnh"]
    found = [_entity("ORG", text, s) for s in spans]
    out = agencies_joined_by_and(found, default_lexicon())
    assert [e.text for e in out] == ["Báo Lao Động", "báo Người Lao Động", "Sở Tài chính", "Sở Y tế", "Công an huyện",
                                     "Bộ Tài nguyên và Môi trường", "Đài Phát thanh và Truyền hình tỉnh"]
    assert all(text[e.start:e.end] == e.text and e.label == "ORG" for e in out)


def test_two_agencies_joined_by_or_are_two_orgs():
    # a long report written for session 45: "Văn phòng Đăng ký đất đai hoặc Chi nhánh Văn phòng Đăng ký đất đai"
    from pipeline.entities.lexicon import default_lexicon
    from pipeline.entities.tidy import agencies_joined_by_and

    text = "Nộp hồ sơ tại Văn phòng Đăng ký đất đai hoặc Chi nhánh Văn phòng Đăng ký đất đai huyện."
    out = agencies_joined_by_and([_entity("ORG", text, text[14:-1])], default_lexicon())
    assert [e.text for e in out] == ["Văn phòng Đăng ký đất đai", "Chi nhánh Văn phòng Đăng ký đất đai huyện"]


def test_a_department_that_runs_on_into_a_verb_ends_at_its_name():
    """The second reports trial: "Sở Nội vụ xây dựng Kế hoạch" and "Phòng Nội vụ huyện tham mưu" were ORGs;
    a department's name is its head, its portfolio and its place."""
    from pipeline.entities.lexicon import default_lexicon
    from pipeline.entities.tidy import departments_end_at_their_portfolio

    lex = default_lexicon()
    text = "Sở Nội vụ xây dựng Kế hoạch; Phòng Nội vụ huyện tham mưu; Sở Y tế tỉnh Nghệ An và Sở Xây dựng Hà Nội họp."
    found = [_entity("ORG", text, "Sở Nội vụ xây dựng Kế hoạch"), _entity("ORG", text, "Phòng Nội vụ huyện tham mưu"),
             _entity("ORG", text, "Sở Y tế tỉnh Nghệ An"), _entity("ORG", text, "Sở Xây dựng Hà Nội")]
    assert [e.text for e in departments_end_at_their_portfolio(text, found, lex)] == [
        "Sở Nội vụ", "Phòng Nội vụ huyện", "Sở Y tế tỉnh Nghệ An", "Sở Xây dựng Hà Nội"]
    record = pipeline.analyze("Sở Nội vụ xây dựng Kế hoạch kiểm tra công vụ năm 2024.")
    assert [(e["label"], e["text"]) for e in record["entities"] if e["label"] == "ORG"] == [("ORG", "Sở Nội vụ")]


def test_a_steering_committee_named_by_its_purpose_is_one_org():
    """A probe of officials in news: "Ban Chỉ đạo đổi" and missed committees; a committee's lower-case purpose
    is in its name when a place, "Covid-19" or "quốc gia" closes it, and nothing is drawn without one."""
    from pipeline.entities.lexicon import default_lexicon
    from pipeline.entities.tidy import steering_committees_whole

    lex = default_lexicon()
    text = ("Ông là Phó Trưởng ban Thường trực Ban Chỉ đạo xây dựng nông thôn mới huyện Ba Vì. "
            "Ban Chỉ đạo phòng, chống dịch Covid-19 tỉnh Gia Lai đã họp. Ban chỉ đạo đã họp. "
            "Ban Chỉ đạo phòng, chống dịch của tỉnh đã họp. Trưởng Ban Chỉ đạo cải cách hành chính tỉnh Nam Định phát biểu.")
    found = [_entity("ORG", text, "Ban Chỉ đạo xây"), _entity("LOC", text, "huyện Ba Vì"),
             _entity("ORG", text, "Ban Chỉ đạo phòng"), _entity("LOC", text, "tỉnh Gia Lai")]
    out = steering_committees_whole(text, found, lex)
    assert [(e.label, e.text) for e in out] == [
        ("ORG", "Ban Chỉ đạo xây dựng nông thôn mới huyện Ba Vì"),
        ("ORG", "Ban Chỉ đạo phòng, chống dịch Covid-19 tỉnh Gia Lai")]
    assert all(text[e.start:e.end] == e.text for e in out)
    record = pipeline.analyze("Ông Lê Văn Tám, Phó Trưởng ban Thường trực Ban Chỉ đạo phòng, chống tham nhũng, "
                              "tiêu cực tỉnh Long An, phát biểu.")
    assert ("ORG", "Ban Chỉ đạo phòng, chống tham nhũng, tiêu cực tỉnh Long An") in \
        [(e["label"], e["text"]) for e in record["entities"]]


def test_an_agency_word_between_an_office_and_a_vietnamese_name_is_the_agency():
    """A probe of news: "Chủ tịch Vicofa Trần Văn Sang" was one PERSON; a capitalised word that is no
    Vietnamese syllable, after an office and before a Vietnamese name, is the office's agency. A stage name
    that follows no office ("Soobin Hoàng Sơn") and a foreign given name stay in the name."""
    record = pipeline.analyze("Chủ tịch Vicofa Trần Văn Sang cho biết giá tăng. Ca sĩ Soobin Hoàng Sơn hát. "
                              "Chủ tịch Peter Nguyễn Văn An phát biểu.")
    ents = [(e["label"], e["text"]) for e in record["entities"]]
    assert ("ORG", "Vicofa") in ents and ("PERSON", "Trần Văn Sang") in ents
    assert ("PERSON", "Soobin Hoàng Sơn") in ents and ("PERSON", "Peter Nguyễn Văn An") in ents
    assert {(o["person"], o["title"], o["org"]) for o in record["officials"]} >= {("Trần Văn Sang", "Chủ tịch", "Vicofa")}


def test_a_name_transliterated_syllable_by_syllable_is_not_cut_after_its_first_syllable():
    from pipeline.entities.tidy import whole_hyphenated_names

    text = "Phó Thủ tướng Xéc-gây Mi-khai-lốp phát biểu; lăng Tự Đức-lăng Đồng Khánh."
    found = [_entity("PERSON", text, "Xéc-gây Mi"), _entity("LOC", text, "lăng Tự Đức")]
    assert [e.text for e in whole_hyphenated_names(text, found)] == ["Xéc-gây Mi-khai-lốp", "lăng Tự Đức"]
    text = "Thủ tướng Pháp Ma-crông, Julia-bìa phải."
    found = [_entity("PERSON", text, "Ma"), _entity("PERSON", text, "Julia")]
    assert [e.text for e in whole_hyphenated_names(text, found)] == ["Ma-crông", "Julia"]


def test_a_transliterated_name_cut_after_a_lone_letter_or_at_a_vietnamese_word_goes_on():
    """A probe of officials: "Phi-cri I|-xích" was cut after its lone letter (the rest, "xích", is a Vietnamese
    syllable) and "Mô-ha-mét Bin Áp-đun-ra-man| An Tha-ni" at "An", which left the short mention "An Tha-ni"
    a record of its own. Names of Vietnamese syllables and a place after the name stay as they were."""
    from pipeline.entities.tidy import whole_hyphenated_names

    text = "Bộ trưởng Phi-cri I-xích đến."
    assert [e.text for e in whole_hyphenated_names(text, [_entity("PERSON", text, "Phi-cri I")])] == ["Phi-cri I-xích"]
    record = pipeline.analyze("Ngoại trưởng Ca-ta Mô-ha-mét Bin Áp-đun-ra-man An Tha-ni đã gặp các đại sứ. "
                              "Ngoại trưởng An Tha-ni yêu cầu các nước hợp tác. "
                              "Ngoại trưởng Nga Xéc-gây La-vrốp Mát-xcơ-va hôm qua.")
    people = [e["text"] for e in record["entities"] if e["label"] == "PERSON"]
    assert "Mô-ha-mét Bin Áp-đun-ra-man An Tha-ni" in people and "Xéc-gây La-vrốp" in people
    assert {(o["person"], o["title"]) for o in record["officials"]} == {
        ("Mô-ha-mét Bin Áp-đun-ra-man An Tha-ni", "Ngoại trưởng"), ("Xéc-gây La-vrốp", "Ngoại trưởng")}


def test_a_firm_a_band_or_a_paper_a_few_words_after_its_kind_is_an_org_at_every_mention():
    """"hãng hàng không giá rẻ Volotea", "ban nhạc rock Quillfar", "tờ Le Courrier": the kind of firm may
    stand a few lower-case words before the name; a foreign name so read is the ORG at its other mentions
    too, a Vietnamese one only where a firm word stands before it."""
    from pipeline.entities.lexicon import default_lexicon
    from pipeline.entities.tidy import firms_named_like_people

    text = ("Hãng hàng không giá rẻ Zelvora tặng vé cho hành khách. Theo tờ Le Courrier, Zelvora còn mở đường bay "
            "mới. Ban nhạc rock Quillfar diễn ở Hà Nội; Quillfar từng đến TP.HCM. Hãng truyền thông Minh Khôi "
            "mua lại cổ phần; anh Minh Khôi nói. Hãng tin này cho biết Trần Văn Lộc đã đến.")
    found = [_entity("PERSON", text, "Zelvora"), _entity("PERSON", text, "Le Courrier"),
             _entity("PERSON", text, "Zelvora", 1), _entity("PERSON", text, "Quillfar"),
             _entity("PERSON", text, "Quillfar", 1), _entity("PERSON", text, "Minh Khôi"),
             _entity("PERSON", text, "Minh Khôi", 1), _entity("PERSON", text, "Trần Văn Lộc")]
    out = firms_named_like_people(text, found, default_lexicon())
    assert [(e.label, e.text) for e in out] == [
        ("ORG", "Zelvora"),        # two words after "Hãng hàng không"
        ("ORG", "Le Courrier"),    # right after "tờ"
        ("ORG", "Zelvora"),        # a foreign name the document has named as a firm
        ("ORG", "Quillfar"),
        ("ORG", "Quillfar"),
        ("ORG", "Minh Khôi"),      # two words after "Hãng"
        ("PERSON", "Minh Khôi"),   # a Vietnamese name elsewhere stays as the model read it
        ("PERSON", "Trần Văn Lộc")]   # four words after "Hãng": too far
    assert (out[0].start, out[0].end) == (found[0].start, found[0].end) and out[0].canonical == "Zelvora"


def test_a_firm_named_after_its_common_noun_or_with_a_firm_word_is_no_person():
    """A probe of officials: "CEO Genesia Ventures" and "Giám đốc hãng hàng không Hải Nam" read the firm
    as the office's holder."""
    record = pipeline.analyze("CEO Genesia Ventures: quyết định đầu tư trong 30 phút. Giám đốc hãng hàng không "
                              "Hải Nam chia sẻ về đồng phục mới. Chủ tịch Công ty Bình An Nguyễn Văn Tâm phát biểu.")
    persons = {o["person"] for o in record["officials"]}
    assert "Genesia Ventures" not in persons and "Hải Nam" not in persons and "Nguyễn Văn Tâm" in persons
    assert ("ORG", "Genesia Ventures") in {(e["label"], e["text"]) for e in record["entities"]}


def test_an_office_written_twice_with_its_short_form_in_brackets_gives_the_org_to_both_records():
    record = pipeline.analyze("Ông Phạm Minh Đức, Tổng Giám đốc (CEO) Công ty CP Thế Giới Số, cho rằng thị trường sẽ tăng.")
    assert {(o["person"], o["title"], o["org"]) for o in record["officials"]} == {
        ("Phạm Minh Đức", "Tổng Giám đốc", "Công ty CP Thế Giới Số"), ("Phạm Minh Đức", "CEO", "Công ty CP Thế Giới Số")}


def test_a_title_the_tagger_cut_in_two_is_one_title():
    """A probe of officials: "Tân Chỉ huy trưởng ..." gave TITLE "Chỉ huy" and TITLE "trưởng", and the office
    "trưởng"; two TITLEs one space apart that make a title the lexicon knows are that title."""
    from pipeline.entities.lexicon import default_lexicon
    from pipeline.entities.tidy import titles_cut_in_two_joined

    text = "Tân Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh là Đại tá Rơ Chăm Hùng, Phó Chủ tịch Thường trực."
    found = [_entity("TITLE", text, "Chỉ huy"), _entity("TITLE", text, "trưởng"), _entity("TITLE", text, "Đại tá"),
             _entity("TITLE", text, "Phó Chủ tịch"), _entity("TITLE", text, "Thường trực")]
    out = titles_cut_in_two_joined(text, found, default_lexicon())
    assert [e.text for e in out][:2] == ["Chỉ huy trưởng", "Đại tá"]
    assert all(text[e.start:e.end] == e.text for e in out)
    record = pipeline.analyze("Tân Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh Gia Lai là Đại tá Rơ Chăm Hùng.")
    assert {(o["person"], o["title"]) for o in record["officials"]} == {("Rơ Chăm Hùng", "Chỉ huy trưởng")}


def test_a_chief_accountant_and_a_minister_counsellor_are_offices():
    # a probe of officials: "kế toán trưởng" came out as the TITLE "toán trưởng" (the annotations mark the whole
    # post 6 times) and "Công sứ" as the head of an ORG; the plain occupation "kế toán" stays no TITLE
    record = pipeline.analyze("Ông Trần Văn Lộc, kế toán trưởng Ngân hàng Bình An, bị bắt. Bà Hoa làm kế toán. "
                              "Ông Katsuro Nagai, Công sứ Đại sứ quán Nhật Bản, dự họp.")
    assert [e["text"] for e in record["entities"] if e["label"] == "TITLE"] == ["kế toán trưởng", "Công sứ"]
    assert {(o["person"], o["title"], o["org"]) for o in record["officials"]} == {
        ("Trần Văn Lộc", "kế toán trưởng", "Ngân hàng Bình An"), ("Katsuro Nagai", "Công sứ", "Đại sứ quán Nhật Bản")}


def test_a_religious_honorific_and_a_firm_run_into_a_name_stay_outside_it():
    """A probe of officials: "Hồng y Pietro Parolin" was one PERSON (the annotations leave such honorifics out
    20 times of 20) and "CEO Qantas Airways Alan Joyce" read the airline into its officer's name."""
    record = pipeline.analyze("Hồng y Pietro Parolin, Bộ trưởng Ngoại giao Tòa thánh, kêu gọi hòa bình. "
                              "CEO Qantas Airways Alan Joyce cam kết tiếp tục.")
    ents = {(e["label"], e["text"]) for e in record["entities"]}
    assert {("PERSON", "Pietro Parolin"), ("ORG", "Qantas Airways"), ("PERSON", "Alan Joyce")} <= ents
    assert {(o["person"], o["title"]) for o in record["officials"]} >= {("Pietro Parolin", "Bộ trưởng"),
                                                                        ("Alan Joyce", "CEO")}


def test_a_lower_case_party_committee_after_an_office_is_its_org_and_the_chain_goes_on():
    # a probe of officials: "Ông X, Phó Bí thư tỉnh ủy, Chủ tịch UBND tỉnh Y" left the second office unnamed
    record = pipeline.analyze("Ông Đỗ Văn Duy, Phó Bí thư tỉnh ủy, Chủ tịch UBND tỉnh Hòa Lâm phát biểu khai mạc.")
    assert {(o["person"], o["title"], o["org"]) for o in record["officials"]} == {
        ("Đỗ Văn Duy", "Phó Bí thư", "tỉnh ủy"), ("Đỗ Văn Duy", "Chủ tịch", "UBND tỉnh Hòa Lâm")}


def test_a_spokesperson_of_a_presidents_office_is_no_title_run_into_the_office():
    # a probe of officials: "người phát ngôn Văn phòng Tổng thống Myanmar, ông Zaw Htay" gave the TITLE "người phát
    # ngôn Văn phòng" and made Zaw Htay the President; "Chánh Văn phòng" stays an office
    record = pipeline.analyze("Người phát ngôn Văn phòng Tổng thống Myanmar, ông Zaw Htay, cho biết kết quả trên. "
                              "Chánh Văn phòng Bộ Nội vụ Lê Văn Tâm cũng dự.")
    offices = {(o["person"], o["title"]) for o in record["officials"]}
    assert ("Zaw Htay", "Tổng thống") not in offices and ("Lê Văn Tâm", "Chánh Văn phòng") in offices
    assert ("ORG", "Văn phòng Tổng thống Myanmar") in {(e["label"], e["text"]) for e in record["entities"]}


def test_the_one_who_appoints_holds_no_office_he_gives():
    # a probe of officials: "X được cựu Tổng thống Y bổ nhiệm làm giám đốc FBI" and "được ông Y bổ nhiệm làm cố vấn
    # đặc biệt" made Y the director and the counsel; "Bà X cố vấn cấp cao của Tổng thống Mỹ Y (Ảnh ...)" the adviser
    record = pipeline.analyze("Ông Mueller được cựu Tổng thống George W. Bush bổ nhiệm làm giám đốc FBI năm 2001. "
                              "Kể từ khi được ông Donald Trump bổ nhiệm làm cố vấn đặc biệt, ông Mueller đã điều tra. "
                              "Bà Conway cố vấn cấp cao của Tổng thống Mỹ Donald Trump (Ảnh: EPA) nói thêm. "
                              "Ông Nguyễn Văn An được bổ nhiệm làm Giám đốc Sở Y tế.")
    offices = {(o["person"], o["title"]) for o in record["officials"]}
    assert not {("George W. Bush", "giám đốc"), ("Donald Trump", "cố vấn đặc biệt"), ("Donald Trump", "cố vấn cấp cao")} & offices
    assert {("Mueller", "giám đốc"), ("George W. Bush", "Tổng thống"), ("Nguyễn Văn An", "Giám đốc")} <= offices
