"""On a real pseudo-terminal: the guided craving questions and the delete prompt."""

import json
import os
import subprocess

import pytest

from tests.conftest import CUELOG

pexpect = pytest.importorskip("pexpect", reason="pexpect drives the pseudo-terminal")


def spawn(*args):
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"}
    return pexpect.spawn(CUELOG, list(args), env=env, encoding="utf-8", timeout=20, dimensions=(40, 100))


def listed():
    proc = subprocess.run([CUELOG, "list", "--json"], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


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
    assert entry["cues"]["place"] == ["the bar", "home"]
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


def test_lapse_offers_reflection_and_saves_answers(db):
    child = spawn("lapse", "--place", "bar", "--feeling", "lonely")
    child.expect("Answer them now")
    child.sendline("y")
    child.expect(r"1\. What had just happened")
    child.sendline("Got paid and walked past the bar")
    child.expect(r"2\. About the place \(bar\)")
    child.sendline("")  # skipped
    child.expect(r"3\. About how you felt \(lonely\)")
    child.sendline("Calling my sister")
    for _ in range(5):
        child.expect(r"\d\. ")
        child.sendline("")
    child.expect("Saved your answers")
    child.expect(pexpect.EOF)
    [entry] = listed()
    assert entry["reflection"] == {"first-moment": "Got paid and walked past the bar", "feeling": "Calling my sister"}
    proc = subprocess.run(
        [CUELOG, "reflect", entry["id"][:6]], capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    assert "Got paid and walked past the bar" in proc.stdout and "Calling my sister" in proc.stdout


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
    for _ in range(7):
        child.expect(r"\d\. ")
        child.sendline("")
    child.expect(pexpect.EOF)
    assert listed()[0]["reflection"] == {"first-moment": "A long day"}


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
