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
from .extensions import ensure_extensions, plain  # noqa: E402
from .output.record import build_record, document_id  # noqa: E402
from .resources import config_file  # noqa: E402
from .text.normalize import LONE_SURROGATE  # noqa: E402
from .text.parts import PART_CHARS, split_long  # noqa: E402,F401  (part of the library's API)

DEFAULT_CONFIG = config_file()


def load(config: str | Path | None = None, exclude: tuple[str, ...] = (), **overrides) -> Language:
    """The vnmonitor pipeline as a spaCy `Language` built from `config`.

    `exclude` drops components by name (e.g. ``exclude=("themes",)``);
    `overrides` are dotted config keys, as in spaCy (``{"components.themes.threshold_scale": 1.0}``).
    """
    ensure_extensions()
    cfg = Config().from_disk(config or DEFAULT_CONFIG, overrides=overrides)
    exclude = (exclude,) if isinstance(exclude, str) else tuple(exclude)
    unknown = [name for name in exclude if name not in cfg["nlp"]["pipeline"]]
    if unknown:   # spaCy drops nothing for a misspelt name, and an ablation would silently run everything
        raise ValueError(f"no component named {', '.join(map(repr, unknown))} in the pipeline "
                         f"(its components: {', '.join(cfg['nlp']['pipeline'])})")
    nlp = spacy.util.load_model_from_config(cfg, auto_fill=True, validate=True,
                                            exclude=list(exclude))
    for _, component in nlp.pipeline:
        if getattr(component, "missing", None) is not None:
            raise component.missing   # a model file named in the config is not there (see ThemeTagger)
    return nlp


def component_names(config: str | Path | None = None) -> list[str]:
    """The components a config runs, in order, without building them."""
    return list(Config().from_disk(config or DEFAULT_CONFIG)["nlp"]["pipeline"])


def load_tokenizer(config: str | Path | None = None) -> Language:
    """The pipeline with its tokenizer only: sentences and words, no components."""
    return load(config, exclude=tuple(component_names(config)))


@lru_cache(maxsize=1)
def default_nlp() -> Language:
    """The shipped pipeline, loaded once per process."""
    return load()


def theme_taxonomy(nlp: Language):
    """The taxonomy `nlp`'s themes component classifies into (its model folder's
    themes.yaml: the shipped one, or an edited one the model was trained for);
    None for a pipeline without themes. Its labels are what people read."""
    if "themes" not in nlp.pipe_names:
        return None
    return getattr(nlp.get_pipe("themes"), "taxonomy", None)


def theme_labels(nlp: Language) -> dict[str, str]:
    """Theme id -> Vietnamese label, from the taxonomy `nlp` runs with ({} without themes)."""
    return {t.id: t.name for t in theme_taxonomy(nlp) or ()}


def make_doc_with_meta(nlp: Language, text: str, meta: dict):
    """A tokenised Doc carrying the input metadata (as plain data) in `doc._.meta`."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    surrogate = LONE_SURROGATE.search(text)
    if surrogate:
        # half of a UTF-16 pair, or bytes decoded with surrogateescape: no output could encode it
        raise ValueError(f"text holds a lone surrogate (U+{ord(surrogate.group()):04X}) at character "
                         f"{surrogate.start()}: it is not Unicode text")
    doc = nlp.make_doc(text)
    doc._.meta = plain(meta)
    return doc


def _analyze_one(text: str, nlp: Language, meta: dict) -> dict:
    doc = nlp(make_doc_with_meta(nlp, text, meta))
    return build_record(doc, meta)


def _check_meta(meta: dict) -> None:
    """Refuse metadata the record cannot carry as given: a `date` that is no date, and an id, title,
    source or url that is not text or a number (a dict title was written as its Python repr)."""
    from .io.meta_dates import normalize_date

    if not isinstance(meta, dict):
        raise TypeError(f"metadata must be a dict, got {type(meta).__name__}")
    for key in ("id", "title", "source", "url"):
        value = meta.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (str, int, float))):
            raise TypeError(f"{key} must be a string (or a number), got {type(value).__name__}")
    if meta.get("date") not in (None, "") and normalize_date(meta["date"]) is None:
        raise ValueError(f"date {meta['date']!r} is not a date (YYYY-MM-DD, years 1900-2100)")


def analyze(text: str, nlp: Language | None = None, **meta) -> dict:
    """Run the whole pipeline on one text; return its output record.

    A text longer than PART_CHARS is analysed in parts (see `analyze_long`). A `date` given that is
    no date (`normalize_date` reads YYYY-MM-DD, DD/MM/YYYY and dates) is refused with ValueError,
    as the CLI refuses it, rather than left out of the record without a word."""
    _check_meta(meta)
    nlp = nlp or default_nlp()
    if isinstance(text, str) and len(text) > PART_CHARS:
        return analyze_long(text, meta, nlp)
    return _analyze_one(text, nlp, meta)


def _shift(items: list[dict], by: int) -> list[dict]:
    return [{**it, "start": it["start"] + by, "end": it["end"] + by} for it in items]


def analyze_long(text: str, meta: dict, nlp, max_chars: int = None) -> dict:
    """One record for a text too long to analyse at once: its parts analysed
    one by one, offsets shifted back; a theme's document score is its best part's."""
    max_chars = max_chars or PART_CHARS
    from .admin import read_document
    from .admin.component import reading_view
    from .text import normalize

    meta = {**meta, "id": document_id(meta.get("id"), text, meta)}   # the whole text's id, not its first part's

    view, back = reading_view(normalize(text))
    whole = read_document(view)
    if whole is not None:
        # the parts of an administrative document are read as such (admin_outline)
        meta = {**meta, "admin_part": True}
    merged = None
    themes: dict[str, float] = {}
    for start, end in split_long(text, max_chars):
        if not text[start:end].strip():
            continue
        part = _analyze_one(text[start:end], nlp, meta)
        if merged is None:
            merged = {**part, "sentences": [], "entities": [], "officials": [], "passages": []}
        for key in ("sentences", "entities", "officials", "passages"):
            merged[key].extend(_shift(part[key], start))
        for t in part["themes"]:
            themes[t["id"]] = max(themes.get(t["id"], 0.0), t["score"])
    if merged is None:   # every part blank: the record of a blank text
        return _analyze_one("", nlp, meta)
    merged["themes"] = [{"id": k, "score": v} for k, v in sorted(themes.items(), key=lambda kv: -kv[1])]
    from .admin.component import document_object, spans_back
    from .admin.document import signer_officials
    from .entities.officials import distinct_records
    from .entities.officials.records import with_signers

    if "text" in merged:   # a Word or PDF file's text: the whole of it, which the offsets index
        merged["text"] = text
    # issue 14: the `document` of the whole text, not of its first part (whose signature block
    # lies in the last), its spans on the input's offsets; its signers are officials of its issuer,
    # which no part but the first names
    data = plain(whole.to_dict()) if whole is not None else None
    if data is not None and back is not None:
        data = spans_back(data, back)
    merged["document"] = document_object(data)
    merged["officials"] = with_signers(distinct_records(merged["officials"]), signer_officials(data))
    return merged




def analyze_many(items, nlp: Language | None = None, batch_size: int = 32):
    """Records for an iterable of (text, meta) pairs, through `nlp.pipe`, each as `analyze` gives it:
    a text longer than PART_CHARS analysed in parts, a `date` that is no date refused. An item that
    cannot be analysed (not a string, a lone surrogate, such a date) raises ValueError or TypeError
    naming it (its position and id) once the records before it are out."""
    nlp = nlp or default_nlp()
    failed: list[Exception] = []
    pending: list[tuple[str, dict]] = []   # long texts, analysed in parts between the pipe's batches

    def docs():
        for n, (text, meta) in enumerate(items):
            try:
                _check_meta(meta)
                if isinstance(text, str) and len(text) > PART_CHARS:
                    pending.append((text, meta))
                    yield None
                    continue
                yield make_doc_with_meta(nlp, text, meta)
            except (TypeError, ValueError) as exc:
                name = f"item {n}" + (f" (id {meta.get('id')!r})" if isinstance(meta, dict) and meta.get("id")
                                      is not None else "")
                failed.append(type(exc)(f"{name}: {exc}"))
                return

    # a long text's place in the order is kept by a stand-in: an empty Doc with no metadata
    stream = (nlp.make_doc("") if d is None else d for d in docs())
    for doc in nlp.pipe(stream, batch_size=batch_size):
        if not doc.text and doc._.meta is None and pending:
            text, meta = pending.pop(0)
            yield analyze_long(text, meta, nlp)
            continue
        yield build_record(doc, doc._.meta)
    if failed:
        raise failed[0]
