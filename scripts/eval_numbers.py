#!/usr/bin/env python3
"""DATE / MONEY / PERCENT: scores and speed of `find_numeric` on its own.

Scores on two sets, with the metric functions of `pipeline.evaluate`:
- the gold file (default ../shared/gold/dev.jsonl);
- the team's standoff NER regions (corpora/ner/annotations.jsonl), texts read
  from ../shared/corpora at run time; annotated by another engineer, never
  used to write the patterns, so a second held-out check.

Speed: time of the "numbers" component against tokenisation alone
(`nlp.make_doc`) on the same documents, measured in this process.

    .venv/bin/python scripts/eval_numbers.py [--gold PATH] [--shared DIR] [--docs 200]
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from common import ROOT, SHARED  # noqa: E402,F401  (the repository, the reference data)

from pipeline import evaluate as ev  # noqa: E402
from pipeline.entities.numbers import NumericEntities, find_numeric  # noqa: E402

LABELS = ("DATE", "MONEY", "PERCENT")


def numeric_only(record: dict) -> dict:
    return {"entities": [e for e in record.get("entities") or [] if e["label"] in LABELS]}


def predicted(text: str, start: int = 0, end: int | None = None) -> dict:
    end = len(text) if end is None else end
    return {"entities": [e.to_dict() for e in find_numeric(text) if start <= e.start and e.end <= end]}


def print_scores(name: str, golds: list[dict], preds: list[dict]) -> None:
    scores = ev.entity_scores(golds, preds, labels=LABELS)
    values = ev.value_accuracy(golds, preds)
    print(f"\n{name}: {len(golds)} documents")
    print(f"{'label':<8} {'strict P':>8} {'R':>6} {'F1':>6}  {'lenient F1':>10}  {'value acc':>9}  {'gold':>4} {'pred':>4}")
    for label in LABELS + ("micro",):
        s, l_ = scores["strict"][label], scores["lenient"][label]
        v = values.get(label if label != "micro" else "all")
        print(f"{label:<8} {s['precision']:>8.3f} {s['recall']:>6.3f} {s['f1']:>6.3f}  {l_['f1']:>10.3f}"
              f"  {'-' if v['accuracy'] is None else format(v['accuracy'], '.3f'):>9}  {s['tp'] + s['fn']:>4} {s['tp'] + s['fp']:>4}")


def load_corpus_texts(shared: Path, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    texts = {}
    for corpus in {c for c, _ in wanted}:
        path = shared / "corpora" / f"{corpus}.jsonl.gz"
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if (corpus, rec["id"]) in wanted:
                    texts[(corpus, rec["id"])] = rec["text"]
    return texts


def standoff_sets(shared: Path, path: Path):
    regions = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = load_corpus_texts(shared, {(r["corpus"], r["doc"]) for r in regions})
    golds, preds = [], []
    for r in regions:
        text = texts.get((r["corpus"], r["doc"]))
        if text is None:
            continue
        golds.append(numeric_only(r))
        preds.append(predicted(text, r["start"], r["end"]))
    return golds, preds


def bench(docs: list[str]) -> None:
    import pipeline

    nlp = pipeline.load(exclude=tuple(n for n in pipeline.load().pipe_names))  # tokenizer only
    component = NumericEntities()
    started = time.perf_counter()
    made = [nlp.make_doc(t) for t in docs]
    tokenise = time.perf_counter() - started
    started = time.perf_counter()
    for doc in made:
        component(doc)
    numbers = time.perf_counter() - started
    print(f"\nspeed on {len(docs)} documents: tokenisation {tokenise:.2f}s, numbers {numbers:.3f}s, "
          f"numbers/tokenisation = {numbers / tokenise:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--gold", default=str(SHARED / "gold" / "dev.jsonl"))
    parser.add_argument("--shared", default=str(SHARED))
    parser.add_argument("--standoff", default=str(ROOT / "corpora" / "ner" / "annotations.jsonl"))
    parser.add_argument("--docs", type=int, default=200, help="baomoi documents for the speed ratio (0: skip)")
    args = parser.parse_args()

    golds = ev.load_gold(args.gold)
    print_scores(f"gold {args.gold}", [numeric_only(g) for g in golds], [predicted(g["text"]) for g in golds])

    standoff = Path(args.standoff)
    if standoff.exists():
        print_scores(f"standoff regions {standoff.relative_to(ROOT)}", *standoff_sets(Path(args.shared), standoff))

    if args.docs:
        docs = []
        with gzip.open(Path(args.shared) / "corpora" / "baomoi-2017.jsonl.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                docs.append(json.loads(line)["text"])
                if len(docs) >= args.docs:
                    break
        bench(docs)


if __name__ == "__main__":
    main()
