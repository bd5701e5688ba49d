"""export: the counsellor's report, in the clear or sealed (a passphrase page, an age file)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from cuelog import service, settings
from cuelog.cli.app import interactive, out, state
from cuelog.cli.options import Quiet, Since, Substances, Until, command, since_time, until_time
from cuelog.errors import InputError
from cuelog.wording import errors
from cuelog.wording import export as words
from cuelog.wording import safetyplan as plan_words
from cuelog.wording.counsel import DEFAULT_NAME as DEFAULT_FOR


@command()
def export(
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="markdown, json, csv or html (default: from -o FILE's extension, else markdown)."
        ),
    ] = None,
    since: Since = None,
    until: Until = None,
    redact: Annotated[
        str | None,
        typer.Option(
            "--redact",
            help="Leave out: notes, people, relations, all, a comma list (notes,people), or none "
            "(default: the redact setting).",
        ),
    ] = None,
    output: Annotated[
        str | None, typer.Option("-o", "--output", metavar="FILE", help="Write to FILE (mode 0600).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    include: Annotated[
        list[str] | None, typer.Option("--include", metavar="WHAT", help=plan_words.INCLUDE_HELP)
    ] = None,
    encrypt: Annotated[
        bool,
        typer.Option(
            "--encrypt",
            help="Lock the report with a passphrase: HTML (the default here) becomes one page that asks for it "
            "in the browser; "
            "Markdown, CSV and JSON become an age file (age -d). --passphrase-file FILE after export reads it.",
        ),
    ] = False,
    to: Annotated[
        list[str] | None,
        typer.Option("--to", metavar="RECIPIENT", help="Encrypt to an age public key (age1…); repeatable."),
    ] = None,
    since_last: Annotated[
        bool,
        typer.Option("--since-last", help="Show what changed since the last report to this counsellor (see --for)."),
    ] = False,
    for_name: Annotated[
        str,
        typer.Option("--for", metavar="NAME", help="Who the report is for: --since-last remembers each name apart."),
    ] = DEFAULT_FOR,
    substance: Substances = None,
    quiet: Quiet = False,
) -> None:
    """A summary to share with a counsellor: Markdown, JSON, CSV or self-contained HTML.

    Example: cuelog export --encrypt --since 8w --since-last -o report.html
    """
    wanted = [w.strip().lower() for value in include or () for w in value.split(",") if w.strip()]
    for what in wanted:
        if what != "safety-plan":
            raise InputError(plan_words.include_bad(what))
    recipients = service.age_recipients(to) if to else None
    if encrypt and recipients:
        message, hint = errors.EXPORT_ENCRYPT_AND_TO
        raise InputError(message, hint=hint)
    if encrypt and fmt is None and output in (None, "-"):
        fmt = "html"  # --encrypt alone: the page that opens in a browser
    name = " ".join(for_name.split()) or DEFAULT_FOR
    remember = name if since_last else None
    if encrypt and not state.report_passphrase_file and not interactive():
        message, hint = errors.NO_TERMINAL_FOR_REPORT_PASSPHRASE
        raise InputError(message, hint=hint)
    common = dict(
        fmt=fmt,
        output=output,
        since=since_time(since),
        until=until_time(until),
        redact=_redaction(redact),
        now=state.now,
        include=wanted,
        since_last=remember,
        substances=substance or (),
    )
    if not (encrypt or recipients):
        pieces = service.export_pieces(state.store, **common)
        _write(pieces, output, force)
        _remember(remember)
        if output not in (None, "-") and not quiet:
            out().note(words.report_written(output))
        return

    target = Path(output).expanduser() if output not in (None, "-") else None
    if target is not None and target.exists() and not force:  # said before asking for a passphrase
        message, hint = errors.export_file_exists(output)
        raise InputError(message, hint=hint)
    # HTML locked with a passphrase is the self-opening page, unless the file is named as an age file.
    as_age = output is not None and output.lower().endswith(".age")
    sealed_page = encrypt and not as_age and service.export_format_name(fmt, output) == "html"
    text = service.export_text(state.store, **common)
    if recipients:
        _write([service.age_encrypt(text, recipients=recipients)], output, force)
        _remember(remember)
        if target is not None and not quiet:
            out().note(words.age_written(output))
            out().note(words.age_for_recipients(len(recipients)))
        return
    passphrase = _report_passphrase()
    if sealed_page:
        _write([service.seal_report(text, passphrase)], output, force)
    else:
        _write([service.age_encrypt(text, passphrase=passphrase)], output, force)
    _remember(remember)
    if not quiet:
        if target is not None:
            out().note(words.report_written(output) if sealed_page else words.age_written(output))
        if sealed_page:
            out().note(words.SEALED_HOW_TO_OPEN)
        out().note(words.PASSPHRASE_GIVE_SEPARATELY)


def _write(pieces, output: str | None, force: bool) -> None:
    if output is None or output == "-":
        for piece in pieces:  # piece by piece: ten years of entries are tens of megabytes
            sys.stdout.write(piece)
        sys.stdout.flush()
        return
    service.write_export_file(Path(output).expanduser(), pieces, force=force)


def _remember(name: str | None) -> None:
    if name is not None:
        service.record_shared(state.store, state.now, name)


def _report_passphrase() -> str:
    """From --passphrase-file (a file only its owner can read), else asked twice on the
    terminal, with a suggestion of random words."""
    if state.report_passphrase_file:
        return service.read_passphrase_file(state.report_passphrase_file)
    import getpass

    suggested = service.suggest_passphrase()
    print(words.PASSPHRASE_SUGGESTED, file=sys.stderr)
    print(f"    {suggested}", file=sys.stderr)
    for _ in range(3):
        phrase = getpass.getpass(words.PASSPHRASE_ASK, stream=sys.stderr) or suggested
        if len(phrase) < service.MIN_PASSPHRASE:
            print(errors.passphrase_too_short(service.MIN_PASSPHRASE), file=sys.stderr)
            continue
        if getpass.getpass(words.PASSPHRASE_AGAIN, stream=sys.stderr) == phrase:
            return phrase
        print(errors.PASSPHRASES_DIFFER, file=sys.stderr)
    raise InputError(errors.REPORT_PASSPHRASE_NOT_CONFIRMED)


def _redaction(given: str | None) -> str | None:
    """--redact, else the ``redact`` setting (CUELOG_REDACT, else the settings file);
    ``none`` leaves nothing out (``--redact none`` overrides a setting)."""
    chosen = given if given is not None else settings.value(os.environ, "redact")
    return None if chosen is None or chosen.strip().lower() == "none" else chosen
