"""Another device's files are input (issue 24, findings 5-9): whatever a compromised,
buggy or half-synced device puts in its folder, this device keeps reading its own part
and writing, says once what it could not read, and prints nothing a terminal obeys.

Each test here failed on the main branch before the fix (see the commit message)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cuelog.store import SCHEMA_VERSION
from tests.conftest import device_folder, month_file, snapshot

PEER = "aaaaaaaaaaaaaaaa"
WARNING = "another device's part of the journal could not be read"
# Raw C0 (but newline and tab), DEL, C1, bidi overrides and isolates.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def peer_folder(db: Path) -> Path:
    folder = db.with_name(db.name + ".d") / PEER
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def peer_head(db: Path, doc=None, *, raw: bytes | None = None, **fields) -> Path:
    """Another device's head: ``raw`` bytes as they are, else a head document with ``fields``."""
    path = peer_folder(db) / "head.json"
    if raw is None:
        head = {"app": "cuelog", "schema_version": 2, "device": PEER, "name": "phone", "seq": 1}
        head.update(months={}, tables={"attempts": [], "plans": [], "support": []}, undo=[])
        head.update(fields)
        raw = json.dumps({"head": {"1": head}} if doc is None else doc).encode()
    path.write_bytes(raw)
    return path


def peer_month(db: Path, month: str, records: list[dict], seq: int = 1) -> str:
    name = f"{month}.{seq}.json"
    (peer_folder(db) / name).write_text(json.dumps({"entries": {str(i): r for i, r in enumerate(records, 1)}}))
    return name


def entry(entry_id: str, **fields) -> dict:
    record = {
        "id": entry_id,
        "kind": "craving",
        "at": "2026-11-20T10:00:00+01:00",
        "logged_at": "2026-11-20T10:00:00+01:00",
        "intensity": 4,
        "cues": {},
        "coping": [],
        "note": None,
    }
    record.update(fields)
    return record


def clean_output(result) -> bool:
    return not RAW_CONTROL.search(result.out) and not RAW_CONTROL.search(result.err)


def own_id(db: Path) -> str:
    return device_folder_of_this(db).name


def device_folder_of_this(db: Path) -> Path:
    return next(p for p in db.with_name(db.name + ".d").iterdir() if p.is_dir() and p.name != PEER)


DAMAGED_HEADS = {
    "months as a list": json.dumps({"head": {"1": {"app": "cuelog", "schema_version": 2, "months": []}}}).encode(),
    "200,000 nested brackets": b"[" * 200_000,
    "bad JSON": b'{"head": {"1": {"app": "cuelog", ',
    "tables of the wrong type": json.dumps(
        {"head": {"1": {"app": "cuelog", "schema_version": 2, "months": {}, "tables": {"plans": 5}}}}
    ).encode(),
    "a month that cannot be": json.dumps(
        {"head": {"1": {"app": "cuelog", "schema_version": 2, "months": {"2026-13": "2026-13.1.json"}}}}
    ).encode(),
    "an age header and garbage": b"age-encryption.org/v1\n-> X25519 nothing\n---\n\x00\x01",
}


# -- finding 5: one damaged peer head stopped all logging ----------------------------------
@pytest.mark.parametrize("raw", DAMAGED_HEADS.values(), ids=DAMAGED_HEADS.keys())
def test_a_damaged_peer_head_is_quarantined_and_logging_goes_on(cuelog, db, raw):
    assert cuelog("craving", "3").code == 0
    path = peer_head(db, raw=raw)
    r = cuelog("craving", "6", "--place", "bus stop")
    assert r.code == 0, r.err
    assert r.err.count(WARNING) == 1 and "head.json" in r.err and "cuelog doctor" in r.err
    assert path.read_bytes() == raw  # left untouched
    listed = cuelog("list", "--json")
    assert listed.code == 0 and len(listed.json()) == 2
    assert listed.err.count(WARNING) == 1
    doctor = cuelog("doctor", "--json")
    assert doctor.code == 1 and any(PEER in p and "head.json" in p for p in doctor.json()["problems"])
    assert WARNING not in doctor.err  # doctor lists it instead
    backup = doctor.json()["backups"][0]
    restored = cuelog("doctor", "--restore", "--backup", backup, "--yes")
    assert restored.code == 0, restored.err
    assert path.read_bytes() == raw


def test_this_devices_own_damaged_head_is_still_refused(cuelog, db):
    assert cuelog("craving", "3").code == 0
    own = device_folder(db) / "head.json"
    damaged = json.dumps({"head": {"1": {"app": "cuelog", "schema_version": 2, "months": []}}}).encode()
    own.write_bytes(damaged)
    r = cuelog("craving", "6")
    assert r.code == 1 and "cuelog: error:" in r.err and WARNING not in r.err
    assert own.read_bytes() == damaged  # never overwritten


def test_a_damaged_peer_month_file_is_quarantined(cuelog, db):
    assert cuelog("craving", "3").code == 0
    month = peer_folder(db) / "2026-11.1.json"
    month.write_bytes(b"[" * 5000)
    peer_head(db, months={"2026-11": "2026-11.1.json"})
    before = month.read_bytes()
    for args in (("craving", "5"), ("list",), ("summary",), ("status",), ("devices",), ("export", "--format", "json")):
        r = cuelog(*args)
        assert r.code == 0, (args, r.err)
        assert r.err.count(WARNING) == 1 and "2026-11.1.json" in r.err
    assert month.read_bytes() == before


def test_a_peer_head_of_a_newer_cuelog_is_left_unread_and_logging_goes_on(cuelog, db):
    assert cuelog("craving", "3").code == 0
    path = peer_head(db, schema_version=SCHEMA_VERSION + 1)
    r = cuelog("craving", "5")
    assert r.code == 0 and r.err.count(WARNING) == 1 and "newer cuelog" in r.err and "'phone'" in r.err
    assert json.loads(path.read_text())["head"]["1"]["schema_version"] == SCHEMA_VERSION + 1


def test_a_peer_file_larger_than_cuelog_writes_is_not_read(cuelog, db):
    assert cuelog("craving", "3").code == 0
    path = peer_folder(db) / "head.json"
    with open(path, "wb") as handle:
        handle.truncate(17 * 1024 * 1024)  # sparse: never read, refused by its size
    r = cuelog("craving", "5")
    assert r.code == 0 and r.err.count(WARNING) == 1 and "larger than" in r.err


def test_doctor_reports_a_peer_month_name_that_is_a_folder(cuelog, db):
    assert cuelog("craving", "3").code == 0
    (peer_folder(db) / "2026-11.1.json").mkdir()
    peer_head(db, months={"2026-11": "2026-11.1.json"})
    doctor = cuelog("doctor", "--json")
    assert doctor.code == 1 and any("2026-11.1.json" in p and "folder" in p for p in doctor.json()["problems"])


# -- finding 6: forged revisions ------------------------------------------------------------
def test_a_forged_revision_is_ignored_and_edit_and_delete_work(cuelog, db):
    assert cuelog("craving", "3", "--note", "mine", "--at", "2026-11-20 10:00").code == 0
    [mine] = cuelog("list", "--json").json()
    peer_head(db, months={"2026-11": peer_month(db, "2026-11", [entry(mine["id"], note="forged", rev=2**64 - 1)])})
    listed = cuelog("list", "--json")
    assert [e["note"] for e in listed.json()] == ["mine"]
    assert "version outside" in listed.err
    edited = cuelog("edit", mine["id"][:8], "--note", "changed")
    assert edited.code == 0, edited.err
    deleted = cuelog("delete", mine["id"][:8], "--yes")
    assert deleted.code == 0, deleted.err
    assert "unexpected problem" not in edited.err + deleted.err
    assert cuelog("list", "--json").json() == []


def test_a_tombstone_with_a_forged_revision_hides_nothing_and_is_reported(cuelog, db):
    assert cuelog("craving", "3", "--at", "2026-11-20 10:00").code == 0
    [mine] = cuelog("list", "--json").json()
    stone = {"id": mine["id"], "deleted_at": "2026-11-21T10:00:00+01:00", "rev": 2**70}
    peer_head(db, months={"2026-11": peer_month(db, "2026-11", [stone])})
    assert [e["id"] for e in cuelog("list", "--json").json()] == [mine["id"]]
    doctor = cuelog("doctor", "--json").json()
    assert any("2026-11.1.json" in p and "version outside" in p for p in doctor["problems"])


def test_deletes_made_on_another_device_are_counted(cuelog, db):
    for hour in ("09:00", "10:00", "11:00"):
        assert cuelog("craving", "3", "--at", f"2026-11-20 {hour}").code == 0
    ids = [e["id"] for e in cuelog("list", "--json").json()]
    stones = [{"id": i, "deleted_at": "2026-11-21T10:00:00+01:00", "rev": 1} for i in ids[:2]]
    peer_head(db, months={"2026-11": peer_month(db, "2026-11", stones)}, written_at="2026-11-21T10:00:00+01:00")
    assert len(cuelog("list", "--json").json()) == 1  # that is sync: deletes reach every device
    found = {d["id"]: d for d in cuelog("devices", "--json").json()["devices"]}
    assert found[PEER]["deleted"] == 2 and found[own_id(db)]["deleted"] == 0
    assert "deleted 2 entries" in cuelog("devices").text
    doctor = cuelog("doctor", "--json").json()
    assert any("'phone' has deleted 2 entries" in n for n in doctor["notes"])
    assert {d["id"]: d["deleted"] for d in doctor["devices"]}[PEER] == 2


# -- finding 7: a damaged peer plan, quit date or support row broke many commands -------------
DAMAGED_ROWS = {
    "attempts": [
        {"id": "feedbeef", "quit_date": "not a date", "set_at": 5},
        {"id": "feedbeef2", "quit_date": "0001-01-01", "set_at": "2026-11-01T10:00:00+01:00"},
    ],
    "plans": [{"id": "feedbeef", "cues": "bar", "then": 7, "created_at": "2026-11-01T10:00:00+01:00"}],
    "support": [{"id": "feedbeef", "name": ["x"], "created_at": "yesterday"}],
}


@pytest.mark.parametrize("table", DAMAGED_ROWS)
def test_a_damaged_peer_row_breaks_no_command(cuelog, db, table):
    assert cuelog("quit-date", "2026-11-10").code == 0
    assert cuelog("plan", "add", "--place", "bar", "leave and call my sister").code == 0
    peer_head(db, tables={table: DAMAGED_ROWS[table]}, written_at="not a date-time")
    r = cuelog("craving", "6", "--place", "bar")
    assert r.code == 0 and "Craving 6/10 noted" in r.out, r.err
    assert r.err.count(WARNING) == 1
    for args in (
        ("summary",),
        ("status",),
        ("export", "--format", "markdown"),
        ("plan", "list"),
        ("support", "list"),
        ("outlook",),
        ("devices",),
        ("devices", "--json"),
    ):
        done = cuelog(*args)
        assert done.code == 0, (args, done.err)
        assert "unexpected problem" not in done.err
    phone = next(d for d in cuelog("devices", "--json").json()["devices"] if d["id"] == PEER)
    assert phone["last_write"] is None  # not a date-time: not shown as one


def test_a_command_whose_write_committed_exits_zero(cuelog, db):
    """Anything that goes wrong after the commit is said, but the exit says it was saved:
    a script that saw 1 would log the craving twice. Here: this device's own plan row is
    damaged by hand (the store still refuses to read it, as it should)."""
    assert cuelog("plan", "add", "--place", "bar", "leave").code == 0
    head_path = device_folder(db) / "head.json"
    doc = json.loads(head_path.read_text())
    doc["head"]["1"]["tables"]["plans"][0]["cues"] = 5
    head_path.write_text(json.dumps(doc))
    r = cuelog("craving", "6", "--place", "bar")
    assert r.code == 0, r.err
    assert "cuelog: warning: it was saved" in r.err
    assert any(e["intensity"] == 6 for e in json.loads(month_file(db, "2026-11").read_text())["entries"].values())


def test_an_edit_of_a_peer_entry_with_control_characters_copies_nothing(cuelog, db):
    assert cuelog("craving", "3").code == 0
    bad = entry("beefbeef0001", note="look \x1b]0;pwned\x07 here \u202e")
    peer_head(db, months={"2026-11": peer_month(db, "2026-11", [bad])})
    r = cuelog("edit", "beefbeef", "--intensity", "5")
    assert r.code == 2  # not read at all: no such entry here
    for path in device_folder_of_this(db).iterdir():
        assert b"pwned" not in path.read_bytes()


def test_an_edit_checks_the_entry_as_a_new_one(cuelog, db):
    """An entry that holds what a new entry may not (written by an older cuelog, or by
    hand) is not copied into a new version as it is."""
    assert cuelog("craving", "3", "--note", "fine").code == 0
    path = month_file(db, "2026-11")
    doc = json.loads(path.read_text())
    [record] = doc["entries"].values()
    record["cues"] = {"place": ["bar\u200b"]}
    path.write_text(json.dumps(doc))
    r = cuelog("edit", record["id"][:8], "--intensity", "5")
    assert r.code == 2 and "nothing was changed" in r.err
    r = cuelog("edit", record["id"][:8], "--intensity", "5", "--place", "bar")
    assert r.code == 0, r.err


# -- finding 8: terminal injection through error lines and JSON ------------------------------
EVIL = "\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07\u009b2J\u202e"


@pytest.mark.parametrize("args", [("list",), ("devices",), ("list", "--json"), ("status",), ("doctor",)])
def test_peer_chosen_names_never_reach_the_terminal_raw(cuelog, db, args):
    assert cuelog("craving", "3").code == 0
    name = f"2026-11.{EVIL}.json"
    (peer_folder(db) / name).mkdir()
    peer_head(db, months={"2026-11": name}, name=f"phone{EVIL}")
    r = cuelog(*args)
    assert "unexpected problem" not in r.err
    assert clean_output(r), (r.out, r.err)


def test_an_error_line_is_sanitised(cuelog, tmp_path):
    blocker = tmp_path / f"x{EVIL}"
    blocker.write_text("a file, not a folder")
    r = cuelog("--db", str(blocker / "cuelog.json"), "craving", "3")
    assert r.code != 0 and "cuelog: error:" in r.err
    assert clean_output(r), r.err
    assert "\\x1b]0;pwned" in r.err  # shown escaped, not dropped


def test_json_output_escapes_c1_and_bidi_characters(cuelog, db):
    """Whatever a stored record holds (here: written by hand into this device's own file,
    which is read without a second check), --json shows C1 and bidi characters as escapes."""
    assert cuelog("craving", "3", "--note", "plain").code == 0
    path = month_file(db, "2026-11")
    doc = json.loads(path.read_text())
    odd = "a\u009bb\u202ec\u2066"
    [record] = doc["entries"].values()
    record["note"] = odd
    path.write_text(json.dumps(doc, ensure_ascii=False))
    r = cuelog("list", "--json")
    assert r.code == 0 and clean_output(r)
    assert "\\u009b" in r.out and "\\u202e" in r.out
    assert r.json()[0]["note"] == odd  # the same data, read back


# -- finding 9: passphrase files and invisible characters ------------------------------------
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o666])
def test_a_passphrase_file_others_can_read_is_refused(cuelog, db, tmp_path, mode):
    assert cuelog("craving", "3").code == 0
    secret = tmp_path / "pass"
    secret.write_text("a long test passphrase\n")
    secret.chmod(mode)
    r = cuelog("encrypt", "--passphrase-file", str(secret))
    assert r.code == 2, r.err
    lines = r.err.strip().splitlines()
    assert lines[0].startswith("cuelog: error: the passphrase file") and f"chmod 600 {secret}" in lines[1]
    assert not db.with_name("cuelog.json.key").exists()
    secret.chmod(0o600)
    assert cuelog("encrypt", "--passphrase-file", str(secret)).code == 0


@pytest.mark.parametrize("char", ["\u200b", "\ufeff", "\u061c", "\u2060", "\u200e", "\u202e"])
def test_invisible_characters_in_cues_are_refused(cuelog, db, char):
    r = cuelog("craving", "3", "--place", f"ba{char}r")
    assert r.code == 2 and "control characters" in r.err
    assert not db.exists()
    assert cuelog("support", "add", f"Sam{char}").code == 2


def test_peer_records_with_invisible_characters_are_left_out(cuelog, db):
    assert cuelog("craving", "3", "--place", "bar").code == 0
    twins = [entry("beefbeef0002", cues={"place": ["bar\u200b"]}), entry("beefbeef0003", note="ok")]
    peer_head(db, months={"2026-11": peer_month(db, "2026-11", twins)})
    r = cuelog("list", "--json")
    ids = {e["id"] for e in r.json()}
    assert "beefbeef0003" in ids and "beefbeef0002" not in ids
    assert len(ids) == 2 and r.err.count(WARNING) == 1


def test_snapshot_helper_sees_peer_files_untouched(cuelog, db):
    """A whole command sequence leaves another device's folder exactly as it was."""
    assert cuelog("craving", "3").code == 0
    peer_head(db, raw=DAMAGED_HEADS["months as a list"])
    peer_month(db, "2026-11", [entry("beefbeef0004", rev=-1)])
    before = snapshot(peer_folder(db))
    for args in (("craving", "4"), ("doctor", "--merge"), ("undo",), ("doctor",)):
        assert "unexpected problem" not in cuelog(*args).err
    assert snapshot(peer_folder(db)) == before
    own = json.loads((device_folder_of_this(db) / "head.json").read_text())["head"]["1"]
    assert own["device"] == own_id(db)
