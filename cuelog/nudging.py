"""``cuelog nudge``'s work outside the journal: what was shown and any pause, kept on this
device in ``$XDG_STATE_HOME/cuelog/nudges.json`` (0600), not in the synced journal — a
nudge is shown on one device, and another device's timer must not be silenced or doubled
by it; the counsellor report reads the same file through the service. Also the desktop
notification and the timer's unit files (or the crontab line).

The state file keeps one record per journal (by the store's path), so ``--db`` journals
never share their nudges."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

from cuelog.settings import config_path, write_private_text

KEEP_SHOWN = 400  # about a year of nudges at the daily cap of one or two
UNIT = "cuelog-nudge"
NOTIFY_TIMEOUT = 10  # seconds; a notification daemon that hangs must not hold the timer


def state_path(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_STATE_HOME") or ""
    if not os.path.isabs(base):
        base = os.path.join(env.get("HOME") or os.path.expanduser("~"), ".local", "state")
    return Path(base) / "cuelog" / "nudges.json"


def _load(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            doc = json.loads(handle.read(1 << 20))
    except (OSError, ValueError):
        return {"version": 1, "journals": {}}  # missing or damaged: start again (it only remembers nudges)
    if not isinstance(doc, dict) or not isinstance(doc.get("journals"), dict):
        return {"version": 1, "journals": {}}
    return doc


def memory(env: Mapping[str, str], journal: Path) -> dict:
    """{"shown": [{"at", "slot"}...], "snoozed_until": iso or None} for this journal."""
    found = _load(state_path(env))["journals"].get(str(journal), {})
    shown = [s for s in found.get("shown", []) if isinstance(s, dict)] if isinstance(found, dict) else []
    snoozed = found.get("snoozed_until") if isinstance(found, dict) else None
    return {"shown": shown, "snoozed_until": snoozed if isinstance(snoozed, str) else None}


def remember(env: Mapping[str, str], journal: Path, *, shown: dict | None = None, snooze: str | None = "") -> None:
    """Add a shown nudge, and/or set (an ISO time) or clear (None) the pause; "" keeps it."""
    path = state_path(env)
    doc = _load(path)
    record = doc["journals"].setdefault(str(journal), {})
    if not isinstance(record, dict):
        record = doc["journals"][str(journal)] = {}
    if shown is not None:
        record["shown"] = [*[s for s in record.get("shown", []) if isinstance(s, dict)], shown][-KEEP_SHOWN:]
    if snooze != "":
        record["snoozed_until"] = snooze
    write_private_text(path, json.dumps(doc, indent=1, sort_keys=True) + "\n")


def snoozed_until(found: dict) -> datetime | None:
    try:
        return datetime.fromisoformat(found["snoozed_until"]) if found.get("snoozed_until") else None
    except ValueError:
        return None


# -- where it shows ------------------------------------------------------------------------
def graphical(env: Mapping[str, str]) -> bool:
    """A desktop session is there and notify-send can reach it."""
    session = any(env.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS"))
    return session and shutil.which("notify-send", path=env.get("PATH")) is not None


def notify(env: Mapping[str, str], title: str, body: str | None) -> bool:
    """A desktop notification; False when notify-send is missing or does not succeed."""
    program = shutil.which("notify-send", path=env.get("PATH"))
    if program is None:
        return False
    args = [program, "--app-name=cuelog", title] + ([body] if body else [])
    try:
        done = subprocess.run(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=NOTIFY_TIMEOUT,
            check=False,
            env=dict(env),
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


# -- the timer -------------------------------------------------------------------------------
def unit_dir(env: Mapping[str, str]) -> Path:
    return config_path(env).parent.parent / "systemd" / "user"


def _systemd_quote(word: str) -> str:
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%") + '"'


def unit_texts(command: Sequence[str], db: str | None) -> dict[str, str]:
    """The service and the timer: every 15 minutes, the command by its absolute path."""
    environment = f"Environment={_systemd_quote('CUELOG_DB=' + db)}\n" if db else ""
    service = (
        "[Unit]\n"
        "Description=cuelog nudge: your plan at your own high-risk times\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"{environment}"
        f"ExecStart={' '.join(_systemd_quote(w) for w in command)} nudge\n"
    )
    timer = (
        "[Unit]\n"
        "Description=Run cuelog nudge every 15 minutes\n"
        "\n"
        "[Timer]\n"
        "OnCalendar=*:0/15\n"
        "AccuracySec=1min\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )
    return {f"{UNIT}.service": service, f"{UNIT}.timer": timer}


def cron_line(command: Sequence[str], db: str | None) -> str:
    prefix = f"CUELOG_DB={shlex.quote(db)} " if db else ""
    return f"*/15 * * * * {prefix}{' '.join(shlex.quote(w) for w in command)} nudge"


def has_systemd(env: Mapping[str, str]) -> bool:
    return shutil.which("systemctl", path=env.get("PATH")) is not None


def install(env: Mapping[str, str], command: Sequence[str], db: str | None) -> list[Path]:
    folder = unit_dir(env)
    written = []
    for name, text in unit_texts(command, db).items():
        write_private_text(folder / name, text)
        written.append(folder / name)
    return written


def uninstall(env: Mapping[str, str]) -> list[Path]:
    """Remove the unit files and the link ``enable`` made; the paths removed."""
    folder = unit_dir(env)
    removed = []
    for path in (
        folder / "timers.target.wants" / f"{UNIT}.timer",
        folder / f"{UNIT}.timer",
        folder / f"{UNIT}.service",
    ):
        if path.is_symlink() or path.exists():
            path.unlink()
            removed.append(path)
    return removed
