"""A document's date from its lead, for archives that come without one.

News leads open with the day of the event: "(CLO) Ngày 12/9/2019, ...",
"Sáng 12/9/2019, ...", "Chiều nay (12/9/2019), ...", "Hà Nội, ngày 12 tháng 9
năm 2019". Only such a phrase opening a line or sentence of the lead counts:
a date inside a sentence ("Nghị định ... ngày 25/9/2020", "sinh ngày ...")
is about something else.

A lead often leaves the year out ("Sáng 12/9, ..."); the year is then taken
from the latest full date the text writes elsewhere (the year that puts the
day closest to it), and without one the date stays unknown. A full lead date
more than a year older than the latest full date in the text opens a
look-back ("Ngày 30/4/1975, ...") and is not taken.

`scripts/eval_dates.py` measures both rules against the publication dates of
../shared/corpora/dantri-2020.jsonl.gz.
"""
from __future__ import annotations

import datetime as _dt
import re

from .text import normalize

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


def _date(year, month, day) -> _dt.date | None:
    try:
        date = _dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return date if MIN_YEAR <= date.year <= MAX_YEAR else None


def _latest_full_date(text: str) -> _dt.date | None:
    dates = [_date(y, m, d) for d, m, y in _FULL_DATE.findall(text)]
    return max((d for d in dates if d), default=None)


def _nearest(day: int, month: int, anchor: _dt.date) -> _dt.date | None:
    candidates = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := _date(y, month, day))]
    return min(candidates, key=lambda d: abs((d - anchor).days), default=None)


def infer_date(text: str) -> str | None:
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
            if date and latest and latest.year > date.year + 1:
                return None   # a look-back to an earlier event
        else:
            date = _nearest(int(day), int(month), latest) if latest else None
        if date:
            return date.isoformat()
    return None


def with_inferred_date(meta: dict, text: str) -> dict:
    """`meta` with a date inferred from `text` when it has no readable one."""
    from .record import normalize_date

    if normalize_date(meta.get("date")):
        return meta
    inferred = infer_date(text)
    if inferred is None:
        return meta
    return {**meta, "date": inferred, "date_inferred": True}
