"""Publication dates as metadata gives them: to YYYY-MM-DD, or None for what is no date.

Read where records are read (`pipeline.io.readers`, which says when a date is no date) and where
they are written (`pipeline.output.record`); the lead's own date is `pipeline.entities.dates`'."""
from __future__ import annotations

import datetime as _dt
import re

# ISO dates (zero-padded or not, a time after them allowed) and Vietnamese day/month/year (with "/",
# "-" or "." between, a time after them allowed)
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?$")
_DMY = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:,? [\d:hg]+)?$")
DATE_YEARS = range(1900, 2101)   # a publication date outside them is a typing slip ("0001-01-01")


def normalize_date(value) -> str | None:
    """Metadata dates to YYYY-MM-DD; anything unreadable (not a date, "31/2/2020", year 1) becomes None."""
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return value.isoformat() if value.year in DATE_YEARS else None
    text = str(value).strip()
    m = _YMD.match(text)
    if m:
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    else:
        m = _DMY.match(text)
        if not m:
            return None
        year, month, day = int(m[4]), int(m[3]), int(m[1])
    if year not in DATE_YEARS:
        return None
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None
