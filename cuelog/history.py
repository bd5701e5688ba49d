"""Reading a long history cheaply: a month's tally from the cache where it still holds,
the month's entries only where they are needed.

An all-time summary of ten years adds up about 120 month tallies (``analysis.tally``)
instead of building 40,000 entries. A month is read whole, as entries, when its tally
cannot stand for it in this question:

- it is not wholly inside ``since``..``until``, or not settled at the as-of time (a
  craving in it may still be too recent to tell), or a plan was made during it (plan
  effects count from that moment) — each with a margin of three days, wider than any
  two UTC offsets can move a moment across a month's edge;
- it has no cache key (a file of the old layout, or one still on its way from another
  device).

A month's tally depends on the lapses of the months beside it (a lapse in the first
hours of December follows a craving on 30 November), so each cached tally keeps the
neighbouring lapse times it was made with, and is rebuilt when they change. The same
entry in two months (a move whose other half has not arrived from another device) is
found from each month's ids; then the whole question is answered from entries, as
before. Without the cache every month is read and tallied, one at a time, and the
answers are the same (tests/test_cache.py proves it on random journals).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from cuelog.analysis.tally import C_CRAVINGS, FOLLOWED, PENDING, Tally, outcomes
from cuelog.errors import DOCTOR_HINT as _DOCTOR
from cuelog.errors import InputError, StoreError
from cuelog.models import DIMENSIONS, Entry, entry_from_store, order_moment
from cuelog.store import cache as month_cache
from cuelog.store.journal import month_of

if TYPE_CHECKING:
    from cuelog.store.journal import View

MARGIN = timedelta(days=3)
_CHUNK = re.compile(".{12}", re.DOTALL)


def month_span(month: str) -> tuple[datetime, datetime]:
    """The month's wall-clock start and end, read as UTC."""
    year, number = int(month[:4]), int(month[5:7])
    start = datetime(year, number, 1, tzinfo=UTC)
    end = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=UTC)
    return start, end


def _beside(month: str, step: int) -> str:
    year, number = int(month[:4]), int(month[5:7]) - 1 + step
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def _id_digest(ids: Iterable[str]) -> str:
    """The month's ids, 48 bits each: enough to see the same entry in two months."""
    return "".join(sorted(hashlib.blake2b(i.encode(), digest_size=6).hexdigest() for i in ids))


def _lapse_times(entries: Iterable[Entry]) -> list[float]:
    return sorted(e.at.timestamp() for e in entries if e.kind == "lapse")


def _record_of(entry: Entry) -> dict:
    return entry.to_record()


def order_key(entry: Entry) -> tuple:
    """Report order: by month, then time, then when logged, then id."""
    at = order_moment(entry.kind, entry.at)
    return (at.year, at.month, at, entry.logged_at, entry.id)


@dataclass
class Stats:
    """What a reading command is computed from: the tally of every entry in range, and the
    entries of the months read whole."""

    tally: Tally
    raw: list[Entry]
    as_of: datetime | None
    months: list[str] = field(default_factory=list)  # every month in range, oldest first
    tallies: dict[str, Tally] = field(default_factory=dict)  # months counted from their tallies
    keys: dict[str, list] = field(default_factory=dict)  # their cache keys
    lapse_times: list[float] = field(default_factory=list)

    def counter(self) -> Callable[[tuple[str, str], datetime], tuple[int, int, int]]:
        """(cravings, followed by a lapse, too recent to tell) with a cue since a moment."""
        cravings = [e for e in self.raw if e.kind == "craving"]
        fate = outcomes(cravings, self.lapse_times, self.as_of)
        spans = {m: month_span(m) for m in self.tallies}

        def count(key: tuple[str, str], since: datetime) -> tuple[int, int, int]:
            total = followed = pending = 0
            for month, tally in self.tallies.items():
                if spans[month][0] - MARGIN > since:
                    row = tally.cues.get(key)
                    if row:
                        total += row[C_CRAVINGS]
                        followed += row[FOLLOWED]
                        pending += row[PENDING]
            for e in cravings:
                if e.at >= since and key in e.cues.items():
                    total += 1
                    outcome = fate.get(e.id)
                    followed += outcome == "followed"
                    pending += outcome == "pending"
            return total, followed, pending

        return count


def _in_range(entries: list[Entry], since: datetime | None, until: datetime | None) -> list[Entry]:
    if since is None and until is None:
        return entries
    return [e for e in entries if (since is None or e.at >= since) and (until is None or e.at <= until)]


def from_entries(entries: list[Entry], as_of: datetime | None) -> Stats:
    """Stats of entries already read (every month read whole)."""
    return Stats(Tally.build(entries, None, as_of), entries, as_of, lapse_times=_lapse_times(entries))


def journal_stats(
    view: View,
    *,
    since: datetime | None,
    until: datetime | None,
    as_of: datetime,
    cut_points: Iterable[datetime] = (),
    use_cache: bool = True,
) -> Stats:
    """The stats of the entries with ``since <= at <= until``, as of ``as_of``.
    ``cut_points`` are moments a question counts from (plans' creation)."""
    months = view.months_between(since, until)
    if view.legacy is not None:
        return _whole(view, since, until, as_of, months)
    cuts = sorted(cut_points)
    keys: dict[str, list | None] = {}
    raw: set[str] = set()
    for month in months:
        start, end = month_span(month)
        whole_inside = (since is None or since <= start - MARGIN) and (until is None or until >= end + MARGIN)
        settled = as_of >= end + MARGIN
        cut = any(start - MARGIN <= c <= end + MARGIN for c in cuts)
        keys[month] = view.month_key(month) if whole_inside and settled and not cut else None
        if keys[month] is None:
            raw.add(month)

    stored = month_cache.load(view.store) if use_cache and len(raw) < len(months) else {}
    lapses: dict[str, list[float]] = {}  # month -> its lapse times (in range)
    raw_entries: dict[str, list[Entry]] = {}
    for month in sorted(raw):
        found = _in_range(view._month_entries(month), since, until)
        raw_entries[month] = found
        lapses[month] = _lapse_times(found)
        view.forget(month)

    candidates: dict[str, tuple[Tally, dict]] = {}
    for month in months:
        if month in raw:
            continue
        record = stored.get(month)
        if isinstance(record, dict) and record.get("key") == keys[month]:
            try:
                tally = Tally.from_doc(record["tally"], entry_from_store)
            except Exception:  # a cache that does not parse is rebuilt
                continue
            candidates[month] = (tally, record)
            lapses[month] = tally.lapse_times

    def known(month: str) -> bool:
        return month not in keys or month in lapses

    def neighbours(month: str) -> list[float]:
        start, end = month_span(month)
        lo, hi = (start - MARGIN).timestamp(), (end + MARGIN).timestamp()
        return [t for side in (_beside(month, -1), _beside(month, 1)) for t in lapses.get(side, ()) if lo <= t <= hi]

    built: dict[str, tuple[Tally, dict]] = {}
    held: dict[str, list[Entry]] = {}

    def build(month: str) -> None:
        entries = held.pop(month)
        near = neighbours(month)
        tally = Tally.build(entries, sorted(lapses[month] + near), None)
        record = {"key": keys[month], "nb": near, "ids": _id_digest(e.id for e in entries)}
        built[month] = (tally, record)

    def read(month: str) -> None:
        held[month] = view._month_entries(month)
        lapses[month] = _lapse_times(held[month])
        view.forget(month)
        for waiting in sorted(held):
            if known(_beside(waiting, -1)) and known(_beside(waiting, 1)):
                build(waiting)

    for month in months:
        if month not in raw and month not in candidates:
            read(month)
    for month in sorted(held):
        build(month)
    # Cached tallies whose neighbouring lapses changed are made again.
    for month, (_, record) in list(candidates.items()):
        if record.get("nb") != neighbours(month):
            del candidates[month]
            read(month)
            if month in held:
                build(month)

    # The same entry in two months: answered from entries, as before.
    digests = {m: r.get("ids", "") for m, (_, r) in (candidates | built).items()}
    digests.update({m: _id_digest(e.id for e in found) for m, found in raw_entries.items()})
    seen: set[str] = set()
    count = 0
    for digest in digests.values():
        if not isinstance(digest, str) or len(digest) % 12:
            return _whole(view, since, until, as_of, months)
        chunks = _CHUNK.findall(digest)
        count += len(chunks)
        seen.update(chunks)
    if len(seen) != count:
        return _whole(view, since, until, as_of, months)

    if built and use_cache:
        present = set(view.months())
        keep = {m: r for m, r in stored.items() if m in present and m not in built}
        for month, (tally, record) in built.items():
            keep[month] = record | {"tally": tally.to_doc(_record_of)}
        month_cache.save(view.store, keep)

    tallies = {m: t for m, (t, _) in sorted((candidates | built).items())}
    every_lapse = sorted(t for m in months for t in lapses.get(m, ()))
    entries = [e for m in sorted(raw_entries) for e in raw_entries[m]]
    total = Tally.total(tallies.values())
    total.add(Tally.build(entries, every_lapse, as_of))
    return Stats(total, entries, as_of, months, tallies, {m: keys[m] for m in tallies}, every_lapse)


def _whole(view: View, since: datetime | None, until: datetime | None, as_of: datetime, months: list[str]) -> Stats:
    entries = view.entries(since, until)
    stats = from_entries(entries, as_of)
    stats.months = months
    return stats


# -- the entries of a report, one month at a time -------------------------------------
_STORED_KEYS = frozenset(
    {"id", "kind", "at", "logged_at", "intensity", "cues", "coping", "note"}
    | {"minutes", "date", "used", "reflection", "edited_at", "rev", "amount", "display"}
)
_DIMENSIONS = frozenset(DIMENSIONS)
_NOT_FOR = {
    "craving": ("date", "used", "reflection"),
    "lapse": ("minutes", "date", "used"),
    "checkin": ("minutes", "reflection"),
}


def _moment_text(value) -> bool:
    return type(value) is str and len(value) == 25 and value[10] == "T" and value[19] in "+-"


def public_record(record: dict) -> tuple[tuple, dict]:
    """(its order key, the public record) of a stored record: what ``entry_from_store(r).to_record()``
    gives, made in place (the record is the caller's to give up) without building the entry,
    when the record is in the form cuelog writes; anything else goes the long way."""
    try:
        kind = record["kind"]
        intensity = record["intensity"]
        cues = record["cues"]
        edited = record.get("edited_at")
        if (
            kind in _NOT_FOR
            and record.keys() <= _STORED_KEYS
            and (intensity is None or (type(intensity) is int and 0 <= intensity <= 10))
            and _moment_text(record["at"])
            and _moment_text(record["logged_at"])
            and type(cues) is dict
            and type(record["coping"]) is list
            and type(record["id"]) is str
            and "note" in record
            and (edited is None or _moment_text(edited))
        ):
            at = datetime.fromisoformat(record["at"])
            logged = datetime.fromisoformat(record["logged_at"])
            if edited is not None:
                datetime.fromisoformat(edited)
            if kind == "checkin" and (type(record.get("date")) is not str or len(record["date"]) != 10):
                raise ValueError
            if kind == "checkin":
                date.fromisoformat(record["date"])
            for key in _NOT_FOR[kind]:
                record.pop(key, None)
            record.pop("rev", None)
            if edited is None:
                record.pop("edited_at", None)
            if cues.keys() != _DIMENSIONS or not all(type(v) is list and v for v in cues.values()):
                record["cues"] = {d: list(cues[d]) if cues.get(d) else [] for d in DIMENSIONS}
            if kind == "craving":
                record.setdefault("minutes", None)
            elif kind == "checkin":
                record.setdefault("used", None)
                record.setdefault("amount", None)
            else:
                record.setdefault("amount", None)
                reflection = record.get("reflection")
                record["reflection"] = dict(reflection) if reflection else {}
            at = order_moment(kind, at)
            return (at.year, at.month, at, logged, record["id"]), record
    except (KeyError, TypeError, ValueError, AttributeError):
        pass
    try:
        entry = entry_from_store(record)
    except InputError as exc:
        raise StoreError(f"a month holds a damaged entry: {exc.message}", hint=_DOCTOR) from None
    return order_key(entry), entry.to_record()


def report_records(view: View, stats: Stats, since: datetime | None, until: datetime | None) -> Iterator[dict]:
    """The public records of the entries in range, in report order, reading one month at a
    time (the months read whole are in ``stats.raw`` already)."""
    for _, records in _month_records(view, stats):
        yield from records()


def _month_records(view: View, stats: Stats) -> Iterator[tuple[str | None, Callable[[], list[dict]]]]:
    """(the month, or None for a month read whole, and a maker of its records), in report order."""
    if not stats.tallies:
        entries = sorted(stats.raw, key=order_key)
        yield None, lambda: [e.to_record() for e in entries]
        return
    raw_by_month: dict[str, list[Entry]] = {}
    for entry in stats.raw:
        raw_by_month.setdefault(month_of(entry.at), []).append(entry)

    def stored(month: str) -> list[dict]:
        rows = sorted((public_record(r) for r in view.month_records(month).values()), key=lambda kv: kv[0])
        view.forget(month)
        return [record for _, record in rows]

    def made(entries: list[Entry]) -> Callable[[], list[dict]]:
        return lambda: [e.to_record() for e in sorted(entries, key=order_key)]

    for month in stats.months:
        if month in stats.tallies:
            yield month, lambda month=month: stored(month)
        elif month in raw_by_month:
            yield None, made(raw_by_month.pop(month))
    for month in sorted(raw_by_month):  # an entry filed under another month than its time says
        yield None, made(raw_by_month[month])


class Records:
    """The entries of a report, made one month at a time as they are written out. A format
    that writes each month's records the same way every time can have that text kept in
    the cache (:meth:`texts`)."""

    def __init__(self, view: View, stats: Stats, since: datetime | None, until: datetime | None) -> None:
        self._view, self._stats, self._since, self._until = view, stats, since, until

    def __iter__(self) -> Iterator[dict]:
        return report_records(self._view, self._stats, self._since, self._until)

    def __len__(self) -> int:
        return sum(self._stats.tally.kinds)

    def texts(self, kind: str, write: Callable[[list[dict]], str]) -> Iterator[str]:
        """``write(records)`` of each month's records, in report order; the text of a month
        whose tally is cached is kept beside it, under the format's name ``kind``."""
        store = self._view.store
        for month, records in _month_records(self._view, self._stats):
            if month is None:
                yield write(records())
                continue
            key = self._stats.keys[month]
            text = month_cache.load_text(store, month, key, kind)
            if text is None:
                text = write(records())
                month_cache.save_text(store, month, key, kind, text)
            yield text


# -- doctor ----------------------------------------------------------------------------
def check_cache(view: View) -> dict:
    """Compare the cache with the journal: every cached month whose files are unchanged is
    tallied and written out again from its entries, and must match. A cache that does not
    is removed (it is derived data: nothing is lost, the next read rebuilds it)."""
    from cuelog.export.csvfile import rows_text
    from cuelog.export.jsonfile import records_text

    store = view.store
    stored = month_cache.load(store)
    found = {"path": str(month_cache.folder(store)), "months": len(stored), "checked": 0, "wrong": []}
    if not stored:
        return found
    far = datetime.now(UTC) + timedelta(days=3650)
    fresh = journal_stats(view, since=None, until=None, as_of=far, use_cache=False)
    writers = {"json": records_text, "csv": lambda records: rows_text(sorted(records, key=lambda r: r["at"]))}
    by_month = dict(_month_records(view, fresh))
    for month, record in sorted(stored.items()):
        if month not in fresh.tallies or record.get("key") != fresh.keys[month]:
            continue  # left from files since replaced: unused, dropped at the next write of the cache
        found["checked"] += 1
        tally = fresh.tallies[month]
        same = _normal(record.get("tally")) == _normal(tally.to_doc(_record_of))
        texts = {kind: month_cache.load_text(store, month, record["key"], kind) for kind in writers}
        if any(text is not None for text in texts.values()):
            records = by_month[month]()
            same = same and all(t is None or t == writers[k](records) for k, t in texts.items())
        if not same:
            found["wrong"].append(month)
    if found["wrong"]:
        month_cache.forget(store)
    return found


def _normal(doc) -> object:
    if not isinstance(doc, dict):
        return doc
    out = dict(doc)
    out["cues"] = sorted(map(tuple, doc.get("cues", [])))
    out["lapses"] = sorted(map(repr, doc.get("lapses", [])))
    return out
