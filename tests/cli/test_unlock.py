"""Unlock once per sitting (issue 13, part 2): the journal's key kept in the kernel keyring.

Through the Python API (``Store`` on real files made by ``Store.encrypt()``) now; the
console-script tests at the end are drafted for when ``cuelog unlock`` / ``cuelog lock``
are wired into the CLI, and skipped until then. Each test has its own store path, so its
own keyring entry, and locks it again whatever happens.
"""

from __future__ import annotations

import fcntl
import os
import re
import stat
import subprocess
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from cuelog.errors import InputError, StoreError
from cuelog.models import Cues, Entry, new_id
from cuelog.store import Store
from cuelog.store import keyring as keyring_mod
from cuelog.store.crypt import KeyFileError, unwrap_with_passphrase
from cuelog.store.keyring import Keyring, KeyringUnavailable
from tests.cli.conftest import PASSPHRASE
from tests.conftest import CUELOG

CET = timezone(timedelta(hours=1))
KERNEL_OK, KERNEL_WHY = Keyring().available()
needs_keyring = pytest.mark.skipif(not KERNEL_OK, reason=f"no kernel keyring here: {KERNEL_WHY}")
wired_with_the_cli = pytest.mark.skip(reason="wired with the CLI")


def _never(purpose: str) -> str:
    raise AssertionError(f"the passphrase was asked ({purpose})")


def _open(path: Path, passphrase=_never, keyring: Keyring | None = None) -> Store:
    """A new Store, as the next command would make it."""
    return Store(path, passphrase=passphrase, keyring=keyring or Keyring(), state_dir=path.parent.parent / "state")


@pytest.fixture
def journal(home, tmp_path) -> Path:
    """An encrypted journal with one craving, its own keyring entry locked afterwards."""
    path = tmp_path / "store" / "cuelog.json"
    store = _open(path, passphrase=lambda purpose: PASSPHRASE)
    at = datetime(2026, 11, 10, 21, 0, tzinfo=CET)
    with store.write() as tx:
        tx.add(Entry(id=new_id(), kind="craving", at=at, logged_at=at, intensity=6, cues=Cues(place=("zanzibar",))))
    store.encrypt()
    try:
        yield path
    finally:
        _open(path).lock()


def _identity(path: Path) -> str:
    raw = path.with_name(path.name + ".key").read_bytes()
    return unwrap_with_passphrase(raw, PASSPHRASE, "key").decode().strip()


def _places(store: Store) -> list[str]:
    return [place for entry in store.read().entries() for place in entry.cues.place]


@needs_keyring
def test_unlock_then_the_next_command_needs_no_passphrase(journal):
    before = time.time()
    until = _open(journal, passphrase=lambda purpose: PASSPHRASE).unlock(900)
    assert until.tzinfo is not None and before + 899 <= until.timestamp() <= time.time() + 900
    assert _places(_open(journal)) == ["zanzibar"]
    assert _open(journal).unlocked_until() == until


@needs_keyring
def test_unlock_asks_the_passphrase_once(journal):
    asked = []
    store = _open(journal, passphrase=lambda purpose: asked.append(purpose) or PASSPHRASE)
    store.unlock(60)
    assert asked == ["open"]
    assert _places(store) == ["zanzibar"] and asked == ["open"]


@needs_keyring
def test_a_wrong_passphrase_keeps_nothing(journal):
    with pytest.raises(KeyFileError, match="wrong passphrase") as caught:
        _open(journal, passphrase=lambda purpose: "wrong horse battery").unlock(900)
    assert caught.value.exit_code == 1
    assert _open(journal).unlocked_until() is None
    with pytest.raises(StoreError, match="no passphrase"):
        _open(journal, passphrase=None).read()


@needs_keyring
def test_lock_then_the_passphrase_is_needed_again(journal):
    asked = []
    store = _open(journal, passphrase=lambda purpose: asked.append(purpose) or PASSPHRASE)
    store.unlock(900)
    assert _open(journal).lock() is True
    with pytest.raises(StoreError, match="no passphrase"):
        _open(journal, passphrase=None).read()
    assert _open(journal).unlocked_until() is None
    assert _open(journal).lock() is False
    store.lock()  # the same Store drops the key it holds as well
    assert _places(store) == ["zanzibar"] and asked == ["open", "open"]


@needs_keyring
def test_extending_needs_the_passphrase_too(journal):
    _open(journal, passphrase=lambda purpose: PASSPHRASE).unlock(900)
    with pytest.raises(StoreError, match="no passphrase"):
        _open(journal, passphrase=None).unlock(900)
    with pytest.raises(KeyFileError, match="wrong passphrase"):
        _open(journal, passphrase=lambda purpose: "wrong horse battery").unlock(900)
    assert _places(_open(journal)) == ["zanzibar"]  # the earlier unlock still holds


@needs_keyring
def test_the_payloads_expiry_is_kept(journal):
    now = [time.time()]

    def clock() -> float:
        return now[0]

    _open(journal, passphrase=lambda purpose: PASSPHRASE, keyring=Keyring(clock)).unlock(900)
    now[0] += 899
    assert _places(_open(journal, keyring=Keyring(clock))) == ["zanzibar"]
    now[0] += 1
    with pytest.raises(StoreError, match="no passphrase"):
        _open(journal, passphrase=None, keyring=Keyring(clock)).read()
    assert _open(journal).unlocked_until() is None  # and it was dropped


@needs_keyring
def test_a_new_key_file_ignores_the_old_entry(journal):
    store = _open(journal, passphrase=lambda purpose: PASSPHRASE)
    store.unlock(900)
    store.decrypt()
    store.encrypt()  # a new identity in a new key file
    assert _open(journal).unlocked_until() is None
    with pytest.raises(StoreError, match="no passphrase"):
        _open(journal, passphrase=None).read()


def test_unlocking_a_plain_journal_is_refused(home, tmp_path):
    path = tmp_path / "store" / "cuelog.json"
    with pytest.raises(InputError, match="not encrypted") as caught:
        _open(path).unlock(900)
    assert caught.value.exit_code == 2
    assert _open(path).unlocked_until() is None and _open(path).lock() is False


@pytest.mark.parametrize("seconds", [0, -5, 12 * 3600 + 1])
def test_unlock_refuses_a_duration_outside_the_limits(journal, seconds):
    with pytest.raises(InputError) as caught:
        _open(journal).unlock(seconds)  # before asking anything
    assert caught.value.exit_code == 2
    assert _open(journal).unlocked_until() is None


@pytest.mark.parametrize(
    "platform, why", [(("darwin", "arm64", 64, ""), "Linux"), (("android", "aarch64", 64, ""), "Android")]
)
def test_without_a_kernel_keyring_unlock_says_so_without_asking(journal, monkeypatch, platform, why):
    monkeypatch.setattr(keyring_mod, "this_platform", lambda: platform)
    with pytest.raises(KeyringUnavailable, match="cannot keep the journal unlocked") as caught:
        _open(journal).unlock(900)
    assert why in caught.value.message and "passphrase" in caught.value.hint
    assert caught.value.exit_code == 1
    # and commands go on asking for the passphrase
    assert _places(_open(journal, passphrase=lambda purpose: PASSPHRASE)) == ["zanzibar"]
    assert _open(journal).unlocked_until() is None and _open(journal).lock() is False


def test_a_store_without_a_keyring_cannot_unlock(journal):
    store = Store(journal, passphrase=_never, state_dir=journal.parent.parent / "state")
    with pytest.raises(KeyringUnavailable):
        store.unlock(900)
    assert store.unlocked_until() is None and store.lock() is False


# -- the secret stays in the kernel ----------------------------------------------------
def _files_holding(folder: Path, needles: list[bytes]) -> list[str]:
    """Regular files below ``folder`` (not following links, none over 16 MiB) that hold a needle."""
    found = []
    for root, _dirs, names in os.walk(folder, onerror=lambda exc: None):
        for name in names:
            path = os.path.join(root, name)
            try:
                info = os.lstat(path)
                if not stat.S_ISREG(info.st_mode) or info.st_size > 16 << 20:
                    continue
                with open(path, "rb") as handle:
                    data = handle.read()
            except OSError:
                continue
            if any(needle in data for needle in needles):
                found.append(path)
    return found


def _places_to_scan(journal: Path) -> list[Path]:
    places = [journal.parent, Path(os.environ["HOME"])]
    if os.environ.get("XDG_RUNTIME_DIR"):
        places.append(Path(os.environ["XDG_RUNTIME_DIR"]))
    return places


@needs_keyring
def test_after_unlock_the_secret_is_on_no_disk_and_in_no_environment(journal):
    secret = _identity(journal)
    _open(journal, passphrase=lambda purpose: PASSPHRASE).unlock(900)
    assert _places(_open(journal)) == ["zanzibar"]
    for place in _places_to_scan(journal):
        assert _files_holding(place, [b"AGE-SECRET-KEY", secret.encode()]) == [], place
    # Anything in /tmp may hold some age identity (other programs' tests): this one's, never.
    assert _files_holding(Path("/tmp"), [secret.encode(), secret.lower().encode()]) == []
    assert not any("AGE-SECRET-KEY" in value for value in os.environ.values())
    assert b"AGE-SECRET-KEY" not in Path(f"/proc/{os.getpid()}/environ").read_bytes()


# -- through the console script, once the CLI has `unlock` and `lock` -------------------
@pytest.fixture
def encrypted(cuelog, db, passphrase_file):
    """An encrypted journal made through the console script; locked again afterwards."""
    assert cuelog("craving", "6", "--place", "zanzibar", "--at", "2026-11-09 20:00").code == 0
    assert cuelog("--passphrase-file", str(passphrase_file), "encrypt").code == 0
    try:
        yield db
    finally:
        cuelog("lock")


def _asks_for_a_passphrase(result) -> bool:
    return result.code == 1 and "passphrase" in result.err and "Traceback" not in result.err


def test_cli_unlock_then_craving_needs_no_passphrase(cuelog, encrypted, passphrase_file):
    r = cuelog("--passphrase-file", str(passphrase_file), "unlock", "--for", "15m")
    assert r.code == 0, r.err
    r = cuelog("craving", "5")  # no --passphrase-file, no CUELOG_PASSPHRASE_FILE, no terminal
    assert r.code == 0, r.err
    assert "zanzibar" in cuelog("list").out


def test_cli_lock_then_craving_asks_for_the_passphrase(cuelog, encrypted, passphrase_file):
    assert cuelog("--passphrase-file", str(passphrase_file), "unlock").code == 0
    r = cuelog("lock")
    assert r.code == 0, r.err
    assert _asks_for_a_passphrase(cuelog("craving", "5"))


def test_cli_unlock_runs_out(cuelog, encrypted, passphrase_file):
    assert cuelog("--passphrase-file", str(passphrase_file), "unlock", "--for", "2s").code == 0
    started = time.monotonic()
    while cuelog("list").code == 0:  # the kernel removes the key about 2 s after unlock
        assert time.monotonic() - started < 8, "still unlocked well after --for 2s"
        time.sleep(0.2)
    assert _asks_for_a_passphrase(cuelog("craving", "5"))


def test_cli_status_says_until_when(cuelog, encrypted, passphrase_file):
    assert "unlocked" not in cuelog("--passphrase-file", str(passphrase_file), "status").out
    assert cuelog("--passphrase-file", str(passphrase_file), "unlock", "--for", "1h").code == 0
    expected = (datetime.now() + timedelta(hours=1)).strftime("%H:%M")
    match = re.search(r"unlocked until (\d\d:\d\d)", cuelog("status").out)
    assert match, "status does not say until when the journal is unlocked"
    later = (datetime.now() + timedelta(hours=1, minutes=1)).strftime("%H:%M")
    assert match[1] in (expected, later)


def test_cli_unlock_with_a_wrong_passphrase_keeps_nothing(cuelog, encrypted, tmp_path):
    wrong = tmp_path / "wrong"
    wrong.write_text("wrong horse battery\n")
    wrong.chmod(0o600)
    r = cuelog("--passphrase-file", str(wrong), "unlock")
    assert r.code == 1 and "wrong passphrase" in r.err
    assert _asks_for_a_passphrase(cuelog("craving", "5"))


@pytest.mark.parametrize("duration", ["13h", "0s", "15", "soon"])
def test_cli_unlock_refuses_a_bad_duration(cuelog, encrypted, passphrase_file, duration):
    r = cuelog("--passphrase-file", str(passphrase_file), "unlock", "--for", duration)
    assert r.code == 2 and r.err.startswith("cuelog: error: ")
    assert _asks_for_a_passphrase(cuelog("craving", "5"))


def test_cli_no_secret_on_disk_or_in_a_running_cuelogs_environment(cuelog, encrypted, passphrase_file):
    secret = _identity(encrypted)
    assert cuelog("--passphrase-file", str(passphrase_file), "unlock").code == 0
    # Hold the store's lock so the next cuelog is caught running, waiting for its turn.
    lock_path = encrypted.with_name(encrypted.name + ".lock")
    with open(lock_path, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        proc = subprocess.Popen(
            [CUELOG, "craving", "5"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "CUELOG_LOCK_TIMEOUT": "30"},
        )
        try:
            environ = Path(f"/proc/{proc.pid}/environ").read_bytes()
            cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes()
            assert proc.poll() is None, "cuelog ended before it could be looked at"
            assert b"AGE-SECRET-KEY" not in environ and b"AGE-SECRET-KEY" not in cmdline
            assert secret.encode() not in environ + cmdline
        finally:
            fcntl.flock(held, fcntl.LOCK_UN)
        _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    for place in _places_to_scan(encrypted):
        assert _files_holding(place, [b"AGE-SECRET-KEY", secret.encode()]) == [], place
    assert _files_holding(Path("/tmp"), [secret.encode()]) == []
