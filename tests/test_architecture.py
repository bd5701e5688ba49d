"""The layers stay as docs/architecture.md draws them: a test reads every import (also
the lazy ones inside functions) with ast and fails when a rule breaks."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "cuelog"
PURE = ("cuelog.analysis", "cuelog.export", "cuelog.models", "cuelog.timeparse", "cuelog.text", "cuelog.wording")
PURE += ("cuelog.safety", "cuelog.crisis", "cuelog.sources", "cuelog.errors", "cuelog.layout")
NETWORK = ("socket", "urllib", "http", "requests", "ssl", "ftplib", "smtplib", "xmlrpc", "asyncio")


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "cuelog":  # from cuelog import service -> cuelog.service
                found.update(f"cuelog.{alias.name}" for alias in node.names if alias.name != "__version__")
            else:
                found.add(node.module)
    return found


MODULES = {_module(p): _imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def _under(name: str, *prefixes: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _allowed(module: str, imported: str) -> bool:
    if not imported.startswith("cuelog") or module == "cuelog.__main__":
        return True
    if _under(module, "cuelog.cli"):
        # cuelog.settings: the settings file joins the environment at the edge, on every
        # start, without the import of the service layer (and the store) that costs.
        return _under(
            imported, "cuelog.cli", "cuelog.service", "cuelog.render", "cuelog.timeparse", "cuelog.errors"
        ) or (_under(imported, "cuelog.wording", "cuelog.settings"))
    if module == "cuelog.render":
        return _under(imported, "cuelog.models", "cuelog.text", "cuelog.layout", "cuelog.wording", "cuelog.errors")
    if _under(module, "cuelog.store"):
        return _under(imported, "cuelog.store", "cuelog.models", "cuelog.errors", "cuelog.timeparse")
    if _under(module, *PURE):
        return _under(imported, *PURE)
    # The service layer (service, importing, demo) may use everything below it.
    return not _under(imported, "cuelog.cli", "cuelog.render")


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_follow_the_layers(module):
    wrong = sorted(i for i in MODULES[module] if not _allowed(module, i))
    assert wrong == [], f"{module} imports {wrong}"


def test_nothing_talks_to_the_network():
    for module, imported in MODULES.items():
        assert not any(_under(i, *NETWORK) for i in imported), module


def test_pure_layers_read_no_clock_and_no_files():
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module(path)
        if not _under(module, *PURE) or module == "cuelog.errors":
            continue
        text = path.read_text()
        for call in ("datetime.now(", "date.today(", "time.time(", " open(", "(open(", ".read_text(", ".write_text("):
            assert call not in text, f"{module} calls {call}"


def test_each_command_is_found_in_the_module_that_registers_it():
    """A start imports only the module ``cli/commands.py`` names for the command: the table
    must name every command, alias and group, each with its own module, and nothing else."""
    from cuelog.cli import commands
    from cuelog.cli.app import app

    commands.load_all()
    registered = {}
    for c in app.registered_commands:
        for name in (c.name or c.callback.__name__.replace("_", "-"), *getattr(c.callback, "aliases", ())):
            registered[name] = c.callback.__module__
    for g in app.registered_groups:
        registered[g.name] = g.typer_instance.registered_commands[0].callback.__module__
    assert {name: f"cuelog.cli.{module}" for name, module in commands.COMMANDS.items()} == registered
