"""Normalised values for DATE, MONEY and PERCENT entities (ANNOTATION.md).

Vietnamese numbers write "." between thousands and "," before decimals:
"76.508" is 76508, "1,5" is 1.5. A dot followed by one or two digits ("1.5")
is read as a decimal point, the English habit some articles keep.

Every parser returns None for input it cannot read; none raises on text.
"""
from __future__ import annotations

import calendar
import re
from decimal import Decimal, InvalidOperation

MULTIPLIERS = {
    "trăm": Decimal(100),
    "nghìn": Decimal(10) ** 3, "ngàn": Decimal(10) ** 3,
    "vạn": Decimal(10) ** 4,
    "triệu": Decimal(10) ** 6,
    "tỷ": Decimal(10) ** 9, "tỉ": Decimal(10) ** 9,
    "thousand": Decimal(10) ** 3, "million": Decimal(10) ** 6, "billion": Decimal(10) ** 9,
}

# currency words as written (lower-cased, single spaces) -> ISO 4217 code
CURRENCIES = {
    "đồng": "VND", "đ": "VND", "vnđ": "VND", "vnd": "VND", "việt nam đồng": "VND",
    "usd": "USD", "us$": "USD", "$": "USD", "đô la mỹ": "USD", "đô-la mỹ": "USD",
    "đôla mỹ": "USD", "đô la mĩ": "USD", "đô-la mĩ": "USD", "đôla mĩ": "USD",
    "đô la": "USD", "đô-la": "USD", "đôla": "USD",
    "euro": "EUR", "eur": "EUR", "€": "EUR",
    "bảng anh": "GBP", "bảng": "GBP", "gbp": "GBP", "£": "GBP",
    "yên nhật": "JPY", "yên": "JPY", "jpy": "JPY",
    "nhân dân tệ": "CNY", "ndt": "CNY", "cny": "CNY",
    "won": "KRW", "krw": "KRW", "baht": "THB", "rúp": "RUB",
    # foreign news quotes other currencies too (football transfers, world economy)
    "euros": "EUR", "yen": "JPY", "tệ": "CNY",
    "franc thụy sĩ": "CHF", "franc": "CHF", "chf": "CHF",
    "kronor": "SEK", "krona": "SEK", "sek": "SEK",
    "rupiah": "IDR", "idr": "IDR", "ringgit": "MYR", "myr": "MYR", "rupee": "INR", "inr": "INR",
    "peso": "PHP", "đô la úc": "AUD", "đôla úc": "AUD", "đô la australia": "AUD", "đôla australia": "AUD",
    "aud": "AUD", "đô la singapore": "SGD", "đôla singapore": "SGD", "sgd": "SGD",
    "đô la hồng kông": "HKD", "đô la hong kong": "HKD", "hkd": "HKD",
    "đô la canada": "CAD", "đôla canada": "CAD", "cad": "CAD", "đài tệ": "TWD", "riel": "KHR",
    "đồng việt nam": "VND", "đô": "USD", "usd hồng kông": "HKD", "đô la new zealand": "NZD", "nzd": "NZD",
    "aed": "AED", "dirham": "AED", "kíp lào": "LAK", "bath": "THB",   # "5 kíp bác sĩ" are shifts
    "krone": "DKK", "kroner đan mạch": "DKK", "kroner na uy": "NOK", "krone na uy": "NOK",
}

_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
# thousands grouped by spaces, as reports typeset them ("12 500 000"): the numbers stage finds amounts so written
SPACED_THOUSANDS = r"\d{1,3}(?: \d{3})+(?:,\d+)?"
_EN_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?$")
_PLAIN = re.compile(r"^\d+(?:[.,]\d+)?$")
_ONE_COMMA_GROUP = re.compile(r"^[1-9]\d{0,2},\d{3}$")


# More digits than any amount or share is written with (10^24 VND is a thousand times the world's
# money): a run of digits this long is a code or noise, and has no value.
MAX_DIGITS = 24


def parse_number(text: str) -> Decimal | None:
    """A number in Vietnamese notation: "76.508" -> 76508, "1,5" -> 1.5; None past MAX_DIGITS digits."""
    s = text.strip().replace(" ", "")
    if sum(c.isdigit() for c in s) > MAX_DIGITS:
        return None
    if _THOUSANDS.match(s):
        s = s.replace(".", "").replace(",", ".")
    elif _EN_THOUSANDS.match(s):  # "1,234,567": several comma groups cannot be a decimal
        s = s.replace(",", "")
    elif _PLAIN.match(s):
        s = s.replace(",", ".")
    else:
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def plain(number: Decimal) -> int | float:
    """An int when the number is whole, else a float (JSON-friendly)."""
    if number == number.to_integral_value():
        return int(number)
    return float(number)


# a number ("76.508", "1,5"), or one whose thousands are grouped by spaces ("12 500 000"), and its multipliers
_GROUP = re.compile(rf"({SPACED_THOUSANDS}(?![\d.,])|\d[\d.,]*)((?:\s*(?:trăm|nghìn|ngàn|vạn|triệu|tỷ|tỉ|thousand|million|billion)(?!\w))*)", re.IGNORECASE)


def parse_amount(text: str) -> tuple[Decimal, bool] | None:
    """The amount of "3 tỷ 500 triệu" or "1,5 nghìn tỷ": (value, has_multiplier).

    Multipliers written together multiply ("nghìn tỷ" = 10^12); groups written
    one after the other add up ("3 tỷ 500 triệu" = 3.5 × 10^9).
    """
    total = Decimal(0)
    seen = False
    has_multiplier = False
    pos = 0
    s = text.strip()
    for m in _GROUP.finditer(s):
        if s[pos:m.start()].strip():
            return None
        number = parse_number(m.group(1))
        if number is None:
            return None
        if not m.group(2).strip() and _ONE_COMMA_GROUP.match(m.group(1).strip()):
            # "47,000 USD", "725,000 USD": no amount is written with three decimals, so with no
            # multiplier one comma before three digits separates thousands, as in English
            number = Decimal(m.group(1).replace(",", ""))
        factor = Decimal(1)
        for word in m.group(2).split():
            factor *= MULTIPLIERS[word.lower()]
            has_multiplier = True
        total += number * factor
        seen = True
        pos = m.end()
    if not seen or s[pos:].strip():
        return None
    return total, has_multiplier


def currency_code(text: str) -> str | None:
    return CURRENCIES.get(" ".join(text.lower().split()))


def money_value(low: str, currency: str, high: str | None = None) -> dict | None:
    """{"amount", "currency"[, "amount_max"]} for an amount (or range) and its currency word.

    In a range the lower bound may borrow the upper bound's multiplier:
    "5 - 10 triệu đồng" is 5 to 10 million.
    """
    code = currency_code(currency)
    first = parse_amount(low)
    if code is None or first is None:
        return None
    amount, low_has_multiplier = first
    out = {"amount": None, "currency": code}
    if high is not None:
        second = parse_amount(high)
        if second is None:
            return None
        amount_max, high_has_multiplier = second
        if not low_has_multiplier and high_has_multiplier:
            # the bare lower number takes the upper's multiplier ("5 - 10 triệu"), or the
            # next smaller one when that overshoots ("800 - 1,2 triệu" is 800 nghìn)
            amount = _borrow_multiplier(amount, amount_max, _trailing_multiplier(high))
            if amount is None:
                return None
        elif not low_has_multiplier and amount < 1000 <= amount_max and amount * 1000 <= amount_max < amount * 10000:
            # "200-250.000 đồng": the lower bound is written without its thousands
            amount *= 1000
        if amount > amount_max:
            return None  # "2022 - 1,5 tỷ USD" is no range
        out["amount_max"] = plain(amount_max)
    out["amount"] = plain(amount)
    return out


def _borrow_multiplier(low: Decimal, high: Decimal, multiplier: Decimal) -> Decimal | None:
    while multiplier >= 1000:
        value = low * multiplier
        if value <= high:
            # a range spans at most two orders of magnitude: "2022 - 1,5 tỷ" is no range
            return value if high <= value * 100 else None
        multiplier /= 1000
    return None


def _trailing_multiplier(text: str) -> Decimal:
    factor = Decimal(1)
    words = text.split()
    for word in reversed(words):
        m = MULTIPLIERS.get(word.lower())
        if m is None:
            break
        factor *= m
    return factor


def percent_value(text: str) -> int | float | None:
    number = parse_number(text)
    return None if number is None else plain(number)


# --- dates -----------------------------------------------------------------

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    if year is not None and not 1000 <= year <= 2999:
        return False
    if day is not None:
        if month is None:
            return False
        # with no year, 29 February stays possible
        last = calendar.monthrange(year if year is not None else 2000, month)[1]
        return 1 <= day <= last
    return True


def iso_date(year: int | None = None, month: int | None = None, day: int | None = None) -> str | None:
    """ISO 8601 at the precision given, "XXXX" for a missing year; None when impossible."""
    if year is None and month is None:
        return None
    if not _valid(year, month, day):
        return None
    y = f"{year:04d}" if year is not None else "XXXX"
    if month is None:
        return y
    if day is None:
        return f"{y}-{month:02d}"
    return f"{y}-{month:02d}-{day:02d}"


def quarter(text: str) -> int | None:
    """1-4 from "1", "I", "iv"..."""
    t = text.strip().lower()
    if t in ROMAN:
        return ROMAN[t]
    if t.isdigit() and 1 <= int(t) <= 4:
        return int(t)
    return None


def iso_quarter(year: int | None, q: int | None) -> str | None:
    if q is None or (year is not None and not _valid(year, None, None)):
        return None
    return f"{year:04d}-Q{q}" if year is not None else f"XXXX-Q{q}"


def date_range(start: str | None, end: str | None) -> str | None:
    """"START/END", with the end's year lent to a start written without one."""
    if start is None or end is None:
        return None
    if start.startswith("XXXX") and not end.startswith("XXXX"):
        year = int(end[:4])
        if start[4:] > end[4:]:
            year -= 1  # "25/12 - 3/1/2021" starts in the year before
        candidate = f"{year:04d}{start[4:]}"
        if _iso_ok(candidate):
            start = candidate
    if start == end:
        return start
    return f"{start}/{end}"


def _iso_ok(value: str) -> bool:
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        return True  # quarters and XXXX forms are checked where they are built
    return _valid(int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None)
