"""Time since the quit date: days, weeks, the weeks 2-4 window, what the
person's own cravings show across those phases. Pure: dates come in."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from cuelog import wording
from cuelog.models import Entry, QuitAttempt, current_attempt

if TYPE_CHECKING:
    from cuelog.analysis.tally import Tally

WINDOW_FIRST_DAY = 7  # weeks 2-4: days 7-27 inclusive, the quit date being day 0
WINDOW_LAST_DAY = 27
PHASES = ("week 1", "weeks 2-4", "after")
MIN_DAYS_FOR_COMPARISON = 3  # days with data in a phase before we compare it


def days_since(quit_date: date, on: date) -> int:
    return (on - quit_date).days


def week_number(days: int) -> int | None:
    return days // 7 + 1 if days >= 0 else None


def window_bounds(quit_date: date) -> tuple[date, date]:
    return quit_date + timedelta(days=WINDOW_FIRST_DAY), quit_date + timedelta(days=WINDOW_LAST_DAY)


def in_window(quit_date: date, on: date) -> bool:
    return WINDOW_FIRST_DAY <= days_since(quit_date, on) <= WINDOW_LAST_DAY


def phase_of(quit_date: date, on: date) -> str | None:
    """'week 1', 'weeks 2-4', 'after', or None before the quit date."""
    days = days_since(quit_date, on)
    if days < 0:
        return None
    if days < WINDOW_FIRST_DAY:
        return "week 1"
    return "weeks 2-4" if days <= WINDOW_LAST_DAY else "after"


# A named tuple: defined several times faster than a frozen dataclass, on every start.
class PhaseStats(NamedTuple):
    phase: str
    days: int  # calendar days of the phase up to as_of
    days_with_data: int
    cravings: int
    cravings_per_day: float | None
    mean_intensity: float | None
    peak_mean: float | None  # mean of the daily peaks

    def as_dict(self) -> dict:
        return {
            "phase": self.phase,
            "days": self.days,
            "days_with_data": self.days_with_data,
            "cravings": self.cravings,
            "cravings_per_day": self.cravings_per_day,
            "mean_intensity": self.mean_intensity,
            "mean_daily_peak": self.peak_mean,
        }


def phase_stats(quit_date: date, as_of: date, entries: Iterable[Entry]) -> list[PhaseStats]:
    """Cravings in week 1, weeks 2-4 and after, up to ``as_of``; check-in peaks count as data."""
    from cuelog.analysis.tally import Tally

    return phase_stats_from(quit_date, as_of, Tally.build(list(entries), [], None))


def phase_stats_from(quit_date: date, as_of: date, tally: Tally) -> list[PhaseStats]:
    """:func:`phase_stats` from a tally of the entries. Means exact, rounded half away from zero."""
    from cuelog.analysis.tally import phase_figures

    spans = {"week 1": (0, 6), "weeks 2-4": (WINDOW_FIRST_DAY, WINDOW_LAST_DAY), "after": (28, None)}
    total_days = days_since(quit_date, as_of)
    rows = tally.day_rows(quit_date, as_of)
    out = []
    for phase in PHASES:
        first, last = spans[phase]
        upto = total_days if last is None else min(last, total_days)
        days = max(0, upto - first + 1)
        lo = quit_date + timedelta(days=first)
        hi = quit_date + timedelta(days=last) if last is not None else as_of
        figures = phase_figures((row for day, row in rows if lo <= day <= hi), days)
        out.append(
            PhaseStats(
                phase=phase,
                days=days,
                days_with_data=figures["days_with_data"],
                cravings=figures["cravings"],
                cravings_per_day=figures["cravings_per_day"],
                mean_intensity=figures["mean_intensity"],
                peak_mean=figures["mean_daily_peak"],
            )
        )
    return out


def compare_window(stats: list[PhaseStats]) -> str | None:
    """What the person's own data show, as a clause ("in weeks 2–4 the daily peak ..."),
    or None when there are too few days to compare."""
    by = {s.phase: s for s in stats}
    window = by["weeks 2-4"]
    if window.days_with_data < MIN_DAYS_FOR_COMPARISON or window.peak_mean is None:
        return None
    others = [by[p] for p in ("week 1", "after") if by[p].days_with_data >= MIN_DAYS_FOR_COMPARISON]
    others = [o for o in others if o.peak_mean is not None]
    if not others:
        return None
    parts = [f"in weeks 2–4 the daily peak craving averaged {window.peak_mean:g}/10"]
    for other in others:
        diff = window.peak_mean - other.peak_mean
        if abs(diff) < 0.5:
            how = "about the same as"
        elif diff > 0:
            how = "higher than"
        else:
            how = "lower than"
        parts.append(f"{how} {other.phase} ({other.peak_mean:g}/10)")
    return ", ".join(parts) + "."


def status(attempts: list[QuitAttempt], lapses: Iterable[Entry], as_of: date) -> dict:
    """The status document of the contract (``status --json``)."""
    attempt = current_attempt(attempts, as_of)
    if attempt is None:
        return {
            "quit_date": None,
            "as_of": as_of.isoformat(),
            "days_since_quit": None,
            "week": None,
            "in_extinction_burst": False,
            "extinction_burst": None,
            "lapses_since_quit": 0,
            "substance": None,
            "attempts": len(attempts),
            "attempt": None,
        }
    days = days_since(attempt.quit_date, as_of)
    in_order = sorted(attempts, key=lambda a: (a.quit_date, a.set_at))
    start, end = window_bounds(attempt.quit_date)
    counted = sum(1 for e in lapses if e.kind == "lapse" and attempt.quit_date <= e.at.date() <= as_of)
    return {
        "quit_date": attempt.quit_date.isoformat(),
        "as_of": as_of.isoformat(),
        "days_since_quit": days,
        "week": week_number(days),
        "in_extinction_burst": in_window(attempt.quit_date, as_of),
        "extinction_burst": {"start": start.isoformat(), "end": end.isoformat()},
        "lapses_since_quit": counted,
        "substance": attempt.substance,
        "attempts": len(attempts),
        "attempt": in_order.index(attempt) + 1,  # the one in force on as_of, counted by quit date
    }


# -- what to say about the window ------------------------------------------------
STIMULANTS = "stimulants"  # a class of cuelog.safety.substance_classes


def day_text(day: date) -> str:
    """'Sun 6 Dec': no year, no zero padding, the same on every platform."""
    return f"{day:%a} {day.day} {day:%b}"


class WindowText(NamedTuple):
    key: str  # the main claim, a key of cuelog.sources
    phase: str  # "ahead" (days up to 6, and before the quit date), "inside" (7-27), "passed" (28 on)
    text: str
    sources: tuple[str, ...]  # every claim the text rests on, keys of cuelog.sources


def window_text(
    days: int | None,
    classes: Iterable[str],
    end: date | None,
    *,
    first_time: bool = False,
    explain: bool = False,
) -> WindowText | None:
    """What to say about weeks 2-4 on day ``days`` (negative before the quit date),
    given the substance classes and the window's last day.

    One line by default: the dates inside the window (never a countdown), or that it
    has passed and cue-driven craving can last. The full form, with the hedged
    explainer and the caveat, the first time (``first_time``) or on request
    (``explain``, which also points to ``cuelog sources``). The stimulant crash is
    mentioned only for stimulants."""
    if days is None or end is None:
        return None
    full = first_time or explain
    start = end - timedelta(days=WINDOW_LAST_DAY - WINDOW_FIRST_DAY)
    sources: tuple[str, ...] = ()
    if days > WINDOW_LAST_DAY:
        phase, key, sources = "passed", "cue-craving-lasts", ("cue-craving-lasts",)
        text = (wording.WINDOW_PASSED_FULL if full else wording.WINDOW_PASSED).format(end=day_text(end))
    else:
        phase = "inside" if days >= WINDOW_FIRST_DAY else "ahead"
        key = "weeks-2-4"
        template = wording.WINDOW_INSIDE if phase == "inside" else wording.WINDOW_AHEAD
        parts = [template.format(start=day_text(start), end=day_text(end))]
        if full:
            parts.append(wording.WINDOW_EXPLAINER)
            sources += ("weeks-2-4",)
            if STIMULANTS in set(classes):
                parts.append(wording.WINDOW_STIMULANT_CRASH)
                sources += ("stimulant-crash",)
            parts.append(wording.WINDOW_CAVEAT)
            sources += ("cue-craving-lasts",)
        text = " ".join(parts)
    if explain:
        text += "\n" + wording.SOURCES_POINTER
    return WindowText(key=key, phase=phase, text=text, sources=sources)


# -- honest counts ----------------------------------------------------------------
class UseCounts(NamedTuple):
    days: int  # from the quit date through as_of, both included
    without_use: int  # a check-in said no use, and no lapse was logged that day
    with_use: int  # a check-in said use, or a lapse was logged
    no_data: int

    def as_dict(self) -> dict:
        return {"days": self.days, "without_use": self.without_use, "with_use": self.with_use, "no_data": self.no_data}


def use_counts(quit_date: date, as_of: date, entries: Iterable[Entry]) -> UseCounts | None:
    """Days with and without use since the quit date, from check-ins (and lapses,
    which always mark a day as one with use). None before the quit date or when no
    check-in in the period says either way: then cuelog says nothing."""
    if as_of < quit_date:
        return None
    used: set[date] = set()
    clear: set[date] = set()
    checked_in = False
    for entry in entries:
        day = entry.day if entry.kind == "checkin" else entry.at.date()
        if day is None or not quit_date <= day <= as_of:
            continue
        if entry.kind == "lapse" or (entry.kind == "checkin" and entry.used is True):
            used.add(day)
        elif entry.kind == "checkin" and entry.used is False:
            clear.add(day)
        checked_in = checked_in or (entry.kind == "checkin" and entry.used is not None)
    if not checked_in:
        return None
    days = days_since(quit_date, as_of) + 1
    without = len(clear - used)
    return UseCounts(days=days, without_use=without, with_use=len(used), no_data=days - without - len(used))


def use_count_line(quit_date: date, as_of: date, entries: Iterable[Entry], *, end: date | None = None) -> str | None:
    """'From your check-ins: 18 of the 22 days from your quit date to today without use (...)', or None.
    ``end``: the day ``as_of`` is when it is not today, so the sentence names it."""
    counts = use_counts(quit_date, as_of, entries)
    if counts is None:
        return None
    until = day_text(end) if end is not None else "today"
    return wording.days_without_use(counts.without_use, counts.days, counts.with_use, counts.no_data, until)
