"""Reading JSON Lines: the one parser for gold files, standoff annotations,
label files, corpora and sidecars.

Blank lines are skipped; a line that is not JSON raises `JSONLError` with its
line number, which each caller words for its users (a gold file, a label
file, a sidecar). Archives to analyse go through `pipeline.io.readers`
instead, which must survive a bad line (it becomes one error record), bound
line lengths and read bytes; it parses each line with `loads_line` below.
"""
from __future__ import annotations

import gzip
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path


class JSONLError(ValueError):
    """A line that is not JSON: `lineno`, `msg` (the parser's words) and `detail` (with the position)."""

    def __init__(self, lineno: int, msg: str, detail: str | None = None):
        super().__init__(f"line {lineno}: {msg}")
        self.lineno, self.msg, self.detail = lineno, msg, detail or msg


def loads(text: str):
    """`json.loads`, raising JSONDecodeError or RecursionError (nested too deeply) for anything it
    cannot read: also for a number too long for Python's int (over 4,300 digits by default), where
    json raises a bare ValueError that callers catching JSON errors would let through."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except ValueError as exc:
        limit = sys.get_int_max_str_digits()
        long_number = re.search(rf"\d{{{limit + 1},}}", text) if limit else None
        raise json.JSONDecodeError(f"a number of more than {limit:,} digits" if long_number else str(exc),
                                   text, long_number.start() if long_number else 0) from None


def loads_line(line: str):
    """One line's JSON value (`loads`)."""
    return loads(line)


def line_problem(line: str, exc: json.JSONDecodeError) -> str:
    """What is wrong with one line of JSON Lines, said of the line: json's message without its
    trailing "at" ("Invalid control character at"), and the column in the line, or its end when the
    record stops short (a missing "}" reads as an error past the line's newline)."""
    msg = exc.msg.removesuffix(" at")
    if exc.pos >= len(line.rstrip()):
        return f"{msg} at the end of the line (the record stops short)"
    return f"{msg} at column {exc.pos + 1}"


def parse_lines(lines: Iterable[str]) -> Iterator[tuple[int, object]]:
    """(line number, value) for each non-blank line."""
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield lineno, loads_line(line)
        except json.JSONDecodeError as exc:
            raise JSONLError(lineno, exc.msg, line_problem(line, exc)) from None
        except RecursionError as exc:
            raise JSONLError(lineno, "nested too deeply", str(exc)) from None


def iter_jsonl(path: str | Path) -> Iterator[tuple[int, object]]:
    """(line number, value) for each non-blank line of a .jsonl or .jsonl.gz file."""
    path = Path(path)
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig") as fh:
        yield from parse_lines(fh)


def read_jsonl(path: str | Path) -> list:
    """Every value of a JSON Lines file, in order."""
    return [value for _, value in iter_jsonl(path)]
