"""Merging committed chunks into a job's outputs, each written under a temporary name and renamed."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..io.outdir import CHUNKS, DATABASE, TMP
from ..io.tables import TABLE_NAMES
from .job import Summary

def _atomic_concat(out_path: Path, parts: list[Path], tmp_dir: Path) -> None:
    tmp = tmp_dir / out_path.name
    with open(tmp, "wb") as dst:
        for part in parts:
            with open(part, "rb") as src:
                shutil.copyfileobj(src, dst)
    os.replace(tmp, out_path)


def finalize(out: Path, chunks: dict[int, dict]) -> dict[str, int]:
    """Merge committed chunks into the outputs; return table row counts.

    The database reads the chunks' parts itself, so it is built while the
    Parquet tables are merged (threads: both libraries work without the GIL).
    """
    from concurrent.futures import ThreadPoolExecutor

    from ..io.duckdb_store import build_database
    from ..io.parquet import merge_parts

    dirs = [out / CHUNKS / f"{n:06d}" for n in sorted(chunks)]
    parts = {name: [d / f"{name}.parquet" for d in dirs] for name in TABLE_NAMES}
    tmp = out / TMP
    tmp.mkdir(exist_ok=True)
    with ThreadPoolExecutor(max_workers=1 + len(TABLE_NAMES)) as threads:
        database = threads.submit(build_database, out / DATABASE, parts, tmp)
        merged = [threads.submit(merge_parts, name, parts[name], out / f"{name}.parquet", tmp) for name in TABLE_NAMES]
        _atomic_concat(out / "documents.jsonl", [d / "records.jsonl" for d in dirs], tmp)
        _atomic_concat(out / "errors.jsonl", [d / "errors.jsonl" for d in dirs], tmp)
        for future in merged:
            future.result()
        return database.result()


def _summarise(chunks: dict[int, dict], summary: Summary) -> Summary:
    summary.chunks = len(chunks)
    summary.documents = sum(c["documents"] for c in chunks.values())
    summary.succeeded = sum(c["succeeded"] for c in chunks.values())
    summary.failed = sum(c["failed"] for c in chunks.values())
    return summary
