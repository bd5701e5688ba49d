"""Unlock once per sitting: the journal's key kept in the Linux kernel keyring.

``cuelog unlock`` opens the key file with the passphrase once and hands the age
identity to the kernel (keyrings(7)) for a limited time; until then every command
finds it there instead of spending a second or more in scrypt. The identity is never
written to disk, never put in an environment variable or on a command line.

Where it is kept: in this user's *user keyring*, as a key of type ``user`` named
``cuelog:<hash of the key file's path>`` (one entry per journal), readable by
processes of the same uid only (group and others get nothing). The kernel removes
it when its timeout runs out (``KEYCTL_SET_TIMEOUT``), on ``cuelog lock``, or at the
next boot. Logging out does NOT remove it on current kernels (since Linux 5.3 the
user keyring belongs to the user namespace and outlives the login), which is why a
timeout is always set and is at most 12 hours.

The payload also carries its own expiry and the fingerprint of the key file it came
from, so an entry whose kernel timeout was never set (a process killed at the wrong
moment on an old path) or that belongs to an earlier key file is ignored and dropped.
The key is added to this process's own keyring first, given its timeout, and only
then linked into the user keyring: a process killed half way leaves nothing behind.

Where the keyring cannot be used (not Linux, Android, an unknown architecture, a
sandbox such as Docker's default seccomp profile), every method answers "nothing
here" with a reason and never raises: commands then ask for the passphrase as before.

The system calls go through ``ctypes`` (imported only when a keyring is first used,
so only for an encrypted journal). Python cannot wipe its own strings; the buffers
this module hands to or gets from the kernel are zeroed after use, and the secret is
never logged, printed, or put in an exception's message.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from cuelog.errors import InputError, StoreError

__all__ = [
    "Keyring",
    "KeyringUnavailable",
    "Payload",
    "parse_duration",
    "format_duration",
    "check_duration",
    "encode_payload",
    "decode_payload",
    "description",
    "syscall_numbers",
    "DEFAULT_SECONDS",
    "MAX_SECONDS",
]

DEFAULT_SECONDS = 15 * 60
MAX_SECONDS = 12 * 3600

# include/uapi/linux/keyctl.h
KEY_SPEC_PROCESS_KEYRING = -2
KEY_SPEC_USER_KEYRING = -4
KEYCTL_GET_KEYRING_ID = 0
KEYCTL_REVOKE = 3
KEYCTL_SETPERM = 5
KEYCTL_LINK = 8
KEYCTL_UNLINK = 9
KEYCTL_SEARCH = 10
KEYCTL_READ = 11
KEYCTL_SET_TIMEOUT = 15
KEYCTL_INVALIDATE = 21  # Linux 3.5; older kernels: revoke and unlink

# include/linux/key.h: possessor (0x__000000) and user, i.e. same uid (0x00__0000);
# group (0x0000__00) and other (0x000000__) get nothing. No LINK: nobody needs to
# link the key elsewhere.
KEY_POS_VIEW, KEY_POS_READ, KEY_POS_WRITE, KEY_POS_SEARCH, KEY_POS_SETATTR = (
    0x01000000,
    0x02000000,
    0x04000000,
    0x08000000,
    0x20000000,
)
KEY_USR_VIEW, KEY_USR_READ, KEY_USR_WRITE, KEY_USR_SEARCH, KEY_USR_SETATTR = (
    0x00010000,
    0x00020000,
    0x00040000,
    0x00080000,
    0x00200000,
)
_POSSESSOR = KEY_POS_VIEW | KEY_POS_READ | KEY_POS_WRITE | KEY_POS_SEARCH | KEY_POS_SETATTR
_SAME_UID = KEY_USR_VIEW | KEY_USR_READ | KEY_USR_WRITE | KEY_USR_SEARCH | KEY_USR_SETATTR
PERMISSIONS = _POSSESSOR | _SAME_UID

KEY_TYPE = b"user"
_HEADER = "cuelog unlocked key 1"
_FINGERPRINT = re.compile(r"[0-9a-f]{32}")
_SECRET = re.compile(r"AGE-SECRET-KEY-1[0-9A-Z]{20,200}")
_DURATION = re.compile(r"(?:([0-9]{1,5})h)?(?:([0-9]{1,7})m)?(?:([0-9]{1,9})s)?")
_HINT = "e.g. --for 15m, 1h, 90s or 2h30m (at most 12h)"


class KeyringUnavailable(StoreError):
    """This system cannot keep the journal unlocked; commands ask for the passphrase."""


# -- durations (pure) -----------------------------------------------------------------
def check_duration(seconds: int, shown: str | None = None) -> int:
    """``seconds`` if it is a time cuelog may stay unlocked (1 s to 12 h), else InputError.
    0 must never reach the kernel: KEYCTL_SET_TIMEOUT 0 means "no timeout"."""
    if type(seconds) is not int or seconds < 1:
        raise InputError(f"cuelog stays unlocked for at least one second, not {shown or seconds!r}", hint=_HINT)
    if seconds > MAX_SECONDS:
        raise InputError(
            f"cuelog stays unlocked for at most 12 hours; {shown or format_duration(seconds)} is longer",
            hint="run 'cuelog unlock' again when it runs out",
        )
    return seconds


def parse_duration(text: str) -> int:
    """``"15m"``, ``"1h"``, ``"90s"``, ``"2h30m"`` -> seconds (1 s to 12 h), else InputError."""
    cleaned = re.sub(r"\s+", "", text).lower()
    match = _DURATION.fullmatch(cleaned)
    if not cleaned or match is None or not any(match.groups()):
        raise InputError(f"{text!r} is not a duration", hint=_HINT)
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return check_duration(hours * 3600 + minutes * 60 + seconds, text.strip())


def format_duration(seconds: int) -> str:
    """The shortest ``2h30m`` form; ``parse_duration(format_duration(s)) == s``."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes else "") + (f"{secs}s" if secs else "")
    return text or "0s"


# -- the payload (pure) ---------------------------------------------------------------
class Payload:
    """What an entry holds. A plain class, not a dataclass: this module is imported by
    every command that makes a Store, and the decorator alone costs about 2 ms."""

    __slots__ = ("expires", "fingerprint", "secret")

    def __init__(self, expires: int, fingerprint: str, secret: str) -> None:
        self.expires = expires  # epoch seconds
        self.fingerprint = fingerprint  # of the key file the identity came from (crypt.key_fingerprint)
        self.secret = secret

    def __repr__(self) -> str:  # never the secret: not in a log, nor in a traceback's locals
        return f"Payload(expires={self.expires}, fingerprint={self.fingerprint!r})"


def encode_payload(expires: int, fingerprint: str, secret: str) -> bytes:
    if type(expires) is not int or expires < 0:
        raise ValueError("the expiry must be epoch seconds")
    if not _FINGERPRINT.fullmatch(fingerprint):
        raise ValueError("the key file's fingerprint must be 32 hex digits")
    if not _SECRET.fullmatch(secret):
        raise ValueError("the secret is not an age X25519 identity")  # says nothing of the value
    return f"{_HEADER}\nexpires {expires}\nfingerprint {fingerprint}\n{secret}\n".encode("ascii")


def decode_payload(raw: bytes) -> Payload | None:
    """The payload, or None for anything that is not exactly what ``encode_payload`` writes."""
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        return None
    lines = text.split("\n")
    if len(lines) != 5 or lines[0] != _HEADER or lines[4] != "":
        return None
    expires, fingerprint, secret = lines[1], lines[2], lines[3]
    if not expires.startswith("expires ") or not expires[8:].isdigit() or len(expires) > 8 + 12:
        return None
    if not fingerprint.startswith("fingerprint ") or not _FINGERPRINT.fullmatch(fingerprint[12:]):
        return None
    if not _SECRET.fullmatch(secret):
        return None
    return Payload(int(expires[8:]), fingerprint[12:], secret)


def description(key_path: Path) -> bytes:
    """``cuelog:<24 hex>``: one entry per key file, by its resolved path (the path itself
    stays out of /proc/keys)."""
    resolved = os.fsencode(Path(key_path).expanduser().resolve(strict=False))
    return b"cuelog:" + hashlib.sha256(resolved).hexdigest()[:24].encode()


# -- where the system calls are -------------------------------------------------------
def syscall_numbers(system: str, machine: str, bits: int, multiarch: str = "") -> tuple[int, int] | None:
    """(add_key, keyctl) for this kernel ABI, or None where cuelog does not know them.
    From the kernel's tables: arch/x86/entry/syscalls/syscall_64.tbl and syscall_32.tbl,
    include/uapi/asm-generic/unistd.h (arm64), arch/arm/tools/syscall.tbl (EABI)."""
    if not system.startswith("linux"):
        return None
    machine = machine.lower()
    if machine in ("x86_64", "amd64", "i386", "i486", "i586", "i686", "x86"):
        if bits == 64:
            return (248, 250)
        if bits == 32 and "x32" not in multiarch:  # x32 has numbers of its own
            return (286, 288)
        return None
    if machine in ("aarch64", "arm64") and bits == 64:
        return (217, 219)
    if (machine.startswith("arm") or machine == "aarch64") and bits == 32:
        if "ilp32" in multiarch or (multiarch and "eabi" not in multiarch):
            return None  # arm64 ILP32, or the old ARM ABI
        return (309, 311)
    return None


def this_platform() -> tuple[str, str, int, str]:
    """(sys.platform, machine, pointer bits, multiarch) of this process."""
    if sys.platform == "android" or hasattr(sys, "getandroidapilevel"):
        return ("android", os.uname().machine, 64 if sys.maxsize > 2**32 else 32, "")
    machine = os.uname().machine if hasattr(os, "uname") else ""
    bits = 64 if sys.maxsize > 2**32 else 32
    multiarch = ""
    if bits == 32:
        import sysconfig

        multiarch = sysconfig.get_config_var("MULTIARCH") or ""
    return (sys.platform, machine, bits, multiarch)


class _Kernel:
    """add_key(2) and keyctl(2) through libc's syscall(); failures are OSError(errno)."""

    def __init__(self, numbers: tuple[int, int]) -> None:
        import ctypes

        self._ct = ctypes
        self._add_key, self._keyctl = numbers
        self._syscall = ctypes.CDLL(None, use_errno=True).syscall
        self._syscall.restype = ctypes.c_long

    def _call(self, *args: Any) -> int:
        ct = self._ct
        ct.set_errno(0)
        result = self._syscall(*args)
        if result == -1:
            code = ct.get_errno()
            raise OSError(code, os.strerror(code))
        return result

    def _long(self, value: int) -> Any:
        return self._ct.c_long(value)

    def keyctl(self, operation: int, *args: int) -> int:
        return self._call(self._long(self._keyctl), self._long(operation), *(self._long(a) for a in args))

    def add_key(self, desc: bytes, payload: bytes, keyring: int) -> int:
        buffer = self._ct.create_string_buffer(payload, len(payload))
        try:
            return self._call(
                self._long(self._add_key),
                self._ct.c_char_p(KEY_TYPE),
                self._ct.c_char_p(desc),
                buffer,
                self._ct.c_size_t(len(payload)),
                self._long(keyring),
            )
        finally:
            self._ct.memset(buffer, 0, len(payload))

    def search(self, keyring: int, desc: bytes) -> int:
        ct = self._ct
        return self._call(
            self._long(self._keyctl),
            self._long(KEYCTL_SEARCH),
            self._long(keyring),
            ct.c_char_p(KEY_TYPE),
            ct.c_char_p(desc),
            self._long(0),  # link the found key nowhere
        )

    def read(self, key: int) -> bytes:
        ct = self._ct
        size = self.keyctl(KEYCTL_READ, key, 0, 0)
        for _ in range(3):  # the payload may be replaced between the two calls
            buffer = ct.create_string_buffer(max(size, 1))
            try:
                got = self._call(
                    self._long(self._keyctl), self._long(KEYCTL_READ), self._long(key), buffer, ct.c_size_t(size)
                )
                if got <= size:
                    return buffer.raw[:got]
                size = got
            finally:
                ct.memset(buffer, 0, len(buffer))
        raise OSError(errno.EAGAIN, "the key kept changing while it was read")


def _open_kernel(numbers: tuple[int, int]) -> _Kernel:
    return _Kernel(numbers)


def _why(code: int) -> str:
    if code == errno.ENOSYS:
        return "this kernel has no keyring support"
    if code in (errno.EPERM, errno.EACCES):
        return "a sandbox forbids the kernel keyring here (Docker's default seccomp profile does)"
    if code == errno.EDQUOT:
        return "this user's kernel keyring quota is full"
    return f"the kernel keyring answered: {os.strerror(code)}"


# -- the keyring ----------------------------------------------------------------------
class Keyring:
    """What ``Store`` calls; each method answers "nothing here" where the keyring
    cannot be used, with ``available()`` saying why. ``clock`` (epoch seconds) is the
    real time by default, as the kernel's timeout is: not the store's pinned ``now``."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._kernel: _Kernel | None = None
        self._status: tuple[bool, str] | None = None

    def available(self) -> tuple[bool, str]:
        """(True, "") or (False, why not): asked once, at the first use."""
        if self._status is None:
            self._status = self._probe()
        return self._status

    def _probe(self) -> tuple[bool, str]:
        system, machine, bits, multiarch = this_platform()
        if system == "android":
            return False, "Android's app sandbox does not allow the kernel keyring"
        if not system.startswith("linux"):
            return False, "the kernel keyring is a Linux feature"
        numbers = syscall_numbers(system, machine, bits, multiarch)
        if numbers is None:
            return False, f"cuelog does not know the keyring system calls of {machine or 'this machine'} ({bits}-bit)"
        try:
            kernel = _open_kernel(numbers)
            kernel.keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_USER_KEYRING, 1)
        except OSError as exc:
            return False, _why(exc.errno or 0)
        except (ImportError, AttributeError):
            return False, "this Python has no ctypes to reach the kernel keyring"
        self._kernel = kernel
        return True, ""

    def _ready(self) -> _Kernel | None:
        return self._kernel if self.available()[0] else None

    def _find(self, key_path: Path) -> int | None:
        kernel = self._ready()
        if kernel is None:
            return None
        try:
            return kernel.search(KEY_SPEC_USER_KEYRING, description(key_path))
        except OSError:  # ENOKEY, or EKEYEXPIRED/EKEYREVOKED until the kernel collects it
            return None

    def _drop(self, key: int) -> None:
        kernel = self._ready()
        if kernel is None:
            return
        try:
            kernel.keyctl(KEYCTL_INVALIDATE, key)
            return
        except OSError:
            pass
        for operation, args in ((KEYCTL_REVOKE, (key,)), (KEYCTL_UNLINK, (key, KEY_SPEC_USER_KEYRING))):
            try:
                kernel.keyctl(operation, *args)
            except OSError:
                pass

    def _current(self, key_path: Path, fingerprint: str | None) -> Payload | None:
        """The entry of ``key_path`` if it is whole, not expired and (given a
        fingerprint) for that key file; any other entry is dropped on sight."""
        key = self._find(key_path)
        if key is None:
            return None
        try:
            payload = decode_payload(self._kernel.read(key))  # type: ignore[union-attr]
        except OSError:
            return None
        if (
            payload is None
            or payload.expires <= self._clock()
            or (fingerprint is not None and payload.fingerprint != fingerprint)
        ):
            self._drop(key)
            return None
        return payload

    def load(self, key_path: Path, fingerprint: str) -> str | None:
        """The identity kept for this key file, or None (absent, expired, stale, unavailable)."""
        payload = self._current(key_path, fingerprint)
        return payload.secret if payload else None

    def until(self, key_path: Path, fingerprint: str | None = None) -> datetime | None:
        """When the entry for this key file runs out (local time), or None."""
        payload = self._current(key_path, fingerprint)
        return datetime.fromtimestamp(payload.expires).astimezone() if payload else None

    def save(self, key_path: Path, fingerprint: str, secret: str, seconds: int) -> tuple[bool, str]:
        """Keep ``secret`` for ``seconds`` (1 s to 12 h): (True, "") or (False, why not).
        Replaces an earlier entry for the same key file."""
        check_duration(seconds)
        payload = encode_payload(int(self._clock()) + seconds, fingerprint, secret)
        kernel = self._ready()
        if kernel is None:
            return self.available()
        self.forget(key_path)
        try:
            key = kernel.add_key(description(key_path), payload, KEY_SPEC_PROCESS_KEYRING)
        except OSError as exc:
            return False, _why(exc.errno or 0)
        try:
            # The timeout before the key is visible anywhere else; then the same uid may
            # use it, group and others not.
            kernel.keyctl(KEYCTL_SET_TIMEOUT, key, seconds)
            kernel.keyctl(KEYCTL_LINK, key, KEY_SPEC_USER_KEYRING)
            kernel.keyctl(KEYCTL_SETPERM, key, PERMISSIONS)
        except OSError as exc:
            self._drop(key)
            return False, _why(exc.errno or 0)
        finally:
            try:
                kernel.keyctl(KEYCTL_UNLINK, key, KEY_SPEC_PROCESS_KEYRING)
            except OSError:
                pass
        return True, ""

    def forget(self, key_path: Path) -> bool:
        """Remove the entry for this key file now; whether there was one."""
        key = self._find(key_path)
        if key is None:
            return False
        self._drop(key)
        return True
