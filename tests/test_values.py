"""Value parsers: Vietnamese numbers, money amounts, ISO dates, quarters, ranges."""
from decimal import Decimal

import pytest

from pipeline.entities import values as V


@pytest.mark.parametrize("text, expected", [
    ("76.508", Decimal(76508)),
    ("1.000.000", Decimal(1000000)),
    ("1,5", Decimal("1.5")),
    ("70,31", Decimal("70.31")),
    ("12.345,67", Decimal("12345.67")),
    ("1.5", Decimal("1.5")),            # English decimal point, one digit
    ("2.75", Decimal("2.75")),          # two digits: still a decimal point
    ("1,234,567", Decimal(1234567)),    # several comma groups: thousands
    ("42", Decimal(42)),
    (" 7 ", Decimal(7)),
])
def test_parse_number(text, expected):
    assert V.parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "1..2", "1,2,3", ".5", "5.", "1.2.3,4,5", "--3"])
def test_parse_number_rejects_malformed(text):
    assert V.parse_number(text) is None


@pytest.mark.parametrize("text, amount, has_multiplier", [
    ("3 tỷ 500 triệu", Decimal(3_500_000_000), True),
    ("1,5 nghìn tỷ", Decimal(1_500_000_000_000), True),
    ("76.508 tỷ", Decimal(76_508_000_000_000), True),
    ("2 triệu 300 nghìn", Decimal(2_300_000), True),
    ("500 ngàn", Decimal(500_000), True),
    ("4 tỉ", Decimal(4_000_000_000), True),
    ("500.000", Decimal(500_000), False),
])
def test_parse_amount(text, amount, has_multiplier):
    assert V.parse_amount(text) == (amount, has_multiplier)


@pytest.mark.parametrize("text", ["tỷ", "3 tỷ rưỡi", "ba tỷ", ""])
def test_parse_amount_rejects_words(text):
    assert V.parse_amount(text) is None


@pytest.mark.parametrize("low, currency, high, expected", [
    ("76.508 tỷ", "đồng", None, {"amount": 76_508_000_000_000, "currency": "VND"}),
    ("500.000", "đ", None, {"amount": 500_000, "currency": "VND"}),
    ("24.000", "USD", None, {"amount": 24_000, "currency": "USD"}),
    ("2", "đô la  Mỹ", None, {"amount": 2, "currency": "USD"}),
    ("1,2 triệu", "Euro", None, {"amount": 1_200_000, "currency": "EUR"}),
    ("10", "VNĐ", None, {"amount": 10, "currency": "VND"}),
    ("5", "đồng", "10 triệu", {"amount": 5_000_000, "currency": "VND", "amount_max": 10_000_000}),
    ("800", "đồng", "1,2 triệu", {"amount": 800_000, "currency": "VND", "amount_max": 1_200_000}),
    ("200", "đồng", "250.000", {"amount": 200_000, "currency": "VND", "amount_max": 250_000}),
    ("54", "USD", "9.146", {"amount": 54, "currency": "USD", "amount_max": 9146}),
    ("900 nghìn", "đồng", "1 triệu", {"amount": 900_000, "currency": "VND", "amount_max": 1_000_000}),
    ("1.000", "đ", "2.000", {"amount": 1000, "currency": "VND", "amount_max": 2000}),
    # one comma before three digits and no multiplier: thousands ("47,000 USD"); with one, a decimal
    ("47,000", "USD", None, {"amount": 47_000, "currency": "USD"}),
    ("15,000", "NZD", "25,000", {"amount": 15_000, "currency": "NZD", "amount_max": 25_000}),
    ("2,189 tỉ", "đồng", None, {"amount": 2_189_000_000, "currency": "VND"}),
    ("12,5", "USD", None, {"amount": 12.5, "currency": "USD"}),
])
def test_money_value(low, currency, high, expected):
    assert V.money_value(low, currency, high) == expected


def test_money_value_keeps_fractions_exact():
    # 5,03 tỷ must not become 5029999999.999 through binary floats
    assert V.money_value("5,03 tỷ", "đồng") == {"amount": 5_030_000_000, "currency": "VND"}
    assert V.money_value("0,5", "USD") == {"amount": 0.5, "currency": "USD"}


def test_money_value_refuses_impossible_ranges():
    assert V.money_value("2022", "USD", "1,5 tỷ") is None      # a year before an amount
    assert V.money_value("30 triệu", "đồng", "5 triệu") is None  # falling range


@pytest.mark.parametrize("low, currency", [("5 tỷ", "vé"), ("abc", "đồng"), ("", "USD")])
def test_money_value_none_without_currency_or_number(low, currency):
    assert V.money_value(low, currency) is None


@pytest.mark.parametrize("text, expected", [("70,31", 70.31), ("40", 40), ("0,5", 0.5), ("100", 100)])
def test_percent_value(text, expected):
    value = V.percent_value(text)
    assert value == pytest.approx(expected)
    assert isinstance(value, int) == isinstance(expected, int)


@pytest.mark.parametrize("args, expected", [
    ((2019, 9, 12), "2019-09-12"),
    ((2019, 9, None), "2019-09"),
    ((2019, None, None), "2019"),
    ((None, 5, 19), "XXXX-05-19"),
    ((None, 2, 29), "XXXX-02-29"),   # no year: 29 February may exist
    ((2020, 2, 29), "2020-02-29"),
    ((None, 12, None), "XXXX-12"),
])
def test_iso_date(args, expected):
    assert V.iso_date(*args) == expected


@pytest.mark.parametrize("args", [
    (2019, 13, 32), (2019, 13, None), (2019, 2, 29), (2019, 4, 31), (None, 0, 5),
    (None, None, None), (None, None, 5), (2019, None, 5), (99999, 1, 1), (0, 1, 1),
])
def test_iso_date_rejects_impossible(args):
    assert V.iso_date(*args) is None


@pytest.mark.parametrize("text, expected", [("I", 1), ("ii", 2), ("III", 3), ("IV", 4), ("2", 2)])
def test_quarter(text, expected):
    assert V.quarter(text) == expected


@pytest.mark.parametrize("text", ["V", "5", "0", "", "x"])
def test_quarter_rejects(text):
    assert V.quarter(text) is None


def test_iso_quarter():
    assert V.iso_quarter(2017, 1) == "2017-Q1"
    assert V.iso_quarter(None, 4) == "XXXX-Q4"
    assert V.iso_quarter(2017, None) is None


@pytest.mark.parametrize("start, end, expected", [
    ("1947-05-20", "2017-05-20", "1947-05-20/2017-05-20"),
    ("XXXX-01-26", "XXXX-02-01", "XXXX-01-26/XXXX-02-01"),
    ("XXXX-11-20", "2019-12-05", "2019-11-20/2019-12-05"),   # the end lends its year
    ("XXXX-02-29", "2019-03-01", "XXXX-02-29/2019-03-01"),   # ...unless the day cannot exist then
    ("XXXX-12-25", "2021-01-03", "2020-12-25/2021-01-03"),   # across new year
    ("2019-Q1", "2019-Q2", "2019-Q1/2019-Q2"),
    ("2016", "2016", "2016"),
])
def test_date_range(start, end, expected):
    assert V.date_range(start, end) == expected


def test_date_range_none_when_a_side_is_missing():
    assert V.date_range(None, "2019") is None
    assert V.date_range("2019", None) is None
