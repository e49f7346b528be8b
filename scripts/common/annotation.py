"""The standoff annotation format the annotation tools share: documents of the
reference corpora, regions, the spec language annotators type ("PERSON Nguyễn
Văn A; DATE 12/9 = 2019-09-12"), normalised values, and validation.

`scripts/ner_annotate.py` is the tool built on it; `scripts/frozen_sample.py`
and `scripts/theme_label.py` read and check the same files through it.
"""
from __future__ import annotations

import gzip
import hashlib
import copy
import json
import re
from collections import Counter
from pathlib import Path

from pipeline.entities.training import heldout_ner_files, is_holdout
from pipeline.text import normalize

from . import ROOT, SHARED

CORPORA = {
    "baomoi-2017": SHARED / "corpora" / "baomoi-2017.jsonl.gz",
    "dantri-2020": SHARED / "corpora" / "dantri-2020.jsonl.gz",
}


GOLD = SHARED / "gold" / "dev.jsonl"


ANNOTATIONS = ROOT / "corpora" / "ner" / "annotations.jsonl"
TITLE_RICH = ROOT / "corpora" / "ner" / "title-rich.jsonl"   # a title-rich draw, not random (README)


LABELS = ("PERSON", "TITLE", "ORG", "LOC", "DATE", "MONEY", "PERCENT", "LEGAL_REF")


VALUE_LABELS = {"DATE", "MONEY", "PERCENT", "LEGAL_REF"}


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


def read_annotations(path: Path = ANNOTATIONS) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


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


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


_MULT = {"nghìn": 10**3, "ngàn": 10**3, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}


_CURRENCY = [("đô la Mỹ", "USD"), ("đôla Mỹ", "USD"), ("USD", "USD"), ("VNĐ", "VND"), ("VND", "VND"),
             ("đồng", "VND"), ("euro", "EUR"), ("Euro", "EUR"), ("EUR", "EUR"), ("baht", "THB"), ("won", "KRW"),
             ("rúp", "RUB"), ("bảng Anh", "GBP"), ("bảng", "GBP"), ("GBP", "GBP"), ("franc Thụy Sĩ", "CHF"),
             ("CHF", "CHF"), ("kronor", "SEK"), ("krona", "SEK"), ("IDR", "IDR"), ("rupiah", "IDR"),
             ("yên", "JPY"), ("JPY", "JPY"), ("nhân dân tệ", "CNY"), ("NDT", "CNY"), ("NDT", "CNY"),
             ("CNY", "CNY"), ("rupee", "INR"), ("ringgit", "MYR"), ("peso", "PHP"), ("đô la Úc", "AUD"),
             ("AUD", "AUD"), ("đô la Singapore", "SGD"), ("SGD", "SGD"), ("đô la Hồng Kông", "HKD"),
             ("đô la Hong Kong", "HKD"), ("đôla Australia", "AUD"), ("đô la Australia", "AUD"),
             ("đôla Úc", "AUD"), ("tệ", "CNY"), ("Euros", "EUR"), ("euros", "EUR"), ("HKD", "HKD"), ("RM", "MYR"), ("Yên", "JPY"), ("đô la", "USD"), ("đôla", "USD"),
             ("đ", "VND")]


_RANGE_SEP = re.compile(r"\s*(?:-|–|—|đến hết|đến|tới)\s*")


def vn_number(s: str) -> float:
    """'76.508' -> 76508, '1,5' -> 1.5, '1.234,5' -> 1234.5."""
    s = s.strip()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", s) and s.endswith(",000"):
        return float(s.replace(",", ""))  # "725,000 USD": English thousands (",000" is no decimal)
    if "," in s:
        whole, frac = s.rsplit(",", 1)
        return float(whole.replace(".", "") + "." + frac)
    if "." in s:
        groups = s.split(".")
        if all(len(g) == 3 for g in groups[1:]):
            return float("".join(groups))
        return float(s)  # a decimal point written the English way
    return float(s)


def date_value(s: str) -> str | None:
    s = s.strip()
    m = re.fullmatch(r"(?:[Nn]gày\s*)?(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?", s)
    if m:
        d, mo, y = int(m[1]), int(m[2]), m[3]
        if 1 <= d <= 31 and 1 <= mo <= 12:
            return f"{y or 'XXXX'}-{mo:02d}-{d:02d}"
    m = re.fullmatch(r"(?:[Nn]gày\s*)?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s+năm\s+(\d{4})", s)  # "31-1 năm 2017"
    if m and 1 <= int(m[1]) <= 31 and 1 <= int(m[2]) <= 12:
        return f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"
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
    s = re.sub(r"(\d),\s+(\d)", r"\1,\2", s)  # "349, 7 nghìn tỷ" is a broken "349,7"
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


_DOC_TYPES = ("thông tư liên tịch", "nghị định", "đạo luật", "văn bản", "thông tư", "quyết định", "chỉ thị", "kế hoạch", "công văn",
              "nghị quyết", "thông báo", "báo cáo", "tờ trình", "hướng dẫn", "công điện", "pháp lệnh",
              "quy định", "kết luận", "bộ luật", "luật", "hiến pháp")


def legal_ref_value(s: str) -> dict | None:
    """'Nghị định số 15/2020/NĐ-CP' -> {type, number, year}; 'Luật Doanh nghiệp 2014' -> {type, name, year}."""
    low = s.lower()
    s = re.sub(r"^(\w+(?: \w+)?) \((?:QĐ|NĐ|TT|NQ|CT)\)", r"\1", s, flags=re.IGNORECASE)  # "Quyết định (QĐ) 33"
    for short, full in (("qđ", "quyết định"), ("nđ", "nghị định"), ("tt", "thông tư"), ("nq", "nghị quyết"),
                        ("ct", "chỉ thị")):
        if re.match(short + r"(?:\s|$)", s.lower()):
            s = full + s[len(short):]
            break
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
    if kind in ("luật", "bộ luật", "đạo luật", "hiến pháp", "pháp lệnh") and y:
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


class SpecError(ValueError):
    """A spec line that cannot be read (`read_spec` names the file and line)."""


def read_spec(path: Path, read_line, **fields) -> list[dict]:
    """The blocks of a spec file the annotation tools read. "== CORPUS DOC START END" opens a block
    (a dict of those four, its line number and a fresh copy of `fields`); `read_line(block, line,
    lineno)` reads every other line that is not blank or a "#" comment into the block open then
    (None before the first), and raises `SpecError` for a line it cannot read: the run stops with
    the file and line."""
    blocks, cur = [], None
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("=="):
            parts = line[2:].split()
            if len(parts) != 4:
                raise SystemExit(f"{path}:{lineno}: expected '== CORPUS DOC START END'")
            cur = {"corpus": parts[0], "doc": parts[1], "start": int(parts[2]), "end": int(parts[3]),
                   "line": lineno, **copy.deepcopy(fields)}
            blocks.append(cur)
            continue
        try:
            read_line(cur, line, lineno)
        except SpecError as e:
            raise SystemExit(f"{path}:{lineno}: {e}") from None
    return blocks


def read_entity_line(cur, line: str, lineno: int) -> None:
    """One "LABEL: surface | surface#2 | !surface" line (or "SECTION: name") into the block `cur`:
    its items are (surface, label, occurrences or None, lineno, placed first)."""
    if cur is None or ":" not in line:
        raise SpecError("entity line outside a region or without 'LABEL:'")
    label, rest = line.split(":", 1)
    label = label.strip()
    if label == "SECTION":
        cur["section"] = rest.strip() or None
        return
    if label not in LABELS and label != "O":
        raise SpecError(f"unknown label {label!r}")
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


def parse_spec(path: Path) -> list[dict]:
    """Entity spec blocks (`read_entity_line`)."""
    return read_spec(path, read_entity_line, items=[], section=None)


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


FROZEN_SAMPLE = ROOT / "corpora" / "frozen" / "sample.jsonl"


FROZEN_THEMES = ROOT / "corpora" / "frozen" / "themes-cue.jsonl"
HELDOUT_NER = heldout_ner_files()   # NER batches scored, never trained on
# random draws labelled for themes and kept out of theme training (scripts/theme_draw_eval.py)
HELDOUT_THEME_DRAWS = sorted((ROOT / "corpora" / "themes").glob("heldout-draw-*.jsonl"))


def frozen_ids(themes: bool = True) -> set[str]:
    """The frozen evaluation samples' documents: the random sample and the held-out NER batch are never
    training data for anything; the cue-drawn theme sample and the held-out theme draws (scored on
    themes only) never theme training data."""
    ids = set()
    theme_only = (FROZEN_THEMES, *HELDOUT_THEME_DRAWS)
    for path in (FROZEN_SAMPLE, *HELDOUT_NER, *theme_only) if themes else (FROZEN_SAMPLE, *HELDOUT_NER):
        if path.exists():
            ids |= {json.loads(line)["doc"] for line in path.open(encoding="utf-8") if line.strip()}
    return ids


def validate(records: list[dict], texts: dict[str, dict[str, str]] | None, training: bool = True) -> list[str]:
    """Problems of a standoff file; `training` files must not hold dev gold or frozen-sample documents."""
    errors = []
    gold = gold_ids() | (frozen_ids(themes=False) if training else set())
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


def read_jsonl(path: Path) -> list[dict]:
    """One object per non-blank line; a missing file is empty."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_jsonl(path: Path, records: list[dict]) -> None:
    """Records as JSON Lines, UTF-8 kept readable."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def reviewed_surfaces(path: Path) -> set[str]:
    """The first column of a reviewed lexicon file (`# ...` comments and blank lines skipped): the names
    a mining script's worksheet marks "yes"."""
    if not path.exists():
        return set()
    return {line.split("\t")[0] for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")}


def label_summary(counts: Counter | None) -> str:
    """A `training_labels` entry as the worksheets print it: "LOC:5,PERSON:1"."""
    return ",".join(f"{label}:{n}" for label, n in (counts or Counter()).most_common())


def training_labels(keep, holdout: float) -> dict[str, Counter]:
    """How the training regions of corpora/ner (not its `holdout` hash share) label each span string that
    `keep(span)` accepts: exact spans, label counts (the mining scripts' "annotated" column)."""
    out: dict[str, Counter] = {}
    texts: dict[str, dict[str, str]] = {}
    for r in read_jsonl(ANNOTATIONS):
        if is_holdout(r["doc"], holdout):
            continue
        if r["corpus"] not in texts:
            texts[r["corpus"]] = load_corpus(r["corpus"])
        doc = texts[r["corpus"]][r["doc"]]
        for e in r["entities"]:
            span = doc[e["start"]:e["end"]]
            if keep(span):
                out.setdefault(span, Counter())[e["label"]] += 1
    return out


def excluded_docs(holdout: float, heldout_batches: bool = False) -> set[str]:
    """Documents a lexicon is never mined from: the dev gold, both frozen samples, the documents
    of corpora/ner's held-out split, and with `heldout_batches` those of the held-out NER batches."""
    ner_held = {r["doc"] for r in read_jsonl(ANNOTATIONS) if is_holdout(r["doc"], holdout)}
    batches = {r["doc"] for path in HELDOUT_NER for r in read_jsonl(path)} if heldout_batches else set()
    return gold_ids() | frozen_ids(themes=True) | ner_held | batches
