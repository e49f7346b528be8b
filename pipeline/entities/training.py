"""Training the names CRFs (`vnmonitor train-ner`): the plain model and the one stacked on the rules.

Training data is standoff (`corpora/ner/annotations.jsonl`, the random regions, and
`corpora/ner/title-rich.jsonl`, a title-rich draw; format in
`corpora/ner/README.md`): document ids and offsets into the corpora of the
team's reference data (`../shared/corpora`), read at run time; every
annotated region is one training item, its text cut from the document. The
regions are split by a hash of the document id (`is_holdout`): the same
documents are held out on every run, and the model card reports the scores of
each names mode on them. Optionally, silver data: the rules' PERSON / TITLE /
ORG / LOC on `silver` baomoi articles that nobody annotated (the plain model
only; the stacked model learns from hand labels only when to trust the rules).

Dev gold documents (`../shared/gold/dev.jsonl`) and the frozen random sample
(`corpora/frozen/`) are never training data: a region of one of them stops the
run before any work (`TrainingError`), and silver articles skip them.

Features are built by `features.py`, the same code the model tags with, on
the same syllable view (`syllables.py`). The engine is underthesea_core's
CRFTrainer; models are written in CRFsuite's binary format (data, not code)
with a JSON card. Reproducible: the split is by hash and silver documents are
taken in corpus order, so the same data and parameters give the same files.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..io.jsonl import JSONLError, iter_jsonl, read_jsonl
from ..resources import missing_file, ner_model_file, repo_root, shared_dir
from .crf_file import prune
from .features import PAIR, featurize, rule_bio
from .lexicon import default_lexicon
from .ner_model import CRFNameModel
from .names_component import combine
from .rules import default_tagger, rule_entities, tag_document
from .syllables import NAME_LABELS, bio_labels, sentence_views

NUMBER_LABELS = ("DATE", "MONEY", "PERCENT")
PLAIN_FILE = ner_model_file(stacked=False).name          # names-crf.crfsuite
STACKED_FILE = ner_model_file(stacked=True).name         # names-crf-stacked.crfsuite
CARD_FILE = PLAIN_FILE.rsplit(".", 1)[0] + ".json"       # names-crf.json
SILVER_CORPUS = "baomoi-2017"


def default_annotations() -> Path:
    """The hand annotations of the checkout: corpora/ner/annotations.jsonl."""
    return repo_root() / "corpora" / "ner" / "annotations.jsonl"


def title_rich_annotations() -> Path:
    """A title-rich draw (`corpora/ner/title-rich.jsonl`, not random, 320 regions): the officials scorer
    learns from its entities, and the names models since session 35 (`default_training_files`): with it
    the held-out ninth and twelfth sets' officials read .903 and .888 against .898 and .880, their
    entities alike (session 13's models scored no better on random text with it)."""
    return repo_root() / "corpora" / "ner" / "title-rich.jsonl"


def default_training_files() -> list[Path]:
    """The hand-annotated regions the models learn from by default (`vnmonitor train-ner`, the officials
    models): the random regions and the title-rich draw."""
    return [default_annotations(), title_rich_annotations()]


def default_corpora() -> Path:
    """The corpora the annotations point into: ../shared/corpora (or $VNMONITOR_SHARED/corpora)."""
    return shared_dir() / "corpora"


def default_gold() -> Path:
    """The dev gold, whose documents are never training data."""
    return shared_dir() / "gold" / "dev.jsonl"


HELDOUT_BATCHES = ("ninth", "twelfth")


def heldout_ner_files() -> tuple[Path, ...]:
    """The held-out NER batches (`corpora/ner/heldout-ninth.jsonl`, `heldout-twelfth.jsonl`): random
    regions scored as unseen text, never trained on."""
    return tuple(repo_root() / "corpora" / "ner" / f"heldout-{name}.jsonl" for name in HELDOUT_BATCHES)


def frozen_files() -> tuple[Path, ...]:
    """The frozen random sample (its drawn documents and its annotations) and the held-out NER
    batches (`heldout_ner_files`): only their ids are read."""
    frozen = repo_root() / "corpora" / "frozen"
    return (frozen / "sample.jsonl", frozen / "annotations.jsonl", *heldout_ner_files())


class TrainingError(ValueError):
    """Training data that cannot or must not be used."""


@dataclass
class Region:
    """One annotated region: its text and its entities, offsets relative to the region."""

    doc: str
    text: str
    entities: list[dict]
    start: int = 0      # where the region begins in its document

    @property
    def item(self) -> tuple[str, list[dict]]:
        return self.text, self.entities


def is_holdout(doc_id: str, share: float) -> bool:
    """The NER model's hash split: the same documents are held out on every run."""
    h = int(hashlib.sha1(doc_id.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return h < share


def _read(path: Path) -> list:
    try:
        return read_jsonl(path)
    except FileNotFoundError:
        raise TrainingError(missing_file(path)) from None
    except OSError as exc:
        raise TrainingError(f"{path}: cannot read ({exc.strerror})") from None
    except JSONLError as exc:
        raise TrainingError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None


def _ids(path: Path, key: str) -> set[str]:
    if not path.is_file():
        return set()
    return {r[key] for r in _read(path) if isinstance(r, dict) and key in r}


def forbidden_documents(gold: Path | None = None, frozen: tuple[Path, ...] | None = None) -> dict[str, str]:
    """Document id -> why it is never training data: the dev gold's and the frozen sample's documents."""
    out = {}
    for path in frozen_files() if frozen is None else frozen:
        out.update(dict.fromkeys(_ids(Path(path), "doc"), "a frozen-sample document"))
    out.update(dict.fromkeys(_ids(Path(gold) if gold else default_gold(), "id"), "a dev gold document"))
    return out


def corpus_file(corpora: Path, corpus: str) -> Path:
    """A corpus of the reference data, `{corpus}.jsonl.gz` or `{corpus}.jsonl`."""
    for suffix in (".jsonl.gz", ".jsonl"):
        path = Path(corpora) / f"{corpus}{suffix}"
        if path.is_file():
            return path
    raise TrainingError(f"corpus {corpus!r} not found in {corpora} (expected {corpus}.jsonl.gz or .jsonl; "
                        f"--corpora or VNMONITOR_SHARED)")


def iter_corpus(corpora: Path, corpus: str):
    """(id, text) of each document of a corpus, in file order."""
    for _, doc in iter_jsonl(corpus_file(corpora, corpus)):
        yield doc["id"], doc["text"]


def read_regions(annotations: Path, corpora: Path, forbidden: dict[str, str]) -> list[Region]:
    """The annotated regions with their texts, in file order; refuses forbidden documents, texts that are
    missing or changed since annotation (the region's `sha1`)."""
    records = _read(Path(annotations))
    for n, r in enumerate(records, 1):
        if r["doc"] in forbidden:
            raise TrainingError(f"{annotations}: record {n} annotates {r['doc']}, {forbidden[r['doc']]}: "
                                f"refusing to train on it")
    wanted: dict[str, set[str]] = {}
    for r in records:
        wanted.setdefault(r["corpus"], set()).add(r["doc"])
    texts = {}
    for corpus, ids in sorted(wanted.items()):
        texts.update((doc_id, text) for doc_id, text in iter_corpus(corpora, corpus) if doc_id in ids)
    out = []
    for n, r in enumerate(records, 1):
        text = texts.get(r["doc"])
        if text is None:
            raise TrainingError(f"{annotations}: record {n}: document {r['doc']} not in {r['corpus']} ({corpora})")
        region = text[r["start"]:r["end"]]
        if "sha1" in r and hashlib.sha1(region.encode("utf-8")).hexdigest()[:len(r["sha1"])] != r["sha1"]:
            raise TrainingError(f"{annotations}: record {n}: the text of {r['doc']} differs from the annotated one")
        ents = [{"start": e["start"] - r["start"], "end": e["end"] - r["start"], "label": e["label"]}
                for e in r["entities"] if r["start"] <= e["start"] and e["end"] <= r["end"]]
        out.append(Region(r["doc"], region, ents, r["start"]))
    return out


def token_spans(sent, nt, ents) -> list[tuple[int, int, str]]:
    """Entity char spans (input offsets) -> (start, end, label) token spans of one sentence."""
    starts = [nt.to_input(s, e) for s, e in sent.spans]
    out = []
    for ent in ents:
        toks = [k for k, (a, b) in enumerate(starts) if ent["start"] <= a and b <= ent["end"]]
        if toks and toks == list(range(toks[0], toks[-1] + 1)):
            out.append((toks[0], toks[-1] + 1, ent["label"]))
    return out


def sequences(nlp, items, lexicon, stacked: bool = False):
    """Feature and label sequences, one per sentence, for (text, entities) items. Numbers are blocked as
    the numbers component blocks them at run time; the stacked model also reads the rules' tags."""
    X, Y = [], []
    tagger = default_tagger()
    for text, ents in items:
        doc = nlp.make_doc(text)
        nt = doc._.norm_text
        blocked = [(e["start"], e["end"]) for e in ents if e["label"] in NUMBER_LABELS]
        names = [e for e in ents if e["label"] in NAME_LABELS]
        views = sentence_views(doc, blocked)
        rules = tag_document(views, tagger) if stacked else [None] * len(views)
        for (sent, _), rule_spans in zip(views, rules):
            if sent.n == 0:
                continue
            X.append(featurize(sent, lexicon, rule_bio(sent, rule_spans) if stacked else None))
            Y.append(bio_labels(sent, token_spans(sent, nt, names)))
    return X, Y


def caps_headlines(items, share: float) -> list[tuple[str, list[dict]]]:
    """ALL-CAPS copies of the first line (the headline) of a `share` of the regions, with its entities.

    Headlines, report headers and signature blocks come in capitals, where case says nothing;
    the hand regions have almost none, so the model is shown some (issue 12's error class 7).
    Regions are picked by a hash of their text (the same on every run); a line whose capitals
    change its length (no such letter in Vietnamese) is left out, so offsets stay exact."""
    out = []
    for text, ents in items:
        if int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16) % 1000 >= share * 1000:
            continue
        end = text.find("\n")
        end = len(text) if end < 0 else end
        line = text[:end]
        upper = line.upper()
        if len(upper) != len(line) or upper == line:
            continue
        out.append((upper, [e for e in ents if e["end"] <= end]))
    return out


def silver_items(nlp_rules, corpora: Path, exclude: set[str], n: int) -> list[tuple[str, list[dict]]]:
    """The rules' entities on the first `n` baomoi articles of 400-6,000 characters not in `exclude`."""
    items = []
    for doc_id, text in iter_corpus(corpora, SILVER_CORPUS):
        if len(items) >= n:
            break
        if doc_id in exclude or not (400 <= len(text) <= 6000):
            continue
        doc = nlp_rules(text)
        items.append((text, [{"start": e.start, "end": e.end, "label": e.label} for e in doc._.entities or []]))
    return items


def score_spans(pairs) -> dict:
    """Strict F1 per name label and micro over (gold set, predicted set) pairs of (start, end, label)."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for gold, pred in pairs:
        for s in pred:
            (tp if s in gold else fp)[s[2]] += 1
        for s in gold - pred:
            fn[s[2]] += 1
    out = {}
    for label in (*NAME_LABELS, "micro"):
        t = sum(tp.values()) if label == "micro" else tp[label]
        p_ = sum(fp.values()) if label == "micro" else fp[label]
        n_ = sum(fn.values()) if label == "micro" else fn[label]
        p = t / (t + p_) if t + p_ else 0.0
        r = t / (t + n_) if t + n_ else 0.0
        out[label] = round(2 * p * r / (p + r), 3) if p + r else 0.0
    return out


def evaluate_modes(nlp, plain: CRFNameModel, stacked: CRFNameModel, items) -> dict:
    """Strict F1 per label of each names mode (rules, model, merge, both) on (text, entities) items."""
    tagger = default_tagger()
    results = {}
    for mode in ("rules", "model", "merge", "both"):
        pairs = []
        for text, ents in items:
            doc = nlp.make_doc(text)
            blocked = [(e["start"], e["end"]) for e in ents if e["label"] in NUMBER_LABELS]
            if mode == "rules":
                found = rule_entities(doc, tagger, blocked)
            elif mode == "model":
                found = plain.predict_doc(doc, blocked, tagger)
            elif mode == "merge":
                found = combine(rule_entities(doc, tagger, blocked), plain.predict_doc(doc, blocked, tagger))
            else:
                found = stacked.predict_doc(doc, blocked, tagger)
            gold = {(e["start"], e["end"], e["label"]) for e in ents if e["label"] in NAME_LABELS}
            pairs.append((gold, {(e.start, e.end, e.label) for e in found}))
        results[mode] = score_spans(pairs)
    return results


def checked_out_dir(out_dir, overwrite_shipped: bool = False, shipped: Path | None = None,
                    what: str = "NER model") -> Path:
    """`out_dir` as a Path; the shipped folder (`shipped`, models/ner by default) only with
    `overwrite_shipped`: every analyze and batch run loads what is there."""
    if not out_dir:
        raise TrainingError("no output folder given (--out DIR): the shipped model is never overwritten by default")
    out = Path(out_dir)
    shipped = shipped or ner_model_file().parent
    if not overwrite_shipped and out.resolve() == shipped.resolve():
        raise TrainingError(f"{out_dir} is the shipped {what} folder ({shipped}); write the new model "
                            f"elsewhere, or pass --overwrite-shipped to replace the shipped one")
    return out


PAIR_MIN_COUNT = 2   # a word pair seen once in training would only teach the model that one sentence


def drop_rare_pairs(X, min_count: int = PAIR_MIN_COUNT) -> int:
    """Remove, in place, the word-pair features (`features.PAIR`) seen fewer than `min_count` times in
    `X`; return how many kinds were dropped. The model then keeps the pairs it can generalise from
    (a third of its size otherwise goes to pairs seen once), and tagging needs no list of them: a
    pair the model does not know is no feature to it."""
    counts = Counter(f for seq in X for feats in seq for f in feats if f.startswith(PAIR))
    rare = {f for f, c in counts.items() if c < min_count}
    if rare:
        for seq in X:
            for feats in seq:
                if any(f in rare for f in feats):
                    feats[:] = [f for f in feats if f not in rare]
    return len(rare)


def train_crf(X, Y, out: Path, l1: float, l2: float, max_iter: int) -> None:
    """Fit one CRF, without the rare word pairs, and write it in CRFsuite's format without the
    attributes the L1 penalty left with no weight (`crf_file.prune`: the same tags, a file a fifth
    the size, and a faster tagger)."""
    from underthesea_core import CRFTrainer

    drop_rare_pairs(X)
    trainer = CRFTrainer()
    trainer.set_l1_penalty(l1)
    trainer.set_l2_penalty(l2)
    trainer.set_max_iterations(max_iter)
    crf = trainer.train(X, Y)
    out.parent.mkdir(parents=True, exist_ok=True)
    crf.save(str(out))
    prune(out)


def train_ner(out_dir, annotations: list | None = None, corpora=None, *, gold=None, holdout: float = 0.2, silver: int = 0,
              max_iter: int = 150, l1: float = 0.05, l2: float = 0.01, caps_share: float = 0.3,
              skip_plain: bool = False,
              overwrite_shipped: bool = False, command: str = "", log=lambda msg: None) -> dict:
    """Train both names CRFs from standoff annotation files (`annotations`, default `default_training_files`);
    write them and their card to `out_dir`, return the card.

    `out_dir` is checked before any work (the shipped folder only with `overwrite_shipped`); so are the
    annotations (no dev gold, `gold`, and no frozen-sample document). With `skip_plain` the plain
    model already in `out_dir` is kept and only the stacked one is trained. Both models also learn
    from ALL-CAPS copies of the headlines of a `caps_share` of the training regions (`caps_headlines`).
    """
    from ..language import load

    started = time.perf_counter()
    out = checked_out_dir(out_dir, overwrite_shipped)
    files = [Path(a) for a in annotations] if annotations else default_training_files()
    corpora = Path(corpora) if corpora else default_corpora()
    plain_path, stacked_path = out / PLAIN_FILE, out / STACKED_FILE
    if skip_plain and not plain_path.is_file():
        raise TrainingError(f"--skip-plain keeps the plain model, but {plain_path} does not exist")
    forbidden = forbidden_documents(gold)
    regions = [r for path in files for r in read_regions(path, corpora, forbidden)]
    train_hand = [r.item for r in regions if not is_holdout(r.doc, holdout)]
    held = [r.item for r in regions if is_holdout(r.doc, holdout)]
    caps = caps_headlines(train_hand, caps_share)
    if not train_hand:
        raise TrainingError(f"{', '.join(map(str, files))}: no region left to train on (held-out share {holdout})")
    nlp = load(exclude=("names", "officials", "themes"))
    lexicon = default_lexicon()
    silver_data = []
    if silver:
        nlp_rules = load(exclude=("officials", "themes"), **{"components.names.mode": "rules"})
        silver_data = silver_items(nlp_rules, corpora, set(forbidden) | {r.doc for r in regions}, silver)

    def fit(X, Y, path):
        train_crf(X, Y, path, l1, l2, max_iter)
        log(f"saved {path} ({path.stat().st_size // 1024} KiB), {time.perf_counter() - started:.0f}s so far")

    if not skip_plain:
        X, Y = sequences(nlp, train_hand + caps + silver_data, lexicon)
        log(f"plain CRF: {len(train_hand)} hand regions + {len(caps)} headlines in capitals + "
            f"{len(silver_data)} silver articles = {len(X)} sentences, "
            f"{sum(map(len, X))} tokens; held out: {len(held)} hand regions")
        fit(X, Y, plain_path)
    # the stacked CRF learns from hand labels only when to trust the rules' tags
    X, Y = sequences(nlp, train_hand + caps, lexicon, stacked=True)
    log(f"stacked CRF: {len(train_hand)} hand regions + {len(caps)} headlines in capitals = {len(X)} sentences")
    fit(X, Y, stacked_path)

    scores = evaluate_modes(nlp, CRFNameModel(plain_path), CRFNameModel(stacked_path, stacked=True), held) \
        if held else {}
    for mode, s in scores.items():
        log(f"held-out hand regions, {mode:5s}: " + "  ".join(f"{k} {v:.3f}" for k, v in s.items()))
    counts = Counter(e["label"] for _, ents in train_hand for e in ents if e["label"] in NAME_LABELS)
    card = {
        "model": PLAIN_FILE,
        "stacked_model": STACKED_FILE,
        "trained": dt.date.today().isoformat(),
        "command": command,
        "engine": "underthesea_core CRFTrainer (CRFsuite format)",
        "features": "syllable, neighbours +-2, the word pair ending at the syllable (pairs seen once in training dropped), shape, word position, syllable clusters, lexicon matches (corpora/lexicons), foreign-name gazetteer, line in capitals",
        "annotations": [p.name for p in files],
        "hand_regions_train": len(train_hand),
        "hand_regions_heldout": len(held),
        "caps_headlines": len(caps),
        "hand_entities_train": dict(counts),
        "silver_articles": len(silver_data),
        "sentences": len(X),
        "params": {"l1": l1, "l2": l2, "max_iter": max_iter, "caps_share": caps_share},
        "heldout_strict_f1": scores,
    }
    (out / CARD_FILE).write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    card["seconds"] = time.perf_counter() - started
    return card
