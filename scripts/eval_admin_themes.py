#!/usr/bin/env python3
"""Campaign themes on administrative documents: the 46 reference documents of
<shared>/corpora/admin, labelled for themes in corpora/themes/heldout-admin.jsonl.

The labels are standoff (document id, the sha1 of its text, offsets): every
document is filed under the themes a monitoring analyst would file it under,
and the 20 documents under 13,000 characters are labelled sentence by sentence
too. Each was read by two annotators independently (documents: F1 .88 between
them; sentences of the 20: .97), disagreements settled by ANNOTATION.md and the
labelling brief (`docs/measurements.md`, "Session 44"). No theme model trains on
them (`pipeline.themes.training.data.evaluation_ids` refuses them).

Scored like `vnmonitor evaluate` (a gold sentence takes the themes of the
predicted sentence that holds its midpoint): document micro-F1 over the 46,
sentence micro-F1 over the 20, and per theme.

    python scripts/eval_admin_themes.py [--model-dir DIR] [--json]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys

from common import ROOT, SHARED  # noqa: E402  (the repository and the reference data)

from pipeline.evaluate import theme_scores  # noqa: E402

LABELS = ROOT / "corpora" / "themes" / "heldout-admin.jsonl"


def load_gold() -> list[dict]:
    docs = SHARED / "corpora" / "admin" / "docs.jsonl"
    if not docs.exists():
        sys.exit(f"{docs} not found: set VNMONITOR_SHARED to the reference data")
    texts = {}
    for line in docs.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            texts[d["id"]] = d["text"]
    gold = []
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        text = texts[r["id"]]
        if hashlib.sha1(text.encode("utf-8")).hexdigest()[:10] != r["sha1"]:
            sys.exit(f"{r['id']}: the text differs from the one labelled (sha1)")
        gold.append({**r, "text": text})
    return gold


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model-dir", help="a theme model folder (vnmonitor train-themes --out DIR)")
    ap.add_argument("--json", action="store_true", help="the scores as one JSON object")
    args = ap.parse_args()
    from pipeline.language import analyze_many, default_nlp, load

    gold = load_gold()
    nlp = load(**{"components.themes.model_dir": args.model_dir}) if args.model_dir else default_nlp()
    preds = list(analyze_many(((g["text"], {"id": g["id"]}) for g in gold), nlp=nlp))
    documents = theme_scores(gold, preds)
    with_sentences = [i for i, g in enumerate(gold) if "sentences" in g]
    sentences = theme_scores([gold[i] for i in with_sentences], [preds[i] for i in with_sentences])
    report = {"documents": len(gold), "document": documents["document"],
              "sentence_documents": len(with_sentences), "sentence": sentences["sentence"],
              "per_theme": {t: {"document": documents["per_theme"][t]["document"],
                                "sentence": sentences["per_theme"].get(t, {}).get("sentence")}
                            for t in documents["per_theme"]}}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return

    def f(p):
        return "-" if not p or not (p["tp"] + p["fp"] + p["fn"]) else \
            f"{p['f1']:.3f} (P {p['precision']:.2f} R {p['recall']:.2f}; {p['tp']}/{p['fp']}/{p['fn']})"

    print(f"{len(gold)} administrative documents: document micro-F1 {f(report['document'])}")
    print(f"{len(with_sentences)} of them by sentence: sentence micro-F1 {f(report['sentence'])}")
    print(f"{'theme':28s} {'document (TP/FP/FN)':36s} sentence")
    for t, u in report["per_theme"].items():
        print(f"{t:28s} {f(u['document']):36s} {f(u['sentence'])}")


if __name__ == "__main__":
    main()
