"""What the default pipeline's output depends on, as one hash.

A batch folder records it, so a run resumed after the code, the config, a
model or a lexicon changed does not mix results of two pipelines; Dask
workers report theirs, so a cluster running another version is caught.
Files are named as `pipeline.resources` names them, so a checkout and an
installed wheel of the same version give the same fingerprint.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from . import resources

PACKAGE = resources.PACKAGE

# the package's code, config, schema and templates (models and lexicons come from resources)
PACKAGE_PATTERNS = ("*.py", "*.cfg", "*.json", "*.j2", "*.css", "*.js")
LIBRARIES = ("underthesea", "underthesea_core", "spacy", "numpy", "scipy")


def _data_folders() -> dict[str, Path]:
    """The model and lexicon folders, wherever `pipeline.resources` finds them."""
    return {name: resources.data_dir(name) for name in ("models", "lexicons")}


def _files() -> list[tuple[str, Path]]:
    """(stable name, path) of every file hashed; model cards (.md) change no output."""
    folders = _data_folders()
    found = set()
    for pattern in PACKAGE_PATTERNS:
        for p in PACKAGE.rglob(pattern):
            if p.is_file() and "__pycache__" not in p.parts \
                    and not any(p.is_relative_to(d) for d in folders.values()):
                found.add((f"pipeline/{p.relative_to(PACKAGE).as_posix()}", p))
    for name, base in folders.items():
        found.update((f"{name}/{p.relative_to(base).as_posix()}", p) for p in base.rglob("*")
                     if p.is_file() and p.suffix != ".md" and "__pycache__" not in p.parts)
    return sorted(found)


@lru_cache(maxsize=1)
def pipeline_fingerprint() -> str:
    """16 hex digits over the code, config, models, lexicons and library versions."""
    digest = hashlib.sha256()
    for name, path in _files():
        digest.update(name.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}=={version}\0".encode())
    return digest.hexdigest()[:16]
