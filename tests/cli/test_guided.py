"""Guided lapse and check-in on a real pseudo-terminal (issue 16.3): the questions
a person meets, Enter skipping where it may, questions in the tense of the time
given, and nothing asked without a terminal."""

import json
import os
import re
import subprocess

import pytest

from tests.conftest import CUELOG

pexpect = pytest.importorskip("pexpect", reason="pexpect drives the pseudo-terminal")


def spawn(*args, columns=100):
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns)}
    return pexpect.spawn(CUELOG, list(args), env=env, encoding="utf-8", timeout=30, dimensions=(40, columns))


def said(text: str) -> str:
    """A pattern for ``text`` however the terminal wrapped and styled it."""
    return r"(?:\s|\x1b\[[0-9;]*m)+".join(map(re.escape, text.split()))


def listed():
    proc = subprocess.run([CUELOG, "list", "--json"], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def when_and_what(child, when="", what=""):
    """The guided lapse's first two questions (issue 27 §2): when, and what and how much."""
    child.expect(said("When was it?"))
    child.sendline(when)
    child.expect(said("What did you use, and how much"))
    child.sendline(what)


def ended(child, code=0):
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == code, child.before


@pytest.mark.parametrize("columns", [100, 60])
def test_a_lapse_with_no_cue_asks_the_situation_after_the_safety_lines_and_the_plan(db, columns):
    child = spawn("lapse", columns=columns)
    child.expect(said("A lapse is one event"))
    child.expect(said("plan for the next 24 hours"))
    child.sendline("")  # Enter skips the plan
    child.expect(said("can wait until"))
    child.expect(said("What was the situation"))
    when_and_what(child)
    child.expect(said("How strong was the craving just before"))
    child.sendline("12")
    child.expect(said("whole number from 0 to 10"))
    child.sendline("8")
    child.expect(said("Where were you"))
    child.sendline("The Crown, home")
    child.expect(said("Who was with you"))
    child.sendline("")
    child.expect(said("What were you feeling"))
    child.sendline("Lonely")
    child.expect(said("How was your body"))
    child.sendline("")
    child.expect(said("What were you doing"))
    child.sendline("")
    child.expect(said("Did you try anything first"))
    child.sendline("called Ana")
    child.expect(said("Anything else to note"))
    child.sendline("")
    child.expect(
        said("You noted The Crown, home, Lonely: which of these mattered most")
    )  # the reflection uses the answers
    child.expect(said("Answer them now"))
    child.sendline("n")
    ended(child)
    [entry] = listed()
    assert entry["kind"] == "lapse" and entry["intensity"] == 8
    assert entry["cues"]["place"] == ["the crown, home"] and entry["cues"]["feeling"] == ["lonely"]
    assert entry["cues"]["person"] == [] and entry["coping"] == ["called ana"] and entry["note"] is None
    assert "edited_at" not in entry  # completing an entry just logged is not an edit


def test_a_lapse_asks_only_what_the_command_line_left_out(db):
    child = spawn("lapse", "--intensity", "6", "--note", "after work", "--at", "yesterday 21:30")
    child.expect("plan for the next 24 hours")
    child.sendline("")
    child.expect("What was the situation")
    child.expect(said("What did you use, and how much"))
    assert "When was it" not in child.before  # --at said it
    child.sendline("")
    child.expect(r"Where were you\?")
    assert "How strong" not in child.before  # --intensity said it
    for question in ("Who was with you", "What were you feeling", "How was your body", "What were you doing"):
        child.sendline("")
        child.expect(question)
    child.sendline("")
    child.expect("Did you try anything first")
    child.sendline("")
    child.expect("Answer them now")
    assert "Anything else to note" not in child.before  # --note said it
    child.sendline("")
    ended(child)
    [entry] = listed()
    assert entry["intensity"] == 6 and entry["note"] == "after work"


def test_a_lapse_with_cues_goes_straight_to_the_reflection(db):
    child = spawn("lapse", "--place", "park")
    child.expect("plan for the next 24 hours")
    child.sendline("")
    child.expect("Answer them now")
    assert "What was the situation" not in child.before
    child.sendline("")
    ended(child)


def test_ctrl_c_in_the_situation_questions_keeps_the_lapse_and_the_answers_given(db):
    child = spawn("lapse")
    child.expect("plan for the next 24 hours")
    child.sendline("")
    when_and_what(child)
    child.expect("How strong was the craving just before")
    child.sendline("7")
    child.expect("Where were you")
    child.sendline("the station")
    child.expect("Who was with you")
    child.sendintr()
    child.expect("Stopped. The lapse and any answers you gave are saved")
    ended(child, 130)
    [entry] = listed()
    assert entry["intensity"] == 7 and entry["cues"]["place"] == ["the station"]


def test_an_answer_mentioning_self_harm_shows_the_crisis_line_at_once(db):
    child = spawn("lapse")
    child.expect("plan for the next 24 hours")
    child.sendline("")
    when_and_what(child)
    child.expect("How strong was the craving just before")
    child.sendline("")
    child.expect("Where were you")
    child.sendline("")
    child.expect("Who was with you")
    child.sendline("")
    child.expect("What were you feeling")
    child.sendline("suicidal")
    child.expect("thinking about harming yourself")
    child.expect("the rest can wait")  # a disclosure: no more questions
    ended(child)
    assert "How was your body" not in child.before
    [entry] = listed()
    assert entry["cues"]["feeling"] == ["suicidal"]  # what was answered is kept


def test_the_craving_questions_follow_the_time_given(db):
    child = spawn("craving", "--at", "yesterday 21:30")
    child.expect("How strong was the craving then")
    child.sendline("5")
    child.expect(r"Where were you\?")
    child.sendintr()
    ended(child, 130)
    child = spawn("craving")
    child.expect("How strong is the craving right now")
    child.sendline("5")
    child.expect(r"Where are you\?")
    child.sendintr()
    ended(child, 130)
    assert listed() == []  # a craving is saved only once its questions are done


def test_a_checkin_with_no_option_asks_each_question_and_needs_used(db):
    child = spawn("checkin")
    child.expect("Enter to skip any but whether you used")
    child.expect("What was the strongest craving today, 0-10")
    child.sendline("4")
    child.expect(r"Did you use today\? \(y/n\)")
    child.sendline("")  # Enter is not an answer here
    child.expect("Please answer y or n")
    child.sendline("maybe")
    child.expect("Please answer y or n")
    child.sendline("No")
    child.expect("How did you feel today")
    assert "What and how much" not in child.before
    child.sendline("Calm, tired")
    child.expect("How was your body today")
    child.sendline("")
    child.expect("Anything else to note")
    child.sendline("a slow day")
    child.expect("Check-in")
    ended(child)
    [entry] = listed()
    assert entry["kind"] == "checkin" and entry["used"] is False and entry["intensity"] == 4
    assert entry["cues"]["feeling"] == ["calm, tired"] and entry["cues"]["body"] == []
    assert entry["note"] == "a slow day" and entry["amount"] is None


def test_a_checkin_for_yesterday_asks_about_yesterday_and_how_much(db):
    child = spawn("checkin", "--date", "yesterday")
    child.expect("strongest craving yesterday")
    child.sendline("")
    child.expect(r"Did you use yesterday\?")
    child.sendline("y")
    child.expect("What and how much")
    child.sendline("3 pints")
    child.expect("How did you feel yesterday")
    child.sendline("")
    child.expect("How was your body yesterday")
    child.sendline("")
    child.expect("Anything else to note")
    child.sendline("-")  # typed as the note: not --note -, which reads stdin
    child.expect("Log what happened as a lapse too")
    child.sendline("n")
    ended(child)
    [entry] = listed()
    assert entry["used"] is True and entry["amount"] == "3 pints" and entry["intensity"] is None
    assert entry["note"] == "-"


def test_a_checkin_with_options_but_no_used_asks_only_that(db):
    child = spawn("checkin", "--craving", "3", "--feeling", "ok")
    child.expect(r"Did you use today\?")
    child.sendline("n")
    child.expect("Check-in")
    assert "strongest craving" not in child.before
    ended(child)
    [entry] = listed()
    assert entry["used"] is False and entry["intensity"] == 3 and entry["cues"]["feeling"] == ["ok"]


def test_without_a_terminal_a_checkin_must_say_used_and_nothing_prompts(db):
    proc = subprocess.run(
        [CUELOG, "checkin", "--craving", "3"], capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    assert proc.returncode == 2 and proc.stdout == "" and "--used or --no-used" in proc.stderr
    assert not db.exists()
    proc = subprocess.run([CUELOG, "lapse", "--json"], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0 and "Where were you" not in proc.stderr and json.loads(proc.stdout)["kind"] == "lapse"
