"""Upgrades of the on-disk schema: a registry of numbered steps, as llm's
migrations are. Each step is a pure function from the journal's image in one
schema to its image in the next; ``upgrade`` runs the steps a store needs, on the
first write (a reading command never changes a file), after a backup.

An image is a plain dict: ``{"tables": {name: [rows]}, "months": {"YYYY-MM":
[records]}}`` plus, for schema 1, the legacy main document under ``"main"``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cuelog.errors import StoreError
from cuelog.models import day_id
from cuelog.store.files import crashpoint, shred, write_atomic

if TYPE_CHECKING:
    from cuelog.store import Store

Image = dict[str, Any]


def legacy_rows(main: dict[str, Any], name: str) -> list[dict]:
    """The rows of a schema-1 main document's table, with the ids schema 2 gives them."""
    table = main.get(name, {})
    rows = [dict(r) for r in table.values()] if isinstance(table, dict) else []
    rows = [r for r in rows if isinstance(r, dict)]
    if name == "attempts":
        from datetime import date

        for row in rows:
            try:
                row.setdefault("id", day_id("attempt", date.fromisoformat(row["quit_date"])))
            except (KeyError, TypeError, ValueError):
                row.setdefault("id", "damaged-attempt")
    return rows


def to_2(image: Image) -> Image:
    """Schema 1 (one main file, one file per month, one writer) to schema 2 (a folder
    per device). Entries keep their ids and content; quit attempts gain ids; the old
    undo history does not carry over (the step is an undo barrier)."""
    main = image.get("main", {})
    months = {}
    for month, doc in image.get("months", {}).items():
        table = doc.get("entries", {}) if isinstance(doc, dict) else {}
        months[month] = [r for r in table.values() if isinstance(r, dict)] if isinstance(table, dict) else []
    return {
        "tables": {name: legacy_rows(main, name) for name in ("attempts", "plans", "support")},
        "months": months,
    }


MIGRATIONS: dict[int, Callable[[Image], Image]] = {1: to_2}


def migrate_image(image: Image, version: int, target: int) -> Image:
    for step in range(version, target):
        if step not in MIGRATIONS:
            raise StoreError(f"no upgrade from schema {step}; it was left untouched")
        image = MIGRATIONS[step](image)
    return image


def upgrade(store: Store, version: int, root: dict[str, Any] | None) -> None:
    """Under the lock: back up, bring the store to the current schema, then commit by
    replacing the root (readers see the old layout until that rename)."""
    from cuelog.store import SCHEMA_VERSION
    from cuelog.store.backup import aside_name, make_backup
    from cuelog.store.journal import Transaction

    if version != 1:
        raise StoreError(f"no upgrade from schema {version}; it was left untouched")
    view = store.read()  # the legacy view
    legacy = view.legacy
    image = {
        "main": root or {},
        "months": {
            m: {"entries": {str(i): r for i, r in enumerate(store._legacy_month(legacy, m), 1)}} for m in legacy.months
        },
    }
    upgraded = migrate_image(image, version, SCHEMA_VERSION)
    make_backup(store, aside_name(store, "before-update"))
    me = store.device().id
    existing = store._head(store.device_dir(me))  # a half-done earlier attempt
    head = store._fresh_head()
    if existing is not None:
        head["seq"] = existing.doc.get("seq", 0)
    tx = Transaction(view, me, head, None)
    tx.heads = {}
    tx.legacy = None
    tx._others = {}
    for month, records in upgraded["months"].items():
        tx.own_months[month] = {r["id"]: r for r in records if isinstance(r.get("id"), str)}
        tx.dirty.add(month)
    tx.head["tables"] = upgraded["tables"]
    tx.barrier = "updating the journal to a new layout"
    store._commit(tx, encrypted=legacy.encrypted)
    crashpoint("migrated-head")
    from cuelog.store.files import dumps

    write_atomic(store.path, dumps({"meta": {"1": {"app": "cuelog", "schema_version": SCHEMA_VERSION}}}))
    crashpoint("migrated")
    for path in legacy.months.values():
        shred(path) if not legacy.encrypted else path.unlink(missing_ok=True)
