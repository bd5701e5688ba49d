"""The agenda: what the person wants to talk about with their counsellor (agenda add, list,
done). The report shows it first; marking an item done clears it."""

from __future__ import annotations

from typing import Annotated

import typer

from cuelog import service
from cuelog.cli.app import app, out, state
from cuelog.cli.options import Json, Quiet, check_texts, command, emit, note_text
from cuelog.render import short_id
from cuelog.wording import export as words

agenda_app = typer.Typer(
    help="What you want to talk about with your counsellor; the report shows it first.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(agenda_app, name="agenda")

AgendaId = Annotated[str, typer.Argument(metavar="ID", help="The item's id (4+ characters).")]


def item_line(row: dict) -> list:
    return [row["text"], (f"  [{short_id(row['id'])}]", "dim")]


@command("add", group=agenda_app)
def agenda_add(
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What you want to talk about; '-' reads stdin.")],
    as_json: Json = False,
    quiet: Quiet = False,
) -> None:
    """Add something to talk about at the next session.

    Example: cuelog agenda add "the weekend at my brother's"
    """
    row = service.add_agenda(state.store, state.now, note_text(text) or "")

    def human() -> None:
        out().say((words.AGENDA_SAVED, "bold"), *item_line(row))
        out().say(words.AGENDA_SHOWS_UP)
        check_texts(row["text"])

    emit(row, as_json, human, quiet=quiet)
    check_texts(row["text"], to_stderr=True)


@command("list", group=agenda_app)
def agenda_list(as_json: Json = False) -> None:
    """What is on the agenda, oldest first.

    Example: cuelog agenda list
    """
    rows = service.list_agenda(state.store)

    def human() -> None:
        if not rows:
            out().say(words.AGENDA_EMPTY)
        for row in rows:
            out().say(*item_line(row))

    emit(rows, as_json, human)


@command("done", group=agenda_app)
def agenda_done(item_id: AgendaId, as_json: Json = False, quiet: Quiet = False) -> None:
    """Clear an item once it has been talked about.

    Example: cuelog agenda done 3f2a
    """
    row = service.done_agenda(state.store, item_id)
    emit(row, as_json, lambda: out().say((words.AGENDA_DONE, "bold"), *item_line(row)), quiet=quiet)
