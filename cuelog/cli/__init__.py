"""The command line: parse, call the service, render. One module per command group:

- ``app``: the Typer app, global options, ``main`` (errors -> one line and an exit code)
- ``options``: shared options, the cue options, ``emit`` (JSON or text, in one place)
- ``capture``: craving, lapse, checkin, quit-date
- ``entries``: list, edit, delete, import, undo, remind
- ``insight``: status, summary, reflect, outlook
- ``plans``: plan add / list / edit / remove
- ``safety``: help-now (alias sos), support add / list / remove, sources
- ``export``: export
- ``care``: doctor, encrypt, decrypt, demo
"""

from cuelog.cli.app import app, main

__all__ = ["app", "main"]
