import re
from datetime import datetime

import pytest

from cuelog.analysis import prompts
from cuelog.analysis.prompts import build_prompts, reflection_document
from cuelog.models import DIMENSIONS, Cues, Entry

AT = datetime(2026, 11, 14, 23, 0).astimezone()


def lapse(**cues):
    return Entry(id="abcd1234", kind="lapse", at=AT, logged_at=AT, cues=Cues(**cues), reflection={})


CASES = [
    lapse(),
    lapse(place=("the bar",)),
    lapse(place=("bar", "street"), person=("sam",), feeling=("lonely",)),
    lapse(
        place=("bar",), person=("sam",), feeling=("lonely",), body=("tired",), activity=("payday",), tag=("weekend",)
    ),
]


@pytest.mark.parametrize("entry", CASES)
def test_five_to_eight_questions(entry):
    built = build_prompts(entry)
    assert 5 <= len(built) <= 8
    assert len({p.key for p in built}) == len(built)
    for p in built:
        assert p.text.rstrip().endswith("?"), p.text


@pytest.mark.parametrize("entry", CASES)
def test_each_cue_gets_a_question_naming_it(entry):
    texts = {p.key: p.text for p in build_prompts(entry)}
    for dim in DIMENSIONS:
        for value in getattr(entry.cues, dim):
            assert value in texts[dim]


def all_texts():
    yield from prompts.CUE_PROMPTS.values()
    yield from (t for _, t in prompts.GENERAL_PROMPTS)
    yield prompts.REFRAME
    yield prompts.NEXT_24_HOURS


@pytest.mark.parametrize("text", list(all_texts()))
def test_nothing_dispositional(text):
    lowered = text.lower()
    for word in prompts.DISPOSITIONAL_WORDS:
        assert not re.search(rf"\b{re.escape(word)}", lowered), (word, text)


def test_every_template_is_a_question():
    for text in list(prompts.CUE_PROMPTS.values()) + [t for _, t in prompts.GENERAL_PROMPTS]:
        assert text.endswith("?")


def test_reflection_document_shape():
    entry = lapse(place=("bar",))
    doc = reflection_document(entry)
    assert set(doc) >= {"entry_id", "prompts", "reframe"}
    assert doc["entry_id"] == "abcd1234"
    assert all(isinstance(p, str) for p in doc["prompts"])
    assert "recovery continues" in doc["reframe"].lower()


def test_time_prompt_names_the_time():
    texts = [p.text for p in build_prompts(lapse())]
    assert any("Saturday at night" in t for t in texts)
