"""cuelog nudge through the installed script, with a pinned clock: a Friday-evening
pattern nudges on Friday 18:15 once and not again in that slot, not on Tuesday, not in
quiet hours, not while paused; the desktop gets a neutral line unless the person opts in
to the full text; a locked journal stays silent; install and uninstall the timer."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

BUILT = "2026-11-27T10:00:00+01:00"  # a Friday morning
FRIDAY_EVENING = "2026-11-27T18:15:00+01:00"
FRIDAY_LATER = "2026-11-27T20:45:00+01:00"
TUESDAY_EVENING = "2026-12-01T18:15:00+01:00"
NEXT_FRIDAY = "2026-12-04T18:15:00+01:00"
FRIDAYS = ("2026-10-16", "2026-10-23", "2026-11-06", "2026-11-13", "2026-11-20")  # 5 of the last 6 weeks
GRAPHICAL = ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS")


def _line(kind: str, at: str, place: str, n: int) -> str:
    return json.dumps(
        {
            "id": f"{kind[:1]}{n:031x}",
            "kind": kind,
            "at": at,
            "logged_at": at,
            "intensity": 6 if kind == "craving" else None,
            "cues": {"place": [place], "person": [], "feeling": [], "body": [], "activity": [], "tag": []},
            "coping": [],
            "note": None,
            **({"reflection": {}} if kind == "lapse" else {}),
        }
    )


@pytest.fixture
def env(home, tmp_path, monkeypatch):
    """No desktop session, an empty config folder, nothing else of the person's."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    for name in (*GRAPHICAL, "CUELOG_NUDGES", "CUELOG_QUIET_HOURS", "CUELOG_NUDGE_FULL_TEXT", "CUELOG_NUDGE_DAILY_CAP"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def friday(cuelog, env):
    """A journal whose Friday evenings were hard, with a plan for the bar and a person."""
    lines, n = [], 0
    for day in FRIDAYS:
        for hour in ("18:30", "20:00"):
            n += 1
            lines.append(_line("craving", f"{day}T{hour}:00+01:00", "bar", n))
    for day in FRIDAYS[:2]:
        n += 1
        lines.append(_line("lapse", f"{day}T21:00:00+01:00", "bar", n))
    for day in ("2026-10-19", "2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"):
        n += 1
        lines.append(_line("craving", f"{day}T08:00:00+01:00", "home", n))  # Monday mornings
    for day in ("2026-10-21", "2026-10-28", "2026-11-04", "2026-11-11"):
        n += 1
        lines.append(_line("craving", f"{day}T13:00:00+01:00", "office", n))  # Wednesday afternoons
    clock = {"CUELOG_NOW": BUILT}
    done = cuelog("import", "-", stdin="\n".join(lines) + "\n", env=clock)
    assert done.code == 0, done.err
    assert cuelog("plan", "add", "--place", "bar", "walk home the long way and call Sam", env=clock).code == 0
    assert cuelog("support", "add", "Sam", "--phone", "0151 234", env=clock).code == 0
    return cuelog


def nudge(cuelog, now: str, *args: str, env: dict | None = None):
    return cuelog("nudge", *args, env={"CUELOG_NOW": now, **(env or {})})


def fake_notify_send(folder: Path) -> tuple[str, Path]:
    """A notify-send that records its arguments, one JSON list per line."""
    folder.mkdir(exist_ok=True)
    log = folder / "notify.log"
    script = folder / "notify-send"
    script.write_text(
        "#!/bin/sh\n"
        f'exec "{shutil.which("python3")}" -c \'import json, sys; '
        f'open("{log}", "a").write(json.dumps(sys.argv[1:]) + "\\n")\' "$@"\n'
    )
    script.chmod(0o755)
    return f"{folder}:{os.environ['PATH']}", log


def test_off_until_the_person_opts_in(friday):
    quiet = nudge(friday, FRIDAY_EVENING)
    assert (quiet.code, quiet.out, quiet.err) == (0, "", "")
    dry = nudge(friday, FRIDAY_EVENING, "--dry-run")
    assert dry.code == 0 and "nudges are off" in dry.text and "Friday evenings: 5 of the last 6 weeks" in dry.text


def test_friday_evening_once_per_slot_not_on_tuesday(friday):
    assert friday("config", "set", "nudges", "on").code == 0
    dry = nudge(friday, FRIDAY_EVENING, "--dry-run", "--json")
    doc = dry.json()
    assert doc["nudge"] is True and doc["slot"]["evidence"] == "Friday evenings: 5 of the last 6 weeks"
    shown = nudge(friday, FRIDAY_EVENING)
    assert shown.code == 0 and shown.err == ""
    assert "Friday evening has often been a hard time for you (5 of the last 6 weeks)." in shown.text
    assert "Your plan: if bar, then walk home the long way and call Sam" in shown.text
    assert "Sam: 0151 234" in shown.text and "cuelog help-now" in shown.text
    # Not again in the same slot, and a dry run says why.
    again = nudge(friday, FRIDAY_LATER)
    assert (again.code, again.out) == (0, "")
    assert "already shown in this time slot" in nudge(friday, FRIDAY_LATER, "--dry-run").text
    tuesday = nudge(friday, TUESDAY_EVENING)
    assert (tuesday.code, tuesday.out) == (0, "")
    assert "not one of your high-risk times" in nudge(friday, TUESDAY_EVENING, "--dry-run").text
    # The next Friday is a new slot.
    assert "Your plan" in nudge(friday, NEXT_FRIDAY).text
    state = Path(os.environ["XDG_STATE_HOME"]) / "cuelog" / "nudges.json"
    assert stat.S_IMODE(state.stat().st_mode) == 0o600


def test_quiet_hours_snooze_and_recent_logging(friday):
    assert friday("config", "set", "nudges", "on").code == 0
    assert friday("config", "set", "quiet-hours", "18:00-19:00").code == 0
    assert nudge(friday, FRIDAY_EVENING).out == ""
    assert "quiet hours" in nudge(friday, FRIDAY_EVENING, "--dry-run").text
    assert friday("config", "set", "quiet-hours", "off").code == 0

    paused = nudge(friday, "2026-11-26T12:00:00+01:00", "--snooze", "1w")
    assert paused.code == 0 and "paused until" in paused.text
    assert nudge(friday, FRIDAY_EVENING).out == ""
    assert "paused until" in nudge(friday, FRIDAY_EVENING, "--dry-run").text
    assert nudge(friday, FRIDAY_EVENING, "--snooze", "3 fortnights").code == 2
    assert nudge(friday, FRIDAY_EVENING, "--snooze", "0").code == 0

    logged = friday("craving", "4", "--place", "home", env={"CUELOG_NOW": "2026-11-27T17:30:00+01:00"})
    assert logged.code == 0
    assert nudge(friday, FRIDAY_EVENING).out == ""
    assert "logged something in the last 3 hours" in nudge(friday, FRIDAY_EVENING, "--dry-run").text


def test_the_desktop_gets_a_neutral_line_unless_the_person_opts_in(friday, tmp_path):
    assert friday("config", "set", "nudges", "on").code == 0
    path, log = fake_notify_send(tmp_path / "bin")
    desktop = {"PATH": path, "DISPLAY": ":0"}
    shown = nudge(friday, FRIDAY_EVENING, env=desktop)
    assert (shown.code, shown.out, shown.err) == (0, "", "")
    [args] = [json.loads(line) for line in log.read_text().splitlines()]
    assert args == ["--app-name=cuelog", "cuelog: a moment for your plan"]

    assert friday("config", "set", "nudge-full-text", "on").code == 0
    assert nudge(friday, NEXT_FRIDAY, env=desktop).out == ""
    last = json.loads(log.read_text().splitlines()[-1])
    assert last[1] == "cuelog: a moment for your plan"
    assert "Your plan: if bar, then walk home the long way and call Sam" in last[2] and "0151 234" in last[2]


def test_the_terminal_without_notify_send_and_json(friday, tmp_path):
    assert friday("config", "set", "nudges", "on").code == 0
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    doc = nudge(friday, FRIDAY_EVENING, "--json", env={"PATH": str(empty), "DISPLAY": ":0"}).json()
    assert doc["nudge"] is True and doc["shown_on"] == "terminal"
    assert doc["message"]["support"] == {"name": "Sam", "phone": "0151 234"}
    assert nudge(friday, FRIDAY_LATER, "--json").json()["reason"] == "already-shown"


def test_a_locked_encrypted_journal_stays_silent(friday, tmp_path):
    secret = tmp_path / "pass"
    secret.write_text("correct horse battery\n")
    secret.chmod(0o600)
    assert friday("encrypt", env={"CUELOG_PASSPHRASE_FILE": str(secret), "CUELOG_NOW": BUILT}).code == 0
    assert friday("config", "set", "nudges", "on").code == 0
    silent = nudge(friday, FRIDAY_EVENING)
    assert (silent.code, silent.out, silent.err) == (0, "", "")
    assert "encrypted and locked" in nudge(friday, FRIDAY_EVENING, "--dry-run").text
    opened = nudge(friday, FRIDAY_EVENING, env={"CUELOG_PASSPHRASE_FILE": str(secret)})
    assert "Your plan" in opened.text


def test_outlook_names_the_slots_that_would_nudge(friday):
    text = friday("outlook", env={"CUELOG_NOW": FRIDAY_EVENING}).text
    assert "Nudges would reach out at: Friday evening" in text
    friday("config", "set", "nudges", "on")
    doc = friday("outlook", "--json", env={"CUELOG_NOW": FRIDAY_EVENING}).json()
    assert doc["nudges"]["on"] is True and {"weekday": "fri", "time_of_day": "evening"} in doc["nudges"]["slots"]


def verify_units(*paths: Path, runtime: Path) -> None:
    """systemd-analyze verify --user on unit files (a user manager needs a runtime folder)."""
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed here")
    verified = subprocess.run(
        ["systemd-analyze", "verify", "--user", *map(str, paths)],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)},
    )
    assert verified.returncode == 0, verified.stderr


def test_install_and_uninstall_the_timer(cuelog, env, tmp_path):
    config = env / "config"
    done = cuelog("nudge", "--install")
    assert done.code == 0, done.err
    assert (
        "Nudges are now on" in done.text
        and "systemctl --user daemon-reload && systemctl --user enable --now cuelog-nudge.timer" in done.out
    )
    units = config / "systemd" / "user"
    service, timer = units / "cuelog-nudge.service", units / "cuelog-nudge.timer"
    assert "OnCalendar=*:0/15" in timer.read_text()
    exec_line = next(line for line in service.read_text().splitlines() if line.startswith("ExecStart="))
    program = exec_line.split('"')[1]
    assert os.path.isabs(program) and os.access(program, os.X_OK)
    assert cuelog("config", "--json").json()["settings"]["nudges"]["value"] == "on"
    again = cuelog("nudge", "--install")
    assert again.code == 0 and "Nudges are now on" not in again.text
    wants = units / "timers.target.wants"
    wants.mkdir()
    (wants / "cuelog-nudge.timer").symlink_to(timer)  # what systemctl --user enable makes
    gone = cuelog("nudge", "--uninstall")
    assert gone.code == 0 and "systemctl --user stop cuelog-nudge.timer" in gone.out
    assert not service.exists() and not timer.exists() and not (wants / "cuelog-nudge.timer").is_symlink()
    assert "No cuelog nudge timer" in cuelog("nudge", "--uninstall").text
    assert cuelog("nudge", "--install", "--uninstall").code == 2


def test_the_installed_units_verify(cuelog, env, tmp_path):
    assert cuelog("nudge", "--install").code == 0
    units = env / "config" / "systemd" / "user"
    verify_units(units / "cuelog-nudge.service", units / "cuelog-nudge.timer", runtime=tmp_path)


def test_without_systemd_install_prints_the_crontab_line(cuelog, env, tmp_path):
    empty = tmp_path / "no-systemd"
    empty.mkdir()
    done = cuelog("nudge", "--install", env={"PATH": str(empty)})
    assert done.code == 0, done.err
    assert "*/15 * * * *" in done.out and " nudge" in done.out
    assert not (env / "config" / "systemd").exists()


README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_systemd_timer_for_remind_verifies(tmp_path):
    """The README's systemd user timer recipe beside the cron one, as a person would copy it."""
    text = README.read_text()
    section = text.split("## Scripting and cron", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```ini\n(.*?)```", section, re.S)
    assert len(blocks) == 2, blocks
    written = []
    for block in blocks:
        first, _, body = block.partition("\n")
        name = first.removeprefix("# ~/.config/systemd/user/")
        assert name in ("cuelog-remind.service", "cuelog-remind.timer"), first
        (tmp_path / name).write_text(body)
        written.append(tmp_path / name)
    assert "systemctl --user daemon-reload && systemctl --user enable --now cuelog-remind.timer" in " ".join(
        section.split()
    )
    verify_units(*written, runtime=tmp_path)


def test_the_readme_says_how_nudges_reach_out():
    section = README.read_text().split("## Reaching out at risky times", 1)[1].split("\n## ", 1)[0]
    for words in ("cuelog nudge --install", "cuelog nudge --uninstall", "Gustafson", "Nahum-Shani", "cuelog sources"):
        assert words in section
    from cuelog.sources import source

    claim = source("just-in-time-nudges")
    assert claim is not None and any("Gustafson" in s for s in claim.sources)
    assert any("Nahum-Shani" in s for s in claim.sources)


def test_the_counsellor_report_counts_the_nudges(friday):
    assert "Nudges:" not in friday("export", env={"CUELOG_NOW": FRIDAY_EVENING}).out
    assert friday("config", "set", "nudges", "on").code == 0
    assert "Your plan" in nudge(friday, FRIDAY_EVENING).text
    assert "Your plan" in nudge(friday, NEXT_FRIDAY).text
    later = {"CUELOG_NOW": "2026-11-27T20:00:00+01:00"}
    assert friday("craving", "7", "--place", "bar", env=later).code == 0
    report = friday("export", env={"CUELOG_NOW": "2026-12-05T10:00:00+01:00"})
    assert report.code == 0, report.err
    line = next(line for line in report.out.splitlines() if "Nudges:" in line)
    assert "2 nudges shown" in line and "a craving was logged later in the same time slot after 1" in line
    assert "a lapse after 0" in line
    doc = friday("export", "-f", "json", env={"CUELOG_NOW": "2026-12-05T10:00:00+01:00"}).json()
    assert doc["nudges"] == {"shown": 2, "craving_after": 1, "lapse_after": 0}
