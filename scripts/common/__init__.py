"""What the scripts share: where the repository and the team's reference data
are, the corpora, the NER hold-out split, and the timing and theme-scoring
loops that more than one script reports.

`common.annotation` is the standoff annotation format the annotation tools
(ner_annotate, frozen_sample, theme_label) share.

Scripts import the installed `pipeline` (``make install`` puts this checkout
in .venv, editable) and this module (``scripts/`` is on ``sys.path`` when a
script runs); they never patch ``sys.path`` and never import one another.
The reference data is $VNMONITOR_SHARED, else ../shared beside the checkout,
the same rule as `pipeline.resources.shared_dir`.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from pipeline.entities.training import is_holdout  # noqa: F401  (the NER model's hash split, for the scripts)
from pipeline.evaluate import theme_scores
from pipeline.io.jsonl import iter_jsonl
from pipeline.language import load
from pipeline.output.record import build_record
from pipeline.themes.cues import CueMatcher
from pipeline.themes.passages import passage_texts

ROOT = Path(__file__).resolve().parents[2]


def lexicon_ends(surface: str, lexicon, kind: str) -> tuple[int, list[int]]:
    """`surface` cut into the lexicon's tokens (normalised as the names stage reads it): how many there
    are, and where the entries of `kind` opening it end (`Lexicon.match` at its first token, case checked)."""
    from pipeline.entities.lexicon import tokens
    from pipeline.text import normalize

    text = normalize(surface).text
    words = [text[s:e] for s, e in tokens(text)]
    return len(words), [end for end, _ in lexicon.match(words, [w.lower() for w in words], 0, kind)]


def shared_dir() -> Path:
    """The team's reference data: $VNMONITOR_SHARED, else ../shared beside this checkout."""
    return Path(os.environ.get("VNMONITOR_SHARED") or ROOT.parent / "shared")


SHARED = shared_dir()
GOLD = SHARED / "gold" / "dev.jsonl"
CORPUS_NAMES = ("baomoi-2017", "dantri-2020")


def corpus_path(name: str) -> Path:
    """A corpus archive of the reference data (baomoi-2017, dantri-2020)."""
    return SHARED / "corpora" / f"{name}.jsonl.gz"


def iter_corpus_docs(path: Path):
    """The documents of a .jsonl or .jsonl.gz corpus, one dict each."""
    for _, doc in iter_jsonl(path):
        yield doc


def load_docs(ids, names=CORPUS_NAMES) -> dict[str, dict]:
    """Document id -> record for the wanted ids, over the corpora of the reference data
    (exits with the path to set when a corpus is missing)."""
    wanted, out = set(ids), {}
    for name in names:
        path = corpus_path(name)
        if not path.exists():
            raise SystemExit(f"needs {path} (set VNMONITOR_SHARED)")
        out.update((d["id"], d) for d in iter_corpus_docs(path) if d["id"] in wanted)
    return out


def load_texts(shared: Path | None = None, names=CORPUS_NAMES) -> dict[str, str]:
    """Document id -> text over the corpora of the reference data."""
    base = Path(shared) if shared else SHARED
    return {d["id"]: d["text"] for name in names for d in iter_corpus_docs(base / "corpora" / f"{name}.jsonl.gz")}


def gold_ids(shared: Path | None = None) -> set[str]:
    """The dev gold's document ids (never training data)."""
    path = (Path(shared) if shared else SHARED) / "gold" / "dev.jsonl"
    if not path.exists():
        return set()
    with path.open(encoding="utf-8") as f:
        return {json.loads(line)["id"] for line in f if line.strip()}




# ---------------------------------------------------------------- timing of the entity stage
ENTITY_COMPONENTS = ("numbers", "names", "officials")


def timing(nlp, texts: list[str], repeat: int, clock=time.perf_counter,
           interleaved: bool = False) -> tuple[float, float, float, float]:
    """Best-of-`repeat` seconds for tokenisation alone, names+officials, all entity
    components, and underthesea.word_tokenize on the same texts, each side over all texts in a row.

    `clock` is wall-clock time by default; `time.process_time` counts this process's CPU time only
    (both sides are single-threaded). With `interleaved`, word_tokenize and the components run
    one document after the other and each document's best of `repeat` is summed: neither side
    keeps its code and data warm in the processor's caches, as in a pipeline where other stages
    run between them, so both cost more and the ratio moves."""
    from underthesea import word_tokenize

    components = [(name, proc) for name, proc in nlp.pipeline if name in ENTITY_COMPONENTS]
    n = len(texts)
    wt, names, stage = [float("inf")] * n, [float("inf")] * n, [float("inf")] * n
    best_tok = best_names = best_all = best_wt = float("inf")
    word_tokenize("Khởi động.")

    def run(doc) -> tuple[float, float]:
        t_names = t_all = 0.0
        for name, proc in components:
            t0 = clock()
            proc(doc)
            dt = clock() - t0
            t_all += dt
            if name != "numbers":
                t_names += dt
        return t_names, t_all

    for _ in range(repeat):
        if not interleaved:
            t0 = clock()
            for t in texts:
                word_tokenize(t)
            best_wt = min(best_wt, clock() - t0)
        t0 = clock()
        docs = [nlp.make_doc(t) for t in texts]
        best_tok = min(best_tok, clock() - t0)
        if interleaved:
            for i, (text, doc) in enumerate(zip(texts, docs)):
                t0 = clock()
                word_tokenize(text)
                wt[i] = min(wt[i], clock() - t0)
                t_names, t_all = run(doc)
                names[i], stage[i] = min(names[i], t_names), min(stage[i], t_all)
            continue
        t_names = t_all = 0.0
        for doc in docs:
            dn, da = run(doc)
            t_names, t_all = t_names + dn, t_all + da
        best_names, best_all = min(best_names, t_names), min(best_all, t_all)
    if interleaved:
        return best_tok, sum(names), sum(stage), sum(wt)
    return best_tok, best_names, best_all, best_wt


# ---------------------------------------------------------------- theme scoring
THEME_STAGES = ("themes",)   # the staged theme model splits its own sentences (no "passages" component)



def theme_pipeline(model_dir: str | None, max_sentences: int | None = None, **overrides):
    from thinc.api import Config

    from pipeline.language import DEFAULT_CONFIG

    names = Config().from_disk(DEFAULT_CONFIG)["nlp"]["pipeline"]
    if model_dir:
        overrides["components.themes.model_dir"] = model_dir
    if max_sentences:
        overrides["components.themes.passage_sentences"] = max_sentences
    return load(exclude=tuple(n for n in names if n not in THEME_STAGES), **overrides)


def run_stages(nlp, doc):
    for name in THEME_STAGES:
        doc = nlp.get_pipe(name)(doc)
    return doc


def baseline_record(doc, matcher: CueMatcher) -> dict:
    """The cue-phrase baseline: a sentence takes the themes whose cues it names, a document those named twice."""
    spans = doc._.sentence_spans or []
    texts = passage_texts(doc._.norm_text, spans)
    total: dict[str, int] = {}
    passages = []
    for (s, e), text in zip(spans, texts):
        hits = matcher.counts(text)
        for t, n in hits.items():
            total[t] = total.get(t, 0) + n
        passages.append({"start": s, "end": e, "themes": [{"id": t, "score": 1.0} for t in hits]})
    return {"passages": passages,
            "themes": [{"id": t, "score": float(n)} for t, n in total.items() if n >= 2]}


def score_gold(nlp, golds):
    """(model scores, baseline scores, model records, baseline records) on gold records."""
    matcher = CueMatcher(nlp.get_pipe("themes").taxonomy)
    ours, base = [], []
    for g in golds:
        doc = nlp.make_doc(g["text"])
        base.append(baseline_record(doc, matcher))
        ours.append(build_record(run_stages(nlp, doc), {"id": g.get("id")}))
    return theme_scores(golds, ours), theme_scores(golds, base), ours, base


def region_golds(shared: Path, share: float, take_all: bool, annotations: Path | None = None,
                 headlines: bool = False, upper: bool = False, caps_headline: bool = False) -> list[dict]:
    """The regions as gold documents. `caps_headline` turns each region's first line to capitals and
    keeps the body after it; only that line is scored (`score_end`), as a headline printed in
    capitals above its article."""
    annotations = annotations or ROOT / "corpora" / "ner" / "annotations.jsonl"
    regions = [json.loads(line) for line in open(annotations, encoding="utf-8") if line.strip()]
    regions = [r for r in regions if take_all or is_holdout(r["doc"], share)]
    texts = load_texts(shared)
    golds = []
    for r in regions:
        text = texts[r["doc"]][r["start"]:r["end"]]
        if hashlib.sha1(text.encode()).hexdigest()[:10] != r["sha1"]:
            raise SystemExit(f"{r['doc']}: region text changed (sha1 mismatch)")
        ents = [{"label": e["label"], "start": e["start"] - r["start"], "end": e["end"] - r["start"],
                 "value": e.get("value"), "has_value": "value" in e} for e in r["entities"]]
        if headlines:
            end = text.find("\n") if "\n" in text else len(text)
            text, ents = text[:end], [e for e in ents if e["end"] <= end]
        if upper:
            if len(text.upper()) != len(text):
                continue
            text = text.upper()
        score_end = None
        if caps_headline:
            end = text.find("\n")
            if not 0 < end < len(text.rstrip()) or len(text[:end].upper()) != end:
                continue   # no body after the first line, or a letter whose capital is longer
            text, score_end = text[:end].upper() + text[end:], end
            ents = [e for e in ents if e["end"] <= end]
        golds.append({"id": f"{r['doc']}:{r['start']}", "text": text, "entities": ents,
                      "officials": [], "sentences": [], "themes": [], "score_end": score_end,
                      "section": r.get("section") or "unlabelled"})
    return golds
