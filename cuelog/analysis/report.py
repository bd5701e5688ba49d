"""The counsellor's report: one dict that every export format renders.

Pure. Redaction happens first, on the entries themselves, so nothing that was
left out can reach any part of the report: not the cue tables, not the
lapses, not the entries appended to the JSON.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import replace
from datetime import date, datetime, timedelta
from types import MappingProxyType

from cuelog.analysis.prompts import build_prompts
from cuelog.analysis.summary import BUCKETS, WEEKDAYS, summarise, time_bucket, weekday
from cuelog.analysis.windows import status
from cuelog.models import DIMENSIONS, Cues, Entry, Plan, QuitAttempt

FORMAT_VERSION = 1
REDACTIONS = ("notes", "people", "all")


def redaction_parts(redact: str | None) -> set[str]:
    if redact is None:
        return set()
    return {"notes", "people"} if redact == "all" else {redact}


def _person_map(entries: list[Entry]) -> dict[str, str]:
    names: dict[str, str] = {}
    for entry in sorted(entries, key=lambda e: e.at):
        for name in entry.cues.person:
            names.setdefault(name, f"person {len(names) + 1}")
    return names


def _scrubber(names: dict[str, str]):
    if not names:
        return lambda text: text
    # Longest names first, so "sam smith" is replaced before "sam".
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?!\w)",
        re.IGNORECASE,
    )
    return lambda text: pattern.sub(lambda m: names[m.group(1).lower()], text) if text else text


def redact(entries: list[Entry], parts: set[str]) -> list[Entry]:
    """Notes: drop every free text (notes, reflection answers). People: replace each
    person with "person N" everywhere, including inside other text."""
    if not parts:
        return entries
    names = _person_map(entries) if "people" in parts else {}
    scrub = _scrubber(names)
    out = []
    for entry in entries:
        cues = Cues(
            **{
                d: tuple(names.get(v, v) if d == "person" else scrub(v) for v in getattr(entry.cues, d))
                for d in DIMENSIONS
            }
        )
        note = None if "notes" in parts else scrub(entry.note)
        reflection = entry.reflection
        if reflection is not None:
            reflection = MappingProxyType({} if "notes" in parts else {k: scrub(v) for k, v in reflection.items()})
        out.append(
            replace(
                entry,
                cues=cues,
                note=note,
                reflection=reflection,
                coping=tuple(scrub(c) for c in entry.coping),
                extra=MappingProxyType({}),
            )
        )
    return out


def redact_plans(plans: list[Plan], entries: list[Entry], parts: set[str]) -> list[dict]:
    """Plans as the report shows them: text gone with notes, names replaced with people."""
    names = _person_map(entries) if "people" in parts else {}
    if "people" in parts:  # people named only in a plan get numbers too
        for plan in plans:
            for name in plan.cues.person:
                names.setdefault(name, f"person {len(names) + 1}")
    scrub = _scrubber(names)
    out = []
    for plan in plans:
        cues = {
            d: [names.get(v, v) if d == "person" else scrub(v) for v in vs] for d, vs in plan.cues.as_dict().items()
        }
        out.append(
            {
                "id": plan.id,
                "cues": cues,
                "then": None if "notes" in parts else scrub(plan.then),
                "created_at": plan.created_at.isoformat(timespec="seconds"),
            }
        )
    return out


def excluded_sentence(parts: set[str]) -> str:
    if not parts:
        return "Nothing was left out: notes, reflection answers and people's names are included."
    said = []
    if "notes" in parts:
        said.append("notes, reflection answers and plan text were left out")
    if "people" in parts:
        said.append("people's names were replaced with person 1, person 2, …")
    return "At the author's choice, " + " and ".join(said) + "."


def day_state(slot: dict | None) -> str:
    """Timeline Followback: used / no use / no data."""
    if slot is None:
        return "no data"
    if slot["lapses"] or slot["used"] is True:
        return "used"
    if slot["used"] is False:
        return "no use"
    return "no data"


def weekly_trend(entries: list[Entry], start: date, end: date) -> list[dict]:
    """Monday-based weeks: cravings, median and peak intensity, lapses."""
    first = start - timedelta(days=start.weekday())
    weeks: dict[date, dict] = {}
    cursor = first
    while cursor <= end:
        weeks[cursor] = {"cravings": 0, "intensities": [], "lapses": 0}
        cursor += timedelta(days=7)
    for entry in entries:
        day = entry.at.date()
        key = day - timedelta(days=day.weekday())
        if key not in weeks:
            continue
        if entry.kind == "craving":
            weeks[key]["cravings"] += 1
            if entry.intensity is not None:
                weeks[key]["intensities"].append(entry.intensity)
        elif entry.kind == "lapse":
            weeks[key]["lapses"] += 1
    return [
        {
            "week_start": key.isoformat(),
            "cravings": w["cravings"],
            "median_intensity": statistics.median(w["intensities"]) if w["intensities"] else None,
            "peak_intensity": max(w["intensities"]) if w["intensities"] else None,
            "lapses": w["lapses"],
        }
        for key, w in weeks.items()
    ]


def build_report(
    entries: list[Entry],
    attempts: list[QuitAttempt],
    *,
    start: date,
    end: date,
    since: datetime | None,
    until: datetime | None,
    redact_parts: set[str],
    generated_at: datetime,
    with_entries: bool = True,
    plans: list[Plan] = (),
) -> dict:
    """The report; ``with_entries`` appends every entry (the JSON and CSV formats need them)."""
    plan_rows = redact_plans(list(plans), entries, redact_parts)
    entries = redact(entries, redact_parts)
    summary = summarise(entries, since=since, until=until, as_of=end, attempts=attempts, top=10)
    per_day = {date.fromisoformat(d["date"]): d for d in summary["daily"]}
    days = (end - start).days + 1
    calendar = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        slot = per_day.get(day)
        calendar.append({"date": day.isoformat(), "state": day_state(slot), "peak": slot["peak"] if slot else None})
    checkin_days = {e.day for e in entries if e.kind == "checkin" and e.day and start <= e.day <= end}
    events = [e for e in entries if e.kind in ("craving", "lapse")]
    heat = {d: {b: 0 for b in BUCKETS} for d in WEEKDAYS}
    for e in events:
        heat[weekday(e.at)][time_bucket(e.at)] += 1
    lapse_cues = sorted(
        (i for items in summary["by_dimension"].values() for i in items if i["lapses"] or i["followed_by_lapse"]),
        key=lambda i: (-(i["lapses"] + i["followed_by_lapse"]), -i["lapses"], i["dimension"], i["value"]),
    )[:10]
    doc = status(attempts, entries, end)
    window = summary["extinction_burst"]
    in_force = doc["quit_date"] is not None and doc["days_since_quit"] >= 0 and window is not None
    phases = window["phases"] if in_force else []
    comparison = window["comparison"] if in_force else None
    lapses = []
    for lapse in (e for e in entries if e.kind == "lapse"):
        answers = dict(lapse.reflection or {})
        questions = [{"prompt": p.text, "answer": answers[p.key]} for p in build_prompts(lapse) if answers.get(p.key)]
        lapses.append(
            {
                "id": lapse.id,
                "at": lapse.at.isoformat(timespec="seconds"),
                "intensity": lapse.intensity,
                "cues": lapse.cues.as_dict(),
                "note": lapse.note,
                "reflection": questions,
            }
        )
    return {
        "format": "cuelog-report",
        "format_version": FORMAT_VERSION,
        "generated_at": generated_at.isoformat(timespec="seconds"),
        "period": {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "days": days,
            "days_with_checkin": len(checkin_days),
            "completeness": round(len(checkin_days) / days, 3) if days else 0.0,
        },
        "redacted": sorted(redact_parts),
        "excluded": excluded_sentence(redact_parts),
        "attempts": [a.to_record() for a in attempts],
        "status": doc,
        "totals": summary["totals"],
        "calendar": calendar,
        "weekly": weekly_trend(entries, start, end),
        "top_cues": summary["top_cues"],
        "lapse_cues": lapse_cues,
        "time_of_day": summary["time_of_day"],
        "weekday": summary["weekday"],
        "heatmap": heat,
        "coping": summary["coping"],
        "cravings_passed_without_lapse": summary["cravings_passed_without_lapse"],
        "lapses": lapses,
        "extinction_burst": {
            "window": doc["extinction_burst"],
            "phases": phases,
            "comparison": comparison,
        },
        "plans": plan_rows,
        "entries": [e.to_record() for e in entries] if with_entries else [],
    }
