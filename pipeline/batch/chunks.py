"""Chunks: the records of a job cut in a fixed order, each analysed and committed whole.

Chunk k always holds the same records. `process_chunk` writes all of a chunk's
outputs (records, errors, one Parquet part per table) into a staging folder and
renames it to ``OUT/chunks/NNNNNN``: the rename is the commit, so a run killed
at any moment leaves only whole chunks.
"""
from __future__ import annotations

import json
import os
import re
import resource
import shutil
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from ..entities.dates import with_inferred_date
from ..fingerprint import pipeline_fingerprint
from ..io.inventory import describe_inputs, segments
from ..io.readers import (DOCUMENT_READERS, InputError, Item, iter_items, printable_name, read_folder_file,
                          read_stdin)
from ..io.readers.streams import _base_suffix
from ..io.tables import records_to_arrow
from ..language import PART_CHARS, analyze_long, theme_taxonomy
from ..output.record import document_id
from .job import CHUNK_CHARS, CHUNKS, BatchOptions

def _error_entry(item: Item, reason: str | None = None) -> dict:
    entry = {"input": item.where, "id": item.meta.get("id"), "reason": reason or item.problem}
    m = re.match(r"^.*:(\d+)(?: \(id .*\))?$", item.where)
    if m:
        entry["line"] = int(m[1])
    return entry


def _input_items(entry: dict, read) -> Iterator[Item]:
    """The items of a file or stdin input; a problem with the input as a whole (not JSON, an unreadable
    Parquet file, a CSV header that cannot be read) is one problem item after the records read before it,
    so the run goes on with the other inputs."""
    try:
        yield from (read_stdin(read) if entry["kind"] == "stdin" else iter_items(entry["path"], opts=read))
    except InputError as exc:
        yield Item(None, {}, entry["path"], str(exc).removeprefix(f"{entry['path']}: "))
    except OSError as exc:
        yield Item(None, {}, entry["path"], exc.strerror or str(exc))


def unique_labels(paths: list[str]) -> dict[str, str]:
    """Each path's shortest trailing part that no other path ends with ("a/d" and "b/d" are "a/d" and
    "b/d", "x/d1" and "x/d2" are "d1" and "d2")."""
    parts = {p: Path(p).parts for p in paths}
    depth = dict.fromkeys(paths, 1)
    while True:
        labels = {p: "/".join(parts[p][-depth[p]:]) for p in paths}
        used = Counter(labels.values())
        clash = [p for p in paths if used[labels[p]] > 1 and depth[p] < len(parts[p])]
        if not clash:
            return {p: printable_name(label) for p, label in labels.items()}
        for p in clash:
            depth[p] += 1


def _segment_items(inputs: list[dict], segment: int, read) -> Iterator[Item]:
    """The items of one segment of the job, in input order. With more than one folder, a folder file's
    id starts with its folder's name ("d1/report.txt", "d2/report.txt"; "a/d/report.txt" when two
    folders are both named "d"), and plain files given by name that share one are told apart the same
    way ("x/r.txt", "y/r.txt"): no file is set aside as a duplicate of another. `read`: the job's
    ReadOptions."""
    folders = [e["path"] for e in inputs if e["kind"] == "folder"]
    prefixes = unique_labels(folders) if len(folders) > 1 else {}
    plain = [e["path"] for e in inputs if e["kind"] == "file" and _base_suffix(Path(e["path"])) in DOCUMENT_READERS]
    names = Counter(Path(p).name for p in plain)
    clashing = unique_labels([p for p in plain if names[Path(p).name] > 1])
    for entry in inputs:
        if entry["kind"] == "folder":
            folder = Path(entry["path"])
            for f in entry["files"]:
                if f["segment"] == segment:
                    for item in read_folder_file(folder / f["path"], folder, read):
                        if entry["path"] in prefixes and item.meta.get("id"):
                            item.meta["id"] = f"{prefixes[entry['path']]}/{item.meta['id']}"
                            item.meta.update(read.plain_meta.get(item.meta["id"], {}))   # a sidecar row "d1/r.txt"
                        yield item
        elif segment == 0:
            for item in _input_items(entry, read):
                if entry["path"] in clashing and item.meta.get("id"):
                    item.meta["id"] = clashing[entry["path"]]
                yield item


def recorded_sizes(inputs: list[dict]) -> dict[str, int]:
    """Resolved path -> size of every file the job's inventory recorded (its folders' files too): a
    file appended to while the job reads it is read as recorded."""
    sizes = {e["path"]: e["size"] for e in inputs if e["kind"] == "file" and "size" in e}
    for e in inputs:
        if e["kind"] == "folder":
            sizes.update({str((Path(e["path"]) / f["path"]).resolve()): f["size"] for f in e["files"] if "size" in f})
    return sizes


def prepared_chunks(opts: BatchOptions, inputs: list[dict] | None = None) -> Iterator[tuple[int, list[dict]]]:
    """(chunk number, entries) in input order; an entry is a document to
    analyse ({"text", "meta", "where"}) or an error ({"error": {...}}).

    `inputs` is the job's inventory (default: the inputs as they are now).
    Each segment (the files a folder gained since the job began) starts a new
    chunk, so chunks committed by earlier runs keep their contents.
    Ids are made unique here, over the whole job: a record without an id gets
    one from its text, and a second record with an id already seen is an error.
    """
    inputs = inputs if inputs is not None else describe_inputs(opts.inputs, opts.skip)
    read = replace(opts.read, sizes=recorded_sizes(inputs))
    seen: dict[str, str] = {}
    entries: list[dict] = []
    chars = 0
    chunk_no = 0
    for segment in range(segments(inputs)):
        for item in _segment_items(inputs, segment, read):
            if opts.on_warning is not None:
                for warning in item.warnings:
                    opts.on_warning(item.where, warning)
            if item.problem:
                entries.append({"error": _error_entry(item)})
            else:
                meta = dict(item.meta)
                meta["id"] = document_id(meta.get("id"), item.text, meta)
                if meta["id"] in seen:
                    same = " (two file names that read alike: composed and decomposed accents, or bytes " \
                           "that are not UTF-8; rename one)" if seen[meta["id"]] == item.where else ""
                    entries.append({"error": _error_entry(
                        item, f"duplicate id {meta['id']!r} (first at {seen[meta['id']]}){same}")})
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


_NLP: dict = {}


def _worker_nlp(themes_model: str | None = None):
    """The pipeline, loaded once per worker process (with another theme model when one is given)."""
    nlp = _NLP.get(themes_model)
    if nlp is None:
        from ..language import default_nlp, load

        nlp = _NLP[themes_model] = load(**{"components.themes.model_dir": themes_model}) if themes_model \
            else default_nlp()
    return nlp


def _analyse(entries: list[dict], nlp, part_chars: int) -> tuple[list[tuple[dict, str]], list[dict]]:
    from ..language import analyze, analyze_many

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
    for i, e in enumerate(docs):
        if not isinstance(results[i], dict):
            try:   # a record the outputs cannot hold is that document's error, not the chunk's
                json.dumps(results[i][0], ensure_ascii=False).encode("utf-8")
            except (ValueError, TypeError, OverflowError) as exc:
                results[i] = {"input": e["where"], "id": e["meta"]["id"],
                              "reason": f"output error: {type(exc).__name__}: {exc}"}
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
                  pipeline: str | None = None, themes_model: str | None = None) -> dict:
    """Analyse one chunk and commit its outputs under OUT/chunks/NNNNNN.

    Runs in a worker (local process or Dask worker). Returns the chunk's
    summary; committing a chunk that another process committed first is a
    no-op, the contents being the same. With `pipeline` (the runner's
    fingerprint), a worker running another pipeline refuses the chunk.
    """
    from ..coverage.stories import SIGNATURES, save_signatures, signature
    from ..io.parquet import write_table

    if pipeline is not None and pipeline != pipeline_fingerprint():
        raise PipelineMismatch(f"worker {os.uname().nodename}:{os.getpid()} runs pipeline {pipeline_fingerprint()}, "
                               f"the runner {pipeline}: restart the workers (a worker keeps the pipeline it loaded when "
                               f"it started, and the code, models or lexicons changed since), and install the same "
                               f"vnmonitor checkout on every machine")
    started = time.perf_counter()
    chunks = Path(out) / CHUNKS
    final = chunks / f"{chunk_no:06d}"
    nlp = _worker_nlp(themes_model)
    ok, errors = _analyse(entries, nlp, part_chars)
    stage = chunks / f".{chunk_no:06d}.{os.getpid()}.tmp"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    _write_jsonl(stage / "records.jsonl", (rec for rec, _ in ok))
    _write_jsonl(stage / "errors.jsonl", errors)
    # the stories' MinHash signatures: computed here, in parallel, rather than by the central coverage step
    save_signatures(stage / SIGNATURES, {rec["id"]: signature(text, rec.get("title")) for rec, text in ok})
    # the themes table: the taxonomy this worker's pipeline classified into (the merge keeps one copy)
    for name, table in records_to_arrow(ok, taxonomy=theme_taxonomy(nlp)).items():
        write_table(table, stage / f"{name}.parquet")
    summary = {"chunk": chunk_no, "documents": len(entries), "succeeded": len(ok), "failed": len(errors),
               "seconds": round(time.perf_counter() - started, 3), "worker": f"{os.uname().nodename}:{os.getpid()}",
               **_usage()}
    (stage / "chunk.json").write_text(json.dumps(summary))
    try:
        os.rename(stage, final)
    except OSError:
        if (final / "chunk.json").exists():      # committed meanwhile by another worker
            shutil.rmtree(stage, ignore_errors=True)
        elif final.is_dir():                     # what a removal a kill interrupted left: no summary, not done
            shutil.rmtree(final)
            os.rename(stage, final)
        else:
            raise
    return summary


def committed_chunks(out: Path) -> dict[int, dict]:
    """Chunk number -> summary of every chunk committed under `out` (a staged one is not)."""
    found = {}
    for d in (out / CHUNKS).glob("[0-9]" * 6):
        summary = d / "chunk.json"
        if summary.exists():
            found[int(d.name)] = json.loads(summary.read_text())
    return found
