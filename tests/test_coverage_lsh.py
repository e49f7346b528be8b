"""The numpy banded LSH gives exactly datasketch's MinHashLSH candidates, in far less memory."""
import numpy as np
import pytest

datasketch = pytest.importorskip("datasketch")

from pipeline.coverage.lsh import BandIndex  # noqa: E402


def _signatures(n: int, num_perm: int, seed: int) -> list[np.ndarray]:
    """Hash values from a small alphabet, so that many documents share some band and a few share many;
    every fifth a near copy of an earlier one."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        if i >= 5 and i % 5 == 0:
            v = out[rng.integers(i)].copy()
            flip = rng.random(num_perm) < 0.1
            v[flip] = rng.integers(0, 4, flip.sum())
        else:
            v = rng.integers(0, 4, num_perm).astype(np.uint32)
        out.append(v.astype(np.uint32))
    return out


@pytest.mark.parametrize("bands, rows, n", [(85, 3, 2600), (20, 5, 400), (8, 16, 300)])
def test_candidates_are_datasketchs_whatever_was_sorted_or_pending(bands, rows, n):
    num_perm = bands * rows + 1   # a value beyond the bands, as 85 x 3 of 256 leaves one
    sigs = _signatures(n, num_perm, seed=bands)
    ours, theirs = BandIndex(bands, rows), datasketch.MinHashLSH(num_perm=num_perm, params=(bands, rows))
    half = n // 3   # loaded at once (a saved index), then added one by one (a batch), past a re-sort
    ours.insert_many([str(i) for i in range(half)], sigs[:half])
    for i in range(half):
        theirs.insert(str(i), datasketch.LeanMinHash(seed=1, hashvalues=sigs[i], scheme="affine32"))
    shared = 0
    for i in range(half, n):
        lean = datasketch.LeanMinHash(seed=1, hashvalues=sigs[i], scheme="affine32")
        got, want = ours.query(sigs[i]), theirs.query(lean)
        assert sorted(got) == sorted(want)
        assert got == sorted(got, key=int)   # in the order added
        shared += bool(want)
        ours.insert(str(i), sigs[i])
        theirs.insert(str(i), lean)
    assert shared > (n - half) // 10    # the test finds candidates, not only empty sets
    assert len(ours) == n


def test_colliding_keys_are_checked_value_by_value(monkeypatch):
    """With every band key forced equal, only documents that really share a band are candidates."""
    index = BandIndex(4, 2)
    monkeypatch.setattr(BandIndex, "_band_keys", lambda self, values: np.zeros(values.shape[:-1] + (4,), np.uint64))
    a = np.array([1, 2, 3, 4, 5, 6, 7, 8], np.uint32)
    b = np.array([1, 2, 9, 9, 9, 9, 9, 9], np.uint32)
    c = np.array([7, 7, 7, 7, 7, 7, 7, 8], np.uint32)
    index.insert("a", a)
    index.insert_many(["c"], [c])
    assert index.query(b) == ["a"]
    assert index.query(np.array([0, 0, 0, 0, 0, 0, 7, 8], np.uint32)) == ["a", "c"]
    assert index.query(np.array([0, 0, 0, 0, 0, 0, 0, 8], np.uint32)) == []
