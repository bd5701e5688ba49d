"""Issue 13: an encrypted journal stays openable with the standard ``age`` tool.

Through the installed console script: a journal is encrypted with a passphrase file,
then the real ``age`` command line opens the key file (age reads a passphrase only
from a terminal, so pexpect gives it one) and, with the identity that holds, every
file of the journal. The README's recipe for doing this by hand is run as written.
The key file is made at the tests' low work factor (conftest's
CUELOG_TEST_SCRYPT_LOG_N=10); the real one, 18, is within age's limit (22) too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import device_folder

pexpect = pytest.importorskip("pexpect", reason="pexpect gives age the terminal it reads a passphrase from")
AGE = shutil.which("age")
pytestmark = pytest.mark.skipif(AGE is None, reason="the age command line tool is not installed (.ci/run installs it)")

PASSPHRASE = "correct horse battery"
README = Path(__file__).resolve().parents[2] / "README.md"
AGE_HEADER = b"age-encryption.org/v1\n"


@pytest.fixture
def passphrase_file(tmp_path) -> Path:
    path = tmp_path / "pass"
    path.write_text(PASSPHRASE + "\n")
    path.chmod(0o600)  # a passphrase file others can read is refused
    return path


@pytest.fixture
def encrypted(cuelog, db, passphrase_file) -> Path:
    """A journal with a craving in each of two months, each with a note, encrypted."""
    for args in (
        ["craving", "6", "--place", "zanzibar", "--note", "quokka notes", "--at", "2026-11-09 20:00"],
        ["craving", "4", "--note", "october wombat", "--at", "2026-10-09 20:00"],
    ):
        r = cuelog(*args)
        assert r.code == 0, r.err
    r = cuelog("--passphrase-file", str(passphrase_file), "encrypt")
    assert r.code == 0, r.err
    return db


def _age_with_passphrase(args: list[str], passphrase: str, cwd: Path | None = None) -> tuple[int, str]:
    """Run ``age`` on a pseudo-terminal, answer its passphrase prompt: (exit code, what it printed)."""
    child = pexpect.spawn(AGE, args, cwd=str(cwd) if cwd else None, encoding="utf-8", timeout=30)
    child.expect("Enter passphrase")
    child.sendline(passphrase)
    child.expect(pexpect.EOF)
    return child.wait(), child.before


def _age_decrypt(identity: Path, path: Path) -> bytes:
    proc = subprocess.run([AGE, "-d", "-i", str(identity), str(path)], capture_output=True, timeout=30)
    assert proc.returncode == 0, (path, proc.stderr.decode())
    return proc.stdout


def _notes(document: dict) -> list[str]:
    return [entry.get("note") for entry in document["entries"].values()]


def test_age_opens_the_key_file_and_every_journal_file(encrypted, tmp_path):
    key_file = encrypted.with_name("cuelog.json.key")
    raw_key = key_file.read_bytes()
    assert raw_key.startswith(AGE_HEADER + b"-> scrypt ")
    assert raw_key.split(b"\n")[1].endswith(b" 10"), "the test expects the low test work factor"

    identity = tmp_path / "identity.txt"
    code, shown = _age_with_passphrase(["-d", "-o", str(identity), str(key_file)], PASSPHRASE)
    assert code == 0, shown
    secret = identity.read_text()
    assert re.fullmatch(r"AGE-SECRET-KEY-1[0-9A-Z]+\n?", secret), "age did not yield an X25519 identity"

    folder = device_folder(encrypted)
    files = sorted(p for p in folder.iterdir() if p.is_file())
    assert files and all(p.read_bytes().startswith(AGE_HEADER) for p in files), files
    head = json.loads(_age_decrypt(identity, folder / "head.json"))["head"]["1"]
    assert sorted(head["months"]) == ["2026-10", "2026-11"]
    notes = {month: _notes(json.loads(_age_decrypt(identity, folder / name))) for month, name in head["months"].items()}
    assert notes == {"2026-11": ["quokka notes"], "2026-10": ["october wombat"]}
    for path in files:  # every file there is an age file the identity opens, and JSON inside
        json.loads(_age_decrypt(identity, path))


def test_age_refuses_a_wrong_passphrase(encrypted, tmp_path):
    out = tmp_path / "identity.txt"
    code, shown = _age_with_passphrase(["-d", "-o", str(out), str(encrypted.with_name("cuelog.json.key"))], "wrong one")
    assert code != 0 and "incorrect passphrase" in shown
    assert not out.exists() or "AGE-SECRET-KEY" not in out.read_text()


def _readme_recipe() -> str:
    section = README.read_text().split("### Encryption at rest", 1)[1].split("\n## ", 1)[0]
    [recipe] = [block for block in re.findall(r"```sh\n(.*?)```", section, re.S) if "age -d" in block]
    return recipe


def test_the_readme_recipe_opens_every_devices_files(encrypted, cuelog, home, passphrase_file):
    # A second computer writes its own folder, encrypted to the same key at its next change.
    other = {"XDG_STATE_HOME": str(home / "other-computer"), "CUELOG_PASSPHRASE_FILE": str(passphrase_file)}
    r = cuelog("craving", "3", "--note", "second computer", "--at", "2026-11-10 09:00", env=other)
    assert r.code == 0, r.err
    folders = [p for p in encrypted.with_name("cuelog.json.d").iterdir() if p.is_dir()]
    assert len(folders) == 2

    recipe = _readme_recipe()  # as typed, but stopping at the first command that fails
    child = pexpect.spawn("bash", ["-e", "-c", recipe], cwd=str(encrypted.parent), encoding="utf-8", timeout=30)
    child.expect("Enter passphrase")
    child.sendline(PASSPHRASE)
    child.expect(pexpect.EOF)
    shown = child.before
    assert child.wait() == 0, shown
    assert "error" not in shown, shown
    for note in ("quokka notes", "october wombat", "second computer"):
        assert note in shown
    assert shown.count('"head"') == 2  # both computers' head.json
    assert not (encrypted.parent / "key.txt").exists(), "the recipe leaves the key behind"
    assert "AGE-SECRET-KEY" not in "".join(p.read_text() for p in encrypted.parent.glob("*.txt"))


def test_the_readme_recipe_keeps_the_key_private():
    recipe = _readme_recipe()
    lines = [line.split("#")[0].strip() for line in recipe.splitlines()]
    assert lines.index("umask 077") < next(i for i, line in enumerate(lines) if line.startswith("age -d"))
    assert lines[-1].startswith("rm ")
    assert os.path.basename(lines[-1].split()[-1]) == "key.txt"
