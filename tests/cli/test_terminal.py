"""On a real pseudo-terminal: the guided craving questions and the delete prompt."""

import json
import os
import subprocess

import pytest

from tests.conftest import CUELOG
from tests.factories import listed, spawn

pexpect = pytest.importorskip("pexpect", reason="pexpect drives the pseudo-terminal")


def test_craving_walks_through_the_questions(db):
    child = spawn("craving", "--tag", "payday")
    child.expect("0-10")
    child.sendline("eleven")
    child.expect("whole number")
    child.expect("0-10")
    child.sendline("7")
    child.expect("Where")
    child.sendline("The Bar, home")
    child.expect("Who")
    child.sendline("")  # skipped
    child.expect("feeling")
    child.sendline("Lonely")
    child.expect("body")
    child.sendline("tired")
    child.expect("doing")
    child.sendline("")
    child.expect("helped")
    child.sendline("called my sister")
    child.expect("note")
    child.sendline("it eased after ten minutes")
    child.expect("noted")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [entry] = listed()
    assert entry["intensity"] == 7
    assert entry["cues"]["place"] == ["the bar, home"]  # one answer, one value (issue 27 §4)
    assert entry["cues"]["person"] == [] and entry["cues"]["tag"] == ["payday"]
    assert entry["cues"]["feeling"] == ["lonely"] and entry["cues"]["body"] == ["tired"]
    assert entry["coping"] == ["called my sister"]
    assert entry["note"] == "it eased after ten minutes"


def test_every_question_can_be_skipped(db):
    child = spawn("craving")
    for _ in range(8):
        child.expect(r"\?")
        child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [entry] = listed()
    assert entry["intensity"] is None and entry["note"] is None


def test_ctrl_c_saves_nothing(db):
    child = spawn("craving")
    child.expect("0-10")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert not db.exists()


def test_confirmation_is_styled_on_a_terminal_but_not_with_no_color(db):
    child = spawn("craving", "5", "--place", "bar")
    child.expect(pexpect.EOF)
    assert "\x1b[" in child.before
    env = {**os.environ, "TERM": "xterm-256color", "NO_COLOR": "1"}
    child = pexpect.spawn(CUELOG, ["craving", "5"], env=env, encoding="utf-8", timeout=20)
    child.expect(pexpect.EOF)
    assert "\x1b[" not in child.before and "Craving 5/10" in child.before
    env = {**os.environ, "TERM": "dumb"}
    child = pexpect.spawn(CUELOG, ["summary"], env=env, encoding="utf-8", timeout=20)
    child.expect(pexpect.EOF)
    assert "\x1b[" not in child.before and "Summary" in child.before


def test_delete_asks_on_a_terminal(db):
    entry = json.loads(subprocess.run([CUELOG, "craving", "4", "--json"], capture_output=True, text=True).stdout)
    child = spawn("delete", entry["id"][:6])
    child.expect("Delete this entry")
    child.sendline("n")
    child.expect(pexpect.EOF)
    assert len(listed()) == 1
    child = spawn("delete", entry["id"][:6])
    child.expect("Delete this entry")
    child.sendline("y")
    child.expect("Deleted")
    child.expect(pexpect.EOF)
    assert listed() == []


# A question's prompt ends "?:" (styling codes between), or, for a numbered question, with
# "↳ " on the line below it, where the answer goes.
PROMPT_END = r"(?:\?(?:\x1b\[[0-9;]*m)*:|↳ (?:\x1b\[[0-9;]*m)*)"


def answer_all(child, replies=()):
    """Answer the numbered questions in turn (the given replies first, then Enter)
    until cuelog ends; returns how many were asked."""
    replies = list(replies)
    asked = 0
    while child.expect([PROMPT_END, pexpect.EOF]) == 0:  # the listing above the prompts ends "?\\n"
        asked += 1
        child.sendline(replies.pop(0) if replies else "")
    return asked


def test_lapse_offers_reflection_and_saves_answers(db):
    child = spawn("lapse", "--place", "bar", "--feeling", "lonely")
    child.expect("A lapse is one event")
    child.expect("What is your plan for the next 24 hours")
    child.expect("Enter skips")
    child.sendline("Home tonight, call my sister at 8")
    child.expect("Saved as your plan for the next 24 hours")
    child.expect("can wait until tomorrow: cuelog reflect")
    child.expect("Answer them now")
    child.sendline("y")
    child.expect(r"1\. What had just happened")
    child.sendline("Got paid and walked past the bar")
    child.expect(r"2\. You noted bar, lonely: which of these mattered most")
    child.sendline("")  # skipped
    child.expect(r"3\. It was a ")
    child.expect(PROMPT_END)
    child.sendline("Sundays are empty")
    asked = answer_all(child)
    child.close()
    assert child.exitstatus == 0
    assert asked == 8  # the rest of the core; the 24-hour plan was asked first, not again
    [entry] = listed()
    assert entry["reflection"] == {
        "next-24-hours": "Home tonight, call my sister at 8",
        "first-moment": "Got paid and walked past the bar",
        "time": "Sundays are empty",
    }
    proc = subprocess.run(
        [CUELOG, "reflect", entry["id"][:6]], capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    shown = " ".join(proc.stdout.split())
    assert "Got paid and walked past the bar" in shown and "Home tonight, call my sister at 8" in shown
    assert shown.count("What is your plan for the next 24 hours") == 1  # once, with its answer


def test_reflect_revisits_and_keeps_earlier_answers(db):
    proc = subprocess.run([CUELOG, "lapse", "--place", "park", "--json"], capture_output=True, text=True)
    lapse_id = json.loads(proc.stdout)["id"]
    child = spawn("reflect", lapse_id[:6])
    child.expect("Answer them now")
    child.sendline("n")
    child.expect("They will keep")
    child.expect(pexpect.EOF)
    assert listed()[0]["reflection"] == {}
    child = spawn("reflect")
    child.expect("Answer them now")
    child.sendline("y")
    child.expect(r"1\. ")
    child.sendline("A long day")
    answer_all(child, ["", "", "Slept badly"])
    assert listed()[0]["reflection"] == {"first-moment": "A long day", "before": "Slept badly"}

    # Again: each earlier answer is shown, Enter keeps it, a new one replaces it.
    child = spawn("reflect")
    child.expect("A long day")
    child.expect("Change or add answers now")
    child.sendline("y")
    child.expect(r"1\. What had just happened")
    child.expect("↳ A long day")
    child.expect("Enter to keep this one")
    child.sendline("")
    for _ in range(2):
        child.expect(r"\d+\. ")
        child.sendline("")
    child.expect(r"4\. How were the 24 hours before")
    child.expect("↳ Slept badly")
    child.expect("Enter to keep this one")
    child.sendline("Slept badly, and skipped lunch")
    answer_all(child)
    child.close()
    assert child.exitstatus == 0
    assert listed()[0]["reflection"] == {"first-moment": "A long day", "before": "Slept badly, and skipped lunch"}


def test_ctrl_c_while_answering_keeps_the_answers_given(db):
    child = spawn("lapse", "--place", "park")
    child.expect("Enter skips")
    child.sendline("")
    child.expect("Answer them now")
    child.sendline("y")
    child.expect(r"1\. ")
    child.sendline("The bus was late")
    child.expect(r"2\. ")
    child.sendintr()
    child.expect("Stopped. The lapse and any answers you gave are saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert listed()[0]["reflection"] == {"first-moment": "The bus was late"}


def test_a_reflection_answer_mentioning_self_harm_shows_the_crisis_line_and_stops(db):
    child = spawn("lapse", "--place", "park")
    child.expect("Enter skips")
    child.sendline("")
    child.expect("Answer them now")
    child.sendline("y")
    child.expect(r"1\. ")
    child.sendline("honestly i wanna die")
    child.expect("thinking about harming yourself")
    child.expect("the rest can wait")  # a disclosure: the other questions are not asked
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "2. " not in child.before and child.before.count("thinking about harming yourself") == 0
    [lapse] = listed()
    assert "honestly i wanna die" in lapse["reflection"].values()  # the answer is kept


@pytest.mark.parametrize("answer, deleted", [("YES", True), ("Yes", True), ("y", True), ("No", False), ("", False)])
def test_confirmations_take_yes_and_no_in_any_case(db, answer, deleted):
    entry = json.loads(
        subprocess.run([CUELOG, "craving", "3", "--json"], capture_output=True, text=True, check=True).stdout
    )
    child = spawn("delete", entry["id"])
    child.expect(r"\[y/n\]")
    child.sendline("maybe")
    child.expect("yes or no")
    child.sendline(answer)
    child.expect(pexpect.EOF)
    assert (listed() == []) == deleted
