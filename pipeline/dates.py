"""A document's date from its lead, for archives that come without one.

News leads state the day of the event: "(CLO) Ngày 12/9/2019, ...",
"Sáng 12/9/2019, ...", "Chiều nay (12/9/2019), ...", "Hà Nội, ngày 12 tháng 9
năm 2019". Only a full day/month/year introduced that way near the start
counts; a date further in the body is about something else.
"""
from __future__ import annotations

import datetime as _dt
import re

from .text import normalize

LEAD_CHARS = 300

_INTRO = r"(?:ngày|hôm nay|hôm qua|sáng|trưa|chiều|tối|đêm|rạng sáng|khuya)"
_NUMERIC = r"(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})"
_WORDS = r"(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s*(?:,\s*|\s+)năm\s+(?P<y2>\d{4})"
_LEAD_DATE = re.compile(
    rf"(?<!\w){_INTRO}(?:\s+nay|\s+qua)?\s*(?:\(\s*|,\s*)?(?:(?:thứ\s+\w+|chủ nhật)\s*,?\s*)?(?:ngày\s+)?"
    rf"(?:{_NUMERIC}|{_WORDS})(?!\d)",
    re.IGNORECASE,
)
MIN_YEAR, MAX_YEAR = 1945, 2100


def infer_date(text: str) -> str | None:
    """The ISO date the lead of `text` states, or None."""
    if not isinstance(text, str):
        return None
    lead = normalize(text[: LEAD_CHARS * 2]).text[:LEAD_CHARS]
    for m in _LEAD_DATE.finditer(lead):
        day, month, year = (m["d"], m["m"], m["y"]) if m["d"] else (m["d2"], m["m2"], m["y2"])
        try:
            date = _dt.date(int(year), int(month), int(day))
        except ValueError:
            continue
        if MIN_YEAR <= date.year <= MAX_YEAR:
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
