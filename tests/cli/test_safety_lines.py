"""The right lines for each class of substance, and the lines for each place, through
the installed script (stdin closed, no terminal): opioids, stimulants, sedatives
(street "bars", "xans", "street xanax", sleeping pills), alcohol, and behaviours,
which get no drug lines at all; how long the opioid lines stay in ``status``; use
reported in a check-in; crisis and emergency lines from ``CUELOG_COUNTRY`` and from
the locale, and the sentence that says the place was guessed.

The whole table of places runs in-process (``run``) for breadth."""

from __future__ import annotations

import json

import pytest

from cuelog.wording.places import CRISIS_LINE_TABLE, EMERGENCY_ONLY

CRISIS_NOTE = "I don't want to be here anymore"
US = {"CUELOG_COUNTRY": "US", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}

OPIOID_LINES = (
    "If you use again",
    "not alone",
    "naloxone near you",
    "Alcohol, benzodiazepines or other sedatives on top can slow breathing further",
    "Methadone or buprenorphine treatment can lower the risk of dying",
    "a doctor or a drug service",
    # what to do in an overdose, always, with the number
    "cannot be woken, slow or stopped breathing, blue or grey lips, pinpoint pupils, gurgling",
    "call local emergency services (911) now",
    "rescue breaths",
    "recovery position",
    "naloxone can wear off before the opioid does, and a second dose may be needed",
)
STIMULANT_LINE = "stimulants bought on the street can contain fentanyl"
PILLS_LINE = "pills bought outside a pharmacy"
MIXING_LINE = "Sedatives with alcohol or opioids can slow breathing more"
RETURNING = "withdrawal can come back"
STOPPING = "can cause dangerous withdrawal"
DRUG_WORDS = ("naloxone", "overdose", "fentanyl", "tolerance", "withdrawal", "breathing")


def said(result) -> str:
    return " ".join((result.out + "\n" + result.err).split())


@pytest.fixture(autouse=True)
def no_place(monkeypatch):
    for name in ("CUELOG_COUNTRY", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


# -- each class ---------------------------------------------------------------------
def test_opioids_after_a_lapse_every_line_and_never_if_you_use(cuelog):
    cuelog("quit-date", "2026-11-01", "--substance", "heroin", env=US)
    r = cuelog("lapse", "--at", "2026-11-20 22:00", env=US)
    text = said(r)
    assert r.code == 0
    for line in OPIOID_LINES:
        assert line in text, line
    assert "If you use," not in text and "don't use alone" not in text
    # under --json the same lines, on stderr, stdout one document
    r = cuelog("lapse", "--at", "2026-11-21 22:00", "--json", env=US)
    json.loads(r.out)
    for line in OPIOID_LINES:
        assert line in " ".join(r.err.split()), line


@pytest.mark.parametrize(
    "on, shown",
    [("2026-11-20", True), ("2026-12-04", True), ("2026-12-18", True), ("2026-12-19", False)],
    ids=["day 0", "day 14", "day 28", "day 29"],
)
def test_the_opioid_lines_stay_in_status_for_28_days_after_a_use(cuelog, on, shown):
    cuelog("quit-date", "2026-11-01", "--substance", "heroin")
    cuelog("lapse", "--at", "2026-11-20 22:00")
    r = cuelog("status", "--on", on, env=US)
    assert ("If you use again" in said(r)) is shown
    assert ("pinpoint pupils" in said(r)) is shown
    doc = json.loads(cuelog("status", "--on", on, "--json", env=US).out)
    assert ("overdose" in [n["key"] for n in doc["notices"]]) is shown


def test_stimulants_fentanyl_in_the_supply_not_tolerance(cuelog):
    cuelog("quit-date", "2026-11-01", "--substance", "crack")
    text = said(cuelog("lapse", "--at", "2026-11-20 22:00", env=US))
    assert STIMULANT_LINE in text and "often without the seller or the buyer knowing" in text
    assert "tolerance" not in text and "Methadone" not in text
    assert STIMULANT_LINE in said(cuelog("status", "--on", "2026-12-04"))  # 14 days
    assert STIMULANT_LINE not in said(cuelog("status", "--on", "2026-12-05"))


@pytest.mark.parametrize("substance", ["bars", "xans", "street xanax", "benzos", "sleeping pills"])
def test_sedatives_counterfeit_pills_mixing_and_withdrawal(cuelog, substance):
    set_it = said(cuelog("quit-date", "2026-11-20", "--substance", substance))
    assert STOPPING in set_it and "even at a prescribed dose" in set_it  # a sedative: withdrawal
    text = said(cuelog("lapse", "--at", "2026-11-21 22:00", env=US))
    assert PILLS_LINE in text and "can contain fentanyl or other strong sedatives" in text
    assert MIXING_LINE in text and RETURNING in text
    assert "tolerance to opioids" not in text  # "sleeping pills" is a sedative, not an opioid


def test_sleeping_pills_are_named_as_sedatives(cuelog):
    text = said(cuelog("quit-date", "2026-11-20", "--substance", "sleeping pills"))
    assert "after taking sleeping pills or other sedatives daily" in text
    assert "If you use again" not in text


def test_blues_get_both_the_opioid_and_the_sedative_lines(cuelog):
    cuelog("quit-date", "2026-11-01", "--substance", "blues")
    text = said(cuelog("lapse", "--at", "2026-11-20 22:00", env=US))
    assert "If you use again" in text and PILLS_LINE in text


def test_alcohol_a_short_course_of_medicine_and_the_signs_of_days_0_to_5(cuelog):
    text = said(cuelog("quit-date", "2026-11-20", "--substance", "alcohol", env=US))
    assert "usually with a short course of medicine, at home or in a service" in text
    assert "rather than by cutting down on your own" in text and "step by step" not in text
    for sign in ("6–12 hours", "days 1–3", "within the first 2 days", "is an emergency: call local emergency"):
        assert sign in text, sign
    assert "6–12 hours" in said(cuelog("status", "--on", "2026-11-25"))  # day 5
    day6 = said(cuelog("status", "--on", "2026-11-26"))
    assert "6–12 hours" not in day6 and STOPPING in day6
    lapse = said(cuelog("lapse", "--at", "2026-11-21 21:00", "--place", "pub"))
    assert RETURNING in lapse and "naloxone" not in lapse and "fentanyl" not in lapse


@pytest.mark.parametrize("substance", ["gambling", "betting", "online slots", "gaming", None])
def test_a_gambling_lapse_at_the_bookies_gets_no_drug_lines(cuelog, substance):
    if substance:
        cuelog("quit-date", "2026-11-01", "--substance", substance)
    else:
        cuelog("quit-date", "2026-11-01")
    r = cuelog("lapse", "--at", "2026-11-20 22:00", "--place", "bookies", "--amount", "£200", env=US)
    text = said(r).lower()
    assert r.code == 0 and "lapse noted" in text
    for word in DRUG_WORDS:
        assert word not in text, word
    assert not any(w in said(cuelog("status")).lower() for w in DRUG_WORDS)
    # the crisis check still applies
    r = cuelog("lapse", "--at", "2026-11-20 23:00", "--place", "bookies", "--note", CRISIS_NOTE, env=US)
    assert "call or text 988" in said(r)


# -- use from a check-in ----------------------------------------------------------------
@pytest.mark.parametrize(
    "substance, amount, expected, absent",
    [
        ("heroin", "2 bags", ["If you use again", "pinpoint pupils"], []),
        (None, "3 blues", ["If you use again", PILLS_LINE], []),
        (None, "bottle of vodka", [RETURNING], ["If you use again", "naloxone"]),
        ("cocaine", "a gram", [STIMULANT_LINE], ["tolerance", "pinpoint pupils"]),
    ],
)
def test_use_in_a_check_in_brings_the_lines_to_status(cuelog, substance, amount, expected, absent):
    cuelog("quit-date", "2026-11-01", *(["--substance", substance] if substance else []))
    cuelog("checkin", "--craving", "9", "--used", "--amount", amount, "--date", "2026-11-21")
    text = said(cuelog("status", env=US))
    for line in expected:
        assert line in text, line
    for line in absent:
        assert line not in text, line


# -- places -------------------------------------------------------------------------
@pytest.mark.parametrize("line", CRISIS_LINE_TABLE, ids=lambda line: line.country)
def test_every_place_in_the_table_from_cuelog_country(run, monkeypatch, line):
    monkeypatch.setenv("CUELOG_COUNTRY", line.country.lower())
    text = said(run("craving", "6", "--note", CRISIS_NOTE))
    assert line.numbers[0] in text and f"local emergency services ({line.emergency})" in text
    assert "guessed" not in text and "findahelpline" not in text
    doc = run("help-now", "--json").json()
    assert line.numbers[0] in doc["crisis"]["lines"][0] and doc["crisis"]["place"] is None


def test_every_line_in_the_table_says_where_and_when_it_was_checked():
    assert len(CRISIS_LINE_TABLE) >= 25
    assert len({line.country for line in CRISIS_LINE_TABLE}) == len(CRISIS_LINE_TABLE)
    for line in CRISIS_LINE_TABLE:
        assert line.source.startswith(("https://", "http://")) and line.checked == "2026-12-08", line
        assert line.numbers and all(n.replace(" ", "").isdigit() for n in line.numbers), line
        assert line.how in ("call", "call or text") and line.emergency


@pytest.mark.parametrize(
    "env, expected, place",
    [
        ({"CUELOG_COUNTRY": "DE"}, "TelefonSeelsorge on 0800 111 0 111 or 0800 111 0 222", None),
        ({"CUELOG_COUNTRY": "fr"}, "call 3114", None),
        ({"LANG": "de_DE.UTF-8"}, "TelefonSeelsorge on 0800 111 0 111", "Numbers for Germany, guessed from your"),
        ({"LANG": "hi_IN.UTF-8"}, "Tele-MANAS on 14416", "Numbers for India, guessed from your locale"),
        ({"LANG": "pt_BR.UTF-8"}, "call CVV on 188", "Numbers for Brazil, guessed from your locale"),
        ({"LANG": "en_US.UTF-8"}, "call or text 988", "Numbers for the US, guessed from your locale"),
        ({"LANG": "en_US.UTF-8", "CUELOG_COUNTRY": "ZA"}, "SADAG Suicide Crisis Helpline on 0800 567 567", None),
        ({"LANG": "cs_CZ.UTF-8"}, "findahelpline.com", "Numbers for Czechia, guessed from your locale"),
        ({"LANG": "C.UTF-8"}, "findahelpline.com", "set CUELOG_COUNTRY to your two-letter country code"),
        ({"LANG": "en"}, "findahelpline.com", "set CUELOG_COUNTRY to your two-letter country code"),
    ],
)
def test_lines_from_cuelog_country_and_from_the_locale(cuelog, env, expected, place):
    env = {"CUELOG_COUNTRY": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "", **env}
    for args in (["help-now"], ["craving", "6", "--note", CRISIS_NOTE]):
        r = cuelog(*args, env=env)
        text = said(r)
        assert r.code == 0 and expected in text, (args, text)
        if place:
            assert text.count(place) == 1, (args, text)  # once, in the crisis block
            assert "CUELOG_COUNTRY" in text
        else:
            assert "guessed" not in text and "set CUELOG_COUNTRY" not in text
    r = cuelog("craving", "6", "--note", CRISIS_NOTE, "--json", env=env)
    assert expected in " ".join(r.err.split()) and json.loads(r.out)["intensity"] == 6


def test_an_eu_country_without_a_checked_line_keeps_its_emergency_number(cuelog):
    env = {"CUELOG_COUNTRY": "GR", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}
    text = said(cuelog("help-now", env=env))
    assert "findahelpline.com" in text and "local emergency services (112)" in text
    assert set(EMERGENCY_ONLY) & {line.country for line in CRISIS_LINE_TABLE} == set()


def test_a_guessed_place_is_said_once_with_the_overdose_lines_too(cuelog):
    env = {"CUELOG_COUNTRY": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "en_US.UTF-8"}
    cuelog("quit-date", "2026-11-01", "--substance", "heroin", env=env)
    text = said(cuelog("lapse", "--at", "2026-11-20 22:00", env=env))
    assert "call local emergency services (911) now" in text
    assert text.count("Numbers for the US, guessed from your locale") == 1
    text = said(cuelog("lapse", "--at", "2026-11-21 22:00", "--note", CRISIS_NOTE, env=env))
    assert "call or text 988" in text and text.count("guessed from your locale") == 1
    chosen = said(cuelog("lapse", "--at", "2026-11-21 23:00", env={**env, "CUELOG_COUNTRY": "US"}))
    assert "guessed" not in chosen and "(911)" in chosen
