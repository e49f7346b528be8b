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


def merge_parts(name: str, parts: Iterable[str | Path], path: str | Path, tmp_dir: Path | None = None) -> int:
    """Concatenate the Parquet parts of table `name` into one file; return its rows.

    Parts are streamed one row group at a time, so memory stays at one part
    whatever the size of the archive.
    """
    path = Path(path)
    tmp = _tmp_path(path, tmp_dir)
    schema = TABLES[name]
    rows = 0
    with pq.ParquetWriter(tmp, schema, compression=COMPRESSION) as writer:
        for part in parts:
            pf = pq.ParquetFile(part)
            for i in range(pf.num_row_groups):
                group = pf.read_row_group(i).select(schema.names).cast(schema)
                writer.write_table(group)
                rows += group.num_rows
    os.replace(tmp, path)
    return rows


def read_table(path: str | Path) -> pa.Table:
    return pq.read_table(path)
