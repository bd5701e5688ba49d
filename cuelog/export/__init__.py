"""Export formats, as a registry in the manner of jrnl's exporters. Pure: a report dict in, text out.

A format is one module in this package that declares ``FORMAT = Format(...)``: its
name, the file extensions it owns, whether it needs the report's entries (and its
analysis), and its renderer. The registry finds such modules itself, so adding a format is adding a file.

    >>> fmt = find_format(path="report.HTML")
    >>> fmt.name, fmt.needs_entries
    ('html', False)
    >>> find_format("md").name
    'markdown'
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import PurePath
from typing import NamedTuple

from cuelog.errors import InputError
from cuelog.wording import errors

DEFAULT = "markdown"
# Extensions that say "text" without naming a format: the default format is written.
PLAIN_TEXT_EXTENSIONS = (".txt", ".text")


# A named tuple: defined several times faster than a frozen dataclass, on every start.
class Format(NamedTuple):
    name: str
    extensions: tuple[str, ...]  # lower case, with the dot: (".md", ".markdown")
    render: Callable[[dict], str]
    needs_entries: bool = False  # the report must carry every entry (build it with with_entries=True)
    aliases: tuple[str, ...] = ()
    # The same text in pieces, for formats that can be long (every entry of ten years):
    # written out piece by piece, the whole never has to be held at once.
    pieces: Callable[[dict], Iterable[str]] | None = None
    # False for a format that writes only the entries (CSV): the analysis is not made for it.
    needs_analysis: bool = True

    def chunks(self, report: dict) -> Iterable[str]:
        return self.pieces(report) if self.pieces is not None else (self.render(report),)


@cache
def registry() -> dict[str, Format]:
    """Every format, the default first and the rest by name."""
    found: dict[str, Format] = {}
    for module in pkgutil.iter_modules(__path__):
        fmt = getattr(importlib.import_module(f"{__name__}.{module.name}"), "FORMAT", None)
        if isinstance(fmt, Format):
            for key in (fmt.name, *fmt.aliases):
                if key in found:
                    raise RuntimeError(f"two export formats are called {key!r}")
                found[key] = fmt
    formats = {f.name: f for f in found.values()}
    return dict(sorted(formats.items(), key=lambda kv: (kv[0] != DEFAULT, kv[0])))


def choices() -> str:
    """``markdown (md), csv, html, json``: for messages and help."""
    return ", ".join(f"{f.name} ({', '.join(f.aliases)})" if f.aliases else f.name for f in registry().values())


def find_format(name: str | None = None, path: str | None = None) -> Format:
    """The format called ``name`` (any case, aliases too); else the one that owns the
    extension of ``path``; else Markdown. An unknown name, or an extension that names
    another kind of file (``report.pdf``), is an :class:`InputError` listing the choices."""
    formats = registry()
    if name is not None:
        key = name.strip().lower()
        for fmt in formats.values():
            if key == fmt.name or key in fmt.aliases:
                return fmt
        raise InputError(errors.unknown_export_format(name, choices()))
    if path and path != "-":
        suffix = PurePath(path).suffix.lower()
        for fmt in formats.values():
            if suffix in fmt.extensions:
                return fmt
        if suffix and suffix not in PLAIN_TEXT_EXTENSIONS:
            extensions = ", ".join(e for f in formats.values() for e in f.extensions)
            message, hint = errors.export_format_from_file_name(PurePath(path).name, choices(), extensions)
            raise InputError(message, hint=hint)
    return formats[DEFAULT]


def render(report: dict, fmt: str) -> str:
    """The report as text in the format named ``fmt``."""
    return find_format(fmt).render(report)


def __getattr__(name: str):
    # FORMATS is computed on first use, so importing the package stays cheap.
    if name == "FORMATS":
        return tuple(registry())
    raise AttributeError(name)
