"""Training the officials models from the hand-listed officials sets: the pair scorer
(`scorer`) and the unnamed-office model (`unnamed`), both `PairScorer`s.

Each set (`corpora/ner/officials*.jsonl`) lists, for random news regions, the (person, title, org)
records a careful reader finds; the regions' entities are the hand annotations of
`corpora/ner/annotations.jsonl`. The linker runs on those entities, every (TITLE, PERSON) pair of a
sentence becomes a candidate, labelled by whether the set lists its (person, title). The
regularisation and the threshold are chosen by leaving one set out at a time (the sets were drawn
and listed apart, so this is the honest unit); the held-out sets (ninth and twelfth batches) are
never read here. `vnmonitor train-officials` is the command.

The unnamed-office model then learns from the same regions, read through the linker and the fitted
pair scorer: each office a TITLE opens is a mention, labelled by whether the set lists its title
with no person (`unnamed_examples`); its C and threshold are chosen the same way, on the F1 of every
(person, title) record with the unnamed ones decided by the model (`cross_validate_unnamed`).
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import replace
from pathlib import Path

from ...metrics import prf
from ...resources import lexicon_dir, missing_file, repo_root
from .. import training
from ..training import TrainingError, default_corpora, default_training_files, forbidden_documents, read_jsonl, \
    read_regions
from ..types import Entity
from . import unnamed as officials_unnamed
from .linker import default_linker
from .records import _key
from .scorer import PairScorer, acts_on_pattern, candidates, default_model_file, rescore

# the hand-listed officials sets the scorer learns from (the linker was written while reading most of them)
TRAINING_SETS = ("officials.jsonl", "officials-seventh.jsonl", "officials-eighth.jsonl", "officials-tenth.jsonl",
                 "officials-eleventh.jsonl", "officials-thirteenth.jsonl", "officials-fourteenth.jsonl",
                 "officials-fifteenth.jsonl", "officials-sixteenth.jsonl",
                 "officials-fourth-sixth.jsonl", "officials-seventeenth.jsonl", "officials-eighteenth.jsonl")
# scored as unseen text only (scripts/eval_officials.py), never trained on
HELD_OUT_SETS = ("officials-ninth.jsonl", "officials-twelfth.jsonl")
C_GRID = (0.1, 0.3, 1.0, 3.0)
THRESHOLD_GRID = (0.3, 0.4, 0.5, 0.6, 0.7)


def gap_words() -> frozenset[str]:
    """The words a gap pattern keeps as written (`corpora/lexicons/officials_gap_words.txt`)."""
    path = lexicon_dir() / "officials_gap_words.txt"
    return frozenset(w.strip().lower() for w in path.read_text(encoding="utf-8").splitlines()
                     if w.strip() and not w.startswith("#"))


def default_sets() -> list[Path]:
    return [repo_root() / "corpora" / "ner" / name for name in TRAINING_SETS]


def read_sets(files, annotations, corpora: Path, gold=None) -> dict[str, list[dict]]:
    """Set name -> its regions as {"text", "entities" (Entity, region offsets), "gold" (person, title) keys};
    `annotations` is one standoff file of the regions' entities or several."""
    held = {repo_root() / "corpora" / "ner" / name for name in HELD_OUT_SETS}
    for f in files:
        if Path(f).resolve() in {h.resolve() for h in held}:
            raise TrainingError(f"{f} is a held-out officials set: scored as unseen text, never trained on")
    forbidden = forbidden_documents(gold)
    paths = [annotations] if isinstance(annotations, (str, Path)) else list(annotations)
    regions = {(r.doc, r.start): r for path in paths if Path(path).is_file()
               for r in read_regions(Path(path), corpora, forbidden)}
    out = {}
    for f in files:
        docs = []
        for n, rec in enumerate(read_jsonl(Path(f)), 1):
            region = regions.get((rec["doc"], rec["start"]))
            if region is None:
                raise TrainingError(f"{f}: record {n}: region {rec['doc']}:{rec['start']} is not in "
                                    f"{', '.join(str(p) for p in paths)}")
            ents = sorted((Entity(e["label"], e["start"], e["end"], region.text[e["start"]:e["end"]])
                           for e in region.entities), key=lambda e: (e.start, e.end))
            docs.append({"text": region.text, "entities": ents,
                         "gold": {(_key(o["person"]), _key(o["title"])) for o in rec["officials"]}})
        out[Path(f).stem] = docs
    return out


def examples(docs: list[dict], nlp, linker, words: frozenset[str]) -> list[dict]:
    """Per region: the linker's keys, the candidates (key, features) and the listed keys."""
    out = []
    for d in docs:
        sentences = nlp.make_doc(d["text"])._.sentence_spans or []
        records = linker.link(d["text"], d["entities"], sentences)
        linked = {(_key(r.person), _key(r.title)) for r in records if r.person}
        every = {(_key(r.person), _key(r.title)) for r in records}
        cands = candidates(d["text"], d["entities"], sentences, linked, linker.title_kind, words,
                           acts_on_pattern(linker.lex))
        out.append({"linked": every, "candidates": [(c.key, c.features) for c in cands], "gold": d["gold"]})
    return out


def decide(scorer: PairScorer, region: dict) -> set[tuple[str, str]]:
    """The keys the linker plus the scorer give for one region (as `scorer.rescore` does, before
    an unnamed record yields to a named holder the scorer added)."""
    return region["linked"] | {key for key, f in region["candidates"] if scorer.score(f) >= scorer.threshold}


def counts(regions: list[dict], predict) -> tuple[int, int, int]:
    """(tp, fp, fn) of the predicted keys against the listed ones, over the regions."""
    tp = fp = fn = 0
    for r in regions:
        pred = predict(r)
        tp, fp, fn = tp + len(pred & r["gold"]), fp + len(pred - r["gold"]), fn + len(r["gold"] - pred)
    return tp, fp, fn


def _fit(regions: list[dict], C: float, words) -> PairScorer:
    feats = [f for r in regions for _, f in r["candidates"]]
    labels = [k in r["gold"] for r in regions for k, _ in r["candidates"]]
    return PairScorer(gap_words=words).fit(feats, labels, C=C)


def cross_validate(sets: dict[str, list[dict]], words, Cs=C_GRID, thresholds=THRESHOLD_GRID) -> dict:
    """Leave one set out: each (C, threshold)'s pooled scores, and the linker's alone."""
    grid = {}
    for C in Cs:
        pooled = {th: [0, 0, 0] for th in thresholds}
        for name in sets:
            scorer = _fit([r for other, rs in sets.items() if other != name for r in rs], C, words)
            for th in thresholds:
                scorer.threshold = th
                found = counts(sets[name], lambda r: decide(scorer, r))
                pooled[th] = [a + b for a, b in zip(pooled[th], found)]
        for th, found in pooled.items():
            grid[(C, th)] = prf(*found)["f1"]
    linker_alone = prf(*counts([r for rs in sets.values() for r in rs], lambda r: r["linked"]))
    return {"grid": grid, "linker": linker_alone}


def unnamed_examples(docs: list[dict], nlp, linker, scorer: PairScorer) -> list[dict]:
    """Per region: the linker's and the pair scorer's records, the office mentions
    (`unnamed.mentions`) labelled by whether the set lists their title with no person, and
    the listed keys. `scorer` is the pair scorer fitted on every set (as the pipeline runs it), also
    when a set is left out to choose the unnamed model's settings: those settings are chosen for
    the records the pipeline will hand it."""
    out = []
    for d in docs:
        sentences = nlp.make_doc(d["text"])._.sentence_spans or []
        records = rescore(d["text"], d["entities"], sentences, linker.link(d["text"], d["entities"], sentences),
                          linker, scorer)
        unnamed = {title for person, title in d["gold"] if person is None}
        found = officials_unnamed.mentions(d["text"], d["entities"], sentences, records, linker)
        out.append({"records": records, "mentions": found, "labels": [m.key in unnamed for m in found],
                    "gold": d["gold"]})
    return out


def unnamed_keys(scorer: PairScorer | None, region: dict, fused_titles=frozenset()) -> set[tuple[str, str]]:
    """The (person, title) keys of one region with its unnamed records decided by `scorer` (None: the
    linker's own)."""
    records = [replace(r, extra=dict(r.extra)) for r in region["records"]]
    if scorer is not None:
        records = officials_unnamed.decide(records, region["mentions"], scorer, fused_titles)
    return {(_key(r.person), _key(r.title)) for r in records}


def _fit_unnamed(regions: list[dict], C: float) -> PairScorer:
    feats = [m.features for r in regions for m in r["mentions"]]
    labels = [y for r in regions for y in r["labels"]]
    return PairScorer().fit(feats, labels, C=C)


def cross_validate_unnamed(sets: dict[str, list[dict]], fused_titles=frozenset(), Cs=C_GRID,
                           thresholds=THRESHOLD_GRID) -> dict:
    """Leave one set out: each (C, threshold)'s pooled (person, title) F1 with the unnamed records
    decided by the model, the F1 of the unnamed records alone, and both for the linker's decisions."""
    def pooled(predict) -> tuple[dict, dict]:
        every, unnamed = [0, 0, 0], [0, 0, 0]
        for rs in sets.values():
            for r in rs:
                p = predict(r)
                for acc, pred, gold in ((every, p, r["gold"]), (unnamed, {k for k in p if k[0] is None},
                                                                 {k for k in r["gold"] if k[0] is None})):
                    acc[0] += len(pred & gold)
                    acc[1] += len(pred - gold)
                    acc[2] += len(gold - pred)
        return prf(*every), prf(*unnamed)

    grid = {}
    owner = {id(r): name for name, rs in sets.items() for r in rs}
    for C in Cs:
        models = {name: _fit_unnamed([r for other, rs in sets.items() if other != name for r in rs], C)
                  for name in sets}
        for th in thresholds:
            for m in models.values():
                m.threshold = th
            every, unnamed = pooled(lambda r: unnamed_keys(models[owner[id(r)]], r, fused_titles))
            grid[(C, th)] = {"f1": every["f1"], "unnamed_f1": unnamed["f1"]}
    every, unnamed = pooled(lambda r: unnamed_keys(None, r))
    return {"grid": grid, "linker": {"f1": every["f1"], "unnamed_f1": unnamed["f1"]}}


def checked_out_dir(out_dir, overwrite_shipped: bool = False) -> Path:
    """`out_dir` as a Path; the shipped models/officials only with `overwrite_shipped`."""
    return training.checked_out_dir(out_dir, overwrite_shipped, default_model_file().parent, "officials scorer")


def train_officials(out_dir, files=None, annotations=None, corpora=None, *, gold=None, overwrite_shipped: bool = False,
                    command: str = "", log=lambda msg: None) -> dict:
    """Choose C and the threshold by leave-one-set-out, fit on every set, write `pairs.json` and its card."""
    from ...language import load

    started = time.perf_counter()
    out = checked_out_dir(out_dir, overwrite_shipped)
    files = [Path(f) for f in files] if files else default_sets()
    if len(files) < 2:
        raise TrainingError("at least two officials sets are needed: one is left out in turn to choose the settings")
    annotations = [Path(annotations)] if annotations else default_training_files()
    corpora = Path(corpora) if corpora else default_corpora()
    for path in [*files, *annotations]:
        if not path.is_file():
            raise TrainingError(missing_file(path))
    raw = read_sets(files, annotations, corpora, gold)
    nlp = load(exclude=("names", "officials", "admin_outline", "themes"))
    linker = default_linker()
    words = gap_words()
    sets = {name: examples(docs, nlp, linker, words) for name, docs in raw.items()}
    n_cands = sum(len(r["candidates"]) for rs in sets.values() for r in rs)
    log(f"{sum(map(len, sets.values()))} regions in {len(sets)} sets, {n_cands} candidate pairs")
    cv = cross_validate(sets, words)
    (C, threshold), best = max(cv["grid"].items(), key=lambda kv: kv[1])
    log(f"leave-one-set-out: linker alone F1 {cv['linker']['f1']:.3f}, with the scorer {best:.3f} "
        f"(C {C}, threshold {threshold})")
    scorer = _fit([r for rs in sets.values() for r in rs], C, words)
    scorer.threshold = threshold
    card = {
        "trained_at": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "sets": {name: len(rs) for name, rs in sets.items()},
        "records": sum(len(r["gold"]) for rs in sets.values() for r in rs),
        "candidates": n_cands, "C": C, "threshold": threshold,
        "cross_validated": {"linker": round(cv["linker"]["f1"], 4), "linker_and_scorer": round(best, 4),
                            "grid": {f"C={c} threshold={t}": round(v, 4) for (c, t), v in sorted(cv["grid"].items())}},
        "seconds": round(time.perf_counter() - started, 1),
        "command": command or "vnmonitor train-officials",
    }
    scorer.meta = card
    unnamed = train_unnamed({name: unnamed_examples(docs, nlp, linker, scorer) for name, docs in raw.items()},
                            linker.lex.fused_titles, log)
    card["unnamed"] = unnamed.meta
    card["seconds"] = round(time.perf_counter() - started, 1)
    out.mkdir(parents=True, exist_ok=True)
    scorer.save(out / default_model_file().name)
    unnamed.save(out / officials_unnamed.default_model_file().name)
    return card


def train_unnamed(sets: dict[str, list[dict]], fused_titles=frozenset(), log=lambda msg: None) -> PairScorer:
    """The unnamed-office model (`unnamed`) from `unnamed_examples` per set: C and the threshold
    chosen by leaving one set out, on the (person, title) F1 of every record."""
    cv = cross_validate_unnamed(sets, fused_titles)
    (C, threshold), best = max(cv["grid"].items(), key=lambda kv: kv[1]["f1"])
    log(f"unnamed offices, leave-one-set-out: the linker's F1 {cv['linker']['f1']:.3f} (unnamed records alone "
        f"{cv['linker']['unnamed_f1']:.3f}), with the model {best['f1']:.3f} ({best['unnamed_f1']:.3f}; C {C}, "
        f"threshold {threshold})")
    model = _fit_unnamed([r for rs in sets.values() for r in rs], C)
    model.threshold = threshold
    model.meta = {
        "mentions": sum(len(r["mentions"]) for rs in sets.values() for r in rs),
        "unnamed_records": sum(1 for rs in sets.values() for r in rs for k in r["gold"] if k[0] is None),
        "C": C, "threshold": threshold,
        "cross_validated": {
            "linker": {k: round(v, 4) for k, v in cv["linker"].items()},
            "model": {k: round(v, 4) for k, v in best.items()},
            "grid": {f"C={c} threshold={t}": {k: round(v, 4) for k, v in r.items()}
                     for (c, t), r in sorted(cv["grid"].items())}},
    }
    return model
