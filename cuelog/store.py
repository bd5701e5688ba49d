"""The one module that knows files, locks, TinyDB and the on-disk schema.

Layout (all TinyDB JSON documents, each written atomically, mode 0600)::

    cuelog.json            meta (schema version), quit attempts
    cuelog.json.d/         folder, mode 0700
        2026-11.json       the entries whose ``at`` falls in that month

One file per month keeps the cost of a write flat however long the journal
grows: logging a craving rewrites the main file and one month, never the
history. Readers take no lock (every file is replaced atomically, so it is
always whole); writers hold an exclusive ``flock`` on ``cuelog.json.lock``
around the whole read-modify-write, so concurrent writers lose nothing.

Files that do not parse, or that carry a newer schema, are refused and never
written.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from cuelog.errors import InputError, StoreError
from cuelog.models import Entry, Plan, QuitAttempt, entry_from_store

SCHEMA_VERSION = 1
APP = "cuelog"
ENTRIES = "entries"
DEFAULT_LOCK_TIMEOUT = 10.0
ID_PREFIX_MIN = 4
UNDO = "undo"
UNDO_STEPS = 10
BACKUPS_KEPT = 7


def default_path() -> Path:
    """The per-user store: ``$XDG_DATA_HOME/cuelog/cuelog.json`` on Linux."""
    from platformdirs import user_data_path

    return user_data_path("cuelog", appauthor=False) / "cuelog.json"


def resolve_path(option: str | None) -> Path:
    """``--db`` wins over ``CUELOG_DB``, which wins over the per-user default."""
    chosen = option or os.environ.get("CUELOG_DB")
    return Path(chosen).expanduser() if chosen else default_path()


class _Memory(Storage):
    """TinyDB storage over a dict already read from disk; writes stay in memory
    until the transaction commits them atomically."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = False

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = True


try:  # orjson reads and writes the same JSON about three times faster
    import orjson

    _loads = orjson.loads

    def _dumps(data: dict[str, Any]) -> bytes:
        return orjson.dumps(data)

except ImportError:  # pragma: no cover - orjson is a dependency; this keeps a source checkout working
    import json

    _loads = json.loads

    def _dumps(data: dict[str, Any]) -> bytes:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


AGE_HEADER = b"age-encryption.org/v1"


class _Cipher:
    """age encryption of the store's files to one X25519 identity. The identity
    lives in ``cuelog.json.key``, itself age-encrypted with the passphrase, so
    the files open without cuelog: ``age -d cuelog.json.key > key.txt``, then
    ``age -d -i key.txt cuelog.json``."""

    def __init__(self, identity: Any) -> None:
        self.identity = identity
        self.recipient = identity.to_public()

    def encrypt(self, data: bytes) -> bytes:
        import pyrage

        return pyrage.encrypt(data, [self.recipient])

    def decrypt(self, data: bytes, path: Path) -> bytes:
        import pyrage

        try:
            return pyrage.decrypt(data, [self.identity])
        except pyrage.DecryptError:
            raise StoreError(f"{path} cannot be decrypted with this journal's key; it was left untouched") from None


def _read_json(path: Path, unlock: Callable[[], _Cipher | None] | None = None) -> dict[str, Any] | None:
    """The document at ``path``, ``None`` if absent; refuses anything unreadable.
    An age-encrypted file is decrypted with the key that ``unlock`` gives."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from None
    if raw.startswith(AGE_HEADER):
        cipher = unlock() if unlock else None
        if cipher is None:
            raise StoreError(f"{path} is encrypted but its key file is missing; it was left untouched")
        raw = cipher.decrypt(raw, path)
    try:
        data = _loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise StoreError(
            f"{path} is not valid JSON; it was left untouched",
            hint="move it aside or restore a copy; cuelog will not overwrite it",
        ) from None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise StoreError(f"{path} is not a cuelog store; it was left untouched")
    return data


def _write_json(path: Path, data: dict[str, Any], cipher: _Cipher | None = None) -> None:
    payload = _dumps(data)
    _write_atomic(path, cipher.encrypt(payload) if cipher else payload)


def _write_atomic(path: Path, payload: bytes) -> None:
    """Replace ``path`` atomically: temp file in the same folder (mode 0600), fsync, rename."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_EXCL, 0o600)
    except FileExistsError:  # left by a killed process that had our pid
        tmp.unlink()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _remove_stale_temp_files(folder: Path, name: str) -> None:
    """Temp files left by a writer that was killed; safe to remove under the lock."""
    for leftover in folder.glob(f".{name}*.tmp"):
        leftover.unlink(missing_ok=True)


def _link_or_copy(source: Path, destination: Path) -> None:
    try:
        os.link(source, destination)
    except OSError:
        _write_atomic(destination, source.read_bytes())


def _make_private_dirs(folder: Path) -> None:
    """Create ``folder`` and any missing parents with mode 0700.
    Folders that already exist keep their mode: they are the user's."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for new in reversed(missing):
        try:
            new.mkdir(mode=0o700)
        except FileExistsError:
            pass
        os.chmod(new, 0o700)


def _month_of(moment: datetime) -> str:
    return moment.strftime("%Y-%m")


def _newest(entry: Entry) -> datetime:
    return entry.edited_at or entry.logged_at


def _stored(entry: Entry) -> dict[str, Any]:
    """The on-disk record: the public one without empty cue lists, which would be
    most of the objects to parse when a long history is read."""
    record = entry.to_record()
    record["cues"] = {dim: values for dim, values in record["cues"].items() if values}
    return record


class Journal:
    """A view of the store: the main document plus month files read on demand.

    Inside ``Store.write()`` it also collects changes; nothing reaches the disk
    until the transaction ends without an error.
    """

    def __init__(self, store: Store, main: dict[str, Any] | None) -> None:
        self.store = store
        self.exists = main is not None
        self.main = TinyDB(storage=_Memory, data=main or self._fresh_main())
        self._shards: dict[str, TinyDB] = {}
        self._added_to: set[str] = set()
        # What this transaction changed, so that `undo` can put it back.
        self.label: str | None = None
        self._before: dict[str, dict[str, Any]] = {}  # id -> record as it was on disk
        self._added: dict[str, str] = {}  # id -> month it was written to
        self._tables_before: dict[str, list[dict[str, Any]]] = {}

    @staticmethod
    def _fresh_main() -> dict[str, Any]:
        return {"meta": {"1": {"app": APP, "schema_version": SCHEMA_VERSION}}}

    # -- quit attempts -------------------------------------------------
    def attempts(self) -> list[QuitAttempt]:
        try:
            rows = [QuitAttempt.from_record(r) for r in self.main.table("attempts").all()]
        except InputError as exc:
            raise StoreError(f"{self.store.path} has a damaged quit date: {exc.message}") from None
        return sorted(rows, key=lambda a: (a.quit_date, a.set_at))

    def _touch_table(self, name: str) -> None:
        if name not in self._tables_before:
            self._tables_before[name] = [dict(r) for r in self.main.table(name).all()]

    def add_attempt(self, attempt: QuitAttempt) -> None:
        self._touch_table("attempts")
        table = self.main.table("attempts")
        table.remove(lambda r: r.get("quit_date") == attempt.quit_date.isoformat())
        table.insert(attempt.to_record())

    # -- plans ---------------------------------------------------------
    def plans(self) -> list[Plan]:
        try:
            plans = [Plan.from_record(r) for r in self.main.table("plans").all()]
        except InputError as exc:
            raise StoreError(f"{self.store.path} has a damaged plan: {exc.message}") from None
        return sorted(plans, key=lambda p: p.created_at)

    def find_plan(self, prefix: str) -> Plan:
        key = prefix.strip().lower()
        if len(key) < ID_PREFIX_MIN:
            raise InputError(f"a plan id needs at least {ID_PREFIX_MIN} characters")
        found = [p for p in self.plans() if p.id.startswith(key)]
        if not found:
            raise InputError(f"no plan with id {prefix!r}", hint="see ids with 'cuelog plan list'")
        if len(found) > 1:
            raise InputError(f"id {prefix!r} matches {len(found)} plans", hint="give more characters of the id")
        return found[0]

    def put_plan(self, plan: Plan) -> None:
        self._touch_table("plans")
        table = self.main.table("plans")
        table.remove(lambda r: r.get("id") == plan.id)
        table.insert(plan.to_record())

    def remove_plan(self, plan_id: str) -> None:
        self._touch_table("plans")
        self.main.table("plans").remove(lambda r: r.get("id") == plan_id)

    # -- entries -------------------------------------------------------
    def months(self) -> list[str]:
        """Months that have entries, oldest first."""
        on_disk = set()
        if self.store.shard_dir.is_dir():
            on_disk = {p.stem for p in self.store.shard_dir.glob("[0-9][0-9][0-9][0-9]-[0-9][0-9].json")}
        return sorted(on_disk | set(self._shards))

    def _shard(self, month: str) -> TinyDB:
        shard = self._shards.get(month)
        if shard is None:
            data = _read_json(self.store.shard_dir / f"{month}.json", self.store.cipher) or {}
            shard = self._shards[month] = TinyDB(storage=_Memory, data=data)
        return shard

    def _records(self, month: str) -> dict[str, dict[str, Any]]:
        # Straight from the TinyDB document (doc id -> record): Table.all() would copy every record.
        return self._shard(month).storage.data.get(ENTRIES, {})

    def _month_entries(self, month: str, records: Any = None) -> list[Entry]:
        try:
            return [entry_from_store(record) for record in (records or self._records(month).values())]
        except InputError as exc:
            path = self.store.shard_dir / f"{month}.json"
            raise StoreError(f"{path} holds a damaged entry: {exc.message}") from None

    def entries(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        newest_first_limit: int | None = None,
    ) -> list[Entry]:
        """Entries with ``since <= at <= until``, oldest first. Only the months
        that can hold them are read. With ``newest_first_limit``, months are
        read newest first and reading stops once that many were found."""
        months = self.months()
        if since is not None:
            floor = _month_of(since - timedelta(days=1))
            months = [m for m in months if m >= floor]
        if until is not None:
            ceiling = _month_of(until + timedelta(days=1))
            months = [m for m in months if m <= ceiling]
        found: dict[str, Entry] = {}
        for month in reversed(months):
            for entry in self._month_entries(month):
                if since is not None and entry.at < since:
                    continue
                if until is not None and entry.at > until:
                    continue
                # An id in two months means a move was cut short: keep the newer copy.
                if entry.id not in found or _newest(entry) > _newest(found[entry.id]):
                    found[entry.id] = entry
            if newest_first_limit is not None and len(found) >= newest_first_limit:
                break
        return sorted(found.values(), key=lambda e: (e.at, e.logged_at))

    def find(self, prefix: str) -> Entry:
        """The one entry whose id starts with ``prefix`` (4+ characters)."""
        key = prefix.strip().lower()
        if len(key) < ID_PREFIX_MIN:
            raise InputError(f"an entry id needs at least {ID_PREFIX_MIN} characters")
        matches: dict[str, Entry] = {}
        for month in self.months():  # compare ids first; build only the entries that match
            hits = [r for r in self._records(month).values() if str(r.get("id", "")).startswith(key)]
            for entry in self._month_entries(month, hits) if hits else ():
                if entry.id not in matches or _newest(entry) > _newest(matches[entry.id]):
                    matches[entry.id] = entry
        if not matches:
            raise InputError(f"no entry with id {prefix!r}", hint="see ids with 'cuelog list'")
        if len(matches) > 1:
            shown = ", ".join(sorted(i[:10] for i in matches)[:5])
            raise InputError(
                f"id {prefix!r} matches {len(matches)} entries ({shown})",
                hint="give more characters of the id",
            )
        return next(iter(matches.values()))

    def checkin_on(self, day: date, month: str) -> Entry | None:
        for entry in self._month_entries(month):
            if entry.kind == "checkin" and entry.day == day:
                return entry
        return None

    def add(self, entry: Entry) -> None:
        month = _month_of(entry.at)
        self._shard(month).table(ENTRIES).insert(_stored(entry))
        self._added_to.add(month)
        self._added[entry.id] = month

    def remove(self, entry_id: str, month: str | None = None) -> None:
        """Remove every copy of an entry from the months read so far (and ``month``)."""
        if month is not None:
            self._shard(month)
        for name in list(self._shards):
            docs = {key: record for key, record in self._records(name).items() if record.get("id") == entry_id}
            if docs:
                if entry_id not in self._added and entry_id not in self._before:
                    self._before[entry_id] = dict(next(iter(docs.values())))
                self._shard(name).table(ENTRIES).remove(doc_ids=[int(key) for key in docs])
        self._added.pop(entry_id, None)

    def replace(self, old: Entry, new: Entry) -> None:
        self.remove(old.id)
        self.add(new)

    # -- undo ----------------------------------------------------------
    def _record_undo(self) -> None:
        if self.label is None or not (self._before or self._added or self._tables_before):
            return
        step = {
            "label": self.label,
            "before": list(self._before.values()),
            "added": [[entry_id, month] for entry_id, month in self._added.items()],
            "tables": self._tables_before,
        }
        table = self.main.table(UNDO)
        table.insert(step)
        steps = table.all()
        if len(steps) > UNDO_STEPS:
            table.remove(doc_ids=[d.doc_id for d in sorted(steps, key=lambda d: d.doc_id)[:-UNDO_STEPS]])

    def undo_steps(self) -> int:
        return len(self.main.table(UNDO))

    def undo(self) -> str:
        """Put back what the last recorded change did; returns its label."""
        table = self.main.table(UNDO)
        steps = sorted(table.all(), key=lambda d: d.doc_id)
        if not steps:
            raise InputError("there is nothing to undo")
        step = steps[-1]
        self.label = None  # undoing is not itself recorded
        for entry_id, month in step["added"]:
            self.remove(entry_id, month)
        for record in step["before"]:
            month = _month_of(datetime.fromisoformat(record["at"]))
            self.remove(record["id"], month)
            self._shard(month).table(ENTRIES).insert(record)
            self._added_to.add(month)
        for name, rows in step["tables"].items():
            self.main.table(name).truncate()
            for row in rows:
                self.main.table(name).insert(row)
        table.remove(doc_ids=[step.doc_id])
        return step["label"]

    # -- commit --------------------------------------------------------
    def _commit(self) -> None:
        self._record_undo()
        dirty = [m for m, db in self._shards.items() if db.storage.dirty]
        if not dirty and not self.main.storage.dirty and self.exists:
            return
        if dirty:
            _make_private_dirs(self.store.shard_dir)
            _remove_stale_temp_files(self.store.shard_dir, "")
        _remove_stale_temp_files(self.store.path.parent, self.store.path.name)
        # Months that gained an entry go first: a move cut short leaves a
        # duplicate (resolved on read), never a loss.
        cipher = self.store.cipher()
        for month in sorted(dirty, key=lambda m: m not in self._added_to):
            _write_json(self.store.shard_dir / f"{month}.json", self._shards[month].storage.data, cipher)
        _write_json(self.store.path, self.main.storage.data, cipher)


class Store:
    def __init__(
        self, path: Path, lock_timeout: float | None = None, passphrase: Callable[[bool], str] | None = None
    ) -> None:
        self.path = path
        self._passphrase = passphrase
        self._cipher: _Cipher | None = None
        self.shard_dir = path.with_name(path.name + ".d")
        self.lock_path = path.with_name(path.name + ".lock")
        self.backup_dir = path.with_name(path.name + ".backups")
        self.key_path = path.with_name(path.name + ".key")
        if lock_timeout is None:
            lock_timeout = float(os.environ.get("CUELOG_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT))
        self.lock_timeout = lock_timeout

    def _load_main(self) -> dict[str, Any] | None:
        data = _read_json(self.path, self.cipher)
        if data is None:
            if self.path.parent.exists() and not os.access(self.path.parent, os.R_OK | os.X_OK):
                raise StoreError(f"cannot read the folder {self.path.parent}")
            return None
        meta = data.get("meta", {}).get("1")
        if not isinstance(meta, dict) or meta.get("app") != APP:
            raise StoreError(f"{self.path} is not a cuelog store; it was left untouched")
        version = meta.get("schema_version")
        if not isinstance(version, int):
            raise StoreError(f"{self.path} has no schema version; it was left untouched")
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer cuelog (schema {version}; "
                f"this one knows {SCHEMA_VERSION}); it was left untouched",
                hint="upgrade cuelog to read it",
            )
        return data

    def read(self) -> Journal:
        """A read-only view; a missing store reads as empty and is not created."""
        return Journal(self, self._load_main())

    # -- encryption ----------------------------------------------------
    @property
    def encrypted(self) -> bool:
        return self.key_path.exists()

    def cipher(self) -> _Cipher | None:
        """The key for an encrypted store (asks for the passphrase once), else None."""
        if self._cipher is None and self.encrypted:
            self._cipher = self._unlock()
        return self._cipher

    def _unlock(self) -> _Cipher:
        import pyrage

        if self._passphrase is None:
            raise StoreError(f"{self.path} is encrypted and no passphrase was given")
        phrase = self._passphrase(False)
        try:
            secret = pyrage.passphrase.decrypt(self.key_path.read_bytes(), phrase).decode()
            return _Cipher(pyrage.x25519.Identity.from_str(secret.strip()))
        except (pyrage.DecryptError, pyrage.IdentityError, UnicodeDecodeError):
            raise StoreError(f"wrong passphrase for {self.path}; nothing was changed") from None

    def encrypt(self) -> int:
        """Encrypt every file of the store and its backups; returns how many were plain."""
        import pyrage

        if not self.path.exists():
            raise InputError("there is no journal to encrypt yet")
        if self.encrypted:
            self.cipher()
        else:
            phrase = self._passphrase(True) if self._passphrase else None
            if not phrase:
                raise StoreError("encrypting needs a passphrase")
        with self._lock():
            self._load_main()  # refuses a damaged store before anything changes
            if not self.encrypted:
                identity = pyrage.x25519.Identity.generate()
                # The key first: from here on, every file is readable, encrypted or not.
                _write_atomic(self.key_path, pyrage.passphrase.encrypt(str(identity).encode(), phrase))
                self._cipher = _Cipher(identity)
            cipher = self._cipher
            converted = 0
            for file in [f for f in self.files() if f != self.key_path]:
                raw = file.read_bytes()
                if not raw.startswith(AGE_HEADER):
                    _write_atomic(file, cipher.encrypt(raw))
                    converted += 1
            for backup in self.backups():  # old copies must not stay readable
                for file in [f for f in backup.rglob("*.json") if f.is_file()]:
                    raw = file.read_bytes()
                    if not raw.startswith(AGE_HEADER):
                        _write_atomic(file, cipher.encrypt(raw))
                key_copy = backup / self.key_path.name
                if not key_copy.exists():
                    _link_or_copy(self.key_path, key_copy)
        return converted

    def decrypt(self) -> int:
        """Turn an encrypted store back into plain JSON; backups stay as they are."""
        if not self.encrypted:
            raise InputError("the journal is not encrypted")
        cipher = self.cipher()
        with self._lock():
            converted = 0
            for file in [f for f in self.files() if f != self.key_path]:
                raw = file.read_bytes()
                if raw.startswith(AGE_HEADER):
                    _write_atomic(file, cipher.decrypt(raw, file))
                    converted += 1
            self.key_path.unlink()  # last: until here every file stays readable
        self._cipher = None
        return converted

    @contextmanager
    def write(self, label: str | None = None) -> Iterator[Journal]:
        """Lock, read, let the caller change the journal, then write atomically.
        Any exception inside the block leaves every file as it was. ``label``
        names the change for ``undo``; the first write of a day keeps a backup."""
        self.cipher()  # the slow passphrase step happens before taking the lock
        try:
            with self._lock():
                journal = Journal(self, self._load_main())
                journal.label = label
                yield journal
                if journal.exists:
                    self.backup(daily=True)
                journal._commit()
        except OSError as exc:
            where = exc.filename or self.path
            raise StoreError(f"cannot write {where}: {exc.strerror or exc}") from None

    # -- backups -------------------------------------------------------
    def files(self) -> list[Path]:
        """Every file of the store, main file last."""
        shards = sorted(self.shard_dir.glob("[0-9][0-9][0-9][0-9]-[0-9][0-9].json")) if self.shard_dir.is_dir() else []
        key = [self.key_path] if self.key_path.exists() else []
        return [*key, *shards, self.path] if self.path.exists() else []

    def backups(self) -> list[Path]:
        """Backup folders, oldest first."""
        if not self.backup_dir.is_dir():
            return []
        return sorted(p for p in self.backup_dir.iterdir() if p.is_dir() and not p.name.startswith("."))

    def backup(self, daily: bool = False, name: str | None = None) -> Path | None:
        """Keep a copy of every file beside the store; with ``daily``, only if today has none.
        Files are hard links where the file system allows: every write replaces a file
        with a new one, so a link keeps the old content at no cost."""
        stamp = datetime.now().strftime("%Y-%m-%dT%H%M%S")
        if daily and any(b.name.startswith(stamp[:10]) for b in self.backups()):
            return None
        files = self.files()
        if not files:
            return None
        _make_private_dirs(self.backup_dir)
        target = self.backup_dir / (name or stamp)
        if target.exists():
            return None
        partial = self.backup_dir / f".{target.name}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(mode=0o700)
        for file in files:
            destination = partial / file.relative_to(self.path.parent)
            destination.parent.mkdir(mode=0o700, exist_ok=True)
            _link_or_copy(file, destination)
        partial.rename(target)
        for old in [b for b in self.backups() if not b.name.startswith("replaced-")][:-BACKUPS_KEPT]:
            shutil.rmtree(old, ignore_errors=True)
        return target

    def restore(self, backup: Path) -> Path:
        """Put a backup in place; the current files are kept aside as a backup first."""
        with self._lock():
            aside = self.backup(name=f"replaced-{datetime.now().strftime('%Y-%m-%dT%H%M%S')}")
            for file in self.files():
                if file != self.path:
                    file.unlink()
            for file in sorted(backup.rglob("*.json*")):
                if file.is_file():
                    destination = self.path.parent / file.relative_to(backup)
                    if destination != self.path:
                        _make_private_dirs(destination.parent)
                        _write_atomic(destination, file.read_bytes())
            _write_atomic(self.path, (backup / self.path.name).read_bytes())
        return aside

    @contextmanager
    def _lock(self) -> Iterator[None]:
        _make_private_dirs(self.path.parent)
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise StoreError(f"cannot open {self.lock_path}: {exc.strerror}") from None
        try:
            deadline = time.monotonic() + self.lock_timeout
            pause = 0.002
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                if time.monotonic() >= deadline:
                    raise StoreError(
                        f"{self.path} is locked by another cuelog process",
                        hint=f"waited {self.lock_timeout:g}s; try again in a moment",
                    )
                time.sleep(pause)
                pause = min(pause * 2, 0.05)
            yield
        finally:
            os.close(fd)


def write_private_file(path: Path, text: str, *, force: bool) -> None:
    """Write an export with mode 0600; an existing file is replaced only with ``force``."""
    if path.exists() and not force:
        raise InputError(f"{path} already exists", hint="choose another name, or add --force to replace it")
    if path.is_dir():
        raise InputError(f"{path} is a folder")
    if not path.parent.is_dir():
        raise InputError(f"the folder {path.parent} does not exist")
    try:
        _write_atomic(path, text.encode())
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror}") from None
