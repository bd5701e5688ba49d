"""The outlook names a clear weekly pattern early, and says the history is short."""

from datetime import date, datetime, timedelta

from cuelog.analysis.plans import outlook
from cuelog.models import Cues, Entry, new_id

TODAY = date(2026, 11, 23)  # a Monday


def craving(at: datetime, **cues) -> Entry:
    at = at.astimezone()
    return Entry(id=new_id(), kind="craving", at=at, logged_at=at, intensity=6, cues=Cues.build(cues))


def fridays(weeks: int) -> list[Entry]:
    return [craving(datetime(2026, 11, 20, 20, 0) - timedelta(weeks=w), place=["bar"]) for w in range(weeks)]


def test_five_friday_evenings_over_five_weeks_are_named():
    doc = outlook(fridays(5), [], TODAY)
    assert doc["enough_data"] is True and doc["short_history"] is True
    [cell] = doc["high_risk"]
    assert (cell["weekday"], cell["time_of_day"], cell["cravings"]) == ("fri", "evening", 5)
    assert cell["date"] == "2026-11-27" and cell["top_cues"][0]["value"] == "bar"
    assert "short" in doc["note"] and "5 cravings and lapses" in doc["note"]


def test_three_weeks_are_enough_two_are_not():
    assert [c["weekday"] for c in outlook(fridays(3), [], TODAY)["high_risk"]] == ["fri"]
    doc = outlook(fridays(2), [], TODAY)
    assert doc["enough_data"] is False and doc["high_risk"] == [] and doc["short_history"] is False
    assert "Too little history" in doc["message"]


def test_only_the_slots_that_recur_are_named_early():
    one_off = [craving(datetime(2026, 11, 17, 9, 0), place=["work"]) for _ in range(4)]  # one Tuesday morning
    doc = outlook(fridays(3) + one_off, [], TODAY)
    assert [(c["weekday"], c["time_of_day"]) for c in doc["high_risk"]] == [("fri", "evening")]


def test_a_long_history_has_no_note():
    entries = fridays(6) + [craving(datetime(2026, 11, 18, 9, 0) - timedelta(days=d)) for d in range(20)]
    doc = outlook(entries, [], TODAY)
    assert doc["enough_data"] is True and doc["short_history"] is False and doc["note"] is None
