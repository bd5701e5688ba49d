"""A realistic eight-week sample journal, for ``cuelog demo``. Pure and seeded:
the same day gives the same journal.

The story: a quit date 55 days ago; cravings that rise in weeks 2-4 and then
ease; evenings, Fridays, payday and being around Sam as the pattern; one lapse
in week 3 at Sam's flat, with its reflection answered; a check-in most days.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from cuelog.models import Cues, Entry, QuitAttempt

DAYS = 55
SITUATIONS = [
    # (weight, hour range, cues, coping)
    (5, (18, 22), dict(place=("the bar",), activity=("after work",), feeling=("stressed",)), ("went for a walk",)),
    (4, (21, 24), dict(place=("home",), feeling=("lonely",), body=("tired",)), ("called my sister",)),
    (3, (19, 23), dict(place=("sam's flat",), person=("sam",), feeling=("celebrating",)), ("left the situation",)),
    (2, (12, 15), dict(place=("work",), person=("colleagues",), feeling=("bored",)), ("waited 15 minutes",)),
    (2, (7, 10), dict(place=("bus stop",), activity=("commute",), body=("hungover",)), ("ate something",)),
    (1, (15, 18), dict(place=("home",), feeling=("anxious",), body=("hungry",)), ("urge surfing",)),
]
NOTES = [
    None,
    None,
    None,
    "It passed after about ten minutes.",
    "Saw the usual crowd heading out.",
    "Argument on the phone earlier.",
]
REFLECTION = {
    "first-moment": "Payday, and Sam texted that everyone was at the flat.",
    "place": "Everything there is set up for using. Next time I meet Sam somewhere else.",
    "person": "Sam offered before I had even sat down. I can tell Sam I'm not using before I go.",
    "feeling": "I was proud of the week; I could have celebrated with a meal out with my sister.",
    "change": "No going to the flat on Fridays for now; plan something for payday evening.",
}


def _level(day: int) -> tuple[float, tuple[int, int]]:
    """Cravings a day and intensity range by phase: week 1, weeks 2-4, then easing."""
    if day < 7:
        return 2.5, (4, 7)
    if day <= 27:
        return 3.5, (5, 9)
    return max(0.8, 2.5 - (day - 28) * 0.06), (2, 6)


def demo_journal(now: datetime) -> tuple[QuitAttempt, list[Entry]]:
    rng = random.Random(1985)  # Marlatt & Gordon's year; any seed would do
    today = now.date()
    quit_day = today - timedelta(days=DAYS)
    attempt = QuitAttempt(quit_day, "cocaine", now - timedelta(days=DAYS + 2))
    weights = [s[0] for s in SITUATIONS]
    entries: list[Entry] = []
    counter = 0

    def make(kind: str, at: datetime, **fields) -> Entry:
        nonlocal counter
        counter += 1
        return Entry(
            id=f"demo{counter:04d}" + rng.getrandbits(64).to_bytes(8, "big").hex()[:12],
            kind=kind,
            at=at,
            logged_at=min(now, at + timedelta(minutes=rng.randint(1, 30))),
            **fields,
        )

    lapse_day = quit_day + timedelta(days=18)
    while lapse_day.weekday() != 4:  # a Friday, payday
        lapse_day += timedelta(days=1)
    for offset in range(DAYS + 1):
        day: date = quit_day + timedelta(days=offset)
        per_day, (low, high) = _level(offset)
        if day.weekday() in (4, 5):
            per_day += 1
        count = int(per_day) + (rng.random() < per_day % 1)
        peak = None
        for _ in range(count):
            _, (h0, h1), cues, coping = rng.choices(SITUATIONS, weights)[0]
            hour = rng.randrange(h0, h1) % 24
            at = datetime.combine(day, time(hour, rng.randrange(60))).astimezone()
            if at > now:
                continue
            tags = ("payday",) if day.weekday() == 4 and offset % 14 < 7 else ()
            intensity = rng.randint(low, high)
            peak = max(peak or 0, intensity)
            entries.append(
                make(
                    "craving",
                    at,
                    intensity=intensity,
                    cues=Cues(**cues, tag=tags),
                    coping=coping if rng.random() < 0.8 else (),
                    minutes=rng.choice([5, 10, 15, 30]),
                    note=rng.choice(NOTES),
                )
            )
        used = day == lapse_day
        if used:
            before = datetime.combine(day, time(21, 50)).astimezone()
            entries.append(
                make(
                    "craving",
                    before,
                    intensity=8,
                    note="Texts from Sam about the flat.",
                    cues=Cues(place=("sam's flat",), person=("sam",), feeling=("celebrating",), tag=("payday",)),
                )
            )
            at = datetime.combine(day, time(22, 40)).astimezone()
            entries.append(
                make(
                    "lapse",
                    at,
                    intensity=9,
                    note="Went round to Sam's after work.",
                    cues=Cues(
                        place=("sam's flat",),
                        person=("sam",),
                        feeling=("celebrating",),
                        activity=("after work",),
                        tag=("payday",),
                    ),
                    reflection=REFLECTION,
                )
            )
        if offset % 9 != 5 and day < today:  # most days, not all: data gaps are realistic
            entries.append(
                make(
                    "checkin",
                    datetime.combine(day, time(12, 0)).astimezone(),
                    intensity=peak,
                    cues=Cues(feeling=("ok",) if not used else ("low",)),
                    day=day,
                    used=used,
                )
            )
    return attempt, entries
