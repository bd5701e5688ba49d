"""Labels and small helpers shared by the Markdown and HTML reports."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from cuelog.wording import plural

STATE_MARK = {"used": "U", "no use": "·", "no data": " "}
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def day(text: str) -> str:
    return date.fromisoformat(text).strftime("%a %-d %b %Y")


def moment(text: str) -> str:
    return datetime.fromisoformat(text).strftime("%a %-d %b %Y %H:%M")


def entry_counts(totals: dict) -> str:
    return ", ".join(plural(totals[k], k.replace("checkin", "check-in")) for k in ("craving", "lapse", "checkin"))


def num(value) -> str:
    if value is None:
        return "–"
    return f"{value:g}" if isinstance(value, float) else str(value)


PHASE_HEADERS = ["Phase", "Days", "Days with data", "Cravings", "Per day", "Mean", "Mean daily peak"]


def phase_rows(phases: list[dict]) -> list[list[str]]:
    """Week 1, weeks 2–4 and after, as table rows (phases with no days yet left out)."""
    return [
        [
            p["phase"].replace("-", "–"),
            str(p["days"]),
            str(p["days_with_data"]),
            str(p["cravings"]),
            num(p["cravings_per_day"]),
            num(p["mean_intensity"]),
            num(p["mean_daily_peak"]),
        ]
        for p in phases
        if p["days"]
    ]


def cue_list(cues: dict) -> str:
    return "; ".join(f"{dim}: {', '.join(values)}" for dim, values in cues.items() if values) or "no cues noted"


def calendar_weeks(calendar: list[dict]) -> list[tuple[date, list[dict | None]]]:
    """Rows of Monday-to-Sunday cells; days outside the period are None."""
    if not calendar:
        return []
    by_day = {c["date"]: c for c in calendar}
    first = date.fromisoformat(calendar[0]["date"])
    last = date.fromisoformat(calendar[-1]["date"])
    cursor = first - timedelta(days=first.weekday())
    rows = []
    while cursor <= last:
        rows.append((cursor, [by_day.get((cursor + timedelta(days=i)).isoformat()) for i in range(7)]))
        cursor += timedelta(days=7)
    return rows


def quit_line(report: dict) -> str:
    status = report["status"]
    if status["quit_date"] is None:
        return "No quit date has been set."
    attempts = report["attempts"]
    earlier = [a["quit_date"] for a in attempts if a["quit_date"] != status["quit_date"]]
    line = f"Quit date: {day(status['quit_date'])}"
    if status.get("substance"):
        line += f" ({status['substance']})"
    if status["days_since_quit"] is not None and status["days_since_quit"] >= 0:
        line += f"; day {status['days_since_quit']}, week {status['week']} at the end of the period"
    line += "."
    if earlier:
        line += f" Attempts: {len(attempts)} (earlier quit dates: {', '.join(earlier)})."
    return line


def window_line(report: dict) -> str:
    window = report["extinction_burst"]["window"]
    if not window:
        return "No quit date, so no weeks 2–4 window."
    text = f"Weeks 2–4 after the quit date ran {day(window['start'])} – {day(window['end'])}. "
    comparison = report["extinction_burst"]["comparison"]
    text += (
        f"In this journal, {comparison}"
        if comparison
        else "There is not yet enough data to compare it with other weeks."
    )
    return text
