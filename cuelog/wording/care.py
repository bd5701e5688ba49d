"""Looking after the journal: doctor, backups and restoring, encrypting, decrypting,
unlocking and locking, the devices that share a journal, and the demo.

Where a sentence starts with a word shown in bold, a function gives the two parts,
``(bold, rest)``, and the caller styles the first.
"""

from __future__ import annotations

from cuelog.wording.common import plural


# -- doctor ------------------------------------------------------------------------------
def merged(copies: int, added: int, updated: int) -> tuple[str, str, str]:
    return "Merged ", plural(copies, "conflict copy"), f": {added} added, {updated} updated."


STORE_NOT_CREATED = " (not created yet)"
ENCRYPTED = "encrypted"
NOT_ENCRYPTED = "not encrypted"
REMOVED_AFTER_CRASH = " (left by an interrupted write)"
ALL_WELL = "  Everything checks out."
NO_BACKUPS = "none yet (one is kept each day before the first change)"

# -- restoring a backup ------------------------------------------------------------------
BACKUPS_HEADING = ("Backups of your journal", " (oldest first):")
BACKUP_UNREADABLE = "cannot be read"


def which_backup(newest: int) -> str:
    return f"Which one? Type its number, or press Enter for the newest ({newest})"


def restore_question(made: str) -> str:
    return f"Put the backup of {made} in place of your journal? (the journal now is kept aside)"


NOTHING_RESTORED = "Nothing was restored."


def restored(made: str, name: str) -> tuple[str, str]:
    return "Restored ", f"the backup of {made} ({name})."


def kept_aside(name: str) -> str:
    return f"The journal as it was is kept as the backup {name}; 'cuelog undo' puts it back."


BACKUP_ENCRYPTED = "This backup is encrypted; it is restored as plain files, like your journal is now."
BACKUP_NOT_ENCRYPTED = "This backup is not encrypted; it is restored encrypted, like your journal is now."


def journal_stays(encrypted: bool) -> str:
    return "The journal stays " + ("encrypted" if encrypted else "unencrypted") + ", as it is now."


# -- encrypt, decrypt, unlock, lock --------------------------------------------------------
def encrypted(files: int, backup_files: int) -> tuple[str, str]:
    return "Encrypted", f" {plural(files, 'file')} of your journal and {plural(backup_files, 'backup file')}."


def key_at(path: str) -> str:
    return (
        f"The key is {path} (protected by your passphrase). Without the passphrase "
        "the journal cannot be read, not even by cuelog."
    )


ALREADY_ENCRYPTED = "The journal is already encrypted."


def decrypted(files: int) -> tuple[str, str]:
    return "Decrypted", f" {plural(files, 'file')}; the journal is plain JSON again."


def unlocked(until: str) -> tuple[str, str]:
    """``until``: a time such as "21:30"."""
    return "Unlocked", f" until {until}. 'cuelog lock' closes it sooner."


def unlocked_until(until: str) -> str:
    """Under the status, while the journal is unlocked."""
    return f"The journal is unlocked until {until} ('cuelog lock' closes it)."


LOCKED = "Locked."
NOT_UNLOCKED = "The journal was not unlocked; nothing to do."

# -- devices -------------------------------------------------------------------------------
NO_DEVICES = "No device has written to this journal yet."
THIS_DEVICE = " (this device)"
NEVER = "never"


def device_line(last: str, entries: int, deleted: int = 0) -> str:
    """Follows the device's name; another device's deletes are said, so none goes unseen."""
    gone = f" · deleted {plural(deleted, 'entry')}" if deleted else ""
    return f" · last write {last} · {plural(entries, 'entry')}{gone}"


DEVICE_NAMED = ("This device is now called ", ".")

# -- the demo -------------------------------------------------------------------------------
DEMO_NOT_TOUCHED = "Your own journal is not touched."
DEMO_LAPSE_HEADER = "The lapse in week 3, with the answers written afterwards:"
DEMO_KEPT = ("The sample store is kept at ", "; to look at it, run:")
DEMO_START_YOUR_OWN = "Start your own: cuelog quit-date YYYY-MM-DD, then cuelog craving (it asks the questions)."


def cache_removed(months: str) -> str:
    """A doctor note: the month tallies (derived data) disagreed with the journal."""
    return (
        f"the month cache did not match the journal for {months}; "
        "it was removed and will be made again (it only speeds up reading)"
    )
