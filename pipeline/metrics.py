"""Precision, recall and F1: one implementation, scikit-learn's.

Entity and theme scores count matches (true positives, false positives,
false negatives) over sets of spans or labels; the theme trainer compares
boolean arrays. Both go through `precision_recall_fscore_support`, so every
number the project reports (evaluate, the model card, threshold tuning) is
computed the same way (`f1_of_counts` is the same formula over arrays of counts, for the
threshold grid; a test holds the two equal).
"""
from __future__ import annotations

import numpy as np


def _binary(y_true: np.ndarray, y_pred: np.ndarray) -> tuple[float, float, float]:
    from sklearn.metrics import precision_recall_fscore_support

    if y_true.size == 0:
        return 0.0, 0.0, 0.0
    p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, average="binary", pos_label=True,
                                                 zero_division=0.0)
    return float(p), float(r), float(f)


def f1_of_counts(tp: np.ndarray, predicted: np.ndarray, gold: int) -> np.ndarray:
    """F1 of many predictions against one gold set from their counts (true positives and predicted
    positives, arrays of the same shape; `gold` positives), as `precision_recall_fscore_support`
    computes it: 2 tp / (gold + predicted) in float64, 0 where nothing is predicted or gold.
    Threshold tuning scores a grid of thresholds this way, in one step instead of one call each;
    tests/test_themes_train.py holds it equal to scikit-learn's, bit for bit."""
    tp = np.asarray(tp, dtype=np.float64)
    denominator = float(gold) + np.asarray(predicted, dtype=np.float64)
    out = np.zeros(np.broadcast(tp, denominator).shape)
    np.divide(2.0 * tp, denominator, out=out, where=denominator != 0)
    return out


def prf(tp: int, fp: int, fn: int) -> dict:
    """Scores of match counts: {precision, recall, f1, tp, fp, fn}."""
    y_true = np.concatenate([np.ones(tp, bool), np.zeros(fp, bool), np.ones(fn, bool)])
    y_pred = np.concatenate([np.ones(tp, bool), np.ones(fp, bool), np.zeros(fn, bool)])
    p, r, f = _binary(y_true, y_pred)
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


def prf_arrays(pred: np.ndarray, gold: np.ndarray) -> dict:
    """Scores of boolean predictions against boolean gold: {precision, recall, f1, support}."""
    pred, gold = np.asarray(pred, bool).ravel(), np.asarray(gold, bool).ravel()
    p, r, f = _binary(gold, pred)
    return {"precision": p, "recall": r, "f1": f, "support": int(gold.sum())}
