"""The theme model's scoring loops that numpy does poorly, compiled with numba
(`ThemeModel._tfidf` and `_score_many`).

A document is a few dozen short rows, and numpy pays its per-call overhead for every
step of every document: concatenations, a sorted search, `np.unique`'s sort, a gather
of weight rows and `reduceat`, an intersection for the neighbours' dot products, a
second `np.unique` for the document's terms. Here each is one pass over the CSR
entries. The TF-IDF rows and the document terms add the same numbers in the same order
and precision as the numpy code they replaced (the same arrays to the last bit); the
rows' products with the weights add in float64 where numpy's `reduceat` added float32
in its own order, so the scores moved by under 1e-6 (tested against the explicit
features of `fit`).
"""
from __future__ import annotations

import numpy as np

from ..jit import compiled


@compiled
def tfidf_rows(words, lengths, keys, key_terms, firsts, base, n_terms, idf, log_tf):
    """TF-IDF rows as CSR arrays (values, indices, indptr) and each entry's raw count.

    `words` are the rows' word ids one row after the other (`lengths` each; -1 for a word
    outside the vocabulary); a pair of adjacent word ids (a, b) is the bigram whose key
    a * base + b is in the sorted `keys` (a's keys lie in keys[firsts[a]:firsts[a + 1]]), its
    term id `key_terms` at the same place. Only ids in [0, n_terms) are features. A row's
    entries are sorted by term; a value is (1 + log count) * idf, `log_tf[count]` holding
    1 + log count (as float32) for small counts, and each row is L2-normalised."""
    n_rows = lengths.shape[0]
    size = 2 * words.shape[0] + 1
    indices = np.empty(size, np.int32)
    counts = np.empty(size, np.int64)
    values = np.empty(size, np.float32)
    indptr = np.zeros(n_rows + 1, np.int32)
    row_ids = np.empty(size, np.int64)
    n_log = log_tf.shape[0]
    e = 0
    start = 0
    for r in range(n_rows):
        end = start + lengths[r]
        m = 0
        for j in range(start, end):
            u = words[j]
            if 0 <= u < n_terms:
                row_ids[m] = u
                m += 1
        for j in range(start, end - 1):
            u, v = words[j], words[j + 1]
            if u >= 0 and v >= 0:
                lo, hi = firsts[u], firsts[u + 1]
                if lo < hi:
                    pair = u * base + v
                    at = lo + np.searchsorted(keys[lo:hi], pair)
                    if at < hi and keys[at] == pair:
                        t = key_terms[at]
                        if 0 <= t < n_terms:
                            row_ids[m] = t
                            m += 1
        ids = np.sort(row_ids[:m])
        first = e
        k = 0
        while k < m:
            t = ids[k]
            c = 1
            while k + c < m and ids[k + c] == t:
                c += 1
            tf = log_tf[c] if c < n_log else np.float32(1.0) + np.log(np.float32(c))
            indices[e] = t
            counts[e] = c
            values[e] = tf * idf[t]
            e += 1
            k += c
        squared = 0.0
        for x in range(first, e):
            squared += values[x] * values[x]
        norm = np.sqrt(max(squared, 0.0))
        if norm == 0.0:
            norm = 1.0
        for x in range(first, e):
            values[x] = np.float32(np.float64(values[x]) / norm)
        indptr[r + 1] = e
        start = end
    return values[:e], indices[:e], indptr, counts[:e]


@compiled
def block_sums(values, indices, indptr, weights):
    """Each row's product with `weights` (terms, columns): the weight rows of its entries scaled by
    the entries' values, added in float64 in the entries' order."""
    n = indptr.shape[0] - 1
    cols = weights.shape[1]
    out = np.zeros((n, cols))
    for r in range(n):
        for x in range(indptr[r], indptr[r + 1]):
            v = np.float64(values[x])
            t = indices[x]
            for c in range(cols):
                out[r, c] += weights[t, c] * v
    return out


@compiled
def neighbour_dots(values, indices, indptr, same):
    """For each row, the dot product of the rows before and after it where all three are in one
    document (`same[i]`: rows i and i + 1 are), else 0; terms matched in both sorted rows, the
    products (float32) added in term order (float64)."""
    n = indptr.shape[0] - 1
    out = np.zeros(n)
    for i in range(1, n - 1):
        if not (same[i - 1] and same[i]):
            continue
        a, a_end = indptr[i - 1], indptr[i]
        b, b_end = indptr[i + 1], indptr[i + 2]
        total = 0.0
        while a < a_end and b < b_end:
            if indices[a] < indices[b]:
                a += 1
            elif indices[a] > indices[b]:
                b += 1
            else:
                total += values[a] * values[b]
                a += 1
                b += 1
        out[i] = total
    return out


@compiled
def document_terms(values, indices, indptr, counts, doc_starts):
    """Each document's terms, sorted, with the sums of their values and of their counts over the
    document's rows (added in row order): (document, term, value sum, count sum) per pair."""
    n_docs = doc_starts.shape[0] - 1
    size = indices.shape[0]
    doc = np.empty(size, np.int64)
    term = np.empty(size, np.int64)
    value_sum = np.empty(size)
    count_sum = np.empty(size)
    e = 0
    for d in range(n_docs):
        a, b = indptr[doc_starts[d]], indptr[doc_starts[d + 1]]
        order = np.argsort(indices[a:b], kind="mergesort") + a   # stable: a term's entries stay in row order
        k = 0
        while k < b - a:
            t = indices[order[k]]
            v = 0.0
            c = 0.0
            while k < b - a and indices[order[k]] == t:
                v += values[order[k]]
                c += counts[order[k]]
                k += 1
            doc[e] = d
            term[e] = t
            value_sum[e] = v
            count_sum[e] = c
            e += 1
    return doc[:e], term[:e], value_sum[:e], count_sum[:e]


@compiled
def topic_sums(doc, term, count_sum, idf, topic_rows, n_docs):
    """(n_docs, K): each document's TF-IDF row (sublinear counts times idf, L2-normalised) times the
    topics' (terms, K) rows, from `document_terms`' (document, term, count sum) triples."""
    K = topic_rows.shape[1]
    out = np.zeros((n_docs, K))
    weight = np.empty(term.shape[0])
    squared = np.zeros(n_docs)
    for e in range(term.shape[0]):
        weight[e] = (1.0 + np.log(count_sum[e])) * idf[term[e]]
        squared[doc[e]] += weight[e] * weight[e]
    for e in range(term.shape[0]):
        norm = np.sqrt(max(squared[doc[e]], 0.0))
        w = weight[e] / (norm if norm != 0.0 else 1.0)
        for k in range(K):
            out[doc[e], k] += w * topic_rows[term[e], k]
    return out
