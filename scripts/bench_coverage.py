"""Peak memory and time of the batch's coverage step (`pipeline.batch.coverage.enrich`) alone.

Why: the coverage step runs once, in the main process, over the whole merged
output; its memory must not grow with the archive the way the workers' does not.

Merges a finished batch output's committed chunks (OUT/chunks) again into a
temporary folder, as the batch does before its coverage step (one Parquet row
group per chunk, documents.jsonl concatenated; no story index, so every story
is assigned afresh), runs the coverage step there in a child process, and
prints the child's peak resident memory and wall time. With --keep DIR the
enriched copy is kept, so two versions' tables can be compared.

    python scripts/bench_coverage.py OUT [--keep DIR] [--chunks N]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline.io.outdir import CHUNKS
from pipeline.io.parquet import merge_parts
from pipeline.io.tables import TABLE_NAMES

CHILD = ("import sys; from pathlib import Path; from pipeline.batch.coverage import enrich; "
         "out = Path(sys.argv[1]); (out / 'tmp').mkdir(exist_ok=True); enrich(out, out / 'tmp')")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path, help="a finished `vnmonitor batch` output folder")
    ap.add_argument("--keep", type=Path, help="keep the enriched copy here")
    ap.add_argument("--chunks", type=int, help="merge only the first N chunks (to see how memory grows)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        work = args.keep or Path(scratch) / "out"
        if work.exists():
            shutil.rmtree(work)
        work.mkdir(parents=True)
        dirs = sorted(d for d in (args.out / CHUNKS).glob("[0-9]" * 6) if (d / "chunk.json").exists())
        dirs = dirs[:args.chunks] if args.chunks else dirs
        if not dirs:
            raise SystemExit(f"{args.out}: no committed chunks (a finished `vnmonitor batch` output?)")
        (work / "tmp").mkdir()
        for name in TABLE_NAMES:
            merge_parts(name, [d / f"{name}.parquet" for d in dirs], work / f"{name}.parquet", work / "tmp")
        with open(work / "documents.jsonl", "wb") as dst:
            for d in dirs:
                dst.write((d / "records.jsonl").read_bytes())
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", CHILD, str(work)], check=True)
        seconds = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        docs = sum(1 for line in open(work / "documents.jsonl", encoding="utf-8") if line.strip())
        size_mb = sum(f.stat().st_size for f in work.glob("*.parquet")) / 2**20
        print(json.dumps({"documents": docs, "parquet_mb": round(size_mb, 1),
                          "documents_jsonl_mb": round(os.path.getsize(work / "documents.jsonl") / 2**20, 1),
                          "coverage_step_peak_rss_mb": round(peak_mb, 1), "seconds": round(seconds, 1)}))


if __name__ == "__main__":
    main()
