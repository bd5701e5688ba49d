"""Looking after the journal: doctor, encrypt, decrypt, and the demo."""

from __future__ import annotations

from typing import Annotated

import typer

from cuelog import render, service, wording
from cuelog.cli.app import interactive, out, state
from cuelog.cli.options import Json, command, emit
from cuelog.errors import InputError
from cuelog.wording import plural


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
            lambda: o.say(
                ("Merged ", "bold"),
                plural(len(done["copies"]), "conflict copy"),
                f": {done['added']} added, {done['updated']} updated.",
            ),
        )
        return
    if restore:
        _restore(backup, yes, as_json)
        return
    report = service.doctor(store)
    emit(report, as_json, lambda: _show_doctor(report))
    if not report["ok"]:
        raise typer.Exit(1)


def _restore(backup: str | None, yes: bool, as_json: bool) -> None:
    o = out()
    store = state.store
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
        if not o.confirm(f"Replace the current journal with the backup {chosen['name']}? (the current one is kept)"):
            o.note("Nothing was restored.")
            return
    done = service.restore(store, chosen["name"])

    def human() -> None:
        o.say(("Restored ", "bold green"), done["restored"], ".")
        if done["kept_aside"]:
            o.say(f"The journal as it was is kept in the backup {done['kept_aside']}.")

    emit(done, as_json, human)


def _show_doctor(report: dict) -> None:
    o = out()
    o.say(("Store: ", "bold"), report["store"], "" if report["exists"] else " (not created yet)")
    checked = report["checked"]
    if checked.get("entries") is not None:
        counts = ", ".join(
            [
                plural(checked.get("entries", 0), "entry") + f" in {plural(checked.get('months', 0), 'month file')}",
                plural(checked.get("attempts", 0), "quit date"),
                plural(checked.get("plans", 0), "plan"),
            ]
        )
        locked = "encrypted" if report["encrypted"] else "not encrypted"
        o.say(f"  schema {checked.get('schema_version')}, {counts}; {locked}")
    for problem in report["problems"]:
        o.say(("  problem: ", "bold red"), problem)
    for note in report.get("notes", []):
        o.say(("  note: ", "bold"), note)
    for removed in report.get("removed", []):
        o.say(("  removed: ", "bold"), removed, " (left by an interrupted write)")
    if report["ok"]:
        o.say(("  Everything checks out.", "green"))
    o.say(
        ("Backups: ", "bold"),
        ", ".join(report.get("backups", [])) or "none yet (one is kept each day before the first change)",
    )


@command()
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
            f"The key is {service.key_path(state.store)} (protected by your passphrase). Without the passphrase "
            "the journal cannot be read, not even by cuelog."
        )
    else:
        out().say("The journal is already encrypted.")


@command()
def decrypt() -> None:
    """Turn an encrypted journal back into plain JSON files.

    Example: cuelog decrypt --passphrase-file ~/.config/cuelog/passphrase
    """
    converted = service.decrypt(state.store)["files"]
    out().say(("Decrypted", "bold"), f" {plural(converted, 'file')}; the journal is plain JSON again.")


@command()
def demo(
    keep: Annotated[bool, typer.Option("--keep", help="Keep the sample store and print where it is.")] = False,
) -> None:
    """Build a sample eight-week journal in a temporary store and show status and summary.

    Your own journal is never touched. Example: cuelog demo
    """
    import os
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
        o.say(("Your own journal is not touched.", "dim"))
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
