"""The counsellor report on a hand-made journal: each section's content, the honest period,
tense, rounding, redaction through every format."""

import html
import re
from datetime import date, datetime

import pytest

from cuelog.analysis.prompts import reflection_document
from cuelog.analysis.report import build_report, redact, redaction_parts, report_period
from cuelog.export import render
from cuelog.export.sections import window_sentence
from cuelog.models import Cues, Entry, QuitAttempt


def at(text):
    return datetime.fromisoformat(text).astimezone()


def e(id, kind, when, intensity=None, note=None, **kw):
    cues = Cues.build(kw.pop("cues", {}))
    return Entry(id=id, kind=kind, at=at(when), logged_at=at(when), intensity=intensity, cues=cues, note=note, **kw)


JOURNAL = [
    e("c0000001", "craving", "2026-11-02 20:00", 5, cues={"place": ["bar"], "person": ["Sam"]}, coping=("walk",)),
    e(
        "c0000002",
        "craving",
        "2026-11-09 21:00",
        8,
        "Sam called about the party",
        cues={"place": ["sam's flat"], "person": ["sam", "jo"], "feeling": ["lonely"]},
    ),
    e(
        "l0000001",
        "lapse",
        "2026-11-09 23:30",
        9,
        "At Sam's with Jo",
        cues={"place": ["sam's flat"], "person": ["sam"]},
        reflection={"first-moment": "Sam texted me", "change": "Meet Jo in the park"},
    ),
    e("k0000001", "checkin", "2026-11-02 12:00", 5, day=date(2026, 11, 2), used=False),
    e("k0000002", "checkin", "2026-11-09 12:00", 9, day=date(2026, 11, 9), used=True),
    e("k0000003", "checkin", "2026-11-10 12:00", 3, "quiet day", day=date(2026, 11, 10), used=False),
]
ATTEMPTS = [
    QuitAttempt(date(2026, 10, 1), None, at("2026-10-01 08:00")),
    QuitAttempt(date(2026, 11, 1), "cocaine", at("2026-11-01 08:00")),
]


def report(redact_mode=None, since="2026-11-01 00:00", end=date(2026, 11, 14), **kw):
    kw.setdefault("first_entry_day", date(2026, 11, 2))
    return build_report(
        kw.pop("entries", JOURNAL),
        kw.pop("attempts", ATTEMPTS),
        end=end,
        since=at(since) if since else None,
        until=None,
        redact_parts=redaction_parts(redact_mode),
        generated_at=kw.pop("generated_at", at("2026-11-14 18:00")),
        **kw,
    )


def test_period_and_completeness():
    r = report()
    assert r["period"] == {
        "start": "2026-11-01",
        "end": "2026-11-14",
        "days": 14,
        "days_with_checkin": 3,
        "completeness": 0.214,
        "completeness_percent": 21,
        "asked_start": "2026-11-01",
        "journal_start": "2026-10-01",  # the first quit date comes before the first entry
        "note": None,
        # From check-ins: 2 and 10 Nov without use, 9 Nov with use (a check-in said so, and a lapse).
        "days_without_use": {
            "days": 14,
            "without_use": 2,
            "with_use": 1,
            "no_data": 11,
            "from": "2026-11-01",
            "from_quit_date": True,
        },
    }
    assert r["format_version"] == 1
    assert [a["quit_date"] for a in r["attempts"]] == ["2026-10-01", "2026-11-01"]
    assert r["status"]["quit_date"] == "2026-11-01" and r["status"]["lapses_since_quit"] == 1


# -- the honest period ------------------------------------------------------------------------------
ONE_ATTEMPT = [QuitAttempt(date(2026, 11, 2), "cocaine", at("2026-11-02 08:00"))]


def test_the_period_starts_when_the_journal_does_and_says_so():
    r = report(
        since="2026-09-27 15:00", end=date(2026, 11, 22), attempts=ONE_ATTEMPT, generated_at=at("2026-11-22 20:00")
    )
    period = r["period"]
    assert period["start"] == "2026-11-02" and period["days"] == 21
    assert period["note"] == (
        "Asked for 8 weeks (from Sun 27 Sep 2026); the journal starts on Mon 2 Nov 2026, so the report starts there."
    )
    assert period["days_with_checkin"] == 3 and period["completeness_percent"] == 14  # 3 of 21, not 3 of 57
    assert r["weekly"][0]["week_start"] == "2026-11-02"  # no empty weeks before the journal began
    assert r["calendar"][0]["date"] == "2026-11-02"
    text = render(r, "markdown")
    assert "Asked for 8 weeks (from Sun 27 Sep 2026); the journal starts on Mon 2 Nov 2026" in text
    assert "Check-ins on 3 of the 21 days since the journal started (14%)." in text


def test_a_quit_date_before_the_first_entry_starts_the_journal():
    period = report_period(end=date(2026, 11, 22), since=None, first_entry_day=date(2026, 11, 9), attempts=ONE_ATTEMPT)
    assert period["start"] == date(2026, 11, 2) and period["note"] is None


def test_asked_inside_the_journal_is_what_was_asked():
    period = report_period(
        end=date(2026, 11, 22), since=at("2026-11-15 00:00"), first_entry_day=date(2026, 11, 2), attempts=[]
    )
    assert period == {
        "start": date(2026, 11, 15),
        "asked_start": date(2026, 11, 15),
        "journal_start": date(2026, 11, 2),
        "note": None,
    }


def test_an_empty_journal_has_a_one_day_period():
    period = report_period(end=date(2026, 11, 22), since=at("2026-09-27 00:00"), first_entry_day=None, attempts=[])
    assert period["start"] == date(2026, 11, 22)
    assert period["note"] == "The journal has no entries and no quit date yet."
    r = report(since="2026-09-27 00:00", end=date(2026, 11, 22), entries=[], attempts=[], first_entry_day=None)
    assert r["period"]["days"] == 1 and r["weekly"][0]["cravings"] == 0
    for fmt in ("markdown", "html", "json", "csv"):
        assert render(r, fmt)


def test_callers_that_do_not_pass_first_entry_day_keep_their_start():
    r = build_report(
        JOURNAL,
        ATTEMPTS,
        start=date(2026, 11, 1),
        end=date(2026, 11, 14),
        since=None,
        until=None,
        redact_parts=set(),
        generated_at=at("2026-11-14 18:00"),
    )
    assert r["period"]["start"] == "2026-11-01" and r["period"]["days"] == 14


# -- sections --------------------------------------------------------------------------------------
def test_calendar_states():
    states = {c["date"]: c["state"] for c in report()["calendar"]}
    assert states["2026-11-02"] == "no use"
    assert states["2026-11-09"] == "used"
    assert states["2026-11-10"] == "no use"
    assert states["2026-11-05"] == "no data"
    assert len(states) == 14


def test_weekly_trend():
    weeks = {w["week_start"]: w for w in report()["weekly"]}
    assert weeks["2026-11-02"] == {
        "week_start": "2026-11-02",
        "first_day": "2026-11-02",
        "last_day": "2026-11-08",
        "days": 7,
        "in_progress": False,
        "cravings": 1,
        "median_intensity": 5,
        "peak_intensity": 5,
        "lapses": 0,
    }
    assert weeks["2026-11-09"]["lapses"] == 1 and weeks["2026-11-09"]["peak_intensity"] == 8
    assert weeks["2026-10-26"]["first_day"] == "2026-11-01" and weeks["2026-10-26"]["days"] == 1
    assert weeks["2026-11-09"]["in_progress"] is True  # it holds today, Sat 14 Nov
    text = render(report(), "markdown")
    assert "| Mon 26 Oct 2026 (from Sun 1 Nov) " in text and "| Mon 9 Nov 2026 (in progress) " in text


def test_cues_lapses_and_coping():
    r = report()
    top = {(i["dimension"], i["value"]): i for i in r["top_cues"]}
    assert top[("place", "sam's flat")]["lapses"] == 1 and top[("place", "sam's flat")]["followed_by_lapse"] == 1
    assert r["lapse_cues"][0]["value"] in ("sam", "sam's flat")
    assert r["coping"] == [{"coping": "walk", "used": 1, "passed_without_lapse": 1, "pending": 0}]
    [lapse] = r["lapses"]
    assert lapse["note"] == "At Sam's with Jo"
    assert [qa["answer"] for qa in lapse["reflection"]] == ["Sam texted me", "Meet Jo in the park"]
    assert r["heatmap"]["mon"]["evening"] == 2 and r["heatmap"]["mon"]["night"] == 1


def test_means_round_half_away_from_zero_everywhere():
    cravings = [
        e(f"c000010{i}", "craving", f"2026-11-0{i + 2} 20:00", n, cues={"place": ["bar"]})
        for i, n in enumerate([8, 8, 8, 9])
    ]
    r = report(entries=cravings, attempts=[], since=None)
    [bar] = r["top_cues"]
    assert bar["mean_intensity"] == 8.3  # 8.25; round() would say 8.2
    r = report(entries=cravings, attempts=[QuitAttempt(date(2026, 10, 30), None, at("2026-10-30 08:00"))], since=None)
    week1 = r["extinction_burst"]["phases"][0]
    assert week1["mean_intensity"] == 8.3 and week1["mean_daily_peak"] == 8.3


def test_the_time_question_names_its_hours():
    lapse = e(
        "l0000002",
        "lapse",
        "2026-11-09 23:30",
        9,
        cues={"place": ["bar"]},
        reflection={"time": "Usually home by then"},
    )
    [item] = report(entries=[lapse])["lapses"]
    prompts = [qa["prompt"] for qa in item["reflection"]]
    assert any("night (22:00–04:59)" in p for p in prompts), prompts
    assert all(p.count("22:00–04:59") == 1 for p in prompts), prompts  # the report once added them again


@pytest.mark.parametrize(
    "answers",
    [
        {"time": "Usually home by then"},
        {"cues": "The bar, mostly", "first-moment": "Payday"},
        {"first-moment": "Payday", "change": "Go home first", "next-24-hours": "Gym"},
        {"first-moment": "", "change": "Go home first"},
        {},
    ],
)
def test_the_report_asks_each_answered_question_as_reflect_does(answers):
    """The report shows each answered question word for word as ``cuelog reflect`` asked it, in its order."""
    lapse = e("l0000003", "lapse", "2026-11-13 19:30", 7, cues={"place": ["The Bar"]}, reflection=answers)
    [item] = report(entries=[lapse])["lapses"]
    asked = reflection_document(lapse)["questions"]
    assert item["reflection"] == [{"prompt": q["prompt"], "answer": q["answer"]} for q in asked if q["answer"]]


def test_nothing_left_out_is_said():
    assert "Nothing was left out" in report()["excluded"]


def test_redact_people_consistently():
    entries = redact(JOURNAL, {"people"})
    assert entries[0].cues.person == ("person 1",)
    assert entries[1].cues.person == ("person 1", "person 2")
    assert entries[1].cues.place == ("person 1's flat",)
    assert entries[1].note == "Person 1 called about the party"
    assert entries[2].reflection["change"] == "Meet person 2 in the park"


def test_redact_notes():
    entries = redact(JOURNAL, {"notes"})
    assert all(x.note is None for x in entries)
    assert entries[2].reflection == {}
    assert entries[1].cues.person == ("sam", "jo")


SECRETS = {"notes": ["party", "quiet day", "texted", "park"], "people": ["sam", "jo"], "relations": []}


@pytest.mark.parametrize("mode", ["notes", "people", "all", "relations"])
@pytest.mark.parametrize("fmt", ["markdown", "json", "csv", "html"])
def test_redacted_strings_appear_in_no_format(mode, fmt):
    text = render(report(mode), fmt).lower()
    for part in redaction_parts(mode):
        for secret in SECRETS[part]:
            assert not re.search(rf"\b{secret}\b", text), (mode, fmt, secret)
    assert "at the author's choice" in html.unescape(text) or fmt == "csv"  # the report says what is missing


def test_all_also_replaces_relationship_words():
    entries = [e("c0000009", "craving", "2026-11-03 20:00", 4, "rang my sister", cues={"person": ["my sister"]})]
    r = report("all", entries=entries)
    [item] = r["top_cues"]
    assert item["value"] == "my relation 1"
    assert "relation 1" in r["excluded"]


def test_support_people_in_the_report():
    support = [
        {
            "id": "s1",
            "name": "Jo",
            "phone": "07700 900123",
            "note": "call after 6",
            "created_at": "2026-11-01T10:00:00+01:00",
        }
    ]
    r = report(support=support)
    assert r["support"] == support
    assert "- Jo, 07700 900123: call after 6" in render(r, "markdown")
    r = report("people", support=support)
    assert r["support"] == [
        {
            "id": "s1",
            "name": "person 2",
            "phone": None,
            "note": "call after 6",
            "created_at": "2026-11-01T10:00:00+01:00",
        }
    ]
    assert "phone numbers were left out" in r["excluded"]
    assert report()["support"] is None and "Support people" not in render(report(), "markdown")


# -- tense ---------------------------------------------------------------------------------------------
def test_a_window_still_running_says_runs_in_progress():
    r = report()  # today is Sat 14 Nov; the window runs Sun 8 Nov to Sat 28 Nov
    assert r["extinction_burst"]["state"] == "current"
    sentence = window_sentence(r)
    assert sentence.startswith(
        "Weeks 2–4 after the quit date run Sun 8 Nov – Sat 28 Nov 2026 (in progress: day 7 of 21)."
    )
    assert " ran " not in sentence
    phases = {p["phase"]: p for p in r["extinction_burst"]["phases"]}
    assert phases["weeks 2-4"]["days"] == 7 and phases["weeks 2-4"]["in_progress"]
    assert phases["after"]["days"] == 0
    assert "| Weeks 2–4 (days 7–27, in progress) " in render(r, "markdown")


def test_a_window_that_is_over_says_ran_and_a_future_one_when_it_starts():
    late = report(end=date(2026, 12, 10), generated_at=at("2026-12-10 18:00"))
    assert window_sentence(late).startswith("Weeks 2–4 after the quit date ran Sun 8 Nov – Sat 28 Nov 2026.")
    soon = report(end=date(2026, 11, 4), generated_at=at("2026-11-04 18:00"))
    assert "run Sun 8 Nov – Sat 28 Nov 2026 (they start in 4 days)." in window_sentence(soon)


def test_phase_days_count_only_days_inside_the_period():
    r = report(since="2026-11-10 00:00")
    phases = {p["phase"]: p for p in r["extinction_burst"]["phases"]}
    assert phases["week 1"]["days"] == 0 and phases["weeks 2-4"]["days"] == 5


# -- text in the formats ------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_sections_present(fmt):
    text = render(report(), fmt)
    for heading in (
        "Period and completeness",
        "Daily peak craving",
        "Use calendar",
        "Craving trend by week",
        "Top cues",
        "followed by a lapse",
        "When cravings",
        "Coping",
        "Lapses",
        "Weeks 2–4",
    ):
        assert heading in text, heading
    assert "Sun 1 Nov 2026" in text  # the quit date
    assert "Meet Jo in the park" in text.replace("&#x27;", "'")
    for bucket in ("Morning 05:00–11:59", "Afternoon 12:00–16:59", "Evening 17:00–21:59", "Night 22:00–04:59"):
        assert bucket in text or bucket.split(" ")[1] in text


def test_markdown_starts_with_heading_naming_quit_date():
    text = render(report(), "markdown")
    assert text.startswith("# ") and "quit date Sun 1 Nov 2026" in text.splitlines()[0]


@pytest.mark.parametrize("mode", [None, "notes", "people", "all"])
@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_no_doubled_full_stop(mode, fmt):
    text = html.unescape(render(report(mode), fmt))
    assert "…." not in text and not re.search(r"[^.]\.\.(?!\.)", text)


def test_csv_rows_and_header():
    import csv
    import io

    rows = list(csv.reader(io.StringIO(render(report(), "csv"))))
    assert rows[0][:4] == ["id", "kind", "at", "logged_at"]
    assert {"id", "kind", "at", "intensity"} <= set(rows[0])
    assert len(rows) == 1 + len(JOURNAL)
    header = rows[0]
    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert by_id["c0000002"]["person"] == "sam; jo"
    assert by_id["k0000002"]["used"] == "true"
    assert by_id["c0000002"]["intensity"] == "8"


def test_html_is_self_contained():
    text = render(report(), "html").lower()
    for bad in ("http:", "https:", "//", "<script", "<link", "@import", "url(", "src=", "href="):
        assert bad not in text.replace("<!doctype", ""), bad
    assert text.count("<svg") == 2


def test_amount_coping_and_the_24_hour_plan_reach_the_counsellor():
    """Issue 12.9: the coping tried before a lapse, what and how much on days with use
    (lapses and check-ins, Timeline Followback style), the days without use, and the
    saved plan for the next 24 hours, in every layout."""
    from dataclasses import replace

    from cuelog.analysis import prompts
    from cuelog.export import find_format

    lapse = replace(
        JOURNAL[2],
        coping=("called my sister",),
        amount="3 pints",
        reflection={**JOURNAL[2].reflection, "next-24-hours": "Breakfast with Ana, then the gym"},
    )
    checkin = replace(JOURNAL[4], amount="and 2 vodkas at home")
    entries = [*JOURNAL[:2], lapse, JOURNAL[3], checkin, JOURNAL[5]]
    r = report(entries=entries)
    [item] = r["lapses"]
    assert item["coping"] == ["called my sister"] and item["amount"] == "3 pints"
    assert {"prompt": prompts.NEXT_24_HOURS, "answer": "Breakfast with Ana, then the gym"} in item["reflection"]
    nov9 = next(c for c in r["calendar"] if c["date"] == "2026-11-09")
    assert nov9 == {"date": "2026-11-09", "state": "used", "peak": 9, "amount": "3 pints; and 2 vodkas at home"}
    assert all(c["amount"] is None for c in r["calendar"] if c["date"] != "2026-11-09")
    markdown = find_format("markdown").render(r)
    for text in (
        "Coping tried before: called my sister.",
        "What and how much: 3 pints.",
        "Mon 9 Nov 2026: 3 pints; and 2 vodkas at home",
        "Days without use since the quit date, from check-ins: 2 of 14 days (1 with use, 11 without a check-in).",
        "Breakfast with Ana, then the gym",
    ):
        assert text in markdown, text
    html = find_format("html").render(r)
    assert "Mon 9 Nov 2026: used, 3 pints; and 2 vodkas at home" in html and "Breakfast with Ana" in html
    csv_text = find_format("csv").render(report(entries=entries, with_entries=True))
    assert (
        csv_text.splitlines()[0].endswith(",reflection,amount,substance,amount_number,amount_unit,units")
        and "3 pints" in csv_text
    )
    people = report("people", entries=entries)
    assert people["lapses"][0]["amount"] == "3 pints"  # no name in it: kept as it is
    notes = report("notes", entries=entries)
    assert notes["lapses"][0]["coping"] == ["called my sister"] and notes["lapses"][0]["amount"] == "3 pints"
