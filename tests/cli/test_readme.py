"""The README's "Scripting and cron" recipes, run line by line as a user would."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import CUELOG

README = Path(__file__).resolve().parents[2] / "README.md"
CRON = re.compile(r"^(\S+\s+){5}(?P<command>.+)$")


def recipes() -> list[str]:
    text = README.read_text()
    section = text.split("## Scripting and cron", 1)[1].split("\n## ", 1)[0]
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", section, re.S):
        lines += [line for line in block.splitlines() if line.strip() and not line.startswith("#")]
    return lines


def as_shell(line: str) -> str:
    """A crontab line runs its command; cron's \\% is a plain % to the shell too."""
    m = CRON.match(line)
    return m["command"] if m and line[0] in "0123456789*" else line


@pytest.fixture
def sh(db, home, tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "notify-calls"
    fake = bin_dir / "notify-send"
    fake.write_text(f'#!/bin/sh\necho "$@" >> "{calls}"\n')
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{Path(CUELOG).parent}:{os.environ['PATH']}"}

    def run(line: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["bash", "-c", as_shell(line)],
            env=env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=60,
        )

    run.calls = calls
    return run


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed (.ci/run installs it)")
def test_readme_recipes(sh, home):
    lines = recipes()
    assert len(lines) == 5, lines
    remind, notify, checkin, weekly, status_line = lines

    r = sh(remind)  # no check-in yet: one line, exit 1 (cron mails it)
    assert r.returncode == 1 and len(r.stdout.splitlines()) == 1
    r = sh(notify)
    assert r.returncode == 0 and "check-in" in sh.calls.read_text()

    r = sh(checkin)
    assert r.returncode == 0 and re.fullmatch(r"checked in: [0-9a-f]{32}\n", r.stdout)

    sh.calls.unlink()
    r = sh(remind)
    assert (r.returncode, r.stdout) == (0, "")
    assert sh(notify).returncode == 0 and not sh.calls.exists()

    assert sh(weekly).returncode == 0
    [report] = home.glob("cuelog-week-*.html")
    assert re.fullmatch(r"cuelog-week-\d{4}-\d\d-\d\d\.html", report.name)
    assert report.read_text().startswith("<!doctype html>") and "Check-ins on 1 of" in report.read_text()
    assert sh(weekly).returncode == 0  # --force: a second run the same day replaces it

    assert sh("cuelog quit-date 2026-11-01").returncode == 0
    r = sh(status_line)
    assert r.returncode == 0 and r.stdout == "day 21, week 4, weeks 2-4: true\n"
