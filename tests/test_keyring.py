"""The kernel keyring that keeps an unlocked journal's key: durations, the payload, the
system-call table (pure), then the real user keyring where this machine has one."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cuelog.errors import InputError
from cuelog.store import keyring as keyring_mod
from cuelog.store.keyring import (
    MAX_SECONDS,
    PERMISSIONS,
    Keyring,
    Payload,
    decode_payload,
    description,
    encode_payload,
    format_duration,
    parse_duration,
    syscall_numbers,
)

SECRET = "AGE-SECRET-KEY-1" + "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L" * 2
OTHER = "AGE-SECRET-KEY-1" + "L7AUM6ECHK45NJ3S0WDVT2FG8X9YRZPQ" * 2
FP = "0123456789abcdef0123456789abcdef"
FP2 = "fedcba9876543210fedcba9876543210"

KERNEL_OK, KERNEL_WHY = Keyring().available()
needs_keyring = pytest.mark.skipif(not KERNEL_OK, reason=f"no kernel keyring here: {KERNEL_WHY}")


# -- durations ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, seconds",
    [
        ("15m", 900),
        ("1h", 3600),
        ("90s", 90),
        ("2h30m", 9000),
        ("1h30m15s", 5415),
        ("2s", 2),
        ("12h", MAX_SECONDS),
        ("720m", MAX_SECONDS),
        (" 2H30M ", 9000),
        ("2h 30m", 9000),
        ("0h1s", 1),
    ],
)
def test_parse_duration(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    "text", ["", " ", "15", "m", "h30", "1d", "-5m", "+5m", "1.5h", "15 minutes", "30m2h", "5m5m", "1e3s", "١٥m"]
)
def test_parse_duration_refuses_what_is_not_a_duration(text):
    with pytest.raises(InputError) as caught:
        parse_duration(text)
    assert caught.value.exit_code == 2
    assert "15m" in caught.value.hint


@pytest.mark.parametrize("text", ["12h1s", "13h", "721m", "43201s", "99999h"])
def test_parse_duration_refuses_more_than_twelve_hours(text):
    with pytest.raises(InputError, match="at most 12 hours") as caught:
        parse_duration(text)
    assert caught.value.exit_code == 2


@pytest.mark.parametrize("text", ["0s", "0m", "0h0m0s"])
def test_parse_duration_refuses_zero_which_the_kernel_reads_as_forever(text):
    with pytest.raises(InputError, match="at least one second"):
        parse_duration(text)


@given(st.integers(min_value=1, max_value=MAX_SECONDS))
def test_format_then_parse_duration(seconds):
    assert parse_duration(format_duration(seconds)) == seconds


# -- payload --------------------------------------------------------------------------
def test_payload_round_trip():
    raw = encode_payload(1_790_000_000, FP, SECRET)
    payload = decode_payload(raw)
    assert isinstance(payload, Payload)
    assert (payload.expires, payload.fingerprint, payload.secret) == (1_790_000_000, FP, SECRET)
    assert raw.count(b"\n") == 4 and raw.endswith(SECRET.encode() + b"\n")


def test_payload_repr_holds_no_secret():
    payload = decode_payload(encode_payload(1, FP, SECRET))
    assert repr(payload) == f"Payload(expires=1, fingerprint={FP!r})" == str(payload)


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"garbage",
        encode_payload(5, FP, SECRET).replace(b"cuelog unlocked key 1", b"cuelog unlocked key 2"),
        encode_payload(5, FP, SECRET)[:-1],  # no final newline
        encode_payload(5, FP, SECRET) + b"extra\n",
        encode_payload(5, FP, SECRET).replace(b"expires 5", b"expires -5"),
        encode_payload(5, FP, SECRET).replace(b"expires 5", b"expires 5.0"),
        encode_payload(5, FP, SECRET).replace(b"expires 5", b"expires 99999999999999"),
        encode_payload(5, FP, SECRET).replace(FP.encode(), FP.upper().encode()),
        encode_payload(5, FP, SECRET).replace(FP.encode(), FP[:-1].encode()),
        encode_payload(5, FP, SECRET).replace(b"AGE-SECRET-KEY-1", b"AGE-PLUGIN-KEY-1"),
        encode_payload(5, FP, SECRET).replace(SECRET.encode(), SECRET.lower().encode()),
        encode_payload(5, FP, SECRET).replace(b"\n", b"\r\n"),
        encode_payload(5, FP, SECRET) + b"\xff",
    ],
)
def test_payload_refuses_anything_else(raw):
    assert decode_payload(raw) is None


def test_encode_errors_never_show_the_secret():
    for bad in (SECRET + " ", SECRET.lower(), SECRET + "\nexpires 9"):
        with pytest.raises(ValueError) as caught:
            encode_payload(5, FP, bad)
        assert "SECRET-KEY" not in str(caught.value) and SECRET.lower() not in str(caught.value)


def test_description_is_per_resolved_path(tmp_path, monkeypatch):
    a, b = tmp_path / "a" / "cuelog.json.key", tmp_path / "b" / "cuelog.json.key"
    assert description(a) != description(b)
    assert description(a).startswith(b"cuelog:") and len(description(a)) == len("cuelog:") + 24
    monkeypatch.chdir(tmp_path)
    assert description(Path("a/cuelog.json.key")) == description(a)
    (tmp_path / "a").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "a")
    assert description(tmp_path / "link" / "cuelog.json.key") == description(a)
    assert str(tmp_path).encode() not in description(a)


# -- system calls and permissions -----------------------------------------------------
@pytest.mark.parametrize(
    "platform, numbers",
    [
        (("linux", "x86_64", 64, "x86_64-linux-gnu"), (248, 250)),
        (("linux", "aarch64", 64, "aarch64-linux-gnu"), (217, 219)),
        (("linux", "arm64", 64, ""), (217, 219)),
        (("linux", "i686", 32, "i386-linux-gnu"), (286, 288)),
        (("linux", "x86_64", 32, "i386-linux-gnu"), (286, 288)),  # 32-bit Python on a 64-bit kernel
        (("linux", "x86_64", 32, "x86_64-linux-gnux32"), None),
        (("linux", "armv7l", 32, "arm-linux-gnueabihf"), (309, 311)),
        (("linux", "armv6l", 32, ""), (309, 311)),
        (("linux", "aarch64", 32, "arm-linux-gnueabihf"), (309, 311)),
        (("linux", "aarch64", 32, "aarch64-linux-gnu_ilp32"), None),
        (("linux", "armv5tel", 32, "arm-linux-gnu"), None),  # the old ARM ABI
        (("linux", "riscv64", 64, "riscv64-linux-gnu"), None),
        (("linux", "ppc64le", 64, "powerpc64le-linux-gnu"), None),
        (("linux", "s390x", 64, "s390x-linux-gnu"), None),
        (("darwin", "arm64", 64, ""), None),
        (("freebsd14", "amd64", 64, ""), None),
        (("win32", "AMD64", 64, ""), None),
    ],
)
def test_syscall_numbers(platform, numbers):
    assert syscall_numbers(*platform) == numbers


def test_permissions_give_group_and_others_nothing():
    assert PERMISSIONS == 0x2F2F0000
    assert PERMISSIONS & 0xFFFF == 0  # group, other
    assert PERMISSIONS & 0x10100000 == 0  # nobody may link it elsewhere


@pytest.mark.parametrize(
    "platform, why",
    [
        (("darwin", "arm64", 64, ""), "Linux"),
        (("android", "aarch64", 64, ""), "Android"),
        (("linux", "riscv64", 64, ""), "riscv64"),
    ],
)
def test_unavailable_platforms_answer_nothing_and_never_raise(monkeypatch, tmp_path, platform, why):
    monkeypatch.setattr(keyring_mod, "this_platform", lambda: platform)
    monkeypatch.setattr(keyring_mod, "_open_kernel", lambda numbers: pytest.fail("no system call may be tried"))
    ring = Keyring()
    ok, reason = ring.available()
    assert not ok and why in reason
    path = tmp_path / "cuelog.json.key"
    assert ring.save(path, FP, SECRET, 60) == (False, reason)
    assert ring.load(path, FP) is None and ring.until(path) is None and ring.forget(path) is False


@pytest.mark.parametrize(
    "code, why",
    [(errno.EPERM, "seccomp"), (errno.ENOSYS, "no keyring support"), (errno.EDQUOT, "quota")],
)
def test_a_kernel_that_refuses_is_unavailable(monkeypatch, tmp_path, code, why):
    class Refusing:
        def keyctl(self, *args):
            raise OSError(code, os.strerror(code))

    monkeypatch.setattr(keyring_mod, "this_platform", lambda: ("linux", "x86_64", 64, ""))
    monkeypatch.setattr(keyring_mod, "_open_kernel", lambda numbers: Refusing())
    ring = Keyring()
    ok, reason = ring.available()
    assert not ok and why in reason
    assert ring.load(tmp_path / "k", FP) is None and ring.save(tmp_path / "k", FP, SECRET, 60) == (False, reason)


def test_save_refuses_a_duration_outside_the_limits(tmp_path):
    for seconds in (0, -1, MAX_SECONDS + 1):
        with pytest.raises(InputError):
            Keyring().save(tmp_path / "k", FP, SECRET, seconds)


def test_importing_and_making_a_keyring_loads_no_ctypes():
    code = (
        "import sys; from cuelog.store.keyring import Keyring, parse_duration; "
        "Keyring(); parse_duration('15m'); print('ctypes' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# -- the real user keyring ------------------------------------------------------------
@pytest.fixture
def key_path(tmp_path):
    """A key file path of its own, so its own keyring entry; forgotten afterwards."""
    path = tmp_path / "store" / "cuelog.json.key"
    yield path
    Keyring().forget(path)


def _proc_keys_line(path: Path) -> list[str]:
    """The live entries of ``path`` in /proc/keys (an invalidated one shows, flagged 'i',
    until the kernel collects it)."""
    desc = description(path).decode()
    with open("/proc/keys") as keys:
        lines = [line.split() for line in keys]
    return [" ".join(f) for f in lines if f[-2] == desc + ":" and not set(f[1]) & set("RDi")]


@needs_keyring
def test_save_load_forget(key_path):
    ring = Keyring()
    before = time.time()
    assert ring.save(key_path, FP, SECRET, 900) == (True, "")
    assert ring.load(key_path, FP) == SECRET
    until = ring.until(key_path, FP)
    assert until is not None and before + 899 <= until.timestamp() <= time.time() + 900
    assert ring.forget(key_path) is True
    assert ring.load(key_path, FP) is None and ring.until(key_path) is None
    assert ring.forget(key_path) is False


@needs_keyring
def test_the_entry_is_the_same_uid_only_and_has_a_timeout(key_path):
    assert Keyring().save(key_path, FP, SECRET, 600) == (True, "")
    [line] = _proc_keys_line(key_path)
    serial, flags, usage, timeout, perm, uid, gid, kind = line.split()[:8]
    assert perm == "2f2f0000" and kind == "user"
    assert timeout != "perm"  # the kernel will remove it by itself
    assert int(uid) == os.getuid()


@needs_keyring
def test_another_process_of_the_user_finds_it(key_path):
    """It lives in the user keyring, not in the process that saved it."""
    assert Keyring().save(key_path, FP, SECRET, 600) == (True, "")
    code = (
        "import sys; from pathlib import Path; from cuelog.store.keyring import Keyring; "
        f"print(Keyring().load(Path(sys.argv[1]), {FP!r}) == {SECRET!r})"
    )
    out = subprocess.run([sys.executable, "-c", code, str(key_path)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


@needs_keyring
def test_saved_from_a_process_that_exits_it_stays(key_path):
    code = (
        "import sys; from pathlib import Path; from cuelog.store.keyring import Keyring; "
        f"print(Keyring().save(Path(sys.argv[1]), {FP!r}, {SECRET!r}, 600))"
    )
    subprocess.run([sys.executable, "-c", code, str(key_path)], check=True, capture_output=True)
    assert Keyring().load(key_path, FP) == SECRET


@needs_keyring
def test_a_stale_fingerprint_is_ignored_and_dropped(key_path):
    ring = Keyring()
    ring.save(key_path, FP, SECRET, 600)
    assert ring.load(key_path, FP2) is None  # the key file was replaced since
    assert ring.until(key_path) is None and _proc_keys_line(key_path) == []


@needs_keyring
def test_an_expired_payload_is_ignored_and_dropped(key_path):
    clock = [1_800_000_000.0]
    ring = Keyring(clock=lambda: clock[0])
    ring.save(key_path, FP, SECRET, 60)
    assert ring.load(key_path, FP) == SECRET
    clock[0] += 59
    assert ring.until(key_path, FP).timestamp() == 1_800_000_060
    clock[0] += 1
    assert ring.load(key_path, FP) is None
    assert ring.forget(key_path) is False  # dropped from the kernel too


@needs_keyring
def test_the_kernel_removes_it_when_the_timeout_runs_out(key_path):
    frozen = time.time()
    ring = Keyring(clock=lambda: frozen)  # the payload's own expiry never passes: only the kernel's
    assert ring.save(key_path, FP, SECRET, 1) == (True, "")
    deadline = time.monotonic() + 5
    while ring.load(key_path, FP) is not None:
        assert time.monotonic() < deadline, "the kernel kept the key past its timeout"
        time.sleep(0.1)


@needs_keyring
def test_a_second_save_replaces_the_first(key_path):
    ring = Keyring()
    ring.save(key_path, FP, SECRET, 600)
    ring.save(key_path, FP2, OTHER, 300)
    assert ring.load(key_path, FP2) == OTHER
    assert len(_proc_keys_line(key_path)) == 1


@needs_keyring
def test_each_key_file_has_its_own_entry(tmp_path):
    a, b = tmp_path / "a" / "cuelog.json.key", tmp_path / "b" / "cuelog.json.key"
    ring = Keyring()
    try:
        ring.save(a, FP, SECRET, 600)
        ring.save(b, FP2, OTHER, 600)
        assert ring.load(a, FP) == SECRET and ring.load(b, FP2) == OTHER
        assert ring.forget(a) and ring.load(b, FP2) == OTHER
    finally:
        ring.forget(a)
        ring.forget(b)


@needs_keyring
def test_a_damaged_entry_is_dropped(key_path):
    ring = Keyring()
    assert ring.available()[0]
    kernel = ring._kernel
    key = kernel.add_key(description(key_path), b"not a cuelog payload", keyring_mod.KEY_SPEC_USER_KEYRING)
    assert key > 0
    assert ring.load(key_path, FP) is None
    assert _proc_keys_line(key_path) == []
