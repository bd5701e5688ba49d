"""The journal's vocabulary: entries, cues, quit attempts, and their public shape.

``Entry.to_record`` / ``entry_from_record`` define the JSON object that the
contract names; the store writes it to disk, ``--json`` prints it, ``import``
reads it. Validation of outside data happens here, in one place.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, make_dataclass, replace
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, NamedTuple

from cuelog.errors import InputError

KINDS = ("craving", "lapse", "checkin")


# A named tuple: defined several times faster than a frozen dataclass, on every start.
class Dimension(NamedTuple):
    """A kind of cue. This is the one declaration: the ``Cues`` fields, the command-line
    options, the guided questions and the outlook all follow it; what is said about a
    dimension (its option help, its questions) lives in ``wording/dimensions.py``."""

    name: str
    recurs: bool = False  # routines and tags come back week after week: the outlook lists them
    guided: bool = True  # asked by the guided craving and lapse on a terminal


DIMENSION_SPECS = (
    Dimension("place"),
    Dimension("person"),
    Dimension("feeling"),
    Dimension("body"),
    Dimension("activity", recurs=True),
    Dimension("tag", recurs=True, guided=False),
)
DIMENSIONS = tuple(d.name for d in DIMENSION_SPECS)
RECURRING = tuple(d.name for d in DIMENSION_SPECS if d.recurs)
GUIDED = tuple(d.name for d in DIMENSION_SPECS if d.guided)
MAX_INTENSITY = 10
MAX_CUE_LENGTH = 200
MAX_NOTE_LENGTH = 20_000
MAX_MINUTES = 24 * 60
# Control characters (C0 but tab and newline, DEL, C1) and the bidi embeddings, overrides
# and isolates that can make text read differently from what it holds: never accepted.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
REQUIRED_KEYS = ("id", "kind", "at", "logged_at", "intensity", "cues", "coping", "note")
_KNOWN = frozenset(REQUIRED_KEYS) | {"minutes", "date", "used", "reflection", "edited_at", "rev", "amount"}
# Lapses and check-ins say what and how much was used (Timeline Followback style): "4 pints".
AMOUNT_KINDS = ("lapse", "checkin")
_EMPTY: Mapping[str, Any] = MappingProxyType({})


class TimeOfDay(NamedTuple):
    """A time-of-day bucket of the local wall clock: from hour ``start`` up to, not
    including, hour ``end`` (night runs past midnight)."""

    name: str
    start: int
    end: int


# Time of day, as the contract names them. This is the one declaration: the buckets'
# names and order, the hours each one covers in every output, and which one an hour is in.
TIMES_OF_DAY = (
    TimeOfDay("morning", 5, 12),
    TimeOfDay("afternoon", 12, 17),
    TimeOfDay("evening", 17, 22),
    TimeOfDay("night", 22, 5),
)
BUCKETS = tuple(t.name for t in TIMES_OF_DAY)
# The index in BUCKETS of each hour 0-23 (hours counted from the bucket's start, round the clock).
BUCKET_OF_HOUR = tuple(
    next(i for i, t in enumerate(TIMES_OF_DAY) if (h - t.start) % 24 < (t.end - t.start) % 24) for h in range(24)
)


def time_bucket(moment: datetime) -> str:
    """morning 05:00-11:59, afternoon 12:00-16:59, evening 17:00-21:59, night 22:00-04:59."""
    return BUCKETS[BUCKET_OF_HOUR[moment.hour]]


def new_id() -> str:
    # 128 random bits as hex, like a UUID4 without importing uuid (and platform) on
    # every start. Random, not time-ordered, so short prefixes (4+ characters) stay unique.
    return os.urandom(16).hex()


def day_id(kind: str, day: date) -> str:
    """The id of a record that is one per date (a day's check-in, the quit attempt of a
    date): the same on every device, so two devices writing the same day's check-in
    while apart make two versions of one record, and the newer wins."""
    import hashlib

    return hashlib.sha256(f"cuelog:{kind}:{day.isoformat()}".encode()).hexdigest()[:32]


def _utf8(text: str, what: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(f"{what} is not valid UTF-8 text") from None
    return text


def normalise_value(raw: str, what: str = "a cue") -> str:
    """Trim, collapse inner whitespace, lower-case: ``" The  Bar"`` -> ``"the bar"``."""
    value = " ".join(_utf8(raw, what).split()).lower()
    if _CONTROL.search(value):
        raise InputError(f"{what} contains control characters")
    if len(value) > MAX_CUE_LENGTH:
        raise InputError(f"{what} is longer than {MAX_CUE_LENGTH} characters")
    return value


def display_spellings(raw: Mapping[str, Any]) -> dict[str, str]:
    """How the person typed each cue ("José", "The Crown"), by its normalised value, where
    that differs: shown in human output and exports, while matching stays on the
    normalised value (the JSON ``cues`` keep it, as scripts rely on)."""
    shown: dict[str, str] = {}
    for values in raw.values():
        for item in values or ():
            if isinstance(item, str):
                typed = " ".join(item.split())
                if typed and typed != typed.lower():
                    shown.setdefault(typed.lower(), typed)
    return shown


def check_display(raw: Any) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        raise InputError("'display' must be an object of cue spellings")
    out = {}
    for key, value in raw.items():
        if not isinstance(key, str) or not isinstance(value, str) or value.lower() != key:
            raise InputError("'display' maps a cue to the way it was typed")
        out[normalise_value(key, "'display'")] = " ".join(value.split())
        if _CONTROL.search(value):
            raise InputError("'display' contains control characters")
    return out


def normalise_values(raw: Any, what: str = "a cue") -> tuple[str, ...]:
    """A list of values, normalised, empty ones dropped, duplicates removed."""
    if isinstance(raw, str) or not isinstance(raw, (list, tuple)):
        raise InputError(f"{what} must be a list of strings")
    out: list[str] = []
    for item in raw:
        if not isinstance(item, str):
            raise InputError(f"{what} must be a list of strings")
        value = normalise_value(item, what)
        if value and value not in out:
            out.append(value)
    return tuple(out)


def clean_note(raw: str | None) -> str | None:
    """Free text keeps its lines; empty means no note."""
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise InputError("a note must be text")
    text = _utf8(raw, "the note").replace("\r\n", "\n").strip()
    if _CONTROL.search(text):
        raise InputError("the note contains control characters")
    if len(text) > MAX_NOTE_LENGTH:
        raise InputError(f"the note is longer than {MAX_NOTE_LENGTH} characters")
    return text or None


def check_intensity(value: Any, what: str = "intensity") -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{what} must be a whole number from 0 to {MAX_INTENSITY}")
    if not 0 <= value <= MAX_INTENSITY:
        raise InputError(f"{what} must be from 0 to {MAX_INTENSITY}, not {value}")
    return value


def check_minutes(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_MINUTES:
        raise InputError(f"minutes must be a whole number from 0 to {MAX_MINUTES}")
    return value


def check_amount(raw: Any) -> str | None:
    """What and how much, in one line of at most ``MAX_CUE_LENGTH`` characters, as typed."""
    return _short_text(raw, "the amount", required=False)


class _CueMethods:
    """The behaviour of ``Cues``; its fields are made from ``DIMENSIONS`` below."""

    __slots__ = ()

    @classmethod
    def build(cls, raw: Mapping[str, Any]) -> Cues:
        unknown = set(raw) - set(DIMENSIONS)
        if unknown:
            raise InputError(f"unknown cue dimension {sorted(unknown)[0]!r}")
        return cls(**{d: normalise_values(raw.get(d) or [], f"--{d}") for d in DIMENSIONS})

    def merged(self, changes: Mapping[str, tuple[str, ...]]) -> Cues:
        return replace(self, **dict(changes))

    def items(self) -> list[tuple[str, str]]:
        return [(d, v) for d in DIMENSIONS for v in getattr(self, d)]

    def as_dict(self) -> dict[str, list[str]]:
        return {d: list(getattr(self, d)) for d in DIMENSIONS}


# One tuple of values per dimension, in the order of DIMENSIONS (so a positional
# Cues(*values) built from DIMENSIONS, as the store's fast path does, always agrees).
Cues = make_dataclass(
    "Cues",
    [(d, tuple, field(default=())) for d in DIMENSIONS],
    bases=(_CueMethods,),
    frozen=True,
    slots=True,
)
Cues.__module__ = __name__


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str
    at: datetime
    logged_at: datetime
    intensity: int | None = None
    cues: Cues = Cues()
    coping: tuple[str, ...] = ()
    note: str | None = None
    minutes: int | None = None
    day: date | None = None  # check-ins: the date they are for
    used: bool | None = None  # check-ins
    reflection: Mapping[str, str] | None = None  # lapses
    amount: str | None = None  # lapses and check-ins: what and how much was used
    edited_at: datetime | None = None
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    rev: int = 0  # the store's version counter: each edit or delete is one more

    def shown(self, value: str) -> str:
        """A cue value as the person first typed it in this entry."""
        display = self.extra.get("display")
        spelled = display.get(value) if isinstance(display, Mapping) else None
        # Only a spelling of this very cue: imported data cannot make a cue show as something else.
        if isinstance(spelled, str) and " ".join(spelled.split()).lower() == value:
            return " ".join(spelled.split())
        return value

    def to_record(self) -> dict[str, Any]:
        """The public record (``--json``, exports, import); without the store's ``rev``."""
        record: dict[str, Any] = dict(self.extra)
        record.update(
            id=self.id,
            kind=self.kind,
            at=self.at.isoformat(timespec="seconds"),
            logged_at=self.logged_at.isoformat(timespec="seconds"),
            intensity=self.intensity,
            cues=self.cues.as_dict(),
            coping=list(self.coping),
            note=self.note,
        )
        if self.kind == "craving":
            record["minutes"] = self.minutes
        if self.kind == "checkin":
            record["date"] = self.day.isoformat() if self.day else None
            record["used"] = self.used
        if self.kind == "lapse":
            record["reflection"] = dict(self.reflection or {})
        if self.kind in AMOUNT_KINDS or self.amount is not None:
            record["amount"] = self.amount
        if self.edited_at is not None:
            record["edited_at"] = self.edited_at.isoformat(timespec="seconds")
        return record


def order_moment(kind: str, at: datetime) -> datetime:
    """Where an entry stands in time order: its moment, but a check-in (stored at 12:00 on
    its date, as the contract says) at the end of its day, after the cravings and lapses it
    looks back on (issue 27: they sorted and exported as if logged at noon)."""
    return at.replace(hour=23, minute=59, second=59, microsecond=999999) if kind == "checkin" else at


YEARS = (1900, 2200)  # the dates cuelog accepts anywhere (typed, imported or stored)


def _moment(value: Any, key: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) and len(value) <= 64 else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InputError(f"{key!r} must be an ISO 8601 time with a UTC offset")
    if not YEARS[0] <= moment.year <= YEARS[1]:
        raise InputError(f"{key!r} is outside the years {YEARS[0]}-{YEARS[1]}")
    return moment


def entry_from_record(record: Any) -> Entry:
    """Validate an outside record (store file, import) and build an Entry."""
    if not isinstance(record, Mapping):
        raise InputError("an entry must be a JSON object")
    missing = [k for k in REQUIRED_KEYS if k not in record]
    if missing:
        raise InputError(f"entry is missing {', '.join(missing)}")
    entry_id = record["id"]
    if not isinstance(entry_id, str) or not re.fullmatch(r"[0-9A-Za-z_-]{4,64}", entry_id):
        raise InputError("'id' must be 4-64 letters, digits, '-' or '_'")
    kind = record["kind"]
    if kind not in KINDS:
        raise InputError(f"'kind' must be one of {', '.join(KINDS)}")
    cues = record["cues"]
    if not isinstance(cues, Mapping):
        raise InputError("'cues' must be an object")
    day = used = reflection = None
    if kind == "checkin":
        try:
            day = date.fromisoformat(record.get("date"))
        except (TypeError, ValueError):
            raise InputError("a check-in needs 'date' as YYYY-MM-DD") from None
        used = record.get("used")
        if used is not True and used is not False and used is not None:
            raise InputError("'used' must be true, false or null")
        if _moment(record["at"], "at").date() != day:
            raise InputError(f"a check-in's 'at' must fall on its 'date' ({day.isoformat()})")
    if kind == "lapse":
        reflection = record.get("reflection") or {}
        if not isinstance(reflection, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in reflection.items()
        ):
            raise InputError("'reflection' must be an object of text answers")
        if not all(re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", k) for k in reflection):
            raise InputError("a 'reflection' key must be 1-64 letters, digits, '.', '-' or '_'")
        reflection = MappingProxyType({k: clean_note(v) or "" for k, v in reflection.items()})
    known = _KNOWN
    edited = record.get("edited_at")
    rev = record.get("rev", 0)
    if isinstance(rev, bool) or not isinstance(rev, int) or not 0 <= rev < 2**53:
        raise InputError("'rev' must be a whole number")
    return Entry(
        id=entry_id,
        kind=kind,
        at=_moment(record["at"], "at"),
        logged_at=_moment(record["logged_at"], "logged_at"),
        intensity=check_intensity(record["intensity"]),
        cues=Cues.build(cues),
        coping=normalise_values(record["coping"], "'coping'"),
        note=clean_note(record["note"]),
        minutes=check_minutes(record.get("minutes")) if kind == "craving" else None,
        day=day,
        used=used,
        reflection=reflection,
        amount=check_amount(record.get("amount")),
        edited_at=_moment(edited, "edited_at") if edited is not None else None,
        extra=MappingProxyType(
            {k: (check_display(v) if k == "display" else v) for k, v in record.items() if k not in known}
        ),
        rev=rev,
    )


def entry_from_store(record: Any) -> Entry:
    """A record from cuelog's own store, already validated when it was written.

    This is the hot path of every reading command (40,000 entries for an all-time
    summary), so it only checks the shape cheaply; anything unexpected goes through
    ``entry_from_record``, which names the problem.
    """
    try:
        kind = record["kind"]
        intensity = record["intensity"]
        at = datetime.fromisoformat(record["at"])
        if (
            kind not in KINDS
            or at.tzinfo is None
            or not (intensity is None or (type(intensity) is int and 0 <= intensity <= MAX_INTENSITY))
            or not (record.get("amount") is None or type(record["amount"]) is str)
        ):
            return entry_from_record(record)
        cues = record["cues"]
        edited = record.get("edited_at")
        checkin = kind == "checkin"
        unknown = record.keys() - _KNOWN
        extra = {k: record[k] for k in unknown} if unknown else None
        return Entry(
            id=record["id"],
            kind=kind,
            at=at,
            logged_at=datetime.fromisoformat(record["logged_at"]),
            intensity=intensity,
            cues=Cues(*[tuple(cues[d]) if cues.get(d) else () for d in DIMENSIONS]),
            coping=tuple(record["coping"]),
            note=record["note"],
            minutes=record.get("minutes") if kind == "craving" else None,
            day=date.fromisoformat(record["date"]) if checkin else None,
            used=record.get("used") if checkin else None,
            reflection=MappingProxyType(dict(record.get("reflection") or {})) if kind == "lapse" else None,
            amount=record.get("amount"),
            edited_at=datetime.fromisoformat(edited) if edited else None,
            extra=MappingProxyType(extra) if extra else _EMPTY,
            rev=record.get("rev", 0),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return entry_from_record(record)


class QuitAttempt(NamedTuple):
    quit_date: date
    substance: str | None
    set_at: datetime

    @property
    def id(self) -> str:
        return day_id("attempt", self.quit_date)

    def to_record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "quit_date": self.quit_date.isoformat(),
            "substance": self.substance,
            "set_at": self.set_at.isoformat(timespec="seconds"),
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> QuitAttempt:
        if not isinstance(record, Mapping):
            raise InputError("a quit attempt must be a JSON object")
        substance = record.get("substance")
        if substance is not None and not isinstance(substance, str):
            raise InputError("a quit attempt's 'substance' must be text or null")
        try:
            set_at = _moment(record["set_at"], "set_at")
            return cls(
                quit_date=date.fromisoformat(record["quit_date"]),
                substance=normalise_value(substance, "'substance'") or None if substance else None,
                set_at=set_at,
            )
        except (KeyError, TypeError, ValueError):
            raise InputError("a quit attempt needs 'quit_date' (YYYY-MM-DD) and 'set_at'") from None


def current_attempt(attempts: list[QuitAttempt], on: date) -> QuitAttempt | None:
    """The attempt in force on a day: the latest quit date on or before it,
    else the nearest one still ahead (a planned quit date)."""
    past = [a for a in attempts if a.quit_date <= on]
    if past:
        return max(past, key=lambda a: (a.quit_date, a.set_at))
    ahead = [a for a in attempts if a.quit_date > on]
    return min(ahead, key=lambda a: a.quit_date) if ahead else None


class Plan(NamedTuple):
    """An if-then coping plan: if these cues are present, then do this."""

    id: str
    cues: Cues
    then: str
    created_at: datetime
    edited_at: datetime | None = None

    def to_record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "cues": self.cues.as_dict(),
            "then": self.then,
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "edited_at": self.edited_at.isoformat(timespec="seconds") if self.edited_at else None,
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Plan:
        try:
            edited = record.get("edited_at")
            if not isinstance(record["id"], str) or not re.fullmatch(r"[0-9A-Za-z_-]{4,64}", record["id"]):
                raise InputError("a plan's 'id' must be 4-64 letters, digits, '-' or '_'")
            return cls(
                id=record["id"],
                cues=Cues.build(record["cues"]),
                then=clean_note(record["then"]) or "",
                created_at=_moment(record["created_at"], "created_at"),
                edited_at=_moment(edited, "edited_at") if edited else None,
            )
        except (KeyError, TypeError):
            raise InputError("a plan needs 'id', 'cues', 'then' and 'created_at'") from None

    def matches(self, cues: Cues) -> bool:
        """Every cue of the plan is among the entry's cues; a general plan (no cue) fits any
        time but is never said to match: it follows the plans that do."""
        wanted = self.cues.items()
        return bool(wanted) and set(wanted) <= set(cues.items())

    def label(self) -> str:
        return " + ".join(value for _, value in self.cues.items())


# One-line fields (names, phone numbers) refuse every control character, line breaks and tabs included.
_LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _short_text(raw: Any, what: str, *, required: bool) -> str | None:
    """A name or a phone number: one line, inner whitespace collapsed, case kept
    (a name is shown as typed), at most ``MAX_CUE_LENGTH`` characters."""
    if raw is None and not required:
        return None
    if not isinstance(raw, str):
        raise InputError(f"{what} must be text")
    if _LINE_CONTROL.search(_utf8(raw, what)):
        raise InputError(f"{what} contains control characters")
    value = " ".join(raw.split())
    if len(value) > MAX_CUE_LENGTH:
        raise InputError(f"{what} is longer than {MAX_CUE_LENGTH} characters")
    if not value and required:
        raise InputError(f"{what} cannot be empty")
    return value or None


@dataclass(frozen=True)
class SupportPerson:
    """Someone the person can call or text when it gets hard (``cuelog support``)."""

    id: str
    name: str
    phone: str | None
    note: str | None
    created_at: datetime

    def __post_init__(self) -> None:
        # Validate here too, so a SupportPerson built in code is as clean as one read from a file.
        object.__setattr__(self, "name", _short_text(self.name, "the name", required=True))
        object.__setattr__(self, "phone", _short_text(self.phone, "the phone number", required=False))
        object.__setattr__(self, "note", clean_note(self.note))

    def to_record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "phone": self.phone,
            "note": self.note,
            "created_at": self.created_at.isoformat(timespec="seconds"),
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> SupportPerson:
        if not isinstance(record, Mapping):
            raise InputError("a support person must be a JSON object")
        try:
            person_id = record["id"]
            if not isinstance(person_id, str) or not person_id:
                raise InputError("a support person's 'id' must be text")
            return cls(
                id=person_id,
                name=record["name"],
                phone=record.get("phone"),
                note=record.get("note"),
                created_at=_moment(record["created_at"], "created_at"),
            )
        except KeyError:
            raise InputError("a support person needs 'id', 'name' and 'created_at'") from None
