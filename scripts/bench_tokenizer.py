"""Word segmentation: vnmonitor's tokenizer against underthesea.word_tokenize.

Reads UD Vietnamese VTB (CoNLL-U) from ../shared/corpora/ud-vtb, runs both in
this one process on the same sentences and prints word F1 and the speed ratio.

    .venv/bin/python scripts/bench_tokenizer.py [--split dev] [--repeat 3]

Timing is CPU time of this process (robust to other load on the machine).
Words are compared as spans over the non-space characters of each sentence, so
underthesea's rewrites of a syllable ("qui" -> "quy") do not count against it.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from common import ROOT, SHARED  # noqa: E402,F401  (the repository, the reference data)
UD = SHARED / "corpora" / "ud-vtb"


def read_conllu(path: Path):
    """(text, gold words) per sentence."""
    text, words = None, []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("# text = "):
                text = line[len("# text = "):]
            elif not line:
                if text is not None and words:
                    yield text, words
                text, words = None, []
            elif not line.startswith("#"):
                cols = line.split("\t")
                if "-" in cols[0] or "." in cols[0]:
                    continue
                words.append(cols[1])
    if text is not None and words:
        yield text, words


def spans(words) -> set[tuple[int, int]]:
    """Word spans counted in non-space characters."""
    out, pos = set(), 0
    for w in words:
        n = len("".join(w.split()))
        out.add((pos, pos + n))
        pos += n
    return out


def f1(gold_sets, pred_sets) -> tuple[float, float, float]:
    tp = sum(len(g & p) for g, p in zip(gold_sets, pred_sets))
    ng = sum(len(g) for g in gold_sets)
    npred = sum(len(p) for p in pred_sets)
    prec, rec = tp / npred, tp / ng
    return prec, rec, 2 * prec * rec / (prec + rec)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev", choices=["dev", "train", "test"])
    ap.add_argument("--repeat", type=int, default=3, help="timing rounds, best kept")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    path = UD / f"vi_vtb-ud-{args.split}.conllu"
    if not path.exists():
        raise SystemExit(f"{path} not found: this benchmark needs ../shared")
    data = list(read_conllu(path))
    if args.limit:
        data = data[: args.limit]
    texts = [t for t, _ in data]
    gold = [spans(w) for _, w in data]

    from underthesea import word_tokenize

    from pipeline.language import load_tokenizer

    nlp = load_tokenizer()
    # warm both models up before timing
    word_tokenize(texts[0]), nlp.make_doc(texts[0])

    # Time both on the same small chunks, alternating, and keep each chunk's
    # best of `repeat` rounds: pairs the two measurements closely in time, so
    # other load on the machine affects both alike.
    chunks = [texts[i:i + 50] for i in range(0, len(texts), 50)]
    best_u = [float("inf")] * len(chunks)
    best_o = [float("inf")] * len(chunks)
    out_u, out_o = [None] * len(chunks), [None] * len(chunks)
    for _ in range(args.repeat):
        for i, chunk in enumerate(chunks):
            t0 = time.process_time()
            out_u[i] = [word_tokenize(t) for t in chunk]
            t1 = time.process_time()
            out_o[i] = [nlp.make_doc(t) for t in chunk]
            t2 = time.process_time()
            best_u[i] = min(best_u[i], t1 - t0)
            best_o[i] = min(best_o[i], t2 - t1)
    t_u, t_o = sum(best_u), sum(best_o)
    out_u = [x for c in out_u for x in c]
    out_o = [x for c in out_o for x in c]

    pred_u = [spans(ws) for ws in out_u]
    pred_o = [spans([t.text for t in doc if not t.is_space]) for doc in out_o]
    # our tokens keep the input text; drop whitespace-only tokens already
    pu, ru, fu = f1(gold, pred_u)
    po, ro, fo = f1(gold, pred_o)
    n = len(texts)
    print(f"UD-VTB {args.split}: {n} sentences, {sum(len(g) for g in gold)} gold words")
    print(f"{'tokenizer':<28}{'P':>7}{'R':>7}{'F1':>7}{'sent/s':>10}")
    print(f"{'underthesea.word_tokenize':<28}{pu:7.4f}{ru:7.4f}{fu:7.4f}{n / t_u:10.1f}")
    print(f"{'vnmonitor (spaCy Doc)':<28}{po:7.4f}{ro:7.4f}{fo:7.4f}{n / t_o:10.1f}")
    print(f"F1 difference: {fo - fu:+.4f}   speed ratio (vnmonitor / underthesea): {t_u / t_o:.3f}")


if __name__ == "__main__":
    main()
