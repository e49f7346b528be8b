#!/usr/bin/env python3
"""Entities on Vietnamese typed without accents (issue 12's bad input), with the accent model and
without it.

Each gold text has its accents taken off letter for letter (`pipeline.text.accents.strip_accents`:
"Đồng Nai" -> "Dong Nai", offsets unchanged), and the pipeline is scored on it twice: as shipped
(lines without accents are accented again in the normalised view) and with
`nlp.tokenizer.restore_accents = false`. The gold sets: the dev gold, the frozen random sample
(aggregates only, as always) and the unseen 20% of the training annotations, under a names model
trained without them (`--model-dir`, `vnmonitor train-ner --holdout 0.2`).

    .venv/bin/python scripts/eval_unaccented.py [--model-dir DIR] [--sets dev frozen unseen]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from common import SHARED, region_golds
from pipeline import evaluate  # noqa: E402
from pipeline.language import analyze_many, load  # noqa: E402
from pipeline.text.accents import strip_accents  # noqa: E402

LABELS = ("PERSON", "TITLE", "ORG", "LOC", "DATE", "MONEY", "PERCENT")


def gold_sets(names: list[str], shared: Path) -> dict[str, list[dict]]:
    out = {}
    if "dev" in names and (shared / "gold" / "dev.jsonl").is_file():
        out["dev"] = evaluate.load_gold(shared / "gold" / "dev.jsonl")
    if "frozen" in names:
        out["frozen"] = evaluate.standoff_gold()
    if "unseen" in names:
        out["unseen"] = region_golds(shared, 0.2, False)
    return out


def stripped(gold: dict) -> dict:
    text = strip_accents(gold["text"])
    assert len(text) == len(gold["text"])
    return {**gold, "text": text}


def score(golds: list[dict], nlp) -> dict:
    preds = list(analyze_many(((g["text"], {"id": g["id"]}) for g in golds), nlp=nlp))
    return evaluate.entity_scores(golds, preds)["strict"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--model-dir", type=Path, default=None,
                    help="names model folder (vnmonitor train-ner --holdout 0.2 --out DIR) for the unseen 20%%")
    ap.add_argument("--sets", nargs="+", default=["dev", "frozen", "unseen"], choices=["dev", "frozen", "unseen"])
    args = ap.parse_args()
    sets = gold_sets(args.sets, args.shared)
    if not sets:
        sys.exit("no gold set found (../shared missing?)")
    names_model = {"components.names.model_path": str(args.model_dir / "names-crf-stacked.crfsuite")} \
        if args.model_dir else {}
    header = f"{'set':<8}{'reading':<22}" + "".join(f"{label:>8}" for label in LABELS) + f"{'micro':>8}"
    print(header)
    for name, golds in sets.items():
        overrides = names_model if name == "unseen" else {}
        plain = [stripped(g) for g in golds]
        rows = [("with accents", golds, True), ("no accents, restored", plain, True),
                ("no accents, as typed", plain, False)]
        for label, data, restore in rows:
            nlp = load(exclude=("themes",), **overrides, **{"nlp.tokenizer.restore_accents": restore})
            strict = score(data, nlp)
            print(f"{name:<8}{label:<22}" + "".join(f"{strict[k]['f1']:8.3f}" for k in LABELS)
                  + f"{strict['micro']['f1']:8.3f}", flush=True)


if __name__ == "__main__":
    main()
