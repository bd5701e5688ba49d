"""What the journal shows: status, summary, reflect, outlook."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from cuelog import render, service
from cuelog.cli.app import out, state
from cuelog.cli.capture import reflect_on, stopping_keeps
from cuelog.cli.options import Json, Since, Substances, Until, check_texts, command, emit, since_time, until_time
from cuelog.render import cue_text, when
from cuelog.timeparse import parse_day
from cuelog.wording import care as care_words
from cuelog.wording import entries as words
from cuelog.wording import nudge as nudge_words


@command()
def reflect(
    entry_id: Annotated[str | None, typer.Argument(metavar="[ID]", help="A lapse's id (default: the latest).")] = None,
    as_json: Json = False,
) -> None:
    """Reflection questions for the latest lapse (or ID), with any answers saved so far.

    Example: cuelog reflect 3f2a
    """
    entry = service.latest_lapse(state.store, entry_id)
    if as_json:
        out().json(service.reflection_document(entry))
        check_texts(*(entry.reflection or {}).values(), to_stderr=True)
        return
    header = words.lapse_of(when(entry.at, state.now.date()))
    cues = cue_text(entry)
    with stopping_keeps(entry):
        reflect_on(entry, header + (f" ({cues})" if cues else "") + ":", offer=True)


@command()
def status(
    on: Annotated[
        str | None, typer.Option("--on", metavar="DATE", help="As of this date, past or future, e.g. 2026-11-20.")
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Say in full what weeks 2-4 are, and where that comes from.")
    ] = False,
    as_json: Json = False,
) -> None:
    """Where you are since your quit date: your own data first, then weeks 2-4, then safety notes.

    Example: cuelog status --on 2026-11-20
    """
    as_of = parse_day(on, state.now.date(), allow_future=True, env=os.environ) if on else state.now.date()
    view = service.status(state.store, as_of, env=os.environ, explain=explain)
    until = None if as_json else service.unlocked_until(state.store)

    def human() -> None:
        render.show_status(out(), view)
        state.shown.update(n.key for n in view.notices)
        if view.window is not None and view.window_full:
            service.mark_seen(state.store, view.window.key)
        if until is not None:
            out().say(care_words.unlocked_until(f"{until:%H:%M}"))

    # Under --json the notices are in the document itself ("notices"), for the script
    # that reads it; a status line redrawn with every prompt must not repeat them on stderr.
    emit(view.as_json(), as_json, human)


@command()
def summary(
    since: Since = None,
    until: Until = None,
    top: Annotated[int, typer.Option("--top", help="How many top cues.")] = 5,
    substance: Substances = None,
    as_json: Json = False,
) -> None:
    """Which cues go with your cravings and lapses, when, and what helped.

    Example: cuelog summary --since 30d
    """
    now = state.now
    start, end = since_time(since), until_time(until)
    doc = service.summary(
        state.store, since=start, until=end, top=top, as_of=(end or now).date(), substances=substance or ()
    )
    emit(doc, as_json, lambda: render.show_summary(out(), doc, start.date() if start else None, (end or now).date()))


@command()
def outlook(substance: Substances = None, as_json: Json = False) -> None:
    """This week's high-risk times from your own history, with your plans for them.

    Example: cuelog outlook
    """
    doc = service.outlook(state.store, state.now.date(), substance or ())
    doc["nudges"] = service.nudge_slots(doc, os.environ)

    def human() -> None:
        render.show_outlook(out(), doc)
        if doc["enough_data"]:
            names = [nudge_words.slot_name(s["weekday"], s["time_of_day"]) for s in doc["nudges"]["slots"]]
            out().say("")
            out().say((nudge_words.outlook_line(names, doc["nudges"]["on"]), "dim"))

    emit(doc, as_json, human)
