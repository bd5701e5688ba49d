"""The month cache: derived data that makes reading a long history cheap.

One folder per store, ``$XDG_CACHE_HOME/cuelog/<hash of the store's path>/``: in
``months.json``, for each month the tally of its entries (``cuelog.analysis.tally``)
and the key it was made from: the month files of every device that has the month, by
name, size and modification time; in ``text/``, each month's entries as the JSON and
CSV exports write them, named by month, key and format. Month files are written once under new names, so a key
that still matches means the tally still holds. Nothing else is kept here: deleting
the file changes no output (the next read rebuilds what it needs), ``doctor``
compares it with the journal, and ``CUELOG_CACHE=off`` turns it off.

Why beside the user's other caches rather than beside the journal: the journal's
folder is synced between devices and backed up, and a cache is neither; each
machine keeps its own. An encrypted journal's cache holds cue names and lapse notes,
so it is encrypted with the journal's own key (the one every read already needs),
and a plain cache found beside an encrypted journal is removed unread.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cuelog.store.files import AGE_HEADER, dumps, loads, make_private_dirs, temp_name

if TYPE_CHECKING:
    from cuelog.store import Store

# 2: tallies keep the amounts of days with use; 3: lapses before the check-in; 4: other devices'
# records checked before they count (a cache made from unchecked ones is rebuilt)
FORMAT = 4
NAME = "months.json"


def enabled() -> bool:
    return os.environ.get("CUELOG_CACHE", "").strip().lower() not in ("0", "off", "no", "false")


def folder(store: Store) -> Path:
    """``$XDG_CACHE_HOME/cuelog/<hash of the store's path>``; for a store given a state
    folder of its own (the demo's, in a temporary folder), inside that folder instead, so
    nothing is written among the person's own files."""
    digest = hashlib.sha256(str(store.path.expanduser().resolve()).encode()).hexdigest()[:16]
    if store.state_dir is not None:
        return Path(store.state_dir) / "cache" / digest
    base = os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "cuelog" / digest


def path(store: Store) -> Path:
    return folder(store) / NAME


def load(store: Store) -> dict[str, Any]:
    """The cached months (month -> record); empty when there is none, it is unreadable,
    or it does not match how the journal is kept (plain beside encrypted, or the reverse)."""
    if not enabled():
        return {}
    where = path(store)
    try:
        raw = where.read_bytes()
    except OSError:
        return {}
    try:
        if raw.startswith(AGE_HEADER):
            if not store.encrypted:
                return {}
            raw = store.cipher().decrypt(raw, where)
        elif store.encrypted:
            forget(store)  # plain text beside an encrypted journal: not kept
            return {}
        doc = loads(raw)
    except Exception:  # derived data: anything wrong with it means rebuilding it
        return {}
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("store") != str(store.path):
        return {}
    months = doc.get("months")
    return months if isinstance(months, dict) else {}


def save(store: Store, months: dict[str, Any]) -> None:
    """Replace the cache; a cache that cannot be written is simply not kept."""
    if not enabled():
        return
    where = path(store)
    try:
        payload = dumps({"format": FORMAT, "store": str(store.path), "months": months})
        if store.encrypted:
            payload = store.cipher().encrypt(payload)
        make_private_dirs(where.parent)
        tmp = temp_name(where)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:  # no fsync: a cache lost in a crash is rebuilt
            handle.write(payload)
        os.replace(tmp, where)
    except Exception:
        return


def forget(store: Store) -> None:
    """Remove the cache (after the journal is encrypted or decrypted, or when doctor finds it
    wrong), overwriting what was plain text first."""
    from cuelog.store.files import shred

    try:
        for kept in [path(store), *(folder(store) / "text").glob("*")]:
            if kept.exists():
                shred(kept) if not kept.read_bytes().startswith(AGE_HEADER) else kept.unlink(missing_ok=True)
    except OSError:
        pass


# -- a month's entries as an export writes them ----------------------------------------
def text_path(store: Store, month: str, key: list, kind: str) -> Path:
    digest = hashlib.sha256(dumps([FORMAT, key])).hexdigest()[:16]
    return folder(store) / "text" / f"{month}.{digest}.{kind}"


def load_text(store: Store, month: str, key: list, kind: str) -> str | None:
    """The text kept for a month's entries in one format, or None."""
    if not enabled():
        return None
    where = text_path(store, month, key, kind)
    try:
        raw = where.read_bytes()
        if raw.startswith(AGE_HEADER) != store.encrypted:
            if store.encrypted:
                forget(store)  # plain text beside an encrypted journal: not kept
            return None
        if store.encrypted:
            raw = store.cipher().decrypt(raw, where)
        header, _, body = raw.partition(b"\n")
        if header != _text_header(body):  # cut short or damaged: made again
            return None
        return body.decode("utf-8")
    except Exception:
        return None


def _text_header(body: bytes) -> bytes:
    return b"cuelog-text %d %d %08x" % (FORMAT, len(body), zlib.crc32(body))


def save_text(store: Store, month: str, key: list, kind: str, text: str) -> None:
    if not enabled():
        return
    where = text_path(store, month, key, kind)
    try:
        make_private_dirs(where.parent)
        for old in where.parent.glob(f"{month}.*.{kind}"):
            old.unlink(missing_ok=True)
        body = text.encode("utf-8")
        payload = _text_header(body) + b"\n" + body
        if store.encrypted:
            payload = store.cipher().encrypt(payload)
        tmp = temp_name(where)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, where)
    except Exception:
        return
