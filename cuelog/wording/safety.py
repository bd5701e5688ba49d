"""Safety sentences: crisis lines by place, overdose, withdrawal, help right now.

Calm, short and concrete. Generic claims are hedged and each has an entry in
``cuelog/sources.py`` under the notice's key. Numbers are the services' own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from cuelog.wording.places import CRISIS_LINE_BY_COUNTRY, CRISIS_LINE_TABLE, EMERGENCY_ONLY, CrisisLine


# -- crisis lines ----------------------------------------------------------------
def _line_text(line: CrisisLine) -> str:
    numbers = " or ".join(line.numbers)
    hours = f", {line.hours}" if line.hours else ""
    if line.numbers_first:
        return f"{line.how} {numbers} ({line.line}{hours})"
    return f"{line.how} {line.line} on {numbers}" + (f" ({line.hours})" if line.hours else "")


# Country (ISO 3166 alpha-2) -> the crisis line, then local emergency services; the
# numbers and where each was checked are in ``cuelog.wording.places``.
CRISIS_LINES: dict[str, tuple[str, str]] = {
    line.country: (_line_text(line), f"local emergency services ({line.emergency})") for line in CRISIS_LINE_TABLE
}
CRISIS_LINES_ELSEWHERE = ("a crisis line near you (findahelpline.com lists them)", "local emergency services")
SOMEONE_YOU_TRUST = "or someone you trust"


def crisis_lines(country: str | None) -> list[str]:
    """Where to turn, for a country or anywhere: a crisis line, local emergency
    services, and always last, someone you trust."""
    code = (country or "").upper()
    if code in CRISIS_LINES:
        line, emergency = CRISIS_LINES[code]
    elif code in EMERGENCY_ONLY:
        line, emergency = CRISIS_LINES_ELSEWHERE[0], f"local emergency services ({EMERGENCY_ONLY[code][1]})"
    else:
        line, emergency = CRISIS_LINES_ELSEWHERE
    return [line, emergency, SOMEONE_YOU_TRUST]


def country_name(country: str | None) -> str | None:
    code = (country or "").upper()
    if code in CRISIS_LINE_BY_COUNTRY:
        return CRISIS_LINE_BY_COUNTRY[code].name
    return EMERGENCY_ONLY[code][0] if code in EMERGENCY_ONLY else None


def place_note(country: str | None, guessed: bool) -> str | None:
    """Said once in a crisis block when the place was guessed from the locale, or is
    not known at all: which place the numbers are for, and how to change it."""
    if country and not guessed:
        return None
    if not country:
        return (
            "For the numbers where you are, set CUELOG_COUNTRY to your two-letter country code "
            "(e.g. CUELOG_COUNTRY=DE)."
        )
    name = country_name(country) or country.upper()
    return f"Numbers for {name}, guessed from your locale; to change, set CUELOG_COUNTRY (e.g. CUELOG_COUNTRY=DE)."


def crisis_message(country: str | None, guessed: bool = False) -> str:
    """The line shown whenever a note or an answer mentions self-harm."""
    note = place_note(country, guessed)
    return (
        "If you are thinking about harming yourself or ending your life, please reach out now: "
        + ", ".join(crisis_lines(country))
        + "."
        + (f" {note}" if note else "")
    )


# Word lists miss things; this command needs none.
HELP_NOW_POINTER = "Crisis lines, your plans and your people, any time: cuelog help-now"


def emergency_number(country: str | None) -> str:
    """'local emergency services (911)', or without a number where the place is unknown."""
    return crisis_lines(country)[1]


# -- notices ---------------------------------------------------------------------
# Opioids (and use of an unknown substance): said after any use, and kept in status
# while tolerance may still be low (safety.OPIOID_NOTE_DAYS).
OVERDOSE = (
    "A safety note: tolerance to opioids can drop within days of a break, so an amount that was usual "
    "before can now cause an overdose. If you use again: not alone, much less than before, and with "
    "naloxone near you and someone who knows how to give it. Alcohol, benzodiazepines or other sedatives "
    "on top can slow breathing further. Methadone or buprenorphine treatment can lower the risk of dying; "
    "a doctor or a drug service can talk it through with you."
)


def overdose_emergency(country: str | None) -> str:
    """What to do in an overdose: the signs, the number, naloxone, breathing, staying."""
    return (
        "If someone may be overdosing (cannot be woken, slow or stopped breathing, blue or grey lips, "
        f"pinpoint pupils, gurgling): call {emergency_number(country)} now and give naloxone if you have it. "
        "Not breathing: give rescue breaths. Breathing: turn them on their side (the recovery position). "
        "Stay with them: naloxone can wear off before the opioid does, and a second dose may be needed."
    )


STIMULANT_SUPPLY = (
    "A safety note: cocaine, crack, meth and other stimulants bought on the street can contain fentanyl, "
    "often without the seller or the buyer knowing. If you use again: not alone, start with a small amount, "
    "and keep naloxone near you with someone who knows how to give it."
)

SEDATIVE_PILLS = (
    'A safety note: pills bought outside a pharmacy ("bars", "xans", street Xanax, fake oxycodone) can '
    "contain fentanyl or other strong sedatives, whatever they look like. Sedatives with alcohol or opioids "
    "can slow breathing more than either alone. If you use again: not alone, much less, and with naloxone "
    "near you."
)

# Withdrawal that can be dangerous, by substance class (see safety.substance_classes).
_STOPPING_AFTER = {
    "alcohol": "regular heavy drinking",
    "benzodiazepines": "benzodiazepines",
    "sedatives": "sleeping pills or other sedatives",
    "ghb": "GHB/GBL",
    "barbiturates": "barbiturates",
}
_DAILY = ("benzodiazepines", "sedatives", "ghb", "barbiturates")


def withdrawal_stopping(classes: Iterable[str]) -> str:
    """Before and in the first two weeks after the quit date, for the classes that
    can have dangerous withdrawal; names only the ones the person uses."""
    classes = set(classes)
    parts = []
    if "alcohol" in classes:
        parts.append("after " + _STOPPING_AFTER["alcohol"])
    daily = [_STOPPING_AFTER[c] for c in _DAILY if c in classes]
    if daily:
        names = daily[0] if len(daily) == 1 else ", ".join(daily[:-1]) + " or " + daily[-1]
        prescribed_too = classes & {"benzodiazepines", "sedatives", "barbiturates"}
        prescribed = " (even at a prescribed dose)" if prescribed_too else ""
        parts.append(f"after taking {names} daily for more than a few weeks{prescribed}")
    if not parts:  # not expected: the caller only asks for these classes
        parts.append("after heavy daily use of alcohol or sedatives")
    before_verb = "," if len(parts) > 1 else ""
    if "alcohol" in classes and not daily:
        how = (
            "usually with a short course of medicine, at home or in a service, rather than by cutting down on your own."
        )
    elif "alcohol" in classes:
        how = "with a short course of medicine for alcohol, and by lowering the other dose step by step."
    else:
        how = "often by lowering the dose step by step."
    return (
        f"Stopping {', or '.join(parts)}{before_verb} can cause dangerous withdrawal, including seizures. "
        f"A doctor or clinician can help you stop safely, {how}"
    )


def alcohol_withdrawal_signs(country: str | None) -> str:
    """The first days after the last drink: when signs usually come, and when to call."""
    return (
        "In the first days after the last drink: signs usually begin 6–12 hours after it and are often "
        "strongest on days 1–3 (shaking, sweating, feeling sick, anxious or unable to sleep). Seizures mostly "
        "come within the first 2 days. Confusion, or seeing or hearing things that are not there (often on "
        f"days 2–3), is an emergency: call {emergency_number(country)}."
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
    "Wait it out: give it a set number of minutes, then check how strong it is.",
    "Move: get up, walk, step outside, change rooms, or call someone.",
)
URGE_NOW_PROMPT = "How strong is it now, 0–10? (Enter skips)"
URGE_AGAIN_PROMPT = "And now, 0–10? (Enter skips)"


def urge_prompt(first: bool, seconds_left: int) -> str:
    """A check during the urge-surf; the time left stays in view while it waits."""
    asked = URGE_NOW_PROMPT if first else URGE_AGAIN_PROMPT
    return f"{asked} · {seconds_left // 60:d}:{seconds_left % 60:02d} left" if seconds_left > 0 else asked


def urge_stopped(short_id: str) -> str:
    """Ctrl-C during an urge-surf with ratings: they are saved (exit 130)."""
    return f"Stopped early. Your ratings so far are saved with this craving [{short_id}]."


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
