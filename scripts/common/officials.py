"""The officials evaluation set (corpora/ner/officials.jsonl): how its regions were drawn,
its tune/check split, and its records in the gold format `pipeline.evaluate` scores.

The regions are regions of corpora/ner/annotations.jsonl (hand-annotated entities), drawn
among the 1,200 drawn at random across both archives (those with a `section`): 250 with at
least one PERSON entity and 50 with no filter, with a fixed seed. Officials were annotated by
hand per ../shared/ANNOTATION.md; see corpora/ner/README.md ("Officials").

`scripts/officials_annotate.py` writes and checks the file; `scripts/eval_officials.py` scores
the pipeline on it.
"""
from __future__ import annotations

import hashlib
import random
from pathlib import Path

from . import ROOT, is_holdout
from .annotation import ANNOTATIONS, HELDOUT_NER, TITLE_RICH, read_jsonl, sha10

OFFICIALS = ROOT / "corpora" / "ner" / "officials.jsonl"
OFFICIALS_SECOND = ROOT / "corpora" / "ner" / "officials-second.jsonl"

SEED = 20261212
N_PERSON = 250
N_RANDOM = 50
NER_HOLDOUT = 0.2   # the NER model's hash split (scripts/train_ner.py's default)
# the set was drawn from the first 1,562 records of annotations.jsonl: the first two batches (362
# regions, no section) and the third batch's 1,200 random regions; later batches carry a section too,
# so the pool is cut here to keep the draw as it was
DRAWN_FROM = 1562


def draw(annotations: list[dict] | None = None, seed: int = SEED, n_person: int = N_PERSON,
         n_random: int = N_RANDOM) -> list[tuple[dict, str]]:
    """(region, "person" | "random") in draw order: `n_person` regions among the random ones
    holding a PERSON entity, then `n_random` more among the remaining random ones, unfiltered."""
    regions = annotations if annotations is not None else read_jsonl(ANNOTATIONS)[:DRAWN_FROM]
    pool = [r for r in regions if r.get("section")]  # the regions drawn at random (third batch)
    rng = random.Random(seed)
    with_person = [r for r in pool if any(e["label"] == "PERSON" for e in r["entities"])]
    first = rng.sample(with_person, n_person)
    taken = {(r["doc"], r["start"]) for r in first}
    rest = [r for r in pool if (r["doc"], r["start"]) not in taken]
    return [(r, "person") for r in first] + [(r, "random") for r in rng.sample(rest, n_random)]


def second_sample(n: int = 30, seed: int = SEED + 1) -> list[tuple[str, int]]:
    """The regions annotated a second time, independently: `n` (10%) drawn among the check half,
    whose pipeline errors are never read, so the second reading is not swayed by them."""
    check = [(r["doc"], r["start"]) for r, _ in draw() if split_of(r["doc"]) == "check"]
    return sorted(random.Random(seed).sample(check, n))


def split_of(doc_id: str) -> str:
    """"tune" (errors may be read while writing rules) or "check" (never read), by a hash of the id."""
    h = int(hashlib.sha1(f"officials-split:{doc_id}".encode()).hexdigest()[:8], 16)
    return "tune" if h % 2 == 0 else "check"


def ner_trained(doc_id: str) -> bool:
    """Did the shipped NER model train on this region (not in its 20% hash hold-out)?"""
    return not is_holdout(doc_id, NER_HOLDOUT)


def gold_records(texts: dict[str, str], path: Path = OFFICIALS, split: str | None = None) -> list[dict]:
    """The set in the gold format of `pipeline.evaluate` (offsets relative to the region), with the
    region's hand-annotated entities from annotations.jsonl; `split` keeps "tune" or "check" only."""
    entities = {(r["doc"], r["start"]): r["entities"]
                for path in (ANNOTATIONS, TITLE_RICH, *HELDOUT_NER) if path.exists() for r in read_jsonl(path)}
    out = []
    for r in read_jsonl(path):
        if split and split_of(r["doc"]) != split:
            continue
        region = texts[r["doc"]][r["start"]:r["end"]]
        if sha10(region) != r["sha1"]:
            raise SystemExit(f"{r['doc']}: region text changed (sha1 mismatch)")
        shift = r["start"]
        ents = [{"label": e["label"], "start": e["start"] - shift, "end": e["end"] - shift,
                 "text": region[e["start"] - shift:e["end"] - shift], "value": e.get("value")}
                for e in entities.get((r["doc"], r["start"]), [])]
        out.append({"id": f"{r['doc']}:{r['start']}", "doc": r["doc"], "source": r["corpus"],
                    "section": r["section"], "draw": r["draw"], "split": split_of(r["doc"]),
                    "ner_trained": ner_trained(r["doc"]), "text": region, "entities": ents,
                    "officials": [{k: o.get(k) for k in ("person", "title", "org", "former")}
                                  for o in r["officials"]],
                    "sentences": [], "themes": []})
    return out
