"""The Typer app, what the global options decide, and ``main``: the one place where
errors become a ``cuelog: error:`` line and an exit code."""

from __future__ import annotations

import copy
import gc
import os
import sys
from datetime import datetime
from typing import Annotated

import typer

from cuelog import __version__
from cuelog.errors import CuelogError, InputError, StoreError
from cuelog.render import Output
from cuelog.wording import errors

app = typer.Typer(
    name="cuelog",
    help="A private relapse-prevention journal: log cravings and lapses with their cues.\n\n"
    "In a hard moment, any time: cuelog help-now (or cuelog sos) shows crisis lines, your plans "
    "and your people, and helps you ride out a craving.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    # Plain help: rich-formatted help costs about 100 ms of start-up on every --help.
    rich_markup_mode=None,
)

# Options that work before or after the command's name (cuelog list --db X).
GLOBAL_WITH_VALUE = ("--db", "--passphrase-file")
GLOBAL_FLAGS = ("--debug", "--plain")
GLOBAL_EPILOG = (
    "Global options, before or after the command: --db PATH (the store), "
    "--passphrase-file FILE (an encrypted journal's passphrase), --plain (for screen readers "
    "and dumb terminals; also CUELOG_PLAIN=1 or TERM=dumb), --debug (tracebacks)."
)


class State:
    """What the global options decide, shared by every command."""

    def __init__(self) -> None:
        self.db: str | None = None
        self.passphrase_file: str | None = None
        self.report_passphrase_file: str | None = None  # export --encrypt --passphrase-file
        self.debug = False
        self.plain = False  # --plain: no charts of block characters, arrows or colour; lines of 80 at most
        self.out: Output | None = None
        self._now: datetime | None = None
        self._store = None
        self._store_for: tuple | None = None
        self.state_dir = None  # the demo keeps its device id in its own temp folder
        self.shown: set[str] = set()  # safety notices already shown by this command: each is said once
        self.from_settings: list[str] = []  # variables the settings file added to the environment
        self.stop_said = False  # Ctrl-C: the command said itself what was kept (else main says nothing was)

    @property
    def store(self):
        from cuelog import service

        if self._store is None or self._store_for != (self.db, self.state_dir):
            self._store = service.open_store(self.db, self.passphrase, lambda: self.now, self.state_dir)
            self._store_for = (self.db, self.state_dir)
        return self._store

    def passphrase(self, purpose: str) -> str | None:
        """From --passphrase-file / CUELOG_PASSPHRASE_FILE, else a prompt on a terminal.
        Never from the command line itself, where it would land in shell history.
        ``purpose`` is "open" (an existing key), "backups" (the key of encrypted backups, said
        why once), "again:N" (the last one was wrong, N tries left: None where no person can
        be asked again) or "new" (encrypting: asked twice)."""
        source = self.passphrase_file or os.environ.get("CUELOG_PASSPHRASE_FILE")
        again = purpose.startswith("again:")
        if again and (source or not interactive()):
            return None
        if source:
            try:
                with open(os.path.expanduser(source), encoding="utf-8") as handle:
                    mode = os.fstat(handle.fileno()).st_mode
                    if mode & 0o077:  # as ssh refuses a private key that others can read
                        message, hint = errors.passphrase_file_open_to_others(source, mode & 0o777)
                        raise InputError(message, hint=hint)
                    phrase = handle.readline().rstrip("\r\n")
            except (OSError, UnicodeDecodeError) as exc:
                raise StoreError(errors.passphrase_file_unreadable(source, getattr(exc, "strerror", exc))) from None
            if not phrase:
                raise StoreError(errors.passphrase_file_empty(source))
            return phrase
        if not interactive():
            if purpose == "new":
                message, hint = errors.NO_TERMINAL_FOR_NEW_PASSPHRASE
                raise InputError(message, hint=hint)
            message, hint = errors.NO_PASSPHRASE
            raise StoreError(message, hint=hint)
        import getpass

        from cuelog.service import MIN_PASSPHRASE

        if again:
            print(errors.passphrase_wrong(int(purpose.partition(":")[2])), file=sys.stderr)
        if purpose == "backups" and "backups-why" not in self.shown:
            self.shown.add("backups-why")
            print(errors.BACKUPS_NEED_PASSPHRASE, file=sys.stderr)
        if purpose != "new":
            return getpass.getpass(errors.PASSPHRASE_ASK, stream=sys.stderr)
        for _ in range(3):
            phrase = getpass.getpass(errors.NEW_PASSPHRASE_ASK, stream=sys.stderr)
            if len(phrase) < MIN_PASSPHRASE:
                print(errors.passphrase_too_short(MIN_PASSPHRASE), file=sys.stderr)
                continue
            if getpass.getpass(errors.NEW_PASSPHRASE_AGAIN, stream=sys.stderr) == phrase:
                return phrase
            print(errors.PASSPHRASES_DIFFER, file=sys.stderr)
        raise InputError(errors.PASSPHRASE_NOT_CONFIRMED)

    @property
    def now(self) -> datetime:
        # The one clock read. CUELOG_NOW pins it, for tests and reproducible demos.
        if self._now is None:
            pinned = os.environ.get("CUELOG_NOW")
            try:
                self._now = (datetime.fromisoformat(pinned) if pinned else datetime.now()).astimezone()
            except (ValueError, OverflowError):
                raise InputError(errors.clock_not_iso(repr(pinned))) from None
            if not 1901 <= self._now.year <= 2199:
                raise InputError(errors.clock_out_of_range(repr(pinned)))
        return self._now


state = State()


def out() -> Output:
    if state.out is None:
        state.out = Output(plain=state.plain)
    return state.out


def interactive() -> bool:
    """A person at a terminal can answer. stdin may be a pipe, /dev/null, or closed."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):
        return False


def read_stdin() -> str:
    """All of stdin; closed or unreadable stdin reads as empty."""
    try:
        return sys.stdin.read() if sys.stdin is not None else ""
    except (ValueError, OSError):
        return ""


def _version(value: bool) -> None:
    if value:
        print(f"cuelog {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    db: Annotated[
        str | None,
        typer.Option("--db", metavar="PATH", help="Store file (default: $CUELOG_DB, else the per-user data folder)."),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on unexpected errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    passphrase_file: Annotated[
        str | None,
        typer.Option(
            "--passphrase-file", metavar="FILE", help="Passphrase of an encrypted journal (first line of FILE)."
        ),
    ] = None,
    plain: Annotated[
        bool,
        typer.Option(
            "--plain", help="Plain text for screen readers: no charts, arrows or colour (also CUELOG_PLAIN=1)."
        ),
    ] = False,
) -> None:
    """A private relapse-prevention journal: log cravings and lapses with their cues.

    Example: cuelog craving 6 --place "bus stop" --feeling bored
    """
    state.db = db or state.db
    state.passphrase_file = passphrase_file or state.passphrase_file
    state.plain = plain or state.plain


def _error(message: str, hint: str | None = None, *, kind: str = "error") -> None:
    """One line (and a hint), through the one sanitiser: a message can name a file another
    device chose, and a terminal obeys escape sequences in it."""
    from cuelog.render import message_line

    print(message_line(f"cuelog: {kind}: {message}"), file=sys.stderr)
    if hint:
        print(message_line(f"hint: {hint}"), file=sys.stderr)


def _say_quarantined() -> None:
    """Other devices' files that could not be read, each named once (doctor lists them itself)."""
    from cuelog.render import message_line

    store = state._store
    if store is None or not store.quarantined or store.quarantine_listed:
        return
    for note in store.quarantine_notes():
        print(message_line(f"cuelog: warning: {errors.peer_unreadable(note)}"), file=sys.stderr)


def _saved() -> bool:
    """Whether this command's change reached the disk (its last write committed)."""
    return state._store is not None and state._store.committed


def split_globals(args: list[str]) -> list[str]:
    """Take the global options out of the arguments wherever they stand (before or
    after the command), so `cuelog list --db X` works as `cuelog --db X list` does."""
    rest: list[str] = []
    # `export --encrypt --passphrase-file FILE`: after export, that file is the report's
    # passphrase (the journal's comes before the command, from CUELOG_PASSPHRASE_FILE or unlock).
    report_file = "export" in args and "--encrypt" in args
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        name, eq, value = arg.partition("=")
        if name in GLOBAL_WITH_VALUE:
            if not eq:
                if i + 1 >= len(args):
                    message, hint = errors.needs_a_value(name)
                    raise InputError(message, hint=hint)
                value = args[i + 1]
                i += 1
            after = report_file and i > args.index("export")
            setattr(state, "db" if name == "--db" else "report_passphrase_file" if after else "passphrase_file", value)
        elif arg == "--plain":
            state.plain = True
        elif arg in GLOBAL_FLAGS:
            state.debug = True
        else:
            rest.append(arg)
        i += 1
    return rest


def _app_for(args: list[str]) -> typer.Typer:
    """The app with only the command being run, its module the only one imported. Typer
    builds the parameters of every registered command on each start, about 25 ms for all
    of ours, and importing every command module costs some 15 ms more; one is enough."""
    from cuelog.cli import commands

    name = next((a for a in args if not a.startswith("-")), None)
    # Shell completion, the help and an unknown name (which gets suggestions) need them all.
    if any(key.endswith("_COMPLETE") for key in os.environ) or not commands.load(name):
        commands.load_all()
        return app
    commands_ = [
        c
        for c in app.registered_commands
        if name in ((c.name or c.callback.__name__.replace("_", "-")), *getattr(c.callback, "aliases", ()))
    ]
    groups = [g for g in app.registered_groups if g.name == name]
    if not (commands_ or groups):
        commands.load_all()
        return app
    lean = copy.copy(app)
    lean.registered_commands, lean.registered_groups = commands_, groups
    return lean


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and turn every error into one line on stderr and an exit code."""
    state.__init__()  # a fresh start (tests call main many times in one process); modules hold this object
    args = sys.argv[1:] if argv is None else list(argv)
    debug = "--debug" in args
    if sys.stdin is None:  # started with stdin closed (some service managers do): as /dev/null
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115
    # A short-lived process: reference counting frees what we make, and the cyclic
    # collector would otherwise rescan every loaded entry again and again (an
    # all-time summary of 40,000 entries spends more than half its time there).
    collecting = gc.isenabled()
    gc.disable()
    try:
        args = split_globals(args)
        if not args:
            args = ["--help"]
        _apply_settings(
            next((a for a in args if not a.startswith("-")), None), asks_help="--help" in args or "-h" in args
        )
        result = _app_for(args)(args=args, prog_name="cuelog", standalone_mode=False)
        _say_quarantined()
        if result == 130 and not state.stop_said:  # Typer turns Ctrl-C into 130, silently
            print(errors.STOPPED_AFTER_SAVING if _saved() else errors.STOPPED, file=sys.stderr)
        return result if isinstance(result, int) else 0
    except CuelogError as exc:
        _say_quarantined()
        if _saved():  # a script that saw a failure would log it again
            _error(*errors.saved_but(exc.message), kind="warning")
            return 0
        _error(exc.message, exc.hint)
        return exc.exit_code
    except typer.TyperException as exc:  # usage errors from the parser
        name = getattr(exc, "option_name", None) or ""
        if name[1:].isdigit():  # `cuelog craving -1`: a number, not an option
            _error(*errors.intensity_out_of_range(name))
            return 2
        _error(exc.format_message(), errors.SEE_HELP)
        return exc.exit_code
    except typer.Exit as exc:
        _say_quarantined()
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt, EOFError):
        print(errors.STOPPED_AFTER_SAVING if _saved() else errors.STOPPED, file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away; nothing more to say
        return 0 if _saved() else 1
    except Exception as exc:
        if debug:
            raise
        # Only the type: messages and locals may hold journal text.
        _say_quarantined()
        if _saved():
            _error(*errors.saved_but(errors.unexpected(type(exc).__name__)[0]), kind="warning")
            return 0
        _error(*errors.unexpected(type(exc).__name__))
        return 1
    finally:
        for variable in state.from_settings:  # a test runs main many times in one process
            os.environ.pop(variable, None)
        if collecting:
            gc.enable()


# Commands that go on when the settings file is broken: help does not wait for a file.
WITHOUT_SETTINGS = ("help-now", "sos")


def _apply_settings(command: str | None, *, asks_help: bool = False) -> None:
    """The settings file's values join the environment where it does not set them
    (option > environment > file > default); a broken file stops the command with one
    line naming the file and line, except help-now, which warns and goes on (and
    config, which says what is wrong itself, and --help and --version, which need none)."""
    from cuelog import settings

    state.from_settings, problem = settings.overlay(os.environ)
    if problem is None or command in (None, "config") or asks_help:
        return
    if command in WITHOUT_SETTINGS:
        from cuelog.wording import config as config_words

        print(config_words.still_helping(problem.message), file=sys.stderr)
        return
    raise problem
