#!/usr/bin/env python3
"""Administrative documents: how well `pipeline.admin.read_document` reads them.

Runs the reader on every document of <shared>/corpora/admin/docs.jsonl and
scores it against admin-gold.jsonl, separately for clean and OCR texts:

- exact match of doc_type, number, date, issuer, issuer_parent, place and
  subject, strings compared after NFC, lower-casing and whitespace collapsing
  (`pipeline.evaluate.norm_name`); a null on both sides counts as a match;
- signer F1 on (name, title) pairs, micro over documents;
- LEGAL_REF F1 on the set of cited numbers per document, micro.

The shared folder is ../shared from the repository root, or $VNMONITOR_SHARED.
The texts are read at run time and never copied into the repository.

    .venv/bin/python scripts/eval_admin.py [--errors] [--ids tvpl-001,ocr-005]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from common import ROOT, SHARED  # noqa: E402  (the repository and the reference data)

from pipeline.admin import read_document  # noqa: E402
from pipeline.evaluate import norm_name, prf  # noqa: E402

FIELDS = ("doc_type", "number", "date", "issuer", "issuer_parent", "place", "subject")
TARGETS = {"clean": {"doc_type": .95, "number": .95, "date": .95, "issuer": .95,
                     "signer F1": .90, "legal ref F1": .90},
           "ocr-noisy": {"doc_type": .80, "number": .80, "date": .80, "issuer": .80}}


def shared_dir() -> Path:
    """$VNMONITOR_SHARED, else ../shared next to the repository."""
    env = os.environ.get("VNMONITOR_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


def read_jsonl(path: Path) -> list[dict]:
    """One object per non-blank line."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _signer_pairs(signers) -> set[tuple[str, str]]:
    return {(norm_name(s.get("name")), norm_name(s.get("title"))) for s in signers}


def _ref_numbers(refs) -> set[str]:
    """Gold refs are {type, number}; predicted ones carry it in their value."""
    out = set()
    for r in refs:
        number = (r.get("value") or r).get("number")
        if number:
            out.add(norm_name(number))
    return out


def score(docs: list[dict], gold: dict[str, dict], group=lambda d: d["quality"]) -> dict:
    """Per group (quality by default): field accuracies, signer F1, legal-ref F1, count, errors."""
    out: dict[str, dict] = {}
    for d in docs:
        g = gold.get(d["id"])
        if g is None:
            continue
        q = out.setdefault(group(d), {"n": 0, "fields": {f: 0 for f in FIELDS},
                                          "signers": [0, 0, 0], "refs": [0, 0, 0], "errors": []})
        q["n"] += 1
        doc = read_document(d["text"])
        pred = doc.to_dict() if doc else {}
        for f in FIELDS:
            if norm_name(pred.get(f)) == norm_name(g.get(f)):
                q["fields"][f] += 1
            else:
                q["errors"].append((d["id"], f, pred.get(f), g.get(f)))
        for key, pset, gset in (("signers", _signer_pairs(pred.get("signers", [])), _signer_pairs(g["signers"])),
                                ("refs", _ref_numbers(pred.get("legal_refs", [])), _ref_numbers(g["legal_refs"]))):
            q[key][0] += len(pset & gset)
            q[key][1] += len(pset - gset)
            q[key][2] += len(gset - pset)
            if key == "signers" and pset != gset:
                q["errors"].append((d["id"], "signers", sorted(pset), sorted(gset)))
    return out


def report(scores: dict, groups=("clean", "ocr-noisy")) -> str:
    """The score table of each group, with the issue's targets beside them."""
    lines = []
    for quality in groups:
        q = scores.get(quality)
        if not q:
            continue
        lines.append(f"\n{quality}: {q['n']} documents")
        lines.append(f"{'measure':<16} {'score':>6}  {'target':>6}")
        rows = [(f, q["fields"][f] / q["n"]) for f in FIELDS]
        rows.append(("signer F1", prf(*q["signers"])["f1"]))
        rows.append(("legal ref F1", prf(*q["refs"])["f1"]))
        for name, value in rows:
            t = TARGETS.get(quality, {}).get(name)
            lines.append(f"{name:<16} {value:>6.3f}  {'' if t is None else f'{t:>6.2f}'}")
        r = prf(*q["refs"])
        lines.append(f"{'(legal refs':<16} P {r['precision']:.3f} R {r['recall']:.3f}, "
                     f"{r['tp'] + r['fn']} gold numbers)")
    return "\n".join(lines)


def main(argv=None) -> int:
    """Score the reference documents; 2 when the shared folder is missing."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--errors", action="store_true", help="list every mismatch")
    ap.add_argument("--ids", help="comma-separated document ids to score")
    ap.add_argument("--by-source", action="store_true",
                    help="also score each source shape (tvpl, lit, cb, dvhc, ocr) on its own")
    args = ap.parse_args(argv)
    folder = shared_dir() / "corpora" / "admin"
    if not (folder / "docs.jsonl").exists():
        print(f"no reference documents at {folder} (set VNMONITOR_SHARED)", file=sys.stderr)
        return 2
    docs = read_jsonl(folder / "docs.jsonl")
    if args.ids:
        wanted = set(args.ids.split(","))
        docs = [d for d in docs if d["id"] in wanted]
    gold = {g["id"]: g for g in read_jsonl(folder / "admin-gold.jsonl")}
    t0 = time.perf_counter()
    scores = score(docs, gold)
    took = time.perf_counter() - t0
    print(f"read_document on {len(docs)} documents from {folder} in {took:.1f}s")
    print(report(scores))
    if args.by_source:
        by = score(docs, gold, group=lambda d: d["id"].split("-")[0])
        print(report(by, groups=sorted(by)))
    if args.errors:
        for quality, q in scores.items():
            print(f"\n{quality} mismatches:")
            for doc_id, field_, pred, want in q["errors"]:
                print(f"  {doc_id:<9} {field_:<13} got {str(pred)[:90]!r}\n{'':<25}want {str(want)[:90]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
