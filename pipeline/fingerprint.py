"""What the default pipeline's output depends on, as one hash.

A batch folder records it, so a run resumed after the code, the config, a
model or a lexicon changed does not mix results of two pipelines; Dask
workers report theirs, so a cluster running another version is caught.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
# the package's code and config, and the data it loads from the checkout
SOURCES = ((PACKAGE, ("*.py", "data/*", "schema/*.json")),
           (ROOT / "models", ("**/*",)),
           (ROOT / "corpora" / "lexicons", ("**/*",)))
LIBRARIES = ("underthesea", "underthesea_core", "spacy", "numpy", "scipy")


def _files() -> list[Path]:
    found = set()
    for base, patterns in SOURCES:
        for pattern in patterns:
            found.update(p for p in base.rglob(pattern) if p.is_file() and p.suffix != ".md"
                         and "__pycache__" not in p.parts)
    return sorted(found)


@lru_cache(maxsize=1)
def pipeline_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in _files():
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}=={version}\0".encode())
    return digest.hexdigest()[:16]
