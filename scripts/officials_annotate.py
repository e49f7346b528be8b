#!/usr/bin/env python3
"""Hand annotation of officials over NER regions (corpora/ner/officials.jsonl).

The regions are drawn by `common.officials.draw` (fixed seed) among the regions of
corpora/ner/annotations.jsonl drawn at random across both archives. The tool prints them with
their hand-annotated entities marked, for a human to read; the annotator writes a spec file,
one block per region, and `add` stores officials as standoff: values plus the offsets of the
mentions they were read from, never corpus text beyond the names and titles themselves.

Spec files::

    == baomoi-2017 baomoi-00000000 0 1340
    OFF: Nguyễn Văn An | Giám đốc | Sở Y tế tỉnh Bình An
    OFF: - | Thủ tướng | -
    OFF: Trần Văn Bình | Bộ trưởng | Bộ Y tế | former

`person | title | org` as written in the region ("-" for none; the person is the full name
even where the office is written beside a short one), and `former` for "nguyên"/"cựu".
A block with no OFF line is a region with no officials. Each value is looked up among the
region's entities (PERSON, TITLE, ORG; the mention nearest the others), else as a word-bounded
string in the region; values found nowhere are reported and nothing is written.

Usage:
  officials_annotate.py show [--from N] [--to M] [--split tune|check] [--docs DOC ...] [--compact] [--second]
  officials_annotate.py add SPEC [SPEC ...] [--store FILE] [--second]
  officials_annotate.py agree FILE_A FILE_B        agreement on the regions in both
  officials_annotate.py validate [--store FILE]
  officials_annotate.py stats
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

from common import load_docs
from common.annotation import (SpecError, find_all, frozen_ids, gold_ids, read_jsonl, read_spec, sentences,
                               sha10, write_jsonl)
from common.officials import OFFICIALS, draw, ner_trained, second_sample, split_of

from pipeline.evaluate import norm_name
from pipeline.metrics import prf
from pipeline.text import normalize

MARK = {"PERSON": "P", "TITLE": "T", "ORG": "O", "LOC": "L"}
# words of titles, for --compact: a sentence with none of them and no TITLE entity holds no official
TITLE_WORDS = re.compile(r"(?i)\b(?:chủ tịch|giám đốc|trưởng|bí thư|thủ tướng|tổng thống|phó|ủy viên|ủy viên|đại biểu|"
                         r"đbqh|đại sứ|lãnh sự|phát ngôn|thư ký|tư lệnh|chính ủy|chỉ huy|thẩm phán|kiểm sát viên|"
                         r"điều tra viên|thanh tra|thống đốc|ceo|chủ nhiệm|chánh|vua|quốc vương|giáo hoàng|nghị sĩ|"
                         r"cố vấn|trợ lý|biên tập|thủ hiến|chủ tọa|chủ soái|tổng tư lệnh|president|chairman|"
                         r"lãnh đạo|đứng đầu|nguyên|cựu|tân)\b")


def _texts(regions) -> dict[str, str]:
    return {k: d["text"] for k, d in load_docs({r["doc"] for r in regions}).items()}


def _marked(text: str, entities: list[dict], start: int, end: int) -> str:
    out, pos = [], start
    for e in entities:
        if e["label"] not in MARK or not (start <= e["start"] and e["end"] <= end):
            continue
        out.append(text[pos:e["start"]])
        out.append(f"[{text[e['start']:e['end']]}|{MARK[e['label']]}]")
        pos = e["end"]
    out.append(text[pos:end])
    return "".join(out)


_ABBREV_END = re.compile(r"(?:\b(?:TP|Tp|TT|T\.Ư|St|Mr|Dr|[A-ZĐ])\.)$")


def _joined(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Regex sentences with those cut after an abbreviation ("Công an TP. Đà Nẵng") joined again."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and _ABBREV_END.search(text[out[-1][0]:out[-1][1]]) and "\n" not in text[out[-1][1]:s]:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def cmd_show(args) -> None:
    """The drawn regions with their entities marked; --compact prints the persons of the region and
    only the sentences with a TITLE entity or a title word (the others cannot state an office)."""
    second = set(second_sample()) if args.second else set()
    drawn = list(enumerate(draw(), 1))
    drawn = [(k, r, how) for k, (r, how) in drawn
             if args.start <= k <= args.stop and (not args.split or split_of(r["doc"]) == args.split)
             and (not args.docs or r["doc"] in args.docs)
             and (not args.second or (r["doc"], r["start"]) in second)]
    texts = _texts([r for _, r, _ in drawn])
    for k, r, how in drawn:
        text = texts[r["doc"]]
        print(f"== {r['corpus']} {r['doc']} {r['start']} {r['end']}")
        print(f"# {k} {how} {r['section']}")
        if not args.compact:
            print(_marked(text, r["entities"], r["start"], r["end"]))
            print()
            continue
        persons = sorted({text[e["start"]:e["end"]] for e in r["entities"] if e["label"] == "PERSON"})
        print("# persons: " + "; ".join(persons))
        titled = [e for e in r["entities"] if e["label"] == "TITLE"]
        for s, e in _joined(text, sentences(text, r["start"], r["end"])):
            if any(s <= t["start"] < e for t in titled) or TITLE_WORDS.search(text[s:e]):
                print("  " + _marked(text, r["entities"], s, e))
        print()


def _read_official(cur, line, lineno):
    if cur is None or not line.startswith("OFF:"):
        raise SpecError("expected 'OFF: person | title | org' inside a block")
    parts = [p.strip() for p in line[4:].split("|")]
    former = len(parts) == 4 and parts[3] == "former"
    if len(parts) not in (3, 4) or (len(parts) == 4 and not former) or parts[1] in ("", "-"):
        raise SpecError("OFF needs 'person | title | org [| former]' ('-' for none)")
    person, title, org = (None if p == "-" else p for p in parts[:3])
    cur["officials"].append({"person": person, "title": title, "org": org, "former": former, "line": lineno})


def parse_spec(path: Path) -> list[dict]:
    return read_spec(path, _read_official, officials=[])


def _occurrences(text: str, region: dict, value: str, label: str) -> list[tuple[int, int]]:
    """Mentions of `value` in the region: entities of `label` first, else word-bounded strings."""
    key = norm_name(normalize(value).text)
    spans = [(e["start"], e["end"]) for e in region["entities"]
             if e["label"] == label and norm_name(normalize(text[e["start"]:e["end"]]).text) == key]
    if spans:
        return spans
    view = normalize(text[region["start"]:region["end"]])
    low, needle = view.text.lower(), normalize(value).text.lower()
    out = []
    for h in find_all(low, needle):
        s, e = view.to_input(h, h + len(needle))
        out.append((region["start"] + s, region["start"] + e))
    return out


def locate(text: str, region: dict, official: dict) -> tuple[dict, list[str]]:
    """The stored official: values plus the mentions (offsets) they were read from."""
    problems = []
    found = {}
    for field, label in (("person", "PERSON"), ("title", "TITLE"), ("org", "ORG")):
        value = official[field]
        if value is None:
            found[field] = None
            continue
        occ = _occurrences(text, region, value, label)
        if not occ:
            problems.append(f"line {official['line']}: {field} {value!r} not found")
        found[field] = occ
    if problems:
        return {}, problems
    # the title nearest the person, the org nearest after the title
    anchor = found["person"][0][0] if found["person"] else None
    title = min(found["title"], key=lambda s: abs(s[0] - anchor)) if anchor is not None else found["title"][0]
    org = None
    if found["org"]:
        after = [s for s in found["org"] if s[0] >= title[1]]
        org = min(after or found["org"], key=lambda s: abs(s[0] - title[1]))
    person = None
    if found["person"]:
        person = min(found["person"], key=lambda s: abs(s[0] - title[0]))
    return {"person": official["person"], "title": official["title"], "org": official["org"],
            "former": official["former"],
            "spans": {"person": list(person) if person else None, "title": list(title),
                      "org": list(org) if org else None}}, []


def cmd_add(args) -> None:
    store = Path(args.store) if args.store else OFFICIALS
    records = read_jsonl(store)
    index = {(r["doc"], r["start"]): i for i, r in enumerate(records)}
    drawn = {(r["doc"], r["start"]): (r, how) for r, how in draw()}
    blocks = [b for spec in args.specs for b in parse_spec(Path(spec))]
    texts = _texts(blocks)
    failed = False
    for b in blocks:
        key = (b["doc"], b["start"])
        if key not in drawn or drawn[key][0]["end"] != b["end"]:
            print(f"{b['doc']} {b['start']}: not a drawn region")
            failed = True
            continue
        region, how = drawn[key]
        text = texts[b["doc"]]
        officials = []
        for o in b["officials"]:
            rec, problems = locate(text, region, o)
            for p in problems:
                print(f"{b['doc']}: {p}")
            failed = failed or bool(problems)
            if rec:
                officials.append(rec)
        record = {"corpus": region["corpus"], "doc": region["doc"], "start": region["start"],
                  "end": region["end"], "sha1": sha10(text[region["start"]:region["end"]]),
                  "section": region["section"], "draw": how, "officials": officials}
        if args.second and key not in set(second_sample()):
            print(f"{b['doc']} {b['start']}: not in the second-annotation sample")
            failed = True
            continue
        if key in index:
            records[index[key]] = record
        else:
            index[key] = len(records)
            records.append(record)
    if failed:
        print("nothing written")
        sys.exit(1)
    order = {k: n for n, (k, _) in enumerate(((r["doc"], r["start"]), how) for r, how in draw())}
    records.sort(key=lambda r: order[(r["doc"], r["start"])])
    write_jsonl(store, records)
    print(f"{len(blocks)} blocks, {sum(len(b['officials']) for b in blocks)} officials; "
          f"{store.name}: {len(records)} regions, {sum(len(r['officials']) for r in records)} officials")


def _offices(record: dict) -> set[tuple[str, str]]:
    return {(norm_name(o["person"]), norm_name(o["title"])) for o in record["officials"]}


def cmd_agree(args) -> None:
    """(person, title) agreement of two annotations of the same regions, A taken as gold;
    org agreement over the pairs both have."""
    a = {(r["doc"], r["start"]): r for r in read_jsonl(Path(args.a))}
    b = {(r["doc"], r["start"]): r for r in read_jsonl(Path(args.b))}
    both = sorted(set(a) & set(b))
    if not both:
        raise SystemExit("no region annotated in both files")
    tp = fp = fn = org_same = 0
    diffs = []
    for k in both:
        ga, gb = _offices(a[k]), _offices(b[k])
        tp, fp, fn = tp + len(ga & gb), fp + len(gb - ga), fn + len(ga - gb)
        orgs_a = {(norm_name(o["person"]), norm_name(o["title"])): norm_name(o["org"]) for o in a[k]["officials"]}
        orgs_b = {(norm_name(o["person"]), norm_name(o["title"])): norm_name(o["org"]) for o in b[k]["officials"]}
        org_same += sum(orgs_a[p] == orgs_b[p] for p in ga & gb)
        diffs += [(k[0], "only A", p) for p in sorted(ga - gb)] + [(k[0], "only B", p) for p in sorted(gb - ga)]
    s = prf(tp, fp, fn)
    print(f"{len(both)} regions annotated twice; officials (person, title) F1 {s['f1']:.3f} "
          f"(both {tp}, only B {fp}, only A {fn}); same org on {org_same} of {tp}")
    if args.diffs:
        for doc, side, (person, title) in diffs:
            print(f"  {doc} {side}: {person or '-'} | {title}")


def cmd_validate(args) -> None:
    store = Path(args.store) if args.store else OFFICIALS
    records = read_jsonl(store)
    drawn = {(r["doc"], r["start"]): r for r, _ in draw()}
    banned = gold_ids() | frozen_ids(themes=False)
    texts = _texts(records)
    errors = []
    for r in records:
        where = f"{r['doc']} {r['start']}"
        region = drawn.get((r["doc"], r["start"]))
        if region is None or region["end"] != r["end"]:
            errors.append(f"{where}: not a drawn region")
            continue
        if r["doc"] in banned:
            errors.append(f"{where}: a dev gold or frozen-sample document")
        text = texts[r["doc"]]
        if sha10(text[r["start"]:r["end"]]) != r["sha1"]:
            errors.append(f"{where}: sha1 mismatch")
        for o in r["officials"]:
            for field, span in o["spans"].items():
                if (span is None) != (o[field] is None):
                    errors.append(f"{where}: {field} value and span disagree")
                elif span and not (r["start"] <= span[0] < span[1] <= r["end"]):
                    errors.append(f"{where}: {field} span outside the region")
            if o["title"] is None:
                errors.append(f"{where}: an official without a title")
    for e in errors:
        print(e)
    print(f"{len(records)} regions, {sum(len(r['officials']) for r in records)} officials, {len(errors)} errors")
    sys.exit(1 if errors else 0)


def cmd_stats(args) -> None:
    records = read_jsonl(OFFICIALS)
    n = Counter(len(r["officials"]) > 0 for r in records)
    print(f"regions: {len(records)} {dict(Counter(r['draw'] for r in records))}, "
          f"{n[True]} with officials; corpora {dict(Counter(r['corpus'] for r in records))}")
    print(f"splits: {dict(Counter(split_of(r['doc']) for r in records))}; "
          f"regions the NER model trained on: {sum(ner_trained(r['doc']) for r in records)}")
    offs = [o for r in records for o in r["officials"]]
    print(f"officials: {len(offs)}; no person {sum(o['person'] is None for o in offs)}, "
          f"no org {sum(o['org'] is None for o in offs)}, former {sum(o['former'] for o in offs)}")
    by_section = Counter()
    regions_by_section = Counter(r["section"] for r in records)
    for r in records:
        by_section[r["section"]] += len(r["officials"])
    print("per section (regions, officials): " + ", ".join(
        f"{s} {regions_by_section[s]}/{by_section[s]}" for s, _ in regions_by_section.most_common()))


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("show")
    s.add_argument("--from", dest="start", type=int, default=1)
    s.add_argument("--to", dest="stop", type=int, default=10**6)
    s.add_argument("--split", choices=("tune", "check"))
    s.add_argument("--docs", nargs="*")
    s.add_argument("--compact", action="store_true", help="only sentences that may state an office")
    s.add_argument("--second", action="store_true", help="the regions of the second, independent annotation")
    s.set_defaults(func=cmd_show)
    a = sub.add_parser("add")
    a.add_argument("specs", nargs="+")
    a.add_argument("--store")
    a.add_argument("--second", action="store_true", help="check that every block is in the second-annotation sample")
    a.set_defaults(func=cmd_add)
    g = sub.add_parser("agree")
    g.add_argument("a")
    g.add_argument("b")
    g.add_argument("--diffs", action="store_true", help="list the pairs only one side has")
    g.set_defaults(func=cmd_agree)
    v = sub.add_parser("validate")
    v.add_argument("--store")
    v.set_defaults(func=cmd_validate)
    sub.add_parser("stats").set_defaults(func=cmd_stats)
    args = p.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
