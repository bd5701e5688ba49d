"""What the counsellor's hour needs beyond the report's detail: what changed since the last
report to this counsellor, confidence after each lapse, urge-surfing results, check-in feelings
by week, and each 24-hour plan with what the next two days held. Pure: entries in, dicts out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from statistics import median

from cuelog.models import Entry, Plan

CONVERSATION_WEEKS = 12  # the conversation parts cover the last 12 weeks of the period at most
CONFIDENCE_KEY = "confidence"
NEXT_24_HOURS_KEY = "next-24-hours"
URGE_SURFING = "urge surfing"
_LEADING_NUMBER = re.compile(r"^\s*(\d{1,2})(?:\s*/\s*10)?(?!\d)")
_RATINGS = re.compile(r"(?:ratings|rated)\s+([\d,\s]+?)(?:;|/10|\.|$)")


def confidence_value(answer: str | None) -> int | None:
    """The 0–10 number a confidence answer starts with ("6", "6/10, if ..."), or None."""
    if not answer:
        return None
    found = _LEADING_NUMBER.match(answer)
    if not found or not 0 <= int(found.group(1)) <= 10:
        return None
    return int(found.group(1))


def confidence_over_time(lapses: Iterable[Entry]) -> list[dict]:
    """The 0–10 confidence answered after each lapse, oldest first (lapses without one left out)."""
    out = []
    for lapse in sorted(lapses, key=lambda e: e.at):
        value = confidence_value((lapse.reflection or {}).get(CONFIDENCE_KEY))
        if value is not None:
            out.append({"lapse_id": lapse.id, "at": lapse.at.isoformat(timespec="seconds"), "confidence": value})
    return out


def surf_ratings(note: str | None) -> list[int]:
    """The ratings a timed urge-surf saved in its note (see ``wording.safety.urge_surf_note``)."""
    found = _RATINGS.search(note or "")
    if not found:
        return []
    return [int(x) for x in re.findall(r"\d+", found.group(1)) if 0 <= int(x) <= 10]


def urge_surfing(cravings: Iterable[Entry]) -> dict:
    """Urge-surfs (cravings with the coping "urge surfing"): how many, how many passed their
    peak (the last rating below the strongest), and the median drop from peak to last rating."""
    surfs = [e for e in cravings if e.kind == "craving" and URGE_SURFING in (c.lower() for c in e.coping)]
    rated = [r for r in (surf_ratings(e.note) for e in surfs) if len(r) >= 2]
    drops = [max(r) - r[-1] for r in rated]
    return {
        "count": len(surfs),
        "with_ratings": len(rated),
        "passed_peak": sum(1 for d in drops if d > 0),
        "median_drop": median(drops) if drops else None,
    }


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def feelings_by_week(checkins: Iterable[Entry]) -> list[dict]:
    """For each Monday-based week with a check-in: how many check-ins, and the feelings they
    named, most named first."""
    weeks: dict[date, tuple[list[int], Counter]] = {}
    for entry in checkins:
        if entry.kind != "checkin":
            continue
        day = entry.day or entry.at.date()
        count, feelings = weeks.setdefault(_monday(day), ([0], Counter()))
        count[0] += 1
        for value in entry.cues.feeling:
            feelings[entry.shown(value)] += 1
    return [
        {
            "week_start": week.isoformat(),
            "checkins": count[0],
            "feelings": [
                {"feeling": f, "count": n} for f, n in sorted(feelings.items(), key=lambda kv: (-kv[1], kv[0]))
            ],
        }
        for week, (count, feelings) in sorted(weeks.items())
    ]


def _two_days(entries: list[Entry], start: datetime) -> dict:
    end = start + timedelta(hours=48)
    inside = [e for e in entries if start < e.at <= end]
    cravings = [e for e in inside if e.kind == "craving"]
    rated = [e.intensity for e in cravings if e.intensity is not None]
    checkins = [e for e in inside if e.kind == "checkin"]
    return {
        "cravings": len(cravings),
        "peak": max(rated) if rated else None,
        "lapses": sum(1 for e in inside if e.kind == "lapse"),
        "checkins": len(checkins),
        "checkins_with_use": sum(1 for e in checkins if e.used),
        "logged": bool(inside),
    }


def day_plans(entries: list[Entry]) -> list[dict]:
    """Each lapse's plan for the next 24 hours, with what the 48 hours after the lapse held."""
    ordered = sorted(entries, key=lambda e: e.at)
    out = []
    for lapse in ordered:
        if lapse.kind != "lapse":
            continue
        plan = (lapse.reflection or {}).get(NEXT_24_HOURS_KEY)
        if not plan:
            continue
        out.append(
            {"lapse_id": lapse.id, "at": lapse.at.isoformat(timespec="seconds"), "plan": plan}
            | _two_days(ordered, lapse.at)
        )
    return out


def _same(text: str) -> str:
    return " ".join(text.lower().split()).rstrip(".")


def window_figures(entries: Iterable[Entry], plans: Iterable[Plan], start: datetime, end: datetime) -> dict:
    """Counts for ``start`` < time <= ``end``: cravings, days with use, lapses, plans made, plans
    used (a craving or lapse whose coping is a plan's "then" text), the last confidence answer."""
    inside = [e for e in entries if start < e.at <= end]
    plans = list(plans)
    thens = {_same(p.then) for p in plans if p.then}
    use_days = {e.at.date() for e in inside if e.kind == "lapse"}
    use_days |= {(e.day or e.at.date()) for e in inside if e.kind == "checkin" and e.used}
    confidence = confidence_over_time(e for e in inside if e.kind == "lapse")
    return {
        "cravings": sum(1 for e in inside if e.kind == "craving"),
        "use_days": len(use_days),
        "lapses": sum(1 for e in inside if e.kind == "lapse"),
        "plans_made": sum(1 for p in plans if start < p.created_at <= end),
        "plans_used": sum(1 for e in inside if any(_same(c) in thens for c in e.coping)),
        "confidence": confidence[-1]["confidence"] if confidence else None,
    }


def _figures(raw) -> dict | None:
    """A remembered report's figures as written by another device: counts (or None) only."""
    if not isinstance(raw, Mapping):
        return None
    keys = ("cravings", "use_days", "lapses", "plans_made", "plans_used", "confidence")
    return {k: raw.get(k) if type(raw.get(k)) is int else None for k in keys}


def since_last(previous: dict | None, entries: list[Entry], plans: Iterable[Plan], now: datetime, name: str) -> dict:
    """The "since the last report" part: the figures since ``previous`` (the record of the last
    report to ``name``: when it was made and its own figures), beside that report's figures."""
    if previous is None:
        return {"name": name, "last_at": None, "now": None, "before": None}
    last_at = datetime.fromisoformat(previous["exported_at"])
    return {
        "name": name,
        "last_at": previous["exported_at"],
        "days": (now.date() - last_at.date()).days,
        "now": window_figures(entries, plans, last_at, now),
        "before": _figures(previous.get("figures")),
        "before_from": previous.get("from") if isinstance(previous.get("from"), str) else None,
    }


def scrubbed(parts: Mapping, redactor) -> dict:
    """The first page and the conversation with the report's own redaction: the agenda's and
    the plans' text gone with ``notes``, names and relation words replaced as everywhere else."""
    talk = dict(parts.get("conversation") or {})
    if talk:
        talk["day_plans"] = [p | {"plan": redactor.free_text(p["plan"])} for p in talk.get("day_plans", [])]
        talk["feelings_by_week"] = [
            w | {"feelings": [f | {"feeling": redactor.text(f["feeling"])} for f in w["feelings"]]}
            for w in talk.get("feelings_by_week", [])
        ]
    return {
        "agenda": [r | {"text": redactor.free_text(r["text"])} for r in parts.get("agenda", [])],
        "since_last": parts.get("since_last"),
        "conversation": talk,
    }
