"""Goals, one per substance, several at once, through the installed script (issue 26)."""

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
