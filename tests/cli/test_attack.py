"""The findings of the adversarial review (issue 11), each through the real console
script: hostile imports, restores, environment values, hand-made corruption, disk full.
Each of these failed on the store before schema 2 (see the commit that added them)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import time

import pytest

from tests.conftest import head_of, month_file, snapshot


def _listed(cuelog) -> list[dict]:
    r = cuelog("list", "--json")
    assert r.code == 0, r.err
    return json.loads(r.out)


def _one_line_error(r, code: int) -> None:
    assert r.code == code, (r.code, r.out, r.err)
    assert r.err.startswith("cuelog: error: ") and len(r.err.splitlines()) <= 2, r.err
    assert "Traceback" not in r.err and "unexpected problem" not in r.err


def _record(i: int, **extra) -> dict:
    at = f"2026-11-{10 + i % 18:02d}T{i % 24:02d}:00:00+01:00"
    return {"id": f"imp{i:05d}", "kind": "craving", "at": at, "logged_at": at, "intensity": 5, "cues": {},
            "coping": [], "note": None, **extra}  # fmt: skip


# -- import trusts nothing ------------------------------------------------------------------
@pytest.mark.parametrize(
    "bad, says",
    [
        ('{"intensity": ' + str(2**70) + "}", "0 to 10"),
        ('{"intensity": ' + "9" * 4300 + "}", "too large"),
        ('{"x": 2}', "unknown field"),
        ('{"at": "0999-05-01T20:00:00+01:00", "logged_at": "0999-05-01T20:00:00+01:00"}', "1900"),
        ('{"kind": "checkin", "date": "2026-11-13", "used": false}', "date"),
        ('{"note": "\\u001b[2J"}', "control"),
        ('{"note": "\\u202e"}', "control"),
        ('{"reflection": {"\\u001b]0;pwned\\u0007": "x"}, "kind": "lapse"}', "reflection"),
    ],
)
def test_a_bad_record_imports_nothing_and_undo_still_undoes_the_last_change(cuelog, db, tmp_path, bad, says):
    assert cuelog("craving", "3", "--note", "mine").code == 0
    good = json.dumps(_record(1))
    second = _record(2)
    text = json.dumps(second)[:-1] + ", " + bad[1:]
    before = snapshot(db.parent)
    r = cuelog("import", "-", stdin=good + "\n" + text + "\n")
    _one_line_error(r, 2)
    assert says in r.err and "line 2" in r.err and "nothing was imported" in r.err
    assert snapshot(db.parent) == before
    assert cuelog("undo").code == 0
    assert _listed(cuelog) == []  # undo removed the person's own last craving, nothing else was there


def test_deep_nesting_and_a_non_string_substance_are_refused(cuelog, db):
    deep = '{"entries": [' + "[" * 100_000 + "]" * 100_000 + "]}"
    _one_line_error(cuelog("import", "-", stdin=deep), 2)
    export = {
        "entries": [],
        "attempts": [{"quit_date": "2026-11-01", "substance": 42, "set_at": "2026-11-01T10:00:00+01:00"}],
    }
    r = cuelog("import", "-", stdin=json.dumps(export))
    _one_line_error(r, 2)
    assert "substance" in r.err and not db.exists()


def test_an_import_is_one_commit_and_one_undo_step(cuelog, db):
    cuelog("craving", "3", "--note", "mine")
    lines = "\n".join(json.dumps(_record(i)) for i in range(1, 16))
    r = cuelog("import", "-", "--json", stdin=lines)
    assert r.code == 0 and r.json()["added"] == 15
    assert "importing 15 entries" in cuelog("undo").out
    assert [e["note"] for e in _listed(cuelog)] == ["mine"]


def test_a_full_disk_leaves_the_journal_as_it_was(cuelog, db, tmp_path):
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("needs root to mount a small tmpfs")
    small = tmp_path / "small"
    small.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(small)]).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        env = {"CUELOG_DB": str(small / "cuelog.json")}
        assert cuelog("craving", "3", "--note", "first", env=env).code == 0
        before = json.loads(cuelog("list", "--json", env=env).out)
        lines = "\n".join(json.dumps(_record(i, note="x" * 19_000)) for i in range(1, 40))
        r = cuelog("import", "-", stdin=lines, env=env)
        _one_line_error(r, 1)
        assert json.loads(cuelog("list", "--json", env=env).out) == before
        assert "importing" not in cuelog("undo", "--json", env=env).out  # no half step was recorded
        assert not list(small.rglob("*.tmp"))
    finally:
        subprocess.run(["umount", str(small)])


# -- restore ----------------------------------------------------------------------------------
def test_two_restores_in_one_second_keep_every_journal_aside(cuelog, db):
    cuelog("craving", "3", "--place", "kept")
    cuelog("craving", "4", "--place", "today")  # today's backup holds the first craving
    name = sorted(p.name for p in db.with_name("cuelog.json.backups").iterdir())[0]
    assert cuelog("doctor", "--restore", "--backup", name, "--yes").code == 0
    cuelog("craving", "5", "--place", "newer")
    r = cuelog("doctor", "--restore", "--backup", name, "--yes", "--json")
    assert r.code == 0 and r.json()["kept_aside"]
    asides = [p for p in db.with_name("cuelog.json.backups").iterdir() if p.name.startswith("replaced-")]
    assert len(asides) == 2
    assert any(b"newer" in f.read_bytes() for p in asides for f in p.rglob("*.json"))
    assert "restoring" in cuelog("undo").out
    assert {e["cues"]["place"][0] for e in _listed(cuelog)} == {"kept", "newer"}


def test_restore_needs_an_exact_or_unique_name(cuelog, db):
    cuelog("craving", "3")
    cuelog("craving", "4")
    backups = db.with_name("cuelog.json.backups")
    first = next(backups.iterdir())
    shutil.copytree(first, backups / (first.name[:10] + "T235959-aaaaaaaa"))
    for name, says in (("", "needs a backup's name"), ("2026", "matches 2 backups"), ("nope", "no backup")):
        r = cuelog("doctor", "--restore", "--backup", name, "--yes")
        _one_line_error(r, 2)
        assert says in r.err


def test_restore_keeps_the_journal_plain_after_decrypt(cuelog, db, tmp_path):
    secret = tmp_path / "pass"
    secret.write_text("a long test passphrase\n")
    secret.chmod(0o600)  # a passphrase file others can read is refused
    env = {"CUELOG_PASSPHRASE_FILE": str(secret)}
    cuelog("craving", "3", "--note", "zanzibar")
    cuelog("craving", "4", env=env)
    assert cuelog("encrypt", env=env).code == 0
    assert cuelog("decrypt", env=env).code == 0
    name = sorted(p.name for p in db.with_name("cuelog.json.backups").iterdir() if not p.name.startswith("."))[0]
    r = cuelog("doctor", "--restore", "--backup", name, "--yes", env=env)
    assert r.code == 0, r.err
    assert not db.with_name("cuelog.json.key").exists()
    head = json.loads((next(db.with_name("cuelog.json.d").iterdir()) / "head.json").read_text())
    assert head["head"]["1"]["months"]
    assert cuelog("list").code == 0  # plain: no passphrase needed


# -- the environment and hand-made corruption ------------------------------------------------
@pytest.mark.parametrize("value", ["", "soon", "nan", "inf", "-1"])
def test_a_bad_lock_timeout_is_one_line(cuelog, value):
    for args in (["craving", "3"], ["list"]):
        r = cuelog(*args, env={"CUELOG_LOCK_TIMEOUT": value})
        _one_line_error(r, 2)
        assert "CUELOG_LOCK_TIMEOUT" in r.err


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00", "9999-12-31T23:59:59", "1900-01-01T00:00:00+01:00"])
def test_a_clock_at_the_edge_of_the_dates_is_one_line(cuelog, value):
    _one_line_error(cuelog("status", env={"CUELOG_NOW": value}), 2)


def test_a_time_that_does_not_exist_here_is_refused(cuelog):
    r = cuelog("craving", "3", "--at", "2026-03-29 02:30", env={"TZ": "Europe/Berlin"})
    _one_line_error(r, 2)
    assert "does not exist" in r.err


@pytest.mark.parametrize("damage", ["record", "undo", "plan-id"])
def test_hand_made_corruption_is_a_line_and_a_doctor_finding(cuelog, db, damage):
    cuelog("craving", "3", "--at", "2026-11-10 10:00")
    e = cuelog("craving", "4", "--json").json()
    cuelog("plan", "add", "--place", "bar", "call a friend")
    folder = month_file(db, "2026-11").parent
    if damage == "record":
        path = month_file(db, "2026-11")
        data = json.loads(path.read_text())
        data["entries"]["1"] = ["not", "an", "object"]
        path.write_text(json.dumps(data))
    else:
        doc = json.loads((folder / "head.json").read_text())
        if damage == "undo":
            doc["head"]["1"]["undo"][0] = "garbage"
        else:
            doc["head"]["1"]["tables"]["plans"][0]["id"] = 12345
        (folder / "head.json").write_text(json.dumps(doc))
    for args in (["edit", e["id"], "--note", "x"], ["delete", e["id"], "--yes"], ["undo"], ["plan", "list"]):
        r = cuelog(*args)
        assert "Traceback" not in r.err and "unexpected problem" not in r.err, (args, r.err)
        assert r.code in (0, 1, 2)
    r = cuelog("doctor", "--json")
    assert r.code == 1 and r.json()["problems"], r.out


def test_a_read_only_store_folder_is_one_line(cuelog, db):
    cuelog("craving", "3")
    cuelog("craving", "4")
    folder = db.with_name("cuelog.json.d")
    name = sorted(p.name for p in db.with_name("cuelog.json.backups").iterdir())[0]
    os.chmod(next(folder.iterdir()), stat.S_IRUSR | stat.S_IXUSR)
    try:
        if os.access(next(folder.iterdir()), os.W_OK):
            pytest.skip("this user writes to read-only folders (root)")
        before = snapshot(db.parent)
        _one_line_error(cuelog("doctor", "--restore", "--backup", name, "--yes"), 1)
        _one_line_error(cuelog("craving", "5"), 1)
        assert {k: v for k, v in snapshot(db.parent).items() if "backups" not in k} == {
            k: v for k, v in before.items() if "backups" not in k
        }
    finally:
        os.chmod(next(folder.iterdir()), stat.S_IRWXU)


# -- encryption errors tell the truth -----------------------------------------------------------
def _encrypted(cuelog, tmp_path):
    secret = tmp_path / "pass"
    secret.write_text("a long test passphrase\n")
    secret.chmod(0o600)  # a passphrase file others can read is refused
    env = {"CUELOG_PASSPHRASE_FILE": str(secret)}
    cuelog("craving", "3", "--note", "zanzibar")
    assert cuelog("encrypt", env=env).code == 0
    return env


def test_each_key_problem_has_its_own_message(cuelog, db, tmp_path):
    env = _encrypted(cuelog, tmp_path)
    key = db.with_name("cuelog.json.key")
    good = key.read_bytes()
    wrong = tmp_path / "wrong"
    wrong.write_text("not the passphrase\n")
    wrong.chmod(0o600)  # a passphrase file others can read is refused
    r = cuelog("list", env={"CUELOG_PASSPHRASE_FILE": str(wrong)})
    _one_line_error(r, 1)
    assert "wrong passphrase" in r.err
    lines = good.split(b"\n")
    stanza = lines[1].split(b" ")
    key.write_bytes(b"\n".join([lines[0], b" ".join([*stanza[:3], b"30"]), *lines[2:]]))
    start = time.monotonic()
    r = cuelog("list", env=env)
    assert time.monotonic() - start < 10
    _one_line_error(r, 1)
    assert "excessive work factor" in r.err and "wrong passphrase" not in r.err
    key.write_bytes(good[: len(good) - 20])
    r = cuelog("list", env=env)
    _one_line_error(r, 1)
    assert "damaged or truncated" in r.err
    key.unlink()
    r = cuelog("list", env=env)
    _one_line_error(r, 1)
    assert "key file" in r.err and "missing" in r.err
    key.write_bytes(good)
    assert cuelog("list", env=env).code == 0


def test_a_key_file_at_a_higher_work_factor_opens(cuelog, db, tmp_path):
    """Keys made by earlier versions (rage chose the work factor from the machine's speed)."""
    from cuelog.store import crypt

    env = _encrypted(cuelog, tmp_path)
    key = db.with_name("cuelog.json.key")
    secret = crypt.unwrap_with_passphrase(key.read_bytes(), "a long test passphrase", "key")
    key.write_bytes(crypt.wrap_with_passphrase(secret, "a long test passphrase", log_n=19))
    assert crypt.scrypt_work_factor(key.read_bytes()) == 19
    r = cuelog("list", "--json", env=env)
    assert r.code == 0 and json.loads(r.out)[0]["note"] == "zanzibar"


def test_new_keys_use_the_fixed_work_factor(cuelog, db, tmp_path, monkeypatch):
    from cuelog.store import crypt

    monkeypatch.delenv("CUELOG_TEST_SCRYPT_LOG_N")
    _encrypted(cuelog, tmp_path)
    assert crypt.scrypt_work_factor(db.with_name("cuelog.json.key").read_bytes()) == crypt.KEY_LOG_N == 18


def test_short_passphrases_and_scripts_without_one(cuelog, db, tmp_path):
    cuelog("craving", "3")
    short = tmp_path / "short"
    short.write_text("abc\n")
    short.chmod(0o600)
    r = cuelog("encrypt", env={"CUELOG_PASSPHRASE_FILE": str(short)})
    _one_line_error(r, 2)
    assert "at least 8 characters" in r.err and not db.with_name("cuelog.json.key").exists()
    r = cuelog("encrypt")
    _one_line_error(r, 2)
    assert "needs a passphrase" in r.err and "--passphrase-file" in r.err


def test_encrypt_reports_the_real_number_of_files(cuelog, db, tmp_path):
    for month in ("2026-08-10", "2026-09-10", "2026-10-10", "2026-11-10"):
        cuelog("craving", "3", "--at", month)
    secret = tmp_path / "pass"
    secret.write_text("a long test passphrase\n")
    secret.chmod(0o600)  # a passphrase file others can read is refused
    r = cuelog("encrypt", env={"CUELOG_PASSPHRASE_FILE": str(secret)})
    assert r.code == 0
    heads = list(db.with_name("cuelog.json.d").glob("*/head.json"))
    files = len(head_of_encrypted_count(heads[0]))
    assert f"Encrypted {files} files" in r.out


def head_of_encrypted_count(head) -> list:
    return [p for p in head.parent.iterdir() if p.read_bytes().startswith(b"age-encryption.org/v1")]


def test_readme_key_recipe_keeps_the_key_private():
    from pathlib import Path

    readme = (Path(__file__).parents[2] / "README.md").read_text()
    assert "age -d" in readme and "umask 077" in readme


def test_head_of_a_plain_store_names_its_months(cuelog, db):
    cuelog("craving", "3", "--at", "2026-11-10 10:00")
    assert "2026-11" in head_of(db)["months"]
