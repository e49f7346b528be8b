"""A folder's metadata sidecar: dates, sources, titles and urls for its plain files, by path."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from ..jsonl import JSONLError, parse_lines
from .csv_files import _csv_delimiter, _named_twice
from .items import InputError, _meta_problem, date_problem, printable_name
from .streams import _base_suffix


SIDECAR_KEYS = ("date", "source", "title", "url")


def read_sidecar(path: str | Path) -> dict[str, dict]:
    """Metadata for plain files, keyed by their path relative to the folder:
    a CSV with a `path` column or JSON Lines with a `path` key, and any of
    date, source, title, url. A bad line is refused with its number."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{p}: not valid UTF-8 (byte {exc.start})") from None
    if _base_suffix(p) == ".csv":
        first = next((line for line in text.splitlines() if line.strip()), "")
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_csv_delimiter(first))
        twice = _named_twice(reader.fieldnames or [])
        if twice:   # which of the two columns is meant cannot be guessed (the last one was taken)
            raise InputError(f"{p}: the header names {', '.join(map(repr, twice))} more than once")
        rows = ((reader.line_num, row) for row in reader)
    else:
        def parse():
            try:
                yield from parse_lines(text.split("\n"))   # not splitlines: U+2028 may stand in a string
            except JSONLError as exc:
                raise InputError(f"{p}:{exc.lineno}: invalid JSON ({exc.detail})") from None
        rows = parse()
    out: dict[str, dict] = {}
    first_line: dict[str, int] = {}
    for lineno, row in rows:
        if not isinstance(row, dict) or not isinstance(row.get("path"), str) or not row["path"].strip():
            raise InputError(f"{p}:{lineno}: each line needs a 'path' (relative to the folder)")
        if row.get(None):   # csv.DictReader's cells past the header's columns
            raise InputError(f"{p}:{lineno}: more cells than the header has columns ({len(row[None])} over)")
        meta = {}
        for key in SIDECAR_KEYS:
            value = row.get(key)
            if value in (None, ""):
                continue
            problem = _meta_problem(key, value) or (date_problem(value) if key == "date" else None)
            if problem:
                raise InputError(f"{p}:{lineno}: {problem}")
            meta[key] = value
        name = printable_name(row["path"].strip().removeprefix("./"))   # as `folder_doc_id` writes ids
        if not name or name.endswith("/"):
            raise InputError(f"{p}:{lineno}: 'path' names a folder, not a file ({row['path']!r})")
        if name in first_line:   # which of two rows is meant cannot be guessed
            raise InputError(f"{p}:{lineno}: {name!r} is listed again (first on line {first_line[name]})")
        first_line[name] = lineno
        out[name] = meta
    return out
