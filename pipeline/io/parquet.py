"""Parquet files for the output tables, written so a crash never leaves half a file."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from .tables import TABLES

COMPRESSION = "zstd"


def _tmp_path(path: Path, tmp_dir: Path | None = None) -> Path:
    """Where `path` is written before being renamed into place: beside it, or
    in `tmp_dir` (on the same file system), where a crashed run's leftovers
    are easy to find and remove."""
    name = f".{path.name}.{os.getpid()}.tmp"
    return (Path(tmp_dir) / name) if tmp_dir is not None else path.with_name(name)


def write_table(table: pa.Table, path: str | Path) -> Path:
    """Write `table` to `path` atomically (a temporary file renamed into place)."""
    path = Path(path)
    tmp = _tmp_path(path)
    pq.write_table(table, tmp, compression=COMPRESSION)
    os.replace(tmp, path)
    return path


GROUP_ROWS = 65_536         # a written file's row groups: at most this many rows
GROUP_BYTES = 8 * 2**20     # ... or about this many bytes


class GroupedWriter:
    """A ParquetWriter that gathers the tables it is given into row groups of up to `GROUP_ROWS`
    rows or about `GROUP_BYTES` bytes: a batch chunk's parts hold 32 documents each, and a row
    group per part made an archive's tables thousands of small groups (compressed worse, read
    slower by every dashboard). Memory holds one group at most."""

    def __init__(self, path: Path, schema: pa.Schema):
        self.writer = pq.ParquetWriter(path, schema, compression=COMPRESSION)
        self.pending: list[pa.Table] = []
        self.rows = self.size = 0

    def write(self, table: pa.Table) -> None:
        self.pending.append(table)
        self.rows, self.size = self.rows + table.num_rows, self.size + table.nbytes
        if self.rows >= GROUP_ROWS or self.size >= GROUP_BYTES:
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            self.writer.write_table(pa.concat_tables(self.pending), row_group_size=max(self.rows, 1))
        self.pending, self.rows, self.size = [], 0, 0

    def __enter__(self) -> "GroupedWriter":
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is None:
            self._flush()
        self.writer.close()


def merge_parts(name: str, parts: Iterable[str | Path], path: str | Path, tmp_dir: Path | None = None) -> int:
    """Concatenate the Parquet parts of table `name` into one file; return its rows.

    Parts are streamed one row group at a time and gathered into row groups of
    up to `GROUP_ROWS` rows (`GroupedWriter`), so memory stays at one row group
    whatever the size of the archive.
    """
    path = Path(path)
    tmp = _tmp_path(path, tmp_dir)
    schema = TABLES[name]
    rows = 0
    with GroupedWriter(tmp, schema) as writer:
        for part in parts:
            pf = pq.ParquetFile(part)
            for i in range(pf.num_row_groups):
                group = _with_columns_added_since(pf.read_row_group(i), schema).select(schema.names).cast(schema)
                writer.write(group)
                rows += group.num_rows
    os.replace(tmp, path)
    return rows


def _with_columns_added_since(group: pa.Table, schema: pa.Schema) -> pa.Table:
    """A part written by an older vnmonitor (a resumed run) with the columns added since as nulls."""
    for f in schema:
        if f.name not in group.column_names:
            group = group.append_column(f, pa.nulls(group.num_rows, f.type))
    return group


def read_table(path: str | Path) -> pa.Table:
    return pq.read_table(path)
