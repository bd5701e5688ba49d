"""What ``cuelog list --grep`` and ``--cue`` keep. Pure.

``--grep`` looks in an entry's own words: its note, its cue values, coping, the amount and
the reflection answers, whatever the case and accents (``text.fold``). Plans are not
entries and are not searched. ``--cue DIMENSION=VALUE`` keeps entries that carry that cue
value (compared the same way); several must all hold.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from cuelog.errors import InputError
from cuelog.models import DIMENSIONS, Entry, normalise_value
from cuelog.text import fold
from cuelog.wording import errors

_SEP = "\x00"  # never in a stored text (control characters are refused), so no match spans two fields


def entry_words(entry: Entry) -> str:
    """Every text of the entry that ``--grep`` searches, folded, one field after another."""
    parts: list[str] = []
    if entry.note:
        parts.append(entry.note)
    for dim in DIMENSIONS:
        parts.extend(getattr(entry.cues, dim))  # as first typed differs only in case
    parts.extend(entry.coping)
    if entry.amount:
        parts.append(str(entry.amount))
    if entry.reflection:
        parts.extend(v for v in entry.reflection.values() if v)
    return fold(_SEP.join(parts))


def grep_needle(text: str) -> str:
    """The folded text to look for; blank is refused."""
    needle = fold(" ".join(text.split()))
    if not needle:
        raise InputError(errors.GREP_EMPTY)
    return needle


def parse_cue(spec: str) -> tuple[str, str]:
    """``place=The Bar`` -> ("place", folded "the bar"); the value normalised as a cue option's."""
    dimension, equals, value = spec.partition("=")
    dimension = dimension.strip().lower()
    if not equals:
        raise InputError(errors.cue_filter_needs_equals(spec))
    if dimension not in DIMENSIONS:
        raise InputError(errors.cue_filter_dimension(dimension or spec, ", ".join(DIMENSIONS)))
    normalised = normalise_value(value, "--cue")
    if not normalised:
        raise InputError(errors.cue_filter_needs_value(dimension))
    return dimension, fold(normalised)


class Search(NamedTuple):
    """The test for an entry, and a cheap first look at a stored record that keeps every
    record whose entry the test keeps (a search of 40,000 entries builds only a few)."""

    entry: Callable[[Entry], bool]
    record: Callable[[dict], bool]


def matcher(grep: str | None, cues: Sequence[str] = ()) -> Search | None:
    """The search asked for, or None when nothing is asked (every entry is kept)."""
    needle = grep_needle(grep) if grep is not None else None
    wanted = [parse_cue(spec) for spec in cues]
    if needle is None and not wanted:
        return None

    def keeps(entry: Entry) -> bool:
        for dimension, value in wanted:
            if not any(fold(v) == value for v in getattr(entry.cues, dimension)):
                return False
        return needle is None or needle in entry_words(entry)

    def may_keep(record: dict) -> bool:
        try:
            cues = record["cues"]
            for dimension, value in wanted:
                if not any(fold(v) == value for v in cues.get(dimension) or ()):
                    return False
            if needle is None:
                return True
            parts = [record.get("note") or "", *(v for vs in cues.values() for v in vs or ())]
            parts += [*(record.get("coping") or ()), record.get("amount") or ""]
            parts += (record.get("reflection") or {}).values()
            return needle in fold(_SEP.join(parts))
        except (TypeError, AttributeError, KeyError):
            return True  # an odd record: the entry it makes decides

    return Search(keeps, may_keep)
