"""Folders as inputs: the files of a folder that are read, in a fixed order, and their ids.

Hidden names, links to folders and batch output folders are left out; what a
folder holds that is not read is listed (`unread_files`) for a warning.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterator

from ..outdir import CHUNKS, MANIFEST, MARK
from .dispatch import SUFFIXES, read_file
from .items import InputError, Item, ReadOptions, printable_name
from .streams import _base_suffix


def is_output_folder(folder: Path) -> bool:
    """A batch run's output folder (its mark, or the manifest and chunks of an older version: a run's
    manifest, not a file of the user's that has its name)."""
    return (folder / MARK).exists() or ((folder / CHUNKS).is_dir() and written_by_a_run(folder / MANIFEST))


def written_by_a_run(manifest: Path) -> bool:
    """`manifest` is a batch run's: a JSON object with a run's keys."""
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and {"format", "inputs", "pipeline"} <= data.keys()


def _walk(folder: Path, skip: frozenset[str] = frozenset()) -> tuple[list[Path], list[Path]]:
    """(the files of `folder` that are read, what it holds that is not), in one walk of its tree that
    leaves out hidden names and does not enter batch output folders or links to folders."""
    read, unread = [], []
    for root, dirs, files in os.walk(folder):
        base = Path(root)
        entered = []
        for name in dirs:
            path = base / name
            if name.startswith("."):
                continue
            if path.is_symlink() or is_output_folder(path):   # a link is not followed; an output is no input
                unread.append(path)
            else:
                entered.append(name)
        dirs[:] = entered
        for name in files:
            path = base / name
            if name.startswith("."):
                continue
            if path.is_symlink() and not path.exists():
                unread.append(path)   # a link to nothing
            elif not path.is_file():
                unread.append(path)   # a pipe, a socket, a device, or a link to one: nothing to read as a file
            elif _base_suffix(path) not in SUFFIXES:
                unread.append(path)
            elif not (skip and str(path.resolve()) in skip) and not _links_into_an_output(path):
                read.append(path)
    return sorted(read), sorted(unread)


def folder_files(folder: Path, skip: frozenset[str] = frozenset()) -> list[Path]:
    """The files of a folder that are read, in a fixed order: hidden ones skipped, batch output
    folders inside it too (`batch clips --out clips/out` must not read its own results as clippings),
    and the files of `skip` (resolved paths: the metadata sidecar kept beside the clippings)."""
    if is_output_folder(folder):
        raise InputError(f"{folder}: a vnmonitor batch output folder, not an input")
    return _walk(folder, skip)[0]


def unread_files(folder: Path) -> list[Path]:
    """What a folder holds that is not read, hidden files aside: files of other types (.doc, .html,
    .xlsx), links to nothing, links to folders (not followed), batch output folders, and what is no
    regular file (pipes, sockets, devices, links to them)."""
    return _walk(folder)[1]


def _links_into_an_output(path: Path) -> bool:
    """A symbolic link to a file of a batch output folder (its own results would be read back)."""
    if not path.is_symlink():
        return False
    return any(is_output_folder(d) for d in path.resolve().parents)


def relative_id(path: Path, folder: Path) -> str:
    """A folder file's path relative to the folder, extension included, as the file system spells it
    (the inventory keys files by it); its document id is `folder_doc_id`."""
    return path.relative_to(folder).as_posix()


def folder_doc_id(path: Path, folder: Path) -> str:
    """A folder file's document id: its relative path as text (`printable_name`)."""
    return printable_name(relative_id(path, folder))


def read_folder_file(child: Path, folder: Path, opts: ReadOptions) -> Iterator[Item]:
    """Items of one file of a folder; a file that cannot be read at all is one problem item."""
    try:
        yield from read_file(child, opts, folder_doc_id(child, folder))
    except InputError as exc:
        yield Item(None, {}, str(child), str(exc).removeprefix(f"{child}: "))
    except OSError as exc:
        yield Item(None, {}, str(child), exc.strerror or str(exc))
