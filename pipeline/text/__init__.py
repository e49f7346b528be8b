"""From input text to a spaCy Doc: the normalised view with its offset map
(`normalize`), paragraphs and sentences (`segment`), underthesea's words
(`tokenizer`, scored fast by `wordseg` from the CRFsuite file `crfsuite` reads).

`NormText`, `normalize` and `norm_form` are re-exported: they are what every
later stage matches on."""
from .normalize import NormText, norm_form, normalize, normalize_document  # noqa: F401
