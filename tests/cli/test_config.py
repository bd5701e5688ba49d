"""cuelog config: the settings file, where each value comes from, and settings reaching
the code the way the environment does (option > environment > file > default)."""

from __future__ import annotations

import stat

import pytest


@pytest.fixture
def config_home(home, monkeypatch):
    folder = home / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    for name in ("CUELOG_COUNTRY", "CUELOG_REDACT", "CUELOG_NUDGES", "CUELOG_UNITS", "LANG", "LC_ALL"):
        monkeypatch.delenv(name, raising=False)
    return folder


def test_set_show_unset_with_origins(cuelog, config_home):
    path = config_home / "cuelog" / "config.toml"
    shown = cuelog("config", "--json")
    assert shown.code == 0, shown.err
    doc = shown.json()
    assert doc["file"] == str(path) and doc["file_exists"] is False
    nudges = doc["settings"]["nudges"]
    assert nudges == {"value": "off", "origin": "default", "where": None, "variable": "CUELOG_NUDGES"}

    assert cuelog("config", "set", "country", "gb").code == 0
    assert cuelog("config", "set", "urge-minutes", "20").code == 0
    assert cuelog("config", "set", "nudges", "on").code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    settings = cuelog("config", "--json", env={"CUELOG_NUDGES": "off"}).json()["settings"]
    assert settings["country"] == {"value": "GB", "origin": "file", "where": str(path), "variable": "CUELOG_COUNTRY"}
    assert settings["urge-minutes"]["value"] == "20"
    # The environment wins over the file, and says where it came from.
    assert settings["nudges"]["origin"] == "environment" and settings["nudges"]["value"] == "off"
    assert settings["nudges"]["where"] == "CUELOG_NUDGES"

    text = cuelog("config")
    assert f"file {path}" in text.text and "country GB" in text.text

    assert cuelog("config", "unset", "country").code == 0
    again = cuelog("config", "--json").json()["settings"]["country"]
    assert again["origin"] == "default" and again["value"] is None
    assert 'country = "GB"' not in path.read_text()
    assert "nudges" in path.read_text()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("set", "colour", "red"), "there is no setting 'colour'"),
        (("set", "units", "metric"), "'metric' is not a value for units"),
        (("set", "quiet-hours", "25:00-08:00"), "'25:00-08:00' is not a value for quiet-hours"),
        (("set", "nudge-daily-cap", "0"), "'0' is not a value for nudge-daily-cap"),
        (("unset", "colour"), "there is no setting 'colour'"),
    ],
)
def test_unknown_key_or_bad_value_is_exit_2_and_writes_nothing(cuelog, config_home, args, says):
    result = cuelog("config", *args)
    assert result.code == 2
    assert result.err.startswith(f"cuelog: error: {says}"), result.err
    assert not (config_home / "cuelog").exists()


def test_a_broken_file_names_its_line_and_help_now_still_helps(cuelog, config_home):
    path = config_home / "cuelog" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text('country = "DE"\nnudges = on\n')
    result = cuelog("status")
    assert result.code == 2 and result.out == ""
    first = result.err.splitlines()[0]
    assert first.startswith("cuelog: error: ") and f"{path}, line 2" in first

    assert cuelog("--version").code == 0 and cuelog("status", "--help").code == 0
    helped = cuelog("help-now")
    assert helped.code == 0
    assert helped.err.count("cuelog: warning:") == 1 and f"{path}, line 2" in helped.err
    assert "crisis" in helped.out.lower() or "danger" in helped.out.lower()

    path.write_text('country = "DE"\ncolour = "red"\n')
    unknown = cuelog("list")
    assert unknown.code == 2 and f"{path}, line 2" in unknown.err and "'colour'" in unknown.err
    path.write_text('country = "DE"\n\n[colours]\nred = 1\n')
    table = cuelog("status")
    assert table.code == 2 and f"{path}, line 3" in table.err and "'colours'" in table.err
    path.write_text('urge-minutes = "soon"\n')
    bad = cuelog("config")
    assert bad.code == 2 and f"{path}, line 1" in bad.err and "urge-minutes" in bad.err


def test_country_from_the_file_reaches_help_now_and_the_environment_wins(cuelog, config_home):
    assert cuelog("help-now", "--json").json()["country"] is None
    assert cuelog("config", "set", "country", "DE").code == 0
    assert cuelog("help-now", "--json").json()["country"] == "DE"
    assert cuelog("help-now", "--json", env={"CUELOG_COUNTRY": "FR"}).json()["country"] == "FR"


def test_default_redaction_from_the_file_and_the_option_wins(cuelog, config_home):
    assert cuelog("support", "add", "Mike", "--phone", "0123").code == 0
    assert cuelog("craving", "5", "--person", "mike", "--note", "private words").code == 0
    assert "private words" in cuelog("export", "-f", "csv").out
    assert cuelog("config", "set", "redact", "notes").code == 0
    assert "private words" not in cuelog("export", "-f", "csv").out
    assert "private words" in cuelog("export", "-f", "csv", "--redact", "none").out
    assert "mike" not in cuelog("export", "-f", "csv", "--redact", "people").out.lower()


def test_urge_minutes_from_the_file_sets_help_nows_timer_and_the_option_wins(cuelog, config_home):
    import pexpect

    from tests.factories import spawn

    assert cuelog("config", "set", "urge-minutes", "20").code == 0
    child = spawn("help-now")
    child.expect("Ride this one out now, with a 20-minute timer")
    child.sendline("n")
    child.expect(pexpect.EOF)
    child = spawn("help-now", "--minutes", "5")
    child.expect("Ride this one out now, with a 5-minute timer")
    child.sendline("n")
    child.expect(pexpect.EOF)
    # A bad environment value never stops help: the default applies.
    child = spawn("help-now", env={"CUELOG_URGE_MINUTES": "soon"})
    child.expect("with a 15-minute timer")
    child.sendline("n")
    child.expect(pexpect.EOF)
