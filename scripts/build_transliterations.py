#!/usr/bin/env python3
"""Mine the archive's Vietnamese transliterations of foreign places ("Bê-la-rút", "Xin-ga-po",
"A-rập Xê-út", "Mát-xcơ-va") and keep the reviewed ones as a place lexicon.

Older official style writes foreign names by sound, syllables joined by hyphens, each syllable
after the first in lower case. The foreign-name gazetteer (`build_gazetteer.py`) reads Latin
script without Vietnamese letters only, and the CLDR country names (`build_countries.py`) are
the modern spellings, so the names stage missed these: "Quan hệ giữa Việt Nam và Bê-la-rút"
gave no LOC at all.

A candidate is a word hyphenated in that way, widened over one capitalised word on each side
("Ca-ta", "Niu Di-lân", "A-rập Xê-út"). One glued to an initial ("V.Pu-tin") is a person and is not
read; one after an initial and a space ("V. Pu-tin") is counted in the `initial` column. For each the script counts documents
and the words written right before it that suggest a place ("nước", "thủ đô", "tại", "ở",
"thăm", ...) or a person ("ông", "Tổng thống", "Thủ tướng", ...), and how the hand annotations
of corpora/ner (training regions only) label the same string. Documents of the dev gold, of the
frozen samples, of the NER held-out split and of the held-out NER batches are never read.

The review is by hand, against the contexts the worksheet prints: a line of the reviewed file
`corpora/lexicons/transliterated_places.tsv` is surface, canonical (the country's name as
`countries.tsv` writes it, so that the coverage step files both spellings under one country; a
city keeps its own name), kind (country or city), documents. Persons ("Pu-tin") are not kept:
the names model reads them already; what it missed were places.

    .venv/bin/python scripts/build_transliterations.py --worksheet /tmp/translit.tsv   # candidates and contexts
"""
from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict

from common import CORPUS_NAMES, ROOT, corpus_path, iter_corpus_docs
from common.annotation import excluded_docs, label_summary, reviewed_surfaces, training_labels

HOLDOUT = 0.2   # the NER model's hash split

LEXICON = ROOT / "corpora" / "lexicons" / "transliterated_places.tsv"

_WORD = r"[^\W\d_]+"
# a hyphenated word not glued to a word, a hyphen or a dot before it (an initial: "V.Pu-tin")
HYPHENATED = re.compile(rf"(?<![\w\-.]){_WORD}(?:-{_WORD})+(?![\w\-])")
INITIAL = re.compile(r"(?<![\w.])\w\.\s?$")


def _transliteration(word: str) -> bool:
    """"Xin-ga-po", "Bê-la-rút": capitalised, every later syllable in lower case."""
    parts = word.split("-")
    return len(parts) >= 2 and parts[0][:1].isupper() and all(p.islower() for p in parts[1:])


def _run(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened over capitalised words joined to it by single spaces, at most one word
    on each side ("Niu Di-lân", "A-rập Xê-út", "Xanh Pê-téc-bua")."""
    before = re.search(rf"(?:^|(?<=[^\w\-.]))({_WORD}) $", text[max(0, start - 30):start])
    if before and before.group(1)[:1].isupper():
        start -= len(before.group(1)) + 1
    after = re.match(rf" ({_WORD}(?:-{_WORD})*)(?![\w\-])", text[end:end + 40])
    if after and (after.group(1)[:1].isupper() and ("-" not in after.group(1) or _transliteration(after.group(1)))):
        end += len(after.group(1)) + 1
    return start, end


PLACE_CUES = ("nước", "thủ đô", "tại", "ở", "đến", "tới", "từ", "thăm", "thành phố", "với", "và", "giữa",
              "quốc gia", "chính phủ", "đại sứ quán", "cộng hòa", "vương quốc", "hoàng gia")
PERSON_CUES = ("ông", "bà", "tổng thống", "thủ tướng", "chủ tịch", "ngoại trưởng", "bộ trưởng", "lãnh đạo",
               "tướng", "nhà", "đại sứ")


def _cue(before: str, cues) -> str | None:
    low = before.lower().rstrip()
    return next((c for c in sorted(cues, key=len, reverse=True) if low.endswith(" " + c) or low == c), None)


def mine() -> tuple[dict, dict]:
    skip = excluded_docs(HOLDOUT, heldout_batches=True)
    stats: dict[str, Counter] = defaultdict(Counter)
    contexts: dict[str, list[str]] = defaultdict(list)
    for name in CORPUS_NAMES:
        for doc in iter_corpus_docs(corpus_path(name)):
            if doc["id"] in skip:
                continue
            text = doc["text"]
            seen = set()
            for m in HYPHENATED.finditer(text):
                if not _transliteration(m.group()):
                    continue
                start, end = _run(text, m.start(), m.end())
                surface = text[start:end]
                s = stats[surface]
                s["n"] += 1
                if INITIAL.search(text[max(0, start - 3):start]):
                    s["initial"] += 1
                before = text[max(0, start - 25):start]
                if _cue(before, PLACE_CUES):
                    s["place_cue"] += 1
                if _cue(before, PERSON_CUES):
                    s["person_cue"] += 1
                if surface not in seen:
                    seen.add(surface)
                    s["docs"] += 1
                    if len(contexts[surface]) < 3:
                        contexts[surface].append(text[max(0, start - 50):end + 40].replace("\n", " "))
    return stats, contexts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--worksheet", required=True, help="where to write the candidates and their contexts (keep out of git)")
    ap.add_argument("--min-docs", type=int, default=2)
    args = ap.parse_args()
    stats, contexts = mine()
    labels = training_labels(lambda span: "-" in span, HOLDOUT)
    reviewed = reviewed_surfaces(LEXICON)
    rows = sorted((s for s in stats.items() if s[1]["docs"] >= args.min_docs), key=lambda kv: -kv[1]["docs"])
    with open(args.worksheet, "w", encoding="utf-8") as f:
        f.write("surface\tdocs\tn\tinitial\tplace_cue\tperson_cue\tannotated\treviewed\tcontexts\n")
        for surface, s in rows:
            f.write(f"{surface}\t{s['docs']}\t{s['n']}\t{s['initial']}\t{s['place_cue']}\t{s['person_cue']}\t"
                    f"{label_summary(labels.get(surface))}\t"
                    f"{'yes' if surface in reviewed else 'new'}\t{' | '.join(contexts[surface])}\n")
    print(f"{len(rows)} candidates in {args.min_docs}+ documents -> {args.worksheet}")


if __name__ == "__main__":
    main()
