"""export: the counsellor's report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cuelog import service
from cuelog.cli.app import out, state
from cuelog.cli.options import Quiet, Since, Substances, Until, command, since_time, until_time
from cuelog.errors import InputError
from cuelog.wording import export as words
from cuelog.wording import safetyplan as plan_words


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
        typer.Option("--redact", help="Leave out: notes, people, relations, all, or a comma list (notes,people)."),
    ] = None,
    output: Annotated[
        str | None, typer.Option("-o", "--output", metavar="FILE", help="Write to FILE (mode 0600).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    include: Annotated[
        list[str] | None, typer.Option("--include", metavar="WHAT", help=plan_words.INCLUDE_HELP)
    ] = None,
    substance: Substances = None,
    quiet: Quiet = False,
) -> None:
    """A summary to share with a counsellor: Markdown, JSON, CSV or self-contained HTML.

    Example: cuelog export --format html --since 8w --redact people -o report.html
    """
    wanted = [w.strip().lower() for value in include or () for w in value.split(",") if w.strip()]
    for what in wanted:
        if what != "safety-plan":
            raise InputError(plan_words.include_bad(what))
    pieces = service.export_pieces(
        state.store,
        fmt=fmt,
        output=output,
        since=since_time(since),
        until=until_time(until),
        redact=redact,
        now=state.now,
        include=wanted,
        substances=substance or (),
    )
    if output is None or output == "-":
        for piece in pieces:  # piece by piece: ten years of entries are tens of megabytes
            sys.stdout.write(piece)
        return
    service.write_export_file(Path(output).expanduser(), pieces, force=force)
    if not quiet:
        out().note(words.report_written(output))
