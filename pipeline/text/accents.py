"""Vietnamese typed without its accents ("Thu tuong lam viec voi UBND tinh Quang Nam"), accented
again in the normalised view, so that every later step reads the words it was built on.

A syllable bigram model counted on the unlabelled archives (`scripts/train_accents.py`, shipped as
`models/accents/bigrams.npz`, plain arrays) proposes for each unaccented word the written forms that
fold to it ("tinh" -> tình, tỉnh, tinh, tính, tĩnh ...), and Viterbi picks the likeliest sequence
along the line. Restoring only replaces letters one for one ("d" -> "đ", "o" -> "ộ"), so the view
keeps the input's length and every offset stays valid. Only lines written wholly without accents are
touched (`unaccented_lines`); a line in another language, or in Vietnamese with its accents, is left
as it is.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np


NUMBER, PUNCT, BOUNDARY = "<num>", "<p>", "<s>"
# a line's tokens: runs of letters and digits, or one sign; spaces between are not tokens
TOKEN = re.compile(r"[^\W_]+|[^\w\s]")
_SPECIAL = {"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"}
# letters only Vietnamese writes, or a vowel with a tone: any of them on a line means it has accents
_ACCENTED = re.compile("[đĐăĂâÂêÊôÔơƠưƯàáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸìíỉĩịÌÍỈĨỊòóỏõọÒÓỎÕỌùúủũụÙÚỦŨỤỳýỷỹỵỲÝỶỸỴ"
                       "\u1ea0-\u1ef9]")
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=8192)
def _strip_char(c: str) -> str:
    if c in _SPECIAL:
        return _SPECIAL[c]
    base = unicodedata.normalize("NFD", c)[0]
    return base if base.isascii() and base.isalpha() else c


def strip_accents(text: str) -> str:
    """The text with Vietnamese accents and "đ" taken off, one output letter per input letter, case
    kept ("Đồng Nai" -> "Dong Nai")."""
    return text.translate({ord(c): ord(_strip_char(c)) for c in set(text) if not c.isascii()})


def _unit(token: str) -> str:
    """What the model counts a token as: numbers as one token, signs as another, a word with one
    capital that opens it as written ("Đặng", a name or a sentence's first word, is counted apart
    from "đặng"), any other word in lower case (capitals tell nothing on a line in capitals)."""
    if token.isdigit():
        return NUMBER
    if not token[0].isalnum():
        return PUNCT
    if token[0].isupper() and (len(token) == 1 or token[1:].islower()):
        return token
    return token.lower()


def _in_case_of(written: str, form: str) -> str:
    """`form` in the letter case of `written`, letter by letter."""
    form = form.lower()
    if written.islower():
        return form
    if written.isupper():
        return form.upper()
    return "".join(f.upper() if w.isupper() else f for w, f in zip(written, form))


class AccentModel:
    """A syllable bigram model with absolute discounting, and the written forms of each folded word."""

    def __init__(self, vocab: list[str], counts: np.ndarray, followers: np.ndarray, keys: np.ndarray,
                 pair_counts: np.ndarray, discount: float = 0.75, max_forms: int = 8):
        self.vocab = vocab
        self.index = {w: i for i, w in enumerate(vocab)}
        self.counts = counts.astype(np.float64)
        self.followers = followers.astype(np.float64)
        self.keys = keys
        self.pair_counts = pair_counts.astype(np.float64)
        self.discount = discount
        self.uni_p = (self.counts + 0.5) / (self.counts.sum() + 0.5 * len(vocab))
        forms: dict[str, list[int]] = {}
        for i, w in enumerate(vocab):
            if not w.startswith("<"):
                forms.setdefault(strip_accents(w), []).append(i)
        self.max_forms = max_forms
        self.forms = {k: sorted(v, key=lambda i: -self.counts[i])[:max_forms] for k, v in forms.items()}
        # folded forms of the syllables that carry an accent somewhere: "tinh", "nguyen", not "the"
        self.vietnamese = frozenset(strip_accents(w).lower() for w in vocab if _ACCENTED.search(w))

    @classmethod
    def fit(cls, texts, min_count: int = 3, min_pair: int = 2) -> "AccentModel":
        """Counts over `texts` (each paragraph a sequence between boundaries): words seen fewer than
        `min_count` times and pairs seen fewer than `min_pair` times are left out."""
        words, pairs = Counter(), Counter()
        for text in texts:
            for para in unicodedata.normalize("NFC", text).split("\n"):
                toks = [BOUNDARY, *(_unit(t) for t in TOKEN.findall(para)), BOUNDARY]
                if len(toks) > 2:
                    words.update(toks)
                    pairs.update(zip(toks, toks[1:]))
        vocab = [BOUNDARY, NUMBER, PUNCT] + sorted(w for w, c in words.items()
                                                   if c >= min_count and not w.startswith("<"))
        index = {w: i for i, w in enumerate(vocab)}
        V = len(vocab)
        followers = np.zeros(V, dtype=np.int64)
        kept = {}
        for (a, b), c in pairs.items():
            i, j = index.get(a), index.get(b)
            if i is None or j is None:
                continue
            followers[i] += 1
            if c >= min_pair:
                kept[i * V + j] = c
        keys = np.array(sorted(kept), dtype=np.int64)
        return cls(vocab, np.array([words[w] for w in vocab]), np.maximum(followers, 1), keys,
                   np.array([kept[k] for k in keys], dtype=np.int64))

    @classmethod
    def load(cls, path: Path | None = None) -> "AccentModel":
        path = path or model_path()
        with np.load(path, allow_pickle=False) as z:
            return cls(str(z["vocab"]).split("\n"), z["counts"], z["followers"], z["keys"], z["pair_counts"])

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, vocab=np.array("\n".join(self.vocab)), counts=self.counts.astype(np.uint32),
                            followers=self.followers.astype(np.uint32), keys=self.keys,
                            pair_counts=self.pair_counts.astype(np.uint32))

    def _log_p(self, prev: np.ndarray, cur: np.ndarray) -> np.ndarray:
        """log P(cur | prev) for every pair of the two id arrays (prev down, cur across)."""
        V = len(self.vocab)
        keys = prev[:, None].astype(np.int64) * V + cur[None, :]
        at = np.searchsorted(self.keys, keys).clip(max=len(self.keys) - 1)
        pair = np.where(self.keys[at] == keys, self.pair_counts[at], 0.0)
        c = self.counts[prev][:, None]
        backoff = self.discount * self.followers[prev][:, None] / c
        p = np.maximum(pair - self.discount, 0.0) / c + backoff * self.uni_p[cur][None, :]
        return np.log(np.maximum(p, 1e-12))

    def token_id(self, token: str) -> int | None:
        return self.index.get(_unit(token))

    def _candidates(self, word: str) -> list[int] | None:
        """The written forms a bare word may stand for: as it is cased ("Dang": Đặng, Đang ...; "dang":
        đang, đáng ...), else in the other case; a word in capitals may be either."""
        lower, title = word.lower(), word[0].upper() + word[1:].lower()
        if word == lower:
            return self.forms.get(lower) or self.forms.get(title)
        if word == title:
            return self.forms.get(title) or self.forms.get(lower)
        both = self.forms.get(lower, []) + self.forms.get(title, [])
        return sorted(both, key=lambda i: -self.counts[i])[:self.max_forms] or None

    def restore_tokens(self, tokens: list[str]) -> list[str]:
        """Each unaccented word of a line's tokens in its likeliest written form; other tokens as given."""
        out = list(tokens)
        boundary = self.index[BOUNDARY]
        states = [np.array([boundary])]
        choices: list[list[int] | None] = []
        for tok in tokens:
            cands = self._candidates(tok) if _WORD.fullmatch(tok) else None
            if cands:
                choices.append(cands)
                states.append(np.array(cands))
            else:
                choices.append(None)
                tid = self.token_id(tok)
                states.append(np.array([boundary if tid is None else tid]))
        states.append(np.array([boundary]))
        # Viterbi over the states, one array of candidates a position
        score = np.zeros(1)
        back: list[np.ndarray] = []
        for k in range(1, len(states)):
            total = score[:, None] + self._log_p(states[k - 1], states[k])
            back.append(total.argmax(axis=0))
            score = total.max(axis=0)
        best = 0
        picks = [0] * len(states)
        for k in range(len(states) - 1, 0, -1):
            picks[k] = best
            best = back[k - 1][best]
        for k, cands in enumerate(choices):
            if cands:
                out[k] = _in_case_of(tokens[k], self.vocab[int(states[k + 1][picks[k + 1]])])
        return out

    def restore(self, line: str) -> str:
        """The line with its words accented, every other character where it was."""
        matches = list(TOKEN.finditer(line))
        if not matches:
            return line
        restored = self.restore_tokens([m.group() for m in matches])
        parts, pos = [], 0
        for m, new in zip(matches, restored):
            parts.append(line[pos:m.start()])
            parts.append(new if len(new) == len(m.group()) else m.group())
            pos = m.end()
        parts.append(line[pos:])
        return "".join(parts)


def model_path() -> Path:
    from ..resources import models_dir

    return models_dir() / "accents" / "bigrams.npz"


@lru_cache(maxsize=1)
def default_model() -> AccentModel | None:
    """The shipped model, or None when it is not there (restoring is then skipped)."""
    return AccentModel.load() if model_path().is_file() else None


def unaccented_lines(text: str, forms, min_words: int = 5, share: float = 0.8):
    """(start, end) of each line written in Vietnamese without accents: at least `min_words` words,
    none accented, and at least `share` of them the folded form of a Vietnamese word in `forms`
    (English and French lines fall short: "president", "with", "sur")."""
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        if _ACCENTED.search(line):
            continue
        words = _WORD.findall(line)
        if len(words) < min_words:
            continue
        if sum(w.lower() in forms for w in words) >= share * len(words):
            yield start, start + len(line.rstrip("\r\n"))


def restore_lines(text: str, model: AccentModel | None = None) -> tuple[str, tuple]:
    """`text` with every line written without accents accented again (the same length), and the
    (start, end) of the lines restored; `text` itself and () where no line qualifies (or no model
    ships)."""
    model = model or default_model()
    if model is None or not _has_plain_line(text):
        return text, ()
    pieces, spans, pos = [], [], 0
    for start, end in unaccented_lines(text, model.vietnamese):
        line = model.restore(text[start:end])
        if line != text[start:end]:
            pieces += [text[pos:start], line]
            spans.append((start, end))
            pos = end
    if not spans:
        return text, ()
    pieces.append(text[pos:])
    return "".join(pieces), tuple(spans)


def restore_accents(text: str, model: AccentModel | None = None) -> str:
    """`text` with every line written without accents accented again (`restore_lines`)."""
    return restore_lines(text, model)[0]


def _has_plain_line(text: str) -> bool:
    """Whether some line has no accented letter at all (most Vietnamese documents: none does)."""
    return any(not _ACCENTED.search(line) for line in text.splitlines() if len(line) > 15)


def restored_reading(source: str, nt) -> str | None:
    """`source` (the input, or the same text given a line in capitals its case back) with each line
    the normalised view `nt` accented again (`nt.restored`) taken from the view, letter for letter in
    the source's case, so that steps reading the input's words ("duong Nguyen Hue") read them
    accented ("đường Nguyễn Huệ") at the same offsets; None when no line was restored."""
    pieces, pos = [], 0
    for a, b in nt.restored:
        start, end = nt.to_input(a, b)
        if end - start != b - a:
            continue   # the line's input held characters the view dropped: its offsets differ
        pieces += [source[pos:start], "".join(v.upper() if c.isupper() else v.lower() if c.islower() else v
                                              for c, v in zip(source[start:end], nt.text[a:b]))]
        pos = end
    if not pieces:
        return None
    pieces.append(source[pos:])
    return "".join(pieces)
