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


class Place(NamedTuple):
    """Whose numbers to show: ``country`` (ISO 3166 alpha-2 or None) and whether it was
    guessed from the locale rather than chosen with ``CUELOG_COUNTRY``."""

    country: str | None
    guessed: bool


def place(env: Mapping[str, str]) -> Place:
    """``CUELOG_COUNTRY`` if set (a value that is not a two-letter code gives None
    rather than a guess), else the territory of the first set locale variable
    (``en_GB.UTF-8`` -> GB, guessed; ``C`` and ``POSIX`` -> None)."""
    chosen = (env.get("CUELOG_COUNTRY") or "").strip()
    if chosen:
        return Place(_alpha2(chosen), False)
    for name in _LOCALE_VARIABLES:
        value = env.get(name)
        if value:
            language_territory = re.split(r"[.@]", value, maxsplit=1)[0]
            parts = re.split(r"[_-]", language_territory)
            code = _alpha2(parts[1]) if len(parts) >= 2 else None
            return Place(code, code is not None)
    return Place(None, False)


def country(env: Mapping[str, str]) -> str | None:
    """The ISO 3166 alpha-2 code of ``place(env)``."""
    return place(env).country


def crisis_lines(country: str | None) -> list[str]:
    """A crisis line for the place, local emergency services, and last "or someone you trust"."""
    return wording.crisis_lines(country)


# -- substances -----------------------------------------------------------------------
OPIOIDS = "opioids"
STIMULANTS = "stimulants"
ALCOHOL = "alcohol"
BENZODIAZEPINES = "benzodiazepines"
SEDATIVES = "sedatives"  # sleeping pills and z-drugs: sedatives that are not benzodiazepines by name
GHB = "ghb"
BARBITURATES = "barbiturates"
CANNABIS = "cannabis"
NICOTINE = "nicotine"
BEHAVIOURS = "behaviours"  # gambling, gaming, shopping...: no drug safety lines at all
UNKNOWN = "unknown"

_SUBSTANCE_WORDS = {
    OPIOIDS: """heroin smack dope fentanyl fent carfentanil nitazene opioid opiate opium oxycodone oxy oxycontin
        percocet perc morphine methadone buprenorphine bupe subutex suboxone codeine lean tramadol hydrocodone
        vicodin dilaudid hydromorphone tapentadol pethidine meperidine demerol pill kratom m30 m30s""",
    STIMULANTS: """cocaine coke crack charlie blow meth methamphetamine crystal tina crank amphetamine amph speed
        ice mdma ecstasy molly mandy stimulant upper adderall ritalin methylphenidate mephedrone""",
    ALCOHOL: """alcohol drinking drink drank drunk booze beer lager ale wine spirit vodka whisky whiskey gin rum
        tequila cider liquor brandy bourbon scotch sake""",
    BENZODIAZEPINES: """benzo benzodiazepine xanax xanny xannies zanny zannies xans xan bars valium klonopin
        ativan etizolam diazepam alprazolam clonazepam lorazepam temazepam librium chlordiazepoxide oxazepam
        bromazolam rivotril restoril triazolam halcion nitrazepam""",
    SEDATIVES: """sedative tranquilizer tranquiliser zolpidem ambien stilnox zopiclone zimovane eszopiclone
        lunesta zaleplon""",
    GHB: """ghb gbl g gina butanediol bdo""",
    BARBITURATES: """barbiturate barb phenobarbital phenobarbitone butalbital fioricet secobarbital seconal
        pentobarbital nembutal amobarbital""",
    CANNABIS: """cannabis weed marijuana hash thc pot ganja skunk spliff joint""",
    NICOTINE: """nicotine cigarette cig smoking tobacco vape vaping""",
    BEHAVIOURS: """gambling gamble gambled betting bet bets bookies bookie bookmaker bookmakers casino casinos
        slots slot pokies poker roulette blackjack lottery scratchcard scratchcards gaming games gamer videogames
        shopping spending porn pornography""",
}
_CLASS_OF = {word: frozenset({cls}) for cls, words in _SUBSTANCE_WORDS.items() for word in words.split()}
# Words for pills that may be counterfeit opioids or counterfeit benzodiazepines,
# depending on the place ("blues" are fake oxycodone in parts of the US, diazepam
# in the UK): both classes' lines, since either can contain fentanyl.
_CLASS_OF.update(dict.fromkeys(("blues", "pressies"), frozenset({OPIOIDS, BENZODIAZEPINES})))
# Phrases read before single words: "sleeping pills" is a sedative, not an opioid.
_PHRASES = {
    "sleeping pill": frozenset({SEDATIVES}),
    "sleeping tablet": frozenset({SEDATIVES}),
    "sleep pill": frozenset({SEDATIVES}),
    "sleep med": frozenset({SEDATIVES}),
    "sleeping med": frozenset({SEDATIVES}),
    "z drug": frozenset({SEDATIVES}),
    "street xanax": frozenset({BENZODIAZEPINES}),
    "fake xanax": frozenset({BENZODIAZEPINES}),
    "fake pill": frozenset({OPIOIDS, BENZODIAZEPINES}),
    "counterfeit pill": frozenset({OPIOIDS, BENZODIAZEPINES}),
    "street pill": frozenset({OPIOIDS, BENZODIAZEPINES}),
    "pressed pill": frozenset({OPIOIDS, BENZODIAZEPINES}),
    "fake oxy": frozenset({OPIOIDS}),
    "slot machine": frozenset({BEHAVIOURS}),
    "video game": frozenset({BEHAVIOURS}),
}
_PHRASE = re.compile(r"\b(" + "|".join(re.escape(p) for p in sorted(_PHRASES, key=len, reverse=True)) + r")s?\b")

# Classes with a dangerous withdrawal, and which lines a use of each class calls for.
WITHDRAWAL_CLASSES = frozenset({ALCOHOL, BENZODIAZEPINES, SEDATIVES, GHB, BARBITURATES})
SEDATIVE_CLASSES = frozenset({BENZODIAZEPINES, SEDATIVES, GHB, BARBITURATES})
OPIOID_NOTE_CLASSES = frozenset({OPIOIDS, UNKNOWN})  # "unknown" could be anything
OVERDOSE_CLASSES = frozenset({OPIOIDS, STIMULANTS, UNKNOWN})  # kept for callers: classes with an overdose note


# In an amount ("2 g of coke"), "g" is grams, not GHB.
_UNITS = frozenset({"g"})


def _classes_of_words(text: str, *, skip: frozenset[str] = frozenset()) -> set[str]:
    found: set[str] = set()
    text = " ".join(_NOT_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).split())
    for match in _PHRASE.finditer(text):
        found |= _PHRASES[match.group(1)]
    for word in _PHRASE.sub(" ", text).split():
        if word in skip:
            continue
        cls = _CLASS_OF.get(word)
        if cls is None and len(word) > 3 and word.endswith("s"):
            cls = _CLASS_OF.get(word[:-1])
        if cls is not None:
            found |= cls
    return found


def substance_classes(text: str | None) -> frozenset[str]:
    """``"alcohol+benzos"`` -> {"alcohol", "benzodiazepines"}; unset, empty or with no
    word cuelog knows -> {"unknown"}. Separators: + & , / ; "and", spaces."""
    found = _classes_of_words(text or "")
    return frozenset(found) if found else frozenset({UNKNOWN})


# -- notices ---------------------------------------------------------------------------
CONTEXTS = ("lapse", "status", "quit-date")
RECENT_DAYS = 14  # "in the last 14 days": a use 14 days ago counts, 15 does not
# After release from prison, the risk of a drug-related death is highest in the first
# two weeks and still raised in weeks 3-4 (Merrall et al. 2010): the opioid notes stay
# in status for four weeks after a use, while tolerance may still be low.
OPIOID_NOTE_DAYS = 28
LOOKBACK_DAYS = max(RECENT_DAYS, OPIOID_NOTE_DAYS)  # how far back callers read use events
WITHDRAWAL_WINDOW_DAYS = 14  # withdrawal-stopping: any day up to 14 days after the quit date
ALCOHOL_SIGNS_DAYS = 5  # alcohol-withdrawal-signs: up to day 5 after the quit date
SEVERAL_LAPSES = 3


# A named tuple: defined several times faster than a frozen dataclass, on every start.
class Notice(NamedTuple):
    key: str  # stable; also the key of its entry in cuelog.sources
    text: str


class UseEvent(NamedTuple):
    """A day with use, from any entry: a lapse, or a check-in that says so.

    ``what``: what the person said they used ("2 bags", "3 blues", "bottle of vodka"),
    read for its substance classes. ``where``: other texts of the entry (place,
    activity), read only for behaviours ("bookies") when nothing else names a class.
    ``kind``: the entry kind; several-lapses counts lapses only.
    """

    day: date
    what: str | None = None
    where: tuple[str, ...] = ()
    kind: str = "lapse"


NOTICE_KEYS = (
    "crisis",
    "overdose-emergency",
    "overdose",
    "stimulant-supply",
    "sedative-pills",
    "withdrawal-stopping",
    "alcohol-withdrawal-signs",
    "withdrawal-returning",
    "several-lapses",
)


def text_notices(texts: Iterable[str | None], country: str | None, *, guessed: bool = False) -> list[Notice]:
    """The notices any text a person typed can call for, whatever the command: the
    crisis lines when it mentions self-harm, the emergency line when it mentions an
    overdose. ``guessed``: the country came from the locale (said once, in the crisis line)."""
    texts = list(texts)
    out = []
    if mentions_self_harm(*texts):
        out.append(Notice("crisis", wording.crisis_message(country, guessed)))
    if mentions_overdose(*texts):
        out.append(Notice("overdose-emergency", wording.overdose_emergency(country)))
    return _say_the_place_once(out, country, guessed)


def use_classes(substance: str | None, events: Iterable[UseEvent]) -> frozenset[str]:
    """The classes a use calls lines for: the quit attempt's substance and what each
    event says was used; with neither naming one, behaviours from where it happened
    ("bookies"), else "unknown" (it could be anything)."""
    known = set(substance_classes(substance)) - {UNKNOWN}
    events = list(events)
    for event in events:
        known |= _classes_of_words(event.what or "", skip=_UNITS)
    if not known:
        for event in events:
            known |= _classes_of_words(" ".join(event.where)) & {BEHAVIOURS}
    return frozenset(known) if known else frozenset({UNKNOWN})


def notices(
    *,
    substance: str | None,
    quit_date: date | None,
    today: date,
    lapse_days: Sequence[date] = (),
    context: str,
    texts: Sequence[str | None] = (),
    country: str | None = None,
    guessed: bool = False,
    use_events: Sequence[UseEvent] = (),
) -> list[Notice]:
    """The safety notices to show, most urgent first.

    ``context``: "lapse" (just logged a use; ``today`` is its day and the events
    include it), "status", or "quit-date" (just set or shown). Use: ``lapse_days``
    (days with a lapse, the older form) and ``use_events`` (any entry with use, with
    what was used), read together. ``texts``: notes and answers to check for
    self-harm or an overdose. ``country``: for the numbers; ``guessed``: it came from
    the locale.

    Lines per class: opioids (and an unknown substance) the overdose note and what to
    do in an overdose, after a use for ``OPIOID_NOTE_DAYS``; stimulants fentanyl in the
    supply, sedatives counterfeit pills and mixing, for ``RECENT_DAYS``; withdrawal for
    alcohol and sedatives; behaviours none at all.
    """
    if context not in CONTEXTS:
        raise ValueError(f"context must be one of {', '.join(CONTEXTS)}, not {context!r}")
    events = [UseEvent(d) for d in lapse_days] + list(use_events)
    events = [e for e in events if 0 <= (today - e.day).days <= LOOKBACK_DAYS]
    recent = [e for e in events if (today - e.day).days <= RECENT_DAYS]
    in_note_window = [e for e in events if (today - e.day).days <= OPIOID_NOTE_DAYS]
    base = substance_classes(substance)
    after_use = context == "lapse" or (context == "status" and bool(recent))
    after_opioid_use = context == "lapse" or (context == "status" and bool(in_note_window))
    recent_classes = use_classes(substance, recent) if after_use else base
    window_classes = use_classes(substance, in_note_window) if after_opioid_use else base
    out = text_notices(texts, country, guessed=guessed)
    said = {n.key for n in out}

    def add(key: str, text: str) -> None:
        if key not in said:
            said.add(key)
            out.append(Notice(key, text))

    # Opioids: after a use, and at the quit date (the first use after a break is the
    # risk); "unknown" only after a use, so the note is not on every quit date set
    # without a substance.
    opioid_use = after_opioid_use and window_classes & OPIOID_NOTE_CLASSES
    if opioid_use or (context == "quit-date" and OPIOIDS in base):
        add("overdose", wording.OVERDOSE)
        add("overdose-emergency", wording.overdose_emergency(country))
    if after_use and STIMULANTS in recent_classes:
        add("stimulant-supply", wording.STIMULANT_SUPPLY)
    if after_use and recent_classes & {BENZODIAZEPINES, SEDATIVES}:
        add("sedative-pills", wording.SEDATIVE_PILLS)
    withdrawal = base & WITHDRAWAL_CLASSES
    if withdrawal and context != "lapse" and quit_date is not None:
        days = (today - quit_date).days
        if days <= WITHDRAWAL_WINDOW_DAYS:
            add("withdrawal-stopping", wording.withdrawal_stopping(withdrawal))
        if ALCOHOL in withdrawal and days <= ALCOHOL_SIGNS_DAYS:
            add("alcohol-withdrawal-signs", wording.alcohol_withdrawal_signs(country))
    if after_use and recent_classes & WITHDRAWAL_CLASSES:
        add("withdrawal-returning", wording.WITHDRAWAL_RETURNING)
    # Once: when the lapse just logged is the third within two weeks.
    if context == "lapse" and len([e for e in recent if e.kind == "lapse"]) == SEVERAL_LAPSES:
        add("several-lapses", wording.SEVERAL_LAPSES)
    return _say_the_place_once(out, country, guessed)


_WITH_NUMBERS = ("crisis", "overdose-emergency", "alcohol-withdrawal-signs")


def _say_the_place_once(out: list[Notice], country: str | None, guessed: bool) -> list[Notice]:
    """A guessed or unknown place is said once: in the crisis line, or without one, in the
    first notice that gives the emergency number."""
    note = wording.place_note(country, guessed)
    if note is None or any(note in n.text for n in out):
        return out
    for i, notice in enumerate(out):
        if notice.key in _WITH_NUMBERS:
            out[i] = Notice(notice.key, f"{notice.text} {note}")
            break
    return out


# -- help now ---------------------------------------------------------------------------
def help_now_document(
    *,
    country: str | None,
    plans: Iterable[Plan],
    support: Iterable[SupportPerson],
    cues: Cues | None = None,
    guessed: bool = False,
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
            "message": wording.crisis_message(country, guessed),
            "lines": crisis_lines(country),
            "place": wording.place_note(country, guessed),
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
