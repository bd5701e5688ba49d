"""Every time form against pinned clocks, including changes of clocks in two more zones.

Expected moments are written as naive local wall-clock times in the row's zone
(read with fold=0) or as aware datetimes; the test checks the instant and the
offset, since the offset is what gets stored.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from cuelog.errors import InputError
from cuelog.timeparse import (
    DAY_HINT,
    SINCE_HINT,
    UNTIL_HINT,
    WHEN_HINT,
    parse_day,
    parse_since,
    parse_until,
    parse_when,
)


@contextmanager
def zone(name: str):
    """Run in another local time zone, the way users set it: TZ read by the C library."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


@dataclass(frozen=True)
class No:
    """A refusal whose message contains this text."""

    says: str


NOW = object()  # the result is the clock itself
END = datetime.max.time()

CLOCKS = {
    "tue0030": ("Europe/Berlin", datetime(2026, 11, 24, 0, 30)),  # a Tuesday
    "tue1800": ("Europe/Berlin", datetime(2026, 11, 24, 18, 0)),
    "tue2330": ("Europe/Berlin", datetime(2026, 11, 24, 23, 30)),
    "sun0030": ("Europe/Berlin", datetime(2026, 11, 22, 0, 30)),  # a Sunday
    "sun2330": ("Europe/Berlin", datetime(2026, 11, 22, 23, 30)),
    "may31": ("Europe/Berlin", datetime(2026, 5, 31, 15, 0)),  # the 31st, summer time
    "leap": ("Europe/Berlin", datetime(2028, 5, 31, 15, 0)),
    "leapday": ("Europe/Berlin", datetime(2028, 2, 29, 12, 0)),
    "london_spring": ("Europe/London", datetime(2026, 3, 29, 12, 0)),  # 01:00 GMT -> 02:00 BST
    "london_autumn": ("Europe/London", datetime(2026, 10, 25, 12, 0)),  # 02:00 BST -> 01:00 GMT
    "ny_spring": ("America/New_York", datetime(2026, 3, 8, 12, 0)),  # 02:00 EST -> 03:00 EDT
    "ny_autumn": ("America/New_York", datetime(2026, 11, 1, 12, 0)),  # 02:00 EDT -> 01:00 EST
}

FUNCS = {
    "when": lambda text, now: parse_when(text, now),
    "since": lambda text, now: parse_since(text, now),
    "until": lambda text, now: parse_until(text, now),
    "day": lambda text, now: parse_day(text, now.date()),
    "on": lambda text, now: parse_day(text, now.date(), allow_future=True),
}
HINTS = {"when": WHEN_HINT, "since": SINCE_HINT, "until": UNTIL_HINT, "day": DAY_HINT, "on": DAY_HINT}

D = datetime
BST = timezone(timedelta(hours=1))
EDT = timezone(timedelta(hours=-4))
EST = timezone(timedelta(hours=-5))

ROWS = [
    # --- today's forms, clocks and days: a Tuesday, late evening
    ("tue2330", "when", "now", NOW),
    ("tue2330", "when", "21:30", D(2026, 11, 24, 21, 30)),
    ("tue2330", "when", "9pm", D(2026, 11, 24, 21, 0)),
    ("tue2330", "when", "9:30pm", D(2026, 11, 24, 21, 30)),
    ("tue2330", "when", "9 p.m.", D(2026, 11, 24, 21, 0)),
    ("tue2330", "when", "12am", D(2026, 11, 24, 0, 0)),
    ("tue2330", "when", "12pm", D(2026, 11, 24, 12, 0)),
    ("tue2330", "when", "noon", D(2026, 11, 24, 12, 0)),
    ("tue2330", "when", "midnight", D(2026, 11, 24, 0, 0)),
    ("tue2330", "when", "today", D(2026, 11, 24, 12, 0)),
    ("tue2330", "when", "yesterday", D(2026, 11, 23, 12, 0)),
    ("tue2330", "when", "yesterday 21:30", D(2026, 11, 23, 21, 30)),
    ("tue2330", "when", "yesterday 9pm", D(2026, 11, 23, 21, 0)),
    ("tue2330", "when", "Yesterday at 9PM", D(2026, 11, 23, 21, 0)),
    ("tue2330", "when", "today at 21:30", D(2026, 11, 24, 21, 30)),
    ("tue2330", "when", "this morning", D(2026, 11, 24, 9, 0)),
    ("tue2330", "when", "this afternoon", D(2026, 11, 24, 15, 0)),
    ("tue2330", "when", "this evening", D(2026, 11, 24, 19, 0)),
    ("tue2330", "when", "last night", D(2026, 11, 23, 23, 0)),
    ("tue2330", "when", "yesterday morning", D(2026, 11, 23, 9, 0)),
    ("tue2330", "when", "monday", D(2026, 11, 23, 12, 0)),
    ("tue2330", "when", "mon", D(2026, 11, 23, 12, 0)),
    ("tue2330", "when", "on monday", D(2026, 11, 23, 12, 0)),
    ("tue2330", "when", "tuesday", D(2026, 11, 24, 12, 0)),  # today's name, no time: today
    ("tue2330", "when", "tuesday 9pm", D(2026, 11, 24, 21, 0)),  # today's name, time passed: today
    ("tue2330", "when", "last tuesday", D(2026, 11, 17, 12, 0)),
    ("tue2330", "when", "last friday 9pm", D(2026, 11, 20, 21, 0)),
    ("tue2330", "when", "fri 21:00", D(2026, 11, 20, 21, 0)),
    ("tue2330", "when", "friday at 9pm", D(2026, 11, 20, 21, 0)),
    ("tue2330", "when", "Nov 3", D(2026, 11, 3, 12, 0)),
    ("tue2330", "when", "3 Nov 21:30", D(2026, 11, 3, 21, 30)),
    ("tue2330", "when", "November 3rd 2026", D(2026, 11, 3, 12, 0)),
    ("tue2330", "when", "nov 3 9pm", D(2026, 11, 3, 21, 0)),
    ("tue2330", "when", "Nov 3, 2025 at 9pm", D(2025, 11, 3, 21, 0)),
    ("tue2330", "when", "tuesday nov 3", D(2026, 11, 3, 12, 0)),
    ("tue2330", "when", "Dec 1", D(2025, 12, 1, 12, 0)),  # no year, ahead this year: last year
    ("tue2330", "when", "2 hours ago", D(2026, 11, 24, 21, 30)),
    ("tue2330", "when", "90 minutes ago", D(2026, 11, 24, 22, 0)),
    ("tue2330", "when", "3 days ago", D(2026, 11, 21, 23, 30)),
    ("tue2330", "when", "a week ago", D(2026, 11, 17, 23, 30)),
    ("tue2330", "when", "an hour ago", D(2026, 11, 24, 22, 30)),
    ("tue2330", "when", "1 min ago", D(2026, 11, 24, 23, 29)),
    ("tue2330", "when", "2 hrs ago", D(2026, 11, 24, 21, 30)),
    ("tue2330", "when", "30m ago", D(2026, 11, 24, 23, 0)),
    ("tue2330", "when", "3m ago", D(2026, 11, 24, 23, 27)),  # m is minutes, always
    ("tue2330", "when", "2h ago", D(2026, 11, 24, 21, 30)),
    ("tue2330", "when", "3d ago", D(2026, 11, 21, 23, 30)),
    ("tue2330", "when", "2w ago", D(2026, 11, 10, 23, 30)),
    ("tue2330", "when", "2026-11-10", D(2026, 11, 10, 12, 0)),
    ("tue2330", "when", "2026-11-10 21:30", D(2026, 11, 10, 21, 30)),
    ("tue2330", "when", "2026-11-10 9pm", D(2026, 11, 10, 21, 0)),
    ("tue2330", "when", "2026-11-10T21:30:00+05:00", D(2026, 11, 10, 21, 30, tzinfo=timezone(timedelta(hours=5)))),
    ("tue2330", "when", "2026-07-10 21:30", D(2026, 7, 10, 21, 30)),  # summer offset in winter
    ("tue2330", "when", "23:34", D(2026, 11, 24, 23, 34)),  # within the five minutes of slack
    # --- refusals
    ("tue2330", "when", "2h", No("'2h ago'")),
    ("tue2330", "when", "2 h", No("02:00")),
    ("tue2330", "when", "tomorrow-ish", No("cannot read the time")),
    ("tue2330", "when", "", No("empty")),
    ("tue2330", "when", "   ", No("empty")),
    ("tue2330", "when", "tomorrow", No("in the future")),
    ("tue2330", "when", "2026-11-25", No("in the future")),
    ("tue2330", "when", "23:36", No("in the future")),
    ("tue2330", "when", "25:00", No("cannot read")),
    ("tue2330", "when", "13pm", No("cannot read")),
    ("tue2330", "when", "21:30pm", No("cannot read")),
    ("tue2330", "when", "yesterday 9", No("cannot read")),
    ("tue2330", "when", "next monday", No("cannot read")),
    ("tue2330", "when", "3 months ago", No("months and years work in --since and --until")),
    ("tue2330", "when", "1y", No("months and years")),
    ("tue2330", "when", "30d", No("write '30d ago'")),
    ("tue2330", "when", "nov 2026", No("a month and a day")),
    ("tue2330", "when", "nov 31", No("cannot read the date")),
    ("tue2330", "when", "feb 29", No("not a date in 2026")),
    ("tue2330", "when", "nov 3 26", No("year in full")),
    ("tue2330", "when", "monday nov 3", No("2026-11-03 is a Tuesday")),
    ("tue2330", "when", "1899-12-31", No("outside the years 1900-2200")),
    ("tue2330", "when", "2201-01-01 10:00", No("outside the years")),
    ("tue2330", "when", "999999w ago", No("outside the years")),
    ("tue2330", "when", "1234567d ago", No("cannot read")),
    ("tue2330", "when", "10/11/2026", No("could be 11 October 2026 or 10 November 2026")),
    ("tue2330", "when", "10/11/26", No("year in full")),
    ("tue2330", "when", "10.11", No("cannot read")),  # could be a clock time: 10.11. is the date
    ("tue2330", "when", "2026-03-29 02:30", No("does not exist in your time zone")),  # Berlin, spring
    # --- just after midnight: the day has barely begun
    ("tue0030", "when", "tuesday 9pm", D(2026, 11, 17, 21, 0)),  # still ahead today: a week ago
    ("tue0030", "when", "today", NOW),  # 12:00 is ahead: now
    ("tue0030", "when", "this morning", No("in the future")),
    ("tue0030", "when", "last night", D(2026, 11, 23, 23, 0)),
    ("tue0030", "when", "21:30", No("in the future")),
    ("tue0030", "when", "00:33", D(2026, 11, 24, 0, 33)),
    ("tue0030", "when", "00:36", No("in the future")),
    ("tue0030", "when", "midnight", D(2026, 11, 24, 0, 0)),
    ("tue0030", "when", "yesterday 23:59", D(2026, 11, 23, 23, 59)),
    ("tue0030", "when", "2h ago", D(2026, 11, 23, 22, 30)),
    ("tue0030", "until", "today", D(2026, 11, 24, 23, 59, 59, 999999)),  # a date includes the whole day
    ("tue0030", "until", "21:30", No("in the future")),
    # --- a part of the day that has begun: its stated time is still ahead, so now
    ("tue1800", "when", "this evening", NOW),
    ("tue1800", "when", "tuesday evening", NOW),
    ("tue1800", "when", "this afternoon", D(2026, 11, 24, 15, 0)),
    ("tue1800", "when", "tonight", No("cannot read")),
    # --- a Sunday
    ("sun2330", "when", "sunday", D(2026, 11, 22, 12, 0)),
    ("sun2330", "when", "sun 21:00", D(2026, 11, 22, 21, 0)),
    ("sun2330", "when", "last sunday", D(2026, 11, 15, 12, 0)),
    ("sun2330", "when", "saturday night", D(2026, 11, 21, 23, 0)),
    ("sun2330", "when", "monday", D(2026, 11, 16, 12, 0)),
    ("sun0030", "when", "sunday 9am", D(2026, 11, 15, 9, 0)),
    ("sun0030", "when", "sunday", NOW),
    ("sun0030", "when", "last night", D(2026, 11, 21, 23, 0)),
    ("sun0030", "when", "saturday 23:00", D(2026, 11, 21, 23, 0)),
    ("sun0030", "when", "this evening", No("in the future")),
    # --- --since and --until: spans, months and years
    ("tue2330", "since", "30d", D(2026, 10, 25, 23, 30)),
    ("tue2330", "since", "2w", D(2026, 11, 10, 23, 30)),
    ("tue2330", "since", "a week", D(2026, 11, 17, 23, 30)),
    ("tue2330", "since", "Nov 3", D(2026, 11, 3, 0, 0)),
    ("tue2330", "since", "2026-11-10", D(2026, 11, 10, 0, 0)),
    ("tue2330", "since", "monday", D(2026, 11, 23, 0, 0)),
    ("tue2330", "since", "yesterday 9pm", D(2026, 11, 23, 21, 0)),
    ("tue2330", "since", "2h", No("unclear")),
    ("tue2330", "since", "2026-11-25", No("--since '2026-11-25' is in the future")),
    ("tue2330", "since", "tomorrow", No("in the future")),
    ("tue2330", "since", "soon", No("cannot read --since")),
    ("may31", "since", "3mo", D(2026, 2, 28, 15, 0)),
    ("may31", "since", "3 months", D(2026, 2, 28, 15, 0)),
    ("may31", "since", "3 months ago", D(2026, 2, 28, 15, 0)),
    ("may31", "since", "1y", D(2025, 5, 31, 15, 0)),
    ("may31", "since", "1 year", D(2025, 5, 31, 15, 0)),
    ("may31", "since", "2 years ago", D(2024, 5, 31, 15, 0)),
    ("may31", "since", "3m", D(2026, 5, 31, 14, 57)),  # minutes, never months
    ("may31", "since", "90m", D(2026, 5, 31, 13, 30)),
    ("may31", "since", "2 hours", D(2026, 5, 31, 13, 0)),
    ("may31", "since", "yesterday", D(2026, 5, 30, 0, 0)),
    ("may31", "since", "monday", D(2026, 5, 25, 0, 0)),
    ("leap", "since", "3mo", D(2028, 2, 29, 15, 0)),
    ("leap", "since", "1y", D(2027, 5, 31, 15, 0)),
    ("leapday", "since", "1y", D(2027, 2, 28, 12, 0)),
    ("leapday", "when", "feb 29", D(2028, 2, 29, 12, 0)),
    ("may31", "until", "3mo ago", D(2026, 2, 28, 15, 0)),
    ("may31", "until", "1y", D(2025, 5, 31, 15, 0)),
    ("tue2330", "until", "2026-11-10", D(2026, 11, 10, 23, 59, 59, 999999)),
    ("tue2330", "until", "yesterday", D(2026, 11, 23, 23, 59, 59, 999999)),
    ("tue2330", "until", "9pm", D(2026, 11, 24, 21, 0)),
    ("tue2330", "until", "now", NOW),
    ("tue2330", "until", "Dec 1", D(2025, 12, 1, 23, 59, 59, 999999)),
    # --- days: --date (no future), --on and quit-date (future allowed)
    ("tue2330", "day", "today", date(2026, 11, 24)),
    ("tue2330", "day", "yesterday", date(2026, 11, 23)),
    ("tue2330", "day", "monday", date(2026, 11, 23)),
    ("tue2330", "day", "tue", date(2026, 11, 24)),
    ("tue2330", "day", "last tue", date(2026, 11, 17)),
    ("tue2330", "day", "Nov 3", date(2026, 11, 3)),
    ("tue2330", "day", "Dec 1", date(2025, 12, 1)),
    ("tue2330", "day", "3 days ago", date(2026, 11, 21)),
    ("tue2330", "day", "a week ago", date(2026, 11, 17)),
    ("tue2330", "day", "2w ago", date(2026, 11, 10)),
    ("tue2330", "day", "2026-11-10", date(2026, 11, 10)),
    ("tue2330", "day", "tomorrow", No("in the future")),
    ("tue2330", "day", "2h ago", No("cannot read the date")),
    ("tue2330", "day", "3 months ago", No("cannot read the date")),
    ("tue2330", "day", "nov 3 21:30", No("give the day")),
    ("tue2330", "day", "", No("empty")),
    ("tue2330", "on", "Dec 1", date(2026, 12, 1)),
    ("tue2330", "on", "Jan 5", date(2026, 1, 5)),
    ("tue2330", "on", "tomorrow", date(2026, 11, 25)),
    ("tue2330", "on", "2027-01-10", date(2027, 1, 10)),
    ("tue2330", "on", "monday", date(2026, 11, 23)),
    ("tue2330", "on", "2201-01-01", No("outside the years")),
    # --- Europe/London: the clocks skip 01:00-01:59 on 29 March and repeat it on 25 October
    ("london_spring", "when", "01:30", No("does not exist in your time zone")),
    ("london_spring", "when", "2026-03-29 01:30", No("clocks moved forward an hour")),
    ("london_spring", "when", "2026-03-29 01:30+00:00", D(2026, 3, 29, 1, 30, tzinfo=UTC)),
    ("london_spring", "when", "00:30", D(2026, 3, 29, 0, 30, tzinfo=UTC)),
    ("london_spring", "when", "02:30", D(2026, 3, 29, 2, 30, tzinfo=BST)),
    ("london_spring", "when", "yesterday 01:30", D(2026, 3, 28, 1, 30, tzinfo=UTC)),
    ("london_spring", "when", "1d ago", D(2026, 3, 28, 12, 0, tzinfo=UTC)),  # a calendar day
    ("london_spring", "when", "24 hours ago", D(2026, 3, 28, 11, 0, tzinfo=UTC)),  # elapsed
    ("london_spring", "since", "today", D(2026, 3, 29, 0, 0, tzinfo=UTC)),
    ("london_autumn", "when", "01:30", D(2026, 10, 25, 1, 30, tzinfo=BST)),  # the first 01:30
    ("london_autumn", "when", "2026-10-25 01:30", D(2026, 10, 25, 1, 30, tzinfo=BST)),
    ("london_autumn", "when", "2026-10-25 01:30+00:00", D(2026, 10, 25, 1, 30, tzinfo=UTC)),
    ("london_autumn", "when", "1d ago", D(2026, 10, 24, 12, 0, tzinfo=BST)),
    ("london_autumn", "when", "24 hours ago", D(2026, 10, 24, 13, 0, tzinfo=BST)),
    # --- America/New_York: 02:00-02:59 skipped on 8 March, 01:00-01:59 repeated on 1 November
    ("ny_spring", "when", "2:30am", No("does not exist in your time zone")),
    ("ny_spring", "when", "2026-03-08 02:30", No("does not exist")),
    ("ny_spring", "when", "3:30am", D(2026, 3, 8, 3, 30, tzinfo=EDT)),
    ("ny_spring", "when", "1:59am", D(2026, 3, 8, 1, 59, tzinfo=EST)),
    ("ny_spring", "when", "yesterday 2:30am", D(2026, 3, 7, 2, 30, tzinfo=EST)),
    ("ny_spring", "when", "2h ago", D(2026, 3, 8, 10, 0, tzinfo=EDT)),
    ("ny_spring", "when", "sunday 2:30am", No("does not exist")),
    ("ny_autumn", "when", "1:30am", D(2026, 11, 1, 1, 30, tzinfo=EDT)),  # the first 01:30
    ("ny_autumn", "when", "2026-11-01 01:30", D(2026, 11, 1, 1, 30, tzinfo=EDT)),
    ("ny_autumn", "when", "2026-11-01 01:30-05:00", D(2026, 11, 1, 1, 30, tzinfo=EST)),  # the second, said so
    ("ny_autumn", "when", "12h ago", D(2026, 11, 1, 1, 0, tzinfo=EDT)),
    ("ny_autumn", "since", "1d", D(2026, 10, 31, 12, 0, tzinfo=EDT)),
]


def _id(row) -> str:
    return f"{row[0]}-{row[1]}-{row[2]!r}"


@pytest.mark.parametrize("clock, fn, text, expected", ROWS, ids=[_id(r) for r in ROWS])
def test_table(clock, fn, text, expected):
    tz, wall = CLOCKS[clock]
    with zone(tz):
        now = wall.astimezone()
        if isinstance(expected, No):
            with pytest.raises(InputError) as caught:
                FUNCS[fn](text, now)
            assert expected.says in caught.value.message
            assert caught.value.hint and "\n" not in caught.value.hint
            if "does not exist" not in caught.value.message:
                assert caught.value.hint == HINTS[fn]
            return
        got = FUNCS[fn](text, now)
        if expected is NOW:
            assert got == now
        elif isinstance(expected, datetime):
            want = expected if expected.tzinfo else expected.astimezone()
            assert (got, got.utcoffset()) == (want, want.utcoffset())
        else:
            assert type(got) is date and got == expected


def test_table_covers_the_forms():
    assert len(ROWS) >= 60
    assert {r[0] for r in ROWS} == set(CLOCKS)


def test_nonexistent_time_hint_names_the_way_out():
    with zone("America/New_York"):
        now = datetime(2026, 3, 8, 12, 0).astimezone()
        with pytest.raises(InputError) as caught:
            parse_when("2026-03-08 02:30", now)
    assert caught.value.hint == "give 03:30, or the time with an offset like 2026-03-08T02:30-05:00"
    with zone("Europe/Berlin"):
        later = parse_when("2026-03-08T02:30-05:00", now)
    assert later == datetime(2026, 3, 8, 3, 30).replace(tzinfo=EDT)


def test_localize_moves_a_skipped_time_forward():
    from cuelog.timeparse import localize, start_of_day

    with zone("America/Santiago"):  # the clocks go from 00:00 to 01:00: the day starts at 01:00
        start = start_of_day(date(2026, 9, 6))
        assert start.replace(tzinfo=None) == datetime(2026, 9, 6, 1, 0)
        assert localize(datetime(2026, 9, 6, 0, 30)).replace(tzinfo=None) == datetime(2026, 9, 6, 1, 30)


EDGE_TEXTS = [
    "now",
    "yesterday",
    "today",
    "tomorrow",
    "00:10",
    "23:50",
    "9pm",
    "last night",
    "this morning",
    "monday",
    "last sunday 9pm",
    "Dec 31",
    "Jan 1",
    "2h ago",
    "3d ago",
    "999999w ago",
    "999999 years ago",
    "30d",
    "3mo",
    "1y",
    "999999y",
    "1900-01-01",
    "2200-12-31 23:00",
    "10/11",
    "01/01/1900",
]
EDGE_NOWS = [
    datetime(1900, 1, 1, 0, 30),
    datetime(1900, 1, 1, 23, 30),
    datetime(2200, 12, 31, 0, 30),
    datetime(2200, 12, 31, 23, 30),
]


@pytest.mark.parametrize("wall", EDGE_NOWS, ids=str)
def test_ends_of_the_calendar_refuse_never_overflow(wall):
    now = wall.astimezone()
    for fn in FUNCS.values():
        for text in EDGE_TEXTS:
            try:
                got = fn(text, now)
            except InputError:
                continue
            assert 1900 <= got.year <= 2200, text


@pytest.mark.parametrize(
    "now",
    [datetime(1, 1, 1, 0, 30, tzinfo=UTC), datetime(9999, 12, 31, 23, 30, tzinfo=UTC)],
    ids=str,
)
def test_a_clock_outside_the_calendar_is_refused_not_a_traceback(now):
    for fn in FUNCS.values():
        for text in EDGE_TEXTS:
            try:
                fn(text, now)
            except InputError:
                pass


def test_ends_of_the_calendar_examples():
    first = datetime(1900, 1, 1, 0, 30).astimezone()
    last = datetime(2200, 12, 31, 23, 30).astimezone()
    assert parse_when("00:10", first).replace(tzinfo=None) == datetime(1900, 1, 1, 0, 10)
    assert parse_day("Dec 31", last.date()) == date(2200, 12, 31)
    for fn, text, now in [
        (parse_when, "yesterday", first),
        (parse_when, "2h ago", first),
        (parse_since, "3mo", first),
        (parse_when, "last night", first),
    ]:
        with pytest.raises(InputError, match="outside the years"):
            fn(text, now)
    with pytest.raises(InputError, match="outside the years"):
        parse_day("tomorrow", last.date(), allow_future=True)
