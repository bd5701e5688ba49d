"""The README's first command leaves ``cuelog`` runnable as the README then types it
(issue 27 "Why" point 9): run in bash exactly as written, with ``pip install .`` stood in
for by linking the installed script (a real install needs the network and a minute), then
plain ``cuelog`` in the same shell."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CUELOG

README = Path(__file__).resolve().parents[2] / "README.md"


def first_command() -> str:
    block = re.search(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert block, "the README has no sh block"
    [line] = [x for x in block.group(1).splitlines() if x.strip() and not x.startswith("#")]
    return line


@pytest.fixture
def fake_python(tmp_path):
    """``python3 -m venv .venv`` makes a real venv (without pip); its ``pip install .``
    links the cuelog under test into it, as an install would."""
    bin_dir = tmp_path / "fakebin"
    bin_dir.mkdir()
    python = bin_dir / "python3"
    python.write_text(
        "#!/bin/sh\n"
        f'"{sys.executable}" -m venv --without-pip "$3" || exit 1\n'
        "cat > \"$3/bin/pip\" <<'EOF'\n"
        "#!/bin/sh\n"
        f'[ "$1" = install ] && ln -s "{CUELOG}" "$(dirname "$0")/cuelog"\n'
        "EOF\n"
        'chmod +x "$3/bin/pip"\n'
    )
    python.chmod(0o755)
    return bin_dir


@pytest.mark.slow
def test_the_first_command_leaves_cuelog_on_the_path(home, tmp_path, fake_python):
    """Failed on today's main: its first command ran .venv/bin/cuelog, and the plain
    'cuelog' the README then uses was 'command not found'."""
    line = first_command()
    assert "pip install ." in line and line.rstrip().endswith("cuelog demo")
    folder = tmp_path / "clone"
    folder.mkdir()
    path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if not Path(p, "cuelog").exists())
    env = {**os.environ, "PATH": f"{fake_python}{os.pathsep}{path}"}
    env.pop("CUELOG_DB", None)
    env.pop("VIRTUAL_ENV", None)
    proc = subprocess.run(
        ["bash", "-c", f"set -e\n{line}\ncommand -v cuelog\ncuelog --version"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert lines[-2] == str(folder / ".venv" / "bin" / "cuelog")
    assert lines[-1].startswith("cuelog ")


def test_the_readme_says_how_to_keep_cuelog_on_the_path():
    text = README.read_text(encoding="utf-8").split("## Safety", 1)[0]
    assert "pipx install ." in text and "recommended" in text
    assert "PATH" in text and "activate" in text
