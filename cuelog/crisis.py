"""Reading typed text for signs of a crisis: suicide, self-harm, an overdose.

Pure: texts in, answers out; no I/O, no clock. ``cuelog.safety`` uses it (and re-exports
the public names) to decide when the crisis and emergency lines are shown.

The net, not a judge: a miss is worse than a harmless false positive, so matching is
loose in four ways, each one data below:

1. Normalisation: case, apostrophes, hyphens, spacing, common spellings ("wanna",
   "im"), censoring ("k*ll"), digits for letters ("su1c1dal") and repeated letters.
2. Typos of a small vocabulary of key words are corrected: a word within one edit
   (two for long words) of "suicidal", "overdose", "myself"... that is not itself an
   English word becomes the key word ("sucidal", "overdoze", "myslef", "kil").
3. Phrases with word classes: ``{self} ~ {desire} ~ {death}`` matches "i really just
   want to be dead" and many more without listing each; a method or a means near an
   intent word ("going to ... the whole bottle tonight").
4. The warning-sign kinds: wishes for death or endless sleep said indirectly,
   hopelessness, feeling a burden, self-harm in any tense and by any means,
   a method or place, preparation, farewells, community shorthand.

Matching is within a sentence. The one family of false positives held to zero is
"cutting down / back / out" (and "cut myself a break"): a recovery journal sees them
daily, so they are rewritten before anything is matched.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

# -- phrase syntax ----------------------------------------------------------------------
# Phrases are matched against the normalised text of one sentence. Words are separated by
# spaces; "word*" also matches longer words starting with it, and a stem that ends in "e"
# also matches its -ing form ("hope*": hoped, hopes, hoping; "die*": dies, dying);
# "~" allows up to four other words in between, "~~" up to ten; "$" is the end of the
# sentence; "#" is a number of two digits or more; "{name}" is any entry of the word class ``CLASSES[name]``.

CLASSES: dict[str, tuple[str, ...]] = {
    "self": ("i", "me", "my", "myself"),
    "desire": (
        "want*",
        "wish*",
        "hope*",
        "pray*",
        "rather",
        "ready to",
        "happy to",
        "fine with",
        "ok with",
        "not mind",
        "going to",
        "plan*",
        "tempted to",
        "urge* to",
        "deserve to",
        "decided to",
        "about to",
        "try* to",
        "tried to",
        "could just",
        "should just",
        "might just",
        "think* about",
        "think* of",
        "thought about",
        "thought of",
    ),
    "death": (
        "die",
        "dying",
        "be dead",
        "were dead",
        "was dead",
        "not be alive",
        "not alive",
        "not exist*",
        "stop existing",
        "not be here",
        "not be around",
        "not wake* up",
        "never wake* up",
        "end it",
        "end it all",
        "end my life",
        "end myself",
        "kill* myself",
        "unaliv*",
        "suicid*",
        "ctb",
        "kms",
        "sleep forever",
        "overdos*",
        "od",
        "be gone forever",
        "disappear forever",
        "disappear for good",
    ),
    # what a person could use, and an intent to use it
    "intent": (
        "going to",
        "want*",
        "plan*",
        "tonight",
        "will",
        "could just",
        "about to",
        "ready to",
        "decided to",
        "tempted to",
        "keep thinking about",
        "thinking about",
        "thinking of",
        "thought about",
        "thought of",
        "think about",
    ),
    "pills": (
        "pills",
        "pill",
        "meds",
        "medication",
        "medicine",
        "tablets",
        "painkillers",
        "sleeping pills",
        "paracetamol",
        "tylenol",
        "ibuprofen",
        "aspirin",
        "codeine",
        "co codamol",
        "antidepressants",
        "sleeping tablets",
        "insulin",
    ),
    "container": ("bottle", "packet", "pack", "box", "strip", "blister", "tub", "jar", "supply", "stash", "lot"),
    "height": (
        "bridge",
        "roof",
        "rooftop",
        "building",
        "balcony",
        "cliff",
        "ledge",
        "tower",
        "car park",
        "carpark",
        "multi storey",
        "overpass",
        "window",
        "top floor",
    ),
    "vehicle": ("train", "bus", "car", "truck", "lorry", "traffic", "tram", "van"),
    "water": ("sea", "river", "lake", "ocean", "water", "canal"),
    "obstacle": ("wall", "tree", "lorry", "truck", "bridge", "pillar", "oncoming", "traffic", "river", "lake", "sea"),
    "brink": ("bridge", "ledge", "edge", "railing", "railings", "cliff", "parapet"),
    "stuff": (
        "things",
        "stuff",
        "belongings",
        "possessions",
        "clothes",
        "books",
        "records",
        "games",
        "guitar",
        "jewellery",
    ),
    "means": ("rope", "noose", "gun", "razor*", "blade*", "charcoal"),
    "cut": ("cut", "cuts", "cutting", "cutted"),
    "harm": (
        "burn*",
        "burnt",
        "cut",
        "cuts",
        "cutting",
        "hit*",
        "hurt*",
        "harm*",
        "scratch*",
        "punch*",
        "bang*",
        "starv*",
        "bruis*",
    ),
    "limb": ("arm", "arms", "wrist", "wrists", "leg", "legs", "thigh", "thighs", "skin", "stomach", "hip", "hips"),
    "nobody": ("no one", "noone", "nobody", "not anyone"),
    "weary": ("tired", "sick", "exhausted", "done", "fed up", "had enough"),
    "everyone": ("everyone", "everybody", "they", "people", "my family", "all of them"),
    "existing": ("existing", "living", "being alive", "life", "being here", "being me", "everything"),
    "everything": ("everything", "life", "living", "it all", "all of it", "existence", "trying", "my life"),
    "fine": ("better", "happier", "easier", "fine", "okay", "ok", "good", "lighter"),
    "think": ("think*", "thought", "thinking"),
    "get": ("bought", "buy*", "got", "get", "ordered", "order*", "found", "have", "has", "hid*", "hidden", "keep*"),
}

# Said outright: suicide and its common phrasings (the first list cuelog had).
SUICIDE_PHRASES = (
    "suicid*",
    "sewerslide",
    "unalive*",
    "kms",
    "kys",
    "kill* myself",
    "kill* self",
    "kill me",
    "killing me",
    "take* my ~ life",
    "taking my ~ life",
    "took my ~ life",
    "end* my ~ life",
    "end* myself",
    "end* it",
    "end* it all",
    "end* things $",
    "end* things tonight",
    "end* things for good",
    "end* everything",
    "{self} ~ {desire} ~ {death}",
    "{desire} {death}",
)

# Warning signs by kind (988 Lifeline and AAS lists): what each kind says, in many ways.
WARNING_SIGNS: dict[str, tuple[str, ...]] = {
    "death-wish": (
        "want* ~ die",
        "wish* ~ die",
        "wish* ~ dead",
        "wish* ~ not alive",
        "wish* ~ never born",
        "rather ~ die",
        "rather ~ dead",
        "ready to die",
        "deserve to die",
        "better off dead",
        "not ~ want* to live",
        "not ~ want* to be alive",
        "not ~ want* to be here",
        "not ~ want* to exist",
        "not ~ want* to be around anymore",
        "not ~ want* to go on anymore",
        "not ~ want* to go on living",
        "not ~ want* to carry on",
        "not ~ want* to wake up",
        "no longer ~ want* to live",
        "no longer ~ want* to be here",
        "never wake up again",
        "wish* ~ not wake up",
        "wish* ~ never wake up",
        "hope* ~ not wake up",
        "hope* ~ never wake up",
        "want* to ~ never wake up",
        "if i ~ not wake* up",
        "if i ~ never wake* up",
        "sleep ~ never wake*",
        "sleep ~ not wake*",
        "sleep ~ never come back",
        "sleep* forever",
        "asleep forever",
        "stay asleep",
        "want* to disappear",
        "want* to vanish",
        "disappear* forever",
        "disappear* for good",
        "vanish* forever",
        "vanish* for good",
        "stop existing",
        "not to exist",
        "not exist*",
        "hate being alive",
        "hate* ~ alive",
        "tired of living",
        "tired of being alive",
        "sick of living",
        "sick of being alive",
        "done with life",
        "done with living",
        "not worth living",
        "not worth being alive",
        "point ~ living",
        "point ~ being alive",
        "point ~ going on",
        "point ~ carrying on",
        "point ~ carry on",
        "point in life",
        "no reason to live",
        "nothing to live for",
        "will to live",
        "not see myself ~ alive",
        "not ~ be alive",
        "not being alive",
        "no longer alive",
        "if i died",
        "if i was dead",
        "if i were dead",
        "me dying",
        "my death",
        "{desire} an overdose",
        "{desire} overdosing",
        "{think} about dying",
        "{think} about death",
        "{think} about my death",
        "want* ~ all to stop",
        "want* ~ everything to stop",
        "want* it to be over",
        "want* it all to be over",
        "want* ~ all to end",
        "want* it to end",
        "want* ~ everything to end",
        "want* ~ it all to end",
        "better off ~ ground",
        "six feet under",
        "check* out for good",
        "check* out permanently",
        "star* at ~ {pills}",
        "look* at ~ {pills} for",
        "giv* up for good $",
        "want* to give up $",
        "stop being alive",
        "stop being here",
        "not being here",
        "to ~ not go on",
        "not to go on",
        "not in the picture",
        "why am i ~ still here",
        "why am i ~ alive",
        "myself to death",
        "hope* ~ not wake",
        "hope* ~ never wake",
        "wish* ~ not wake",
        "find me in time",
        "not think i will make it",
        "not going to make it $",
        "will not be for long",
        "made my peace with it",
        "overdos* ~ answer",
        "suicid* ~ answer",
        "death ~ answer",
        "dying ~ answer",
        "only way out",
        "not being around",
        "wish* ~ never here",
        "wish* ~ not here",
        "can not do life",
        "can not ~ life anymore",
        "overdos* ~ option",
        "suicid* ~ option",
        "dying ~ option",
        "death ~ option",
        "end it ~ option",
        "stop forever",
        "not care if ~ kill* me",
        "not care if i ~ die",
        "not care if i ~ live",
        "not care whether i live",
        "not care if i ~ wake up",
        "if ~ get* me ~ so be it",
        "if ~ kill* me ~ so be it",
        "if i ~ die ~ so be it",
        "if i ~ od ~ so be it",
        "if i od",
        "if i ~ overdos*",
        "finish* me off",
        "finish me $",
        "enough to ~ finish me",
        "enough to ~ kill me",
        "until ~ heart stops",
        "heart to stop",
        "overdos* tonight",
        "od tonight",
        "{weary} of ~ {existing}",
        "not see myself ~ old",
        "not see myself ~ older",
        "not ~ make it through ~ tonight",
        "not ~ make it through the night",
        "after tonight ~~ not matter",
        "stop living $",
        "in case i am not",
        "in case i do not make it",
        "if ~ {vehicle} hit me",
        "if i ~ hit by",
        "takes me $",
        "take me $",
        "i ~ die $",
        "let me die",
        "to dye $",
        "i am dying",
        "dead inside",
        "if i ~ not here",
        "if i ~ not around",
        "if i ~ gone",
        "if i ~ dead",
        "if i ~ not alive",
        "{fine} ~ without me",
        "want* out $",
        "want* out of ~ life",
        "want* out of this world",
        "{desire} ~ hit by ~ {vehicle}",
        "bleed* out",
        "bleed* to death",
    ),
    "hopelessness": (
        "hopeless*",
        "no point anymore",
        "no point in anything",
        "no point to anything",
        "no point trying",
        "no point in trying",
        "no point $",
        "what is the point $",
        "what is the point of ~ any*",
        "what is the point of it",
        "what is the point of living",
        "what is the point of life",
        "what is the point in ~ trying",
        "what is the point in ~ any*",
        "what is even the point",
        "no way out $",
        "no way out of this",
        "no way out of it",
        "no way out of life",
        "no way out for me",
        "no escape",
        "no hope",
        "lost ~ hope",
        "hope is gone",
        "no way forward",
        "not see a way ~ out",
        "not see a way ~ forward",
        "nothing ~ matters",
        "not care anymore $",
        "not care about anything",
        "will ~ ever get better",
        "ever ~ get better $",
        "no light at the end",
        "nothing left for me",
        "nothing left to live for",
        "nothing left ~ offer me",
        "nothing ~ to offer me",
        "see ~ way ~ gets better",
        "not see how ~ better",
        "{everything} ~ pointless",
        "nothing ~ matters anymore",
        "the point of me",
        "point in me",
        "feel* ~ trapped",
        "nothing ~ ever change",
        "nothing ~ going to change",
        "nothing will change",
        "never ~ get* better",
        "nothing ~ get* better",
        "not ~ going to get better",
        "can not go on",
        "can not keep going",
        "can not keep ~ this",
        "can not do this anymore",
        "can not take it anymore",
        "can not take this anymore",
        "can not cope anymore",
        "can not carry on",
        "giv* up on ~ life",
        "giv* up on everything",
        "giv* up on myself",
        "give up on life",
        "no future",
        "not see a future",
        "not see any future",
        "see no future",
        "can not see a future",
        "i am ~ done $",
        "i am done with ~ everything",
        "i am done with ~ life",
        "everything is pointless",
        "{self} life is pointless",
        "life is pointless",
        "it is all pointless",
        "all pointless",
        "living is pointless",
        "no reason to ~ go on",
        "no reason to ~ keep going",
        "no reason to ~ carry on",
        "no reason to ~ be here",
        "no reason to ~ stay",
    ),
    "burden": (
        "a burden",
        "such a burden",
        "burden to",
        "burden on",
        "being a burden",
        "better off without me",
        "better off if i ~ gone",
        "better off if i ~ dead",
        "better off if i ~ not here",
        "better off if i ~ not around",
        "better off gone",
        "better ~ without me",
        "would ~ be better off $",
        "{nobody} would ~ notice",
        "{nobody} would ~ miss me",
        "{nobody} would ~ care",
        "{nobody} ~ even notice",
        "{nobody} ~ miss me",
        "would not ~ miss me",
        "would not ~ notice if i",
        "not even notice if i",
        "my funeral",
        "my own funeral",
        "deserve* better than me",
        "waste of space",
        "a drain on",
        "drain on ~ everyone",
        "deserve* ~ better than me",
        "{nobody} would ~ look* for me",
        "{nobody} would ~ come looking",
        "weight on everyone",
        "weight around ~ neck",
        "millstone",
        "a weight on ~ everyone",
        "drag* ~ everyone down",
        "drag* them down",
        "drag* everyone ~ down",
        "{everyone} ~ tired of me",
        "{everyone} ~ sick of me",
        "{everyone} ~ better off if i",
        "waste of oxygen",
        "waste of air",
        "waste of a life",
        "{self} ~ worthless",
        "i am worthless",
        "ruin everything",
    ),
    "self-harm": (
        "self harm*",
        "self injur*",
        "hurt* myself",
        "harm* myself",
        "{cut} myself",
        "cutting",
        "cut again",
        "{cut} ~ again",
        "{cut} into my",
        "{cut} into ~ {limb}",
        "{cut} so bad*",
        "want* to cut",
        "urge* to cut",
        "{cut} tonight",
        "{cut} last night",
        "{cut} yesterday",
        "{cut} today",
        "{cut} $",
        "{cut} my {limb}",
        "{cut} on my {limb}",
        "cuts on my",
        "hid* ~ cuts",
        "cover* ~ cuts",
        "fresh cuts",
        "new cuts",
        "my cuts",
        "my scars",
        "scars ~ showing",
        "hid* ~ scars",
        "cover* ~ scars",
        "{cut} deep*",
        "back to cutting",
        "back to burning",
        "back to self harm*",
        "back to sh",
        "till ~ bleed*",
        "fresh scars",
        "slit* ~ wrist*",
        "burn* myself",
        "burnt myself",
        "burn* my {limb}",
        "burnt my {limb}",
        "hit* myself",
        "punch* myself",
        "scratch* myself",
        "scratch* ~ until ~ bled",
        "bruis* myself",
        "starv* myself",
        "stab* myself",
        "choke* myself",
        "chok* myself",
        "strangl* myself",
        "poison* myself",
        "drown* myself",
        "carv* ~ into my",
        "carv* my {limb}",
        "bit* myself",
        "slap* myself",
        "punish* myself",
        "{harm} ~~ then myself",
        "{harm} ~~ on purpose",
        "myself bleed",
        "until ~ bled",
        "till ~ bled",
        "until ~ bleed*",
        "hit* my head ~ wall",
        "bang* my head ~ wall",
        "hit* my head ~ until",
        "bang* my head ~ until",
        "bang* my head ~ till",
        "hit* my head ~ till",
        "razor blade*",
        "razor on my",
        "blade on my",
        "deserve ~ pain",
        "deserve to suffer",
        "deserve to hurt",
        "deserve to be hurt",
    ),
    "method": (
        "overdos* ~ on purpose",
        "od ~ on purpose",
        "overdos* deliberately",
        "deliberately overdos*",
        "intentional* overdos*",
        "all ~ pills at once",
        "swallow* all ~ {pills}",
        "swallow* the whole",
        "swallow* every",
        "whole ~ of pills",
        "hang* myself",
        "noose",
        "jump* off ~ {height}",
        "jump* from ~ {height}",
        "jump* in front of ~ {vehicle}",
        "step* in front of ~ {vehicle}",
        "walk* in front of ~ {vehicle}",
        "throw* myself ~ {vehicle}",
        "throw* myself off",
        "lie* ~ tracks",
        "lay ~ tracks",
        "lying ~ tracks",
        "{think} ~ tracks",
        "{think} ~ the {height}",
        "{think} ~ jump* $",
        "{think} ~ jump* off",
        "stood on ~ {brink}",
        "stood at ~ {brink}",
        "stand* on ~ {brink}",
        "stand* at ~ {brink}",
        "jump* off something",
        "jump* from something",
        "look* at ~ {means}",
        "star* at ~ {means}",
        "swallow* everything",
        "swallow* ~ everything in",
        "edge of ~ {height}",
        "{height} ~ look* down",
        "look* down from ~ {height}",
        "driv* ~ into ~ {obstacle}",
        "crash* ~ into ~ {obstacle}",
        "crash* my car",
        "driv* off ~ road",
        "driv* off ~ {height}",
        "walk* into ~ {water}",
        "walk* into ~ traffic",
        "{intent} ~ all ~ {pills}",
        "{intent} ~ every {pills}",
        "{intent} ~ whole {container}",
        "{intent} ~ at once",
        "{intent} ~ in one go",
        "{intent} ~ {means}",
        "{intent} ~ jump*",
        "{intent} ~ hang*",
        "{intent} ~ {height}",
        "{get} ~ {means}",
        "{means} ~~ {think}",
        "{pills} ready",
        "{pills} ~ lined up",
        "lined up ~ {pills}",
        "count* ~ {pills}",
        "on the level crossing",
        "whole {container} of ~ {pills}",
        "shoot* up ~ the lot",
        "shoot* up ~ whole",
        "take* the lot",
        "swallow* the lot",
        "use* the lot",
        "the lot tonight",
        "edge of the platform",
        "all ~ {pills} ~ at once",
        "all ~ {pills} ~ in one go",
        "took # ~ {pills}",
        "{pills} ~~ on purpose",
        "took ~~ on purpose",
        "swallow* ~~ on purpose",
        "too much ~~ on purpose",
        "tonight is the night",
        "enough {pills} to",
        "slit* ~ wrist*",
        "{cut} my wrist*",
    ),
    "preparation": (
        "sav* ~ {pills}",
        "collect* ~ {pills}",
        "stockpil*",
        "stock pil*",
        "hoard* ~ {pills}",
        "stash* ~ {pills}",
        "stash saved",
        "stash ~ for when",
        "left letters",
        "letters for my",
        "giv* ~ {stuff} away",
        "hid* ~ {pills}",
        "how long ~ to die",
        "how long ~ to bleed",
        "how long ~ takes to die",
        "how many {pills}",
        "how many ~ take to",
        "how many ~ to die",
        "how many ~ would it take",
        "how many ~ would kill",
        "how much ~ to die",
        "how much ~ takes to",
        "how much ~ would kill",
        "how much ~ would it take",
        "how much ~ is lethal",
        "how much ~ fatal",
        "how many ~ fatal",
        "is fatal",
        "delet* all my socials",
        "delet* ~ all my accounts",
        "how to die",
        "how to kill myself",
        "how to hang",
        "how to end it",
        "lethal dose",
        "lethal amount",
        "fatal dose",
        "fatal amount",
        "lethal*",
        "painless* way*",
        "painless* death",
        "wr* ~ letters to",
        "wr* ~ letters for",
        "goodbye letter*",
        "goodbye note*",
        "final letter*",
        "last letter*",
        "finish* ~ letters",
        "writ* ~ my note",
        "wrote ~ my note",
        "written ~ my note",
        "finish* ~ my note",
        "my note ~ written",
        "who gets what",
        "who gets my",
        "note ~ just in case",
        "letter* ~ just in case",
        "giv* ~ my ~ things away",
        "giv* ~ my ~ stuff away",
        "giv* ~ my ~ belongings away",
        "giv* my things",
        "giv* my stuff",
        "giv* away ~ my",
        "gave away ~ my",
        "not need ~ them anymore",
        "not need them $",
        "not ~ need them where",
        "sort* ~ my will",
        "who gets the",
        "pick* a date $",
        "a plan and a date",
        "plan ~ and ~ a date",
        "set a date $",
    ),
    "farewell": (
        "said goodbye to everyone",
        "say* goodbye to everyone",
        "say* goodbye to everybody",
        "say* goodbye to you all",
        "said goodbye to you all",
        "this is goodbye",
        "goodbye everyone",
        "goodbye everybody",
        "goodbye all",
        "goodbye world",
        "goodbye forever",
        "my last goodbye",
        "final goodbye",
        "goodbye ~ thank* ~ for everything",
        "say* goodbye properly",
        "say* my goodbyes",
        "last time ~ hear from me",
        "never hear from me again",
        "will not be around ~ much longer",
        "will not be around ~ long",
        "will not be around anymore",
        "not be around for much longer",
        "will not be here ~ much longer",
        "will not be here for long",
        "will not be here anymore",
        "not be here tomorrow",
        "not be here next week",
        "not be here by",
        "not be around by",
        "not be around to see",
        "not be here next month",
        "not be around next week",
        "not going to be here tomorrow",
        "not going to be here ~ much longer",
        "not going to be here anymore",
        "not going to be around",
        "will not ~~ much longer",
        "when i am gone",
        "after i am gone",
        "once i am gone",
        "if i was gone",
        "if i were gone",
        "when i die",
        "my last entry",
        "last entry $",
        "last entry ever",
        "my goodbye",
        "is goodbye",
        "my last ~ note",
        "my last ~ message",
        "my last words",
        "my last ~ checkin",
        "my last check in",
        "last time i ~ write",
        "last time i will",
        "last time ~ writ*",
        "sorry for everything $",
    ),
    "shorthand": (
        "sewerslide",
        "sewer slide",
        "kms",
        "kys",
        "ctb",
        "{desire} ~ catch the bus $",
        "catch* the bus ~ forever",
        "sh again",
        "sh is",
        "sh was",
        "sh helps",
        "sh last night",
        "sh yesterday",
        "sh today",
        "sh tonight",
        "sh urge*",
        "sh relaps*",
        "sh thought*",
        "sh scar*",
        "sh free",
        "did sh",
        "do sh",
        "doing sh",
        "relaps* ~ sh",
        "relaps* ~ self harm*",
        "urge* to sh",
        "want* to sh",
        "clean from sh",
        "sh clean",
        "si thought*",
        "si urge*",
        "si again",
        "having si",
        "passive si",
        "active si",
        "si is bad",
        "si is",
        "si was",
        "si has",
        "si ~ bad",
        "si today",
    ),
}

SELF_HARM_PHRASES: tuple[str, ...] = SUICIDE_PHRASES + tuple(p for ps in WARNING_SIGNS.values() for p in ps)
KINDS = ("suicide", *WARNING_SIGNS)

OVERDOSE_PHRASES = (
    "overdos*",
    "od",
    "overamp*",
    "took too much",
    "taken too much",
    "taking too much",
    "can not wake*",
    "could not wake*",
    "will not wake*",
    "would not wake*",
    "not waking",
    "not breathing",
    "stop* breathing",
    "barely breathing",
    "unresponsive",
    "lips ~ blue",
    "turn* blue",
    "naloxone",
    "narcan",
    "nyxoid",
    "prenoxad",
    "kloxxado",
)

# -- normalisation -----------------------------------------------------------------------
_APOSTROPHES = "'’‘ʼ`´′＇"
# "od'd", "ODed", "o.d.", "od'ing", "ODs" -> "od"; "odd" stays "odd".
_OD = re.compile(r"(?<!\w)o\.?d\.?(?:[" + _APOSTROPHES + r"](?:d|ed|ing|s)|ed|ing|s)?(?!\w)")
_NOT_WORD = re.compile(r"[\W_]+")
# A sentence ends at . ! ? ; followed by a space or the end, or at an empty line; not at
# "..." (a pause: "i just want to... not be here").
_SENTENCE_END = re.compile(r"(?:[!?;]+|(?<![.])[.](?![.]))(?=\s|$)|[!?]+[.]*(?=\s|$)|\n\s*\n")
_CENSORED = re.compile(r"(?<=[a-z])[*#]+(?=[a-z])")  # "k*ll" -> "kll", then the typo step
_LEET = str.maketrans("013457@$", "oieastas")
_LEET_WORD = re.compile(r"\b(?=\w*[a-z])(?=\w*[0134579@$])[a-z0-9@$]{4,}\b")
_REPEATS = re.compile(r"(\w)\1{2,}")  # "diiiie" -> "diie" (then the typo step)
_KILOMETRES = re.compile(r"(\d)\s*kms?\b")  # "ran 5 kms" is not "kms"...
_TO_2 = re.compile(r"\b(going|gonna|want|wanna|need|ready|about|plan|planning|trying|tryna) 2 (?=kms|kys|die|ctb)")
_SPACED = re.compile(r"\b(?:[a-z] ){3,}[a-z]\b")  # "s u i c i d a l"
_SPELLINGS = {
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "cant": "can not",
    "cannot": "can not",
    "couldnt": "could not",
    "wont": "will not",
    "wouldnt": "would not",
    "shouldnt": "should not",
    "isnt": "is not",
    "wasnt": "was not",
    "werent": "were not",
    "arent": "are not",
    "havent": "have not",
    "aint": "am not",
    "im": "i am",
    "ive": "i have",
    "id": "i would",
    "theyd": "they would",
    "youd": "you would",
    "youll": "you will",
    "ill": "i will",
    "tonights": "tonight is",
    "wed": "we would",
    "whats": "what is",
    "thats": "that is",
    "theres": "there is",
    "its": "it is",
    "gonna": "going to",
    "gunna": "going to",
    "wanna": "want to",
    "wana": "want to",
    "tryna": "trying to",
    "gotta": "got to",
    "imma": "i am going to",
    "ima": "i am going to",
    "u": "you",
    "ur": "your",
    "2": "to",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "tomoz": "tomorrow",
    "selfharm": "self harm",
    "selfharmed": "self harmed",
    "selfharming": "self harming",
    "shd": "sh",
    "kmss": "kms",
    "kyss": "kys",
    "shing": "sh",
    "dieing": "dying",
    "kil": "kill",
    "kll": "kill",
    "kiling": "killing",
    "noone": "no one",
}
_JOINED = (
    ("my self", "myself"),
    ("your self", "yourself"),
    ("any more", "anymore"),
    ("for ever", "forever"),
    ("s h", "sh"),
    ("sewer slide", "sewerslide"),
    ("un alive", "unalive"),
)
# Harmless phrases that share a word with a warning sign, rewritten before matching so
# no phrase can see them: (a word the pattern needs, the pattern, its replacement).
# "cutting down / back / out" first: this journal sees them daily.
_HARMLESS = (
    (
        "cut",
        r"\bcut(s|ting)?(?= (?:down|back|out|off|up|ties|loose|short|corners|costs|in line|across the|through the|"
        r"the|a|an|some|his|her|their|our|your|its|it|them|him|that|this|those|these|class|classes|school|"
        r"work|hours|hair|grass|wood|bread|onions|veg\w*|paper|lines|queue|deal|my (?:hair|nails|hours|"
        r"finger\w*|thumb\w*|hand|foot|toe\w*|lip|chin|losses|spending)|myself (?:a break|some slack|off))\b)",
        r"trim\1",
    ),
    ("cut", r"\b(paper|power|hair|budget|tax|job|pay|price|spending|funding|director s) cuts?\b", r"\1 trim"),
    ("kill", r"\bkill(s|ed|ing)? (time|it|for|the mood|the vibe|two birds)\b", r"pass\1 \2"),
    ("killing", r"\b(?:is|are|was|were) killing me\b", "is hard on me"),
    ("beat", r"\bbeat(s|ing)? myself up\b", r"blame\1 myself"),
    (
        "dead",
        r"\bdead (tired|beat|on my feet|end|set|serious|easy|good|quiet|slow|busy|boring|funny|heavy|right|"
        r"wrong|ahead|last|line|lock|zone|weight|battery|phone)\b",
        r"very \1",
    ),
    ("dying", r"\bdying (to|for)\b(?! real)", r"keen \1"),
    ("di", r"\b(?:die|died|dying) (laughing|of (?:laughter|laughing|embarrassment|boredom|shame))\b", r"laugh"),
    ("die for", r"\bdie for (a|an|some)\b", r"long for \1"),
    ("hopeless", r"\bhopeless (at|with|when it comes to)\b", r"bad \1"),
    ("rope", r"\brope (swing|ladder)|\b(skipping|jump|climbing|tow|washing) rope", "tether"),
)


@cache
def _harmless() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    """(a word the pattern needs, the pattern, its replacement): the word is looked for
    first, as most sentences have none of them."""
    return tuple((needed, re.compile(pattern), replacement) for needed, pattern, replacement in _HARMLESS)


_DOTTED = re.compile(r"[a-z]+(?:\.[a-z]+)+")
_HAS_DIGIT_OR_SIGN = re.compile(r"[0134579@$]")


def _undotted(match: re.Match) -> str:
    """ "sui.cidal" -> "suicidal", when the joined word is a key word (or its typo)."""
    joined = match.group(0).replace(".", "")
    return joined if correct_typo(joined) in VOCABULARY else match.group(0)


def _unspaced(match: re.Match) -> str:
    """ "s u i c i d a l" -> "suicidal", when the joined word is a key word (or its typo)."""
    joined = match.group(0).replace(" ", "")
    return joined if correct_typo(joined) in VOCABULARY or joined in ("kms", "kys", "ctb") else match.group(0)


def _tokens(text: str) -> str:
    """One sentence: words in lower case, spellings expanded, typos of the key words
    corrected and harmless phrases rewritten, separated by single spaces."""
    if "*" in text or "#" in text:
        text = _CENSORED.sub("", text)
    if "." in text:
        text = _DOTTED.sub(_undotted, text)
    if _HAS_DIGIT_OR_SIGN.search(text):
        text = _LEET_WORD.sub(lambda m: m.group(0).translate(_LEET), text)
    text = _REPEATS.sub(r"\1\1", text)
    for mark in _APOSTROPHES:
        text = text.replace(mark, "")
    text = _NOT_WORD.sub(" ", text)
    if " " in text:
        text = _SPACED.sub(_unspaced, text)
    words = []
    for word in text.split():
        words.append(_SPELLINGS.get(word) or correct_typo(word))
    text = f" {' '.join(words)} "
    for apart, together in _JOINED:
        text = text.replace(f" {apart} ", f" {together} ")
    text = text.strip()
    for needed, pattern, replacement in _harmless():
        if needed in text:
            text = pattern.sub(replacement, text)
    return text


def _prepared(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _KILOMETRES.sub(r"\1 km", _TO_2.sub(r"\1 to ", text))  # ...but "going 2 kms" is
    return _OD.sub(" od ", text)


def normalise_text(text: str) -> str:
    """Lower case, apostrophes dropped ("don't" -> "do not"), hyphens and punctuation
    as spaces, common spellings expanded and typos of the key words corrected: the form
    phrases are matched against (sentences joined; ``sentences`` keeps them apart)."""
    return " ".join(sentences(text))


def sentences(text: str) -> list[str]:
    """The normalised sentences of ``text`` (a phrase matches within one)."""
    found = (_tokens(part) for part in _SENTENCE_END.split(_prepared(text)))
    return [s for s in found if s]


# -- typos ------------------------------------------------------------------------------
# The key words whose misspellings are corrected. Three-letter words only by one inserted,
# dropped or swapped letter ("dei"), longer ones by one edit ("harn"), from nine letters
# on by two; the first letter must agree. A word that is itself an English word is never
# corrected (``_REAL_WORDS``: every word of a common English word list, Debian's
# wamerican, that the rule would change), except the few that are far more often a typo
# here ("overdoes").
VOCABULARY = tuple(
    """suicide suicides suicidal overdose overdosed overdoses overdosing disappear disappeared unalive
    unaliving kill killing myself die dying dead death alive pills tablets goodbye hopeless worthless burden
    stockpile stockpiling lethal noose harm self want wish hurt better living anymore pointless trapped
    sewerslide razor tomorrow life""".split()
)
_REAL_WORDS = frozenset(
    """
    alice alike aline batter beater bette betted betters bettor bitter borden burdens butter dad
    dding deaf deal dean dear dearth deaths deed depth dice died diem dies diet dike dime dine ding
    dire disappears dive doing dread drying dyeing dyking goodbyes ham hard hare harem hark harms
    harp hart homeless hunt hurd hurl hurst hurts hut kiel killings kills kiln kilning kilo kilt
    kipling letha lice lie lief lifer lift like liking lime liming line lining lire lite live
    livings loving noise nooses norse nose overcomes overcoming overdoing overdone overdress
    overjoyed overjoying overtones overused overuses overusing painless palls piles pill pointers
    pointiest pointlessly polls pulls razors sell serf shelf stockpiled stockpiles tables tablet
    tapped tomorrows tramped trapper tripped waft wait walt wan wand wane wang wank wants wart wash
    watt went wis wise wisp wist with wont worthies worthiest worthiness
    """.split()
)
_VOCAB_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _word in VOCABULARY:
    _VOCAB_BY_FIRST[_word[0]] = (*_VOCAB_BY_FIRST.get(_word[0], ()), _word)


def _distance(a: str, b: str, limit: int) -> int:
    """Edits (insert, drop, change, swap two neighbours) from ``a`` to ``b``; any number
    above ``limit`` is reported as ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        previous2, previous = previous, row
    return previous[-1]


def _allowed_edits(key: str) -> int:
    return 2 if len(key) >= 9 else 1


@lru_cache(maxsize=4096)
def correct_typo(word: str) -> str:
    """``word``, or the key word it is a likely misspelling of ("sucidal" -> "suicidal")."""
    if len(word) < 3 or word in _REAL_WORDS or not word.isalpha():
        return word
    best, best_distance = word, 3
    for key in _VOCAB_BY_FIRST.get(word[0], ()):
        if key == word:
            return word
        limit = _allowed_edits(key)
        if abs(len(key) - len(word)) > limit:
            continue
        if len(key) <= 3 and len(word) == len(key) and sorted(word) != sorted(key):
            continue  # a three-letter word: only a letter added, dropped or two swapped
        found = _distance(word, key, limit)
        if found <= limit and found < best_distance:
            best, best_distance = key, found
    return best


# -- matching -----------------------------------------------------------------------------
# Each phrase is its own small pattern, compiled the first time a sentence could match it:
# one pattern of every phrase takes a third of a second to compile, on every command.
# A phrase can only match a sentence that has its last word (an "anchor"), so the
# sentence's words pick the few phrases worth trying.
_START, _END = r"(?<!\w)", r"(?!\w)"


@cache
def _word(token: str) -> str:
    """A phrase's word in the form the text has after normalisation (phrases are written
    in lower case without punctuation, so only the spellings apply)."""
    return _SPELLINGS.get(token, token)


def _token_pattern(token: str) -> str:
    if not token.endswith("*"):
        return re.escape(_word(token))
    word = re.escape(_word(token[:-1]))
    if word.endswith("ie"):  # die*: dies, died, dying
        return rf"(?:{word}\w*|{word[:-2]}ying)"
    if word.endswith("e") and not word.endswith("ee"):  # hope*: hoped, hopes, hoping
        return rf"(?:{word}\w*|{word[:-1]}ing\w*)"
    return word + r"\w*"


def _phrase_pattern(phrase: str) -> str:
    pieces = []
    for token in phrase.split():
        if token == "~":
            pieces.append(r"(?:\w+ ){0,4}")
        elif token == "~~":
            pieces.append(r"(?:\w+ ){0,10}")
        elif token == "#":
            pieces.append(r"[1-9]\d+ ")
        elif token == "$":
            if pieces and pieces[-1].endswith(" "):
                pieces[-1] = pieces[-1][:-1]
            pieces.append("$")
        elif token.startswith("{") and token.endswith("}"):
            members = (_phrase_pattern(m)[len(_START) : -len(_END)] for m in CLASSES[token[1:-1]])
            pieces.append("(?:" + "|".join(members) + ") ")
        else:
            pieces.append(_token_pattern(token) + " ")
    return _START + "".join(pieces).rstrip(" ") + _END


@cache
def _matcher(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for all of ``phrases`` (a single phrase, as matching uses it)."""
    return re.compile("|".join(_phrase_pattern(p) for p in phrases))


# Words too common to pick a phrase by, when it has a rarer one.
_COMMON = frozenset(
    """i me my myself to it all on up the a an of in is and be not for at do will that this you going
    want so out off with get got time last gone again today tonight here anymore ever never can would
    if was were am are have has had no one just even what how much many take took them they""".split()
)


@cache
def _token_anchors(token: str) -> frozenset[str]:
    if token.startswith("{"):
        return frozenset().union(*(_anchors(m) for m in CLASSES[token[1:-1]]))
    if not token.endswith("*"):
        return frozenset({_word(token).split()[-1]})
    word = _word(token[:-1]).split()[-1]
    if word.endswith("ie"):
        return frozenset({word + "*", word[:-2] + "ying"})
    if word.endswith("e") and not word.endswith("ee"):
        return frozenset({word + "*", word[:-1] + "ing*"})
    return frozenset({word + "*"})


@cache
def _rarity(token: str) -> tuple[int, int, int]:
    """Sorts a phrase's words rarest first: fewest common anchors, fewest anchors, longest."""
    anchors = _token_anchors(token)
    common = sum(a.rstrip("*") in _COMMON or len(a.rstrip("*")) < 3 for a in anchors)
    return (common, len(anchors), -min(len(a) for a in anchors))


@cache
def _anchors(phrase: str) -> frozenset[str]:
    """Words one of which every match of ``phrase`` has, as a whole word (or, ending in
    "*", as the start of a word): those of its rarest word (or word class) — the
    fewer sentences have them, the fewer patterns run."""

    tokens = [t for t in phrase.split() if t not in ("~", "~~", "$", "#")]
    return _token_anchors(min(tokens, key=_rarity))


@cache
def _index(phrases: tuple[str, ...]) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]], list[int]]:
    """Anchor word -> the phrases it anchors: whole words, and starts of words (and the
    lengths of those starts, shortest first)."""
    whole: dict[str, list[str]] = {}
    starts: dict[str, list[str]] = {}
    for phrase in phrases:
        for anchor in _anchors(phrase):
            table, key = (starts, anchor[:-1]) if anchor.endswith("*") else (whole, anchor)
            table.setdefault(key, []).append(phrase)
    lengths = sorted({len(k) for k in starts})
    return {k: tuple(v) for k, v in whole.items()}, {k: tuple(v) for k, v in starts.items()}, lengths


def _candidates(phrases: tuple[str, ...], sentence: str) -> set[str]:
    """The phrases that could match ``sentence``: those whose anchor it has."""
    whole, starts, lengths = _index(phrases)
    found: set[str] = set()
    for word in set(sentence.split()):
        found.update(whole.get(word, ()))
        for end in lengths:
            if end > len(word):
                break
            found.update(starts.get(word[:end], ()))
    return found


def _matches(phrases: tuple[str, ...], sentence: str) -> list[str]:
    return [p for p in sorted(_candidates(phrases, sentence)) if _matcher((p,)).search(sentence)]


def _mentions(phrases: tuple[str, ...], texts: Iterable[str | None]) -> bool:
    """Whether any of ``phrases`` matches a sentence of any text."""
    return any(_matcher((p,)).search(s) for t in texts if t for s in sentences(t) for p in _candidates(phrases, s))


def matching_phrases(*texts: str | None) -> list[str]:
    """The crisis phrases that match (for tests and for tuning the lists)."""
    return sorted({p for t in texts if t for s in sentences(t) for p in _matches(SELF_HARM_PHRASES, s)})


@cache
def _kinds() -> dict[str, str]:
    kinds = dict.fromkeys(SUICIDE_PHRASES, "suicide")
    for kind, phrases in WARNING_SIGNS.items():
        for phrase in phrases:
            kinds.setdefault(phrase, kind)
    return kinds


def crisis_kinds(*texts: str | None) -> list[str]:
    """Which kinds of warning sign the texts show, in ``KINDS`` order ("suicide",
    "death-wish", "hopelessness", "burden", "self-harm", "method", "preparation",
    "farewell", "shorthand"); empty when none."""
    found = {_kinds()[p] for p in matching_phrases(*texts)}
    return [kind for kind in KINDS if kind in found]


def mentions_self_harm(*texts: str | None) -> bool:
    """Whether any text mentions suicide, self-harm or another warning sign of a
    crisis. Errs towards yes."""
    return _mentions(SELF_HARM_PHRASES, texts)


def mentions_overdose(*texts: str | None) -> bool:
    """Whether any text mentions an overdose happening or just happened."""
    return _mentions(OVERDOSE_PHRASES, texts)
