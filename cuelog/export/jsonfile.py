"""The report as one JSON object: the data behind every other format, with the entries."""

from __future__ import annotations

import json

from cuelog.export import Format
from cuelog.text import json_document


def render_json(report: dict) -> str:
    # ensure_ascii=False keeps names and notes readable; json_document then writes C1 controls
    # and bidi overrides as \u escapes, so the file is safe to print and reads back unchanged.
    return json_document(json.dumps(report, ensure_ascii=False, sort_keys=True, indent=2)) + "\n"


FORMAT = Format("json", (".json",), render_json, needs_entries=True)
