"""Crash tests that cannot flake: the process is ended at every named step of the
commit protocol, for every operation, on a plain and an encrypted store.

The model is SQLite's crash tests: instead of killing at random moments and hoping
to land inside a write, ``CUELOG_TEST_CRASH_AT=STEP:N`` makes cuelog call
``os._exit`` the Nth time it reaches STEP (cuelog/store/files.py). A first run with
``CUELOG_TEST_TRACE_STEPS`` lists the steps an operation goes through; then each
is crashed in turn, on a fresh copy of the same store. After each crash:

* the journal reads as exactly the old one or exactly the new one (never half);
* an encrypted journal has no plaintext anywhere in its folder (after the next write);
* ``doctor`` finds nothing wrong (it removes what the crash left behind);
* a later write works and adds its entry.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import CUELOG, NOW

pytestmark = pytest.mark.slow

SECRET = "zanzibar-quokka"  # in notes: must never be readable in an encrypted store
PASSPHRASE = "a long test passphrase"
CRASH_EXIT = 77
NEXT_DAY = "2026-11-23T09:00:00+01:00"


def _run(folder: Path, *args: str, env: dict | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    base = {
        **os.environ,
        "CUELOG_DB": str(folder / "store" / "cuelog.json"),
        "XDG_STATE_HOME": str(folder / "state"),
        "CUELOG_NOW": NOW,
        "HOME": str(folder),
    }
    if (folder / "pass").exists():
        base["CUELOG_PASSPHRASE_FILE"] = str(folder / "pass")
    return subprocess.run(
        [CUELOG, *args],
        env={**base, **(env or {})},
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _ok(folder: Path, *args: str, **kw) -> subprocess.CompletedProcess:
    r = _run(folder, *args, **kw)
    assert r.returncode == 0, (args, r.stderr)
    return r


def _entries(folder: Path) -> list[str]:
    """The journal's entries, without the random ids new entries get (every other field,
    times included, is fixed by the pinned clock)."""
    listed = json.loads(_ok(folder, "list", "--json").stdout)
    return sorted(json.dumps({k: v for k, v in e.items() if k != "id"}, sort_keys=True) for e in listed)


def _state(folder: Path) -> tuple[list[str], bool]:
    return _entries(folder), _journal_encrypted(folder)


def _records(n: int, month: int, tag: str) -> list[dict]:
    out = []
    for i in range(n):
        at = f"2026-{month:02d}-{1 + i % 20:02d}T{8 + i % 12:02d}:{i % 60:02d}:00+01:00"
        out.append(
            {
                "id": f"{tag}{month:02d}{i:04d}",
                "kind": "craving",
                "at": at,
                "logged_at": at,
                "intensity": i % 11,
                "cues": {"place": [f"place {i % 4}"]},
                "coping": [],
                "note": f"{SECRET} {i}",
            }
        )
    return out


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, Path]:
    """A journal of three months with a quit date, a plan, check-ins and backups,
    once plain and once encrypted; each test works on a copy."""
    made = {}
    for mode in ("plain", "encrypted"):
        folder = tmp_path_factory.mktemp(f"template-{mode}")
        lines = "\n".join(json.dumps(r) for m in (9, 10, 11) for r in _records(12, m, "t")) + "\n"
        _ok(folder, "quit-date", "2026-10-01", "--substance", "cocaine")
        _ok(folder, "import", "-", stdin=lines)
        _ok(folder, "plan", "add", "--place", "place 1", f"call a friend {SECRET}")
        _ok(folder, "checkin", "--date", "2026-11-20", "--craving", "4", "--used")
        _ok(folder, "craving", "6", "--place", "bar", "--note", f"last {SECRET}")
        if mode == "encrypted":
            (folder / "pass").write_text(PASSPHRASE + "\n")
            (folder / "pass").chmod(0o600)  # a passphrase file others can read is refused
            _ok(folder, "encrypt")
            _ok(folder, "craving", "2", "--note", f"after encrypt {SECRET}")
        made[mode] = folder
    return made


def _copy(template: Path, where: Path) -> Path:
    target = where / "copy"
    shutil.copytree(template, target, symlinks=True)
    return target


def _passphrase_file(folder: Path) -> Path:
    path = folder / "pass"
    path.write_text(PASSPHRASE + "\n")
    path.chmod(0o600)  # a passphrase file others can read is refused
    return path


def _import_file(folder: Path) -> str:
    path = folder / "more.jsonl"
    path.write_text("\n".join(json.dumps(r) for m in (8, 10, 11) for r in _records(10, m, "n")) + "\n")
    return str(path)


def _backup_name(folder: Path) -> str:
    return sorted(p.name for p in (folder / "store" / "cuelog.json.backups").iterdir() if not p.name.startswith("."))[0]


# Each operation: (name, modes, setup(folder) -> args, extra env)
OPERATIONS = {
    "craving, first write of a day (backup)": (
        ("plain", "encrypted"),
        lambda f: ["craving", "5", "--note", f"new {SECRET}"],
        {"CUELOG_NOW": NEXT_DAY},
    ),
    "edit moving months": (("plain", "encrypted"), lambda f: ["edit", "t110003", "--at", "2026-10-25 10:00"], {}),
    "delete": (("plain", "encrypted"), lambda f: ["delete", "t100005", "--yes"], {}),
    "check-in replaced": (("plain", "encrypted"), lambda f: ["checkin", "--date", "2026-11-20", "--no-used"], {}),
    "import": (("plain", "encrypted"), lambda f: ["import", _import_file(f)], {}),
    "undo": (("plain", "encrypted"), lambda f: ["undo"], {}),
    "restore": (("plain", "encrypted"), lambda f: ["doctor", "--restore", "--backup", _backup_name(f), "--yes"], {}),
    "encrypt": (("plain",), lambda f: _passphrase_file(f) and ["encrypt"], {}),
    "decrypt": (("encrypted",), lambda f: ["decrypt"], {}),
}


def _steps(folder: Path, args: list[str], env: dict) -> list[tuple[str, int]]:
    trace = folder / "trace.txt"
    r = _run(folder, *args, env={**env, "CUELOG_TEST_TRACE_STEPS": str(trace)})
    assert r.returncode == 0, r.stderr
    counts: Counter = Counter()
    steps = []
    for step in trace.read_text().split():
        counts[step] += 1
        steps.append((step, counts[step]))
    return steps


def _plaintext_anywhere(folder: Path) -> list[str]:
    store = folder / "store"
    return [str(p.relative_to(store)) for p in store.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]


def _journal_encrypted(folder: Path) -> bool:
    heads = list((folder / "store" / "cuelog.json.d").glob("*/head.json"))
    return any(h.read_bytes().startswith(b"age-encryption.org/v1") for h in heads)


CASES = [(op, mode) for op, (modes, _, _) in OPERATIONS.items() for mode in modes]


@pytest.mark.parametrize("operation,mode", CASES, ids=[f"{op}-{mode}" for op, mode in CASES])
def test_a_crash_at_every_step_leaves_the_old_or_the_new_journal(templates, tmp_path, operation, mode):
    _, setup, env = OPERATIONS[operation]
    # The outcome of a clean run, and the steps it goes through.
    clean = _copy(templates[mode], tmp_path / "clean")
    before = _state(clean)
    args = setup(clean)
    steps = _steps(clean, args, env)
    after = _state(clean)
    assert steps and ("committed", 1) in steps, steps
    assert after != before
    for step, n in steps:
        folder = _copy(templates[mode], tmp_path / f"{step}-{n}")
        args = setup(folder)
        crashed = _run(folder, *args, env={**env, "CUELOG_TEST_CRASH_AT": f"{step}:{n}"})
        assert crashed.returncode == CRASH_EXIT, (step, n, crashed.stderr)
        now = _state(folder)
        assert now in (before, after), f"half-applied after a crash at {step}:{n}"
        committed = steps.index((step, n)) >= steps.index(("committed", 1))
        assert now == (after if committed else before), f"{step}:{n}"
        doctor = _run(folder, "doctor", "--json")
        assert doctor.returncode == 0 and json.loads(doctor.stdout)["ok"], (step, n, doctor.stdout, doctor.stderr)
        _ok(folder, "craving", "9", "--note", "a later write")
        assert len(_entries(folder)) == len(now[0]) + 1
        if _journal_encrypted(folder):
            assert _plaintext_anywhere(folder) == [], f"plaintext left after a crash at {step}:{n}"
        assert not list((folder / "store").rglob("*.tmp")), step
        shutil.rmtree(folder)
