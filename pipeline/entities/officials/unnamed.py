"""A learned decision on offices written with no holder: which give a record with `person: null`.

ANNOTATION.md files an office named without its holder ("Thủ tướng", "Tổng cục trưởng Tổng cục Hải
quan") as a record with no person when it points at one holder, unless the document names that
holder. The linker (`offices._unnamed`) decides by hand-written tests: a capitalised title, not a
deputy or a member, with its org, or a title only one person holds. On the hand entities of the ten
officials sets those tests reach F1 .64 on the unnamed pairs alone (the named ones .94): they miss
lower-case offices with their org ("vợ chủ tịch CLB Liverpool", "người phát ngôn của Tổng thống
Nga") and file offices that are generic or whose holder the linker did not link.

Here every office a TITLE opens (ranks excepted) is a mention, read with the linker's own decision
as one feature among others: the title and its first word, its kind, case, org and the org's label,
its country or place, whether it is plural or former, the words around it, the entity right before
and right after it, how often the document writes it, whether the sentence names a person and
whether the linker gave the title a named holder. A logistic regression trained on the officials sets (`vnmonitor
train-officials`, leaving one set out to choose C and the threshold) scores each mention; a title
is filed unnamed when one of its mentions scores at or above the threshold. The named records are
left as they are, and an unnamed record still yields to a named holder of the same office
(`records._dedupe`).

The model is `models/officials/unnamed.json`, a plain JSON file of feature weights read by
`scorer.PairScorer` (the same logistic regression, other features).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass

from ...resources import models_dir
from ..types import Entity, Official
from .offices import Office, office_record
from .patterns import not_held
from .records import _dedupe, _key

_TOKEN = re.compile(r"\w+|[^\w\s]")
_READ = ("TITLE", "PERSON", "ORG", "LOC")   # the entities the linker reads


def default_model_file():
    return models_dir() / "officials" / "unnamed.json"


@dataclass
class Mention:
    key: str                     # the title as records compare it
    office: Office
    features: dict[str, float]


def mentions(text: str, ents: list[Entity], sentences, records: list[Official], linker) -> list[Mention]:
    """Every office a TITLE of `ents` opens (not a rank), with its features; `records` are the linker's
    (and the pair scorer's) records for the same entities."""
    read = sorted((e for e in ents if e.label in _READ), key=lambda e: (e.start, e.end))
    named_titles = {_key(r.title) for r in records if r.person}
    unnamed_titles = {_key(r.title) for r in records if r.person is None}
    keys = {e.text: _key(e.text) for e in read if e.label == "TITLE"}
    counts = Counter(keys[e.text] for e in read if e.label == "TITLE")
    kinds = {t: linker.title_kind(t) for t in keys}
    first_line = text.find("\n") if "\n" in text else len(text)
    spans = sorted(sentences or [(0, len(text))])
    span_starts = [a for a, _ in spans]
    persons = [e.start for e in read if e.label == "PERSON"]
    out = []
    for i, e in enumerate(read):
        if e.label != "TITLE" or kinds[e.text] == "rank" or not_held(text, e):
            continue   # a rank, or an office sought or naming a board: no holder here (the linker's reading)
        kind, key = kinds[e.text], keys[e.text]
        office, j = linker._office(text, read, i)
        before = [t.lower() for t in _TOKEN.findall(text, max(0, e.start - 30), e.start)]
        after = [t.lower() for t in _TOKEN.findall(text, office.end, min(len(text), office.end + 30))]
        k = bisect_right(span_starts, e.start) - 1
        sent = spans[k] if k >= 0 and e.start < spans[k][1] else (0, len(text))
        p = bisect_left(persons, sent[0])
        f = {
            "bias": 1.0,
            f"head={key.split()[0]}": 1.0,
            f"title={key}": 1.0,
            f"kind={kind}": 1.0,
            f"before={before[-1] if before else '<s>'}": 1.0,
            f"before2={' '.join(before[-2:])}": 1.0,
            f"after={after[0] if after else '</s>'}": 1.0,
            f"mentions={min(counts[key], 3)}": 1.0,
        }
        flags = {"lower": e.text[:1].islower(), "has_org": office.org is not None, "plural": office.plural,
                 "has_place": office.place is not None, "former": office.former,
                 "linker_unnamed": key in unnamed_titles, "title_named": key in named_titles,
                 "first_line": e.start < first_line,
                 "sentence_names_a_person": p < len(persons) and persons[p] < sent[1]}
        f.update({name: 1.0 for name, on in flags.items() if on})
        if office.org is not None:
            f[f"org_label={office.org.label}"] = 1.0
        if j < len(read) and len(_TOKEN.findall(text, office.end, read[j].start)) <= 2:
            f[f"next={read[j].label}"] = 1.0
        if i and len(_TOKEN.findall(text, read[i - 1].end, e.start)) <= 2:
            f[f"previous={read[i - 1].label}"] = 1.0
        out.append(Mention(key, office, f))
    return out


def refile(text: str, ents: list[Entity], sentences, records: list[Official], linker, scorer) -> list[Official]:
    """`records` with their unnamed ones decided by `scorer` (`decide`)."""
    return decide(records, mentions(text, ents, sentences, records, linker), scorer, linker.lex.fused_titles)


def decide(records: list[Official], found: list[Mention], scorer, fused_titles=frozenset()) -> list[Official]:
    """A title is filed unnamed (from its best scored mention) when one of its mentions `found` scores at
    or above the threshold, and no longer otherwise; then an unnamed record yields to a named holder of
    the same office as in the linker (`records._dedupe`)."""
    best: dict[str, tuple[float, Mention]] = {}
    for m in found:
        s = scorer.score(m.features)
        if s >= scorer.threshold and (m.key not in best or s > best[m.key][0]):
            best[m.key] = (s, m)
    kept = [r for r in records if r.person is not None or _key(r.title) in best]
    have = {_key(r.title) for r in kept if r.person is None}
    added = [office_record(m.office, scored=True) for key, (_, m) in best.items() if key not in have]
    if not added and len(kept) == len(records):
        return records
    return sorted(_dedupe(kept + added, fused_titles), key=lambda r: (r.start, r.end))

