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

`--file` scores any sentence-label file in the same format instead.
"""
from __future__ import annotations

import argparse
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
    ap.add_argument("models", nargs="+", help="theme model folders (vnmonitor train-themes --out DIR)")
    args = ap.parse_args(argv)
    if not na.SHARED.is_dir():
        print(f"error: the reference corpora ({na.SHARED}) are needed for the texts", file=sys.stderr)
        return 1
    records = draw_records(args.draw, args.file)
    if not records:
        print("error: no labelled documents in that draw", file=sys.stderr)
        return 1
    golds = evaluate.regions_gold(records, na.SHARED / "corpora")
    print(f"{len(golds)} documents, {sum(1 for g in golds if g['themes'])} filed under a theme")
    for model in args.models:
        nlp = load(exclude=("names", "officials"), **{"components.themes.model_dir": str(model)})
        scores = evaluate.theme_scores(golds, evaluate.predict(golds, nlp))
        d, s = scores["document"], scores["sentence"]
        print(f"{model}: document P {d['precision']:.3f} R {d['recall']:.3f} F1 {d['f1']:.3f} | "
              f"sentence P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
