"""Bytes read within bounds: a file (gzipped or not, or only its first bytes), stdin, their lines.

Every reader streams: an archive larger than memory is read one record at a
time. A line longer than the bound is skipped in blocks, not held
(`bounded_lines`); a whole file is read only up to a limit (`_read_bounded`);
a stream that breaks (a truncated gzip, an I/O error) raises `Unreadable` after
what came before the break. `_count_lines` counts a file's lines cheaply (a progress
bar's ETA).
"""
from __future__ import annotations

import gzip
import io
import sys
import tempfile
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


_READ_BLOCK = 1 << 16


class Unreadable(Exception):
    """A stream that broke while being read (truncated gzip, I/O error)."""


class TooLong(Unreadable):
    """A file longer than the limit it was read with."""


class _Prefix(io.RawIOBase):
    """The first `size` bytes of a binary file."""

    def __init__(self, raw, size: int):
        self.raw, self.left = raw, size

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if self.left <= 0:
            return 0
        n = self.raw.readinto(memoryview(b)[:min(len(b), self.left)]) or 0
        self.left -= n
        return n

    def close(self) -> None:
        self.raw.close()
        super().close()


def _open_binary(path: Path, size: int | None = None):
    """The file's bytes, decompressed when it is gzipped; with `size`, only its first `size` bytes."""
    fh = open(path, "rb") if size is None else io.BufferedReader(_Prefix(open(path, "rb", buffering=0), size))
    return gzip.GzipFile(fileobj=fh, mode="rb") if path.suffix.lower() == ".gz" else fh


def _stream_error(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return "compressed input is truncated"
    if isinstance(exc, (gzip.BadGzipFile, zlib.error)):
        return f"compressed input is corrupt ({exc})"
    return f"read error: {exc.strerror or exc}" if isinstance(exc, OSError) else str(exc)


def bounded_lines(fh, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, raw line) of a binary stream; a line longer than
    `max_bytes` is yielded as None after being skipped in blocks, so memory
    stays at `max_bytes` whatever the input. Raises Unreadable when the
    stream breaks (its lines before that are yielded first)."""
    lineno = 0
    try:
        while True:
            raw = fh.readline(max_bytes + 1)
            if not raw:
                return
            lineno += 1
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                if b"\x00" in raw:  # binary data (/dev/zero, an image): no line end to skip to
                    raise Unreadable(f"binary data (NUL bytes) on line {lineno}, stopped reading")
                while True:
                    rest = fh.readline(_READ_BLOCK)
                    if not rest or rest.endswith(b"\n"):
                        break
                yield lineno, None
                continue
            yield lineno, raw
    except (EOFError, OSError, zlib.error) as exc:
        raise Unreadable(f"after line {lineno}: {_stream_error(exc)}") from None


def _read_bounded(path: Path, max_bytes: int, size: int | None = None) -> bytes:
    """The whole (decompressed) file, or Unreadable if it is longer than `max_bytes`."""
    try:
        with _open_binary(path, size) as fh:
            data = fh.read(max_bytes + 1)
    except (EOFError, OSError, zlib.error) as exc:
        raise Unreadable(_stream_error(exc)) from None
    if len(data) > max_bytes:
        raise TooLong(f"longer than the limit of {max_bytes:,} bytes")
    return data


@contextmanager
def ungzipped(path: Path, max_bytes: int) -> Iterator[Path]:
    """A gzipped file decompressed into a temporary folder under its own name less ".gz" (a .docx, a
    .pdf and a .parquet are read from a whole file their readers seek in: a zip's directory, a PDF's
    cross-references, a Parquet footer), removed afterwards; Unreadable when the gzip is broken,
    TooLong past `max_bytes` decompressed."""
    with tempfile.TemporaryDirectory(prefix="vnmonitor-gz-") as tmp:
        plain = Path(tmp) / path.name[:-len(".gz")]
        try:
            with gzip.open(path, "rb") as src, open(plain, "wb") as dst:
                copied = 0
                while chunk := src.read(_READ_BLOCK * 16):
                    copied += len(chunk)
                    if copied > max_bytes:
                        raise TooLong(f"longer than the limit of {max_bytes:,} bytes once decompressed")
                    dst.write(chunk)
        except (EOFError, OSError, zlib.error) as exc:
            raise Unreadable(_stream_error(exc)) from None
        yield plain


def _base_suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


_STDIN: list = [None, b""]   # the stream read, what it held


def stdin_bytes(limit: int) -> bytes:
    """Standard input, read once (at most `limit` + 1 bytes) and kept: a batch job hashes it to know
    the job again, and reads it as its document. Kept per stream (a test runner swaps them)."""
    stream = sys.stdin.buffer
    if _STDIN[0] is not stream:
        _STDIN[:] = [stream, stream.read(limit + 1)]
    return _STDIN[1]


def _physical_lines(fh, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """`bounded_lines`, or for a file whose lines end with a carriage return alone (old Mac and some
    spreadsheet exports: in its first 64 KB more CRs alone than line feeds, which may still sit inside
    a quoted cell) the same lines cut at each CR."""
    fh = _Buffered(fh)
    head = fh.head()
    lone_cr = head.count(b"\r") - head.count(b"\r\n")
    if not lone_cr or lone_cr <= head.count(b"\n") - head.count(b"\r\n"):
        yield from bounded_lines(fh, max_bytes)
        return
    lineno, pending, skipping = 0, b"", False
    try:
        for block in iter(lambda: fh.read(_READ_BLOCK), b""):
            pieces = (pending + block).split(b"\r")
            pending = pieces.pop()
            for piece in pieces:
                lineno += 1
                if skipping or len(piece) > max_bytes:
                    skipping = False
                    yield lineno, None
                else:
                    yield lineno, piece + b"\n"
            if len(pending) > max_bytes:   # a line longer than the bound: its rest is skipped, not held
                pending, skipping = b"", True
    except (EOFError, OSError, zlib.error) as exc:
        raise Unreadable(f"after line {lineno}: {_stream_error(exc)}") from None
    if pending or skipping:
        yield lineno + 1, None if skipping else pending + b"\n"


class _Buffered:
    """`read` and `readline` over a binary stream (a file, a gzip stream, stdin), and `head`: what
    the first read gives (up to 64 KB). Reads take what the stream has (`read1`), so a pipe's lines
    come out as they arrive, not 64 KB at a time."""

    def __init__(self, raw):
        self.raw, self.buf, self.pos = raw, b"", 0
        self._read = getattr(raw, "read1", raw.read)

    def _fill(self) -> bool:
        """More bytes into the buffer; False at the end of the stream."""
        if self.pos:
            self.buf, self.pos = self.buf[self.pos:], 0
        more = self._read(1 << 16)
        self.buf += more
        return bool(more)

    def head(self) -> bytes:
        if len(self.buf) == self.pos:
            self._fill()
        return self.buf[self.pos:]

    def read(self, n: int = -1) -> bytes:
        """Up to `n` bytes (all with -1); b"" only at the end of the stream."""
        if n < 0:
            out, self.buf, self.pos = self.buf[self.pos:] + self.raw.read(), b"", 0
            return out
        if len(self.buf) == self.pos:
            self._fill()
        out = self.buf[self.pos:self.pos + n]
        self.pos += len(out)
        return out

    def readline(self, limit: int = -1) -> bytes:
        pieces, size = [], 0   # a long line is gathered in pieces, never grown byte string by byte string
        while True:
            i = self.buf.find(b"\n", self.pos)
            if i >= 0 and (limit < 0 or size + i + 1 - self.pos <= limit):
                pieces.append(self.buf[self.pos:i + 1])
                self.pos = i + 1
                return b"".join(pieces)
            available = len(self.buf) - self.pos
            if limit >= 0 and size + available >= limit:
                take = limit - size
                pieces.append(self.buf[self.pos:self.pos + take])
                self.pos += take
                return b"".join(pieces)
            pieces.append(self.buf[self.pos:])
            size += available
            self.buf, self.pos = b"", 0
            if not self._fill():
                return b"".join(pieces)


def _count_lines(path: Path, limit: int = 512 * 2 ** 20) -> int | None:
    """Lines of a (decompressed) file counted in blocks; None past `limit` bytes."""
    lines, returns, seen, last = 0, 0, 0, b"\n"
    with _open_binary(path) as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            lines += block.count(b"\n")
            returns += block.count(b"\r")
            seen += len(block)
            last = block[-1:]
            if seen > limit:
                return None
    if not lines and returns:   # lines ended by a carriage return alone
        return returns + (last != b"\r")
    return lines + (last != b"\n")
