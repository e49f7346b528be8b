"""Officials (person, title, org) on the hand-annotated officials set (corpora/ner/officials.jsonl).

300 regions of corpora/ner drawn at random across every news section (see corpora/ner/README.md,
"Officials"), each run through the pipeline as a document and scored with `vnmonitor evaluate`'s
scorer (`pipeline.evaluate.official_scores`: distinct (person, title) pairs per region, org
accuracy over the matched pairs).

The set is split in two by a hash of the document id: `tune`, whose errors may be read while
writing rules, and `check`, whose errors are never printed (`--errors` refuses it).

    .venv/bin/python scripts/eval_officials.py                   # all, tune, check; per section
    .venv/bin/python scripts/eval_officials.py --split tune --errors
    .venv/bin/python scripts/eval_officials.py --gold-entities   # the linker alone, on the hand entities

`--file corpora/ner/officials-seventh.jsonl` scores a second set instead: 142 regions of the
seventh NER batch that hold a TITLE, officials listed by hand from the settled entities
(2026-12-03). Its errors were read while changing the linker, so it has no check half.

The shipped NER model trained on about 80% of these regions (its hash split), so its entities
are better here than on unseen text; the report gives the regions it held out apart, and
`--gold-entities` scores the linker with entity errors taken out altogether.

`--model-dir DIR` runs the names CRF of another `vnmonitor train-ner --out DIR`; with a model trained
with `--holdout 0.2`, `--unseen` keeps the regions of that hold-out only, so the entities (and the
officials read from them) are those of unseen text, and their errors may be read (`--errors`) on
training sets. The held-out officials sets (officials-ninth.jsonl, officials-twelfth.jsonl) are refused
with `--errors`.

`--breakdown` counts the pipeline's missed and added pairs by what explains them (the linker on
the hand entities too, the person entity, the title entity, or the link alone): counts only, so
it runs on held-out sets and, with `--frozen`, on the frozen sample as well.

`--frozen` scores the frozen random sample (corpora/frozen) instead, aggregate only: with and
without `--gold-entities`, it tells entity errors from linking errors without reading either.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from common import load_docs
from common.officials import OFFICIALS, gold_records

from pipeline import evaluate
from pipeline.entities.officials import default_linker, with_signers
from pipeline.entities.officials.component import find_officials
from pipeline.entities.officials.training import HELD_OUT_SETS
from pipeline.entities.types import Entity
from pipeline.language import load


def predict_gold_entities(golds: list[dict], nlp) -> list[dict]:
    """Officials the linker reads from the hand-annotated entities (the pipeline's sentences)."""
    linker = default_linker()
    component = dict(nlp.pipeline).get("officials")
    scorer, unnamed = (component.scorer, component.unnamed) if component is not None else (None, None)
    out = []
    for g in golds:
        doc = nlp.make_doc(g["text"])
        ents = [Entity(e["label"], e["start"], e["end"], e["text"], e.get("value"))
                for e in sorted(g["entities"], key=lambda e: e["start"])]
        found = [o.to_dict() for o in find_officials(g["text"], ents, doc._.sentence_spans or [], linker, scorer,
                                                      unnamed)]
        out.append({"id": g["id"], "entities": g["entities"], "officials": with_signers(found, [])})
    return out


def _line(name: str, s: dict) -> str:
    return (f"{name:<22} P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}"
            f"  (gold {s['tp'] + s['fn']}, pred {s['tp'] + s['fp']}, regions {s['regions']});"
            f" org accuracy {'-' if s['org']['accuracy'] is None else format(s['org']['accuracy'], '.3f')} over {s['org']['matched']}")


def scores(golds, preds, keep) -> dict:
    idx = [i for i, g in enumerate(golds) if keep(g)]
    s = evaluate.official_scores([golds[i] for i in idx], [preds[i] for i in idx])
    s["regions"] = len(idx)
    return s


def errors(golds: list[dict], preds: list[dict]) -> list[str]:
    """Missed and spurious (person, title) pairs with the text around them."""
    out = []
    for g, p in zip(golds, preds, strict=True):
        gk, pk = evaluate._offices(g), evaluate._offices(p)
        text = g["text"]
        lines = []
        for o in g["officials"]:
            key = (evaluate.norm_name(o["person"]), evaluate.norm_name(o["title"]))
            if key not in pk:
                at = text.find(o["person"] or o["title"])
                ctx = text[max(0, at - 60):at + 90].replace("\n", " ") if at >= 0 else ""
                lines.append(f"  FN {o['person']} | {o['title']} | {o['org']}    «{ctx}»")
        for o in p["officials"]:
            key = (evaluate.norm_name(o["person"]), evaluate.norm_name(o["title"]))
            if key not in gk:
                ctx = text[max(0, o["start"] - 50):o["end"] + 30].replace("\n", " ")
                lines.append(f"  FP {o['person']} | {o['title']} | {o['org']}    «{ctx}»")
        for key in gk.keys() & pk.keys():
            if not gk[key] & pk[key]:
                lines.append(f"  ORG {key[0] or '-'} | {key[1]}: gold {sorted(gk[key])} pred {sorted(pk[key])}")
        if lines:
            out.append(f"{g['id']} [{g['section']}]")
            out.extend(dict.fromkeys(lines))
    return out


def error_classes(golds: list[dict], hand: list[dict], preds: list[dict]) -> Counter:
    """Counts of the pipeline's missed (FN) and added (FP) pairs, each in the first class that explains
    it: the linker does the same on the hand entities, the person entity differs, the title entity
    differs, or both entities are right and linked otherwise; "[unnamed]" marks an office with no
    person. Counts only, so held-out sets may be broken down."""
    out: Counter = Counter()
    for g, h, p in zip(golds, hand, preds, strict=True):
        gk, hk, pk = evaluate._offices(g), evaluate._offices(h), evaluate._offices(p)
        spans = {"FN": {(e["label"], evaluate.norm_name(e["text"])) for e in p["entities"]},
                 "FP": {(e["label"], evaluate.norm_name(e["text"])) for e in g["entities"]}}
        for kind, keys, linker_same in (("FN", gk.keys() - pk.keys(), lambda k: k not in hk),
                                        ("FP", pk.keys() - gk.keys(), lambda k: k in hk)):
            for person, title in keys:
                if linker_same((person, title)):
                    cls = "linker, on the hand entities too"
                elif person and ("PERSON", person) not in spans[kind]:
                    cls = "person entity differs"
                elif ("TITLE", title) not in spans[kind]:
                    cls = "title entity differs"
                else:
                    cls = "both entities right, linked otherwise"
                out[f"{kind} {cls}{'' if person else ' [unnamed]'}"] += 1
    return out


def _predict(golds: list[dict], args):
    """The pipeline as the options set it (`--linker-only`, `--without-unnamed`, `--model-dir`), and its
    records for `golds` (from the hand entities with `--gold-entities`)."""
    off = ("scorer", "unnamed") if args.linker_only else ("unnamed",) if args.without_unnamed else ()
    overrides = {f"components.officials.{name}": False for name in off}
    if args.model_dir:
        overrides["components.names.model_path"] = str(args.model_dir / "names-crf-stacked.crfsuite")
    if args.breakdown and args.gold_entities:
        raise SystemExit("--breakdown compares the pipeline's entities with the hand ones: drop --gold-entities")
    nlp = load(exclude=("themes",), **overrides)
    return nlp, predict_gold_entities(golds, nlp) if args.gold_entities else evaluate.predict(golds, nlp)


def _print_breakdown(golds: list[dict], preds: list[dict], nlp) -> None:
    for cls, n in sorted(error_classes(golds, predict_gold_entities(golds, nlp), preds).items()):
        print(f"{n:5d}  {cls}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("tune", "check"), help="score one half only (default: all)")
    ap.add_argument("--errors", action="store_true", help="list the errors (tune half only)")
    ap.add_argument("--gold-entities", action="store_true",
                    help="link the hand-annotated entities instead of the pipeline's")
    ap.add_argument("--json", action="store_true", help="the scores as one JSON object")
    ap.add_argument("--linker-only", action="store_true",
                    help="the linker without its learned models (components.officials.scorer and .unnamed = false)")
    ap.add_argument("--without-unnamed", action="store_true",
                    help="the linker and the pair scorer, without the unnamed-office model "
                         "(components.officials.unnamed = false)")
    ap.add_argument("--file", type=Path, default=OFFICIALS,
                    help="officials file to score (default corpora/ner/officials.jsonl)")
    ap.add_argument("--model-dir", type=Path, default=None,
                    help="folder of another names model (vnmonitor train-ner --out DIR)")
    ap.add_argument("--unseen", action="store_true",
                    help="only the regions of the names model's 20%% hash hold-out")
    ap.add_argument("--breakdown", action="store_true",
                    help="count the pipeline's errors by class (linker, person, title), aggregate only")
    ap.add_argument("--frozen", action="store_true",
                    help="score the frozen random sample (corpora/frozen), aggregate only: its errors are never read")
    args = ap.parse_args()
    if args.frozen:
        if args.errors or args.unseen or args.split:
            raise SystemExit("--frozen prints the aggregate only: no --errors, --unseen or --split")
        golds = evaluate.standoff_gold()
        nlp, preds = _predict(golds, args)
        if args.breakdown:
            _print_breakdown(golds, preds, nlp)
            return
        s = evaluate.official_scores(golds, preds)
        s["regions"] = len(golds)
        print(json.dumps(s) if args.json else _line("frozen", s))
        return
    if args.errors and args.file.name in HELD_OUT_SETS:
        raise SystemExit(f"{args.file.name} is a held-out set: its errors are never read")
    if args.errors and args.split != "tune":
        raise SystemExit("--errors lists the tune half only: add --split tune (the check half's errors are never read)")
    regions = [json.loads(line) for line in args.file.open(encoding="utf-8") if line.strip()]
    texts = {k: d["text"] for k, d in load_docs({r["doc"] for r in regions}).items()}
    golds = gold_records(texts, path=args.file, split=args.split)
    if args.unseen:
        golds = [g for g in golds if not g["ner_trained"]]
    nlp, preds = _predict(golds, args)
    if args.breakdown:
        _print_breakdown(golds, preds, nlp)
        return
    report = {
        "all": scores(golds, preds, lambda g: True),
        **({} if args.split else {"tune": scores(golds, preds, lambda g: g["split"] == "tune"),
                                  "check": scores(golds, preds, lambda g: g["split"] == "check")}),
        "ner_trained": scores(golds, preds, lambda g: g["ner_trained"]),
        "ner_held_out": scores(golds, preds, lambda g: not g["ner_trained"]),
        "drawn_with_person": scores(golds, preds, lambda g: g["draw"] == "person"),
        "drawn_unfiltered": scores(golds, preds, lambda g: g["draw"] == "random"),
        "sections": {s: scores(golds, preds, lambda g, s=s: g["section"] == s)
                     for s in sorted({g["section"] for g in golds})},
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return
    what = "hand-annotated entities" if args.gold_entities else "the pipeline's entities"
    print(f"officials (person, title) on {len(golds)} regions of {args.file.name}"
          f"{' (' + args.split + ' half)' if args.split else ''}, from {what}")
    keys = ("all", "tune", "check", "ner_trained", "ner_held_out", "drawn_with_person", "drawn_unfiltered") \
        if args.file == OFFICIALS else ("all",)   # the halves and draws are the first set's
    for key in keys:
        if key in report:
            print(_line(key.replace("_", " "), report[key]))
    print(f"\n{'section':<14} {'regions':>7} {'gold':>5} {'pred':>5} {'F1':>6}")
    for section, s in sorted(report["sections"].items(), key=lambda kv: -kv[1]["regions"]):
        print(f"{section:<14} {s['regions']:>7} {s['tp'] + s['fn']:>5} {s['tp'] + s['fp']:>5} {s['f1']:>6.3f}")
    if args.errors:
        print("\nerrors (FN: gold pair missed, FP: predicted pair not in gold, ORG: pair matched, org differs)")
        print("\n".join(errors(golds, preds)))


if __name__ == "__main__":
    main()
