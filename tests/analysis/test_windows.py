from datetime import date, datetime, timedelta

import pytest

from cuelog.analysis.windows import compare_window, phase_of, phase_stats, status
from cuelog.models import Cues, Entry, QuitAttempt, new_id

QUIT = date(2026, 11, 1)


def attempt(day=QUIT, substance=None, set_at=datetime(2026, 10, 30, 9, 0).astimezone()):
    return QuitAttempt(day, substance, set_at)


def at(day: date, hour=20) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0).astimezone()


def entry(kind, day, intensity=5, **kw):
    return Entry(id=new_id(), kind=kind, at=at(day), logged_at=at(day), intensity=intensity, cues=Cues(), **kw)


@pytest.mark.parametrize(
    "offset, week, inside, phase",
    [
        (-1, None, False, None),
        (0, 1, False, "week 1"),
        (6, 1, False, "week 1"),
        (7, 2, True, "weeks 2-4"),
        (13, 2, True, "weeks 2-4"),
        (14, 3, True, "weeks 2-4"),
        (27, 4, True, "weeks 2-4"),
        (28, 5, False, "after"),
        (100, 15, False, "after"),
    ],
)
def test_window_arithmetic(offset, week, inside, phase):
    as_of = QUIT + timedelta(days=offset)
    doc = status([attempt()], [], as_of)
    assert doc["days_since_quit"] == offset
    assert doc["week"] == week
    assert doc["in_extinction_burst"] is inside
    assert doc["extinction_burst"] == {"start": "2026-11-08", "end": "2026-11-28"}
    assert phase_of(QUIT, as_of) == phase


def test_no_quit_date():
    doc = status([], [entry("lapse", QUIT)], date(2026, 11, 12))
    assert doc["quit_date"] is None and doc["days_since_quit"] is None and doc["week"] is None
    assert doc["extinction_burst"] is None and doc["in_extinction_burst"] is False
    assert doc["as_of"] == "2026-11-12" and doc["lapses_since_quit"] == 0


def test_future_quit_date():
    doc = status([attempt(date(2026, 12, 1))], [], date(2026, 11, 22))
    assert doc["days_since_quit"] == -9 and doc["week"] is None and doc["in_extinction_burst"] is False


def test_several_attempts_use_the_one_in_force():
    attempts = [attempt(date(2026, 9, 1)), attempt(QUIT), attempt(date(2026, 12, 20))]
    assert status(attempts, [], date(2026, 10, 15))["quit_date"] == "2026-09-01"
    assert status(attempts, [], date(2026, 11, 12))["quit_date"] == "2026-11-01"
    assert status(attempts, [], date(2026, 12, 25))["quit_date"] == "2026-12-20"
    assert status(attempts, [], date(2026, 11, 12))["attempts"] == 3


def test_lapses_counted_from_quit_date_through_as_of_and_never_move_it():
    lapses = [entry("lapse", d) for d in (date(2026, 10, 31), QUIT, date(2026, 11, 9), date(2026, 11, 13))]
    doc = status([attempt()], lapses, date(2026, 11, 12))
    assert doc["lapses_since_quit"] == 2
    assert doc["quit_date"] == "2026-11-01" and doc["days_since_quit"] == 11


def test_phase_stats_and_comparison():
    entries = []
    for offset in range(0, 35):
        day = QUIT + timedelta(days=offset)
        level = 3 if offset < 7 else 8 if offset <= 27 else 2
        entries.append(entry("craving", day, level))
        entries.append(entry("craving", day, level - 1))
    stats = {s.phase: s for s in phase_stats(QUIT, QUIT + timedelta(days=34), entries)}
    assert stats["week 1"].days == 7 and stats["weeks 2-4"].days == 21 and stats["after"].days == 7
    assert stats["weeks 2-4"].cravings == 42 and stats["weeks 2-4"].cravings_per_day == 2.0
    assert stats["weeks 2-4"].peak_mean == 8.0 and stats["week 1"].peak_mean == 3.0
    text = compare_window(list(stats.values()))
    assert "higher than week 1 (3/10)" in text and "higher than after (2/10)" in text


def test_comparison_needs_enough_days():
    entries = [entry("craving", QUIT + timedelta(days=d)) for d in (0, 1, 2, 8, 9)]
    assert compare_window(phase_stats(QUIT, QUIT + timedelta(days=10), entries)) is None


def test_phase_days_stop_at_as_of():
    stats = phase_stats(QUIT, QUIT + timedelta(days=10), [])
    assert [s.days for s in stats] == [7, 4, 0]
