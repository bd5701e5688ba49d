"""The report as Markdown: headings and pipe tables that read as plain text too."""

from __future__ import annotations

from cuelog.export.common import (
    PHASE_HEADERS,
    STATE_MARK,
    WEEKDAY_NAMES,
    calendar_weeks,
    cue_list,
    day,
    entry_counts,
    moment,
    num,
    phase_rows,
    quit_line,
    window_line,
)


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    cells = [headers, *rows]
    widths = [max(len(str(r[i])) for r in cells) for i in range(len(headers))]
    line = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) + " |"  # noqa: E731
    return [line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *[line(r) for r in rows], ""]


def render_markdown(report: dict) -> str:
    period = report["period"]
    status = report["status"]
    title = f"# cuelog report: {day(period['start'])} – {day(period['end'])}"
    if status["quit_date"]:
        title += f" (quit date {day(status['quit_date'])})"
    out = [title, "", f"Generated {moment(report['generated_at'])}. {report['excluded']}", ""]

    out += ["## Period and completeness", ""]
    out += [
        f"- Period: {day(period['start'])} – {day(period['end'])} ({period['days']} days).",
        f"- Check-ins on {period['days_with_checkin']} of {period['days']} days "
        f"({round(period['completeness'] * 100)}%).",
        f"- Entries: {entry_counts(report['totals'])}.",
        f"- {quit_line(report)}",
        "",
    ]

    out += ["## Use calendar", "", "U = used, · = no use, blank = no data (from check-ins and logged lapses).", ""]
    rows = [
        [start.strftime("%-d %b %Y")] + [STATE_MARK[c["state"]] if c else "" for c in cells]
        for start, cells in calendar_weeks(report["calendar"])
    ]
    out += _table(["Week of", *WEEKDAY_NAMES], rows)

    out += ["## Craving trend by week", ""]
    out += _table(
        ["Week of", "Cravings", "Median", "Peak", "Lapses"],
        [
            [
                day(w["week_start"]),
                str(w["cravings"]),
                num(w["median_intensity"]),
                num(w["peak_intensity"]),
                str(w["lapses"]),
            ]
            for w in report["weekly"]
        ],
    )

    out += ["## Cues", "", "### Top cues", ""]
    cue_rows = [
        [
            f"{i['dimension']}: {i['value']}",
            str(i["count"]),
            str(i["lapses"]),
            num(i["mean_intensity"]),
            str(i["followed_by_lapse"]),
        ]
        for i in report["top_cues"]
    ]
    headers = ["Cue", "Cravings and lapses", "Lapses", "Mean intensity", "Lapse within 24 h"]
    out += _table(headers, cue_rows) if cue_rows else ["No cues logged in this period.", ""]
    out += ["### Cues most often followed by a lapse", ""]
    lapse_rows = [
        [f"{i['dimension']}: {i['value']}", str(i["lapses"]), str(i["followed_by_lapse"])] for i in report["lapse_cues"]
    ]
    out += (
        _table(["Cue", "Lapses with it", "Cravings followed by a lapse within 24 h"], lapse_rows)
        if lapse_rows
        else ["No lapse in this period.", ""]
    )

    out += ["## When cravings and lapses happen", ""]
    heat = report["heatmap"]
    buckets = list(report["time_of_day"])
    out += _table(
        ["", *[b.capitalize() for b in buckets], "All"],
        [
            [name, *[str(heat[key][b]) for b in buckets], str(report["weekday"][key])]
            for name, key in zip(WEEKDAY_NAMES, heat, strict=True)
        ]
        + [["All", *[str(report["time_of_day"][b]) for b in buckets], str(sum(report["weekday"].values()))]],
    )

    out += ["## Coping", ""]
    cravings = report["totals"]["craving"]
    out += [
        f"{report['cravings_passed_without_lapse']} of {cravings} cravings passed without a lapse within a day.",
        "",
    ]
    if report["coping"]:
        out += _table(
            ["Coping", "Used", "Passed without a lapse"],
            [[c["coping"], str(c["used"]), str(c["passed_without_lapse"])] for c in report["coping"]],
        )

    out += ["## If-then plans", ""]
    if not report["plans"]:
        out += ["No plans made yet.", ""]
    for plan in report["plans"]:
        cues = " + ".join(v for vs in plan["cues"].values() for v in vs)
        then = plan["then"] if plan["then"] is not None else "(text left out)"
        out.append(f"- If {cues}, then {then} (made {day(plan['created_at'][:10])})")
    if report["plans"]:
        out.append("")

    out += ["## Lapses", ""]
    if not report["lapses"]:
        out += ["No lapse in this period.", ""]
    for lapse in report["lapses"]:
        heading = f"### {moment(lapse['at'])}"
        if lapse["intensity"] is not None:
            heading += f", craving {lapse['intensity']}/10 before"
        out += [heading, "", f"- Situation: {cue_list(lapse['cues'])}."]
        if lapse["note"]:
            out.append(f"- Note: {lapse['note']}")
        for qa in lapse["reflection"]:
            out.append(f"- *{qa['prompt']}* {qa['answer']}")
        if not lapse["reflection"]:
            out.append("- No reflection answers" + (" (left out)." if "notes" in report["redacted"] else " yet."))
        out.append("")

    out += ["## Weeks 2–4 after the quit date", "", window_line(report), ""]
    rows = phase_rows(report["extinction_burst"]["phases"])
    if rows:
        out += _table(PHASE_HEADERS, rows)
    out += [
        "---",
        "",
        "Made with cuelog, a private journal kept on the author's own computer. " + report["excluded"],
        "",
    ]
    return "\n".join(out)
