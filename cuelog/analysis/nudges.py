"""When ``cuelog nudge`` reaches out, and with what: the person's own high-risk slots
(outlook's analysis), quiet hours, one nudge per slot, a daily cap, a pause, and nothing
when something was logged in the last hours. Pure: entries, plans, people, the outlook,
the settings, what was shown before and ``now`` come in.

Evidence: just-in-time adaptive interventions deliver support when a person's own data say
the risk is high and they can still act (Nahum-Shani et al. 2018); A-CHESS prompted at
risky times (Gustafson et al. 2014)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, time, timedelta

from cuelog.models import Entry, Plan, SupportPerson, time_bucket
from cuelog.wording import nudge as words

RECENT_HOURS = 3  # something logged this recently: the person is already paying attention
MAX_SNOOZE = timedelta(weeks=12)
_SNOOZE_PART = re.compile(r"(\d+)\s*(weeks?|w|days?|d|hours?|h|minutes?|mins?|m)")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_snooze(text: str) -> timedelta | None:
    """``1w``, ``3d``, ``2h``, ``90m``, ``1w2d``; ``0`` ends a pause (timedelta 0);
    None when it cannot be read or is longer than twelve weeks."""
    cleaned = text.strip().lower().replace(" ", "")
    if cleaned in ("0", "off", "none"):
        return timedelta(0)
    pos, total = 0, timedelta(0)
    for match in _SNOOZE_PART.finditer(cleaned):
        if match.start() != pos:
            return None
        pos = match.end()
        number, unit = int(match.group(1)), match.group(2)[0]
        total += {"w": timedelta(weeks=1), "d": timedelta(days=1), "h": timedelta(hours=1), "m": timedelta(minutes=1)}[
            unit
        ] * number
    if pos != len(cleaned) or not cleaned or total <= timedelta(0) or total > MAX_SNOOZE:
        return None
    return total


def in_quiet_hours(now: datetime, hours: str | None) -> bool:
    """``22:00-08:00`` wraps past midnight; ``off`` or None is never quiet."""
    if not hours or hours == "off":
        return False
    first, _, last = hours.partition("-")
    start, end = time.fromisoformat(first), time.fromisoformat(last)
    moment = now.time().replace(tzinfo=None)
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def slot_of(moment: datetime) -> tuple[str, str]:
    return _WEEKDAYS[moment.weekday()], time_bucket(moment)


def slot_key(moment: datetime) -> str:
    """One occurrence of a slot: ``2026-11-27 evening``."""
    return f"{moment.date().isoformat()} {time_bucket(moment)}"


def slot_evidence(entries: Iterable[Entry], slot: tuple[str, str], now: datetime, days: int) -> tuple[int, int]:
    """In how many of the weeks before this one (from the first event's week, at most
    ``days`` back) the slot had a craving or a lapse: (weeks with, weeks in all). This
    week's slot is the one being asked about, so it counts in neither."""

    def monday(day):
        return day - timedelta(days=day.weekday())

    this_week = monday(now.date())
    start = now.date() - timedelta(days=days)
    events = [e for e in entries if e.kind in ("craving", "lapse") and start <= e.at.date() < this_week]
    if not events:
        return 0, 0
    first = min(monday(e.at.date()) for e in events)
    with_slot = {monday(e.at.date()) for e in events if slot_of(e.at) == slot}
    return len(with_slot), (this_week - first).days // 7


def nudge_slots(outlook: Mapping) -> list[tuple[str, str]]:
    """The slots outlook names as high-risk now: the ones that nudge. A slot whose risk
    has faded in the data drops out of the outlook, and so stops nudging by itself."""
    if not outlook.get("enough_data"):
        return []
    return [(cell["weekday"], cell["time_of_day"]) for cell in outlook.get("high_risk", [])]


def choose_plan(cell: Mapping, plans: Sequence[Plan]) -> Plan | None:
    fitting = {p["id"] for p in cell.get("plans", [])}
    return next((p for p in plans if p.id in fitting), None)


def choose_person(people: Sequence[SupportPerson]) -> SupportPerson | None:
    return next((p for p in people if p.phone), people[0] if people else None)


def message(cell: Mapping, weeks: int, of_weeks: int, plan: Plan | None, person: SupportPerson | None) -> list[str]:
    """The full text, in the person's own words: their plan, one of their people, help-now."""
    lines = [words.opening(cell["weekday"], cell["time_of_day"], weeks, of_weeks)]
    lines.append(words.your_plan(plan.label(), plan.then) if plan is not None else words.NO_PLAN)
    if person is not None:
        lines.append(words.your_person(person.name, person.phone))
    lines.append(words.HELP_NOW)
    return lines


def decide(
    *,
    now: datetime,
    prefs: Mapping[str, str | None],
    snoozed_until: datetime | None,
    shown: Sequence[Mapping],
    locked: bool,
    journal: Callable[[], tuple[Mapping, Sequence[Entry], Sequence[Plan], Sequence[SupportPerson]]],
    history_days: int,
    every_reason: bool = False,
) -> dict:
    """Whether to nudge now and with what. ``blocked`` lists every reason not to, in
    order (the first only, unless ``every_reason``, as a dry run asks); the message is
    there whenever now is a high-risk slot, so a dry run can show it. ``journal()`` gives
    (outlook, entries, plans, people); it is called only past the cheap checks, so a timer
    with nudges off or paused never reads the journal."""
    blocked: list[str] = []

    def block(reason: str) -> bool:
        blocked.append(reason)
        return not every_reason

    doc: dict = {"at": now.isoformat(), "slot": None, "message": None, "blocked": blocked}
    if prefs.get("nudges") != "on" and block("off"):
        return doc
    if snoozed_until is not None and snoozed_until > now and block("snoozed"):
        return doc
    if in_quiet_hours(now, prefs.get("quiet-hours")) and block("quiet-hours"):
        return doc
    if locked:
        blocked.append("locked")  # nothing more can be known
        return doc
    outlook, entries, plans, people = journal()
    slot = slot_of(now)
    cell = next((c for c in outlook.get("high_risk", []) if (c["weekday"], c["time_of_day"]) == slot), None)
    if cell is None or slot not in nudge_slots(outlook):
        blocked.append("no-slot")
        return doc
    weeks, of_weeks = slot_evidence(entries, slot, now, history_days)
    plan, person = choose_plan(cell, plans), choose_person(people)
    doc["slot"] = {
        "weekday": slot[0],
        "time_of_day": slot[1],
        "key": slot_key(now),
        "cravings": cell["cravings"],
        "lapses": cell["lapses"],
        "weeks": weeks,
        "of_weeks": of_weeks,
        "evidence": words.evidence(slot[0], slot[1], weeks, of_weeks),
    }
    doc["message"] = {
        "neutral": words.NEUTRAL,
        "lines": message(cell, weeks, of_weeks, plan, person),
        "plan": plan.to_record() if plan is not None else None,
        "support": {"name": person.name, "phone": person.phone} if person is not None else None,
    }
    latest = max((max(e.at, e.logged_at) for e in entries), default=None)
    if latest is not None and now - timedelta(hours=RECENT_HOURS) <= latest <= now + timedelta(minutes=5):
        if block("logged-recently"):
            return doc
    if any(s.get("slot") == doc["slot"]["key"] for s in shown) and block("already-shown"):
        return doc
    cap = int(prefs.get("nudge-daily-cap") or 1)
    today = [s for s in shown if str(s.get("slot", "")).startswith(now.date().isoformat())]
    if len(today) >= cap:
        block("daily-cap")
    return doc


def why(reason: str, prefs: Mapping[str, str | None], snoozed_until: datetime | None) -> str:
    template = words.WHY[reason]
    return template.format(
        until=f"{snoozed_until:%a %d %b %H:%M}" if snoozed_until else "",
        hours=prefs.get("quiet-hours") or "",
        recent=RECENT_HOURS,
        cap=words.daily_cap(int(prefs.get("nudge-daily-cap") or 1)),
    )


def outcomes(shown: Sequence[Mapping], entries: Sequence[Entry]) -> dict:
    """For the report: nudges shown, and after how many a craving or a lapse was logged
    later in the same slot (its date and time of day), without judging either."""
    craving_after = lapse_after = 0
    for record in shown:
        try:
            at = datetime.fromisoformat(str(record["at"]))
        except (KeyError, ValueError):
            continue
        later = [e for e in entries if e.at >= at and slot_key(e.at) == record.get("slot")]
        craving_after += any(e.kind == "craving" for e in later)
        lapse_after += any(e.kind == "lapse" for e in later)
    return {"shown": len(shown), "craving_after": craving_after, "lapse_after": lapse_after}
