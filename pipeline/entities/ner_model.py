"""A CRF over syllables for PERSON / TITLE / ORG / LOC, with lexicon features.

The model sees the same sentence view as the rules (`names.Sentence`): one
item per syllable or punctuation mark, BIO labels. Features are the syllable
and its neighbours, their shape, where the syllable sits in its underthesea
word, and which lexicons (titles, agency heads, places, family names,
honorifics...) match at that position. It never sees the rules' output, so
"model alone" in the ablation is a real alternative, not a copy.

The CRF is underthesea_core's (the same engine underthesea uses for its own
models); it is stored in CRFsuite's binary format, which is read as data, not
executed, so loading a model file is safe. `scripts/train_ner.py` trains it.
"""
from __future__ import annotations

from pathlib import Path

from .lexicon import Lexicon, default_lexicon
from .types import Entity

MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "ner"
DEFAULT_MODEL = MODEL_DIR / "names-crf.crfsuite"
STACKED_MODEL = MODEL_DIR / "names-crf-stacked.crfsuite"
LABELS = ("PERSON", "TITLE", "ORG", "LOC")
_LEX_KINDS = ("TITLE", "HEAD", "ORG", "PLACE", "ADMIN", "HONORIFIC", "CUE", "SURNAME", "NAMEWORD", "FORMER")


def _shape(w: str) -> str:
    if not w:
        return "empty"
    if w[0].isdigit():
        return "digit"
    if not w[0].isalpha():
        return "punct:" + w
    if w.isupper() and len(w) > 1:
        return "upper"
    if w[0].isupper():
        return "title"
    return "lower"


def lexicon_marks(sent, lexicon: Lexicon) -> list[list[str]]:
    """For each token, the lexicon kinds whose longest match begins (B) or continues (I) there."""
    marks: list[list[str]] = [[] for _ in range(sent.n)]
    for kind in _LEX_KINDS:
        i = 0
        while i < sent.n:
            m = lexicon.longest(sent.words, sent.lows, i, kind)
            if m:
                end, entry = m
                marks[i].append(f"B-{kind}" + (f":{entry.info}" if kind in ("TITLE", "PLACE", "HEAD") else ""))
                for k in range(i + 1, end):
                    marks[k].append(f"I-{kind}")
                i = end if kind not in ("SURNAME", "HONORIFIC", "CUE") else i + 1
            else:
                i += 1
    return marks


def featurize(sent, lexicon: Lexicon | None = None, rule_tags: list[str] | None = None) -> list[list[str]]:
    """Feature lists, one per token; `rule_tags` (BIO of the rules' spans) makes a stacked model."""
    lexicon = lexicon or default_lexicon()
    marks = lexicon_marks(sent, lexicon)
    feats = []
    for i in range(sent.n):
        w, low = sent.words[i], sent.lows[i]
        f = [f"w={low}", f"shape={_shape(w)}", f"len={min(len(w), 6)}"]
        if i == 0 or sent.word_ids[i] != sent.word_ids[i - 1]:
            f.append("word_start")
        if i > 0 and sent.gap(i) == "":
            f.append("glued")
        for m in marks[i]:
            f.append("lex=" + m)
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < sent.n:
                f.append(f"w[{d}]={sent.lows[j]}")
                f.append(f"shape[{d}]={_shape(sent.words[j])}")
                if d in (-1, 1):
                    for m in marks[j]:
                        f.append(f"lex[{d}]={m}")
            else:
                f.append(f"w[{d}]=<pad>")
        if i > 0:
            f.append(f"bigram={sent.lows[i - 1]}|{low}")
        if i + 1 < sent.n:
            f.append(f"bigram+={low}|{sent.lows[i + 1]}")
        if sent.blocked[i]:
            f.append("blocked")
        if rule_tags is not None:
            f.append(f"rule={rule_tags[i]}")
            f.append(f"rule[-1]={rule_tags[i - 1] if i else '<pad>'}")
            f.append(f"rule[+1]={rule_tags[i + 1] if i + 1 < sent.n else '<pad>'}")
            f.append(f"rule|w={rule_tags[i]}|{low}")
        feats.append(f)
    return feats


def bio_labels(sent, spans: list[tuple[int, int, str]]) -> list[str]:
    """BIO tags for a sentence from (start, end, label) token spans."""
    tags = ["O"] * sent.n
    for s, e, label in spans:
        if label not in LABELS:
            continue
        tags[s] = "B-" + label
        for k in range(s + 1, e):
            tags[k] = "I-" + label
    return tags


def decode(tags: list[str]) -> list[tuple[int, int, str]]:
    spans = []
    start, label = None, None
    for i, t in enumerate(list(tags) + ["O"]):
        if t.startswith("I-") and label == t[2:]:
            continue
        if label is not None:
            spans.append((start, i, label))
            start, label = None, None
        if t.startswith(("B-", "I-")):
            start, label = i, t[2:]
    return spans


class CRFNameModel:
    """A trained CRF; `stacked` models also read the rules' tags as features."""

    def __init__(self, path: str | Path, stacked: bool = False):
        from underthesea_core import CRFTagger

        self.path = Path(path)
        self.stacked = stacked
        self.tagger = CRFTagger()
        self.tagger.load(str(self.path))
        self.lexicon = default_lexicon()

    def predict_sentence(self, sent, rule_spans=None) -> list[tuple[int, int, str]]:
        if sent.n == 0:
            return []
        rule_tags = bio_labels(sent, [(sp.start, sp.end, sp.label) for sp in rule_spans or []]) \
            if self.stacked else None
        return decode(self.tagger.tag(featurize(sent, self.lexicon, rule_tags)))

    def predict_doc(self, doc, blocked_spans, name_tagger) -> list[Entity]:
        from .names import Span, _to_entity, sentence_views, tag_document

        nt = doc._.norm_text
        out = []
        views = sentence_views(doc, blocked_spans)
        rules = tag_document(views, name_tagger) if self.stacked else [None] * len(views)
        for (sent, _), rule_spans in zip(views, rules):
            for s, e, label in self.predict_sentence(sent, rule_spans):
                if not sent.free(s, e):
                    continue
                canonical = _canonical_for(name_tagger, sent, s, e, label)
                out.append(_to_entity(doc, nt, sent, Span(label, s, e, canonical, source="model")))
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


def load_model(path: str | Path | None = None, stacked: bool = False) -> CRFNameModel:
    path = Path(path) if path else (STACKED_MODEL if stacked else DEFAULT_MODEL)
    if not path.is_file():
        raise FileNotFoundError(f"NER model not found at {path}; train it with scripts/train_ner.py")
    return CRFNameModel(path, stacked=stacked)
