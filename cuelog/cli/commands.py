"""Which module registers each command, in the order the help lists them (daily use
first): a start imports only the module of the command being run; the help, a name
cuelog does not know and shell completion import them all."""

from importlib import import_module

from cuelog.cli.app import app

# Command (or group) -> the cli module that registers it. A test holds it to what they register.
COMMANDS = {
    "craving": "capture",
    "lapse": "capture",
    "help-now": "safety",
    "sos": "safety",
    "safety-plan": "safetyplan",
    "checkin": "capture",
    "reflect": "insight",
    "status": "insight",
    "summary": "insight",
    "outlook": "insight",
    "quit-date": "capture",
    "goal": "goals",
    "list": "entries",
    "show": "entries",
    "edit": "entries",
    "delete": "entries",
    "remind": "entries",
    "import": "entries",
    "export": "export",
    "agenda": "agenda",
    "sources": "safety",
    "undo": "entries",
    "doctor": "care",
    "encrypt": "care",
    "decrypt": "care",
    "unlock": "care",
    "lock": "care",
    "devices": "devices",
    "demo": "care",
    "plan": "plans",
    "support": "safety",
    "device": "devices",
    "config": "config",
    "nudge": "nudge",
}
ORDER = list(COMMANDS)


def load(name: str | None) -> bool:
    """Import the module of command ``name``; False when cuelog has no such command."""
    module = COMMANDS.get(name or "")
    if module is not None:
        import_module(f"cuelog.cli.{module}")
    return module is not None


def load_all() -> None:
    for module in sorted(set(COMMANDS.values())):
        import_module(f"cuelog.cli.{module}")
    app.registered_commands.sort(key=_rank)


def _rank(command) -> int:
    name = command.name or command.callback.__name__.replace("_", "-")
    return ORDER.index(name) if name in ORDER else len(ORDER)
