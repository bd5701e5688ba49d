"""The settings file: ``cuelog config``, what each setting means, and what is wrong
with a value or a file."""

from __future__ import annotations

# What each key is for, shown by `cuelog config` and its help (the key names are fixed).
KEY_HELP = {
    "country": "where you are, for crisis lines (a two-letter code such as GB, US, DE)",
    "units": "how alcohol amounts are counted: uk (UK units) or us (US standard drinks)",
    "redact": "what export leaves out unless --redact says otherwise: none, notes, people, relations, all",
    "daily-safety-item": "the safety question in the daily check-in: on or off",
    "urge-minutes": "how long help-now's urge-surf runs, in minutes (1-120)",
    "nudges": "cuelog nudge reaches out at your high-risk times: on or off",
    "quiet-hours": "no nudges between these times, e.g. 22:00-08:00 (or off)",
    "nudge-daily-cap": "at most this many nudges a day (1-12)",
    "nudge-full-text": "desktop notifications show your plan's words, not only a neutral line: on or off",
}

ORIGIN_FILE = "file"
ORIGIN_ENVIRONMENT = "environment"
ORIGIN_DEFAULT = "default"
NOT_SET = "(not set)"
HEADING = "Settings (where each comes from):"
FILE_LINE = "Settings file: {path}{missing}"
FILE_MISSING = " (not created yet)"
SET_HOW = "Change one: cuelog config set KEY VALUE; back to the default: cuelog config unset KEY"


def was_set(key: str, value: str, path: str) -> str:
    return f"{key} = {value} (in {path})"


def was_unset(key: str, path: str) -> str:
    return f"{key} is back to its default (removed from {path})"


def was_not_set(key: str, path: str) -> str:
    return f"{key} was not set in {path}; nothing changed"


def environment_wins(key: str, variable: str) -> str:
    return f"Note: the environment variable {variable} is set and wins over the file for {key}."


# -- errors (one line each, with a hint) --------------------------------------------------
def unknown_key(key: str, known: str) -> tuple[str, str]:
    return f"there is no setting {key!r}", f"settings: {known}"


def bad_value(key: str, value: str, expected: str) -> tuple[str, str]:
    return f"{value!r} is not a value for {key}", f"{key}: {expected}"


def bad_variable(variable: str, value: str, expected: str) -> tuple[str, str]:
    return f"the environment variable {variable}={value!r} is not valid", expected


def broken_file(path: str, line: int | None, problem: str) -> tuple[str, str]:
    where = f"{path}, line {line}" if line else path
    return f"the settings file {where} cannot be read: {problem}", "fix or remove that line in a text editor"


def unknown_key_in_file(path: str, line: int | None, key: str, known: str) -> tuple[str, str]:
    where = f"{path}, line {line}" if line else path
    return f"the settings file {where} has an unknown setting {key!r}", f"settings: {known}"


def bad_value_in_file(path: str, line: int | None, key: str, expected: str) -> tuple[str, str]:
    where = f"{path}, line {line}" if line else path
    return f"the settings file {where} has a value for {key} that cuelog cannot use", f"{key}: {expected}"


def still_helping(problem: str) -> str:
    """help-now goes on with the defaults when the settings file is broken."""
    return f"cuelog: warning: {problem}; help-now goes on without it"


def cannot_write(path: str, why: str) -> str:
    return f"cannot write the settings file {path}: {why}"
