#!/usr/bin/env python3
"""List the foreign given names the annotations and the gazetteer know, for the names tidy-up.

A tagger often runs an agency or a place into the foreign name after it ("Cảnh sát Jorge Hernando
Nieto", "Delhi Arvind Kejriwal"); `people_run_into_names` (pipeline/entities/tidy/names_run_in.py)
cuts the span where a known given name starts a run of Latin-script capitalised words. This script
writes the given names it may cut at, `corpora/lexicons/foreign_given_names.txt`, one per line:

- the first word of every PERSON span of two or more Latin-script words in the training
  annotations (`corpora/ner/annotations.jsonl`; the held-out batch and the frozen sample live in
  other files and are never read), and of every PERSON name of two or more words in the reviewed
  gazetteer (`corpora/lexicons/foreign_names.tsv`);
- less the words that open an ORG or LOC span (or gazetteer entry) at least as often ("New",
  "Real", "San"), the words that are Vietnamese syllables ("Minh", "Lan": underthesea's
  word list), whose names are Vietnamese and handled by the model, and the honorifics
  (`corpora/lexicons/honorifics.txt`: "Sheikh" stays outside the name).

    .venv/bin/python scripts/build_given_names.py [--min 1]
"""
from __future__ import annotations

import argparse
import json
import re
from collections import Counter

from common import ROOT, SHARED, load_texts

from pipeline.entities.gazetteer import default_gazetteer
from pipeline.entities.tidy import vietnamese_syllables

LATIN_WORD = re.compile(r"[A-Z][a-z]+(?:[-'][A-Za-z]+)*")
OUT = ROOT / "corpora" / "lexicons" / "foreign_given_names.txt"


def first_words(annotations, texts) -> tuple[Counter, Counter]:
    person, other = Counter(), Counter()
    for r in annotations:
        text = texts[r["doc"]]
        for e in r["entities"]:
            words = text[e["start"]:e["end"]].split()
            if len(words) < 2 or not all(LATIN_WORD.fullmatch(w) for w in words):
                continue
            if e["label"] == "PERSON":
                person[words[0]] += 1
            elif e["label"] in ("ORG", "LOC"):
                other[words[0]] += 1
    return person, other


def gazetteer_first_words() -> tuple[Counter, Counter]:
    person, other = Counter(), Counter()
    for name, kind in default_gazetteer().types.items():
        words = name.split()
        if len(words) >= 2 and LATIN_WORD.fullmatch(words[0]):
            (person if kind == "PERSON" else other)[words[0]] += 1
    return person, other


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--min", type=int, default=1, help="times a word must open a person's name")
    args = ap.parse_args()
    annotations = [json.loads(line) for line in open(ROOT / "corpora" / "ner" / "annotations.jsonl", encoding="utf-8")]
    texts = load_texts(SHARED)
    person, other = first_words(annotations, texts)
    g_person, g_other = gazetteer_first_words()
    person.update(g_person)
    other.update(g_other)
    vietnamese = vietnamese_syllables()
    honorifics = {line.strip().lower() for line in open(ROOT / "corpora" / "lexicons" / "honorifics.txt", encoding="utf-8")
                  if line.strip() and not line.startswith("#")}
    names = sorted(w for w, n in person.items()
                   if n >= args.min and n > other[w] and w.lower() not in vietnamese and w.lower() not in honorifics)
    OUT.write_text("# Foreign given names (first words of annotated and gazetteer person names, Latin script,\n"
                   "# not Vietnamese syllables, not opening more org or place names): scripts/build_given_names.py\n"
                   + "\n".join(names) + "\n", encoding="utf-8")
    print(f"{len(names)} given names -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
