"""The counsellor's report opens with a Safety section: crisis and overdose mentions and
check-ins with use, with their dates and the person's own words (left out with
``--redact notes``, the dates and kinds kept), the daily safety question's answers where
a check-in keeps them; and how check-ins felt. Through the installed script for Markdown,
JSON and HTML (the HTML read back by headless Chromium, as the browser tests do); the
section's pieces in-process."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from cuelog.analysis.report import safety_events
from cuelog.export.model import plain

OVERDOSE_NOTE = "the ambulance came after I took too much"
CRISIS_NOTE = "everyone would be better off without me"


@pytest.fixture
def journal(cuelog):
    steps = [
        ("quit-date", "2026-11-01", "--substance", "heroin"),
        ("lapse", "--at", "2026-11-05 22:00", "--place", "sam's flat", "--note", OVERDOSE_NOTE),
        ("craving", "6", "--at", "2026-11-08 23:00", "--note", CRISIS_NOTE),
        ("checkin", "--craving", "8", "--feeling", "hopeless", "--feeling", "tired", "--used", "--amount", "2 bags",
         "--date", "2026-11-06"),
        ("checkin", "--craving", "3", "--feeling", "calm", "--feeling", "hopeless", "--no-used",
         "--date", "2026-11-07"),
        ("craving", "4", "--at", "2026-11-09 18:00", "--note", "walked it off"),
    ]  # fmt: skip
    for step in steps:
        r = cuelog(*step)
        assert r.code == 0, (step, r.err)
    return cuelog


def headings(markdown: str) -> list[str]:
    return [line[3:] for line in markdown.splitlines() if line.startswith("## ")]


def section(markdown: str, heading: str) -> str:
    return markdown.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_markdown_opens_with_the_safety_section_dates_kinds_and_words(journal):
    r = journal("export", "--format", "md")
    assert r.code == 0, r.err
    # the person's own first page (their agenda, what changed since the last report), then Safety
    assert headings(r.out)[:3] == ["What I want to talk about", "Safety", "Period and completeness"]
    safety = section(r.out, "Safety")
    lines = [line for line in safety.splitlines() if line.startswith("- ")]
    assert lines == [
        f"- Thu 5 Nov 2026: **mentioned an overdose** in a lapse: “{OVERDOSE_NOTE}”",
        # "hopeless" is a warning sign (hopelessness) for the crisis check, so it is listed too
        "- Fri 6 Nov 2026: **mentioned self-harm or suicide** in a check-in: “hopeless”",
        "- Fri 6 Nov 2026: **use reported in a check-in**: “2 bags”",
        "- Sat 7 Nov 2026: **mentioned self-harm or suicide** in a check-in: “hopeless”",
        f"- Sun 8 Nov 2026: **mentioned self-harm or suicide** in a craving entry: “{CRISIS_NOTE}”",
    ]
    assert "walked it off" not in safety
    # the check-in feelings are in the report, "hopeless" among them
    felt = section(r.out, "How check-ins felt")
    assert "- hopeless: 2 days (Fri 6 Nov, Sat 7 Nov)" in felt and "- calm: 1 day (Sat 7 Nov)" in felt


def test_redacting_notes_keeps_the_dates_and_kinds_not_the_words(journal):
    r = journal("export", "--format", "md", "--redact", "notes")
    assert r.code == 0, r.err
    safety = section(r.out, "Safety")
    assert "Thu 5 Nov 2026: **mentioned an overdose** in a lapse: (words left out)" in safety
    assert "Sun 8 Nov 2026: **mentioned self-harm or suicide** in a craving entry: (words left out)" in safety
    assert OVERDOSE_NOTE not in r.out and CRISIS_NOTE not in r.out
    assert "Fri 6 Nov 2026: **use reported in a check-in**" in safety  # the amount stays, as in the calendar


@pytest.mark.parametrize("redact", [None, "notes"])
def test_json_has_the_safety_key(journal, redact):
    r = journal("export", "--format", "json", *(["--redact", redact] if redact else []))
    doc = json.loads(r.out)
    events = doc["safety"]["events"]
    assert [(e["date"], e["kind"], e["entry_kind"]) for e in events] == [
        ("2026-11-05", "overdose", "lapse"),
        ("2026-11-06", "crisis", "checkin"),  # the feeling "hopeless"
        ("2026-11-06", "used", "checkin"),
        ("2026-11-07", "crisis", "checkin"),
        ("2026-11-08", "crisis", "craving"),
    ]
    words = [e["words"] for e in events]
    if redact:
        assert words == [None, "hopeless", "2 bags", "hopeless", None]  # a feeling is a cue: it stays
    else:
        assert words == [OVERDOSE_NOTE, "hopeless", "2 bags", "hopeless", CRISIS_NOTE]
    assert doc["safety"]["safety_item"] == []
    assert {"feeling": "hopeless", "days": ["2026-11-06", "2026-11-07"]} in doc["checkin_feelings"]


def test_an_empty_period_says_so(cuelog):
    cuelog("craving", "3", "--note", "fine")
    r = cuelog("export", "--format", "md")
    assert headings(r.out)[1:3] == ["Safety", "Period and completeness"]
    assert "No text in this period mentioned self-harm, suicide or an overdose" in section(r.out, "Safety")
    assert "No feeling was noted in a check-in in this period." in r.out


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_html_shows_the_safety_section_first_in_a_browser(journal, tmp_path):
    out = tmp_path / "report.html"
    assert journal("export", "-o", str(out)).code == 0
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
    dom = subprocess.run(
        [CHROMIUM, *flags, "--dump-dom", out.as_uri()], capture_output=True, text=True, timeout=120
    ).stdout
    h2 = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", dom, re.S)]
    assert h2[:2] == ["What I want to talk about", "Safety"], h2
    first = dom.split("</h2>", 2)[2].split("<h2", 1)[0]
    text = " ".join(re.sub(r"<[^>]+>", " ", first).split())
    assert "mentioned an overdose" in text and OVERDOSE_NOTE in text and "Thu 5 Nov 2026" in text
    assert "How check-ins felt" in h2


# -- the pieces ----------------------------------------------------------------------
def test_the_daily_safety_question_is_shown_when_a_check_in_keeps_it():
    records = [
        {"id": "a", "kind": "checkin", "at": "2026-11-09T21:00:00+01:00", "date": "2026-11-09", "used": False,
         "cues": {"feeling": ["low"]}, "safety_item": 3},
        {"id": "b", "kind": "checkin", "at": "2026-11-10T21:00:00+01:00", "date": "2026-11-10", "used": False,
         "safety_item": {"score": 0}},
        {"id": "c", "kind": "checkin", "at": "2026-11-11T21:00:00+01:00", "date": "2026-11-11", "used": False,
         "safety_item": "not a score"},
    ]  # fmt: skip
    found = safety_events(records, lambda field, text: text)
    assert found["safety_item"] == [{"date": "2026-11-09", "score": 3}, {"date": "2026-11-10", "score": 0}]
    assert found["events"] == []
    report = {"safety": {"events": [], "safety_item": found["safety_item"]}, "redacted": []}
    from cuelog.export.sections import _safety

    text = [plain(i) for i in _safety(report).items]
    assert text == [
        "Daily question, thoughts of harming themselves or not wanting to be alive (0–5): answered on 2 days. "
        "Above 0 on 1 day: Mon 9 Nov 3/5."
    ]


def test_a_crisis_word_in_a_check_in_feeling_is_a_mention():
    records = [
        {"id": "a", "kind": "checkin", "at": "2026-11-09T21:00:00+01:00", "date": "2026-11-09", "used": False,
         "cues": {"feeling": ["want to die"]}},
    ]  # fmt: skip
    found = safety_events(records, lambda field, text: None if field == "note" else text)
    assert [(e["kind"], e["field"], e["words"]) for e in found["events"]] == [("crisis", "cue", "want to die")]


def test_a_report_from_before_the_section_has_no_safety_section():
    from cuelog.export.sections import _feelings, _safety

    assert _safety({"redacted": []}) is None and _feelings({}) is None
