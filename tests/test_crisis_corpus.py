"""The crisis check over a written corpus (tests/fixtures/crisis_corpus.py): every
positive line gets the crisis line, every harmless one does not, except the misses and
false positives named below; recall and the false-positive rate are held to a floor.
Pure and fast: no store, no process."""

from __future__ import annotations

import re
import timeit
from pathlib import Path

import pytest

from cuelog import crisis, safety
from tests.fixtures.crisis_corpus import HARMLESS, POSITIVE

# Lines the matcher misses, kept in the corpus so the figures stay honest: each would
# need a rule that also fires on everyday lines. Strict: one that starts matching fails
# here, and leaves this list.
KNOWN_MISSES = {
    "won't be around for the next checkin",
    "left a note on the table for jen",
    "gave my cat to my neighbour, she'll look after her better",
    "I feel like I'm drowning and there's no way up",
    "i'm ready to go",
    "the train station again, just watching the trains",
    "the blade is in my drawer",
    "cancelled everything for next week, won't need it",
    "tell mum i'm sorry",
    "i won't make it to my next appointment",
    "Went to the cliffs today. Stood near the edge a long time.",
    "Wrote a will on a napkin lol",
    "i'm giving Jess my car keys and the dog, she knows why",
}
# Harmless lines that do get the crisis line: accepted, as the net errs towards yes.
ACCEPTED_FALSE_POSITIVES = {
    "bought a new rope for the climbing gym",
    "hopeless weather",
    "hopeless traffic today",
    "bought new blades for the razor",
    "wrote letters to my pen pals",
    "i'm a burden? no, my sponsor says i'm not",
}
# The one family held to zero: this journal sees it daily (every harmless line with "cut").
CUTTING_DOWN = [line for line in HARMLESS if re.search(r"\bcut", line.lower())]


def _param(text, expected_miss, kind=""):
    mark = pytest.mark.xfail(strict=True, reason="known") if expected_miss else ()
    return pytest.param(text, marks=mark, id=f"{kind}:{text}" if kind else text)


@pytest.mark.parametrize("text", [_param(t, t in KNOWN_MISSES, k) for k, t in POSITIVE])
def test_positive_gets_the_crisis_line(text):
    assert safety.mentions_self_harm(text), safety.sentences(text)
    assert safety.crisis_kinds(text)


@pytest.mark.parametrize("text", [_param(t, t in ACCEPTED_FALSE_POSITIVES) for t in HARMLESS])
def test_harmless_line_passes(text):
    assert not safety.mentions_self_harm(text), crisis.matching_phrases(text)
    assert safety.crisis_kinds(text) == []


def test_corpus_size_kinds_and_floors():
    kinds = {k for k, _ in POSITIVE}
    assert len(POSITIVE) >= 150 and len(HARMLESS) >= 60
    wanted = {"wish", "hopeless", "burden", "self-harm", "method", "preparation", "farewell", "shorthand", "typo"}
    assert wanted <= kinds
    assert len({t for _, t in POSITIVE}) == len(POSITIVE) and len(set(HARMLESS)) == len(HARMLESS)
    caught = sum(safety.mentions_self_harm(t) for _, t in POSITIVE)
    flagged = sum(safety.mentions_self_harm(t) for t in HARMLESS)
    assert caught / len(POSITIVE) >= 0.97
    assert flagged / len(HARMLESS) <= 0.05
    assert KNOWN_MISSES <= {t for _, t in POSITIVE} and ACCEPTED_FALSE_POSITIVES <= set(HARMLESS)


def test_cutting_down_family_is_never_flagged():
    assert len(CUTTING_DOWN) >= 20
    assert not [line for line in CUTTING_DOWN if safety.mentions_self_harm(line)]
    for line in ("cut down", "cutting back", "cut back on drinking", "cut out", "Cutting down on the drink."):
        assert not safety.mentions_self_harm(line), line
    # ...while cutting as self-harm still is
    for line in ("cutting again", "started cutting", "cut myself", "i cut last night", "want to cut"):
        assert safety.mentions_self_harm(line), line


# -- the mechanisms one by one ------------------------------------------------------------
@pytest.mark.parametrize(
    "stem, text",
    [
        ("hope* ~ not wake up", "hoping i do not wake up"),
        ("hope* ~ not wake up", "hoped I wouldn't wake up"),
        ("die*", "dying"),
        ("take*", "taking"),
        ("live*", "living"),
        ("stockpil*", "stockpiling"),
    ],
)
def test_stems_that_drop_their_e(stem, text):
    assert safety._matcher((stem,)).search(safety.normalise_text(text))


def test_the_stem_bug_from_the_review():
    assert safety.mentions_self_harm("hoping i don't wake up")
    assert safety.mentions_self_harm("Hoping I never wake up again")


@pytest.mark.parametrize(
    "typo, word",
    [
        ("sucidal", "suicidal"),
        ("suiside", "suicide"),
        ("suicdal", "suicidal"),
        ("overdoes", "overdose"),
        ("overdoze", "overdose"),
        ("myslef", "myself"),
        ("mysef", "myself"),
        ("kil", "kill"),
        ("dissapear", "disappear"),
        ("hopless", "hopeless"),
        ("dei", "die"),
        ("wnat", "want"),
        ("goodbey", "goodbye"),
    ],
)
def test_typos_of_key_words_are_corrected(typo, word):
    assert crisis.correct_typo(typo) == word
    assert word in safety.normalise_text(f"so {typo} today").split()


@pytest.mark.parametrize(
    "word",
    "dad dine diet will kiln homeless overcome overdone painless nose live wait lie".split(),
)
def test_real_words_are_never_corrected(word):
    assert crisis.correct_typo(word) == word


def test_typo_correction_against_a_word_list():
    """No English word is turned into a key word (except "overdoes"): run where Debian's
    word list is installed (apt-get install wamerican)."""
    path = Path("/usr/share/dict/words")
    if not path.exists():
        pytest.skip("no word list on this machine")
    words = {w.strip().casefold() for w in path.read_text(errors="ignore").split() if w.strip().isalpha()}
    changed = {w: crisis.correct_typo(w) for w in words if crisis.correct_typo(w) != w}
    assert set(changed) <= {"overdoes", "goodby", "goodbys"}, changed


@pytest.mark.parametrize(
    "text",
    [
        "k*ll myself",
        "su1c1dal",
        "sui.cidal",
        "want to diiiie",
        "I really just want to be dead",  # {self} ~ {desire} ~ {death}
        "me and my thoughts, i kind of wish i could not exist",
        "going to take the whole packet tonight",  # {intent} ~ whole {container}
        "plan to use every pill i have",
        "bought a rope",  # {get} ~ {means}
    ],
)
def test_censoring_digits_repeats_and_concepts(text):
    assert safety.mentions_self_harm(text)


def test_matching_stays_within_a_sentence():
    assert safety.sentences("Want to go home. Die Hard is on tv!") == ["want to go home", "die hard is on tv"]
    assert not safety.mentions_self_harm("I want to go home. Die Hard is on tv!")
    assert safety.mentions_self_harm("rough day\nwant to\ndie")  # a line break alone does not end one
    assert safety.sentences("o.d. on purpose") == ["od on purpose"]
    assert safety.mentions_self_harm("i just want to... not be here")  # "..." is a pause
    assert safety.mentions_self_harm("i want to … die")
    assert safety.sentences("Hm... ok?! Fine. Really!!") == ["hm ok", "fine", "really"]


def test_kinds():
    assert safety.crisis_kinds("i'm just a burden") == ["burden"]
    assert safety.crisis_kinds("bought a rope today") == ["method"]
    assert safety.crisis_kinds("feeling hopeless") == ["hopelessness"]
    assert safety.crisis_kinds("sh again") == ["shorthand"]
    assert safety.crisis_kinds("a calm evening", None, "") == []
    assert set(safety.KINDS) >= {"suicide", "self-harm", "farewell", "preparation"}


def test_kilometres_are_not_kms():
    assert not safety.mentions_self_harm("ran 5 kms this morning", "walked 3km")
    assert safety.mentions_self_harm("kms")


def test_fast_enough_for_every_write():
    """Checking 1,000 journal notes (each a sentence or two) takes well under a second."""
    notes = [f"{line} after {i} days, then tea with sam." for i, line in enumerate(HARMLESS * 6)][:1000]
    seconds = min(timeit.repeat(lambda: [safety.mentions_self_harm(n) for n in notes], number=1, repeat=3))
    assert seconds < 1.0, seconds
