#!/usr/bin/env python3
"""Output records on a fixed set of inputs, to prove a refactoring changed none of them.

Runs the whole pipeline on every document of ../shared/gold/dev.jsonl, on the
texts of the frozen standoff sample (corpora/frozen/annotations.jsonl, read
through `pipeline.evaluate.standoff_gold`; only the texts are used, never its
annotations or scores) and on the bundled examples, and writes one line per
document: {"input": where it came from, "record": the output record}. Each
text is analysed twice, plain and with `explain=True`, so the cue lists are
covered as well.

    .venv/bin/python scripts/snapshot_outputs.py --out /tmp/before.jsonl
    .venv/bin/python scripts/snapshot_outputs.py --out /tmp/after.jsonl --compare /tmp/before.jsonl

`--compare` prints how many records differ and the first difference. The
officials' `former` field is ignored by the comparison: it is new in the
restructure (issue 11) and absent from older snapshots.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from common import ROOT, shared_dir

IGNORED_OFFICIAL_KEYS = ("former",)


def inputs():
    """(label, text, meta) for every input of the snapshot, in a fixed order."""
    from pipeline.evaluate import standoff_gold

    gold = shared_dir() / "gold" / "dev.jsonl"
    with open(gold, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                d = json.loads(line)
                yield f"gold:{n}", d["text"], {"id": d.get("id"), "source": d.get("source"),
                                               "title": d.get("title"), "date": d.get("date")}
    for n, g in enumerate(standoff_gold(ROOT / "corpora" / "frozen" / "annotations.jsonl",
                                        shared_dir() / "corpora"), 1):
        yield f"frozen:{n}", g["text"], {"id": g["id"], "source": g["source"]}
    for path in sorted((ROOT / "examples").iterdir()):
        if path.suffix == ".jsonl":
            with open(path, encoding="utf-8") as fh:
                for n, line in enumerate(fh, 1):
                    if line.strip():
                        d = json.loads(line)
                        meta = {k: d.get(k) for k in ("id", "title", "date", "source", "url")}
                        yield f"{path.name}:{n}", d["text"], meta
        elif path.suffix == ".txt":
            yield path.name, path.read_text(encoding="utf-8"), {}


def snapshot(out: Path) -> int:
    from pipeline import analyze, load

    nlp = load()
    nlp_explain = load(**{"components.themes.explain": True})
    n = 0
    with open(out, "w", encoding="utf-8") as fh:
        for label, text, meta in inputs():
            for tag, model in (("", nlp), ("+explain", nlp_explain)):
                rec = analyze(text, nlp=model, **meta)
                fh.write(json.dumps({"input": label + tag, "record": rec}, ensure_ascii=False, sort_keys=True) + "\n")
                n += 1
    return n


def _comparable(rec: dict) -> dict:
    rec = json.loads(json.dumps(rec))
    for o in rec.get("officials", []):
        for key in IGNORED_OFFICIAL_KEYS:
            o.pop(key, None)
    return rec


def _first_difference(a, b, path="record"):
    if type(a) is not type(b):
        return f"{path}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{path}.{key}: {'missing' if key not in a else repr(a[key])} != " \
                       f"{'missing' if key not in b else repr(b[key])}"
            d = _first_difference(a[key], b[key], f"{path}.{key}")
            if d:
                return d
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            d = _first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        if len(a) != len(b):
            return f"{path}: length {len(a)} != {len(b)}"
        return None
    return None if a == b else f"{path}: {a!r} != {b!r}"


def compare(before: Path, after: Path) -> int:
    def read(p):
        with open(p, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]

    old, new = read(before), read(after)
    differing, first = 0, None
    for i in range(max(len(old), len(new))):
        a = old[i] if i < len(old) else None
        b = new[i] if i < len(new) else None
        if a is None or b is None:
            differing += 1
            first = first or f"record {i + 1}: present in only one snapshot"
            continue
        d = None
        if a["input"] != b["input"]:
            d = f"inputs differ: {a['input']} != {b['input']}"
        else:
            d = _first_difference(_comparable(a["record"]), _comparable(b["record"]))
        if d:
            differing += 1
            first = first or f"{a['input']}: {d}"
    print(f"{len(old)} records before, {len(new)} after; {differing} differing (officials' `former` ignored)")
    if first:
        print(f"first difference: {first}")
    return differing


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="where to write the snapshot (JSONL)")
    ap.add_argument("--compare", type=Path, metavar="BEFORE", help="an earlier snapshot to compare with")
    args = ap.parse_args(argv)
    n = snapshot(args.out)
    print(f"{n} records written to {args.out}")
    if args.compare:
        return 1 if compare(args.compare, args.out) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
