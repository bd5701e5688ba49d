"""One function per use case. The CLI parses and renders; this builds and stores.

Every input is validated into an ``Entry`` before the store is opened for
writing, so bad input never touches the disk.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from cuelog.errors import InputError
from cuelog.models import DIMENSIONS as _DIMENSIONS
from cuelog.models import GUIDED as _GUIDED
from cuelog.models import (
    KINDS,
    Cues,
    Entry,
    Goal,
    Limit,
    Plan,
    QuitAttempt,
    SupportPerson,
    check_amount,
    check_intensity,
    check_minutes,
    clean_note,
    day_id,
    display_spellings,
    goal_id,
    new_id,
    normalise_value,
    normalise_values,
)
from cuelog.store import Store
from cuelog.timeparse import end_of_day, noon, start_of_day
from cuelog.wording import care, errors

CueLists = Mapping[str, Sequence[str]]
DIMENSIONS = _DIMENSIONS  # the CLI builds its cue options from these
GUIDED = _GUIDED  # and asks these on a terminal
MIN_PASSPHRASE = 8  # the key file's own rule, cuelog.store.crypt.MIN_PASSPHRASE, said before asking


def open_store(db: str | None, passphrase, now, state_dir: Path | None = None) -> Store:
    """The store that ``--db`` / ``CUELOG_DB`` / the default names, with the passphrase
    source, the command's clock and, where the system has one, the unlock keyring."""
    from cuelog.store import resolve_path
    from cuelog.store.keyring import Keyring

    return Store(resolve_path(db), passphrase=passphrase, now=now, state_dir=state_dir, keyring=Keyring())


def answer_problem(reply: str, kind: str) -> str | None:
    """Why a guided answer could not be kept (the store's own rules: a cue or coping step
    for "values", a note for "text"), said as it is given; None when it can."""
    from cuelog.models import clean_note, normalise_value

    try:
        normalise_value(reply, "it") if kind == "values" else clean_note(reply)
    except InputError as exc:
        return exc.message.removeprefix("it ").removeprefix("the note ")
    return None


def _entry(kind: str, now: datetime, at: datetime | None, *, typed: CueLists | None = None, **fields) -> Entry:
    shown = display_spellings(typed or {})
    extra = MappingProxyType({"display": shown}) if shown else MappingProxyType({})
    return Entry(id=new_id(), kind=kind, at=at or now, logged_at=now, extra=extra, **fields)


def entry_substances(store: Store, typed: Sequence[str] | None, day: date, *, required: bool) -> tuple[str, ...]:
    """The substances an entry is about: those typed (``--substance``, repeatable), else
    the substance of the one goal in force on ``day``. With several goals in force and
    none typed, a use (``required``) is refused, so it is never put on the wrong goal."""
    from cuelog.models import active_goals
    from cuelog.wording import goals as goal_words

    named = tuple(v for v in normalise_values(list(typed or []), "--substance") if v)
    if named:
        return named
    if not store.path.exists():
        return ()
    in_force = active_goals(store.read().goals(), day)
    if len(in_force) == 1:
        return (in_force[0].substance,) if in_force[0].substance else ()
    if len(in_force) > 1 and required:
        names = [g.label or goal_words.UNNAMED for g in in_force]
        raise InputError(goal_words.which_substance(names), hint=goal_words.WHICH_SUBSTANCE_HINT)
    return ()


def goals_to_choose(store: Store, day: date) -> list[tuple[str, str]]:
    """(substance, label) of each goal in force on ``day`` when there are several (a
    terminal asks which one a use was about); empty otherwise."""
    from cuelog.models import active_goals

    if not store.path.exists():
        return []
    in_force = [g for g in active_goals(store.read().goals(), day) if g.substance]
    return [(g.substance, g.label) for g in in_force] if len(in_force) > 1 else []


def _with_substances(entry: Entry, substances: tuple[str, ...]) -> Entry:
    """The entry with what it is about; an empty list says "none named" (an entry
    without the key is from before entries named them)."""
    return replace(entry, extra=MappingProxyType({**entry.extra, "substances": list(substances)}))


def units_system(env: Mapping[str, str] | None) -> str:
    """``CUELOG_UNITS``: "uk" (UK units, 8 g or 10 ml of alcohol; the default) or "us"
    (US standard drinks, 14 g)."""
    from cuelog.wording import goals as goal_words

    chosen = ((env or {}).get("CUELOG_UNITS") or "uk").strip().lower()
    if chosen not in ("uk", "us"):
        raise InputError(goal_words.UNITS_SETTING.format(value=chosen), hint=goal_words.UNITS_HINT)
    return chosen


def _with_amount(entry: Entry, env: Mapping[str, str] | None) -> Entry:
    """The amount as typed stays; beside it the number and unit read from it, and for
    alcohol its units in the chosen system (``units_system``), when they can be read."""
    from cuelog import safety
    from cuelog.analysis.amounts import read_amount

    if not entry.amount:
        return entry
    system = units_system(env)
    named = entry.extra.get("substances") or ()
    alcohol = any(safety.ALCOHOL in safety.substance_classes(s) for s in named)
    read = read_amount(entry.amount, system=system, alcohol=alcohol)
    if read is None:
        return entry
    extra = {**entry.extra, **read.as_dict()}
    if read.units is not None:
        extra["units_system"] = system
    else:
        extra.pop("units", None)
    return replace(entry, extra=MappingProxyType(extra))


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
    substances: Sequence[str] | None = None,
) -> Entry:
    entry = _entry(
        "craving",
        now,
        at,
        intensity=check_intensity(intensity),
        cues=Cues.build(cues),
        typed=cues,
        coping=normalise_values(list(coping), "--coping"),
        minutes=check_minutes(minutes),
        note=clean_note(note),
    )
    entry = _with_substances(entry, entry_substances(store, substances, entry.at.date(), required=False))
    return _add(store, entry)


def log_lapse(
    store: Store,
    now: datetime,
    *,
    intensity: int | None,
    cues: CueLists,
    coping: Sequence[str] = (),
    amount: str | None = None,
    note: str | None = None,
    at: datetime | None = None,
    substances: Sequence[str] | None = None,
    env: Mapping[str, str] | None = None,
) -> Entry:
    """A lapse with its situation; ``coping`` is what was tried before it; ``substances``
    what was used (see ``entry_substances``)."""
    entry = _entry(
        "lapse",
        now,
        at,
        intensity=check_intensity(intensity),
        cues=Cues.build(cues),
        typed=cues,
        coping=normalise_values(list(coping), "--coping"),
        amount=check_amount(amount),
        note=clean_note(note),
        reflection={},
    )
    entry = _with_substances(entry, entry_substances(store, substances, entry.at.date(), required=True))
    return _add(store, _with_amount(entry, env))


def check_in(
    store: Store,
    now: datetime,
    *,
    day: date,
    craving: int | None,
    feeling: Sequence[str] = (),
    body: Sequence[str] = (),
    used: bool | None = None,
    amount: str | None = None,
    note: str | None = None,
    safety_item: int | None = None,
    substances: Sequence[str] | None = None,
    env: Mapping[str, str] | None = None,
) -> tuple[Entry, Entry | None]:
    """Record the check-in for ``day``; returns (new, the one it replaced). ``safety_item``:
    the daily safety question's score (0-5), kept as ``"safety_item"`` on the entry."""
    from cuelog.analysis.safety_plan import check_safety_item, safety_item_of

    at = noon(day)
    item = check_safety_item(safety_item)
    entry = _entry(
        "checkin",
        now,
        at,
        intensity=check_intensity(craving, "--craving"),
        cues=Cues.build({"feeling": list(feeling), "body": list(body)}),
        typed={"feeling": list(feeling), "body": list(body)},
        amount=check_amount(amount),
        note=clean_note(note),
        day=day,
        used=used,
    )
    if used or substances:  # what was used that day
        entry = _with_substances(entry, entry_substances(store, substances, day, required=bool(used)))
    entry = _with_amount(entry, env)
    with store.write(f"the check-in for {day.isoformat()}") as journal:
        previous = journal.checkin_on(day)
        kept = safety_item_of(previous.extra) if previous is not None else None
        if item is not None or kept is not None:  # a score given once for the day stays with it
            entry = replace(
                entry, extra=MappingProxyType({**entry.extra, "safety_item": item if item is not None else kept})
            )
        if previous is not None:
            # A second check-in updates the fields it names and keeps the others (issue 27.3);
            # same id, so scripts that kept it still point at the day's check-in.
            entry = replace(_kept_from(previous, entry), id=previous.id)
            journal.replace(previous, entry)
        else:
            # The same id on every device: two devices' check-ins for one day are versions of one record.
            entry = replace(entry, id=day_id("checkin", day))
            journal.add(entry)
    return entry, previous


def _kept_from(previous: Entry, entry: Entry) -> Entry:
    """``entry`` (a day's second check-in) with what it leaves unsaid taken from ``previous``:
    the craving, the feelings, the body, the note and the amount (no amount once the day
    is said to be without use). Whether the person used is always said."""
    cues = {d: getattr(entry.cues, d) or getattr(previous.cues, d) for d in ("feeling", "body")}
    amount = entry.amount if entry.amount is not None or not entry.used else previous.amount
    display = {**(previous.extra.get("display") or {}), **(entry.extra.get("display") or {})}
    shown = {v: display[v] for d in cues.values() for v in d if v in display}
    extra = {k: v for k, v in {**previous.extra, **entry.extra}.items() if k != "display"}
    if shown:
        extra["display"] = shown
    return replace(
        entry,
        intensity=entry.intensity if entry.intensity is not None else previous.intensity,
        cues=entry.cues.merged(cues),
        note=entry.note if entry.note is not None else previous.note,
        amount=amount,
        extra=MappingProxyType(extra),
    )


def checkin_changes(previous: Entry, entry: Entry) -> list[tuple[str, object, object]]:
    """What a second check-in changed: (field, earlier, now) for the craving, used, amount,
    feeling, body, note and safety item, in that order."""
    fields = [
        ("craving", previous.intensity, entry.intensity),
        ("used", previous.used, entry.used),
        ("amount", previous.amount, entry.amount),
        ("feeling", [previous.shown(v) for v in previous.cues.feeling], [entry.shown(v) for v in entry.cues.feeling]),
        ("body", [previous.shown(v) for v in previous.cues.body], [entry.shown(v) for v in entry.cues.body]),
        ("note", previous.note, entry.note),
        ("safety_item", previous.extra.get("safety_item"), entry.extra.get("safety_item")),
    ]
    return [(name, was, now) for name, was, now in fields if was != now]


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
    amount: str | None | object = _UNSET,
    edited: bool = True,
) -> Entry:
    """Change fields of one entry; a cue dimension given replaces its list. ``edited``
    False: the answers that complete an entry just logged (no ``edited_at``)."""
    changes: dict = {}
    if intensity is not _UNSET:
        changes["intensity"] = check_intensity(intensity)
    if coping is not None:
        changes["coping"] = normalise_values(list(coping), "--coping")
    if note is not _UNSET:
        changes["note"] = clean_note(note)  # type: ignore[arg-type]
    if at is not None:
        changes["at"] = at
    if amount is not _UNSET:
        changes["amount"] = check_amount(amount)
    cue_changes = {d: normalise_values(list(v), f"--{d}") for d, v in (cues or {}).items()}
    if not changes and not cue_changes:
        raise InputError(errors.NOTHING_TO_CHANGE[0], hint=errors.NOTHING_TO_CHANGE[1])
    with store.write("editing an entry", must_exist=True) as journal:
        old = journal.find(prefix)
        if at is not None and old.kind == "checkin":
            raise InputError(errors.CHECKIN_KEEPS_ITS_DATE[0], hint=errors.CHECKIN_KEEPS_ITS_DATE[1])
        new = replace(old, cues=old.cues.merged(cue_changes), edited_at=now if edited else old.edited_at, **changes)
        shown = {**dict(old.extra.get("display") or {}), **display_spellings(cues or {})}
        if shown:
            new = replace(new, extra=MappingProxyType({**new.extra, "display": shown}))
        journal.replace(old, _as_new(new))
    return new


def _as_new(entry: Entry) -> Entry:
    """An edited entry, checked as a new one is: the entry may have come from another
    device, holding what this one refuses, and the edit copies it into this device's files."""
    from cuelog.models import entry_from_record
    from cuelog.store import stored_record

    try:
        entry_from_record(stored_record(entry))
    except InputError as exc:
        message, hint = errors.stored_entry_refused(exc.message)
        raise InputError(message, hint=hint) from None
    return entry


def delete_entry(store: Store, entry_id: str) -> Entry:
    with store.write("deleting an entry", must_exist=True) as journal:
        entry = journal.find(entry_id)
        journal.remove(entry)
    return entry


def list_entries(
    store: Store,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    kind: str | None = None,
    limit: int | None = None,
    grep: str | None = None,
    cues: Sequence[str] = (),
    substances: Sequence[str] = (),
) -> list[Entry]:
    """Entries in the range, newest first, at most ``limit`` of them; with ``grep`` only
    those whose words hold it, with ``cues`` (``DIMENSION=VALUE`` each) only those that
    carry every one (see :mod:`cuelog.analysis.search`)."""
    from cuelog.analysis.search import matcher

    if kind is not None and kind not in KINDS:
        raise InputError(errors.kind_must_be(", ".join(KINDS)))
    if since and until and since > until:
        raise InputError(errors.SINCE_AFTER_UNTIL)
    search = matcher(grep, cues)
    journal = store.read()
    where = search.entry if search else None
    about = about_substances(journal, substances)
    if about is not None:
        where = (lambda e, first=where: about(e) and first(e)) if where else about
    # Newest months first, stopping once enough were found: the latest lapse of ten years
    # of history is in the last month or two, not in all 120.
    found = journal.entries(
        since,
        until,
        newest_first_limit=limit or None,
        kind=kind,
        where=where,
        where_record=search.record if search else None,
    )
    newest = list(reversed(found))
    return newest[:limit] if limit else newest


def about_substances(journal, substances: Sequence[str] | None):
    """A test of whether an entry is about any of ``substances`` (``--substance``,
    repeatable; an entry from before entries named them is about the substance of the
    stop goal then in force); None when none are given."""
    from cuelog.models import entry_substances

    wanted = {v for v in normalise_values(list(substances or []), "--substance") if v}
    if not wanted:
        return None
    goals = journal.goals()
    return lambda entry: bool(wanted & set(entry_substances(entry, goals)))


def set_quit_date(store: Store, now: datetime, day: date, substance: str | None) -> tuple[QuitAttempt, bool]:
    """Start an attempt on ``day``. Without ``substance`` (None) it keeps the current
    attempt's, and says so (the second value); ``--substance ''`` clears it."""
    from cuelog.models import current_attempt, stop_goal

    chosen = normalise_value(substance, "--substance") or None if substance else None
    typed = " ".join(substance.split()) if chosen else None
    with store.write(f"the quit date {day.isoformat()}") as journal:
        kept = False
        if substance is None:
            current = current_attempt(journal.attempts(), day)
            if current is not None and current.substance:
                chosen, kept = current.substance, True
                typed = next((g.typed for g in journal.goals() if g.substance == chosen and g.typed), None)
        attempt = QuitAttempt(quit_date=day, substance=chosen, set_at=now)
        # A stop goal for this substance only: other substances' goals go on.
        journal.put_goal(stop_goal(attempt, typed))
    return attempt, kept


def add_goal(
    store: Store, now: datetime, substance: str, kind: str, *, quit_date: date | None = None, limit: Limit | None = None
) -> Goal:
    """Start a goal for ``substance`` (a newer goal of the same substance ends the
    older one on this goal's start date; other substances' goals go on)."""
    name = normalise_value(substance, "the substance")
    if not name:
        raise InputError("a goal needs a substance or behaviour", hint="e.g. cuelog goal add alcohol --track")
    typed = " ".join(substance.split())
    if kind == "stop":
        assert quit_date is not None
        set_quit_date(store, now, quit_date, substance)
        return next(g for g in store.read().goals() if g.id == goal_id("stop", name, quit_date))
    started = now.date()
    goal = Goal(
        id=new_id(),  # a limit changed the same day is a new goal, the older one kept
        type=kind,
        substance=name,
        started=started,
        set_at=now,
        limit=limit if kind == "cut-down" else None,
        typed=typed,
    )
    with store.write(f"the {kind} goal for {typed}") as journal:
        journal.put_goal(goal)
    return goal


def end_goal(store: Store, now: datetime, substance: str) -> list[Goal]:
    """End the goals of ``substance`` in force today; their history stays."""
    name = normalise_value(substance, "the substance")
    today = now.date()
    with store.write(f"ending the goal for {' '.join(substance.split())}") as journal:
        found = [g for g in journal.goals() if g.substance == (name or None) and g.active_on(today)]
        if not found:
            raise InputError(f"no goal for {substance!r} is in force", hint="see your goals with 'cuelog goal list'")
        ended = [g._replace(ended=today, edited_at=now, from_attempt=False) for g in found]
        for goal in ended:
            journal.put_goal(goal)
    return ended


def goals(store: Store) -> list[Goal]:
    """Every goal, oldest first, ended ones included."""
    return store.read().goals()


def quit_attempts(store: Store, on: date) -> tuple[QuitAttempt | None, list[QuitAttempt]]:
    """The attempt in force on ``on``, and every attempt."""
    from cuelog.models import current_attempt

    attempts = store.read().attempts()
    return current_attempt(attempts, on), attempts


# A named tuple: defined several times faster than a frozen dataclass, on every start.
class StatusView(NamedTuple):
    """Everything ``status`` shows, in the order it shows it: the person's own data
    (``doc``, ``phases``, ``comparison``, ``use_line``), then what is said about weeks
    2-4 (``window``; in full when ``window_full``), then the safety ``notices``."""

    doc: dict
    phases: list
    comparison: str | None
    use_line: str | None
    window: object | None  # analysis.windows.WindowText
    window_full: bool
    notices: list
    crisis_reminder: dict | None = None  # {"since", "line"}: a disclosure in the last 72 hours
    own_plan: dict | None = None  # {"text", "lapse_id", "at"}: the 24-hour plan, for 48 hours

    def as_json(self) -> dict:
        return self.doc | {
            "phases": [p.as_dict() for p in self.phases],
            "notices": [{"key": n.key, "text": n.text} for n in self.notices],
            "crisis_reminder": self.crisis_reminder,
            "next_24_hours": self.own_plan,
        }


def _recent_use_events(
    journal,
    day: date,
    read: list[Entry] | None = None,
    read_from: date | None = None,
    quit_date: date | None = None,
) -> list:
    """Use in the weeks up to ``day`` (the notices' look-back), as ``safety.UseEvent``:
    each lapse, and each check-in that says there was use on or after ``quit_date``
    (a check-in's use counts as a use event once a quit date is set); from ``read``
    (entries from ``read_from`` through ``day``) when they cover it."""
    from cuelog.safety import LOOKBACK_DAYS, UseEvent

    first = day - timedelta(days=LOOKBACK_DAYS)
    if read is None or read_from is None or read_from > first:
        read = journal.entries(start_of_day(first), end_of_day(day))
    events = []
    for e in read:
        if e.kind == "lapse":
            on = e.at.date()
        elif e.kind == "checkin" and e.used and quit_date is not None:
            on = e.day or e.at.date()
            if on < quit_date:
                continue
        else:
            continue
        if not first <= on <= day:
            continue
        where = tuple(v for _, v in e.cues.items()) + ((e.note,) if e.note else ())
        events.append(UseEvent(on, e.amount, where, e.kind))
    return events


def status(store: Store, as_of: date, *, env: Mapping[str, str], explain: bool = False) -> StatusView:
    """Where the person stands on ``as_of``: their own data first, then the weeks 2-4
    text (in full the first time for this journal, or when ``explain``), then the
    safety notices that apply then. ``env`` gives the place, for the numbers."""
    from cuelog import safety
    from cuelog.analysis.windows import compare_window, phase_stats, use_count_line, window_bounds, window_text
    from cuelog.analysis.windows import status as status_doc
    from cuelog.models import current_attempt

    journal = store.read()
    attempts = journal.attempts()
    attempt = current_attempt(attempts, as_of)
    phases: list = []
    comparison = use_line = None
    entries: list[Entry] | None = None
    if attempt is None or as_of < attempt.quit_date:
        doc = status_doc(attempts, [], as_of)
    else:
        entries = journal.entries(start_of_day(attempt.quit_date), end_of_day(as_of))
        doc = status_doc(attempts, entries, as_of)
        plans = journal.plans()
        if plans:
            from cuelog.analysis.plans import with_plans
            from cuelog.analysis.summary import cue_items

            events = [e for e in entries if e.kind in ("craving", "lapse")]
            doc["top_cues"] = with_plans(cue_items(events)[:3], plans, entries)
        phases = phase_stats(attempt.quit_date, as_of, entries)
        comparison = compare_window(phases) if phases else None
        end = None if as_of == store.now().date() else as_of
        use_line = use_count_line(attempt.quit_date, as_of, entries, end=end)
    window, full = None, False
    if attempt is not None:
        classes = safety.substance_classes(attempt.substance)
        days, end = doc["days_since_quit"], window_bounds(attempt.quit_date)[1]
        key = window_text(days, classes, end).key
        full = explain or not _seen(store, key)
        window = window_text(days, classes, end, first_time=full, explain=explain)
    notices = notices_by_substance(journal, as_of, context="status", env=env)
    notices = (
        notices
        if notices is not None
        else safety.notices(
            substance=attempt.substance if attempt else None,
            quit_date=attempt.quit_date if attempt else None,
            today=as_of,
            use_events=_recent_use_events(
                journal,
                as_of,
                entries,
                attempt.quit_date if entries is not None else None,
                quit_date=attempt.quit_date if attempt else None,
            ),
            context="status",
            **_place(env),
        )
    )
    if entries is not None and attempt is not None:
        doc["use_days_since_quit"] = len(set(use_days_of(entries, attempt.quit_date, as_of)))
    from cuelog.analysis.goals import earliest_start, goals_status

    all_goals = journal.goals()
    first = earliest_start(all_goals, as_of)
    goal_entries = journal.entries(start_of_day(first), end_of_day(as_of)) if first is not None else []
    doc["goals"] = goals_status(all_goals, as_of, goal_entries)
    now = store.now()
    disclosed = recent_disclosure(journal, now) if store.path.exists() else None
    reminder = None
    if disclosed is not None:
        from cuelog.wording.safetyplan import compact_crisis

        reminder = {
            "since": disclosed.isoformat(timespec="seconds"),
            "line": compact_crisis(safety.crisis_lines(safety.country(env))),
        }
    own = own_24_hour_plan(journal, now) if store.path.exists() else None
    return StatusView(doc, phases, comparison, use_line, window, full, notices, reminder, own)


def _seen(store: Store, key: str) -> bool:
    from cuelog.store.seen import was_seen

    return was_seen(store.path, key, store.state_dir)


def mark_seen(store: Store, key: str) -> None:
    """The full text under ``key`` was shown: next time, one line is enough."""
    from cuelog.store.seen import mark_seen as mark

    if store.path.exists():  # a journal that does not exist yet has nothing to remember
        mark(store.path, key, store.state_dir)


# -- safety -------------------------------------------------------------------
def entry_texts(entry: Entry) -> list[str]:
    """Every text a person typed into an entry: note, cue values, coping, amount, answers."""
    texts = [entry.note or "", entry.amount or "", *entry.coping, *(v for _, v in entry.cues.items())]
    return texts + list((entry.reflection or {}).values())


def imported_texts(changed: Sequence) -> list[str]:
    """Every text in the entries, plans and support people an import added or updated
    (``import_records(..., changed=...)``): an import is typed text too."""
    texts: list[str] = []
    for item in changed:
        if isinstance(item, Entry):
            texts += entry_texts(item)
        elif isinstance(item, dict):
            texts += [item[k] for k in ("then", "note", "name") if isinstance(item.get(k), str)]
            cues = item.get("cues") if isinstance(item.get("cues"), dict) else {}
            texts += [v for values in cues.values() if isinstance(values, list) for v in values if isinstance(v, str)]
    return [t for t in dict.fromkeys(texts) if t]


def text_notices(texts: Sequence[str | None], env: Mapping[str, str]) -> list:
    """The crisis and emergency lines that typed text calls for (``safety.text_notices``),
    with the numbers of the person's place."""
    from cuelog import safety

    where = safety.place(env)
    return safety.text_notices(texts, where.country, guessed=where.guessed)


def crisis_notices(env: Mapping[str, str]) -> list:
    """The crisis lines as a notice, for what is not a text (the daily safety item)."""
    from cuelog import safety, wording

    return [safety.Notice("crisis", wording.crisis_message(safety.country(env)))]


# The order notices keep when several substances' notices are merged: most urgent first.
_NOTICE_ORDER = (
    "crisis",
    "overdose",
    "overdose-emergency",
    "sedative-pills",
    "stimulant-supply",
    "withdrawal-returning",
    "withdrawal-stopping",
    "alcohol-withdrawal-signs",
    "several-lapses",
)


def _use_pairs(journal, day: date, goals: list) -> list:
    """(safety.UseEvent, substances) for each use in the notices' look-back up to ``day``:
    lapses and used check-ins, each with what it was about (``models.entry_substances``)
    and, as ``what``, those substances and the amount, read for their classes."""
    from cuelog.models import entry_substances
    from cuelog.safety import LOOKBACK_DAYS, UseEvent

    first = day - timedelta(days=LOOKBACK_DAYS)
    pairs = []
    for e in journal.entries(start_of_day(first), end_of_day(day)):
        if e.kind == "lapse":
            on = e.at.date()
        elif e.kind == "checkin" and e.used:
            on = e.day or e.at.date()
        else:
            continue
        if not first <= on <= day:
            continue
        subs = entry_substances(e, goals)
        where = tuple(v for _, v in e.cues.items()) + ((e.note,) if e.note else ())
        what = ", ".join([*subs, *([e.amount] if e.amount else [])]) or None
        pairs.append((UseEvent(on, what, where, e.kind), subs))
    return pairs


def notices_by_substance(
    journal, day: date, *, context: str, env: Mapping[str, str], texts=(), only: Sequence[str] | None = None
) -> list | None:
    """With several goals in force, the safety notices of each substance on its own
    terms: each goal's substance with the uses of that substance (and its own quit
    date), and uses of substances no goal names on their own; merged, most urgent first.
    ``only``: just these substances (right after a use of them). None with at most one
    goal in force: the single-attempt notices apply as they always did."""
    from cuelog import safety
    from cuelog.models import active_goals

    goals = journal.goals()
    in_force = active_goals(goals, day)
    named = {g.substance for g in in_force if g.substance}
    if len(in_force) < 2 and (not only or set(only) <= named):
        return None
    pairs = _use_pairs(journal, day, goals)
    groups = []
    for goal in in_force:
        if only is not None and goal.substance not in only:
            continue
        events = [ev for ev, subs in pairs if (goal.substance in subs if goal.substance else not subs)]
        groups.append((goal.substance, goal.quit_date if goal.type == "stop" else None, events))
    rest = [s for s in (only or []) if s not in named]
    other = [ev for ev, subs in pairs if subs and not set(subs) & named and (only is None or set(subs) & set(rest))]
    if other or rest:
        groups.append((", ".join(rest) or None, None, other))
    merged, seen = [], set()
    for i, (substance, quit_date, events) in enumerate(groups or [(None, None, [])]):
        found = safety.notices(
            substance=substance,
            quit_date=quit_date,
            today=day,
            use_events=events,
            context=context,
            texts=texts if i == 0 else (),
            **_place(env),
        )
        for notice in found:
            if notice.key not in seen:
                seen.add(notice.key)
                merged.append(notice)
    rank = {key: i for i, key in enumerate(_NOTICE_ORDER)}
    return sorted(merged, key=lambda n: rank.get(n.key, -1))


def lapse_notices(store: Store, entry: Entry, env: Mapping[str, str]) -> list:
    """The safety notices right after logging ``entry``, most urgent first: crisis and
    emergency lines its texts call for, then overdose, withdrawal and several-lapses
    notices from the attempt's substance and the lapses of the two weeks before it."""
    from cuelog import safety
    from cuelog.models import current_attempt

    journal = store.read()
    day = entry.at.date()
    named = entry.extra.get("substances")
    if named:
        by_substance = notices_by_substance(
            journal, day, context="lapse", env=env, texts=entry_texts(entry), only=list(named)
        )
        if by_substance is not None:
            return by_substance
    attempt = current_attempt(journal.attempts(), day)
    return safety.notices(
        substance=attempt.substance if attempt else None,
        quit_date=attempt.quit_date if attempt else None,
        today=day,
        use_events=_recent_use_events(journal, day, quit_date=attempt.quit_date if attempt else None),
        context="lapse",
        texts=entry_texts(entry),
        **_place(env),
    )


def quit_date_notices(attempt: QuitAttempt, today: date, env: Mapping[str, str]) -> list:
    """Stopping safely (and, for opioids, the overdose risk of a first use after a break)."""
    from cuelog import safety

    return safety.notices(
        substance=attempt.substance,
        quit_date=attempt.quit_date,
        today=today,
        context="quit-date",
        texts=[attempt.substance],
        **_place(env),
    )


def _place(env: Mapping[str, str]) -> dict:
    """The notices' ``country`` and ``guessed`` arguments, from the environment."""
    from cuelog import safety

    where = safety.place(env)
    return {"country": where.country, "guessed": where.guessed}


def summary(
    store: Store,
    *,
    since: datetime | None,
    until: datetime | None,
    top: int,
    as_of: date,
    substances: Sequence[str] = (),
) -> dict:
    """The summary document; cravings younger than a day at the as-of time (``until``, else
    now) are too recent to tell. An all-time summary adds up month tallies (``cuelog.history``)."""
    from cuelog.analysis.plans import with_plans
    from cuelog.analysis.summary import summary_document
    from cuelog.history import from_entries, journal_stats

    if since and until and since > until:
        raise InputError(errors.SINCE_AFTER_UNTIL)
    if top < 0:
        raise InputError(errors.TOP_NEGATIVE)
    journal = store.read()
    plans = journal.plans()
    moment = min(until, store.now()) if until is not None else store.now()
    about = about_substances(journal, substances)
    if about is not None:  # the entries about these substances: cue -> lapse counts lapses of them
        stats = from_entries([e for e in journal.entries(since, until) if about(e)], moment)
    else:
        stats = journal_stats(journal, since=since, until=until, as_of=moment, cut_points=[p.created_at for p in plans])
    doc = summary_document(stats.tally, since=since, until=until, as_of=as_of, attempts=journal.attempts(), top=top)
    if plans:
        doc["top_cues"] = with_plans(doc["top_cues"], plans, stats.raw, moment, count=stats.counter())
    spellings = cue_spellings(journal.entries(since, until))
    spell_items(doc["top_cues"], spellings)
    spell_items((i for items in doc["by_dimension"].values() for i in items), spellings)
    return doc


def cue_spellings(entries: Iterable[Entry]) -> dict[tuple[str, str], str]:
    """How the person first typed each cue that differs from its normalised value
    ({("person", "josé"): "José"}): what summary, outlook and the report show, while
    matching and the JSON ``value`` stay normalised (the contract's display case)."""
    spelled: dict[tuple[str, str], str] = {}
    for entry in entries:
        if not entry.extra.get("display"):
            continue
        for dim, value in entry.cues.items():
            shown = entry.shown(value)
            if shown != value:
                spelled.setdefault((dim, value), shown)
    return spelled


def spell_items(items: Iterable[dict], spellings: Mapping[tuple[str, str], str]) -> None:
    """Give each cue item its display spelling under "shown", where one differs."""
    for item in items:
        shown = spellings.get((item["dimension"], item["value"]))
        if shown:
            item["shown"] = shown


def latest_lapse(store: Store, prefix: str | None) -> Entry:
    """The lapse with this id, or the most recent one."""
    if prefix:
        entry = store.read().find(prefix)
        if entry.kind != "lapse":
            raise InputError(errors.not_a_lapse(repr(prefix), entry.kind))
        return entry
    lapses = list_entries(store, kind="lapse", limit=1)
    if not lapses:
        raise InputError(errors.NO_LAPSE[0], hint=errors.NO_LAPSE[1])
    return lapses[0]


def reflection_document(lapse: Entry) -> dict:
    from cuelog.analysis.prompts import reflection_document as build

    return build(lapse)


def save_reflection(store: Store, now: datetime, lapse_id: str, answers: Mapping[str, str]) -> Entry:
    """Merge answers into the lapse's reflection; an empty answer keeps the old one."""
    cleaned = {k: clean_note(v) for k, v in answers.items()}
    cleaned = {k: v for k, v in cleaned.items() if v}
    with store.write("saving reflection answers") as journal:
        old = journal.find(lapse_id)
        new = replace(old, reflection={**dict(old.reflection or {}), **cleaned}, edited_at=now)
        journal.replace(old, _as_new(new))
    return new


def checkin_exists(store: Store, day: date) -> bool:
    """For ``remind``: reads only that day's month."""
    return store.read().checkin_on(day) is not None


def build_demo(store: Store, now: datetime) -> None:
    from cuelog.demo import demo_journal

    attempt, entries = demo_journal(now)
    with store.write("the demo journal") as journal:
        journal.add_attempt(attempt)
        for entry in entries:
            journal.add(entry)


def parse_import(text: str) -> dict:
    """cuelog's JSON export (an object with "entries" and perhaps "attempts", "plans",
    "support"), a JSON array of entries (``list --json``), or JSON Lines. Every record is
    validated with the CLI's own rules before anything is written; the first bad one is
    named by its line or position, and nothing is imported."""
    from cuelog.importing import parse

    return parse(text)


def import_records(store: Store, now: datetime, parsed: dict, changed: list | None = None) -> dict:
    """Merge by id, newest wins: new ids are added, a newer copy of a known record
    replaces it, anything already present is left alone (importing twice adds nothing).
    One commit, one undo step. What was added or updated is appended to ``changed``
    (for ``imported_texts``)."""
    from cuelog.importing import merge_into
    from cuelog.wording import plural

    parts = [plural(len(parsed.get("entries", [])), "entry")]
    for key, word in (("attempts", "quit date"), ("goals", "goal"), ("plans", "plan"), ("support", "support person")):
        if parsed.get(key):
            parts.append(plural(len(parsed[key]), word))
    with store.write("importing " + ", ".join(parts)) as journal:
        return merge_into(journal, parsed, changed)


def export_report(
    store: Store,
    *,
    since: datetime | None,
    until: datetime | None,
    redact: str | None,
    now: datetime,
    with_entries: bool = True,
    with_analysis: bool = True,
    include: Sequence[str] = (),
    since_last: str | None = None,
    substances: Sequence[str] = (),
) -> dict:
    """The counsellor's report for the period (all of the journal by default); with
    ``with_analysis`` false and nothing redacted, only its entries (all a CSV writes).
    ``include``: "safety-plan" adds the safety plan, which is otherwise never exported."""
    from cuelog.analysis.report import build_report, redaction_parts
    from cuelog.history import Records, journal_stats, order_key

    parts = redaction_parts(redact)
    if since and until and since > until:
        raise InputError(errors.SINCE_AFTER_UNTIL)
    journal = store.read()
    moment = min(until, now) if until is not None else now
    common = dict(
        end=(until or now).date(),
        since=since,
        until=until,
        redact_parts=parts,
        with_entries=with_entries,
        plans=journal.plans(),
        support=journal.support() or None,
        generated_at=now,
        first_entry_day=journal.first_day(),
        goals=journal.goals(),
    )
    calendar: dict = {}
    if with_analysis:  # issue 26: a use calendar per substance
        from cuelog.analysis.goals import use_by_substance

        about_them = about_substances(journal, substances)
        in_range = [e for e in journal.entries(since, until) if about_them is None or about_them(e)]
        calendar = use_by_substance(in_range, common["goals"])
        if about_them is not None:
            wanted = set(normalise_values(list(substances), "--substance"))
            calendar = {k: v for k, v in calendar.items() if k in wanted}
        if parts and calendar:  # the amounts as typed, with names scrubbed as everywhere in the report
            from cuelog.analysis.redaction import Redactor

            redactor = Redactor(parts, sorted(in_range, key=order_key), common["plans"], common["support"] or ())
            calendar = {
                substance: [dict(row, amounts=[redactor.text(a) for a in row["amounts"]]) for row in rows]
                for substance, rows in calendar.items()
            }
    if "safety-plan" in include:
        plan = _safety_plan(journal)
        common["safety_plan"] = plan.as_dict() if plan is not None else {"set": False, "steps": {}, "reasons": []}
    if with_analysis:  # the first page and the conversation; redacted with the rest in build_report
        common["counsel"] = counsel_parts(journal, since=since, until=until, now=now, since_last=since_last)
    about = about_substances(journal, substances)
    if about is not None:  # the entries about these substances, and their goals
        wanted = set(normalise_values(list(substances), "--substance"))
        common["goals"] = [g for g in common["goals"] if g.substance in wanted]
        attempts = [a for a in journal.attempts() if a.substance in wanted]
        entries = sorted((e for e in journal.entries(since, until) if about(e)), key=order_key)
        if not with_analysis and not parts:
            return {"entries": [e.to_record() for e in entries]}
        return _with_nudges(_with_calendar(build_report(entries, attempts, **common), calendar), store, since, until)
    if parts:  # redaction changes the entries themselves: build them
        entries = sorted(journal.entries(since, until), key=order_key)
        report = build_report(entries, journal.attempts(), **common)
        return _with_nudges(_with_calendar(report, calendar), store, since, until)
    stats = journal_stats(journal, since=since, until=until, as_of=moment)
    records = Records(journal, stats, since, until)
    if not with_analysis:
        return {"entries": records}
    report = build_report([], journal.attempts(), tally=stats.tally, records=records, **common)
    spellings = cue_spellings(journal.entries(since, until))
    spell_items([*report.get("top_cues", ()), *report.get("lapse_cues", ())], spellings)
    return _with_nudges(_with_calendar(report, calendar), store, since, until)


def _with_nudges(report: dict, store: Store, since: datetime | None, until: datetime | None) -> dict:
    """The nudges this device showed in the period (from its state file, not the journal),
    when there were any: the report's one line about them."""
    import os

    counts = nudge_outcomes(store, os.environ, since, until)
    if counts["shown"]:
        report["nudges"] = counts
    return report


def counsel_parts(journal, *, since, until, now: datetime, since_last: str | None) -> dict:
    """The report's first page and conversation parts: the agenda, what changed since the last
    report to ``since_last`` (a name; None leaves it out), confidence after lapses, urge-surfing,
    check-in feelings by week, 24-hour plans and the two days after each."""
    from cuelog.analysis import counsel
    from cuelog.analysis.report import report_period

    period_start = report_period(
        end=(until or now).date(), since=since, first_entry_day=journal.first_day(), attempts=journal.attempts()
    )["start"]
    # The conversation is about the recent weeks; ten years of entries would also cost seconds.
    recent = (until or now) - timedelta(weeks=counsel.CONVERSATION_WEEKS)
    start = max(since, recent) if since is not None else recent
    # never before the journal (or the period) starts
    start = max(start, datetime.combine(period_start, datetime.min.time()).astimezone())
    entries = list(journal.entries(start, until))
    plans = journal.plans()
    agenda = [{"id": r["id"], "text": r.get("text")} for r in _agenda_rows(journal)]
    shared = None
    if since_last is not None:
        previous = _shared_row(journal, since_last, now)
        recent = list(journal.entries(datetime.fromisoformat(previous["exported_at"]), None)) if previous else []
        shared = counsel.since_last(previous, recent, plans, now, since_last)
    day_plans = counsel.day_plans(entries)
    return {
        "agenda": agenda,
        "since_last": shared,
        "conversation": {
            "since": start.isoformat(timespec="seconds"),
            "confidence": counsel.confidence_over_time(e for e in entries if e.kind == "lapse"),
            "urge_surfing": counsel.urge_surfing(entries),
            "feelings_by_week": counsel.feelings_by_week(entries),
            "day_plans": day_plans,
        },
    }


def _with_calendar(report: dict, calendar: dict) -> dict:
    report["use_by_substance"] = calendar
    return report


def export_text(store: Store, **asked) -> str:
    """The report rendered in the format asked for (or the one ``output``'s extension names),
    whole; ``asked`` as for :func:`export_pieces`."""
    return "".join(export_pieces(store, **asked))


def export_pieces(
    store: Store,
    *,
    fmt: str | None,
    output: str | None = None,
    since,
    until,
    redact,
    now: datetime,
    since_last: str | None = None,
    include: Sequence[str] = (),
    substances: Sequence[str] = (),
) -> Iterable[str]:
    """:func:`export_text` in pieces, to write out one after another: the JSON and CSV of a
    long journal are tens of megabytes, and need not be held whole."""
    from cuelog.export import find_format

    chosen = find_format(fmt, age_inner_name(output))
    report = export_report(
        store,
        since=since,
        until=until,
        redact=redact,
        now=now,
        with_entries=chosen.needs_entries,
        with_analysis=chosen.needs_analysis,
        include=include,
        since_last=since_last,
        substances=substances,
    )
    return chosen.chunks(report)


def export_format_name(fmt: str | None, output: str | None) -> str:
    """The format an export will be written in (``report.md.age`` is Markdown)."""
    from cuelog.export import find_format

    return find_format(fmt, age_inner_name(output)).name


def age_inner_name(output: str | None) -> str | None:
    """``report.md`` for ``report.md.age``: an age file's format is named by the extension before."""
    if output and output.lower().endswith(".age"):
        return output[:-4]
    return output


# -- sharing the report privately: a sealed page, age files -----------------------------------
def suggest_passphrase(words: int = 6) -> str:
    """Random everyday words (``secrets``), easy to read out and type: 48 bits for six."""
    import secrets

    from cuelog.export.wordlist import WORDS

    return " ".join(secrets.choice(WORDS) for _ in range(words))


def seal_report(html: str, passphrase: str) -> str:
    """The HTML report as one self-contained page that asks for ``passphrase`` in the browser
    (AES-256-GCM, PBKDF2-SHA256 with 600,000 rounds, a fresh random salt and nonce)."""
    import secrets

    from cuelog.export import sealed

    return sealed.page(
        html, passphrase, salt=secrets.token_bytes(sealed.SALT_BYTES), nonce=secrets.token_bytes(sealed.NONCE_BYTES)
    )


def age_recipients(raw: Iterable[str]) -> list:
    """``age1…`` (X25519) and ``ssh-ed25519 …``/``ssh-rsa …`` public keys; anything else is bad input."""
    import pyrage

    out = []
    for text in raw:
        key = text.strip()
        try:
            if key.startswith("age1"):
                out.append(pyrage.x25519.Recipient.from_str(key))
            elif key.startswith("ssh-"):
                out.append(pyrage.ssh.Recipient.from_str(key))
            else:
                raise ValueError(key)
        except (ValueError, pyrage.RecipientError):
            raise InputError(errors.bad_age_recipient(key), hint=errors.AGE_RECIPIENT_HINT) from None
    return out


def _armor(data: bytes) -> str:
    import base64

    body = base64.b64encode(data).decode("ascii")
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return "-----BEGIN AGE ENCRYPTED FILE-----\n" + "\n".join(lines) + "\n-----END AGE ENCRYPTED FILE-----\n"


def age_encrypt(text: str, *, recipients: list | None = None, passphrase: str | None = None) -> str:
    """``text`` as an ASCII-armoured age file (``age -d`` opens it): to the recipients, or to a
    passphrase (age's scrypt recipient, at the work factor the ``age`` tool uses)."""
    if recipients:
        import pyrage

        return pyrage.encrypt(text.encode("utf-8"), recipients, armored=True).decode("ascii")
    if not passphrase:
        raise ValueError("an age file needs recipients or a passphrase")
    from cuelog.store.crypt import wrap_with_passphrase

    return _armor(wrap_with_passphrase(text.encode("utf-8"), passphrase))


def check_private_file(path: str) -> None:
    """A passphrase file must be readable by its owner only (no group or other bits)."""
    import os
    import stat

    try:
        mode = os.stat(os.path.expanduser(path)).st_mode
    except OSError as exc:
        raise InputError(errors.passphrase_file_unreadable(path, exc.strerror)) from None
    if stat.S_IMODE(mode) & 0o077:
        message, hint = errors.passphrase_file_too_open(path, stat.S_IMODE(mode))
        raise InputError(message, hint=hint)


def read_passphrase_file(path: str) -> str:
    """The first line of ``path``, after :func:`check_private_file`."""
    check_private_file(path)
    try:
        with open(os.path.expanduser(path), encoding="utf-8") as handle:
            phrase = handle.readline().rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(errors.passphrase_file_unreadable(path, getattr(exc, "strerror", exc))) from None
    if not phrase:
        raise InputError(errors.passphrase_file_empty(path))
    return phrase


# -- the agenda, and the reports shared with each counsellor ----------------------------------
AGENDA_TABLE = "agenda"
SHARED_TABLE = "shared"


def _agenda_rows(journal) -> list[dict]:
    rows = [r for r in journal.table(AGENDA_TABLE) if isinstance(r.get("text"), str)]
    return sorted(rows, key=lambda r: str(r.get("created_at", "")))  # stable: ties keep the order added


def add_agenda(store: Store, now: datetime, text: str) -> dict:
    cleaned = clean_note(text)
    if not cleaned:
        raise InputError(errors.AGENDA_NEEDS_TEXT[0], hint=errors.AGENDA_NEEDS_TEXT[1])
    row = {"id": new_id(), "text": cleaned, "created_at": now.isoformat(timespec="seconds")}
    with store.write("adding to the agenda") as journal:
        journal.put_row(AGENDA_TABLE, row)
    return row


def list_agenda(store: Store) -> list[dict]:
    return _agenda_rows(store.read())


def done_agenda(store: Store, prefix: str) -> dict:
    with store.write("marking an agenda item done", must_exist=True) as journal:
        row = journal.find_in_table(AGENDA_TABLE, prefix, "agenda item", errors.AGENDA_IDS_HINT)
        journal.remove_row(AGENDA_TABLE, row["id"])
    return row


def _shared_id(name: str) -> str:
    import hashlib

    return "shared-" + hashlib.sha256(" ".join(name.split()).casefold().encode("utf-8")).hexdigest()[:16]


def _shared_row(journal, name: str, now: datetime) -> dict | None:
    wanted = _shared_id(name)
    for row in journal.table(SHARED_TABLE):
        if row.get("id") == wanted and isinstance(row.get("exported_at"), str):
            try:
                moment = datetime.fromisoformat(row["exported_at"])
            except ValueError:
                return None
            # Another device's row: a time with its offset, not in the future, or none at all.
            return row if moment.tzinfo is not None and moment <= now else None
    return None


def record_shared(store: Store, now: datetime, name: str, report: dict | None = None) -> dict:
    """Remember that a report went to ``name`` now, with the figures since the one before (or
    since the report's start), so the next ``--since-last`` can show what changed."""
    from cuelog.analysis import counsel

    with store.write(f"remembering the report for {name}") as journal:
        previous = _shared_row(journal, name, now)
        start = datetime.fromisoformat(previous["exported_at"]) if previous else None
        if start is None:  # the first report to them: the weeks before it, 12 at most
            first = journal.first_day()
            start = now - timedelta(weeks=counsel.CONVERSATION_WEEKS)
            if first is not None:
                start = max(start, datetime.combine(first, datetime.min.time()).astimezone())
        figures = counsel.window_figures(journal.entries(start, now), journal.plans(), start, now)
        row = {
            "id": _shared_id(name),
            "name": name,
            "exported_at": now.isoformat(timespec="seconds"),
            "from": start.isoformat(timespec="seconds"),
            "figures": figures,
        }
        journal.put_row(SHARED_TABLE, row)
    return row


# -- if-then plans ----------------------------------------------------------
def _plan_cues(cues: CueLists) -> Cues:
    """A plan's cues; none at all is a general plan, which fits any time (help-now shows it
    after the plans that fit the moment). A cue option given empty is refused."""
    built = Cues.build(cues)
    empty = next((d for d, values in cues.items() if values and not getattr(built, d)), None)
    if empty is not None:
        raise InputError(errors.empty_cue(f"--{empty}"), hint=errors.PLAN_EXAMPLE)
    return built


def _plan_text(then: str | None) -> str:
    text = clean_note(then)
    if not text:
        raise InputError(errors.PLAN_NEEDS_THEN, hint=errors.PLAN_EXAMPLE)
    return text


def add_plan(store: Store, now: datetime, cues: CueLists, then: str | None) -> Plan:
    plan = Plan(id=new_id(), cues=_plan_cues(cues), then=_plan_text(then), created_at=now)
    with store.write("adding a plan") as journal:
        journal.put_plan(plan)
    return plan


def edit_plan(store: Store, now: datetime, prefix: str, cues: CueLists, then: str | None) -> Plan:
    if not cues and then is None:
        raise InputError(errors.PLAN_NOTHING_TO_CHANGE[0], hint=errors.PLAN_NOTHING_TO_CHANGE[1])
    with store.write("editing a plan", must_exist=True) as journal:
        old = journal.find_plan(prefix)
        merged = old.cues.merged({d: normalise_values(list(v), f"--{d}") for d, v in cues.items()})
        new = old._replace(cues=merged, then=_plan_text(then) if then is not None else old.then, edited_at=now)
        journal.put_plan(new)
    return new


def remove_plan(store: Store, prefix: str) -> Plan:
    with store.write("removing a plan", must_exist=True) as journal:
        plan = journal.find_plan(prefix)
        journal.remove_plan(plan.id)
    return plan


def list_plans(store: Store) -> list[Plan]:
    return store.read().plans()


def plans_matching(store: Store, entry: Entry) -> list[Plan]:
    from cuelog.analysis.plans import matching_plans

    return matching_plans(store.read().plans(), entry.cues)


def outlook(store: Store, today: date, substances: Sequence[str] = ()) -> dict:
    from cuelog.analysis.plans import OUTLOOK_DAYS
    from cuelog.analysis.plans import outlook as build

    journal = store.read()
    since = start_of_day(today - timedelta(days=OUTLOOK_DAYS))
    entries = journal.entries(since, end_of_day(today))
    about = about_substances(journal, substances)
    if about is not None:
        entries = [e for e in entries if about(e)]
    doc = build(entries, journal.plans(), today)
    spellings = cue_spellings(entries)
    spell_items((c for cell in doc.get("high_risk", ()) for c in cell["top_cues"]), spellings)
    spell_items(doc.get("recurring", ()), spellings)
    return doc


# -- nudges at the person's own high-risk times ---------------------------------------
NUDGE_SETTINGS = ("nudges", "quiet-hours", "nudge-daily-cap", "nudge-full-text")
START_TIMER = "systemctl --user daemon-reload && systemctl --user enable --now cuelog-nudge.timer"
STOP_TIMER = "systemctl --user stop cuelog-nudge.timer && systemctl --user daemon-reload"


def nudge(store: Store, now: datetime, env: Mapping[str, str], *, can_open: bool, dry_run: bool) -> dict:
    """Whether ``cuelog nudge`` reaches out now, why (or why not), and the message.
    ``can_open``: a passphrase file is given, so a locked journal can still be read."""
    from cuelog import nudging, settings
    from cuelog.analysis import nudges
    from cuelog.analysis.plans import OUTLOOK_DAYS

    prefs = {key: settings.value(env, key) for key in NUDGE_SETTINGS}
    found = nudging.memory(env, store.path)
    until = nudging.snoozed_until(found)
    locked = store.encrypted and not can_open and store.unlocked_until() is None

    def journal():
        if not store.path.exists():
            return {}, [], [], []
        read = store.read()
        entries = read.entries(start_of_day(now.date() - timedelta(days=OUTLOOK_DAYS)), now)
        return outlook(store, now.date()), entries, read.plans(), _support_people(read)

    doc = nudges.decide(
        now=now,
        prefs=prefs,
        snoozed_until=until,
        shown=found["shown"],
        locked=locked,
        journal=journal,
        history_days=OUTLOOK_DAYS,
        every_reason=dry_run,
    )
    blocked = doc.pop("blocked")
    doc["nudge"] = not blocked
    doc["reason"] = blocked[0] if blocked else "shown"
    doc["why"] = [nudges.why(r, prefs, until) for r in (blocked or ["shown"])]
    doc["full_text"] = prefs["nudge-full-text"] == "on"
    doc["dry_run"] = dry_run
    doc["shown_on"] = None
    return doc


def nudge_where(env: Mapping[str, str]) -> str:
    from cuelog import nudging

    return "desktop" if nudging.graphical(env) else "terminal"


def show_nudge(store: Store, env: Mapping[str, str], doc: dict) -> str:
    """Send the nudge to the desktop when a session is there (the neutral line, the full
    text only when the person opted in), and remember it for this slot. Where it went:
    "desktop", or "terminal" for the caller to print."""
    from cuelog import nudging

    message = doc["message"]
    where = "terminal"
    if nudging.graphical(env):
        body = "\n".join(message["lines"]) if doc["full_text"] else None
        if nudging.notify(env, message["neutral"], body):
            where = "desktop"
    try:
        nudging.remember(env, store.path, shown={"at": doc["at"], "slot": doc["slot"]["key"], "on": where})
    except OSError:
        pass  # the nudge is shown; a state folder that cannot be written must not hide it
    return where


def snooze_nudges(store: Store, now: datetime, env: Mapping[str, str], text: str) -> datetime | None:
    """Pause nudges for a while (``1w``, ``3d``); ``0`` ends a pause. Until when, or None."""
    from cuelog import nudging
    from cuelog.analysis.nudges import parse_snooze
    from cuelog.wording import nudge as nudge_words

    length = parse_snooze(text)
    if length is None:
        raise InputError(*nudge_words.bad_snooze(text))
    until = now + length if length else None
    try:
        nudging.remember(env, store.path, snooze=until.isoformat() if until else None)
    except OSError as exc:
        from cuelog.errors import StoreError

        raise StoreError(nudge_words.cannot_write_unit(str(nudging.state_path(env)), str(exc.strerror))) from None
    return until


def install_nudges(env: Mapping[str, str], command: Sequence[str], db: str | None) -> dict:
    """The systemd user timer (or, without systemd, the crontab line to add), and nudges
    turned on in the settings file if they were not on."""
    from cuelog import nudging, settings

    turned_on = settings.value(env, "nudges") != "on"
    if turned_on:
        settings.set_value(env, "nudges", "on")
    doc: dict = {"systemd": nudging.has_systemd(env), "written": [], "cron": None, "start": None}
    doc["turned_on"] = turned_on
    if doc["systemd"]:
        try:
            doc["written"] = [str(p) for p in nudging.install(env, command, db)]
        except OSError as exc:
            from cuelog.errors import StoreError
            from cuelog.wording import nudge as nudge_words

            where = str(nudging.unit_dir(env))
            raise StoreError(nudge_words.cannot_write_unit(where, str(exc.strerror))) from None
        doc["start"] = START_TIMER
    else:
        doc["cron"] = nudging.cron_line(command, db)
    doc["settings"] = {key: settings.value(env, key) for key in NUDGE_SETTINGS}
    return doc


def uninstall_nudges(env: Mapping[str, str]) -> dict:
    """Remove the unit files and the link ``enable`` made (so nothing needs disabling);
    the running timer stops with the printed systemctl line."""
    from cuelog import nudging

    removed = [str(p) for p in nudging.uninstall(env)]
    return {"removed": removed, "stop": STOP_TIMER if removed else None, "systemd": nudging.has_systemd(env)}


def nudge_slots(doc: dict, env: Mapping[str, str]) -> dict:
    """For outlook: the slots that would nudge, and whether nudges are on."""
    from cuelog import settings
    from cuelog.analysis.nudges import nudge_slots as slots

    return {
        "on": settings.value(env, "nudges") == "on",
        "slots": [{"weekday": d, "time_of_day": t} for d, t in slots(doc)],
    }


def nudge_outcomes(store: Store, env: Mapping[str, str], since: datetime | None, until: datetime | None) -> dict:
    """For the report: nudges shown in the period on this device, and after how many a
    craving or a lapse was logged later in the same slot."""
    from cuelog import nudging
    from cuelog.analysis.nudges import outcomes

    shown = []
    for record in nudging.memory(env, store.path)["shown"]:
        try:
            at = datetime.fromisoformat(str(record.get("at")))
        except ValueError:
            continue
        if (since is None or at >= since) and (until is None or at <= until):
            shown.append(record)
    if not shown or not store.path.exists():
        return outcomes(shown, [])
    return outcomes(shown, store.read().entries(since, until))


# -- help right now, support people, sources ---------------------------------------
def help_now(store: Store | None, env: Mapping[str, str], cues: CueLists, now: datetime | None = None) -> dict:
    """What ``cuelog help-now`` shows: the crisis lines for the place, the person's
    safety plan, plans (those matching ``cues`` first), their support people (the one to
    call first), the urge-surfing guide; with ``now``, a disclosure of the last 72 hours,
    the 24-hour plan of the last 48, and whether a recent use calls for the overdose lines.
    With ``store`` None, or no journal yet, only what needs no journal: help does not wait."""
    from cuelog import safety
    from cuelog.analysis.safety_plan import first_to_call, people_to_ask

    wanted = Cues.build(cues)
    plans: list[Plan] = []
    people: list[SupportPerson] = []
    plan = disclosed = own = None
    recent_use = False
    if store is not None and store.path.exists():
        journal = store.read()
        plans, people, plan = journal.plans(), _support_people(journal), _safety_plan(journal)
        if now is not None:
            disclosed, own = recent_disclosure(journal, now), own_24_hour_plan(journal, now)
            recent_use = any(n.key == "overdose" for n in status(store, now.date(), env=env).notices)
    doc = safety.help_now_document(plans=plans, support=people, cues=wanted, **_place(env))
    ask = people_to_ask(plan, people)
    return doc | {
        "safety_plan": plan.as_dict() if plan and plan.is_set else None,
        "people_to_ask": ask,
        "call_first": first_to_call(ask),
        "crisis_reminder": (
            {"since": disclosed.isoformat(timespec="seconds"), "line": compact_crisis_line(env)} if disclosed else None
        ),
        "next_24_hours": own,
        "recent_use": recent_use,
    }


def sources_document() -> dict:
    from cuelog.sources import sources_document as build

    return build()


def _support_people(journal) -> list[SupportPerson]:
    from cuelog.errors import StoreError

    try:
        return [SupportPerson.from_record(r) for r in journal.support()]
    except InputError as exc:
        raise StoreError(errors.damaged_support_person(journal.store.path, exc.message)) from None


def add_support(store: Store, now: datetime, name: str, phone: str | None, note: str | None) -> SupportPerson:
    person = SupportPerson(id=new_id(), name=name, phone=phone, note=note, created_at=now)
    with store.write("adding a support person") as journal:
        journal.put_row("support", person.to_record())
    return person


def list_support(store: Store) -> list[SupportPerson]:
    return _support_people(store.read())


def remove_support(store: Store, prefix: str) -> SupportPerson:
    with store.write("removing a support person", must_exist=True) as journal:
        row = journal.find_in_table("support", prefix, "support person", errors.SUPPORT_IDS_HINT)
        person = SupportPerson.from_record(row)
        journal.remove_row("support", person.id)
    return person


# -- durability -------------------------------------------------------------
def undo(store: Store) -> tuple[str, int]:
    """Revert this device's last change; returns what it was and how many steps remain."""
    return store.undo()


def doctor(store: Store) -> dict:
    """Check every file and record; only what an interrupted write left behind is removed.
    The month cache is compared with the journal, and removed if it does not match."""
    from cuelog.errors import CuelogError
    from cuelog.history import check_cache

    report = store.inspect()
    if report.get("exists") and not report.get("problems"):
        try:
            report["cache"] = check_cache(store.read())
        except CuelogError:
            report["cache"] = None
        if report["cache"] and report["cache"]["wrong"]:
            report["notes"].append(care.cache_removed(", ".join(report["cache"]["wrong"])))
    return report


def merge_conflicts(store: Store) -> dict:
    return store.merge_conflicts()


def backups(store: Store) -> list[dict]:
    """Every backup with its date, entry count, newest entry and size, oldest first."""
    from cuelog.store.backup import describe

    return [describe(store, b) for b in store.backups()]


def find_backup(store: Store, name: str | None) -> dict:
    from cuelog.store.backup import describe, find

    return describe(store, find(store, name))


def doctor_encrypted(store: Store) -> bool:
    """Whether this device's part of the journal is encrypted now."""
    view = store.read()
    me = store.device(create=False)
    own = view.heads.get(me.id) if me else None
    return bool(own and own.encrypted) or (own is None and store.key_path.exists())


def restore(store: Store, name: str) -> dict:
    return store.restore(name)


def encrypt(store: Store) -> dict:
    return store.encrypt()


def decrypt(store: Store) -> dict:
    return store.decrypt()


def unlock(store: Store, duration: str | None) -> datetime:
    """Keep the journal's key open for ``duration`` (default 15 minutes); until when."""
    from cuelog.store.keyring import parse_duration

    return store.unlock(parse_duration(duration or "15m"))


def lock(store: Store) -> bool:
    return store.lock()


def unlocked_until(store: Store) -> datetime | None:
    return store.unlocked_until() if store.key_path.exists() else None


def key_path(store: Store) -> Path:
    return store.key_path


def devices(store: Store) -> list[dict]:
    return store.devices()


def name_device(store: Store, name: str) -> dict:
    device = store.rename_device(name)
    return {"id": device.id, "name": device.name}


def write_export_file(path: Path, text: str | Iterable[str], *, force: bool) -> None:
    from cuelog.store import write_private_file

    write_private_file(path, text, force=force)


# -- the safety plan, disclosures and use from any entry ----------------------------
DISCLOSURE_HOURS = 72  # status and help-now keep the crisis line at their top this long
OWN_PLAN_HOURS = 48  # the 24-hour plan saved after a lapse comes back this long


def _safety_plan(journal):
    from cuelog.analysis.safety_plan import ROW_ID, TABLE, SafetyPlan
    from cuelog.errors import StoreError

    rows = [r for r in journal.table(TABLE) if r.get("id") == ROW_ID]
    if not rows:
        return None
    try:
        return SafetyPlan.from_record(rows[0])
    except InputError as exc:
        raise StoreError(errors.damaged_safety_plan(journal.store.path, exc.message)) from None


def safety_plan(store: Store):
    """The safety plan (``analysis.safety_plan.SafetyPlan``), or None; no journal: None."""
    if not store.path.exists():
        return None
    return _safety_plan(store.read())


def set_safety_plan(
    store: Store,
    now: datetime,
    changes: Mapping[str, Sequence[str] | None],
    daily_item: bool | None = None,
    *,
    clear: bool = False,
):
    """Change the steps given (a list replaces a step, an empty one clears it), turn the
    daily item on or off, or with ``clear`` remove every step. One commit, one undo step.
    Returns (plan, changed)."""
    from cuelog.analysis.safety_plan import SafetyPlan

    with store.write("the safety plan") as journal:
        old = _safety_plan(journal)
        base = old or SafetyPlan.empty(now)
        if clear:
            changes = {f: [] for f in base.steps}
        new = base.changed(now, changes, daily_item)
        same = old is not None and dict(new.steps) == dict(old.steps) and new.daily_item == old.daily_item
        if (old is None and not new.is_set and not new.daily_item) or same:
            return old or base, False
        journal.put_row("safety_plan", new.to_record())
    return new, True


def people_to_ask(store: Store, plan) -> list[dict]:
    """Step 4 of the plan linked to the support people (names with their numbers)."""
    from cuelog.analysis.safety_plan import people_to_ask as link

    return link(plan, list_support(store) if store.path.exists() else [])


def may_ask_passphrase(store: Store) -> bool:
    """Whether reading the journal may stop to ask for a passphrase (encrypted, not unlocked)."""
    try:
        return store.encrypted and unlocked_until(store) is None
    except Exception:  # whatever it is, the crisis line goes first
        return True


def compact_crisis_line(env: Mapping[str, str]) -> str:
    """The crisis line and the emergency number for the place, on one line."""
    from cuelog import safety
    from cuelog.wording.safetyplan import compact_crisis

    return compact_crisis(safety.crisis_lines(safety.country(env)))


def safety_item_asked(store: Store, env: Mapping[str, str]) -> bool:
    """Whether the person turned the daily safety question on: in their safety plan
    (``safety-plan --daily-item on``, kept in the journal, so on every device) or with
    the setting ``daily-safety-item`` (this machine)."""
    from cuelog import settings

    if settings.value(env, "daily-safety-item") == "on":
        return True
    plan = safety_plan(store)
    return bool(plan and plan.daily_item)


def _is_use(entry: Entry) -> bool:
    return entry.kind == "lapse" or (entry.kind == "checkin" and entry.used is True)


def use_days_of(entries: Iterable[Entry], first: date, last: date) -> list[date]:
    """Days with a use event from ``first`` through ``last``: one per lapse (as the
    notices always counted them) and a used check-in's day when no lapse was that day."""
    lapses = [e.at.date() for e in entries if e.kind == "lapse" and first <= e.at.date() <= last]
    checkins = {e.day for e in entries if e.kind == "checkin" and e.used is True and e.day and first <= e.day <= last}
    return sorted(lapses + sorted(checkins - set(lapses)))


def disclosure_moment(entry: Entry) -> datetime | None:
    """When ``entry`` said something about self-harm (its last change), or None."""
    from cuelog import safety
    from cuelog.analysis.safety_plan import safety_item_of

    item = safety_item_of(entry.extra) if entry.kind == "checkin" else None
    if (item and item > 0) or safety.mentions_self_harm(*entry_texts(entry)):
        return entry.edited_at or entry.logged_at
    return None


def recent_disclosure(journal, now: datetime) -> datetime | None:
    """The latest disclosure in the ``DISCLOSURE_HOURS`` before ``now``: a text that speaks
    of self-harm, or the daily item above 0. Derived from the entries, so it syncs."""
    since = now - timedelta(hours=DISCLOSURE_HOURS)
    found = []
    for entry in journal.entries(since - timedelta(days=14), now + timedelta(days=1)):
        moment = disclosure_moment(entry)
        if moment is not None and since <= moment <= now:
            found.append(moment)
    return max(found) if found else None


def own_24_hour_plan(journal, now: datetime) -> dict | None:
    """The 24-hour plan saved with the latest lapse, while a use event (that lapse or a
    used check-in after it) is less than ``OWN_PLAN_HOURS`` old."""
    from cuelog.wording import NEXT_24_HOURS_KEY

    since = now - timedelta(hours=OWN_PLAN_HOURS)
    entries = journal.entries(since - timedelta(days=14), now)
    lapses = [e for e in entries if e.kind == "lapse" and (e.reflection or {}).get(NEXT_24_HOURS_KEY)]
    if not lapses:
        return None
    lapse = max(lapses, key=lambda e: e.at)
    events = [lapse.at] + [
        max(e.logged_at, noon(e.day)) for e in entries if e.kind == "checkin" and e.used and e.day and e.at >= lapse.at
    ]
    if max(events) < since:
        return None
    return {"text": lapse.reflection[NEXT_24_HOURS_KEY], "lapse_id": lapse.id, "at": lapse.at.isoformat()}


def disclosure_document(store: Store | None, env: Mapping[str, str]) -> dict:
    """What follows a disclosure: the crisis lines, the person's own safety plan and
    their people with numbers (what can be read), and the means line."""
    from cuelog import safety
    from cuelog.analysis.safety_plan import people_to_ask

    plan, people = None, []
    if store is not None and store.path.exists():
        from cuelog.errors import CuelogError

        try:
            journal = store.read()
            plan, people = _safety_plan(journal), _support_people(journal)
        except CuelogError:
            pass
    country = safety.country(env)
    return {
        "crisis": safety.crisis_lines(country),
        "plan": plan.as_dict() if plan and plan.is_set else None,
        "people": people_to_ask(plan, people),
    }


def checkin_notices(store: Store, entry: Entry, env: Mapping[str, str]) -> list:
    """A used check-in on or after the quit date is a use event like a lapse: the same
    notices, from the same days; any other check-in gets what its texts call for."""
    from cuelog import safety
    from cuelog.models import current_attempt

    journal = store.read()
    day = entry.day or entry.at.date()
    attempt = current_attempt(journal.attempts(), day)
    named = entry.extra.get("substances")
    if entry.used and named:
        by_substance = notices_by_substance(
            journal, day, context="lapse", env=env, texts=entry_texts(entry), only=list(named)
        )
        if by_substance is not None:
            return by_substance
    if not (entry.used and attempt is not None and day >= attempt.quit_date):
        return text_notices(entry_texts(entry), env)
    return safety.notices(
        substance=attempt.substance,
        quit_date=attempt.quit_date,
        today=day,
        use_events=_recent_use_events(journal, day, quit_date=attempt.quit_date),
        context="lapse",
        texts=entry_texts(entry),
        **_place(env),
    )


def read_limit(
    text: str | None, per_day: float | None, days_per_week: int | None, unit: str | None = None
) -> Limit | None:
    """A cut-down limit from ``--limit TEXT`` or from ``--per-day``/``--days-per-week``
    (not both ways at once); None when none was given."""
    from cuelog.models import check_limit, parse_limit

    if text is not None and (per_day is not None or days_per_week is not None):
        raise InputError("give the limit as --limit TEXT or as --per-day/--days-per-week, not both")
    if text is not None:
        return parse_limit(text)
    if per_day is None and days_per_week is None:
        return None
    if per_day is not None and float(per_day).is_integer():
        per_day = int(per_day)
    return check_limit(per_day, days_per_week, unit, None)


def current_of(store: Store, goal: Goal) -> QuitAttempt:
    """A stop goal as the quit attempt the quit-date notices read."""
    return QuitAttempt(quit_date=goal.quit_date or goal.started, substance=goal.substance, set_at=goal.set_at)
