"""Cravings too recent to tell, and means rounded half away from zero."""

from datetime import date, datetime, timedelta

from cuelog.analysis.plans import with_plans
from cuelog.analysis.report import build_report
from cuelog.analysis.summary import summarise
from cuelog.analysis.windows import phase_stats
from cuelog.models import Cues, Plan
from tests.factories import make_entry

NOW = datetime(2026, 11, 22, 15, 0).astimezone()


def entry(kind, at, intensity=5, coping=(), **cues):
    return make_entry(at, kind, intensity, coping=coping, day=at.date() if kind == "checkin" else None, **cues)


def summary(entries, now=NOW):
    return summarise(entries, since=None, until=None, as_of=now.date(), attempts=[], top=5, now=now)


def test_a_craving_younger_than_a_day_is_too_recent_to_tell():
    entries = [
        entry("craving", NOW - timedelta(days=3), coping=["walk"], place=["bar"]),  # passed
        entry("craving", NOW - timedelta(hours=30), coping=["walk"], place=["bar"]),  # a lapse 2 h later
        entry("lapse", NOW - timedelta(hours=28), place=["bar"]),
        entry("craving", NOW - timedelta(hours=23), coping=["walk"], place=["bar"]),  # pending
        entry("craving", NOW - timedelta(minutes=1), coping=["call"], place=["home"]),  # pending
    ]
    doc = summary(entries)
    assert doc["pending"] == 2
    assert doc["cravings_passed_without_lapse"] == 1
    assert doc["coping"] == [
        {"coping": "walk", "used": 3, "passed_without_lapse": 1, "pending": 1},
        {"coping": "call", "used": 1, "passed_without_lapse": 0, "pending": 1},
    ]
    bar = doc["by_dimension"]["place"][0]
    assert bar["value"] == "bar" and bar["followed_by_lapse"] == 1
    # A day later, nothing is pending any more.
    later = summary(entries, NOW + timedelta(days=1))
    assert later["pending"] == 0 and later["cravings_passed_without_lapse"] == 3


def test_a_recent_craving_a_lapse_already_followed_is_not_pending():
    entries = [entry("craving", NOW - timedelta(hours=3)), entry("lapse", NOW - timedelta(hours=1))]
    doc = summary(entries)
    assert doc["pending"] == 0 and doc["cravings_passed_without_lapse"] == 0


def test_plan_effects_count_pending_apart():
    plan = Plan(id="p1", cues=Cues.build({"place": ["bar"]}), then="leave", created_at=NOW - timedelta(days=5))
    entries = [
        entry("craving", NOW - timedelta(days=2), place=["bar"]),
        entry("craving", NOW - timedelta(hours=2), place=["bar"]),
    ]
    [item] = with_plans([{"dimension": "place", "value": "bar"}], [plan], entries, NOW)
    assert item["plan"]["cravings"] == 2
    assert item["plan"]["passed_without_lapse"] == 1 and item["plan"]["pending"] == 1


def test_the_report_says_how_many_are_pending():
    entries = [entry("craving", NOW - timedelta(hours=2)), entry("craving", NOW - timedelta(days=4))]
    report = build_report(entries, [], end=NOW.date(), since=None, until=None, redact_parts=set(), generated_at=NOW)
    assert report["pending"] == 1 and report["cravings_passed_without_lapse"] == 1


def test_means_round_half_away_from_zero_everywhere():
    # 33 / 4 = 8.25: Python's round gives 8.2, people (and cuelog) say 8.3.
    at = NOW - timedelta(days=10)
    entries = [
        entry("craving", at + timedelta(hours=i), intensity=v, place=["bar"]) for i, v in enumerate((8, 8, 8, 9))
    ]
    doc = summary(entries)
    assert doc["by_dimension"]["place"][0]["mean_intensity"] == 8.3
    quit_day = at.date() - timedelta(days=10)
    window = next(p for p in phase_stats(quit_day, NOW.date(), entries) if p.phase == "weeks 2-4")
    assert window.mean_intensity == 8.3
    # 0.25 cravings a day over four days rounds to 0.3.
    week = phase_stats(date(2026, 11, 1), date(2026, 11, 4), [entry("craving", datetime(2026, 11, 2, 9).astimezone())])
    assert week[0].cravings_per_day == 0.3
