"""Dates, counts and labels the section model words its sentences with."""

from __future__ import annotations

from datetime import date, datetime

from cuelog.text import day_words, number

STATE_MARK = {"used": "U", "no use": "·", "no data": ""}
OUTSIDE_MARK = "–"
QUIT_MARK = "Q"

num = number


def _date(value: str | date) -> date:
    if isinstance(value, str):
        return date.fromisoformat(value)
    return value.date() if isinstance(value, datetime) else value


def day(text: str | date) -> str:
    """``Mon 2 Nov 2026``."""
    return day_words(_date(text))


def short_day(text: str | date) -> str:
    """``Mon 2 Nov``: for ranges inside one year."""
    return day_words(_date(text), year=False)


def day_range(first: str | date, last: str | date, joiner: str = "–") -> str:
    """``Mon 2 Nov – Sun 22 Nov 2026`` (or ``… to …``), the year once when both share it."""
    a, b = _date(first), _date(last)
    return f"{short_day(a) if a.year == b.year else day(a)} {joiner} {day(b)}"


def moment(text: str) -> str:
    return day_words(datetime.fromisoformat(text))


def calendar_weeks(calendar: list[dict]) -> list[tuple[date, list[tuple[date, dict | None]]]]:
    """Rows of Monday-to-Sunday cells, each (its day, the calendar's entry or None for a day
    outside the period). The report's calendar is one entry a day, in order: found by ordinal."""
    if not calendar:
        return []
    first = date.fromisoformat(calendar[0]["date"]).toordinal()
    last = date.fromisoformat(calendar[-1]["date"]).toordinal()
    if last - first + 1 == len(calendar):
        by_day = dict(enumerate(calendar, first))
    else:  # not one a day (never made by cuelog itself): by each one's date
        by_day = {date.fromisoformat(c["date"]).toordinal(): c for c in calendar}
    rows = []
    for week in range(first - date.fromordinal(first).weekday(), last + 1, 7):
        cells = [(date.fromordinal(o), by_day.get(o)) for o in range(week, week + 7)]
        rows.append((cells[0][0], cells))
    return rows


def join_words(words: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
