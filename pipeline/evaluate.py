"""Scoring output records against a gold file annotated per ANNOTATION.md.

The metric functions are plain functions over lists of records (gold and
predicted, in the same order); `evaluate_file` runs the pipeline on a gold file
and applies them all.

- entities: per label, strict (same label, start and end) and lenient (same
  label, overlapping; each gold span matches at most one predicted span)
  precision, recall and F1, plus micro totals over all labels;
- values: accuracy over strict matches (DATE exact string, MONEY amount within
  0.5 % with the same currency, and the same for `amount_max` when the gold has
  one, PERCENT within 1e-6);
- officials: (person, title) pairs once per document, compared after NFC,
  lower-casing and whitespace collapsing; org accuracy over matched pairs;
- themes: document-level micro-F1 over theme ids, and sentence-level micro-F1
  where a gold sentence takes the themes of the predicted passage that holds
  its midpoint.
"""
from __future__ import annotations

import re
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

from .entities.types import LABELS
from .io.jsonl import JSONLError, iter_jsonl, parse_lines, read_jsonl
from .metrics import prf
from .resources import missing_file, repo_root, shared_dir  # noqa: F401  (shared_dir: used by the CLI and scripts)

VALUE_LABELS = ("DATE", "MONEY", "PERCENT")
GOLD_LABELS = (*LABELS, "LEGAL_REF")   # ANNOTATION.md's labels: LEGAL_REF is annotated, not scored here
MONEY_TOLERANCE = 0.005
PERCENT_TOLERANCE = 1e-6


# what a gold record may annotate; a file that leaves one out of every record leaves it unscored
LAYERS = ("entities", "officials", "themes", "sentences")


class GoldError(ValueError):
    """A gold file that cannot be read; the message is shown to users as is."""


# -- entities ----------------------------------------------------------------


def _spans(record: dict, label: str) -> list[tuple[int, int]]:
    return sorted((e["start"], e["end"]) for e in record.get("entities") or [] if e["label"] == label)


def _lenient_matches(gold: list[tuple[int, int]], pred: list[tuple[int, int]]) -> int:
    """One-to-one matches between overlapping spans, greedily in text order."""
    used = [False] * len(gold)
    tp = 0
    for ps, pe in pred:
        for i, (gs, ge) in enumerate(gold):
            if not used[i] and gs < pe and ps < ge:
                used[i] = True
                tp += 1
                break
    return tp


def entity_scores(golds: list[dict], preds: list[dict], labels=LABELS) -> dict:
    """{"strict": {label: prf, ..., "micro": prf}, "lenient": {...}}."""
    counts = {mode: {label: [0, 0, 0] for label in labels} for mode in ("strict", "lenient")}
    for gold, pred in zip(golds, preds, strict=True):
        for label in labels:
            g, p = _spans(gold, label), _spans(pred, label)
            strict_tp = len(set(g) & set(p))
            lenient_tp = _lenient_matches(g, p)
            for mode, tp in (("strict", strict_tp), ("lenient", lenient_tp)):
                c = counts[mode][label]
                c[0] += tp
                c[1] += len(p) - tp
                c[2] += len(g) - tp
    out = {}
    for mode, by_label in counts.items():
        out[mode] = {label: prf(*c) for label, c in by_label.items()}
        out[mode]["micro"] = prf(*(sum(c[i] for c in by_label.values()) for i in range(3)))
    return out


def entity_errors(golds: list[dict], preds: list[dict], labels=LABELS) -> list[dict]:
    """Strict misses: {"id", "kind" ("fp"|"fn"), "label", "start", "end", "text"} in text order."""
    out = []
    for gold, pred in zip(golds, preds, strict=True):
        text = gold.get("text", "")
        g = {(e["label"], e["start"], e["end"]) for e in gold.get("entities") or [] if e["label"] in labels}
        p = {(e["label"], e["start"], e["end"]) for e in pred.get("entities") or [] if e["label"] in labels}
        for kind, keys in (("fp", p - g), ("fn", g - p)):
            for label, start, end in keys:
                out.append({"id": _record_name(gold), "kind": kind, "label": label, "start": start, "end": end,
                            "text": text[start:end]})
    return sorted(out, key=lambda e: (str(e["id"]), e["start"], e["kind"]))


def _record_name(gold: dict):
    """A gold record's id, or its line in the gold file when it has none (ids are optional)."""
    if gold.get("id") is not None:
        return gold["id"]
    return f"line {gold['_line']}" if gold.get("_line") else None


def values_equal(label: str, gold, pred) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    if label == "MONEY":
        if not isinstance(pred, dict) or gold.get("currency") != pred.get("currency"):
            return False
        keys = ["amount"] + (["amount_max"] if gold.get("amount_max") is not None else [])
        return all(_close(gold.get(k), pred.get(k)) for k in keys)
    if label == "PERCENT":
        try:
            return abs(float(gold) - float(pred)) <= PERCENT_TOLERANCE
        except (TypeError, ValueError):
            return False
    return gold == pred


def _close(gold, pred) -> bool:
    try:
        gold, pred = float(gold), float(pred)
    except (TypeError, ValueError):
        return False
    if gold == 0:
        return pred == 0
    return abs(pred - gold) <= MONEY_TOLERANCE * abs(gold)


def value_accuracy(golds: list[dict], preds: list[dict], labels=VALUE_LABELS) -> dict:
    """{label: {"matched", "correct", "accuracy"}} over strict span matches, plus "all"."""
    counts = {label: [0, 0] for label in labels}
    for gold, pred in zip(golds, preds, strict=True):
        predicted = {(e["label"], e["start"], e["end"]): e.get("value") for e in pred.get("entities") or []}
        for e in gold.get("entities") or []:
            key = (e["label"], e["start"], e["end"])
            if e["label"] in counts and key in predicted:
                counts[e["label"]][0] += 1
                counts[e["label"]][1] += values_equal(e["label"], e.get("value"), predicted[key])
    out = {label: _accuracy(*c) for label, c in counts.items()}
    out["all"] = _accuracy(sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values()))
    return out


def _accuracy(matched: int, correct: int) -> dict:
    """Accuracy over matches; None when nothing matched (nothing to score, not 0)."""
    return {"matched": matched, "correct": correct, "accuracy": correct / matched if matched else None}


# -- officials ---------------------------------------------------------------


def norm_name(value) -> str:
    """NFC, lower-cased, whitespace collapsed; None becomes ""."""
    if value is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(value)).lower().split())


def _offices(record: dict) -> dict[tuple[str, str], set[str]]:
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for o in record.get("officials") or []:
        out[(norm_name(o.get("person")), norm_name(o.get("title")))].add(norm_name(o.get("org")))
    return out


def official_scores(golds: list[dict], preds: list[dict]) -> dict:
    """P/R/F1 over distinct (person, title) pairs per document; org accuracy over matches."""
    tp = fp = fn = org_correct = 0
    for gold, pred in zip(golds, preds, strict=True):
        g, p = _offices(gold), _offices(pred)
        matched = g.keys() & p.keys()
        tp += len(matched)
        fp += len(p.keys() - matched)
        fn += len(g.keys() - matched)
        # two spellings of one org are one office: any agreement counts
        org_correct += sum(1 for key in matched if g[key] & p[key])
    out = prf(tp, fp, fn)
    out["org"] = _accuracy(tp, org_correct)
    return out


# -- themes ------------------------------------------------------------------


def _theme_ids(themes) -> set[str]:
    return {t["id"] if isinstance(t, dict) else t for t in themes or []}


def theme_scores(golds: list[dict], preds: list[dict]) -> dict:
    """{"document": prf, "sentence": prf, "per_theme": {theme: {"document": prf, "sentence": prf}}},
    micro over (unit, theme) pairs."""
    doc = [0, 0, 0]
    sent = [0, 0, 0]
    per: dict[str, dict[str, list[int]]] = defaultdict(lambda: {"document": [0, 0, 0], "sentence": [0, 0, 0]})

    def add(unit, counts, gold, pred):
        _add(counts, gold, pred)
        for theme in gold | pred:
            _add(per[theme][unit], gold & {theme}, pred & {theme})

    for gold, pred in zip(golds, preds, strict=True):
        add("document", doc, _theme_ids(gold.get("themes")), _theme_ids(pred.get("themes")))
        passages = pred.get("passages") or []
        for s in gold.get("sentences") or []:
            mid = (s["start"] + s["end"]) // 2
            holder = next((p for p in passages if p["start"] <= mid < p["end"]), None)
            add("sentence", sent, _theme_ids(s.get("themes")), _theme_ids(holder["themes"]) if holder else set())
    return {"document": prf(*doc), "sentence": prf(*sent),
            "per_theme": {t: {u: prf(*c) for u, c in units.items()} for t, units in sorted(per.items())}}


def section_scores(golds: list[dict], preds: list[dict], layers=LAYERS) -> dict:
    """Entity and theme micro scores per news section (gold records that carry a `section`); a layer the
    gold does not annotate is None."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(golds):
        if g.get("section"):
            groups[g["section"]].append(i)
    out = {}
    for section, idx in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        g, p = [golds[i] for i in idx], [preds[i] for i in idx]
        out[section] = {"documents": len(idx),
                        "entities": entity_scores(g, p)["strict"]["micro"] if "entities" in layers else None,
                        "officials": official_scores(g, p) if "officials" in layers else None,
                        "themes": theme_scores(g, p)["sentence"] if "sentences" in layers else None}
    return out


def _add(counts: list[int], gold: set, pred: set) -> None:
    counts[0] += len(gold & pred)
    counts[1] += len(pred - gold)
    counts[2] += len(gold - pred)


# -- running -----------------------------------------------------------------


def annotated_layers(golds: list[dict]) -> tuple[str, ...]:
    """The layers every gold record has (`load_gold` refuses a file where only some records have one)."""
    return tuple(layer for layer in LAYERS if all(layer in g for g in golds))


def score(golds: list[dict], preds: list[dict]) -> dict:
    """Every layer the gold annotates; a layer it does not is None ("not scored"), not 0."""
    layers = annotated_layers(golds)
    themes = theme_scores(golds, preds) if {"themes", "sentences"} & set(layers) else None
    if themes is not None:
        for unit, layer in (("document", "themes"), ("sentence", "sentences")):
            if layer not in layers:
                themes[unit] = None
    return {
        "documents": len(golds),
        "layers": list(layers),
        "entities": entity_scores(golds, preds) if "entities" in layers else None,
        "values": value_accuracy(golds, preds) if "entities" in layers else None,
        "officials": official_scores(golds, preds) if "officials" in layers else None,
        "themes": themes,
        **({"sections": section_scores(golds, preds, layers)} if any(g.get("section") for g in golds) else {}),
    }


def _spans_problem(record: dict, key: str, text_len: int) -> str | None:
    items = record.get(key) or []
    if not isinstance(items, list):
        return f"'{key}' is a {type(items).__name__}, not a list"
    for k, item in enumerate(items, 1):
        if not isinstance(item, dict):
            return f"{key}[{k}] is a {type(item).__name__}, not an object"
        start, end = item.get("start"), item.get("end")
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
            return f"{key}[{k}] needs integer 'start' and 'end'"
        if start > end:
            return f"{key}[{k}] starts at {start}, after its end {end}"
        if start == end:
            return f"{key}[{k}] is empty ([{start}, {end}))"
        if not 0 <= start <= end <= text_len:
            return f"{key}[{k}] [{start}, {end}) is not inside the text ({text_len} characters)"
        if key == "entities" and item.get("label") not in GOLD_LABELS:
            return f"entities[{k}] has label {item.get('label')!r}, not one of {', '.join(GOLD_LABELS)}"
        if key == "sentences" and not _str_list(item.get("themes", [])):
            return f"sentences[{k}]: 'themes' must be a list of theme ids"
    if key == "sentences":
        spans = sorted((item["start"], item["end"], k) for k, item in enumerate(items, 1))
        for (s1, e1, k1), (s2, e2, k2) in zip(spans, spans[1:]):
            if s2 < e1:
                return f"sentences[{k2}] [{s2}, {e2}) overlaps sentences[{k1}] [{s1}, {e1}): sentences never overlap"
    return None


def _str_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) for x in value)


def gold_problem(record: dict) -> str | None:
    """What is wrong with a gold record's shape (ANNOTATION.md's gold format), or None: scoring a
    malformed record would raise deep inside a metric, or score it silently wrong."""
    n = len(record["text"])
    for key in ("entities", "sentences"):
        problem = _spans_problem(record, key, n)
        if problem:
            return problem
    officials = record.get("officials") or []
    if not isinstance(officials, list) or not all(isinstance(o, dict) for o in officials):
        return "'officials' must be a list of objects {person, title, org}"
    for k, o in enumerate(officials, 1):
        unknown = sorted(set(o) - _OFFICIAL_KEYS)
        if unknown or not {"person", "title"} <= set(o):
            return (f"officials[{k}] has the keys {', '.join(sorted(o)) or 'none'}: an official is "
                    f"{{\"person\", \"title\", \"org\"}} (null where the text names none)")
        if not all(o.get(f) is None or isinstance(o.get(f), str) for f in ("person", "title", "org")):
            return f"officials[{k}]: person, title and org are strings or null"
    if "themes" in record and not _str_list(record["themes"]):
        return "'themes' must be a list of theme ids"
    if record.get("section") is not None and not isinstance(record["section"], str):
        return "'section' must be a string"
    for k, e in enumerate(record.get("entities") or [], 1):
        written = e.get("text")
        if written is not None and written != record["text"][e["start"]:e["end"]]:
            return (f"entities[{k}]: 'text' is {written!r} but [{e['start']}, {e['end']}) of the text reads "
                    f"{record['text'][e['start']:e['end']]!r}")
        value = e.get("value")
        if e["label"] == "MONEY" and value is not None and not (
                isinstance(value, dict) and isinstance(value.get("amount"), (int, float))
                and isinstance(value.get("currency"), str) and _CURRENCY.match(value["currency"])):
            return (f"entities[{k}]: a MONEY value is {{\"amount\": number, \"currency\": \"VND\"}} (an ISO "
                    f"4217 code in capitals) or null, not {value!r}")
        if e["label"] == "PERCENT" and value is not None and not isinstance(value, (int, float)):
            return f"entities[{k}]: a PERCENT value is a number or null"
        if e["label"] == "DATE" and value is not None and not (
                isinstance(value, str) and all(_ISO_DATE.match(part) and _real_date(part) for part in value.split("/"))):
            return (f"entities[{k}]: a DATE value is written as ANNOTATION.md says (2019-09-12, 2019-09, 2019, "
                    f"2017-Q1, XXXX-05-19, a range START/END) or null, not {value!r}")
    spans = sorted((e["start"], e["end"], k) for k, e in enumerate(record.get("entities") or [], 1))
    for (s1, e1, k1), (s2, e2, k2) in zip(spans, spans[1:]):
        if s2 < e1:
            what = "the same span again" if (s1, e1) == (s2, e2) else f"[{s2}, {e2}) overlaps [{s1}, {e1})"
            return f"entities[{k2}]: {what} of entities[{k1}]: entity spans never overlap (ANNOTATION.md)"
    return None


# ANNOTATION.md's DATE values: a year (or XXXX), then a month or a quarter, then a day; a range joins two by "/"
_ISO_DATE = re.compile(r"(?:\d{4}|XXXX)(?:-(?:\d{2}|Q[1-4]))?(?:-\d{2})?\Z")
_CURRENCY = re.compile(r"[A-Z]{3}\Z")
_OFFICIAL_KEYS = {"person", "title", "org", "former", "start", "end"}   # an output record's officials may be gold


def _real_date(value: str) -> bool:
    """A month 01-12 and a day the month has ("2024-13-45" is no date); XXXX stands for any leap year."""
    import datetime as dt

    parts = value.split("-")
    if len(parts) < 2 or parts[1].startswith("Q"):
        return True
    year = 2000 if parts[0] == "XXXX" else int(parts[0])
    try:
        dt.date(year, int(parts[1]), int(parts[2]) if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def load_gold(path: str | Path) -> list[dict]:
    """Gold records of a JSON Lines file (each with a `text`); GoldError says what is wrong where."""
    path = Path(path)
    try:
        # JSON Lines end at "\n" only: str.splitlines would also cut at U+2028, U+2029 and U+0085,
        # which JSON allows unescaped inside a string
        lines = path.read_text(encoding="utf-8-sig").split("\n")
    except FileNotFoundError:
        raise GoldError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: cannot read: {exc}") from None
    golds = []
    try:
        values = list(parse_lines(lines))
    except JSONLError as exc:
        raise GoldError(f"{path}:{exc.lineno}: invalid JSON: {exc.detail}") from None
    seen: dict[str, int] = {}
    for lineno, obj in values:
        if not isinstance(obj, dict):
            raise GoldError(f"{path}:{lineno}: a gold record is a JSON object, not {type(obj).__name__}")
        if not isinstance(obj.get("text"), str):
            raise GoldError(f"{path}:{lineno}: a gold record needs a 'text' string")
        problem = gold_problem(obj)
        if problem:
            raise GoldError(f"{path}:{lineno}: {problem}")
        doc_id = obj.get("id")
        if doc_id is not None:
            if str(doc_id) in seen:
                raise GoldError(f"{path}:{lineno}: id {doc_id!r} again (first at line {seen[str(doc_id)]}): a "
                                f"document scored twice counts its entities twice")
            seen[str(doc_id)] = lineno
        golds.append({**obj, "_line": lineno})
    if not golds:
        raise GoldError(f"{path}: no gold records")
    for layer in LAYERS:
        having = [g["_line"] for g in golds if layer in g]
        if having and len(having) < len(golds):
            lacking = next(g["_line"] for g in golds if layer not in g)
            raise GoldError(f"{path}:{lacking}: no '{layer}', which line {having[0]} has: give every record the "
                            f"key ([] where it has none), or leave it out of every record to leave it unscored")
    if not annotated_layers(golds):
        raise GoldError(f"{path}: no record annotates anything to score ({', '.join(LAYERS)}; [] where a record "
                        f"has none)")
    return golds


CHECKOUT = repo_root()
FROZEN_SAMPLE = CHECKOUT / "corpora" / "frozen" / "annotations.jsonl"
FROZEN_THEMES = CHECKOUT / "corpora" / "frozen" / "themes-cue.jsonl"   # themes only: no entities scored


def standoff_gold(path: str | Path = FROZEN_SAMPLE, corpora: str | Path | None = None) -> list[dict]:
    """Gold records from standoff annotations (document ids and offsets, as in corpora/frozen/),
    their texts read from the corpora they point into; a changed text is refused (region hash)."""
    path = Path(path)
    try:
        regions = read_jsonl(path)
    except FileNotFoundError:
        raise GoldError(missing_file(path)) from None
    except (OSError, JSONLError) as exc:
        raise GoldError(f"{path}: cannot read: {exc}") from None
    return regions_gold(regions, corpora, where=str(path))


def regions_gold(regions: list[dict], corpora: str | Path | None = None, where: str = "standoff") -> list[dict]:
    """Gold records of standoff regions (records as in corpora/frozen/ or corpora/themes/), each
    region's text read from the corpus it points into and checked against its hash."""
    import hashlib

    corpora = Path(corpora) if corpora else shared_dir() / "corpora"
    texts: dict[str, str] = {}
    for corpus in sorted({r["corpus"] for r in regions}):
        archive = corpora / f"{corpus}.jsonl.gz"
        if not archive.exists():
            import os

            hint = (f"VNMONITOR_SHARED={os.environ['VNMONITOR_SHARED']} holds no corpora/{corpus}.jsonl.gz: point "
                    f"it at the reference data's folder" if os.environ.get("VNMONITOR_SHARED") else
                    "set VNMONITOR_SHARED to the reference data's folder")
            raise GoldError(f"{archive}: no such file (the standoff texts live in the team's reference data; "
                            f"{hint})")
        wanted = {r["doc"] for r in regions if r["corpus"] == corpus}
        for _, doc in iter_jsonl(archive):
            if doc["id"] in wanted:
                texts[doc["id"]] = doc["text"]
    golds = []
    for r in regions:
        text = texts.get(r["doc"], "")[r["start"]:r["end"]]
        if hashlib.sha1(text.encode()).hexdigest()[:10] != r["sha1"]:
            raise GoldError(f"{where}: {r['doc']}: text differs from the annotated one (sha1)")
        shift = r["start"]
        golds.append({"id": r["doc"], "source": r["corpus"], "section": r.get("section"), "text": text,
                      "entities": [{**e, "start": e["start"] - shift, "end": e["end"] - shift,
                                    "text": text[e["start"] - shift:e["end"] - shift]} for e in r.get("entities", [])],
                      "officials": r.get("officials", []),
                      "sentences": [{**x, "start": x["start"] - shift, "end": x["end"] - shift}
                                    for x in r.get("sentences", [])],
                      "themes": r.get("themes", [])})
    return golds


def predict(golds: list[dict], nlp) -> list[dict]:
    from .language import analyze_many

    items = ((g["text"], {k: g[k] for k in ("id", "source") if g.get(k) is not None}) for g in golds)
    return list(analyze_many(items, nlp=nlp))


def evaluate_file(path: str | Path | None, nlp=None, error_labels=(), golds: list[dict] | None = None) -> dict:
    """Run the pipeline on every gold document of `path` (or `golds`) and score it.

    With `error_labels`, the report also lists the strict misses of those labels.
    """
    from .language import default_nlp

    golds = golds if golds is not None else load_gold(path)
    nlp = nlp or default_nlp()
    from .language import theme_taxonomy

    golds = with_taxonomy_ids(golds, theme_taxonomy(nlp), path)
    started = time.perf_counter()
    preds = predict(golds, nlp)
    seconds = time.perf_counter() - started
    report = score(golds, preds)
    report["pipeline"] = list(nlp.pipe_names)
    if report["themes"] is not None:
        report["themes"]["available"] = "themes" in nlp.pipe_names
    if error_labels:
        report["errors"] = entity_errors(golds, preds, labels=tuple(error_labels))
    report["seconds"] = round(seconds, 2)
    return report


def with_taxonomy_ids(golds: list[dict], taxonomy, path=None) -> list[dict]:
    """The gold records with their theme ids as the pipeline's taxonomy names them (an alias, a former
    id, becomes the theme's id); an id no theme of it has is refused: a typo would score as a theme
    never found. Without a taxonomy (no themes component) the records are returned as they are."""
    if taxonomy is None:
        return golds

    def ids(labels, where):
        out = []
        for label in labels:
            theme = taxonomy.resolve(label)
            if theme is None:
                raise GoldError(f"{path or 'gold'}: {where}: theme {label!r} is no theme of the taxonomy the "
                                f"pipeline runs ({', '.join(taxonomy.ids)})")
            out.append(theme)
        return out

    out = []
    for n, g in enumerate(golds, 1):
        where = f"record {n}" + (f" ({g['id']})" if g.get("id") is not None else "")
        g = {**g, "themes": ids(g.get("themes") or [], where)} if "themes" in g else dict(g)
        if g.get("sentences"):
            g["sentences"] = [{**sent, "themes": ids(sent.get("themes") or [], where)} for sent in g["sentences"]]
        out.append(g)
    return out


def format_themes(themes: dict) -> str:
    """Document and sentence theme scores, and per theme."""
    lines = []
    for unit, layer in (("document", "themes"), ("sentence", "sentences")):
        t = themes[unit]
        if t is None:
            lines.append(f"themes {unit + '-level':<15} not scored (the gold has no '{layer}')")
            continue
        lines.append(f"themes {unit + '-level':<15} micro P {t['precision']:.3f} R {t['recall']:.3f} F1 {t['f1']:.3f}")
    per = themes.get("per_theme") or {}
    if per:
        lines.append(f"{'  per theme':<28} {'doc F1':>7} {'gold':>5} {'sent F1':>8} {'gold':>5}")
        for theme, u in per.items():
            cells = [(f"{u[unit]['f1']:>{w}.3f}", f"{u[unit]['tp'] + u[unit]['fn']:>5}") if themes[unit] is not None
                     else (f"{'-':>{w}}", f"{'-':>5}") for unit, w in (("document", 7), ("sentence", 8))]
            lines.append(f"  {theme:<26} {' '.join(cells[0])} {' '.join(cells[1])}")
    return "\n".join(lines)


def format_report(report: dict) -> str:
    """The report as readable tables."""
    lines = [f"{report.get('name', '') + ': ' if report.get('name') else ''}{report['documents']} documents, "
             f"pipeline {report.get('pipeline')}, {report.get('seconds', 0):.1f}s", ""]
    lines += _entity_lines(report) + [""] + _value_lines(report)
    o = report["officials"]
    lines.append("")
    if o is None:
        lines.append("officials: not scored (the gold has no 'officials')")
    else:
        lines.append(f"officials (person, title): P {o['precision']:.3f} R {o['recall']:.3f} F1 {o['f1']:.3f}"
                     f"  (gold {o['tp'] + o['fn']}, pred {o['tp'] + o['fp']}); org accuracy "
                     f"{_acc(o['org']['accuracy'])} over {o['org']['matched']}")
    if report["themes"] is None:
        lines.append("themes: not scored (the gold has neither 'themes' nor 'sentences')")
    elif report["themes"].get("available") is False:
        lines.append("themes: no 'themes' component in the pipeline, not scored")
    else:
        lines.append(format_themes(report["themes"]))
    lines += _section_lines(report)
    if "errors" in report:
        lines += ["", f"strict errors ({len(report['errors'])}): kind label id [start:end] text"]
        for e in report["errors"]:
            lines.append(f"{e['kind']} {e['label']:<7} {e['id']} [{e['start']}:{e['end']}] {e['text']!r}")
    return "\n".join(lines)


def _acc(value) -> str:
    return f"{value:.3f}" if value is not None else "-"


def _entity_lines(report: dict) -> list[str]:
    if report["entities"] is None:
        return ["entities: not scored (the gold has no 'entities')"]
    lines = [f"{'entities':<10} {'strict P':>9} {'R':>6} {'F1':>6}   {'lenient P':>9} {'R':>6} {'F1':>6}"
             f" {'gold':>5} {'pred':>5}"]
    strict, lenient = report["entities"]["strict"], report["entities"]["lenient"]
    for label in list(LABELS) + ["micro"]:
        s, l_ = strict[label], lenient[label]
        if not (s["tp"] or s["fn"] or s["fp"]):   # neither gold nor predicted: nothing to score, not 0
            lines.append(f"{label:<10} {'-':>9} {'-':>6} {'-':>6}   {'-':>9} {'-':>6} {'-':>6} {0:>5} {0:>5}")
            continue
        lines.append(f"{label:<10} {s['precision']:>9.3f} {s['recall']:>6.3f} {s['f1']:>6.3f}   "
                     f"{l_['precision']:>9.3f} {l_['recall']:>6.3f} {l_['f1']:>6.3f}"
                     f" {s['tp'] + s['fn']:>5} {s['tp'] + s['fp']:>5}")
    return lines


def _value_lines(report: dict) -> list[str]:
    if report["values"] is None:
        return []
    lines = [f"{'values':<10} {'accuracy':>9} {'correct':>8} {'matched':>8}"]
    for label, v in report["values"].items():
        lines.append(f"{label:<10} {_acc(v['accuracy']):>9} {v['correct']:>8} {v['matched']:>8}")
    return lines


def _section_lines(report: dict) -> list[str]:
    if not report.get("sections"):
        return []
    lines = ["", f"{'section':<14} {'docs':>5} {'entities F1':>12} {'gold':>5} {'officials F1':>13} "
                 f"{'sent. themes F1':>16}"]

    def f1(s: dict | None, width: int) -> str:
        # nothing to score (no gold, nothing predicted, or a layer the gold leaves out): a dash, not 0.000
        return f"{s['f1']:>{width}.3f}" if s and s["tp"] + s["fp"] + s["fn"] else f"{'-':>{width}}"

    for section, v in report["sections"].items():
        e, o, t = v["entities"], v["officials"], v["themes"]
        gold = e["tp"] + e["fn"] if e else "-"
        lines.append(f"{section:<14} {v['documents']:>5} {f1(e, 12)} {gold:>5} {f1(o, 13)} {f1(t, 16)}")
    return lines
