"""Training data for the theme model, resolved from standoff annotations.

Label files hold no text, only references (JSON lines)::

    labels-*.jsonl  {"corpus", "doc", "start", "end", "themes": [...], "sha1"}   one passage
    docs-*.jsonl    {"corpus", "doc", "themes": [...]}                          one document
    weak-*.jsonl    same shape as labels-*.jsonl, made from cues (scripts/build_theme_data.py)

The one exception is `written-*.jsonl`: articles the project wrote itself
(``{"id", "origin", "text", "sentences": [{"start", "end", "themes"}], "themes"}``),
so their text travels with their labels. They only add stage-one training
examples; no cross-validated score is ever computed on them.

At training time each reference is resolved against the corpus file it names
(``<corpora dir>/<corpus>.jsonl.gz`` or ``.jsonl``, lines with "id" and
"text") and checked with the sha1 of its span, so a label never silently
points at other text. Theme ids go through the taxonomy: aliases map to the
current id, ids the taxonomy no longer has are dropped.
"""
from __future__ import annotations

import gzip
import hashlib
import json
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ...io import jsonl
from ...resources import repo_root, shared_dir
from ...text import NormText, norm_form, normalize
from ..passages import passage_texts  # noqa: F401  (the training text of a passage is the model's view)
from ..taxonomy import Taxonomy

ROOT = repo_root()
LABEL_DIR = ROOT / "corpora" / "themes"
SHARED_CORPORA = shared_dir() / "corpora"


class DataError(ValueError):
    """Label files that do not resolve against their corpora."""


@dataclass
class LabelledDoc:
    """One document's passages (normalised text) with their theme sets."""

    id: str
    corpus: str
    passages: list[str]
    themes: list[set[str]]
    doc_themes: set[str] | None = None  # None: no document-level label
    weak: bool = False
    spans: list[tuple[int, int]] = field(default_factory=list)
    # per sentence, themes it was never read for and may carry (no negative example of them)
    unknown: list[set[str]] | None = None


def sha10(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def read_jsonl(path: Path) -> list[dict]:
    try:
        return jsonl.read_jsonl(path)
    except jsonl.JSONLError as exc:
        raise DataError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None


def corpus_path(corpora_dir: Path, corpus: str) -> Path:
    for suffix in (".jsonl.gz", ".jsonl"):
        p = Path(corpora_dir) / f"{corpus}{suffix}"
        if p.exists():
            return p
    raise DataError(f"corpus {corpus!r} not found in {corpora_dir} (expected {corpus}.jsonl.gz or .jsonl)")


def iter_corpus(path: Path):
    """The documents of a corpus archive (.jsonl or .jsonl.gz)."""
    for _, doc in jsonl.iter_jsonl(path):
        yield doc


def load_texts(corpora_dir: Path, wanted: dict[str, set[str]]) -> dict[tuple[str, str], str]:
    """Texts of the wanted (corpus -> doc ids), keyed by (corpus, id)."""
    out = {}
    for corpus, ids in wanted.items():
        for d in iter_corpus(corpus_path(corpora_dir, corpus)):
            if d.get("id") in ids:
                out[(corpus, d["id"])] = d["text"]
        missing = ids - {i for c, i in out if c == corpus}
        if missing:
            raise DataError(f"{len(missing)} labelled document(s) not in corpus {corpus!r}, "
                            f"e.g. {sorted(missing)[0]}")
    return out


def _map_themes(themes, taxonomy: Taxonomy, dropped: set) -> set[str]:
    out = set()
    for t in themes:
        cur = taxonomy.resolve(t)
        if cur is None:
            dropped.add(t)
        else:
            out.add(cur)
    return out


def _checked_span(where: str, text: str, r: dict) -> tuple[int, int]:
    """A label record's (start, end), once they lie inside its document and the text there hashes to
    the labelled one's."""
    s, e = r["start"], r["end"]
    if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
        raise DataError(f"{where}: offsets {s}-{e} outside document {r['doc']}")
    if sha10(text[s:e]) != r["sha1"]:
        raise DataError(f"{where}: sha1 of {r['doc']} {s}-{e} does not match: "
                        "the corpus text differs from the one labelled")
    return s, e


def resolve_labels(label_files, doc_files, taxonomy: Taxonomy, corpora_dir: Path, weak: bool = False,
                   exclude_ids: set[str] = frozenset(), unit: str = "passage") -> tuple[list[LabelledDoc], dict]:
    """LabelledDocs from standoff files, sha1-checked; plus a report of what was dropped.

    With ``unit="sentence"`` each labelled passage is cut into its sentences
    (`pipeline.text.segment`), each taking the passage's themes: training units
    the size of what the pipeline scores when passages are single sentences.
    """
    rows = []
    for path in label_files:
        for n, r in enumerate(read_jsonl(Path(path)), 1):
            missing = {"corpus", "doc", "start", "end", "themes", "sha1"} - set(r)
            if missing:
                raise DataError(f"{path}:{n}: missing key(s) {sorted(missing)}")
            rows.append((f"{path}:{n}", r))
    doc_themes = {}
    for path in doc_files:
        for r in read_jsonl(Path(path)):
            doc_themes[(r["corpus"], r["doc"])] = r["themes"]
    rows = [(w, r) for w, r in rows if r["doc"] not in exclude_ids]
    wanted: dict[str, set[str]] = defaultdict(set)
    for _, r in rows:
        wanted[r["corpus"]].add(r["doc"])
    texts = load_texts(corpora_dir, wanted)
    by_doc: dict[tuple[str, str], list] = defaultdict(list)
    for where, r in rows:
        text = texts[(r["corpus"], r["doc"])]
        s, e = _checked_span(where, text, r)
        by_doc[(r["corpus"], r["doc"])].append((s, e, r["themes"]))
    dropped: set[str] = set()
    docs = []
    for (corpus, doc_id), items in by_doc.items():
        items.sort()
        text = texts[(corpus, doc_id)]
        if unit == "sentence":
            items = _sentence_units(text, items)
        norm = normalize(text)
        spans = [(s, e) for s, e, _ in items]
        dt = doc_themes.get((corpus, doc_id))
        docs.append(LabelledDoc(
            id=doc_id, corpus=corpus, passages=passage_texts(norm, spans),
            themes=[_map_themes(t, taxonomy, dropped) for _, _, t in items],
            doc_themes=None if dt is None else _map_themes(dt, taxonomy, dropped),
            weak=weak, spans=spans,
        ))
    return docs, {"dropped_themes": sorted(dropped), "passages": len(rows), "documents": len(docs)}


def _sentence_units(text: str, items):
    from ...text import segment

    sentences = segment.sentences(text)
    out = []
    for s, e, themes in items:
        inside = [(a, b) for a, b in sentences if s <= a and b <= e] or [(s, e)]
        out.extend((a, b, themes) for a, b in inside)
    return out


def example_docs(taxonomy: Taxonomy, by_sentence: bool = False) -> list[LabelledDoc]:
    """Each `examples:` passage of the taxonomy as a document of its theme: one passage, or with
    `by_sentence` its sentences (the unit the sentence model learns from), each taking the theme: an
    example is written to be about its theme, so every sentence of it is."""
    from ...text.segment import sentences

    docs = []
    for theme in taxonomy:
        for n, text in enumerate(theme.examples):
            spans = (sentences(text) if by_sentence else []) or [(0, len(text))]
            docs.append(LabelledDoc(id=f"example:{theme.id}:{n}", corpus="taxonomy",
                                    passages=passage_texts(normalize(text), spans),
                                    themes=[{theme.id} for _ in spans], doc_themes={theme.id}, spans=spans))
    return docs


def default_files(pattern: str) -> list[Path]:
    return sorted(LABEL_DIR.glob(pattern))


def evaluation_ids() -> set[str]:
    """Documents of the evaluation samples, which no training step reads, not even unlabelled: the
    frozen samples (corpora/frozen), the held-out NER batches and theme draws, and the dev gold."""
    paths = [*sorted((ROOT / "corpora" / "frozen").glob("*.jsonl")),
             *sorted((ROOT / "corpora" / "ner").glob("heldout-*.jsonl")),
             *sorted(LABEL_DIR.glob("heldout-*.jsonl")), shared_dir() / "gold" / "dev.jsonl"]
    ids = set()
    for path in paths:
        if path.is_file():
            ids |= {r.get("doc") or r.get("id") for r in read_jsonl(path)}
    return ids - {None}


def archive_texts(corpora_dir: Path, corpora: list[str], exclude: set[str] = frozenset()) -> list[str]:
    """Every document of the named corpora in `corpora_dir` but the `exclude`d ones, in the model's
    view (lower-cased normalised text); [] when a corpus is missing."""
    out = []
    for corpus in corpora:
        try:
            path = corpus_path(corpora_dir, corpus)
        except DataError:
            return []
        for d in iter_corpus(path):
            text = d.get("text")
            if isinstance(text, str) and text.strip() and d.get("id") not in exclude:
                out.append(norm_form(text))
    return out


def held_out(doc_id: str, fraction: float = 0.2) -> bool:
    """A stable split by document: the same documents stay held out as labels grow."""
    return int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF < fraction


def read_doc_decisions(path: Path) -> dict[tuple[str, str], bool]:
    """(document id, theme id) -> filed? from a filing-decision file: one line per pair, tab-separated
    `document<TAB>theme<TAB>FILE|NOT<TAB>reason`."""
    decisions = {}
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3 or parts[2] not in ("FILE", "NOT"):
                raise DataError(f"{path}:{n}: expected document<TAB>theme<TAB>FILE|NOT<TAB>reason")
            decisions[(parts[0], parts[1])] = parts[2] == "FILE"
    return decisions


def apply_doc_decisions(docs: list[LabelledDoc], decisions: dict[tuple[str, str], bool]) -> int:
    """File each document under the themes a decision files it under (a theme one of its sentences
    carries); returns how many (document, theme) pairs were added. NOT decisions leave the label as is."""
    added = 0
    for d in docs:
        if d.doc_themes is None:
            continue
        carried = set().union(*d.themes) if d.themes else set()
        for t in sorted(carried - d.doc_themes):
            if decisions.get((d.id, t)):
                d.doc_themes.add(t)
                added += 1
    return added


def resolve_written_files(files, taxonomy: Taxonomy) -> tuple[list[LabelledDoc], dict]:
    """LabelledDocs from the project's own written articles (`written-*.jsonl`, text inline)."""
    dropped: set[str] = set()
    docs = []
    for path in files:
        for n, r in enumerate(read_jsonl(Path(path)), 1):
            where = f"{path}:{n}"
            missing = {"id", "text", "sentences", "themes"} - set(r)
            if missing:
                raise DataError(f"{where}: missing key(s) {sorted(missing)}")
            text = r["text"]
            spans = [(x["start"], x["end"]) for x in r["sentences"]]
            if not spans or any(not (0 <= a < b <= len(text)) for a, b in spans):
                raise DataError(f"{where}: no sentences, or a sentence outside the text")
            docs.append(_sentence_doc(f"written:{r['id']}", "written", text, r, taxonomy, dropped))
    return docs, _report(docs, dropped)


def resolve_sentence_files(files, taxonomy: Taxonomy, corpora_dir: Path) -> tuple[list[LabelledDoc], dict]:
    """LabelledDocs from sentence-level standoff files (`sentences-*.jsonl`), sha1-checked.

    Each record is one labelled span of a document (usually all of it) with its
    sentences (`start`, `end`, `themes`, offsets into the document) and the
    document's themes. These labels follow ANNOTATION.md sentence by sentence,
    so they are the training units as they are: no passage is cut or spread.
    A sentence that is page furniture (`furniture.is_furniture`) is kept with
    an empty text, the model's view of a line that carries no theme.
    """
    rows = []
    for path in files:
        for n, r in enumerate(read_jsonl(Path(path)), 1):
            missing = {"corpus", "doc", "start", "end", "sha1", "sentences", "themes"} - set(r)
            if missing:
                raise DataError(f"{path}:{n}: missing key(s) {sorted(missing)}")
            rows.append((f"{path}:{n}", r))
    wanted: dict[str, set[str]] = defaultdict(set)
    for _, r in rows:
        wanted[r["corpus"]].add(r["doc"])
    texts = load_texts(corpora_dir, wanted)
    dropped: set[str] = set()
    docs = []
    for where, r in rows:
        text = texts[(r["corpus"], r["doc"])]
        s, e = _checked_span(where, text, r)
        spans = [(x["start"], x["end"]) for x in r["sentences"]]
        if any(not (s <= a < b <= e) for a, b in spans):
            raise DataError(f"{where}: a sentence lies outside its record's span")
        docs.append(_sentence_doc(r["doc"], r["corpus"], text, r, taxonomy, dropped))
    return docs, _report(docs, dropped)


def _sentence_doc(doc_id: str, corpus: str, text: str, record: dict, taxonomy: Taxonomy,
                  dropped: set) -> LabelledDoc:
    """One sentence-labelled record as a LabelledDoc: each sentence's model view, a furniture line kept
    with an empty text (the model's view of a line that carries no theme)."""
    from ..furniture import is_furniture

    spans = [(x["start"], x["end"]) for x in record["sentences"]]
    views = passage_texts(normalize(text), spans)
    views = ["" if is_furniture(text[a:b]) else v for (a, b), v in zip(spans, views)]
    return LabelledDoc(id=doc_id, corpus=corpus, passages=views,
                       themes=[_map_themes(x["themes"], taxonomy, dropped) for x in record["sentences"]],
                       doc_themes=_map_themes(record["themes"], taxonomy, dropped), spans=spans)


def _report(docs: list[LabelledDoc], dropped: set) -> dict:
    return {"dropped_themes": sorted(dropped), "passages": sum(len(d.passages) for d in docs),
            "documents": len(docs)}
