"""Upgrades of the on-disk schema: an ordered list of named steps, as llm's
migrations are. A step is one function decorated with ``@migration``: pure, from the
journal's image in one schema to its image in the next; the first registered takes
schema 1 to 2, the next 2 to 3, and so on. ``upgrade`` runs, in order, the steps from
the store's schema to ``SCHEMA_VERSION``, on the first write (a reading command never
changes a file), after a ``before-update`` backup.

An image is a plain dict: ``{"tables": {name: [rows]}, "months": {"YYYY-MM":
[records]}}`` plus, for schema 1, the legacy main document under ``"main"``.

To change the schema: raise ``SCHEMA_VERSION`` and add one step at the end::

    @migration
    def plans_gain_a_label(image: Image) -> Image:
        # Schema 2 to 3: every plan has a label (empty for the old ones).
        ...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from cuelog.errors import StoreError
from cuelog.models import day_id
from cuelog.store.files import crashpoint, shred, write_atomic

if TYPE_CHECKING:
    from cuelog.store import Store

Image = dict[str, Any]


# A named tuple: defined several times faster than a frozen dataclass, on every start.
class Step(NamedTuple):
    """One registered upgrade: it takes an image in schema ``to - 1`` to schema ``to``."""

    name: str
    to: int
    run: Callable[[Image], Image]


MIGRATIONS: list[Step] = []


def migration(run: Callable[[Image], Image]) -> Callable[[Image], Image]:
    """Register ``run`` as the next step, named after the function."""
    MIGRATIONS.append(Step(run.__name__, len(MIGRATIONS) + 2, run))
    return run


def steps(version: int, target: int) -> list[Step]:
    """The steps that take schema ``version`` to ``target``, in order; a store with a
    gap in between is refused before anything is touched."""
    chosen = [s for s in MIGRATIONS if version < s.to <= target]
    if [s.to for s in chosen] != list(range(version + 1, target + 1)):
        raise StoreError(f"no upgrade from schema {version}; it was left untouched")
    return chosen


def migrate_image(image: Image, version: int, target: int) -> Image:
    """``image`` (in schema ``version``) through every step up to ``target``, in order."""
    for step in steps(version, target):
        image = step.run(image)
    return image


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


@migration
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


@migration
def attempts_become_goals(image: Image) -> Image:
    """Schema 2 to 3: goals, one per substance, several at once. Every quit attempt
    becomes a stop goal in the ``goals`` table, with the meaning it had (a newer
    attempt ended the one before, whatever its substance); the attempts stay as they
    were, so nothing is lost. ``image["merged"]`` (when given) holds every device's
    rows, so this device's goals cover the attempts of all of them."""
    from cuelog.errors import InputError
    from cuelog.models import Goal, QuitAttempt, journal_goals

    tables = {name: [dict(r) for r in rows] for name, rows in image.get("tables", {}).items()}
    source = image.get("merged", tables)
    attempts, goals = [], []
    for row in source.get("attempts", []):
        try:
            attempts.append(QuitAttempt.from_record(row))
        except InputError:
            continue  # a damaged attempt stays in its table, for doctor to report
    for row in source.get("goals", []):
        try:
            goals.append(Goal.from_record(row))
        except InputError:
            continue
    made = [g.to_record() for g in journal_goals(attempts, goals) if g.from_attempt]
    known = {r.get("id") for r in tables.get("goals", [])}
    tables["goals"] = tables.get("goals", []) + [r for r in made if r["id"] not in known]
    return {**{k: v for k, v in image.items() if k != "merged"}, "tables": tables}


class OnDisk(NamedTuple):
    """A store as an older layout holds it: its view, its image and the files the
    current layout no longer has."""

    view: Any
    image: Image
    encrypted: bool
    leftovers: list[Any]


def schema_1(store: Store, root: dict[str, Any] | None) -> OnDisk:
    """A schema-1 store (one main file, one file per month) as its image."""
    view = store.read()  # the legacy view
    legacy = view.legacy
    months = {
        m: {"entries": {str(i): r for i, r in enumerate(store._legacy_month(legacy, m), 1)}} for m in legacy.months
    }
    return OnDisk(view, {"main": root or {}, "months": months}, legacy.encrypted, list(legacy.months.values()))


# How to read each older layout into an image (the steps then do the rest).
READERS: dict[int, Callable[[Store, dict[str, Any] | None], OnDisk]] = {1: schema_1}


def upgrade(store: Store, version: int, root: dict[str, Any] | None) -> None:
    """Under the lock: read the store in its schema, run the steps to the current one,
    back up, then commit by replacing the root (readers see the old layout until that
    rename)."""
    from cuelog.store import SCHEMA_VERSION
    from cuelog.store.backup import aside_name, make_backup
    from cuelog.store.journal import Transaction

    steps(version, SCHEMA_VERSION)  # a gap is refused before anything is read or written
    if version >= 2:
        _upgrade_tables(store, version)
        return
    if version not in READERS:
        raise StoreError(f"no upgrade from schema {version}; it was left untouched")
    old = READERS[version](store, root)
    upgraded = migrate_image(old.image, version, SCHEMA_VERSION)
    view = old.view
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
    store._commit(tx, encrypted=old.encrypted)
    crashpoint("migrated-head")
    from cuelog.store.files import dumps

    write_atomic(store.path, dumps({"meta": {"1": {"app": "cuelog", "schema_version": SCHEMA_VERSION}}}))
    crashpoint("migrated")
    for path in old.leftovers:
        shred(path) if not old.encrypted else path.unlink(missing_ok=True)


def _upgrade_tables(store: Store, version: int) -> None:
    """From schema 2 on the layout stays (a folder per device): the steps change this
    device's tables only, after a backup, in one commit that undo can step back over."""
    import copy

    from cuelog.store import SCHEMA_VERSION
    from cuelog.store.backup import aside_name, make_backup
    from cuelog.store.files import dumps
    from cuelog.store.journal import TABLES, Transaction

    view = store.read()
    me = store.device().id
    own = view.heads.get(me)
    head = copy.deepcopy(own.doc) if own is not None else store._fresh_head()
    tables = head.setdefault("tables", {})
    image = {
        "tables": {name: [dict(r) for r in rows] for name, rows in tables.items()},
        "merged": {name: view.table(name) for name in TABLES},
        "months": {},
    }
    upgraded = migrate_image(image, version, SCHEMA_VERSION)
    make_backup(store, aside_name(store, "before-update"))
    tx = Transaction(view, me, head, None)  # no undo step: nothing the person did
    tx.head["tables"] = upgraded["tables"]
    store._commit(tx)
    crashpoint("migrated-head")
    write_atomic(store.path, dumps({"meta": {"1": {"app": "cuelog", "schema_version": SCHEMA_VERSION}}}))
    crashpoint("migrated")
