"""Reading documents from files: one place for the CLI and batch runs.

A reader yields `Item`s: either a document (`text` plus metadata) or a
`problem` saying why a record could not be read, with where it was. A broken
record never stops the others from being read. Every reader streams: an
archive larger than memory is read one record at a time.

Formats (each optionally gzipped, except Parquet, .docx and .pdf):
.jsonl, .json, .csv, .parquet, .txt, and folders holding any of these plus
.docx (`wordml`, streamed within --max-chars) and .pdf (pypdf) reports.

Why not `datasets` for everything: its JSON loader parses blocks with Arrow,
and one malformed line fails the whole file ("ArrowInvalid: JSON parse error
... in row 1", checked with datasets 5.2), and a text field that is a number
on one line and a string on another fails the cast; its CSV loader drops bad
rows without their line numbers. JSON Lines and CSV are therefore read line
by line here (exact line numbers, one bad record reported and skipped);
Parquet, whose columns are typed and have no bad lines, streams through
`datasets.load_dataset("parquet", streaming=True)`.
"""
from __future__ import annotations

import codecs
import csv
import datetime as _dt
import gzip
import io
import json
import math
import os
import re
import sys
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path
from typing import Iterator

from ..extras import MissingExtra, require
from .jsonl import JSONLError, loads_line, parse_lines
from .meta_dates import normalize_date
from .outdir import CHUNKS, MANIFEST, MARK
from ..text.legacy import convert_text, decode_bytes, looks_unconverted, repair


class InputError(Exception):
    """A user-facing problem with an input: the message is shown as is."""


# The longest document read, in characters (`--max-chars`). Longer ones are
# reported, not read: memory stays bounded whatever the input (a gzip bomb,
# /dev/zero, a 1 GB text), and a document this long is analysed in parts.
DEFAULT_MAX_CHARS = 5_000_000
MAX_META_CHARS = 100_000      # an id, title, source, url or date longer than this is refused
MAX_JSON_FILE_BYTES = 256 * 2 ** 20   # a whole .json file is parsed at once; archives belong in JSON Lines
_READ_BLOCK = 1 << 16


# What a reader could not read in a document it still yields: a list of
# sentences under this key of the item's metadata, which the record carries
# in its `document` warnings (pipeline/admin/component.py).
READER_WARNINGS = "reader_warnings"
NO_TEXT_LAYER = "no text layer (a scanned PDF?) and no OCR here: no text was read"
# Metadata keys the pipeline sets itself: an input column of the same name is not copied into a
# document's metadata, where it would change what the pipeline does ("admin_part") or says.
# A file in a legacy Vietnamese encoding (TCVN3, VNI, Windows-1258; `pipeline.text.legacy`) is read
# as Unicode: this metadata key names the encoding, and the record then carries the text its
# offsets index (`pipeline.output.record`).
TEXT_ENCODING = "encoding"
# A .docx or .pdf has no text of its own: its offsets index the text read from it (paragraphs and
# table cells one per line, "|" between cells), which the record then carries; this key names the format.
TEXT_FROM = "text_from"
RESERVED_META = frozenset({READER_WARNINGS, "admin_part", "date_inferred", TEXT_ENCODING, TEXT_FROM})


def printable_name(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (kept by Python as lone surrogates, which no
    JSON or Parquet output can hold) become U+FFFD, and accents are composed (NFC): macOS writes
    "Hồ sơ.docx" with decomposed accents, and the same name typed in a sidecar file or copied on
    another system is the same document."""
    if _SURROGATE.search(name):
        name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return unicodedata.normalize("NFC", name)


@dataclass
class Item:
    text: str | None
    meta: dict = field(default_factory=dict)
    where: str = ""          # "file.jsonl:12" or an id, for error reports
    problem: str | None = None
    warnings: list[str] = field(default_factory=list)   # read, with something set aside ("date '31/2' ...")

    def __post_init__(self):
        self.where = printable_name(self.where)


@dataclass
class FieldMap:
    text: str = "text"
    id: str = "id"
    date: str = "date"
    title: str = "title"
    source: str = "source"
    url: str = "url"


@dataclass
class ReadOptions:
    """How inputs are read, beyond which fields hold what.

    `plain_meta` is metadata for plain files (.txt, .docx, .pdf), which carry
    none of their own: `plain_meta[""]` applies to every plain file, and
    `plain_meta[relative path]` to one file of a folder (a sidecar file).
    """
    fields: FieldMap = field(default_factory=FieldMap)
    max_chars: int = DEFAULT_MAX_CHARS
    plain_meta: dict[str, dict] = field(default_factory=dict)
    skip: frozenset[str] = frozenset()   # resolved paths a folder input leaves out (its metadata sidecar)
    # resolved path -> the bytes of it a batch job recorded: what is appended to a file while the job
    # reads it is not read (the job's manifest and its outputs describe the same content)
    sizes: dict[str, int] = field(default_factory=dict)

    def size_of(self, path: Path) -> int | None:
        return self.sizes.get(str(Path(path).resolve())) if self.sizes else None

    @property
    def max_line_bytes(self) -> int:
        # UTF-8 spends at most 4 bytes a character; JSON escapes at most 6 (\uXXXX)
        return 6 * self.max_chars + MAX_META_CHARS * 6 + 4096

    def meta_for(self, relpath: str) -> dict:
        return {**self.plain_meta.get("", {}), **self.plain_meta.get(relpath, {})}


class Unreadable(Exception):
    """A stream that broke while being read (truncated gzip, I/O error)."""


class TooLong(Unreadable):
    """A file longer than the limit it was read with."""


class _Prefix(io.RawIOBase):
    """The first `size` bytes of a binary file."""

    def __init__(self, raw, size: int):
        self.raw, self.left = raw, size

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if self.left <= 0:
            return 0
        n = self.raw.readinto(memoryview(b)[:min(len(b), self.left)]) or 0
        self.left -= n
        return n

    def close(self) -> None:
        self.raw.close()
        super().close()


def _open_binary(path: Path, size: int | None = None):
    """The file's bytes, decompressed when it is gzipped; with `size`, only its first `size` bytes."""
    fh = open(path, "rb") if size is None else io.BufferedReader(_Prefix(open(path, "rb", buffering=0), size))
    return gzip.GzipFile(fileobj=fh, mode="rb") if path.suffix.lower() == ".gz" else fh


def _stream_error(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return "compressed input is truncated"
    if isinstance(exc, (gzip.BadGzipFile, zlib.error)):
        return f"compressed input is corrupt ({exc})"
    return f"read error: {exc.strerror or exc}" if isinstance(exc, OSError) else str(exc)


def bounded_lines(fh, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, raw line) of a binary stream; a line longer than
    `max_bytes` is yielded as None after being skipped in blocks, so memory
    stays at `max_bytes` whatever the input. Raises Unreadable when the
    stream breaks (its lines before that are yielded first)."""
    lineno = 0
    try:
        while True:
            raw = fh.readline(max_bytes + 1)
            if not raw:
                return
            lineno += 1
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                if b"\x00" in raw:  # binary data (/dev/zero, an image): no line end to skip to
                    raise Unreadable(f"binary data (NUL bytes) on line {lineno}, stopped reading")
                while True:
                    rest = fh.readline(_READ_BLOCK)
                    if not rest or rest.endswith(b"\n"):
                        break
                yield lineno, None
                continue
            yield lineno, raw
    except (EOFError, OSError, zlib.error) as exc:
        raise Unreadable(f"after line {lineno}: {_stream_error(exc)}") from None


def _read_bounded(path: Path, max_bytes: int, size: int | None = None) -> bytes:
    """The whole (decompressed) file, or Unreadable if it is longer than `max_bytes`."""
    try:
        with _open_binary(path, size) as fh:
            data = fh.read(max_bytes + 1)
    except (EOFError, OSError, zlib.error) as exc:
        raise Unreadable(_stream_error(exc)) from None
    if len(data) > max_bytes:
        raise TooLong(f"longer than the limit of {max_bytes:,} bytes")
    return data


# Share of control or replacement characters above which a text is binary
# data decoded by mistake rather than prose.
BINARY_SHARE = 0.05


# control characters other than line breaks and tabs, lone surrogates, and U+FFFD
_ODD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffd]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    sample = text[:20000]
    return len(_ODD_CHARS.findall(sample)) > BINARY_SHARE * len(sample)


def _base_suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def _meta_problem(key: str, value) -> str | None:
    """Why a metadata value cannot be stored (None if it can)."""
    if isinstance(value, str):
        if "\x00" in value:
            return f"'{key}' contains a NUL character"
        bad = _SURROGATE.search(value)
        if bad:
            return f"'{key}' is not valid Unicode (lone surrogate at character {bad.start()})"
        if len(value) > MAX_META_CHARS:
            return f"'{key}' is {len(value):,} characters long (limit {MAX_META_CHARS:,})"
        return None
    if key == "date" and isinstance(value, _dt.date):
        return None
    if key == "id" and isinstance(value, int) and not isinstance(value, bool):
        return None
    return f"'{key}' is a {type(value).__name__}, not a string"


def record_to_item(obj, where: str, fields: FieldMap = FieldMap(), max_chars: int = DEFAULT_MAX_CHARS) -> Item:
    """Check one decoded record and turn it into an Item (or a problem).

    Every field that reaches the output is checked here, before a worker sees
    it: a wrong type, a NUL or a lone surrogate sets this record aside with
    the reason, never the run."""
    if not isinstance(obj, dict):
        return Item(None, {}, where, f"record is a JSON {type(obj).__name__}, not an object")
    meta, problems = {}, []
    for key in ("id", "date", "title", "source", "url"):
        value = obj.get(getattr(fields, key))
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        if key == "id" and isinstance(value, float) and value.is_integer():
            value = int(value)   # an integer id column with gaps, as pandas writes it (12.0)
        if key == "date" and isinstance(value, (int, float)) and not isinstance(value, bool):
            # a number (20190912, a spreadsheet's serial day) is read as a date string would be: a date it
            # cannot be is left out with a warning, and the record kept
            value = str(int(value)) if float(value).is_integer() else str(value)
        problem = _meta_problem(key, value)
        if problem:
            problems.append(problem)
            continue
        meta[key] = value if key == "date" else str(value)
    named = {getattr(fields, key) for key in ("id", "date", "title", "source", "url")}
    for key, value in obj.items():
        if key in meta or key == fields.text or key in RESERVED_META or key in named \
                or not isinstance(value, (str, int, float, bool)) or (isinstance(value, float) and math.isnan(value)):
            continue   # a field read above (a NaN there is no value, not the string "nan"), or no plain value
        if not (isinstance(value, str) and _meta_problem(key, value)):
            meta.setdefault(key, value)
    where = f"{where} (id {meta['id']})" if "id" in meta else where
    if problems:
        return Item(None, meta, where, "; ".join(problems))
    if fields.text not in obj:
        return Item(None, meta, where, f"record has no '{fields.text}' field")
    item = text_item(obj[fields.text], meta, where, fields.text, max_chars)
    bad_date = date_problem(meta["date"]) if meta.get("date") not in (None, "") else None
    if bad_date and not item.problem:
        item.warnings.append(f"{bad_date}: left out, the lead's date is used if it has one")
    return item


def text_item(text, meta: dict, where: str, name: str = "text", max_chars: int = DEFAULT_MAX_CHARS) -> Item:
    """An Item for `text`, or the reason it cannot be analysed."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return Item(None, meta, where, f"'{name}' is empty")
    if not isinstance(text, str):
        return Item(None, meta, where, f"'{name}' is {type(text).__name__}, not a string")
    if not text.strip():
        return Item(None, meta, where, f"'{name}' is empty")
    if len(text) > max_chars:
        return Item(None, meta, where, f"'{name}' is {len(text):,} characters long, over the limit of "
                                       f"{max_chars:,} (--max-chars)")
    if looks_binary(text):
        return Item(None, meta, where, f"'{name}' looks like binary data (NUL or control characters)")
    bad = _SURROGATE.search(text)
    if bad:
        return Item(None, meta, where, f"'{name}' is not valid Unicode (lone surrogate at character {bad.start()})")
    return Item(text, meta, where)


def read_jsonl(path: Path, opts: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """One record per line; each line is decoded on its own, so a line with
    bad bytes, bad JSON, too deep nesting or too many characters is reported
    with its number and the next is read. A stream that breaks (a truncated
    gzip) is reported after the records before the break. Lines ended by a carriage return alone are
    read as lines (`_physical_lines`; JSON has no raw carriage return inside a record)."""
    try:
        with _open_binary(path, opts.size_of(path)) as fh:
            for lineno, raw in _physical_lines(fh, opts.max_line_bytes):
                where = f"{path}:{lineno}"
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
    except Unreadable as exc:
        yield Item(None, {}, str(path), str(exc))


def json_line_problem(line: str, exc: json.JSONDecodeError) -> str:
    """What is wrong with one line of JSON Lines, said of the line: json's message without its
    trailing "at" ("Invalid control character at"), and the column in the line, or its end when the
    record stops short (a missing "}" reads as an error past the line's newline)."""
    msg = exc.msg.removesuffix(" at")
    if exc.pos >= len(line.rstrip()):
        return f"invalid JSON: {msg} at the end of the line (the record stops short)"
    return f"invalid JSON: {msg} at column {exc.pos + 1}"


def read_text_file(path: Path, opts: ReadOptions = ReadOptions(), doc_id: str | None = None) -> Item:
    """A plain text file is one document; its id is `doc_id` (a folder's
    relative path) or its file name, and its metadata comes from `opts.plain_meta`."""
    doc_id = doc_id or printable_name(path.name)
    meta = {"id": doc_id, **opts.meta_for(doc_id)}
    try:
        data = _read_bounded(path, 4 * opts.max_chars, opts.size_of(path))
    except TooLong:
        return Item(None, meta, str(path), f"longer than {opts.max_chars:,} characters (--max-chars)")
    except Unreadable as exc:
        return Item(None, meta, str(path), str(exc))
    decoded = decode_bytes(data)
    if decoded is None:
        return Item(None, meta, str(path), undecodable(data))
    if decoded.converted:
        meta[TEXT_ENCODING] = decoded.encoding
    if not decoded.text.strip():
        return Item(None, meta, str(path), "file holds only white space" if decoded.text else "file is empty")
    return text_item(decoded.text, meta, str(path), "text", opts.max_chars)


def read_as_a_whole(path: Path, head: int = 1 << 20) -> bool:
    """Whether a plain-text file must be decoded as a whole before its lines mean anything: UTF-16,
    or a legacy Vietnamese encoding (TCVN3, VNI, Windows-1258, also TCVN3 typed into UTF-8 as
    Windows-1252 characters), as `read_text_file` would read it. Told from its first `head` bytes, cut
    at a line end; a UTF-8 file is streamed line by line (`tokenize`)."""
    try:
        with _open_binary(path) as fh:
            data = fh.read(head)
    except (OSError, EOFError, zlib.error):
        return False
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    if len(data) == head and b"\n" in data:
        data = data[:data.rindex(b"\n")]
    decoded = decode_bytes(data)
    return decoded is not None and decoded.encoding != "utf-8"


def undecodable(data: bytes) -> str:
    """Why plain-text bytes could not be read (`legacy.decode_bytes` found no reading)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "a UTF-16 byte-order mark, but not valid UTF-16 text"
    try:
        data.decode("utf-8-sig")
        return "no text could be read"
    except UnicodeDecodeError as exc:
        return f"not valid UTF-8 text (byte {exc.start}: {exc.reason}), nor Vietnamese in TCVN3, VNI or Windows-1258"


def _legacy_fonts(text: str, meta: dict, encoding: str | None = None, title_converted: bool = False) -> str:
    """A Word or PDF report typed in a legacy font (TCVN3, VNI) as Unicode, with its title; the
    encoding noted in `meta`. `encoding`: the text is converted already (a .docx's runs, as their
    fonts said); else it is told from the text (`legacy.repair`). A title still in the legacy
    font's characters is converted, one in Unicode left as it is."""
    if encoding is None:
        fixed = repair(text)
        if fixed is None:
            return text
        text, encoding = fixed.text, fixed.encoding
    meta[TEXT_ENCODING] = encoding
    title = meta.get("title")
    if not title_converted and isinstance(title, str) and looks_unconverted(title):
        meta["title"] = convert_text(title, encoding)
    return text


def read_json(path: Path, opts: ReadOptions = ReadOptions()) -> Iterator[Item]:
    try:
        data = _read_bounded(path, MAX_JSON_FILE_BYTES, opts.size_of(path))
    except Unreadable as exc:
        raise InputError(f"{path}: {exc} (use JSON Lines for archives)") from None
    try:
        obj = json.loads(data.decode("utf-8-sig"))
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


_STDIN: list = [None, b""]   # the stream read, what it held


def stdin_bytes(limit: int) -> bytes:
    """Standard input, read once (at most `limit` + 1 bytes) and kept: a batch job hashes it to know
    the job again, and reads it as its document. Kept per stream (a test runner swaps them)."""
    stream = sys.stdin.buffer
    if _STDIN[0] is not stream:
        _STDIN[:] = [stream, stream.read(limit + 1)]
    return _STDIN[1]


def read_stdin(opts: ReadOptions = ReadOptions()) -> Iterator[Item]:
    data = stdin_bytes(4 * opts.max_chars)
    if len(data) > 4 * opts.max_chars:
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
                swallowed = late and f"closes on line {late}, inside what reads as the next row"
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


def _physical_lines(fh, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """`bounded_lines`, or for a file whose lines end with a carriage return alone (old Mac and some
    spreadsheet exports: in its first 64 KB more CRs alone than line feeds, which may still sit inside
    a quoted cell) the same lines cut at each CR."""
    fh = _Buffered(fh)
    head = fh.head()
    lone_cr = head.count(b"\r") - head.count(b"\r\n")
    if not lone_cr or lone_cr <= head.count(b"\n") - head.count(b"\r\n"):
        yield from bounded_lines(fh, max_bytes)
        return
    lineno, pending, skipping = 0, b"", False
    try:
        for block in iter(lambda: fh.read(_READ_BLOCK), b""):
            pieces = (pending + block).split(b"\r")
            pending = pieces.pop()
            for piece in pieces:
                lineno += 1
                if skipping or len(piece) > max_bytes:
                    skipping = False
                    yield lineno, None
                else:
                    yield lineno, piece + b"\n"
            if len(pending) > max_bytes:   # a line longer than the bound: its rest is skipped, not held
                pending, skipping = b"", True
    except (EOFError, OSError, zlib.error) as exc:
        raise Unreadable(f"after line {lineno}: {_stream_error(exc)}") from None
    if pending or skipping:
        yield lineno + 1, None if skipping else pending + b"\n"


class _Buffered:
    """`read` and `readline` over a binary stream (a file, a gzip stream, stdin), and `head`: what
    the first read gives (up to 64 KB). Reads take what the stream has (`read1`), so a pipe's lines
    come out as they arrive, not 64 KB at a time."""

    def __init__(self, raw):
        self.raw, self.buf, self.pos = raw, b"", 0
        self._read = getattr(raw, "read1", raw.read)

    def _fill(self) -> bool:
        """More bytes into the buffer; False at the end of the stream."""
        if self.pos:
            self.buf, self.pos = self.buf[self.pos:], 0
        more = self._read(1 << 16)
        self.buf += more
        return bool(more)

    def head(self) -> bytes:
        if len(self.buf) == self.pos:
            self._fill()
        return self.buf[self.pos:]

    def read(self, n: int = -1) -> bytes:
        """Up to `n` bytes (all with -1); b"" only at the end of the stream."""
        if n < 0:
            out, self.buf, self.pos = self.buf[self.pos:] + self.raw.read(), b"", 0
            return out
        if len(self.buf) == self.pos:
            self._fill()
        out = self.buf[self.pos:self.pos + n]
        self.pos += len(out)
        return out

    def readline(self, limit: int = -1) -> bytes:
        pieces, size = [], 0   # a long line is gathered in pieces, never grown byte string by byte string
        while True:
            i = self.buf.find(b"\n", self.pos)
            if i >= 0 and (limit < 0 or size + i + 1 - self.pos <= limit):
                pieces.append(self.buf[self.pos:i + 1])
                self.pos = i + 1
                return b"".join(pieces)
            available = len(self.buf) - self.pos
            if limit >= 0 and size + available >= limit:
                take = limit - size
                pieces.append(self.buf[self.pos:self.pos + take])
                self.pos += take
                return b"".join(pieces)
            pieces.append(self.buf[self.pos:])
            size += available
            self.buf, self.pos = b"", 0
            if not self._fill():
                return b"".join(pieces)


def _csv_delimiter(header_line: str) -> str:
    """The header's delimiter: a comma, unless the header holds none and a semicolon or tab instead."""
    if "," not in header_line:
        for mark in (";", "\t"):
            if mark in header_line:
                return mark
    return ","


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


def _document_item(path: Path, text: str, meta: dict, opts: ReadOptions) -> Item:
    if not text.strip():
        return Item(None, meta, str(path), "no text could be extracted")
    return text_item(text, {**meta, TEXT_FROM: _base_suffix(path).lstrip(".")}, str(path), "text", opts.max_chars)


def read_docx(path: Path, opts: ReadOptions = ReadOptions(), doc_id: str | None = None) -> Item:
    """A Word report: its paragraphs and table cells, one paragraph per line (`wordml`), read as a
    stream and refused as soon as its text passes --max-chars; its title from the core properties
    or its first heading."""
    doc_id = doc_id or printable_name(path.name)
    meta = {"id": doc_id}
    try:
        require("docx", "docs", "reading .docx")
    except MissingExtra as exc:
        return Item(None, meta, str(path), str(exc))
    from .wordml import DocxError, read_docx_text

    try:
        document = read_docx_text(path, opts.max_chars)
    except DocxError as exc:
        return Item(None, meta, str(path), str(exc))
    meta["title"] = document.title or printable_name(path.stem)
    # runs in a legacy font come converted as their fonts say (`wordml._Fonts`), a heading title too
    text = _legacy_fonts("\n".join(line for line in document.lines if line), meta, document.encoding,
                         title_converted=bool(document.encoding) and not document.title_from_core)
    meta.update(opts.meta_for(doc_id))
    return _document_item(path, text, meta, opts)


_PDF_LABEL = re.compile(r"(?:Điều\s+\d+|Chương\s+\w+|Phần\s+\w+|[IVX]{1,5}\s*[.)]|\d{1,2}(?:\.\d{1,2}){0,3}\s*[.)]"
                        r"|[a-zđ]\s*\)|[-–•+*]\s|(?:Số|Nơi nhận|Kính gửi|Căn cứ|V/v|TM\.|KT\.|TL\.|TUQ\.)\b)")
_JUSTIFY = re.compile(r"(?<=\S) {2,4}(?=\S)")
_COLUMN_GAP = re.compile(r"(?<=\S) {5,}(?=\S)")


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def join_pdf_lines(layout_text: str) -> str:
    """Paragraphs from a page's layout-mode text (pypdf ``extraction_mode="layout"``).

    PDF text comes as printed lines: a sentence wrapped over three lines would
    be three paragraphs, and an agency name broken at the line end two names.
    Layout mode keeps the vertical gaps as blank lines and the columns as wide
    gaps, so lines of one block are joined with a space, except where the
    block's shape says a line stands alone: ALL-CAPS lines (the header, type
    and signature titles), a line opening with an outline label or a header
    word ("2.", "a)", "-", "Điều 1.", "Số:", "Nơi nhận"), and a short line
    ending a sentence. Wide gaps between columns become a tab (what the
    administrative reader expects of two columns); the extra spaces of
    justified text become one.
    """
    blocks: list[list[str]] = [[]]
    for raw in layout_text.splitlines():
        line = _COLUMN_GAP.sub("\t", raw.strip())
        line = _JUSTIFY.sub(" ", line)
        if not line:
            if blocks[-1]:
                blocks.append([])
            continue
        blocks[-1].append(line)
    width = max((len(ln) for b in blocks for ln in b), default=0)
    paragraphs: list[str] = []
    for block in blocks:
        current = ""
        for line in block:
            if not current:
                current = line
                continue
            prev_ends = current.rstrip()[-1:] in ".:;!?" and len(current.splitlines()[-1]) < 0.8 * width
            alone = (_is_caps(line) or _is_caps(current.splitlines()[-1]) or "\t" in line
                     or "\t" in current.splitlines()[-1] or _PDF_LABEL.match(line) or prev_ends)
            if alone:
                paragraphs.append(current)
                current = line
            else:
                current = current + " " + line
        if current:
            paragraphs.append(current)
    return "\n".join(paragraphs)


def pdf_page_text(page) -> str:
    """One page's text as paragraphs (`join_pdf_lines`); pypdf's plain mode when layout mode fails."""
    try:
        return join_pdf_lines(page.extract_text(extraction_mode="layout") or "")
    except Exception:  # noqa: BLE001  layout mode is newer and stricter on odd fonts
        return page.extract_text() or ""


def _pdf_problem(exc: Exception) -> str:
    """Why pypdf could not read a PDF, in words: a PDF that needs a password says so (pypdf: "File has
    not been decrypted"); one that anyone can open is read, AES included (`cryptography`, in the extra)."""
    from pypdf.errors import DependencyError, FileNotDecryptedError

    if isinstance(exc, FileNotDecryptedError):
        return "password-protected .pdf: it opens only with its password, which is not asked for here: not read"
    if isinstance(exc, DependencyError):
        return f"unreadable .pdf: {exc} (pip install 'vnmonitor[docs]' installs it)"
    return f"unreadable .pdf: {type(exc).__name__}: {exc}"


def read_pdf(path: Path, opts: ReadOptions = ReadOptions(), doc_id: str | None = None) -> Item:
    """A PDF report: the text layer of each page as paragraphs.

    A scanned PDF has no text layer and there is no OCR here: it is read as an
    empty text whose metadata says so (`READER_WARNINGS`), so that its record
    shows the document with null fields and the reason, not an error.

    pypdf's layout mode was kept after comparing it with its plain mode and
    with pdfminer.six on generated documents: pdfminer moved the signature
    title below the name and split lines inside a sentence; plain mode loses
    the blank lines that mark paragraphs."""
    doc_id = doc_id or printable_name(path.name)
    meta = {"id": doc_id, "title": printable_name(path.stem), **opts.meta_for(doc_id)}
    try:
        PdfReader = require("pypdf", "docs", "reading .pdf").PdfReader
    except MissingExtra as exc:
        return Item(None, meta, str(path), str(exc))
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)   # a broken file is one error line here, not pypdf's log
    try:
        reader = PdfReader(str(path))
        title = (reader.metadata.title if reader.metadata else None) or None
        pages = [pdf_page_text(page) for page in reader.pages]
    except Exception as exc:  # pypdf raises many types on damaged files
        return Item(None, meta, str(path), _pdf_problem(exc))
    if title and str(title).strip() and "title" not in opts.meta_for(doc_id):
        meta["title"] = str(title).strip()
    text = "\n".join(p.strip() for p in pages if p.strip())
    given_title = opts.meta_for(doc_id).get("title")
    text = _legacy_fonts(text, meta)
    if given_title is not None:
        meta["title"] = given_title
    if not text.strip() and pages:
        # a scan: still a document of the run, with empty text and the reason
        # in its record, rather than an error that hides it
        return Item("", {**meta, READER_WARNINGS: [NO_TEXT_LAYER]}, str(path))
    blank = [str(k) for k, page in enumerate(pages, 1) if not page.strip()]
    if blank:  # a report with scanned pages among typed ones: say which were not read
        meta[READER_WARNINGS] = [f"page{'s' if len(blank) > 1 else ''} {', '.join(blank)} of {len(pages)}: "
                                 "no text layer (scanned?) and no OCR here: not read"]
    return _document_item(path, text, meta, opts)


RECORD_READERS = {".jsonl": read_jsonl, ".json": read_json, ".csv": read_csv, ".parquet": read_parquet}
DOCUMENT_READERS = {".docx": read_docx, ".pdf": read_pdf, ".txt": read_text_file, "": read_text_file}
SUFFIXES = (*RECORD_READERS, ".txt", ".docx", ".pdf")


def is_output_folder(folder: Path) -> bool:
    """A batch run's output folder (its mark, or the manifest and chunks of an older version: a run's
    manifest, not a file of the user's that has its name)."""
    return (folder / MARK).exists() or ((folder / CHUNKS).is_dir() and written_by_a_run(folder / MANIFEST))


def written_by_a_run(manifest: Path) -> bool:
    """`manifest` is a batch run's: a JSON object with a run's keys."""
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and {"format", "inputs", "pipeline"} <= data.keys()


def _walk(folder: Path, skip: frozenset[str] = frozenset()) -> tuple[list[Path], list[Path]]:
    """(the files of `folder` that are read, what it holds that is not), in one walk of its tree that
    leaves out hidden names and does not enter batch output folders or links to folders."""
    read, unread = [], []
    for root, dirs, files in os.walk(folder):
        base = Path(root)
        entered = []
        for name in dirs:
            path = base / name
            if name.startswith("."):
                continue
            if path.is_symlink() or is_output_folder(path):   # a link is not followed; an output is no input
                unread.append(path)
            else:
                entered.append(name)
        dirs[:] = entered
        for name in files:
            path = base / name
            if name.startswith("."):
                continue
            if path.is_symlink() and not path.exists():
                unread.append(path)   # a link to nothing
            elif not path.is_file():
                continue
            elif _base_suffix(path) not in SUFFIXES:
                unread.append(path)
            elif not (skip and str(path.resolve()) in skip) and not _links_into_an_output(path):
                read.append(path)
    return sorted(read), sorted(unread)


def folder_files(folder: Path, skip: frozenset[str] = frozenset()) -> list[Path]:
    """The files of a folder that are read, in a fixed order: hidden ones skipped, batch output
    folders inside it too (`batch clips --out clips/out` must not read its own results as clippings),
    and the files of `skip` (resolved paths: the metadata sidecar kept beside the clippings)."""
    if is_output_folder(folder):
        raise InputError(f"{folder}: a vnmonitor batch output folder, not an input")
    return _walk(folder, skip)[0]


def unread_files(folder: Path) -> list[Path]:
    """What a folder holds that is not read, hidden files aside: files of other types (.doc, .html,
    .xlsx), links to nothing, links to folders (not followed), and batch output folders."""
    return _walk(folder)[1]


def _links_into_an_output(path: Path) -> bool:
    """A symbolic link to a file of a batch output folder (its own results would be read back)."""
    if not path.is_symlink():
        return False
    return any(is_output_folder(d) for d in path.resolve().parents)


def relative_id(path: Path, folder: Path) -> str:
    """A folder file's path relative to the folder, extension included, as the file system spells it
    (the inventory keys files by it); its document id is `folder_doc_id`."""
    return path.relative_to(folder).as_posix()


def folder_doc_id(path: Path, folder: Path) -> str:
    """A folder file's document id: its relative path as text (`printable_name`)."""
    return printable_name(relative_id(path, folder))


def read_file(path: Path, opts: ReadOptions = ReadOptions(), doc_id: str | None = None) -> Iterator[Item]:
    """Items of one file, chosen by extension. A plain file (.txt, .docx, .pdf)
    is one document with id `doc_id` (default: its name); a problem with the
    file as a whole is an InputError."""
    suffix = _base_suffix(path)
    if suffix in RECORD_READERS:
        yield from RECORD_READERS[suffix](path, opts)
    elif suffix in DOCUMENT_READERS:
        yield DOCUMENT_READERS[suffix](path, opts, doc_id)
    else:
        raise InputError(f"{path}: unsupported input type '{suffix}' "
                         f"(use {', '.join(SUFFIXES)}, optionally .gz, or a folder of them)")


def read_folder_file(child: Path, folder: Path, opts: ReadOptions) -> Iterator[Item]:
    """Items of one file of a folder; a file that cannot be read at all is one problem item."""
    try:
        yield from read_file(child, opts, folder_doc_id(child, folder))
    except InputError as exc:
        yield Item(None, {}, str(child), str(exc).removeprefix(f"{child}: "))
    except OSError as exc:
        yield Item(None, {}, str(child), exc.strerror or str(exc))


def iter_items(path: str | Path, fields: FieldMap | None = None, opts: ReadOptions | None = None) -> Iterator[Item]:
    """Items from one input path ("-" is stdin), chosen by file extension."""
    opts = opts or ReadOptions()
    if fields is not None:
        opts = replace(opts, fields=fields)
    if str(path) == "-":
        yield from read_stdin(opts)
        return
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file or directory")
    if p.is_dir():
        for child in folder_files(p, opts.skip):
            yield from read_folder_file(child, p, opts)
        return
    try:
        yield from read_file(p, opts)
    except OSError as exc:
        raise InputError(f"{p}: {exc.strerror or exc}") from None


def _count_lines(path: Path, limit: int = 512 * 2 ** 20) -> int | None:
    """Lines of a (decompressed) file counted in blocks; None past `limit` bytes."""
    lines, returns, seen, last = 0, 0, 0, b"\n"
    with _open_binary(path) as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            lines += block.count(b"\n")
            returns += block.count(b"\r")
            seen += len(block)
            last = block[-1:]
            if seen > limit:
                return None
    if not lines and returns:   # lines ended by a carriage return alone
        return returns + (last != b"\r")
    return lines + (last != b"\n")


def count_items(path: str | Path) -> int | None:
    """About how many records `path` holds, cheaply, for a progress bar's ETA; None if unknown."""
    p = Path(path)
    try:
        if p.is_dir():
            return sum(count_items(c) or 0 for c in folder_files(p))
        suffix = _base_suffix(p)
        if suffix == ".jsonl":
            return _count_lines(p)
        if suffix == ".parquet":
            import pyarrow.parquet as pq

            return pq.ParquetFile(p).metadata.num_rows
        if suffix == ".csv":
            n = _count_lines(p)
            return None if n is None else max(n - 1, 0)
        if suffix in DOCUMENT_READERS:
            return 1
    except (OSError, EOFError, zlib.error, ValueError):
        return None
    return None


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
                yield from parse_lines(text.splitlines())
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


def date_problem(value) -> str | None:
    """Why a metadata date is no date ("31/2/2020", "hôm qua"), or None (`meta_dates.normalize_date`)."""
    if normalize_date(value) is None:
        return f"date {str(value)!r} is not a date (YYYY-MM-DD or D/M/YYYY)"
    return None
