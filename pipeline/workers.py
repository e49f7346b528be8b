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


def stop_pool(pool) -> None:
    """Stop a ProcessPoolExecutor now (Ctrl-C, SIGTERM, a failed task): its queued tasks cancelled and its
    workers killed. Left to finish, a worker's running task kept the exit waiting for minutes, and the
    interpreter's exit, joining workers blocked on the pool's queue, could hang for good. A killed worker
    loses only the task it was running (batch chunks are committed whole, by one rename)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())   # no public handle on them
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.kill()
    for process in processes:
        process.join(timeout=5)
