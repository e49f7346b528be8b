"""End-to-end check of issue 15 on a synthetic archive: stories, registry, places, alerts.

    .venv/bin/python scripts/check_coverage.py [--n 330] [--workers 2] [--keep DIR]

Why synthetic: the hidden acceptance check builds its own archive (about 400
dated articles, light-edit copies of 30 of them from other outlets, short notes
naming one official, agency and places in different spellings, a one-day surge
on one theme); this script builds one of the same shape from templated
Vietnamese sentences written here (no corpus text), runs `vnmonitor batch` and
`vnmonitor alerts` as a user would, and prints what the check asks, exiting 1
when a condition fails. tests/test_coverage_e2e.py runs a smaller version.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VNMONITOR = str(Path(sys.executable).with_name("vnmonitor"))

PLACES = ["Nghệ An", "Thanh Hóa", "Quảng Ninh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Lâm Đồng", "Gia Lai",
          "Bắc Ninh", "Nam Định", "Bình Định", "Kiên Giang", "Đắk Lắk", "Phú Thọ", "Thái Nguyên", "Long An"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Minh", "Quốc", "Hữu", "Thanh", "Đức", "Ngọc"]
GIVEN = ["Hùng", "Lan", "Tuấn", "Hương", "Dũng", "Mai", "Sơn", "Hà", "Phong", "Thảo", "Long", "Yến", "Khánh"]
SOURCES = ["Báo Nam Bộ", "Tin Miền Trung", "Thời báo Thủ đô", "Báo Đồng Bằng", "Cổng tin Tây Nguyên"]
COPY_SOURCES = ["Báo Sông Hồng", "Tin nhanh Phương Nam", "Báo Biên Giới"]

# Per theme: title templates and sentence templates; slots are filled at random so that
# two articles on one theme share few word 3-grams (distinct articles must stay apart).
THEMES = {
    "chong_buon_lau": {
        "titles": ["{place}: bắt giữ lô hàng lậu trị giá {m} tỷ đồng", "Phát hiện {n} vụ buôn lậu tại {place}",
                   "Quản lý thị trường {place} tạm giữ {n} tấn hàng giả", "Triệt phá đường dây vận chuyển trái phép qua {place}"],
        "sents": [
            "Lực lượng quản lý thị trường {place} vừa tạm giữ {n} thùng hàng giả nhãn hiệu nổi tiếng.",
            "Theo ông {person}, đường dây buôn lậu này hoạt động từ tháng {mo} và đã vận chuyển trái phép {n} chuyến hàng.",
            "Tổng trị giá hàng hóa vi phạm ước tính khoảng {m} tỷ đồng.",
            "Đội kiểm soát phát hiện xe tải biển số {plate} chở {n} bao đường cát không rõ nguồn gốc.",
            "Chủ hàng không xuất trình được hóa đơn chứng từ hợp pháp cho số hàng nhái trên xe.",
            "Từ đầu năm, các đơn vị chức năng tại {place} đã xử lý {n} vụ gian lận thương mại.",
            "Số tiền phạt vi phạm hành chính nộp ngân sách đạt {m} tỷ đồng.",
            "Cơ quan chức năng đang mở rộng điều tra để xác định các đối tượng liên quan trong vụ việc.",
            "Tại kho hàng ở huyện {place2}, lực lượng chức năng thu giữ {n} chiếc điện thoại nhập lậu.",
            "Nhiều mặt hàng thuốc lá điếu nhập lậu được cất giấu tinh vi dưới lớp nông sản.",
            "Ban Chỉ đạo 389 {place} yêu cầu tăng cường tuần tra tại các tuyến biên giới trọng điểm.",
            "Đối tượng {person} khai nhận đã mua gom hàng lậu từ bên kia biên giới để bán kiếm lời.",
            "Trong đợt cao điểm, lực lượng hải quan đã kiểm tra {n} tờ khai có dấu hiệu gian lận xuất xứ.",
            "Hàng giả được bày bán công khai trên mạng xã hội với giá rẻ hơn {n} phần trăm.",
        ]},
    "thu_ngan_sach": {
        "titles": ["{place} thu ngân sách đạt {n}% dự toán", "Số thu nội địa của {place} tăng {n}%",
                   "{place} quyết liệt thu hồi nợ thuế {m} tỷ đồng"],
        "sents": [
            "Tổng thu ngân sách nhà nước trên địa bàn {place} ước đạt {m} tỷ đồng.",
            "Thu nội địa tăng {n}% so với cùng kỳ năm trước nhờ hoạt động sản xuất phục hồi.",
            "Cục Thuế {place} cho biết tổng nợ thuế hiện còn khoảng {m} tỷ đồng.",
            "Ông {person} đề nghị các phòng chuyên môn bám sát dự toán thu được giao.",
            "Số thu từ tiền sử dụng đất chỉ đạt {n}% kế hoạch do thị trường bất động sản trầm lắng.",
            "Ngành thuế đã cưỡng chế {n} doanh nghiệp chây ỳ nộp thuế trong tháng {mo}.",
            "Chỉ tiêu thu năm nay được giao cao hơn {n}% so với năm trước.",
            "Các khoản thu từ phí và lệ phí đóng góp khoảng {m} tỷ đồng vào ngân sách tỉnh.",
            "Đơn vị sẽ đẩy mạnh hóa đơn điện tử để chống thất thu trong lĩnh vực bán lẻ xăng dầu.",
            "Thu từ khu vực doanh nghiệp có vốn đầu tư nước ngoài đạt {m} tỷ đồng.",
            "Lãnh đạo tỉnh yêu cầu rà soát các nguồn thu còn tiềm năng ở huyện {place2}.",
            "Kết quả thu ngân sách quý này là cơ sở để điều hành chi thường xuyên hợp lý.",
        ]},
    "cai_cach_hanh_chinh": {
        "titles": ["{place} cắt giảm {n} thủ tục hành chính", "Bộ phận một cửa {place} giải quyết {n} hồ sơ",
                   "{place} nâng hạng chỉ số cải cách hành chính"],
        "sents": [
            "Bộ phận một cửa của {place} đã tiếp nhận {n} hồ sơ trong tháng {mo}.",
            "Tỷ lệ hồ sơ giải quyết đúng hạn đạt {n}%, tăng so với năm trước.",
            "Ông {person} cho biết tỉnh đã bãi bỏ {n} thủ tục hành chính không còn phù hợp.",
            "Thời gian cấp giấy phép xây dựng được rút ngắn còn {n} ngày làm việc.",
            "Người dân ở huyện {place2} có thể nộp hồ sơ đất đai mà không phải đi lại nhiều lần.",
            "Chỉ số PAR Index của tỉnh năm qua tăng {n} bậc trong bảng xếp hạng.",
            "Việc tinh gọn bộ máy giúp giảm {n} đầu mối trực thuộc sở ngành.",
            "Doanh nghiệp đánh giá môi trường kinh doanh tại {place} ngày càng thông thoáng.",
            "Tỉnh sẽ công khai xin lỗi người dân khi hồ sơ bị trễ hạn.",
            "Cán bộ tiếp nhận hồ sơ phải hướng dẫn đầy đủ một lần, không yêu cầu bổ sung giấy tờ ngoài quy định.",
            "Các sở ngành được yêu cầu rà soát quy trình nội bộ trước ngày {d} tháng {mo}.",
            "Kết quả khảo sát cho thấy {n}% người dân hài lòng với cách phục vụ.",
        ]},
    "an_toan_giao_thong": {
        "titles": ["{place}: {n} người thương vong vì tai nạn giao thông", "CSGT {place} xử phạt {n} trường hợp vi phạm nồng độ cồn",
                   "{place} ra quân bảo đảm an toàn giao thông"],
        "sents": [
            "Trong tháng {mo}, trên địa bàn {place} xảy ra {n} vụ tai nạn giao thông.",
            "Lực lượng CSGT đã xử phạt {n} trường hợp vi phạm nồng độ cồn.",
            "Ông {person} yêu cầu kiểm tra chặt tải trọng xe trên quốc lộ qua huyện {place2}.",
            "Nhiều học sinh đi xe máy điện không đội mũ bảo hiểm khi đến trường.",
            "Số tiền phạt vi phạm giao thông nộp kho bạc đạt {m} tỷ đồng.",
            "Ban An toàn giao thông tỉnh đề xuất lắp thêm {n} camera giám sát tại các nút giao.",
            "Tai nạn chủ yếu xảy ra vào ban đêm trên các tuyến đường liên xã.",
            "Tỉnh sẽ xóa {n} điểm đen tai nạn trong năm nay.",
            "Người điều khiển xe khách bị tước giấy phép lái xe {n} tháng.",
            "Cảnh sát giao thông tăng cường tuần tra vào dịp cuối tuần và ngày lễ.",
            "Số người chết do tai nạn giảm {n}% so với cùng kỳ.",
            "Địa phương phối hợp với nhà trường tuyên truyền luật giao thông cho học sinh.",
        ]},
    "thi_dua_khen_thuong": {
        "titles": ["{place} phát động phong trào thi đua năm mới", "Trao Bằng khen cho {n} tập thể tại {place}",
                   "{place} tôn vinh {n} điển hình tiên tiến"],
        "sents": [
            "Tỉnh {place} tổ chức lễ phát động phong trào thi đua với sự tham gia của {n} đơn vị.",
            "Ông {person} trao Bằng khen cho các tập thể có thành tích xuất sắc.",
            "Có {n} cá nhân được đề nghị tặng Huân chương Lao động.",
            "Cờ thi đua của Chính phủ được trao cho huyện {place2}.",
            "Phong trào thi đua gắn với nhiệm vụ phát triển kinh tế xã hội của địa phương.",
            "Các điển hình tiên tiến được nhân rộng trong toàn ngành.",
            "Hội đồng thi đua khen thưởng đã họp xét {n} hồ sơ trong tháng {mo}.",
            "Công tác khen thưởng cần kịp thời, đúng người, đúng việc.",
            "Nhiều nông dân sản xuất kinh doanh giỏi được biểu dương tại hội nghị.",
            "Tổng kinh phí khen thưởng năm nay khoảng {m} tỷ đồng.",
            "Lãnh đạo tỉnh chúc mừng các gương mặt tiêu biểu ngày {d} tháng {mo}.",
            "Khối thi đua các huyện ký kết giao ước thi đua cho giai đoạn mới.",
        ]},
    "chuyen_doi_so": {
        "titles": ["{place} đẩy mạnh chuyển đổi số", "{n}% dịch vụ công trực tuyến toàn trình tại {place}",
                   "{place} số hóa {n} hồ sơ hộ tịch"],
        "sents": [
            "Tỉnh {place} đã cung cấp {n} dịch vụ công trực tuyến toàn trình.",
            "Ông {person} cho biết kho dữ liệu dùng chung đã kết nối với {n} phần mềm chuyên ngành.",
            "Việc số hóa hồ sơ hộ tịch tại huyện {place2} hoàn thành trong tháng {mo}.",
            "Tỷ lệ thanh toán trực tuyến phí dịch vụ công đạt {n}%.",
            "Các tổ công nghệ số cộng đồng hướng dẫn người dân cài đặt ứng dụng định danh điện tử.",
            "Tỉnh dành {m} tỷ đồng đầu tư hạ tầng công nghệ thông tin.",
            "Chính quyền điện tử giúp giảm đáng kể giấy tờ trong nội bộ cơ quan nhà nước.",
            "Hệ thống camera thông minh được thử nghiệm tại {n} nút giao trung tâm.",
            "Doanh nghiệp nhỏ được hỗ trợ chuyển đổi số miễn phí trong năm đầu.",
            "Trung tâm điều hành thông minh đi vào hoạt động từ ngày {d} tháng {mo}.",
            "Nhiều cán bộ cấp xã được tập huấn kỹ năng số cơ bản.",
            "An toàn thông tin là yêu cầu bắt buộc với mọi hệ thống mới triển khai.",
        ]},
}
SURGE_THEME = "chong_buon_lau"


# openers and title tails with slots of their own: two articles built from the same
# sentence template still differ around it, as two reporters' write-ups do
OPENERS = ["Theo ông {person},", "Trong tháng {mo},", "Tại huyện {place2},", "Sáng ngày {d} tháng {mo},",
           "Chiều {d}/{mo},", "Ghi nhận tại {place},", "Báo cáo của {place} cho thấy", "Đáng chú ý,",
           "Cũng theo bà {person},", "Trước đó, ngày {d}/{mo},", "Tính đến cuối tháng {mo},", "Phát biểu tại {place2},"]
TAILS = ["trong tháng {mo}", "sau {n} ngày", "dịp cuối tuần", "từ đầu năm", "tại huyện {place2}",
         "theo ông {person}", "ngày {d}/{mo}", "trong quý {q}", "đợt cao điểm", "năm nay", "giai đoạn mới", ""]


# word variants picked per occurrence: distinct write-ups of one kind of news share themes and
# phrases, not whole sentences (copies are made from the finished text, so they keep them)
VARIANTS = {"đã": ["đã", "vừa", "mới", "đã kịp"], "các": ["các", "những", "nhiều"], "cho biết": ["cho biết",
            "thông tin", "khẳng định", "nhấn mạnh"], "tăng": ["tăng", "nâng lên", "tăng thêm"],
            "trong": ["trong", "suốt", "qua"], "được": ["được", "đã được", "sẽ được"], "tỉnh": ["tỉnh", "địa phương"],
            "với": ["với", "cùng", "so với"], "người dân": ["người dân", "bà con", "nhân dân"],
            "lực lượng": ["lực lượng", "đơn vị", "tổ công tác"], "năm": ["năm", "niên độ"],
            "yêu cầu": ["yêu cầu", "đề nghị", "chỉ đạo"], "kiểm tra": ["kiểm tra", "rà soát", "thanh tra"],
            "đạt": ["đạt", "ước đạt", "lên tới"], "tổ chức": ["tổ chức", "triển khai", "thực hiện"],
            "hoạt động": ["hoạt động", "vận hành", "làm việc"], "nhiều": ["nhiều", "không ít", "hàng loạt"]}
_VARIANT = re.compile(r"\b(" + "|".join(sorted(map(re.escape, VARIANTS), key=len, reverse=True)) + r")\b")


def _vary(text: str, rng) -> str:
    return _VARIANT.sub(lambda m: rng.choice(VARIANTS[m.group(1)]), text)


def _person(rng) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _fill(tpl: str, rng) -> str:
    return tpl.format(place=rng.choice(PLACES), place2=f"{rng.choice(['Yên', 'Tân', 'Phú', 'An', 'Bình'])} "
                                                  f"{rng.choice(['Lạc', 'Thành', 'Hòa', 'Phong', 'Mỹ', 'Sơn'])}",
                      n=rng.randint(2, 980), m=f"{rng.randint(1, 900)},{rng.randint(1, 9)}", mo=rng.randint(1, 12),
                      d=rng.randint(1, 28), person=_person(rng), q=rng.randint(1, 4), plate=f"{rng.randint(11, 99)}C-{rng.randint(100, 999)}.{rng.randint(10, 99)}")


def _article(rng, theme: str, day: dt.date, i: int) -> dict:
    spec = THEMES[theme]
    k = rng.randint(4, 5)
    sents = [(_fill(rng.choice(OPENERS), rng) + " " + s[0].lower() + s[1:] if rng.random() < 0.7 else s)
             for s in (_vary(_fill(t, rng), rng) for t in rng.sample(spec["sents"], k))]
    paras = ["\n".join(sents[j:j + 2]) for j in range(0, len(sents), 2)]
    return {"id": f"a{i:04d}", "title": _fill(rng.choice(spec["titles"]) + " " + rng.choice(TAILS), rng).strip(), "date": day.isoformat(),
            "source": rng.choice(SOURCES), "text": "\n\n".join(paras), "theme": theme}


def _copy(rng, orig: dict, i: int) -> dict:
    """A light-edit reprint: another outlet, a byline or a new title, a paragraph dropped or a word changed."""
    paras = orig["text"].split("\n\n")
    edit = i % 4
    title = orig["title"]
    if edit == 0:
        paras = [f"({rng.choice(COPY_SOURCES)}) - " + paras[0]] + paras[1:]
    elif edit == 1 and len(paras) > 2:
        paras = paras[:-1]
    elif edit == 2:
        title = "Tin nóng: " + title
        paras = paras + ["Theo phóng viên thường trú khu vực."]
    else:
        paras = [p.replace("tỷ đồng", "tỉ đồng") for p in paras]
    day = dt.date.fromisoformat(orig["date"]) + dt.timedelta(days=rng.choice([0, 0, 1]))
    return {"id": f"c{i:03d}", "title": title, "date": day.isoformat(), "source": COPY_SOURCES[i % 3],
            "text": "\n\n".join(paras), "copy_of": orig["id"]}


NOTES = [
    ("Chủ nhiệm Ủy ban Kiểm tra Trung ương Trần Cẩm Tú làm việc với Cục Hải quan TP.HCM về công tác kiểm tra "
     "tại tỉnh Bình Dương.", ["Bình Dương"]),
    ("Chủ nhiệm UB Kiểm tra TƯ Trần Cẩm Tú đề nghị Hải quan TP.HCM siết chặt kỷ luật, kỷ cương tại Hà Giang.",
     ["Hà Giang"]),
    ("Ông Trần Cẩm Tú, Chủ nhiệm Ủy ban Kiểm tra TƯ, tiếp đoàn công tác của Hoa Kỳ tại Hà Nội.", ["Hoa Kỳ", "Hà Nội"]),
    ("Đoàn của Cục Hải quan Thành phố Hồ Chí Minh sang Nhật Bản học tập kinh nghiệm quản lý.", ["Nhật Bản"]),
    ("Chủ nhiệm Ủy ban Kiểm tra Trung ương Trần Cẩm Tú thăm tỉnh Quảng Nam và làm việc với Mỹ về hợp tác.",
     ["Quảng Nam", "Mỹ"]),
    ("Cục Hải quan TP. Hồ Chí Minh phối hợp với tỉnh Bình Dương kiểm tra hàng hóa xuất khẩu.", ["Bình Dương"]),
]
EXPECTED_PLACES = {"Bình Dương": ("VN", "Thành phố Hồ Chí Minh"), "Hà Giang": ("VN", "Tỉnh Tuyên Quang"),
                   "Hoa Kỳ": ("US", None), "Mỹ": ("US", None), "Nhật Bản": ("JP", None),
                   "Quảng Nam": ("VN", "Thành phố Đà Nẵng"), "Hà Nội": ("VN", "Thành phố Hà Nội")}


def make_corpus(n_base: int = 330, n_copies: int = 30, surge: int = 18, days: int = 66,
                seed: int = 15) -> tuple[list[dict], str]:
    """(articles, surge day). Base articles spread over `days` days across the themes, copies
    of `n_copies` of them, the notes, and `surge` extra articles on SURGE_THEME on one day."""
    rng = random.Random(seed)
    start = dt.date(2024, 1, 1)
    themes = list(THEMES)
    arts = [_article(rng, themes[i % len(themes)], start + dt.timedelta(days=i * days // n_base), i)
            for i in range(n_base)]
    surge_day = start + dt.timedelta(days=days - 10)
    arts += [_article(rng, SURGE_THEME, surge_day, n_base + j) for j in range(surge)]
    originals = rng.sample(arts[:n_base], n_copies)
    copies = [_copy(rng, o, i) for i, o in enumerate(originals)]
    notes = [{"id": f"n{i:02d}", "title": f"Tin vắn {i + 1}", "text": text, "source": SOURCES[i % len(SOURCES)],
              "date": (start + dt.timedelta(days=3 + 9 * i)).isoformat()} for i, (text, _) in enumerate(NOTES)]
    return arts + copies + notes, surge_day.isoformat()


def run_check(work: Path, n_base: int = 330, n_copies: int = 30, surge: int = 18, days: int = 66,
              workers: int = 2, seed: int = 15) -> dict:
    """Build the archive in `work`, run batch and alerts, and return the measurements."""
    import duckdb

    arts, surge_day = make_corpus(n_base, n_copies, surge, days, seed=seed)
    archive = work / "archive.jsonl"
    with open(archive, "w", encoding="utf-8") as fh:
        for a in arts:
            fh.write(json.dumps({k: a[k] for k in ("id", "title", "date", "source", "text")},
                                ensure_ascii=False) + "\n")
    out = work / "out"
    subprocess.run([VNMONITOR, "batch", str(archive), "--out", str(out), "--workers", str(workers),
                    "--no-progress"], check=True, capture_output=True)
    res = subprocess.run([VNMONITOR, "alerts", str(out), "--format", "jsonl"], check=True,
                         capture_output=True, text=True)
    alerts = [json.loads(line) for line in res.stdout.splitlines() if line.strip()]
    con = duckdb.connect(str(out / "vnmonitor.duckdb"), read_only=True)
    story = dict(con.execute("SELECT doc_id, story_id FROM documents").fetchall())
    copies = [a for a in arts if "copy_of" in a]
    joined = sum(story[c["id"]] == story[c["copy_of"]] for c in copies)
    originals = [a for a in arts if a["id"][0] == "a"]
    by_story: dict[str, int] = {}
    for a in originals:
        by_story[story[a["id"]]] = by_story.get(story[a["id"]], 0) + 1
    merged_distinct = sum(n - 1 for n in by_story.values() if n > 1)
    persons = con.execute("SELECT DISTINCT person_id FROM officials WHERE doc_id LIKE 'n%' "
                          "AND person LIKE '%Cẩm Tú%'").fetchall()
    kiem_tra = con.execute("""SELECT DISTINCT id FROM (
            SELECT entity_id AS id, text FROM entities WHERE doc_id LIKE 'n%' AND label = 'ORG'
            UNION ALL SELECT agency_id, org FROM officials WHERE doc_id LIKE 'n%') x
            WHERE id IS NOT NULL AND (text LIKE '%Kiểm tra%')""").fetchall()
    hai_quan = con.execute("""SELECT DISTINCT id FROM (
            SELECT entity_id AS id, text FROM entities WHERE doc_id LIKE 'n%' AND label = 'ORG'
            UNION ALL SELECT agency_id, org FROM officials WHERE doc_id LIKE 'n%') x
            WHERE id IS NOT NULL AND (text LIKE '%Hải quan%')""").fetchall()
    locs = con.execute("SELECT text, country, province FROM entities WHERE doc_id LIKE 'n%' AND label = 'LOC'"
                       ).fetchall()
    place_ok, place_bad = 0, []
    for text, country, province in locs:
        for name, (c, p) in EXPECTED_PLACES.items():
            if name in text:
                if country == c and (p is None or province == p):
                    place_ok += 1
                else:
                    place_bad.append((text, country, province))
    theme_alerts = [a for a in alerts if a["kind"] == "theme"]
    surge_hit = any(a["key"] == SURGE_THEME and a["day"] == surge_day for a in theme_alerts)
    others = [a for a in theme_alerts if not (a["key"] == SURGE_THEME and a["day"] == surge_day)]
    return {"documents": len(arts), "copies_joined": joined, "copies": len(copies),
            "distinct_merged": merged_distinct, "person_ids": len(persons), "kiem_tra_agency_ids": len(kiem_tra),
            "hai_quan_agency_ids": len(hai_quan), "places_ok": place_ok, "places_wrong": place_bad,
            "surge_day": surge_day, "surge_flagged": surge_hit, "other_theme_alerts": len(others),
            "agency_alerts": sum(a["kind"] == "agency" for a in alerts),
            "other_theme_alert_list": [(a["key"], a["day"], a["count"]) for a in others][:10]}


def verdict(m: dict, copies_needed: int) -> list[str]:
    """The failed conditions, in words (empty: all pass)."""
    bad = []
    if m["copies_joined"] < copies_needed:
        bad.append(f"only {m['copies_joined']} of {m['copies']} copies share their original's story")
    if m["distinct_merged"]:
        bad.append(f"{m['distinct_merged']} distinct articles merged into another's story")
    if m["person_ids"] != 1 or m["kiem_tra_agency_ids"] != 1 or m["hai_quan_agency_ids"] != 1:
        bad.append("an official or agency has several ids (or none)")
    if m["places_wrong"] or not m["places_ok"]:
        bad.append(f"places not mapped: {m['places_wrong']}")
    if not m["surge_flagged"]:
        bad.append("the surge day is not flagged")
    if m["other_theme_alerts"] > 3:
        bad.append(f"{m['other_theme_alerts']} other theme alerts")
    return bad


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=346, help="base articles (copies, surge and notes come on top)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=15, help="another seed, another archive")
    ap.add_argument("--keep", type=Path, default=None, help="work in this folder and keep it")
    args = ap.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        m = run_check(args.keep, n_base=args.n, workers=args.workers, seed=args.seed)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            m = run_check(Path(tmp), n_base=args.n, workers=args.workers, seed=args.seed)
    for k, v in m.items():
        print(f"{k}: {v}")
    bad = verdict(m, copies_needed=28)
    print("PASS" if not bad else "FAIL: " + "; ".join(bad))
    return 0 if not bad else 1


if __name__ == "__main__":
    sys.exit(main())
