"""Copy precision and recall of the story grouping on the hand-labelled pairs.

corpora/stories/pairs.jsonl holds article pairs from the archives (ids and a
label only: copy, same_event, unrelated; the texts stay in ../shared; the
labelling rule is in corpora/stories/README.md). The pairs are split in two
halves by a hash of their ids: the thresholds are chosen on the first half (the
tuning half) and the numbers are reported on the other half, so the reported
figures are not fitted to the pairs they are measured on.

Choice: over a grid of the rule's thresholds (`Thresholds`: Jaccard alone;
containment with some title overlap; lower Jaccard with near-identical titles),
the highest copy F1 on the tuning half; ties go to the higher precision, then to
the higher (more conservative) thresholds. F1 rather than "precision >= X, then
recall": on the 493 pairs no setting reaches precision and recall of .95 together
on the tuning half (the script prints the best of each under the other), and a
constraint that cannot be met picks a degenerate setting.

Measurements on the held-out half, for the shipped thresholds and the chosen ones:
- pair rule: `Thresholds.is_copy` on the two documents alone;
- stories: `StoryIndex.assign` over every labelled document at once (LSH
  candidates, founder linkage), then "same story_id" per pair, which also counts
  what the linkage adds or what LSH misses;
each for all held-out pairs and for the first round's held-out pairs alone
(the 154 pairs every earlier figure was measured on).

The tuning half's errors under the chosen setting are listed (never the held-out
half's: looking at those would tune on them).

    python scripts/eval_stories.py
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import itertools
import json

from common import ROOT, SHARED, load_docs  # noqa: E402  (the repository and the reference data)

from pipeline.coverage.stories import StoryIndex, Thresholds, signature, similarity  # noqa: E402

PAIRS = ROOT / "corpora" / "stories" / "pairs.jsonl"
GRID = {
    "jaccard": [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6],
    "containment": [0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 1.01],   # 1.01: rule off
    "title_min": [0.0, 0.2, 0.3, 0.5, 0.7],
    "title_jaccard": [0.2, 0.25, 0.3, 0.35, 0.4, 1.01],            # 1.01: rule off
    "title_high": [0.8, 0.9],
}


def half(p) -> int:
    return int(hashlib.sha1(f"{p['a']}|{p['b']}".encode()).hexdigest(), 16) % 2


def prf(pred, gold):
    tp = sum(p and g for p, g in zip(pred, gold))
    fp = sum(p and not g for p, g in zip(pred, gold))
    fn = sum(g and not p for p, g in zip(pred, gold))
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, tp, fp, fn


def fmt(res) -> str:
    p, r, f, tp, fp, fn = res
    return f"copy precision {p:.3f} recall {r:.3f} F1 {f:.3f} (tp {tp} fp {fp} fn {fn})"


def choose(sims, gold, idx, lsh=0.2):
    """The grid setting with the best F1 on the pairs `idx` (ties: precision, then higher thresholds);
    also the best recall at precision >= .95 and the best precision at recall >= .95."""
    best, frontier = None, {"P>=.95": None, "R>=.95": None}
    for values in itertools.product(*GRID.values()):
        t = Thresholds(**dict(zip(GRID, values)), lsh=lsh)
        p, r, f, *_ = prf([t.is_copy(*sims[i]) for i in idx], [gold[i] for i in idx])
        key = (round(f, 6), round(p, 6), values)
        if best is None or key > best[0]:
            best = (key, t)
        if p >= 0.95 and (frontier["P>=.95"] is None or r > frontier["P>=.95"][1]):
            frontier["P>=.95"] = (p, r)
        if r >= 0.95 and (frontier["R>=.95"] is None or p > frontier["R>=.95"][0]):
            frontier["R>=.95"] = (p, r)
    return best[1], frontier


def light_edit(rng, doc, k):
    """A copy of an archive article as another outlet might run it: two of another
    title, a byline and source line added, a paragraph (line) dropped, a few words changed."""
    lines = [l for l in doc["text"].split("\n") if l.strip()]
    title = doc["title"]
    for edit in rng.sample(["title", "byline", "drop", "words"], 2):
        if edit == "title":
            title = "Tin mới: " + " ".join(reversed(title.split()[:8]))
        elif edit == "byline":
            lines = [f"(Thông tấn số {k}) Phóng viên Minh Anh cho biết:"] + lines + ["Theo Báo Tin Nhanh"]
        elif edit == "drop" and len(lines) > 3:
            del lines[rng.randrange(1, len(lines))]
        elif edit == "words":
            ws = " ".join(lines).split(" ")
            for _ in range(5):
                ws[rng.randrange(len(ws))] = rng.choice(["cũng", "đã", "này", "nhiều", "được"])
            lines = [" ".join(ws)]
    return {"id": f"copy-{k}-{doc['id']}", "title": title, "date": doc["date"], "source": f"outlet-{k % 5}",
            "text": "\n".join(lines)}


def light_edit_check(t, n_docs=400, n_copies=30, seed=15):
    """The shape of issue 15's hidden check on real text: 400 dated articles and
    light-edit copies of 30 of them; how many copies share their original's story,
    and how many distinct originals got merged."""
    import random

    path = SHARED / "corpora" / "dantri-2020.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        docs = [json.loads(line) for line in f]
    rng = random.Random(seed)
    docs = rng.sample([d for d in docs if len(d["text"]) > 800], n_docs)
    originals = rng.sample(docs, n_copies)
    copies = [light_edit(rng, d, k) for k, d in enumerate(originals)]
    recs = [{k: d[k] for k in ("id", "title", "date", "source", "text")} for d in docs] + copies
    story = StoryIndex(thresholds=t).assign(recs)
    joined = sum(story[c["id"]] == story[o["id"]] for c, o in zip(copies, originals))
    by_story = {}
    for d in docs:
        by_story.setdefault(story[d["id"]], []).append(d["id"])
    merged = sum(len(v) - 1 for v in by_story.values() if len(v) > 1)
    return joined, merged


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.parse_args(argv)
    pairs = [json.loads(l) for l in PAIRS.read_text(encoding="utf-8").splitlines() if l.strip()]
    need = {p["a"] for p in pairs} | {p["b"] for p in pairs}
    docs = load_docs(need)
    sigs = {i: signature(d["text"], d["title"]) for i, d in docs.items()}
    sims = [similarity(sigs[p["a"]], sigs[p["b"]]) for p in pairs]
    gold = [p["label"] == "copy" for p in pairs]
    tune = [i for i, p in enumerate(pairs) if half(p) == 0]
    test = [i for i, p in enumerate(pairs) if half(p) == 1]
    test1 = [i for i in test if "round" not in pairs[i]]
    counts = lambda idx: {lab: sum(pairs[i]["label"] == lab for i in idx)
                          for lab in ("copy", "same_event", "unrelated")}
    print(f"pairs: {len(pairs)} labelled ({sum('round' not in p for p in pairs)} first round); "
          f"choose on {len(tune)} {counts(tune)}; report on {len(test)} {counts(test)}, "
          f"of which first round {len(test1)} {counts(test1)}")

    chosen, frontier = choose(sims, gold, tune)
    shipped = Thresholds()
    print(f"chosen on the tuning half (best F1): jaccard>={chosen.jaccard} or (containment>={chosen.containment} "
          f"and title>={chosen.title_min}) or (jaccard>={chosen.title_jaccard} and title>={chosen.title_high}); "
          f"the shipped default is {'the same' if chosen == shipped else shipped}")
    p95, r95 = frontier["P>=.95"], frontier["R>=.95"]
    print("tuning half, best of the grid under a floor: "
          + (f"at precision >= .95, recall {p95[1]:.3f}; " if p95 else "no setting reaches precision .95; ")
          + (f"at recall >= .95, precision {r95[0]:.3f}" if r95 else "no setting reaches recall .95"))

    records = [{"id": i, "title": d["title"], "date": d.get("date"), "source": d["source"]}
               for i, d in sorted(docs.items())]
    settings = [("shipped", shipped)] + ([] if chosen == shipped else [("chosen", chosen)])
    for name, t in settings:
        rule = [t.copy_of(sigs[p["a"]], sigs[p["b"]]) is not None for p in pairs]
        story = StoryIndex(thresholds=t).assign(records, signatures=sigs)
        together = [story[p["a"]] == story[p["b"]] for p in pairs]
        for part, idx in (("tuning half", tune), ("held-out half", test), ("held-out, first round", test1)):
            print(f"{name}, {part}: pair rule {fmt(prf([rule[i] for i in idx], [gold[i] for i in idx]))}")
            print(f"{name}, {part}: stories (founder linkage over {len(records)} documents) "
                  f"{fmt(prf([together[i] for i in idx], [gold[i] for i in idx]))}")
        joined, merged = light_edit_check(t)
        print(f"{name}: light-edit copies (dantri, 400 articles + 30 edited copies): {joined}/30 copies share "
              f"their original's story; {merged} of the 400 distinct articles merged into another's story")
    for i in tune:
        if chosen.is_copy(*sims[i]) != gold[i]:
            j, c, ti = sims[i]
            print(f"  tuning-half error: {pairs[i]['a']} {pairs[i]['b']} gold {pairs[i]['label']} "
                  f"jaccard {j:.2f} containment {c:.2f} title {ti:.2f}")


if __name__ == "__main__":
    main()
