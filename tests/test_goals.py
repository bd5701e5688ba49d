"""Goals in the journal's vocabulary: limits read from text, and how goals end."""

from datetime import UTC, date, datetime

import pytest

from cuelog.errors import InputError
from cuelog.models import Goal, Limit, QuitAttempt, active_goals, journal_goals, parse_limit

AT = datetime(2026, 11, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "per_day", "unit", "days"),
    [
        ("2 drinks/day, 3 days/week", 2, "drinks", 3),
        ("no more than 2 drinks a day on 3 days a week", 2, "drinks", 3),
        ("≤ 2 drinks per day, ≤ 3 days per week", 2, "drinks", 3),
        ("3 days a week", None, None, 3),
        ("4 pints a day", 4, "pints", None),
        ("1.5 bags/day", 1.5, "bags", None),
        ("2 a day", 2, None, None),
        ("0 days/week", None, None, 0),
    ],
)
def test_limits_read_from_text(text, per_day, unit, days):
    limit = parse_limit(text)
    assert (limit.per_day, limit.unit, limit.days_per_week, limit.text) == (per_day, unit, days, text)


@pytest.mark.parametrize("text", ["less", "8 days a week", "2.5 days a week", "", "a lot/day"])
def test_unreadable_limits_are_refused(text):
    with pytest.raises(InputError):
        parse_limit(text)


def attempt(day: int, substance: str | None, hour: int = 12) -> QuitAttempt:
    return QuitAttempt(date(2026, 11, day), substance, AT.replace(day=day, hour=hour))


def test_older_attempts_keep_their_meaning_and_new_goals_end_only_their_substance():
    older = [attempt(1, "opioids"), attempt(5, "alcohol")]  # before goals: the second ended the first
    goals = journal_goals(older, [])
    assert [(g.substance, g.ended, g.from_attempt) for g in goals] == [
        ("opioids", date(2026, 11, 5), True),
        ("alcohol", None, True),
    ]
    cut = Goal("c1", "cut-down", "cannabis", date(2026, 11, 6), AT, limit=Limit(None, None, 2))
    stop = Goal("s1", "stop", "alcohol", date(2026, 11, 9), AT.replace(day=9), quit_date=date(2026, 11, 9))
    goals = journal_goals(older, [cut, stop])
    assert [(g.substance, g.ended) for g in goals] == [
        ("opioids", date(2026, 11, 5)),
        ("alcohol", date(2026, 11, 9)),
        ("cannabis", None),
        ("alcohol", None),
    ]
    assert [g.id for g in active_goals(goals, date(2026, 11, 10))] == ["c1", "s1"]
    assert [g.substance for g in active_goals(goals, date(2026, 11, 4))] == ["opioids"]
    planned = Goal("p1", "stop", "nicotine", date(2026, 11, 20), AT.replace(day=8), quit_date=date(2026, 11, 20))
    assert [g.id for g in active_goals([planned], date(2026, 11, 8))] == ["p1"]  # set on the 8th, ahead
    assert active_goals([planned], date(2026, 11, 7)) == []


def test_a_goal_record_round_trips():
    goal = Goal(
        "g1", "cut-down", "alcohol", date(2026, 11, 6), AT, limit=Limit(2, "drinks", 3, "2 drinks/day"), typed="Alcohol"
    )
    assert Goal.from_record(goal.to_record()) == goal
    with pytest.raises(InputError):
        Goal.from_record(goal.to_record() | {"limit": None})
    with pytest.raises(InputError):
        Goal.from_record(goal.to_record() | {"type": "stop"})  # no quit date
