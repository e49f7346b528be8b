#!/usr/bin/env python3
"""The frozen random sample: articles drawn at random, annotated by hand, never tuned to.

Dev gold was read while rules were written, so a dev gain proves little. This
sample is the project's own predictor of text nobody tuned to:

- `draw` picks articles at random (fixed seed, no topic filter) from both
  ../shared corpora, skipping dev gold, NER training regions, theme-labelled
  documents and same-title copies; each article is cut like the gold set's:
  whole sentences up to about 2,200 characters (the whole text if shorter).
- annotators read `show` and write a spec per article (entities as in
  scripts/ner_annotate.py, plus SECTION, OFFICIAL, THEMES and per-sentence
  `S<n>:` lines); `add` turns specs into standoff records.
- `freeze` writes the annotation file's SHA-256 beside it; `validate` checks
  offsets, region hashes and the checksum.
- `gold` writes the sample as a gold file (../shared/gold/dev.jsonl format,
  texts read from ../shared at run time) for `vnmonitor evaluate`.

Nothing here runs the pipeline on the sample: sentences shown to annotators
come from a plain regex, not from pipeline.text.segment.

Spec block (one per article)::

    == baomoi-2017 baomoi-00000000 0 2134
    SECTION: law
    PERSON: Nguyễn Văn An | An#2
    ORG: Công an tỉnh Bình An
    OFFICIAL: Nguyễn Văn An | Giám đốc | Công an tỉnh Bình An
    OFFICIAL: - | Thủ tướng | -
    S3: phong_chong_tham_nhung
    THEMES: phong_chong_tham_nhung

Usage:
  frozen_sample.py draw [--baomoi 70] [--dantri 20] [--seed 20261202]
  frozen_sample.py show DOC [DOC ...]
  frozen_sample.py add SPEC [SPEC ...] --store FILE
  frozen_sample.py check FILE [DOC ...]
  frozen_sample.py example N [N ...]           a dev gold article marked up (calibration)
  frozen_sample.py agree FILE_A FILE_B
  frozen_sample.py freeze | validate | stats
  frozen_sample.py gold OUT.jsonl [--corpus C]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

from common import annotation as na  # noqa: E402  (the standoff format the annotation tools share)
from common.annotation import read_jsonl, write_jsonl  # noqa: E402

ROOT = na.ROOT
FROZEN = ROOT / "corpora" / "frozen"
SAMPLE = FROZEN / "sample.jsonl"
ANNOTATIONS = FROZEN / "annotations.jsonl"
CHECKSUM = FROZEN / "annotations.sha256"
THEME_LABELS = ROOT / "corpora" / "themes"
SECTIONS = ("politics", "law", "world", "sport", "entertainment", "business", "society",
            "health", "tech", "education", "travel", "auto", "other")
MAX_REGION = 2200
MIN_REGION = 1200
sentences = na.sentences
def theme_ids() -> set[str]:
    import yaml
    path = ROOT / "models" / "themes" / "themes.yaml"
    return {t["id"] for t in yaml.safe_load(path.read_text(encoding="utf-8"))["themes"]}


def load_docs(corpus: str) -> dict[str, dict]:
    import gzip
    with gzip.open(na.CORPORA[corpus], "rt", encoding="utf-8") as f:
        return {d["id"]: d for d in map(json.loads, f)}


def used_elsewhere() -> set[str]:
    """Documents the project has read for rules or training: never in the sample."""
    ids = na.gold_ids() | {r["doc"] for r in na.read_annotations()}
    for path in THEME_LABELS.glob("*.jsonl"):
        ids |= {r["doc"] for r in read_jsonl(path)}
    return ids


def sample_ids() -> set[str]:
    """Ids that training must leave out (tests and training scripts read this)."""
    return {r["doc"] for r in read_jsonl(SAMPLE)}


# ---------------------------------------------------------------- commands

def cmd_draw(args) -> None:
    if SAMPLE.exists() and not args.force:
        raise SystemExit(f"{SAMPLE} exists: the sample is frozen (--force redraws, losing its identity)")
    skip = used_elsewhere()
    rng = random.Random(args.seed)
    rows = []
    for corpus, n in (("baomoi-2017", args.baomoi), ("dantri-2020", args.dantri)):
        docs = load_docs(corpus)
        ids = sorted(docs)
        rng.shuffle(ids)
        titles: set[str] = set()
        taken = 0
        for doc_id in ids:
            if taken == n:
                break
            d = docs[doc_id]
            text = d["text"]
            title = (d.get("title") or text[:80]).strip().lower()
            if doc_id in skip or title in titles or len(text.strip()) < 200:
                continue
            titles.add(title)
            end = na.region_end(text, MIN_REGION, MAX_REGION)
            rows.append({"corpus": corpus, "doc": doc_id, "start": 0, "end": end,
                         "sha1": na.sha10(text[:end]), "category": d.get("category")})
            taken += 1
    write_jsonl(SAMPLE, rows)
    print(f"{len(rows)} articles written to {SAMPLE}")


def _texts_for(doc_ids) -> dict[str, str]:
    out: dict[str, str] = {}
    for corpus in sorted({na.corpus_of(d) for d in doc_ids}):
        docs = load_docs(corpus)
        out.update({d: docs[d]["text"] for d in doc_ids if d in docs})
    return out


def cmd_show(args) -> None:
    sample = {r["doc"]: r for r in read_jsonl(SAMPLE)}
    texts = _texts_for([d for d in args.docs if d in sample])
    for doc_id in args.docs:
        if doc_id not in sample:
            print(f"# {doc_id} is not in the frozen sample", file=sys.stderr)
            continue
        r, text = sample[doc_id], texts[doc_id]
        print(f"== {r['corpus']} {doc_id} {r['start']} {r['end']}")
        if r.get("category"):
            print(f"# corpus category: {r['category']}")
        for k, (s, e) in enumerate(sentences(text, r["start"], r["end"]), 1):
            print(f"[S{k}] {text[s:e]}")
        print()


def _read_line(cur, line, lineno):
    if cur is None or ":" not in line:
        raise na.SpecError("line outside a block or without 'KEY:'")
    key, rest = (p.strip() for p in line.split(":", 1))
    if key == "SECTION":
        if rest not in SECTIONS:
            raise na.SpecError(f"section {rest!r} not one of {SECTIONS}")
        cur["section"] = rest
    elif key == "OFFICIAL":
        parts = [p.strip() for p in rest.split("|")]
        if len(parts) != 3 or not parts[1] or parts[1] == "-":
            raise na.SpecError("OFFICIAL needs 'person | title | org' ('-' for none)")
        person, title, org = (None if p == "-" else p for p in parts)
        cur["officials"].append({"person": person, "title": title, "org": org})
    elif key == "THEMES":
        cur["themes"] = [t.strip() for t in rest.split(",") if t.strip()]
    elif re.fullmatch(r"S\d+", key):
        cur["sentence_themes"][int(key[1:])] = [t.strip() for t in rest.split(",") if t.strip()]
    else:
        na.read_entity_line(cur, line, lineno)


def parse_spec(path: Path) -> list[dict]:
    """Blocks of ner_annotate's spec format plus SECTION, OFFICIAL, THEMES and S<n> lines."""
    return na.read_spec(path, _read_line, section=None, items=[], officials=[], themes=[], sentence_themes={})


def build_record(block: dict, text: str, known_themes: set[str]) -> tuple[dict, list[str]]:
    entities, problems = na.match_block(text, block)
    sents = sentences(text, block["start"], block["end"])
    bad = [t for t in block["themes"] + [t for ts in block["sentence_themes"].values() for t in ts]
           if t not in known_themes]
    if bad:
        problems.append(f"unknown theme ids {sorted(set(bad))} (not found)")
    too_far = [k for k in block["sentence_themes"] if not 1 <= k <= len(sents)]
    if too_far:
        problems.append(f"sentence numbers {too_far} outside 1..{len(sents)} (not found)")
    if block["section"] is None:
        problems.append("no SECTION line (not found)")
    record = {"corpus": block["corpus"], "doc": block["doc"], "start": block["start"], "end": block["end"],
              "sha1": na.sha10(text[block["start"]:block["end"]]), "section": block["section"],
              "entities": entities, "officials": block["officials"],
              "sentences": [{"start": s, "end": e, "themes": block["sentence_themes"].get(k, [])}
                            for k, (s, e) in enumerate(sents, 1)],
              "themes": block["themes"]}
    return record, problems


def cmd_add(args) -> None:
    sample = {r["doc"]: r for r in read_jsonl(SAMPLE)}
    store = Path(args.store)
    records = read_jsonl(store)
    index = {r["doc"]: i for i, r in enumerate(records)}
    known = theme_ids()
    blocks = [b for spec in args.specs for b in parse_spec(Path(spec))]
    texts = _texts_for([b["doc"] for b in blocks])
    failed = False
    for b in blocks:
        r = sample.get(b["doc"])
        if r is None or (r["start"], r["end"]) != (b["start"], b["end"]):
            print(f"{b['doc']}: not in the sample, or region differs from {SAMPLE.name} (not found)")
            failed = True
            continue
        record, problems = build_record(b, texts[b["doc"]], known)
        for p in problems:
            print(f"{b['doc']}: {p}")
            failed = failed or "not found" in p or "occurrence" in p
        if b["doc"] in index:
            records[index[b["doc"]]] = record
        else:
            index[b["doc"]] = len(records)
            records.append(record)
        counts = Counter(e["label"] for e in record["entities"])
        n_theme = sum(1 for s in record["sentences"] if s["themes"])
        print(f"{b['doc']}: {len(record['entities'])} entities {dict(sorted(counts.items()))}, "
              f"{len(record['officials'])} officials, {n_theme}/{len(record['sentences'])} themed sentences, "
              f"themes {record['themes']}")
    write_jsonl(store, records)
    if failed:
        sys.exit(1)


def cmd_check(args) -> None:
    records = [r for r in read_jsonl(Path(args.file)) if not args.docs or r["doc"] in args.docs]
    texts = _texts_for([r["doc"] for r in records])
    for r in records:
        text = texts[r["doc"]]
        print(f"== {r['doc']}  section={r['section']}  themes={r['themes']}")
        ents = r["entities"]
        for k, s in enumerate(r["sentences"], 1):
            out, pos = [], s["start"]
            for e in ents:
                if s["start"] <= e["start"] < s["end"]:
                    out.append(text[pos:e["start"]])
                    out.append(f"[{text[e['start']:e['end']]}|{e['label']}]")
                    pos = e["end"]
            out.append(text[pos:s["end"]])
            tag = f" {{{', '.join(s['themes'])}}}" if s["themes"] else ""
            print(f"[S{k}]{tag} {''.join(out)}")
        for o in r["officials"]:
            print(f"  OFFICIAL {o['person']} | {o['title']} | {o['org']}")
        print()


def cmd_example(args) -> None:
    """A dev gold article marked up the same way, to calibrate annotators (read, never copied)."""
    golds = [json.loads(line) for line in na.GOLD.open(encoding="utf-8") if line.strip()]
    for n in args.numbers:
        g = golds[n]
        text = g["text"]
        print(f"== dev gold #{n} {g['id']}  themes={g.get('themes')}")
        for s in g.get("sentences") or [{"start": 0, "end": len(text), "themes": []}]:
            out, pos = [], s["start"]
            for e in sorted(g["entities"], key=lambda e: e["start"]):
                if s["start"] <= e["start"] < s["end"]:
                    out.append(text[pos:e["start"]])
                    value = f"={json.dumps(e['value'], ensure_ascii=False)}" if e.get("value") is not None else ""
                    out.append(f"[{text[e['start']:e['end']]}|{e['label']}{value}]")
                    pos = e["end"]
            out.append(text[pos:s["end"]])
            tag = f" {{{', '.join(s['themes'])}}}" if s.get("themes") else ""
            print(f"[S]{tag} {''.join(out)}")
        for o in g.get("officials") or []:
            print(f"  OFFICIAL {o['person']} | {o['title']} | {o['org']}")
        print()


def _prf(a: set, b: set) -> tuple[int, int, int]:
    return len(a & b), len(b - a), len(a - b)


def cmd_agree(args) -> None:
    """Agreement between two independent annotations of the same articles (A taken as gold)."""
    a = {r["doc"]: r for r in read_jsonl(Path(args.a))}
    b = {r["doc"]: r for r in read_jsonl(Path(args.b))}
    both = sorted(set(a) & set(b))
    if not both:
        raise SystemExit("no article annotated in both files")
    counts: dict[str, list[int]] = {}

    def add(key, tp_fp_fn):
        c = counts.setdefault(key, [0, 0, 0])
        for i, v in enumerate(tp_fp_fn):
            c[i] += v

    kappa_pairs = []
    for d in both:
        ea = {(e["start"], e["end"], e["label"]) for e in a[d]["entities"]}
        eb = {(e["start"], e["end"], e["label"]) for e in b[d]["entities"]}
        add("entities (strict)", _prf(ea, eb))
        for label in na.LABELS:
            add(label, _prf({x for x in ea if x[2] == label}, {x for x in eb if x[2] == label}))
        norm = lambda o: (na.normalize(o["person"] or "").text.lower(), na.normalize(o["title"]).text.lower())  # noqa: E731
        add("officials (person, title)", _prf({norm(o) for o in a[d]["officials"]},
                                              {norm(o) for o in b[d]["officials"]}))
        add("document themes", _prf(set(a[d]["themes"]), set(b[d]["themes"])))
        sa = {(s["start"], t) for s in a[d]["sentences"] for t in s["themes"]}
        sb = {(s["start"], t) for s in b[d]["sentences"] for t in s["themes"]}
        add("sentence themes", _prf(sa, sb))
        kappa_pairs += [(bool(x["themes"]), bool(y["themes"])) for x, y in zip(a[d]["sentences"], b[d]["sentences"])]
    print(f"{len(both)} articles annotated twice")
    for key, (tp, fp, fn) in counts.items():
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
        print(f"  {key:28s} F1 {f1:.3f}  (both {tp}, only B {fp}, only A {fn})")
    if kappa_pairs:
        n = len(kappa_pairs)
        po = sum(x == y for x, y in kappa_pairs) / n
        pa, pb = sum(x for x, _ in kappa_pairs) / n, sum(y for _, y in kappa_pairs) / n
        pe = pa * pb + (1 - pa) * (1 - pb)
        kappa = (po - pe) / (1 - pe) if pe < 1 else 1.0
        print(f"  sentence has any theme: Cohen's kappa {kappa:.3f} over {n} sentences")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cmd_freeze(args) -> None:
    CHECKSUM.write_text(f"{_sha256(ANNOTATIONS)}  {ANNOTATIONS.name}\n", encoding="utf-8")
    print(CHECKSUM.read_text().strip())


def cmd_validate(args) -> None:
    sample = {r["doc"]: r for r in read_jsonl(SAMPLE)}
    records = read_jsonl(ANNOTATIONS)
    errors = []
    if CHECKSUM.exists() and CHECKSUM.read_text().split()[0] != _sha256(ANNOTATIONS):
        errors.append("annotations.jsonl does not match annotations.sha256: the frozen sample was changed")
    overlap = set(sample) & (na.gold_ids() | {r["doc"] for r in na.read_annotations()})
    if overlap:
        errors.append(f"sample documents used elsewhere: {sorted(overlap)[:5]}")
    texts = _texts_for(list(sample)) if all(p.exists() for p in na.CORPORA.values()) else None
    for r in records:
        s = sample.get(r["doc"])
        if s is None or (s["start"], s["end"], s["sha1"]) != (r["start"], r["end"], r["sha1"]):
            errors.append(f"{r['doc']}: not the sample's region")
    errors += na.validate(records, {c: texts for c in na.CORPORA} if texts is not None else None, training=False)
    for e in errors:
        print(e)
    print(f"{len(records)} of {len(sample)} sample articles annotated, {len(errors)} errors")
    sys.exit(1 if errors else 0)


def cmd_stats(args) -> None:
    records = read_jsonl(ANNOTATIONS)
    labels = Counter(e["label"] for r in records for e in r["entities"])
    print(f"articles: {len(records)} {dict(Counter(r['corpus'] for r in records))}")
    print(f"sections: {dict(Counter(r['section'] for r in records).most_common())}")
    print("entities: " + ", ".join(f"{k} {labels[k]}" for k in na.LABELS) + f"; total {sum(labels.values())}")
    print(f"officials: {sum(len(r['officials']) for r in records)}")
    sents = [s for r in records for s in r["sentences"]]
    print(f"sentences: {len(sents)}, with a theme: {sum(1 for s in sents if s['themes'])}; "
          f"documents with a theme: {sum(1 for r in records if r['themes'])}")
    print("themes (sentences): " + str(dict(Counter(t for s in sents for t in s["themes"]).most_common())))


def gold_records(corpus: str | None = None) -> list[dict]:
    """The sample in the dev gold's format, texts read from ../shared (offsets relative to the region)."""
    records = [r for r in read_jsonl(ANNOTATIONS) if corpus is None or r["corpus"] == corpus]
    texts = _texts_for([r["doc"] for r in records])
    out = []
    for r in records:
        text = texts[r["doc"]][r["start"]:r["end"]]
        if na.sha10(text) != r["sha1"]:
            raise SystemExit(f"{r['doc']}: region text changed (sha1 mismatch)")
        shift = r["start"]
        out.append({"id": r["doc"], "source": r["corpus"], "section": r["section"], "text": text,
                    "entities": [{**e, "start": e["start"] - shift, "end": e["end"] - shift,
                                  "text": text[e["start"] - shift:e["end"] - shift], "value": e.get("value")}
                                 for e in r["entities"]],
                    "officials": r["officials"],
                    "sentences": [{**s, "start": s["start"] - shift, "end": s["end"] - shift} for s in r["sentences"]],
                    "themes": r["themes"]})
    return out


def cmd_gold(args) -> None:
    rows = gold_records(args.corpus)
    write_jsonl(Path(args.out), rows)
    print(f"{len(rows)} articles written to {args.out}")


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("draw")
    d.add_argument("--baomoi", type=int, default=70)
    d.add_argument("--dantri", type=int, default=20)
    d.add_argument("--seed", type=int, default=20261202)
    d.add_argument("--force", action="store_true")
    d.set_defaults(func=cmd_draw)
    s = sub.add_parser("show")
    s.add_argument("docs", nargs="+")
    s.set_defaults(func=cmd_show)
    a = sub.add_parser("add")
    a.add_argument("specs", nargs="+")
    a.add_argument("--store", required=True, help="standoff file to add to (one per annotator)")
    a.set_defaults(func=cmd_add)
    k = sub.add_parser("check")
    k.add_argument("file")
    k.add_argument("docs", nargs="*")
    k.set_defaults(func=cmd_check)
    x = sub.add_parser("example")
    x.add_argument("numbers", nargs="+", type=int, help="dev gold line numbers (0-43)")
    x.set_defaults(func=cmd_example)
    g = sub.add_parser("agree")
    g.add_argument("a")
    g.add_argument("b")
    g.set_defaults(func=cmd_agree)
    sub.add_parser("freeze").set_defaults(func=cmd_freeze)
    sub.add_parser("validate").set_defaults(func=cmd_validate)
    sub.add_parser("stats").set_defaults(func=cmd_stats)
    o = sub.add_parser("gold")
    o.add_argument("out")
    o.add_argument("--corpus", choices=sorted(na.CORPORA))
    o.set_defaults(func=cmd_gold)
    args = p.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
