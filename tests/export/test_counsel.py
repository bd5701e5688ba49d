"""The report's conversation parts and the sealed page, from entries (no process, no browser)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from cuelog.analysis import counsel
from cuelog.export import sealed
from cuelog.models import Cues, Entry, Plan
from cuelog.wording.safety import urge_surf_note

T0 = datetime.fromisoformat("2026-11-09T20:00:00+01:00")


def entry(kind: str, hours: float, **fields) -> Entry:
    at = T0 + timedelta(hours=hours)
    return Entry(id=f"{kind}{hours}", kind=kind, at=at, logged_at=at, **fields)


@pytest.mark.parametrize(
    ("answer", "value"),
    [("6", 6), ("6/10, if Sam texts first", 6), ("10", 10), (" 0 ", 0), ("11", None), ("about 5", None), ("", None)],
)
def test_confidence_is_the_number_an_answer_starts_with(answer, value):
    assert counsel.confidence_value(answer) == value


def test_confidence_over_time_is_in_order_and_skips_unanswered():
    lapses = [
        entry("lapse", 48, reflection={"confidence": "7"}),
        entry("lapse", 0, reflection={"confidence": "4. after a night's sleep"}),
        entry("lapse", 24, reflection={}),
    ]
    assert [c["confidence"] for c in counsel.confidence_over_time(lapses)] == [4, 7]


def test_urge_surfing_from_the_notes_cuelog_writes():
    notes = [urge_surf_note(10, 10, [7, 8, 5]), urge_surf_note(10, 10, [6, 6]), urge_surf_note(4, 10, [9, 3])]
    cravings = [entry("craving", i, coping=("urge surfing",), note=n) for i, n in enumerate(notes)]
    cravings.append(entry("craving", 5, coping=("called ana",)))
    assert counsel.urge_surfing(cravings) == {"count": 3, "with_ratings": 3, "passed_peak": 2, "median_drop": 3}


def test_feelings_by_week_and_day_plans():
    checkins = [
        entry("checkin", 0, day=date(2026, 11, 9), cues=Cues.build({"feeling": ["tired", "calm"]})),
        entry("checkin", 24, day=date(2026, 11, 10), cues=Cues.build({"feeling": ["tired"]}), used=True),
        entry("checkin", 24 * 8, day=date(2026, 11, 17)),
    ]
    weeks = counsel.feelings_by_week(checkins)
    assert [w["week_start"] for w in weeks] == ["2026-11-09", "2026-11-16"]
    assert weeks[0]["feelings"][0] == {"feeling": "tired", "count": 2} and weeks[1]["feelings"] == []
    lapse = entry("lapse", 1, reflection={"next-24-hours": "stay at Ana's"})
    plans = counsel.day_plans([lapse, *checkins, entry("craving", 10, intensity=6), entry("craving", 60, intensity=9)])
    assert plans == [
        {
            "lapse_id": lapse.id,
            "at": lapse.at.isoformat(timespec="seconds"),
            "plan": "stay at Ana's",
            "cravings": 1,
            "peak": 6,
            "lapses": 0,
            "checkins": 1,
            "checkins_with_use": 1,
            "logged": True,
        }
    ]


def test_window_figures_count_plans_used_by_their_text():
    plan = Plan(id="p1", cues=Cues.build({"place": ["bar"]}), then="Walk the long way home.", created_at=T0)
    entries = [entry("craving", 1, coping=("walk the long way home",)), entry("lapse", 2), entry("craving", -5)]
    figures = counsel.window_figures(entries, [plan], T0 - timedelta(hours=1), T0 + timedelta(days=1))
    assert figures == {
        "cravings": 1,
        "use_days": 1,
        "lapses": 1,
        "plans_made": 1,
        "plans_used": 1,
        "confidence": None,
    }


def test_sealed_page_round_trip_and_a_wrong_passphrase():
    from cryptography.exceptions import InvalidTag

    page = sealed.page("<html><head></head><body>okapi</body></html>", "correct horse", salt=b"s" * 16, nonce=b"n" * 12)
    assert "okapi" not in page
    data = sealed.sealed_data(page)
    assert "okapi" in sealed.unseal(data, "correct horse")
    assert "Content-Security-Policy" in sealed.unseal(data, "correct horse")
    with pytest.raises(InvalidTag):
        sealed.unseal(data, "correct horsE")
    assert sealed.script_hash() in page


def test_a_remembered_report_from_another_device_is_read_as_counts_only():
    now = T0 + timedelta(days=7)
    previous = {"exported_at": T0.isoformat(), "figures": {"cravings": 3, "lapses": "<b>x</b>", "use_days": [1]}}
    shared = counsel.since_last(previous, [], [], now, "Dr Adler")
    assert shared["before"]["cravings"] == 3 and shared["before"]["lapses"] is None
    assert shared["before"]["use_days"] is None and shared["days"] == 7
    assert counsel.since_last(previous | {"figures": ["x"]}, [], [], now, "x")["before"] is None
