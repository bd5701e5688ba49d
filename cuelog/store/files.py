"""Files on disk: private folders, atomic writes, the JSON codec, and the
test-only crash hook. Nothing here knows what the files mean."""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable, Iterator
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


# -- the one gate for names that come from files ------------------------------------
# The store folder is an input: another device, a sync tool or anyone who can write
# to the share decides what is in it. A name read from a file (a head's ``months``,
# an undo step, a conflict copy's head) or from a folder listing (backups) becomes a
# path only through ``safe_name``: it must have the exact shape cuelog writes, so it
# has no separator, no ``..`` and cannot leave its folder. Every file operation in
# the store is no-follow: a symbolic link there is never read, linked, written or
# shredded through (``O_NOFOLLOW``, ``os.lstat``, ``follow_symlinks=False``).
MONTH_NAME = re.compile(r"(\d{4}-\d{2})\.(\d+)\.json")  # what Store._commit writes: 2026-11.42.json
BACKUP_NAME = re.compile(
    r"(?:(?:replaced|before-update|before-merge)-)?\d{4}-\d{2}-\d{2}T\d{6}(?:-[0-9a-f]{8})?(?:-[0-9a-f]{4})?"
)  # what backup.py names its folders: 2026-11-22T150000-0123abcd, replaced-...-0123abcd-9f2e


def safe_name(folder: Path, name: object, shape: re.Pattern[str] = MONTH_NAME) -> Path | None:
    """``folder / name`` when ``name`` has the exact shape cuelog writes (a month file by
    default), else ``None``: the caller ignores it and ``doctor`` reports it."""
    if not isinstance(name, str) or not shape.fullmatch(name):
        return None
    path = folder / name
    if path.parent != folder or name in (".", ".."):  # the shapes rule this out; kept as a second lock
        return None
    return path


def is_link(path: Path) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


def is_real_file(path: Path) -> bool:
    """A regular file itself, not a link to one."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def is_real_dir(path: Path) -> bool:
    """A folder itself, not a link to one."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def walk_files(folder: Path) -> Iterator[Path]:
    """Every regular file below ``folder``, never entering or yielding a symbolic link."""
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from walk_files(Path(entry.path))
        elif entry.is_file(follow_symlinks=False):
            yield Path(entry.path)


def links_below(folder: Path) -> Iterator[Path]:
    """Every symbolic link below ``folder`` (links are never entered)."""
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError, PermissionError):
        return
    for entry in entries:
        if entry.is_symlink():
            yield Path(entry.path)
        elif entry.is_dir(follow_symlinks=False):
            yield from links_below(Path(entry.path))


# -- folders and files ------------------------------------------------------------
def private_dir(folder: Path) -> None:
    """A folder of the store that cuelog writes in: created 0700 if missing; one that
    is a symbolic link (or not a folder) is refused, never written through."""
    try:
        os.mkdir(folder, 0o700)
        os.chmod(folder, 0o700)
        return
    except FileExistsError:
        pass
    if not is_real_dir(folder):
        raise StoreError(
            f"{folder} is a symbolic link or not a folder; cuelog never writes through one, so nothing was changed",
            hint="run 'cuelog doctor'",
        )


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


def _open_nofollow(path: Path, flags: int) -> int:
    """``os.open`` that refuses a symbolic link as the last part of ``path`` (and does
    not wait on a FIFO)."""
    return os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes, ``None`` if it does not exist; a clear error otherwise. A
    symbolic link, a FIFO or a device is refused, never read through."""
    try:
        fd = _open_nofollow(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise StoreError(f"{path} is a folder, not a cuelog file; it was left untouched") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise StoreError(
                f"{path} is a symbolic link; cuelog does not follow links in its folders; it was left untouched",
                hint="run 'cuelog doctor'",
            ) from None
        raise StoreError(f"cannot read {path}: {exc.strerror}") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise StoreError(f"{path} is a folder, not a cuelog file; it was left untouched")
        if not stat.S_ISREG(mode):
            raise StoreError(f"{path} is not a regular file; it was left untouched")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(raw) > MAX_FILE_BYTES:
        raise StoreError(f"{path} is larger than any cuelog file can be; it was left untouched")
    return raw


def open_folder_below(top: Path, folder: Path) -> int:
    """A descriptor of ``folder``, opened one part at a time from ``top`` without following
    a link at any part below it (a folder swapped for a link meanwhile is refused too)."""
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
    try:
        for part in folder.relative_to(top).parts:
            if part in (".", ".."):
                raise StoreError(f"{folder} is not inside {top}")
            inner = os.open(part, flags, dir_fd=fd)
            os.close(fd)
            fd = inner
    except BaseException:
        os.close(fd)
        raise
    return fd


def link_or_copy(source: Path, destination: Path, *, top: Path | None = None) -> None:
    """A hard link where the file system allows (free: our files are never changed in
    place), else a private copy. ``source`` must be a regular file itself: a symbolic
    link is never linked or copied (a link to a file outside the store would carry
    that file into the share), nor is ``destination`` ever written through a link.
    With ``top``, every folder from ``top`` down to ``source`` is opened without
    following links, so one swapped for a link after it was checked is refused."""
    if not is_real_file(source):
        raise StoreError(f"{source} is not a regular file; it was not copied", hint="run 'cuelog doctor'")
    folder_fd = open_folder_below(top, source.parent) if top is not None else None
    try:
        try:
            os.link(
                source.name if folder_fd is not None else source,
                destination,
                src_dir_fd=folder_fd,
                follow_symlinks=False,
            )
            return
        except FileExistsError:
            raise
        except OSError:
            pass
        fd = os.open(
            source.name if folder_fd is not None else source,
            os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK,
            dir_fd=folder_fd,
        )
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise StoreError(f"{source} is not a regular file; it was not copied", hint="run 'cuelog doctor'")
            raw = handle.read(MAX_FILE_BYTES + 1)
        write_atomic(destination, raw, sync_dir=False)
    finally:
        if folder_fd is not None:
            os.close(folder_fd)


def shred(path: Path) -> None:
    """Remove a file, first overwriting it when this is its last link. Best effort:
    journaling and copy-on-write file systems and SSDs may keep old blocks. A symbolic
    link is never written through: the link itself is removed, its target untouched."""
    try:
        info = os.lstat(path)
        if stat.S_ISREG(info.st_mode) and info.st_nlink == 1 and info.st_size:
            try:
                fd = _open_nofollow(path, os.O_WRONLY)
            except OSError as exc:
                if exc.errno != errno.ELOOP:  # replaced by a link since the lstat: never written
                    raise
            else:
                with os.fdopen(fd, "wb") as handle:
                    info = os.fstat(handle.fileno())
                    if stat.S_ISREG(info.st_mode) and info.st_nlink == 1:
                        handle.write(b"\0" * info.st_size)
                        handle.flush()
                        os.fsync(handle.fileno())
        if not stat.S_ISDIR(info.st_mode):
            os.unlink(path)
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
