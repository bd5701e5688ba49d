"""The settings file, ``$XDG_CONFIG_HOME/cuelog/config.toml`` (else
``~/.config/cuelog/config.toml``): flat ``key = value`` lines, read with ``tomllib``.

Settings reach the code the way the environment does: at the start of a command the
CLI overlays the file's values on the process environment under their variable names
(``country`` -> ``CUELOG_COUNTRY``) wherever the environment does not set them, and
takes them out again at the end. So code that reads ``CUELOG_COUNTRY`` from the
environment it is given sees the file's value without knowing about the file, and the
precedence is option > environment > file > default by construction.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, MutableMapping
from pathlib import Path
from typing import NamedTuple

from cuelog.errors import InputError, StoreError
from cuelog.wording import config as words

ON_OFF = ("on", "off")


def _on_off(value: object) -> str | None:
    if isinstance(value, bool):
        return "on" if value else "off"
    text = str(value).strip().lower()
    return {"on": "on", "off": "off", "true": "on", "false": "off", "yes": "on", "no": "off"}.get(text)


def _country(value: object) -> str | None:
    text = str(value).strip().upper()
    return text if re.fullmatch(r"[A-Z]{2}", text) else None


def _units(value: object) -> str | None:
    text = str(value).strip().lower()
    return text if text in ("uk", "us") else None


REDACT_PARTS = ("notes", "people", "relations")


def _redact(value: object) -> str | None:
    words_ = [w.strip().lower() for w in str(value).split(",")]
    if words_ == ["none"]:
        return "none"
    if words_ == ["all"]:
        return "all"
    if all(w in REDACT_PARTS for w in words_):
        return ",".join(dict.fromkeys(words_))
    return None


def _minutes(low: int, high: int) -> Callable[[object], str | None]:
    def check(value: object) -> str | None:
        if isinstance(value, bool):
            return None
        try:
            number = int(str(value).strip())
        except ValueError:
            return None
        return str(number) if low <= number <= high else None

    return check


HOURS = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)\s*-\s*([01]?\d|2[0-3]):([0-5]\d)")


def _hours(value: object) -> str | None:
    text = str(value).strip().lower()
    if text == "off":
        return "off"
    match = HOURS.fullmatch(text)
    if not match:
        return None
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if (h1, m1) == (h2, m2):
        return None
    return f"{h1:02d}:{m1:02d}-{h2:02d}:{m2:02d}"


class Key(NamedTuple):
    variable: str
    default: str | None
    check: Callable[[object], str | None]
    expected: str
    integer: bool = False


KEYS: dict[str, Key] = {
    "country": Key("CUELOG_COUNTRY", None, _country, "a two-letter country code such as GB, US or DE"),
    "units": Key("CUELOG_UNITS", None, _units, "uk or us"),
    "redact": Key("CUELOG_REDACT", "none", _redact, "none, notes, people, relations, all, or a comma list"),
    "daily-safety-item": Key("CUELOG_DAILY_SAFETY_ITEM", "off", _on_off, "on or off"),
    "urge-minutes": Key("CUELOG_URGE_MINUTES", "15", _minutes(1, 120), "a whole number of minutes, 1-120", True),
    "nudges": Key("CUELOG_NUDGES", "off", _on_off, "on or off"),
    "quiet-hours": Key("CUELOG_QUIET_HOURS", "22:00-08:00", _hours, "HH:MM-HH:MM such as 22:00-08:00, or off"),
    "nudge-daily-cap": Key("CUELOG_NUDGE_DAILY_CAP", "2", _minutes(1, 12), "a whole number, 1-12", True),
    "nudge-full-text": Key("CUELOG_NUDGE_FULL_TEXT", "off", _on_off, "on or off"),
}
KNOWN = ", ".join(KEYS)


class Setting(NamedTuple):
    key: str
    value: str | None
    origin: str  # file | environment | default
    where: str | None  # the file's path or the variable's name

    def as_json(self) -> dict:
        return {"value": self.value, "origin": self.origin, "where": self.where, "variable": KEYS[self.key].variable}


def config_path(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_CONFIG_HOME") or ""
    if not os.path.isabs(base):  # the XDG spec: a relative value is ignored
        base = os.path.join(env.get("HOME") or os.path.expanduser("~"), ".config")
    return Path(base) / "cuelog" / "config.toml"


def _line_of(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*(\[\s*)?[\"']?{re.escape(key)}[\"']?\s*[=\].]", line):
            return number
    return None


def read_file(path: Path) -> dict[str, str]:
    """The file's settings, checked, in their environment form ("on", "15", "GB").
    A missing file is empty; anything wrong is an InputError naming the file and line."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(1 << 20)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise InputError(*words.broken_file(str(path), None, exc.strerror or type(exc).__name__)) from None
    import tomllib

    try:
        text = raw.decode("utf-8")
        document = tomllib.loads(text)
    except UnicodeDecodeError:
        raise InputError(*words.broken_file(str(path), None, "it is not UTF-8 text")) from None
    except tomllib.TOMLDecodeError as exc:
        problem = str(exc).split(" (at ", 1)[0]
        raise InputError(
            *words.broken_file(str(path), getattr(exc, "lineno", None) or _at_line(exc), problem)
        ) from None
    found: dict[str, str] = {}
    for key, value in document.items():
        spec = KEYS.get(key)
        if spec is None:
            raise InputError(*words.unknown_key_in_file(str(path), _line_of(text, key), key, KNOWN))
        checked = None if isinstance(value, (dict, list)) else spec.check(value)
        if checked is None:
            raise InputError(*words.bad_value_in_file(str(path), _line_of(text, key), key, spec.expected))
        found[key] = checked
    return found


def _at_line(exc: Exception) -> int | None:
    """Python 3.11 and 3.12 put the line only in the message: "... (at line 3, column 7)"."""
    match = re.search(r"at line (\d+)", str(exc))
    return int(match.group(1)) if match else None


def effective(env: Mapping[str, str], from_file: Mapping[str, str], path: Path) -> list[Setting]:
    """Every setting with where its value comes from: environment, file, default.
    ``env`` is the environment as the process was started (before any overlay)."""
    settings = []
    for key, spec in KEYS.items():
        if env.get(spec.variable, "").strip():
            settings.append(Setting(key, env[spec.variable].strip(), words.ORIGIN_ENVIRONMENT, spec.variable))
        elif key in from_file:
            settings.append(Setting(key, from_file[key], words.ORIGIN_FILE, str(path)))
        else:
            settings.append(Setting(key, spec.default, words.ORIGIN_DEFAULT, None))
    return settings


def value(env: Mapping[str, str], key: str) -> str | None:
    """A setting's value as the code reads it: the environment (where the file's values
    are overlaid), else the default. A bad environment value is an InputError."""
    spec = KEYS[key]
    raw = env.get(spec.variable, "").strip()
    if not raw:
        return spec.default
    checked = spec.check(raw)
    if checked is None:
        raise InputError(*words.bad_variable(spec.variable, raw, spec.expected))
    return checked


def overlay(environ: MutableMapping[str, str]) -> tuple[list[str], InputError | None]:
    """Put the file's settings into ``environ`` where it does not set them. Returns the
    names added (to take out again) and, when the file cannot be used, the problem
    (nothing is added then)."""
    path = config_path(environ)
    try:
        if not path.exists():
            return [], None
        from_file = read_file(path)
    except InputError as exc:
        return [], exc
    added = []
    for key, checked in from_file.items():
        variable = KEYS[key].variable
        if not environ.get(variable, "").strip():
            environ[variable] = checked
            added.append(variable)
    return added, None


def check_key_value(key: str, raw: str | None) -> str | None:
    spec = KEYS.get(key)
    if spec is None:
        raise InputError(*words.unknown_key(key, KNOWN))
    if raw is None:
        return None
    checked = spec.check(raw)
    if checked is None:
        raise InputError(*words.bad_value(key, raw, spec.expected))
    return checked


def _toml_value(key: str, checked: str) -> str:
    if KEYS[key].integer:
        return checked
    return '"' + checked.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write(path: Path, settings: Mapping[str, str]) -> None:
    """The flat file, written whole and atomically: 0600 in a 0700 folder."""
    lines = ["# cuelog settings: cuelog config set KEY VALUE / cuelog config unset KEY", ""]
    lines += [f"{key} = {_toml_value(key, settings[key])}" for key in KEYS if key in settings]
    text = "\n".join(lines) + "\n"
    try:
        write_private_text(path, text)
    except OSError as exc:
        raise StoreError(words.cannot_write(str(path), exc.strerror or type(exc).__name__)) from None


def write_private_text(path: Path, text: str) -> None:
    """``text`` to ``path`` whole or not at all (a temporary file renamed over it),
    the file 0600 and a new folder 0700. OSError when it cannot."""
    import tempfile

    folder = path.parent
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix="." + path.name + "-", suffix=".tmp", dir=folder)
    try:
        os.fchmod(handle, 0o600)
        os.write(handle, text.encode("utf-8"))
        os.fsync(handle)
    finally:
        os.close(handle)
    try:
        os.replace(temp, path)
    except OSError:
        os.unlink(temp)
        raise


def set_value(env: Mapping[str, str], key: str, raw: str) -> tuple[Path, str]:
    checked = check_key_value(key, raw)
    assert checked is not None
    path = config_path(env)
    current = read_file(path)
    current[key] = checked
    write(path, current)
    return path, checked


def unset_value(env: Mapping[str, str], key: str) -> tuple[Path, bool]:
    check_key_value(key, None)
    path = config_path(env)
    current = read_file(path)
    if key not in current:
        return path, False
    del current[key]
    write(path, current)
    return path, True
