from datetime import date, datetime, timedelta

import pytest

from cuelog.analysis.windows import (
    UseCounts,
    compare_window,
    day_text,
    phase_of,
    phase_stats,
    status,
    use_count_line,
    use_counts,
    window_text,
)
from cuelog.models import Entry, QuitAttempt, new_id
from tests.factories import make_entry

QUIT = date(2026, 11, 1)


def attempt(day=QUIT, substance=None, set_at=datetime(2026, 10, 30, 9, 0).astimezone()):
    return QuitAttempt(day, substance, set_at)


def at(day: date, hour=20) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0).astimezone()


def entry(kind, day, intensity=5, **kw):
    return make_entry(at(day), kind, intensity, **kw)


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


# -- window texts -------------------------------------------------------------------
END = date(2026, 12, 6)  # quit date Mon 9 Nov 2026: weeks 2-4 are 16 Nov - 6 Dec


def test_day_text():
    assert day_text(END) == "Sun 6 Dec"
    assert day_text(date(2026, 11, 16)) == "Mon 16 Nov"


@pytest.mark.parametrize(
    "days, phase, short",
    [
        (-3, "ahead", "Weeks 2–4 run from Mon 16 Nov to Sun 6 Dec."),
        (0, "ahead", "Weeks 2–4 run from Mon 16 Nov to Sun 6 Dec."),
        (6, "ahead", "Weeks 2–4 run from Mon 16 Nov to Sun 6 Dec."),
        (7, "inside", "Weeks 2–4 run until Sun 6 Dec."),
        (20, "inside", "Weeks 2–4 run until Sun 6 Dec."),
        (27, "inside", "Weeks 2–4 run until Sun 6 Dec."),
        (28, "passed", "Weeks 2–4 have passed."),
        (120, "passed", "Weeks 2–4 have passed."),
    ],
)
def test_window_text_short(days, phase, short):
    text = window_text(days, {"alcohol"}, END)
    assert text.phase == phase
    assert text.text.startswith(short)
    assert "\n" not in text.text  # one line
    assert "left" not in text.text  # a date, not a countdown


def test_window_text_full_form_first_time_or_explain():
    short = window_text(10, {"alcohol"}, END)
    first = window_text(10, {"alcohol"}, END, first_time=True)
    explained = window_text(10, {"alcohol"}, END, explain=True)
    assert short.text == "Weeks 2–4 run until Sun 6 Dec."
    assert first.text.startswith(short.text + " Some people notice cravings return or feel stronger")
    assert "Studies differ" in first.text and "Your own journal is the better guide" in first.text
    assert explained.text.endswith("\nWhere these facts come from: cuelog sources")
    assert "cuelog sources" not in first.text


def test_the_crash_only_for_stimulants():
    for classes in ({"alcohol"}, {"opioids"}, {"unknown"}, set()):
        assert "crash" not in window_text(10, classes, END, explain=True).text
    stimulant = window_text(10, frozenset({"stimulants"}), END, explain=True)
    assert "crash" in stimulant.text and "stimulant-crash" in stimulant.sources
    assert "crash" not in window_text(10, {"stimulants"}, END).text  # not in the one-liner


def test_after_the_window_never_an_all_clear():
    short = window_text(28, {"stimulants"}, END)
    full = window_text(52, {"stimulants"}, END, first_time=True)
    for text in (short.text, full.text):
        assert "behind you" not in text and "cue" in text and "months" in text
    assert "ended on Sun 6 Dec" in full.text and "46–120" in full.text
    assert short.key == full.key == "cue-craving-lasts"


def test_every_window_text_has_a_source():
    from cuelog import sources

    for days in (-3, 0, 6, 7, 20, 27, 28, 60):
        for classes in ({"stimulants"}, {"alcohol"}, {"unknown"}):
            for first_time in (False, True):
                text = window_text(days, classes, END, first_time=first_time, explain=True)
                assert sources.source(text.key), text.key
                for key in text.sources:
                    assert sources.source(key), key


def test_no_window_without_a_quit_date():
    assert window_text(None, {"alcohol"}, None) is None


# -- honest counts -------------------------------------------------------------------
def checkin(on, used):
    return Entry(id=new_id(), kind="checkin", at=at(on, 12), logged_at=at(on, 12), day=on, used=used)


def test_use_counts_from_checkins():
    quit_day = QUIT
    entries = [checkin(quit_day + timedelta(days=d), False) for d in range(0, 21) if d not in (4, 9, 15)]
    entries += [checkin(quit_day + timedelta(days=9), True), entry("lapse", quit_day + timedelta(days=15))]
    entries += [checkin(quit_day - timedelta(days=1), False)]  # before the quit date: not counted
    counts = use_counts(quit_day, quit_day + timedelta(days=20), entries)
    assert counts == UseCounts(days=21, without_use=18, with_use=2, no_data=1)
    line = use_count_line(quit_day, quit_day + timedelta(days=20), entries)
    assert line == (
        "From your check-ins: 18 of the 21 days from your quit date to today without use "
        "(2 with use, 1 without a check-in)."
    )


def test_a_lapse_outweighs_a_checkin_saying_no_use():
    day = QUIT + timedelta(days=2)
    counts = use_counts(QUIT, day, [checkin(day, False), entry("lapse", day)])
    assert counts.with_use == 1 and counts.without_use == 0 and counts.days == 3


def test_nothing_said_without_checkins():
    assert use_count_line(QUIT, QUIT + timedelta(days=10), []) is None
    assert use_count_line(QUIT, QUIT + timedelta(days=10), [entry("lapse", QUIT), entry("craving", QUIT)]) is None
    assert use_count_line(QUIT, QUIT + timedelta(days=10), [checkin(QUIT, None)]) is None
    assert use_count_line(QUIT, QUIT - timedelta(days=1), [checkin(QUIT, False)]) is None


# -- the demo journal ---------------------------------------------------------------
def test_demo_is_deterministic_and_its_weeks_are_not_shaped():
    from cuelog.demo import demo_journal

    now = datetime(2026, 11, 22, 20, 0).astimezone()
    first, second = demo_journal(now), demo_journal(now)
    assert first == second
    attempt, entries = first
    stats = {s.phase: s for s in phase_stats(attempt.quit_date, now.date(), entries)}
    # One distribution for every week: means differ by chance only, not by design.
    means = [stats[p].mean_intensity for p in ("week 1", "weeks 2-4", "after")]
    assert max(means) - min(means) < 1
    assert sum(e.kind == "lapse" for e in entries) == 1
