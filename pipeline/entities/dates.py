"""A document's date from its lead, for archives that come without one.

News leads open with the day of the event: "(CLO) Ngày 12/9/2019, ...",
"Sáng 12/9/2019, ...", "Chiều nay (12/9/2019), ...", "Hà Nội, ngày 12 tháng 9
năm 2019". Only such a phrase opening a line or sentence of the lead counts:
a date inside a sentence ("Nghị định ... ngày 25/9/2020", "sinh ngày ...")
is about something else. A lead date more than a year older than the latest
full date the text writes opens a look-back ("Ngày 30/4/1975, ...") and is
not taken.

Most leads leave the year out ("Sáng 12/9, ..."). The text alone does not
settle it: the full dates an article writes are mostly about earlier events,
and on the baomoi archive taking their year put about half of such leads in
the wrong year. So a yearless lead is dated only within a `DateWindow` the
user gives (the period the archive covers, ``--date-window 2017``): the day
and month then fall in one year of the window (several: the one nearest the
text's latest full date). A window also refuses lead dates outside it.

`scripts/eval_dates.py` measures the rules against the publication dates of
../shared/corpora/dantri-2020.jsonl.gz.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from ..io.meta_dates import normalize_date
from ..text import normalize

LEAD_CHARS = 300

_INTRO = r"(?:ngày|hôm nay|hôm qua|sáng|trưa|chiều|tối|đêm|rạng sáng|khuya)"
_NUMERIC = r"(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})(?:\s*[/.\-]\s*(?P<y>\d{4}))?"
_WORDS = r"(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s*(?:,\s*|\s+)năm\s+(?P<y2>\d{4}))?"
# where a lead phrase may open: a line, a sentence, or after a source tag "(CLO)", "TTO -" or a dateline "Hà Nội,"
_OPENING = r"(?:^|(?<=\n)|(?<=[.!?]\s)|(?<=\)\s)|(?<=[-–]\s)|(?<=,\s))"
_LEAD_DATE = re.compile(
    rf"{_OPENING}(?:vào\s+)?{_INTRO}(?:\s+nay|\s+qua)?\s*(?:\(\s*|,\s*)?(?:(?:thứ\s+\w+|chủ nhật)\s*,?\s*)?"
    rf"(?:ngày\s+)?(?:{_NUMERIC}|{_WORDS})(?![\d/.\-]\d)\s*\)?\s*(?:[,:]|\s\w)",
    re.IGNORECASE | re.MULTILINE,
)
_FULL_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)")
MIN_YEAR, MAX_YEAR = 1945, 2100


@dataclass(frozen=True)
class DateWindow:
    """The period an archive covers, both ends included."""

    start: _dt.date
    end: _dt.date

    @classmethod
    def parse(cls, spec: str) -> "DateWindow":
        """"2017", "2017-03", "2020-10-01:2021-05-31" or "2016:2017"; ValueError otherwise."""
        first, colon, last = str(spec).strip().partition(":")
        start, end = _period(first, spec), _period(last if colon else first, spec)
        if start[0] > end[1]:
            raise ValueError(f"date window {spec!r} ends before it starts")
        return cls(start[0], end[1])

    def __contains__(self, date: _dt.date) -> bool:
        return self.start <= date <= self.end

    def __str__(self) -> str:
        return f"{self.start.isoformat()}:{self.end.isoformat()}"


def _period(text: str, spec: str) -> tuple[_dt.date, _dt.date]:
    """First and last day of "YYYY", "YYYY-MM" or "YYYY-MM-DD"."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text.strip())
    try:
        if not m:
            raise ValueError
        year = int(m[1])
        if m[3]:
            day = _dt.date(year, int(m[2]), int(m[3]))
            return day, day
        if m[2]:
            first = _dt.date(year, int(m[2]), 1)
            following = _dt.date(year + (first.month == 12), first.month % 12 + 1, 1)
            return first, following - _dt.timedelta(days=1)
        return _dt.date(year, 1, 1), _dt.date(year, 12, 31)
    except ValueError:
        raise ValueError(f"date window {spec!r}: expected YYYY, YYYY-MM or YYYY-MM-DD, "
                         f"or two of them as START:END") from None


def _date(year, month, day) -> _dt.date | None:
    try:
        date = _dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return date if MIN_YEAR <= date.year <= MAX_YEAR else None


def _latest_full_date(text: str) -> _dt.date | None:
    dates = [_date(y, m, d) for d, m, y in _FULL_DATE.findall(text)]
    return max((d for d in dates if d), default=None)


def _in_window(day: int, month: int, window: DateWindow, anchor: _dt.date | None) -> _dt.date | None:
    candidates = [d for y in range(window.start.year, window.end.year + 1)
                  if (d := _date(y, month, day)) and d in window]
    if len(candidates) > 1 and anchor:
        return min(candidates, key=lambda d: abs((d - anchor).days))
    return candidates[0] if len(candidates) == 1 else None


def infer_date(text: str, window: DateWindow | None = None) -> str | None:
    """The ISO date the lead of `text` states, or None."""
    if not isinstance(text, str):
        return None
    lead = normalize(text[: LEAD_CHARS * 2]).text[:LEAD_CHARS]
    latest = None
    for m in _LEAD_DATE.finditer(lead):
        day, month, year = (m["d"], m["m"], m["y"]) if m["d"] else (m["d2"], m["m2"], m["y2"])
        if latest is None:
            latest = _latest_full_date(text) or False   # digits read the same unnormalised
        if year:
            date = _date(year, month, day)
            if date and ((latest and latest.year > date.year + 1) or (window and date not in window)):
                return None   # a look-back to an earlier event
        elif window:
            date = _in_window(int(day), int(month), window, latest or None)
        else:
            date = None
        if date:
            return date.isoformat()
    return None


def with_inferred_date(meta: dict, text: str, window: DateWindow | None = None) -> dict:
    """`meta` with a date inferred from `text` when it has no readable one."""
    if normalize_date(meta.get("date")):
        return meta
    inferred = infer_date(text, window)
    if inferred is None:
        return meta
    return {**meta, "date": inferred, "date_inferred": True}
