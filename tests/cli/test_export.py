"""export through the real console script: formats, -o, --force, redaction, a real browser."""

import csv
import io
import json
import os
import shutil
import stat
import subprocess

import pytest

from tests.conftest import snapshot


@pytest.fixture
def journal(cuelog):
    cuelog("quit-date", "2026-11-01", "--substance", "cocaine")
    cuelog(
        "craving", "7", "--place", "bar", "--person", "Marguerite", "--note", "zebra words", "--at", "2026-11-09 20:00"
    )
    cuelog("lapse", "--place", "bar", "--person", "marguerite", "--note", "okapi words", "--at", "2026-11-09 23:00")
    cuelog("checkin", "--craving", "4", "--no-used", "--date", "2026-11-10")
    return cuelog


def test_markdown_to_stdout(journal):
    r = journal("export")
    assert r.code == 0 and r.err == ""
    assert r.out.startswith("# ") and "quit date Sun 1 Nov 2026" in r.out.splitlines()[0]


def test_json_is_one_object_and_imports_back(journal, tmp_path):
    r = journal("export", "--format", "json")
    doc = json.loads(r.out)
    assert doc["format_version"] == 1 and len(doc["entries"]) == 3
    other = {"CUELOG_DB": str(tmp_path / "other" / "cuelog.json")}
    imported = journal("import", "-", "--json", stdin=r.out, env=other)
    assert json.loads(imported.out)["added"] == 3
    assert json.loads(imported.out)["by_kind"]["attempts"]["added"] == 1
    assert json.loads(journal("list", "--json", env=other).out) == json.loads(journal("list", "--json").out)
    assert json.loads(journal("import", "-", "--json", stdin=r.out, env=other).out)["added"] == 0


def test_csv_one_row_per_entry(journal):
    rows = list(csv.reader(io.StringIO(journal("export", "--format", "csv").out)))
    assert {"id", "kind", "at", "intensity"} <= set(rows[0])
    assert len(rows) == 4


@pytest.mark.parametrize("fmt", ["markdown", "json", "csv", "html"])
@pytest.mark.parametrize(
    "mode, secrets",
    [("notes", ["zebra", "okapi"]), ("people", ["marguerite"]), ("all", ["zebra", "okapi", "marguerite"])],
)
def test_redaction_through_the_cli(journal, fmt, mode, secrets):
    r = journal("export", "--format", fmt, "--redact", mode)
    assert r.code == 0
    for secret in secrets:
        assert secret not in r.out.lower()


def test_output_file_is_private_and_never_overwritten(journal, tmp_path):
    target = tmp_path / "report.html"
    r = journal("export", "--format", "html", "-o", str(target))
    assert r.code == 0 and r.out == "" and "written" in r.err
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    before = target.read_bytes()
    r = journal("export", "-o", str(target))
    assert r.code == 2 and "already exists" in r.err and "--force" in r.err
    assert target.read_bytes() == before
    assert journal("export", "-o", str(target), "--force").code == 0
    assert target.read_text().startswith("# ")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


@pytest.mark.parametrize(
    "args", [["--format", "pdf"], ["--redact", "names"], ["--since", "2h"], ["-o", "/nonexistent/dir/r.md"]]
)
def test_bad_export_options(journal, db, args):
    before = snapshot(db.parent)
    r = journal("export", *args)
    assert r.code == 2 and r.err.startswith("cuelog: error: ")
    assert snapshot(db.parent) == before


def test_export_of_an_empty_journal(cuelog, db):
    for fmt in ("markdown", "json", "csv", "html"):
        assert cuelog("export", "--format", fmt).code == 0
    assert not db.exists()


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_html_renders_in_a_real_browser(journal, tmp_path):
    page = tmp_path / "report.html"
    journal("export", "--format", "html", "-o", str(page))
    shot = tmp_path / "shot.png"
    proc = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1000,1600",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr[-500:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # a real page, not a blank one
    dom = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            f"--user-data-dir={tmp_path / 'profile2'}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert "Daily peak craving" in dom.stdout and dom.stdout.count("<svg") == 2
