"""What cuelog says when it looks back over the journal: ``status``, ``summary``,
``outlook`` (this week's higher-risk times) and how the plans for the top cues went.
Templates take named fields (``str.format``); a small function where the sentence
changes with its numbers."""

from __future__ import annotations

from cuelog.wording.common import plural

# -- status (without a quit date it says ``entries.NO_QUIT_DATE``, as ``quit-date`` does) ----------
LAPSES_LOGGED = "Lapses logged: {count}"
QUIT_DATE_AHEAD = "{quit_date}{substance} — in {days}."
ATTEMPT_OF = "Attempt {attempt} of {attempts} in your history; every attempt stays there."
JOURNAL_COMPARISON = "Your journal: {comparison}"
JOURNAL_TOO_SHORT = "Your journal does not yet have enough days to compare weeks 2–4 with the rest."
LAPSES_SINCE_QUIT = "Lapses since your quit date: {count} — {line}"
NO_LAPSES_SINCE_QUIT = "Lapses since your quit date: 0."

# -- summary ------------------------------------------------------------------------------------
NOTHING_TO_SUMMARISE = (
    "Nothing to summarise yet. Each craving you log adds to the picture: cuelog craving 5 --place home"
)
COPING_USED = "  {coping}: used {used}×, passed without a lapse {passed}×"
COPING_PENDING = ", {pending} too recent to tell"


def cravings_passed(passed: int, told: int, pending: int) -> str:
    """``3 of 5 cravings passed without a lapse in the next day (1 more is too recent to tell)``."""
    return f"  {passed} of {plural(told, 'craving')} passed without a lapse in the next day" + (
        f" ({pending} more {'is' if pending == 1 else 'are'} too recent to tell)" if pending else ""
    )


# -- plans for the top cues ---------------------------------------------------------------------
PLAN_EFFECTS_HEADING = "Plans for your top cues"
PLAN_NONE_YET = "  {cue} — no plan yet"


def plans_none_yet(cues: list[str]) -> str:
    """The top cues without a plan, in one line: ``No plan yet for after work (activity), …``."""
    return "  No plan yet for " + ", ".join(cues) + "."


PLAN_NO_CRAVING_SINCE = "  {cue} — plan since {since}: no craving with this cue since"
PLAN_ONLY_RECENT = "  {cue} — plan since {since}; {cravings} since, too recent to tell"
PLAN_PASSED = "  {cue} — plan since {since}: {passed} of {cravings} passed without a lapse{tail}"
PLAN_PENDING_TAIL = " ({pending} more too recent to tell)"

# -- outlook ------------------------------------------------------------------------------------
OUTLOOK_HEADING = "This week's higher-risk times"
OUTLOOK_FROM = " (from your last 12 weeks)"
OUTLOOK_SLOT = ": {counts} on {weekday} {time_of_day}s lately"
OUTLOOK_USUALLY = "  Usually: "
OUTLOOK_YOUR_PLAN = "  Your plan: if "
OUTLOOK_NO_PLAN = "  No plan for this yet. Make one: "
OUTLOOK_NO_PLAN_AGAIN = "  No plan for this yet (the command above makes one)."
OUTLOOK_RECURRING_HEADING = "Recurring"
OUTLOOK_RECURRING = "  {value} ({dimension}): on {weeks} of the last 12 weeks, mostly {weekday}{has_plan}"
OUTLOOK_HAS_PLAN = " (you have a plan)"
# analysis.plans.outlook: when the history is short.
TOO_LITTLE_HISTORY = (
    "Too little history to see a pattern yet: {events} cravings and lapses over {span} days "
    "(cuelog looks for at least {min_events} over {min_days} days, or the same time of the week "
    "in {min_weeks} different weeks). Keep logging; the picture fills in."
)
EARLY_LOOK = (
    "An early look: your history is short ({events} cravings and lapses over {span} days), "
    "so only times of the week that came back in {min_weeks} or more different weeks are named."
)

# -- the summary's keys and headings -----------------------------------------------------------
ALL_TIME = "all time"
WEEKS_2_4_HEADING = "Weeks 2–4 against the rest"
PHASE_LEGEND = "Week 1: days 0–6 · weeks 2–4: days 7–27 · after: day 28 on"
PHASE_LEGEND_NOW = " · (now): in progress"
SPARK_KEY = "  · no data   ═ weeks 2–4   ▲ lapse"


def daily_peak_sentence(
    span: str, peak: int | None, peak_day: str | None, mean: float | None, with_data: int, days: int, lapse_days: list
) -> str:
    """The daily chart in plain mode, as one sentence (a screen reader cannot read a sparkline)."""
    if peak is None:
        return f"Daily peak craving, {span}: no craving noted on any of the {days} days."
    lapses = (
        f"; a lapse on {', '.join(lapse_days)}"
        if len(lapse_days) <= 3
        else f"; lapses on {len(lapse_days)} days, the last on {lapse_days[-1]}"
    )
    return (
        f"Daily peak craving, {span}: highest {peak}/10 on {peak_day}, {mean:.1f} on average "
        f"over the {with_data} of {days} days with data{lapses if lapse_days else '; no lapses'}."
    )


# -- tables -------------------------------------------------------------------------------------
NOT_SHOWN_AT_WIDTH = "Not shown at this width: {columns}."
