"""``cuelog show ID``: one entry whole; and ``list`` pointing to it when it cuts a note."""

import re

import pytest

from tests.cli import journal

LONG_NOTE = journal.newest("craving", with_long_note=True)
LAPSE = journal.newest("lapse")
CHECKIN = journal.newest("checkin")


@pytest.fixture
def filled(run, tmp_path):
    source = tmp_path / "journal.jsonl"
    source.write_text(journal.jsonl(), encoding="utf-8")
    assert run("import", str(source)).code == 0
    return run


def test_show_prints_every_field_of_a_craving(filled, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    r = filled("show", LONG_NOTE["id"][:6])
    assert r.code == 0, r.err
    assert r.out.startswith(f"Craving {LONG_NOTE['intensity']}/10 · Wed 18 Nov 2026 20:29  [{LONG_NOTE['id'][:8]}]")
    assert LONG_NOTE["id"] in r.out  # the whole id, for scripts
    assert "evening (17–22)" in r.out  # the time-of-day bucket with its hours
    assert "The Crown" in r.out and "the crown" not in r.out  # as first typed
    assert "went for a walk" in r.out and "after work" in r.out and "stressed" in r.out
    assert " ".join(LONG_NOTE["note"].split()) in r.text  # the whole note, not a cut one
    assert "logged     Wed 18 Nov 2026" in r.out and "changed    not since it was logged" in r.out


def test_show_gives_a_lapse_its_answers_with_their_questions(filled):
    r = filled("show", LAPSE["id"][:6])
    assert r.code == 0, r.err
    assert "amount     3 drinks" in r.out
    assert "note       Went round to José's after work.\n             Stayed until 2." in r.out
    assert "Reflection · 3 of" in r.out
    assert "What had just happened when you first noticed the pull?\n     ↳ Payday, and José texted" in r.out
    assert "       I said I would only stay 10 minutes." in r.out  # an answer's second line, under the first
    assert f"cuelog reflect {LAPSE['id'][:8]}" in r.out


def test_show_gives_a_checkin_its_date_without_a_time(filled):
    r = filled("show", CHECKIN["id"][:8])
    assert r.code == 0, r.err
    assert r.out.startswith("Check-in ") and "12:00" not in r.out.split("\n  logged")[0]
    used = {True: "used", False: "no use", None: "not said"}[CHECKIN["used"]]
    assert re.search(rf"^  used +{used}$", r.out, re.M) and re.search(r"^  peak craving +\d+/10$", r.out, re.M)


def test_show_json_is_the_entrys_record(filled):
    r = filled("show", LAPSE["id"][:6], "--json")
    assert r.code == 0 and r.err == ""
    record = r.json()
    listed = [e for e in filled("list", "--json").json() if e["id"] == LAPSE["id"]]
    assert record == listed[0]
    assert record["reflection"]["before"].startswith("Two short nights") and record["display"]["josé"] == "José"


def test_show_an_edited_entry_says_when_it_changed(filled):
    assert filled("edit", LONG_NOTE["id"][:6], "--intensity", "3").code == 0
    r = filled("show", LONG_NOTE["id"][:6])
    assert "changed    Sun 22 Nov 2026 15:00" in r.out and "Craving 3/10" in r.out


def test_show_refuses_an_unknown_id(filled):
    r = filled("show", "ffffffff")
    assert r.code == 2 and r.out == "" and r.err.startswith("cuelog: error: ")


def test_list_marks_a_cut_note_and_points_to_show(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    note = "A long evening. " * 20
    assert run("craving", "5", "--place", "home", "--note", note).code == 0
    r = run("list")
    [row] = [line for line in r.out.splitlines() if "home" in line]
    assert row.endswith("…") and len(row) <= 200 and "A long evening. A long evening." in row
    assert "cuelog show ID" in run("list", "--help").text


def test_list_shows_a_checkin_as_one_row_with_its_date(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    assert run("checkin", "--craving", "4", "--no-used", "--date", "2026-11-20").code == 0
    r = run("list")
    [row] = [line for line in r.out.splitlines() if "check-in" in line]
    assert "Fri 20 Nov |" in row and "check-in, no use" in row and "4/10" in row and "12:00" not in row
    assert len(r.out.splitlines()) == 3  # header, rule, one row
