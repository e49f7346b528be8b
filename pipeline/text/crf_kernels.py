"""The loops of a linear-chain CRF's tagging that numpy does poorly, compiled with numba, for
the word segmenter (`wordseg`) and the names model (`entities.crf_decoder`).

`row_sums`: a token's scores are the sum of the weight rows its features select, added in the
features' order, which is the order underthesea_core's tagger adds them in (so the sums are equal
to the last bit); compiled, no (templates, tokens, labels) array is built first.

`column_sums`: the same sums for the names model, whose rows come from tables indexed by the token
and its neighbours (`entities.crf_decoder`); one compiled pass instead of a shifted index array, a
gather and an addition in numpy for each of its twenty-odd columns (which took a quarter of its
tagging time on the dev texts); `add_rows` then adds the rows of its sparse features (the lexicon and
gazetteer marks a few tokens have), in order, which `np.add.at` did at a cost per row.

`best_paths` (Viterbi): each step adds, for every label, the best of (score before + transition)
and then the label's emission, and ties go to the lower label id, as the tagger does; so the
paths are the tagger's, equal sums included. In numpy every position costs a few calls' overhead
whatever the sentence's width; compiled, a document's sentences decode in one call.
"""
from __future__ import annotations

import numpy as np

from ..jit import compiled


@compiled
def row_sums(table, rows):
    """out[n] = table[rows[0, n]] + table[rows[1, n]] + ..., added in that order."""
    features, tokens = rows.shape
    labels = table.shape[1]
    out = np.zeros((tokens, labels))
    for n in range(tokens):
        for f in range(features):
            r = rows[f, n]
            for y in range(labels):
                out[n, y] += table[r, y]
    return out


@compiled
def column_sums(state, form_table, form_rows, columns, starts, rule_table, rule_rows, rule_columns,
                place_table, places, extra):
    """The names model's scores of every token from its columns (`features.COLUMNS`), before the
    sparse features: out[t] adds, in `featurize`'s order, the weight rows of
    form_table[form row `offset` tokens away, column] for each (column, offset) of `columns`, then
    rule_table[rule row `offset` away, column] for each of `rule_columns` (none for a plain model),
    then place_table[places[t]] and extra[:, t] (the word pair, the line in capitals). Row 0 of both
    tables is the padding, read past either end of the sentence; sentence s is tokens
    starts[s]:starts[s + 1]. Sums start from zero, as the tagger's do, so they are equal to the last bit."""
    tokens = form_rows.shape[0]
    labels = state.shape[1]
    out = np.zeros((tokens, labels))
    for s in range(starts.shape[0] - 1):
        a, b = starts[s], starts[s + 1]
        for t in range(a, b):
            for c in range(columns.shape[0]):
                u = t + columns[c, 1]
                r = form_table[form_rows[u] if a <= u < b else 0, columns[c, 0]]
                for y in range(labels):
                    out[t, y] += state[r, y]
            for c in range(rule_columns.shape[0]):
                u = t + rule_columns[c, 1]
                r = rule_table[rule_rows[u] if a <= u < b else 0, rule_columns[c, 0]]
                for y in range(labels):
                    out[t, y] += state[r, y]
            for c in range(place_table.shape[1]):
                r = place_table[places[t], c]
                for y in range(labels):
                    out[t, y] += state[r, y]
            for c in range(extra.shape[0]):
                r = extra[c, t]
                for y in range(labels):
                    out[t, y] += state[r, y]
    return out


@compiled
def add_rows(out, at, table, rows):
    """out[at[k]] += table[rows[k]] for each k in turn: what np.add.at(out, at, table[rows]) adds, in the
    same order (so equal to the last bit), without its cost per row."""
    for k in range(at.shape[0]):
        t, r = at[k], rows[k]
        for y in range(out.shape[1]):
            out[t, y] += table[r, y]


@compiled
def _best_paths(emissions, starts, transitions):
    """The best label of every token; sentence s is emissions[starts[s]:starts[s + 1]]."""
    labels = emissions.shape[1]
    out = np.empty(emissions.shape[0], np.int64)
    back = np.empty(emissions.shape, np.int64)
    score = np.empty(labels)
    new = np.empty(labels)
    for s in range(starts.shape[0] - 1):
        a, b = starts[s], starts[s + 1]
        if a == b:
            continue
        for y in range(labels):
            score[y] = emissions[a, y]
        for t in range(a + 1, b):
            for y in range(labels):
                best = score[0] + transitions[0, y]
                arg = 0
                for p in range(1, labels):
                    v = score[p] + transitions[p, y]
                    if v > best:
                        best = v
                        arg = p
                new[y] = best + emissions[t, y]
                back[t, y] = arg
            for y in range(labels):
                score[y] = new[y]
        y = 0
        for k in range(1, labels):
            if score[k] > score[y]:
                y = k
        out[b - 1] = y
        for t in range(b - 1, a, -1):
            y = back[t, y]
            out[t - 1] = y
    return out


def best_paths(emissions: np.ndarray, sizes, transitions) -> list[list[int]]:
    """The best label ids of each sentence. `emissions` holds the sentences' (tokens, labels) scores
    one sentence after the other, `sizes` their lengths; `transitions[from, to]`."""
    starts = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(sizes, out=starts[1:])
    labels = np.shape(transitions)[0]
    flat = _best_paths(np.ascontiguousarray(emissions, dtype=np.float64).reshape(-1, labels), starts,
                       np.ascontiguousarray(transitions, dtype=np.float64)).tolist()
    bounds = starts.tolist()
    return [flat[a:b] for a, b in zip(bounds, bounds[1:])]
