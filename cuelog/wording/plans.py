"""If-then plans and the people to call: what cuelog says when they are saved,
changed, listed or removed. (What help-now says of them is in ``safety``.)"""

from __future__ import annotations

PLAN_SAVED = "Plan saved. "
ANY_TIME = "any time"  # a general plan, with no cue: "If any time then call Ana" reads as "Any time: call Ana"
PLAN_SHOWS_UP_ALWAYS = "A general plan: it shows in cuelog help-now after the plans that fit the moment."
PLAN_UPDATED = "Plan updated. "
PLAN_REMOVED = "Plan removed: "
PLAN_SHOWS_UP = "It will show up when you log a craving or lapse with these cues, and in cuelog help-now."
NO_PLANS = 'No plans yet. Make one: cuelog plan add --place bar "leave and call my sister"'

PERSON_SAVED = "Saved "
PERSON_REMOVED = "Removed "
PERSON_SHOWS_UP = "They will show in cuelog help-now."
