"""Training the theme model: thresholds from cross-validation, scores on a held-out split.

Hand-labelled documents are split once, by a stable hash of the document id,
into a training part and a held-out part (`data.held_out`). The model card's
per-theme scores are those of a model fitted on the training part, with
thresholds tuned by document-grouped cross-validation inside that part, and
measured on the held-out documents. The shipped model is then refitted on
all labels, with thresholds tuned the same way on all of them. Weak and
taxonomy-example documents are only ever training data. Everything is
deterministic: the same files give the same model.
"""
from __future__ import annotations

import hashlib

import numpy as np

from .data import LabelledDoc, held_out
from ...metrics import prf_arrays
from ..model import ThemeModel

GRID = np.round(np.arange(0.05, 0.951, 0.025), 3)


def _fold(doc_id: str, k: int) -> int:
    return int(hashlib.sha1(("fold:" + doc_id).encode("utf-8")).hexdigest()[:8], 16) % k


def label_matrix(sets, theme_ids) -> np.ndarray:
    index = {t: k for k, t in enumerate(theme_ids)}
    Y = np.zeros((len(sets), len(theme_ids)), dtype=np.int8)
    for i, themes in enumerate(sets):
        for t in themes:
            if t in index:
                Y[i, index[t]] = 1
    return Y


def doc_label_sets(docs: list[LabelledDoc]) -> list[set[str]]:
    return [d.doc_themes if d.doc_themes is not None else set().union(*d.themes) for d in docs]


def tune_thresholds(probs: np.ndarray, Y: np.ndarray, min_positives: int = 3, default: float = 0.5) -> np.ndarray:
    """Per theme, the grid threshold with the best F1 (ties: the middle of the best run)."""
    out = np.full(Y.shape[1], default)
    for k in range(Y.shape[1]):
        y = Y[:, k].astype(bool)
        if y.sum() < min_positives:
            continue
        f1s = np.asarray([prf_arrays(probs[:, k] >= t, y)["f1"] for t in GRID])
        best = np.flatnonzero(f1s >= f1s.max() - 1e-9)
        out[k] = GRID[best[len(best) // 2]]
    return out


def scores(pred: np.ndarray, Y: np.ndarray, theme_ids) -> dict:
    """Per-theme and micro precision, recall, F1 and support of boolean predictions."""
    pred, Y = pred.astype(bool), Y.astype(bool)

    def prf(p, y):
        s = prf_arrays(p, y)
        return {"p": round(s["precision"], 4), "r": round(s["recall"], 4), "f1": round(s["f1"], 4),
                "support": s["support"]}

    out = {"micro": prf(pred.ravel(), Y.ravel())}
    for k, t in enumerate(theme_ids):
        out[t] = prf(pred[:, k], Y[:, k])
    return out


def _predict(model: ThemeModel, docs: list[LabelledDoc]):
    scored = model.score_many([d.passages for d in docs])
    P = np.vstack([p for p, _ in scored]) if scored else np.zeros((0, len(model.theme_ids)))
    D = np.vstack([s for _, s in scored]) if scored else np.zeros((0, len(model.theme_ids)))
    return P, D


def cross_validated_thresholds(theme_ids, params: dict, hand: list[LabelledDoc], extra: list[LabelledDoc],
                               k: int = 4, cues: dict | None = None) -> tuple[np.ndarray, np.ndarray, dict]:
    """Passage and document thresholds tuned on out-of-fold scores of `hand` documents."""
    folds = [_fold(d.id, k) for d in hand]
    Pp, Yp, Pd, Yd = [], [], [], []
    for f in range(k):
        test = [d for d, g in zip(hand, folds) if g == f]
        train = [d for d, g in zip(hand, folds) if g != f] + extra
        if not test:
            continue
        model = ThemeModel(theme_ids, cues=cues, **params).fit(train)
        P, D = _predict(model, test)
        Pp.append(P)
        Pd.append(D)
        Yp.append(label_matrix([t for d in test for t in d.themes], theme_ids))
        Yd.append(label_matrix(doc_label_sets(test), theme_ids))
    Pp, Yp, Pd, Yd = map(np.vstack, (Pp, Yp, Pd, Yd))
    th, dth = tune_thresholds(Pp, Yp), tune_thresholds(Pd, Yd)
    oof = {"passages": scores(Pp >= th, Yp, theme_ids), "documents": scores(Pd >= dth, Yd, theme_ids)}
    return th, dth, oof


def evaluate(model: ThemeModel, docs: list[LabelledDoc]) -> dict:
    P, D = _predict(model, docs)
    Yp = label_matrix([t for d in docs for t in d.themes], model.theme_ids)
    Yd = label_matrix(doc_label_sets(docs), model.theme_ids)
    return {"passages": scores(P >= model.thresholds, Yp, model.theme_ids),
            "documents": scores(D >= model.doc_thresholds, Yd, model.theme_ids)}


def train(theme_ids, hand: list[LabelledDoc], extra: list[LabelledDoc] = (), params: dict | None = None,
          folds: int = 4, report_held_out: bool = False, cues: dict | None = None,
          log=lambda msg: None) -> tuple[ThemeModel, dict]:
    """Fit the shipped model on all labels; return it with a report for the model card."""
    params = dict(params or {})
    extra = list(extra)
    report: dict = {"params": params, "folds": folds}
    if report_held_out:
        dev = [d for d in hand if held_out(d.id)]
        fit_part = [d for d in hand if not held_out(d.id)]
        if dev and fit_part:
            log(f"held-out evaluation: fit on {len(fit_part)} documents, score {len(dev)}")
            th, dth, _ = cross_validated_thresholds(theme_ids, params, fit_part, extra, folds, cues)
            model = ThemeModel(theme_ids, cues=cues, **params).fit(fit_part + extra)
            model.thresholds, model.doc_thresholds = th, dth
            report["held_out"] = {"n_documents": len(dev), "n_passages": sum(len(d.passages) for d in dev),
                                  **evaluate(model, dev)}
    log(f"thresholds: {folds}-fold cross-validation over {len(hand)} documents")
    th, dth, oof = cross_validated_thresholds(theme_ids, params, hand, extra, folds, cues)
    report["cross_validated"] = oof
    log("final fit on all labels")
    model = ThemeModel(theme_ids, cues=cues, **params).fit(list(hand) + extra)
    model.thresholds, model.doc_thresholds = th, dth
    report["thresholds"] = {t: float(v) for t, v in zip(theme_ids, th)}
    report["doc_thresholds"] = {t: float(v) for t, v in zip(theme_ids, dth)}
    return model, report


def checked_out_dir(out_dir, overwrite_shipped: bool = False):
    """`out_dir` as a Path, refusing none at all and, unless `overwrite_shipped`, the shipped model folder.

    The shipped model is what every `analyze` and `batch` of the installed
    package loads; a retrain that forgot its output folder, or pointed it there
    by another spelling, must not silently replace it.
    """
    from pathlib import Path

    from .. import store
    from .data import DataError

    if not out_dir:
        raise DataError("no output folder given (--out DIR): the shipped model is never overwritten by default")
    out = Path(out_dir)
    if not overwrite_shipped and out.resolve() == Path(store.DEFAULT_MODEL_DIR).resolve():
        raise DataError(f"{out_dir} is the shipped theme model folder ({store.DEFAULT_MODEL_DIR}); "
                        "write the new model elsewhere, or pass --overwrite-shipped to replace the shipped one")
    return out


def train_from_files(taxonomy_path=None, label_files=None, doc_files=None, weak_files=(), corpora_dir=None,
                     out_dir=None, params: dict | None = None, folds: int = 4, command: str = "",
                     unit: str = "sentence", held_out_report: bool = False, log=lambda msg: None,
                     overwrite_shipped: bool = False) -> dict:
    """Resolve the label files, train, and write model + card to `out_dir`; return the card.

    `out_dir` is required and checked before any work (see `checked_out_dir`).
    """
    import datetime as _dt
    import time
    from pathlib import Path

    from . import data
    from .card import render_card
    from ..store import save_model
    from ..taxonomy import load_taxonomy

    out_dir = checked_out_dir(out_dir, overwrite_shipped)
    t0, cpu0 = time.perf_counter(), time.process_time()
    taxonomy = load_taxonomy(taxonomy_path)
    label_files = [Path(p) for p in (data.default_files("labels-*.jsonl") if label_files is None else label_files)]
    doc_files = [Path(p) for p in (data.default_files("docs-*.jsonl") if doc_files is None else doc_files)]
    weak_files = [Path(p) for p in weak_files]
    corpora_dir = Path(corpora_dir) if corpora_dir else data.SHARED_CORPORA
    hand, described = [], []
    if label_files:
        if not corpora_dir.is_dir():
            raise data.DataError(f"corpora directory {corpora_dir} not found: the label files are standoff "
                                 "references into it (pass --corpora DIR, or --labels none to train on the "
                                 "taxonomy's examples only)")
        hand, rep = data.resolve_labels(label_files, doc_files, taxonomy, corpora_dir, unit=unit)
        described.append(f"hand labels: {rep['passages']} passages in {rep['documents']} documents from "
                         + ", ".join(p.name for p in label_files)
                         + (f"; document labels from {', '.join(p.name for p in doc_files)}" if doc_files else ""))
        if rep["dropped_themes"]:
            described.append(f"labels of themes not in the taxonomy were ignored: {', '.join(rep['dropped_themes'])}")
        log(described[-1] if rep["dropped_themes"] else described[0])
    extra = data.example_docs(taxonomy)
    if extra:
        described.append(f"taxonomy examples: {len(extra)} passages")
    if weak_files:
        hand_ids = {d.id for d in hand}
        weak, rep = data.resolve_labels(weak_files, [], taxonomy, corpora_dir, weak=True, exclude_ids=hand_ids,
                                        unit=unit)
        extra += weak
        described.append(f"weak labels (cue matches, weight {params.get('weak_weight', 0.3) if params else 0.3}): "
                         f"{rep['passages']} passages in {rep['documents']} documents from "
                         + ", ".join(p.name for p in weak_files))
    if not hand and not extra:
        raise data.DataError("no training data: no label files and no `examples:` in the taxonomy")
    if unit == "sentence":
        described.append("training units: the sentences of each labelled passage, with the passage's themes")
    enough = len(hand) >= 2 * folds
    cues = {t.id: list(t.cues) for t in taxonomy}
    model, report = train(taxonomy.ids, hand, extra, params, folds=folds, report_held_out=held_out_report,
                          cues=cues, log=log) if enough else _train_small(taxonomy.ids, hand + extra, params, cues)
    card = {
        "trained_at": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "taxonomy": str(taxonomy.source),
        "themes": taxonomy.ids,
        "data": described,
        "params": {k: getattr(model, k) for k in model.PARAMS},
        "n_terms": model.n_terms,
        "report": report,
        "seconds": round(time.perf_counter() - t0, 1),
        "cpu_seconds": round(time.process_time() - cpu0, 1),
        "command": command or "vnmonitor train-themes",
    }
    save_model(model, out_dir, taxonomy, card, render_card(card))
    return card


def _train_small(theme_ids, docs, params, cues) -> tuple[ThemeModel, dict]:
    """Too few documents for cross-validation: fit on everything, thresholds stay at 0.5."""
    model = ThemeModel(theme_ids, cues=cues, **(params or {})).fit(docs)
    report = {"params": params or {}, "note": "too few labelled documents for held-out scores; thresholds 0.5",
              "thresholds": {t: 0.5 for t in theme_ids}, "doc_thresholds": {t: 0.5 for t in theme_ids}}
    return model, report
