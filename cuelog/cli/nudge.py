"""nudge: reach out at the person's own high-risk times, from a timer; install the timer."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from cuelog import service
from cuelog.cli.app import out, state
from cuelog.cli.options import Json, command, emit
from cuelog.errors import InputError
from cuelog.wording import nudge as words


def _self_command() -> list[str]:
    """This cuelog by its absolute path, for the timer to run (``python -m cuelog`` when
    it was started that way, or from inside another program such as a test runner)."""
    started = sys.argv[0] if sys.argv else ""
    if os.path.basename(started).startswith("cuelog") and not started.endswith(".py") and os.path.isfile(started):
        return [os.path.abspath(started)]
    return [sys.executable, "-m", "cuelog"]


@command()
def nudge(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be shown now, and why; show nothing.")
    ] = False,
    as_json: Json = False,
    snooze: Annotated[
        str | None, typer.Option("--snooze", metavar="DURATION", help="Pause nudges: 2h, 3d, 1w (0 ends a pause).")
    ] = None,
    install: Annotated[
        bool, typer.Option("--install", help="Run every 15 minutes from a systemd user timer (or say the cron line).")
    ] = False,
    uninstall: Annotated[bool, typer.Option("--uninstall", help="Remove the timer.")] = False,
) -> None:
    """At your own high-risk times (see cuelog outlook), your plan, one of your people and
    help-now; prints nothing when there is nothing to say. Opt in: cuelog config set nudges on.

    Example: cuelog nudge --dry-run
    """
    if install and uninstall:
        raise InputError(words.BOTH_INSTALL_AND_UNINSTALL)
    if install:
        _install(as_json)
        return
    if uninstall:
        _uninstall(as_json)
        return
    if snooze is not None:
        until = service.snooze_nudges(state.store, state.now, os.environ, snooze)
        text = words.snoozed(f"{until:%a %d %b %Y %H:%M}") if until else words.RESUMED
        emit({"snoozed_until": until.isoformat() if until else None}, as_json, lambda: out().say(text))
        return
    can_open = bool(state.passphrase_file or os.environ.get("CUELOG_PASSPHRASE_FILE"))
    doc = service.nudge(state.store, state.now, os.environ, can_open=can_open, dry_run=dry_run)
    if dry_run:
        doc["would_show_on"] = service.nudge_where(os.environ)
        emit(doc, as_json, lambda: _dry_run(doc))
        return
    if doc["nudge"]:
        doc["shown_on"] = service.show_nudge(state.store, os.environ, doc)
    if as_json:
        out().json(doc)
    elif doc["shown_on"] == "terminal":
        for line in doc["message"]["lines"]:
            out().say(line)


def _dry_run(doc: dict) -> None:
    o = out()
    if doc["nudge"]:
        where = words.WHERE_DESKTOP if doc["would_show_on"] == "desktop" else words.WHERE_TERMINAL
        o.say((words.DRY_RUN_WOULD.format(where=where), "bold"))
    else:
        o.say((words.DRY_RUN_NOT, "bold"), doc["why"][0])
        for reason in doc["why"][1:]:
            o.say(words.DRY_RUN_ALSO, reason)
    if doc["slot"] is not None:
        o.say(words.DRY_RUN_SLOT, doc["slot"]["evidence"])
    if doc["message"] is not None:
        if doc["would_show_on"] == "desktop":
            o.say("  ", (doc["message"]["neutral"], "bold"))
        if doc["would_show_on"] == "terminal" or doc["full_text"]:
            for line in doc["message"]["lines"]:
                o.say("  " + line)
        else:
            o.note(words.DESKTOP_NEUTRAL_NOTE)


def _install(as_json: bool) -> None:
    doc = service.install_nudges(os.environ, _self_command(), state.db or os.environ.get("CUELOG_DB"))

    def human() -> None:
        o = out()
        if doc["turned_on"]:
            o.say(words.TURNED_ON.format(cap=doc["settings"]["nudge-daily-cap"], hours=doc["settings"]["quiet-hours"]))
        if doc["systemd"]:
            o.say(words.installed_units(*doc["written"]))
            o.say(words.START_WITH)
            o.say("  ", (doc["start"], "bold"), wrap=False)
        else:
            o.say(words.NO_SYSTEMD)
            o.say("  ", (doc["cron"], "bold"), wrap=False)

    emit(doc, as_json, human)


def _uninstall(as_json: bool) -> None:
    doc = service.uninstall_nudges(os.environ)

    def human() -> None:
        o = out()
        if doc["removed"]:
            o.say(words.removed(doc["removed"]))
            o.say(words.STOP_WITH)
            o.say("  ", (doc["stop"], "bold"), wrap=False)
        else:
            o.say(words.NOTHING_TO_REMOVE)
        if not doc["systemd"] or not doc["removed"]:
            o.say(words.CRON_REMOVE)

    emit(doc, as_json, human)
