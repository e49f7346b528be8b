"""Entities on a public peer set, PhoNER_COVID19 (VinAI, NAACL 2021), read under its own licence.

PhoNER_COVID19 is not in this repository and never will be: its licence allows research and
educational use and forbids redistribution. Fetch it yourself
(`git clone https://github.com/VinAIResearch/PhoNER_COVID19`) and point `--data` at its
`data/syllable` folder. Nothing here learns from it. `--errors` lists the misses of the train and dev
splits only, so the test split stays a check that nobody tuned to.

    .venv/bin/python scripts/eval_peer_phoner.py --data PhoNER_COVID19/data/syllable [--split test]

PhoNER's conventions are not ANNOTATION.md's, so only what both sets mean alike is scored:

- **ORG recall.** PhoNER's ORGANIZATION spans are found exactly as ORG (strict), or overlapped by an
  ORG (lenient). PhoNER tags only the organisations in a patient's story, so precision would say
  nothing.
- **Administrative places.** A LOCATION span that opens with an administrative or street word of the
  lexicon, or that is a place of the lexicon ("quận Bắc Từ Liêm", "phố Trúc Bạch", "Hà Nội", "Hàn
  Quốc"), must be found exactly as LOC.
  PhoNER's other LOCATION spans are shops, buildings, hospital wards and addresses; a hospital is an
  ORG here.
- **Names inside places.** These are PERSON spans that the pipeline puts inside a LOCATION or
  ORGANIZATION span ("phố [Trần Thái Tông]", "xã [Hạ Lôi]"). They are streets, villages and firms
  named like people, counted per 1,000 sentences.
- **PERSON is not scored.** PhoNER tags only patients' names.

The text is rebuilt from the syllables with the spacing Vietnamese print uses ("Covid-19", "(Hà Nội)").
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from common import lexicon_ends

from pipeline.entities.lexicon import default_lexicon
from pipeline.language import analyze_many, load

NO_SPACE_BEFORE = frozenset(",.;:!?)]}%")
NO_SPACE_AFTER = frozenset("([{")
SPLITS = ("train", "dev", "test")
READABLE = ("train", "dev")   # splits whose errors may be read


def _glued_hyphen(words: list[str], i: int) -> bool:
    """Token i is a hyphen inside "Covid-19", "25-7" or "SARS-CoV-2" (a number or "CoV" after it)."""
    return words[i] == "-" and 0 < i < len(words) - 1 and words[i - 1][-1:].isalnum() \
        and (words[i + 1][:1].isdigit() or words[i + 1] == "CoV")


def rebuild(words: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The sentence as print spaces it, and each syllable's (start, end) in it."""
    text, offsets = "", []
    for i, w in enumerate(words):
        joined = w in NO_SPACE_BEFORE or (i > 0 and words[i - 1] in NO_SPACE_AFTER) \
            or _glued_hyphen(words, i) or (i > 1 and _glued_hyphen(words, i - 1))
        if i and not joined:
            text += " "
        offsets.append((len(text), len(text) + len(w)))
        text += w
    return text, offsets


def bio_spans(tags: list[str], offsets: list[tuple[int, int]], label: str) -> list[tuple[int, int]]:
    """(start, end) character spans of `label` from BIO tags; an I- tag without its B- opens a span."""
    out, start = [], None
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and tag != "I-" + label:
            out.append((offsets[start][0], offsets[i - 1][1]))
            start = None
        if tag == "B-" + label or (tag == "I-" + label and start is None):
            start = i
    return out


def is_admin_place(surface: str, lexicon) -> bool:
    """An administrative or street word and its name ("quận 9", "phố Huế") or a lexicon place as a whole."""
    n, admin = lexicon_ends(surface, lexicon, "ADMIN")
    if n > 1 and admin:
        return True
    n, ends = lexicon_ends(surface, lexicon, "PLACE")
    return n in ends


def score(rows: list[dict], predicted: list[list[dict]], lexicon) -> tuple[Counter, dict[str, list]]:
    """Counts and the misses of each measure, over rows and the entities predicted for them."""
    counts, misses = Counter(), {"ORG": [], "admin LOC": [], "PERSON inside": []}
    for row, entities in zip(rows, predicted):
        text, offsets = rebuild(row["words"])
        orgs = bio_spans(row["tags"], offsets, "ORGANIZATION")
        places = bio_spans(row["tags"], offsets, "LOCATION")
        by_label = {label: {(e["start"], e["end"]) for e in entities if e["label"] == label}
                    for label in ("ORG", "LOC", "PERSON")}
        for span in orgs:
            counts["ORG gold"] += 1
            if span in by_label["ORG"]:
                counts["ORG strict"] += 1
            else:
                misses["ORG"].append((text, span))
            if any(s < span[1] and span[0] < e for s, e in by_label["ORG"]):
                counts["ORG lenient"] += 1
        for span in places:
            if is_admin_place(text[span[0]:span[1]], lexicon):
                counts["admin gold"] += 1
                if span in by_label["LOC"]:
                    counts["admin found"] += 1
                else:
                    misses["admin LOC"].append((text, span))
        for span in by_label["PERSON"]:
            if any(s <= span[0] and span[1] <= e for s, e in orgs + places):
                counts["PERSON inside"] += 1
                misses["PERSON inside"].append((text, span))
        counts["sentences"] += 1
    return counts, misses


def report(counts: Counter) -> list[str]:
    def share(a, b):
        return f"{counts[a] / counts[b]:.3f}" if counts[b] else "-"
    return [f"sentences {counts['sentences']}",
            f"ORG recall strict {share('ORG strict', 'ORG gold')}, lenient {share('ORG lenient', 'ORG gold')}"
            f" ({counts['ORG strict']} / {counts['ORG gold']})",
            f"administrative places recall {share('admin found', 'admin gold')}"
            f" ({counts['admin found']} / {counts['admin gold']})",
            f"PERSON inside a place or organisation {counts['PERSON inside']}"
            f" ({1000 * counts['PERSON inside'] / max(counts['sentences'], 1):.1f} per 1,000 sentences)"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, required=True,
                    help="PhoNER_COVID19's data/syllable folder (fetched by you; never in this repository)")
    ap.add_argument("--split", choices=SPLITS, default="test")
    ap.add_argument("--errors", action="store_true", help="list the misses (train and dev splits only)")
    args = ap.parse_args(argv)
    path = args.data / f"{args.split}_syllable.json"
    if not path.is_file():
        raise SystemExit(f"{path} not found: --data is PhoNER_COVID19's data/syllable folder "
                         "(git clone https://github.com/VinAIResearch/PhoNER_COVID19)")
    if args.errors and args.split not in READABLE:
        raise SystemExit(f"the {args.split} split is the check nobody tuned to: its errors are not listed")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    nlp = load(exclude=("themes",))
    texts = [rebuild(row["words"])[0] for row in rows]
    predicted = [out["entities"] for out in analyze_many(((t, {"id": str(i)}) for i, t in enumerate(texts)), nlp=nlp)]
    counts, misses = score(rows, predicted, default_lexicon())
    print(f"PhoNER_COVID19 {args.split}: " + "; ".join(report(counts)))
    if args.errors:
        for measure, found in misses.items():
            print(f"\n{measure}")
            for text, (s, e) in found:
                print(f"  {text[max(0, s - 50):s]}[{text[s:e]}]{text[e:e + 30]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
