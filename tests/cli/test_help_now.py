"""help-now (alias sos), support people and sources, through the installed console script:
one screen without any trigger word, never a prompt without a terminal, and on a
pseudo-terminal a timed urge-surf that saves one craving."""

import json
import os
import subprocess

import pytest

from tests.conftest import CUELOG

pexpect = pytest.importorskip("pexpect", reason="pexpect drives the pseudo-terminal")

CRISIS_LINE = "Crisis: "  # the crisis line and the emergency number, on one line
URGE_SCALE = {"CUELOG_TEST_URGE_SECONDS_PER_MINUTE": "3"}  # a minute of urge-surf lasts 3 seconds


def run_closed_stdin(*args, env=None):
    """The console script with fd 0 closed in the child, as some service managers start it."""
    return subprocess.run(
        [CUELOG, *args],
        capture_output=True,
        text=True,
        preexec_fn=lambda: os.close(0),
        env={**os.environ, **(env or {})},
        timeout=30,
    )


def spawn(*args, env=None):
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", **(env or {})}
    return pexpect.spawn(CUELOG, list(args), env=env, encoding="utf-8", timeout=20, dimensions=(24, 80))


def listed():
    proc = subprocess.run([CUELOG, "list", "--json"], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def test_help_now_with_stdin_closed_prints_the_screen_and_never_asks(cuelog, db):
    cuelog("plan", "add", "--place", "bar", "leave and call my sister")
    cuelog("plan", "add", "--place", "home", "--feeling", "bored", "go for a run")
    cuelog("support", "add", "Ana", "--phone", "0151 234 567", "--note", "my sister, any time")
    proc = run_closed_stdin("help-now", "--place", "home", "--feeling", "bored", env={"CUELOG_COUNTRY": "GB"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # no prompt, no error
    out = " ".join(proc.stdout.split())
    # what to do now first: the plan for the cues of the moment (the other is a command away), one person
    assert out.startswith("Right now If home + bored then go for a run (fits now) Call Ana: 0151 234 567")
    assert "leave and call my sister" not in out
    assert "Crisis: call Samaritans on 116 123" in out and "999 or 112" in out
    assert out.index("Call Ana") < out.index(CRISIS_LINE) < out.index("Riding out the craving")
    assert "naloxone" not in out  # no use logged: no overdose paragraph
    assert "More: cuelog plan list" in out and "sources" in out
    assert "Ride this one out" not in proc.stdout + proc.stderr
    assert len(proc.stdout.splitlines()) <= 14  # well within one screen
    assert listed() == []  # nothing saved


def test_help_now_needs_no_journal_and_sos_is_the_same(cuelog, db):
    r = cuelog("sos", env={"CUELOG_COUNTRY": "US"})
    assert r.code == 0 and "call or text 988" in r.out and "911" in r.out
    assert r.out.startswith(CRISIS_LINE)  # nothing of their own yet: no empty sections
    assert "No if-then plans yet" not in r.out and "No one saved yet" not in r.out
    assert r.out.count("cuelog ") <= 3  # the one short line at the end, nothing more
    assert not db.exists()  # reading: no journal was made
    assert cuelog("help-now", env={"CUELOG_COUNTRY": "US"}).out == r.out


def test_help_now_shows_the_lines_when_the_journal_cannot_be_read(cuelog, db):
    cuelog("craving", "3")
    (db.parent / "cuelog.json").write_text("{ not json")
    r = cuelog("help-now", env={"CUELOG_COUNTRY": "AU"})
    assert r.code == 0
    assert "Lifeline on 13 11 14" in r.out and r.out.index("could not be read") < r.out.index(CRISIS_LINE)
    assert "could not be read" in r.out


def test_help_now_is_named_in_the_top_level_help(cuelog):
    r = cuelog("--help")
    assert "help-now" in r.out and "sos" in r.out


def test_help_now_json(cuelog, db):
    cuelog("plan", "add", "--place", "bar", "leave")
    doc = cuelog("help-now", "--place", "bar", "--json", env={"CUELOG_COUNTRY": "NZ"}).json()
    assert doc["country"] == "NZ" and "1737" in doc["crisis"]["lines"][0]
    assert doc["plans"][0]["matches"] is True and doc["journal_problem"] is None
    assert doc["urge_surfing"]["steps"]


@pytest.mark.parametrize("minutes", ["0", "121", "x"])
def test_help_now_minutes_out_of_range(cuelog, db, minutes):
    r = cuelog("help-now", "--minutes", minutes)
    assert r.code == 2 and r.err.startswith("cuelog: error: ")


def test_timed_urge_surf_on_a_terminal_saves_one_craving(db):
    child = spawn("help-now", "--minutes", "1", "--place", "bus stop", env=URGE_SCALE)
    child.expect("Ride this one out now, with a 1-minute timer")
    child.sendline("y")
    child.expect("Stay with it for 1 minute;")
    child.expect("How strong is it now")
    child.sendline("8")
    child.expect("And now")
    child.sendline("9")
    child.expect("And now")
    child.sendline("")  # Enter skips
    child.expect("And now")
    child.sendline("3")
    child.expect("It went from 9 to 3")
    child.expect(r"Craving 9/10\S* noted")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [craving] = listed()
    assert craving["kind"] == "craving" and craving["intensity"] == 9
    assert craving["coping"] == ["urge surfing"] and craving["cues"]["place"] == ["bus stop"]
    assert craving["minutes"] == 1
    assert (
        craving["note"]
        == "Urge surfing, 1 minute: ratings 8, 9, 3; it passed its peak of 9/10 and was at 3/10 by the end."
    )


def test_ctrl_c_during_the_urge_surf_keeps_what_was_entered(db):
    child = spawn("sos", "--minutes", "10", env=URGE_SCALE)  # 30 s: Ctrl-C comes well before the end
    child.expect("Ride this one out")
    child.sendline("y")
    child.expect("How strong is it now")
    child.sendline("7")
    child.expect("Ctrl-C stops")  # the countdown (the question also shows the time left)
    child.sendintr()
    child.expect(r"Craving 7/10\S* noted")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    [craving] = listed()
    assert craving["intensity"] == 7 and craving["coping"] == ["urge surfing"]
    assert craving["note"].startswith("Urge surfing, ") and "of 10 minutes: rated 7/10 once" in craving["note"]


def test_ctrl_c_before_any_rating_saves_nothing(db):
    child = spawn("help-now", "--minutes", "1", env=URGE_SCALE)
    child.expect("Ride this one out")
    child.sendline("y")
    child.expect("How strong is it now")
    child.sendintr()
    child.expect("nothing was saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert not db.exists()


def test_declining_the_urge_surf_saves_nothing(db):
    child = spawn("help-now")
    child.expect("Ride this one out")
    child.sendline("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and not db.exists()


def test_support_people(cuelog, db):
    added = cuelog("support", "add", "Ana María", "--phone", "+44 151 234 567", "--note", "my sister", "--json")
    assert added.code == 0, added.err
    person = added.json()
    assert person["name"] == "Ana María" and person["phone"] == "+44 151 234 567"
    shown = cuelog("support", "add", "Jo")
    assert shown.code == 0 and "Saved Jo" in shown.out and "help-now" in shown.out
    assert [p["name"] for p in cuelog("support", "list", "--json").json()] == ["Ana María", "Jo"]
    assert "Ana María  +44 151 234 567  (my sister)" in cuelog("support", "list").out
    removed = cuelog("support", "remove", person["id"][:6], "--json").json()
    assert removed["id"] == person["id"]
    assert [p["name"] for p in cuelog("support", "list", "--json").json()] == ["Jo"]
    assert cuelog("undo").code == 0  # removing someone is one undo step, like a plan
    assert [p["name"] for p in cuelog("support", "list", "--json").json()] == ["Ana María", "Jo"]
    for bad in (["support", "add", ""], ["support", "add", "a\nb"], ["support", "remove", "zzzz"]):
        r = cuelog(*bad)
        assert r.code == 2 and r.err.startswith("cuelog: error: "), bad


def test_support_note_mentioning_self_harm_points_to_help(cuelog, db):
    r = cuelog("support", "add", "Jo", "--note", "call if I want to end it", "--json")
    assert r.code == 0 and json.loads(r.out)["name"] == "Jo"
    assert "thinking about harming yourself" in r.err


def test_support_people_are_redacted_in_exports(cuelog, db):
    cuelog("support", "add", "Ana", "--phone", "0151 234 567")
    cuelog("craving", "4", "--person", "ana")
    report = cuelog("export", "--redact", "people").out
    assert "Ana" not in report and "ana" not in report and "0151" not in report


def test_sources(cuelog):
    doc = cuelog("sources", "--json").json()
    keys = {s["key"] for s in doc["sources"]}
    assert {"crisis", "overdose", "withdrawal-stopping", "weeks-2-4", "urge-surfing"} <= keys
    text = cuelog("sources").out
    assert "Strang J" in text and "Binswanger IA" in text and "Where cuelog's general claims come from" in text
