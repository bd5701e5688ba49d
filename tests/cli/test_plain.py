"""Issue 27 §11: plain mode for screen readers and dumb terminals (--plain before or after the
command, CUELOG_PLAIN=1, TERM=dumb): no block characters, arrows or box drawing, the daily chart
as one sentence, no line wider than 80, through the installed script."""

from __future__ import annotations

import pytest

from tests.cli import journal

# Arrows, box drawing, block elements, geometric shapes, supplemental arrows, misc. arrows.
RANGES = ((0x2190, 0x21FF), (0x2500, 0x257F), (0x2580, 0x259F), (0x25A0, 0x25FF), (0x27F0, 0x27FF), (0x2900, 0x297F),
          (0x2B00, 0x2BFF))  # fmt: skip


def _drawn(text: str) -> set[str]:
    return {c for c in text if any(lo <= ord(c) <= hi for lo, hi in RANGES)}


@pytest.fixture
def filled(cuelog):
    assert cuelog("quit-date", journal.QUIT_DATE, "--quiet").code == 0
    assert cuelog("import", "-", stdin=journal.jsonl()).code == 0
    assert cuelog("plan", "add", "--place", "home", "call my sister", "--quiet").code == 0
    lapse = journal.newest("lapse")
    assert cuelog("reflect", lapse["id"]).code == 0
    return lapse["id"]


COMMANDS = (["status"], ["summary"], ["outlook"], ["list"], ["help-now"])


@pytest.mark.parametrize(
    ("how", "env"),
    [
        ("--plain first", {}),
        ("--plain after", {}),
        ("CUELOG_PLAIN=1", {"CUELOG_PLAIN": "1"}),
        ("TERM=dumb", {"TERM": "dumb"}),
    ],
)
def test_plain_output_has_no_drawing_and_fits_80(cuelog, filled, how, env):
    env = {"COLUMNS": "120", **env}
    for args in (*COMMANDS, ["show", filled]):
        argv = ["--plain", *args] if how == "--plain first" else [*args, "--plain"] if how == "--plain after" else args
        r = cuelog(*argv, env=env)
        assert r.code == 0, (argv, r.err)
        assert r.out.strip(), argv
        assert not _drawn(r.out + r.err), (argv, sorted(_drawn(r.out + r.err)))
        widest = max(len(line) for line in (r.out + r.err).splitlines())
        assert widest <= 80, (argv, widest)


def test_the_daily_chart_is_one_sentence(cuelog, filled):
    drawn = cuelog("summary", env={"COLUMNS": "120"}).out
    assert _drawn(drawn)  # the sparkline, in the ordinary mode
    plain = cuelog("--plain", "summary", env={"COLUMNS": "120"}).text
    assert "Daily peak craving, " in plain and "highest 10/10 on" in plain and "on average" in plain


def test_plain_is_in_the_help(cuelog):
    assert "--plain" in cuelog("--help").out
