"""Reading documents from files: one place for the CLI and batch runs.

A reader yields `Item`s: either a document (`text` plus metadata) or a
`problem` saying why a record could not be read, with where it was. A broken
record never stops the others from being read.
"""
from __future__ import annotations

import gzip
import io
import json
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


def _open_text(path: Path):
    raw = gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")
    return io.TextIOWrapper(raw, encoding="utf-8", errors="strict")


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
    if not isinstance(text, str):
        return Item(None, meta, where, f"'{fields.text}' is {type(text).__name__}, not a string")
    if not text.strip():
        return Item(None, meta, where, f"'{fields.text}' is empty")
    if "\x00" in text:
        return Item(None, meta, where, f"'{fields.text}' contains NUL bytes (binary data?)")
    return Item(text, meta, where)


def read_jsonl(path: Path, fields: FieldMap = FieldMap()) -> Iterator[Item]:
    with _open_text(path) as fh:
        lineno = 0
        while True:
            lineno += 1
            try:
                line = fh.readline()
            except UnicodeDecodeError as exc:
                yield Item(None, {}, f"{path}:{lineno}", f"not valid UTF-8: {exc.reason}")
                return
            if not line:
                return
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


def iter_items(path: str | Path, fields: FieldMap = FieldMap()) -> Iterator[Item]:
    """Items from one input path ("-" is stdin), chosen by file extension."""
    if str(path) == "-":
        yield from read_stdin()
        return
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file or directory")
    suffix = _base_suffix(p)
    if p.is_dir():
        for child in sorted(p.iterdir()):
            if child.is_file() and _base_suffix(child) == ".txt":
                yield read_text_file(child)
        return
    if suffix == ".jsonl":
        yield from read_jsonl(p, fields)
    elif suffix == ".json":
        yield from read_json(p, fields)
    elif suffix in (".txt", ""):
        yield read_text_file(p)
    else:
        raise InputError(f"{p}: unsupported input type '{suffix}' (use .txt, .json or .jsonl)")
