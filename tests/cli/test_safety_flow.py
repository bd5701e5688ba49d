"""Issue 23 §2-5, 8, 9 through the installed script: a disclosure stops everything else,
the safety plan, the daily safety item, use reported in a check-in, help-now in ten
seconds, and the person's own 24-hour plan shown back. The clock is pinned with CUELOG_NOW."""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest

from tests.conftest import CUELOG

pexpect = pytest.importorskip("pexpect", reason="pexpect drives the pseudo-terminal")

CRISIS = "If you are thinking about harming yourself"
REST_CAN_WAIT = "the rest can wait"
MEANS = "putting distance between you and the means"
OVERDOSE = "naloxone near you"
US = {"CUELOG_COUNTRY": "US"}


def spawn(*args, env=None, columns=100):
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns), **US, **(env or {})}
    return pexpect.spawn(CUELOG, list(args), env=env, encoding="utf-8", timeout=30, dimensions=(60, columns))


def said(text: str) -> str:
    """A pattern for ``text`` however the terminal wrapped and styled it."""
    return r"(?:\s|\x1b\[[0-9;]*m)+".join(map(re.escape, text.split()))


def plain(text: str) -> str:
    return " ".join(re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text).split())


def ended(child, code=0):
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == code, child.before


def listed():
    proc = subprocess.run([CUELOG, "list", "--json"], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def at(moment: str) -> dict:
    return {"CUELOG_NOW": moment, **US}


@pytest.fixture
def with_plan(cuelog):
    """A quit date, a support person and a safety plan that names her."""
    cuelog("quit-date", "2026-11-01", "--substance", "heroin")
    cuelog("support", "add", "Ana", "--phone", "0151 234 567")
    r = cuelog(
        "safety-plan",
        "--warning-signs",
        "not sleeping, staying in",
        "--on-my-own",
        "walk to the river",
        "--distractions",
        "the café on Mill Street",
        "--ask-for-help",
        "ana",
        "--professionals",
        "Dr Lee 0161 555 0101",
        "--safer",
        "Ana keeps my pills",
        "--reasons",
        "my daughter",
    )
    assert r.code == 0, r.err
    return cuelog


# -- the safety plan -------------------------------------------------------------------
def test_safety_plan_from_a_script_shows_stores_and_undoes(cuelog, db):
    none = cuelog("safety-plan")
    assert none.code == 0 and "No safety plan yet" in none.out and not db.exists()
    assert cuelog("safety-plan", "--json").json()["set"] is False
    cuelog("support", "add", "Ana", "--phone", "0151 234 567")
    r = cuelog("safety-plan", "--on-my-own", "walk", "--on-my-own", "cold shower", "--ask-for-help", "ana")
    assert r.code == 0 and "Safety plan saved" in r.out
    assert "Things I can do on my own: walk; cold shower" in r.text
    assert "People I can ask for help: Ana 0151 234 567" in r.text  # linked to support
    doc = cuelog("safety-plan", "--json").json()
    assert doc["set"] is True and doc["steps"]["on_my_own"] == ["walk", "cold shower"]
    assert doc["people"] == [{"name": "Ana", "phone": "0151 234 567"}] and doc["daily_item"] is False
    assert set(doc["steps"]) == {"warning_signs", "on_my_own", "distractions", "ask_for_help", "professionals", "safer"}
    # one step replaced, the others kept; '' clears a step
    cuelog("safety-plan", "--on-my-own", "", "--reasons", "my dog")
    doc = cuelog("safety-plan", "--json").json()
    assert doc["steps"]["on_my_own"] == [] and doc["reasons"] == ["my dog"] and doc["steps"]["ask_for_help"] == ["ana"]
    assert cuelog("undo").code == 0
    assert cuelog("safety-plan", "--json").json()["steps"]["on_my_own"] == ["walk", "cold shower"]
    assert "Safety plan removed" in cuelog("safety-plan", "--clear").out
    assert cuelog("safety-plan", "--json").json()["set"] is False
    for bad in (["--daily-item", "maybe"], ["--clear", "--safer", "x"], ["--safer", "x" * 1001]):
        r = cuelog("safety-plan", *bad)
        assert r.code == 2 and r.err.startswith("cuelog: error: "), bad


def test_safety_plan_on_a_terminal_walks_through_the_steps_and_enter_keeps(with_plan, db):
    child = spawn("safety-plan")
    child.expect(said("What thoughts, feelings or situations"))
    child.sendline("")  # keeps "not sleeping, staying in"
    child.expect(said("on your own"))
    child.sendline("call the warmline; play guitar")
    for _ in range(4):  # people and places, ask for help, professionals, surroundings
        child.expect(r"\?")
        child.sendline("")
    child.expect(said("7. And what is most worth living for"))
    child.sendline("-")  # clears
    child.expect(said("Would you like the daily check-in"))
    child.sendline("y")
    child.expect("Safety plan saved")
    ended(child)
    doc = json.loads(subprocess.run([CUELOG, "safety-plan", "--json"], capture_output=True, text=True).stdout)
    assert doc["steps"]["warning_signs"] == ["not sleeping, staying in"]
    assert doc["steps"]["on_my_own"] == ["call the warmline", "play guitar"]
    assert doc["reasons"] == [] and doc["daily_item"] is True


# -- a disclosure stops everything else ------------------------------------------------
def test_a_disclosure_in_a_lapse_brings_the_plan_and_people_and_72_hours_in_status(with_plan):
    cuelog = with_plan
    r = cuelog("lapse", "--note", "gonna od on purpose tonight", env=at("2026-11-21T22:00:00+01:00"))
    assert r.code == 0 and r.err == ""
    text = r.text
    assert text.startswith(CRISIS)
    order = [CRISIS, REST_CAN_WAIT, "walk to the river", "Call Ana: 0151 234 567", MEANS, "Lapse noted for"]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions), list(zip(order, positions, strict=True))
    assert "A lapse is one event" not in text and "next 24 hours" not in text and "?" not in text
    assert text.index("Lapse noted for") < text.index(OVERDOSE)  # the overdose lines come after, not before
    # the next morning, status opens with one line and its date; three days on, it is gone
    status = cuelog("status", env=at("2026-11-22T09:00:00+01:00"))
    first = status.out.splitlines()[0]
    assert first.startswith("On Sat 21 Nov you wrote about harming yourself")
    assert "Crisis: call or text 988" in " ".join(status.out.split("\n\n")[0].split())
    doc = cuelog("status", "--json", env=at("2026-11-22T09:00:00+01:00")).json()
    assert doc["crisis_reminder"]["since"].startswith("2026-11-21T22:00") and "988" in doc["crisis_reminder"]["line"]
    later = cuelog("status", env=at("2026-11-24T23:00:00+01:00"))
    assert "you wrote about harming yourself" not in later.text
    assert cuelog("status", "--json", env=at("2026-11-24T23:00:00+01:00")).json()["crisis_reminder"] is None
    help_now = cuelog("help-now", env=at("2026-11-22T09:00:00+01:00"))
    assert help_now.out.startswith("On Sat 21 Nov you wrote about harming yourself")
    as_json = cuelog("help-now", "--json", env=at("2026-11-22T09:00:00+01:00")).json()
    assert as_json["crisis_reminder"]["since"].startswith("2026-11-21T22:00") and as_json["safety_plan"]["set"]
    assert as_json["call_first"] == {"name": "Ana", "phone": "0151 234 567"} and as_json["recent_use"] is True


def test_a_disclosure_under_json_and_quiet_goes_to_stderr_first(with_plan):
    cuelog = with_plan
    r = cuelog("lapse", "--json", "--note", "i want to die", env=US)
    assert json.loads(r.out)["kind"] == "lapse"
    err = " ".join(r.err.split())
    assert err.startswith(CRISIS) and err.index(REST_CAN_WAIT) < err.index("Call Ana") < err.index(MEANS)
    q = cuelog("craving", "8", "--quiet", "--feeling", "want to disappear forever", env=US)
    assert q.code == 0 and q.out == "" and " ".join(q.err.split()).startswith(CRISIS)


def test_a_disclosure_in_a_guided_answer_stops_the_questions(with_plan):
    child = spawn("lapse", "--place", "bar")
    child.expect(said("plan for the next 24 hours"))
    child.sendline("")
    child.expect("Answer them now")
    child.sendline("y")
    child.expect(r"1\. ")
    child.sendline("honestly i just want to kill myself")
    child.expect(said(CRISIS))
    child.expect(said(REST_CAN_WAIT))
    child.expect(said("Call Ana: 0151 234 567"))
    child.expect(said(MEANS))
    ended(child)
    assert "2. " not in plain(child.before or "")
    [lapse] = [e for e in listed() if e["kind"] == "lapse"]
    assert "kill myself" in next(iter(lapse["reflection"].values()))  # the answer is kept


def test_reflect_on_a_recent_disclosure_shows_the_crisis_lines_and_asks_nothing(with_plan):
    cuelog = with_plan
    cuelog("lapse", "--note", "no point living anymore", env=at("2026-11-22T10:00:00+01:00"))
    r = cuelog("reflect")
    assert r.text.startswith(CRISIS) and MEANS in r.text and "What had just happened" not in r.text
    old = cuelog("reflect", env=at("2026-11-27T10:00:00+01:00"))
    assert old.text.startswith(CRISIS) and "What had just happened" in old.text  # days later: the questions too


def test_help_now_with_a_crisis_word_in_its_cues_is_the_disclosure(with_plan):
    r = with_plan("help-now", "--feeling", "suicidal", env=US)
    assert r.text.startswith(CRISIS) and "walk to the river" in r.text and MEANS in r.text
    assert "Riding out the craving" not in r.text


# -- the daily item -----------------------------------------------------------------------
def test_the_daily_item_from_a_script(with_plan):
    cuelog = with_plan
    zero = cuelog("checkin", "--no-used", "--safety", "0", "--json", env=US)
    assert zero.json()["safety_item"] == 0 and zero.err == ""
    three = cuelog("checkin", "--no-used", "--safety", "3", "--json", "--date", "yesterday", env=US)
    assert three.code == 0 and three.json()["safety_item"] == 3
    assert " ".join(three.err.split()).startswith(CRISIS) and "Call Ana" in three.err
    shown = cuelog("show", three.json()["id"][:8], "--json").json()
    assert shown["safety_item"] == 3
    # a score above 0 counts as a disclosure for status's 72 hours
    assert cuelog("status", "--json", env=US).json()["crisis_reminder"] is not None
    bad = cuelog("checkin", "--no-used", "--safety", "6", "--date", "2026-11-10")
    assert bad.code == 2 and bad.err.startswith("cuelog: error: --safety")
    assert not [e for e in listed() if e.get("date") == "2026-11-10"]


def test_the_daily_item_is_asked_on_a_terminal_only_when_turned_on(with_plan):
    child = spawn("checkin")
    child.expect(said("strongest craving"))
    child.sendline("2")
    child.expect(said("Did you use"))
    child.sendline("n")
    child.expect(said("How did you feel"))  # not turned on: not asked
    child.sendline("")
    child.expect(r"\?")
    child.sendline("")
    child.expect(r"\?")
    child.sendline("")
    ended(child)
    assert "thoughts of harming" not in plain(child.before or "")
    with_plan("safety-plan", "--daily-item", "on")
    child = spawn("checkin", "--date", "yesterday")
    child.expect(said("strongest craving"))
    child.sendline("")
    child.expect(said("Did you use"))
    child.sendline("n")
    child.expect(said("Any thoughts of harming yourself or not wanting to be alive? 0–5"))
    child.sendline("2")
    child.expect(said(CRISIS))
    child.expect(said(MEANS))
    ended(child)
    assert "How did you feel" not in plain(child.before or "")  # the rest waits
    [day] = [e for e in listed() if e["kind"] == "checkin" and e["date"] == "2026-11-21"]
    assert day["safety_item"] == 2 and day["used"] is False


def test_the_daily_item_is_asked_when_the_setting_turns_it_on(cuelog):
    """``config set daily-safety-item on`` (this machine) asks it as the safety plan's switch does."""
    assert cuelog("config", "set", "daily-safety-item", "on").code == 0
    child = spawn("checkin")
    child.expect(said("strongest craving"))
    child.sendline("1")
    child.expect(said("Did you use"))
    child.sendline("n")
    child.expect(said("Any thoughts of harming yourself or not wanting to be alive? 0–5"))
    child.sendline("0")
    child.expect(said("How did you feel"))  # 0: the check-in goes on
    child.sendline("")
    child.expect(r"\?")
    child.sendline("")
    child.expect(r"\?")
    child.sendline("")
    ended(child)
    [day] = [e for e in listed() if e["kind"] == "checkin"]
    assert day["safety_item"] == 0


# -- use from any entry -----------------------------------------------------------------------
def test_a_used_checkin_is_a_use_event_for_notices_and_status(cuelog):
    cuelog("quit-date", "2026-03-01", "--substance", "heroin")
    r = cuelog("checkin", "--craving", "9", "--used", "--amount", "2 bags", env=at("2026-03-22T21:00:00+01:00"))
    assert r.code == 0 and OVERDOSE in r.text
    day_after = at("2026-03-23T09:00:00+01:00")
    status = cuelog("status", env=day_after)
    assert "1 day with use since your quit date" in status.text and OVERDOSE in status.text
    doc = cuelog("status", "--json", env=day_after).json()
    assert doc["lapses_since_quit"] == 0 and doc["use_days_since_quit"] == 1
    assert "overdose" in [n["key"] for n in doc["notices"]]
    # a lapse the same day counts once
    cuelog("lapse", "--at", "2026-03-22 20:00", env=day_after)
    doc = cuelog("status", "--json", env=day_after).json()
    assert doc["lapses_since_quit"] == 1 and doc["use_days_since_quit"] == 1
    # help-now brings the overdose lines after a recent use
    assert "naloxone" in cuelog("help-now", env=day_after).text


def test_a_used_checkin_before_the_quit_date_is_not_a_use_event(cuelog):
    cuelog("quit-date", "2026-03-10", "--substance", "heroin")
    r = cuelog("checkin", "--used", "--date", "2026-03-05", env=at("2026-03-12T09:00:00+01:00"))
    assert r.code == 0 and OVERDOSE not in r.text


def test_a_used_checkin_for_alcohol_brings_the_withdrawal_lines(cuelog):
    cuelog("quit-date", "2026-03-01", "--substance", "alcohol")
    r = cuelog("checkin", "--used", "--amount", "bottle of vodka", "--json", env=at("2026-03-22T21:00:00+01:00"))
    assert r.code == 0 and json.loads(r.out)["used"] is True
    assert "withdrawal can come back" in " ".join(r.err.split())


def test_a_guided_used_checkin_offers_the_lapse_flow_for_the_same_day(cuelog):
    cuelog("quit-date", "2026-11-01", "--substance", "heroin")
    child = spawn("checkin", "--date", "yesterday", "--craving", "7")
    child.expect(said("Did you use"))
    child.sendline("y")
    child.expect(said(OVERDOSE))
    child.expect(said("Log what happened as a lapse too"))
    child.sendline("y")
    child.expect(said("plan for the next 24 hours"))
    child.sendline("stay at Ana's tonight")
    child.expect(said("What was the situation"))
    child.sendintr()
    ended(child, 130)
    [lapse] = [e for e in listed() if e["kind"] == "lapse"]
    assert lapse["at"].startswith("2026-11-21") and lapse["reflection"]["next-24-hours"] == "stay at Ana's tonight"


# -- the 24-hour plan comes back ------------------------------------------------------------
def test_the_24_hour_plan_shows_in_status_and_help_now_for_48_hours(cuelog):
    cuelog("quit-date", "2026-11-01", "--substance", "cocaine")
    cuelog("support", "add", "Ana", "--phone", "0151 234 567")
    child = spawn("lapse", "--place", "bar")
    child.expect(said("plan for the next 24 hours"))
    child.sendline("stay at Ana's, eat at six, call her at nine")
    child.expect("Answer them now")
    child.sendline("n")
    ended(child)
    next_day = at("2026-11-23T09:00:00+01:00")
    status = cuelog("status", env=next_day)
    assert status.out.splitlines()[0].startswith("Your plan for these 24 hours (Sun 22 Nov)")
    assert "stay at Ana's, eat at six, call her at nine" in status.text
    assert cuelog("status", "--json", env=next_day).json()["next_24_hours"]["text"].startswith("stay at Ana's")
    assert "stay at Ana's" in cuelog("help-now", env=next_day).text
    gone = at("2026-11-24T16:00:00+01:00")
    assert "stay at Ana's" not in cuelog("status", env=gone).text
    # a used check-in two days later brings it back for another 48 hours
    cuelog("checkin", "--used", env=gone)
    assert "stay at Ana's" in cuelog("status", env=gone).text


# -- help-now in ten seconds, on a terminal --------------------------------------------------
def test_help_now_order_on_a_terminal(with_plan):
    cuelog = with_plan
    cuelog("plan", "add", "--place", "bar", "leave and call my sister")
    cuelog("plan", "add", "--place", "home", "go for a run")
    child = spawn("help-now", "--place", "bar")
    child.expect(said("Ride this one out now"))
    screen = plain(child.before)
    child.sendline("n")
    ended(child)
    order = [
        "Right now",
        "Things I can do on my own: walk to the river",
        "If bar then leave and call my sister (fits now)",
        "Call Ana: 0151 234 567",
        "Crisis: call or text 988",
        "Riding out the craving",
    ]
    positions = [screen.index(part) for part in order]
    assert positions == sorted(positions), list(zip(order, positions, strict=True))
    assert "go for a run" not in screen and "naloxone" not in screen  # no use logged
    assert "No if-then plans" not in screen and "cuelog plan add" not in screen


def test_an_urge_surf_that_ends_high_names_the_line_a_person_and_the_plan(with_plan):
    child = spawn("help-now", "--minutes", "1", env={"CUELOG_TEST_URGE_SECONDS_PER_MINUTE": "0.6"})
    child.expect("Ride this one out")
    child.sendline("y")
    child.expect("How strong is it now")
    child.sendline("6")
    for rating in ("8", "", "9"):
        child.expect("And now")
        child.sendline(rating)
    child.expect(said("It is still strong"))
    child.expect(said("Crisis: call or text 988"))
    child.expect(said("Call Ana: 0151 234 567"))
    child.expect(said("Your safety plan's next step: People and places that take my mind off it"))
    ended(child)


# -- exported only when asked ---------------------------------------------------------------
def test_the_safety_plan_is_exported_only_when_asked_and_redacted_like_people(with_plan):
    cuelog = with_plan
    plain_report = cuelog("export").out
    assert "walk to the river" not in plain_report and "Safety plan" not in plain_report
    assert "safety_plan" not in cuelog("export", "-f", "json").json()
    shared = cuelog("export", "--include", "safety-plan").out
    assert "## Safety plan (included by choice)" in shared and "Things I can do on my own: walk to the river" in shared
    assert "People I can ask for help: ana" in shared
    redacted = cuelog("export", "--include", "safety-plan", "--redact", "people").out
    section = redacted.split("## Safety plan", 1)[1].split("\n## ", 1)[0]
    assert "People I can ask for help: person 1" in section and "Person 1 keeps my pills" in section
    assert "Ana" not in redacted and "0151" not in redacted
    doc = cuelog("export", "--include", "safety-plan", "--redact", "notes", "-f", "json").json()
    assert doc["safety_plan"]["steps"]["on_my_own"] == [None] and doc["safety_plan"]["steps"]["ask_for_help"] == ["ana"]
    bad = cuelog("export", "--include", "diary")
    assert bad.code == 2 and bad.err.startswith("cuelog: error: --include")


def test_help_now_on_an_encrypted_journal_gives_the_crisis_line_before_asking(cuelog, tmp_path):
    secret = tmp_path / "pass"
    secret.write_text("correct horse battery\n")
    secret.chmod(0o600)
    cuelog("support", "add", "Ana", "--phone", "0151 234 567")
    assert cuelog("--passphrase-file", str(secret), "encrypt").code == 0
    child = spawn("help-now")
    child.expect(said("Crisis: call or text 988"))
    child.expect("(?i)passphrase")
    child.sendline("correct horse battery")
    child.expect(said("Call Ana: 0151 234 567"))
    child.expect("Ride this one out")
    screen = plain(child.before)
    child.sendline("n")
    ended(child)
    assert "Crisis:" not in screen  # said once, at the top
