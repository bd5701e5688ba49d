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

# The guided questions on a terminal (Enter skips each, but "did you use"). The cue
# questions are in wording/dimensions.py; "then" is for a time given with --at.
GUIDED_INTRO = "A few questions; press Enter to skip any."
CHECKIN_INTRO = "A few questions; press Enter to skip any but whether you used."
INTENSITY_QUESTION = {
    "now": "How strong is the craving right now, 0-10?",
    "then": "How strong was the craving then, 0-10?",
    "lapse": "How strong was the craving just before, 0-10?",
}
COPING_QUESTION = {
    "now": "What helped, or what will you try (a walk, a call, waiting 15 minutes)?",
    "then": "What helped, or what did you try (a walk, a call, waiting 15 minutes)?",
    "lapse": "Did you try anything first (a call, leaving, waiting it out)? What?",
}
NOTE_QUESTION = "Anything else to note?"
INTENSITY_RETRY = "Please give a whole number from 0 to 10, or press Enter to skip."
LAPSE_SITUATION_INTRO = "What was the situation? Press Enter to skip any question."


def checkin_questions(day: str) -> dict[str, str]:
    """The check-in's questions about ``day`` ("today", "yesterday", "on Mon 23 Nov")."""
    return {
        "intensity": f"What was the strongest craving {day}, 0-10?",
        "used": f"Did you use {day}? (y/n)",
        "amount": "What and how much?",
        "feeling": f"How did you feel {day}?",
        "body": f"How was your body {day}: tired, hungry, tense, in pain?",
        "note": NOTE_QUESTION,
    }


CHECKIN_USED_RETRY = "Please answer y or n: the check-in needs to know whether you used."
CHECKIN_NEEDS_USED = "say whether you used that day"
CHECKIN_USED_HINT = "add --used or --no-used, e.g. cuelog checkin --craving 3 --no-used"


# Follows "Lapses since your quit date: N — ".
LAPSES_LINE = "each one a situation to learn from."

SOURCES_POINTER = "Where these facts come from: cuelog sources"
SOURCES_HEADING = "Where cuelog's general claims come from"

# When a yes/no question gets another answer.
YES_OR_NO = "Please answer y or n (yes or no)."

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
