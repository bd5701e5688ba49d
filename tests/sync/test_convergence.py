"""Devices that write, edit, delete and undo while apart, synced by simulated sync
tools (Syncthing, last-writer-wins, delayed and reordered delivery, git), converge
on one journal that loses nothing: every entry written anywhere is on every device
exactly once with its newest content, every deletion stays, each undo reverted its
own device's last change, and ``list --json`` is byte-identical everywhere.

Hypothesis draws the interleavings: two or three devices, up to eight operations,
exchanges between them, and (delayed) the order in which files arrive and which
are held back. Every example runs the installed ``cuelog`` script, so the counts
are kept small; ``CUELOG_SYNC_EXAMPLES`` (the total across the eight variants,
default 200) raises them for a long run.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, note, seed, settings
from hypothesis import strategies as st

from tests.sync.simulator import AT_CHOICES, CHECKIN_DATES, QUIT_DATES, Cluster, make_template

VARIANTS = [(engine, mode) for engine in ("syncthing", "lww", "delayed", "git") for mode in ("plain", "encrypted")]
TOTAL = int(os.environ.get("CUELOG_SYNC_EXAMPLES", "200"))
PER_VARIANT = max(1, -(-TOTAL // len(VARIANTS)))
MAX_OPS = 8
# Shrinking a failure re-runs cuelog hundreds of times; a failing example of eight
# operations reads well as it is. CUELOG_SYNC_SHRINK=1 shrinks anyway.
PHASES = list(Phase) if os.environ.get("CUELOG_SYNC_SHRINK") else [Phase.explicit, Phase.generate]


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    made = {}

    def get(mode: str):
        if mode not in made:
            made[mode] = make_template(tmp_path_factory.mktemp(f"template-{mode}"), mode == "encrypted")
        return made[mode]

    return get


def operations(tables: bool):
    """Entry operations; plans and quit dates only in some examples (checking them
    costs one more command per device)."""
    entries = [
        st.tuples(st.just("craving"), st.integers(0, 10)),
        st.tuples(st.just("edit"), st.integers(0, 20), st.none() | st.sampled_from(AT_CHOICES)),
        st.tuples(st.just("edit"), st.integers(0, 20), st.none()),
        st.tuples(st.just("delete"), st.integers(0, 20)),
        st.just(("undo",)),
        st.tuples(st.just("checkin"), st.sampled_from(CHECKIN_DATES), st.booleans()),
    ]
    rows = [st.just(("plan",)), st.tuples(st.just("quit"), st.sampled_from(QUIT_DATES))]
    return st.one_of(*entries, *(rows if tables else []))


@st.composite
def scenarios(draw, plain: bool):
    """(devices, late joiners, steps): each step runs an operation on a device, after
    an exchange between two devices or none."""
    n = draw(st.sampled_from([2, 2, 3]))
    names = "ABC"[:n]
    tables = draw(st.booleans())
    late = draw(st.sets(st.sampled_from(names[1:]))) if plain else set()
    pair = st.sampled_from([(a, b) for i, a in enumerate(names) for b in names[i + 1 :]])
    steps = draw(
        st.lists(
            st.tuples(st.none() | pair, st.sampled_from(names), operations(tables)),
            min_size=1,
            max_size=MAX_OPS,
        )
    )
    return n, sorted(late), steps


def run_scenario(root: Path, template, engine: str, scenario, seed: int) -> dict:
    n, late, steps = scenario
    cluster = Cluster(root, template, devices=n, engine=engine, rng=random.Random(seed), late=late)
    try:
        phase: list = []
        for pair, device, op in steps:
            if pair is not None:
                cluster.run_phase(phase)
                phase = []
                cluster.sync(*pair)
            phase.append((device, op))
        cluster.run_phase(phase)
        return cluster.settle()
    finally:
        note("\n".join(cluster.log))


@pytest.mark.parametrize("engine,mode", VARIANTS)
def test_devices_apart_converge_and_lose_nothing(engine, mode, templates, tmp_path):
    if engine == "git" and shutil.which("git") is None:
        pytest.skip("git is not installed")
    template = templates(mode)

    @settings(
        max_examples=PER_VARIANT,
        deadline=None,
        database=None,
        phases=PHASES,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @seed(zlib.crc32(f"{engine} {mode}".encode()))  # each variant its own examples, the same on every run
    @given(scenario=scenarios(plain=mode == "plain"), rng_seed=st.integers(0, 2**16))
    def check(scenario, rng_seed):
        root = Path(tempfile.mkdtemp(dir=tmp_path))
        run_scenario(root, template, engine, scenario, rng_seed)
        shutil.rmtree(root, ignore_errors=True)

    check()
