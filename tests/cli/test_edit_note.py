"""``--edit`` (issue 27 §1): the note written in $VISUAL/$EDITOR, through the installed
script, as git and jrnl do; the file is private while the editor has it and gone after."""

import os

import pytest


@pytest.fixture
def editor(tmp_path):
    """An 'editor' that records the file's mode and folder, then writes what $NOTE_TEXT says."""
    seen = tmp_path / "seen"
    script = tmp_path / "fake-editor"
    script.write_text(
        "#!/bin/sh\n"
        f'stat -c "%a %n" "$1" "$(dirname "$1")" > {seen}\n'
        'printf "%s" "$NOTE_TEXT" > "$1"\n'
        'exit "${EDITOR_EXIT:-0}"\n'
    )
    script.chmod(0o700)
    return script, seen


def test_edit_writes_the_note_in_the_editor_from_a_private_file(cuelog, editor):
    script, seen = editor
    text = "Mike said to wait it out,\nand it passed."
    r = cuelog("craving", "6", "--edit", "--json", env={"VISUAL": str(script), "NOTE_TEXT": f"\n{text}\n\n"})
    assert r.code == 0, r.err
    assert r.json()["note"] == text
    file_mode, folder_mode = (line.split()[0] for line in seen.read_text().splitlines())
    assert (file_mode, folder_mode) == ("600", "700")
    folder = seen.read_text().splitlines()[1].split(maxsplit=1)[1]
    assert not os.path.exists(folder)  # removed once read


def test_an_empty_edit_keeps_no_note(cuelog, editor):
    script, _ = editor
    r = cuelog("lapse", "--edit", "--json", env={"EDITOR": str(script), "VISUAL": "", "NOTE_TEXT": "  \n"})
    assert r.code == 0, r.err
    assert r.json()["note"] is None


def test_a_failing_editor_is_one_line_exit_2_and_nothing_written(cuelog, editor, db):
    script, _ = editor
    r = cuelog("craving", "6", "--edit", env={"VISUAL": str(script), "NOTE_TEXT": "x", "EDITOR_EXIT": "3"})
    assert r.code == 2
    assert r.err.startswith("cuelog: error: the editor 'fake-editor' stopped with exit code 3; nothing was written")
    assert not db.exists()


def test_edit_with_no_editor_says_how_to_set_one(cuelog):
    r = cuelog("checkin", "--no-used", "--edit", env={"VISUAL": "", "EDITOR": ""})
    assert r.code == 2 and "set VISUAL or EDITOR" in r.err
