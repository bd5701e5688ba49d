"""Logging what happened: craving, lapse, checkin, quit-date."""

from __future__ import annotations

import contextlib
import os
from datetime import timedelta
from typing import Annotated

import typer

from cuelog import render, service, wording
from cuelog.cli.app import interactive, out, state
from cuelog.cli.ask import ask_each, ask_when, checked_answer, situation_questions
from cuelog.cli.crisis import Disclosure, ask_safety_item, check_answer, crisis_in, show_disclosure, stops_at_disclosure
from cuelog.cli.options import (
    Amount,
    At,
    Coping,
    Edit,
    Json,
    Note,
    Quiet,
    Substances,
    at_time,
    command,
    cue_options,
    emit,
    note_text,
    say_notices,
)
from cuelog.errors import InputError
from cuelog.render import cue_text, day_label, short_id, when
from cuelog.service import GUIDED
from cuelog.timeparse import noon, parse_day
from cuelog.wording import entries as words
from cuelog.wording import errors
from cuelog.wording import safetyplan as safety_words


def confirm_line(entry, style: str) -> list:
    label = f"{entry.kind.capitalize()}"
    if entry.intensity is not None:
        label += f" {entry.intensity}/10"
    parts: list = [(label, style), words.noted_for(when(entry.at, state.now.date()))]
    cues = cue_text(entry)
    if cues:
        parts.append(f" · {cues}")
    parts.append((f"  [{short_id(entry.id)}]", "dim"))
    return parts


def confirm_entry(entry, message: str, style: str) -> None:
    o = out()
    o.say(*confirm_line(entry, style))
    o.say((message, "italic"))


def show_plans(entry) -> None:
    if not entry.cues.items():
        return
    for plan in service.plans_matching(state.store, entry):
        out().say((words.YOUR_PLAN, "bold"), "if ", plan.label(), " then ", (plan.then, "bold"))


@command()
@cue_options
def craving(
    intensity: Annotated[int | None, typer.Argument(help="How strong, 0-10.", show_default=False)] = None,
    cues: dict | None = None,
    coping: Coping = None,
    minutes: Annotated[int | None, typer.Option("--minutes", help="How long it lasted.")] = None,
    note: Note = None,
    edit: Edit = False,
    at: At = None,
    substance: Substances = None,
    quiet: Quiet = False,
    as_json: Json = False,
) -> None:
    """Log a craving (0-10) and what was around it. With no number, on a terminal, it asks.

    Example: cuelog craving 7 --place bar --person sam --feeling lonely --coping "called a friend"
    """
    cues = dict(cues or {})
    moment = at_time(at)
    text = note_text(note, edit)
    if intensity is None:
        if quiet or not interactive():
            raise InputError(errors.MISSING_INTENSITY[0], hint=errors.MISSING_INTENSITY[1])
        answers = walk_through(cues, coping, text, then=at is not None)
        intensity, coping, text = answers.pop("intensity", None), answers.pop("coping"), answers.pop("note")
        cues = {d: v for d, v in answers.items() if v}
    entry = service.log_craving(
        state.store,
        state.now,
        intensity=intensity,
        cues=cues,
        coping=coping or [],
        minutes=minutes,
        note=text,
        at=moment,
        substances=substance,
    )

    notices = service.text_notices(service.entry_texts(entry), os.environ)
    disclosed = disclosure_first(notices, as_json=as_json, quiet=quiet)

    def human() -> None:
        confirm_entry(entry, wording.CRAVING_LOGGED, "bold cyan")
        say_notices(notices, to_stderr=False)
        if not disclosed:
            show_plans(entry)

    emit(entry.to_record(), as_json, human, quiet=quiet)
    say_notices(notices, to_stderr=True)


def disclosure_first(notices, *, as_json: bool, quiet: bool) -> bool:
    """When texts speak of self-harm: the disclosure block now, before anything else
    (on stderr under --json or --quiet). Whether there was a disclosure in this command."""
    if crisis_in(notices) and "crisis" not in state.shown:
        show_disclosure(notices, to_stderr=as_json or quiet)
    return crisis_in(notices) or "crisis" in state.shown


def walk_through(cues: dict, coping: list[str] | None, note: str | None, *, then: bool) -> dict:
    """The craving's questions on a terminal; Enter skips any of them."""
    out().note(wording.GUIDED_INTRO, style="dim")
    given = {k for k, v in {**cues, "coping": coping, "note": note}.items() if v}
    asked: dict = {}
    with stops_at_disclosure():  # what was answered before it is saved
        ask_each(situation_questions("then" if then else "now", skip=given), asked)
    answers = {**cues, **asked}
    if not answers.get("coping"):
        answers["coping"] = coping
    if not answers.get("note"):
        answers["note"] = note
    return answers


@command()
@cue_options
def lapse(
    intensity: Annotated[int | None, typer.Option("--intensity", help="Craving just before, 0-10.")] = None,
    cues: dict | None = None,
    coping: Annotated[
        list[str] | None, typer.Option("--coping", help="What you tried before the lapse (repeatable).")
    ] = None,
    amount: Amount = None,
    note: Note = None,
    edit: Edit = False,
    at: At = None,
    substance: Substances = None,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="Only the confirmation and any safety lines, on stderr; no questions."),
    ] = False,
    as_json: Json = False,
) -> None:
    """Log a lapse with its situation. Your quit date and your history stay as they are.

    Example: cuelog lapse --place "friend's flat" --person sam --feeling celebrating --at "yesterday 23:00"
    """
    moment = at_time(at)
    if not substance and not quiet and interactive():
        substance = ask_substances((moment or state.now).date())
    run_lapse(
        intensity=intensity,
        cues=cues or {},
        coping=coping or [],
        amount=amount,
        note=note_text(note, edit),
        at=moment,
        quiet=quiet,
        as_json=as_json,
        substances=substance,
    )


def ask_substances(day) -> list[str] | None:
    """With several goals in force, on a terminal: which substance(s) a use was about,
    from a numbered list (numbers or names; a name not listed is taken as typed)."""
    from cuelog.wording import goals as goal_words

    choices = service.goals_to_choose(state.store, day)
    if not choices:
        return None
    o = out()
    o.say(goal_words.WHICH_ASK)
    for i, (_, label) in enumerate(choices, 1):
        o.say(f"  {i}. {label}")
    while True:
        picked = []
        for part in o.ask(goal_words.WHICH_PROMPT).replace(";", ",").split(","):
            part = part.strip()
            if part.isdigit() and 1 <= int(part) <= len(choices):
                picked.append(choices[int(part) - 1][0])
            elif part and not part.isdigit():
                picked.append(part)
        if picked:
            return picked
        o.note(goal_words.WHICH_RETRY)


def run_lapse(
    *, intensity, cues: dict, coping: list, amount, note, at, quiet: bool, as_json: bool, substances=None
) -> None:
    """Log the lapse, then: a disclosure's block and nothing more, or the message, the
    safety lines, the 24-hour plan and (on a terminal) the questions."""
    entry = service.log_lapse(
        state.store,
        state.now,
        intensity=intensity,
        cues=cues,
        coping=coping,
        amount=amount,
        note=note,
        at=at,
        substances=substances,
        env=os.environ,
    )
    notices = service.lapse_notices(state.store, entry, os.environ)
    disclosed = disclosure_first(notices, as_json=as_json, quiet=quiet)
    o = out()
    if as_json or quiet:
        if as_json:
            o.json(entry.to_record())
        else:
            o.note("".join(p if isinstance(p, str) else p[0] for p in confirm_line(entry, "")))
        say_notices(notices, to_stderr=True)
        return
    if disclosed:  # the block said what matters; the reframe, plans and questions wait
        o.say("")
        o.say(*confirm_line(entry, "bold"))
        say_notices(notices, to_stderr=False)
        return
    # The order matters to someone who used an hour ago: the message, what keeps them
    # safe, a plan for the next day, permission to stop there, and only then the questions.
    confirm_entry(entry, wording.LAPSE_MESSAGE, "bold")
    say_notices(notices, to_stderr=False)
    show_plans(entry)
    with stopping_keeps(entry), stops_at_disclosure():
        plan_next_24_hours(entry)
        o.say("")
        o.say(wording.SKIP_UNTIL_TOMORROW)
        if not cues and interactive():  # logged with no cue: ask when, what, and the situation now
            said = {"intensity": intensity is not None, "coping": bool(coping), "note": note is not None}
            said |= {"at": at is not None, "amount": amount is not None}
            entry = ask_situation(entry, skip={key for key, given in said.items() if given})
        reflect_on(
            entry,
            words.LAPSE_QUESTIONS_HEADER,
            offer=True,
            after_lapse=True,
        )


def ask_situation(entry, skip: set[str]):
    """A lapse logged with no cue, on a terminal: when it was and what and how much was
    used (unless the command line said), then its situation, asked after the safety lines
    and the plan; each answer is saved with the lapse, even if stopped part-way."""
    o = out()
    o.say("")
    o.say((wording.LAPSE_SITUATION_INTRO, "bold"))
    if "at" not in skip:
        moment = ask_when()
        if moment is not None:
            entry = service.edit_entry(state.store, state.now, entry.id, at=moment, edited=False)
    if "amount" not in skip:
        amount = checked_answer(words.LAPSE_AMOUNT_QUESTION, "text")
        if amount:
            entry = service.edit_entry(state.store, state.now, entry.id, amount=amount, edited=False)
    answers: dict = {}
    try:
        ask_each(situation_questions("lapse", skip=skip), answers)
    finally:
        given = {k: v for k, v in answers.items() if v not in (None, [])}
        if given:
            cues = {d: given[d] for d in GUIDED if d in given}
            fields = {k: given[k] for k in ("intensity", "note") if k in given}
            entry = service.edit_entry(
                state.store, state.now, entry.id, cues=cues, coping=given.get("coping"), edited=False, **fields
            )
    return entry


@contextlib.contextmanager
def stopping_keeps(entry):
    """Ctrl-C or Ctrl-D while answering: the lapse and every answer given so far are
    already saved, so say that (not "nothing was saved") and exit 130."""
    try:
        yield
    except (KeyboardInterrupt, EOFError):
        out().note(words.lapse_stopped(short_id(entry.id)))
        state.stop_said = True
        raise typer.Exit(130) from None


def plan_next_24_hours(entry) -> None:
    """The 24-hour plan question; on a terminal the answer is saved with the lapse's answers."""
    o = out()
    o.say("")
    o.say((wording.NEXT_24_HOURS, "bold"))
    if not interactive():
        return
    reply = o.ask(words.NEXT_24_HOURS_ASK).strip()
    if not reply:
        return
    service.save_reflection(state.store, state.now, entry.id, {wording.NEXT_24_HOURS_KEY: reply})
    check_answer(reply)
    o.say(words.NEXT_24_HOURS_SAVED)


def reflect_on(entry, header: str, offer: bool, *, after_lapse: bool = False, as_json: bool = False) -> None:
    """Show the questions with any saved answers; on a terminal, offer to answer them
    now. A question already answered shows its answer and Enter keeps it."""
    o = out()
    said = service.text_notices(service.entry_texts(entry), os.environ)
    if crisis_in(said):  # crisis first; while it is recent, the questions wait
        if "crisis" not in state.shown:
            show_disclosure(said, to_stderr=False)
        moment = service.disclosure_moment(entry)
        if moment is not None and state.now - moment <= timedelta(hours=service.DISCLOSURE_HOURS):
            return
    doc = service.reflection_document(entry)
    skip = (wording.NEXT_24_HOURS_KEY,) if after_lapse else ()
    render.show_reflection(o, doc, header, skip=skip, reframe=not after_lapse)
    say_notices(said, to_stderr=False)
    if not (offer and interactive()):
        return
    answered = any(q["answer"] for q in render.reflection_questions(doc, skip))
    question = words.REFLECT_CHANGE if answered else words.REFLECT_ANSWER
    o.note("")  # the list of questions ends here
    if not o.confirm(words.reflect_offer(question)):
        o.note(words.reflect_later(short_id(entry.id)))
        return
    o.note(wording.SKIP_HINT + (words.REFLECT_ENTER_KEEPS if answered else ""))
    answers = {}
    try:
        for i, q in enumerate(render.reflection_questions(doc, skip), 1):
            if q["answer"]:
                o.say(f"{i}. {q['prompt']}")
                render.show_answer(o, q["answer"])
                reply = o.ask(words.REFLECT_NEW_ANSWER).strip()
            else:
                reply = o.ask(f"{i}. {q['prompt']}").strip()
            if reply and reply != q["answer"]:
                answers[q["key"]] = reply
                check_answer(reply)  # a disclosure: this answer is saved, the rest wait
    except (KeyboardInterrupt, EOFError, Disclosure):
        if answers:  # what was typed is kept
            service.save_reflection(state.store, state.now, entry.id, answers)
        raise
    if answers:
        service.save_reflection(state.store, state.now, entry.id, answers)
        o.say(*words.reflect_saved(short_id(entry.id)))
    else:
        o.note(words.REFLECT_UNCHANGED)


@command()
def checkin(
    craving_peak: Annotated[int | None, typer.Option("--craving", help="The day's strongest craving, 0-10.")] = None,
    feeling: Annotated[list[str] | None, typer.Option("--feeling", help="What you felt (repeatable).")] = None,
    body: Annotated[list[str] | None, typer.Option("--body", help="Body state: tired, hungry... (repeatable).")] = None,
    used: Annotated[
        bool | None,
        typer.Option("--used/--no-used", help="Whether you used that day (asked on a terminal, else required)."),
    ] = None,
    amount: Amount = None,
    substance: Substances = None,
    safety_item: Annotated[
        int | None, typer.Option("--safety", metavar="0-5", help=safety_words.SAFETY_ITEM_HELP, show_default=False)
    ] = None,
    note: Note = None,
    edit: Edit = False,
    day: Annotated[
        str | None,
        typer.Option("--date", metavar="DATE", help="Which day (default today), e.g. yesterday, monday, 2026-11-10."),
    ] = None,
    quiet: Quiet = False,
    as_json: Json = False,
) -> None:
    """The day's check-in: peak craving, how you felt, whether you used (and how much). One per date.

    With the daily safety question on (cuelog safety-plan --daily-item on) it asks that too.
    Example: cuelog checkin --craving 4 --feeling calm --no-used
    """
    now = state.now
    the_day = parse_day(day, now.date(), env=os.environ) if day else now.date()
    text = note_text(note, edit)  # --note - reads stdin; an answer typed below is the note itself
    ask_item = (
        safety_item is None
        and not (quiet or as_json)
        and interactive()
        and service.safety_item_asked(state.store, os.environ)
    )
    answers: dict = {}
    if used is None:
        if quiet or not interactive():  # an empty check-in would silence 'remind'
            raise InputError(wording.CHECKIN_NEEDS_USED, hint=wording.CHECKIN_USED_HINT)
        nothing_said = craving_peak is None and not feeling and not body and amount is None and text is None
        with stops_at_disclosure():  # a disclosure: the check-in keeps what was answered
            ask_checkin(the_day, now.date(), answers, everything=nothing_said, item=ask_item)
        used = answers["used"]
        if nothing_said:
            craving_peak, amount, text = answers.get("intensity"), answers.get("amount"), answers.get("note")
            feeling, body = answers.get("feeling"), answers.get("body")
    elif ask_item:
        with stops_at_disclosure():
            ask_item_now(answers)
    safety_item = answers.get("safety_item", safety_item)
    if used and not substance and not quiet and interactive():
        substance = ask_substances(the_day)
    entry, previous = service.check_in(
        state.store,
        now,
        day=the_day,
        craving=craving_peak,
        feeling=feeling or [],
        body=body or [],
        used=used,
        amount=amount,
        note=text,
        safety_item=safety_item,
        substances=substance,
        env=os.environ,
    )
    notices = service.checkin_notices(state.store, entry, os.environ)
    if (entry.extra.get("safety_item") or 0) > 0 and not crisis_in(notices):
        notices = service.crisis_notices(os.environ) + notices
    disclosed = disclosure_first(notices, as_json=as_json, quiet=quiet)

    changes = service.checkin_changes(previous, entry) if previous else []

    def human() -> None:
        verb = words.CHECKIN_REPLACED if previous else words.CHECKIN_SAVED
        o = out()
        if previous:
            verb = f"{verb}: {words.checkin_changed(changes)}"
        o.say(("Check-in", "bold"), words.checkin_for(day_label(the_day), verb), (f"  [{short_id(entry.id)}]", "dim"))
        if changes:
            o.note(words.CHECKIN_KEEPS, style="dim")
        say_notices(notices, to_stderr=False)

    record = entry.to_record()  # a first check-in prints the stored entry, as every writing command does
    if previous is not None:
        record.update(updated=True, previous=previous.to_record())
    emit(record, as_json, human, quiet=quiet)
    say_notices(notices, to_stderr=True)
    if used and not disclosed and not (quiet or as_json) and interactive():
        o = out()
        o.say("")
        if o.confirm(safety_words.USED_OFFER_LAPSE):
            at = now if the_day == now.date() else noon(the_day)
            what = entry.extra.get("substances")  # the check-in's substances: the lapse's too
            run_lapse(
                intensity=None,
                cues={},
                coping=[],
                amount=entry.amount,
                note=None,
                at=at,
                quiet=False,
                as_json=False,
                substances=list(what) if what else None,
            )


def ask_item_now(answers: dict) -> None:
    """The daily safety item; above 0 it is a disclosure (``Disclosure`` is raised)."""
    answers["safety_item"] = score = ask_safety_item()
    if score:
        show_disclosure(service.crisis_notices(os.environ), to_stderr=True)
        raise Disclosure


def ask_checkin(the_day, today, answers: dict, *, everything: bool, item: bool = False) -> dict:
    """On a terminal: whether the person used that day (Enter is not an answer), the
    daily safety item when it is on, and with no option given, the rest of the check-in
    too (Enter skips those). Answers go into ``answers`` as they are given."""
    days = {today: "today", today - timedelta(days=1): "yesterday"}
    asked = wording.checkin_questions(days.get(the_day) or f"on {day_label(the_day)}")
    if not everything:
        ask_each([("used", asked["used"], "yes/no")], answers)
        if item:
            ask_item_now(answers)
        return answers
    out().note(wording.CHECKIN_INTRO, style="dim")
    ask_each([("intensity", asked["intensity"], "number"), ("used", asked["used"], "yes/no")], answers)
    if item:
        ask_item_now(answers)
    if answers["used"]:
        ask_each([("amount", asked["amount"], "text")], answers)
    kinds = {"feeling": "values", "body": "values", "note": "text"}
    return ask_each([(key, asked[key], kind) for key, kind in kinds.items()], answers)


@command("quit-date")
def quit_date(
    day: Annotated[
        str | None,
        typer.Argument(metavar="[DATE]", help="The quit date, e.g. today, monday, 2026-11-01.", show_default=False),
    ] = None,
    substance: Annotated[
        str | None, typer.Option("--substance", help="What you are stopping, e.g. cocaine, alcohol.")
    ] = None,
    quiet: Quiet = False,
    as_json: Json = False,
) -> None:
    """Start an attempt on a date, or show the current one. Earlier attempts stay in history.

    Example: cuelog quit-date 2026-11-01 --substance cocaine
    """
    now = state.now
    o = out()
    if day is None:
        if substance is not None:
            raise InputError(errors.SUBSTANCE_WITHOUT_DATE[0], hint=errors.SUBSTANCE_WITHOUT_DATE[1])
        current, attempts = service.quit_attempts(state.store, now.date())
        notices = service.quit_date_notices(current, now.date(), os.environ) if current else []

        def show() -> None:
            if current is None:
                o.say(words.NO_QUIT_DATE)
                return
            say_attempt(current, now.date())
            say_notices(notices, to_stderr=False)
            if len(attempts) > 1:
                o.say(words.attempts_in_history(len(attempts)))
                for a in attempts:
                    o.say(f"  {a.quit_date.isoformat()}" + (f"  {a.substance}" if a.substance else ""))

        doc = {"current": current.to_record() if current else None, "attempts": [a.to_record() for a in attempts]}
        emit(doc, as_json, show)
        say_notices(notices, to_stderr=True)
        return
    the_day = parse_day(day, now.date(), allow_future=True, env=os.environ)
    attempt, kept = service.set_quit_date(state.store, now, the_day, substance)
    _, attempts = service.quit_attempts(state.store, now.date())
    earlier = any(a.quit_date != attempt.quit_date for a in attempts)
    notices = service.quit_date_notices(attempt, now.date(), os.environ)

    def human() -> None:
        say_attempt(attempt, now.date(), new=True)
        if kept:
            o.say(words.substance_stays(attempt.substance))
        if earlier:
            o.say(words.EARLIER_ATTEMPTS_STAY)
        say_notices(notices, to_stderr=False)

    emit(attempt.to_record(), as_json, human, quiet=quiet)
    say_notices(notices, to_stderr=True)


def say_attempt(attempt, today, new: bool = False) -> None:
    o = out()
    days = (today - attempt.quit_date).days
    what = f" ({attempt.substance})" if attempt.substance else ""
    head = words.QUIT_DATE_SET if new else words.QUIT_DATE
    o.say((head, "bold"), day_label(attempt.quit_date), what, words.quit_day_tail(days))
