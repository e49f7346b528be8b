"""Passages: the units themes are assigned to, as spans of the input.

A paragraph (a non-empty line) is one passage when it has at most
`max_sentences` sentences. Scraped text often merges a whole article body
into one line; such a paragraph is cut into windows of consecutive sentences,
balanced so that no window is a lone trailing sentence. With
``max_sentences = 3`` these are the units the team labelled by hand
(`scripts/label_tool.py`). The shipped pipeline has no "passages" component:
its staged theme model decides each sentence and gives back passages as the
runs of sentences that took the same themes (`component.py`); a passage
model (format 1) splits its units itself, or reads those of a "passages"
component a config adds before "themes".
"""
from __future__ import annotations

import math

from spacy.language import Language

from ..extensions import set_passages
from ..text import NormText


def split_passages(paragraphs, sentences, max_sentences: int = 3) -> list[tuple[int, int]]:
    """Passage spans from paragraph and sentence spans (both sorted input spans).

    Sentences never cross a paragraph (the segmenter guarantees it); a
    paragraph with more than `max_sentences` sentences becomes
    ceil(n / max_sentences) windows of near-equal size.
    """
    out = []
    sentences = list(sentences)
    i = 0
    for p_start, p_end in paragraphs:
        inside = []
        while i < len(sentences) and sentences[i][0] < p_end:
            if sentences[i][1] > p_start:
                inside.append(sentences[i])
            i += 1
        if len(inside) <= max_sentences:
            out.append((p_start, p_end))
            continue
        n_windows = math.ceil(len(inside) / max_sentences)
        base, extra = divmod(len(inside), n_windows)
        k = 0
        for w in range(n_windows):
            size = base + (1 if w < extra else 0)
            window = inside[k:k + size]
            k += size
            out.append((window[0][0], window[-1][1]))
    return out


class PassageSplitter:
    """Pipeline component: fills `doc.spans["passages"]` with theme-less passages."""

    def __init__(self, max_sentences: int = 1):
        if max_sentences < 1:
            raise ValueError("max_sentences must be at least 1")
        self.max_sentences = max_sentences

    def __call__(self, doc):
        paragraphs = doc._.paragraphs
        if paragraphs is None:
            paragraphs = [(0, len(doc.text))] if doc.text.strip() else []
        sentences = doc._.sentence_spans or list(paragraphs)
        set_passages(doc, [{"start": s, "end": e, "themes": []}
                           for s, e in split_passages(paragraphs, sentences, self.max_sentences)])
        return doc


@Language.factory("passages", default_config={"max_sentences": 1}, assigns=["doc.spans"])
def make_passages(nlp: Language, name: str, max_sentences: int) -> PassageSplitter:
    """The "passages" factory, for a config that splits passages before the themes (not shipped)."""
    return PassageSplitter(max_sentences=max_sentences)


def passage_texts(norm: NormText, spans) -> list[str]:
    """Lower-cased normalised text of input spans (the model's view of each passage)."""
    lower = norm.text.lower()
    if len(lower) != len(norm.text):   # a character whose lower case is longer ("İ"): one at a time
        return [norm.text[slice(*norm.span_from_input(s, e))].lower() for s, e in spans]
    out = []
    for s, e in spans:
        ns, ne = norm.span_from_input(s, e)
        out.append(lower[ns:ne])
    return out
