#!/usr/bin/env python3
"""Theme models scored on one random draw of sentence-labelled archive documents.

Session 27 labelled five random draws of the archives (`origin` "draw:a:..." to "draw:e:..."): for
each, 1,500 unlabelled articles drawn at random, the pipeline run on each one's labelling region,
and every article that a model gave a theme labelled sentence by sentence, with 18-21 it gave none
("draw:X:random"). On such a draw a model's document precision is what it would be on a random
sample of the archive; its recall counts only the themes inside the labelled articles (in the five
draws, none of the 93 articles no model flagged was filed under a theme). Draws a, b and d are
training data (corpora/themes/sentences-*.jsonl); draws c and e are held out
(corpora/themes/heldout-draw-c.jsonl, heldout-draw-e.jsonl, refused by the labelling tools like the
frozen samples), so they score the shipped model and any retraining:

    .venv/bin/python scripts/theme_draw_eval.py --draw c models/themes /tmp/other-model
    .venv/bin/python scripts/theme_draw_eval.py --draw e models/themes /tmp/other-model

`--file` scores any sentence-label file in the same format instead. `--all` scores every set a theme
model is judged on, one after the other, and pooled: the dev gold, the frozen random and cue-drawn
samples and draws c and e (336 filed document-theme pairs together; one set alone moves by a few
decisions between two trainings), with the pooled document counts per theme. Aggregates only:

    .venv/bin/python scripts/theme_draw_eval.py --all models/themes /tmp/other-model
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from common import annotation as na  # noqa: E402
from common.annotation import read_jsonl  # noqa: E402
from pipeline import evaluate  # noqa: E402
from pipeline.language import load  # noqa: E402

THEMES_DIR = na.ROOT / "corpora" / "themes"


def draw_records(draw: str | None, file: Path | None) -> list[dict]:
    if file is not None:
        return list(read_jsonl(file))
    paths = [p for p in sorted(THEMES_DIR.glob("sentences-*.jsonl")) if "second" not in p.name]
    paths += sorted(THEMES_DIR.glob("heldout-draw-*.jsonl"))
    return [r for p in paths for r in read_jsonl(p) if (r.get("origin") or "").startswith(f"draw:{draw}:")]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--draw", help="the draw's letter (origin draw:LETTER:...)")
    src.add_argument("--file", type=Path, help="a sentence-label file (corpora/themes format)")
    src.add_argument("--all", action="store_true", help="dev, both frozen samples, draws c and e, and pooled")
    ap.add_argument("models", nargs="+", help="theme model folders (vnmonitor train-themes --out DIR)")
    ap.add_argument("--set", nargs=2, action="append", default=[], metavar=("KEY", "VALUE"),
                    help="config override (a JSON value), as theme_baseline.py takes it, e.g. "
                         "--set components.themes.section_sentences 0")
    args = ap.parse_args(argv)
    settings = {k: json.loads(v) for k, v in args.set}
    if not na.SHARED.is_dir():
        print(f"error: the reference corpora ({na.SHARED}) are needed for the texts", file=sys.stderr)
        return 1
    if args.all:
        return score_all(args.models, settings)
    records = draw_records(args.draw, args.file)
    if not records:
        print("error: no labelled documents in that draw", file=sys.stderr)
        return 1
    golds = evaluate.regions_gold(records, na.SHARED / "corpora")
    print(f"{len(golds)} documents, {sum(1 for g in golds if g['themes'])} filed under a theme")
    for model in args.models:
        nlp = load(exclude=("names", "officials"), **{"components.themes.model_dir": str(model), **settings})
        scores = evaluate.theme_scores(golds, evaluate.predict(golds, nlp))
        d, s = scores["document"], scores["sentence"]
        print(f"{model}: document P {d['precision']:.3f} R {d['recall']:.3f} F1 {d['f1']:.3f} | "
              f"sentence P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}")
    return 0


def score_all(models, settings=None) -> int:
    """Every theme evaluation set, and the counts pooled over them."""
    from collections import Counter

    from pipeline.metrics import prf

    sets = {"dev": evaluate.load_gold(na.SHARED / "gold" / "dev.jsonl"),
            "frozen random": evaluate.standoff_gold(evaluate.FROZEN_SAMPLE, na.SHARED / "corpora"),
            "frozen cue": evaluate.standoff_gold(evaluate.FROZEN_THEMES, na.SHARED / "corpora")}
    for letter in "ce":
        sets[f"draw {letter}"] = evaluate.regions_gold(draw_records(letter, None), na.SHARED / "corpora")
    counted = ("tp", "fp", "fn")
    for model in models:
        nlp = load(exclude=("names", "officials"), **{"components.themes.model_dir": str(model), **(settings or {})})
        pooled = {"document": Counter(), "sentence": Counter()}
        per_theme: dict[str, Counter] = {}
        print(model)
        for name, golds in sets.items():
            scores = evaluate.theme_scores(golds, evaluate.predict(golds, nlp))
            for unit, counts in pooled.items():
                counts.update({k: scores[unit][k] for k in counted})
            for theme, unit_scores in scores.get("per_theme", {}).items():
                per_theme.setdefault(theme, Counter()).update({k: unit_scores["document"][k] for k in counted})
            print(f"  {name:<14} document F1 {scores['document']['f1']:.3f} | sentence F1 {scores['sentence']['f1']:.3f}")
        doc, sent = (prf(*(pooled[unit][k] for k in counted)) for unit in ("document", "sentence"))
        print(f"  {'pooled':<14} document F1 {doc['f1']:.3f} (TP {doc['tp']} FP {doc['fp']} FN {doc['fn']}) | "
              f"sentence F1 {sent['f1']:.3f}")
        for theme, c in sorted(per_theme.items()):
            print(f"    {theme:<28} documents TP {c['tp']:3d} FP {c['fp']:3d} FN {c['fn']:3d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
