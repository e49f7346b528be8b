"""B-cubed precision, recall and F1 of the registry on hand-mapped mentions.

corpora/registry/mentions.jsonl holds agency (ORG), person and title mentions
from archive articles, as standoff (document id, offsets, kind) with the
entity each refers to, mapped by hand reading the article ("gold"). Mentions the
pipeline cut wrongly (not a person, agency or title at all) were left out.
Two sets: "first", 246 mentions from 2017 baomoi articles (corpora/registry/
aliases.tsv was drafted with those articles' frequent agency names in view, so
its figures are optimistic), and "fresh", 114 mentions from 2020-2021 dantri
articles mapped after the registry was frozen: the honest figure.

Each mentioned document is analysed by the pipeline (so that short forms such
as "ông Phúc" or "UBND tỉnh" can be resolved against the rest of the document,
as `Registry.resolve_record` does in a batch) and the registry's id for the
mention is compared with the gold entity by B-cubed: for every mention, the share
of its predicted cluster that is in its gold cluster (precision) and the share
of its gold cluster that is in its predicted cluster (recall), averaged.
The baseline is the mention as written (exact string): what the tables count today.

    python scripts/eval_registry.py
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from common import ROOT, load_docs  # noqa: E402  (the repository and the reference data)

from pipeline.coverage.registry import Registry  # noqa: E402

MENTIONS = ROOT / "corpora" / "registry" / "mentions.jsonl"


def bcubed(pred: list[str], gold: list[str]) -> tuple[float, float, float]:
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for i, (p, g) in enumerate(zip(pred, gold)):
        by_pred[p].add(i)
        by_gold[g].add(i)
    P = R = 0.0
    for i, (p, g) in enumerate(zip(pred, gold)):
        both = len(by_pred[p] & by_gold[g])
        P += both / len(by_pred[p])
        R += both / len(by_gold[g])
    n = len(pred)
    P, R = P / n, R / n
    return P, R, 2 * P * R / (P + R)


def main():
    mentions = [json.loads(l) for l in MENTIONS.read_text(encoding="utf-8").splitlines() if l.strip()]
    need = {m["doc"] for m in mentions}
    texts = {i: d["text"] for i, d in load_docs(need).items()}
    from pipeline.language import analyze, default_nlp

    nlp = default_nlp()
    reg = Registry()
    resolved = {}
    for doc_id in sorted(need):
        rec = analyze(texts[doc_id], nlp, id=doc_id)
        res = reg.resolve_record(rec)
        for e, x in zip(rec["entities"], res["entities"]):
            if x:
                resolved[(doc_id, e["start"], e["end"])] = x["entity_id"]
    pred, base, gold, kinds, sets = [], [], [], [], []
    in_context = 0
    for m in mentions:
        surface = texts[m["doc"]][m["start"]:m["end"]]
        if m["kind"] == "title":
            p = reg.title(surface)
        else:
            p = resolved.get((m["doc"], m["start"], m["end"]))
            if p is None:
                x = reg.agency(surface) if m["kind"] == "org" else reg.person(surface)
                p = x and (x.agency_id if m["kind"] == "org" else x.person_id)
            else:
                in_context += 1
        pred.append(f"{m['kind']}:{p}")
        base.append(f"{m['kind']}:{surface}")
        gold.append(f"{m['kind']}:{m['gold']}")
        kinds.append(m["kind"])
        sets.append(m.get("set", "first"))
    print(f"{len(mentions)} hand-mapped mentions in {len(need)} documents "
          f"({', '.join(f'{k} {kinds.count(k)}' for k in ('org', 'person', 'title'))}); "
          f"{in_context} resolved with their document's context")
    for which in ("fresh", "first", None):
        print(f"set {which or 'both'}:")
        for k in ("org", "person", "title", None):
            idx = [i for i, kk in enumerate(kinds) if (k is None or kk == k) and (which is None or sets[i] == which)]
            P, R, F = bcubed([pred[i] for i in idx], [gold[i] for i in idx])
            bP, bR, bF = bcubed([base[i] for i in idx], [gold[i] for i in idx])
            ng = len({gold[i] for i in idx})
            print(f"  {k or 'all':6} n={len(idx):3} gold entities {ng:3}: B-cubed P {P:.3f} R {R:.3f} F1 {F:.3f}"
                  f"   (as written: P {bP:.3f} R {bR:.3f} F1 {bF:.3f})")
    # the gold entities split over several ids, and ids joining several gold entities
    by_gold = defaultdict(set)
    by_pred = defaultdict(set)
    for p, g in zip(pred, gold):
        by_gold[g].add(p)
        by_pred[p].add(g)
    for g, ps in sorted(by_gold.items()):
        if len(ps) > 1:
            print(f"  split: {g} -> {len(ps)} ids")
    for p, gs in sorted(by_pred.items()):
        if len(gs) > 1:
            print(f"  merged: {sorted(gs)}")


if __name__ == "__main__":
    main()
