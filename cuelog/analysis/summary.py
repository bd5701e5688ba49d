"""Which cues go with cravings and lapses, when they happen, what coping did.
Pure: entries in, a plain dict out (the ``summary --json`` document)."""

from __future__ import annotations

import bisect
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from cuelog.analysis.windows import phase_stats, window_bounds
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


class _LapseTimes:
    def __init__(self, entries: list[Entry]) -> None:
        self.times = sorted(e.at for e in entries if e.kind == "lapse")

    def follows(self, craving: Entry) -> bool:
        """A lapse in the 24 hours after this craving."""
        i = bisect.bisect_right(self.times, craving.at)
        return i < len(self.times) and self.times[i] <= craving.at + FOLLOW_WINDOW


def cue_items(events: list[Entry], lapse_times: _LapseTimes) -> list[dict]:
    stats: dict[tuple[str, str], dict] = {}
    for entry in events:
        followed = entry.kind == "craving" and lapse_times.follows(entry)
        for dim, value in entry.cues.items():
            s = stats.setdefault((dim, value), {"count": 0, "lapses": 0, "followed": 0, "intensities": []})
            s["count"] += 1
            s["lapses"] += entry.kind == "lapse"
            s["followed"] += followed
            if entry.intensity is not None:
                s["intensities"].append(entry.intensity)
    items = [
        {
            "dimension": dim,
            "value": value,
            "count": s["count"],
            "lapses": s["lapses"],
            "mean_intensity": _mean(s["intensities"]),
            "followed_by_lapse": s["followed"],
        }
        for (dim, value), s in stats.items()
    ]
    return sorted(items, key=rank_key)


def coping_stats(cravings: list[Entry], lapse_times: _LapseTimes) -> list[dict]:
    used: Counter[str] = Counter()
    passed: Counter[str] = Counter()
    for entry in cravings:
        ok = not lapse_times.follows(entry)
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
    lapse_times = _LapseTimes(events)
    items = cue_items(events, lapse_times)
    by_dimension = {d: [i for i in items if i["dimension"] == d] for d in DIMENSIONS}
    totals = Counter(e.kind for e in entries)
    followed = sum(lapse_times.follows(c) for c in cravings)

    attempt = current_attempt(attempts, as_of)
    window = None
    if attempt is not None:
        start, end = window_bounds(attempt.quit_date)
        window = {
            "quit_date": attempt.quit_date.isoformat(),
            "start": start.isoformat(),
            "end": end.isoformat(),
            "phases": [p.as_dict() for p in phase_stats(attempt.quit_date, as_of, entries)],
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
        "coping": coping_stats(cravings, lapse_times),
        "cravings_passed_without_lapse": len(cravings) - followed,
        "extinction_burst": window,
        "daily": [
            {"date": day.isoformat(), "peak": slot["peak"], "lapses": slot["lapses"], "used": slot["used"]}
            for day, slot in sorted(per_day.items())
        ],
    }
