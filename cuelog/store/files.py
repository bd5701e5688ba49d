"""Files on disk: private folders, atomic writes, the JSON codec, and the
test-only crash hook. Nothing here knows what the files mean."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cuelog.errors import StoreError

AGE_HEADER = b"age-encryption.org/v1"
MAX_FILE_BYTES = 256 * 1024 * 1024  # far beyond any real month; a guard against a hostile file

try:  # orjson reads and writes the same JSON about three times faster than json
    import orjson

    _loads = orjson.loads

    def dumps(data: Any) -> bytes:
        return orjson.dumps(data)

except ImportError:  # pragma: no cover - orjson is a dependency; this keeps a source checkout working
    import json

    _loads = json.loads

    def dumps(data: Any) -> bytes:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def loads(raw: bytes) -> Any:
    """Parse JSON; ``ValueError`` for anything that is not (including nesting too deep
    to parse and integers too large to hold)."""
    try:
        return _loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError, TypeError) as exc:
        raise ValueError(str(exc)) from None


# -- the crash hook -------------------------------------------------------------
# CUELOG_TEST_CRASH_AT=STEP[:N] ends the process with os._exit(CRASH_EXIT) the Nth
# time (default the first) the commit protocol reaches STEP. It exists for the crash
# tests (tests/cli/test_crash.py), which enumerate every step of every operation,
# the way SQLite's crash tests do. It is read once, at import, and does nothing
# when the variable is unset; docs/architecture.md lists the steps.
# CUELOG_TEST_TRACE_STEPS=FILE appends the name of every step reached to FILE.
CRASH_EXIT = 77
_CRASH_SPEC = os.environ.get("CUELOG_TEST_CRASH_AT")
_TRACE = os.environ.get("CUELOG_TEST_TRACE_STEPS")
_crash_step, _, _crash_n = (_CRASH_SPEC or "").partition(":")
_crash_left = int(_crash_n) if _crash_n.isdigit() else 1


def crashpoint(step: str) -> None:
    """A named step of the commit protocol (see the module comment above)."""
    global _crash_left
    if _CRASH_SPEC is None and _TRACE is None:
        return
    if _TRACE:
        with open(_TRACE, "a", encoding="utf-8") as trace:
            trace.write(step + "\n")
    if step == _crash_step:
        _crash_left -= 1
        if _crash_left == 0:
            os._exit(CRASH_EXIT)


# -- folders and files ------------------------------------------------------------
def make_private_dirs(folder: Path) -> None:
    """Create ``folder`` and any missing parents with mode 0700. Folders that
    already exist keep their mode: they are the user's."""
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


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def write_atomic(path: Path, payload: bytes, *, sync_dir: bool = True) -> None:
    """Replace ``path`` atomically: a temp file in the same folder (mode 0600),
    fsync, rename, then fsync the folder so the rename itself is durable."""
    tmp = temp_name(path)
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
    if sync_dir:
        fsync_dir(path.parent)


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes, ``None`` if it does not exist; a clear error otherwise."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise StoreError(f"{path} is a folder, not a cuelog file; it was left untouched") from None
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise StoreError(f"{path} is larger than any cuelog file can be; it was left untouched")
    return raw


def link_or_copy(source: Path, destination: Path) -> None:
    """A hard link where the file system allows (free: our files are never changed in
    place), else a private copy."""
    try:
        os.link(source, destination)
    except OSError:
        write_atomic(destination, source.read_bytes(), sync_dir=False)


def shred(path: Path) -> None:
    """Remove a file, first overwriting it when this is its last link. Best effort:
    journaling and copy-on-write file systems and SSDs may keep old blocks."""
    try:
        info = path.stat()
        if info.st_nlink == 1 and info.st_size:
            with open(path, "r+b") as handle:
                handle.write(b"\0" * info.st_size)
                handle.flush()
                os.fsync(handle.fileno())
        path.unlink()
    except FileNotFoundError:
        pass


def write_private_file(path: Path, text: str | Iterable[str], *, force: bool) -> None:
    """Write an export with mode 0600; an existing file is replaced only with ``force``."""
    from cuelog.errors import InputError

    if path.is_dir():
        raise InputError(f"{path} is a folder")
    if path.exists() and not force:
        raise InputError(f"{path} already exists", hint="choose another name, or add --force to replace it")
    if not path.parent.is_dir():
        raise InputError(f"the folder {path.parent} does not exist")
    try:
        write_atomic(path, text.encode() if isinstance(text, str) else b"".join(t.encode() for t in text))
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror}") from None
