"""One row per entry of any kind, with a stable header.

Text cells go through :func:`cuelog.text.csv_text`: controls and bidi overrides are
shown escaped, and a cell that begins like a formula (``=``, ``+``, ``-``, ``@``, tab,
CR) gets a leading ``'`` so no spreadsheet runs it. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io

from cuelog.export import Format
from cuelog.models import DIMENSIONS
from cuelog.text import csv_text

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
    "amount",  # last, so the columns before it keep their places
]


def _cell(value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return value
    if isinstance(value, list):
        return csv_text("; ".join(value))
    if isinstance(value, dict):
        return csv_text(" | ".join(f"{k}: {v}" for k, v in value.items()))
    return csv_text(str(value))


def render_csv(report: dict) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for record in sorted(report["entries"], key=lambda r: r["at"]):
        row = {**record, **record["cues"]}
        writer.writerow([_cell(row.get(column)) for column in HEADER])
    return buffer.getvalue()


FORMAT = Format("csv", (".csv",), render_csv, needs_entries=True)
