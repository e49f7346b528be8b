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

The modules, in the order of a run: `job` (options, manifest, lock, output
files), `chunks` (cutting and committing), `engines` (inline, processes,
Dask), `progress`, `merge` (chunks into the outputs); `run` here ties them.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

from ..io.inventory import extend  # noqa: F401  (part of batch's API)
from ..io.outdir import MARK, mark_output
from ..io.readers import InputError, count_items, written_by_a_run
from ..language import analyze_long, split_long  # noqa: F401  (part of batch's API)
from .chunks import PipelineMismatch, _worker_nlp, committed_chunks, prepared_chunks, process_chunk  # noqa: F401
from .engines import _pool_context, _run_dask, _run_inline, _run_processes, check_scheduler_address  # noqa: F401
from .job import (CHUNKS, DATABASE, EXIT_FATAL, EXIT_OK, EXIT_SOME_FAILED, FINISHED, MANIFEST, TMP,  # noqa: F401
                  BatchOptions, Summary, _clear, _clear_temporaries, _inputs_digest, _lock, _read_manifest,
                  _unlock, _write_json, describe_job_change, output_files)
from .coverage import check_story_index, coverage_digest, read_alias_files
from .merge import _summarise, finalize
from .progress import Progress


def _refuse_nested_inputs(inputs: list[str]) -> None:
    """An input inside a folder input (`batch clips clips/sub`) would be read twice, under two ids.
    Each input is resolved once and looked up among the others (a shell glob names thousands)."""
    first: dict[Path, str] = {}
    for raw in inputs:
        if str(raw) == "-":
            continue
        path = Path(raw).resolve()
        if path in first:
            raise InputError(f"{first[path]} and {raw} are the same input: its files would be read twice")
        first[path] = raw
    folders = {path: raw for path, raw in first.items() if path.is_dir()}
    for path, raw in first.items():
        outer = next((p for p in path.parents if p in folders), None)
        if outer is not None:
            raise InputError(f"{raw} is inside {folders[outer]}, another input: its files would be read twice")


def _a_runs_folder(out: Path) -> bool:
    """`out` is a batch run's folder: its mark, or (an older version's) a run's manifest."""
    return (out / MARK).exists() or written_by_a_run(out / MANIFEST)


def _refuse_foreign_files(out: Path) -> None:
    """A folder no batch run wrote (no manifest, no mark) that holds a file of an output's name
    (`documents.jsonl`, `entities.parquet`): the run would replace the user's file."""
    if not out.is_dir() or _a_runs_folder(out):
        return
    theirs = [p.name for p in [out / MANIFEST, *output_files(out), out / CHUNKS, out / TMP] if p.exists()]
    if theirs:
        raise InputError(f"{out} holds {theirs[0]}, which no batch run wrote and this one would replace; "
                         f"give a new or empty --out folder")


def _refuse_an_output_inside_an_input(inputs: list[str], out: Path) -> None:
    """An --out folder inside an input folder is left out of that folder's files (its outputs are not
    documents): files of the user's already in it would silently not be read."""
    if not out.is_dir() or _a_runs_folder(out):
        return
    resolved = out.resolve()
    for raw in inputs:
        if str(raw) == "-" or not Path(raw).is_dir():
            continue
        folder = Path(raw).resolve()
        if folder == resolved or folder in resolved.parents:
            held = next((p for p in sorted(out.rglob("*")) if p.is_file()), None)
            if held is not None:
                raise InputError(f"--out {out} lies inside the input folder {raw} and holds {held.relative_to(out)}, "
                                 f"which would not be read: give an --out folder outside the inputs, or an empty one")


def _refuse_outputs_as_inputs(inputs: list[str], out: Path) -> None:
    """An input that is one of the files the run writes (`documents.jsonl` given with `--out .`), lies
    in its chunks, or is the output folder itself would be overwritten or read back as documents."""
    out = out.resolve()
    written = {p.resolve() for p in [out / MANIFEST, out / FINISHED, *output_files(out)]}
    for raw in inputs:
        if str(raw) == "-":
            continue
        path = Path(raw).resolve()
        if path in (out, out / CHUNKS, out / TMP) or path in written or out / CHUNKS in path.parents \
                or out / TMP in path.parents:
            raise InputError(f"{raw}: this is what the run writes in --out {out}; give another --out folder "
                             f"(or move the input out of it)")


def run(opts: BatchOptions) -> Summary:
    """Run (or resume, or confirm) a batch job; raise InputError for user errors."""
    started = time.perf_counter()
    out = Path(opts.out)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder")
    blocking = next((p for p in out.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise InputError(f"{out}: {blocking} is a file, not a folder")
    for path in opts.inputs:
        if str(path) != "-" and not Path(path).exists():
            raise InputError(f"{path}: no such file or directory")
        if str(path) != "-" and not (Path(path).is_file() or Path(path).is_dir()):
            # /dev/stdin, <(cmd): read once to fingerprint the job, it would be empty when read for the work
            raise InputError(f"{path}: a pipe or device, not a file: give - to read standard input (JSON "
                             f"Lines, a record a line, or else one document), or save the input to a file")
    if opts.engine == "dask" and not opts.scheduler:   # refused before `out` holds anything of this job
        raise InputError("--engine dask needs --scheduler tcp://HOST:PORT")
    if opts.engine == "dask":
        check_scheduler_address(opts.scheduler)
    _refuse_outputs_as_inputs(opts.inputs, out)
    _refuse_nested_inputs(opts.inputs)
    _refuse_foreign_files(out)
    _refuse_an_output_inside_an_input(opts.inputs, out)
    try:
        (out / CHUNKS).mkdir(parents=True, exist_ok=True)
        mark_output(out)
    except OSError as exc:   # before the run holds anything: there is nothing to resume
        raise InputError(f"{out}: cannot create the output folder here ({exc.strerror}); give another --out") \
            from None
    lock = _lock(out)
    try:
        if opts.restart:
            _clear(out)
            (out / CHUNKS).mkdir(parents=True, exist_ok=True)
        _clear_temporaries(out)
        read_alias_files(opts.aliases, opts.on_warning)   # a malformed alias line stops the run before any work
        check_story_index(opts.story_index)   # and so does a file that is no story index
        cov = coverage_digest(opts.aliases, opts.story_index)
        aliases = [str(Path(a).resolve()) for a in opts.aliases or ()]   # what finished.json records
        job = _read_manifest(out, opts.job())
        done = committed_chunks(out)
        finished = out / FINISHED
        if finished.exists() and all(p.exists() for p in output_files(out)):
            state = json.loads(finished.read_text())
            _say_aliases_changed(state.get("aliases"), aliases, opts)
            if (state.get("chunks") == sorted(done) and state.get("inputs") == _inputs_digest(job)
                    and state.get("coverage", cov) == cov):
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
        # the merge replaces the outputs: an earlier run's mark must not vouch for a merge this run
        # starts and a kill interrupts
        finished.unlink(missing_ok=True)
        summary.rows = finalize(out, done, aliases=opts.aliases, story_index=opts.story_index)
        state = {"chunks": sorted(done), "rows": summary.rows, "inputs": _inputs_digest(job), "coverage": cov,
                 "aliases": aliases}
        _write_json(out / FINISHED, state)
        _clear_temporaries(out)   # the merge's folder, and what a killed worker staged
        summary.seconds = time.perf_counter() - started
        return _summarise(done, summary)
    finally:
        _unlock(lock)


def _say_aliases_changed(before, now, opts) -> None:
    """A finished output whose ids were computed with alias files, run again without them (a daily
    command that forgot the flag), has its ids recomputed without them: say so."""
    dropped = [a for a in before or () if a not in now]
    if dropped and opts.on_warning is not None:
        opts.on_warning(str(opts.out), f"the ids were computed with --aliases {', '.join(dropped)} before; this run "
                                       f"recomputes them without (give the same --aliases to keep them)")
