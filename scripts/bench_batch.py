"""Benchmark: the full batch (all stages, all outputs written) against
`underthesea.word_tokenize` alone on the same articles, in one process.

    .venv/bin/python scripts/bench_batch.py [--n 1000] [--workers 1 2]

Prints documents/s of word_tokenize on one core, of the batch with 1 and 2
workers (in the order word_tokenize, 1, 2, 1, word_tokenize; repeated runs
averaged), their ratios (targets: per-worker >= 0.7x (issue 15) word_tokenize, 2 workers
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
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

from common import ROOT, SHARED  # noqa: E402,F401  (the repository, the reference data)
DEFAULT_ARCHIVE = SHARED / "corpora" / "baomoi-2017.jsonl.gz"


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


def bench_batch(archive: Path, workers: int, chunk_size: int | None) -> dict:
    """One batch run in a fresh Python process, as `vnmonitor batch` would run:
    its docs/s, and each worker's CPU time and peak memory (a one-worker run
    analyses in that process, so neither includes this script's own)."""
    code = (
        "import json, sys, tempfile, time\n"
        "from pathlib import Path\n"
        "from pipeline import batch\n"
        "archive, workers, chunk_size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])\n"
        "with tempfile.TemporaryDirectory(prefix='bench-batch-') as tmp:\n"
        "    opts = batch.BatchOptions(inputs=[archive], out=Path(tmp) / 'out', workers=workers, progress=False)\n"
        "    if chunk_size:\n"
        "        opts.chunk_size = chunk_size\n"
        "    start = time.perf_counter()\n"
        "    summary = batch.run(opts)\n"
        "    seconds = time.perf_counter() - start\n"
        "print(json.dumps({'seconds': seconds, 'documents': summary.documents, 'succeeded': summary.succeeded,\n"
        "                  'failed': summary.failed, 'rows': summary.rows, 'cpu_seconds': summary.cpu_seconds,\n"
        "                  'peak_rss_mb': summary.peak_rss_mb}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(archive), str(workers), str(chunk_size or 0)],
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        raise SystemExit(f"batch run failed:\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["rate"] = result["documents"] / result["seconds"]
    result["cpu_rate"] = result["documents"] / sum(result["cpu_seconds"].values())
    return result


def bench_interleaved(texts: list[str], chunk_size: int) -> tuple[float, float]:
    """CPU seconds of word_tokenize and of the batch's per-chunk work (all
    stages, the chunk's records and Parquet parts written) on the same chunks,
    alternating chunk by chunk in this process, so that a host whose speed
    drifts during the run slows both sides alike. Pipeline loading and the
    final merge are left out (the wall-clock runs include them)."""
    from underthesea import word_tokenize

    from pipeline import batch

    batch._worker_nlp()
    word_tokenize("Khởi động mô hình.")
    wt = ours = 0.0
    with tempfile.TemporaryDirectory(prefix="bench-interleaved-") as tmp:
        for k, start in enumerate(range(0, len(texts), chunk_size)):
            chunk = texts[start:start + chunk_size]
            entries = [{"text": t, "meta": {"id": f"d{start + i}"}, "where": f"bench:{start + i}"}
                       for i, t in enumerate(chunk)]
            for side in ((0, 1) if k % 2 else (1, 0)):
                t0 = time.process_time()
                if side == 0:
                    for text in chunk:
                        word_tokenize(text)
                else:
                    batch.process_chunk(tmp, k, entries)
                spent = time.process_time() - t0
                if side == 0:
                    wt += spent
                else:
                    ours += spent
    return wt, ours


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--archive", type=Path, default=DEFAULT_ARCHIVE)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--chunk-size", type=int, default=None, help="records per chunk (default: the batch default)")
    ap.add_argument("--interleaved", type=int, default=500, metavar="N",
                    help="articles for the interleaved per-document comparison (0: skip it)")
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
        # A B A order: word_tokenize and the one-worker batch run before and
        # after the others, and their rates are averaged, so a machine that
        # speeds up or slows down during the run does not tilt the ratios.
        order = list(args.workers) + ([args.workers[0]] if len(args.workers) > 1 else [])
        wt_runs = [bench_word_tokenize(texts)]
        print(f"underthesea.word_tokenize alone, 1 core: {wt_runs[0][0]:6.1f} docs/s")
        runs: dict[int, list] = {}
        for workers in order:
            run = bench_batch(archive, workers, args.chunk_size)
            rate, cpu_rate = run["rate"], run["cpu_rate"]
            runs.setdefault(workers, []).append((rate, cpu_rate))
            rss = max(run["peak_rss_mb"].values()) if run["peak_rss_mb"] else float("nan")
            print(f"batch, {workers} worker(s): {rate:6.1f} docs/s ({rate / workers:.1f} per worker), "
                  f"{cpu_rate:.1f} docs per worker CPU-second, "
                  f"{run['succeeded']} ok / {run['failed']} failed, peak RSS per worker {rss:.0f} MB, "
                  f"load average {os.getloadavg()[0]:.1f}, rows {run['rows']}")
        wt_runs.append(bench_word_tokenize(texts))
        print(f"underthesea.word_tokenize alone, 1 core: {wt_runs[1][0]:6.1f} docs/s "
              f"(load average {os.getloadavg()[0]:.1f})")
    rates = {w: sum(r for r, _ in rs) / len(rs) for w, rs in runs.items()}
    cpu_rates = {w: sum(c for _, c in rs) / len(rs) for w, rs in runs.items()}
    wt = sum(r for r, _ in wt_runs) / 2
    wt_cpu = sum(c for _, c in wt_runs) / 2
    print(f"means: word_tokenize {wt:.1f} docs/s; " + ", ".join(f"{w} worker(s) {r:.1f} docs/s" for w, r in rates.items()))

    if args.interleaved:
        from pipeline.batch import BatchOptions

        sample = texts[:args.interleaved]
        wt_s, ours_s = bench_interleaved(sample, args.chunk_size or BatchOptions.chunk_size)
        print(f"interleaved, {len(sample)} articles, CPU time: word_tokenize {wt_s:.1f}s, batch chunks {ours_s:.1f}s; "
              f"per-worker throughput {wt_s / ours_s:.2f}x word_tokenize (target >= 0.7x)")

    one = rates.get(1)
    if one:
        print(f"per-worker throughput vs word_tokenize: {one / wt:.2f}x wall-clock, "
              f"{cpu_rates[1] / wt_cpu:.2f}x per CPU-second (target >= 0.7x)")
    if one and 2 in rates:
        print(f"scaling 1 -> 2 workers: {rates[2] / one:.2f}x wall-clock (target >= 1.7x; needs two idle cores); "
              f"CPU cost per document {cpu_rates[1] / cpu_rates[2]:.2f}x that of one worker")
    return 0


if __name__ == "__main__":
    sys.exit(main())
