"""Optional features and the extra that installs each.

`pip install vnmonitor` gives the pipeline, the CLI and the Parquet/DuckDB
outputs. A Dask cluster, PostgreSQL and Word/PDF input each need packages most
users never use, so they are extras: ``pip install 'vnmonitor[dask]'``,
``[postgres]``, ``[docs]`` (``make install`` installs them all). A feature
whose extra is missing stops with one line that names the extra to install,
never with a traceback from deep inside an import.
"""
from __future__ import annotations

import importlib


class MissingExtra(ImportError):
    """An optional dependency that is not installed; the message says which extra brings it."""


def require(module: str, extra: str, feature: str):
    """Import `module`, or raise MissingExtra naming `extra` for `feature`."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtra(f"{feature} needs the optional dependency {exc.name or module!r}: "
                           f"pip install 'vnmonitor[{extra}]'") from None
