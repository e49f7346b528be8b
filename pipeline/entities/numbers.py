"""DATE, MONEY and PERCENT entities found by patterns, with their values.

Spans follow ../shared/ANNOTATION.md: unit words ("ngày", "tháng", "năm",
"quý") are inside a DATE, qualifiers ("hơn", "khoảng") are outside, a range is
one span. Patterns run on the normalised view (`pipeline.text`) and every span
is mapped back to input offsets. Values come from `pipeline.entities.values`;
an expression whose value cannot exist ("32/13/2019") gives no entity.
A season written short ("mùa giải 2016/17") is a range of its two years; days
listed after a dated one ("ngày 23-24/1, 15-16/2") are ranges too; a street
named for a date ("đường 3/2") and a model year ("Toyota Fortuner 2017", or
"Fortuner 2017" where the text writes the brand before the model somewhere;
brands from the foreign-name gazetteer) are no DATE. Lunar dates ("mùng 5 Tết")
are left alone, as the dev gold leaves them. Days that share a month are one span however they are
joined ("ngày 24 và 25.5", "4, 5 và 6/6", "ngày 2-5 tháng 8 năm 2017"). An amount may be written in
words before its multiplier ("nửa tỷ đồng", "một triệu đồng").

    find_numeric("Ngày 12/9/2019, thu ngân sách đạt 76.508 tỷ đồng, chiếm 70,31%.")
    -> DATE "Ngày 12/9/2019" 2019-09-12, MONEY "76.508 tỷ đồng", PERCENT "70,31%"
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from spacy.language import Language

from ..extensions import doc_text, set_entities
from ..text import NormText, normalize
from . import values as V
from .types import Entity, merge_entities  # noqa: F401  (merge_entities: re-exported)

# -- building blocks ---------------------------------------------------------

# not glued to a word, a slash, or the digits of a longer number on the left
LB = r"(?<![\w/])(?<!\d[.,])"
# nothing more of the number on the right
RA = r"(?![.,]?\d)"
# thousands grouped by dots (Vietnamese), or by two or more commas (English: "1,250,000,000")
NUM = r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?|\d+(?:[.,]\d+)?)" + RA
# an amount may group its thousands by spaces, as reports typeset them ("1 250 tỷ đồng", "12 500 000 đồng";
# the view makes non-breaking and thin spaces plain): all its groups, or not this reading
NUM_SPACED = rf"(?:{V.SPACED_THOUSANDS}(?![.,]?\d)(?! \d))"
# a multiplier may be glued to its currency in messy text: "5.800tỷđồng"
# and an English one after a dollar or euro sign: "$2.5 billion" (a quoted English figure)
MULT = r"(?:trăm|nghìn|ngàn|vạn|triệu|tỷ|tỉ|billion|million|thousand)(?:(?!\w)|(?=đồng|đ(?!\w)|USD|VN[ĐD]))"
# groups that add up ("3 tỷ 500 triệu") each have a multiplier: a bare number before one ("năm 2017 500 triệu")
# is another number, and "1 250 tỷ" is one number grouped by spaces; bounded repeats keep matching linear
# on long runs of numbers with no currency
AMOUNT = (rf"(?:{NUM}(?:\s*{MULT}){{1,3}}(?:\s+{NUM}(?:\s*{MULT}){{1,3}}){{1,3}}"
          rf"|(?:{NUM_SPACED}|{NUM})(?:\s*{MULT}){{0,3}})")


def _alternation(words) -> str:
    parts = sorted(words, key=len, reverse=True)
    return "(?:" + "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in parts) + ")"


# "đồng" starts many words that are not money: "3 đồng chí", "2 đồng hồ"
_NOT_MONEY_DONG = r"(?!\s+(?:chí|bào|nghiệp|hồ|ruộng|bằng|hương|minh|thời|đội|tộc|tâm|loại|lòng|ca|môn|phạm|đều)(?!\w))"
_SUFFIX_CURRENCIES = [w for w in V.CURRENCIES if w not in ("$", "€", "£", "us$", "bảng")]
# "bảng" is also a table or a board ("3 bảng"): it is a currency after a multiplier ("170 triệu bảng")
_BANG = (r"(?:bảng\s+anh|(?:(?<=nghìn )|(?<=ngàn )|(?<=triệu )|(?<=tỷ )|(?<=tỉ )|(?<=\d\.\d\d\d ))bảng"
         r"(?!\s+(?:hiệu|tin|giá|đấu|xếp|tổng|điểm|lương|biểu|đen|số|chữ|tên|kê|quảng|điện|vàng|màu|phụ|trắng)(?!\w)))"
         r"(?!\w)")
CUR = (rf"(?:đồng\s+việt\s+nam(?!\w)|đồng{_NOT_MONEY_DONG}(?!\w)|{_BANG}|"
       + _alternation([w for w in _SUFFIX_CURRENCIES if w != "đồng"]) + r"(?!\w)|US\$|\$|€|£)")
# "từ 400 triệu đến hơn 700 triệu đồng": a qualifier may sit on the upper bound
RANGE_SEP = r"(?:\s*[-–—]\s*|\s+(?:đến|tới)\s+(?:(?:hơn|gần|khoảng|trên|dưới)\s+)?)"

FLAGS = re.IGNORECASE

# an amount with its currency, or a percentage, may follow a word it lost its space to:
# "đạt63,2 triệu đồng", "tăng48%"
LB_MONEY = r"(?<![\d/])(?<!\d[.,])"
MONEY_RANGE = re.compile(rf"{LB_MONEY}(?P<low>{AMOUNT}){RANGE_SEP}(?P<high>{AMOUNT})\s*(?P<cur>{CUR})", FLAGS)
MONEY = re.compile(rf"{LB_MONEY}(?P<low>{AMOUNT})\s*(?P<cur>{CUR})", FLAGS)
# "bảng" is also a table or a group: pounds only after a multiplier ("35 triệu bảng")
MONEY_POUNDS = re.compile(rf"{LB}(?P<low>{NUM}(?:\s*{MULT})+)\s*(?P<cur>bảng)(?!\s+(?:đấu|xếp|tổng))(?!\w)", FLAGS)
# an amount whose number is a word: "nửa tỷ đồng", "chín triệu đôla" (a multiplier must follow)
_MULTIPLIER_WORDS = ("trăm", "nghìn", "ngàn", "vạn", "triệu", "tỷ", "tỉ")
_NUMBER_WORDS = {"nửa": "0,5", "một": "1", "hai": "2", "ba": "3", "bốn": "4", "năm": "5", "sáu": "6", "bảy": "7",
                 "tám": "8", "chín": "9", "mười": "10"}
_WORD_AMOUNT = (rf"(?:{'|'.join(_NUMBER_WORDS)})\s+(?:{'|'.join(_MULTIPLIER_WORDS)})(?!\w)"
                rf"(?:\s+(?:{'|'.join(_MULTIPLIER_WORDS[1:])})(?!\w))?")   # "hai trăm triệu": one more, not "trăm"
MONEY_WORDS = re.compile(rf"(?<!\w)(?P<low>{_WORD_AMOUNT})\s*(?P<cur>{CUR})", FLAGS)
MONEY_PREFIX = re.compile(rf"(?<!\w)(?P<cur>US\$|\$|€|£)\s?(?P<low>{AMOUNT})", FLAGS)

PERCENT_RANGE = re.compile(
    rf"{LB_MONEY}(?P<low>{NUM})(?:\s*%)?(?:\s*[-–—]\s*|\s+(?:đến|tới)\s+)(?P<high>{NUM})\s*(?:%|phần\s+trăm(?!\w))", FLAGS)
PERCENT = re.compile(rf"{LB_MONEY}(?P<low>{NUM})\s*(?:%|phần\s+trăm(?!\w))", FLAGS)

DAY_WORD = r"(?P<dw>ngày\s+(?:mồng\s+|mùng\s+)?|mồng\s+|mùng\s+)?"
YEAR_TAIL = r"(?:\s*(?:năm\s+|[/\-.]\s*)(?P<y>\d{4}))"
QUARTER = r"(?:IV|I{1,3}|[1-4])"

DMY = re.compile(rf"{LB}{DAY_WORD}(?P<d>\d{{1,2}})(?P<sep>[/.\-])(?P<m>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}){RA}", FLAGS)
# "ngày 13-15/7", "ngày 13 đến 24/3/2017", "ngày 26 và 27/4": days sharing one month
DAY_RANGE = re.compile(
    rf"{LB}{DAY_WORD}(?P<d1>\d{{1,2}})(?P<list>(?:\s*,\s*\d{{1,2}}(?![/.\d]))*)"
    rf"(?:\s*[-–]\s*|\s*,?\s+(?:đến|tới|và)\s+(?:(?:ngày\s+)?(?:mồng|mùng)?\s*))"
    rf"(?P<d2>\d{{1,2}})(?P<sep>[/.])(?P<m>\d{{1,2}})(?:(?P=sep)(?P<y>\d{{4}}))?{RA}(?![/.\-]\d)",
    FLAGS)
# "ngày 2-5 tháng 8 năm 2017", "ngày 30 và 31 tháng 1", "từ ngày 08 đến ngày 11 tháng 7 năm 2017"
DAY_RANGE_WORDS = re.compile(
    rf"{LB}(?P<dw>(?:ngày|mồng|mùng)\s+)(?P<d1>\d{{1,2}})(?:\s*[-–]\s*|\s+(?:đến|tới|và)\s+(?:(?:ngày|mồng|mùng)\s+)?)"
    rf"(?P<d2>\d{{1,2}})\s+tháng\s+(?P<m>\d{{1,2}})(?!\d)(?:\s*(?:,\s*|\s+)năm\s+(?P<y>\d{{4}}){RA})?",
    FLAGS)
# "ngày 26 đến 29-6", "ngày 2 và 3-7": a dash between day and month only after "ngày"
DAY_RANGE_DASH = re.compile(
    rf"{LB}(?P<dw>ngày\s+(?:mồng\s+|mùng\s+)?)(?P<d1>\d{{1,2}})\s+(?:đến|tới|và)\s+(?P<d2>\d{{1,2}})-(?P<m>\d{{1,2}})"
    rf"(?:-(?P<y>\d{{4}}))?{RA}(?![/\-]\d)", FLAGS)
# "ngày 31-1 năm 2017", "ngày 30/6 năm 2018": a day/month and its year in words, one date (2 of 2 in the
# training annotations); only after a day word, where "1/2 năm 2020" cannot be half a year
DM_YEAR = re.compile(rf"{LB}(?P<dw>(?:ngày|mồng|mùng)\s+)(?P<d>\d{{1,2}})(?P<sep>[/\-.])(?P<m>\d{{1,2}}){RA}"
                     rf"(?!(?P=sep)\d)\s*,?\s+năm\s+(?P<y>\d{{4}}){RA}", FLAGS)
# "30/4-1/5" is a range of two day/months: only the same separator again means more digits
DM = re.compile(rf"{LB}{DAY_WORD}(?P<d>\d{{1,2}})(?P<sep>[/\-.])(?P<m>\d{{1,2}}){RA}(?!(?P=sep)\d)(?!/\d)(?![^\W\d_])",
                FLAGS)
DAY_MONTH_WORDS = re.compile(
    rf"{LB}(?P<dw>(?:ngày|mồng|mùng)\s+)?(?P<d>\d{{1,2}})\s+tháng\s+(?P<m>\d{{1,2}}){RA}"
    rf"(?:\s*(?:năm\s+|[/\-]\s*)(?P<y>\d{{4}}){RA})?", FLAGS)
# "ngày 01 tháng Ba năm 2024": a month named in words, as formal letters write it; only with its year
# and capitalised (lower-case "ba tháng" counts months, and Giêng and Chạp name lunar months)
MONTH_NAMES = {"một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
               "mười": 10, "mười một": 11, "mười hai": 12}
DAY_MONTH_NAME = re.compile(
    rf"{LB}(?P<dw>(?:ngày|mồng|mùng)\s+)?(?P<d>\d{{1,2}})\s+tháng\s+"
    rf"(?P<m>(?-i:Mười một|Mười hai|Mười|Một|Hai|Ba|Tư|Bốn|Năm|Sáu|Bảy|Tám|Chín))"
    rf"\s*(?:,\s*|\s+)năm\s+(?P<y>\d{{4}}){RA}", FLAGS)
MONTH_RANGE = re.compile(
    rf"(?<!\w)tháng\s+(?P<m1>\d{{1,2}})\s*(?:[-–]|và|,)\s*(?:tháng\s+)?(?P<m2>\d{{1,2}})(?!\d){YEAR_TAIL}?{RA}", FLAGS)
MONTH = re.compile(rf"(?<!\w)tháng\s+(?P<m>\d{{1,2}})(?!\d){YEAR_TAIL}?{RA}", FLAGS)
MONTH_YEAR = re.compile(rf"{LB}(?P<m>\d{{1,2}})/(?P<y>\d{{4}}){RA}(?![/\-]\w)", FLAGS)
QUARTERS = re.compile(
    rf"(?<!\w)quý\s+(?P<q>{QUARTER})(?P<more>(?:\s*(?:,|và|-|–|đến)\s*(?:quý\s+)?{QUARTER}(?!\w))*)"
    rf"(?!\w){YEAR_TAIL}?{RA}", re.IGNORECASE)
MONTHS_OF_YEAR = re.compile(
    rf"{LB}(?P<n>\d{{1,2}})\s+tháng\s+(?:(?P<pos>đầu|cuối)\s+)?năm(?:\s+(?P<y>\d{{4}}))?{RA}(?!\w)", FLAGS)
YEAR_RANGE = re.compile(
    rf"{LB}(?P<yw>năm\s+)?(?P<y1>\d{{4}})\s*[-–]\s*(?:năm\s+)?(?P<y2>\d{{4}}){RA}(?![/\-]\w)", FLAGS)
BARE_YEAR_RANGE = re.compile(
    rf"{LB}(?P<yw>)(?P<y1>\d{{4}})\s*(?P<sep>[-–/])\s*(?P<y2>\d{{4}}){RA}(?![/\-]\w)", FLAGS)
YEAR = re.compile(rf"(?<!\w)năm\s+(?P<y>\d{{4}}){RA}", FLAGS)
# a season or school year written short: "mùa giải 2016/17", "2008/09"
SEASON = re.compile(rf"{LB}(?P<y1>(?:19|20)\d\d)/(?P<y2>\d\d){RA}(?![/\-.]\d)", FLAGS)
# A bare "2021" is a year: counts of a thousand and more are written "2.021". Not when a
# unit or a counted noun follows ("2000 người"), nor after "số", "Điều"... (numbers, codes).
_COUNTED = (r"người|hộ|tỷ|tỉ|triệu|nghìn|ngàn|trăm|đồng|đ|USD|euro|km|m|m2|m3|kg|g|tấn|lít|lượt|ha|hecta|con|chiếc|cái"
            r"|căn|xe|ca|vụ|lần|năm|tháng|ngày|giờ|phút|tuổi|độ|điểm|học sinh|sinh viên|thí sinh|đại biểu|cán bộ"
            r"|bệnh nhân|doanh nghiệp|trường hợp|việc làm|sản phẩm|đơn vị|cây|mét|bài|trang|câu|phiếu|suất|vé|bộ|hồ sơ")
BARE_YEAR = re.compile(
    rf"{LB}(?P<y>(?:19|20)\d\d){RA}(?!\s*[-–/]\s*\d)(?![ \t]*[+\d])(?!\s*(?:%|(?:{_COUNTED})(?!\w)))"
    rf"(?!\s*[x×]\s*\d)(?![/\-]\w)",
    FLAGS)  # "1900 55 88 96" is a phone number, "km 1939+400" a milestone, "1920 x 1080" a screen's
    # resolution, "19-2017/NQ-CP" a document's number
_NOT_YEAR_BEFORE = re.compile(
    r"(?<!\w)(?:số|điều|khoản|mục|mã|phòng|km|hotline|liên hệ|gọi|câu|trang|(?<!cùng )(?<!nhiệm )kỳ|hạng|top|chương|tập|bài|thứ|lớp|tầng|tổng|khoảng|gần|hơn"
    r"|trên|dưới|có|(?<!so )với|gồm|đạt|là|mẫu|model|phiên bản|version|series|galaxy|iphone|đời)\s*[:#]?\s*$"
    r"|[\d+*=×x]\s*$", FLAGS)
_SCALE_BEFORE = re.compile(r"(?<!\w)(?:tỷ lệ|tỉ lệ)\s*:?\s*$", FLAGS)
BIRTH_YEAR = re.compile(rf"(?<!\w)(?:SN|sinh)\s*:?\s*(?P<y>\d{{4}}){RA}")

# words just before a bare "12/9" or "12-9" that make it a date
_CUE_ANY = re.compile(
    r"(?:(?<!\w)(?:ngày|mồng|mùng|hôm|sáng|trưa|chiều|tối|đêm|khuya|nay|qua)\s*[,:]?"
    r"|\(|(?<!\w)\d{1,2}\s*(?:h|giờ)(?:\s*\d{1,2}(?:\s*phút)?)?)\s*$", FLAGS)
_CUE_WORD = re.compile(r"(?<!\w)(?:ngày|mồng|mùng|hôm|sáng|trưa|chiều|tối|đêm|khuya|nay"
                       r"|(?:ngày|hôm|sáng|trưa|chiều|tối|đêm)\s+(?:qua|mai)|(?:sáng|chiều|tối)\s+sớm)\s*[,:(]?\s*$", FLAGS)
_CUE_SLASH = re.compile(r"(?<!\w)(?:từ|đến|tới|vào|trước|sau|lúc|đầu|cuối|giữa|phiên|kể từ)\s*$", FLAGS)
# words before "1/3" that make it a fraction or a document number
_FRACTION_BEFORE = re.compile(
    r"(?<!\w)(?:số|tỷ lệ|tỉ lệ|tỷ số|tỉ số|văn hóa|lớp|hạng|thương binh|vòng|ngách|hẻm|ngõ|kiệt|số nhà|giảm|tăng"
    r"|thất bại|khoảng|gần|hơn|chiếm|được|còn|trên|dưới|đạt|có|mất|bằng|hiệp|tỷ số|thắng|thua|hòa"
    r"|nghị định|thông tư|quyết định|chỉ thị|công văn|nghị quyết|luật|kế hoạch|thông báo|công điện)\s*$"
    r"|\d\s*;\s*$", FLAGS)
# a street named for a date: "đường 3/2", "phố 19-5"
_STREET_BEFORE = re.compile(r"(?<!\w)(?:đường|phố|ngã tư|ngã sáu|vòng xoay|cầu|công viên|quảng trường|trường)\s*$", FLAGS)
_FRACTION_AFTER = re.compile(
    r"^(?:\s+(?:số|tổng|dân số|diện tích|trong|các|những|thời gian|đại biểu|thành viên|muỗng|thìa|chén|bát|cốc|ly"
    r"|phần|quãng|chặng|học viên|học sinh|sinh viên)(?!\w)"
    r"|\s*;\s*\d)", FLAGS)  # "4/6; 6/4; 1/6" are set scores
# a unit after "2-3" makes it a count: "2-3 ngày", "5-7 người"
_COUNT_AFTER = re.compile(
    r"^\s*(?:ngày|tháng|năm(?!\s+(?:nay|ngoái|tới|sau|trước|\d))|tuần|giờ|phút|lần|người|km|m|kg|tấn|%|tuổi|độ)(?!\w)",
    FLAGS)
_DOC_NUMBER_BEFORE = re.compile(r"(?<!\w)(?:số|nghị định|thông tư|quyết định|chỉ thị|công văn|nghị quyết|luật)\s*$", FLAGS)
# the other end of a range of dates makes a bare "21-5" or "26.1" a date: "ngày 18-5 đến 21-5",
# "từ 26.1 - 1.2.2017"
_RANGE_END_BEFORE = re.compile(
    r"(?:(?<!\w)(?:ngày|mồng|mùng)\s+\d{1,2}[/\-.]\d{1,2}|\d{1,2}([/\-.])\d{1,2}\1\d{4})"
    r"\s*(?:[-–—]|(?<!\w)(?:đến|tới)(?!\w))\s*$", FLAGS)
_RANGE_START_AFTER = re.compile(r"\s*(?:[-–—]|(?:đến|tới)(?!\w))\s*\d{1,2}([/\-.])\d{1,2}\1\d{4}(?!\d)", FLAGS)
_RANGE_GAP = re.compile(r"^(?:\s*[-–—]\s*|\s+(?:đến|tới)(?:\s+(?:hết|hơn|gần|khoảng|trên|dưới))?\s+)$", FLAGS)


@dataclass
class _Candidate:
    start: int
    end: int
    label: str
    value: Any

    @property
    def length(self) -> int:
        return self.end - self.start


def _int(s: str | None) -> int | None:
    return int(s) if s else None


def _before(text: str, pos: int, width: int = 30) -> str:
    return text[max(0, pos - width):pos]


# -- builders: match -> (value, start, end) or None --------------------------


def _dmy(m, text):
    return V.iso_date(int(m["y"]), int(m["m"]), int(m["d"]))


def _day_range(m, text):
    before = _before(text, m.start())
    groups = m.groupdict()
    if groups.get("sep") == "." and not (m["dw"] or _CUE_WORD.search(before)):
        return None   # "24 và 25.5" is a date after "ngày" or "sáng", a decimal otherwise
    listed = [int(d) for d in re.findall(r"\d+", groups.get("list") or "")]
    if listed and (not (m["dw"] or _CUE_ANY.search(before) or _CUE_SLASH.search(before))
                   or [int(m["d1"]), *listed, int(m["d2"])] != sorted({int(m["d1"]), *listed, int(m["d2"])})):
        return None   # "4, 5 và 6/6" after "ngày tới": days listed in order, cued
    if not (m["dw"] or _CUE_ANY.search(before) or _CUE_SLASH.search(before)):
        # "..., 15-16/2 và 3-4/5" in a list after a cued date: read like a bare "16/2"
        if not re.match(r"\d{1,2}\s*[-–]\s*\d", m.group()) or _FRACTION_BEFORE.search(before) \
                or _FRACTION_AFTER.match(text[m.end():m.end() + 30]) or _STREET_BEFORE.search(before) \
                or not re.search(r"\d{1,2}/\d{1,2}\s*(?:,|và)\s*$", before):
            return None
    d1, d2 = int(m["d1"]), int(m["d2"])
    if d1 >= d2:
        return None
    year, month = _int(m["y"]), int(m["m"])
    return V.date_range(V.iso_date(year, month, d1), V.iso_date(year, month, d2))


def _season(m, text):
    y1, y2 = int(m["y1"]), int(m["y2"])
    if y2 != (y1 + 1) % 100 or _DOC_NUMBER_BEFORE.search(_before(text, m.start())):
        return None
    return V.date_range(V.iso_date(y1), V.iso_date(y1 + 1))


def _dm(m, text):
    before = _before(text, m.start())
    after = text[m.end():m.end() + 30]
    word_cue = bool(m["dw"]) or bool(_CUE_WORD.search(before))
    if not word_cue and _COUNT_AFTER.match(after):
        return None  # "(4/11 người)", "sau 2-3 ngày": a count, not a day
    if _STREET_BEFORE.search(before):
        return None
    if not m["dw"]:
        # a cue word, or the other end of a range of dates
        dated = bool(_CUE_WORD.search(before) or _RANGE_END_BEFORE.search(before) or _RANGE_START_AFTER.match(after))
        cued = dated or bool(_CUE_ANY.search(before))
        if m["sep"] == "." and not dated:
            return None  # "18.6" is a decimal unless "tối 18.6"
        if m["sep"] == "-" and not cued:
            return None
        if m["sep"] == "/" and not cued and not _CUE_SLASH.search(before):
            if _FRACTION_BEFORE.search(before) or _FRACTION_AFTER.match(after):
                return None
    return V.iso_date(None, int(m["m"]), int(m["d"]))


def _day_month_words(m, text):
    if not m["dw"] and not m["y"]:
        return None  # "3 tháng 10" alone may be a duration
    return V.iso_date(_int(m["y"]), int(m["m"]), int(m["d"]))


def _day_month_name(m, text):
    return V.iso_date(int(m["y"]), MONTH_NAMES[m["m"].lower()], int(m["d"]))


def _month_range(m, text):
    year = _int(m["y"])
    m1, m2 = int(m["m1"]), int(m["m2"])
    if m1 >= m2:
        return None
    return V.date_range(V.iso_date(year, m1), V.iso_date(year, m2))


def _month(m, text):
    before = _before(text, m.start())
    if re.search(r"\d[ \t]*\Z", before) or re.search(r"(?<!\w)(?:mấy|vài|các|những)\s*$", before, FLAGS):
        return None  # "3 tháng 10 ngày", "các tháng 5" are not one calendar month
    return V.iso_date(_int(m["y"]), int(m["m"]))


def _month_year(m, text):
    before = _before(text, m.start())
    if _DOC_NUMBER_BEFORE.search(before) or _SCALE_BEFORE.search(before) or not 1800 <= int(m["y"]) <= 2200:
        return None   # "tỷ lệ 1/1000" is a scale, "1/1000" no month of any year (iso_date checks the month)
    return V.iso_date(int(m["y"]), int(m["m"]))


def _quarters(m, text):
    qs = [V.quarter(m["q"])] + [V.quarter(q) for q in re.findall(QUARTER, m["more"] or "", re.IGNORECASE)]
    if None in qs or qs != sorted(qs):
        return None
    year = _int(m["y"])
    return V.date_range(V.iso_quarter(year, qs[0]), V.iso_quarter(year, qs[-1]))


def _months_of_year(m, text):
    n = int(m["n"])
    year = _int(m["y"])
    if not 1 <= n <= 12 or year is None:
        return None  # "6 tháng đầu năm" with no year is relative to the current one
    if (m["pos"] or "").lower() == "cuối":
        first, last = 13 - n, 12
    else:
        first, last = 1, n
    return V.date_range(V.iso_date(year, first), V.iso_date(year, last))


def _year_range(m, text):
    if m["yw"] and re.search(r"\d\s*$", _before(text, m.start())):
        # "5 năm 2016 - 2020": "năm" belongs to the duration, the range starts at the year
        return None
    y1, y2 = int(m["y1"]), int(m["y2"])
    if not (1800 <= y1 < y2 <= 2200) and not (m["yw"] and y1 < y2):
        return None
    if m.groupdict().get("sep") == "/" and y2 != y1 + 1:
        return None  # only a season or school year is written "2019/2020"
    if _DOC_NUMBER_BEFORE.search(_before(text, m.start())):
        return None
    return V.date_range(V.iso_date(y1), V.iso_date(y2))


# a decade ("những năm 1980", "thập niên 1960"): no calendar year, and ISO 8601 has no value for it
# (the training annotations leave 48 of 65 undated)
_DECADE_BEFORE = re.compile(r"(?<!\w)(?:những|thập niên|thập kỷ|thập kỉ)\s+(?:năm\s+)?$", FLAGS)
_MORE_YEARS = re.compile(r"\s*(?:[-–,]|đến|tới|và)\s*(?:năm\s+)?\d", FLAGS)   # "những năm 2010 đến 2015"


def _decade(m, text) -> bool:
    return m["y"].endswith("0") and bool(_DECADE_BEFORE.search(_before(text, m.start("y")))) \
        and not _MORE_YEARS.match(text, m.end("y"))


def _year(m, text):
    if _decade(m, text):
        return None
    return V.iso_date(int(m["y"]))


def _birth_year(m, text):
    return V.iso_date(int(m["y"]))


def _bare_year(m, text):
    before = _before(text, m.start())
    if _NOT_YEAR_BEFORE.search(before) or _model_year(before, text) or _decade(m, text):
        return None
    return V.iso_date(int(m["y"]))


_LATIN_WORD_BEFORE = re.compile(r"(?<![\w-])([A-Z][A-Za-z0-9]*)\s*\(?\s*$")


def _model_year(before: str, text: str) -> bool:
    """"Toyota Fortuner 2017", "Fortuner 2017" in a text that writes "Toyota Fortuner": a model
    year follows a model name, a word in Latin letters that a brand of the foreign-name gazetteer
    (`corpora/lexicons/foreign_names.tsv`, ORG) stands before somewhere in the text."""
    word = _LATIN_WORD_BEFORE.search(before)
    if not word:
        return False
    if word.group(1) in _brands():
        return False   # "Samsung 2017" may be the company's year
    return word.group(1) in _models_after_brands(text)


_WORD_PAIR = re.compile(r"(?<![\w-])(?=(\w+) ([A-Z][A-Za-z0-9]*)(?![\w-]))")


@lru_cache(maxsize=8)
def _models_after_brands(text: str) -> frozenset[str]:
    """The words written right after a brand somewhere in `text`: one pass per text, however many years."""
    brands = _brands()
    return frozenset(m.group(2) for m in _WORD_PAIR.finditer(text) if m.group(1) in brands)


@lru_cache(maxsize=1)
def _brands() -> frozenset[str]:
    from .gazetteer import default_gazetteer

    return frozenset(name for name, kind in default_gazetteer().types.items() if kind == "ORG" and " " not in name)


# currency words that also start place names: "19 - 21 Yên Lãng" is an address
_NAME_CURRENCIES = {"yên", "won"}


def _currency_starts_a_name(m, text) -> bool:
    if m["cur"].lower() not in _NAME_CURRENCIES:
        return False
    following = text[m.end("cur"):m.end("cur") + 3].lstrip(" ")
    return bool(following) and following[0].isupper()


# "6 đồng tiền chủ chốt" (six currencies), "100 đồng tiền vàng" (coins): a count of at most three
# digits, with no multiplier, before "đồng tiền" is no amount; "1.500 đồng tiền thức ăn" and "2 triệu
# đồng tiền mặt" are (the training data: 5 counts, 28 amounts)
_COUNTED_COINS = re.compile(r"\s+tiền(?!\w)")
# after a count with no multiplier, "đồng" opens a word on the same line: "9 đồng xu", "12 đồng loạt",
# "Số 2 Đồng Nai" ("50.000 tỉ đồng phục vụ", "11.000 tỷ đồng\nTình hình" are money)
_DONG_WORD = re.compile(r"[ \t]+(?:xu|loạt|thừa|tháp|nai|hành|phục|ý|tình|bộ|thuận|sở|cỏ|lúa|khởi|đẳng|dạng|cảm"
                        r"|thanh|niên)(?!\w)", FLAGS)


# "đô" alone is the dollar, but also the head of "đô thị", "đô vật", "đô hộ", "đô đốc"
_NOT_DOLLAR = re.compile(r"\s+(?:thị|vật|hộ|đốc|tuyển|thành)(?!\w)", FLAGS)


def _not_dollars(m, text) -> bool:
    return m["cur"].lower() == "đô" and bool(_NOT_DOLLAR.match(text, m.end()))


def _money(m, text):
    if _currency_starts_a_name(m, text) or _not_dollars(m, text):
        return None
    if m["cur"].lower() == "đồng" and re.fullmatch(r"\d{1,3}", m["low"]) and (
            _COUNTED_COINS.match(text, m.end()) or _DONG_WORD.match(text, m.end()) or m["cur"] == "Đồng"):
        return None
    return V.money_value(m["low"], m["cur"])


# the end of a longer number in words before it: "ba trăm năm bảy triệu bốn trăm nghìn đồng" is one amount
_SPELLED_BEFORE = re.compile(rf"(?<!\w)(?:{'|'.join(_NUMBER_WORDS)}|mươi|lăm|linh|lẻ|{'|'.join(_MULTIPLIER_WORDS)})"
                             r"[ \t]*$", FLAGS)


def _money_words(m, text):
    word, rest = m["low"].split(None, 1)
    if _currency_starts_a_name(m, text) or _not_dollars(m, text) or _SPELLED_BEFORE.search(_before(text, m.start(), 12)):
        return None
    return V.money_value(f"{_NUMBER_WORDS[word.lower()]} {rest}", m["cur"])


def _money_range(m, text):
    if _currency_starts_a_name(m, text):
        return None
    return V.money_value(m["low"], m["cur"], m["high"])


def _percent(m, text):
    return V.percent_value(m["low"])


# (pattern, label, builder, group that is the span or None for the whole match)
# (pattern, label, value builder, group of the span, needles): a pattern is tried on a window
# only when the window holds one of its needles, which every match of it contains (lower-cased
# window text); None means no such test
_RULES: list[tuple[re.Pattern, str, Callable, str | None, tuple[str, ...] | None]] = [
    (MONEY_RANGE, "MONEY", _money_range, None, None),
    (MONEY, "MONEY", _money, None, None),
    (MONEY_PREFIX, "MONEY", _money, None, ("$", "€", "£")),
    (MONEY_WORDS, "MONEY", _money_words, None, _MULTIPLIER_WORDS),
    (MONEY_POUNDS, "MONEY", _money, None, ("bảng",)),
    (PERCENT_RANGE, "PERCENT", _percent, None, ("%", "phần")),
    (PERCENT, "PERCENT", _percent, None, ("%", "phần")),
    (DMY, "DATE", _dmy, None, ("/", ".", "-")),
    (DAY_RANGE, "DATE", _day_range, None, ("/", ".")),
    (DAY_RANGE_DASH, "DATE", _day_range, None, ("-",)),
    (DAY_RANGE_WORDS, "DATE", _day_range, None, ("tháng",)),
    (DM_YEAR, "DATE", _dmy, None, ("năm",)),
    (DM, "DATE", _dm, None, ("/", ".", "-")),
    (DAY_MONTH_WORDS, "DATE", _day_month_words, None, ("tháng",)),
    (DAY_MONTH_NAME, "DATE", _day_month_name, None, ("tháng",)),
    (MONTH_RANGE, "DATE", _month_range, None, ("tháng",)),
    (MONTH, "DATE", _month, None, ("tháng",)),
    (MONTH_YEAR, "DATE", _month_year, None, ("/",)),
    (QUARTERS, "DATE", _quarters, None, ("quý",)),
    (MONTHS_OF_YEAR, "DATE", _months_of_year, None, ("tháng",)),
    (YEAR_RANGE, "DATE", _year_range, None, ("-", "–")),
    (BARE_YEAR_RANGE, "DATE", _year_range, None, ("-", "–", "/")),
    (SEASON, "DATE", _season, None, ("/",)),
    (YEAR, "DATE", _year, None, ("năm",)),
    (BIRTH_YEAR, "DATE", _birth_year, "y", None),
    (BARE_YEAR, "DATE", _bare_year, None, None),
]

_NEEDLES = frozenset(n for *_, needles in _RULES for n in needles or ())

_DIGITS = re.compile(r"\d+|(?<!\w)quý\s+[IV]{1,3}(?!\w)", FLAGS)  # "quý II" has no digit
# nor has "nửa tỷ đồng": found from its multiplier, a word that is rarer than a number word
# (the multiplier's letters after the first, which a regex scans for fastest: "riệu" of "triệu")
_MULTIPLIER_AT = re.compile(r"(?<=[tTnNvV])(?:răm|ghìn|gàn|ạn|riệu|[ỷỉ])(?!\w)")
_NUMBER_WORD_BEFORE = re.compile(rf"(?<!\w)(?:{'|'.join(_NUMBER_WORDS)})\s+$", FLAGS)
# how far a match may reach from its digits: "ngày mồng " before, "triệu đô la Mỹ" after
_REACH_BEFORE, _REACH_AFTER = 24, 48


def _windows(text: str) -> list[tuple[int, int]]:
    """Stretches of text around digits (or a Roman quarter, or an amount in words): only these can
    hold a match."""
    found = [(m.start(), m.end()) for m in _DIGITS.finditer(text)]
    words = [(w.start(), m.end()) for m in _MULTIPLIER_AT.finditer(text)
             for w in [_NUMBER_WORD_BEFORE.search(text, max(0, m.start() - 9), m.start() - 1)] if w]
    if words:
        found = sorted(found + words)
    windows: list[list[int]] = []
    for m_start, m_end in found:
        start, end = max(0, m_start - _REACH_BEFORE), min(len(text), m_end + _REACH_AFTER)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    return [(s, e) for s, e in windows]


def _candidates(text: str, windows: list[tuple[int, int]]) -> list[_Candidate]:
    out = []
    present = [{n for n in _NEEDLES if n in low} for low in (text[s:e].lower() for s, e in windows)]
    for pattern, label, build, group, needles in _RULES:
        for (w_start, w_end), held in zip(windows, present):
            if needles is not None and held.isdisjoint(needles):
                continue
            # lookbehinds still see the text before w_start; endpos hides the text after w_end,
            # which is far enough from the last digit that no match reaches it
            for m in pattern.finditer(text, w_start, w_end):
                value = build(m, text)
                if value is None:
                    continue
                start, end = (m.start(group), m.end(group)) if group else (m.start(), m.end())
                out.append(_Candidate(start, end, label, value))
    return out


def _select(cands: list[_Candidate]) -> list[_Candidate]:
    """Longest first, never overlapping; then in text order."""
    chosen: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(cands, key=lambda c: (-c.length, c.start)):
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        chosen.append(c)
        taken.append((c.start, c.end))
    return sorted(chosen, key=lambda c: c.start)


_YEAR_AFTER = re.compile(rf"(?:\s*[-–—]\s*|\s+(?:đến|tới)\s+)(?P<y>\d{{4}}){RA}(?![/\-]\w)", FLAGS)


def _extend_years(c: _Candidate, text: str) -> _Candidate:
    """"năm 2013 đến 2016": a bare year after a year date closes a range."""
    if c.label != "DATE" or not re.fullmatch(r"\d{4}", c.value):
        return c
    m = _YEAR_AFTER.match(text, c.end)
    if not m or not int(c.value) < int(m["y"]) <= 2999:
        return c
    return _Candidate(c.start, m.end(), "DATE", f"{c.value}/{m['y']}")


def _merge_ranges(cands: list[_Candidate], text: str) -> list[_Candidate]:
    """Join "DATE - DATE", "DATE đến DATE" (and the same for MONEY) into one range."""
    out: list[_Candidate] = []
    for i, c in enumerate(cands):
        following = cands[i + 1].start if i + 1 < len(cands) else len(text)
        extended = _extend_years(c, text)
        if extended.end <= following:
            c = extended
        prev = out[-1] if out else None
        if prev is not None and prev.label == c.label and _RANGE_GAP.match(text[prev.end:c.start]):
            merged = _merge_values(prev, c)
            if merged is not None:
                out[-1] = _Candidate(prev.start, c.end, c.label, merged)
                continue
        out.append(c)
    return out


def _merge_values(a: _Candidate, b: _Candidate):
    if a.label == "DATE":
        if "/" in a.value or "/" in b.value:
            return None
        if a.value.startswith("XXXX") and len(a.value) != len(b.value):
            return None  # "ngày 5/3 đến năm 2020": no range to read
        value = V.date_range(a.value, b.value)
        if value is None or "/" not in value:
            return None
        start, end = value.split("/")
        # "năm 2012 đến tháng 2/2014": compare at the coarser precision
        common = min(len(start), len(end))
        return value if start[:common] <= end[:common] or start.startswith("XXXX") else None
    if a.label == "MONEY":
        if "amount_max" in a.value or "amount_max" in b.value or a.value["currency"] != b.value["currency"]:
            return None
        if a.value["amount"] > b.value["amount"]:
            return None
        return {**a.value, "amount_max": b.value["amount"]}
    return None


def find_numeric(text: str, norm: NormText | None = None) -> list[Entity]:
    """DATE, MONEY and PERCENT entities of `text`, sorted, non-overlapping, input offsets."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    nt = norm if norm is not None else normalize(text)
    found = _merge_ranges(_select(_candidates(nt.text, _windows(nt.text))), nt.text)
    entities = []
    for c in found:
        start, end = nt.to_input(c.start, c.end)
        entities.append(Entity(c.label, start, end, text[start:end], c.value))
    return entities


class NumericEntities:
    """Pipeline component: adds DATE, MONEY and PERCENT to `doc.ents`, values in `span._.value`."""

    def __call__(self, doc):
        text = doc_text(doc)
        set_entities(doc, merge_entities(doc._.entities, find_numeric(text, doc._.norm_text)))
        return doc


@Language.factory("numbers", default_config={},
                  assigns=["doc.ents", "token.ent_iob", "token.ent_type", "span._.value"])
def make_numbers(nlp: Language, name: str) -> NumericEntities:
    """The "numbers" factory: DATE, MONEY and PERCENT with their values."""
    return NumericEntities()
