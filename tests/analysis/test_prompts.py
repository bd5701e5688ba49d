from datetime import datetime

import pytest

from cuelog import wording
from cuelog.analysis import prompts
from cuelog.analysis.prompts import build_prompts, reflection_document
from cuelog.models import Cues, Entry

FRIDAY_EVENING = datetime(2026, 11, 13, 19, 30).astimezone()
SATURDAY_1AM = datetime(2026, 11, 14, 1, 0).astimezone()

CORE = [
    "first-moment",
    "before",
    "promise",
    "earlier-choice",
    "coping-reach",
    "after-thoughts",
    "tell",
    "confidence",
    "change",
    "next-24-hours",
]


def lapse(at=FRIDAY_EVENING, reflection=None, **cues):
    return Entry(id="abcd1234", kind="lapse", at=at, logged_at=at, cues=Cues(**cues), reflection=reflection or {})


CASES = [
    lapse(),
    lapse(place=("the bar",)),
    lapse(place=("bar", "street"), person=("sam",), feeling=("lonely",)),
    lapse(
        place=("bar",), person=("sam",), feeling=("lonely",), body=("tired",), activity=("payday",), tag=("weekend",)
    ),
]


@pytest.mark.parametrize("entry", CASES)
def test_fixed_core_in_order_never_crowded_out(entry):
    keys = [p.key for p in build_prompts(entry)]
    assert [k for k in keys if k in CORE] == CORE
    assert keys[0] == "first-moment" and keys[-1] == "next-24-hours"
    assert len(set(keys)) == len(keys)
    assert keys == [k for k in prompts.ORDER if k in keys]


@pytest.mark.parametrize("entry", CASES)
def test_every_prompt_is_a_question(entry):
    for p in build_prompts(entry):
        assert p.text.rstrip().endswith("?"), p.text


def test_order_of_all_keys():
    assert list(prompts.ORDER) == [
        "first-moment",
        "cues",
        "time",
        "before",
        "promise",
        "earlier-choice",
        "coping-reach",
        "after-thoughts",
        "tell",
        "confidence",
        "change",
        "next-24-hours",
    ]
    full = build_prompts(CASES[-1])
    assert [p.key for p in full] == list(prompts.ORDER)


def test_one_cue_question_naming_every_cue():
    entry = lapse(place=("sam's flat",), person=("sam",), feeling=("celebrating",), tag=("payday",))
    texts = {p.key: p.text for p in build_prompts(entry)}
    assert texts["cues"] == "You noted sam's flat, sam, celebrating, payday: which of these mattered most, and how?"
    assert not set(texts) & {"place", "person", "feeling", "body", "activity", "tag"}


def test_a_value_in_two_dimensions_is_named_once():
    text = {p.key: p.text for p in build_prompts(lapse(person=("sam",), tag=("sam",)))}["cues"]
    assert text.count("sam") == 1


def test_no_cue_question_without_cues():
    assert "cues" not in [p.key for p in build_prompts(lapse())]


@pytest.mark.parametrize(
    "at, expected",
    [
        (FRIDAY_EVENING, "It was a Friday evening (17:00–21:59). What usually happens for you around then?"),
        (datetime(2026, 11, 14, 9, 0).astimezone(), "It was a Saturday morning (05:00–11:59)."),
        (datetime(2026, 11, 14, 13, 0).astimezone(), "It was a Saturday afternoon (12:00–16:59)."),
        (datetime(2026, 11, 14, 23, 0).astimezone(), "It was a Saturday night (22:00–04:59)."),
        (SATURDAY_1AM, "It was late on a Friday night (22:00–04:59)."),
    ],
)
def test_time_question(at, expected):
    texts = {p.key: p.text for p in build_prompts(lapse(at=at))}
    assert texts["time"].startswith(expected)


def test_core_questions_ask_what_the_chain_analysis_needs():
    texts = {p.key: p.text for p in build_prompts(lapse())}
    assert "first noticed the pull" in texts["first-moment"]
    assert all(w in texts["before"] for w in ("24 hours", "sleep", "food", "money", "conflict"))
    assert "celebrating" in texts["promise"] and "another way" in texts["promise"]
    assert "within reach" in texts["coping-reach"] and "did you try" not in texts["coping-reach"]
    assert "I've blown it anyway" in texts["after-thoughts"] and "not a fact about you" in texts["after-thoughts"]
    assert "tell" in texts["tell"]
    assert "0 to 10" in texts["confidence"] and "raise that by one" in texts["confidence"]
    assert "this week" in texts["change"]
    assert texts["next-24-hours"] == wording.NEXT_24_HOURS
    assert "next 24 hours" in texts["next-24-hours"] and texts["next-24-hours"].endswith("?")


def test_reflection_document_shape():
    entry = lapse(place=("bar",), reflection={"first-moment": "payday", "next-24-hours": "home, call my sister"})
    doc = reflection_document(entry)
    assert set(doc) >= {"entry_id", "prompts", "reframe", "questions", "answers", "next_24_hours", "order"}
    assert doc["entry_id"] == "abcd1234"
    assert doc["prompts"] == [q["prompt"] for q in doc["questions"]]
    assert doc["order"] == [q["key"] for q in doc["questions"]]
    assert doc["reframe"] == wording.LAPSE_MESSAGE
    assert doc["next_24_hours"] == wording.NEXT_24_HOURS
    answers = {q["key"]: q["answer"] for q in doc["questions"]}
    assert answers["first-moment"] == "payday" and answers["next-24-hours"] == "home, call my sister"
    assert answers["before"] is None
    assert doc["answers"] == {"first-moment": "payday", "next-24-hours": "home, call my sister"}


def test_answers_to_earlier_questions_are_kept_with_their_question():
    entry = lapse(feeling=("lonely",), reflection={"feeling": "Calling my sister", "friend": "It was payday"})
    doc = reflection_document(entry)
    earlier = doc["questions"][len(doc["prompts"]) :]
    assert [q["key"] for q in earlier] == ["feeling", "friend"]
    assert "(lonely)" in earlier[0]["prompt"] and earlier[0]["answer"] == "Calling my sister"
    assert earlier[1]["answer"] == "It was payday"
    assert "feeling" not in doc["order"]


def test_names_the_cli_uses_today():
    assert prompts.REFRAME == wording.LAPSE_MESSAGE
    assert prompts.SKIP_HINT and prompts.NEXT_24_HOURS and prompts.DISPOSITIONAL_WORDS
    assert prompts.SKIP_UNTIL_TOMORROW.endswith("cuelog reflect")


def test_demo_answers_use_todays_keys():
    from cuelog.demo import REFLECTION

    assert set(REFLECTION) == set(prompts.ORDER)
