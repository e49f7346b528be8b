"""Which reader reads a file: the readers by extension, and `read_file`."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from .csv_files import read_csv
from .documents import read_docx, read_pdf, read_text_file
from .items import InputError, Item, ReadOptions
from .records import read_json, read_jsonl, read_parquet
from .streams import _base_suffix


RECORD_READERS = {".jsonl": read_jsonl, ".json": read_json, ".csv": read_csv, ".parquet": read_parquet}
DOCUMENT_READERS = {".docx": read_docx, ".pdf": read_pdf, ".txt": read_text_file, "": read_text_file}
SUFFIXES = (*RECORD_READERS, ".txt", ".docx", ".pdf")


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
