"""Every screen at every width, on a real pseudo-terminal: list, summary, status, outlook,
show, reflect and a lapse, rendered from a realistic journal at 40, 60, 80, 120 and 200
columns, with colour and without (NO_COLOR, TERM=dumb).

What must hold everywhere: no line wider than the terminal, no cut number ("6…"), ids
whole (8 hex digits), numbered questions whose wrapped lines keep their indent, and the
same text with colour as without. The 80-column plain output of each screen is kept in
``tests/snapshots/`` so that a change of layout shows in a diff: run with
``CUELOG_UPDATE_SNAPSHOTS=1`` to write them again, then read the diff before committing.
"""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.cli import journal
from tests.conftest import CUELOG, TZ

pytestmark = pytest.mark.slow

pexpect = pytest.importorskip("pexpect", reason="pexpect drives the pseudo-terminal")

WIDTHS = (40, 60, 80, 120, 200)
SNAPSHOTS = Path(__file__).resolve().parents[1] / "snapshots"
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]")
CUT_NUMBER = re.compile(r"\d…")
NUMBERED = re.compile(r"^( *)(\d+)\. ")

LAPSE = journal.newest("lapse")
LONG_NOTE = journal.newest("craving", with_long_note=True)
SCREENS = {
    "list": ["list"],
    "summary": ["summary"],
    "status": ["status"],
    "outlook": ["outlook"],
    "show-lapse": ["show", LAPSE["id"][:6]],
    "show-craving": ["show", LONG_NOTE["id"][:6]],
    "reflect": ["reflect"],
    "lapse": [
        "lapse",
        "--intensity",
        "8",
        "--place",
        "the long walk home past the off-licence on king street",
        "--feeling",
        "lonely",
        "--at",
        "2026-11-22 01:10",
    ],
}
ASKS = {"reflect", "lapse"}  # they offer to answer the questions now; the test says no


@pytest.fixture(scope="module")
def journal_env(tmp_path_factory):
    """A store built the way a person would: import, a quit date, a plan."""
    root = tmp_path_factory.mktemp("layout")
    home = root / "home"
    home.mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES", "CUELOG_PASSPHRASE_FILE")},
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "TZ": TZ,
        "CUELOG_NOW": journal.NOW,
        "CUELOG_DB": str(root / "store" / "cuelog.json"),
    }
    source = root / "journal.jsonl"
    source.write_text(journal.jsonl(), encoding="utf-8")
    for args in (
        ["import", str(source)],
        ["quit-date", journal.QUIT_DATE, "--substance", "cocaine"],
        ["plan", "add", "--place", "the crown", "leave after one soft drink and walk home"],
    ):
        subprocess.run([CUELOG, *args], env=env, check=True, capture_output=True, stdin=subprocess.DEVNULL)
    return env


def render(env: dict, screen: str, width: int, mode: str, tmp_path: Path) -> str:
    """What the terminal shows for a screen (stdout and stderr as they interleave), ANSI codes removed."""
    env = dict(env)
    if screen == "lapse":  # a lapse writes: each run starts from its own copy of the journal
        store = Path(env["CUELOG_DB"]).parent
        copy = tmp_path / f"store-{width}-{mode}"
        shutil.copytree(store, copy)
        env["CUELOG_DB"] = str(copy / "cuelog.json")
    # Each run its own state folder: status says the weeks 2-4 text in full the first time only.
    env["XDG_STATE_HOME"] = str(tmp_path / f"state-{screen}-{width}-{mode}")
    env["TERM"] = "dumb" if mode == "dumb" else "xterm-256color"
    if mode == "plain":
        env["NO_COLOR"] = "1"
    seen = io.StringIO()
    child = pexpect.spawn(CUELOG, SCREENS[screen], env=env, encoding="utf-8", timeout=30, dimensions=(200, width))
    child.logfile_read = seen
    if screen in ASKS:  # the plan for the next 24 hours (Enter skips), then whether to answer now: no
        while child.expect(["Enter skips", r"y/n", pexpect.EOF]) != 2:
            child.sendline("n" if child.after == "y/n" else "")
    else:
        child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, seen.getvalue()
    return ANSI.sub("", seen.getvalue()).replace("\r\n", "\n")


def check(text: str, width: int, screen: str) -> None:
    lines = text.split("\n")
    wide = [line for line in lines if cell_len(line) > width]
    assert not wide, f"{screen} at {width}: lines wider than the terminal:\n" + "\n".join(wide)
    assert not CUT_NUMBER.search(text), f"{screen} at {width}: a cut number: {CUT_NUMBER.findall(text)}"
    assert not re.search(r"\b[0-9a-f]{1,7}…", text), f"{screen} at {width}: a cut id"
    # A numbered question's wrapped lines, and its "↳" answer, stay under the question's text
    # until a blank line ends the list.
    indent = None
    for line in lines:
        numbered = NUMBERED.match(line)
        if numbered:
            indent = len(numbered.group(1)) + 3
        elif not line.strip():
            indent = None
        elif indent is not None:
            assert line.startswith(" " * indent), f"{screen} at {width}: a question's line lost its indent: {line!r}"


def ids_whole(text: str, screen: str) -> None:
    if screen == "list":
        rows = [line for line in text.split("\n") if re.match(r"[0-9a-f]{8} ", line)]
        assert len(rows) == 20, text
    if screen.startswith("show"):
        wanted = (LAPSE if screen == "show-lapse" else LONG_NOTE)["id"][:8]
        assert f"[{wanted}]" in text, text
    if screen == "reflect":
        assert f"cuelog reflect {LAPSE['id'][:8]}" in text, text


def normalise(text: str, screen: str) -> str:
    """The snapshot's text: the new lapse's random id named as such, trailing spaces dropped."""
    if screen == "lapse":
        new = re.search(r"\[([0-9a-f]{8})\]", text)
        if new:
            text = text.replace(new.group(1), "NEW-LAPSE")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n") + "\n"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("screen", SCREENS)
def test_every_screen_fits_every_width(journal_env, screen, width, tmp_path):
    plain = render(journal_env, screen, width, "plain", tmp_path)
    styled = render(journal_env, screen, width, "colour", tmp_path)
    for text in (plain, styled):
        check(text, width, screen)
        ids_whole(text, screen)
    # The same layout with colour as without it: colour only adds styling.
    assert normalise(styled, screen) == normalise(plain, screen)
    if width == 80:
        dumb = render(journal_env, screen, width, "dumb", tmp_path)
        # TERM=dumb is plain mode (issue 27 §11): the same but for drawn charts and arrows.
        drawing = str.maketrans("", "", "\u21b3▁▂▃▄▅▆▇█═▲")
        if not set("\u21b3▁▂▃▄▅▆▇█═▲") & set(plain):
            assert normalise(dumb, screen) == normalise(plain, screen)
        else:
            assert dumb.translate(drawing) == dumb, screen
        compare_snapshot(screen, normalise(plain, screen))


def compare_snapshot(screen: str, text: str) -> None:
    path = SNAPSHOTS / f"{screen}.txt"
    if os.environ.get("CUELOG_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no snapshot {path.name} yet: run with CUELOG_UPDATE_SNAPSHOTS=1 and review it"
    assert text == path.read_text(encoding="utf-8"), (
        f"{screen} at 80 columns differs from {path.name}; if the change is meant, "
        "run with CUELOG_UPDATE_SNAPSHOTS=1 and review the diff"
    )


@pytest.mark.parametrize("screen", ["summary", "status", "outlook", "show-lapse", "show-craving"])
def test_a_pipe_gets_the_80_column_layout(journal_env, screen, tmp_path):
    """Without a terminal and without $COLUMNS the width is 80: piped output is the snapshot."""
    env = {**journal_env, "XDG_STATE_HOME": str(tmp_path / "piped-state")}
    proc = subprocess.run([CUELOG, *SCREENS[screen]], env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0 and "\x1b" not in proc.stdout
    assert normalise(proc.stdout, screen) == normalise(render(journal_env, screen, 80, "plain", tmp_path), screen)


def test_demo_keep_prints_its_command_on_one_line(journal_env):
    """The suggested command is never wrapped, so it can be copied whole, even at 40 columns."""
    env = {**journal_env, "COLUMNS": "40"}
    env.pop("CUELOG_DB")
    proc = subprocess.run([CUELOG, "demo", "--keep"], env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    command = proc.stdout.rstrip("\n").split("\n")[-1]
    args = shlex.split(command)
    assert args[:2] == ["cuelog", "--db"] and args[3:] == ["list"], command
    try:
        listed = subprocess.run([CUELOG, *args[1:], "--json"], env=env, capture_output=True, text=True, check=True)
        assert len(json.loads(listed.stdout)) > 100
    finally:
        shutil.rmtree(Path(args[2]).parent, ignore_errors=True)


def test_summary_names_the_hours_of_each_time_of_day(journal_env):
    proc = subprocess.run([CUELOG, "summary"], env=journal_env, capture_output=True, text=True, check=True)
    when = proc.stdout.split("\nWhen", 1)[1]
    for bucket in ("morning (05–12)", "afternoon (12–17)", "evening (17–22)", "night (22–05)"):
        assert bucket in when
