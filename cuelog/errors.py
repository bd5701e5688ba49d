"""Errors that carry their exit code; only cli.py prints them."""


class CuelogError(Exception):
    """Base error: a readable message, an exit code, an optional hint line."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InputError(CuelogError):
    """Bad usage or bad input: nothing was written."""

    exit_code = 2


class StoreError(CuelogError):
    """The store cannot be read or written safely."""

    exit_code = 1


# The hint of a store that cannot be read as it is (said by the store, which keeps no wording).
DOCTOR_HINT = "run 'cuelog doctor' to see what is wrong, and 'cuelog doctor --restore' to put a backup back"
