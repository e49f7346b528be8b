"""Batch runs over archives: chunked, parallel, resumable, and losing nothing.

Inputs are read in a fixed order and cut into chunks of `chunk_size` records;
chunk k always holds the same records. A worker analyses a chunk and writes
all its outputs (records, errors, one Parquet part per table) into a staging
folder, then renames it to ``OUT/chunks/NNNNNN``: the rename is the commit.
A run killed at any moment (SIGKILL included) leaves only whole chunks, and
the next run with the same ``--out`` skips them. When every chunk is there,
the chunks are merged into the outputs (``documents.jsonl``, ``errors.jsonl``,
``TABLE.parquet``, ``vnmonitor.duckdb``), each written under a temporary name
and renamed, so re-running a finished job changes nothing.

Workers are local processes (each loads the pipeline once) or the
workers of an existing Dask cluster; both run `process_chunk`, which writes
its chunk itself, so Dask workers must see ``--out`` at the same path (one
machine, or a shared file system). Only chunk numbers and summaries travel
back to the runner, and at most two chunks per worker are in flight, so
memory stays flat over any archive size.
"""
from __future__ import annotations

import fcntl
import gc
import json
import os
import re
import resource
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .dates import DateWindow, with_inferred_date
from .fingerprint import pipeline_fingerprint
from .io.inventory import InventoryChange, describe_inputs, extend, segments
from .io.readers import (DEFAULT_MAX_CHARS, FieldMap, InputError, Item, ReadOptions, count_items, iter_items,
                         read_folder_file, read_stdin)
from .io.tables import TABLE_NAMES, records_to_arrow
from .language import PART_CHARS, analyze_long, split_long  # noqa: F401  (split_long: part of batch's API)
from .record import stable_id

MANIFEST = "manifest.json"
FINISHED = "finished.json"
CHUNKS = "chunks"
TMP = ".tmp"          # every temporary file of a merge, removed on start, resume and --restart
DATABASE = "vnmonitor.duckdb"
FORMAT_VERSION = 2
# A chunk is also closed once its texts reach this many characters, so that a
# few very long documents do not make a chunk (and a worker) huge.
CHUNK_CHARS = 4_000_000
EXIT_OK, EXIT_FATAL, EXIT_SOME_FAILED = 0, 1, 3


@dataclass
class BatchOptions:
    inputs: list[str]
    out: Path
    fields: FieldMap = field(default_factory=FieldMap)
    workers: int = 0                       # 0: all cores
    chunk_size: int = 32
    engine: str = "local"                  # "local" or "dask"
    scheduler: str | None = None           # tcp://HOST:PORT for the dask engine
    connect_timeout: float = 20.0          # seconds to reach the Dask scheduler
    part_chars: int = PART_CHARS           # longer texts are analysed in parts of this size
    max_chars: int = DEFAULT_MAX_CHARS     # longer documents are refused (reported), not read
    plain_meta: dict = field(default_factory=dict)   # metadata of plain files, see ReadOptions
    progress: bool | None = None           # None: a bar on a terminal, lines otherwise; False: quiet
    progress_every: float = 10.0           # seconds between plain progress lines
    restart: bool = False                  # discard what an earlier run left in `out`
    date_window: DateWindow | None = None  # the period the archive covers: dates yearless leads

    @property
    def read(self) -> ReadOptions:
        return ReadOptions(fields=self.fields, max_chars=self.max_chars, plain_meta=self.plain_meta)

    def job(self) -> dict:
        """What identifies the job: a different one must not reuse the same folder.
        Inputs are identified by their contents (see io/inventory.py)."""
        return {"format": FORMAT_VERSION, "inputs": describe_inputs(self.inputs), "fields": asdict(self.fields),
                "chunk_size": self.chunk_size, "chunk_chars": CHUNK_CHARS, "part_chars": self.part_chars,
                "max_chars": self.max_chars, "plain_meta": {k: v for k, v in self.plain_meta.items() if v},
                "date_window": str(self.date_window) if self.date_window else None,
                "pipeline": pipeline_fingerprint()}


@dataclass
class Summary:
    documents: int = 0
    succeeded: int = 0
    failed: int = 0
    chunks: int = 0
    chunks_reused: int = 0
    reused_docs: int = 0
    seconds: float = 0.0
    rows: dict = field(default_factory=dict)
    peak_rss_mb: dict = field(default_factory=dict)   # worker -> MB
    cpu_seconds: dict = field(default_factory=dict)   # worker -> CPU time of its process so far
    already_finished: bool = False

    @property
    def exit_code(self) -> int:
        return EXIT_SOME_FAILED if self.failed else EXIT_OK

    def to_dict(self) -> dict:
        """The run's outcome as plain JSON values, for a scheduler or dashboard job to read
        (`batch --summary-json`) instead of parsing the stderr line."""
        return {"documents": self.documents, "succeeded": self.succeeded, "failed": self.failed,
                "chunks": self.chunks, "chunks_reused": self.chunks_reused, "seconds": round(self.seconds, 3),
                "rows": dict(self.rows), "exit_code": self.exit_code, "already_finished": self.already_finished}

    def line(self) -> str:
        rate = (self.documents - self.reused_docs) / self.seconds if self.seconds else 0.0
        text = (f"{self.documents} documents: {self.succeeded} succeeded, {self.failed} failed"
                f" ({self.chunks} chunks, {self.chunks_reused} reused from an earlier run)")
        if self.already_finished:
            text += "; the job had already finished, nothing changed"
        elif self.seconds:
            text += f" in {self.seconds:.1f}s ({rate:.1f} docs/s)"
        return text


# ---------------------------------------------------------------- chunks


def _error_entry(item: Item, reason: str | None = None) -> dict:
    entry = {"input": item.where, "id": item.meta.get("id"), "reason": reason or item.problem}
    m = re.match(r"^.*:(\d+)(?: \(id .*\))?$", item.where)
    if m:
        entry["line"] = int(m[1])
    return entry


def _segment_items(inputs: list[dict], segment: int, opts: BatchOptions) -> Iterator[Item]:
    """The items of one segment of the job, in input order."""
    read = opts.read
    for entry in inputs:
        if entry["kind"] == "folder":
            folder = Path(entry["path"])
            for f in entry["files"]:
                if f["segment"] == segment:
                    yield from read_folder_file(folder / f["path"], folder, read)
        elif segment == 0:
            yield from (read_stdin(read) if entry["kind"] == "stdin" else iter_items(entry["path"], opts=read))


def prepared_chunks(opts: BatchOptions, inputs: list[dict] | None = None) -> Iterator[tuple[int, list[dict]]]:
    """(chunk number, entries) in input order; an entry is a document to
    analyse ({"text", "meta", "where"}) or an error ({"error": {...}}).

    `inputs` is the job's inventory (default: the inputs as they are now).
    Each segment (the files a folder gained since the job began) starts a new
    chunk, so chunks committed by earlier runs keep their contents.
    Ids are made unique here, over the whole job: a record without an id gets
    one from its text, and a second record with an id already seen is an error.
    """
    inputs = inputs if inputs is not None else describe_inputs(opts.inputs)
    seen: dict[str, str] = {}
    entries: list[dict] = []
    chars = 0
    chunk_no = 0
    for segment in range(segments(inputs)):
        for item in _segment_items(inputs, segment, opts):
            if item.problem:
                entries.append({"error": _error_entry(item)})
            else:
                meta = dict(item.meta)
                meta["id"] = meta.get("id") or stable_id(item.text)
                if meta["id"] in seen:
                    entries.append({"error": _error_entry(
                        item, f"duplicate id {meta['id']!r} (first at {seen[meta['id']]})")})
                else:
                    seen[meta["id"]] = item.where
                    chars += len(item.text)
                    entries.append({"text": item.text, "meta": with_inferred_date(meta, item.text, opts.date_window),
                                    "where": item.where})
            if len(entries) == opts.chunk_size or chars >= CHUNK_CHARS:
                yield chunk_no, entries
                chunk_no += 1
                entries, chars = [], 0
        if entries:
            yield chunk_no, entries
            chunk_no += 1
            entries, chars = [], 0


_NLP = None


def _worker_nlp():
    """The pipeline, loaded once per worker process."""
    global _NLP
    if _NLP is None:
        from .language import default_nlp

        _NLP = default_nlp()
    return _NLP


def _analyse(entries: list[dict], nlp, part_chars: int) -> tuple[list[tuple[dict, str]], list[dict]]:
    from .language import analyze, analyze_many

    docs = [e for e in entries if "error" not in e]
    results: dict[int, tuple[dict, str] | dict] = {}
    short = [(i, e) for i, e in enumerate(docs) if len(e["text"]) <= part_chars]
    try:
        records = list(analyze_many(((e["text"], e["meta"]) for _, e in short), nlp=nlp))
        for (i, e), rec in zip(short, records):
            results[i] = (rec, e["text"])
    except Exception:  # find the document that broke the pipeline, keep the rest
        for i, e in short:
            try:
                results[i] = (analyze(e["text"], nlp=nlp, **e["meta"]), e["text"])
            except Exception as exc:
                results[i] = {"input": e["where"], "id": e["meta"]["id"],
                              "reason": f"pipeline error: {type(exc).__name__}: {exc}"}
    for i, e in enumerate(docs):
        if i in results:
            continue
        try:
            results[i] = (analyze_long(e["text"], e["meta"], nlp, part_chars), e["text"])
        except Exception as exc:
            results[i] = {"input": e["where"], "id": e["meta"]["id"],
                          "reason": f"pipeline error: {type(exc).__name__}: {exc}"}
    ok, errors = [], [e["error"] for e in entries if "error" in e]
    for i in range(len(docs)):
        (errors if isinstance(results[i], dict) else ok).append(results[i])
    return ok, errors


def _write_jsonl(path: Path, rows: Iterable[dict]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def _usage() -> dict:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
            "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3)}


class PipelineMismatch(RuntimeError):
    """A worker whose pipeline (code, config, models) is not the runner's."""


def process_chunk(out: str, chunk_no: int, entries: list[dict], part_chars: int = PART_CHARS,
                  pipeline: str | None = None) -> dict:
    """Analyse one chunk and commit its outputs under OUT/chunks/NNNNNN.

    Runs in a worker (local process or Dask worker). Returns the chunk's
    summary; committing a chunk that another process committed first is a
    no-op, the contents being the same. With `pipeline` (the runner's
    fingerprint), a worker running another pipeline refuses the chunk.
    """
    from .io.parquet import write_table

    if pipeline is not None and pipeline != pipeline_fingerprint():
        raise PipelineMismatch(f"worker {os.uname().nodename}:{os.getpid()} runs pipeline {pipeline_fingerprint()}, "
                               f"the runner {pipeline}: install the same vnmonitor checkout on every worker")
    started = time.perf_counter()
    chunks = Path(out) / CHUNKS
    final = chunks / f"{chunk_no:06d}"
    ok, errors = _analyse(entries, _worker_nlp(), part_chars)
    stage = chunks / f".{chunk_no:06d}.{os.getpid()}.tmp"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    _write_jsonl(stage / "records.jsonl", (rec for rec, _ in ok))
    _write_jsonl(stage / "errors.jsonl", errors)
    for name, table in records_to_arrow(ok).items():
        write_table(table, stage / f"{name}.parquet")
    summary = {"chunk": chunk_no, "documents": len(entries), "succeeded": len(ok), "failed": len(errors),
               "seconds": round(time.perf_counter() - started, 3), "worker": f"{os.uname().nodename}:{os.getpid()}",
               **_usage()}
    (stage / "chunk.json").write_text(json.dumps(summary))
    try:
        os.rename(stage, final)
    except OSError:
        if not (final / "chunk.json").exists():
            raise
        shutil.rmtree(stage, ignore_errors=True)
    return summary


def committed_chunks(out: Path) -> dict[int, dict]:
    found = {}
    for d in (out / CHUNKS).glob("[0-9]" * 6):
        summary = d / "chunk.json"
        if summary.exists():
            found[int(d.name)] = json.loads(summary.read_text())
    return found


# ---------------------------------------------------------------- engines


# The pipeline allocates many short-lived objects per document; with the
# default thresholds the collector runs every 700 of them and rescans the
# loaded models each time it reaches the oldest generation. Freezing what is
# loaded and collecting less often saved about 8% of a worker's CPU time
# (four alternating runs of 200 articles each way).
GC_THRESHOLDS = (50_000, 20, 100)


def _tune_gc() -> tuple[int, int, int]:
    """Freeze the objects alive now (the loaded pipeline) and raise the
    collection thresholds; return the previous thresholds."""
    previous = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    return previous


def _run_inline(tasks, opts):
    previous = None
    try:
        for chunk_no, entries in tasks:
            if previous is None:
                previous = _init_worker()
            yield process_chunk(str(opts.out), chunk_no, entries, opts.part_chars, pipeline_fingerprint())
    finally:   # this is the caller's process: give its collector back
        if previous is not None:
            gc.set_threshold(*previous)
            gc.unfreeze()


def _init_worker() -> tuple[int, int, int]:
    """Load the pipeline and tune the collector; return the previous thresholds."""
    _worker_nlp()
    return _tune_gc()


def _init_pool_worker() -> None:
    """`_init_worker` in a pool process, which also skips the interpreter's
    teardown when the pool lets it go: every chunk it ran is committed by
    then, and freeing a loaded pipeline object by object costs about a CPU
    second that the final merge is waiting for."""
    from multiprocessing.util import Finalize

    _init_worker()
    sys.stdout.flush()
    Finalize(None, os._exit, args=(0,), exitpriority=-100)


def _pool_context():
    """fork where that is safe (Linux, and no other thread in this process),
    else spawn. A forked worker starts with the modules this process already
    imported (spaCy, this package); a spawned one imports them again, about
    two seconds per worker before its first chunk."""
    import multiprocessing
    import threading

    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _run_processes(tasks, opts, workers: int):
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    ctx = _pool_context()
    pending = set()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_pool_worker)
    if ctx.get_start_method() == "fork":
        pool.submit(int)  # fork every worker now, before reading the input starts threads here
    try:
        for chunk_no, entries in tasks:
            pending.add(pool.submit(process_chunk, str(opts.out), chunk_no, entries, opts.part_chars,
                                    pipeline_fingerprint()))
            if len(pending) >= 2 * workers:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    yield fut.result()
        for fut in _as_completed(pending):
            yield fut.result()
    except BaseException:
        # stop now (Ctrl-C, a failed chunk): chunks not started are left to the next run
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    # every chunk is committed: the outputs can be merged while the workers exit
    # (tearing down a loaded pipeline takes about a second)
    pool.shutdown(wait=False)


def _as_completed(futures):
    from concurrent.futures import as_completed

    return as_completed(futures)


def _run_dask(tasks, opts):
    from .extras import require

    distributed = require("distributed", "dask", "--engine dask")
    Client, as_completed = distributed.Client, distributed.as_completed

    try:
        client = Client(opts.scheduler, timeout=f"{opts.connect_timeout}s")
    except (OSError, TimeoutError) as exc:
        raise InputError(f"cannot reach the Dask scheduler at {opts.scheduler}: {exc}") from None
    try:
        limit = 2 * max(1, sum(client.nthreads().values()))
        pending = as_completed()
        n_pending = 0
        for chunk_no, entries in tasks:
            pending.add(client.submit(process_chunk, str(opts.out.resolve()), chunk_no, entries,
                                      opts.part_chars, pipeline_fingerprint(), pure=False, key=f"vnmonitor-chunk-{chunk_no}-{os.getpid()}"))
            n_pending += 1
            if n_pending >= limit:
                yield next(pending).result()
                n_pending -= 1
        for fut in pending:
            yield fut.result()
    finally:
        client.close()


# ---------------------------------------------------------------- progress


class Progress:
    """A tqdm bar on a terminal, a plain line every `every` seconds otherwise
    (`mode` None); `mode` True forces the bar, False silences both."""

    def __init__(self, total: int | None, done: int, mode: bool | None, every: float, stream=None):
        self.stream = stream or sys.stderr
        self.total, self.done, self.every = total, done, every
        self.start_done = done
        self.started = self.last = time.monotonic()
        self.quiet = mode is False
        self.bar = None
        if mode or (mode is None and self.stream.isatty()):
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked only from a single thread
            self.bar = tqdm(total=total, initial=done, unit="doc", desc="batch", file=self.stream,
                            dynamic_ncols=True, smoothing=0.1)

    def update(self, n: int) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
            return
        if self.quiet:
            return
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self.stream.write(self.line() + "\n")
            self.stream.flush()

    def line(self) -> str:
        elapsed = time.monotonic() - self.started
        rate = (self.done - self.start_done) / elapsed if elapsed > 0 else 0.0
        total = f"/{self.total}" if self.total else ""
        text = f"batch: {self.done}{total} documents, {rate:.1f} docs/s"
        if self.total and rate > 0:
            text += f", ETA {int(max(self.total - self.done, 0) / rate)}s"
        return text

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


# ---------------------------------------------------------------- the run


def describe_job_change(old: dict, new: dict, limit: int = 6) -> str:
    """What differs between the job an output folder holds and the one asked for, in words.

    A refused resume is only actionable when it names what changed ("inputs[0]
    size 123 -> 456", "chunk_size 32 -> 64"): the user then knows whether to
    put the old input back or to --restart. The pipeline fingerprint is named,
    not shown, as its hash means nothing to a reader. Works on any nesting of
    dicts and lists, so new job keys are described without changes here; at
    most `limit` changes are listed.
    """
    def show(value) -> str:
        if isinstance(value, dict) and "path" in value:   # an input entry: its path says which
            value = value["path"]
        text = json.dumps(value, ensure_ascii=False, default=str)
        return text if len(text) <= 60 else text[:57] + "..."

    changes: list[str] = []

    def walk(label: str, a, b) -> None:
        if a == b:
            return
        if label == "pipeline":
            changes.append("pipeline fingerprint (code, config, models, lexicons or library versions)")
        elif isinstance(a, dict) and isinstance(b, dict):
            for key in [*b, *(k for k in a if k not in b)]:
                sub = f"{label} {key}" if label else str(key)
                if key not in a:
                    changes.append(f"{sub} added ({show(b[key])})")
                elif key not in b:
                    changes.append(f"{sub} removed (was {show(a[key])})")
                else:
                    walk(sub, a[key], b[key])
        elif isinstance(a, list) and isinstance(b, list):
            for i, (x, y) in enumerate(zip(a, b)):
                where = f"{label}[{i}]"
                if isinstance(x, dict) and isinstance(y, dict) and x.get("path") and x.get("path") == y.get("path"):
                    where += f" ({x['path']})"
                walk(where, x, y)
            changes.extend(f"{label}[{i}] added ({show(b[i])})" for i in range(len(a), len(b)))
            changes.extend(f"{label}[{i}] removed (was {show(a[i])})" for i in range(len(b), len(a)))
        else:
            changes.append(f"{label} {show(a)} -> {show(b)}")

    walk("", old, new)
    if len(changes) > limit:
        changes[limit:] = [f"and {len(changes) - limit} more"]
    return "; ".join(changes) or "no difference"


def _write_json(path: Path, obj) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(obj, indent=2))
    os.replace(tmp, path)


def _read_manifest(out: Path, job: dict) -> dict:
    """The job this run continues: `job` itself when `out` is new or holds the
    same job, or the recorded job grown by the files its folders gained.
    Anything else is refused with what changed."""
    path = out / MANIFEST
    if not path.exists():
        _write_json(path, job)
        return job
    try:
        old = json.loads(path.read_text())
    except json.JSONDecodeError:
        old = None
    if old == job:
        return job
    if not isinstance(old, dict):
        raise InputError(f"{out}: its manifest is unreadable; use --restart to start over, or another --out folder")
    if {**old, "pipeline": job["pipeline"]} == job:
        raise InputError(f"{out} holds results of another version of the pipeline (its code, config, models "
                         f"or lexicons changed since); use --restart to discard them, or another --out folder")
    same_options = {k: v for k, v in old.items() if k not in ("inputs", "pipeline")} == \
        {k: v for k, v in job.items() if k not in ("inputs", "pipeline")}
    if same_options and old.get("pipeline") == job["pipeline"]:
        try:
            grown = {**job, "inputs": extend(old["inputs"], job["inputs"])}
        except InventoryChange as exc:
            raise InputError(f"{out} holds the results of a different job: {exc}; use --restart to discard "
                             f"them, or another --out folder") from None
        _write_json(path, grown)
        return grown
    raise InputError(f"{out} holds the results of a different job: {describe_job_change(old, job)}; use --restart "
                     f"to discard them, or another --out folder")


def _inputs_digest(job: dict) -> str:
    """A short fingerprint of what the job's inputs hold (a grown folder changes it)."""
    import hashlib

    return hashlib.sha256(json.dumps(job["inputs"], sort_keys=True).encode()).hexdigest()[:16]


def _clear(out: Path) -> None:
    """Remove what batch runs write in `out` (and nothing else)."""
    shutil.rmtree(out / CHUNKS, ignore_errors=True)
    for path in [out / MANIFEST, out / FINISHED, *output_files(out)]:
        path.unlink(missing_ok=True)
    _clear_temporaries(out)


def _clear_temporaries(out: Path) -> None:
    """Temporary files a killed or failed run left: the merge's folder, staged
    chunks, and the dot-files of earlier versions."""
    shutil.rmtree(out / TMP, ignore_errors=True)
    for stale in (out / CHUNKS).glob(".*.tmp"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in [*out.glob(".*.tmp"), *out.glob(".*.tmp.wal")]:
        stale.unlink(missing_ok=True)


_HELD_LOCKS: set = set()


def _drop_inherited_locks() -> None:
    """In a forked worker: close its copies of the runner's lock files (without
    unlocking), so that the lock ends with the runner, not with its last worker."""
    for fh in _HELD_LOCKS:
        fh.close()
    _HELD_LOCKS.clear()


os.register_at_fork(after_in_child=_drop_inherited_locks)


def _lock(out: Path):
    fh = open(out / ".lock", "w")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.close()
        raise InputError(f"another batch run is writing to {out}") from None
    _HELD_LOCKS.add(fh)
    return fh


def _unlock(fh) -> None:
    _HELD_LOCKS.discard(fh)
    fh.close()


def _atomic_concat(out_path: Path, parts: list[Path], tmp_dir: Path) -> None:
    tmp = tmp_dir / out_path.name
    with open(tmp, "wb") as dst:
        for part in parts:
            with open(part, "rb") as src:
                shutil.copyfileobj(src, dst)
    os.replace(tmp, out_path)


def output_files(out: Path) -> list[Path]:
    return ([out / "documents.jsonl", out / "errors.jsonl", out / DATABASE]
            + [out / f"{name}.parquet" for name in TABLE_NAMES])


def finalize(out: Path, chunks: dict[int, dict]) -> dict[str, int]:
    """Merge committed chunks into the outputs; return table row counts.

    The database reads the chunks' parts itself, so it is built while the
    Parquet tables are merged (threads: both libraries work without the GIL).
    """
    from concurrent.futures import ThreadPoolExecutor

    from .io.duckdb_store import build_database
    from .io.parquet import merge_parts

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


def run(opts: BatchOptions) -> Summary:
    """Run (or resume, or confirm) a batch job; raise InputError for user errors."""
    started = time.perf_counter()
    out = Path(opts.out)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder")
    (out / CHUNKS).mkdir(parents=True, exist_ok=True)
    for path in opts.inputs:
        if str(path) != "-" and not Path(path).exists():
            raise InputError(f"{path}: no such file or directory")
    lock = _lock(out)
    try:
        if opts.restart:
            _clear(out)
            (out / CHUNKS).mkdir(parents=True, exist_ok=True)
        _clear_temporaries(out)
        job = _read_manifest(out, opts.job())
        done = committed_chunks(out)
        finished = out / FINISHED
        if finished.exists() and all(p.exists() for p in output_files(out)):
            state = json.loads(finished.read_text())
            if state.get("chunks") == sorted(done) and state.get("inputs") == _inputs_digest(job):
                summary = _summarise(done, Summary(already_finished=True, chunks_reused=len(done),
                                                   rows=state.get("rows", {})))
                summary.reused_docs = summary.documents
                return summary

        summary = Summary(chunks_reused=len(done))
        summary.reused_docs = sum(c["documents"] for c in done.values())
        total = None
        if len(opts.inputs) and "-" not in opts.inputs:
            counts = [count_items(p) for p in opts.inputs]
            total = sum(counts) if None not in counts else None
        progress = Progress(total, summary.reused_docs, opts.progress, opts.progress_every)

        def todo():
            for chunk_no, entries in prepared_chunks(opts, job["inputs"]):
                if chunk_no not in done:
                    yield chunk_no, entries

        workers = opts.workers or os.cpu_count() or 1
        if total is not None:   # no process to start for chunks that do not exist
            workers = max(1, min(workers, -(-(total - summary.reused_docs) // opts.chunk_size)))
        if opts.engine == "dask":
            if not opts.scheduler:
                raise InputError("--engine dask needs --scheduler tcp://HOST:PORT")
            results = _run_dask(todo(), opts)
        elif workers == 1:
            results = _run_inline(todo(), opts)
        else:
            results = _run_processes(todo(), opts, workers)
        try:
            for chunk in results:
                done[chunk["chunk"]] = chunk
                progress.update(chunk["documents"])
                worker = chunk["worker"]
                summary.peak_rss_mb[worker] = max(summary.peak_rss_mb.get(worker, 0), chunk["peak_rss_mb"])
                summary.cpu_seconds[worker] = max(summary.cpu_seconds.get(worker, 0), chunk["cpu_seconds"])
        except PipelineMismatch as exc:
            raise InputError(str(exc)) from None
        finally:
            progress.close()
        summary.rows = finalize(out, done)
        state = {"chunks": sorted(done), "rows": summary.rows, "inputs": _inputs_digest(job)}
        _write_json(out / FINISHED, state)
        shutil.rmtree(out / TMP, ignore_errors=True)
        summary.seconds = time.perf_counter() - started
        return _summarise(done, summary)
    finally:
        _unlock(lock)
