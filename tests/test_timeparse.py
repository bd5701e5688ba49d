from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from cuelog.errors import InputError
from cuelog.timeparse import parse_day, parse_since, parse_until, parse_when

CET = timezone(timedelta(hours=1))
CEST = timezone(timedelta(hours=2))
NOW = datetime(2026, 11, 22, 15, 0, tzinfo=CET)  # conftest sets TZ=Europe/Berlin


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-11-10 21:30", datetime(2026, 11, 10, 21, 30, tzinfo=CET)),
        ("2026-11-10T21:30", datetime(2026, 11, 10, 21, 30, tzinfo=CET)),
        ("2026-11-10T21:30:15", datetime(2026, 11, 10, 21, 30, 15, tzinfo=CET)),
        ("2026-11-10T21:30:00+05:00", datetime(2026, 11, 10, 21, 30, tzinfo=timezone(timedelta(hours=5)))),
        ("2026-11-10 20:30Z", datetime(2026, 11, 10, 20, 30, tzinfo=UTC)),
        ("2026-11-10", datetime(2026, 11, 10, 12, 0, tzinfo=CET)),  # a bare date: noon
        ("2026-07-10 21:30", datetime(2026, 7, 10, 21, 30, tzinfo=CEST)),  # summer offset
        ("14:05", datetime(2026, 11, 22, 14, 5, tzinfo=CET)),
        ("9:05", datetime(2026, 11, 22, 9, 5, tzinfo=CET)),
        ("yesterday 21:30", datetime(2026, 11, 21, 21, 30, tzinfo=CET)),
        ("  Yesterday   21:30 ", datetime(2026, 11, 21, 21, 30, tzinfo=CET)),
        ("30m ago", NOW - timedelta(minutes=30)),
        ("2h ago", NOW - timedelta(hours=2)),
        ("3d ago", NOW - timedelta(days=3)),
        ("2w ago", NOW - timedelta(weeks=2)),
        ("2 h ago", NOW - timedelta(hours=2)),
        ("15:04", datetime(2026, 11, 22, 15, 4, tzinfo=CET)),  # within the 5-minute slack
    ],
)
def test_when_forms(text, expected):
    assert parse_when(text, NOW) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2h",
        "tomorrow-ish",
        "tomorrow",
        "",
        "25:00",
        "12:60",
        "2026-13-01",
        "2026-02-30",
        "next week",
        "ago",
        "-2h ago",
        "2y ago",
        "1e3d ago",
        "21h30",
        "99999999999d ago",
        "999999w ago",
        "2026-11-22 15:06",
        "15:06",
        "2026-11-23",
        "0h ago tomorrow",
        "2026-11-10 21:30 bogus",
    ],
)
def test_when_refuses(text):
    with pytest.raises(InputError):
        parse_when(text, NOW)


def test_when_today_bare_date_is_not_after_now():
    morning = datetime(2026, 11, 22, 9, 0, tzinfo=CET)
    assert parse_when("2026-11-22", morning) == morning
    assert parse_when("today", morning) == morning
    assert parse_when("yesterday", morning) == datetime(2026, 11, 21, 12, 0, tzinfo=CET)


def test_since_forms():
    # Days keep the wall-clock time: 30 days before 15:00 CET is 15:00 CEST, across the change of clocks.
    assert parse_since("30d", NOW) == datetime(2026, 10, 23, 15, 0, tzinfo=CEST)
    assert parse_since("2w", NOW) == NOW - timedelta(weeks=2)
    assert parse_since("2026-11-10", NOW) == datetime(2026, 11, 10, 0, 0, tzinfo=CET)
    assert parse_since("2026-11-10 08:00", NOW) == datetime(2026, 11, 10, 8, 0, tzinfo=CET)
    assert parse_since("2h ago", NOW) == NOW - timedelta(hours=2)
    for bad in ("2h", "30", "2026-11-23", "soon"):
        with pytest.raises(InputError):
            parse_since(bad, NOW)


def test_until_date_includes_whole_day():
    end = parse_until("2026-11-10", NOW)
    assert end.date() == date(2026, 11, 10)
    assert end.hour == 23 and end.minute == 59 and end.second == 59
    assert parse_until("2026-11-22", NOW).date() == date(2026, 11, 22)  # today is fine
    assert parse_until("21:30 ", datetime(2026, 11, 22, 22, 0, tzinfo=CET)).hour == 21
    with pytest.raises(InputError):
        parse_until("2026-11-23", NOW)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-11-10", date(2026, 11, 10)),
        ("today", date(2026, 11, 22)),
        ("yesterday", date(2026, 11, 21)),
        ("3d ago", date(2026, 11, 19)),
        ("1w ago", date(2026, 11, 15)),
    ],
)
def test_day_forms(text, expected):
    assert parse_day(text, NOW.date()) == expected


def test_day_future_only_when_allowed():
    with pytest.raises(InputError):
        parse_day("2026-12-01", NOW.date())
    assert parse_day("2026-12-01", NOW.date(), allow_future=True) == date(2026, 12, 1)
    with pytest.raises(InputError):
        parse_day("9999-12-31", NOW.date(), allow_future=True)
    for bad in ("2h ago", "soon", "2026-11", "11/10/2026", "0001-01-01"):
        with pytest.raises(InputError):
            parse_day(bad, NOW.date())


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2026, 11, 22, 14, 0)))
def test_stored_form_reads_back(naive):
    moment = naive.replace(microsecond=0).astimezone()
    assert parse_when(moment.isoformat(timespec="seconds"), NOW) == moment  # the stored form
