"""Goals, one per substance or behaviour: goal add, list, end."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from cuelog import service
from cuelog.cli.app import app, out, state
from cuelog.cli.options import Json, Quiet, command, emit, say_notices
from cuelog.errors import InputError
from cuelog.render import day_label
from cuelog.timeparse import parse_day
from cuelog.wording import goals as words

goal_app = typer.Typer(
    help="Goals, one per substance or behaviour: stop (a quit date), cut down (a limit) or track only.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(goal_app, name="goal")

Substance = Annotated[str, typer.Argument(metavar="SUBSTANCE", help="What the goal is about, e.g. alcohol, cocaine.")]


def goal_line(goal, today) -> list:
    """'alcohol — cut down: at most 2 drinks a day, on at most 3 days a week (since Mon 7 Dec)'."""
    limit = goal.limit
    what = words.goal_what(
        goal.type,
        quit_day=day_label(goal.quit_date) if goal.quit_date else None,
        limit=words.limit_text(limit.per_day, limit.unit, limit.days_per_week) if limit else None,
    )
    tail = words.since(day_label(goal.started)) if goal.type != "stop" else ""
    if goal.type == "stop" and goal.quit_date is not None and goal.active_on(today):
        tail = words.stop_day((today - goal.quit_date).days)
    if goal.ended is not None and goal.ended <= today:
        tail += words.ended_on(day_label(goal.ended))
    return [(goal.label or words.UNNAMED, "bold"), f" — {what}{tail}"]


def goal_doc(goal, today) -> dict:
    return goal.to_record() | {"active": goal.active_on(today)}


@command("add", group=goal_app)
def goal_add(
    substance: Substance,
    quit_on: Annotated[
        str | None, typer.Option("--quit", metavar="DATE", help="Stop: the quit date (today, monday, 2026-11-01).")
    ] = None,
    limit: Annotated[
        str | None,
        typer.Option("--limit", metavar="TEXT", help='Cut down: e.g. "2 drinks/day, 3 days/week" or "3 days a week".'),
    ] = None,
    per_day: Annotated[
        float | None, typer.Option("--per-day", metavar="N", help="Cut down: at most N a day.", show_default=False)
    ] = None,
    days_per_week: Annotated[
        int | None,
        typer.Option(
            "--days-per-week", metavar="N", help="Cut down: use on at most N days a week (0-7).", show_default=False
        ),
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", metavar="TEXT", help="What --per-day counts, e.g. drinks, bags.")
    ] = None,
    track: Annotated[bool, typer.Option("--track", help="Track only: no quit date, no limit.")] = False,
    as_json: Json = False,
    quiet: Quiet = False,
) -> None:
    """Start a goal for a substance; other substances' goals go on. A newer goal for
    the same substance ends the older one (its history stays).

    Examples: cuelog goal add alcohol --limit "2 drinks/day, 3 days/week"
              cuelog goal add opioids --quit today
              cuelog goal add cannabis --track
    """
    now = state.now
    if unit is not None and per_day is None:
        raise InputError("--unit goes with --per-day")
    cut = service.read_limit(limit, per_day, days_per_week, unit)
    given = (("stop", quit_on is not None), ("cut-down", cut is not None), ("track", track))
    chosen = [kind for kind, said in given if said]
    if len(chosen) != 1:
        raise InputError(words.ONE_KIND, hint='e.g. cuelog goal add alcohol --limit "2 drinks/day"')
    kind = chosen[0]
    day = parse_day(quit_on, now.date(), allow_future=True, env=os.environ) if quit_on is not None else None
    goal = service.add_goal(state.store, now, substance, kind, quit_date=day, limit=cut)
    others = [g for g in service.goals(state.store) if g.active_on(now.date()) and g.substance != goal.substance]
    notices = []
    if kind == "stop":
        attempt = service.current_of(state.store, goal)
        notices = service.quit_date_notices(attempt, now.date(), os.environ)

    def human() -> None:
        out().say((words.GOAL_STARTED, "bold"), *goal_line(goal, now.date()))
        if others:
            out().say(words.OTHERS_GO_ON + ", ".join(g.label or words.UNNAMED for g in others) + ".")
        say_notices(notices, to_stderr=False)

    emit(goal_doc(goal, now.date()), as_json, human, quiet=quiet)
    say_notices(notices, to_stderr=True)


@command("list", group=goal_app)
def goal_list(as_json: Json = False) -> None:
    """Your goals: those in force, then earlier ones.

    Example: cuelog goal list
    """
    today = state.now.date()
    found = service.goals(state.store)
    active = [g for g in found if g.active_on(today)]
    earlier = [g for g in found if not g.active_on(today)]

    def human() -> None:
        o = out()
        if not found:
            o.say(words.NO_GOALS)
            return
        if active:
            o.say((words.ACTIVE, "bold"))
            for goal in active:
                o.say("  ", *goal_line(goal, today))
        if earlier:
            o.say((words.EARLIER, "bold"))
            for goal in earlier:
                o.say("  ", *goal_line(goal, today))

    emit({"goals": [goal_doc(g, today) for g in found]}, as_json, human)


@command("end", group=goal_app)
def goal_end(substance: Substance, as_json: Json = False, quiet: Quiet = False) -> None:
    """End the goal for a substance today. Its days and entries stay in your history.

    Example: cuelog goal end cannabis
    """
    now = state.now
    ended = service.end_goal(state.store, now, substance)

    def human() -> None:
        for goal in ended:
            out().say((words.GOAL_ENDED, "bold"), *goal_line(goal, now.date()))
        out().say(words.HISTORY_STAYS)

    emit({"goals": [goal_doc(g, now.date()) for g in ended]}, as_json, human, quiet=quiet)
