"""Small synthetic archives for batch tests, written from templates (no corpus text)."""
from __future__ import annotations

import json
from pathlib import Path

PROVINCES = ["An Giang", "Bắc Ninh", "Cà Mau", "Đắk Lắk", "Hà Giang", "Kon Tum", "Lào Cai", "Nam Định",
             "Phú Thọ", "Sơn La", "Tuyên Quang", "Yên Bái"]
TEMPLATES = [
    "Sáng {d}/{m}/2024, Sở Tài chính tỉnh {p} cho biết đã tiết kiệm {n} tỷ đồng chi thường xuyên. "
    "Tỷ lệ giải ngân vốn đầu tư công đạt {pct}%.",
    "Ngày {d}/{m}/2024, Cục Thuế tỉnh {p} thông báo số thu ngân sách đạt {n} tỷ đồng, bằng {pct}% dự toán.",
    "UBND tỉnh {p} tổ chức lễ phát động phong trào thi đua năm 2024.\n"
    "Chủ tịch UBND tỉnh {p} trao Bằng khen cho {n} tập thể có thành tích xuất sắc.",
]


def synthetic_records(n: int) -> list[dict]:
    records = []
    for i in range(n):
        text = TEMPLATES[i % len(TEMPLATES)].format(
            d=1 + i % 28, m=1 + i % 12, p=PROVINCES[i % len(PROVINCES)], n=10 + i, pct=20 + i % 70)
        rec = {"id": f"s{i:04d}", "title": f"Bản tin số {i}", "source": f"nguon-{i % 3}", "text": text}
        if i % 2:
            rec["date"] = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"
        records.append(rec)
    return records


def write_archive(path: Path, records: list[dict], extra_lines: list[str] = ()) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
