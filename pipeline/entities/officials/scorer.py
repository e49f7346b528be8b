"""A learned second reading after the officials linker: the pairs it missed, scored.

The linker (`linker.py`) links offices to holders by hand-written patterns. They cover the
common shapes and miss the long tail ("Giám đốc sự kiện này - ông X -", "X, con gái kiêm trợ lý
đặc biệt của ..."). The scorer reads every TITLE and PERSON of one sentence that the linker did not
link as a candidate pair, with what separates them as a compact pattern (entities by label,
punctuation and a few function words kept, other words as w), their order and distance, what lies
between, and whether the linker gave the person or the title another partner. A logistic regression
trained on the hand-listed officials sets (`vnmonitor train-officials`) decides: a pair scored at or
above its threshold is added, its org as the linker reads the office. The linker's own records are
kept as they are (when the scorer also read them, leaving one set out, no threshold that dropped
some of them helped).

The model is a plain JSON file of feature weights (`models/officials/pairs.json`): nothing is
unpickled, and scoring needs no scikit-learn.
"""
from __future__ import annotations

import json
import math
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ...resources import models_dir
from ..lexicon import default_lexicon
from ..types import Entity, Official
from .patterns import introduced, not_held
from .records import _clean_name, _dedupe, _key, _resolve

FORMAT = 1
MAX_GAP_TOKENS = 25            # pairs further apart are not candidates
PATTERN_TOKENS = 8             # the gap pattern feature reads this many pattern items
_TOKEN = re.compile(r"\w+|[^\w\s]")
_KEPT_PUNCT = frozenset(",;:-–()“”\"'/")
_LABELS = ("TITLE", "PERSON", "ORG", "LOC")   # the entities the linker reads


def default_model_file() -> Path:
    return models_dir() / "officials" / "pairs.json"


@dataclass
class Candidate:
    title: Entity
    person: Entity
    name: str                    # the person's name as a record value (resolved to the full name)
    key: tuple[str, str]         # (person, title) as the scorer compares records
    features: dict[str, float]


def gap_pattern(text: str, a: int, b: int, ents: list[Entity], gap_words: frozenset[str],
                limit: int | None = None) -> tuple[list[str], list[str]] | None:
    """text[a:b] as items: entities by label ("[ORG]"), kept punctuation and gap words as written
    (lower-cased), other words as w (W when capitalised, 0 for digits); and the same with runs of w
    or W collapsed ("w+"). None as soon as there are more than `limit` items (a long gap is read no
    further: a table on one line makes every pair of its sentence a gap of thousands of words)."""
    items: list[str] = []
    pos = a
    for e in [e for e in ents if a <= e.start and e.end <= b] + [None]:
        for m in _TOKEN.finditer(text, pos, e.start if e else b):
            tok = m.group()
            low = tok.lower()
            if low in gap_words or tok in _KEPT_PUNCT:
                items.append(low)
            elif tok[:1].isdigit():
                items.append("0")
            else:
                items.append("W" if tok[:1].isupper() else "w")
            if limit is not None and len(items) > limit:
                return None
        if e is not None:
            items.append(f"[{e.label}]")
            pos = e.end
            if limit is not None and len(items) > limit:
                return None
    compact: list[str] = []
    for item in items:
        if item in ("w", "W") and compact and compact[-1] in (item, item + "+"):
            compact[-1] = item + "+"
        else:
            compact.append(item)
    return items, compact


# between an office and a name after it, a word that brings in someone else: "cùng (với)", "với" (not
# "với tư cách", in the capacity of)
_ANOTHER = re.compile(r"(?<!\w)(?:cùng|với(?!\s+tư cách))(?!\w)", re.IGNORECASE)
# "... tặng Bằng khen cho X", "... trao quà cho X": the one given to, not the office's holder; but an
# appointment gives the office itself to X ("bổ nhiệm chức vụ Vụ trưởng ... cho bà X")
_GIVEN_TO = re.compile(r"(?<!\w)cho(?!\s+(?:biết|rằng|hay|thấy))(?!\w)", re.IGNORECASE)
_APPOINTED = re.compile(r"(?<!\w)(?:chức vụ|chức danh|bổ nhiệm|giữ chức)(?!\w)", re.IGNORECASE)
# but the person an office is taken from, or handed over from, held it: "miễn nhiệm chức danh Thành viên
# HĐQT Sabeco (nhiệm kỳ ...) đối với ông X" (the office named as a post), "được bầu làm Chủ tịch Y thay
# (thế cho) ông X"; the scorer decides, these gaps are only no longer ruled out
_POST = re.compile(r"(?<!\w)(?:chức vụ|chức danh)\s+$", re.IGNORECASE)
_TAKEN_FROM = re.compile(r"(?<!\w)(?:đối\s+)?với\s+(?:ông|bà)\s*$", re.IGNORECASE)
_HANDED_FROM = re.compile(r"(?<!\w)thay(?:\s+thế)?(?:\s+cho)?\s+(?:(?:ông|bà|TS\.|ThS\.|PGS\.|GS\.)\s*)*$",
                          re.IGNORECASE)


# "Giám đốc Sở Nội vụ và ông X": X is another item joined to the office's holder, not the holder; with a
# person before him ("hai Phó Chủ tịch là ông Y và ông X") the office may go to both, which the scorer reads
_JOINED_NEXT = re.compile(r"(?<!\w)và\s+(?:(?:ông|bà|anh|chị|đồng chí|đ/c)\s+)?$", re.IGNORECASE)


def _held_before(text: str, title: Entity, a: int, b: int) -> bool:
    """Is the person after the gap text[a:b] the one the office at `title` was taken from or passed on by?"""
    return bool(_HANDED_FROM.search(text, a, b) or (
        _TAKEN_FROM.search(text, a, b) and _POST.search(text, max(0, title.start - 20), title.start)))


def acts_on_pattern(lexicon) -> re.Pattern:
    """A verb by which an office acts on the person after it (`acts_on_a_person.tsv`): "Bộ trưởng Bộ X điều
    động và bổ nhiệm ông Y" appoints Y, who does not hold the office. Not after "được", "bị" (the office is
    the one given) or "trực" ("trực tiếp"). Compiled once per lexicon."""
    cache = lexicon.__dict__
    if "_acts_on" not in cache:
        verbs = []
        for verb, not_before in sorted(lexicon.acts_on_a_person, key=lambda v: -len(v[0])):
            after = f"(?! (?:{'|'.join(map(re.escape, not_before))}))" if not_before else ""
            verbs.append(re.escape(verb).replace("\\ ", " ") + after)
        cache["_acts_on"] = re.compile(rf"(?<!\w)(?<!được )(?<!bị )(?<!trực )(?:{'|'.join(verbs)})(?!\w)", re.IGNORECASE)
    return cache["_acts_on"]


def candidates(text: str, ents: list[Entity], sentences, linked: set[tuple[str, str]], title_kind,
               gap_words: frozenset[str], acts_on: re.Pattern | None = None) -> list[Candidate]:
    """Every (TITLE, PERSON) pair of each sentence at most MAX_GAP_TOKENS apart that the linker did not
    link, with its features; `linked` holds the (person, title) keys of the linker's records,
    `title_kind` the linker's reading of a title ("office", "rank", ...), `acts_on` the verbs of an office acting
    on a person (`acts_on_pattern`; the default lexicon's when None)."""
    acts_on = acts_on or acts_on_pattern(default_lexicon())
    out = []
    persons_full = [e.text for e in ents if e.label == "PERSON" and len(e.text.split()) >= 2]
    linked_persons = {k[0] for k in linked}
    linked_titles = {k[1] for k in linked}
    kinds: dict[str, str | None] = {}
    names: dict[str, str] = {}
    keys: dict[str, str] = {}
    for sent in _by_sentence(ents, sentences or [(0, len(text))]):
        title_at = [k for k, e in enumerate(sent) if e.label == "TITLE"]
        person_at = [k for k, e in enumerate(sent) if e.label == "PERSON"]
        if not title_at or not person_at:
            continue
        starts = [e.start for e in sent]
        for t_k in title_at:
            t = sent[t_k]
            if not_held(text, t):
                continue   # the linker's reading: a title sought or naming a board has no holder here
            nearest_person = sent[_nearest(sent, person_at, t_k)]
            if t.text not in kinds:
                kinds[t.text] = title_kind(t.text)
            if t.text not in keys:
                keys[t.text] = _key(t.text)
            # a pair with more than MAX_GAP_TOKENS entities between is no candidate (each is an item of
            # the gap): only the persons that near in the sentence's order are read
            window = person_at[bisect_left(person_at, t_k - MAX_GAP_TOKENS - 1):
                               bisect_left(person_at, t_k + MAX_GAP_TOKENS + 2)]
            for p_k in window:
                p = sent[p_k]
                if p.text not in names:
                    names[p.text] = _clean_name(_resolve(p.text, persons_full))
                    keys[names[p.text]] = _key(names[p.text])
                name = names[p.text]
                key = (keys[name], keys[t.text])
                if key in linked:
                    continue
                a, b, order = (t.end, p.start, "TP") if t.end <= p.start else (p.end, t.start, "PT")
                # the entities between them (the sentence's are sorted by start): each is one item of
                # the gap, so more than MAX_GAP_TOKENS of them rule the pair out before any reading
                lo, hi = bisect_left(starts, a), bisect_left(starts, b)
                if hi - lo > MAX_GAP_TOKENS:
                    continue
                inside = [e for e in sent[lo:hi] if e.end <= b]
                gap = gap_pattern(text, a, b, inside, gap_words, limit=MAX_GAP_TOKENS)
                if gap is None:
                    continue
                items, compact = gap
                if order == "TP" and (_ANOTHER.search(text, a, b) or acts_on.search(text, a, b) or (
                        _GIVEN_TO.search(text, a, b) and not _APPOINTED.search(text, max(0, t.start - 30), b))) \
                        and not _held_before(text, t, a, b):
                    continue   # "Phó Giám đốc Trung tâm cùng với thầy giáo X", "... làm việc với ông X": another person
                if order == "TP" and _JOINED_NEXT.search(text, a, b) and not any(e.label == "PERSON" for e in inside):
                    continue   # "Giám đốc Sở Nội vụ và ông Vương Đình Quý": the next item, not the holder
                if order == "TP" and "," in text[a:b] and introduced(text, t):
                    continue   # "Báo cáo với Bí thư Thành ủy, Phó Giám đốc Sở X Nguyễn Văn A": the linker's reading
                between = Counter(e.label for e in inside)
                f = {
                    "bias": 1.0,
                    f"order={order}": 1.0,
                    f"gap_length={min(len(items), 12)}": 1.0,
                    f"pattern={order} {' '.join(compact[:PATTERN_TOKENS])}": 1.0,
                    f"pattern_first={order} {compact[0] if compact else '<none>'}": 1.0,
                    f"pattern_last={order} {compact[-1] if compact else '<none>'}": 1.0,
                    f"persons_between={min(between['PERSON'], 2)}": 1.0,
                    f"titles_between={min(between['TITLE'], 2)}": 1.0,
                    f"orgs_between={min(between['ORG'], 2)}": 1.0,
                    f"title_kind={kinds[t.text]}": 1.0,
                    f"name_words={min(len(p.text.split()), 4)}": 1.0,
                }
                if key[0] in linked_persons:
                    f["person_linked_elsewhere"] = 1.0
                if key[1] in linked_titles:
                    f["title_linked_elsewhere"] = 1.0
                if t.text[:1].islower():
                    f["title_lower"] = 1.0
                if sent[_nearest(sent, title_at, p_k)] is t:
                    f["nearest_title"] = 1.0
                if nearest_person is p:
                    f["nearest_person"] = 1.0
                for item in set(items):
                    f["gap_has=" + item] = 1.0
                out.append(Candidate(t, p, name, key, f))
    return out


def _nearest(sent: list[Entity], at: list[int], k: int) -> int:
    """Of the entities at the sentence positions `at` (ascending), the one nearest to sent[k]: the
    closest before or after it (entities do not overlap), the one before on a tie."""
    i = bisect_left(at, k)
    before = at[i - 1] if i > 0 else None
    after = at[i] if i < len(at) and at[i] != k else (at[i + 1] if i + 1 < len(at) else None)
    if before is None or after is None:
        return before if after is None else after
    return before if sent[k].start - sent[before].end <= sent[after].start - sent[k].end else after


def _by_sentence(ents: list[Entity], sentences) -> list[list[Entity]]:
    """The TITLE, PERSON, ORG and LOC entities inside each sentence (entities sorted by start)."""
    kept = sorted((e for e in ents if e.label in _LABELS), key=lambda e: e.start)
    out, i = [], 0
    for ss, se in sorted(sentences):
        while i < len(kept) and kept[i].start < ss:
            i += 1
        j = i
        while j < len(kept) and kept[j].start < se:
            j += 1
        out.append([e for e in kept[i:j] if e.end <= se])
        i = j
    return out


class PairScorer:
    """Logistic regression over candidate features: `fit` with scikit-learn, `score` with the weights alone."""

    def __init__(self, weights: dict[str, float] | None = None, intercept: float = 0.0, threshold: float = 0.5,
                 gap_words: frozenset[str] | set[str] = frozenset(), meta: dict | None = None):
        self.weights = dict(weights or {})
        self.intercept = float(intercept)
        self.threshold = float(threshold)
        self.gap_words = frozenset(gap_words)
        self.meta = dict(meta or {})

    def fit(self, features: list[dict[str, float]], labels: list[bool], C: float = 1.0) -> "PairScorer":
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        if len(set(labels)) < 2:
            raise ValueError("the officials scorer needs pairs the sets list and pairs they do not, to learn from")
        vec = DictVectorizer()
        X = vec.fit_transform(features)
        model = LogisticRegression(C=C, max_iter=5000).fit(X, labels)
        self.weights = {name: float(w) for name, w in zip(vec.get_feature_names_out(), model.coef_[0]) if w != 0.0}
        self.intercept = float(model.intercept_[0])
        return self

    def score(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(self.weights.get(name, 0.0) * v for name, v in features.items())
        return 1.0 / (1.0 + math.exp(-z)) if z > -60 else 0.0

    def to_dict(self) -> dict:
        return {"format": FORMAT, "intercept": self.intercept, "threshold": self.threshold,
                "gap_words": sorted(self.gap_words), "meta": self.meta,
                "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_dict(cls, data: dict) -> "PairScorer":
        if data.get("format") != FORMAT:
            raise ValueError(f"officials scorer format {data.get('format')!r}, expected {FORMAT}: retrain it with "
                             "`vnmonitor train-officials`")
        return cls(data["weights"], data["intercept"], data["threshold"], data["gap_words"], data.get("meta"))

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> "PairScorer":
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def rescore(text: str, ents: list[Entity], sentences, records: list[Official], linker,
            scorer: PairScorer) -> list[Official]:
    """The linker's `records` and the pairs it missed that the scorer scores at or above its threshold
    (one record per (person, title), from the best-scored pair)."""
    linked = {(_key(r.person), _key(r.title)) for r in records if r.person}
    best: dict[tuple[str, str], tuple[float, Candidate]] = {}
    for c in candidates(text, ents, sentences, linked, linker.title_kind, scorer.gap_words,
                        acts_on_pattern(linker.lex)):
        s = scorer.score(c.features)
        if s >= scorer.threshold and (c.key not in best or s > best[c.key][0]):
            best[c.key] = (s, c)
    if not best:
        return records
    read = [e for e in ents if e.label in _LABELS]
    position = {id(e): k for k, e in enumerate(read)}
    added = [_record(text, read, position.get(id(c.title), None), c, linker) for _, c in best.values()]
    # an unnamed record of an office yields to its named holder, as in the linker's own output
    return sorted(_dedupe(records + added, linker.lex.fused_titles), key=lambda r: (r.start, r.end))


def _record(text: str, read: list[Entity], at: int | None, c: Candidate, linker) -> Official:
    """A record for a pair the linker missed: the office as the linker reads it (its org, former) from the
    entities it reads (`read`, the title at `at`)."""
    office, _ = linker._office(text, read, read.index(c.title) if at is None else at)
    start, end = min(office.start, c.person.start), max(office.end, c.person.end)
    return Official(c.name, c.title.text, office.org.text if office.org else None, start, end, former=office.former,
                    extra={"org_canonical": office.org.canonical if office.org else None, "scored": True})
