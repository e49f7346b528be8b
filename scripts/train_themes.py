#!/usr/bin/env python3
"""Train theme-model variants side by side and score each on the gold file.

The shipped model is built by `vnmonitor train-themes` (same code path,
`pipeline.themes.training.train.train_from_files`). This script answers design
questions with numbers: each variant is trained into its own folder and
scored with `scripts/theme_baseline.py`'s scorer (the same one
`vnmonitor evaluate` uses), next to its cross-validated scores.

    .venv/bin/python scripts/train_themes.py --variants base,weak [--out /tmp/theme-variants]

Variants:
  base     hand labels only, sentence training units (the shipped recipe)
  weak     hand labels + corpora/themes/weak-*.jsonl (cue matches, down-weighted)
  passage  hand labels only, whole passages as training units

Measured 2026-11-27 (267 hand-labelled documents, 1,854 passages; weak file from
`build_theme_data.py weak` defaults: 252 documents, 2,691 passages):

  variant   cv units F1  cv docs F1  gold doc F1  gold sent F1  train CPU s
  base            0.672       0.765        0.826         0.673          153
  weak            0.691       0.796        0.778         0.688          414

Weak labels help the cross-validated scores and gold sentences a little, cost
0.048 of gold document F1 and 2.7x the training time (past the five-minute
budget), so the shipped model does not use them (`train-themes --weak` does).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from common import ROOT, SHARED  # noqa: E402,F401  (the repository, the reference data)

from pipeline.evaluate import load_gold  # noqa: E402
from pipeline.themes.training import data  # noqa: E402
from pipeline.themes.training.train import train_from_files  # noqa: E402

VARIANTS = {
    "base": {"unit": "sentence", "weak_files": []},
    "weak": {"unit": "sentence", "weak_files": "weak"},
    "passage": {"unit": "passage", "weak_files": []},
}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--variants", default="base,weak")
    ap.add_argument("--gold", default=str(SHARED / "gold" / "dev.jsonl"))
    ap.add_argument("--out", default=None, help="folder for the variant models (default: a temporary one)")
    args = ap.parse_args(argv)
    from common import score_gold, theme_pipeline

    out = Path(args.out or tempfile.mkdtemp(prefix="theme-variants-"))
    golds = load_gold(args.gold)
    rows = []
    for name in args.variants.split(","):
        spec = dict(VARIANTS[name])
        if spec["weak_files"] == "weak":
            spec["weak_files"] = data.default_files("weak-*.jsonl")
            if not spec["weak_files"]:
                sys.exit("error: no corpora/themes/weak-*.jsonl (run scripts/build_theme_data.py weak)")
        card = train_from_files(out_dir=out / name, log=lambda m: print(f"[{name}] {m}", file=sys.stderr), **spec)
        nlp = theme_pipeline(str(out / name))
        ours, base, _, _ = score_gold(nlp, golds)
        cv = card["report"]["cross_validated"]
        rows.append((name, cv["passages"]["micro"]["f1"], cv["documents"]["micro"]["f1"],
                     ours["document"]["f1"], ours["sentence"]["f1"], card["cpu_seconds"]))
        print(f"[{name}] done", file=sys.stderr)
    print(f"{'variant':<9} {'cv units F1':>11} {'cv docs F1':>10} {'gold doc F1':>11} {'gold sent F1':>12} "
          f"{'train CPU s':>11}")
    for name, cu, cd, gd, gs, cpu in rows:
        print(f"{name:<9} {cu:11.3f} {cd:10.3f} {gd:11.3f} {gs:12.3f} {cpu:11.0f}")
    print(f"cue baseline on the same gold: document F1 {base['document']['f1']:.3f}, "
          f"sentence F1 {base['sentence']['f1']:.3f}")


if __name__ == "__main__":
    main()
