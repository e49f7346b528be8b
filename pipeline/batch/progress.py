"""Progress of a batch run: a bar on a terminal, a plain line now and then otherwise."""
from __future__ import annotations

import sys
import time

class Progress:
    """A tqdm bar on a terminal, a plain line every `every` seconds otherwise
    (`mode` None); `mode` True forces the bar, False silences both."""

    def __init__(self, total: int | None, done: int, mode: bool | None, every: float, stream=None):
        self.stream = stream or sys.stderr
        self.total, self.done, self.every = total, done, every
        self.start_done = done
        self.started = self.last = time.monotonic()
        self.quiet = mode is False
        self.bar = None
        if mode or (mode is None and self.stream.isatty()):
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked only from a single thread
            self.bar = tqdm(total=total, initial=done, unit="doc", desc="batch", file=self.stream,
                            dynamic_ncols=True, smoothing=0.1)

    def update(self, n: int) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
            return
        if self.quiet:
            return
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self.stream.write(self.line() + "\n")
            self.stream.flush()

    def line(self) -> str:
        elapsed = time.monotonic() - self.started
        rate = (self.done - self.start_done) / elapsed if elapsed > 0 else 0.0
        total = f"/{self.total}" if self.total else ""
        text = f"batch: {self.done}{total} documents, {rate:.1f} docs/s"
        if self.total and rate > 0:
            text += f", ETA {int(max(self.total - self.done, 0) / rate)}s"
        return text

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
