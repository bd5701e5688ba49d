"""cuelog safety-plan: the person's own plan for a crisis (Stanley & Brown's six steps
and reasons for living), and whether the daily check-in asks the safety question."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from cuelog import service
from cuelog.cli.app import interactive, out, state
from cuelog.cli.crisis import show_plan_steps
from cuelog.cli.options import Json, Quiet, command, emit
from cuelog.errors import InputError
from cuelog.render import yes_no
from cuelog.wording import safetyplan as words


def _step(field: str):
    name = "--" + field.replace("_", "-")
    return Annotated[
        list[str] | None, typer.Option(name, metavar="TEXT", help=words.STEP_HELP[field], show_default=False)
    ]


WarningSigns = _step("warning_signs")
OnMyOwn = _step("on_my_own")
Distractions = _step("distractions")
AskForHelp = _step("ask_for_help")
Professionals = _step("professionals")
Safer = _step("safer")
Reasons = _step("reasons")


@command("safety-plan")
def safety_plan(
    warning_signs: WarningSigns = None,
    on_my_own: OnMyOwn = None,
    distractions: Distractions = None,
    ask_for_help: AskForHelp = None,
    professionals: Professionals = None,
    safer: Safer = None,
    reasons: Reasons = None,
    daily_item: Annotated[
        str | None, typer.Option("--daily-item", metavar="on|off", help=words.DAILY_ITEM_HELP, show_default=False)
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help=words.CLEAR_HELP)] = False,
    quiet: Quiet = False,
    as_json: Json = False,
) -> None:
    """Your safety plan: six steps for a crisis, in your own words, and what you live for.

    With no option, on a terminal, it walks through the steps (Enter keeps what is there);
    otherwise it shows the plan. help-now shows it first.
    Example: cuelog safety-plan --on-my-own "walk to the river" --ask-for-help Ana --daily-item on
    """
    given = {
        "warning_signs": warning_signs,
        "on_my_own": on_my_own,
        "distractions": distractions,
        "ask_for_help": ask_for_help,
        "professionals": professionals,
        "safer": safer,
        "reasons": reasons,
    }
    changes = {k: v for k, v in given.items() if v is not None}
    item = None
    if daily_item is not None:
        item = words.DAILY_ITEM_WORDS.get(daily_item.strip().lower())
        if item is None:
            raise InputError(words.daily_item_bad(daily_item))
    changed = False
    if changes or item is not None or clear:
        if clear and changes:
            raise InputError(words.CLEAR_WITH_STEPS)
        plan, changed = service.set_safety_plan(state.store, state.now, changes, item, clear=clear)
    elif interactive() and not (quiet or as_json):
        plan, changed = walk_through()
    else:
        plan = service.safety_plan(state.store)
    doc = _document(plan)

    def human() -> None:
        if clear and changed:
            out().say(words.PLAN_CLEARED)
        elif changed:
            out().say((words.PLAN_SAVED, "bold"))
        elif changes or item is not None:
            out().say(words.PLAN_UNCHANGED)
        show(doc)

    emit(doc, as_json, human, quiet=quiet)


def _document(plan) -> dict:
    steps = {key: [] for key in words.STEP_LABELS if key != "reasons"}
    doc = plan.as_dict() if plan is not None else {"set": False, "steps": steps, "reasons": [], "daily_item": False}
    doc["people"] = service.people_to_ask(state.store, plan)
    doc["crisis"] = service.compact_crisis_line(os.environ)
    return doc


def show(doc: dict) -> None:
    o = out()
    if not doc["set"]:
        o.say(words.PLAN_NONE)
    else:
        show_plan_steps(doc, to_stderr=False, heading=words.PLAN_HEADING, people=doc["people"])
    o.say("  " + doc["crisis"])
    o.say(
        words.DAILY_ITEM_ON.format(question=words.SAFETY_ITEM_QUESTION) if doc["daily_item"] else words.DAILY_ITEM_OFF
    )


def walk_through():
    """Each step in turn with what it says now: Enter keeps it, '-' clears it, anything
    else replaces it (';' separates several). Then the daily question. One save."""
    o = out()
    current = service.safety_plan(state.store)
    o.note(words.PLAN_INTRO, style="dim")
    changes: dict[str, list[str]] = {}
    for field, question in words.STEP_QUESTIONS.items():
        now_items = list(current.steps.get(field, ())) if current else []
        o.say("")
        if now_items:
            o.say(words.PLAN_CURRENT.format(label=words.STEP_LABELS[field], text="; ".join(now_items)))
        reply = o.ask(question).strip()
        if reply == "-":
            changes[field] = []
        elif reply:
            changes[field] = [part.strip() for part in reply.split(";") if part.strip()]
    on = bool(current and current.daily_item)
    o.say("")
    item = None  # Enter keeps the daily question as it is
    while True:
        reply = o.ask(words.DAILY_ITEM_KEEP if on else words.DAILY_ITEM_OFFER).strip()
        item = yes_no(reply) if reply else on
        if item is not None:
            break
        o.note(words.YES_NO_ENTER, style="yellow")
    return service.set_safety_plan(state.store, state.now, changes, item)
