"""The second stage and the document roll-up of the sentence theme model (numpy only).

Stage one (`model.ThemeModel`) scores each sentence from its own words, its
neighbours' and its document's. Annotators decide a sentence "read in the
context of its paragraph" (ANNOTATION.md), and most of stage one's false
positives are sentences next to a themed one that share its vocabulary but
are not about the theme. Stage two therefore looks at the *scores* around a
sentence: per theme a logistic regression over the sentence's own stage-one
probability, its previous and next sentence's, the maximum in a ±2 window,
the document's maximum and mean and the title's (first sentence's), each with
its square root (`STACK_FEATURES`). It is fitted on out-of-fold stage-one
scores, so it is also the calibration step: a logistic fit on held-out
scores is Platt scaling, which is what CalibratedClassifierCV(method="sigmoid")
would do, with the context added.

The document roll-up replaces the old fixed "two or more sentences" rule,
which missed themes carried by one short passage and took themes mentioned
twice in passing. It is one logistic regression over all themes (features per
document and theme: the best, mean and top-2 mean margins of its sentences
over the theme's sentence threshold, the share and count of sentences at or
above that threshold, the title's margin, plus a one-hot of the theme so each
theme has its own bias), fitted on out-of-fold sentence scores against
document labels; each theme's document threshold is then chosen by
cross-validation on the training labels. Margins rather than raw scores
(model format 3): stage two's scores sit on a different scale for each theme,
and one slope reads them alike only on the margin scale (cross-validated
document F1 .761 against .749 on the same out-of-fold scores of the earlier
stage one). Tried and left out, for no gain in cross-validation: the
document's length, indicators of one, two and three sentences at the
threshold, per-theme slopes, margins floored at -2 or -4, one document
threshold for all themes, gradient boosting (HistGradientBoostingClassifier)
on the same features, and stage one's own document classifier score (.733
with it, .749 without; the staged model no longer fits that classifier). With
the stage one of 2026-12-02 the roll-up alone was no better than counting
sentences (.726 against .731); trained on the 1,086 documents labelled by
2026-12-03 it is (.740 against .713 with the rule added), and the pipeline
uses it alone (component.py, ``rollup_min_units = 0``).

Format 5 (session 28) adds the document's topic weights (`ThemeModel.topic_vectors`: its TF-IDF row
projected on 50 topics of the unlabelled archive) to the roll-up, each theme reading them through
weights of its own: a discipline sentence in a sports report or a crash in a robbery story scores
like one in a campaign article, and the kind of article is in the whole document's words.
Cross-validated document F1 .760 -> .772; on the held-out random draws c and e .766 -> .773.

Scores and calibration: stage two is fitted with balanced class weights. Its
outputs are the logistic regression's own probabilities under balanced
priors, i.e. monotone in the calibrated ones (a constant shift of the logit)
and spread over [0, 1], which is what the per-theme threshold search needs;
unweighted, rare themes' probabilities crowd below 0.1 and the grid search
lost .027 of cross-validated sentence F1 (.643 vs .670). Decisions rest on
the per-theme thresholds chosen by cross-validation, not on 0.5.

All weights are plain arrays; nothing here imports scikit-learn.
"""
from __future__ import annotations

import numpy as np

N_STACK = 7            # own, previous, next, window max, document max, document mean, title
N_ROLLUP = 6           # max, mean, top-2 mean, share >= thr, count >= thr, title (margins over thr, format 3)


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def stack_features(P: np.ndarray) -> np.ndarray:
    """(n, T, 2 * N_STACK) second-stage features of one document's stage-one probabilities (n, T)."""
    n, T = P.shape
    F = np.zeros((n, T, N_STACK), dtype=np.float64)
    if n == 0:
        return np.zeros((0, T, 2 * N_STACK))
    F[:, :, 0] = P
    F[1:, :, 1] = P[:-1]
    F[:-1, :, 2] = P[1:]
    pad = np.vstack([np.zeros((2, T)), P, np.zeros((2, T))])
    F[:, :, 3] = np.max(np.stack([pad[i:i + n] for i in range(5)]), axis=0)
    F[:, :, 4] = P.max(axis=0)
    F[:, :, 5] = P.mean(axis=0)
    F[:, :, 6] = P[0]
    return np.concatenate([F, np.sqrt(F)], axis=2)


def stack_predict(P: np.ndarray, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    """Second-stage probabilities (n, T) of one document; coef (T, 2 * N_STACK), intercept (T,)."""
    if P.shape[0] == 0:
        return P
    F = stack_features(P)
    return _sigmoid(np.einsum("ntf,tf->nt", F, coef) + intercept)


def _logit(p):
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def rollup_features(P: np.ndarray, thresholds: np.ndarray, doc_score=None, margins: bool = True,
                    topic: np.ndarray | None = None) -> np.ndarray:
    """(T, N_ROLLUP + T) roll-up features of one document from its sentence scores P (n, T) and the
    sentence thresholds (`doc_score`, stage one's document classifier, is not used: see above).

    With `topic` (format 5 models: the document's K topic weights, `ThemeModel.topic_vectors`), each
    theme's row also holds the topic weights in that theme's own block of K columns, (T, N_ROLLUP + T
    + T K): every theme learns which kinds of article its sentence scores can be trusted in (a
    discipline sentence in a sports report, a traffic sentence in a crime story).

    With `margins` (format 3 models) the score features are margins over the theme's own sentence
    threshold, logit(p) - logit(threshold): stage two's scores sit on a different scale for each
    theme (office culture's threshold is .875, traffic safety's .825 with far more spread), and one
    set of slopes for all themes reads "0.9" the same way for both only on the margin scale. A format 2
    model reads the raw probabilities."""
    T = P.shape[1]
    F = _score_features(P, thresholds, margins)
    if topic is None:
        return np.hstack([F, np.eye(T)])
    return np.hstack([F, np.eye(T), np.kron(np.eye(T), np.asarray(topic, dtype=np.float64)[None, :])])


def _score_features(P: np.ndarray, thresholds: np.ndarray, margins: bool = True) -> np.ndarray:
    """The (T, N_ROLLUP) score columns of `rollup_features`."""
    n, T = P.shape
    F = np.zeros((T, N_ROLLUP))
    if margins:
        Q = _logit(P) - _logit(thresholds) if n else np.zeros((0, T))
        F[:, [0, 1, 2, 5]] = (_logit(np.zeros(T)) - _logit(thresholds))[:, None]  # no sentence: as scores of 0
    else:
        Q = P
    if n:
        above = P >= thresholds
        F[:, 0] = Q.max(axis=0)
        F[:, 1] = Q.mean(axis=0)
        F[:, 2] = np.sort(Q, axis=0)[-2:].mean(axis=0)
        F[:, 3] = above.mean(axis=0)
        F[:, 4] = np.minimum(above.sum(axis=0), 5) / 5
        F[:, 5] = Q[0]
    return F


def rollup_predict(P, thresholds, doc_score, coef: np.ndarray, intercept: float, margins: bool = True,
                   topic: np.ndarray | None = None) -> np.ndarray:
    """Document theme probabilities (T,) from the roll-up weights (N_ROLLUP + T [+ T K],): the product of
    `rollup_features`' rows with `coef`, without building the mostly-zero one-hot and topic blocks."""
    F = _score_features(P, thresholds, margins)
    T = F.shape[0]
    z = F @ coef[:N_ROLLUP] + coef[N_ROLLUP:N_ROLLUP + T] + intercept
    if topic is not None:
        z += coef[N_ROLLUP + T:].reshape(T, -1) @ np.asarray(topic, dtype=np.float64)
    return _sigmoid(z)


def file_documents(rolled: np.ndarray, counts: np.ndarray, min_units: int = 0, secondary: bool = False,
                   evidence: bool = False, sizes=None) -> np.ndarray:
    """Which (document, theme) pairs are filed: the roll-up's own decisions `rolled` (n, T, bool)
    and, given how many of each document's sentences took each theme (`counts`, n x T), with
    `min_units` also a theme that many sentences took; with `secondary` a document filed under any
    theme also takes every theme one of its sentences took (`secondary` may name the themes, one boolean
    each, that do so); with `evidence` only a theme one of its
    sentences took. With `sizes` (each document's number of sentences), a theme that at least half of
    a document's sentences took is filed whatever the roll-up says: the roll-up learned from articles
    of many sentences, and a one-line dispatch all about the budget ("Cục Thuế ... thu ngân sách đạt
    11 tỷ đồng, bằng 21% dự toán") lies outside them (in cross-validation over 2,298 documents the
    rule changes one decision without the topics, a few with them: .772 -> .770). The pipeline (`ThemeModel.doc_themes`) and the cross-validated report
    share it."""
    filed = np.array(rolled, dtype=bool)
    if sizes is not None:
        filed |= (counts >= 1) & (2 * counts >= np.asarray(sizes).reshape(-1, 1))
    if min_units:
        filed |= counts >= min_units
    if np.any(secondary):  # True for every theme, or one boolean per theme (the model's learned choice)
        filed |= (counts >= 1) & filed.any(axis=1, keepdims=True) & np.asarray(secondary, dtype=bool)
    if evidence:
        filed &= counts >= 1
    return filed
