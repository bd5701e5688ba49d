"""Read-only folders and permissions, tried as a user who is refused (issue 24 §8).

root writes to read-only folders, so as root (CI) these tests drop privileges: the
installed script runs as ``nobody`` through ``setpriv`` (or ``runuser``), in a
temporary folder that user owns. Run as an ordinary user, they run as that user.
They are skipped only when no way to run the script unprivileged exists, and say why.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CUELOG, NOW, Result

NEXT_DAY = "2026-11-23T09:00:00+01:00"


def _prefixes() -> list[list[str]]:
    if os.geteuid() != 0:
        return [[]]
    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        return []
    found = []
    if shutil.which("setpriv"):
        found.append(["setpriv", f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups"])
    if shutil.which("runuser"):
        found.append(["runuser", "-u", "nobody", "--"])
    return found


class Unprivileged:
    """The installed script, run as a user who cannot write where it is refused."""

    def __init__(self, prefix: list[str], folder: Path) -> None:
        self.prefix = prefix
        self.folder = folder
        self.db = folder / "store" / "cuelog.json"

    def __call__(self, *args: str, env: dict | None = None, umask: int | None = None) -> Result:
        base = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.folder),
            "XDG_DATA_HOME": str(self.folder / "data"),
            "XDG_STATE_HOME": str(self.folder / "state"),
            "XDG_CACHE_HOME": str(self.folder / "cache"),
            "CUELOG_DB": str(self.db),
            "CUELOG_NOW": NOW,
            "TZ": "Europe/Berlin",
            "LANG": "C.UTF-8",
            "CUELOG_TEST_SCRYPT_LOG_N": "10",
        }
        proc = subprocess.run(
            [*self.prefix, CUELOG, *args],
            env={**base, **(env or {})},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            cwd=self.folder,
            preexec_fn=None if umask is None else (lambda: os.umask(umask)),
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def as_user() -> Iterator[Unprivileged]:
    folder = Path(tempfile.mkdtemp(prefix="cuelog-unprivileged-"))
    reasons = []
    try:
        for prefix in _prefixes():
            if prefix:
                uid = pwd.getpwnam("nobody").pw_uid
                os.chown(folder, uid, pwd.getpwnam("nobody").pw_gid)
            os.chmod(folder, 0o700)
            runner = Unprivileged(prefix, folder)
            probe = runner("--version")
            if probe.code == 0:
                denied = runner("--db", "/proc/1/root/x.json", "list")  # a sanity check that this user is refused
                if prefix and os.access("/proc/1/root", os.W_OK) and denied.code == 0:
                    reasons.append(f"{prefix[0]} did not drop privileges")
                    continue
                yield runner
                return
            reasons.append(f"{' '.join(prefix[:1]) or 'this user'}: {probe.err.strip()[:200]}")
        pytest.skip(
            "no way to run the installed cuelog as an unprivileged user here "
            f"(needs setpriv or runuser, a 'nobody' user, and a venv that user can read): {reasons or 'none found'}"
        )
    finally:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                os.chmod(path, 0o700)
        shutil.rmtree(folder, ignore_errors=True)


def _one_line_error(r: Result, code: int = 1) -> None:
    assert r.code == code, (r.code, r.out, r.err)
    assert r.err.startswith("cuelog: error: ") and len(r.err.splitlines()) <= 2, r.err
    assert "Traceback" not in r.err and "unexpected problem" not in r.err, r.err


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock") and "cuelog.json.backups" not in p.relative_to(folder).parts
    }


def _device_folder(db: Path) -> Path:
    [folder] = [p for p in db.with_name("cuelog.json.d").iterdir() if p.is_dir()]
    return folder


def test_it_really_runs_unprivileged(as_user):
    r = as_user("craving", "3")
    assert r.code == 0, r.err
    owner = os.stat(_device_folder(as_user.db)).st_uid
    assert owner != 0 or os.geteuid() != 0


def test_a_read_only_device_folder_is_one_line_and_changes_nothing(as_user):
    assert as_user("craving", "3").code == 0
    assert as_user("craving", "4").code == 0
    backups = as_user.db.with_name("cuelog.json.backups")
    [name] = [p.name for p in backups.iterdir()]
    folder = _device_folder(as_user.db)
    os.chmod(folder, stat.S_IRUSR | stat.S_IXUSR)
    before = _snapshot(as_user.db.parent)
    _one_line_error(as_user("doctor", "--restore", "--backup", name, "--yes"))
    _one_line_error(as_user("craving", "5"))
    _one_line_error(as_user("craving", "5", env={"CUELOG_NOW": NEXT_DAY}))
    secret = as_user.folder / "pass"
    secret.write_text("a long test passphrase\n")
    os.chmod(secret, 0o600)
    os.chown(secret, os.stat(as_user.folder).st_uid, os.stat(as_user.folder).st_gid)
    _one_line_error(as_user("encrypt", env={"CUELOG_PASSPHRASE_FILE": str(secret)}))
    assert not list(as_user.db.with_name("cuelog.json.backups").glob(".encrypting*"))  # no marker of a failed encrypt
    after = _snapshot(as_user.db.parent)
    after.pop("cuelog.json.key")  # kept, as after an interrupted encrypt: doctor names it
    assert after == before
    r = as_user("list", "--json")
    assert r.code == 0 and len(json.loads(r.out)) == 2, r.err
    r = as_user("doctor", "--json")
    assert "Traceback" not in r.err and "unexpected problem" not in r.err, r.err


def test_a_read_only_store_folder_still_reads(as_user):
    assert as_user("craving", "3").code == 0
    assert as_user("craving", "4").code == 0
    for path in [as_user.db.parent, *as_user.db.parent.rglob("*")]:
        if path.is_dir():
            os.chmod(path, stat.S_IRUSR | stat.S_IXUSR)
    before = _snapshot(as_user.db.parent)
    r = as_user("list", "--json")
    assert r.code == 0 and len(json.loads(r.out)) == 2, r.err
    assert as_user("status").code == 0
    _one_line_error(as_user("craving", "5", env={"CUELOG_NOW": NEXT_DAY}))
    _one_line_error(as_user("undo"))
    r = as_user("doctor")
    assert "Traceback" not in r.err and "unexpected problem" not in r.err, r.err
    assert _snapshot(as_user.db.parent) == before


def test_a_read_only_backups_folder_stops_the_first_write_of_a_day_cleanly(as_user):
    assert as_user("craving", "3").code == 0
    assert as_user("craving", "4").code == 0
    os.chmod(as_user.db.with_name("cuelog.json.backups"), stat.S_IRUSR | stat.S_IXUSR)
    before = _snapshot(as_user.db.parent)
    _one_line_error(as_user("craving", "5", env={"CUELOG_NOW": NEXT_DAY}))
    assert _snapshot(as_user.db.parent) == before
    os.chmod(as_user.db.with_name("cuelog.json.backups"), 0o700)
    assert as_user("craving", "5", env={"CUELOG_NOW": NEXT_DAY}).code == 0


def test_files_are_private_whatever_the_umask(as_user):
    assert as_user("craving", "3", umask=0).code == 0
    assert as_user("craving", "4", umask=0).code == 0
    assert as_user.db.with_name("cuelog.json.backups").is_dir()
    for path in as_user.db.parent.rglob("*"):
        mode = stat.S_IMODE(os.lstat(path).st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))
