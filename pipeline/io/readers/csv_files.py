"""CSV files: one record per row, what spreadsheet programs write included.

Why not `datasets`: its CSV loader drops bad rows without their line numbers.
A CSV is therefore read line by line here (exact line numbers, one bad record
reported and skipped, a quote opened by mistake costing only its own row).
"""
from __future__ import annotations

import csv
import re
from collections import Counter
from itertools import chain
from pathlib import Path
from typing import Iterator

from .items import InputError, Item, ReadOptions, record_to_item
from .streams import Unreadable, _open_binary, _physical_lines


_ESCAPED = re.compile("[\udc80-\udcff]")


def read_csv(path: Path, opts: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """One record per CSV row (header first). Each physical line is decoded
    on its own, so bad bytes cost only the row that holds them; a row is
    reported at the line it starts on (rows may span lines inside quotes).

    What spreadsheet programs write is read as well: a byte-order mark before the header, blank lines
    before it, a semicolon or tab for the delimiter (a header with no comma says which), and line
    ends written as a carriage return alone (`_physical_lines`)."""
    csv.field_size_limit(opts.max_line_bytes)
    overlong: list[int] = []
    broken: list[str] = []

    def lines(fh):
        try:
            for lineno, raw in _physical_lines(fh, opts.max_line_bytes):
                if raw is None:
                    overlong.append(lineno)
                    raw = b"\n"
                yield raw.decode("utf-8-sig" if lineno == 1 else "utf-8", errors="surrogateescape")
        except Unreadable as exc:
            broken.append(str(exc))

    try:
        fh = _open_binary(path, opts.size_of(path))
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    with fh:
        physical = lines(fh)
        blank = 0
        first_line = next(physical, None)
        while first_line is not None and not first_line.strip():
            blank += 1
            if overlong and overlong[-1] == blank:
                raise InputError(f"{path}: line {blank} longer than {opts.max_line_bytes:,} bytes (--max-chars "
                                 f"{opts.max_chars:,}) before the header")
            first_line = next(physical, None)
        if first_line is None:
            if broken:
                yield Item(None, {}, str(path), broken[0])
            return
        if "\x00" in first_line:
            raise InputError(f"{path}: a CSV in UTF-16 (Excel's \"Unicode text\"): save it as \"CSV UTF-8\"")
        delimiter = _csv_delimiter(first_line)
        consumed: list[tuple[int, str]] = []   # the physical lines (number, text) of the row being read

        def tracked(numbered):
            for item in numbered:
                consumed.append(item)
                yield item[1]

        source = enumerate(chain([first_line], physical), start=blank + 1)   # (line number, line)
        reader = csv.reader(tracked(source), delimiter=delimiter)
        try:
            header = next(reader)
        except csv.Error as exc:
            raise InputError(f"{path}: unreadable CSV header: {exc}") from None
        if any(_ESCAPED.search(h) for h in header):
            raise InputError(f"{path}: CSV header is not valid UTF-8 (in Excel, save it as \"CSV UTF-8\")")
        if opts.fields.text not in header:
            raise InputError(f"{path}: the CSV header has no '{opts.fields.text}' column (it has "
                             f"{', '.join(map(repr, header[:8]))}{', ...' if len(header) > 8 else ''}); "
                             f"name the text column with --text-field")
        twice = _named_twice(header)
        if twice:
            raise InputError(f"{path}: the CSV header names {', '.join(map(repr, twice))} more than once")
        id_shapes: set[str] = set()   # the shapes of the first cells of one-line rows (`_id_shape`)
        while True:
            consumed.clear()
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                yield Item(None, {}, f"{path}:{consumed[0][0] if consumed else '?'}", f"malformed CSV: {exc}")
                continue
            first, last = consumed[0][0], consumed[-1][0]
            where = f"{path}:{first}"
            long_lines = [n for n in overlong if first <= n <= last]
            if long_lines:
                yield Item(None, {}, where, f"line {long_lines[0]} longer than {opts.max_line_bytes:,} bytes "
                                            f"(--max-chars {opts.max_chars:,})")
                continue
            if not any(cell.strip() for cell in row):
                continue
            if any(_ESCAPED.search(cell) for cell in row):
                yield Item(None, {}, where, "not valid UTF-8")
                continue
            # A quote opened on this line and closed many lines on (or never), or closed inside what reads
            # as the next row ("2,Tiêu đề 2\",...", which leaves the header's field count): the row
            # swallowed the lines after it. This line is the broken record; the others are read again.
            swallowed = None
            if last > first and len(row) != len(header):
                swallowed = f"runs on to line {last} (the row then has {len(row)} fields, the header {len(header)})"
            elif last > first:
                late = _quote_closed_in_next_row(consumed, len(header), delimiter, id_shapes)
                swallowed = late and f"runs into what reads as the next row, on line {late}"
            if swallowed:
                yield Item(None, {}, where, f"a quote opened on this line {swallowed}: this line is left out, "
                                            f"the lines after it are read again")
                # (a csv.reader takes lines only as a row needs them: `source` stands after the last one)
                source = chain(consumed[1:], source)
                reader = csv.reader(tracked(source), delimiter=delimiter)
                continue
            if len(row) != len(header):
                yield Item(None, {}, where, f"row has {len(row)} fields, the header has {len(header)}")
                continue
            if last == first and len(id_shapes) < _ID_SHAPES:
                id_shapes.add(_id_shape(row[0]))
            yield record_to_item({h: v for h, v in zip(header, row) if h.strip()}, where, opts.fields, opts.max_chars)
    if broken:
        yield Item(None, {}, str(path), broken[0])


_ID_SHAPES = 64
_LETTERS, _DIGITS = re.compile(r"[^\W\d_]+"), re.compile(r"\d+")


def _id_shape(cell: str) -> str:
    """A short cell with a digit and no space ("r12", "2024-0031") as letters and digits runs ("a0",
    "0-0"); "" for anything else (a sentence's first words)."""
    cell = cell.strip()
    if not cell or len(cell) > 64 or any(c.isspace() for c in cell) or not any(c.isdigit() for c in cell):
        return ""
    return _DIGITS.sub("0", _LETTERS.sub("a", cell))


def _quote_closed_in_next_row(consumed: list[tuple[int, str]], fields: int, delimiter: str,
                              id_shapes: set[str]) -> int | None:
    """The line number where a row spanning lines closed a quote that its first line opened by mistake:
    read with the quote as a plain character, the first line is a whole row, and a later line, read
    on its own, is one too, its first cell shaped like the ids of the file's one-line rows. A cell
    that really spans lines does not do both ("Dòng hai, có dấu phẩy." opens with no id)."""
    if not id_shapes - {""}:
        return None
    alone = next(csv.reader([consumed[0][1]], delimiter=delimiter, quoting=csv.QUOTE_NONE), [])
    if len(alone) != fields:
        return None
    for lineno, line in consumed[1:]:
        try:
            cells = next(csv.reader([line], delimiter=delimiter), [])
        except csv.Error:
            continue
        if len(cells) == fields and _id_shape(cells[0]) in id_shapes - {""}:
            return lineno
    return None


def _named_twice(header: list[str]) -> list[str]:
    """The column names a header gives twice; unnamed columns (a spreadsheet's padding) are no names."""
    counts = Counter(h for h in header if h.strip())
    return sorted(h for h, n in counts.items() if n > 1)


def _csv_delimiter(header_line: str) -> str:
    """The header's delimiter: a comma, unless the header holds none and a semicolon or tab instead."""
    if "," not in header_line:
        for mark in (";", "\t"):
            if mark in header_line:
                return mark
    return ","
