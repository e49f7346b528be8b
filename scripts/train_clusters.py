#!/usr/bin/env python3
"""Distributional syllable clusters for the names model, learnt from the unlabelled archives.

A syllable's left and right neighbours over both ../shared corpora (about ten
million syllables) make its context vector; positive PMI weighting, a truncated
SVD and k-means give each frequent syllable two cluster ids, a coarse and a
fine one. The names CRF reads them as features, so a word it never saw in its
training regions ("Mourinho") still looks like the foreign names it did see.
The output is a plain TSV (syllable, coarse, fine): no pickle, reviewable.

    .venv/bin/python scripts/train_clusters.py [--min-count 5] [--out models/ner/clusters.tsv]
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from collections import Counter
from pathlib import Path

import numpy as np
import scipy.sparse as sp

ROOT = Path(__file__).resolve().parent.parent
SYLLABLE = re.compile(r"\w+")


def syllables(shared: Path):
    """Lower-cased syllables of every text, one list per line (lines do not run into each other)."""
    import unicodedata

    for name in ("baomoi-2017", "dantri-2020"):
        with gzip.open(shared / "corpora" / f"{name}.jsonl.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                text = unicodedata.normalize("NFC", json.loads(line)["text"]).lower()
                for para in text.split("\n"):
                    toks = SYLLABLE.findall(para)
                    if toks:
                        yield toks


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--contexts", type=int, default=4000, help="most frequent syllables used as context")
    ap.add_argument("--dims", type=int, default=80)
    ap.add_argument("--coarse", type=int, default=64)
    ap.add_argument("--fine", type=int, default=400)
    ap.add_argument("--out", type=Path, default=ROOT / "models" / "ner" / "clusters.tsv")
    args = ap.parse_args()
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    started = time.perf_counter()
    lines = list(syllables(args.shared))
    counts = Counter(t for toks in lines for t in toks)
    vocab = [w for w, c in counts.most_common() if c >= args.min_count and not w.isdigit()]
    index = {w: i for i, w in enumerate(vocab)}
    ctx_index = {w: i for i, w in enumerate(vocab[:args.contexts])}
    n_ctx = len(ctx_index)
    rows, cols = [], []
    for toks in lines:
        ids = [index.get(t, -1) for t in toks]
        cids = [ctx_index.get(t, -1) for t in toks]
        for k, i in enumerate(ids):
            if i < 0:
                continue
            if k > 0 and cids[k - 1] >= 0:
                rows.append(i)
                cols.append(cids[k - 1])              # left neighbour
            if k + 1 < len(ids) and cids[k + 1] >= 0:
                rows.append(i)
                cols.append(n_ctx + cids[k + 1])      # right neighbour
    C = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(vocab), 2 * n_ctx))
    C.sum_duplicates()
    total = C.sum()
    row = np.asarray(C.sum(axis=1)).ravel()
    col = np.asarray(C.sum(axis=0)).ravel()
    C = C.tocoo()
    pmi = np.log(C.data * total / (row[C.row] * col[C.col] + 1e-9))
    keep = pmi > 0
    M = sp.csr_matrix((pmi[keep], (C.row[keep], C.col[keep])), shape=C.shape)
    V = normalize(TruncatedSVD(n_components=args.dims, random_state=0).fit_transform(M))
    coarse = MiniBatchKMeans(n_clusters=args.coarse, random_state=0, n_init=3, batch_size=4096).fit_predict(V)
    fine = MiniBatchKMeans(n_clusters=args.fine, random_state=0, n_init=3, batch_size=4096).fit_predict(V)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write(f"# syllable\tcoarse\tfine — scripts/train_clusters.py: {len(vocab)} syllables seen >= "
                 f"{args.min_count} times in {sum(counts.values())} syllables; {args.dims}-dim PPMI-SVD, "
                 f"k-means {args.coarse}/{args.fine}\n")
        for w, c, f in zip(vocab, coarse, fine):
            fh.write(f"{w}\t{c}\t{f}\n")
    print(f"{len(vocab)} syllables -> {args.out} in {time.perf_counter() - started:.0f}s")
    by = {}
    for w, f in zip(vocab, fine):
        by.setdefault(f, []).append(w)
    for probe in ("ronaldo", "chelsea", "hà", "công", "tỉnh", "samsung", "berlin"):
        if probe in index:
            print(f"  {probe:10s} ~ {' '.join(by[fine[index[probe]]][:12])}")


if __name__ == "__main__":
    main()
