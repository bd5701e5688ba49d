import fcntl
import json
import os
import stat
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from cuelog import store as store_mod
from cuelog.errors import StoreError
from cuelog.store import Store, resolve_path
from tests.conftest import head_of, month_file, snapshot
from tests.factories import make_entry

CET = timezone(timedelta(hours=1))


def _entry(at, **kw):
    return make_entry(at, place=["bar"], **kw)


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "data" / "cuelog.json", lock_timeout=0.3)


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_first_write_creates_private_files(store):
    with store.write() as j:
        j.add(_entry(datetime(2026, 11, 10, 21, 0, tzinfo=CET)))
    assert mode(store.path.parent) == 0o700
    assert mode(store.path) == 0o600
    assert mode(store.data_dir) == 0o700
    folder = month_file(store.path, "2026-11").parent
    assert mode(folder) == 0o700
    assert mode(folder / "head.json") == 0o600
    assert mode(month_file(store.path, "2026-11")) == 0o600
    assert mode(store.lock_path) == 0o600
    main = json.loads(store.path.read_text())
    assert main["meta"]["1"]["schema_version"] == store_mod.SCHEMA_VERSION


def test_existing_folder_keeps_its_mode(tmp_path):
    tmp_path.chmod(0o755)
    s = Store(tmp_path / "cuelog.json")
    with s.write() as j:
        j.add(_entry(datetime(2026, 11, 10, 21, 0, tzinfo=CET)))
    assert mode(tmp_path) == 0o755
    assert mode(s.path) == 0o600


def test_reading_never_creates(store):
    journal = store.read()
    assert journal.entries() == [] and journal.attempts() == []
    assert not store.path.parent.exists()


def test_one_file_per_month(store):
    with store.write() as j:
        for month in (1, 2, 11):
            j.add(_entry(datetime(2025, month, 3, 9, 0, tzinfo=CET)))
    assert sorted(head_of(store.path)["months"]) == ["2025-01", "2025-02", "2025-11"]


def test_a_write_touches_only_its_month(store):
    with store.write() as j:
        j.add(_entry(datetime(2025, 1, 3, 9, 0, tzinfo=CET)))
    january = month_file(store.path, "2025-01")
    content = january.read_bytes()
    with store.write() as j:
        j.add(_entry(datetime(2026, 11, 3, 9, 0, tzinfo=CET)))
    assert month_file(store.path, "2025-01") == january and january.read_bytes() == content


def test_range_reads_only_needed_months(store, monkeypatch):
    with store.write() as j:
        for month in range(1, 13):
            j.add(_entry(datetime(2025, month, 15, 9, 0, tzinfo=CET)))
    seen = []
    real = store_mod.read_bytes
    monkeypatch.setattr(store_mod, "read_bytes", lambda p: seen.append(p.name) or real(p))
    got = store.read().entries(since=datetime(2025, 11, 1, tzinfo=CET))
    assert [e.at.month for e in got] == [11, 12]
    months = sorted(name.split(".")[0] for name in seen if name[:4].isdigit())
    assert months == ["2025-10", "2025-11", "2025-12"]


def test_error_inside_write_changes_nothing(store):
    with store.write() as j:
        j.add(_entry(datetime(2026, 11, 10, 21, 0, tzinfo=CET)))
    before = snapshot(store.path.parent)
    with pytest.raises(RuntimeError):
        with store.write() as j:
            j.add(_entry(datetime(2026, 11, 11, 21, 0, tzinfo=CET)))
            raise RuntimeError("boom")
    assert snapshot(store.path.parent) == before


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b"[]",
        b"{}",
        b'{"_default": {}}',
        b'{"meta": {"1": {"app": "other"}}}',
        b'{"meta": {"1": {"app": "cuelog"}}}',
        b"\xff\xfe",
    ],
)
def test_unreadable_or_foreign_main_is_refused(store, content):
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(content)
    with pytest.raises(StoreError) as err:
        store.read()
    assert str(store.path) in err.value.message
    with pytest.raises(StoreError):
        with store.write() as j:
            j.add(_entry(datetime(2026, 11, 10, 21, 0, tzinfo=CET)))
    assert store.path.read_bytes() == content


def test_newer_schema_refused(store):
    store.path.parent.mkdir(parents=True)
    content = json.dumps({"meta": {"1": {"app": "cuelog", "schema_version": 99}}}).encode()
    store.path.write_bytes(content)
    with pytest.raises(StoreError, match="newer"):
        store.read()
    assert store.path.read_bytes() == content


def test_corrupt_month_refused(store):
    with store.write() as j:
        j.add(_entry(datetime(2026, 11, 10, 21, 0, tzinfo=CET)))
    shard = month_file(store.path, "2026-11")
    shard.write_bytes(b'{"entries": {"1": {"id": "x"}}}')
    with pytest.raises(StoreError, match="2026-11"):
        store.read().entries()
    shard.write_bytes(b"{trunc")
    with pytest.raises(StoreError, match=shard.name):
        with store.write() as j:
            j.add(_entry(datetime(2026, 11, 12, 21, 0, tzinfo=CET)))
    assert shard.read_bytes() == b"{trunc"


def test_an_edit_moving_months_leaves_one_entry_and_the_newer_copy_wins(store):
    old = _entry(datetime(2026, 10, 31, 21, 0, tzinfo=CET))
    new = replace(old, at=datetime(2026, 11, 1, 9, 0, tzinfo=CET), edited_at=old.at + timedelta(days=3))
    with store.write() as j:
        j.add(old)
    with store.write() as j:
        j.replace(j.find(old.id), new)
    [found] = store.read().entries()
    assert found.at == new.at and found.rev == 1
    with store.write() as j:
        j.remove(j.find(old.id[:6]))
    assert store.read().entries() == []


def test_find_by_prefix(store):
    a = _entry(datetime(2026, 11, 10, 21, 0, tzinfo=CET), id="abcd1111")
    b = _entry(datetime(2026, 11, 10, 22, 0, tzinfo=CET), id="abcd2222")
    with store.write() as j:
        j.add(a)
        j.add(b)
    assert store.read().find("abcd1") == a
    assert store.read().find("ABCD2") == b
    from cuelog.errors import InputError

    for bad in ("abc", "abcd", "zzzz"):
        with pytest.raises(InputError):
            store.read().find(bad)


def test_lock_timeout_is_a_store_error(store):
    with store.write() as j:
        j.add(_entry(datetime(2026, 11, 10, 21, 0, tzinfo=CET)))
    fd = os.open(store.lock_path, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        before = snapshot(store.path.parent)
        with pytest.raises(StoreError, match="locked"):
            with store.write() as j:
                j.add(_entry(datetime(2026, 11, 11, 21, 0, tzinfo=CET)))
        assert snapshot(store.path.parent) == before
    finally:
        os.close(fd)


def test_resolve_path(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CUELOG_DB", raising=False)
    assert resolve_path(None) == tmp_path / "xdg" / "cuelog" / "cuelog.json"
    monkeypatch.setenv("CUELOG_DB", str(tmp_path / "env.json"))
    assert resolve_path(None) == tmp_path / "env.json"
    assert resolve_path(str(tmp_path / "opt.json")) == tmp_path / "opt.json"


@pytest.mark.parametrize(
    "name, conflict",
    [
        ("2026-11.3.sync-conflict-20261127-101500-ABCDEF1.json", True),  # Syncthing
        ("head.sync-conflict-20261127-101500-ABCDEF1.json", True),
        ("2026-11.3 (conflicted copy 2026-11-27 101500).json", True),  # Nextcloud
        ("head (Sam's conflicted copy 2026-11-27).json", True),  # Dropbox
        ("head (Sam's conflicted copy 2026-11-27) (1).json", True),
        ("2026-11.3.json", False),
        ("head.json", False),
        ("notes (copy).json", False),
    ],
)
def test_conflict_copy_names_of_each_sync_tool(name, conflict):
    from cuelog.store.doctor import CONFLICT

    assert bool(CONFLICT.fullmatch(name)) is conflict
