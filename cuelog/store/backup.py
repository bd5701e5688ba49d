"""Backups, restore, and turning encryption on and off: the operations that
rewrite a device's whole part of the journal, each still one commit.

A backup is a complete store of its own (``cuelog.json.backups/<name>/``, the
same layout), made of hard links: the store never changes a file in place, so a
link keeps the old content at no cost. Being a store, a backup is read with the
same code as the journal.
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from cuelog.errors import InputError, StoreError
from cuelog.store import cache as month_cache
from cuelog.store.crypt import Cipher, KeyFileError, check_passphrase, key_fingerprint, wrap_with_passphrase
from cuelog.store.files import (
    AGE_HEADER,
    crashpoint,
    link_or_copy,
    make_private_dirs,
    read_bytes,
    shred,
    write_atomic,
)
from cuelog.store.journal import TABLES, Transaction

if TYPE_CHECKING:
    from cuelog.store import Store

BACKUPS_KEPT = 7
_STAMP = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{6})")
_ENCRYPTING = ".encrypting"  # present while backups are being encrypted: the next write finishes the job


# A named tuple: defined several times faster than a frozen dataclass, on every start.
class Backup(NamedTuple):
    name: str
    path: Path
    made_at: datetime | None
    kind: str  # daily, replaced (kept aside by a restore), before-update, before-merge

    def store(self, like: Store) -> Store:
        from cuelog.store import Store

        asks = like._passphrase
        copy = Store(
            self.path / like.path.name,
            lock_timeout=like.lock_timeout,
            # "backups": the person is told why a journal no longer encrypted asks for it
            passphrase=(lambda purpose: asks("backups" if purpose == "open" else purpose)) if asks else None,
            now=like._now,
            keyring=like.keyring,
            state_dir=like.state_dir,
        )
        raw = read_bytes(copy.key_path)
        if raw is not None and like._cipher is not None and key_fingerprint(raw) == like._cipher_for:
            copy._cipher, copy._cipher_for = like._cipher, like._cipher_for
        elif raw is not None:  # a key opened for another backup opens this one: asked once for all
            fingerprint = key_fingerprint(raw)
            opened = _opened(like).get(fingerprint)
            if opened is not None:
                copy._cipher, copy._cipher_for = opened, fingerprint
        return copy


def _opened(like: Store) -> dict:
    """The backups' keys this command has opened, by fingerprint (kept on the journal's store)."""
    found = getattr(like, "_backup_ciphers", None)
    if found is None:
        found = {}
        like._backup_ciphers = found  # type: ignore[attr-defined]
    return found


def _refused(like: Store) -> set:
    """Fingerprints whose passphrase was refused by this command: not asked again."""
    found = getattr(like, "_backup_refused", None)
    if found is None:
        found = set()
        like._backup_refused = found  # type: ignore[attr-defined]
    return found


def _made_at(name: str) -> datetime | None:
    m = _STAMP.search(name)
    if not m:
        return None
    try:
        return datetime.strptime(m[1] + m[2], "%Y-%m-%d%H%M%S")
    except ValueError:
        return None


def _kind(name: str) -> str:
    for prefix in ("replaced", "before-update", "before-merge"):
        if name.startswith(prefix + "-"):
            return prefix
    return "daily"


def backups(store: Store) -> list[Backup]:
    """Every backup, oldest first."""
    try:
        folders = [p for p in store.backup_dir.iterdir() if p.is_dir() and not p.name.startswith(".")]
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = [Backup(p.name, p, _made_at(p.name), _kind(p.name)) for p in folders]
    return sorted(found, key=lambda b: (b.made_at or datetime.min, b.name))


def describe(store: Store, backup: Backup) -> dict[str, Any]:
    """What a person needs to choose a backup: when, how many entries, the newest, size."""
    size = sum(p.stat().st_size for p in backup.path.rglob("*") if p.is_file())
    info: dict[str, Any] = {
        "name": backup.name,
        "made_at": backup.made_at.isoformat(timespec="seconds") if backup.made_at else None,
        "kind": backup.kind,
        "size": size,
        "encrypted": _is_encrypted(backup.path),
        "entries": None,
        "newest_entry": None,
    }
    try:
        copy = backup.store(store)
        raw = read_bytes(copy.key_path)
        fingerprint = key_fingerprint(raw) if raw is not None else None
        if fingerprint in _refused(store):
            raise StoreError(f"{backup.name} is encrypted and its passphrase was not given")
        try:
            entries = copy.read().entries()
        except KeyFileError:
            _refused(store).add(fingerprint)
            raise
        if copy._cipher is not None:
            _opened(store)[copy._cipher_for] = copy._cipher
        info["entries"] = len(entries)
        info["newest_entry"] = max((e.at for e in entries), default=None)
        if info["newest_entry"] is not None:
            info["newest_entry"] = info["newest_entry"].isoformat(timespec="minutes")
    except StoreError as exc:
        info["problem"] = exc.message
    return info


def _is_encrypted(folder: Path) -> bool:
    return any((read_bytes(p) or b"").startswith(AGE_HEADER) for p in folder.rglob("head.json")) or any(
        (read_bytes(p) or b"")[:32].startswith(AGE_HEADER) for p in folder.glob("cuelog.json*") if p.is_file()
    )


def find(store: Store, name: str | None) -> Backup:
    found = backups(store)
    if not found:
        raise InputError("there are no backups yet", hint="one is kept each day before the first change")
    if name is None:
        return found[-1]
    key = name.strip()
    if not key:
        raise InputError("--backup needs a backup's name", hint="see them with 'cuelog doctor --restore'")
    exact = [b for b in found if b.name == key]
    if exact:
        return exact[0]
    matches = [b for b in found if b.name.startswith(key)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        shown = ", ".join(b.name for b in matches[:4])
        raise InputError(f"{key!r} matches {len(matches)} backups ({shown})", hint="give more of the name")
    raise InputError(f"no backup named {key!r}", hint="see them with 'cuelog doctor --restore'")


# -- making backups ----------------------------------------------------------------
def _store_files(store: Store) -> list[Path]:
    """Every file that makes up the journal now (not the undo history)."""
    files = [p for p in (store.path, store.key_path) if p.is_file()]
    version = None
    try:
        version, _ = store._root()
    except StoreError:
        pass
    if version == 1:
        return files + store._legacy_files()
    for folder in store.device_folders():
        head = folder / "head.json"
        if not head.is_file():
            continue
        files.append(head)
        try:
            parsed = store._head(folder)
        except StoreError:
            parsed = None
        if parsed is not None:
            files += [folder / n for n in parsed.months.values() if (folder / n).is_file()]
        else:  # unreadable: keep everything of that device
            files += [p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")]
    files += store._legacy_files()
    return files


def make_backup(store: Store, name: str) -> Path | None:
    files = _store_files(store)
    if not files:
        return None
    make_private_dirs(store.backup_dir)
    target = store.backup_dir / name
    if target.exists():
        raise StoreError(f"the backup {target} already exists; nothing was changed")
    partial = store.backup_dir / f".partial-{name}"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(mode=0o700)
    for file in files:
        destination = partial / file.relative_to(store.path.parent)
        make_private_dirs(destination.parent)
        link_or_copy(file, destination)
        crashpoint("backup-linked")
    os.rename(partial, target)
    crashpoint("backup-made")
    return target


def _suffix(store: Store) -> str:
    return store.device().id[:8]


def daily_backup(store: Store) -> Path | None:
    """Before the first change of a day on this device: a snapshot, the last 7 kept."""
    _finish_interrupted(store)
    today = store.now().strftime("%Y-%m-%d")
    suffix = _suffix(store)
    own = [b for b in backups(store) if _own_daily(b, suffix)]
    if any(b.name.startswith(today) for b in own):
        return None
    made = make_backup(store, f"{store.now().strftime('%Y-%m-%dT%H%M%S')}-{suffix}")
    if made is not None:
        own = [b for b in backups(store) if _own_daily(b, suffix)]
        for old in own[:-BACKUPS_KEPT]:
            shutil.rmtree(old.path, ignore_errors=True)
    return made


def _own_daily(backup: Backup, suffix: str) -> bool:
    """This device's daily backups (and those of the older layout, which had no device)."""
    return backup.kind == "daily" and (backup.name.endswith(suffix) or _STAMP.fullmatch(backup.name) is not None)


def _finish_interrupted(store: Store) -> None:
    """Partial backups of this device (a writer killed while making one), and backups
    an interrupted ``encrypt`` left readable."""
    if not store.backup_dir.is_dir():
        return
    suffix = _suffix(store)
    for partial in store.backup_dir.glob(".partial-*"):
        if suffix in partial.name:
            _remove_tree(partial, shred_files=True)
    if (store.backup_dir / _ENCRYPTING).exists() and store.key_path.exists():
        _encrypt_backups(store, store.cipher())


def _remove_tree(folder: Path, shred_files: bool) -> None:
    if shred_files:
        for file in folder.rglob("*"):
            if file.is_file():
                shred(file)
    shutil.rmtree(folder, ignore_errors=True)


def aside_name(store: Store, kind: str) -> str:
    return f"{kind}-{store.now().strftime('%Y-%m-%dT%H%M%S')}-{_suffix(store)}-{os.urandom(2).hex()}"


# -- restore ---------------------------------------------------------------------------
def restore(store: Store, name: str | None) -> dict[str, Any]:
    """Put a backup back as this device's part of the journal, in one commit that undo
    reverses. The journal as it was is kept aside first, under a name never used
    before. The journal keeps its encryption state: a backup is re-encrypted or
    decrypted on the way in, and never brings back an old key."""
    chosen = find(store, name)
    source = chosen.store(store)
    view = source.read()
    if not view.exists:
        raise InputError(f"the backup {chosen.name} holds no journal")
    me = store.device().id
    months: dict[str, list[dict]] = {}
    tables: dict[str, list[dict]] = {}
    own = view.heads.get(me)
    if own is not None:
        for month, file in own.months.items():
            months[month] = source._month_records(own, month, file, view, own=True) or []
        tables = {t: [dict(r) for r in own.table(t)] for t in TABLES}
    else:  # an older layout, or a backup made on another device: its whole journal
        for month in view.months():
            months[month] = list(view.month_records(month).values())
        tables = {t: view.table(t) for t in TABLES}
    with store._lock():
        current, head = store._prepare()
        aside = make_backup(store, aside_name(store, "replaced")) if store.exists() else None
        tx = Transaction(current, me, head, f"restoring the backup {chosen.name}")
        for month in set(head.get("months", {})) | set(months):
            tx.own_months[month] = {r["id"]: r for r in months.get(month, [])}
            tx.dirty.add(month)
        tx.head["tables"] = tables
        tx.head["_touched"] = True
        store._commit(tx)
    return {"restored": chosen.name, "kept_aside": aside.name if aside else None}


# -- encryption on and off ------------------------------------------------------------
def encrypt(store: Store) -> dict[str, int]:
    """Encrypt this device's part of the journal and every backup, in one commit."""
    if not store.exists():
        raise InputError("there is no journal to encrypt yet", hint="log something first, e.g. cuelog craving 5")
    view = store.read()
    me = store.device(create=True).id
    if view.heads.get(me) is not None and view.heads[me].encrypted:
        return {"files": 0, "backup_files": 0}
    key_raw = read_bytes(store.key_path)
    new_key: bytes | None = None
    if key_raw is not None:  # another device encrypted the journal: the same key for all
        cipher = store.cipher()
    else:
        if store._passphrase is None:
            raise InputError("encrypting needs a passphrase")
        phrase = check_passphrase(store._passphrase("new"))
        cipher = Cipher.generate()
        new_key = wrap_with_passphrase((cipher.secret() + "\n").encode(), phrase)
    with store._lock():
        current, head = store._prepare()
        own = current.heads.get(me)
        if own is not None and own.encrypted:
            return {"files": 0, "backup_files": 0}
        if new_key is not None:
            if store.key_path.exists():
                raise StoreError("another cuelog created a key at the same moment; nothing was changed; try again")
            write_atomic(store.key_path, new_key)
            crashpoint("key-written")
            key_raw = new_key
        store._cipher, store._cipher_for = cipher, key_fingerprint(key_raw)
        tx = Transaction(current, me, head, None)
        tx.rewrite_all = True
        tx.barrier = "encrypting the journal"
        tx.head.setdefault("months", {})
        if current.legacy is not None:  # files left from the old layout go in too
            for month in current.legacy.months:
                for record in store._legacy_month(current.legacy, month):
                    tx.absorb(record, month)
        store._commit(tx, encrypted=True)
        month_cache.forget(store)  # it held cue names and notes in plain text
        files = len(tx.head["months"]) + 1
        if current.legacy is not None:
            for path in current.legacy.months.values():
                shred(path)
        make_private_dirs(store.backup_dir)
        write_atomic(store.backup_dir / _ENCRYPTING, b"")
        backup_files = _encrypt_backups(store, cipher)
    return {"files": files, "backup_files": backup_files}


def _encrypt_backups(store: Store, cipher: Cipher) -> int:
    converted = 0
    key_raw = read_bytes(store.key_path)
    for leftover in store.backup_dir.rglob("*.shred"):  # an interrupted run's
        shred(leftover)
    for backup in backups(store):
        for file in sorted(p for p in backup.path.rglob("*.json") if p.is_file()):
            if file.name == store.path.name and file.parent == backup.path:
                continue  # the root holds nothing personal and says which schema: it stays readable
            raw = read_bytes(file) or b""
            if not raw.startswith(AGE_HEADER):
                # Keep a handle on the plain inode, replace the file, then overwrite the
                # plain copy if this was its last name (the journal's own was collected).
                old = file.with_name(file.name + ".shred")
                os.link(file, old)
                write_atomic(file, cipher.encrypt(raw), sync_dir=False)
                shred(old)
                converted += 1
                crashpoint("backup-encrypted")
        key_copy = backup.path / store.key_path.name
        if key_raw is not None and not key_copy.exists():
            write_atomic(key_copy, key_raw, sync_dir=False)
    for leftover in store.backup_dir.rglob("*.shred"):
        shred(leftover)
    for partial in store.backup_dir.glob(".partial-*"):
        _remove_tree(partial, shred_files=True)
    (store.backup_dir / _ENCRYPTING).unlink(missing_ok=True)
    return converted


def decrypt(store: Store) -> dict[str, int]:
    """Turn this device's part back into plain JSON, in one commit; backups stay encrypted
    (each keeps a copy of its key)."""
    if not store.exists():
        raise InputError("there is no journal yet")
    me = store.device(create=True).id
    view = store.read()
    own = view.heads.get(me)
    legacy_encrypted = view.legacy is not None and view.legacy.encrypted and own is None
    if not ((own is not None and own.encrypted) or legacy_encrypted):
        others = [h.name for d, h in view.heads.items() if d != me and h.encrypted]
        if others:
            raise InputError(
                "this device's part of the journal is not encrypted",
                hint=f"the part of {', '.join(others)} is: run 'cuelog decrypt' there",
            )
        raise InputError("the journal is not encrypted")
    store.cipher()
    with store._lock():
        current, head = store._prepare()
        own = current.heads.get(me)
        if own is None or not own.encrypted:
            raise InputError("the journal is not encrypted")
        tx = Transaction(current, me, head, None)
        tx.rewrite_all = True
        tx.barrier = "decrypting the journal"
        store._commit(tx, encrypted=False)
        month_cache.forget(store)
        files = len(tx.head.get("months", {})) + 1
        if not any(h.encrypted for d, h in current.heads.items() if d != me):
            if store.keyring is not None:
                store.keyring.forget(store.key_path)  # an unlocked session of the old key ends too
            store.key_path.unlink(missing_ok=True)
            crashpoint("key-removed")
    store._cipher = store._cipher_for = None
    return {"files": files, "backup_files": 0}
