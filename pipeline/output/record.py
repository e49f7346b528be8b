"""The output contract: one JSON-ready dict per document, built in one place.

The schema is `pipeline/schema/record.schema.json`; offsets are Python str
indices into the input text exactly as given (end exclusive).
"""
from __future__ import annotations

import hashlib

from ..extensions import doc_text
from ..io.meta_dates import normalize_date  # noqa: F401  (part of the record's API)
from ..io.readers import TEXT_ENCODING, TEXT_FROM

META_KEYS = ("id", "title", "date", "source", "url")


def stable_id(text: str) -> str:
    """An id derived from the text alone, the same on every run and machine."""
    return "doc-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _str_or_none(value):
    if value is None:
        return None
    value = str(value)
    return value if value.strip() else None


_ID_META = ("source", "date", "url", "title")


def document_id(given, text: str, meta: dict | None = None) -> str:
    """A document's id: the one given, unless it is missing or blank, else one from the text and, when
    the record has any, its source, date, url and title: copies of one article in two papers or on
    two days are two documents (stories count them as copies), while a record read twice is one."""
    given = _str_or_none(given)
    if given:
        return given
    meta = dict(meta or {})
    if meta.get("date_inferred"):
        meta.pop("date", None)   # a date read from the lead is the pipeline's, not the record's
    described = [_str_or_none(meta.get(k)) or "" for k in _ID_META]
    if not any(described):
        return stable_id(text)
    return stable_id("\x1f".join([text, *described]))


def _sentences(doc) -> list[dict]:
    """Sentence spans, each with its themes when the themes component decided them per sentence."""
    spans = doc._.sentence_spans or []
    themes = doc._.sentence_themes
    if themes is None or len(themes) != len(spans):
        return [{"start": s, "end": e} for s, e in spans]
    return [{"start": s, "end": e, "themes": [{"id": t["id"], "score": round(float(t["score"]), 4)} for t in ts]}
            for (s, e), ts in zip(spans, themes)]


def build_record(doc, meta: dict | None = None) -> dict:
    """The output record of an analysed Doc: metadata, then what the components left in
    `doc.ents`, `doc._.officials`, `doc.spans["passages"]` and `doc.cats` (see `pipeline.extensions`)."""
    meta = dict(meta or doc._.meta or {})
    text = doc_text(doc)
    rec = {
        "id": document_id(meta.get("id"), text, meta),
        "title": _str_or_none(meta.get("title")),
        "date": normalize_date(meta.get("date")),
        "source": _str_or_none(meta.get("source")),
        "url": _str_or_none(meta.get("url")),
        "sentences": _sentences(doc),
        "entities": [e.to_dict() for e in doc._.entities],
        "officials": [dict(o) for o in (doc._.officials or [])],
        "passages": [
            {"start": p["start"], "end": p["end"],
             "themes": [{"id": t["id"], "score": round(float(t["score"]), 4), **({"cue": True} if t.get("cue") else {})}
                        for t in p.get("themes", [])],
             **({"explain": p["explain"]} if p.get("explain") else {})}
            for p in (doc._.passages or [])
        ],
        "themes": [{"id": t["id"], "score": round(float(t["score"]), 4)} for t in (doc._.themes or [])],
    }
    if meta.get("date_inferred") is not None:
        rec["date_inferred"] = bool(meta["date_inferred"])
    if meta.get(TEXT_ENCODING):
        rec["encoding"] = str(meta[TEXT_ENCODING])
    if meta.get(TEXT_FROM):
        rec["text_from"] = str(meta[TEXT_FROM])
    if meta.get(TEXT_ENCODING) or meta.get(TEXT_FROM):
        # a file not in Unicode, a Word or PDF file: its offsets index the text it was read as,
        # which the user does not have, so the record carries it
        rec["text"] = text
    add_document(rec, doc)
    return rec


def add_document(rec: dict, doc) -> None:
    """Issue 14: the administrative document's `document` object (null for news).
    Its date line dates the record when the input gave no date; that date is
    printed on the document, so it is not marked inferred (and it wins over a
    date inferred from the lead)."""
    from ..admin.component import document_object

    document = document_object(getattr(doc._, "admin", None))
    rec["document"] = document
    if document and document["date"] and (rec["date"] is None or rec.get("date_inferred")):
        rec["date"] = document["date"]
        rec.pop("date_inferred", None)
