"""Terminal output. rich is imported only when something is drawn with it, so a
piped one-line confirmation (the common cron and script case) never loads it."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date, datetime
from typing import Any

from cuelog.layout import Cell, Column, glued, hanging_indent, unglue, wrap, wrap_spans
from cuelog.layout import cells as _cells
from cuelog.models import DIMENSIONS, TIMES_OF_DAY, Entry
from cuelog.text import day_words, fold, folded_spans
from cuelog.wording import entries as entries_wording
from cuelog.wording import plural

Part = str | tuple[str, str]


def wants_style(stream: Any) -> bool:
    """Colour only on a terminal, never under NO_COLOR or TERM=dumb."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return _isatty(stream)


def plain_wanted() -> bool:
    """Plain mode from the environment: CUELOG_PLAIN set (not 0), or TERM=dumb."""
    return os.environ.get("CUELOG_PLAIN", "").strip() not in ("", "0") or os.environ.get("TERM") == "dumb"


PLAIN_WIDTH = 80  # plain mode's widest line, whatever the terminal


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def output_width(stream: Any) -> int:
    """The width to lay out for: the terminal's when ``stream`` is one, else $COLUMNS,
    else 80 (a pipe or a file). Never below 20, where nothing sensible fits."""
    width = 0
    if _isatty(stream):
        try:
            width = os.get_terminal_size(stream.fileno()).columns
        except (AttributeError, ValueError, OSError):
            width = 0
    return max(20, width or _columns() or 80)


def clean(text: str) -> str:
    """Text on its way to the terminal: controls and bidi overrides shown escaped (an
    imported note cannot clear the screen or retitle the window), tabs as spaces."""
    from cuelog.text import sanitise

    return sanitise(text.replace("\t", "    "), keep="\n")


def message_line(text: str) -> str:
    """An error or warning line: every control character and bidi override shown escaped,
    line breaks too (a message can name a file another device chose)."""
    from cuelog.text import sanitise

    return sanitise(text, keep="")


class Output:
    """stdout for data, stderr for messages; styled only where that is wanted, and laid
    out for the width of where it goes (see ``cuelog.layout``), the same with colour or without.

    The primitives: ``say`` (one paragraph from plain and styled parts, wrapped with a
    hanging indent), ``verbatim`` (never wrapped: a command
    to copy), ``fields`` (label and value pairs), ``table`` (columns that give way in a
    stated order), ``note`` (a message on stderr), ``ask`` and ``confirm``."""

    def __init__(self, plain: bool = False) -> None:
        # Plain (--plain, CUELOG_PLAIN=1, TERM=dumb): for screen readers and dumb terminals, no
        # colour, no block characters, arrows or box drawing, charts said in a sentence, every
        # line wrapped to 80 at most.
        self.plain = plain or plain_wanted()
        self.styled = wants_style(sys.stdout) and not self.plain
        self.err_styled = wants_style(sys.stderr) and not self.plain
        self.width = output_width(sys.stdout)
        self.err_width = output_width(sys.stderr)
        if self.plain:
            self.width, self.err_width = min(self.width, PLAIN_WIDTH), min(self.err_width, PLAIN_WIDTH)
        self._console = None
        self._err_console = None

    @property
    def console(self):
        if self._console is None:
            self._console = _make_console(sys.stdout, self.styled, self.width)
        return self._console

    @property
    def err_console(self):
        if self._err_console is None:
            self._err_console = _make_console(sys.stderr, self.err_styled, self.err_width)
        return self._err_console

    @property
    def columns(self) -> int:
        return self.width

    # -- paragraphs -------------------------------------------------------------------------------
    def say(self, *parts: Part, hang: int | None = None, wrap: bool = True) -> None:
        """One paragraph of human output built from plain and (text, style) parts. Each of its
        lines is wrapped to the width; continuation lines start at ``hang`` (by default under
        the text after a list marker such as "  1. " or "↳ ", or two in from an indented line)."""
        self._emit(parts, self.styled, self.width, hang, wrap, sys.stdout, lambda: self.console)

    def verbatim(self, *parts: Part) -> None:
        """A line never wrapped, so it can be copied whole (a command to run)."""
        self.say(*parts, wrap=False)

    def fields(self, pairs: Sequence[tuple[str, str | Sequence[Part]]], indent: int = 2) -> None:
        """Label and value pairs, labels in one column and each value's lines (wrapped or
        not) starting under the first: ``  note      It passed after…``."""
        if not pairs:
            return
        label_width = max(_cells(label) for label, _ in pairs)
        hang = indent + label_width + 2
        for label, value in pairs:
            parts: list[Part] = [value] if isinstance(value, str) else list(value)
            head: list[Part] = [" " * indent, (label + " " * (label_width - _cells(label)) + "  ", "dim")]
            # Every line of a multi-line value starts under the value, so the hang applies to all of them.
            plain = "".join(p if isinstance(p, str) else p[0] for p in parts)
            if "\n" in plain:
                lines = plain.split("\n")
                self.say(*head, lines[0], hang=hang)
                for line in lines[1:]:
                    self.say(" " * hang + line, hang=hang)
            else:
                self.say(*head, *parts, hang=hang)

    def note(self, text: str, style: str = "dim") -> None:
        """A message for the person, not data: stderr."""
        self._emit([(text, style)], self.err_styled, self.err_width, None, True, sys.stderr, lambda: self.err_console)

    def _emit(self, parts, styled: bool, width: int, hang: int | None, wrap: bool, stream, console) -> None:
        texts = [(clean(p), "") if isinstance(p, str) else (clean(p[0]), p[1] or "") for p in parts]
        if self.plain:  # a marker a screen reader can say; every line fits
            texts = [(t.replace("\u21b3 ", "- "), s) for t, s in texts]
            wrap = True
        plain = "".join(t for t, _ in texts)
        pieces: list[tuple[int, int, str]] = []  # (start, end, indent) of each line shown
        offset = 0
        for line in plain.split("\n"):
            if not wrap:
                pieces.append((offset, offset + len(line), ""))
            else:
                spaces = min(hanging_indent(line) if hang is None else hang, width // 2)
                for k, (s, e) in enumerate(wrap_spans(line, width, spaces)):
                    pieces.append((offset + s, offset + e, " " * spaces if k else ""))
            offset += len(line) + 1
        if not styled:
            print(unglue("\n".join(indent + plain[s:e] for s, e, indent in pieces)), file=stream)
            return
        from rich.text import Text

        assembled = Text.assemble(*[(unglue(t), style) for t, style in texts])
        for s, e, indent in pieces:
            console().print(Text(indent) + assembled[s:e], soft_wrap=True)

    def json(self, data: Any) -> None:
        import json

        from cuelog.text import json_document

        # C1 controls and bidi overrides as \\u escapes too: still the same JSON, safe on a terminal.
        print(json_document(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2)))

    # -- tables -----------------------------------------------------------------------------------
    def table(
        self,
        columns: Sequence[str | Column],
        rows: Iterable[Sequence[str | Cell]],
        *,
        title: str | None = None,
        dropped_hint: str | None = None,
        marks: Callable[[str], list[tuple[int, int]]] | None = None,
        marked: Collection[int] = (),
    ) -> None:
        """A table fitted to the width by ``cuelog.layout.fit_table``: columns give way in their
        stated order, and legend lines say what a short header means or which columns were left
        out (``dropped_hint`` adds where to see them). On a styled terminal, ``marks`` gives the
        spans to highlight in a cell of the ``marked`` columns (a search's matches)."""
        from cuelog.layout import fit_table

        cols = [c if isinstance(c, Column) else Column(c) for c in columns]
        cleaned = [[_clean_cell(c) for c in row] for row in rows]
        fitted = fit_table(cols, cleaned, self.width)
        if title:
            self.say((title, "bold"))
        lines = fitted.lines()
        header_height = len(fitted.header)
        if not self.styled:
            print("\n".join(lines))
        else:
            from rich.text import Text

            for i, line in enumerate(lines):
                style = "bold" if i < header_height else "dim" if i == header_height else ""
                self.console.print(Text(line, style=style), soft_wrap=True)
                if i == header_height and marks is not None:
                    break
            if marks is not None:
                for physical in (x for row in fitted.rows for x in row):
                    self.console.print(_marked_line(fitted, physical, marks, marked), soft_wrap=True)
        for line in fitted.legend:
            self.say((line, "dim"), hang=2)
        if fitted.dropped:
            shown = " and ".join(fitted.dropped)
            from cuelog.wording.insight import NOT_SHOWN_AT_WIDTH

            said = NOT_SHOWN_AT_WIDTH.format(columns=shown)
            self.say((said + (f" {dropped_hint}" if dropped_hint else ""), "dim"))

    # -- questions --------------------------------------------------------------------------------
    def ask(self, question: str, default: str = "", *, suffix: str = ": ") -> str:
        """A question on the terminal (stderr), Enter skips. A numbered question ("1. …")
        takes its answer on the next line, after "↳ " under the question's text, so a long
        question and its answer both keep the indent. The answer is read by ``read_line``:
        editable like a shell line (arrows, Home/End, Ctrl-U, Ctrl-W, ↑ for earlier answers)."""
        text = clean(question)
        marker = re.match(r"\s*\d+\. ", text)
        if marker:
            head = wrap(text, self.err_width, len(marker.group(0)))
            last = " " * len(marker.group(0)) + "↳ "
        else:
            lines = wrap(text, max(10, self.err_width - len(suffix) - 2))
            head, last = lines[:-1], lines[-1] + suffix
        for line in head:
            self._emit([(line, "bold")], self.err_styled, self.err_width, None, False, sys.stderr, self._err)
        bold, plain = ("\x1b[1m", "\x1b[0m") if self.err_styled and not marker else ("", "")
        return read_line(unglue(last), bold, plain) or default

    def _err(self):
        return self.err_console

    def confirm(self, question: str) -> bool:
        """A yes/no question: y, yes, n or no in any case; Enter means no; anything else
        asks again."""
        from cuelog.wording.common import YES_OR_NO

        while True:
            reply = self.ask(question, suffix=" [y/n] (n): ").strip()
            answer = yes_no(reply) if reply else False
            if answer is not None:
                return answer
            self.note(YES_OR_NO, style="yellow")

    def ask_rating(self, question: str, retry: str) -> int | None:
        """A 0-10 rating; Enter skips (None); anything else asks again after ``retry``."""
        while True:
            reply = self.ask(question).strip()
            if not reply:
                return None
            if reply.isdigit() and 0 <= int(reply) <= 10:
                return int(reply)
            self.note(retry, style="yellow")

    def ask_yes_no(self, question: str, retry: str) -> bool:
        """A yes/no question that needs its answer: Enter, or anything but y, yes, n or
        no (any case), asks again after ``retry``."""
        while True:
            answer = yes_no(self.ask(question))
            if answer is not None:
                return answer
            self.note(retry, style="yellow")

    def _question(self, text: str, reserve: int):
        """The question wrapped with its hanging indent, leaving room on every line for
        what rich adds (": ", " [y/n] (n): ") and the first characters of the answer."""
        return self._styled_question("\n".join(wrap(text, max(10, self.err_width - reserve))))

    def _styled_question(self, text: str):
        from rich.text import Text

        return Text(text, style="bold" if self.err_styled else "")


def read_line(prompt: str, start: str = "", end: str = "") -> str:
    """One answer from the person. On a terminal, ``readline`` (imported only then) makes
    ``input()`` edit like a shell line and keeps this run's answers as an in-memory history
    for ↑ (never written to a file: answers are personal). The prompt goes to the
    terminal; when stdout is not one (``cuelog … > file``), to stderr, so data stays clean.
    ``start``/``end`` style the prompt (escape codes marked as taking no room)."""
    if _isatty(sys.stdin):
        import readline  # noqa: F401  (importing it is what turns line editing on)

        if _isatty(sys.stdout):
            styled = f"\001{start}\002{prompt}\001{end}\002" if start else prompt
            return input(styled)
    sys.stderr.write(f"{start}{prompt}{end}")
    sys.stderr.flush()
    return input()


def yes_no(answer: str) -> bool | None:
    """y, yes, n or no in any case, and spaces around; None for anything else."""
    return {"y": True, "yes": True, "n": False, "no": False}.get(answer.strip().lower())


MATCH_STYLE = "bold reverse"


def _marked_line(fitted, cells: Sequence[str], marks: Callable[[str], list[tuple[int, int]]], marked: Collection[int]):
    """One physical line of a table as rich Text, with ``marks``' spans highlighted in the
    cells of the ``marked`` columns."""
    from rich.text import Text

    from cuelog.layout import pad

    line = Text()
    for j, (cell, width, right) in enumerate(zip(cells, fitted.widths, fitted.right, strict=True)):
        if j:
            line.append(fitted.sep)
        start = len(line.plain)
        padded = pad(cell, width, right)
        line.append(padded)
        if fitted.shown[j] in marked:
            offset = start + (len(padded) - len(cell) if right else 0)
            for a, b in marks(cell):
                line.stylize(MATCH_STYLE, offset + a, offset + b)
    line.rstrip()
    return line


def _clean_cell(cell: str | Cell) -> str | Cell:
    """A table cell: one line (line breaks shown as " / "), sanitised, tabs as spaces."""
    from cuelog.text import one_line

    if isinstance(cell, Cell):
        return Cell(one_line(cell.full).replace("\t", " "), one_line(cell.compact).replace("\t", " "))
    return one_line(str(cell)).replace("\t", " ")


def _columns() -> int | None:
    try:
        return int(os.environ.get("COLUMNS", "")) or None
    except ValueError:
        return None


def _make_console(stream: Any, styled: bool, width: int):
    from rich.console import Console

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
        return day_words(moment)
    return f"{day_words(moment.date(), year=False)} {moment:%H:%M}"


def _span(first: date, last: date) -> str:
    """``2 Nov – 22 Nov 2026``."""
    return f"{day_words(first, weekday=False, year=False)} – {day_words(last, weekday=False)}"


def day_label(day: date) -> str:
    return day_words(day)


def cue_label(entry: Entry, dim: str, value: str) -> str:
    """A cue as first typed ("The Crown"): the entry keeps that spelling under its extra key
    ``display`` ({value: spelling}); models validated that it normalises to the value."""
    return entry.shown(value)


def cue_values(entry: Entry, dim: str) -> list[str]:
    return [cue_label(entry, dim, v) for v in getattr(entry.cues, dim)]


def cue_text(entry: Entry) -> str:
    """``the bar; sam; lonely``: every cue, dimensions in their order, as first typed."""
    return "; ".join(", ".join(cue_values(entry, dim)) for dim in DIMENSIONS if getattr(entry.cues, dim))


def short_id(entry_id: str) -> str:
    return entry_id[:8]


USED = {True: "used", False: "no use", None: ""}


def entry_when(entry: Entry, today: date, weekday: bool = True) -> str:
    """When it happened; a check-in is for a day, so it shows the date and no time."""
    if entry.kind == "checkin" and entry.day is not None:
        return day_words(entry.day, weekday=weekday, year=entry.day.year != today.year)
    if weekday:
        return when(entry.at, today)
    return f"{day_words(entry.at.date(), weekday=False, year=entry.at.year != today.year)} {entry.at:%H:%M}"


def entry_what(entry: Entry) -> str:
    """``craving``, ``lapse``, ``check-in, no use``."""
    if entry.kind == "checkin":
        return "check-in" + (f", {USED[entry.used]}" if entry.used is not None else "")
    return entry.kind


def intensity_text(entry: Entry) -> str:
    return "" if entry.intensity is None else f"{entry.intensity}/10"


def entry_row(entry: Entry, today: date) -> list[str]:
    """id, when, what, intensity, cues, note: one entry on one line."""
    note = entry.note or ""
    return [
        short_id(entry.id),
        entry_when(entry, today),
        entry_what(entry),
        intensity_text(entry),
        cue_text(entry),
        note,
    ]


# The list's columns and how they give way (cuelog.layout): the note is cut, then dropped, then the
# cues; the id, the date and the intensity stay whole at every width.
LIST_COLUMNS = (
    Column("id"),
    Column("when"),
    Column("what", compact="no use, used: the day's check-in"),
    Column("int.", right=True),
    Column("cues", drop=2, cut=12),
    Column("note", drop=1, cut=12),
)
LIST_DROPPED_HINT = entries_wording.SHOW_ONE_WHOLE


def list_row(entry: Entry, today: date) -> list[str | Cell]:
    """``entry_row`` with the compact forms the list uses at narrow widths."""
    row: list[str | Cell] = list(entry_row(entry, today))
    row[1] = Cell(str(row[1]), entry_when(entry, today, weekday=False))
    if entry.kind == "checkin" and entry.used is not None:
        row[2] = Cell(str(row[2]), USED[entry.used])
    return row


def show_list(o: Output, entries: Sequence[Entry], today: date, grep: str | None = None) -> None:
    """The list; with ``grep``, its matches in the cues and notes highlighted on a terminal."""
    marks = None
    if grep is not None:
        needle = fold(" ".join(grep.split()))
        marks = lambda text: folded_spans(text, needle)  # noqa: E731
    o.table(
        LIST_COLUMNS,
        [list_row(e, today) for e in entries],
        dropped_hint=LIST_DROPPED_HINT,
        marks=marks,
        marked=(4, 5),  # cues, note
    )


# -- one entry whole ---------------------------------------------------------
# The hours of each time-of-day bucket (the contract's), as the terminal names them.
BUCKET_SPAN = {t.name: f"{t.start:02}–{t.end:02}" for t in TIMES_OF_DAY}


def bucket_label(bucket: str) -> str:
    """``evening (17–22)``: a time-of-day bucket with its hours."""
    span = BUCKET_SPAN.get(bucket)
    return f"{bucket} ({span})" if span else bucket


def full_when(moment: datetime) -> str:
    return day_words(moment)


def show_entry(o: Output, entry: Entry, reflection: dict | None, today: date) -> None:
    """``cuelog show``: every field of one entry, the note and answers in full."""
    from cuelog.models import time_bucket

    checkin = entry.kind == "checkin"
    head: list[Part] = [("Check-in" if checkin else entry.kind.capitalize(), "bold")]
    if entry.intensity is not None:
        head.append((f" {entry.intensity}/10", "bold"))
    head.append(f" · {entry_when(entry, today) if checkin else full_when(entry.at)}")
    head.append((f"  [{short_id(entry.id)}]", "dim"))
    o.say(*head)

    fields: list[tuple[str, str | Sequence[Part]]] = []
    full_id = entry.id if _cells(entry.id) + 14 <= o.width else short_id(entry.id)
    fields.append(("id", full_id))
    fields.append(("kind", "check-in" if checkin else entry.kind))
    if checkin:
        fields.append(("date", day_label(entry.day) if entry.day else "–"))
        fields.append(("used", USED[entry.used] or entries_wording.NOT_SAID))
        fields.append(("peak craving", intensity_text(entry) or entries_wording.NOT_GIVEN))
    else:
        fields.append(("when", f"{full_when(entry.at)}, {bucket_label(time_bucket(entry.at))}"))
        fields.append(("intensity", intensity_text(entry) or entries_wording.NOT_GIVEN))
    dims = [dim for dim in DIMENSIONS if getattr(entry.cues, dim)]
    for dim in dims:
        fields.append((dim, ", ".join(cue_values(entry, dim))))
    if not dims:
        fields.append(("cues", entries_wording.NONE))
    if not checkin:
        fields.append(("coping", "; ".join(entry.coping) or entries_wording.NONE_NOTED))
    if entry.kind == "craving":
        fields.append(("minutes", entries_wording.NOT_NOTED if entry.minutes is None else str(entry.minutes)))
    amount = entry.amount
    if amount not in (None, ""):
        fields.append(("amount", str(amount)))
    fields.append(("note", entry.note or entries_wording.NONE))
    fields.append(("logged", full_when(entry.logged_at)))
    fields.append(("changed", full_when(entry.edited_at) if entry.edited_at else entries_wording.NOT_CHANGED))
    o.fields(fields)

    if reflection is None:
        return
    questions = reflection["questions"]
    answered = [(i, q) for i, q in enumerate(questions, 1) if q["answer"]]
    o.say("")
    answered_line = entries_wording.REFLECTION_ANSWERED.format(
        answered=len(answered), questions=plural(len(questions), "question")
    )
    o.say(("Reflection", "bold"), answered_line)
    for i, q in answered:
        marker = f"  {i}. "
        o.say(marker + q["prompt"])
        under = " " * len(marker)
        o.say((under + "↳ " + q["answer"].replace("\n", "\n" + under + "  "), "green"))
    if len(answered) < len(questions):
        o.say("")
        o.say((entries_wording.REFLECTION_THE_REST, "dim"))
        o.verbatim(("    cuelog reflect " + short_id(entry.id), "dim"))


# -- status ---------------------------------------------------------------
def show_status(o: Output, view) -> None:
    """The person's own data first, then weeks 2-4 (in full or in one line), then the
    safety notices, then where the facts come from. ``view``: a ``service.StatusView``."""
    from cuelog import wording
    from cuelog.wording import entries, insight

    doc = view.doc
    show_status_top(o, view)
    if doc["quit_date"] is None:
        if doc.get("goals"):  # cut-down or track-only goals, no quit date
            show_goals(o, doc["goals"])
            show_notices(o, view.notices)
            return
        o.say(entries.NO_QUIT_DATE)
        if doc["lapses_since_quit"]:
            o.say(insight.LAPSES_LOGGED.format(count=doc["lapses_since_quit"]))
        show_notices(o, view.notices)
        return
    quit_day = date.fromisoformat(doc["quit_date"])
    days = doc["days_since_quit"]
    what = f" ({doc['substance']})" if doc.get("substance") else ""
    if len(doc.get("goals") or []) > 1:  # several goals: one line each, then the newest quit date's window
        show_goals(o, doc["goals"])
        if view.comparison and days >= 0:
            o.say(insight.JOURNAL_COMPARISON.format(comparison=view.comparison))
    else:
        _show_one_quit_date(o, view, quit_day, what)
    if doc.get("top_cues"):
        show_plan_effects(o, doc["top_cues"])
    if view.window is not None:
        o.say("")
        for paragraph in view.window.text.split("\n"):
            o.say(paragraph)
    show_notices(o, view.notices)
    if view.window is not None and wording.SOURCES_POINTER not in view.window.text:
        o.say("")
        o.say((wording.SOURCES_POINTER, "dim"))


def _show_one_quit_date(o: Output, view, quit_day, what: str) -> None:
    """Status with one goal: the quit date's day and week, attempts, use since it."""
    from cuelog import wording
    from cuelog.wording import insight

    doc = view.doc
    days = doc["days_since_quit"]
    if days < 0:
        ahead = insight.QUIT_DATE_AHEAD.format(quit_date=day_label(quit_day), substance=what, days=plural(-days, "day"))
        o.say(("Quit date: ", "bold"), ahead)
    else:
        o.say(
            ("Quit date: ", "bold"),
            f"{day_label(quit_day)}{what} · ",
            (f"day {days}", "bold"),
            f" · week {doc['week']}",
        )
    if doc.get("attempts", 0) > 1:
        o.say(insight.ATTEMPT_OF.format(attempt=doc["attempt"], attempts=doc["attempts"]))
    if days >= 0:
        if view.comparison:
            o.say(insight.JOURNAL_COMPARISON.format(comparison=view.comparison))
        else:
            o.say((insight.JOURNAL_TOO_SHORT, "dim"))
        if view.use_line:
            o.say(view.use_line)
        lapses = doc["lapses_since_quit"]
        if lapses:
            o.say(insight.LAPSES_SINCE_QUIT.format(count=lapses, line=wording.LAPSES_LINE))
        else:
            o.say(insight.NO_LAPSES_SINCE_QUIT)
        if doc.get("use_days_since_quit", lapses) != lapses:  # a used check-in, or lapses on one day
            from cuelog.wording.safetyplan import use_days

            o.say(use_days(doc["use_days_since_quit"]))


def show_goals(o: Output, goals: list[dict]) -> None:
    """One line per goal in force: a stop goal's day, week and use since its quit date;
    a cut-down goal's week against its limit."""
    from cuelog.wording import goals as words

    o.say((words.GOALS_HEADING, "bold"))
    for goal in goals:
        name = goal.get("substance_typed") or goal.get("substance") or words.UNNAMED
        if goal["type"] == "stop":
            line = words.stop_status(
                day_label(date.fromisoformat(goal["quit_date"])),
                goal["days_since_quit"],
                goal["week"],
                goal["in_extinction_burst"],
                goal["lapses_since_quit"],
                goal["use_days_since_quit"],
            )
        elif goal["type"] == "cut-down":
            limit = goal["limit"]
            line = words.cut_down_status(
                words.limit_text(limit["per_day"], limit["unit"], limit["days_per_week"]),
                goal["this_week"]["use_days"],
                limit["days_per_week"],
                goal["this_week"].get("amount"),
                limit["unit"],
                goal["this_week"].get("days_over_per_day", 0),
            )
        else:
            line = words.goal_what("track")
        o.say("  ", (name, "bold"), f" — {line}")


def show_status_top(o: Output, view) -> None:
    """For 72 hours after a disclosure, one line with its date; for 48 hours after a use,
    the person's own plan for the next 24 hours, in their words."""
    from cuelog.wording import safetyplan as words

    if view.crisis_reminder:
        since = datetime.fromisoformat(view.crisis_reminder["since"]).date()
        o.say((words.crisis_reminder(day_words(since, year=False), view.crisis_reminder["line"]), "bold"))
    if view.own_plan:
        day = day_words(datetime.fromisoformat(view.own_plan["at"]).date(), year=False)
        o.say(words.OWN_24_HOURS.format(day=day, text=view.own_plan["text"]))
    if view.crisis_reminder or view.own_plan:
        o.say("")


SAFETY_STYLE = {"crisis": "bold", "overdose-emergency": "bold"}


def show_notices(o: Output, notices, *, to_stderr: bool = False) -> None:
    """Safety notices, each its own paragraph; the crisis and emergency lines in bold
    (never red: they are not a warning light)."""
    for notice in notices:
        style = SAFETY_STYLE.get(notice.key, "")
        if to_stderr:
            o.note(notice.text, style=style)
        else:
            o.say("")
            o.say((notice.text, style) if style else notice.text)


# -- summary --------------------------------------------------------------
SPARK = " ▁▂▃▄▅▆▇█"


def spark_rows(daily: list[dict], first: date, last: date, window: tuple[date, date] | None) -> list[str]:
    """Three aligned rows, one column a day: peak craving, the window, lapses."""
    by_day = {d["date"]: d for d in daily}
    peaks, marks, lapses = [], [], []
    day = first
    while day <= last:
        slot = by_day.get(day.isoformat())
        peak = slot["peak"] if slot else None
        peaks.append("·" if peak is None else SPARK[max(1, round(peak * 8 / 10))] if peak else "▁")
        marks.append("═" if window and window[0] <= day <= window[1] else " ")
        lapses.append("▲" if slot and slot["lapses"] else " ")
        day = date.fromordinal(day.toordinal() + 1)
    return ["".join(peaks), "".join(marks), "".join(lapses)]


def shown_value(item: dict) -> str:
    """A cue item's value as first typed (its "shown" spelling), else as stored."""
    return item.get("shown") or item["value"]


def _cue_row(rank: int, item: dict) -> list[str]:
    mean = "" if item["mean_intensity"] is None else f"{item['mean_intensity']:g}"
    return [
        str(rank),
        f"{item['dimension']}: {shown_value(item)}",
        str(item["count"]),
        str(item["lapses"]),
        mean,
        str(item["followed_by_lapse"]),
    ]


TOP_CUE_COLUMNS = (
    Column("#", right=True),
    Column("top cues", cut=12),
    Column("count", short="n", explain="cravings and lapses with the cue", right=True),
    Column("lapses", short="lap.", explain="of them lapses", right=True),
    Column("mean", right=True),
    Column("lapse ≤24h after", short="≤24h", explain="cravings with the cue a lapse followed within a day", right=True),
)


def phase_columns(in_progress: bool = False) -> tuple[Column, ...]:
    from cuelog.text import PHASE_EXPLAINED, PHASE_HEADERS
    from cuelog.wording import insight

    shorts = {"Days with data": "Data", "Cravings": "Crav.", "Per day": "/day", "Mean daily peak": "Peak"}
    legend = insight.PHASE_LEGEND + (insight.PHASE_LEGEND_NOW * in_progress)
    return tuple(
        Column(h, compact=legend)
        if i == 0
        else Column(h, short=shorts.get(h), explain=PHASE_EXPLAINED.get(h), right=True)
        for i, h in enumerate(PHASE_HEADERS)
    )


def _phase_label(phase: dict) -> str:
    from cuelog.text import PHASE_LABELS

    name = PHASE_LABELS.get(phase["phase"], (phase["phase"], ""))[0]
    return f"{name} (now)" if phase.get("in_progress") else name


def show_summary(o: Output, doc: dict, first: date | None, last: date) -> None:
    from cuelog.wording import insight

    totals = doc["totals"]
    period = insight.ALL_TIME if first is None else _span(first, last)
    from cuelog.text import entry_counts

    o.say(("Summary", "bold"), f" · {period} · {entry_counts(totals)}")
    if not (totals["craving"] or totals["lapse"]):
        o.say(insight.NOTHING_TO_SUMMARISE)
        return
    o.say("")
    if doc["top_cues"]:
        o.table(TOP_CUE_COLUMNS, [_cue_row(i, item) for i, item in enumerate(doc["top_cues"], 1)])
        o.say("")
    if doc["top_cues"] and "plan" in doc["top_cues"][0]:
        show_plan_effects(o, doc["top_cues"])
        o.say("")
    o.say(("Cues by dimension", "bold"))
    for dim, items in doc["by_dimension"].items():
        if items:
            o.say(
                f"  {dim:<9} " + _fit([glued(f"{shown_value(i)} {i['count']}") for i in items], o.width - 12), hang=12
            )
    o.say("")
    o.say(
        ("When", "bold"),
        "      " + " · ".join(glued(f"{bucket_label(k)} {v}") for k, v in doc["time_of_day"].items()),
        hang=10,
    )
    o.say("          " + " · ".join(glued(f"{k.capitalize()} {v}") for k, v in doc["weekday"].items()), hang=10)
    if doc["coping"]:
        o.say("")
        passed = doc["cravings_passed_without_lapse"]
        pending = doc.get("pending", 0)
        told = totals["craving"] - pending
        o.say(
            ("Coping", "bold"),
            insight.cravings_passed(passed, told, pending),
            hang=8,
        )
        for c in doc["coping"][:6]:
            o.say(
                insight.COPING_USED.format(coping=c["coping"], used=c["used"], passed=c["passed_without_lapse"])
                + (insight.COPING_PENDING.format(pending=c["pending"]) if c.get("pending") else "")
            )
    window = doc.get("extinction_burst")
    if window:
        from cuelog.text import phase_rows

        rows: list[list[str | Cell]] = [[str(c) for c in row] for row in phase_rows(window["phases"])]
        if rows:
            labels = [_phase_label(p) for p in window["phases"] if p["days"]]
            for row, label in zip(rows, labels, strict=False):
                row[0] = Cell(str(row[0]), label)
            o.say("")
            o.say((insight.WEEKS_2_4_HEADING, "bold"), f" (quit date {window['quit_date']})")
            o.table(phase_columns(any(p.get("in_progress") for p in window["phases"])), rows)
    if doc["daily"]:
        end = last
        days = max(7, min(60, o.width - 2))  # one column a day, as many days as the width holds
        start = max(first or date.fromisoformat(doc["daily"][0]["date"]), date.fromordinal(end.toordinal() - days + 1))
        bounds = (date.fromisoformat(window["start"]), date.fromisoformat(window["end"])) if window else None
        o.say("")
        if o.plain:
            o.say(_daily_sentence(doc["daily"], start, end))
            return
        rows_ = spark_rows(doc["daily"], start, end, bounds)
        o.say(("Daily peak craving", "bold"), " " + _span(start, end))
        o.verbatim(("  " + rows_[0], "cyan"))
        if bounds and "═" in rows_[1]:
            o.verbatim(("  " + rows_[1], "yellow"))
        if "▲" in rows_[2]:
            o.verbatim(("  " + rows_[2], "magenta"))
        o.say((insight.SPARK_KEY, "dim"))


def _daily_sentence(daily: list[dict], first: date, last: date) -> str:
    """The sparkline's days said in one sentence: the highest peak, the mean, the lapses."""
    from cuelog.wording import insight

    shown = [d for d in daily if first.isoformat() <= d["date"] <= last.isoformat()]
    peaks = [d for d in shown if d["peak"] is not None]
    top = max(peaks, key=lambda d: (d["peak"], d["date"])) if peaks else None
    words = lambda d: day_words(date.fromisoformat(d["date"]), year=False)  # noqa: E731
    return insight.daily_peak_sentence(
        _span(first, last),
        top["peak"] if top else None,
        words(top) if top else None,
        sum(d["peak"] for d in peaks) / len(peaks) if peaks else None,
        len(peaks),
        (last - first).days + 1,
        [words(d) for d in shown if d["lapses"]],
    )


def _fit(parts: list[str], width: int) -> str:
    """Join as many parts as fit in ``width``, then say how many more there are."""
    shown: list[str] = []
    for i, part in enumerate(parts):
        rest = len(parts) - i - 1
        candidate = " · ".join([*shown, part]) + (f" · +{rest} more" if rest else "")
        if shown and _cells(candidate) > width:
            return " · ".join(shown) + f" · +{len(parts) - len(shown)} more"
        shown.append(part)
    return " · ".join(shown)


# -- reflection -------------------------------------------------------------
def reflection_questions(doc: dict, skip: Iterable[str] = ()) -> list[dict]:
    """The questions to show, in order, without those in ``skip`` (after a lapse the
    plan for the next 24 hours has just been asked, above the others)."""
    skipped = set(skip)
    return [q for q in doc["questions"] if q["key"] not in skipped]


def show_answer(o: Output, answer: str) -> None:
    o.say(("     ↳ " + answer.replace("\n", "\n       "), "italic"))


def show_reflection(o: Output, doc: dict, header: str, *, skip: Iterable[str] = (), reframe: bool = True) -> None:
    """The questions, each with its saved answer, once; then the lapse message once
    (``reframe=False`` where it was just said)."""
    o.say("")
    o.say((header, "bold"))
    for i, q in enumerate(reflection_questions(doc, skip), 1):
        o.say(f"  {i}. {q['prompt']}")
        if q["answer"]:
            show_answer(o, q["answer"])
    if reframe:
        o.say("")
        o.say((doc["reframe"], "italic"))


# -- plans ------------------------------------------------------------------
def plan_effect_line(item: dict) -> str:
    from cuelog.wording import insight

    effect = item["plan"]
    cue = f"{item['dimension']}: {shown_value(item)}"
    if not effect["plan"]:
        return insight.PLAN_NONE_YET.format(cue=cue)
    since = day_words(datetime.fromisoformat(effect["since"]).date(), weekday=False, year=False)
    told = effect["cravings"] - effect.get("pending", 0)
    if told <= 0:
        pending = effect.get("pending", 0)
        if not pending:
            return insight.PLAN_NO_CRAVING_SINCE.format(cue=cue, since=since)
        return insight.PLAN_ONLY_RECENT.format(cue=cue, since=since, cravings=plural(pending, "craving"))
    tail = insight.PLAN_PENDING_TAIL.format(pending=effect["pending"]) if effect.get("pending") else ""
    return insight.PLAN_PASSED.format(
        cue=cue, since=since, passed=effect["passed_without_lapse"], cravings=plural(told, "craving"), tail=tail
    )


def show_plan_effects(o: Output, items: list[dict]) -> None:
    from cuelog.wording.insight import PLAN_EFFECTS_HEADING, plans_none_yet

    if items and "plan" in items[0]:
        o.say((PLAN_EFFECTS_HEADING, "bold"))
        for item in items:
            if item["plan"]["plan"]:
                o.say(plan_effect_line(item))
        without = [f"{item['value']} ({item['dimension']})" for item in items if not item["plan"]["plan"]]
        if without:  # said once, however many cues have none
            o.say(plans_none_yet(without), hang=4)


def show_outlook(o: Output, doc: dict) -> None:
    from cuelog.wording import insight

    if not doc["enough_data"]:
        o.say(doc["message"])
        return
    o.say((insight.OUTLOOK_HEADING, "bold"), insight.OUTLOOK_FROM)
    if doc.get("note"):
        o.say((doc["note"], "dim"))
    suggested: set[str] = set()
    for cell in doc["high_risk"]:
        day = day_words(date.fromisoformat(cell["date"]), year=False)
        counts = plural(cell["cravings"], "craving")
        if cell["lapses"]:
            counts += f" and {plural(cell['lapses'], 'lapse')}"
        o.say("")
        o.say(
            (f"{day}, {bucket_label(cell['time_of_day'])}", "bold yellow"),
            insight.OUTLOOK_SLOT.format(
                counts=counts, weekday=cell["weekday"].capitalize(), time_of_day=cell["time_of_day"]
            ),
        )
        if cell["top_cues"]:
            o.say(insight.OUTLOOK_USUALLY + ", ".join(f"{shown_value(c)} ({c['dimension']})" for c in cell["top_cues"]))
        for plan in cell["plans"]:
            cues = " + ".join(v for values in plan["cues"].values() for v in values)
            o.say(insight.OUTLOOK_YOUR_PLAN, cues, " then ", (plan["then"], "bold"))
        if cell["suggestion"] and cell["suggestion"] in suggested:
            o.say(insight.OUTLOOK_NO_PLAN_AGAIN)  # the command is above: said once
        elif cell["suggestion"]:
            suggested.add(cell["suggestion"])
            o.say(insight.OUTLOOK_NO_PLAN, (cell["suggestion"], "cyan"))
    if doc["recurring"]:
        o.say("")
        o.say((insight.OUTLOOK_RECURRING_HEADING, "bold"))
        for r in doc["recurring"]:
            o.say(
                insight.OUTLOOK_RECURRING.format(
                    value=shown_value(r),
                    dimension=r["dimension"],
                    weeks=r["weeks"],
                    weekday=r["usual_weekday"].capitalize(),
                    has_plan=insight.OUTLOOK_HAS_PLAN if r["plans"] else "",
                )
            )


# -- help now -----------------------------------------------------------------
def show_help_now_crisis(o: Output, line: str) -> None:
    """The crisis line and the emergency number, on one line."""
    o.say((line, "bold"))


def show_help_now(o: Output, doc: dict, problem: str | None, *, crisis_shown: bool, shown_at_most: int) -> None:
    """Help in ten seconds: a crisis reminder (72 hours after a disclosure), then what to
    do now (the safety plan's first steps, the plan that fits, one person to call, their
    own 24-hour plan), the crisis line on one line, the overdose lines only after a recent
    use, riding out the craving, and one short line at the end. Empty sections are left out."""
    from cuelog.wording import safety as safety_words
    from cuelog.wording import safetyplan as words

    line = words.compact_crisis(doc["crisis"]["lines"])
    if doc.get("crisis_reminder"):
        since = datetime.fromisoformat(doc["crisis_reminder"]["since"]).date()
        o.say((words.crisis_reminder(day_words(since, year=False), line), "bold"))
        crisis_shown = True
    now: list[list[Part]] = []
    plan = doc.get("safety_plan")
    if plan:
        for key in ("on_my_own", "distractions"):
            if plan["steps"].get(key):
                now.append([f"{words.STEP_LABELS[key]}: ", ("; ".join(plan["steps"][key]), "bold")])
    plans = doc["plans"]
    fitting = [p for p in plans if p["matches"]]
    general = [p for p in plans if not p["if"]]  # plans with no cue fit any time: after those that fit now
    shown_plans = fitting[:2] + general[:1] if (fitting or plan) else plans[:3]
    from cuelog.wording.plans import ANY_TIME

    for p in shown_plans:
        mark = safety_words.HELP_NOW_FITS_NOW if p["matches"] else ""
        now.append([f"If {p['if']} then " if p["if"] else f"{ANY_TIME.capitalize()}: ", (p["then"], "bold"), mark])
    person = doc.get("call_first")
    if person:
        if person.get("phone"):
            now.append(
                [words.CALL_PERSON.format(name=person["name"], phone="").rstrip(), (f" {person['phone']}", "bold")]
            )
        else:
            now.append([words.CALL_PERSON_NO_NUMBER.format(name=person["name"])])
    own = doc.get("next_24_hours")
    if own:
        day = day_words(datetime.fromisoformat(own["at"]).date(), year=False)
        now.append([words.OWN_24_HOURS.format(day=day, text=own["text"])])
    if now:
        o.say((words.NOW_HEADING, "bold"))
        for parts in now:
            o.say("  ", *parts)
    if problem:
        o.say(safety_words.HELP_NOW_UNREADABLE.format(problem=problem).strip())
    if not crisis_shown:
        show_help_now_crisis(o, line)
        if doc["crisis"].get("place"):
            o.say((doc["crisis"]["place"], "dim"))
    if doc.get("recent_use"):
        o.say(doc["overdose"])
    surf = doc["urge_surfing"]
    o.say("")
    o.say((surf["heading"], "bold"), " ", surf["intro"])
    for i, step in enumerate(surf["steps"], 1):
        o.say(f"  {i}. {step}")
    people = doc.get("people_to_ask") or doc["support"]
    left_out = len(plans) > len(shown_plans) or len(people) > 1
    if not (plans or people or plan or problem):
        o.say((words.START_HINT, "dim"))
    elif left_out:
        o.say((words.MORE_IN, "dim"))
    else:
        o.say((doc["sources"], "dim"))


# -- sources ------------------------------------------------------------------
def show_sources(o: Output, doc: dict) -> None:
    from cuelog.wording.common import SOURCES_HEADING

    o.say((SOURCES_HEADING, "bold"))
    for source in doc["sources"]:
        o.say("")
        o.say((source["key"], "bold"))
        o.say(source["claim"])
        for reference in source["sources"]:
            o.say(f"  · {reference}")
