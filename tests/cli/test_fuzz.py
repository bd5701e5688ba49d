"""Hypothesis throws odd arguments at the CLI: never a traceback, and a rejected
call never changes the store."""

import contextlib
import io
import os
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cuelog.cli import main
from tests.conftest import NOW, snapshot

odd_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x2FFF), max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "-",
            "--",
            "2h",
            "30d",
            "yesterday 25:00",
            "2026-02-30",
            "9999-12-31",
            "0001-01-01",
            "2026-11-22T15:00:00+14:00",
            "-1",
            "11",
            "1e9",
            "NaN",
            "\x00",
            "\x1b[31m",
            "𝒞𝓊ℯ",
            "😀" * 50,
            "a" * 5000,
            "\udcff",
            "12:60",
            "00:00",
            "2026-11-10 21:30 +01:00",
        ]
    ),
)
number = st.one_of(st.integers(-(10**20), 10**20).map(str), odd_text)

commands = st.one_of(
    st.tuples(
        st.just("craving"), number, st.just("--place"), odd_text, st.just("--note"), odd_text, st.just("--at"), odd_text
    ),
    st.tuples(
        st.just("lapse"),
        st.just("--intensity"),
        number,
        st.just("--feeling"),
        odd_text,
        st.just("--at"),
        odd_text,
        st.just("--quiet"),
    ),
    st.tuples(st.just("checkin"), st.just("--craving"), number, st.just("--no-used"), st.just("--date"), odd_text),
    st.tuples(st.just("edit"), odd_text, st.just("--note"), odd_text),
    st.tuples(st.just("delete"), odd_text, st.just("--yes")),
    st.tuples(st.just("list"), st.just("--since"), odd_text, st.just("--limit"), number),
    st.tuples(st.just("summary"), st.just("--until"), odd_text, st.just("--top"), number),
    st.tuples(st.just("status"), st.just("--on"), odd_text),
    st.tuples(st.just("quit-date"), odd_text, st.just("--substance"), odd_text),
    st.tuples(st.just("plan"), st.just("add"), st.just("--place"), odd_text, odd_text),
    st.tuples(st.just("export"), st.just("--format"), odd_text, st.just("--redact"), odd_text),
    st.tuples(st.just("reflect"), odd_text),
    st.lists(odd_text, max_size=4).map(tuple),
)

STORE = Path(tempfile.mkdtemp(prefix="cuelog-fuzz-")) / "cuelog.json"


def invoke(args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        sys.stdin = io.StringIO("")
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@settings(
    max_examples=int(os.environ.get("CUELOG_FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(commands)
def test_cli_never_crashes_and_rejections_change_nothing(args):
    saved = {k: os.environ.get(k) for k in ("CUELOG_DB", "CUELOG_NOW")}
    os.environ.update(CUELOG_DB=str(STORE), CUELOG_NOW=NOW)
    try:
        if not STORE.exists():
            invoke(["craving", "5", "--place", "seed", "--note", "first"])
        before = snapshot(STORE.parent)
        code, out, err = invoke(args)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        sys.stdin = sys.__stdin__
    assert code in (0, 1, 2), (args, code, err)
    assert "Traceback" not in err and "unexpected problem" not in err, (args, err)
    if code != 0:
        assert err.startswith("cuelog: error: ") or not err, (args, err)
        after = snapshot(STORE.parent)
        assert {k: v for k, v in after.items() if ".backups" not in k} == {
            k: v for k, v in before.items() if ".backups" not in k
        }, args
