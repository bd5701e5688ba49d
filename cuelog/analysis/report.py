"""The counsellor's report: one dict that every export format renders.

Pure. Redaction happens first, on the entries themselves, so nothing that was
left out can reach any part of the report: not the cue tables, not the
lapses, not the entries appended to the JSON.

The period is honest: it never starts before the journal does (its first entry
or first quit date, whichever is earlier), so completeness counts the days the
journal could have had a check-in, and no empty weeks come before it. Means are
rounded once, half away from zero, by ``cuelog.text``; tense comes from the day
the report is made (``generated_at``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta

from cuelog.analysis.counsel import scrubbed
from cuelog.analysis.prompts import BUCKET_HOURS, answered_prompts
from cuelog.analysis.redaction import PARTS, REDACTIONS, Redactor, redact, redaction_parts
from cuelog.analysis.summary import rank_key
from cuelog.analysis.tally import CHECKIN, CRAVINGS, HIST, LAPSES, PEAK, USED, Tally, histogram_median, phase_figures
from cuelog.analysis.windows import MIN_DAYS_FOR_COMPARISON, WINDOW_FIRST_DAY, WINDOW_LAST_DAY, UseCounts, status
from cuelog.models import KINDS, Entry, Goal, Plan, QuitAttempt
from cuelog.text import day_words, percent, round_half_away
from cuelog.wording import report as say

__all__ = ["REDACTIONS", "PARTS", "BUCKET_HOURS", "build_report", "redact", "redaction_parts", "report_period"]

FORMAT_VERSION = 1
PHASE_SPANS = {
    "week 1": (0, WINDOW_FIRST_DAY - 1),
    "weeks 2-4": (WINDOW_FIRST_DAY, WINDOW_LAST_DAY),
    "after": (28, None),
}
_UNKNOWN = object()  # first_entry_day not given: a caller from before the honest period
# The daily safety question's key on a check-in record (written by ``checkin`` when the
# person has turned it on); read tolerantly: a number 0-5, or {"score": n}.
SAFETY_ITEM_KEY = "safety_item"
_FREE_TEXT = ("note", "reflection")  # gone with --redact notes; cue values, coping and amounts are scrubbed


def _record_texts(record: Mapping) -> list[tuple[str, str]]:
    """Every text a person typed into an entry, with the kind of field it is in."""
    out = []
    for field in ("note", "amount"):
        if isinstance(record.get(field), str) and record[field]:
            out.append((field, record[field]))
    for value in record.get("coping") or ():
        if isinstance(value, str):
            out.append(("coping", value))
    for values in (record.get("cues") or {}).values():
        out += [("cue", v) for v in values or () if isinstance(v, str)]
    for answer in (record.get("reflection") or {}).values():
        if isinstance(answer, str) and answer:
            out.append(("reflection", answer))
    return out


def _record_day(record: Mapping) -> str:
    if record.get("kind") == "checkin" and isinstance(record.get("date"), str):
        return record["date"]
    return str(record.get("at", ""))[:10]


def _safety_score(record: Mapping) -> int | None:
    value = record.get(SAFETY_ITEM_KEY)
    if isinstance(value, Mapping):
        value = value.get("score")
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 5 else None


def safety_events(records: Iterable[Mapping], words: Callable[[str, str], str | None]) -> dict:
    """What a counsellor may want to see first, from the entries' public records: texts
    that mention self-harm or suicide, or an overdose, and check-ins that report use, each
    with its date and the person's own words (``words(field, text)``: None when the
    report leaves them out); the daily safety question's answers where kept; and how
    check-ins felt (the feelings of each day's check-in). Found by the same checks as the
    crisis lines, so they err towards yes."""
    from cuelog import safety

    events, scores, feelings = [], [], {}
    seen: dict[str, tuple[bool, bool]] = {}  # cue values and notes repeat: each text checked once

    def check(text: str) -> tuple[bool, bool]:
        found = seen.get(text)
        if found is None:
            crisis = safety.mentions_self_harm(text)
            found = seen[text] = (crisis, safety.mentions_overdose(text))
        return found

    for record in records:
        kind, day = record.get("kind"), _record_day(record)
        texts = _record_texts(record)
        checked = [(f, t, check(t)) for f, t in texts]
        found = {
            "crisis": next(((f, t) for f, t, c in checked if c[0]), None),
            "overdose": next(((f, t) for f, t, c in checked if c[1]), None),
        }
        for what, hit in found.items():
            if hit is not None:
                events.append(
                    {
                        "kind": what,
                        "date": day,
                        "at": record.get("at"),
                        "entry_kind": kind,
                        "entry_id": record.get("id"),
                        "field": hit[0],
                        "words": words(hit[0], hit[1]),
                    }
                )
        if kind != "checkin":
            continue
        if record.get("used") is True:
            said = [words(f, t) for f, t in texts if f in ("amount", "note")]
            events.append(
                {
                    "kind": "used",
                    "date": day,
                    "at": record.get("at"),
                    "entry_kind": kind,
                    "entry_id": record.get("id"),
                    "field": "amount",
                    "words": "; ".join(w for w in said if w) or None,
                }
            )
        score = _safety_score(record)
        if score is not None:
            scores.append({"date": day, "score": score})
        for value in (record.get("cues") or {}).get("feeling") or ():
            shown = words("cue", value)
            if shown:
                feelings.setdefault(shown, set()).add(day)
    return _safety_doc(events, scores, feelings)


_ORDER = {"crisis": 0, "overdose": 1, "used": 2}


def _safety_doc(events: list[dict], scores: list[dict], feelings: dict[str, set[str]]) -> dict:
    events.sort(key=lambda e: (e["date"], str(e["at"] or ""), _ORDER[e["kind"]]))
    return {
        "events": events,
        "safety_item": sorted(scores, key=lambda s: s["date"]),
        "checkin_feelings": [
            {"feeling": name, "days": sorted(days)}
            for name, days in sorted(feelings.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        ],
    }


def _scan_kind() -> str:
    """The name a month's scan is kept under beside the month's tally: it changes with
    the word lists, with the code of the checks (``cuelog.crisis`` and ``cuelog.safety``)
    and with cuelog's version, so a scan made by other checks is not reused."""
    import hashlib
    import marshal
    import types

    from cuelog import __version__, crisis, safety

    data = []
    for module in (crisis, safety):
        for k, v in sorted(vars(module).items()):
            if isinstance(v, types.FunctionType) and v.__module__ == module.__name__:
                data.append((k, marshal.dumps(v.__code__)))
            elif k.isupper() and isinstance(v, tuple | frozenset | dict):
                data.append((k, repr(v) if not isinstance(v, frozenset) else repr(sorted(map(repr, v)))))
    return "safety-" + hashlib.sha256(repr((__version__, data)).encode()).hexdigest()[:12]


def _month_scan(records: list[dict]) -> str:
    import json

    return json.dumps(safety_events(records, lambda field, text: text), ensure_ascii=False, sort_keys=True)


def safety_events_by_month(records) -> dict:
    """:func:`safety_events` of a report's records with nothing left out, one month at a
    time; a month whose records are unchanged since the last export is read from there
    (``records.texts``), not scanned again."""
    import json

    events, scores, feelings = [], [], {}
    for text in records.texts(_scan_kind(), _month_scan):
        month = json.loads(text)
        events += month["events"]
        scores += month["safety_item"]
        for row in month["checkin_feelings"]:
            feelings.setdefault(row["feeling"], set()).update(row["days"])
    return _safety_doc(events, scores, feelings)


def _day(text: str) -> str:
    return day_words(date.fromisoformat(text))


def _span(days: int) -> str:
    return f"{days // 7} weeks" if days % 7 == 0 and days >= 14 else f"{days} days"


def report_period(
    *,
    end: date,
    since: datetime | None,
    first_entry_day: date | None,
    attempts: Iterable[QuitAttempt],
) -> dict:
    """Where the report starts and why. The journal starts at its first entry or its
    first quit date, whichever is earlier; the period starts at the later of that and
    ``--since``, and never after ``end``."""
    starts = [d for d in (first_entry_day, *(a.quit_date for a in attempts)) if d is not None]
    journal_start = min(starts, default=None)
    asked = since.date() if since is not None else None
    note = None
    if journal_start is None:
        start = end
        note = say.PERIOD_NO_JOURNAL
    elif asked is None:
        start = journal_start
    elif journal_start > asked:
        start = journal_start
        note = say.PERIOD_JOURNAL_LATER.format(
            span=_span((end - asked).days), asked=_day(asked.isoformat()), journal_start=_day(journal_start.isoformat())
        )
    else:
        start = asked
    if start > end:
        note = say.PERIOD_AFTER_END.format(start=_day(start.isoformat()))
        start = end
    return {
        "start": start,
        "asked_start": asked,
        "journal_start": journal_start,
        "note": note,
    }


def _day_state(row: list | None) -> str:
    """Timeline Followback, from a day's tally row: used / no use / no data."""
    if row is None:
        return "no data"
    if row[LAPSES] or row[USED] == 1:
        return "used"
    return "no use" if row[USED] == 0 else "no data"


def _use_counts(calendar: list[dict], tally: Tally, first: date, last: date) -> UseCounts | None:
    """Days with and without use from ``first`` to ``last`` (the calendar: check-ins, and
    lapses, which always mark a day as one with use); None when no check-in there says
    either way, as ``windows.use_counts``."""
    if not any(row[USED] != -1 for _, row in tally.day_rows(first, last)):
        return None
    lo, hi = first.isoformat(), last.isoformat()
    states = [c["state"] for c in calendar if lo <= c["date"] <= hi]
    days = (last - first).days + 1
    without, used = states.count("no use"), states.count("used")
    return UseCounts(days=days, without_use=without, with_use=used, no_data=days - without - used)


def weekly_from(tally: Tally, start: date, end: date, today: date) -> list[dict]:
    """Monday-based weeks overlapping the period, from a tally of the entries: cravings, median
    and peak intensity, lapses, how many of the week's days lie in the period, and whether the
    week is still running."""
    monday = start.toordinal() - start.weekday()
    first, last = start.toordinal(), end.toordinal()
    rows: list[list[list]] = [[] for _ in range((last - monday) // 7 + 1)]
    for day, row in tally.day_rows(start, end):  # ten years are 3,650 day rows: placed by ordinal
        rows[(day.toordinal() - monday) // 7].append(row)
    out = []
    for i, found in enumerate(rows):
        week = monday + 7 * i
        first_day, last_day = max(week, first), min(week + 6, last)
        hist = list(map(sum, zip(*(r[HIST:] for r in found), strict=True))) if found else []
        rated = [value for value, n in enumerate(hist) if n]
        out.append(
            {
                "week_start": date.fromordinal(week).isoformat(),
                "first_day": date.fromordinal(first_day).isoformat(),
                "last_day": date.fromordinal(last_day).isoformat(),
                "days": last_day - first_day + 1,
                "in_progress": last_day == last and end == today,
                "cravings": sum(r[CRAVINGS] for r in found),
                "median_intensity": round_half_away(histogram_median(hist)) if rated else None,
                "peak_intensity": rated[-1] if rated else None,
                "lapses": sum(r[LAPSES] for r in found),
            }
        )
    return out


def phases(quit_date: date, start: date, end: date, today: date, entries: list[Entry]) -> list[dict]:
    """Week 1, weeks 2–4 and after, each counted over its days inside the period so far."""
    return phases_from(quit_date, start, end, today, Tally.build(entries, [], None))


def phases_from(quit_date: date, start: date, end: date, today: date, tally: Tally) -> list[dict]:
    """:func:`phases` from a tally of the entries."""
    rows = tally.day_rows(max(quit_date, start), end)
    out = []
    for name, (first, last) in PHASE_SPANS.items():
        phase_first = quit_date + timedelta(days=first)
        phase_last = quit_date + timedelta(days=last) if last is not None else None
        lo = max(phase_first, start)
        hi = min(phase_last, end) if phase_last is not None else end
        days = max(0, (hi - lo).days + 1)
        figures = phase_figures((row for day, row in rows if lo <= day <= hi), days)
        running = phase_last is None or phase_last >= end
        out.append(
            {
                "phase": name,
                "first_day": lo.isoformat() if days else None,
                "last_day": hi.isoformat() if days else None,
                "days": days,
                "in_progress": bool(days) and running and end >= today,
                **figures,
            }
        )
    return out


_PHASE_WORDS = {"week 1": say.IN_WEEK_1, "after": say.AFTER_WEEK_4}


def comparison(phase_rows: list[dict]) -> str | None:
    """What the person's own data show about weeks 2–4, as a sentence, or None when a
    phase has fewer than a few days with data."""
    by = {p["phase"]: p for p in phase_rows}
    window = by["weeks 2-4"]
    if window["days_with_data"] < MIN_DAYS_FOR_COMPARISON or window["mean_daily_peak"] is None:
        return None
    others = [by[p] for p in ("week 1", "after") if by[p]["days_with_data"] >= MIN_DAYS_FOR_COMPARISON]
    others = [o for o in others if o["mean_daily_peak"] is not None]
    if not others:
        return None
    parts = []
    for other in others:
        diff = window["mean_daily_peak"] - other["mean_daily_peak"]
        how = say.ABOUT_THE_SAME if abs(diff) < 0.5 else say.HIGHER if diff > 0 else say.LOWER
        parts.append(
            say.COMPARED_WITH.format(how=how, phase=_PHASE_WORDS[other["phase"]], peak=f"{other['mean_daily_peak']:g}")
        )
    peak = f"{window['mean_daily_peak']:g}"
    lead = say.WINDOW_PEAK_SO_FAR if window["in_progress"] else say.WINDOW_PEAK
    return say.COMPARISON.format(lead=lead.format(peak=peak), compared=" and ".join(parts))


def window_state(window: Mapping | None, today: date) -> str | None:
    """past, current or future, from the day the report is made."""
    if not window:
        return None
    if date.fromisoformat(window["end"]) < today:
        return "past"
    return "future" if date.fromisoformat(window["start"]) > today else "current"


def build_report(
    entries: list[Entry],
    attempts: list[QuitAttempt],
    *,
    end: date,
    since: datetime | None,
    until: datetime | None,
    redact_parts: set[str],
    generated_at: datetime,
    first_entry_day: date | None | object = _UNKNOWN,
    with_entries: bool = True,
    plans: Iterable[Plan] = (),
    support: Iterable[Mapping] | None = None,
    start: date | None = None,
    tally: Tally | None = None,
    records: Iterable[dict] | None = None,
    safety_plan: Mapping | None = None,
    counsel: Mapping | None = None,
    goals: Iterable[Goal] = (),
) -> dict:
    """The report for ``entries`` (already limited to ``since``..``until``).

    ``first_entry_day`` is the day of the journal's earliest entry, in the whole journal
    (a check-in counts by its date), or None when it has none: with the attempts it
    fixes where the journal starts. ``support`` is the support list ({id, name, phone,
    note} each), None when the journal keeps none. ``with_entries`` appends every entry
    (the JSON and CSV formats need them). ``start`` is only for callers that do not pass
    ``first_entry_day`` yet: the period then starts there, as before. ``tally`` (of the
    entries, from the journal's month tallies) and ``records`` (their public records, for
    ``with_entries``) stand in for ``entries`` when nothing is redacted. ``safety_plan``
    (only when the person asked for it: ``export --include safety-plan``) is redacted like
    people and notes, and is in the report under ``"safety_plan"``.
    """
    today = generated_at.date()
    plans = list(plans)
    if first_entry_day is _UNKNOWN:
        period = {"start": start or end, "asked_start": since.date() if since else None, "journal_start": None}
        period["note"] = None
    else:
        period = report_period(end=end, since=since, first_entry_day=first_entry_day, attempts=attempts)
    start = period["start"]

    support_list = list(support) if support is not None else None
    redactor = Redactor(redact_parts, entries, plans, support_list or ())
    plan_of_safety = redactor.safety_plan(safety_plan) if safety_plan is not None else None

    def words(field: str, text: str) -> str | None:
        return redactor.free_text(text) if field in _FREE_TEXT else redactor.text(text)

    # Found in the entries as written (a redacted note still counts, without its words).
    if tally is None or records is None:
        safety_doc = safety_events((e.to_record() for e in entries), words)
    elif hasattr(records, "texts"):  # nothing left out: the words as written
        safety_doc = safety_events_by_month(records)
    else:
        safety_doc = safety_events(records, words)
    plan_rows = [redactor.plan(p) for p in plans]
    support_rows = [redactor.support_person(s) for s in support_list] if support_list is not None else None
    # Cravings younger than a day at the end of the period are too recent to tell.
    as_of = min(until, generated_at) if until is not None else generated_at
    if tally is None:
        entries = [redactor.entry(e) for e in entries]
        tally = Tally.build(entries, None, as_of)
    elif redact_parts:
        raise ValueError("a tally cannot be redacted; pass the entries")
    lapse_entries = sorted(tally.lapses, key=lambda e: (e.at, e.logged_at, e.id))

    days = (end - start).days + 1
    calendar = []
    for ordinal in range(start.toordinal(), end.toordinal() + 1):  # ten years are 3,650 days: kept lean
        key = date.fromordinal(ordinal).isoformat()
        row = tally.days.get(key)
        state = _day_state(row)
        said = list(dict.fromkeys(item[-1] for item in tally.amounts.get(key, ()))) if state == "used" else ()
        calendar.append(
            {
                "date": key,
                "state": state,
                "peak": row[PEAK] if row is not None and row[PEAK] >= 0 else None,
                "amount": "; ".join(said) if said else None,
            }
        )
    checkin_days = [day for day, row in tally.day_rows(start, end) if row[CHECKIN]]
    heat = tally.heatmap()
    items = sorted(tally.cue_items(), key=rank_key)
    lapse_cues = sorted(
        (i for i in items if i["lapses"] or i["followed_by_lapse"]),
        key=lambda i: (-(i["lapses"] + i["followed_by_lapse"]), -i["lapses"], i["dimension"], i["value"]),
    )[:10]

    doc = status(attempts, lapse_entries, end)
    window = doc["extinction_burst"]
    in_force = doc["quit_date"] is not None and doc["days_since_quit"] >= 0 and window is not None
    phase_rows = phases_from(date.fromisoformat(doc["quit_date"]), start, end, today, tally) if in_force else []
    without_use = None
    if in_force:
        # From the quit date, or from the start of the period when the quit date is before it
        # (the entries before the period are not in the report).
        quit_date = date.fromisoformat(doc["quit_date"])
        counted_from = max(quit_date, start)
        counts = _use_counts(calendar, tally, counted_from, end)
        if counts is not None:
            without_use = counts.as_dict() | {
                "from": counted_from.isoformat(),
                "from_quit_date": counted_from == quit_date,
            }

    lapses = []
    for lapse in lapse_entries:
        questions = [{"prompt": p.text, "answer": answer} for p, answer in answered_prompts(lapse)]
        spelled = {v: lapse.shown(v) for _, v in lapse.cues.items() if lapse.shown(v) != v}
        lapses.append(
            ({"display": spelled} if spelled else {})
            | {
                "id": lapse.id,
                "at": lapse.at.isoformat(timespec="seconds"),
                "intensity": lapse.intensity,
                "cues": lapse.cues.as_dict(),
                "coping": list(lapse.coping),
                "amount": lapse.amount,
                "note": lapse.note,
                "reflection": questions,
            }
        )
    counts = dict(zip(KINDS, tally.kinds, strict=True))
    followed, pending = tally.outcome_counts()
    # The first page and the conversation (issue 29; ``counsel`` from the service), redacted alike.
    first_page = scrubbed(counsel, redactor) if counsel is not None else {}
    return (
        first_page
        | {
            "format": "cuelog-report",
            "format_version": FORMAT_VERSION,
            "generated_at": generated_at.isoformat(timespec="seconds"),
            "period": {
                "start": start.isoformat(),
                "end": end.isoformat(),
                "days": days,
                "days_with_checkin": len(checkin_days),
                "completeness": round_half_away(len(checkin_days) / days, 3) if days else 0.0,
                "completeness_percent": percent(len(checkin_days), days),
                "asked_start": period["asked_start"].isoformat() if period["asked_start"] else None,
                "journal_start": period["journal_start"].isoformat() if period["journal_start"] else None,
                "note": period["note"],
                "days_without_use": without_use,
            },
            "redacted": sorted(redact_parts),
            "safety": {"events": safety_doc["events"], "safety_item": safety_doc["safety_item"]},
            "checkin_feelings": safety_doc["checkin_feelings"],
            "redaction": redactor.counts(),
            "excluded": redactor.sentence(),
            "attempts": [a.to_record() for a in attempts],
            "goals": [g.to_record() for g in goals],  # every goal, ended ones included (issue 26)
            "status": doc,
            "totals": {k: counts[k] for k in KINDS},
            "calendar": calendar,
            "weekly": weekly_from(tally, start, end, today),
            "top_cues": items[:10],
            "lapse_cues": lapse_cues,
            "time_of_day": tally.time_of_day(),
            "time_of_day_hours": dict(BUCKET_HOURS),
            "weekday": tally.weekday(),
            "heatmap": heat,
            "coping": tally.coping_rows(),
            "cravings_passed_without_lapse": tally.cravings - followed - pending,
            "pending": pending,
            "lapses": lapses,
            "extinction_burst": {
                "window": window,
                "state": window_state(window, today),
                "phases": phase_rows,
                "comparison": comparison(phase_rows) if phase_rows else None,
            },
            "plans": plan_rows,
            "support": support_rows,
            **({"safety_plan": plan_of_safety} if plan_of_safety is not None else {}),
            "entries": (records if records is not None else [e.to_record() for e in entries]) if with_entries else [],
        }
    )
