"""Which cues go with cravings and lapses, when they happen, what coping did.
Pure: entries in, a plain dict out (the ``summary --json`` document)."""

from __future__ import annotations

import bisect
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from cuelog.analysis.windows import compare_window, phase_stats, window_bounds
from cuelog.models import DIMENSIONS, Entry, QuitAttempt, current_attempt

BUCKETS = ("morning", "afternoon", "evening", "night")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FOLLOW_WINDOW = timedelta(hours=24)  # a lapse within this long after a craving "follows" it


def time_bucket(moment: datetime) -> str:
    """Local wall-clock buckets: morning 05-11, afternoon 12-16, evening 17-21, night 22-04."""
    hour = moment.hour
    if 5 <= hour < 12:
        return "morning"
    if 12 <= hour < 17:
        return "afternoon"
    if 17 <= hour < 22:
        return "evening"
    return "night"


def weekday(moment: datetime) -> str:
    return WEEKDAYS[moment.weekday()]


def _mean(values: list[int]) -> float | None:
    return round(statistics.fmean(values), 1) if values else None


def rank_key(item: dict) -> tuple:
    """count, lapses, mean_intensity descending (no intensity ranks last);
    then dimension and value ascending."""
    mean = item["mean_intensity"]
    return (-item["count"], -item["lapses"], mean is None, -(mean or 0.0), item["dimension"], item["value"])


def followed_by_lapse(entries: list[Entry]) -> set[str]:
    """Ids of the cravings that a lapse followed within 24 hours."""
    times = sorted(e.at.timestamp() for e in entries if e.kind == "lapse")
    if not times:
        return set()
    window = FOLLOW_WINDOW.total_seconds()
    followed = set()
    for entry in entries:
        if entry.kind == "craving":
            moment = entry.at.timestamp()
            i = bisect.bisect_right(times, moment)
            if i < len(times) and times[i] <= moment + window:
                followed.add(entry.id)
    return followed


def cue_items(events: list[Entry], followed_ids: set[str]) -> list[dict]:
    """One item per (dimension, value), ranked. The hot loop of an all-time summary."""
    count: Counter[tuple[str, str]] = Counter()
    lapses: Counter[tuple[str, str]] = Counter()
    followed: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    rated: Counter[tuple[str, str]] = Counter()
    for entry in events:
        keys = entry.cues.items()
        count.update(keys)
        if entry.kind == "lapse":
            lapses.update(keys)
        elif entry.id in followed_ids:
            followed.update(keys)
        if entry.intensity is not None:
            rated.update(keys)
            for key in keys:
                total[key] += entry.intensity
    items = [
        {
            "dimension": dim,
            "value": value,
            "count": n,
            "lapses": lapses[(dim, value)],
            "mean_intensity": round(total[(dim, value)] / rated[(dim, value)], 1) if rated[(dim, value)] else None,
            "followed_by_lapse": followed[(dim, value)],
        }
        for (dim, value), n in count.items()
    ]
    return sorted(items, key=rank_key)


def coping_stats(cravings: list[Entry], followed_ids: set[str]) -> list[dict]:
    used: Counter[str] = Counter()
    passed: Counter[str] = Counter()
    for entry in cravings:
        ok = entry.id not in followed_ids
        for strategy in entry.coping:
            used[strategy] += 1
            passed[strategy] += ok
    return [
        {"coping": name, "used": n, "passed_without_lapse": passed[name]}
        for name, n in sorted(used.items(), key=lambda kv: (-kv[1], -passed[kv[0]], kv[0]))
    ]


def daily(entries: Iterable[Entry]) -> dict[date, dict]:
    """Per day: the peak craving (cravings and check-ins) and the number of lapses."""
    days: dict[date, dict] = defaultdict(lambda: {"peak": None, "lapses": 0, "used": None})
    for entry in entries:
        day = entry.day if entry.kind == "checkin" else entry.at.date()
        if day is None:
            continue
        slot = days[day]
        if entry.kind == "lapse":
            slot["lapses"] += 1
        elif entry.intensity is not None:
            slot["peak"] = entry.intensity if slot["peak"] is None else max(slot["peak"], entry.intensity)
        if entry.kind == "checkin" and entry.used is not None:
            slot["used"] = entry.used
    return dict(days)


def summarise(
    entries: list[Entry],
    *,
    since: datetime | None,
    until: datetime | None,
    as_of: date,
    attempts: list[QuitAttempt],
    top: int = 5,
) -> dict:
    events = [e for e in entries if e.kind in ("craving", "lapse")]
    cravings = [e for e in events if e.kind == "craving"]
    followed_ids = followed_by_lapse(events)
    items = cue_items(events, followed_ids)
    by_dimension = {d: [i for i in items if i["dimension"] == d] for d in DIMENSIONS}
    totals = Counter(e.kind for e in entries)

    attempt = current_attempt(attempts, as_of)
    window = None
    if attempt is not None:
        start, end = window_bounds(attempt.quit_date)
        phases = phase_stats(attempt.quit_date, as_of, entries)
        window = {
            "quit_date": attempt.quit_date.isoformat(),
            "start": start.isoformat(),
            "end": end.isoformat(),
            "phases": [p.as_dict() for p in phases],
            "comparison": compare_window(phases) if as_of >= attempt.quit_date else None,
        }
    per_day = daily(entries)
    buckets = Counter(time_bucket(e.at) for e in events)
    days = Counter(weekday(e.at) for e in events)
    return {
        "since": since.isoformat(timespec="seconds") if since else None,
        "until": until.isoformat(timespec="seconds") if until else None,
        "as_of": as_of.isoformat(),
        "totals": {"craving": totals["craving"], "lapse": totals["lapse"], "checkin": totals["checkin"]},
        "top_cues": items[: max(top, 0)],
        "by_dimension": by_dimension,
        "time_of_day": {b: buckets[b] for b in BUCKETS},
        "weekday": {d: days[d] for d in WEEKDAYS},
        "coping": coping_stats(cravings, followed_ids),
        "cravings_passed_without_lapse": len(cravings) - len(followed_ids),
        "extinction_burst": window,
        "daily": [
            {"date": day.isoformat(), "peak": slot["peak"], "lapses": slot["lapses"], "used": slot["used"]}
            for day, slot in sorted(per_day.items())
        ],
    }
