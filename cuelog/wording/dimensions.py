"""What cuelog says about each kind of cue: its option's help, its label, and the
question the guided entry asks (now, or about a time given with --at). The kinds
themselves are declared once, in ``models.DIMENSION_SPECS``; a test fails if one
of them has no text here."""

from __future__ import annotations

from typing import NamedTuple


# A named tuple: defined several times faster than a frozen dataclass, on every start.
class DimensionText(NamedTuple):
    label: str  # as a heading or a column: "place"
    help: str  # the option's help
    ask_now: str  # the guided question about right now
    ask_then: str  # the same about a time given with --at


DIMENSION_TEXT = {
    "place": DimensionText("place", "Where (repeatable).", "Where are you?", "Where were you?"),
    "person": DimensionText(
        "person",
        "Who was there (repeatable).",
        "Who is with you, or who were you just with?",
        "Who was with you, or who had you just been with?",
    ),
    "feeling": DimensionText(
        "feeling", "What you felt (repeatable).", "What are you feeling?", "What were you feeling?"
    ),
    "body": DimensionText(
        "body",
        "Body state: tired, hungry... (repeatable).",
        "How is your body: tired, hungry, tense, in pain?",
        "How was your body: tired, hungry, tense, in pain?",
    ),
    "activity": DimensionText(
        "activity",
        "Activity or routine (repeatable).",
        "What were you doing, or what routine is this part of?",
        "What were you doing, or what routine was it part of?",
    ),
    "tag": DimensionText(
        "tag", "Any label of your own (repeatable).", "Any label of your own?", "Any label of your own?"
    ),
}
