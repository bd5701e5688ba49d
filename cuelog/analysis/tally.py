"""The counts every reading command is made of, kept so they can be added up.

A :class:`Tally` holds, for a set of entries, everything the summary, the report
and the plan effects are computed from: per day (entries, cravings, lapses, the
peak rating, the check-in's answer, a histogram of craving ratings), per cue
(events, lapses, cravings, how many a lapse followed, how many are too recent to
tell, ratings), per coping step, the weekday × time-of-day grid, and the lapses
themselves. Two tallies of disjoint sets of entries add up to the tally of their
union, which is what lets the store keep one per month (see ``cuelog.history``)
and an all-time summary cost grow with months rather than entries.

Whether a lapse followed a craving, and whether a craving is still too recent to
tell, need the lapse times and the as-of time: they come in when a tally is
built. Pure: no I/O, no clock.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from cuelog.models import BUCKET_OF_HOUR, BUCKETS, Entry
from cuelog.text import mean, ratio

FOLLOW_WINDOW = timedelta(hours=24)  # a lapse within this long after a craving "follows" it
PENDING_AGE = timedelta(hours=24)  # a craving younger than this, with no lapse after it yet, is too recent to tell
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Day rows: entries, cravings, lapses, peak (-1: none), used (-1 none, 0 no, 1 yes), check-in (0/1),
# then how many cravings were rated 0, 1, ... 10.
N, CRAVINGS, LAPSES, PEAK, USED, CHECKIN, HIST = range(7)
# Cue rows: events, lapses, cravings, followed by a lapse, too recent to tell, rated events, sum of ratings.
COUNT, C_LAPSES, C_CRAVINGS, FOLLOWED, PENDING, RATED, TOTAL = range(7)
# Coping rows: used, followed by a lapse, too recent to tell.
USED_, C_FOLLOWED, C_PENDING = range(3)


def bucket_index(moment: datetime) -> int:
    """Local wall-clock buckets: morning 05-11, afternoon 12-16, evening 17-21, night 22-04."""
    return BUCKET_OF_HOUR[moment.hour]


def outcomes(entries: Iterable[Entry], lapse_times: list[float], as_of: datetime | None) -> dict[str, str]:
    """For each craving: "followed" when a lapse came within 24 hours after it, else
    "pending" when it is less than 24 hours old at ``as_of`` (too recent to tell), else
    absent (it passed without a lapse). ``lapse_times`` are sorted timestamps."""
    window = FOLLOW_WINDOW.total_seconds()
    horizon = (as_of - PENDING_AGE).timestamp() if as_of is not None else None
    out: dict[str, str] = {}
    for entry in entries:
        if entry.kind != "craving":
            continue
        moment = entry.at.timestamp()
        if lapse_times:
            i = bisect.bisect_right(lapse_times, moment)
            if i < len(lapse_times) and lapse_times[i] <= moment + window:
                out[entry.id] = "followed"
                continue
        if horizon is not None and moment > horizon:
            out[entry.id] = "pending"
    return out


class Tally:
    __slots__ = (
        "kinds",
        "days",
        "cues",
        "coping",
        "heat",
        "amounts",
        "_lapses",
        "_lapse_records",
        "_entry_of",
        "lapse_times",
        "_in_order",
    )

    def __init__(self) -> None:
        self.kinds = [0, 0, 0]
        self.days: dict[str, list] = {}
        self.cues: dict[tuple[str, str], list[int]] = {}
        self.coping: dict[str, list[int]] = {}
        self.heat = [0] * 28  # weekday * 4 + bucket
        self._lapses: list[Entry] = []
        self.amounts: dict[str, list[list]] = {}  # day -> [[is check-in, time, what and how much], ...]
        self._lapse_records: list[dict] = []  # stored lapses not made into entries yet
        self._entry_of = None
        self.lapse_times: list[float] = []  # every lapse's timestamp, sorted
        self._in_order: tuple[list[str], list[tuple[date, list]]] | None = None  # day_rows' sorted days

    @property
    def lapses(self) -> list[Entry]:
        """The lapses themselves (the report lists them), made from stored records when asked for."""
        if self._lapse_records:
            self._lapses.extend(self._entry_of(r) for r in self._lapse_records)
            self._lapse_records = []
        return self._lapses

    # -- building --------------------------------------------------------------------------
    @classmethod
    def build(cls, entries: Iterable[Entry], lapse_times: list[float] | None, as_of: datetime | None) -> Tally:
        """The tally of ``entries``. ``lapse_times`` (sorted timestamps) are the lapses that
        can follow these cravings, these entries' own among them; None: these entries' own."""
        entries = entries if isinstance(entries, list) else list(entries)
        if lapse_times is None:
            lapse_times = sorted(e.at.timestamp() for e in entries if e.kind == "lapse")
        fate = outcomes(entries, lapse_times, as_of)
        tally = cls()
        kinds, days, cues, coping, heat = tally.kinds, tally.days, tally.cues, tally.coping, tally.heat
        for entry in entries:
            kind = entry.kind
            intensity = entry.intensity
            day = entry.day if kind == "checkin" else entry.at.date()
            if kind == "craving":
                kinds[0] += 1
            elif kind == "lapse":
                kinds[1] += 1
                tally._lapses.append(entry)
            else:
                kinds[2] += 1
            use_day = kind == "lapse" or (kind == "checkin" and entry.used is not False)
            if entry.amount and day is not None and use_day:
                said = tally.amounts.setdefault(day.isoformat(), [])
                # Lapses in time order, then the check-in that sums up the day.
                said.append([kind == "checkin", entry.at.timestamp(), entry.amount])
                said.sort()
            if day is not None:
                key = day.isoformat()
                row = days.get(key)
                if row is None:
                    row = days[key] = [0, 0, 0, -1, -1, 0] + [0] * 11
                row[N] += 1
                if kind == "lapse":
                    row[LAPSES] += 1
                else:
                    if intensity is not None and intensity > row[PEAK]:
                        row[PEAK] = intensity
                    if kind == "craving":
                        row[CRAVINGS] += 1
                        if intensity is not None:
                            row[HIST + intensity] += 1
                    else:
                        row[CHECKIN] = 1
                        if entry.used is not None:
                            row[USED] = 1 if entry.used else 0
            if kind == "checkin":
                continue
            at = entry.at
            heat[at.weekday() * 4 + BUCKET_OF_HOUR[at.hour]] += 1
            outcome = fate.get(entry.id)
            for pair in entry.cues.items():
                row = cues.get(pair)
                if row is None:
                    row = cues[pair] = [0, 0, 0, 0, 0, 0, 0]
                row[COUNT] += 1
                if kind == "lapse":
                    row[C_LAPSES] += 1
                else:
                    row[C_CRAVINGS] += 1
                    if outcome == "followed":
                        row[FOLLOWED] += 1
                    elif outcome == "pending":
                        row[PENDING] += 1
                if intensity is not None:
                    row[RATED] += 1
                    row[TOTAL] += intensity
            if kind == "craving":
                for strategy in entry.coping:
                    row = coping.get(strategy)
                    if row is None:
                        row = coping[strategy] = [0, 0, 0]
                    row[USED_] += 1
                    if outcome == "followed":
                        row[C_FOLLOWED] += 1
                    elif outcome == "pending":
                        row[C_PENDING] += 1
        tally._cravings_outcomes(fate)
        tally.lapse_times = sorted(e.at.timestamp() for e in tally._lapses)
        return tally

    def _cravings_outcomes(self, fate: dict[str, str]) -> None:
        followed = sum(1 for v in fate.values() if v == "followed")
        self.coping.setdefault("", [0, 0, 0])  # the whole: cravings' outcomes, under a name no strategy has
        whole = self.coping[""]
        whole[USED_] += self.kinds[0]
        whole[C_FOLLOWED] += followed
        whole[C_PENDING] += len(fate) - followed

    # -- adding up ---------------------------------------------------------------------------
    def add(self, other: Tally, *, tables: bool = True) -> Tally:
        """Add ``other`` (a tally of other entries) into this one; the cue and coping
        tables too unless ``tables`` is false (:meth:`total` sums those itself)."""
        self._in_order = None
        for i in range(3):
            self.kinds[i] += other.kinds[i]
        days = self.days
        # Months do not share days, the usual case: a test over the other's few days only
        # (``days.keys() & other`` would build a set of all of ours, month after month).
        if all(key not in days for key in other.days):
            days.update(other.days)
            other_days = {}
        else:
            other_days = other.days
        for key, row in other_days.items():
            mine = days.get(key)
            if mine is None:
                days[key] = list(row)
                continue
            mine = days[key] = list(mine)  # it may be another tally's row: never change that
            for i in (N, CRAVINGS, LAPSES, CHECKIN):
                mine[i] += row[i]
            mine[CHECKIN] = min(mine[CHECKIN], 1)
            mine[PEAK] = max(mine[PEAK], row[PEAK])
            if row[USED] != -1:
                mine[USED] = row[USED]
            for i in range(HIST, HIST + 11):
                mine[i] += row[i]
        for table, source in ((self.cues, other.cues), (self.coping, other.coping)) if tables else ():
            for key, row in source.items():
                mine = table.get(key)
                table[key] = list(row) if mine is None else [a + b for a, b in zip(mine, row, strict=True)]
        self.heat = [a + b for a, b in zip(self.heat, other.heat, strict=True)]
        for key, said in other.amounts.items():
            self.amounts[key] = sorted([*self.amounts.get(key, []), *said])
        self._lapses.extend(other._lapses)
        self._lapse_records.extend(other._lapse_records)
        self._entry_of = self._entry_of or other._entry_of
        if other.lapse_times:
            self.lapse_times = sorted(self.lapse_times + other.lapse_times)
        return self

    @classmethod
    def total(cls, tallies: Iterable[Tally]) -> Tally:
        """The tallies added up. Cue and coping rows are summed once per cue, column by
        column in C, rather than once per month: ten years are 120 months."""
        tallies = list(tallies)
        rows: tuple[dict, dict] = ({}, {})
        for tally in tallies:
            for grouped, table in zip(rows, (tally.cues, tally.coping), strict=True):
                for key, row in table.items():
                    grouped.setdefault(key, []).append(row)
        out = cls()
        for tally in tallies:
            out.add(tally, tables=False)
        out.cues, out.coping = (
            {key: list(map(sum, zip(*found, strict=True))) for key, found in g.items()} for g in rows
        )
        return out

    # -- a stored form (the per-month cache) ----------------------------------------------
    def to_doc(self, record_of) -> dict:
        return {
            "kinds": self.kinds,
            "days": self.days,
            "cues": [[d, v, *row] for (d, v), row in self.cues.items()],
            "coping": self.coping,
            "heat": self.heat,
            "amounts": self.amounts,
            "lapses": [record_of(e) for e in self.lapses],
            "lapse_times": self.lapse_times,
        }

    @classmethod
    def from_doc(cls, doc: dict, entry_of) -> Tally:
        tally = cls()
        tally.kinds = list(doc["kinds"])
        tally.days = doc["days"]
        tally.cues = {(row[0], row[1]): row[2:] for row in doc["cues"]}
        tally.coping = doc["coping"]
        tally.heat = list(doc["heat"])
        tally.amounts = {k: [list(pair) for pair in v] for k, v in doc["amounts"].items()}
        tally._lapse_records = list(doc["lapses"])
        tally._entry_of = entry_of
        tally.lapse_times = list(doc["lapse_times"])
        if len(tally.kinds) != 3 or len(tally.heat) != 28 or len(tally.lapse_times) != len(tally._lapse_records):
            raise ValueError("not a tally")
        return tally

    # -- what the documents are made of ---------------------------------------------------
    @property
    def cravings(self) -> int:
        return self.kinds[0]

    def outcome_counts(self) -> tuple[int, int]:
        """(cravings a lapse followed, cravings too recent to tell)."""
        whole = self.coping.get("", [0, 0, 0])
        return whole[C_FOLLOWED], whole[C_PENDING]

    def cue_items(self) -> list[dict]:
        """One item per (dimension, value), unranked; means exact, rounded half away from zero."""
        return [
            {
                "dimension": dim,
                "value": value,
                "count": row[COUNT],
                "lapses": row[C_LAPSES],
                "mean_intensity": ratio(row[TOTAL], row[RATED]),
                "followed_by_lapse": row[FOLLOWED],
            }
            for (dim, value), row in self.cues.items()
        ]

    def coping_rows(self) -> list[dict]:
        rows = [
            (name, row[USED_], row[USED_] - row[C_FOLLOWED] - row[C_PENDING], row[C_PENDING])
            for name, row in self.coping.items()
            if name
        ]
        return [
            {"coping": name, "used": used, "passed_without_lapse": passed, "pending": pending}
            for name, used, passed, pending in sorted(rows, key=lambda r: (-r[1], -r[2], r[0]))
        ]

    def time_of_day(self) -> dict[str, int]:
        return {b: sum(self.heat[d * 4 + i] for d in range(7)) for i, b in enumerate(BUCKETS)}

    def weekday(self) -> dict[str, int]:
        return {name: sum(self.heat[d * 4 : d * 4 + 4]) for d, name in enumerate(WEEKDAYS)}

    def heatmap(self) -> dict[str, dict[str, int]]:
        return {name: {b: self.heat[d * 4 + i] for i, b in enumerate(BUCKETS)} for d, name in enumerate(WEEKDAYS)}

    def daily(self) -> list[dict]:
        return [
            {
                "date": key,
                "peak": row[PEAK] if row[PEAK] >= 0 else None,
                "lapses": row[LAPSES],
                "used": None if row[USED] == -1 else bool(row[USED]),
            }
            for key, row in sorted(self.days.items())
        ]

    def day_rows(self, first: date, last: date) -> list[tuple[date, list]]:
        """The days with entries from ``first`` to ``last``, in order. The days are sorted
        once (a report asks for several spans of ten years' days); ``add`` forgets them."""
        if self._in_order is None:
            keys = sorted(self.days)
            self._in_order = keys, [(date.fromisoformat(k), self.days[k]) for k in keys]
        keys, rows = self._in_order
        return rows[bisect.bisect_left(keys, first.isoformat()) : bisect.bisect_right(keys, last.isoformat())]


def phase_figures(rows: Iterable[list], days: int) -> dict:
    """Days with data, cravings, cravings per day, mean intensity and mean daily peak of a
    phase, from its day rows (``days``: the calendar days of the phase)."""
    with_data = cravings = rated = total = 0
    peaks: list[int] = []
    for row in rows:
        with_data += 1
        cravings += row[CRAVINGS]
        for value in range(11):
            n = row[HIST + value]
            rated += n
            total += n * value
        if row[PEAK] >= 0:
            peaks.append(row[PEAK])
    return {
        "days_with_data": with_data,
        "cravings": cravings,
        "cravings_per_day": ratio(cravings, days),
        "mean_intensity": ratio(total, rated),
        "mean_daily_peak": mean(peaks),
    }


def histogram_median(hist: list[int]) -> float | None:
    """The median of the ratings a histogram (count per rating 0..10) holds."""
    n = sum(hist)
    if not n:
        return None

    def nth(k: int) -> int:
        seen = 0
        for value, count in enumerate(hist):
            seen += count
            if seen > k:
                return value
        raise AssertionError

    if n % 2:
        return nth(n // 2)
    return (nth(n // 2 - 1) + nth(n // 2)) / 2
