"""Which cues go with cravings and lapses, when they happen, what coping did.
Pure: entries (or their tally) in, a plain dict out (the ``summary --json`` document).

A craving counts as passed without a lapse only once a day has gone by with no lapse
after it; until then, unless a lapse already followed it, it is too recent to tell
("pending"), in the coping, cue-to-lapse and plan-effect figures alike. Means are
computed exactly and rounded half away from zero (``cuelog.text``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, time

from cuelog.analysis.tally import FOLLOW_WINDOW, WEEKDAYS, Tally
from cuelog.analysis.windows import compare_window, phase_stats_from, window_bounds
from cuelog.models import BUCKETS, DIMENSIONS, KINDS, Entry, QuitAttempt, current_attempt, time_bucket

__all__ = [
    "BUCKETS",
    "WEEKDAYS",
    "FOLLOW_WINDOW",
    "time_bucket",
    "weekday",
    "rank_key",
    "cue_items",
    "daily",
    "summarise",
    "summary_document",
    "as_of_moment",
]


def weekday(moment: datetime) -> str:
    return WEEKDAYS[moment.weekday()]


def as_of_moment(as_of: date) -> datetime:
    """The as-of time of a day given without one: its end, local time."""
    return datetime.combine(as_of, time(23, 59, 59)).astimezone()


def rank_key(item: dict) -> tuple:
    """count, lapses, mean_intensity descending (no intensity ranks last);
    then dimension and value ascending."""
    mean = item["mean_intensity"]
    return (-item["count"], -item["lapses"], mean is None, -(mean or 0.0), item["dimension"], item["value"])


def cue_items(events: list[Entry], now: datetime | None = None) -> list[dict]:
    """One item per (dimension, value), ranked."""
    return sorted(Tally.build(events, None, now).cue_items(), key=rank_key)


def daily(entries: Iterable[Entry]) -> dict[date, dict]:
    """Per day: the peak craving (cravings and check-ins), the number of lapses, the check-in's answer."""
    return {
        date.fromisoformat(d["date"]): {"peak": d["peak"], "lapses": d["lapses"], "used": d["used"]}
        for d in Tally.build(list(entries), [], None).daily()
    }


def summarise(
    entries: list[Entry],
    *,
    since: datetime | None,
    until: datetime | None,
    as_of: date,
    attempts: list[QuitAttempt],
    top: int = 5,
    now: datetime | None = None,
) -> dict:
    """The summary of ``entries`` (already limited to ``since``..``until``). ``now`` is the
    as-of time that decides which cravings are too recent to tell (default: the end of
    ``as_of``)."""
    moment = now if now is not None else as_of_moment(as_of)
    return summary_document(
        Tally.build(entries, None, moment), since=since, until=until, as_of=as_of, attempts=attempts, top=top
    )


def summary_document(
    tally: Tally,
    *,
    since: datetime | None,
    until: datetime | None,
    as_of: date,
    attempts: list[QuitAttempt],
    top: int = 5,
) -> dict:
    items = sorted(tally.cue_items(), key=rank_key)
    by_dimension: dict[str, list[dict]] = {d: [] for d in DIMENSIONS}
    for item in items:
        by_dimension[item["dimension"]].append(item)
    totals = Counter(dict(zip(KINDS, tally.kinds, strict=True)))
    followed, pending = tally.outcome_counts()

    attempt = current_attempt(attempts, as_of)
    window = None
    if attempt is not None:
        start, end = window_bounds(attempt.quit_date)
        phases = phase_stats_from(attempt.quit_date, as_of, tally)
        window = {
            "quit_date": attempt.quit_date.isoformat(),
            "start": start.isoformat(),
            "end": end.isoformat(),
            "phases": [p.as_dict() for p in phases],
            "comparison": compare_window(phases) if as_of >= attempt.quit_date else None,
        }
    return {
        "since": since.isoformat(timespec="seconds") if since else None,
        "until": until.isoformat(timespec="seconds") if until else None,
        "as_of": as_of.isoformat(),
        "totals": {"craving": totals["craving"], "lapse": totals["lapse"], "checkin": totals["checkin"]},
        "top_cues": items[: max(top, 0)],
        "by_dimension": by_dimension,
        "time_of_day": tally.time_of_day(),
        "weekday": tally.weekday(),
        "coping": tally.coping_rows(),
        "cravings_passed_without_lapse": tally.cravings - followed - pending,
        "pending": pending,
        "extinction_burst": window,
        "daily": tally.daily(),
    }
