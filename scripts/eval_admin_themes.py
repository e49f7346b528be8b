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

With `--written`, also (or, without ../shared, only) the project's own 72
administrative documents (corpora/themes/admin-written.jsonl: plans, reports,
decisions, letters, telegrams written and labelled sentence by sentence by the
project; a third on a theme, a third near misses, a third ordinary business).
No shipped model trains on them (a model that did lost .017 of news document
F1), so they are where the theme stage's choices for reports are made; the 46
real documents stay the test. `--written` also scores the project's 12 long
written reports (corpora/themes/admin-long-written.jsonl, 150-250 sentences
each, with header, sections, citations and signature: periodic socio-economic
reports, submissions with draft resolutions, a repealing decision, an inspection
conclusion, year-end reviews, a plan; each files one to three themes and names
the others in a sentence or two on purpose), where long documents' filing is
chosen (session 45).

    python scripts/eval_admin_themes.py [--model-dir DIR] [--written] [--json]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys

from common import ROOT, SHARED  # noqa: E402  (the repository and the reference data)

from pipeline.evaluate import theme_scores  # noqa: E402

LABELS = ROOT / "corpora" / "themes" / "heldout-admin.jsonl"
WRITTEN = ROOT / "corpora" / "themes" / "admin-written.jsonl"
LONG_WRITTEN = ROOT / "corpora" / "themes" / "admin-long-written.jsonl"


def load_gold() -> list[dict] | None:
    """The 46 reference documents with their labels; None without the reference data."""
    docs = SHARED / "corpora" / "admin" / "docs.jsonl"
    if not docs.exists():
        return None
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


def scores(gold: list[dict], nlp) -> dict:
    from pipeline.language import analyze_many

    preds = list(analyze_many(((g["text"], {"id": g["id"]}) for g in gold), nlp=nlp))
    documents = theme_scores(gold, preds)
    with_sentences = [i for i, g in enumerate(gold) if "sentences" in g]
    sentences = theme_scores([gold[i] for i in with_sentences], [preds[i] for i in with_sentences])
    return {"documents": len(gold), "document": documents["document"],
            "sentence_documents": len(with_sentences), "sentence": sentences["sentence"],
            "per_theme": {t: {"document": documents["per_theme"][t]["document"],
                              "sentence": sentences["per_theme"].get(t, {}).get("sentence")}
                          for t in documents["per_theme"]}}


def _prf(p) -> str:
    return "-" if not p or not (p["tp"] + p["fp"] + p["fn"]) else \
        f"{p['f1']:.3f} (P {p['precision']:.2f} R {p['recall']:.2f}; {p['tp']}/{p['fp']}/{p['fn']})"


def show(name: str, report: dict) -> None:
    print(f"{name}: {report['documents']} documents, document micro-F1 {_prf(report['document'])}")
    print(f"{' ' * len(name)}  {report['sentence_documents']} of them by sentence, sentence micro-F1 "
          f"{_prf(report['sentence'])}")
    print(f"  {'theme':28s} {'document (TP/FP/FN)':36s} sentence")
    for t, u in report["per_theme"].items():
        print(f"  {t:28s} {_prf(u['document']):36s} {_prf(u['sentence'])}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model-dir", help="a theme model folder (vnmonitor train-themes --out DIR)")
    ap.add_argument("--written", action="store_true", help="also the project's own written documents")
    ap.add_argument("--json", action="store_true", help="the scores as one JSON object")
    args = ap.parse_args()
    from pipeline.language import default_nlp, load

    gold = load_gold()
    if gold is None and not args.written:
        sys.exit(f"{SHARED / 'corpora' / 'admin'} not found: set VNMONITOR_SHARED to the reference data, "
                 "or score the written documents alone with --written")
    nlp = load(**{"components.themes.model_dir": args.model_dir}) if args.model_dir else default_nlp()
    report = {}
    if gold is not None:
        report["reference"] = scores(gold, nlp)
    if args.written:
        for name, path in (("written", WRITTEN), ("long_written", LONG_WRITTEN)):
            written = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            report[name] = scores(written, nlp)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return
    for name, r in report.items():
        show({"reference": "46 reference documents (../shared/corpora/admin)",
              "written": "72 written documents (corpora/themes/admin-written.jsonl)",
              "long_written": "12 long written reports (corpora/themes/admin-long-written.jsonl)"}[name], r)


if __name__ == "__main__":
    main()
