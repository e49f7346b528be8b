"""What a job's inputs hold: every file with its size and content hash.

A batch job is identified by its inputs' contents, not their modification
times: an edit that keeps a file's size and mtime is still seen. A folder
input lists each file it holds; when a later run finds new files in a folder
whose listed files are unchanged, the job grows by those files (a new
*segment*) instead of being refused, so an analyst can drop the day's
clippings into the folder and run the same command again.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from .readers import DEFAULT_MAX_CHARS, folder_files, relative_id, stdin_bytes

_BLOCK = 1 << 20


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(_BLOCK), b""):
            h.update(block)
    return h.hexdigest()


def _entry(path: Path, name: str, segment: int = 0) -> dict:
    return {"path": name, "size": path.stat().st_size, "sha256": file_digest(path), "segment": segment}


def describe_inputs(inputs: list[str], skip: frozenset[str] = frozenset(),
                    stdin_limit: int = 4 * DEFAULT_MAX_CHARS) -> list[dict]:
    """One entry per input: a file with its size and hash, a folder with its
    files (relative paths, sizes, hashes), or stdin with the hash of what it held."""
    out = []
    for raw in inputs:
        if str(raw) == "-":
            data = stdin_bytes(stdin_limit)
            out.append({"path": "-", "kind": "stdin", "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
            continue
        p = Path(raw)
        if p.is_dir():
            out.append({"path": str(p.resolve()), "kind": "folder",
                        "files": [_entry(f, relative_id(f, p)) for f in folder_files(p, skip)]})
        else:
            out.append({"path": str(p.resolve()), "kind": "file", "size": p.stat().st_size, "sha256": file_digest(p)})
    return out


class InventoryChange(ValueError):
    """Inputs that changed in a way a resume cannot absorb; the message names what changed."""


def _key(entry: dict) -> tuple:
    return entry.get("size"), entry.get("sha256")


def extend(old: list[dict], new: list[dict]) -> list[dict]:
    """The inputs of a resumed job: `old` (as recorded) plus files that were
    added to its folders since, as a new segment. Raises InventoryChange when
    an input was changed, removed or replaced."""
    if [(e["path"], e["kind"]) for e in old] != [(e["path"], e["kind"]) for e in new]:
        raise InventoryChange("the list of inputs differs")
    segment = 1 + max((f["segment"] for e in old if e["kind"] == "folder" for f in e["files"]), default=0)
    merged = []
    for before, now in zip(old, new):
        where = before["path"]
        if before["kind"] in ("file", "stdin") and _key(before) != _key(now):
            what = "standard input" if before["kind"] == "stdin" else where
            raise InventoryChange(f"{what} changed (size {before.get('size')} -> {now.get('size')}, "
                                  f"content hash differs)")
        if before["kind"] != "folder":
            merged.append(before)
            continue
        current = {f["path"]: f for f in now["files"]}
        for f in before["files"]:
            if f["path"] not in current:
                raise InventoryChange(f"{where}/{f['path']} was removed")
            if _key(current[f["path"]]) != _key(f):
                raise InventoryChange(f"{where}/{f['path']} changed (content hash differs)")
        listed = {f["path"] for f in before["files"]}
        added = [{**f, "segment": segment} for f in now["files"] if f["path"] not in listed]
        merged.append({**before, "files": before["files"] + added})
    return merged


def segments(inputs: list[dict]) -> int:
    """How many segments the job has (1 + the times it grew)."""
    return 1 + max((f["segment"] for e in inputs if e["kind"] == "folder" for f in e["files"]), default=0)
