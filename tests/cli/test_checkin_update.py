"""Issue 27 §3 (finding 5): a second check-in for a day updates the fields it names and
keeps the others, and says so (text and ``--json``), through the installed script."""

from __future__ import annotations


def _rich_checkin(cuelog):
    first = cuelog(
        "checkin",
        "--craving",
        "6",
        "--feeling",
        "tired",
        "--feeling",
        "hopeful",
        "--body",
        "headache",
        "--used",
        "--amount",
        "2 beers",
        "--note",
        "long day",
        "--json",
    )
    assert first.code == 0, first.err
    return first.json()


def test_a_scripted_checkin_keeps_the_fields_it_does_not_name(cuelog):
    first = _rich_checkin(cuelog)
    second = cuelog("checkin", "--craving", "3", "--no-used", "--feeling", "calm", "--json")
    assert second.code == 0, second.err
    doc = second.json()
    assert doc["updated"] is True and doc["id"] == first["id"]
    assert doc["intensity"] == 3 and doc["used"] is False and doc["cues"]["feeling"] == ["calm"]
    assert doc["cues"]["body"] == ["headache"] and doc["note"] == "long day"  # kept
    assert doc["amount"] is None  # not used that day after all: no amount
    previous = doc["previous"]
    assert previous["intensity"] == 6 and previous["cues"]["feeling"] == ["tired", "hopeful"]
    assert previous["used"] is True and previous["amount"] == "2 beers"
    [stored] = cuelog("list", "--kind", "checkin", "--json").json()
    assert stored["cues"]["body"] == ["headache"] and stored["note"] == "long day"
    assert "previous" not in stored and "updated" not in stored


def test_the_text_says_what_changed(cuelog):
    _rich_checkin(cuelog)
    second = cuelog("checkin", "--craving", "3", "--used", "--feeling", "calm")
    assert second.code == 0, second.err
    text = " ".join(second.out.split())
    assert "updated" in text
    assert "craving now 3 (was 6)" in text
    assert "feeling now calm (was tired, hopeful)" in text
    assert "headache" not in text  # unchanged fields are not listed
    same = cuelog("checkin", "--used")
    assert same.code == 0 and "nothing changed" in " ".join(same.out.split())


def test_a_first_checkin_is_not_an_update(cuelog):
    doc = cuelog("checkin", "--no-used", "--json").json()
    assert "updated" not in doc and "previous" not in doc  # the stored entry, as every writing command prints
