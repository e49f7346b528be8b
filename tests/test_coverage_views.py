"""The dashboard views and the report count what an analyst expects: an agency once whatever its
spelling, stories beside copies, mentions once, public bodies only in the lists and the alerts.

Found by an analyst recomputing the report of 530 dantri articles from its own tables: the per-theme
agency table grouped spellings ("Bộ GD&ĐT", "Bộ Giáo dục & Đào tạo" were two rows) and counted a
copy as a second article, the agency view showed the longest raw spelling and counted an official's
agency on top of the ORG it came from, and the paper's own site was an "agency".
"""
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

VNM = str(Path(sys.executable).with_name("vnmonitor"))
BODY = ("Sáng 3/4, Cục trưởng Cục Thuế tỉnh Bình An Lê Văn Tâm cho biết thu ngân sách nhà nước quý I đạt 1.200 "
        "tỷ đồng, bằng 30% dự toán. {ministry} đề nghị các địa phương đôn đốc thu nợ thuế. "
        "Theo dantri.com.vn, Cục Thuế tỉnh Bình An sẽ tăng cường thanh tra, kiểm tra thuế.")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    work = tmp_path_factory.mktemp("views")
    records = [{"id": "a", "source": "Báo A", "date": "2024-04-03", "text": BODY.format(ministry="Bộ GD&ĐT")},
               {"id": "b", "source": "Báo B", "date": "2024-04-03", "text": BODY.format(ministry="Bộ Giáo dục & Đào tạo")}]
    src = work / "in.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    subprocess.run([VNM, "batch", str(src), "--out", str(work / "out"), "--no-progress", "--workers", "1"],
                   check=True, capture_output=True)
    return work / "out"


def _rows(out, sql):
    with duckdb.connect(str(out / "vnmonitor.duckdb"), read_only=True) as con:
        cur = con.execute(sql)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]


def test_the_two_articles_are_copies_of_one_story_filed_under_budget_revenue(out):
    docs = _rows(out, "SELECT d.doc_id, d.story_id, dt.theme FROM documents d JOIN documents_themes dt USING (doc_id)")
    assert {r["doc_id"] for r in docs if r["theme"] == "thu_ngan_sach"} == {"a", "b"}
    assert len({r["story_id"] for r in docs}) == 1


def test_per_theme_agencies_are_registry_ids_with_stories_beside_copies(out):
    rows = _rows(out, "SELECT * FROM v_top_agencies_by_theme WHERE theme = 'thu_ngan_sach'")
    ministry = [r for r in rows if r["org"] == "Bộ Giáo dục và Đào tạo"]
    assert len(ministry) == 1, rows   # both spellings, one row
    assert (ministry[0]["n_documents"], ministry[0]["n_stories"]) == (2, 1)
    assert ministry[0]["sector"] == "state"
    [tax] = [r for r in rows if r["org"] == "Cục Thuế tỉnh Bình An"]
    assert (tax["n_mentions"], tax["n_documents"], tax["n_stories"]) == (4, 2, 1)


def test_the_agency_view_names_agencies_as_the_registry_does_and_counts_each_mention_once(out):
    coverage = {r["agency_id"]: r for r in _rows(out, "SELECT * FROM v_agency_coverage")}
    registry = {r["agency_id"]: r for r in _rows(out, "SELECT * FROM agencies")}
    orgs = _rows(out, "SELECT entity_id, COUNT(*) AS n FROM entities WHERE label = 'ORG' GROUP BY entity_id")
    for r in orgs:
        assert coverage[r["entity_id"]]["n_mentions"] == r["n"]   # the official's agency adds no mention
        assert registry[r["entity_id"]]["n_mentions"] == r["n"]   # in the agencies table either
        assert coverage[r["entity_id"]]["canonical"] == registry[r["entity_id"]]["canonical"]


def test_the_site_is_an_outlet_and_left_out_of_the_reports_lists(out, tmp_path):
    sectors = {r["canonical"]: r["sector"] for r in _rows(out, "SELECT canonical, sector FROM agencies")}
    assert sectors.get("dantri.com.vn") == "media"
    page = tmp_path / "report.html"
    subprocess.run([VNM, "report", str(out), "--out", str(page)], check=True, capture_output=True)
    html = page.read_text(encoding="utf-8")
    actors = html[html.index('id="actors"'):]
    actors = actors[:actors.index("</section>")]
    assert "<summary>dantri.com.vn</summary>" not in actors   # (its sentences may quote it)
    assert actors.count("<summary>Bộ Giáo dục và Đào tạo</summary>") == 1
    assert "<th>Câu chuyện</th>" in actors
    assert 'aria-label="Số câu chuyện theo chủ đề' in html   # the theme chart counts stories, not copies


def test_one_row_per_official_and_theme(out):
    rows = _rows(out, "SELECT * FROM v_top_officials_by_theme WHERE theme = 'thu_ngan_sach'")
    [tam] = [r for r in rows if r["person"] == "Lê Văn Tâm"]
    assert (tam["title"], tam["org"], tam["n_documents"], tam["n_stories"]) == ("Cục trưởng", "Cục Thuế tỉnh Bình An", 2, 1)


def test_agency_alerts_leave_out_outlets_and_companies():
    """An alert on Reuters was the only alert of the analyst's archive."""
    from pipeline.output.alerts import find_alerts

    class FakeDb:
        def rows(self, query, params=()):
            if "FROM agencies" in query:
                return [{"agency_id": "agency-news", "canonical": "Reuters", "sector": "media"},
                        {"agency_id": "agency-tax", "canonical": "Cục Thuế", "sector": "state"}]
            if "COUNT(DISTINCT" in query:
                return [{"day": f"2024-04-{d:02d}", "n": 40} for d in range(1, 31)]
            if "entity_id" in query:   # each agency: one story a day, then a surge on the 30th
                return [{"key": k, "day": f"2024-04-{d:02d}", "story": f"{k}-{d}-{i}"}
                        for k in ("agency-news", "agency-tax") for d in range(1, 31)
                        for i in range(12 if d == 30 else 1)]
            return []

    alerts = [a for a in find_alerts(FakeDb()) if a["kind"] == "agency"]
    assert [a["key"] for a in alerts] == ["agency-tax"]


def test_a_share_under_half_a_percent_is_not_shown_as_nothing():
    from pipeline.output.report.charts import _pct

    assert (_pct(0.004), _pct(0.0), _pct(0.25)) == ("<1%", "0%", "25%")


def test_a_merged_province_says_which_provinces_of_before_2025_its_mentions_were_in():
    """Hà Nam's April 2021 outbreak ranked as "Tỉnh Ninh Bình" (today's unit) with no word of Hà Nam."""
    from pipeline.output.report.coverage_data import _provinces_then
    from pipeline.output.report.coverage_section import _provinces

    class FakeDb:
        def rows(self, query, params=()):
            return [{"province": "Tỉnh Ninh Bình", "province_then": "Tỉnh Hà Nam", "n_mentions": 267},
                    {"province": "Tỉnh Ninh Bình", "province_then": "Tỉnh Ninh Bình", "n_mentions": 22},
                    {"province": "Thành phố Hà Nội", "province_then": "Thành phố Hà Nội", "n_mentions": 9}]

    then = _provinces_then(FakeDb())
    assert then == {"Tỉnh Ninh Bình": [("Tỉnh Hà Nam", 267), ("Tỉnh Ninh Bình", 22)]}
    html = _provinces({"provinces": [{"province": "Tỉnh Ninh Bình", "n_stories": 5, "n_documents": 6, "n_mentions": 289},
                                     {"province": "Thành phố Hà Nội", "n_stories": 3, "n_documents": 3, "n_mentions": 9}],
                       "provinces_then": then, "countries": [], "unmapped": 0})
    assert "theo đơn vị lúc đăng bài: Tỉnh Hà Nam 267, Tỉnh Ninh Bình 22" in html \
        and html.count("theo đơn vị lúc đăng bài") == 1


def test_the_alerts_section_explains_its_columns_in_vietnamese_with_decimal_commas():
    from pipeline.coverage.alerts import PoissonWindow
    from pipeline.output.report.coverage_section import _alerts

    params = {k: v for k, v in PoissonWindow().__dict__.items() if k != "name"}
    alerts = [{"kind": "agency", "key": "agency-1", "label": "Sở Tài chính", "day": "2024-10-23", "count": 5,
               "baseline": 0.2, "score": 5.65, "method": "poisson-window", "params": params},
              {"kind": "theme", "key": "chong_buon_lau", "day": "2024-10-24", "count": 8,
               "baseline": 3.757, "score": 28.03, "method": "poisson-window", "params": params}]
    html = _alerts({"alerts": alerts}, {"chong_buon_lau": "Chống buôn lậu"})
    assert "0,20*" in html and "3,76<" in html and "5,7<" in html and "28,0<" in html
    assert "0.2" not in html.split("<details>")[0]                  # no English decimals before the parameters
    assert "1 phần nghìn" in html and "Mức nền tối thiểu" in html and "<details><summary>Tham số" in html


PROVINCE_RECORDS = [
    # the province named through its agencies only: a story of Quảng Ninh all the same
    {"id": "qn", "date": "2024-05-06", "source": "Báo A",
     "text": "Công an tỉnh Quảng Ninh vừa bắt giữ hai đối tượng vận chuyển 300 kg pháo nổ. "
             "Đại tá Trần Văn Hải, Giám đốc Công an tỉnh Quảng Ninh, chỉ đạo mở rộng điều tra."},
    # a company, a club and a district's body named after places are not news of a province
    {"id": "firm", "date": "2024-05-06", "source": "Báo B",
     "text": "Công ty Cổ phần Hoàng Anh Gia Lai công bố lợi nhuận quý I tăng mạnh. "
             "Ủy ban nhân dân huyện Phù Mỹ tổ chức hội nghị về chuyển đổi số."},
    # a place and an agency of one province: one story, a mention of each kind
    {"id": "na", "date": "2024-05-07", "source": "Báo C",
     "text": "Sáng 7/5, Ủy ban nhân dân tỉnh Nghệ An tổ chức hội nghị tại thành phố Vinh, tỉnh Nghệ An."},
]


@pytest.fixture(scope="module")
def provinces_out(tmp_path_factory):
    work = tmp_path_factory.mktemp("provinces")
    src = work / "in.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in PROVINCE_RECORDS), encoding="utf-8")
    subprocess.run([VNM, "batch", str(src), "--out", str(work / "out"), "--no-progress", "--workers", "1"],
                   check=True, capture_output=True)
    return work / "out"


def test_a_province_counts_the_stories_naming_it_through_its_agencies(provinces_out):
    rows = {r["province"]: r for r in _rows(provinces_out, "SELECT * FROM v_province_coverage")}
    assert rows["Tỉnh Quảng Ninh"]["n_stories"] == 1
    assert rows["Tỉnh Quảng Ninh"]["n_mentions"] == 0 and rows["Tỉnh Quảng Ninh"]["n_agency_mentions"] >= 1
    assert rows["Tỉnh Quảng Ninh"]["n_stories_as_place"] == 0
    assert rows["Tỉnh Nghệ An"]["n_stories"] == 1 and rows["Tỉnh Nghệ An"]["n_stories_as_place"] == 1
    assert rows["Tỉnh Nghệ An"]["n_mentions"] >= 1 and rows["Tỉnh Nghệ An"]["n_agency_mentions"] == 1
    # Hoàng Anh Gia Lai is a company; huyện Phù Mỹ's name could be another province's district
    assert "Tỉnh Gia Lai" not in rows, rows
    placed = _rows(provinces_out, "SELECT text, province FROM entities WHERE doc_id = 'firm' AND label = 'ORG'")
    assert placed and all(r["province"] is None for r in placed), placed


def test_the_report_says_agencies_count_for_their_province(provinces_out, tmp_path):
    html = tmp_path / "r.html"
    subprocess.run([VNM, "report", str(provinces_out), "--out", str(html)], check=True, capture_output=True)
    section = html.read_text(encoding="utf-8").split('<section id="provinces">', 1)[1].split("</section>", 1)[0]
    assert "Lượt nhắc cơ quan" in section and "Tỉnh Quảng Ninh" in section
    assert "không tính địa danh trong tên cơ quan" not in section


def test_the_ids_section_lists_as_many_as_asked_and_says_how_many_the_data_has(provinces_out, tmp_path):
    """Probe of session 53: the ids lists stopped at 15 whatever --top said, and the page did not say so."""
    import re

    counts = _rows(provinces_out, "SELECT (SELECT COUNT(*) FROM v_agency_coverage) AS a, "
                                  "(SELECT COUNT(*) FROM v_official_coverage) AS o")[0]
    assert counts["a"] >= 3
    for ids in (1, 2):
        html = tmp_path / f"r{ids}.html"
        subprocess.run([VNM, "report", str(provinces_out), "--out", str(html), "--ids", str(ids)],
                       check=True, capture_output=True)
        section = html.read_text(encoding="utf-8").split('<section id="registry">', 1)[1].split("</section>", 1)[0]
        agencies = section.split("</table>", 1)[0]
        assert len(re.findall(r"<code>agency-", agencies)) == ids
        assert f"trong {counts['a']} mã cơ quan và {counts['o']} mã cán bộ" in section


def test_a_former_post_is_written_as_former_with_the_dates_it_was_named():
    from pipeline.output.report.coverage_section import _actors

    positions = [{"title": "Thứ trưởng", "org": "Bộ Tài chính", "former": False,
                  "first_seen": "2025-07-02", "last_seen": "2026-02-20"},
                 {"title": "Chủ tịch", "org": "Ủy ban nhân dân tỉnh Nghệ An", "former": True,
                  "first_seen": "2026-02-15", "last_seen": "2026-02-20"}]
    html = _actors({"agencies": [], "officials": [{"person_id": "person-1", "person": "Lê Minh Tuấn",
                                                   "n_stories": 2, "n_documents": 2}],
                    "positions": {"person-1": positions}, "totals": {"agencies": 0, "officials": 1}, "top": 15})
    assert "nguyên Chủ tịch Ủy ban nhân dân tỉnh Nghệ An (nhắc " in html
    assert "Thứ trưởng Bộ Tài chính (" in html and "nguyên Thứ trưởng" not in html
