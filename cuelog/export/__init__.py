"""Pure renderers: the report dict in, the text of one format out."""

from __future__ import annotations

import json

FORMATS = ("markdown", "json", "csv", "html")


def render(report: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    if fmt == "csv":
        from cuelog.export.csvfile import render_csv

        return render_csv(report)
    if fmt == "html":
        from cuelog.export.html import render_html

        return render_html(report)
    from cuelog.export.markdown import render_markdown

    return render_markdown(report)
