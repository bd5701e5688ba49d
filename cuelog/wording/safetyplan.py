"""The safety plan, the daily safety item, and what is said after a disclosure.

After someone writes that they may harm themselves, the only job is connection and
safety (see ``cuelog sources``: safety-plan, means-safety): the crisis line, their own
plan and people, distance from the means tonight. Everything else waits.
"""

from __future__ import annotations

from collections.abc import Sequence

# -- the plan's steps (Stanley & Brown), as headings and as questions --------------------
STEP_LABELS = {
    "warning_signs": "My warning signs",
    "on_my_own": "Things I can do on my own",
    "distractions": "People and places that take my mind off it",
    "ask_for_help": "People I can ask for help",
    "professionals": "Professionals and services",
    "safer": "Making my surroundings safer",
    "reasons": "What I am living for",
}
STEP_QUESTIONS = {
    "warning_signs": "1. What thoughts, feelings or situations tell you a crisis may be coming?",
    "on_my_own": "2. What can you do on your own to take your mind off it for a while?",
    "distractions": "3. Which people or places take your mind off it (a café, a meeting, a friend's kitchen)?",
    "ask_for_help": "4. Who can you ask for help? Names you saved with cuelog support show with their number.",
    "professionals": "5. Which professionals or services can you contact, with their numbers?",
    "safer": "6. What would make your surroundings safer (who could hold pills, drink or the supply)?",
    "reasons": "7. And what is most worth living for, for you?",
}
STEP_HELP = {
    "warning_signs": "Step 1, your warning signs (repeatable; '' clears the step).",
    "on_my_own": "Step 2, things you can do on your own (repeatable).",
    "distractions": "Step 3, people and places that take your mind off it (repeatable).",
    "ask_for_help": "Step 4, people you can ask for help; a name saved with 'cuelog support' shows its number.",
    "professionals": "Step 5, professionals and services, with their numbers (repeatable).",
    "safer": "Step 6, making your surroundings safer (repeatable).",
    "reasons": "Your reasons for living (repeatable).",
}
DAILY_ITEM_HELP = "on: the daily check-in asks the safety question (0-5); off: it does not."
CLEAR_HELP = "Remove the whole safety plan (the daily question stays as it is)."

PLAN_HEADING = "Your safety plan"
PLAN_NONE = "No safety plan yet. On a terminal, cuelog safety-plan walks you through its six steps."
PLAN_INTRO = (
    "A safety plan is a short list in your own words for a hard moment: six steps, then what you live for. "
    "Press Enter to keep what is there, type - to clear a step."
)
PLAN_SAVED = "Safety plan saved."
REPORT_HEADING = "Safety plan (included by choice)"
PLAN_NONE_SET = "No safety plan is kept in this journal."
TEXT_LEFT_OUT = "(left out)"
INCLUDE_HELP = "Add what is kept out by default: safety-plan (your safety plan, redacted like the rest)."


def include_bad(value: str) -> str:
    return f"--include takes safety-plan, not {value!r}"


PLAN_UNCHANGED = "Nothing changed."
PLAN_CLEARED = "Safety plan removed. cuelog undo brings it back."
PLAN_CURRENT = "{label} now: {text}"
CLEAR_WITH_STEPS = "--clear removes the whole plan; give it alone, or give the steps without it"
YES_NO_ENTER = "y or n, please (Enter keeps it as it is)."
PLAN_SHOWS_UP = "cuelog help-now shows it first, and it is shown whenever a note speaks of harming yourself."
DAILY_ITEM_ON = "The daily check-in asks: " + "{question}"
DAILY_ITEM_OFF = "The daily check-in does not ask the safety question."
DAILY_ITEM_OFFER = "Would you like the daily check-in to ask about thoughts of harming yourself too (0-5)? (y/n)"
DAILY_ITEM_KEEP = "Keep asking about thoughts of harming yourself in the daily check-in? (y/n, Enter keeps it)"
DAILY_ITEM_WORDS = {"on": True, "off": False}


def daily_item_bad(value: str) -> str:
    return f"--daily-item takes on or off, not {value!r}"


# -- the daily item (as on a DBT diary card; asking does not plant the idea) ------------
SAFETY_ITEM_QUESTION = "Any thoughts of harming yourself or not wanting to be alive? 0–5 (0 none, 5 very strong)"
SAFETY_ITEM_RETRY = "A number from 0 to 5, please."
SAFETY_ITEM_HELP = "Thoughts of harming yourself or not wanting to be alive today, 0-5 (see cuelog safety-plan)."
SAFETY_ITEM_RECORDED = "Safety question: {score}/5"

# -- after a disclosure -----------------------------------------------------------------
THE_REST_CAN_WAIT = "What you wrote matters more than any question here; the rest can wait."
DISCLOSURE_PLAN = "From your safety plan:"
DISCLOSURE_PEOPLE = "People you can call now:"
MEANS_TONIGHT = (
    "Tonight, putting distance between you and the means can help: ask someone to hold your pills or "
    "the supply, or take them out of the house."
)


def compact_crisis(lines: Sequence[str]) -> str:
    """The crisis line and the emergency number on one line."""
    return "Crisis: " + lines[0] + " · emergency: " + lines[1]


def crisis_reminder(day: str, line: str) -> str:
    """The one line at the top of status and help-now for 72 hours after a disclosure."""
    return f"On {day} you wrote about harming yourself or not wanting to be alive. {line}"


# -- help-now -------------------------------------------------------------------------------
NOW_HEADING = "Right now"
CALL_PERSON = "Call {name}: {phone}"
CALL_PERSON_NO_NUMBER = "Call {name}"
OWN_24_HOURS = "Your plan for these 24 hours ({day}): {text}"
MORE_IN = "More: cuelog plan list · support list · safety-plan · sources"
START_HINT = "To have your own steps and people here: cuelog safety-plan, cuelog support add, cuelog plan add"
SURF_ENDED_HIGH = "It is still strong. Something more can help now:"
SURF_NEXT_STEP = "Your safety plan's next step: {text}"

# -- use from any entry ------------------------------------------------------------------
USED_OFFER_LAPSE = "Log what happened as a lapse too, with its situation and a plan for the next 24 hours?"


def use_days(count: int) -> str:
    days = "1 day" if count == 1 else f"{count} days"
    return f"{days} with use since your quit date (lapses and check-ins together)."
