"""What this person has already been shown on this machine: the full weeks 2-4
explanation is given once per journal, then in one line (``status --explain``
brings it back).

Kept next to the device id in ``$XDG_STATE_HOME/cuelog/seen.json``, keyed by a
hash of the store's path, and never in the store itself: showing ``status`` stays
a reading command (no lock, no commit, no undo step, no backup, nothing to sync
or to merge between devices), and "seen on this terminal" is not journal data a
counsellor's export or an import should carry. Losing the file only means the
explanation is shown in full once more.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from cuelog.errors import StoreError
from cuelog.store.device import state_dir
from cuelog.store.files import dumps, loads, make_private_dirs, read_bytes, write_atomic

FILE = "seen.json"


def _store_key(store_path: Path) -> str:
    return hashlib.sha256(str(Path(store_path).resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _path(where: Path | None) -> Path:
    return state_dir(where) / FILE


def _load(where: Path | None) -> dict:
    try:
        raw = read_bytes(_path(where))
        data = loads(raw) if raw is not None else {}
    except (StoreError, ValueError):  # unreadable or damaged: as if nothing was seen
        return {}
    return data if isinstance(data, dict) else {}


def was_seen(store_path: Path, key: str, where: Path | None = None) -> bool:
    seen = _load(where).get(_store_key(store_path))
    return isinstance(seen, list) and key in seen


def mark_seen(store_path: Path, key: str, where: Path | None = None) -> None:
    """Remember ``key`` for this store; a file that cannot be written is no error."""
    data = _load(where)
    store = _store_key(store_path)
    seen = data.get(store) if isinstance(data.get(store), list) else []
    if key in seen:
        return
    data[store] = [*seen, key]
    path = _path(where)
    try:
        make_private_dirs(path.parent)
        write_atomic(path, dumps(data))
    except OSError:
        pass
