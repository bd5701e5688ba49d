from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cuelog.errors import InputError
from cuelog.models import (
    Entry,
    QuitAttempt,
    current_attempt,
    entry_from_record,
    normalise_value,
    normalise_values,
)
from tests.factories import make_entry

T = datetime(2026, 11, 10, 21, 30, tzinfo=timezone(timedelta(hours=1)))


@pytest.mark.parametrize(
    "raw, expected",
    [(" The  Bar", "the bar"), ("SAM", "sam"), ("a\tb\n c", "a b c"), ("  ", ""), ("Café", "café")],
)
def test_normalise_value(raw, expected):
    assert normalise_value(raw) == expected


def test_normalise_values_drops_empty_and_duplicates():
    assert normalise_values(["Bar", " bar ", "", "Home"]) == ("bar", "home")


@pytest.mark.parametrize("raw", ["x\x00y", "x\x1by", "a" * 201, "\udcff"])
def test_bad_cue_values_refused(raw):
    with pytest.raises(InputError):
        normalise_value(raw)


@given(st.text())
def test_normalise_is_idempotent(raw):
    try:
        once = normalise_value(raw)
    except InputError:
        return
    assert normalise_value(once) == once
    assert once == once.strip()
    assert "  " not in once


def _entry(**kw):
    return make_entry(**{"at": T, "id": "abcd1234", "place": ["bar"], "coping": ("walk",), "note": "hi", **kw})


@pytest.mark.parametrize(
    "entry",
    [
        _entry(),
        _entry(kind="lapse", reflection={"first": "a text"}),
        _entry(kind="checkin", day=date(2026, 11, 10), used=False, intensity=None, note=None),
        _entry(minutes=12, edited_at=T),
    ],
)
def test_record_round_trip(entry):
    assert entry_from_record(entry.to_record()) == entry


def test_record_has_contract_keys():
    record = _entry(kind="checkin", day=date(2026, 11, 10), used=True).to_record()
    for key in ("id", "kind", "at", "logged_at", "intensity", "cues", "coping", "note", "date", "used"):
        assert key in record
    assert record["at"] == "2026-11-10T21:30:00+01:00"
    assert set(record["cues"]) == {"place", "person", "feeling", "body", "activity", "tag"}


def test_extra_keys_are_kept():
    record = _entry().to_record() | {"source": "phone"}
    assert entry_from_record(record).to_record()["source"] == "phone"


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "relapse"},
        {"intensity": 11},
        {"intensity": "5"},
        {"intensity": True},
        {"at": "2026-11-10T21:30:00"},  # no offset
        {"at": "yesterday"},
        {"id": "ab"},
        {"id": "a b c d"},
        {"cues": {"colour": ["red"]}},
        {"cues": {"place": "bar"}},
        {"coping": [1]},
        {"note": 5},
    ],
)
def test_bad_records_refused(change):
    with pytest.raises(InputError):
        entry_from_record(_entry().to_record() | change)


def test_missing_key_refused():
    record = _entry().to_record()
    del record["logged_at"]
    with pytest.raises(InputError, match="logged_at"):
        entry_from_record(record)


def _attempt(day, set_day=1):
    return QuitAttempt(date.fromisoformat(day), None, T + timedelta(days=set_day))


def test_current_attempt():
    a1, a2, a3 = _attempt("2026-10-01"), _attempt("2026-11-01"), _attempt("2026-12-01")
    attempts = [a1, a2, a3]
    assert current_attempt(attempts, date(2026, 11, 22)) == a2
    assert current_attempt(attempts, date(2026, 11, 1)) == a2
    assert current_attempt(attempts, date(2026, 10, 31)) == a1
    assert current_attempt(attempts, date(2026, 9, 1)) == a1  # only planned ones: the nearest
    assert current_attempt(attempts, date(2027, 1, 1)) == a3
    assert current_attempt([], date(2026, 11, 22)) is None


def test_amount_on_lapses_and_checkins():
    """What and how much (Timeline Followback style): one line, as typed, in the public
    record of lapses and check-ins, and only stored when given."""
    from cuelog.models import entry_from_store
    from cuelog.store import stored_record

    lapse = Entry("abcd1234", "lapse", T, T, amount="4  pints", reflection={})
    record = lapse.to_record()
    assert record["amount"] == "4  pints"
    assert entry_from_record(record).amount == "4 pints"  # validated: inner spaces collapsed, case kept
    assert entry_from_store(stored_record(lapse)).amount == "4  pints"
    checkin = Entry("abcd1235", "checkin", T, T, day=T.date())
    assert checkin.to_record()["amount"] is None and "amount" not in stored_record(checkin)
    assert "amount" not in Entry("abcd1236", "craving", T, T).to_record()
    for bad in ("one\ntwo", "x" * 201, "\x1b[31m", 4):
        with pytest.raises(InputError):
            entry_from_record(record | {"amount": bad})
    assert entry_from_record(record | {"amount": "  "}).amount is None
