"""Worker processes that end with the process that started them."""
from __future__ import annotations

import os
import sys


def die_with_parent() -> None:
    """A pool worker ends with its parent, even a parent killed with SIGTERM or SIGKILL (no clean-up
    runs then, and the workers would finish their queue and idle on, holding their memory and their
    cores): on Linux the kernel sends it SIGTERM when the process that started it dies (prctl
    PR_SET_PDEATHSIG). Given to a pool as its `initializer`."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    parent = os.getppid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)   # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:   # the parent died before the call
        os.kill(os.getpid(), signal.SIGTERM)
