"""underthesea's word-segmentation CRF, scored from lookup tables.

underthesea tags syllables B-W/I-W with a CRF over 43 feature templates
("T[-1,0].lower", "T[0].is_in_dict", ...). Its featuriser writes every
feature of every syllable as a string ("T[-1,0].lower=cán bộ"), and its
tagger hashes each string back to a weight: about 40 strings per syllable,
which is most of what `word_tokenize` costs.

`WordSegmenter` reads the same model, template list and dictionary, and
gives the same tags without those strings. Templates that read the same
n-gram through the same function share one vocabulary, so each n-gram of a
sentence is looked up once; its row in each template's weight table holds
that template's weights. A syllable's score for a label is then the sum, in
template order, of one table row per template (the order underthesea's
tagger adds them in, so the sums are equal to the last bit; `crf_kernels.row_sums`),
and Viterbi decoding (`crf_kernels.best_paths`) follows the tagger's own sums and
tie-breaking. A syllable's one-syllable values (its ids, lower-cased form,
istitle) are computed once per segmenter
and kept in arrays (news repeats a few thousand syllables), so a sentence
costs a dict hit per syllable plus its n-gram strings. Tests and
`scripts/check_wordseg.py` hold the tags equal to underthesea's.
"""
from __future__ import annotations

import pickle
import re
import threading
from itertools import repeat
from os.path import dirname, join

import numpy as np

from . import crfsuite
from .crf_kernels import best_paths, row_sums

UNDERTHESEA_MODEL = "ws_crf_vlsp2013_20230727"
_TEMPLATE = re.compile(r"T\[(-?\d+)(?:,(-?\d+))?\](?:\.(lower|isdigit|istitle|is_in_dict))?")
_INT32 = re.compile(r"[+-]?[0-9]+")
_BOOL = {False: "False", True: "True"}


class UnsupportedModel(ValueError):
    """The model uses a feature template this module does not evaluate."""


def underthesea_model_dir() -> str:
    """The folder of underthesea's installed word-segmentation model."""
    import underthesea.pipeline.word_tokenize as wt

    return join(dirname(wt.__file__), "models", UNDERTHESEA_MODEL)


def _is_int32(text: str) -> bool:
    """Whether Rust's `str::parse::<i32>` accepts `text` (the featuriser's isdigit)."""
    if _INT32.fullmatch(text) is None:
        return False
    digits = text.lstrip("+-").lstrip("0") or "0"
    # an i32 has at most ten digits past its leading zeros (and int() of thousands of digits raises)
    return len(digits) <= 10 and -2**31 <= int(text[0] + digits if text[0] in "+-" else digits) < 2**31


def _is_title(text: str) -> bool:
    """The featuriser's istitle: every space-separated part starts with a character upper-casing leaves alone."""
    return all(part[:1].upper() == part[:1] for part in text.split(" "))


def _column(values) -> np.ndarray:
    """One value per template, as a column that broadcasts against syllables."""
    return np.array(values, dtype=np.intp)[:, None]


def _grams(seq: list[str], n: int) -> list[str]:
    if n == 1:
        return seq
    if n == 2:
        return [f"{a} {b}" for a, b in zip(seq, seq[1:])]
    if n == 3:
        return [f"{a} {b} {c}" for a, b, c in zip(seq, seq[1:], seq[2:])]
    return [" ".join(seq[i:i + n]) for i in range(len(seq) - n + 1)]


# Distinct syllables seen by a segmenter, each numbered, with its lower-cased
# form, istitle and its ids in the one-syllable templates' vocabularies kept
# in arrays by number. News text repeats a few thousand syllables, so most
# syllables are one dict hit; the arrays are dropped whole once they hold
# this many (memory stays bounded).
SYLLABLE_CACHE = 200_000


class _PlainUnpickler(pickle.Unpickler):
    """Strings, numbers and builtin containers only: any other object (a class,
    a function) is refused before it is looked up, so reading runs no code."""

    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"{module}.{name}: not plain data")


def _read_plain_joblib(path: str):
    """underthesea's template list and dictionary: joblib files holding one
    plain list or set of strings. Read with the C unpickler restricted to plain
    data (joblib reads them through the pure-Python one, 4x slower, once per
    worker). Any other content (a compressed file, numpy arrays, an object) is
    refused, never unpickled: `default_segmenter` then falls back on underthesea's
    own tagger."""
    try:
        with open(path, "rb") as fh:
            return _PlainUnpickler(fh).load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError) as exc:
        raise UnsupportedModel(f"{path}: not a plain joblib list or set ({exc})") from None


class WordSegmenter:
    def __init__(self, templates: list[str], dictionary: set[str], weights: crfsuite.CRFWeights):
        self.labels = weights.labels
        self.transitions = np.ascontiguousarray(weights.transitions, dtype=np.float64)
        self.dictionary = dictionary
        by_template: dict[str, dict[str, int]] = {}
        for row, attribute in enumerate(weights.attributes):
            name, _, value = attribute.partition("=")
            by_template.setdefault(name, {})[value] = row

        parsed = []
        self.vocabularies: dict[tuple[int, str | None], dict[str, int]] = {}
        for name in templates:
            m = _TEMPLATE.fullmatch(name)
            if m is None:
                raise UnsupportedModel(f"feature template {name!r} is not supported")
            o1 = int(m.group(1))
            o2 = int(m.group(2)) if m.group(2) is not None else o1
            if o2 < o1:
                raise UnsupportedModel(f"feature template {name!r}: offsets out of order")
            group = (o2 - o1 + 1, m.group(3))
            vocabulary = self.vocabularies.setdefault(group, {})
            values = by_template.get(name, {})
            for value in values:  # "BOS"/"EOS" too: a syllable can read so ("Canon EOS")
                vocabulary.setdefault(value, len(vocabulary))
            parsed.append((o1, o2, group, values))

        # every template's weight table stacked into one array, so a call gathers
        # all templates' rows at once; a table's rows: its group's values, then
        # unknown, BOS and EOS
        groups = list(self.vocabularies)
        tables, group_of, offset1, offset2, sizes = [], [], [], [], []
        for o1, o2, group, values in parsed:
            vocabulary = self.vocabularies[group]
            size = len(vocabulary)
            special = {"BOS": size + 1, "EOS": size + 2}
            table = np.zeros((size + 3, len(self.labels)))
            for value, row in values.items():
                table[vocabulary[value]] = weights.state[row]
                if value in special:  # the same attribute string as a window past the sentence's end
                    table[special[value]] = weights.state[row]
            tables.append(table)
            group_of.append(groups.index(group))
            offset1.append(o1)
            offset2.append(o2)
            sizes.append(size)
        self._group_of, self._offset1, self._offset2 = _column(group_of), _column(offset1), _column(offset2)
        self._bos, self._eos = _column(sizes) + 1, _column(sizes) + 2
        self._base = _column(np.cumsum([0] + [len(t) for t in tables[:-1]]))
        self._table = np.vstack(tables)
        self._unigram_groups = [g for g in groups if g[0] == 1]
        self._unigram_rows = [groups.index(g) for g in self._unigram_groups]
        self._ngram_groups = [(k, g) for k, g in enumerate(groups) if g[0] != 1]
        self._lock = threading.Lock()
        self._reset_syllables()

    @classmethod
    def load(cls, model_dir: str) -> "WordSegmenter":
        """A model folder as underthesea ships it: models.bin, features.bin, dictionary.bin."""
        return cls(list(_read_plain_joblib(join(model_dir, "features.bin"))),
                   set(_read_plain_joblib(join(model_dir, "dictionary.bin"))),
                   crfsuite.read(join(model_dir, "models.bin")))

    @classmethod
    def from_underthesea(cls) -> "WordSegmenter":
        return cls.load(underthesea_model_dir())

    # -- tagging ------------------------------------------------------------
    def _syllable_ids(self, token: str) -> list[int]:
        """A syllable's id in each one-syllable group's vocabulary."""
        low = token.lower()
        ids = []
        for n, function in self._unigram_groups:
            vocabulary = self.vocabularies[(n, function)]
            if function is None:
                value = token
            elif function == "lower":
                value = low
            elif function == "is_in_dict":
                value = _BOOL[low in self.dictionary]
            elif function == "istitle":
                value = _BOOL[_is_title(token)]
            else:  # isdigit
                value = _BOOL[_is_int32(token)]
            ids.append(vocabulary.get(value, len(vocabulary)))
        return ids

    def _reset_syllables(self) -> None:
        self._syllable_no: dict[str, int] = {}   # syllable -> its number in the arrays below
        self._lows: list[str] = []
        self._titles = np.zeros(1024, dtype=bool)
        self._unigram_ids = np.zeros((len(self._unigram_groups), 1024), dtype=np.intp)

    def _syllable_numbers(self, tokens: list[str]) -> list[int]:
        """Each syllable's number in the syllable arrays, new syllables added."""
        if len(self._syllable_no) > SYLLABLE_CACHE:
            self._reset_syllables()
        numbers = list(map(self._syllable_no.get, tokens))
        if None in numbers:
            known = self._syllable_no
            for i, t in enumerate(tokens):
                if numbers[i] is None:
                    k = known.get(t)
                    if k is None:
                        k = known[t] = len(self._lows)
                        if k >= len(self._titles):
                            self._titles = np.concatenate([self._titles, np.zeros_like(self._titles)])
                            self._unigram_ids = np.concatenate([self._unigram_ids, np.zeros_like(self._unigram_ids)],
                                                               axis=1)
                        self._lows.append(t.lower())
                        self._titles[k] = _is_title(t)
                        self._unigram_ids[:, k] = self._syllable_ids(t)
                    numbers[i] = k
        return numbers

    def _ids(self, tokens: list[str]) -> np.ndarray:
        """(groups, syllables): the vocabulary id of the n-gram each group reads
        from each syllable on (the values underthesea's featuriser writes as
        strings: the n-gram itself, lower-cased, is_in_dict, istitle, isdigit).
        n-grams that would run past the end are left 0: never read (BOS/EOS
        rows are taken there)."""
        total = len(tokens)
        with self._lock:   # a Dask worker may tokenise in several threads at once
            numbers = self._syllable_numbers(tokens)
            at = np.array(numbers, dtype=np.intp)
            unigram_ids, titles = self._unigram_ids[:, at], self._titles[at]
            lows = list(map(self._lows.__getitem__, numbers))
        ids = np.zeros((len(self.vocabularies), total), dtype=np.intp)
        ids[self._unigram_rows] = unigram_ids
        grams: dict[tuple[bool, int], list[str]] = {}
        for k, (n, function) in self._ngram_groups:
            vocabulary = self.vocabularies[(n, function)]
            unknown = len(vocabulary)
            width = total - n + 1
            if width <= 0:
                continue
            if function is None or function == "lower" or function == "is_in_dict":
                lower = function is not None
                key = (lower, n)
                if key not in grams:
                    grams[key] = _grams(lows if lower else tokens, n)
                if function == "is_in_dict":
                    d = self.dictionary
                    ids[k, :width] = self._bool_ids(vocabulary, [g in d for g in grams[key]])
                else:
                    ids[k, :width] = list(map(vocabulary.get, grams[key], repeat(unknown, width)))
            elif function == "istitle":
                every = titles[:width].copy()
                for j in range(1, n):
                    every &= titles[j:j + width]
                ids[k, :width] = self._bool_ids(vocabulary, every)
            else:  # isdigit: an n-gram holds a space, which no integer parses
                ids[k, :width] = vocabulary.get(_BOOL[False], unknown)
        return ids

    @staticmethod
    def _bool_ids(vocabulary: dict[str, int], flags) -> np.ndarray:
        unknown = len(vocabulary)
        return np.where(np.asarray(flags, dtype=bool), vocabulary.get(_BOOL[True], unknown),
                        vocabulary.get(_BOOL[False], unknown))

    def scores(self, sentences: list[list[str]]) -> np.ndarray:
        """(syllables, labels) emission scores of all sentences, concatenated."""
        sizes = np.array([len(s) for s in sentences])
        tokens = [t for s in sentences for t in s]
        total = len(tokens)
        if total == 0:
            return np.zeros((0, len(self.labels)))
        ids = self._ids(tokens)
        index = np.arange(total)
        length = np.repeat(sizes, sizes)[None, :]
        position = (index - np.repeat(np.cumsum(sizes) - sizes, sizes))[None, :]
        # (templates, syllables): the table row each template reads at each syllable
        rows = ids[self._group_of, np.clip(index[None, :] + self._offset1, 0, total - 1)]
        before = position + self._offset1 < 0
        after = ~before & (position + self._offset2 >= length)
        rows = np.where(before, self._bos, np.where(after, self._eos, rows)) + self._base
        return row_sums(self._table, rows.astype(np.int64, copy=False))   # template by template: the tagger's order

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """Labels of each sentence's syllables (as underthesea's CRFTagger.tag gives them)."""
        if not any(sentences):
            return [[] for _ in sentences]
        labels = self.labels
        paths = best_paths(self.scores(sentences), [len(s) for s in sentences], self.transitions)
        return [[labels[k] for k in path] for path in paths]


class ReferenceSegmenter:
    """The same tags through underthesea's own featuriser and tagger: what
    `WordSegmenter` is checked against, and its fallback should a later
    underthesea model use a template it does not know."""

    def __init__(self):
        from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger

        self.model = FastCRFSequenceTagger()
        self.model.load(underthesea_model_dir())

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        features = self.model.featurizer.process([[[t] for t in s] for s in sentences])
        return [self.model.estimator.tag(f) if f else [] for f in features]


def default_segmenter():
    """`WordSegmenter` over underthesea's model, or the reference path if it cannot read it.

    The fast path reads underthesea's files and internals (model folder,
    template list, dictionary, CRFsuite layout), which another underthesea
    release may move or change: any error while loading (a missing file, a
    changed format, an attribute gone) falls back on underthesea's own tagger,
    slower but giving the same tags, with a warning that says why."""
    try:
        return WordSegmenter.from_underthesea()
    except Exception as err:  # noqa: BLE001 - every load failure has the same remedy
        import warnings

        warnings.warn(f"word segmentation falls back on underthesea's own tagger: "
                      f"{type(err).__name__}: {err}", stacklevel=2)
        return ReferenceSegmenter()
