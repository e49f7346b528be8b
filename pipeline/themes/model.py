"""The theme classifier: TF-IDF syllable n-grams and one-vs-rest logistic regression.

A passage is read with its surroundings, as the annotators read it: its
features are three TF-IDF blocks over one vocabulary,

* the passage itself,
* its neighbours (previous and next passage), scaled by `context_weight`,
* the whole document, scaled by `doc_weight`,

and a one-vs-rest logistic regression gives each theme a probability. A
passage takes every theme whose probability reaches that theme's threshold
(tuned on held-out labels; often none). The document roll-up mixes the best
passage score with a document-level classifier over the document block.

Prediction does not go through scikit-learn: the fitted weights are kept as
plain arrays (one sparse-dense product per document) and the vocabulary as a
dict, which keeps the stage cheap next to tokenisation, lets the saved file
hold nothing but arrays, strings and numbers, and spares every batch worker
the seconds scikit-learn takes to import. Training uses scikit-learn's
TfidfVectorizer and LogisticRegression; `analyzer` reproduces the
vectoriser's n-grams (a test holds the two equal).
"""
from __future__ import annotations

import re
from itertools import repeat

import numpy as np
import scipy.sparse as sp

from ..text import norm_form
from .cues import cue_pattern
from .kernels import block_sums, document_terms, neighbour_dots, tfidf_rows, topic_sums
from .stages import file_documents

TOKEN_PATTERN = r"(?u)\b\w+\b"
_WORDS = re.compile(TOKEN_PATTERN)


def analyzer(ngram_max: int):
    """The features TfidfVectorizer(lowercase=False, token_pattern=TOKEN_PATTERN,
    ngram_range=(1, ngram_max)) reads from a text: its words, then its n-grams."""
    find_words = re.compile(TOKEN_PATTERN).findall

    def analyze(text: str) -> list[str]:
        words = find_words(text)
        features = list(words)
        for n in range(2, min(ngram_max, len(words)) + 1):
            features.extend(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
        return features

    return analyze


def _word_runs(text: str, max_syllables: int) -> set[str]:
    """Every run of whole words of `text` (underthesea's segmentation, as the tokenizer does) of at
    most `max_syllables` syllables; a token without a letter (a number, a comma) ends a run."""
    from ..text.tokenizer import segment_words

    words = [text[a:b] for a, b in segment_words(text, [(0, len(text))])]
    runs = set()
    for i in range(len(words)):
        for j in range(i + 1, len(words) + 1):
            if not any(c.isalpha() for c in words[j - 1]):
                break
            run = " ".join(words[i:j])
            if len(run.split()) > max_syllables:
                break
            runs.add(run)
    return runs


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _row_normalize(m: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ m)


def _heaviest(m: sp.csr_matrix, k: int) -> sp.csr_matrix:
    """Each row's `k` largest entries (on equal values, the lower columns), the rest dropped; the
    kept entries keep their values. `k` = 0 keeps everything."""
    m = m.tocsr()
    if not k or not m.nnz or np.diff(m.indptr).max() <= k:
        return m
    row = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    order = np.lexsort((m.indices, -m.data, row))   # by row, then heaviest first
    rank = np.empty(m.nnz, dtype=np.int64)
    rank[order] = np.arange(m.nnz) - m.indptr[row[order]]
    keep = rank < k
    return sp.csr_matrix((m.data[keep], (row[keep], m.indices[keep])), shape=m.shape)


def _norms(squared: np.ndarray) -> np.ndarray:
    """Square roots of squared norms, with 1 for 0 (an empty row stays empty)."""
    out = np.sqrt(np.maximum(squared, 0.0))
    out[out == 0] = 1.0
    return out


def _fit_binary(X, y, C: float, sample_weight=None):
    """Weights and bias of one theme; a theme with one class only gets a constant."""
    if y.min() == y.max():
        p = np.clip(float(y.mean()), 1e-4, 1 - 1e-4)
        return np.zeros(X.shape[1]), float(np.log(p / (1 - p)))
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=C, solver="liblinear", dual=True, max_iter=1000, tol=1e-3, random_state=0)
    clf.fit(X, y, sample_weight=sample_weight)
    return clf.coef_.ravel(), float(clf.intercept_[0])


def _with_cue_slots(Xt: sp.csr_matrix) -> tuple[sp.csr_matrix, np.ndarray]:
    """`Xt` (CSR) with three columns after it that hold an entry in every row (value 0), and the
    positions of those entries in its data array, (rows, 3): a theme's cue counts go there."""
    n, m = Xt.shape
    indptr = Xt.indptr.astype(np.int64) + 3 * np.arange(n + 1)
    slots = indptr[1:, None] - 3 + np.arange(3)
    kept = np.ones(Xt.nnz + 3 * n, dtype=bool)
    kept[slots.ravel()] = False
    data = np.zeros(len(kept))
    indices = np.empty(len(kept), dtype=np.int64)
    data[kept], indices[kept] = Xt.data, Xt.indices
    indices[slots] = m + np.arange(3)
    return sp.csr_matrix((data, indices, indptr), shape=(n, m + 3)), slots


class ThemeModel:
    """Multi-label passage and document theme scores for one taxonomy."""

    def __init__(self, theme_ids, *, C: float = 8.0, doc_C: float = 8.0, context_weight: float = 0.5,
                 doc_weight: float = 0.5, ngram_max: int = 2, min_df: int = 2,
                 max_features: int = 60000, weak_weight: float = 0.3, doc_mix: float = 0.5,
                 cues: dict | None = None, cue_weight: float = 1.0, title_weight: float = 0.0,
                 own_cues: bool = False, fit_doc_terms: int = 0):
        self.theme_ids = list(theme_ids)
        # cue phrases per theme, in the model's view of text (lower-cased normalised form)
        self.cues = {t: [norm_form(c) for c in cs] for t, cs in (cues or {}).items() if t in self.theme_ids}
        self.cue_weight = cue_weight
        self.own_cues = own_cues   # each theme reads only its own cue counts (`_fit_own_cues`)
        self._compile_cues()
        self.C, self.doc_C = C, doc_C
        self.context_weight, self.doc_weight, self.title_weight = context_weight, doc_weight, title_weight
        self.ngram_max, self.min_df, self.max_features = ngram_max, min_df, max_features
        self.weak_weight = weak_weight
        self.doc_mix = doc_mix
        # `fit` only: the training matrix's document block keeps each document's `fit_doc_terms`
        # heaviest terms (0: all of them). That block repeats a document's vector on each of its
        # sentences and is most of the matrix the solver reads; scoring always reads whole documents
        self.fit_doc_terms = fit_doc_terms
        self.thresholds = np.full(len(self.theme_ids), 0.5)
        self.doc_thresholds = np.full(len(self.theme_ids), 0.5)
        self.vocabulary_: dict[str, int] = {}
        self.idf_ = np.zeros(0, dtype=np.float32)
        # second stage and learned roll-up (`stages`); None: a stage-one-only model (format 1)
        self.stack_coef_ = self.stack_intercept_ = None
        self.rollup_coef_ = None
        self.rollup_intercept_ = 0.0
        self.rollup_margins = True   # roll-up features as margins over the sentence thresholds (format 3)
        # the themes a document filed under another theme also takes when one of its sentences takes them
        # (`doc_themes(secondary=True)`), chosen per theme by cross-validation (format 4); all by default
        self.secondary_themes = np.ones(len(self.theme_ids), dtype=bool)
        # topics of the unlabelled archive (format 5): (K, terms) components of a truncated SVD of its
        # documents' TF-IDF rows; a document's topic weights are a roll-up feature. None: no topics
        self.topics_: np.ndarray | None = None
        self.topic_scale = 0.0
        self._topic_rows: np.ndarray | None = None   # topics_ as (terms, K) rows, made on first use

    # -- features -------------------------------------------------------
    def _new_vectorizer(self, **kw):
        from sklearn.feature_extraction.text import TfidfVectorizer

        return TfidfVectorizer(lowercase=False, token_pattern=TOKEN_PATTERN, ngram_range=(1, self.ngram_max),
                               sublinear_tf=True, dtype=np.float32, **kw)

    @property
    def n_terms(self) -> int:
        return len(self.vocabulary_)

    @staticmethod
    def _structure(sizes, dense: bool = False):
        """Neighbour adjacency (n, n) and document membership (docs, n) of stacked documents."""
        n = sum(sizes)
        doc_of = np.repeat(np.arange(len(sizes)), sizes)
        i = np.arange(n - 1)
        same_doc = doc_of[:-1] == doc_of[1:] if n else np.zeros(0, dtype=bool)
        i = i[same_doc]
        rows, cols = np.concatenate([i, i + 1]), np.concatenate([i + 1, i])
        if dense:
            A = np.zeros((n, n), dtype=np.float32)
            A[rows, cols] = 1.0
            S = np.zeros((len(sizes), n), dtype=np.float32)
            S[doc_of, np.arange(n)] = 1.0
            return A, S
        A = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n, n))
        S = sp.csr_matrix((np.ones(n, dtype=np.float32), (doc_of, np.arange(n))), shape=(len(sizes), n))
        return A, S

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        """The fitted TfidfVectorizer's `transform(texts)`: the same numbers, without scikit-learn."""
        values, indices, indptr = self._tfidf(texts)
        return sp.csr_matrix((values, indices, indptr), shape=(len(texts), len(self.idf_)))

    def _tfidf(self, texts: list[str], with_counts: bool = False):
        """`transform` as CSR arrays (values, indices, indptr), columns sorted within each row; with
        `with_counts`, also each entry's raw count of its term in its row.

        The words and their unigram look-ups run as C-level loops (`findall`, `map`, -1 for a
        word not in the vocabulary). Bigrams are not joined into strings: a bigram is the pair of
        its words' ids (`_bigram_table`), looked up in the sorted pair keys, and counting, sublinear
        tf, idf and the row norms follow in one compiled pass (`kernels.tfidf_rows`); a bigram with a
        word that neither a term nor a vocabulary bigram holds cannot be in the vocabulary. Longer
        n-grams are joined and looked up like words, and counted with numpy (`_csr_rows`).
        """
        find_words = _WORDS.findall
        get = self.vocabulary_.get
        missing = repeat(-1)
        n_rows, V = len(texts), len(self.idf_)
        table = self._bigram_table()
        words: list[str] = []
        lengths = []
        if table is None:   # n-grams as strings
            ids: list[int] = []
            for text in texts:
                w = find_words(text)
                ids.extend(map(get, w, missing))
                count = len(w)
                for n in range(2, self.ngram_max + 1):
                    grams = [" ".join(w[i:i + n]) for i in range(len(w) - n + 1)]
                    ids.extend(map(get, grams, missing))
                    count += len(grams)
                lengths.append(count)
            ids = np.asarray(ids, dtype=np.int64)
            rows = np.repeat(np.arange(n_rows, dtype=np.int64), lengths)
            return self._csr_rows(ids, rows, n_rows, with_counts)
        keys, key_terms, unigrams, W, firsts = table
        for text in texts:
            w = find_words(text)
            words.extend(w)
            lengths.append(len(w))
        uni = np.fromiter(map(unigrams.get, words, missing), dtype=np.int64, count=len(words))
        values, indices, indptr, counts = tfidf_rows(uni, np.asarray(lengths, dtype=np.int64), keys, key_terms, firsts,
                                                     W, V, self.idf_, self._log_tf())
        return (values, indices, indptr, counts) if with_counts else (values, indices, indptr)

    def _csr_rows(self, ids: np.ndarray, rows: np.ndarray, n_rows: int, with_counts: bool):
        """`_tfidf`'s CSR arrays from every n-gram's term id (-1 for none) and its row."""
        V = len(self.idf_)
        known = (ids >= 0) & (ids < V)
        keys_, counts = np.unique(rows[known] * V + ids[known], return_counts=True)
        row_of, indices = keys_ // V, (keys_ % V).astype(np.int32)
        values = (1.0 + np.log(counts.astype(np.float32))) * self.idf_[indices]
        norms = _norms(np.bincount(row_of, weights=values * values, minlength=n_rows))
        values = (values / norms[row_of]).astype(np.float32)
        indptr = np.zeros(n_rows + 1, dtype=np.int32)
        np.cumsum(np.bincount(row_of, minlength=n_rows), out=indptr[1:])
        if with_counts:
            return values, indices, indptr, counts
        return values, indices, indptr

    def _log_tf(self) -> np.ndarray:
        """1 + log(count) in float32 for counts below 256, as numpy computes it (index 0 unused)."""
        table = getattr(self, "_log_tf_table", None)
        if table is None:
            table = self._log_tf_table = np.r_[np.float32(0.0),
                                                1.0 + np.log(np.arange(1, 256, dtype=np.float32))]
        return table

    # -- topics of the unlabelled archive (format 5) ----------------------
    @property
    def has_topics(self) -> bool:
        return self.topics_ is not None

    def _doc_topics(self, n_docs: int, doc_terms) -> np.ndarray:
        """(n_docs, K) topic weights from each document's terms and their counts over its sentence rows
        (`kernels.document_terms`): the document's TF-IDF row as `transform` would give it for all its
        sentences as one text (but for the bigrams across a sentence boundary), projected on the
        topics, L2-normalised and scaled by `topic_scale`."""
        doc, term, _, total = doc_terms
        out = topic_sums(doc, term, total, self.idf_, self._topics_by_term(), n_docs)
        return out / _norms((out * out).sum(axis=1))[:, None] * self.topic_scale

    def set_topics(self, components: np.ndarray, scale: float) -> None:
        """Give the model its (K, terms) topics, at the precision the model file keeps them (float16),
        so a trained model scores as the saved one will."""
        self.topics_ = np.asarray(components).astype(np.float16).astype(np.float32)
        self.topic_scale = float(scale)
        self._topic_rows = None

    def _topics_by_term(self) -> np.ndarray:
        """The topic components as (terms, K) rows, made once."""
        if self._topic_rows is None:
            self._topic_rows = np.ascontiguousarray(self.topics_.T, dtype=np.float32)
        return self._topic_rows

    def topic_vectors(self, docs_passages) -> np.ndarray:
        """(documents, K) topic weights of each document (a list of sentence texts in the model's view)."""
        sizes = [len(p) for p in docs_passages]
        texts = [t for p in docs_passages for t in p]
        if not self.has_topics:
            raise ValueError("this theme model has no topics")
        if not texts:
            return np.zeros((len(sizes), self.topics_.shape[0]))
        values, indices, indptr, counts = self._tfidf(texts, with_counts=True)
        return self._doc_topics(len(sizes), document_terms(values, indices, indptr, counts, np.r_[0, np.cumsum(sizes)]))

    def _bigram_table(self):
        """(sorted word-pair keys, term ids, the words' {word: id}, the key base W, where each first
        word's keys begin) of the vocabulary's bigrams, the key of "a b" being id(a) * W + id(b);
        None when the n-grams must be joined as strings (n > 2). A word of a vocabulary bigram that
        is not a term itself (the
        vocabulary is capped by frequency, so "a b" can stay when "a" went) gets an id of its own
        from V up, which keys its pairs and is never counted as a feature. Built once. The words'
        dict is a tenth of the vocabulary (4,168 of 42,374 terms): looked up once per word, it
        stays in the CPU cache between documents."""
        table = getattr(self, "_bigrams", False)
        if table is not False:
            return table
        table = None
        vocab, V = self.vocabulary_, len(self.idf_)
        if self.ngram_max <= 2:
            words = {t: j for t, j in vocab.items() if " " not in t}
            pairs = [(term.split(" "), j) for term, j in vocab.items() if " " in term]
            extra = sorted({w for (a, b), _ in pairs for w in (a, b)} - words.keys())
            words.update((w, V + k) for k, w in enumerate(extra))
            W = V + len(extra)
            keys = np.asarray([words[a] * W + words[b] for (a, b), _ in pairs], dtype=np.int64)
            ids = np.asarray([j for _, j in pairs], dtype=np.int64)
            order = np.argsort(keys)
            keys = keys[order]
            # where each first word's pairs begin in the sorted keys: a look-up searches that run only
            firsts = np.searchsorted(keys, np.arange(W + 1, dtype=np.int64) * W)
            table = (keys, ids[order], words, W, firsts)
        self._bigrams = table
        return table

    @property
    def blocks(self) -> list[str]:
        """The TF-IDF blocks of a sentence's features, in the order of `coef_`'s rows: the sentence,
        its neighbours, then (when weighted) the whole document and the title (first sentence)."""
        return ["sentence", "context"] + (["document"] if self.doc_weight else []) + \
            (["title"] if self.title_weight else [])

    @property
    def has_doc_classifier(self) -> bool:
        """Stage one's own document classifier (format 1 roll-up); a staged model does without."""
        return bool(self.doc_C)

    @staticmethod
    def _first_rows(sizes) -> np.ndarray:
        """For each stacked row, the row index of its document's first row."""
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        return np.repeat(starts, sizes)

    def _features(self, texts: list[str], sizes: list[int], P=None, heaviest: int = 0):
        """Sentence features (n, len(blocks) * V + 3T) and, with a document classifier, document
        features (docs, V + T) of stacked documents; with `heaviest`, the document block holds only
        each document's `heaviest` heaviest terms (`fit`'s matrix)."""
        if P is None:
            P = self.transform(texts)
        A, S = self._structure(sizes)
        blocks = [P, self.context_weight * _row_normalize(A @ P)]
        D = _row_normalize(S @ P) if (self.doc_weight or self.has_doc_classifier) else None
        if self.doc_weight:
            blocks.append(self.doc_weight * (S.T @ _heaviest(D, heaviest)))
        if self.title_weight:
            blocks.append(self.title_weight * P[self._first_rows(sizes)])
        cues = self.cue_counts(texts)                       # (n, T) raw hits
        doc_cues = S @ cues                                  # (docs, T)
        cue_block = self.cue_weight * np.log1p(np.hstack([cues, A @ cues, S.T @ doc_cues]))
        X = sp.hstack(blocks + [sp.csr_matrix(cue_block.astype(np.float32))], format="csr")
        Xd = None
        if self.has_doc_classifier:
            Xd = sp.hstack([D, sp.csr_matrix((self.cue_weight * np.log1p(doc_cues)).astype(np.float32))],
                           format="csr")
        return X, Xd

    def cue_counts(self, texts: list[str]) -> np.ndarray:
        """Cue hits per theme (n, T) in normalised passage texts."""
        out = np.zeros((len(texts), len(self.theme_ids)), dtype=np.float32)
        if self._cue_re is None:
            return out
        for i, text in enumerate(texts):
            for m in self._cue_re.finditer(text):
                for k in self._cue_themes[m.group(0)]:
                    out[i, k] += 1
        return out

    def _compile_cues(self):
        by_cue: dict[str, list[int]] = {}
        for k, t in enumerate(self.theme_ids):
            for c in self.cues.get(t, ()):
                by_cue.setdefault(c, [])
                if k not in by_cue[c]:
                    by_cue[c].append(k)
        self._cue_themes = by_cue
        # one pass over all themes' cues: a phrase several themes share counts for each of them
        self._cue_re = cue_pattern(by_cue)

    # -- training -------------------------------------------------------
    def fit(self, docs) -> "ThemeModel":
        """Fit on `LabelledDoc`s (hand, weak or taxonomy-example documents)."""
        docs = [d for d in docs if d.passages]
        texts = [p for d in docs for p in d.passages]
        hand_texts = [p for d in docs if not d.weak for p in d.passages]
        vectorizer = self._new_vectorizer(min_df=min(self.min_df, max(1, len(hand_texts) // 50)),
                                          max_features=self.max_features)
        self._term_list = self._analyze = None
        self._bigrams = False
        P = vectorizer.fit_transform(texts)
        self.vocabulary_ = {t: int(j) for t, j in vectorizer.vocabulary_.items()}
        self.idf_ = np.asarray(vectorizer.idf_, dtype=np.float32)
        sizes = [len(d.passages) for d in docs]
        X, Xd = self._features(texts, sizes, P, heaviest=self.fit_doc_terms)
        T = len(self.theme_ids)
        Y = np.zeros((X.shape[0], T), dtype=np.int8)
        known = np.ones((X.shape[0], T))   # 0: a sentence that is no example of the theme either way
        w = np.ones(X.shape[0])
        index = {t: k for k, t in enumerate(self.theme_ids)}
        i = 0
        for d in docs:
            for n, themes in enumerate(d.themes):
                for t in themes:
                    if t in index:
                        Y[i, index[t]] = 1
                for t in d.unknown[n] if d.unknown else ():
                    if t in index:
                        known[i, index[t]] = 0.0
                if d.weak:
                    w[i] = self.weak_weight
                i += 1
        X = X.astype(np.float64)  # liblinear would copy float32 input once per theme
        if self.own_cues:
            text_cols = len(self.blocks) * self.n_terms
            Xt, cue_cols = X[:, :text_cols].tocsr(), X[:, text_cols:].toarray()
            Xk, slots = _with_cue_slots(Xt)   # built once: each theme writes its own counts into the slots
            coefs, bias = zip(*(self._fit_own_cues(Xk, slots, cue_cols, Y[:, k], k, w * known[:, k])
                                for k in range(T)))
        else:
            coefs, bias = zip(*(_fit_binary(X, Y[:, k], self.C, w * known[:, k]) for k in range(T)))
        self.coef_ = np.ascontiguousarray(np.vstack(coefs).T, dtype=np.float32)  # (len(blocks) V + 3T, T)
        self._stacked = None
        self.intercept_ = np.asarray(bias, dtype=np.float32)
        if not self.has_doc_classifier:
            self.doc_coef_ = np.zeros((0, T), dtype=np.float32)
            self.doc_intercept_ = np.zeros(T, dtype=np.float32)
            return self
        # document classifier: document block -> document themes (hand labels only)
        hand = [k for k, d in enumerate(docs) if not d.weak]
        Yd = np.zeros((len(hand), T), dtype=np.int8)
        for r, k in enumerate(hand):
            d = docs[k]
            themes = d.doc_themes if d.doc_themes is not None else set().union(*d.themes)
            for t in themes:
                if t in index:
                    Yd[r, index[t]] = 1
        Xh = Xd[hand].astype(np.float64)
        dcoefs, dbias = zip(*(_fit_binary(Xh, Yd[:, k], self.doc_C) for k in range(T)))
        self.doc_coef_ = np.ascontiguousarray(np.vstack(dcoefs).T, dtype=np.float32)  # (V + T, T)
        self.doc_intercept_ = np.asarray(dbias, dtype=np.float32)
        return self

    def _fit_own_cues(self, Xk, slots, cue_cols, y, k: int, sample_weight):
        """Theme k's weights when it reads only its own cue counts (sentence, neighbours, document).

        With every theme's counts as features, the classifiers learned that a document naming
        other themes' cues is not about theirs (weights down to -4.4 on another theme's document
        count): a press release with a paragraph per campaign scored 0.001 on a sentence naming
        "chống buôn lậu, gian lận thương mại và hàng giả". The other themes' cue columns are left
        out of the fit and their weights stay 0.

        `Xk` is the text columns and three cue slots (`_with_cue_slots`); theme k's counts are written
        into the slots in place, which spares copying the whole matrix once per theme (a fifth of a
        fit's time). A slot left at 0 adds nothing to a dot product, so the fit is the one over the
        text columns and the counts stacked as a sparse block."""
        T = len(self.theme_ids)
        text_cols = Xk.shape[1] - 3
        own = [k, T + k, 2 * T + k]
        Xk.data[slots] = cue_cols[:, own]
        coef, bias = _fit_binary(Xk, y, self.C, sample_weight)
        full = np.zeros(text_cols + 3 * T)
        full[:text_cols] = coef[:text_cols]
        full[[text_cols + c for c in own]] = coef[text_cols:]
        return full, bias

    # -- prediction -----------------------------------------------------
    def score_many(self, docs_passages) -> list[tuple[np.ndarray, np.ndarray]]:
        """(passage probabilities (n, T), document scores (T,)) per document.

        No BLAS call is made (the products are compiled loops and `einsum`):
        OpenBLAS threads only spin on products this small, and in a batch with
        one worker per core they cost each worker about a tenth of its CPU time.
        """
        return self._score_many(docs_passages)

    def _score_many(self, docs_passages, with_topics: bool = False):
        """`score_many`'s work; with `with_topics` (a model with topics), also each document's topic
        weights (`topic_vectors`) from the same vectoriser call: (pairs, (documents, K) array).

        `docs_passages` is a list of documents, each a list of passage texts in
        the model's view (`data.passage_texts`). All passages go through one
        vectoriser call and one product with the stacked weights; the context,
        document and title blocks are combined after that product (they are
        linear in the passage rows, and their norms come from dot products of
        passage rows), which gives the same logits as the explicit features of
        `fit`. Everything runs on the CSR arrays, in numpy and in the compiled loops of
        `kernels` (the row products, the neighbours' dot products, the document's terms):
        a scipy.sparse operation costs tens of microseconds of checks, and a document
        makes a dozen of them.
        """
        sizes = [len(p) for p in docs_passages]
        texts = [t for p in docs_passages for t in p]
        T = len(self.theme_ids)
        with_topics = with_topics and self.has_topics
        if not texts:
            empty = [(np.zeros((0, T)), np.zeros(T)) for _ in sizes]
            return (empty, np.zeros((len(sizes), self.topics_.shape[0]))) if with_topics else empty
        values, indices, indptr, counts = self._tfidf(texts, with_counts=True)
        n, V = len(texts), self.n_terms
        row_len = np.diff(indptr)
        # P @ W: each entry's weight rows scaled by its value, summed per row
        Z = block_sums(values, indices, indptr, self._stacked_weights())
        doc_of = np.repeat(np.arange(len(sizes)), sizes)
        present = np.flatnonzero(sizes)
        starts = np.cumsum(sizes)[present] - np.asarray(sizes)[present]

        def per_doc(M):   # row sums per document (a document without rows sums to 0)
            out = np.zeros((len(sizes), M.shape[1]))
            out[present] = np.add.reduceat(M, starts, axis=0)
            return out

        # neighbours: the previous and the next row of the same document, as one L2-normalised vector
        same_doc = doc_of[1:] == doc_of[:-1]
        same = same_doc.astype(np.float64)
        nonempty = (row_len > 0).astype(np.float64)            # squared norm of each row: 1 or 0
        zc = Z[:, T:2 * T]
        context = np.zeros((n, T))
        context[1:] += zc[:-1] * same[:, None]
        context[:-1] += zc[1:] * same[:, None]
        sq = np.zeros(n)
        sq[1:] += nonempty[:-1] * same
        sq[:-1] += nonempty[1:] * same
        sq += 2 * neighbour_dots(values, indices, indptr, same_doc)   # where both are in the document
        logits = Z[:, :T] + self.context_weight * context / _norms(sq)[:, None] + self.intercept_
        col = 2 * T
        doc_terms = None
        if self.doc_weight or self.has_doc_classifier or with_topics:   # each document's terms: its norm, its topics
            doc_terms = document_terms(values, indices, indptr, counts, np.r_[0, np.cumsum(sizes)])
        if self.doc_weight or self.has_doc_classifier:
            # ||sum of a document's rows||: the squared sums of its entries per term
            term_doc, _, per_term, _ = doc_terms
            doc_norms = _norms(np.bincount(term_doc, weights=per_term * per_term, minlength=len(sizes)))[:, None]
            doc_z = per_doc(Z[:, col:]) / doc_norms
        if self.doc_weight:
            logits += self.doc_weight * doc_z[doc_of, :T]
            col += T
        if self.title_weight:
            logits += self.title_weight * Z[self._first_rows(sizes), col:col + T]
            col += T
        cues = self.cue_counts(texts)
        doc_cues = per_doc(cues)
        neighbour_cues = np.zeros_like(cues)
        neighbour_cues[1:] += cues[:-1] * same[:, None]
        neighbour_cues[:-1] += cues[1:] * same[:, None]
        cue_block = self.cue_weight * np.log1p(np.hstack([cues, neighbour_cues, doc_cues[doc_of]]))
        probs = _sigmoid(logits + np.einsum("nk,kt->nt", cue_block, self.coef_[len(self.blocks) * V:]))
        if self.has_doc_classifier:
            doc_logits = (doc_z[:, -T:] + np.einsum("dk,kt->dt", self.cue_weight * np.log1p(doc_cues), self.doc_coef_[V:])
                          + self.doc_intercept_)
            doc_probs = _sigmoid(doc_logits)
        else:
            doc_probs = np.zeros((len(sizes), T))
        out, start = [], 0
        for d, size in enumerate(sizes):
            p = probs[start:start + size]
            start += size
            best = p.max(axis=0) if size else np.zeros(T)
            out.append((p, self.doc_mix * doc_probs[d] + (1 - self.doc_mix) * best))
        if with_topics:
            return out, self._doc_topics(len(sizes), doc_terms)
        return out

    def _stacked_weights(self) -> np.ndarray:
        """Term weights of each block (`blocks`) and, if there is one, of the document classifier:
        (V, k T)."""
        if getattr(self, "_stacked", None) is None:
            V = self.n_terms
            parts = [self.coef_[k * V:(k + 1) * V] for k in range(len(self.blocks))]
            if self.has_doc_classifier:
                parts.append(self.doc_coef_[:V])
            self._stacked = np.ascontiguousarray(np.hstack(parts))
        return self._stacked

    def score_explicit(self, docs_passages) -> list[np.ndarray]:
        """Passage probabilities through the explicit feature matrix of `fit` (slow; for checking)."""
        sizes = [len(p) for p in docs_passages]
        X, _ = self._features([t for p in docs_passages for t in p], sizes)
        probs = _sigmoid(X @ self.coef_ + self.intercept_)
        return np.split(probs, np.cumsum(sizes)[:-1])

    def score(self, passages) -> tuple[np.ndarray, np.ndarray]:
        return self.score_many([passages])[0]

    @property
    def staged(self) -> bool:
        return self.stack_coef_ is not None and self.rollup_coef_ is not None

    def predict_many(self, docs_sentences) -> list[tuple[np.ndarray, np.ndarray]]:
        """(sentence probabilities (n, T), document probabilities (T,)) per document.

        Stage one (`score_many`), then, for a staged model, the second stage over
        each sentence's neighbourhood of scores and the learned roll-up
        (`pipeline.themes.stages`); `thresholds` and `doc_thresholds` apply to
        these outputs. A stage-one-only model returns `score_many` unchanged.
        """
        if not self.staged:
            return self.score_many(docs_sentences)
        from .stages import rollup_predict, stack_predict

        if self.has_topics:
            scored, topics = self._score_many(docs_sentences, with_topics=True)
        else:
            scored, topics = self._score_many(docs_sentences), [None] * len(docs_sentences)
        out = []
        for (P1, D1), topic in zip(scored, topics):
            P2 = stack_predict(P1, self.stack_coef_, self.stack_intercept_)
            out.append((P2, rollup_predict(P2, self.thresholds, D1, self.rollup_coef_, self.rollup_intercept_,
                                           margins=self.rollup_margins, topic=topic)))
        return out

    def passage_themes(self, probs: np.ndarray) -> list[list[tuple[str, float]]]:
        """Themes at or above their threshold, best first, for each row of `probs`."""
        out = [[] for _ in range(len(probs))]
        rows, cols = np.nonzero(probs >= self.thresholds)
        for i, k in zip(rows.tolist(), cols.tolist()):
            out[i].append((self.theme_ids[k], float(probs[i, k])))
        for hits in out:
            if len(hits) > 1:
                hits.sort(key=lambda h: -h[1])
        return out

    def doc_themes(self, scores: np.ndarray, units=None, min_units: int = 0,
                   secondary: bool = False, evidence: bool = False, majority: bool = False) -> list[tuple[str, float]]:
        """Document themes: roll-up score at or above the document threshold, or, with `min_units`,
        a theme that at least that many of the document's units (`passage_themes` output) took; with
        `secondary`, a document filed under any theme also takes every theme one of its units took;
        with `evidence`, only themes at least one unit took (a theme a reader can trace to a sentence);
        with `majority`, also a theme at least half of the units took.
        Secondary themes are the model's `secondary_themes`."""
        fired = scores >= self.doc_thresholds
        secondary = self.secondary_themes if secondary else False
        if (min_units or np.any(secondary) or evidence or majority) and units is not None:
            counts = np.zeros(len(self.theme_ids), dtype=int)
            index = {t: k for k, t in enumerate(self.theme_ids)}
            for themes in units:
                for t, _ in themes:
                    counts[index[t]] += 1
            fired = file_documents(fired[None], counts[None], min_units, secondary, evidence,
                                   sizes=[len(units)] if majority else None)[0]
        hits = [(self.theme_ids[k], float(scores[k])) for k in np.flatnonzero(fired)]
        return sorted(hits, key=lambda h: -h[1])

    def explain(self, passage: str, theme_id: str, top: int = 5) -> list[str]:
        """The passage's own cues and terms that pushed `theme_id` up the most, strongest first.

        Terms are the model's syllable n-grams; a reader is shown only those that are whole words or
        runs of whole words of the passage ("hải quan", not "quan tỉnh" across two words, nor a bare
        number), unless none is."""
        k = self.theme_ids.index(theme_id)
        x = self.transform([passage])
        weights = x.data * self.coef_[x.indices, k]
        terms = self._terms()
        ranked = [(float(w), terms[j]) for w, j in zip(weights, x.indices) if w > 0]
        readable = _word_runs(passage, self.ngram_max)
        ranked = [r for r in ranked if r[1] in readable] or ranked
        cue_coef = float(self.coef_[len(self.blocks) * self.n_terms + k, k])
        if self._cue_re is not None and cue_coef > 0:
            hits = [m.group(0) for m in self._cue_re.finditer(passage) if k in self._cue_themes[m.group(0)]]
            ranked += [(self.cue_weight * cue_coef * np.log1p(hits.count(c)) / max(1, hits.count(c)), c)
                       for c in set(hits)]
        out = []
        for _, term in sorted(ranked, key=lambda r: (-r[0], r[1])):
            if not any(term in seen for seen in out):  # "giao thông" makes "giao" redundant
                out.append(term)
            if len(out) == top:
                break
        return out

    def _terms(self) -> list[str]:
        if getattr(self, "_term_list", None) is None:
            terms = [""] * self.n_terms
            for term, idx in self.vocabulary_.items():
                terms[idx] = term
            self._term_list = terms
        return self._term_list

    # -- persistence (plain arrays and builtins only) -------------------
    PARAMS = ("C", "doc_C", "context_weight", "doc_weight", "ngram_max", "min_df", "max_features",
              "weak_weight", "doc_mix", "cue_weight", "title_weight", "own_cues", "fit_doc_terms")

    def to_state(self) -> dict:
        staged = {"stack_coef": self.stack_coef_, "stack_intercept": self.stack_intercept_,
                  "rollup_coef": self.rollup_coef_,
                  "rollup_intercept": np.asarray([self.rollup_intercept_], dtype=np.float64)} if self.staged else {}
        return {
            **staged,
            **({"secondary_themes": np.asarray(self.secondary_themes, dtype=bool)}
               if staged and self.rollup_margins else {}),
            **({"topics": self.topics_.astype(np.float16), "topic_scale": np.asarray([self.topic_scale])}
               if staged and self.has_topics else {}),
            "format": (5 if self.has_topics else 4 if self.rollup_margins else 2) if staged else 1,
            "theme_ids": list(self.theme_ids),
            "params": {k: getattr(self, k) for k in self.PARAMS},
            "cues": {t: list(cs) for t, cs in self.cues.items()},
            "terms": self._terms(),
            "idf": np.asarray(self.idf_, dtype=np.float32),
            "coef": self.coef_, "intercept": self.intercept_,
            "doc_coef": self.doc_coef_, "doc_intercept": self.doc_intercept_,
            "thresholds": np.asarray(self.thresholds, dtype=np.float64),
            "doc_thresholds": np.asarray(self.doc_thresholds, dtype=np.float64),
        }

    @classmethod
    def from_state(cls, state: dict) -> "ThemeModel":
        if not isinstance(state, dict) or state.get("format") not in (1, 2, 3, 4, 5):
            raise ValueError("not a format 1 to 5 theme model")
        expected = {"format", "theme_ids", "params", "cues", "terms", "idf", "coef", "intercept", "doc_coef",
                    "doc_intercept", "thresholds", "doc_thresholds"}
        if state["format"] >= 2:
            expected |= {"stack_coef", "stack_intercept", "rollup_coef", "rollup_intercept"}
        if state["format"] >= 4:
            expected |= {"secondary_themes"}
        if state["format"] >= 5:
            expected |= {"topics", "topic_scale"}
        if set(state) != expected:
            raise ValueError(f"unexpected fields {sorted(set(state) ^ expected)}")
        model = cls(state["theme_ids"], cues=state["cues"], **state["params"])
        terms = list(state["terms"])
        model.vocabulary_ = {t: i for i, t in enumerate(terms)}
        model.idf_ = np.asarray(state["idf"], dtype=np.float32)
        model._term_list = terms
        model.coef_ = np.asarray(state["coef"], dtype=np.float32)
        model.intercept_ = np.asarray(state["intercept"], dtype=np.float32)
        model.doc_coef_ = np.asarray(state["doc_coef"], dtype=np.float32)
        model.doc_intercept_ = np.asarray(state["doc_intercept"], dtype=np.float32)
        model.thresholds = np.asarray(state["thresholds"], dtype=np.float64)
        model.doc_thresholds = np.asarray(state["doc_thresholds"], dtype=np.float64)
        n_terms, T = len(terms), len(model.theme_ids)
        if state["format"] >= 2:
            from .stages import N_ROLLUP, N_STACK

            model.rollup_margins = state["format"] >= 3
            if state["format"] >= 4:
                model.secondary_themes = np.asarray(state["secondary_themes"], dtype=bool)
                if model.secondary_themes.shape != (T,):
                    raise ValueError("theme model secondary themes do not match its themes")

            model.stack_coef_ = np.asarray(state["stack_coef"], dtype=np.float64)
            model.stack_intercept_ = np.asarray(state["stack_intercept"], dtype=np.float64)
            model.rollup_coef_ = np.asarray(state["rollup_coef"], dtype=np.float64)
            model.rollup_intercept_ = float(np.asarray(state["rollup_intercept"]).ravel()[0])
            K = 0
            if state["format"] >= 5:
                model.set_topics(state["topics"], float(np.asarray(state["topic_scale"]).ravel()[0]))
                K = model.topics_.shape[0]
                if model.topics_.ndim != 2 or model.topics_.shape[1] != n_terms:
                    raise ValueError("theme model topics do not match its vocabulary")
            if (model.stack_coef_.shape != (T, 2 * N_STACK) or model.stack_intercept_.shape != (T,)
                    or model.rollup_coef_.shape != (N_ROLLUP + T + K * T,)):
                raise ValueError("theme model stage-two arrays do not match its themes")
        doc_rows = n_terms + T if model.has_doc_classifier else 0
        # the compiled loops (`kernels`) index these arrays by term id without bounds checks
        if (model.coef_.shape != (len(model.blocks) * n_terms + 3 * T, T) or model.doc_coef_.shape != (doc_rows, T)
                or model.idf_.shape != (n_terms,) or model.thresholds.shape != (T,)
                or model.doc_thresholds.shape != (T,) or model.intercept_.shape != (T,)):
            raise ValueError("theme model arrays do not match its vocabulary and themes")
        return model
