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
  key's own surge does not raise its own expectation; and since a story names a
  key or not, the count must also be rare as a binomial draw from day t's
  stories at the key's usual share, or a key in nearly every story, a
  one-campaign archive, would be expected at zero on a day it is in all of
  them), because an archive's
  daily volume changes with collection (the dated dantri archive goes from ~20
  to ~150 articles a day within a week) and every key would "surge" with it.
  News volume has a weekly rhythm, and not every key has the corpus's: official
  business all but stops at the weekend, sport and entertainment do not. So the
  expectation is multiplied by the key's own weekday factor (`weekday`): over
  the `weekday_weeks` weeks before t, the key's count on days of t's weekday
  group divided by what the same expectation (without the factor) gives for
  those days, both plus `weekday_prior` stories, which pulls a sparse key's
  factor to 1 (shrinkage: a prior worth that many stories at factor 1).
  `weekday_groups` gives the group of Monday..Sunday: "0000012" (the default)
  pools Monday to Friday and keeps Saturday and Sunday apart, since the rhythm
  is mostly the weekend and one factor per day is noisier (on the synthetic
  series of scripts/eval_alerts.py, per-day factors cost precision on keys
  that follow the corpus's rhythm); "0123456" gives each day its own. A key
  that follows the corpus's rhythm gets factors near 1 (the volume scaling
  already carries the rhythm); a weekend-dipping key among flat ones gets its
  Mondays expected at its weekday level, not at a weekly average that the
  weekend pulls down. (12 weeks, a prior of 30 stories and the grouping were
  chosen on synthetic series drawn with other seeds than the reported ones.)
  The factor used is in each alert (`weekday_factor`; `baseline` includes it).
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
from itertools import accumulate
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
    weekday: bool = True
    weekday_weeks: int = 12
    weekday_prior: float = 30.0
    weekday_groups: str = "0000012"
    name: str = "poisson-window"

    def __post_init__(self):
        if len(self.weekday_groups) != 7 or not self.weekday_groups.isdigit():
            raise ValueError(f"weekday_groups: one digit per day, Monday to Sunday, not {self.weekday_groups!r}")


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


def binomial_upper_tail(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p), summed in log space from k upwards."""
    if k <= 0:
        return 1.0
    if k > n or p <= 0:
        return 0.0
    if p >= 1:
        return 1.0
    lp, lq = math.log(p), math.log1p(-p)
    base = math.lgamma(n + 1)

    def term(i):
        return math.exp(base - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * lp + (n - i) * lq)

    if k <= n * p:   # the bulk: one minus the (shorter) lower sum
        return max(0.0, 1.0 - sum(term(i) for i in range(k)))
    return min(1.0, sum(term(i) for i in range(k, n + 1)))


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
    groups = getattr(method, "weekday_groups", "0123456")   # EARS C2 has none; unused there
    wds = [int(groups[date.fromisoformat(d).weekday()]) for d in days]
    params = {k: v for k, v in asdict(method).items() if k != "name"}
    out = []
    for key in sorted(counts):
        # an alert needs min_count stories that day: a key that never has them is skipped, and only
        # its days that do are tested (a dense pass over every key and day of the range took 18 s on
        # 10,000 articles whose dates spanned 50 years)
        if max(counts[key].values()) < method.min_count:
            continue
        series = [counts[key].get(d, 0) for d in days]
        sums = None if isinstance(method, EarsC2) else _Sums(series, tot, wds)
        for t in [t for t, c in enumerate(series) if c >= method.min_count]:
            c, day = series[t], days[t]
            if since and day < since:
                continue
            if isinstance(method, EarsC2):
                hit = _ears_c2(series, t, method)
            else:
                hit = _poisson(series, tot, t, method, sums)
            if hit is None:
                continue
            baseline, score, alert, extra = hit
            if alert and c >= method.min_count:
                out.append({"kind": kind, "key": key, "day": day, "count": c,
                            "baseline": round(baseline, 3), "score": round(score, 2),
                            "method": method.name, "params": params, **extra})
    out.sort(key=lambda a: (a["day"], -a["score"], a["key"]))
    return out


class _Sums:
    """Prefix sums of a key's counts and of everything else, overall and per weekday,
    so that each day's window and weekday factor cost O(1)."""

    def __init__(self, series, tot, wds):
        self.wds = wds
        other = [max(t - s, 0) for t, s in zip(tot, series)]
        self.key = list(accumulate(series, initial=0))
        self.other = list(accumulate(other, initial=0))
        self.key_wd = [list(accumulate((s if d == w else 0 for s, d in zip(series, wds)), initial=0))
                       for w in range(7)]
        self.other_wd = [list(accumulate((o if d == w else 0 for o, d in zip(other, wds)), initial=0))
                         for w in range(7)]
        self.n_wd = [list(accumulate((int(d == w) for d in wds), initial=0)) for w in range(7)]

    def weekday_factor(self, t: int, m: PoissonWindow) -> float:
        """The key's count on t's weekday over the weeks before t, over what the
        unadjusted expectation gives for those days; both plus the prior."""
        start, w = max(0, t - 7 * m.weekday_weeks), self.wds[t]
        key_all = self.key[t] - self.key[start]
        key_w = self.key_wd[w][t] - self.key_wd[w][start]
        other_all = self.other[t] - self.other[start]
        if m.normalize and other_all > 0:
            expected_w = key_all / other_all * (self.other_wd[w][t] - self.other_wd[w][start])
        else:
            n = t - start
            expected_w = key_all * (self.n_wd[w][t] - self.n_wd[w][start]) / n if n else 0.0
        return (key_w + m.weekday_prior) / (expected_w + m.weekday_prior)


def _poisson(series, tot, t, m: PoissonWindow, sums: _Sums | None = None):
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
    extra = {}
    if m.weekday:
        sums = sums or _Sums(series, tot, [0] * len(series))
        factor = sums.weekday_factor(t, m)
        expected *= factor
        extra["weekday_factor"] = round(factor, 3)
    expected = max(expected, m.min_baseline)
    p = poisson_upper_tail(series[t], expected)
    if m.normalize and past_others > 0 and p < m.alpha:
        # A key in most of a day's stories leaves few others to scale by (none when it is in all of
        # them: expected 0). Stories either name the key or not, so its count is also read as a
        # binomial draw from the day's stories at its usual share; an alert must be rare under both.
        share = min(sum(past) / past_total * extra.get("weekday_factor", 1.0), 0.999)
        p = max(p, binomial_upper_tail(series[t], max(tot[t], series[t]), share))
    score = -math.log10(p) if p > 0 else 300.0
    return expected, score, p < m.alpha, extra


def _ears_c2(series, t, m: EarsC2):
    end = t - m.guard
    start = end - m.baseline
    if start < 0:
        return None
    past = series[start:end]
    mean = sum(past) / len(past)
    sd = math.sqrt(sum((x - mean) ** 2 for x in past) / (len(past) - 1)) if len(past) > 1 else 0.0
    score = (series[t] - mean) / max(sd, m.min_sd)
    return mean, score, score >= m.threshold, {}


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
