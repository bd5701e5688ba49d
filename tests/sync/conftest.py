"""Shared by the sync tests: one template journal per mode, made once per module."""

from __future__ import annotations

import pytest

from tests.sync.simulator import make_template


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    """``templates("plain")`` or ``templates("encrypted")``: a seeded store that each
    example copies for its devices, made on first use."""
    made = {}

    def get(mode: str):
        if mode not in made:
            made[mode] = make_template(tmp_path_factory.mktemp(f"template-{mode}"), mode == "encrypted")
        return made[mode]

    return get
