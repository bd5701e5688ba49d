"""The pure rules of cuelog nudge: pauses, quiet hours, the evidence for a slot, and the
order in which the reasons not to nudge are given."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cuelog.analysis import nudges
from cuelog.settings import check_key_value, effective, read_file
from tests.factories import make_entry

TZ = ZoneInfo("Europe/Berlin")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("1w", timedelta(weeks=1)),
        ("3d", timedelta(days=3)),
        ("2h", timedelta(hours=2)),
        ("90m", timedelta(minutes=90)),
        ("1w2d", timedelta(days=9)),
        ("2 weeks", timedelta(weeks=2)),
        ("0", timedelta(0)),
        ("off", timedelta(0)),
        ("12w", timedelta(weeks=12)),
        ("13w", None),
        ("", None),
        ("soon", None),
        ("2h ago", None),
        ("-1d", None),
    ],
)
def test_parse_snooze(text, length):
    assert nudges.parse_snooze(text) == length


@pytest.mark.parametrize(
    ("moment", "hours", "quiet"),
    [
        ("2026-11-27 23:00", "22:00-08:00", True),
        ("2026-11-27 07:59", "22:00-08:00", True),
        ("2026-11-27 08:00", "22:00-08:00", False),
        ("2026-11-27 18:15", "22:00-08:00", False),
        ("2026-11-27 18:15", "18:00-19:00", True),
        ("2026-11-27 19:00", "18:00-19:00", False),
        ("2026-11-27 03:00", "off", False),
        ("2026-11-27 03:00", None, False),
    ],
)
def test_quiet_hours(moment, hours, quiet):
    assert nudges.in_quiet_hours(at(moment), hours) is quiet


def test_slot_evidence_counts_the_weeks_before_this_one():
    fridays = [at("2026-10-16 19:00") + timedelta(weeks=w) for w in range(6) if w != 2]
    entries = [make_entry(moment) for moment in fridays]
    entries.append(make_entry(at("2026-11-27 18:00")))  # this week's: neither counted nor in the total
    assert nudges.slot_evidence(entries, ("fri", "evening"), at("2026-11-27 18:15"), 84) == (5, 6)
    assert nudges.slot_evidence(entries, ("tue", "evening"), at("2026-11-27 18:15"), 84) == (0, 6)
    assert nudges.slot_evidence([], ("fri", "evening"), at("2026-11-27 18:15"), 84) == (0, 0)


OUTLOOK = {
    "enough_data": True,
    "high_risk": [{"weekday": "fri", "time_of_day": "evening", "cravings": 4, "lapses": 1, "plans": []}],
}
ON = {"nudges": "on", "quiet-hours": "22:00-08:00", "nudge-daily-cap": "1", "nudge-full-text": "off"}


def decide(now: str, prefs=ON, shown=(), snoozed=None, locked=False, entries=(), every=False):
    return nudges.decide(
        now=at(now),
        prefs=prefs,
        snoozed_until=snoozed,
        shown=list(shown),
        locked=locked,
        journal=lambda: (OUTLOOK, list(entries), [], []),
        history_days=84,
        every_reason=every,
    )


def test_decide_in_order():
    assert decide("2026-11-27 18:15")["blocked"] == []
    assert decide("2026-11-27 18:15", prefs={**ON, "nudges": "off"})["blocked"] == ["off"]
    assert decide("2026-11-27 18:15", snoozed=at("2026-11-28 00:00"))["blocked"] == ["snoozed"]
    assert decide("2026-11-27 18:15", snoozed=at("2026-11-27 18:00"))["blocked"] == []
    assert decide("2026-11-27 23:15")["blocked"] == ["quiet-hours"]
    assert decide("2026-11-27 18:15", locked=True)["blocked"] == ["locked"]
    assert decide("2026-11-24 18:15")["blocked"] == ["no-slot"]
    shown = [{"at": "2026-11-27T17:10:00+01:00", "slot": "2026-11-27 evening"}]
    assert decide("2026-11-27 18:15", shown=shown)["blocked"] == ["already-shown"]
    morning = [{"at": "2026-11-27T09:10:00+01:00", "slot": "2026-11-27 morning"}]
    assert decide("2026-11-27 18:15", shown=morning)["blocked"] == ["daily-cap"]
    assert decide("2026-11-27 18:15", shown=morning, prefs={**ON, "nudge-daily-cap": "2"})["blocked"] == []
    recent = [make_entry(at("2026-11-27 16:00"))]
    assert decide("2026-11-27 18:15", entries=recent)["blocked"] == ["logged-recently"]
    # A dry run gives every reason, and the message, even when nudges are off.
    dry = decide("2026-11-27 18:15", prefs={**ON, "nudges": "off"}, entries=recent, every=True)
    assert dry["blocked"] == ["off", "logged-recently"] and dry["message"]["lines"][-1] == "Right now: cuelog help-now"


def test_a_faded_slot_stops_nudging():
    faded = {"enough_data": False, "high_risk": OUTLOOK["high_risk"]}
    assert nudges.nudge_slots(faded) == []
    assert nudges.nudge_slots(OUTLOOK) == [("fri", "evening")]


def test_settings_values_are_checked(tmp_path):
    assert check_key_value("country", "gb") == "GB"
    assert check_key_value("quiet-hours", "7:00-9:30") == "07:00-09:30"
    assert check_key_value("redact", "people,notes") == "people,notes"
    assert check_key_value("nudges", "true") == "on"
    for key, value in (("quiet-hours", "08:00-08:00"), ("urge-minutes", "0"), ("redact", "names"), ("units", "si")):
        with pytest.raises(Exception, match="is not a value"):
            check_key_value(key, value)
    path = tmp_path / "config.toml"
    path.write_text('nudges = true\nnudge-daily-cap = 3\ncountry = "de"\n')
    found = read_file(path)
    assert found == {"nudges": "on", "nudge-daily-cap": "3", "country": "DE"}
    origins = {s.key: s.origin for s in effective({"CUELOG_COUNTRY": "FR"}, found, path)}
    assert origins["country"] == "environment" and origins["nudges"] == "file" and origins["units"] == "default"
    path.write_text("nudges = \n")
    with pytest.raises(Exception, match="line 1"):
        read_file(path)
