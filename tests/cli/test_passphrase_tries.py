"""Issue 27 §6 (finding 8): a wrong passphrase on a terminal is asked again (three tries, as
jrnl does); after 'decrypt', 'doctor --restore' asks once for the encrypted backups and says
why; from a script it lists the backups and stops with exit 2 and a hint."""

from __future__ import annotations

import os

import pytest

from tests.conftest import CUELOG

GOOD = "correct horse battery"


@pytest.fixture
def passfile(tmp_path):
    path = tmp_path / "pass"
    path.write_text(GOOD + "\n")
    path.chmod(0o600)  # a passphrase file others can read is refused
    return path


def _spawn(*args: str, now: str | None = None):
    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, **({"CUELOG_NOW": now} if now else {})}
    return pexpect, pexpect.spawn(CUELOG, list(args), env=env, encoding="utf-8", timeout=30)


def _encrypted(cuelog, passfile):
    cuelog("craving", "4", "--place", "bus stop")
    assert cuelog("--passphrase-file", str(passfile), "encrypt").code == 0


def test_a_wrong_passphrase_is_asked_again(cuelog, passfile):
    _encrypted(cuelog, passfile)
    pexpect, child = _spawn("list")
    child.expect("Passphrase")
    child.sendline("wrong horse one")
    child.expect("does not open")
    child.expect("2 tries left")
    child.sendline("wrong horse two")
    child.expect("1 try left")
    child.sendline(GOOD)
    child.expect("bus stop")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_three_wrong_passphrases_end_with_one_line(cuelog, passfile):
    _encrypted(cuelog, passfile)
    pexpect, child = _spawn("list")
    for n in range(3):
        child.expect("Passphrase")
        child.sendline(f"wrong horse {n}")
    child.expect(pexpect.EOF)
    child.close()
    tail = child.before.replace("\r", "")
    errors = [line for line in tail.splitlines() if line.startswith("cuelog: error:")]
    assert len(errors) == 1 and "wrong passphrase" in errors[0]
    assert child.exitstatus == 1


def _encrypted_backups_then_decrypted(cuelog, passfile):
    for day in (18, 19, 20, 21):  # the first change of each day keeps a backup
        assert cuelog("craving", "5", "--quiet", env={"CUELOG_NOW": f"2026-11-{day}T15:00:00+01:00"}).code == 0
    assert cuelog("--passphrase-file", str(passfile), "encrypt").code == 0
    assert cuelog("--passphrase-file", str(passfile), "decrypt").code == 0


def test_restore_after_decrypt_asks_once_and_says_why(cuelog, passfile):
    _encrypted_backups_then_decrypted(cuelog, passfile)
    pexpect, child = _spawn("doctor", "--restore")
    child.expect("backups are encrypted")
    child.expect("Passphrase")
    child.sendline(GOOD)
    child.expect("Backups of your journal")
    asked_again = child.expect(["Passphrase", "Which one"])
    assert asked_again == 1, "asked for the passphrase a second time"
    listing = child.before
    assert listing.count("encrypted") == 3 and "3 entries" in listing
    child.sendline("")
    child.expect(r"\[y/n\]")
    child.sendline("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_restore_from_a_script_lists_the_backups_and_exits_2(cuelog, passfile):
    _encrypted_backups_then_decrypted(cuelog, passfile)
    r = cuelog("--passphrase-file", str(passfile), "doctor", "--restore")
    assert r.code == 2
    assert r.out.count("encrypted") == 3 and "     2026-11-21T" in r.out  # the names a script can pass
    assert r.err.startswith("cuelog: error: ") and "--yes" in r.err and "--backup" in r.err
