"""status, summary and reflect through the CLI."""

import re

import pytest

from cuelog import wording
from tests.conftest import snapshot


def test_status_json_contract(run):
    assert run("status", "--json").json() | {} == {
        "quit_date": None,
        "as_of": "2026-11-22",
        "days_since_quit": None,
        "week": None,
        "in_extinction_burst": False,
        "extinction_burst": None,
        "lapses_since_quit": 0,
        "substance": None,
        "attempts": 0,
        "attempt": None,
        "phases": [],
        "notices": [],
        "crisis_reminder": None,  # issue 23: a disclosure in the last 72 hours
        "next_24_hours": None,  # issue 23: the 24-hour plan, for 48 hours after a use
        "goals": [],  # issue 26: every goal in force
    }
    run("quit-date", "2026-11-01", "--substance", "cocaine")
    run("lapse", "--at", "2026-11-09 22:00", "--place", "bar")
    run("lapse", "--at", "2026-10-20 22:00")  # before the quit date: not counted
    doc = run("status", "--on", "2026-11-12", "--json").json()
    for key, value in {
        "quit_date": "2026-11-01",
        "as_of": "2026-11-12",
        "days_since_quit": 11,
        "week": 2,
        "in_extinction_burst": True,
        "lapses_since_quit": 1,
        "use_days_since_quit": 1,  # lapses and used check-ins, a day once
        "extinction_burst": {"start": "2026-11-08", "end": "2026-11-28"},
    }.items():
        assert doc[key] == value, key
    assert run("status", "--on", "2026-11-08", "--json").json()["lapses_since_quit"] == 0
    future = run("status", "--on", "2027-01-10", "--json").json()
    assert future["days_since_quit"] == 70 and future["in_extinction_burst"] is False


@pytest.mark.parametrize(
    "on, phrases",
    [
        ("2026-10-30", ["in 2 days", "Weeks 2–4 run from Sun 8 Nov to Sat 28 Nov."]),
        ("2026-11-03", ["day 2", "Weeks 2–4 run from Sun 8 Nov to Sat 28 Nov."]),
        ("2026-11-08", ["day 7", "Weeks 2–4 run until Sat 28 Nov."]),
        ("2026-11-28", ["day 27", "Weeks 2–4 run until Sat 28 Nov."]),
        ("2026-11-29", ["day 28", "Weeks 2–4 ended on Sat 28 Nov. That is not an all-clear"]),
    ],
)
def test_status_text_by_phase(run, on, phrases):
    """Dates, never a countdown or an all-clear; the full, hedged explanation the first
    time, then one line, and in full again with --explain."""
    run("quit-date", "2026-11-01")
    first = run("status", "--on", on)
    assert first.code == 0
    for phrase in phrases:
        assert phrase in first.text
    lowered = first.text.lower()
    assert "some people notice" in lowered or "can stay strong, or grow" in lowered
    for overclaim in ("days left", "behind you", "before they fade", "begin in", "failure"):
        assert overclaim not in lowered
    assert first.text.rstrip().endswith(wording.SOURCES_POINTER)

    later = run("status", "--on", on)
    assert phrases[1].split(".")[0] in later.text or "have passed" in later.text
    assert "Some people notice" not in later.text and "Studies differ" not in later.text
    assert len(later.out) < len(first.out)

    explained = run("status", "--on", on, "--explain")
    assert "Studies differ" in explained.text or "not an all-clear" in explained.text
    assert explained.text.count(wording.SOURCES_POINTER) == 1


def test_status_shows_own_data_first(run):
    run("quit-date", "2026-11-01")
    for day in range(1, 22):
        run("checkin", "--date", f"2026-11-{day:02d}", "--no-used" if day % 7 else "--used")
    r = run("status")
    assert "From your check-ins: 18 of the 22 days from your quit date to today without use" in r.text
    assert "(3 with use, 1 without a check-in)" in r.text
    assert r.text.index("From your check-ins") < r.text.index("Weeks 2–4 run until")
    assert "keep counting" not in r.text
    past = run("status", "--on", "2026-11-10")
    assert "days from your quit date to Tue 10 Nov without use" in past.text


def test_status_text_no_quit_date_and_clinician_notice(run):
    assert "No quit date yet" in run("status").out
    run("quit-date", "2026-11-10", "--substance", "alcohol")
    assert "clinician" in run("status").text


def test_status_reports_own_data(run):
    run("quit-date", "2026-10-20")
    for day in range(20, 32):
        run("craving", "3", "--at", f"2026-10-{day} 20:00")
    for day in range(1, 17):
        run("craving", "8", "--at", f"2026-11-{day:02d} 20:00")
    r = run("status", "--on", "2026-11-16")
    assert "Your journal: in weeks 2–4 the daily peak craving averaged" in r.text
    assert "higher than week 1" in r.text


def test_summary_json_contract(run):
    run("craving", "8", "--place", "bar", "--person", "sam", "--at", "2026-11-10 20:00")
    run("craving", "6", "--place", "bar", "--coping", "walk", "--at", "2026-11-11 09:00")
    run("lapse", "--place", "bar", "--intensity", "9", "--at", "2026-11-11 23:00")
    run("checkin", "--craving", "4", "--no-used", "--date", "2026-11-12")
    doc = run("summary", "--json").json()
    assert doc["totals"] == {"craving": 2, "lapse": 1, "checkin": 1}
    assert doc["top_cues"][0] == {
        "dimension": "place",
        "value": "bar",
        "count": 3,
        "lapses": 1,
        "mean_intensity": 7.7,
        "followed_by_lapse": 1,
    }
    assert set(doc["by_dimension"]) == {"place", "person", "feeling", "body", "activity", "tag"}
    assert doc["time_of_day"] == {"morning": 1, "afternoon": 0, "evening": 1, "night": 1}
    assert doc["weekday"]["tue"] == 1 and doc["weekday"]["wed"] == 2
    assert doc["coping"] == [{"coping": "walk", "used": 1, "passed_without_lapse": 0, "pending": 0}]
    assert run("summary", "--top", "1", "--json").json()["top_cues"][0]["value"] == "bar"
    assert len(run("summary", "--top", "1", "--json").json()["top_cues"]) == 1


def test_summary_since_until_edges(run):
    run("craving", "1", "--at", "2026-11-09 23:59")
    run("craving", "2", "--at", "2026-11-10 00:00")
    run("craving", "3", "--at", "2026-11-12 23:59")
    run("craving", "4", "--at", "2026-11-13 00:00")
    doc = run("summary", "--since", "2026-11-10", "--until", "2026-11-12", "--json").json()
    assert doc["totals"]["craving"] == 2
    assert doc["since"].startswith("2026-11-10T00:00:00")
    assert (
        run("summary", "--since", "2026-11-10 00:00", "--until", "2026-11-13 00:00", "--json").json()["totals"][
            "craving"
        ]
        == 3
    )
    assert run("summary", "--since", "10d", "--json").json()["totals"]["craving"] == 2  # from 12 Nov 15:00


@pytest.mark.parametrize(
    "args",
    [
        ["summary", "--since", "2h"],
        ["summary", "--top", "-1"],
        ["summary", "--since", "2026-11-20", "--until", "2026-11-01"],
        ["status", "--on", "someday"],
        ["reflect"],
        ["reflect", "zzzz"],
    ],
)
def test_insight_bad_input(run, db, args):
    run("craving", "3")
    before = snapshot(db.parent)
    r = run(*args)
    assert r.code == 2 and r.err.startswith("cuelog: error: ")
    assert snapshot(db.parent) == before


def test_reflect_refuses_a_craving(run):
    craving = run("craving", "3", "--json").json()
    assert run("reflect", craving["id"][:6]).code == 2


def test_lapse_prints_prompts_naming_its_cues(run):
    r = run("lapse", "--place", "Sam's Flat", "--feeling", "celebrating", "--at", "2026-11-14 23:00")
    assert r.code == 0
    assert "Sam's Flat" in r.out and "celebrating" in r.out
    assert "You noted Sam's Flat, celebrating: which of these mattered most, and how?" in r.text
    prompts = run("reflect", "--json").json()["prompts"]
    numbered = re.findall(r"^\s+(\d+)\. ", r.out, re.M)
    # The 24-hour plan is asked first, above the numbered questions; every prompt once.
    assert len(numbered) == len(prompts) - 1
    for prompt in prompts:
        assert prompt.endswith("?") and r.text.count(prompt) == 1
    assert r.text.count(wording.LAPSE_MESSAGE) == 1 and r.text.count(wording.NEXT_24_HOURS) == 1
    assert r.text.index(wording.NEXT_24_HOURS) < r.text.index(wording.SKIP_UNTIL_TOMORROW) < r.text.index(" 1. ")
    assert "not a fact about you" in r.text  # the "I've blown it anyway" question of the core
    assert "Saved" not in r.out  # no terminal: nothing asked
    quiet = run("lapse", "--quiet")
    assert quiet.out == "" and "?" not in quiet.err


def test_reflect_latest_and_by_id(run):
    first = run("lapse", "--place", "bar", "--at", "2026-11-01 22:00", "--json").json()
    run("lapse", "--place", "park", "--at", "2026-11-05 22:00", "--json")
    latest = run("reflect", "--json").json()
    assert any("park" in p for p in latest["prompts"])
    older = run("reflect", first["id"][:6], "--json").json()
    assert older["entry_id"] == first["id"] and any("bar" in p for p in older["prompts"])
    assert set(older) >= {"entry_id", "prompts", "reframe"}


CRISIS = "thinking about harming yourself"


@pytest.mark.parametrize(
    "args",
    [["lapse", "--quiet"], ["lapse"], ["craving", "8"], ["checkin", "--craving", "8", "--no-used"]],
    ids=" ".join,
)
def test_self_harm_note_points_to_help(run, args):
    r = run(*args, "--note", "I felt like I want to die")
    assert (r.out + r.err).count(CRISIS) == 1
    if "--quiet" in args:
        assert r.out == "" and CRISIS in r.err
    else:
        assert CRISIS in r.out
    calm = run(*args, "--note", "rough evening")
    assert CRISIS not in calm.out + calm.err


def test_self_harm_in_an_edited_note_points_to_help(run):
    entry = run("craving", "5", "--json").json()
    assert CRISIS in run("edit", entry["id"], "--note", "thinking of self-harm").text
    edited = run("edit", entry["id"], "--feeling", "suicidal", "--json")
    assert CRISIS in edited.err and edited.json()["cues"]["feeling"] == ["suicidal"]


def _widths(text):
    return max((len(line) for line in text.splitlines()), default=0)


@pytest.mark.parametrize("count", [0, 1, 10_000])
def test_summary_reads_at_80_columns(run, db, monkeypatch, count):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from generate import generate

    monkeypatch.setenv("COLUMNS", "80")
    if count == 1:
        run("craving", "6", "--place", "a very long place name indeed", "--feeling", "tired and wired")
    elif count:
        run("quit-date", "2026-10-01")
        generate(db, count, 2, end=__import__("datetime").datetime.fromisoformat("2026-11-22T15:00:00+01:00"))
    for args in (["summary"], ["summary", "--since", "30d"], ["status"]):
        r = run(*args)
        assert r.code == 0, r.err
        assert _widths(r.out) <= 80 or args == ["status"], r.out
    if count == 0:
        assert "Nothing to summarise yet" in run("summary").out


def test_status_on_a_date_names_the_attempt_in_force_and_its_number(run):
    """Issue 15.6: attempts on 1 Oct and 15 Nov; on 10 Oct the first is in force."""
    run("quit-date", "2026-10-01", "--substance", "alcohol")
    run("quit-date", "2026-11-15")
    on_oct = run("status", "--on", "2026-10-10")
    assert "Attempt 1 of 2 in your history" in on_oct.text and "Thu 1 Oct 2026 (alcohol)" in on_oct.text
    doc = run("status", "--on", "2026-10-10", "--json").json()
    assert (doc["quit_date"], doc["attempt"], doc["attempts"]) == ("2026-10-01", 1, 2)
    later = run("status", "--on", "2026-11-20", "--json").json()
    assert (later["quit_date"], later["attempt"], later["substance"]) == ("2026-11-15", 2, "alcohol")
    assert "Attempt 2 of 2" in run("status", "--on", "2026-11-20").text


@pytest.mark.parametrize(
    "args",
    [
        ["craving", "5", "--place", "bar"],
        ["checkin", "--craving", "3", "--no-used"],
        ["quit-date", "2026-11-01", "--substance", "cocaine"],
        ["support", "add", "Ana", "--phone", "555"],
        ["plan", "add", "--place", "bar", "call Ana"],
        ["lapse", "--place", "bar"],
    ],
    ids=lambda a: a[0],
)
def test_quiet_prints_nothing_on_success(run, args):
    r = run(*args, "--quiet")
    assert r.code == 0 and r.out == "", r.out
    assert "?" not in r.err.replace("Where these facts come from", "")  # no question asked


def test_quiet_still_says_the_safety_lines_on_stderr(run):
    r = run("craving", "5", "--note", "i wanna die", "--quiet")
    assert r.code == 0 and r.out == "" and "thinking about harming yourself" in r.err
    missing = run("craving", "--quiet")
    assert missing.code == 2 and "INTENSITY" in missing.err  # --quiet never asks
