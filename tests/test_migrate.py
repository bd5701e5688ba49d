"""Migrations are an ordered list of named steps: each one decorated function, pure,
from one schema's image to the next; ``upgrade`` runs those a store needs, in order."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import cuelog.store
from cuelog.errors import StoreError
from cuelog.store import migrate
from tests.conftest import head_of, snapshot

LEGACY = Path(__file__).resolve().parent / "fixtures" / "legacy" / "schema1-plain"


def test_every_schema_below_the_current_one_has_one_step_in_order():
    assert [(s.name, s.to) for s in migrate.MIGRATIONS][:1] == [("to_2", 2)]
    assert [s.to for s in migrate.MIGRATIONS] == list(range(2, cuelog.store.SCHEMA_VERSION + 1))
    assert len({s.name for s in migrate.MIGRATIONS}) == len(migrate.MIGRATIONS)
    assert set(migrate.READERS) <= set(range(1, cuelog.store.SCHEMA_VERSION))


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
    monkeypatch.setattr(cuelog.store, "SCHEMA_VERSION", cuelog.store.SCHEMA_VERSION + 1)

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
