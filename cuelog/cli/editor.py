"""``--edit``: write a note in the person's own editor ($VISUAL, else $EDITOR), as git and
jrnl do. The text lives only in a 0600 file inside a private 0700 temporary folder while
the editor runs, and both are removed at once; nothing is written to the journal when the
editor fails."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile

from cuelog.errors import InputError
from cuelog.wording import errors


def edit_note() -> str | None:
    """The note written in the editor; empty (or only spaces) means no note."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor or not editor.strip():
        raise InputError(errors.NO_EDITOR[0], hint=errors.NO_EDITOR[1])
    command = shlex.split(editor)
    folder = tempfile.mkdtemp(prefix="cuelog-note-")  # mode 0700
    path = os.path.join(folder, "note.txt")
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        try:
            code = subprocess.call([*command, path])
        except OSError:
            code = None
        if code != 0:
            raise InputError(errors.editor_failed(os.path.basename(command[0]), code))
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read().strip()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return text or None
