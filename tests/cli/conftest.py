"""Fixtures the command-line tests share (the store, the clock and the two ways to run
cuelog are in tests/conftest.py; builders in tests/factories.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

PASSPHRASE = "correct horse battery"


@pytest.fixture
def passphrase_file(tmp_path) -> Path:
    """A file holding ``PASSPHRASE``, for ``--passphrase-file``."""
    path = tmp_path / "pass"
    path.write_text(PASSPHRASE + "\n")
    path.chmod(0o600)  # cuelog refuses a passphrase file others can read
    return path
