"""Issue 27 §13: the smaller items of "Why" point 10, each through the installed script."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def passfile(tmp_path):
    path = tmp_path / "pass"
    path.write_text("correct horse battery\n")
    path.chmod(0o600)  # a passphrase file others can read is refused
    return path


def test_undo_counts_only_the_steps_it_can_undo(cuelog, passfile):
    cuelog("craving", "3", "--quiet")
    assert cuelog("--passphrase-file", str(passfile), "encrypt").code == 0
    assert cuelog("--passphrase-file", str(passfile), "craving", "4", "--quiet").code == 0
    r = cuelog("--passphrase-file", str(passfile), "undo", "--json")
    assert r.code == 0 and r.json()["steps_left"] == 0  # the next step is the encryption: not undoable
    text = cuelog("--passphrase-file", str(passfile), "craving", "5", "--quiet")
    assert text.code == 0
    said = cuelog("--passphrase-file", str(passfile), "undo")
    assert said.code == 0 and "1 more step" not in said.out and "more steps" not in said.out
    assert cuelog("--passphrase-file", str(passfile), "undo").code == 2


def test_undo_names_days_in_words(cuelog):
    cuelog("quit-date", "2026-11-10", "--quiet")
    cuelog("checkin", "--no-used", "--date", "2026-11-21", "--quiet")
    checkin = cuelog("undo")
    assert checkin.code == 0 and "Sat 21 Nov 2026" in checkin.out and "2026-11-21" not in checkin.out
    quit = cuelog("undo")
    assert quit.code == 0 and "Tue 10 Nov 2026" in quit.out and "2026-11-10" not in quit.out


def test_a_plan_without_a_cue_fits_any_time(cuelog):
    general = cuelog("plan", "add", "call Ana", "--json")
    assert general.code == 0, general.err
    assert general.json()["then"] == "call Ana"
    cuelog("plan", "add", "--place", "bar", "leave and walk home", "--quiet")
    listed = cuelog("plan", "list")
    assert listed.code == 0 and "call Ana" in listed.out and "If  then" not in listed.out
    shown = cuelog("help-now", "--place", "bar")
    assert shown.code == 0
    assert shown.out.index("leave and walk home") < shown.out.index("call Ana")  # fitting ones first
    doc = cuelog("help-now", "--place", "bar", "--json").json()
    assert [p["then"] for p in doc["plans"]] == ["leave and walk home", "call Ana"]
    exported = cuelog("export", "--format", "json").json()
    assert cuelog("import", "-", stdin=json.dumps(exported)).code == 0  # it imports back


@pytest.fixture
def filled(cuelog):
    from tests.cli import journal

    assert cuelog("quit-date", journal.QUIT_DATE, "--quiet").code == 0
    assert cuelog("import", "-", stdin=journal.jsonl()).code == 0


def test_outlook_and_status_say_no_plan_once(cuelog, filled):
    assert cuelog("plan", "add", "--place", "bus stop", "walk on", "--quiet").code == 0  # status shows plans then
    outlook = cuelog("outlook", env={"COLUMNS": "200"})
    assert outlook.code == 0
    commands = [line.split("Make one: ", 1)[1] for line in outlook.out.splitlines() if "Make one: " in line]
    assert commands and len(commands) == len(set(commands)), commands  # each command once
    assert outlook.out.count("No plan for this yet") >= 2  # still said for each time without one
    status = cuelog("status", env={"COLUMNS": "200"})
    assert status.code == 0 and status.out.lower().count("no plan yet") == 1, status.out


def test_coping_says_apart_what_is_too_recent_to_tell(cuelog):
    cuelog("craving", "4", "--place", "home", "--coping", "urge surfing", "--at", "2026-11-15 20:00", "--quiet")
    cuelog("craving", "4", "--place", "bar", "--coping", "urge surfing", "--at", "2026-11-19 20:00", "--quiet")
    cuelog("lapse", "--place", "bar", "--at", "2026-11-19 23:00", "--quiet")
    cuelog("craving", "5", "--place", "bar", "--coping", "urge surfing", "--quiet")  # now: too recent to tell
    summary = cuelog("summary", env={"COLUMNS": "200"}).out
    assert "urge surfing: used 3×, passed without a lapse 1×, 1 too recent to tell" in summary
    markdown = cuelog("export", "--format", "markdown").out
    assert "| Coping" in markdown and "Too recent to tell" in markdown
    [row] = [line for line in markdown.splitlines() if line.startswith("| urge surfing")]
    assert [c.strip() for c in row.strip("|").split("|")] == ["urge surfing", "3", "1", "1"]


def test_list_shares_the_width_between_cues_and_note(cuelog):
    cuelog(
        "craving",
        "6",
        "--place",
        "the long walk home past the off-licence on king street",
        "--feeling",
        "restless",
        "--note",
        "Saw the usual crowd heading out; waited 15 minutes at the bus stop, then 10 more, and it eased. " * 2,
        "--quiet",
    )
    out = cuelog("list", env={"COLUMNS": "120"}).out
    rule = next(line for line in out.splitlines() if line.startswith("---"))
    assert len(rule) <= 120
    widths = [len(part) for part in rule.split("-+-")]
    cues, note = widths[-2], widths[-1]
    assert min(cues, note) >= 25 and abs(cues - note) <= 1, widths  # neither is cut to its minimum alone


def test_a_checkin_sorts_and_exports_at_the_end_of_its_day(cuelog):
    checkin = cuelog("checkin", "--no-used", "--date", "2026-11-21", "--json").json()
    assert checkin["at"] == "2026-11-21T12:00:00+01:00"  # stored as the contract says
    evening = cuelog("craving", "5", "--at", "2026-11-21 21:00", "--json").json()
    morning = cuelog("craving", "3", "--at", "2026-11-21 09:00", "--json").json()
    next_day = cuelog("craving", "4", "--at", "2026-11-22 08:00", "--json").json()
    listed = [e["id"] for e in cuelog("list", "--json").json()]
    assert listed == [next_day["id"], checkin["id"], evening["id"], morning["id"]]  # newest first
    shown = cuelog("list", env={"COLUMNS": "120"}).out
    assert shown.index(checkin["id"][:8]) < shown.index(evening["id"][:8])
    csv_ids = [line.split(",")[0] for line in cuelog("export", "--format", "csv").out.splitlines()[1:]]
    assert [i for i in csv_ids if i] == [morning["id"], evening["id"], checkin["id"], next_day["id"]]


def test_the_report_key_names_only_what_the_chart_draws(cuelog):
    cuelog("quit-date", "2026-09-01", "--quiet")  # weeks 2-4: 8 to 28 Sep
    cuelog("craving", "5", "--at", "2026-11-10 20:00", "--quiet")
    cuelog("craving", "6", "--at", "2026-09-10 20:00", "--quiet")
    later = cuelog("export", "--format", "html", "--since", "2026-11-01").out
    assert 'class="window"' not in later and "Shaded: weeks 2–4" not in later
    whole = cuelog("export", "--format", "html").out
    assert 'class="window"' in whole and "Shaded: weeks 2–4" in whole


def test_no_table_of_zeros_for_cues_followed_by_a_lapse(cuelog):
    """Already so at the branch point (the report filters the rows); kept as a regression test."""
    cuelog("craving", "5", "--place", "bar", "--at", "2026-11-10 20:00", "--quiet")
    cuelog("craving", "4", "--place", "home", "--at", "2026-11-12 20:00", "--quiet")
    markdown = cuelog("export", "--format", "markdown").out
    part = markdown.split("### Cues most often followed by a lapse", 1)[1].split("\n#", 1)[0]
    assert "|" not in part and "No lapse in this period." in part
