from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cuelog.analysis.summary import BUCKETS, WEEKDAYS, rank_key, summarise, time_bucket, weekday
from tests.factories import make_entry


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone()


def entry(kind="craving", when="2026-11-10 20:00", intensity=5, coping=(), **cues):
    return make_entry(moment(when), kind, intensity, coping=coping, **cues)


def summ(entries, top=5):
    return summarise(entries, since=None, until=None, as_of=date(2026, 11, 22), attempts=[], top=top)


@pytest.mark.parametrize(
    "clock, bucket",
    [
        ("04:59", "night"),
        ("05:00", "morning"),
        ("11:59", "morning"),
        ("12:00", "afternoon"),
        ("16:59", "afternoon"),
        ("17:00", "evening"),
        ("21:59", "evening"),
        ("22:00", "night"),
        ("00:00", "night"),
    ],
)
def test_time_of_day_boundaries(clock, bucket):
    assert time_bucket(moment(f"2026-11-10 {clock}")) == bucket
    doc = summ([entry(when=f"2026-11-10 {clock}")])
    assert doc["time_of_day"][bucket] == 1 and sum(doc["time_of_day"].values()) == 1


def test_time_of_day_uses_the_stored_wall_clock():
    far = datetime.fromisoformat("2026-11-10T23:30:00-05:00")  # logged while travelling
    assert time_bucket(far) == "night"


def test_weekday_counts():
    days = ["2026-11-09", "2026-11-10", "2026-11-10", "2026-11-15"]  # Mon, Tue, Tue, Sun
    doc = summ([entry(when=f"{d} 10:00") for d in days] + [entry("checkin", when="2026-11-11 12:00")])
    assert doc["weekday"] == {"mon": 1, "tue": 2, "wed": 0, "thu": 0, "fri": 0, "sat": 0, "sun": 1}
    assert weekday(moment("2026-11-15 10:00")) == "sun"


def _item(dim, value, count, lapses, mean):
    return {"dimension": dim, "value": value, "count": count, "lapses": lapses, "mean_intensity": mean}


def test_rank_tie_breaks():
    items = [
        _item("place", "b", 3, 0, 5.0),
        _item("place", "a", 3, 0, 5.0),  # value ascending
        _item("feeling", "z", 3, 0, 5.0),  # dimension ascending before place
        _item("place", "c", 3, 0, 7.0),  # higher mean first
        _item("place", "d", 3, 1, 1.0),  # more lapses first
        _item("place", "e", 4, 0, 1.0),  # higher count first
        _item("place", "f", 3, 0, None),  # no intensity after any mean
    ]
    ranked = [i["value"] for i in sorted(items, key=rank_key)]
    assert ranked == ["e", "d", "c", "z", "a", "b", "f"]


def test_top_cues_from_entries():
    entries = [
        entry(intensity=8, place=["bar"], person=["sam"]),
        entry(intensity=6, place=["bar"]),
        entry("lapse", intensity=9, place=["bar"], person=["sam"]),
        entry(intensity=2, place=["home"]),
        entry(intensity=None, feeling=["bored"]),
        entry("checkin", place=["ignored"]),
    ]
    doc = summ(entries, top=3)
    assert doc["totals"] == {"craving": 4, "lapse": 1, "checkin": 1}
    assert doc["top_cues"][0] == {
        "dimension": "place",
        "value": "bar",
        "count": 3,
        "lapses": 1,
        "mean_intensity": 7.7,
        "followed_by_lapse": 0,
    }
    assert [(i["dimension"], i["value"]) for i in doc["top_cues"]] == [
        ("place", "bar"),
        ("person", "sam"),
        ("place", "home"),
    ]
    assert [i["value"] for i in doc["by_dimension"]["feeling"]] == ["bored"]
    assert doc["by_dimension"]["feeling"][0]["mean_intensity"] is None
    assert all(i["value"] != "ignored" for i in doc["by_dimension"]["place"])
    assert len(summ(entries, top=0)["top_cues"]) == 0


def test_followed_by_lapse_and_coping():
    entries = [
        entry(when="2026-11-10 20:00", place=["bar"], coping=["walk"]),
        entry("lapse", when="2026-11-11 19:00", place=["bar"]),  # 23h after the first craving
        entry(when="2026-11-12 20:00", place=["bar"], coping=["walk", "call"]),  # nothing after
        entry(when="2026-11-09 10:00", place=["bar"], coping=["call"]),  # lapse 33h later: too late
    ]
    doc = summ(entries)
    bar = doc["by_dimension"]["place"][0]
    assert bar["followed_by_lapse"] == 1 and bar["lapses"] == 1 and bar["count"] == 4
    assert doc["coping"] == [
        {"coping": "call", "used": 2, "passed_without_lapse": 2, "pending": 0},
        {"coping": "walk", "used": 2, "passed_without_lapse": 1, "pending": 0},
    ]
    assert doc["cravings_passed_without_lapse"] == 2


def test_window_phases_in_summary():
    from cuelog.models import QuitAttempt

    attempts = [QuitAttempt(date(2026, 11, 1), None, moment("2026-11-01 09:00"))]
    doc = summarise(
        [entry(when="2026-11-10 20:00")], since=None, until=None, as_of=date(2026, 11, 22), attempts=attempts
    )
    window = doc["extinction_burst"]
    assert window["start"] == "2026-11-08" and window["end"] == "2026-11-28"
    assert [p["phase"] for p in window["phases"]] == ["week 1", "weeks 2-4", "after"]
    assert window["phases"][1]["cravings"] == 1


cue_lists = st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=3, unique=True)
entries_strategy = st.lists(
    st.builds(
        lambda kind, minutes, intensity, place, person: entry(
            kind,
            when=(datetime(2026, 1, 1) + timedelta(minutes=minutes)).isoformat(),
            intensity=intensity,
            place=place,
            person=person,
        ),
        st.sampled_from(["craving", "craving", "lapse", "checkin"]),
        st.integers(0, 60 * 24 * 300),
        st.none() | st.integers(0, 10),
        cue_lists,
        cue_lists,
    ),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(entries_strategy)
def test_counts_add_up(entries):
    doc = summ(entries, top=100)
    events = [e for e in entries if e.kind != "checkin"]
    assert sum(doc["totals"].values()) == len(entries)
    assert sum(doc["time_of_day"].values()) == len(events) == sum(doc["weekday"].values())
    assert set(doc["time_of_day"]) == set(BUCKETS) and set(doc["weekday"]) == set(WEEKDAYS)
    for dim, items in doc["by_dimension"].items():
        assert sum(i["count"] for i in items) == sum(len(getattr(e.cues, dim)) for e in events)
        assert sum(i["lapses"] for i in items) == sum(len(getattr(e.cues, dim)) for e in events if e.kind == "lapse")
        for i in items:
            assert 0 <= i["lapses"] <= i["count"]
            assert i["followed_by_lapse"] <= i["count"] - i["lapses"]
    assert doc["top_cues"] == sorted(doc["top_cues"], key=rank_key)
    assert len(doc["top_cues"]) == sum(len(v) for v in doc["by_dimension"].values())
    assert 0 <= doc["cravings_passed_without_lapse"] <= doc["totals"]["craving"]
