"""Ablation of the names stage: rules alone, model alone, both, on a gold file.

Modes (`components.names.mode`):
- rules: lexicons + name grammar (pipeline/entities/rules.py);
- model: the plain CRF (lexicon features, no rules), models/ner/names-crf.crfsuite;
- both:  the CRF stacked on the rules' tags, models/ner/names-crf-stacked.crfsuite;
- merge: rules first, the plain CRF fills the gaps (a naive combination, for reference).

For each mode it prints strict F1 per name label, micro strict/lenient F1 over
all labels, officials F1 (person, title) and the names+officials time as a
ratio of tokenisation time measured in the same process.

    .venv/bin/python scripts/ablation.py ../shared/gold/dev.jsonl
    .venv/bin/python scripts/ablation.py ../shared/gold/dev.jsonl --modes rules both --json
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
from common import ROOT, SHARED  # noqa: E402,F401  (the repository, the reference data)

import pipeline  # noqa: E402
from common import timing  # noqa: E402
from pipeline.evaluate import evaluate_file, load_gold  # noqa: E402

NAME_LABELS = ("PERSON", "TITLE", "ORG", "LOC")


def run(gold: Path, mode: str, repeat: int) -> dict:
    nlp = pipeline.load(exclude=("themes",), **{"components.names.mode": mode})
    report = evaluate_file(gold, nlp)
    texts = [g["text"] for g in load_gold(gold)]
    t_tok, t_names, _ = timing(nlp, texts, repeat)
    ents = report["entities"]
    return {
        "mode": mode,
        **{label: ents["strict"][label]["f1"] for label in NAME_LABELS},
        "micro_strict": ents["strict"]["micro"]["f1"],
        "micro_lenient": ents["lenient"]["micro"]["f1"],
        "officials_f1": report["officials"]["f1"],
        "time_ratio": t_names / t_tok,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", type=Path)
    ap.add_argument("--modes", nargs="+", default=["rules", "model", "both", "merge"])
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rows = [run(args.gold, mode, args.repeat) for mode in args.modes]
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    cols = [*NAME_LABELS, "micro_strict", "micro_lenient", "officials_f1", "time_ratio"]
    print(f"{'mode':6s} " + " ".join(f"{c:>13s}" for c in cols))
    for r in rows:
        print(f"{r['mode']:6s} " + " ".join(f"{r[c]:13.3f}" for c in cols))
    print("time_ratio = names+officials seconds / tokenisation seconds (same docs, same process)")


if __name__ == "__main__":
    main()
