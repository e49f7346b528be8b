"""Coverage columns and tables (issue 15), filled in the merged Parquet before the databases are built.

Why a step after the merge rather than in the workers: a story links documents
that different chunks (processes, Dask workers) analysed, and the agencies,
persons and places tables count over the whole output. The workers' share of the
work (word segmentation, NER) is untouched; this step is cheap per document (a
MinHash of the body, dictionary look-ups), so it runs once, centrally, whatever
the engine.

What it writes:
- documents.story_id (never null: a lone article founds its own story), from the
  `StoryIndex` kept in OUT/stories.npz (plain arrays, no pickle). A later run
  over the same OUT (a folder grown by new files) or another OUT given
  `--story-index PREVIOUS/stories.npz` joins its new documents to the stories
  already known; known documents keep their story.
- entities.entity_id (PERSON, ORG: registry ids; LOC: place ids), province and
  country (LOC only; null when the place cannot be mapped);
- officials.person_id, agency_id, org_canonical, title_canonical;
- the stories, agencies, persons and places tables.

Row order: `record_rows` writes one entities row per record entity and one
officials row per record official, in order, and the merge keeps chunk order, so
the k-th row of a document is its k-th entity/official.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..io.readers import InputError
from ..io.tables import COVERAGE_COLUMNS, GLOBAL_TABLES

STORY_INDEX = "stories.npz"


def read_alias_files(paths) -> list:
    """Validate user alias files up front: a malformed line stops the run before any work."""
    from ..coverage.registry import AliasError, read_aliases

    try:
        return [read_aliases(p) for p in paths]
    except AliasError as exc:
        raise InputError(f"alias file: {exc}") from None
    except OSError as exc:
        raise InputError(f"alias file: {exc}") from None


def coverage_digest(aliases, story_index) -> str:
    """What, besides the chunks, the coverage columns depend on; a change re-runs this step."""
    h = hashlib.sha256()
    for p in aliases or ():
        h.update(Path(p).read_bytes())
    if story_index:
        h.update(str(Path(story_index).resolve()).encode())
    return h.hexdigest()[:16]


def _iso(d) -> str | None:
    return d.isoformat() if isinstance(d, _dt.date) else (str(d)[:10] if d else None)


def _date(s) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(s[:10]) if s else None
    except ValueError:
        return None


def _records(out: Path) -> list[dict]:
    recs = []
    with open(out / "documents.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                recs.append(json.loads(line))
    return recs


def _write(table: pa.Table, path: Path, tmp: Path) -> None:
    t = tmp / f".{path.name}.cov.tmp"
    pq.write_table(table, t, compression="zstd")
    os.replace(t, path)


def _set(table: pa.Table, name: str, values: list, typ=pa.string()) -> pa.Table:
    return table.set_column(table.schema.get_field_index(name), name, pa.array(values, type=typ))


def _by_ordinal(table: pa.Table) -> list[tuple[str, int]]:
    seen: dict[str, int] = {}
    keys = []
    for d in table.column("doc_id").to_pylist():
        k = seen.get(d, 0)
        keys.append((d, k))
        seen[d] = k + 1
    return keys


class _Resolved:
    """A registry whose `resolve_record` answers from the results already computed."""

    def __init__(self, registry, resolved: dict):
        self._registry, self._resolved = registry, resolved

    def resolve_record(self, record):
        hit = self._resolved.get(record["id"])
        return hit if hit is not None else self._registry.resolve_record(record)


def enrich(out: Path, tmp: Path, aliases=(), story_index: str | Path | None = None) -> None:
    """Fill the coverage columns of documents/entities/officials.parquet and write the
    global tables' Parquet files, in place (each file replaced by a rename)."""
    from ..coverage import places as placesmod
    from ..coverage.registry import Registry, agencies_table, persons_table
    from ..coverage.stories import StoryIndex, stories_table

    out, tmp = Path(out), Path(tmp)
    records = _records(out)
    by_id = {r["id"]: r for r in records}

    # -- stories ------------------------------------------------------------------
    own = out / STORY_INDEX
    src = own if own.exists() else (Path(story_index) if story_index else None)
    if src is not None and not src.exists():
        raise InputError(f"--story-index {src}: no such file")
    try:
        index = StoryIndex.load(src) if src is not None else StoryIndex()
    except (ValueError, OSError, KeyError) as exc:
        raise InputError(f"{src}: not a story index ({exc})") from None
    docs = pq.read_table(out / "documents.parquet")
    ids = docs.column("doc_id").to_pylist()
    metas = [{"id": i, "title": t, "date": _iso(d), "source": s}
             for i, t, d, s in zip(ids, docs.column("title").to_pylist(), docs.column("date").to_pylist(),
                                   docs.column("source").to_pylist())]
    texts = dict(zip(ids, docs.column("text").to_pylist()))
    assignment = index.assign(metas, texts)
    idx_tmp = tmp / "stories.tmp.npz"
    index.save(idx_tmp)
    os.replace(idx_tmp, own)
    docs = _set(docs, "story_id", [assignment[i] for i in ids])
    _write(docs, out / "documents.parquet", tmp)
    # a story's first date and source over every copy known, earlier outputs included
    mine = set(assignment.values())
    known = [{"id": d.doc_id, "date": d.date, "source": d.source}
             for d in index.docs.values() if d.story_id in mine]
    st = stories_table(known, {d.doc_id: d.story_id for d in index.docs.values()})
    _write(pa.table({"story_id": st.column("story_id"),
                     "first_date": pa.array([_date(x) for x in st.column("first_date").to_pylist()], pa.date32()),
                     "first_source": st.column("first_source"),
                     "n_documents": st.column("n_documents"),
                     "sources": pa.array([json.dumps(x, ensure_ascii=False) for x in st.column("sources").to_pylist()],
                                         pa.string())}, schema=GLOBAL_TABLES["stories"]),
           out / "stories.parquet", tmp)

    # -- registry and places ----------------------------------------------------------
    registry = Registry(alias_files=list(aliases))
    places = placesmod.Places()
    resolved: dict[str, dict] = {}
    ent_cols: dict[tuple[str, int], tuple] = {}
    off_cols: dict[tuple[str, int], tuple] = {}
    for r in records:
        res = resolved[r["id"]] = registry.resolve_record(r)
        pls = placesmod.resolve_record(r, places)
        for k, (e, x, p) in enumerate(zip(r.get("entities") or [], res["entities"], pls)):
            if e.get("label") == "LOC":
                ent_cols[(r["id"], k)] = (p.place_id if p else None, p.province if p else None,
                                          p.country if p else None)
            else:
                ent_cols[(r["id"], k)] = (x["entity_id"] if x else None, None, None)
        for k, o in enumerate(res["officials"]):
            off_cols[(r["id"], k)] = (o["person_id"], o["agency_id"], o["org"], o["title"])

    ents = pq.read_table(out / "entities.parquet")
    vals = [ent_cols.get(key, (None, None, None)) for key in _by_ordinal(ents)]
    for i, (col, _) in enumerate(COVERAGE_COLUMNS["entities"]):
        ents = _set(ents, col, [v[i] for v in vals])
    _write(ents, out / "entities.parquet", tmp)
    offs = pq.read_table(out / "officials.parquet")
    vals = [off_cols.get(key, (None, None, None, None)) for key in _by_ordinal(offs)]
    for i, (col, _) in enumerate(COVERAGE_COLUMNS["officials"]):
        offs = _set(offs, col, [v[i] for v in vals])
    _write(offs, out / "officials.parquet", tmp)

    def dated(t: pa.Table, name: str) -> pa.Table:
        for col in ("first_seen", "last_seen"):
            t = _set(t, col, [_date(x) for x in t.column(col).to_pylist()], pa.date32())
        return t.select(GLOBAL_TABLES[name].names).cast(GLOBAL_TABLES[name])

    ok_records = [by_id[i] for i in ids if i in by_id]
    cached = _Resolved(registry, resolved)   # each record resolved once, not once per table
    _write(dated(agencies_table(ok_records, cached), "agencies"), out / "agencies.parquet", tmp)
    _write(dated(persons_table(ok_records, cached), "persons"), out / "persons.parquet", tmp)
    _write(placesmod.places_table(ok_records, places).cast(GLOBAL_TABLES["places"]), out / "places.parquet", tmp)
