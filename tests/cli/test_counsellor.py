"""The counsellor's report as it travels (issue 29), through the installed script: the agenda,
--since-last across two exports, a sealed HTML page opened in headless Chromium (the passphrase
typed through the page, a wrong one refused), --to and --encrypt age files opened with the
``age`` tool, and an axe-core audit of the report and of the lock page with zero violations."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from cuelog.export import sealed
from tests.export.cdp import CHROMIUM, Browser

PASSPHRASE = "pebble lantern otter quill maple"
NOTES = ("okapi words", "zebra words", "kestrel plan words")
AGE = shutil.which("age")
AGE_KEYGEN = shutil.which("age-keygen")
AXE_DIR = Path(os.environ.get("CUELOG_AXE_DIR", Path.home() / ".cache" / "cuelog-axe"))
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
needs_age = pytest.mark.skipif(AGE is None or AGE_KEYGEN is None, reason="age is not installed (apt-get install age)")


@pytest.fixture
def journal(cuelog):
    cuelog("quit-date", "2026-11-01")
    cuelog("craving", "7", "--place", "bar", "--note", NOTES[1], "--at", "2026-11-09 20:00")
    cuelog("lapse", "--place", "bar", "--note", NOTES[0], "--at", "2026-11-09 23:00", "--quiet")
    cuelog("checkin", "--craving", "4", "--no-used", "--feeling", "tired", "--date", "2026-11-10")
    return cuelog


@pytest.fixture
def passfile(tmp_path) -> Path:
    path = tmp_path / "report-passphrase"
    path.write_text(PASSPHRASE + "\n")
    path.chmod(0o600)
    return path


# -- the agenda ------------------------------------------------------------------------------
def test_agenda_is_the_first_thing_in_the_report_and_done_clears_it(journal):
    added = journal("agenda", "add", "the weekend at my brother's", "--json").json()
    journal("agenda", "add", "sleep")
    listed = journal("agenda", "list", "--json").json()
    assert [r["text"] for r in listed] == ["the weekend at my brother's", "sleep"]
    report = journal("export").out
    headings = [line for line in report.splitlines() if line.startswith("## ")]
    assert headings[0] == "## What I want to talk about"
    assert report.index("the weekend at my brother") < report.index("## Period and completeness")
    done = journal("agenda", "done", added["id"][:6])
    assert done.code == 0
    assert [r["text"] for r in journal("agenda", "list", "--json").json()] == ["sleep"]
    assert "the weekend at my brother" not in journal("export").out
    assert journal("agenda", "done", "zzzz").code == 2
    assert journal("agenda", "add", "  ").code == 2


def test_agenda_text_is_left_out_with_redact_notes(journal):
    journal("agenda", "add", "the weekend at my brother's")
    out = journal("export", "--redact", "notes").out
    assert "brother" not in out and "its text was left out" in out


# -- what changed since the last report --------------------------------------------------------
def test_since_last_across_two_exports(journal):
    first = journal("export", "--since-last", "--for", "Dr Adler")
    assert "first report to Dr Adler" in first.text
    later = {"CUELOG_NOW": "2026-11-29T18:00:00+01:00"}
    journal("craving", "5", "--at", "2026-11-25 10:00", env=later)
    journal("lapse", "--intensity", "6", "--at", "2026-11-26 21:00", "--quiet", env=later)
    second = journal("export", "--since-last", "--for", "Dr Adler", env=later)
    assert second.code == 0
    lines = second.out.splitlines()
    assert "## Since the last report to Dr Adler" in lines
    row = {cells[1].strip(): cells[2].strip() for cells in (line.split("|") for line in lines) if len(cells) > 3}
    assert row["Cravings"] == "1" and row["Lapses"] == "1" and row["Days with use"] == "1"
    assert "7 days ago" in second.text
    # Each counsellor is remembered apart.
    other = journal("export", "--since-last", "--for", "group", env=later)
    assert "first report to group" in other.text
    # Without --since-last there is no such section.
    assert "Since the last report" not in journal("export", env=later).out


# -- the sealed page -------------------------------------------------------------------------------
def test_encrypted_html_is_0600_and_holds_no_note_in_the_clear(journal, tmp_path, passfile):
    target = tmp_path / "report.html"
    r = journal("export", "--encrypt", "--passphrase-file", str(passfile), "-o", str(target))
    assert r.code == 0, r.err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    page = target.read_text()
    for note in NOTES[:2]:
        assert note not in page
    # Nothing of the report in the clear (random base64 may spell a short word, so whole phrases).
    for phrase in ("Period and completeness", "Use calendar", "quit date Sun 1 Nov", "place: bar"):
        assert phrase not in page
    assert "http://" not in page and "https://" not in page and "src=" not in page
    data = sealed.sealed_data(page)
    assert data["iterations"] >= 600_000 and data["kdf"] == "PBKDF2-SHA256"
    inner = sealed.unseal(data, PASSPHRASE)
    assert NOTES[0] in inner and "<main>" in inner
    assert "never in the same message" in " ".join(r.err.split())


def test_encrypt_refuses_without_a_terminal_or_file_and_a_file_others_can_read(journal, tmp_path, passfile):
    target = tmp_path / "report.html"
    r = journal("export", "--encrypt", "-o", str(target))
    assert r.code == 2 and "--passphrase-file" in r.err and not target.exists()
    passfile.chmod(0o644)
    r = journal("export", "--encrypt", "--passphrase-file", str(passfile), "-o", str(target))
    assert r.code == 2 and "chmod 600" in r.err and not target.exists()
    passfile.chmod(0o600)
    r = journal("export", "--encrypt", "--to", "age1nope", "-o", str(target))
    assert r.code == 2 and not target.exists()


@needs_chromium
def test_encrypted_report_opens_in_chromium_with_the_passphrase_only(journal, tmp_path, passfile):
    target = tmp_path / "report.html"
    journal("agenda", "add", "the weekend at my brother's")
    assert journal("export", "--encrypt", "--passphrase-file", str(passfile), "-o", str(target)).code == 0
    with Browser() as browser:
        page = browser.open(target)
        # the field takes the focus once the page has run its script (later on a busy machine)
        page.wait_for("document.activeElement !== null && document.activeElement.id === 'passphrase'", 60)
        page.type("pebble lantern otter quill")  # one word short
        page.wait_for("document.getElementById('status').textContent.includes('does not open')", 60)
        shown = page.evaluate("document.body.innerText")
        assert "does not open this report" in shown
        assert NOTES[0] not in shown and "brother" not in shown and "Lapses" not in shown
        page.type(PASSPHRASE)
        page.wait_for("document.querySelector('main section h2') !== null", 60)
        text = page.evaluate("document.body.innerText")
        assert NOTES[0] in text and "the weekend at my brother's" in text
        assert text.index("What I want to talk about") < text.index("Period and completeness")
        assert page.console_errors() == []


# -- age files --------------------------------------------------------------------------------
@needs_age
def test_to_recipient_opens_with_the_age_tool(journal, tmp_path):
    key = tmp_path / "counsellor.key"
    subprocess.run([AGE_KEYGEN, "-o", str(key)], check=True, capture_output=True)
    recipient = subprocess.run([AGE_KEYGEN, "-y", str(key)], check=True, capture_output=True, text=True).stdout.strip()
    target = tmp_path / "report.md.age"
    r = journal("export", "--to", recipient, "-o", str(target))
    assert r.code == 0, r.err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    raw = target.read_text()
    assert raw.startswith("-----BEGIN AGE ENCRYPTED FILE-----") and NOTES[0] not in raw
    opened = subprocess.run([AGE, "-d", "-i", str(key), str(target)], check=True, capture_output=True, text=True)
    assert opened.stdout.startswith("# cuelog report") and NOTES[0] in opened.stdout
    # JSON to stdout (no terminal there), opened the same way.
    doc = journal("export", "--format", "json", "--to", recipient)
    plain = subprocess.run([AGE, "-d", "-i", str(key)], input=doc.out, check=True, capture_output=True, text=True)
    assert json.loads(plain.stdout)["format"] == "cuelog-report"


@needs_age
def test_encrypt_with_markdown_is_an_age_passphrase_file(journal, tmp_path, passfile):
    target = tmp_path / "report.md.age"
    r = journal("export", "--encrypt", "--format", "markdown", "--passphrase-file", str(passfile), "-o", str(target))
    assert r.code == 0, r.err
    assert NOTES[0] not in target.read_text()
    # age reads a passphrase only from a terminal: give it one with script(1).
    script = shutil.which("script")
    if script is None:
        pytest.skip("script(1) is not installed to give age a terminal")
    opened = subprocess.run(
        [script, "-qec", f"age -d -o {tmp_path / 'out.md'} {target}", "/dev/null"],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert opened.returncode == 0, opened.stdout + opened.stderr
    assert NOTES[0] in (tmp_path / "out.md").read_text()


# -- accessibility -----------------------------------------------------------------------------
def _axe_source() -> str:
    found = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
    if not found.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed, so axe-core cannot be fetched")
        done = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--prefix", str(AXE_DIR), "axe-core@4"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0 or not found.exists():
            pytest.skip(f"axe-core could not be installed from the npm registry: {done.stderr.strip()[-200:]}")
    return found.read_text()


AXE_RUN = """(async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(" "))}));
})()"""


@needs_chromium
def test_axe_core_finds_no_violation_in_the_lock_page_or_the_report(journal, tmp_path, passfile):
    axe = _axe_source()
    journal("agenda", "add", "sleep")
    journal("export", "--since-last")
    target = tmp_path / "report.html"
    later = {"CUELOG_NOW": "2026-11-29T18:00:00+01:00"}
    journal("export", "--encrypt", "--since-last", "--passphrase-file", str(passfile), "-o", str(target), env=later)
    with Browser() as browser:
        page = browser.open(target)
        page.evaluate(axe)
        assert page.evaluate(AXE_RUN) == []
        page.type(PASSPHRASE)
        page.wait_for("document.querySelector('main section h2') !== null", 60)
        assert page.evaluate("document.querySelectorAll('main').length") == 1
        page.evaluate(axe)
        assert page.evaluate(AXE_RUN) == []


# -- on a terminal -------------------------------------------------------------------------------
def test_encrypt_on_a_terminal_suggests_words_and_asks_twice(journal, tmp_path):
    pexpect = pytest.importorskip("pexpect")
    from tests.conftest import CUELOG

    target = tmp_path / "report.html"
    child = pexpect.spawn(
        CUELOG, ["export", "--encrypt", "-o", str(target)], env={**os.environ}, encoding="utf-8", timeout=60
    )
    child.expect("random words")
    child.expect(r"\n\s+([a-z]+(?: [a-z]+){5})\r?\n")
    suggested = child.match.group(1)
    child.expect("Enter to use the one above")
    child.sendline("")  # the suggestion
    child.expect("again")
    child.sendline("not the same words")
    child.expect("did not match")
    child.expect("Enter to use the one above")
    child.sendline("")
    child.expect("again")
    child.sendline(suggested)
    child.expect("never in the same message")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert NOTES[0] in sealed.unseal(sealed.sealed_data(target.read_text()), suggested)


def test_an_encrypted_journal_keeps_its_own_passphrase_file(journal, tmp_path, passfile):
    own = tmp_path / "journal-passphrase"
    own.write_text("correct horse battery\n")
    own.chmod(0o600)
    assert journal("--passphrase-file", str(own), "encrypt").code == 0
    target = tmp_path / "report.html"
    r = journal(
        "--passphrase-file", str(own), "export", "--encrypt", "--passphrase-file", str(passfile), "-o", str(target)
    )
    assert r.code == 0, r.err
    assert NOTES[0] in sealed.unseal(sealed.sealed_data(target.read_text()), PASSPHRASE)
    # The journal's passphrase file given before export, the report's after it; mixed up, nothing opens.
    from cryptography.exceptions import InvalidTag

    with pytest.raises(InvalidTag):
        sealed.unseal(sealed.sealed_data(target.read_text()), "correct horse battery")


def test_redact_people_reaches_the_agenda(journal):
    journal("support", "add", "Marguerite", "--phone", "0151 234 567")
    journal("agenda", "add", "what Marguerite said on Sunday")
    out = journal("export", "--redact", "people").out
    agenda = out.split("## What I want to talk about", 1)[1].split("\n## ", 1)[0]
    assert "Marguerite" not in out and "what person 1 said on Sunday" in agenda


def test_agenda_text_that_mentions_wanting_to_die_shows_the_crisis_lines(journal):
    shown = journal("agenda", "add", "some nights I want to die", env={"CUELOG_COUNTRY": "GB"})
    assert shown.code == 0 and "Samaritans on 116 123" in shown.text
    as_json = journal("agenda", "add", "I want to die", "--json", env={"CUELOG_COUNTRY": "GB"})
    assert as_json.json()["text"] == "I want to die"
    assert "Samaritans on 116 123" in " ".join(as_json.err.split())


@needs_chromium
def test_print_keeps_tables_and_charts_whole(journal, tmp_path):
    target = tmp_path / "report.html"
    journal("agenda", "add", "sleep")
    assert journal("export", "--since-last", "-o", str(target)).code == 0
    with Browser() as browser:
        page = browser.open(target)
        page.send("Emulation.setEmulatedMedia", {"media": "print"})
        styles = page.evaluate(
            "[...document.querySelectorAll('table, figure, .block')].map(e => getComputedStyle(e).breakInside)"
        )
        assert styles and set(styles) == {"avoid"}
        assert page.evaluate("getComputedStyle(document.getElementById('period')).breakBefore") == "page"
        landmarks = page.evaluate(
            "[...document.querySelectorAll('main > section')].map(s => s.getAttribute('aria-labelledby'))"
        )
        assert landmarks and all(landmarks) and landmarks[0] == "h-agenda"


@needs_age
def test_html_named_as_an_age_file_is_an_age_file(journal, tmp_path, passfile):
    target = tmp_path / "report.html.age"
    r = journal("export", "--encrypt", "--passphrase-file", str(passfile), "-o", str(target))
    assert r.code == 0, r.err
    assert target.read_text().startswith("-----BEGIN AGE ENCRYPTED FILE-----")
    assert "age -d" in " ".join(r.err.split())


def test_encrypt_alone_writes_the_browser_page_to_stdout(journal, passfile):
    r = journal("export", "--encrypt", "--passphrase-file", str(passfile))
    assert r.code == 0 and r.out.startswith("<!doctype html>") and NOTES[0] not in r.out
    assert NOTES[0] in sealed.unseal(sealed.sealed_data(r.out), PASSPHRASE)
