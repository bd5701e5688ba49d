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
# Invisible characters that make two different texts look the same (zero-width space, word
# joiner and invisible operators, byte order mark, Mongolian vowel separator): never accepted.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u180e\u200b\u202a-\u202e\u2060-\u2069\ufeff]")
# A cue, a coping step or a name is matched and compared: the weak direction marks (LRM, RLM,
# the Arabic letter mark), which running prose may need, are refused there too.
_CUE_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
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
    if _CUE_CONTROL.search(value):
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
        if _CUE_CONTROL.search(value):
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
        extra=MappingProxyType({k: _checked_extra(k, v) for k, v in record.items() if k not in known}),
        rev=rev,
    )


def _checked_extra(key: str, value: Any) -> Any:
    if key == "display":
        return check_display(value)
    if key in ("amount_number", "units") and value is not None:
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < 1e9:
            raise InputError(f"{key!r} must be a number or null")
    if key in ("amount_unit", "units_system") and value is not None and not isinstance(value, str):
        raise InputError(f"{key!r} must be text or null")
    if key == "substances":
        if not isinstance(value, list | tuple):
            raise InputError("'substances' must be a list of text")
        return list(normalise_values(list(value), "'substances'"))
    return value


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


# One-line fields (names, phone numbers) refuse every control character, line breaks and tabs
# included, and the invisible characters cues refuse.
_LINE_CONTROL = _CUE_CONTROL


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


# -- goals ---------------------------------------------------------------------------
# A goal is one substance's (or behaviour's) aim: stop (a quit date), cut down (a limit
# per day and/or days per week) or track only. Several can be active at once, one per
# substance; a newer goal for the same substance ends the older one on its start date
# (so a new quit date is a new attempt and the old one stays in history).

GOAL_TYPES = ("stop", "cut-down", "track")
_NUMBER = r"(\d+(?:[.,]\d+)?)"
_SPAN = r"\s*(?:/|a|an|per|each|every|in\s+a)\s*"
_DAYS_A_WEEK = re.compile(rf"{_NUMBER}\s*(?:days?|d)\b{_SPAN}(?:week|wk|w)\b")
_PER_DAY = re.compile(rf"{_NUMBER}\s*([^\d,;/]*?)\s*{_SPAN}(?:day|d)\b")
_LIMIT_WORDS = re.compile(r"\b(?:no more than|not more than|at most|up to|max(?:imum)?|under|on)\b|[≤<=]")


class Limit(NamedTuple):
    """A cut-down limit: at most ``per_day`` (of ``unit``) a day and/or use on at most
    ``days_per_week`` days a week; ``text`` as typed, when it was typed."""

    per_day: float | None
    unit: str | None
    days_per_week: int | None
    text: str | None = None

    def to_record(self) -> dict[str, Any]:
        per_day = self.per_day
        if per_day is not None and float(per_day).is_integer():
            per_day = int(per_day)
        return {"per_day": per_day, "unit": self.unit, "days_per_week": self.days_per_week, "text": self.text}

    @classmethod
    def from_record(cls, record: Any) -> Limit:
        if not isinstance(record, Mapping):
            raise InputError("a goal's 'limit' must be a JSON object")
        per_day, unit, days = record.get("per_day"), record.get("unit"), record.get("days_per_week")
        text = record.get("text")
        return check_limit(per_day, days, unit, text)


def check_limit(per_day: Any, days_per_week: Any, unit: Any = None, text: Any = None) -> Limit:
    """A limit from its parts, checked: a number of 0 or more a day, 0-7 days a week,
    at least one of them."""
    if per_day is not None:
        if isinstance(per_day, bool) or not isinstance(per_day, int | float) or not 0 <= per_day <= 1000:
            raise InputError("a limit per day must be a number from 0 to 1000")
    if days_per_week is not None:
        if isinstance(days_per_week, bool) or not isinstance(days_per_week, int) or not 0 <= days_per_week <= 7:
            raise InputError("days a week must be a whole number from 0 to 7")
    if per_day is None and days_per_week is None:
        raise InputError(
            "a cut-down goal needs a limit per day or days per week",
            hint='e.g. --limit "2 drinks/day, 3 days/week" or --per-day 2 --days-per-week 3',
        )
    if unit is not None and not isinstance(unit, str):
        raise InputError("a limit's 'unit' must be text")
    if text is not None and not isinstance(text, str):
        raise InputError("a limit's 'text' must be text")
    unit = normalise_value(unit, "a limit's unit") or None if unit else None
    return Limit(per_day, unit, days_per_week, _short_text(text, "a limit", required=False) if text else None)


def parse_limit(text: str) -> Limit:
    """A limit read from text such as "2 drinks/day, 3 days/week", "no more than 2 a
    day on 3 days a week" or "3 days a week"; refused when neither part can be read."""
    raw = " ".join(str(text).split())
    work = _LIMIT_WORDS.sub(" ", raw.lower())
    days = None
    found = _DAYS_A_WEEK.search(work)
    if found:
        days_value = float(found.group(1).replace(",", "."))
        if not days_value.is_integer():
            raise InputError(f"cannot read days a week from {raw!r}", hint="a whole number of days, 0 to 7")
        days = int(days_value)
        work = work[: found.start()] + " ; " + work[found.end() :]
    per_day = unit = None
    found = _PER_DAY.search(work)
    if found:
        per_day = float(found.group(1).replace(",", "."))
        per_day = int(per_day) if per_day.is_integer() else per_day
        unit = " ".join(found.group(2).split()) or None
    if per_day is None and days is None:
        raise InputError(
            f"cannot read a limit from {raw!r}",
            hint='say it like "2 drinks/day, 3 days/week", "2 a day" or "3 days a week"',
        )
    return check_limit(per_day, days, unit, raw)


def goal_id(kind: str, substance: str | None, day: date) -> str:
    """The same on every device for the same goal of the same substance and date."""
    return day_id(f"goal:{kind}:{substance or ''}", day)


class Goal(NamedTuple):
    id: str
    type: str  # stop | cut-down | track
    substance: str | None  # normalised; None: the one unnamed goal (a quit date with no substance)
    started: date
    set_at: datetime
    quit_date: date | None = None  # stop goals
    limit: Limit | None = None  # cut-down goals
    ended: date | None = None  # the day it was ended with "goal end"
    typed: str | None = None  # the substance as first typed
    edited_at: datetime | None = None
    from_attempt: bool = False  # read from an older quit attempt, not written as a goal

    @property
    def label(self) -> str | None:
        return self.typed or self.substance

    def to_record(self) -> dict[str, Any]:
        record = {
            "id": self.id,
            "type": self.type,
            "substance": self.substance,
            "substance_typed": self.typed,
            "started": self.started.isoformat(),
            "quit_date": self.quit_date.isoformat() if self.quit_date else None,
            "limit": self.limit.to_record() if self.limit else None,
            "ended": self.ended.isoformat() if self.ended else None,
            "set_at": self.set_at.isoformat(timespec="seconds"),
        }
        if self.edited_at is not None:
            record["edited_at"] = self.edited_at.isoformat(timespec="seconds")
        return record

    def active_on(self, day: date) -> bool:
        """Whether the goal is in force on ``day`` (a stop goal counts from its start
        date on, a planned quit date included)."""
        return self.ended is None or day < self.ended

    @classmethod
    def from_record(cls, record: Any) -> Goal:
        if not isinstance(record, Mapping):
            raise InputError("a goal must be a JSON object")
        kind = record.get("type")
        if kind not in GOAL_TYPES:
            raise InputError(f"a goal's 'type' must be one of {', '.join(GOAL_TYPES)}")
        substance, typed = record.get("substance"), record.get("substance_typed")
        for key, value in (("substance", substance), ("substance_typed", typed)):
            if value is not None and not isinstance(value, str):
                raise InputError(f"a goal's {key!r} must be text or null")
        try:
            started = date.fromisoformat(record["started"])
            quit_date = date.fromisoformat(record["quit_date"]) if record.get("quit_date") else None
            ended = date.fromisoformat(record["ended"]) if record.get("ended") else None
        except (KeyError, TypeError, ValueError):
            raise InputError("a goal needs 'started' (YYYY-MM-DD); 'quit_date' and 'ended' are dates or null") from None
        if kind == "stop" and quit_date is None:
            raise InputError("a stop goal needs a 'quit_date'")
        limit = Limit.from_record(record["limit"]) if record.get("limit") is not None else None
        if kind == "cut-down" and limit is None:
            raise InputError("a cut-down goal needs a 'limit'")
        ident = record.get("id")
        if not isinstance(ident, str) or not ident:
            raise InputError("a goal needs an 'id'")
        edited = record.get("edited_at")
        for day in (started, quit_date, ended):
            if day is not None and not YEARS[0] <= day.year <= YEARS[1]:
                raise InputError(f"a goal's date is outside the years {YEARS[0]}-{YEARS[1]}")
        return cls(
            id=ident,
            type=kind,
            substance=normalise_value(substance, "a goal's substance") or None if substance else None,
            started=started,
            set_at=_moment(record.get("set_at"), "set_at"),
            quit_date=quit_date,
            limit=limit if kind == "cut-down" else None,
            ended=ended,
            typed=_short_text(typed, "a goal's substance", required=False) if typed else None,
            edited_at=_moment(edited, "edited_at") if edited is not None else None,
        )


def stop_goal(attempt: QuitAttempt, typed: str | None = None) -> Goal:
    """The stop goal a quit date makes."""
    return Goal(
        id=goal_id("stop", attempt.substance, attempt.quit_date),
        type="stop",
        substance=attempt.substance,
        started=attempt.quit_date,
        set_at=attempt.set_at,
        quit_date=attempt.quit_date,
        typed=typed,
    )


def journal_goals(attempts: list[QuitAttempt], rows: list[Goal]) -> list[Goal]:
    """Every goal, oldest first: those written as goals, and a stop goal for each quit
    attempt written before goals existed. Those older attempts keep their old meaning
    (a newer attempt ended the one before, whatever its substance); a goal of either
    kind ends the older goals of its own substance on its start date, and no other."""
    written = {g.id: g for g in rows}
    older = sorted(
        (a for a in attempts if goal_id("stop", a.substance, a.quit_date) not in written),
        key=lambda a: (a.quit_date, a.set_at),
    )
    goals = list(rows)
    for i, attempt in enumerate(older):
        goal = stop_goal(attempt)._replace(from_attempt=True)
        after = [a.quit_date for a in older[i + 1 :] if a.quit_date > attempt.quit_date]
        goals.append(goal._replace(ended=min(after)) if after else goal)
    # One goal per id: the same stop goal set on two devices (or written as a goal and also
    # remembered as an older attempt) is one goal, as its latest setting says.
    newest: dict[str, Goal] = {}
    for goal in goals:
        if goal.id not in newest or goal.set_at > newest[goal.id].set_at:
            newest[goal.id] = goal
    goals = sorted(newest.values(), key=lambda g: (g.started, g.set_at))
    result = []
    for i, goal in enumerate(goals):
        later = [g.started for g in goals[i + 1 :] if g.substance == goal.substance]  # the order they were set
        if later:
            end = max(min(later), goal.started)
            if goal.ended is None or end < goal.ended:
                goal = goal._replace(ended=end)
        result.append(goal)
    return result


def active_goals(goals: list[Goal], on: date) -> list[Goal]:
    """The goals in force on ``on``: started and not ended by then (a quit date ahead
    counts from the day it was set)."""
    return [g for g in goals if g.active_on(on) and (g.started <= on or (g.type == "stop" and g.set_at.date() <= on))]


def entry_substances(entry: Entry, goals: list[Goal]) -> tuple[str, ...]:
    """What an entry was about: the substances it names, or for an entry logged before
    entries named them, the substance of the stop goal in force on its day (none when
    that goal named none)."""
    own = entry.extra.get("substances")
    if isinstance(own, list | tuple):
        return tuple(own)
    stops = [QuitAttempt(g.quit_date, g.substance, g.set_at) for g in goals if g.type == "stop" and g.quit_date]
    attempt = current_attempt(stops, entry.day or entry.at.date())
    return (attempt.substance,) if attempt is not None and attempt.substance else ()
