"""Terminal output. rich is imported only when something is drawn with it, so a
piped one-line confirmation (the common cron and script case) never loads it."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from cuelog.models import DIMENSIONS, Entry

Part = str | tuple[str, str]


def wants_style(stream: Any) -> bool:
    """Colour only on a terminal, never under NO_COLOR or TERM=dumb."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Output:
    """stdout for data, stderr for messages; styled only where that is wanted."""

    def __init__(self) -> None:
        self.styled = wants_style(sys.stdout)
        self.err_styled = wants_style(sys.stderr)
        self._console = None
        self._err_console = None

    @property
    def console(self):
        if self._console is None:
            self._console = _make_console(sys.stdout, self.styled)
        return self._console

    @property
    def err_console(self):
        if self._err_console is None:
            self._err_console = _make_console(sys.stderr, self.err_styled)
        return self._err_console

    def say(self, *parts: Part) -> None:
        """One line of human output built from plain and (text, style) parts."""
        if not self.styled:
            print("".join(p if isinstance(p, str) else p[0] for p in parts))
            return
        from rich.text import Text

        self.console.print(Text.assemble(*parts), soft_wrap=True)

    def note(self, text: str, style: str = "dim") -> None:
        """A message for the person, not data: stderr."""
        if not self.err_styled:
            print(text, file=sys.stderr)
            return
        from rich.text import Text

        self.err_console.print(Text(text, style=style))

    def json(self, data: Any) -> None:
        print(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2))

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[str]], *, title: str | None = None) -> None:
        from rich import box
        from rich.table import Table

        table = Table(
            *headers,
            title=title,
            box=box.SIMPLE_HEAD if self.styled else box.ASCII2,
            header_style="bold" if self.styled else "",
            show_edge=False,
            pad_edge=False,
        )
        for row in rows:
            table.add_row(*row)
        self.console.print(table)

    def ask(self, question: str, default: str = "") -> str:
        """A question on the terminal (stderr), Enter skips."""
        from rich.prompt import Prompt

        return Prompt.ask(
            f"[bold]{question}[/]" if self.err_styled else question,
            console=self.err_console,
            default=default,
            show_default=False,
        )

    def confirm(self, question: str) -> bool:
        from rich.prompt import Confirm

        return Confirm.ask(question, console=self.err_console, default=False)


def _make_console(stream: Any, styled: bool):
    from rich.console import Console

    width = None if styled else int(os.environ.get("COLUMNS", "0") or 0) or 100
    return Console(
        file=stream,
        force_terminal=styled,
        no_color=not styled,
        color_system="auto" if styled else None,
        highlight=False,
        emoji=False,
        width=width,
    )


def when(moment: datetime, today: date | None = None) -> str:
    """``Tue 10 Nov 21:30``; the year only when it is not this year."""
    if today is not None and moment.year != today.year:
        return moment.strftime("%a %-d %b %Y %H:%M")
    return moment.strftime("%a %-d %b %H:%M")


def day_label(day: date) -> str:
    return day.strftime("%a %-d %b %Y")


def cue_text(entry: Entry) -> str:
    parts = []
    for dim in DIMENSIONS:
        values = getattr(entry.cues, dim)
        if values:
            parts.append(", ".join(values))
    return "; ".join(parts)


def short_id(entry_id: str) -> str:
    return entry_id[:8]


def entry_row(entry: Entry, today: date) -> list[str]:
    intensity = "" if entry.intensity is None else f"{entry.intensity}/10"
    if entry.kind == "checkin":
        used = {True: "used", False: "no use", None: ""}[entry.used]
        what = f"check-in {entry.day.isoformat() if entry.day else ''} {used}".strip()
    else:
        what = entry.kind
    note = (entry.note or "").splitlines()[0][:40] if entry.note else ""
    return [short_id(entry.id), when(entry.at, today), what, intensity, cue_text(entry), note]
