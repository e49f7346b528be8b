#!/usr/bin/env python3
"""Sentence-level theme labels for training (corpora/themes/sentences-*.jsonl), by hand.

ANNOTATION.md: "every sentence gets the themes it is about, read in the context
of its paragraph". The older labels (labels-*.jsonl) gave a passage's themes
to all its sentences; this tool re-labels those documents sentence by sentence
and adds documents found by each theme's cues (positives and near misses) and
documents drawn at random (mostly negatives).

- `queue` writes annotator work files (outside the repository): blocks of
  numbered sentences, with where each document came from.
- annotators write specs: `== corpus doc start end`, `ORIGIN: ...`,
  `S<n>: theme, theme`, `THEMES: theme, ...` (document themes);
- `add` turns specs into standoff records (no text), `check` prints them,
  `agree` compares two independent labellings, `merge` writes the corpus files,
  `stats` counts positives per theme.

Dev gold and frozen-sample documents are never queued or stored.

Usage:
  theme_label.py queue --out-dir DIR [--parts 4] [--per-theme 14] [--random 60] [--seed 20261204]
  theme_label.py add SPEC [SPEC ...] --store FILE
  theme_label.py check FILE [DOC ...]
  theme_label.py agree FILE_A FILE_B
  theme_label.py merge STORE [STORE ...]
  theme_label.py stats [FILE ...]
  theme_label.py written SPEC [SPEC ...] --out corpora/themes/written-NAME.jsonl

`written` reads articles the project wrote itself (our own text, so it is stored with its labels):
`== ID`, `ORIGIN: ...`, `TITLE: {theme, ...} headline`, `[S] {theme, ...} sentence` lines (the braces and
the themes in them only where the sentence has a theme), a blank line between paragraphs, `THEMES: ...`. The title is the first sentence (the theme model reads it as
the title); a paragraph's sentences are joined by a space, paragraphs by a newline.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from common import annotation as na  # noqa: E402  (the standoff format the annotation tools share)
from common.annotation import read_jsonl, write_jsonl  # noqa: E402

ROOT = na.ROOT
THEMES_DIR = ROOT / "corpora" / "themes"
TAXONOMY = ROOT / "models" / "themes" / "themes.yaml"
OUT_FILES = {"baomoi-2017": THEMES_DIR / "sentences-baomoi.jsonl", "dantri-2020": THEMES_DIR / "sentences-dantri.jsonl"}


def taxonomy() -> list[dict]:
    import yaml
    return yaml.safe_load(TAXONOMY.read_text(encoding="utf-8"))["themes"]


def _line_start(text: str, i: int) -> int:
    return text.rfind("\n", 0, i) + 1


def old_regions() -> dict[str, tuple[str, int, int]]:
    """doc -> (corpus, start, end): the extent of each document's older passage labels."""
    out: dict[str, tuple[str, int, int]] = {}
    for path in sorted(THEMES_DIR.glob("labels-*.jsonl")):
        for r in read_jsonl(path):
            c, s, e = out.get(r["doc"], (r["corpus"], r["start"], r["end"]))
            out[r["doc"]] = (c, min(s, r["start"]), max(e, r["end"]))
    return out


def cmd_queue(args) -> None:
    rng = random.Random(args.seed)
    texts = {c: na.load_corpus(c) for c in na.CORPORA}
    skip = na.gold_ids() | na.frozen_ids() | {r["doc"] for path in OUT_FILES.values() for r in read_jsonl(path)}
    old = {} if args.no_relabel else old_regions()
    jobs = [(c, d, s, e, "relabel") for d, (c, s, e) in sorted(old.items()) if d not in skip]
    taken = {d for _, d, *_ in jobs} | skip
    pool = [(c, d) for c in sorted(texts) for d in sorted(texts[c]) if d not in taken]
    rng.shuffle(pool)
    for theme in taxonomy():
        if args.themes and theme["id"] not in args.themes:
            continue
        phrases = args.phrases or theme.get("cues", [])
        cues = [re.compile(r"(?<!\w)" + re.escape(cue.lower()) + r"(?!\w)") for cue in phrases]
        found = 0
        for c, d in pool:
            if found == args.per_theme:
                break
            text = texts[c][d]
            start, end = 0, na.region_end(text)
            if d in taken:
                continue
            if not any(p.search(text[:end].lower()) for p in cues):
                hit = min((m.start() for p in cues for m in [p.search(text.lower())] if m), default=None)
                if hit is None or not args.around:
                    continue
                # a region of whole lines around the first mention, further into the document
                start = _line_start(text, max(0, hit - 1000))
                end = start + na.region_end(text[start:])
            jobs.append((c, d, start, end, f"cue:{theme['id']}"))
            taken.add(d)
            found += 1
    n_random = 0
    for c, d in pool:
        if n_random == args.random:
            break
        if d not in taken and len(texts[c][d].strip()) >= 200:
            jobs.append((c, d, 0, na.region_end(texts[c][d]), "random"))
            taken.add(d)
            n_random += 1
    rng.shuffle(jobs)
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for k in range(args.parts):
        with open(out / f"part{k + 1}.txt", "w", encoding="utf-8") as fh:
            for c, d, s, e, origin in jobs[k::args.parts]:
                text = texts[c][d]
                fh.write(f"== {c} {d} {s} {e}\nORIGIN: {origin}\n")
                for n, (a, b) in enumerate(na.sentences(text, s, e), 1):
                    fh.write(f"[S{n}] {text[a:b]}\n")
                fh.write("\n")
    print(f"{len(jobs)} documents ({Counter(j[4].split(':')[0] for j in jobs)}) in {args.parts} files under {out}")


def _read_themes(cur, line, lineno):
    if cur is None or ":" not in line:
        raise na.SpecError("line outside a block or without 'KEY:'")
    key, rest = (p.strip() for p in line.split(":", 1))
    ids = [t.strip() for t in rest.split(",") if t.strip()]
    if key == "ORIGIN":
        cur["origin"] = rest
    elif key == "THEMES":
        cur["themes"] = ids
    elif re.fullmatch(r"S\d+", key):
        cur["sentence_themes"][int(key[1:])] = ids
    else:
        raise na.SpecError(f"unknown key {key!r}")


def parse_spec(path: Path) -> list[dict]:
    return na.read_spec(path, _read_themes, origin=None, themes=[], sentence_themes={})


def cmd_add(args) -> None:
    known = {t["id"] for t in taxonomy()}
    forbidden = na.gold_ids() | na.frozen_ids()
    store = Path(args.store)
    records = read_jsonl(store)
    index = {r["doc"]: i for i, r in enumerate(records)}
    blocks = [b for spec in args.specs for b in parse_spec(Path(spec))]
    texts = {c: na.load_corpus(c) for c in {b["corpus"] for b in blocks}}
    failed = False
    for b in blocks:
        problems = []
        if b["doc"] in forbidden:
            problems.append("a dev gold or frozen-sample document")
        text = texts[b["corpus"]].get(b["doc"])
        if text is None:
            problems.append("unknown document")
        bad = sorted({t for t in b["themes"] + [t for ts in b["sentence_themes"].values() for t in ts]} - known)
        if bad:
            problems.append(f"unknown theme ids {bad}")
        sents = na.sentences(text, b["start"], b["end"]) if text else []
        outside = [k for k in b["sentence_themes"] if not 1 <= k <= len(sents)]
        if outside:
            problems.append(f"sentence numbers {outside} outside 1..{len(sents)}")
        if problems:
            print(f"{b['doc']}: ERROR " + "; ".join(problems))
            failed = True
            continue
        record = {"corpus": b["corpus"], "doc": b["doc"], "start": b["start"], "end": b["end"],
                  "sha1": na.sha10(text[b["start"]:b["end"]]), "origin": b["origin"],
                  "sentences": [{"start": s, "end": e, "themes": b["sentence_themes"].get(k, [])}
                                for k, (s, e) in enumerate(sents, 1)],
                  "themes": b["themes"]}
        if b["doc"] in index:
            records[index[b["doc"]]] = record
        else:
            index[b["doc"]] = len(records)
            records.append(record)
        n = sum(1 for s in record["sentences"] if s["themes"])
        print(f"{b['doc']}: {n}/{len(sents)} sentences with a theme, document {record['themes']}")
    write_jsonl(store, records)
    if failed:
        sys.exit(1)


def cmd_check(args) -> None:
    records = [r for r in read_jsonl(Path(args.file)) if not args.docs or r["doc"] in args.docs]
    texts = {c: na.load_corpus(c) for c in {r["corpus"] for r in records}}
    for r in records:
        text = texts[r["corpus"]][r["doc"]]
        print(f"== {r['doc']}  origin={r['origin']}  themes={r['themes']}")
        for k, s in enumerate(r["sentences"], 1):
            tag = f" {{{', '.join(s['themes'])}}}" if s["themes"] else ""
            print(f"[S{k}]{tag} {text[s['start']:s['end']]}")
        print()


def cmd_agree(args) -> None:
    a = {r["doc"]: r for r in read_jsonl(Path(args.a))}
    b = {r["doc"]: r for r in read_jsonl(Path(args.b))}
    both = sorted(set(a) & set(b))
    if not both:
        raise SystemExit("no document labelled in both files")
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    pairs = []
    for d in both:
        sa = {(s["start"], t) for s in a[d]["sentences"] for t in s["themes"]}
        sb = {(s["start"], t) for s in b[d]["sentences"] for t in s["themes"]}
        for key, x, y in (("sentences", sa, sb), ("documents", set(a[d]["themes"]), set(b[d]["themes"]))):
            per[key][0] += len(x & y)
            per[key][1] += len(y - x)
            per[key][2] += len(x - y)
        for t in {t for _, t in sa | sb}:
            xa, xb = {s for s, u in sa if u == t}, {s for s, u in sb if u == t}
            per[t][0] += len(xa & xb)
            per[t][1] += len(xb - xa)
            per[t][2] += len(xa - xb)
        pairs += [(bool(x["themes"]), bool(y["themes"])) for x, y in zip(a[d]["sentences"], b[d]["sentences"])]
    print(f"{len(both)} documents labelled twice")
    for key, (tp, fp, fn) in sorted(per.items(), key=lambda kv: kv[0] not in ("sentences", "documents")):
        print(f"  {key:26s} F1 {2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0:.3f}  "
              f"(both {tp}, only B {fp}, only A {fn})")
    n = len(pairs)
    po = sum(x == y for x, y in pairs) / n
    pa, pb = sum(x for x, _ in pairs) / n, sum(y for _, y in pairs) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    print(f"  sentence has any theme: Cohen's kappa {(po - pe) / (1 - pe) if pe < 1 else 1.0:.3f} over {n} sentences")


def cmd_merge(args) -> None:
    records = {}
    for path in args.stores:
        for r in read_jsonl(Path(path)):
            records[r["doc"]] = r
    for corpus, out in OUT_FILES.items():
        rows = sorted((r for r in records.values() if r["corpus"] == corpus), key=lambda r: r["doc"])
        write_jsonl(out, rows)
        print(f"{len(rows)} documents -> {out.relative_to(ROOT)}")


_LABELLED = re.compile(r"\s*(?:\{([^}]*)\})?\s*(.+?)\s*$")


def parse_written(path: Path) -> list[dict]:
    """Articles of a written spec as records with their text and sentence offsets."""
    known = {t["id"] for t in taxonomy()}
    docs, cur, paragraph = [], None, []

    def labelled(rest: str, lineno: int) -> tuple[list[str], str]:
        if rest.lstrip().startswith("[{"):
            raise SystemExit(f"{path}:{lineno}: write a sentence's themes as {{a, b}}, without square brackets")
        m = _LABELLED.match(rest)
        ids = [t.strip() for t in (m.group(1) or "").split(",") if t.strip()]
        bad = sorted(set(ids) - known)
        if bad:
            raise SystemExit(f"{path}:{lineno}: unknown theme ids {bad}")
        return ids, m.group(2)

    def close_paragraph():
        if paragraph:
            cur["paragraphs"].append(list(paragraph))
            paragraph.clear()

    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if line.startswith("== "):
            if cur:
                close_paragraph()
            cur = {"id": line[3:].strip(), "origin": None, "paragraphs": [], "themes": None}
            docs.append(cur)
        elif cur is None or line.startswith("#"):
            continue
        elif not line:
            close_paragraph()
        elif line.startswith("ORIGIN:"):
            cur["origin"] = line[7:].strip()
        elif line.startswith("TITLE:"):
            cur["paragraphs"].append([labelled(line[6:], lineno)])
        elif line.startswith("[S]"):
            paragraph.append(labelled(line[3:], lineno))
        elif line.startswith("THEMES:"):
            close_paragraph()
            cur["themes"] = [t.strip() for t in line[7:].split(",") if t.strip()]
            bad = sorted(set(cur["themes"]) - known)
            if bad:
                raise SystemExit(f"{path}:{lineno}: unknown theme ids {bad}")
        else:
            raise SystemExit(f"{path}:{lineno}: unexpected line {line[:40]!r}")
    if cur:
        close_paragraph()
    out = []
    for d in docs:
        if d["themes"] is None or not d["paragraphs"]:
            raise SystemExit(f"{path}: article {d['id']} has no THEMES line or no sentence")
        text, sentences = "", []
        for paragraph_sentences in d["paragraphs"]:
            if text:
                text += "\n"
            for k, (themes, sentence) in enumerate(paragraph_sentences):
                if k:
                    text += " "
                sentences.append({"start": len(text), "end": len(text) + len(sentence), "themes": themes})
                text += sentence
        out.append({"id": d["id"], "origin": d["origin"], "text": text, "sentences": sentences,
                    "themes": d["themes"]})
    return out


def cmd_written(args) -> None:
    records = [r for spec in args.specs for r in parse_written(Path(spec))]
    ids = Counter(r["id"] for r in records)
    if any(n > 1 for n in ids.values()):
        raise SystemExit(f"repeated ids: {sorted(i for i, n in ids.items() if n > 1)}")
    write_jsonl(Path(args.out), records)
    per = Counter(t for r in records for s in r["sentences"] for t in s["themes"])
    print(f"{len(records)} articles, {sum(len(r['sentences']) for r in records)} sentences -> {args.out}; "
          f"positive sentences {dict(per)}")


def cmd_stats(args) -> None:
    files = [Path(f) for f in args.files] or list(OUT_FILES.values())
    records = [r for f in files for r in read_jsonl(f)]
    sents = [s for r in records for s in r["sentences"]]
    per = Counter(t for s in sents for t in s["themes"])
    docs = Counter(t for r in records for t in r["themes"])
    print(f"documents {len(records)} ({dict(Counter((r['origin'] or '').split(':')[0] for r in records))}), "
          f"sentences {len(sents)}, with a theme {sum(1 for s in sents if s['themes'])}")
    for t in taxonomy():
        print(f"  {t['id']:28s} sentences {per[t['id']]:5d}  documents {docs[t['id']]:4d}")


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    q = sub.add_parser("queue")
    q.add_argument("--out-dir", required=True)
    q.add_argument("--parts", type=int, default=4)
    q.add_argument("--per-theme", type=int, default=14)
    q.add_argument("--random", type=int, default=60)
    q.add_argument("--seed", type=int, default=20261204)
    q.add_argument("--themes", nargs="*", help="cue-search only these themes")
    q.add_argument("--no-relabel", action="store_true", help="skip the passage-labelled documents")
    q.add_argument("--phrases", nargs="*", help="search these phrases instead of the themes' cues")
    q.add_argument("--around", action="store_true",
                   help="also take documents whose mention is past the first region (a region around it)")
    q.set_defaults(func=cmd_queue)
    a = sub.add_parser("add")
    a.add_argument("specs", nargs="+")
    a.add_argument("--store", required=True)
    a.set_defaults(func=cmd_add)
    k = sub.add_parser("check")
    k.add_argument("file")
    k.add_argument("docs", nargs="*")
    k.set_defaults(func=cmd_check)
    g = sub.add_parser("agree")
    g.add_argument("a")
    g.add_argument("b")
    g.set_defaults(func=cmd_agree)
    m = sub.add_parser("merge")
    m.add_argument("stores", nargs="+")
    m.set_defaults(func=cmd_merge)
    s = sub.add_parser("stats")
    s.add_argument("files", nargs="*")
    s.set_defaults(func=cmd_stats)
    w = sub.add_parser("written")
    w.add_argument("specs", nargs="+")
    w.add_argument("--out", required=True)
    w.set_defaults(func=cmd_written)
    args = p.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
