"""Numeric dates follow the locale's territory; with none, an ambiguous one is refused."""

from __future__ import annotations

import os
from datetime import date, datetime

import pytest

from cuelog.errors import InputError
from cuelog.timeparse import date_order, parse_day, parse_when

TODAY = date(2026, 11, 24)

US = {"LANG": "en_US.UTF-8"}
GB = {"LANG": "en_GB.UTF-8"}
DE = {"LANG": "de_DE.UTF-8"}
C = {"LANG": "C"}
C_UTF8 = {"LANG": "C.UTF-8"}
UNSET: dict[str, str] = {}


@pytest.mark.parametrize(
    "env, order",
    [
        (US, "MDY"),
        ({"LANG": "en_PH.UTF-8"}, "MDY"),
        ({"LANG": "fil_PH"}, "MDY"),
        ({"LANG": "es_US.UTF-8"}, "MDY"),  # the territory decides, not the language
        ({"LANG": "en_PR"}, "MDY"),
        ({"LANG": "en_FM"}, "MDY"),
        ({"LANG": "en_MH"}, "MDY"),
        ({"LANG": "en_PW"}, "MDY"),
        (GB, "DMY"),
        (DE, "DMY"),
        ({"LANG": "de_DE@euro"}, "DMY"),
        ({"LANG": "fr_FR.UTF-8"}, "DMY"),
        ({"LANG": "en_AU.UTF-8"}, "DMY"),
        ({"LANG": "en_BZ.UTF-8"}, "DMY"),  # CLDR: dd/MM/yy
        ({"LANG": "es_419.UTF-8"}, "DMY"),
        ({"LANG": "ja_JP.UTF-8"}, "YMD"),
        ({"LANG": "zh_CN.UTF-8"}, "YMD"),
        ({"LANG": "ko_KR.UTF-8"}, "YMD"),
        ({"LANG": "hu_HU.UTF-8"}, "YMD"),
        ({"LANG": "en_CA.UTF-8"}, None),  # both orders in everyday use
        (C, None),
        (C_UTF8, None),
        ({"LANG": "POSIX"}, None),
        ({"LANG": "en"}, None),  # a language without a territory
        (UNSET, None),
        (None, None),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "en_US.UTF-8"}, "DMY"),  # LC_ALL wins
        ({"LC_TIME": "en_US.UTF-8", "LANG": "en_GB.UTF-8"}, "MDY"),  # then LC_TIME
        ({"LC_ALL": "", "LC_TIME": "en_GB.UTF-8", "LANG": "en_US.UTF-8"}, "DMY"),  # empty is unset
        ({"LC_ALL": "C", "LANG": "en_US.UTF-8"}, None),  # LC_ALL=C: no territory, even with LANG
        ({"LC_CTYPE": "en_US.UTF-8"}, None),  # LC_CTYPE says nothing about dates
    ],
)
def test_date_order(env, order):
    assert date_order(env) == order


AMBIGUOUS = "could be 11 October 2026 or 10 November 2026; write 2026-10-11 or 2026-11-10"


@pytest.mark.parametrize(
    "env, text, expected",
    [
        (US, "10/11/2026", date(2026, 10, 11)),
        (US, "11/23/2026", date(2026, 11, 23)),
        (US, "10/11", date(2026, 10, 11)),
        (US, "2026/11/10", date(2026, 11, 10)),
        (US, "11/11/2026", date(2026, 11, 11)),
        (US, "23/11/2026", "not a date read month-first, as your locale writes dates; write 2026-11-23"),
        (GB, "10/11/2026", date(2026, 11, 10)),
        (GB, "10.11.2026", date(2026, 11, 10)),
        (GB, "10-11-2026", date(2026, 11, 10)),
        (GB, "10/11", date(2026, 11, 10)),
        (GB, "23/11/2026", date(2026, 11, 23)),
        (GB, "11/23/2026", "not a date read day-first"),
        (GB, "2026/11/10", date(2026, 11, 10)),
        (GB, "10/11/26", "write the year in full"),
        (GB, "31/11/2026", "cannot read the date"),
        (DE, "10.11.2026", date(2026, 11, 10)),
        (DE, "10.11.", date(2026, 11, 10)),
        (DE, "1.2.", date(2026, 2, 1)),
        (DE, "10.11", "cannot read the date"),  # without the last dot it could be a clock time
        (DE, "24.12.", date(2025, 12, 24)),  # ahead this year: last year
        ({"LANG": "fr_FR.UTF-8"}, "10/11/2026", date(2026, 11, 10)),
        ({"LANG": "en_AU.UTF-8"}, "10/11/2026", date(2026, 11, 10)),
        ({"LANG": "en_PH.UTF-8"}, "10/11/2026", date(2026, 10, 11)),
        ({"LANG": "fil_PH"}, "10/11/2026", date(2026, 10, 11)),
        ({"LANG": "ja_JP.UTF-8"}, "2026/11/10", date(2026, 11, 10)),
        ({"LANG": "ja_JP.UTF-8"}, "11/10", date(2026, 11, 10)),  # month/day without a year
        ({"LANG": "ja_JP.UTF-8"}, "10/11/2026", AMBIGUOUS),  # not a form written there
        ({"LANG": "hu_HU.UTF-8"}, "2026.11.10.", date(2026, 11, 10)),
        ({"LANG": "en_CA.UTF-8"}, "10/11/2026", AMBIGUOUS),
        (C, "10/11/2026", AMBIGUOUS),
        (C, "23/11/2026", date(2026, 11, 23)),  # only one reading is a date
        (C, "11/23/2026", date(2026, 11, 23)),
        (C, "11/11/2026", date(2026, 11, 11)),  # both readings agree
        (C, "10/11", "could be 11 October or 10 November; write 2026-10-11 or 2026-11-10"),
        (C, "13/13/2026", "cannot read the date"),
        (C_UTF8, "10/11/2026", AMBIGUOUS),
        (C_UTF8, "25/11/2026", "in the future"),
        (UNSET, "10/11/2026", AMBIGUOUS),
        (None, "10/11/2026", AMBIGUOUS),
        (None, "2026/11/10", date(2026, 11, 10)),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "en_US.UTF-8"}, "10/11/2026", date(2026, 11, 10)),
        ({"LC_ALL": "C", "LANG": "en_GB.UTF-8"}, "10/11/2026", AMBIGUOUS),
    ],
)
def test_numeric_dates(env, text, expected):
    if isinstance(expected, str):
        with pytest.raises(InputError) as caught:
            parse_day(text, TODAY, env=env)
        assert expected in caught.value.message
    else:
        assert parse_day(text, TODAY, env=env) == expected


def test_numeric_dates_in_every_option_and_with_a_time():
    now = datetime(2026, 11, 24, 23, 30).astimezone()
    assert parse_when("10/11/2026 21:30", now, env=GB) == datetime(2026, 11, 10, 21, 30).astimezone()
    assert parse_when("10/11 9pm", now, env=US) == datetime(2026, 10, 11, 21, 0).astimezone()
    assert parse_when("10.11. 21:30", now, env=DE) == datetime(2026, 11, 10, 21, 30).astimezone()
    assert parse_day("12/1/2027", TODAY, allow_future=True, env=US) == date(2027, 12, 1)
    assert parse_day("12/1", TODAY, allow_future=True, env=US) == date(2026, 12, 1)  # this year, even ahead
    with pytest.raises(InputError, match="10 November 2026"):
        parse_when("10/11/2026 21:30", now)


def test_the_environment_is_read_only_when_given():
    """env=None reads nothing, whatever the process locale says: the module stays pure."""
    before = os.environ.get("LC_ALL")
    os.environ["LC_ALL"] = "en_GB.UTF-8"
    try:
        with pytest.raises(InputError, match="could be"):
            parse_day("10/11/2026", TODAY)
        assert parse_day("10/11/2026", TODAY, env=os.environ) == date(2026, 11, 10)
    finally:
        if before is None:
            del os.environ["LC_ALL"]
        else:
            os.environ["LC_ALL"] = before
