"""The "officials" component: the linker (`officials.py`) over the document's entities, its pairs
checked by the learned scorer (`officials_scorer.py`) when one is loaded, signers of an
administrative document added (`with_signers`)."""
from __future__ import annotations

from pathlib import Path

from spacy.language import Language

from ..admin.component import officials_of
from ..extensions import doc_text
from .lexicon import Lexicon
from .officials import OfficialsLinker, default_linker, with_signers
from .officials_scorer import PairScorer, default_model_file, rescore
from .types import Entity, Official


class OfficialsComponent:
    """The linker, and with `scorer` (shipped on) the learned check on its pairs
    (`officials_scorer.py`, `models/officials/pairs.json`)."""

    def __init__(self, nlp, name: str, scorer: bool = True):
        self.linker = default_linker()
        self.scorer = None
        if scorer:
            path = default_model_file()
            if not path.is_file():
                raise FileNotFoundError(f"officials scorer not found at {path}; train it with `vnmonitor "
                                        "train-officials`, or load the pipeline with components.officials.scorer "
                                        "set to false")
            self.scorer = PairScorer.load(path)

    def to_disk(self, path, *, exclude=()):
        """The lexicons the linker reads (titles, honorifics), as their TSV files, and the scorer's weights."""
        self.linker.lex.to_disk(Path(path) / "lexicons")
        if self.scorer is not None:
            self.scorer.save(Path(path) / "pairs.json")

    def from_disk(self, path, *, exclude=()):
        """Read back what `to_disk` wrote."""
        self.linker = OfficialsLinker(Lexicon(Path(path) / "lexicons"))
        scorer = Path(path) / "pairs.json"
        self.scorer = PairScorer.load(scorer) if scorer.is_file() else None
        return self

    def __call__(self, doc):
        ents = sorted(doc._.entities, key=lambda e: e.start)
        found = find_officials(doc_text(doc), ents, doc._.sentence_spans or [], self.linker, self.scorer)
        doc._.officials = with_signers([o.to_dict() for o in found], officials_of(doc))
        return doc


def find_officials(text: str, entities: list[Entity], sentences, linker: OfficialsLinker | None = None,
                   scorer=None) -> list[Official]:
    """The linker's records, checked by the scorer when one is given: what the component and the
    officials evaluation (`scripts/eval_officials.py`) both run."""
    linker = linker or default_linker()
    records = linker.link(text, entities, sentences)
    if scorer is None:
        return records
    return rescore(text, entities, sentences, records, linker, scorer)


@Language.factory("officials", default_config={"scorer": True}, assigns=["doc._.officials"], requires=["doc.ents"])
def make_officials(nlp, name: str, scorer: bool):
    """The "officials" factory: (person, title, agency) from the entities, into `doc._.officials`; `scorer`
    (shipped on) checks the linker's pairs with the learned scorer."""
    return OfficialsComponent(nlp, name, scorer=scorer)
