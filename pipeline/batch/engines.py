"""Engines that run chunks: in this process, in a pool of local processes, or on a Dask cluster.

Each runs `process_chunk`, which commits its chunk itself; only chunk
summaries travel back, and at most two chunks per worker are in flight, so
memory stays flat over any archive size.
"""
from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

from ..fingerprint import pipeline_fingerprint
from ..io.readers import InputError
from ..workers import die_with_parent
from .chunks import _worker_nlp, process_chunk

# The pipeline allocates many short-lived objects per document; with the
# default thresholds the collector runs every 700 of them and rescans the
# loaded models each time it reaches the oldest generation. Freezing what is
# loaded and collecting less often saved about 8% of a worker's CPU time
# (four alternating runs of 200 articles each way).
GC_THRESHOLDS = (50_000, 20, 100)


def _tune_gc() -> tuple[int, int, int]:
    """Freeze the objects alive now (the loaded pipeline) and raise the
    collection thresholds; return the previous thresholds."""
    previous = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    return previous


def _run_inline(tasks, opts):
    previous = None
    try:
        for chunk_no, entries in tasks:
            if previous is None:
                previous = _init_worker(opts.themes_model)
            yield process_chunk(str(opts.out), chunk_no, entries, opts.part_chars, pipeline_fingerprint(),
                                opts.themes_model)
    finally:   # this is the caller's process: give its collector back
        if previous is not None:
            gc.set_threshold(*previous)
            gc.unfreeze()


def _init_worker(themes_model: str | None = None) -> tuple[int, int, int]:
    """Load the pipeline and tune the collector; return the previous thresholds."""
    _worker_nlp(themes_model)
    return _tune_gc()


def _init_pool_worker(themes_model: str | None = None) -> None:
    """`_init_worker` in a pool process, which also skips the interpreter's
    teardown when the pool lets it go: every chunk it ran is committed by
    then, and freeing a loaded pipeline object by object costs about a CPU
    second that the final merge is waiting for."""
    from multiprocessing.util import Finalize

    die_with_parent()
    _init_worker(themes_model)
    sys.stdout.flush()
    Finalize(None, os._exit, args=(0,), exitpriority=-100)


def _pool_context():
    """fork where that is safe (Linux, and no other thread in this process),
    else spawn. A forked worker starts with the modules this process already
    imported (spaCy, this package); a spawned one imports them again, about
    two seconds per worker before its first chunk."""
    import multiprocessing
    import threading

    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _run_processes(tasks, opts, workers: int):
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    from ..workers import stop_pool

    ctx = _pool_context()
    pending = set()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_pool_worker,
                               initargs=(opts.themes_model,))
    if ctx.get_start_method() == "fork":
        pool.submit(int)  # fork every worker now, before reading the input starts threads here
    try:
        for chunk_no, entries in tasks:
            pending.add(pool.submit(process_chunk, str(opts.out), chunk_no, entries, opts.part_chars,
                                    pipeline_fingerprint(), opts.themes_model))
            if len(pending) >= 2 * workers:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    yield fut.result()
        for fut in _as_completed(pending):
            yield fut.result()
    except BaseException:
        # stop now (Ctrl-C, a failed chunk): chunks not started, or not committed, are left to the next run
        stop_pool(pool)
        raise
    # every chunk is committed: the outputs can be merged while the workers exit
    # (tearing down a loaded pipeline takes about a second)
    pool.shutdown(wait=False)


def _as_completed(futures):
    from concurrent.futures import as_completed

    return as_completed(futures)


def _run_dask(tasks, opts):
    from ..extras import require

    distributed = require("distributed", "dask", "--engine dask")
    Client, as_completed = distributed.Client, distributed.as_completed

    client = _connect(Client, opts.scheduler, opts.connect_timeout)
    try:
        try:
            client.wait_for_workers(1, timeout=opts.worker_wait)
        except (OSError, TimeoutError):
            raise InputError(f"the Dask scheduler at {opts.scheduler} has no workers (waited {opts.worker_wait:.0f} s): "
                             f"start one with `dask worker {opts.scheduler}`") from None
        limit = 2 * max(1, sum(client.nthreads().values()))
        pending = as_completed()
        n_pending = 0
        for chunk_no, entries in tasks:
            themes_model = str(Path(opts.themes_model).resolve()) if opts.themes_model else None
            pending.add(client.submit(process_chunk, str(opts.out.resolve()), chunk_no, entries,
                                      opts.part_chars, pipeline_fingerprint(), themes_model, pure=False,
                                      key=f"vnmonitor-chunk-{chunk_no}-{os.getpid()}"))
            n_pending += 1
            if n_pending >= limit:
                yield next(pending).result()
                n_pending -= 1
        for fut in pending:
            yield fut.result()
    finally:
        client.close()


def _connect(Client, address: str, timeout: float):
    """A Dask client of the scheduler at `address`, or InputError within about `timeout` seconds.

    distributed's own timeout covers reaching the address, not the handshake after it: a port that
    accepts and never answers (the scheduler's dashboard, another service) would hold the run for
    good, and one that answers in another protocol fails with whatever its bytes decode to (an
    allocation of exabytes). The client is made in a thread given a deadline; a thread still
    waiting is left behind as a daemon."""
    import threading

    done: dict = {}

    def connect():
        try:
            done["client"] = Client(address, timeout=f"{timeout}s")
        except BaseException as exc:   # noqa: BLE001  reported below, in words
            done["error"] = exc

    thread = threading.Thread(target=connect, name="vnmonitor-dask-connect", daemon=True)
    thread.start()
    thread.join(timeout + 10)
    if thread.is_alive():
        raise InputError(f"no Dask scheduler answered at {address} within {timeout + 10:.0f} s: something listens "
                         f"there but does not speak Dask's protocol (the dashboard's port? a scheduler listens on "
                         f"8786 unless told otherwise)")
    exc = done.get("error")
    if isinstance(exc, (OSError, TimeoutError)):
        raise InputError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    if exc is not None:
        raise InputError(f"cannot reach the Dask scheduler at {address}: what answers there is not a Dask "
                         f"scheduler ({type(exc).__name__})") from None
    return done["client"]


_SCHEMES = ("tcp", "tls", "ws", "wss", "ucx", "inproc")


def check_scheduler_address(address: str) -> None:
    """Refuse, before any work, a --scheduler that cannot be a Dask scheduler's address: another
    scheme (http://) or a port out of range. A bare HOST:PORT is tcp://, as Dask reads it."""
    from urllib.parse import urlsplit

    scheme, sep, rest = address.partition("://")
    if not sep:
        scheme, rest = "tcp", address
    if scheme not in _SCHEMES:
        raise InputError(f"--scheduler {address}: a Dask scheduler's address is tcp://HOST:PORT (or "
                         f"{', '.join(s + '://' for s in _SCHEMES[1:])}), not {scheme}://")
    try:
        port = urlsplit(f"//{rest}").port
    except ValueError:
        raise InputError(f"--scheduler {address}: the port must be a number from 1 to 65535") from None
    if port == 0:
        raise InputError(f"--scheduler {address}: the port must be a number from 1 to 65535")
