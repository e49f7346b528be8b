"""Banded LSH over MinHash signatures, kept in plain numpy arrays.

The candidates of a signature are the documents whose hash values agree with
it on every row of at least one band (bands of `rows` consecutive values, as
datasketch's MinHashLSH cuts them), the banding that MinHash LSH is. Why not
datasketch's MinHashLSH: it keeps each band of each document as a bytes key in
a dict of sets, about 22 KB a document, 2 GB for a 100,000-article index. Here
each (document, band) is one 64-bit key and one document number in two sorted
arrays (12 bytes), and the documents added since the arrays were last sorted
wait in a dict. A key is a hash of the band's values and its number; keys can
collide, so a candidate's band is compared value by value before it counts:
the candidates are exactly those of MinHashLSH with the same bands and rows.
"""
from __future__ import annotations

import numpy as np

_SEED = np.uint64(0x9E3779B97F4A7C15)
_PRIME = np.uint64(0x100000001B3)


class BandIndex:
    """Documents' MinHash hash values, findable by any band they share (`insert`, `query`)."""

    def __init__(self, bands: int, rows: int):
        self.bands, self.rows = bands, rows
        self.ids: list[str] = []
        self._values: list[np.ndarray] = []     # hash values, by document number
        self._keys = np.empty(0, dtype=np.uint64)   # sorted band keys of the settled documents
        self._docs = np.empty(0, dtype=np.int32)    # the document number of each key
        self._pending: dict[int, list[int]] = {}    # band key -> numbers of the documents added since
        self._settled = 0                           # documents 0 .. _settled - 1 are in the arrays

    def __len__(self) -> int:
        return len(self.ids)

    def _band_keys(self, values: np.ndarray) -> np.ndarray:
        """(..., bands) keys of (..., num_perm) hash values: each band's rows and its number hashed."""
        width = self.bands * self.rows
        bands = values[..., :width].astype(np.uint64).reshape(*values.shape[:-1], self.bands, self.rows)
        keys = np.arange(1, self.bands + 1, dtype=np.uint64) * _SEED
        keys = np.broadcast_to(keys, bands.shape[:-1]).copy()
        for j in range(self.rows):   # FNV-style: xor then multiply, wrapping at 2**64
            keys = (keys ^ bands[..., j]) * _PRIME
        return keys

    def insert(self, doc_id: str, values: np.ndarray) -> None:
        number = len(self.ids)
        self.ids.append(doc_id)
        self._values.append(values)
        for key in self._band_keys(values).tolist():
            self._pending.setdefault(key, []).append(number)
        if len(self.ids) - self._settled >= max(1024, self._settled // 4):
            self._settle()   # the sorted arrays grow by a quarter at a time: sorting stays O(n log n) overall

    def insert_many(self, ids: list[str], values: list[np.ndarray]) -> None:
        """Documents added at once (a saved index loaded): one sort."""
        self.ids.extend(ids)
        self._values.extend(values)
        self._settle()

    def _settle(self) -> None:
        """Move the documents added since the last sort into the sorted arrays."""
        numbers = np.arange(self._settled, len(self.ids), dtype=np.int32)
        if len(numbers):
            keys = self._band_keys(np.stack([self._values[n] for n in numbers.tolist()])).ravel()
            keys, docs = np.concatenate([self._keys, keys]), np.concatenate([self._docs, np.repeat(numbers, self.bands)])
            order = np.argsort(keys, kind="stable")
            self._keys, self._docs = keys[order], docs[order]
        self._pending, self._settled = {}, len(self.ids)

    def query(self, values: np.ndarray) -> list[str]:
        """The ids of the documents sharing a band with `values`, in the order they were added."""
        keys = self._band_keys(values)
        found: dict[int, set[int]] = {}   # document number -> the bands it may share
        if len(self._keys):
            lo = np.searchsorted(self._keys, keys, side="left")
            hi = np.searchsorted(self._keys, keys, side="right")
            for band in np.flatnonzero(hi > lo).tolist():
                for number in self._docs[lo[band]:hi[band]].tolist():
                    found.setdefault(number, set()).add(band)
        for band, key in enumerate(keys.tolist()):
            for number in self._pending.get(key, ()):
                found.setdefault(number, set()).add(band)
        r = self.rows
        return [self.ids[n] for n in sorted(found)
                if any(np.array_equal(self._values[n][b * r:(b + 1) * r], values[b * r:(b + 1) * r])
                       for b in found[n])]
