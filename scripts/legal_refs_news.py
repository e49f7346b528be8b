#!/usr/bin/env python3
"""LEGAL_REF on news: how many citations the finder marks in news articles, and a sample to read.

The "admin" component runs the LEGAL_REF finder on news too (articles cite
decrees and decisions), so it must not mark junk there: scores, dates, codes
of products or football results. This draws N baomoi-2017 articles at random
(seeded), leaving out the dev gold and the frozen sample, and prints how many
articles are read as administrative documents (should be 0), the LEGAL_REF
count per type and a random sample of spans with their context, to eyeball.

    .venv/bin/python scripts/legal_refs_news.py [--n 1000] [--show 40] [--seed 14]
"""
from __future__ import annotations

import argparse
import json
import random
from collections import Counter

from common import ROOT, corpus_path, gold_ids, iter_corpus_docs  # noqa: E402

from pipeline.admin import find_legal_refs, read_document  # noqa: E402


def frozen_ids() -> set[str]:
    """Ids of the frozen sample (left out; only its ids are read)."""
    path = ROOT / "corpora" / "frozen" / "annotations.jsonl"
    if not path.exists():
        return set()
    return {json.loads(line)["doc"] for line in path.open(encoding="utf-8") if line.strip()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--show", type=int, default=40)
    ap.add_argument("--seed", type=int, default=14)
    args = ap.parse_args()
    skip = frozen_ids() | gold_ids()
    docs = [d for d in iter_corpus_docs(corpus_path("baomoi-2017")) if d["id"] not in skip]
    rng = random.Random(args.seed)
    docs = rng.sample(docs, min(args.n, len(docs)))
    as_admin, refs, by_type, with_refs = 0, [], Counter(), 0
    for d in docs:
        text = d["text"]
        if read_document(text) is not None:
            as_admin += 1
        found = find_legal_refs(text)
        with_refs += bool(found)
        for r in found:
            by_type[r.type] += 1
            refs.append((d["id"], text[max(0, r.start - 40):r.start], text[r.start:r.end],
                         text[r.end:r.end + 30], r.value))
    print(f"{len(docs)} baomoi-2017 articles (seed {args.seed}): {as_admin} read as administrative documents;"
          f" {len(refs)} LEGAL_REF in {with_refs} articles")
    print("by type: " + ", ".join(f"{t} {n}" for t, n in by_type.most_common()))
    for doc_id, left, span, right, value in rng.sample(refs, min(args.show, len(refs))):
        left, right = " ".join(left.split()), " ".join(right.split())
        print(f"  {doc_id}: …{left}[[{span}]]{right}…  {json.dumps(value, ensure_ascii=False)}")


if __name__ == "__main__":
    main()
