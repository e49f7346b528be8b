#!/usr/bin/env python3
"""How much of the model card's per-theme document F1 is the draw of its folds.

The card's cross-validated table comes from one partition of the labelled documents into five
folds. With 26 to 65 positive documents a theme, moving a few documents between folds moves a
theme's document F1 by several points. This script trains the theme model exactly as
`vnmonitor train-themes` does (same defaults, the model written to --out, never to the shipped
folder), then cross-validates the document roll-up again over `--repeats` random partitions
(`pipeline.themes.training.train.rollup_repeats`: the roll-up, its thresholds and its secondary
filing refitted for each; stage one's and stage two's out-of-fold scores held as training computed
them) and prints each theme's mean, spread and range, beside the card's own figure (the first
partition, training's).

    .venv/bin/python scripts/theme_rollup_repeats.py --out /tmp/themes-repeats [--repeats 8]

Needs ../shared (the corpora the labels point into); takes the training's 6-9 minutes on two cores
plus about 25 s a partition.
"""
from __future__ import annotations

import argparse
import sys

import numpy as np

from common import SHARED
from pipeline.themes.training.data import default_files
from pipeline.themes.training.train import rollup_repeats, train_from_files


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, help="folder for the trained model and its card (not models/themes)")
    ap.add_argument("--repeats", type=int, default=8, help="fold partitions, training's own included")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    if not (SHARED / "corpora").is_dir():
        print(f"error: {SHARED / 'corpora'} not found (the labels point into ../shared's corpora)", file=sys.stderr)
        return 1
    captured: dict = {}
    # the defaults `vnmonitor train-themes` uses: the sentence files, the filing decisions, the written articles
    train_from_files(out_dir=args.out, doc_decisions=next(iter(default_files("doc-decisions.tsv")), None),
                     command="scripts/theme_rollup_repeats.py " + " ".join(sys.argv[1:]), capture=captured,
                     log=lambda m: print(m, file=sys.stderr))
    if not captured:
        print("error: the training read no sentence labels, so there is no roll-up to cross-validate",
              file=sys.stderr)
        return 1
    runs = rollup_repeats(captured, repeats=args.repeats, seed=args.seed)
    print(f"document F1 of the shipped filing over {args.repeats} partitions into {captured['folds']} folds "
          f"(first: training's own)\n")
    print("| theme | card (first partition) | mean | sd | min | max |")
    print("|---|---|---|---|---|---|")
    for name, values in runs.items():
        v = np.asarray(values)
        print(f"| {name} | {v[0]:.3f} | {v.mean():.3f} | {v.std():.3f} | {v.min():.3f} | {v.max():.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
