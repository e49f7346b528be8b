#!/usr/bin/env python3
"""The accent model (`pipeline/text/accents.py`): syllable bigrams counted on the unlabelled archives.

Reads both ../shared corpora but the evaluation documents (dev gold, frozen samples, held-out NER
batches and theme draws) and the 20% hash hold-out of the archive (`is_holdout(id, 0.2)`, the NER
model's unseen split), so that restoring accents can be measured on text the counts never saw. A
token is a run of letters and digits or one sign; numbers count as one token, signs as another, each
paragraph opens and closes with a boundary. Words seen fewer than `--min-count` times and pairs seen
once are dropped. The output is plain arrays (`np.savez_compressed`, no pickle).

Then it scores itself: the held-out archive documents with their accents taken off, restored, word
by word against the original (`--eval-docs`).

    .venv/bin/python scripts/train_accents.py [--out models/accents/bigrams.npz] [--eval-docs 400]
"""
from __future__ import annotations

import argparse
import gzip
import json
import time
import unicodedata
from pathlib import Path

from common import ROOT, SHARED, is_holdout
from pipeline.text.accents import TOKEN, AccentModel, strip_accents
from pipeline.themes.training.data import evaluation_ids

CORPORA = ("baomoi-2017", "dantri-2020")
HOLDOUT = 0.2


def documents(shared: Path):
    for name in CORPORA:
        with gzip.open(shared / "corpora" / f"{name}.jsonl.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                if isinstance(d.get("text"), str):
                    yield d["id"], unicodedata.normalize("NFC", d["text"])


def score(model: AccentModel, texts) -> dict:
    """Word accuracy of restoring the unaccented texts, over every word and over the words the
    stripping changed (the ones that had accents)."""
    words = right = accented = accented_right = lines = 0
    for text in texts:
        for para in text.split("\n"):
            tokens = TOKEN.findall(para)
            if not tokens:
                continue
            lines += 1
            restored = model.restore_tokens([strip_accents(t) for t in tokens])
            for orig, new in zip(tokens, restored):
                if not orig[0].isalpha():
                    continue
                words += 1
                right += orig == new
                if strip_accents(orig) != orig:
                    accented += 1
                    accented_right += orig == new
    return {"lines": lines, "words": words, "word_accuracy": round(right / max(words, 1), 4),
            "accented_words": accented, "accented_accuracy": round(accented_right / max(accented, 1), 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--min-pair", type=int, default=2)
    ap.add_argument("--eval-docs", type=int, default=400, help="held-out documents restored and scored")
    ap.add_argument("--out", type=Path, default=ROOT / "models" / "accents" / "bigrams.npz")
    args = ap.parse_args()
    started = time.perf_counter()
    excluded = evaluation_ids()
    train, held = [], []
    for doc_id, text in documents(args.shared):
        if doc_id in excluded:
            continue
        (held if is_holdout(doc_id, HOLDOUT) else train).append(text)
    model = AccentModel.fit(train, args.min_count, args.min_pair)
    model.save(args.out)
    print(f"{len(train)} documents counted, {len(model.vocab)} words, {len(model.keys)} pairs, "
          f"{args.out.stat().st_size / 1e6:.1f} MB, {time.perf_counter() - started:.0f} s")
    sample = held[::max(1, len(held) // args.eval_docs)][:args.eval_docs]
    result = score(AccentModel.load(args.out), sample)
    print(json.dumps({"held_out_documents": len(sample), **result}))


if __name__ == "__main__":
    main()
