"""Reading documents from files: one place for the CLI and batch runs.

A reader yields `Item`s: either a document (`text` plus metadata) or a
`problem` saying why a record could not be read, with where it was. A broken
record never stops the others from being read. Every reader streams: an
archive larger than memory is read one record at a time.

Formats (each optionally gzipped, except Parquet, .docx and .pdf):
.jsonl, .json, .csv, .parquet, .txt, and folders holding any of these plus
.docx (python-docx) and .pdf (pypdf) reports.

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

import csv
import gzip
import io
import json
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator


class InputError(Exception):
    """A user-facing problem with an input: the message is shown as is."""


@dataclass
class Item:
    text: str | None
    meta: dict = field(default_factory=dict)
    where: str = ""          # "file.jsonl:12" or an id, for error reports
    problem: str | None = None


@dataclass
class FieldMap:
    text: str = "text"
    id: str = "id"
    date: str = "date"
    title: str = "title"
    source: str = "source"
    url: str = "url"


def _open_text(path: Path, newline: str | None = None):
    raw = gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")
    return io.TextIOWrapper(raw, encoding="utf-8", errors="strict", newline=newline)


# Share of control or replacement characters above which a text is binary
# data decoded by mistake rather than prose.
BINARY_SHARE = 0.05


# control characters other than line breaks and tabs, lone surrogates, and U+FFFD
_ODD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffd]")


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


def record_to_item(obj, where: str, fields: FieldMap = FieldMap()) -> Item:
    """Check one decoded record and turn it into an Item (or a problem)."""
    if not isinstance(obj, dict):
        return Item(None, {}, where, f"record is a JSON {type(obj).__name__}, not an object")
    meta = {}
    for key in ("id", "date", "title", "source", "url"):
        value = obj.get(getattr(fields, key))
        if value is not None:
            meta[key] = value if key == "date" else str(value)
    for key, value in obj.items():
        if key not in meta and key != fields.text and isinstance(value, (str, int, float, bool)):
            meta.setdefault(key, value)
    where = f"{where} (id {meta['id']})" if "id" in meta else where
    if fields.text not in obj:
        return Item(None, meta, where, f"record has no '{fields.text}' field")
    text = obj[fields.text]
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return Item(None, meta, where, f"'{fields.text}' is empty")
    if not isinstance(text, str):
        return Item(None, meta, where, f"'{fields.text}' is {type(text).__name__}, not a string")
    if not text.strip():
        return Item(None, meta, where, f"'{fields.text}' is empty")
    if looks_binary(text):
        return Item(None, meta, where, f"'{fields.text}' looks like binary data (NUL or control characters)")
    return Item(text, meta, where)


def read_jsonl(path: Path, fields: FieldMap = FieldMap()) -> Iterator[Item]:
    """One record per line; each line is decoded on its own, so a line with
    bad bytes or bad JSON is reported with its number and the next is read."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Item(None, {}, f"{path}:{lineno}", f"not valid UTF-8 (byte {exc.start}: {exc.reason})")
                continue
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Item(None, {}, f"{path}:{lineno}", f"invalid JSON: {exc.msg} at column {exc.colno}")
                continue
            yield record_to_item(obj, f"{path}:{lineno}", fields)


def read_text_file(path: Path, meta: dict | None = None) -> Item:
    try:
        with _open_text(path) as fh:
            text = fh.read()
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 text (byte {exc.start}: {exc.reason})") from None
    meta = dict(meta or {})
    meta.setdefault("id", path.name.split(".")[0])
    if not text.strip():
        return Item(None, meta, str(path), "file is empty")
    return Item(text, meta, str(path))


def read_json(path: Path, fields: FieldMap = FieldMap()) -> Iterator[Item]:
    try:
        with _open_text(path) as fh:
            obj = json.load(fh)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 (byte {exc.start}: {exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    if isinstance(obj, list):
        for i, rec in enumerate(obj, 1):
            yield record_to_item(rec, f"{path}[{i}]", fields)
    else:
        yield record_to_item(obj, str(path), fields)


def read_stdin() -> Iterator[Item]:
    data = sys.stdin.buffer.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"stdin: not valid UTF-8 text (byte {exc.start}: {exc.reason})") from None
    if not text.strip():
        raise InputError("stdin: no text")
    yield Item(text, {}, "stdin")


def read_csv(path: Path, fields: FieldMap = FieldMap()) -> Iterator[Item]:
    """One record per CSV row (header first); a row with the wrong number of
    fields is reported with its line number."""
    csv.field_size_limit(sys.maxsize)
    with _open_text(path, newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            return
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: unreadable CSV header: {exc}") from None
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as exc:
                yield Item(None, {}, f"{path}:{reader.line_num + 1}", f"not valid UTF-8: {exc.reason}")
                return
            except csv.Error as exc:
                yield Item(None, {}, f"{path}:{reader.line_num}", f"malformed CSV: {exc}")
                continue
            where = f"{path}:{reader.line_num}"
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                yield Item(None, {}, where, f"row has {len(row)} fields, the header has {len(header)}")
                continue
            yield record_to_item(dict(zip(header, row)), where, fields)


def read_parquet(path: Path, fields: FieldMap = FieldMap()) -> Iterator[Item]:
    """One record per Parquet row, streamed through `datasets`."""
    from datasets import load_dataset

    try:
        rows = load_dataset("parquet", data_files=str(path), split="train", streaming=True)
        for i, row in enumerate(rows, 1):
            yield record_to_item(row, f"{path}[row {i}]", fields)
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise InputError(f"{path}: unreadable Parquet file: {exc}") from None


def _document_item(path: Path, text: str) -> Item:
    meta = {"id": path.stem, "title": path.stem}
    if not text.strip():
        return Item(None, meta, str(path), "no text could be extracted")
    return Item(text, meta, str(path))


def read_docx(path: Path) -> Item:
    """A Word report: its paragraphs and table cells, one paragraph per line."""
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises zipfile, lxml and its own errors
        return Item(None, {"id": path.stem}, str(path), f"unreadable .docx: {type(exc).__name__}: {exc}")
    lines = [p.text.strip() for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row.cells))
    return _document_item(path, "\n".join(line for line in lines if line))


def read_pdf(path: Path) -> Item:
    """A PDF report: the text layer of each page (scanned pages have none)."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many types on damaged files
        return Item(None, {"id": path.stem}, str(path), f"unreadable .pdf: {type(exc).__name__}: {exc}")
    return _document_item(path, "\n".join(p.strip() for p in pages if p.strip()))


RECORD_READERS = {".jsonl": read_jsonl, ".json": read_json, ".csv": read_csv, ".parquet": read_parquet}
DOCUMENT_READERS = {".docx": read_docx, ".pdf": read_pdf}
SUFFIXES = (*RECORD_READERS, ".txt", *DOCUMENT_READERS)


def _read_folder(folder: Path, fields: FieldMap) -> Iterator[Item]:
    files = sorted(p for p in folder.rglob("*")
                   if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
                   and _base_suffix(p) in SUFFIXES)
    for child in files:
        try:
            yield from iter_items(child, fields)
        except InputError as exc:
            yield Item(None, {}, str(child), str(exc).removeprefix(f"{child}: "))


def iter_items(path: str | Path, fields: FieldMap = FieldMap()) -> Iterator[Item]:
    """Items from one input path ("-" is stdin), chosen by file extension."""
    if str(path) == "-":
        yield from read_stdin()
        return
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file or directory")
    if p.is_dir():
        yield from _read_folder(p, fields)
        return
    suffix = _base_suffix(p)
    if suffix in RECORD_READERS:
        yield from RECORD_READERS[suffix](p, fields)
    elif suffix in DOCUMENT_READERS:
        yield DOCUMENT_READERS[suffix](p)
    elif suffix in (".txt", ""):
        yield read_text_file(p)
    else:
        raise InputError(f"{p}: unsupported input type '{suffix}' "
                         f"(use {', '.join(SUFFIXES)}, optionally .gz, or a folder of them)")


def count_items(path: str | Path) -> int | None:
    """How many records `path` holds, cheaply, for a progress bar's ETA; None if unknown."""
    p = Path(path)
    try:
        if p.is_dir():
            return sum(count_items(c) or 0 for c in p.rglob("*")
                       if c.is_file() and _base_suffix(c) in SUFFIXES and not c.name.startswith("."))
        suffix = _base_suffix(p)
        if suffix == ".jsonl":
            opener = gzip.open if p.suffix == ".gz" else open
            with opener(p, "rb") as fh:
                return sum(1 for line in fh if line.strip())
        if suffix == ".parquet":
            import pyarrow.parquet as pq

            return pq.ParquetFile(p).metadata.num_rows
        if suffix == ".csv":
            with _open_text(p, newline="") as fh:
                return max(sum(1 for _ in csv.reader(fh)) - 1, 0)
        if suffix in (".txt", "", *DOCUMENT_READERS):
            return 1
    except (OSError, csv.Error, UnicodeDecodeError, ValueError):
        return None
    return None
