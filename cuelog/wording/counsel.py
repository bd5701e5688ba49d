"""The report's first page (the agenda, what changed since the last report) and the parts
for the conversation (confidence after lapses, urge surfing, check-in feelings, 24-hour plans)."""

from __future__ import annotations

DEFAULT_NAME = "counsellor"  # export --for's default
DEFAULT_WHO = "this counsellor"  # how the report names the default


def who(name: str) -> str:
    return DEFAULT_WHO if name == DEFAULT_NAME else name


AGENDA_HEADING = "What I want to talk about"
AGENDA_EMPTY = "Nothing on the agenda this time."
AGENDA_LEFT_OUT = "(an agenda item; its text was left out)"

SINCE_LAST_HEADING = "Since the last report to {name}"
SINCE_LAST_FIRST = (
    "This is the first report to {name} that cuelog remembers. The next one made with --since-last "
    "shows here what changed since today."
)
SINCE_LAST_INTRO = "The last report to {name} was made {when}, {days} ago. Beside each figure, the same figure then."
SINCE_LAST_NOW = "Since {day}"
SINCE_LAST_SPAN = "from the last report ({when}) to this one"
SINCE_LAST_BEFORE_SPAN = "the same figures from {start} to the last report ({end})"
SINCE_LAST_WHAT = "Figure"
SINCE_LAST_BEFORE = "In the report before"
SINCE_LAST_ROWS = {
    "cravings": "Cravings",
    "use_days": "Days with use",
    "lapses": "Lapses",
    "plans_made": "If-then plans made",
    "plans_used": "If-then plans used",
    "confidence": "Confidence after the latest lapse (0–10)",
}
SINCE_LAST_EXPLAINED = {
    "Days with use": "days with a lapse or a check-in that said there was use",
    "If-then plans used": "cravings and lapses whose coping was the text of a plan",
    "In the report before": "the figures from the report before the last one up to the last one",
}
NOT_ANSWERED = "—"

CONVERSATION_HEADING = "For the conversation"
CONVERSATION_SINCE = "From {day} (the last 12 weeks at most) to the end of the period."
CONFIDENCE_HEADING = "Confidence after each lapse"
CONFIDENCE_EMPTY = "No confidence answers (0–10) after a lapse in these weeks."
CONFIDENCE_EXPLAINED = {
    "Confidence": "the person's own 0–10 answer after the lapse: how sure they feel about the situation next time",
}
URGE_HEADING = "Urge surfing"
URGE_EMPTY = "No urge surfing noted in these weeks."
URGE_TEXT = "Urge surfing was noted with {cravings} in these weeks{rated}."
URGE_RATED = "; {rated} with ratings, of which {passed} passed their peak{median}"
URGE_MEDIAN = " (the median drop from the peak to the last rating: {drop} points)"
FEELINGS_HEADING = "Check-in feelings by week"
FEELINGS_EMPTY = "No check-ins in these weeks."
FEELINGS_NONE_NAMED = "(none named)"
FEELINGS_EXPLAINED = {"Feelings": "the feelings named in that week's check-ins, most often named first (times named)"}
DAY_PLANS_HEADING = "Plans for the 24 hours after a lapse, and the next two days"
DAY_PLANS_EMPTY = "No plan for the next 24 hours was written after a lapse in these weeks."
DAY_PLAN_LEFT_OUT = "(the plan's text was left out)"
DAY_PLAN_NOTHING_LOGGED = "Nothing was logged in the 48 hours after."
DAY_PLAN_AFTER = "In the 48 hours after: {cravings}{peak}, {lapses}{checkins}."
DAY_PLAN_PEAK = " (strongest {peak}/10)"
DAY_PLAN_CHECKINS = ", {checkins} ({used} with use)"
