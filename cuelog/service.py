"""One function per use case. The CLI parses and renders; this builds and stores.

Every input is validated into an ``Entry`` before the store is opened for
writing, so bad input never touches the disk.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime

from cuelog.errors import InputError
from cuelog.models import (
    KINDS,
    Cues,
    Entry,
    QuitAttempt,
    check_intensity,
    check_minutes,
    clean_note,
    new_id,
    normalise_value,
    normalise_values,
)
from cuelog.store import Store
from cuelog.timeparse import noon

CueLists = Mapping[str, Sequence[str]]


def _entry(kind: str, now: datetime, at: datetime | None, **fields) -> Entry:
    return Entry(id=new_id(), kind=kind, at=at or now, logged_at=now, **fields)


def _add(store: Store, entry: Entry) -> Entry:
    with store.write() as journal:
        journal.add(entry)
    return entry


def log_craving(
    store: Store,
    now: datetime,
    *,
    intensity: int | None,
    cues: CueLists,
    coping: Sequence[str] = (),
    minutes: int | None = None,
    note: str | None = None,
    at: datetime | None = None,
) -> Entry:
    entry = _entry(
        "craving",
        now,
        at,
        intensity=check_intensity(intensity),
        cues=Cues.build(cues),
        coping=normalise_values(list(coping), "--coping"),
        minutes=check_minutes(minutes),
        note=clean_note(note),
    )
    return _add(store, entry)


def log_lapse(
    store: Store,
    now: datetime,
    *,
    intensity: int | None,
    cues: CueLists,
    note: str | None = None,
    at: datetime | None = None,
) -> Entry:
    entry = _entry(
        "lapse",
        now,
        at,
        intensity=check_intensity(intensity),
        cues=Cues.build(cues),
        note=clean_note(note),
        reflection={},
    )
    return _add(store, entry)


def check_in(
    store: Store,
    now: datetime,
    *,
    day: date,
    craving: int | None,
    feeling: Sequence[str] = (),
    body: Sequence[str] = (),
    used: bool | None = None,
    note: str | None = None,
) -> tuple[Entry, Entry | None]:
    """Record the check-in for ``day``; returns (new, the one it replaced)."""
    at = noon(day)
    entry = _entry(
        "checkin",
        now,
        at,
        intensity=check_intensity(craving, "--craving"),
        cues=Cues.build({"feeling": list(feeling), "body": list(body)}),
        note=clean_note(note),
        day=day,
        used=used,
    )
    with store.write() as journal:
        previous = journal.checkin_on(day, at.strftime("%Y-%m"))
        if previous is not None:
            # Same id, so scripts that kept it still point at the day's check-in.
            entry = replace(entry, id=previous.id)
            journal.replace(previous, entry)
        else:
            journal.add(entry)
    return entry, previous


def get_entry(store: Store, prefix: str) -> Entry:
    return store.read().find(prefix)


_UNSET = object()


def edit_entry(
    store: Store,
    now: datetime,
    prefix: str,
    *,
    intensity: int | None | object = _UNSET,
    cues: CueLists | None = None,
    coping: Sequence[str] | None = None,
    note: str | None | object = _UNSET,
    at: datetime | None = None,
) -> Entry:
    """Change fields of one entry; a cue dimension given replaces its list."""
    changes: dict = {}
    if intensity is not _UNSET:
        changes["intensity"] = check_intensity(intensity)
    if coping is not None:
        changes["coping"] = normalise_values(list(coping), "--coping")
    if note is not _UNSET:
        changes["note"] = clean_note(note)  # type: ignore[arg-type]
    if at is not None:
        changes["at"] = at
    cue_changes = {d: normalise_values(list(v), f"--{d}") for d, v in (cues or {}).items()}
    if not changes and not cue_changes:
        raise InputError("nothing to change", hint="give at least one option, e.g. --note or --place")
    store.read().find(prefix)  # an unknown id must not create a store
    with store.write() as journal:
        old = journal.find(prefix)
        if at is not None and old.kind == "checkin":
            raise InputError("a check-in belongs to its date", hint="use 'cuelog checkin --date DAY' instead")
        new = replace(old, cues=old.cues.merged(cue_changes), edited_at=now, **changes)
        journal.replace(old, new)
    return new


def delete_entry(store: Store, entry_id: str) -> Entry:
    store.read().find(entry_id)
    with store.write() as journal:
        entry = journal.find(entry_id)
        journal.remove(entry.id)
    return entry


def list_entries(
    store: Store,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    kind: str | None = None,
    limit: int | None = None,
) -> list[Entry]:
    """Entries in the range, newest first, at most ``limit`` of them."""
    if kind is not None and kind not in KINDS:
        raise InputError(f"--kind must be one of {', '.join(KINDS)}")
    if since and until and since > until:
        raise InputError("--since is after --until")
    # Reading newest months first pays only when no kind filter thins them out.
    early_stop = limit if (limit and kind is None) else None
    found = store.read().entries(since, until, newest_first_limit=early_stop)
    newest = [e for e in reversed(found) if kind is None or e.kind == kind]
    return newest[:limit] if limit else newest


def set_quit_date(store: Store, now: datetime, day: date, substance: str | None) -> QuitAttempt:
    attempt = QuitAttempt(
        quit_date=day,
        substance=normalise_value(substance, "--substance") or None if substance else None,
        set_at=now,
    )
    with store.write() as journal:
        journal.add_attempt(attempt)
    return attempt


def quit_attempts(store: Store) -> list[QuitAttempt]:
    return store.read().attempts()
