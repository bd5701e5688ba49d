"""Named sync scenarios, each one interleaving that once went wrong or that the
design must survive, run through the simulator with the same checks as the
property tests (tests/sync/test_convergence.py)."""

from __future__ import annotations

import pytest

from tests.sync.simulator import Cluster

MOVE = "2026-10-12 08:30"


@pytest.mark.parametrize("engine", ["syncthing", "git"])
def test_a_delete_after_a_move_crossed_an_edit_stays_deleted(engine, templates, tmp_path):
    """A moves an entry to October while B edits its note in November; after they sync
    the entry is in two months (each device's version wins in its month). A delete
    must remove it from both, not only from the month of the version it found."""
    c = Cluster(tmp_path, templates("plain"), devices=2, engine=engine)
    c.do("A", ("edit", "seed in November", MOVE))
    c.do("B", ("edit", "seed in November", None))
    c.sync("A", "B")
    c.do("A", ("delete", "note 2 by B"))
    c.settle()


@pytest.mark.parametrize("mode", ["plain", "encrypted"])
def test_an_edit_after_a_sync_wins_over_older_edits_on_both_sides(mode, templates, tmp_path):
    c = Cluster(tmp_path, templates(mode), devices=3, engine="syncthing")
    c.do("A", ("edit", "seed in October", None))
    c.do("B", ("edit", "seed in October", None))
    c.do("B", ("edit", "note 2 by B", None))
    c.sync("A", "B")
    c.do("A", ("edit", "note 3 by B", None))  # B's second edit won (rev 2); A edits that
    c.sync("B", "C")
    c.do("C", ("edit", "note 3 by B", None))  # C has not seen A's newest: concurrent with it
    c.settle()
