"""Words that decide what redaction treats as a name: data, reviewed and extended on its own.

Used by :mod:`cuelog.analysis.redaction`, whose docstring gives the rules they feed.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# Names that are also ordinary words, with the ordinary uses that compete with the name:
# "verb" (after "to" it is an infinitive), "mass" (a noun used bare: "with hope"),
# "noun" (a countable noun: needs an article, so a bare one after "with" is a name),
# "month", "adj" (an adjective before its noun).
COMMON_WORD_NAMES: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        word: frozenset(roles.split())
        for word, roles in {
            "will": "verb",
            "may": "verb month",
            "grace": "mass verb",
            "mark": "verb noun",
            "bill": "noun verb",
            "frank": "adj",
            "rose": "noun verb",
            "hope": "mass verb",
            "joy": "mass",
            "faith": "mass",
            "june": "month",
            "april": "month",
            "august": "month adj",
            "dawn": "mass verb",
            "sue": "verb",
            "pat": "verb noun",
            "art": "mass",
            "jack": "noun verb",
            "ray": "noun",
            "rich": "adj",
            "drew": "verb",
            "gene": "noun",
            "sandy": "adj",
            "summer": "mass",
            "autumn": "mass",
            "amber": "mass adj",
            "hunter": "noun",
            "rob": "verb",
            "bob": "verb",
            "chase": "verb noun",
            "grant": "verb noun",
            "guy": "noun",
            "max": "noun",
            "nick": "verb noun",
            "miles": "noun",
            "dean": "noun",
            "cliff": "noun",
            "carol": "noun",
            "holly": "mass",
            "ivy": "mass",
            "iris": "noun",
            "lily": "noun",
            "daisy": "noun",
            "heather": "mass",
            "robin": "noun",
            "jay": "noun",
            "crystal": "mass",
            "penny": "noun",
            "ginger": "mass adj",
            "angel": "noun",
            "sky": "mass",
            "river": "noun",
            "storm": "noun verb",
            "rocky": "adj",
            "rusty": "adj",
            "sunny": "adj",
            "misty": "adj",
            "don": "verb",
            "kit": "mass",
            "chip": "noun",
            "dot": "noun verb",
            "lane": "noun",
            "glen": "noun",
            "dale": "noun",
            "brook": "noun verb",
            "heath": "noun",
            "reed": "noun",
            "stone": "mass",
            "wade": "verb",
            "buck": "noun verb",
            "bud": "noun",
            "patience": "mass",
            "honour": "mass",
            "honor": "mass",
            "harmony": "mass",
            "mercy": "mass",
            "charity": "mass",
            "destiny": "mass",
            "sage": "mass adj",
            "pearl": "noun",
            "ruby": "noun",
            "jade": "mass",
            "olive": "noun adj",
            "violet": "noun adj",
            "basil": "mass",
            "rosemary": "mass",
            "victor": "noun",
            "sterling": "mass adj",
        }.items()
    }
)

# Words for who someone is to the person. Never names; replaced only under ``relations``.
RELATION_WORDS = frozenset(
    """
    mum mom mam mummy mommy mother dad daddy father parent parents stepmum stepmom stepmother stepdad stepfather
    brother sister sibling siblings stepbrother stepsister son daughter stepson stepdaughter kid kids child children
    partner wife husband spouse girlfriend boyfriend gf bf ex fiance fiancé fiancee fiancée
    grandma grandpa grandmother grandfather granny grandad granddad gran nan nana nanna
    aunt auntie aunty uncle cousin nephew niece in-laws inlaws mother-in-law father-in-law
    boss manager supervisor colleague colleagues coworker co-worker coworkers workmate workmates
    friend friends mate mates buddy pal pals bestie flatmate roommate housemate neighbour neighbor
    teammate classmate family folks
    """.split()
)
# People words that are neither names nor relationships: kept whatever is redacted.
GENERIC_PEOPLE = frozenset(
    """
    alone nobody noone no one everyone everybody someone somebody anyone people person persons others strangers
    stranger crowd group gang team lads girls boys guys men women usual regulars sponsor counsellor counselor
    therapist doctor gp nurse dealer landlord landlady bartender barman staff customers clients
    mentor coach worker keyworker caseworker psychiatrist psychologist pharmacist pastor priest vicar imam rabbi
    helpline hotline line team clinic service
    """.split()
)
# Words that may qualify a relationship word in a person cue ("my older sister", "a friend of mine",
# "NA sponsor", "my AA sponsor", "peer support worker").
MODIFIERS = frozenset(
    """
    my our your his her their the a an of mine old older oldest young younger youngest big little elder best
    new former close good work school uni step other usual and or from at
    na aa ca smart anonymous narcotics alcoholics recovery fellowship peer support key group meeting in
    """.split()
)
# Titles before a name in a label ("Dr Patel"): never the name, kept in the text.
TITLES = frozenset("dr mr mrs ms mx miss prof professor rev".split())
# Words that cannot be part of a name: a multi-word person cue holding one is not split into name parts.
NOT_NAME_PARTS = (
    MODIFIERS | RELATION_WORDS | GENERIC_PEOPLE | frozenset("man woman girl boy lady bloke bar pub".split())
)

GREETINGS = frozenset("hi hey hello hiya heya yo thanks ta cheers bye dear morning night".split())
CONTACT_VERBS = frozenset(
    """
    text texted texting call called calling rang ring phone phoned message messaged messaging dm dmed dm'd email
    emailed tell told ask asked meet met meeting visit visited invite invited hug hugged block blocked facetimed
    """.split()
)
PERSON_PREPOSITIONS = frozenset("with from to for by".split())
DETERMINERS = frozenset("the a an this that these those last next every each one my our your his her their its".split())
MONTH_CONTEXT = frozenset(
    "in since until till by of from to during before after early late mid last next this every each".split()
)
# After a capitalised word opening a sentence, these make it the subject: a person.
PERSON_FOLLOWERS = frozenset(
    """
    and said says say texted called rang came come comes went goes was is has had asked told wants wanted offered
    brought bought got gets gave sent left invited dropped showed turned kept knows knew thinks thought seemed looked
    picked messaged phoned met saw tried started made took drove laughed shouted suggested kept lives lived works
    worked arrived stayed just never always also still
    """.split()
)
# After an adjective-like name these show it was the name ("with frank at the bar"), not the adjective.
AFTER_A_NAME = frozenset(
    """
    and at in on to for from who about again yesterday today tonight after before earlier later last this all was is
    were are had has said
    """.split()
)
