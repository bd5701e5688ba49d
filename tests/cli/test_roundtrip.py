"""A JSON export imports back into an empty journal and exports again identically.

This is the README's way to merge two machines, so everything the export carries
(entries of every kind with their reflection answers, support people, plans, quit
dates) must come back. ``generated_at`` is the same because ``CUELOG_NOW`` is pinned.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = 50 if os.environ.get("CI") else 12


def _round_trip(invoke, first: str, second: str, tmp_path) -> tuple[str, str]:
    """Export ``first`` as JSON, import that into the empty ``second``, export it again."""
    one = invoke("--db", first, "export", "--format", "json")
    assert one.code == 0, one.err
    dump = tmp_path / "export.json"
    dump.write_text(one.out, encoding="utf-8")
    imported = invoke("--db", second, "import", str(dump), "--json")
    assert imported.code == 0, imported.err
    two = invoke("--db", second, "export", "--format", "json")
    assert two.code == 0, two.err
    return one.out, two.out


def test_an_export_with_support_people_imports_back_through_the_script(cuelog, db, tmp_path):
    """Failed on main before the fix: the export left out a support person's created_at,
    so the import refused it ("a support person needs 'id', 'name' and 'created_at')."""
    home = str(db)
    for args in (
        ("quit-date", "2026-11-01"),
        ("support", "add", "NA sponsor Mike", "--phone", "0151 234 567", "--note", "any time after 6"),
        ("support", "add", "Ana"),
        ("plan", "add", "--place", "the bar", "text Mike"),
        (
            "craving",
            "6",
            "--place",
            "The Bar",
            "--person",
            "Sam",
            "--coping",
            "called Mike",
            "--note",
            "Mike said wait",
        ),
        ("lapse", "--intensity", "7", "--place", "pub", "--amount", "3 pints", "--note", "after work"),
        ("checkin", "--craving", "3", "--no-used", "--feeling", "calm", "--date", "2026-11-20"),
    ):
        result = cuelog("--db", home, *args, "--quiet")
        assert result.code == 0, (args, result.err)
    one, two = _round_trip(cuelog, home, str(tmp_path / "other" / "cuelog.json"), tmp_path)
    assert one == two
    document = json.loads(two)
    assert [p["name"] for p in document["support"]] == ["NA sponsor Mike", "Ana"]
    assert len(document["entries"]) == 3 and len(document["plans"]) == 1 and len(document["attempts"]) == 1


# -- the property: generated journals -------------------------------------------------------------

OFFSETS = [timezone(timedelta(hours=h)) for h in (1, 0, -5, 5.5)]
words = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "Zs")), min_size=1, max_size=12).filter(
    lambda s: s.strip()
)
free_text = st.one_of(st.none(), st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("C",)), max_size=40))
answers = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("C",)), min_size=1, max_size=30)
moments = st.builds(
    lambda day, minutes, tz: (
        datetime.combine(date(2026, 1, 1) + timedelta(days=day), datetime.min.time(), tz) + timedelta(minutes=minutes)
    ),
    st.integers(0, 320),
    st.integers(0, 24 * 60 - 1),
    st.sampled_from(OFFSETS),
)
cue_lists = st.fixed_dictionaries(
    {d: st.lists(words, max_size=2) for d in ("place", "person", "feeling", "body", "activity", "tag")}
)
ids = st.text(alphabet="0123456789abcdef", min_size=8, max_size=32)
REFLECTION_KEYS = ("first-moment", "before", "promise", "earlier-choice", "cues", "time", "next-24-hours", "old-key")


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


@st.composite
def entry(draw, kind: str) -> dict:
    at = draw(moments)
    record = {
        "id": draw(ids),
        "kind": kind,
        "at": _iso(at),
        "logged_at": _iso(at + timedelta(minutes=draw(st.integers(0, 600)))),
        "intensity": draw(st.one_of(st.none(), st.integers(0, 10))),
        "cues": draw(cue_lists),
        "coping": draw(st.lists(words, max_size=3)),
        "note": draw(free_text),
    }
    if kind == "craving":
        record["minutes"] = draw(st.one_of(st.none(), st.integers(1, 240)))
    if kind == "lapse":
        keys = draw(st.lists(st.sampled_from(REFLECTION_KEYS), unique=True, max_size=4))
        record["reflection"] = {k: draw(answers) for k in keys}
        record["amount"] = draw(st.one_of(st.none(), words))
    if kind == "checkin":
        noon = datetime.combine(at.date(), datetime.min.time(), at.tzinfo) + timedelta(hours=12)
        record.update(at=_iso(noon), date=at.date().isoformat(), used=draw(st.sampled_from([True, False, None])))
        record["logged_at"] = _iso(noon + timedelta(hours=draw(st.integers(0, 11))))
    if kind == "checkin":
        record["amount"] = draw(st.one_of(st.none(), words))
    typed = [
        v
        for values in record["cues"].values()
        for v in values
        if v != v.title() and " ".join(v.split()).title().lower() == " ".join(v.split()).lower()
    ]
    if typed and draw(st.booleans()):  # cues as first typed ("José"), kept beside the normalised ones
        record["display"] = {" ".join(v.split()).lower(): " ".join(v.split()).title() for v in typed[:2]}
        record["cues"] = {d: [v.title() if v in typed[:2] else v for v in vs] for d, vs in record["cues"].items()}
    if draw(st.booleans()):
        record["edited_at"] = _iso(at + timedelta(days=1))
    return record


@st.composite
def journals(draw) -> dict:
    entries = draw(st.lists(st.sampled_from(["craving", "lapse", "checkin"]).flatmap(entry), max_size=12))
    kept, days, seen = [], set(), set()
    for record in entries:  # one check-in a day, ids unique
        if record["id"] in seen or (record["kind"] == "checkin" and record["date"] in days):
            continue
        seen.add(record["id"])
        days.add(record.get("date"))
        kept.append(record)
    support = [
        {"id": draw(ids) + str(i), "name": name, "phone": phone, "note": note, "created_at": _iso(draw(moments))}
        for i, (name, phone, note) in enumerate(
            draw(
                st.lists(
                    st.tuples(
                        st.sampled_from(["NA sponsor Mike", "Ana", "my counsellor Ruth", "Jo Smith", "mum"]) | words,
                        st.none() | st.sampled_from(["0151 234 567", "+44 7700 900123"]),
                        free_text,
                    ),
                    max_size=3,
                )
            )
        )
    ]
    plans = [
        {"id": draw(ids) + f"p{i}", "cues": cues, "then": then, "created_at": _iso(draw(moments))}
        for i, (cues, then) in enumerate(
            draw(st.lists(st.tuples(cue_lists.filter(lambda c: any(c.values())), words), max_size=3))
        )
    ]
    attempts = [
        {"id": draw(ids) + f"a{i}", "quit_date": day.isoformat(), "substance": substance, "set_at": _iso(set_at)}
        for i, (day, substance, set_at) in enumerate(
            draw(
                st.lists(
                    st.tuples(st.dates(date(2025, 6, 1), date(2026, 11, 20)), st.none() | words, moments),
                    max_size=2,
                    unique_by=lambda attempt: attempt[0],  # an attempt's id is its quit date
                )
            )
        )
    ]
    return {"entries": kept, "support": support, "plans": plans, "attempts": attempts}


@pytest.mark.slow
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(journal=journals())
def test_generated_journals_export_import_export_identically(run, tmp_path_factory, journal):
    folder = tmp_path_factory.mktemp("trip")
    first = str(folder / "a" / "cuelog.json")
    source = folder / "journal.json"
    source.write_text(json.dumps(journal), encoding="utf-8")
    made = run("--db", first, "import", str(source), "--json")
    assert made.code == 0, made.err
    one, two = _round_trip(run, first, str(folder / "b" / "cuelog.json"), folder)
    assert one == two
    document = json.loads(two)
    assert len(document["entries"]) == len(journal["entries"])
    assert len(document["support"] or []) == len(journal["support"])
    assert len(document["plans"]) == len(journal["plans"])
    assert len(document["attempts"]) == len(journal["attempts"])
