"""PostgreSQL output against a real server (VNMONITOR_PG_URL; `bash scripts/start-postgres.sh`).

Without a reachable server these tests skip, saying why, except under CI
(CI=true), where a missing server is a failure.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from urllib.parse import quote

import duckdb
import pyarrow as pa
import pytest

from pipeline.io.duckdb_store import COVERAGE_VIEWS, VIEWS, build_database
from pipeline.io.parquet import write_table
from pipeline.io.postgres import PostgresError, PostgresStore, load_output_dir
from pipeline.io.tables import TABLES, record_rows, records_to_arrow
from pipeline.output.report import write_report

from _sample_output import PAYLOAD, sample_pairs, sample_tables

pytestmark = pytest.mark.postgres

DEFAULT_URL = "postgresql://vnmonitor:vnmonitor@127.0.0.1:5432/vnmonitor_test"


@pytest.fixture(scope="module")
def pg_url() -> str:
    import psycopg

    url = os.environ.get("VNMONITOR_PG_URL", DEFAULT_URL)
    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.Error as exc:
        reason = (f"no PostgreSQL server at VNMONITOR_PG_URL={re.sub(r':[^:@/]*@', ':***@', url)} "
                  f"({str(exc).strip().splitlines()[0]}); run `bash scripts/start-postgres.sh`")
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return url


@pytest.fixture
def schema(pg_url):
    """A fresh schema per test, dropped afterwards: tests never see each other's rows."""
    import psycopg

    name = f"test_{uuid.uuid4().hex[:12]}"
    yield name
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


@pytest.fixture
def store(pg_url, schema):
    with PostgresStore(pg_url, schema) as s:
        yield s


def _rows(store, query, params=()):
    with store.conn.cursor() as cur:
        cur.execute(f'SET search_path TO "{store.schema}"')
        cur.execute(query, params)
        return cur.fetchall()


def _norm(value):
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _sorted_rows(rows):
    return sorted((tuple(_norm(v) for v in r) for r in rows), key=repr)


def test_tables_round_trip(store):
    tables = sample_tables()
    assert store.write(tables) == {name: t.num_rows for name, t in tables.items()}
    assert store.counts() == {name: t.num_rows for name, t in tables.items()}
    for name, table in tables.items():
        cols = ", ".join(f'"{c}"' for c in TABLES[name].names)
        got = _rows(store, f"SELECT {cols} FROM {name}")
        expected = [tuple(row[c] for c in TABLES[name].names) for row in table.to_pylist()]
        assert _sorted_rows(got) == _sorted_rows(expected), name
    title = _rows(store, "SELECT title FROM documents WHERE doc_id = %s", ("doc-e",))[0][0]
    assert PAYLOAD in title  # stored as given; escaping is the reader's job


def test_writing_a_chunk_again_changes_nothing(store):
    tables = sample_tables()
    store.write(tables)
    before = {name: _sorted_rows(_rows(store, f"SELECT * FROM {name}")) for name in TABLES}
    store.write(tables)
    store.write(tables)
    after = {name: _sorted_rows(_rows(store, f"SELECT * FROM {name}")) for name in TABLES}
    assert after == before


def test_a_document_written_again_replaces_its_rows_only(store):
    pairs = sample_pairs()
    store.write(records_to_arrow(pairs))
    record, text = next((r, t) for r, t in pairs if r["id"] == "doc-a")
    changed = dict(record, entities=[e for e in record["entities"] if e["label"] != "MONEY"],
                   title="Tiêu đề mới")
    store.write(records_to_arrow([(changed, text)]))
    money = _rows(store, "SELECT doc_id FROM entities WHERE label = 'MONEY' ORDER BY doc_id")
    expected = sorted(r["id"] for r, _ in pairs for e in r["entities"] if e["label"] == "MONEY" and r["id"] != "doc-a")
    assert [m[0] for m in money] == expected
    assert _rows(store, "SELECT title FROM documents WHERE doc_id = 'doc-a'") == [("Tiêu đề mới",)]
    n_ents = sum(len(r["entities"]) for r, _ in pairs) - 1
    assert store.counts()["entities"] == n_ents
    assert store.counts()["documents"] == len(pairs)


def test_views_give_the_same_rows_as_duckdb(store, tmp_path):
    tables = sample_tables()
    store.write(tables)
    paths = {name: write_table(t, tmp_path / f"{name}.parquet") for name, t in tables.items()}
    build_database(tmp_path / "v.duckdb", paths)
    with duckdb.connect(str(tmp_path / "v.duckdb"), read_only=True) as con:
        for view in VIEWS:
            expected = con.execute(f"SELECT * FROM {view}").fetchall()
            got = _rows(store, f"SELECT * FROM {view}")
            # the coverage views need the batch's coverage step (tests/test_coverage_wiring.py)
            assert expected or view in COVERAGE_VIEWS, view
            assert _sorted_rows(got) == _sorted_rows(expected), view


def test_text_postgres_cannot_hold_keeps_its_offsets(store):
    text = "Bản tin\x00có ký tự rỗng và \ud800 lẻ."
    record = {"id": "doc-nul", "title": "a\x00b", "date": "2024-05-01", "source": None, "url": None,
              "sentences": [{"start": 0, "end": len(text)}], "entities": [], "officials": [],
              "passages": [{"start": 8, "end": len(text), "themes": []}], "themes": []}
    # Arrow refuses lone surrogates, so this chunk comes as plain rows.
    store.write(record_rows(record, text))
    stored, n_chars = _rows(store, "SELECT text, n_chars FROM documents WHERE doc_id = 'doc-nul'")[0]
    assert len(stored) == len(text) == n_chars
    assert stored == text.replace("\x00", "\ufffd").replace("\ud800", "\ufffd")
    assert _rows(store, "SELECT title FROM documents")[0][0] == "a\ufffdb"


def test_load_output_dir_from_parquet_parts_is_idempotent(pg_url, schema, tmp_path):
    tables = sample_tables()
    out = tmp_path / "out"
    for name, table in tables.items():
        # documents as a folder of two parts, the rest as single files: both layouts are read.
        if name == "documents":
            (out / name).mkdir(parents=True)
            half = table.num_rows // 2
            write_table(table.slice(0, half), out / name / "part-0.parquet")
            write_table(table.slice(half), out / name / "part-1.parquet")
        else:
            out.mkdir(exist_ok=True)
            write_table(table, out / f"{name}.parquet")
    counts = {name: t.num_rows for name, t in tables.items()}
    assert load_output_dir(out, pg_url, schema) == counts
    assert load_output_dir(out, pg_url, schema) == counts
    with PostgresStore(pg_url, schema) as s:
        assert s.counts() == counts


def _output_dir(path, pairs):
    from pipeline.themes.taxonomy import load_taxonomy

    path.mkdir(parents=True)
    for name, table in records_to_arrow(pairs, taxonomy=load_taxonomy()).items():
        write_table(table, path / f"{name}.parquet")
    return path


def test_a_reload_drops_what_its_output_no_longer_holds_and_says_what_came_from_elsewhere(pg_url, schema, tmp_path):
    """A team's shared database: a rerun of one output (--restart after a record was deleted) leaves
    no stale document; ids another output had loaded, and other outputs' documents beside this one's
    (the whole-output tables then describe the last output only), are said."""
    pairs = sample_pairs()
    ids = [r["id"] for r, _ in pairs]
    notes = []
    load_output_dir(_output_dir(tmp_path / "a", pairs), pg_url, schema, on_note=notes.append)
    assert notes == []
    import shutil

    shutil.rmtree(tmp_path / "a")
    load_output_dir(_output_dir(tmp_path / "a", pairs[1:]), pg_url, schema, on_note=notes.append)
    assert len(notes) == 1 and "1 document(s) this output loaded before and no longer holds were removed" in notes[0]
    with PostgresStore(pg_url, schema) as s:
        assert sorted(r[0] for r in _rows(s, "SELECT doc_id FROM documents")) == sorted(ids[1:])
        assert _rows(s, "SELECT COUNT(*) FROM entities WHERE doc_id = %s", (ids[0],)) == [(0,)]
    notes.clear()
    load_output_dir(_output_dir(tmp_path / "b", pairs[:2]), pg_url, schema, on_note=notes.append)
    assert any("1 document(s) with the same ids were loaded from another output" in n for n in notes)
    assert any(f"also holds {len(ids) - 2} document(s) of other outputs" in n for n in notes)


def test_two_writers_create_the_schema_concurrently(pg_url, schema):
    from concurrent.futures import ThreadPoolExecutor

    pairs = sample_pairs()

    def write(part):
        with PostgresStore(pg_url, schema) as s:
            return s.write(records_to_arrow(part))

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(write, [pairs[:3], pairs[3:]]))
    with PostgresStore(pg_url, schema) as s:
        assert s.counts()["documents"] == len(pairs)


def test_report_from_postgres_matches_report_from_duckdb(pg_url, store, tmp_path):
    tables = sample_tables()
    store.write(tables)
    paths = {name: write_table(t, tmp_path / f"{name}.parquet") for name, t in tables.items()}
    build_database(tmp_path / "vnmonitor.duckdb", paths)
    url = pg_url + ("&" if "?" in pg_url else "?") + "options=" + quote(f"-csearch_path={store.schema}")
    write_report(None, tmp_path / "pg.html", db=url)
    write_report(tmp_path, tmp_path / "duck.html")

    def body(path):
        return re.sub(r'<p class="muted">Nguồn dữ liệu:.*?</p>', "", path.read_text(encoding="utf-8"))

    pg_page, duck_page = body(tmp_path / "pg.html"), body(tmp_path / "duck.html")
    assert "<circle" in pg_page and "table class=\"money\"" in pg_page
    assert pg_page == duck_page


def test_unreachable_server_is_one_clear_error():
    with pytest.raises(PostgresError, match="cannot connect to PostgreSQL"):
        PostgresStore("postgresql://nobody:x@127.0.0.1:1/none", connect_timeout=2)


def test_empty_chunk_is_fine(store):
    empty = {name: pa.Table.from_pylist([], schema=schema) for name, schema in TABLES.items()}
    assert store.write(empty) == {name: 0 for name in TABLES}
    assert store.counts() == {name: 0 for name in TABLES}


def test_a_database_from_before_former_gains_the_column(pg_url, schema):
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as con:   # the officials table as vnmonitor 0.1 made it
        con.execute(f'CREATE SCHEMA "{schema}"')
        con.execute(f'CREATE TABLE "{schema}".officials (doc_id TEXT, person TEXT, title TEXT, org TEXT, '
                    f'"start" INTEGER, "end" INTEGER)')
    with PostgresStore(pg_url, schema) as store:
        tables = sample_tables()
        store.write(tables)
        got = _rows(store, "SELECT former FROM officials")
    assert len(got) == tables["officials"].num_rows and {r[0] for r in got} <= {True, False}


def _edited(label: str):
    from pipeline.themes.taxonomy import from_dict, load_taxonomy

    data = load_taxonomy().to_dict()
    data["themes"][0]["name"] = label
    return from_dict(data)


def test_themes_table_holds_the_runs_taxonomy(store):
    """The themes table is the taxonomy of the last write that carried one: replaced whole,
    never appended; a chunk without it (a library write) leaves it; views carry its labels."""
    from pipeline.io.tables import taxonomy_rows
    from pipeline.themes.taxonomy import load_taxonomy

    cols = ", ".join(f'"{c}"' for c in TABLES["themes"].names)
    shipped = taxonomy_rows(load_taxonomy())
    store.write(sample_tables())
    assert _rows(store, f"SELECT {cols} FROM themes ORDER BY theme_no") == [
        tuple(r[c] for c in TABLES["themes"].names) for r in shipped]
    label = "Văn hóa <b>sửa</b>"
    first = shipped[0]["id"]
    store.write(sample_tables(taxonomy=_edited(label)))
    store.write(records_to_arrow(sample_pairs()))   # no taxonomy: the stored one stays
    assert _rows(store, "SELECT COUNT(*) FROM themes") == [(len(shipped),)]
    assert _rows(store, "SELECT label FROM themes WHERE id = %s", (first,)) == [(label,)]
    for view in ("v_theme_coverage_daily", "v_theme_by_source", "v_top_agencies_by_theme", "v_top_officials_by_theme",
                 "v_theme_stories_daily", "v_story_coverage_weekly"):
        assert _rows(store, f"SELECT DISTINCT theme_label FROM {view} WHERE theme = %s", (first,)) == [(label,)], view


def _marked(path, pairs, output_id):
    """An output folder as a batch run leaves it: its tables and its mark holding the output's id."""
    from pipeline.io.outdir import MARK

    out = _output_dir(path, pairs)
    (out / MARK).write_text(output_id + "\n", encoding="utf-8")
    return out


def _doc_ids(url, schema):
    with PostgresStore(url, schema) as s:
        return sorted(r[0] for r in _rows(s, "SELECT doc_id FROM documents"))


def test_an_output_is_known_by_its_id_wherever_its_folder_is(pg_url, schema, tmp_path):
    """A renamed folder is the same output (a record it dropped goes from the database); a new job in
    a folder of a deleted one's name is another output (the earlier job's documents stay)."""
    import shutil

    pairs = sample_pairs()
    ids = sorted(r["id"] for r, _ in pairs)
    load_output_dir(_marked(tmp_path / "out", pairs, "output-first"), pg_url, schema)
    (tmp_path / "out").rename(tmp_path / "renamed")
    shutil.rmtree(tmp_path / "renamed")
    notes = []
    load_output_dir(_marked(tmp_path / "renamed", pairs[1:], "output-first"), pg_url, schema, on_note=notes.append)
    assert _doc_ids(pg_url, schema) == sorted(ids[1:])
    assert notes and "no longer holds were removed" in notes[0] and pairs[0][0]["id"] in notes[0]
    notes.clear()
    load_output_dir(_marked(tmp_path / "out", pairs[:1], "output-second"), pg_url, schema, on_note=notes.append)
    assert _doc_ids(pg_url, schema) == ids
    assert not any("removed" in n for n in notes)


def test_a_document_dropped_by_the_output_that_replaced_it_names_the_output_that_held_it(pg_url, schema, tmp_path):
    pairs = sample_pairs()
    first = pairs[0][0]["id"]
    load_output_dir(_marked(tmp_path / "a", pairs, "output-a"), pg_url, schema)
    notes = []
    load_output_dir(_marked(tmp_path / "c", pairs[:2], "output-c"), pg_url, schema, on_note=notes.append)
    taken = next(n for n in notes if "same ids" in n)
    assert "another output" in taken and str(tmp_path / "a") in taken and first in taken and "others" not in taken
    notes.clear()
    import shutil

    shutil.rmtree(tmp_path / "c")
    load_output_dir(_marked(tmp_path / "c", pairs[1:2], "output-c"), pg_url, schema, on_note=notes.append)
    assert first not in _doc_ids(pg_url, schema)
    restore = next(n for n in notes if "restore" in n)
    assert str(tmp_path / "a") in restore and first in restore
    notes.clear()
    load_output_dir(tmp_path / "a", pg_url, schema, on_note=notes.append)   # A loads again: its rows are back
    assert first in _doc_ids(pg_url, schema)
    assert not any("restore" in n for n in notes)


def test_two_outputs_sharing_ids_load_at_the_same_moment(pg_url, schema, tmp_path):
    """Loads wait for each other: both succeed, whichever comes second replaces the shared ids."""
    from concurrent.futures import ThreadPoolExecutor

    pairs = sample_pairs()
    outs = [_marked(tmp_path / "p", pairs[:4], "output-p"), _marked(tmp_path / "q", pairs[2:], "output-q")]
    for _ in range(3):
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda out: load_output_dir(out, pg_url, schema), outs))
    assert _doc_ids(pg_url, schema) == sorted(r["id"] for r, _ in pairs)


def _with_search_path(url, path):
    return url + ("&" if "?" in url else "?") + "options=" + quote(f"-csearch_path={path}")


def test_a_url_whose_search_path_names_no_schema_is_refused_before_any_work(pg_url):
    from pipeline.io.postgres import check_reachable

    with pytest.raises(PostgresError, match=r"no schema to write in.*nosuchschema"):
        check_reachable(_with_search_path(pg_url, "nosuchschema"))
    check_reachable(pg_url)


def test_alerts_on_a_database_nothing_was_loaded_into_is_one_clear_error(pg_url, schema):
    import psycopg
    from click.testing import CliRunner

    from pipeline.cli import main

    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute(f'CREATE SCHEMA "{schema}"')
    result = CliRunner().invoke(main, ["alerts", "--db", _with_search_path(pg_url, schema)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "cannot read the tables" in result.output
    assert 'relation "documents" does not exist' in result.output


def test_readers_of_a_database_several_outputs_loaded_are_told_what_its_tables_describe(pg_url, schema, tmp_path):
    from pipeline.io.postgres import shared_database_note

    pairs = sample_pairs()
    url = _with_search_path(pg_url, schema)
    load_output_dir(_marked(tmp_path / "a", pairs[:3], "output-a"), pg_url, schema)
    assert shared_database_note(url) is None
    load_output_dir(_marked(tmp_path / "b", pairs[3:], "output-b"), pg_url, schema)
    note = shared_database_note(url)
    assert "2 batch outputs" in note and "counts as two stories" in note and "search_path" in note


def test_a_url_that_is_not_postgresql_is_refused_with_a_readable_hint():
    from pipeline.io.secrets import redact

    with pytest.raises(PostgresError) as err:
        PostgresStore("mysql://u:secretpw@127.0.0.1/db")
    message = redact(str(err.value))
    assert "secretpw" not in message and "postgresql://HOST/DB" in message and "***@HOST" not in message
