"""The report as one self-contained HTML page: inline CSS and inline SVG charts,
no scripts, fonts or links to anywhere, readable on screen and on paper.

The two charts are drawn by hand (about 60 lines): pygal has no heat map, and
its default output loads JavaScript from the web, which a private report must not.
"""

from __future__ import annotations

from datetime import date
from html import escape

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

CSS = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2327; max-width: 56rem;
       margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 2rem;
     border-bottom: 1px solid #ccd; padding-bottom: .2rem; } h3 { font-size: 1rem; margin-bottom: .3rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #d5d8dc; padding: .2rem .5rem; text-align: left; }
th { background: #f3f4f6; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.cal td { width: 2.2rem; height: 1.4rem; text-align: center; }
.used { background: #e9a3b4; } .nouse { background: #b9dfc4; } .nodata { background: #fff; color: #999; }
.out { background: #f3f4f6; } .muted { color: #5f6b76; }
.qa { margin: .2rem 0 .2rem 1rem; } .qa em { display: block; color: #5f6b76; }
svg text { font: 11px system-ui, sans-serif; fill: #444; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; } section { break-inside: avoid; }
               h2 { break-after: avoid; } }
"""


def _table(headers: list[str], rows: list[list[str]], numeric_from: int = 1, cls: str = "") -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(f"<td{' class=n' if i >= numeric_from else ''}>{escape(str(c))}</td>" for i, c in enumerate(r))
        + "</tr>"
        for r in rows
    )
    return f"<table{f' class={cls}' if cls else ''}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def peak_chart(report: dict) -> str:
    """Daily peak craving: bars, the weeks 2-4 window shaded, lapses marked with a triangle."""
    calendar = report["calendar"]
    if not calendar:
        return ""
    width, height, left, top, bottom = 720, 190, 28, 14, 22
    plot_h = height - top - bottom
    step = (width - left - 4) / len(calendar)
    first = date.fromisoformat(calendar[0]["date"])
    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="Daily peak craving, 0 to 10, with the weeks 2 to 4 window shaded and lapses marked">'
    ]
    window = report["extinction_burst"]["window"]
    if window:
        start = (date.fromisoformat(window["start"]) - first).days
        end = (date.fromisoformat(window["end"]) - first).days
        lo, hi = max(start, 0), min(end, len(calendar) - 1)
        if lo <= hi:
            parts.append(
                f'<rect x="{left + lo * step:.1f}" y="{top}" width="{(hi - lo + 1) * step:.1f}" '
                f'height="{plot_h}" fill="#fdf1c7"><title>weeks 2–4</title></rect>'
            )
    for level in (0, 5, 10):
        y = top + plot_h - plot_h * level / 10
        parts.append(
            f'<line x1="{left}" x2="{width}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e5e8"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{level}</text>'
        )
    lapse_days = {c["date"] for c in calendar if c["state"] == "used"}
    for i, cell in enumerate(calendar):
        x = left + i * step
        if cell["peak"] is not None:
            h = max(plot_h * cell["peak"] / 10, 1.5)
            parts.append(
                f'<rect x="{x + step * 0.12:.1f}" y="{top + plot_h - h:.1f}" width="{step * 0.76:.1f}" '
                f'height="{h:.1f}" fill="#4a7bb7"><title>{cell["date"]}: peak {cell["peak"]}/10</title></rect>'
            )
        if cell["date"] in lapse_days:
            cx = x + step / 2
            parts.append(
                f'<path d="M{cx - 5:.1f},{top + plot_h + 16} L{cx + 5:.1f},{top + plot_h + 16} '
                f'L{cx:.1f},{top + plot_h + 7} Z" fill="#c2185b"><title>{cell["date"]}: used</title></path>'
            )
    for i in range(0, len(calendar), max(7, len(calendar) // 8 // 7 * 7 or 7)):
        label = date.fromisoformat(calendar[i]["date"]).strftime("%-d %b")
        parts.append(f'<text x="{left + i * step:.1f}" y="{height - 1}">{label}</text>')
    parts.append("</svg>")
    return "".join(parts)


def heat_map(report: dict) -> str:
    """Weekday x time of day: the darker the cell, the more cravings and lapses."""
    heat = report["heatmap"]
    buckets = list(report["time_of_day"])
    peak = max((v for row in heat.values() for v in row.values()), default=0) or 1
    cell_w, cell_h, left, top = 110, 26, 44, 20
    width, height = left + cell_w * len(buckets), top + cell_h * 7
    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="{width}" role="img" '
        'aria-label="Cravings and lapses by weekday and time of day">'
    ]
    for j, bucket in enumerate(buckets):
        parts.append(f'<text x="{left + j * cell_w + cell_w / 2}" y="14" text-anchor="middle">{bucket}</text>')
    for i, (name, key) in enumerate(zip(WEEKDAY_NAMES, heat, strict=True)):
        y = top + i * cell_h
        parts.append(f'<text x="{left - 8}" y="{y + 17}" text-anchor="end">{name}</text>')
        for j, bucket in enumerate(buckets):
            count = heat[key][bucket]
            shade = 0.08 + 0.82 * count / peak if count else 0.0
            x = left + j * cell_w
            light = ' style="fill:#fff"' if shade > 0.55 else ""
            parts.append(
                f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}" '
                f'fill="#2f6690" fill-opacity="{shade:.2f}" stroke="#d5d8dc"/>'
                f'<text x="{x + cell_w / 2}" y="{y + 17}" text-anchor="middle"'
                f"{light}>{count}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def render_html(report: dict) -> str:
    period = report["period"]
    status = report["status"]
    title = f"cuelog report: {day(period['start'])} – {day(period['end'])}"
    s = [
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{escape(title)}</title>"
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{CSS}</style></head><body>'
    ]
    s.append(f"<h1>{escape(title)}</h1>")
    if status["quit_date"]:
        s.append(f"<p><strong>Quit date {escape(day(status['quit_date']))}</strong></p>")
    s.append(f"<p class=muted>Generated {escape(moment(report['generated_at']))}. {escape(report['excluded'])}</p>")

    s.append("<section><h2>Period and completeness</h2><ul>")
    s.append(f"<li>Period: {escape(day(period['start']))} – {escape(day(period['end']))} ({period['days']} days).</li>")
    s.append(
        f"<li>Check-ins on {period['days_with_checkin']} of {period['days']} days "
        f"({round(period['completeness'] * 100)}%).</li>"
    )
    t = report["totals"]
    s.append(f"<li>Entries: {entry_counts(t)}.</li>")
    s.append(f"<li>{escape(quit_line(report))}</li></ul></section>")

    s.append("<section><h2>Daily peak craving</h2>")
    s.append(
        "<p class=muted>Bars: the day's strongest craving (0–10). Shaded: weeks 2–4 after the quit date. "
        "Triangles: days with use.</p>"
    )
    s.append(peak_chart(report) + "</section>")

    s.append("<section><h2>Use calendar</h2><p class=muted>Red: used. Green: no use. White: no data.</p>")
    classes = {"used": "used", "no use": "nouse", "no data": "nodata"}
    rows = []
    for start, cells in calendar_weeks(report["calendar"]):
        tds = "".join(
            f'<td class={classes[c["state"]]} title="{c["date"]}: {c["state"]}">{STATE_MARK[c["state"]].strip()}</td>'
            if c
            else "<td></td>"
            for c in cells
        )
        rows.append(f"<tr><th>{escape(start.strftime('%-d %b %Y'))}</th>{tds}</tr>")
    head = "".join(f"<th>{d}</th>" for d in WEEKDAY_NAMES)
    s.append(f"<table class=cal><thead><tr><th>Week of</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")
    s.append("</section>")

    s.append("<section><h2>Craving trend by week</h2>")
    s.append(
        _table(
            ["Week of", "Cravings", "Median", "Peak", "Lapses"],
            [
                [day(w["week_start"]), w["cravings"], num(w["median_intensity"]), num(w["peak_intensity"]), w["lapses"]]
                for w in report["weekly"]
            ],
        )
    )
    s.append("</section>")

    s.append("<section><h2>Cues</h2><h3>Top cues</h3>")
    if report["top_cues"]:
        s.append(
            _table(
                ["Cue", "Cravings and lapses", "Lapses", "Mean intensity", "Lapse within 24 h"],
                [
                    [
                        f"{i['dimension']}: {i['value']}",
                        i["count"],
                        i["lapses"],
                        num(i["mean_intensity"]),
                        i["followed_by_lapse"],
                    ]
                    for i in report["top_cues"]
                ],
            )
        )
    else:
        s.append("<p>No cues logged in this period.</p>")
    s.append("<h3>Cues most often followed by a lapse</h3>")
    if report["lapse_cues"]:
        s.append(
            _table(
                ["Cue", "Lapses with it", "Cravings followed by a lapse within 24 h"],
                [
                    [f"{i['dimension']}: {i['value']}", i["lapses"], i["followed_by_lapse"]]
                    for i in report["lapse_cues"]
                ],
            )
        )
    else:
        s.append("<p>No lapse in this period.</p>")
    s.append("</section>")

    s.append("<section><h2>When cravings and lapses happen</h2>" + heat_map(report) + "</section>")

    s.append("<section><h2>Coping</h2>")
    s.append(
        f"<p>{report['cravings_passed_without_lapse']} of {t['craving']} cravings passed without a lapse "
        "within a day.</p>"
    )
    if report["coping"]:
        s.append(
            _table(
                ["Coping", "Used", "Passed without a lapse"],
                [[c["coping"], c["used"], c["passed_without_lapse"]] for c in report["coping"]],
            )
        )
    s.append("</section>")

    s.append("<section><h2>If-then plans</h2>")
    if not report["plans"]:
        s.append("<p>No plans made yet.</p>")
    else:
        items = "".join(
            f"<li>If {escape(' + '.join(v for vs in p['cues'].values() for v in vs))}, then "
            f"{escape(p['then']) if p['then'] is not None else '<em>(text left out)</em>'}</li>"
            for p in report["plans"]
        )
        s.append(f"<ul>{items}</ul>")
    s.append("</section>")

    s.append("<section><h2>Lapses</h2>")
    if not report["lapses"]:
        s.append("<p>No lapse in this period.</p>")
    for lapse in report["lapses"]:
        intensity = f", craving {lapse['intensity']}/10 before" if lapse["intensity"] is not None else ""
        s.append(f"<h3>{escape(moment(lapse['at']))}{intensity}</h3>")
        s.append(f"<p>Situation: {escape(cue_list(lapse['cues']))}.</p>")
        if lapse["note"]:
            s.append(f"<p>Note: {escape(lapse['note'])}</p>")
        for qa in lapse["reflection"]:
            s.append(f"<p class=qa><em>{escape(qa['prompt'])}</em>{escape(qa['answer'])}</p>")
    s.append("</section>")

    s.append(f"<section><h2>Weeks 2–4 after the quit date</h2><p>{escape(window_line(report))}</p>")
    rows = phase_rows(report["extinction_burst"]["phases"])
    if rows:
        s.append(_table(PHASE_HEADERS, rows))
    s.append("</section>")
    s.append(
        f"<hr><p class=muted>Made with cuelog, a private journal kept on the author's own computer. "
        f"{escape(report['excluded'])}</p></body></html>\n"
    )
    return "".join(s)
