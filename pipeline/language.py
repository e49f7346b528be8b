"""Building the pipeline from its config, and running it on texts."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

import spacy  # noqa: E402
from spacy.language import Language  # noqa: E402
from thinc.api import Config  # noqa: E402

from . import components  # noqa: E402,F401  registers the factories
from .extensions import ensure_extensions  # noqa: E402
from .record import build_record  # noqa: E402

DEFAULT_CONFIG = Path(__file__).parent / "data" / "config.cfg"


def load(config: str | Path | None = None, exclude: tuple[str, ...] = (), **overrides) -> Language:
    """The vnmonitor pipeline as a spaCy `Language` built from `config`.

    `exclude` drops components by name (e.g. ``exclude=("themes",)``);
    `overrides` are dotted config keys, as in spaCy (``{"components.themes.threshold_scale": 1.0}``).
    """
    ensure_extensions()
    cfg = Config().from_disk(config or DEFAULT_CONFIG, overrides=overrides)
    nlp = spacy.util.load_model_from_config(cfg, auto_fill=True, validate=True,
                                            exclude=list(exclude))
    return nlp


def component_names(config: str | Path | None = None) -> list[str]:
    """The components a config runs, in order, without building them."""
    return list(Config().from_disk(config or DEFAULT_CONFIG)["nlp"]["pipeline"])


def load_tokenizer(config: str | Path | None = None) -> Language:
    """The pipeline with its tokenizer only: sentences and words, no components."""
    return load(config, exclude=tuple(component_names(config)))


@lru_cache(maxsize=1)
def default_nlp() -> Language:
    return load()


def make_doc_with_meta(nlp: Language, text: str, meta: dict):
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    doc = nlp.make_doc(text)
    doc._.meta = meta
    return doc


def analyze(text: str, nlp: Language | None = None, **meta) -> dict:
    """Run the whole pipeline on one text; return its output record."""
    nlp = nlp or default_nlp()
    doc = nlp(make_doc_with_meta(nlp, text, meta))
    return build_record(doc, meta)


def analyze_many(items, nlp: Language | None = None, batch_size: int = 32):
    """Records for an iterable of (text, meta) pairs, through `nlp.pipe`."""
    nlp = nlp or default_nlp()
    docs = (make_doc_with_meta(nlp, text, meta) for text, meta in items)
    for doc in nlp.pipe(docs, batch_size=batch_size):
        yield build_record(doc, doc._.meta)
