"""Invariants of time input, and the promise that the everyday forms never import dateutil."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from cuelog.errors import InputError
from cuelog.timeparse import parse_day, parse_since, parse_when

# Naive wall-clock times in conftest's zone (Europe/Berlin), within the supported years.
WALLS = st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2150, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0)
)


@given(WALLS, st.integers(min_value=0, max_value=20_000))
def test_hours_ago_is_elapsed_time(wall, hours):
    now = wall.astimezone()
    got = parse_when(f"{hours} hours ago", now)
    assert got == now - timedelta(hours=hours)
    assert got.utcoffset() == got.astimezone().utcoffset()  # stored with the offset local at that moment


@given(WALLS, st.integers(min_value=0, max_value=3000))
def test_days_ago_keep_the_wall_clock(wall, days):
    now = wall.astimezone()
    before = now.replace(tzinfo=None) - timedelta(days=days)
    moved = parse_when(f"{days}d ago", now).replace(tzinfo=None) - before
    assert moved in (timedelta(0), timedelta(hours=1))  # the same wall-clock time, or after a skipped hour


@given(WALLS)
def test_a_wall_clock_time_reads_back_or_is_refused_as_skipped(wall):
    now = datetime(2200, 1, 1).astimezone()
    try:
        got = parse_when(f"{wall:%Y-%m-%d %H:%M}", now)
    except InputError as exc:
        assert "does not exist in your time zone" in exc.message
        return
    assert got.replace(tzinfo=None) == wall
    assert got == min(wall.astimezone(), wall.replace(fold=1).astimezone())  # a repeated hour: the first


@given(WALLS)
def test_the_stored_form_reads_back(wall):
    moment = wall.astimezone()
    now = datetime(2200, 1, 1).astimezone()
    assert parse_when(moment.isoformat(timespec="seconds"), now) == moment
    assert parse_when(moment.isoformat(timespec="seconds"), now).utcoffset() == moment.utcoffset()


@given(WALLS, st.integers(min_value=1, max_value=600))
def test_months_back_never_fail_and_never_overshoot(wall, months):
    now = wall.astimezone()
    got = parse_since(f"{months}mo", now).replace(tzinfo=None)
    assert (wall.year - got.year) * 12 + wall.month - got.month == months
    assert got.day <= wall.day  # 31 May - 3mo is 28 (29) February, never March
    assert parse_since(f"{months} months ago", now) == parse_since(f"{months}mo", now)


@given(WALLS.map(lambda d: d.date()))
def test_an_iso_day_reads_back(day):
    assert parse_day(day.isoformat(), day) == day
    assert parse_day(day.isoformat(), datetime(1950, 1, 1).date(), allow_future=True) == day


def _run(code: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "TZ": "Europe/Berlin"}
    return subprocess.run([sys.executable, *args, "-c", code], env=env, capture_output=True, text=True, check=True)


FAST = """
import sys
from datetime import datetime
import cuelog.timeparse as t
now = datetime(2026, 11, 22, 23, 0).astimezone()
t.parse_when("21:30", now)
t.parse_when("2026-11-10 21:30", now)
t.parse_when("2026-11-10T21:30:00+01:00", now)
t.parse_when("2h ago", now)
t.parse_when("yesterday 9pm", now)
t.parse_when("monday", now)
t.parse_since("30d", now)
t.parse_until("2026-11-10", now)
t.parse_day("2026-11-10", now.date())
t.parse_day("10/11/2026", now.date(), env={"LANG": "en_GB.UTF-8"})
print(sorted(name for name in sys.modules if name.startswith("dateutil")))
"""


def test_everyday_forms_do_not_import_dateutil():
    assert _run(FAST).stdout.strip() == "[]"


def test_importing_the_module_does_not_import_dateutil():
    assert "dateutil" not in _run("import cuelog.timeparse", "-X", "importtime").stderr


def test_month_names_and_calendar_months_do_import_it():
    """The check above means something: the slow paths do load dateutil, lazily."""
    code = FAST.replace('t.parse_when("21:30", now)', 't.parse_when("Nov 3", now); t.parse_since("3mo", now)')
    assert "dateutil.parser" in _run(code).stdout
    assert "dateutil.relativedelta" in _run(code).stdout
