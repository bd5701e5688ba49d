"""For cron and scripts: through the real console script, stdin closed, no terminal."""

import json
import subprocess

import pytest

from tests.conftest import CUELOG, snapshot

EVERY_COMMAND = [
    ["craving", "5"],
    ["lapse", "--quiet"],
    ["checkin"],
    ["quit-date", "2026-11-01"],
    ["quit-date"],
    ["status"],
    ["summary"],
    ["list"],
    ["reflect"],
    ["remind"],
    ["demo"],
    ["import", "-"],
    ["edit", "abcd", "--note", "x"],
    ["delete", "abcd"],
    ["craving"],
    ["--help"],
    ["--version"],
]


@pytest.mark.parametrize("args", EVERY_COMMAND, ids=lambda a: " ".join(a))
def test_nothing_prompts_or_hangs_without_a_terminal(cuelog, args):
    r = cuelog(*args, timeout=30)
    assert r.code in (0, 1, 2), r.err
    assert "Traceback" not in r.err
    assert "\x1b[" not in r.out + r.err


def test_remind(cuelog, db):
    r = cuelog("remind")
    assert r.code == 1 and len(r.out.strip().splitlines()) == 1 and "check-in" in r.out
    assert not db.exists()  # reading never creates the store
    assert cuelog("checkin", "--date", "yesterday").code == 2  # an empty check-in cannot silence it
    assert cuelog("remind").code == 1
    assert cuelog("checkin", "--craving", "2", "--no-used").code == 0
    r = cuelog("remind")
    assert (r.code, r.out, r.err) == (0, "", "")
    assert json.loads(cuelog("remind", "--json").out) == {"date": "2026-11-22", "checked_in": True}
    other_day = {"CUELOG_NOW": "2026-11-23T09:00:00+01:00"}
    r = cuelog("remind", "--json", env=other_day)
    assert r.code == 1 and json.loads(r.out) == {"date": "2026-11-23", "checked_in": False}


JSON_KEYS = {
    ("craving", "6", "--place", "bar", "--json"): {
        "id",
        "kind",
        "at",
        "logged_at",
        "intensity",
        "cues",
        "coping",
        "note",
    },
    ("lapse", "--place", "bar", "--json"): {"id", "kind", "at", "reflection"},
    ("checkin", "--craving", "3", "--no-used", "--json"): {"id", "kind", "date", "used", "intensity"},
    ("quit-date", "2026-11-01", "--json"): {"quit_date", "substance"},
    ("quit-date", "--json"): {"current", "attempts"},
    ("status", "--json"): {
        "quit_date",
        "as_of",
        "days_since_quit",
        "week",
        "in_extinction_burst",
        "extinction_burst",
        "lapses_since_quit",
    },
    ("summary", "--json"): {"since", "until", "totals", "top_cues", "by_dimension", "time_of_day", "weekday"},
    ("reflect", "--json"): {"entry_id", "prompts", "reframe"},
    ("plan", "add", "--place", "bar", "leave", "--json"): {"id", "cues", "then", "created_at"},
    ("outlook", "--json"): {"as_of", "enough_data", "high_risk", "recurring"},
}


def test_every_json_output_parses_and_keeps_its_keys(cuelog):
    for args, keys in JSON_KEYS.items():
        r = cuelog(*args)
        assert r.code == 0, (args, r.err)
        doc = json.loads(r.out)
        assert keys <= set(doc), (args, keys - set(doc))
    listed = json.loads(cuelog("list", "--json").out)
    assert isinstance(listed, list) and len(listed) == 3
    entry = listed[0]["id"]
    for args in (["edit", entry, "--note", "x", "--json"], ["delete", entry, "--yes", "--json"]):
        r = cuelog(*args)
        assert r.code == 0 and json.loads(r.out)["id"] == entry


def _export(cuelog):
    return cuelog("list", "--json").out


def test_import_round_trips_and_is_idempotent(cuelog, tmp_path):
    cuelog("craving", "6", "--place", "bar", "--note", "first")
    cuelog("lapse", "--place", "bar", "--at", "2026-10-02 22:00")
    cuelog("checkin", "--craving", "3", "--no-used")
    exported = _export(cuelog)
    target = {"CUELOG_DB": str(tmp_path / "other" / "cuelog.json")}
    first = cuelog("import", "-", "--json", stdin=exported, env=target)
    assert first.code == 0, first.err
    assert json.loads(first.out)["added"] == 3
    assert json.loads(cuelog("list", "--json", env=target).out) == json.loads(exported)
    again = json.loads(cuelog("import", "-", "--json", stdin=exported, env=target).out)
    assert again["added"] == 0 and again["unchanged"] == 3
    assert json.loads(cuelog("list", "--json", env=target).out) == json.loads(exported)


def test_import_json_lines_from_a_file(cuelog, tmp_path):
    cuelog("craving", "6", "--place", "bar")
    cuelog("craving", "2", "--place", "home")
    lines = "\n".join(json.dumps(e) for e in json.loads(_export(cuelog))) + "\n"
    path = tmp_path / "entries.jsonl"
    path.write_text(lines)
    target = {"CUELOG_DB": str(tmp_path / "other" / "cuelog.json")}
    r = cuelog("import", str(path), env=target)
    assert r.code == 0 and "2 new entries" in r.out
    assert len(json.loads(cuelog("list", "--json", env=target).out)) == 2


def test_import_merges_newer_copies_and_keeps_one_checkin_a_day(cuelog, tmp_path):
    cuelog("craving", "6", "--place", "bar")
    mine = json.loads(_export(cuelog))[0]
    edited = dict(mine, note="edited elsewhere", edited_at="2026-11-22T16:00:00+01:00")
    other_checkin = {**json.loads(cuelog("checkin", "--craving", "2", "--no-used", "--json").out), "id": "elsewhere01"}
    payload = "\n".join(json.dumps(r) for r in (edited, other_checkin))
    report = json.loads(cuelog("import", "-", "--json", stdin=payload).out)
    assert report["updated"] == 1 and report["added"] == 0
    assert report["skipped"][0]["id"] == "elsewhere01"
    notes = [e["note"] for e in json.loads(_export(cuelog)) if e["kind"] == "craving"]
    assert notes == ["edited elsewhere"]


@pytest.mark.parametrize(
    "payload, named",
    [
        ('{"id": "aaaa1111", "kind": "craving"}\n', "line 1"),
        ("GOOD\n{not json}\n", "line 2"),
        ("GOOD\nGOOD\n", "appears twice"),
        ('[{"id": "x"}]', "entry 1"),
        ("", "empty"),
    ],
)
def test_import_validates_everything_first(cuelog, db, payload, named):
    cuelog("craving", "1")
    good = json.dumps(
        {
            "id": "bbbb2222",
            "kind": "craving",
            "at": "2026-11-10T20:00:00+01:00",
            "logged_at": "2026-11-10T20:00:00+01:00",
            "intensity": 4,
            "cues": {},
            "coping": [],
            "note": None,
        }
    )
    before = snapshot(db.parent)
    r = cuelog("import", "-", stdin=payload.replace("GOOD", good))
    assert r.code == 2 and named in r.err and r.err.startswith("cuelog: error: ")
    assert snapshot(db.parent) == before


def test_import_missing_file(cuelog, db):
    r = cuelog("import", "/nonexistent/file.json")
    assert r.code == 2 and "cannot read" in r.err
    assert not db.exists()


def test_demo_never_touches_the_users_store(cuelog, db, home):
    cuelog("craving", "3")
    before = snapshot(db.parent)
    state = snapshot(home)  # this machine's device id lives in ~/.local/state: the demo leaves it alone
    r = cuelog("demo", env={"CUELOG_NOW": ""})
    assert r.code == 0, r.err
    for part in ("$ cuelog status", "Weeks 2–4", "Top cues".lower(), "Daily peak craving", "The lapse in week 3"):
        assert part.lower() in r.out.lower()
    assert snapshot(db.parent) == before and snapshot(home) == state
    default = cuelog("demo", env={"CUELOG_DB": ""})
    assert default.code == 0 and not (home / ".local" / "share").exists() and snapshot(home) == state


def test_demo_keep_leaves_a_sample_store(cuelog):
    r = cuelog("demo", "--keep")
    path = r.out.split("kept at ")[1].split(";")[0].strip()
    listed = subprocess.run([CUELOG, "--db", path, "list", "--json"], capture_output=True, text=True)
    entries = json.loads(listed.stdout)
    kinds = {e["kind"] for e in entries}
    assert kinds == {"craving", "lapse", "checkin"} and len(entries) > 150
    lapse = next(e for e in entries if e["kind"] == "lapse")
    assert lapse["reflection"]
    import shutil
    from pathlib import Path

    shutil.rmtree(Path(path).parent)


def test_demo_says_it_is_made_up_data(cuelog):
    """The demo's intensities come from one distribution for every week (the clinician
    review): it must not look like evidence, so it says first that the data are made up."""
    from datetime import datetime

    from cuelog import wording
    from cuelog.demo import demo_journal

    r = cuelog("demo")
    assert r.code == 0, r.err
    assert r.out.index("Made-up data") < r.out.index("$ cuelog status")
    assert " ".join(wording.DEMO_INTRO.split()) in r.text
    _, entries = demo_journal(datetime(2026, 11, 22, 20, 0).astimezone())
    assert sum(e.kind == "lapse" for e in entries) == 1


def test_completion_version_and_help_examples(cuelog):
    r = cuelog("--show-completion", "bash")
    assert r.code == 0 and "complete" in r.out.lower()
    assert cuelog("--version").out.startswith("cuelog ")
    commands = [
        "craving",
        "lapse",
        "reflect",
        "checkin",
        "remind",
        "quit-date",
        "status",
        "summary",
        "list",
        "edit",
        "delete",
        "import",
        "demo",
    ]
    for command in commands:
        r = cuelog(command, "--help")
        assert r.code == 0 and "Example" in r.out, command
