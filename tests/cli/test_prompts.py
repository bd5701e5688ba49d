"""Prompts like a shell (issue 27 §1, §4): on a real pseudo-terminal, answers edit like a
shell line (arrows, Home, Ctrl-U, Ctrl-W, ↑ for an earlier answer), an answer the store
could not keep is asked again at once with the reason, Ctrl-C says in one line what was
kept, and an answer with a comma stays one answer."""

import pytest

from tests.cli.test_guided import ended, said
from tests.factories import listed, spawn

pexpect = pytest.importorskip("pexpect", reason="pexpect drives the pseudo-terminal")

LEFT, HOME, CTRL_U, CTRL_W, UP = "\x1b[D", "\x1b[H", "\x15", "\x17", "\x1b[A"


def test_answers_edit_like_a_shell_line(db):
    child = spawn("craving")
    child.expect(said("How strong"))
    child.sendline("6")
    child.expect(said("Where are you"))
    child.send("hme" + LEFT + LEFT + "o")  # the typo fixed with ←, not ^[[D in the answer
    child.sendline("")
    child.expect(said("Who is with you"))
    child.send("nobody" + CTRL_U + "the pub" + CTRL_W + "Sam")  # Ctrl-U clears, Ctrl-W drops a word
    child.sendline("")
    child.expect(said("What are you feeling"))
    child.send("onely" + HOME + "l")  # Home goes to the start
    child.sendline("")
    child.expect(said("How is your body"))
    child.send(UP)  # ↑ brings back the answer before
    child.sendline("")
    for question in ("What were you doing", "What helped", "Anything else"):
        child.expect(said(question))
        child.sendline("")
    ended(child)
    [entry] = listed()
    assert entry["cues"]["place"] == ["home"]
    assert entry["cues"]["person"] == ["the sam"]
    assert entry["cues"]["feeling"] == ["lonely"] and entry["cues"]["body"] == ["lonely"]


def test_an_answer_that_cannot_be_kept_is_asked_again_and_earlier_answers_stay(db):
    child = spawn("craving")
    child.expect(said("How strong"))
    child.sendline("7")
    child.expect(said("Where are you"))
    child.sendline("home")
    child.expect(said("Who is with you"))
    child.sendline("sam\x16\x07")  # Ctrl-V Ctrl-G: a control character (the bell) typed into the answer
    child.expect(said("That answer contains control characters"))
    child.expect(said("Again: Who is with you"))
    child.sendline("Sam")
    for question in ("What are you feeling", "How is your body", "doing", "What helped", "Anything else"):
        child.expect(said(question))
        child.sendline("")
    ended(child)
    [entry] = listed()
    assert entry["intensity"] == 7 and entry["cues"]["place"] == ["home"] and entry["cues"]["person"] == ["sam"]


def test_a_comma_stays_inside_one_answer(db):
    child = spawn("craving")
    child.expect(said("How strong"))
    child.sendline("5")
    for question in ("Where are you", "Who is with you", "What are you feeling", "How is your body", "doing"):
        child.expect(said(question))
        child.sendline("")
    child.expect(said("What helped"))
    child.sendline("texted Mike, no answer")
    child.expect(said("Anything else"))
    child.sendline("")
    ended(child)
    [entry] = listed()
    assert entry["coping"] == ["texted mike, no answer"]


@pytest.mark.parametrize(("command", "first"), [("craving", "How strong"), ("checkin", "strongest craving")])
def test_ctrl_c_in_guided_questions_says_nothing_was_kept_on_its_own_line(db, command, first):
    child = spawn(command)
    child.expect(said(first))
    child.expect(r"0-10\?: ")
    child.send("4")
    child.expect("4")  # echoed: readline has taken the key and waits for the next
    child.sendintr()
    child.expect(r"\r?\n[^\n]*stopped; nothing was saved")
    ended(child, 130)
    assert listed() == []


def test_a_guided_lapse_asks_when_and_what_before_the_situation(db):
    child = spawn("lapse")
    child.expect(said("plan for the next 24 hours"))
    child.sendline("")
    child.expect(said("When was it?"))
    child.sendline("the other day")  # not a time cuelog reads: said why, asked again
    child.expect(said("read the time"))
    child.expect(said("When was it?"))
    child.sendline("yesterday 22:00")
    child.expect(said("What did you use, and how much"))
    child.sendline("4 pints, then 2 more")
    child.expect(said("How strong was the craving just before"))
    child.sendline("")
    for question in ("Where were you", "Who was with you", "feeling", "body", "doing", "try anything", "note"):
        child.expect(said(question))
        child.sendline("walking home from work" if question == "doing" else "")
    child.expect(said("Answer them now"))
    child.sendline("n")
    ended(child)
    [entry] = listed()
    assert entry["at"].startswith("2026-11-21T22:00") and entry["amount"] == "4 pints, then 2 more"
    assert entry["cues"]["activity"] == ["walking home from work"] and "edited_at" not in entry


# -- the urge-surf (§5) ---------------------------------------------------------------------
def _urge(minutes: str, seconds_per_minute: str):
    child = spawn("help-now", "--minutes", minutes, env={"CUELOG_TEST_URGE_SECONDS_PER_MINUTE": seconds_per_minute})
    child.expect(said(f"with a {minutes}-minute timer"))
    before = child.before
    child.sendline("y")
    return child, before


def test_urge_surf_words_match_the_timer_and_the_time_left_shows_at_each_check(db):
    child, before = _urge("1", "3")
    assert "15 minutes" not in before  # the steps no longer promise another length
    child.expect(said("Stay with it for 1 minute"))
    child.expect(r"How strong is it now, 0–10\? \(Enter skips\) · 1:00 left")
    child.sendline("6")
    child.expect(r"And now, 0–10\? \(Enter skips\) · 0:[0-5]\d left")  # still in view while it waits
    child.sendintr()
    ended(child, 130)


def test_checks_missed_while_away_are_skipped_not_asked_back_to_back(db):
    import time

    child, _ = _urge("3", "1")  # checks at 0, 1, 2 and 3 "minutes" of one second each
    child.expect(said("How strong is it now"))
    child.sendline("8")
    child.expect(said("And now"))
    time.sleep(3)  # the person walked away past the remaining checks and the end
    child.sendline("4")
    index = child.expect([said("And now"), said("It went from 8 to 4")])
    assert index == 1, "a missed check was asked back to back"
    ended(child)
    [craving] = listed()
    assert craving["intensity"] == 8 and "ratings 8, 4" in craving["note"]


def test_ctrl_c_in_the_urge_surf_says_what_was_kept(db):
    child, _ = _urge("10", "3")
    child.expect(r"How strong is it now.* left: ")
    child.sendline("7")
    child.expect("Ctrl-C stops")  # the countdown
    child.sendintr()
    child.expect(r"Craving 7/10\S* noted")
    child.expect(said("Stopped early. Your ratings so far are saved with this craving"))
    ended(child, 130)
    assert len(listed()) == 1
