"""cuelog nudge: the message at a high-risk time, why one was or was not shown, and
installing the timer. Sources: Gustafson et al. 2014 (A-CHESS), Nahum-Shani et al. 2018
(just-in-time adaptive interventions), in ``cuelog sources``."""

from __future__ import annotations

from cuelog.wording.common import plural

# The desktop line unless the person opts in to the full text: notifications can show on
# lock screens and shared displays.
NEUTRAL = "cuelog: a moment for your plan"
HELP_NOW = "Right now: cuelog help-now"

DAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}


def slot_name(weekday: str, time_of_day: str) -> str:
    return f"{DAY_NAMES.get(weekday, weekday)} {time_of_day}"


def evidence(weekday: str, time_of_day: str, weeks: int, of_weeks: int) -> str:
    """Friday evenings: 5 of the last 6 weeks."""
    return f"{DAY_NAMES.get(weekday, weekday)} {time_of_day}s: {weeks} of the last {plural(of_weeks, 'week')}"


def opening(weekday: str, time_of_day: str, weeks: int, of_weeks: int) -> str:
    return (
        f"{slot_name(weekday, time_of_day)} has often been a hard time for you "
        f"({weeks} of the last {plural(of_weeks, 'week')})."
    )


def your_plan(cues: str, then: str) -> str:
    return f"Your plan: if {cues}, then {then}" if cues else f"Your plan: {then}"


def your_person(name: str, phone: str | None) -> str:
    return f"{name}: {phone}" if phone else f"{name} is someone you can reach"


NO_PLAN = "No plan for this time yet: cuelog plan add --help shows how to make one."

# Why a nudge was, or was not, shown (--dry-run says it; --json carries it as "why").
WHY = {
    "shown": "now falls in one of your high-risk times and nothing was logged in the last hours",
    "off": "nudges are off (turn them on: cuelog config set nudges on, or cuelog nudge --install)",
    "snoozed": "nudges are paused until {until}",
    "quiet-hours": "it is within your quiet hours ({hours})",
    "locked": "the journal is encrypted and locked (cuelog unlock opens it for a while)",
    "no-slot": "now is not one of your high-risk times",
    "logged-recently": "you logged something in the last {recent} hours",
    "already-shown": "a nudge was already shown in this time slot",
    "daily-cap": "today's {cap} already shown",
}
DRY_RUN_WOULD = "Would show now ({where}):"
DRY_RUN_NOT = "No nudge now: "
DRY_RUN_ALSO = "Also: "
DRY_RUN_SLOT = "Slot: "
WHERE_DESKTOP = "a desktop notification"
WHERE_TERMINAL = "this terminal"
DESKTOP_NEUTRAL_NOTE = "The desktop shows only the neutral line; cuelog config set nudge-full-text on shows it all."


def daily_cap(cap: int) -> str:
    return plural(cap, "nudge")


# -- snooze ---------------------------------------------------------------------------------
def snoozed(until: str) -> str:
    return f"Nudges are paused until {until}."


RESUMED = "Nudges are back on from now."


def bad_snooze(text: str) -> tuple[str, str]:
    return f"{text!r} is not a duration for --snooze", "e.g. 2h, 3d, 1w (up to 12 weeks), or 0 to end a pause"


# -- install --------------------------------------------------------------------------------
def installed_units(service: str, timer: str) -> str:
    return f"Wrote {service} and {timer}: cuelog nudge runs every 15 minutes."


START_WITH = "Start it with:"
NO_SYSTEMD = "systemd is not here; add this line to your crontab (crontab -e) to run cuelog nudge every 15 minutes:"
TURNED_ON = (
    "Nudges are now on: at your own high-risk times (from cuelog outlook), when nothing was logged in the "
    "last hours, cuelog shows your plan, one of your people and cuelog help-now, at most once per time "
    "slot and {cap} a day, never in quiet hours ({hours}). Pause: cuelog nudge --snooze 1w; "
    "off: cuelog config set nudges off."
)


def removed(paths: list[str]) -> str:
    return "Removed " + ", ".join(paths) + "."


NOTHING_TO_REMOVE = "No cuelog nudge timer was installed here."
STOP_WITH = "Stop the running timer with:"
CRON_REMOVE = "If you added the crontab line, remove it with crontab -e."
BOTH_INSTALL_AND_UNINSTALL = "--install and --uninstall cannot be used together"


def cannot_write_unit(path: str, why: str) -> str:
    return f"cannot write {path}: {why}"


# -- outlook and the report -------------------------------------------------------------------
def outlook_line(slots: list[str], on: bool) -> str:
    if not slots:
        return "Nudges: none of these times would nudge now."
    names = ", ".join(slots)
    if on:
        return f"Nudges reach out at: {names}."
    return f"Nudges would reach out at: {names} (off; cuelog config set nudges on)."


def report_line(shown: int, craving_after: int, lapse_after: int) -> str:
    return (
        f"Nudges: {plural(shown, 'nudge')} shown at high-risk times; a craving was logged later in the same "
        f"time slot after {craving_after}, a lapse after {lapse_after}."
    )
