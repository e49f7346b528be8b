#!/usr/bin/env python3
"""Another commit of the project and this checkout scored on the same gold sets, side by side.

The hidden held-out set was scored once, on commit 980c627 (issue 12 and 13: strict entity F1
.847, officials .855, theme documents .794, sentences .626). Scoring that commit on our own
held-out sets says how hard they are next to the hidden set, and how far the gains measured on
them may carry over:

    .venv/bin/python scripts/compare_commit.py 980c627

Sets: the dev gold, the frozen random sample (corpora/frozen), the held-out NER batches ninth
and twelfth with their officials lists, and the held-out theme draws c and e. Each is written as
a gold file (texts from the reference data, outside the repository) and scored by each side's own
`vnmonitor evaluate`. The other commit runs from a git worktree in a temporary folder, with this
checkout's Python environment; the entry points this checkout installs (spaCy factories naming
`pipeline.*` modules) are hidden from it, since its modules are laid out differently.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, SHARED

# hides the checkout's installed entry points from the other commit's code, then runs its CLI
RUNNER = """
import sys, importlib.metadata as md, catalogue
eps = catalogue.AVAILABLE_ENTRY_POINTS
every = [e for group in eps.values() for e in group] if hasattr(eps, "values") else list(eps)
catalogue.AVAILABLE_ENTRY_POINTS = md.EntryPoints(e for e in every if not e.value.startswith("pipeline."))
from pipeline.cli import main
sys.argv = ["vnmonitor"] + sys.argv[1:]
main()
"""
ROW = re.compile(r"^(PERSON|TITLE|ORG|LOC|micro)\s+\S+\s+\S+\s+(\S+)\s+\S+\s+\S+\s+(\S+)")
OFFICIALS = re.compile(r"^officials \(person, title\):.*F1 (\S+)")
THEMES = re.compile(r"^themes (document|sentence)-level\s+micro P \S+ R \S+ F1 (\S+)")


def write_sets(folder: Path) -> dict[str, Path]:
    from pipeline import evaluate as ev

    def dump(golds, name):
        path = folder / f"{name}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for g in golds:
                fh.write(json.dumps({k: v for k, v in g.items() if k != "section"}, ensure_ascii=False) + "\n")
        return path

    def read(path):
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    sets = {"dev": SHARED / "gold" / "dev.jsonl", "frozen": dump(ev.standoff_gold(), "frozen")}
    for batch in ("ninth", "twelfth"):
        regions = read(ROOT / "corpora" / "ner" / f"heldout-{batch}.jsonl")
        listed = {(r["doc"], r["start"]): r["officials"] for r in read(ROOT / "corpora" / "ner" / f"officials-{batch}.jsonl")}
        for r in regions:   # the officials lists cover the regions with a TITLE; the others have none
            r["officials"] = listed.get((r["doc"], r["start"]), [])
        sets[batch] = dump(ev.regions_gold(regions), batch)
    draws = read(ROOT / "corpora" / "themes" / "heldout-draw-c.jsonl") + \
        read(ROOT / "corpora" / "themes" / "heldout-draw-e.jsonl")
    sets["draws c+e"] = dump(ev.regions_gold(draws), "draws-ce")
    return sets


def scores(output: str) -> dict[str, str]:
    out = {}
    for line in output.splitlines():
        if m := ROW.match(line):
            out[m.group(1)] = m.group(2)
            if m.group(1) == "micro":
                out["lenient"] = m.group(3)
        elif m := OFFICIALS.match(line):
            out["officials"] = m.group(1)
        elif m := THEMES.match(line):
            out[f"themes {m.group(1)[:3]}"] = m.group(2)
    return out


def evaluate(cwd: Path, gold: Path, runner: Path | None) -> dict[str, str]:
    cmd = [sys.executable, "-W", "ignore"] + ([str(runner)] if runner else ["-m", "pipeline.cli"]) + \
        ["evaluate", str(gold)]
    env = {"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1",
           "VNMONITOR_SHARED": str(SHARED)}
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    if done.returncode:
        return {"error": (done.stderr or done.stdout).strip().splitlines()[-1][:120]}
    return scores(done.stdout)


COLUMNS = ("micro", "lenient", "PERSON", "TITLE", "ORG", "LOC", "officials", "themes doc", "themes sen")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("commit", help="the other commit (e.g. 980c627, the one the hidden set scored)")
    args = ap.parse_args(argv)
    if not SHARED.is_dir():
        print(f"error: the reference data ({SHARED}) holds the texts of every set", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="compare-commit-") as tmp:
        tmp = Path(tmp)
        other = tmp / "other"
        subprocess.run(["git", "worktree", "add", "--detach", "-f", str(other), args.commit], cwd=ROOT,
                       check=True, capture_output=True)
        try:
            runner = tmp / "run_other.py"
            runner.write_text(RUNNER, encoding="utf-8")
            sets = write_sets(tmp)
            print("set | side | " + " | ".join(COLUMNS))
            for name, gold in sets.items():
                for side, cwd, run in ((args.commit, other, runner), ("checkout", ROOT, None)):
                    s = evaluate(cwd, gold, run)
                    cells = [s["error"]] if "error" in s else [s.get(c, "-") for c in COLUMNS]
                    print(f"{name} | {side} | " + " | ".join(cells), flush=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(other)], cwd=ROOT, capture_output=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
