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
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

SIZES = {"1k": (1_000, 1), "10k": (10_000, 4), "40k": (40_000, 10)}
QUICK_SIZES = {"1k": (300, 1), "10k": (1_000, 2), "40k": (2_000, 3)}


def cuelog_cmd() -> list[str]:
    found = shutil.which("cuelog", path=str(Path(sys.executable).parent)) or shutil.which("cuelog")
    return [found] if found else [sys.executable, "-m", "cuelog"]


def time_runs(argv: list[str], env: dict, runs: int, warmup: int = 2) -> list[float]:
    times = []
    for i in range(warmup + runs):
        start = time.perf_counter()
        proc = subprocess.run(
            argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {proc.stderr.decode()[:300]}")
        if i >= warmup:
            times.append(elapsed)
    return times


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

    rows: list[tuple[str, str, list[float]]] = []
    with tempfile.TemporaryDirectory(prefix="cuelog-bench-") as tmp:
        base_env = {**os.environ, "NO_COLOR": "1", "HOME": tmp, "XDG_DATA_HOME": tmp}
        base_env.pop("CUELOG_NOW", None)
        rows.append(("python -c pass", "-", time_runs([sys.executable, "-c", "pass"], base_env, runs)))
        rows.append(("cuelog --help", "-", time_runs(cuelog + ["--help"], base_env, runs)))
        for label, (count, years) in sizes.items():
            store = Path(tmp) / label / "cuelog.json"
            generate(store, count, years)
            env = {**base_env, "CUELOG_DB": str(store)}
            rows.append(
                (
                    "cuelog craving 5 --place x",
                    label,
                    time_runs(cuelog + ["craving", "5", "--place", "x"], env, runs),
                )
            )
            rows.append(("cuelog list --limit 20", label, time_runs(cuelog + ["list", "--limit", "20"], env, runs)))

    med = {(name, size): statistics.median(t) * 1000 for name, size, t in rows}
    base = med[("python -c pass", "-")]
    craving = "cuelog craving 5 --place x"
    ratios = [
        ("craving 40k / craving 1k", med[(craving, "40k")] / med[(craving, "1k")], "<= 1.3"),
        ("craving 40k / python -c pass", med[(craving, "40k")] / base, "<= 8"),
        ("--help / python -c pass", med[("cuelog --help", "-")] / base, "<= 10"),
    ]

    lines = ["| scenario | journal | median ms | min ms | max ms |", "|---|---|---:|---:|---:|"]
    for name, size, t in rows:
        ms = [x * 1000 for x in t]
        lines.append(f"| `{name}` | {size} | {fmt(statistics.median(ms))} | {fmt(min(ms))} | {fmt(max(ms))} |")
    lines += ["", "| ratio | value | target |", "|---|---:|---|"]
    lines += [f"| {name} | {value:.2f} | {target} |" for name, value, target in ratios]
    table = "\n".join(lines)
    print(table)

    if results_path:
        from cuelog import __version__

        header = (
            "# cuelog benchmark results\n\n"
            f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; cuelog {__version__}.  \n"
            f"Journals: {', '.join(f'{k} = {v[0]:,} entries over {v[1]} years' for k, v in sizes.items())}.  \n"
            f"Each scenario: {runs} runs after 2 warm-up runs, as whole processes, output to /dev/null.\n\n"
        )
        results_path.write_text(header + table + "\n")
        print(f"\nwrote {results_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
