"""The one package that knows files, locks, devices, encryption and the on-disk schema.

Layout (schema 2)::

    cuelog.json                 the root: a TinyDB document with the schema version; nothing personal
    cuelog.json.key             encrypted journals: the age identity, encrypted to the passphrase
    cuelog.json.lock            this machine's writers take turns here (flock)
    cuelog.json.d/<device>/     one folder per device; only that device writes in it
        head.json               the device's commit point: which file holds each month,
                                quit attempts, plans, support people, the undo steps
        2026-11.42.json         a month of records, written once under a new name (copy on write)
    cuelog.json.backups/        daily snapshots (hard links), one folder each

A change writes new month files under names nobody has used, then replaces
``head.json`` atomically: that rename is the commit. A crash before it leaves the
old journal whole (the new files are unreferenced and collected by the next
write); after it, the new one. Files no longer named by the head or by an undo
step are collected after the commit. Readers take no lock: they read a head, then
the files it names.

Several devices can share the folder through Syncthing, Nextcloud, Dropbox or
git: each writes only its own folder, so the sync tool never sees two machines
change one file; readers merge every device's records by id (see ``journal``).
Files that do not parse, or that carry a newer schema, are refused and never
written.
"""

from __future__ import annotations

import copy
import errno
import fcntl
import math
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from cuelog.errors import DOCTOR_HINT as _DOCTOR
from cuelog.errors import InputError, StoreError
from cuelog.models import Entry
from cuelog.store import device as devices_mod
from cuelog.store.crypt import Cipher, WrongPassphrase, key_fingerprint, unwrap_with_passphrase
from cuelog.store.files import (
    AGE_HEADER,
    crashpoint,
    dumps,
    fsync_dir,
    is_link,
    is_real_dir,
    is_real_file,
    loads,
    make_private_dirs,
    private_dir,
    read_bytes,
    safe_name,
    shred,
    write_atomic,
    write_private_file,
)
from cuelog.store.journal import (
    MAX_HEAD_BYTES,
    MAX_MONTH_BYTES,
    TABLES,
    Damaged,
    Head,
    Legacy,
    Transaction,
    View,
    check_peer_head,
    check_peer_record,
    check_size,
    is_tombstone,
    month_of,
    version,
    version_time,
)

__all__ = [
    "SCHEMA_VERSION",
    "Store",
    "default_path",
    "dumps",
    "is_tombstone",
    "loads",
    "month_of",
    "resolve_path",
    "stored_record",
    "version_time",
    "write_private_file",
]

SCHEMA_VERSION = 3
APP = "cuelog"
DEFAULT_LOCK_TIMEOUT = 10.0
UNDO_STEPS = 10
HEAD = "head.json"
MONTH_FILE = re.compile(r"(\d{4}-\d{2})\.(\d+)\.json")
LEGACY_MONTH = re.compile(r"\d{4}-\d{2}\.json")


def default_path() -> Path:
    """The per-user store: ``$XDG_DATA_HOME/cuelog/cuelog.json`` on Linux."""
    from platformdirs import user_data_path

    return user_data_path("cuelog", appauthor=False) / "cuelog.json"


def resolve_path(option: str | None) -> Path:
    """``--db`` wins over ``CUELOG_DB``, which wins over the per-user default."""
    chosen = option or os.environ.get("CUELOG_DB")
    return Path(chosen).expanduser() if chosen else default_path()


def stored_record(entry: Entry) -> dict[str, Any]:
    """The on-disk record: the public one without empty cue lists (most of the
    objects to parse in a long history), plus the version counter."""
    record = entry.to_record()
    record["cues"] = {dim: values for dim, values in record["cues"].items() if values}
    if record.get("amount", "") is None:
        del record["amount"]
    if entry.rev:
        record["rev"] = entry.rev
    return record


def lock_timeout_from_env() -> float:
    raw = os.environ.get("CUELOG_LOCK_TIMEOUT")
    if raw is None:
        return DEFAULT_LOCK_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not 0 <= value <= 3600:
        raise InputError(
            f"CUELOG_LOCK_TIMEOUT={raw!r} is not a number of seconds from 0 to 3600",
            hint="e.g. CUELOG_LOCK_TIMEOUT=10, or unset it",
        )
    return value


def _document(raw: bytes, path: Path) -> dict[str, Any]:
    try:
        data = loads(raw)
    except ValueError:
        raise StoreError(f"{path} is not valid JSON; it was left untouched", hint=_DOCTOR) from None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise StoreError(f"{path} is not a cuelog file; it was left untouched", hint=_DOCTOR)
    return data


def _git_sides(raw: bytes) -> list[bytes] | None:
    """The two sides of a file that a git merge left with conflict markers."""
    if not raw.startswith(b"<<<<<<<"):
        return None
    ours, theirs, side = [], [], None
    for line in raw.split(b"\n"):
        if line.startswith(b"<<<<<<<"):
            side = ours
        elif line.startswith(b"=======") and side is ours:
            side = theirs
        elif line.startswith(b">>>>>>>"):
            side = None
        elif side is not None:
            side.append(line)
        else:
            ours.append(line)
            theirs.append(line)
    return [b"\n".join(ours), b"\n".join(theirs)]


class Store:
    def __init__(
        self,
        path: Path,
        lock_timeout: float | None = None,
        passphrase: Callable[[str], str] | None = None,
        now: Callable[[], datetime] | None = None,
        keyring: Any = None,
        state_dir: Path | None = None,
    ) -> None:
        self.path = path
        self.data_dir = path.with_name(path.name + ".d")
        self.shard_dir = self.data_dir  # older name, kept for tests and tools
        self.lock_path = path.with_name(path.name + ".lock")
        self.backup_dir = path.with_name(path.name + ".backups")
        self.key_path = path.with_name(path.name + ".key")
        self._passphrase = passphrase
        self._now = now
        self.keyring = keyring
        self._cipher: Cipher | None = None
        self._cipher_for: str | None = None  # fingerprint of the key file the cipher came from
        self.lock_timeout = lock_timeout_from_env() if lock_timeout is None else lock_timeout
        self._device: devices_mod.Device | None = None
        self._looked_up = False
        self.state_dir = state_dir  # where this machine's device id lives (default: $XDG_STATE_HOME/cuelog)
        # Another device's files that could not be read, by path: what was wrong. Those
        # files are left untouched and not read; the command says so once, doctor lists them.
        self.quarantined: dict[str, str] = {}
        self.committed = False  # the last write of this command reached the disk
        self.quarantine_listed = False  # doctor listed them: not said again

    # -- clock and device ---------------------------------------------------------
    def now(self) -> datetime:
        """The one clock of a command, given by the caller (so tests can pin it)."""
        return self._now() if self._now else datetime.now().astimezone()

    def device(self, create: bool = True) -> devices_mod.Device | None:
        if self._device is None:
            self._device = devices_mod.load(create=create, where=self.state_dir)
        return self._device

    def device_dir(self, device: str) -> Path:
        return self.data_dir / device

    def _own_id(self) -> str | None:
        if self._device is None and not self._looked_up:
            self._looked_up = True
            self.device(create=False)
        return self._device.id if self._device else None

    def _quarantine(self, path: Path, why: str) -> None:
        try:
            shown = str(path.relative_to(self.path.parent))
        except ValueError:
            shown = str(path)
        self.quarantined.setdefault(shown, why)

    def quarantine_notes(self) -> list[str]:
        """What of other devices' parts could not be read: ``FILE (why)`` each."""
        return [f"{path} ({why})" for path, why in sorted(self.quarantined.items())]

    # -- encryption -----------------------------------------------------------------
    @property
    def encrypted(self) -> bool:
        """Whether the journal (this device's part, or any part) is encrypted."""
        return self.key_path.exists()

    def cipher(self) -> Cipher:
        """The journal's key: from an unlocked session if there is one, else the passphrase."""
        raw = read_bytes(self.key_path)
        if raw is None:
            raise StoreError(
                f"{self.path} is encrypted but its key file {self.key_path.name} is missing; nothing was changed",
                hint="restore the key file from a copy, or run 'cuelog doctor'",
            )
        fingerprint = key_fingerprint(raw)
        if self._cipher is not None and self._cipher_for == fingerprint:
            return self._cipher
        secret = self.keyring.load(self.key_path, fingerprint) if self.keyring else None
        if secret is None:
            if self._passphrase is None:
                raise StoreError(f"{self.path} is encrypted and no passphrase was given")
            secret = self._open_key(raw)
        self._cipher = Cipher.from_secret(secret, str(self.key_path))
        self._cipher_for = fingerprint
        return self._cipher

    def _open_key(self, raw: bytes) -> str:
        """The key file's secret, from the passphrase; a wrong one is asked for again up to
        three tries in all (purpose ``again:N``, N tries left); a source that cannot be asked
        again (a file, a script) gives None and the first refusal stands."""
        assert self._passphrase is not None
        phrase = self._passphrase("open")
        for left in (2, 1, 0):
            try:
                return unwrap_with_passphrase(raw, phrase, str(self.key_path)).decode("utf-8", "replace")
            except WrongPassphrase:
                again = self._passphrase(f"again:{left}") if left else None
                if not again:
                    raise
                phrase = again
        raise AssertionError("unreachable")

    def key_fingerprint(self) -> str | None:
        raw = read_bytes(self.key_path)
        return key_fingerprint(raw) if raw is not None else None

    def unlock(self, seconds: int) -> datetime:
        """Open the key with the passphrase (always asked: extending a session needs it
        too) and keep it in the keyring for ``seconds``; when that runs out."""
        from cuelog.store.keyring import KeyringUnavailable, check_duration

        check_duration(seconds)
        raw = read_bytes(self.key_path)
        if raw is None:
            raise InputError("the journal is not encrypted; there is nothing to unlock")
        ok, why = self.keyring.available() if self.keyring else (False, "no keyring was given")
        if not ok:  # before the passphrase: asking for it would be for nothing
            raise KeyringUnavailable(
                f"this system cannot keep the journal unlocked: {why}",
                hint="each command asks for the passphrase (or reads --passphrase-file) instead",
            )
        if self._passphrase is None:
            raise StoreError(f"{self.path} is encrypted and no passphrase was given")
        secret = self._open_key(raw)
        cipher = Cipher.from_secret(secret, str(self.key_path))  # a wrong passphrase or key saves nothing
        fingerprint = key_fingerprint(raw)
        ok, why = self.keyring.save(self.key_path, fingerprint, cipher.secret(), seconds)
        until = self.keyring.until(self.key_path, fingerprint) if ok else None
        if until is None:
            raise KeyringUnavailable(
                f"the kernel keyring did not keep the journal's key: {why or 'it was gone when read back'}",
                hint="each command asks for the passphrase (or reads --passphrase-file) instead",
            )
        self._cipher, self._cipher_for = cipher, fingerprint
        return until

    def lock(self) -> bool:
        """Forget the unlocked key now; whether there was one."""
        self._cipher = self._cipher_for = None
        return bool(self.keyring and self.keyring.forget(self.key_path))

    def unlocked_until(self) -> datetime | None:
        """When the unlocked key of this journal runs out, or None if it is not unlocked."""
        fingerprint = self.key_fingerprint()
        if not self.keyring or fingerprint is None:
            return None
        return self.keyring.until(self.key_path, fingerprint)

    def _open(self, raw: bytes, path: Path) -> bytes:
        if raw.startswith(AGE_HEADER):
            return self.cipher().decrypt(raw, path)
        return raw

    def _read_doc(self, path: Path) -> dict[str, Any] | None:
        raw = read_bytes(path)
        if raw is None:
            return None
        return _document(self._open(raw, path), path)

    def _month_doc(self, path: Path) -> dict[str, Any] | None:
        """A month file. One that a git merge left with conflict markers (two folders
        that write as one device) reads as the records of both sides, the newer
        version of each; the next write of that month, or 'doctor --merge', rewrites it."""
        raw = read_bytes(path)
        if raw is None:
            return None
        sides = _git_sides(raw)
        if sides is None:
            return _document(self._open(raw, path), path)
        merged: dict[str, dict] = {}
        for side in sides:
            for record in _records_of(_document(self._open(side.strip(), path), path), path):
                current = merged.get(record["id"])
                if current is None or version(record, "") > version(current, ""):
                    merged[record["id"]] = record
        return {"entries": {str(i): r for i, r in enumerate(merged.values(), 1)}}

    # -- reading ----------------------------------------------------------------------
    def _root(self) -> tuple[int | None, dict[str, Any] | None]:
        """(schema version, the document) of the root file; (None, None) if absent."""
        doc = self._read_doc(self.path)
        if doc is None:
            if self.path.parent.exists() and not os.access(self.path.parent, os.R_OK | os.X_OK):
                raise StoreError(f"cannot read the folder {self.path.parent}")
            return None, None
        meta = doc.get("meta", {}).get("1")
        if not isinstance(meta, dict) or meta.get("app") != APP:
            raise StoreError(f"{self.path} is not a cuelog store; it was left untouched")
        version = meta.get("schema_version")
        if type(version) is not int or version < 1:
            raise StoreError(f"{self.path} has no schema version; it was left untouched", hint=_DOCTOR)
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer cuelog (schema {version}; "
                f"this one knows {SCHEMA_VERSION}); it was left untouched",
                hint="upgrade cuelog to read it",
            )
        return version, doc

    def device_folders(self) -> list[Path]:
        try:
            found = self.data_dir.iterdir()
            return sorted(p for p in found if devices_mod.DEVICE_ID.fullmatch(p.name) and is_real_dir(p))
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StoreError(f"cannot read the folder {self.data_dir}: {exc.strerror}") from None

    def _head(self, folder: Path, warnings: list[str] | None = None) -> Head | None:
        """A device's head. Another device's head that cannot be read, or that holds what
        cuelog would not write, is quarantined (None); this device's own is refused."""
        if folder.name == self._own_id():
            return self._read_head(folder, warnings)
        path = folder / HEAD
        try:
            check_size(path, MAX_HEAD_BYTES)
            raw = read_bytes(path)
        except (StoreError, Damaged) as exc:
            self._quarantine(path, _why(exc, path))
            return None
        if raw is not None and AGE_HEADER in raw[:4096] and self.key_path.exists():
            # No passphrase, or a wrong one, is this device's problem, said as such: an encrypted
            # journal is never read (or written) as if its encrypted parts were not there.
            self.cipher()
        try:
            head = self._read_head(folder, warnings)
            if head is not None:
                dropped = check_peer_head(head.doc)
                if dropped:
                    self._quarantine(path, "; ".join(dict.fromkeys(dropped)))
            return head
        except (StoreError, Damaged, ValueError, TypeError, AttributeError, RecursionError) as exc:
            self._quarantine(path, _why(exc, path))
            return None

    def _read_head(self, folder: Path, warnings: list[str] | None = None) -> Head | None:
        path = folder / HEAD
        raw = read_bytes(path)
        if raw is None:
            return None
        sides = _git_sides(raw)
        candidates = sides if sides else [raw]
        docs = []
        for candidate in candidates:
            encrypted = candidate.startswith(AGE_HEADER)
            data = _document(self._open(candidate.strip() if sides else candidate, path), path)
            doc = data.get("head", {}).get("1")
            if not isinstance(doc, dict) or doc.get("app") != APP:
                raise StoreError(f"{path} is not a cuelog head file; it was left untouched", hint=_DOCTOR)
            version = doc.get("schema_version")
            if type(version) is not int:
                raise StoreError(f"{path} has no schema version; it was left untouched", hint=_DOCTOR)
            if version > SCHEMA_VERSION:
                name = doc.get("name") if isinstance(doc.get("name"), str) else folder.name[:8]
                raise StoreError(
                    f"the files of the device {name!r} ({folder.name}) were written by a newer cuelog "
                    f"(schema {version}; this one knows {SCHEMA_VERSION}); they were left untouched",
                    hint="upgrade cuelog on this device too",
                )
            if not isinstance(doc.get("months", {}), dict) or not isinstance(doc.get("tables", {}), dict):
                raise StoreError(f"{path} is damaged; it was left untouched", hint=_DOCTOR)
            docs.append((doc.get("seq", 0) if type(doc.get("seq", 0)) is int else 0, doc, encrypted))
        if sides and warnings is not None:
            warnings.append(f"{path} holds a git merge conflict; the newer side is used ('cuelog doctor --merge')")
        _, doc, encrypted = max(docs, key=lambda d: d[0])
        return Head(folder.name, folder, doc, encrypted)

    def read(self) -> View:
        """A read-only view; a missing store reads as empty and is not created."""
        version, root = self._root()
        if version == 1:
            return View(self, True, {}, self._legacy(root))
        warnings: list[str] = []
        heads = {}
        for folder in self.device_folders():
            head = self._head(folder, warnings)
            if head is not None:
                heads[head.device] = head
        legacy = self._legacy_leftovers()
        view = View(self, version is not None or bool(heads), heads, legacy)
        view.warnings = warnings
        return view

    def _legacy(self, main: dict[str, Any] | None) -> Legacy:
        raw = read_bytes(self.path) or b""
        legacy = Legacy(main or {}, self.data_dir, raw.startswith(AGE_HEADER))
        legacy.months = {p.stem: p for p in self._legacy_files()}
        return legacy

    def _legacy_files(self) -> list[Path]:
        try:
            return sorted(p for p in self.data_dir.iterdir() if LEGACY_MONTH.fullmatch(p.name) and is_real_file(p))
        except (FileNotFoundError, NotADirectoryError):
            return []

    def _legacy_leftovers(self) -> Legacy | None:
        files = self._legacy_files()
        if not files:
            return None
        legacy = Legacy({}, self.data_dir, False, foreign=True)
        legacy.months = {p.stem: p for p in files}
        return legacy

    def _legacy_month(self, legacy: Legacy, month: str) -> list[dict]:
        path = legacy.months[month]
        if not legacy.foreign:
            doc = self._read_doc(path) or {}
            return _records_of(doc, path)
        # Files of the old layout beside devices' folders: anyone with the share could have put them there.
        try:
            doc = self._read_doc(path) or {}
            return self._checked(_records_of(doc, path), month, path)
        except (StoreError, Damaged, ValueError, TypeError, AttributeError, RecursionError) as exc:
            self._quarantine(path, _why(exc, path))
            return []

    def _checked(self, records: list[dict], month: str, path: Path) -> list[dict]:
        """Another device's records, those outside what cuelog writes quarantined."""
        kept, dropped = [], []
        for record in records:
            try:
                check_peer_record(record, month)
            except Damaged as exc:
                dropped.append(str(exc))
                continue
            kept.append(record)
        if dropped:
            first = dropped[0] if len(dropped) == 1 else f"{dropped[0]}, and {len(dropped) - 1} more"
            self._quarantine(path, f"{len(dropped)} record{'s' if len(dropped) != 1 else ''} skipped: {first}")
        return kept

    def _legacy_table(self, legacy: Legacy, name: str) -> list[dict]:
        from cuelog.store.migrate import legacy_rows

        return legacy_rows(legacy.main, name)

    def _month_records(self, head: Head, month: str, name: str, view: View, own: bool = False) -> list[dict] | None:
        """The records of one month file of a device. A file that is not there yet
        (another device's, still on its way through the sync tool) falls back to the
        newest version present; one that was just collected is looked up again. A name
        that is not of the shape cuelog writes (``2026-11.42.json``) is never turned into
        a path: it is ignored here and reported by ``doctor``. Another device's file that
        cannot be read is quarantined (None), and its records outside what cuelog writes
        are left out."""
        path = safe_name(head.folder, name)
        if path is None or MONTH_FILE.fullmatch(path.name)[1] != month:
            view.warnings.append(f"device {head.name!r} names a file {name!r} that is not a month file; it was ignored")
            return None
        if is_link(path):
            view.warnings.append(f"{path.name} of device {head.name!r} is a symbolic link; it was ignored")
            return None
        if own or head.device == self._own_id():
            return self._read_month(head, month, name, view, own)
        if head.encrypted and self.key_path.exists():
            self.cipher()  # no passphrase, or a wrong one, is this device's problem: said as such
        try:
            check_size(path, MAX_MONTH_BYTES)
            records = self._read_month(head, month, name, view, own)
            return None if records is None else self._checked(records, month, path)
        except (StoreError, Damaged, ValueError, TypeError, AttributeError, RecursionError) as exc:
            self._quarantine(path, _why(exc, path))
            return None

    def _read_month(self, head: Head, month: str, name: str, view: View, own: bool) -> list[dict] | None:
        path = head.folder / name  # a name _month_records has checked
        doc = self._month_doc(path)
        if doc is None and not own:
            fresh = self._head(head.folder)
            if fresh is not None and fresh.months.get(month) not in (None, name):
                doc = self._month_doc(head.folder / fresh.months[month])
            if doc is None:
                older = sorted(
                    (int(m[2]), p)
                    for p in head.folder.glob(f"{month}.*.json")
                    if (m := MONTH_FILE.fullmatch(p.name)) and m[1] == month and is_real_file(p)
                )
                if older:
                    doc = self._month_doc(older[-1][1])
                    view.warnings.append(
                        f"{path.name} of device {head.name!r} has not arrived yet; an older copy is used"
                    )
                else:
                    view.warnings.append(f"{path.name} of device {head.name!r} has not arrived yet")
                    return None
        if doc is None:
            raise StoreError(f"{path}, named by this device's journal, is missing", hint=_DOCTOR)
        return _records_of(doc, path)

    # -- the lock -----------------------------------------------------------------------
    @contextmanager
    def _lock(self) -> Iterator[None]:
        try:
            make_private_dirs(self.path.parent)
            fd = _open_lock(self.lock_path)
        except OSError as exc:
            raise StoreError(f"cannot open {self.lock_path}: {exc.strerror}") from None
        try:
            _flock(fd, self.lock_timeout, self.path)
            crashpoint("locked")
            yield
        finally:
            os.close(fd)

    # -- writing ------------------------------------------------------------------------
    def exists(self) -> bool:
        return self.path.exists() or bool(self.device_folders())

    @contextmanager
    def write(self, label: str | None = None, *, must_exist: bool = False) -> Iterator[Transaction]:
        """Lock, read, let the caller change this device's part, then commit it with one
        atomic rename. Any exception inside the block leaves every file as it was.
        ``label`` names the change for ``undo``; the first write of a day keeps a backup.
        With ``must_exist``, a store that does not exist is not created (an edit of an
        unknown id must leave no trace)."""
        if must_exist and not self.exists():
            view = View(self, False, {}, None)
            yield Transaction(view, "", {}, label)
            return
        if self.encrypted and self._cipher is None:
            try:
                self.cipher()  # the slow passphrase step before taking the lock, when we can
            except StoreError:
                pass  # said again, precisely, once the state is read under the lock
        self.committed = False
        try:
            with self._lock():
                view, head = self._prepare()
                tx = Transaction(view, self._device.id, head, label)
                yield tx
                if tx.changed:
                    if view.exists:
                        self._daily_backup()
                    self._commit(tx)
                    self.committed = True
        except OSError as exc:
            where = exc.filename or self.path
            raise StoreError(f"cannot write {where}: {exc.strerror or exc}") from None

    def _prepare(self) -> tuple[View, dict[str, Any]]:
        """Under the lock: migrate an older store, fold in this device's sync-conflict
        copies, and return the view with a copy of this device's head to change."""
        from cuelog.store import doctor, migrate

        self.device(create=True)
        version, root = self._root()
        if version is not None and version < SCHEMA_VERSION:
            migrate.upgrade(self, version, root)
        view = self.read()
        if doctor.own_conflicts(self, view):
            doctor.fold_conflicts(self, view, own_only=True)
            view = self.read()
        current = view.heads.get(self._device.id)
        head = copy.deepcopy(current.doc) if current else self._fresh_head()
        return view, head

    def _fresh_head(self) -> dict[str, Any]:
        return {
            "app": APP,
            "schema_version": SCHEMA_VERSION,
            "device": self._device.id,
            "name": self._device.name,
            "seq": 0,
            "months": {},
            "tables": {name: [] for name in TABLES},
            "undo": [],
        }

    def target_encrypted(self, view: View) -> bool:
        """Whether this device's files must be encrypted: they are, or another device
        encrypted the journal (its key is here and its files are encrypted)."""
        own = view.heads.get(self._device.id)
        if own is not None and own.encrypted:
            return True
        if not self.key_path.exists():
            return False
        if own is None and view.legacy is not None and view.legacy.encrypted:
            return True
        return any(h.encrypted for d, h in view.heads.items() if d != self._device.id)

    def _commit(self, tx: Transaction, encrypted: bool | None = None) -> None:
        view_heads = tx.heads
        previous = view_heads.get(tx.device)
        old = previous.doc if previous else self._fresh_head()
        if encrypted is None:
            encrypted = self.target_encrypted(tx)
        cipher = self.cipher() if encrypted else None
        folder = self.device_dir(tx.device)
        make_private_dirs(self.path.parent)
        private_dir(self.data_dir)  # never a link: writes go only to this device's own folder
        private_dir(folder)
        seq = max(_int(old.get("seq")), _int(tx.head.get("seq"))) + 1
        new = tx.head
        months = dict(new.get("months", {}))
        rewrite = set(months) if tx.rewrite_all else set()
        for month in sorted(tx.dirty | rewrite):
            records = list(tx._own(month).values())
            if records:
                name = f"{month}.{seq}.json"
                payload = dumps({"entries": {str(i): r for i, r in enumerate(records, 1)}})
                write_atomic(folder / name, cipher.encrypt(payload) if cipher else payload, sync_dir=False)
                months[month] = name
                crashpoint("month-written")
            else:
                months.pop(month, None)
        new.update(
            app=APP,
            schema_version=SCHEMA_VERSION,
            device=tx.device,
            seq=seq,
            months=months,
            written_at=self.now().isoformat(timespec="seconds"),
        )
        new.pop("_touched", None)
        if tx.barrier:
            new["undo"] = [{"label": tx.barrier, "barrier": True, "seq": seq}]
        elif tx.label is not None:
            step = {
                "label": tx.label,
                "seq": _int(old.get("seq")),
                "months": old.get("months", {}),
                "tables": old.get("tables", {}),
                "name": old.get("name"),
            }
            new["undo"] = [step, *old.get("undo", [])][:UNDO_STEPS]
        referenced = _referenced(new)
        # The files the previous head named stay one more commit, for readers that read
        # that head a moment ago; not when their content is changing form (encrypt, decrypt).
        new["grace"] = [] if tx.rewrite_all else sorted(set(old.get("months", {}).values()) - referenced)
        if not self.path.exists():
            self._write_root()
        payload = dumps({"head": {"1": new}})
        head_path = folder / HEAD
        fsync_dir(folder)  # the month files are durable before the head names them
        crashpoint("head-written")
        write_atomic(head_path, cipher.encrypt(payload) if cipher else payload)
        crashpoint("committed")
        self._collect(folder, new, shred_plain=encrypted)
        crashpoint("collected")

    def _write_root(self) -> None:
        make_private_dirs(self.path.parent)
        write_atomic(self.path, dumps({"meta": {"1": {"app": APP, "schema_version": SCHEMA_VERSION}}}))

    def _collect(self, folder: Path, head: dict[str, Any], *, shred_plain: bool) -> None:
        """Remove what no head or undo step names any more, and temp files of killed writers."""
        keep = _referenced(head) | set(head.get("grace", []))
        for path in folder.iterdir():
            name = path.name
            if name.endswith(".tmp") and name.startswith("."):
                path.unlink(missing_ok=True)
            elif MONTH_FILE.fullmatch(name) and name not in keep:
                if is_link(path):  # not written by cuelog: the link itself goes, its target is untouched
                    path.unlink(missing_ok=True)
                elif shred_plain and not (read_bytes(path) or b"").startswith(AGE_HEADER):
                    shred(path)
                else:
                    path.unlink(missing_ok=True)
        for parent, prefix in ((self.path.parent, f".{self.path.name}"), (self.data_dir, ".")):
            for leftover in parent.glob(f"{prefix}*.tmp") if parent.is_dir() else ():
                shred(leftover) if shred_plain else leftover.unlink(missing_ok=True)

    # -- operations on the whole journal ---------------------------------------------
    def undo(self) -> tuple[str, int]:
        """Put this device's part back as it was before its last change."""
        with self.write(None, must_exist=True) as tx:
            steps = tx.head.get("undo", [])
            if not tx.exists or not steps:
                raise InputError("there is nothing to undo")
            step = steps[0]
            if not isinstance(step, dict) or not isinstance(step.get("label"), str):
                raise StoreError("the undo history of this device is damaged; nothing was changed", hint=_DOCTOR)
            if step.get("barrier"):
                raise InputError(
                    f"the last change was {step['label']}, which undo cannot reverse; nothing was changed",
                    hint=_BARRIER_HINTS.get(step["label"], "see 'cuelog doctor' for backups"),
                )
            months, tables = step.get("months"), step.get("tables")
            if not isinstance(months, dict) or not isinstance(tables, dict):
                raise StoreError("the undo history of this device is damaged; nothing was changed", hint=_DOCTOR)
            tx.head["months"] = months
            tx.head["tables"] = tables
            if isinstance(step.get("name"), str) and step["name"] != tx.head.get("name"):
                tx.head["name"] = step["name"]
                self._device = devices_mod.rename(step["name"], self.state_dir)  # the name lives here too
            tx.head["undo"] = steps[1:]
            tx.head["_touched"] = True  # a change without new month files
        # Truthfully: the steps before the next one undo cannot reverse (encrypting, an update).
        left = next((i for i, s in enumerate(steps[1:]) if not isinstance(s, dict) or s.get("barrier")), len(steps) - 1)
        return step["label"], left

    def rename_device(self, name: str) -> devices_mod.Device:
        device = devices_mod.rename(name, self.state_dir)
        self._device = device
        if self.exists():
            with self.write(f"renaming this device to {device.name!r}") as tx:
                tx.head["name"] = device.name
                tx.head["_touched"] = True
        return device

    def devices(self) -> list[dict[str, Any]]:
        """Every device that wrote to the store: name, last write, entry count."""
        view = self.read()
        me = self.device(create=False)
        found = []
        for device, head in sorted(view.heads.items()):
            live: set[str] = set()
            deleted: set[str] = set()
            for month, name in head.months.items():
                for record in self._month_records(head, month, name, view) or []:
                    (deleted if is_tombstone(record) else live).add(record["id"])
            written = head.doc.get("written_at")
            try:
                last = written if isinstance(written, str) and datetime.fromisoformat(written) else None
            except ValueError:
                last = None  # never shown as a time it is not
            found.append(
                {
                    "id": device,
                    "name": head.name,
                    "this_device": bool(me and me.id == device),
                    "last_write": last,
                    "entries": len(live),
                    # Deletes made there (an entry moved to another month leaves one too: not counted).
                    "deleted": len(deleted - live),
                    "encrypted": head.encrypted,
                }
            )
        return found

    # The rest lives beside: backups and restore, doctor, encryption changes.
    def backups(self):
        from cuelog.store.backup import backups

        return backups(self)

    def restore(self, name: str | None):
        from cuelog.store.backup import restore

        with _os_errors(self):
            return restore(self, name)

    def inspect(self) -> dict[str, Any]:
        from cuelog.store.doctor import inspect

        with _os_errors(self):
            return inspect(self)

    def merge_conflicts(self) -> dict[str, Any]:
        from cuelog.store.doctor import merge_all

        with _os_errors(self):
            return merge_all(self)

    def encrypt(self) -> dict[str, int]:
        from cuelog.store.backup import encrypt

        with _os_errors(self):
            return encrypt(self)

    def decrypt(self) -> dict[str, int]:
        from cuelog.store.backup import decrypt

        with _os_errors(self):
            return decrypt(self)

    def _daily_backup(self) -> None:
        from cuelog.store.backup import daily_backup

        daily_backup(self)


@contextmanager
def _os_errors(store: Store) -> Iterator[None]:
    """A file system that refuses (read-only, full, permissions) is one clear line."""
    try:
        yield
    except OSError as exc:
        where = exc.filename or store.path
        raise StoreError(f"cannot write {where}: {exc.strerror or exc}; the journal was left as it was") from None


def _open_lock(path: Path) -> int:
    """The lock file, never through a link: a link found there is removed (only the link)."""
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK
    try:
        return os.open(path, flags, 0o600)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise
    path.unlink(missing_ok=True)
    return os.open(path, flags, 0o600)


class _LockWait(Exception):
    pass


def _flock(fd: int, timeout: float, path: Path) -> None:
    """Take the exclusive lock, waiting at most ``timeout`` seconds. Waiting in the kernel
    (a blocking flock, cut short by a timer) rather than polling: under load, pollers can
    starve while others keep taking the lock."""
    import signal
    import threading

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except OSError as exc:
        if exc.errno not in (errno.EAGAIN, errno.EACCES):
            raise
    locked_out = StoreError(
        f"{path} is locked by another cuelog process", hint=f"waited {timeout:g}s; try again in a moment"
    )
    if timeout <= 0:
        raise locked_out
    if threading.current_thread() is not threading.main_thread():  # timers only reach the main thread
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except OSError:
                time.sleep(0.01)
        raise locked_out

    def expire(signum, frame):
        raise _LockWait

    previous = signal.signal(signal.SIGALRM, expire)
    try:
        signal.setitimer(signal.ITIMER_REAL, timeout)
        fcntl.flock(fd, fcntl.LOCK_EX)
    except _LockWait:
        raise locked_out from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_BARRIER_HINTS = {
    "encrypting the journal": "to undo it, run 'cuelog decrypt'",
    "decrypting the journal": "to undo it, run 'cuelog encrypt'",
}


def _int(value: Any) -> int:
    return value if type(value) is int and value >= 0 else 0


def _referenced(head: dict[str, Any]) -> set[str]:
    names = set(head.get("months", {}).values())
    for step in head.get("undo", []):
        if isinstance(step, dict) and isinstance(step.get("months"), dict):
            names.update(v for v in step["months"].values() if isinstance(v, str))
    return names


def _why(exc: BaseException, path: Path) -> str:
    """Why another device's file was quarantined, without its path (said beside it)."""
    if isinstance(exc, StoreError):
        text = exc.message.split("; it was left untouched")[0]
        return text.replace(str(path), "it") if str(path) in text else text
    if isinstance(exc, Damaged):
        return str(exc)
    if isinstance(exc, RecursionError):
        return "it nests too deeply"
    return "it is not shaped as cuelog writes it"


def _records_of(doc: dict[str, Any], path: Path) -> list[dict]:
    table = doc.get("entries", {})
    if not isinstance(table, dict):
        raise StoreError(f"{path} is damaged; it was left untouched", hint=_DOCTOR)
    records = list(table.values())
    for record in records:
        if not isinstance(record, dict) or not isinstance(record.get("id"), str):
            raise StoreError(f"{path} holds a damaged record; it was left untouched", hint=_DOCTOR)
    return records


def month_key(moment: datetime) -> str:
    return month_of(moment)
