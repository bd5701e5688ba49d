"""The section model: what a report says, as plain text, for layouts to lay out.

Plain text, never markup: each layout escapes all of it the same way. Emphasis is a
:class:`Span` style; a table cell may carry a state (the calendar's shades) and a
number (the heat map's shades); a :class:`Figure` is a chart the HTML draws, with the
text alternative every layout shows.

Named tuples rather than dataclasses: a ten-year report is made of thousands of cells,
and a named tuple is made several times faster than a frozen dataclass (and defined
faster at start-up).
"""

from __future__ import annotations

from typing import NamedTuple


class Span(NamedTuple):
    text: str
    style: str = ""  # "", "em" or "strong"


Inline = str | tuple[Span, ...]


def plain(line: Inline) -> str:
    return line if isinstance(line, str) else "".join(s.text for s in line)


class Cell(NamedTuple):
    text: str
    numeric: bool = False
    state: str = ""  # the calendar's "used", "no use", "no data", "outside"; "total" in the heat map
    title: str = ""  # a longer description of the cell
    value: int | None = None  # the count a heat map shades by
    quit: bool = False  # the quit date's calendar cell


class Table(NamedTuple):
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    notes: tuple[Inline, ...] = ()  # what the headers mean, each explained once in the report
    kind: str = "table"  # "table", "calendar" or "heatmap"


class Figure(NamedTuple):
    kind: str  # "daily-peak" or "heatmap": the chart the HTML draws
    title: str
    description: str  # the text alternative, shown in every layout
    key: tuple[str, ...] = ()  # how to read the drawing (only where it is drawn)
    table: Table | None = None  # the numbers drawn, for layouts that show them as a table


class Section(NamedTuple):
    key: str
    heading: str
    level: int = 2
    intro: tuple[Inline, ...] = ()
    items: tuple[Inline, ...] = ()
    figure: Figure | None = None
    table: Table | None = None
    empty: str | None = None  # said instead when there is nothing to show
    children: tuple[Section, ...] = ()


class Document(NamedTuple):
    title: str
    intro: tuple[Inline, ...]
    sections: tuple[Section, ...]
    footer: tuple[Inline, ...] = ()
