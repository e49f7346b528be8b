"""numba compilation shared by the compiled loops (`text.crf_kernels`, `themes.kernels`)."""
from __future__ import annotations

import numba


def compiled(fn):
    """`fn` compiled by numba, its machine code kept on disk where numba finds a folder it may write
    (next to this file, else the user's cache folder) and compiled on each run where it finds none:
    numba refuses `cache=True` outright then, and a read-only install must still run."""
    try:
        return numba.njit(cache=True, nogil=True)(fn)
    except RuntimeError:
        return numba.njit(nogil=True)(fn)
