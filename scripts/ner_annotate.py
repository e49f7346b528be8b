#!/usr/bin/env python3
"""Hand-annotation helper for NER standoff data (corpora/ner/annotations.jsonl).

The tool never writes corpus text into the repo: it prints regions to the
terminal for a human to read, and stores only document ids, offsets, labels,
normalised values and a short sha1 of each region.

Regions: a run of whole lines from the start of a document (title included),
grown line by line until it holds at least ``--min`` characters; documents
whose first such run is longer than ``--max`` are not proposed.

Spec files (what the annotator writes, one block per region)::

    == baomoi-2017 baomoi-00000000 0 1500
    ORG: Sở Nội vụ tỉnh Bình An | Tỉnh ủy Bình An | Tỉnh ủy
    PERSON: Nguyễn Văn An | An
    TITLE: Giám đốc | Phó Bí thư
    DATE: ngày 3/2 | năm 2016
    # O claims the text and emits no entity
    O: An Phú
    # only the 2nd and 3rd occurrence
    PERSON: An#2,3
    # "!" matches first, so "Ban Tuyên giáo Trung ương" cannot swallow "Ban"
    TITLE: !Phó Trưởng Ban

Every listed string is matched in the region at word boundaries (all
occurrences unless ``#k`` is given; occurrences are counted among all
word-bounded matches), longest strings first, never overlapping an earlier
claim. Matching runs on the normalised view (pipeline.text.normalize) so
"hoá"/"hóa" or doubled combining marks do not matter; offsets are mapped back
to the raw text. Strings that match nothing are reported.

Usage:
  ner_annotate.py candidates [--corpus C] [--limit N] [--min 1000] [--max 2000] [--skip N] [--word W]
  ner_annotate.py sample --out-dir DIR [--n 1200] [--parts 8]   random regions, both corpora
  ner_annotate.py show [--corpus C] DOC [DOC ...] [--min 1000] [--max 2000]
  ner_annotate.py add SPEC [SPEC ...]          match and append/replace records
  ner_annotate.py check [DOC ...]               print regions with [span|LABEL] marks
  ner_annotate.py validate                      check the annotation file
  ner_annotate.py stats                         counts per label and corpus
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

from common import ROOT, SHARED  # noqa: E402,F401  (the repository, the reference data)

from pipeline.text import normalize  # noqa: E402
CORPORA = {
    "baomoi-2017": SHARED / "corpora" / "baomoi-2017.jsonl.gz",
    "dantri-2020": SHARED / "corpora" / "dantri-2020.jsonl.gz",
}
GOLD = SHARED / "gold" / "dev.jsonl"
ANNOTATIONS = ROOT / "corpora" / "ner" / "annotations.jsonl"
LABELS = ("PERSON", "TITLE", "ORG", "LOC", "DATE", "MONEY", "PERCENT", "LEGAL_REF")
VALUE_LABELS = {"DATE", "MONEY", "PERCENT", "LEGAL_REF"}

# words that make a document interesting for the monitored domain
DOMAIN_WORDS = ("Chủ tịch", "Bộ trưởng", "UBND", "Cục", "Sở ", "Bí thư",
                "Giám đốc", "Công an", "Thủ tướng", "Phó", "Tỉnh ủy", "Thành ủy",
                "Tòa án", "Viện KSND", "Hải quan", "Đại tá", "Trưởng")


def sha10(s: str) -> str:
    return hashlib.sha1(s.encode("utf-8")).hexdigest()[:10]


def load_corpus(name: str) -> dict[str, str]:
    with gzip.open(CORPORA[name], "rt", encoding="utf-8") as f:
        return {d["id"]: d["text"] for d in map(json.loads, f)}


def gold_ids() -> set[str]:
    if not GOLD.exists():
        return set()
    with GOLD.open(encoding="utf-8") as f:
        return {json.loads(line)["id"] for line in f if line.strip()}


def corpus_of(doc_id: str) -> str:
    return "dantri-2020" if doc_id.startswith("dantri") else "baomoi-2017"


def region_of(text: str, min_len: int) -> tuple[int, int]:
    """Whole lines from 0 until at least `min_len` chars (end excludes the newline)."""
    end = 0
    while end < len(text):
        nl = text.find("\n", end)
        end = len(text) if nl < 0 else nl
        if end >= min_len:
            break
        end += 1
    end = min(end, len(text))
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return 0, end


def read_annotations(path: Path = ANNOTATIONS) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_annotations(records: list[dict], path: Path = ANNOTATIONS) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


_SENT_CAND = re.compile(r"(?<=[.!?…])[\"”’')\]]*(?=\s+[\"“‘(\[]?(\w))|\n")


class _SentEnds:
    """Sentence ends: a newline, or . ! ? … (closing quotes kept) before a capital or a digit."""

    @staticmethod
    def finditer(text: str, start: int = 0, end: int | None = None):
        for m in _SENT_CAND.finditer(text, start, len(text) if end is None else end):
            if m.group() == "\n" or m.group(1).isupper() or m.group(1).isdigit():
                yield m


_SENT_END = _SentEnds


def region_end(text: str, min_len: int = 1200, max_len: int = 2200) -> int:
    """The gold set's cut: the whole text, or whole sentences up to `max_len` characters."""
    if len(text) <= max_len:
        return len(text.rstrip())
    best = None
    for m in _SENT_END.finditer(text, 0, max_len):
        if m.start() >= min_len:
            best = m.start() if m.group() == "\n" else m.end()
    if best is None:  # no sentence end in range: the last space
        best = text.rfind(" ", min_len, max_len)
    return len(text[:best].rstrip())


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Regex sentences of text[start:end] (not the pipeline's segmenter), stripped, non-empty."""
    out, pos = [], start
    for m in list(_SENT_END.finditer(text, start, end)) + [None]:
        cut = end if m is None else (m.start() if m.group() == "\n" else m.end())
        s, e = pos, cut
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
        pos = cut if m is None or m.group() != "\n" else m.end()
    return out



# ---------------------------------------------------------------- values

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_MULT = {"nghìn": 10**3, "ngàn": 10**3, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}
_CURRENCY = [("đô la Mỹ", "USD"), ("đôla Mỹ", "USD"), ("USD", "USD"), ("VNĐ", "VND"), ("VND", "VND"),
             ("đồng", "VND"), ("euro", "EUR"), ("Euro", "EUR"), ("EUR", "EUR"), ("baht", "THB"), ("won", "KRW"),
             ("rúp", "RUB"), ("bảng Anh", "GBP"), ("bảng", "GBP"), ("GBP", "GBP"), ("franc Thụy Sĩ", "CHF"),
             ("CHF", "CHF"), ("kronor", "SEK"), ("krona", "SEK"), ("IDR", "IDR"), ("rupiah", "IDR"),
             ("yên", "JPY"), ("JPY", "JPY"), ("nhân dân tệ", "CNY"), ("NDT", "CNY"), ("NDT", "CNY"),
             ("CNY", "CNY"), ("rupee", "INR"), ("ringgit", "MYR"), ("peso", "PHP"), ("đô la Úc", "AUD"),
             ("AUD", "AUD"), ("đô la Singapore", "SGD"), ("SGD", "SGD"), ("đô la", "USD"), ("đôla", "USD"),
             ("đ", "VND")]
_RANGE_SEP = re.compile(r"\s*(?:-|–|—|đến hết|đến|tới)\s*")


def vn_number(s: str) -> float:
    """'76.508' -> 76508, '1,5' -> 1.5, '1.234,5' -> 1234.5."""
    s = s.strip()
    if "," in s:
        whole, frac = s.rsplit(",", 1)
        return float(whole.replace(".", "") + "." + frac)
    if "." in s:
        groups = s.split(".")
        if all(len(g) == 3 for g in groups[1:]):
            return float("".join(groups))
        return float(s)  # a decimal point written the English way
    return float(s)


def _year(y: str) -> str:
    return y if len(y) == 4 else ("20" + y if len(y) == 2 else y)


def date_value(s: str) -> str | None:
    s = s.strip()
    m = re.fullmatch(r"(?:[Nn]gày\s*)?(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?", s)
    if m:
        d, mo, y = int(m[1]), int(m[2]), m[3]
        if 1 <= d <= 31 and 1 <= mo <= 12:
            return f"{y or 'XXXX'}-{mo:02d}-{d:02d}"
    m = re.fullmatch(r"[Nn]gày\s*(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?", s)
    if m:
        return f"{m[3] or 'XXXX'}-{int(m[2]):02d}-{int(m[1]):02d}"
    m = re.fullmatch(r"(?:[Tt]háng\s*)(\d{1,2})(?:\s*[/.-]\s*(\d{4})|\s+năm\s+(\d{4}))?", s)
    if m and 1 <= int(m[1]) <= 12:
        return f"{m[2] or m[3] or 'XXXX'}-{int(m[1]):02d}"
    m = re.fullmatch(r"(\d{1,2})\s*/\s*(\d{4})", s)
    if m and 1 <= int(m[1]) <= 12:
        return f"{m[2]}-{int(m[1]):02d}"
    m = re.fullmatch(r"(?:[Nn]ăm\s*)?(\d{4})", s)
    if m:
        return m[1]
    m = re.fullmatch(r"[Qq]uý\s*(I{1,3}|IV|[1-4])(?:\s*(?:/\s*|\s+năm\s+)(\d{4}))?", s)
    if m:
        q = _ROMAN.get(m[1]) or int(m[1])
        return f"{m[2] or 'XXXX'}-Q{q}"
    return None


def date_range_value(s: str) -> str | None:
    single = date_value(s)
    if single:
        return single
    m = re.fullmatch(r"(?:(?:mùa giải|mùa|niên khóa|năm học)\s*)?(\d{4})\s*[/-]\s*(\d{2}|\d{4})", s)
    r = re.fullmatch(r"[Tt]háng\s*(\d{1,2})\s*[-–]\s*(\d{1,2})(?:\s*[/-]\s*(\d{4})|\s+năm\s+(\d{4}))?", s)
    if r and 1 <= int(r[1]) < int(r[2]) <= 12:  # "tháng 6-7", "tháng 6 - 7/2017"
        y = r[3] or r[4] or "XXXX"
        return f"{y}-{int(r[1]):02d}/{y}-{int(r[2]):02d}"
    if m:  # a season or school year: "2004/05", "2016 - 2017"
        end = m[2] if len(m[2]) == 4 else m[1][:2] + m[2]
        if int(end) > int(m[1]):
            return f"{m[1]}/{end}"
    for sep in _RANGE_SEP.finditer(s):
        left, right = s[:sep.start()], s[sep.end():]
        a, b = date_value(left), date_value(right)
        if not a or not b:
            # "ngày 1 - 4/2" or "tháng 1 - 3/2017": borrow the right side's tail
            b = date_value(right)
            if b and re.fullmatch(r"(?:[Nn]gày\s*|[Tt]háng\s*)?\d{1,2}", left.strip()):
                num = int(re.search(r"\d+", left)[0])
                parts = b.split("-")
                if len(parts) == 3:
                    a = f"{parts[0]}-{parts[1]}-{num:02d}"
                elif len(parts) == 2 and 1 <= num <= 12:
                    a = f"{parts[0]}-{num:02d}"
        if a and b:
            # a missing year on the left side takes the right side's year
            if a.startswith("XXXX") and not b.startswith("XXXX") and len(a) == len(b):
                a = b[:4] + a[4:]
            return f"{a}/{b}"
    return None


def _amount(s: str) -> float | None:
    """'3 tỷ 500 triệu' -> 3.5e9; '76.508 tỷ' -> 7.6508e13; '500.000' -> 5e5."""
    s = re.sub(r"(\d)\.\s+(\d{3})\b", r"\1.\2", s)  # "165. 434" is a broken "165.434"
    toks = re.findall(r"\d[\d.,]*|[^\W\d_]+", s)
    total, cur, last = 0.0, None, None
    for t in toks:
        if t[0].isdigit():
            if cur is not None:
                total += cur
            cur = vn_number(t)
        elif t in _MULT and cur is not None:
            last = cur * _MULT[t]
            total += last
            cur = None
        elif t in _MULT and last is not None:  # "12 ngàn tỉ": the multipliers compound
            total += last * (_MULT[t] - 1)
            last *= _MULT[t]
        else:
            return None
    if cur is not None:
        total += cur
    return total if toks else None


def money_value(s: str) -> dict | None:
    s = s.strip()
    for word, code in _CURRENCY:
        if s.endswith(word):
            body = s[: -len(word)].strip()
            break
        if s.startswith(word):  # "USD 500"
            body = s[len(word):].strip()
            break
    else:
        return None
    body = re.sub(r"(?<=đến|tới)\s+(?:hơn|gần|khoảng|trên)\s+", " ", body)  # "400 triệu đến hơn 700 triệu"
    parts = [p for p in _RANGE_SEP.split(body) if p.strip()]
    if len(parts) == 2:
        lo, hi = _amount(parts[0]), _amount(parts[1])
        if hi is None:
            return None
        if lo is not None and lo < hi and not re.search(r"[^\W\d_]", parts[0]):
            mult = re.findall(r"[^\W\d_]+", parts[1])
            lo = _amount(parts[0] + " " + " ".join(mult))  # "5 - 10 triệu"
        if lo is None:
            return None
        out = {"amount": _num(lo), "currency": code, "amount_max": _num(hi)}
        return out
    amount = _amount(body)
    if amount is None:
        return None
    return {"amount": _num(amount), "currency": code}


def percent_value(s: str) -> float | int | None:
    m = re.match(r"\s*(\d[\d.,]*)", s)
    if not m or "%" not in s:
        return None
    return _num(vn_number(m[1]))


def _num(x: float):
    return int(x) if float(x).is_integer() else round(x, 6)


_DOC_TYPES = ("thông tư liên tịch", "nghị định", "thông tư", "quyết định", "chỉ thị", "kế hoạch", "công văn",
              "nghị quyết", "thông báo", "báo cáo", "tờ trình", "hướng dẫn", "công điện", "pháp lệnh",
              "quy định", "kết luận", "bộ luật", "luật", "hiến pháp")


def legal_ref_value(s: str) -> dict | None:
    """'Nghị định số 15/2020/NĐ-CP' -> {type, number, year}; 'Luật Doanh nghiệp 2014' -> {type, name, year}."""
    low = s.lower()
    kind = next((t for t in _DOC_TYPES if low.startswith(t)), None)
    if kind is None:
        return None
    rest = s[len(kind):].strip()
    m = re.match(r"(?:số\s*)?(\d[\w.\-/ ]*[\w])", rest)
    if m and re.search(r"[/-]", m[1]) or (m and m[1].isdigit() and kind not in ("luật", "bộ luật")):
        number = re.sub(r"\s*([/-])\s*", r"\1", m[1])
        y = re.search(r"/((?:19|20)\d\d)/", "/" + number + "/")
        return {"type": kind, "number": number, "year": int(y[1]) if y else None}
    y = re.search(r"(?:năm\s*)?((?:19|20)\d\d)\s*$", s)
    if kind in ("luật", "bộ luật", "hiến pháp", "pháp lệnh") and y:
        name = s[:y.start()].strip()
        return {"type": "luật" if kind != "hiến pháp" else kind, "name": re.sub(r"\s+năm$", "", name),
                "year": int(y[1])}
    return None


def value_of(label: str, surface: str):
    surface = normalize(surface).text  # NFC, so "triệu" matches however it was typed
    if label == "DATE":
        return date_range_value(surface)
    if label == "MONEY":
        return money_value(surface)
    if label == "PERCENT":
        return percent_value(surface)
    if label == "LEGAL_REF":
        return legal_ref_value(surface)
    return None


# ---------------------------------------------------------------- drafts

_NUM = r"\d[\d.,]*"
DRAFT_PATTERNS = [
    ("PERCENT", rf"{_NUM}\s*(?:-|–)\s*{_NUM}\s*%|{_NUM}\s*%"),
    ("MONEY", rf"{_NUM}(?:\s*(?:-|–)\s*{_NUM})?(?:\s*(?:nghìn|ngàn|triệu|tỷ|tỉ)(?:\s+{_NUM}\s*(?:nghìn|ngàn|triệu))?)?\s*(?:đồng|VNĐ|VND|USD|đô la Mỹ|euro|đ\b)"),
    ("DATE", r"(?:[Nn]gày\s*)?\d{1,2}\s*[/-]\s*\d{1,2}(?:\s*[/-]\s*\d{4})?(?:\s*(?:-|–|đến)\s*\d{1,2}\s*[/-]\s*\d{1,2}(?:\s*[/-]\s*\d{4})?)?"
             r"|[Tt]háng\s*\d{1,2}(?:\s*[/-]\s*\d{4})?|[Nn]ăm\s*\d{4}|[Qq]uý\s*(?:I{1,3}|IV|\d)\s*/\s*\d{4}"),
]


def draft_numbers(text: str) -> list[tuple[str, str]]:
    claimed: list[tuple[int, int]] = []
    out: list[tuple[int, str, str]] = []
    for label, pat in DRAFT_PATTERNS:
        for m in re.finditer(pat, text):
            if any(m.start() < e and s < m.end() for s, e in claimed):
                continue
            claimed.append((m.start(), m.end()))
            out.append((m.start(), label, m.group().strip()))
    seen, result = set(), []
    for _, label, s in sorted(out):
        if (label, s) not in seen:
            seen.add((label, s))
            result.append((label, s))
    return result


# ---------------------------------------------------------------- matching

def _is_word_char(c: str) -> bool:
    return c.isalnum()


def find_all(hay: str, needle: str) -> list[int]:
    """Start indices of word-bounded occurrences of `needle` in `hay`."""
    hits, i = [], hay.find(needle)
    while i >= 0:
        before = hay[i - 1] if i > 0 else " "
        after = hay[i + len(needle)] if i + len(needle) < len(hay) else " "
        ok_before = not (_is_word_char(before) and _is_word_char(needle[0]))
        ok_after = not (_is_word_char(after) and _is_word_char(needle[-1]))
        if ok_before and ok_after:
            hits.append(i)
        i = hay.find(needle, i + 1)
    return hits


def parse_spec(path: Path) -> list[dict]:
    blocks, cur = [], None
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("=="):
            parts = line[2:].split()
            if len(parts) != 4:
                raise SystemExit(f"{path}:{lineno}: expected '== CORPUS DOC START END'")
            cur = {"corpus": parts[0], "doc": parts[1], "start": int(parts[2]),
                   "end": int(parts[3]), "items": [], "line": lineno, "section": None}
            blocks.append(cur)
            continue
        if cur is None or ":" not in line:
            raise SystemExit(f"{path}:{lineno}: entity line outside a region or without 'LABEL:'")
        label, rest = line.split(":", 1)
        label = label.strip()
        if label == "SECTION":
            cur["section"] = rest.strip() or None
            continue
        if label not in LABELS and label != "O":
            raise SystemExit(f"{path}:{lineno}: unknown label {label!r}")
        for item in rest.split("|"):
            item = item.strip()
            if not item:
                continue
            occ, first = None, item.startswith("!")
            item = item.lstrip("!").strip()
            m = re.fullmatch(r"(.+?)#([\d,]+)", item)
            if m:
                item, occ = m[1], {int(k) for k in m[2].split(",")}
            cur["items"].append((item, label, occ, lineno, first))
    return blocks


def match_block(text: str, block: dict) -> tuple[list[dict], list[str]]:
    start, end = block["start"], block["end"]
    region = text[start:end]
    view = normalize(region)
    claimed: list[tuple[int, int]] = []
    entities, problems = [], []
    items = sorted(block["items"], key=lambda it: (not it[4], -len(normalize(it[0]).text)))
    for surface, label, occ, lineno, _ in items:
        needle = normalize(surface).text
        hits = find_all(view.text, needle)
        if occ:
            bad = [k for k in occ if k > len(hits)]
            if bad:
                problems.append(f"line {lineno}: {surface!r} has {len(hits)} occurrence(s), asked for #{bad}")
            hits = [h for k, h in enumerate(hits, 1) if k in occ]
        if not hits:
            problems.append(f"line {lineno}: {label} {surface!r} not found")
            continue
        placed = 0
        for h in hits:
            if any(h < e and s < h + len(needle) for s, e in claimed):
                continue
            claimed.append((h, h + len(needle)))
            placed += 1
            if label == "O":
                continue
            s, e = view.to_input(h, h + len(needle))
            ent = {"start": start + s, "end": start + e, "label": label}
            if label in VALUE_LABELS:
                value = value_of(label, text[start + s:start + e])
                if value is not None:
                    ent["value"] = value
                else:
                    problems.append(f"line {lineno}: no value for {label} {surface!r}")
            entities.append(ent)
        if not placed:
            problems.append(f"line {lineno}: {label} {surface!r} only inside longer claims")
    entities.sort(key=lambda e: e["start"])
    return entities, problems


# ---------------------------------------------------------------- commands

def cmd_candidates(args) -> None:
    texts = load_corpus(args.corpus)
    skip = gold_ids() | {r["doc"] for r in read_annotations()}
    rows = []
    for doc_id, text in texts.items():
        if doc_id in skip:
            continue
        s, e = region_of(text, args.min)
        if not (args.min <= e - s <= args.max):
            continue
        region = text[s:e]
        if args.word and not all(w.lower() in region.lower() for w in args.word):
            continue
        score = sum(region.count(w) for w in DOMAIN_WORDS)
        rows.append((score, doc_id, e - s, region.split("\n", 1)[0][:90]))
    rows.sort(key=lambda r: -r[0])
    for score, doc_id, n, title in rows[args.skip:args.skip + args.limit]:
        print(f"{score:3d}  {doc_id}  {n:5d}  {title}")


FROZEN_SAMPLE = ROOT / "corpora" / "frozen" / "sample.jsonl"


def frozen_ids() -> set[str]:
    """The frozen evaluation sample's documents: never training data."""
    if not FROZEN_SAMPLE.exists():
        return set()
    return {json.loads(line)["doc"] for line in FROZEN_SAMPLE.open(encoding="utf-8") if line.strip()}


def cmd_sample(args) -> None:
    """A seeded random draw of regions (no topic ranking), both corpora in proportion to their size,
    written as blocks to `--parts` files for annotators (outside the repository)."""
    import random

    skip = gold_ids() | frozen_ids() | {r["doc"] for r in read_annotations()}
    rng = random.Random(args.seed)
    rows = []
    for corpus in sorted(CORPORA):
        texts = load_corpus(corpus)
        for doc_id in sorted(texts):
            if doc_id not in skip and len(texts[doc_id].strip()) >= 200:
                rows.append((corpus, doc_id))
    rng.shuffle(rows)
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    texts = {c: load_corpus(c) for c in CORPORA}
    titles, picked = set(), []
    for corpus, doc_id in rows:
        if len(picked) == args.n:
            break
        text = texts[corpus][doc_id]
        title = text.split("\n", 1)[0].strip().lower()
        if title in titles:   # a reprint of a document already drawn
            continue
        titles.add(title)
        picked.append((corpus, doc_id, region_end(text, args.min, args.max)))
    for k in range(args.parts):
        with open(out / f"part{k + 1}.txt", "w", encoding="utf-8") as fh:
            for corpus, doc_id, end in picked[k::args.parts]:
                fh.write(f"== {corpus} {doc_id} 0 {end}\n{texts[corpus][doc_id][:end]}\n\n")
    print(f"{len(picked)} regions in {args.parts} files under {out}")


def cmd_show(args) -> None:
    texts = load_corpus(args.corpus)
    gold = gold_ids()
    for doc_id in args.docs:
        if doc_id in gold:
            print(f"# {doc_id} is a gold document: not annotated", file=sys.stderr)
            continue
        text = texts[doc_id]
        s, e = region_of(text, args.min)
        print(f"== {args.corpus} {doc_id} {s} {e}")
        print(text[s:e])
        for label, surface in draft_numbers(text[s:e]):
            print(f"  draft {label}: {surface}")
        print()


def cmd_add(args) -> None:
    store = Path(args.store) if args.store else ANNOTATIONS
    records = read_annotations(store)
    index = {(r["doc"], r["start"]): i for i, r in enumerate(records)}
    gold = gold_ids()
    texts: dict[str, dict[str, str]] = {}
    failed = False
    for spec in args.specs:
        for block in parse_spec(Path(spec)):
            if block["doc"] in gold or block["doc"] in frozen_ids():
                raise SystemExit(f"{block['doc']} is a dev gold or frozen-sample document")
            corpus = block["corpus"]
            if corpus not in texts:
                texts[corpus] = load_corpus(corpus)
            text = texts[corpus][block["doc"]]
            entities, problems = match_block(text, block)
            for p in problems:
                print(f"{spec} {block['doc']}: {p}")
                failed = failed or "not found" in p or "occurrence" in p
            record = {"corpus": corpus, "doc": block["doc"], "start": block["start"],
                      "end": block["end"], "sha1": sha10(text[block["start"]:block["end"]]),
                      **({"section": block["section"]} if block.get("section") else {}),
                      "entities": entities}
            key = (block["doc"], block["start"])
            if key in index:
                records[index[key]] = record
            else:
                index[key] = len(records)
                records.append(record)
            counts = Counter(e["label"] for e in entities)
            print(f"{block['doc']}: {len(entities)} entities {dict(sorted(counts.items()))}")
    write_annotations(records, store)
    if failed:
        sys.exit(1)


def validate(records: list[dict], texts: dict[str, dict[str, str]] | None, training: bool = True) -> list[str]:
    """Problems of a standoff file; `training` files must not hold dev gold or frozen-sample documents."""
    errors = []
    gold = gold_ids() | (frozen_ids() if training else set())
    seen = set()
    for n, r in enumerate(records, 1):
        where = f"record {n} ({r.get('doc')})"
        if r["doc"] in gold:
            errors.append(f"{where}: a dev gold or frozen-sample document")
        if (r["doc"], r["start"]) in seen:
            errors.append(f"{where}: duplicate region")
        seen.add((r["doc"], r["start"]))
        if not 0 <= r["start"] < r["end"]:
            errors.append(f"{where}: bad region offsets")
        prev_end = r["start"]
        for e in r["entities"]:
            if e["label"] not in LABELS:
                errors.append(f"{where}: unknown label {e['label']}")
            if not (r["start"] <= e["start"] < e["end"] <= r["end"]):
                errors.append(f"{where}: entity {e} outside region")
            if e["start"] < prev_end:
                errors.append(f"{where}: entity {e} overlaps or is unsorted")
            prev_end = e["end"]
        if texts is not None:
            text = texts[r["corpus"]].get(r["doc"])
            if text is None:
                errors.append(f"{where}: unknown document")
                continue
            if sha10(text[r["start"]:r["end"]]) != r["sha1"]:
                errors.append(f"{where}: sha1 mismatch")
            for e in r["entities"]:
                span = text[e["start"]:e["end"]]
                if span != span.strip() or not span:
                    errors.append(f"{where}: span {e['start']}-{e['end']} has outer whitespace")
    return errors


def cmd_check(args) -> None:
    """Print annotated regions with [span|LABEL] marks for proofreading."""
    wanted = set(args.docs)
    store = Path(args.store) if args.store else ANNOTATIONS
    records = [r for r in read_annotations(store) if not wanted or r["doc"] in wanted]
    texts = {c: load_corpus(c) for c in {r["corpus"] for r in records}}
    for r in records:
        text = texts[r["corpus"]][r["doc"]]
        out, pos = [], r["start"]
        for e in r["entities"]:
            out.append(text[pos:e["start"]])
            out.append(f"[{text[e['start']:e['end']]}|{e['label']}]")
            pos = e["end"]
        out.append(text[pos:r["end"]])
        print(f"== {r['doc']}")
        print("".join(out))
        print()


def cmd_validate(args) -> None:
    records = read_annotations()
    texts = None
    if all(p.exists() for p in CORPORA.values()):
        texts = {c: load_corpus(c) for c in {r["corpus"] for r in records}}
    errors = validate(records, texts)
    for e in errors:
        print(e)
    print(f"{len(records)} regions, {sum(len(r['entities']) for r in records)} entities, "
          f"{len(errors)} errors" + ("" if texts else " (texts not checked: ../shared absent)"))
    sys.exit(1 if errors else 0)


def cmd_stats(args) -> None:
    records = read_annotations()
    labels = Counter(e["label"] for r in records for e in r["entities"])
    corpora = Counter(r["corpus"] for r in records)
    chars = sum(r["end"] - r["start"] for r in records)
    print(f"regions: {len(records)} {dict(corpora)}; characters: {chars}")
    for label in LABELS:
        print(f"  {label:8s} {labels[label]}")
    print(f"  total    {sum(labels.values())}")


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("candidates")
    c.add_argument("--corpus", default="baomoi-2017", choices=sorted(CORPORA))
    c.add_argument("--limit", type=int, default=40)
    c.add_argument("--skip", type=int, default=0)
    c.add_argument("--min", type=int, default=1000)
    c.add_argument("--max", type=int, default=2000)
    c.add_argument("--word", action="append", default=[], help="region must contain this (repeatable)")
    c.set_defaults(func=cmd_candidates)
    r = sub.add_parser("sample")
    r.add_argument("--n", type=int, default=1200)
    r.add_argument("--seed", type=int, default=20261203)
    r.add_argument("--min", type=int, default=800)
    r.add_argument("--max", type=int, default=1500)
    r.add_argument("--parts", type=int, default=8)
    r.add_argument("--out-dir", required=True)
    r.set_defaults(func=cmd_sample)
    s = sub.add_parser("show")
    s.add_argument("docs", nargs="+")
    s.add_argument("--corpus", default=None, choices=sorted(CORPORA))
    s.add_argument("--min", type=int, default=1000)
    s.set_defaults(func=cmd_show)
    a = sub.add_parser("add")
    a.add_argument("specs", nargs="+")
    a.add_argument("--store", help="standoff file to add to (default: corpora/ner/annotations.jsonl)")
    a.set_defaults(func=cmd_add)
    k = sub.add_parser("check")
    k.add_argument("docs", nargs="*")
    k.add_argument("--store", help="standoff file to print (default: corpora/ner/annotations.jsonl)")
    k.set_defaults(func=cmd_check)
    sub.add_parser("validate").set_defaults(func=cmd_validate)
    sub.add_parser("stats").set_defaults(func=cmd_stats)
    args = p.parse_args(argv)
    if getattr(args, "corpus", "x") is None:
        args.corpus = corpus_of(args.docs[0])
    args.func(args)


if __name__ == "__main__":
    main()
