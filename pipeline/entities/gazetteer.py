"""The foreign-name gazetteer: names in Latin script without Vietnamese diacritics,
typed PERSON, ORG or LOC ("Mourinho", "Bayern Munich", "Samsung", "Lisbon").

`corpora/lexicons/foreign_names.tsv` (name, type, docs, reviewed) is mined from
the archive and reviewed by hand by `scripts/build_gazetteer.py`; see
`corpora/gazetteer/README.md` for how and by which rules. This module only
reads it and finds its names in a token sequence, longest match first.

Tokens are cut as `lexicon.tokens` cuts them (syllables, numbers, single
punctuation marks: "Saint-Germain" is Saint - Germain), the sequence the names
stage works on, and compared in their normalised lower-cased form. A match must
be capitalised wherever the entry is ("Chelsea" and "CHELSEA" match, "chelsea"
does not). The names CRF reads it as a feature (`features.gazetteer_marks`):
the gazetteer proposes, the model decides.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Sequence

from ..resources import lexicon_dir
from ..text import norm_form, normalize
from .lexicon import tokens

FILE = "foreign_names.tsv"
TYPES = ("PERSON", "ORG", "LOC")


def _low(word: str) -> str:
    return norm_form(word).replace("’", "'")


class Gazetteer:
    """Name -> type, with a longest-match lookup over tokens (`lookup`) or text (`spans`)."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else lexicon_dir() / FILE
        self.types: dict[str, str] = {}                       # name as written -> type
        self._table: dict[tuple[str, ...], tuple[str, tuple[bool, ...]]] = {}
        self._lengths: dict[str, list[int]] = {}              # first token -> entry lengths, longest first
        for lineno, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 2 or cols[1] not in TYPES:
                raise ValueError(f"{self.path}:{lineno}: expected name<TAB>{'|'.join(TYPES)}, got {line!r}")
            self.add(cols[0].strip(), cols[1])

    def add(self, name: str, kind: str) -> None:
        words = [name[a:b] for a, b in tokens(name)]
        if not words:
            return
        key = tuple(_low(w) for w in words)
        self.types[name] = kind
        self._table[key] = (kind, tuple(w[:1].isupper() for w in words))
        lengths = self._lengths.setdefault(key[0], [])
        if len(key) not in lengths:
            lengths.append(len(key))
            lengths.sort(reverse=True)

    def __len__(self) -> int:
        return len(self.types)

    def __contains__(self, name: str) -> bool:
        return name in self.types

    def type_of(self, name: str) -> str | None:
        """The type of a name as written in the file, else of the entry with the same tokens."""
        if name in self.types:
            return self.types[name]
        found = self._table.get(tuple(_low(name[a:b]) for a, b in tokens(name)))
        return found[0] if found else None

    def match_at(self, words: Sequence[str], lows: Sequence[str], i: int) -> tuple[int, str] | None:
        """(end, type) of the longest entry starting at token i, or None."""
        for n in self._lengths.get(lows[i], ()):
            if i + n > len(words):
                continue
            found = self._table.get(tuple(lows[i:i + n]))
            if found and all(w[:1].isupper() for w, cap in zip(words[i:i + n], found[1]) if cap):
                return i + n, found[0]
        return None

    def lookup(self, words: Sequence[str], lows: Sequence[str] | None = None) -> list[tuple[int, int, str]]:
        """(start, end, type) token spans of the names in `words`, left to right, longest first,
        never overlapping. `lows` are the tokens' normalised lower-cased forms (computed when
        not given, as `norm_form` gives them)."""
        if lows is None:
            lows = [_low(w) for w in words]
        elif "’" in "".join(lows):
            lows = [w.replace("’", "'") for w in lows]
        firsts = self._lengths
        out, free = [], 0   # `free`: the first token after the last name found
        for i in [k for k, w in enumerate(lows) if w in firsts]:
            if i < free:
                continue
            found = self.match_at(words, lows, i)
            if found:
                out.append((i, found[0], found[1]))
                free = found[0]
        return out

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, type) character spans of the names in `text`, offsets into `text` as given."""
        view = normalize(text)
        cuts = tokens(view.text)
        words = [view.text[a:b] for a, b in cuts]
        return [(*view.to_input(cuts[s][0], cuts[e - 1][1]), kind) for s, e, kind in self.lookup(words)]


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The shipped gazetteer, loaded once."""
    return Gazetteer()
