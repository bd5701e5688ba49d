"""Through the installed console script, in subprocesses, stdin closed, no terminal:
what cron jobs and scripts actually meet."""

import json
import os
import random
import signal
import stat
import subprocess
import sys
import time

import pytest

from tests.conftest import CUELOG, snapshot


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_console_script_and_module(cuelog):
    from cuelog import __version__

    r = cuelog("--version")
    assert (r.code, r.out.strip(), r.err) == (0, f"cuelog {__version__}", "")
    proc = subprocess.run(
        [sys.executable, "-m", "cuelog", "--version"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0 and proc.stdout.strip() == f"cuelog {__version__}"


def test_data_on_stdout_errors_on_stderr(cuelog):
    ok = cuelog("craving", "5", "--place", "home", "--json")
    assert ok.code == 0 and ok.err == ""
    assert json.loads(ok.out)["cues"]["place"] == ["home"]
    bad = cuelog("craving", "12")
    assert bad.code == 2 and bad.out == ""
    assert bad.err.startswith("cuelog: error: ") and len(bad.err.splitlines()) <= 2


def test_default_store_location_and_modes(cuelog, home, monkeypatch):
    env = {"CUELOG_DB": ""}
    assert cuelog("craving", "4", env=env).code == 0
    folder = home / ".local" / "share" / "cuelog"
    assert mode(folder) == 0o700
    assert mode(folder / "cuelog.json") == 0o600
    assert mode(folder / "cuelog.json.d") == 0o700
    for path in (folder / "cuelog.json.d").rglob("*"):
        assert mode(path) == (0o700 if path.is_dir() else 0o600)


def test_umask_does_not_loosen_modes(cuelog, db):
    proc = subprocess.run(
        ["sh", "-c", f"umask 000; exec {CUELOG} craving 3"],
        env=os.environ,
        stdin=subprocess.DEVNULL,
        capture_output=True,
    )
    assert proc.returncode == 0
    assert mode(db) == 0o600 and mode(db.parent) == 0o700


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--json"],
        ["quit-date"],
        ["quit-date", "--json"],
        ["--help"],
        ["craving", "--help"],
        ["--version"],
    ],
)
def test_reading_commands_never_create_a_store(cuelog, db, args):
    r = cuelog(*args)
    assert r.code == 0, r.err
    assert not db.parent.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["craving"],
        ["craving", "11"],
        ["craving", "5", "--at", "2h"],
        ["lapse", "--at", "tomorrow-ish"],
        ["checkin", "--date", "2030-01-01", "--no-used"],
        ["edit", "zzzzzz", "--note", "x"],
        ["delete", "zzzz"],
        ["craving", "5", "--nope"],
        ["list", "--since", "2h"],
    ],
)
def test_bad_input_leaves_store_byte_identical(cuelog, db, args):
    assert cuelog("craving", "2", "--place", "home").code == 0
    before = snapshot(db.parent)
    r = cuelog(*args)
    assert r.code == 2, r.err
    assert r.err.startswith("cuelog: error: ") and "Traceback" not in r.err
    assert snapshot(db.parent) == before


def test_bad_input_on_missing_store_creates_nothing(cuelog, db):
    for args in (["craving", "11"], ["edit", "abcd", "--note", "x"], ["delete", "abcd", "--yes"]):
        assert cuelog(*args).code == 2
    assert not db.parent.exists()


CORRUPT = {
    "truncated": b'{"meta": {"1": {"app": "cuelog", "schema_version": 1}}, "attem',
    "garbage": b"\x00\x01 not json at all",
    "newer": json.dumps({"meta": {"1": {"app": "cuelog", "schema_version": 7}}}).encode(),
    "foreign": b'{"_default": {"1": {"x": 1}}}',
}


@pytest.mark.parametrize("kind", sorted(CORRUPT))
@pytest.mark.parametrize(
    "args",
    [
        ["craving", "5"],
        ["list"],
        ["checkin", "--no-used"],
        ["quit-date", "today"],
        ["quit-date"],
        ["edit", "abcd", "--note", "x"],
    ],
)
def test_unreadable_store_refused_and_untouched(cuelog, db, kind, args):
    db.parent.mkdir(parents=True)
    db.write_bytes(CORRUPT[kind])
    before = snapshot(db.parent)
    r = cuelog(*args)
    assert r.code == 1, (r.code, r.err)
    assert r.err.startswith("cuelog: error: ") and str(db) in r.err
    assert "Traceback" not in r.err
    assert snapshot(db.parent) == before


def test_corrupt_month_file_refused(cuelog, db):
    assert cuelog("craving", "5").code == 0
    from tests.conftest import month_file

    shard = month_file(db, "2026-11")
    shard.write_bytes(b'{"entries": {"1": ')
    before = snapshot(db.parent)
    for args in (["craving", "6"], ["list"]):
        r = cuelog(*args)
        assert r.code == 1 and shard.name in r.err
    assert snapshot(db.parent) == before


def test_locked_store_times_out_with_exit_1(cuelog, db):
    import fcntl

    assert cuelog("craving", "5").code == 0
    fd = os.open(db.with_name("cuelog.json.lock"), os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        before = snapshot(db.parent)
        r = cuelog("craving", "6", env={"CUELOG_LOCK_TIMEOUT": "0.3"})
        assert r.code == 1 and "locked" in r.err
        assert snapshot(db.parent) == before
        assert cuelog("list", "--json").code == 0  # readers never wait
    finally:
        os.close(fd)


def test_private_text_not_shown_on_unexpected_errors(cuelog, db, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = cuelog("--db", str(blocker / "cuelog.json"), "craving", "5", "--note", "my secret words")
    assert r.code == 1 and "secret" not in r.err and "Traceback" not in r.err
    assert r.err.startswith("cuelog: error: ")


PASSPHRASE = "a long test passphrase"


@pytest.fixture(params=["plain", "encrypted"])
def mode_of_store(request, db, tmp_path, monkeypatch):
    """The same safety tests on a plain and on an age-encrypted store."""
    if request.param == "encrypted":
        secret = tmp_path / "passphrase"
        secret.write_text(PASSPHRASE + "\n")
        secret.chmod(0o600)  # a passphrase file others can read is refused
        monkeypatch.setenv("CUELOG_PASSPHRASE_FILE", str(secret))
    return request.param


def _encrypt():
    subprocess.run([CUELOG, "encrypt"], check=True, stdin=subprocess.DEVNULL, capture_output=True)


def test_many_processes_writing_at_once_lose_nothing(db, mode_of_store, monkeypatch):
    # Each command on an encrypted store spends about a second in scrypt: fewer of them there.
    monkeypatch.setenv("CUELOG_LOCK_TIMEOUT", "300")  # a busy machine must not make this flaky
    writers, each, days = (8, 6, range(1, 9)) if mode_of_store == "plain" else (6, 3, range(1, 5))
    if mode_of_store == "encrypted":
        subprocess.run([CUELOG, "checkin", "--date", "2026-10-01", "--no-used"], check=True, stdin=subprocess.DEVNULL)
        _encrypt()
    script = f'for i in $(seq {each}); do "{CUELOG}" craving 5 --place "p$W" || exit 1; done'
    procs = [
        subprocess.Popen(["sh", "-c", script], env={**os.environ, "W": str(w)}, stdin=subprocess.DEVNULL)
        for w in range(writers)
    ]
    checkins = [
        subprocess.Popen(
            [CUELOG, "checkin", "--craving", str(d % 10), "--no-used", "--date", f"2026-11-{d:02d}"],
            stdin=subprocess.DEVNULL,
        )
        for d in days
    ]
    assert all(p.wait(timeout=600) == 0 for p in procs + checkins)
    found = json.loads(subprocess.run([CUELOG, "list", "--json"], capture_output=True, text=True).stdout)
    cravings = [e for e in found if e["kind"] == "craving"]
    assert len(cravings) == writers * each
    assert len({e["id"] for e in found}) == len(found)
    for w in range(writers):
        assert sum(e["cues"]["place"] == [f"p{w}"] for e in cravings) == each
    expected = [f"2026-11-{d:02d}" for d in days] + (["2026-10-01"] if mode_of_store == "encrypted" else [])
    assert sorted(e["date"] for e in found if e["kind"] == "checkin") == sorted(expected)


def test_sigkill_at_random_moments_smoke(db, mode_of_store):
    """A smoke test beside the exact crash tests (test_crash.py): kills at random moments,
    with no assumption about which outcome each one had; the journal is whole after each."""
    from datetime import datetime, timedelta

    from cuelog.models import Entry, new_id
    from cuelog.store import Store

    start = datetime(2026, 11, 1, 8, 0).astimezone()
    with Store(db).write() as journal:
        for i in range(3000):
            at = start + timedelta(minutes=7 * i)
            journal.add(Entry(id=new_id(), kind="craving", at=at, logged_at=at, intensity=i % 11, note="n" * 200))
    if mode_of_store == "encrypted":
        _encrypt()
    rng = random.Random(20261122)
    count = 3000
    for _ in range(8):
        proc = subprocess.Popen(
            [CUELOG, "craving", "5", "--note", "x" * rng.randint(1, 5000)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.0, 0.6))
        proc.send_signal(signal.SIGKILL)
        finished = proc.wait() == 0
        listed = subprocess.run([CUELOG, "list", "--json"], capture_output=True, text=True, check=True)
        now = len(json.loads(listed.stdout))
        assert now in (count, count + 1) and (now == count + 1 or not finished)
        count = now
    subprocess.run([CUELOG, "craving", "9"], check=True, stdin=subprocess.DEVNULL)
    listed = subprocess.run([CUELOG, "list", "--json"], capture_output=True, text=True, check=True)
    assert len(json.loads(listed.stdout)) == count + 1
    doctor = subprocess.run([CUELOG, "doctor", "--json"], capture_output=True, text=True)
    assert json.loads(doctor.stdout)["ok"], doctor.stdout
    assert [p.name for p in db.parent.rglob("*.tmp")] == []


def test_no_prompt_without_terminal(cuelog):
    start = time.monotonic()
    r = cuelog("craving", timeout=20)
    assert r.code == 2 and "INTENSITY" in r.err
    assert time.monotonic() - start < 15
    r = cuelog("delete", "abcd", timeout=20)
    assert r.code == 2


def test_encrypt_and_decrypt_racing_writers_lose_nothing(db, tmp_path, monkeypatch):
    """Writers keep logging while another process turns encryption on and off again and
    again: every craving that exited 0 is there, the journal opens, doctor is content.
    (On the old store a writer that had unlocked before decrypt committed with the old key
    after the key file was gone: the entry was lost and the journal locked.)"""
    secret = tmp_path / "passphrase"
    secret.write_text(PASSPHRASE + "\n")
    secret.chmod(0o600)  # a passphrase file others can read is refused
    monkeypatch.setenv("CUELOG_PASSPHRASE_FILE", str(secret))
    monkeypatch.setenv("CUELOG_LOCK_TIMEOUT", "300")  # a busy machine must not make this flaky
    subprocess.run([CUELOG, "craving", "1"], check=True, stdin=subprocess.DEVNULL)
    writers, each = 5, 6
    script = f'for i in $(seq {each}); do "{CUELOG}" craving 5 --place "p$W" --note "n$W-$i" || exit 1; done'
    procs = [
        subprocess.Popen(["sh", "-c", script], env={**os.environ, "W": str(w)}, stdin=subprocess.DEVNULL)
        for w in range(writers)
    ]
    toggles = 0
    while any(p.poll() is None for p in procs) or toggles < 4:
        which = "encrypt" if toggles % 2 == 0 else "decrypt"
        r = subprocess.run([CUELOG, which], stdin=subprocess.DEVNULL, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        toggles += 1
    assert all(p.wait(timeout=600) == 0 for p in procs)
    found = json.loads(subprocess.run([CUELOG, "list", "--json"], capture_output=True, text=True, check=True).stdout)
    notes = sorted(e["note"] for e in found if e["note"])
    assert notes == sorted(f"n{w}-{i}" for w in range(writers) for i in range(1, each + 1))
    doctor = subprocess.run([CUELOG, "doctor", "--json"], capture_output=True, text=True)
    assert json.loads(doctor.stdout)["ok"], doctor.stdout
    encrypted = db.with_name("cuelog.json.key").exists()
    heads = list(db.with_name("cuelog.json.d").glob("*/head.json"))
    assert all(h.read_bytes().startswith(b"age-encryption.org/v1") == encrypted for h in heads)
