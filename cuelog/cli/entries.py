"""Entries as a whole: list, show, edit, delete, import, undo, and remind for cron."""

from __future__ import annotations

from typing import Annotated

import typer

from cuelog import render, service
from cuelog.cli.app import interactive, out, read_stdin, state
from cuelog.cli.options import (
    At,
    Coping,
    Json,
    Note,
    Quiet,
    Since,
    Substances,
    Until,
    at_time,
    check_texts,
    command,
    cue_options,
    emit,
    note_text,
    since_time,
    until_time,
)
from cuelog.errors import InputError
from cuelog.render import entry_row, short_id, when
from cuelog.wording import entries as words
from cuelog.wording import errors

EntryId = Annotated[str, typer.Argument(metavar="ID", help="The entry's id (4+ characters).")]


@command("list")
def list_(
    since: Since = None,
    until: Until = None,
    kind: Annotated[str | None, typer.Option("--kind", help="craving, lapse or checkin.")] = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", help="At most N entries (default 20 in text, all in JSON; 0 = all)."),
    ] = None,
    grep: Annotated[
        str | None,
        typer.Option(
            "--grep",
            metavar="TEXT",
            help="Only entries whose note, cues, coping, amount or reflection answers hold TEXT "
            "(case and accents do not matter; plans are not searched).",
        ),
    ] = None,
    cue: Annotated[
        list[str] | None,
        typer.Option(
            "--cue",
            metavar="DIMENSION=VALUE",
            help="Only entries with this cue, e.g. place=bar (repeatable: all must hold).",
        ),
    ] = None,
    substance: Substances = None,
    as_json: Json = False,
) -> None:
    """Entries, newest first, one line each, fitted to the width: a note or cues cut short end
    in "…", and narrow terminals leave them out. cuelog show ID prints one entry whole.

    Example: cuelog list --since 7d --kind craving

    Example: cuelog list --grep "mike" --cue place=bar
    """
    now = state.now
    if limit is not None and limit < 0:
        raise InputError(errors.LIMIT_NEGATIVE)
    if limit is None and not as_json:
        limit = 20
    entries = service.list_entries(
        state.store,
        since=since_time(since),
        until=until_time(until),
        kind=kind,
        limit=(limit + 1) if limit else None,
        grep=grep,
        cues=cue or (),
        substances=substance or (),
    )
    more = bool(limit) and len(entries) > limit
    entries = entries[:limit] if limit else entries

    def human() -> None:
        o = out()
        if not entries:
            o.say(words.NO_MATCHES if grep is not None or cue or substance else words.NO_ENTRIES)
            return
        render.show_list(o, entries, now.date(), grep=grep)
        if more:
            o.note(words.showing_newest(limit))

    emit([e.to_record() for e in entries], as_json, human)


@command()
def show(entry_id: EntryId, as_json: Json = False) -> None:
    """One entry whole: every field, all cues, the full note, coping, the reflection
    answers with their questions, when it happened, was logged and last changed.

    Example: cuelog show 3f2a
    """
    entry = service.get_entry(state.store, entry_id)
    reflection = service.reflection_document(entry) if entry.kind == "lapse" else None
    emit(entry.to_record(), as_json, lambda: render.show_entry(out(), entry, reflection, state.now.date()))


@command()
@cue_options
def edit(
    entry_id: EntryId,
    intensity: Annotated[int | None, typer.Option("--intensity", help="0-10.")] = None,
    cues: dict | None = None,
    coping: Coping = None,
    note: Note = None,
    at: At = None,
    as_json: Json = False,
    quiet: Quiet = False,
) -> None:
    """Change one entry. A cue option replaces that whole list ('' empties it).

    Example: cuelog edit 3f2a --place "the bar" --note "after the match"
    """
    fields: dict = {}
    if intensity is not None:
        fields["intensity"] = intensity
    if note is not None:
        fields["note"] = note_text(note)
    entry = service.edit_entry(state.store, state.now, entry_id, cues=cues, coping=coping, at=at_time(at), **fields)
    typed = [fields.get("note"), *(coping or []), *(v for values in (cues or {}).values() for v in values)]

    def human() -> None:
        out().say(
            ("Updated", "bold"),
            words.kind_of(entry.kind, when(entry.at, state.now.date())),
            (f"  [{short_id(entry.id)}]", "dim"),
        )
        check_texts(*typed)

    emit(entry.to_record(), as_json, human, quiet=quiet)
    check_texts(*typed, to_stderr=True)


@command()
def delete(
    entry_id: EntryId,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
    as_json: Json = False,
    quiet: Quiet = False,
) -> None:
    """Remove one entry. Asks first on a terminal; needs --yes otherwise.

    Example: cuelog delete 3f2a --yes
    """
    o = out()
    entry = service.get_entry(state.store, entry_id)
    if not yes:
        if not interactive():
            raise InputError(errors.DELETE_NEEDS_YES)
        row = entry_row(entry, state.now.date())
        o.say((row[2], "bold"), f" {row[1]} {row[3]} {row[4]}".rstrip(), (f"  [{row[0]}]", "dim"))
        if not o.confirm(words.DELETE_QUESTION):
            o.note(words.NOTHING_DELETED)
            return
    removed = service.delete_entry(state.store, entry.id)
    emit(
        removed.to_record(),
        as_json,
        lambda: o.say(
            ("Deleted", "bold"),
            words.kind_of(removed.kind, when(removed.at, state.now.date())),
            (f"  [{short_id(removed.id)}]", "dim"),
        ),
        quiet=quiet,
    )


@command()
def remind(as_json: Json = False) -> None:
    """For cron: silent with exit 0 when today's check-in exists; otherwise one line and exit 1.

    Example (crontab): 0 21 * * * cuelog remind || notify-send cuelog "Time for your check-in"
    """
    today = state.now.date()
    done = service.checkin_exists(state.store, today)
    if as_json:
        out().json({"date": today.isoformat(), "checked_in": done})
    elif not done:
        print(words.REMIND)
    if not done:
        raise typer.Exit(1)


@command("import")
def import_(
    source: Annotated[str, typer.Argument(metavar="FILE|-", help="A cuelog JSON export, a JSON array, or JSON Lines.")],
    as_json: Json = False,
    quiet: Quiet = False,
) -> None:
    """Merge entries from a file (or - for stdin) by id; running it twice adds nothing.

    Example: cuelog import laptop-export.json
    """
    if source == "-":
        text = read_stdin()
    else:
        try:
            with open(source, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(errors.cannot_read(source, getattr(exc, "strerror", None))) from None
    parsed = service.parse_import(text)
    changed: list = []
    report = service.import_records(state.store, state.now, parsed, changed)
    typed = service.imported_texts(changed)

    def human() -> None:
        o = out()
        o.say(
            ("Imported", "bold"),
            words.imported(report["added"], report["updated"], report["unchanged"]),
        )
        for kind, label in words.IMPORT_KINDS:
            got = report["by_kind"].get(kind)
            if got and (got["added"] or got["updated"]):
                o.say(words.imported_kind(label, got["added"], got["updated"]))
        for skipped in report["skipped"]:
            o.note(words.import_skipped(short_id(skipped["id"]), skipped["reason"]))
        check_texts(*typed)

    emit(report, as_json, human, quiet=quiet)
    check_texts(*typed, to_stderr=True)


@command()
def undo(as_json: Json = False, quiet: Quiet = False) -> None:
    """Revert the last change (a new entry, an edit, a delete, an import, a replaced check-in...).
    Run it again to go further back, up to 10 steps.

    Example: cuelog undo
    """
    label, left = service.undo(state.store)
    emit(
        {"undone": label, "steps_left": left},
        as_json,
        lambda: out().say(("Undone: ", "bold"), _days_in_words(label), ".", (words.undo_left(left), "dim")),
    )


def _days_in_words(label: str) -> str:
    """``the check-in for 2026-11-21`` as ``the check-in for Sat 21 Nov``: the labels were
    written with ISO dates (and are kept so in the history and in --json)."""
    import re
    from datetime import date

    def words_for(m: re.Match) -> str:
        try:
            day = date.fromisoformat(m.group(0))
        except ValueError:
            return m.group(0)
        return render.day_label(day)

    return re.sub(r"\b\d{4}-\d{2}-\d{2}\b", words_for, label)
