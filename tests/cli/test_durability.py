"""undo, backups, doctor and restore through the CLI."""

import json
import os
import stat
from datetime import date, timedelta

from tests.conftest import snapshot


def entries(run):
    return run("list", "--json").json()


def test_undo_each_kind_of_change(run, tmp_path):
    first = run("craving", "5", "--place", "bar", "--json").json()
    assert run("undo").code == 0 and entries(run) == []  # an add
    first = run("craving", "5", "--place", "bar", "--json").json()
    run("edit", first["id"], "--note", "changed", "--at", "2026-10-01 10:00")
    assert run("undo").code == 0
    assert entries(run) == [first]  # an edit, including a move between months
    run("delete", first["id"], "--yes")
    run("undo")
    assert entries(run) == [first]  # a delete
    checkin = run("checkin", "--craving", "2", "--no-used", "--json").json()
    replaced = run("checkin", "--craving", "8", "--used", "--json").json()
    assert replaced["id"] == checkin["id"]
    r = run("undo")
    assert "check-in" in r.out
    assert [e for e in entries(run) if e["kind"] == "checkin"] == [checkin]  # a replaced check-in
    payload = json.dumps([{**first, "id": "imported1"}, {**first, "id": "imported2"}])
    run("import", "-", stdin=payload)
    assert len(entries(run)) == 4
    assert "importing 2 entries" in run("undo").out
    assert len(entries(run)) == 2  # an import
    run("quit-date", "2026-11-01")
    run("undo")
    assert run("quit-date", "--json").json()["current"] is None  # a quit date
    run("plan", "add", "--place", "bar", "leave")
    run("undo")
    assert run("plan", "list", "--json").json() == []


def test_undo_is_repeatable_and_bounded(run):
    for i in range(12):
        run("craving", str(i % 10))
    for _ in range(10):
        assert run("undo").code == 0
    assert len(entries(run)) == 2
    r = run("undo")
    assert r.code == 2 and "nothing to undo" in r.err


def test_undo_on_an_empty_store(run, db):
    assert run("undo").code == 2
    assert not db.exists()


def test_first_write_of_a_day_keeps_a_backup(run, db, monkeypatch):
    run("craving", "3")
    backups = db.with_name("cuelog.json.backups")
    assert not backups.exists()  # nothing to back up before the first write
    run("craving", "4")
    [first] = list(backups.iterdir())
    assert stat.S_IMODE(os.stat(backups).st_mode) == 0o700
    assert len(json.loads((first / "cuelog.json").read_text())["meta"]) == 1
    run("craving", "5")
    assert len(list(backups.iterdir())) == 1  # at most once a day
    for i in range(9):  # the first writes of nine later days: the last seven backups are kept
        monkeypatch.setenv("CUELOG_NOW", f"{date(2026, 11, 23) + timedelta(days=i)}T09:00:00+01:00")
        run("craving", "6")
    names = sorted(p.name for p in backups.iterdir())
    assert len(names) == 7 and names[0].startswith("2026-11-25") and names[-1].startswith("2026-12-01")


def test_doctor_finds_a_hand_broken_entry(run, db):
    run("craving", "3", "--at", "2026-11-10 10:00")
    r = run("doctor")
    assert r.code == 0 and "Everything checks out" in r.out
    from tests.conftest import month_file

    shard = month_file(db, "2026-11")
    data = json.loads(shard.read_text())
    record = next(iter(data["entries"].values()))
    record["intensity"] = 14
    shard.write_text(json.dumps(data))
    before = snapshot(db.parent)
    r = run("doctor", "--json")
    assert r.code == 1
    report = r.json()
    assert report["ok"] is False and any(shard.name in p and "intensity" in p for p in report["problems"])
    assert snapshot(db.parent) == before


def test_restore_a_backup(run, db):
    run("craving", "3", "--place", "kept")
    run("craving", "4", "--place", "kept too")  # makes today's backup of the first one
    run("delete", entries(run)[0]["id"], "--yes")
    run("delete", entries(run)[0]["id"], "--yes")
    assert entries(run) == []
    r = run("doctor", "--restore")
    assert r.code == 2 and "--yes" in r.err  # no terminal, no confirmation
    r = run("doctor", "--restore", "--yes")
    assert r.code == 2 and "--backup" in r.err  # a script names the backup it restores
    name = sorted(p.name for p in db.with_name("cuelog.json.backups").iterdir())[0]
    r = run("doctor", "--restore", "--yes", "--backup", name)
    assert r.code == 0, r.err
    assert [e["cues"]["place"] for e in entries(run)] == [["kept"]]
    aside = [p for p in db.with_name("cuelog.json.backups").iterdir() if p.name.startswith("replaced-")]
    assert len(aside) == 1


def test_restore_without_backups(run):
    run("craving", "3")
    r = run("doctor", "--restore", "--yes")
    assert r.code == 2 and "no backups" in r.err
