"""The report as one JSON object: the data behind every other format, with the entries."""

from __future__ import annotations

import json
from collections.abc import Iterator

from cuelog.export import Format
from cuelog.text import json_document

# The keys of a public entry record; one with others (an imported record's extra fields,
# whose numbers orjson might write differently) is written by the json module.
_RECORD_KEYS = frozenset(
    {"id", "kind", "at", "logged_at", "intensity", "cues", "coping", "note", "minutes", "date", "used"}
    | {"reflection", "edited_at"}
)


def render_json(report: dict) -> str:
    return "".join(json_pieces(report))


def json_pieces(report: dict) -> Iterator[str]:
    # ensure_ascii=False keeps names and notes readable; json_document then writes C1 controls
    # and bidi overrides as \u escapes, so the file is safe to print and reads back unchanged.
    entries = report.get("entries")
    if entries is None or isinstance(entries, list):
        yield json_document(json.dumps(report, ensure_ascii=False, sort_keys=True, indent=2)) + "\n"
        return
    # Entries made one month at a time (a long journal): the same text, written record by
    # record, a few thousand records to a piece.
    head = json_document(_dumps({**report, "entries": []}))
    marker = '\n  "entries": []'
    cut = head.index(marker)
    yield head[:cut] + '\n  "entries": ['
    count = 0
    texts = entries.texts("json", records_text) if hasattr(entries, "texts") else _batches(entries)
    for text in texts:
        if text:
            yield ("\n    " if count == 0 else ",\n    ") + text
            count += 1
    yield ("\n  ]" if count else "]") + head[cut + len(marker) :] + "\n"


def _batches(entries) -> Iterator[str]:
    batch: list[dict] = []
    for record in entries:
        batch.append(record)
        if len(batch) == 2000:
            yield records_text(batch)
            batch = []
    yield records_text(batch)


def records_text(records: list[dict]) -> str:
    """Records as they stand in the report's "entries" list, joined."""
    return ",\n    ".join(_record_text(r) for r in records)


def _dumps(data) -> str:
    """``json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2)``, by orjson where it
    writes the same text (everything but exponent floats, which a report does not hold)."""
    try:
        import orjson

        return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode()
    except (ImportError, TypeError):
        return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2)


def _record_text(record: dict) -> str:
    if record.keys() <= _RECORD_KEYS:
        text = _dumps(record)
    else:
        text = json.dumps(record, ensure_ascii=False, sort_keys=True, indent=2)
    if not text.isascii():
        text = json_document(text)
    return text.replace("\n", "\n    ")


FORMAT = Format("json", (".json",), render_json, needs_entries=True, pieces=json_pieces)
