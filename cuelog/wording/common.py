"""Everyday sentences: logging, counts, the demo, where facts come from."""

from __future__ import annotations


def plural(n: int, word: str) -> str:
    """``1 lapse``, ``2 lapses``; ``entry`` becomes ``entries``."""
    if n == 1:
        return f"{n} {word}"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return f"{n} {word[:-1]}ies"
    return f"{n} {word}s"


CRAVING_LOGGED = "Noted. Cravings rise and fall; this one is now on the map."

CRAVING_QUESTIONS = (
    ("intensity", "How strong is the craving right now, 0-10?"),
    ("place", "Where are you?"),
    ("person", "Who is with you, or who were you just with?"),
    ("feeling", "What are you feeling?"),
    ("body", "How is your body: tired, hungry, tense, in pain?"),
    ("activity", "What were you doing, or what routine is this part of?"),
    ("coping", "What helped, or what will you try (a walk, a call, waiting 15 minutes)?"),
    ("note", "Anything else to note?"),
)

# Follows "Lapses since your quit date: N — ".
LAPSES_LINE = "each one a situation to learn from."

SOURCES_POINTER = "Where these facts come from: cuelog sources"

DEMO_INTRO = (
    "Made-up data, not a real person's journal: eight weeks after a quit date, with one lapse. "
    "Each craving's strength is drawn at random from the same range all the way through, "
    "so any pattern over the weeks is chance, not evidence."
)


def days_without_use(without_use: int, days: int, with_use: int, no_data: int, end: str = "today") -> str:
    """The honest count: from check-ins, never a slogan. ``days`` runs from the quit
    date through ``end`` ("today", or a day such as "Sun 8 Nov"), both included."""
    details = []
    if with_use:
        details.append(f"{with_use} with use")
    if no_data:
        details.append(f"{no_data} without a check-in")
    tail = f" ({', '.join(details)})" if details else ""
    of_days = "the 1 day" if days == 1 else f"the {days} days"
    return f"From your check-ins: {without_use} of {of_days} from your quit date to {end} without use{tail}."


# Words that never appear in what cuelog says to a person (tests scan every text for them,
# as whole words or word beginnings). Source titles in cuelog/sources.py are quoted as
# published and are the one exemption.
DISPOSITIONAL_WORDS = (
    "willpower",
    "weak",
    "weakness",
    "fail",
    "failure",
    "fault",
    "character",
    "shame",
    "relapse",
    "clean",
    "dirty",
    "blame",
    "why did you",
    "should",
    "gave in",
    "give in",
    "giving in",
    "let yourself",
    "slip",
    "addict",
)
