"""A disclosure stops everything else.

When a text speaks of self-harm (a note, a cue, an answer) or the daily safety item is
above 0, what comes next is always the same, whatever the command: the crisis lines
first, a word that the rest can wait, the person's own safety plan, their people with
numbers, and one line on distance from the means tonight. No reframe, no plan and no
further question comes before it; the questions that were left are not asked.
"""

from __future__ import annotations

import contextlib
import os

from cuelog import service
from cuelog.cli.app import out, state
from cuelog.cli.options import say_notices
from cuelog.wording import safetyplan as words


class Disclosure(Exception):
    """Raised by ``check_answer`` after the disclosure block: stop asking."""


def crisis_in(notices) -> bool:
    return any(n.key == "crisis" for n in notices)


def _line(text: str, style: str = "", *, to_stderr: bool) -> None:
    if to_stderr:
        out().note(text, style=style)
    else:
        out().say((text, style) if style else text)


def show_disclosure(notices, *, to_stderr: bool) -> None:
    """The crisis block (and an emergency line, if the texts call for one), then the rest
    can wait, the safety plan, people, the means. Other notices stay with the caller."""
    first = [n for n in notices if n.key in ("crisis", "overdose-emergency")]
    if not crisis_in(first):
        first = service.crisis_notices(os.environ) + first
    say_notices(first, to_stderr=to_stderr)
    state.shown.add("crisis")
    doc = service.disclosure_document(state.store, os.environ)
    _line("", to_stderr=to_stderr)
    _line(words.THE_REST_CAN_WAIT, to_stderr=to_stderr)
    show_plan_steps(doc["plan"], to_stderr=to_stderr, skip=("ask_for_help",))  # the people follow
    people = doc["people"]
    if people:
        _line("", to_stderr=to_stderr)
        _line(words.DISCLOSURE_PEOPLE, "bold", to_stderr=to_stderr)
        for person in people:
            _line("  " + person_text(person), to_stderr=to_stderr)
    _line("", to_stderr=to_stderr)
    _line(words.MEANS_TONIGHT, to_stderr=to_stderr)


def show_plan_steps(
    plan: dict | None,
    *,
    to_stderr: bool,
    heading: str = words.DISCLOSURE_PLAN,
    people: list | None = None,
    skip: tuple[str, ...] = (),
) -> None:
    """Each step that has a text, in order, then the reasons; with ``people``, step 4
    shows each person with the number saved for them."""
    if not plan or not plan.get("set"):
        return
    _line("", to_stderr=to_stderr)
    _line(heading, "bold", to_stderr=to_stderr)
    for key, items in [*plan["steps"].items(), ("reasons", plan["reasons"])]:
        if key in skip:
            continue
        if key == "ask_for_help" and items and people:
            items = [f"{p['name']} {p['phone']}" if p.get("phone") else p["name"] for p in people]
        if items:
            _line(f"  {words.STEP_LABELS[key]}: " + "; ".join(items), to_stderr=to_stderr)


def person_text(person: dict) -> str:
    if person.get("phone"):
        return words.CALL_PERSON.format(name=person["name"], phone=person["phone"])
    return words.CALL_PERSON_NO_NUMBER.format(name=person["name"])


def check_answer(*texts: str | None, to_stderr: bool = False) -> None:
    """For an answer just typed: the crisis path (then ``Disclosure``) or any other
    lines its text calls for."""
    notices = service.text_notices(texts, os.environ)
    if crisis_in(notices):
        show_disclosure(notices, to_stderr=to_stderr)
        raise Disclosure
    say_notices(notices, to_stderr=to_stderr)


@contextlib.contextmanager
def stops_at_disclosure():
    """Questions stop at a disclosure; what was answered is already saved."""
    with contextlib.suppress(Disclosure):
        yield


def ask_safety_item() -> int | None:
    """The daily item, 0-5; Enter skips it."""
    o = out()
    while True:
        reply = o.ask(words.SAFETY_ITEM_QUESTION).strip()
        if not reply:
            return None
        if reply.isdigit() and 0 <= int(reply) <= 5:
            return int(reply)
        o.note(words.SAFETY_ITEM_RETRY, style="yellow")
