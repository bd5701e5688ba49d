from datetime import date, datetime, timedelta

from cuelog.analysis.plans import matching_plans, outlook, with_plans
from cuelog.models import Cues, Plan, new_id
from tests.factories import make_entry

MADE = datetime(2026, 11, 1, 9, 0).astimezone()


def plan(then="leave", **cues):
    return Plan(id=new_id(), cues=Cues.build(cues), then=then, created_at=MADE)


def entry(when: datetime, kind="craving", intensity=5, **cues):
    return make_entry(when.astimezone(), kind, intensity, **cues)


def test_matching_needs_every_cue_of_the_plan():
    both = plan(place=["Bar"], feeling=["lonely "])
    bar = plan(place=["bar"])
    other = plan(tag=["payday"])
    cues = Cues.build({"place": [" The Bar", "bar"], "feeling": ["Lonely"], "person": ["sam"]})
    assert matching_plans([both, bar, other], cues) == [both, bar]
    assert matching_plans([both], Cues.build({"place": ["bar"]})) == []
    assert matching_plans([plan()], cues) == []  # a plan with no cue never matches


def test_plan_effect_counts_only_since_the_plan():
    p = plan(place=["bar"])
    entries = [
        entry(MADE - timedelta(days=2), place=["bar"]),  # before the plan
        entry(MADE + timedelta(days=1), place=["bar"]),
        entry(MADE + timedelta(days=2), place=["bar"]),
        entry(MADE + timedelta(days=2, hours=3), kind="lapse", place=["bar"]),
    ]
    items = [{"dimension": "place", "value": "bar"}, {"dimension": "place", "value": "home"}]
    bar, home = with_plans(items, [p], entries)
    assert bar["plan"]["plan"] is True and bar["plan"]["cravings"] == 2
    assert bar["plan"]["passed_without_lapse"] == 1
    assert home["plan"] == {
        "plan": False,
        "plans": [],
        "since": None,
        "cravings": 0,
        "passed_without_lapse": 0,
        "pending": 0,
    }


TODAY = date(2026, 11, 23)  # a Monday


def journal():
    out = []
    for week in range(1, 7):
        friday = datetime(2026, 11, 20, 20, 0) - timedelta(weeks=week - 1)
        out += [entry(friday, place=["bar"], tag=["payday"]) for _ in range(3)]
        out.append(entry(friday - timedelta(days=2, hours=11), place=["bus stop"]))  # Wednesday morning
    out.append(entry(datetime(2026, 11, 10, 13, 0), kind="lapse", place=["work"]))  # Tuesday afternoon
    out.append(entry(datetime(2026, 11, 3, 13, 30), kind="lapse", place=["work"]))
    return out


def test_outlook_ranks_cells_with_lapses_weighted():
    doc = outlook(journal(), [plan(place=["bar"], then="cinema instead")], TODAY)
    assert doc["enough_data"] is True
    cells = [(c["weekday"], c["time_of_day"]) for c in doc["high_risk"]]
    assert cells == [("fri", "evening"), ("tue", "afternoon"), ("wed", "morning")]
    fri = doc["high_risk"][0]
    assert fri["date"] == "2026-11-27" and fri["cravings"] == 18 and fri["lapses"] == 0
    assert fri["top_cues"][0] == {"dimension": "place", "value": "bar", "count": 18}
    assert fri["plans"][0]["then"] == "cinema instead" and fri["suggestion"] is None
    tue = doc["high_risk"][1]
    assert tue["lapses"] == 2 and tue["plans"] == [] and "--place" in tue["suggestion"]
    assert doc["recurring"][0]["value"] == "payday" and doc["recurring"][0]["usual_weekday"] == "fri"


def test_outlook_is_honest_with_little_data():
    doc = outlook(journal()[:5], [], TODAY)
    assert doc["enough_data"] is False and doc["high_risk"] == []
    assert "Too little history" in doc["message"]
    assert set(doc) >= {"as_of", "history", "enough_data", "high_risk", "recurring"}
