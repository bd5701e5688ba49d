"""One function per use case. The CLI parses and renders; this builds and stores.

Every input is validated into an ``Entry`` before the store is opened for
writing, so bad input never touches the disk.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

from cuelog.errors import CuelogError, InputError
from cuelog.models import (
    KINDS,
    Cues,
    Entry,
    Plan,
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
    with store.write(f"logging a {entry.kind}") as journal:
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
    with store.write(f"the check-in for {day.isoformat()}") as journal:
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
    with store.write("editing an entry") as journal:
        old = journal.find(prefix)
        if at is not None and old.kind == "checkin":
            raise InputError("a check-in belongs to its date", hint="use 'cuelog checkin --date DAY' instead")
        new = replace(old, cues=old.cues.merged(cue_changes), edited_at=now, **changes)
        journal.replace(old, new)
    return new


def delete_entry(store: Store, entry_id: str) -> Entry:
    store.read().find(entry_id)
    with store.write("deleting an entry") as journal:
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
    with store.write(f"the quit date {day.isoformat()}") as journal:
        journal.add_attempt(attempt)
    return attempt


def quit_attempts(store: Store, on: date) -> tuple[QuitAttempt | None, list[QuitAttempt]]:
    """The attempt in force on ``on``, and every attempt."""
    from cuelog.models import current_attempt

    attempts = store.read().attempts()
    return current_attempt(attempts, on), attempts


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
    doc = status_doc(attempts, entries, as_of)
    plans = journal.plans()
    if plans:
        from cuelog.analysis.plans import with_plans
        from cuelog.analysis.summary import cue_items, followed_by_lapse

        events = [e for e in entries if e.kind in ("craving", "lapse")]
        doc["top_cues"] = with_plans(cue_items(events, followed_by_lapse(events))[:3], plans, entries)
    return doc, phase_stats(attempt.quit_date, as_of, entries)


def summary(store: Store, *, since: datetime | None, until: datetime | None, top: int, as_of: date) -> dict:
    from cuelog.analysis.summary import summarise

    if since and until and since > until:
        raise InputError("--since is after --until")
    if top < 0:
        raise InputError("--top must be 0 or more")
    from cuelog.analysis.plans import with_plans

    journal = store.read()
    entries = journal.entries(since, until)
    doc = summarise(entries, since=since, until=until, as_of=as_of, attempts=journal.attempts(), top=top)
    plans = journal.plans()
    if plans:
        doc["top_cues"] = with_plans(doc["top_cues"], plans, entries)
    return doc


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
    with store.write("saving reflection answers") as journal:
        old = journal.find(lapse_id)
        new = replace(old, reflection={**dict(old.reflection or {}), **cleaned}, edited_at=now)
        journal.replace(old, new)
    return new


def checkin_exists(store: Store, day: date) -> bool:
    """For ``remind``: reads only that day's month."""
    return store.read().checkin_on(day, noon(day).strftime("%Y-%m")) is not None


def build_demo(store: Store, now: datetime) -> None:
    from cuelog.demo import demo_journal

    attempt, entries = demo_journal(now)
    with store.write("the demo journal") as journal:
        journal.add_attempt(attempt)
        for entry in entries:
            journal.add(entry)


def parse_import(text: str) -> tuple[list[Entry], list[QuitAttempt]]:
    """cuelog's JSON export (an object with "entries"), a JSON array of entries
    (``list --json``), or JSON Lines. Every record is validated before any is
    used; the first bad one is named by its line or position."""
    import json

    from cuelog.models import entry_from_record

    if not text.strip():
        raise InputError("the import is empty")
    try:
        whole = json.loads(text)
    except ValueError:
        whole = None
    raw_attempts: list = []
    if isinstance(whole, dict) and "entries" in whole:
        records = [(f"entry {i}", r) for i, r in enumerate(whole["entries"] or [], 1)]
        raw_attempts = whole.get("attempts") or whole.get("quit_attempts") or []
    elif isinstance(whole, list):
        records = [(f"entry {i}", r) for i, r in enumerate(whole, 1)]
    elif isinstance(whole, dict):
        records = [("line 1", whole)]
    else:
        records = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append((f"line {number}", json.loads(line)))
            except ValueError:
                raise InputError(f"line {number} is not valid JSON; nothing was imported") from None
    entries: list[Entry] = []
    seen: dict[str, str] = {}
    checkin_days: dict[date, str] = {}
    for where, record in records:
        try:
            entry = entry_from_record(record)
        except InputError as exc:
            raise InputError(f"{where}: {exc.message}; nothing was imported") from None
        if entry.id in seen:
            raise InputError(f"{where}: id {entry.id} appears twice (also {seen[entry.id]}); nothing was imported")
        seen[entry.id] = where
        if entry.kind == "checkin":
            if entry.day in checkin_days:
                raise InputError(f"{where}: a second check-in for {entry.day} ({checkin_days[entry.day]} has one)")
            checkin_days[entry.day] = where
        entries.append(entry)
    try:
        attempts = [QuitAttempt.from_record(a) for a in raw_attempts]
    except (InputError, TypeError, AttributeError):
        raise InputError("the quit dates in the import are not readable; nothing was imported") from None
    return entries, attempts


def import_entries(store: Store, entries: list[Entry], attempts: list[QuitAttempt]) -> dict:
    """Merge by id: new ids are added, a newer copy of a known entry replaces it,
    anything already present is left alone, so importing twice adds nothing."""
    report = {"added": 0, "updated": 0, "unchanged": 0, "skipped": [], "attempts_added": 0}
    with store.write(f"importing {len(entries)} entries") as journal:
        existing = {e.id: e for e in journal.entries()}
        checkins = {e.day: e.id for e in existing.values() if e.kind == "checkin"}
        for entry in entries:
            old = existing.get(entry.id)
            if old is None:
                if entry.kind == "checkin" and entry.day in checkins:
                    report["skipped"].append({"id": entry.id, "reason": f"{entry.day} already has a check-in"})
                    continue
                journal.add(entry)
                report["added"] += 1
            elif old != entry and (entry.edited_at or entry.logged_at) > (old.edited_at or old.logged_at):
                journal.replace(old, entry)
                report["updated"] += 1
            else:
                report["unchanged"] += 1
        known = {a.quit_date for a in journal.attempts()}
        for attempt in attempts:
            if attempt.quit_date not in known:
                journal.add_attempt(attempt)
                known.add(attempt.quit_date)
                report["attempts_added"] += 1
    return report


def export_report(
    store: Store,
    *,
    since: datetime | None,
    until: datetime | None,
    redact: str | None,
    now: datetime,
    with_entries: bool = True,
) -> dict:
    """The counsellor's report for the period (all of the journal by default)."""
    from cuelog.analysis.report import REDACTIONS, build_report, redaction_parts

    if redact is not None and redact not in REDACTIONS:
        raise InputError(f"--redact must be one of {', '.join(REDACTIONS)}")
    if since and until and since > until:
        raise InputError("--since is after --until")
    journal = store.read()
    entries = journal.entries(since, until)
    end = (until or now).date()
    if since is not None:
        start = since.date()
    else:
        days = [e.day if e.kind == "checkin" and e.day else e.at.date() for e in entries]
        start = min(days, default=end)
    return build_report(
        entries,
        journal.attempts(),
        start=start,
        end=end,
        since=since,
        until=until,
        redact_parts=redaction_parts(redact),
        with_entries=with_entries,
        plans=journal.plans(),
        generated_at=now,
    )


# -- if-then plans ----------------------------------------------------------
PLAN_EXAMPLE = 'e.g. cuelog plan add --place bar "leave and call my sister"'


def _plan_cues(cues: CueLists) -> Cues:
    built = Cues.build(cues)
    if not built.items():
        raise InputError("a plan needs at least one cue", hint=PLAN_EXAMPLE)
    return built


def _plan_text(then: str | None) -> str:
    text = clean_note(then)
    if not text:
        raise InputError("a plan needs its THEN text", hint=PLAN_EXAMPLE)
    return text


def add_plan(store: Store, now: datetime, cues: CueLists, then: str | None) -> Plan:
    plan = Plan(id=new_id(), cues=_plan_cues(cues), then=_plan_text(then), created_at=now)
    with store.write("adding a plan") as journal:
        journal.put_plan(plan)
    return plan


def edit_plan(store: Store, now: datetime, prefix: str, cues: CueLists, then: str | None) -> Plan:
    if not cues and then is None:
        raise InputError("nothing to change", hint="give cue options or a new THEN text")
    store.read().find_plan(prefix)
    with store.write("editing a plan") as journal:
        old = journal.find_plan(prefix)
        merged = old.cues.merged({d: normalise_values(list(v), f"--{d}") for d, v in cues.items()})
        if not merged.items():
            raise InputError("a plan needs at least one cue")
        new = replace(old, cues=merged, then=_plan_text(then) if then is not None else old.then, edited_at=now)
        journal.put_plan(new)
    return new


def remove_plan(store: Store, prefix: str) -> Plan:
    store.read().find_plan(prefix)
    with store.write("removing a plan") as journal:
        plan = journal.find_plan(prefix)
        journal.remove_plan(plan.id)
    return plan


def list_plans(store: Store) -> list[Plan]:
    return store.read().plans()


def plans_matching(store: Store, entry: Entry) -> list[Plan]:
    from cuelog.analysis.plans import matching_plans

    return matching_plans(store.read().plans(), entry.cues)


def outlook(store: Store, today: date) -> dict:
    from cuelog.analysis.plans import OUTLOOK_DAYS
    from cuelog.analysis.plans import outlook as build

    journal = store.read()
    since = start_of_day(today - timedelta(days=OUTLOOK_DAYS))
    return build(journal.entries(since, end_of_day(today)), journal.plans(), today)


# -- durability -------------------------------------------------------------
def undo(store: Store) -> tuple[str, int]:
    """Revert the last change; returns what it was and how many steps remain."""
    if not store.read().exists:
        raise InputError("there is nothing to undo")
    with store.write() as journal:
        label = journal.undo()
        left = journal.undo_steps()
    return label, left


def doctor(store: Store) -> dict:
    """Check every file and entry; never changes anything."""
    from cuelog.models import entry_from_record

    report: dict = {"store": str(store.path), "exists": store.path.exists(), "problems": [], "checked": {}}
    problems = report["problems"]
    try:
        journal = store.read()
    except CuelogError as exc:
        problems.append(exc.message)
        journal = None
    if journal is not None and journal.exists:
        report["checked"]["schema_version"] = journal.main.table("meta").get(doc_id=1)["schema_version"]
        for name in ("attempts", "plans"):
            try:
                report["checked"][name] = len(journal.attempts() if name == "attempts" else journal.plans())
            except CuelogError as exc:
                problems.append(exc.message)
        seen: dict[str, str] = {}
        checkins: dict = {}
        count = 0
        for month in journal.months():
            path = store.shard_dir / f"{month}.json"
            try:
                records = journal._shard(month).storage.data.get("entries", {})
            except CuelogError as exc:
                problems.append(exc.message)
                continue
            for doc_id, record in records.items():
                count += 1
                try:
                    entry = entry_from_record(record)
                except InputError as exc:
                    problems.append(f"{path.name}, record {doc_id}: {exc.message}")
                    continue
                if entry.at.strftime("%Y-%m") != month:
                    problems.append(f"{path.name}: entry {entry.id[:8]} belongs in {entry.at.strftime('%Y-%m')}.json")
                if entry.id in seen:
                    problems.append(f"entry {entry.id[:8]} appears twice ({seen[entry.id]} and {path.name})")
                seen[entry.id] = path.name
                if entry.kind == "checkin":
                    if entry.day in checkins:
                        problems.append(f"two check-ins for {entry.day}")
                    checkins[entry.day] = entry.id
        report["checked"]["entries"] = count
        report["checked"]["months"] = len(journal.months())
    leftovers = [p.name for p in store.path.parent.glob(f".{store.path.name}*.tmp")]
    if store.shard_dir.is_dir():
        leftovers += [p.name for p in store.shard_dir.glob(".*.tmp")]
    if leftovers:
        problems.append(
            f"temporary files left by an interrupted write: {', '.join(sorted(leftovers))} "
            "(the next write removes them)"
        )
    report["encrypted"] = store.key_path.exists()
    report["backups"] = [b.name for b in store.backups()]
    report["ok"] = not problems
    return report


def find_backup(store: Store, name: str | None) -> Path:
    backups = store.backups()
    if not backups:
        raise InputError("there are no backups yet", hint="one is kept each day before the first change")
    if name is None:
        return backups[-1]
    for backup in backups:
        if backup.name == name or backup.name.startswith(name):
            return backup
    raise InputError(f"no backup named {name!r}", hint="see them with 'cuelog doctor'")


def restore(store: Store, backup: Path) -> Path:
    return store.restore(backup)
