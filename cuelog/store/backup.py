"""Backups, restore, and turning encryption on and off: the operations that
rewrite a device's whole part of the journal, each still one commit.

A backup is a complete store of its own (``cuelog.json.backups/<name>/``, the
same layout), made of hard links: the store never changes a file in place, so a
link keeps the old content at no cost. Being a store, a backup is read with the
same code as the journal.
"""

from __future__ import annotations

import hashlib
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
    BACKUP_NAME,
    crashpoint,
    dumps,
    is_link,
    is_real_dir,
    is_real_file,
    link_or_copy,
    loads,
    make_private_dirs,
    private_dir,
    read_bytes,
    safe_name,
    shred,
    walk_files,
    write_atomic,
)
from cuelog.store.journal import TABLES, Transaction

if TYPE_CHECKING:
    from cuelog.store import Store

BACKUPS_KEPT = 7
_STAMP = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{6})")
# Present while backups are being encrypted: written BEFORE the commit that encrypts
# the journal (so before any plain file is removed); the next write, 'doctor' or
# 'encrypt' finishes the job. One per device (the backups folder is shared), and the
# name of older versions, which is honoured too.
_ENCRYPTING = ".encrypting"


# A named tuple: defined several times faster than a frozen dataclass, on every start.
class Backup(NamedTuple):
    name: str
    path: Path
    made_at: datetime | None  # from the name: shown to a person, never trusted for rotation
    kind: str  # daily, replaced (kept aside by a restore), before-update, before-merge
    future: bool = False  # the name's date is later than now: a clock set ahead, or a peer's folder

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
    """Every backup, oldest first: folders (never links) with the names cuelog gives them;
    anything else in the folder is left alone and reported by ``doctor``."""
    if not is_real_dir(store.backup_dir):
        return []
    try:
        names = sorted(os.listdir(store.backup_dir))
    except OSError:
        return []
    now = store.now().replace(tzinfo=None)
    found = []
    for name in names:
        path = safe_name(store.backup_dir, name, BACKUP_NAME)
        if path is None or not is_real_dir(path):
            continue
        made = _made_at(name)
        found.append(Backup(name, path, made, _kind(name), made is not None and made > now))
    return sorted(found, key=lambda b: (b.made_at or datetime.min, b.name))


def strangers(store: Store) -> list[str]:
    """What is in the backups folder that cuelog did not make there: names of another
    shape, links, files. Never read, linked or removed; ``doctor`` lists them."""
    if not is_real_dir(store.backup_dir):
        return []
    try:
        names = sorted(os.listdir(store.backup_dir))
    except OSError:
        return []
    odd = []
    for name in names:
        if name.startswith(".partial-") or name.startswith(_ENCRYPTING) or name.endswith(".tmp"):
            continue
        path = safe_name(store.backup_dir, name, BACKUP_NAME)
        if path is None or not is_real_dir(path):
            odd.append(name)
    return odd


def describe(store: Store, backup: Backup) -> dict[str, Any]:
    """What a person needs to choose a backup: when, how many entries, the newest, size."""
    size = sum(os.lstat(p).st_size for p in walk_files(backup.path))
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
    return any(
        (read_bytes(p) or b"").startswith(AGE_HEADER)
        for p in walk_files(folder)
        if p.name == "head.json" or (p.parent == folder and p.name.startswith("cuelog.json"))
    )


def find(store: Store, name: str | None) -> Backup:
    found = backups(store)
    if not found:
        raise InputError("there are no backups yet", hint="one is kept each day before the first change")
    if name is None:  # the newest one whose date is not in the future
        return ([b for b in found if not b.future] or found)[-1]
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
    files = [p for p in (store.path, store.key_path) if is_real_file(p)]
    version = None
    try:
        version, _ = store._root()
    except StoreError:
        pass
    if version == 1:
        return files + store._legacy_files()
    for folder in store.device_folders():
        head = folder / "head.json"
        if not is_real_file(head):
            continue
        files.append(head)
        try:
            parsed = store._head(folder)
        except StoreError:
            parsed = None
        if parsed is not None:  # only names of the shape cuelog writes: a head is another device's input
            months = parsed.months if isinstance(parsed.months, dict) else {}
            named = (safe_name(folder, n) for n in months.values())
            files += [p for p in named if p is not None and is_real_file(p)]
        else:  # unreadable (or another device's, quarantined): keep everything of that device
            files += [p for p in folder.iterdir() if p != head and is_real_file(p) and not p.name.startswith(".")]
    files += store._legacy_files()
    return list(dict.fromkeys(files))  # each once: a file is linked into a backup once


def make_backup(store: Store, name: str) -> Path | None:
    files = _store_files(store)
    if not files:
        return None
    make_private_dirs(store.path.parent)
    private_dir(store.backup_dir)
    target = store.backup_dir / name
    if os.path.lexists(target):
        raise StoreError(f"the backup {target} already exists; nothing was changed")
    partial = store.backup_dir / f".partial-{name}"
    _remove_tree(partial, shred_files=False)
    partial.mkdir(mode=0o700)
    for file in files:
        destination = partial / file.relative_to(store.path.parent)
        make_private_dirs(destination.parent)
        link_or_copy(file, destination, top=store.path.parent)
        crashpoint("backup-linked")
    os.rename(partial, target)
    crashpoint("backup-made")
    return target


def _suffix(store: Store) -> str:
    return store.device().id[:8]


def daily_backup(store: Store) -> Path | None:
    """Before the first change of a day on this device: a snapshot, the last 7 kept.

    Rotation goes by what this device recorded, never by a folder's name: the names of
    the daily backups it made, in the order it made them, are kept in its state folder
    (outside the synced store, where no other device writes). Only those are counted
    and removed; a folder someone else put there, or one whose name's date lies in the
    future, is never counted and never removed (``doctor`` reports the future ones)."""
    _finish_interrupted(store)
    today = store.now().strftime("%Y-%m-%d")
    suffix = _suffix(store)
    made_here = _made_here(store, suffix)
    if any(n.startswith(today) and is_real_dir(store.backup_dir / n) for n in made_here):
        return None
    name = f"{store.now().strftime('%Y-%m-%dT%H%M%S')}-{suffix}"
    if not _store_files(store):
        return None
    _record_made(store, [n for n in made_here if n != name] + [name])  # first: a crash leaves no orphan
    made = make_backup(store, name)
    if made is not None:
        made_here = [n for n in _made_here(store, suffix) if is_real_dir(store.backup_dir / n)]
        for old in made_here[:-BACKUPS_KEPT]:
            _remove_tree(store.backup_dir / old, shred_files=False)
        _record_made(store, made_here[-BACKUPS_KEPT:])
    return made


def _own_daily(backup: Backup, suffix: str) -> bool:
    """This device's daily backups (and those of the older layout, which had no device)."""
    return backup.kind == "daily" and (backup.name.endswith(suffix) or _STAMP.fullmatch(backup.name) is not None)


def _record_path(store: Store) -> Path:
    from cuelog.store.device import state_dir

    where = str(store.backup_dir.absolute())
    return state_dir(store.state_dir) / "backups" / (hashlib.sha256(where.encode()).hexdigest()[:24] + ".json")


def _made_here(store: Store, suffix: str) -> list[str]:
    """The daily backups this device made, oldest first. Before there was a record, it
    starts from this device's daily folders whose date is not in the future."""
    try:
        raw = read_bytes(_record_path(store))
        data = loads(raw) if raw is not None else None
    except (StoreError, ValueError):
        data = None
    names = data.get("made") if isinstance(data, dict) else None
    if isinstance(names, list):
        return [n for n in names if isinstance(n, str) and BACKUP_NAME.fullmatch(n)]
    return [b.name for b in backups(store) if _own_daily(b, suffix) and not b.future]


def _record_made(store: Store, names: list[str]) -> None:
    path = _record_path(store)
    make_private_dirs(path.parent)
    write_atomic(path, dumps({"store": str(store.path.absolute()), "made": names}))


def _finish_interrupted(store: Store) -> None:
    """Partial backups of this device (a writer killed while making one), and backups
    an interrupted ``encrypt`` left readable."""
    if not is_real_dir(store.backup_dir):
        return
    suffix = _suffix(store)
    for partial in store.backup_dir.glob(".partial-*"):
        if suffix in partial.name:
            _remove_tree(partial, shred_files=True)
    finish_encrypting(store)


def _marker(store: Store) -> Path:
    return store.backup_dir / f"{_ENCRYPTING}-{_suffix(store)}"


def _mark_encrypting(store: Store) -> None:
    make_private_dirs(store.path.parent)
    private_dir(store.backup_dir)
    write_atomic(_marker(store), b"")


def encrypting_marked(store: Store) -> bool:
    return any(is_real_file(m) for m in (_marker(store), store.backup_dir / _ENCRYPTING))


def _drop_marker_if_uncommitted(store: Store) -> None:
    try:
        me = store.device(create=False)
        head = store._head(store.device_dir(me.id)) if me is not None else None
    except StoreError:
        return
    if head is None or not head.encrypted:
        _marker(store).unlink(missing_ok=True)


def finish_encrypting(store: Store) -> bool:
    """Under the lock: if an ``encrypt`` of this device was interrupted after its marker,
    encrypt the backups now (when its commit went through; a marker whose commit never
    happened is removed). Whether backups were encrypted."""
    if not encrypting_marked(store):
        return False
    me = store.device(create=False)
    try:
        head = store._head(store.device_dir(me.id)) if me is not None else None
    except StoreError:
        return False
    if head is None or not head.encrypted:
        _marker(store).unlink(missing_ok=True)  # the encrypt never committed; the old name is left to its device
        return False
    if not is_real_file(store.key_path):
        return False
    _encrypt_backups(store, store.cipher())
    return True


def _remove_tree(folder: Path, shred_files: bool) -> None:
    """Remove a folder of the backups; a symbolic link is removed itself, never followed,
    and links inside are removed, never written through."""
    if is_link(folder) or (os.path.lexists(folder) and not is_real_dir(folder)):
        folder.unlink(missing_ok=True)
        return
    if shred_files:
        for file in walk_files(folder):
            shred(file)
    shutil.rmtree(folder, ignore_errors=True)  # on Linux it never follows a link (rmtree.avoids_symlink_attacks)


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
        return {"files": 0, "backup_files": _finish_after_encrypt(store)}
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
            store._collect(own.folder, own.doc, shred_plain=True)
            return {"files": 0, "backup_files": _encrypt_backups(store, cipher) if encrypting_marked(store) else 0}
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
        # The marker first, then the commit (whose collection shreds the plain files
        # the backups may still share), then the backups: a crash at any step leaves
        # the marker for the next write, 'doctor' or 'encrypt' to finish the job.
        _mark_encrypting(store)
        try:
            store._commit(tx, encrypted=True)
        except BaseException:
            _drop_marker_if_uncommitted(store)
            raise
        month_cache.forget(store)  # it held cue names and notes in plain text
        files = len(tx.head["months"]) + 1
        if current.legacy is not None:
            for path in current.legacy.months.values():
                shred(path)
        backup_files = _encrypt_backups(store, cipher)
    return {"files": files, "backup_files": backup_files}


def _finish_after_encrypt(store: Store) -> int:
    """``encrypt`` of a journal already encrypted: finish what an interrupted one left
    (plain files its commit no longer names, backups not yet encrypted)."""
    with store._lock():
        own = store._head(store.device_dir(store.device().id))
        if own is not None and own.encrypted:
            store._collect(own.folder, own.doc, shred_plain=True)
        if not encrypting_marked(store):
            return 0
        return _encrypt_backups(store, store.cipher())


def plain_backup_files(store: Store) -> list[Path]:
    """Backup files (other than a root, which holds nothing personal) that are not encrypted."""
    found = []
    for backup in backups(store):
        for file in walk_files(backup.path):
            if file.name.endswith(".json") and not (file.name == store.path.name and file.parent == backup.path):
                if not (read_bytes(file) or b"").startswith(AGE_HEADER):
                    found.append(file)
    return found


def _encrypt_backups(store: Store, cipher: Cipher) -> int:
    converted = 0
    key_raw = read_bytes(store.key_path)
    for leftover in walk_files(store.backup_dir):  # an interrupted run's
        if leftover.name.endswith(".shred"):
            shred(leftover)
    for backup in backups(store):
        for file in sorted(p for p in walk_files(backup.path) if p.name.endswith(".json")):
            if file.name == store.path.name and file.parent == backup.path:
                continue  # the root holds nothing personal and says which schema: it stays readable
            raw = read_bytes(file) or b""
            if not raw.startswith(AGE_HEADER):
                # Keep a handle on the plain inode, replace the file, then overwrite the
                # plain copy if this was its last name (the journal's own was collected).
                old = file.with_name(file.name + ".shred")
                os.link(file, old, follow_symlinks=False)
                write_atomic(file, cipher.encrypt(raw), sync_dir=False)
                shred(old)
                converted += 1
                crashpoint("backup-encrypted")
        key_copy = backup.path / store.key_path.name
        if key_raw is not None and not is_real_file(key_copy):
            write_atomic(key_copy, key_raw, sync_dir=False)
    for leftover in walk_files(store.backup_dir):
        if leftover.name.endswith(".shred"):
            shred(leftover)
    for partial in store.backup_dir.glob(".partial-*"):
        _remove_tree(partial, shred_files=True)
    _marker(store).unlink(missing_ok=True)
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
