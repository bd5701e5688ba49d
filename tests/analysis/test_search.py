"""The search behind ``list --grep`` and ``--cue``: folding, highlight spans, and the cheap
look at stored records never dropping an entry the full test keeps."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cuelog.analysis.search import matcher
from cuelog.errors import InputError
from cuelog.models import DIMENSIONS, Cues, Entry
from cuelog.text import fold, folded_spans


@pytest.mark.parametrize(
    "text, folded",
    [
        ("José", "jose"),
        ("JOSE", "jose"),
        ("Jose\u0301", "jose"),  # decomposed
        ("Straße", "strasse"),
        ("Überstunden", "uberstunden"),
        ("ﬁne", "fine"),
        ("İstanbul", "istanbul"),
        ("plain words", "plain words"),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(
    "text, needle, spans",
    [
        ("Café first, then the cafe", "cafe", [(0, 4), (21, 25)]),
        ("Cafe\u0301 first", "cafe", [(0, 5)]),  # the accent goes with its letter
        ("Straße", "strasse", [(0, 6)]),
        ("the Straße", "ss", [(8, 9)]),
        ("ﬁne", "fi", [(0, 1)]),
        ("no match", "zebra", []),
        ("aaa", "aa", [(0, 2)]),
    ],
)
def test_folded_spans_point_into_the_text_as_typed(text, needle, spans):
    assert folded_spans(text, needle) == spans


def test_bad_cue_filters_are_refused():
    for spec, said in (("place", "DIMENSION=VALUE"), ("mood=ok", "unknown dimension"), ("place=  ", "needs a value")):
        with pytest.raises(InputError, match=said):
            matcher(None, [spec])
    with pytest.raises(InputError, match="--grep needs"):
        matcher("   ")
    assert matcher(None, []) is None


T0 = datetime(2026, 11, 1, 20, 0, tzinfo=UTC)
letters = st.text(alphabet="aAeéEÉoöÖßsS ﬁi\u0301xY", min_size=1, max_size=10)
values = st.lists(letters.map(lambda s: " ".join(s.split()).lower()).filter(bool), max_size=2)


@st.composite
def entries(draw) -> Entry:
    kind = draw(st.sampled_from(["craving", "lapse"]))
    return Entry(
        id="e" + str(draw(st.integers(1000, 9999))),
        kind=kind,
        at=T0,
        logged_at=T0,
        intensity=5,
        cues=Cues.build({d: draw(values) for d in DIMENSIONS}),
        coping=tuple(v for v in draw(values)),
        note=draw(st.none() | letters),
        amount=draw(st.none() | letters),
        reflection={"before": draw(letters)} if kind == "lapse" else None,
    )


def _texts(entry: Entry) -> list[str]:
    texts = [entry.note or "", *entry.coping, entry.amount or "", *(entry.reflection or {}).values()]
    return texts + [v for d in DIMENSIONS for v in getattr(entry.cues, d)]


@settings(max_examples=300, deadline=None)
@given(entry=entries(), needle=letters, cue=st.none() | st.tuples(st.sampled_from(DIMENSIONS), letters))
def test_the_record_look_keeps_whatever_the_entry_test_keeps(entry, needle, cue):
    if not fold(" ".join(needle.split())):
        return
    cues = [f"{cue[0]}={cue[1]}"] if cue and " ".join(cue[1].split()) else []
    search = matcher(needle, cues)
    kept = search.entry(entry)
    # The entry test is what it says: the folded text in one field, and each cue carried.
    wanted = fold(" ".join(needle.split()))
    expected = any(wanted in fold(t) for t in _texts(entry))
    if cues:
        expected = expected and fold(" ".join(cue[1].split()).lower()) in map(fold, getattr(entry.cues, cue[0]))
    assert kept == expected
    record = json.loads(json.dumps(entry.to_record()))
    assert search.record(record) or not kept


# -- through the store: the same answer as filtering everything -------------------------------------
@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notes=st.lists(st.sampled_from(["Café", "cafe walk", "a walk", "WALK", "tea", None]), min_size=1, max_size=40))
def test_list_grep_gives_what_filtering_every_entry_gives(run, tmp_path_factory, notes):
    folder = tmp_path_factory.mktemp("grep")
    db = str(folder / "cuelog.json")
    records = []
    for i, note in enumerate(notes):
        at = (T0 - timedelta(days=9 * i)).isoformat()  # across several months
        records.append(
            {"id": f"g{i:05d}", "kind": "craving", "at": at, "logged_at": at, "intensity": 4, "cues": {}, "note": note}
        )
    source = folder / "in.json"
    source.write_text(json.dumps(records), encoding="utf-8")
    assert run("--db", db, "import", str(source)).code == 0
    everything = run("--db", db, "list", "--json").json()
    for needle in ("cafe", "walk", "WALK", "é"):
        brute = [e["id"] for e in everything if e["note"] and fold(needle) in fold(e["note"])]
        found = run("--db", db, "list", "--grep", needle, "--json").json()
        assert [e["id"] for e in found] == brute
        three = run("--db", db, "list", "--grep", needle, "--limit", "3", "--json").json()
        assert [e["id"] for e in three] == brute[:3]


# -- the same entry in two months (a move not yet settled between devices) --------------------------
def _record(rev: int, at: str, note: str) -> dict:
    return {
        "id": "moved001",
        "kind": "craving",
        "at": at,
        "logged_at": "2026-10-01T08:00:00+00:00",
        "edited_at": f"2026-11-0{rev}T08:00:00+00:00",
        "intensity": 4,
        "cues": {},
        "coping": [],
        "note": note,
        "rev": rev,
    }


@pytest.mark.parametrize(
    "october, november, expected",
    [
        ((1, "the cafe"), (2, "home"), []),  # the newer version does not match: not found
        ((2, "the cafe"), (1, "home"), ["the cafe"]),
        ((1, "home"), (2, "the cafe"), ["the cafe"]),
        ((2, "home"), (1, "the cafe"), []),
    ],
)
def test_only_the_winning_version_of_a_moved_entry_is_searched(tmp_path, monkeypatch, october, november, expected):
    from cuelog.analysis.search import matcher
    from cuelog.store import Store

    view = Store(tmp_path / "cuelog.json").read()
    months = {
        "2026-10": {"moved001": _record(october[0], "2026-10-12T08:30:00+00:00", october[1])},
        "2026-11": {"moved001": _record(november[0], "2026-11-12T08:30:00+00:00", november[1])},
    }
    monkeypatch.setattr(view, "months", lambda: sorted(months))
    monkeypatch.setattr(view, "month_records", lambda month: months[month])
    search = matcher("cafe")
    # Without a limit: with one, reading stops at the newest month that has enough, as
    # list does without a search (a move settles when its tombstone arrives).
    found = view.entries(where=search.entry, where_record=search.record)
    assert [e.note for e in found] == expected
    assert [e.note for e in view.entries(where=search.entry)] == expected
