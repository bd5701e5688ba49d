"""The tiers tests/conftest.py gives a test, read from what its code reaches."""

from __future__ import annotations

import os
import subprocess
from types import SimpleNamespace

import pytest

from tests.conftest import CUELOG, tiers_of

CHROMIUM = "/usr/bin/chromium"


def item(function, fixtures=(), markers=()):
    """Just enough of a collected test for ``tiers_of``."""
    defs = {f.__name__: [SimpleNamespace(func=f)] for f in fixtures}
    marks = [SimpleNamespace(name=m.name, kwargs=m.kwargs) for m in markers]
    return SimpleNamespace(
        function=function,
        _fixtureinfo=SimpleNamespace(name2fixturedefs=defs),
        iter_markers=lambda name: [m for m in marks if m.name == name],
        get_closest_marker=lambda name: next((m for m in marks if m.name == name), None),
    )


def pure():
    return sorted([3, 1, 2])


def runs_the_script():
    return subprocess.run([CUELOG, "--help"], check=False)


def terminal_helper(*args):
    import pexpect

    return pexpect.spawn(CUELOG, list(args))


def drives_a_terminal():
    return terminal_helper("craving")


def opens_a_browser():
    return [CHROMIUM, "--headless"]


def a_fixture_that_starts_the_script(db):
    return runs_the_script


def uses_the_fixture(a_fixture_that_starts_the_script):
    return a_fixture_that_starts_the_script


def forks():
    return os.fork


@pytest.mark.parametrize(
    "test, fixtures, tiers",
    [
        (pure, (), {"unit"}),
        (runs_the_script, (), {"process"}),
        (drives_a_terminal, (), {"pty", "process"}),
        (opens_a_browser, (), {"external"}),
        (uses_the_fixture, (a_fixture_that_starts_the_script,), {"process"}),
        (forks, (), {"process"}),
    ],
)
def test_a_test_gets_its_tiers_from_what_its_code_reaches(test, fixtures, tiers):
    assert tiers_of(item(test, fixtures)) == tiers


def test_a_tool_named_in_a_skip_reason_is_external_and_slow_is_never_unit():
    skip = pytest.mark.skipif(False, reason="jq is not installed (.ci/run installs it)").mark
    assert tiers_of(item(pure, markers=[skip])) == {"external"}
    assert tiers_of(item(pure, markers=[pytest.mark.slow.mark])) == set()


def test_every_collected_test_is_unit_or_in_another_tier(request):
    for collected in request.session.items:
        tiers = {m.name for m in collected.iter_markers()} & {"unit", "process", "pty", "external", "slow"}
        assert tiers and (tiers == {"unit"} or "unit" not in tiers), (collected.nodeid, tiers)
