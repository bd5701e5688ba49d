"""A journal written by the previous cuelog (schema 1, tests/fixtures/legacy/):
read as it is without a byte changed, updated by the first write with nothing
lost, and shared with a second device after that."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from cuelog.store import SCHEMA_VERSION
from tests.conftest import snapshot
from tests.sync.simulator import Clock, Device

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "legacy"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())
LATER = datetime.fromisoformat("2026-11-20T10:00:00+01:00")


def device(tmp_path: Path, mode: str, name: str = "A", folder: Path | None = None) -> Device:
    d = Device(name, tmp_path / name, Clock(LATER), mode == "encrypted")
    if d.passphrase is not None:
        d.passphrase.write_text(EXPECTED["passphrase"] + "\n")
        d.passphrase.chmod(0o600)  # a passphrase file others can read is refused
    if folder is None:
        shutil.rmtree(d.folder)
        shutil.copytree(FIXTURES / f"schema1-{mode}", d.folder)
    return d


def same_entries(listed: list[dict], expected: list[dict]) -> None:
    """Each entry as listed before, field for field; a field the old cuelog did not
    have (such as 'amount') is empty."""
    by_id = {e["id"]: e for e in expected}
    assert sorted(by_id) == sorted(e["id"] for e in listed)
    for entry in listed:
        old = by_id[entry["id"]]
        added = {k: v for k, v in entry.items() if k not in old}
        assert all(v in (None, [], {}) for v in added.values()), added
        assert {k: v for k, v in entry.items() if k in old} == old


def same_journal(export: dict, extra: list[dict] = ()) -> None:
    """An export (entries, plans and quit dates: one command, which counts on an
    encrypted store whose old key costs a second of scrypt per command) against
    what the old cuelog listed."""
    assert sorted(e["id"] for e in export["entries"]) == sorted(e["id"] for e in [*EXPECTED["entries"], *extra])
    assert [(p["id"], p["then"], p["cues"]) for p in export["plans"]] == [
        (p["id"], p["then"], p["cues"]) for p in EXPECTED["plans"]
    ]
    assert [(a["quit_date"], a["substance"], a["set_at"]) for a in export["attempts"]] == [
        (a["quit_date"], a["substance"], a["set_at"]) for a in EXPECTED["attempts"]
    ]


@pytest.fixture(params=["plain", "encrypted"])
def mode(request):
    return request.param


def test_the_old_journal_reads_without_a_byte_changed(mode, tmp_path):
    a = device(tmp_path, mode)
    before = snapshot(a.folder)
    same_entries(a.ok("list", "--json").json(), EXPECTED["entries"])
    same_journal(a.ok("export", "-f", "json").json())
    status = a.ok("status", "--json").json()
    assert status["quit_date"] == "2026-10-01" and status["attempts"] == 2
    summary = a.ok("summary", "--json").json()
    assert summary
    if mode == "plain":  # the same tables through their own commands
        assert a.ok("plan", "list", "--json").json() == EXPECTED["plans"]
        listed = a.ok("quit-date", "--json").json()["attempts"]
        assert [{k: v for k, v in x.items() if k != "id"} for x in listed] == EXPECTED["attempts"]
    assert snapshot(a.folder) == before
    assert not (a.state / "cuelog" / "device.json").exists(), "reading made a device id"


def test_the_first_write_updates_it_with_nothing_lost(mode, tmp_path):
    a = device(tmp_path, mode)
    new = a.ok("craving", "4", "--note", "the first entry after the update", "--json").json()
    same_entries(a.ok("list", "--json").json(), [*EXPECTED["entries"], new])
    same_journal(a.ok("export", "-f", "json").json(), [new])
    if mode == "plain":
        root = json.loads(a.db.read_bytes())
        assert root["meta"]["1"]["schema_version"] == SCHEMA_VERSION and set(root) == {"meta"}
    assert not list((a.folder / "cuelog.json.d").glob("*.json")), "old month files left beside the new layout"
    backups = [p.name for p in (a.folder / "cuelog.json.backups").iterdir()]
    assert any(b.startswith("before-update-") for b in backups), backups
    report = a.ok("doctor", "--json").json()
    assert report["ok"] and report["checked"]["entries"] == len(EXPECTED["entries"]) + 1, report
    assert report["encrypted"] is (mode == "encrypted")
    # undo takes back the craving, then refuses to take back the update
    assert a.ok("undo", "--json").json()["undone"] == "logging a craving"
    refused = a.run("undo")
    assert refused.code != 0 and "updating the journal" in refused.err, refused.err
    if mode == "plain":
        same_entries(a.ok("list", "--json").json(), EXPECTED["entries"])


def test_a_second_device_joining_the_updated_journal_sees_everything(mode, tmp_path):
    a = device(tmp_path, mode)
    day = a.ok("checkin", "--date", "2026-11-19", "--no-used", "--json").json()
    b = device(tmp_path, mode, "B", folder=a.folder)
    shutil.copytree(a.folder, b.folder, dirs_exist_ok=True)
    same_journal(b.ok("export", "-f", "json").json(), [day])
    mine = b.ok("craving", "2", "--note", "from the second device", "--json").json()
    listed = b.ok("list", "--json").json()
    same_entries(listed, [*EXPECTED["entries"], day, mine])
    report = b.ok("doctor", "--json").json()
    assert report["ok"] and len(report["devices"]) == 2, report
