"""The sector of an organisation, and the report's agency lists keeping the public bodies."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.coverage.sectors import PUBLIC, SECTORS, is_public, public_first, sector

VNM = str(Path(sys.executable).with_name("vnmonitor"))


@pytest.mark.parametrize("name, expected", [
    ("Bộ Tài chính", "state"),
    ("Ủy ban nhân dân tỉnh Quảng Trị", "state"),
    ("Ngân hàng Nhà nước Việt Nam", "state"),          # longer than "Ngân hàng" (business)
    ("Ngân hàng TMCP Quân đội", "business"),
    ("Bộ Chính trị", "party"),                         # longer than "Bộ" (state)
    ("Tỉnh ủy Nghệ An", "party"),
    ("Ủy ban Mặt trận Tổ quốc tỉnh Bình Định", "mass"),
    ("Bệnh viện Đa khoa tỉnh Hà Tĩnh", "health"),
    ("Trường THPT Chu Văn An", "education"),
    ("Báo Dân trí", "media"),
    ("Đài Truyền hình Việt Nam", "media"),
    ("Đài Khí tượng thủy văn khu vực Nam Bộ", "state"),   # the weather service, longer than "Đài" (media)
    ("báo   dân trí", "media"),                        # case and spaces do not matter
    ("Công ty CP Sông Đà", "business"),
    ("Câu lạc bộ Hoàng Anh Gia Lai", "sport"),
    ("Facebook", "platform"),                          # platforms.txt
    ("Reuters", "media"),                              # generated from the archive's gazetteer
    ("Bộ", "state"),
    ("Bột mì Sài Gòn", "other"),                       # "Bột" is no "Bộ": whole words only
    ("Ban Điều hành dự án", "other"),                  # "Ban" alone names bodies of every sector
    ("", "other"),
    (None, "other"),
])
def test_sector(name, expected):
    assert sector(name) == expected
    assert is_public(name) == (expected in PUBLIC and bool(name))


@pytest.mark.parametrize("name, kept", [
    ("Ban Điều hành dự án", True),    # nothing classifies it, and it is written in Vietnamese
    ("QQ", False), ("Getty", False), ("Dior", False),   # a photo credit, a picture agency, a brand
    ("dantri.com.vn", False),          # a site: an outlet
])
def test_a_name_nothing_classifies_is_kept_in_the_lists_only_when_written_in_vietnamese(name, kept):
    """The report's agency list of 600 dantri articles ran QQ and DM (photo credits) second and third."""
    assert is_public(name) is kept


def test_every_sector_in_the_lexicon_is_known():
    from pipeline.entities.lexicon import LEXICON_DIR

    lines = [line for line in (LEXICON_DIR / "org_sectors.tsv").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines and all(line.split("\t")[1] in SECTORS for line in lines)


def test_the_generated_block_is_what_the_script_writes():
    script = Path(__file__).resolve().parents[1] / "scripts" / "build_org_sectors.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_public_first_keeps_public_rows_up_to_top_per_group():
    rows = [{"theme": "a", "org": n} for n in ("Báo Dân trí", "Bộ Tài chính", "Reuters", "Sở Y tế Hà Nội",
                                                "Cục Thuế", "Tổng cục Hải quan")]
    rows += [{"theme": "b", "org": n} for n in ("Toyota Motor", "Công ty X", "Tỉnh ủy Lào Cai")]
    kept = public_first(rows, 2, "org", "theme")
    # (Toyota Motor: a name in Latin letters that nothing classifies, left out since session 32)
    assert [(r["theme"], r["org"]) for r in kept] == [("a", "Bộ Tài chính"), ("a", "Sở Y tế Hà Nội"),
                                                      ("b", "Tỉnh ủy Lào Cai")]


def test_the_reports_agency_list_leaves_out_the_outlet(tmp_path):
    texts = ["(Dân trí) - Sáng 3/4, Bộ Tài chính họp báo về thu ngân sách quý I. Theo báo Dân trí, "
             "Tổng cục Thuế cho biết số thu đạt 95% kế hoạch.",
             "(Dân trí) - Bộ Tài chính yêu cầu các cục thuế đôn đốc thu nợ. Báo Dân trí sẽ tiếp tục đưa tin."]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": t, "date": f"2024-04-0{i + 1}"}, ensure_ascii=False)
                           + "\n" for i, t in enumerate(texts)), encoding="utf-8")
    subprocess.run([VNM, "batch", str(src), "--out", str(tmp_path / "out"), "--no-progress"], check=True,
                   capture_output=True)
    import pyarrow.parquet as pq

    sectors = {r["canonical"]: r["sector"] for r in pq.read_table(tmp_path / "out" / "agencies.parquet").to_pylist()}
    assert sectors["Báo Dân trí"] == "media" and sectors["Bộ Tài chính"] == "state"   # every row, with its sector
    import duckdb

    with duckdb.connect(str(tmp_path / "out" / "vnmonitor.duckdb"), read_only=True) as con:
        assert con.execute("SELECT sector FROM agencies WHERE canonical = 'Tổng cục Thuế'").fetchone() == ("state",)
        by_sector = dict(con.execute("SELECT sector, SUM(n_documents) FROM v_agency_coverage GROUP BY sector").fetchall())
    assert by_sector["media"] == 2 and by_sector["state"] >= 2      # the byline in both documents
    page = tmp_path / "report.html"
    subprocess.run([VNM, "report", str(tmp_path / "out"), "--out", str(page)], check=True, capture_output=True)
    html = page.read_text(encoding="utf-8")
    registry = html[html.index('id="registry"'):]
    registry = registry[:registry.index("</section>")]
    assert "Bộ Tài chính" in registry and "Dân trí" not in registry
