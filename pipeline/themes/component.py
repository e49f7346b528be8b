"""Pipeline component "themes": sentence themes, passages as their runs, and the document roll-up.

With a staged model (trained from sentence labels, `train-themes` default;
issue 13) the sentence is the unit of decision: every sentence of
`doc._.sentence_spans` is scored with its neighbours, title and document as
context (stage one), then stage two reads the scores around it, and each
sentence takes the themes at or above their cross-validated thresholds
(`doc._.sentence_themes`, `sentences[].themes` in the record). A passage
used to hand its themes to every sentence in it, so one themed sentence
lent its theme to its neighbours; now passages are only the runs of
consecutive sentences of one paragraph that took the same themes, kept as
the passage view. Page furniture (`furniture.py`) is scored as empty text
and takes no theme, and the header lines before a document's title (an
internal report's issuer, motto, number and date lines, a "THÔNG CÁO BÁO CHÍ"
heading: `lead.py`) are left out, so that the model reads the title where it
expects it; an administrative document's apparatus (issuer, number, date,
"Kính gửi", motto, signature) is scored as empty text wherever it stands. The document themes are the learned roll-up's alone
(`stages.rollup_features`: per theme the best, mean and top-two margins of
its sentences over the theme's sentence threshold, the share and count of
sentences at or above it, and the title's margin; per-theme document
thresholds chosen by cross-validation on the training labels), and a
document the roll-up files under at least one theme is also filed under
every theme one of its sentences took (``rollup_secondary``, shipped on: the
dev gold files 10 of 28 themes one sentence carries, our labels 4 of 188;
see the README, "Document themes: the filing convention"); a document theme
also needs one of the document's sentences to take it (``rollup_evidence``,
shipped on: a low document threshold such as digital transformation's .15
otherwise files an article with no sentence about the theme), and a theme at least half of the
document's sentences take is filed whatever the roll-up says (``rollup_majority``, shipped on: a
one-line dispatch lies outside the articles the roll-up learned from). The roll-up replaces
the fixed "two or more sentences" rule, which took themes mentioned twice
in passing and missed a theme one short passage carries: on the 1,086
labelled documents the roll-up alone cross-validates at document F1 .740,
with the rule added .713 (`models/themes/MODEL_CARD.md`). The rule stays
for comparison (``rollup_min_units = 2`` adds a theme that two sentences
take; the shipped config has 0). A document that reads as a report (`lead.reads_as_report`: a header,
or a line citing its legal basis, subject or addressee) reads some themes' sentence thresholds higher
(``report_threshold_shift``) and, when long, is filed only under a theme a share of its sentences take
(``report_min_share``). `cue_units` is not used (the
cues are features of the model). Everything below describes the
older passage model, still served for a format 1 model folder.

Reads `doc._.passages` (from a "passages" component, if the config adds
one; else split here into units of up to `passage_sentences` sentences) and
scores every unit of a document in one vectoriser call, each
read with its neighbours and the whole document. A unit takes the themes at
or above their threshold, best first. With `merge_max_sentences` > 1,
consecutive units of one paragraph that take exactly the same themes are then
joined into one passage of up to that many sentences (its scores are the
mean of its units'): by default single sentences (``passage_sentences = 1``),
which is what a sentence's themes are judged on, are scored and given back as
windows of a few sentences that read as one. (A staged model splits nothing:
the shipped pipeline has no "passages" component since session 34, as the
staged model's passages are the runs of its sentences.)
`doc._.themes` is the document roll-up. With ``explain = true`` each themed
passage also lists, per theme, the cues and words that weighed most.

With ``cue_units = true`` (the shipped config) a unit that names one of a
theme's cue phrases (`themes.yaml`) also takes that theme, marked
``"cue": true`` with the model's own score. The annotation guidelines file
a sentence under the themes it is about, and a sentence that names a
campaign's own phrase ("chống lãng phí", "thủ tục hành chính") is about it
far more often than our training labels say: on the dev gold, cue sentences
carry the theme 95% of the time, on our labels 36-94% by theme. The
document roll-up still reads the model's units only.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from spacy.language import Language

from ..admin.component import apparatus_spans
from ..extensions import doc_text, set_doc_themes, set_passages
from .cues import CueMatcher
from .furniture import is_furniture, names_only
from .lead import is_apparatus, is_citation_or_formula, lead_count, reads_as_report
from .passages import passage_texts, split_passages
from . import store
from .store import MODEL_FILE, ModelError, load_model

_NAME_LABELS = ("ORG", "PERSON", "LOC")   # a line of nothing but such names carries no theme (`names_only`)
_NAMES_LINE_CHARS = 160


_WORD_CHAR = re.compile(r"[^\W_]")


def _a_sentence_of_two_words(doc, spans) -> bool:
    """Whether some sentence span holds two words (underthesea's, with a letter or digit); read up to
    the first such sentence."""
    k, words = 0, 0
    for tok in doc:
        while k < len(spans) and tok.idx >= spans[k][1]:
            k, words = k + 1, 0
        if k == len(spans):
            return False
        if tok.idx >= spans[k][0] and _WORD_CHAR.search(tok.text):
            words += 1
            if words == 2:
                return True
    return False


# The roll-up learned from articles: the 2,298 labelled training documents have 14 sentences at the
# median, 22 at the 90th percentile and 70 at most. A report of hundreds of sentences lies outside them:
# its best sentence and its count of themed sentences grow with its length, and its document block (stage
# one reads each sentence with its whole document) mixes every topic of the report into every sentence.
# A longer document is read as sections of at most this many sentences, each an article under the
# document's title, and filed under what any section is. 20 against 40 was chosen on the project's 72
# written administrative documents (corpora/themes/admin-written.jsonl, which no model trained on):
# documents .703 -> .713, sentences .659 -> .694; news reads the same (docs/measurements.md, session 44).
SECTION_SENTENCES = 20

# An administrative document (`lead.reads_as_report`: a header the admin reader found, or a line citing
# its legal basis, subject or addressee) reads discipline's sentence threshold this much higher, in logits:
# the vocabulary of duty ("nghiêm túc", "trách nhiệm", "kiểm tra") runs through every report, and the model,
# which learned from news, filed flood-aid and exam decisions under discipline. Chosen on the project's 72
# written administrative documents (0.5 / 1.0 / 1.5: documents .750 -> .756 / .773 / .773, sentences .697
# -> .699 / .705 / .702); on the 46 reference documents, the test, documents .457 -> .485 and sentences
# .549 -> .560. 2 of 14,295 news articles read as reports, so news reads as before (docs/measurements.md,
# session 45).
REPORT_THRESHOLD_SHIFT = {"ky_luat_ky_cuong": 1.0}

# A long administrative document (one read in sections) names many campaigns in a sentence or two: a
# six-month report's line on inspections, a task list's line on digital transformation. The analyst files it
# under what it gives a passage to, so such a document takes a theme only where at least this share of its
# sentences (and two) take it. Chosen on 12 long reports the project wrote (150-250 sentences each, every
# theme also named in passing on purpose) and its 72 shorter written documents: 0.02-0.04 tried, 0.025 best
# (documents .675 -> .832); on the 46 reference documents, the test, .485 -> .526 (docs/measurements.md,
# session 45).
REPORT_MIN_SHARE = 0.025


def section_bounds(n: int, size: int) -> list[tuple[int, int]]:
    """(first, end) of the sections of a document of `n` sentences, equal in size and at most `size`
    each; the whole document when it is no longer (or `size` is 0)."""
    if not size or n <= size:
        return [(0, n)]
    k = -(-n // size)
    cuts = [round(i * n / k) for i in range(k + 1)]
    return list(zip(cuts[:-1], cuts[1:]))


def without_passing_mentions(filed: dict, units: list, min_share: float) -> dict:
    """The document themes of `filed` that at least `min_share` of the sentences (`units`: each
    sentence's (theme, score) list), and two of them, take; all of them when `min_share` is 0."""
    if not min_share:
        return filed
    taken: dict[str, int] = {}
    for unit in units:
        for t, _ in unit:
            taken[t] = taken.get(t, 0) + 1
    least = max(2.0, min_share * len(units))
    return {t: v for t, v in filed.items() if taken.get(t, 0) >= least}


def sections_units(units: list, sections: list) -> list:
    """(document probabilities, the section's sentence themes) per section: a later section reads
    the title's themes first, as its scores did; one section is the whole document, header lines
    included, as before sections were read."""
    if len(sections) == 1:
        return [(sections[0][0], units)]
    title = sections[0][1]
    return [(doc_probs, units[:end] if i == 0 else units[title:title + 1] + units[first:end])
            for i, (doc_probs, first, end) in enumerate(sections)]


class ThemeTagger:
    def __init__(self, model_dir: str = "", explain: bool = False, top_terms: int = 5,
                 merge_max_sentences: int = 3, rollup_min_units: int = 0, cue_units: bool = True,
                 rollup_secondary: bool = True, rollup_evidence: bool = True, rollup_majority: bool = True,
                 passage_sentences: int = 1, section_sentences: int = SECTION_SENTENCES,
                 report_threshold_shift: dict | None = None, report_min_share: float = REPORT_MIN_SHARE):
        if passage_sentences < 1:
            raise ValueError("passage_sentences must be at least 1")
        if section_sentences < 0:
            raise ValueError("section_sentences must be 0 (off) or a number of sentences")
        self.section_sentences = section_sentences
        self.report_threshold_shift = dict(REPORT_THRESHOLD_SHIFT if report_threshold_shift is None
                                           else report_threshold_shift)
        if not 0 <= report_min_share < 1:
            raise ValueError("report_min_share must be a share of a document's sentences, 0 (off) to below 1")
        self.report_min_share = report_min_share
        self.passage_sentences = passage_sentences
        self.cue_units = cue_units
        self.rollup_secondary = rollup_secondary
        self.rollup_evidence = rollup_evidence
        self.rollup_majority = rollup_majority
        self.missing: ModelError | None = None
        directory = Path(model_dir) if model_dir else store.DEFAULT_MODEL_DIR
        if model_dir and not directory.exists():
            # `spacy.load` of a pipeline saved with `nlp.to_disk` builds this component from the saved
            # config, which names the folder it was first built with, and only then gives it the saved
            # copy (`from_disk`): a folder gone since is an error only if no copy comes
            self.missing = ModelError(f"no theme model at {directory} (train one with `vnmonitor train-themes`)")
            self.model_dir, self.model, self.taxonomy, self.cues = directory, None, None, None
        else:
            self._load(directory)
        self.rollup_min_units = rollup_min_units
        self.explain = explain
        self.top_terms = top_terms
        self.merge_max_sentences = merge_max_sentences

    # nlp.to_disk / spacy.load: the model folder as `pipeline.themes.store` writes it (npz, YAML, JSON)
    def to_disk(self, path, *, exclude=()):
        """Copy the theme model folder (model.npz, themes.yaml, cards) under `path`."""
        import shutil

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name in (MODEL_FILE, "themes.yaml", "card.json", "MODEL_CARD.md"):
            if (self.model_dir / name).is_file():
                shutil.copyfile(self.model_dir / name, path / name)

    def from_disk(self, path, *, exclude=()):
        """Use the model folder `to_disk` wrote."""
        self._load(Path(path))
        return self

    def _load(self, model_dir: Path) -> None:
        self.model_dir = model_dir
        self.model, self.taxonomy = load_model(model_dir)
        self.missing = None
        self.cues = CueMatcher(self.taxonomy, self.model.cues) if self.cue_units else None
        self._theme_index = {t: k for k, t in enumerate(self.model.theme_ids)}
        self.report_model = self._report_model()

    def _report_model(self):
        """The model as an administrative document reads it: the same weights, some themes' sentence
        thresholds shifted up (`report_threshold_shift`, in logits; a theme the taxonomy lacks is skipped)."""
        shifts = {t: float(d) for t, d in self.report_threshold_shift.items() if t in self._theme_index and d}
        if not shifts or not self.model.staged:
            return self.model
        import copy

        report = copy.copy(self.model)
        logits = np.log(self.model.thresholds) - np.log1p(-np.clip(self.model.thresholds, None, 1 - 1e-12))
        for t, d in shifts.items():
            logits[self._theme_index[t]] += d
        report.thresholds = 1.0 / (1.0 + np.exp(-logits))
        return report

    def _passages(self, doc):
        passages = doc._.passages
        if passages is None:
            passages = [{"start": s, "end": e, "themes": []}
                        for s, e in split_passages(doc._.paragraphs or [], doc._.sentence_spans or [],
                                                   self.passage_sentences)]
            set_passages(doc, passages)
        return passages

    def _texts(self, doc, passages):
        return passage_texts(doc._.norm_text, [(p["start"], p["end"]) for p in passages])

    def _with_cues(self, units, texts, probs):
        """Each unit's themes plus those whose cues it names; the set of (unit, theme) added by a cue."""
        index = self._theme_index
        out, by_cue = [], set()
        for i, (themes, text) in enumerate(zip(units, texts)):
            have = {t for t, _ in themes}
            added = [(t, float(probs[i, index[t]])) for t in self.cues.counts(text) if t in index and t not in have]
            by_cue.update((i, t) for t, _ in added)
            out.append(sorted(themes + added, key=lambda h: -h[1]) if added else themes)
        return out, by_cue

    def _apply(self, doc, passages, texts, probs, doc_scores):
        model_units = units = self.model.passage_themes(probs)
        by_cue: set = set()
        if self.cues is not None:
            units, by_cue = self._with_cues(units, texts, probs)
        groups = self._merge(doc, passages, units, by_cue)
        merged = []
        for group in groups:
            first, last = passages[group[0]], passages[group[-1]]
            ids = [t for t, _ in units[group[0]]]
            scores = {t: sum(dict(units[i])[t] for i in group) / len(group) for t in ids}
            p = {"start": first["start"], "end": last["end"],
                 "themes": [{"id": t, "score": scores[t], **({"cue": True} if (group[0], t) in by_cue else {})}
                            for t in sorted(ids, key=lambda t: -scores[t])]}
            if self.explain and ids:
                text = " ".join(texts[i] for i in group)
                p["explain"] = [{"theme": t["id"], "terms": as_written(self.model.explain(text, t["id"], self.top_terms),
                                                                     doc_text(doc)[p["start"]:p["end"]])}
                                for t in p["themes"]]
            merged.append(p)
        set_passages(doc, merged)
        set_doc_themes(doc, [{"id": t, "score": s}
                             for t, s in self.model.doc_themes(doc_scores, model_units, self.rollup_min_units)])
        return doc

    def _merge(self, doc, passages, units, by_cue=frozenset(), max_len: int | None = -1) -> list[list[int]]:
        """Runs of consecutive units in one paragraph with the same themes (each from the
        model in all of them, or from a cue in all), at most merge_max_sentences long."""
        paragraphs = doc._.paragraphs or []
        groups: list[list[int]] = []
        para_of, j = [], 0
        for p in passages:
            while j < len(paragraphs) and paragraphs[j][1] <= p["start"]:
                j += 1
            para_of.append(j)
        keys = [{(t, (i, t) in by_cue) for t, _ in themes} for i, themes in enumerate(units)]
        limit = self.merge_max_sentences if max_len == -1 else (max_len or len(units) + 1)
        for i in range(len(units)):
            if (groups and len(groups[-1]) < limit and para_of[groups[-1][-1]] == para_of[i]
                    and keys[groups[-1][-1]] == keys[i]):
                groups[-1].append(i)
            else:
                groups.append([i])
        return groups

    # -- sentences as the unit of decision (a staged model) -------------------------------------------
    def _sentence_spans(self, doc):
        spans = doc._.sentence_spans
        if spans is None:
            text = doc_text(doc)
            spans = [tuple(p) for p in (doc._.paragraphs or [])] or ([(0, len(text))] if text.strip() else [])
        return [tuple(s) for s in spans]

    def _sentence_texts(self, doc, spans):
        """The model's view of each sentence; page furniture becomes empty text (no features, no theme)."""
        text = doc_text(doc)   # doc.text is rebuilt from the tokens on every access
        views = passage_texts(doc._.norm_text, spans)
        apparatus = apparatus_spans(doc._.admin)
        names = None

        def only_names(s: int, e: int) -> bool:   # a short line (a sign-off, a credit) of names alone
            nonlocal names
            if e - s > _NAMES_LINE_CHARS:
                return False
            if names is None:   # read once, from the spans (`doc._.entities` builds objects)
                names = sorted((x.start_char, x.end_char) for x in doc.ents if x.label_ in _NAME_LABELS)
            return names_only(text, s, e, names)

        if not _a_sentence_of_two_words(doc, spans):
            return [""] * len(spans)   # a text of one word ("Tham nhũng.", a lone cue) is about nothing
        refs = sorted((x.start_char, x.end_char) for x in doc.ents if x.label_ == "LEGAL_REF")
        return ["" if is_furniture(text[s:e]) or is_apparatus(text, s, e, apparatus) or only_names(s, e)
                or is_citation_or_formula(text, s, e, refs) else v for (s, e), v in zip(spans, views)]

    def _apply_sentences(self, doc, spans, texts, probs, sections, model=None, report: bool = False):
        """Each sentence's themes (threshold per theme), passages as runs of consecutive sentences of
        one paragraph with the same themes, and the document themes from the learned roll-up of each
        section (`sections`: (document probabilities, first, last sentence) per section; one for a
        document of article size)."""
        model = model or self.model
        units = model.passage_themes(probs) if len(spans) else []
        units = [[] if not t else u for u, t in zip(units, texts)]
        doc._.sentence_themes = [[{"id": t, "score": float(s)} for t, s in u] for u in units]
        groups = self._merge(doc, [{"start": s, "end": e} for s, e in spans], units, max_len=None)
        passages = []
        for group in groups:
            ids = [t for t, _ in units[group[0]]]
            score = {t: sum(dict(units[i])[t] for i in group) / len(group) for t in ids}
            p = {"start": spans[group[0]][0], "end": spans[group[-1]][1],
                 "themes": [{"id": t, "score": score[t]} for t in sorted(ids, key=lambda t: -score[t])]}
            if self.explain and ids:
                joined = " ".join(texts[i] for i in group)
                p["explain"] = [{"theme": t["id"], "terms": as_written(model.explain(joined, t["id"], self.top_terms),
                                                                     doc_text(doc)[p["start"]:p["end"]])}
                                for t in p["themes"]]
            passages.append(p)
        set_passages(doc, passages)
        filed: dict[str, float] = {}
        only_furniture = not any(texts)   # only furniture (or nothing): no theme
        for doc_probs, section_units in sections_units(units, sections):
            if only_furniture:
                doc_probs = doc_probs * 0.0
            for t, score in model.doc_themes(doc_probs, section_units, self.rollup_min_units,
                                             secondary=self.rollup_secondary, evidence=self.rollup_evidence,
                                             majority=self.rollup_majority):
                filed[t] = max(score, filed.get(t, 0.0))
        if report and len(sections) > 1:
            filed = without_passing_mentions(filed, units, self.report_min_share)
        set_doc_themes(doc, [{"id": t, "score": s} for t, s in sorted(filed.items(), key=lambda h: -h[1])])
        return doc

    def _run_sentences(self, docs):
        spans = [self._sentence_spans(d) for d in docs]
        texts = [self._sentence_texts(d, s) for d, s in zip(docs, spans)]
        # the model reads a document from its title on: header lines before it are left out
        leads = [lead_count(doc_text(d), s, t, d._.admin) for d, s, t in zip(docs, spans, texts)]
        bodies = [t[k:] for t, k in zip(texts, leads)]
        cuts = [section_bounds(len(b), self.section_sentences) for b in bodies]
        reports = [reads_as_report(doc_text(d), d._.admin) for d in docs]
        models = [self.report_model if r else self.model for r in reports]
        # a long document is read as the articles its sections are, each under the document's title
        scored = {}
        for model in {id(m): m for m in models}.values():
            mine = [i for i, m in enumerate(models) if m is model]
            units = [(i, b[a:z] if a == 0 else b[:1] + b[a:z]) for i in mine for b in (bodies[i],) for a, z in cuts[i]]
            for (i, _), out in zip(units, model.predict_many([u for _, u in units])):
                scored.setdefault(i, []).append(out)
        for i, (doc, sp_, ts, k, bounds) in enumerate(zip(docs, spans, texts, leads, cuts)):
            rows, sections = [], []
            section_scores = iter(scored.get(i, []))
            for a, z in bounds:
                probs, doc_probs = next(section_scores)
                rows.append(probs if a == 0 else probs[1:])
                sections.append((doc_probs, a + k, z + k))
            probs = np.vstack(rows) if rows else np.zeros((0, len(self.model.theme_ids)))
            if k:
                probs = np.vstack([np.zeros((k, probs.shape[1])), probs])
                ts = [""] * k + ts[k:]
            yield self._apply_sentences(doc, sp_, ts, probs, sections, models[i], reports[i])

    def __call__(self, doc):
        if self.missing is not None:
            raise self.missing   # built on a model folder that is gone, and given no saved copy
        if self.model.staged:
            return next(self._run_sentences([doc]))
        passages = self._passages(doc)
        texts = self._texts(doc, passages)
        probs, doc_scores = self.model.score(texts)
        return self._apply(doc, passages, texts, probs, doc_scores)

    def pipe(self, docs, batch_size: int = 32):
        if self.missing is not None:
            raise self.missing
        batch = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, docs):
        if self.model.staged:
            yield from self._run_sentences(docs)
            return
        passages = [self._passages(d) for d in docs]
        texts = [self._texts(d, p) for d, p in zip(docs, passages)]
        for doc, ps, ts, (probs, doc_scores) in zip(docs, passages, texts, self.model.score_many(texts)):
            yield self._apply(doc, ps, ts, probs, doc_scores)


def as_written(terms: list[str], passage: str) -> list[str]:
    """The explaining terms as the passage writes them: the model reads a normalised view (lower case,
    accents restored on text typed without them), so "dự toán" is shown as "du toan" where the passage
    writes that, and "hải quan" as "Hải quan". A term the passage does not hold letter for letter, accents
    and case aside (text in decomposed Unicode), is shown as the model reads it."""
    from ..text.accents import strip_accents

    folded = strip_accents(passage).lower()
    if len(folded) != len(passage):
        return terms
    out = []
    for term in terms:
        words = strip_accents(term).lower().split()
        m = re.search(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)", folded) if words else None
        out.append(passage[m.start():m.end()] if m else term)
    return out


@Language.factory("themes", default_config={"model_dir": "", "explain": False, "top_terms": 5,
                                            "merge_max_sentences": 3, "rollup_min_units": 0, "cue_units": True,
                                            "rollup_secondary": True, "rollup_evidence": True,
                                            "rollup_majority": True, "passage_sentences": 1,
                                            "section_sentences": SECTION_SENTENCES,
                                            "report_threshold_shift": REPORT_THRESHOLD_SHIFT,
                                            "report_min_share": REPORT_MIN_SHARE},
                  assigns=["doc.cats", "doc.spans", "span._.themes", "span._.explain"])
def make_themes(nlp: Language, name: str, model_dir: str, explain: bool, top_terms: int,
                merge_max_sentences: int, rollup_min_units: int, cue_units: bool,
                rollup_secondary: bool, rollup_evidence: bool, rollup_majority: bool,
                passage_sentences: int, section_sentences: int, report_threshold_shift: dict,
                report_min_share: float) -> ThemeTagger:
    """The "themes" factory; its defaults are the shipped settings (sentence units merged
    into passages of up to three, cue units on, document themes from the learned roll-up alone)."""
    return ThemeTagger(model_dir=model_dir, explain=explain, top_terms=top_terms,
                       merge_max_sentences=merge_max_sentences, rollup_min_units=rollup_min_units,
                       cue_units=cue_units, rollup_secondary=rollup_secondary, rollup_evidence=rollup_evidence,
                       rollup_majority=rollup_majority, passage_sentences=passage_sentences,
                       section_sentences=section_sentences, report_threshold_shift=report_threshold_shift,
                       report_min_share=report_min_share)
