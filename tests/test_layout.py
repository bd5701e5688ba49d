"""The layout engine (cuelog.layout) and the terminal primitives built on it (render.Output)."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta, timezone
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from cuelog import render
from cuelog.layout import Cell, Column, cells, ellipsize, fit_table, glued, wrap
from cuelog.models import Cues, Entry
from tests.factories import make_entry

TODAY = date(2026, 11, 22)
TZ = timezone(timedelta(hours=1))
WORDS = st.text(st.sampled_from("abcdefghij0123456789東京é;,."), min_size=1, max_size=14)
LINES = st.lists(WORDS, min_size=1, max_size=30).map(" ".join)


@pytest.mark.parametrize("text", ["plain", "José", "東京駅", "e\u0301", "🍺 beer", "a\u200bb", "—·–…↳▲═"])
def test_cells_agree_with_rich(text):
    assert cells(text) == cell_len(text)


@given(LINES, st.integers(1, 60))
def test_ellipsize_fits_and_never_cuts_a_number(text, width):
    out = ellipsize(text, width)
    assert cells(out) <= width
    if cells(text) <= width:
        assert out == text
    else:
        assert out.endswith("…") and not re.search(r"\d…", out)
        assert text.startswith(out[:-1])


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("the bar; stressed; after work", 18, "the bar; stressed…"),
        ("waited 15 minutes", 12, "waited…"),
        ("waited 15, then more", 11, "waited…"),
        ("It passed after about ten minutes.", 20, "It passed after…"),
        ("12345678", 4, "…"),
    ],
)
def test_ellipsize_cuts_at_a_word(text, width, expected):
    assert ellipsize(text, width) == expected


@settings(max_examples=200)
@given(st.text(" ", max_size=4), st.sampled_from(["", "1. ", "12. ", "↳ "]), LINES, st.integers(20, 120))
def test_wrap_fits_keeps_words_and_hangs(indent, marker, body, width):
    line = indent + marker + body
    lines = wrap(line, width)
    assert all(cells(piece) <= width for piece in lines)
    if all(cells(word) <= width // 2 for word in body.split()):
        assert " ".join(" ".join(lines).split()) == " ".join(line.split())
    hang = len(indent) + len(marker) if marker else (len(indent) + 2 if indent else 0)
    for piece in lines[1:]:
        assert piece.startswith(" " * min(hang, width // 2))


def test_a_numbered_question_keeps_its_hanging_indent():
    question = "  2. About the place (sam's flat): what made using feel within reach there, and what could make it"
    assert wrap(question, 40) == [
        "  2. About the place (sam's flat): what",
        "     made using feel within reach there,",
        "     and what could make it",
    ]


def test_glued_words_stay_on_one_line():
    line = "When      " + " · ".join(glued(f"{b} {n}") for b, n in [("morning (05–12)", 3), ("night (22–05)", 12)])
    assert [piece.replace("\u00a0", " ") for piece in wrap(line, 34, 10)] == [
        "When      morning (05–12) 3 ·",
        "          night (22–05) 12",
    ]


LIST = render.LIST_COLUMNS


def list_rows(n: int = 6) -> list[list]:
    rows = []
    for i in range(n):
        checkin = i % 3 == 2
        rows.append(
            [
                f"{i:08x}",
                Cell("Sat 21 Nov" if checkin else "Sat 21 Nov 21:39", "21 Nov" if checkin else "21 Nov 21:39"),
                Cell("check-in, no use", "no use") if checkin else "craving",
                f"{i + 4}/10",
                "the bar; stressed; after work; payday",
                "It passed after about ten minutes, then another 20." if i % 2 else "",
            ]
        )
    return rows


@pytest.mark.parametrize(
    ("width", "headers", "legend"),
    [
        (200, ["id", "when", "what", "int.", "cues", "note"], []),
        (100, ["id", "when", "what", "int.", "cues", "note"], []),  # cues and note cut with "…"
        (80, ["id", "when", "what", "int.", "cues"], []),  # the note goes first
        (60, ["id", "when", "what", "int.", "cues"], ["no use, used: the day's check-in"]),  # then compact cells
        (40, ["id", "when", "what", "int."], ["no use, used: the day's check-in"]),  # then the cues
    ],
)
def test_list_columns_give_way_in_their_order(width, headers, legend):
    fitted = fit_table(LIST, list_rows(), width)
    assert [h.strip() for h in fitted.header[0]] == headers
    assert fitted.legend == legend
    lines = fitted.lines()
    assert all(cells(line) <= width for line in lines)
    ids = [line.split()[0] for line in lines[2:]]
    assert ids == [f"{i:08x}" for i in range(6)]  # ids whole, one line a row
    assert not any(re.search(r"\d…", line) for line in lines)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 10**6), LINES, LINES, LINES), min_size=1, max_size=8),
    st.integers(30, 200),
)
def test_tables_fit_and_numbers_stay_whole(rows, width):
    columns = [
        Column("#", right=True),
        Column("label", cut=10),
        Column("a long header", short="hdr", explain="what it means", right=True),
        Column("cues", drop=2, cut=8),
        Column("note", drop=1, cut=8),
    ]
    table = [[str(i), label, str(n), cues, note] for i, (n, label, note, cues) in enumerate(rows)]
    fitted = fit_table(columns, [[r[0], r[1], r[2], r[3], r[4]] for r in table], width)
    lines = fitted.lines()
    longest_word = max(cells(w) for r in table for w in r[1].split())
    if longest_word + 30 <= width:
        assert all(cells(line) <= width for line in lines)
    for row in table:
        assert any(re.search(rf"(^|\s){row[2]}(\s|$)", line) for line in lines)  # the number, whole
    assert not any(re.search(r"\d…", line) for line in lines)


# -- the Output primitives ------------------------------------------------------------------------
HOSTILE = "ok \x1b]0;pwned\x07 \x1b[2J \x9b31m \u202egnp.exe\t tab"


def entry(**fields) -> Entry:
    at = datetime(2026, 11, 20, 21, 30, tzinfo=TZ)
    return make_entry(**{"at": at, "id": "0123456789abcdef0123456789abcdef", "intensity": 6, **fields})


def output(width: int, styled: bool, monkeypatch) -> tuple[render.Output, io.StringIO]:
    from rich.console import Console

    buffer = io.StringIO()
    monkeypatch.setattr("sys.stdout", buffer)
    monkeypatch.setenv("COLUMNS", str(width))
    o = render.Output()
    o.styled = styled
    if styled:
        o._console = Console(file=buffer, force_terminal=True, width=width, highlight=False, emoji=False)
    return o, buffer


@pytest.mark.parametrize("styled", [False, True])
def test_hostile_text_never_reaches_the_terminal_raw(styled, monkeypatch):
    o, buffer = output(60, styled, monkeypatch)
    hostile = entry(
        note=HOSTILE + "\nsecond line",
        cues=Cues(place=("the bar",), person=("sam",)),
        coping=(HOSTILE,),
        amount=HOSTILE,
        extra=MappingProxyType({"display": {"the bar": "The Bar", "sam": HOSTILE}}),
    )
    render.show_entry(o, hostile, None, TODAY)
    render.show_list(o, [hostile], TODAY)
    o.say("said: ", (HOSTILE, "bold"))
    out = re.sub(r"\x1b\[[0-9;]*m", "", buffer.getvalue()) if styled else buffer.getvalue()
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", out)
    assert "\\x1b]0;pwned\\x07" in out and "\\u202e" in out and "\\x9b" in out
    assert "The Bar" in out and "sam" in out  # a display spelling that is not the cue is not shown


@pytest.mark.parametrize("styled", [False, True])
def test_say_wraps_with_a_hanging_indent_the_same_with_colour(styled, monkeypatch):
    o, buffer = output(40, styled, monkeypatch)
    o.say(("  3. ", "bold"), "It was a Friday night (22:00–04:59). What usually happens for you around then?")
    o.say(("     ↳ ", "green"), ("A long answer that goes on and on, over more than one line.", "green"))
    o.verbatim("cuelog --db /a/path/that/is/much/longer/than/forty/columns.json list")
    o.fields([("note", "first line\nsecond line that is long enough to wrap at forty"), ("minutes", "5")])
    text = re.sub(r"\x1b\[[0-9;]*m", "", buffer.getvalue())
    assert text.split("\n") == [
        "  3. It was a Friday night",
        "     (22:00–04:59). What usually happens",
        "     for you around then?",
        "     ↳ A long answer that goes on and",
        "       on, over more than one line.",
        "cuelog --db /a/path/that/is/much/longer/than/forty/columns.json list",
        "  note     first line",
        "           second line that is long",
        "           enough to wrap at forty",
        "  minutes  5",
        "",
    ]


def test_the_width_is_the_terminals_else_columns_else_80(monkeypatch):
    class Pipe(io.StringIO):
        pass

    monkeypatch.delenv("COLUMNS", raising=False)
    assert render.output_width(Pipe()) == 80
    monkeypatch.setenv("COLUMNS", "132")
    assert render.output_width(Pipe()) == 132
    monkeypatch.setenv("COLUMNS", "5")
    assert render.output_width(Pipe()) == 20  # nothing sensible fits in less
