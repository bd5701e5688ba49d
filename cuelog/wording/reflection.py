"""After a lapse: the one message, and the questions of the chain analysis.

The questions follow DBT chain analysis and relapse-prevention practice (see
``cuelog sources``): the first moment, the lapse's cues and time, the 24 hours
before, what using promised, the earlier small step, whether coping was within
reach, the thoughts right after, who to tell, confidence for next time, one
change, and a plan for the next 24 hours. Each asks about the situation.
"""

from __future__ import annotations

# The confirmation and the reframe are one message: no ranking, no promise.
LAPSE_MESSAGE = (
    "A lapse is one event in one situation. It does not undo what you have built, and what comes next matters more."
)

# The fixed core, in order. Keys are stable: answers are saved under them.
FIRST_MOMENT = ("first-moment", "What had just happened when you first noticed the pull?")
CORE_QUESTIONS = (
    ("before", "How were the 24 hours before: sleep, food, money, any conflict, anything else?"),
    (
        "promise",
        "What did using promise in that moment (easing something hard, or adding to something good, "
        "like celebrating), and what is another way to get some of that?",
    ),
    (
        "earlier-choice",
        "Was there an earlier, smaller step that led closer, and where could the chain have gone another way?",
    ),
    (
        "coping-reach",
        "Was a coping step within reach at that point, and what would make one easier to reach next time?",
    ),
    (
        "after-thoughts",
        "Right after a lapse many people think “I've blown it anyway”: a common reaction, not a fact "
        "about you. What went through your mind afterwards?",
    ),
    ("tell", "Who could you tell about this, and what would you like from them?"),
    (
        "confidence",
        "How confident are you, from 0 to 10, that you could handle a situation like this next time, "
        "and what would raise that by one?",
    ),
    ("change", "What is one thing about this situation you could change or plan for this week?"),
)
NEXT_24_HOURS_KEY = "next-24-hours"
NEXT_24_HOURS = (
    "The next day or two can be a higher-risk time. What is your plan for the next 24 hours: where you "
    "will be, who you could call, when you will eat and rest, and what you will do if the pull comes back?"
)

# Only when the lapse has cues: one question naming all of them, as typed in.
CUE_QUESTION = ("cues", "You noted {values}: which of these mattered most, and how?")
# {when}: "a Friday evening"; {hours}: "17:00–21:59".
TIME_QUESTION = ("time", "It was {when} ({hours}). What usually happens for you around then?")

SKIP_HINT = "Answer any you like; press Enter to skip one."
SKIP_UNTIL_TOMORROW = "If you used in the last few hours, these questions can wait until tomorrow: cuelog reflect"

# Questions of earlier versions, so answers saved under their keys are still shown
# with the question they answered. {value}: the lapse's cues of that dimension.
EARLIER_QUESTIONS = {
    "place": "About the place ({value}): what made using feel within reach there, and what could make it "
    "safer next time?",
    "person": "About the people ({value}): how did being with them shape the moment, and what could you say "
    "or do differently around them?",
    "feeling": "About how you felt ({value}): what else might have eased that feeling a little in the moment?",
    "body": "About your body ({value}): what would have looked after that need first?",
    "activity": "About what you were doing ({value}): what part of it set the scene, and could that routine go "
    "a different way next time?",
    "tag": "About '{value}': what does it tell you about when situations like this come up?",
    "coping": "Which coping step did you try, and at what point did the urge get past it?",
    "passed": "Has a similar situation passed recently without use? What was different then?",
    "friend": "If a friend described this situation to you, what would you point out to them?",
}
