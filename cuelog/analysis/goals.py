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
        week = {_day(e) for e in uses if max(monday, goal.started) <= _day(e) <= as_of}
        doc["this_week"] = {"since": monday.isoformat(), "use_days": len(week)}
    return doc


def goals_status(goals: list[Goal], as_of: date, entries: Iterable[Entry] = ()) -> list[dict]:
    """The goals in force on ``as_of``, oldest first."""
    entries = list(entries)
    return [goal_status(g, as_of, entries, goals) for g in active_goals(goals, as_of)]


def earliest_start(goals: list[Goal], as_of: date) -> date | None:
    """The first day any goal in force on ``as_of`` counts from."""
    days = [min(g.started, as_of) for g in active_goals(goals, as_of)]
    return min(days) if days else None
