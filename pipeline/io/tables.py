"""From output records to table rows: the layout every writer shares.

One record (the output contract, `pipeline/output/record.py`) plus its input text
becomes rows of six tables. Parquet, DuckDB and PostgreSQL all store exactly
these tables and columns, so a dashboard query works on any of them.

    documents        one row per document
    documents_themes one row per document x theme of its roll-up
    entities         one row per entity, with its value spread into columns
                     and the sentence that holds it
    officials        one row per (person, title, org)
    passages         one row per passage, with its themes
    passage_themes   one row per passage x theme (long form)
    sentence_themes  one row per sentence x theme: sentences are the unit of
                     theme decisions, passages are runs of them
    legal_refs       one row per LEGAL_REF entity (issue 14: the documents cited)
    signers          one row per signer of an administrative document
    themes           one row per theme of the taxonomy the run used: its id (the
                     code every theme column holds), Vietnamese label, English
                     label, description, former ids, and its place in the taxonomy

`documents` also carries an administrative document's doc_type, number,
issuer, issuer_parent, subject, place and signed_date (null for news), from the
record's `document`, and its warnings joined by "; " (`doc_warnings`: a scanned
PDF, a blank number).
"""
from __future__ import annotations

import bisect
import datetime as _dt
import json
from pathlib import Path

import pyarrow as pa

TABLES: dict[str, pa.Schema] = {
    "documents": pa.schema([
        ("doc_id", pa.string()),
        ("title", pa.string()),
        ("date", pa.date32()),
        ("date_inferred", pa.bool_()),
        ("source", pa.string()),
        ("url", pa.string()),
        ("text", pa.string()),
        ("n_chars", pa.int32()),
        ("n_sentences", pa.int32()),
        ("n_entities", pa.int32()),
        ("n_officials", pa.int32()),
        ("themes", pa.string()),
        ("top_theme", pa.string()),
        # issue 14: the record's `document` (null for news)
        ("doc_type", pa.string()),
        ("number", pa.string()),
        ("issuer", pa.string()),
        ("place", pa.string()),
        ("signed_date", pa.date32()),
        ("doc_warnings", pa.string()),
        ("issuer_parent", pa.string()),
        ("subject", pa.string()),
    ]),
    "documents_themes": pa.schema([
        ("doc_id", pa.string()),
        ("theme", pa.string()),
        ("score", pa.float64()),
    ]),
    "entities": pa.schema([
        ("doc_id", pa.string()),
        ("label", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("text", pa.string()),
        ("value", pa.string()),
        ("value_date", pa.string()),
        ("amount", pa.float64()),
        ("currency", pa.string()),
        ("amount_max", pa.float64()),
        ("percent", pa.float64()),
        ("canonical", pa.string()),
        ("sentence_start", pa.int32()),
        ("sentence_end", pa.int32()),
        ("sentence", pa.string()),
    ]),
    "officials": pa.schema([
        ("doc_id", pa.string()),
        ("person", pa.string()),
        ("title", pa.string()),
        ("org", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("former", pa.bool_()),   # a title held no longer ("nguyên Bộ trưởng")
    ]),
    "passages": pa.schema([
        ("doc_id", pa.string()),
        ("passage_no", pa.int32()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("text", pa.string()),
        ("themes", pa.string()),
        ("top_theme", pa.string()),
        ("top_score", pa.float64()),
    ]),
    "passage_themes": pa.schema([
        ("doc_id", pa.string()),
        ("passage_no", pa.int32()),
        ("theme", pa.string()),
        ("score", pa.float64()),
    ]),
    # issue 14: administrative documents (see document_rows)
    "legal_refs": pa.schema([
        ("doc_id", pa.string()),
        ("type", pa.string()),
        ("number", pa.string()),
        ("year", pa.int32()),
        ("name", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
    ]),
    "signers": pa.schema([
        ("doc_id", pa.string()),
        ("name", pa.string()),
        ("title", pa.string()),
        ("authority", pa.string()),
        ("on_behalf_of", pa.string()),
        ("outer", pa.string()),
        ("issuer", pa.string()),
    ]),
    "sentence_themes": pa.schema([
        ("doc_id", pa.string()),
        ("sentence_no", pa.int32()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("theme", pa.string()),
        ("score", pa.float64()),
    ]),
}

# -- coverage (issue 15): columns and tables filled once the chunks are merged ----------
# Why after the merge: a story links documents from different chunks, and the
# registry's and places' tables count over the whole output, so chunks write these
# columns empty and pipeline/batch/coverage.py fills them (and these tables) in the
# merged Parquet before the databases are built from it.
COVERAGE_COLUMNS: dict[str, list[tuple[str, pa.DataType]]] = {
    "documents": [("story_id", pa.string())],
    "entities": [("entity_id", pa.string()), ("province", pa.string()), ("country", pa.string())],
    "officials": [("person_id", pa.string()), ("agency_id", pa.string()),
                  ("org_canonical", pa.string()), ("title_canonical", pa.string())],
}
# tables over the whole output (no doc_id): replaced whole, never per document
GLOBAL_TABLES: dict[str, pa.Schema] = {
    "stories": pa.schema([("story_id", pa.string()), ("first_date", pa.date32()),
                          ("first_source", pa.string()), ("n_documents", pa.int64()),
                          ("sources", pa.string())]),
    "agencies": pa.schema([("agency_id", pa.string()), ("canonical", pa.string()), ("sector", pa.string()),
                           ("n_mentions", pa.int64()), ("n_documents", pa.int64()),
                           ("first_seen", pa.date32()), ("last_seen", pa.date32())]),
    "persons": pa.schema([("person_id", pa.string()), ("person", pa.string()), ("title", pa.string()),
                          ("agency_id", pa.string()), ("org", pa.string()), ("former", pa.bool_()),
                          ("n_documents", pa.int64()), ("first_seen", pa.date32()), ("last_seen", pa.date32())]),
    "places": pa.schema([("place_id", pa.string()), ("place", pa.string()), ("country", pa.string()),
                         ("province", pa.string()), ("province_then", pa.string()),
                         ("n_mentions", pa.int64()), ("n_documents", pa.int64())]),
    # issues 13 and 15: the taxonomy the run used (`taxonomy_rows`), so a dashboard shows
    # labels, not codes; written by each chunk from its own pipeline, kept once by the merge
    "themes": pa.schema([("id", pa.string()), ("label", pa.string()), ("description", pa.string()),
                         ("label_en", pa.string()), ("aliases", pa.string()), ("theme_no", pa.int32())]),
}


def _with_coverage(tables: dict[str, pa.Schema]) -> dict[str, pa.Schema]:
    out = dict(tables)
    for name, cols in COVERAGE_COLUMNS.items():
        for col, typ in cols:
            out[name] = out[name].append(pa.field(col, typ))
    out.update(GLOBAL_TABLES)
    return out


TABLES = _with_coverage(TABLES)
TABLE_NAMES = tuple(TABLES)


def _json(value) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _date(value) -> _dt.date | None:
    if not value:
        return None
    try:
        return _dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _number(value) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _top(themes: list[dict]) -> tuple[str | None, float | None]:
    if not themes:
        return None, None
    best = max(themes, key=lambda t: t["score"])
    return best["id"], float(best["score"])


def entity_value_columns(label: str, value) -> dict:
    """A normalised value spread into typed columns (the rest stay None)."""
    cols = {"value_date": None, "amount": None, "currency": None,
            "amount_max": None, "percent": None}
    if label == "DATE" and isinstance(value, str):
        cols["value_date"] = value
    elif label == "MONEY" and isinstance(value, dict):
        cols["amount"] = _number(value.get("amount"))
        cols["currency"] = value.get("currency")
        cols["amount_max"] = _number(value.get("amount_max"))
    elif label == "PERCENT":
        cols["percent"] = _number(value.get("value") if isinstance(value, dict) else value)
    return cols


def record_rows(record: dict, text: str) -> dict[str, list[dict]]:
    """Rows for every table from one record and the text it was built from."""
    doc_id = record["id"]
    sentences = sorted((s["start"], s["end"]) for s in record.get("sentences") or [])
    sentence_starts = [s for s, _ in sentences]

    def sentence_of(start: int, end: int) -> tuple[int | None, int | None]:
        i = bisect.bisect_right(sentence_starts, start) - 1
        if i >= 0 and sentences[i][0] <= start < max(sentences[i][1], start + 1):
            return sentences[i]
        return None, None

    doc_themes = record.get("themes") or []
    top_theme, _ = _top(doc_themes)
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    rows["documents"].append({
        "doc_id": doc_id,
        "title": record.get("title"),
        "date": _date(record.get("date")),
        "date_inferred": bool(record.get("date_inferred", False)) if record.get("date") else None,
        "source": record.get("source"),
        "url": record.get("url"),
        "text": text,
        "n_chars": len(text),
        "n_sentences": len(sentences),
        "n_entities": len(record.get("entities") or []),
        "n_officials": len(record.get("officials") or []),
        "themes": _json(doc_themes),
        "top_theme": top_theme,
    })
    add_document_rows(rows, record)
    rows["documents_themes"] = [
        {"doc_id": doc_id, "theme": t["id"], "score": float(t["score"])} for t in doc_themes
    ]
    for ent in record.get("entities") or []:
        s_start, s_end = sentence_of(ent["start"], ent["end"])
        rows["entities"].append({
            "doc_id": doc_id,
            "label": ent["label"],
            "start": ent["start"],
            "end": ent["end"],
            "text": ent.get("text"),
            "value": _json(ent.get("value")),
            **entity_value_columns(ent["label"], ent.get("value")),
            "canonical": ent.get("canonical"),
            "sentence_start": s_start,
            "sentence_end": s_end,
            "sentence": text[s_start:s_end] if s_start is not None else None,
        })
    for off in record.get("officials") or []:
        rows["officials"].append({
            "doc_id": doc_id, "person": off.get("person"), "title": off.get("title"),
            "org": off.get("org"), "start": off.get("start"), "end": off.get("end"),
            "former": bool(off.get("former", False)),
        })
    for no, passage in enumerate(record.get("passages") or []):
        themes = passage.get("themes") or []
        theme, score = _top(themes)
        rows["passages"].append({
            "doc_id": doc_id, "passage_no": no, "start": passage["start"], "end": passage["end"],
            "text": text[passage["start"]:passage["end"]], "themes": _json(themes),
            "top_theme": theme, "top_score": score,
        })
        rows["passage_themes"].extend(
            {"doc_id": doc_id, "passage_no": no, "theme": t["id"], "score": float(t["score"])}
            for t in themes
        )
    for no, sentence in enumerate(record.get("sentences") or []):
        rows["sentence_themes"].extend(
            {"doc_id": doc_id, "sentence_no": no, "start": sentence["start"], "end": sentence["end"],
             "theme": t["id"], "score": float(t["score"])}
            for t in sentence.get("themes") or []
        )
    return rows


def add_document_rows(rows: dict[str, list[dict]], record: dict) -> None:
    """Issue 14: the record's `document` into the documents row, its signers
    into `signers`; every LEGAL_REF entity (news cite decrees too) into `legal_refs`."""
    doc_id = record["id"]
    document = record.get("document") or {}
    rows["documents"][-1].update({
        "doc_type": document.get("doc_type"), "number": document.get("number"),
        "issuer": document.get("issuer"), "place": document.get("place"),
        "signed_date": _date(document.get("date")),
        "doc_warnings": "; ".join(document.get("warnings") or []) or None,
        "issuer_parent": document.get("issuer_parent"), "subject": document.get("subject"),
    })
    for s in document.get("signers") or []:
        rows["signers"].append({
            "doc_id": doc_id, "name": s.get("name"), "title": s.get("title"),
            "authority": s.get("authority"), "on_behalf_of": s.get("on_behalf_of"),
            "outer": s.get("outer"), "issuer": document.get("issuer"),
        })
    for ent in record.get("entities") or []:
        if ent["label"] != "LEGAL_REF":
            continue
        value = ent.get("value") if isinstance(ent.get("value"), dict) else {}
        year = value.get("year")
        rows["legal_refs"].append({
            "doc_id": doc_id, "type": value.get("type"), "number": value.get("number"),
            "year": year if isinstance(year, int) and not isinstance(year, bool) else None,
            "name": value.get("name"), "start": ent["start"], "end": ent["end"],
        })


def taxonomy_rows(taxonomy) -> list[dict]:
    """Rows of the `themes` table from a taxonomy (`pipeline.themes.taxonomy.Taxonomy`,
    or any iterable of themes with id, name, description, en and aliases), in its order.
    None (a pipeline without a themes component) gives no rows."""
    if taxonomy is None:
        return []
    return [{"id": t.id, "label": t.name, "description": t.description, "label_en": t.en,
             "aliases": _json(list(t.aliases)) if t.aliases else None, "theme_no": no}
            for no, t in enumerate(taxonomy)]


def to_arrow(name: str, rows: list[dict]) -> pa.Table:
    """Rows of table `name` as an Arrow table with its fixed schema."""
    return pa.Table.from_pylist(rows, schema=TABLES[name])


def records_to_arrow(pairs, taxonomy=None) -> dict[str, pa.Table]:
    """Arrow tables for an iterable of (record, text) pairs; `taxonomy`, the one the
    records were analysed with, fills the `themes` table (empty without it)."""
    collected: dict[str, list[dict]] = {name: [] for name in TABLES}
    for record, text in pairs:
        for name, rows in record_rows(record, text).items():
            collected[name].extend(rows)
    collected["themes"] = taxonomy_rows(taxonomy)
    return {name: to_arrow(name, rows) for name, rows in collected.items()}


def output_parquet(out_dir: str | Path) -> dict[str, Path]:
    """The Parquet table (file `NAME.parquet` or folder `NAME/`) of each table in a batch output."""
    out_dir = Path(out_dir)
    found = {}
    for name in TABLES:
        for candidate in (out_dir / f"{name}.parquet", out_dir / name):
            if candidate.is_file() or (candidate.is_dir() and any(candidate.glob("*.parquet"))):
                found[name] = candidate
                break
    return found
