"""Which reader reads a file: the readers by extension, and `read_file`."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from .csv_files import read_csv
from .documents import read_docx, read_pdf, read_text_file
from .items import InputError, Item, ReadOptions, printable_name
from .records import read_json, read_jsonl, read_parquet
from .streams import Unreadable, _base_suffix, ungzipped


RECORD_READERS = {".jsonl": read_jsonl, ".json": read_json, ".csv": read_csv, ".parquet": read_parquet}
DOCUMENT_READERS = {".docx": read_docx, ".pdf": read_pdf, ".txt": read_text_file, "": read_text_file}
SUFFIXES = (*RECORD_READERS, ".txt", ".docx", ".pdf")
# read from a whole file, not a stream: gzipped, they are decompressed to a temporary file first
WHOLE_FILE_SUFFIXES = (".docx", ".pdf", ".parquet")
MAX_GZIPPED_BYTES = 4 << 30   # what one gzipped file may decompress to on disk


def read_file(path: Path, opts: ReadOptions = ReadOptions(), doc_id: str | None = None) -> Iterator[Item]:
    """Items of one file, chosen by extension. A plain file (.txt, .docx, .pdf)
    is one document with id `doc_id` (default: its name); a problem with the
    file as a whole is an InputError."""
    suffix = _base_suffix(path)
    if suffix in WHOLE_FILE_SUFFIXES and path.suffix.lower() == ".gz":
        yield from _read_gzipped(path, opts, doc_id)
    elif suffix in RECORD_READERS:
        yield from RECORD_READERS[suffix](path, opts)
    elif suffix in DOCUMENT_READERS:
        yield DOCUMENT_READERS[suffix](path, opts, doc_id)
    else:
        raise InputError(f"{path}: unsupported input type '{suffix}' "
                         f"(use {', '.join(SUFFIXES)}, optionally .gz, or a folder of them)")


def _read_gzipped(path: Path, opts: ReadOptions, doc_id: str | None) -> Iterator[Item]:
    """`read_file` of a gzipped .docx, .pdf or .parquet, decompressed first (`ungzipped`): the same
    items, with the gzipped file's name as their id and place."""
    try:
        with ungzipped(path, MAX_GZIPPED_BYTES) as plain:
            try:
                for item in read_file(plain, opts, doc_id or printable_name(path.name)):
                    if item.where.startswith(str(plain)):
                        item.where = printable_name(str(path)) + item.where[len(str(plain)):]
                    yield item
            except InputError as exc:   # a damaged Parquet file inside: named as the user named it
                raise InputError(str(exc).replace(str(plain), str(path))) from None
    except Unreadable as exc:
        raise InputError(f"{path}: {exc}") from None
