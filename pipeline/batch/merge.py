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


def keep_one_taxonomy(path: Path) -> int:
    """The merged `themes` table holds the taxonomy once per chunk (each chunk writes the one
    its worker ran with; the pipeline fingerprint makes them the same): keep each theme's
    first row, in taxonomy order. Returns the rows kept."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from ..io.parquet import write_table

    table = pq.read_table(path)
    seen: set[str] = set()
    keep = [i for i, theme in enumerate(table.column("id").to_pylist()) if not (theme in seen or seen.add(theme))]
    table = table.take(pa.array(keep, type=pa.int64()))   # typed: an empty list is no index array
    table = table.take(pc.sort_indices(table, sort_keys=[("theme_no", "ascending")]))
    write_table(table, path)
    return table.num_rows


def finalize(out: Path, chunks: dict[int, dict], aliases=(), story_index=None) -> dict[str, int]:
    """Merge committed chunks into the outputs; return table row counts.

    The Parquet tables are merged first (threads: the library works without
    the GIL), then the coverage step fills story ids, registry ids and places
    across the whole output (`coverage.enrich`), and the database is built from
    the finished Parquet files.
    """
    from concurrent.futures import ThreadPoolExecutor

    from ..io.duckdb_store import build_database
    from ..io.parquet import merge_parts
    from .coverage import enrich

    dirs = [out / CHUNKS / f"{n:06d}" for n in sorted(chunks)]
    parts = {name: [d / f"{name}.parquet" for d in dirs] for name in TABLE_NAMES}
    tmp = out / TMP
    tmp.mkdir(exist_ok=True)
    with ThreadPoolExecutor(max_workers=len(TABLE_NAMES)) as threads:
        merged = [threads.submit(merge_parts, name, parts[name], out / f"{name}.parquet", tmp) for name in TABLE_NAMES]
        _atomic_concat(out / "documents.jsonl", [d / "records.jsonl" for d in dirs], tmp)
        _atomic_concat(out / "errors.jsonl", [d / "errors.jsonl" for d in dirs], tmp)
        for future in merged:
            future.result()
    keep_one_taxonomy(out / "themes.parquet")
    enrich(out, tmp, aliases=aliases, story_index=story_index)
    return build_database(out / DATABASE, {name: out / f"{name}.parquet" for name in TABLE_NAMES}, tmp)


def _summarise(chunks: dict[int, dict], summary: Summary) -> Summary:
    summary.chunks = len(chunks)
    summary.documents = sum(c["documents"] for c in chunks.values())
    summary.succeeded = sum(c["succeeded"] for c in chunks.values())
    summary.failed = sum(c["failed"] for c in chunks.values())
    return summary
