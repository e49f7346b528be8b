"""Records -> table rows -> Parquet -> DuckDB and its dashboard views, on hand-made records."""
import datetime as dt
import json

import duckdb
import pytest

from pipeline.io.duckdb_store import VIEWS, build_database, table_counts
from pipeline.io.parquet import merge_parts, write_table
from pipeline.io.tables import TABLE_NAMES, TABLES, record_rows, records_to_arrow, taxonomy_rows
from pipeline.themes.taxonomy import from_dict

TEXT_A = "Ngày 2/5/2024, Sở Tài chính tỉnh Phú Yên chi 3,5 tỷ đồng. Tỷ lệ giải ngân đạt 40%.\nĐoạn hai nói về thi đua."
TEXT_B = "Cục Thuế tỉnh Gia Lai thu 120 tỷ đồng. Ông Lý Văn Nam, Cục trưởng Cục Thuế tỉnh Gia Lai, phát biểu."


def _span(text, sub):
    start = text.index(sub)
    return start, start + len(sub)


def record_a():
    t = TEXT_A
    s1, s2, s3 = (0, t.index(" Tỷ lệ")), _span(t, "Tỷ lệ giải ngân đạt 40%."), _span(t, "Đoạn hai nói về thi đua.")
    money, pct, org, date = _span(t, "3,5 tỷ đồng"), _span(t, "40%"), _span(t, "Sở Tài chính tỉnh Phú Yên"), _span(t, "Ngày 2/5/2024")
    return {
        "id": "a", "title": "Tiêu đề A", "date": "2024-05-02", "date_inferred": True, "source": "Báo X", "url": None,
        "sentences": [{"start": s, "end": e, "themes": th} for (s, e), th in zip(
            (s1, s2, s3), ([{"id": "tiet_kiem", "score": 0.8}], [{"id": "tiet_kiem", "score": 0.7}],
                           [{"id": "thi_dua", "score": 0.6}]))],
        "entities": [
            {"label": "DATE", "start": date[0], "end": date[1], "text": t[date[0]:date[1]], "value": "2024-05-02"},
            {"label": "ORG", "start": org[0], "end": org[1], "text": t[org[0]:org[1]], "value": None,
             "canonical": "Sở Tài chính Phú Yên"},
            {"label": "MONEY", "start": money[0], "end": money[1], "text": t[money[0]:money[1]],
             "value": {"amount": 3500000000, "currency": "VND"}},
            {"label": "PERCENT", "start": pct[0], "end": pct[1], "text": "40%", "value": 40},
        ],
        "officials": [],
        "passages": [{"start": 0, "end": s2[1], "themes": [{"id": "tiet_kiem", "score": 0.8}]},
                     {"start": s3[0], "end": s3[1], "themes": [{"id": "thi_dua", "score": 0.6},
                                                                {"id": "tiet_kiem", "score": 0.3}]}],
        "themes": [{"id": "tiet_kiem", "score": 0.8}, {"id": "thi_dua", "score": 0.6}],
    }


def record_b():
    t = TEXT_B
    org1, org2 = _span(t, "Cục Thuế tỉnh Gia Lai"), (t.rindex("Cục Thuế tỉnh Gia Lai"), t.rindex("Cục Thuế tỉnh Gia Lai") + 21)
    money = _span(t, "120 tỷ đồng")
    return {
        "id": "b", "title": None, "date": "2024-05-02", "source": None, "url": None,
        "sentences": [{"start": 0, "end": t.index(" Ông"), "themes": [{"id": "thu_ngan_sach", "score": 0.9}]},
                      {"start": t.index("Ông"), "end": len(t), "themes": []}],
        "entities": [
            {"label": "ORG", "start": org1[0], "end": org1[1], "text": t[org1[0]:org1[1]], "value": None, "canonical": None},
            {"label": "MONEY", "start": money[0], "end": money[1], "text": "120 tỷ đồng",
             "value": {"amount": 120000000000, "currency": "VND", "amount_max": 150000000000}},
            {"label": "ORG", "start": org2[0], "end": org2[1], "text": t[org2[0]:org2[1]], "value": None, "canonical": None},
        ],
        "officials": [{"person": "Lý Văn Nam", "title": "Cục trưởng", "org": "Cục Thuế tỉnh Gia Lai",
                       "start": t.index("Lý"), "end": len(t) - len(", phát biểu.")}],
        "passages": [{"start": 0, "end": len(t), "themes": [{"id": "thu_ngan_sach", "score": 0.9}]}],
        "themes": [{"id": "thu_ngan_sach", "score": 0.9}, {"id": "tiet_kiem", "score": 0.35}],
    }


def test_rows_spread_values_and_find_each_entity_sentence():
    rows = record_rows(record_a(), TEXT_A)
    [doc] = rows["documents"]
    assert doc["date"] == dt.date(2024, 5, 2) and doc["date_inferred"] is True
    assert (doc["n_chars"], doc["n_sentences"], doc["n_entities"], doc["top_theme"]) == (len(TEXT_A), 3, 4, "tiet_kiem")
    by_label = {e["label"]: e for e in rows["entities"]}
    assert by_label["MONEY"]["amount"] == 3.5e9 and by_label["MONEY"]["currency"] == "VND"
    assert by_label["MONEY"]["sentence"] == "Ngày 2/5/2024, Sở Tài chính tỉnh Phú Yên chi 3,5 tỷ đồng."
    assert by_label["PERCENT"]["percent"] == 40.0 and by_label["PERCENT"]["sentence"] == "Tỷ lệ giải ngân đạt 40%."
    assert by_label["DATE"]["value_date"] == "2024-05-02" and by_label["DATE"]["amount"] is None
    assert by_label["ORG"]["canonical"] == "Sở Tài chính Phú Yên"
    assert json.loads(by_label["MONEY"]["value"]) == {"amount": 3500000000, "currency": "VND"}
    assert [p["text"] for p in rows["passages"]][1] == "Đoạn hai nói về thi đua."
    assert [(p["passage_no"], p["top_theme"]) for p in rows["passages"]] == [(0, "tiet_kiem"), (1, "thi_dua")]
    assert sorted((r["passage_no"], r["theme"]) for r in rows["passage_themes"]) == [
        (0, "tiet_kiem"), (1, "thi_dua"), (1, "tiet_kiem")]


def test_rows_of_a_record_without_analysis_results():
    rec = {"id": "z", "title": None, "date": None, "source": None, "url": None,
           "sentences": [], "entities": [], "officials": [], "passages": [], "themes": []}
    rows = record_rows(rec, "Một văn bản.")
    assert rows["documents"][0]["date"] is None and rows["documents"][0]["top_theme"] is None
    assert all(not rows[name] for name in TABLE_NAMES if name != "documents")
    tables = records_to_arrow([(rec, "Một văn bản.")])
    assert {name: t.schema for name, t in tables.items()} == TABLES


def taxonomy(label_tiet_kiem: str = "Thực hành tiết kiệm"):
    """Two of the records' three themes (thu_ngan_sach is left out: its views show the code)."""
    return from_dict({"version": 1, "themes": [
        {"id": "tiet_kiem", "name": label_tiet_kiem, "en": "Thrift", "description": "Cắt giảm chi tiêu.",
         "cues": ["tiết kiệm"], "aliases": ["chong_lang_phi"]},
        {"id": "thi_dua", "name": "Thi đua, khen thưởng", "description": "Phong trào thi đua.", "cues": ["thi đua"]},
    ]})


@pytest.fixture()
def database(tmp_path):
    from pipeline.batch.merge import keep_one_taxonomy

    pairs = [(record_a(), TEXT_A), (record_b(), TEXT_B)]
    # two parts, as two chunks would write them (each with the taxonomy its worker ran with),
    # merged into one file per table
    parts = {}
    for i, pair in enumerate(pairs):
        for name, table in records_to_arrow([pair], taxonomy=taxonomy()).items():
            parts.setdefault(name, []).append(write_table(table, tmp_path / f"{name}-{i}.parquet"))
    merged = {name: tmp_path / f"{name}.parquet" for name in TABLE_NAMES}
    for name in TABLE_NAMES:
        merge_parts(name, parts[name], merged[name])
    assert keep_one_taxonomy(merged["themes"]) == 2
    path = tmp_path / "db.duckdb"
    counts = build_database(path, merged)
    return path, counts


def test_database_tables_and_types(database):
    path, counts = database
    assert counts == {"documents": 2, "documents_themes": 4, "entities": 7, "officials": 1,
                      "passages": 3, "passage_themes": 4, "legal_refs": 0, "signers": 0, "sentence_themes": 4,
                      # the coverage tables are filled by the batch's coverage step, not per record
                      "stories": 0, "agencies": 0, "persons": 0, "places": 0,
                      # the taxonomy once, though both chunks wrote it
                      "themes": 2}
    assert table_counts(path) == counts
    with duckdb.connect(str(path), read_only=True) as con:
        types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                                 "WHERE table_name = 'documents'").fetchall())
        assert types["date"] == "DATE" and types["n_chars"] == "INTEGER" and types["date_inferred"] == "BOOLEAN"
        ent = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                               "WHERE table_name = 'entities'").fetchall())
        assert ent["amount"] == "DOUBLE" and ent["end"] == "INTEGER"


def _view(path, name, order):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(f"SELECT * FROM {name} ORDER BY {order}").fetchall()


def test_coverage_and_source_views(database):
    path, _ = database
    day = dt.date(2024, 5, 2)
    # tiet_kiem: both documents, passages and sentences only in a (2, 2); thi_dua: a (1 passage,
    # 1 sentence); thu_ngan_sach: b (1, 1), a theme the taxonomy lacks: its label is its code
    assert _view(path, "v_theme_coverage_daily", "theme") == [
        (day, "thi_dua", "Thi đua, khen thưởng", 1, 1, 1), (day, "thu_ngan_sach", "thu_ngan_sach", 1, 1, 1),
        (day, "tiet_kiem", "Thực hành tiết kiệm", 2, 2, 2)]
    assert _view(path, "v_theme_by_source", "source, theme") == [
        ("(unknown)", "thu_ngan_sach", "thu_ngan_sach", 1, 1.0), ("(unknown)", "tiet_kiem", "Thực hành tiết kiệm", 1, 1.0),
        ("Báo X", "thi_dua", "Thi đua, khen thưởng", 1, 1.0), ("Báo X", "tiet_kiem", "Thực hành tiết kiệm", 1, 1.0)]


def test_agency_official_and_money_views(database):
    path, _ = database
    with duckdb.connect(str(path), read_only=True) as con:
        agencies = con.execute("SELECT theme, theme_label, org, n_mentions, n_documents, n_stories "
                               "FROM v_top_agencies_by_theme ORDER BY theme, org").fetchall()
        officials = con.execute("SELECT theme, theme_label, person, title, org, former, n_documents, n_stories "
                                "FROM v_top_officials_by_theme ORDER BY theme").fetchall()
    # (without the coverage step's registry ids an agency is keyed by its canonical name)
    assert ("thu_ngan_sach", "thu_ngan_sach", "Cục Thuế tỉnh Gia Lai", 2, 1, 1) in agencies
    assert ("tiet_kiem", "Thực hành tiết kiệm", "Sở Tài chính Phú Yên", 1, 1, 1) in agencies   # canonical form preferred
    assert len(agencies) == 4   # each document's one agency under each of its two themes
    assert officials == [
        ("thu_ngan_sach", "thu_ngan_sach", "Lý Văn Nam", "Cục trưởng", "Cục Thuế tỉnh Gia Lai", False, 1, 1),
        ("tiet_kiem", "Thực hành tiết kiệm", "Lý Văn Nam", "Cục trưởng", "Cục Thuế tỉnh Gia Lai", False, 1, 1)]
    money = _view(path, "v_money_figures", "amount DESC")
    assert [(m[0], m[5], m[6], m[7]) for m in money] == [("b", 1.2e11, "VND", 1.5e11), ("a", 3.5e9, "VND", None)]
    assert money[0][8] == "Cục Thuế tỉnh Gia Lai thu 120 tỷ đồng."


def test_view_sql_avoids_duckdb_only_syntax():
    for name, sql in VIEWS.items():
        lowered = sql.lower()
        for duckdb_only in ("::", "qualify", "list_", "struct_", "strftime", "group by all", "ilike"):
            assert duckdb_only not in lowered, (name, duckdb_only)


def test_build_database_replaces_the_previous_one_whole(database, tmp_path):
    path, _ = database
    empty = {name: tmp_path / f"empty-{name}.parquet" for name in TABLE_NAMES}
    for name in TABLE_NAMES:
        write_table(records_to_arrow([])[name], empty[name])
    assert set(build_database(path, empty).values()) == {0}
    assert set(table_counts(path).values()) == {0}
    assert not list(tmp_path.glob(".*tmp*"))


def test_themes_table_holds_the_taxonomy_once_in_parquet_and_duckdb(database):
    import pyarrow.parquet as pq

    path, _ = database
    expected = [("tiet_kiem", "Thực hành tiết kiệm", "Cắt giảm chi tiêu.", "Thrift", '["chong_lang_phi"]', 0),
                ("thi_dua", "Thi đua, khen thưởng", "Phong trào thi đua.", None, None, 1)]
    cols = TABLES["themes"].names
    assert cols == ["id", "label", "description", "label_en", "aliases", "theme_no"]
    parquet = pq.read_table(path.parent / "themes.parquet")
    assert parquet.schema == TABLES["themes"]
    assert [tuple(r[c] for c in cols) for r in parquet.to_pylist()] == expected
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute(f"SELECT {', '.join(cols)} FROM themes ORDER BY theme_no").fetchall() == expected


def test_an_edited_taxonomys_label_reaches_the_table_and_the_views(tmp_path):
    edited = taxonomy("Chống lãng phí <b>(sửa)</b>")
    tables = records_to_arrow([(record_a(), TEXT_A), (record_b(), TEXT_B)], taxonomy=edited)
    paths = {name: write_table(t, tmp_path / f"{name}.parquet") for name, t in tables.items()}
    build_database(tmp_path / "e.duckdb", paths)
    with duckdb.connect(str(tmp_path / "e.duckdb"), read_only=True) as con:
        assert con.execute("SELECT label FROM themes WHERE id = 'tiet_kiem'").fetchone() == ("Chống lãng phí <b>(sửa)</b>",)
        labels = {view: con.execute(f"SELECT DISTINCT theme_label FROM {view} WHERE theme = 'tiet_kiem'").fetchall()
                  for view in VIEWS if "theme_label" in VIEWS[view]}
    assert len(labels) == 6   # every view keyed by theme
    assert all(rows == [("Chống lãng phí <b>(sửa)</b>",)] for rows in labels.values()), labels


def test_shipped_taxonomy_rows():
    from pipeline.themes.taxonomy import load_taxonomy

    shipped = load_taxonomy()
    rows = taxonomy_rows(shipped)
    assert [r["id"] for r in rows] == shipped.ids and [r["theme_no"] for r in rows] == list(range(len(shipped)))
    assert all(r["label"] == shipped[r["id"]].name and r["label"] != r["id"] and r["description"] for r in rows)
    assert taxonomy_rows(None) == []


def test_merged_parts_are_gathered_into_row_groups_of_the_set_size(tmp_path, monkeypatch):
    """Forty chunk parts of one document each: the merged file holds their rows in order, in row
    groups of GROUP_ROWS rows (the last one shorter), not one group per part."""
    import pyarrow.parquet as pq

    from pipeline.io import parquet

    monkeypatch.setattr(parquet, "GROUP_ROWS", 15)
    parts, expected = [], []
    for i in range(40):
        record = record_a()
        record["id"] = f"doc-{i:02d}"
        table = records_to_arrow([(record, TEXT_A)], taxonomy=taxonomy())["passages"]
        parts.append(write_table(table, tmp_path / f"passages-{i}.parquet"))
        expected += table.to_pylist()
    rows = merge_parts("passages", parts, tmp_path / "passages.parquet")
    merged = pq.ParquetFile(tmp_path / "passages.parquet")
    assert rows == len(expected) and merged.read().to_pylist() == expected
    sizes = [merged.metadata.row_group(g).num_rows for g in range(merged.metadata.num_row_groups)]
    assert len(expected) // 40 < 15 and all(size >= 15 for size in sizes[:-1])
    assert len(sizes) <= -(-len(expected) // 15)


def test_a_part_written_before_a_column_was_added_merges_with_that_column_null(tmp_path):
    """A run resumed with a newer vnmonitor merges the parts its older self wrote (documents gained
    issuer_parent and subject): the older part's rows come out with those columns null."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from pipeline.io.tables import TABLES

    schema = TABLES["documents"]
    new = pa.Table.from_pylist([{"doc_id": "b", "issuer_parent": "UBND tỉnh Nghệ An"}], schema=schema)
    old_schema = pa.schema([f for f in schema if f.name not in ("issuer_parent", "subject")])
    old = pa.Table.from_pylist([{"doc_id": "a", "issuer": "Sở Nội vụ"}], schema=old_schema)
    parts = [write_table(old, tmp_path / "old.parquet"), write_table(new, tmp_path / "new.parquet")]
    assert merge_parts("documents", parts, tmp_path / "documents.parquet") == 2
    rows = pq.read_table(tmp_path / "documents.parquet").to_pylist()
    assert [(r["doc_id"], r["issuer"], r["issuer_parent"], r["subject"]) for r in rows] == [
        ("a", "Sở Nội vụ", None, None), ("b", None, "UBND tỉnh Nghệ An", None)]
