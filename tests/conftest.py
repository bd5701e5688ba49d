"""Shared fixtures: a private temp store, a fixed clock, and two ways to run cuelog.

``run`` calls ``cuelog.cli.main`` in-process (fast, for breadth); ``cuelog``
runs the installed console script in a subprocess with stdin closed and no
terminal, the way cron and scripts meet it.

Every test also gets its tier here (``pytest_collection_modifyitems``), from what
its code reaches, so a new test needs no marker: ``pty`` (drives a pseudo-terminal
with pexpect), ``external`` (a tool ``.ci/run`` installs: age, chromium, jq, pandoc,
syncthing, tmux), ``process`` (starts a process: the installed script, a shell,
another Python) and ``unit`` only when none of these applies and it is not
``slow``. ``pytest -m unit`` is the loop while working; ``pytest`` runs every tier.
"""

from __future__ import annotations

import inspect
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import types
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
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))  # the settings file: never the person's own
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
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


# --- tiers -----------------------------------------------------------------------

# The tools .ci/run installs; a test that uses one skips naming it when it is missing.
TOOLS = frozenset({"age", "chromium", "jq", "pandoc", "syncthing", "tmux"})
TOOL_NAMED = re.compile(r"\b(" + "|".join(sorted(TOOLS)) + r")\b")
# Names in a test's reach that start a process (the pseudo-terminal's and the tools' aside).
STARTS_PROCESS = frozenset({"subprocess", "Popen", "CUELOG", "fork", "forkpty", "posix_spawn", "system"})
# Seconds each (measured with --durations on two cores), whatever else they do: the slow tier.
LONG = (
    "tests/test_benchmarks.py::test_quick_benchmark_runs",
    "tests/test_cache.py::test_outputs_are_the_same_with_and_without_the_cache",
    "tests/cli/test_fuzz.py::test_cli_never_crashes_and_rejections_change_nothing",
    "tests/cli/test_safety_cli.py::test_the_crisis_corpus_through_the_cli",
)


def _codes(obj) -> list[types.CodeType]:
    """The code objects of a function, a fixture's function or every method of a class."""
    obj = inspect.unwrap(getattr(obj, "__func__", obj))
    if isinstance(obj, types.FunctionType):
        return [obj.__code__]
    if isinstance(obj, type):
        return [c for value in vars(obj).values() for c in _codes(value)]
    if isinstance(obj, (staticmethod, classmethod, property)):
        return [c for f in (getattr(obj, "__func__", None), getattr(obj, "fget", None)) if f for c in _codes(f)]
    return []


def _ours(obj) -> bool:
    return (getattr(obj, "__module__", None) or "").partition(".")[0] == "tests"


def reach(*roots) -> tuple[set[str], set[str]]:
    """Every name the code of ``roots`` mentions and the strings those names hold,
    following the test suite's own helpers (functions, classes, fixtures' functions,
    helper modules' attributes) through their globals: what a test can do, read
    without running it."""
    names: set[str] = set()
    values: set[str] = set()
    seen: set[int] = set()
    todo = [r for r in roots if r is not None]
    while todo:
        obj = todo.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        glob = getattr(inspect.unwrap(getattr(obj, "__func__", obj)), "__globals__", None)
        if glob is None:
            glob = vars(sys.modules.get(getattr(obj, "__module__", ""), types))
        for code in _codes(obj):
            stack = [code]
            while stack:
                c = stack.pop()
                local = set(c.co_names)
                names |= local
                for const in c.co_consts:
                    if isinstance(const, types.CodeType):
                        stack.append(const)
                    elif isinstance(const, str) and {"importorskip", "import_module"} & local:
                        names.add(const)  # pytest.importorskip("pexpect")
                for name in local:
                    value = glob.get(name)
                    if isinstance(value, types.ModuleType) and value.__name__.partition(".")[0] == "tests":
                        todo += [getattr(value, n) for n in local if _ours(getattr(value, n, None))]
                    elif _ours(value) and (inspect.isfunction(value) or isinstance(value, type)):
                        todo.append(value)
                    elif isinstance(value, str):
                        values.add(value)
    return names, values


_REACHED: dict[tuple, tuple[set[str], set[str]]] = {}  # the cases of one parametrized test reach the same


def tiers_of(item) -> set[str]:
    """The tiers of one collected test (``unit`` when none of the others applies)."""
    fixtures = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
    roots = (getattr(item, "function", None), *(d.func for defs in fixtures.values() for d in defs if _ours(d.func)))
    if roots not in _REACHED:
        _REACHED[roots] = reach(*roots)
    names, values = _REACHED[roots]
    skips = " ".join(str(m.kwargs.get("reason", "")) for m in item.iter_markers("skipif"))
    tiers = set()
    if "pexpect" in names:
        tiers.add("pty")
    # A tool's path found by shutil.which (AGE = ...), the name it is kept under even when
    # missing, or the skip reason that names it.
    tools = {n.lower() for n in names if n.isupper()} | {Path(v).name for v in values if os.sep in v}
    if tools & TOOLS or TOOL_NAMED.search(skips):
        tiers.add("external")
    if names & STARTS_PROCESS:
        tiers.add("process")
    if not tiers and item.get_closest_marker("slow") is None:
        tiers.add("unit")
    return tiers


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid.partition("[")[0] in LONG:
            item.add_marker("slow")
        for tier in sorted(tiers_of(item)):
            item.add_marker(tier)


def _no_process(what: str):
    def refuse(*args, **kwargs):
        raise AssertionError(
            f"a unit-tier test started a process ({what}): tests/conftest.py's tiers_of did not see it; "
            "start it through subprocess, pexpect or CUELOG in the test's own code or helpers"
        )

    return refuse


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """A unit-tier test that starts a process fails: the tiers stay honest."""
    if item.get_closest_marker("unit") is None:
        return (yield)
    import pty

    patched = [(subprocess.Popen, "_execute_child"), (pty, "fork")]
    patched += [(os, n) for n in ("fork", "forkpty", "posix_spawn", "posix_spawnp", "system") if hasattr(os, n)]
    saved = [(owner, name, getattr(owner, name)) for owner, name in patched]
    for owner, name in patched:
        setattr(owner, name, _no_process(f"{getattr(owner, '__name__', owner)}.{name}"))
    try:
        return (yield)
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)
