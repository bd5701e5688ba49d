"""The report a person exports to share (markdown, HTML, JSON, CSV): what cuelog
says about writing it."""

from __future__ import annotations


def report_written(path: str) -> str:
    return f"Report written to {path} (readable only by you)."


# -- the sealed (passphrase) HTML page -------------------------------------------------------
SEALED_TITLE = "A private cuelog report"
SEALED_INTRO = (
    "This report is encrypted. Type the passphrase you were given (in person or by another channel) to read it. "
    "It opens here, on this device: nothing is sent anywhere."
)
SEALED_LABEL = "Passphrase"
SEALED_BUTTON = "Open the report"
SEALED_OPENING = "Opening…"
SEALED_WRONG = "That passphrase does not open this report. Check it (spaces and spelling count) and try again."
SEALED_UNSUPPORTED = "This browser cannot decrypt the report here. Try a current Firefox, Chrome, Edge or Safari."
SEALED_NO_SCRIPT = (
    "The report is decrypted by a short script in this page, and scripts are off in this browser. "
    "Turn them on for this file, or open it in another browser."
)
SEALED_PRIVATE = "Closing or reloading the page locks it again."

# -- sharing it: passphrases and age files ----------------------------------------------------
PASSPHRASE_SUGGESTED = "A passphrase you could use (random words, easy to read out):"
PASSPHRASE_ASK = "Passphrase for the report (Enter to use the one above): "
PASSPHRASE_AGAIN = "Type it again: "
PASSPHRASE_GIVE_SEPARATELY = (
    "Give the passphrase to your counsellor in person or by another channel (a call, a different app), "
    "never in the same message as the file."
)
SEALED_HOW_TO_OPEN = "It opens in any current browser: double-click the file, then type the passphrase."


def age_written(path: str) -> str:
    return f"Encrypted report written to {path} (readable only by you). It opens with: age -d {path}"


def age_for_recipients(count: int) -> str:
    return f"Only the holder of {'that key' if count == 1 else f'one of those {count} keys'} can open it."


# -- the agenda -------------------------------------------------------------------------------
AGENDA_SAVED = "On the agenda: "
AGENDA_SHOWS_UP = "It comes first in your next report (cuelog export); 'cuelog agenda done ID' clears it."
AGENDA_EMPTY = "Nothing on the agenda. Add something with: cuelog agenda add TEXT"
AGENDA_DONE = "Cleared from the agenda: "
