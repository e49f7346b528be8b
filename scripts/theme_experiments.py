#!/usr/bin/env python3
"""Sentence-level theme models compared by cross-validation on corpora/themes/sentences-*.jsonl.

Each labelled sentence is a unit; its features are TF-IDF blocks of the
sentence, its neighbours (context) and the document's title line. Folds are
grouped by document. For each learner, per-theme thresholds are chosen on the
out-of-fold scores of the training folds only (nested), so the reported
scores are never tuned on what they score. The document roll-up is learned
from out-of-fold sentence scores (max, mean, top-2 mean, share above the
threshold, title score) against document labels.

    .venv/bin/python scripts/theme_experiments.py [--learners lr,mlp] [--folds 5]
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from common import ROOT, SHARED  # noqa: E402  (the repository and the reference data)


def load(files=None):
    import yaml

    theme_ids = [t["id"] for t in yaml.safe_load((ROOT / "models/themes/themes.yaml").read_text())["themes"]]
    files = files or sorted((ROOT / "corpora/themes").glob("sentences-[bd]*.jsonl"))
    records = [json.loads(line) for f in files for line in open(f, encoding="utf-8") if line.strip()]
    texts = {}
    for corpus in {r["corpus"] for r in records}:
        want = {r["doc"] for r in records if r["corpus"] == corpus}
        with gzip.open(SHARED / "corpora" / f"{corpus}.jsonl.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                if d["id"] in want:
                    texts[d["id"]] = d["text"]
    return theme_ids, records, texts


def units(theme_ids, records, texts):
    """Per sentence: (doc index, sentence text, context text, title text, label row)."""
    index = {t: k for k, t in enumerate(theme_ids)}
    rows, docs = [], []
    for di, r in enumerate(records):
        text = texts[r["doc"]]
        sents = [text[s["start"]:s["end"]] for s in r["sentences"]]
        title = text[:text.find("\n")] if "\n" in text else sents[0]
        for k, s in enumerate(r["sentences"]):
            y = np.zeros(len(theme_ids), dtype=np.int8)
            for t in s["themes"]:
                y[index[t]] = 1
            ctx = " ".join(sents[max(0, k - 2):k] + sents[k + 1:k + 3])
            rows.append((di, sents[k], ctx, title, y, k == 0, " ".join(sents)))
        yd = np.zeros(len(theme_ids), dtype=np.int8)
        for t in r["themes"]:
            yd[index[t]] = 1
        docs.append(yd)
    return rows, np.array(docs)


def fold_of(doc_id: str, k: int) -> int:
    return int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % k


class Features:
    """TF-IDF (syllable uni+bigrams, lower-cased) of sentence, context, title and document, weighted
    blocks, plus each theme's cue count in the sentence and its context."""

    def __init__(self, ctx_weight=0.5, title_weight=0.3, doc_weight=0.0, cue_weight=0.0, cues=None):
        self.ctx_weight, self.title_weight = ctx_weight, title_weight
        self.doc_weight, self.cue_weight, self.cues = doc_weight, cue_weight, cues or []

    def _cues(self, texts):
        import re
        pats = [re.compile("|".join(r"(?<!\w)" + re.escape(c.lower()) + r"(?!\w)" for c in cs)) for cs in self.cues]
        return sp.csr_matrix(np.array([[min(len(p.findall(t.lower())), 3) / 3 for p in pats] for t in texts]))

    def fit(self, sents, ctxs, titles, docs=None):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vec = TfidfVectorizer(lowercase=True, ngram_range=(1, 2), min_df=2, max_features=80000,
                                   sublinear_tf=True, token_pattern=r"(?u)\b\w+\b")
        self.vec.fit(list(sents) + list(ctxs))
        return self

    def transform(self, sents, ctxs, titles, docs=None):
        blocks = [self.vec.transform(sents), self.ctx_weight * self.vec.transform(ctxs),
                  self.title_weight * self.vec.transform(titles)]
        if self.doc_weight:
            blocks.append(self.doc_weight * self.vec.transform(docs))
        if self.cue_weight:
            blocks += [self.cue_weight * self._cues(sents), 0.5 * self.cue_weight * self._cues(ctxs)]
        return sp.hstack(blocks).tocsr()


def make_learner(name):
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier

    if name == "lr":
        return lambda: LogisticRegression(C=4.0, solver="liblinear", class_weight="balanced", max_iter=2000)
    if name == "mlp":
        return lambda: MLPClassifier(hidden_layer_sizes=(32,), alpha=1e-4, max_iter=15, random_state=0)
    raise ValueError(name)


def fit_predict(learner, X_train, Y_train, X_test):
    probe = learner()
    if getattr(probe, "_multilabel_native", False) or type(probe).__name__ == "MLPClassifier":
        probe.fit(X_train, Y_train)   # one network for all themes (multi-label output layer)
        return probe.predict_proba(X_test)
    out = np.zeros((X_test.shape[0], Y_train.shape[1]))
    for t in range(Y_train.shape[1]):
        y = Y_train[:, t]
        if y.min() == y.max():
            out[:, t] = y[0]
            continue
        clf = learner()
        clf.fit(X_train, y)
        out[:, t] = clf.predict_proba(X_test)[:, 1]
    return out


def best_thresholds(P, Y):
    grid = np.linspace(0.05, 0.95, 19)
    out = np.full(P.shape[1], 0.5)
    for t in range(P.shape[1]):
        if Y[:, t].sum() == 0:
            continue
        f1s = []
        for g in grid:
            pred = P[:, t] >= g
            tp = (pred & (Y[:, t] == 1)).sum()
            f1s.append(2 * tp / (pred.sum() + Y[:, t].sum()) if pred.sum() + Y[:, t].sum() else 0)
        out[t] = grid[int(np.argmax(f1s))]
    return out


def prf(pred, Y):
    tp = int((pred & (Y == 1)).sum())
    fp = int((pred & (Y == 0)).sum())
    fn = int((~pred & (Y == 1)).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def doc_features(P, doc_idx, first, n_docs, thr):
    """Per (document, theme): max, mean, top-2 mean, share >= thr, count >= thr, title score."""
    T = P.shape[1]
    F = np.zeros((n_docs, T, 6))
    for d in range(n_docs):
        m = doc_idx == d
        if not m.any():
            continue
        S = P[m]
        top2 = np.sort(S, axis=0)[-2:].mean(axis=0)
        F[d, :, 0] = S.max(axis=0)
        F[d, :, 1] = S.mean(axis=0)
        F[d, :, 2] = top2
        F[d, :, 3] = (S >= thr).mean(axis=0)
        F[d, :, 4] = np.minimum((S >= thr).sum(axis=0), 5) / 5
        F[d, :, 5] = P[m & first].max(axis=0) if (m & first).any() else 0
    return F


def stack_features(P, doc_idx, first):
    """Per sentence and theme: its score, its neighbours' (+-1, +-2 max), the document's max and mean,
    the title's — the paragraph context the annotators read, as a second stage."""
    n, T = P.shape
    F = np.zeros((n, T, 7))
    F[:, :, 0] = P
    for i in range(n):
        d = doc_idx[i]
        lo, hi = i, i
        while lo > 0 and doc_idx[lo - 1] == d:
            lo -= 1
        while hi + 1 < n and doc_idx[hi + 1] == d:
            hi += 1
        F[i, :, 1] = P[i - 1] if i > lo else 0
        F[i, :, 2] = P[i + 1] if i < hi else 0
        F[i, :, 3] = P[max(lo, i - 2):min(hi, i + 2) + 1].max(axis=0)
        F[i, :, 4] = P[lo:hi + 1].max(axis=0)
        F[i, :, 5] = P[lo:hi + 1].mean(axis=0)
        F[i, :, 6] = P[lo]
    return F


def stack(P, Y, doc_idx, first, folds, n_folds):
    """Second-stage per-theme logistic regression on stack_features, out of fold."""
    from sklearn.linear_model import LogisticRegression

    F = stack_features(P, doc_idx, first)
    out = np.zeros(P.shape)
    for t in range(P.shape[1]):
        X = np.concatenate([F[:, t, :], np.sqrt(F[:, t, :])], axis=1)
        for k in range(n_folds):
            tr, te = folds != k, folds == k
            if Y[tr, t].min() == Y[tr, t].max():
                continue
            clf = LogisticRegression(C=1.0, max_iter=1000).fit(X[tr], Y[tr, t])
            out[te, t] = clf.predict_proba(X[te])[:, 1]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--learners", default="lr,mlp")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--ctx", type=float, default=0.5)
    ap.add_argument("--title", type=float, default=0.3)
    ap.add_argument("--doc", type=float, default=0.0)
    ap.add_argument("--cue", type=float, default=0.0)
    ap.add_argument("--stack", action="store_true", help="second stage over neighbour and document scores")
    args = ap.parse_args()
    theme_ids, records, texts = load()
    import yaml
    cues = [t.get("cues", []) for t in yaml.safe_load((ROOT / "models/themes/themes.yaml").read_text())["themes"]]
    rows, Yd = units(theme_ids, records, texts)
    doc_idx = np.array([r[0] for r in rows])
    first = np.array([r[5] for r in rows])
    Y = np.array([r[4] for r in rows])
    folds_doc = np.array([fold_of(r["doc"], args.folds) for r in records])
    folds = folds_doc[doc_idx]
    print(f"{len(records)} documents, {len(rows)} sentences, {int((Y.sum(1) > 0).sum())} with a theme")
    for name in args.learners.split(","):
        started = time.perf_counter()
        learner = make_learner(name)
        cache = Path(f"/tmp/theme-oof-{name}-{args.ctx}-{args.title}-{args.doc}-{args.cue}-{len(rows)}.npy")
        P = np.load(cache) if cache.exists() else np.zeros(Y.shape)
        for k in ([] if cache.exists() else range(args.folds)):
            tr, te = folds != k, folds == k
            feats = Features(args.ctx, args.title, args.doc, args.cue, cues).fit(
                [r[1] for r, m in zip(rows, tr) if m], [r[2] for r, m in zip(rows, tr) if m],
                [r[3] for r, m in zip(rows, tr) if m])
            X = feats.transform([r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows],
                                [r[6] for r in rows])
            P[te] = fit_predict(learner, X[tr], Y[tr], X[te])
            print(f"  fold {k} done ({time.perf_counter() - started:.0f}s)", flush=True)
        np.save(cache, P)
        if args.stack:
            P = stack(P, Y, doc_idx, first, folds, args.folds)
        # thresholds: for fold k, tuned on the other folds' out-of-fold scores
        pred = np.zeros(Y.shape, dtype=bool)
        thr_all = np.zeros((args.folds, Y.shape[1]))
        for k in range(args.folds):
            thr_all[k] = best_thresholds(P[folds != k], Y[folds != k])
            pred[folds == k] = P[folds == k] >= thr_all[k]
        sent = prf(pred, Y)
        # document roll-up: logistic regression on per-theme summary features, CV by the same folds
        from sklearn.linear_model import LogisticRegression

        F = doc_features(P, doc_idx, first, len(records), thr_all.mean(0))
        n, T, m = F.shape
        Xd = np.concatenate([F.reshape(n * T, m), np.tile(np.eye(T), (n, 1))], axis=1)
        yd = Yd.reshape(n * T)
        fd = np.repeat(folds_doc, T)
        pd_ = np.zeros(n * T, dtype=bool)
        base = np.zeros(n * T, dtype=bool)
        for k in range(args.folds):
            clf = LogisticRegression(C=1.0, max_iter=2000).fit(Xd[fd != k], yd[fd != k])
            pd_[fd == k] = clf.predict_proba(Xd[fd == k])[:, 1] >= 0.5
        base = (F[:, :, 4].reshape(-1) >= 0.4)  # the old rule: two or more sentences
        print(f"[{name}] sentence micro {sent}  document learned {prf(pd_, yd)}  "
              f"document 2+ sentences {prf(base, yd)}  ({time.perf_counter() - started:.0f}s)")
        for t, tid in enumerate(theme_ids):
            s = prf(pred[:, t], Y[:, t])
            d = prf(pd_.reshape(n, T)[:, t], Yd[:, t])
            print(f"    {tid:28s} sentence F1 {s['f1']:.3f}  document F1 {d['f1']:.3f}  "
                  f"(positives {int(Y[:, t].sum())} / {int(Yd[:, t].sum())})")


if __name__ == "__main__":
    main()
