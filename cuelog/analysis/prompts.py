"""Reflection after a lapse: a chain analysis built from the lapse's own situation.

A fixed core that cue questions never crowd out (the first moment, the 24 hours
before, what using promised, the earlier small step, whether coping was within
reach, the thoughts right after, who to tell, confidence for next time, one
change), one question naming all the lapse's cues, one about its time, and a
plan for the next 24 hours whose answer is saved like the others. The texts
live in ``cuelog.wording``; none asks about the person's character, and the
tests hold that line.
"""

from __future__ import annotations

from typing import NamedTuple

from cuelog import wording
from cuelog.models import DIMENSIONS, TIMES_OF_DAY, Entry, time_bucket
from cuelog.text import WEEKDAY_FULL

# The texts reflection_document gives, under the names its callers and tests use.
REFRAME = wording.LAPSE_MESSAGE
NEXT_24_HOURS = wording.NEXT_24_HOURS
SKIP_HINT = wording.SKIP_HINT
SKIP_UNTIL_TOMORROW = wording.SKIP_UNTIL_TOMORROW
DISPOSITIONAL_WORDS = wording.DISPOSITIONAL_WORDS

# Every key that build_prompts can give, in the order it gives them. Stable: answers are saved under them.
ORDER = (
    wording.FIRST_MOMENT[0],
    wording.CUE_QUESTION[0],
    wording.TIME_QUESTION[0],
    *(key for key, _ in wording.CORE_QUESTIONS),
    wording.NEXT_24_HOURS_KEY,
)
# The hours of each time-of-day bucket, first minute to last: "05:00–11:59".
BUCKET_HOURS = {t.name: f"{t.start:02}:00–{(t.end - 1) % 24:02}:59" for t in TIMES_OF_DAY}


class Prompt(NamedTuple):
    key: str
    text: str


# The questions every lapse is asked the same way, made once (a report asks them of every lapse).
_FIRST_MOMENT = Prompt(*wording.FIRST_MOMENT)
_CORE = tuple(Prompt(key, text) for key, text in wording.CORE_QUESTIONS)
_NEXT_24_HOURS = Prompt(wording.NEXT_24_HOURS_KEY, wording.NEXT_24_HOURS)


def _cue_values(lapse: Entry) -> list[str]:
    values = [value for dim in DIMENSIONS for value in getattr(lapse.cues, dim)]
    # "sam" as person and as tag is named once; each as the person first typed it
    return [lapse.shown(value) for value in dict.fromkeys(values)]


def _when(lapse: Entry) -> str:
    """'a Friday evening'; after midnight the night still belongs to the day before."""
    bucket = time_bucket(lapse.at)
    if bucket == "night" and lapse.at.hour < 5:
        return f"late on a {WEEKDAY_FULL[(lapse.at.weekday() - 1) % 7]} night"
    return f"a {WEEKDAY_FULL[lapse.at.weekday()]} {bucket}"


def build_prompts(lapse: Entry) -> list[Prompt]:
    """The questions for a lapse, in order: the first moment, the cues (when it has
    any), the time, the core chain-analysis questions, the next 24 hours."""
    prompts = [_FIRST_MOMENT]
    values = _cue_values(lapse)
    if values:
        key, template = wording.CUE_QUESTION
        prompts.append(Prompt(key, template.format(values=", ".join(values))))
    key, template = wording.TIME_QUESTION
    prompts.append(Prompt(key, template.format(when=_when(lapse), hours=BUCKET_HOURS[time_bucket(lapse.at)])))
    prompts += _CORE
    prompts.append(_NEXT_24_HOURS)
    return prompts


_SAME_FOR_EVERY_LAPSE = (_FIRST_MOMENT, *_CORE, _NEXT_24_HOURS)  # in build_prompts' order


def answered_prompts(lapse: Entry) -> list[tuple[Prompt, str]]:
    """The questions of :func:`build_prompts` the lapse has answers to, each with its
    answer, in order. The texts made from the lapse itself (its cues, its time) are made
    only when answered: a report asks this of every lapse in ten years."""
    answers = lapse.reflection or {}
    if not any(answers.values()):
        return []
    own = (wording.CUE_QUESTION[0], wording.TIME_QUESTION[0])
    prompts = build_prompts(lapse) if any(answers.get(key) for key in own) else _SAME_FOR_EVERY_LAPSE
    return [(p, answers[p.key]) for p in prompts if answers.get(p.key)]


def _earlier_questions(lapse: Entry, answers: dict[str, str], current: set[str]) -> list[Prompt]:
    """Answers saved under questions cuelog no longer asks, shown with the question they answered."""
    out = []
    for key in answers:
        if key in current:
            continue
        template = wording.EARLIER_QUESTIONS.get(key)
        if template is None:
            text = f"({key})"
        else:
            values = getattr(lapse.cues, key, ()) if key in DIMENSIONS else ()
            text = template.format(value=", ".join(lapse.shown(v) for v in values) or key)
        out.append(Prompt(key, text))
    return out


def reflection_document(lapse: Entry) -> dict:
    """``reflect --json``: the prompts, the lapse message, the 24-hour plan question
    and any saved answers (including those to questions of earlier versions)."""
    prompts = build_prompts(lapse)
    answers = dict(lapse.reflection or {})
    earlier = _earlier_questions(lapse, answers, {p.key for p in prompts})
    return {
        "entry_id": lapse.id,
        "prompts": [p.text for p in prompts],
        "reframe": REFRAME,
        "next_24_hours": NEXT_24_HOURS,
        "order": [p.key for p in prompts],
        "questions": [{"key": p.key, "prompt": p.text, "answer": answers.get(p.key)} for p in prompts + earlier],
        "answers": answers,
    }
