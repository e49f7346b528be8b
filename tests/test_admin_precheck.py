"""The precheck that lets news skip the administrative-document reader.

`may_be_document` must change no result: every text it turns away is one the
reader, run in full (`precheck=False`), reads as None. The texts are the
invented documents of tests/test_admin.py and pieces of them put together at
random, shifted around the end of the title block's reach (HEADER_MAX).
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_admin import HUYEN, INTERLEAVED, NEWS, NEWS_TRICKY, NORMAL, PARTY, PLAN, RUN_TOGETHER, TAB_COLUMNS, _doc

from pipeline.admin import read_document
from pipeline.admin.document import may_be_document
from pipeline.admin.layout import HEADER_MAX
from pipeline.admin.vocab import _fold_char, fold

HEADERLESS = ("Ủy ban nhân dân xã đề nghị các thôn thực hiện./.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
              "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLê Thanh Hà\n")
DOCUMENTS = [NORMAL, RUN_TOGETHER, INTERLEAVED, HUYEN, TAB_COLUMNS, PLAN, PARTY, HEADERLESS,
             _doc("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nLê Thanh Hà")]


def _same(text: str) -> None:
    """The precheck changes nothing, and turns away only what the full reading gives None."""
    fast, full = read_document(text), read_document(text, precheck=False)
    assert (fast and fast.to_dict()) == (full and full.to_dict())
    if not may_be_document(text):
        assert full is None


@pytest.mark.parametrize("text", DOCUMENTS)
def test_documents_pass_the_precheck_and_read_the_same(text):
    assert may_be_document(text)
    assert read_document(text) is not None
    _same(text)


@pytest.mark.parametrize("text", [NEWS, NEWS_TRICKY, "Báo cáo của Sở cho biết, ngày 12/3 tỉnh đã họp.",
                                  "Dự án Thông báo Kế hoạch: ba tin trong ngày."])
def test_news_is_turned_away(text):
    assert not may_be_document(text) and read_document(text, precheck=False) is None


@pytest.mark.parametrize("anchor", [
    "Số: 12/BC-UBND", "Số 15-NQ/TU", "Hòa Lâm, ngày 07 tháng 3 năm 2024", "Hòa Lâm, ngày 07/3/2024",
    "Hòa Lâm ngày 07 tháng 3 năm 2024", "Hòa Lâm, 07.3.2024", "BÁO CÁO", "TỜ TRÌNH",
    "V/v cấp kinh phí", "Nơi nhận:", "NƠI NHẬN:"])
def test_each_anchor_alone_passes_the_precheck(anchor):
    assert may_be_document("Tin vắn trong ngày.\n" + anchor + "\nNội dung tiếp theo.")


def test_an_anchor_past_the_title_blocks_reach_is_not_one():
    pad = "Tin vắn trong ngày. " * (HEADER_MAX // 20 + 5)
    assert not may_be_document(pad + "\nBÁO CÁO\nSố: 12/BC-UBND\n")
    # but "Nơi nhận" counts anywhere: a document without a title block closes with it
    assert may_be_document(pad + "\nNơi nhận:\n- Lưu: VT.\n")


_PIECES = [NORMAL, RUN_TOGETHER, INTERLEAVED, HEADERLESS, NEWS, "Số:", "Số ", " 15-NQ/TU", " /", "12/BC-UBND",
           ", ngày", " 07 tháng 3 năm 2024", " 07/3/2024", "Hòa Lâm", " ngày", " tháng Ba", " tháng ", " năm ",
           "NGHỊ QUYẾT ĐỊNH", "BÁO CÁO", "Báo cáo",
           "V/v", "v/v", "V/", "Viv", "Nơi nhận:", "NƠI NHẬN", "noi nhan", "KT. ", "TM. ", "CHỦ TỊCH\nLê Thanh Hà",
           "Căn cứ", "\n", "\t", "   ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=30)), max_size=10),
       st.integers(min_value=0, max_value=HEADER_MAX + 200))
def test_random_texts_read_the_same_with_and_without_the_precheck(parts, pad):
    text = "".join(parts)
    _same(text)
    # the same pieces pushed towards and past the end of the title block's reach
    _same("x " * (pad // 2) + text)


@given(st.text(max_size=200))
def test_fold_is_one_char_per_char(text):
    assert fold(text) == "".join(_fold_char(c) for c in text)
    long = text * 5 + "ỦY BAN NHÂN DÂN Đắk Lắk – Ðoàn " * 3
    assert fold(long) == "".join(_fold_char(c) for c in long)
