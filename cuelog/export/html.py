"""The report as one self-contained HTML page: inline CSS and inline SVG charts,
no scripts, fonts or links to anywhere, readable on screen and on paper (A4 or Letter).

Only layout lives here; the words come from :mod:`cuelog.export.sections`, the charts
from :mod:`cuelog.export.charts`. All text goes through :func:`cuelog.text.html_text`
(escaped, with control characters and bidi overrides shown, not obeyed).
"""

from __future__ import annotations

from cuelog.export import Format
from cuelog.export.charts import CHARTS
from cuelog.export.model import Document, Inline, Section, Table
from cuelog.export.sections import document
from cuelog.text import html_text as esc

CSS = """
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2327; max-width: 56rem;
       margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; }
h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ccd; padding-bottom: .2rem; }
h3 { font-size: 1rem; margin-bottom: .3rem; }
table { border-collapse: collapse; margin: .5rem 0 .4rem; font-size: .9rem; }
th, td { border: 1px solid #d5d8dc; padding: .2rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f4f6; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.muted, .notes, figcaption, .key { color: #4f5a64; }
.notes { font-size: .85rem; margin: .2rem 0 1rem; padding-left: 1.1rem; }
figure { margin: .6rem 0 .4rem; } figcaption { font-size: .9rem; margin-top: .3rem; }
.key { font-size: .9rem; margin: .2rem 0 .4rem; }
svg.chart { display: block; width: 100%; height: auto; }
svg.heatmap { max-width: 40rem; }
svg text { font: 11px system-ui, sans-serif; fill: #333; } svg text.hours { font-size: 10px; fill: #5f6b76; }
svg text.on-dark { fill: #fff; }
.cal td, .sw { width: 2.4rem; height: 1.5rem; text-align: center; font-weight: 600; padding: 0; }
.used { background: #3d4f73; color: #fff; } .no-use { background: #dfe5ec; color: #1d2327; }
.no-data { background: #fff; }
.outside { background: repeating-linear-gradient(45deg, #f4f4f4 0 4px, #e6e6e6 4px 8px); color: #80878e; }
.cal td.quit, .sw.quit { outline: 2px solid #1d2327; outline-offset: -4px; }
ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; font-size: .9rem; }
.sw { display: inline-block; border: 1px solid #c5cad0; line-height: 1.5rem; margin-right: .35rem;
      vertical-align: middle; }
.qa em { display: block; color: #4f5a64; }
@page { margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10.5pt; color: #000; }
  h2 { margin-top: 1.2rem; } h2, h3 { break-after: avoid; }
  .block, figure, table, tr, ul.legend, footer { break-inside: avoid; }
  /* The first page (the agenda, what changed, safety) on a page of its own, the detail after it. */
  #safety + section { break-before: page; }
  svg.chart { max-width: 100%; }
  /* Legible in black and white: shades keep their marks (U, ·, Q) and borders. */
  .used { background: #444; color: #fff; } th { background: #eee; }
  th, td { border-color: #777; } .muted, .notes, figcaption, .key { color: #222; }
  svg text:not(.on-dark) { fill: #000; }
}
"""


def inline(line: Inline) -> str:
    if isinstance(line, str):
        return esc(line)
    tags = {"em": "em", "strong": "strong"}
    return "".join(
        f"<{tags[s.style]}>{esc(s.text)}</{tags[s.style]}>" if s.style in tags else esc(s.text) for s in line
    )


def _notes(table: Table) -> str:
    if not table.notes:
        return ""
    return "<ul class=notes>" + "".join(f"<li>{inline(n)}</li>" for n in table.notes) + "</ul>"


STATE_CLASS = {"used": "used", "no use": "no-use", "no data": "no-data", "outside": "outside"}
CALENDAR_LEGEND = (
    ("U", "used", "used"),
    ("·", "no-use", "no use"),
    ("", "no-data", "no data"),
    ("–", "outside", "outside the period"),
    ("Q", "no-data quit", "the quit date"),
)


def table(t: Table) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in t.headers)
    rows = []
    for row in t.rows:
        cells = []
        for i, c in enumerate(row):
            classes = [STATE_CLASS.get(c.state, "")] if t.kind == "calendar" else []
            classes += ["n"] if c.numeric else []
            classes += ["quit"] if c.quit else []
            cls = " ".join(x for x in classes if x)
            attrs = (f' class="{cls}"' if cls else "") + (f' title="{esc(c.title)}"' if c.title else "")
            tag = "th" if i == 0 and t.kind == "calendar" else "td"
            cells.append(f"<{tag}{attrs}>{esc(c.text)}</{tag}>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cls = ' class="cal"' if t.kind == "calendar" else ""
    legend = ""
    if t.kind == "calendar":
        legend = (
            "<ul class=legend aria-hidden=true>"
            + "".join(f'<li><span class="sw {c}">{esc(m)}</span>{esc(text)}</li>' for m, c, text in CALENDAR_LEGEND)
            + "</ul>"
        )
    return f"{legend}<table{cls}><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{_notes(t)}"


def section(s: Section, report: dict) -> str:
    tag = f"h{min(s.level, 6)}"
    # Every top-level section is a landmark named by its heading (axe-core's "region" rule).
    head_id = f"h-{esc(s.key)}"
    out = [
        f'<section id="{esc(s.key)}" aria-labelledby="{head_id}">' if s.level == 2 else "",
        f'<{tag} id="{head_id}">{esc(s.heading)}</{tag}>',
    ]
    # What must stay on one page when printed: the words that introduce a table or chart, and it.
    block = []
    cls = ' class="key"' if s.key == "calendar" else ""
    block += [f"<p{cls}>{inline(line)}</p>" for line in s.intro]
    if s.items:
        item_cls = ' class="qa"' if s.level == 3 and s.key.startswith("lapse-") else ""
        out.append("".join(block) + f"<ul{item_cls}>" + "".join(f"<li>{inline(i)}</li>" for i in s.items) + "</ul>")
        block = []
    if s.figure is not None:
        chart = CHARTS[s.figure.kind](report, s.figure)
        keys = "".join(f"<p class=key>{esc(k)}</p>" for k in s.figure.key)
        caption = f"<figcaption>{esc(s.figure.description)}</figcaption>"
        block.append(f"<figure>{chart}{caption}</figure>{keys}")
        if s.figure.table is not None:
            block.append(_notes(s.figure.table))
    if s.table is not None:
        block.append(table(s.table))
    if s.empty:
        block.append(f"<p>{esc(s.empty)}</p>")
    if block:
        out.append('<div class="block">' + "".join(block) + "</div>")
    out += [section(child, report) for child in s.children]
    if s.level == 2:
        out.append("</section>")
    return "".join(out)


def layout(doc: Document, report: dict) -> str:
    head = (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{esc(doc.title)}</title>"
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{CSS}</style></head><body>'
    )
    body = [f"<header><h1>{esc(doc.title)}</h1>"]
    body += [f"<p class=muted>{inline(line)}</p>" for line in doc.intro]
    body.append("</header><main>")
    body += [section(s, report) for s in doc.sections]
    body.append(
        "</main><footer><hr>" + "".join(f"<p class=muted>{inline(line)}</p>" for line in doc.footer) + "</footer>"
    )
    return head + "".join(body) + "</body></html>\n"


def render_html(report: dict) -> str:
    return layout(document(report), report)


FORMAT = Format("html", (".html", ".htm"), render_html)
