"""One row per entry of any kind, with a stable header."""

from __future__ import annotations

import csv
import io

from cuelog.models import DIMENSIONS

HEADER = [
    "id",
    "kind",
    "at",
    "logged_at",
    "date",
    "intensity",
    "used",
    *DIMENSIONS,
    "coping",
    "minutes",
    "note",
    "reflection",
]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(value)
    if isinstance(value, dict):
        return " | ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def render_csv(report: dict) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for record in sorted(report["entries"], key=lambda r: r["at"]):
        row = {**record, **record["cues"]}
        writer.writerow([_cell(row.get(column)) for column in HEADER])
    return buffer.getvalue()
