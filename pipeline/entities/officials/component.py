"""The "officials" component: the linker (`linker.py`) over the document's entities, its pairs
checked by the learned scorer (`scorer.py`) and its offices with no holder decided by the
unnamed-office model (`unnamed.py`) when they are loaded, signers of an administrative
document added (`with_signers`)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from spacy.language import Language

from ...admin.component import officials_of
from ...extensions import doc_text
from ...text.normalize import blank_invisibles, composed_view
from ..lexicon import Lexicon
from ..types import Entity, Official
from . import unnamed as officials_unnamed
from .linker import OfficialsLinker, default_linker, without_appointers
from .records import _dedupe, with_signers
from .scorer import PairScorer, default_model_file, rescore
from .tables import table_rows


class OfficialsComponent:
    """The linker, with `scorer` (shipped on) the learned check on its pairs (`scorer.py`,
    `models/officials/pairs.json`) and with `unnamed` (shipped on) the learned decision on its offices
    with no holder (`unnamed.py`, `models/officials/unnamed.json`)."""

    def __init__(self, nlp, name: str, scorer: bool = True, unnamed: bool = True):
        self.linker = default_linker()
        self.scorer = _model(default_model_file(), "scorer") if scorer else None
        self.unnamed = _model(officials_unnamed.default_model_file(), "unnamed") if unnamed else None

    def to_disk(self, path, *, exclude=()):
        """The lexicons the linker reads (titles, honorifics), as their TSV files, and the models' weights."""
        self.linker.lex.to_disk(Path(path) / "lexicons")
        for model, file in ((self.scorer, "pairs.json"), (self.unnamed, "unnamed.json")):
            if model is not None:
                model.save(Path(path) / file)

    def from_disk(self, path, *, exclude=()):
        """Read back what `to_disk` wrote."""
        self.linker = OfficialsLinker(Lexicon(Path(path) / "lexicons"))
        scorer, unnamed = Path(path) / "pairs.json", Path(path) / "unnamed.json"
        self.scorer = PairScorer.load(scorer) if scorer.is_file() else None
        self.unnamed = PairScorer.load(unnamed) if unnamed.is_file() else None
        return self

    def __call__(self, doc):
        ents = sorted(doc._.entities, key=lambda e: e.start)
        found = find_officials(doc_text(doc), ents, doc._.sentence_spans or [], self.linker, self.scorer,
                               self.unnamed)
        doc._.officials = with_signers([o.to_dict() for o in found], officials_of(doc))
        return doc


def _model(path: Path, setting: str) -> PairScorer:
    if not path.is_file():
        raise FileNotFoundError(f"officials model not found at {path}; train it with `vnmonitor train-officials`, "
                                f"or load the pipeline with components.officials.{setting} set to false")
    return PairScorer.load(path)


def find_officials(text: str, entities: list[Entity], sentences, linker: OfficialsLinker | None = None,
                   scorer=None, unnamed=None) -> list[Official]:
    """The linker's records, checked by the pair scorer and their unnamed offices decided by the
    unnamed-office model when these are given: what the component and the officials evaluation
    (`scripts/eval_officials.py`) both run."""
    linker = linker or default_linker()
    view = composed_view(text)
    if view is not None:   # decomposed accents: the gaps read composed ("nguyên"), the spans mapped back
        return [replace(r, start=view.offsets[r.start], end=view.to_input(r.start, r.end)[1])
                for r in find_officials(view.text, _mapped(entities, view), _mapped_spans(sentences, view),
                                        linker, scorer, unnamed)]
    # the linker reads the gaps between entities: "Thứ trưởng \u200bBộ Nội vụ" is one office
    text = blank_invisibles(text)
    records = linker.link(text, entities, sentences)
    if scorer is not None:
        records = rescore(text, entities, sentences, records, linker, scorer)
    if unnamed is not None:
        records = officials_unnamed.refile(text, entities, sentences, records, linker, unnamed)
    records = without_appointers(text, entities, records)
    rows = table_rows(text, entities, linker)
    if rows:   # a table's rows, each cell a sentence of its own ("Nguyễn Văn An | Giám đốc Sở Tài chính")
        records = sorted(_dedupe(records + rows, linker.lex.fused_titles), key=lambda r: (r.start, r.end))
    return records


@Language.factory("officials", default_config={"scorer": True, "unnamed": True}, assigns=["doc._.officials"],
                  requires=["doc.ents"])
def make_officials(nlp, name: str, scorer: bool, unnamed: bool):
    """The "officials" factory: (person, title, agency) from the entities, into `doc._.officials`; `scorer`
    (shipped on) checks the linker's pairs with the learned scorer, `unnamed` (shipped on) decides its
    offices with no holder with the unnamed-office model."""
    return OfficialsComponent(nlp, name, scorer=scorer, unnamed=unnamed)


def _mapped(entities: list[Entity], view) -> list[Entity]:
    out = []
    for e in entities:
        start, end = view.span_from_input(e.start, e.end)
        out.append(replace(e, start=start, end=end, text=view.text[start:end]))
    return out


def _mapped_spans(spans, view):
    return [view.span_from_input(start, end) for start, end in spans or []]
