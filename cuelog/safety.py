"""Safety at the hardest moment: crisis and overdose mentions, crisis lines by
place, what a substance implies, which safety notices apply and when, and the
help-now document.

Pure: the environment, dates and texts come in as arguments; nothing here reads
the clock, files or ``os.environ``. The sentences live in ``cuelog.wording``;
each notice key has its sources in ``cuelog.sources``.

The word lists are a net, not a judge: a miss is worse than a harmless false
positive, so phrases match loosely (case, apostrophes, hyphens, spacing, common
spellings such as "wanna" and "im") and ``cuelog help-now`` needs no trigger word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import NamedTuple

from cuelog import crisis, wording
from cuelog.models import Cues, Plan, SupportPerson

# -- matching free text ---------------------------------------------------------------
# The phrase data, normalisation, typo and concept matching live in ``cuelog.crisis``;
# the names below stay importable from here for every caller.
KINDS = crisis.KINDS
SELF_HARM_PHRASES = crisis.SELF_HARM_PHRASES
OVERDOSE_PHRASES = crisis.OVERDOSE_PHRASES
WARNING_SIGNS = crisis.WARNING_SIGNS
normalise_text = crisis.normalise_text
sentences = crisis.sentences
crisis_kinds = crisis.crisis_kinds
mentions_self_harm = crisis.mentions_self_harm
mentions_overdose = crisis.mentions_overdose
_matcher = crisis._matcher
_mentions = crisis._mentions
_NOT_WORD = re.compile(r"[\W_]+")


# -- place ------------------------------------------------------------------------
_COUNTRY_ALIASES = {"UK": "GB"}
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def _alpha2(raw: str) -> str | None:
    code = raw.strip().upper()
    code = _COUNTRY_ALIASES.get(code, code)
    return code if re.fullmatch(r"[A-Z]{2}", code) else None


def country(env: Mapping[str, str]) -> str | None:
    """ISO 3166 alpha-2 code: ``CUELOG_COUNTRY`` if set (a value that is not a
    two-letter code gives None rather than a guess), else the territory of the first
    set locale variable (``en_GB.UTF-8`` -> GB; ``C`` and ``POSIX`` -> None)."""
    chosen = (env.get("CUELOG_COUNTRY") or "").strip()
    if chosen:
        return _alpha2(chosen)
    for name in _LOCALE_VARIABLES:
        value = env.get(name)
        if value:
            language_territory = re.split(r"[.@]", value, maxsplit=1)[0]
            parts = re.split(r"[_-]", language_territory)
            return _alpha2(parts[1]) if len(parts) >= 2 else None
    return None


def crisis_lines(country: str | None) -> list[str]:
    """A crisis line for the place, local emergency services, and last "or someone you trust"."""
    return wording.crisis_lines(country)


# -- substances -----------------------------------------------------------------------
OPIOIDS = "opioids"
STIMULANTS = "stimulants"
ALCOHOL = "alcohol"
BENZODIAZEPINES = "benzodiazepines"
GHB = "ghb"
BARBITURATES = "barbiturates"
CANNABIS = "cannabis"
NICOTINE = "nicotine"
UNKNOWN = "unknown"

_SUBSTANCE_WORDS = {
    OPIOIDS: """heroin smack dope fentanyl fent carfentanil nitazene opioid opiate opium oxycodone oxy oxycontin
        percocet perc morphine methadone buprenorphine bupe subutex suboxone codeine lean tramadol hydrocodone
        vicodin dilaudid hydromorphone tapentadol pethidine meperidine demerol pill kratom""",
    STIMULANTS: """cocaine coke crack charlie blow meth methamphetamine crystal tina crank amphetamine amph speed
        ice mdma ecstasy molly mandy stimulant upper adderall ritalin methylphenidate mephedrone""",
    ALCOHOL: """alcohol drinking drink drank drunk booze beer lager ale wine spirit vodka whisky whiskey gin rum
        tequila cider liquor brandy bourbon scotch sake""",
    BENZODIAZEPINES: """benzo benzodiazepine xanax xanny xannies valium klonopin ativan etizolam diazepam
        alprazolam clonazepam lorazepam temazepam librium chlordiazepoxide oxazepam bromazolam rivotril restoril
        triazolam halcion nitrazepam""",
    GHB: """ghb gbl g gina butanediol bdo""",
    BARBITURATES: """barbiturate barb phenobarbital phenobarbitone butalbital fioricet secobarbital seconal
        pentobarbital nembutal amobarbital""",
    CANNABIS: """cannabis weed marijuana hash thc pot ganja skunk spliff joint""",
    NICOTINE: """nicotine cigarette cig smoking tobacco vape vaping""",
}
_CLASS_OF = {word: cls for cls, words in _SUBSTANCE_WORDS.items() for word in words.split()}

# Classes with a dangerous withdrawal, and those where a lapse brings overdose risk
# (street stimulants can contain fentanyl; "unknown" could be anything).
WITHDRAWAL_CLASSES = frozenset({ALCOHOL, BENZODIAZEPINES, GHB, BARBITURATES})
OVERDOSE_CLASSES = frozenset({OPIOIDS, STIMULANTS, UNKNOWN})


def substance_classes(text: str | None) -> frozenset[str]:
    """``"alcohol+benzos"`` -> {"alcohol", "benzodiazepines"}; unset, empty or with no
    word cuelog knows -> {"unknown"}. Separators: + & , / ; "and", spaces."""
    found = set()
    for word in _NOT_WORD.sub(" ", unicodedata.normalize("NFKC", text or "").casefold()).split():
        cls = _CLASS_OF.get(word)
        if cls is None and len(word) > 3 and word.endswith("s"):
            cls = _CLASS_OF.get(word[:-1])
        if cls is not None:
            found.add(cls)
    return frozenset(found) if found else frozenset({UNKNOWN})


# -- notices ---------------------------------------------------------------------------
CONTEXTS = ("lapse", "status", "quit-date")
RECENT_DAYS = 14  # "in the last 14 days": a lapse 14 days ago counts, 15 does not
WITHDRAWAL_WINDOW_DAYS = 14  # withdrawal-stopping: any day up to 14 days after the quit date
SEVERAL_LAPSES = 3


# A named tuple: defined several times faster than a frozen dataclass, on every start.
class Notice(NamedTuple):
    key: str  # stable; also the key of its entry in cuelog.sources
    text: str


NOTICE_KEYS = (
    "crisis",
    "overdose-emergency",
    "overdose",
    "withdrawal-stopping",
    "withdrawal-returning",
    "several-lapses",
)


def text_notices(texts: Iterable[str | None], country: str | None) -> list[Notice]:
    """The notices any text a person typed can call for, whatever the command: the
    crisis lines when it mentions self-harm, the emergency line when it mentions an
    overdose."""
    texts = list(texts)
    out = []
    if mentions_self_harm(*texts):
        out.append(Notice("crisis", wording.crisis_message(country)))
    if mentions_overdose(*texts):
        out.append(Notice("overdose-emergency", wording.overdose_emergency(country)))
    return out


def notices(
    *,
    substance: str | None,
    quit_date: date | None,
    today: date,
    lapse_days: Sequence[date],
    context: str,
    texts: Sequence[str | None] = (),
    country: str | None = None,
) -> list[Notice]:
    """The safety notices to show, most urgent first.

    ``context``: "lapse" (just logged one; ``today`` is its day and ``lapse_days``
    includes it), "status", or "quit-date" (just set or shown). ``texts``: notes and
    answers to check for self-harm or an overdose. ``country``: for the numbers.
    """
    if context not in CONTEXTS:
        raise ValueError(f"context must be one of {', '.join(CONTEXTS)}, not {context!r}")
    classes = substance_classes(substance)
    recent = [d for d in lapse_days if 0 <= (today - d).days <= RECENT_DAYS]
    after_lapse = context == "lapse" or (context == "status" and bool(recent))
    out = text_notices(texts, country)
    # At the quit date the first use after a break is the risk; opioids only, so the
    # note is not on every quit date set without a substance.
    if classes & OVERDOSE_CLASSES and (after_lapse or (context == "quit-date" and OPIOIDS in classes)):
        out.append(Notice("overdose", wording.OVERDOSE))
    withdrawal = classes & WITHDRAWAL_CLASSES
    if withdrawal and context != "lapse" and quit_date is not None:
        if (today - quit_date).days <= WITHDRAWAL_WINDOW_DAYS:
            out.append(Notice("withdrawal-stopping", wording.withdrawal_stopping(withdrawal)))
    if withdrawal and after_lapse:
        out.append(Notice("withdrawal-returning", wording.WITHDRAWAL_RETURNING))
    # Once: when the lapse just logged is the third within two weeks.
    if context == "lapse" and len(recent) == SEVERAL_LAPSES:
        out.append(Notice("several-lapses", wording.SEVERAL_LAPSES))
    return out


# -- help now ---------------------------------------------------------------------------
def help_now_document(
    *,
    country: str | None,
    plans: Iterable[Plan],
    support: Iterable[SupportPerson],
    cues: Cues | None = None,
) -> dict:
    """Everything ``cuelog help-now`` shows, as data: where to turn, the person's
    if-then plans (those matching ``cues`` first), their support people, and the
    urge-surfing guide."""
    cues = cues or Cues()
    ordered = sorted(plans, key=lambda plan: not plan.matches(cues))  # stable: matching first
    return {
        "country": country,
        "crisis": {
            "heading": wording.HELP_NOW_CRISIS_HEADING,
            "message": wording.crisis_message(country),
            "lines": crisis_lines(country),
        },
        "emergency": wording.emergency_number(country),
        "overdose": wording.overdose_emergency(country),
        "plans": [
            {
                "id": plan.id,
                "if": plan.label(),
                "cues": plan.cues.as_dict(),
                "then": plan.then,
                "matches": plan.matches(cues),
            }
            for plan in ordered
        ],
        "support": [
            {"id": person.id, "name": person.name, "phone": person.phone, "note": person.note} for person in support
        ],
        "urge_surfing": {
            "heading": wording.URGE_SURF_HEADING,
            "intro": wording.URGE_SURF_INTRO,
            "steps": list(wording.URGE_SURF_STEPS),
            "prompts": {"now": wording.URGE_NOW_PROMPT, "again": wording.URGE_AGAIN_PROMPT},
        },
        "sources": wording.SOURCES_POINTER,
    }
