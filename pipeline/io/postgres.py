"""The output tables and dashboard views in PostgreSQL, for Superset, Metabase or Grafana.

Same tables and columns as Parquet and DuckDB (`pipeline.io.tables`), same view
SQL (`pipeline.io.duckdb_store.VIEWS`). Writes are idempotent per document: a
chunk replaces every row of the documents it holds, in one transaction, so a
chunk written twice (a resumed run, a re-run) leaves the tables as written once.

    store = PostgresStore("postgresql://user:pw@host/db")
    store.write(records_to_arrow(pairs))       # one chunk, any number of times
    store.close()

or, after a batch run, `load_output_dir(out_dir, url)`.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Mapping

import pyarrow as pa
import pyarrow.parquet as pq

from ..extras import require

psycopg = require("psycopg", "postgres", "PostgreSQL (--db)")
sql = require("psycopg.sql", "postgres", "PostgreSQL (--db)")

from .duckdb_store import VIEWS
from .secrets import redact
from .tables import GLOBAL_TABLES, TABLES, output_parquet

_PG_TYPES = {
    pa.string(): "TEXT",
    pa.date32(): "DATE",
    pa.bool_(): "BOOLEAN",
    pa.int32(): "INTEGER",
    pa.int64(): "BIGINT",
    pa.float64(): "DOUBLE PRECISION",
}
_INDEXES = {
    "entities": ("doc_id", "label"),
    "officials": ("doc_id",),
    "passages": ("doc_id",),
    "passage_themes": ("doc_id", "theme"),
    "documents_themes": ("doc_id", "theme"),
}
_SCHEMA_LOCK = 0x766E6D6F6E  # "vnmon": serialises DDL between concurrent writers
# which batch output (its folder) last loaded each document: not an output table, the database's own
# record, so a reload can drop what its output no longer holds and say what came from elsewhere
_LOADS = "vnmonitor_loads"
_BATCH_ROWS = 5000
# PostgreSQL text cannot hold NUL, and UTF-8 cannot hold lone surrogates; both
# become U+FFFD, one code point for one, so stored offsets still line up.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class PostgresError(RuntimeError):
    """The server cannot be reached or refused the write; the message says why."""


def table_ddl(name: str) -> sql.Composed:
    """CREATE TABLE IF NOT EXISTS for one output table, from its Arrow schema."""
    schema = TABLES[name]
    cols = [sql.SQL("{} {}").format(sql.Identifier(f.name), sql.SQL(_PG_TYPES[f.type])) for f in schema]
    if name == "documents":
        cols.append(sql.SQL("PRIMARY KEY (doc_id)"))
    return sql.SQL("CREATE TABLE IF NOT EXISTS {} ({})").format(sql.Identifier(name), sql.SQL(", ").join(cols))


def _clean(value):
    if isinstance(value, str) and _UNSTORABLE.search(value):
        return _UNSTORABLE.sub("\ufffd", value)
    return value


def _batches(table) -> Iterable[list[dict]]:
    if isinstance(table, pa.Table):
        for batch in table.to_batches(max_chunksize=_BATCH_ROWS):
            yield batch.to_pylist()
    else:
        rows = list(table)
        for i in range(0, len(rows), _BATCH_ROWS):
            yield rows[i:i + _BATCH_ROWS]


class PostgresStore:
    """A connection to one database (and optionally one schema) holding the output tables."""

    def __init__(self, url: str, schema: str | None = None, *, connect_timeout: int = 10):
        self.url = url
        self.schema = schema
        check_url(url)
        try:
            self.conn = psycopg.connect(url, connect_timeout=connect_timeout, autocommit=True)
        except psycopg.Error as exc:
            raise PostgresError(f"cannot connect to PostgreSQL: {_first_line(exc, self.url)}") from None
        self._ready = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        self.conn.close()

    def _use_schema(self, cur) -> None:
        if self.schema:
            cur.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(self.schema)))

    def ensure_schema(self) -> None:
        """Create the tables, indexes and views that are missing (safe to call concurrently)."""
        if self._ready:
            return
        try:
            with self.conn.transaction(), self.conn.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
                if self.schema:
                    cur.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(self.schema)))
                self._use_schema(cur)
                for name in TABLES:
                    cur.execute(table_ddl(name))
                    # a database made by an older vnmonitor gains the columns added since (officials.former)
                    for f in TABLES[name]:
                        cur.execute(sql.SQL("ALTER TABLE {} ADD COLUMN IF NOT EXISTS {} {}").format(
                            sql.Identifier(name), sql.Identifier(f.name), sql.SQL(_PG_TYPES[f.type])))
                    for col in _INDEXES.get(name, ()):
                        cur.execute(sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} ({})").format(
                            sql.Identifier(f"{name}_{col}_idx"), sql.Identifier(name), sql.Identifier(col)))
                cur.execute(sql.SQL("CREATE TABLE IF NOT EXISTS {} (doc_id TEXT PRIMARY KEY, output TEXT)").format(
                    sql.Identifier(_LOADS)))
                for view, body in VIEWS.items():
                    cur.execute(sql.SQL("DROP VIEW IF EXISTS {}").format(sql.Identifier(view)))
                    cur.execute(sql.SQL("CREATE VIEW {} AS ").format(sql.Identifier(view)) + sql.SQL(body))
        except psycopg.Error as exc:
            raise PostgresError(f"cannot create the tables: {_first_line(exc, self.url)}") from None
        self._ready = True

    def write(self, tables: Mapping[str, pa.Table | Iterable[dict]]) -> dict[str, int]:
        """Replace every row of the documents in `tables` by the rows given; return rows written.

        `tables` maps table names (`pipeline.io.tables.TABLES`) to Arrow tables or
        lists of row dicts, and must include `documents`: its doc_ids say which
        documents this chunk owns.
        """
        self.ensure_schema()
        docs = tables["documents"]
        doc_ids = (docs.column("doc_id").to_pylist() if isinstance(docs, pa.Table)
                   else [row["doc_id"] for row in docs])
        written = {}
        try:
            with self.conn.transaction(), self.conn.cursor() as cur:
                self._delete_documents(cur, doc_ids)
                for name in TABLES:
                    if name in tables:
                        if name in GLOBAL_TABLES:
                            if not len(tables[name]):   # a chunk's empty global table: leave the stored one
                                written[name] = 0
                                continue
                            self._replace_global(cur, name)
                        written[name] = self._copy(cur, name, _batches(tables[name]))
        except psycopg.Error as exc:
            raise PostgresError(f"cannot write to PostgreSQL: {_first_line(exc, self.url)}") from None
        return written

    def _delete_documents(self, cur, doc_ids: list[str]) -> None:
        for i in range(0, len(doc_ids), _BATCH_ROWS):
            ids = [_clean(d) for d in doc_ids[i:i + _BATCH_ROWS]]
            for name in TABLES:
                if name in GLOBAL_TABLES:   # no doc_id: replaced whole (_replace_global)
                    continue
                cur.execute(sql.SQL("DELETE FROM {} WHERE doc_id = ANY(%s)").format(sql.Identifier(name)), (ids,))

    def _replace_global(self, cur, name: str) -> None:
        """Empty a whole-output table (stories, agencies, persons, places) before it is
        written again: its rows are counts over the whole output, not per document."""
        cur.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(name)))

    def _copy(self, cur, name: str, batches: Iterable[list[dict]]) -> int:
        cols = TABLES[name].names
        stmt = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(name), sql.SQL(", ").join(map(sql.Identifier, cols)))
        n = 0
        with cur.copy(stmt) as copy:
            for rows in batches:
                for row in rows:
                    copy.write_row([_clean(row.get(c)) for c in cols])
                n += len(rows)
        return n

    def load_parquet(self, parquet: Mapping[str, str | Path], output: str | None = None,
                     on_note=None) -> dict[str, int]:
        """Upsert whole Parquet tables (one file or a folder of parts each), streaming by row group.

        All of it is one transaction: the documents' old rows go first, then the
        new rows of every table are appended, so a document split across row
        groups is never half-deleted. With `output` (the batch folder), documents that output
        loaded before and no longer holds are removed, and `on_note` is told of documents another
        output had loaded under the same ids, and of documents from other outputs the database holds.
        """
        self.ensure_schema()
        written = {}
        ids = [_clean(r["doc_id"]) for rows in _parquet_batches(parquet["documents"], ["doc_id"]) for r in rows]
        try:
            with self.conn.transaction(), self.conn.cursor() as cur:
                notes = self._reconcile(cur, ids, output) if output else []
                self._delete_documents(cur, ids)
                for name in TABLES:
                    if name in parquet:
                        if name in GLOBAL_TABLES:
                            self._replace_global(cur, name)
                        written[name] = self._copy(cur, name, _parquet_batches(parquet[name], TABLES[name].names))
                if output:
                    self._record_loads(cur, ids, output)
                    notes += self._elsewhere(cur, ids)
        except psycopg.Error as exc:
            raise PostgresError(f"cannot write to PostgreSQL: {_first_line(exc, self.url)}") from None
        for note in notes if on_note else ():
            on_note(note)
        return written

    def _reconcile(self, cur, ids: list[str], output: str) -> list[str]:
        """Remove the documents `output` loaded before and holds no more; say which of its ids another
        output had loaded (their rows are replaced)."""
        loads = sql.Identifier(_LOADS)
        cur.execute(sql.SQL("SELECT doc_id FROM {} WHERE output = %s AND NOT (doc_id = ANY(%s))").format(loads),
                    (output, ids))
        gone = [r[0] for r in cur.fetchall()]
        self._delete_documents(cur, gone)
        cur.execute(sql.SQL("DELETE FROM {} WHERE doc_id = ANY(%s)").format(loads), (gone,))
        cur.execute(sql.SQL("SELECT COUNT(*), MIN(output) FROM {} WHERE doc_id = ANY(%s) AND output <> %s").format(
            loads), (ids, output))
        taken, other = cur.fetchone()
        notes = [f"{len(gone)} document(s) this output loaded before and no longer holds were removed "
                 "from the database"] if gone else []
        if taken:
            notes.append(f"{taken} document(s) with the same ids were loaded from another output ({other}"
                         f"{' and others' if taken > 1 else ''}); this output's rows replaced them")
        return notes

    def _record_loads(self, cur, ids: list[str], output: str) -> None:
        loads = sql.Identifier(_LOADS)
        cur.execute(sql.SQL("DELETE FROM {} WHERE doc_id = ANY(%s)").format(loads), (ids,))
        with cur.copy(sql.SQL("COPY {} (doc_id, output) FROM STDIN").format(loads)) as copy:
            for doc_id in ids:
                copy.write_row([doc_id, output])

    def _elsewhere(self, cur, ids: list[str]) -> list[str]:
        """The documents the database holds beyond this output's: the whole-output tables (stories,
        agencies, persons, places) were replaced by this output's and describe its documents only."""
        cur.execute("SELECT COUNT(*) FROM documents WHERE NOT (doc_id = ANY(%s))", (ids,))
        n = cur.fetchone()[0]
        return [f"the database also holds {n} document(s) of other outputs: stories, agencies, persons and "
                "places (tables counted over one whole output) now describe this output's documents only; "
                "give each output its own database or schema to keep them consistent"] if n else []

    def counts(self) -> dict[str, int]:
        with self.conn.cursor() as cur:
            self._use_schema(cur)
            out = {}
            for name in TABLES:
                cur.execute(sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(name)))
                out[name] = cur.fetchone()[0]
        return out


def _parquet_files(path: str | Path) -> list[Path]:
    path = Path(path)
    return sorted(path.glob("*.parquet")) if path.is_dir() else [path]


def _parquet_batches(path, columns: list[str]) -> Iterable[list[dict]]:
    for file in _parquet_files(path):
        for batch in pq.ParquetFile(file).iter_batches(batch_size=_BATCH_ROWS, columns=columns):
            yield batch.to_pylist()


def load_output_dir(out_dir: str | Path, url: str, schema: str | None = None, on_note=None) -> dict[str, int]:
    """Upsert the Parquet tables of a finished batch output into PostgreSQL; return rows written.
    Documents this output (its folder) loaded before and no longer holds are removed; `on_note`
    hears what a user should know (see `PostgresStore.load_parquet`)."""
    parquet = output_parquet(out_dir)
    if "documents" not in parquet:
        raise PostgresError(f"{out_dir}: no documents table (documents.parquet) to load")
    with PostgresStore(url, schema) as store:
        return store.load_parquet(parquet, output=str(Path(out_dir).resolve()), on_note=on_note)


def check_reachable(url: str, schema: str | None = None) -> None:
    """Connect once and let go: a batch run refuses a database it could not write to before its work,
    not after it."""
    PostgresStore(url, schema).close()


def write_tables(url: str, tables: Mapping[str, pa.Table | Iterable[dict]], schema: str | None = None) -> dict[str, int]:
    """One-shot `PostgresStore(url).write(tables)`."""
    with PostgresStore(url, schema) as store:
        return store.write(tables)


def check_url(url: str) -> None:
    """Refuse, without showing its password, a URL that is not PostgreSQL's."""
    if not re.match(r"(?i)postgres(?:ql)?://", url or ""):
        raise PostgresError(f"not a PostgreSQL URL: {redact(url or '')!r} (use postgresql://USER:PASSWORD@HOST/DB)")


def _first_line(exc: Exception, url: str | None) -> str:
    """The first line of a driver error, passwords redacted (libpq quotes the connection string, and
    pieces of a password it could not parse: `redact` with the URL)."""
    text = str(exc).strip()
    return redact(text.splitlines()[0], url) if text else type(exc).__name__
