"""What several commands share: option types, the ONE cue-options mechanism, the time
and note readers, and ``emit`` — the one place where a result becomes JSON or text."""

from __future__ import annotations

import functools
import inspect
import os
import typing
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

import typer

from cuelog.cli.app import GLOBAL_EPILOG, app, interactive, out, read_stdin, state
from cuelog.service import DIMENSIONS
from cuelog.timeparse import parse_since, parse_until, parse_when
from cuelog.wording import entries as words
from cuelog.wording.dimensions import DIMENSION_TEXT

Coping = Annotated[list[str] | None, typer.Option("--coping", help="What you did or tried (repeatable).")]
Note = Annotated[str | None, typer.Option("--note", help="Free text; '-' reads it from stdin.")]
Edit = Annotated[bool, typer.Option("--edit", help="Write the note in your editor ($VISUAL or $EDITOR).")]
At = Annotated[
    str | None,
    typer.Option(
        "--at",
        metavar="WHEN",
        help="When it happened, e.g. 21:30, 9pm, 'yesterday 9pm', '2h ago', monday, 'Nov 3 21:30', 2026-11-10.",
    ),
]
Since = Annotated[
    str | None,
    typer.Option(
        "--since", metavar="WHEN", help="From this time or date, e.g. 30d (the last 30 days), 3mo, 1y, monday."
    ),
]
Until = Annotated[
    str | None,
    typer.Option("--until", metavar="WHEN", help="Up to this time, e.g. yesterday; a date includes the whole day."),
]
Substances = Annotated[
    list[str] | None,
    typer.Option(
        "--substance",
        metavar="TEXT",
        help="What it was about (repeatable); with one goal in force, that goal's substance.",
    ),
]
Amount = Annotated[
    str | None,
    typer.Option("--amount", metavar="TEXT", help="What and how much you used, e.g. '4 pints' or 'half a gram'."),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
Quiet = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print nothing on success (safety lines still go to stderr).")
]


def command(name: str | None = None, *, group: typer.Typer | None = None, aliases: tuple[str, ...] = ()):
    """Register a command with the global options named in its help."""

    def register(func: Callable) -> Callable:
        func.aliases = aliases  # type: ignore[attr-defined]
        target = group or app
        target.command(name, epilog=GLOBAL_EPILOG)(func)
        for alias in aliases:
            target.command(alias, epilog=GLOBAL_EPILOG, hidden=True)(func)
        return func

    return register


def cue_options(func: Callable) -> Callable:
    """Give a command one repeatable option per cue dimension (from the declaration in
    models.DIMENSION_SPECS), collected into one ``cues`` argument: {dimension: values}
    for the options that were given (an empty list when given as '')."""
    hints = typing.get_type_hints(func, include_extras=True)  # resolved in the command's own module
    signature = inspect.signature(func)
    params = []
    for name, param in signature.parameters.items():
        if name != "cues":
            params.append(param.replace(annotation=hints.get(name, param.annotation)))
            continue
        for dim in DIMENSIONS:  # the cue options stand where the command put `cues`
            option = typer.Option(f"--{dim}", help=DIMENSION_TEXT[dim].help)
            annotation = Annotated[list[str] | None, option]
            params.append(
                inspect.Parameter(f"cue_{dim}", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation)
            )

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        given = {dim: kwargs.pop(f"cue_{dim}", None) for dim in DIMENSIONS}
        kwargs["cues"] = {dim: values for dim, values in given.items() if values is not None}
        return func(*args, **kwargs)

    wrapper.__signature__ = signature.replace(parameters=_ordered(params))  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in params}
    return wrapper


def _ordered(params: list[inspect.Parameter]) -> list[inspect.Parameter]:
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) if p.kind in kinds else p for p in params]


def emit(data: Any, as_json: bool, human: Callable[[], None] | None = None, *, quiet: bool = False) -> None:
    """A command's result: one JSON document with --json, else the human text (nothing
    with --quiet)."""
    if as_json:
        out().json(data)
    elif human is not None and not quiet:
        human()


def say_notices(notices, *, to_stderr: bool) -> None:
    """Safety notices, each at most once per command. On stdout in the human text;
    on stderr under --json or --quiet, so stdout stays one JSON document (or empty)
    and safety is still said. Call it again after ``emit`` with ``to_stderr=True``:
    whatever the human text did not show then goes to stderr, so nothing is lost."""
    from cuelog import render

    fresh = [n for n in notices if n.key not in state.shown]
    state.shown.update(n.key for n in fresh)
    render.show_notices(out(), fresh, to_stderr=to_stderr)


def check_texts(*texts: str | None, to_stderr: bool = False) -> None:
    """The crisis (and emergency) lines, at once, for any text a person just typed."""
    from cuelog import service

    say_notices(service.text_notices(texts, os.environ), to_stderr=to_stderr)


def note_text(value: str | None, edit: bool = False) -> str | None:
    """--note TEXT, or --note - to read it from stdin (shell history keeps no copy), or
    --edit to write it in the person's editor."""
    if edit:
        from cuelog.cli.editor import edit_note
        from cuelog.errors import InputError
        from cuelog.wording import errors

        if value is not None:
            raise InputError(errors.EDIT_AND_NOTE[0], hint=errors.EDIT_AND_NOTE[1])
        return edit_note()
    if value != "-":
        return value
    if interactive():
        out().note(words.NOTE_FROM_STDIN)
    return read_stdin()


def env() -> dict[str, str]:
    return dict(os.environ)


def at_time(value: str | None) -> datetime | None:
    return parse_when(value, state.now, env=os.environ) if value else None


def since_time(value: str | None) -> datetime | None:
    return parse_since(value, state.now, env=os.environ) if value else None


def until_time(value: str | None) -> datetime | None:
    return parse_until(value, state.now, env=os.environ) if value else None
