"""How well `pipeline.entities.dates.infer_date` recovers a document's date.

    .venv/bin/python scripts/eval_dates.py [--dated ARCHIVE] [--undated ARCHIVE]

The dated archive (default ../shared/corpora/dantri-2020.jsonl.gz) has each
article's publication date: its text goes through `infer_date` with the
date hidden, and the inferred dates are compared with the real ones (exact,
within a day, within three days), separately for leads that state the year
and leads that do not; once without a date window and once with the window
the archive's own dates span (what a user would pass as --date-window). For
an undated archive (default baomoi-2017, window 2017) only the share of
documents that get a date is printed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections import Counter
from pathlib import Path

from pipeline.entities.dates import LEAD_CHARS, _LEAD_DATE, DateWindow, infer_date
from pipeline.text import normalize
from pipeline.themes.training.data import SHARED_CORPORA, iter_corpus


def _kind(text: str) -> str:
    """'full' when the lead phrase writes the year, 'partial' when it does not."""
    m = _LEAD_DATE.search(normalize(text[: LEAD_CHARS * 2]).text[:LEAD_CHARS])
    return "full" if m and (m["y"] or m["y2"]) else "partial"


def score(records, window) -> tuple[int, Counter]:
    total, counts = 0, Counter()
    for rec in records:
        total += 1
        inferred = infer_date(rec["text"], window)
        if inferred is None:
            continue
        kind = _kind(rec["text"])
        days = abs((dt.date.fromisoformat(inferred) - dt.date.fromisoformat(rec["date"])).days)
        counts[kind] += 1
        counts[kind, 0] += days == 0
        counts[kind, 1] += days <= 1
        counts[kind, 3] += days <= 3
    return total, counts


def print_table(counts: Counter) -> None:
    print(f"  {'lead':10} {'dated':>6} {'exact':>6} {'<=1 day':>8} {'<=3 days':>9}")
    for kind in ("full", "partial", "all"):
        n = counts[kind] if kind != "all" else counts["full"] + counts["partial"]
        hits = [counts[kind, k] if kind != "all" else counts["full", k] + counts["partial", k] for k in (0, 1, 3)]
        shares = "".join(f" {h / n:8.3f}" if n else "        -" for h in hits)
        print(f"  {kind:10} {n:6d}{shares}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dated", type=Path, default=SHARED_CORPORA / "dantri-2020.jsonl.gz")
    ap.add_argument("--undated", type=Path, default=SHARED_CORPORA / "baomoi-2017.jsonl.gz")
    ap.add_argument("--undated-window", default="2017")
    args = ap.parse_args(argv)
    if not args.dated.exists():
        print(f"error: {args.dated} not found (needs ../shared)", file=sys.stderr)
        return 1
    records = [r for r in iter_corpus(args.dated) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(r.get("date", "")))]
    dates = sorted(r["date"] for r in records)
    span = DateWindow.parse(f"{dates[0]}:{dates[-1]}")
    for window in (None, span):
        total, counts = score(records, window)
        print(f"{args.dated.name}: {total} articles with a publication date; date window {window or 'none'}")
        print_table(counts)
    if args.undated.exists():
        for window in (None, DateWindow.parse(args.undated_window)):
            n = dated = 0
            for rec in iter_corpus(args.undated):
                n += 1
                dated += infer_date(rec["text"], window) is not None
            print(f"{args.undated.name}, date window {window or 'none'}: {dated} of {n} articles get a date "
                  f"({dated / n:.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
