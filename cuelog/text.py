"""Text that leaves cuelog: one sanitiser, the per-format escapes built on it, and
the number and sentence helpers every report and screen share. Pure.

Why a sanitiser: a note, a cue or an imported record can hold bytes a terminal
obeys (``ESC [2J`` clears the screen, ``ESC ]0;…BEL`` retitles the window,
``ESC ]52;…`` writes the clipboard, U+009B is a one-byte CSI) or characters that
reorder what a reader sees (the bidi overrides behind "Trojan Source"). cuelog
shows them, escaped, instead of passing them on or silently dropping them:
whoever reads the report can see that something odd was there.

The escapes look like Python's: ``\\x1b`` for C0, DEL and C1 controls, ``\\u202e``
for the bidi and line-separator characters. A backslash the person typed is left
alone: the escapes only have to be harmless, not reversible.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache, lru_cache

# C0 (U+0000–U+001F), DEL, C1 (U+0080–U+009F); newline and tab are kept where a format allows them.
_CONTROLS = "".join(chr(c) for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)))
# Embeddings and overrides (LRE RLE PDF LRO RLO), isolates (LRI RLI FSI PDI), and the line and
# paragraph separators some viewers break lines on. The weak marks LRM, RLM and ALM stay: they
# cannot reorder letters, and right-to-left writers rely on them.
BIDI_CONTROLS = "".join(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x2028, 0x2029))


def _escape_char(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


@cache
def _pattern(keep: str) -> re.Pattern[str]:
    controls = "".join(c for c in _CONTROLS if c not in keep)
    return re.compile(f"[{re.escape(controls)}{BIDI_CONTROLS}]")


def sanitise(text: str, *, keep: str = "\n\t") -> str:
    """``text`` with every control character and bidi override shown as an escape.

    ``keep`` names the controls a format allows through (newline and tab by default;
    ``keep=""`` for one-line contexts such as a table cell on a terminal).

    >>> sanitise("\\x1b]0;pwned\\x07 hi\\u202e")
    '\\\\x1b]0;pwned\\\\x07 hi\\\\u202e'
    """
    if text.isprintable():  # no Cc, Cf, Zl or Zp character: nothing to show escaped (the common case)
        return text
    return _pattern(keep).sub(lambda m: _escape_char(m.group()), text)


def one_line(text: str) -> str:
    """Sanitised, with line breaks shown as `` / `` so a value stays on one line."""
    if "\n" in text:
        text = _LINE_BREAK.sub(" / ", text)
    return sanitise(text, keep="\t")


_LINE_BREAK = re.compile(r"[ \t]*(?:\r\n|\n)[ \t]*")


# -- Markdown -------------------------------------------------------------------------------------
# Backslash-escaped wherever they appear: emphasis, code, links and images ("![](http://…)" would
# fetch from the web in a previewer), raw HTML and autolinks, table pipes.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


@lru_cache(maxsize=8192)  # a report repeats its cue names, dates and numbers thousands of times
def markdown_text(text: str) -> str:
    """Person-written text inside a Markdown line, paragraph or table cell: one line,
    sanitised, with Markdown and HTML syntax shown literally (``\\*``, ``\\<``, ``\\|``)
    and a leading ``#`` or ``>`` escaped so it never starts a heading or a quote."""
    out = _MD_SPECIAL.sub(r"\\\1", one_line(text))
    if out[:1] in ("#", ">"):
        out = "\\" + out
    return out


# -- CSV --------------------------------------------------------------------------------------------
# OWASP's list (=, +, -, @, tab, CR) and their full-width forms, which some spreadsheets also read.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_text(text: str) -> str:
    """A text cell for a spreadsheet: sanitised (newlines and tabs kept inside the
    quoted cell) and, when it begins like a formula, prefixed with ``'`` as OWASP
    recommends. Numbers belong in numeric cells and never come through here."""
    out = sanitise(text.replace("\r\n", "\n"), keep="\n\t")
    return "'" + out if text.startswith(FORMULA_STARTS) or out.startswith(FORMULA_STARTS) else out


# -- HTML and JSON ------------------------------------------------------------------------------
def html_text(text: str) -> str:
    """Escaped for HTML text and attribute values, with controls and overrides shown."""
    text = sanitise(text)
    # html.escape's replacements, inline: the html module is not worth importing at start-up.
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


def json_document(text: str) -> str:
    """A JSON document (from ``json.dumps(..., ensure_ascii=False)``) with C1 controls and
    bidi overrides written as ``\\uXXXX`` escapes. JSON already escapes C0 controls, and
    these characters can only occur inside strings, so the data read back is unchanged."""
    if not any(c in text for c in _JSON_ESCAPED):  # the usual case; forty scans beat one regex, 3 to 1
        return text
    return re.sub(f"[{re.escape(_JSON_ESCAPED)}]", lambda m: f"\\u{ord(m.group()):04x}", text)


_JSON_ESCAPED = "".join(chr(c) for c in (0x7F, *range(0x80, 0xA0))) + BIDI_CONTROLS


# -- numbers and sentences ---------------------------------------------------------------------------
def round_half_away(value: float | Fraction | int | None, digits: int = 1) -> float | None:
    """Round as people do, half away from zero: 8.25 -> 8.3, -8.25 -> -8.3 (Python's
    ``round`` gives 8.2). A float is read as its shortest decimal form, so 8.15 -> 8.2."""
    if value is None:
        return None
    exact = (
        Decimal(value.numerator) / Decimal(value.denominator) if isinstance(value, Fraction) else Decimal(repr(value))
    )
    return float(exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def mean(values, digits: int = 1) -> float | None:
    """The mean of whole numbers, computed exactly and rounded half away from zero."""
    values = list(values)
    if not values:
        return None
    return round_half_away(Fraction(sum(values), len(values)), digits)


def ratio(part: int, whole: int, digits: int = 1) -> float | None:
    return round_half_away(Fraction(part, whole), digits) if whole else None


def percent(part: int, whole: int) -> int:
    """Whole percent, half away from zero: 1 of 8 is 13%, not 12%."""
    return int(round_half_away(Fraction(100 * part, whole), 0)) if whole else 0


def number(value: float | int | None) -> str:
    """``8.3``, ``7``, ``7.0`` as ``7``; a dash for no value."""
    if value is None:
        return "–"
    return f"{value:g}" if isinstance(value, float) else str(value)


def end_sentence(text: str) -> str:
    """``text`` ending in exactly one full stop (or its own ``?``, ``!`` or ``…``)."""
    text = text.rstrip()
    if not text or text.endswith((".", "?", "!", "…", ".)", ".”", ".'")):
        return text
    return text + "."


# -- dates in words ------------------------------------------------------------------
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAY_FULL = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_words(value: date | str, *, weekday: bool = True, year: bool = True) -> str:
    """``Mon 2 Nov 2026`` (``weekday``, ``year`` optional); a ``datetime`` adds ``21:30``.

    The words strftime gives under the C locale, which is what cuelog speaks whatever the
    locale, from tables: a ten-year report names thousands of days, and strftime costs
    several times as much."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value)
    text = f"{value.day} {MONTH_NAMES[value.month - 1]}"
    if weekday:
        text = f"{WEEKDAY_NAMES[value.weekday()]} {text}"
    if year:
        text = f"{text} {value.year}"
    if isinstance(value, datetime):
        text = f"{text} {value.hour:02d}:{value.minute:02d}"
    return text


# -- tables both the terminal and the exports show -------------------------------------
PHASE_LABELS = {
    "week 1": ("Week 1", "days 0–6"),
    "weeks 2-4": ("Weeks 2–4", "days 7–27"),
    "after": ("After", "day 28 on"),
}
PHASE_HEADERS = ("Phase", "Days", "Days with data", "Cravings", "Per day", "Mean", "Mean daily peak")
PHASE_EXPLAINED = {
    "Phase": "days since the quit date, the quit date being day 0",
    "Days": "calendar days of that phase within the period so far",
    "Days with data": "of those, days with at least one entry",
    "Cravings": "cravings logged in that phase",
    "Per day": "cravings divided by days",
    "Mean": "the mean craving intensity, 0–10",
    "Mean daily peak": "the mean of each day's strongest rating (cravings and check-ins), 0–10",
}


def phase_rows(phases: list[dict]) -> list[list]:
    """The weeks 2–4 table's rows (phases with at least one day), values unformatted."""
    rows = []
    for p in phases:
        if not p["days"]:
            continue
        name, span = PHASE_LABELS.get(p["phase"], (p["phase"], ""))
        label = f"{name} ({span}, in progress)" if p.get("in_progress") else f"{name} ({span})"
        rows.append(
            [
                label,
                p["days"],
                p["days_with_data"],
                p["cravings"],
                number(p["cravings_per_day"]),
                number(p["mean_intensity"]),
                number(p["mean_daily_peak"]),
            ]
        )
    return rows


def entry_counts(totals: dict) -> str:
    """``3 cravings, 1 lapse, 2 check-ins``."""
    from cuelog.wording import plural

    return ", ".join(plural(totals[k], k.replace("checkin", "check-in")) for k in ("craving", "lapse", "checkin"))


# -- searching: case and accents do not matter ----------------------------------------------------
def fold(text: str) -> str:
    """``text`` for matching whatever the case and accents: casefolded, NFKD, combining
    marks dropped ("José" and "JOSE" both fold to "jose", "Straße" to "strasse")."""
    if text.isascii():
        return text.lower()
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def folded_spans(text: str, needle: str) -> list[tuple[int, int]]:
    """Where the already folded ``needle`` occurs in ``text``, as (start, end) positions in
    ``text`` itself (an accent after a matched letter is part of the match)."""
    if not needle:
        return []
    owner: list[int] = []  # for each character of the folded text, its position in ``text``
    pieces = []
    for i, char in enumerate(text):
        folded = fold(char)
        pieces.append(folded)
        owner.extend([i] * len(folded))
    haystack = "".join(pieces)
    spans = []
    at = haystack.find(needle)
    while at >= 0:
        end = at + len(needle)
        spans.append((owner[at], owner[end] if end < len(owner) else len(text)))
        at = haystack.find(needle, end)
    return spans
