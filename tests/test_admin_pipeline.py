"""Issue 14 wired into the pipeline: the "admin" component, the record's
`document`, LEGAL_REF entities, no names from boilerplate, signers as officials.

The documents are the invented ones of tests/test_admin.py (province "Hòa
Lâm", made-up numbers and people); nothing of the reference corpus is copied.
"""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from test_admin import HUYEN, INTERLEAVED, JOINT_SIGNATURE, NEWS, NORMAL, PLAN, RUN_TOGETHER, TAB_COLUMNS, _doc

import pipeline

SCHEMA = json.loads((Path(pipeline.__file__).parent / "schema" / "record.schema.json").read_text())
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def _rec(nlp, text, **meta):
    rec = pipeline.analyze(text, nlp, **meta)
    jsonschema.validate(rec, SCHEMA)
    for e in rec["entities"]:
        assert text[e["start"]:e["end"]] == e["text"]
    for key in ("sentences", "passages", "officials"):
        for s in rec[key]:
            assert 0 <= s["start"] <= s["end"] <= len(text)
    return rec


def _ents(rec, label):
    return [e for e in rec["entities"] if e["label"] == label]


def test_admin_runs_before_the_entity_components(nlp):
    assert nlp.pipe_names.index("admin") < nlp.pipe_names.index("names")
    assert nlp.get_pipe_meta("admin").default_config == {"legal_refs_in_news": True}


def test_document_object_as_in_the_issue(nlp):
    rec = _rec(nlp, NORMAL)
    d = rec["document"]
    assert set(d) == {"doc_type", "number", "issuer", "issuer_parent", "place", "date", "subject",
                      "signers", "addressees", "recipients", "warnings"}
    assert (d["doc_type"], d["number"], d["date"], d["place"]) == ("báo cáo", "1234/BC-STC", "2024-03-07", "Hòa Lâm")
    assert d["issuer"] == "Sở Tài chính" and d["issuer_parent"] == "Ủy ban nhân dân tỉnh Hòa Lâm"
    assert d["signers"] == [{"name": "Phan Quốc Khải", "title": "Giám đốc", "authority": None,
                             "on_behalf_of": None, "outer": None}]
    assert "Bộ Tài chính" in d["recipients"]


def test_a_letters_addressees_reach_the_record(nlp):
    """The reader read "Kính gửi: …" all along; the record's `document` carried only "Nơi nhận" ("Như trên":
    as above, i.e. the addressees, which it did not say)."""
    from pipeline.output.render import document_lines

    d = _rec(nlp, NORMAL)["document"]
    assert d["addressees"] == ["Ủy ban nhân dân tỉnh Hòa Lâm"]
    assert "  addressees: Ủy ban nhân dân tỉnh Hòa Lâm" in document_lines(d)
    assert _rec(nlp, NEWS)["document"] is None


def test_date_line_dates_the_record_unless_the_input_gave_one(nlp):
    rec = _rec(nlp, NORMAL)
    assert rec["date"] == "2024-03-07" and "date_inferred" not in rec
    assert _rec(nlp, NORMAL, date="2024-03-09")["date"] == "2024-03-09"
    # a date guessed from a lead gives way to the printed date line
    rec = _rec(nlp, NORMAL, date="2024-01-01", date_inferred=True)
    assert rec["date"] == "2024-03-07" and "date_inferred" not in rec


def test_news_has_no_document_but_keeps_its_cited_decree(nlp):
    rec = _rec(nlp, NEWS)
    assert rec["document"] is None
    refs = _ents(rec, "LEGAL_REF")
    assert [(r["text"], r["value"]) for r in refs] == [
        ("Nghị định số 98/2020/NĐ-CP", {"type": "nghị định", "number": "98/2020/NĐ-CP", "year": 2020})]


def test_legal_ref_values_and_not_the_own_number(nlp):
    rec = _rec(nlp, NORMAL)
    values = [e["value"] for e in _ents(rec, "LEGAL_REF")]
    assert {"type": "kế hoạch", "number": "56/KH-UBND", "year": 2024} in values
    assert {"type": "nghị định", "number": "15/2020/NĐ-CP", "year": 2020} in values
    assert {"type": "chỉ thị", "number": "05-CT/TW", "year": None} in values
    assert {"type": "luật", "name": "Luật Doanh nghiệp", "year": 2014} in values
    assert all(v.get("number") != "1234/BC-STC" for v in values)


def test_legal_refs_can_be_switched_off_for_news():
    nlp = pipeline.load(**{"components.admin.legal_refs_in_news": False}, exclude=("themes",))
    assert not _ents(pipeline.analyze(NEWS, nlp), "LEGAL_REF")
    assert _ents(pipeline.analyze(NORMAL, nlp), "LEGAL_REF")


@pytest.mark.parametrize("text", [NORMAL, RUN_TOGETHER, INTERLEAVED, HUYEN, TAB_COLUMNS, PLAN],
                         ids=["normal", "run_together", "interleaved", "huyen", "tabs", "plan"])
def test_no_names_from_the_motto_type_line_or_closing(nlp, text):
    rec = _rec(nlp, text)
    assert rec["document"] is not None
    motto = text.index(MOTTO.split()[0])
    for e in rec["entities"]:
        if e["label"] not in ("ORG", "PERSON", "TITLE"):
            continue
        assert not (motto <= e["start"] < motto + len(MOTTO)), e
        assert e["text"] not in ("BÁO CÁO", "KẾ HOẠCH", "NGHỊ QUYẾT", "Lưu", "VT", "đã ký", "Đã ký"), e
        if e["label"] == "PERSON":
            assert e["text"].upper() != e["text"], e      # "GIÁM ĐỐC" is no name


def test_issuer_lines_are_whole_orgs_with_canonical_names(nlp):
    rec = _rec(nlp, NORMAL)
    orgs = {(e["text"], e["canonical"]) for e in _ents(rec, "ORG") if e["start"] < NORMAL.index("CỘNG")}
    assert orgs == {("ỦY BAN NHÂN DÂN\nTỈNH HÒA LÂM", "Ủy ban nhân dân tỉnh Hòa Lâm"),
                    ("SỞ TÀI CHÍNH", "Sở Tài chính")}


@pytest.mark.parametrize("signature,expected", [
    ("GIÁM ĐỐC\n(đã ký)\nLê Thanh Hà", ("Lê Thanh Hà", "Giám đốc", None)),
    ("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLê Thanh Hà", ("Lê Thanh Hà", "Chủ tịch", "TM.")),
    ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nLê Thanh Hà", ("Lê Thanh Hà", "Phó Chủ tịch", "KT.")),
    ("TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nLê Thanh Hà", ("Lê Thanh Hà", "Chánh Văn phòng", "TL.")),
    ("TUQ. CHỦ TỊCH\nGIÁM ĐỐC SỞ NỘI VỤ\nLê Thanh Hà", ("Lê Thanh Hà", None, "TUQ.")),
    ("Q. CHỦ TỊCH\nLê Thanh Hà", ("Lê Thanh Hà", "Quyền Chủ tịch", "Q.")),
], ids=["plain", "TM", "KT", "TL", "TUQ", "Q"])
def test_each_signature_marker_gives_an_official(nlp, signature, expected):
    text = _doc(signature)
    rec = _rec(nlp, text)
    s = rec["document"]["signers"][0]
    name, title, authority = expected
    assert s["name"] == name and s["authority"] in (authority, None if authority is None else authority)
    if title:
        assert s["title"] == title
    if s["title"]:
        off = [o for o in rec["officials"] if o["person"] == name]
        assert off and off[0]["title"] == s["title"] and off[0]["org"] == "Ủy ban nhân dân tỉnh Hòa Lâm"
        assert text[off[0]["start"]:off[0]["end"]] == name
    persons = [e["text"] for e in _ents(rec, "PERSON")]
    assert name in persons and all(p.upper() != p for p in persons)


@pytest.mark.parametrize("text,warning", [
    (_doc("GIÁM ĐỐC\nLê Thanh Hà", number="Số: /QĐ-UBND"), None),
    (_doc("GIÁM ĐỐC\nLê Thanh Hà", date="Hòa Lâm, ngày 45 tháng 13 năm 20x2"), "date"),
], ids=["blank_number", "bad_date"])
def test_bad_header_fields_are_null_with_a_warning(nlp, text, warning):
    rec = _rec(nlp, text)
    d = rec["document"]
    assert d is not None and d["warnings"]
    if warning == "date":
        assert d["date"] is None and rec["date"] is None
    else:
        assert d["number"] is None and any("blank" in w for w in d["warnings"])


def test_headerless_closing_is_read_with_a_warning(nlp):
    text = ("Ủy ban nhân dân xã đề nghị các thôn thực hiện./.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
            "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLê Thanh Hà\n")
    rec = _rec(nlp, text)
    d = rec["document"]
    assert d is not None and d["issuer"] is None and d["number"] is None
    assert any("no title block" in w for w in d["warnings"])


@pytest.mark.parametrize("text", ["", "   \n", "Số: /BC-UBND", "BÁO CÁO\n\n1.\n2.\na)", "Nơi nhận:\n- Lưu: VT."])
def test_odd_inputs_never_raise(nlp, text):
    _rec(nlp, text)


def test_docbin_round_trip_keeps_the_document(nlp):
    from spacy.tokens import DocBin

    doc = nlp(NORMAL)
    db = DocBin(store_user_data=True, docs=[doc])
    back = list(DocBin(store_user_data=True).from_bytes(db.to_bytes()).get_docs(nlp.vocab))[0]
    assert json.dumps(back._.admin) == json.dumps(doc._.admin) and back._.admin["number"] == "1234/BC-STC"


def test_a_law_name_does_not_run_over_another_law():
    from pipeline.admin import find_legal_refs

    t = "theo Bộ luật Hình sự, Luật Trẻ em số 102/2016/QH13 và các luật khác"
    assert [(t[r.start:r.end], r.value) for r in find_legal_refs(t)] == [
        ("Luật Trẻ em số 102/2016/QH13", {"type": "luật", "number": "102/2016/QH13", "year": 2016})]


@pytest.mark.parametrize("label", ["2.", "a)", "II.", "Điều 3.", "1.2.", "1.2.2.1.1."])
def test_a_lone_list_label_joins_its_text(nlp, label):
    body = f"{label}\nChi ngân sách bảo đảm đúng dự toán được giao.\n"
    text = NORMAL.replace("Báo cáo này thay thế", body + "Báo cáo này thay thế")
    rec = _rec(nlp, text)
    at = text.index(body)
    starts_at_label = [s for s in rec["sentences"] if s["start"] == at]
    assert starts_at_label and starts_at_label[0]["end"] > at + len(label) + 1
    for key in ("sentences", "passages"):
        assert all(text[s["start"]:s["end"]].strip() != label for s in rec[key]), key
    doc = nlp(text)
    assert all(s.text.strip() != label for s in doc.sents)


def test_news_sentences_are_left_alone(nlp):
    text = "Kết quả như sau:\n2.\nĐội A thắng đội B."
    from pipeline.language import load_tokenizer

    plain = load_tokenizer()(text)
    spans = [(s["start"], s["end"]) for s in pipeline.analyze(text, nlp)["sentences"]]
    assert spans == [(a, b) for a, b in plain._.sentence_spans]


def test_tables_views_and_report_show_administrative_documents(tmp_path):
    import duckdb
    from _sample_output import sample_tables

    from pipeline.io.duckdb_store import build_database
    from pipeline.io.parquet import write_table
    from pipeline.output.report.page import render_report
    from pipeline.output.report.queries import collect, open_output

    tables = sample_tables()
    docs = tables["documents"].to_pylist()
    g = [d for d in docs if d["doc_id"] == "doc-g"][0]
    assert (g["doc_type"], g["number"], g["issuer"], g["place"], str(g["signed_date"])) == (
        "báo cáo", "12/BC-SNV", "Sở Nội vụ tỉnh Hòa Bình", "Hòa Bình", "2024-03-04")
    assert all(d["doc_type"] is None for d in docs if d["doc_id"] != "doc-g")
    assert tables["legal_refs"].to_pylist()[0] == {
        "doc_id": "doc-g", "type": "nghị định", "number": "30/2020/NĐ-CP", "year": 2020, "name": None,
        "start": 67, "end": 93}
    assert tables["signers"].to_pylist() == [{
        "doc_id": "doc-g", "name": "Trần Văn Minh", "title": "Giám đốc", "authority": None,
        "on_behalf_of": None, "outer": None, "issuer": "Sở Nội vụ tỉnh Hòa Bình"}]
    paths = {name: write_table(t, tmp_path / f"{name}.parquet") for name, t in tables.items()}
    build_database(tmp_path / "vnmonitor.duckdb", paths)
    with duckdb.connect(str(tmp_path / "vnmonitor.duckdb"), read_only=True) as con:
        assert con.execute("SELECT cited, n_citations FROM v_most_cited_documents ORDER BY cited").fetchall() == [
            ("30/2020/NĐ-CP", 1), ("5/KH-UBND", 1)]
        assert con.execute("SELECT issuer, doc_type, n_documents FROM v_documents_by_issuer_type").fetchall() == [
            ("Sở Nội vụ tỉnh Hòa Bình", "báo cáo", 1)]
    with open_output(tmp_path) as db:
        html = render_report(collect(db, names={}))
    assert "Văn bản được trích dẫn nhiều nhất" in html and "30/2020/NĐ-CP" in html and "Sở Nội vụ tỉnh Hòa Bình" in html


def test_a_long_document_read_in_parts_keeps_its_signers(nlp):
    from pipeline.language import analyze_long

    filler = "Các đơn vị thực hiện nghiêm túc nhiệm vụ được giao trong quý.\n" * 40
    text = NORMAL.replace("Báo cáo này thay thế", filler + "Báo cáo này thay thế")
    text = text.replace("2. Chi ngân sách", "2.\nChi ngân sách")
    rec = analyze_long(text, {}, nlp, max_chars=1500)
    assert rec["document"]["signers"][0]["name"] == "Phan Quốc Khải"
    assert all(text[p["start"]:p["end"]].strip() != "2." for p in rec["passages"])
    assert rec["document"]["number"] == "1234/BC-STC"


def test_a_long_word_file_read_in_parts_carries_its_whole_text_and_its_signer_as_an_official(nlp):
    """A .docx or .pdf record carries the text its offsets index: the whole of it, not its first part;
    the signer, whose signature block lies in the last part, is an official of the issuer."""
    from pipeline.io.readers.items import TEXT_FROM
    from pipeline.language import analyze_long

    filler = "Các đơn vị thực hiện nghiêm túc nhiệm vụ được giao trong quý.\n" * 40
    text = NORMAL.replace("Báo cáo này thay thế", filler + "Báo cáo này thay thế")
    rec = analyze_long(text, {TEXT_FROM: "docx"}, nlp, max_chars=1500)
    assert rec["text"] == text
    for key in ("entities", "sentences", "officials", "passages"):
        assert rec[key] and all(0 <= x["start"] < x["end"] <= len(text) for x in rec[key]), key
    assert all(text[e["start"]:e["end"]] == e["text"] for e in rec["entities"])
    signer = [o for o in rec["officials"] if o["person"] == "Phan Quốc Khải"]
    assert signer and signer[0]["org"] == rec["document"]["issuer"]
    assert text[signer[0]["start"]:signer[0]["end"]] == "Phan Quốc Khải"


def test_article_label_does_not_make_its_first_words_a_name(nlp):
    rec = _rec(nlp, INTERLEAVED)
    assert not [e for e in rec["entities"] if "Thành lập" in e["text"]]
    assert not [s for s in rec["sentences"] if INTERLEAVED[s["start"]:s["end"]].strip() == "Điều 1."]


def test_run_together_issuers_signature_capitals_and_the_date_line_place(nlp):
    rec = _rec(nlp, RUN_TOGETHER)
    orgs = [(e["text"], e["canonical"]) for e in _ents(rec, "ORG")]
    assert ("CỤC KIỂM ĐỊNH HẠT GIỐNG", "Cục Kiểm định hạt giống") in orgs
    sig = RUN_TOGETHER.index("KT. CỤC")
    assert not [e for e in rec["entities"] if e["start"] >= sig and e["label"] in ("ORG", "TITLE")]
    text = _doc("GIÁM ĐỐC\nLê Thanh Hà")
    rec = _rec(nlp, text)
    place = text.index("Hòa Lâm, ngày")
    assert [(e["label"], e["text"]) for e in rec["entities"] if e["start"] == place] == [("LOC", "Hòa Lâm")]


def test_a_documents_warnings_reach_its_table_row():
    from pipeline.io.tables import TABLES, add_document_rows

    assert "doc_warnings" in TABLES["documents"].names
    rows = {"documents": [{"doc_id": "d1"}], "signers": [], "legal_refs": []}
    add_document_rows(rows, {"id": "d1", "entities": [], "document": {
        "doc_type": "báo cáo", "number": None, "warnings": ["number: blank in the header", "signers: none"]}})
    assert rows["documents"][0]["doc_warnings"] == "number: blank in the header; signers: none"
    rows = {"documents": [{"doc_id": "d3"}], "signers": [], "legal_refs": []}
    add_document_rows(rows, {"id": "d3", "entities": [], "document": {
        "doc_type": "báo cáo", "issuer": "Sở Nội vụ", "issuer_parent": "UBND tỉnh Nghệ An",
        "subject": "Kết quả kiểm tra công vụ quý II"}})
    assert {k: rows["documents"][0][k] for k in ("issuer", "issuer_parent", "subject")} == {
        "issuer": "Sở Nội vụ", "issuer_parent": "UBND tỉnh Nghệ An", "subject": "Kết quả kiểm tra công vụ quý II"}
    assert {"issuer_parent", "subject"} <= set(TABLES["documents"].names)
    rows = {"documents": [{"doc_id": "d2"}], "signers": [], "legal_refs": []}
    add_document_rows(rows, {"id": "d2", "entities": [], "document": None})
    assert rows["documents"][0]["doc_warnings"] is None and rows["documents"][0]["doc_type"] is None


@pytest.mark.parametrize("variant", ["nfd", "bom", "no-break spaces", "carriage returns", "line separators",
                                     "zero-width spaces"])
def test_a_document_typed_or_saved_otherwise_reads_the_same(nlp, variant):
    import unicodedata

    text = {"nfd": lambda t: unicodedata.normalize("NFD", t), "bom": lambda t: "\ufeff" + t,
            "no-break spaces": lambda t: t.replace(" ", "\u00a0"), "carriage returns": lambda t: t.replace("\n", "\r"),
            "line separators": lambda t: t.replace("\n", "\u2028"),
            "zero-width spaces": lambda t: t.replace(" ", " \u200b")}[variant](NORMAL)
    want, got = _rec(nlp, NORMAL)["document"], _rec(nlp, text)["document"]
    assert got is not None
    for key in ("doc_type", "number", "date", "place", "issuer", "issuer_parent"):
        assert got[key] == want[key], key
    assert [(s["name"], s["title"]) for s in got["signers"]] == [(s["name"], s["title"]) for s in want["signers"]]

    def names(rec):   # the entities the layout places, in the words they cover
        return sorted((e["label"], " ".join(unicodedata.normalize("NFC", e["text"]).replace("\u200b", "").split()))
                      for e in rec["entities"] if e["label"] in ("ORG", "LOC", "PERSON", "LEGAL_REF"))
    assert names(_rec(nlp, text)) == names(_rec(nlp, NORMAL))


def test_the_motto_is_no_entity_and_a_unit_code_after_a_dot_stays_in_the_number(nlp):
    text = NORMAL.replace("và Nghị định số", "Công văn số 456/TTCP-C.IV ngày 01/3/2024 của Thanh tra Chính phủ và "
                          "Nghị định số", 1)
    assert "456/TTCP-C.IV" in text
    rec = _rec(nlp, text)
    assert not [e for e in rec["entities"] if MOTTO in text[e["start"]:e["end"]] or text[e["start"]:e["end"]] in MOTTO]
    assert {"type": "công văn", "number": "456/TTCP-C.IV", "year": 2024} in [e["value"] for e in _ents(rec, "LEGAL_REF")]


def test_a_chain_of_markers_gives_one_official_and_no_unit_head_without_a_name(nlp):
    text = _doc("TL. TỔNG CỤC TRƯỞNG\nKT. VỤ TRƯỞNG VỤ KẾ HOẠCH\nPHÓ VỤ TRƯỞNG\n\nKhúc Thị Mơ")
    rec = _rec(nlp, text)
    sig = text.index("TL. TỔNG")
    assert [(o["person"], o["title"]) for o in rec["officials"] if o["start"] >= sig] == \
        [("Khúc Thị Mơ", "Phó Vụ trưởng")]


def test_joint_signers_side_by_side_are_two_officials_with_their_names_as_persons(nlp):
    rec = _rec(nlp, _doc(JOINT_SIGNATURE))
    assert [(s["name"], s["title"]) for s in rec["document"]["signers"]] == \
        [("Hà Văn Khuê", "Bí thư"), ("Khúc Thị Mơ", "Chủ tịch")]
    assert {"Hà Văn Khuê", "Khúc Thị Mơ"} <= {e["text"] for e in _ents(rec, "PERSON")}


ENACTED = """ỦY BAN NHÂN DÂN                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HÒA LÂM                           Độc lập - Tự do - Hạnh phúc
Số: 77/QĐ-UBND                  Hòa Lâm, ngày 9 tháng 4 năm 2024

QUYẾT ĐỊNH
Về việc thành lập Tổ công tác cải cách hành chính

Căn cứ Luật Tổ chức chính quyền địa phương năm 2015;
Xét đề nghị của Giám đốc Sở Nội vụ về cải cách thủ tục hành chính;

QUYẾT ĐỊNH:

Điều 1. Thành lập Tổ công tác cải cách hành chính, rà soát và cắt giảm thủ tục hành chính của tỉnh.
Điều 2. Quyết định này có hiệu lực từ ngày ký./.
"""


def test_the_enacting_line_takes_no_theme(nlp):
    # "QUYẾT ĐỊNH:" between the recitals and the articles is the form of the act: it had taken the
    # theme of the articles around it
    doc = nlp(ENACTED)
    line = ENACTED.index("QUYẾT ĐỊNH:")
    assert {"start": line, "end": line + len("QUYẾT ĐỊNH:"), "kind": "enacting"} in doc._.admin["boilerplate"]
    rec = _rec(nlp, ENACTED)
    themed = {ENACTED[s["start"]:s["end"]].strip(): [t["id"] for t in s.get("themes") or []] for s in rec["sentences"]}
    assert themed["QUYẾT ĐỊNH:"] == []
    assert "cai_cach_hanh_chinh" in next(v for k, v in themed.items() if k.startswith("Điều 1."))


def test_html_output_shows_the_document_block_escaped(nlp):
    """--format html had no document block for an administrative document (only the text format did)."""
    from pipeline.output.render import to_html

    text = ENACTED.replace("Tổ công tác", "Tổ <b>công tác</b>", 1)
    page = to_html([(_rec(nlp, text), text)])
    assert "<table class='document'>" in page
    assert "<th>number</th><td>77/QĐ-UBND</td>" in page
    assert "Tổ &lt;b&gt;công tác&lt;/b&gt;" in page and "Tổ <b>công" not in page


def test_two_provinces_departments_of_one_name_are_two_issuers_in_the_view_and_the_report(tmp_path):
    """"Sở Nội vụ | báo cáo | 2" was one province's report and another's (the second trial)."""
    import duckdb
    import pyarrow as pa

    from pipeline.io.duckdb_store import build_database
    from pipeline.io.parquet import write_table
    from pipeline.io.tables import TABLES
    from pipeline.output.report.page import render_report
    from pipeline.output.report.queries import collect, open_output

    rows = [{"doc_id": f"d{i}", "doc_type": "báo cáo", "issuer": "Sở Nội vụ", "issuer_parent": parent}
            for i, parent in enumerate(["UBND tỉnh Lai Châu", "UBND tỉnh Điện Biên", "UBND tỉnh Điện Biên",
                                        "UBND tỉnh Sơn La"])]
    tables = {name: pa.Table.from_pylist(rows if name == "documents" else [], schema=schema)
              for name, schema in TABLES.items()}
    paths = {name: write_table(t, tmp_path / f"{name}.parquet") for name, t in tables.items()}
    build_database(tmp_path / "vnmonitor.duckdb", paths)
    with duckdb.connect(str(tmp_path / "vnmonitor.duckdb"), read_only=True) as con:
        assert sorted(con.execute("SELECT issuer, issuer_parent, n_documents FROM v_documents_by_issuer_type")
                      .fetchall()) == [("Sở Nội vụ", "UBND tỉnh Lai Châu", 1), ("Sở Nội vụ", "UBND tỉnh Sơn La", 1),
                                       ("Sở Nội vụ", "UBND tỉnh Điện Biên", 2)]
    with open_output(tmp_path) as db:
        data = collect(db, names={}, top=1)
    html = render_report(data)
    assert "UBND tỉnh Điện Biên" in html and data.by_issuer_rows == 3 and len(data.by_issuer) == 2
    assert "1 dòng khác" in html   # the row the report leaves out is said


@pytest.mark.parametrize("form", ["NFD", "nbsp", "zwsp"])
def test_news_cites_its_decree_and_law_whatever_unicode_form_it_is_written_in(nlp, form):
    """Probe of session 53: in news written with decomposed accents or no-break spaces, "Nghị định số
    100/2019/NĐ-CP" shrank to its number and the law became a DATE (read on the raw text)."""
    import unicodedata

    text = ("Sở Giao thông vận tải tỉnh Bình Định xử phạt theo Nghị định số 100/2019/NĐ-CP và Luật Giao thông "
            "đường bộ năm 2008.")
    written = {"NFD": unicodedata.normalize("NFD", text), "nbsp": text.replace(" ", "\u00a0"),
               "zwsp": text.replace("Nghị", "Ng\u200bhị")}[form]
    want = [e for e in pipeline.analyze(text, nlp=nlp)["entities"] if e["label"] == "LEGAL_REF"]
    got = [e for e in pipeline.analyze(written, nlp=nlp)["entities"] if e["label"] == "LEGAL_REF"]
    assert len(want) == 2 and want[0]["text"].startswith("Nghị định số")
    assert len(got) == 2 and [e["value"] for e in got] == [e["value"] for e in want]
    plain = [unicodedata.normalize("NFC", e["text"]).replace("\u00a0", " ").replace("\u200b", "") for e in got]
    assert plain == [e["text"] for e in want]
    assert all(written[e["start"]:e["end"]] == e["text"] for e in got)
