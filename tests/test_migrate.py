"""Migrations are an ordered list of named steps: each one decorated function, pure,
from one schema's image to the next; ``upgrade`` runs those a store needs, in order."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import cuelog.store as cuelog_store
from cuelog.errors import StoreError
from cuelog.store import migrate
from cuelog.store.files import CRASH_EXIT
from tests.conftest import head_of, snapshot

LEGACY = Path(__file__).resolve().parent / "fixtures" / "legacy" / "schema1-plain"


def test_every_schema_below_the_current_one_has_one_step_in_order():
    assert [(s.name, s.to) for s in migrate.MIGRATIONS][:1] == [("to_2", 2)]
    assert [s.to for s in migrate.MIGRATIONS] == list(range(2, cuelog_store.SCHEMA_VERSION + 1))
    assert len({s.name for s in migrate.MIGRATIONS}) == len(migrate.MIGRATIONS)
    assert set(migrate.READERS) <= set(range(1, cuelog_store.SCHEMA_VERSION))


@pytest.fixture
def registry(monkeypatch):
    """An empty list of steps for the test to register into."""
    monkeypatch.setattr(migrate, "MIGRATIONS", [])
    return migrate.MIGRATIONS


def test_steps_run_in_the_order_registered_from_the_stores_schema(registry):
    @migrate.migration
    def first(image):
        return {**image, "trail": [*image["trail"], "first"]}

    @migrate.migration
    def second(image):
        return {**image, "trail": [*image["trail"], "second"]}

    assert [(s.name, s.to) for s in registry] == [("first", 2), ("second", 3)]
    assert migrate.migrate_image({"trail": []}, 1, 3) == {"trail": ["first", "second"]}
    assert migrate.migrate_image({"trail": []}, 2, 3) == {"trail": ["second"]}
    assert migrate.migrate_image({"trail": []}, 3, 3) == {"trail": []}
    with pytest.raises(StoreError, match="no upgrade from schema 1"):
        migrate.steps(1, 4)  # no step reaches schema 4


def test_a_new_step_is_one_decorated_function_and_the_old_store_goes_through_both(run, db, monkeypatch):
    shutil.copytree(LEGACY, db.parent)
    monkeypatch.setattr(migrate, "MIGRATIONS", list(migrate.MIGRATIONS))
    monkeypatch.setattr(cuelog_store, "SCHEMA_VERSION", cuelog_store.SCHEMA_VERSION + 1)

    @migrate.migration
    def plans_gain_a_label(image):
        tables = image["tables"]
        return {**image, "tables": {**tables, "plans": [{**p, "label": ""} for p in tables["plans"]]}}

    assert run("craving", "4").code == 0
    plans = head_of(db)["tables"]["plans"]
    assert plans and all(p["label"] == "" for p in plans)
    assert any(p.name.startswith("before-update-") for p in (db.parent / "cuelog.json.backups").iterdir())


def test_an_older_layout_no_reader_knows_is_refused_untouched(run, db, monkeypatch):
    shutil.copytree(LEGACY, db.parent)
    monkeypatch.setattr(migrate, "READERS", {})
    before = snapshot(db.parent)
    result = run("craving", "4")
    assert result.code == 1 and "no upgrade from schema 1" in result.err
    assert snapshot(db.parent) == before


def test_a_crash_at_any_step_of_the_update_loses_nothing(cuelog, tmp_path):
    """Through the installed script: the first write after installing a newer cuelog,
    killed at each step it reaches in turn (CUELOG_TEST_CRASH_AT)."""
    expected = sorted(e["id"] for e in json.loads((LEGACY.parent / "expected.json").read_text())["entries"])

    def copy(name: str) -> dict:
        folder = tmp_path / name
        shutil.copytree(LEGACY, folder)
        return {"CUELOG_DB": str(folder / "cuelog.json"), "XDG_STATE_HOME": str(tmp_path / name / "state")}

    def ids(env: dict) -> list[str]:
        listed = cuelog("list", "--json", env=env)
        assert listed.code == 0, listed.err
        return sorted(e["id"] for e in listed.json())

    traced = {**copy("traced"), "CUELOG_TEST_TRACE_STEPS": str(tmp_path / "steps")}
    assert cuelog("craving", "4", env=traced).code == 0
    steps = (tmp_path / "steps").read_text().split()
    assert {"backup-made", "migrated-head", "migrated"} <= set(steps), steps
    for i, step in enumerate(steps):
        env = copy(f"crash-{i}")
        nth = steps[: i + 1].count(step)
        crashed = cuelog("craving", "4", env={**env, "CUELOG_TEST_CRASH_AT": f"{step}:{nth}"})
        assert crashed.code == CRASH_EXIT, (step, crashed.err)
        now = ids(env)  # the old journal or the updated one, whole; with the craving if it was committed
        assert set(expected) <= set(now) and len(now) - len(expected) in (0, 1), step
        written = cuelog("craving", "5", "--json", env=env)
        assert written.code == 0, (step, written.err)
        assert ids(env) == sorted([*now, written.json()["id"]]), step
        root = json.loads(Path(env["CUELOG_DB"]).read_text())
        assert root["meta"]["1"]["schema_version"] == cuelog_store.SCHEMA_VERSION, step
        doctor = cuelog("doctor", "--json", env=env)
        assert doctor.code == 0 and doctor.json()["ok"], (step, doctor.out)
        old_files = list(Path(env["CUELOG_DB"] + ".d").glob("*.json"))
        if old_files:  # killed after the new root, before the old files went: doctor says so, --merge ends it
            assert step == "migrated" and any("old layout" in n for n in doctor.json()["notes"]), (step, doctor.out)
            assert cuelog("doctor", "--merge", env=env).code == 0
            assert not list(Path(env["CUELOG_DB"] + ".d").glob("*.json")), step
            assert ids(env) == sorted([*now, written.json()["id"]]), step
