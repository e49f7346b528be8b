"""Choose article pairs to label for the story grouping (corpora/stories/pairs.jsonl).

Why: copies are rare among random pairs, so pairs are drawn from bands of word
shingle overlap (exact Jaccard of 3-word shingles) to make all three kinds occur:
copies (high overlap), the same event written separately (low overlap but close
TF-IDF vectors), and unrelated pairs (random). Prints candidate pairs as JSON
lines with ids, band and measured overlap only: the texts stay in ../shared.

    python scripts/sample_story_pairs.py --per-band 60 > /tmp/candidates.jsonl

A second round draws new pairs only, from the bands where the copy rule decides
(issue 15 item 1: 0.15 to 0.8 shingle overlap, close TF-IDF vectors, a short text
inside a longer one, near-identical titles); these commands drew round 2 when
pairs.jsonl held the first round only:

    python scripts/sample_story_pairs.py --seed 16 --per-band 30 \
        --exclude corpora/stories/pairs.jsonl --only 0.5,0.3,0.15,tfidf > /tmp/candidates2.jsonl
    python scripts/sample_story_pairs.py --seed 17 --per-band 40 --exclude corpora/stories/pairs.jsonl \
        --exclude /tmp/candidates2.jsonl --only containment,title > /tmp/candidates3.jsonl
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from pathlib import Path

from common import ROOT, SHARED  # noqa: E402  (the repository and the reference data)

from pipeline.coverage.stories import shingles, title_jaccard  # noqa: E402

BANDS = [(0.8, 1.01), (0.5, 0.8), (0.3, 0.5), (0.15, 0.3), (0.05, 0.15)]


def load_docs():
    docs = {}
    for name in ("baomoi-2017", "dantri-2020"):
        with gzip.open(SHARED / "corpora" / f"{name}.jsonl.gz", "rt", encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                docs[r["id"]] = r
    return docs


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-band", type=int, default=60)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--exclude", type=Path, action="append", default=[],
                    help="a pairs file (a, b per line) whose pairs are not drawn again")
    ap.add_argument("--only", default=None,
                    help="comma-separated bands to draw: the lower bound of a Jaccard band "
                         "(0.8, 0.5, 0.3, 0.15, 0.05), 'tfidf', 'random', 'containment' (under 0.5 "
                         "overlap, 0.6 of the shorter text inside the longer) or 'title' (0.1 to 0.5 "
                         "overlap, title Jaccard 0.5 or more); default: every Jaccard band, tfidf and random")
    args = ap.parse_args(argv)
    excluded = set()
    for path in args.exclude:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                p = json.loads(line)
                excluded.add(tuple(sorted((p["a"], p["b"]))))
    only = None if args.only is None else {b.strip() for b in args.only.split(",")}

    def wanted(band: str) -> bool:
        return only is None or band in only
    from datasketch import MinHash, MinHashLSH
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = load_docs()
    ids = sorted(docs)
    sh = {i: shingles(docs[i]["text"]) for i in ids}
    lsh = MinHashLSH(threshold=0.05, num_perm=64)
    for i in ids:
        m = MinHash(num_perm=64, seed=1)
        m.update_batch([s.encode() for s in sh[i]])
        lsh.insert(i, m)
        docs[i]["_m"] = m
    pairs, contained = {}, {}
    for i in ids:
        for j in lsh.query(docs[i]["_m"]):
            if j <= i or (i, j) in pairs:
                continue
            a, b = sh[i], sh[j]
            if a and b:
                inter = len(a & b)
                pairs[(i, j)] = inter / len(a | b)
                contained[(i, j)] = inter / min(len(a), len(b))
    rng = random.Random(args.seed)
    out = []
    for lo, hi in BANDS:
        if not wanted(str(lo)):
            continue
        band = sorted(p for p, v in pairs.items() if lo <= v < hi and p not in excluded)
        rng.shuffle(band)
        for p in band[:args.per_band]:
            out.append((p, f"jaccard[{lo},{min(hi, 1.0)})", pairs[p]))
    # where the containment and title rules decide (a short text inside a longer one; a
    # retitled or lightly edited copy): overlap below the copy band but most of the shorter
    # text inside the longer one, or near-identical titles
    extra = {
        "containment": lambda p: pairs[p] < 0.5 and contained[p] >= 0.6,
        "title": lambda p: 0.1 <= pairs[p] < 0.5 and title_jaccard(docs[p[0]]["title"], docs[p[1]]["title"]) >= 0.5,
    }
    for name, keep in extra.items():
        if only is None or name not in only:   # drawn only when asked for
            continue
        band = sorted(p for p in pairs if p not in excluded and keep(p))
        rng.shuffle(band)
        for p in band[:args.per_band]:
            out.append((p, name, pairs[p]))
    # same event, written separately: nearest TF-IDF neighbours with little shingle overlap
    vec = TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.3)
    X = vec.fit_transform([docs[i]["title"] + " " + docs[i]["text"] for i in ids])
    order = list(range(len(ids)))
    rng.shuffle(order)
    sep = []
    for start in range(0, 3000, 500):
        rows = order[start:start + 500]
        S = (X[rows] @ X.T).toarray()
        for r, row in zip(rows, S):
            row[r] = 0
            c = int(row.argmax())
            i, j = sorted((ids[r], ids[c]))
            if (row[c] >= 0.35 and pairs.get((i, j), 0.0) < 0.15 and (i, j) not in excluded
                    and (i, j) not in {p for p, _, _ in sep}):
                a, b = sh[i], sh[j]
                sep.append(((i, j), "tfidf>=.35", len(a & b) / max(1, len(a | b))))
    rng.shuffle(sep)
    if wanted("tfidf"):
        out.extend(sep[:args.per_band])
    for _ in range(args.per_band if wanted("random") else 0):
        i, j = sorted(rng.sample(ids, 2))
        a, b = sh[i], sh[j]
        out.append(((i, j), "random", len(a & b) / max(1, len(a | b))))
    for (i, j), band, v in out:
        print(json.dumps({"a": i, "b": j, "band": band, "jaccard": round(v, 3),
                          "title_jaccard": round(title_jaccard(docs[i]["title"], docs[j]["title"]), 3)}))
    print(f"{len(pairs)} LSH pairs; bands: " + ", ".join(
        f"[{lo},{hi}): {sum(lo <= v < hi for v in pairs.values())}" for lo, hi in BANDS), file=sys.stderr)


if __name__ == "__main__":
    main()
