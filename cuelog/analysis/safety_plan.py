"""The person's safety plan (Stanley & Brown 2012): six steps in their own words and
their reasons for living, plus whether the daily check-in asks the safety item.

Pure: a record in, a record out. Stored as one row (``ROW_ID``) of the journal's
``safety_plan`` table, so every device edits the same record and undo, sync and
backups treat it like a plan or a support person.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, NamedTuple

from cuelog.errors import InputError
from cuelog.models import clean_note

TABLE = "safety_plan"
ROW_ID = "safety-plan"
# The six steps in Stanley and Brown's order, then the reasons for living.
STEPS = ("warning_signs", "on_my_own", "distractions", "ask_for_help", "professionals", "safer")
FIELDS = (*STEPS, "reasons")
MAX_ITEMS = 20  # per step
MAX_ITEM_LENGTH = 1000
SAFETY_ITEM_MAX = 5  # the daily item: 0-5, as on a DBT diary card


def option_name(field: str) -> str:
    """``on_my_own`` -> ``--on-my-own``."""
    return "--" + field.replace("_", "-")


def clean_items(values: Iterable[str] | None, field: str) -> tuple[str, ...]:
    """The texts of one step: trimmed, empty ones dropped (``''`` clears the step)."""
    items = []
    for value in values or ():
        text = clean_note(value) if isinstance(value, str) else None
        if not text:
            continue
        if len(text) > MAX_ITEM_LENGTH:
            raise InputError(f"{option_name(field)} is longer than {MAX_ITEM_LENGTH} characters")
        items.append(text)
    if len(items) > MAX_ITEMS:
        raise InputError(f"{option_name(field)} takes at most {MAX_ITEMS} texts")
    return tuple(items)


def check_safety_item(value: Any) -> int | None:
    """The daily item's score, 0-5, or None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= SAFETY_ITEM_MAX:
        raise InputError(f"--safety must be a whole number from 0 to {SAFETY_ITEM_MAX}")
    return value


def safety_item_of(record: Mapping[str, Any]) -> int | None:
    """A check-in's stored score, if it is a valid one (imported data may hold anything)."""
    value = record.get("safety_item")
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= SAFETY_ITEM_MAX:
        return None
    return value


class SafetyPlan(NamedTuple):
    steps: Mapping[str, tuple[str, ...]]  # every name in FIELDS
    daily_item: bool
    created_at: datetime
    edited_at: datetime | None = None

    @property
    def is_set(self) -> bool:
        """Whether any step or reason has a text (the daily item alone is not a plan)."""
        return any(self.steps.get(f) for f in FIELDS)

    def to_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {"id": ROW_ID}
        record.update({f: list(self.steps.get(f, ())) for f in FIELDS})
        record["daily_item"] = self.daily_item
        record["created_at"] = self.created_at.isoformat(timespec="seconds")
        record["edited_at"] = self.edited_at.isoformat(timespec="seconds") if self.edited_at else None
        return record

    def as_dict(self) -> dict[str, Any]:
        """The public form (``safety-plan --json``)."""
        return {
            "set": self.is_set,
            "steps": {f: list(self.steps.get(f, ())) for f in STEPS},
            "reasons": list(self.steps.get("reasons", ())),
            "daily_item": self.daily_item,
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "edited_at": self.edited_at.isoformat(timespec="seconds") if self.edited_at else None,
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> SafetyPlan:
        if not isinstance(record, Mapping):
            raise InputError("the safety plan must be a JSON object")
        steps = {}
        for f in FIELDS:
            value = record.get(f) or []
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise InputError(f"the safety plan's {f!r} must be a list of texts")
            steps[f] = clean_items(value, f)
        try:
            created = datetime.fromisoformat(record["created_at"])
            edited = record.get("edited_at")
            edited_at = datetime.fromisoformat(edited) if edited else None
        except (KeyError, TypeError, ValueError):
            raise InputError("the safety plan needs 'created_at' as an ISO 8601 time") from None
        return cls(steps=steps, daily_item=record.get("daily_item") is True, created_at=created, edited_at=edited_at)

    @classmethod
    def empty(cls, now: datetime) -> SafetyPlan:
        return cls(steps={f: () for f in FIELDS}, daily_item=False, created_at=now)

    def changed(
        self, now: datetime, changes: Mapping[str, Iterable[str] | None], daily_item: bool | None
    ) -> SafetyPlan:
        """Steps given in ``changes`` replace theirs (an empty list clears one); None keeps."""
        steps = dict(self.steps)
        for f, values in changes.items():
            if f not in FIELDS:
                raise InputError(f"the safety plan has no step {f!r}")
            if values is not None:
                steps[f] = clean_items(values, f)
        item = self.daily_item if daily_item is None else daily_item
        return self._replace(steps=steps, daily_item=item, edited_at=now)


def people_to_ask(plan: SafetyPlan | None, support: Iterable[Any]) -> list[dict[str, Any]]:
    """Step 4 linked to ``support``: each name in the plan with the support person of that
    name's number (matched without case); with no step 4, the support people themselves."""
    people = list(support)
    by_name = {" ".join(p.name.split()).casefold(): p for p in people}
    named = plan.steps.get("ask_for_help", ()) if plan else ()
    if not named:
        return [{"name": p.name, "phone": p.phone} for p in people]
    out = []
    for text in named:
        person = by_name.get(" ".join(text.split()).casefold())
        out.append({"name": person.name if person else text, "phone": person.phone if person else None})
    # Someone saved with a number, and not named in the plan, still counts.
    listed = {" ".join(t.split()).casefold() for t in named}
    out += [{"name": p.name, "phone": p.phone} for p in people if " ".join(p.name.split()).casefold() not in listed]
    return out


def first_to_call(people: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The first person with a number, else the first person."""
    with_number = [p for p in people if p.get("phone")]
    return (with_number or people or [None])[0]
