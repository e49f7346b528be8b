#!/usr/bin/env python3
"""Stage-one settings of the sentence theme model compared by cross-validation on the training labels.

For each named setting, stage one is fitted out of fold (5 document folds, the
folds of `vnmonitor train-themes`), then stage two and the learned roll-up as
in `pipeline.themes.training.train.train_sentences`, with every threshold
tuned on the other folds only. Printed per theme: sentence F1, document F1 of
the learned roll-up, of the fixed rule (two or more sentences) and of both
(what the pipeline ships). No dev or frozen document is read.

    .venv/bin/python scripts/theme_cv_variants.py [--variants shipped,all_cues,c8] [--workers 2]

Measured 2026-12-02 (`--variants shipped,all_cues,c8,c8_all,no_doc,title`; 592 documents, 10,424
sentences; micro F1; stage-one CPU seconds of the five fold fits, worker processes included):

  variant    sentence  roll-up  rule   both   CPU s
  shipped    .696      .726     .731   .720    82   own cue counts only, C = 16
  all_cues   .682      .742     .736   .732   119   every theme's cue counts, C = 16
  c8         .686      .725     .730   .722    66   own cue counts, C = 8
  c8_all     .670      .740     .731   .721   104   every theme's cue counts, C = 8 (the model before)
  no_doc     .678      .707     .731   .712    14   no document block
  title      .684      .710     .733   .720    87   a title block (first sentence) as well

Own cue counts lose a little of the document F1 here and gain sentence F1; on the dev
gold they gain .095 of sentence F1 (C = 8: .688 -> .783; a paragraph per campaign in one press release no longer
loses its themes to the other campaigns' cues), so the shipped model reads own cues only.
"""
from __future__ import annotations

import argparse

import numpy as np

from common import ROOT  # noqa: F401  (scripts/ on the path: the repository's checkout)

from pipeline.themes.taxonomy import load_taxonomy
from pipeline.themes.training import data
from pipeline.themes.training.train import (SENTENCE_DEFAULTS, _cpu_seconds, _fit_lr, _fold, _nested_thresholds,
                                            _rollup_matrix, _stage_one_oof, _stage_two, doc_label_sets, label_matrix,
                                            scores, tune_thresholds)

VARIANTS = {
    "shipped": {},
    "all_cues": {"own_cues": False},
    "c8": {"C": 8.0},
    "c8_all": {"C": 8.0, "own_cues": False},
    "no_doc": {"doc_weight": 0.0},
    "title": {"title_weight": 0.3},
}


def evaluate(theme_ids, docs, params, folds: int = 5, workers: int = 2) -> dict:
    fold_of = np.asarray([_fold(d.id, folds) for d in docs])
    Y = label_matrix([t for d in docs for t in d.themes], theme_ids)
    Yd = label_matrix(doc_label_sets(docs), theme_ids)
    cues = {t: list(cs) for t, cs in params.pop("_cues").items()}
    t0 = _cpu_seconds()
    P1, D1 = _stage_one_oof(theme_ids, params, docs, [], fold_of, cues, folds, lambda m: None, workers=workers)
    cpu = _cpu_seconds() - t0
    _, _, P2, _ = _stage_two(P1, Y, fold_of, folds)
    P2a = np.vstack(P2)
    groups = np.concatenate([np.full(len(d.passages), g) for d, g in zip(docs, fold_of)])
    sent_pred = _nested_thresholds(P2a, Y, groups, folds)
    Xr = _rollup_matrix(P2, D1, tune_thresholds(P2a, Y))
    T = len(theme_ids)
    row_fold = np.repeat(fold_of, T)
    Pr = np.zeros(len(Xr))
    for f in range(folds):
        te = row_fold == f
        c, b = _fit_lr(Xr[~te], Yd.reshape(-1)[~te])
        Pr[te] = 1.0 / (1.0 + np.exp(-(Xr[te] @ c + b)))
    doc_pred = _nested_thresholds(Pr.reshape(len(docs), T), Yd, fold_of, folds)
    bounds = np.cumsum([0] + [len(d.passages) for d in docs])
    counts = np.vstack([sent_pred[a:b].sum(axis=0) for a, b in zip(bounds[:-1], bounds[1:])])
    return {"sentence": scores(sent_pred, Y, theme_ids), "roll-up": scores(doc_pred, Yd, theme_ids),
            "rule": scores(counts >= 2, Yd, theme_ids), "both": scores(doc_pred | (counts >= 2), Yd, theme_ids),
            "cpu": cpu}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--variants", default="shipped,all_cues")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    taxonomy = load_taxonomy(None)
    files = [p for p in data.default_files("sentences-*.jsonl") if "second" not in p.name]
    docs, _ = data.resolve_sentence_files(files, taxonomy, data.SHARED_CORPORA)
    ids = taxonomy.ids
    results = {}
    for name in args.variants.split(","):
        params = {**SENTENCE_DEFAULTS, **VARIANTS[name], "_cues": {t.id: list(t.cues) for t in taxonomy}}
        results[name] = evaluate(ids, docs, params, workers=args.workers)
        r = results[name]
        print(f"{name:10s} sentence {r['sentence']['micro']['f1']:.3f}  roll-up {r['roll-up']['micro']['f1']:.3f}  "
              f"rule {r['rule']['micro']['f1']:.3f}  both {r['both']['micro']['f1']:.3f}  "
              f"stage-one CPU {r['cpu']:.0f} s", flush=True)
    print()
    print(f"{'theme':26s}" + "".join(f"  {n[:8]:>8s} sent/doc" for n in results))
    for t in ["micro", *ids]:
        print(f"{t[:26]:26s}" + "".join(f"  {r['sentence'][t]['f1']:8.3f} {r['both'][t]['f1']:.3f}   "
                                        for r in results.values()))


if __name__ == "__main__":
    main()
