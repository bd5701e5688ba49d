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
from cuelog.timeparse import end_of_day, noon, start_of_day

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


def status(store: Store, as_of: date) -> tuple[dict, list]:
    """The status document and the person's craving phases for its attempt."""
    from cuelog.analysis.windows import phase_stats
    from cuelog.analysis.windows import status as status_doc
    from cuelog.models import current_attempt

    journal = store.read()
    attempts = journal.attempts()
    attempt = current_attempt(attempts, as_of)
    if attempt is None or as_of < attempt.quit_date:
        return status_doc(attempts, [], as_of), []
    entries = journal.entries(start_of_day(attempt.quit_date), end_of_day(as_of))
    return status_doc(attempts, entries, as_of), phase_stats(attempt.quit_date, as_of, entries)


def summary(store: Store, *, since: datetime | None, until: datetime | None, top: int, as_of: date) -> dict:
    from cuelog.analysis.summary import summarise

    if since and until and since > until:
        raise InputError("--since is after --until")
    if top < 0:
        raise InputError("--top must be 0 or more")
    journal = store.read()
    entries = journal.entries(since, until)
    return summarise(entries, since=since, until=until, as_of=as_of, attempts=journal.attempts(), top=top)


def latest_lapse(store: Store, prefix: str | None) -> Entry:
    """The lapse with this id, or the most recent one."""
    if prefix:
        entry = store.read().find(prefix)
        if entry.kind != "lapse":
            raise InputError(f"entry {prefix!r} is a {entry.kind}, not a lapse")
        return entry
    lapses = list_entries(store, kind="lapse", limit=1)
    if not lapses:
        raise InputError("there is no lapse in the journal", hint="log one with 'cuelog lapse'")
    return lapses[0]


def save_reflection(store: Store, now: datetime, lapse_id: str, answers: Mapping[str, str]) -> Entry:
    """Merge answers into the lapse's reflection; an empty answer keeps the old one."""
    cleaned = {k: clean_note(v) for k, v in answers.items()}
    cleaned = {k: v for k, v in cleaned.items() if v}
    with store.write() as journal:
        old = journal.find(lapse_id)
        new = replace(old, reflection={**dict(old.reflection or {}), **cleaned}, edited_at=now)
        journal.replace(old, new)
    return new
