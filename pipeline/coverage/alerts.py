"""Alerts: (theme, day) and (agency, day) story counts well above their own baseline.

Why: a surge is seen today only when someone reads a chart. Each key (a theme
id, an agency id) is compared with its own recent past, so a busy theme is not
flagged for being busy and a quiet agency is flagged when it suddenly is not.

Counts are of stories, not copies: a press release reprinted by ten outlets on
one day is one story (see `stories`), so syndication alone raises no alert.

Two documented methods, each with its parameters written into every alert:

- `PoissonWindow` (the default): the expected count of a key on day t is its
  mean over the `window` days before t (28 by default, after `guard` days),
  optionally scaled by that day's volume (`normalize`: the key's count relative
  to all other stories in the window, times the other stories of day t, so a
  key's own surge does not raise its own expectation), because an archive's
  daily volume changes with collection (the dated dantri archive goes from ~20
  to ~150 articles a day within a week) and every key would "surge" with it.
  The score is -log10 of the one-sided Poisson tail P(X >= count | expected);
  an alert needs p < `alpha` and count >= `min_count`. A key is tested only
  once `min_history` days of the corpus precede t and the whole corpus had at
  least `min_window_total` stories in the window (a thinner past says nothing
  about what is usual, e.g. the first day of a crawl); `min_baseline` keeps a
  key never seen before from alerting on one or two stories.
- `EarsC2` (CDC's Early Aberration Reporting System, C2): mean and standard
  deviation over the 7 days ending 3 days before t (a 2-day guard band);
  score = (count - mean) / max(sd, `min_sd`); alert when score >= `threshold`.
  Kept for comparison: scripts/eval_alerts.py measures both.

Only the standard library is used: this runs wherever the tables are read.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Iterable, Mapping


@dataclass(frozen=True)
class PoissonWindow:
    window: int = 28
    guard: int = 0
    alpha: float = 0.001
    min_count: int = 3
    min_history: int = 7
    min_baseline: float = 0.2
    min_window_total: int = 20
    normalize: bool = True
    name: str = "poisson-window"


@dataclass(frozen=True)
class EarsC2:
    baseline: int = 7
    guard: int = 2
    threshold: float = 3.0
    min_sd: float = 0.5
    min_count: int = 3
    name: str = "ears-c2"


def poisson_upper_tail(k: int, lam: float) -> float:
    """P(X >= k) for X ~ Poisson(lam), accurate in the far tail (summed from k upwards)."""
    if k <= 0:
        return 1.0
    if lam <= 0:
        return 0.0
    if k <= lam:
        # the bulk: 1 - P(X <= k-1), no cancellation problem here
        cdf = sum(math.exp(-lam + i * math.log(lam) - math.lgamma(i + 1)) for i in range(k))
        return max(0.0, 1.0 - cdf)
    total, i = 0.0, k
    log_term = -lam + k * math.log(lam) - math.lgamma(k + 1)
    while True:
        term = math.exp(log_term)
        total += term
        if term < total * 1e-15 or i > k + 10_000:
            return min(1.0, total)
        i += 1
        log_term += math.log(lam) - math.log(i)


def _days(first: str, last: str) -> list[str]:
    a, b = date.fromisoformat(first), date.fromisoformat(last)
    return [(a + timedelta(days=i)).isoformat() for i in range((b - a).days + 1)]


def story_counts(rows: Iterable[tuple[str, str, str]]):
    """({key: {day: distinct stories}}, {day: distinct stories over all keys}) from (key, day, story_id)."""
    per: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    total: dict[str, set] = defaultdict(set)
    for key, day, story in rows:
        if key is None or not day:
            continue
        per[key][day].add(story)
        total[day].add(story)
    counts = {k: {d: len(s) for d, s in days.items()} for k, days in per.items()}
    return counts, {d: len(s) for d, s in total.items()}


def detect(rows: Iterable[tuple[str, str, str]], kind: str, method=None, since: str | None = None,
           totals: Mapping[str, int] | None = None) -> list[dict]:
    """Alerts for one kind ("theme" or "agency") from (key, day, story_id) rows.

    totals: stories per day over the whole corpus (for `normalize`); by default
    the distinct stories among the rows. Days with no story count as zero.
    Alerts are sorted by day, then score (highest first), then key.
    """
    method = method or PoissonWindow()
    counts, own_totals = story_counts(rows)
    totals = dict(totals) if totals is not None else own_totals
    all_days = [d for d in totals if totals[d]] + [d for c in counts.values() for d in c]
    if not all_days:
        return []
    days = _days(min(all_days), max(all_days))
    tot = [totals.get(d, 0) for d in days]
    params = {k: v for k, v in asdict(method).items() if k != "name"}
    out = []
    for key in sorted(counts):
        series = [counts[key].get(d, 0) for d in days]
        for t, day in enumerate(days):
            c = series[t]
            if since and day < since:
                continue
            if isinstance(method, EarsC2):
                hit = _ears_c2(series, t, method)
            else:
                hit = _poisson(series, tot, t, method)
            if hit is None:
                continue
            baseline, score, alert = hit
            if alert and c >= method.min_count:
                out.append({"kind": kind, "key": key, "day": day, "count": c,
                            "baseline": round(baseline, 3), "score": round(score, 2),
                            "method": method.name, "params": params})
    out.sort(key=lambda a: (a["day"], -a["score"], a["key"]))
    return out


def _poisson(series, tot, t, m: PoissonWindow):
    end = t - m.guard
    start = max(0, end - m.window)
    if end - start < m.min_history or t < m.min_history:
        return None
    past = series[start:end]
    past_total = sum(tot[start:end])
    if past_total < max(1, m.min_window_total):
        return None
    past_others = past_total - sum(past)
    if m.normalize and past_others > 0:
        # the key's rate relative to everything else, times everything else today: the
        # key's own surge must not raise its own expectation
        expected = sum(past) / past_others * max(tot[t] - series[t], 0)
    else:
        expected = sum(past) / len(past)
    expected = max(expected, m.min_baseline)
    p = poisson_upper_tail(series[t], expected)
    score = -math.log10(p) if p > 0 else 300.0
    return expected, score, p < m.alpha


def _ears_c2(series, t, m: EarsC2):
    end = t - m.guard
    start = end - m.baseline
    if start < 0:
        return None
    past = series[start:end]
    mean = sum(past) / len(past)
    sd = math.sqrt(sum((x - mean) ** 2 for x in past) / (len(past) - 1)) if len(past) > 1 else 0.0
    score = (series[t] - mean) / max(sd, m.min_sd)
    return mean, score, score >= m.threshold


def theme_rows(records: Iterable[Mapping], assignment: Mapping[str, str]):
    """(theme id, day, story id) for each dated record and each of its document themes."""
    for r in records:
        if not r.get("date"):
            continue
        story = assignment.get(r["id"], r["id"])
        for th in r.get("themes", []):
            yield th["id"], r["date"], story


def agency_rows(records: Iterable[Mapping], assignment: Mapping[str, str], registry=None):
    """(agency id, day, story id) for each agency a dated record names (ORG entities and officials)."""
    from .registry import Registry

    reg = registry or Registry()
    for r in records:
        if not r.get("date"):
            continue
        story = assignment.get(r["id"], r["id"])
        res = reg.resolve_record(r)
        ids = {x["entity_id"] for x in res["entities"] if x and x["entity_id"].startswith("agency-")}
        ids |= {o["agency_id"] for o in res["officials"] if o["agency_id"]}
        for a in sorted(ids):
            yield a, r["date"], story


def day_totals(records: Iterable[Mapping], assignment: Mapping[str, str]) -> dict[str, int]:
    """Distinct stories per day over all dated records: the volume `normalize` divides by."""
    per: dict[str, set] = defaultdict(set)
    for r in records:
        if r.get("date"):
            per[r["date"]].add(assignment.get(r["id"], r["id"]))
    return {d: len(s) for d, s in per.items()}
