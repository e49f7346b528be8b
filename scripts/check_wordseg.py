"""Check: `pipeline.text.wordseg.WordSegmenter` tags exactly as underthesea's own
featuriser and tagger do, on every sentence of the ../shared corpora.

    .venv/bin/python scripts/check_wordseg.py [--limit N]

Sentences are cut and their syllables normalised as the tokenizer does.
Prints how many sentences and syllables were compared, how many differ (the
first few shown), and the CPU time of each path. Exit status 1 on any
difference.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from pipeline.text import segment
from pipeline.themes.training.data import iter_corpus
from pipeline.text import normalize
from pipeline.text.tokenizer import _syllables, _token_normalize
from pipeline.text.wordseg import ReferenceSegmenter, WordSegmenter

from common import ROOT, SHARED  # noqa: E402,F401  (the repository, the reference data)
CORPORA = [SHARED / "corpora" / name for name in ("baomoi-2017.jsonl.gz", "dantri-2020.jsonl.gz")]


def sentences_of(text: str) -> list[list[str]]:
    nt = normalize(text)
    out = []
    for s, e in segment.sentences(nt.text, segment.paragraphs(nt.text)):
        syllables = _syllables(nt.text, s, e)
        if syllables:
            out.append([_token_normalize(nt.text[a:b]) for a, b in syllables])
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="articles per corpus (0: all)")
    parser.add_argument("--batch", type=int, default=200, help="articles per comparison batch")
    args = parser.parse_args(argv)
    fast, reference = WordSegmenter.from_underthesea(), ReferenceSegmenter()
    totals = {"sentences": 0, "syllables": 0, "differ": 0, "fast": 0.0, "reference": 0.0}
    shown = 0
    for corpus in CORPORA:
        if not corpus.exists():
            print(f"skipped {corpus}: not found")
            continue
        batch: list[list[str]] = []
        for n, record in enumerate(iter_corpus(corpus), 1):
            batch.extend(sentences_of(record["text"]))
            last = args.limit and n >= args.limit
            if len(batch) >= args.batch * 20 or last:
                shown = _compare(batch, fast, reference, totals, shown)
                batch = []
            if last:
                break
        if batch:
            shown = _compare(batch, fast, reference, totals, shown)
    print(f"{totals['sentences']} sentences, {totals['syllables']} syllables: "
          f"{totals['differ']} sentences tagged differently")
    print(f"CPU seconds: underthesea featuriser+tagger {totals['reference']:.1f}, "
          f"wordseg tables {totals['fast']:.1f} ({totals['reference'] / max(totals['fast'], 1e-9):.1f}x)")
    return 1 if totals["differ"] else 0


def _compare(batch, fast, reference, totals, shown) -> int:
    started = time.process_time()
    expected = reference.tag(batch)
    totals["reference"] += time.process_time() - started
    started = time.process_time()
    got = fast.tag(batch)
    totals["fast"] += time.process_time() - started
    totals["sentences"] += len(batch)
    totals["syllables"] += sum(map(len, batch))
    for sentence, a, b in zip(batch, expected, got):
        if a != b:
            totals["differ"] += 1
            if shown < 5:
                shown += 1
                print("differs:", " ".join(f"{t}/{x}/{y}" if x != y else t for t, x, y in zip(sentence, a, b)))
    return shown


if __name__ == "__main__":
    raise SystemExit(main())
