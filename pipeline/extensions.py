"""Where a Doc keeps what the pipeline found: spaCy's own places first.

- entities: `doc.ents`, each span with `span._.value` (ISO date, amount,
  percentage) and `span._.canonical` (agencies and places);
- passages: `doc.spans["passages"]`, each span with `span._.themes`
  ([{id, score, cue?}]) and, with ``explain = true``, `span._.explain`;
- document themes: `doc.cats` ({theme id: score}, the themes the document
  takes, best first);
- officials: `doc._.officials`, plain dicts (person, title, org, start, end, former);
- sentences and paragraphs: `doc._.sentence_spans`, `doc._.paragraphs`
  (input offsets; sentence starts are also set on the tokens);
- administrative documents: `doc._.admin` (plain dict, None for news);
- input metadata: `doc._.meta`.

Everything stored is plain data (str, numbers, lists, dicts), so
`DocBin(store_user_data=True)`, `doc.to_bytes()` and `nlp.pipe(n_process=2)`
carry it. Derived views are computed on demand and never stored: the
normalised text (`doc._.norm_text`, cached per Doc object), the entity list
(`doc._.entities`), the passage dicts (`doc._.passages`) and the document
themes as a list (`doc._.themes`).

Where an entity boundary falls inside a token (a byline glued to its agency,
"Hoàng Hải-TTXVN"), the token is split with the retokenizer, so token texts
still cover the input exactly. The input offsets of the pieces split off a
word are kept in `doc._.subword_starts`: the entity rules and the NER model
read words as underthesea cut them, before any split.
"""
from __future__ import annotations

import weakref

from spacy.tokens import Doc, Span

PASSAGES = "passages"

_DOC_ATTRS = {
    "paragraphs": None,      # list[(start, end)] input spans of non-empty lines
    "sentence_spans": None,  # list[(start, end)] input spans of sentences
    "sentence_themes": None,  # list[list[{id, score}]] per sentence_spans entry (themes component)
    "subword_starts": None,  # list[int] input offsets of tokens split off a word for an entity boundary
    "officials": None,       # list[dict(person, title, org, start, end, former)]
    "admin": None,           # administrative document: AdminDocument.to_dict() as plain data, None for news
    "meta": None,            # input metadata (id, title, date, source, url, ...), plain values
}
_SPAN_ATTRS = {
    "value": None,       # entities: normalised value (DATE, MONEY, PERCENT)
    "canonical": None,   # entities: canonical name (ORG, LOC)
    "themes": None,      # passages: [{id, score, cue?}]
    "explain": None,     # passages: [{theme, terms}] with explain = true
}

# doc -> NormText: derived from the text, so never serialised; rebuilt after a round trip
_NORM_CACHE: "weakref.WeakKeyDictionary[Doc, object]" = weakref.WeakKeyDictionary()


def _norm_text(doc: Doc):
    nt = _NORM_CACHE.get(doc)
    if nt is None:
        from .text import normalize_document

        nt = _NORM_CACHE[doc] = normalize_document(doc.text)
    return nt


def set_norm_text(doc: Doc, nt) -> None:
    """Remember the normalised view the tokenizer computed anyway."""
    _NORM_CACHE[doc] = nt


def ensure_extensions() -> None:
    """Register the custom attributes (idempotent; every factory calls it)."""
    for name, default in _DOC_ATTRS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in _SPAN_ATTRS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    getters = {"norm_text": _norm_text, "entities": get_entities, "passages": get_passages,
               "themes": get_doc_themes}
    for name, getter in getters.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, getter=getter)


def doc_text(doc: Doc) -> str:
    """The input text of `doc`. Equal to `doc.text`, which spaCy rebuilds from
    the tokens on every access (milliseconds on a long article)."""
    return doc._.norm_text.source


def plain(value):
    """`value` as data msgpack and JSON can carry: dates and other objects become str."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return str(value)


# ---------------------------------------------------------------- boundaries
def ensure_boundaries(doc: Doc, offsets) -> None:
    """Split the tokens that have one of the input `offsets` strictly inside them.

    The pieces keep the token's text between them (and its trailing space on
    the last), so `doc.text` is unchanged; their starts go to
    `doc._.subword_starts`."""
    from bisect import bisect_right

    from spacy.attrs import IDX

    text = doc_text(doc)
    starts = None
    cuts: dict[int, set[int]] = {}
    for off in offsets:
        if off <= 0 or off >= len(text):
            continue
        if starts is None:
            starts = doc.to_array([IDX]).tolist() if len(doc) else []
        i = bisect_right(starts, off) - 1
        if i < 0 or starts[i] == off:
            continue
        tok = doc[i]
        if off < tok.idx + len(tok.text):
            cuts.setdefault(i, set()).add(off)
    if not cuts:
        return
    new_starts = []
    with doc.retokenize() as retokenizer:
        for i, inside in cuts.items():
            tok = doc[i]
            bounds = [tok.idx, *sorted(inside), tok.idx + len(tok.text)]
            orths = [text[a:b] for a, b in zip(bounds, bounds[1:])]
            retokenizer.split(tok, orths, heads=[(tok, k) for k in range(len(orths))])
            new_starts.extend(bounds[1:-1])
    doc._.subword_starts = sorted({*(doc._.subword_starts or ()), *new_starts})


def _span(doc: Doc, start: int, end: int, label: str = "") -> Span:
    span = doc.char_span(start, end, label=label)
    if span is None:
        ensure_boundaries(doc, (start, end))
        span = doc.char_span(start, end, label=label)
    if span is None:
        raise ValueError(f"no token boundaries at {start}-{end}")
    return span


def _drop_span_data(doc: Doc, names: tuple[str, ...], keep: set[tuple[int, int]]) -> None:
    """Forget span extension values of spans that are gone."""
    for key in [k for k in doc.user_data if isinstance(k, tuple) and len(k) == 4 and k[0] == "._."
                and k[1] in names and k[2] is not None and (k[2], k[3]) not in keep]:
        del doc.user_data[key]


# ---------------------------------------------------------------- entities
def get_entities(doc: Doc) -> list:
    """`doc.ents` as `Entity` objects (the components' working type), sorted by start."""
    from .entities.types import Entity

    text = doc_text(doc)
    # `span._.value` is `doc.user_data[("._.", "value", start, end)]` (or the
    # default): read directly, as building an `Underscore` per attribute and
    # entity cost more than the rest of this function
    data = doc.user_data
    value_default, canonical_default = _SPAN_ATTRS["value"], _SPAN_ATTRS["canonical"]
    out = []
    for e in doc.ents:
        s, t = e.start_char, e.end_char
        out.append(Entity(e.label_, s, t, text[s:t], data.get(("._.", "value", s, t), value_default),
                          data.get(("._.", "canonical", s, t), canonical_default)))
    return out


def set_entities(doc: Doc, entities) -> None:
    """Write non-overlapping `Entity` objects to `doc.ents`, with their values and canonical names."""
    entities = sorted(entities, key=lambda e: (e.start, e.end))
    bounds = [(e.start, e.end) for e in entities]
    labels = [e.label for e in entities]
    spans = _spans_at(doc, bounds, labels)
    # straight to the keys `span._` reads and writes (see set_passages)
    data = doc.user_data
    for e in entities:
        data[("._.", "value", e.start, e.end)] = plain(e.value)
        data[("._.", "canonical", e.start, e.end)] = e.canonical
    _drop_span_data(doc, ("value", "canonical"), set(bounds))
    doc.ents = spans


# ---------------------------------------------------------------- passages and themes
def get_passages(doc: Doc) -> list[dict] | None:
    """`doc.spans["passages"]` as dicts {start, end, themes, explain?}; None before any passage split."""
    if PASSAGES not in doc.spans:
        return None
    out = []
    for span in doc.spans[PASSAGES]:
        p = {"start": span.start_char, "end": span.end_char, "themes": list(span._.themes or [])}
        if span._.explain:
            p["explain"] = span._.explain
        out.append(p)
    return out


def _spans_at(doc: Doc, bounds, labels: list[str]) -> list[Span]:
    """Spans for (start, end) character offsets, one label each: from token indices when every
    offset falls on a token boundary, else after splitting the tokens that hold one."""
    spans = _aligned_spans(doc, bounds, labels)
    if spans is None:
        ensure_boundaries(doc, [o for b in bounds for o in b])
        # aligned now, unless an offset falls between tokens: `_span` then says which
        spans = _aligned_spans(doc, bounds, labels) or [_span(doc, s, e, label)
                                                        for (s, e), label in zip(bounds, labels)]
    return spans


def _aligned_spans(doc: Doc, bounds, labels: list[str]) -> list[Span] | None:
    """Spans for (start, end) character offsets that all fall on token boundaries, built from
    token indices (one search for all offsets instead of a `char_span` each); None if one does not."""
    import numpy as np
    from spacy.attrs import IDX, LENGTH

    if not bounds:
        return []
    if not len(doc):
        return None
    arr = doc.to_array([IDX, LENGTH])
    starts, ends = arr[:, 0], arr[:, 0] + arr[:, 1]
    b = np.asarray(bounds)
    i = np.minimum(np.searchsorted(starts, b[:, 0]), len(starts) - 1)
    j = np.minimum(np.searchsorted(ends, b[:, 1]), len(ends) - 1)
    if not ((starts[i] == b[:, 0]).all() and (ends[j] == b[:, 1]).all() and (j >= i).all()):
        return None
    return [Span(doc, a, z + 1, label=label) for a, z, label in zip(i.tolist(), j.tolist(), labels)]


def set_passages(doc: Doc, passages: list[dict]) -> None:
    """Write passage dicts to `doc.spans["passages"]`, their themes (and explanations) on the spans.

    The values go straight to `doc.user_data` under the keys `span._` reads
    (``("._.", name, start_char, end_char)``, as `_drop_span_data` expects too):
    an `Underscore` object per span costs more than the rest of this function."""
    bounds = [(p["start"], p["end"]) for p in passages]
    spans = _spans_at(doc, bounds, ["PASSAGE"] * len(bounds))
    data = doc.user_data
    explained = set()
    for (s, e), p in zip(bounds, passages):
        data[("._.", "themes", s, e)] = [{**t, "score": float(t["score"])} for t in p.get("themes", [])]
        if p.get("explain"):
            data[("._.", "explain", s, e)] = plain(p["explain"])
            explained.add((s, e))
    kept = set(bounds)
    for key in [k for k in data if isinstance(k, tuple) and len(k) == 4 and k[0] == "._." and k[2] is not None
                and ((k[1] == "themes" and (k[2], k[3]) not in kept)
                     or (k[1] == "explain" and (k[2], k[3]) not in explained))]:
        del data[key]   # values of spans that are gone (`_drop_span_data`, both names in one pass)
    doc.spans[PASSAGES] = spans


def get_doc_themes(doc: Doc) -> list[dict] | None:
    """`doc.cats` as [{id, score}], best first (None when the themes component did not run)."""
    if not doc.cats:
        return None
    return [{"id": k, "score": v} for k, v in doc.cats.items()]


def set_doc_themes(doc: Doc, themes: list[dict]) -> None:
    """The document's themes into `doc.cats`, in the order given (best first)."""
    doc.cats = {t["id"]: float(t["score"]) for t in themes}
