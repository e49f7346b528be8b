"""Pipeline component "themes": passage themes and the document roll-up.

Reads `doc._.passages` (from the "passages" component; split here if it did
not run), scores every passage of a document in one vectoriser call and
writes each passage's themes (those at or above the theme's threshold, best
first) and `doc._.themes`, the document roll-up. With ``explain = true`` each
themed passage also lists, per theme, the passage words that weighed most.
"""
from __future__ import annotations

from spacy.language import Language

from .data import passage_texts
from .passages import split_passages
from .store import load_model


class ThemeTagger:
    def __init__(self, model_dir: str = "", explain: bool = False, top_terms: int = 5):
        self.model, self.taxonomy = load_model(model_dir or None)
        self.explain = explain
        self.top_terms = top_terms

    def _passages(self, doc):
        if doc._.passages is None:
            doc._.passages = [{"start": s, "end": e, "themes": []}
                              for s, e in split_passages(doc._.paragraphs or [], doc._.sentence_spans or [])]
        return doc._.passages

    def _texts(self, doc, passages):
        from ..text import normalize

        norm = doc._.norm_text or normalize(doc.text)
        return passage_texts(norm, [(p["start"], p["end"]) for p in passages])

    def _apply(self, doc, passages, texts, probs, doc_scores):
        for p, text, themes in zip(passages, texts, self.model.passage_themes(probs)):
            p["themes"] = [{"id": t, "score": s} for t, s in themes]
            if self.explain and themes:
                p["explain"] = [{"theme": t, "terms": self.model.explain(text, t, self.top_terms)}
                                for t, _ in themes]
        doc._.themes = [{"id": t, "score": s} for t, s in self.model.doc_themes(doc_scores)]
        return doc

    def __call__(self, doc):
        passages = self._passages(doc)
        texts = self._texts(doc, passages)
        probs, doc_scores = self.model.score(texts)
        return self._apply(doc, passages, texts, probs, doc_scores)

    def pipe(self, docs, batch_size: int = 32):
        batch = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, docs):
        passages = [self._passages(d) for d in docs]
        texts = [self._texts(d, p) for d, p in zip(docs, passages)]
        for doc, ps, ts, (probs, doc_scores) in zip(docs, passages, texts, self.model.score_many(texts)):
            yield self._apply(doc, ps, ts, probs, doc_scores)


@Language.factory("themes", default_config={"model_dir": "", "explain": False, "top_terms": 5})
def make_themes(nlp: Language, name: str, model_dir: str, explain: bool, top_terms: int) -> ThemeTagger:
    return ThemeTagger(model_dir=model_dir, explain=explain, top_terms=top_terms)
