"""Custom attributes every Doc carries through the pipeline."""
from spacy.tokens import Doc

_DOC_ATTRS = {
    "paragraphs": None,      # list[(start, end)] input spans of non-empty lines
    "sentence_spans": None,  # list[(start, end)] input spans of sentences
    "norm_text": None,       # pipeline.text.NormText of the input
    "entities": None,        # list[pipeline.entities.types.Entity], sorted by start
    "officials": None,       # list[pipeline.entities.types.Official]
    "passages": None,        # list[dict(start, end, themes=[{id, score}], explain?)]
    "themes": None,          # list[{id, score}] document roll-up
    "meta": None,            # input metadata (id, title, date, source, url, ...)
}


def doc_text(doc: Doc) -> str:
    """The input text of `doc`. Equal to `doc.text`, which spaCy rebuilds from
    the tokens on every access (milliseconds on a long article)."""
    nt = doc._.norm_text
    return nt.source if nt is not None else doc.text


def ensure_extensions() -> None:
    for name, default in _DOC_ATTRS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
