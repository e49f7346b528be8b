"""The model card: what a theme model was trained on and how well it scores."""
from __future__ import annotations


def _table(scores: dict, theme_ids) -> list[str]:
    lines = ["| theme | P | R | F1 | support |", "|---|---|---|---|---|"]
    for t in ["micro", *theme_ids]:
        s = scores.get(t)
        if s:
            lines.append(f"| {t} | {s['p']:.3f} | {s['r']:.3f} | {s['f1']:.3f} | {s['support']} |")
    return lines


def _shown(path: str) -> str:
    """A path relative to the repository when it lies inside it (cards are committed)."""
    from pathlib import Path

    from .data import ROOT

    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return path


def _staged_sections(card: dict, ids) -> list[str]:
    """The sentence model's extra figures: per-theme sentence and document F1 side by side, stage one
    alone, the old fixed roll-up rule, the non-linear comparison and the second labelling's agreement."""
    rep = card["report"]
    cv = rep["cross_validated"]
    out = ["## Sentence model: per theme (cross-validated, thresholds nested)", "",
           "Sentence scores are the second stage's. Each fold's thresholds were tuned on the other folds' "
           "out-of-fold scores only. Documents: the learned roll-up alone, the fixed rule alone (a theme two or "
           "more sentences take) and both together (`rollup_min_units = 2`). The pipeline ships the roll-up "
           "(`rollup_min_units = 0`) with secondary themes (`rollup_secondary`: a document the roll-up files "
           "under a theme also takes the themes one of its sentences takes) and evidence (`rollup_evidence`: "
           "only themes one of its sentences takes). \"Every theme secondary\" files every such theme; the "
           "shipped decision files only the themes where that does not lower their cross-validated document "
           "F1 (the model's `secondary_themes`; in the column, each fold follows the choice made on the other "
           "folds).",
           "",
           "| theme | positive sentences | sentence F1 | stage one alone | document F1, roll-up | "
           "fixed 2+ rule | roll-up or rule | every theme secondary | shipped decision | secondary |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    pos = rep.get("n_positive_sentences", {})
    union = cv.get("union_documents", cv["documents"])
    every = cv.get("every_secondary_documents", cv.get("shipped_documents", cv["documents"]))
    shipped = cv.get("shipped_documents", cv["documents"])
    chosen = set(rep.get("secondary_themes", ids))
    learned = rep.get("example_themes") or {}
    for t in ["micro", *ids]:
        if t in learned:
            out.append(f"| {t} | 0 | learned from the taxonomy's examples: no labelled sentence to score it on "
                       "(see below) | | | | | | | |")
            continue
        out.append(f"| {t} | {pos.get(t, sum(pos.values()))} | {cv['passages'][t]['f1']:.3f} | "
                   f"{cv['stage_one_sentences'][t]['f1']:.3f} | {cv['documents'][t]['f1']:.3f} | "
                   f"{cv['fixed_rule_documents'][t]['f1']:.3f} | {union[t]['f1']:.3f} | {every[t]['f1']:.3f} | "
                   f"{shipped[t]['f1']:.3f} | {'' if t == 'micro' else ('yes' if t in chosen else 'no')} |")
    low = [t for t in ids if shipped[t]["f1"] < 0.70 and t not in learned]
    out += ["", ("Themes below the issue's aim of document F1 0.70 (shipped decision): " + ", ".join(low)) if low
            else "Every theme reaches document F1 0.70 (shipped decision).", ""]
    if learned:
        out += ["### Themes learned from the taxonomy's examples only", "",
                "No labelled sentence carries these themes, so the table above cannot score them. Their stage-one "
                "threshold was tuned on out-of-fold scores, with the examples' sentences as the positives and "
                "the labelled sentences as negatives, leaving out those that name one of the theme's cues (those "
                "documents were never read for the theme; the fit leaves them out too); their documents are filed "
                "as the labelled themes are on the median. Not checked on real labels: such a theme finds what is "
                "written in its cues' words more than what is told in other words.", "",
                "| theme | example sentences | stage-one threshold | examples recalled | labelled sentences above |",
                "|---|---|---|---|---|"]
        out += [f"| {t} | {v['example_sentences']} | {v['stage_one_threshold']:.4f} | {v['examples_recalled']:.3f} | "
                f"{v['labelled_sentences_above']} |" for t, v in learned.items()]
        out.append("")
    if rep.get("nonlinear"):
        out += ["### Linear vs non-linear (same features, same folds)", "", "```", rep["nonlinear"], "```", ""]
    ag = rep.get("agreement")
    if ag:
        out += [f"### Second labelling ({ag['documents']} documents, {ag['sentences']} sentences labelled twice, "
                "independently)", "",
                f"- sentence micro-F1 of one labelling against the other: {ag['sentence']['f1']:.3f} "
                f"(Cohen's kappa over sentence x theme decisions {ag['sentence_kappa']:.3f})",
                f"- document micro-F1: {ag['document']['f1']:.3f}", ""]
    return out


def render_card(card: dict) -> str:
    ids = card["themes"]
    out = [
        "# Theme model card",
        "",
        ("Multi-label campaign-theme classifier for sentences (pipeline/themes/model.py, stages.py): TF-IDF "
         "over syllable n-grams of the sentence, its neighbours and the whole document, and each theme's own "
         "cue counts; one-vs-rest logistic regression (stage one); a second stage over the scores around each "
         "sentence; a learned document roll-up; per-theme thresholds tuned by document-grouped "
         "cross-validation. Rebuild with `vnmonitor train-themes` (see below)."
         if card["report"].get("staged") else
         "Multi-label campaign-theme classifier for passages, with a document roll-up "
         "(pipeline/themes/model.py): TF-IDF over syllable n-grams of the passage, its neighbours and "
         "the whole document; one-vs-rest logistic regression; "
         + ("per-theme thresholds tuned by document-grouped cross-validation. "
            if card["report"].get("cross_validated") else
            "every threshold 0.5: too few labelled documents to hold any out to tune them. ")
         + "In the pipeline (`cue_units`, shipped on) a passage that names one of a theme's cue phrases (the "
         "model's own copy of the taxonomy's) also takes that theme, marked `\"cue\": true`: for this model "
         "the cues act as rules, so keep them specific. Rebuild with `vnmonitor train-themes` (see below)."),
        "",
        f"- trained: {card['trained_at']}",
        f"- taxonomy: {_shown(card['taxonomy'])} ({len(ids)} themes)",
        f"- training time: {card['seconds']:.0f} s wall, {card.get('cpu_seconds', 0):.0f} s CPU "
        f"({card.get('workers', 1)} process{'es' if card.get('workers', 1) > 1 else ''})",
        f"- vocabulary: {card['n_terms']} terms",
        *([f"- fitting reads each document's {card['params']['fit_doc_terms']} heaviest terms in the document "
           "block (a block that repeats the document on every sentence); every score, in cross-validation "
           "and in the pipeline, reads whole documents"] if card.get("params", {}).get("fit_doc_terms") else []),
        "",
        "## Training data",
        "",
    ]
    for item in card["data"]:
        out.append(f"- {item}")
    out += ["", "Standoff label files are resolved against the corpora at training time and checked by sha1; "
            "no corpus text is stored with the model.", ""]
    held = card["report"].get("held_out")
    if held:
        out += [f"## Held-out scores ({held['n_documents']} documents, {held['n_passages']} passages never used "
                "for fitting or thresholds)", "", "Passages:", ""]
        out += _table(held["passages"], ids)
        out += ["", "Documents:", ""]
        out += _table(held["documents"], ids)
        out.append("")
    cv = card["report"].get("cross_validated")
    if cv:
        out += [f"## Per-theme scores, cross-validated by document ({card['report']['folds']} folds)", "",
                "Every labelled document is scored by a model fitted without it; the thresholds are tuned on "
                "these same out-of-fold scores, so the figures lean optimistic.", "", "Training units:", ""]
        out += _table(cv["passages"], ids)
        out += ["", "Documents:", ""]
        out += _table(cv["documents"], ids)
        out += ["", "The document scores above use the document threshold alone. In the pipeline "
                "(`pipeline/data/config.cfg`, `[components.themes] rollup_min_units`) a document also takes "
                "a theme that at least that many of its sentences take (0, the shipped setting), and with "
                "`rollup_secondary` (shipped) a document the roll-up files under one theme also takes the "
                "themes one of its sentences takes (those of the model's `secondary_themes`), and with `rollup_evidence` (shipped) only a theme one of "
                "its sentences takes."
                + (" The cue phrases are features of the model, not rules." if card["report"].get("staged") else
                   " Also in the pipeline (`cue_units`), a passage that names one of a theme's cue phrases takes "
                   "that theme, marked `\"cue\": true` with the model's score; the scores above are the "
                   "model's alone."), ""]
    if card["report"].get("staged"):
        out += _staged_sections(card, ids)
    out += ["## Thresholds", "", "| theme | passage | document |", "|---|---|---|"]
    for t in ids:
        out.append(f"| {t} | {card['report']['thresholds'][t]:.3f} | {card['report']['doc_thresholds'][t]:.3f} |")
    out += ["", "## Parameters", "", "```", *(f"{k} = {v}" for k, v in sorted(card["params"].items())), "```",
            "", "## Rebuild", "", "```", card["command"], "```", ""]
    return "\n".join(out)
