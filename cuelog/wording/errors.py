"""What cuelog says when it cannot do what was asked: the message after
``cuelog: error:``, and the hint (what to do instead), as ``(message, hint)`` where
there is one. Plain and practical; the errors of the store itself are in
``cuelog/store/``, which sits below this package.
"""

from __future__ import annotations

# -- starting up: options, the clock, the passphrase ----------------------------------
STOPPED = "\ncuelog: stopped; nothing was saved"
STOPPED_AFTER_SAVING = "\ncuelog: stopped; what was saved before stays saved"
SEE_HELP = "see 'cuelog --help'"


def unexpected(kind: str) -> tuple[str, str]:
    """Only the type of the problem: messages and locals may hold journal text."""
    return f"unexpected problem ({kind})", "run with --debug for details"


def intensity_out_of_range(given: str) -> tuple[str, str]:
    return f"intensity must be from 0 to 10, not {given}", "e.g. cuelog craving 6"


def needs_a_value(option: str) -> tuple[str, str]:
    return f"{option} needs a value", f"e.g. {option} {'PATH' if option == '--db' else 'FILE'}"


def clock_not_iso(pinned: str) -> str:
    return f"CUELOG_NOW={pinned} is not an ISO date-time"


def clock_out_of_range(pinned: str) -> str:
    return f"CUELOG_NOW={pinned} is outside the years 1901-2199"


def passphrase_file_unreadable(source: str, reason: object) -> str:
    return f"cannot read the passphrase file {source}: {reason}"


def passphrase_file_open_to_others(source: str, mode: int) -> tuple[str, str]:
    """Refused as ssh refuses a private key others can read."""
    return (
        f"the passphrase file {source} can be read by other users (mode {mode:04o}); it was not used",
        f"make it private with: chmod 600 {source}",
    )


def stored_entry_refused(problem: str) -> tuple[str, str]:
    """Editing an entry (often another device's) that holds what a new entry may not."""
    return (
        f"this entry cannot be saved as it is: {problem}; nothing was changed",
        "give that field a new value in the same edit (e.g. --note '...')",
    )


def peer_unreadable(what: str) -> str:
    """Another device's file was quarantined (``what``: the file and why); said once per command."""
    return f"another device's part of the journal could not be read: {what}; run cuelog doctor"


def saved_but(message: str) -> tuple[str, str]:
    """The change was committed, then showing the result failed: the command still succeeded."""
    return (
        f"it was saved, but the result could not be shown: {message}",
        "nothing needs doing again ('cuelog list' shows what was saved)",
    )


def passphrase_file_empty(source: str) -> str:
    return f"the passphrase file {source} is empty"


NO_TERMINAL_FOR_NEW_PASSPHRASE = (
    "encrypting needs a passphrase, and there is no terminal to ask for one",
    "run 'cuelog encrypt' in a terminal, or give --passphrase-file FILE",
)
NO_PASSPHRASE = (
    "the journal is encrypted and no passphrase was given",
    "use --passphrase-file FILE or set CUELOG_PASSPHRASE_FILE, or run 'cuelog unlock' first",
)
PASSPHRASE_ASK = "Passphrase for your cuelog journal: "
BACKUPS_NEED_PASSPHRASE = (
    "The backups are encrypted (they were kept while the journal was); their passphrase "
    "is needed to read them. It is asked once for all of them."
)


def passphrase_wrong(left: int) -> str:
    """After a wrong passphrase on a terminal; ``left`` tries remain."""
    return f"That passphrase does not open the journal; try again ({left} {'try' if left == 1 else 'tries'} left)."


NEW_PASSPHRASE_ASK = "A passphrase for your cuelog journal: "
NEW_PASSPHRASE_AGAIN = "The same passphrase again: "
PASSPHRASES_DIFFER = "The two did not match; please try again."
PASSPHRASE_NOT_CONFIRMED = "no passphrase was confirmed; nothing was changed"


def passphrase_too_short(minimum: int) -> str:
    return f"It needs at least {minimum} characters; a few unrelated words work well."


# -- commands ---------------------------------------------------------------------------
MISSING_INTENSITY = ("missing INTENSITY (0-10)", "e.g. cuelog craving 6 --place home")
SUBSTANCE_WITHOUT_DATE = ("--substance goes with a DATE", "e.g. cuelog quit-date today --substance alcohol")
LIMIT_NEGATIVE = "--limit must be 0 (all) or more"
DELETE_NEEDS_YES = "delete needs --yes when not run from a terminal"


def cannot_read(source: str, reason: str | None) -> str:
    return f"cannot read {source}: {reason or 'not UTF-8 text'}"


RESTORE_NEEDS_NAME = (
    "in a script, restoring needs the backup's name as well as --yes",
    "see the backups with 'cuelog doctor --json', then: cuelog doctor --restore --backup NAME --yes",
)
RESTORE_NEEDS_YES = (
    "restoring needs --yes when not run from a terminal",
    "cuelog doctor --restore --backup NAME --yes",
)


def no_backup_number(reply: str) -> str:
    return f"there is no backup number {reply}"


def surf_minutes(most: int, given: int) -> str:
    return f"--minutes must be from 1 to {most}, not {given}"


# -- the service: what the input asks for ----------------------------------------------------
NOTHING_TO_CHANGE = ("nothing to change", "give at least one option, e.g. --note or --place")
CHECKIN_KEEPS_ITS_DATE = ("a check-in belongs to its date", "use 'cuelog checkin --date DAY' instead")
SINCE_AFTER_UNTIL = "--since is after --until"
TOP_NEGATIVE = "--top must be 0 or more"
NO_LAPSE = ("there is no lapse in the journal", "log one with 'cuelog lapse'")


def kind_must_be(kinds: str) -> str:
    return f"--kind must be one of {kinds}"


GREP_EMPTY = "--grep needs some text to look for"


def cue_filter_needs_equals(spec: str) -> str:
    return f"--cue takes DIMENSION=VALUE, e.g. --cue place=bar (got {spec[:40]!r})"


def cue_filter_dimension(dimension: str, dimensions: str) -> str:
    return f"--cue: unknown dimension {dimension[:40]!r}; use one of {dimensions}"


def cue_filter_needs_value(dimension: str) -> str:
    return f"--cue {dimension}= needs a value after '='"


def not_a_lapse(prefix: str, kind: str) -> str:
    return f"entry {prefix} is a {kind}, not a lapse"


def empty_cue(option: str) -> str:
    return f"{option} was given without a value; a plan with no cue at all is a general plan"


PLAN_EXAMPLE = 'e.g. cuelog plan add --place bar "leave and call my sister"'
PLAN_NEEDS_THEN = "a plan needs its THEN text"
PLAN_NOTHING_TO_CHANGE = ("nothing to change", "give cue options or a new THEN text")
SUPPORT_IDS_HINT = "see ids with 'cuelog support list'"


def damaged_support_person(path: object, problem: str) -> str:
    return f"{path} has a damaged support person: {problem}"


# -- the export report: its format and what to leave out ----------------------------------------
def unknown_export_format(name: str, choices: str) -> str:
    return f"unknown export format {name!r}; choose one of {choices}"


def export_format_from_file_name(name: str, choices: str, extensions: str) -> tuple[str, str]:
    return (
        f"cannot tell the export format from the file name {name!r}",
        f"add --format with one of {choices}, or end the name in {extensions}",
    )


def redact_choices(choices: str, given: str) -> str:
    return f"--redact takes {choices}, or several joined by commas (notes,people); not {given!r}"


def damaged_safety_plan(path: object, problem: str) -> str:
    return f"{path} has a damaged safety plan: {problem}"


# -- export: sharing it privately, the agenda -------------------------------------------------
def bad_age_recipient(text: str) -> str:
    return f"{text!r} is not an age recipient"


AGE_RECIPIENT_HINT = "give a public key that starts with age1 (from age-keygen) or ssh-ed25519 / ssh-rsa"


def passphrase_file_too_open(path: str, mode: int) -> tuple[str, str]:
    return (
        f"the passphrase file {path} can be read by others (mode {mode:04o})",
        f"make it private first: chmod 600 {path}",
    )


EXPORT_ENCRYPT_AND_TO = (
    "--encrypt (a passphrase) and --to (age keys) cannot be used together",
    "use --encrypt for a passphrase the counsellor types, or --to for an age key they hold",
)
NO_TERMINAL_FOR_REPORT_PASSPHRASE = (
    "--encrypt needs a passphrase and there is no terminal to ask for one",
    "give --passphrase-file FILE (a file only you can read, the passphrase on its first line)",
)
REPORT_PASSPHRASE_NOT_CONFIRMED = "the two passphrases did not match three times; nothing was written"
AGENDA_NEEDS_TEXT = ("an agenda item needs some text", 'example: cuelog agenda add "the weekend at my brother\'s"')
AGENDA_IDS_HINT = "see ids with 'cuelog agenda list'"


def export_file_exists(path: str) -> tuple[str, str]:
    return f"{path} already exists", "choose another name, or add --force to replace it"


# -- --edit: a note written in the editor -----------------------------------------------
NO_EDITOR = (
    "--edit needs an editor: set VISUAL or EDITOR",
    "e.g. export EDITOR=nano; or --note - reads the note from stdin",
)
EDIT_AND_NOTE = ("give the note with --note or with --edit, not both", "see 'cuelog craving --help'")


def editor_failed(name: str, code: int | None) -> str:
    how = "could not be started" if code is None else f"stopped with exit code {code}"
    return f"the editor '{name}' {how}; nothing was written"
