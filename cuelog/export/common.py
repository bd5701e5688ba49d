"""Dates, counts and labels the section model words its sentences with."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from cuelog.text import number

STATE_MARK = {"used": "U", "no use": "·", "no data": ""}
OUTSIDE_MARK = "–"
QUIT_MARK = "Q"
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAY_FULL = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

num = number


def day(text: str | date) -> str:
    """``Mon 2 Nov 2026``."""
    value = date.fromisoformat(text) if isinstance(text, str) else text
    return value.strftime("%a %-d %b %Y")


def short_day(text: str | date) -> str:
    """``Mon 2 Nov``: for ranges inside one year."""
    value = date.fromisoformat(text) if isinstance(text, str) else text
    return value.strftime("%a %-d %b")


def day_range(first: str | date, last: str | date, joiner: str = "–") -> str:
    """``Mon 2 Nov – Sun 22 Nov 2026`` (or ``… to …``), the year once when both share it."""
    a = date.fromisoformat(first) if isinstance(first, str) else first
    b = date.fromisoformat(last) if isinstance(last, str) else last
    return f"{short_day(a) if a.year == b.year else day(a)} {joiner} {day(b)}"


def moment(text: str) -> str:
    return datetime.fromisoformat(text).strftime("%a %-d %b %Y %H:%M")


def calendar_weeks(calendar: list[dict]) -> list[tuple[date, list[dict | None]]]:
    """Rows of Monday-to-Sunday cells; days outside the period are None."""
    if not calendar:
        return []
    by_day = {c["date"]: c for c in calendar}
    first = date.fromisoformat(calendar[0]["date"])
    last = date.fromisoformat(calendar[-1]["date"])
    cursor = first - timedelta(days=first.weekday())
    rows = []
    while cursor <= last:
        rows.append((cursor, [by_day.get((cursor + timedelta(days=i)).isoformat()) for i in range(7)]))
        cursor += timedelta(days=7)
    return rows


def join_words(words: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
