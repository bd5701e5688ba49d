"""The report as Markdown: headings and pipe tables that read as plain text too.

Only layout lives here; the words come from :mod:`cuelog.export.sections`. Every
piece of text goes through :func:`cuelog.text.markdown_text`, so nothing a person
typed can start a heading, close a table cell, become a link or an image, or reach
a terminal as a control sequence.
"""

from __future__ import annotations

from cuelog.export import Format
from cuelog.export.model import Cell, Document, Inline, Section, Table
from cuelog.export.sections import document
from cuelog.text import markdown_text, sanitise


def inline(line: Inline) -> str:
    if isinstance(line, str):
        return markdown_text(line)
    marks = {"em": "*", "strong": "**"}
    out = []
    for span in line:
        text = markdown_text(span.text)
        mark = marks.get(span.style, "")
        # Emphasis marks must touch the text: keep surrounding spaces outside them.
        core = text.strip()
        out.append(text[: len(text) - len(text.lstrip())] + f"{mark}{core}{mark}" + text[len(text.rstrip()) :])
    return "".join(out)


def _cell(cell: Cell) -> str:
    return markdown_text(cell.text)


def table(t: Table) -> list[str]:
    rows = [[markdown_text(h) for h in t.headers], *[[_cell(c) for c in row] for row in t.rows]]
    widths = [max(3, *(len(r[i]) for r in rows)) for i in range(len(t.headers))]
    numeric = [bool(t.rows) and all(row[i].numeric for row in t.rows) for i in range(len(t.headers))]

    def line(cells: list[str]) -> str:
        padded = (c.rjust(w) if n else c.ljust(w) for c, w, n in zip(cells, widths, numeric, strict=True))
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(("-" * (w + 1) + ":") if n else "-" * (w + 2) for w, n in zip(widths, numeric, strict=True))
    out = [line(rows[0]), rule + "|", *[line(r) for r in rows[1:]], ""]
    if t.notes:
        out += [f"- {inline(n)}" for n in t.notes] + [""]
    return out


def section(s: Section) -> list[str]:
    out = ["#" * s.level + " " + markdown_text(s.heading), ""]
    for line in s.intro:
        out += [inline(line), ""]
    if s.items:
        out += [f"- {inline(item)}" for item in s.items] + [""]
    if s.figure is not None:
        out += [markdown_text(s.figure.description), ""]
        if s.figure.table is not None:
            out += table(s.figure.table)
    if s.table is not None:
        out += table(s.table)
    if s.empty:
        out += [markdown_text(s.empty), ""]
    for child in s.children:
        out += section(child)
    return out


def layout(doc: Document) -> str:
    out = ["# " + markdown_text(doc.title), ""]
    for line in doc.intro:
        out += [inline(line), ""]
    for s in doc.sections:
        out += section(s)
    out += ["---", ""]
    for line in doc.footer:
        out += [inline(line), ""]
    # Belt and braces: every piece was escaped above; nothing unsafe can remain.
    return sanitise("\n".join(out).rstrip("\n") + "\n")


def render_markdown(report: dict) -> str:
    return layout(document(report))


FORMAT = Format("markdown", (".md", ".markdown"), render_markdown, aliases=("md",))
