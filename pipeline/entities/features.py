"""What the names CRF sees of each token: the syllable, its shape and clusters, and the
lexicons' and the rules' proposals as features (the rules propose, the model decides).

One feature list per token of the syllable view (`syllables.Sentence`): the
syllable and its neighbours (+-2), the pair it ends with the syllable before it,
shapes (+-1), where the syllable sits in its underthesea word, sentence start,
a line in capitals, the syllable's distributional clusters
(`models/ner/clusters.tsv`, `scripts/train_clusters.py`), which lexicons
(titles, agency heads, places, family names, honorifics...) match at that
position and its neighbours (`lexicon_marks`), and whether a name
of the foreign-name gazetteer (`gazetteer.py`: "Mourinho", "Bayern Munich")
covers the token, with its type (`gazetteer_marks`). The stacked model
also reads the rules' BIO tags (`rule_bio`) at the token and its neighbours,
and only the place lexicons, since the rules already read the others. The set
is kept lean on purpose: features are most of the model's run time.
Training (`training.py`) builds the strings here (`featurize`); tagging
(`crf_decoder.py`) reads the same layout (`COLUMNS`, `RULE_COLUMNS`, `PLACES`,
`word_pairs`, `sparse_features`) as arrays, and a test holds the two to the
same scores.
"""
from __future__ import annotations

from functools import lru_cache
from operator import itemgetter

from ..resources import ner_clusters_file
from .gazetteer import Gazetteer, default_gazetteer
from .lexicon import Lexicon, default_lexicon
from .syllables import Sentence, Span, bio_labels, is_caps_line

LEX_KINDS = ("TITLE", "HEAD", "ORG", "PLACE", "ADMIN", "HONORIFIC", "CUE", "SURNAME", "NAMEWORD", "FORMER")
STACKED_KINDS = ("PLACE", "ADMIN")
_WITH_INFO = {"TITLE", "PLACE", "HEAD"}
_STEP_ONE = {"SURNAME", "HONORIFIC", "CUE"}
PAIR = "w[-1]|w="   # the feature of the word pair ending at a token (training drops the rare ones)
CLUSTERS = ner_clusters_file()


@lru_cache(maxsize=1)
def syllable_clusters() -> dict[str, tuple[str, str]]:
    """Syllable -> (coarse, fine) distributional cluster feature strings (scripts/train_clusters.py).

    They let the model generalise from the names it was trained on to names it never saw that occur in
    the same contexts in the archive ("Mourinho" beside "Ronaldo", "Berlin" beside "London")."""
    out = {}
    if not CLUSTERS.is_file():
        return out
    with open(CLUSTERS, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            w, coarse, fine = line.rstrip("\n").split("\t")
            out[w] = ("cc=" + coarse, "cf=" + fine)
    return out


_NO_CLUSTER = ("cc=none", "cf=none", "cc[-1]=none", "cc[1]=none")


@lru_cache(maxsize=131072)
def _cluster_features(low: str) -> tuple[str, str, str, str]:
    """The feature strings of a syllable's clusters, built once per syllable: its own coarse and fine
    cluster, and its coarse cluster as seen from the next and the previous token."""
    pair = syllable_clusters().get(low) if low[:1].isalpha() else None
    if pair is None:
        return _NO_CLUSTER
    coarse = pair[0][3:]
    return pair[0], pair[1], f"cc[-1]={coarse}", f"cc[1]={coarse}"


@lru_cache(maxsize=65536)
def _shape(w: str) -> str:
    if not w:
        return "empty"
    if w[0].isdigit():
        return "digit"
    if not w[0].isalpha():
        return "punct:" + w
    if w.isupper() and len(w) > 1:
        return "upper"
    if w[0].isupper():
        return "title"
    return "lower"


@lru_cache(maxsize=131072)
def _token_columns(w: str) -> tuple[str, ...]:
    """The feature strings a token gives itself and its neighbours, built once per token form:
    its word, shape and clusters; the word as seen two and one tokens after it and one and two
    before it; its coarse cluster and shape as seen from the next token and from the previous one."""
    low = w.lower()
    shape = _shape(w)
    cc, cf, cc_next, cc_prev = _cluster_features(low)
    return ("w=" + low, "shape=" + shape, cc, cf, "w[-2]=" + low, "w[-1]=" + low, "w[1]=" + low, "w[2]=" + low,
            cc_next, "shape[-1]=" + shape, cc_prev, "shape[1]=" + shape)


_PAD = ("", "", "", "", "w[-2]=<pad>", "w[-1]=<pad>", "w[1]=<pad>", "w[2]=<pad>", "", "", "", "")


def lexicon_marks(sent, lexicon: Lexicon, kinds=None) -> list[list[str]]:
    """For each token, the lexicon kinds whose longest match begins (B) or continues (I) there.

    Matches of one kind do not overlap (the scan resumes after a match), except
    single-word cues (family names, honorifics), which are marked everywhere.
    """
    marks: list[list[str]] = [[] for _ in range(sent.n)]
    for i, ms in _marks_at(sent, lexicon, kinds).items():
        marks[i] = ms
    return marks


# the order of the kinds in a token's marks: the per-kind scan's, which the model was trained with
_KIND_ORDER = {k: r for r, k in enumerate(LEX_KINDS)}


def _marks_at(sent, lexicon: Lexicon, kinds=None) -> dict[int, list[str]]:
    """`lexicon_marks` of the tokens that have any (most have none), by token."""
    marks: dict[int, list[str]] = {}
    lows = sent.lows
    resume = dict.fromkeys(LEX_KINDS, 0)
    kinds = tuple(kinds or LEX_KINDS)
    firsts = [(kind, lexicon.lengths[kind]) for kind in kinds]
    starts = _first_syllables(lexicon, kinds)
    for i in [k for k, low in enumerate(lows) if low in starts]:
        low = lows[i]
        for kind, first in firsts:
            if low not in first or i < resume[kind]:
                continue
            found = sent.matches(lexicon, i, kind)   # longest first
            if not found:
                continue
            end, entry = found[0]
            marks.setdefault(i, []).append(f"B-{kind}:{entry.info}" if kind in _WITH_INFO else f"B-{kind}")
            for k in range(i + 1, end):
                marks.setdefault(k, []).append(f"I-{kind}")
            if kind not in _STEP_ONE:
                resume[kind] = end
    for ms in marks.values():
        if len(ms) > 1:
            ms.sort(key=lambda m: _KIND_ORDER[m[2:].split(":", 1)[0]])
    return marks


def _first_syllables(lexicon: Lexicon, kinds: tuple[str, ...]) -> frozenset[str]:
    """The syllables an entry of one of `kinds` starts with, computed once per lexicon and kinds."""
    cache = lexicon.__dict__.setdefault("_first_syllables", {})
    found = cache.get(kinds)
    if found is None:
        found = cache[kinds] = frozenset().union(*(lexicon.lengths[kind] for kind in kinds))
    return found


def gazetteer_marks(sent, gazetteer: Gazetteer | None = None) -> list[str | None]:
    """For each token, B-TYPE / I-TYPE of the gazetteer name covering it, else None."""
    marks: list[str | None] = [None] * sent.n
    for s, e, kind in (gazetteer or default_gazetteer()).lookup(sent.words, sent.lows):
        marks[s] = "B-" + kind
        for k in range(s + 1, e):
            marks[k] = "I-" + kind
    return marks


# The columns of `_token_columns` a token reads, and the token it reads each from (its offset), in the
# order `featurize` lists them: its own word, shape and clusters; the word two and one before it, one and
# two after it; the coarse cluster and shape of the tokens beside it. Past either end of the sentence a
# token reads `_PAD`. `crf_decoder` scores from these tables instead of the strings.
COLUMNS = ((0, 0), (1, 0), (2, 0), (3, 0), (4, -2), (5, -1), (6, 1), (7, 2), (8, -1), (9, -1), (10, 1), (11, 1))
# the stacked model's rules' tags (`_rule_columns`): its own, the previous token's, the next one's
RULE_COLUMNS = ((0, 0), (1, -1), (2, 1))


def featurize(sent, lexicon: Lexicon | None = None, rule_tags: list[str] | None = None) -> list[list[str]]:
    """Feature lists, one per token.

    With `rule_tags` (BIO of the rules' spans) the features are those of the
    stacked model: the rules already read the lexicons, so only the place
    lexicons are marked, which keeps the stacked model within the time budget.
    A CRF scores a token by the set of its features; the order in a list is
    that of `COLUMNS`, `RULE_COLUMNS`, `PLACES`, `word_pairs`, "caps_line" and
    then `sparse_features`, which `crf_decoder` follows. The columns every
    token has are built for the whole sentence at once.
    """
    n = sent.n
    if not n:
        return []
    cols = [_token_columns(w) for w in sent.words]
    padded = [_PAD, _PAD, *cols, _PAD, _PAD]
    # each token: its own columns, the words two and one before and after it, and the coarse cluster and
    # shape of the tokens beside it (none before the first token, none after the last); for the stacked
    # model also the rules' tag at the token and beside it
    if rule_tags is None:
        feats = [[c[0], c[1], c[2], c[3], m2[4], m1[5], p1[6], p2[7], m1[8], m1[9], p1[10], p1[11]]
                 for c, m2, m1, p1, p2 in zip(cols, padded, padded[1:], padded[3:], padded[4:])]
    else:
        rules = [_RULE_PAD, *(_rule_columns(t) for t in rule_tags), _RULE_PAD]
        feats = [[c[0], c[1], c[2], c[3], m2[4], m1[5], p1[6], p2[7], m1[8], m1[9], p1[10], p1[11], r[0], rm[1],
                  rp[2]]
                 for c, m2, m1, p1, p2, rm, r, rp in zip(cols, padded, padded[1:], padded[3:], padded[4:],
                                                         rules, rules[1:], rules[2:])]
    del feats[-1][10:12]   # nothing after the last token
    del feats[0][8:10]     # nothing before the first
    caps = ["caps_line"] if is_caps_line(sent.words) else []
    for f, place, pair in zip(feats, word_places(sent), ["", *word_pairs(sent)]):
        f += PLACES[place]
        if pair:
            f.append(pair)
        f += caps
    for k, feature in sparse_features(sent, lexicon, rule_tags is not None):
        feats[k].append(feature)
    return feats


def word_pairs(sent) -> list[str]:
    """The word pair ending at each token after the first: where a name starts and stops is often
    written in two words ("Phó Ban", "bệnh tật", "Chánh TTGT") that neither word says alone."""
    lows = sent.lows
    return [PAIR + a + "|" + b for a, b in zip(lows, lows[1:])]


def word_places(sent) -> list[int]:
    """Where each token sits, as an index into `PLACES`: whether it opens an underthesea word, whether it
    is glued to the token before it (no space between), and the sentence's first token."""
    word_ids, spans = sent.word_ids, sent.spans
    if not sent.n:
        return []
    return [_FIRST] + [(w0 != w1) | ((s0[1] == s1[0]) << 1)
                       for w0, w1, s0, s1 in zip(word_ids, word_ids[1:], spans, spans[1:])]


def sparse_features(sent, lexicon: Lexicon | None = None, stacked: bool = False) -> list[tuple[int, str]]:
    """The features after the columns, `word_places`, `word_pairs` and "caps_line" (a line in capitals,
    a headline or a report header, says nothing by its case: the model is told so), as (token, feature)
    pairs, by token and for each token in `featurize`'s order: the lexicon and gazetteer marks at and
    beside it, and whether an earlier component holds it. Most tokens have none."""
    n = sent.n
    if not n:
        return []
    marks = _marks_at(sent, lexicon or default_lexicon(), STACKED_KINDS if stacked else LEX_KINDS)
    found: list[tuple[int, str]] = []
    add = found.append
    for i, ms in sorted(marks.items()):
        found += [(i, "lex=" + m) for m in ms]
        begins = [m for m in ms if m.startswith("B-")]
        if begins:
            if i + 1 < n:
                found += [(i + 1, "lex[-1]=" + m) for m in begins]
            if i:
                found += [(i - 1, "lex[1]=" + m) for m in begins]
    for start, end, kind in default_gazetteer().lookup(sent.words, sent.lows):
        for i in range(start, end):
            g = ("B-" if i == start else "I-") + kind
            add((i, "gz=" + g))
            if i + 1 < n:
                add((i + 1, "gz[-1]=" + g))
            if i:
                add((i - 1, "gz[1]=" + g))
    if True in sent.blocked:
        found += [(i, "blocked") for i, b in enumerate(sent.blocked) if b]
    found.sort(key=itemgetter(0))   # stable: each token's features stay in the order they were found
    return found


@lru_cache(maxsize=64)
def _rule_columns(tag: str) -> tuple[str, str, str]:
    """A rules' tag as the token's own feature, as seen from the next token and from the previous one."""
    return "rule=" + tag, "rule[-1]=" + tag, "rule[+1]=" + tag


_RULE_PAD = ("", "rule[-1]=<pad>", "rule[+1]=<pad>")
# what `word_places` says of a token: (opens a word) | (glued to the token before) << 1, or the first token
PLACES = ((), ("word_start",), ("glued",), ("word_start", "glued"), ("sent_start", "word_start"))
_FIRST = 4


def rule_bio(sent: Sentence, rule_spans: list[Span] | None) -> list[str]:
    """The rules' proposals as the stacked model's BIO tag features."""
    return bio_labels(sent, [(sp.start, sp.end, sp.label) for sp in rule_spans or []])
