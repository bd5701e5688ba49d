"""If-then plans against the journal: which plans fit an entry, how cravings with
a planned-for cue went since the plan was made, and this week's high-risk times.
Pure: entries, plans and today come in."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta

from cuelog.analysis.summary import BUCKETS, WEEKDAYS, time_bucket, weekday
from cuelog.analysis.tally import outcomes
from cuelog.models import RECURRING, Cues, Entry, Plan
from cuelog.wording.insight import EARLY_LOOK, TOO_LITTLE_HISTORY

OUTLOOK_DAYS = 84  # twelve weeks of history
MIN_EVENTS = 20  # cravings and lapses needed before naming a pattern
MIN_DAYS = 14  # and the span of days they cover
LAPSE_WEIGHT = 3  # a lapse in a cell counts as much as three cravings
TOP_CELLS = 3
MIN_WEEKS = 3  # a time of the week seen in this many different weeks is a pattern, however short the history


def _weeks(events: list[Entry]) -> set[date]:
    """The Mondays of the weeks the events fall in."""
    return {e.at.date() - timedelta(days=e.at.weekday()) for e in events}


def matching_plans(plans: list[Plan], cues: Cues) -> list[Plan]:
    return [p for p in plans if p.matches(cues)]


def plans_for_cue(plans: list[Plan], dimension: str, value: str) -> list[Plan]:
    return [p for p in plans if value in getattr(p.cues, dimension)]


def craving_outcomes(entries: list[Entry], now: datetime | None) -> Callable[[tuple[str, str], datetime], tuple]:
    """A counter of the cravings with a cue since a moment: (cravings, followed by a lapse,
    too recent to tell at ``now``), over ``entries``."""
    lapse_times = sorted(e.at.timestamp() for e in entries if e.kind == "lapse")
    cravings = [e for e in entries if e.kind == "craving"]
    fate = outcomes(cravings, lapse_times, now)

    def count(key: tuple[str, str], since: datetime) -> tuple[int, int, int]:
        found = [e for e in cravings if e.at >= since and key in e.cues.items()]
        followed = sum(1 for e in found if fate.get(e.id) == "followed")
        return len(found), followed, sum(1 for e in found if fate.get(e.id) == "pending")

    return count


def plan_effect(item: dict, plans: list[Plan], count: Callable[[tuple[str, str], datetime], tuple]) -> dict:
    """For one cue: is there a plan, and since the first one, how many cravings with the
    cue passed without a lapse within a day (and how many are too recent to tell)."""
    found = plans_for_cue(plans, item["dimension"], item["value"])
    if not found:
        return {"plan": False, "plans": [], "since": None, "cravings": 0, "passed_without_lapse": 0, "pending": 0}
    since = min(p.created_at for p in found)
    cravings, followed, pending = count((item["dimension"], item["value"]), since)
    return {
        "plan": True,
        "plans": [p.id for p in found],
        "since": since.isoformat(timespec="seconds"),
        "cravings": cravings,
        "passed_without_lapse": cravings - followed - pending,
        "pending": pending,
    }


def with_plans(
    items: list[dict],
    plans: list[Plan],
    entries: list[Entry],
    now: datetime | None = None,
    count: Callable[[tuple[str, str], datetime], tuple] | None = None,
) -> list[dict]:
    """The cue items, each with its plan and how cravings went since. ``count`` (from the
    journal's month tallies) replaces counting ``entries``."""
    count = count or craving_outcomes(entries, now)
    return [item | {"plan": plan_effect(item, plans, count)} for item in items]


def outlook(entries: list[Entry], plans: list[Plan], today: date) -> dict:
    """This week's high-risk times from the person's own recent history."""
    start = today - timedelta(days=OUTLOOK_DAYS)
    events = [e for e in entries if e.kind in ("craving", "lapse") and start <= e.at.date() <= today]
    days_seen = {e.at.date() for e in events}
    span = (max(days_seen) - min(days_seen)).days + 1 if days_seen else 0
    doc: dict = {
        "as_of": today.isoformat(),
        "history": {
            "start": start.isoformat(),
            "end": today.isoformat(),
            "events": len(events),
            "days_with_events": len(days_seen),
        },
        "enough_data": len(events) >= MIN_EVENTS and span >= MIN_DAYS,
        "short_history": False,
        "note": None,
        "high_risk": [],
        "recurring": [],
    }
    cells: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for e in events:
        cells[(weekday(e.at), time_bucket(e.at))].append(e)
    if not doc["enough_data"]:
        # A short history can still show a clear pattern: a slot that came back in
        # three or more different weeks is named, with a note that the history is short.
        cells = {slot: found for slot, found in cells.items() if len(_weeks(found)) >= MIN_WEEKS}
        if not cells:
            doc["message"] = TOO_LITTLE_HISTORY.format(
                events=len(events), span=span, min_events=MIN_EVENTS, min_days=MIN_DAYS, min_weeks=MIN_WEEKS
            )
            return doc
        doc["enough_data"] = True
        doc["short_history"] = True
        doc["note"] = EARLY_LOOK.format(events=len(events), span=span, min_weeks=MIN_WEEKS)
    ranked = sorted(
        cells.items(),
        key=lambda kv: (
            -(sum(1 for e in kv[1] if e.kind == "craving") + LAPSE_WEIGHT * sum(1 for e in kv[1] if e.kind == "lapse")),
            WEEKDAYS.index(kv[0][0]),
            BUCKETS.index(kv[0][1]),
        ),
    )
    week = [today + timedelta(days=i) for i in range(7)]
    for (day_name, bucket), found in ranked[:TOP_CELLS]:
        when = next(d for d in week if WEEKDAYS[d.weekday()] == day_name)
        cue_counts = Counter(key for e in found for key in e.cues.items())
        top = [{"dimension": d, "value": v, "count": n} for (d, v), n in cue_counts.most_common(3)]
        top_keys = [(x["dimension"], x["value"]) for x in top]
        fitting = [p for p in plans if any(value in getattr(p.cues, dim) for dim, value in top_keys)]
        suggestion = None
        if not fitting and top:
            first = top[0]
            suggestion = f'cuelog plan add --{first["dimension"]} "{first["value"]}" "what you will do instead"'
        doc["high_risk"].append(
            {
                "weekday": day_name,
                "time_of_day": bucket,
                "date": when.isoformat(),
                "cravings": sum(1 for e in found if e.kind == "craving"),
                "lapses": sum(1 for e in found if e.kind == "lapse"),
                "top_cues": top,
                "plans": [p.to_record() for p in fitting],
                "suggestion": suggestion,
            }
        )
    weeks_by_cue: dict[tuple[str, str], set[date]] = defaultdict(set)
    days_by_cue: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for e in events:
        for dim, value in e.cues.items():
            if dim in RECURRING:
                day = e.at.date()
                weeks_by_cue[(dim, value)].add(day - timedelta(days=day.weekday()))
                days_by_cue[(dim, value)][weekday(e.at)] += 1
    for (dim, value), weeks in sorted(weeks_by_cue.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if len(weeks) < 3:
            continue
        usual, _ = days_by_cue[(dim, value)].most_common(1)[0]
        doc["recurring"].append(
            {
                "dimension": dim,
                "value": value,
                "weeks": len(weeks),
                "count": sum(days_by_cue[(dim, value)].values()),
                "usual_weekday": usual,
                "plans": [p.id for p in plans_for_cue(plans, dim, value)],
            }
        )
    doc["recurring"] = doc["recurring"][:5]
    return doc
