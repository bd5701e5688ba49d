"""Turn what people type for a time into aware datetimes.

Pure: the current time comes in as ``now`` (an aware datetime) and the locale as
``env`` (a mapping such as ``os.environ``; None reads nothing); nothing here reads
the clock or a file. Naive times are local wall-clock time for the date they name
(the C library's zone, from ``TZ``), so a date in summer gets the summer offset
even when parsed in winter.

Forms (cli-contract.md, "Time" and "Additions"):

- ISO dates and date-times with or without an offset (``2026-11-10``,
  ``2026-11-10 21:30``, ``2026-11-10T21:30+01:00``), ``now``, a clock time today
  (``21:30``, ``9pm``, ``9:30pm``, ``noon``, ``midnight`` = 00:00 that day). These,
  day words, weekdays, numeric dates and ``N unit ago`` up to weeks never import dateutil.
- A day, alone or with a clock time (``at`` optional): ``today``, ``yesterday``,
  weekday names (``monday``, ``mon``: the most recent one; today's name means today
  unless its time is still ahead, then a week ago; ``last monday`` is never today),
  month names in any order (``Nov 3``, ``3 Nov 2026``, read by dateutil), ISO and
  numeric dates (below).
- Parts of the day at a stated time inside the contract's buckets: morning 09:00,
  afternoon 15:00, evening 19:00, night 23:00 (``this morning``, ``monday evening``,
  ``last night`` = 23:00 yesterday). Today's part that has begun but whose stated
  time is still ahead means now.
- ``N unit ago`` with m/min/minutes, h/hr/hours, d/days, w/weeks (``a``/``an`` for
  one); ``--since`` and ``--until`` also take mo/months and y/years, and the bare
  span (``30d``, ``3mo``, ``1y``) for that long ago. ``m`` is always minutes.
  Minutes and hours are elapsed time; days, weeks, months and years are calendar
  steps that keep the wall-clock time (``3mo`` before 31 May is 28 or 29 February).
  A bare ``2h`` is refused: it also reads as the clock time 02:00.
- A day alone: ``--at`` 12:00 that day (no later than now), ``--since`` 00:00,
  ``--until`` the whole day.
- A month and day without a year: this year, or last year when this year's is still
  ahead and the future is not allowed (``--at``/``--since``/``--until``, ``--date``).

Numeric dates (``10/11/2026``, ``10.11.2026``, ``10-11-2026``, ``10/11``, ``10.11.``)
follow the territory of the first non-empty of LC_ALL, LC_TIME, LANG: month-first
in US and its territories (AS, GU, MP, PR, UM, VI), PH, FM, MH and PW; year-first in
CN, JP, KR, TW and HU (``2026/11/10``; without a year month-first, ``11/10``; with the
year last, as with no territory); day-first everywhere else. With no territory
(C, POSIX, C.UTF-8, unset) or CA (both orders in everyday use) a date is read only
when just one reading is valid or both agree; otherwise both are named and an ISO
date asked for. A date impossible in the territory's order is refused, never
flipped. ``2026/11/10`` is year-first everywhere; two-digit years are refused.

Daylight saving: a wall-clock time the clocks skip is refused; a repeated one (the
autumn hour) is its first occurrence (fold=0, the summer offset).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from cuelog.errors import InputError

FUTURE_SLACK = timedelta(minutes=5)
YEARS = (1900, 2200)

WHEN_HINT = (
    "try now, 21:30, 9pm, yesterday 9pm, last night, 2h ago, 30m ago (m = minutes), "
    "monday, fri 21:00, Nov 3 21:30, 2026-11-10 21:30"
)
SINCE_HINT = (
    "try 30d, 2w, 3mo, 1y, 90m (m = minutes, mo = months), 2h ago, yesterday, monday, "
    "Nov 3, 2026-11-10, 2026-11-10 21:30"
)
UNTIL_HINT = "try now, 21:30, yesterday 9pm, 2h ago, 3mo ago (m = minutes, mo = months), monday, Nov 3, 2026-11-10"
DAY_HINT = "try today, yesterday, 3d ago, monday, Nov 3, 2026-11-10"

MONTH_FIRST = frozenset({"US", "AS", "GU", "MP", "PR", "UM", "VI", "PH", "FM", "MH", "PW"})
YEAR_FIRST = frozenset({"CN", "JP", "KR", "TW", "HU"})
NO_ORDER = frozenset({"CA"})

_MONTHS = "january february march april may june july august september october november december".split()
_MONTH_WORDS = {*_MONTHS, *(m[:3] for m in _MONTHS), "sept"}
_DAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_WEEKDAYS = {
    **{d: i for i, d in enumerate(_DAYS)},
    **{d[:3]: i for i, d in enumerate(_DAYS)},
    **{"tues": 1, "weds": 2, "thur": 3, "thurs": 3},
}
_RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}
_PARTS = {"morning": (5, 9), "afternoon": (12, 15), "evening": (17, 19), "night": (22, 23)}  # (starts, stated)
_UNITS = {
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), "minutes"),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), "hours"),
    **dict.fromkeys(("d", "day", "days"), "days"),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), "weeks"),
    **dict.fromkeys(("mo", "mos", "month", "months"), "months"),
    **dict.fromkeys(("y", "yr", "yrs", "year", "years"), "years"),
}

_COUNT = r"(?:(?P<n>\d{1,6})\s*|(?P<one>an?|one)\s+)(?P<unit>[a-z]+)"
# Patterns stay strings: re compiles and caches them on first use, so a command given no time pays nothing.
_AGO = _COUNT + r"\s+ago"
_SPAN = _COUNT
_CLOCK = r"(?P<h>\d{1,2})(?::(?P<mi>\d{2})(?::(?P<se>\d{2}))?)?\s*(?:(?P<ap>[ap])\.?m\.?)?"
_DAY_CLOCK = (
    r"(?P<day>.+?),?\s+(?:at\s+)?"
    r"(?P<clock>\d{1,2}(?::\d{2}){0,2}(?:\s*[ap]\.?m\.?)?|noon|midnight|morning|afternoon|evening|night)"
)
_ISO_DATE = r"\d{4}-\d{2}-\d{2}"
_NUM_YMD = r"(\d{4})([/.])(\d{1,2})\2(\d{1,2})\.?"
_NUM_DATE = r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2,4})"
_NUM_SHORT = r"(\d{1,2})(?:/(\d{1,2})|\.(\d{1,2})\.)"
_TERRITORY = r"(?i)[a-z]{2,3}[_-]([a-z]{2}|\d{3})(?![a-z0-9])"

# dateutil fills what the text leaves out from a default: two different ones tell given from missing.
_DEFAULT_A = datetime(2000, 1, 1, 0, 0, 0)
_DEFAULT_B = datetime(2004, 2, 2, 1, 1, 1)


def localize(naive: datetime) -> datetime:
    """Attach the local UTC offset that applies at that wall-clock time.

    A repeated time (the autumn hour) is its first occurrence; a time the clocks
    skip moves forward by the gap, so a day never starts on the day before.
    """
    moment = naive.astimezone()
    if moment.replace(tzinfo=None) != naive:
        moment = naive.replace(fold=1).astimezone()
    return moment


def start_of_day(day: date) -> datetime:
    return localize(datetime.combine(day, time.min))


def end_of_day(day: date) -> datetime:
    return localize(datetime.combine(day, time.max))


def noon(day: date) -> datetime:
    return localize(datetime.combine(day, time(12, 0)))


def date_order(env: Mapping[str, str] | None) -> str | None:
    """How the locale's territory writes numeric dates: "MDY", "DMY", "YMD" or None (no territory)."""
    value = next((env.get(key) for key in ("LC_ALL", "LC_TIME", "LANG") if env.get(key)), None) if env else None
    m = re.match(_TERRITORY, value or "")
    if not m or m[1].upper() in NO_ORDER:
        return None
    territory = m[1].upper()
    return "MDY" if territory in MONTH_FIRST else "YMD" if territory in YEAR_FIRST else "DMY"


@contextmanager
def _guard(text: str, hint: str) -> Iterator[None]:
    """Arithmetic at the ends of the calendar is a refusal, never a traceback."""
    try:
        yield
    except OverflowError:
        raise InputError(f"{text!r} is outside the years {YEARS[0]}-{YEARS[1]}", hint=hint) from None


def _sane(day: date, text: str, hint: str) -> date:
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise InputError(f"{text!r} is outside the years {YEARS[0]}-{YEARS[1]}", hint=hint)
    return day


def _bad(text: str, what: str, hint: str, why: str = "") -> InputError:
    return InputError(f"cannot read {what} {text!r}{why}", hint=hint)


def _norm(text: str) -> str:
    s = " ".join(text.strip().lower().split())
    return re.sub(r"^(?:at|on) ", "", s)


def _wall(now: datetime) -> datetime:
    try:
        return now.astimezone().replace(tzinfo=None)
    except (OverflowError, ValueError):
        raise OverflowError from None


def _offset(moment: datetime) -> str:
    minutes = int(moment.utcoffset().total_seconds() // 60)
    return f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _local(naive: datetime, text: str, hint: str) -> datetime:
    """A wall-clock time someone typed: refused when the clocks skip it."""
    _sane(naive.date(), text, hint)
    moment = naive.astimezone()
    if moment.replace(tzinfo=None) == naive:
        return moment
    later = naive.replace(fold=1).astimezone()
    gap = (later.replace(tzinfo=None) - moment.replace(tzinfo=None)) / 2
    gap_text = "an hour" if gap == timedelta(hours=1) else f"{int(gap.total_seconds() // 60)} minutes"
    raise InputError(
        f"{text!r} does not exist in your time zone: the clocks moved forward {gap_text} then",
        hint=f"give {later:%H:%M}, or the time with an offset like {naive:%Y-%m-%dT%H:%M}{_offset(moment)}",
    )


def _count(m: re.Match) -> tuple[int, str] | None:
    unit = _UNITS.get(m["unit"])
    return (int(m["n"]) if m["n"] else 1, unit) if unit else None


def _before(now: datetime, n: int, unit: str, text: str, hint: str) -> datetime:
    """``n`` units before ``now``: elapsed for minutes and hours, calendar steps for the rest."""
    try:
        if unit in ("minutes", "hours"):
            moment = now - timedelta(**{unit: n})
            _sane(moment.date(), text, hint)
            return moment.astimezone()
        if unit in ("days", "weeks"):
            naive = _wall(now) - timedelta(**{unit: n})
        else:
            from dateutil.relativedelta import relativedelta  # lazily: only months and years need it

            naive = _wall(now) - relativedelta(**{unit: n})
    except (OverflowError, ValueError):
        raise InputError(f"{text!r} is outside the years {YEARS[0]}-{YEARS[1]}", hint=hint) from None
    _sane(naive.date(), text, hint)
    return localize(naive)


def _clock(s: str) -> tuple[time, str | None] | None:
    """A time of day and the part of the day it names, if any."""
    if s in _PARTS:
        return time(_PARTS[s][1]), s
    if s in ("noon", "midnight"):
        return time(12 if s == "noon" else 0), None
    m = re.fullmatch(_CLOCK, s)
    if not m or (m["mi"] is None and m["ap"] is None):  # a bare "9" could be 09:00 or 21:00
        return None
    hour, minute, second = int(m["h"]), int(m["mi"] or 0), int(m["se"] or 0)
    if m["ap"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m["ap"] == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second), None


def _day_word(s: str, today: date) -> tuple[date, bool] | None:
    """today/yesterday/tomorrow or a weekday: (the day, whether it may step back a week)."""
    if s in _RELATIVE_DAYS:
        return today + timedelta(days=_RELATIVE_DAYS[s]), False
    last = s.startswith("last ")
    weekday = _WEEKDAYS.get(s[5:] if last else s)
    if weekday is None:
        return None
    back = (today.weekday() - weekday) % 7 or (7 if last else 0)
    return today - timedelta(days=back), back == 0


def _this_or_last_year(month: int, day: int, today: date, allow_future: bool, text: str, hint: str) -> date:
    year = today.year
    try:
        found = date(year, month, day)
        if found > today and not allow_future:
            year -= 1
            found = date(year, month, day)
    except ValueError:
        raise InputError(f"{text!r} is not a date in {year}; give the year too", hint=hint) from None
    return found


def _named(month: int, day: int, year: int | None) -> str:
    return f"{day} {_MONTHS[month - 1].title()}" + (f" {year}" if year else "")


def _numeric_date(s: str, today: date, order: str | None, allow_future: bool, text: str, hint: str) -> date | None:
    m = re.fullmatch(_NUM_YMD, s)
    if m:
        return _valid(int(m[1]), int(m[3]), int(m[4]), text, hint)
    m = re.fullmatch(_NUM_DATE, s)
    if m:
        if len(m[4]) != 4:
            raise InputError(f"write the year in full in {text!r}, or use a date like 2026-11-10", hint=hint)
        year, a, b = int(m[4]), int(m[1]), int(m[3])
        order = None if order == "YMD" else order  # year-first territories do not write the year last
    else:
        m = re.fullmatch(_NUM_SHORT, s)
        if not m:
            return None
        year, a, b = None, int(m[1]), int(m[2] or m[3])
        order = "MDY" if order == "YMD" else order
    month, day = _pick(a, b, year, order, today, allow_future, text, hint)
    return date(year, month, day) if year else _this_or_last_year(month, day, today, allow_future, text, hint)


def _pick(
    a: int, b: int, year: int | None, order: str | None, today: date, allow_future: bool, text: str, hint: str
) -> tuple[int, int]:
    """``a/b`` as (month, day): month-first, day-first, or whichever is the only reading."""

    def valid(month: int, day: int) -> bool:
        try:
            return bool(date(year or 2000, month, day))  # 2000: a leap year, for 29/2 without a year
        except ValueError:
            return False

    month_first, day_first = (a, b) if valid(a, b) else None, (b, a) if valid(b, a) else None
    if order:
        chosen = month_first if order == "MDY" else day_first
        other = day_first or month_first
        if chosen is None and other:
            how = "month-first" if order == "MDY" else "day-first"
            iso = (date(year, *other) if year else _this_or_last_year(*other, today, True, text, hint)).isoformat()
            raise InputError(f"{text!r} is not a date read {how}, as your locale writes dates; write {iso}", hint=hint)
        if chosen is None:
            raise _bad(text, "the date", hint)
        return chosen
    readings = {r for r in (month_first, day_first) if r}
    if len(readings) == 1:
        return readings.pop()
    if not readings:
        raise _bad(text, "the date", hint)
    isos = [
        (date(year, *r) if year else _this_or_last_year(*r, today, allow_future, text, hint)).isoformat()
        for r in (month_first, day_first)
    ]
    raise InputError(
        f"{text!r} could be {_named(*month_first, year)} or {_named(*day_first, year)}; write {isos[0]} or {isos[1]}",
        hint=hint,
    )


def _valid(year: int, month: int, day: int, text: str, hint: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise _bad(text, "the date", hint) from None


def _month_date(s: str, today: date, allow_future: bool, text: str, hint: str) -> date:
    from dateutil import parser  # lazily: only text that names a month gets here (~40 ms to import)

    try:
        a, b = parser.parse(s, default=_DEFAULT_A), parser.parse(s, default=_DEFAULT_B)
    except (ValueError, OverflowError):
        raise _bad(text, "the date", hint) from None
    if (a.month, a.day) != (b.month, b.day):
        raise _bad(text, "the date", hint, "; give a month and a day, like Nov 3")
    if (a.time(), b.time(), a.tzinfo, b.tzinfo) != (_DEFAULT_A.time(), _DEFAULT_B.time(), None, None):
        raise _bad(text, "the date", hint, "; give the day, then a time like 21:30 or 9pm where one is wanted")
    if a.year != b.year:
        found = _this_or_last_year(a.month, a.day, today, allow_future, text, hint)
    elif re.search(rf"(?<!\d){a.year:04d}(?!\d)", s):
        found = a.date()
    else:  # dateutil reads "nov 3 26" with a century from the clock: too much of a guess
        raise InputError(f"write the year in full in {text!r}, like Nov 3 2026", hint=hint)
    named = {_WEEKDAYS[w] for w in re.findall(r"[a-z]+", s) if w in _WEEKDAYS}
    if named and named != {found.weekday()}:
        said = ", ".join(sorted(_DAYS[w].title() for w in named))
        raise InputError(f"{text!r} says {said}, but {found:%Y-%m-%d} is a {_DAYS[found.weekday()].title()}", hint=hint)
    return found


def _read_day(
    s: str, today: date, order: str | None, allow_future: bool, text: str, hint: str
) -> tuple[date, bool] | None:
    """A day named alone: (the day, whether a weekday may step back a week)."""
    found = _day_word(s, today)
    if found:
        return found
    if re.fullmatch(_ISO_DATE, s):
        return _valid(*map(int, s.split("-")), text, hint), False
    day = _numeric_date(s, today, order, allow_future, text, hint)
    if day is None and any(w in _MONTH_WORDS for w in re.findall(r"[a-z]+", s)):
        day = _month_date(s, today, allow_future, text, hint)
    return (day, False) if day else None


def _parse(
    text: str, now: datetime, what: str, hint: str, env: Mapping[str, str] | None, calendar: bool
) -> datetime | date:
    """A moment, or a date when only a day was named. ``calendar``: months, years and bare spans allowed."""
    s = _norm(text)
    if not s:
        raise InputError(f"{what} is empty", hint=hint)
    if s == "now":
        return now
    m = re.fullmatch(_AGO, s)
    bare = m is None
    m = m or re.fullmatch(_SPAN, s)
    counted = _count(m) if m else None
    if counted:
        n, unit = counted
        if bare and m["unit"] == "h":  # French and others write 02:00 as "2h"
            clock = f" or the clock time {n:02d}:00" if n < 24 else ""
            raise InputError(f"{text!r} is unclear: write '{n}h ago' for {n} hours ago{clock}", hint=hint)
        if unit in ("months", "years") and not calendar:
            raise _bad(text, what, hint, "; months and years work in --since and --until, here give a date")
        if bare and not calendar:
            raise _bad(text, what, hint, f"; for that long ago write '{s} ago'")
        return _before(now, n, unit, text, hint)
    if re.fullmatch(_ISO_DATE, s):
        return _sane(_valid(*map(int, s.split("-")), text, hint), text, hint)
    if s[:4].isdigit() and s[4:5] == "-":
        try:
            parsed = datetime.fromisoformat(s.upper())
        except ValueError:
            parsed = None
        if parsed:
            return parsed if parsed.tzinfo else _local(parsed, text, hint)
    wall = _wall(now)
    s = {"last night": "yesterday night"}.get(s) or re.sub(r"^this (?=(?:morning|afternoon|evening)$)", "today ", s)
    if _clock(s):
        day_text, clock = "today", _clock(s)
    else:
        m = re.fullmatch(_DAY_CLOCK, s)
        clock = _clock(m["clock"]) if m else None
        day_text = m["day"] if clock else s
    found = _read_day(day_text, wall.date(), date_order(env), False, text, hint)
    if found is None:
        raise _bad(text, what, hint)
    day, flexible = found
    if clock is None:
        return _sane(day, text, hint)
    naive = datetime.combine(day, clock[0])
    part = clock[1]
    if part and day == wall.date() and wall < naive and wall.hour >= _PARTS[part][0]:
        return now  # this evening, and it is evening now: the stated 19:00 is still ahead
    if flexible and naive > wall + FUTURE_SLACK:
        naive -= timedelta(weeks=1)  # "sunday 21:00" on a Sunday afternoon: last Sunday
    return _local(naive, text, hint)


def _not_future(moment: datetime, now: datetime, message: str, text: str, hint: str) -> datetime:
    _sane(moment.date(), text, hint)
    if moment > now + FUTURE_SLACK:
        raise InputError(message, hint=hint)
    return moment


def parse_when(text: str, now: datetime, *, env: Mapping[str, str] | None = None) -> datetime:
    """``--at``: a moment, not in the future. A day alone means 12:00 that day (now, if that is later)."""
    future = f"{text!r} is in the future; cuelog records what has happened"
    with _guard(text, WHEN_HINT):
        found = _parse(text, now, "the time", WHEN_HINT, env, calendar=False)
        if not isinstance(found, datetime):
            if found > _wall(now).date():
                raise InputError(future, hint=WHEN_HINT)
            return min(noon(found), now)
        return _not_future(found, now, future, text, WHEN_HINT)


def parse_since(text: str, now: datetime, *, env: Mapping[str, str] | None = None) -> datetime:
    """``--since``: also ``30d``, ``2w``, ``3mo``, ``1y`` (that long ago); a day alone starts at 00:00."""
    with _guard(text, SINCE_HINT):
        found = _parse(text, now, "--since", SINCE_HINT, env, calendar=True)
        if not isinstance(found, datetime):
            if found > _wall(now).date():
                raise InputError(f"--since {text!r} is in the future", hint=SINCE_HINT)
            return start_of_day(found)
        return _not_future(found, now, f"--since {text!r} is in the future", text, SINCE_HINT)


def parse_until(text: str, now: datetime, *, env: Mapping[str, str] | None = None) -> datetime:
    """``--until``: a day alone includes that whole day."""
    with _guard(text, UNTIL_HINT):
        found = _parse(text, now, "--until", UNTIL_HINT, env, calendar=True)
        if not isinstance(found, datetime):
            if found > _wall(now).date():
                raise InputError(f"--until {text!r} is in the future", hint=UNTIL_HINT)
            return end_of_day(found)
        return _not_future(found, now, f"--until {text!r} is in the future", text, UNTIL_HINT)


def parse_day(text: str, today: date, *, allow_future: bool = False, env: Mapping[str, str] | None = None) -> date:
    """A calendar day: ISO or numeric date, month name, ``today``, ``yesterday``, a weekday, ``3d ago``."""
    hint = DAY_HINT
    with _guard(text, hint):
        s = _norm(text)
        if not s:
            raise InputError("the date is empty", hint=hint)
        m = re.fullmatch(_AGO, s)
        counted = _count(m) if m else None
        if s == "now":
            day = today
        elif counted and counted[1] in ("days", "weeks"):
            day = today - timedelta(**{counted[1]: counted[0]})
        else:
            found = None if m else _read_day(s, today, date_order(env), allow_future, text, hint)
            if found is None:
                raise _bad(text, "the date", hint)
            day = found[0]
        _sane(day, text, hint)
        if day > today and not allow_future:
            raise InputError(f"{text!r} is in the future; cuelog records what has happened", hint=hint)
        return day
