#!/usr/bin/env python3
"""Check the hand labels and build weak theme labels from cues, as standoff.

    .venv/bin/python scripts/build_theme_data.py check
        resolve corpora/themes/labels-*.jsonl and docs-*.jsonl against ../shared/corpora
        (sha1 of every span) and print per-theme counts, held-out split included.

    .venv/bin/python scripts/build_theme_data.py weak [--per-theme 20] [--none 60] [--min-hits 3]
        write corpora/themes/weak-<corpus>.jsonl: passages of corpus documents that
        are neither hand-labelled nor in the gold file. A document whose cue hits
        for a theme reach --min-hits gives that theme to its passages holding one
        of the theme's cues; documents with no cue hit at all give theme-less
        passages. Same standoff shape as the hand labels (no text), deterministic.

Weak labels are used only when passed to `vnmonitor train-themes --weak`.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

from common import ROOT, SHARED  # noqa: E402,F401  (the repository, the reference data)

from pipeline.text import segment  # noqa: E402
from pipeline.text import normalize  # noqa: E402
from pipeline.themes.training import data  # noqa: E402
from pipeline.themes.cues import CueMatcher  # noqa: E402
from pipeline.themes.passages import split_passages  # noqa: E402
from pipeline.themes.taxonomy import load_taxonomy  # noqa: E402

GOLD = SHARED / "gold" / "dev.jsonl"


def gold_ids() -> set[str]:
    if not GOLD.exists():
        return set()
    return {json.loads(line)["id"] for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()}


def cmd_check(args):
    tx = load_taxonomy(args.taxonomy)
    docs, rep = data.resolve_labels(data.default_files("labels-*.jsonl"), data.default_files("docs-*.jsonl"),
                                    tx, Path(args.corpora))
    overlap = {d.id for d in docs} & gold_ids()
    if overlap:
        sys.exit(f"error: {len(overlap)} labelled document(s) are in the gold file, e.g. {sorted(overlap)[0]}")
    print(f"{rep['documents']} documents, {rep['passages']} passages resolved (sha1 ok); "
          f"held out: {sum(data.held_out(d.id) for d in docs)} documents")
    passages = Counter(t for d in docs for ts in d.themes for t in ts)
    documents = Counter(t for d in docs for t in (d.doc_themes or ()))
    none = sum(1 for d in docs for ts in d.themes if not ts)
    print(f"{'theme':<28} {'passages':>8} {'docs':>5}")
    for t in tx.ids:
        print(f"{t:<28} {passages[t]:>8} {documents[t]:>5}")
    print(f"{'(none)':<28} {none:>8}")


def _rank(doc_id: str) -> str:
    return hashlib.sha1(("weak:" + doc_id).encode("utf-8")).hexdigest()


def cmd_weak(args):
    tx = load_taxonomy(args.taxonomy)
    matcher = CueMatcher(tx)
    skip = gold_ids()
    for path in data.default_files("labels-*.jsonl"):
        skip |= {r["doc"] for r in data.read_jsonl(path)}
    corpus_file = data.corpus_path(Path(args.corpora), args.corpus)
    by_theme: dict[str, list] = {t: [] for t in tx.ids}
    none_docs = []
    for d in data.iter_corpus(corpus_file):
        if d["id"] in skip or not d.get("text", "").strip():
            continue
        text = d["text"]
        norm = normalize(text)
        hits = matcher.counts(norm.text.lower())
        strong = [t for t, n in hits.items() if n >= args.min_hits]
        if not hits:
            none_docs.append((_rank(d["id"]), d["id"], text, norm, []))
        for t in strong:
            by_theme[t].append((_rank(d["id"]), d["id"], text, norm, strong))
    chosen = {}
    for t, docs in by_theme.items():
        for item in sorted(docs)[:args.per_theme]:
            chosen[item[1]] = item
    for item in sorted(none_docs)[:args.none]:
        chosen[item[1]] = item
    rows = []
    counts = Counter()
    for _, doc_id, text, norm, strong in sorted(chosen.values(), key=lambda x: x[0]):
        paras = segment.paragraphs(text)
        spans = split_passages(paras, segment.sentences(text, paras), 3)
        for (s, e), ptext in zip(spans, data.passage_texts(norm, spans)):
            themes = [t for t in strong if t in matcher.counts(ptext)]
            counts.update(themes or ["(none)"])
            rows.append({"corpus": args.corpus, "doc": doc_id, "start": s, "end": e, "themes": themes,
                         "sha1": data.sha10(text[s:e])})
    out = Path(args.out) if args.out else data.LABEL_DIR / f"weak-{args.corpus.split('-')[0]}.jsonl"
    with open(out, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    print(f"{out}: {len(chosen)} documents, {len(rows)} passages; " +
          ", ".join(f"{t} {n}" for t, n in sorted(counts.items())))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--taxonomy", default=None)
    ap.add_argument("--corpora", default=str(data.SHARED_CORPORA))
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("check").set_defaults(fn=cmd_check)
    p = sub.add_parser("weak")
    p.add_argument("--corpus", default="baomoi-2017")
    p.add_argument("--per-theme", type=int, default=20)
    p.add_argument("--none", type=int, default=60)
    p.add_argument("--min-hits", type=int, default=3)
    p.add_argument("--out", default=None)
    p.set_defaults(fn=cmd_weak)
    args = ap.parse_args(argv)
    args.fn(args)


if __name__ == "__main__":
    main()
