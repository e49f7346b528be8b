"""Train the names CRF (models/ner/names-crf.crfsuite) and write its model card.

Training data, all read at run time from ../shared through standoff files:
- hand annotations in corpora/ner/annotations.jsonl (document id + offsets;
  the text is looked up in ../shared/corpora), split 80/20 by document id
  into train and a held-out part that the card reports scores on;
- optionally silver data: the rules' PERSON/TITLE/ORG/LOC on `--silver N`
  baomoi articles that are neither annotated nor in the gold dev set.

Gold dev documents are never used (checked). Reproducible: the split is by a
hash of the document id and silver documents are taken in corpus order.

    .venv/bin/python scripts/train_ner.py                 # hand annotations only
    .venv/bin/python scripts/train_ner.py --silver 300    # plus 300 rule-labelled articles
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import json
import sys
import time
from collections import Counter
from pathlib import Path

from common import ROOT, SHARED, gold_ids, is_holdout, load_texts  # noqa: E402,F401  (the split eval_heldout.py shares)

import pipeline  # noqa: E402
from pipeline.entities import ner_model  # noqa: E402
from pipeline.entities.names_component import combine as _combine  # noqa: E402
from pipeline.entities.rules import default_tagger, rule_entities, tag_document  # noqa: E402
from pipeline.entities.syllables import bio_labels, sentence_views  # noqa: E402

LABELS = ner_model.LABELS
NUMBER_LABELS = ("DATE", "MONEY", "PERCENT")


def hand_examples(texts, gold) -> list[tuple[str, str, list[dict]]]:
    """(doc id, region text, entities relative to the region) for each annotated region."""
    path = ROOT / "corpora" / "ner" / "annotations.jsonl"
    out = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            if r["doc"] in gold:
                raise SystemExit(f"annotation of gold dev document {r['doc']}: refusing to train on it")
            text = texts.get(r["doc"])
            if text is None:
                continue
            region = text[r["start"]:r["end"]]
            ents = [{"start": e["start"] - r["start"], "end": e["end"] - r["start"], "label": e["label"]}
                    for e in r["entities"] if r["start"] <= e["start"] and e["end"] <= r["end"]]
            out.append((r["doc"], region, ents))
    return out


def token_spans(sent, nt, ents):
    """Entity char spans (input offsets) -> (start, end, label) token spans of one sentence."""
    starts = [nt.to_input(s, e) for s, e in sent.spans]
    out = []
    for ent in ents:
        toks = [k for k, (a, b) in enumerate(starts) if ent["start"] <= a and b <= ent["end"]]
        if toks and toks == list(range(toks[0], toks[-1] + 1)):
            out.append((toks[0], toks[-1] + 1, ent["label"]))
    return out


def sequences(nlp, items, lexicon, stacked=False):
    """Feature and label sequences for (text, entities) items."""
    X, Y = [], []
    tagger = default_tagger()
    for text, ents in items:
        doc = nlp.make_doc(text)
        nt = doc._.norm_text
        blocked = [(e["start"], e["end"]) for e in ents if e["label"] in NUMBER_LABELS]
        names = [e for e in ents if e["label"] in LABELS]
        views = sentence_views(doc, blocked)
        rules = tag_document(views, tagger) if stacked else [None] * len(views)
        for (sent, _), rule_spans in zip(views, rules):
            if sent.n == 0:
                continue
            rule_tags = bio_labels(sent, [(sp.start, sp.end, sp.label) for sp in rule_spans]) \
                if stacked else None
            X.append(ner_model.featurize(sent, lexicon, rule_tags))
            Y.append(bio_labels(sent, token_spans(sent, nt, names)))
    return X, Y


def silver_items(nlp_rules, texts, exclude, n):
    items = []
    for doc_id, text in texts.items():
        if len(items) >= n:
            break
        if not doc_id.startswith("baomoi") or doc_id in exclude or not (400 <= len(text) <= 6000):
            continue
        doc = nlp_rules(text)
        ents = [{"start": e.start, "end": e.end, "label": e.label} for e in doc._.entities or []]
        items.append((text, ents))
    return items


def score_spans(pairs) -> dict:
    """Strict P/R/F1 per label over (gold set, predicted set) pairs of (start, end, label)."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for gold, pred in pairs:
        for s in pred:
            (tp if s in gold else fp)[s[2]] += 1
        for s in gold - pred:
            fn[s[2]] += 1
    out = {}
    for label in (*LABELS, "micro"):
        t = sum(tp.values()) if label == "micro" else tp[label]
        p_ = sum(fp.values()) if label == "micro" else fp[label]
        n_ = sum(fn.values()) if label == "micro" else fn[label]
        p = t / (t + p_) if t + p_ else 0.0
        r = t / (t + n_) if t + n_ else 0.0
        out[label] = round(2 * p * r / (p + r), 3) if p + r else 0.0
    return out


def evaluate_holdout(nlp, plain, stacked, items) -> dict:
    """Strict F1 per label of each names mode on held-out hand annotations."""
    tagger = default_tagger()
    results = {}
    for mode in ("rules", "model", "merge", "both"):
        pairs = []
        for text, ents in items:
            doc = nlp.make_doc(text)
            blocked = [(e["start"], e["end"]) for e in ents if e["label"] in NUMBER_LABELS]
            if mode == "rules":
                found = rule_entities(doc, tagger, blocked)
            elif mode == "model":
                found = plain.predict_doc(doc, blocked, tagger)
            elif mode == "merge":
                found = _combine(rule_entities(doc, tagger, blocked), plain.predict_doc(doc, blocked, tagger))
            else:
                found = stacked.predict_doc(doc, blocked, tagger)
            gold = {(e["start"], e["end"], e["label"]) for e in ents if e["label"] in LABELS}
            pred = {(e.start, e.end, e.label) for e in found}
            pairs.append((gold, pred))
        results[mode] = score_spans(pairs)
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--silver", type=int, default=0, help="silver (rule-labelled) baomoi articles")
    ap.add_argument("--holdout", type=float, default=0.2)
    ap.add_argument("--max-iter", type=int, default=150)
    ap.add_argument("--l1", type=float, default=0.05)
    ap.add_argument("--l2", type=float, default=0.01)
    ap.add_argument("--out", type=Path, default=ner_model.DEFAULT_MODEL)
    ap.add_argument("--skip-plain", action="store_true", help="keep the plain model, retrain the stacked one")
    args = ap.parse_args()
    if not (args.shared / "corpora").is_dir():
        raise SystemExit(f"reference corpora not found under {args.shared}")

    from underthesea_core import CRFTrainer

    started = time.perf_counter()
    texts = load_texts(args.shared)
    gold = gold_ids(args.shared)
    hand = hand_examples(texts, gold)
    train_hand = [(t, e) for d, t, e in hand if not is_holdout(d, args.holdout)]
    held = [(t, e) for d, t, e in hand if is_holdout(d, args.holdout)]
    nlp = pipeline.load(exclude=("names", "officials", "passages", "themes"))
    nlp_rules = pipeline.load(exclude=("officials", "passages", "themes"), **{"components.names.mode": "rules"})
    lexicon = ner_model.default_lexicon()
    annotated = {d for d, _, _ in hand}
    silver = silver_items(nlp_rules, texts, gold | annotated, args.silver) if args.silver else []

    def train(X, Y, out):
        trainer = CRFTrainer()
        trainer.set_l1_penalty(args.l1)
        trainer.set_l2_penalty(args.l2)
        trainer.set_max_iterations(args.max_iter)
        crf = trainer.train(X, Y)
        out.parent.mkdir(parents=True, exist_ok=True)
        crf.save(str(out))
        print(f"saved {out} ({out.stat().st_size // 1024} KiB), {time.perf_counter() - started:.0f}s so far",
              flush=True)

    if not args.skip_plain:
        X, Y = sequences(nlp, train_hand + silver, lexicon)
        print(f"plain CRF: {len(train_hand)} hand regions + {len(silver)} silver articles = {len(X)} sentences, "
              f"{sum(map(len, X))} tokens; held out: {len(held)} hand regions", flush=True)
        train(X, Y, args.out)
    # the stacked CRF learns from hand labels only when to trust the rules' tags
    stacked_out = args.out.with_name(args.out.stem + "-stacked.crfsuite")
    X, Y = sequences(nlp, train_hand, lexicon, stacked=True)
    print(f"stacked CRF: {len(train_hand)} hand regions = {len(X)} sentences", flush=True)
    train(X, Y, stacked_out)

    plain = ner_model.CRFNameModel(args.out)
    stacked = ner_model.CRFNameModel(stacked_out, stacked=True)
    scores = evaluate_holdout(nlp, plain, stacked, held) if held else {}
    for mode, s in scores.items():
        print(f"held-out hand regions, {mode:5s}: " + "  ".join(f"{k} {v:.3f}" for k, v in s.items()))
    counts = Counter(e["label"] for _, e_list in train_hand for e in e_list if e["label"] in LABELS)
    meta = {
        "model": args.out.name,
        "stacked_model": stacked_out.name,
        "trained": dt.date.today().isoformat(),
        "engine": "underthesea_core CRFTrainer (CRFsuite format)",
        "features": "syllable, neighbours +-2, shape, word position, lexicon matches (corpora/lexicons)",
        "hand_regions_train": len(train_hand),
        "hand_regions_heldout": len(held),
        "hand_entities_train": dict(counts),
        "silver_articles": len(silver),
        "sentences": len(X),
        "params": {"l1": args.l1, "l2": args.l2, "max_iter": args.max_iter},
        "heldout_strict_f1": scores,
    }
    (args.out.parent / (args.out.stem + ".json")).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n",
                                                    encoding="utf-8")


if __name__ == "__main__":
    main()
