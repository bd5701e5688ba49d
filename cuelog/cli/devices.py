"""Several devices sharing one journal through a sync tool: devices, device name."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from cuelog import service
from cuelog.cli.app import app, out, state
from cuelog.cli.options import Json, Quiet, command, emit
from cuelog.render import when
from cuelog.wording import care as words

device_app = typer.Typer(help="This computer's name in a journal shared by several devices.", rich_markup_mode=None)
app.add_typer(device_app, name="device")


@command()
def devices(as_json: Json = False) -> None:
    """The devices that wrote to this journal: name, last write, entries.

    Example: cuelog devices
    """
    found = service.devices(state.store)

    def human() -> None:
        o = out()
        if not found:
            o.say(words.NO_DEVICES)
            return
        for d in found:
            last = when(datetime.fromisoformat(d["last_write"]), state.now.date()) if d["last_write"] else words.NEVER
            mark = words.THIS_DEVICE if d["this_device"] else ""
            o.say(
                (d["name"], "bold"),
                mark,
                words.device_line(last, d["entries"], 0 if d["this_device"] else d["deleted"]),
                (f"  [{d['id'][:8]}]", "dim"),
            )

    emit({"devices": found}, as_json, human)


@command("name", group=device_app)
def device_name(
    name: Annotated[str, typer.Argument(metavar="NAME", help="A name for this computer, e.g. laptop, phone.")],
    as_json: Json = False,
    quiet: Quiet = False,
) -> None:
    """Give this computer a name that other devices see.

    Example: cuelog device name laptop
    """
    done = service.name_device(state.store, name)
    emit(
        done,
        as_json,
        lambda: out().say(words.DEVICE_NAMED[0], (done["name"], "bold"), words.DEVICE_NAMED[1]),
        quiet=quiet,
    )
