"""Surge alerts on series written for the test: the surge is flagged, steady keys are not."""
import math
import random

import pytest

from pipeline.coverage.alerts import (EarsC2, PoissonWindow, agency_rows, day_totals, detect,
                                      poisson_upper_tail, story_counts, theme_rows)


def days(n, start=1):
    return [f"2024-03-{d:02d}" for d in range(start, start + n)]


def steady_rows(keys=("economy", "health", "security"), n=30, per_day=4, seed=1):
    rng = random.Random(seed)
    rows = []
    for key in keys:
        for day in days(n):
            for i in range(per_day + rng.choice([-1, 0, 0, 1])):
                rows.append((key, day, f"{key}-{day}-{i}"))
    return rows


def test_poisson_tail_matches_the_definition():
    lam, k = 2.5, 4
    cdf = sum(math.exp(-lam) * lam ** i / math.factorial(i) for i in range(k))
    assert poisson_upper_tail(k, lam) == pytest.approx(1 - cdf, rel=1e-9)
    assert poisson_upper_tail(0, 3.0) == 1.0
    assert 0 < poisson_upper_tail(60, 2.0) < 1e-40     # the far tail does not underflow to 0


def test_ears_c2_flags_the_surge():
    rows = steady_rows() + [("health", "2024-03-25", f"surge-{i}") for i in range(15)]
    assert ("health", "2024-03-25") in {(a["key"], a["day"]) for a in detect(rows, "theme", EarsC2())}


@pytest.mark.parametrize("method", [PoissonWindow(), PoissonWindow(normalize=False)])
def test_one_day_surge_is_flagged_and_nothing_else(method):
    rows = steady_rows()
    rows += [("health", "2024-03-25", f"surge-{i}") for i in range(15)]
    alerts = detect(rows, "theme", method)
    assert [(a["key"], a["day"]) for a in alerts] == [("health", "2024-03-25")]
    a = alerts[0]
    assert set(a) >= {"kind", "key", "day", "count", "baseline", "score", "method", "params"}
    assert a["kind"] == "theme" and a["count"] >= 15 and a["baseline"] < a["count"]
    assert a["method"] == method.name and a["params"]


def test_copies_of_one_story_are_one_story():
    rows = steady_rows()
    rows += [("health", "2024-03-25", "one-press-release") for _ in range(15)]   # ten outlets, one story
    assert detect(rows, "theme") == []


def test_a_rise_in_total_volume_alone_is_not_a_surge_when_normalised():
    rows = steady_rows(n=30)
    rows += [(k, d, f"{k}-{d}-extra{i}") for k in ("economy", "health", "security")
             for d in days(6, start=25) for i in range(12)]                         # every key x4
    assert detect(rows, "theme", PoissonWindow()) == []
    assert detect(rows, "theme", PoissonWindow(normalize=False))                    # the raw mean fires


def test_since_and_short_history():
    rows = steady_rows() + [("health", "2024-03-03", f"early-{i}") for i in range(15)]
    rows += [("health", "2024-03-25", f"surge-{i}") for i in range(15)]
    got = detect(rows, "theme")
    assert [a["day"] for a in got] == ["2024-03-25"]        # day 3 has no baseline yet
    assert detect(rows, "theme", since="2024-03-26") == []


def test_rows_from_records():
    records = [{"id": "a", "date": "2024-03-01", "themes": [{"id": "health", "score": .9}], "entities": [],
                "officials": [{"person": "X Y", "title": "Giám đốc", "org": "Sở Y tế Hà Nội", "start": 0, "end": 1}]},
               {"id": "b", "date": "2024-03-01", "themes": [{"id": "health", "score": .8}], "entities": [
                   {"label": "ORG", "text": "Sở Y tế TP Hà Nội", "start": 0, "end": 1}], "officials": []},
               {"id": "c", "date": None, "themes": [{"id": "health", "score": .8}], "entities": [], "officials": []}]
    assignment = {"a": "s1", "b": "s1", "c": "s2"}
    counts, _ = story_counts(theme_rows(records, assignment))
    assert counts == {"health": {"2024-03-01": 1}}
    agencies = list(agency_rows(records, assignment))
    assert len({a for a, _, _ in agencies}) == 1                   # one agency across spellings
    assert day_totals(records, assignment) == {"2024-03-01": 1}


def test_no_rows_no_alerts():
    assert detect([], "agency") == []


def weekly_rows(n_weeks=16, start="2024-01-01"):
    """Five flat keys at 20 stories a day, and `gov`: 120 a weekday, 6 on a weekend day."""
    from datetime import date, timedelta

    first = date.fromisoformat(start)
    rows = []
    for t in range(7 * n_weeks):
        d = first + timedelta(days=t)
        for key in ("a", "b", "c", "d", "e"):
            rows += [(key, d.isoformat(), f"{key}-{t}-{i}") for i in range(20)]
        rows += [("gov", d.isoformat(), f"gov-{t}-{i}") for i in range(120 if d.weekday() < 5 else 6)]
    return rows


@pytest.mark.parametrize("normalize", [True, False])
def test_a_weekend_dip_is_not_a_surge_every_monday(normalize):
    rows = weekly_rows()
    blind = detect(rows, "theme", PoissonWindow(normalize=normalize, weekday=False))
    # the weekly average pulls the weekdays' baseline down; scaled by the day's stories, the binomial
    # reading of gov's share (over half of a weekday's stories) already keeps it quiet
    assert any(a["key"] == "gov" for a in blind) is not normalize
    assert detect(rows, "theme", PoissonWindow(normalize=normalize)) == []


def test_a_weekend_surge_of_a_weekday_key_is_seen():
    from datetime import date

    rows = [r for r in weekly_rows() if r[0] != "gov"]
    for day in sorted({d for _, d, _ in rows}):
        weekday = date.fromisoformat(day).weekday()
        rows += [("gov", day, f"gov-{day}-{i}") for i in range(10 if weekday < 5 else 0)]
    saturday = "2024-04-13"
    assert date.fromisoformat(saturday).weekday() == 5
    rows += [("gov", saturday, f"weekend-{i}") for i in range(10)]
    got = detect(rows, "theme")
    assert [(a["key"], a["day"]) for a in got] == [("gov", saturday)]
    a = got[0]
    assert a["weekday_factor"] < 1 and a["params"]["weekday"] and a["params"]["weekday_groups"] == "0000012"
    assert detect(rows, "theme", PoissonWindow(weekday=False)) == []   # ten on a Saturday is a weekday's ten


def test_weekday_groups_are_checked():
    with pytest.raises(ValueError):
        PoissonWindow(weekday_groups="00000")


def test_a_key_in_nearly_every_story_raises_no_alert_on_a_day_it_is_in_all():
    """A one-campaign archive: one agency in 7 of 8 stories a day, and in all 8 on some days. Scaled
    by the other stories of the day alone, those days would be expected at zero (a false alert);
    the key's usual share of the day bounds the expectation from below."""
    rows = []
    for n, day in enumerate(days(30)):
        share = 8 if n % 5 == 0 else 7
        for i in range(8):
            rows.append(("ministry" if i < share else "province", day, f"s-{day}-{i}"))
    assert detect(rows, "agency", PoissonWindow()) == []
    # the minority key's surge is still seen; the dominant key's volume is the archive's volume,
    # which `normalize` reads as collection, not news
    rows += [("province", "2024-03-29", f"surge-{i}") for i in range(12)]
    assert {(a["key"], a["day"]) for a in detect(rows, "agency", PoissonWindow())} == {("province", "2024-03-29")}


def test_binomial_tail_matches_the_definition():
    from pipeline.coverage.alerts import binomial_upper_tail

    n, p, k = 10, 0.3, 4
    exact = sum(math.comb(n, i) * p ** i * (1 - p) ** (n - i) for i in range(k, n + 1))
    assert binomial_upper_tail(k, n, p) == pytest.approx(exact, rel=1e-9)
    assert binomial_upper_tail(8, 8, 0.9) == pytest.approx(0.9 ** 8)
    assert binomial_upper_tail(0, 5, 0.1) == 1.0 and binomial_upper_tail(6, 5, 0.1) == 0.0


@pytest.mark.parametrize("method", [PoissonWindow(), EarsC2()])
def test_only_days_that_reach_min_count_are_tested(method, monkeypatch):
    """A key's day is tested only when it has `min_count` stories, which an alert needs anyway; a key
    that never has them is not tested at all. Before, every key was tested on every day of the range,
    and one article dated fifty years back made that range 18,000 days long for every key."""
    from pipeline.coverage import alerts

    rows = steady_rows() + [("health", "2024-03-25", f"surge-{i}") for i in range(15)]
    rows += [(f"rare-{k}", day, f"rare-{k}-{day}") for k in range(40) for day in days(30)[::7]]
    rows += [("rare-0", "1974-03-01", "old")]
    expected = detect(rows, "theme", method)
    tested = []
    name = "_ears_c2" if isinstance(method, EarsC2) else "_poisson"
    real = getattr(alerts, name)

    def counted(series, *args, **kw):
        t = args[0] if isinstance(method, EarsC2) else args[1]   # (series, t, m) or (series, tot, t, m, sums)
        tested.append(series[t])
        return real(series, *args, **kw)

    monkeypatch.setattr(alerts, name, counted)
    assert detect(rows, "theme", method) == expected
    assert ("health", "2024-03-25") in {(a["key"], a["day"]) for a in expected}
    assert tested and min(tested) >= method.min_count
    busy_days = sum(1 for _, c in story_counts(rows)[0].items() for n in c.values() if n >= method.min_count)
    assert len(tested) == busy_days


def test_an_agency_the_agencies_table_lacks_is_named_and_classified_by_its_mentions():
    """A shared database's agencies table is the last-loaded output's: an alert on an agency of another
    output keeps its name, and a company is still no public body."""
    import duckdb

    from pipeline.coverage.sectors import public
    from pipeline.output.alerts import named_by_mentions
    from pipeline.output.report.queries import _Database

    con = duckdb.connect()
    con.execute("CREATE TABLE entities (doc_id TEXT, label TEXT, text TEXT, canonical TEXT, entity_id TEXT)")
    con.execute("CREATE TABLE officials (doc_id TEXT, org TEXT, org_canonical TEXT, agency_id TEXT)")
    con.execute("INSERT INTO entities VALUES ('d1', 'ORG', 'Chi cục QLTT', 'Chi cục Quản lý thị trường tỉnh Bắc Ninh', 'a1'),"
                "('d2', 'ORG', 'Chi cục QLTT', 'Chi cục Quản lý thị trường tỉnh Bắc Ninh', 'a1'),"
                "('d1', 'ORG', 'Công ty Hải Hà', 'Công ty Trách nhiệm hữu hạn Thương mại Hải Hà', 'c1'),"
                "('d3', 'ORG', 'Sở Tài chính', 'Sở Tài chính', 'known')")
    con.execute("INSERT INTO officials VALUES ('d4', 'Chi cục QLTT Bắc Ninh', NULL, 'a1')")
    named = named_by_mentions(_Database(con, "qmark", "memory"), {"known": {}})
    assert set(named) == {"a1", "c1"}
    assert named["a1"]["canonical"] == "Chi cục Quản lý thị trường tỉnh Bắc Ninh"
    assert public(named["a1"]["sector"], named["a1"]["canonical"])
    assert named["c1"]["sector"] == "business" and not public(named["c1"]["sector"], named["c1"]["canonical"])
