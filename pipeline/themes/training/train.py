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
import os
from dataclasses import replace

import numpy as np

from .data import LabelledDoc, held_out
from ...metrics import f1_of_counts, prf_arrays
from ..model import ThemeModel
from ..stages import file_documents

# Candidate thresholds: every 0.025 from 0.05 to 0.95, then a finer tail to 0.998. Stage two is fitted
# with balanced class weights, so a rare theme's sentence probabilities crowd near 1, and on the
# labels of 2026-12-05 eleven of the twelve sentence thresholds sat at the old grid's top (0.95); with
# the tail they settle between 0.95 and 0.995 and the cross-validated sentence F1 (nested thresholds)
# rises .718 -> .736, precision .662 -> .728.
GRID = np.round(np.concatenate([np.arange(0.05, 0.951, 0.025),
                                [0.96, 0.97, 0.975, 0.98, 0.985, 0.99, 0.995, 0.998]]), 3)


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
        f1s = grid_f1(probs[:, k], y)
        best = np.flatnonzero(f1s >= f1s.max() - 1e-9)
        out[k] = GRID[best[len(best) // 2]]
    return out


def grid_f1(probs: np.ndarray, y: np.ndarray, grid: np.ndarray = GRID) -> np.ndarray:
    """F1 of `probs >= t` against `y` for every threshold t of `grid`, from counts: how many scores
    and how many positives' scores reach each threshold (two sorted searches)."""
    probs = np.asarray(probs, dtype=np.float64)
    y = np.asarray(y, dtype=bool)
    everything, positives = np.sort(probs), np.sort(probs[y])
    predicted = len(everything) - np.searchsorted(everything, grid, side="left")
    tp = len(positives) - np.searchsorted(positives, grid, side="left")
    return f1_of_counts(tp, predicted, int(y.sum()))


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
    if out.is_dir() and any(out.iterdir()) and not store.holds_a_model(out):
        # the model's files would replace the user's own (a themes.yaml kept there, notes)
        raise DataError(f"{out_dir} holds files and no theme model: give a new or empty folder, or a theme "
                        f"model's folder to replace that model")
    problem = unwritable_folder(out)   # said now, not after minutes of training
    if problem:
        raise DataError(f"{out_dir}: cannot write the model here ({problem}); give another --out")
    return out


def unwritable_folder(folder) -> str | None:
    """Why `folder` could not be created or written in, or None: tried by creating it and a file in it,
    then removing what was created."""
    from pathlib import Path

    path = Path(folder).absolute()
    missing = []
    at = path
    while not at.exists() and at != at.parent:
        missing.append(at)
        at = at.parent
    try:
        path.mkdir(parents=True, exist_ok=True)
        check = path / ".vnmonitor-write-check"
        check.write_bytes(b"")
        check.unlink()
    except OSError as exc:
        return exc.strerror or str(exc)
    finally:
        for created in missing:   # deepest first
            try:
                created.rmdir()
            except OSError:
                break
    return None


def train_from_files(taxonomy_path=None, label_files=None, doc_files=None, weak_files=(), corpora_dir=None,
                     out_dir=None, params: dict | None = None, folds: int = 4, command: str = "",
                     unit: str = "sentence", held_out_report: bool = False, log=lambda msg: None,
                     overwrite_shipped: bool = False, sentence_files=None, doc_decisions=None,
                     written_files=None, capture: dict | None = None) -> dict:
    """Resolve the label files, train, and write model + card to `out_dir`; return the card.

    `out_dir` is required and checked before any work (see `checked_out_dir`).
    With sentence-labelled files (`sentence_files`; by default, when no passage
    label files are named, `corpora/themes/sentences-*.jsonl` except the second
    labelling) the staged sentence model is trained (`train_sentences`); the
    passage label files are the older, superseded recipe. `doc_decisions` is a filing-decision
    file applied to the sentence files' document labels (`data.apply_doc_decisions`), e.g.
    corpora/themes/doc-decisions.tsv; None (the default) applies none. `written_files` are the
    project's own articles (`data.resolve_written_files`); None reads corpora/themes/written-*.jsonl.
    """
    import datetime as _dt
    import time
    from pathlib import Path

    from . import data
    from .card import render_card
    from ..store import save_model
    from ..taxonomy import load_taxonomy

    out_dir = checked_out_dir(out_dir, overwrite_shipped)
    t0, cpu0 = time.perf_counter(), _cpu_seconds()
    taxonomy = load_taxonomy(taxonomy_path)
    if sentence_files is None and label_files is None:
        sentence_files = [p for p in data.default_files("sentences-*.jsonl") if "second" not in p.name]
    if sentence_files:
        if written_files is None:
            written_files = data.default_files("written-*.jsonl")
        return _train_sentence_files(taxonomy, [Path(p) for p in sentence_files], corpora_dir, out_dir, params,
                                     command, log, t0, cpu0, doc_decisions, [Path(p) for p in written_files],
                                     capture=capture)
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
    if not hand and written_files is None and not data.default_files("written-*.jsonl"):
        _refuse_without_the_written_articles(taxonomy)
    if not hand and written_files != []:
        # no labelled documents (no reference data): the project's own written articles carry their
        # text, so they give every shipped theme its positives and every theme its negatives
        written, rep = data.resolve_written_files(written_files or data.default_files("written-*.jsonl"), taxonomy)
        if written:
            extra += written
            described.append(f"the project's written articles (their text ships with the labels): "
                             f"{rep['passages']} sentences in {rep['documents']} articles")
            log(described[-1])
        _warn_dropped_labels(rep, described, log)   # as for the reference data's labels
    if not hand and not extra:
        raise data.DataError("no training data: no label files and no `examples:` in the taxonomy")
    never = _check_every_theme_learnable(taxonomy.ids, hand + extra, described, log,
                                         written_left_out=written_files == [])
    if unit == "sentence":
        described.append("training units: the sentences of each labelled passage, with the passage's themes")
    enough = len(hand) >= 2 * folds
    # a theme learned from nothing keeps no cues in the model: the passage model's cue rule (`cue_units`,
    # which reads the model's cues) never gives it either, as the warning says
    cues = {t.id: list(t.cues) for t in taxonomy if t.id not in never}
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
        "cpu_seconds": round(_cpu_seconds() - cpu0, 1),
        "command": command or "vnmonitor train-themes",
    }
    save_model(model, out_dir, taxonomy, card, render_card(card))
    return card


def _refuse_without_the_written_articles(taxonomy) -> None:
    """With no labelled documents, the shipped themes learn from the project's written articles; an
    installed package has none of corpora/, so a theme without `examples:` would have nothing to learn
    from, and training says so before it starts."""
    from ...resources import checkout_root
    from .data import LABEL_DIR, DataError

    bare = [t.id for t in taxonomy if not t.examples]
    if not bare:
        return
    where = ("they ship with the repository, not with the installed package: run train-themes from a checkout"
             if checkout_root() is None else "they are missing from this checkout")
    raise DataError(f"{LABEL_DIR}: no theme labels and no written articles here ({where}), so these themes have "
                    f"nothing to learn from: {', '.join(bare)}; give each of them `examples:` in the taxonomy, "
                    "or drop them")


def _warn_dropped_labels(rep: dict, described: list, log) -> None:
    """The labels of themes the taxonomy no longer has (a rename without its alias): said in the card and
    as a warning."""
    if rep["dropped_themes"]:
        described.append(f"labels of themes not in the taxonomy were ignored: {', '.join(rep['dropped_themes'])} "
                         "(a theme renamed keeps its labels with `aliases: [old_id]` in the taxonomy)")
        log("warning: " + described[-1])


def _check_every_theme_learnable(theme_ids, docs, described: list, log, written_left_out: bool = False) -> list:
    """Warn of themes no passage carries (never given; returned); refuse a theme every passage carries, which
    would be given to every text (examples of one theme alone teach nothing of what is not about it)."""
    from . import data

    units = [t for d in docs for t in d.themes]
    never = [t for t in theme_ids if not any(t in u for u in units)]
    if never:
        message = (f"theme(s) with no labelled passage and no `examples:` in the taxonomy: {', '.join(never)}; "
                   "the model will never give them")
        log("warning: " + message)
        described.append(message)
    everywhere = [t for t in theme_ids if units and all(t in u for u in units)]
    if everywhere:
        raise data.DataError(f"every training passage is about {', '.join(everywhere)}: the model would give it to "
                             "every text; add examples of other themes or text about none (labelled sentences"
                             + (", or the project's written articles: drop --written none)" if written_left_out
                                else ")"))
    return never


def _cpu_seconds() -> float:
    """CPU seconds of this process and of its finished worker processes (the parallel fits)."""
    import resource
    import time

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _train_small(theme_ids, docs, params, cues) -> tuple[ThemeModel, dict]:
    """Too few documents for cross-validation: fit on everything, thresholds stay at 0.5."""
    model = ThemeModel(theme_ids, cues=cues, **(params or {})).fit(docs)
    report = {"params": params or {}, "note": "too few labelled documents for held-out scores; thresholds 0.5",
              "thresholds": {t: 0.5 for t in theme_ids}, "doc_thresholds": {t: 0.5 for t in theme_ids}}
    return model, report


# -- the sentence model: stage one, stage two and the learned roll-up -------------------------------

def _fit_lr(X, y, C: float = 1.0, class_weight=None):
    """Weights and bias of a small dense logistic regression (lbfgs); a constant for one class.

    Fitted to a tight tolerance (1e-8): at scikit-learn's default (1e-4) lbfgs stopped wherever
    its path crossed the line, and stage-one scores that moved by 3e-7 (session 41's compiled
    scoring) moved stage two's weights by 2e-3 and four document thresholds by up to .125; fitted
    tightly, the old and the new scoring code give the same thresholds and weights within 1e-4."""
    if y.min() == y.max():
        p = np.clip(float(y.mean()), 1e-4, 1 - 1e-4)
        return np.zeros(X.shape[1]), float(np.log(p / (1 - p)))
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=C, max_iter=10000, tol=1e-8, class_weight=class_weight).fit(X, y)
    return clf.coef_.ravel(), float(clf.intercept_[0])


def _fit_stack(F, Y):
    """Per-theme second-stage weights (T, 2 * N_STACK) and biases (T,) from stacked features (n, T, f)."""
    coefs, bias = zip(*(_fit_lr(F[:, k, :], Y[:, k], class_weight="balanced") for k in range(Y.shape[1])))
    return np.vstack(coefs), np.asarray(bias)


def _fit_stage_one(theme_ids, params, cues, train_docs, test_passages):
    """One stage-one fit: (its scores of `test_passages`, or its saved state when there is none)."""
    model = ThemeModel(theme_ids, cues=cues, **params).fit(train_docs)
    return model.score_many(test_passages) if test_passages is not None else model.to_state()


def _stage_one_oof(theme_ids, params, docs, extra, folds, cues, k, log, final: bool = False, workers: int = 1,
                   scored_extra=(), extra_folds=()):
    """Out-of-fold stage-one sentence probabilities and document-classifier scores, per document;
    with `final`, also stage one fitted on all documents (the shipped one).

    `extra` documents join every fit. `scored_extra` documents (the taxonomy's examples of themes
    no labelled sentence carries) are folded like `docs` (`extra_folds`), so they are scored out of
    fold too; their scores come last in the returned lists.

    The fits are independent, so with `workers` > 1 they run in that many forked processes
    (the same numbers as one after the other: each fit is deterministic)."""
    everything = list(docs) + list(scored_extra)
    fold_of = list(folds) + list(extra_folds)
    P = [None] * len(everything)
    D = [None] * len(everything)
    jobs = []
    for f in range(k):
        test = [i for i, g in enumerate(fold_of) if g == f]
        if test:
            jobs.append((f, test, [d for d, g in zip(everything, fold_of) if g != f] + extra))
    if final:
        jobs.append((None, None, everything + extra))
    args = [(theme_ids, params, cues, train, None if test is None else [everything[i].passages for i in test])
            for _, test, train in jobs]
    results = _run_parallel(_fit_stage_one, args, workers)
    model = None
    for (f, test, _), result in zip(jobs, results):
        if f is None:
            model = ThemeModel.from_state(result)
            continue
        for i, (p, d) in zip(test, result):
            P[i], D[i] = p, d
        log(f"  stage one, fold {f + 1}/{k} done")
    return (P, D, model) if final else (P, D)


def _run_parallel(fn, args, workers: int):
    """[fn(*a) for a in args], over `workers` forked processes when there are several and fork exists."""
    import multiprocessing as mp

    if workers <= 1 or len(args) <= 1 or "fork" not in mp.get_all_start_methods():
        return [fn(*a) for a in args]
    from concurrent.futures import ProcessPoolExecutor

    from ...workers import die_with_parent, stop_pool

    # a training stopped (Ctrl-C, SIGTERM, SIGKILL) takes its fits with it, at once
    pool = ProcessPoolExecutor(max_workers=min(workers, len(args)), mp_context=mp.get_context("fork"),
                               initializer=die_with_parent)
    try:
        results = list(pool.map(fn, *zip(*args)))
    except BaseException:
        stop_pool(pool)
        raise
    pool.shutdown()
    return results


def _stage_two(P1, Y, folds, k):
    """Second-stage weights fitted on all out-of-fold stage-one scores, and its own out-of-fold scores."""
    from ..stages import stack_features, stack_predict

    F = [stack_features(p) for p in P1]
    fold_rows = np.concatenate([np.full(len(p), g) for p, g in zip(P1, folds)])
    Fa = np.concatenate(F)
    P2 = np.zeros(Y.shape)
    for f in range(k):
        tr, te = fold_rows != f, fold_rows == f
        if te.any():
            c, b = _fit_stack(Fa[tr], Y[tr])
            P2[te] = 1.0 / (1.0 + np.exp(-(np.einsum("ntf,tf->nt", Fa[te], c) + b)))
    coef, bias = _fit_stack(Fa, Y)
    sizes = np.cumsum([len(p) for p in P1])[:-1]
    return coef, bias, np.split(P2, sizes), stack_predict


def _rollup_matrix(P2, D1, thresholds, topics=None):
    from ..stages import rollup_features

    topics = [None] * len(P2) if topics is None else topics
    return np.vstack([rollup_features(p, thresholds, d, topic=z) for p, d, z in zip(P2, D1, topics)])


# Topics of the unlabelled archive as roll-up features (format 5, session 28). A sentence about
# discipline in a sports report, or about a crash in a robbery story, scores like one in a
# campaign article; what kind of article it is lies in the whole document's words. A truncated SVD
# of the archive's documents (TF-IDF rows in stage one's own vocabulary, the evaluation samples left
# out) gives each document TOPIC_K topic weights; the roll-up reads them per theme. On the
# out-of-fold scores of 2,298 labelled documents, cross-validated document F1: .760 without, and
# .771 to .780 with 50 topics (scale 1 or 2; 100 topics .774 to .777); on the 830 random-draw
# articles among them, .754 -> .761 to .782. Scale 2 gained more on the held-out random draws c
# and e (.766 -> .779, scale 1 .773) but lost .087 of document F1 on the cue-drawn frozen sample
# (scale 1 .019) and .004 on dev (scale 1 none): scale 1 is shipped.
TOPIC_K = 50
TOPIC_SCALE = 1.0


def fit_topics(model: ThemeModel, texts: list[str], k: int = TOPIC_K, scale: float = TOPIC_SCALE) -> None:
    """Give `model` (fitted) `k` topics from `texts` (whole documents in the model's view): the
    components of a truncated SVD of their TF-IDF rows (`ThemeModel.set_topics`)."""
    from sklearn.decomposition import TruncatedSVD

    X = model.transform(texts)
    k = min(k, X.shape[0] - 1, X.shape[1] - 1)
    model.set_topics(TruncatedSVD(k, random_state=0).fit(X).components_, scale)


def _nested_thresholds(P, Y, groups, k):
    """Boolean predictions where each fold's thresholds were tuned on the other folds only."""
    pred = np.zeros(Y.shape, dtype=bool)
    for f in range(k):
        te = groups == f
        if te.any():
            pred[te] = P[te] >= tune_thresholds(P[~te], Y[~te])
    return pred


# The staged model's stage one (cross-validated on the training labels, 5 folds, nested thresholds):
# - no document classifier of its own: the roll-up reads the sentences (with that classifier's score
#   as a roll-up feature, document F1 .733; without, .749), so it is not fitted;
# - each theme reads only its own cue counts (`ThemeModel._fit_own_cues`): sentence F1 .670 -> .686
#   and, on the dev gold, sentence F1 .688 -> .783 (a paragraph per campaign in one press release
#   no longer loses its themes to the other campaigns' cues);
# - C = 16 (sentence F1 .686 at C = 8, .696 at 16, .697 at 32; .638 and .656 at 2 and 4; with the written
#   articles, session 14, sentence / document .698 / .753 at 8, .701 / .761 at 16, .705 / .756 at 32).
# Tried and left out: a title block (.672 against .670, documents .744 against .761), no document
# block (.638), cue_weight 2 (.663).
# - fit_doc_terms = 200 (session 40): fitting reads each document's 200 heaviest terms in the document
#   block, scoring whole documents: training 501-517 s -> 328 s, cross-validated .750 / .796 -> .748 / .792,
#   the pooled evaluation sets' documents .819 -> .826 (100 terms: 272 s, .748 / .789 when scoring thinned too).
SENTENCE_DEFAULTS = {"doc_C": 0.0, "own_cues": True, "C": 16.0, "fit_doc_terms": 200}


def _secondary_gain(on: np.ndarray, off: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Per theme: does filing secondary themes (`on`) give at least the F1 of not filing them (`off`)?"""
    return np.array([prf_arrays(on[:, k], Y[:, k])["f1"] >= prf_arrays(off[:, k], Y[:, k])["f1"]
                     for k in range(Y.shape[1])], dtype=bool)


def choose_secondary(doc_pred: np.ndarray, counts: np.ndarray, Yd: np.ndarray, fold_of_doc: np.ndarray,
                     folds: int) -> tuple[np.ndarray, np.ndarray]:
    """The themes a document filed under another theme also takes when one of its sentences takes
    them (`stages.file_documents`' secondary themes, with evidence), chosen per theme where they do
    not lower its cross-validated document F1; a tie keeps them. Returns the choice made on every
    document, and the decisions where each fold's documents follow the choice made on the others."""
    Y = Yd.astype(bool)
    on = file_documents(doc_pred, counts, secondary=True, evidence=True)
    off = file_documents(doc_pred, counts, secondary=False, evidence=True)
    nested = off.copy()
    for f in range(folds):
        te = fold_of_doc == f
        if te.any():
            mask = _secondary_gain(on[~te], off[~te], Y[~te])
            nested[te] = np.where(mask, on[te], off[te])
    return _secondary_gain(on, off, Y), nested


def _rollup_oof(Xr: np.ndarray, Yd: np.ndarray, fold_of_doc: np.ndarray, folds: int,
                labelled_rows: np.ndarray) -> np.ndarray:
    """Out-of-fold roll-up probabilities (documents x themes): each fold's documents scored by a
    roll-up fitted on the other folds' labelled (document, theme) rows."""
    n, T = Yd.shape
    yr = Yd.reshape(-1)
    row_fold = np.repeat(fold_of_doc, T)
    Pr = np.zeros(len(yr))
    for f in range(folds):
        te = row_fold == f
        if te.any():
            c, b = _fit_lr(Xr[~te & labelled_rows], yr[~te & labelled_rows])
            Pr[te] = 1.0 / (1.0 + np.exp(-(Xr[te] @ c + b)))
    return Pr.reshape(n, T)


def _filing_cv(Pr: np.ndarray, Yd: np.ndarray, counts: np.ndarray, sizes: np.ndarray, fold_of_doc: np.ndarray,
               folds: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The roll-up's nested document decisions, the pipeline's filing of them (secondary themes
    chosen on the other folds, evidence, and a theme half a document's sentences take:
    `rollup_majority`), and the secondary themes chosen on every document."""
    doc_pred = _nested_thresholds(Pr, Yd, fold_of_doc, folds)
    secondary_themes, nested = choose_secondary(doc_pred, counts, Yd, fold_of_doc, folds)
    return doc_pred, file_documents(nested, counts, sizes=sizes), secondary_themes


def rollup_repeats(captured: dict, repeats: int = 8, seed: int = 0) -> dict:
    """Per-theme and micro document F1 of the shipped filing, cross-validated over `repeats` random
    partitions of the documents into the same number of folds (the first is training's own), with
    stage one's and stage two's out-of-fold scores held as training computed them: what one table's
    fold draw adds to its per-theme figures. `captured` is what `train_sentences(capture=...)` fills.
    Returns {"micro": [f1, ...], theme: [f1, ...]}, one value per partition."""
    Xr, Yd, counts, sizes = captured["Xr"], captured["Yd"].astype(bool), captured["counts"], captured["sizes"]
    folds, rows = captured["folds"], captured["labelled_rows"]
    rng = np.random.default_rng(seed)
    partitions = [captured["fold_of_doc"]] + [rng.integers(0, folds, len(Yd)) for _ in range(repeats - 1)]
    out: dict[str, list[float]] = {"micro": [], **{t: [] for t in captured["theme_ids"]}}
    for fold_of_doc in partitions:
        Pr = _rollup_oof(Xr, Yd, fold_of_doc, folds, rows)
        filed = _filing_cv(Pr, Yd, counts, sizes, fold_of_doc, folds)[1]
        out["micro"].append(prf_arrays(filed.ravel(), Yd.ravel())["f1"])
        for k, t in enumerate(captured["theme_ids"]):
            out[t].append(prf_arrays(filed[:, k], Yd[:, k])["f1"])
    return out


def _examples_only(theme_ids, Y: np.ndarray, examples) -> np.ndarray:
    """Themes too few labelled sentences carry to tune a threshold (`tune_thresholds`' minimum of
    three) that the taxonomy gives examples of: they are learned from the examples alone."""
    shown = label_matrix([t for d in examples for t in d.themes], theme_ids).sum(axis=0)
    return (Y.sum(axis=0) < 3) & (shown > 0)


# stage two of a theme learned from examples: a steep logistic around its stage-one threshold
EXAMPLE_SLOPE = 20.0


def _cued_unknown(theme_ids, docs, from_examples, cues) -> list[list[set[str]]] | None:
    """Per document and sentence, the themes learned from examples whose cue phrases the sentence
    names: the labelled documents were never read for those themes, and a sentence naming one of
    their cues may well be about it, so it is no negative example of it (`LabelledDoc.unknown`)."""
    if not from_examples.any() or not cues:
        return None
    counter = ThemeModel(theme_ids, cues=cues)
    learned = np.flatnonzero(from_examples)
    out = []
    for d in docs:
        hits = counter.cue_counts(d.passages)[:, learned] > 0 if d.passages else np.zeros((0, len(learned)), bool)
        out.append([{theme_ids[learned[j]] for j in np.flatnonzero(row)} for row in hits])
    return out


def _stage_two_from_examples(k: int, P1, P2, PE, scored, theme_ids, stack_coef, stack_bias, docs) -> dict:
    """Theme `k` has no labelled sentences, so stage two cannot be fitted for it. Its stage-one
    threshold is tuned on out-of-fold scores with its example sentences as the positives and the
    labelled sentences (and other themes' examples) as negatives, a guess: the labelled documents were
    never read for this theme, and some of their sentences may be about it (those that name one of
    its cues are left out, as in stage one: `_cued_unknown`). Stage two becomes
    sigmoid(EXAMPLE_SLOPE * (p - threshold)), so its sentence threshold is 0.5 (what
    `tune_thresholds` leaves a theme without labels). Edits `stack_coef`, `stack_bias` and the
    out-of-fold `P2` in place; returns what the model card reports."""
    unknown = np.asarray([theme_ids[k] in u for d in docs for u in (d.unknown or [set()] * len(d.passages))],
                         dtype=bool)
    real = np.concatenate([p[:, k] for p in P1])[~unknown]
    shown = np.concatenate([p[:, k] for p in PE]) if PE else np.zeros(0)
    positive = np.asarray([theme_ids[k] in t for d in scored for t in d.themes], dtype=bool)
    probs = np.concatenate([real, shown])
    y = np.concatenate([np.zeros(len(real), dtype=bool), positive])
    # a few examples among thousands of sentences score low: the candidates are the examples' own
    # scores, not `GRID`
    candidates = np.unique(shown[positive]) if positive.any() else np.asarray([0.5])
    threshold = float(candidates[int(np.argmax(grid_f1(probs, y, candidates)))])
    stack_coef[k] = 0.0
    stack_coef[k, 0] = EXAMPLE_SLOPE
    stack_bias[k] = -EXAMPLE_SLOPE * threshold
    for p1, p2 in zip(P1, P2):
        p2[:, k] = 1.0 / (1.0 + np.exp(-EXAMPLE_SLOPE * (p1[:, k] - threshold)))
    fit = prf_arrays(probs >= threshold, y)
    return {"example_sentences": int(positive.sum()), "stage_one_threshold": threshold,
            "labelled_sentences_above": int((real >= threshold).sum()),
            "examples_recalled": round(float(fit["recall"]), 3)}


def train_sentences(theme_ids, docs: list[LabelledDoc], params: dict | None = None, folds: int = 5,
                    cues: dict | None = None, log=lambda msg: None, workers: int = 2,
                    extra: list[LabelledDoc] = (), examples: list[LabelledDoc] = (),
                    topic_texts: list[str] | None = None, capture: dict | None = None) -> tuple[ThemeModel, dict]:
    """The staged sentence model from sentence-labelled documents, with cross-validated scores.

    1. Stage one (`ThemeModel.fit`) out of fold over `folds` document folds.
    2. Stage two fitted on those out-of-fold scores; its own out-of-fold
       scores come from refitting it without each fold (it is small).
    3. Sentence thresholds per theme tuned on stage two's out-of-fold scores
       (never on dev); the reported sentence scores use thresholds tuned on
       the other folds only (nested), so they are not tuned on what they score.
    4. The roll-up fitted on out-of-fold sentence scores against document
       labels; document thresholds tuned and reported the same way.
    5. Stage one refitted on all documents for the shipped model (alongside the folds: the
       six fits run on `workers` processes, two by default, the cores of the project machine).

    `extra` documents (the project's written articles) join every stage-one fit, the folds' and the
    final one, and nothing else: stage two, the roll-up, the thresholds and every reported score come
    from `docs` alone.

    `examples` (the taxonomy's `examples:` passages, one document each) join the stage-one fits like
    `extra`, and give a theme that no labelled sentence carries (a theme a user added) its decisions
    (`_examples_only`).

    `topic_texts` (unlabelled archive documents in the model's view) give the shipped stage one
    its topics (`fit_topics`) and the roll-up their weights as features; without them (no archive)
    the roll-up reads the sentence scores alone.

    `capture`, a dict, receives what the roll-up's cross-validation reads (`rollup_repeats` redraws
    its folds from them).
    """
    params = {**SENTENCE_DEFAULTS, **(params or {})}
    T = len(theme_ids)
    fold_of_doc = np.asarray([_fold(d.id, folds) for d in docs])
    Y = label_matrix([t for d in docs for t in d.themes], theme_ids)
    Yd = label_matrix(doc_label_sets(docs), theme_ids)
    from_examples = _examples_only(theme_ids, Y, examples)
    scored = [d for d in examples if any(from_examples[theme_ids.index(t)] for t in d.doc_themes or ())]
    scored_ids, n_extra = {d.id for d in scored}, len(extra)
    extra = list(extra) + [d for d in examples if d.id not in scored_ids]
    cued = _cued_unknown(theme_ids, docs, from_examples, cues)
    if cued is not None:
        docs = [replace(d, unknown=u) for d, u in zip(docs, cued)]
    log(f"stage one: {folds}-fold cross-validation over {len(docs)} documents, {len(Y)} sentences")
    workers = 1 if len(docs) < 100 else max(1, min(workers, os.cpu_count() or 1))
    P1, D1, final_model = _stage_one_oof(theme_ids, params, docs, extra, fold_of_doc, cues, folds, log, final=True,
                                         workers=workers, scored_extra=scored,
                                         extra_folds=[_fold(d.id, folds) for d in scored])
    PE, P1, D1 = P1[len(docs):], P1[:len(docs)], D1[:len(docs)]
    P1a = np.vstack(P1)
    sent_groups = np.concatenate([np.full(len(d.passages), g) for d, g in zip(docs, fold_of_doc)])
    stage_one_pred = _nested_thresholds(P1a, Y, sent_groups, folds)
    stack_coef, stack_bias, P2, _ = _stage_two(P1, Y, fold_of_doc, folds)
    example_report = {}
    for k in np.flatnonzero(from_examples):
        example_report[theme_ids[k]] = _stage_two_from_examples(k, P1, P2, PE, scored, theme_ids,
                                                                stack_coef, stack_bias, docs)
    P2a = np.vstack(P2)
    th = tune_thresholds(P2a, Y)
    sent_pred = _nested_thresholds(P2a, Y, sent_groups, folds)
    # roll-up: one logistic regression over (document, theme) rows
    topics = None
    if topic_texts:
        log(f"topics: {TOPIC_K} from {len(topic_texts)} unlabelled archive documents")
        fit_topics(final_model, topic_texts)
        topics = final_model.topic_vectors([d.passages for d in docs])
    Xr = _rollup_matrix(P2, D1, th, topics)
    yr = Yd.reshape(-1)
    labelled_rows = np.tile(~from_examples, len(docs))   # a theme with no document labels teaches nothing
    Pr = _rollup_oof(Xr, Yd, fold_of_doc, folds, labelled_rows)
    rollup_coef, rollup_bias = _fit_lr(Xr[labelled_rows], yr[labelled_rows])
    dth = tune_thresholds(Pr, Yd)
    if from_examples.any() and not from_examples.all():
        # a theme learned from examples files documents as the labelled themes do on the median
        from ..stages import N_ROLLUP

        rollup_coef[N_ROLLUP + np.flatnonzero(from_examples)] = np.median(rollup_coef[N_ROLLUP:N_ROLLUP + T][~from_examples])
        dth[from_examples] = np.median(dth[~from_examples])
    # the fixed rule: a theme two or more sentences take (the sentences' own nested decisions), alone
    # and added to the learned roll-up as the pipeline does with rollup_min_units = 2
    bounds = np.cumsum([0] + [len(d.passages) for d in docs])
    counts = np.vstack([sent_pred[a:b].sum(axis=0) for a, b in zip(bounds[:-1], bounds[1:])])
    sizes = np.diff(bounds)
    doc_pred, nested_secondary, secondary_themes = _filing_cv(Pr, Yd, counts, sizes, fold_of_doc, folds)
    secondary_themes &= ~from_examples
    if capture is not None:
        capture.update(Xr=Xr, Yd=Yd, counts=counts, sizes=sizes, labelled_rows=labelled_rows,
                       fold_of_doc=fold_of_doc, folds=folds, theme_ids=list(theme_ids),
                       doc_ids=[d.id for d in docs], Y=Y, P2=P2, sent_pred=sent_pred, rollup_oof=Pr,
                       doc_pred=nested_secondary)
    report = {
        "params": params, "folds": folds, "unit": "sentence", "staged": True, "workers": workers,
        "cross_validated": {
            "passages": scores(sent_pred, Y, theme_ids),
            "documents": scores(doc_pred, Yd, theme_ids),
            "stage_one_sentences": scores(stage_one_pred, Y, theme_ids),
            "fixed_rule_documents": scores(counts >= 2, Yd, theme_ids),
            "union_documents": scores(file_documents(doc_pred, counts, min_units=2), Yd, theme_ids),
            "any_sentence_documents": scores(file_documents(doc_pred, counts, min_units=1), Yd, theme_ids),
            "secondary_documents": scores(file_documents(doc_pred, counts, secondary=True), Yd, theme_ids),
            "every_secondary_documents": scores(file_documents(doc_pred, counts, secondary=True, evidence=True),
                                                Yd, theme_ids),
            # what the pipeline ships: secondary themes where they help, evidence (rollup_secondary,
            # rollup_evidence); each fold's choice made on the other folds
            "shipped_documents": scores(nested_secondary, Yd, theme_ids),
        },
        "n_documents": len(docs), "n_sentences": int(len(Y)), "n_extra_documents": n_extra,
        "n_example_documents": len(examples),
        "n_positive_sentences": {t: int(Y[:, k].sum()) for k, t in enumerate(theme_ids)},
    }
    if example_report:
        report["example_themes"] = example_report
    model = final_model
    model.stack_coef_, model.stack_intercept_ = stack_coef, stack_bias
    model.rollup_coef_, model.rollup_intercept_ = rollup_coef, rollup_bias
    model.thresholds, model.doc_thresholds = th, dth
    model.secondary_themes = secondary_themes
    report["secondary_themes"] = [t for t, on in zip(theme_ids, secondary_themes) if on]
    report["thresholds"] = {t: float(v) for t, v in zip(theme_ids, th)}
    report["doc_thresholds"] = {t: float(v) for t, v in zip(theme_ids, dth)}
    return model, report


def label_warnings(positives: dict[str, int], shown: set[str], dropped: list[str]) -> list[str]:
    """What training says of the taxonomy's themes that few labelled sentences carry (`positives`:
    labelled sentences per theme): those learned from the taxonomy's examples (`shown`) only, and
    those it cannot learn at all; `dropped` are the ids of labels no theme of the taxonomy takes,
    which a renamed theme keeps with `aliases:`."""
    out = []
    unlabelled = [t for t, n in positives.items() if n < 3]
    learned = [t for t in unlabelled if t in shown]
    if learned:
        out.append(f"theme(s) learned from the taxonomy's examples only: {', '.join(learned)}; "
                   "their thresholds are tuned on those examples against the labelled sentences and have not "
                   "been checked on real labels (label sentences with scripts/theme_label.py for that)")
    empty = [t for t in unlabelled if t not in shown]
    if empty:
        renamed = (f"; if one of them is a renamed theme, `aliases: [old_id]` in its entry keeps the labels of "
                   f"{', '.join(dropped)}") if dropped else ""
        out.append(f"theme(s) with fewer than 3 labelled sentences and no `examples:` in the taxonomy: "
                   f"{', '.join(empty)}; the model cannot learn them and will give them rarely if ever (add examples "
                   f"to the taxonomy, or label sentences in corpora/themes/sentences-*.jsonl, and retrain{renamed})")
    return out


def _train_sentence_files(taxonomy, files, corpora_dir, out_dir, params, command, log, t0, cpu0,
                          doc_decisions=None, written_files=(), capture: dict | None = None) -> dict:
    """`train_from_files` for sentence-labelled files: the staged model, its card and the agreement
    of the second labelling."""
    import datetime as _dt
    import time
    from pathlib import Path

    from . import data
    from .card import render_card
    from ..store import save_model

    corpora_dir = Path(corpora_dir) if corpora_dir else data.SHARED_CORPORA
    if not corpora_dir.is_dir():
        raise data.DataError(f"corpora directory {corpora_dir} not found: the sentence label files are standoff "
                             "references into it (pass --corpora DIR, or --sentences none --labels none to "
                             "train on the taxonomy's examples only)")
    docs, rep = data.resolve_sentence_files(files, taxonomy, corpora_dir)
    described = [f"sentence labels: {rep['passages']} sentences in {rep['documents']} documents from "
                 + ", ".join(p.name for p in files)]
    log(described[0])
    _warn_dropped_labels(rep, described, log)
    if doc_decisions:
        added = data.apply_doc_decisions(docs, data.read_doc_decisions(Path(doc_decisions)))
        described.append(f"document labels: {added} (document, theme) pairs filed by the decisions in "
                         f"{Path(doc_decisions).name}")
        log(described[-1])
    positives = {t: 0 for t in taxonomy.ids}
    for d in docs:
        for themes in d.themes:
            for t in themes:
                positives[t] += 1
    examples = data.example_docs(taxonomy, by_sentence=True)
    if examples:
        described.append(f"taxonomy examples (stage-one training, and the decisions of a theme no labelled "
                         f"sentence carries): {sum(len(d.passages) for d in examples)} sentences in "
                         f"{len(examples)} passages")
        log(described[-1])
    for message in label_warnings(positives, {t for d in examples for t in d.doc_themes}, rep["dropped_themes"]):
        log("warning: " + message)
        described.append(message)
    if len(docs) < 10:
        raise data.DataError(f"only {len(docs)} sentence-labelled documents: too few to cross-validate")
    cues = {t.id: list(t.cues) for t in taxonomy}
    written = []
    if written_files:
        written, rep = data.resolve_written_files(written_files, taxonomy)
        described.append(f"written articles (stage-one training only, never scored): {rep['passages']} sentences "
                         f"in {rep['documents']} articles from " + ", ".join(Path(p).name for p in written_files))
        log(described[-1])
    topic_texts = data.archive_texts(corpora_dir, sorted({d.corpus for d in docs}), exclude=data.evaluation_ids())
    if topic_texts:
        described.append(f"topics: {TOPIC_K} from {len(topic_texts)} archive documents (the evaluation samples left out)")
    model, report = train_sentences(taxonomy.ids, docs, params, folds=5, cues=cues, log=log, extra=written,
                                    examples=examples, topic_texts=topic_texts, capture=capture)
    second = data.LABEL_DIR / "sentences-second.jsonl"
    if second.is_file():
        try:
            report["agreement"] = agreement(files, second, taxonomy)
        except data.DataError as exc:
            log(f"no agreement figures: {exc}")
    card = {
        "trained_at": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "taxonomy": str(taxonomy.source), "themes": taxonomy.ids, "data": described,
        "params": {k: getattr(model, k) for k in model.PARAMS}, "n_terms": model.n_terms, "report": report,
        "seconds": round(time.perf_counter() - t0, 1), "cpu_seconds": round(_cpu_seconds() - cpu0, 1),
        "workers": report.get("workers", 1),
        "command": command or "vnmonitor train-themes",
    }
    save_model(model, out_dir, taxonomy, card, render_card(card))
    return card


def agreement(main_files, second_file, taxonomy) -> dict:
    """Sentence and document agreement (F1 of one labelling against the other, and Cohen's kappa
    over sentence x theme decisions) between the main labels and the second, independent labelling
    of the same documents. Sentences are matched by their offsets."""
    from . import data

    def read(paths):
        out = {}
        for path in paths:
            for r in data.read_jsonl(path):
                out[(r["corpus"], r["doc"])] = r
        return out

    main, second = read(main_files), read([second_file])
    ids = taxonomy.ids
    a_s, b_s, a_d, b_d = [], [], [], []
    for key, r2 in second.items():
        r1 = main.get(key)
        if r1 is None:
            continue
        s1 = {(x["start"], x["end"]): x["themes"] for x in r1["sentences"]}
        for x in r2["sentences"]:
            if (x["start"], x["end"]) in s1:
                a_s.append(s1[(x["start"], x["end"])])
                b_s.append(x["themes"])
        a_d.append(r1["themes"])
        b_d.append(r2["themes"])
    A, B = label_matrix(a_s, ids).astype(bool), label_matrix(b_s, ids).astype(bool)
    Ad, Bd = label_matrix(a_d, ids).astype(bool), label_matrix(b_d, ids).astype(bool)
    po = float((A == B).mean()) if A.size else 0.0
    pa, pb = float(A.mean()) if A.size else 0.0, float(B.mean()) if B.size else 0.0
    pe = pa * pb + (1 - pa) * (1 - pb)
    return {"documents": len(a_d), "sentences": len(a_s),
            "sentence": scores(B, A, ids)["micro"], "document": scores(Bd, Ad, ids)["micro"],
            "sentence_kappa": round((po - pe) / (1 - pe), 4) if pe < 1 else 1.0,
            "per_theme_sentence_f1": {t: scores(B, A, ids)[t]["f1"] for t in ids}}
