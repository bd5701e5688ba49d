"""On a terminal, with several goals in force, a use asks what it was about (issue 26)."""

import subprocess

import pytest

from tests.conftest import CUELOG
from tests.factories import listed, spawn

pexpect = pytest.importorskip("pexpect", reason="pexpect drives the pseudo-terminal")


def test_a_lapse_on_a_terminal_asks_which_goal_it_was_about(db):
    for args in (["quit-date", "2026-11-12", "--substance", "opioids"], ["goal", "add", "Alcohol", "--track"]):
        subprocess.run([CUELOG, *args, "--quiet"], check=True, capture_output=True)
    child = spawn("lapse", "--place", "park")
    child.expect("What was this about")
    child.expect("2. Alcohol")
    child.sendline("")  # nothing chosen: asked again
    child.expect("Pick one or more")
    child.sendline("2")
    child.expect("plan for the next 24 hours")
    child.sendline("")
    child.expect("Answer them now")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [entry] = listed()
    assert entry["substances"] == ["alcohol"]
