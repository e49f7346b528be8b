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
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Mapping

import pyarrow as pa
import pyarrow.parquet as pq

from ..extras import require

psycopg = require("psycopg", "postgres", "PostgreSQL (--db)")
sql = require("psycopg.sql", "postgres", "PostgreSQL (--db)")

from .duckdb_store import VIEWS
from .outdir import output_id
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
# "vnmon": serialises writers, DDL and loads alike (two loads at once would both insert an id they share,
# and the DDL's ALTER TABLE locks a table a load is writing)
_WRITE_LOCK = 0x766E6D6F6E
# which batch output (its id, `io.outdir.output_id`, and its folder when it last loaded) last loaded each
# document: not an output table, the database's own record, so a reload can drop what its output no
# longer holds and say what came from elsewhere
_LOADS = "vnmonitor_loads"
# documents whose rows one output replaced with its own while another still held them: if the first
# drops them, the second is named, since only its own load can bring its rows back
_REPLACED = "vnmonitor_replaced"
_SHOWN_IDS = 5
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

    @contextmanager
    def cursor(self):
        """A cursor in this store's schema, for a read outside a write."""
        with self.conn.cursor() as cur:
            self._use_schema(cur)
            yield cur

    def ensure_schema(self) -> None:
        """Create the tables, indexes and views that are missing (safe to call concurrently)."""
        if self._ready:
            return
        try:
            with self.conn.transaction(), self.conn.cursor() as cur:
                _lock_writes(cur)
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
                cur.execute(sql.SQL("ALTER TABLE {} ADD COLUMN IF NOT EXISTS folder TEXT").format(sql.Identifier(_LOADS)))
                cur.execute(sql.SQL("CREATE TABLE IF NOT EXISTS {} (doc_id TEXT, output TEXT, folder TEXT, "
                                    "PRIMARY KEY (doc_id, output))").format(sql.Identifier(_REPLACED)))
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
                _lock_writes(cur)
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
                     on_note=None, folder: str | None = None) -> dict[str, int]:
        """Upsert whole Parquet tables (one file or a folder of parts each), streaming by row group.

        All of it is one transaction: the documents' old rows go first, then the
        new rows of every table are appended, so a document split across row
        groups is never half-deleted. With `output` (the batch output's id; `folder`, where it is, is
        what messages name), documents that output loaded before and no longer holds are removed, and
        `on_note` is told of documents another output had loaded under the same ids, and of documents
        from other outputs the database holds. Loads into one database wait for each other.
        """
        self.ensure_schema()
        written = {}
        ids = [_clean(r["doc_id"]) for rows in _parquet_batches(parquet["documents"], ["doc_id"]) for r in rows]
        try:
            with self.conn.transaction(), self.conn.cursor() as cur:
                _lock_writes(cur)
                folder = folder or output
                notes = self._reconcile(cur, ids, output, folder) if output else []
                self._delete_documents(cur, ids)
                for name in TABLES:
                    if name in parquet:
                        if name in GLOBAL_TABLES:
                            self._replace_global(cur, name)
                        written[name] = self._copy(cur, name, _parquet_batches(parquet[name], TABLES[name].names))
                if output:
                    self._record_loads(cur, ids, output, folder)
                    notes += self._elsewhere(cur, ids)
        except psycopg.Error as exc:
            raise PostgresError(f"cannot write to PostgreSQL: {_first_line(exc, self.url)}") from None
        for note in notes if on_note else ():
            on_note(note)
        return written

    def _reconcile(self, cur, ids: list[str], output: str, folder: str) -> list[str]:
        """Remove the documents `output` loaded before and holds no more; say which of its ids another
        output had loaded (their rows are replaced). A load recorded under the folder's path is this
        output's too (outputs were known by their folder before they had an id)."""
        loads, replaced = sql.Identifier(_LOADS), sql.Identifier(_REPLACED)
        mine = [output, folder]
        cur.execute(sql.SQL("SELECT doc_id FROM {} WHERE output = ANY(%s) AND NOT (doc_id = ANY(%s))").format(loads),
                    (mine, ids))
        gone = sorted(r[0] for r in cur.fetchall())
        self._delete_documents(cur, gone)
        cur.execute(sql.SQL("DELETE FROM {} WHERE doc_id = ANY(%s)").format(loads), (gone,))
        notes = [f"{len(gone)} document(s) this output loaded before and no longer holds were removed "
                 f"from the database ({_some(gone)})"] if gone else []
        cur.execute(sql.SQL("SELECT doc_id, COALESCE(folder, output) FROM {} WHERE doc_id = ANY(%s) "
                            "AND NOT (output = ANY(%s)) ORDER BY doc_id").format(replaced), (gone, mine))
        orphaned = cur.fetchall()
        cur.execute(sql.SQL("DELETE FROM {} WHERE doc_id = ANY(%s)").format(replaced), (gone,))
        if orphaned:
            where = sorted({f for _, f in orphaned})
            notes.append(f"{len(orphaned)} of them had been loaded from another output before this one's rows "
                         f"replaced them ({_some([d for d, _ in orphaned])}), which no longer holds them here: "
                         f"load {_some(where, 3)} again to restore its rows")
        cur.execute(sql.SQL("SELECT doc_id, output, COALESCE(folder, output) FROM {} WHERE doc_id = ANY(%s) "
                            "AND NOT (output = ANY(%s)) ORDER BY doc_id").format(loads), (ids, mine))
        taken = cur.fetchall()
        if taken:
            others = sorted({f for _, _, f in taken})
            notes.append(f"{len(taken)} document(s) with the same ids were loaded from "
                         f"{'another output' if len(others) == 1 else f'{len(others)} other outputs'} "
                         f"({_some(others, 3)}); this output's rows replaced them: {_some([d for d, _, _ in taken])}")
            with cur.copy(sql.SQL("COPY {} (doc_id, output, folder) FROM STDIN").format(replaced)) as copy:
                for doc_id, other, where in taken:
                    copy.write_row([doc_id, other, where])
        # this output's rows are the stored ones again: nothing of it waits to be restored
        cur.execute(sql.SQL("DELETE FROM {} WHERE doc_id = ANY(%s) AND output = ANY(%s)").format(replaced),
                    (ids, mine))
        return notes

    def _record_loads(self, cur, ids: list[str], output: str, folder: str) -> None:
        loads = sql.Identifier(_LOADS)
        cur.execute(sql.SQL("DELETE FROM {} WHERE doc_id = ANY(%s)").format(loads), (ids,))
        with cur.copy(sql.SQL("COPY {} (doc_id, output, folder) FROM STDIN").format(loads)) as copy:
            for doc_id in ids:
                copy.write_row([doc_id, output, folder])

    def _elsewhere(self, cur, ids: list[str]) -> list[str]:
        """The documents the database holds beyond this output's: the whole-output tables (stories,
        agencies, persons, places) were replaced by this output's and describe its documents only."""
        cur.execute("SELECT COUNT(*) FROM documents WHERE NOT (doc_id = ANY(%s))", (ids,))
        n = cur.fetchone()[0]
        return [f"the database also holds {n} document(s) of other outputs: stories, agencies, persons and "
                "places (tables counted over one whole output) now describe this output's documents only; "
                "give each output its own database or schema to keep them consistent"] if n else []

    def counts(self) -> dict[str, int]:
        with self.cursor() as cur:
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
    Documents this output (known by its id, `io.outdir.output_id`, wherever its folder is) loaded
    before and no longer holds are removed; `on_note` hears what a user should know (see
    `PostgresStore.load_parquet`)."""
    parquet = output_parquet(out_dir)
    if "documents" not in parquet:
        raise PostgresError(f"{out_dir}: no documents table (documents.parquet) to load")
    with PostgresStore(url, schema) as store:
        return store.load_parquet(parquet, output=output_id(out_dir), folder=str(Path(out_dir).resolve()),
                                  on_note=on_note)


def check_reachable(url: str, schema: str | None = None) -> None:
    """Connect once and let go: a batch run refuses a database it could not write to before its work,
    not after it; so is a URL whose search_path names no schema that exists (nothing to create the
    tables in)."""
    with PostgresStore(url, schema) as store, store.cursor() as cur:
        cur.execute("SELECT current_schema(), current_setting('search_path')")
        current, path = cur.fetchone()
    if current is None and not schema:
        raise PostgresError(f"no schema to write in: the URL's search_path ({path}) names none that exists "
                            f"in this database; create it first (CREATE SCHEMA ...) or fix the URL")


def shared_database_note(url: str, schema: str | None = None) -> str | None:
    """What a reader of a database that several batch outputs were loaded into should know; None
    for one output's (or one that cannot be read: the reader's own error says why)."""
    try:
        with PostgresStore(url, schema) as store, store.cursor() as cur:
            cur.execute(sql.SQL("SELECT COUNT(DISTINCT output) FROM {}").format(sql.Identifier(_LOADS)))
            n = cur.fetchone()[0]
    except (PostgresError, psycopg.Error):
        return None
    if n < 2:
        return None
    return (f"the database holds the documents of {n} batch outputs: stories are grouped within each output "
            f"(a copy two outputs hold counts as two stories), and the stories, agencies, persons and places "
            f"tables are the last-loaded output's; to keep outputs apart give each its own database or schema "
            f"(?options=-csearch_path%3DNAME in the URL), or to count a team's archives together run one output "
            f"over them")


def write_tables(url: str, tables: Mapping[str, pa.Table | Iterable[dict]], schema: str | None = None) -> dict[str, int]:
    """One-shot `PostgresStore(url).write(tables)`."""
    with PostgresStore(url, schema) as store:
        return store.write(tables)


def check_url(url: str) -> None:
    """Refuse, without showing its password, a URL that is not PostgreSQL's."""
    if not re.match(r"(?i)postgres(?:ql)?://", url or ""):
        raise PostgresError(f"not a PostgreSQL URL: {redact(url or '')!r} "
                            f"(use postgresql://HOST/DB, with USER and PASSWORD before HOST as usual)")


def _lock_writes(cur) -> None:
    """Wait, to the end of the transaction, for any other writer of this database (`_WRITE_LOCK`)."""
    cur.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))


def _some(items: list[str], limit: int = _SHOWN_IDS) -> str:
    """The first `limit` of `items`, comma-separated, and how many more."""
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _first_line(exc: Exception, url: str | None) -> str:
    """The first line of a driver error, passwords redacted (libpq quotes the connection string, and
    pieces of a password it could not parse: `redact` with the URL)."""
    text = str(exc).strip()
    return redact(text.splitlines()[0], url) if text else type(exc).__name__
