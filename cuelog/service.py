"""One function per use case. The CLI parses and renders; this builds and stores.

Every input is validated into an ``Entry`` before the store is opened for
writing, so bad input never touches the disk.
"""

from __future__ import annotations

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
    Plan,
    QuitAttempt,
    SupportPerson,
    check_amount,
    check_intensity,
    check_minutes,
    clean_note,
    day_id,
    display_spellings,
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


def _entry(kind: str, now: datetime, at: datetime | None, *, typed: CueLists | None = None, **fields) -> Entry:
    shown = display_spellings(typed or {})
    extra = MappingProxyType({"display": shown}) if shown else MappingProxyType({})
    return Entry(id=new_id(), kind=kind, at=at or now, logged_at=now, extra=extra, **fields)


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
        typed=cues,
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
    coping: Sequence[str] = (),
    amount: str | None = None,
    note: str | None = None,
    at: datetime | None = None,
) -> Entry:
    """A lapse with its situation; ``coping`` is what was tried before it."""
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
    amount: str | None = None,
    note: str | None = None,
    safety_item: int | None = None,
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
        journal.replace(old, new)
    return new


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
    # Newest months first, stopping once enough were found: the latest lapse of ten years
    # of history is in the last month or two, not in all 120.
    found = store.read().entries(
        since,
        until,
        newest_first_limit=limit or None,
        kind=kind,
        where=search.entry if search else None,
        where_record=search.record if search else None,
    )
    newest = list(reversed(found))
    return newest[:limit] if limit else newest


def set_quit_date(store: Store, now: datetime, day: date, substance: str | None) -> tuple[QuitAttempt, bool]:
    """Start an attempt on ``day``. Without ``substance`` (None) it keeps the current
    attempt's, and says so (the second value); ``--substance ''`` clears it."""
    from cuelog.models import current_attempt

    chosen = normalise_value(substance, "--substance") or None if substance else None
    with store.write(f"the quit date {day.isoformat()}") as journal:
        kept = False
        if substance is None:
            current = current_attempt(journal.attempts(), day)
            if current is not None and current.substance:
                chosen, kept = current.substance, True
        attempt = QuitAttempt(quit_date=day, substance=chosen, set_at=now)
        journal.add_attempt(attempt)
    return attempt, kept


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
    notices = safety.notices(
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
    if entries is not None and attempt is not None:
        doc["use_days_since_quit"] = len(set(use_days_of(entries, attempt.quit_date, as_of)))
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


def lapse_notices(store: Store, entry: Entry, env: Mapping[str, str]) -> list:
    """The safety notices right after logging ``entry``, most urgent first: crisis and
    emergency lines its texts call for, then overdose, withdrawal and several-lapses
    notices from the attempt's substance and the lapses of the two weeks before it."""
    from cuelog import safety
    from cuelog.models import current_attempt

    journal = store.read()
    day = entry.at.date()
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


def summary(store: Store, *, since: datetime | None, until: datetime | None, top: int, as_of: date) -> dict:
    """The summary document; cravings younger than a day at the as-of time (``until``, else
    now) are too recent to tell. An all-time summary adds up month tallies (``cuelog.history``)."""
    from cuelog.analysis.plans import with_plans
    from cuelog.analysis.summary import summary_document
    from cuelog.history import journal_stats

    if since and until and since > until:
        raise InputError(errors.SINCE_AFTER_UNTIL)
    if top < 0:
        raise InputError(errors.TOP_NEGATIVE)
    journal = store.read()
    plans = journal.plans()
    moment = min(until, store.now()) if until is not None else store.now()
    stats = journal_stats(journal, since=since, until=until, as_of=moment, cut_points=[p.created_at for p in plans])
    doc = summary_document(stats.tally, since=since, until=until, as_of=as_of, attempts=journal.attempts(), top=top)
    if plans:
        doc["top_cues"] = with_plans(doc["top_cues"], plans, stats.raw, moment, count=stats.counter())
    return doc


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
        journal.replace(old, new)
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
    for key, word in (("attempts", "quit date"), ("plans", "plan"), ("support", "support person")):
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
    )
    if "safety-plan" in include:
        plan = _safety_plan(journal)
        common["safety_plan"] = plan.as_dict() if plan is not None else {"set": False, "steps": {}, "reasons": []}
    if parts:  # redaction changes the entries themselves: build them
        entries = sorted(journal.entries(since, until), key=order_key)
        return build_report(entries, journal.attempts(), **common)
    stats = journal_stats(journal, since=since, until=until, as_of=moment)
    records = Records(journal, stats, since, until)
    if not with_analysis:
        return {"entries": records}
    return build_report([], journal.attempts(), tally=stats.tally, records=records, **common)


def export_text(
    store: Store, *, fmt: str | None, output: str | None = None, since, until, redact, now: datetime, include=()
) -> str:
    """The report rendered in the format asked for (or the one ``output``'s extension names)."""
    pieces = export_pieces(
        store, fmt=fmt, output=output, since=since, until=until, redact=redact, now=now, include=include
    )
    return "".join(pieces)


def export_pieces(
    store: Store, *, fmt: str | None, output: str | None = None, since, until, redact, now: datetime, include=()
) -> Iterable[str]:
    """:func:`export_text` in pieces, to write out one after another: the JSON and CSV of a
    long journal are tens of megabytes, and need not be held whole."""
    from cuelog.export import find_format

    chosen = find_format(fmt, output)
    report = export_report(
        store,
        since=since,
        until=until,
        redact=redact,
        now=now,
        with_entries=chosen.needs_entries,
        with_analysis=chosen.needs_analysis,
        include=include,
    )
    return chosen.chunks(report)


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


def outlook(store: Store, today: date) -> dict:
    from cuelog.analysis.plans import OUTLOOK_DAYS
    from cuelog.analysis.plans import outlook as build

    journal = store.read()
    since = start_of_day(today - timedelta(days=OUTLOOK_DAYS))
    return build(journal.entries(since, end_of_day(today)), journal.plans(), today)


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


def safety_item_asked(store: Store) -> bool:
    """Whether the person turned the daily safety question on."""
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
