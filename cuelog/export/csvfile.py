"""One row per entry of any kind, with a stable header.

Text cells go through :func:`cuelog.text.csv_text`: controls and bidi overrides are
shown escaped, and a cell that begins like a formula (``=``, ``+``, ``-``, ``@``, tab,
CR) gets a leading ``'`` so no spreadsheet runs it. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from itertools import groupby

from cuelog.export import Format
from cuelog.models import DIMENSIONS
from cuelog.text import FORMULA_STARTS, csv_text

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
    "amount",  # so the columns before it keep their places
    "substance",  # issue 26: what the entry was about (several: "; " between them)
    "amount_number",
    "amount_unit",
    "units",
]
_STORED = {"substance": "substances"}


def _cell(value) -> str | int:
    kind = type(value)
    if kind is str:  # the common case, without a call: printable text that starts like no formula
        return value if value.isprintable() and not value.startswith(FORMULA_STARTS) else csv_text(value)
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
    return "".join(csv_pieces(report))


def csv_pieces(report: dict) -> Iterator[str]:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(HEADER)
    yield buffer.getvalue()
    entries = report["entries"]
    if isinstance(entries, list):
        yield rows_text(sorted(entries, key=_at))
    elif hasattr(entries, "texts"):  # made a month at a time, in order of month: sorted a month at a time
        yield from entries.texts("csv", lambda records: rows_text(sorted(records, key=_at)))
    else:
        for _, month in groupby(entries, key=lambda r: r["at"][:7]):
            yield rows_text(sorted(month, key=_at))


def rows_text(records: list[dict]) -> str:
    """The rows of ``records``, in the order given."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    cell = _cell
    for record in records:
        cues = record["cues"]
        writer.writerow(
            [cell(record.get(column)) for column in HEADER[:7]]
            + [cell(cues.get(column)) for column in DIMENSIONS]
            + [cell(record.get(_STORED.get(column, column))) for column in HEADER[7 + len(DIMENSIONS) :]]
        )
    return buffer.getvalue()


def _at(record: dict) -> str:
    """Time order; a check-in (at 12:00 on its date) at the end of its day, as everywhere
    (``models.order_moment``): "24" sorts after every hour of the day."""
    at = record["at"]
    return at[:11] + "24" if record.get("kind") == "checkin" else at


FORMAT = Format("csv", (".csv",), render_csv, needs_entries=True, pieces=csv_pieces, needs_analysis=False)
