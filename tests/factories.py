"""What many test files build, built one way: an entry, a pseudo-terminal session with
the installed script, the journal as ``list --json`` prints it.

Each file keeps only the short adapter its own tests read best (``entry("lapse", day)``);
the construction itself lives here.
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import datetime

from cuelog.models import DIMENSIONS, Cues, Entry, new_id
from tests.conftest import CUELOG


def make_entry(at: datetime, kind: str = "craving", intensity: int | None = 5, *, coping=(), **fields) -> Entry:
    """An entry that happened at ``at`` and was logged then, with a fresh id unless
    ``id=`` is given. Cue dimensions go by name (``place=["bar"]``, normalised as the
    command line does), or whole as ``cues=``; any other ``Entry`` field as itself."""
    named = {d: fields.pop(d) for d in DIMENSIONS if d in fields}
    cues = fields.pop("cues", None) or Cues.build(named)
    return Entry(
        id=fields.pop("id", None) or new_id(),
        kind=kind,
        at=at,
        logged_at=fields.pop("logged_at", at),
        intensity=intensity,
        cues=cues,
        coping=tuple(coping),
        **fields,
    )


def spawn(*args: str, env: dict | None = None, rows: int = 40, columns: int = 100, timeout: float = 20):
    """The installed script on a pseudo-terminal of ``rows`` x ``columns`` (pexpect)."""
    import pexpect

    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns), **(env or {})}
    return pexpect.spawn(CUELOG, list(args), env=env, encoding="utf-8", timeout=timeout, dimensions=(rows, columns))


def listed() -> list[dict]:
    """The journal as ``cuelog list --json`` prints it, through the installed script."""
    proc = subprocess.run([CUELOG, "list", "--json"], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)
