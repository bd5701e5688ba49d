"""``list`` fitted to the width: a cut note marked, a check-in on one row."""


def test_list_marks_a_cut_note_and_points_to_show(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    note = "A long evening. " * 20
    assert run("craving", "5", "--place", "home", "--note", note).code == 0
    r = run("list")
    [row] = [line for line in r.out.splitlines() if "home" in line]
    assert row.endswith("…") and len(row) <= 200 and "A long evening. A long evening." in row
    assert "cuelog show ID" in run("list", "--help").text


def test_list_shows_a_checkin_as_one_row_with_its_date(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    assert run("checkin", "--craving", "4", "--no-used", "--date", "2026-11-20").code == 0
    r = run("list")
    [row] = [line for line in r.out.splitlines() if "check-in" in line]
    assert "Fri 20 Nov |" in row and "check-in, no use" in row and "4/10" in row and "12:00" not in row
    assert len(r.out.splitlines()) == 3  # header, rule, one row
