"""Coverage columns and tables (issue 15), filled in the merged Parquet before the databases are built.

Why a step after the merge rather than in the workers: a story links documents
that different chunks (processes, Dask workers) analysed, and the agencies,
persons and places tables count over the whole output. What can be done per
document, the MinHash signature of its body, the workers do (each chunk keeps
its documents' signatures in `signatures.npz`); what is left here is cheap per
document (LSH look-ups, dictionary look-ups), so it runs once, centrally,
whatever the engine.

What it writes:
- documents.story_id (never null: a lone article founds its own story), from the
  `StoryIndex` kept in OUT/stories.npz (plain arrays, no pickle). A later run
  over the same OUT (a folder grown by new files) or another OUT given
  `--story-index PREVIOUS/stories.npz` joins its new documents to the stories
  already known; known documents keep their story.
- entities.entity_id (PERSON, ORG: registry ids; LOC: place ids), province and
  country (LOC: null when the place cannot be mapped; ORG: a public body's
  province, `places.agency_province`);
- officials.person_id, agency_id, org_canonical, title_canonical;
- the stories, agencies, persons and places tables.

Row order: `record_rows` writes one entities row per record entity and one
officials row per record official, in order, and the merge keeps chunk order
for documents.jsonl and every table, so the entities and officials rows follow
documents.jsonl record by record (checked as they are read).

Memory: nothing is held per document beyond its story index entry (a MinHash
signature, title, date, source) and small per-agency, per-person and per-place
rows. documents.parquet is read and rewritten one batch of rows at a time
(`BATCH`), documents.jsonl one record at a time; each record's entity and
official ids go to a spool file in the temporary folder, which the rewrite of
entities.parquet and officials.parquet then reads in step with them.
`python scripts/bench_coverage.py OUT` measures the step's peak memory.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import zipfile
from pathlib import Path
from typing import Mapping

import pyarrow as pa
import pyarrow.parquet as pq

from ..io.outdir import CHUNKS, STORY_INDEX
from ..io.parquet import GroupedWriter
from ..io.readers import InputError
from ..io.tables import COVERAGE_COLUMNS, GLOBAL_TABLES

BATCH = 512                 # rows per batch read from a Parquet file or spooled


def read_alias_files(paths, on_warning=None) -> list:
    """Validate user alias files up front: a malformed line stops the run before any work; an alias
    given two canonical names is a warning (`on_warning(where, message)`)."""
    from ..coverage.registry import AliasError, alias_conflicts, read_aliases

    try:
        rows = [read_aliases(p) for p in paths]
    except AliasError as exc:
        raise InputError(f"alias file: {exc}") from None
    except OSError as exc:
        raise InputError(f"alias file {exc.filename}: {exc.strerror}") from None
    if on_warning is not None:
        for where, message in alias_conflicts(paths):
            on_warning(where, message)
    return rows


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


def _records(out: Path):
    """documents.jsonl, one record at a time."""
    with open(out / "documents.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _write(table: pa.Table, path: Path, tmp: Path) -> None:
    t = tmp / f".{path.name}.cov.tmp"
    pq.write_table(table, t, compression="zstd")
    os.replace(t, path)


def _set(table: pa.Table, name: str, values: list, typ=pa.string()) -> pa.Table:
    return table.set_column(table.schema.get_field_index(name), name, pa.array(values, type=typ))


class _Spool:
    """Rows (doc_id, values...) appended in order to an Arrow file in the temporary folder
    and read back in the same order, a batch at a time."""

    def __init__(self, path: Path, names: list[str]):
        self.path, self.names = path, ["doc_id"] + list(names)
        self.schema = pa.schema([(n, pa.string()) for n in self.names])
        self.buffer: list[tuple] = []
        self.sink = pa.OSFile(str(path), "wb")
        self.writer = pa.ipc.new_file(self.sink, self.schema)

    def add(self, row: tuple) -> None:
        self.buffer.append(row)
        if len(self.buffer) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if self.buffer:
            cols = list(zip(*self.buffer))
            self.writer.write_batch(pa.record_batch([pa.array(c, pa.string()) for c in cols], schema=self.schema))
            self.buffer = []

    def close(self) -> None:
        self._flush()
        self.writer.close()
        self.sink.close()

    def rows(self):
        with pa.memory_map(str(self.path)) as source:
            reader = pa.ipc.open_file(source)
            for i in range(reader.num_record_batches):
                cols = reader.get_batch(i).to_pydict()
                yield from zip(*(cols[n] for n in self.names))


def _rewrite(path: Path, tmp: Path, fill) -> None:
    """Rewrite a Parquet file a batch at a time: `fill(table)` returns the batch with its
    coverage columns set, gathered into row groups as the merge writes them (`GroupedWriter`).
    Replaced by a rename, as `_write`."""
    src = pq.ParquetFile(path)
    t = tmp / f".{path.name}.cov.tmp"
    with GroupedWriter(t, src.schema_arrow) as writer:
        for batch in src.iter_batches(batch_size=BATCH):
            writer.write(fill(pa.Table.from_batches([batch], schema=src.schema_arrow)))
    os.replace(t, path)


def _fill_from(spool: _Spool, columns: list[str], table_name: str, same_as: Mapping[str, str] | None = None):
    """A `_rewrite` filler setting `columns` from the spool's rows, which must follow the
    table's rows document by document; the first column's ids are read through `same_as` (merged persons)."""
    rows = spool.rows()
    same_as = same_as or {}

    def fill(table: pa.Table) -> pa.Table:
        got = [next(rows, None) for _ in range(table.num_rows)]
        ids = table.column("doc_id").to_pylist()
        for i, (doc, row) in enumerate(zip(ids, got)):
            if row is None or row[0] != doc:
                raise RuntimeError(f"{table_name}.parquet row {i}: document {doc!r}, documents.jsonl has "
                                   f"{row[0] if row else 'no more rows'!r} (the merge broke their common order)")
        for k, col in enumerate(columns, start=1):
            table = _set(table, col, [same_as.get(row[k], row[k]) if k == 1 else row[k] for row in got])
        return table

    def check_end() -> None:
        if next(rows, None) is not None:
            raise RuntimeError(f"{table_name}.parquet: fewer rows than documents.jsonl's records have")

    fill.check_end = check_end
    return fill


def check_story_index(story_index: str | Path | None) -> None:
    """--story-index names a readable story index; refused before any document is analysed."""
    if story_index:
        _read_story_index(Path(story_index))


def _read_story_index(src: Path) -> "StoryIndex":
    from ..coverage.stories import StoryIndex

    if not src.exists():
        raise InputError(f"--story-index {src}: no such file")
    try:
        return StoryIndex.load(src)
    except (ValueError, OSError, KeyError, TypeError, AttributeError, zipfile.BadZipFile) as exc:
        # the index's own complaints name the file; numpy's own (a text file "contains pickled data") mislead
        why = f": {exc}" if str(exc).startswith(str(src)) else ""
        raise InputError(f"--story-index {src}: not a story index written by vnmonitor (the stories.npz of an "
                         f"earlier batch's output){why}") from None


def enrich(out: Path, tmp: Path, aliases=(), story_index: str | Path | None = None) -> None:
    """Fill the coverage columns of documents/entities/officials.parquet and write the
    global tables' Parquet files, in place (each file replaced by a rename)."""
    from ..coverage import places as placesmod
    from ..coverage.registry import AgencyCounts, OnePersonPerName, PersonCounts, Registry
    from ..coverage.stories import SIGNATURES, StoryIndex, load_signatures, signature, stories_table

    out, tmp = Path(out), Path(tmp)

    # -- stories ------------------------------------------------------------------
    own = out / STORY_INDEX
    src = own if own.exists() else (Path(story_index) if story_index else None)
    index = _read_story_index(src) if src is not None else StoryIndex()
    # the workers computed their chunks' signatures; a chunk committed without them (an earlier
    # version) has its bodies read a batch at a time and only their signatures kept
    computed: dict = {}
    for part in sorted((out / CHUNKS).glob("[0-9]" * 6 + "/" + SIGNATURES)):
        computed.update(load_signatures(part, index.num_perm))
    metas, signatures, missing = [], {}, set()
    docs = pq.ParquetFile(out / "documents.parquet")
    for batch in docs.iter_batches(batch_size=BATCH, columns=["doc_id", "title", "date", "source"]):
        cols = batch.to_pydict()
        for i, t, d, s in zip(cols["doc_id"], cols["title"], cols["date"], cols["source"]):
            metas.append({"id": i, "title": t, "date": _iso(d), "source": s})
            if i not in index.docs and i not in signatures:
                if i in computed:
                    signatures[i] = computed.pop(i)
                else:
                    missing.add(i)
    del computed
    if missing:
        for batch in docs.iter_batches(batch_size=BATCH, columns=["doc_id", "title", "text"]):
            cols = batch.to_pydict()
            for i, t, text in zip(cols["doc_id"], cols["title"], cols["text"]):
                if i in missing and i not in signatures:
                    signatures[i] = signature(text, t, num_perm=index.num_perm)
    del missing
    assignment = index.assign(metas, signatures=signatures)
    del metas, signatures
    idx_tmp = tmp / "stories.tmp.npz"
    index.save(idx_tmp)
    os.replace(idx_tmp, own)
    _rewrite(out / "documents.parquet", tmp,
             lambda t: _set(t, "story_id", [assignment[i] for i in t.column("doc_id").to_pylist()]))
    # a story's first date and source over every copy known, earlier outputs included
    mine = set(assignment.values())
    known = [{"id": d.doc_id, "date": d.date, "source": d.source}
             for d in index.docs.values() if d.story_id in mine]
    st = stories_table(known, {d.doc_id: d.story_id for d in index.docs.values()})
    del known, mine, assignment
    _write(pa.table({"story_id": st.column("story_id"),
                     "first_date": pa.array([_date(x) for x in st.column("first_date").to_pylist()], pa.date32()),
                     "first_source": st.column("first_source"),
                     "n_documents": st.column("n_documents"),
                     "sources": pa.array([json.dumps(x, ensure_ascii=False) for x in st.column("sources").to_pylist()],
                                         pa.string())}, schema=GLOBAL_TABLES["stories"]),
           out / "stories.parquet", tmp)

    # -- registry and places: one pass over the records, one resolution each -------------
    registry = Registry(alias_files=list(aliases))
    places = placesmod.Places()
    agencies, persons, place_counts = AgencyCounts(), PersonCounts(), placesmod.PlaceCounts()
    names = OnePersonPerName(registry)
    ent_cols = [c for c, _ in COVERAGE_COLUMNS["entities"]]
    off_cols = [c for c, _ in COVERAGE_COLUMNS["officials"]]
    ent_spool = _Spool(tmp / "entities.cov.arrow", ent_cols)
    off_spool = _Spool(tmp / "officials.cov.arrow", off_cols)
    try:
        for r in _records(out):
            res = registry.resolve_record(r)
            pls = placesmod.resolve_record(r, places)
            for e, x, p in zip(r.get("entities") or [], res["entities"], pls):
                if e.get("label") == "LOC":
                    ent_spool.add((r["id"], p.place_id if p else None, p.province if p else None,
                                   p.country if p else None))
                else:
                    # an agency placed in a province counts for it too ("UBND tỉnh Nghệ An": v_province_coverage)
                    p = x and e.get("label") == "ORG" and placesmod.agency_province(registry, places, x["canonical"],
                                                                                    r.get("date"))
                    ent_spool.add((r["id"], x["entity_id"] if x else None, p.province if p else None,
                                   p.country if p else None))
            for o in res["officials"]:
                off_spool.add((r["id"], o["person_id"], o["agency_id"], o["org"], o["title"]))
            agencies.add(r, res)
            persons.add(r, res)
            names.add(res)
            place_counts.add(r, pls)
        ent_spool.close()
        off_spool.close()
        # a person's bare id is the one placed id the run has for the name (`OnePersonPerName`)
        merged = names.merged()
        persons.merge(merged)
        for name, spool, cols in (("entities", ent_spool, ent_cols), ("officials", off_spool, off_cols)):
            fill = _fill_from(spool, cols, name, merged)
            _rewrite(out / f"{name}.parquet", tmp, fill)
            fill.check_end()
    finally:
        for spool in (ent_spool, off_spool):
            spool.path.unlink(missing_ok=True)

    def dated(t: pa.Table, name: str) -> pa.Table:
        for col in ("first_seen", "last_seen"):
            t = _set(t, col, [_date(x) for x in t.column(col).to_pylist()], pa.date32())
        return t.select(GLOBAL_TABLES[name].names).cast(GLOBAL_TABLES[name])

    _write(dated(agencies.table(), "agencies"), out / "agencies.parquet", tmp)
    _write(dated(persons.table(), "persons"), out / "persons.parquet", tmp)
    _write(place_counts.table().cast(GLOBAL_TABLES["places"]), out / "places.parquet", tmp)
