"""Sentences the product says to a person. Kept together so they can be read,
reviewed and tested as a whole: situational, concrete, never judgemental."""

from __future__ import annotations

# Withdrawal from these can be medically dangerous (domain-notes.md).
CLINICIAN_SUBSTANCES = (
    "alcohol",
    "benzo",
    "benzos",
    "benzodiazepine",
    "benzodiazepines",
    "xanax",
    "valium",
    "diazepam",
    "alprazolam",
    "clonazepam",
    "lorazepam",
)

CLINICIAN_NOTICE = (
    "Stopping heavy daily use of alcohol or benzodiazepines can be medically dangerous. "
    "Please talk to a doctor or clinician before you stop, so withdrawal can be made safe."
)


def plural(n: int, word: str) -> str:
    """``1 lapse``, ``2 lapses``; ``entry`` becomes ``entries``."""
    if n == 1:
        return f"{n} {word}"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return f"{n} {word[:-1]}ies"
    return f"{n} {word}s"


def needs_clinician_notice(substance: str | None) -> bool:
    if not substance:
        return False
    words = substance.lower().replace(",", " ").replace("/", " ").split()
    return any(word in CLINICIAN_SUBSTANCES for word in words)


CRAVING_LOGGED = "Noted. Cravings rise and fall; this one is now on the map."
LAPSE_LOGGED = (
    "A lapse is one event in one situation. Your days since your quit date keep "
    "counting, and what happened here is something to learn from."
)

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

WINDOW_EXPLAINER = (
    "Many people find cravings change or grow stronger in weeks 2–4 after stopping, once the "
    "first days' exhaustion lifts, before they fade."
)
WINDOW_CAVEAT = (
    "Studies differ: background craving often eases through the first month, while craving set "
    "off by cues can stay strong for months. Your own journal is the best guide."
)
LAPSES_LINE = "each one a situation to learn from; your days since quitting keep counting."

CRISIS_WORDS = (
    "suicid",
    "kill myself",
    "self-harm",
    "self harm",
    "hurt myself",
    "end it all",
    "want to die",
    "harm myself",
    "end my life",
)
CRISIS_LINE = (
    "If you are thinking about harming yourself, please reach out now: local emergency services, "
    "a crisis line (in the US call or text 988; UK and Ireland: Samaritans 116 123), or someone you trust."
)


def mentions_self_harm(*texts: str | None) -> bool:
    joined = " ".join(t.lower() for t in texts if t)
    return any(word in joined for word in CRISIS_WORDS)
