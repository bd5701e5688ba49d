"""What the report says, once: the sections (see :mod:`cuelog.export.model`) that Markdown
and HTML only lay out. Every heading, sentence, table header and its explanation, and
every empty-section sentence of the report is written here and nowhere else."""

from __future__ import annotations

from datetime import date, timedelta

from cuelog.export.common import (
    OUTSIDE_MARK,
    QUIT_MARK,
    STATE_MARK,
    WEEKDAY_FULL,
    WEEKDAY_NAMES,
    calendar_weeks,
    day,
    day_range,
    join_words,
    moment,
    num,
    short_day,
)
from cuelog.export.model import Cell, Document, Figure, Inline, Section, Span, Table, plain
from cuelog.text import PHASE_EXPLAINED, PHASE_HEADERS, end_sentence, entry_counts, phase_rows
from cuelog.wording import plural


def _bucket_label(bucket: str, hours: dict) -> str:
    return f"{bucket.capitalize()} {hours[bucket]}"


class _Notes:
    """Header explanations, each given once in the whole report."""

    def __init__(self) -> None:
        self.given: set[tuple[str, str]] = set()

    def __call__(self, explanations: dict[str, str]) -> tuple[Inline, ...]:
        out = []
        for header, text in explanations.items():
            if (header, text) not in self.given:
                self.given.add((header, text))
                out.append((Span(header, "strong"), Span(f": {text}")))
        return tuple(out)


def _cells(row: list, numeric_from: int = 1) -> tuple[Cell, ...]:
    return tuple(c if isinstance(c, Cell) else Cell(str(c), numeric=i >= numeric_from) for i, c in enumerate(row))


# -- the sections ---------------------------------------------------------------------------------
def title(report: dict) -> str:
    period, status = report["period"], report["status"]
    text = f"cuelog report: {day(period['start'])} – {day(period['end'])}"
    if status["quit_date"]:
        text += f" (quit date {day(status['quit_date'])})"
    return text


def _today(report: dict) -> date:
    return date.fromisoformat(report["generated_at"][:10])


def quit_line(report: dict) -> str:
    status = report["status"]
    if status["quit_date"] is None:
        return "No quit date has been set."
    attempts = report["attempts"]
    earlier = [day(a["quit_date"]) for a in attempts if a["quit_date"] != status["quit_date"]]
    line = f"Quit date: {day(status['quit_date'])}"
    if status.get("substance"):
        line += f" ({status['substance']})"
    days = status["days_since_quit"]
    if days is not None and days >= 0:
        when = "today" if report["period"]["end"] == _today(report).isoformat() else "at the end of the period"
        line += f"; day {days}, week {status['week']} {when}"
    elif days is not None:
        line += f"; {plural(-days, 'day')} after the end of the period"
    line += "."
    if earlier:
        line += f" Attempts: {len(attempts)} (earlier quit dates: {', '.join(earlier)})."
    return line


def _period(report: dict) -> Section:
    period = report["period"]
    running = period["end"] == _today(report).isoformat()
    span = plural(period["days"], "day") + (", to today" if running else "")
    if period.get("journal_start") and period["start"] == period["journal_start"] and not period.get("note"):
        span += "; the whole journal"
    items: list[Inline] = [f"Period: {day(period['start'])} – {day(period['end'])} ({span})."]
    if period.get("note"):
        items.append(end_sentence(period["note"]))
    whole = "since the journal started" if period.get("journal_start") == period["start"] else "in the period"
    items += [
        f"Check-ins on {period['days_with_checkin']} of the {plural(period['days'], 'day')} {whole} "
        f"({period.get('completeness_percent', round(period['completeness'] * 100))}%).",
        f"Entries: {entry_counts(report['totals'])}.",
        quit_line(report),
    ]
    counts = period.get("days_without_use")
    if counts:
        items.append(without_use_line(counts))
    return Section("period", "Period and completeness", items=tuple(items))


def without_use_line(counts: dict) -> str:
    """Days without use, from check-ins (a day with a lapse counts as a day with use)."""
    since = "since the quit date" if counts["from_quit_date"] else f"from {day(counts['from'])}"
    details = [f"{counts['with_use']} with use"] if counts["with_use"] else []
    if counts["no_data"]:
        details.append(f"{counts['no_data']} without a check-in")
    tail = f" ({', '.join(details)})" if details else ""
    return (
        f"Days without use {since}, from check-ins: {counts['without_use']} of {plural(counts['days'], 'day')}{tail}."
    )


def _daily_peak(report: dict) -> Section:
    calendar = report["calendar"]
    rated = [c for c in calendar if c["peak"] is not None]
    used = [c["date"] for c in calendar if c["state"] == "used"]
    first, last = calendar[0]["date"], calendar[-1]["date"]
    if rated:
        low, high = min(c["peak"] for c in rated), max(c["peak"] for c in rated)
        text = f"From {day_range(first, last, 'to')}, the day's strongest craving ranged from {low}/10 to {high}/10"
        unrated = len(calendar) - len(rated)
        text += f"; {plural(unrated, 'day')} {'has' if unrated == 1 else 'have'} no rating." if unrated else "."
    else:
        text = f"No craving was rated from {day_range(first, last, 'to')}."
    if used:
        shown = [short_day(d) for d in used[:6]]
        text += f" Use on {plural(len(used), 'day')}: {join_words(shown)}{' and more' if len(used) > 6 else ''}."
    quit_date = report["status"]["quit_date"]
    if quit_date and first <= quit_date <= last:
        text += f" The quit date, {short_day(quit_date)}, is marked."
    elif quit_date and quit_date < first:
        text += f" The quit date ({day(quit_date)}) is before this period."
    key = (
        "Bars: the day's strongest craving, 0–10 (from cravings and check-ins). A short stub: a day rated 0/10. "
        "A gap: no rating that day.",
        "Shaded: weeks 2–4 after the quit date. Dashed line: the quit date. Triangles above the chart: days with use.",
    )
    figure = Figure("daily-peak", "Daily peak craving, 0 to 10, by day", text, key)
    return Section("daily-peak", "Daily peak craving", figure=figure)


def _calendar(report: dict, notes: _Notes) -> Section:
    quit_date = report["status"]["quit_date"]
    rows = []
    for start, cells in calendar_weeks(report["calendar"]):
        row = [Cell(start.strftime("%-d %b %Y"))]
        for i, c in enumerate(cells):
            when = start + timedelta(days=i)
            if c is None:
                row.append(Cell(OUTSIDE_MARK, state="outside", title=f"{day(when)}: outside the period"))
                continue
            is_quit = c["date"] == quit_date
            mark = STATE_MARK[c["state"]]
            text = f"{mark} {QUIT_MARK}".strip() if is_quit else mark
            amount = f", {c['amount']}" if c.get("amount") else ""
            title = f"{day(when)}: {c['state']}{amount}{' (the quit date)' if is_quit else ''}"
            row.append(Cell(text, state=c["state"], title=title, quit=is_quit))
        rows.append(tuple(row))
    key = (
        f"U = used, · = no use, blank = no data (from check-ins and logged lapses); {OUTSIDE_MARK} = outside the "
        f"period; {QUIT_MARK} = the quit date."
    )
    table = Table(
        ("Week of", *WEEKDAY_NAMES),
        tuple(rows),
        notes(
            {
                "Week of": "the Monday that starts the week",
            }
        ),
        kind="calendar",
    )
    used = [c for c in report["calendar"] if c.get("amount")]
    amounts = Section(
        "calendar-amounts",
        "What was used, on days with use",
        level=3,
        items=tuple(f"{day(c['date'])}: {c['amount']}" for c in used),
    )
    return Section("calendar", "Use calendar", intro=(key,), table=table, children=(amounts,) if used else ())


def _week_label(w: dict, today: date) -> str:
    label = day(w["week_start"])
    if w.get("in_progress"):
        return f"{label} (in progress)"
    if w.get("first_day") and w["first_day"] != w["week_start"]:
        return f"{label} (from {short_day(w['first_day'])})"
    last = date.fromisoformat(w["week_start"]) + timedelta(days=6)
    if w.get("last_day") and w["last_day"] != last.isoformat():
        return f"{label} (to {short_day(w['last_day'])})"
    return label


def _weekly(report: dict, notes: _Notes) -> Section:
    today = _today(report)
    rows = tuple(
        _cells(
            [
                _week_label(w, today),
                w["cravings"],
                num(w["median_intensity"]),
                num(w["peak_intensity"]),
                w["lapses"],
            ]
        )
        for w in report["weekly"]
    )
    explain = {
        "Week of": "the Monday that starts the week",
        "Cravings": "cravings logged that week",
        "Median": "the middle craving intensity of the week, 0–10",
        "Peak": "the strongest craving of the week, 0–10",
        "Lapses": "lapses logged that week",
    }
    table = Table(("Week of", "Cravings", "Median", "Peak", "Lapses"), rows, notes(explain))
    return Section("weekly", "Craving trend by week", table=table)


def _cue(item: dict) -> str:
    return f"{item['dimension']}: {item['value']}"


def _cues(report: dict, notes: _Notes) -> Section:
    top_rows = tuple(
        _cells([_cue(i), i["count"], i["lapses"], num(i["mean_intensity"]), i["followed_by_lapse"]])
        for i in report["top_cues"]
    )
    top_headers = ("Cue", "Cravings and lapses", "Lapses", "Mean intensity", "Lapse within 24 h")
    top_explain = {
        "Cue": "the kind of cue and its value, as logged",
        "Cravings and lapses": "entries that carry the cue",
        "Lapses": "lapses that carry the cue",
        "Mean intensity": "the mean intensity, 0–10, of those entries that were rated",
        "Lapse within 24 h": "cravings with this cue that a lapse followed within 24 hours",
    }
    top = Section(
        "top-cues",
        "Top cues",
        level=3,
        table=Table(top_headers, top_rows, notes(top_explain)) if top_rows else None,
        empty=None if top_rows else "No cues logged in this period.",
    )
    lapse_rows = tuple(_cells([_cue(i), i["lapses"], i["followed_by_lapse"]]) for i in report["lapse_cues"])
    lapse_table = Table(
        ("Cue", "Lapses", "Lapse within 24 h"),
        lapse_rows,
        notes({k: top_explain[k] for k in ("Cue", "Lapses", "Lapse within 24 h")}),
    )
    followed = Section(
        "lapse-cues",
        "Cues most often followed by a lapse",
        level=3,
        table=lapse_table if lapse_rows else None,
        empty=None
        if lapse_rows
        else "No cues were noted with the lapses in this period."
        if report["totals"]["lapse"]
        else "No lapse in this period.",
    )
    return Section("cues", "Cues", children=(top, followed))


def _heatmap(report: dict, notes: _Notes) -> Section:
    heat, hours = report["heatmap"], report.get("time_of_day_hours") or {}
    buckets = list(report["time_of_day"])
    hours = {b: hours.get(b, "") for b in buckets}
    total = sum(report["time_of_day"].values())
    rows = []
    for name, key in zip(WEEKDAY_NAMES, heat, strict=True):
        row = [Cell(name)]
        for b in buckets:
            row.append(Cell(str(heat[key][b]), numeric=True, value=heat[key][b], title=f"{name} {b}: {heat[key][b]}"))
        row.append(Cell(str(report["weekday"][key]), numeric=True, state="total", value=report["weekday"][key]))
        rows.append(tuple(row))
    rows.append(
        (
            Cell("All", state="total"),
            *[Cell(str(report["time_of_day"][b]), numeric=True, state="total") for b in buckets],
            Cell(str(total), numeric=True, state="total"),
        )
    )
    headers = ("", *[_bucket_label(b, hours) for b in buckets], "All")
    explain = {
        "Each cell": "cravings and lapses logged on that weekday in those hours, local time",
        "All": "the total of the row or the column",
    }
    table = Table(headers, tuple(rows), notes(explain), kind="heatmap")
    if not total:
        return Section("heatmap", "When cravings and lapses happen", empty="No cravings or lapses in this period.")
    peak_day, peak_bucket = max(
        ((d, b) for d in heat for b in buckets), key=lambda k: (heat[k[0]][k[1]], -list(heat).index(k[0]))
    )
    busiest = max(report["weekday"], key=lambda d: report["weekday"][d])
    busiest_bucket = max(buckets, key=lambda b: report["time_of_day"][b])
    text = (
        f"{total} {'craving or lapse' if total == 1 else 'cravings and lapses'} by weekday and time of day. "
        "The most fell on "
        f"{WEEKDAY_FULL[list(heat).index(peak_day)]} {peak_bucket}s ({hours[peak_bucket]}): "
        f"{heat[peak_day][peak_bucket]}. By weekday, {WEEKDAY_FULL[list(heat).index(busiest)]}s had the most "
        f"({report['weekday'][busiest]}); by time of day, the {busiest_bucket} "
        f"({hours[busiest_bucket]}, {report['time_of_day'][busiest_bucket]})."
    )
    key = ("Darker cells: more cravings and lapses (the scale is under the chart). Totals are in grey.",)
    figure = Figure("heatmap", "Cravings and lapses by weekday and time of day", text, key, table)
    return Section("heatmap", "When cravings and lapses happen", figure=figure)


def _coping(report: dict, notes: _Notes) -> Section:
    pending = report.get("pending", 0)
    cravings = report["totals"]["craving"] - pending
    later = f" ({pending} more {'was' if pending == 1 else 'were'} too recent to tell)" if pending else ""
    intro = (
        f"{report['cravings_passed_without_lapse']} of {plural(cravings, 'craving')} passed without a lapse "
        f"within 24 hours{later}.",
    )
    rows = tuple(_cells([c["coping"], c["used"], c["passed_without_lapse"]]) for c in report["coping"])
    explain = {
        "Coping": "what the person noted doing about a craving",
        "Used": "cravings where it was noted",
        "Passed without a lapse": "of those, cravings that no lapse followed within 24 hours",
    }
    table = Table(("Coping", "Used", "Passed without a lapse"), rows, notes(explain)) if rows else None
    return Section(
        "coping", "Coping", intro=intro, table=table, empty=None if rows else "No coping noted in this period."
    )


def _plans(report: dict) -> Section:
    items = []
    for plan in report["plans"]:
        cues = " + ".join(v for vs in plan["cues"].values() for v in vs)
        then = plan["then"] if plan["then"] is not None else "(text left out)"
        items.append(f"If {cues}, then {then.rstrip().rstrip('.')} (made {day(plan['created_at'][:10])}).")
    return Section("plans", "If-then plans", items=tuple(items), empty=None if items else "No plans made yet.")


def _support(report: dict) -> Section | None:
    people = report.get("support")
    if people is None:
        return None
    items = []
    for person in people:
        line = person["name"] or "(no name)"
        if person.get("phone"):
            line += f", {person['phone']}"
        if person.get("note"):
            line += f": {person['note']}"
        items.append(line)
    return Section(
        "support", "Support people", items=tuple(items), empty=None if items else "No support people listed yet."
    )


def _lapses(report: dict) -> Section:
    children = []
    for lapse in report["lapses"]:
        heading = moment(lapse["at"])
        if lapse["intensity"] is not None:
            heading += f", craving {lapse['intensity']}/10 before"
        cues = "; ".join(f"{dim}: {', '.join(values)}" for dim, values in lapse["cues"].items() if values)
        items: list[Inline] = [end_sentence(f"Situation: {cues or 'no cues noted'}")]
        if lapse.get("coping"):
            items.append(end_sentence(f"Coping tried before: {join_words(lapse['coping'])}"))
        if lapse.get("amount"):
            items.append(end_sentence(f"What and how much: {lapse['amount']}"))
        if lapse["note"]:
            items.append(f"Note: {lapse['note']}")
        for qa in lapse["reflection"]:
            items.append((Span(qa["prompt"], "em"), Span(f" {qa['answer']}")))
        if not lapse["reflection"]:
            items.append("No reflection answers" + (" (left out)." if "notes" in report["redacted"] else " yet."))
        children.append(Section(f"lapse-{lapse['id']}", heading, level=3, items=tuple(items)))
    return Section("lapses", "Lapses", children=tuple(children), empty=None if children else "No lapse in this period.")


def window_sentence(report: dict) -> str:
    burst = report["extinction_burst"]
    window = burst["window"]
    if not window:
        return "No quit date, so no weeks 2–4 window."
    span = day_range(window["start"], window["end"])
    state = burst.get("state")
    today = _today(report)
    if state == "current":
        done = (today - date.fromisoformat(window["start"])).days + 1
        text = f"Weeks 2–4 after the quit date run {span} (in progress: day {done} of 21)."
    elif state == "future":
        wait = (date.fromisoformat(window["start"]) - today).days
        text = f"Weeks 2–4 after the quit date run {span} (they start in {plural(wait, 'day')})."
    else:
        text = f"Weeks 2–4 after the quit date ran {span}."
    if burst["comparison"]:
        return f"{text} {burst['comparison']}"
    if state != "future":
        text += " There is not yet enough data to compare them with the other weeks."
    return text


def _window(report: dict, notes: _Notes) -> Section:
    rows = [_cells(row) for row in phase_rows(report["extinction_burst"]["phases"])]
    table = Table(PHASE_HEADERS, tuple(rows), notes(PHASE_EXPLAINED)) if rows else None
    return Section("weeks-2-4", "Weeks 2–4 after the quit date", intro=(window_sentence(report),), table=table)


def document(report: dict) -> Document:
    notes = _Notes()
    body = [
        _period(report),
        _daily_peak(report),
        _calendar(report, notes),
        _weekly(report, notes),
        _cues(report, notes),
        _heatmap(report, notes),
        _coping(report, notes),
        _plans(report),
        _support(report),
        _lapses(report),
        _window(report, notes),
    ]
    intro = (f"Generated {moment(report['generated_at'])}. {report['excluded']}",)
    footer = (
        "Made with cuelog, a private journal kept on the author's own computer. Means are rounded to one decimal "
        f"place, halves away from zero. {report['excluded']}",
    )
    return Document(title(report), intro, tuple(s for s in body if s is not None), footer)


__all__ = ["Cell", "Document", "Figure", "Inline", "Section", "Span", "Table", "document", "plain", "sections"]


def sections(report: dict) -> list[Section]:
    """The report's sections, in order, as plain text."""
    return list(document(report).sections)
