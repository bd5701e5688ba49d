"""stdin in every state a command can meet: a terminal (elsewhere), a pipe, /dev/null, and
closed, as some cron daemons and service managers start commands. Closed behaves like
/dev/null: never 'unexpected problem', never a prompt."""

import os
import subprocess

import pytest

from tests.conftest import CUELOG

COMMANDS = [
    ["craving"],
    ["craving", "5", "--note", "-"],
    ["lapse", "--place", "y"],
    ["checkin", "--no-used"],
    ["reflect"],
    ["status"],
    ["summary"],
    ["outlook"],
    ["quit-date"],
    ["list"],
    ["delete", "abcd"],
    ["edit", "abcd", "--note", "x"],
    ["remind"],
    ["import", "-"],
    ["export"],
    ["undo"],
    ["doctor"],
    ["doctor", "--restore"],
    ["encrypt"],
    ["decrypt"],
    ["unlock"],
    ["lock"],
    ["devices"],
    ["plan", "list"],
    ["plan", "add", "--place", "bar", "-"],
    ["--help"],
]


@pytest.mark.parametrize("how", ["closed", "devnull", "pipe"])
def test_every_command_with_stdin_closed_or_empty(db, how):
    subprocess.run([CUELOG, "craving", "4", "--place", "bar"], check=True, stdin=subprocess.DEVNULL)
    for args in COMMANDS:
        kwargs = {
            "closed": {"stdin": subprocess.DEVNULL, "preexec_fn": lambda: os.close(0)},
            "devnull": {"stdin": subprocess.DEVNULL},
            "pipe": {"input": ""},
        }[how]
        proc = subprocess.run([CUELOG, *args], capture_output=True, text=True, timeout=60, **kwargs)
        assert "unexpected problem" not in proc.stderr and "Traceback" not in proc.stderr, (args, proc.stderr)
        assert proc.returncode in (0, 1, 2), (args, proc.returncode, proc.stderr)
