"""Two computers writing one journal (as a sync tool would show it): devices, undo per device."""

import json
import os
import subprocess

from tests.conftest import CUELOG


def _as(device, *args, db):
    env = {**os.environ, "CUELOG_DB": str(db), "XDG_STATE_HOME": str(db.parent.parent / f"state-{device}")}
    proc = subprocess.run([CUELOG, *args], env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_each_device_writes_its_own_folder_and_undoes_its_own_change(db):
    _as("laptop", "device", "name", "laptop", db=db)
    _as("phone", "device", "name", "phone", db=db)
    _as("laptop", "craving", "3", "--note", "from the laptop", db=db)
    _as("phone", "craving", "6", "--note", "from the phone", db=db)
    _as("laptop", "craving", "4", "--note", "laptop again", db=db)
    folders = [p for p in db.with_name("cuelog.json.d").iterdir() if p.is_dir()]
    assert len(folders) == 2
    listed = json.loads(_as("phone", "devices", "--json", db=db))["devices"]
    assert sorted((d["name"], d["entries"], d["this_device"]) for d in listed) == [
        ("laptop", 2, False),
        ("phone", 1, True),
    ]
    assert "logging a craving" in _as("phone", "undo", db=db)  # the phone's own last change
    notes = sorted(e["note"] for e in json.loads(_as("laptop", "list", "--json", db=db)))
    assert notes == ["from the laptop", "laptop again"]


def test_an_edit_on_another_device_wins_and_a_delete_stays_deleted(db):
    e = json.loads(_as("laptop", "craving", "3", "--note", "first", "--json", db=db))
    other = json.loads(_as("laptop", "craving", "5", "--json", db=db))
    _as("phone", "edit", e["id"], "--note", "edited on the phone", db=db)
    _as("phone", "delete", other["id"], "--yes", db=db)
    for device in ("laptop", "phone"):
        [entry] = json.loads(_as(device, "list", "--json", db=db))
        assert entry["note"] == "edited on the phone"
    _as("laptop", "edit", e["id"], "--note", "and again on the laptop", db=db)
    assert json.loads(_as("phone", "list", "--json", db=db))[0]["note"] == "and again on the laptop"
    assert json.loads(_as("phone", "doctor", "--json", db=db))["ok"]
