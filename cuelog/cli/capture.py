"""Logging what happened: craving, lapse, checkin, quit-date."""

from __future__ import annotations

from typing import Annotated

import typer

from cuelog import render, service, wording
from cuelog.cli.app import interactive, out, state
from cuelog.cli.options import At, Coping, Json, Note, at_time, command, cue_options, emit, note_text
from cuelog.errors import InputError
from cuelog.render import cue_text, day_label, short_id, when
from cuelog.timeparse import parse_day
from cuelog.wording import plural


def confirm_entry(entry, message: str, style: str) -> None:
    o = out()
    label = f"{entry.kind.capitalize()}"
    if entry.intensity is not None:
        label += f" {entry.intensity}/10"
    parts: list = [(label, style), f" noted for {when(entry.at, state.now.date())}"]
    cues = cue_text(entry)
    if cues:
        parts.append(f" · {cues}")
    parts.append((f"  [{short_id(entry.id)}]", "dim"))
    o.say(*parts)
    o.say((message, "italic"))
    crisis_check(entry.note)


def crisis_check(*texts) -> None:
    if wording.mentions_self_harm(*texts):
        out().say((wording.CRISIS_LINE, "bold red"))


def show_plans(entry) -> None:
    if not entry.cues.items():
        return
    for plan in service.plans_matching(state.store, entry):
        out().say(("Your plan: ", "bold green"), "if ", plan.label(), " then ", (plan.then, "green"))


@command()
@cue_options
def craving(
    intensity: Annotated[int | None, typer.Argument(help="How strong, 0-10.", show_default=False)] = None,
    cues: dict | None = None,
    coping: Coping = None,
    minutes: Annotated[int | None, typer.Option("--minutes", help="How long it lasted.")] = None,
    note: Note = None,
    at: At = None,
    as_json: Json = False,
) -> None:
    """Log a craving (0-10) and what was around it. With no number, on a terminal, it asks.

    Example: cuelog craving 7 --place bar --person sam --feeling lonely --coping "called a friend"
    """
    cues = dict(cues or {})
    moment = at_time(at)
    text = note_text(note)
    if intensity is None:
        if not interactive():
            raise InputError("missing INTENSITY (0-10)", hint="e.g. cuelog craving 6 --place home")
        answers = walk_through(cues, coping, text)
        intensity, coping, text = answers.pop("intensity"), answers.pop("coping"), answers.pop("note")
        cues = answers
    entry = service.log_craving(
        state.store,
        state.now,
        intensity=intensity,
        cues=cues,
        coping=coping or [],
        minutes=minutes,
        note=text,
        at=moment,
    )

    def human() -> None:
        confirm_entry(entry, wording.CRAVING_LOGGED, "bold cyan")
        show_plans(entry)

    emit(entry.to_record(), as_json, human)


def walk_through(cues: dict, coping: list[str] | None, note: str | None) -> dict:
    """Ask the craving questions on a terminal; Enter skips any of them."""
    o = out()
    o.note("A few questions; press Enter to skip any.", style="dim")
    answers: dict = dict(cues)
    for key, question in wording.CRAVING_QUESTIONS:
        if key in answers or (key == "coping" and coping) or (key == "note" and note):
            continue
        while True:
            reply = o.ask(question).strip()
            if key != "intensity" or not reply:
                break
            if reply.isdigit() and 0 <= int(reply) <= 10:
                break
            o.note("Please give a whole number from 0 to 10, or press Enter to skip.", style="yellow")
        if key == "intensity":
            answers[key] = int(reply) if reply else None
        elif key == "note":
            answers[key] = reply or None
        else:
            answers[key] = [v for v in reply.split(",") if v.strip()]
    answers.setdefault("coping", coping)
    answers.setdefault("note", note)
    return answers


@command()
@cue_options
def lapse(
    intensity: Annotated[int | None, typer.Option("--intensity", help="Craving just before, 0-10.")] = None,
    cues: dict | None = None,
    note: Note = None,
    at: At = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="Only confirm; no reflection prompts.")] = False,
    as_json: Json = False,
) -> None:
    """Log a lapse with its situation. Your count since the quit date is not reset.

    Example: cuelog lapse --place "friend's flat" --person sam --feeling celebrating --at "yesterday 23:00"
    """
    entry = service.log_lapse(
        state.store, state.now, intensity=intensity, cues=cues or {}, note=note_text(note), at=at_time(at)
    )
    if as_json:
        out().json(entry.to_record())
        return
    confirm_entry(entry, wording.LAPSE_LOGGED, "bold magenta")
    show_plans(entry)
    if not quiet:
        reflect_on(entry, "Some questions about the situation, to look at when you are ready:", offer=True)


def reflect_on(entry, header: str, offer: bool) -> None:
    """Show the prompts; on a terminal, offer to answer them now and save the answers."""
    o = out()
    render.show_reflection(o, service.reflection_document(entry), header)
    crisis_check(*(entry.reflection or {}).values())
    if not (offer and interactive()):
        return
    if not o.confirm("Answer them now? (you can come back any time with 'cuelog reflect')"):
        o.note(f"They will keep: cuelog reflect {short_id(entry.id)}")
        return
    o.note(wording.SKIP_HINT)
    answers = {}
    for i, prompt in enumerate(service.reflection_prompts(entry), 1):
        reply = o.ask(f"{i}. {prompt.text}").strip()
        if reply:
            answers[prompt.key] = reply
    if answers:
        service.save_reflection(state.store, state.now, entry.id, answers)
        o.say(("Saved your answers.", "green"), f" See them again with: cuelog reflect {short_id(entry.id)}")
        crisis_check(*answers.values())
    else:
        o.note("Nothing saved; the questions will keep.")


@command()
def checkin(
    craving_peak: Annotated[int | None, typer.Option("--craving", help="The day's strongest craving, 0-10.")] = None,
    feeling: Annotated[list[str] | None, typer.Option("--feeling", help="What you felt (repeatable).")] = None,
    body: Annotated[list[str] | None, typer.Option("--body", help="Body state: tired, hungry... (repeatable).")] = None,
    used: Annotated[bool | None, typer.Option("--used/--no-used", help="Whether you used that day.")] = None,
    note: Note = None,
    day: Annotated[
        str | None,
        typer.Option("--date", metavar="DATE", help="Which day (default today), e.g. yesterday, monday, 2026-11-10."),
    ] = None,
    as_json: Json = False,
) -> None:
    """The day's check-in: peak craving, how you felt, whether you used. One per date.

    Example: cuelog checkin --craving 4 --feeling calm --no-used
    """
    import os

    now = state.now
    the_day = parse_day(day, now.date(), env=os.environ) if day else now.date()
    entry, previous = service.check_in(
        state.store,
        now,
        day=the_day,
        craving=craving_peak,
        feeling=feeling or [],
        body=body or [],
        used=used,
        note=note_text(note),
    )

    def human() -> None:
        verb = "updated (it replaces the earlier one)" if previous else "saved"
        out().say(("Check-in", "bold green"), f" for {day_label(the_day)} {verb}", (f"  [{short_id(entry.id)}]", "dim"))
        crisis_check(entry.note)

    emit(entry.to_record(), as_json, human)


@command("quit-date")
def quit_date(
    day: Annotated[
        str | None,
        typer.Argument(metavar="[DATE]", help="The quit date, e.g. today, monday, 2026-11-01.", show_default=False),
    ] = None,
    substance: Annotated[
        str | None, typer.Option("--substance", help="What you are stopping, e.g. cocaine, alcohol.")
    ] = None,
    as_json: Json = False,
) -> None:
    """Start an attempt on a date, or show the current one. Earlier attempts stay in history.

    Example: cuelog quit-date 2026-11-01 --substance cocaine
    """
    import os

    now = state.now
    o = out()
    if day is None:
        if substance is not None:
            raise InputError("--substance goes with a DATE", hint="e.g. cuelog quit-date today --substance alcohol")
        current, attempts = service.quit_attempts(state.store, now.date())

        def show() -> None:
            if current is None:
                o.say("No quit date yet. Set one with: cuelog quit-date YYYY-MM-DD [--substance NAME]")
                return
            say_attempt(current, now.date())
            if len(attempts) > 1:
                o.say(f"Attempts in your history: {len(attempts)}")
                for a in attempts:
                    o.say(f"  {a.quit_date.isoformat()}" + (f"  {a.substance}" if a.substance else ""))

        doc = {"current": current.to_record() if current else None, "attempts": [a.to_record() for a in attempts]}
        emit(doc, as_json, show)
        return
    the_day = parse_day(day, now.date(), allow_future=True, env=os.environ)
    attempt, kept = service.set_quit_date(state.store, now, the_day, substance)

    def human() -> None:
        say_attempt(attempt, now.date(), new=True)
        if kept:
            out().say(
                f"The substance stays {attempt.substance}; --substance '' clears it, --substance NAME changes it."
            )

    emit(attempt.to_record(), as_json, human)


def say_attempt(attempt, today, new: bool = False) -> None:
    o = out()
    days = (today - attempt.quit_date).days
    what = f" ({attempt.substance})" if attempt.substance else ""
    head = "Quit date set: " if new else "Quit date: "
    if days >= 0:
        tail = f" — day {days}, week {days // 7 + 1}."
    else:
        tail = f" — {plural(-days, 'day')} from now."
    o.say((head, "bold"), day_label(attempt.quit_date), what, tail)
    if new:
        o.say("Earlier attempts stay in your history.")
    if wording.needs_clinician_notice(attempt.substance):
        o.say((wording.CLINICIAN_NOTICE, "yellow"))
