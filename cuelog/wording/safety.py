"""Safety sentences: crisis lines by place, overdose, withdrawal, help right now.

Calm, short and concrete. Generic claims are hedged and each has an entry in
``cuelog/sources.py`` under the notice's key. Numbers are the services' own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

# -- crisis lines ----------------------------------------------------------------
# Country (ISO 3166 alpha-2) -> the crisis line, then local emergency services.
CRISIS_LINES: dict[str, tuple[str, str]] = {
    "US": ("call or text 988 (Suicide & Crisis Lifeline)", "local emergency services (911)"),
    "CA": ("call or text 988 (Suicide Crisis Helpline)", "local emergency services (911)"),
    "GB": ("call Samaritans on 116 123 (free, any time)", "local emergency services (999 or 112)"),
    "IE": ("call Samaritans on 116 123 (free, any time)", "local emergency services (112 or 999)"),
    "AU": ("call Lifeline on 13 11 14", "local emergency services (000)"),
    "NZ": ("call or text 1737 (free, any time)", "local emergency services (111)"),
}
CRISIS_LINES_ELSEWHERE = ("a crisis line near you (findahelpline.com lists them)", "local emergency services")
SOMEONE_YOU_TRUST = "or someone you trust"


def crisis_lines(country: str | None) -> list[str]:
    """Where to turn, for a country or anywhere: a crisis line, local emergency
    services, and always last, someone you trust."""
    line, emergency = CRISIS_LINES.get((country or "").upper(), CRISIS_LINES_ELSEWHERE)
    return [line, emergency, SOMEONE_YOU_TRUST]


def crisis_message(country: str | None) -> str:
    """The line shown whenever a note or an answer mentions self-harm."""
    return (
        "If you are thinking about harming yourself or ending your life, please reach out now: "
        + ", ".join(crisis_lines(country))
        + "."
    )


# Word lists miss things; this command needs none.
HELP_NOW_POINTER = "Crisis lines, your plans and your people, any time: cuelog help-now"


def emergency_number(country: str | None) -> str:
    """'local emergency services (911)', or without a number where the place is unknown."""
    return crisis_lines(country)[1]


# -- notices ---------------------------------------------------------------------
OVERDOSE = (
    "A safety note: tolerance drops within days of stopping, so an amount that was usual before "
    "can now cause an overdose. If you use, don't use alone, use much less, and keep naloxone "
    "near you with someone who knows how to give it. Street drugs and pills can contain fentanyl."
)


def overdose_emergency(country: str | None) -> str:
    return (
        "If someone may be overdosing (hard to wake, breathing slowly or not at all, lips turning blue): "
        f"call {emergency_number(country)} now. Give naloxone if you have it, stay with them, "
        "and if they are breathing, turn them on their side."
    )


# Withdrawal that can be dangerous, by substance class (see safety.substance_classes).
_STOPPING_AFTER = {
    "alcohol": "regular heavy drinking",
    "benzodiazepines": "benzodiazepines",
    "ghb": "GHB/GBL",
    "barbiturates": "barbiturates",
}


def withdrawal_stopping(classes: Iterable[str]) -> str:
    """Before and in the first two weeks after the quit date, for the classes that
    can have dangerous withdrawal; names only the ones the person uses."""
    classes = set(classes)
    parts = []
    if "alcohol" in classes:
        parts.append("after " + _STOPPING_AFTER["alcohol"])
    daily = [_STOPPING_AFTER[c] for c in ("benzodiazepines", "ghb", "barbiturates") if c in classes]
    if daily:
        names = daily[0] if len(daily) == 1 else ", ".join(daily[:-1]) + " or " + daily[-1]
        prescribed = " (even at a prescribed dose)" if classes & {"benzodiazepines", "barbiturates"} else ""
        parts.append(f"after taking {names} daily for more than a few weeks{prescribed}")
    if not parts:  # not expected: the caller only asks for these classes
        parts.append("after heavy daily use of alcohol or sedatives")
    before_verb = "," if len(parts) > 1 else ""
    return (
        f"Stopping {', or '.join(parts)}{before_verb} can cause dangerous withdrawal, including seizures. "
        "A doctor or clinician can help you stop safely, often by lowering the dose step by step."
    )


WITHDRAWAL_RETURNING = (
    "If your use became daily again, withdrawal can come back when you stop. Get urgent medical help "
    "for shaking, confusion, seeing or hearing things that are not there, or a seizure."
)

SEVERAL_LAPSES = (
    "Several lapses close together can mean the plan needs more support. This may be a good moment to "
    "talk it through with a counsellor or doctor. Setting a new quit date is your choice, and your "
    "history stays either way."
)

# -- help-now -----------------------------------------------------------------------
HELP_NOW_TITLE = "Help right now"
HELP_NOW_CRISIS_HEADING = "If you are in danger, or thinking of harming yourself:"
HELP_NOW_PLANS_HEADING = "Your if-then plans"
HELP_NOW_PLANS_NONE = (
    'No if-then plans yet. One for a situation like this: cuelog plan add --place home "call my sister"'
)
HELP_NOW_SUPPORT_HEADING = "People you can call"
HELP_NOW_SUPPORT_NONE = "No one saved yet: cuelog support add NAME --phone NUMBER"
HELP_NOW_UNREADABLE = "  (your journal could not be read: {problem})"
HELP_NOW_FITS_NOW = "  (fits now)"
HELP_NOW_MORE_PLANS = "  {count} more: cuelog plan list"
HELP_NOW_MORE_PEOPLE = "  {count} more: cuelog support list"
URGE_SURF_HEADING = "Riding out the craving"
URGE_SURF_INTRO = "Cravings often rise, peak and pass within minutes, like a wave. You can ride this one out:"
URGE_SURF_STEPS = (
    "Name it: this is a craving, and it can pass.",
    "Breathe out slowly, and notice where you feel it in your body, without acting on it.",
    "Wait it out: give it 15 minutes, then check how strong it is.",
    "Move: get up, walk, step outside, change rooms, or call someone.",
)
URGE_NOW_PROMPT = "How strong is it now, 0–10? (Enter skips)"
URGE_AGAIN_PROMPT = "And now, 0–10? (Enter skips)"
URGE_NOTHING_RATED = "Nothing was rated, so nothing was saved."


def urge_time_left(seconds: int) -> str:
    """The countdown line, written over itself on the terminal."""
    return f"\r  {seconds // 60:d}:{seconds % 60:02d} left   (Ctrl-C stops; your ratings are kept) "


def urge_wait(minutes: int) -> str:
    return f"Stay with it for {_minutes(minutes)}; many cravings ease within that time."


def _minutes(n: int) -> str:
    return f"{n} minute" if n == 1 else f"{n} minutes"


def urge_change(before: int, after: int) -> str:
    """What the person's own ratings show, nothing more."""
    if after < before:
        return f"It went from {before} to {after}."
    return f"It is at {after} now (it was {before}). Another step may help: move, or call someone."


URGE_SURF_OFFER = "Ride this one out now, with a {minutes}-minute timer?"
URGE_SURF_COPING = "urge surfing"  # the coping value of a timed urge-surf's craving


def urge_surf_note(minutes: int, planned: int, ratings: Sequence[int]) -> str:
    """The note saved with a timed urge-surf: how long, the ratings, whether it passed
    (the last rating below the strongest one), in the person's own numbers."""
    span = f"{minutes} of {_minutes(planned)}" if minutes < planned else _minutes(minutes)
    shown = ", ".join(str(r) for r in ratings)
    peak, last = max(ratings), ratings[-1]
    if len(ratings) == 1:
        result = f"rated {last}/10 once"
    elif last < peak:
        result = f"ratings {shown}; it passed its peak of {peak}/10 and was at {last}/10 by the end"
    else:
        result = f"ratings {shown}; it had not passed by the end ({last}/10)"
    return f"Urge surfing, {span}: {result}."
