"""A batch job's identity and its output folder: options, manifest, lock, and what it writes.

`OUT/manifest.json` records what the results belong to (inputs, options, the
pipeline's fingerprint); a resume after any of them changed is refused with
what changed, and a folder input that only gained files grows the job.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..entities.dates import DateWindow
from ..fingerprint import pipeline_fingerprint
from ..io.outdir import (CHUNKS, DATABASE, DOCUMENTS, ERRORS, FINISHED, MANIFEST, STORY_INDEX,  # noqa: F401
                         TMP)  # (re-exported by the package)
from ..io.inventory import InventoryChange, describe_inputs, extend
from ..io.readers import DEFAULT_MAX_CHARS, FieldMap, InputError, ReadOptions
from ..io.tables import TABLE_NAMES
from ..language import PART_CHARS
from ..themes.store import model_digest

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
    worker_wait: float = 60.0              # seconds to wait for the scheduler's first worker
    part_chars: int = PART_CHARS           # longer texts are analysed in parts of this size
    max_chars: int = DEFAULT_MAX_CHARS     # longer documents are refused (reported), not read
    plain_meta: dict = field(default_factory=dict)   # metadata of plain files, see ReadOptions
    progress: bool | None = None           # None: a bar on a terminal, lines otherwise; False: quiet
    progress_every: float = 10.0           # seconds between plain progress lines
    restart: bool = False                  # discard what an earlier run left in `out`
    date_window: DateWindow | None = None  # the period the archive covers: dates yearless leads
    aliases: list = field(default_factory=list)   # user alias TSV files for the registry (coverage step)
    story_index: str | None = None         # a previous output's stories.npz to join new documents to
    themes_model: str | None = None        # a theme model folder (`train-themes --out DIR`) instead of the shipped one
    skip: frozenset[str] = frozenset()     # resolved paths folder inputs leave out (the --metadata sidecar)
    on_warning: object = None              # called (where, message) for what a reader set aside; not part of the job

    @property
    def read(self) -> ReadOptions:
        return ReadOptions(fields=self.fields, max_chars=self.max_chars, plain_meta=self.plain_meta, skip=self.skip)

    def job(self) -> dict:
        """What identifies the job: a different one must not reuse the same folder.
        Inputs are identified by their contents (see io/inventory.py)."""
        return {"format": FORMAT_VERSION, "inputs": describe_inputs(self.inputs, self.skip, 4 * self.max_chars),
                "fields": asdict(self.fields),
                "chunk_size": self.chunk_size, "chunk_chars": CHUNK_CHARS, "part_chars": self.part_chars,
                "max_chars": self.max_chars, "plain_meta": {k: v for k, v in self.plain_meta.items() if v},
                "date_window": str(self.date_window) if self.date_window else None,
                **({"themes_model": model_digest(self.themes_model)} if self.themes_model else {}),
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
            text += "; the job had already finished, nothing was analysed again"
        elif self.seconds:
            # a resumed or grown job: the rate is of the documents analysed now, which the line says
            fresh = f"{self.documents - self.reused_docs} analysed in this run, " if self.reused_docs else ""
            text += f" in {self.seconds:.1f}s ({fresh}{rate:.1f} docs/s)"
        return text


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
        elif isinstance(a, list) and isinstance(b, list) and _by_path(a) is not None and _by_path(b) is not None \
                and label.endswith("files"):
            # a folder's files, compared by path: a grown job lists them in the order they came
            old_files, new_files = _by_path(a), _by_path(b)
            for name in [*new_files, *(n for n in old_files if n not in new_files)]:
                if name not in old_files:
                    changes.append(f"{label} added ({show(name)})")
                elif name not in new_files:
                    changes.append(f"{label} removed (was {show(name)})")
                else:
                    walk(f"{label} {name}", {k: v for k, v in old_files[name].items() if k != "segment"},
                         {k: v for k, v in new_files[name].items() if k != "segment"})
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


def _by_path(items: list) -> dict | None:
    """{path: entry} of a list of input or file entries, or None for any other list."""
    if not all(isinstance(x, dict) and isinstance(x.get("path"), str) for x in items):
        return None
    return {x["path"]: x for x in items}


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
    grows = ("inputs", "pipeline", "plain_meta")   # what a folder that gained files may add to
    same_options = {k: v for k, v in old.items() if k not in grows} == {k: v for k, v in job.items() if k not in grows}
    if same_options and old.get("pipeline") == job["pipeline"]:
        try:
            inputs = extend(old["inputs"], job["inputs"])
            _check_metadata_growth(old.get("plain_meta", {}), job.get("plain_meta", {}), old["inputs"], inputs)
        except InventoryChange as exc:
            raise InputError(f"{out} holds the results of a different job: {exc}; use --restart to discard "
                             f"them, or another --out folder") from None
        grown = {**job, "inputs": inputs}
        _write_json(path, grown)
        return grown
    raise InputError(f"{out} holds the results of a different job: {describe_job_change(old, job)}; use --restart "
                     f"to discard them, or another --out folder")


def _check_metadata_growth(old: dict, new: dict, old_inputs: list[dict], inputs: list[dict]) -> None:
    """Metadata may be added for the files a folder gained (the day's clippings and their sidecar rows);
    metadata of a document already analysed must not change, its results would not follow."""
    before = {f["path"] for e in old_inputs if e["kind"] == "folder" for f in e["files"]}
    added = {f["path"] for e in inputs if e["kind"] == "folder" for f in e["files"]} - before
    for key in sorted(set(old) | set(new)):
        if old.get(key) == new.get(key) or (key not in old and key in added):
            continue
        what = "the metadata of every plain file" if key == "" else f"the metadata of {key!r}"
        raise InventoryChange(f"{what} changed ({json.dumps(old.get(key), ensure_ascii=False)} -> "
                              f"{json.dumps(new.get(key), ensure_ascii=False)})")


def _inputs_digest(job: dict) -> str:
    """A short fingerprint of what the job's inputs hold (a grown folder changes it)."""
    import hashlib

    return hashlib.sha256(json.dumps(job["inputs"], sort_keys=True).encode()).hexdigest()[:16]


def _clear(out: Path) -> None:
    """Remove what batch runs write in `out` (and nothing else: a file of the user's in `chunks/` stays).

    In an order a kill can interrupt anywhere: the finished mark first, and each chunk's summary
    (what makes it committed) before its other files, so no half-removed chunk or stale mark is
    ever taken for finished work."""
    (out / FINISHED).unlink(missing_ok=True)
    chunks = out / CHUNKS
    for child in chunks.iterdir() if chunks.is_dir() else ():
        if child.is_dir() and not child.is_symlink() and (child.name.isdigit() or child.name.endswith(".tmp")):
            (child / "chunk.json").unlink(missing_ok=True)
            shutil.rmtree(child, ignore_errors=True)
    if chunks.is_dir() and not any(chunks.iterdir()):
        chunks.rmdir()
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


def output_files(out: Path) -> list[Path]:
    """Every file a finished job writes in `out` (what --restart removes besides chunks)."""
    return ([out / DOCUMENTS, out / ERRORS, out / DATABASE, out / STORY_INDEX]
            + [out / f"{name}.parquet" for name in TABLE_NAMES])
