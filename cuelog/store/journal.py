"""The journal as every device wrote it: a merged, read-only view, and the
transaction that changes this device's part of it.

On disk (see ``cuelog/store/__init__.py`` for the whole layout) each device has a
folder with a head file, its commit point, naming one immutable file per month.
A record written by several devices (an entry one device made and another
edited or deleted) is merged by id: the version with the highest
``(rev, time, device)`` wins; a tombstone (a record with ``deleted_at``) that
wins hides the entry. Edits add one to ``rev``, so an edit made after seeing
another always wins, whatever the clocks say; truly concurrent edits go to the
later time, then to the device id, the same on every machine.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cuelog.errors import DOCTOR_HINT as _DOCTOR
from cuelog.errors import InputError, StoreError
from cuelog.models import (
    YEARS,
    Entry,
    Goal,
    Plan,
    QuitAttempt,
    SupportPerson,
    entry_from_record,
    entry_from_store,
    journal_goals,
    order_moment,
)

if TYPE_CHECKING:
    from cuelog.store import Store

ID_PREFIX_MIN = 4
TABLES = (
    "attempts",
    "plans",
    "support",
    "safety_plan",
    "agenda",
    "shared",
    "goals",
)  # agenda, shared: the counsellor export
_TIME_KEYS = ("deleted_at", "edited_at", "logged_at", "set_at", "created_at")
_EPOCH = datetime(1900, 1, 1).astimezone()


# -- what another device may put in its folder ---------------------------------------
# Another device's files are input: whatever a compromised, buggy or half-synced device (or
# anyone who can write to the share) puts there is read here. Each bound below keeps such a
# file from stopping this device, hiding what it did, or carrying text a terminal obeys; a
# file or record outside them is quarantined: left untouched, not read, and reported.
MAX_REV = 2**53  # a version counter is a whole number with 0 <= rev < 2**53 (exact in any JSON reader)
MAX_MONTHS = (YEARS[1] - YEARS[0] + 1) * 12  # one file per month of the accepted years
MAX_ROWS = 100_000  # quit dates, plans or support people in one device's head
MAX_UNDO = 64
MAX_DEPTH = 8  # how deeply an unknown field of a record may nest
MAX_RECORD_TEXT = 256 * 1024  # the characters of every string in one record together
MAX_HEAD_BYTES = 16 * 1024 * 1024  # another device's head file (tables and undo steps included)
MAX_MONTH_BYTES = 64 * 1024 * 1024  # another device's month file (a real one is well under 1 MB)
MONTH_NAME = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
RECORD_ID = re.compile(r"[0-9A-Za-z_-]{4,64}")
# Characters a peer may not put anywhere, even in a field cuelog does not know: C0 but tab and
# newline, DEL, C1, bidi embeddings, overrides and isolates, line and paragraph separators, and
# invisible ones (zero-width space, word joiner, BOM, Mongolian vowel separator, Arabic letter mark).
_PEER_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b\u2028-\u202e\u2060-\u2069\ufeff]")
_ROW_NAMES = {
    "attempts": "quit date",
    "plans": "plan",
    "support": "support person",
    "goals": "goal",
    "safety_plan": "safety plan",
    "agenda": "agenda item",
    "shared": "shared report",
}
# The tables whose rows have a model here; the others (the safety plan, the agenda, the reports
# shared) are checked for their id, version and values, and read by their own readers.
_ROW_BUILDERS = {
    "attempts": QuitAttempt.from_record,
    "plans": Plan.from_record,
    "support": SupportPerson.from_record,
    "goals": Goal.from_record,
}


class Damaged(ValueError):
    """Another device's file or record outside what cuelog writes; the message says how."""


def good_rev(value: Any) -> bool:
    return type(value) is int and 0 <= value < MAX_REV


def _check_value(value: Any, depth: int = 0, budget: list[int] | None = None) -> None:
    """Every string short enough and free of control characters, nesting bounded, no
    number a reader cannot hold. Iterative over one level at a time: a deep value is
    refused at MAX_DEPTH, never followed to Python's recursion limit."""
    budget = budget if budget is not None else [MAX_RECORD_TEXT]
    stack = [(value, depth)]
    while stack:
        item, level = stack.pop()
        if level > MAX_DEPTH:
            raise Damaged("it nests too deeply")
        if isinstance(item, str):
            budget[0] -= len(item)
            if budget[0] < 0:
                raise Damaged("it holds too much text")
            if _PEER_CONTROL.search(item):
                raise Damaged("it holds control or invisible characters")
        elif isinstance(item, dict):
            for key, inner in item.items():
                stack.append((key, level + 1))
                stack.append((inner, level + 1))
        elif isinstance(item, list):
            stack.extend((inner, level + 1) for inner in item)
        elif type(item) is int and not -MAX_REV < item < MAX_REV:
            raise Damaged("it holds a number out of range")
        elif isinstance(item, float) and item != item:
            raise Damaged("it holds a number out of range")


def _check_stamp(value: Any, key: str) -> None:
    if not isinstance(value, str) or len(value) > 64:
        raise Damaged(f"its {key!r} is not a date-time")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise Damaged(f"its {key!r} is not a date-time") from None
    if moment.tzinfo is None or not YEARS[0] <= moment.year <= YEARS[1]:
        raise Damaged(f"its {key!r} is outside the accepted dates")


def check_tombstone(record: dict) -> None:
    key = record.get("id")
    if not isinstance(key, str) or not RECORD_ID.fullmatch(key):
        raise Damaged("a deleted record has no valid id")
    if not good_rev(record.get("rev", 0)):
        raise Damaged(f"the delete of {record['id'][:8]} has a version outside 0 to 2^53")
    _check_stamp(record["deleted_at"], "deleted_at")
    if set(record) - {"id", "deleted_at", "rev"}:
        raise Damaged(f"the delete of {record['id'][:8]} holds unknown fields")


def check_peer_record(record: Any, month: str | None) -> None:
    """An entry record (or its tombstone) from another device, checked as if typed here."""
    from cuelog.errors import InputError

    if not isinstance(record, dict) or not isinstance(record.get("id"), str):
        raise Damaged("a record has no id")
    if is_tombstone(record):
        check_tombstone(record)
        return
    if not good_rev(record.get("rev", 0)):
        raise Damaged(f"entry {record['id'][:8]} has a version outside 0 to 2^53")
    _check_value(record)
    try:
        entry = entry_from_record(record)
    except InputError as exc:
        raise Damaged(f"entry {record['id'][:8]}: {exc.message}") from None
    if month is not None and month_of(entry.at) != month:
        raise Damaged(f"entry {record['id'][:8]} is filed under the wrong month")


def check_peer_row(table: str, row: Any) -> None:
    """A quit date, plan or support person (or its tombstone) from another device."""
    from cuelog.errors import InputError

    if not isinstance(row, dict) or not isinstance(row.get("id"), str) or not RECORD_ID.fullmatch(row["id"]):
        raise Damaged(f"a {_ROW_NAMES.get(table, table)} record has no valid id")
    if is_tombstone(row):
        check_tombstone(row)
        return
    if not good_rev(row.get("rev", 0)):
        raise Damaged(f"a {_ROW_NAMES.get(table, table)} record has a version outside 0 to 2^53")
    _check_value(row)
    try:
        builder = _ROW_BUILDERS.get(table)
        built = builder(row) if builder is not None else None
    except (InputError, TypeError, ValueError, AttributeError) as exc:
        why = getattr(exc, "message", type(exc).__name__)
        raise Damaged(f"a {_ROW_NAMES.get(table, table)} record is damaged: {why}") from None
    if table == "attempts" and not YEARS[0] <= built.quit_date.year <= YEARS[1]:
        raise Damaged("a quit date is outside the accepted dates")


def check_size(path: Path, limit: int) -> None:
    """Another device's file no larger than any cuelog writes (looked at before it is read)."""
    try:
        size = os.stat(path).st_size
    except OSError:
        return  # not there (yet): said by the reader
    if size > limit:
        raise Damaged(f"it is larger than any such cuelog file ({size} bytes)")


def check_peer_head(doc: dict) -> list[str]:
    """Another device's head document, made safe in place: a bad field that cuelog can do
    without (its name, when it last wrote) is dropped, a bad table row is dropped and
    named in the list returned; a head whose months cannot be trusted raises Damaged."""
    months = doc.get("months", {})
    if not isinstance(months, dict) or len(months) > MAX_MONTHS:
        raise Damaged("its list of month files is damaged")
    for month, name in months.items():
        found = MONTH_NAME.fullmatch(month) if isinstance(month, str) else None
        if found is None or not YEARS[0] <= int(found[1]) <= YEARS[1]:
            raise Damaged("it names a month that cannot be")
        if not isinstance(name, str) or not re.fullmatch(rf"{month}\.\d{{1,15}}\.json", name):
            raise Damaged(f"it names a month file that cuelog would not write: {repr(name)[:80]}")
    tables = doc.get("tables", {})
    if not isinstance(tables, dict):
        raise Damaged("its tables are damaged")
    seq = doc.get("seq", 0)
    if not good_rev(seq):
        doc["seq"] = 0
    name = doc.get("name")
    if name is not None and (
        not isinstance(name, str) or len(name) > 40 or _PEER_CONTROL.search(name) or not name.strip()
    ):
        doc.pop("name")
    written = doc.get("written_at")
    if written is not None:
        try:
            _check_stamp(written, "written_at")
        except Damaged:
            doc.pop("written_at")
    dropped: list[str] = []
    for table in TABLES:
        rows = tables.get(table, [])
        if not isinstance(rows, list):
            dropped.append(f"its {table} are damaged")
            tables[table] = []
            continue
        if len(rows) > MAX_ROWS:
            dropped.append(f"it holds more than {MAX_ROWS} {table}")
            tables[table] = []
            continue
        kept = []
        for row in rows:
            try:
                check_peer_row(table, row)
            except Damaged as exc:
                dropped.append(str(exc))
                continue
            kept.append(row)
        tables[table] = kept
    for key in set(tables) - set(TABLES):
        tables.pop(key)
    undo = doc.get("undo")
    if undo is not None and (not isinstance(undo, list) or len(undo) > MAX_UNDO):
        doc["undo"] = []
    return dropped


def month_of(moment: datetime) -> str:
    return moment.strftime("%Y-%m")


def version_time(record: dict) -> datetime:
    for key in _TIME_KEYS:
        value = record.get(key)
        if isinstance(value, str):
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                continue
            return moment if moment.tzinfo else moment.astimezone()
    return _EPOCH


def version(record: dict, device: str) -> tuple:
    rev = record.get("rev", 0)
    return (rev if good_rev(rev) else 0, version_time(record), device)


def is_tombstone(record: dict) -> bool:
    return "deleted_at" in record


def merge(sources: list[tuple[str, Iterable[dict]]]) -> dict[str, dict]:
    """Records of several devices merged by id (tombstones kept: the caller drops them)."""
    if len(sources) == 1:
        return {r["id"]: r for r in sources[0][1]}
    best: dict[str, dict] = {}
    owner: dict[str, str] = {}
    for device, records in sources:
        for record in records:
            key = record["id"]
            current = best.get(key)
            if current is None or version(record, device) > version(current, owner[key]):
                best[key] = record
                owner[key] = device
    return best


def _live(merged: dict[str, dict]) -> dict[str, dict]:
    return {k: r for k, r in merged.items() if "deleted_at" not in r}


@dataclass
class Head:
    """One device's commit point, as read."""

    device: str
    folder: Path
    doc: dict[str, Any]
    encrypted: bool

    @property
    def name(self) -> str:
        name = self.doc.get("name")
        return name if isinstance(name, str) else self.device[:8]

    @property
    def months(self) -> dict[str, str]:
        return self.doc.get("months", {})

    def table(self, name: str) -> list[dict]:
        return self.doc.get("tables", {}).get(name, [])


@dataclass
class Legacy:
    """A schema-1 store (one writer, one main file), read as if it were one device."""

    main: dict[str, Any]
    folder: Path
    encrypted: bool
    months: dict[str, Path] = field(default_factory=dict)
    foreign: bool = False  # files of the old layout beside devices' folders: read as another device's


class View:
    """The journal at one moment: every device's committed state, merged."""

    def __init__(self, store: Store, exists: bool, heads: dict[str, Head], legacy: Legacy | None) -> None:
        self.store = store
        self.exists = exists
        self.heads = heads
        self.legacy = legacy
        self.warnings: list[str] = []
        self._others: dict[str, list[tuple[str, list[dict]]]] = {}  # month -> device records

    # -- sources ---------------------------------------------------------------
    def _sources(self) -> dict[str, Head]:
        return self.heads

    def months(self) -> list[str]:
        found: set[str] = set()
        for head in self._sources().values():
            found.update(head.months)
        if self.legacy is not None:
            found.update(self.legacy.months)
        return sorted(found)

    def _device_records(self, month: str) -> list[tuple[str, list[dict]]]:
        cached = self._others.get(month)
        if cached is None:
            cached = []
            for device, head in sorted(self._sources().items()):
                name = head.months.get(month)
                if name:
                    records = self.store._month_records(head, month, name, self)
                    if records is not None:
                        cached.append((device, records))
            if self.legacy is not None and month in self.legacy.months:
                cached.append(("", self.store._legacy_month(self.legacy, month)))
            self._others[month] = cached
        return cached

    def month_key(self, month: str) -> list | None:
        """What a month's content is made of: each device's file of the month by name,
        size and modification time (files are written once under new names). None when
        that cannot be told: a file of the old layout, or one not there (yet)."""
        if self.legacy is not None and month in self.legacy.months:
            return None
        key = []
        for device, head in sorted(self._sources().items()):
            name = head.months.get(month)
            if name:
                try:
                    info = os.stat(head.folder / name)
                except (OSError, TypeError, ValueError):
                    return None
                key.append([device, name, info.st_size, info.st_mtime_ns])
        return key

    def forget(self, month: str) -> None:
        """Drop a month's records read so far (a long read keeps one month at a time)."""
        self._others.pop(month, None)

    def month_records(self, month: str) -> dict[str, dict]:
        """The live records of a month, merged across devices."""
        sources = self._device_records(month)
        return _one_checkin_per_day(_live(merge(sources)) if sources else {})

    def _month_entries(self, month: str, records: Iterable[dict] | None = None) -> list[Entry]:
        try:
            return [
                entry_from_store(r) for r in (records if records is not None else self.month_records(month).values())
            ]
        except InputError as exc:
            raise StoreError(f"the month {month} holds a damaged entry: {exc.message}", hint=_DOCTOR) from None

    # -- tables ------------------------------------------------------------------
    def table(self, name: str) -> list[dict]:
        sources = [(d, h.table(name)) for d, h in sorted(self._sources().items())]
        if self.legacy is not None:
            sources.append(("", self.store._legacy_table(self.legacy, name)))
        try:
            return list(_live(merge(sources)).values())
        except (KeyError, TypeError):
            raise StoreError(f"a {name[:-1]} record in {self.store.path} has no id", hint=_DOCTOR) from None

    def attempts(self) -> list[QuitAttempt]:
        """Every quit attempt, oldest first: the stop goals (those written as quit
        attempts before goals existed included), each substance's own."""
        latest: dict[str, QuitAttempt] = {}  # one attempt per id (its quit date and substance)
        for g in self.goals():
            if g.type == "stop" and g.quit_date:
                attempt = QuitAttempt(g.quit_date, g.substance or None, g.set_at)
                key = attempt.to_record()["id"]
                if key not in latest or g.set_at > latest[key].set_at:
                    latest[key] = attempt
        return sorted(latest.values(), key=lambda a: (a.quit_date, a.set_at))

    def goals(self) -> list[Goal]:
        """Every goal, oldest first, ended ones included (see ``models.journal_goals``)."""
        try:
            rows = [QuitAttempt.from_record(r) for r in self.table("attempts")]
        except InputError as exc:
            raise StoreError(f"{self.store.path} has a damaged quit date: {exc.message}", hint=_DOCTOR) from None
        try:
            goals = [Goal.from_record(r) for r in self.table("goals")]
        except InputError as exc:
            raise StoreError(f"{self.store.path} has a damaged goal: {exc.message}", hint=_DOCTOR) from None
        return journal_goals(rows, goals)

    def plans(self) -> list[Plan]:
        try:
            plans = [Plan.from_record(r) for r in self.table("plans")]
        except InputError as exc:
            raise StoreError(f"{self.store.path} has a damaged plan: {exc.message}", hint=_DOCTOR) from None
        return sorted(plans, key=lambda p: p.created_at)

    def support(self) -> list[dict]:
        return sorted(self.table("support"), key=lambda r: str(r.get("created_at", "")))

    def find_in_table(self, name: str, prefix: str, what: str, hint: str) -> dict:
        key = prefix.strip().lower()
        if len(key) < ID_PREFIX_MIN:
            raise InputError(f"{what} id needs at least {ID_PREFIX_MIN} characters")
        found = [r for r in self.table(name) if str(r.get("id", "")).startswith(key)]
        if not found:
            raise InputError(f"no {what} with id {prefix!r}", hint=hint)
        if len(found) > 1:
            raise InputError(f"id {prefix!r} matches {len(found)} of them", hint="give more characters of the id")
        return found[0]

    def find_plan(self, prefix: str) -> Plan:
        return Plan.from_record(self.find_in_table("plans", prefix, "plan", "see ids with 'cuelog plan list'"))

    # -- entries -----------------------------------------------------------------
    def months_between(self, since: datetime | None, until: datetime | None) -> list[str]:
        """The months that can hold entries with ``since <= at <= until``: a day's margin
        each side, as a month file is named by the local date and ``at`` keeps its offset."""
        months = self.months()
        if since is not None:
            floor = month_of(since - timedelta(days=1))
            months = [m for m in months if m >= floor]
        if until is not None:
            ceiling = month_of(until + timedelta(days=1))
            months = [m for m in months if m <= ceiling]
        return months

    def entries(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        newest_first_limit: int | None = None,
        kind: str | None = None,
        where: Callable[[Entry], bool] | None = None,
        where_record: Callable[[dict], bool] | None = None,
    ) -> list[Entry]:
        """Entries with ``since <= at <= until`` (and of ``kind``, and passing ``where``, if
        given), oldest first. Only the months that can hold them are read; with
        ``newest_first_limit``, newest months first, stopping once that many were found.
        ``where_record`` is a cheap first look at a stored record: an entry is built only
        from a record it keeps (it must keep every record whose entry ``where`` keeps)."""
        months = self.months_between(since, until)
        found: dict[str, Entry] = {}
        passing: set[str] = set()
        passed_over: dict[str, str] = {}  # id -> month of a record where_record did not keep

        def consider(entry: Entry, asked: bool) -> None:
            if since is not None and entry.at < since:
                return
            if until is not None and entry.at > until:
                return
            if kind is not None and entry.kind != kind:
                return
            # The same id in two months: a move whose tombstone has not reached
            # this device yet. The newer version is the entry.
            old = found.get(entry.id)
            if old is None or (entry.rev, _newest(entry)) > (old.rev, _newest(old)):
                found[entry.id] = entry
                if where is not None:  # asked of the version that wins, not of an older one
                    if asked and where(entry):
                        passing.add(entry.id)
                    else:
                        passing.discard(entry.id)

        def other_version(entry_id: str) -> None:
            """The version of a passed-over record, when its id turns up again."""
            month = passed_over.pop(entry_id, None)
            record = self.month_records(month).get(entry_id) if month is not None else None
            if record is not None:
                consider(self._month_entries(month, [record])[0], asked=False)

        for month in reversed(months):
            if where_record is None:
                built = self._month_entries(month)
            else:
                kept = []
                for record in self.month_records(month).values():
                    if where_record(record):
                        kept.append(record)
                    elif record.get("id") in found:
                        kept.append(record)  # compete with the version already found
                    else:
                        passed_over[record.get("id")] = month
                built = self._month_entries(month, kept)
            for entry in built:
                if passed_over:
                    other_version(entry.id)
                consider(entry, asked=True)
            if newest_first_limit is not None and len(found if where is None else passing) >= newest_first_limit:
                break
        chosen = found.values() if where is None else (e for e in found.values() if e.id in passing)
        return sorted(chosen, key=lambda e: (order_moment(e.kind, e.at), e.logged_at))

    def find(self, prefix: str) -> Entry:
        """The one entry whose id starts with ``prefix`` (4+ characters)."""
        key = prefix.strip().lower()
        if len(key) < ID_PREFIX_MIN:
            raise InputError(f"an entry id needs at least {ID_PREFIX_MIN} characters")
        matches: dict[str, Entry] = {}
        for month in self.months():  # compare ids first; build only the entries that match
            hits = [r for k, r in self.month_records(month).items() if k.startswith(key)]
            for entry in self._month_entries(month, hits) if hits else ():
                old = matches.get(entry.id)
                if old is None or (entry.rev, _newest(entry)) > (old.rev, _newest(old)):
                    matches[entry.id] = entry
        if not matches:
            raise InputError(f"no entry with id {prefix!r}", hint="see ids with 'cuelog list'")
        if len(matches) > 1:
            shown = ", ".join(sorted(i[:10] for i in matches)[:5])
            raise InputError(
                f"id {prefix!r} matches {len(matches)} entries ({shown})", hint="give more characters of the id"
            )
        return next(iter(matches.values()))

    def first_day(self) -> date | None:
        """The day of the journal's first entry (a check-in's own date), reading only the
        first month that has one."""
        for month in self.months():
            entries = self._month_entries(month)
            if entries:
                return min(e.day if e.kind == "checkin" and e.day else e.at.date() for e in entries)
        return None

    def checkin_on(self, day: date) -> Entry | None:
        from cuelog.timeparse import noon

        month = month_of(noon(day))
        if month not in self.months():
            return None
        for entry in self._month_entries(month):
            if entry.kind == "checkin" and entry.day == day:
                return entry
        return None


def _after(rev: Any) -> int:
    """The version after ``rev``, kept in range (a forged one reads as 0)."""
    return min((rev if good_rev(rev) else 0) + 1, MAX_REV - 1)


def _newest(entry: Entry) -> datetime:
    return entry.edited_at or entry.logged_at


def _one_checkin_per_day(records: dict[str, dict]) -> dict[str, dict]:
    """Two devices that checked in for the same day while apart: the newer stands."""
    days: dict[Any, str] = {}
    drop = []
    for key, record in records.items():
        if record.get("kind") != "checkin":
            continue
        day = record.get("date")
        other = days.get(day)
        if other is None:
            days[day] = key
            continue
        older = min((other, key), key=lambda k: (version(records[k], ""), k))
        drop.append(older)
        days[day] = key if older == other else other
    for key in drop:
        records.pop(key, None)
    return records


class Transaction(View):
    """Changes to this device's part of the journal; nothing reaches the disk until
    the ``with store.write()`` block ends without an error."""

    def __init__(self, view: View, device: str, head: dict[str, Any], label: str | None) -> None:
        super().__init__(view.store, view.exists, view.heads, view.legacy)
        self._others = view._others
        self.device = device
        self.head = head  # this device's head document, changed in place
        self.label = label
        self.own_months: dict[str, dict[str, dict]] = {}  # month -> id -> record, loaded on change
        self.dirty: set[str] = set()
        self.tables_dirty: set[str] = set()
        self._merged_cache: dict[str, dict[str, dict]] = {}
        self.rewrite_all = False  # encrypt, decrypt: every file written anew
        self.barrier: str | None = None  # an undo step that cannot be undone past

    # The view of a transaction includes its own pending changes.
    def _device_records(self, month: str) -> list[tuple[str, list[dict]]]:
        others = [(d, r) for d, r in super()._device_records(month) if d != self.device]
        own = self.own_months.get(month)
        if own is None:
            own_list = [(d, r) for d, r in super()._device_records(month) if d == self.device]
            return others + own_list
        return [*others, (self.device, list(own.values()))] if own else others

    def months(self) -> list[str]:
        known = set(super().months())
        for month, records in self.own_months.items():
            if records:
                known.add(month)
            elif month in self.dirty and not any(month in h.months for d, h in self.heads.items() if d != self.device):
                if self.legacy is None or month not in self.legacy.months:
                    known.discard(month)
        return sorted(known)

    def table(self, name: str) -> list[dict]:
        own = self.head.setdefault("tables", {}).get(name, [])
        sources = [(d, h.table(name)) for d, h in sorted(self.heads.items()) if d != self.device]
        sources.append((self.device, own))
        if self.legacy is not None:
            sources.append(("", self.store._legacy_table(self.legacy, name)))
        return list(_live(merge(sources)).values())

    # -- own records ---------------------------------------------------------------
    def _own(self, month: str) -> dict[str, dict]:
        records = self.own_months.get(month)
        if records is None:
            name = self.head.get("months", {}).get(month)
            listed: list[dict] = []
            if name:
                own_head = Head(self.device, self.store.device_dir(self.device), self.head, False)
                listed = self.store._month_records(own_head, month, name, self, own=True) or []
            records = self.own_months[month] = {r["id"]: r for r in listed}
        return records

    def _put(self, month: str, record: dict) -> None:
        self._own(month)[record["id"]] = record
        self.dirty.add(month)
        merged = self._merged_cache.get(month)
        if merged is not None:
            merged[record["id"]] = record

    def _merged(self, month: str) -> dict[str, dict]:
        """Every record of the month (tombstones included), merged; kept up to date by _put."""
        merged = self._merged_cache.get(month)
        if merged is None:
            sources = self._device_records(month)
            merged = self._merged_cache[month] = merge(sources) if sources else {}
        return merged

    def _winner(self, entry_id: str, month: str) -> dict | None:
        return self._merged(month).get(entry_id)

    def absorb(self, record: dict, month: str) -> str:
        """Fold in a record from elsewhere (an import, a sync-conflict copy): kept when it
        is new here or newer than what is here. Returns added, updated or unchanged."""
        current = self._winner(record["id"], month)
        if current is None:
            self._put(month, record)
            return "added"
        if version(record, "")[:2] > version(current, "")[:2]:
            self._put(month, record)
            return "updated"
        return "unchanged"

    def absorb_row(self, name: str, record: dict) -> str:
        current = {r["id"]: r for r in self.table(name)}.get(record["id"])
        if current is not None and version(record, "")[:2] <= version(current, "")[:2]:
            return "unchanged"
        rows = [r for r in self._own_table(name) if r.get("id") != record["id"]]
        rows.append(dict(record))
        self.head["tables"][name] = rows
        self.tables_dirty.add(name)
        return "added" if current is None else "updated"

    def _next_rev(self, entry_id: str, month: str) -> int:
        current = self._winner(entry_id, month)
        return _after(current.get("rev", 0) if current else 0)

    def add(self, entry: Entry) -> None:
        """A new entry; an id known here already (a day's check-in that was deleted)
        gets the next version, so it wins over what was there."""
        from dataclasses import replace as with_fields

        from cuelog.store import stored_record

        month = month_of(entry.at)
        if self._winner(entry.id, month) is not None:
            entry = with_fields(entry, rev=max(entry.rev, self._next_rev(entry.id, month)))
        self._put(month, stored_record(entry))

    def month_index(self) -> dict[str, str]:
        """Every id in the journal (tombstones too) and its month: for an import."""
        index: dict[str, str] = {}
        for month in self.months():
            for key in self._merged(month):
                index[key] = month
        return index

    def replace(self, old: Entry, new: Entry) -> None:
        """A new version of an entry (possibly moved to another month)."""
        from dataclasses import replace as with_fields

        from cuelog.store import stored_record

        old_month, new_month = month_of(old.at), month_of(new.at)
        rev = max(self._next_rev(old.id, old_month), _after(old.rev))
        if old_month != new_month:
            self._tombstone(old.id, old_month, rev)
        self._put(new_month, stored_record(with_fields(new, rev=rev)))

    def remove(self, entry: Entry) -> None:
        """A tombstone in every month where any device holds a version of the entry, live
        or not: a move on one device that crossed an edit on another leaves it live in two
        months, and an older version in a month it moved out of comes back when the device
        that moved it undoes the move (its head goes back to the one before); the newer
        tombstone in that month outranks it."""
        months = {month_of(entry.at)} | {
            m
            for m in self.months()
            if any(r.get("id") == entry.id for _, records in self._device_records(m) for r in records)
        }
        rev = max([_after(entry.rev)] + [self._next_rev(entry.id, m) for m in months])
        for month in sorted(months):
            self._tombstone(entry.id, month, rev)

    def _tombstone(self, entry_id: str, month: str, rev: int) -> None:
        moment = self.store.now().isoformat(timespec="seconds")
        self._put(month, {"id": entry_id, "deleted_at": moment, "rev": rev})

    # -- tables --------------------------------------------------------------------
    def _own_table(self, name: str) -> list[dict]:
        return self.head.setdefault("tables", {}).setdefault(name, [])

    def put_row(self, name: str, record: dict) -> None:
        current = {r["id"]: r for r in self.table(name)}.get(record["id"])
        row = dict(record)
        if current is not None:
            row["rev"] = _after(current.get("rev", 0))
        rows = [r for r in self._own_table(name) if r.get("id") != record["id"]]
        rows.append(row)
        self.head["tables"][name] = rows
        self.tables_dirty.add(name)

    def remove_row(self, name: str, row_id: str) -> None:
        merged = merge(
            [(d, h.table(name)) for d, h in self.heads.items() if d != self.device]
            + [(self.device, self._own_table(name))]
        )
        current = merged.get(row_id)
        rev = _after(current.get("rev", 0) if current else 0)
        stone = {"id": row_id, "deleted_at": self.store.now().isoformat(timespec="seconds"), "rev": rev}
        rows = [r for r in self._own_table(name) if r.get("id") != row_id]
        rows.append(stone)
        self.head["tables"][name] = rows
        self.tables_dirty.add(name)

    def add_attempt(self, attempt: QuitAttempt) -> None:
        self.put_row("attempts", attempt.to_record())

    def put_goal(self, goal: Goal) -> None:
        self.put_row("goals", goal.to_record())

    def put_plan(self, plan: Plan) -> None:
        self.put_row("plans", plan.to_record())

    def remove_plan(self, plan_id: str) -> None:
        self.remove_row("plans", plan_id)

    @property
    def changed(self) -> bool:
        return bool(self.dirty or self.tables_dirty or self.rewrite_all or self.head.get("_touched"))
