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
  ner_annotate.py sample --out-dir DIR [--n 1200] [--parts 8] [--titles N]   random regions, both corpora
  ner_annotate.py show [--corpus C] DOC [DOC ...] [--min 1000] [--max 2000]
  ner_annotate.py add SPEC [SPEC ...]          match and append/replace records
  ner_annotate.py check [DOC ...]               print regions with [span|LABEL] marks
  ner_annotate.py validate                      check the annotation file
  ner_annotate.py stats                         counts per label and corpus
  ner_annotate.py agree FILE_A FILE_B           strict agreement on the regions both annotated
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
from common.annotation import (  # noqa: E402,F401  (the standoff format, shared with frozen_sample.py and theme_label.py)
    ANNOTATIONS, CORPORA, FROZEN_SAMPLE, GOLD, LABELS, TITLE_RICH, VALUE_LABELS,
    _CURRENCY, _DOC_TYPES, _MULT, _RANGE_SEP, _ROMAN, _SENT_CAND,
    _SENT_END, _SentEnds, _amount, _is_word_char, _num, corpus_of,
    date_range_value, date_value, find_all, frozen_ids, gold_ids, legal_ref_value,
    load_corpus, match_block, money_value, parse_spec, percent_value, read_annotations,
    region_end, sentences, sha10, validate, value_of, vn_number)

# words that make a document interesting for the monitored domain
DOMAIN_WORDS = ("Chủ tịch", "Bộ trưởng", "UBND", "Cục", "Sở ", "Bí thư",
                "Giám đốc", "Công an", "Thủ tướng", "Phó", "Tỉnh ủy", "Thành ủy",
                "Tòa án", "Viện KSND", "Hải quan", "Đại tá", "Trưởng")


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


def write_annotations(records: list[dict], path: Path = ANNOTATIONS) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------- values


def _year(y: str) -> str:
    return y if len(y) == 4 else ("20" + y if len(y) == 2 else y)


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


# an office title written before a capitalised name within 40 characters (`sample --titles N`)
_OFFICE_BEFORE_NAME = re.compile(
    r"(?<!\w)(?:[Pp]hó |[Tt]ổng )?(?:[Cc]hủ tịch|[Gg]iám đốc|[Bb]ộ trưởng|[Tt]hứ trưởng|[Bb]í thư|[Tt]hủ tướng|"
    r"[Tt]ổng thống|[Tt]rưởng (?:phòng|ban|khoa|đoàn|thôn|công an)|[Cc]ục trưởng|[Vv]iện trưởng|[Cc]hánh án|"
    r"[Cc]hánh văn phòng|[Hh]iệu trưởng|[Gg]iám đốc điều hành|CEO|[Đđ]ại sứ|[Nn]gười phát ngôn|[Pp]hát ngôn viên|"
    r"[Tt]hị trưởng|[Tt]hống đốc|[Nn]goại trưởng|[Đđ]ại biểu|[Uu]ỷ viên|[Ủủ]y viên|[Tt]ư lệnh|[Cc]hỉ huy trưởng|"
    r"[Hh]uấn luyện viên trưởng|[Tt]ổng biên tập|[Cc]hủ nhiệm)(?!\w)[^.\n]{0,40}?(?<!\w)[A-ZĐ][a-zà-ỹđ]+ [A-ZĐ]")


def cmd_sample(args) -> None:
    """A seeded random draw of regions (no topic ranking), both corpora in proportion to their size,
    written as blocks to `--parts` files for annotators (outside the repository)."""
    import random

    skip = gold_ids() | frozen_ids(themes=False) | {r["doc"] for r in read_annotations()} \
        | ({r["doc"] for r in read_annotations(TITLE_RICH)} if TITLE_RICH.is_file() else set())
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
        end = region_end(text, args.min, args.max)
        if args.titles and len(_OFFICE_BEFORE_NAME.findall(text[:end])) < args.titles:
            continue
        titles.add(title)
        picked.append((corpus, doc_id, end))
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
            if block["doc"] in gold or block["doc"] in frozen_ids(themes=False):
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


def agreement(a: list[dict], b: list[dict]) -> dict:
    """Strict span-and-label agreement of two annotations of the same regions, A taken as gold:
    {label: (tp, fp, fn, f1)} over the regions both hold, plus "micro" and the region count."""
    b_index = {(r["doc"], r["start"], r["end"]): r for r in b}
    counts: dict[str, list[int]] = {}
    regions = 0
    for ra in a:
        rb = b_index.get((ra["doc"], ra["start"], ra["end"]))
        if rb is None:
            continue
        regions += 1
        ga = {(e["start"], e["end"], e["label"]) for e in ra["entities"]}
        gb = {(e["start"], e["end"], e["label"]) for e in rb["entities"]}
        for label in {x[2] for x in ga | gb}:
            sa, sb = {x for x in ga if x[2] == label}, {x for x in gb if x[2] == label}
            c = counts.setdefault(label, [0, 0, 0])
            c[0] += len(sa & sb)
            c[1] += len(sb - sa)
            c[2] += len(sa - sb)
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    def f1(tp, fp, fn):
        return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    out = {label: (*c, f1(*c)) for label, c in sorted(counts.items())}
    out["micro"] = (*total, f1(*total))
    return {"regions": regions, "labels": out}


def cmd_agree(args) -> None:
    result = agreement(read_annotations(Path(args.a)), read_annotations(Path(args.b)))
    print(f"{result['regions']} regions annotated in both")
    for label, (tp, fp, fn, f1) in result["labels"].items():
        print(f"  {label:9s} F1 {f1:.3f}  (both {tp}, only B {fp}, only A {fn})")


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
    r.add_argument("--titles", type=int, default=0,
                   help="keep only regions with at least this many office titles written before a name "
                        "(a title-rich draw, not a random one)")
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
    g = sub.add_parser("agree")
    g.add_argument("a")
    g.add_argument("b")
    g.set_defaults(func=cmd_agree)
    args = p.parse_args(argv)
    if getattr(args, "corpus", "x") is None:
        args.corpus = corpus_of(args.docs[0])
    args.func(args)


if __name__ == "__main__":
    main()
