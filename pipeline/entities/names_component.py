"""The "names" pipeline component: the rules of `rules`, the CRF of `ner_model`, or both.

`names.mode` in the config picks the tagger (scores in models/ner/README.md):
"rules" (the rules' proposals alone), "model" (the plain CRF), "both" (the
shipped default: a CRF stacked on the rules' tags) or "merge" (rules, then the
plain CRF fills gaps). Whatever the mode, the boilerplate of administrative
documents is dropped, the spans are tidied (`tidy.tidy_up`, the package
`tidy/`), and the component never overlaps an earlier component's spans
(numbers). A line in capitals is read, by the taggers and the tidy-up alike, in
the case the document's body writes its words in (`truecase`).

The modules it joins import in one direction (tests/test_layout.py): the
syllable view (`syllables`) under the rules (`rules`) and the features
(`features`), both under the model (`ner_model`), all under this component;
`tidy` needs only the lexicons; training (`training`) sits on top and nothing
but the CLI imports it.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from spacy.language import Language

from ..admin.component import drop_boilerplate
from ..extensions import set_entities
from .lexicon import Lexicon
from .ner_model import load_model
from .rules import NameTagger, default_tagger, rule_entities
from .tidy import tidy_up
from ..text.accents import restored_reading
from . import truecase
from .types import Entity, merge_entities as merge

MODEL_FILE = "names.crfsuite"


def combine(rules: list[Entity], model: list[Entity]) -> list[Entity]:
    """The "merge" mode: rules first (lexicon-backed, with canonical forms); the model fills the gaps."""
    return merge(sorted(rules, key=lambda e: e.start), model)


class NamesComponent:
    """spaCy component: PERSON/TITLE/ORG/LOC into doc.ents (rules, model or both), canonical names in span._.canonical."""

    def __init__(self, nlp, name: str, mode: str = "both", model_path: str | None = None):
        if mode not in ("rules", "model", "both", "merge"):
            raise ValueError(f"names.mode must be rules, model, both or merge, not {mode!r}")
        self.mode = mode
        self.tagger = default_tagger()
        self.model = None
        self.missing: FileNotFoundError | None = None
        if mode != "rules":
            # "both": a CRF stacked on the rules' tags; "merge": rules, then the plain CRF fills gaps
            if model_path and not Path(model_path).exists():
                # a saved pipeline's config names the file it was built with; `spacy.load` gives the saved
                # copy afterwards (`from_disk`), so a file gone since is an error only if no copy comes
                self.missing = FileNotFoundError(f"NER model not found at {model_path}; train it with "
                                                 f"`vnmonitor train-ner`")
            else:
                self.model = load_model(model_path, stacked=mode == "both")

    # nlp.to_disk / spacy.load: the lexicons as their TSV files, the CRF in CRFsuite's format (no pickle)
    def to_disk(self, path, *, exclude=()):
        """Write the lexicons and the CRF under `path` (spaCy calls this from `nlp.to_disk`)."""
        import shutil

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.tagger.lex.to_disk(path / "lexicons")
        if self.mode != "rules":
            shutil.copyfile(self.model.path, path / MODEL_FILE)

    def from_disk(self, path, *, exclude=()):
        """Read back what `to_disk` wrote: the tagger and the CRF then use these files only."""
        path = Path(path)
        lexicon = Lexicon(path / "lexicons")
        self.tagger = NameTagger(lexicon)
        if self.mode != "rules":
            self.model = load_model(path / MODEL_FILE, stacked=self.mode == "both", lexicon=lexicon)
            self.missing = None
        return self

    def __call__(self, doc):
        if self.missing is not None:
            raise self.missing   # built on a model file that is gone, and given no saved copy
        existing = doc._.entities
        text = doc._.norm_text.source   # the input as given: every step's spans point into it
        blocked = [(e.start, e.end) for e in existing]
        views = truecase.views(doc, blocked)   # read once, by the taggers and for the tidy-up's text
        if self.mode == "rules":
            found = rule_entities(doc, self.tagger, blocked, views)
        elif self.mode == "merge":
            found = combine(rule_entities(doc, self.tagger, blocked, views),
                             self.model.predict_doc(doc, blocked, self.tagger, views))
        else:
            found = self.model.predict_doc(doc, blocked, self.tagger, views)
        # the tidy-up reads case around a name: a line in capitals is given to it as the names stage read it,
        # and a line typed without accents as the normalised view accented it again
        source, text = text, truecase.recased_text(doc, views) or text
        if doc._.norm_text.restored:
            text = restored_reading(text, doc._.norm_text) or text
        if text is not source:
            found = [replace(e, text=text[e.start:e.end]) for e in found]
        found = drop_boilerplate(doc, found)
        found = tidy_up(text, found, self.tagger.lex, blocked)
        if text is not source:
            found = [replace(e, text=source[e.start:e.end]) for e in found]
        # a name printed in capitals on a line the body's case could not be read for (a document all in
        # capitals) is named as such names are written ("Cục Hải quan TP.HCM")
        found = [replace(e, canonical=truecase.uncapped_name(e.canonical)) if e.canonical and e.canonical.isupper()
                 else e for e in found]
        set_entities(doc, merge(existing, found))
        return doc


@Language.factory("names", default_config={"mode": "both", "model_path": None},
                  assigns=["doc.ents", "token.ent_iob", "token.ent_type", "span._.canonical"])
def make_names(nlp, name: str, mode: str, model_path: str | None):
    """The "names" factory; `mode` "both" (the shipped default) stacks the CRF on the rules."""
    return NamesComponent(nlp, name, mode=mode, model_path=model_path)
