"""The counsellor report on a hand-made journal: each section's content."""

import html
import re
from datetime import date, datetime

import pytest

from cuelog.analysis.report import build_report, redact, redaction_parts
from cuelog.export import render
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


def report(redact_mode=None, start=date(2026, 11, 1), end=date(2026, 11, 14)):
    return build_report(
        JOURNAL,
        ATTEMPTS,
        start=start,
        end=end,
        since=None,
        until=None,
        redact_parts=redaction_parts(redact_mode),
        generated_at=at("2026-11-14 18:00"),
    )


def test_period_and_completeness():
    r = report()
    assert r["period"] == {
        "start": "2026-11-01",
        "end": "2026-11-14",
        "days": 14,
        "days_with_checkin": 3,
        "completeness": 0.214,
    }
    assert r["format_version"] == 1
    assert [a["quit_date"] for a in r["attempts"]] == ["2026-10-01", "2026-11-01"]
    assert r["status"]["quit_date"] == "2026-11-01" and r["status"]["lapses_since_quit"] == 1


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
        "cravings": 1,
        "median_intensity": 5,
        "peak_intensity": 5,
        "lapses": 0,
    }
    assert weeks["2026-11-09"]["lapses"] == 1 and weeks["2026-11-09"]["peak_intensity"] == 8
    assert "2026-10-26" in weeks  # the Monday before the period's first day


def test_cues_lapses_and_coping():
    r = report()
    top = {(i["dimension"], i["value"]): i for i in r["top_cues"]}
    assert top[("place", "sam's flat")]["lapses"] == 1 and top[("place", "sam's flat")]["followed_by_lapse"] == 1
    assert r["lapse_cues"][0]["value"] in ("sam", "sam's flat")
    assert r["coping"] == [{"coping": "walk", "used": 1, "passed_without_lapse": 1}]
    [lapse] = r["lapses"]
    assert lapse["note"] == "At Sam's with Jo"
    assert [qa["answer"] for qa in lapse["reflection"]] == ["Sam texted me", "Meet Jo in the park"]
    assert r["heatmap"]["mon"]["evening"] == 2 and r["heatmap"]["mon"]["night"] == 1


def test_nothing_left_out_is_said():
    assert "Nothing was left out" in report()["excluded"]


def test_redact_people_consistently():
    entries = redact(JOURNAL, {"people"})
    assert entries[0].cues.person == ("person 1",)
    assert entries[1].cues.person == ("person 1", "person 2")
    assert entries[1].cues.place == ("person 1's flat",)
    assert entries[1].note == "person 1 called about the party"
    assert entries[2].reflection["change"] == "Meet person 2 in the park"


def test_redact_notes():
    entries = redact(JOURNAL, {"notes"})
    assert all(x.note is None for x in entries)
    assert entries[2].reflection == {}
    assert entries[1].cues.person == ("sam", "jo")


SECRETS = {"notes": ["party", "quiet day", "texted", "park"], "people": ["sam", "jo"]}


@pytest.mark.parametrize("mode", ["notes", "people", "all"])
@pytest.mark.parametrize("fmt", ["markdown", "json", "csv", "html"])
def test_redacted_strings_appear_in_no_format(mode, fmt):
    text = render(report(mode), fmt).lower()
    for part in redaction_parts(mode):
        for secret in SECRETS[part]:
            assert not re.search(rf"\b{secret}\b", text), (mode, fmt, secret)
    assert "at the author's choice" in html.unescape(text) or fmt == "csv"  # the report says what is missing


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_sections_present(fmt):
    text = render(report(), fmt)
    for heading in (
        "Period and completeness",
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


def test_markdown_starts_with_heading_naming_quit_date():
    text = render(report(), "markdown")
    assert text.startswith("# ") and "quit date Sun 1 Nov 2026" in text.splitlines()[0]


def test_csv_rows_and_header():
    import csv
    import io

    rows = list(csv.reader(io.StringIO(render(report(), "csv"))))
    assert rows[0][:4] == ["id", "kind", "at", "intensity"] or rows[0][:4] == ["id", "kind", "at", "logged_at"]
    assert {"id", "kind", "at", "intensity"} <= set(rows[0])
    assert len(rows) == 1 + len(JOURNAL)
    header = rows[0]
    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert by_id["c0000002"]["person"] == "sam; jo"
    assert by_id["k0000002"]["used"] == "true"


def test_html_is_self_contained():
    text = render(report(), "html").lower()
    for bad in ("http:", "https:", "//", "<script", "<link", "@import", "url(", "src="):
        assert bad not in text.replace("<!doctype", ""), bad
    assert text.count("<svg") == 2
