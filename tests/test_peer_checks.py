"""The bounds on what another device's folder may hold (cuelog/store/journal.py), one by one."""

from __future__ import annotations

import pytest

from cuelog.store.journal import (
    MAX_REV,
    TABLES,
    Damaged,
    _after,
    check_peer_head,
    check_peer_record,
    check_peer_row,
    version,
)


def entry(**fields) -> dict:
    record = {
        "id": "beefbeef0001",
        "kind": "craving",
        "at": "2026-11-20T10:00:00+01:00",
        "logged_at": "2026-11-20T10:00:00+01:00",
        "intensity": 4,
        "cues": {"place": ["bar"]},
        "coping": [],
        "note": None,
    }
    record.update(fields)
    return record


def test_a_well_formed_entry_and_tombstone_pass():
    check_peer_record(entry(rev=3, note="fine\nand two lines"), "2026-11")
    check_peer_record({"id": "beefbeef0001", "deleted_at": "2026-11-21T10:00:00+01:00", "rev": 4}, "2026-11")


@pytest.mark.parametrize(
    "record",
    [
        entry(rev=MAX_REV),
        entry(rev=2**64 - 1),
        entry(rev=-1),
        entry(rev=True),
        entry(note="a\x1b]0;x\x07"),
        entry(note="a\u009bb"),
        entry(note="a\u202eb"),
        entry(note="zero\u200bwidth"),
        entry(cues={"place": ["bar\ufeff"]}),
        entry(cues={"place": ["bar\u061c"]}),
        entry(at="0001-01-01T00:00:00+00:00"),
        entry(at="2026-11-20T10:00:00"),
        entry(at="2026-10-20T10:00:00+01:00"),  # filed under the wrong month
        entry(x_extra={"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": {"i": 1}}}}}}}}}),
        entry(x_extra="x" * 300_000),
        entry(x_extra=2**60),
        {"id": "beefbeef0001", "deleted_at": "2026-11-21T10:00:00+01:00", "rev": 2**70},
        {"id": "beefbeef0001", "deleted_at": "yesterday"},
        {"id": "../../x", "deleted_at": "2026-11-21T10:00:00+01:00"},
        {"id": "beefbeef0001", "deleted_at": "2026-11-21T10:00:00+01:00", "note": "smuggled"},
        {"deleted_at": "2026-11-21T10:00:00+01:00"},
        ["not", "a", "record"],
    ],
)
def test_what_cuelog_would_not_write_is_refused(record):
    with pytest.raises(Damaged):
        check_peer_record(record, "2026-11")


@pytest.mark.parametrize(
    ("table", "row"),
    [
        ("attempts", {"id": "feedbeef", "quit_date": "0001-01-01", "set_at": "2026-11-01T10:00:00+01:00"}),
        ("attempts", {"id": "feedbeef", "quit_date": "2026-11-01", "set_at": 5}),
        ("plans", {"id": "feedbeef", "cues": 5, "then": "x", "created_at": "2026-11-01T10:00:00+01:00"}),
        ("support", {"id": "feedbeef", "name": "Sam\x1b[2J", "created_at": "2026-11-01T10:00:00+01:00"}),
        ("support", {"id": "feedbeef", "name": "Sam", "created_at": "2026-11-01T10:00:00+01:00", "rev": 2**53}),
    ],
)
def test_a_bad_row_is_refused(table, row):
    with pytest.raises(Damaged):
        check_peer_row(table, row)


def test_a_head_keeps_its_good_rows_and_drops_the_bad_ones():
    good = {"id": "feedbeef", "name": "Sam", "created_at": "2026-11-01T10:00:00+01:00"}
    head = {
        "months": {"2026-11": "2026-11.3.json"},
        "tables": {"support": [good, {"id": "x"}], "plans": "nonsense", "extra": []},
        "name": "phone\x1b]0;x\x07",
        "written_at": "not a time",
        "seq": 2**64,
    }
    dropped = check_peer_head(head)
    assert len(dropped) == 2
    # every table cuelog keeps is there, the bad rows and the unknown table gone
    assert head["tables"] == {name: [good] if name == "support" else [] for name in TABLES}
    assert "name" not in head and "written_at" not in head and head["seq"] == 0


@pytest.mark.parametrize(
    "months",
    [[], {"2026-13": "2026-13.1.json"}, {"2026-11": "../../.ssh/id_rsa"}, {"2026-11": "2026-10.1.json"}, {"x": "y"}],
)
def test_a_head_whose_months_cannot_be_trusted_is_refused(months):
    with pytest.raises(Damaged):
        check_peer_head({"months": months, "tables": {}})


def test_a_forged_revision_counts_as_none_and_the_next_one_stays_in_range():
    assert version({"rev": 2**64 - 1}, "d")[0] == 0
    assert _after(2**64) == 1 and _after(MAX_REV - 1) == MAX_REV - 1
