"""The format registry, the shared section model, and hostile text through every format."""

import csv
import html
import io
import json
import re
import shutil
import subprocess
from datetime import date, datetime
from types import MappingProxyType

import pytest

import cuelog.export
from cuelog.analysis.report import build_report, redaction_parts
from cuelog.demo import demo_journal
from cuelog.errors import InputError
from cuelog.export import FORMATS, find_format, registry, render
from cuelog.export.html import render_html
from cuelog.export.markdown import render_markdown
from cuelog.export.sections import Section, Table, document, plain, sections
from cuelog.models import Cues, Entry, Plan, QuitAttempt
from cuelog.text import BIDI_CONTROLS

NOW = datetime.fromisoformat("2026-11-22T20:00:00+01:00")


@pytest.fixture(scope="module")
def demo():
    attempt, entries = demo_journal(NOW)
    first = min(e.day or e.at.date() for e in entries)
    plan = Plan(id="p0000001", cues=Cues.build({"place": ["the bar"]}), then="leave and call my sister", created_at=NOW)

    def make(redact=None, **kw):
        return build_report(
            entries,
            [attempt],
            end=NOW.date(),
            since=None,
            until=None,
            redact_parts=redaction_parts(redact),
            generated_at=NOW,
            first_entry_day=first,
            plans=[plan],
            **kw,
        )

    return make


# -- the registry ------------------------------------------------------------------------------------
def test_formats_declare_name_extensions_and_entries():
    formats = registry()
    assert list(formats) == ["markdown", "csv", "html", "json"]
    assert formats["markdown"].extensions == (".md", ".markdown") and formats["markdown"].aliases == ("md",)
    assert formats["html"].extensions == (".html", ".htm")
    assert formats["json"].extensions == (".json",) and formats["csv"].extensions == (".csv",)
    assert {f.name for f in formats.values() if f.needs_entries} == {"json", "csv"}
    assert set(FORMATS) == {"markdown", "json", "csv", "html"}


@pytest.mark.parametrize(
    "name, path, expected",
    [
        ("HTML", None, "html"),
        ("Markdown", None, "markdown"),
        ("md", None, "markdown"),
        (" json ", None, "json"),
        ("csv", "report.html", "csv"),  # a name given wins over the extension
        (None, "report.html", "html"),
        (None, "~/reports/Week.HTM", "html"),
        (None, "report.markdown", "markdown"),
        (None, "r.md", "markdown"),
        (None, "data.JSON", "json"),
        (None, "rows.csv", "csv"),
        (None, "report", "markdown"),
        (None, "report.txt", "markdown"),
        (None, "-", "markdown"),
        (None, None, "markdown"),
    ],
)
def test_find_format(name, path, expected):
    assert find_format(name, path).name == expected


@pytest.mark.parametrize("name, path", [("pdf", None), ("", None), (None, "report.pdf"), (None, "notes.docx")])
def test_find_format_refuses_naming_the_choices(name, path):
    with pytest.raises(InputError) as info:
        find_format(name, path)
    assert "markdown (md), csv, html, json" in info.value.message + (info.value.hint or "")


def test_render_keeps_working_for_the_current_cli(demo):
    assert render(demo(), "markdown").startswith("# cuelog report")
    assert render(demo(), "HTML").startswith("<!doctype html>")


def test_a_new_format_is_one_file(tmp_path, monkeypatch, demo):
    (tmp_path / "plaintext.py").write_text(
        "from cuelog.export import Format\n"
        "from cuelog.export.sections import document\n"
        "FORMAT = Format('plain', ('.plain',), lambda report: document(report).title + '\\n')\n"
    )
    monkeypatch.setattr(cuelog.export, "__path__", [*cuelog.export.__path__, str(tmp_path)])
    registry.cache_clear()
    try:
        assert find_format(path="out.plain").name == "plain"
        assert render(demo(), "Plain").startswith("cuelog report:")
    finally:
        registry.cache_clear()


# -- one source of words for Markdown and HTML --------------------------------------------------------
def _lines(section: Section):
    yield section.heading
    yield from (plain(x) for x in (*section.intro, *section.items))
    if section.empty:
        yield section.empty
    for table in (section.table, section.figure.table if section.figure else None):
        if table is not None:
            yield from table.headers
            yield from (plain(n) for n in table.notes)
    if section.figure is not None:
        yield section.figure.description
    for child in section.children:
        yield from _lines(child)


def _markdown_as_text(text: str) -> str:
    return re.sub(r"\*\*|\*|\\(.)", lambda m: m.group(1) or "", text)


@pytest.mark.parametrize("redact", [None, "all"])
def test_markdown_and_html_say_the_same_things(demo, redact):
    report = demo(redact)
    md = " ".join(_markdown_as_text(render_markdown(report)).split())
    page = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", render_html(report))).split())
    page_joined = " ".join(html.unescape(re.sub(r"<[^>]+>", "", render_html(report))).split())
    said = [line for s in sections(report) for line in _lines(s)]
    assert len(said) > 60
    for line in said:
        line = " ".join(line.split())
        assert line in md, line
        assert line in page or line in page_joined, line


def test_every_table_header_is_explained_once(demo):
    doc = document(demo())
    tables: list[Table] = []

    def walk(s: Section):
        tables.extend(t for t in (s.table, s.figure.table if s.figure else None) if t is not None)
        for child in s.children:
            walk(child)

    for s in doc.sections:
        walk(s)
    explained = [plain(n).split(":")[0] for t in tables for n in t.notes]
    assert len(explained) == len(set(zip(explained, [plain(n) for t in tables for n in t.notes], strict=True)))
    self_explaining = {"", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
    for t in tables:
        for header in t.headers:
            if header in self_explaining or re.search(r"\d\d:\d\d–\d\d:\d\d", header):
                continue
            assert header in explained, header


def test_markdown_and_html_have_no_section_list_of_their_own():
    """Headings and empty-section sentences come from sections.py only."""
    from pathlib import Path

    folder = Path(cuelog.export.__file__).parent
    for name in ("markdown.py", "html.py"):
        source = (folder / name).read_text()
        for words in ("Period and completeness", "Use calendar", "Top cues", "No lapse in this period", "Coping"):
            assert words not in source, (name, words)


# -- hostile text -------------------------------------------------------------------------------------
HOSTILE = [
    "\x1b[2J",
    "\x1b]0;pwned\x07",
    "\x1b]52;c;cm0gLXJmIH4=\x07",
    "\x9b31m",
    "\x9d0;x\x9c",
    "abc\u202edcba",
    '=HYPERLINK("http://evil.example","click")',
    "+1",
    "-2+3",
    "@SUM(1)",
    "| pipe # hash <script>alert(1)</script> ![x](http://t.example/p.png)",
    "two\nlines\n# not a heading",
]
UNSAFE = set(chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]) | set(BIDI_CONTROLS)


def _hostile_report(**kw):
    t = datetime.fromisoformat("2026-11-09T21:00:00+01:00")
    # Built directly, as an entry read by the store's fast path can be: no validation in the way.
    entries = [
        Entry(
            id=f"h{i:07d}",
            kind="lapse" if i == 0 else "craving",
            at=t,
            logged_at=t,
            intensity=5,
            cues=Cues(place=(text,), person=("sam",), feeling=(text,)),
            coping=(text,),
            note=text,
            reflection=MappingProxyType({"first-moment": text}) if i == 0 else None,
            extra=MappingProxyType({"x-extra": text}),
        )
        for i, text in enumerate(HOSTILE)
    ]
    attempt = QuitAttempt(date(2026, 11, 1), HOSTILE[1], t)
    plan = Plan(id="p0000001", cues=Cues(place=(HOSTILE[0],)), then=HOSTILE[5], created_at=t)
    support = [{"id": "s1", "name": HOSTILE[2], "phone": HOSTILE[6], "note": HOSTILE[3]}]
    return build_report(
        entries,
        [attempt],
        end=date(2026, 11, 14),
        since=None,
        until=None,
        redact_parts=set(),
        generated_at=t,
        first_entry_day=date(2026, 11, 9),
        plans=[plan],
        support=support,
        **kw,
    )


@pytest.mark.parametrize("fmt", ["markdown", "html", "csv", "json"])
def test_no_control_or_bidi_character_reaches_any_format(fmt):
    text = render(_hostile_report(), fmt)
    assert not (UNSAFE - {"\n"}) & set(text), sorted(hex(ord(c)) for c in (UNSAFE - {"\n"}) & set(text))
    escaped = ("\\u001b", "\\u202e") if fmt == "json" else ("\\x1b", "\\u202e")
    assert all(e in text for e in escaped)


def test_json_reads_back_the_exact_strings():
    doc = json.loads(render(_hostile_report(), "json"))
    assert {e["note"] for e in doc["entries"]} == set(HOSTILE)
    assert {e["x-extra"] for e in doc["entries"]} == set(HOSTILE)


def test_csv_neutralises_formulas_and_keeps_numbers():
    rows = list(csv.DictReader(io.StringIO(render(_hostile_report(), "csv"))))
    notes = {r["note"] for r in rows}
    for formula in ("=HYPERLINK(", "+1", "-2+3", "@SUM(1)"):
        [cell] = [n for n in notes if formula in n]
        assert cell.startswith("'" + formula[0])
    assert all(r["intensity"] == "5" for r in rows)
    assert all(not r[k].startswith(("=", "+", "-", "@")) for r in rows for k in r)


def test_markdown_tables_keep_their_shape_and_no_html_gets_through():
    text = render(_hostile_report(), "markdown")
    for block in re.findall(r"(?:^\|.*\|$\n?)+", text, re.M):
        widths = {len(re.findall(r"(?<!\\)\|", line)) for line in block.splitlines()}
        assert len(widths) == 1, block
    assert not re.search(r"(?<!\\)<script", text) and "\n# not a heading" not in text and "![x]" not in text


PANDOC = shutil.which("pandoc")


@pytest.mark.skipif(PANDOC is None, reason="pandoc is not installed (apt-get install pandoc)")
@pytest.mark.parametrize("which", ["demo", "hostile"])
def test_pandoc_reads_the_markdown_as_intended(demo, which):
    report = demo() if which == "demo" else _hostile_report()
    out = subprocess.run(
        [PANDOC, "-f", "gfm", "-t", "html"],
        input=render(report, "markdown"),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    doc = document(report)
    assert out.count("<h1") == 1
    assert out.count("<h2") == len(doc.sections)
    tables = sum(
        (s.table is not None)
        + (s.figure is not None and s.figure.table is not None)
        + sum(c.table is not None for c in s.children)
        for s in doc.sections
    )
    assert out.count("<table") == tables
    # No HTML and no image gets through (a bare URL may still become a link: that fetches nothing).
    for bad in ("<script", "<img", "javascript:"):
        assert bad not in out, bad


def test_heat_map_has_hours_all_column_and_legend(demo):
    page = render(demo(), "html")
    svg = re.search(r'<svg class="chart heatmap".*?</svg>', page, re.S).group()
    for hours in ("05:00–11:59", "12:00–16:59", "17:00–21:59", "22:00–04:59"):
        assert hours in svg
    assert ">All<" in svg and 'class="legend"' in svg and ">totals<" in svg
    assert "<title>" in svg and "aria-label=" in svg


def test_daily_peak_chart_marks_and_gaps(demo):
    report = demo()
    page = render(report, "html")
    svg = re.search(r'<svg class="chart daily-peak".*?</svg>', page, re.S).group()
    assert 'class="quit-marker"' in svg and 'class="use-marker"' in svg
    assert "<title>" in svg and "aria-label=" in svg
    drawn = set(re.findall(r'data-date="([\d-]+)"', svg))
    assert drawn == {c["date"] for c in report["calendar"] if c["peak"] is not None}
    width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
    for x in re.findall(r'<text class="xlabel" x="([\d.]+)"', svg):
        assert 20 < float(x) < width - 20  # centred labels of about 35 units stay inside


def test_a_day_rated_zero_is_a_stub_not_a_gap():
    t = datetime.fromisoformat("2026-11-03T12:00:00+01:00")
    entries = [Entry(id="k0000001", kind="checkin", at=t, logged_at=t, intensity=0, day=t.date(), used=False)]
    report = build_report(
        entries,
        [],
        end=date(2026, 11, 5),
        since=None,
        until=None,
        redact_parts=set(),
        generated_at=t,
        first_entry_day=date(2026, 11, 2),
    )
    svg = render(report, "html")
    assert svg.count('class="bar zero"') == 1 and svg.count('data-date="') == 1


def test_calendar_marks_every_state_and_the_quit_date(demo):
    page = render(demo(), "html")
    cal = re.search(r'<table class="cal">.*?</table>', page, re.S).group()
    assert 'class="used"' in cal and 'class="no-use"' in cal and 'class="no-data"' in cal
    assert len(re.findall(r'class="[^"]*\bquit\b', cal)) == 1 and ">· Q<" in cal
    assert "U = used, · = no use, blank = no data" in page and "Q = the quit date" in page
    for colour in ("#e9a3b4", "#b9dfc4", "#c2185b", "Red:", "Green:"):  # no traffic light
        assert colour not in page.lower()


def test_print_css(demo):
    page = render(demo(), "html")
    assert "@media print" in page and "@page" in page and "print-color-adjust: exact" in page
    assert "svg.chart { display: block; width: 100%; height: auto; }" in page
