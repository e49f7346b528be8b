#!/usr/bin/env python3
"""PERSON / ORG / LOC: the vnmonitor pipeline beside `underthesea.ner`, same gold, same run.

Both systems read the same documents; underthesea gets one sentence at a time
(sentences from `pipeline.tokenizer.segment_text`), and its words are put back
on the input text by searching for them in order. Its PER/ORG/LOC tags map to
PERSON/ORG/LOC; MISC is dropped. Scores use `pipeline.evaluate.entity_scores`.

Then the cost of the entity stage (components "numbers", "names", "officials")
against tokenisation alone (`nlp.make_doc`), both timed here on the gold texts:
the issue's budget is a ratio of at most 0.5.

    .venv/bin/python scripts/compare_underthesea.py [--gold ../shared/gold/dev.jsonl] [--json]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pipeline  # noqa: E402
from pipeline import evaluate as ev  # noqa: E402
from pipeline.text import normalize  # noqa: E402
from pipeline.tokenizer import segment_text  # noqa: E402

LABELS = ("PERSON", "ORG", "LOC")
UNDERTHESEA_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}
ENTITY_COMPONENTS = ("numbers", "names", "officials")
MAX_GAP = 40  # characters a rewritten word may leave between two found ones


def _align(text: str, words: list[str], start: int, end: int) -> list[tuple[int, int] | None]:
    """Input span of each word, searched in order inside text[start:end] (None when not found).

    A word may come back with other spacing ("khủng '" for "khủng'"); one that
    cannot be found (rewritten) does not stop the words after it.
    """
    spans: list[tuple[int, int] | None] = []
    cursor = start
    norm = normalize(text)
    lowered = norm.text.lower()
    for word in words:
        parts = normalize(word).text.lower().split()
        m = re.compile(r"\s*".join(map(re.escape, parts))).search(lowered, cursor, end) if parts else None
        if m is None or m.start() - cursor > MAX_GAP:
            spans.append(None)
            continue
        spans.append(norm.to_input(m.start(), m.end()))
        cursor = m.end()
    return spans


def underthesea_entities(text: str) -> tuple[list[dict], float]:
    from underthesea import ner

    entities: list[dict] = []
    seconds = 0.0
    for s_start, s_end in segment_text(text).sentences:
        sentence = text[s_start:s_end]
        if not sentence.strip():
            continue
        started = time.perf_counter()
        tagged = ner(sentence)
        seconds += time.perf_counter() - started
        spans = _align(text, [t[0] for t in tagged], s_start, s_end)
        current = None
        for (word, *_rest, tag), span in zip(tagged, spans):
            label = UNDERTHESEA_LABELS.get(tag[2:]) if tag != "O" else None
            if span is None or label is None or tag.startswith("B-") or (current and current["label"] != label):
                if current:
                    entities.append(current)
                current = None
            if span is None or label is None:
                continue
            if current is None:
                current = {"label": label, "start": span[0], "end": span[1]}
            else:
                current["end"] = span[1]
        if current:
            entities.append(current)
    return entities, seconds


def entity_stage_ratio(texts: list[str], nlp) -> dict:
    started = time.perf_counter()
    docs = [nlp.make_doc(t) for t in texts]
    tokenise = time.perf_counter() - started
    per_component = {}
    for name, proc in nlp.pipeline:
        if name not in ENTITY_COMPONENTS:
            continue
        started = time.perf_counter()
        for doc in docs:
            proc(doc)
        per_component[name] = time.perf_counter() - started
    entity = sum(per_component.values())
    return {"documents": len(texts), "tokenisation_s": round(tokenise, 3),
            "entity_stage_s": round(entity, 3),
            "components_s": {k: round(v, 3) for k, v in per_component.items()},
            "ratio": round(entity / tokenise, 3) if tokenise else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(ROOT.parent / "shared" / "gold" / "dev.jsonl"))
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()

    golds = ev.load_gold(args.gold)
    nlp = pipeline.default_nlp()
    ours = list(pipeline.analyze_many(((g["text"], {"id": g.get("id")}) for g in golds), nlp=nlp))
    theirs, ner_seconds = [], 0.0
    for g in golds:
        ents, seconds = underthesea_entities(g["text"])
        theirs.append({"entities": ents})
        ner_seconds += seconds

    ours_scores = ev.entity_scores(golds, ours, labels=LABELS)
    theirs_scores = ev.entity_scores(golds, theirs, labels=LABELS)
    speed = entity_stage_ratio([g["text"] for g in golds], nlp)
    speed["underthesea_ner_s"] = round(ner_seconds, 3)
    result = {"gold": args.gold, "documents": len(golds), "pipeline": nlp.pipe_names,
              "vnmonitor": ours_scores, "underthesea": theirs_scores, "speed": speed}
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return

    print(f"{len(golds)} gold documents ({args.gold}); pipeline {nlp.pipe_names}\n")
    print(f"{'label':<8} {'mode':<8} {'vnmonitor F1':>12} {'underthesea F1':>15} {'margin':>7}")
    for label in LABELS + ("micro",):
        for mode in ("strict", "lenient"):
            a, b = ours_scores[mode][label]["f1"], theirs_scores[mode][label]["f1"]
            print(f"{label:<8} {mode:<8} {a:>12.3f} {b:>15.3f} {a - b:>+7.3f}")
    print(f"\nentity stage {speed['entity_stage_s']:.2f}s {speed['components_s']} vs tokenisation "
          f"{speed['tokenisation_s']:.2f}s: ratio {speed['ratio']:.3f} (budget 0.5); "
          f"underthesea.ner itself {speed['underthesea_ner_s']:.2f}s")


if __name__ == "__main__":
    main()
