"""The month cache is derived data: every reading command says the same with it, without
it, with part of it, and from entries built the old way, on random journals that two
devices wrote, with edits that move entries across months and deletes."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cuelog import history, service
from cuelog.analysis.goals import use_by_substance
from cuelog.analysis.plans import with_plans
from cuelog.analysis.report import build_report
from cuelog.analysis.summary import summarise
from cuelog.models import Cues, Entry, Plan, QuitAttempt, new_id
from cuelog.store import Store
from cuelog.store import cache as month_cache
from cuelog.store.files import dumps, loads

NOW = datetime(2026, 6, 3, 9, 30, tzinfo=timezone(timedelta(hours=2)))
START = datetime(2026, 1, 20, tzinfo=UTC)
SPAN_HOURS = 24 * 130  # to the end of May: cached months, a settled edge and the pending days
OFFSETS = [timezone(timedelta(hours=h)) for h in (0, 1, 2, -5, 13, -11)]
VALUES = {"place": ["bar", "home", "work"], "feeling": ["bored", "lonely"], "tag": ["payday"]}

moments = st.builds(
    lambda hours, minutes, offset: (START + timedelta(hours=hours, minutes=minutes)).astimezone(offset),
    st.integers(0, SPAN_HOURS),
    st.integers(0, 59),
    st.sampled_from(OFFSETS),
)
cues = st.fixed_dictionaries({d: st.lists(st.sampled_from(v), max_size=2, unique=True) for d, v in VALUES.items()})
new_entries = st.builds(
    lambda kind, at, intensity, cue, coping, device: (kind, at, intensity, cue, coping, device),
    st.sampled_from(["craving", "craving", "craving", "lapse", "checkin"]),
    moments,
    st.one_of(st.none(), st.integers(0, 10)),
    cues,
    st.lists(st.sampled_from(["walk", "call"]), max_size=2, unique=True),
    st.integers(0, 1),
)
changes = st.tuples(st.sampled_from(["edit", "move", "delete"]), st.integers(0, 10**6), moments, st.integers(0, 1))


@contextmanager
def environment(**values):
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update({k: v for k, v in values.items() if v is not None})
    for k, v in values.items():
        if v is None:
            os.environ.pop(k, None)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def make_journal(root: Path, adds, edits, plan_times, quit_day) -> list[Store]:
    db = root / "store" / "cuelog.json"
    stores = [Store(db, now=lambda: NOW, state_dir=root / f"device{i}") for i in (0, 1)]
    ids: list[str] = []
    for kind, at, intensity, cue, coping, device in adds:
        if kind == "checkin":
            at = datetime(at.year, at.month, at.day, 12, tzinfo=at.tzinfo)
        entry = Entry(
            id=new_id(),
            kind=kind,
            at=at,
            logged_at=at + timedelta(minutes=3),
            intensity=intensity,
            cues=Cues.build(cue if kind != "checkin" else {"feeling": cue["feeling"]}),
            coping=tuple(coping) if kind == "craving" else (),
            day=at.date() if kind == "checkin" else None,
            used=(intensity or 0) > 6 if kind == "checkin" else None,
            reflection={"first-moment": "after work"} if kind == "lapse" else None,
            note="a note ‮ with – text" if intensity == 3 else None,
        )
        with stores[device].write("adding") as tx:
            tx.add(entry)
        ids.append(entry.id)
    for what, pick, at, device in edits:
        if not ids:
            break
        chosen = ids[pick % len(ids)]
        with stores[device].write("changing") as tx:
            try:
                old = tx.find(chosen)
            except Exception:
                continue
            if what == "delete":
                tx.remove(old)
            elif what == "move" and old.kind != "checkin":
                tx.replace(old, replace(old, at=at, edited_at=NOW - timedelta(days=1)))
            else:
                tx.replace(old, replace(old, intensity=(old.intensity or 0) // 2, edited_at=NOW - timedelta(days=2)))
    with stores[0].write("plans") as tx:
        for i, moment in enumerate(plan_times):
            tx.put_plan(Plan(id=f"plan{i:04d}", cues=Cues.build({"place": ["bar"]}), then="leave", created_at=moment))
        if quit_day is not None:
            tx.add_attempt(QuitAttempt(quit_day, "alcohol", NOW))
    return stores


QUESTIONS = [
    (None, None),
    (datetime(2026, 3, 10, 8, tzinfo=UTC), None),
    (None, datetime(2026, 4, 2, 17, tzinfo=UTC)),
    (datetime(2026, 2, 27, tzinfo=UTC), datetime(2026, 5, 31, 23, tzinfo=UTC)),
]


def outputs(store: Store) -> dict:
    out = {}
    for since, until in QUESTIONS:
        as_of = (until or NOW).date()
        out[("summary", since, until)] = service.summary(store, since=since, until=until, top=5, as_of=as_of)
        for fmt in ("markdown", "json", "csv", "html"):
            text = service.export_text(store, fmt=fmt, since=since, until=until, redact=None, now=NOW)
            out[(fmt, since, until)] = text
    out["outlook"] = service.outlook(store, NOW.date())
    return out


def from_entries(store: Store) -> dict:
    """The same questions answered the old way: every entry built, nothing tallied."""
    journal = store.read()
    plans = journal.plans()
    out = {}
    for since, until in QUESTIONS:
        as_of = (until or NOW).date()
        moment = min(until, NOW) if until else NOW
        entries = journal.entries(since, until)
        doc = summarise(entries, since=since, until=until, as_of=as_of, attempts=journal.attempts(), top=5, now=moment)
        if plans:
            doc["top_cues"] = with_plans(doc["top_cues"], plans, entries, moment)
        out[("summary", since, until)] = doc
        report = build_report(
            sorted(entries, key=history.order_key),
            journal.attempts(),
            end=(until or NOW).date(),
            since=since,
            until=until,
            redact_parts=set(),
            generated_at=NOW,
            first_entry_day=journal.first_day(),
            plans=plans,
            support=journal.support() or None,
            goals=journal.goals(),
            # the parts the service adds from entries, as the export makes them
            counsel=service.counsel_parts(journal, since=since, until=until, now=NOW, since_last=None),
        )
        report["use_by_substance"] = use_by_substance(list(entries), journal.goals())
        spellings = service.cue_spellings(entries)
        service.spell_items([*report.get("top_cues", ()), *report.get("lapse_cues", ())], spellings)
        from cuelog.export import find_format

        for fmt in ("markdown", "json", "csv", "html"):
            out[(fmt, since, until)] = find_format(fmt).render(report)
    out["outlook"] = service.outlook(store, NOW.date())
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    adds=st.lists(new_entries, min_size=1, max_size=40),
    edits=st.lists(changes, max_size=12),
    plan_times=st.lists(moments, max_size=2),
    quit_day=st.one_of(st.none(), st.dates(date(2026, 1, 15), date(2026, 5, 20))),
    drop=st.integers(0, 200),
)
def test_outputs_are_the_same_with_and_without_the_cache(adds, edits, plan_times, quit_day, drop):
    with tempfile.TemporaryDirectory() as tmp, environment(XDG_CACHE_HOME=str(Path(tmp) / "cache"), CUELOG_CACHE=None):
        root = Path(tmp)
        stores = make_journal(root, adds, edits, plan_times, quit_day)
        reader = Store(stores[0].path, now=lambda: NOW, state_dir=root / "device0")
        with environment(CUELOG_CACHE="off"):
            without = outputs(reader)
        assert not month_cache.path(reader).exists()
        cold = outputs(reader)  # builds the cache
        warm = outputs(reader)  # reads it
        assert cold == without and warm == without
        assert from_entries(reader) == without
        # Part of the cache gone, or damaged: the same again.
        kept = month_cache.load(reader)
        if kept:
            gone = sorted(kept)[drop % len(kept)]
            month_cache.save(reader, {m: r for m, r in kept.items() if m != gone})
            for text in (month_cache.folder(reader) / "text").glob(f"{gone}.*"):
                text.write_text("damaged")
            assert outputs(reader) == without
        month_cache.path(reader).parent.mkdir(parents=True, exist_ok=True)
        month_cache.path(reader).write_bytes(b"{not json")
        assert outputs(reader) == without


# -- through the command: encryption, doctor, where the cache lives ------------------------
def _months(run):
    for month, day in (("08", 12), ("09", 3), ("09", 28), ("10", 1), ("10", 20)):
        run("craving", "6", "--place", "zanzibar", "--note", "quokka notes", "--at", f"2026-{month}-{day:02d} 20:00")
    run("lapse", "--place", "bar", "--at", "2026-09-30 22:00", "--quiet")
    run("craving", "4", "--place", "bar", "--at", "2026-11-21 20:00")


def _cache_folder(home):
    [folder] = (home / ".cache" / "cuelog").iterdir()
    return folder


def test_the_cache_lives_in_the_cache_folder_and_only_speeds_up(run, home, monkeypatch):
    _months(run)
    first = run("summary", "--json").out
    folder = _cache_folder(home)
    assert (folder / "months.json").stat().st_mode & 0o777 == 0o600
    assert sorted(loads((folder / "months.json").read_bytes())["months"]) == [
        "2026-08",
        "2026-09",
        "2026-10",
    ]
    assert run("summary", "--json").out == first
    export = run("export", "--format", "csv").out
    assert list((folder / "text").glob("2026-09.*.csv")) and run("export", "--format", "csv").out == export
    monkeypatch.setenv("CUELOG_CACHE", "off")
    assert run("summary", "--json").out == first and run("export", "--format", "csv").out == export


def test_doctor_finds_a_wrong_cache_and_removes_it(run, home):
    _months(run)
    first = run("summary", "--json").json()
    path = _cache_folder(home) / "months.json"
    doc = loads(path.read_bytes())
    doc["months"]["2026-09"]["tally"]["kinds"][0] += 5  # parses, and is wrong
    path.write_bytes(dumps(doc))
    assert run("summary", "--json").json()["totals"]["craving"] == first["totals"]["craving"] + 5
    report = run("doctor", "--json").json()
    assert report["cache"]["wrong"] == ["2026-09"] and any("month cache" in n for n in report["notes"])
    assert not path.exists()
    assert run("summary", "--json").json() == first


def test_an_encrypted_journal_keeps_its_cache_encrypted(run, home, tmp_path):
    from cuelog.store.files import AGE_HEADER

    secret = tmp_path / "pass"
    secret.write_text("correct horse battery\n")
    secret.chmod(0o600)  # a passphrase file others can read is refused
    _months(run)
    run("summary")  # a plain cache, for the plain journal
    plain = _cache_folder(home) / "months.json"
    assert b"zanzibar" in plain.read_bytes()
    assert run("--passphrase-file", str(secret), "encrypt").code == 0
    assert not plain.exists()  # encrypting removes it
    first = run("--passphrase-file", str(secret), "summary", "--json").out
    run("--passphrase-file", str(secret), "export", "--format", "json")
    files = [p for p in _cache_folder(home).rglob("*") if p.is_file()]
    assert files and all(p.read_bytes().startswith(AGE_HEADER) for p in files)
    assert not any(b"zanzibar" in p.read_bytes() or b"quokka" in p.read_bytes() for p in files)
    assert run("--passphrase-file", str(secret), "summary", "--json").out == first
