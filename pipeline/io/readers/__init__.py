"""Reading documents from files: one place for the CLI and batch runs.

A reader yields `Item`s: either a document (`text` plus metadata) or a
`problem` saying why a record could not be read, with where it was. A broken
record never stops the others from being read. Every reader streams: an
archive larger than memory is read one record at a time.

Formats (each optionally gzipped, except Parquet, .docx and .pdf):
.jsonl, .json, .csv, .parquet, .txt, and folders holding any of these plus
.docx (`wordml`, streamed within --max-chars) and .pdf (pypdf) reports.
JSON Lines and CSV are read line by line here, not with `datasets`
(`records` and `csv_files` say why).

`iter_items` reads one input path (a file, a folder, "-" for stdin) and
`count_items` tells about how many records it holds. The modules:

- `items`: `Item`, `FieldMap`, `ReadOptions`, `InputError`, the limits, the metadata keys the
  readers set (`READER_WARNINGS`, `TEXT_ENCODING`, `TEXT_FROM`), and the checks every record
  passes (`record_to_item`, `text_item`, `looks_binary`, `date_problem`);
- `streams`: bytes read within bounds: a file, gzipped or not (`_open_binary`), its lines
  (`bounded_lines`, `_physical_lines` for lines ended by a carriage return alone), stdin
  (`stdin_bytes`), a file's line count (`_count_lines`), `Unreadable`, and a path's format
  (`_base_suffix`);
- `records`: JSON Lines, JSON, Parquet, and stdin as one document;
- `csv_files`: CSV, what spreadsheet programs write included;
- `documents`: plain files, one document each: .txt, .docx and .pdf (`join_pdf_lines`);
- `dispatch`: the readers by extension (`RECORD_READERS`, `DOCUMENT_READERS`) and `read_file`;
- `folders`: the files of a folder that are read, and their ids (`folder_files`, `relative_id`);
- `sidecar`: a folder's metadata file for its plain files (`read_sidecar`).

They import one another in one direction: `items` and `streams` under the readers (`records`,
`csv_files`, `documents`), under `dispatch`, under `folders`; `sidecar` reads `items`, `streams`
and `csv_files`.
"""
from __future__ import annotations

import zlib
from dataclasses import replace
from pathlib import Path
from typing import Iterator

from .csv_files import read_csv  # noqa: F401
from .dispatch import DOCUMENT_READERS, RECORD_READERS, SUFFIXES, read_file  # noqa: F401
from .documents import (join_pdf_lines, pdf_page_text, read_as_a_whole, read_docx, read_pdf,  # noqa: F401
                        read_text_file)
from .folders import (folder_doc_id, folder_files, is_output_folder, read_folder_file, relative_id,  # noqa: F401
                      unread_files, written_by_a_run)
from .items import (BINARY_SHARE, DEFAULT_MAX_CHARS, MAX_META_CHARS, NO_TEXT_LAYER, READER_WARNINGS,  # noqa: F401
                    RESERVED_META, TEXT_ENCODING, TEXT_FROM, FieldMap, InputError, Item, ReadOptions, date_problem,
                    looks_binary, printable_name, record_to_item, text_item, undecodable)
from .records import (MAX_JSON_FILE_BYTES, json_line_problem, read_json, read_jsonl, read_parquet,  # noqa: F401
                      read_stdin)
from .sidecar import SIDECAR_KEYS, read_sidecar  # noqa: F401
from .streams import TooLong, Unreadable, bounded_lines, stdin_bytes  # noqa: F401
from .streams import _base_suffix, _count_lines


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
