#!/usr/bin/env python3
"""What the administrative-document reader costs on news, against underthesea.word_tokenize.

Every article goes through the "admin" component (`pipeline.admin.read_document`
plus the LEGAL_REF finder news gets too). This draws N archive articles at
random (seeded) from baomoi-2017 and dantri-2020, leaving out the dev gold and
the frozen sample, and times, in this one process on the same texts:
underthesea.word_tokenize, read_document (and apart: its precheck
`may_be_document`, and the reading in full without it), and the "admin"
component on tokenised Docs. It also checks that every article the precheck
turns away is read as None in full. Chunks of 50 texts are timed alternately, each keeping its best
of `--repeat` rounds of CPU time, so other load on the machine hits all alike.

`--dump FILE` writes each article's full reading (`AdminDocument.to_dict()`,
spans included, or null) as JSON Lines; `--against FILE` compares this
reading with such a dump and prints how many articles differ; `--with-admin`
adds the 46 documents of corpora/admin to both.

    .venv/bin/python scripts/bench_admin.py [--n 500] [--repeat 3] [--seed 14]
    .venv/bin/python scripts/bench_admin.py --n 2000 --no-timing --with-admin --dump /tmp/admin-news.jsonl
"""
from __future__ import annotations

import argparse
import json
import random
import time

from common import ROOT, corpus_path, gold_ids, iter_corpus_docs  # noqa: E402

from pipeline.admin import read_document  # noqa: E402
from pipeline.admin.document import may_be_document  # noqa: E402


def frozen_ids() -> set[str]:
    """Ids of the frozen sample (left out; only its ids are read)."""
    path = ROOT / "corpora" / "frozen" / "annotations.jsonl"
    if not path.exists():
        return set()
    return {json.loads(line)["doc"] for line in path.open(encoding="utf-8") if line.strip()}


def sample_news(n: int, seed: int) -> list[dict]:
    """`n` articles drawn at random from both archives, gold and frozen left out."""
    skip = frozen_ids() | gold_ids()
    docs = []
    for name in ("baomoi-2017", "dantri-2020"):
        path = corpus_path(name)
        if not path.exists():
            raise SystemExit(f"needs {path} (set VNMONITOR_SHARED)")
        docs += [d for d in iter_corpus_docs(path) if d["id"] not in skip and d.get("text", "").strip()]
    return random.Random(seed).sample(docs, min(n, len(docs)))


def timed(funcs: dict, texts: list, repeat: int, chunk: int = 50) -> dict[str, float]:
    """Best-of-`repeat` CPU seconds per function, summed over chunks timed alternately."""
    chunks = [texts[i:i + chunk] for i in range(0, len(texts), chunk)]
    best = {k: [float("inf")] * len(chunks) for k in funcs}
    for _ in range(repeat):
        for i, c in enumerate(chunks):
            for k, f in funcs.items():
                t0 = time.process_time()
                for x in c:
                    f(x)
                best[k][i] = min(best[k][i], time.process_time() - t0)
    return {k: sum(v) for k, v in best.items()}


def reading(text: str):
    doc = read_document(text)
    return None if doc is None else json.loads(json.dumps(doc.to_dict(), ensure_ascii=False, default=str))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3, help="timing rounds, best kept")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--no-timing", action="store_true")
    ap.add_argument("--dump", metavar="FILE", help="write each article's reading here (JSON Lines)")
    ap.add_argument("--against", metavar="FILE", help="compare with a --dump of another version")
    ap.add_argument("--with-admin", action="store_true",
                    help="dump and compare the administrative corpus (corpora/admin) too, not timed")
    args = ap.parse_args()
    docs = sample_news(args.n, args.seed)
    texts = [d["text"] for d in docs]
    print(f"{len(texts)} news articles (seed {args.seed}), {sum(map(len, texts)) / len(texts):.0f} characters"
          f" on average")

    if not args.no_timing:
        from underthesea import word_tokenize

        from pipeline.language import load, make_doc_with_meta

        nlp = load()
        admin = nlp.get_pipe("admin")
        word_tokenize(texts[0]), read_document(texts[0])
        docs_in = {id(t): make_doc_with_meta(nlp, t, {}) for t in texts}
        secs = timed({"word_tokenize": word_tokenize, "read_document": read_document,
                      "  its precheck": may_be_document,
                      "  read in full": lambda t: read_document(t, precheck=False),
                      "admin component": lambda t: admin(docs_in[id(t)])}, texts, args.repeat)
        wt = secs["word_tokenize"]
        for k, s in secs.items():
            print(f"{k:<20}{s:8.3f} s CPU   ratio to word_tokenize {s / wt:.4f}")

    # the precheck must change no result: every article it turns away is one
    # the full reading gives None
    away = [t for t in texts if not may_be_document(t)]
    wrong = sum(read_document(t, precheck=False) is not None for t in away)
    print(f"precheck turns away {len(away)} of {len(texts)} articles; read in full, {wrong} of these"
          f" would be documents (must be 0)")

    if args.dump or args.against:
        if args.with_admin:
            path = corpus_path("baomoi-2017").parent / "admin" / "docs.jsonl"
            docs = docs + list(iter_corpus_docs(path))
            texts = [d["text"] for d in docs]
        readings = [reading(t) for t in texts]
        print(f"read as administrative documents: {sum(r is not None for r in readings)}")
        if args.dump:
            with open(args.dump, "w", encoding="utf-8") as fh:
                for d, r in zip(docs, readings):
                    fh.write(json.dumps({"id": d["id"], "document": r}, ensure_ascii=False) + "\n")
        if args.against:
            with open(args.against, encoding="utf-8") as fh:
                old = {o["id"]: o["document"] for o in map(json.loads, fh)}
            shared = [(d["id"], r) for d, r in zip(docs, readings) if d["id"] in old]
            differ = [i for i, r in shared if old[i] != r]
            print(f"compared with {args.against}: {len(shared)} articles in both, {len(differ)} differ"
                  + (f" ({', '.join(differ[:10])})" if differ else ""))


if __name__ == "__main__":
    main()
