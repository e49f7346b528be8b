"""The names CRF scored from arrays: the tags of underthesea_core's tagger, without its strings.

`CRFTagger.tag` takes every feature of every token as a string, finds each in
its attribute table and then each (attribute, label) weight in a hash map:
with about seventeen features a token, that was a fifth of the entity stage,
and building the strings (`features.featurize`) half as much again. Twelve of
a token's features are its own and its neighbours' word, shape and clusters
(`features.COLUMNS`), all given by the tokens' forms; so each form's attribute
ids are looked up once and kept (news repeats a few thousand forms), and a
sentence's scores are sums of weight rows, added by a compiled loop
(`text.crf_kernels.column_sums`). The rules' tags (`features.RULE_COLUMNS`)
and the token's place in its word (`features.PLACES`)
come from small tables, the word pairs from a dict of dicts; only the lexicon
and gazetteer marks (`features.sparse_features`), which most tokens lack, are
looked up as strings. Rows are added in the
order `featurize` lists the features, which is the order the tagger adds
them in, so the scores are equal to the last bit; Viterbi (`text.crf_kernels`)
decodes a document's sentences in one compiled call and breaks ties as the
tagger does (the lower label id). Tests hold the tags to the tagger's.
"""
from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from ..text import crfsuite
from ..text.crf_kernels import add_rows, best_paths, column_sums
from .features import (COLUMNS, PAIR, PLACES, RULE_COLUMNS, _PAD, _RULE_PAD, _rule_columns, _token_columns,
                       sparse_features, word_places)
from .syllables import is_caps_line
from .lexicon import Lexicon

_MAX_FORMS = 200_000   # forms kept before the table starts again (a long batch meets numbers without end)


_COLUMNS = np.asarray(COLUMNS, dtype=np.int64)
_RULE_COLUMNS = np.asarray(RULE_COLUMNS, dtype=np.int64)
# a plain model reads no rules' tags: no rows, and no columns to read them by
_NO_RULES = (np.zeros(0, dtype=np.int64), np.zeros((1, len(RULE_COLUMNS)), dtype=np.int64),
             np.zeros((0, 2), dtype=np.int64))


class CRFDecoder:
    """A CRFsuite names model (plain or stacked) as weight arrays; `tag` labels a document's sentences."""

    def __init__(self, path: str | Path):
        weights = crfsuite.read(path)
        self.labels = list(weights.labels)
        self.index = {a: i for i, a in enumerate(weights.attributes)}
        # one more row of zeros: the attribute the model never saw
        self.state = np.vstack([weights.state, np.zeros((1, len(self.labels)))])
        self.unknown = len(weights.attributes)
        self.transitions = np.ascontiguousarray(weights.transitions, dtype=np.float64)
        self._pad = self._ids(_PAD)
        self._rule_rows: dict[str, int] = {}
        self._rule_ids = [self._ids(_RULE_PAD)]   # row 0: before the first token and after the last
        # `features.word_pairs` by (first word, second word), which saves building the strings (and the
        # pairs of a sentence are what zip gives); a word with "|" in it makes a string that splits more
        # than one way, and each way is meant
        self._pairs: dict[tuple[str, str], int] = {}
        for attribute, a in self.index.items():
            if attribute.startswith(PAIR):
                both = attribute[len(PAIR):]
                for cut in [k for k, c in enumerate(both) if c == "|"]:
                    self._pairs[both[:cut], both[cut + 1:]] = a
        width = max(map(len, PLACES))
        self._places = np.asarray([self._ids(p + ("",) * (width - len(p))) for p in PLACES])
        self._lock = threading.Lock()
        self._reset_forms()

    def _ids(self, strings) -> list[int]:
        get, unknown = self.index.get, self.unknown
        return [get(s, unknown) for s in strings]

    def _reset_forms(self) -> None:
        self._forms: dict[str, int] = {}
        self._form_ids = np.empty((1024, len(COLUMNS)), dtype=np.int32)
        self._form_ids[0] = self._pad            # row 0: past either end of a sentence

    def _form_rows(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The row of each word in the table of column attribute ids, and the table (a form seen for the
        first time is added; under the lock, as another thread may be adding or starting again)."""
        with self._lock:
            forms = self._forms
            rows = [forms.get(w, -1) for w in words]
            if -1 in rows:
                if len(forms) + len(words) >= _MAX_FORMS:
                    self._reset_forms()
                    forms, rows = self._forms, [-1] * len(words)
                for k, w in enumerate(words):
                    row = forms.get(w)
                    if row is None:
                        row = len(forms) + 1
                        if row >= len(self._form_ids):
                            self._form_ids = np.concatenate([self._form_ids, np.empty_like(self._form_ids)])
                        self._form_ids[row] = self._ids(_token_columns(w))
                        forms[w] = row
                    rows[k] = row
            return np.asarray(rows), self._form_ids

    def _rule_row(self, tag: str) -> int:
        row = self._rule_rows.get(tag)
        if row is None:
            with self._lock:
                row = self._rule_rows.get(tag)
                if row is None:
                    self._rule_ids.append(self._ids(_rule_columns(tag)))
                    row = self._rule_rows[tag] = len(self._rule_ids) - 1
        return row

    def emissions(self, sentences: list, lexicon: Lexicon | None = None,
                  rule_tags: list[list[str]] | None = None) -> list[np.ndarray]:
        """(tokens, labels) scores of each sentence: the sums of the weights of `featurize`'s features."""
        scores, sizes = self._scores(sentences, lexicon, rule_tags)
        return np.split(scores, np.cumsum(sizes)[:-1]) if sizes else []

    def _scores(self, sentences: list, lexicon: Lexicon | None, rule_tags) -> tuple[np.ndarray, list[int]]:
        """`emissions`, the sentences' rows one after the other, and their lengths."""
        sizes = [s.n for s in sentences]
        total = sum(sizes)
        if not total:
            return np.zeros((0, len(self.labels))), sizes
        rows, form_ids = self._form_rows([w for s in sentences for w in s.words])
        starts = np.zeros(len(sizes) + 1, dtype=np.int64)
        np.cumsum(sizes, out=starts[1:])
        if rule_tags is not None:
            known = self._rule_rows.get
            tags = [known(t) for tags in rule_tags for t in tags]
            if None in tags:
                tags = [self._rule_row(t) for tags in rule_tags for t in tags]
            rule_rows, rule_table, rule_columns = np.asarray(tags), np.asarray(self._rule_ids), _RULE_COLUMNS
        else:
            rule_rows, rule_table, rule_columns = _NO_RULES
        places = np.asarray([p for s in sentences for p in word_places(s)])
        get, unknown = self.index.get, self.unknown
        pair, pair_ids = self._pairs.get, []
        for s in sentences:
            if s.n:
                pair_ids.append(unknown)   # the first token ends no pair
                pair_ids += [pair(p, unknown) for p in zip(s.lows, s.lows[1:])]
        caps = self.index.get("caps_line", unknown)
        caps_ids = np.repeat([caps if is_caps_line(s.words) else unknown for s in sentences], sizes)
        # every token's rows in featurize's order: the columns, the rules' tags, its place, its pair, the line
        scores = column_sums(self.state, form_ids, rows, _COLUMNS, starts, rule_table, rule_rows, rule_columns,
                             self._places, places, np.stack([np.asarray(pair_ids), caps_ids]))
        # the rest, token by token in featurize's order (`add_rows` adds a token's rows one after the other)
        stacked, found, start = rule_tags is not None, [], 0
        for s, size in zip(sentences, sizes):
            found += [(start + k, a) for k, f in sparse_features(s, lexicon, stacked) if (a := get(f)) is not None]
            start += size
        if found:
            at, attrs = zip(*found)
            add_rows(scores, np.asarray(at, dtype=np.int64), self.state, np.asarray(attrs, dtype=np.int64))
        return scores, sizes

    def tag(self, sentences: list, lexicon: Lexicon | None = None,
            rule_tags: list[list[str]] | None = None) -> list[list[str]]:
        """The best label sequence of each sentence (stacked models need each sentence's rule tags)."""
        labels = self.labels
        scores, sizes = self._scores(sentences, lexicon, rule_tags)
        return [[labels[y] for y in path] for path in best_paths(scores, sizes, self.transitions)]
