"""Generate realistic cuelog journals for benchmarks.

    python benchmarks/generate.py --entries 40000 --years 10 --out /tmp/j40k/cuelog.json

A journal is a quit attempt or three, a daily check-in, cravings that cluster
in the evening and around paydays with a small vocabulary of cues, and the
occasional lapse with a reflection. Seeded, so the same arguments give the
same journal.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cuelog.models import Cues, Entry, QuitAttempt, new_id  # noqa: E402
from cuelog.store import Store  # noqa: E402

PLACES = ["home", "the bar", "work", "bus stop", "friend's flat", "kitchen", "park", "car", "club"]
PEOPLE = ["sam", "alex", "jo", "my brother", "colleagues", "nobody"]
FEELINGS = ["lonely", "bored", "stressed", "angry", "celebrating", "anxious", "sad", "relieved"]
BODY = ["tired", "hungry", "tense", "headache", "restless", "hungover"]
ACTIVITIES = ["after work", "payday", "commute", "watching football", "scrolling", "cooking"]
COPING = [
    "called a friend",
    "went for a walk",
    "urge surfing",
    "waited 15 minutes",
    "ate something",
    "left the situation",
    "shower",
]
NOTES = [
    "It passed after a while.",
    "Hard evening, but I got through it.",
    "Saw an old contact.",
    "Argument earlier in the day.",
    None,
    None,
    None,
]


def _pick(rng: random.Random, pool: list[str], chance: float, most: int = 2) -> tuple[str, ...]:
    if rng.random() > chance:
        return ()
    return tuple(rng.sample(pool, rng.randint(1, most)))


def make_entries(count: int, years: float, end: datetime, seed: int = 7) -> list[Entry]:
    rng = random.Random(seed)
    start = end - timedelta(days=365.25 * years)
    span = (end - start).total_seconds()
    days = max(1, int(span // 86400))
    checkins = min(days, count // 4)
    out: list[Entry] = []
    for i in range(checkins):  # the most recent days have a check-in
        day = (end - timedelta(days=i)).date()
        at = datetime(day.year, day.month, day.day, 12, 0).astimezone()
        out.append(
            Entry(
                id=new_id(),
                kind="checkin",
                at=at,
                logged_at=at + timedelta(hours=9),
                intensity=rng.randint(0, 9),
                cues=Cues(feeling=_pick(rng, FEELINGS, 0.7, 1)),
                day=day,
                used=rng.random() < 0.04,
            )
        )
    for _ in range(count - checkins):
        at = start + timedelta(seconds=rng.random() * span)
        hour = rng.choices(
            range(24), weights=[2, 1, 1, 1, 1, 1, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 5, 7, 9, 10, 10, 9, 6, 3]
        )[0]
        at = at.replace(hour=hour, microsecond=0).astimezone()
        lapse = rng.random() < 0.03
        cues = Cues(
            place=_pick(rng, PLACES, 0.9, 1),
            person=_pick(rng, PEOPLE, 0.6),
            feeling=_pick(rng, FEELINGS, 0.8),
            body=_pick(rng, BODY, 0.5),
            activity=_pick(rng, ACTIVITIES, 0.5, 1),
            tag=_pick(rng, ["payday", "weekend"], 0.1, 1),
        )
        out.append(
            Entry(
                id=new_id(),
                kind="lapse" if lapse else "craving",
                at=at,
                logged_at=min(end, at + timedelta(minutes=rng.randint(0, 240))),
                intensity=rng.choices(range(11), weights=[1, 2, 4, 6, 8, 9, 9, 8, 6, 4, 2])[0],
                cues=cues,
                coping=() if lapse else _pick(rng, COPING, 0.6),
                note=rng.choice(NOTES),
                minutes=None if lapse else rng.choice([None, 5, 10, 20, 45]),
                reflection={"first-moment": "Payday and the bar after work."} if lapse else None,
            )
        )
    return out


def generate(path: Path, count: int, years: float, end: datetime | None = None, devices: int = 1) -> None:
    """Write the journal; with ``devices`` > 1, as that many devices sharing the folder
    (each its own state folder beside the store, so each writes its own device folder),
    the entries dealt out in turn, so every month has a file from each device."""
    end = end or datetime.now().astimezone().replace(microsecond=0)
    entries = make_entries(count, years, end)
    for number in range(devices):
        state = path.parent / f".device-{number}" if devices > 1 else None
        store = Store(path, state_dir=state)
        with store.write() as journal:
            if number == 0:
                for offset in (int(365 * years), 200, 20):
                    day = (end - timedelta(days=min(offset, int(365 * years)))).date()
                    journal.add_attempt(QuitAttempt(day, "cocaine", end))
            for entry in entries[number::devices]:
                journal.add(entry)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, required=True)
    parser.add_argument("--years", type=float, default=10)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--devices", type=int, default=1, help="written by this many devices")
    args = parser.parse_args()
    generate(args.out, args.entries, args.years, devices=args.devices)
    print(f"wrote {args.entries} entries over {args.years:g} years to {args.out}")


if __name__ == "__main__":
    main()
