"""Amounts as typed ("4 pints", "2 bags", "175ml wine 13%", "a bottle of wine") read
for a number and a unit, and for alcohol the units it holds. Pure: the unit system
(UK units of 8 g, 10 ml of alcohol, or US standard drinks of 14 g) is passed in.

What cannot be read stays text only: nothing is guessed from words cuelog does not know.
The strengths assumed when none is typed are said in ``ASSUMED`` (and the README).
"""

from __future__ import annotations

import re
from typing import NamedTuple

ETHANOL_DENSITY = 0.789  # g/ml
UK_UNIT_ML = 10.0  # one UK unit: 10 ml (8 g) of pure alcohol
US_DRINK_G = 14.0  # one US standard drink: 14 g of pure alcohol
SYSTEMS = ("uk", "us")

# Containers of a drink with no strength typed: (ml, % alcohol by volume).
ASSUMED = {
    "pint": (568, 4.0),  # beer, lager or cider
    "half": (284, 4.0),
    "can": (440, 4.5),
    "bottle of beer": (330, 5.0),
    "bottle of wine": (750, 13.0),
    "glass of wine": (175, 13.0),
    "glass": (175, 13.0),  # of wine, the usual meaning
    "shot": (25, 40.0),
    "single": (25, 40.0),
    "double": (50, 40.0),
    "bottle of spirits": (700, 40.0),
}
_DRINK_DEFAULT_ABV = {"beer": 4.0, "lager": 4.0, "cider": 4.5, "wine": 13.0, "spirits": 40.0, "vodka": 40.0}
_DRINK_WORDS = frozenset(
    {"beer", "beers", "lager", "lagers", "cider", "ciders", "wine", "wines", "vodka", "whisky", "whiskey", "gin"}
    | {"rum", "spirits", "ale", "stout", "prosecco", "champagne"}
)
_SPIRITS = frozenset({"vodka", "whisky", "whiskey", "gin", "rum", "spirits"})
_NUMBER_WORDS = {
    "a": 1.0, "an": 1.0, "one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "six": 6.0,
    "seven": 7.0, "eight": 8.0, "nine": 9.0, "ten": 10.0, "half": 0.5, "a half": 0.5, "half a": 0.5,
}  # fmt: skip
_NUM = r"(\d+(?:[.,]\d+)?|a half|half an?|an?|one|two|three|four|five|six|seven|eight|nine|ten|half)"
_VOLUME = re.compile(r"(\d+(?:[.,]\d+)?)\s*(ml|cl|l|litres?|liters?)\b")
_ABV = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")
_LEAD = re.compile(rf"^\s*{_NUM}\s*(?:x\s*)?([^\d%,;]*)")
_VAGUE = frozenset({"lot", "lots", "little", "bit", "few", "couple", "load", "bunch", "fair", "small", "big"})
_PLURALS = {"pints": "pint", "cans": "can", "shots": "shot", "glasses": "glass", "bottles": "bottle"}
_PLURALS |= {"halves": "half", "singles": "single", "doubles": "double"}


class Amount(NamedTuple):
    """An amount read: ``number`` of ``unit`` (either may be None), and for alcohol the
    ``units`` in the chosen system (rounded to one decimal)."""

    number: float | None
    unit: str | None
    units: float | None = None

    def as_dict(self) -> dict:
        number = self.number
        if number is not None and float(number).is_integer():
            number = int(number)
        return {"amount_number": number, "amount_unit": self.unit, "units": self.units}


def _float(text: str) -> float:
    text = text.strip()
    if text in _NUMBER_WORDS:
        return _NUMBER_WORDS[text]
    return float(text.replace(",", "."))


def units_of(ml_alcohol: float, system: str) -> float:
    """UK units (10 ml of pure alcohol) or US standard drinks (14 g)."""
    if system == "us":
        return round(ml_alcohol * ETHANOL_DENSITY / US_DRINK_G, 1)
    return round(ml_alcohol / UK_UNIT_ML, 1)


def _convert(units: float, given: str, system: str) -> float:
    """A number of UK units or US standard drinks, in ``system``."""
    ml = units * UK_UNIT_ML if given == "uk" else units * US_DRINK_G / ETHANOL_DENSITY
    return units_of(ml, system)


def read_amount(text: str | None, *, system: str = "uk", alcohol: bool = False) -> Amount | None:
    """The number and unit of ``text`` where one is given, and for alcohol (named in the
    text, or ``alcohol`` when the entry is about alcohol) its units in ``system``.
    None when no number can be read."""
    if system not in SYSTEMS:
        raise ValueError(f"system must be one of {SYSTEMS}")
    if not text:
        return None
    s = " ".join(text.lower().split())
    if any(sep in s for sep in (",", ";", " and ", " + ")):
        return None  # several amounts in one: the text says it better than one number
    words = set(re.findall(r"[a-z]+", s))
    drink = bool(words & _DRINK_WORDS) or alcohol
    volume, abv = _VOLUME.search(s), _ABV.search(s)
    if volume:
        ml = _float(volume.group(1)) * {"ml": 1, "cl": 10}.get(volume.group(2), 1000)
        count_match = re.match(r"^\s*(\d+)\s*x\s*", s)
        count = float(count_match.group(1)) if count_match else 1.0
        units = None
        if drink or abv:
            strength = _float(abv.group(1)) if abv else _default_abv(words)
            units = units_of(count * ml * strength / 100, system) if strength is not None else None
        return Amount(count * ml, "ml", units)
    lead = _LEAD.match(s)
    if lead:
        number, rest = _float(lead.group(1)), lead.group(2).strip()
    elif s.split(" ")[0] in ("bottle", "glass", "pint", "can", "shot", "double", "single"):
        number, rest = 1.0, s  # "bottle of wine": one
    else:
        return None
    if lead and lead.group(1) in ("a", "an") and rest.split(" ")[0] in _VAGUE:
        return None  # "a lot", "a few": no number to read
    rest = re.sub(r"^(?:of\s+)", "", rest)
    head = rest.split(" ")[0] if rest else ""
    head = _PLURALS.get(head, head)
    if head in ("unit", "units") or rest.startswith(("uk unit", "alcohol unit")):
        return Amount(number, "units", _convert(number, "uk", system))
    if rest.startswith(("standard drink", "std drink")):
        return Amount(number, "standard drinks", _convert(number, "us", system))
    container = _container(head, rest, words)
    if container is not None:
        ml, strength = ASSUMED[container]
        if abv:
            strength = _float(abv.group(1))
        unit = container if rest.startswith(container) else head
        return Amount(number, unit, units_of(number * ml * strength / 100, system))
    unit = " ".join(rest.split()[:3]) or None
    if unit in ("g", "gram", "grams", "gr"):
        unit = "g"
    if drink and head in ("drink", "drinks"):
        return Amount(number, "drinks", None)
    return Amount(number, unit, None)


def _default_abv(words: set[str]) -> float | None:
    for word, abv in _DRINK_DEFAULT_ABV.items():
        if word in words or word + "s" in words:
            return abv
    if words & _SPIRITS:
        return 40.0
    return None


def _container(head: str, rest: str, words: set[str]) -> str | None:
    if head == "bottle":
        if words & {"wine", "wines", "prosecco", "champagne"}:
            return "bottle of wine"
        if words & _SPIRITS:
            return "bottle of spirits"
        if words & {"beer", "beers", "lager", "cider", "ale"}:
            return "bottle of beer"
        return None
    if head == "glass" and words & {"wine", "wines", "prosecco", "champagne"}:
        return "glass of wine"
    if head in ("pint", "half", "can", "shot", "single", "double"):
        return head
    return None
