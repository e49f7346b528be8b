"""Precision and recall of the surge alerts on synthetic series with known surges,
then a run over the dated dantri archive's story counts per category.

Synthetic: 100 keys over 180 days, Poisson counts at rates from 0.3 to 8 a day
with a weekly rhythm, and 40 injected one-day surges (+2x to +5x the key's rate,
at least +3 stories) at known (key, day). An alert is correct when it is on an
injected (key, day); recall is the share of injected surges flagged. Scenarios:
- stable volume, every key at 60% on weekends (the corpus's rhythm);
- the same, with the total volume stepping up by half on day 120 for every key
  (what a crawl that adds sources looks like);
- a weekly rhythm of each key's own: weekends at 15%, 60%, 100% or 160% of its
  weekdays (official business, the corpus, round-the-clock news, sport);
- no surge at all: 20 keys that dip to 15% at weekends among 80 flat ones, at
  3 to 60 stories a weekday; every alert is false, and the Monday ones are
  what a baseline blind to the weekday raises after each weekend dip.
Each scenario runs the method as shipped before issue 15's weekday factor
("before": `PoissonWindow(weekday=False)`) and as shipped now ("after").

Real data: the dantri archive's documents are grouped into stories
(pipeline/coverage/stories.py) and counted per (category, day); the alerts are
listed, with how many each method raises.

    python scripts/eval_alerts.py [--seed 15]
"""
from __future__ import annotations

import argparse
import gzip
import json
import math
import random
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from common import ROOT, SHARED  # noqa: E402  (the repository and the reference data)

from pipeline.coverage.alerts import EarsC2, PoissonWindow, detect  # noqa: E402

METHODS = [("before: Poisson 28-day, share of volume", PoissonWindow(weekday=False)),
           ("after: the same x the key's weekday factor", PoissonWindow()),
           ("before: Poisson 28-day, raw mean", PoissonWindow(normalize=False, weekday=False)),
           ("after: raw mean x the key's weekday factor", PoissonWindow(normalize=False)),
           ("EARS C2", EarsC2())]
DEFAULT = METHODS[1][1]


def poisson(rng, lam):
    if lam <= 0:
        return 0
    L, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= L:
            return k
        k += 1


def synthetic(rng, step: bool = False, own_rhythm: bool = False, n_keys=100, n_days=180, n_surges=40):
    """Rows (key, day, story) with surges at known (key, day); the first two scenarios draw
    exactly what they drew before the weekday factor existed."""
    start = date(2024, 1, 1)
    days = [(start + timedelta(days=i)).isoformat() for i in range(n_days)]
    rates = {f"k{i:03d}": rng.choice([0.3, 1.0, 3.0, 8.0]) for i in range(n_keys)}
    weekend = {k: (rng.choice([0.15, 0.6, 1.0, 1.6]) if own_rhythm else 0.6) for k in rates}
    surges = set()
    while len(surges) < n_surges:
        surges.add((rng.choice(sorted(rates)), rng.randrange(35, n_days)))
    rows = []
    for key, lam in rates.items():
        for t, day in enumerate(days):
            weekday = (start + timedelta(days=t)).weekday()
            rate = lam * (weekend[key] if weekday >= 5 else 1.0) * (1.5 if step and t >= 120 else 1.0)
            n = poisson(rng, rate)
            if (key, t) in surges:
                n += max(3, round(rng.choice([2, 3, 5]) * lam))
            rows += [(key, day, f"{key}-{day}-{i}") for i in range(n)]
    truth = {(k, days[t]) for k, t in surges}
    return rows, truth, {(k, days[t]): rates[k] for k, t in surges}


def weekend_dip(rng, n_days=180):
    """No surge: 20 keys at 15% on weekends among 80 flat keys, 3 to 60 stories a weekday."""
    start = date(2024, 1, 1)
    rows = []
    for i in range(100):
        key, lam = f"{'dip' if i < 20 else 'flat'}{i:03d}", [3.0, 8.0, 20.0, 60.0][i % 4]
        for t in range(n_days):
            d = start + timedelta(days=t)
            n = poisson(rng, lam * (0.15 if key.startswith("dip") and d.weekday() >= 5 else 1.0))
            rows += [(key, d.isoformat(), f"{key}-{t}-{j}") for j in range(n)]
    return rows


def score(alerts, truth):
    hits = {(a["key"], a["day"]) for a in alerts}
    tp = len(hits & truth)
    p = tp / len(hits) if hits else 1.0
    return p, tp / len(truth), len(hits), tp


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    scenarios = [("stable volume, every key at 60% on weekends", {}),
                 ("volume steps up 50% on day 120", {"step": True}),
                 ("each key its own weekly rhythm (weekends at 15/60/100/160%)", {"own_rhythm": True})]
    for title, kw in scenarios:
        print(f"synthetic, {title} ({args.runs} runs x 100 keys x 180 days, 40 surges each):")
        agg = {name: [0, 0, 0] for name, _ in METHODS}
        by_rate = Counter()
        for run in range(args.runs):
            rows, truth, rate_of = synthetic(random.Random(args.seed + run), **kw)
            for name, m in METHODS:
                alerts = detect(rows, "theme", m)
                _, _, n, tp = score(alerts, truth)
                agg[name][0] += n
                agg[name][1] += tp
                agg[name][2] += len(truth)
                if m == DEFAULT:
                    hits = {(a["key"], a["day"]) for a in alerts}
                    for kd, lam in rate_of.items():
                        by_rate[(lam, "all")] += 1
                        by_rate[(lam, "hit")] += kd in hits
        for name, m in METHODS:
            n, tp, t = agg[name]
            print(f"  {name:48} precision {tp / n if n else 1:.3f} recall {tp / t:.3f} "
                  f"({n} alerts, {tp} of {t} surges)")
        print("    default method, recall by the key's usual rate: " + ", ".join(
            f"{lam}/day {by_rate[(lam, 'hit')]}/{by_rate[(lam, 'all')]}"
            for lam in sorted({k[0] for k in by_rate})))
    print(f"synthetic, no surge: 20 keys dipping to 15% at weekends among 80 flat ones "
          f"({args.runs} runs x 180 days; every alert is false):")
    for name, m in METHODS:
        n = mondays = dips = 0
        for run in range(args.runs):
            alerts = detect(weekend_dip(random.Random(args.seed + 100 + run)), "theme", m)
            n += len(alerts)
            mondays += sum(date.fromisoformat(a["day"]).weekday() == 0 for a in alerts)
            dips += sum(a["key"].startswith("dip") for a in alerts)
        print(f"  {name:48} {n} alerts, {mondays} of them on Mondays, {dips} on the dipping keys")
    print("  parameters:", {name: m for name, m in METHODS})
    sweep = []
    for alpha in (1e-2, 1e-3, 1e-4, 1e-5):
        n = tp = t = 0
        for run in range(args.runs):
            rows, truth, _ = synthetic(random.Random(args.seed + run))
            _, _, a, b = score(detect(rows, "theme", PoissonWindow(alpha=alpha)), truth)
            n, tp, t = n + a, tp + b, t + len(truth)
        sweep.append(f"alpha {alpha:g}: P {tp / n if n else 1:.3f} R {tp / t:.3f}")
    print("  default method on stable volume, by alpha: " + "; ".join(sweep))

    path = SHARED / "corpora" / "dantri-2020.jsonl.gz"
    if not path.exists():
        print(f"(no {path}: real-data run skipped)")
        return
    from pipeline.coverage.stories import StoryIndex

    with gzip.open(path, "rt", encoding="utf-8") as f:
        docs = [json.loads(line) for line in f]
    records = [{"id": d["id"], "title": d["title"], "date": d["date"], "source": d["source"], "text": d["text"]}
               for d in docs]
    assignment = StoryIndex().assign(records)
    n_stories = len(set(assignment.values()))
    rows = [(d["category"], d["date"], assignment[d["id"]]) for d in docs]
    per_day = Counter(d["date"] for d in docs)
    print(f"\ndantri archive: {len(docs)} documents, {n_stories} stories, {len(per_day)} dates "
          f"({min(per_day)}..{max(per_day)}), {len({d['category'] for d in docs})} categories")
    for name, m in METHODS:
        alerts = detect(rows, "theme", m)
        days = Counter(a["day"] for a in alerts)
        print(f"  {name:48} {len(alerts)} alerts on {len(days)} days"
              + (f"; busiest day {days.most_common(1)[0][0]} with {days.most_common(1)[0][1]}" if days else ""))
        if m == DEFAULT:
            for a in alerts:
                print("   ", json.dumps({k: a[k] for k in ("kind", "key", "day", "count", "baseline", "score")},
                                        ensure_ascii=False))


if __name__ == "__main__":
    main()
