"""What a reader yields, and the checks a record passes on its way in.

A reader yields `Item`s: either a document (`text` plus metadata) or a
`problem` saying why a record could not be read, with where it was. Every
field that reaches the output is checked here (`record_to_item`, `text_item`):
a wrong type, a NUL or a lone surrogate sets one record aside with the reason,
never the run. Also here: how inputs are read (`FieldMap`, `ReadOptions`), the
limits, the metadata keys the readers set (`READER_WARNINGS`, `TEXT_ENCODING`,
`TEXT_FROM`), and why plain-text bytes could not be read (`undecodable`).
"""
from __future__ import annotations

import codecs
import datetime as _dt
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ...text.normalize import LONE_SURROGATE
from ..meta_dates import normalize_date


class InputError(Exception):
    """A user-facing problem with an input: the message is shown as is."""


# The longest document read, in characters (`--max-chars`). Longer ones are
# reported, not read: memory stays bounded whatever the input (a gzip bomb,
# /dev/zero, a 1 GB text), and a document this long is analysed in parts.
DEFAULT_MAX_CHARS = 5_000_000
MAX_META_CHARS = 100_000      # an id, title, source, url or date longer than this is refused


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
    if LONE_SURROGATE.search(name):
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


# PostgreSQL cannot index a key of more than about 2,700 bytes (a B-tree's row): one such id in a load
# would keep the whole output out of the database, so it is set aside here, as any other bad field
MAX_ID_BYTES = 1000

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


def _meta_problem(key: str, value) -> str | None:
    """Why a metadata value cannot be stored (None if it can)."""
    if isinstance(value, str):
        if "\x00" in value:
            return f"'{key}' contains a NUL character"
        bad = LONE_SURROGATE.search(value)
        if bad:
            return f"'{key}' is not valid Unicode (lone surrogate at character {bad.start()})"
        if len(value) > MAX_META_CHARS:
            return f"'{key}' is {len(value):,} characters long (limit {MAX_META_CHARS:,})"
        if key == "id" and len(value.encode("utf-8")) > MAX_ID_BYTES:
            return (f"'id' is {len(value.encode('utf-8')):,} bytes long in UTF-8 (limit {MAX_ID_BYTES:,}: "
                    f"the databases index it)")
        return None
    if key == "date" and isinstance(value, _dt.date):
        return None
    if key == "id" and isinstance(value, int) and not isinstance(value, bool):
        return None
    return f"'{key}' is a {type(value).__name__}, not a string"


# a decoded JSON value's kind in JSON's own words (errors.jsonl is read by people who wrote JSON)
_JSON_KINDS = {type(None): "null", list: "an array", str: "a string", int: "a number", float: "a number",
               bool: "a boolean (true or false)"}


def record_to_item(obj, where: str, fields: FieldMap = FieldMap(), max_chars: int = DEFAULT_MAX_CHARS) -> Item:
    """Check one decoded record and turn it into an Item (or a problem).

    Every field that reaches the output is checked here, before a worker sees
    it: a wrong type, a NUL or a lone surrogate sets this record aside with
    the reason, never the run."""
    if not isinstance(obj, dict):
        return Item(None, {}, where, f"record is {_JSON_KINDS.get(type(obj), 'a ' + type(obj).__name__)}, not an object")
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
        del meta["date"]   # as said: the library refuses a date that is none (`language.analyze`)
    return item


def text_item(text, meta: dict, where: str, name: str = "text", max_chars: int = DEFAULT_MAX_CHARS) -> Item:
    """An Item for `text`, or the reason it cannot be analysed."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return Item(None, meta, where, f"'{name}' is {'null' if text is None else 'NaN'}: no text")
    if not isinstance(text, str):
        return Item(None, meta, where, f"'{name}' is {type(text).__name__}, not a string")
    if not text.strip():
        return Item(None, meta, where, f"'{name}' is empty")
    if len(text) > max_chars:
        return Item(None, meta, where, f"'{name}' is {len(text):,} characters long, over the limit of "
                                       f"{max_chars:,} (--max-chars)")
    bad = LONE_SURROGATE.search(text)
    if bad:   # said first: surrogates also count towards looking binary
        return Item(None, meta, where, f"'{name}' is not valid Unicode (lone surrogate at character {bad.start()})")
    if looks_binary(text):
        return Item(None, meta, where, f"'{name}' looks like binary data (NUL or control characters)")
    return Item(text, meta, where)


# files that are no text, by their first bytes: read from a path (by extension), never from stdin
_FILE_MAGIC = ((b"%PDF-", "a PDF file"), (b"PK\x03\x04", "a zip file (a .docx, .xlsx or other archive)"),
               (b"\xd0\xcf\x11\xe0", "an old Office file (.doc, .xls)"), (b"\x1f\x8b", "gzipped data"))


def undecodable(data: bytes) -> str:
    """Why plain-text bytes could not be read (`legacy.decode_bytes` found no reading)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "a UTF-16 byte-order mark, but not valid UTF-16 text"
    for magic, kind in _FILE_MAGIC:
        if data.startswith(magic):
            return f"this is {kind}, not text: give the file's path instead (vnmonitor analyze FILE)"
    try:
        data.decode("utf-8-sig")
        return "no text could be read"
    except UnicodeDecodeError as exc:
        return f"not valid UTF-8 text (byte {exc.start}: {exc.reason}), nor Vietnamese in TCVN3, VNI or Windows-1258"


def date_problem(value) -> str | None:
    """Why a metadata date is no date ("31/2/2020", "hôm qua"), or None (`meta_dates.normalize_date`)."""
    if normalize_date(value) is None:
        return f"date {str(value)!r} is not a date (YYYY-MM-DD or D/M/YYYY)"
    return None
