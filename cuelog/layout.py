"""Fitting text to a width: wrapped lines that keep their hanging indent, and tables
that decide what to show from the width they are given. Pure: no terminal, no rich
(``render.Output`` draws what this decides, with colour or without, the same way).

Widths are counted in terminal cells (a CJK character or most emoji take two).

How a table gets narrower, one step at a time, until it fits:

1. headers that are wider than their values take their short form (a legend line
   under the table says what each short header means);
2. expendable columns (``drop``: the list's note, then its cues) are cut to their
   minimum, with "…" where a value was cut, and if that is not enough
3. the ``drop=1`` columns are dropped (a line under the table names them);
4. cells with a compact form use it (a date without its weekday, a check-in as
   "no use"/"used"; a legend line explains);
5. the other expendable columns are dropped, in their ``drop`` order;
6. columns are separated by one space instead of " | ";
7. label columns that allow it (``cut``) are cut to their minimum with "…";
8. as a last resort, multi-word cells wrap onto more lines.

Ids, dates, intensities and other numbers are never cut: they are ``keep``
columns, which never lose characters (a number is never shown as "6…").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

ELLIPSIS = "…"
GLUE = "\u00a0"  # a no-break space: lines never break there (it is shown as a plain space)
WIDE_SEP = " | "
TIGHT_SEP = " "
RULE_JOINT = "-+-"


def cells(text: str) -> int:
    """Width of ``text`` in terminal cells: wide (East Asian) characters count two,
    combining marks and zero-width characters none."""
    if text.isascii():
        return len(text)
    from unicodedata import category, east_asian_width

    width = 0
    for char in text:
        if ord(char) < 0x300:
            width += 1
        elif category(char) in ("Mn", "Me", "Cf"):
            continue
        else:
            width += 2 if east_asian_width(char) in ("W", "F") else 1
    return width


def take(text: str, width: int) -> str:
    """The longest start of ``text`` that fits in ``width`` cells."""
    if cells(text) <= width:
        return text
    used = 0
    for i, char in enumerate(text):
        used += cells(char)
        if used > width:
            return text[:i]
    return text


def ellipsize(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with "…" at the end, at a word boundary when one is
    near, and never straight after a digit: a cut number would read as a whole one."""
    if cells(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    kept = take(text, width - 1)
    if kept and kept[-1].isalnum() and text[len(kept)].isalnum():  # inside a word: end at the last space if near
        space = kept.rfind(" ")
        if space >= (width - 1) // 2:
            kept = kept[:space]
    trim = " ,;:/·-–"
    kept = kept.rstrip(trim)
    while kept and kept[-1].isdigit():  # "waited 15…" would look like a cut number
        space = kept.rfind(" ")
        kept = kept[:space].rstrip(trim) if space > 0 else ""
    return kept + ELLIPSIS


# -- wrapped lines ------------------------------------------------------------------------------------
_MARKER = re.compile(r"\s*(?:\d+\. |↳ |[-*•·] )")


def hanging_indent(line: str) -> int:
    """Where continuation lines of ``line`` start: under the text after a list marker
    ("  1. ", "     ↳ ", "  - "), else two more than an indented line's indent, else 0."""
    marker = _MARKER.match(line)
    if marker:
        return cells(marker.group(0))
    indent = len(line) - len(line.lstrip(" "))
    return indent + 2 if indent else 0


def wrap_spans(line: str, width: int, hang: int = 0) -> list[tuple[int, int]]:
    """Where to break one line (no newlines) so every piece fits in ``width`` cells,
    continuation pieces being shown after ``hang`` spaces. Returns (start, end) offsets
    into ``line``; the spaces at a break are dropped. A word wider than a line is broken."""
    if cells(line) <= width:
        return [(0, len(line))]
    spans: list[tuple[int, int]] = []
    start: int | None = None
    end = 0
    room = width
    for word in re.finditer(r"[^ ]+", line):  # breaks at plain spaces only: GLUE holds words together
        w_start, w_end = word.span()
        if start is None:
            start = 0  # the first line keeps its own indent
        if cells(line[start:w_end]) <= room:
            end = w_end
            continue
        if end > start:  # the line so far is full: close it and start the next with this word
            spans.append((start, end))
            start, room = w_start, width - hang
            if cells(line[start:w_end]) <= room:
                end = w_end
                continue
        while cells(line[start:w_end]) > room:  # a word wider than a line: break it
            piece = take(line[start:w_end], room) or line[start]
            spans.append((start, start + len(piece)))
            start, room = start + len(piece), width - hang
        end = w_end
    if start is not None and end > start:
        spans.append((start, end))
    return spans or [(0, len(line))]


def glued(text: str) -> str:
    """``text`` kept on one line when wrapped ("evening (17–22) 91" never splits)."""
    return text.replace(" ", GLUE)


def wrap(line: str, width: int, hang: int | None = None) -> list[str]:
    """One line wrapped to ``width`` cells, continuation lines indented by ``hang``
    (by default from the line's own indent or list marker)."""
    if cells(line) <= width:
        return [line]
    hang = min(hanging_indent(line) if hang is None else hang, width // 2)
    spans = wrap_spans(line, width, hang)
    return [line[s:e] if i == 0 else " " * hang + line[s:e] for i, (s, e) in enumerate(spans)]


def unglue(text: str) -> str:
    return text.replace(GLUE, " ")


# -- tables ------------------------------------------------------------------------------------------
# A named tuple: defined several times faster than a frozen dataclass, on every start.
class Column(NamedTuple):
    """One column of a table and how it may give way when the width is short."""

    header: str
    short: str | None = None  # a shorter header, used when the header is what makes the column wide
    explain: str | None = None  # what the (short) header means, for the legend line
    right: bool = False  # numbers align right
    drop: int = 0  # expendable: cut to ``cut`` first, then dropped; 1 goes first. 0: always shown
    cut: int = 0  # may be cut to this many cells with "…" (0: never cut; ids, dates, numbers)
    compact: str | None = None  # legend for the compact forms of this column's cells, when they are used


class Cell(NamedTuple):
    """A value with a shorter form for narrow widths ("21 Nov 21:39" for "Sat 21 Nov 21:39")."""

    full: str
    compact: str

    def __str__(self) -> str:
        return self.full


@dataclass
class Fitted:
    """What a table shows at a width: its lines (cells already cut, wrapped and padded),
    the legend lines, and which columns were left out."""

    header: list[list[str]]  # physical lines, one string per shown column
    rule: str
    rows: list[list[list[str]]]  # each row's physical lines, one string per shown column
    widths: list[int]
    right: list[bool]
    sep: str
    legend: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    shown: list[int] = field(default_factory=list)  # which of the given columns these are

    def join(self, line: Sequence[str]) -> str:
        return self.sep.join(pad(c, w, r) for c, w, r in zip(line, self.widths, self.right, strict=True)).rstrip()

    def lines(self) -> list[str]:
        return [*(self.join(h) for h in self.header), self.rule, *(self.join(x) for row in self.rows for x in row)]


def pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - cells(text))
    return gap + text if right else text + gap


def _text(cell: str | Cell, compact: bool) -> str:
    if isinstance(cell, Cell):
        return cell.compact if compact else cell.full
    return cell


def fit_table(columns: Sequence[Column], rows: Sequence[Sequence[str | Cell]], width: int) -> Fitted:
    """Decide what a table shows at ``width`` cells (see the module's docstring for the steps)."""
    n = len(columns)
    rows = [list(r) for r in rows]
    natural_values = [max((cells(str(r[i])) for r in rows), default=0) for i in range(n)]
    # Short headers only where the header is what makes its column wide; those that save most go first.
    savings = {
        i: cells(c.header) - max(natural_values[i], cells(c.short))
        for i, c in enumerate(columns)
        if c.short and cells(c.header) > max(natural_values[i], cells(c.short))
    }
    by_saving = tuple(sorted(savings, key=lambda i: -savings[i]))
    has_compact = [any(isinstance(r[i], Cell) and r[i].compact != r[i].full for r in rows) for i in range(n)]
    expendable = sorted((i for i, c in enumerate(columns) if c.drop), key=lambda i: columns[i].drop)
    labels = [i for i, c in enumerate(columns) if c.cut and not c.drop]

    # Each step: (short headers, dropped columns, compact cells, separator, cut labels), whole table first.
    # Columns with drop 1 go before cells take their compact forms, the others after.
    cheap = [i for i in expendable if columns[i].drop == 1]
    steps = [(by_saving[:k], (), False, WIDE_SEP, False) for k in range(len(by_saving) + 1)]
    steps += [(by_saving, tuple(cheap[:k]), False, WIDE_SEP, False) for k in range(1, len(cheap) + 1)]
    steps += [(by_saving, tuple(expendable[:k]), True, WIDE_SEP, False) for k in range(len(cheap), len(expendable) + 1)]
    everything = tuple(expendable)
    steps += [(by_saving, everything, True, TIGHT_SEP, False), (by_saving, everything, True, TIGHT_SEP, True)]
    for step in steps:
        short, dropped, compact, sep, cut_labels = step
        headers = [c.short if i in short else c.header for i, c in enumerate(columns)]
        shown = [i for i in range(n) if i not in dropped]
        texts = [[_text(r[i], compact) for i in range(n)] for r in rows]
        widths = {i: max([cells(headers[i])] + [cells(t[i]) for t in texts]) for i in shown}
        cuttable = [i for i in expendable if i in shown] + ([i for i in labels if i in shown] if cut_labels else [])
        over = sum(widths.values()) + len(sep) * (len(shown) - 1) - width
        # The expendable columns share the cut, the widest giving first (at 120 columns a list's
        # note is not cut to 12 while its cues keep 51); then the labels, in their order.
        least = {i: max(columns[i].cut or 1, cells(headers[i])) for i in cuttable}
        sharing = [i for i in cuttable if columns[i].drop]
        while over > 0:
            able = [i for i in sharing if widths[i] > least[i]]
            if not able:
                break
            top = max(widths[i] for i in able)
            tied = [i for i in able if widths[i] == top]
            lower = max([widths[i] for i in able if widths[i] < top] + [least[i] for i in tied])
            room = (top - lower) * len(tied)
            if room >= over:  # the widest come down together, evenly
                each, extra = divmod(over, len(tied))
                for k, i in enumerate(tied):
                    widths[i] -= each + (k < extra)
                over = 0
            else:
                for i in tied:
                    widths[i] = lower
                over -= room
        for i in cuttable:
            if over <= 0 or columns[i].drop:
                continue
            give = min(over, max(0, widths[i] - least[i]))
            widths[i] -= give
            over -= give
        if over <= 0 or step == steps[-1]:
            break
    legend = [f"{columns[i].short}: {columns[i].explain}" for i in shown if i in short and columns[i].explain]
    if compact:
        legend += [columns[i].compact for i in shown if columns[i].compact and has_compact[i]]
    cut = set(cuttable)

    # The last resort: wrap the multi-word cells of the widest columns until the table fits.
    while over > 0:
        candidates = []
        for i in shown:
            if columns[i].drop:
                continue
            words = [w for t in texts for w in t[i].split()] + headers[i].split()
            longest = max((cells(w) for w in words), default=1)
            if widths[i] > longest:
                candidates.append((widths[i], i, longest))
        if not candidates:
            break  # nothing can give way: the table stays wider than the width
        _, i, longest = max(candidates)
        give = min(over, widths[i] - longest)
        widths[i] -= give
        over -= give
        cut.discard(i)

    def place(i: int, value: str) -> list[str]:
        if cells(value) <= widths[i]:
            return [value]
        if i in cut or columns[i].drop:
            return [ellipsize(value, widths[i])]
        return wrap(value, widths[i], 0)

    def physical(pieces: list[list[str]]) -> list[list[str]]:
        height = max(len(p) for p in pieces)
        return [[p[k] if k < len(p) else "" for p in pieces] for k in range(height)]

    return Fitted(
        header=physical([wrap(headers[i], widths[i], 0) for i in shown]),
        rule=(RULE_JOINT if sep == WIDE_SEP else " ").join("-" * widths[i] for i in shown),
        rows=[physical([place(i, t[i]) for i in shown]) for t in texts],
        widths=[widths[i] for i in shown],
        right=[columns[i].right for i in shown],
        sep=sep,
        legend=legend,
        dropped=[columns[i].header for i in dropped],
        shown=list(shown),
    )
