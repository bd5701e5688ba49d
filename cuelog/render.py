"""Terminal output. rich is imported only when something is drawn with it, so a
piped one-line confirmation (the common cron and script case) never loads it."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from cuelog.models import DIMENSIONS, Entry
from cuelog.wording import plural

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
        self.width = _columns() or 80

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

    @property
    def columns(self) -> int:
        return self.console.width if self.styled else self.width

    def say(self, *parts: Part) -> None:
        """One line of human output built from plain and (text, style) parts."""
        if not self.styled:
            print(_wrap("".join(p if isinstance(p, str) else p[0] for p in parts), self.width))
            return
        from rich.text import Text

        self.console.print(Text.assemble(*parts))

    def note(self, text: str, style: str = "dim") -> None:
        """A message for the person, not data: stderr."""
        if not self.err_styled:
            print(_wrap(text, self.width), file=sys.stderr)
            return
        from rich.text import Text

        self.err_console.print(Text(text, style=style))

    def json(self, data: Any) -> None:
        import json

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
        if self.styled:
            self.console.print(table)
            return
        with self.console.capture() as captured:
            self.console.print(table)
        print("\n".join(line.rstrip() for line in captured.get().splitlines()))

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


def _columns() -> int | None:
    try:
        return int(os.environ.get("COLUMNS", "")) or None
    except ValueError:
        return None


def _wrap(text: str, width: int) -> str:
    """Plain output wraps long prose at word boundaries, keeping the line's indent."""
    if len(text) <= width or "\n" in text:
        return text
    import re
    import textwrap

    indent = " " * (len(text) - len(text.lstrip(" ")))
    marker = re.match(r"\s*(\d+\. |↳ )", text)
    hanging = " " * (len(marker.group(0)) if marker else len(indent) + (2 if indent else 0))
    return textwrap.fill(text, width, subsequent_indent=hanging, break_long_words=False, break_on_hyphens=False)


def _make_console(stream: Any, styled: bool):
    from rich.console import Console

    width = None if styled else _columns() or 100
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


# -- status ---------------------------------------------------------------
def show_status(o: Output, view) -> None:
    """The person's own data first, then weeks 2-4 (in full or in one line), then the
    safety notices, then where the facts come from. ``view``: a ``service.StatusView``."""
    from cuelog import wording

    doc = view.doc
    if doc["quit_date"] is None:
        o.say("No quit date yet. Set one with: cuelog quit-date YYYY-MM-DD [--substance NAME]")
        if doc["lapses_since_quit"]:
            o.say(f"Lapses logged: {doc['lapses_since_quit']}")
        show_notices(o, view.notices)
        return
    quit_day = date.fromisoformat(doc["quit_date"])
    days = doc["days_since_quit"]
    what = f" ({doc['substance']})" if doc.get("substance") else ""
    if days < 0:
        o.say(("Quit date: ", "bold"), f"{day_label(quit_day)}{what} — in {plural(-days, 'day')}.")
    else:
        o.say(
            ("Quit date: ", "bold"),
            f"{day_label(quit_day)}{what} · ",
            (f"day {days}", "bold"),
            f" · week {doc['week']}",
        )
    if doc.get("attempts", 0) > 1:
        o.say(f"Attempt {doc['attempts']} in your history; earlier attempts stay there.")
    if days >= 0:
        if view.comparison:
            o.say("Your journal: " + view.comparison)
        else:
            o.say(("Your journal does not yet have enough days to compare weeks 2–4 with the rest.", "dim"))
        if view.use_line:
            o.say(view.use_line)
        lapses = doc["lapses_since_quit"]
        if lapses:
            o.say(f"Lapses since your quit date: {lapses} — {wording.LAPSES_LINE}")
        else:
            o.say("Lapses since your quit date: 0.")
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


def _cue_row(rank: int, item: dict) -> list[str]:
    mean = "" if item["mean_intensity"] is None else f"{item['mean_intensity']:g}"
    return [
        str(rank),
        f"{item['dimension']}: {item['value']}",
        str(item["count"]),
        str(item["lapses"]),
        mean,
        str(item["followed_by_lapse"]),
    ]


def show_summary(o: Output, doc: dict, first: date | None, last: date) -> None:
    totals = doc["totals"]
    period = "all time" if first is None else f"{first.strftime('%-d %b')} – {last.strftime('%-d %b %Y')}"
    from cuelog.text import entry_counts

    o.say(("Summary", "bold"), f" · {period} · {entry_counts(totals)}")
    if not (totals["craving"] or totals["lapse"]):
        o.say("Nothing to summarise yet. Each craving you log adds to the picture: cuelog craving 5 --place home")
        return
    o.say("")
    if doc["top_cues"]:
        o.table(
            ["#", "top cues", "count", "lapses", "mean", "lapse ≤24h after"],
            [_cue_row(i, item) for i, item in enumerate(doc["top_cues"], 1)],
        )
        o.say("")
    if doc["top_cues"] and "plan" in doc["top_cues"][0]:
        show_plan_effects(o, doc["top_cues"])
        o.say("")
    o.say(("Cues by dimension", "bold"))
    for dim, items in doc["by_dimension"].items():
        if items:
            o.say(f"  {dim:<9} " + _fit([f"{i['value']} {i['count']}" for i in items], o.columns - 12))
    o.say("")
    o.say(("When", "bold"), "      " + " · ".join(f"{k} {v}" for k, v in doc["time_of_day"].items()))
    o.say("          " + " · ".join(f"{k.capitalize()} {v}" for k, v in doc["weekday"].items()))
    if doc["coping"]:
        o.say("")
        passed = doc["cravings_passed_without_lapse"]
        o.say(("Coping", "bold"), f"  {passed} of {totals['craving']} cravings passed without a lapse in the next day")
        for c in doc["coping"][:6]:
            o.say(f"  {c['coping']}: used {c['used']}×, passed without a lapse {c['passed_without_lapse']}×")
    window = doc.get("extinction_burst")
    if window:
        from cuelog.text import PHASE_HEADERS, phase_rows

        rows = [[str(c) for c in row] for row in phase_rows(window["phases"])]
        if rows:
            o.say("")
            o.say(("Weeks 2–4 against the rest", "bold"), f" (quit date {window['quit_date']})")
            o.table(PHASE_HEADERS, rows)
    if doc["daily"]:
        end = last
        start = max(first or date.fromisoformat(doc["daily"][0]["date"]), date.fromordinal(end.toordinal() - 59))
        bounds = (date.fromisoformat(window["start"]), date.fromisoformat(window["end"])) if window else None
        rows = spark_rows(doc["daily"], start, end, bounds)
        o.say("")
        o.say(("Daily peak craving", "bold"), f" {start.strftime('%-d %b')} – {end.strftime('%-d %b %Y')}")
        o.say(("  " + rows[0], "cyan"))
        if bounds and "═" in rows[1]:
            o.say(("  " + rows[1], "yellow"))
        if "▲" in rows[2]:
            o.say(("  " + rows[2], "magenta"))
        o.say(("  · no data   ═ weeks 2–4   ▲ lapse", "dim"))


def _fit(parts: list[str], width: int) -> str:
    """Join as many parts as fit in ``width``, then say how many more there are."""
    shown: list[str] = []
    for i, part in enumerate(parts):
        rest = len(parts) - i - 1
        candidate = " · ".join([*shown, part]) + (f" · +{rest} more" if rest else "")
        if shown and len(candidate) > width:
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
    effect = item["plan"]
    cue = f"{item['dimension']}: {item['value']}"
    if not effect["plan"]:
        return f"  {cue} — no plan yet"
    since = datetime.fromisoformat(effect["since"]).strftime("%-d %b")
    return (
        f"  {cue} — plan since {since}: {effect['passed_without_lapse']} of "
        f"{plural(effect['cravings'], 'craving')} passed without a lapse"
    )


def show_plan_effects(o: Output, items: list[dict]) -> None:
    if items and "plan" in items[0]:
        o.say(("Plans for your top cues", "bold"))
        for item in items:
            o.say(plan_effect_line(item))


def show_outlook(o: Output, doc: dict) -> None:
    if not doc["enough_data"]:
        o.say(doc["message"])
        return
    o.say(("This week's higher-risk times", "bold"), " (from your last 12 weeks)")
    for cell in doc["high_risk"]:
        day = date.fromisoformat(cell["date"]).strftime("%a %-d %b")
        counts = plural(cell["cravings"], "craving")
        if cell["lapses"]:
            counts += f" and {plural(cell['lapses'], 'lapse')}"
        o.say("")
        o.say(
            (f"{day}, {cell['time_of_day']}", "bold yellow"),
            f": {counts} on {cell['weekday'].capitalize()} {cell['time_of_day']}s lately",
        )
        if cell["top_cues"]:
            o.say("  Usually: " + ", ".join(f"{c['value']} ({c['dimension']})" for c in cell["top_cues"]))
        for plan in cell["plans"]:
            cues = " + ".join(v for values in plan["cues"].values() for v in values)
            o.say("  Your plan: if ", cues, " then ", (plan["then"], "bold"))
        if cell["suggestion"]:
            o.say("  No plan for this yet. Make one: ", (cell["suggestion"], "cyan"))
    if doc["recurring"]:
        o.say("")
        o.say(("Recurring", "bold"))
        for r in doc["recurring"]:
            has = " (you have a plan)" if r["plans"] else ""
            o.say(
                f"  {r['value']} ({r['dimension']}): on {r['weeks']} of the last 12 weeks, "
                f"mostly {r['usual_weekday'].capitalize()}{has}"
            )


# -- help now -----------------------------------------------------------------
def show_help_now_crisis(o: Output, doc: dict) -> None:
    """The top of the help-now screen: where to turn, for the person's place."""
    o.say((doc["crisis"]["heading"], "bold"))
    for line in doc["crisis"]["lines"]:
        o.say(f"  • {line}")
    o.say(doc["overdose"])


def show_help_now_rest(o: Output, doc: dict, problem: str | None, *, shown_at_most: int) -> None:
    """Their plans (matching ones first), their people, riding out the craving, sources."""
    from cuelog import wording

    o.say("")
    o.say((wording.HELP_NOW_PLANS_HEADING, "bold"))
    if problem:
        o.say(f"  (your journal could not be read: {problem})")
    plans = doc["plans"]
    if not plans and not problem:
        o.say("  " + wording.HELP_NOW_PLANS_NONE)
    for plan in plans[:shown_at_most]:
        mark = "  (fits now)" if plan["matches"] else ""
        o.say(f"  If {plan['if']} then ", (plan["then"], "bold"), mark)
    if len(plans) > shown_at_most:
        o.say((f"  {len(plans) - shown_at_most} more: cuelog plan list", "dim"))
    o.say((wording.HELP_NOW_SUPPORT_HEADING, "bold"))
    people = doc["support"]
    if not people and not problem:
        o.say("  " + wording.HELP_NOW_SUPPORT_NONE)
    for person in people[:shown_at_most]:
        parts: list[Part] = [f"  {person['name']}"]
        if person["phone"]:
            parts.append((f"  {person['phone']}", "bold"))
        if person["note"]:
            parts.append(f"  ({person['note'].splitlines()[0]})")
        o.say(*parts)
    if len(people) > shown_at_most:
        o.say((f"  {len(people) - shown_at_most} more: cuelog support list", "dim"))
    surf = doc["urge_surfing"]
    o.say((surf["heading"], "bold"))
    o.say(surf["intro"])
    for i, step in enumerate(surf["steps"], 1):
        o.say(f"  {i}. {step}")
    o.say((doc["sources"], "dim"))


# -- sources ------------------------------------------------------------------
def show_sources(o: Output, doc: dict) -> None:
    o.say(("Where cuelog's general claims come from", "bold"))
    for source in doc["sources"]:
        o.say("")
        o.say((source["key"], "bold"))
        o.say(source["claim"])
        for reference in source["sources"]:
            o.say(f"  · {reference}")
