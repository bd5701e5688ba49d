"""Where each goal stands on a day: the ``goals`` of ``status --json``. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from cuelog.analysis.windows import days_since, in_window, week_number, window_bounds
from cuelog.models import Entry, Goal, active_goals, entry_substances


def _uses(goal: Goal, entries: Iterable[Entry], goals: list[Goal]) -> list[Entry]:
    """The lapses and used check-ins about the goal's substance (any, for the one
    unnamed goal)."""
    found = []
    for e in entries:
        if not (e.kind == "lapse" or (e.kind == "checkin" and e.used)):
            continue
        if goal.substance is None or goal.substance in entry_substances(e, goals):
            found.append(e)
    return found


def _day(entry: Entry) -> date:
    return entry.day or entry.at.date()


def goal_status(goal: Goal, as_of: date, entries: Iterable[Entry] = (), goals: list[Goal] = ()) -> dict:
    """A goal's record, and for a stop goal its day, week, weeks 2-4 window, lapses and
    days with use since its quit date; for a cut-down goal the days with use this week
    (Monday on) against its limit. ``entries`` cover the goal's days through ``as_of``."""
    doc = goal.to_record()
    uses = _uses(goal, entries, list(goals) or [goal])
    if goal.type == "stop" and goal.quit_date is not None:
        days = days_since(goal.quit_date, as_of)
        start, end = window_bounds(goal.quit_date)
        since = [e for e in uses if goal.quit_date <= _day(e) <= as_of]
        doc |= {
            "days_since_quit": days,
            "week": week_number(days),
            "in_extinction_burst": in_window(goal.quit_date, as_of),
            "extinction_burst": {"start": start.isoformat(), "end": end.isoformat()},
            "lapses_since_quit": sum(1 for e in since if e.kind == "lapse"),
            "use_days_since_quit": len({_day(e) for e in since}),
        }
    elif goal.type == "cut-down":
        monday = as_of - timedelta(days=as_of.weekday())
        week = [e for e in uses if max(monday, goal.started) <= _day(e) <= as_of]
        amounts = [a for a in (day_amount(goal, day, week) for day in sorted({_day(e) for e in week})) if a is not None]
        per_day = goal.limit.per_day if goal.limit else None
        doc["this_week"] = {
            "since": monday.isoformat(),
            "use_days": len({_day(e) for e in week}),
            "amount": _number(sum(amounts)) if amounts else None,
            "days_over_per_day": sum(1 for a in amounts if per_day is not None and a > per_day),
        }
    return doc


# A limit counted in drinks counts these containers one each.
DRINKS = frozenset(
    {"drink", "drinks", "pint", "half", "can", "glass", "glass of wine", "shot", "single", "double", "bottle of beer"}
)


def _singular(unit: str | None) -> str | None:
    if unit is None:
        return None
    unit = unit.strip().lower()
    return unit[:-1] if unit.endswith("s") and not unit.endswith("ss") else unit


def _counts(goal: Goal, entry: Entry) -> float | None:
    """What an entry's amount adds to the goal's limit, in the limit's unit; None when it
    cannot be said (no number, or another unit)."""
    number, unit = entry.extra.get("amount_number"), entry.extra.get("amount_unit")
    wanted = _singular(goal.limit.unit if goal.limit else None)
    if wanted in ("unit", "standard drink") and isinstance(entry.extra.get("units"), int | float):
        return float(entry.extra["units"])
    if not isinstance(number, int | float):
        return None
    if wanted is None or _singular(unit) == wanted:
        return float(number)
    if wanted == "drink" and unit in DRINKS:
        return float(number)
    return None


def day_amount(goal: Goal, day: date, entries: list[Entry]) -> float | None:
    """A day's amount, counted once: the day's check-in says the day's whole amount when
    it gives one; else the lapses of that day are added up."""
    of_day = [e for e in entries if _day(e) == day]
    checkin = [c for c in (_counts(goal, e) for e in of_day if e.kind == "checkin") if c is not None]
    if checkin:
        return checkin[0]
    lapses = [c for c in (_counts(goal, e) for e in of_day if e.kind == "lapse") if c is not None]
    return sum(lapses) if lapses else None


def _number(value: float) -> float | int:
    value = round(value, 1)
    return int(value) if float(value).is_integer() else value


def goals_status(goals: list[Goal], as_of: date, entries: Iterable[Entry] = ()) -> list[dict]:
    """The goals in force on ``as_of``, oldest first."""
    entries = list(entries)
    return [goal_status(g, as_of, entries, goals) for g in active_goals(goals, as_of)]


def earliest_start(goals: list[Goal], as_of: date) -> date | None:
    """The first day any goal in force on ``as_of`` counts from."""
    days = [min(g.started, as_of) for g in active_goals(goals, as_of)]
    return min(days) if days else None


def use_by_substance(entries: Iterable[Entry], goals: list[Goal], system: str | None = None) -> dict:
    """A Timeline Followback calendar per substance: for each substance, its days with use,
    oldest first, with the amounts as typed and, for alcohol, the day's units (a day's
    check-in amount counted once, over the lapses of that day)."""
    days: dict[str, dict[date, list[Entry]]] = {}
    for e in entries:
        if not (e.kind == "lapse" or (e.kind == "checkin" and e.used)):
            continue
        for substance in entry_substances(e, goals) or ("(not named)",):
            days.setdefault(substance, {}).setdefault(_day(e), []).append(e)
    calendar = {}
    for substance, by_day in sorted(days.items()):
        rows = []
        for day, found in sorted(by_day.items()):
            checkin_units = [e.extra["units"] for e in found if e.kind == "checkin" and "units" in e.extra]
            lapse_units = [e.extra["units"] for e in found if e.kind == "lapse" and "units" in e.extra]
            units = checkin_units[0] if checkin_units else (sum(lapse_units) if lapse_units else None)
            amounts = []
            for e in found:
                if e.amount and e.amount not in amounts:
                    amounts.append(e.amount)
            rows.append(
                {"date": day.isoformat(), "amounts": amounts, "units": _number(units) if units is not None else None}
            )
        calendar[substance] = rows
    return calendar
