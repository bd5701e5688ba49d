"""The command line: parse, call the service, render. Nothing else lives here."""

import copy
import gc
import os
import sys
from datetime import datetime
from typing import Annotated

import typer

from cuelog import __version__, render, service, wording
from cuelog.errors import CuelogError, InputError, StoreError
from cuelog.render import Output, cue_text, day_label, entry_row, short_id, when
from cuelog.store import Store, resolve_path
from cuelog.timeparse import parse_day, parse_since, parse_until, parse_when
from cuelog.wording import plural

app = typer.Typer(
    name="cuelog",
    help="A private relapse-prevention journal: log cravings and lapses with their cues.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    # Plain help: rich-formatted help costs about 100 ms of start-up on every --help.
    rich_markup_mode=None,
)


class State:
    """What the global options decide, shared by every command."""

    def __init__(self) -> None:
        self.db: str | None = None
        self.out: Output | None = None
        self._now: datetime | None = None
        self.passphrase_file: str | None = None
        self._store: Store | None = None
        self.state_dir = None  # the demo keeps its device id in its own temp folder

    @property
    def store(self) -> Store:
        if self._store is None or self._store.path != resolve_path(self.db):
            self._store = Store(
                resolve_path(self.db), passphrase=self.passphrase, now=lambda: self.now, state_dir=self.state_dir
            )
        return self._store

    def passphrase(self, purpose: str) -> str:
        """From --passphrase-file / CUELOG_PASSPHRASE_FILE, else a prompt on a terminal.
        Never from the command line itself, where it would land in shell history.
        ``purpose`` is "open" (an existing key) or "new" (encrypting: asked twice)."""
        source = self.passphrase_file or os.environ.get("CUELOG_PASSPHRASE_FILE")
        if source:
            try:
                with open(os.path.expanduser(source), encoding="utf-8") as handle:
                    phrase = handle.readline().rstrip("\r\n")
            except (OSError, UnicodeDecodeError) as exc:
                raise StoreError(f"cannot read the passphrase file {source}: {getattr(exc, 'strerror', exc)}") from None
            if not phrase:
                raise StoreError(f"the passphrase file {source} is empty")
            return phrase
        if not interactive():
            if purpose == "new":
                raise InputError(
                    "encrypting needs a passphrase, and there is no terminal to ask for one",
                    hint="run 'cuelog encrypt' in a terminal, or give --passphrase-file FILE",
                )
            raise StoreError(
                "the journal is encrypted and no passphrase was given",
                hint="use --passphrase-file FILE or set CUELOG_PASSPHRASE_FILE, or run 'cuelog unlock' first",
            )
        import getpass

        from cuelog.store.crypt import MIN_PASSPHRASE

        if purpose != "new":
            return getpass.getpass("Passphrase for your cuelog journal: ", stream=sys.stderr)
        for _ in range(3):
            phrase = getpass.getpass("A passphrase for your cuelog journal: ", stream=sys.stderr)
            if len(phrase) < MIN_PASSPHRASE:
                print(
                    f"It needs at least {MIN_PASSPHRASE} characters; a few unrelated words work well.", file=sys.stderr
                )
                continue
            if getpass.getpass("The same passphrase again: ", stream=sys.stderr) == phrase:
                return phrase
            print("The two did not match; please try again.", file=sys.stderr)
        raise InputError("no passphrase was confirmed; nothing was changed")

    @property
    def now(self) -> datetime:
        # The one clock read. CUELOG_NOW pins it, for tests and reproducible demos.
        if self._now is None:
            pinned = os.environ.get("CUELOG_NOW")
            try:
                self._now = (datetime.fromisoformat(pinned) if pinned else datetime.now()).astimezone()
            except ValueError:
                raise InputError(f"CUELOG_NOW={pinned!r} is not an ISO date-time") from None
        return self._now


state = State()


def out() -> Output:
    if state.out is None:
        state.out = Output()
    return state.out


def interactive() -> bool:
    return sys.stdin.isatty()


def _version(value: bool) -> None:
    if value:
        print(f"cuelog {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    db: Annotated[
        str | None,
        typer.Option("--db", metavar="PATH", help="Store file (default: $CUELOG_DB, else the per-user data folder)."),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on unexpected errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    passphrase_file: Annotated[
        str | None,
        typer.Option(
            "--passphrase-file", metavar="FILE", help="Passphrase of an encrypted journal (first line of FILE)."
        ),
    ] = None,
) -> None:
    """A private relapse-prevention journal: log cravings and lapses with their cues.

    Example: cuelog craving 6 --place "bus stop" --feeling bored
    """
    state.db = db
    state.passphrase_file = passphrase_file


# Options shared by several commands (repeatable cue options, times, --json).
Place = Annotated[list[str] | None, typer.Option("--place", help="Where (repeatable).")]
Person = Annotated[list[str] | None, typer.Option("--person", help="Who was there (repeatable).")]
Feeling = Annotated[list[str] | None, typer.Option("--feeling", help="What you felt (repeatable).")]
Body = Annotated[list[str] | None, typer.Option("--body", help="Body state: tired, hungry... (repeatable).")]
Activity = Annotated[list[str] | None, typer.Option("--activity", help="Activity or routine (repeatable).")]
Tag = Annotated[list[str] | None, typer.Option("--tag", help="Any label of your own (repeatable).")]
Coping = Annotated[list[str] | None, typer.Option("--coping", help="What you did or tried (repeatable).")]
Note = Annotated[str | None, typer.Option("--note", help="Free text; '-' reads it from stdin.")]
At = Annotated[
    str | None,
    typer.Option(
        "--at", metavar="WHEN", help="When it happened: 21:30, 'yesterday 21:30', '2h ago', 2026-11-10 21:30."
    ),
]
Since = Annotated[
    str | None,
    typer.Option("--since", metavar="WHEN", help="From this time or date; '30d' = the last 30 days."),
]
Until = Annotated[
    str | None,
    typer.Option("--until", metavar="WHEN", help="Up to this time; a date includes the whole day."),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


def _cues(**given: list[str] | None) -> dict[str, list[str]]:
    """The cue options that were given (an empty list when given as '')."""
    return {dim: values for dim, values in given.items() if values is not None}


def _note(value: str | None) -> str | None:
    if value != "-":
        return value
    if interactive():
        out().note("Type the note, then press Ctrl-D on a new line.")
    return sys.stdin.read()


def _at(value: str | None) -> datetime | None:
    return parse_when(value, state.now) if value else None


def _confirm_entry(entry, message: str, style: str) -> None:
    o = out()
    today = state.now.date()
    label = f"{entry.kind.capitalize()}"
    if entry.intensity is not None:
        label += f" {entry.intensity}/10"
    parts: list = [(label, style), f" noted for {when(entry.at, today)}"]
    cues = cue_text(entry)
    if cues:
        parts.append(f" · {cues}")
    parts.append((f"  [{short_id(entry.id)}]", "dim"))
    o.say(*parts)
    o.say((message, "italic"))
    _crisis_check(entry.note)


@app.command()
def craving(
    intensity: Annotated[int | None, typer.Argument(help="How strong, 0-10.", show_default=False)] = None,
    place: Place = None,
    person: Person = None,
    feeling: Feeling = None,
    body: Body = None,
    activity: Activity = None,
    tag: Tag = None,
    coping: Coping = None,
    minutes: Annotated[int | None, typer.Option("--minutes", help="How long it lasted.")] = None,
    note: Note = None,
    at: At = None,
    as_json: Json = False,
) -> None:
    """Log a craving (0-10) and what was around it. With no number, on a terminal, it asks.

    Example: cuelog craving 7 --place bar --person sam --feeling lonely --coping "called a friend"
    """
    cues = _cues(place=place, person=person, feeling=feeling, body=body, activity=activity, tag=tag)
    moment = _at(at)
    note_text = _note(note)
    if intensity is None:
        if not interactive():
            raise InputError("missing INTENSITY (0-10)", hint="e.g. cuelog craving 6 --place home")
        answers = _walk_through(cues, coping, note_text)
        intensity, coping, note_text = answers.pop("intensity"), answers.pop("coping"), answers.pop("note")
        cues = answers
    entry = service.log_craving(
        state.store,
        state.now,
        intensity=intensity,
        cues=cues,
        coping=coping or [],
        minutes=minutes,
        note=note_text,
        at=moment,
    )
    if as_json:
        out().json(entry.to_record())
    else:
        _confirm_entry(entry, wording.CRAVING_LOGGED, "bold cyan")
        _show_plans(entry)


def _show_plans(entry) -> None:
    if not entry.cues.items():
        return
    for plan in service.plans_matching(state.store, entry):
        out().say(("Your plan: ", "bold green"), "if ", plan.label(), " then ", (plan.then, "green"))


def _walk_through(cues: dict, coping: list[str] | None, note: str | None) -> dict:
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


@app.command()
def lapse(
    intensity: Annotated[int | None, typer.Option("--intensity", help="Craving just before, 0-10.")] = None,
    place: Place = None,
    person: Person = None,
    feeling: Feeling = None,
    body: Body = None,
    activity: Activity = None,
    tag: Tag = None,
    note: Note = None,
    at: At = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="Only confirm; no reflection prompts.")] = False,
    as_json: Json = False,
) -> None:
    """Log a lapse with its situation. Your count since the quit date is not reset.

    Example: cuelog lapse --place "friend's flat" --person sam --feeling celebrating --at "yesterday 23:00"
    """
    cues = _cues(place=place, person=person, feeling=feeling, body=body, activity=activity, tag=tag)
    entry = service.log_lapse(state.store, state.now, intensity=intensity, cues=cues, note=_note(note), at=_at(at))
    if as_json:
        out().json(entry.to_record())
        return
    _confirm_entry(entry, wording.LAPSE_LOGGED, "bold magenta")
    _show_plans(entry)
    if not quiet:
        _reflect_on(entry, "Some questions about the situation, to look at when you are ready:", offer=True)


def _reflect_on(entry, header: str, offer: bool) -> None:
    """Show the prompts; on a terminal, offer to answer them now and save the answers."""
    from cuelog.analysis.prompts import SKIP_HINT, build_prompts, reflection_document

    o = out()
    render.show_reflection(o, reflection_document(entry), header)
    _crisis_check(*(entry.reflection or {}).values())
    if not (offer and interactive()):
        return
    if not o.confirm("Answer them now? (you can come back any time with 'cuelog reflect')"):
        o.note(f"They will keep: cuelog reflect {short_id(entry.id)}")
        return
    o.note(SKIP_HINT)
    answers = {}
    for i, prompt in enumerate(build_prompts(entry), 1):
        reply = o.ask(f"{i}. {prompt.text}").strip()
        if reply:
            answers[prompt.key] = reply
    if answers:
        service.save_reflection(state.store, state.now, entry.id, answers)
        o.say(("Saved your answers.", "green"), f" See them again with: cuelog reflect {short_id(entry.id)}")
        _crisis_check(*answers.values())
    else:
        o.note("Nothing saved; the questions will keep.")


def _crisis_check(*texts) -> None:
    if wording.mentions_self_harm(*texts):
        out().say((wording.CRISIS_LINE, "bold red"))


@app.command()
def reflect(
    entry_id: Annotated[str | None, typer.Argument(metavar="[ID]", help="A lapse's id (default: the latest).")] = None,
    as_json: Json = False,
) -> None:
    """Reflection questions for the latest lapse (or ID), with any answers saved so far.

    Example: cuelog reflect 3f2a
    """
    from cuelog.analysis.prompts import reflection_document

    entry = service.latest_lapse(state.store, entry_id)
    if as_json:
        out().json(reflection_document(entry))
        return
    header = f"The lapse of {when(entry.at, state.now.date())}"
    cues = cue_text(entry)
    _reflect_on(entry, header + (f" ({cues})" if cues else "") + ":", offer=True)


@app.command()
def status(
    on: Annotated[str | None, typer.Option("--on", metavar="DATE", help="As of this date, past or future.")] = None,
    as_json: Json = False,
) -> None:
    """Where you are since your quit date, and the weeks 2-4 window.

    Example: cuelog status --on 2026-11-20
    """
    from cuelog.analysis.windows import compare_window

    as_of = parse_day(on, state.now.date(), allow_future=True) if on else state.now.date()
    doc, phases = service.status(state.store, as_of)
    if as_json:
        out().json(doc | {"phases": [p.as_dict() for p in phases]})
        return
    render.show_status(out(), doc, phases, compare_window(phases) if phases else None)


@app.command()
def summary(
    since: Since = None,
    until: Until = None,
    top: Annotated[int, typer.Option("--top", help="How many top cues.")] = 5,
    as_json: Json = False,
) -> None:
    """Which cues go with your cravings and lapses, when, and what helped.

    Example: cuelog summary --since 30d
    """
    now = state.now
    start = parse_since(since, now) if since else None
    end = parse_until(until, now) if until else None
    doc = service.summary(state.store, since=start, until=end, top=top, as_of=(end or now).date())
    if as_json:
        out().json(doc)
        return
    render.show_summary(out(), doc, start.date() if start else None, (end or now).date())


@app.command()
def checkin(
    craving_peak: Annotated[int | None, typer.Option("--craving", help="The day's strongest craving, 0-10.")] = None,
    feeling: Feeling = None,
    body: Body = None,
    used: Annotated[bool | None, typer.Option("--used/--no-used", help="Whether you used that day.")] = None,
    note: Note = None,
    day: Annotated[
        str | None,
        typer.Option("--date", metavar="DATE", help="Which day (default today): 2026-11-10, yesterday."),
    ] = None,
    as_json: Json = False,
) -> None:
    """The day's check-in: peak craving, how you felt, whether you used. One per date.

    Example: cuelog checkin --craving 4 --feeling calm --no-used
    """
    now = state.now
    the_day = parse_day(day, now.date()) if day else now.date()
    entry, previous = service.check_in(
        state.store,
        now,
        day=the_day,
        craving=craving_peak,
        feeling=feeling or [],
        body=body or [],
        used=used,
        note=_note(note),
    )
    if as_json:
        out().json(entry.to_record())
        return
    o = out()
    verb = "updated (it replaces the earlier one)" if previous else "saved"
    o.say(("Check-in", "bold green"), f" for {day_label(the_day)} {verb}", (f"  [{short_id(entry.id)}]", "dim"))
    _crisis_check(entry.note)


@app.command(name="quit-date")
def quit_date(
    day: Annotated[
        str | None,
        typer.Argument(metavar="[DATE]", help="The quit date: 2026-11-01, today, yesterday.", show_default=False),
    ] = None,
    substance: Annotated[
        str | None, typer.Option("--substance", help="What you are stopping, e.g. cocaine, alcohol.")
    ] = None,
    as_json: Json = False,
) -> None:
    """Start an attempt on a date, or show the current one. Earlier attempts stay in history.

    Example: cuelog quit-date 2026-11-01 --substance cocaine
    """
    now = state.now
    o = out()
    if day is None:
        if substance is not None:
            raise InputError("--substance goes with a DATE", hint="e.g. cuelog quit-date today --substance alcohol")
        current, attempts = service.quit_attempts(state.store, now.date())
        if as_json:
            o.json(
                {
                    "current": current.to_record() if current else None,
                    "attempts": [a.to_record() for a in attempts],
                }
            )
            return
        if current is None:
            o.say("No quit date yet. Set one with: cuelog quit-date YYYY-MM-DD [--substance NAME]")
            return
        _say_attempt(current, now.date())
        if len(attempts) > 1:
            o.say(f"Attempts in your history: {len(attempts)}")
            for a in attempts:
                o.say(f"  {a.quit_date.isoformat()}" + (f"  {a.substance}" if a.substance else ""))
        return
    the_day = parse_day(day, now.date(), allow_future=True)
    attempt = service.set_quit_date(state.store, now, the_day, substance)
    if as_json:
        o.json(attempt.to_record())
        return
    _say_attempt(attempt, now.date(), new=True)


def _say_attempt(attempt, today, new: bool = False) -> None:
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


@app.command(name="list")
def list_(
    since: Since = None,
    until: Until = None,
    kind: Annotated[str | None, typer.Option("--kind", help="craving, lapse or checkin.")] = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", help="At most N entries (default 20 in text, all in JSON; 0 = all)."),
    ] = None,
    as_json: Json = False,
) -> None:
    """Entries, newest first.

    Example: cuelog list --since 7d --kind craving
    """
    now = state.now
    if limit is not None and limit < 0:
        raise InputError("--limit must be 0 (all) or more")
    if limit is None and not as_json:
        limit = 20
    entries = service.list_entries(
        state.store,
        since=parse_since(since, now) if since else None,
        until=parse_until(until, now) if until else None,
        kind=kind,
        limit=(limit + 1) if limit else None,
    )
    more = bool(limit) and len(entries) > limit
    entries = entries[:limit] if limit else entries
    o = out()
    if as_json:
        o.json([e.to_record() for e in entries])
        return
    if not entries:
        o.say("No entries here yet. Log one with: cuelog craving 5 --place home")
        return
    o.table(["id", "when", "what", "int.", "cues", "note"], [entry_row(e, now.date()) for e in entries])
    if more:
        o.note(f"Showing the newest {limit}; use --limit 0 for all.")


@app.command()
def edit(
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="The entry's id (4+ characters).")],
    intensity: Annotated[int | None, typer.Option("--intensity", help="0-10.")] = None,
    place: Place = None,
    person: Person = None,
    feeling: Feeling = None,
    body: Body = None,
    activity: Activity = None,
    tag: Tag = None,
    coping: Coping = None,
    note: Note = None,
    at: At = None,
    as_json: Json = False,
) -> None:
    """Change one entry. A cue option replaces that whole list ('' empties it).

    Example: cuelog edit 3f2a --place "the bar" --note "after the match"
    """
    cues = _cues(place=place, person=person, feeling=feeling, body=body, activity=activity, tag=tag)
    fields: dict = {}
    if intensity is not None:
        fields["intensity"] = intensity
    if note is not None:
        fields["note"] = _note(note)
    entry = service.edit_entry(state.store, state.now, entry_id, cues=cues, coping=coping, at=_at(at), **fields)
    if as_json:
        out().json(entry.to_record())
        return
    out().say(
        ("Updated", "bold"),
        f" {entry.kind} of {when(entry.at, state.now.date())}",
        (f"  [{short_id(entry.id)}]", "dim"),
    )
    _crisis_check(fields.get("note"))


@app.command()
def delete(
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="The entry's id (4+ characters).")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
    as_json: Json = False,
) -> None:
    """Remove one entry. Asks first on a terminal; needs --yes otherwise.

    Example: cuelog delete 3f2a --yes
    """
    o = out()
    entry = service.get_entry(state.store, entry_id)
    if not yes:
        if not interactive():
            raise InputError("delete needs --yes when not run from a terminal")
        o.say(*_describe(entry))
        if not o.confirm("Delete this entry?"):
            o.note("Nothing was deleted.")
            return
    removed = service.delete_entry(state.store, entry.id)
    if as_json:
        o.json(removed.to_record())
        return
    o.say(
        ("Deleted", "bold"),
        f" {removed.kind} of {when(removed.at, state.now.date())}",
        (f"  [{short_id(removed.id)}]", "dim"),
    )


def _describe(entry) -> list:
    row = entry_row(entry, state.now.date())
    return [(row[2], "bold"), f" {row[1]} {row[3]} {row[4]}".rstrip(), (f"  [{row[0]}]", "dim")]


@app.command()
def remind(as_json: Json = False) -> None:
    """For cron: silent with exit 0 when today's check-in exists; otherwise one line and exit 1.

    Example (crontab): 0 21 * * * cuelog remind || notify-send cuelog "Time for your check-in"
    """
    today = state.now.date()
    done = service.checkin_exists(state.store, today)
    if as_json:
        out().json({"date": today.isoformat(), "checked_in": done})
    elif not done:
        print("No check-in yet today: cuelog checkin --craving N --used/--no-used")
    if not done:
        raise typer.Exit(1)


@app.command(name="import")
def import_(
    source: Annotated[str, typer.Argument(metavar="FILE|-", help="A cuelog JSON export, a JSON array, or JSON Lines.")],
    as_json: Json = False,
) -> None:
    """Merge entries from a file (or - for stdin) by id; running it twice adds nothing.

    Example: cuelog import laptop-export.json
    """
    if source == "-":
        text = sys.stdin.read()
    else:
        try:
            with open(source, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read {source}: {getattr(exc, 'strerror', None) or 'not UTF-8 text'}") from None
    parsed = service.parse_import(text)
    report = service.import_records(state.store, state.now, parsed)
    if as_json:
        out().json(report)
        return
    o = out()
    o.say(
        ("Imported", "bold"),
        f" {plural(report['added'], 'new entry')}; {report['updated']} updated, {report['unchanged']} already here.",
    )
    for kind, label in (("attempts", "quit dates"), ("plans", "plans"), ("support", "support people")):
        got = report["by_kind"].get(kind)
        if got and (got["added"] or got["updated"]):
            o.say(f"{label.capitalize()}: {got['added']} added, {got['updated']} updated.")
    for skipped in report["skipped"]:
        o.note(f"Skipped {short_id(skipped['id'])}: {skipped['reason']}.")


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="markdown, json, csv or html.")] = "markdown",
    since: Since = None,
    until: Until = None,
    redact: Annotated[
        str | None, typer.Option("--redact", help="Leave out: notes (all free text), people (names), or all.")
    ] = None,
    output: Annotated[
        str | None, typer.Option("-o", "--output", metavar="FILE", help="Write to FILE (mode 0600).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """A summary to share with a counsellor: Markdown, JSON, CSV or self-contained HTML.

    Example: cuelog export --format html --since 8w --redact people -o report.html
    """
    from pathlib import Path

    from cuelog.export import FORMATS, render

    if fmt not in FORMATS:
        raise InputError(f"--format must be one of {', '.join(FORMATS)}")
    now = state.now
    report = service.export_report(
        state.store,
        since=parse_since(since, now) if since else None,
        until=parse_until(until, now) if until else None,
        redact=redact,
        now=now,
        with_entries=fmt in ("json", "csv"),
    )
    text = render(report, fmt)
    if output is None or output == "-":
        sys.stdout.write(text)
        return
    service.write_export_file(Path(output).expanduser(), text, force=force)
    out().note(f"Report written to {output} (readable only by you).")


@app.command()
def demo(
    keep: Annotated[bool, typer.Option("--keep", help="Keep the sample store and print where it is.")] = False,
) -> None:
    """Build a sample eight-week journal in a temporary store and show status and summary.

    Your own journal is never touched. Example: cuelog demo
    """
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="cuelog-demo-")
    try:
        state.db = os.path.join(folder, "cuelog.json")
        from pathlib import Path

        state.state_dir = Path(folder) / "state"
        service.build_demo(state.store, state.now)
        o = out()
        o.say(("cuelog demo", "bold"), " — a made-up journal: eight weeks after a quit date, with one lapse.")
        o.say(("Your own journal is not touched.", "dim"))
        o.say("")
        o.say(("$ cuelog status", "dim"))
        status(on=None, as_json=False)
        o.say("")
        o.say(("$ cuelog summary --since 8w", "dim"))
        summary(since="8w", until=None, top=5, as_json=False)
        o.say("")
        o.say(("$ cuelog reflect", "dim"))
        from cuelog.analysis.prompts import reflection_document

        render.show_reflection(
            o,
            reflection_document(service.latest_lapse(state.store, None)),
            "The lapse in week 3, with the answers written afterwards:",
        )
        o.say("")
        if keep:
            o.say("The sample store is kept at ", (state.db, "bold"), f"; try: cuelog --db {state.db} list")
        else:
            o.say("Start your own: cuelog quit-date YYYY-MM-DD, then cuelog craving (it asks the questions).")
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


plan_app = typer.Typer(
    help="If-then coping plans: if these cues show up, then this is what you do.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(plan_app, name="plan")


def _plan_line(plan) -> list:
    return [("If ", "bold"), plan.label(), (" then ", "bold"), plan.then, (f"  [{short_id(plan.id)}]", "dim")]


@plan_app.command("add")
def plan_add(
    then: Annotated[str | None, typer.Argument(metavar="THEN_TEXT", help="What you will do.")] = None,
    place: Place = None,
    person: Person = None,
    feeling: Feeling = None,
    body: Body = None,
    activity: Activity = None,
    tag: Tag = None,
    as_json: Json = False,
) -> None:
    """Make a plan keyed by one or more cues.

    Example: cuelog plan add --place bar --feeling lonely "leave and call my sister"
    """
    cues = _cues(place=place, person=person, feeling=feeling, body=body, activity=activity, tag=tag)
    plan = service.add_plan(state.store, state.now, cues, _note(then))
    if as_json:
        out().json(plan.to_record())
        return
    out().say(("Plan saved. ", "green"), *_plan_line(plan))
    out().say("It will show up when you log a craving or lapse with these cues.")


@plan_app.command("list")
def plan_list(as_json: Json = False) -> None:
    """Your plans.

    Example: cuelog plan list
    """
    plans = service.list_plans(state.store)
    if as_json:
        out().json([p.to_record() for p in plans])
        return
    if not plans:
        out().say('No plans yet. Make one: cuelog plan add --place bar "leave and call my sister"')
        return
    for plan in plans:
        out().say(*_plan_line(plan))


@plan_app.command("edit")
def plan_edit(
    plan_id: Annotated[str, typer.Argument(metavar="ID", help="The plan's id (4+ characters).")],
    then: Annotated[str | None, typer.Argument(metavar="[THEN_TEXT]", help="New text for what you will do.")] = None,
    place: Place = None,
    person: Person = None,
    feeling: Feeling = None,
    body: Body = None,
    activity: Activity = None,
    tag: Tag = None,
    as_json: Json = False,
) -> None:
    """Change a plan: new text, or a cue option to replace that cue list.

    Example: cuelog plan edit 3f2a "leave, then call my sister from the bus"
    """
    cues = _cues(place=place, person=person, feeling=feeling, body=body, activity=activity, tag=tag)
    plan = service.edit_plan(state.store, state.now, plan_id, cues, _note(then) if then is not None else None)
    if as_json:
        out().json(plan.to_record())
        return
    out().say(("Plan updated. ", "green"), *_plan_line(plan))


@plan_app.command("remove")
def plan_remove(
    plan_id: Annotated[str, typer.Argument(metavar="ID", help="The plan's id (4+ characters).")],
    as_json: Json = False,
) -> None:
    """Remove a plan.

    Example: cuelog plan remove 3f2a
    """
    plan = service.remove_plan(state.store, plan_id)
    if as_json:
        out().json(plan.to_record())
        return
    out().say(("Plan removed: ", "bold"), *_plan_line(plan))


@app.command()
def outlook(as_json: Json = False) -> None:
    """This week's high-risk times from your own history, with your plans for them.

    Example: cuelog outlook
    """
    doc = service.outlook(state.store, state.now.date())
    if as_json:
        out().json(doc)
        return
    render.show_outlook(out(), doc)


@app.command()
def undo(as_json: Json = False) -> None:
    """Revert the last change (a new entry, an edit, a delete, an import, a replaced check-in...).
    Run it again to go further back, up to 10 steps.

    Example: cuelog undo
    """
    label, left = service.undo(state.store)
    if as_json:
        out().json({"undone": label, "steps_left": left})
        return
    out().say(("Undone: ", "bold"), label, ".", (f"  ({plural(left, 'more step')} can be undone)", "dim"))


@app.command()
def doctor(
    restore: Annotated[
        bool, typer.Option("--restore", help="Put a backup back in place (asks which and confirms).")
    ] = False,
    backup: Annotated[
        str | None, typer.Option("--backup", metavar="NAME", help="Which backup (default: newest).")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask before restoring.")] = False,
    merge: Annotated[
        bool, typer.Option("--merge", help="Fold sync-conflict copies in by id, then remove them.")
    ] = False,
    as_json: Json = False,
) -> None:
    """Check the store and list its backups; --restore puts a backup back.

    Example: cuelog doctor --restore
    """
    o = out()
    store = state.store
    if merge:
        done = service.merge_conflicts(store)
        if as_json:
            o.json(done)
            return
        o.say(
            ("Merged ", "bold"),
            plural(len(done["copies"]), "conflict copy"),
            f": {done['added']} added, {done['updated']} updated.",
        )
        return
    if restore:
        chosen = service.find_backup(store, backup)
        if not yes:
            if not interactive():
                raise InputError("restoring needs --yes when not run from a terminal")
            listed = service.backups(store)
            for i, info in enumerate(listed, 1):
                o.say(f"  {i}. {info['name']}  ({info['entries']} entries)")
            if backup is None:
                reply = o.ask(f"Restore which backup? [1-{len(listed)}, Enter for {chosen['name']}]").strip()
                if reply:
                    if not reply.isdigit() or not 1 <= int(reply) <= len(listed):
                        raise InputError(f"there is no backup {reply!r}")
                    chosen = listed[int(reply) - 1]
            if not o.confirm(
                f"Replace the current journal with the backup {chosen['name']}? (the current one is kept)"
            ):
                o.note("Nothing was restored.")
                return
        done = service.restore(store, chosen["name"])
        if as_json:
            o.json(done)
            return
        o.say(("Restored ", "bold green"), done["restored"], ".")
        if done["kept_aside"]:
            o.say(f"The journal as it was is kept in the backup {done['kept_aside']}.")
        return
    report = service.doctor(store)
    if as_json:
        o.json(report)
    else:
        o.say(("Store: ", "bold"), report["store"], "" if report["exists"] else " (not created yet)")
        checked = report["checked"]
        if checked:
            counts = ", ".join(
                [
                    plural(checked.get("entries", 0), "entry")
                    + f" in {plural(checked.get('months', 0), 'month file')}",
                    plural(checked.get("attempts", 0), "quit date"),
                    plural(checked.get("plans", 0), "plan"),
                ]
            )
            locked = "encrypted" if report["encrypted"] else "not encrypted"
            o.say(f"  schema {checked.get('schema_version')}, {counts}; {locked}")
        for problem in report["problems"]:
            o.say(("  problem: ", "bold red"), problem)
        if report["ok"]:
            o.say(("  Everything checks out.", "green"))
        o.say(
            ("Backups: ", "bold"),
            ", ".join(report["backups"]) or "none yet (one is kept each day before the first change)",
        )
    if not report["ok"]:
        raise typer.Exit(1)


@app.command()
def encrypt() -> None:
    """Encrypt the journal at rest with age; every command then asks for the passphrase
    (or reads --passphrase-file / CUELOG_PASSPHRASE_FILE).

    Example: cuelog encrypt
    """
    done = service.encrypt(state.store)
    converted = done["files"]
    if converted:
        out().say(
            ("Encrypted", "bold green"),
            f" {plural(converted, 'file')} of your journal and {plural(done['backup_files'], 'backup file')}.",
        )
        out().say(
            f"The key is {state.store.key_path} (protected by your passphrase). Without the passphrase "
            "the journal cannot be read, not even by cuelog."
        )
    else:
        out().say("The journal is already encrypted.")


@app.command()
def decrypt() -> None:
    """Turn an encrypted journal back into plain JSON files.

    Example: cuelog decrypt --passphrase-file ~/.config/cuelog/passphrase
    """
    converted = service.decrypt(state.store)["files"]
    out().say(("Decrypted", "bold"), f" {plural(converted, 'file')}; the journal is plain JSON again.")


def _error(message: str, hint: str | None = None) -> None:
    print(f"cuelog: error: {message}", file=sys.stderr)
    if hint:
        print(f"hint: {hint}", file=sys.stderr)


GLOBAL_WITH_VALUE = ("--db", "--passphrase-file")


def _app_for(args: list[str]) -> typer.Typer:
    """The app with only the command being run. Typer builds the parameters of every
    registered command on each start, about 25 ms for all of ours; one is enough."""
    if any(key.endswith("_COMPLETE") for key in os.environ):  # shell completion needs them all
        return app
    name, skip = None, False
    for arg in args:
        if skip:
            skip = False
        elif arg in GLOBAL_WITH_VALUE:
            skip = True
        elif not arg.startswith("-"):
            name = arg
            break
    commands = [c for c in app.registered_commands if (c.name or c.callback.__name__.replace("_", "-")) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not (commands or groups):
        return app
    lean = copy.copy(app)
    lean.registered_commands, lean.registered_groups = commands, groups
    return lean


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and turn every error into one line on stderr and an exit code."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    # A short-lived process: reference counting frees what we make, and the cyclic
    # collector would otherwise rescan every loaded entry again and again (an
    # all-time summary of 40,000 entries spends more than half its time there).
    collecting = gc.isenabled()
    gc.disable()
    global state
    state = State()
    try:
        result = _app_for(args)(args=args, prog_name="cuelog", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except CuelogError as exc:
        _error(exc.message, exc.hint)
        return exc.exit_code
    except typer.TyperException as exc:  # usage errors from the parser
        _error(exc.format_message(), "see 'cuelog --help'")
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt, EOFError):
        print("\ncuelog: stopped; nothing was saved", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away; nothing more to say
        return 1
    except Exception as exc:
        if debug:
            raise
        # Only the type: messages and locals may hold journal text.
        _error(f"unexpected problem ({type(exc).__name__})", "run with --debug for details")
        return 1
    finally:
        if collecting:
            gc.enable()
