"""What cuelog says to a person: situational, hedged, never dispositional.

The word scan reads every string constant (f-string parts included, docstrings
excluded) of the modules that hold user-facing text, with ``ast``, so a new
sentence is checked the day it is written. Source titles in cuelog/sources.py are
quoted as published and are the one exemption; the claims there are scanned.
"""

import ast
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

import cuelog
from cuelog import safety, sources, wording
from cuelog.analysis import prompts
from cuelog.analysis.windows import window_text
from cuelog.models import Cues, Entry

PACKAGE = Path(cuelog.__file__).parent
SCANNED = sorted(
    [
        *PACKAGE.glob("wording*.py"),
        *(PACKAGE / "wording").glob("*.py"),
        PACKAGE / "analysis" / "prompts.py",
        PACKAGE / "safety.py",
        PACKAGE / "demo.py",
    ]
)


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def string_constants(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
    ]


def banned_in(text: str) -> list[str]:
    """Whole words or word beginnings ("fail" catches "failed"); phrases as whole phrases.
    What ``NOT_ABOUT_A_PERSON`` matches is not a label for a person."""
    lowered = NOT_ABOUT_A_PERSON.sub("", text.lower().replace("’", "'"))
    found = []
    for word in wording.DISPOSITIONAL_WORDS:
        tail = r"\b" if " " in word else ""
        if re.search(rf"\b{re.escape(word)}{tail}", lowered):
            found.append(word)
    return found


# Where cuelog speaks from the command line: every string there is scanned as well.
CLI_SCANNED = sorted([*(PACKAGE / "cli").glob("*.py"), PACKAGE / "render.py"])
README = PACKAGE.parent / "README.md"
# Not about a person: the name of the clinical approach, as Marlatt and Gordon published it,
# and "characters" as the unit of text length ("4+ characters"); "character" stays banned.
NOT_ABOUT_A_PERSON = re.compile(r"relapse[- ]prevention|\bcharacters\b", re.IGNORECASE)


def test_the_scan_covers_the_text_modules():
    names = {p.relative_to(PACKAGE).as_posix() for p in SCANNED}
    assert {"wording/common.py", "wording/safety.py", "analysis/prompts.py", "safety.py", "demo.py"} <= names
    assert {"wording/insight.py", "wording/report.py"} <= names


@pytest.mark.parametrize("path", SCANNED, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_dispositional_word_in_any_string(path):
    for text in string_constants(path):
        if text in wording.DISPOSITIONAL_WORDS:  # the list itself
            continue
        assert not banned_in(text), (path.name, banned_in(text), text)


@pytest.mark.parametrize("path", CLI_SCANNED, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_dispositional_word_in_the_command_line(path):
    for text in string_constants(path):
        assert not banned_in(text), (path.name, banned_in(text), text)


def test_no_dispositional_word_in_the_readme():
    for number, line in enumerate(README.read_text(encoding="utf-8").splitlines(), 1):
        assert not banned_in(line), (number, banned_in(line), line)


@pytest.fixture(scope="module")
def demo_reports():
    """The demo journal's report in every export format, each of its redactions too."""
    from cuelog.analysis.report import build_report, redaction_parts
    from cuelog.demo import demo_journal
    from cuelog.export import registry

    now = datetime(2026, 11, 22, 20, 0).astimezone()
    attempt, entries = demo_journal(now)
    out = {}
    for redact in (None, "all"):
        report = build_report(
            entries,
            [attempt],
            end=now.date(),
            since=None,
            until=None,
            redact_parts=redaction_parts(redact),
            generated_at=now,
            first_entry_day=min(e.at.date() for e in entries),
            with_entries=True,
        )
        for name, fmt in registry().items():
            out[f"{name}, redact {redact}"] = fmt.render(report)
    return out


def test_no_dispositional_word_in_any_export(demo_reports):
    assert len(demo_reports) >= 8
    for name, text in demo_reports.items():
        for number, line in enumerate(text.splitlines(), 1):
            assert not banned_in(line), (name, number, banned_in(line), line[:200])


def test_the_scan_would_catch_them():
    assert banned_in("You should have known") == ["should"]
    assert banned_in("Why did you relapse?") == ["relapse", "why did you"]
    assert banned_in("you gave in") == ["gave in"]
    assert banned_in("a slip-up") == ["slip"]
    assert banned_in("an addict") == ["addict"]
    assert banned_in("don't let yourself") == ["let yourself"]
    assert banned_in("it failed") == ["fail"]
    assert not banned_in("a lapse in one situation")
    assert not banned_in("relapse-prevention".replace("relapse", "lapse"))
    assert not banned_in("A private relapse-prevention journal") and not banned_in("Relapse Prevention (1985)")
    assert banned_in("one relapse after the prevention talk") == ["relapse"]
    assert not banned_in("an id of 4+ characters") and banned_in("a matter of character") == ["character"]


def test_source_claims_are_scanned_titles_are_exempt():
    for s in sources.SOURCES:
        assert not banned_in(s.claim), (s.key, s.claim)
    titles = " ".join(t for s in sources.SOURCES for t in s.sources)
    assert "Relapse" in titles  # quoted as published: the exemption is real, and explicit


AT = datetime(2026, 11, 13, 17, 30).astimezone()  # a Friday evening


def rendered_texts():
    """Texts built at run time, which no constant scan sees whole."""
    for country in (*wording.CRISIS_LINES, None, "DE"):
        yield wording.crisis_message(country)
        yield wording.overdose_emergency(country)
    for classes in ({"alcohol"}, {"benzodiazepines"}, {"ghb"}, {"barbiturates"}, set(safety.WITHDRAWAL_CLASSES)):
        yield wording.withdrawal_stopping(classes)
    end = date(2026, 12, 6)
    for days in (-3, 0, 10, 27, 28, 60):
        for classes in ({"stimulants"}, {"opioids"}):
            for first_time in (False, True):
                yield window_text(days, classes, end, first_time=first_time, explain=True).text
    lapse = Entry(
        "abcd1234",
        "lapse",
        AT,
        AT,
        cues=Cues(place=("sam's flat",), person=("sam",), feeling=("celebrating",), tag=("payday",)),
        reflection={"place": "x", "friend": "y", "coping": "z"},
    )
    doc = prompts.reflection_document(lapse)
    yield from (q["prompt"] for q in doc["questions"])
    yield doc["reframe"]
    yield wording.days_without_use(18, 21, 2, 1)
    yield wording.urge_wait(15)
    yield wording.urge_change(8, 5)
    yield wording.urge_change(5, 8)
    yield from (n.text for n in _all_notices())


def _all_notices():
    quit_day = date(2026, 11, 1)
    for substance in ("heroin", "alcohol+benzos+ghb+barbiturates", "cocaine", "sleeping pills", "gambling", None):
        for context in safety.CONTEXTS:
            yield from safety.notices(
                substance=substance,
                quit_date=quit_day,
                today=quit_day + timedelta(days=5),
                lapse_days=[quit_day + timedelta(days=d) for d in (1, 3, 5)],
                context=context,
                texts=("not breathing", "want to die"),
                country="US",
            )


@pytest.mark.parametrize("text", list(rendered_texts()))
def test_rendered_texts_are_not_dispositional(text):
    assert not banned_in(text), text


SLOGANS = ("keep counting", "keeps counting", "recovery continues", "what helps most", "before they fade")


def test_no_slogans_anywhere():
    every = [t for p in SCANNED for t in string_constants(p)] + list(rendered_texts())
    for text in every:
        for slogan in SLOGANS:
            assert slogan not in text.lower(), (slogan, text)


def test_lapse_message_is_one_message():
    assert wording.REFRAME is wording.LAPSE_MESSAGE
    text = wording.LAPSE_MESSAGE.lower()
    assert "does not undo" in text and "what comes next matters more" in text
    assert "recovery continues" not in text and "helps most" not in text


def test_window_texts_predict_nothing():
    texts = [
        wording.WINDOW_EXPLAINER,
        wording.WINDOW_CAVEAT,
        wording.WINDOW_STIMULANT_CRASH,
        wording.WINDOW_AHEAD,
        wording.WINDOW_INSIDE,
        wording.WINDOW_PASSED,
        wording.WINDOW_PASSED_FULL,
    ]
    for text in texts:
        assert not re.search(r"\bwill\b", text), text
        assert "behind you" not in text and "fade" not in text
    assert wording.WINDOW_EXPLAINER.startswith("Some people notice cravings return or feel stronger")


def test_generic_claims_are_hedged():
    hedges = ("may", "some people", "often", "can", "many", "studies differ")
    for text in (
        wording.WINDOW_EXPLAINER,
        wording.WINDOW_STIMULANT_CRASH,
        wording.WINDOW_CAVEAT,
        wording.WINDOW_PASSED,
        wording.URGE_SURF_INTRO,
        wording.OVERDOSE,
        wording.STIMULANT_SUPPLY,
        wording.SEDATIVE_PILLS,
        wording.WITHDRAWAL_RETURNING,
        wording.SEVERAL_LAPSES,
        wording.NEXT_24_HOURS,
    ):
        assert any(h in text.lower() for h in hedges), text


def test_skip_offer_and_sources_pointer():
    assert wording.SKIP_UNTIL_TOMORROW == (
        "If you used in the last few hours, these questions can wait until tomorrow: cuelog reflect"
    )
    assert wording.SOURCES_POINTER == "Where these facts come from: cuelog sources"
    assert wording.URGE_NOW_PROMPT == "How strong is it now, 0–10? (Enter skips)"


def test_honest_count_sentence():
    assert wording.days_without_use(18, 21, 2, 1) == (
        "From your check-ins: 18 of the 21 days from your quit date to today without use "
        "(2 with use, 1 without a check-in)."
    )
    assert wording.days_without_use(5, 5, 0, 0).endswith("5 of the 5 days from your quit date to today without use.")


def test_demo_says_it_is_made_up():
    assert "made-up" in wording.DEMO_INTRO.lower()


def test_plural():
    assert wording.plural(1, "lapse") == "1 lapse"
    assert wording.plural(2, "lapse") == "2 lapses"
    assert wording.plural(3, "entry") == "3 entries"
    assert wording.plural(2, "day") == "2 days"


def test_everyday_texts():
    assert "crisis line" in wording.crisis_message(None) and "clinician" in wording.withdrawal_stopping({"alcohol"})
    assert wording.INTENSITY_QUESTION["then"].startswith("How strong was")
    assert isinstance(wording.LAPSES_LINE, str) and "counting" not in wording.LAPSES_LINE
