"""Where each goal stands on a day: the ``goals`` of ``status --json``. Pure."""

from __future__ import annotations

from datetime import date

from cuelog.analysis.windows import days_since, in_window, week_number, window_bounds
from cuelog.models import Goal, active_goals


def goal_status(goal: Goal, as_of: date) -> dict:
    """A goal's record, and for a stop goal its day, week and weeks 2-4 window on
    ``as_of`` (the same rules as the status of the contract, per goal)."""
    doc = goal.to_record()
    if goal.type == "stop" and goal.quit_date is not None:
        days = days_since(goal.quit_date, as_of)
        start, end = window_bounds(goal.quit_date)
        doc |= {
            "days_since_quit": days,
            "week": week_number(days),
            "in_extinction_burst": in_window(goal.quit_date, as_of),
            "extinction_burst": {"start": start.isoformat(), "end": end.isoformat()},
        }
    return doc


def goals_status(goals: list[Goal], as_of: date) -> list[dict]:
    """The goals in force on ``as_of``, oldest first."""
    return [goal_status(g, as_of) for g in active_goals(goals, as_of)]
