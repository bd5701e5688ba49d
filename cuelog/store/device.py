"""This machine's device id and name, kept outside the synced store folder.

Each device writes only its own folder of the store (``cuelog.json.d/<id>/``), so
the id must differ per machine: it lives in ``$XDG_STATE_HOME/cuelog/device.json``
(default ``~/.local/state``), never in the store. If that file is copied to
another machine (a home folder restored from a backup), the machine check gives
the new machine an id of its own, so two machines never write the same folder.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import NamedTuple

from cuelog.errors import InputError, StoreError
from cuelog.store.files import dumps, loads, make_private_dirs, read_bytes, write_atomic

DEVICE_ID = re.compile(r"[0-9a-f]{16}")
MAX_NAME = 40


# A named tuple: defined several times faster than a frozen dataclass, on every start.
class Device(NamedTuple):
    id: str
    name: str


def state_dir(override: Path | None = None) -> Path:
    if override is not None:
        return override
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(base) / "cuelog"


def _machine() -> str:
    for source in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
        try:
            with open(source, "rb") as handle:
                text = handle.read(200).strip()
            if text:
                return hashlib.sha256(b"cuelog-machine:" + text).hexdigest()[:16]
        except OSError:
            continue
    return hashlib.sha256(b"cuelog-host:" + os.uname().nodename.encode()).hexdigest()[:16]


def _default_name() -> str:
    name = os.uname().nodename.split(".")[0] or "this device"
    return clean_name(name[:MAX_NAME]) if name else "this device"


def clean_name(raw: str) -> str:
    name = " ".join(raw.split())
    if not name:
        raise InputError("a device name cannot be empty")
    if len(name) > MAX_NAME:
        raise InputError(f"a device name is at most {MAX_NAME} characters")
    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in name):
        raise InputError("a device name cannot contain control characters")
    return name


def _path(where: Path | None) -> Path:
    return state_dir(where) / "device.json"


def load(create: bool, where: Path | None = None) -> Device | None:
    """This device; with ``create``, made on first use (a writing command)."""
    path = _path(where)
    raw = read_bytes(path)
    machine = _machine()
    if raw is not None:
        try:
            data = loads(raw)
            if (
                isinstance(data, dict)
                and DEVICE_ID.fullmatch(str(data.get("id", "")))
                and data.get("machine") == machine
                and isinstance(data.get("name"), str)
            ):
                return Device(data["id"], data["name"])
        except ValueError:
            pass
        # Unreadable, or copied from another machine: this machine gets an id of its own.
    if not create:
        return None
    device = Device(os.urandom(8).hex(), _default_name())
    _save(device, machine, where)
    return device


def rename(name: str, where: Path | None = None) -> Device:
    device = load(create=True, where=where)
    assert device is not None
    renamed = Device(device.id, clean_name(name))
    _save(renamed, _machine(), where)
    return renamed


def _save(device: Device, machine: str, where: Path | None) -> None:
    path = _path(where)
    try:
        make_private_dirs(path.parent)
        write_atomic(path, dumps({"id": device.id, "machine": machine, "name": device.name}))
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror}") from None
