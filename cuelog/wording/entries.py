"""What cuelog says while logging and looking after entries: the confirmations of
craving, lapse, check-in and quit date, the reflection's prompts on a terminal, and
list, edit, delete, import, undo and remind.

Where a sentence starts with a word shown in bold, a function gives the two parts,
``(bold, rest)``, and the caller styles the first.
"""

from __future__ import annotations

from cuelog.wording.common import plural


# -- craving, lapse ----------------------------------------------------------------
def noted_for(when: str) -> str:
    """Follows "Craving 6/10": `` noted for today 21:30``."""
    return f" noted for {when}"


# The plan that matches an entry's cues: "Your plan: if <cues> then <what>".
YOUR_PLAN = "Your plan: "

LAPSE_QUESTIONS_HEADER = "Some questions about the situation, to look at when you are ready:"
NEXT_24_HOURS_ASK = "Your plan (Enter skips; you can add it later with 'cuelog reflect')"
NEXT_24_HOURS_SAVED = "Saved as your plan for the next 24 hours, with this lapse's answers."


def lapse_stopped(short_id: str) -> str:
    """Ctrl-C while answering after a lapse: what was given is already saved."""
    return f"\nStopped. The lapse and any answers you gave are saved: cuelog reflect {short_id}"


# -- reflection on a terminal --------------------------------------------------------
def lapse_of(when: str) -> str:
    """The reflection's header: "The lapse of Fri 6 Nov 21:30"."""
    return f"The lapse of {when}"


REFLECT_CHANGE = "Change or add answers now?"
REFLECT_ANSWER = "Answer them now?"


def reflect_offer(question: str) -> str:
    return f"{question} (you can come back any time with 'cuelog reflect')"


def reflect_later(short_id: str) -> str:
    return f"They will keep: cuelog reflect {short_id}"


REFLECT_ENTER_KEEPS = " Where there is an answer already, Enter keeps it."
REFLECT_NEW_ANSWER = "   A new answer, or Enter to keep this one"


def reflect_saved(short_id: str) -> tuple[str, str]:
    return "Saved your answers.", f" See them again with: cuelog reflect {short_id}"


REFLECT_UNCHANGED = "Nothing changed; the questions will keep."

# -- check-in ------------------------------------------------------------------------
CHECKIN_REPLACED = "updated"
CHECKIN_SAVED = "saved"
CHECKIN_NOTHING_CHANGED = "nothing changed"
CHECKIN_KEEPS = "What this check-in did not name stays as it was."


def _said(value) -> str:
    if value is None or value == []:
        return "not said"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


_CHANGE_NAMES = {
    "craving": "craving",
    "used": "used",
    "amount": "amount",
    "feeling": "feeling",
    "body": "body",
    "safety_item": "safety score",
}


def checkin_changed(changes) -> str:
    """What a day's second check-in changed, after ``updated``:
    ``craving now 3 (was 6); feeling now calm (was tired, hopeful)``."""
    if not changes:
        return CHECKIN_NOTHING_CHANGED
    parts = []
    for name, was, now in changes:
        if name == "note":
            parts.append("note replaced" if was and now else "note added" if now else "note removed")
        else:
            parts.append(f"{_CHANGE_NAMES[name]} now {_said(now)} (was {_said(was)})")
    return "; ".join(parts)


def checkin_for(day: str, verb: str) -> str:
    """Follows a bold "Check-in": `` for today saved``."""
    return f" for {day} {verb}"


REMIND = "No check-in yet today: cuelog checkin --craving N --used/--no-used"

# -- quit date -------------------------------------------------------------------------
NO_QUIT_DATE = "No quit date yet. Set one with: cuelog quit-date YYYY-MM-DD [--substance NAME]"
QUIT_DATE_SET = "Quit date set: "
QUIT_DATE = "Quit date: "


def quit_day_tail(days: int) -> str:
    """After the quit date: " — day 9, week 2."; before it: " — 3 days from now."."""
    if days >= 0:
        return f" — day {days}, week {days // 7 + 1}."
    return f" — {plural(-days, 'day')} from now."


def attempts_in_history(n: int) -> str:
    return f"Attempts in your history: {n}"


def substance_stays(substance: str) -> str:
    return f"The substance stays {substance}; --substance '' clears it, --substance NAME changes it."


EARLIER_ATTEMPTS_STAY = "Earlier attempts stay in your history."

# -- list, edit, delete, import, undo --------------------------------------------------
NO_ENTRIES = "No entries here yet. Log one with: cuelog craving 5 --place home"
NO_MATCHES = "No entries match. Without --grep and --cue, cuelog list shows them all."
# Under the list when the width left out its cues or notes.
SHOW_ONE_WHOLE = "cuelog show ID shows one entry whole."
# cuelog show: the reflection's answers.
REFLECTION_ANSWERED = " · {answered} of {questions} answered"
# cuelog show: a field with nothing in it.
NOT_GIVEN = "not given"
NOT_SAID = "not said"
NOT_NOTED = "not noted"
NONE = "none"
NONE_NOTED = "none noted"
NOT_CHANGED = "not since it was logged"
REFLECTION_THE_REST = "  The rest, and a way to answer them: "


def showing_newest(limit: int) -> str:
    return f"Showing the newest {limit}; use --limit 0 for all."


def kind_of(kind: str, when: str) -> str:
    """Follows a bold "Updated" or "Deleted": `` craving of today 21:30``."""
    return f" {kind} of {when}"


DELETE_QUESTION = "Delete this entry?"
NOTHING_DELETED = "Nothing was deleted."


def imported(added: int, updated: int, unchanged: int) -> str:
    """Follows a bold "Imported"."""
    return f" {plural(added, 'new entry')}; {updated} updated, {unchanged} already here."


# The other kinds of record an import may bring, as the import names them.
IMPORT_KINDS = (("attempts", "quit dates"), ("plans", "plans"), ("support", "support people"))


def imported_kind(label: str, added: int, updated: int) -> str:
    return f"{label.capitalize()}: {added} added, {updated} updated."


def import_skipped(short_id: str, reason: str) -> str:
    return f"Skipped {short_id}: {reason}."


def undo_left(left: int) -> str:
    if not left:
        return "  (nothing before it can be undone)"
    return f"  ({plural(left, 'more step')} can be undone)"


# -- notes typed on a terminal ----------------------------------------------------------
NOTE_FROM_STDIN = "Type the note, then press Ctrl-D on a new line."


def answer_again(reason: str, question: str) -> str:
    """An answer that cannot be kept, said as it is given: why, and which question is asked
    again (the answers before it are kept)."""
    asked = " ".join(question.split()).rstrip(" ?:")
    return f"That answer {reason}; your earlier answers are kept. Again: {asked}? (Enter skips.)"


LAPSE_WHEN_QUESTION = "When was it? (Enter: just now; or e.g. 2h ago, last night, yesterday 22:00)"
LAPSE_AMOUNT_QUESTION = "What did you use, and how much, if you want to say (e.g. 4 pints, half a gram)?"


def when_again(reason: str, hint: str | None) -> str:
    """A time that could not be read, said as it is given; the question comes again."""
    return f"{reason[:1].upper()}{reason[1:]}." + (f" You could {hint}." if hint else "") + " Asked again:"
