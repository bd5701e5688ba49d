"""``list --grep TEXT`` and ``list --cue DIMENSION=VALUE`` (issue 27 §8), through the installed
script: what is searched, case and accents, several cues, the other list options, the
one-line errors, and the highlight (on a terminal only)."""

from __future__ import annotations

import json
import os

import pytest

from tests.conftest import CUELOG, snapshot

JOURNAL = {
    "entries": [
        {
            "id": "lapse0001",
            "kind": "lapse",
            "at": "2026-11-10T21:00:00+01:00",
            "logged_at": "2026-11-10T21:30:00+01:00",
            "intensity": 7,
            "cues": {"place": ["the crown"], "person": ["josé"]},
            "display": {"josé": "José", "the crown": "The Crown"},
            "coping": ["rang my sister"],
            "note": "after the match",
            "amount": "three pints of Guinness",
            "reflection": {"before": "barely slept, the Überstunden again", "promise": "calm"},
        },
        {
            "id": "crave0001",
            "kind": "craving",
            "at": "2026-11-18T19:00:00+01:00",
            "logged_at": "2026-11-18T19:05:00+01:00",
            "intensity": 6,
            "cues": {"place": ["the crown"], "feeling": ["bored"]},
            "coping": ["urge surfing"],
            "note": "Walked past the Crown with Jose",
        },
        {
            "id": "crave0002",
            "kind": "craving",
            "at": "2026-11-21T08:00:00+01:00",
            "logged_at": "2026-11-21T08:00:00+01:00",
            "intensity": 3,
            "cues": {"place": ["home"], "feeling": ["bored", "restless"]},
            "coping": ["went for a walk"],
            "note": "Café first, then the walk",
        },
        {
            "id": "check0001",
            "kind": "checkin",
            "at": "2026-11-20T12:00:00+01:00",
            "logged_at": "2026-11-20T22:00:00+01:00",
            "date": "2026-11-20",
            "used": False,
            "intensity": 2,
            "cues": {"feeling": ["calm"]},
            "coping": [],
            "note": "quiet day at the cafe",
        },
    ]
}


@pytest.fixture
def journal(cuelog, tmp_path):
    source = tmp_path / "journal.json"
    source.write_text(json.dumps(JOURNAL), encoding="utf-8")
    assert cuelog("import", str(source), "--quiet").code == 0
    return cuelog


def ids(result) -> list[str]:
    assert result.code == 0, result.err
    return [e["id"] for e in result.json()]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("after the MATCH", ["lapse0001"]),  # a note, any case
        ("rang my", ["lapse0001"]),  # coping
        ("guinness", ["lapse0001"]),  # the amount
        ("uberstunden", ["lapse0001"]),  # a reflection answer, accents stripped on both sides
        ("ÜBERSTUNDEN", ["lapse0001"]),
        ("jose", ["crave0001", "lapse0001"]),  # a cue value "josé", and "Jose" in a note
        ("JOSÉ", ["crave0001", "lapse0001"]),
        ("crown", ["crave0001", "lapse0001"]),
        ("café", ["crave0002", "check0001"]),  # "Café" and "cafe"
        ("restless", ["crave0002"]),
        ("walk", ["crave0002", "crave0001"]),  # "went for a walk", "Walked past"
        ("  the   walk ", ["crave0002"]),  # spaces as in a cue: trimmed and collapsed
        ("nothing like this", []),
    ],
)
def test_grep_looks_in_every_text_of_an_entry(journal, text, expected):
    """Failed on today's main: 'No such option: --grep' (exit 2)."""
    assert ids(journal("list", "--grep", text, "--json")) == expected


def test_grep_text_output_keeps_only_matches_and_says_when_none(journal):
    r = journal("list", "--grep", "crown", env={"COLUMNS": "200"})
    assert r.code == 0 and r.err == ""
    assert "Walked past the Crown" in r.out and "after the match" in r.out and "Café" not in r.out
    assert "\x1b[" not in r.out  # piped: never styled
    r = journal("list", "--grep", "zebra")
    assert r.code == 0 and "No entries match" in r.out


@pytest.mark.parametrize(
    "cues, expected",
    [
        (["place=the crown"], ["crave0001", "lapse0001"]),
        (["place=The  Crown"], ["crave0001", "lapse0001"]),  # normalised like a cue option
        (["PLACE=the crown", "person=josé"], ["lapse0001"]),  # several: all must hold
        (["person=Jose"], ["lapse0001"]),  # accents and case do not matter either
        (["feeling=bored"], ["crave0002", "crave0001"]),
        (["feeling=bored", "feeling=restless"], ["crave0002"]),
        (["feeling=calm"], ["check0001"]),
        (["place=crown"], []),  # a cue value is matched whole
        (["tag=payday"], []),
    ],
)
def test_cue_keeps_entries_that_carry_every_cue(journal, cues, expected):
    args = [a for cue in cues for a in ("--cue", cue)]
    assert ids(journal("list", *args, "--json")) == expected


def test_search_combines_with_the_other_list_options(journal):
    assert ids(journal("list", "--grep", "crown", "--kind", "craving", "--json")) == ["crave0001"]
    assert ids(journal("list", "--grep", "crown", "--since", "2026-11-15", "--json")) == ["crave0001"]
    assert ids(journal("list", "--grep", "crown", "--until", "2026-11-15", "--json")) == ["lapse0001"]
    assert ids(journal("list", "--grep", "crown", "--limit", "1", "--json")) == ["crave0001"]
    assert ids(journal("list", "--cue", "feeling=bored", "--grep", "walked", "--json")) == ["crave0001"]
    r = journal("list", "--grep", "o", "--limit", "2")
    assert r.code == 0 and "Showing the newest 2" in r.err + r.out


@pytest.mark.parametrize(
    "args, said",
    [
        (["--cue", "place"], "--cue takes DIMENSION=VALUE"),
        (["--cue", "colour=red"], "unknown dimension 'colour'"),
        (["--cue", "place="], "needs a value"),
        (["--cue", "=bar"], "unknown dimension"),
        (["--grep", "  "], "--grep needs some text"),
        (["--grep", "x", "--kind", "mood"], "--kind must be one of"),
    ],
)
def test_a_bad_search_is_one_line_and_exit_2(journal, db, args, said):
    before = snapshot(db.parent)
    r = journal("list", *args)
    assert r.code == 2 and r.out == ""
    assert r.err.startswith("cuelog: error: ") and said in r.err
    assert len(r.err.strip().splitlines()) <= 2  # the error, and at most a hint
    assert snapshot(db.parent) == before


# -- the highlight: on a terminal only ------------------------------------------------------------
pexpect = pytest.importorskip("pexpect", reason="pexpect drives the pseudo-terminal")


def _on_a_terminal(*args: str, **env: str) -> str:
    full = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", **env}
    child = pexpect.spawn(CUELOG, list(args), env=full, encoding="utf-8", timeout=20, dimensions=(40, 120))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    return child.before


def test_matches_are_highlighted_on_a_terminal(journal):
    shown = _on_a_terminal("list", "--grep", "cafe")
    # "Café" in a note and "cafe" in another, each wrapped in a style and a reset.
    assert "\x1b[1;7mCafé\x1b[0m" in shown
    assert "\x1b[1;7mcafe\x1b[0m" in shown
    assert "\x1b[1;7m" not in _on_a_terminal("list")  # no search, nothing highlighted


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}])
def test_no_highlight_under_no_color_or_a_dumb_terminal(journal, env):
    shown = _on_a_terminal("list", "--grep", "cafe", **env)
    assert "\x1b[" not in shown
    # TERM=dumb is plain mode (issue 27 §11): 80 columns at most, where the note gives way.
    assert "Café first" in shown if "NO_COLOR" in env else "Not shown at this width: note" in shown
