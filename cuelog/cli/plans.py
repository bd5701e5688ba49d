"""If-then coping plans: plan add, list, edit, remove."""

from __future__ import annotations

from typing import Annotated

import typer

from cuelog import service
from cuelog.cli.app import app, out, state
from cuelog.cli.options import Json, Quiet, check_texts, command, cue_options, emit, note_text
from cuelog.render import short_id
from cuelog.wording import plans as words

plan_app = typer.Typer(
    help="If-then coping plans: if these cues show up, then this is what you do.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(plan_app, name="plan")

PlanId = Annotated[str, typer.Argument(metavar="ID", help="The plan's id (4+ characters).")]


def plan_line(plan) -> list:
    if not plan.label():  # a general plan
        return [(words.ANY_TIME.capitalize() + ": ", "bold"), plan.then, (f"  [{short_id(plan.id)}]", "dim")]
    return [("If ", "bold"), plan.label(), (" then ", "bold"), plan.then, (f"  [{short_id(plan.id)}]", "dim")]


@command("add", group=plan_app)
@cue_options
def plan_add(
    then: Annotated[str | None, typer.Argument(metavar="THEN_TEXT", help="What you will do.")] = None,
    cues: dict | None = None,
    as_json: Json = False,
    quiet: Quiet = False,
) -> None:
    """Make a plan keyed by one or more cues.

    Example: cuelog plan add --place bar --feeling lonely "leave and call my sister"
    """
    plan = service.add_plan(state.store, state.now, cues or {}, note_text(then))
    typed = plan_texts(plan)

    def human() -> None:
        out().say((words.PLAN_SAVED, "bold"), *plan_line(plan))
        out().say(words.PLAN_SHOWS_UP if plan.label() else words.PLAN_SHOWS_UP_ALWAYS)
        check_texts(*typed)

    emit(plan.to_record(), as_json, human, quiet=quiet)
    check_texts(*typed, to_stderr=True)


def plan_texts(plan) -> list[str]:
    return [plan.then, *(value for _, value in plan.cues.items())]


@command("list", group=plan_app)
def plan_list(as_json: Json = False) -> None:
    """Your plans.

    Example: cuelog plan list
    """
    plans = service.list_plans(state.store)

    def human() -> None:
        if not plans:
            out().say(words.NO_PLANS)
        for plan in plans:
            out().say(*plan_line(plan))

    emit([p.to_record() for p in plans], as_json, human)


@command("edit", group=plan_app)
@cue_options
def plan_edit(
    plan_id: PlanId,
    then: Annotated[str | None, typer.Argument(metavar="[THEN_TEXT]", help="New text for what you will do.")] = None,
    cues: dict | None = None,
    as_json: Json = False,
    quiet: Quiet = False,
) -> None:
    """Change a plan: new text, or a cue option to replace that cue list.

    Example: cuelog plan edit 3f2a "leave, then call my sister from the bus"
    """
    plan = service.edit_plan(state.store, state.now, plan_id, cues or {}, note_text(then) if then is not None else None)
    typed = plan_texts(plan)

    def human() -> None:
        out().say((words.PLAN_UPDATED, "bold"), *plan_line(plan))
        check_texts(*typed)

    emit(plan.to_record(), as_json, human, quiet=quiet)
    check_texts(*typed, to_stderr=True)


@command("remove", group=plan_app)
def plan_remove(plan_id: PlanId, as_json: Json = False, quiet: Quiet = False) -> None:
    """Remove a plan.

    Example: cuelog plan remove 3f2a
    """
    plan = service.remove_plan(state.store, plan_id)
    emit(plan.to_record(), as_json, lambda: out().say((words.PLAN_REMOVED, "bold"), *plan_line(plan)), quiet=quiet)
