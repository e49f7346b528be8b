"""The names model: a CRF over syllables for PERSON / TITLE / ORG / LOC.

The model reads the same syllable view as the rules (`syllables.Sentence`):
one item per syllable or punctuation mark, BIO labels, features from
`features.py`. The plain model never sees the rules' output, so "model alone"
in the ablation is a real alternative, not a copy; the stacked model (the
shipped default) reads the rules' proposals as features and decides.

The CRF is trained by underthesea_core's trainer (the same engine underthesea
uses for its own models; `vnmonitor train-ner`, `training.py`) and stored in
CRFsuite's binary format, which is read as data, not executed, so loading a
model file is safe. Tagging reads that file's weights into arrays and decodes
a document's sentences together (`crf_decoder`): the tags of underthesea_core's
tagger at a fraction of its cost.
"""
from __future__ import annotations

from pathlib import Path

from ..resources import ner_model_file
from .crf_decoder import CRFDecoder
from .features import rule_bio
from .gazetteer import default_gazetteer
from .lexicon import Lexicon, default_lexicon
from .rules import tag_document
from . import truecase
from .syllables import NAME_LABELS, Span, decode, is_cap, to_entity
from .types import Entity

DEFAULT_MODEL = ner_model_file(stacked=False)
STACKED_MODEL = ner_model_file(stacked=True)
MODEL_DIR = DEFAULT_MODEL.parent
LABELS = NAME_LABELS


class CRFNameModel:
    """A trained CRF; `stacked` models also read the rules' tags as features."""

    def __init__(self, path: str | Path, stacked: bool = False, lexicon: Lexicon | None = None):
        self.path = Path(path)
        self.stacked = stacked
        self.decoder = CRFDecoder(self.path)
        self.lexicon = lexicon or default_lexicon()

    def predict_sentences(self, sentences: list, rule_spans: list | None = None) -> list[list[tuple[int, int, str]]]:
        """(start, end, label) token spans of each sentence (stacked models read each one's rule spans)."""
        rule_tags = [rule_bio(sent, spans) for sent, spans in zip(sentences, rule_spans or [None] * len(sentences))] \
            if self.stacked else None
        return [decode(tags) for tags in self.decoder.tag(sentences, self.lexicon, rule_tags)]

    def predict_doc(self, doc, blocked_spans, name_tagger, views=None) -> list[Entity]:
        """The document's names; `views` are `truecase.views(doc, blocked_spans)` when the caller has them."""
        nt = doc._.norm_text
        out = []
        views = truecase.views(doc, blocked_spans) if views is None else views
        rules = tag_document(views, name_tagger) if self.stacked else [None] * len(views)
        gazetteer = default_gazetteer()
        # no rule span, no capital after the first word, no known name opening it: nothing to tag
        todo = [(sent, rule_spans) for (sent, _), rule_spans in zip(views, rules)
                if sent.n and not (self.stacked and not rule_spans and not any(w[:1].isupper() for w in sent.words[1:])
                                   and not gazetteer.match_at(sent.words, sent.lows, 0))]
        if not todo:
            return out
        found = self.predict_sentences([sent for sent, _ in todo], [spans for _, spans in todo])
        for (sent, rule_spans), spans in zip(todo, found):
            # where the model agrees with the rules on a span, keep the rules'
            # canonical form: it knows the document (acronyms defined in brackets)
            rule_canonical = {(sp.start, sp.end, sp.label): sp.canonical for sp in rule_spans or []}
            for s, e, label in _split_glued(_foreign_names_whole(spans, rule_spans, sent), rule_spans, sent,
                                            self.lexicon):
                if not sent.free(s, e):
                    continue
                canonical = rule_canonical.get((s, e, label)) or _canonical_for(name_tagger, sent, s, e, label)
                out.append(to_entity(doc, nt, sent, Span(label, s, e, canonical)))
        return out


def _foreign_names_whole(spans, rule_spans, sent) -> list[tuple[int, int, str]]:
    """A PERSON the model cuts short of the rules' PERSON where the rest is capitalised words of no
    Vietnamese syllable ("Philippe [Troussier] triệu tập": "triệu" after a name reads like a number's
    multiplier to the model) takes the rules' end: a foreign surname is not left out of its name."""
    from .tidy.vocabulary import vietnamese_syllables

    ends = {sp.start: sp.end for sp in rule_spans or [] if sp.label == "PERSON"}
    if not ends:
        return spans
    syllables = vietnamese_syllables()
    taken = [(s, e) for s, e, _ in spans]
    out = []
    for s, e, label in spans:
        end = ends.get(s, e)
        if label == "PERSON" and end > e and all(
                is_cap(sent.words[k]) and sent.lows[k] not in syllables for k in range(e, end)) \
                and not any(a < end and e < b for a, b in taken if (a, b) != (s, e)):
            e = end
        out.append((s, e, label))
    return out


def _split_glued(spans, rule_spans, sent, lexicon: Lexicon) -> list[tuple[int, int, str]]:
    """The model's ORG spans that run an agency and the official's name after it together
    ("UB Kiểm tra TƯ Trần Cẩm Tú", "Sở Y tế Đồng Nai Phan Văn An"), cut into ORG and PERSON:
    where the rules read the tail as a PERSON and the part before it ends in a place or a
    known agency qualifier ("Đồng Nai", "TƯ"). Bodies named after a person ("Trường THPT
    Nguyễn Du", "Bệnh viện Nguyễn Tri Phương") end in no such word and stay whole."""
    persons = {(sp.start, sp.end) for sp in rule_spans or [] if sp.label == "PERSON"}
    if not persons:
        return spans
    out = []
    for s, e, label in spans:
        cut = next((m for (m, end) in persons if end == e and s + 2 <= m), None) if label == "ORG" else None
        if cut is not None and not any((sent.longest(lexicon, k, kind) or (0,))[0] == cut
                                       for k in range(s + 1, cut) for kind in ("PLACE", "ORG")):
            cut = None
        if cut is None:
            out.append((s, e, label))
        else:
            out += [(s, cut, "ORG"), (cut, e, "PERSON")]
    return out


def _canonical_for(name_tagger, sent, s: int, e: int, label: str) -> str | None:
    """The rules' canonical form when they read the same span, else the text itself."""
    if label == "ORG":
        span = name_tagger.org_at(sent, s)
    elif label == "LOC":
        span = name_tagger.loc_at(sent, s)
    else:
        return None
    if span is not None and span.end == e and span.canonical:
        return span.canonical
    return sent.surface(s, e)


def load_model(path: str | Path | None = None, stacked: bool = False, lexicon: Lexicon | None = None) -> CRFNameModel:
    path = Path(path) if path else (STACKED_MODEL if stacked else DEFAULT_MODEL)
    if not path.is_file():
        raise FileNotFoundError(f"NER model not found at {path}; train it with `vnmonitor train-ner`")
    return CRFNameModel(path, stacked=stacked, lexicon=lexicon)
