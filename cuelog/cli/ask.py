"""The guided questions' machinery: each answer checked as it is given and asked again
with the reason (the earlier answers kept), cues and steps kept whole, the craving's and
the lapse's situation questions, and when a lapse was. The prompts themselves read lines
through ``render.read_line`` (line editing and history)."""

from __future__ import annotations

from cuelog import service, wording
from cuelog.cli.app import out
from cuelog.cli.crisis import check_answer
from cuelog.cli.options import at_time
from cuelog.errors import InputError
from cuelog.service import GUIDED
from cuelog.wording import entries as words
from cuelog.wording.dimensions import DIMENSION_TEXT


def ask_each(questions: list[tuple[str, str, str]], answers: dict | None = None) -> dict:
    """Ask (key, question, kind) in turn on the terminal: kind "number" (0-10), "values"
    (one cue or step, kept whole: a comma is part of the answer), "text", or "yes/no"
    (required). Enter skips all but "yes/no". Each answer is checked as it is given (the
    rules the store applies) and asked again with the reason, so a typo never costs the
    answers before it; each goes into ``answers`` at once (so a caller stopped by Ctrl-C
    still has them) and is checked for crisis words: a disclosure shows the crisis
    lines, the plan and people, and raises ``Disclosure`` (nothing more is asked)."""
    o = out()
    answers = {} if answers is None else answers
    for key, question, kind in questions:
        if kind == "number":
            answers[key] = o.ask_rating(question, wording.INTENSITY_RETRY)
        elif kind == "yes/no":
            answers[key] = o.ask_yes_no(question, wording.CHECKIN_USED_RETRY)
        else:
            reply = checked_answer(question, kind)
            answers[key] = ([reply] if reply else []) if kind == "values" else reply or None
            check_answer(reply, to_stderr=True)  # a disclosure stops the questions here
    return answers


def checked_answer(question: str, kind: str) -> str:
    """One answer that the store will accept: a cue or step ("values") by the rules for
    cues, free text by the rules for notes; otherwise the reason and the question again."""
    o = out()
    while True:
        reply = o.ask(question).strip()
        problem = service.answer_problem(reply, kind)
        if problem is None:
            return reply
        o.note(words.answer_again(problem, question), style="yellow")


def situation_questions(when_: str, *, skip: set[str] = frozenset()) -> list[tuple[str, str, str]]:
    """The craving's or the lapse's questions, in the tense of ``when_`` ("now", "then",
    "lapse"), leaving out what the command line already said."""
    tense = "ask_now" if when_ == "now" else "ask_then"
    questions = [("intensity", wording.INTENSITY_QUESTION[when_], "number")]
    questions += [(d, getattr(DIMENSION_TEXT[d], tense), "values") for d in GUIDED]
    questions += [("coping", wording.COPING_QUESTION[when_], "values"), ("note", wording.NOTE_QUESTION, "text")]
    return [q for q in questions if q[0] not in skip]


def ask_when():
    """When the lapse was: Enter keeps the moment it was logged (None); natural times as
    ``--at`` takes them; a time that cannot be read says why and asks again."""
    o = out()
    while True:
        reply = o.ask(words.LAPSE_WHEN_QUESTION).strip()
        if not reply:
            return None
        try:
            return at_time(reply)
        except InputError as exc:
            o.note(words.when_again(exc.message, exc.hint), style="yellow")
