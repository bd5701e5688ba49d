"""If-then plans through the CLI: a real session of making a plan and seeing it appear."""

import json

import pytest

from tests.conftest import snapshot


def test_plan_lifecycle(run):
    made = run("plan", "add", "--place", " The Bar", "--feeling", "Lonely", "leave and call my sister", "--json")
    assert made.code == 0, made.err
    p = made.json()
    assert p["cues"]["place"] == ["the bar"] and p["cues"]["feeling"] == ["lonely"]
    assert p["then"] == "leave and call my sister" and set(p) >= {"id", "cues", "then", "created_at"}
    assert [x["id"] for x in run("plan", "list", "--json").json()] == [p["id"]]
    assert "If the bar + lonely then leave and call my sister" in run("plan", "list").text

    shown = run("craving", "7", "--place", "the bar", "--feeling", "lonely", "--person", "sam")
    assert "Your plan: if the bar + lonely then leave and call my sister" in shown.text
    assert "Your plan" not in run("craving", "4", "--place", "the bar").out  # only some of the cues
    assert "Your plan" in run("lapse", "--place", "the bar", "--feeling", "lonely").out
    as_json = run("craving", "7", "--place", "the bar", "--feeling", "lonely", "--json")
    json.loads(as_json.out)  # --json prints only the entry

    edited = run("plan", "edit", p["id"][:6], "walk to the bus stop and call", "--feeling", "bored", "--json").json()
    assert edited["then"] == "walk to the bus stop and call" and edited["cues"]["feeling"] == ["bored"]
    assert edited["cues"]["place"] == ["the bar"]
    removed = run("plan", "remove", p["id"][:6], "--json").json()
    assert removed["id"] == p["id"] and run("plan", "list", "--json").json() == []


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "add", "--place", "bar"],
        ["plan", "add", "--place", "", "x"],
        ["plan", "edit", "zzzz", "x"],
        ["plan", "remove", "zzzz"],
        ["plan", "edit", "abc", "x"],
    ],
)
def test_plan_bad_input(run, db, args):
    run("plan", "add", "--place", "bar", "leave")
    before = snapshot(db.parent)
    r = run(*args)
    assert r.code == 2 and r.err.startswith("cuelog: error: ")
    assert snapshot(db.parent) == before


def test_summary_and_status_show_plans_for_top_cues(run):
    run("quit-date", "2026-11-01")
    run("craving", "6", "--place", "bar", "--at", "2026-11-02 20:00")
    run("plan", "add", "--place", "bar", "leave")
    for day in (5, 6, 7):
        run("craving", "5", "--place", "bar", "--at", f"2026-11-{day:02d} 20:00")
    run("lapse", "--place", "bar", "--at", "2026-11-07 22:00", "--quiet")
    doc = run("summary", "--json").json()
    bar = doc["top_cues"][0]
    assert bar["value"] == "bar" and bar["plan"]["plan"] is True
    # the plan was made at the fixed clock (22 Nov), after these entries
    assert bar["plan"]["cravings"] == 0
    text = run("summary").text
    assert "Plans for your top cues" in text and "place: bar — plan since 22 Nov" in text
    status = run("status", "--json").json()
    assert status["top_cues"][0]["plan"]["plan"] is True
    assert "Plans for your top cues" in run("status").text


def test_outlook_json_and_text(run):
    r = run("outlook", "--json")
    assert r.code == 0 and r.json()["enough_data"] is False
    assert "Too little history" in run("outlook").text
    for week in range(6):
        for hour in (19, 20, 21):
            run("craving", "6", "--place", "bar", "--at", f"2026-11-{20 - 7 * (week % 3):02d} {hour}:00")
    for day in range(1, 20):
        run("craving", "3", "--place", "home", "--at", f"2026-11-{day:02d} 08:00")
    doc = run("outlook", "--json").json()
    assert doc["enough_data"] is True and doc["high_risk"][0]["top_cues"][0]["value"] in ("bar", "home")
    assert "higher-risk times" in run("outlook").text


def test_plans_in_the_export_and_notes_redaction(run):
    run("plan", "add", "--person", "Marguerite", "--place", "bar", "meet at the zebra cafe")
    md = run("export").out
    assert "If marguerite + bar, then meet at the zebra cafe" in md or "If bar + marguerite" in md
    notes = run("export", "--redact", "notes").out
    assert "zebra" not in notes and "(text left out)" in notes
    people = run("export", "--redact", "people", "--format", "html").out
    assert "marguerite" not in people.lower() and "person 1" in people
