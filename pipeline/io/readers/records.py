"""Files of records: JSON Lines, a JSON object or list, Parquet; and stdin, read as one document.

A broken record never stops the others from being read. Why not `datasets`
for everything: its JSON loader parses blocks with Arrow, and one malformed
line fails the whole file ("ArrowInvalid: JSON parse error ... in row 1",
checked with datasets 5.2), and a text field that is a number on one line and
a string on another fails the cast. JSON Lines are therefore read line by line
here (exact line numbers, one bad record reported and skipped); Parquet, whose
columns are typed and have no bad lines, streams through
`datasets.load_dataset("parquet", streaming=True)`.
"""
from __future__ import annotations

import gzip
import io
import json
import zlib
from pathlib import Path
from typing import Iterator

from ...text.legacy import decode_bytes
from ..jsonl import line_problem, loads, loads_line
from .items import TEXT_ENCODING, InputError, Item, ReadOptions, record_to_item, text_item, undecodable
from .streams import Unreadable, _open_binary, _physical_lines, _read_bounded, _stream_error, stdin_bytes


MAX_JSON_FILE_BYTES = 256 * 2 ** 20   # a whole .json file is parsed at once; archives belong in JSON Lines


def read_jsonl(path: Path, opts: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """One record per line; each line is decoded on its own, so a line with
    bad bytes, bad JSON, too deep nesting or too many characters is reported
    with its number and the next is read. A stream that breaks (a truncated
    gzip) is reported after the records before the break. Lines ended by a carriage return alone are
    read as lines (`_physical_lines`; JSON has no raw carriage return inside a record)."""
    try:
        with _open_binary(path, opts.size_of(path)) as fh:
            yield from _jsonl_items(fh, str(path), opts)
    except Unreadable as exc:
        yield Item(None, {}, str(path), str(exc))


def _jsonl_items(fh, name: str, opts: ReadOptions) -> Iterator[Item]:
    """The records of a binary stream of JSON Lines, each line on its own (`read_jsonl`)."""
    for lineno, raw in _physical_lines(fh, opts.max_line_bytes):
        where = f"{name}:{lineno}"
        if raw is None:
            yield Item(None, {}, where, f"line longer than {opts.max_line_bytes:,} bytes (--max-chars "
                                        f"{opts.max_chars:,})")
            continue
        try:
            line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            yield Item(None, {}, where, f"not valid UTF-8 (byte {exc.start}: {exc.reason})")
            continue
        if not line.strip():
            continue
        try:
            obj = loads_line(line)
        except json.JSONDecodeError as exc:
            yield Item(None, {}, where, json_line_problem(line, exc))
            continue
        except RecursionError:
            yield Item(None, {}, where, "invalid JSON: nested too deeply")
            continue
        yield record_to_item(obj, where, opts.fields, opts.max_chars)


def json_line_problem(line: str, exc: json.JSONDecodeError) -> str:
    """What is wrong with one line of JSON Lines (`io.jsonl.line_problem`), for an error record."""
    return f"invalid JSON: {line_problem(line, exc)}"


def read_json(path: Path, opts: ReadOptions = ReadOptions()) -> Iterator[Item]:
    try:
        data = _read_bounded(path, MAX_JSON_FILE_BYTES, opts.size_of(path))
    except Unreadable as exc:
        raise InputError(f"{path}: {exc} (use JSON Lines for archives)") from None
    try:
        obj = loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 (byte {exc.start}: {exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise InputError(f"{path}: invalid JSON: nested too deeply") from None
    if isinstance(obj, list):
        for i, rec in enumerate(obj, 1):
            yield record_to_item(rec, f"{path}[{i}]", opts.fields, opts.max_chars)
    else:
        yield record_to_item(obj, str(path), opts.fields, opts.max_chars)


def read_stdin(opts: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """Standard input: an archive of JSON Lines (gzipped or not) when its first lines are JSON objects,
    read record by record as a .jsonl file is ("stdin:LINE"); else one document."""
    limit = 4 * opts.max_chars
    data = _stdin_data(limit)
    if _holds_json_lines(data):
        if len(data) > limit:
            raise InputError(f"stdin: JSON Lines longer than {limit:,} bytes: save the archive to a file and "
                             "give its path")
        yield from _jsonl_items(io.BytesIO(data), "stdin", opts)
        return
    if len(data) > limit:
        raise InputError(f"stdin: longer than the limit of {opts.max_chars:,} characters (--max-chars)")
    decoded = decode_bytes(data)
    if decoded is None:
        raise InputError(f"stdin: {undecodable(data)}")
    if not decoded.text.strip():
        raise InputError("stdin: no text")
    meta = opts.meta_for("")
    if decoded.converted:
        meta = {**meta, TEXT_ENCODING: decoded.encoding}
    item = text_item(decoded.text, meta, "stdin", "text", opts.max_chars)
    if item.problem:
        raise InputError(f"stdin: {item.problem}")
    yield item


_GZIP_MAGIC = b"\x1f\x8b"


def stdin_holds_records(max_chars: int) -> bool:
    """Standard input is an archive of JSON Lines (`read_stdin` reads its records)."""
    return _holds_json_lines(_stdin_data(4 * max_chars))


_UNZIPPED: list = [None, b""]   # the gzipped stdin bytes decompressed last, and what they held


def _stdin_data(limit: int) -> bytes:
    """Standard input's bytes (`stdin_bytes`), decompressed when gzipped, once: `analyze -` asks whether
    they are records before reading them."""
    data = stdin_bytes(limit)
    if data[:2] != _GZIP_MAGIC:
        return data
    if _UNZIPPED[0] is not data:
        _UNZIPPED[:] = [data, _gunzipped_stdin(data, limit)]
    return _UNZIPPED[1]


def _gunzipped_stdin(data: bytes, limit: int) -> bytes:
    """Gzipped standard input decompressed, at most `limit` + 1 bytes of it (more is refused as too long)."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data), mode="rb") as fh:
            return fh.read(limit + 1)
    except (EOFError, OSError, zlib.error) as exc:
        raise InputError(f"stdin: {_stream_error(exc)}") from None


def _holds_json_lines(data: bytes, lines: int = 20) -> bool:
    """The stream is an archive of JSON Lines, not a text: one of its first `lines` non-blank lines is a JSON
    object and every line before it opens with "{", so that a broken first record is set aside as any other
    record would be instead of turning the archive into one text."""
    seen = 0
    for raw in data[:2 * 2 ** 20].splitlines():   # a first record longer than this reads as a text
        line = raw.decode("utf-8-sig", errors="replace").strip()
        if not line:
            continue
        if not line.startswith("{"):
            return False
        try:
            if isinstance(loads_line(line), dict):
                return True
        except (json.JSONDecodeError, RecursionError):
            pass
        seen += 1
        if seen == lines:
            break
    return False


def read_parquet(path: Path, opts: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """One record per Parquet row, streamed through `datasets`."""
    import pyarrow.parquet as pq
    from datasets import load_dataset

    i = 0
    try:
        if pq.ParquetFile(path).metadata.num_rows == 0:
            return   # a table with no rows holds no document (datasets refuses to stream it)
        rows = load_dataset("parquet", data_files=str(path), split="train", streaming=True)
        for i, row in enumerate(rows, 1):
            yield record_to_item(row, f"{path}[row {i}]", opts.fields, opts.max_chars)
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        where = f" after row {i}" if i else ""
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{path}: unreadable Parquet file{where}: {first}") from None
