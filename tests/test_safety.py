"""The pure safety core: matching that errs towards yes, place, substances,
which notices apply when, help-now, support people and sources."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cuelog import safety, sources, wording
from cuelog.errors import InputError
from cuelog.models import Cues, Plan, SupportPerson

# -- self-harm ------------------------------------------------------------------------
MUST_CATCH = [
    "i wanna die",
    "I want to die",
    "I just want to die",
    "wanted to die last night",
    "better off dead",
    "everyone would be better off without me",
    "don't want to live",
    "dont want to live anymore",
    "I don’t want to live",
    "I DON'T WANT TO LIVE",
    "I don't really want to live",
    "not wanting to live like this",
    "I don't want to be here anymore",
    "i dont wanna be here any more",
    "no point living anymore",
    "there's no point in living",
    "nothing to live for",
    "thinking of ending it",
    "going to end it",
    "gonna end it tonight",
    "going to end it all",
    "ending my life",
    "I could end my own life",
    "overdose on purpose",
    "i want to OD on purpose",
    "thought about cutting myself",
    "cut myself again",
    "kms",
    "lol kms",
    "end things",
    "thinking about ending things",
    "take my own life",
    "taking my life",
    "kill me",
    "just kill me now",
    "hurt myself",
    "I hurt myself last night",
    "hurting myself again",
    "harming myself",
    "cutting",
    "started cutting again",
    "suicidal",
    "feeling suicidal",
    "Suicidal thoughts again",
    "thinking about suicide",
    "kill myself",
    "im gonna kill myself",
    "I'm going to kill myself",
    "i’m going to kill my self",
    "Im going to kill-myself",
    "self-harm",
    "self harm",
    "selfharm",
    "self‐harm urges",  # U+2010 hyphen
    "self – harm",
    "want to die",
    "I wish I was dead",
    "I wish I wasn't alive",
    "I can't go on",
    "I cant do this anymore",
    "kys",
    "I want to disappear",
    "I want to unalive myself",
    "slit my wrists",
    "hang myself",
    "take all my pills at once",
    "don't want to wake up tomorrow",
    "lost the will to live",
    "  WANT   TO   DIE  ",
    "want.to.die",
]

HARMLESS = [
    "I could kill for a coffee",
    "cut down on coffee",
    "ended the call early",
    "deadline stress",
    "the weekend was long",
    "we ended up at the park",
    "dead tired after work",
    "the phone battery died",
    "harmless fun at the cinema",
    "selfie with sam",
    "I want to dine out",
    "end of the day was calm",
    "I don't want to go out tonight",
    "no point arguing with him",
    "killed it at the gym",
    "hurt my back lifting boxes",
    "cut my hair short",
    "the film's ending made me cry",
    "things ended well with the landlord",
    "took my time on the walk",
    "my life is busy",
    "lived for payday",
    "sick of waiting for the bus",
    "done with work for the week",
    "can't wait for the weekend",
    "odd day",
]


@pytest.mark.parametrize("text", MUST_CATCH)
def test_self_harm_is_caught(text):
    assert safety.mentions_self_harm(text)


@pytest.mark.parametrize("text", HARMLESS)
def test_clearly_harmless_phrases_pass(text):
    # False positives are acceptable in general; these are the ones the matcher is held to.
    assert not safety.mentions_self_harm(text)


def test_corpus_is_large_enough():
    assert len(MUST_CATCH) >= 40 and len(HARMLESS) >= 20


def test_self_harm_inside_longer_text_and_among_several():
    note = "Rough day at work.\nHonestly I'm thinking of ending it, I can't see another way."
    assert safety.mentions_self_harm(None, "", "fine", note)
    assert not safety.mentions_self_harm(None, "", "a calm evening")
    assert not safety.mentions_self_harm()


@pytest.mark.parametrize("apostrophe", ["'", "’", "‘", "ʼ", ""])
@pytest.mark.parametrize("template", ["I don{a}t want to live", "I{a}m going to kill myself", "I can{a}t go on"])
def test_every_apostrophe(template, apostrophe):
    assert safety.mentions_self_harm(template.format(a=apostrophe))


@given(st.sampled_from(MUST_CATCH), st.text(alphabet=" .,!?\n\t", max_size=3), st.booleans())
def test_caught_whatever_the_case_and_surrounding_punctuation(text, around, upper):
    text = text.upper() if upper else text
    assert safety.mentions_self_harm(f"{around}{text}{around}")


def test_phrases_are_data_and_compile():
    assert isinstance(safety.SELF_HARM_PHRASES, tuple) and len(safety.SELF_HARM_PHRASES) > 40
    for phrase in safety.SELF_HARM_PHRASES + safety.OVERDOSE_PHRASES:
        assert safety._matcher((phrase,)).pattern


def test_normalise_text():
    assert safety.normalise_text("I’M gonna   kill-my self!! Don't") == "i am going to kill myself do not"
    assert safety.normalise_text("OD'd, o.d. and odd") == "od od and odd"


# -- overdose -----------------------------------------------------------------------
OVERDOSE = [
    "overdosed",
    "I think he overdosed",
    "an overdose scare",
    "OD'd last night",
    "she od’d",
    "he ODed at the party",
    "O.D.",
    "took too much",
    "he's taken too much",
    "can't wake him",
    "cant wake her up",
    "couldn't wake Sam",
    "he's not breathing",
    "stopped breathing",
    "naloxone",
    "used my narcan",
    "NARCAN",
    "his lips are going blue",
    "unresponsive on the sofa",
    "won't wake up",
]
NOT_OVERDOSE = [
    "odd day",
    "the episode was good",
    "breathing exercises helped",
    "woke up late",
    "had a coffee",
    "my dose was lowered by the doctor",
    "over the moon about it",
]


@pytest.mark.parametrize("text", OVERDOSE)
def test_overdose_is_caught(text):
    assert safety.mentions_overdose(text)


@pytest.mark.parametrize("text", NOT_OVERDOSE)
def test_overdose_harmless(text):
    assert not safety.mentions_overdose(text)


# -- place ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "env, expected",
    [
        ({"CUELOG_COUNTRY": "gb"}, "GB"),
        ({"CUELOG_COUNTRY": "US"}, "US"),
        ({"CUELOG_COUNTRY": " uk "}, "GB"),
        ({"CUELOG_COUNTRY": "nz", "LANG": "en_US.UTF-8"}, "NZ"),
        ({"CUELOG_COUNTRY": "Germany", "LANG": "en_US.UTF-8"}, None),  # no guess from a value we can't read
        ({"CUELOG_COUNTRY": "", "LANG": "en_GB.UTF-8"}, "GB"),
        ({"LANG": "en_GB.UTF-8"}, "GB"),
        ({"LANG": "de_DE@euro"}, "DE"),
        ({"LANG": "en-AU"}, "AU"),
        ({"LC_ALL": "fr_CA.UTF-8", "LC_MESSAGES": "en_US.UTF-8", "LANG": "en_GB.UTF-8"}, "CA"),
        ({"LC_ALL": "", "LC_MESSAGES": "en_IE.UTF-8", "LANG": "en_GB.UTF-8"}, "IE"),
        ({"LC_ALL": "C", "LANG": "en_GB.UTF-8"}, None),  # the first set one decides
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "POSIX"}, None),
        ({"LANG": "en"}, None),
        ({}, None),
    ],
)
def test_country(env, expected):
    assert safety.country(env) == expected


@pytest.mark.parametrize(
    "country, number",
    [
        ("US", "988"),
        ("CA", "988"),
        ("GB", "116 123"),
        ("IE", "116 123"),
        ("AU", "13 11 14"),
        ("NZ", "1737"),
        ("DE", "0800 111 0 111"),
        ("FJ", "findahelpline.com"),
        (None, "findahelpline.com"),
    ],
)
def test_crisis_lines(country, number):
    lines = safety.crisis_lines(country)
    assert number in lines[0]
    assert any("local emergency services" in line for line in lines)
    assert lines[-1] == "or someone you trust"
    message = wording.crisis_message(country)
    assert number in message and "local emergency services" in message
    assert "or someone you trust." in message


def test_text_as_well_as_call_where_it_exists():
    assert "call or text 988" in wording.crisis_message("US")
    assert "call or text 1737" in wording.crisis_message("NZ")
    assert "Samaritans" in wording.crisis_message("gb")


# -- substances ---------------------------------------------------------------------
OP, S, A, B, G, BA, U = (
    safety.OPIOIDS,
    safety.STIMULANTS,
    safety.ALCOHOL,
    safety.BENZODIAZEPINES,
    safety.GHB,
    safety.BARBITURATES,
    safety.UNKNOWN,
)


@pytest.mark.parametrize(
    "text, classes",
    [
        (None, {U}),
        ("", {U}),
        ("   ", {U}),
        ("something else", {U}),
        ("heroin", {OP}),
        ("Fentanyl", {OP}),
        ("opioids", {OP}),
        ("oxy", {OP}),
        ("OxyContin", {OP}),
        ("methadone", {OP}),
        ("suboxone", {OP}),
        ("pills", {OP}),
        ("sleeping pills", {safety.SEDATIVES}),
        ("Sleeping tablets", {safety.SEDATIVES}),
        ("zolpidem", {safety.SEDATIVES}),
        ("bars", {B}),
        ("xans", {B}),
        ("street xanax", {B}),
        ("blues", {OP, B}),
        ("fake pills", {OP, B}),
        ("gambling", {safety.BEHAVIOURS}),
        ("bookies", {safety.BEHAVIOURS}),
        ("online slots", {safety.BEHAVIOURS}),
        ("speed", {S}),
        ("kratom", {OP}),
        ("cocaine", {S}),
        ("coke", {S}),
        ("crack", {S}),
        ("crystal meth", {S}),
        ("amphetamines", {S}),
        ("MDMA", {S}),
        ("alcohol", {A}),
        ("drinking", {A}),
        ("beer and wine", {A}),
        ("whiskey", {A}),
        ("benzos", {B}),
        ("Xanax", {B}),
        ("clonazepam", {B}),
        ("etizolam", {B}),
        ("ghb", {G}),
        ("GHB/GBL", {G}),
        ("g", {G}),
        ("phenobarbital", {BA}),
        ("barbiturates", {BA}),
        ("alcohol+benzos", {A, B}),
        ("heroin & coke", {OP, S}),
        ("alcohol, cocaine", {A, S}),
        ("heroin/crack", {OP, S}),
        ("alcohol and xanax", {A, B}),
        ("cannabis", {safety.CANNABIS}),
        ("alcohol + something new", {A}),
    ],
)
def test_substance_classes(text, classes):
    assert safety.substance_classes(text) == frozenset(classes)


# -- notices ---------------------------------------------------------------------
QUIT = date(2026, 11, 1)


def keys(substance, day, context="status", lapses=(), texts=()):
    today = QUIT + timedelta(days=day)
    found = safety.notices(
        substance=substance,
        quit_date=QUIT,
        today=today,
        lapse_days=[QUIT + timedelta(days=d) for d in lapses],
        context=context,
        texts=texts,
    )
    return [n.key for n in found]


@pytest.mark.parametrize(
    "substance, day, context, lapses, expected",
    [
        # alcohol: withdrawal from before the quit date to day 14, not after
        ("alcohol", -3, "quit-date", (), ["withdrawal-stopping", "alcohol-withdrawal-signs"]),
        ("alcohol", -3, "status", (), ["withdrawal-stopping", "alcohol-withdrawal-signs"]),
        ("alcohol", 0, "status", (), ["withdrawal-stopping", "alcohol-withdrawal-signs"]),
        ("alcohol", 5, "status", (), ["withdrawal-stopping", "alcohol-withdrawal-signs"]),
        ("alcohol", 6, "status", (), ["withdrawal-stopping"]),
        ("alcohol", 10, "status", (), ["withdrawal-stopping"]),
        ("alcohol", 14, "status", (), ["withdrawal-stopping"]),
        ("alcohol", 15, "status", (), []),
        ("alcohol", 20, "status", (), []),
        ("alcohol", 52, "status", (), []),
        ("alcohol", 52, "quit-date", (), []),
        # after a lapse: withdrawal can return; within 14 days of it in status; not at 15
        ("alcohol", 20, "lapse", (20,), ["withdrawal-returning"]),
        ("alcohol", 30, "status", (20,), ["withdrawal-returning"]),
        ("alcohol", 34, "status", (20,), ["withdrawal-returning"]),
        ("alcohol", 35, "status", (20,), []),
        ("alcohol", 10, "status", (8,), ["withdrawal-stopping", "withdrawal-returning"]),
        ("alcohol", 10, "lapse", (10,), ["withdrawal-returning"]),
        # heroin: overdose risk after a lapse, not before one, not 15 days on
        ("heroin", 0, "status", (), []),
        ("heroin", 10, "status", (), []),
        ("heroin", 20, "status", (), []),
        ("heroin", 20, "lapse", (20,), ["overdose", "overdose-emergency"]),
        ("heroin", 30, "status", (20,), ["overdose", "overdose-emergency"]),
        ("heroin", 35, "status", (20,), ["overdose", "overdose-emergency"]),  # tolerance: 28 days
        ("heroin", 48, "status", (20,), ["overdose", "overdose-emergency"]),
        ("heroin", 49, "status", (20,), []),
        ("heroin", -3, "quit-date", (), ["overdose", "overdose-emergency"]),
        # unset: could be anything, so overdose after a lapse; no withdrawal guess
        (None, 10, "status", (), []),
        (None, 20, "lapse", (20,), ["overdose", "overdose-emergency"]),
        (None, 30, "status", (20,), ["overdose", "overdose-emergency"]),
        (None, 49, "status", (20,), []),
        (None, -3, "quit-date", (), []),
        # cocaine: street supply can contain fentanyl (not tolerance), for two weeks
        ("cocaine", 10, "status", (), []),
        ("cocaine", 20, "lapse", (20,), ["stimulant-supply"]),
        ("cocaine", 30, "status", (20,), ["stimulant-supply"]),
        ("cocaine", 35, "status", (20,), []),
        ("cocaine", -3, "quit-date", (), []),
        # both
        ("alcohol+benzos", -3, "quit-date", (), ["withdrawal-stopping", "alcohol-withdrawal-signs"]),
        ("alcohol+benzos", 20, "status", (), []),
        ("alcohol+benzos", 20, "lapse", (20,), ["sedative-pills", "withdrawal-returning"]),
        ("alcohol+benzos", 35, "status", (20,), []),
        ("heroin & alcohol", 20, "lapse", (20,), ["overdose", "overdose-emergency", "withdrawal-returning"]),
        # benzodiazepines: counterfeit pills and mixing, and withdrawal; no opioid note
        ("benzos", 20, "lapse", (20,), ["sedative-pills", "withdrawal-returning"]),
        ("cannabis", 20, "lapse", (20,), []),
    ],
)
def test_notice_timing(substance, day, context, lapses, expected):
    assert keys(substance, day, context, lapses) == expected


def test_several_lapses_said_once_at_the_third_within_two_weeks():
    assert "several-lapses" not in keys("cocaine", 10, "lapse", (3, 10))
    assert "several-lapses" in keys("cocaine", 10, "lapse", (3, 7, 10))
    assert "several-lapses" not in keys("cocaine", 11, "lapse", (3, 7, 10, 11))  # once
    assert "several-lapses" not in keys("cocaine", 20, "lapse", (3, 7, 20))  # day 3 is 17 days back
    assert "several-lapses" not in keys("cocaine", 10, "status", (3, 7, 10))


def test_emergency_and_crisis_from_texts_come_first():
    found = keys("heroin", 20, "lapse", (20,), texts=("he's not breathing", None))
    assert found == ["overdose-emergency", "overdose"]  # what to do in an overdose: once, first
    found = keys("alcohol", 50, "status", texts=("I want to die",))
    assert found == ["crisis"]


def test_notice_texts_and_country():
    found = safety.notices(
        substance="heroin",
        quit_date=QUIT,
        today=QUIT,
        lapse_days=[QUIT],
        context="lapse",
        texts=("can't wake him", "want to end it all"),
        country="GB",
    )
    by_key = {n.key: n.text for n in found}
    assert "116 123" in by_key["crisis"]
    assert "999" in by_key["overdose-emergency"] and "naloxone" in by_key["overdose-emergency"]
    assert "alone" in by_key["overdose"] and "naloxone" in by_key["overdose"] and "sedatives" in by_key["overdose"]
    assert "If you use again" in by_key["overdose"] and "If you use," not in by_key["overdose"]


def test_no_quit_date_still_gives_lapse_notices():
    found = safety.notices(
        substance="alcohol", quit_date=None, today=QUIT, lapse_days=[QUIT], context="status", texts=()
    )
    assert [n.key for n in found] == ["withdrawal-returning"]


def test_unknown_context_is_a_programming_error():
    with pytest.raises(ValueError):
        safety.notices(substance=None, quit_date=None, today=QUIT, lapse_days=[], context="summary")


@pytest.mark.parametrize(
    "substance, names",
    [
        ("alcohol", ["heavy drinking"]),
        ("benzos", ["benzodiazepines", "prescribed"]),
        ("ghb", ["GHB/GBL"]),
        ("phenobarbital", ["barbiturates", "prescribed"]),
        ("alcohol+benzos", ["heavy drinking", "benzodiazepines"]),
    ],
)
def test_withdrawal_text_names_the_substance(substance, names):
    notice, *signs = safety.notices(substance=substance, quit_date=QUIT, today=QUIT, context="quit-date")
    assert [n.key for n in signs] == (["alcohol-withdrawal-signs"] if "alcohol" in substance else [])
    for name in names:
        assert name in notice.text
    assert "seizures" in notice.text and "doctor" in notice.text
    if substance == "alcohol":
        assert "benzodiazepines" not in notice.text


# -- help now ----------------------------------------------------------------------
AT = datetime(2026, 11, 14, 21, 0).astimezone()


def test_help_now_document():
    plans = [
        Plan("p1", Cues(place=("work",)), "take a walk at lunch", AT),
        Plan("p2", Cues(place=("the bar",)), "call my sister", AT),
        Plan("p3", Cues(person=("sam",)), "meet somewhere else", AT),
    ]
    people = [SupportPerson("s1", "José", "+44 7700 900123", "any time after 6", AT)]
    doc = safety.help_now_document(
        country="GB", plans=plans, support=people, cues=Cues(place=("the bar",), person=("sam",))
    )
    assert [p["id"] for p in doc["plans"]] == ["p2", "p3", "p1"]
    assert [p["matches"] for p in doc["plans"]] == [True, True, False]
    assert doc["plans"][0]["if"] == "the bar" and doc["plans"][0]["then"] == "call my sister"
    assert doc["support"] == [{"id": "s1", "name": "José", "phone": "+44 7700 900123", "note": "any time after 6"}]
    assert doc["crisis"]["lines"][0].startswith("call Samaritans on 116 123") and "116 123" in doc["crisis"]["message"]
    assert "999" in doc["emergency"]
    assert doc["urge_surfing"]["steps"] and "often" in doc["urge_surfing"]["intro"]
    assert doc["urge_surfing"]["prompts"]["now"] == "How strong is it now, 0–10? (Enter skips)"
    assert doc["sources"] == "Where these facts come from: cuelog sources"


def test_help_now_without_anything():
    doc = safety.help_now_document(country=None, plans=[], support=[])
    assert doc["plans"] == [] and doc["support"] == []
    assert "findahelpline.com" in doc["crisis"]["message"]
    assert doc["crisis"]["lines"][-1] == "or someone you trust"


# -- support people -----------------------------------------------------------------
def test_support_person_round_trip():
    person = SupportPerson("s1", "  José   García ", " +1 555 0100 ", "  sponsor\n", AT)
    assert person.name == "José García" and person.phone == "+1 555 0100" and person.note == "sponsor"
    record = person.to_record()
    assert record == {
        "id": "s1",
        "name": "José García",
        "phone": "+1 555 0100",
        "note": "sponsor",
        "created_at": AT.isoformat(timespec="seconds"),
    }
    assert SupportPerson.from_record(record) == person
    assert SupportPerson("s2", "Mum", None, None, AT).to_record()["phone"] is None


@pytest.mark.parametrize(
    "record",
    [
        {"id": "s1", "name": "", "created_at": "2026-11-14T21:00:00+00:00"},
        {"id": "s1", "name": "   ", "created_at": "2026-11-14T21:00:00+00:00"},
        {"id": "s1", "name": "a\nb", "created_at": "2026-11-14T21:00:00+00:00"},
        {"id": "s1", "name": "a\x1b[31m", "created_at": "2026-11-14T21:00:00+00:00"},
        {"id": "s1", "name": "x" * 201, "created_at": "2026-11-14T21:00:00+00:00"},
        {"id": "s1", "name": "Sam", "phone": "1\t2", "created_at": "2026-11-14T21:00:00+00:00"},
        {"id": "s1", "name": "Sam", "phone": "1" * 201, "created_at": "2026-11-14T21:00:00+00:00"},
        {"id": "s1", "name": "Sam", "phone": 555, "created_at": "2026-11-14T21:00:00+00:00"},
        {"id": "s1", "name": "Sam", "note": "a\x00b", "created_at": "2026-11-14T21:00:00+00:00"},
        {"id": "s1", "name": "Sam", "created_at": "2026-11-14 21:00"},
        {"id": "", "name": "Sam", "created_at": "2026-11-14T21:00:00+00:00"},
        {"name": "Sam", "created_at": "2026-11-14T21:00:00+00:00"},
        {"id": "s1", "created_at": "2026-11-14T21:00:00+00:00"},
        ["not", "a", "record"],
    ],
)
def test_support_person_refuses_bad_records(record):
    with pytest.raises(InputError):
        SupportPerson.from_record(record)


def test_support_person_names_up_to_200_characters():
    assert SupportPerson("s1", "x" * 200, "1" * 200, None, AT).name == "x" * 200


# -- sources ------------------------------------------------------------------------
def test_every_notice_has_a_source():
    for key in safety.NOTICE_KEYS:
        assert sources.source(key), key


def test_notice_keys_cover_what_notices_can_say():
    seen = set()
    for substance in ("heroin", "alcohol", "cocaine", "sleeping pills", None):
        for day, lapses in ((0, ()), (5, (1, 3, 5))):
            for context in safety.CONTEXTS:
                found = safety.notices(
                    substance=substance,
                    quit_date=QUIT,
                    today=QUIT + timedelta(days=day),
                    lapse_days=[QUIT + timedelta(days=d) for d in lapses],
                    context=context,
                    texts=("not breathing", "want to die"),
                )
                seen |= {n.key for n in found}
    assert seen == set(safety.NOTICE_KEYS)


def test_sources_are_complete_and_unique():
    keys = [s.key for s in sources.SOURCES]
    assert len(keys) == len(set(keys))
    for s in sources.SOURCES:
        assert s.claim and s.sources and all(isinstance(x, str) and x for x in s.sources)
    doc = sources.sources_document()
    assert doc["sources"][0] == sources.SOURCES[0].as_dict()
    for key in (
        "lapses-common",
        "if-then-plans",
        "lapse-one-event",
        "confidence",
        "high-risk-situations",
        "urge-surfing",
        "chain-analysis",
        "next-24-hours",
        "weeks-2-4",
        "cue-craving-lasts",
        "stimulant-crash",
        "days-without-use",
    ):
        assert sources.source(key), key
    assert "0.65" in sources.source("if-then-plans").claim
    assert "can help" in sources.source("if-then-plans").claim


_WORDS = sorted({w for text in MUST_CATCH + HARMLESS for w in text.split()} | {"the", "a", "bar", "calm", "od", "kms"})


@given(st.lists(st.sampled_from(_WORDS), max_size=12).map(" ".join) | st.text(max_size=60))
def test_the_quick_word_check_never_hides_a_match(text):
    """safety._mentions tries only the phrases whose last word a sentence has; that may
    only ever save time, never change the answer (every phrase, on every sentence)."""
    for phrases in (safety.SELF_HARM_PHRASES, safety.OVERDOSE_PHRASES):
        direct = any(safety._matcher((p,)).search(s) for s in safety.sentences(text) for p in phrases)
        assert safety._mentions(phrases, [text]) is direct
