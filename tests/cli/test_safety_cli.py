"""Safety through the command line: the crisis corpus in every kind of text a person
types, with and without --json; the lines for the place; the overdose and withdrawal
notices at the right time; the order of what a lapse prints; --quiet keeping safety.

The whole corpus runs in-process (``run``, through ``cuelog.cli.main``) for breadth; a
sample of it, and everything about stdout and stderr, through the installed script."""

import json
from datetime import date, timedelta

import pytest

from cuelog import wording
from tests.test_safety import HARMLESS, MUST_CATCH

CRISIS = "thinking about harming yourself"
OVERDOSE = "naloxone near you"
STOPPING = "can cause dangerous withdrawal"
RETURNING = "withdrawal can come back"


@pytest.fixture(autouse=True)
def no_place(monkeypatch):
    """The tests choose the place themselves; the machine's own locale must not."""
    for name in ("CUELOG_COUNTRY", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def said(result) -> str:
    return " ".join((result.out + "\n" + result.err).split())


SURFACES = {
    "note": lambda text: ["craving", "5", "--note", text],
    "cue": lambda text: ["craving", "5", "--feeling", text],
    "plan": lambda text: ["plan", "add", "--place", "home", text],
    # The same check on every other text a person types, with a sample of the corpus.
    "activity": lambda text: ["craving", "5", "--activity", text],
    "coping": lambda text: ["craving", "5", "--coping", text],
    "lapse note": lambda text: ["lapse", "--note", text],
    "lapse person": lambda text: ["lapse", "--person", text],
    "lapse amount": lambda text: ["lapse", "--amount", text],
    "checkin feeling": lambda text: ["checkin", "--feeling", text, "--no-used"],
    "checkin note": lambda text: ["checkin", "--note", text, "--no-used"],
    "plan cue": lambda text: ["plan", "add", "--feeling", text, "call Ana"],
    "support note": lambda text: ["support", "add", "Ana", "--note", text],
}
WHOLE_CORPUS = ("note", "cue", "plan")


@pytest.mark.parametrize("surface", list(SURFACES))
@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_the_crisis_corpus_through_the_cli(run, surface, as_json):
    step = 1 if surface in WHOLE_CORPUS else 10
    for text, expected in [(t, True) for t in MUST_CATCH[::step]] + [(t, False) for t in HARMLESS[::step]]:
        args = SURFACES[surface](text) + (["--json"] if as_json else [])
        r = run(*args)
        assert r.code == 0, (args, r.err)
        assert said(r).count(CRISIS) == (1 if expected else 0), (surface, text, r.out, r.err)
        if as_json:
            json.loads(r.out)  # stdout stays one JSON document
            assert CRISIS not in r.out


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_the_crisis_corpus_in_reflection_answers(run, as_json):
    corpus = [(t, True) for t in MUST_CATCH] + [(t, False) for t in HARMLESS]
    lapses = [
        {
            "id": f"lapse{i:04d}",
            "kind": "lapse",
            "at": "2026-11-20T22:00:00+01:00",
            "reflection": {"first-moment": "payday", "after-thoughts": text},
        }
        for i, (text, _) in enumerate(corpus)
    ]
    assert run("import", "-", stdin="\n".join(json.dumps(lapse) for lapse in lapses)).code == 0
    for i, (text, expected) in enumerate(corpus):
        r = run("reflect", f"lapse{i:04d}", *(["--json"] if as_json else []))
        assert r.code == 0, r.err
        assert said(r).count(CRISIS) == (1 if expected else 0), (text, r.out, r.err)
        if as_json:
            assert json.loads(r.out)["answers"]["after-thoughts"] == text.strip()
            assert (CRISIS in r.err) is expected and CRISIS not in r.out


CONSOLE_SAMPLE = [*MUST_CATCH[::12], *HARMLESS[::9]]
CONSOLE_SURFACES = (["craving", "4", "--note"], ["craving", "4", "--place"], ["plan", "add", "--tag", "x"])


@pytest.mark.parametrize("i", range(len(CONSOLE_SAMPLE)), ids=lambda i: CONSOLE_SAMPLE[i])
def test_a_sample_of_the_corpus_through_the_console_script(cuelog, i):
    text, expected = CONSOLE_SAMPLE[i], CONSOLE_SAMPLE[i] in MUST_CATCH
    args = [*CONSOLE_SURFACES[i % len(CONSOLE_SURFACES)], text]
    r = cuelog(*args, env={"LANG": "C.UTF-8"})
    assert r.code == 0 and (CRISIS in r.out) is expected and r.err == "", (args, r.out, r.err)
    r = cuelog(*args, "--json", env={"LANG": "C.UTF-8"})
    assert r.code == 0 and (CRISIS in r.err) is expected, (args, r.err)
    json.loads(r.out)  # stdout stays one JSON document


@pytest.mark.parametrize(
    "env, line",
    [
        ({"CUELOG_COUNTRY": "GB"}, "Samaritans on 116 123"),
        ({"CUELOG_COUNTRY": "uk"}, "Samaritans on 116 123"),
        ({"CUELOG_COUNTRY": "IE"}, "Samaritans on 116 123"),
        ({"LANG": "en_GB.UTF-8"}, "Samaritans on 116 123"),
        ({"LANG": "en_US.UTF-8"}, "call or text 988"),
        ({"LANG": "fr_CA.UTF-8"}, "call or text 988"),
        ({"LANG": "en_GB.UTF-8", "LC_ALL": "en_AU.UTF-8"}, "Lifeline on 13 11 14"),
        ({"LANG": "en_GB.UTF-8", "CUELOG_COUNTRY": "NZ"}, "call or text 1737"),
        ({"LANG": "de_DE.UTF-8"}, "TelefonSeelsorge on 0800 111 0 111"),
        ({"LANG": "es_CL.UTF-8"}, "findahelpline.com"),
        ({"LANG": "C.UTF-8"}, "findahelpline.com"),
    ],
)
def test_the_crisis_lines_follow_the_place(cuelog, env, line):
    env = {"CUELOG_COUNTRY": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "", **env}
    r = cuelog("craving", "6", "--note", "I don't want to be here anymore", env=env)
    assert r.code == 0 and line in " ".join(r.out.split()) and "or someone you trust" in " ".join(r.out.split())
    r = cuelog("craving", "6", "--note", "I don't want to be here anymore", "--json", env=env)
    assert line in " ".join(r.err.split()) and json.loads(r.out)["intensity"] == 6


@pytest.mark.parametrize(
    "substance, expected, days",
    [
        ("heroin", True, 28),  # tolerance: four weeks (Merrall et al. 2010)
        (None, True, 28),
        ("pills", True, 28),
        ("cocaine", True, 14),  # fentanyl in the supply: two weeks
        ("alcohol", False, 14),
        ("beer and wine", False, 14),
    ],
)
def test_the_overdose_notice_after_a_lapse(run, substance, expected, days):
    run("quit-date", "2026-11-01", *(["--substance", substance] if substance else []))
    lapse = run("lapse", "--at", "2026-11-22 10:00")
    assert (OVERDOSE in lapse.text) is expected
    status = run("status")  # the day of the lapse
    assert (OVERDOSE in status.text) is expected
    last = date(2026, 11, 22) + timedelta(days=days)
    assert (OVERDOSE in run("status", "--on", last.isoformat()).text) is expected
    later = run("status", "--on", (last + timedelta(days=1)).isoformat())
    assert OVERDOSE not in later.text


def test_a_note_about_an_overdose_adds_the_emergency_line(run, monkeypatch):
    monkeypatch.setenv("CUELOG_COUNTRY", "GB")
    r = run("lapse", "--note", "sam took too much and would not wake up")
    assert "If someone may be overdosing" in r.text and "call local emergency services (999 or 112) now" in r.text
    assert r.text.index("If someone may be overdosing") < r.text.index(OVERDOSE)  # the most urgent first
    assert "If someone may be overdosing" in run("craving", "3", "--note", "carrying narcan now").text


@pytest.mark.parametrize(
    "on, expected",
    [("2026-10-17", True), ("2026-10-20", True), ("2026-10-30", True), ("2026-11-03", True), ("2026-11-09", False)],
    ids=["day -3", "day 0", "day 10", "day 14", "day 20"],
)
def test_the_stopping_safely_notice_up_to_day_14(run, on, expected):
    run("quit-date", "2026-10-20", "--substance", "alcohol+benzos")
    r = run("status", "--on", on)
    assert (STOPPING in r.text) is expected
    assert RETURNING not in r.text  # no lapse: nothing about withdrawal coming back
    assert ("even at a prescribed dose" in r.text) is expected
    doc = run("status", "--on", on, "--json").json()
    assert ("withdrawal-stopping" in [n["key"] for n in doc["notices"]]) is expected


def test_the_returning_withdrawal_notice_after_a_lapse(run):
    set_late = run("quit-date", "2026-10-20", "--substance", "vodka")
    assert STOPPING not in set_late.text  # set on day 33: past the first two weeks, so not said
    lapse = run("lapse", "--at", "2026-11-12 21:00", "--place", "pub")
    assert RETURNING in lapse.text and "a seizure" in lapse.text
    assert STOPPING not in lapse.text and OVERDOSE not in lapse.text
    assert RETURNING in run("status", "--on", "2026-11-12").text
    assert RETURNING in run("status", "--on", "2026-11-22").text  # ten days after the lapse
    assert RETURNING not in run("status", "--on", "2026-11-27").text  # fifteen


def test_several_lapses_close_together_are_named_once(run):
    run("quit-date", "2026-11-01", "--substance", "cocaine")
    first = run("lapse", "--at", "2026-11-15 22:00")
    second = run("lapse", "--at", "2026-11-18 22:00")
    third = run("lapse", "--at", "2026-11-21 22:00")
    assert "Several lapses close together" not in first.text + second.text
    assert "Several lapses close together" in third.text and "your history stays" in third.text
    assert "Several lapses close together" not in run("lapse", "--at", "2026-11-22 09:00").text


def test_the_order_of_what_a_lapse_prints(cuelog):
    cuelog("quit-date", "2026-11-01", "--substance", "heroin")
    cuelog("plan", "add", "--place", "bar", "leave and call my sister")
    r = cuelog("lapse", "--place", "bar", "--note", "long day, took too much", env={"CUELOG_COUNTRY": "US"})
    text = " ".join(r.out.split())
    order = [
        "Lapse noted for",
        wording.LAPSE_MESSAGE,
        "call local emergency services (911) now",
        OVERDOSE,
        "Your plan: if bar then leave and call my sister",
        wording.NEXT_24_HOURS,
        wording.SKIP_UNTIL_TOMORROW,
        " 1. What had just happened",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions), list(zip(order, positions, strict=True))
    for part in (wording.LAPSE_MESSAGE, wording.NEXT_24_HOURS, OVERDOSE):
        assert text.count(part) == 1, part
    assert r.err == ""


def test_a_disclosure_in_a_lapse_comes_first_and_stops_the_rest(cuelog):
    """The crisis lines before anything else; no reframe, no plan, no question after it."""
    cuelog("quit-date", "2026-11-01", "--substance", "heroin")
    cuelog("plan", "add", "--place", "bar", "leave and call my sister")
    r = cuelog("lapse", "--place", "bar", "--note", "i wanna die", env={"CUELOG_COUNTRY": "US"})
    text = " ".join(r.out.split())
    assert text.startswith("If you are " + CRISIS)
    order = [CRISIS, "the rest can wait", "putting distance between you and the means", "Lapse noted for", OVERDOSE]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions), list(zip(order, positions, strict=True))
    for absent in (wording.LAPSE_MESSAGE, "leave and call my sister", wording.NEXT_24_HOURS, "What had just"):
        assert absent not in text
    assert text.count(CRISIS) == 1 and r.err == ""


def test_quiet_and_json_keep_the_safety_lines_on_stderr(cuelog):
    cuelog("quit-date", "2026-11-01", "--substance", "heroin")
    quiet = cuelog("lapse", "--quiet", "--note", "want to die", env={"CUELOG_COUNTRY": "GB"})
    assert quiet.code == 0 and quiet.out == ""
    err = " ".join(quiet.err.split())
    assert err.startswith("If you are thinking about harming yourself") and "Samaritans on 116 123" in err
    assert err.index("Samaritans") < err.index("Lapse noted for") < err.index(OVERDOSE)
    assert "?" not in quiet.err and wording.LAPSE_MESSAGE not in err  # no questions, no message
    as_json = cuelog("lapse", "--json", "--coping", "Called Ana", "--amount", "£20 bag", env={"CUELOG_COUNTRY": "GB"})
    record = json.loads(as_json.out)
    assert record["coping"] == ["called ana"] and record["amount"] == "£20 bag"
    assert OVERDOSE in " ".join(as_json.err.split()) and CRISIS not in as_json.err


def test_quit_date_says_how_to_stop_safely_and_names_earlier_attempts_only_when_there_are(run):
    first = run("quit-date", "2026-11-20", "--substance", "xanax")
    assert STOPPING in first.text and "even at a prescribed dose" in first.text
    assert "Earlier attempts" not in first.text
    second = run("quit-date", "2026-11-22", "--substance", "klonopin")
    assert "Earlier attempts stay in your history" in second.text
    json_run = run("quit-date", "2026-11-22", "--substance", "ativan", "--json")
    assert json.loads(json_run.out)["substance"] == "ativan" and STOPPING in " ".join(json_run.err.split())
    assert STOPPING not in run("quit-date", "2026-11-22", "--substance", "cocaine").text
    assert OVERDOSE in run("quit-date", "2026-11-22", "--substance", "fentanyl").text
