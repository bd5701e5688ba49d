"""Goals, one per substance or behaviour: what cuelog says when one is started, ended
or listed. Plain and situational: a goal is the person's own aim, never a score."""

from __future__ import annotations

from cuelog.wording.common import plural

GOAL_STARTED = "Goal started: "
GOAL_ENDED = "Goal ended: "
HISTORY_STAYS = "Its days and entries stay in your history."
OTHERS_GO_ON = "Your other goals go on: "
NO_GOALS = (
    'No goals yet. Start one: cuelog goal add alcohol --limit "2 drinks/day, 3 days/week" (or --quit DATE, or --track)'
)
ACTIVE = "Goals in force"
EARLIER = "Earlier goals"
ONE_KIND = "Give one of --quit DATE, --limit TEXT (or --per-day/--days-per-week) and --track."


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def limit_text(per_day: float | None, unit: str | None, days_per_week: int | None) -> str:
    """'at most 2 drinks a day, on at most 3 days a week'."""
    parts = []
    if per_day is not None:
        parts.append(f"at most {_number(per_day)} {unit + ' ' if unit else ''}a day")
    if days_per_week is not None:
        parts.append(f"on at most {plural(days_per_week, 'day')} a week")
    return ", ".join(parts)


def goal_what(kind: str, quit_day: str | None = None, limit: str | None = None) -> str:
    if kind == "stop":
        return f"stop, quit date {quit_day}"
    if kind == "cut-down":
        return f"cut down: {limit}"
    return "track only"


def stop_day(days: int) -> str:
    """After the quit date: " (day 9, week 2)"; before it: " (in 3 days)"."""
    if days >= 0:
        return f" (day {days}, week {days // 7 + 1})"
    return f" (in {plural(-days, 'day')})"


def since(day: str) -> str:
    return f" (since {day})"


def ended_on(day: str) -> str:
    return f" (ended {day})"


UNNAMED = "(no substance named)"
