"""Benchmark: the full batch (all stages, all outputs written) against
`underthesea.word_tokenize` alone on the same articles, in one process.

    .venv/bin/python scripts/bench_batch.py [--n 1000] [--workers 1 2]

Prints documents/s of word_tokenize on one core, of the batch with 1 and 2
workers, their ratios (targets: per-worker >= 0.5x word_tokenize, 2 workers
>= 1.7x one worker) and each worker's peak RSS (target <= 1.5 GB). Ratios
are measured in the same process, minutes apart, so they hold across
machines better than absolute rates; other jobs on the machine skew both
sides, so the load average is printed too, and each rate is also given per
CPU-second (the worker processes' own CPU time, pipeline loading included),
which holds on a busy machine where wall-clock rates do not.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ARCHIVE = ROOT.parent / "shared" / "corpora" / "baomoi-2017.jsonl.gz"


def load_articles(path: Path, n: int) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in islice(fh, n)]


def bench_word_tokenize(texts: list[str]) -> tuple[float, float]:
    """docs/s of wall-clock time and docs per CPU-second."""
    from underthesea import word_tokenize

    word_tokenize("Khởi động mô hình.")  # load the CRF model outside the timing
    start, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        word_tokenize(text)
    return len(texts) / (time.perf_counter() - start), len(texts) / (time.process_time() - cpu)


def bench_batch(archive: Path, workers: int, chunk_size: int) -> tuple[float, object]:
    from pipeline import batch

    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        opts = batch.BatchOptions(inputs=[str(archive)], out=Path(tmp) / "out", workers=workers,
                                  chunk_size=chunk_size, progress=False)
        start = time.perf_counter()
        summary = batch.run(opts)
        seconds = time.perf_counter() - start
    return summary.documents / seconds, summary


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--archive", type=Path, default=DEFAULT_ARCHIVE)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--chunk-size", type=int, default=50)
    args = ap.parse_args(argv)
    if not args.archive.exists():
        print(f"error: {args.archive} not found (needs ../shared)", file=sys.stderr)
        return 1
    articles = load_articles(args.archive, args.n)
    texts = [a["text"] for a in articles]
    print(f"{len(articles)} articles from {args.archive.name}, {sum(map(len, texts)):,} characters; "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")

    with tempfile.TemporaryDirectory(prefix="bench-in-") as tmp:
        archive = Path(tmp) / "articles.jsonl"
        archive.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
        rates, cpu_rates = {}, {}
        for workers in args.workers:
            rate, summary = bench_batch(archive, workers, args.chunk_size)
            rates[workers] = rate
            cpu_rates[workers] = summary.documents / sum(summary.cpu_seconds.values())
            rss = max(summary.peak_rss_mb.values()) if summary.peak_rss_mb else float("nan")
            print(f"batch, {workers} worker(s): {rate:6.1f} docs/s ({rate / workers:.1f} per worker), "
                  f"{cpu_rates[workers]:.1f} docs per worker CPU-second, "
                  f"{summary.succeeded} ok / {summary.failed} failed, peak RSS per worker {rss:.0f} MB, "
                  f"load average {os.getloadavg()[0]:.1f}, rows {summary.rows}")
        wt, wt_cpu = bench_word_tokenize(texts)
        print(f"underthesea.word_tokenize alone, 1 core: {wt:6.1f} docs/s, {wt_cpu:.1f} docs per CPU-second "
              f"(load average {os.getloadavg()[0]:.1f})")

    one = rates.get(1)
    if one:
        print(f"per-worker throughput vs word_tokenize: {one / wt:.2f}x wall-clock, "
              f"{cpu_rates[1] / wt_cpu:.2f}x per CPU-second (target >= 0.5x)")
    if one and 2 in rates:
        print(f"scaling 1 -> 2 workers: {rates[2] / one:.2f}x wall-clock (target >= 1.7x; needs two idle cores); "
              f"CPU cost per document {cpu_rates[1] / cpu_rates[2]:.2f}x that of one worker")
    return 0


if __name__ == "__main__":
    sys.exit(main())
