"""Each capture command and option, in-process through cuelog.cli.main."""

import json

import pytest

from tests.conftest import snapshot


def entries(run, *extra):
    result = run("list", "--json", *extra)
    assert result.code == 0, result.err
    return result.json()


def test_craving_with_every_option(run):
    r = run(
        "craving",
        "7",
        "--place",
        " The  Bar",
        "--place",
        "home",
        "--person",
        "Sam",
        "--feeling",
        "Lonely",
        "--body",
        "tired",
        "--activity",
        "After Work",
        "--tag",
        "payday",
        "--coping",
        "Called a friend",
        "--minutes",
        "15",
        "--note",
        "it passed",
        "--at",
        "yesterday 21:30",
        "--json",
    )
    assert r.code == 0, r.err
    e = r.json()
    assert e["kind"] == "craving" and e["intensity"] == 7 and e["minutes"] == 15
    assert e["cues"] == {
        "place": ["the bar", "home"],
        "person": ["sam"],
        "feeling": ["lonely"],
        "body": ["tired"],
        "activity": ["after work"],
        "tag": ["payday"],
    }
    assert e["coping"] == ["called a friend"]
    assert e["note"] == "it passed"
    assert e["at"] == "2026-11-21T21:30:00+01:00"
    assert e["logged_at"] == "2026-11-22T15:00:00+01:00"
    assert entries(run) == [e]


def test_craving_human_confirmation(run):
    r = run("craving", "6", "--place", "bus stop")
    assert r.code == 0
    assert "Craving 6/10" in r.out and "bus stop" in r.out
    assert "\x1b[" not in r.out  # not a terminal: no styling


def test_note_from_stdin(run):
    r = run("craving", "3", "--note", "-", "--json", stdin="line one\nline two\n")
    assert r.json()["note"] == "line one\nline two"


def test_lapse_records_and_confirms(run):
    r = run(
        "lapse",
        "--intensity",
        "8",
        "--place",
        "Friend's Flat",
        "--person",
        "Sam",
        "--feeling",
        "celebrating",
        "--note",
        "party",
        "--at",
        "2h ago",
        "--json",
    )
    assert r.code == 0, r.err
    e = r.json()
    assert e["kind"] == "lapse" and e["intensity"] == 8 and e["reflection"] == {}
    assert e["cues"]["place"] == ["friend's flat"]
    assert e["at"] == "2026-11-22T13:00:00+01:00"
    human = run("lapse")
    assert human.code == 0 and "Lapse" in human.out
    assert "failure" not in human.out.lower()
    quiet = run("lapse", "--quiet")  # stdout stays empty (the contract); the confirmation is on stderr
    assert quiet.code == 0 and quiet.out == "" and "Lapse noted" in quiet.err


def test_checkin_one_per_date(run):
    first = run(
        "checkin",
        "--craving",
        "4",
        "--feeling",
        "Calm",
        "--body",
        "rested",
        "--no-used",
        "--note",
        "ok day",
        "--json",
    ).json()
    assert first["kind"] == "checkin" and first["date"] == "2026-11-22" and first["used"] is False
    assert first["at"] == "2026-11-22T12:00:00+01:00" and first["intensity"] == 4
    assert first["cues"]["feeling"] == ["calm"] and first["cues"]["body"] == ["rested"]
    second = run("checkin", "--craving", "6", "--used")
    assert second.code == 0 and "updated" in second.out
    checkins = entries(run, "--kind", "checkin")
    assert len(checkins) == 1
    assert checkins[0]["id"] == first["id"] and checkins[0]["used"] is True
    assert checkins[0]["intensity"] == 6


def test_checkin_backfill_and_used_required_without_a_terminal(run, db):
    """Without a terminal a check-in must say whether the person used: an empty one
    would silence 'remind' (issue 16.3)."""
    refused = run("checkin", "--date", "yesterday", "--craving", "3", "--json")
    assert refused.code == 2 and refused.out == "" and not db.exists()
    assert "--used or --no-used" in refused.err and len(refused.err.strip().splitlines()) == 2
    e = run("checkin", "--date", "yesterday", "--no-used", "--json").json()
    assert e["date"] == "2026-11-21" and e["used"] is False and e["intensity"] is None
    run("checkin", "--date", "2026-11-01", "--used")
    assert [c["date"] for c in entries(run, "--kind", "checkin")] == ["2026-11-21", "2026-11-01"]


def test_quit_date_keeps_history(run):
    assert "No quit date" in run("quit-date").out
    assert run("quit-date", "--json").json() == {"current": None, "attempts": []}
    r = run("quit-date", "2026-10-01", "--substance", "Cocaine", "--json")
    assert r.json()["quit_date"] == "2026-10-01" and r.json()["substance"] == "cocaine"
    r = run("quit-date", "2026-11-10")
    assert r.code == 0 and "Earlier attempts stay" in r.out
    shown = run("quit-date", "--json").json()
    assert shown["current"]["quit_date"] == "2026-11-10"
    assert [a["quit_date"] for a in shown["attempts"]] == ["2026-10-01", "2026-11-10"]
    text = run("quit-date").out
    assert "day 12" in text and "week 2" in text


def test_quit_date_in_future_and_clinician_notice(run):
    r = run("quit-date", "2026-11-29", "--substance", "alcohol")
    assert r.code == 0 and "7 days from now" in r.out and "clinician" in r.out
    assert "clinician" not in run("quit-date", "2026-11-30", "--substance", "cocaine").out


def test_list_filters_and_order(run):
    run("craving", "2", "--at", "2026-11-01 10:00")
    run("craving", "3", "--at", "2026-11-10 10:00")
    run("lapse", "--at", "2026-11-10 23:00")
    run("craving", "4", "--at", "2026-11-20 10:00")
    assert [e["intensity"] for e in entries(run)] == [4, None, 3, 2]
    assert [e["intensity"] for e in entries(run, "--kind", "craving")] == [4, 3, 2]
    assert [e["kind"] for e in entries(run, "--kind", "lapse")] == ["lapse"]
    assert len(entries(run, "--since", "2026-11-10", "--until", "2026-11-10")) == 2
    assert [e["intensity"] for e in entries(run, "--limit", "2")] == [4, None]
    assert len(entries(run, "--since", "30d")) == 4
    assert len(entries(run, "--since", "2026-11-10 12:00")) == 2
    text = run("list", "--limit", "2")
    assert text.code == 0 and "craving" in text.out and "use --limit 0" in text.err


def test_list_empty(run):
    r = run("list")
    assert r.code == 0 and "No entries" in r.out
    assert run("list", "--json").json() == []


def test_edit_each_field(run):
    e = run("craving", "5", "--place", "bar", "--person", "sam", "--json").json()
    r = run(
        "edit",
        e["id"][:6],
        "--intensity",
        "8",
        "--place",
        "The Pub",
        "--place",
        "street",
        "--coping",
        "Walked",
        "--note",
        "changed",
        "--at",
        "2026-11-20 20:00",
        "--json",
    )
    assert r.code == 0, r.err
    new = r.json()
    assert new["id"] == e["id"] and new["intensity"] == 8
    assert new["cues"]["place"] == ["the pub", "street"]
    assert new["cues"]["person"] == ["sam"]  # untouched dimension stays
    assert new["coping"] == ["walked"] and new["note"] == "changed"
    assert new["at"] == "2026-11-20T20:00:00+01:00" and "edited_at" in new
    assert entries(run) == [new]
    cleared = run("edit", e["id"][:6], "--person", "", "--note", "", "--json").json()
    assert cleared["cues"]["person"] == [] and cleared["note"] is None


def test_edit_moves_entry_between_months(run, db):
    e = run("craving", "5", "--at", "2026-11-02 10:00", "--json").json()
    run("edit", e["id"], "--at", "2026-10-30 10:00")
    from tests.conftest import head_of

    assert sorted(head_of(db)["months"]) == ["2026-10", "2026-11"]
    assert [x["id"] for x in entries(run)] == [e["id"]]
    assert entries(run, "--since", "2026-11-01") == []


def test_edit_refusals(run, db):
    e = run("craving", "5", "--json").json()
    c = run("checkin", "--no-used", "--json").json()
    before = snapshot(db.parent)
    for args in (
        ["edit", e["id"]],
        ["edit", "zzzz", "--note", "x"],
        ["edit", "ab", "--note", "x"],
        ["edit", e["id"], "--intensity", "12"],
        ["edit", c["id"], "--at", "2h ago"],
        ["edit", e["id"], "--at", "tomorrow"],
    ):
        r = run(*args)
        assert r.code == 2, args
        assert r.err.startswith("cuelog: error: "), args
    assert snapshot(db.parent) == before


def test_delete(run):
    e = run("craving", "5", "--json").json()
    r = run("delete", e["id"][:5])
    assert r.code == 2 and "--yes" in r.err
    r = run("delete", e["id"][:5], "--yes", "--json")
    assert r.code == 0 and r.json()["id"] == e["id"]
    assert entries(run) == []
    assert run("delete", e["id"][:5], "--yes").code == 2


def test_global_db_option_wins_over_env(run, tmp_path):
    other = tmp_path / "other" / "j.json"
    assert run("--db", str(other), "craving", "4").code == 0
    assert other.exists()
    assert entries(run) == []
    assert len(json.loads(run("--db", str(other), "list", "--json").out)) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["craving"],
        ["craving", "11"],
        ["craving", "-1"],
        ["craving", "five"],
        ["craving", "5", "--at", "tomorrow-ish"],
        ["craving", "5", "--at", "2h"],
        ["craving", "5", "--at", "2026-11-22 16:00"],
        ["craving", "5", "--minutes", "-3"],
        ["craving", "5", "--place", "x" * 300],
        ["craving", "5", "--note", "bell\x07"],
        ["craving", "5", "--unknown"],
        ["lapse", "--intensity", "42"],
        ["checkin", "--craving", "11", "--no-used"],
        ["checkin", "--date", "2026-12-24", "--no-used"],
        ["checkin", "--date", "someday", "--no-used"],
        ["checkin", "--craving", "3"],
        ["quit-date", "soon"],
        ["quit-date", "--substance", "alcohol"],
        ["list", "--since", "2h"],
        ["list", "--kind", "mood"],
        ["list", "--limit", "-1"],
        ["list", "--since", "2026-11-20", "--until", "2026-11-10"],
        ["edit", "abcd"],
        ["delete", "abcd", "--yes"],
        ["bogus"],
    ],
)
def test_bad_input_exit_2_and_nothing_written(run, db, args):
    assert run("craving", "1").code == 0
    before = snapshot(db.parent)
    r = run(*args)
    assert r.code == 2, (args, r.err)
    assert r.err.startswith("cuelog: error: ")
    assert len(r.err.strip().splitlines()) <= 2
    assert "Traceback" not in r.err
    assert snapshot(db.parent) == before


def test_version_and_help(run):
    from cuelog import __version__

    assert run("--version").out.strip() == f"cuelog {__version__}"
    for cmd in ("craving", "lapse", "checkin", "quit-date", "list", "edit", "delete"):
        r = run(cmd, "--help")
        assert r.code == 0 and "Example: cuelog" in r.out, cmd


def test_unexpected_errors_hide_private_text_unless_debug(run, monkeypatch):
    from cuelog import service

    def broken(*args, **kwargs):
        raise ValueError("my private note text")

    monkeypatch.setattr(service, "log_craving", broken)
    r = run("craving", "5")
    assert r.code == 1
    assert r.err.startswith("cuelog: error: unexpected problem (ValueError)")
    assert "private" not in r.err and "Traceback" not in r.err
    with pytest.raises(ValueError):
        run("--debug", "craving", "5")


def test_a_bad_pinned_clock_is_a_clear_error(run, monkeypatch):
    monkeypatch.setenv("CUELOG_NOW", "someday")
    r = run("craving", "5")
    assert r.code == 2 and r.err.startswith("cuelog: error: CUELOG_NOW")
