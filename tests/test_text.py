"""cuelog.text: the one sanitiser, the per-format escapes, rounding and sentences."""

import csv
import io
import json
from datetime import datetime
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cuelog.text import (
    BIDI_CONTROLS,
    csv_text,
    day_words,
    end_sentence,
    html_text,
    json_document,
    markdown_text,
    mean,
    number,
    one_line,
    percent,
    ratio,
    round_half_away,
    sanitise,
)

HOSTILE = {
    "clear screen": "\x1b[2J",
    "OSC 0 title": "\x1b]0;pwned\x07",
    "OSC 52 clipboard": "\x1b]52;c;cm0gLXJmIH4=\x07",
    "C1 CSI": "\x9b31m",
    "C1 OSC": "\x9d0;pwned\x9c",
    "RLO": "abc\u202edef",
    "isolate": "\u2066x\u2069",
    "DEL and NUL": "a\x7fb\x00c",
    "CR overwrite": "safe\rEVIL",
}
UNSAFE = set(chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]) | set(BIDI_CONTROLS)


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_sanitise_shows_every_control_escaped(text):
    out = sanitise(text, keep="")
    assert not UNSAFE & set(out)
    assert "\\x" in out or "\\u" in out  # shown, not silently dropped


def test_sanitise_escape_forms():
    assert sanitise("\x1b[2J") == "\\x1b[2J"
    assert sanitise("\x9b") == "\\x9b"
    assert sanitise("a\u202eb") == "a\\u202eb"
    assert sanitise("line\nnext\ttab") == "line\nnext\ttab"  # kept by default
    assert sanitise("line\nnext\ttab", keep="") == "line\\x0anext\\x09tab"
    assert sanitise("José, Zoë, 東京, مرحبا\u200f") == "José, Zoë, 東京, مرحبا\u200f"  # RLM stays: RTL text needs it


@given(st.text())
def test_sanitise_never_lets_a_control_through(text):
    assert not UNSAFE & set(sanitise(text, keep=""))
    assert not (UNSAFE - {"\n", "\t"}) & set(sanitise(text))


def test_one_line():
    assert one_line("first\n  second\r\nthird") == "first / second / third"
    assert one_line(" keeps edges ") == " keeps edges "


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a | b", "a \\| b"),
        ("# heading", "\\# heading"),
        ("> quote", "\\> quote"),
        ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)\\>"),
        ("![](http://tracker.example/p.png)", "!\\[\\](http://tracker.example/p.png)"),
        ("[click](javascript:alert(1))", "\\[click\\](javascript:alert(1))"),
        ("*bold* _it_ `code` ~~s~~", "\\*bold\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~"),
        ("two\nlines", "two / lines"),
        ("\x1b]0;pwned\x07", "\\\\x1b\\]0;pwned\\\\x07"),
        ("Sam's flat", "Sam's flat"),
    ],
)
def test_markdown_text(text, expected):
    assert markdown_text(text) == expected


@pytest.mark.parametrize("formula", ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(1)", "\tx", "\rx", "＝1+1"])
def test_csv_neutralises_formulas(formula):
    cell = csv_text(formula)
    assert cell.startswith("'")
    assert not UNSAFE - {"\n", "\t"} & set(cell)


def test_csv_text_keeps_ordinary_text_and_newlines():
    assert csv_text("went for a walk") == "went for a walk"
    assert csv_text("a = b") == "a = b"
    assert csv_text("two\nlines") == "two\nlines"
    rows = list(csv.reader(io.StringIO(_csv_line(csv_text("x\x1b[2J\u202e")))))
    assert rows == [["x\\x1b[2J\\u202e"]]


def _csv_line(cell):
    buffer = io.StringIO()
    csv.writer(buffer).writerow([cell])
    return buffer.getvalue()


def test_html_text():
    assert html_text('<b>"x"</b> & \x1b[2J\u202e') == "&lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; \\x1b[2J\\u202e"


def test_json_document_escapes_c1_and_bidi_and_reads_back_the_same():
    data = {"note": "a\x9bb\u202ec\x1bd\x85", "name": "José"}
    text = json_document(json.dumps(data, ensure_ascii=False))
    assert not UNSAFE & set(text)
    assert "José" in text
    assert json.loads(text) == data


@pytest.mark.parametrize(
    "value, expected",
    [
        (8.25, 8.3),
        (8.35, 8.4),
        (8.15, 8.2),
        (-8.25, -8.3),
        (0.05, 0.1),
        (2.0, 2.0),
        (Fraction(33, 4), 8.3),
        (None, None),
    ],
)
def test_round_half_away(value, expected):
    assert round_half_away(value) == expected


def test_mean_ratio_percent():
    assert mean([8, 8, 8, 9]) == 8.3  # 8.25: Python's round() gives 8.2
    assert mean([]) is None
    assert ratio(33, 4) == 8.3 and ratio(1, 0) is None
    assert percent(1, 8) == 13 and percent(49, 56) == 88 and percent(0, 0) == 0


def test_number():
    assert number(None) == "–" and number(7.0) == "7" and number(8.3) == "8.3" and number(4) == "4"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("person 1, person 2, …", "person 1, person 2, …"),
        ("left out.", "left out."),
        ("left out", "left out."),
        ("Really?", "Really?"),
        ("(as noted.)", "(as noted.)"),
        ("", ""),
    ],
)
def test_end_sentence_never_doubles_a_stop(text, expected):
    assert end_sentence(text) == expected


@given(st.datetimes(min_value=datetime(1901, 1, 1), max_value=datetime(2199, 12, 31)), st.booleans(), st.booleans())
def test_day_words_are_the_words_strftime_gives(moment, weekday, year):
    """The table-made dates say exactly what strftime says in the C locale, for days and moments."""
    pattern = ("%a " if weekday else "") + "%-d %b" + (" %Y" if year else "")
    assert day_words(moment.date(), weekday=weekday, year=year) == moment.date().strftime(pattern)
    assert day_words(moment, weekday=weekday, year=year) == moment.strftime(pattern + " %H:%M")
    assert day_words(moment.date().isoformat()) == moment.strftime("%a %-d %b %Y")
    assert day_words(moment.isoformat(timespec="seconds")) == moment.strftime("%a %-d %b %Y %H:%M")
