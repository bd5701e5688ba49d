"""Goals, one per substance, several at once, through the installed script (issue 26)."""

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from cuelog.store import SCHEMA_VERSION
from tests.conftest import snapshot


def goals_of(cuelog, *args):
    found = cuelog("goal", "list", "--json", *args)
    assert found.code == 0, found.err
    return found.json()["goals"]


def test_two_stop_goals_at_once(cuelog):
    assert cuelog("quit-date", "2026-11-12", "--substance", "Opioids", "--quiet").code == 0
    assert cuelog("quit-date", "2026-11-20", "--substance", "alcohol", "--quiet").code == 0
    goals = goals_of(cuelog)
    assert [(g["substance"], g["type"], g["quit_date"], g["active"]) for g in goals] == [
        ("opioids", "stop", "2026-11-12", True),
        ("alcohol", "stop", "2026-11-20", True),
    ]
    assert goals[0]["substance_typed"] == "Opioids"
    status = cuelog("status", "--json").json()
    # The keys scripts already read follow the most recent stop goal ...
    assert status["quit_date"] == "2026-11-20" and status["days_since_quit"] == 2 and status["substance"] == "alcohol"
    # ... and every goal in force has its own day, week and weeks 2-4 window.
    by = {g["substance"]: g for g in status["goals"]}
    assert by["opioids"]["days_since_quit"] == 10 and by["opioids"]["week"] == 2
    assert by["opioids"]["in_extinction_burst"] is True
    assert by["opioids"]["extinction_burst"] == {"start": "2026-11-19", "end": "2026-12-09"}
    assert by["alcohol"]["days_since_quit"] == 2 and by["alcohol"]["in_extinction_burst"] is False


def test_a_new_quit_date_restarts_only_that_substance(cuelog):
    cuelog("quit-date", "2026-11-01", "--substance", "opioids", "--quiet")
    cuelog("quit-date", "2026-11-05", "--substance", "alcohol", "--quiet")
    cuelog("quit-date", "2026-11-15", "--substance", "opioids", "--quiet")
    goals = goals_of(cuelog)
    assert [(g["substance"], g["quit_date"], g["ended"], g["active"]) for g in goals] == [
        ("opioids", "2026-11-01", "2026-11-15", False),  # the earlier attempt stays in history
        ("alcohol", "2026-11-05", None, True),
        ("opioids", "2026-11-15", None, True),
    ]
    assert cuelog("status", "--json").json()["attempts"] == 3


def test_a_stop_and_a_cut_down_goal(cuelog):
    made = cuelog("goal", "add", "Alcohol", "--limit", "no more than 2 drinks/day, 3 days a week", "--json")
    assert made.code == 0, made.err
    goal = made.json()
    assert goal["type"] == "cut-down" and goal["substance"] == "alcohol" and goal["started"] == "2026-11-22"
    assert goal["limit"] == {
        "per_day": 2,
        "unit": "drinks",
        "days_per_week": 3,
        "text": "no more than 2 drinks/day, 3 days a week",
    }
    stop = cuelog("goal", "add", "cocaine", "--quit", "2026-11-10", "--json").json()
    assert stop["type"] == "stop" and stop["quit_date"] == "2026-11-10" and stop["active"] is True
    listed = cuelog("goal", "list")
    assert listed.code == 0
    assert "Alcohol — cut down: at most 2 drinks a day, on at most 3 days a week" in listed.text
    assert "cocaine — stop, quit date" in listed.text
    statuses = {g["substance"]: g for g in cuelog("status", "--json").json()["goals"]}
    assert set(statuses) == {"alcohol", "cocaine"} and "days_since_quit" not in statuses["alcohol"]
    assert statuses["cocaine"]["days_since_quit"] == 12

    # The same limit from numbers; a newer goal for alcohol ends the older one today.
    again = cuelog("goal", "add", "alcohol", "--per-day", "1", "--unit", "drink", "--days-per-week", "2", "--json")
    assert again.json()["limit"] == {"per_day": 1, "unit": "drink", "days_per_week": 2, "text": None}
    alcohol = [g for g in goals_of(cuelog) if g["substance"] == "alcohol"]
    assert [g["active"] for g in alcohol] == [False, True]

    track = cuelog("goal", "add", "cannabis", "--track", "--json").json()
    assert track["type"] == "track" and track["limit"] is None and track["quit_date"] is None


def test_ending_a_goal_keeps_its_history_and_can_be_undone(cuelog):
    cuelog("quit-date", "2026-11-12", "--substance", "opioids", "--quiet")
    cuelog("goal", "add", "cannabis", "--track", "--quiet")
    ended = cuelog("goal", "end", "Cannabis")
    assert ended.code == 0, ended.err
    assert "Goal ended: cannabis" in ended.text and "stay in your history" in ended.text
    goals = {g["substance"]: g for g in goals_of(cuelog)}
    assert goals["cannabis"]["ended"] == "2026-11-22" and goals["cannabis"]["active"] is False
    assert goals["opioids"]["active"] is True
    assert [g["substance"] for g in cuelog("status", "--json").json()["goals"]] == ["opioids"]
    assert cuelog("undo").code == 0
    assert {g["substance"]: g["active"] for g in goals_of(cuelog)} == {"opioids": True, "cannabis": True}
    assert cuelog("undo").code == 0
    assert [g["substance"] for g in goals_of(cuelog)] == ["opioids"]


def test_a_quit_date_without_a_substance_is_one_unnamed_goal(cuelog):
    assert cuelog("quit-date", "2026-11-10", "--quiet").code == 0
    assert cuelog("quit-date", "2026-11-15", "--quiet").code == 0
    goals = goals_of(cuelog)
    assert [(g["substance"], g["active"]) for g in goals] == [(None, False), (None, True)]
    assert cuelog("status", "--json").json()["quit_date"] == "2026-11-15"
    assert "(no substance named) — stop" in cuelog("goal", "list").text


@pytest.mark.parametrize(
    "args",
    [
        ["goal", "add", "alcohol"],
        ["goal", "add", "alcohol", "--track", "--quit", "today"],
        ["goal", "add", "alcohol", "--limit", "less please"],
        ["goal", "add", "alcohol", "--limit", "9 days a week"],
        ["goal", "add", "alcohol", "--limit", "2 a day", "--per-day", "2"],
        ["goal", "add", "alcohol", "--unit", "drinks", "--track"],
        ["goal", "add", "alcohol", "--quit", "someday"],
        ["goal", "add", " ", "--track"],
        ["goal", "end", "heroin"],
    ],
)
def test_bad_goals_are_refused_with_nothing_written(cuelog, db, args):
    cuelog("goal", "add", "cannabis", "--track", "--quiet")
    before = snapshot(db.parent)
    refused = cuelog(*args)
    assert refused.code == 2, refused.err
    assert refused.err.startswith("cuelog: error: ") and "Traceback" not in refused.err
    assert snapshot(db.parent) == before


def test_no_goals_yet(cuelog, db):
    empty = cuelog("goal", "list")
    assert empty.code == 0 and "No goals yet" in empty.text
    assert goals_of(cuelog) == [] and not db.exists()


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "legacy"


def test_a_journal_with_two_old_attempts_is_updated_with_nothing_lost(cuelog, tmp_path):
    """schema2-two-attempts/ was written by the cuelog before goals (make_schema2.py):
    opioids from 12 Nov with a lapse on the 19th, then alcohol from 22 Nov, which
    then ended the opioid attempt. Read as it is, then updated by the first write."""
    expected = json.loads((FIXTURES / "expected2.json").read_text())
    folder = tmp_path / "old"
    shutil.copytree(FIXTURES / "schema2-two-attempts", folder)
    env = {"CUELOG_DB": str(folder / "cuelog.json")}
    before = snapshot(folder)
    read = cuelog("goal", "list", "--json", env=env)
    assert read.code == 0, read.err
    old_meaning = [(g["substance"], g["type"], g["quit_date"], g["ended"], g["active"]) for g in read.json()["goals"]]
    assert old_meaning == [
        ("opioids", "stop", "2026-11-12", "2026-11-22", False),
        ("alcohol", "stop", "2026-11-22", None, True),
    ]
    assert snapshot(folder) == before, "reading changed the old journal"

    written = cuelog("craving", "3", "--json", env=env)
    assert written.code == 0, written.err
    root = json.loads((folder / "cuelog.json").read_text())
    assert root["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    backups = [p.name for p in (folder / "cuelog.json.backups").iterdir()]
    assert any(b.startswith("before-update-") for b in backups), backups
    # The goals are in the journal now, as they were read before; nothing else changed.
    heads = [json.loads(p.read_text())["head"]["1"] for p in (folder / "cuelog.json.d").glob("*/head.json")]
    stored = [g for head in heads for g in head["tables"].get("goals", [])]
    assert sorted((g["substance"], g["quit_date"], g["ended"]) for g in stored) == [
        ("alcohol", "2026-11-22", None),
        ("opioids", "2026-11-12", "2026-11-22"),
    ]
    assert cuelog("goal", "list", "--json", env=env).json() == read.json()
    listed = cuelog("list", "--json", env=env).json()
    assert sorted(e["id"] for e in listed) == sorted([*(e["id"] for e in expected["entries"]), written.json()["id"]])
    quit_dates = cuelog("quit-date", "--json", env=env).json()["attempts"]
    assert [(a["quit_date"], a["substance"]) for a in quit_dates] == [
        (a["quit_date"], a["substance"]) for a in expected["attempts"]
    ]
    assert cuelog("doctor", "--json", env=env).json()["ok"]
    # From now on a quit date restarts only its own substance's goal.
    assert cuelog("quit-date", "2026-11-22", "--substance", "opioids", "--quiet", env=env).code == 0
    status = cuelog("status", "--json", env=env).json()
    assert sorted(g["substance"] for g in status["goals"]) == ["alcohol", "opioids"]


def test_goals_go_through_export_and_import(cuelog, tmp_path):
    cuelog("quit-date", "2026-11-12", "--substance", "opioids", "--quiet")
    cuelog("quit-date", "2026-11-12", "--substance", "alcohol", "--quiet")  # the same day, another substance
    cuelog("goal", "add", "cannabis", "--limit", "3 days a week", "--quiet")
    cuelog("goal", "add", "nicotine", "--track", "--quiet")
    cuelog("goal", "end", "nicotine", "--quiet")
    exported = cuelog("export", "-f", "json")
    assert exported.code == 0, exported.err
    report = exported.json()
    assert sorted(g["substance"] for g in report["goals"]) == ["alcohol", "cannabis", "nicotine", "opioids"]
    (tmp_path / "export.json").write_text(exported.out)
    other = {"CUELOG_DB": str(tmp_path / "other" / "cuelog.json")}
    assert cuelog("import", str(tmp_path / "export.json"), env=other).code == 0
    assert goals_of(cuelog) == cuelog("goal", "list", "--json", env=other).json()["goals"]
    again = cuelog("import", str(tmp_path / "export.json"), "--json", env=other)
    assert again.code == 0 and goals_of(cuelog) == cuelog("goal", "list", "--json", env=other).json()["goals"]


def test_an_opioid_lapse_keeps_its_notes_after_an_alcohol_quit_date(cuelog):
    """The scenario of issue 26: an opioid lapse, then an alcohol quit date."""
    cuelog("quit-date", "10d ago", "--substance", "opioids", "--quiet")
    lapse = cuelog("lapse", "--at", "3d ago", "--json")
    assert lapse.code == 0, lapse.err
    assert lapse.json()["substances"] == ["opioids"]  # the one goal in force
    cuelog("quit-date", "today", "--substance", "alcohol", "--quiet")
    status = cuelog("status", "--json").json()
    by = {g["substance"]: g for g in status["goals"]}
    assert by["opioids"]["lapses_since_quit"] == 1 and by["opioids"]["use_days_since_quit"] == 1
    assert by["alcohol"]["lapses_since_quit"] == 0
    keys = [n["key"] for n in status["notices"]]
    assert keys[:2] == ["overdose", "overdose-emergency"]  # the opioid lapse's notes stay
    assert "withdrawal-returning" not in keys  # no alcohol was used
    assert "withdrawal-stopping" in keys  # stopping alcohol: its own note
    human = cuelog("status")
    assert "opioids — stop from" in human.text and "1 day with use since then (1 lapse)" in human.text
    assert "alcohol — stop from" in human.text and "no use logged since then" in human.text
    # 15 days after the lapse the overdose note is still there (its rule: 28 days); not after that.
    later = cuelog("status", "--on", "2026-12-04", "--json").json()
    assert "overdose" in [n["key"] for n in later["notices"]]
    gone = cuelog("status", "--on", "2026-12-20", "--json").json()
    assert "overdose" not in [n["key"] for n in gone["notices"]]


def test_with_two_goals_a_script_must_say_which_substance(cuelog, db):
    cuelog("quit-date", "2026-11-12", "--substance", "opioids", "--quiet")
    cuelog("goal", "add", "alcohol", "--limit", "2 drinks/day, 3 days/week", "--quiet")
    before = snapshot(db.parent)
    for args in (["lapse"], ["lapse", "--quiet"], ["checkin", "--used"], ["checkin", "--used", "--json"]):
        refused = cuelog(*args)
        assert refused.code == 2, (args, refused.err)
        assert "several goals are in force (opioids, alcohol)" in refused.err and "--substance" in refused.err
        assert snapshot(db.parent) == before
    assert cuelog("checkin", "--no-used", "--quiet").code == 0  # no use: nothing to name
    craving = cuelog("craving", "5", "--json").json()
    assert craving["substances"] == []  # a craving need not name one
    named = cuelog("lapse", "--substance", "Alcohol", "--amount", "4 pints", "--json")
    assert named.code == 0, named.err
    assert named.json()["substances"] == ["alcohol"] and named.json()["amount"] == "4 pints"


def test_a_used_checkin_naming_two_substances(cuelog):
    cuelog("quit-date", "2026-11-12", "--substance", "opioids", "--quiet")
    cuelog("goal", "add", "alcohol", "--limit", "3 days a week", "--quiet")
    made = cuelog(
        "checkin", "--used", "--substance", "opioids", "--substance", "alcohol", "--amount", "2 bags, 4 pints", "--json"
    )
    assert made.code == 0, made.err
    entry = made.json()
    assert entry["substances"] == ["opioids", "alcohol"] and entry["amount"] == "2 bags, 4 pints"
    assert "tolerance to opioids" in made.err  # the overdose note, for the opioids used
    status = {g["substance"]: g for g in cuelog("status", "--json").json()["goals"]}
    assert status["opioids"]["use_days_since_quit"] == 1 and status["opioids"]["lapses_since_quit"] == 0
    # "2 bags, 4 pints" is two amounts in one: it stays text, so no amount is added up
    assert status["alcohol"]["this_week"] == {
        "since": "2026-11-16",
        "use_days": 1,
        "amount": None,
        "days_over_per_day": 0,
    }
    assert "1 of 3 days with use this week" in cuelog("status").text


def test_a_cut_down_week_past_its_limit_is_said_plainly(cuelog):
    cuelog("goal", "add", "cannabis", "--limit", "0 days a week", "--quiet")
    cuelog("goal", "add", "nicotine", "--track", "--quiet")
    cuelog("checkin", "--used", "--substance", "cannabis", "--quiet")
    cuelog("lapse", "--substance", "cannabis", "--at", "2026-11-22 09:00", "--quiet")
    cuelog("checkin", "--used", "--substance", "cannabis", "--date", "yesterday", "--quiet")  # before the goal
    shown = cuelog("status").text
    assert "cannabis — cut down (on at most 0 days a week): 1 of 0 days with use this week, over the limit" in shown
    assert "nicotine — track only" in shown
    for word in ("lapse", "failed", "streak"):
        assert word not in shown.split("cannabis —", 1)[1].split("\n", 1)[0]


def test_entries_from_before_goals_belong_to_the_goal_then_in_force(cuelog, tmp_path):
    folder = tmp_path / "old"
    shutil.copytree(FIXTURES / "schema2-two-attempts", folder)
    env = {"CUELOG_DB": str(folder / "cuelog.json")}
    on_the_20th = cuelog("status", "--on", "2026-11-20", "--json", env=env).json()
    assert [(g["substance"], g["lapses_since_quit"]) for g in on_the_20th["goals"]] == [("opioids", 1)]
    now = {g["substance"]: g for g in cuelog("status", "--json", env=env).json()["goals"]}
    assert list(now) == ["alcohol"] and now["alcohol"]["lapses_since_quit"] == 0


@pytest.mark.parametrize(
    ("system", "wine", "beer"),
    [(None, 2.3, 9.1), ("uk", 2.3, 9.1), ("us", 1.3, 5.1)],
)
def test_amounts_keep_the_text_and_read_units_both_ways(cuelog, system, wine, beer):
    env = {"CUELOG_UNITS": system} if system else {}
    cuelog("goal", "add", "alcohol", "--limit", "2 drinks/day, 3 days/week", "--quiet")
    lapse = cuelog("lapse", "--amount", "175ml wine 13%", "--at", "2026-11-22 09:00", "--json", env=env).json()
    assert lapse["amount"] == "175ml wine 13%" and lapse["substances"] == ["alcohol"]
    assert (lapse["amount_number"], lapse["amount_unit"], lapse["units"]) == (175, "ml", wine)
    assert lapse["units_system"] == (system or "uk")
    checkin = cuelog("checkin", "--used", "--amount", "4 pints", "--json", env=env).json()
    assert (checkin["amount"], checkin["amount_number"], checkin["amount_unit"], checkin["units"]) == (
        "4 pints",
        4,
        "pint",
        beer,
    )
    bags = cuelog("lapse", "--substance", "heroin", "--amount", "2 bags", "--json", env=env).json()
    assert (bags["amount_number"], bags["amount_unit"]) == (2, "bags") and "units" not in bags
    vague = cuelog("lapse", "--substance", "alcohol", "--amount", "a lot", "--json", env=env).json()
    assert vague["amount"] == "a lot" and "amount_number" not in vague


def test_an_unknown_units_setting_is_refused(cuelog, db):
    refused = cuelog("lapse", "--amount", "2 pints", env={"CUELOG_UNITS": "metric"})
    assert refused.code == 2 and "CUELOG_UNITS" in refused.err and not db.exists()


def test_entries_with_substances_and_amounts_go_through_export_and_import(cuelog, tmp_path):
    cuelog("quit-date", "2026-11-12", "--substance", "opioids", "--quiet")
    cuelog("goal", "add", "alcohol", "--limit", "3 days a week", "--quiet")
    cuelog("lapse", "--substance", "alcohol", "--amount", "4 pints", "--quiet")
    cuelog("checkin", "--used", "--substance", "opioids", "--substance", "alcohol", "--amount", "2 bags", "--quiet")
    exported = cuelog("export", "-f", "json")
    (tmp_path / "export.json").write_text(exported.out)
    other = {"CUELOG_DB": str(tmp_path / "other" / "cuelog.json")}
    imported = cuelog("import", str(tmp_path / "export.json"), env=other)
    assert imported.code == 0, imported.err
    assert cuelog("list", "--json", env=other).json() == cuelog("list", "--json").json()
    assert cuelog("status", "--json", env=other).json()["goals"] == cuelog("status", "--json").json()["goals"]
    assert cuelog("export", "-f", "json", env=other).json()["goals"] == exported.json()["goals"]


def test_insight_and_export_by_substance(cuelog):
    cuelog("quit-date", "2026-11-12", "--substance", "opioids", "--quiet")
    cuelog("goal", "add", "alcohol", "--limit", "2 drinks/day, 3 days/week", "--quiet")
    cuelog("lapse", "--substance", "opioids", "--place", "flat", "--at", "2026-11-22 09:00", "--quiet")
    cuelog("lapse", "--substance", "alcohol", "--place", "pub", "--amount", "4 pints", "--at", "2026-11-22 13:00", "-q")
    cuelog("craving", "6", "--substance", "alcohol", "--place", "pub", "--quiet")
    cuelog("craving", "4", "--place", "home", "--quiet")  # about nothing named: in neither

    listed = cuelog("list", "--substance", "alcohol", "--json").json()
    assert [(e["kind"], e["cues"]["place"]) for e in listed] == [("craving", ["pub"]), ("lapse", ["pub"])]
    assert [e["kind"] for e in cuelog("list", "--substance", "opioids", "--json").json()] == ["lapse"]
    assert len(cuelog("list", "--json").json()) == 4

    alcohol = cuelog("summary", "--substance", "alcohol", "--json").json()
    assert alcohol["totals"] == {"craving": 1, "lapse": 1, "checkin": 0}
    pub = next(c for c in alcohol["top_cues"] if c["value"] == "pub")
    assert (pub["count"], pub["lapses"]) == (2, 1)
    assert "flat" not in [c["value"] for c in alcohol["top_cues"]]
    assert cuelog("outlook", "--substance", "opioids", "--json").code == 0

    report = cuelog("export", "--substance", "alcohol", "-f", "json").json()
    assert [g["substance"] for g in report["goals"]] == ["alcohol"]
    assert sorted(e["kind"] for e in report["entries"]) == ["craving", "lapse"]

    rows = list(csv.DictReader(io.StringIO(cuelog("export", "-f", "csv").out)))
    assert list(rows[0])[-5:] == ["amount", "substance", "amount_number", "amount_unit", "units"]
    pints = next(r for r in rows if r["amount"] == "4 pints")
    assert (pints["substance"], pints["amount_number"], pints["amount_unit"], pints["units"]) == (
        "alcohol",
        "4",
        "pint",
        "9.1",
    )
    title = cuelog("export").out.splitlines()[0]
    assert title.startswith("# cuelog report:")
    assert "opioids, quit date Thu 12 Nov 2026" in title and "alcohol, cutting down" in title


def test_a_cut_down_week_adds_up_amounts_a_day_once(cuelog):
    cuelog("goal", "add", "alcohol", "--limit", "2 drinks/day, 3 days/week", "--quiet")
    cuelog("quit-date", "2026-11-12", "--substance", "opioids", "--quiet")
    cuelog("lapse", "--substance", "alcohol", "--amount", "2 pints", "--at", "2026-11-22 12:00", "--quiet")
    cuelog("lapse", "--substance", "alcohol", "--amount", "1 glass of wine", "--at", "2026-11-22 13:00", "--quiet")
    week = {g["substance"]: g for g in cuelog("status", "--json").json()["goals"]}["alcohol"]["this_week"]
    assert week == {"since": "2026-11-16", "use_days": 1, "amount": 3, "days_over_per_day": 1}
    shown = cuelog("status").text
    assert "1 of 3 days with use this week, 3 drinks so far, over the limit you set on 1 day" in shown
    # The day's check-in says the whole day: counted once, not on top of the lapses.
    cuelog("checkin", "--used", "--substance", "alcohol", "--amount", "5 drinks", "--quiet")
    week = {g["substance"]: g for g in cuelog("status", "--json").json()["goals"]}["alcohol"]["this_week"]
    assert week["amount"] == 5 and week["use_days"] == 1


def test_the_report_has_a_use_calendar_per_substance(cuelog):
    cuelog("quit-date", "2026-11-12", "--substance", "opioids", "--quiet")
    cuelog("goal", "add", "alcohol", "--limit", "3 days a week", "--quiet")
    cuelog("lapse", "--substance", "opioids", "--amount", "2 bags", "--at", "2026-11-20 22:00", "--quiet")
    cuelog("lapse", "--substance", "alcohol", "--amount", "4 pints", "--at", "2026-11-22 13:00", "--quiet")
    cuelog("checkin", "--used", "--substance", "alcohol", "--amount", "4 pints", "--quiet")  # the same, once
    report = cuelog("export", "-f", "json").json()
    assert report["use_by_substance"] == {
        "alcohol": [{"date": "2026-11-22", "amounts": ["4 pints"], "units": 9.1}],
        "opioids": [{"date": "2026-11-20", "amounts": ["2 bags"], "units": None}],
    }
    markdown = cuelog("export").out
    assert "## Use by substance" in markdown
    assert "| alcohol   | Sun 22 Nov 2026 | 4 pints" in markdown
    assert "| opioids   | Fri 20 Nov 2026 | 2 bags" in markdown
    html = cuelog("export", "-f", "html").out
    assert "Use by substance" in html and "2 bags" in html
