"""A sync simulator: cuelog store folders on two or three simulated devices,
replicated under the policies of real sync tools, driven through the installed
console script.

Each :class:`Device` is a folder of its own with its own ``XDG_STATE_HOME`` (so its
own device id), its own ``CUELOG_DB`` and, for an encrypted journal, a passphrase
file; every command gets a ``CUELOG_NOW`` from one shared :class:`Clock`, so times
are distinct and in the order the commands ran.

Replication engines (``engine.sync(a, b)`` exchanges two devices' folders):

* :class:`FileSync` with ``policy="syncthing"``: file-level replication with a
  version vector per file. A change that dominates wins; two changes made apart
  are a conflict: the newer mtime wins and the other becomes
  ``<stem>.sync-conflict-<YYYYMMDD-HHMMSS>-<DEVICE7><ext>`` beside it, as Syncthing
  does (identical contents are no conflict; a change wins over a deletion).
  Deletions propagate.
* :class:`FileSync` with ``policy="lww"``: Dropbox or Nextcloud without conflict
  copies: of two changes made apart the newer mtime silently replaces the other
  (a deletion too). Deletions propagate.
* either with ``delayed=True``: the files of an exchange arrive one at a time in an
  order drawn from ``rng`` (random, heads first, deletions first, newest first) and
  some are withheld until a later exchange, so a device may read or write with a
  head whose month files have not arrived, or whose old files are already gone.
* :class:`GitSync`: clones of one bare repository (real ``git``); a device syncs
  with ``git add -A && git commit``, ``git pull --no-rebase``, and ``git push``. A
  merge conflict is committed as it is, markers and all, as a careless person would.

:class:`Model` is the journal each device should see: every version of every
entry, plan and quit date, with the versions it was made after (what its device
could see when it was made), and each device's own part with its undo steps.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import random
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from tests.conftest import CUELOG, TZ

PASSPHRASE = "a sync test passphrase"
START = datetime.fromisoformat("2026-11-22T08:00:00+01:00")
STORE = "cuelog.json"
DATA = STORE + ".d"


# -- devices ----------------------------------------------------------------------
class Clock:
    """One clock for every device: each command runs one minute after the last."""

    def __init__(self, start: datetime = START) -> None:
        self.moment = start
        self.ticks = 0

    def tick(self) -> str:
        self.moment += timedelta(minutes=1)
        self.ticks += 1
        return self.moment.isoformat()


@dataclass
class Result:
    code: int
    out: str
    err: str
    args: tuple[str, ...]
    now: str

    def json(self):
        return json.loads(self.out)

    def check(self) -> Result:
        assert self.code == 0, f"cuelog {' '.join(self.args)} (at {self.now}) exited {self.code}: {self.err}"
        return self


class Device:
    """One simulated machine: its copy of the store folder and its own state folder."""

    def __init__(self, name: str, root: Path, clock: Clock, encrypted: bool, state: Path | None = None) -> None:
        self.name = name
        self.root = root
        self.folder = root / "sync"  # the synced folder: the store and everything beside it
        self.db = self.folder / STORE
        self.state = state or root / "state"
        self.clock = clock
        self.passphrase = root / "passphrase" if encrypted else None
        root.mkdir(parents=True, exist_ok=True)
        self.folder.mkdir(exist_ok=True)
        if self.passphrase is not None:
            self.passphrase.write_text(PASSPHRASE + "\n")
            self.passphrase.chmod(0o600)  # a passphrase file others can read is refused
        self._id: str | None = None

    def env(self, now: str) -> dict[str, str]:
        env = {
            **os.environ,
            "CUELOG_DB": str(self.db),
            "XDG_STATE_HOME": str(self.state),
            "XDG_DATA_HOME": str(self.root / "data"),
            "HOME": str(self.root),
            "CUELOG_NOW": now,
            "TZ": TZ,
            "CUELOG_TEST_SCRYPT_LOG_N": "10",
        }
        env.pop("NO_COLOR", None)
        env.pop("CUELOG_PASSPHRASE_FILE", None)
        if self.passphrase is not None:
            env["CUELOG_PASSPHRASE_FILE"] = str(self.passphrase)
        return env

    def start(self, *args: str, now: str | None = None) -> tuple[subprocess.Popen, tuple[str, ...], str]:
        now = now or self.clock.tick()
        proc = subprocess.Popen(
            [CUELOG, *args],
            env=self.env(now),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        return proc, args, now

    @staticmethod
    def finish(started: tuple[subprocess.Popen, tuple[str, ...], str], timeout: float = 120) -> Result:
        proc, args, now = started
        out, err = proc.communicate(timeout=timeout)
        return Result(proc.returncode, out, err, args, now)

    def run(self, *args: str, now: str | None = None) -> Result:
        return self.finish(self.start(*args, now=now))

    def ok(self, *args: str, now: str | None = None) -> Result:
        return self.run(*args, now=now).check()

    @property
    def id(self) -> str | None:
        """The device id, once a writing command has made one."""
        if self._id is None:
            path = self.state / "cuelog" / "device.json"
            if path.exists():
                self._id = json.loads(path.read_text())["id"]
        return self._id

    @property
    def data(self) -> Path:
        return self.folder / DATA

    def __repr__(self) -> str:
        return f"Device({self.name})"


def run_all(calls: Iterable[tuple[Device, tuple[str, ...]]]) -> list[Result]:
    """Commands on different devices at the same time (they share no file): the final
    checks run two at a time on a two-core machine instead of one after another."""
    started = [device.start(*args) for device, args in calls]
    return [Device.finish(s) for s in started]


def files_of(folder: Path, skip: tuple[str, ...] = (".git",)) -> dict[str, bytes]:
    """Every file below ``folder`` (relative path -> bytes)."""
    found: dict[str, bytes] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if d not in skip]
        for name in filenames:
            path = Path(dirpath) / name
            found[str(path.relative_to(folder))] = path.read_bytes()
    return found


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- file-level replication ----------------------------------------------------------
@dataclass
class FileVersion:
    data: bytes | None  # None: deleted
    vv: dict[str, int]  # version vector: device name -> counter
    mtime: int  # the clock tick at which the change was seen
    by: str  # the device that made the change


def _dominates(a: dict[str, int], b: dict[str, int]) -> bool:
    return all(a.get(k, 0) >= v for k, v in b.items())


def _merged(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    return {k: max(a.get(k, 0), b.get(k, 0)) for k in a.keys() | b.keys()}


def short_id(name: str) -> str:
    """A Syncthing-like short device id: seven characters of base32."""
    return base64.b32encode(hashlib.sha256(name.encode()).digest()).decode()[:7]


def conflict_name(path: str, when: datetime, device: str) -> str:
    """Syncthing's name for the losing copy: ``<stem>.sync-conflict-<stamp>-<DEVICE7><ext>``."""
    folder, _, name = path.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, ext = name, ""
    else:
        ext = "." + ext
    new = f"{stem}.sync-conflict-{when.strftime('%Y%m%d-%H%M%S')}-{short_id(device)}{ext}"
    return f"{folder}/{new}" if folder else new


@dataclass
class Transfer:
    to: str  # the receiving device's name
    path: str
    version: FileVersion
    conflict: str | None = None  # the receiver's own copy moves here first (Syncthing)


class FileSync:
    """Syncthing-like or last-writer-wins replication between device folders."""

    ORDERS = ("random", "heads first", "deletions first", "newest first", "month files last")

    def __init__(
        self,
        devices: list[Device],
        clock: Clock,
        policy: str = "syncthing",
        delayed: bool = False,
        rng: random.Random | None = None,
    ) -> None:
        assert policy in ("syncthing", "lww")
        self.devices = {d.name: d for d in devices}
        self.clock = clock
        self.policy = policy
        self.delayed = delayed
        self.rng = rng or random.Random(0)
        self.index: dict[str, dict[str, FileVersion]] = {d.name: {} for d in devices}
        self.conflicts = 0
        self.withheld = 0
        self.on_partial = None  # called between deliveries of a delayed exchange

    # what each device changed since its last scan
    def scan(self, name: str) -> None:
        device, index = self.devices[name], self.index[name]
        on_disk = files_of(device.folder)
        tick = self.clock.ticks
        for path, data in on_disk.items():
            known = index.get(path)
            if known is None or known.data != data:
                vv = dict(known.vv) if known else {}
                vv[name] = vv.get(name, 0) + 1
                index[path] = FileVersion(data, vv, tick, name)
        for path, known in index.items():
            if known.data is not None and path not in on_disk:
                vv = dict(known.vv)
                vv[name] = vv.get(name, 0) + 1
                index[path] = FileVersion(None, vv, tick, name)

    def plan(self, a: str, b: str) -> list[Transfer]:
        """What an exchange between ``a`` and ``b`` would move, after both scanned."""
        ia, ib = self.index[a], self.index[b]
        moves: list[Transfer] = []
        for path in sorted(ia.keys() | ib.keys()):
            va, vb = ia.get(path), ib.get(path)
            if va is None:
                moves.append(Transfer(a, path, vb))
                continue
            if vb is None:
                moves.append(Transfer(b, path, va))
                continue
            if va.vv == vb.vv:
                continue
            if _dominates(va.vv, vb.vv):
                moves.append(Transfer(b, path, va))
            elif _dominates(vb.vv, va.vv):
                moves.append(Transfer(a, path, vb))
            else:
                moves += self._concurrent(a, b, path, va, vb)
        return moves

    def _concurrent(self, a: str, b: str, path: str, va: FileVersion, vb: FileVersion) -> list[Transfer]:
        vv = _merged(va.vv, vb.vv)
        if va.data == vb.data:  # the same content on both sides: no conflict
            va.vv = dict(vv)
            vb.vv = dict(vv)
            return []
        if self.policy == "syncthing" and (va.data is None or vb.data is None):
            winner = va if vb.data is None else vb  # a change wins over a deletion
        else:
            winner = max(va, vb, key=lambda v: (v.mtime, v.by))
        loser_side = b if winner is va else a
        loser = vb if winner is va else va
        won = FileVersion(winner.data, vv, winner.mtime, winner.by)
        copy = None
        self.conflicts += 1  # two sides changed one file (last-writer-wins drops one silently)
        if self.policy == "syncthing" and loser.data is not None:
            copy = conflict_name(path, self.clock.moment, loser.by)
        moves = [Transfer(loser_side, path, won, copy)]
        # The winning side keeps its content and learns the merged vector.
        winner_side = a if loser_side == b else b
        moves.append(Transfer(winner_side, path, FileVersion(winner.data, vv, winner.mtime, winner.by)))
        return moves

    def apply(self, move: Transfer) -> None:
        device, index = self.devices[move.to], self.index[move.to]
        target = device.folder / move.path
        if move.conflict is not None and target.exists():
            aside = device.folder / move.conflict
            aside.parent.mkdir(parents=True, exist_ok=True)
            os.replace(target, aside)  # a new local file: the next scan announces it
        current = target.read_bytes() if target.exists() else None
        if current != move.version.data:
            if move.version.data is None:
                target.unlink(missing_ok=True)
                _prune(target.parent, device.folder)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp = target.with_name(f".syncsim-{target.name}.tmp")
                tmp.write_bytes(move.version.data)
                os.replace(tmp, target)
        v = move.version
        index[move.path] = FileVersion(v.data, dict(v.vv), v.mtime, v.by)

    def sync(self, a: str, b: str) -> int:
        """One exchange between two devices; returns how many files moved."""
        self.scan(a)
        self.scan(b)
        moves = self.plan(a, b)
        if self.delayed and moves:
            moves = self._ordered(moves)
            keep = [m for m in moves if self.rng.random() >= 0.3 or m.conflict is not None]
            self.withheld += len(moves) - len(keep)
            moves = keep
        for i, move in enumerate(moves):
            self.apply(move)
            if self.on_partial is not None and self.delayed and i == len(moves) // 2:
                self.on_partial(move.to)
        return len(moves)

    def _ordered(self, moves: list[Transfer]) -> list[Transfer]:
        order = self.rng.choice(self.ORDERS)
        self.rng.shuffle(moves)
        if order == "heads first":
            moves.sort(key=lambda m: not m.path.endswith("head.json"))
        elif order == "deletions first":
            moves.sort(key=lambda m: m.version.data is not None)
        elif order == "newest first":
            moves.sort(key=lambda m: -m.version.mtime)
        elif order == "month files last":
            moves.sort(key=lambda m: m.path.endswith(".json") and "head" not in m.path and DATA in m.path)
        return moves

    def converge(self, names: list[str] | None = None) -> None:
        """Every pair exchanges everything until nothing moves (withholding nothing)."""
        names = names or list(self.devices)
        delayed, self.delayed = self.delayed, False
        try:
            for _ in range(10):
                moved = 0
                for i, a in enumerate(names):
                    for b in names[i + 1 :]:
                        moved += self.sync(a, b)
                if not moved:
                    return
            raise AssertionError("the sync simulator did not settle in 10 rounds")
        finally:
            self.delayed = delayed


def _prune(folder: Path, top: Path) -> None:
    """Remove folders that a deletion left empty (the sync tool deletes them too)."""
    while folder != top and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


# -- git ----------------------------------------------------------------------------------
class GitSync:
    """Clones of one bare repository; each device's synced folder is its work tree."""

    def __init__(self, devices: list[Device], root: Path, clock: Clock) -> None:
        self.devices = {d.name: d for d in devices}
        self.remote = root / "remote.git"
        self.clock = clock
        self.conflicts = 0
        self._git(None, "init", "-q", "--bare", "-b", "main", str(self.remote))

    def _git(self, device: Device | None, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": device.name if device else "sim",
            "GIT_AUTHOR_EMAIL": "sim@example.invalid",
            "GIT_COMMITTER_NAME": device.name if device else "sim",
            "GIT_COMMITTER_EMAIL": "sim@example.invalid",
            "GIT_AUTHOR_DATE": self.clock.moment.isoformat(),
            "GIT_COMMITTER_DATE": self.clock.moment.isoformat(),
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_TERMINAL_PROMPT": "0",
            "HOME": str(device.root if device else self.remote.parent),
        }
        cwd = device.folder if device else None
        proc = subprocess.run(
            ["git", "-c", "core.autocrlf=false", "-c", "init.defaultBranch=main", *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} on {device}: {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
        return proc

    def join(self, device: Device, first: bool = False) -> None:
        """The first device publishes its folder; the others clone it."""
        if first:
            self._git(device, "init", "-q", "-b", "main")
            self._git(device, "remote", "add", "origin", str(self.remote))
            self._commit(device, "the journal")
            self._git(device, "push", "-q", "-u", "origin", "main")
        else:
            kept = {p.name: p.read_bytes() for p in device.folder.iterdir()} if device.folder.exists() else {}
            assert not kept, "a device joining by git starts with an empty folder"
            device.folder.rmdir()
            self._git(None, "clone", "-q", str(self.remote), str(device.folder))

    def _commit(self, device: Device, message: str) -> None:
        self._git(device, "add", "-A")
        if self._git(device, "diff", "--cached", "--quiet", check=False).returncode != 0:
            self._git(device, "commit", "-q", "-m", message)

    def sync_one(self, name: str, push: bool = True) -> None:
        device = self.devices[name]
        self.clock.tick()
        self._commit(device, f"cuelog on {name}")
        pulled = self._git(device, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main", check=False)
        if pulled.returncode != 0:
            if "CONFLICT" not in pulled.stdout + pulled.stderr:
                raise AssertionError(f"git pull on {name}: {pulled.stdout}\n{pulled.stderr}")
            self.conflicts += 1
            self._git(device, "add", "-A")  # the markers, committed as they are
            self._git(device, "commit", "-q", "--no-edit")
        if push:
            self._git(device, "push", "-q", "origin", "main")

    def sync(self, a: str, b: str) -> int:
        """``a`` publishes, ``b`` takes it and publishes, ``a`` takes ``b``'s."""
        self.sync_one(a)
        self.sync_one(b)
        self.sync_one(a, push=False)
        return 0

    def converge(self, names: list[str] | None = None) -> None:
        """Everyone publishes in turn, then everyone takes what the last one published."""
        names = names or list(self.devices)
        for name in names:
            self.sync_one(name)
        for name in names[:-1]:
            self.sync_one(name, push=False)


# -- the model -------------------------------------------------------------------------------
Key = tuple[str, str]  # ("entry" | "plan" | "attempt", id)
State = dict[Key, int]  # what one device's part holds: key -> version id
BARRIER = "barrier"


@dataclass(frozen=True)
class Version:
    vid: int
    key: Key
    record: dict | None  # None: a deletion
    after: frozenset[int]  # every version this one was made after (seen when it was made)
    device: str
    op: str


@dataclass
class Snapshot:
    files: dict[str, str]  # name -> digest of every file in the device's folder
    state: State


@dataclass
class Model:
    """What every device should end up seeing, built as the operations happen."""

    versions: dict[int, Version] = field(default_factory=dict)
    snapshots: dict[str, Snapshot] = field(default_factory=dict)  # head digest -> snapshot
    state: dict[str, State] = field(default_factory=dict)  # device name -> its own part
    undo: dict[str, list] = field(default_factory=dict)  # device name -> [(label, State) | BARRIER]
    folders: dict[str, str] = field(default_factory=dict)  # device id -> device name

    # -- what a device sees --------------------------------------------------------------
    def view(self, device: Device) -> dict[str, Snapshot | None]:
        """Each other device's folder as ``device`` has it: the snapshot its head is
        from, or None when the head arrived without all the files it names (or is
        not one the model knows)."""
        found: dict[str, Snapshot | None] = {}
        if not device.data.is_dir():
            return found
        for folder in sorted(device.data.iterdir()):
            if not folder.is_dir() or folder.name == device.id:
                continue
            head = folder / "head.json"
            try:
                snap = self.snapshots.get(digest(head.read_bytes()))
            except FileNotFoundError:
                continue
            found[folder.name] = snap if snap is not None and self._complete(folder, snap) else None
        return found

    @staticmethod
    def stable(before: dict[str, Snapshot | None], after: dict[str, Snapshot | None]) -> dict:
        """What a command certainly read: the folders that were the same before and
        after it ran (a real sync tool may deliver files while it runs)."""
        return {k: v if after.get(k) is v else None for k, v in before.items()} | {
            k: None for k in after.keys() - before.keys()
        }

    def seen(self, device: Device, view: dict[str, Snapshot | None] | None = None) -> tuple[list[State], bool]:
        """The parts of the journal ``device`` certainly reads, and whether that is all
        it reads."""
        view = self.view(device) if view is None else view
        states = [self.state.get(device.name, {})] + [snap.state for snap in view.values() if snap is not None]
        return states, all(snap is not None for snap in view.values())

    @staticmethod
    def _complete(folder: Path, snap: Snapshot) -> bool:
        for name, want in snap.files.items():
            try:
                if digest((folder / name).read_bytes()) != want:
                    return False
            except OSError:
                return False
        return True

    def versions_of(self, states: list[State], key: Key) -> set[int]:
        return {s[key] for s in states if key in s}

    def maximal(self, vids: set[int]) -> set[int]:
        return {v for v in vids if not any(v in self.versions[w].after for w in vids if w != v)}

    def winners(self, states: list[State], key: Key) -> list[Version]:
        return [self.versions[v] for v in sorted(self.maximal(self.versions_of(states, key)))]

    def visible(self, device: Device, kind: str = "entry", view: dict | None = None) -> list[Version]:
        """Entries (or rows) that ``device`` certainly shows: every newest version is live."""
        states, _ = self.seen(device, view)
        keys = sorted({k for s in states for k in s if k[0] == kind})
        found = []
        for key in keys:
            tops = self.winners(states, key)
            if tops and all(v.record is not None for v in tops):
                found.append(tops[-1])
        # In the order they were first written (ids are random; this order is not).
        return sorted(found, key=lambda v: (v.record.get("logged_at", v.record.get("created_at", "")), v.key))

    # -- changes ---------------------------------------------------------------------------
    def commit(
        self, device: Device, label: str, changes: dict[Key, dict | None], op: str, view: dict | None = None
    ) -> list[Version]:
        """``device`` changed its part: new versions of ``changes`` (None: deleted),
        made after everything it certainly read (``view``, by default what it has now)."""
        states, _ = self.seen(device, view)
        own = dict(self.state.get(device.name, {}))
        made = []
        for key, record in changes.items():
            after: set[int] = set()
            for vid in self.versions_of(states, key):
                after |= {vid} | self.versions[vid].after
            version = Version(len(self.versions) + 1, key, record, frozenset(after), device.name, op)
            self.versions[version.vid] = version
            own[key] = version.vid
            made.append(version)
        self.push_undo(device, label)
        self.state[device.name] = own
        self.snapshot(device)
        return made

    def push_undo(self, device: Device, label: str) -> None:
        steps = self.undo.setdefault(device.name, [])
        steps.insert(0, (label, dict(self.state.get(device.name, {}))))
        del steps[10:]

    def barrier(self, device: Device) -> None:
        self.undo[device.name] = [BARRIER]
        self.snapshot(device)

    def expect_undo(self, device: Device) -> str | None:
        """The label the next undo on ``device`` reverts, or None if it must refuse."""
        steps = self.undo.get(device.name, [])
        if not steps or steps[0] == BARRIER:
            return None
        return steps[0][0]

    def undone(self, device: Device) -> None:
        label, state = self.undo[device.name].pop(0)
        self.state[device.name] = state
        self.snapshot(device)

    def snapshot(self, device: Device) -> None:
        folder = device.data / device.id
        files = {p.name: digest(p.read_bytes()) for p in folder.iterdir() if p.is_file()}
        self.folders[device.id] = device.name
        self.snapshots[files["head.json"]] = Snapshot(files, dict(self.state.get(device.name, {})))

    def head_digest(self, device: Device) -> str | None:
        if device.id is None:
            return None
        head = device.data / device.id / "head.json"
        return digest(head.read_bytes()) if head.exists() else None

    # -- the end -----------------------------------------------------------------------------
    def final_states(self) -> list[State]:
        return list(self.state.values())

    def expected(self, kind: str) -> dict[str, list[Version]]:
        """id -> its newest versions (more than one when they were made apart)."""
        states = self.final_states()
        keys = sorted({k for s in states for k in s if k[0] == kind})
        return {key[1]: self.winners(states, key) for key in keys}

    def all_ids(self, kind: str) -> set[str]:
        return {v.key[1] for v in self.versions.values() if v.key[0] == kind}


# -- a cluster of devices, driven by operations ----------------------------------------------------
NOV, OCT, SEP = "2026-11", "2026-10", "2026-09"
AT_CHOICES = ("2026-10-12 08:30", "2026-11-05 19:45", "2026-09-28 22:10")
CHECKIN_DATES = ("2026-11-20", "2026-11-21")
QUIT_DATES = ("2026-11-01", "2026-11-15")
SEED_OCT_AT = "2026-10-10 20:00"


@dataclass
class Template:
    """Device A's journal, made once per mode and copied into each example."""

    folder: Path  # A's root: sync/ and state/
    model: Model
    encrypted: bool


def make_template(root: Path, encrypted: bool) -> Template:
    """A creates the journal (two entries in two months), and encrypts it, before anyone joins."""
    clock = Clock(START - timedelta(hours=2))
    a = Device("A", root / "A", clock, encrypted)
    model = Model()
    for args in (("craving", "4", "--note", "seed in November"), ("craving", "7", "--note", "seed in October")):
        extra = ("--at", SEED_OCT_AT) if "October" in args[-1] else ()
        record = a.ok(*args, *extra, "--json").json()
        model.commit(a, "logging a craving", {("entry", record["id"]): record}, f"A: {' '.join(args)}")
    if encrypted:
        a.ok("encrypt")
        model.barrier(a)
    return Template(root / "A", model, encrypted)


class Cluster:
    """Two or three devices sharing a journal through one engine, and the model of it."""

    def __init__(
        self,
        root: Path,
        template: Template,
        devices: int = 2,
        engine: str | Callable = "syncthing",
        rng: random.Random | None = None,
        late: Iterable[str] = (),
    ) -> None:
        import copy

        self.root = root
        self.clock = Clock()
        self.encrypted = template.encrypted
        shutil.copytree(template.folder, root / "A", symlinks=True)
        self.devices = [Device(n, root / n, self.clock, self.encrypted) for n in "ABC"[:devices]]
        self.by_name = {d.name: d for d in self.devices}
        self.model = copy.deepcopy(template.model)
        self.log: list[str] = []
        self.rng = rng or random.Random(0)
        self.partial_reads = 0
        self.kind = engine
        if callable(engine):  # a real sync tool: the test's own engine
            self.engine = engine(self.devices, root, self.clock)
        elif engine == "git":
            self.engine: FileSync | GitSync = GitSync(self.devices, root, self.clock)
            self.engine.join(self.devices[0], first=True)
            for d in self.devices[1:]:
                self.engine.join(d)
        else:
            policy = "lww" if engine == "lww" else "syncthing"
            self.engine = FileSync(self.devices, self.clock, policy, delayed=engine == "delayed", rng=self.rng)
            self.engine.on_partial = self._partial_read
            joined = [d.name for d in self.devices if d.name not in late]
            self.engine.converge(joined)  # the others join: a first full exchange
            for name in late:  # devices that write before they ever synced
                self.engine.scan(name)
        self._lock = threading.Lock()

    # -- operations --------------------------------------------------------------------------
    def run_phase(self, ops: list[tuple[str, tuple]]) -> None:
        """Operations between two exchanges: each device's in order, and different
        devices' at the same time (they touch no common file); times are handed out
        before, in the order of ``ops``, so a run is the same every time."""
        queues: dict[str, list[tuple]] = {}
        for name, op in ops:
            queues.setdefault(name, []).append(op)
        while any(queues.values()):
            wave = [(name, queue.pop(0)) for name, queue in queues.items() if queue]
            stamps = [self.stamp() for _ in wave]
            if len(wave) == 1:
                self.do(*wave[0], stamp=stamps[0])
                continue
            with ThreadPoolExecutor(len(wave)) as pool:
                done = [pool.submit(self.do, name, op, stamp) for (name, op), stamp in zip(wave, stamps, strict=True)]
                for future in done:
                    future.result()

    def stamp(self) -> tuple[str, int]:
        return self.clock.tick(), self.clock.ticks

    def say(self, text: str) -> None:
        self.log.append(text)

    def do(self, name: str, op: tuple, stamp: tuple[str, int] | None = None) -> None:
        """Run one operation on a device and record it in the model, as made after what
        the device certainly read (its files before the command, where they did not
        change while it ran)."""
        with self._lock:
            self._do(name, op, *(stamp or self.stamp()))

    def _do(self, name: str, op: tuple, now: str, tick: int) -> None:
        d = self.by_name[name]
        kind = op[0]
        before = self.model.head_digest(d)
        pre = self.model.view(d)
        r: Result | None = None

        def run(*args: str) -> Result:
            nonlocal r
            self._lock.release()  # other devices' commands run meanwhile; the model waits
            try:
                r = d.run(*args, now=now)
            finally:
                self._lock.acquire()
            return r

        def read() -> dict:
            return self.model.stable(pre, self.model.view(d))

        if kind == "craving":
            note = f"note {tick} by {name}"
            record = run("craving", str(op[1]), "--note", note, "--json").check().json()
            self.model.commit(d, "logging a craving", {("entry", record["id"]): record}, f"{name} craving", read())
            self.say(f"{name}: craving {record['id'][:6]} {note!r}")
        elif kind in ("edit", "delete"):
            moving = kind == "edit" and op[2] is not None
            targets = [
                v
                for v in self.model.visible(d, view=pre)
                if not moving or (v.record and v.record.get("kind") == "craving")
            ]
            if not targets:
                self.say(f"{name}: {kind} skipped, nothing visible")
                return
            if isinstance(op[1], str):  # a note: the entry that has it
                target = next((v for v in targets if v.record.get("note") == op[1]), None)
                if target is None:
                    # Not in what this device certainly sees now: a real sync tool may be
                    # replacing the file that holds it at this moment (a busy machine makes
                    # that likely), so the step has nothing certain to act on.
                    self.say(f"{name}: {kind} skipped, {op[1]!r} not certainly visible")
                    return
            else:
                target = targets[op[1] % len(targets)]
            eid = target.key[1]
            if kind == "edit":
                note = f"note {tick} by {name}"
                args = ["edit", eid, "--note", note, "--json"] + (["--at", op[2]] if moving else [])
            else:
                args = ["delete", eid, "--yes", "--json"]
            run(*args)
            view = read()
            states, certain = self.model.seen(d, view)
            if r.code != 0:
                self.refused(d, r, before, certain)
                return
            record = r.json()
            assert record["id"] == eid, (args, record)
            if kind == "edit":
                assert record["note"] == note, record
                tops = self.model.winners(states, target.key)
                if not moving and len(tops) == 1 and certain:
                    assert record["at"] == tops[0].record["at"], ("the edit started from another version", record)
                self.model.commit(d, "editing an entry", {target.key: record}, f"{name} edit", view)
                self.say(f"{name}: edit {eid[:6]} -> {note!r}" + (f" at {op[2]}" if moving else ""))
            else:
                self.model.commit(d, "deleting an entry", {target.key: None}, f"{name} delete", view)
                self.say(f"{name}: delete {eid[:6]}")
        elif kind == "undo":
            expected = self.model.expect_undo(d)
            run("undo", "--json")
            if expected is None:
                assert r.code != 0, f"{name}: undo should have refused, it said {r.out}"
                assert self.model.head_digest(d) == before, "a refused undo changed the head"
                self.say(f"{name}: undo refused ({r.err.strip().splitlines()[0] if r.err else ''})")
                return
            assert r.code == 0, f"{name}: undo of {expected!r} failed: {r.err}\n" + "\n".join(self.log)
            assert r.json()["undone"] == expected, (r.out, expected)
            self.model.undone(d)
            self.say(f"{name}: undo {expected!r}")
        elif kind == "checkin":
            day, used = op[1], op[2]
            record = run("checkin", "--date", day, "--used" if used else "--no-used", "--json").check().json()
            # A day's second check-in also says what it updated (issue 27 §3): not part of the entry.
            record.pop("updated", None), record.pop("previous", None)
            label = f"the check-in for {day}"
            self.model.commit(d, label, {("entry", record["id"]): record}, f"{name} checkin", read())
            self.say(f"{name}: check-in {day} used={used}")
        elif kind == "plan":
            then = f"note {tick} by {name}"
            record = run("plan", "add", "--place", "bar", then, "--json").check().json()
            self.model.commit(d, "adding a plan", {("plan", record["id"]): record}, f"{name} plan", read())
            self.say(f"{name}: plan {record['id'][:6]} {then!r}")
        elif kind == "quit":
            record = run("quit-date", op[1], "--substance", f"s{tick}", "--json").check().json()
            label = f"the quit date {op[1]}"
            self.model.commit(d, label, {("attempt", record["id"]): record}, f"{name} quit", read())
            self.say(f"{name}: quit date {op[1]}")
        else:
            raise ValueError(op)

    def refused(self, d: Device, r: Result, before: str | None, certain: bool) -> None:
        """An edit or a delete of an entry the device's files do not show (yet): allowed
        only while a folder of another device is half delivered."""
        assert not certain, f"{d.name}: cuelog {' '.join(r.args)} failed: {r.err}\n" + "\n".join(self.log)
        assert r.code == 2 and "no entry" in r.err, r.err
        assert self.model.head_digest(d) == before, "a refused command changed the head"
        self.say(f"{d.name}: {r.args[0]} refused while files were on their way")

    def sync(self, a: str, b: str) -> None:
        self.engine.sync(a, b)
        self.say(f"sync {a}<->{b}")

    def _partial_read(self, name: str) -> None:
        """A reader in the middle of a delayed exchange must neither fail nor show an entry twice."""
        if self.partial_reads >= 1:
            return
        self.partial_reads += 1
        r = self.by_name[name].run("list", "--json", now=self.clock.moment.isoformat())
        assert r.code == 0, f"{name}: list during a partial delivery failed: {r.err}\n" + "\n".join(self.log)
        ids = [e["id"] for e in r.json()]
        assert len(ids) == len(set(ids)), f"{name}: an entry listed twice during a partial delivery"

    # -- the end ---------------------------------------------------------------------------------
    def conflict_files(self) -> list[str]:
        """Sync-conflict copies, and files with git's conflict markers that a head names
        (older ones stay while an undo step names them)."""
        from cuelog.store.doctor import CONFLICT

        found = []
        for d in self.devices:
            files = files_of(d.folder)
            named = set()
            for path, data in files.items():
                if path.endswith("/head.json") and path.startswith(DATA) and not data.startswith(b"<<<<<<<"):
                    if not data.startswith(b"age-encryption.org"):
                        folder = path.rpartition("/")[0]
                        named |= {f"{folder}/{n}" for n in json.loads(data)["head"]["1"]["months"].values()}
            for path, data in files.items():
                marked = data.startswith(b"<<<<<<<") and (path.endswith("/head.json") or path in named)
                if CONFLICT.fullmatch(Path(path).name) or marked:
                    found.append(f"{d.name}:{path}")
        return found

    def settle(self) -> dict:
        """Sync everything, fold any conflict copies in, sync again, and check that every
        device shows the journal the model expects. Returns what was checked."""
        self.engine.converge()
        if isinstance(self.engine, FileSync | GitSync):
            # Every device has an id of its own: no file was ever changed on two sides.
            assert self.engine.conflicts == 0, f"the sync tool saw a conflict\n{chr(10).join(self.log)}"
        copies = self.conflict_files()
        if copies:
            self.say(f"conflict copies: {copies}")
            for d in self.devices:
                d.ok("doctor", "--merge", "--json")
            self.engine.converge()
            assert not self.conflict_files(), self.conflict_files()
        return self.check()

    def check(self) -> dict:
        log = "\n".join(self.log)
        for d in self.devices:  # every device holds every device's newest head
            for e in self.devices:
                if e.id is not None:
                    head = d.data / e.id / "head.json"
                    copy = digest(head.read_bytes()) if head.exists() else None
                    assert copy == self.model.head_digest(e), f"{d.name} lacks the newest head of {e.name}\n{log}"
        tables = any(v.key[0] != "entry" for v in self.model.versions.values())
        calls = [(d, ("list", "--json")) for d in self.devices] + [(d, ("doctor", "--json")) for d in self.devices]
        if tables:  # plans and quit dates: one command (the export) instead of two
            calls += [(d, ("export", "-f", "json")) for d in self.devices]
        results = run_all(calls)
        for r in results:
            assert r.code == 0, f"cuelog {' '.join(r.args)} failed: {r.err}\n{log}"
        n = len(self.devices)
        lists, doctors = results[:n], results[n : 2 * n]
        for d, r in zip(self.devices, doctors, strict=True):
            report = r.json()
            assert report["ok"], f"{d.name}: doctor found problems: {report['problems']}\n{log}"
            assert not report["conflicts"], f"{d.name}: conflict copies left: {report['conflicts']}\n{log}"
        for d, r in zip(self.devices, lists, strict=True):
            assert r.out == lists[0].out, f"{d.name} lists another journal than A:\n{r.out}\n---\n{lists[0].out}\n{log}"
        entries = lists[0].json()
        self._compare("entry", entries, log)
        if tables:
            exports = [r.json() for r in results[2 * n :]]
            for d, export in zip(self.devices, exports, strict=True):
                for name in ("plans", "attempts"):
                    assert export[name] == exports[0][name], f"{d.name} has other {name} than A\n{log}"
            self._compare("plan", exports[0]["plans"], log)
            self._compare("attempt", exports[0]["attempts"], log)
        return {"entries": len(entries)}

    def _compare(self, kind: str, listed: list[dict], log: str) -> None:
        ids = [r["id"] for r in listed]
        assert len(ids) == len(set(ids)), f"a {kind} is listed twice: {ids}\n{log}"
        shown = {r["id"]: r for r in listed}
        unknown = set(shown) - self.model.all_ids(kind)
        assert not unknown, f"{kind}s nobody wrote: {unknown}\n{log}"
        for key, tops in self.model.expected(kind).items():
            live = [v.record for v in tops if v.record is not None]
            deleted = any(v.record is None for v in tops)
            what = f"{kind} {key[:6]} (newest versions: {[v.op for v in tops]})"
            if not live:
                assert key not in shown, f"the deleted {what} is back: {shown[key]}\n{log}"
            elif key in shown:
                if kind != "entry":  # the export leaves out a plan's empty fields
                    live = [{k: v for k, v in r.items() if v is not None} for r in live]
                    shown[key] = {k: v for k, v in shown[key].items() if v is not None}
                assert shown[key] in live, f"{what} shows {shown[key]}, expected one of {live}\n{log}"
            else:
                assert deleted, f"the {what} is lost; expected {live}\n{log}"
