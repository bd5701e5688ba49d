"""Redaction removes names and only names: a corpus in both directions, relations, support people."""

from datetime import UTC, datetime

import pytest

from cuelog.analysis.redaction import COMMON_WORD_NAMES, Redactor, is_role, redact, redaction_parts
from cuelog.errors import InputError
from cuelog.models import Cues, Entry, Plan

T0 = datetime(2026, 11, 1, 20, 0, tzinfo=UTC)
PEOPLE = ("sam", "will", "may", "grace", "mark", "hope", "frank", "rose", "bill", "june", "my brother", "colleagues")
SUPPORT = [{"id": "s1", "name": "Jo Walker", "phone": "+44 7700 900123", "note": "my sponsor, call any time"}]


def entry(id="e0000001", **cues):
    return Entry(id=id, kind="craving", at=T0, logged_at=T0, intensity=5, cues=Cues.build(cues))


@pytest.fixture(scope="module")
def people():
    return Redactor({"people"}, [entry(person=list(PEOPLE))], support=SUPPORT)


KEEP = [
    "I will go home",
    "will power is not the point",
    "Will you come out tonight?",
    "May I skip this one?",
    "I may go later",
    "In May I moved flat",
    "from may to june it was hard",
    "Mark the date in the calendar",
    "to mark the day I went for a walk",
    "I hope it passes",
    "with hope and a walk",
    "with grace and patience",
    "a frank talk with the doctor",
    "with frank talk",
    "and will go to the gym",
    "last summer's party",
    "the bill came to forty",
    "prices rose again",
    "my brother came round",
    "mum called about the weekend",
    "colleagues asked me out",
    "I don't know why",
    "Since June things are calmer",
]
REPLACE = [
    ("went to the pub with Will", "went to the pub with person 2"),
    ("with will at the bar", "with person 2 at the bar"),
    ("Will texted me at ten", "Person 2 texted me at ten"),
    ("hi will, are you out", "hi person 2, are you out"),
    ("thanks, will", "thanks, person 2"),
    ("Thank you will", "Thank you person 2"),
    ("went to will's", "went to person 2's"),
    ("Sam's flat", "Person 1's flat"),
    ("at sam's flat", "at person 1's flat"),
    ("SAM called", "Person 1 called"),
    ("Sam, Will and I", "Person 1, person 2 and I"),
    ("Hope called", "Person 6 called"),
    ("texted hope", "texted person 6"),
    ("May said no", "Person 3 said no"),
    ("saw Grace at the bar", "saw person 4 at the bar"),
    ("told mark about it", "told person 5 about it"),
    ("It was Mark's idea", "It was person 5's idea"),
    ("Frank was there", "Person 7 was there"),
    ("with frank at the bar", "with person 7 at the bar"),
    ("Rose and I argued", "Person 8 and I argued"),
    ("lunch with Bill", "lunch with person 9"),
    ("June's birthday", "Person 10's birthday"),
    ("'Will' said hi", "'Person 2' said hi"),
    ("Jo Walker said hi", "Person 11 said hi"),
    ("call Jo on 07700 900123", "call person 11 on (phone number left out)"),
    ("ring +447700900123 now", "ring (phone number left out) now"),
    ("Sam’s place", "Person 1’s place"),
]


def test_the_corpus_is_big_enough():
    assert len(KEEP) + len(REPLACE) >= 30


@pytest.mark.parametrize("text", KEEP)
def test_ordinary_words_and_relations_stay(people, text):
    assert people.text(text) == text


@pytest.mark.parametrize("text, expected", REPLACE)
def test_names_are_replaced(people, text, expected):
    assert people.text(text) == expected


def test_person_cues_are_names_whatever_the_word():
    r = Redactor({"people"}, [entry(person=["will", "hope", "my brother", "colleagues", "sam's brother"])])
    assert [r.person(v) for v in ("will", "hope", "my brother", "colleagues")] == [
        "person 1",
        "person 2",
        "my brother",
        "colleagues",
    ]
    assert r.person("sam's brother") == "person 3's brother"


@pytest.mark.parametrize(
    "value, role",
    [
        ("mum", True),
        ("my older sister", True),
        ("a friend of mine", True),
        ("colleagues", True),
        ("the usual crowd", True),
        ("alone", True),
        ("sam", False),
        ("sam's brother", False),
        ("the", False),
        ("will", False),
    ],
)
def test_is_role(value, role):
    assert is_role(value) is role


def test_relations_only_when_asked():
    text = "called my brother, then mum and two friends"
    assert Redactor({"people"}, [entry(person=["my brother"])]).text(text) == text
    r = Redactor({"relations"}, [entry(person=["my brother"])])
    assert r.text(text) == "called my relation 1, then relation 2 and two relation 3"
    assert r.person("my brother") == "my relation 1"
    assert r.counts()["relations"] == 3


def test_multi_word_names_and_their_parts():
    r = Redactor({"people"}, [entry(person=["sam smith", "sam"])])
    assert r.text("Sam Smith and sam") == "Person 1 and person 1"
    assert r.text("smith's van") == "person 1's van"


def test_numbering_is_by_first_appearance_across_entries_plans_and_support():
    first = entry("e1", person=["jo"])
    later = Entry(id="e2", kind="craving", at=T0.replace(hour=22), logged_at=T0, cues=Cues.build({"person": ["sam"]}))
    plan = Plan(id="p1", cues=Cues.build({"person": ["alex"]}), then="leave and call Sam", created_at=T0)
    r = Redactor({"people"}, [later, first], [plan], [{"name": "Kim", "phone": None}])
    assert r.names == {"jo": "person 1", "sam": "person 2", "alex": "person 3", "kim": "person 4"}
    assert r.plan(plan)["then"] == "leave and call person 2"
    assert r.plan(plan)["cues"]["person"] == ["person 3"]


def test_support_people_are_redacted_like_person_cues():
    r = Redactor({"people"}, [], support=SUPPORT)
    assert r.support_person(SUPPORT[0]) == {
        "id": "s1",
        "name": "person 1",
        "phone": None,
        "note": "my sponsor, call any time",
        "created_at": SUPPORT[0].get("created_at"),
    }
    r = Redactor({"notes"}, [], support=SUPPORT)
    assert r.support_person(SUPPORT[0])["note"] is None
    assert r.support_person(SUPPORT[0])["name"] == "Jo Walker"


def test_redact_entries_everywhere():
    e = Entry(
        id="l0000001",
        kind="lapse",
        at=T0,
        logged_at=T0,
        cues=Cues.build({"person": ["Will"], "place": ["will's flat"]}),
        coping=("texted will",),
        note="Will offered. I will plan ahead.",
        reflection={"change": "meet Will somewhere else"},
    )
    [out] = redact([e], {"people"})
    assert out.cues.person == ("person 1",)
    assert out.cues.place == ("person 1's flat",)
    assert out.coping == ("texted person 1",)
    assert out.note == "Person 1 offered. I will plan ahead."
    assert out.reflection["change"] == "meet person 1 somewhere else"
    [gone] = redact([e], {"notes"})
    assert gone.note is None and dict(gone.reflection) == {} and gone.cues.person == ("will",)


def test_the_list_of_ordinary_word_names_is_data():
    for word in ("will", "may", "grace", "mark", "bill", "frank", "rose", "hope", "joy", "faith", "june", "april"):
        assert word in COMMON_WORD_NAMES
    for word in ("august", "dawn", "sue", "pat", "art", "jack", "ray", "rich", "drew", "gene", "sandy", "summer"):
        assert word in COMMON_WORD_NAMES
    assert {"amber", "hunter"} <= set(COMMON_WORD_NAMES)


@pytest.mark.parametrize(
    "text, parts",
    [
        (None, set()),
        ("notes", {"notes"}),
        ("people", {"people"}),
        ("relations", {"relations"}),
        ("all", {"notes", "people", "relations"}),
        ("notes,people", {"notes", "people"}),
        ("People, Relations", {"people", "relations"}),
    ],
)
def test_redaction_parts(text, parts):
    assert redaction_parts(text) == parts


@pytest.mark.parametrize("text", ["names", "", "notes,", "notes;people"])
def test_unknown_redaction_names_the_choices(text):
    with pytest.raises(InputError, match="notes, people, relations, all"):
        redaction_parts(text)


@pytest.mark.parametrize(
    "parts, sentence",
    [
        (set(), "Nothing was left out: notes, reflection answers, plan text and people's names are included."),
        ({"notes"}, "At the author's choice, notes, reflection answers and plan text were left out."),
        (
            {"people"},
            "At the author's choice, people's names were replaced with person 1 and person 2 and words such as mum, "
            "partner or boss were kept.",
        ),
        (
            {"notes", "people", "relations"},
            "At the author's choice, notes, reflection answers and plan text were left out; people's names were "
            "replaced with person 1 and person 2; and words for relationships (mum, partner, boss and the like) "
            "were replaced with relation 1, 2 and so on.",
        ),
    ],
)
def test_the_report_says_what_was_replaced_in_one_sentence(parts, sentence):
    r = Redactor(parts, [entry(person=["sam", "jo"])])
    assert r.sentence() == sentence
    assert not r.sentence().endswith("..") and "…." not in r.sentence()


# -- the name part of a label that also says who someone is (issue 27 §10) ----------------------------
@pytest.mark.parametrize(
    "label, name",
    [
        ("NA sponsor Mike", "mike"),
        ("my AA sponsor Mike", "mike"),
        ("Mike (NA sponsor)", "mike"),
        ("Mike, my sponsor", "mike"),
        ("my counsellor Ruth", "ruth"),
        ("Dr Patel", "patel"),
        ("GP Dr Anna Patel", "anna patel"),
        ("peer support worker Lou", "lou"),
        ("mum Carol", "carol"),
        ("sponsor Will", "will"),
        ("Jo Walker", "jo walker"),
        ("Ana", "ana"),
        ("NA sponsor", None),
        ("my sponsor", None),
        ("mum", None),
        ("the man from the bar", None),
    ],
)
def test_the_name_part_of_a_label(label, name):
    from cuelog.analysis.redaction import name_part

    assert name_part(label.lower()) == name


LABELLED = [{"id": "s1", "name": "NA sponsor Mike", "phone": None, "note": "Mike picks up after 6"}]
MIKE_EVERYWHERE = [
    ("text Mike", "text person 1"),
    ("called mike", "called person 1"),
    ("Mike said to wait it out", "Person 1 said to wait it out"),
    ("went to Mike's", "went to person 1's"),
    ("my NA sponsor Mike answered", "my NA sponsor person 1 answered"),
    ("the NA meeting, then sponsor", "the NA meeting, then sponsor"),  # role words stay
    ("mike's flat", "person 1's flat"),
    ("Michael said no", "Michael said no"),  # another name is not a part of Mike
    ("a microphone", "a microphone"),
]


@pytest.mark.parametrize("text, expected", MIKE_EVERYWHERE)
def test_a_support_labels_name_is_replaced_wherever_it_stands(text, expected):
    r = Redactor({"people"}, [], support=LABELLED)
    assert r.text(text) == expected
    assert r.support_person(LABELLED[0])["name"] == "NA sponsor person 1"
    assert r.support_person(LABELLED[0])["note"] == "Person 1 picks up after 6"


def test_a_labels_name_shares_the_number_of_the_same_person_cue():
    lapse = Entry(
        id="l0000001",
        kind="lapse",
        at=T0,
        logged_at=T0,
        cues=Cues.build({"person": ["sam", "mike"], "place": ["mike's flat"]}),
        coping=("rang Mike",),
        note="Mike wasn't in",
        amount="two with Mike",
        reflection={"before": "Mike had cancelled"},
    )
    plan = Plan(id="p1", cues=Cues.build({"place": ["bar"]}), then="text Mike", created_at=T0)
    r = Redactor({"people"}, [lapse], [plan], LABELLED)
    out = r.entry(lapse)
    assert out.cues.person == ("person 1", "person 2")
    assert out.cues.place == ("person 2's flat",)
    assert (out.coping, out.note, out.amount) == (("rang person 2",), "Person 2 wasn't in", "two with person 2")
    assert out.reflection["before"] == "Person 2 had cancelled"
    assert r.plan(plan)["then"] == "text person 2"
    assert r.support_person(LABELLED[0])["name"] == "NA sponsor person 2"
    assert r.counts()["people"] == 2
    # With notes left out too, the label's role words still stay.
    both = Redactor({"people", "notes"}, [lapse], [plan], LABELLED)
    assert both.support_person(LABELLED[0]) | {"note": None} == both.support_person(LABELLED[0])
    assert both.support_person(LABELLED[0])["name"] == "NA sponsor person 2"


def test_a_person_cue_with_a_role_word_keeps_it():
    r = Redactor({"people"}, [entry(person=["sponsor mike"])])
    assert r.person("sponsor mike") == "sponsor person 1"
    assert r.text("called Mike") == "called person 1"
