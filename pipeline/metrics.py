"""Precision, recall and F1: one implementation, scikit-learn's.

Entity and theme scores count matches (true positives, false positives,
false negatives) over sets of spans or labels; the theme trainer compares
boolean arrays. Both go through `precision_recall_fscore_support`, so every
number the project reports (evaluate, the model card, threshold tuning) is
computed the same way.
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
