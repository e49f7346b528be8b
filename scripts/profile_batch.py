"""Profile: where a one-worker batch spends its CPU time, grouped by stage.

    .venv/bin/python scripts/profile_batch.py [--n 300] [--archive PATH] [--raw FILE]

Runs `pipeline.batch.run` with one worker on the first N articles of the
archive in a fresh Python process, as `scripts/bench_batch.py` does (so the
imports are counted), under a sampling profiler driven by that process's CPU
clock: SIGPROF every
2 ms of CPU time, each sample weighted by the CPU time since the previous
one. Other jobs on a shared machine therefore do not skew the shares, as
they do those of a wall-clock sampler (py-spy counts the time a process
waits for a core). A sample taken while C code runs (numpy, the regex
engine, Arrow) is taken when that call returns, so it is charged to the
Python function that made the call.

Prints each stage's share of the samples as a Markdown table: the imports
before the run, the pipeline's loading, the tokenizer's steps, each
component, record building and the chunk's writes, and the final merge
(coverage step, DuckDB). A sample belongs to the innermost stage frame on its
stack; time spent importing a module on first use is shown apart, under the
stage that triggered it. `--raw FILE` also writes the stacks in py-spy's raw
format (flamegraph tools read it). Needs SIGPROF (Linux, macOS).
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from itertools import islice
from pathlib import Path

# Only the standard library at the top: the profiled process imports the
# pipeline (and `common`, which imports it) once sampling has started.
INTERVAL = 0.002   # seconds of CPU time between samples

# (stage, regex on one frame "qualname (path:line)"); the innermost frame that
# matches one of them owns the sample
STAGES = [
    ("tokenizer", r"^UndertheseaTokenizer\.__call__ "),
    ("component admin", r"^AdminReader\.__call__ "),
    ("component numbers", r"^NumericEntities\.__call__ "),
    ("component names", r"^NamesComponent\.__call__ "),
    ("component officials", r"^OfficialsComponent\.__call__ "),
    ("component admin_outline", r"^OutlineJoiner\.__call__ "),
    ("component themes", r"^ThemeTagger\.(_run_batch|_run_sentences|_apply|__call__) "),
    ("build_record", r"^build_record "),
    ("chunk: record_rows", r"^record_rows "),
    ("chunk: Arrow tables", r"^to_arrow "),
    ("chunk: write Parquet parts", r"^write_table "),
    ("chunk: write records.jsonl", r"^_write_jsonl "),
    ("runner: read input, ids, dates", r"^prepared_chunks "),
    ("chunk: other", r"^process_chunk "),
    ("pipeline load", r"^_worker_nlp |^default_nlp "),
    ("finalize: coverage step", r"^enrich \(pipeline/batch/coverage"),
    ("finalize: DuckDB", r"^build_database "),
    ("finalize: merge chunks", r"^merge_parts |^_atomic_concat |^finalize "),
    ("runner: job setup", r"^run \(pipeline/batch"),
]
TOKENIZER_STEPS = [
    ("CRF word segmentation", r"\(pipeline/text/(wordseg|crfsuite)\.py|^_token_normalize |^_segmenter "),
    ("syllable regex", r"^_syllables "),
    ("normalisation", r"\(pipeline/text/normalize\.py"),
    ("sentence and paragraph split", r"\(pipeline/text/segment\.py"),
]


def _short(path: str, root: str) -> str:
    for mark in ("site-packages/", f"{root}/", "/lib/python3."):
        if mark in path:
            path = path.split(mark, 1)[1]
            return path.split("/", 1)[1] if mark == "/lib/python3." else path
    return path


class CpuSampler:
    """Stacks of the main thread, sampled every `interval` of process CPU time."""

    def __init__(self, root: str, interval: float = INTERVAL):
        self.root, self.interval, self.counts, self.phase = root, interval, Counter(), "imports"
        self._last = time.process_time()

    def _sample(self, signum, frame) -> None:
        now = time.process_time()
        weight = max(1, round((now - self._last) / self.interval))
        self._last = now
        frames = []
        while frame is not None:
            code = frame.f_code
            frames.append(f"{code.co_qualname} ({_short(code.co_filename, self.root)}:{frame.f_lineno})")
            frame = frame.f_back
        frames.append(f"[{self.phase}]")
        self.counts[";".join(reversed(frames))] += weight

    def __enter__(self):
        signal.signal(signal.SIGPROF, self._sample)
        signal.setitimer(signal.ITIMER_PROF, self.interval, self.interval)
        return self

    def __exit__(self, *exc) -> None:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, signal.SIG_DFL)


def stage_of(stack: str) -> str:
    frames = stack.split(";")
    imported = any(f.startswith("_find_and_load ") for f in frames)
    stage, at = None, 0
    for i in range(len(frames) - 1, -1, -1):
        stage = next((name for name, rx in STAGES if re.search(rx, frames[i])), None)
        if stage:
            at = i
            break
    if stage is None:
        stage = "imports before the run" if frames[0] == "[imports]" else "other"
        return stage
    if stage == "tokenizer" and not imported:
        inner = frames[at + 1:]
        stage = next((f"tokenizer: {step}" for step, rx in TOKENIZER_STEPS
                      if any(re.search(rx, f) for f in inner)), "tokenizer: words to Doc")
    return f"imports on first use, in {stage}" if imported else stage


def shares(counts: Counter) -> list[tuple[str, float]]:
    by_stage: Counter = Counter()
    for stack, n in counts.items():
        by_stage[stage_of(stack)] += n
    total = sum(by_stage.values()) or 1
    return [(name, n / total) for name, n in by_stage.most_common()]


def profile_run(archive: str, out: str, raw: str, root: str) -> None:
    """In the profiled process: import the pipeline and run the batch, sampling."""
    cpu = time.process_time()
    with CpuSampler(root) as sampler:
        from pipeline import batch

        sampler.phase = "run"
        summary = batch.run(batch.BatchOptions(inputs=[archive], out=Path(out), workers=1, progress=False))
    cpu = time.process_time() - cpu
    Path(raw).write_text("".join(f"{k} {v}\n" for k, v in sampler.counts.items()), encoding="utf-8")
    print(json.dumps({"line": summary.line(), "cpu": cpu}))


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--profiled-run"]:
        profile_run(*argv[1:])
        return 0
    from common import ROOT, SHARED

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--archive", type=Path, default=SHARED / "corpora" / "baomoi-2017.jsonl.gz")
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--raw", type=Path, help="also write the sampled stacks here (py-spy raw format)")
    args = ap.parse_args(argv)
    if not args.archive.exists():
        print(f"error: {args.archive} not found (needs ../shared)", file=sys.stderr)
        return 1
    with gzip.open(args.archive, "rt", encoding="utf-8") as fh:
        articles = [json.loads(line) for line in islice(fh, args.n)]
    with tempfile.TemporaryDirectory(prefix="profile-batch-") as tmp:
        archive, raw = Path(tmp) / "articles.jsonl", Path(tmp) / "stacks.txt"
        archive.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
        done = subprocess.run([sys.executable, __file__, "--profiled-run", str(archive), str(Path(tmp) / "out"),
                               str(raw), str(ROOT)], capture_output=True, text=True, cwd=ROOT)
        if done.returncode:
            print(f"error: the profiled run failed:\n{done.stderr}", file=sys.stderr)
            return 1
        result = json.loads(done.stdout.strip().splitlines()[-1])
        counts: Counter = Counter()
        for line in raw.read_text(encoding="utf-8").splitlines():
            stack, _, n = line.rpartition(" ")
            counts[stack] += int(n)
    if args.raw:
        args.raw.write_text("".join(f"{k} {v}\n" for k, v in counts.items()), encoding="utf-8")
    print(f"{result['line']}; {result['cpu']:.1f} CPU seconds (imports included), {sum(counts.values())} samples")
    print("\n| stage | share of CPU samples |\n|---|---:|")
    for name, share in shares(counts):
        print(f"| {name} | {100 * share:.1f}% |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
