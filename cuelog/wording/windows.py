"""Weeks 2–4 (days 7–27 after the quit date), told honestly.

Hedged ("some people", "may", "can"), never a prediction of what will happen
and never an all-clear after day 27. The person's own data come first; these
texts say so. ``analysis.windows.window_text`` picks which one applies.
{start} and {end} are dates such as "Sun 8 Nov".
"""

from __future__ import annotations

WINDOW_EXPLAINER = "Some people notice cravings return or feel stronger a week or a few weeks after stopping."
# Only when the substance is a stimulant: the crash is theirs, not universal.
WINDOW_STIMULANT_CRASH = (
    "After stimulants, the exhaustion of the first days (the crash) lifts for many people, "
    "and craving may come back as it does."
)
WINDOW_CAVEAT = (
    "Studies differ: in some, everyday craving eased steadily over the first month, while craving set off "
    "by cues stayed strong or grew for one to three months. Your own journal is the better guide."
)

WINDOW_AHEAD = "Weeks 2–4 run from {start} to {end}."
WINDOW_INSIDE = "Weeks 2–4 run until {end}."
WINDOW_PASSED = (
    "Weeks 2–4 have passed. Craving set off by cues can stay strong for months, "
    "so your own cue list is the better guide."
)
WINDOW_PASSED_FULL = (
    "Weeks 2–4 ended on {end}. That is not an all-clear: craving set off by cues can stay strong, or grow, "
    "for one to three months after stopping, and some treatment programmes call roughly days 46–120 "
    "“the wall”. Your own cue list is a better guide than the calendar."
)
