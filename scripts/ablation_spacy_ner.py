#!/usr/bin/env python3
"""Another model family on the same data: spaCy's own NER against the names CRF.

spaCy's transition-based NER (its default CNN tok2vec, no pretrained vectors)
is trained on the same hand regions and the same 80/20 hash split as
`vnmonitor train-ner`, over the pipeline's own tokens (underthesea words; an
entity edge inside a token is snapped outward). Both are scored on the
held-out regions, and, for the scores only, on the frozen random sample, for
PERSON, TITLE, ORG and LOC, strict spans. The CRF's time and spaCy's are taken
on the same texts.

    .venv/bin/python scripts/ablation_spacy_ner.py [--epochs 15] [--holdout 0.2]
"""
from __future__ import annotations

import argparse
import json
import random
import time

from common import ROOT, SHARED, is_holdout, load_texts  # noqa: E402

NAME_LABELS = ("PERSON", "TITLE", "ORG", "LOC")


def regions(texts, share: float):
    train, held = [], []
    for line in open(ROOT / "corpora" / "ner" / "annotations.jsonl", encoding="utf-8"):
        r = json.loads(line)
        text = texts.get(r["doc"])
        if text is None:
            continue
        region = text[r["start"]:r["end"]]
        ents = [(e["start"] - r["start"], e["end"] - r["start"], e["label"]) for e in r["entities"]
                if e["label"] in NAME_LABELS]
        (held if is_holdout(r["doc"], share) else train).append((region, ents))
    return train, held


def make_doc(nlp, text, ents):
    doc = nlp.make_doc(text)
    spans, taken = [], set()
    for s, e, label in sorted(ents):
        span = doc.char_span(s, e, label=label, alignment_mode="expand")
        if span is None:
            continue
        a, b = span.start, span.end
        while a < b and (doc[a].is_space or doc[a].is_punct):
            a += 1
        while b > a and (doc[b - 1].is_space or doc[b - 1].is_punct):
            b -= 1
        if a == b or any(doc[i].is_space for i in range(a, b)) or any(i in taken for i in range(a, b)) \
                or any(doc[i].is_sent_start for i in range(a + 1, b)):
            continue  # spaCy's NER holds no entity edge on whitespace or punctuation, nor across sentences
        span = doc[a:b]
        span.label_ = label
        taken.update(range(span.start, span.end))
        spans.append(span)
    doc.ents = spans
    return doc


def score(pairs):
    tp = fp = fn = 0
    per = {}
    for gold, pred in pairs:
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
        for label in NAME_LABELS:
            g = {x for x in gold if x[2] == label}
            p = {x for x in pred if x[2] == label}
            c = per.setdefault(label, [0, 0, 0])
            c[0] += len(g & p)
            c[1] += len(p - g)
            c[2] += len(g - p)
    f = lambda t, a, b: 2 * t / (2 * t + a + b) if t + a + b else 0.0  # noqa: E731
    return {**{k: round(f(*v), 3) for k, v in per.items()}, "micro": round(f(tp, fp, fn), 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--epochs", type=int, default=15)
    ap.add_argument("--holdout", type=float, default=0.2)
    args = ap.parse_args()
    import spacy
    from spacy.training import Example
    from spacy.util import minibatch

    import pipeline
    from pipeline.evaluate import standoff_gold

    texts = load_texts(SHARED)
    train, held = regions(texts, args.holdout)
    tok = pipeline.language.load_tokenizer()
    nlp = spacy.blank("xx")
    nlp.tokenizer = tok.tokenizer
    ner = nlp.add_pipe("ner")
    for label in NAME_LABELS:
        ner.add_label(label)
    examples = [Example(nlp.make_doc(t), make_doc(nlp, t, e)) for t, e in train]
    random.seed(0)
    optimizer = nlp.initialize(lambda: examples)
    started = time.perf_counter()
    for epoch in range(args.epochs):
        random.shuffle(examples)
        losses = {}
        for batch in minibatch(examples, size=16):
            nlp.update(batch, sgd=optimizer, drop=0.2, losses=losses)
        print(f"epoch {epoch + 1}: loss {losses.get('ner', 0):.0f} ({time.perf_counter() - started:.0f}s)", flush=True)
    full = pipeline.load(exclude=("officials", "themes"))
    sets = {"held-out regions": held}
    try:
        frozen = standoff_gold()
        sets["frozen random sample (scores only)"] = [
            (g["text"], [(e["start"], e["end"], e["label"]) for e in g["entities"] if e["label"] in NAME_LABELS])
            for g in frozen]
    except Exception as exc:  # the reference corpora are absent
        print(f"frozen sample not scored: {exc}")
    for name, items in sets.items():
        t0 = time.perf_counter()
        spacy_pairs = [({tuple(x) for x in e}, {(s.start_char, s.end_char, s.label_) for s in nlp(t).ents})
                       for t, e in items]
        t1 = time.perf_counter()
        crf_pairs = [({tuple(x) for x in e}, {(x["start"], x["end"], x["label"])
                                              for x in pipeline.analyze(t, nlp=full)["entities"]
                                              if x["label"] in NAME_LABELS}) for t, e in items]
        t2 = time.perf_counter()
        print(f"{name} ({len(items)}):")
        print(f"  spaCy NER (CNN, {args.epochs} epochs): {score(spacy_pairs)}  {t1 - t0:.1f}s")
        print(f"  names CRF + rules (shipped):        {score(crf_pairs)}  {t2 - t1:.1f}s (whole entity stage)")


if __name__ == "__main__":
    main()
