"""Reflection after a lapse: situational questions built from the lapse's own cues.

Every text a person reads after a lapse lives here, so it can be reviewed as a
whole. The questions ask about the situation — the hours before, the first
moment of the pull, each cue, the time, what using promised, what to change —
drawing on relapse-prevention practice, DBT chain analysis and CBT functional
analysis. None asks about the person's character; tests hold that line.
"""

from __future__ import annotations

from dataclasses import dataclass

from cuelog.analysis.summary import time_bucket
from cuelog.models import Entry

# One question per cue dimension; {value} is the lapse's own cue.
CUE_PROMPTS = {
    "place": "About the place ({value}): what made using feel within reach there, and what could make it safer "
    "next time?",
    "person": "About the people ({value}): how did being with them shape the moment, and what could you say or "
    "do differently around them?",
    "feeling": "About how you felt ({value}): what else might have eased that feeling a little in the moment?",
    "body": "About your body ({value}): what would have looked after that need first?",
    "activity": "About what you were doing ({value}): what part of it set the scene, and could that routine go "
    "a different way next time?",
    "tag": "About '{value}': what does it tell you about when situations like this come up?",
}

# The rest, in the order they are offered after the cue questions.
GENERAL_PROMPTS = (
    ("first-moment", "What had just happened when you first noticed the pull?"),
    ("time", "It was {weekday} {bucket}. What usually happens for you around that time?"),
    ("before", "How were the 24 hours before: sleep, food, money, any conflict?"),
    ("promise", "What did using promise in that moment, and what is another way to get some of that?"),
    ("earlier-choice", "Was there a small earlier step that led closer, and where could the chain have been broken?"),
    ("coping", "Which coping step did you try, and at what point did the urge get past it?"),
    ("change", "What is one thing about this situation you could change or plan for this week?"),
    ("passed", "Has a similar situation passed recently without use? What was different then?"),
    ("friend", "If a friend described this situation to you, what would you point out to them?"),
)

FIRST_GENERAL = ("first-moment",)  # always offered, before the cue questions
LAST_GENERAL = ("change",)  # always offered, last
MIN_PROMPTS = 5
MAX_PROMPTS = 8

REFRAME = (
    "A lapse is one event in one specific situation, not a verdict on you. "
    "Many people in recovery have lapses; what helps most is staying with it and learning "
    "from the situation. Your recovery continues from here."
)

NEXT_24_HOURS = (
    "The next day or two can be a higher-risk time. Plan the next 24 hours: where you will be, "
    "who you could call, what you will eat and when you will rest, and what you will do if the pull comes back."
)

SKIP_HINT = "Answer any you like; press Enter to skip one."

# Words that never appear in a prompt or the reframe (checked by the tests).
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
)


@dataclass(frozen=True)
class Prompt:
    key: str
    text: str


def _join(values: tuple[str, ...]) -> str:
    if len(values) <= 1:
        return "".join(values)
    return ", ".join(values[:-1]) + " and " + values[-1]


def build_prompts(lapse: Entry) -> list[Prompt]:
    """5-8 questions: one per cue dimension the lapse carries (naming its values),
    the first moment and one change always, filled with general ones."""
    general = dict(GENERAL_PROMPTS)
    fill = {
        "weekday": lapse.at.strftime("%A"),
        "bucket": {"night": "at night"}.get(time_bucket(lapse.at), f"in the {time_bucket(lapse.at)}"),
    }
    prompts = [Prompt(k, general[k]) for k in FIRST_GENERAL]
    for dim, template in CUE_PROMPTS.items():
        values = getattr(lapse.cues, dim)
        if values:
            prompts.append(Prompt(dim, template.format(value=_join(values))))
    room = MAX_PROMPTS - len(prompts) - len(LAST_GENERAL)
    extras = [k for k, _ in GENERAL_PROMPTS if k not in FIRST_GENERAL + LAST_GENERAL]
    if lapse.coping == () and "coping" in extras and len(prompts) > 3:
        extras.remove("coping")
    for key in extras[: max(room, 0)]:
        prompts.append(Prompt(key, general[key].format(**fill)))
    prompts += [Prompt(k, general[k]) for k in LAST_GENERAL]
    return prompts[:MAX_PROMPTS]


def reflection_document(lapse: Entry) -> dict:
    """``reflect --json``: the prompts, the reframe, and any saved answers."""
    prompts = build_prompts(lapse)
    answers = dict(lapse.reflection or {})
    return {
        "entry_id": lapse.id,
        "prompts": [p.text for p in prompts],
        "reframe": REFRAME,
        "next_24_hours": NEXT_24_HOURS,
        "questions": [{"key": p.key, "prompt": p.text, "answer": answers.get(p.key)} for p in prompts],
        "answers": answers,
    }
