#!/usr/bin/env python3
"""How many hand-annotated spans each tidy-up step would change.

Every step of `pipeline.entities.tidy` (the package pipeline/entities/tidy/, one module per kind of
fix, run in order by `tidy_up`) corrects a pattern the tagger gets wrong. Given the hand
entities of the training annotations (which are right by definition), a step should leave them
as they are: each span it changes there is a counterexample to the step, or a place where the
annotators disagree with one another. The script runs every step alone on the hand entities of
`corpora/ner/annotations.jsonl` and the title-rich batch (the held-out batches and the frozen
sample are never read) and prints, per step, how many spans it changes; `--examples STEP` lists
that step's changes with their documents.

    .venv/bin/python scripts/tidy_on_gold.py [--examples people_run_into_names]

Measured 2026-12-04 (session 17) it found `people_run_into_names` cutting 33 hand spans ("Bồ Đào
Nha" into "Bồ" and a PERSON "Đào Nha", "Sân bay quốc tế Simon Bolivar", "F. Scott Fitzgerald"),
5 after the fixes, and `tidy_persons` cutting "Sơn Tùng M-TP" 20 times.
"""
from __future__ import annotations

import argparse
import inspect
from collections import Counter

from common import ROOT  # noqa: F401  (scripts/ on the path: the repository's checkout)

from pipeline.entities import tidy
from pipeline.entities.lexicon import default_lexicon
from pipeline.entities.training import default_corpora, default_training_files, forbidden_documents, read_regions
from pipeline.entities.types import Entity

NUMBER_LABELS = ("DATE", "MONEY", "PERCENT")
# the tidy-up steps of `tidy.tidy_up`, in the order it runs them, but for unglue_last_word and
# clubs_named_by_their_town (the names component drops the boilerplate, which reads the Doc, before it)
STEPS = ("cut_runaway_spans", "end_at_the_unit_name", "foreign_sentence_names", "whole_brackets", "drop_generic_orgs",
         "drop_bare_delegates", "drop_seasons", "drop_ship_names", "titles_drawn_as_the_guidelines_say",
         "bare_office_titles", "title_modifiers", "drop_inside_codes", "known_orgs_whole", "defined_acronyms",
         "people_run_into_names", "names_after_an_office", "names_cut_in_two", "portfolio_then_country",
         "tidy_persons", "dateline_places", "transliterated_places", "places_by_their_head",
         "place_nouns_outside", "place_pairs", "units_named_after_their_level", "streets_named_for_people",
         "consistent_labels", "list_labels", "road_codes", "repeated_names", "platforms_as_media")


def run_step(name: str, text: str, entities: list[Entity], taken: list[tuple[int, int]], lexicon) -> list[Entity]:
    """Step `name` on one text, its arguments chosen by their names."""
    step = getattr(tidy, name)
    given = {"text": text, "found": entities, "lexicon": lexicon, "taken": taken}
    return step(*(given[p] for p in inspect.signature(step).parameters))


def changed_spans(regions, steps=STEPS, lexicon=None) -> tuple[Counter, dict[str, list]]:
    """Per step, how many (label, start, end) spans of the hand entities it removes or adds, and
    the changes as (document, removed, added) with the spans' texts."""
    lexicon = lexicon or default_lexicon()
    counts: Counter = Counter()
    examples: dict[str, list] = {name: [] for name in steps}
    for region in regions:
        ents = sorted(region.entities, key=lambda e: (e["start"], e["end"]))
        taken = [(e["start"], e["end"]) for e in ents if e["label"] in NUMBER_LABELS]
        hand = [Entity(e["label"], e["start"], e["end"], region.text[e["start"]:e["end"]])
                for e in ents if e["label"] not in NUMBER_LABELS]
        before = {(e.label, e.start, e.end) for e in hand}
        for name in steps:
            after = {(e.label, e.start, e.end) for e in run_step(name, region.text, list(hand), taken, lexicon)}
            if after != before:
                counts[name] += len(after ^ before)
                examples[name].append((region.doc,
                                       sorted((lab, region.text[s:t]) for lab, s, t in before - after),
                                       sorted((lab, region.text[s:t]) for lab, s, t in after - before)))
    return counts, examples


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--examples", metavar="STEP", choices=STEPS, help="list the changes of one step")
    args = ap.parse_args()
    forbidden = forbidden_documents()
    regions = [r for path in default_training_files() if path.is_file()
               for r in read_regions(path, default_corpora(), forbidden)]
    counts, examples = changed_spans(regions)
    spans = sum(len(r.entities) for r in regions)
    print(f"{len(regions)} regions, {spans} hand spans; spans each step would change:")
    for name in STEPS:
        print(f"  {name:<38} {counts[name]:>5}")
    if args.examples:
        print(f"\n{args.examples}:")
        for doc, removed, added in examples[args.examples]:
            print(f"  {doc}: {removed} -> {added}")


if __name__ == "__main__":
    main()
