"""How long the dashboard and the PostgreSQL load take at archive scale.

    .venv/bin/python scripts/bench_report.py                      # synthetic 11,642-document output
    .venv/bin/python scripts/bench_report.py --out-dir OUT        # a real `vnmonitor batch` output
    .venv/bin/python scripts/bench_report.py --pg postgresql://... # also load into PostgreSQL and report from it

The synthetic output is generated from templates (no corpus text): documents
spread over a year and a dozen sources, themed sentences, agencies, officials
and money figures at roughly the density the pipeline produces, and the
shipped taxonomy as the themes table.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

ORGS = ["Bộ Tài chính", "Bộ Nội vụ", "Thanh tra Chính phủ", "Sở Nội vụ tỉnh Nam Định", "UBND tỉnh Sơn La",
        "Cục Thuế TP Hà Nội", "Kiểm toán Nhà nước", "Tổng cục Hải quan", "Sở Tài chính tỉnh Cà Mau",
        "UBND TP Đà Nẵng", "Bộ Công an", "Văn phòng Chính phủ"]
PEOPLE = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Giang"]
TITLES = ["Bộ trưởng", "Chủ tịch", "Giám đốc", "Chánh Thanh tra", "Thứ trưởng"]


def synthetic_pairs(n: int, themes: list[str], seed: int = 0):
    rng = random.Random(seed)
    start = dt.date(2017, 1, 1)
    for i in range(n):
        org, person, title = rng.choice(ORGS), rng.choice(PEOPLE), rng.choice(TITLES)
        amount = rng.choice([5, 12, 45, 120, 800, 1500]) * rng.choice([1e6, 1e9])
        sentences = [f"{title} {org} {person} chủ trì cuộc họp lần thứ {i}.",
                     f"Kinh phí dự kiến là {amount:,.0f} đồng cho năm tới.",
                     "Các đơn vị được yêu cầu báo cáo kết quả trước cuối quý."]
        text = " ".join(sentences)
        offs, pos = [], 0
        for s in sentences:
            offs.append((pos, pos + len(s)))
            pos += len(s) + 1
        chosen = rng.sample(themes, rng.choice([0, 1, 1, 2]))
        passages = [{"start": s, "end": e,
                     "themes": [{"id": t, "score": round(rng.uniform(0.5, 1), 3)} for t in chosen if rng.random() < .7]}
                    for s, e in offs]
        o_start = text.index(org)
        m_text = f"{amount:,.0f} đồng"
        m_start = text.index(m_text)
        record = {
            "id": f"syn-{i:06d}", "title": f"Tin số {i}", "source": f"Báo {rng.randint(1, 12)}",
            "date": (start + dt.timedelta(days=rng.randrange(365))).isoformat(), "url": None,
            # sentences are the unit of theme decisions; here each passage is one sentence
            "sentences": [{"start": p["start"], "end": p["end"], "themes": p["themes"]} for p in passages],
            "entities": [{"label": "ORG", "start": o_start, "end": o_start + len(org), "text": org,
                          "value": None, "canonical": org},
                         {"label": "MONEY", "start": m_start, "end": m_start + len(m_text), "text": m_text,
                          "value": {"amount": amount, "currency": "VND"}}],
            "officials": [{"person": person, "title": title, "org": org, "start": 0,
                           "end": text.index(person) + len(person)}],
            "passages": passages,
            "themes": [{"id": t, "score": 0.9} for t in chosen],
        }
        yield record, text


def timed(label, fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    print(f"{label:<44} {time.perf_counter() - t0:7.2f} s", flush=True)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out-dir", type=Path, help="an existing batch output (default: synthesise one)")
    ap.add_argument("--documents", type=int, default=11_642)
    ap.add_argument("--pg", help="PostgreSQL URL: also load the tables there and report from it")
    args = ap.parse_args(argv)

    from pipeline.io.duckdb_store import build_database, table_counts
    from pipeline.io.parquet import write_table
    from pipeline.io.tables import records_to_arrow
    from pipeline.output.report import theme_names, write_report

    tmp = Path(tempfile.mkdtemp(prefix="bench-report-"))
    out = args.out_dir
    if out is None:
        out = tmp / "out"
        out.mkdir()
        from pipeline.themes.taxonomy import load_taxonomy

        themes = list(theme_names()) or [f"theme_{k}" for k in range(12)]
        tables = timed(f"synthesise {args.documents} documents", records_to_arrow,
                       synthetic_pairs(args.documents, themes), taxonomy=load_taxonomy())
        paths = {name: write_table(t, out / f"{name}.parquet") for name, t in tables.items()}
        timed("build vnmonitor.duckdb", build_database, out / "vnmonitor.duckdb", paths)
    print("rows:", ", ".join(f"{k} {v}" for k, v in table_counts(out / "vnmonitor.duckdb").items()))
    page = tmp / "report.html"
    timed("report from DuckDB", write_report, out, page)
    print(f"report size: {page.stat().st_size / 1024:.0f} KiB")
    if args.pg:
        from urllib.parse import quote

        import psycopg

        from pipeline.io.postgres import load_output_dir

        schema = f"bench_{uuid.uuid4().hex[:8]}"
        try:
            timed("load into PostgreSQL (first time)", load_output_dir, out, args.pg, schema)
            timed("load into PostgreSQL (again: replace)", load_output_dir, out, args.pg, schema)
            url = args.pg + ("&" if "?" in args.pg else "?") + "options=" + quote(f"-csearch_path={schema}")
            timed("report from PostgreSQL", write_report, None, tmp / "report-pg.html", db=url)
        finally:
            with psycopg.connect(args.pg, autocommit=True) as con:
                con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    print(f"outputs in {tmp}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
