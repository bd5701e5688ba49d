"""Every command module, imported so that each registers its commands on the app,
then the commands put in the order the help lists them: daily use first."""

from cuelog.cli import capture, care, devices, entries, export, insight, plans, safety  # noqa: F401
from cuelog.cli.app import app

ORDER = (
    "craving lapse help-now checkin reflect status summary outlook quit-date list show edit delete remind import "
    "export sources undo doctor encrypt decrypt unlock lock devices demo"
).split()


def _rank(command) -> int:
    name = command.name or command.callback.__name__.replace("_", "-")
    return ORDER.index(name) if name in ORDER else len(ORDER)


app.registered_commands.sort(key=_rank)
