"""Help at the hardest moment: help-now (alias sos), support people, sources.

``help-now`` needs no trigger word and no journal: the crisis lines are printed
before anything is read, so a locked, encrypted or damaged journal never stands
between a person and them.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Annotated

import typer

from cuelog import render, service, settings, wording
from cuelog.cli.app import app, interactive, out, state
from cuelog.cli.crisis import crisis_in, person_text, show_disclosure
from cuelog.cli.options import Json, Quiet, check_texts, command, cue_options, emit, note_text, say_notices
from cuelog.errors import CuelogError, InputError
from cuelog.render import short_id
from cuelog.wording import errors
from cuelog.wording import plans as plan_words
from cuelog.wording import safetyplan as plan_words_safety

# -- the urge-surf clock -------------------------------------------------------------------
# CUELOG_TEST_URGE_SECONDS_PER_MINUTE=S makes one minute of help-now's timed urge-surf
# last S seconds (a float, e.g. 0.5), so the tests of the countdown and its questions run
# in seconds instead of a quarter of an hour. It exists for tests/cli/test_help_now.py,
# is read when the timer starts, and changes nothing else; unset (or not a positive
# number), a minute is sixty seconds. The other test-only hooks: CUELOG_TEST_CRASH_AT and
# CUELOG_TEST_TRACE_STEPS (store/files.py), CUELOG_TEST_SCRYPT_LOG_N (store/crypt.py).
URGE_SCALE_VARIABLE = "CUELOG_TEST_URGE_SECONDS_PER_MINUTE"
CHECK_EVERY = 5  # minutes between "how strong now?"; a shorter surf asks at thirds
MAX_SURF_MINUTES = 120
ENDED_HIGH = 7  # an urge-surf whose last rating is this or more ends with something specific
SHOWN_AT_MOST = 5  # plans and people on the one screen; the rest are a command away


def seconds_per_minute() -> float:
    try:
        value = float(os.environ.get(URGE_SCALE_VARIABLE, ""))
    except ValueError:
        return 60.0
    return value if 0 < value < 60 else 60.0


@command("help-now", aliases=("sos",))
@cue_options
def help_now(
    cues: dict | None = None,
    minutes: Annotated[
        int | None,
        typer.Option(
            "--minutes", help="How long the timed urge-surf runs, in minutes (1-120; default 15, or urge-minutes)."
        ),
    ] = None,
    as_json: Json = False,
) -> None:
    """Crisis lines, your plans and people, riding out a craving (alias: sos).

    Give the cues of the moment to see the plans for them first. On a terminal it
    offers a timed urge-surf and saves it as a craving. Example: cuelog help-now --place bar
    """
    if minutes is None:  # the urge-minutes setting (CUELOG_URGE_MINUTES, or the settings file); 15 by default
        try:
            minutes = int(settings.value(os.environ, "urge-minutes") or 15)
        except InputError:  # a bad variable must not stop help
            minutes = 15
    if not 1 <= minutes <= MAX_SURF_MINUTES:
        raise InputError(errors.surf_minutes(MAX_SURF_MINUTES, minutes))
    cues = cues or {}
    said = service.text_notices([v for values in cues.values() for v in values], os.environ)
    if as_json:
        doc, problem = _with_journal(cues)
        emit(doc | {"journal_problem": problem}, True)
        say_notices(said, to_stderr=True)
        return
    o = out()
    if crisis_in(said):  # the crisis lines, their plan and people; the urge-surf can wait
        show_disclosure(said, to_stderr=False)
        return
    # An encrypted journal may ask for its passphrase: the crisis line comes before that.
    asks_first = service.may_ask_passphrase(state.store)
    if asks_first:
        render.show_help_now_crisis(o, service.compact_crisis_line(os.environ))
    doc, problem = _with_journal(cues)
    render.show_help_now(o, doc, problem, crisis_shown=asks_first, shown_at_most=SHOWN_AT_MOST)
    say_notices(said, to_stderr=False)
    if not interactive():
        return
    o.say("")
    if o.confirm(wording.URGE_SURF_OFFER.format(minutes=minutes)):
        urge_surf(minutes, cues, doc)


def _with_journal(cues: dict) -> tuple[dict, str | None]:
    """The whole document, or the one without plans and people and why."""
    try:
        return service.help_now(state.store, os.environ, cues, now=state.now), None
    except CuelogError as exc:
        return service.help_now(None, os.environ, cues), exc.message


def _check_times(minutes: int) -> list[float]:
    """Minutes at which to ask: at the start, every five minutes (at thirds of a
    shorter surf), and at the end."""
    every = CHECK_EVERY if minutes >= 3 * CHECK_EVERY else minutes / 3
    times, t = [0.0], every
    while t < minutes - 1e-9:
        times.append(t)
        t += every
    return [*times, float(minutes)]


def urge_surf(minutes: int, cues: dict, doc: dict | None = None) -> None:
    """The timed urge-surf: a countdown, "how strong now?" along the way (Enter skips),
    then one craving saved with its peak, how long it ran and whether it passed.
    Ctrl-C (or Ctrl-D) at any point keeps what was entered so far; nothing, if nothing was."""
    o = out()
    scale = seconds_per_minute()
    o.say("")
    o.say(wording.urge_wait(minutes))
    ratings: list[int] = []
    start = time.monotonic()
    stopped = False
    times = _check_times(minutes)
    i = 0
    try:
        while i < len(times):
            _count_down(start + times[i] * scale, start + minutes * scale, scale)
            left = (start + minutes * scale - time.monotonic()) / scale * 60
            rating = o.ask_rating(wording.urge_prompt(i == 0, int(left + 0.999)), wording.INTENSITY_RETRY)
            if rating is not None:
                ratings.append(rating)
            # One check at a time: checks whose time passed while this one waited are
            # skipped, not asked back to back (the person may have walked away, as advised).
            elapsed = (time.monotonic() - start) / scale
            i += 1
            while i < len(times) and times[i] <= elapsed:
                i += 1
    except (KeyboardInterrupt, EOFError):
        stopped = True
        _clear_countdown()
    done = min(minutes, round((time.monotonic() - start) / scale))
    if not ratings:
        o.note(("\n" if stopped else "") + wording.URGE_NOTHING_RATED)
        if stopped:
            state.stop_said = True
            raise typer.Exit(130)
        return
    entry = service.log_craving(
        state.store,
        state.now,
        intensity=max(ratings),
        cues=cues,
        coping=[wording.URGE_SURF_COPING],
        minutes=done,
        note=wording.urge_surf_note(done, minutes, ratings),
    )
    from cuelog.cli.capture import confirm_line

    o.say("")
    if len(ratings) > 1:
        o.say(wording.urge_change(max(ratings), ratings[-1]))
    o.say(*confirm_line(entry, "bold cyan"))
    o.say(entry.note)
    if ratings[-1] >= ENDED_HIGH or (len(ratings) > 1 and ratings[-1] >= ratings[0]):
        ended_high(doc or {})
    if stopped:
        o.note(wording.urge_stopped(short_id(entry.id)), style="")
        state.stop_said = True
        raise typer.Exit(130)


def ended_high(doc: dict) -> None:
    """An urge-surf that ends high: the crisis line, a person with their number, and the
    safety plan's next step, not a general suggestion."""
    o = out()
    o.say("")
    o.say((plan_words_safety.SURF_ENDED_HIGH, "bold"))
    o.say("  ", (service.compact_crisis_line(os.environ), "bold"))
    person = doc.get("call_first")
    if person:
        o.say("  " + person_text(person))
    plan = doc.get("safety_plan")
    if plan:
        for key in ("distractions", "ask_for_help", "professionals", "safer"):
            if plan["steps"].get(key):
                text = f"{plan_words_safety.STEP_LABELS[key]}: " + "; ".join(plan["steps"][key])
                o.say("  " + plan_words_safety.SURF_NEXT_STEP.format(text=text))
                break


def _count_down(until: float, end: float, scale: float) -> None:
    """Wait until ``until`` (monotonic), showing on the terminal the time left to ``end``."""
    shown = sys.stderr.isatty()
    while True:
        now = time.monotonic()
        left = until - now
        if left <= 0:
            break
        if shown:
            seconds = int((end - now) / scale * 60 + 0.999)
            sys.stderr.write(wording.urge_time_left(seconds))
            sys.stderr.flush()
        time.sleep(min(left, 0.5))
    _clear_countdown()


def _clear_countdown() -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\r\x1b[2K")
        sys.stderr.flush()


# -- support people -------------------------------------------------------------------------
support_app = typer.Typer(
    help="People you can call or text when it gets hard; cuelog help-now shows them.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(support_app, name="support")

SupportId = Annotated[str, typer.Argument(metavar="ID", help="The person's id (4+ characters).")]


def person_line(person) -> list:
    parts: list = [(person.name, "bold")]
    if person.phone:
        parts.append(f"  {person.phone}")
    if person.note:
        parts.append(f"  ({person.note})")
    parts.append((f"  [{short_id(person.id)}]", "dim"))
    return parts


@command("add", group=support_app)
def support_add(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Their name, as you call them.")],
    phone: Annotated[str | None, typer.Option("--phone", metavar="TEXT", help="Their number.")] = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="A note, e.g. 'my sister, any time'; '-' reads stdin.")
    ] = None,
    quiet: Quiet = False,
    as_json: Json = False,
) -> None:
    """Save someone you can call or text when it gets hard.

    Example: cuelog support add Ana --phone "0151 234 567" --note "my sister, any time"
    """
    person = service.add_support(state.store, state.now, name, phone, note_text(note))
    typed = [person.name, person.note]

    def human() -> None:
        out().say((plan_words.PERSON_SAVED, "bold"), *person_line(person))
        out().say(plan_words.PERSON_SHOWS_UP)
        check_texts(*typed)

    emit(person.to_record(), as_json, human, quiet=quiet)
    check_texts(*typed, to_stderr=True)


@command("list", group=support_app)
def support_list(as_json: Json = False) -> None:
    """The people you saved.

    Example: cuelog support list
    """
    people = service.list_support(state.store)

    def human() -> None:
        if not people:
            out().say(wording.HELP_NOW_SUPPORT_NONE)
        for person in people:
            out().say(*person_line(person))

    emit([p.to_record() for p in people], as_json, human)


@command("remove", group=support_app)
def support_remove(person_id: SupportId, as_json: Json = False, quiet: Quiet = False) -> None:
    """Remove someone from the list.

    Example: cuelog support remove 3f2a
    """
    person = service.remove_support(state.store, person_id)
    emit(
        person.to_record(),
        as_json,
        lambda: out().say((plan_words.PERSON_REMOVED, "bold"), *person_line(person)),
        quiet=quiet,
    )


# -- sources --------------------------------------------------------------------------------
@command()
def sources(as_json: Json = False) -> None:
    """Where every general claim cuelog makes comes from, with the references. Offline.

    Example: cuelog sources
    """
    doc = service.sources_document()
    emit(doc, as_json, lambda: render.show_sources(out(), doc))
