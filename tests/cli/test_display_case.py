"""Cues as first typed wherever people read them (issue 27 §4, finding 6): summary,
outlook and the report show "José" and "The Crown", while the JSON values and matching
stay normalised (the contract's display case)."""

import json


def _journal(cuelog):
    for hours in (1, 2, 3):
        cuelog("craving", "6", "--place", "The Crown", "--person", "José", "--at", f"{hours}h ago", "-q")
    cuelog("lapse", "--place", "The Crown", "--person", "José", "--at", "30m ago", "-q")


def test_summary_and_report_show_cues_as_typed(cuelog):
    _journal(cuelog)
    summary = cuelog("summary")
    assert "person: José" in summary.out and "place: The Crown" in summary.out
    assert "josé" not in summary.out and "the crown" not in summary.out
    doc = json.loads(cuelog("summary", "--json").out)
    assert {i["value"] for i in doc["top_cues"]} == {"josé", "the crown"}  # JSON values stay normalised
    assert {i["shown"] for i in doc["top_cues"]} == {"José", "The Crown"}
    report = cuelog("export", "--format", "markdown").out
    assert "person: José" in report and "the crown" not in report and "josé" not in report


def test_matching_stays_normalised(cuelog):
    _journal(cuelog)
    listed = json.loads(cuelog("list", "--json", "--cue", "person=josé").out)
    assert len(listed) == 4
