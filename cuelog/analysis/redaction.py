"""What the person leaves out of a report: notes, people's names, relationship words.

Pure. Names are those the journal itself records as names: person cues and support
people (their phone numbers too). A name is replaced wherever it is used as that
name — as a whole word, in any case, possessives included ("Sam's flat" ->
"person 1's flat"). When the name is also an ordinary English word (Will, May,
Hope, Mark…), it is replaced only where the sentence uses it as a name:

- as a person cue, or a support person's name;
- capitalised, not at the start of a sentence ("went out with Will");
- capitalised at the start of a sentence when a person's verb or "and" follows
  ("Will texted", "Will and I"), not when it opens a question or an order
  ("Will you…", "Mark the date");
- in any case after a greeting ("hi will", "thanks, will") or a verb of contact
  ("texted will", "met grace");
- in any case after "with", "from", "to", "for" or "by" — unless the word reads
  as its ordinary self there: a mass noun ("with hope", "from grace"), a verb after
  "to" ("to hope", "to mark"), a month ("from may"), an adjective followed by its
  noun ("with rich food"), or "will power";
- with a possessive, unless a determiner comes first ("will's flat" is a name,
  "last summer's party" is not).

A label that also says who someone is ("NA sponsor Mike", "Mike (my counsellor)", "Dr
Patel") names only its name part: "Mike" is replaced in every field, the role words stay
("NA sponsor person 2"), and a person cue naming the same Mike shares his number.

"and will" stays ordinary: "and will go" is far more common than a lower-case
friend after "and". Relationship words (mum, partner, boss, friend…) are never
names; ``relations`` replaces them with "relation 1", "relation 2"….
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import cache
from types import MappingProxyType

from cuelog.analysis.namewords import (
    AFTER_A_NAME,
    COMMON_WORD_NAMES,
    CONTACT_VERBS,
    DETERMINERS,
    GENERIC_PEOPLE,
    GREETINGS,
    MODIFIERS,
    MONTH_CONTEXT,
    NOT_NAME_PARTS,
    PERSON_FOLLOWERS,
    PERSON_PREPOSITIONS,
    RELATION_WORDS,
    TITLES,
)
from cuelog.errors import InputError
from cuelog.models import DIMENSIONS, Cues, Entry, Plan
from cuelog.wording import errors
from cuelog.wording import report as say

PARTS = ("notes", "people", "relations")
REDACTIONS = (*PARTS, "all")


def redaction_parts(redact: str | None) -> set[str]:
    """``notes``, ``people``, ``relations``, ``all`` (all three), or a comma list such as
    ``notes,people``. An unknown word is an :class:`InputError` naming the choices."""
    if redact is None:
        return set()
    parts: set[str] = set()
    for word in (w.strip().lower() for w in redact.split(",")):
        if word == "all":
            parts.update(PARTS)
        elif word in PARTS:
            parts.add(word)
        else:
            raise InputError(errors.redact_choices(", ".join(REDACTIONS), word or redact))
    return parts


def _plain(word: str) -> str:
    """Lower case, typographic apostrophe straightened, possessive dropped."""
    word = word.lower().replace("\u2019", "'")
    return word[:-2] if word.endswith("'s") else word[:-1] if word.endswith("s'") else word


def _is_relation(word: str) -> bool:
    word = _plain(word)
    return word in RELATION_WORDS or (word.endswith("s") and word[:-1] in RELATION_WORDS)


def is_role(value: str) -> bool:
    """A person cue that says who someone is rather than naming them: "mum",
    "my older sister", "colleagues", "a friend of mine", "the usual crowd"."""
    words = value.split()
    return (
        bool(words)
        and all(_is_relation(w) or _plain(w) in MODIFIERS or _plain(w) in GENERIC_PEOPLE for w in words)
        and not all(_plain(w) in MODIFIERS for w in words)
    )


def name_part(label: str) -> str | None:
    """The name in a label that also says who someone is: "NA sponsor Mike" -> "mike",
    "Mike (my counsellor)" -> "mike", "Dr Patel" -> "patel"; the label itself when it holds
    no role word ("jo walker"); None when nothing but role words is left ("the man from
    the bar" is kept whole, as before: it is how the person names someone)."""
    words = re.findall(r"[\w'\u2019-]+", label.lower())
    kept = [_plain(w) for w in words if not (_plain(w) in NOT_NAME_PARTS or _is_relation(w) or _plain(w) in TITLES)]
    if not kept:
        return None
    if len(kept) == len(words):
        return label
    if len(kept) > 4 or not all(w.replace("-", "").isalpha() for w in kept):
        return None
    return " ".join(kept)


class Redactor:
    """Replaces names, relationship words and phone numbers the same way in every text
    of one report, numbering people by their first appearance."""

    def __init__(
        self,
        parts: set[str],
        entries: Iterable[Entry] = (),
        plans: Iterable[Plan] = (),
        support: Iterable[Mapping] = (),
    ) -> None:
        self.parts = set(parts)
        self.names: dict[str, str] = {}  # plain name or name part -> "person N"
        self.relations: dict[str, str] = {}  # relation word -> "relation N"
        self.phones: list[str] = []  # the last digits of each support person's number
        self.phones_seen = 0
        self._people = 0
        self._done: dict[str, str] = {}  # cue values and coping repeat across thousands of entries
        self._learned: set[str] = set()
        self._cues: dict[Cues, Cues] = {}
        if "people" in self.parts:
            for entry in sorted(entries, key=lambda e: e.at):
                for value in entry.cues.person:
                    self._learn_person(value)
            for plan in plans:
                for value in plan.cues.person:
                    self._learn_person(value)
            for person in support:
                if person.get("name"):
                    self._learn_name(" ".join(str(person["name"]).split()).lower(), parts_too=True)
                self._learn_phone(person.get("phone"))
        self._names_re = self._pattern(self.names)

    # -- learning who is who ---------------------------------------------------------------
    def _label(self) -> str:
        self._people += 1
        return f"person {self._people}"

    def _learn_name(self, name: str, parts_too: bool) -> None:
        if not name or is_role(name):
            return
        named = name_part(name)
        if named is not None and named != name:
            # "na sponsor mike": the name is "mike"; the role words stay wherever they stand.
            self._learn_name(named, parts_too=True)
            return
        label = self.names.get(name) or self._label()
        self.names.setdefault(name, label)
        words = name.split()
        if parts_too and 1 < len(words) <= 4 and not any(_plain(w) in NOT_NAME_PARTS for w in words):
            for word in words:
                if len(word) > 1 and word.isalpha():
                    self.names.setdefault(word, label)

    def _learn_person(self, value: str) -> None:
        """A person cue: a role ("my brother") is no name; "sam's brother" names sam."""
        if value in self._learned:
            return
        self._learned.add(value)
        if is_role(value):
            return
        owner = re.fullmatch(r"(.+?)['\u2019]s (.+)", value)
        if owner and is_role(owner[2]):
            self._learn_name(owner[1], parts_too=True)
        else:
            self._learn_name(value, parts_too=" " in value)

    def _learn_phone(self, phone) -> None:
        digits = re.sub(r"\D", "", str(phone or ""))
        if len(digits) >= 5:
            # The national number: "+44 7700 900123" and "07700 900123" end alike.
            self.phones.append(digits[-9:])

    @staticmethod
    def _pattern(words: Mapping[str, str]) -> re.Pattern[str] | None:
        if not words:
            return None
        alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
        # Not inside a word, and not a contraction ("don't" is no Don); a possessive is fine.
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)(?!['\u2019](?!s(?!\w))\w)", re.IGNORECASE)

    # -- replacing -----------------------------------------------------------------------------
    def _name_for(self, match: re.Match[str]) -> str:
        found = match.group()
        key = " ".join(found.lower().split())
        label = self.names[key]
        if key in COMMON_WORD_NAMES and not used_as_name(match.string, match.start(), match.end()):
            return found
        opens_sentence = re.search(r"(?:^|[.!?]\s+)[\"'“‘(]*$", match.string[: match.start()])
        return label.capitalize() if found[0].isupper() and opens_sentence else label

    def _relation_for(self, match: re.Match[str]) -> str:
        word = match.group().lower()
        base = word[:-1] if word.endswith("s") and word[:-1] in RELATION_WORDS else word
        if base not in self.relations:
            self.relations[base] = f"relation {len(self.relations) + 1}"
        return self.relations[base]

    def _phone_for(self, match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group())
        if not any(digits.endswith(key) for key in self.phones):
            return match.group()
        self.phones_seen += 1
        return "(phone number left out)"

    def text(self, text: str | None) -> str | None:
        """Free text or a cue value with names, relationship words and phones replaced."""
        if not text:
            return text
        done = self._done.get(text)
        if done is None:
            done = self._done[text] = self._scrub(text)
        return done

    def _scrub(self, text: str) -> str:
        if "people" in self.parts:
            if self.phones:
                text = _phone_like().sub(self._phone_for, text)
            if self._names_re is not None:
                text = self._names_re.sub(self._name_for, text)
        if "relations" in self.parts:
            text = _relations_re().sub(self._relation_for, text)
        return text

    def person(self, value: str) -> str:
        """A person cue value: a name is always a name here, whatever word it is."""
        if "people" in self.parts and value in self.names:
            return self.names[value]
        return self.text(value)

    def free_text(self, text: str | None) -> str | None:
        """Notes, reflection answers, plan text: gone with ``notes``, scrubbed otherwise."""
        return None if "notes" in self.parts else self.text(text)

    def entry(self, entry: Entry) -> Entry:
        if not self.parts:
            return entry
        cues = self._cues.get(entry.cues)
        if cues is None:
            cues = self._cues[entry.cues] = Cues(
                **{
                    d: tuple(self.person(v) if d == "person" else self.text(v) for v in getattr(entry.cues, d))
                    for d in DIMENSIONS
                }
            )
        reflection = entry.reflection
        if reflection is not None:
            reflection = MappingProxyType(
                {} if "notes" in self.parts else {k: self.text(v) for k, v in reflection.items()}
            )
        return replace(
            entry,
            cues=cues,
            note=self.free_text(entry.note),
            reflection=reflection,
            coping=tuple(self.text(c) for c in entry.coping),
            amount=self.text(entry.amount),  # what and how much: kept like coping, names scrubbed
            extra=MappingProxyType({}),  # unknown keys could hold anything
        )

    def plan(self, plan: Plan) -> dict:
        cues = {
            d: [self.person(v) if d == "person" else self.text(v) for v in vs] for d, vs in plan.cues.as_dict().items()
        }
        return {
            "id": plan.id,
            "cues": cues,
            "then": self.free_text(plan.then),
            "created_at": plan.created_at.isoformat(timespec="seconds"),
        }

    def safety_plan(self, plan: Mapping) -> dict:
        """The safety plan (``SafetyPlan.as_dict``): with ``people``, the names in step 4
        become "person N" like every other name (learned before anything else is scrubbed);
        each text is free text, as a note is."""
        steps = plan.get("steps") or {}
        if "people" in self.parts:
            for name in steps.get("ask_for_help") or ():
                self._learn_name(" ".join(str(name).split()).lower(), parts_too=True)
            self._names_re = self._pattern(self.names)
            self._done.clear()

        def texts(values) -> list:
            return [self.free_text(v) for v in values or ()]

        out = dict(plan)
        out["steps"] = {
            key: ([self._named(v) for v in values] if key == "ask_for_help" else texts(values))
            for key, values in steps.items()
        }
        out["reasons"] = texts(plan.get("reasons"))
        out.pop("people", None)
        return out

    def _named(self, name: str) -> str:
        """A name as written in the safety plan: "person N" when people are left out."""
        if "people" in self.parts:
            return self.person(" ".join(name.split()).lower())
        return self.text(name)

    def support_person(self, person: Mapping) -> dict:
        name = " ".join(str(person.get("name") or "").split())
        phone = person.get("phone")
        if "people" in self.parts:
            name = self.names.get(name.lower(), self.text(name))
            if phone:
                self.phones_seen += 1
                phone = None
        # created_at too: without it the JSON export could not be imported back.
        return {
            "id": person.get("id"),
            "name": name,
            "phone": phone,
            "note": self.free_text(person.get("note")),
            "created_at": person.get("created_at"),
        }

    # -- saying what was done ---------------------------------------------------------------
    def counts(self) -> dict:
        return {
            "people": len(set(self.names.values())),
            "relations": len(self.relations),
            "phones": self.phones_seen,
        }

    def sentence(self) -> str:
        """What the report leaves out, in one sentence that ends in one full stop."""
        if not self.parts:
            return say.LEFT_OUT_NOTHING
        said = []
        if "notes" in self.parts:
            said.append(say.LEFT_OUT_NOTES)
        if "people" in self.parts:
            n = len(set(self.names.values()))
            if n == 0:
                said.append(say.NAMES_NONE_RECORDED)
            else:
                who = say.NAMES_ONE if n == 1 else say.NAMES_TWO if n == 2 else say.NAMES_MANY.format(count=n)
                said.append(say.NAMES_REPLACED.format(who=who))
            if self.phones_seen:
                said.append(say.PHONES_LEFT_OUT)
            if "relations" not in self.parts:
                said.append(say.RELATIONS_KEPT)
        if "relations" in self.parts:
            said.append(say.RELATIONS_REPLACED)
        if len(said) <= 2:
            text = " and ".join(said)
        else:
            text = "; ".join(said[:-1]) + "; and " + said[-1]
        return say.LEFT_OUT.format(what=text)


def _context(text: str, start: int, end: int) -> tuple[str, str, str, str, str]:
    """(word before, what separates it from the match, the word before that, word after, text after)."""
    before, after = text[:start], text[end:]
    found = re.search(r"(\w[\w'\u2019-]*)(\W*)$", before)
    prev_word, gap = (found.group(1).lower().replace("\u2019", "'"), found.group(2)) if found else ("", before)
    earlier = re.findall(r"[\w'\u2019-]+", before.lower())
    prev2 = earlier[-2] if len(earlier) >= 2 else ""
    if re.match(r"['\u2019]s(?!\w)", after):
        next_word = "'s"
    else:
        following = re.match(r"[ \t'\"\u2019\u201d)]*(\w[\w'\u2019-]*)", after)
        next_word = following.group(1).lower() if following else ""
    return prev_word, gap, prev2, next_word, after


def used_as_name(text: str, start: int, end: int) -> bool:
    """Whether the ordinary-word name at ``text[start:end]`` is used as a name there
    (the rules are in the module's docstring)."""
    word = text[start:end]
    roles = COMMON_WORD_NAMES.get(word.lower(), frozenset())
    prev_word, gap, prev2, next_word, after = _context(text, start, end)
    if word.lower() == "will" and next_word == "power":
        return False
    clause_start = not prev_word or bool(re.search(r"[.!?;:\n…]", gap))
    month = "month" in roles and (prev_word in MONTH_CONTEXT and not clause_start or re.match(r"\s*\d", after))
    capitalised = word[0].isupper() and not (word.isupper() and len(word) > 1)
    if next_word == "'s":
        return not month if capitalised else prev_word not in DETERMINERS or clause_start
    if not clause_start and re.fullmatch(r"[ \t]*,?[ \t]*", gap):
        greeted = prev_word in GREETINGS or (prev_word == "you" and prev2 == "thank")
        if greeted or (prev_word in CONTACT_VERBS and "," not in gap):
            return not month
    if capitalised:
        if month:
            return False
        if clause_start:
            return next_word in PERSON_FOLLOWERS or next_word.endswith("ed") or after.lstrip().startswith(",")
        return True
    if prev_word in PERSON_PREPOSITIONS and re.fullmatch(r"[ \t]+", gap):
        if "mass" in roles or month or (prev_word == "to" and "verb" in roles):
            return False
        return not ("adj" in roles and next_word and next_word not in AFTER_A_NAME)
    return False


@cache
def _phone_like() -> re.Pattern[str]:
    """A run of digits with the separators people type in phone numbers."""
    return re.compile(r"\+?\(?\d(?:[\d().-]|[ \t](?=[\d(]))*\d")


@cache
def _relations_re() -> re.Pattern[str]:
    """Words for relations; compiled when a report is redacted, not on every start (the
    alternation costs milliseconds to compile)."""
    words = "|".join(re.escape(w) for w in sorted(RELATION_WORDS, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{words})s?(?![\w])", re.IGNORECASE)


def redact(entries: list[Entry], parts: set[str]) -> list[Entry]:
    """Entries with what ``parts`` names taken out (see :class:`Redactor`)."""
    redactor = Redactor(parts, entries)
    return [redactor.entry(e) for e in entries]
