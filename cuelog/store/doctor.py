"""What ``cuelog doctor`` checks, and folding in the copies sync tools leave.

Sync tools make a conflict copy when two machines change one file while apart:
Syncthing ``head.sync-conflict-20261127-101500-ABCDEFG.json``, Nextcloud
``head (conflicted copy 2026-11-27 101500).json``, Dropbox ``head (Sam's
conflicted copy 2026-11-27).json``; a git merge leaves ``<<<<<<<`` markers. cuelog's
layout keeps machines out of each other's files, so these are rare (two machines
sharing one device id, the root written twice), but nothing in them is lost:
``doctor`` says what they hold that the journal lacks, and ``doctor --merge`` (any
write, for this device's own) folds their records in by id and removes them.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cuelog.errors import CuelogError, InputError, StoreError
from cuelog.models import Plan, QuitAttempt, entry_from_record
from cuelog.store.files import (
    AGE_HEADER,
    MONTH_NAME,
    crashpoint,
    is_link,
    is_real_dir,
    is_real_file,
    links_below,
    read_bytes,
    safe_name,
)
from cuelog.store.journal import (
    TABLES,
    Damaged,
    Head,
    Transaction,
    View,
    check_peer_head,
    check_peer_record,
    is_tombstone,
    month_of,
    version,
)

if TYPE_CHECKING:
    from cuelog.store import Store

CONFLICT = re.compile(
    r".*(\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}|\s\((?:[^()]*'s )?conflicted copy[^()]*(?:\(\d+\))?\)).*",
    re.IGNORECASE,
)


def _conflict_files(store: Store, folders: list[Path]) -> list[Path]:
    found = []
    for folder in folders:
        try:
            found += [p for p in folder.iterdir() if CONFLICT.fullmatch(p.name) and is_real_file(p)]
        except (FileNotFoundError, NotADirectoryError):
            continue
    return sorted(found)


def _has_markers(path: Path) -> bool:
    if not is_real_file(path):
        return False
    try:
        return (read_bytes(path) or b"").startswith(b"<<<<<<<")
    except StoreError:
        return False


def _marked_in(folder: Path, head: Head | None) -> list[Path]:
    """The head file, and the month files it names, that a git merge left with
    conflict markers (two folders that write as one device)."""
    found = [folder / "head.json"] if _has_markers(folder / "head.json") else []
    months = head.months if head is not None and isinstance(head.months, dict) else {}
    named = sorted({p for p in (safe_name(folder, n) for n in months.values()) if p is not None})
    return found + [path for path in named if _has_markers(path)]


def _marked(store: Store, view: View) -> list[Path]:
    found = []
    for folder in store.device_folders():
        found += _marked_in(folder, view.heads.get(folder.name))
    return found


def own_conflicts(store: Store, view: View) -> list[Path]:
    me = store.device().id
    folder = store.device_dir(me)
    return _conflict_files(store, [folder]) + _marked_in(folder, view.heads.get(me))


def all_conflicts(store: Store, view: View) -> list[Path]:
    folders = [store.path.parent, store.data_dir, *store.device_folders()]
    return _conflict_files(store, folders) + _marked(store, view)


def _copy_contents(store: Store, path: Path) -> tuple[list[tuple[str, dict]], dict[str, list[dict]]]:
    """The records a conflict copy holds: (month, record) pairs and table rows. A copy
    that cannot be read at all (damaged, or encrypted to another key) is a StoreError:
    it is kept, never folded in as empty."""
    from cuelog.store import _document, _git_sides, _records_of

    raw = read_bytes(path) or b""
    marked = _git_sides(raw)
    sides = [side.strip() for side in marked] if marked else [raw]  # an age file is binary: never strip it
    records: list[tuple[str, dict]] = []
    tables: dict[str, list[dict]] = {}
    failure: StoreError | None = None
    for side in sides:
        if not side.strip():
            continue
        try:
            doc = _document(store._open(side, path), path)
        except StoreError as exc:
            failure = exc
            continue
        # A copy is whatever the share brought: its records are checked as another device's are.
        if "entries" in doc:
            for record in _records_of(doc, path):
                month = _month_of_record(record)
                if month and _fits(record, month):
                    records.append((month, record))
        head = doc.get("head", {}).get("1")
        if isinstance(head, dict):
            try:
                check_peer_head(head)  # drops the rows outside what cuelog writes
            except Damaged as exc:
                failure = StoreError(str(exc))
                continue
            for name in TABLES:
                tables.setdefault(name, []).extend(head["tables"].get(name, []))
            months = head.get("months")
            for month, file in months.items() if isinstance(months, dict) else ():
                month_path = safe_name(path.parent, file)
                if month_path is None:  # never a path outside the folder, whatever the copy says
                    continue
                try:
                    month_doc = store._month_doc(month_path)
                    found = _records_of(month_doc, path) if month_doc else []
                except StoreError:
                    found = []
                records.extend((month, r) for r in found if _fits(r, month))
    if failure is not None and not records and not any(tables.values()):
        raise StoreError(f"the conflict copy {path.name} cannot be read ({failure.message}); it was kept")
    return records, tables


def _fits(record: dict, month: str | None) -> bool:
    try:
        check_peer_record(record, month)
    except Damaged:
        return False
    return True


def _month_of_record(record: dict) -> str | None:
    try:
        return month_of(datetime.fromisoformat(record["at"]))
    except (KeyError, TypeError, ValueError):
        return None


def _what_is_new(view: View, records: list[tuple[str, dict]]) -> int:
    new = 0
    for month, record in records:
        if is_tombstone(record):
            continue
        current = view.month_records(month).get(record["id"]) if month in view.months() else None
        if current is None or version(record, "")[:2] > version(current, "")[:2]:
            new += 1
    return new


def fold_conflicts(store: Store, view: View, *, own_only: bool) -> dict[str, Any]:
    """Under the lock: fold the copies' records into this device's part (one commit,
    undoable), then remove the copies."""
    from cuelog.store import MONTH_FILE
    from cuelog.store.backup import aside_name, make_backup

    copies = own_conflicts(store, view) if own_only else all_conflicts(store, view)
    legacy = view.legacy if not own_only else None
    if not copies and legacy is None:
        return {"copies": [], "added": 0, "updated": 0}
    me = store.device().id
    own = view.heads.get(me)
    head = dict(own.doc) if own else store._fresh_head()
    if not own_only:
        make_backup(store, aside_name(store, "before-merge"))
    tx = Transaction(view, me, __import__("copy").deepcopy(head), f"merging {len(copies)} sync-conflict copies")
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    unread = []
    for path in copies:
        try:
            records, tables = _copy_contents(store, path)
        except StoreError:
            unread.append(path)
            continue
        for month, record in records:
            if is_tombstone(record):
                target = _month_holding(tx, record["id"])
                if target is None:
                    continue
                month = target
            counts[tx.absorb(record, month)] += 1
        for name, rows in tables.items():
            for row in rows:
                if isinstance(row.get("id"), str):
                    tx.absorb_row(name, row)
    if legacy is not None:
        from cuelog.store.migrate import legacy_rows

        for month in legacy.months:
            for record in store._legacy_month(legacy, month):
                counts[tx.absorb(record, month)] += 1
        for name in TABLES:
            for row in legacy_rows(legacy.main, name):
                tx.absorb_row(name, row)
    marked_own = [p for p in copies if p.parent == store.device_dir(me) and not CONFLICT.fullmatch(p.name)]
    for path in marked_own:  # rewritten clean (collected with the old head's files)
        if (found := MONTH_FILE.fullmatch(path.name)) and own is not None and own.months.get(found[1]) == path.name:
            tx._own(found[1])
            tx.dirty.add(found[1])
    if tx.changed or marked_own:
        tx.head["_touched"] = True
        store._commit(tx)
    crashpoint("merged")
    for path in copies:
        if CONFLICT.fullmatch(path.name) and path not in unread:  # not a marked file a device still names
            path.unlink(missing_ok=True)
    if legacy is not None:
        for path in legacy.months.values():
            path.unlink(missing_ok=True)
    return {"copies": [str(p) for p in copies], "added": counts["added"], "updated": counts["updated"]}


def _month_holding(tx: Transaction, entry_id: str) -> str | None:
    for month in reversed(tx.months()):
        if entry_id in tx._merged(month):
            return month
    return None


def merge_all(store: Store) -> dict[str, Any]:
    """``doctor --merge``: every copy of every device, and files left from the old layout."""
    with store._lock():
        view, _ = store._prepare()
        return fold_conflicts(store, view, own_only=False)


def inspect(store: Store) -> dict[str, Any]:
    """Check every file and record; removes only what an interrupted write left behind."""
    report: dict[str, Any] = {
        "store": str(store.path),
        "exists": store.exists(),
        "problems": [],
        "notes": [],
        "checked": {},
        "conflicts": [],
        "devices": [],
    }
    problems, notes = report["problems"], report["notes"]
    try:
        version, _ = store._root()
        report["checked"]["schema_version"] = version
        view = store.read()
    except CuelogError as exc:
        problems.append(exc.message)
        report["ok"] = False
        report["encrypted"] = store.key_path.exists()
        return report
    notes.extend(view.warnings)
    encrypted_parts = [h.name for h in view.heads.values() if h.encrypted]
    report["encrypted"] = bool(encrypted_parts) or (view.legacy is not None and view.legacy.encrypted)
    if store.key_path.exists() and not report["encrypted"]:
        notes.append(
            f"{store.key_path.name} exists but nothing is encrypted with it (an interrupted 'cuelog encrypt'); "
            "it is kept, since another device may still need it"
        )
    if report["encrypted"] and not store.key_path.exists():
        problems.append(f"the journal is encrypted but its key file {store.key_path.name} is missing")
    count = 0
    months: set[str] = set()
    for device, head in sorted(view.heads.items()):
        info = {"id": device, "name": head.name, "encrypted": head.encrypted, "entries": 0, "deleted": 0}
        deleted: set[str] = set()
        live: set[str] = set()
        report["devices"].append(info)
        for month, file in sorted(head.months.items()):
            path = safe_name(head.folder, file)
            if path is None or MONTH_NAME.fullmatch(path.name)[1] != month:
                problems.append(
                    f"{head.name}: the file named for {month!r} ({file!r}) is not a cuelog month file; "
                    "it was ignored, and nothing outside the journal's folder was read"
                )
                continue
            months.add(month)
            try:
                records = store._month_records(head, month, file, view) or []
            except CuelogError as exc:
                problems.append(exc.message)
                continue
            try:
                raw = read_bytes(path) if head.encrypted else None
            except StoreError:
                raw = None  # another device's file, quarantined: listed below
            if raw is not None and not raw.startswith(AGE_HEADER):
                problems.append(f"{path.name} of {head.name!r} is not encrypted while the journal is")
            for record in records:
                if is_tombstone(record):
                    deleted.add(record["id"])
                    continue
                live.add(record["id"])  # a move to another month leaves a tombstone too: not a delete
                info["entries"] += 1
                try:
                    entry = entry_from_record(record)
                except InputError as exc:
                    problems.append(f"{head.name}: {file}, entry {str(record.get('id'))[:8]}: {exc.message}")
                    continue
                if month_of(entry.at) != month:
                    problems.append(f"{head.name}: entry {entry.id[:8]} belongs in {month_of(entry.at)}, not {month}")
        count += info["entries"]
        info["deleted"] = len(deleted - live)
        if info["deleted"] and device != store._own_id():
            notes.append(
                f"the device {head.name!r} has deleted {info['deleted']} entr{'y' if info['deleted'] == 1 else 'ies'}"
            )
        for step in head.doc.get("undo", []):
            if not isinstance(step, dict) or not isinstance(step.get("label"), str):
                problems.append(f"the undo history of {head.name!r} is damaged (undo will refuse)")
                break
            named = step.get("months") if isinstance(step.get("months"), dict) else {}
            if any(safe_name(head.folder, n) is None for n in named.values()):
                problems.append(
                    f"the undo history of {head.name!r} names files that are not cuelog month files; they are ignored"
                )
                break
    if view.legacy is not None:
        for month in view.legacy.months:
            try:
                count += len(store._legacy_month(view.legacy, month))
                months.add(month)
            except CuelogError as exc:
                problems.append(exc.message)
        if view.heads:
            notes.append("files of the old layout are still here; 'cuelog doctor --merge' folds them in")
    for name, build in (("attempts", QuitAttempt.from_record), ("plans", Plan.from_record)):
        try:
            rows = view.table(name)
            for row in rows:
                build(row)
            report["checked"][name] = len(rows)
        except CuelogError as exc:
            problems.append(f"a {name[:-1]} record is damaged: {exc.message}")
    report["checked"]["entries"] = count
    report["checked"]["months"] = len(months)
    report["checked"]["support"] = len(view.table("support"))
    for path in all_conflicts(store, view):
        try:
            records, _ = _copy_contents(store, path)
        except StoreError as exc:
            problems.append(exc.message)
            report["conflicts"].append({"file": str(path.relative_to(store.path.parent)), "new": None})
            continue
        report["conflicts"].append(
            {"file": str(path.relative_to(store.path.parent)), "new": _what_is_new(view, records)}
        )
    if report["conflicts"]:
        notes.append("sync-conflict copies are here; 'cuelog doctor --merge' folds them in and removes them")
    links = _links(store)
    for link in links:
        problems.append(
            f"{_shown(store, link)} is a symbolic link; cuelog never follows, reads or writes through a link "
            "in its folders (it is left where it is, or removed itself where cuelog cleans up)"
        )
    # Other devices' files that could not be read: left untouched, and named here.
    problems.extend(
        f"another device's file could not be read and is left untouched: {n}" for n in store.quarantine_notes()
    )
    store.quarantine_listed = True
    report["removed"] = _sweep(store, view) if store.exists() else []
    found = store.backups()
    report["backups"] = [b.name for b in found]
    for backup in found:
        if backup.future:
            notes.append(
                f"the backup {backup.name} is dated in the future (a clock set ahead, or another device's folder); "
                "it is kept but never counted when old backups are removed"
            )
    from cuelog.store.backup import plain_backup_files, strangers

    odd = [n for n in strangers(store) if store.backup_dir / n not in links]
    if odd:
        shown = ", ".join(repr(n) for n in odd[:5]) + (f" and {len(odd) - 5} more" if len(odd) > 5 else "")
        notes.append(f"the backups folder holds things cuelog did not make ({shown}); they are left untouched")
    if report["encrypted"]:
        plain = plain_backup_files(store)
        if plain:
            problems.append(
                f"{len(plain)} backup files are not encrypted while the journal is "
                f"(e.g. {_shown(store, plain[0])}); run 'cuelog encrypt' to encrypt them"
            )
    report["ok"] = not problems
    return report


def _shown(store: Store, path: Path) -> str:
    try:
        return str(path.relative_to(store.path.parent))
    except ValueError:
        return str(path)


def _links(store: Store) -> list[Path]:
    """Every symbolic link in the store: the store's own files and folders, and anything
    below its data and backups folders (never entered)."""
    found = [p for p in (store.path, store.key_path, store.lock_path, store.data_dir, store.backup_dir) if is_link(p)]
    for folder in (store.data_dir, store.backup_dir):
        if is_real_dir(folder):
            found += sorted(links_below(folder))
    return found


def _sweep(store: Store, view: View) -> list[str]:
    """Under the lock: what an interrupted write left in this device's folder."""
    from cuelog.store import MONTH_FILE, _referenced

    me = store.device(create=False)
    removed: list[str] = []
    try:
        with store._lock():
            if me is not None and me.id in view.heads:
                head = store._head(store.device_dir(me.id))
                keep = _referenced(head.doc) | set(head.doc.get("grace", []))
                left = [
                    p
                    for p in head.folder.iterdir()
                    if (p.name.startswith(".") and p.name.endswith(".tmp"))
                    or (MONTH_FILE.fullmatch(p.name) and p.name not in keep)
                ]
                if left:
                    removed += [str(p.relative_to(store.path.parent)) for p in left]
                    store._collect(head.folder, head.doc, shred_plain=head.encrypted)
            for leftover in list(store.path.parent.glob(f".{store.path.name}*.tmp")):
                removed.append(leftover.name)
                leftover.unlink(missing_ok=True)
            if is_real_dir(store.backup_dir):
                from cuelog.store.backup import finish_encrypting

                if finish_encrypting(store):
                    removed.append("plain backup files left by an interrupted encrypt (now encrypted)")
                for partial in store.backup_dir.glob(".partial-*"):
                    removed.append(str(partial.relative_to(store.path.parent)))
                    from cuelog.store.backup import _remove_tree

                    _remove_tree(partial, shred_files=True)
    except StoreError:
        pass
    return removed
