"""``cuelog import``: read and validate everything first, then merge by id in one commit.

The same rules as the command line apply to every record (dates within
1900-2200, a check-in's ``at`` on its ``date``, text without control characters,
types of every field); fields another tool leaves out take their defaults, and a
field cuelog does not know is refused with the record named, so nothing
unexpected reaches a terminal or a report later.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from cuelog.errors import InputError
from cuelog.models import KINDS, Entry, Goal, Plan, QuitAttempt, entry_from_record, entry_from_store

MAX_IMPORT_CHARS = 256 * 1024 * 1024
ENTRY_FIELDS = frozenset(
    {"id", "kind", "at", "logged_at", "intensity", "cues", "coping", "note", "minutes", "date", "used"}
    | {"reflection", "edited_at", "rev", "amount", "display"}
    | {"substances", "amount_number", "amount_unit", "units", "units_system"}  # issue 26
)
PLAN_FIELDS = frozenset({"id", "cues", "then", "created_at", "edited_at", "rev"})
ATTEMPT_FIELDS = frozenset({"id", "quit_date", "substance", "set_at", "rev"})
GOAL_FIELDS = frozenset(
    {"id", "type", "substance", "substance_typed", "started", "quit_date", "limit", "ended", "set_at", "edited_at"}
    | {"rev", "active"}
)
SUPPORT_FIELDS = frozenset({"id", "name", "phone", "note", "created_at", "edited_at", "rev"})


def _loads(text: str, where: str) -> Any:
    from cuelog.store import loads

    try:
        return loads(text.encode("utf-8", "surrogatepass"))
    except ValueError as exc:
        why = str(exc).lower()
        if "integer" in why or "number" in why:
            raise InputError(f"{where} holds a number too large for cuelog; nothing was imported") from None
        if "recurs" in why or "depth" in why or "nest" in why:
            raise InputError(f"{where} is nested too deeply to be a cuelog record; nothing was imported") from None
        raise InputError(f"{where} is not valid JSON; nothing was imported") from None


def _unknown(record: dict, allowed: frozenset[str], where: str) -> None:
    extra = sorted(str(k) for k in record if k not in allowed)
    if extra:
        shown = ", ".join(repr(k[:40]) for k in extra[:3])
        raise InputError(
            f"{where}: unknown field {shown}; nothing was imported", hint="cuelog imports its own fields only"
        )


def _derived_id(record: dict) -> str:
    """An entry from another tool without an id gets one from its content, so that
    importing the same file twice still adds nothing."""
    from cuelog.store import dumps

    canonical = dumps({k: record[k] for k in sorted(record)})
    return "i" + hashlib.sha256(canonical).hexdigest()[:31]


def _entry(record: Any, where: str) -> Entry:
    if not isinstance(record, dict):
        raise InputError(f"{where}: an entry must be a JSON object; nothing was imported")
    _unknown(record, ENTRY_FIELDS, where)
    filled = dict(record)
    if "id" not in filled:
        filled["id"] = _derived_id(record)
    if "at" in filled:
        filled.setdefault("logged_at", filled["at"])
    for key, default in (("intensity", None), ("cues", {}), ("coping", []), ("note", None)):
        filled.setdefault(key, default)
    if filled.get("kind") == "checkin" and "at" not in filled and isinstance(filled.get("date"), str):
        from cuelog.timeparse import noon

        try:
            filled["at"] = filled["logged_at"] = noon(date.fromisoformat(filled["date"])).isoformat(timespec="seconds")
        except ValueError:
            pass
    try:
        return entry_from_record(filled)
    except InputError as exc:
        raise InputError(f"{where}: {exc.message}; nothing was imported") from None


def _rows(raw: Any, allowed: frozenset[str], build, what: str) -> list:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise InputError(f"the {what} in the import must be a list; nothing was imported")
    out = []
    for i, record in enumerate(raw, 1):
        where = f"{what} {i}"
        if not isinstance(record, dict):
            raise InputError(f"{where}: must be a JSON object; nothing was imported")
        _unknown(record, allowed, where)
        try:
            out.append(build(record))
        except InputError as exc:
            raise InputError(f"{where}: {exc.message}; nothing was imported") from None
    return out


def _plan(record: dict) -> Plan:
    if not isinstance(record.get("then"), str) or not record["then"].strip():
        raise InputError("a plan without its text (was the export made with --redact notes?)")
    return Plan.from_record(record)  # without cues: a general plan


def _support(record: dict) -> dict:
    from cuelog.models import SupportPerson

    return SupportPerson.from_record(record).to_record()


def parse(text: str) -> dict[str, list]:
    if len(text) > MAX_IMPORT_CHARS:
        raise InputError("the import is larger than 256 MB; split it into smaller files")
    if not text.strip():
        raise InputError("the import is empty")
    stripped = text.lstrip()
    records: list[tuple[str, Any]]
    parsed: dict[str, list] = {"attempts": [], "goals": [], "plans": [], "support": []}
    whole: Any = None
    if stripped[:1] in "[{":
        try:
            whole = _loads(text, "the import")
        except InputError:
            if stripped[:1] == "[" or "\n" not in stripped.strip():
                raise
            whole = None  # JSON Lines
    if isinstance(whole, dict) and "entries" in whole:
        raw_entries = whole.get("entries") or []
        if not isinstance(raw_entries, list):
            raise InputError("'entries' in the import must be a list; nothing was imported")
        records = [(f"entry {i}", r) for i, r in enumerate(raw_entries, 1)]
        parsed["attempts"] = _rows(
            whole.get("attempts", whole.get("quit_attempts")), ATTEMPT_FIELDS, QuitAttempt.from_record, "quit date"
        )
        parsed["goals"] = _rows(whole.get("goals"), GOAL_FIELDS, Goal.from_record, "goal")
        # An export with goals lists their quit dates as attempts too; both are kept (the
        # attempts as the history older cuelogs read; a goal row is read before its attempt).
        parsed["plans"] = _rows(whole.get("plans"), PLAN_FIELDS, _plan, "plan")
        parsed["support"] = _rows(whole.get("support"), SUPPORT_FIELDS, _support, "support person")
    elif isinstance(whole, list):
        records = [(f"entry {i}", r) for i, r in enumerate(whole, 1)]
    elif isinstance(whole, dict):
        records = [("line 1", whole)]
    else:
        records = []
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                records.append((f"line {number}", _loads(line, f"line {number}")))
    entries: list[Entry] = []
    seen: dict[str, str] = {}
    checkin_days: dict[date, str] = {}
    for where, record in records:
        entry = _entry(record, where)
        if entry.id in seen:
            raise InputError(f"{where}: id {entry.id} appears twice (also {seen[entry.id]}); nothing was imported")
        seen[entry.id] = where
        if entry.kind == "checkin":
            if entry.day in checkin_days:
                raise InputError(
                    f"{where}: a second check-in for {entry.day} ({checkin_days[entry.day]} has one); "
                    "nothing was imported"
                )
            checkin_days[entry.day] = where
        entries.append(entry)
    parsed["entries"] = entries
    return parsed


def _newer(new: dict, old: dict) -> bool:
    from cuelog.store import version_time

    return version_time(new) > version_time(old)


def merge_into(journal: Any, parsed: dict[str, list], changed: list | None = None) -> dict:
    """Merge by id, newest wins, into an open transaction; counts per kind. Each entry
    (and plan or support record) added or updated is appended to ``changed``."""
    from cuelog.store import is_tombstone, month_of

    counts: dict[str, dict[str, int]] = {}
    skipped: list[dict] = []

    def count(kind: str, what: str, item: Any = None) -> None:
        counts.setdefault(kind, {"added": 0, "updated": 0, "unchanged": 0})[what] += 1
        if changed is not None and what != "unchanged":
            changed.append(item)

    index: dict[str, str] | None = None
    for entry in parsed.get("entries", []):
        month = month_of(entry.at)
        current = journal._winner(entry.id, month)
        if current is None:
            if index is None:
                index = journal.month_index()
            elsewhere = index.get(entry.id)
            if elsewhere is not None:
                current = journal._winner(entry.id, elsewhere)
        record = entry.to_record()
        if current is None:
            if entry.kind == "checkin":
                here = journal.checkin_on(entry.day)
                if here is not None and here.id != entry.id:
                    skipped.append({"id": entry.id, "reason": f"{entry.day} already has a check-in"})
                    continue
            journal.add(entry)
            if index is not None:
                index[entry.id] = month
            count(entry.kind, "added", entry)
        elif is_tombstone(current):
            if _newer(record, current):
                journal.add(entry)
                count(entry.kind, "added", entry)
            else:
                count(entry.kind, "unchanged")
        else:
            old = entry_from_store(current)
            if old.to_record() != record and _newer(record, current):
                journal.replace(old, entry)
                count(entry.kind, "updated", entry)
            else:
                count(entry.kind, "unchanged")
    for name in ("attempts", "goals", "plans", "support"):
        rows = parsed.get(name, [])
        present = {r["id"]: r for r in journal.table(name)}
        for item in rows:
            record = item if isinstance(item, dict) else item.to_record()
            current = present.get(record["id"])
            if current is None:
                journal.put_row(name, record)
                count(name, "added", record)
            elif {k: v for k, v in current.items() if k != "rev"} != record and _newer(record, current):
                journal.put_row(name, record)
                count(name, "updated", record)
            else:
                count(name, "unchanged")
    total = {w: sum(c[w] for k, c in counts.items() if k in KINDS) for w in ("added", "updated", "unchanged")}
    return {**total, "skipped": skipped, "by_kind": counts}
