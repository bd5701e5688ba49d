"""Shared fixtures: a private temp store, a fixed clock, and two ways to run cuelog.

``run`` calls ``cuelog.cli.main`` in-process (fast, for breadth); ``cuelog``
runs the installed console script in a subprocess with stdin closed and no
terminal, the way cron and scripts meet it.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

NOW = "2026-11-22T15:00:00+01:00"
TZ = "Europe/Berlin"

os.environ["TZ"] = TZ
time.tzset()
# New key files at a low scrypt work factor, so encrypted-store tests do not spend
# seconds per command in scrypt (a test-only hook; tests of the real factor unset it).
os.environ["CUELOG_TEST_SCRYPT_LOG_N"] = "10"

CUELOG = shutil.which("cuelog", path=str(Path(sys.executable).parent)) or shutil.which("cuelog")


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)

    @property
    def text(self) -> str:
        """stdout with whitespace folded: plain output wraps long lines."""
        return " ".join(self.out.split())


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes: to prove nothing changed."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


def device_folder(db: Path) -> Path:
    """This device's folder of the store (there is one in a test's store)."""
    [folder] = [p for p in db.with_name(db.name + ".d").iterdir() if p.is_dir()]
    return folder


def head_of(db: Path) -> dict:
    """This device's head document (plain stores only)."""
    return json.loads((device_folder(db) / "head.json").read_text())["head"]["1"]


def month_file(db: Path, month: str) -> Path:
    """The file that holds ``month`` of this device's records now."""
    return device_folder(db) / head_of(db)["months"][month]


@pytest.fixture
def home(tmp_path, monkeypatch):
    """An isolated HOME and XDG folders, never the real ones."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("TZ", TZ)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("CUELOG_PASSPHRASE_FILE", raising=False)
    return home


@pytest.fixture
def db(home, tmp_path, monkeypatch) -> Path:
    path = tmp_path / "store" / "cuelog.json"
    monkeypatch.setenv("CUELOG_DB", str(path))
    monkeypatch.setenv("CUELOG_NOW", NOW)
    return path


@pytest.fixture
def run(db, monkeypatch, capsys):
    """cuelog in-process: run("craving", "5") -> Result."""
    from cuelog.cli import main

    def invoke(*args: str, stdin: str = "") -> Result:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def cuelog(db):
    """The installed console script in a subprocess: stdin closed, no terminal."""
    assert CUELOG, "the cuelog console script is not installed"

    def invoke(*args: str, stdin: str | None = None, env: dict | None = None, timeout: float = 60) -> Result:
        proc = subprocess.run(
            [CUELOG, *args],
            input=stdin,
            stdin=None if stdin is not None else subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env={**os.environ, **(env or {})},
            timeout=timeout,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    return invoke
