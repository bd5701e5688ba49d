"""Turn what people type for a time into aware datetimes.

Pure: the current time comes in as ``now`` (an aware datetime in local time).
Naive times are read as local wall-clock time for the date they name, so a
date in summer gets the summer offset even when parsed in winter.

Accepted (see cli-contract.md, "Time"): ISO dates and date-times with or
without offset, ``HH:MM`` (today), ``yesterday HH:MM``, ``N m/h/d/w ago``,
and for ``--since`` also ``Nd``/``Nw`` (the last N days or weeks).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from cuelog.errors import InputError

FUTURE_SLACK = timedelta(minutes=5)

_CLOCK = re.compile(r"(?:(yesterday|today)\s+)?(\d{1,2}):(\d{2})")
_AGO = re.compile(r"(\d{1,6})\s*([mhdw])\s+ago")
_SPAN = re.compile(r"(\d{1,6})([dw])")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}

FORMS_HINT = "use a date like 2026-11-10, '2026-11-10 21:30', '21:30', 'yesterday 21:30' or '2h ago'"


def localize(naive: datetime) -> datetime:
    """Attach the local UTC offset that applies at that wall-clock time."""
    return naive.astimezone()


def start_of_day(day: date) -> datetime:
    return localize(datetime.combine(day, time.min))


def end_of_day(day: date) -> datetime:
    return localize(datetime.combine(day, time.max))


def noon(day: date) -> datetime:
    return localize(datetime.combine(day, time(12, 0)))


YEARS = (1900, 2200)


def _sane(day: date, text: str) -> date:
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise InputError(f"{text!r} is outside the years {YEARS[0]}-{YEARS[1]}")
    return day


def _bad(text: str, what: str) -> InputError:
    return InputError(f"cannot read {what} {text!r}", hint=FORMS_HINT)


def _parse(text: str, now: datetime, what: str) -> tuple[datetime, bool]:
    """Return (moment, date_only) or raise InputError."""
    s = " ".join(text.strip().lower().split())
    m = _CLOCK.fullmatch(s)
    if m:
        hour, minute = int(m[2]), int(m[3])
        if hour > 23 or minute > 59:
            raise _bad(text, what)
        day = now.date() - timedelta(days=1 if m[1] == "yesterday" else 0)
        return localize(datetime.combine(day, time(hour, minute))), False
    m = _AGO.fullmatch(s)
    if m:
        try:
            moment = now - timedelta(**{_UNITS[m[2]]: int(m[1])})
        except OverflowError:
            raise _bad(text, what) from None
        _sane(moment.date(), text)
        return moment, False
    if _ISO_DATE.fullmatch(s):
        try:
            day = date.fromisoformat(s)
        except ValueError:
            raise _bad(text, what) from None
        return start_of_day(_sane(day, text)), True
    if not s[:4].isdigit():
        raise _bad(text, what)
    try:
        parsed = datetime.fromisoformat(s.upper())
    except ValueError:
        raise _bad(text, what) from None
    _sane(parsed.date(), text)
    if parsed.tzinfo is None:
        parsed = localize(parsed)
    return parsed, False


def _not_future(moment: datetime, now: datetime, text: str) -> datetime:
    if moment > now + FUTURE_SLACK:
        raise InputError(f"{text!r} is in the future; cuelog records what has happened")
    return moment


def parse_when(text: str, now: datetime) -> datetime:
    """``--at``: a moment, not in the future. A bare date means 12:00 that day."""
    moment, date_only = _parse(text, now, "the time")
    if date_only:
        moment = noon(moment.date())
        if moment.date() > now.date():
            raise InputError(f"{text!r} is in the future; cuelog records what has happened")
        return min(moment, now)
    return _not_future(moment, now, text)


def parse_since(text: str, now: datetime) -> datetime:
    """``--since``: also ``30d`` / ``2w`` for the last 30 days / 2 weeks."""
    m = _SPAN.fullmatch(text.strip().lower())
    if m:
        return parse_since(f"{m[1]}{m[2]} ago", now)
    moment, date_only = _parse(text, now, "--since")
    if date_only:
        if moment.date() > now.date():
            raise InputError(f"--since {text!r} is in the future")
        return moment
    return _not_future(moment, now, text)


def parse_until(text: str, now: datetime) -> datetime:
    """``--until``: a bare date includes that whole day."""
    moment, date_only = _parse(text, now, "--until")
    if date_only:
        if moment.date() > now.date():
            raise InputError(f"--until {text!r} is in the future")
        return end_of_day(moment.date())
    return _not_future(moment, now, text)


def parse_day(text: str, today: date, *, allow_future: bool = False) -> date:
    """A calendar day: ISO date, ``today``, ``yesterday`` or ``N d/w ago``."""
    s = " ".join(text.strip().lower().split())
    if s in ("today", "yesterday"):
        return today - timedelta(days=1 if s == "yesterday" else 0)
    m = _AGO.fullmatch(s)
    if m and m[2] in "dw":
        try:
            return _sane(today - timedelta(**{_UNITS[m[2]]: int(m[1])}), text)
        except OverflowError:
            raise _bad(text, "the date") from None
    try:
        day = date.fromisoformat(s) if _ISO_DATE.fullmatch(s) else None
    except ValueError:
        day = None
    if day is None:
        raise InputError(
            f"cannot read the date {text!r}",
            hint="use a date like 2026-11-10, 'today', 'yesterday' or '3d ago'",
        )
    _sane(day, text)
    if day > today and not allow_future:
        raise InputError(f"{text!r} is in the future; cuelog records what has happened")
    return day
