"""The crisis corpus (tests/fixtures/crisis_corpus.py) through the command line, on every
kind of text a person types: notes, cue values, check-in feelings and notes, plan text,
lapse notes, support notes, reflection answers (saved by import) and imported records,
with and without --json (then the crisis line is on stderr and stdout stays one JSON
document).

Breadth in-process (``run``); the issue's own examples and a sample of every kind
through the installed console script (``cuelog``)."""

from __future__ import annotations

import json

import pytest

from cuelog import wording
from tests.fixtures.crisis_corpus import HARMLESS, POSITIVE
from tests.test_crisis_corpus import ACCEPTED_FALSE_POSITIVES, KNOWN_MISSES

# The opening words of the crisis message, as the person reads it.
CRISIS = " ".join(wording.crisis_message(None).split()[:8])
CAUGHT = [t for _, t in POSITIVE if t not in KNOWN_MISSES]
PASSED = [t for t in HARMLESS if t not in ACCEPTED_FALSE_POSITIVES]
CUTTING_DOWN = [t for t in HARMLESS if "cut" in t.lower()]


@pytest.fixture(autouse=True)
def no_place(monkeypatch):
    """The place is no guess from the machine's locale."""
    for name in ("CUELOG_COUNTRY", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def said(result) -> str:
    return " ".join((result.out + "\n" + result.err).split())


def check(result, expected: bool, as_json: bool, what) -> None:
    assert result.code == 0, (what, result.err)
    assert said(result).count(CRISIS) == (1 if expected else 0), (what, result.out, result.err)
    if as_json:
        json.loads(result.out)  # stdout stays one JSON document
        assert CRISIS not in " ".join(result.out.split())


SURFACES = {
    "note": lambda text: ["craving", "5", "--note", text],
    "cue": lambda text: ["craving", "5", "--feeling", text],
    "checkin feeling": lambda text: ["checkin", "--feeling", text, "--no-used"],
    "checkin note": lambda text: ["checkin", "--note", text, "--craving", "2", "--no-used"],
    "plan text": lambda text: ["plan", "add", "--place", "home", text],
    "lapse note": lambda text: ["lapse", "--note", text],
}


def sample(surface: str) -> list[tuple[str, bool]]:
    """Notes: every fifth positive and every other harmless line; elsewhere every tenth
    positive and every twentieth harmless line (each surface from another offset)."""
    if surface == "note":
        return [(t, True) for t in CAUGHT[::5]] + [(t, False) for t in PASSED[::2]]
    offset = list(SURFACES).index(surface)
    return [(t, True) for t in CAUGHT[offset::10]] + [(t, False) for t in PASSED[offset::20]]


@pytest.mark.parametrize("surface", list(SURFACES))
def test_the_corpus_on_every_surface(run, surface):
    for i, (text, expected) in enumerate(sample(surface)):
        as_json = i % 3 == 0  # a third of them with --json
        args = SURFACES[surface](text) + (["--json"] if as_json else [])
        check(run(*args), expected, as_json, args)


def test_the_cutting_down_family_on_every_surface(run):
    for surface, make in SURFACES.items():
        for text in CUTTING_DOWN[:: 1 if surface == "note" else 4]:
            check(run(*make(text)), False, False, (surface, text))


def test_reflection_answers_saved_by_import_then_read_back(run):
    corpus = [(t, True) for t in CAUGHT[2::6]] + [(t, False) for t in PASSED[1::8]]
    lapses = [
        {"id": f"lapse{i:04d}", "kind": "lapse", "at": "2026-11-20T22:00:00+01:00", "reflection": {"after": text}}
        for i, (text, _) in enumerate(corpus)
    ]
    imported = run("import", "-", stdin="\n".join(json.dumps(lapse) for lapse in lapses))
    check(imported, True, False, "the import itself brings in answers that call for it")
    for i, (text, expected) in enumerate(corpus):
        as_json = i % 2 == 0
        check(run("reflect", f"lapse{i:04d}", *(["--json"] if as_json else [])), expected, as_json, text)


@pytest.mark.parametrize("expected", [True, False])
def test_an_import_is_typed_text_too(run, expected):
    text = CAUGHT[7] if expected else PASSED[7]
    records = {
        "entries": [{"id": "c0ffee" * 5 + "aa", "kind": "craving", "at": "2026-11-20T22:00:00+01:00", "note": "tea"}],
        "plans": [{"id": "plan0001", "cues": {"place": ["home"]}, "then": text, "created_at": "2026-11-01T10:00:00Z"}],
    }
    check(run("import", "-", stdin=json.dumps(records)), expected, False, text)
    # importing the same again changes nothing, and says nothing
    check(run("import", "-", "--json", stdin=json.dumps(records)), False, True, text)


# -- through the installed console script -----------------------------------------------
def test_the_reviewers_examples_through_the_console_script(cuelog):
    """`--feeling hopeless` and a reflection answer about hating being alive passed
    silently; "hoping" did not match "hope*"."""
    for as_json in (False, True):
        flag = ["--json"] if as_json else []
        check(cuelog("craving", "5", "--feeling", "hopeless", *flag), True, as_json, "cue")
        check(cuelog("craving", "5", "--note", "hoping i don't wake up", *flag), True, as_json, "stem")
        check(cuelog("checkin", "--feeling", "hopeless", "--no-used", *flag), True, as_json, "checkin")
        if as_json:
            assert json.loads(cuelog("list", "--json").out)  # the entries were saved
    lapse = {"id": "lapse9999", "kind": "lapse", "at": "2026-11-20T22:00:00+01:00"}
    lapse["reflection"] = {"after": "I hate being alive, every single day of it"}
    check(cuelog("import", "-", "--json", stdin=json.dumps(lapse)), True, True, "import")
    check(cuelog("reflect", "lapse9999", "--json"), True, True, "reflect")


CONSOLE = [
    # (kind of warning sign, surface, text): one of each kind, each on another surface
    ("wish", ["craving", "6", "--note"], "wish i could sleep and never wake"),
    ("hopelessness", ["craving", "6", "--feeling"], "no way out"),
    ("burden", ["checkin", "--no-used", "--note"], "everyone would be better off without me"),
    ("self-harm", ["lapse", "--note"], "sh again last night"),
    ("method", ["plan", "add", "--place", "home"], "gonna take the whole bottle tonight"),
    ("preparation", ["support", "add", "Ana", "--note"], "been saving up my pills"),
    ("farewell", ["craving", "6", "--coping"], "this is goodbye"),
    ("shorthand", ["craving", "6", "--place"], "thinking about ctb"),
    ("typo", ["checkin", "--no-used", "--feeling"], "feeling sucidal"),
    ("harmless", ["craving", "6", "--note"], "cutting back on drinking since monday"),
    ("harmless", ["plan", "add", "--place", "pub"], "cut down to 2 beers"),
    ("harmless", ["checkin", "--no-used", "--note"], "killing time before the meeting"),
]


@pytest.mark.parametrize("kind, args, text", CONSOLE, ids=[f"{k}:{t}" for k, _, t in CONSOLE])
def test_a_sample_through_the_console_script(cuelog, kind, args, text):
    expected = kind != "harmless"
    r = cuelog(*args, text)
    check(r, expected, False, (args, text))
    assert (CRISIS in " ".join(r.out.split())) is expected and CRISIS not in r.err
    check(cuelog(*args, text, "--json"), expected, True, (args, text))
