"""Sentences the product says to a person, kept together so they can be read,
reviewed and tested as a whole: situational, concrete, never judgemental.

By topic: ``common`` (logging, counts, the demo), ``safety`` (crisis lines,
overdose, withdrawal, help right now), ``reflection`` (after a lapse),
``windows`` (weeks 2–4). Everything is importable from here: ``wording.X``.
"""

from __future__ import annotations

from cuelog.wording.common import (
    CRAVING_LOGGED,
    CRAVING_QUESTIONS,
    DEMO_INTRO,
    DISPOSITIONAL_WORDS,
    LAPSES_LINE,
    SOURCES_POINTER,
    days_without_use,
    plural,
)
from cuelog.wording.reflection import (
    CORE_QUESTIONS,
    CUE_QUESTION,
    EARLIER_QUESTIONS,
    FIRST_MOMENT,
    LAPSE_MESSAGE,
    NEXT_24_HOURS,
    NEXT_24_HOURS_KEY,
    SKIP_HINT,
    SKIP_UNTIL_TOMORROW,
    TIME_QUESTION,
)
from cuelog.wording.safety import (
    CLINICIAN_NOTICE,
    CRISIS_LINE,
    CRISIS_LINES,
    CRISIS_LINES_ELSEWHERE,
    HELP_NOW_CRISIS_HEADING,
    HELP_NOW_PLANS_HEADING,
    HELP_NOW_PLANS_NONE,
    HELP_NOW_POINTER,
    HELP_NOW_SUPPORT_HEADING,
    HELP_NOW_SUPPORT_NONE,
    HELP_NOW_TITLE,
    OVERDOSE,
    SEVERAL_LAPSES,
    SOMEONE_YOU_TRUST,
    URGE_AGAIN_PROMPT,
    URGE_NOW_PROMPT,
    URGE_SURF_COPING,
    URGE_SURF_HEADING,
    URGE_SURF_INTRO,
    URGE_SURF_OFFER,
    URGE_SURF_STEPS,
    WITHDRAWAL_RETURNING,
    crisis_lines,
    crisis_message,
    emergency_number,
    overdose_emergency,
    urge_change,
    urge_surf_note,
    urge_wait,
    withdrawal_stopping,
)
from cuelog.wording.windows import (
    WINDOW_AHEAD,
    WINDOW_CAVEAT,
    WINDOW_EXPLAINER,
    WINDOW_INSIDE,
    WINDOW_PASSED,
    WINDOW_PASSED_FULL,
    WINDOW_STIMULANT_CRASH,
)

# The lapse confirmation and the reflection's reframe are one message now; both old
# names stay so today's CLI keeps working (it should print the message once).
LAPSE_LOGGED = LAPSE_MESSAGE
REFRAME = LAPSE_MESSAGE


def mentions_self_harm(*texts: str | None) -> bool:
    """Kept for the CLI as it is today; the matcher lives in ``cuelog.safety``."""
    from cuelog import safety

    return safety.mentions_self_harm(*texts)


def needs_clinician_notice(substance: str | None) -> bool:
    """Kept for the CLI as it is today: whether the substance can have dangerous
    withdrawal. ``safety.notices`` also decides *when* to say so."""
    from cuelog import safety

    return bool(safety.substance_classes(substance) & safety.WITHDRAWAL_CLASSES)


__all__ = [
    "CLINICIAN_NOTICE",
    "CORE_QUESTIONS",
    "CRAVING_LOGGED",
    "CRAVING_QUESTIONS",
    "CRISIS_LINE",
    "CRISIS_LINES",
    "CRISIS_LINES_ELSEWHERE",
    "CUE_QUESTION",
    "DEMO_INTRO",
    "DISPOSITIONAL_WORDS",
    "EARLIER_QUESTIONS",
    "FIRST_MOMENT",
    "HELP_NOW_CRISIS_HEADING",
    "HELP_NOW_PLANS_HEADING",
    "HELP_NOW_PLANS_NONE",
    "HELP_NOW_POINTER",
    "HELP_NOW_SUPPORT_HEADING",
    "HELP_NOW_SUPPORT_NONE",
    "HELP_NOW_TITLE",
    "LAPSES_LINE",
    "LAPSE_LOGGED",
    "LAPSE_MESSAGE",
    "NEXT_24_HOURS",
    "NEXT_24_HOURS_KEY",
    "OVERDOSE",
    "REFRAME",
    "SEVERAL_LAPSES",
    "SKIP_HINT",
    "SKIP_UNTIL_TOMORROW",
    "SOMEONE_YOU_TRUST",
    "SOURCES_POINTER",
    "TIME_QUESTION",
    "URGE_AGAIN_PROMPT",
    "URGE_NOW_PROMPT",
    "URGE_SURF_HEADING",
    "URGE_SURF_COPING",
    "URGE_SURF_INTRO",
    "URGE_SURF_OFFER",
    "URGE_SURF_STEPS",
    "WINDOW_AHEAD",
    "WINDOW_CAVEAT",
    "WINDOW_EXPLAINER",
    "WINDOW_INSIDE",
    "WINDOW_PASSED",
    "WINDOW_PASSED_FULL",
    "WINDOW_STIMULANT_CRASH",
    "WITHDRAWAL_RETURNING",
    "crisis_lines",
    "crisis_message",
    "days_without_use",
    "emergency_number",
    "mentions_self_harm",
    "needs_clinician_notice",
    "overdose_emergency",
    "plural",
    "urge_change",
    "urge_surf_note",
    "urge_wait",
    "withdrawal_stopping",
]
