#!/usr/bin/env python3
"""Document theme decisions compared on the gold sets (aggregates only; the frozen samples' errors
are never printed).

Runs the pipeline once per set and scores three document decisions from the same output: the
learned roll-up alone, the roll-up with secondary themes (`rollup_secondary`, shipped: a document
the roll-up files under one theme also takes every theme one of its sentences takes) and the
roll-up with every theme any sentence takes (`rollup_min_units = 1`). The frozen cue sample is
scored as labelled and with the filing decisions of corpora/themes/doc-decisions.tsv applied.

    .venv/bin/python scripts/theme_filing.py [--model-dir DIR]
"""
from __future__ import annotations

import argparse
import copy

from common import ROOT

from pipeline import evaluate as ev
from pipeline.language import load
from pipeline.resources import shared_dir
from pipeline.themes.training.data import read_doc_decisions


def decided(golds: list[dict], decisions) -> list[dict]:
    out = copy.deepcopy(golds)
    for g in out:
        carried = {t for s in g["sentences"] for t in s["themes"]}
        g["themes"] = list(g["themes"]) + sorted(t for t in carried - set(g["themes"]) if decisions.get((g["id"], t)))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model-dir", default=None, help="theme model folder (default: the shipped one)")
    args = ap.parse_args(argv)
    overrides = {"components.themes.rollup_secondary": False}
    if args.model_dir:
        overrides["components.themes.model_dir"] = args.model_dir
    nlp = load(exclude=("admin",), **overrides)
    cue = ev.standoff_gold(ev.FROZEN_THEMES)
    sets = {"dev": ev.load_gold(shared_dir() / "gold" / "dev.jsonl"), "frozen random": ev.standoff_gold(),
            "frozen cue": cue,
            "frozen cue, decisions": decided(cue, read_doc_decisions(ROOT / "corpora/themes/doc-decisions.tsv"))}
    rules = {"roll-up": lambda roll, sent: roll, "secondary": lambda roll, sent: roll | sent if roll else roll,
             "any sentence": lambda roll, sent: roll | sent}
    print(f"{'set':24s}" + "".join(f"{r:>26s}" for r in rules))
    preds = {}
    for name, golds in sets.items():
        key = "frozen cue" if name.startswith("frozen cue") else name
        preds[key] = preds.get(key) or ev.predict(golds, nlp)
        row = []
        for rule in rules.values():
            tp = fp = fn = 0
            for g, p in zip(golds, preds[key]):
                pred = rule(ev._theme_ids(p["themes"]), {t["id"] for s in p["sentences"] for t in s.get("themes", [])})
                gold = set(g["themes"])
                tp, fp, fn = tp + len(pred & gold), fp + len(pred - gold), fn + len(gold - pred)
            f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
            row.append(f"{f1:.3f} (tp {tp} fp {fp} fn {fn})")
        print(f"{name:24s}" + "".join(f"{c:>26s}" for c in row), flush=True)


if __name__ == "__main__":
    main()
