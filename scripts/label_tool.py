#!/usr/bin/env python3
"""Helper for hand-labelling campaign themes on passages (standoff only).

The tool never writes corpus text anywhere: it prints passages to the
terminal for a human to read, and validates label files that hold only
document ids, offsets, theme ids and a short sha1 of each span.

Passages (dantri-2020, one sentence per line): the title line (line 0) is its
own passage; the following lines are grouped greedily into passages of up to
3 consecutive lines, spanning from the first char of the first line to the
last char of the last line (see dantri_passages).

Passages (baomoi-2017):
  * every non-empty line of ``text`` (the first line is the title) is a
    paragraph; a paragraph with <= 3 sentences is one passage;
  * a longer paragraph is cut into consecutive windows of 3 sentences;
  * a sentence ends at '.', '!', '?' or '…' followed by whitespace and an
    uppercase letter or an opening quote, except after known abbreviations
    ("TP.", "TS.", dotted initials ...). Numbers such as "76.508" are never
    cut because no whitespace follows the dot;
  * spans exclude the newline and surrounding whitespace; offsets are Python
    str indices into ``text`` as decoded by json.loads, end exclusive.

Usage:
  label_tool.py show DOC_ID [DOC_ID ...]      print passages with offsets
  label_tool.py grep REGEX [--limit N]        list candidate docs (ids, titles, hit counts)
  label_tool.py validate [LABELS] [DOCS]      check label files
  label_tool.py stats [LABELS]                per-theme passage counts
  label_tool.py --corpus dantri-2020 add-spec SPEC  append labels from a spec file (see cmd_add_spec)
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
CORPORA = {
    "baomoi-2017": SHARED / "corpora" / "baomoi-2017.jsonl.gz",
    "dantri-2020": SHARED / "corpora" / "dantri-2020.jsonl.gz",
}
# corpora whose text already holds one sentence per line: a passage is a line
LINE_PASSAGES = {"dantri-2020"}
THEMES_YAML = SHARED / "themes.yaml"
DEV = SHARED / "gold" / "dev.jsonl"
LABELS = {
    "baomoi-2017": ROOT / "corpora" / "themes" / "labels-baomoi.jsonl",
    "dantri-2020": ROOT / "corpora" / "themes" / "labels-dantri.jsonl",
}
DOCS = {
    "baomoi-2017": ROOT / "corpora" / "themes" / "docs-baomoi.jsonl",
    "dantri-2020": ROOT / "corpora" / "themes" / "docs-dantri.jsonl",
}

# Words after which a dot does not end a sentence.
ABBREVIATIONS = {
    "TP", "Tp", "tp", "TS", "ThS", "Th.S", "PGS", "GS", "BS", "CN", "KS", "Ths",
    "St", "Mr", "Mrs", "Ms", "Dr", "No", "Q", "P", "TT", "Tr", "tr", "v.v", "vv",
    "TX", "Tx", "H", "PGS.TS", "GS.TS", "NXB", "ĐT", "Đ/c", "đ/c",
}
_OPEN_QUOTES = "\"“‘'«"
_END_RE = re.compile(r"[.!?…]+[\"”’'»)]*(?=\s+)")


def _is_boundary(line: str, end: int, dot_pos: int) -> bool:
    """end = index just after the punctuation (and closing quotes)."""
    # next non-space char
    j = end
    while j < len(line) and line[j].isspace():
        j += 1
    if j >= len(line):
        return False
    nxt = line[j]
    if not (nxt.isupper() or nxt in _OPEN_QUOTES):
        return False
    if line[dot_pos] == ".":
        # word before the dot
        k = dot_pos
        while k > 0 and not line[k - 1].isspace():
            k -= 1
        word = line[k:dot_pos].lstrip("(\"“‘'")
        if word in ABBREVIATIONS:
            return False
        # dotted initials ("N.V.", "P.T.H."); a lone capital is not skipped
        # because "châu Á." or "Nguyễn Văn A." can end a sentence
        if re.fullmatch(r"(?:[A-ZĐ]\.)+[A-ZĐ]?", word):
            return False
    return True


def split_sentences(line: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of sentences within a stripped line."""
    spans = []
    start = 0
    for m in _END_RE.finditer(line):
        if _is_boundary(line, m.end(), m.start()):
            spans.append((start, m.end()))
            j = m.end()
            while j < len(line) and line[j].isspace():
                j += 1
            start = j
    if start < len(line):
        spans.append((start, len(line)))
    return [(s, e) for s, e in spans if line[s:e].strip()]


def dantri_passages(text: str, size: int = 3) -> list[tuple[int, int]]:
    """dantri-2020: title line alone, then greedy groups of <= `size` lines."""
    lines = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            off = pos + (len(raw) - len(raw.lstrip()))
            lines.append((off, off + len(stripped)))
        pos += len(raw) + 1
    if not lines:
        return []
    out = [lines[0]]
    body = lines[1:]
    for i in range(0, len(body), size):
        grp = body[i:i + size]
        out.append((grp[0][0], grp[-1][1]))
    return out


def passages(text: str, corpus: str = "baomoi-2017") -> list[tuple[int, int]]:
    """Passage spans (start, end) over the whole text."""
    if corpus == "dantri-2020":
        return dantri_passages(text)
    by_line = corpus in LINE_PASSAGES
    out = []
    pos = 0
    for raw in text.split("\n"):
        line_start = pos
        pos += len(raw) + 1
        stripped = raw.strip()
        if not stripped:
            continue
        off = line_start + (len(raw) - len(raw.lstrip()))
        sents = [] if by_line else split_sentences(stripped)
        if by_line or len(sents) <= 3:
            out.append((off, off + len(stripped)))
            continue
        for i in range(0, len(sents), 3):
            win = sents[i:i + 3]
            s, e = win[0][0], win[-1][1]
            seg = stripped[s:e]
            # trim inner whitespace at the edges
            ls = len(seg) - len(seg.lstrip())
            rs = len(seg) - len(seg.rstrip())
            out.append((off + s + ls, off + e - rs))
    return out


def sha10(s: str) -> str:
    return hashlib.sha1(s.encode("utf-8")).hexdigest()[:10]


def load_corpus(corpus: str = "baomoi-2017", ids: set[str] | None = None) -> dict[str, dict]:
    docs = {}
    with gzip.open(CORPORA[corpus], "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if ids is None or d["id"] in ids:
                docs[d["id"]] = d
    return docs


def dev_ids() -> set[str]:
    ids = set()
    if DEV.exists():
        with open(DEV, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    ids.add(json.loads(line)["id"])
    return ids


def theme_ids() -> list[str]:
    ids = []
    for line in THEMES_YAML.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s*-\s+id:\s*(\S+)", line)
        if m:
            ids.append(m.group(1))
    return ids


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def cmd_show(args):
    dev = dev_ids()
    docs = load_corpus(args.corpus, set(args.ids))
    for i in args.ids:
        if i in dev:
            print(f"### {i}: IN DEV SET - do not label")
            continue
        d = docs.get(i)
        if d is None:
            print(f"### {i}: not found")
            continue
        text = d["text"]
        ps = passages(text, args.corpus)
        print(f"### {i} ({len(ps)} passages)")
        for n, (s, e) in enumerate(ps):
            print(f"[{n}] {s}-{e}: {text[s:e]}")
        print()


def cmd_grep(args):
    dev = dev_ids()
    done = {r["doc"] for r in read_jsonl(DOCS[args.corpus])}
    rx = re.compile(args.regex, re.I)
    rows = []
    with gzip.open(CORPORA[args.corpus], "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["id"] in dev or d["id"] in done:
                continue
            n = len(rx.findall(d["text"]))
            if n >= args.min:
                rows.append((n, d["id"], d["title"], len(passages(d["text"], args.corpus))))
    rows.sort(key=lambda r: -r[0])
    print(f"{len(rows)} docs")
    for n, i, t, np_ in rows[: args.limit]:
        print(f"{n:3d} {i} p={np_} {t[:110]}")


def validate(corpus: str = "baomoi-2017", labels: Path | None = None, docs_path: Path | None = None) -> list[str]:
    labels = labels or LABELS[corpus]
    docs_path = docs_path or DOCS[corpus]
    errors = []
    valid = set(theme_ids())
    dev = dev_ids()
    rows = read_jsonl(labels)
    drows = read_jsonl(docs_path)
    ids = {r["doc"] for r in rows} | {r["doc"] for r in drows}
    corpus_docs = load_corpus(corpus, ids)
    seen = set()
    by_doc: dict[str, set] = {}
    for n, r in enumerate(rows, 1):
        where = f"{labels.name}:{n}"
        if set(r) != {"corpus", "doc", "start", "end", "themes", "sha1"}:
            errors.append(f"{where}: bad keys {sorted(r)}")
        if r.get("corpus") != corpus:
            errors.append(f"{where}: corpus {r.get('corpus')!r}")
        doc = r.get("doc")
        if doc in dev:
            errors.append(f"{where}: {doc} is in the dev set")
        d = corpus_docs.get(doc)
        if d is None:
            errors.append(f"{where}: unknown doc {doc}")
            continue
        s, e = r["start"], r["end"]
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(d["text"])):
            errors.append(f"{where}: offsets out of range {s}-{e}")
            continue
        if sha10(d["text"][s:e]) != r["sha1"]:
            errors.append(f"{where}: sha1 mismatch")
        bad = [t for t in r["themes"] if t not in valid]
        if bad:
            errors.append(f"{where}: invalid themes {bad}")
        if len(set(r["themes"])) != len(r["themes"]):
            errors.append(f"{where}: duplicate themes")
        if (doc, s, e) in seen:
            errors.append(f"{where}: duplicate passage {doc} {s}-{e}")
        seen.add((doc, s, e))
        by_doc.setdefault(doc, set()).add((s, e))
    # every labelled doc must be fully covered, with the tool's passages
    for doc, spans in by_doc.items():
        expected = set(passages(corpus_docs[doc]["text"], corpus))
        if spans != expected:
            errors.append(f"{doc}: labelled spans differ from passages "
                          f"(missing {len(expected - spans)}, extra {len(spans - expected)})")
    dseen = set()
    for n, r in enumerate(drows, 1):
        where = f"{docs_path.name}:{n}"
        if set(r) != {"corpus", "doc", "themes"}:
            errors.append(f"{where}: bad keys {sorted(r)}")
        if r["doc"] in dseen:
            errors.append(f"{where}: duplicate doc {r['doc']}")
        dseen.add(r["doc"])
        if r["doc"] in dev:
            errors.append(f"{where}: {r['doc']} is in the dev set")
        if r["doc"] not in by_doc:
            errors.append(f"{where}: doc {r['doc']} has no passage labels")
        bad = [t for t in r["themes"] if t not in valid]
        if bad:
            errors.append(f"{where}: invalid themes {bad}")
    for doc in by_doc:
        if doc not in dseen:
            errors.append(f"{doc}: passages labelled but no document line")
    return errors


def cmd_validate(args):
    errs = validate(args.corpus,
                    Path(args.labels) if args.labels else None,
                    Path(args.docs) if args.docs else None)
    for e in errs:
        print(e)
    print("OK" if not errs else f"{len(errs)} errors")
    sys.exit(1 if errs else 0)


def cmd_stats(args):
    rows = read_jsonl(Path(args.labels) if args.labels else LABELS[args.corpus])
    drows = read_jsonl(DOCS[args.corpus])
    c = Counter(t for r in rows for t in r["themes"])
    dc = Counter(t for r in drows for t in r["themes"])
    print(f"docs {len({r['doc'] for r in rows})}  passages {len(rows)}  "
          f"none {sum(1 for r in rows if not r['themes'])}")
    for t in theme_ids():
        print(f"  {t:28s} passages {c[t]:4d}  docs {dc[t]:3d}")


THEME_ALIASES = {
    "vhcs": "van_hoa_cong_so", "kl": "ky_luat_ky_cuong",
    "pctn": "phong_chong_tham_nhung", "tk": "tiet_kiem_chong_lang_phi",
    "cchc": "cai_cach_hanh_chinh", "cds": "chuyen_doi_so",
    "hcm": "hoc_tap_lam_theo_bac", "td": "thi_dua_khen_thuong",
    "tns": "thu_ngan_sach", "bl": "chong_buon_lau",
    "xdd": "xay_dung_dang", "atgt": "an_toan_giao_thong",
}


def _spec_themes(tokens: list[str], valid: set[str]) -> list[str]:
    out = []
    for t in tokens:
        t = THEME_ALIASES.get(t, t)
        if t == "-":
            continue
        if t not in valid:
            raise SystemExit(f"unknown theme {t!r}")
        if t not in out:
            out.append(t)
    return out


def cmd_add_spec(args):
    """Append labels from a spec file of the annotator's decisions.

    Spec format, one block per document:
      DOC <doc_id> | <document themes or ->
      <passage index or a-b range> <themes (ids or THEME_ALIASES)>
    Passages not listed get no themes; every passage of the doc is written.
    """
    valid = set(theme_ids())
    blocks, cur = [], None
    for raw in Path(args.spec).read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("DOC "):
            head, _, dth = line[4:].partition("|")
            cur = {"doc": head.strip(), "themes": _spec_themes(dth.split(), valid), "p": {}}
            blocks.append(cur)
            continue
        idx, *ths = line.split()
        a, _, b = idx.partition("-")
        for i in range(int(a), int(b or a) + 1):
            lst = cur["p"].setdefault(i, [])
            lst.extend(t for t in _spec_themes(ths, valid) if t not in lst)
    corpus = args.corpus
    done = {r["doc"] for r in read_jsonl(DOCS[corpus])}
    docs = load_corpus(corpus, {b["doc"] for b in blocks})
    lab, dl = [], []
    for b in blocks:
        doc = b["doc"]
        if doc in done:
            raise SystemExit(f"{doc} already labelled")
        if doc not in docs:
            raise SystemExit(f"{doc} not in {corpus}")
        text = docs[doc]["text"]
        ps = passages(text, corpus)
        bad = [i for i in b["p"] if not 0 <= i < len(ps)]
        if bad:
            raise SystemExit(f"{doc}: passage index out of range {bad} (n={len(ps)})")
        for i, (s, e) in enumerate(ps):
            lab.append({"corpus": corpus, "doc": doc, "start": s, "end": e,
                        "themes": b["p"].get(i, []), "sha1": sha10(text[s:e])})
        dl.append({"corpus": corpus, "doc": doc, "themes": b["themes"]})
        done.add(doc)
    if args.dry:
        print(f"dry run: {len(dl)} docs, {len(lab)} passages")
        return
    LABELS[corpus].parent.mkdir(parents=True, exist_ok=True)
    with open(LABELS[corpus], "a", encoding="utf-8") as f:
        f.writelines(json.dumps(o, ensure_ascii=False) + "\n" for o in lab)
    with open(DOCS[corpus], "a", encoding="utf-8") as f:
        f.writelines(json.dumps(o, ensure_ascii=False) + "\n" for o in dl)
    print(f"added {len(dl)} docs, {len(lab)} passages")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="baomoi-2017", choices=sorted(CORPORA))
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("show"); p.add_argument("ids", nargs="+"); p.set_defaults(fn=cmd_show)
    p = sub.add_parser("grep"); p.add_argument("regex"); p.add_argument("--limit", type=int, default=40)
    p.add_argument("--min", type=int, default=1); p.set_defaults(fn=cmd_grep)
    p = sub.add_parser("add-spec"); p.add_argument("spec"); p.add_argument("--dry", action="store_true")
    p.set_defaults(fn=cmd_add_spec)
    p = sub.add_parser("validate"); p.add_argument("labels", nargs="?"); p.add_argument("docs", nargs="?")
    p.set_defaults(fn=cmd_validate)
    p = sub.add_parser("stats"); p.add_argument("labels", nargs="?"); p.set_defaults(fn=cmd_stats)
    args = ap.parse_args(argv)
    args.fn(args)


if __name__ == "__main__":
    main()
