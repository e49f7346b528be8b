"""A small hand-written batch output: records in the output contract, turned into tables.

The sentences are written for the tests (no corpus text). Offsets are found with
str.find so they always match the text. One document carries markup in its
title, source and text, to check that every writer and the report escape it.
Each sentence takes the themes of the passage that holds it (passages are runs
of sentences that took the same themes, as the pipeline writes them).
"""
from __future__ import annotations

from pipeline.io.tables import records_to_arrow

PAYLOAD = "<script>document.documentElement.setAttribute('data-pwned','1')</script>"
IMG_PAYLOAD = "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','2')\">"


def _span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def _entity(text, label, part, value=None, canonical=None):
    start, end = _span(text, part)
    ent = {"label": label, "start": start, "end": end, "text": part, "value": value}
    if label in ("ORG", "LOC"):
        ent["canonical"] = canonical or part
    return ent


def _sentences(text: str) -> list[dict]:
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch == "." and (i + 1 == len(text) or text[i + 1] == " "):
            out.append({"start": start, "end": i + 1})
            start = i + 2
    if start < len(text):
        out.append({"start": start, "end": len(text)})
    return out


def _doc(doc_id, date, source, title, text, passages, entities=(), officials=()):
    """passages: list of (sentence text, {theme: score}) in document order."""
    pas, after = [], 0
    for part, themes in passages:
        start, end = _span(text, part, after)
        after = end
        pas.append({"start": start, "end": end,
                    "themes": [{"id": k, "score": v} for k, v in sorted(themes.items(), key=lambda kv: -kv[1])]})
    roll = {}
    for _, themes in passages:
        for k, v in themes.items():
            roll[k] = max(roll.get(k, 0.0), v)
    sentences = _sentences(text)
    for s in sentences:
        held = [p for p in pas if p["start"] <= s["start"] < p["end"]]
        s["themes"] = [dict(t) for t in held[0]["themes"]] if held else []
    record = {
        "id": doc_id, "title": title, "date": date, "source": source, "url": None,
        "sentences": sentences,
        "entities": sorted((_entity(text, *e) for e in entities), key=lambda e: e["start"]),
        "officials": [],
        "passages": pas,
        "themes": [{"id": k, "score": v} for k, v in sorted(roll.items(), key=lambda kv: -kv[1])],
    }
    for person, title_, org in officials:
        start, _ = _span(text, title_)
        _, end = _span(text, person)
        record["officials"].append({"person": person, "title": title_, "org": org, "start": start, "end": end})
    return record, text


def sample_pairs() -> list[tuple[dict, str]]:
    """(record, text) pairs of six documents over three days and three sources."""
    t1 = ("Sở Nội vụ tỉnh Hòa Bình tổ chức hội nghị về văn hóa công sở. "
          "Giám đốc Sở Nội vụ Trần Văn Minh yêu cầu cán bộ giữ thái độ phục vụ tận tình. "
          "Tỉnh dành 12 tỷ đồng cho việc số hóa hồ sơ.")
    t2 = ("Thanh tra tỉnh Hòa Bình phát hiện sai phạm 45 tỷ đồng tại một dự án. "
          "Chánh Thanh tra tỉnh Lê Thị Hoa đề nghị kỷ luật các cá nhân liên quan. "
          "Vụ việc có dấu hiệu tham nhũng được chuyển cơ quan điều tra.")
    t3 = ("Bộ Tài chính hướng dẫn cắt giảm chi thường xuyên để chống lãng phí. "
          "Thứ trưởng Bộ Tài chính Nguyễn Văn Nam nói khoản tiết kiệm đạt 1,5 tỷ USD.")
    t4 = ("Sở Nội vụ tỉnh Hòa Bình rà soát thủ tục hành chính theo cơ chế một cửa. "
          "Người dân được giải quyết hồ sơ nhanh hơn.")
    t5 = (f"Bài viết thử {PAYLOAD} về văn hóa công sở tại Sở Nội vụ tỉnh Hòa Bình. "
          f"Đoạn có thẻ {IMG_PAYLOAD} và khoản 7 tỷ đồng.")
    t6 = "Thanh tra tỉnh Hòa Bình công bố kết luận về tham nhũng trong mua sắm tài sản công."
    return [
        _doc("doc-a", "2024-03-01", "Báo Hòa Bình", "Hội nghị văn hóa công sở", t1,
             [(t1[:t1.index(". ") + 1], {"van_hoa_cong_so": 0.91}),
              ("Giám đốc Sở Nội vụ Trần Văn Minh yêu cầu cán bộ giữ thái độ phục vụ tận tình.",
               {"van_hoa_cong_so": 0.84, "ky_luat_ky_cuong": 0.31}),
              ("Tỉnh dành 12 tỷ đồng cho việc số hóa hồ sơ.", {"chuyen_doi_so": 0.77})],
             entities=[("ORG", "Sở Nội vụ tỉnh Hòa Bình"), ("TITLE", "Giám đốc"),
                       ("PERSON", "Trần Văn Minh"),
                       ("MONEY", "12 tỷ đồng", {"amount": 12e9, "currency": "VND"})],
             officials=[("Trần Văn Minh", "Giám đốc", "Sở Nội vụ tỉnh Hòa Bình")]),
        _doc("doc-b", "2024-03-01", "Báo Hòa Bình", "Thanh tra phát hiện sai phạm", t2,
             [("Thanh tra tỉnh Hòa Bình phát hiện sai phạm 45 tỷ đồng tại một dự án.",
               {"phong_chong_tham_nhung": 0.62}),
              ("Chánh Thanh tra tỉnh Lê Thị Hoa đề nghị kỷ luật các cá nhân liên quan.",
               {"ky_luat_ky_cuong": 0.88}),
              ("Vụ việc có dấu hiệu tham nhũng được chuyển cơ quan điều tra.",
               {"phong_chong_tham_nhung": 0.93})],
             entities=[("ORG", "Thanh tra tỉnh Hòa Bình"),
                       ("MONEY", "45 tỷ đồng", {"amount": 45e9, "currency": "VND"}),
                       ("PERSON", "Lê Thị Hoa")],
             officials=[("Lê Thị Hoa", "Chánh Thanh tra", "Thanh tra tỉnh Hòa Bình")]),
        _doc("doc-c", "2024-03-02", "Tin Tài chính", "Cắt giảm chi thường xuyên", t3,
             [(t3[:t3.index(". ") + 1], {"tiet_kiem_chong_lang_phi": 0.95}),
              ("Thứ trưởng Bộ Tài chính Nguyễn Văn Nam nói khoản tiết kiệm đạt 1,5 tỷ USD.",
               {"tiet_kiem_chong_lang_phi": 0.72})],
             entities=[("ORG", "Bộ Tài chính"), ("PERSON", "Nguyễn Văn Nam"),
                       ("MONEY", "1,5 tỷ USD", {"amount": 1.5e9, "currency": "USD"})],
             officials=[("Nguyễn Văn Nam", "Thứ trưởng", "Bộ Tài chính")]),
        _doc("doc-d", "2024-03-03", "Báo Hòa Bình", "Một cửa", t4,
             [(t4[:t4.index(". ") + 1], {"cai_cach_hanh_chinh": 0.89}),
              ("Người dân được giải quyết hồ sơ nhanh hơn.", {})],
             entities=[("ORG", "Sở Nội vụ tỉnh Hòa Bình")]),
        _doc("doc-e", "2024-03-03", f"Nguồn {PAYLOAD}", f"Tiêu đề {PAYLOAD}", t5,
             [(t5[:t5.index("Hòa Bình. ") + len("Hòa Bình.")], {"van_hoa_cong_so": 0.99}),
              (t5[t5.index("Đoạn có thẻ"):], {"van_hoa_cong_so": 0.5})],
             entities=[("ORG", "Sở Nội vụ tỉnh Hòa Bình"),
                       ("MONEY", "7 tỷ đồng", {"amount": 7e9, "currency": "VND"})]),
        _doc("doc-f", None, None, None, t6,
             [(t6, {"phong_chong_tham_nhung": 0.81})],
             entities=[("ORG", "Thanh tra tỉnh Hòa Bình")]),
        _admin_doc(),
    ]


def _admin_doc() -> tuple[dict, str]:
    """An administrative document (issue 14): the record's `document` and two LEGAL_REFs."""
    t7 = ("Số: 12/BC-SNV\nHòa Bình, ngày 04 tháng 3 năm 2024\nBÁO CÁO\n"
          "Thực hiện Nghị định số 30/2020/NĐ-CP và Kế hoạch số 5/KH-UBND, Sở báo cáo công tác cải cách hành chính.\n"
          "GIÁM ĐỐC\nTrần Văn Minh")
    record, text = _doc("doc-g", "2024-03-04", None, "Báo cáo cải cách hành chính", t7,
                        [("Thực hiện Nghị định số 30/2020/NĐ-CP và Kế hoạch số 5/KH-UBND, Sở báo cáo công tác "
                          "cải cách hành chính.", {"cai_cach_hanh_chinh": 0.8})],
                        entities=[("LEGAL_REF", "Nghị định số 30/2020/NĐ-CP",
                                   {"type": "nghị định", "number": "30/2020/NĐ-CP", "year": 2020}),
                                  ("LEGAL_REF", "Kế hoạch số 5/KH-UBND",
                                   {"type": "kế hoạch", "number": "5/KH-UBND", "year": None})])
    record["document"] = {
        "doc_type": "báo cáo", "number": "12/BC-SNV", "issuer": "Sở Nội vụ tỉnh Hòa Bình", "issuer_parent": None,
        "place": "Hòa Bình", "date": "2024-03-04", "subject": None,
        "signers": [{"name": "Trần Văn Minh", "title": "Giám đốc", "authority": None, "on_behalf_of": None,
                     "outer": None}],
        "addressees": [], "recipients": [], "warnings": []}
    return record, text


def sample_tables(taxonomy="shipped"):
    """The tables of `sample_pairs`, with the `themes` table of `taxonomy` (default: the
    shipped taxonomy, as a batch run with the shipped model writes it; None: empty)."""
    if taxonomy == "shipped":
        from pipeline.themes.taxonomy import load_taxonomy

        taxonomy = load_taxonomy()
    return records_to_arrow(sample_pairs(), taxonomy=taxonomy)
