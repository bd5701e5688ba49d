"""Looking after the journal: doctor, encrypt, decrypt, and the demo."""

from __future__ import annotations

from typing import Annotated

import typer

from cuelog import render, service, wording
from cuelog.cli.app import interactive, out, state
from cuelog.cli.options import Json, Quiet, command, emit
from cuelog.errors import InputError
from cuelog.wording import care as words
from cuelog.wording import errors, plural


def _bold(parts: tuple, style: str = "bold") -> tuple:
    """A sentence whose first part is shown in ``style``."""
    return ((parts[0], style), *parts[1:])


@command()
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
    quiet: Quiet = False,
) -> None:
    """Check the store and list its backups; --restore puts a backup back.

    Example: cuelog doctor --restore
    """
    o = out()
    store = state.store
    if merge:
        done = service.merge_conflicts(store)
        emit(
            done,
            as_json,
            lambda: o.say(*_bold(words.merged(len(done["copies"]), done["added"], done["updated"]))),
            quiet=quiet,
        )
        return
    if restore:
        _restore(backup, yes, as_json, quiet)
        return
    report = service.doctor(store)
    emit(report, as_json, lambda: _show_doctor(report))
    if not report["ok"]:
        raise typer.Exit(1)


def _restore(backup: str | None, yes: bool, as_json: bool, quiet: bool = False) -> None:
    o = out()
    store = state.store
    chosen = service.find_backup(store, backup)
    if yes and backup is None and not interactive():
        raise InputError(errors.RESTORE_NEEDS_NAME[0], hint=errors.RESTORE_NEEDS_NAME[1])
    if not yes:
        listed = service.backups(store)
        o.say(*_bold(words.BACKUPS_HEADING))
        for i, info in enumerate(listed, 1):
            o.say(f"  {i}. {_backup_line(info)}")
            if not interactive():  # a script passes the name back: --backup NAME --yes
                o.say(f"     {info['name']}")
        if not interactive():
            raise InputError(errors.RESTORE_NEEDS_YES[0], hint=errors.RESTORE_NEEDS_YES[1])
        if backup is None:
            reply = o.ask(words.which_backup(len(listed))).strip()
            if reply:
                if not reply.isdigit() or not 1 <= int(reply) <= len(listed):
                    raise InputError(errors.no_backup_number(repr(reply)))
                chosen = listed[int(reply) - 1]
        o.say(_encryption_sentence(chosen, service.doctor_encrypted(store)))
        if not o.confirm(words.restore_question(_made(chosen))):
            o.note(words.NOTHING_RESTORED)
            return
    done = service.restore(store, chosen["name"])

    def human() -> None:
        o.say(*_bold(words.restored(_made(chosen), chosen["name"]), "bold green"))
        if done["kept_aside"]:
            o.say(words.kept_aside(done["kept_aside"]))

    emit(done, as_json, human, quiet=quiet)


def _made(info: dict) -> str:
    from datetime import datetime

    from cuelog.render import when

    return when(datetime.fromisoformat(info["made_at"]), state.now.date()) if info["made_at"] else info["name"]


def _backup_line(info: dict) -> str:
    from datetime import datetime

    from cuelog.render import when

    if info["entries"] is None:
        what = info.get("problem") or words.BACKUP_UNREADABLE
    else:
        newest = info["newest_entry"]
        newest_text = f", newest {when(datetime.fromisoformat(newest), state.now.date())}" if newest else ""
        what = f"{plural(info['entries'], 'entry')}{newest_text}"
    size = f"{info['size'] / 1024:.0f} KB" if info["size"] >= 1024 else f"{info['size']} bytes"
    locked = ", encrypted" if info["encrypted"] else ""
    return f"{_made(info)} · {what} · {size}{locked}"


def _encryption_sentence(info: dict, journal_encrypted: bool) -> str:
    if info["encrypted"] and not journal_encrypted:
        return words.BACKUP_ENCRYPTED
    if journal_encrypted and not info["encrypted"]:
        return words.BACKUP_NOT_ENCRYPTED
    return words.journal_stays(journal_encrypted)


def _show_doctor(report: dict) -> None:
    o = out()
    o.say(("Store: ", "bold"), report["store"], "" if report["exists"] else words.STORE_NOT_CREATED)
    checked = report["checked"]
    if checked.get("entries") is not None:
        counts = ", ".join(
            [
                plural(checked.get("entries", 0), "entry") + f" in {plural(checked.get('months', 0), 'month file')}",
                plural(checked.get("attempts", 0), "quit date"),
                plural(checked.get("plans", 0), "plan"),
            ]
        )
        locked = words.ENCRYPTED if report["encrypted"] else words.NOT_ENCRYPTED
        o.say(f"  schema {checked.get('schema_version')}, {counts}; {locked}")
    for problem in report["problems"]:
        o.say(("  problem: ", "bold red"), problem)
    for note in report.get("notes", []):
        o.say(("  note: ", "bold"), note)
    for removed in report.get("removed", []):
        o.say(("  removed: ", "bold"), removed, words.REMOVED_AFTER_CRASH)
    if report["ok"]:
        o.say((words.ALL_WELL, "green"))
    o.say(
        ("Backups: ", "bold"),
        ", ".join(report.get("backups", [])) or words.NO_BACKUPS,
    )


@command()
def encrypt(quiet: Quiet = False) -> None:
    """Encrypt the journal at rest with age; every command then asks for the passphrase
    (or reads --passphrase-file / CUELOG_PASSPHRASE_FILE).

    Example: cuelog encrypt
    """
    done = service.encrypt(state.store)
    converted = done["files"]
    if quiet:
        return
    if converted:
        out().say(*_bold(words.encrypted(converted, done["backup_files"]), "bold green"))
        out().say(words.key_at(service.key_path(state.store)))
    else:
        out().say(words.ALREADY_ENCRYPTED)


@command()
def unlock(
    duration: Annotated[
        str | None, typer.Option("--for", metavar="DURATION", help="How long: 15m (default), 1h, 2h30m; at most 12h.")
    ] = None,
) -> None:
    """Keep an encrypted journal open for a while: the passphrase once, not at every command.
    The key stays in this user's kernel keyring (never on disk) until then, or 'cuelog lock'.

    Example: cuelog unlock --for 1h
    """
    until = service.unlock(state.store, duration)
    out().say(*_bold(words.unlocked(f"{until:%H:%M}"), "bold green"))


@command()
def lock() -> None:
    """Close an unlocked journal now: the next command asks for the passphrase again.

    Example: cuelog lock
    """
    was = service.lock(state.store)
    out().say(words.LOCKED if was else words.NOT_UNLOCKED)


@command()
def decrypt(quiet: Quiet = False) -> None:
    """Turn an encrypted journal back into plain JSON files.

    Example: cuelog decrypt --passphrase-file ~/.config/cuelog/passphrase
    """
    converted = service.decrypt(state.store)["files"]
    if not quiet:
        out().say(*_bold(words.decrypted(converted)))


@command()
def demo(
    keep: Annotated[bool, typer.Option("--keep", help="Keep the sample store and print where it is.")] = False,
) -> None:
    """Build a sample eight-week journal in a temporary store and show status and summary.

    Your own journal is never touched. Example: cuelog demo
    """
    import os
    import shlex
    import shutil
    import tempfile
    from pathlib import Path

    from cuelog.cli.insight import status, summary

    folder = tempfile.mkdtemp(prefix="cuelog-demo-")
    try:
        state.db = os.path.join(folder, "cuelog.json")
        state.state_dir = Path(folder) / "state"
        service.build_demo(state.store, state.now)
        o = out()
        o.say(("cuelog demo", "bold"), " — ", wording.DEMO_INTRO)
        o.say((words.DEMO_NOT_TOUCHED, "dim"))
        o.say("")
        o.say(("$ cuelog status", "dim"))
        status(on=None, explain=False, as_json=False)
        o.say("")
        o.say(("$ cuelog summary --since 8w", "dim"))
        summary(since="8w", until=None, top=5, as_json=False)
        o.say("")
        o.say(("$ cuelog reflect", "dim"))
        render.show_reflection(
            o,
            service.reflection_document(service.latest_lapse(state.store, None)),
            words.DEMO_LAPSE_HEADER,
        )
        o.say("")
        if keep:
            o.say(words.DEMO_KEPT[0], (state.db, "bold"), words.DEMO_KEPT[1])
            o.verbatim(f"cuelog --db {shlex.quote(state.db)} list")
        else:
            o.say(words.DEMO_START_YOUR_OWN)
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
