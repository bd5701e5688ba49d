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


def which_substance(names: list[str]) -> str:
    return f"several goals are in force ({', '.join(names)}): say which substance this was about"


WHICH_SUBSTANCE_HINT = "add --substance NAME (repeat it for more than one), e.g. --substance alcohol"


GOALS_HEADING = "Your goals"


def stop_status(quit_day: str, days: int, week: int | None, in_window: bool, lapses: int, use_days: int) -> str:
    """'stop from Thu 12 Nov: day 10, week 2, in weeks 2–4; 1 lapse on 1 day since then'."""
    if days < 0:
        return f"stop from {quit_day}, in {plural(-days, 'day')}"
    text = f"stop from {quit_day}: day {days}, week {week}"
    if in_window:
        text += ", in weeks 2–4"
    if lapses or use_days:
        return text + f"; {plural(use_days, 'day')} with use since then ({plural(lapses, 'lapse')})"
    return text + "; no use logged since then"


def cut_down_status(
    limit: str,
    use_days: int,
    days_allowed: int | None,
    amount: float | None = None,
    unit: str | None = None,
    days_over: int = 0,
) -> str:
    """'cut down (…): 2 of 3 days with use this week, 5 drinks so far'; past the limit,
    plainly 'over the limit you set', never more than that."""
    text = f"cut down ({limit})"
    if days_allowed is None:
        text += f": {plural(use_days, 'day')} with use this week"
    else:
        text += f": {use_days} of {days_allowed} days with use this week"
    if amount is not None:
        text += f", {_number(amount)}{' ' + unit if unit else ''} so far"
    if (days_allowed is not None and use_days > days_allowed) or days_over:
        text += ", over the limit you set"
        if days_over:
            text += f" on {plural(days_over, 'day')}" if days_allowed is None or use_days <= days_allowed else ""
    return text


UNITS_SETTING = "the units setting (CUELOG_UNITS) is {value!r}; it can be uk or us"
UNITS_HINT = "uk: UK units (8 g of alcohol each); us: US standard drinks (14 g each)"


def report_goal(name: str, kind: str, quit_day: str | None, limit: str | None, since_day: str) -> str:
    """A goal in the report's title: 'opioids, quit date Thu 12 Nov 2026'."""
    if kind == "stop":
        return f"{name}, quit date {quit_day}"
    if kind == "cut-down":
        return f"{name}, cutting down ({limit}) since {since_day}"
    return f"{name}, tracked since {since_day}"


WHICH_ASK = "Several goals are in force. What was this about?"
WHICH_PROMPT = "Number(s) or name(s), e.g. 1 or 1,2"
WHICH_RETRY = "Pick one or more of the numbers above, or type a name."


USE_HEADING = "Use by substance"
USE_INTRO = "Each day with use, by substance, with what and how much as typed (Timeline Followback)."
USE_HEADERS = ("substance", "day", "what and how much", "units")
USED = "used"


def units_text(units: float) -> str:
    return f"{units:g}"
