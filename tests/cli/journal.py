"""A realistic, seeded journal as JSON Lines for ``cuelog import``: eight weeks of cravings,
check-ins and two lapses with their answers, with the things that strain a layout — long
and multi-line notes, notes with numbers in them, long cue values, wide (CJK) characters,
cues with a display spelling, an amount — so every width test has something to fit."""

from __future__ import annotations

import json
import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Europe/Berlin")
NOW = "2026-11-22T15:00:00+01:00"
QUIT_DATE = "2026-11-01"  # day 21 at NOW: weeks 2-4 are in progress
FIRST_DAY = date(2026, 9, 28)
LAST_DAY = date(2026, 11, 21)

SITUATIONS = [
    # (weight, hours, cues, display spellings, coping)
    (5, (18, 22), {"place": ["the crown"], "activity": ["after work"], "feeling": ["stressed"]},
     {"place": ["The Crown"]}, ["went for a walk"]),
    (4, (21, 24), {"place": ["home"], "feeling": ["lonely"], "body": ["tired"]}, {}, ["called my sister"]),
    (3, (19, 23), {"place": ["josé's flat"], "person": ["josé"], "feeling": ["celebrating"]},
     {"place": ["José's flat"], "person": ["José"]}, ["left the situation"]),
    (2, (12, 15), {"place": ["東京駅の近くのオフィス"], "person": ["colleagues"], "feeling": ["bored"]}, {},
     ["waited 15 minutes"]),
    (2, (6, 10), {"place": ["the long walk home past the off-licence on king street"], "activity": ["commute"]}, {},
     ["ate something", "breathing for 2 minutes"]),
    (1, (0, 4), {"place": ["home"], "feeling": ["anxious", "restless"], "body": ["hungry", "shaky"]}, {},
     ["urge surfing"]),
]  # fmt: skip
NOTES = [
    None,
    None,
    "It passed after about 20 minutes.",
    "Saw the usual crowd heading out; waited 15 minutes at the bus stop, then 10 more, and it eased.",
    "Argument on the phone earlier.\nThen a long evening alone.\nCalled my sister at 22:10 and it helped.",
    "A very long note about the whole evening, written the next morning: the match was on, everyone was "
    "drinking, I had 3 offers in 40 minutes and said no each time, then walked home the long way round "
    "and made tea. Next time I will leave at half-time.",
]
ANSWERS = {
    "first-moment": "Payday, and José texted that everyone was at the flat.\nI said I would only stay 10 minutes.",
    "before": "Two short nights, skipped lunch, and money had been tight until payday.",
    "change": "No going to the flat on Fridays for now; plan something for payday evening instead, with my "
    "sister or the group on Tuesday.",
}


def _moment(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour % 24, minute), ZONE) + timedelta(days=hour // 24)


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def records(seed: int = 17) -> list[dict]:
    """The journal's entries, oldest first; ids are 32 hex digits from the seed."""
    rng = random.Random(seed)
    out: list[dict] = []

    def entry(kind: str, at: datetime, **fields) -> dict:
        record = {
            "id": f"{rng.getrandbits(128):032x}",
            "kind": kind,
            "at": _stamp(at),
            "logged_at": _stamp(at + timedelta(minutes=rng.randint(1, 40))),
            "intensity": None,
            "cues": {"place": [], "person": [], "feeling": [], "body": [], "activity": [], "tag": []},
            "coping": [],
            "note": None,
        }
        record.update(fields)
        out.append(record)
        return record

    day = FIRST_DAY
    weights = [s[0] for s in SITUATIONS]
    while day <= LAST_DAY:
        for _ in range(rng.choice((1, 2, 2, 3))):
            _, (lo, hi), cues, display, coping = rng.choices(SITUATIONS, weights)[0]
            at = _moment(day, rng.randrange(lo, hi), rng.randrange(60))
            if at.date() > LAST_DAY:
                continue
            fields = {
                "intensity": max(0, min(10, round(rng.gauss(6, 2)))),
                "cues": {**entry_cues(), **{k: list(v) for k, v in cues.items()}},
                "coping": list(coping),
                "note": rng.choice(NOTES),
                "minutes": rng.choice((None, 5, 10, 20, 45)),
            }
            if display:
                fields["display"] = {v.lower(): v for values in display.values() for v in values}
            if day.weekday() == 4:
                fields["cues"]["tag"] = ["payday"] if day.day <= 7 or 25 <= day.day else ["friday"]
            record = entry("craving", at, **fields)
            if rng.random() < 0.05:
                record["edited_at"] = _stamp(at + timedelta(days=1))
        if rng.random() < 0.85:
            used = rng.choice((False, False, False, False, True, None))
            entry(
                "checkin",
                _moment(day, 12, 0),
                date=day.isoformat(),
                used=used,
                intensity=rng.randint(2, 9),
                cues={**entry_cues(), "feeling": [rng.choice(("ok", "tired", "calm", "low"))]},
                note=rng.choice((None, None, "Slept badly.", "Good day at work; went swimming after.")),
            )
        day += timedelta(days=1)

    entry(
        "lapse",
        _moment(date(2026, 11, 13), 22, 40),
        intensity=9,
        cues={**entry_cues(), "place": ["josé's flat"], "person": ["josé"], "feeling": ["celebrating"],
              "tag": ["payday"]},
        display={"josé's flat": "José's flat", "josé": "José"},
        note="Went round to José's after work.\nStayed until 2.",
        reflection=dict(ANSWERS),
        amount="3 drinks",
    )  # fmt: skip
    entry(
        "lapse",
        _moment(date(2026, 10, 3), 1, 15),
        intensity=8,
        cues={**entry_cues(), "place": ["home"], "feeling": ["lonely"]},
        note=None,
        reflection={},
    )
    return sorted(out, key=lambda r: r["at"])


def entry_cues() -> dict:
    return {"place": [], "person": [], "feeling": [], "body": [], "activity": [], "tag": []}


def jsonl(seed: int = 17) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records(seed))


def newest(kind: str, *, with_long_note: bool = False) -> dict:
    """The newest entry of ``kind`` (with the longest note, if asked)."""
    found = [r for r in records() if r["kind"] == kind]
    if with_long_note:
        found = [r for r in found if r["note"] and len(r["note"]) > 150]
    return found[-1]
