"""The report a person exports to share with a counsellor or doctor: its title, intro and
footer, each section's sentences, the figures' captions and keys, and what a section
says when it is empty. Laid out by ``cuelog.export.sections``; the short column headers
and their explanations stay there. Templates take named fields (``str.format``)."""

from __future__ import annotations

TITLE = "cuelog report: {start} – {end}"
TITLE_QUIT_DATE = " (quit date {quit_date})"
INTRO = "Generated {generated}. {excluded}"
FOOTER = (
    "Made with cuelog, a private journal kept on the author's own computer. Means are rounded to one decimal "
    "place, halves away from zero. {excluded}"
)

# -- safety: at the top, what may need a conversation first --------------------------------------
SAFETY_INTRO = (
    "Moments that may need talking about first: texts that mentioned self-harm or suicide, or an overdose, "
    "and check-ins that reported use, with the date and the person's own words. They are found by the same "
    "word checks as cuelog's crisis lines, which can miss some and catch some harmless ones."
)
SAFETY_CRISIS = "mentioned self-harm or suicide"
SAFETY_OVERDOSE = "mentioned an overdose"
SAFETY_USED = "use reported in a check-in"
SAFETY_IN = "in a {entry}"  # in a lapse, in a check-in...
SAFETY_ENTRY_NAMES = {"lapse": "lapse", "craving": "craving entry", "checkin": "check-in"}
SAFETY_WORDS = "“{words}”"
SAFETY_WORDS_LEFT_OUT = "(words left out)"
SAFETY_NO_WORDS = "(no amount given)"
SAFETY_NONE = "No text in this period mentioned self-harm, suicide or an overdose, and no check-in reported use."
SAFETY_ITEM = "Daily question, thoughts of harming themselves or not wanting to be alive (0–5): {answers}."
SAFETY_ITEM_ABOVE_ZERO = " Above 0 on {days}: {shown}."
SAFETY_ITEM_ANSWERS = "answered on {days}"

# -- how check-ins felt ---------------------------------------------------------------------------
FEELINGS_INTRO = "The feelings noted in daily check-ins, most often first, with the days they were noted."
FEELING = "{feeling}: {days} ({shown})"
NO_FEELINGS = "No feeling was noted in a check-in in this period."

# -- period and completeness ----------------------------------------------------------------------
NO_QUIT_DATE = "No quit date has been set."
QUIT_DATE = "Quit date: {quit_date}"
QUIT_DAY_TODAY = "; day {days}, week {week} today"
QUIT_DAY_AT_END = "; day {days}, week {week} at the end of the period"
QUIT_AFTER_PERIOD = "; {days} after the end of the period"
EARLIER_ATTEMPTS = " Attempts: {attempts} (earlier quit dates: {earlier})."
PERIOD = "Period: {start} – {end} ({span})."
PERIOD_TO_TODAY = ", to today"
PERIOD_WHOLE_JOURNAL = "; the whole journal"
CHECKINS = "Check-ins on {checkins} of the {days} {whole} ({percent}%)."
CHECKINS_SINCE_START = "since the journal started"
CHECKINS_IN_PERIOD = "in the period"
ENTRIES = "Entries: {counts}."
WITHOUT_USE = "Days without use {since}, from check-ins: {without_use} of {days}{tail}."
WITHOUT_USE_SINCE_QUIT = "since the quit date"
WITHOUT_USE_FROM = "from {day}"
WITHOUT_USE_WITH_USE = "{count} with use"
WITHOUT_USE_NO_DATA = "{count} without a check-in"
# analysis.report.report_period: why the report starts where it does.
PERIOD_NO_JOURNAL = "The journal has no entries and no quit date yet."
PERIOD_JOURNAL_LATER = (
    "Asked for {span} (from {asked}); the journal starts on {journal_start}, so the report starts there."
)
PERIOD_AFTER_END = "The journal starts on {start}, after the end of the period asked for."

# -- daily peak craving ---------------------------------------------------------------------------
DAILY_PEAK_CAPTION = "Daily peak craving, 0 to 10, by day"
DAILY_PEAK_RANGE = "From {span}, the day's strongest craving ranged from {low}/10 to {high}/10"
DAILY_PEAK_UNRATED_ONE = "; {days} has no rating."
DAILY_PEAK_UNRATED = "; {days} have no rating."
DAILY_PEAK_NONE_RATED = "No craving was rated from {span}."
DAILY_PEAK_USE = " Use on {days}: {shown}{more}."
DAILY_PEAK_USE_MORE = " and more"
DAILY_PEAK_QUIT_MARKED = " The quit date, {quit_date}, is marked."
DAILY_PEAK_QUIT_BEFORE = " The quit date ({quit_date}) is before this period."
DAILY_PEAK_KEY = (
    "Bars: the day's strongest craving, 0–10 (from cravings and check-ins). A short stub: a day rated 0/10. "
    "A gap: no rating that day.",
    "Shaded: weeks 2–4 after the quit date. Dashed line: the quit date. Triangles above the chart: days with use.",
)
# The key's second line names only what the chart draws for the period (issue 27: "Shaded: weeks
# 2–4" under a chart with nothing shaded).
DAILY_PEAK_KEY_SHADED = "Shaded: weeks 2–4 after the quit date."
DAILY_PEAK_KEY_QUIT = "Dashed line: the quit date."
DAILY_PEAK_KEY_USE = "Triangles above the chart: days with use."

# -- use calendar ---------------------------------------------------------------------------------
CALENDAR_KEY = (
    "U = used, · = no use, blank = no data (from check-ins and logged lapses); {outside} = outside the "
    "period; {quit} = the quit date."
)

CALENDAR_OUTSIDE = "{day}: outside the period"
CALENDAR_DAY = "{day}: {state}{amount}{quit}"
CALENDAR_QUIT_DAY = " (the quit date)"

# -- craving trend by week: a week the period does not hold whole ---------------------------------
WEEK_IN_PROGRESS = "{week} (in progress)"
WEEK_FROM = "{week} (from {day})"
WEEK_TO = "{week} (to {day})"

# -- support people -------------------------------------------------------------------------------
NO_NAME = "(no name)"

# -- cues, when, coping, plans, people, lapses: what an empty section says ------------------------
NO_CUES = "No cues logged in this period."
NO_LAPSE_CUES = "No cues were noted with the lapses in this period."
NO_LAPSE = "No lapse in this period."
NO_CRAVINGS_OR_LAPSES = "No cravings or lapses in this period."
NO_COPING = "No coping noted in this period."
NO_PLANS = "No plans made yet."
NO_SUPPORT = "No support people listed yet."

# -- when cravings and lapses happen --------------------------------------------------------------
HEATMAP_CAPTION = "Cravings and lapses by weekday and time of day"
HEATMAP_TEXT = (
    "{total} {what} by weekday and time of day. The most fell on {peak_weekday} {peak_bucket}s ({peak_hours}): "
    "{peak_count}. By weekday, {busiest_weekday}s had the most ({busiest_count}); by time of day, the "
    "{busiest_bucket} ({busiest_hours}, {busiest_bucket_count})."
)
HEATMAP_ONE = "craving or lapse"
HEATMAP_MANY = "cravings and lapses"
HEATMAP_KEY = ("Darker cells: more cravings and lapses (the scale is under the chart). Totals are in grey.",)

# -- coping ---------------------------------------------------------------------------------------
COPING_PASSED = "{passed} of {cravings} passed without a lapse within 24 hours{later}."
COPING_PENDING_ONE = " ({pending} more was too recent to tell)"
COPING_PENDING = " ({pending} more were too recent to tell)"

# -- plans and lapses -----------------------------------------------------------------------------
PLAN = "If {cues}, then {then} (made {made})."
GENERAL_PLAN = "Any time: {then} (made {made})."
PLAN_TEXT_LEFT_OUT = "(text left out)"
LAPSE_CRAVING_BEFORE = ", craving {intensity}/10 before"
LAPSE_SITUATION = "Situation: {cues}"
LAPSE_NO_CUES = "no cues noted"
LAPSE_COPING = "Coping tried before: {coping}"
LAPSE_AMOUNT = "What and how much: {amount}"
LAPSE_NOTE = "Note: {note}"
NO_REFLECTION_LEFT_OUT = "No reflection answers (left out)."
NO_REFLECTION_YET = "No reflection answers yet."

# -- weeks 2–4 ------------------------------------------------------------------------------------
NO_WINDOW = "No quit date, so no weeks 2–4 window."
WINDOW_NOW = "Weeks 2–4 after the quit date run {span} (in progress: day {day} of 21)."
WINDOW_AHEAD = "Weeks 2–4 after the quit date run {span} (they start in {wait})."
WINDOW_PAST = "Weeks 2–4 after the quit date ran {span}."
WINDOW_TOO_LITTLE_DATA = " There is not yet enough data to compare them with the other weeks."

# analysis.report.comparison: what the person's own data show about weeks 2–4 (also in ``status``).
WINDOW_PEAK_SO_FAR = "So far in weeks 2–4 the daily peak craving has averaged {peak}/10"
WINDOW_PEAK = "In weeks 2–4 the daily peak craving averaged {peak}/10"
COMPARED_WITH = "{how} {phase} ({peak}/10)"
COMPARISON = "{lead}: {compared}."
ABOUT_THE_SAME = "about the same as"
HIGHER = "higher than"
LOWER = "lower than"
IN_WEEK_1 = "in week 1"
AFTER_WEEK_4 = "after week 4"

# -- what the report leaves out (analysis.redaction.Redactor.sentence), in the intro and footer ---
LEFT_OUT_NOTHING = "Nothing was left out: notes, reflection answers, plan text and people's names are included."
LEFT_OUT = "At the author's choice, {what}."
LEFT_OUT_NOTES = "notes, reflection answers and plan text were left out"
NAMES_NONE_RECORDED = "people's names were to be replaced, but no names are recorded in this period"
NAMES_REPLACED = "people's names were replaced with {who}"
NAMES_ONE = "person 1"
NAMES_TWO = "person 1 and person 2"
NAMES_MANY = "person 1 to person {count}"
PHONES_LEFT_OUT = "phone numbers were left out"
RELATIONS_KEPT = "words such as mum, partner or boss were kept"
RELATIONS_REPLACED = (
    "words for relationships (mum, partner, boss and the like) were replaced with relation 1, 2 and so on"
)
