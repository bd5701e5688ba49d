"""Encryption at rest: age with a passphrase; every command works the same."""

import json

import pytest

from cuelog.store import SCHEMA_VERSION
from tests.conftest import snapshot

SECRETS = ("zanzibar", "quokka notes")


@pytest.fixture
def secret(tmp_path, monkeypatch):
    good = tmp_path / "pass"
    good.write_text("correct horse battery\n")
    good.chmod(0o600)  # a passphrase file others can read is refused
    bad = tmp_path / "bad"
    bad.write_text("wrong horse\n")
    bad.chmod(0o600)  # a passphrase file others can read is refused
    return good, bad


def _journal(cuelog):
    cuelog("quit-date", "2026-11-01", "--substance", "cocaine")
    cuelog("craving", "6", "--place", "zanzibar", "--note", "quokka notes", "--at", "2026-11-09 20:00")
    cuelog("craving", "7", "--place", "zanzibar", "--at", "2026-10-09 20:00")  # a second month and a backup
    cuelog("lapse", "--place", "bar", "--at", "2026-11-10 22:00", "--quiet")


def _all_bytes(folder):
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_encrypted_store_holds_no_plaintext_and_round_trips(cuelog, db, secret):
    good, _ = secret
    _journal(cuelog)
    plain = json.loads(cuelog("list", "--json").out)
    r = cuelog("--passphrase-file", str(good), "encrypt")
    assert r.code == 0, r.err
    everything = _all_bytes(db.parent)
    for text in SECRETS:
        assert text.encode() not in everything
    assert json.loads(db.read_bytes()) == {"meta": {"1": {"app": "cuelog", "schema_version": SCHEMA_VERSION}}}
    env = {"CUELOG_PASSPHRASE_FILE": str(good)}
    assert json.loads(cuelog("list", "--json", env=env).out) == plain
    r = cuelog("decrypt", env=env)
    assert r.code == 0 and not db.with_name("cuelog.json.key").exists()
    assert b"quokka notes" in _all_bytes(db.with_name("cuelog.json.d"))
    assert json.loads(cuelog("list", "--json").out) == plain


def test_wrong_or_missing_passphrase_changes_nothing(cuelog, db, secret):
    good, bad = secret
    _journal(cuelog)
    cuelog("--passphrase-file", str(good), "encrypt")
    before = snapshot(db.parent)
    for args, env in (
        (["craving", "5"], {"CUELOG_PASSPHRASE_FILE": str(bad)}),
        (["list"], {}),
        (["decrypt"], {}),
        (["--passphrase-file", str(bad), "decrypt"], {}),
        (["status"], {"CUELOG_PASSPHRASE_FILE": str(bad)}),
    ):
        r = cuelog(*args, env=env)
        assert r.code == 1, (args, r.err)
        assert r.err.startswith("cuelog: error: ") and "passphrase" in r.err
        assert snapshot(db.parent) == before


def test_every_command_works_on_an_encrypted_store(cuelog, db, secret):
    good, _ = secret
    _journal(cuelog)
    plain = {args: cuelog(*args).out for args in [("status", "--json"), ("summary", "--json"), ("reflect", "--json")]}
    cuelog("--passphrase-file", str(good), "encrypt")
    env = {"CUELOG_PASSPHRASE_FILE": str(good)}
    for args, out in plain.items():
        assert cuelog(*args, env=env).out == out, args
    for args in (
        ["craving", "3", "--place", "x"],
        ["checkin", "--craving", "2", "--no-used"],
        ["edit", "zzzz", "--note", "x"],
        ["export", "--format", "html"],
        ["outlook"],
        ["plan", "add", "--place", "x", "leave"],
        ["undo"],
        ["doctor"],
        ["remind"],
        ["list"],
    ):
        r = cuelog(*args, env=env)
        assert r.code in (0, 2) and "Traceback" not in r.err, (args, r.err)
    assert "encrypted" in cuelog("doctor", env=env).out
    for text in SECRETS:
        assert text.encode() not in _all_bytes(db.parent)


def test_opens_with_age_without_cuelog(cuelog, db, secret):
    """The files are standard age: another age implementation opens them."""
    pyrage = pytest.importorskip("pyrage")
    good, _ = secret
    _journal(cuelog)
    cuelog("--passphrase-file", str(good), "encrypt")
    key = pyrage.passphrase.decrypt(db.with_name("cuelog.json.key").read_bytes(), "correct horse battery")
    identity = pyrage.x25519.Identity.from_str(key.decode().strip())
    folder = next(db.with_name("cuelog.json.d").iterdir())
    head = json.loads(pyrage.decrypt((folder / "head.json").read_bytes(), [identity]))["head"]["1"]
    assert head["app"] == "cuelog"
    month = json.loads(pyrage.decrypt((folder / head["months"]["2026-11"]).read_bytes(), [identity]))
    assert any(r["note"] == "quokka notes" for r in month["entries"].values())


def test_encrypt_needs_a_passphrase_and_a_journal(cuelog, db, secret):
    good, _ = secret
    r = cuelog("--passphrase-file", str(good), "encrypt")
    assert r.code == 2 and not db.exists()
    cuelog("craving", "3")
    before = snapshot(db.parent)
    r = cuelog("encrypt")
    assert r.code == 2 and "needs a passphrase" in r.err and "--passphrase-file" in r.err
    assert snapshot(db.parent) == before
    assert cuelog("decrypt").code == 2  # not encrypted


def test_encrypt_on_a_terminal_asks_again_after_a_short_or_mismatched_passphrase(cuelog, db):
    import os

    pexpect = pytest.importorskip("pexpect")
    from tests.conftest import CUELOG

    cuelog("craving", "3")
    child = pexpect.spawn(CUELOG, ["encrypt"], env={**os.environ}, encoding="utf-8", timeout=30)
    child.expect("passphrase")
    child.sendline("short")
    child.expect("at least 8 characters")
    child.expect("passphrase")
    child.sendline("correct horse battery")
    child.expect("again")
    child.sendline("correct horse batterY")
    child.expect("did not match")
    child.expect("passphrase")
    child.sendline("correct horse battery")
    child.expect("again")
    child.sendline("correct horse battery")
    child.expect("Encrypted")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert db.with_name("cuelog.json.key").exists()
