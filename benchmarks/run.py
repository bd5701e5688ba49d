"""Whole-process timings of cuelog on generated journals.

    python benchmarks/run.py            # full run; writes benchmarks/RESULTS.md
    python benchmarks/run.py --quick    # small and fast: proves the harness works (CI)

Each scenario runs as a fresh process, several times after a warm-up, against
a private copy of a journal; we report the median with min and max, and the
ratios the performance targets are stated in. Nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

SIZES = {"1k": (1_000, 1), "10k": (10_000, 4), "40k": (40_000, 10)}
QUICK_SIZES = {"1k": (300, 1), "10k": (1_000, 2), "40k": (2_000, 3)}


def cuelog_cmd() -> list[str]:
    found = shutil.which("cuelog", path=str(Path(sys.executable).parent)) or shutil.which("cuelog")
    return [found] if found else [sys.executable, "-m", "cuelog"]


def run_once(argv: list[str], env: dict) -> tuple[float, float]:
    """Wall time of one whole process, and its own peak memory in MB."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {proc.stderr.read().decode()[:300]}")
    proc.stderr.close()
    return elapsed, usage.ru_maxrss / 1024


def fmt(ms: float) -> str:
    return f"{ms:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description="Time cuelog as whole processes.")
    parser.add_argument("--quick", action="store_true", help="small journals, few runs (for CI)")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--results", type=Path, default=None, help="Markdown output file")
    args = parser.parse_args()
    sizes = QUICK_SIZES if args.quick else SIZES
    runs = args.runs or (3 if args.quick else 15)
    results_path = args.results or (None if args.quick else HERE / "RESULTS.md")
    cuelog = cuelog_cmd()

    scenarios: list[tuple[str, str, list[str], dict]] = []
    with tempfile.TemporaryDirectory(prefix="cuelog-bench-") as tmp:
        base_env = {**os.environ, "NO_COLOR": "1", "HOME": tmp, "XDG_DATA_HOME": tmp}
        base_env.pop("CUELOG_NOW", None)
        scenarios.append(("python -c pass", "-", [sys.executable, "-c", "pass"], base_env))
        scenarios.append(("cuelog --help", "-", cuelog + ["--help"], base_env))
        for label, (count, years) in sizes.items():
            store = Path(tmp) / label / "cuelog.json"
            # In a child process, so this one stays small and the children's peak memory is their own.
            subprocess.run(
                [
                    sys.executable,
                    str(HERE / "generate.py"),
                    "--entries",
                    str(count),
                    "--years",
                    str(years),
                    "--out",
                    str(store),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            env = {**base_env, "CUELOG_DB": str(store)}
            scenarios.append(("cuelog craving 5 --place x", label, cuelog + ["craving", "5", "--place", "x"], env))
            scenarios.append(("cuelog status", label, cuelog + ["status"], env))
            scenarios.append(("cuelog list --limit 20", label, cuelog + ["list", "--limit", "20"], env))
            scenarios.append(("cuelog summary --since 30d", label, cuelog + ["summary", "--since", "30d"], env))
            if label == "40k":
                scenarios.append(("cuelog summary", label, cuelog + ["summary"], env))
                scenarios.append(("cuelog export --format html", label, cuelog + ["export", "--format", "html"], env))
        # Rounds: every scenario once per round, so a slow spell of the machine hits all of them alike.
        times: dict[int, list[float]] = {i: [] for i in range(len(scenarios))}
        peaks: dict[int, float] = dict.fromkeys(times, 0.0)
        for round_number in range(2 + runs):
            for i, (_, _, argv, env) in enumerate(scenarios):
                elapsed, peak = run_once(argv, env)
                if round_number >= 2:  # two warm-up rounds
                    times[i].append(elapsed)
                    peaks[i] = max(peaks[i], peak)
        rows = [(name, size, times[i], peaks[i]) for i, (name, size, _, _) in enumerate(scenarios)]

    med = {(name, size): statistics.median(t) * 1000 for name, size, t, _ in rows}
    peak_of = {(name, size): p for name, size, _, p in rows}
    base = med[("python -c pass", "-")]
    craving = "cuelog craving 5 --place x"
    recent = "cuelog summary --since 30d"
    ratios = [
        ("craving 40k / craving 1k", med[(craving, "40k")] / med[(craving, "1k")], "<= 1.3"),
        ("craving 40k / python -c pass", med[(craving, "40k")] / base, "<= 8"),
        ("--help / python -c pass", med[("cuelog --help", "-")] / base, "<= 10"),
        ("status 40k / python -c pass", med[("cuelog status", "40k")] / base, "<= 10"),
        ("summary --since 30d 40k / 1k", med[(recent, "40k")] / med[(recent, "1k")], "<= 1.5"),
        ("summary (all time) 40k, ms", med[("cuelog summary", "40k")], "< 1000"),
        ("export --format html 40k, ms", med[("cuelog export --format html", "40k")], "< 1000"),
        ("peak memory of any run, MB", max(peak_of.values()), "< 150"),
    ]

    lines = ["| scenario | journal | median ms | min ms | max ms | peak MB |", "|---|---|---:|---:|---:|---:|"]
    for name, size, t, peak in rows:
        ms = [x * 1000 for x in t]
        lines.append(
            f"| `{name}` | {size} | {fmt(statistics.median(ms))} | {fmt(min(ms))} | {fmt(max(ms))} | {peak:.0f} |"
        )
    lines += ["", "| measure | value | target |", "|---|---:|---|"]
    lines += [f"| {name} | {value:.2f} | {target} |" for name, value, target in ratios]
    table = "\n".join(lines)
    print(table)

    if results_path:
        from cuelog import __version__

        journals = ", ".join(
            f"{k} = {count:,} entries over {years} year{'' if years == 1 else 's'}"
            for k, (count, years) in sizes.items()
        )
        header = (
            "# cuelog benchmark results\n\n"
            f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; cuelog {__version__}.  \n"
            f"Journals: {journals}.  \n"
            f"Each scenario: {runs} runs after 2 warm-up rounds, as whole processes, output to /dev/null; "
            "the scenarios run interleaved, one of each per round, so machine drift hits all alike.\n\n"
        )
        results_path.write_text(header + table + "\n")
        print(f"\nwrote {results_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
