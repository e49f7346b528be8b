"""Our PERSON/ORG/LOC against underthesea.ner on the same gold file, and the entity stage's cost.

In one run:
1. runs the vnmonitor pipeline and `underthesea.ner` on every gold document
   and prints strict and lenient F1 for PERSON, ORG and LOC side by side
   (underthesea's words are aligned back to input offsets; PER -> PERSON);
2. times tokenisation alone (`nlp.make_doc`) and the entity components
   (numbers, names, officials) on the same tokenised docs, and prints the
   ratio entity time / tokenisation time (the budget is 0.5), and the same
   stage against `underthesea.word_tokenize` on the same texts. The budget
   was set when our tokenizer cost about 0.9x word_tokenize; it now costs
   less than half (`pipeline.text.wordseg`), so the first ratio grew while the
   stage itself did not.

    .venv/bin/python scripts/compare_underthesea_ner.py ../shared/gold/dev.jsonl
    .venv/bin/python scripts/compare_underthesea_ner.py ../shared/gold/dev.jsonl --mode rules --repeat 3
    .venv/bin/python scripts/compare_underthesea_ner.py --frozen

`--frozen` runs it on the frozen random sample (corpora/frozen: regions of articles drawn at random
from every section, like the hidden held-out set) instead of a gold file: dev is government news,
denser in names than the press at large, so the stage costs more of word_tokenize's time there.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
from common import ROOT, SHARED  # noqa: E402,F401  (the repository, the reference data)

import pipeline  # noqa: E402
from pipeline.evaluate import load_gold, standoff_gold  # noqa: E402
from pipeline.text import normalize  # noqa: E402
from pipeline.text.tokenizer import segment_text  # noqa: E402
from common import ENTITY_COMPONENTS, timing  # noqa: E402,F401

LABELS = ("PERSON", "ORG", "LOC")
_UTS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}


def underthesea_entities(text: str) -> list[tuple[int, int, str]]:
    """underthesea.ner over our sentences, its words aligned back to input offsets."""
    from underthesea import ner

    nt = normalize(text)
    norm = nt.text
    out = []
    for s, e in segment_text(text).sentences:
        ns = next(i for i, o in enumerate(nt.offsets) if o >= s)
        ne = next((i for i, o in enumerate(nt.offsets) if o >= e), len(norm))
        sentence = norm[ns:ne]
        if not sentence.strip():
            continue
        pos = 0
        current = None
        for word, *_, tag in ner(sentence):
            at = sentence.find(word, pos)
            if at < 0:
                at = sentence.lower().find(word.lower(), pos)
            if at < 0:  # a word underthesea rewrote: skip it, keep the position
                current = None
                continue
            wstart, wend = ns + at, ns + at + len(word)
            pos = at + len(word)
            label = _UTS.get(tag[2:]) if tag[:2] in ("B-", "I-") else None
            if label and tag.startswith("I-") and current and current[2] == label:
                current[1] = wend
            elif label:
                current = [wstart, wend, label]
                out.append(current)
            else:
                current = None
    return [(*nt.to_input(a, b), label) for a, b, label in out]


def prf(gold: list[set], pred: list[set], label: str, lenient: bool) -> float:
    tp = fp = fn = 0
    for g, p in zip(gold, pred):
        gl = sorted(x for x in g if x[2] == label)
        pl = sorted(x for x in p if x[2] == label)
        if lenient:
            used = set()
            hit = 0
            for ps, pe, _ in pl:
                for k, (gs, ge, _) in enumerate(gl):
                    if k not in used and gs < pe and ps < ge:
                        used.add(k)
                        hit += 1
                        break
        else:
            hit = len(set(gl) & set(pl))
        tp += hit
        fp += len(pl) - hit
        fn += len(gl) - hit
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", type=Path, nargs="?", help="gold JSONL (or --frozen)")
    ap.add_argument("--frozen", action="store_true", help="the frozen random sample instead of a gold file")
    ap.add_argument("--mode", default=None, help="names mode: rules, model, both, merge (default: config)")
    ap.add_argument("--repeat", type=int, default=2, help="timing repetitions (best is kept)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    if bool(args.gold) == args.frozen:
        ap.error("give a gold file or --frozen (one of them)")
    golds = standoff_gold() if args.frozen else load_gold(args.gold)
    overrides = {"components.names.mode": args.mode} if args.mode else {}
    # only the stages this comparison is about; themes and passages do not touch entities
    nlp = pipeline.load(exclude=("themes",), **overrides)
    texts = [g["text"] for g in golds]
    gold_sets = [{(e["start"], e["end"], e["label"]) for e in g["entities"]} for g in golds]
    ours = [{(e["start"], e["end"], e["label"]) for e in pipeline.analyze(t, nlp)["entities"]} for t in texts]
    t0 = time.perf_counter()
    theirs = [set(underthesea_entities(t)) for t in texts]
    t_uts = time.perf_counter() - t0
    t_tok, t_names, t_all, t_wt = timing(nlp, texts, args.repeat)
    _, _, cpu_all, cpu_wt = timing(nlp, texts, args.repeat, clock=time.process_time)
    _, _, mix_all, mix_wt = timing(nlp, texts, args.repeat, interleaved=True)

    report = {"documents": len(golds), "names_mode": dict(nlp.pipeline)["names"].mode, "labels": {}}
    for label in LABELS:
        report["labels"][label] = {
            "vnmonitor_strict": prf(gold_sets, ours, label, False),
            "underthesea_strict": prf(gold_sets, theirs, label, False),
            "vnmonitor_lenient": prf(gold_sets, ours, label, True),
            "underthesea_lenient": prf(gold_sets, theirs, label, True),
        }
    report["seconds"] = {"tokenize": t_tok, "names_officials": t_names, "entity_stage": t_all,
                         "underthesea_ner": t_uts, "underthesea_word_tokenize": t_wt}
    report["ratio_names_to_tokenize"] = t_names / t_tok
    report["ratio_entity_stage_to_tokenize"] = t_all / t_tok
    report["ratio_entity_stage_to_word_tokenize"] = t_all / t_wt
    report["cpu_seconds"] = {"entity_stage": cpu_all, "underthesea_word_tokenize": cpu_wt}
    report["cpu_ratio_entity_stage_to_word_tokenize"] = cpu_all / cpu_wt
    report["interleaved_seconds"] = {"entity_stage": mix_all, "underthesea_word_tokenize": mix_wt}
    report["interleaved_ratio_entity_stage_to_word_tokenize"] = mix_all / mix_wt
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{len(golds)} documents, names mode {report['names_mode']!r}")
    print(f"{'label':8s} {'ours strict':>12s} {'uts strict':>11s} {'ours lenient':>13s} {'uts lenient':>12s}")
    for label, r in report["labels"].items():
        print(f"{label:8s} {r['vnmonitor_strict']:12.3f} {r['underthesea_strict']:11.3f} "
              f"{r['vnmonitor_lenient']:13.3f} {r['underthesea_lenient']:12.3f}")
    s = report["seconds"]
    print(f"tokenisation alone {s['tokenize']:.2f}s; names+officials {s['names_officials']:.2f}s "
          f"(ratio {report['ratio_names_to_tokenize']:.2f}); entity stage numbers+names+officials "
          f"{s['entity_stage']:.2f}s (ratio {report['ratio_entity_stage_to_tokenize']:.2f}, budget 0.50); "
          f"underthesea.ner {s['underthesea_ner']:.2f}s")
    print(f"underthesea.word_tokenize on the same texts {s['underthesea_word_tokenize']:.2f}s: entity stage "
          f"{report['ratio_entity_stage_to_word_tokenize']:.2f} of it; in CPU time "
          f"{report['cpu_ratio_entity_stage_to_word_tokenize']:.2f} ({cpu_all:.2f}s against {cpu_wt:.2f}s)")
    print(f"one document after the other (cold caches on both sides): entity stage {mix_all:.2f}s, "
          f"word_tokenize {mix_wt:.2f}s, {report['interleaved_ratio_entity_stage_to_word_tokenize']:.2f}")


if __name__ == "__main__":
    main()
