"""config: the settings file, and where each setting's value comes from."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from cuelog import settings
from cuelog.cli.app import app, out, state
from cuelog.cli.options import Json, Quiet, command, emit
from cuelog.wording import config as words

config_app = typer.Typer(
    help="Settings kept in $XDG_CONFIG_HOME/cuelog/config.toml; the environment and options win over them.",
    invoke_without_command=True,
    rich_markup_mode=None,
)
app.add_typer(config_app, name="config")

Key = Annotated[str, typer.Argument(metavar="KEY", help="A setting: " + settings.KNOWN + ".")]


def _started_with() -> dict[str, str]:
    """The environment as cuelog was started, without what the file added to it."""
    return {k: v for k, v in os.environ.items() if k not in state.from_settings}


@config_app.callback()
def config(ctx: typer.Context, as_json: Json = False) -> None:
    """Show every setting, its value and where it comes from (file, environment, default).

    Example: cuelog config --json
    """
    if ctx.invoked_subcommand is not None:
        return
    env = _started_with()
    path = settings.config_path(env)
    found = settings.effective(env, settings.read_file(path), path)
    doc = {
        "file": str(path),
        "file_exists": path.exists(),
        "settings": {s.key: s.as_json() for s in found},
    }

    def human() -> None:
        o = out()
        o.say(words.FILE_LINE.format(path=path, missing="" if path.exists() else words.FILE_MISSING))
        o.say(words.HEADING)
        width = max(len(s.key) for s in found)
        shown = [s.value if s.value is not None else words.NOT_SET for s in found]
        value_width = max(len(v) for v in shown)
        for s, text in zip(found, shown, strict=True):
            origin = s.origin if s.where is None else f"{s.origin} {s.where}"
            o.say(f"  {s.key:<{width}}  {text:<{value_width}}  ", (origin, "dim"), wrap=False)
        o.note(words.SET_HOW)

    emit(doc, as_json, human)


@command("set", group=config_app)
def config_set(
    key: Key,
    value: Annotated[str, typer.Argument(metavar="VALUE", help="The value (see cuelog config for each key's).")],
    as_json: Json = False,
    quiet: Quiet = False,
) -> None:
    """Set KEY to VALUE in the settings file.

    Example: cuelog config set country GB
    """
    env = _started_with()
    path, checked = settings.set_value(env, key, value)
    variable = settings.KEYS[key].variable
    overridden = bool(env.get(variable, "").strip())

    def human() -> None:
        out().say(words.was_set(key, checked, str(path)))
        if overridden:
            out().note(words.environment_wins(key, variable))

    emit(
        {"key": key, "value": checked, "file": str(path), "overridden_by": variable if overridden else None},
        as_json,
        human,
        quiet=quiet,
    )


@command("unset", group=config_app)
def config_unset(key: Key, as_json: Json = False, quiet: Quiet = False) -> None:
    """Remove KEY from the settings file: its default (or the environment) applies again.

    Example: cuelog config unset country
    """
    path, removed = settings.unset_value(_started_with(), key)
    human = (
        (lambda: out().say(words.was_unset(key, str(path))))
        if removed
        else (lambda: out().say(words.was_not_set(key, str(path))))
    )
    emit({"key": key, "removed": removed, "file": str(path)}, as_json, human, quiet=quiet)
