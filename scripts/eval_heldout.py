"""Entities on hand annotations the NER model never trained on.

The dev gold (`vnmonitor evaluate ../shared/gold/dev.jsonl`) is what the rules
were read against; this is the second opinion. It takes the held-out share of
corpora/ner/annotations.jsonl (the same hash split as `vnmonitor train-ner`),
runs the whole pipeline on each annotated region as a document, and prints
the same entity and value scores as `vnmonitor evaluate`.

    .venv/bin/python scripts/eval_heldout.py [--holdout 0.2] [--all] [--annotations FILE]

`--headlines` scores only the first line (the headline) of each region, and
`--upper` turns those lines to capitals, as headlines, report headers and
signature blocks often come (issue 12's error class 7): the two together
against `--headlines` alone show what capitals cost. `--caps-headline` keeps each region's body
below its first line in capitals and scores that line alone: the body is what the names stage reads
a capitals line's case from (`pipeline/entities/truecase.py`).

`--annotations` scores another standoff file in the same format (a new batch
before it joins the training data, say), every region of it with `--all`.

`--model-dir DIR` runs the names CRF of another `vnmonitor train-ner --out DIR` (a model trained
with `--holdout 0.2`, say, whose held-out share of the training annotations is then unseen text
whose errors may be read). `--errors LABEL` lists that label's missed and spurious spans with their
context; it refuses the held-out sets (heldout-*.jsonl, the frozen sample), whose errors are never read.

`--by-section` adds strict F1 per news section (the section each region was labelled with while
annotating), and `--section NAME` scores one section's regions only: with a `--holdout 0.2` model,
which sections lag on unseen text, and then their errors.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from common import ROOT, SHARED  # noqa: E402,F401  (the repository, the reference data)

from pipeline import evaluate  # noqa: E402
# the same split and corpus loading the NER model was trained with
from common import region_golds  # noqa: E402
from common.annotation import HELDOUT_NER  # noqa: E402  (the NER batches scored, never trained on)
from pipeline.language import analyze_many, load  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--holdout", type=float, default=0.2)
    ap.add_argument("--all", action="store_true", help="every region (the model trained on 80%% of them)")
    ap.add_argument("--annotations", type=Path, default=None,
                    help="standoff file to score (default: corpora/ner/annotations.jsonl)")
    ap.add_argument("--headlines", action="store_true", help="score the first line of each region only")
    ap.add_argument("--upper", action="store_true", help="in capitals")
    ap.add_argument("--caps-headline", action="store_true",
                    help="the first line in capitals above the body as written; only the first line scored")
    ap.add_argument("--model-dir", type=Path, default=None,
                    help="folder of another names model (vnmonitor train-ner --out DIR)")
    ap.add_argument("--section", default=None, help="score the regions of this news section only")
    ap.add_argument("--by-section", action="store_true",
                    help="strict F1 per news section as well (the section each region was labelled with)")
    ap.add_argument("--errors", metavar="LABEL", default=None,
                    help="list this label's missed (FN) and spurious (FP) spans; refused on held-out sets")
    args = ap.parse_args()
    if args.errors and args.annotations and (args.annotations.resolve() in {f.resolve() for f in HELDOUT_NER}
                                             or "frozen" in args.annotations.parts):
        raise SystemExit(f"{args.annotations} is a held-out set: its errors are never read")
    golds = region_golds(args.shared, args.holdout, args.all, args.annotations, args.headlines, args.upper,
                         args.caps_headline)
    if args.section:
        golds = [g for g in golds if g["section"] == args.section]
    overrides = {"components.names.model_path": str(args.model_dir / "names-crf-stacked.crfsuite")} \
        if args.model_dir else {}
    nlp = load(exclude=("themes",), **overrides)
    preds = list(analyze_many(((g["text"], {"id": g["id"]}) for g in golds), nlp=nlp))
    for g, p in zip(golds, preds):
        if g["score_end"] is not None:
            p["entities"] = [e for e in p["entities"] if e["end"] <= g["score_end"]]
    # value accuracy only where the annotator wrote a value
    golds_with_values = [{**g, "entities": [e for e in g["entities"] if e["has_value"]]} for g in golds]
    entities = evaluate.entity_scores(golds, preds)
    values = evaluate.value_accuracy(golds_with_values, preds)
    n_gold = sum(len(g["entities"]) for g in golds)
    print(f"{len(golds)} regions from {args.annotations or 'corpora/ner'} ({'all' if args.all else f'held-out hash share {args.holdout}'}),"
          f" {n_gold} entities")
    print(f"{'label':<9}{'strict P':>9}{'R':>7}{'F1':>7}{'lenient F1':>12}{'gold':>6}")
    for label in list(evaluate.LABELS) + ["micro"]:
        st, le = entities["strict"][label], entities["lenient"][label]
        print(f"{label:<9}{st['precision']:9.3f}{st['recall']:7.3f}{st['f1']:7.3f}{le['f1']:12.3f}{st['tp'] + st['fn']:6d}")
    for label, s in values.items():
        print(f"value {label:<8} accuracy {'-' if s['accuracy'] is None else format(s['accuracy'], '.3f')} over {s['matched']}")
    if args.by_section:
        print_sections(golds, preds)
    if args.errors:
        print(f"\n{args.errors} errors (FN: annotated span not predicted exactly; FP: predicted span not annotated)")
        for line in span_errors(golds, preds, args.errors):
            print(line)


def print_sections(golds: list[dict], preds: list[dict]) -> None:
    """Strict micro F1 and the weakest labels' F1 per section, largest section first."""
    by: dict[str, list[int]] = {}
    for k, g in enumerate(golds):
        by.setdefault(g["section"], []).append(k)
    print(f"\n{'section':<14}{'regions':>8}{'gold':>6}{'strict F1':>10}  PERSON   ORG    LOC  TITLE")
    for section, ks in sorted(by.items(), key=lambda kv: -len(kv[1])):
        strict = evaluate.entity_scores([golds[k] for k in ks], [preds[k] for k in ks])["strict"]
        cells = "".join(f"{strict[label]['f1']:7.3f}" if strict[label]["tp"] + strict[label]["fn"] else "      -"
                        for label in ("PERSON", "ORG", "LOC", "TITLE"))
        gold = strict["micro"]["tp"] + strict["micro"]["fn"]
        print(f"{section:<14}{len(ks):8d}{gold:6d}{strict['micro']['f1']:10.3f}{cells}")


def span_errors(golds: list[dict], preds: list[dict], label: str) -> list[str]:
    """`vnmonitor evaluate`'s strict misses of one label (`evaluate.entity_errors`), each with 40
    characters of context either side and, for a miss, the label predicted on the same span."""
    texts = {g["id"]: g["text"] for g in golds}
    predicted = {(p["id"], e["start"], e["end"]): e["label"] for p in preds for e in p["entities"]}
    out = []
    for err in evaluate.entity_errors(golds, preds, labels=(label,)):
        text, s, e = texts[err["id"]], err["start"], err["end"]
        other = predicted.get((err["id"], s, e)) if err["kind"] == "fn" else None
        ctx = (text[max(0, s - 40):s] + "[" + text[s:e] + "]" + text[e:e + 40]).replace("\n", " / ")
        out.append(f"{err['id']} {err['kind'].upper()}{f' (predicted {other})' if other else ''}: {ctx}")
    return out

if __name__ == "__main__":
    main()
