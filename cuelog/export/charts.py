"""The HTML report's two charts as inline SVG, drawn by hand: pygal has no heat map, and
its default output loads JavaScript from the web, which a private report must not.

Both scale to the width of the page (viewBox, no fixed size), carry a <title> and an
aria-label, and keep every label inside their box: the margins are sized for the
longest label, and the marks for days with use sit in their own lane above the
bars, where they cannot cover a date.
"""

from __future__ import annotations

import math
from datetime import date

from cuelog.export.model import Figure
from cuelog.text import day_words
from cuelog.text import html_text as esc

# Blues from ColorBrewer: one hue, light to dark, readable with any colour vision.
SHADES = ("#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594")
TOTAL_FILL = "#e6e6e6"
BAR_FILL = "#3d5a80"
USE_FILL = "#1d2327"
WINDOW_FILL = "#efe6d2"


def _open(cls: str, width: float, height: float, figure: Figure) -> str:
    label = f"{figure.title}. {figure.description}"
    return (
        f'<svg class="{cls}" viewBox="0 0 {width:g} {height:g}" role="img" aria-label="{esc(label)}" '
        f'preserveAspectRatio="xMinYMin meet">'
        f"<title>{esc(figure.title)}</title><desc>{esc(figure.description)}</desc>"
    )


def daily_peak(report: dict, figure: Figure) -> str:
    """Bars of each day's peak craving; gaps for days with no rating; a stub for 0/10;
    weeks 2–4 shaded; a dashed line at the quit date; triangles above for days with use."""
    calendar = report["calendar"]
    width, left, right = 720, 34, 30
    label_lane, use_top, use_bottom = 11, 17, 27
    top, plot_h = 32, 130
    bottom = top + plot_h
    height = bottom + 24
    n = len(calendar)
    step = (width - left - right) / n
    first = date.fromisoformat(calendar[0]["date"])
    index = {c["date"]: i for i, c in enumerate(calendar)}
    out = [_open("chart daily-peak", width, height, figure)]

    window = report["extinction_burst"]["window"]
    window_x = None
    if window:
        lo = max((date.fromisoformat(window["start"]) - first).days, 0)
        hi = min((date.fromisoformat(window["end"]) - first).days, n - 1)
        if lo <= hi:
            window_x = left + lo * step
            out.append(
                f'<rect class="window" x="{window_x:.1f}" y="{top}" width="{(hi - lo + 1) * step:.1f}" '
                f'height="{plot_h}" fill="{WINDOW_FILL}"><title>weeks 2–4 after the quit date</title></rect>'
            )
    for level in (0, 5, 10):
        y = bottom - plot_h * level / 10
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d9dce0"/>'
            f'<text class="ylabel" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{level}</text>'
        )
    for i, cell in enumerate(calendar):
        peak = cell["peak"]
        if peak is None:
            continue  # no rating that day: a gap, never a bar
        x = left + i * step + step * 0.14
        h = plot_h * peak / 10 if peak else 3
        cls = "bar" if peak else "bar zero"
        out.append(
            f'<rect class="{cls}" data-date="{cell["date"]}" x="{x:.1f}" y="{bottom - h:.1f}" '
            f'width="{max(step * 0.72, 0.8):.1f}" height="{h:.1f}" fill="{BAR_FILL}">'
            f"<title>{esc(day_title(cell['date']))}: peak {peak}/10</title></rect>"
        )
    out.append(f'<line x1="{left}" x2="{width - right}" y1="{bottom}" y2="{bottom}" stroke="#8a9099"/>')

    quit_date = report["status"]["quit_date"]
    quit_label_end = -1.0
    if quit_date in index:
        x = left + index[quit_date] * step  # where the quit day begins: the line never hides its bar
        room = x + 60 < width
        out.append(
            f'<g class="quit-marker"><line x1="{x:.1f}" x2="{x:.1f}" y1="{label_lane + 3}" y2="{bottom}" '
            f'stroke="{USE_FILL}" stroke-width="1.2" stroke-dasharray="3 2"/>'
            f'<text x="{x + 3 if room else x - 3:.1f}" y="{label_lane}" text-anchor="{"start" if room else "end"}">'
            f"quit date</text><title>quit date, {esc(day_title(quit_date))}</title></g>"
        )
        quit_label_end = x + 56 if room else x
    if window_x is not None and window_x > quit_label_end + 4 and window_x + 62 < width:
        out.append(f'<text class="window-label" x="{window_x + 2:.1f}" y="{label_lane}">weeks 2–4</text>')

    for cell in calendar:
        if cell["state"] == "used":
            cx = left + (index[cell["date"]] + 0.5) * step
            out.append(
                f'<path class="use-marker" d="M{cx - 5:.1f},{use_top} L{cx + 5:.1f},{use_top} '
                f'L{cx:.1f},{use_bottom} Z" '
                f'fill="{USE_FILL}"><title>{esc(day_title(cell["date"]))}: used</title></path>'
            )

    # Date labels on Mondays, far enough apart not to touch (about 56 units each), and on the
    # first day when the first Monday is far enough from it.
    every = max(1, math.ceil(56 / (7 * step)))
    mondays = [i for i, c in enumerate(calendar) if date.fromisoformat(c["date"]).weekday() == 0][::every]
    if not mondays or mondays[0] * step >= 56:
        mondays.insert(0, 0)
    for i in mondays:
        x = left + (i + 0.5) * step
        label = day_words(date.fromisoformat(calendar[i]["date"]), weekday=False, year=False)
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{bottom}" y2="{bottom + 4}" stroke="#8a9099"/>'
            f'<text class="xlabel" x="{x:.1f}" y="{bottom + 17}" text-anchor="middle">{label}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def day_title(text: str) -> str:
    return day_words(date.fromisoformat(text))


def shade_levels(peak: int) -> int:
    return min(peak, len(SHADES))


def shade(count: int, peak: int) -> int | None:
    """Index into SHADES for a count (None for zero): equal steps up to the busiest cell."""
    if not count or not peak:
        return None
    levels = shade_levels(peak)
    level = math.ceil(count * levels / peak)  # 1..levels
    return round((level - 1) * (len(SHADES) - 1) / max(levels - 1, 1))


def level_range(level: int, peak: int) -> str:
    levels = shade_levels(peak)
    lo = math.floor((level - 1) * peak / levels) + 1
    hi = math.floor(level * peak / levels)
    return str(lo) if lo == hi else f"{lo}–{hi}"


def heatmap(figure: Figure) -> str:
    """Weekday × time of day, darker for more, with totals in grey and a legend for the scale."""
    table = figure.table
    assert table is not None
    headers = table.headers
    buckets = len(headers) - 2
    label_w, col_w, gap, all_w = 46, 116, 10, 66
    head_h, row_h = 38, 26
    width = label_w + buckets * col_w + gap + all_w
    day_rows, total_row = table.rows[:-1], table.rows[-1]
    grid_h = head_h + row_h * len(day_rows) + gap + row_h
    height = grid_h + 52
    peak = max((c.value or 0 for row in day_rows for c in row[1 : 1 + buckets]), default=0)
    out = [_open("chart heatmap", width, height, figure)]

    def col_x(j: int) -> float:
        return label_w + j * col_w if j < buckets else label_w + buckets * col_w + gap

    for j, header in enumerate(headers[1:]):
        w = col_w if j < buckets else all_w
        name, _, hours = header.partition(" ")
        cx = col_x(j) + w / 2
        out.append(f'<text x="{cx:g}" y="15" text-anchor="middle" font-weight="600">{esc(name)}</text>')
        if hours:
            out.append(f'<text class="hours" x="{cx:g}" y="30" text-anchor="middle">{esc(hours)}</text>')

    def cell(x: float, y: float, w: float, c, fill: str, light: bool) -> str:
        colour = ' class="on-dark"' if light else ""
        return (
            f'<rect x="{x + 1:g}" y="{y + 1:g}" width="{w - 2:g}" height="{row_h - 2:g}" fill="{fill}" '
            f'stroke="#d5d8dc"><title>{esc(c.title or c.text)}</title></rect>'
            f'<text x="{x + w / 2:g}" y="{y + 17:g}" text-anchor="middle"{colour}>{esc(c.text)}</text>'
        )

    rows = [(r, head_h + i * row_h) for i, r in enumerate(day_rows)]
    rows.append((total_row, head_h + len(day_rows) * row_h + gap))
    for row, y in rows:
        out.append(
            f'<text x="{label_w - 8}" y="{y + 17:g}" text-anchor="end" font-weight="600">{esc(row[0].text)}</text>'
        )
        for j, c in enumerate(row[1:]):
            w = col_w if j < buckets else all_w
            if c.state == "total":
                out.append(cell(col_x(j), y, w, c, TOTAL_FILL, False))
            else:
                index = shade(c.value or 0, peak)
                fill = "#ffffff" if index is None else SHADES[index]
                out.append(cell(col_x(j), y, w, c, fill, index is not None and index >= 4))

    # The legend: one swatch per step of the scale, then the grey of the totals.
    y = grid_h + 14
    out.append(f'<g class="legend"><text x="0" y="{y + 12}">Cravings and lapses:</text>')
    x = 132.0
    steps = [("0", "#ffffff")] + [
        (level_range(level, peak), SHADES[shade(math.floor(level * peak / shade_levels(peak)), peak)])
        for level in range(1, shade_levels(peak) + 1)
    ]
    for label, fill in steps:
        out.append(
            f'<rect x="{x:g}" y="{y}" width="34" height="16" fill="{fill}" stroke="#b8bec5"/>'
            f'<text x="{x + 17:g}" y="{y + 30}" text-anchor="middle">{label}</text>'
        )
        x += 38
    x += 14
    out.append(
        f'<rect x="{x:g}" y="{y}" width="34" height="16" fill="{TOTAL_FILL}" stroke="#b8bec5"/>'
        f'<text x="{x + 40:g}" y="{y + 12}">totals</text></g>'
    )
    out.append("</svg>")
    return "".join(out)


CHARTS = {"daily-peak": daily_peak, "heatmap": lambda report, figure: heatmap(figure)}
