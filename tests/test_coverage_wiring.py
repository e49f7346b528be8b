"""Issue 15 wired into the product: story ids, registry and places columns, the coverage
tables in Parquet and DuckDB, incremental story joining, alias files and `vnmonitor alerts`.

A small synthetic archive (scripts/check_coverage.py's generator: templated sentences,
light-edit copies, notes naming one official and agency in several spellings, a surge)
goes through the real batch command; the full-size check is the script itself.
"""
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import check_coverage as cc  # noqa: E402

VNM = str(Path(sys.executable).with_name("vnmonitor"))


def _write(path: Path, arts) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for a in arts:
            fh.write(json.dumps({k: a[k] for k in ("id", "title", "date", "source", "text")},
                                ensure_ascii=False) + "\n")
    return path


def _batch(*args):
    return subprocess.run([VNM, "batch", *map(str, args), "--no-progress"], capture_output=True, text=True)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A 120-article archive with 10 copies and a surge, batched with 2 workers."""
    work = tmp_path_factory.mktemp("cov")
    m = cc.run_check(work, n_base=100, n_copies=10, surge=14, days=40, workers=2)
    return work, m


def test_small_check_passes(small):
    _, m = small
    assert cc.verdict(m, copies_needed=10) == [], m


def test_tables_and_columns_everywhere(small):
    from pipeline.io.tables import COVERAGE_COLUMNS, GLOBAL_TABLES

    out = small[0] / "out"
    con = duckdb.connect(str(out / "vnmonitor.duckdb"), read_only=True)
    for table, cols in COVERAGE_COLUMNS.items():
        names = pq.read_schema(out / f"{table}.parquet").names
        db_names = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
        for col, _ in cols:
            assert col in names and col in db_names, (table, col)
    for table in GLOBAL_TABLES:
        assert pq.read_metadata(out / f"{table}.parquet").num_rows > 0, table
        assert con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] > 0, table
    assert con.execute("SELECT COUNT(*) FROM documents WHERE story_id IS NULL").fetchone()[0] == 0
    n_docs, n_stories = con.execute("SELECT COUNT(*), COUNT(DISTINCT story_id) FROM documents").fetchone()
    assert n_stories < n_docs
    assert con.execute("SELECT SUM(n_documents) FROM stories").fetchone()[0] == n_docs
    # entity ids and provinces for PERSON/ORG/LOC only
    assert con.execute("SELECT COUNT(*) FROM entities WHERE label NOT IN ('PERSON','ORG','LOC') "
                       "AND (entity_id IS NOT NULL OR province IS NOT NULL)").fetchone()[0] == 0
    row = con.execute("SELECT SUM(n_documents), SUM(n_stories) FROM v_source_coverage").fetchone()
    # a story reprinted by two outlets counts once per outlet
    assert row[0] == n_docs and n_stories <= row[1] <= n_docs
    # new stories add up over days and weeks to each theme's stories; stories do not when copies
    # of one story fall on several days
    per_theme = dict(con.execute(
        "SELECT dt.theme, COUNT(DISTINCT d.story_id) FROM documents d JOIN documents_themes dt "
        "ON dt.doc_id = d.doc_id WHERE d.date IS NOT NULL GROUP BY dt.theme").fetchall())
    assert per_theme
    for view in ("v_story_coverage_weekly", "v_theme_stories_daily"):
        new = dict(con.execute(f"SELECT theme, SUM(n_new_stories) FROM {view} GROUP BY theme").fetchall())
        assert new == per_theme, view
    spread = con.execute("SELECT SUM(n_stories) FROM v_theme_stories_daily").fetchone()[0]
    assert spread > sum(per_theme.values())   # the copies of a story fall on other days than its first


def test_alerts_cli_jsonl_and_text(small):
    out = small[0] / "out"
    res = subprocess.run([VNM, "alerts", str(out), "--format", "jsonl"], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    alerts = [json.loads(line) for line in res.stdout.splitlines()]
    assert alerts and all({"kind", "key", "day", "count", "baseline", "score", "method", "params"} <= set(a)
                          for a in alerts)
    surge = small[1]["surge_day"]
    later = subprocess.run([VNM, "alerts", str(out), "--since", surge, "--format", "text"], capture_output=True,
                           text=True)
    # text: the theme's label from the output's themes table; its code stays in the JSON
    label = duckdb.connect(str(out / "vnmonitor.duckdb"), read_only=True).execute(
        "SELECT label FROM themes WHERE id = ?", [cc.SURGE_THEME]).fetchone()[0]
    assert later.returncode == 0 and f"theme  {label}: " in later.stdout and cc.SURGE_THEME not in later.stdout
    assert all(json.loads(line)["day"] >= surge for line in subprocess.run(
        [VNM, "alerts", str(out), "--since", surge, "--format", "jsonl"], capture_output=True,
        text=True).stdout.splitlines())
    bad = subprocess.run([VNM, "alerts"], capture_output=True, text=True)
    assert bad.returncode != 0
    # none after the last day: the text output says why rather than a bare "0 alerts"
    none = subprocess.run([VNM, "alerts", str(out), "--since", "2999-01-01"], capture_output=True, text=True)
    assert none.returncode == 0 and none.stdout == "" and "0 alerts" in none.stderr
    assert "none on or after 2999-01-01" in none.stderr


def test_later_batch_joins_existing_stories(small, tmp_path):
    """Another --out given the first output's index: a new copy joins the old story,
    a new distinct article founds its own."""
    work, _ = small
    arts, _ = cc.make_corpus(100, 10, 14, 40)
    orig = arts[3]
    new_copy = {**orig, "id": "late-copy", "source": "Báo Mới Đến", "title": "Đưa lại: " + orig["title"]}
    fresh, = [a for a in cc.make_corpus(5, 1, 0, 5, seed=99)[0] if a["id"] == "a0002"]
    fresh = {**fresh, "id": "late-fresh"}
    src = _write(tmp_path / "late.jsonl", [new_copy, fresh])
    res = _batch(src, "--out", tmp_path / "out2", "--workers", 1, "--story-index", work / "out" / "stories.npz")
    assert res.returncode == 0, res.stderr
    con = duckdb.connect(str(tmp_path / "out2" / "vnmonitor.duckdb"), read_only=True)
    st = dict(con.execute("SELECT doc_id, story_id FROM documents").fetchall())
    old = duckdb.connect(str(work / "out" / "vnmonitor.duckdb"), read_only=True)
    old_story = old.execute("SELECT story_id FROM documents WHERE doc_id = ?", [orig["id"]]).fetchone()[0]
    assert st["late-copy"] == old_story
    assert st["late-fresh"] != old_story
    # the stories row counts the earlier copies too and keeps the earliest date
    n, first = con.execute("SELECT n_documents, first_date FROM stories WHERE story_id = ?", [old_story]).fetchone()
    assert n >= 2 and first.isoformat() <= orig["date"]


def test_same_out_grown_folder_keeps_stories(tmp_path):
    arts, _ = cc.make_corpus(12, 2, 0, 6)
    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder / "one.jsonl", arts[:12])
    assert _batch(folder, "--out", tmp_path / "out", "--workers", 1).returncode == 0
    first = dict(duckdb.connect(str(tmp_path / "out" / "vnmonitor.duckdb"), read_only=True).execute(
        "SELECT doc_id, story_id FROM documents").fetchall())
    _write(folder / "two.jsonl", arts[12:])
    res = _batch(folder, "--out", tmp_path / "out", "--workers", 1)
    assert res.returncode == 0, res.stderr
    after = dict(duckdb.connect(str(tmp_path / "out" / "vnmonitor.duckdb"), read_only=True).execute(
        "SELECT doc_id, story_id FROM documents").fetchall())
    assert all(after[k] == v for k, v in first.items())
    for c in (a for a in arts[12:] if "copy_of" in a):
        assert after[c["id"]] == after[c["copy_of"]]


def test_malformed_alias_line_refused_with_line_number(tmp_path):
    aliases = tmp_path / "aliases.tsv"
    aliases.write_text("title\tPCT\tPhó Chủ tịch\n# note\norg only-two-fields\n", encoding="utf-8")
    src = _write(tmp_path / "a.jsonl", cc.make_corpus(2, 1, 0, 2)[0][:2])
    res = _batch(src, "--out", tmp_path / "out", "--aliases", aliases)
    assert res.returncode == 1
    assert ":3:" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out" / "vnmonitor.duckdb").exists()
    aliases.write_bytes(b"title\tPCT\tPh\xff\n")   # not UTF-8: one line too, not "batch stopped"
    res = _batch(src, "--out", tmp_path / "out", "--aliases", aliases)
    assert res.returncode == 1 and f"{aliases}:1: not valid UTF-8" in res.stderr and "stopped" not in res.stderr


def test_alias_file_used_and_rerun_refills(tmp_path):
    """An alias added after a run is used by the next run over the same folder (no --restart)."""
    text = "Ông Trần Văn Tám, Bí thư Tỉnh ủy Phú Yên, phát biểu. Ông Ba Tám đến dự."
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "x", "date": "2024-01-02", "text": text}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    assert _batch(src, "--out", tmp_path / "out", "--workers", 1).returncode == 0
    aliases = tmp_path / "aliases.tsv"
    aliases.write_text("person\tBa Tám\tTrần Văn Tám\n", encoding="utf-8")
    res = _batch(src, "--out", tmp_path / "out", "--workers", 1, "--aliases", aliases)
    assert res.returncode == 0, res.stderr
    from pipeline.coverage.registry import Registry

    assert Registry(alias_files=[aliases]).person("Ba Tám").person_id == Registry().person("Trần Văn Tám").person_id
    con = duckdb.connect(str(tmp_path / "out" / "vnmonitor.duckdb"), read_only=True)
    ids = {r[0] for r in con.execute("SELECT entity_id FROM entities WHERE label = 'PERSON'").fetchall()}
    assert len(ids - {None}) <= 1
    con.close()
    # the daily command run without the flag recomputes the ids without the aliases, and says so
    res = _batch(src, "--out", tmp_path / "out", "--workers", 1)
    assert res.returncode == 0 and "computed with --aliases" in res.stderr and str(aliases.resolve()) in res.stderr
    res = _batch(src, "--out", tmp_path / "out", "--workers", 1)
    assert res.returncode == 0 and "computed with --aliases" not in res.stderr


def test_report_coverage_sections_escape_and_embed(small, tmp_path):
    """The report's coverage sections: filters with the data embedded as inert JSON, story
    counts beside copies, ids, provinces, alerts; a hostile source name stays text."""
    import re

    hostile = '</script><img src=x onerror="document.documentElement.dataset.pwned=1">&amp;'
    arts, _ = cc.make_corpus(6, 1, 0, 3)
    arts[0]["source"] = hostile
    src = _write(tmp_path / "h.jsonl", arts)
    assert _batch(src, "--out", tmp_path / "out", "--workers", 1).returncode == 0
    for out in (tmp_path / "out", small[0] / "out"):
        page = tmp_path / "r.html"
        res = subprocess.run([VNM, "report", str(out), "--out", str(page)], capture_output=True, text=True)
        assert res.returncode == 0, res.stderr
        html = page.read_text(encoding="utf-8")
        for section in ("coverage-filters", "alerts", "registry", "provinces"):
            assert f'id="{section}"' in html
        block = re.search(r'<script type="application/json" id="coverage-data">(.*?)</script>', html, re.S).group(1)
        data = json.loads(block)
        assert len(data["docs"]) == len(duckdb.connect(str(out / "vnmonitor.duckdb"), read_only=True).execute(
            "SELECT doc_id FROM documents").fetchall())
        assert "<" not in block and "onerror=\"" not in html.replace("&quot;", "")
        # the CSP lets only the page's own script run: no inline handler (a blocked onsubmit="...")
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html)
    hostile_page = (tmp_path / "r2.html")
    subprocess.run([VNM, "report", str(tmp_path / "out"), "--out", str(hostile_page)], check=True,
                   capture_output=True)
    text = hostile_page.read_text(encoding="utf-8")
    assert "<img src=x" not in text and "&lt;img src=x" in text
    assert "<code>person-" in html and "<code>agency-" in html


@pytest.mark.postgres
def test_coverage_tables_in_postgres(small):
    """`batch --db`'s loader: every coverage table and column in PostgreSQL, loaded twice
    (a re-run) without duplicating the whole-output tables."""
    import os
    import re
    import uuid

    psycopg = pytest.importorskip("psycopg")
    from pipeline.io.postgres import load_output_dir
    from pipeline.io.tables import COVERAGE_COLUMNS, GLOBAL_TABLES

    url = os.environ.get("VNMONITOR_PG_URL", "postgresql://vnmonitor:vnmonitor@127.0.0.1:5432/vnmonitor_test")
    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.Error as exc:
        reason = f"no PostgreSQL server at {re.sub(r':[^:@/]*@', ':***@', url)} ({str(exc).strip().splitlines()[0]})"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    out = small[0] / "out"
    schema = f"test_{uuid.uuid4().hex[:12]}"
    try:
        load_output_dir(out, url, schema)
        load_output_dir(out, url, schema)
        duck = duckdb.connect(str(out / "vnmonitor.duckdb"), read_only=True)
        with psycopg.connect(url, autocommit=True) as con:
            con.execute(f'SET search_path TO "{schema}"')
            for table, cols in COVERAGE_COLUMNS.items():
                names = {r[0] for r in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = %s AND table_name = %s",
                    (schema, table)).fetchall()}
                assert {c for c, _ in cols} <= names, table
            for table in [*GLOBAL_TABLES, "documents"]:
                n = con.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
                assert n == duck.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0], table
            pg = dict(con.execute("SELECT doc_id, story_id FROM documents").fetchall())
            assert pg == dict(duck.execute("SELECT doc_id, story_id FROM documents").fetchall())
            from pipeline.io.duckdb_store import COVERAGE_VIEWS

            for view in COVERAGE_VIEWS:
                got = sorted(map(tuple, con.execute(f"SELECT * FROM {view}").fetchall()), key=repr)
                want = sorted(map(tuple, duck.execute(f"SELECT * FROM {view}").fetchall()), key=repr)
                assert got and got == want, view
    finally:
        with psycopg.connect(url, autocommit=True) as con:
            con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_known_lsh_params_are_datasketchs():
    from datasketch.lsh import _optimal_param

    from pipeline.coverage.stories import _KNOWN_LSH_PARAMS

    for (threshold, num_perm), params in _KNOWN_LSH_PARAMS.items():
        assert tuple(_optimal_param(threshold, num_perm, 0.5, 0.5)) == params


def test_coverage_step_streams_in_small_batches_with_the_same_tables(small, tmp_path, monkeypatch):
    """The coverage step read and written a few rows at a time (many batches, row groups and
    spool batches) gives the tables the batch wrote in one go."""
    import shutil

    from pipeline.batch import coverage
    from pipeline.io import parquet

    out = small[0] / "out"
    again = tmp_path / "again"
    again.mkdir()
    for f in list(out.glob("*.parquet")) + [out / "documents.jsonl"]:
        shutil.copy2(f, again / f.name)
    (again / "tmp").mkdir()
    monkeypatch.setattr(coverage, "BATCH", 3)
    monkeypatch.setattr(parquet, "GROUP_ROWS", 7)
    coverage.enrich(again, again / "tmp")
    for name in ("documents", "entities", "officials", "stories", "agencies", "persons", "places"):
        assert pq.read_table(again / f"{name}.parquet").equals(pq.read_table(out / f"{name}.parquet")), name
    assert pq.ParquetFile(again / "entities.parquet").metadata.num_row_groups > 1
    assert not list((again / "tmp").iterdir())        # the spool files are gone


def test_coverage_step_refuses_tables_out_of_step_with_the_records(small, tmp_path):
    import shutil

    import pyarrow as pa

    from pipeline.batch import coverage

    out = small[0] / "out"
    bad = tmp_path / "bad"
    bad.mkdir()
    for f in list(out.glob("*.parquet")) + [out / "documents.jsonl"]:
        shutil.copy2(f, bad / f.name)
    (bad / "tmp").mkdir()
    ents = pq.read_table(bad / "entities.parquet")
    pq.write_table(pa.concat_tables([ents.slice(1), ents.slice(0, 1)]), bad / "entities.parquet")   # rotated
    with pytest.raises(RuntimeError, match="common order"):
        coverage.enrich(bad, bad / "tmp")


def test_workers_compute_the_signatures_the_coverage_step_reads(small, tmp_path, monkeypatch):
    """Each committed chunk keeps its documents' MinHash signatures (computed by the worker that
    analysed them); the central step reads them instead of the bodies and gives the same tables.
    Without them (the test above copies no chunks) it computes them itself, again the same."""
    import shutil

    from pipeline.batch import coverage
    from pipeline.coverage import stories

    out = small[0] / "out"
    chunk_ids, sig_ids = [], []
    for d in sorted((out / "chunks").glob("[0-9]" * 6)):
        chunk_ids += [json.loads(line)["id"] for line in (d / "records.jsonl").open(encoding="utf-8")]
        sig_ids += list(stories.load_signatures(d / stories.SIGNATURES))
    assert chunk_ids and sig_ids == chunk_ids
    docs = pq.read_table(out / "documents.parquet", columns=["doc_id", "title", "text"]).to_pylist()[:3]
    saved = stories.load_signatures(sorted((out / "chunks").glob("[0-9]" * 6))[0] / stories.SIGNATURES)
    for d in docs:
        fresh = stories.signature(d["text"], d["title"])
        assert (saved[d["doc_id"]].hashvalues == fresh.hashvalues).all() and saved[d["doc_id"]].size == fresh.size

    again = tmp_path / "again"
    shutil.copytree(out / "chunks", again / "chunks")
    for f in list(out.glob("*.parquet")) + [out / "documents.jsonl"]:
        shutil.copy2(f, again / f.name)
    (again / "tmp").mkdir()

    def no_bodies(*a, **k):
        raise AssertionError("the coverage step computed a signature the workers had saved")

    monkeypatch.setattr(stories, "signature", no_bodies)
    coverage.enrich(again, again / "tmp")
    for name in ("documents", "stories"):
        assert pq.read_table(again / f"{name}.parquet").equals(pq.read_table(out / f"{name}.parquet")), name


def test_a_signature_file_of_another_kind_is_ignored(tmp_path):
    import numpy as np

    from pipeline.coverage import stories

    sigs = {"a": stories.signature("một hai ba bốn năm", "tiêu đề"), "b": stories.signature("sáu bảy tám", None)}
    stories.save_signatures(tmp_path / "s.npz", sigs)
    back = stories.load_signatures(tmp_path / "s.npz")
    assert list(back) == ["a", "b"] and (back["a"].hashvalues == sigs["a"].hashvalues).all()
    assert stories.load_signatures(tmp_path / "s.npz", num_perm=128) == {}     # another index's width
    assert stories.load_signatures(tmp_path / "missing.npz") == {}
    (tmp_path / "bad.npz").write_bytes(b"not an npz")
    assert stories.load_signatures(tmp_path / "bad.npz") == {}
    np.savez(tmp_path / "obj.npz", ids=np.array([object()], dtype=object))     # pickled content: refused
    assert stories.load_signatures(tmp_path / "obj.npz") == {}


@pytest.mark.chromium
def test_the_filters_count_undated_documents_until_the_date_range_is_narrowed(tmp_path):
    import re

    from test_report import _dump_dom

    arts, _ = cc.make_corpus(8, 0, 0, 5)
    for a in arts[:3]:
        a["date"] = None   # undated (the generated leads give no date either)
    src = _write(tmp_path / "a.jsonl", arts)
    assert _batch(src, "--out", tmp_path / "out", "--workers", 1).returncode == 0
    with duckdb.connect(str(tmp_path / "out" / "vnmonitor.duckdb"), read_only=True) as con:
        n_docs, n_stories = con.execute("SELECT COUNT(*), COUNT(DISTINCT story_id) FROM documents").fetchone()
        n_undated = con.execute("SELECT COUNT(*) FROM documents WHERE date IS NULL").fetchone()[0]
    assert n_undated >= 1
    page = tmp_path / "r.html"
    subprocess.run([VNM, "report", str(tmp_path / "out"), "--out", str(page)], check=True, capture_output=True)
    dom = _dump_dom(page, tmp_path / "profile")
    totals = re.search(r'id="f-totals"[^>]*>([^<]*)<', dom).group(1)
    assert totals == f"{n_stories} câu chuyện, {n_docs} bài"


def test_one_official_one_id_across_a_runs_documents(tmp_path):
    """A batch writes the one placed id of a name wherever a document names the person bare, in the
    officials, entities and persons tables alike (`registry.OnePersonPerName`)."""
    import pyarrow.parquet as pq

    arts = [{"id": "a1", "title": "Thu ngân sách", "date": "2024-03-01", "source": "s",
             "text": "Ông Mai Xuân Trường, Giám đốc Sở Tài chính tỉnh Hà Giang, cho biết số thu ngân sách tăng."},
            {"id": "a2", "title": "Đẩy mạnh thu", "date": "2024-03-02", "source": "s",
             "text": "Giám đốc Sở Tài chính Mai Xuân Trường cho biết ngành sẽ đẩy mạnh thu ngân sách."}]
    out = tmp_path / "out"
    done = _batch(_write(tmp_path / "in.jsonl", arts), "--out", out)
    assert done.returncode == 0, done.stderr
    officials = pq.read_table(out / "officials.parquet").to_pylist()
    ids = {o["person_id"] for o in officials if o["person"] == "Mai Xuân Trường"}
    assert len(ids) == 1 and {o["doc_id"] for o in officials if o["person"] == "Mai Xuân Trường"} == {"a1", "a2"}
    entities = pq.read_table(out / "entities.parquet").to_pylist()
    assert {e["entity_id"] for e in entities if e["label"] == "PERSON"} == ids
    assert {p["person_id"] for p in pq.read_table(out / "persons.parquet").to_pylist()} == ids
