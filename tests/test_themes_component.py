"""The shipped theme model inside the pipeline: passages and roll-up on text written for this test."""
import pytest

import pipeline
from pipeline.text import norm_form

TRAFFIC = ("Tăng cường xử lý vi phạm nồng độ cồn\n"
           "Lực lượng CSGT của huyện tổ chức kiểm tra nồng độ cồn đối với người điều khiển xe máy vào buổi tối. "
           "Nhiều trường hợp không đội mũ bảo hiểm cũng bị lập biên bản. "
           "Số vụ tai nạn giao thông trên địa bàn giảm so với năm trước.\n"
           "Người dân được khuyến cáo không lái xe sau khi uống rượu bia.")
COOKING = ("Cách làm bánh chuối nướng\n"
           "Chuối chín bóc vỏ, nghiền nhuyễn rồi trộn với bột mì, đường và một chút sữa tươi. "
           "Đổ hỗn hợp vào khuôn, nướng khoảng bốn mươi phút cho đến khi mặt bánh vàng đều.")


def test_themed_article_gets_passages_and_roll_up(nlp):
    record = pipeline.analyze(TRAFFIC, nlp=nlp)
    tagger = nlp.get_pipe("themes")
    assert record["passages"], "passages are filled"
    assert all(0 <= p["start"] < p["end"] <= len(TRAFFIC) for p in record["passages"])
    assert [t["id"] for t in record["themes"]][:1] == ["an_toan_giao_thong"]
    themed = [p for p in record["passages"] if p["themes"]]
    assert themed and all("an_toan_giao_thong" in {t["id"] for t in p["themes"]} for p in themed)
    thresholds = dict(zip(tagger.model.theme_ids, tagger.model.thresholds))
    for p in record["passages"]:
        scores = [t["score"] for t in p["themes"]]
        assert scores == sorted(scores, reverse=True)
        assert all(t["score"] >= thresholds[t["id"]] - 1e-4 or t.get("cue") for t in p["themes"])
        assert "explain" not in p


def test_unrelated_article_gets_no_theme(nlp):
    record = pipeline.analyze(COOKING, nlp=nlp)
    assert record["themes"] == []
    assert all(p["themes"] == [] for p in record["passages"])


def test_explain_lists_words_of_the_passage():
    nlp = pipeline.load(exclude=("numbers", "names", "officials"), **{"components.themes.explain": True})
    record = pipeline.analyze(TRAFFIC, nlp=nlp)
    explained = [p for p in record["passages"] if p["themes"]]
    assert explained
    for p in explained:
        assert [e["theme"] for e in p["explain"]] == [t["id"] for t in p["themes"]]
        passage = TRAFFIC[p["start"]:p["end"]]
        for e in p["explain"]:
            assert e["terms"] and all(term in passage for term in e["terms"])   # as written, case too


def test_explain_shows_the_words_of_a_passage_typed_without_accents_as_typed():
    """The model reads the passage with its accents restored; the reader is shown the words the passage
    holds ("du toan"), not the model's "dự toán", which the text never writes."""
    nlp = pipeline.load(exclude=("numbers", "names", "officials"), **{"components.themes.explain": True})
    text = ("Sang 12/9/2019, Cuc Hai quan tinh Quang Nam cho biet thu ngan sach nam nay dat 1.250 ty dong, "
            "bang 70,5% du toan duoc giao.")
    record = pipeline.analyze(text, nlp=nlp)
    terms = [term for p in record["passages"] for e in p.get("explain", []) for term in e["terms"]]
    assert "thu ngan sach" in terms
    assert terms and all(term in text for term in terms)


def test_pipe_and_call_agree(nlp):
    one = [pipeline.analyze(t, nlp=nlp) for t in (TRAFFIC, COOKING)]
    many = list(pipeline.language.analyze_many([(TRAFFIC, {}), (COOKING, {})], nlp=nlp))
    for a, b in zip(one, many):
        assert a["passages"] == b["passages"]
        assert a["themes"] == b["themes"]


@pytest.mark.shared
def test_real_articles_get_passages_covering_their_sentences(shared_dir, nlp):
    from pipeline.themes.training.data import iter_corpus

    n = 0
    for d in iter_corpus(shared_dir / "corpora" / "dantri-2020.jsonl.gz"):
        record = pipeline.analyze(d["text"], nlp=nlp)
        spans = [(p["start"], p["end"]) for p in record["passages"]]
        for s in record["sentences"]:
            assert sum(ps <= s["start"] and s["end"] <= pe for ps, pe in spans) == 1
        n += 1
        if n == 3:
            break


def test_neighbouring_sentences_with_the_same_themes_form_one_passage(nlp):
    from pipeline.text import segment

    text = TRAFFIC + "\n" + COOKING
    record = pipeline.analyze(text, nlp=nlp)
    paragraphs = segment.paragraphs(text)
    max_sentences = nlp.get_pipe("themes").merge_max_sentences

    def sentences_in(p):
        return [s for s in record["sentences"] if p["start"] <= s["start"] and s["end"] <= p["end"]]

    for p in record["passages"]:
        assert 1 <= len(sentences_in(p)) <= max_sentences
        assert sum(a <= p["start"] and p["end"] <= b for a, b in paragraphs) == 1
    merged = 0
    for a, b in zip(record["passages"], record["passages"][1:]):
        one_paragraph = any(x <= a["start"] and b["end"] <= y for x, y in paragraphs)
        if one_paragraph and {t["id"] for t in a["themes"]} == {t["id"] for t in b["themes"]}:
            assert len(sentences_in(a)) == max_sentences  # else they would have been joined
        merged += len(sentences_in(a)) > 1
    assert merged, "some sentences were joined into windows"


CUE_IN_COOKING = ("Cách làm bánh chuối nướng\n"
                  "Chuối chín bóc vỏ, nghiền nhuyễn rồi trộn với bột mì và đường. "
                  "Bà nội dặn các cháu phải chống lãng phí, không bỏ đi miếng bánh nào. "
                  "Nướng khoảng bốn mươi phút cho đến khi mặt bánh vàng đều.")


def test_a_sentence_naming_a_cue_takes_its_theme_marked_as_cue(nlp):
    record = pipeline.analyze(CUE_IN_COOKING, nlp=nlp)
    cue_start = CUE_IN_COOKING.index("Bà nội")
    holder = next(p for p in record["passages"] if p["start"] <= cue_start < p["end"])
    tagger = nlp.get_pipe("themes")
    if tagger.model.staged:
        # issue 13: the sentence model reads cues as features and adds no theme for a cue alone
        # (cue units cost precision on the frozen cue sample); every theme is at its threshold
        limits = dict(zip(tagger.model.theme_ids, tagger.model.thresholds))
        assert all(not t.get("cue") and t["score"] >= limits[t["id"]] for p in record["passages"] for t in p["themes"])
        return
    threshold = dict(zip(tagger.model.theme_ids, tagger.model.thresholds))["tiet_kiem_chong_lang_phi"]
    thrift = [t for t in holder["themes"] if t["id"] == "tiet_kiem_chong_lang_phi"]
    assert thrift, holder
    assert thrift[0].get("cue") is True and 0 <= thrift[0]["score"] < threshold
    assert norm_form("chống lãng phí") in norm_form(CUE_IN_COOKING[holder["start"]:holder["end"]])
    others = [p for p in record["passages"] if p is not holder]
    assert all(p["themes"] == [] for p in others)


def test_every_passage_theme_is_the_models_or_marked_as_a_cue(shared_dir, nlp):
    import json

    tagger = nlp.get_pipe("themes")
    thresholds = dict(zip(tagger.model.theme_ids, tagger.model.thresholds))
    lines = (shared_dir / "gold" / "dev.jsonl").read_text(encoding="utf-8").splitlines()[:10]
    marked = 0
    for line in lines:
        text = json.loads(line)["text"]
        for p in pipeline.analyze(text, nlp=nlp)["passages"]:
            for t in p["themes"]:
                assert (t["score"] >= thresholds[t["id"]] - 1e-4) != bool(t.get("cue")), (t, text[p["start"]:p["end"]])
                marked += bool(t.get("cue"))
    assert marked > 0 or tagger.model.staged   # the sentence model marks no cue units (issue 13)


def test_cue_units_can_be_turned_off_and_leave_the_roll_up_alone(nlp):
    plain = pipeline.load(exclude=("numbers", "names", "officials"), **{"components.themes.cue_units": False})
    without = pipeline.analyze(CUE_IN_COOKING, nlp=plain)
    with_cues = pipeline.analyze(CUE_IN_COOKING, nlp=nlp)
    if nlp.get_pipe("themes").model.staged:
        # the sentence model does not read the flag; the campaign phrase in a recipe is a mention in
        # passing, which the document roll-up does not file (the sentence itself may take the theme)
        assert without["passages"] == with_cues["passages"] and without["themes"] == []
    else:
        assert all(p["themes"] == [] for p in without["passages"])
    assert with_cues["themes"] == without["themes"]
    assert not any(t.get("cue") for p in without["passages"] for t in p["themes"])


ONE_SHORT_ITEM = ("Bắt giữ xe tải chở hàng lậu qua biên giới\n"
                  "Đêm qua, lực lượng hải quan và bộ đội biên phòng bắt giữ một xe tải chở 3 tấn đường cát nhập "
                  "lậu, vận chuyển trái phép qua biên giới, không có hóa đơn chứng từ.")
IN_PASSING = ("Mùa mận chín ở Mộc Châu\n"
              "Những ngày này, các vườn mận ở Mộc Châu chín đỏ, thu hút đông khách du lịch. "
              "Người trồng mận cho biết năm nay được mùa, giá bán ổn định. "
              "Nhiều gia đình mở cửa vườn cho khách vào chụp ảnh và hái quả. "
              "Một chủ vườn kể rằng trước đây từng bị thương lái ép giá, có năm phải đổ bỏ cả tấn quả vì lãng phí "
              "khâu bảo quản. Dịp cuối tuần, đường lên các vườn mận thường đông đúc xe cộ. "
              "Mùa mận kéo dài đến hết tháng sáu.")


def test_learned_rollup_files_one_short_item_and_not_a_mention_in_passing():
    """The learned roll-up alone (no "two sentences" rule): a two-line item about smuggling is filed
    under it; a word of the thrift campaign ("lãng phí") in a travel piece files nothing."""
    learned = pipeline.load(exclude=("admin", "numbers", "names", "officials", "admin_outline"),
                            **{"components.themes.rollup_min_units": 0})
    if not learned.get_pipe("themes").model.staged:
        pytest.skip("the passage model has no learned roll-up of sentence scores")
    item = pipeline.analyze(ONE_SHORT_ITEM, nlp=learned)
    assert [t["id"] for t in item["themes"]] == ["chong_buon_lau"]
    assert any(t["id"] == "chong_buon_lau" for t in item["sentences"][-1]["themes"])
    passing = pipeline.analyze(IN_PASSING, nlp=learned)
    assert passing["themes"] == []


SMUGGLING_WITH_REVENUE = (
    "Hải quan Lạng Sơn bắt giữ nhiều vụ buôn lậu\n"
    "Trong tháng 5, Cục Hải quan tỉnh Lạng Sơn đã phát hiện, bắt giữ 120 vụ vận chuyển hàng lậu qua biên giới, "
    "tịch thu hàng hóa trị giá hơn 6 tỷ đồng. "
    "Lực lượng chức năng tăng cường tuần tra tại các đường mòn, lối mở để ngăn chặn hàng nhập lậu. "
    "Các đối tượng thường lợi dụng đêm tối để vận chuyển thuốc lá, đường cát, hàng điện tử trái phép. "
    "Cũng trong tháng, Cục Hải quan tỉnh đã thu ngân sách nhà nước được 350 tỷ đồng từ thuế xuất nhập khẩu, "
    "đạt 45% dự toán năm. "
    "Thời gian tới, đơn vị sẽ phối hợp với bộ đội biên phòng, công an kiểm soát chặt các tuyến trọng điểm.")
SPORT_WITH_ACCIDENT = (
    "Đội tuyển bóng chuyền nữ giành huy chương vàng\n"
    "Tối qua, đội tuyển bóng chuyền nữ Việt Nam đã thắng Thái Lan 3-2 trong trận chung kết đầy kịch tính. "
    "Các cô gái áo đỏ bị dẫn trước hai séc nhưng đã lội ngược dòng ngoạn mục. "
    "Huấn luyện viên trưởng cho biết toàn đội đã chuẩn bị kỹ về thể lực và chiến thuật. "
    "Đường về sân có một vụ tai nạn giao thông khiến hai cổ động viên bị thương. "
    "Người hâm mộ đổ ra đường ăn mừng đến khuya. Đội sẽ về nước vào chiều mai.")


def test_secondary_themes_of_a_campaign_article_but_not_of_an_unrelated_one():
    """`rollup_secondary`: a document the roll-up files under one campaign is also filed under a
    theme one of its sentences takes (the revenue line of a smuggling report); an article the
    roll-up files under nothing stays unfiled although one of its sentences takes a theme."""
    def run(text, secondary):
        nlp = pipeline.load(exclude=("admin", "numbers", "names", "officials", "admin_outline"),
                            **{"components.themes.rollup_secondary": secondary})
        if not nlp.get_pipe("themes").model.staged:
            pytest.skip("the passage model has no sentence themes")
        return pipeline.analyze(text, nlp=nlp)

    on, off = run(SMUGGLING_WITH_REVENUE, True), run(SMUGGLING_WITH_REVENUE, False)
    assert any(t["id"] == "thu_ngan_sach" for s in on["sentences"] for t in s["themes"])
    assert "chong_buon_lau" in {t["id"] for t in off["themes"]}
    assert {t["id"] for t in off["themes"]} <= {t["id"] for t in on["themes"]}
    assert sorted(t["id"] for t in on["themes"]) == ["chong_buon_lau", "thu_ngan_sach"]
    sport = run(SPORT_WITH_ACCIDENT, True)
    assert any(s["themes"] for s in sport["sentences"]) and sport["themes"] == []


REVENUE_REPORT_HEADER = (
    "UBND TỈNH BÌNH DƯƠNG\n"
    "SỞ TÀI CHÍNH\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n"
    "Số: 12/BC-STC\n"
    "Bình Dương, ngày 3 tháng 10 năm 2024\n"
    "BÁO CÁO\n")
REVENUE_REPORT_BODY = (
    "Kết quả thu ngân sách nhà nước 9 tháng năm 2024\n"
    "\n"
    "Tổng thu ngân sách nhà nước trên địa bàn đạt 45.000 tỷ đồng, bằng 80% dự toán.\n"
    "Sở Tài chính đề nghị các đơn vị tăng cường chống thất thu thuế.\n")


def test_the_header_of_a_report_is_not_its_title_and_takes_no_theme(nlp):
    """An internal report opens with issuer, motto, number, date and type lines: the model reads the
    report from its subject on, so the report is filed under what its body is about."""
    report = pipeline.analyze(REVENUE_REPORT_HEADER + REVENUE_REPORT_BODY, nlp=nlp)
    body_only = pipeline.analyze(REVENUE_REPORT_BODY, nlp=nlp)
    assert [t["id"] for t in report["themes"]][:1] == ["thu_ngan_sach"]
    assert [t["id"] for t in report["themes"]] == [t["id"] for t in body_only["themes"]]
    header_end = len(REVENUE_REPORT_HEADER)
    header = [s for s in report["sentences"] if s["end"] <= header_end]
    assert header and all(s["themes"] == [] for s in header)
    body = [s for s in report["sentences"] if s["start"] >= header_end]
    assert [[t["id"] for t in s["themes"]] for s in body] == \
        [[t["id"] for t in s["themes"]] for s in body_only["sentences"]]


def test_a_press_release_heading_is_skipped_but_a_news_headline_is_read():
    from pipeline.themes.lead import is_type_heading, lead_count

    assert is_type_heading("THÔNG CÁO BÁO CHÍ") and is_type_heading("KẾ HOẠCH")
    assert not is_type_heading("Báo cáo")                      # not printed as a heading
    assert not is_type_heading("BÁO CÁO VIÊN ĐƯỢC KHEN THƯỞNG TẠI HỘI NGHỊ TỔNG KẾT")  # a headline
    text = "THÔNG CÁO BÁO CHÍ\nKết quả thu ngân sách\nNội dung."
    spans = [(0, 17), (18, 39), (40, 49)]
    views = [text[s:e].lower() for s, e in spans]
    assert lead_count(text, spans, views) == 1
    assert lead_count(text, spans[1:], views[1:]) == 0
    assert lead_count(text, spans[:1], views[:1]) == 0         # all header: nothing to skip to


SMUGGLING_LETTER = (
    "ỦY BAN NHÂN DÂN\n"
    "TỈNH HÒA LÂM\n"
    "Số: 123/UBND-KT\n"
    "V/v tăng cường công tác phòng, chống buôn lậu, gian lận thương mại\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n"
    "Hòa Lâm, ngày 5 tháng 3 năm 2024\n"
    "Kính gửi: Cục Hải quan tỉnh; Công an tỉnh; Sở Công Thương.\n"
    "\n"
    "Thời gian qua, tình trạng buôn lậu, vận chuyển hàng cấm qua biên giới diễn biến phức tạp. "
    "Chủ tịch UBND tỉnh yêu cầu các đơn vị tăng cường kiểm tra, xử lý nghiêm các vụ buôn lậu, "
    "gian lận thương mại và hàng giả.\n")


def test_a_letters_apparatus_takes_no_theme_wherever_it_stands(nlp):
    """A letter printed in two columns puts its motto, date and "Kính gửi" after the subject: they
    carry no theme, while the subject and the body carry the letter's."""
    record = pipeline.analyze(SMUGGLING_LETTER, nlp=nlp)
    assert record["document"] and [t["id"] for t in record["themes"]] == ["chong_buon_lau"]
    themed = {SMUGGLING_LETTER[s["start"]:s["end"]].split()[0] for s in record["sentences"] if s["themes"]}
    assert {"V/v", "Thời", "Chủ"} <= themed
    assert not themed & {"ỦY", "CỘNG", "Độc", "Hòa", "Kính", "Số:"}


def test_apparatus_cover():
    from pipeline.admin.component import apparatus_spans
    from pipeline.themes.lead import is_apparatus

    admin = {"parts": [{"start": 0, "end": 5, "kind": "issuer_line"}, {"start": 6, "end": 20, "kind": "subject"},
                       {"start": 21, "end": 30, "kind": "date_line"}],
             "boilerplate": [{"start": 31, "end": 40, "kind": "motto"}]}
    spans = apparatus_spans(admin)
    assert spans == [(0, 5), (21, 30), (31, 40)] and apparatus_spans(None) == []
    text = "x" * 41
    assert is_apparatus(text, 0, 5, spans) and is_apparatus(text, 21, 40, spans[:1] + [(21, 41)])
    assert not is_apparatus(text, 6, 20, spans) and not is_apparatus(text, 3, 8, spans)
    assert is_apparatus("ab  cd", 0, 6, [(0, 2), (4, 6)])       # a gap of spaces only
    assert not is_apparatus("abxxcd", 0, 6, [(0, 2), (4, 6)])


def test_the_filing_rule_secondary_themes_and_evidence():
    """`stages.file_documents` on made-up roll-up decisions and sentence counts (3 documents x 3 themes)."""
    import numpy as np

    from pipeline.themes.stages import file_documents

    rolled = np.array([[True, False, False], [False, False, False], [True, False, True]])
    counts = np.array([[4, 1, 0], [0, 1, 0], [2, 0, 0]])
    assert file_documents(rolled, counts).tolist() == rolled.tolist()
    # secondary: a filed document also takes a theme one of its sentences took; an unfiled one does not
    assert file_documents(rolled, counts, secondary=True).tolist() == [
        [True, True, False], [False, False, False], [True, False, True]]
    # evidence: no theme without a sentence that takes it
    assert file_documents(rolled, counts, secondary=True, evidence=True).tolist() == [
        [True, True, False], [False, False, False], [True, False, False]]
    # min_units: a theme that many sentences took is filed whatever the roll-up said
    assert file_documents(np.zeros_like(rolled), counts, min_units=2).tolist() == [
        [True, False, False], [False, False, False], [True, False, False]]


def test_explained_terms_are_whole_words_not_fragments():
    # the model's features are syllable n-grams; "quan tỉnh" (across "hải quan" and "tỉnh") or "156"
    # told an analyst nothing
    from pipeline.themes.model import _word_runs
    from pipeline.themes.store import load_model

    text = "cục hải quan tỉnh quảng ninh bắt giữ 156 kg hàng lậu, tăng cường chống buôn lậu qua biên giới."
    runs = _word_runs(text, 3)
    assert {"hải quan", "quảng ninh", "buôn lậu", "chống buôn lậu"} <= runs
    assert not {"quan tỉnh", "tỉnh quảng", "156", "ninh", "lậu tăng cường"} & runs
    model, _ = load_model()
    terms = model.explain(text, "chong_buon_lau", top=8)
    assert terms and all(t in runs or t in model.cues.get("chong_buon_lau", ()) for t in terms)


def test_sentence_model_needs_no_passage_splitter():
    """The staged model splits its own sentences: a "passages" component added before "themes"
    (the shipped pipeline had one until session 34) changes no sentence, passage or document theme."""
    plain = pipeline.load(exclude=("admin", "numbers", "names", "officials", "admin_outline"))
    if not plain.get_pipe("themes").model.staged:
        pytest.skip("a passage model reads the splitter's windows")
    assert "passages" not in plain.pipe_names
    split = pipeline.load(exclude=("admin", "numbers", "names", "officials", "admin_outline"))
    split.add_pipe("passages", before="themes", config={"max_sentences": 3})
    for text in (SMUGGLING_WITH_REVENUE, SPORT_WITH_ACCIDENT, ONE_SHORT_ITEM):
        a, b = pipeline.analyze(text, nlp=plain), pipeline.analyze(text, nlp=split)
        assert any(s["themes"] for s in a["sentences"])
        assert (a["sentences"], a["passages"], a["themes"]) == (b["sentences"], b["passages"], b["themes"])


def test_a_citation_line_takes_no_theme_but_the_body_keeps_its_own(nlp):
    """"Căn cứ Luật Phòng, chống tham nhũng ..." in a land decision took anti-corruption: the words of a
    cited document's title are not what the citing text is about (the reports trial)."""
    from pipeline.themes.lead import is_citation_or_formula

    text = ("Về việc giao đất cho Công ty Cổ phần Xây dựng Hòa Lâm\n"
            "Căn cứ Luật Phòng, chống tham nhũng ngày 20 tháng 11 năm 2018;\n"
            "Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024;\n"
            "Ủy ban nhân dân tỉnh giao 2,5 ha đất tại xã Đồng Tâm cho Công ty Cổ phần Xây dựng Hòa Lâm.\n"
            "Thanh tra tỉnh kết luận nguyên Giám đốc Sở đã nhận hối lộ 2 tỷ đồng, có dấu hiệu tham nhũng.")
    record = pipeline.analyze(text, nlp=nlp)
    themes = {text[s["start"]:s["end"]][:20]: {t["id"] for t in s["themes"]} for s in record["sentences"]}
    assert themes["Căn cứ Luật Phòng, c"] == set()
    assert "phong_chong_tham_nhung" in themes["Thanh tra tỉnh kết l"]
    line = "Thông tư số 12/2020/TT-BTC; Thông tư số 08/2019/TT-BTC."
    assert is_citation_or_formula(line, 0, len(line), [(0, 25), (27, 52)])
    closing = ("Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ và Chủ tịch UBND các huyện chịu trách "
               "nhiệm thi hành Quyết định này.")
    proposal = "Xét đề nghị của Giám đốc Sở Nội vụ."
    assert is_citation_or_formula(closing, 0, len(closing), [])
    assert is_citation_or_formula(proposal, 0, len(proposal), [])
    record = pipeline.analyze("Về việc hỗ trợ khắc phục hậu quả lũ lụt\n" + closing, nlp=nlp)
    assert not any(s["themes"] for s in record["sentences"]) and not record["themes"]
    plan = "Về việc ban hành Kế hoạch chuyển đổi số năm 2024"
    assert not is_citation_or_formula(plan, 0, len(plan), [(plan.index("Kế"), len(plan))])
    assert not is_citation_or_formula(line, 0, len(line), [(0, 10)])


def test_a_long_document_is_read_as_sections_under_its_title(nlp, monkeypatch):
    """A report of more sentences than the roll-up's articles is scored as sections of at most
    `section_sentences`, each led by the title; its sentence scores come back in order, one per
    sentence."""
    import numpy as np

    from pipeline.themes.component import section_bounds

    assert section_bounds(15, 20) == [(0, 15)]
    assert section_bounds(50, 20) == [(0, 17), (17, 33), (33, 50)]
    assert section_bounds(50, 0) == [(0, 50)]
    tagger = nlp.get_pipe("themes")
    seen = []
    real = tagger.model.predict_many

    def spy(docs_sentences):
        seen.extend(docs_sentences)
        return real(docs_sentences)

    monkeypatch.setattr(tagger.model, "predict_many", spy)
    title = "Báo cáo kết quả công tác quý I năm 2024 của Ủy ban nhân dân huyện Đồng Tâm"
    body = [f"Trong tháng {i % 12 + 1}, huyện tổ chức {i + 2} lớp tập huấn cho nông dân về kỹ thuật trồng lúa."
            for i in range(43)]
    body[30] = "Số thu ngân sách nhà nước trên địa bàn huyện đạt 120 tỷ đồng, bằng 65% dự toán năm."
    record = pipeline.analyze(title + "\n" + "\n".join(body), nlp=nlp)
    assert len(seen) == 3 and [len(s) for s in seen] == [15, 15, 16]   # 44 sentences: 15, 14 and 15 + the title
    assert all(s[0] == seen[0][0] for s in seen)      # every section is read under the title
    assert len(record["sentences"]) == 44
    revenue = record["sentences"][31]
    assert "thu_ngan_sach" in {t["id"] for t in revenue["themes"]}
    assert not any(s["themes"] for i, s in enumerate(record["sentences"]) if i != 31)
    assert np.isfinite([t["score"] for t in record["themes"]]).all()


def test_an_administrative_document_reads_discipline_with_a_higher_threshold():
    """The vocabulary of duty runs through every report, and reports took discipline where they were about
    something else: an administrative document (a header, or a line citing its legal basis, its subject or its
    addressee) reads discipline's sentence threshold higher (`report_threshold_shift`); news is left alone."""
    from pipeline.themes.lead import reads_as_report

    assert reads_as_report("Về việc kiểm tra công vụ\nCăn cứ Luật Cán bộ, công chức ngày 13/11/2008;")
    assert reads_as_report("V/v chấn chỉnh kỷ luật\nKính gửi: các sở, ban, ngành")
    assert reads_as_report("Nội dung bất kỳ", admin={"doc_type": "quyết định"})
    assert not reads_as_report("Căn cứ quân sự Mỹ ở đảo Guam.\nVề việc này, ông A cho biết.")

    body = ("Giám đốc Sở yêu cầu cán bộ, công chức chấp hành nghiêm kỷ luật, kỷ cương hành chính, "
            "xử lý nghiêm cán bộ vi phạm giờ giấc làm việc.")
    news = "Sở Nội vụ chấn chỉnh giờ giấc làm việc\n" + body
    report = "V/v chấn chỉnh giờ giấc làm việc\nCăn cứ Luật Cán bộ, công chức ngày 13/11/2008;\n" + body

    def discipline(nlp, text):
        record = pipeline.analyze(text, nlp=nlp)
        return [s for s in record["sentences"] if any(t["id"] == "ky_luat_ky_cuong" for t in s["themes"])]

    off = pipeline.load(**{"components.themes.report_threshold_shift": {}})
    strict = pipeline.load(**{"components.themes.report_threshold_shift": {"ky_luat_ky_cuong": 50.0}})
    assert discipline(off, news) and discipline(off, report)     # the model reads the body as discipline
    assert discipline(strict, news)                              # news keeps its thresholds
    assert not discipline(strict, report)                        # a report reads discipline's higher


def test_a_long_report_is_filed_only_under_what_it_gives_a_passage():
    """A long report names many campaigns in a sentence or two; the analyst files it under what it gives a
    passage to: a theme needs `report_min_share` of its sentences, and two."""
    import json
    from pathlib import Path

    from pipeline.themes.component import without_passing_mentions

    units = [[("thu_ngan_sach", .99)]] * 5 + [[("chuyen_doi_so", .99)]] + [[]] * 94
    filed = {"thu_ngan_sach": .9, "chuyen_doi_so": .8}
    assert without_passing_mentions(filed, units, 0.025) == {"thu_ngan_sach": .9}
    assert without_passing_mentions(filed, units, 0.0) == filed
    assert without_passing_mentions(filed, units[:30], 0.025) == {"thu_ngan_sach": .9}   # two at least

    # one of the project's long written reports: a decision repealing documents, filed under reform alone
    path = Path(__file__).resolve().parents[1] / "corpora" / "themes" / "admin-long-written.jsonl"
    doc = next(r for r in map(json.loads, path.open(encoding="utf-8")) if r["id"] == "lw2-02")
    every = pipeline.analyze(doc["text"], nlp=pipeline.load(**{"components.themes.report_min_share": 0.0}))
    shipped = pipeline.analyze(doc["text"])
    before, after = {t["id"] for t in every["themes"]}, {t["id"] for t in shipped["themes"]}
    assert after < before and after >= set(doc["themes"])
    counts = {t: sum(any(x["id"] == t for x in s["themes"]) for s in shipped["sentences"]) for t in after}
    assert all(n >= max(2, 0.025 * len(shipped["sentences"])) for n in counts.values())
