"""Whole-process timings of cuelog on generated journals, beside peers where installed.

    python benchmarks/run.py                  # full run; writes benchmarks/RESULTS.md
    python benchmarks/run.py --quick          # small and fast: proves the harness works (CI)
    python benchmarks/run.py --install-peers  # first make benchmarks/.peers/ (jrnl in a venv of its own)

Each scenario runs as a fresh process against its own journal, several times after
two warm-up rounds. The scenarios run interleaved, one of each per round, so a slow
spell of a shared machine hits all of them alike; we report the median with min and
max, each process's own peak memory, and the ratios the performance targets are
stated in, from medians of the same run. Nothing here asserts a timing.

The warm-up rounds also fill cuelog's month cache (``$XDG_CACHE_HOME/cuelog``), as a
person's first all-time summary would; the ``(no cache)`` scenarios run with
``CUELOG_CACHE=off`` and show the cost without it.
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
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
PEERS = HERE / ".peers"

SIZES = {"1k": (1_000, 1), "10k": (10_000, 4), "40k": (40_000, 10)}
QUICK_SIZES = {"1k": (300, 1), "10k": (1_000, 2), "40k": (2_000, 3)}
IMPORTS = {"4k": 4_000, "10k": 10_000}
QUICK_IMPORTS = {"4k": 400, "10k": 1_000}
PASSPHRASE = "correct horse battery staple"


@dataclass
class Scenario:
    name: str
    size: str
    argv: list[str]
    env: dict
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system seconds of the process
    peak: float = 0.0


def cuelog_cmd() -> list[str]:
    found = shutil.which("cuelog", path=str(Path(sys.executable).parent)) or shutil.which("cuelog")
    return [found] if found else [sys.executable, "-m", "cuelog"]


def compile_package() -> None:
    """Byte-compile cuelog where it is imported from, as pip does on install: from an editable
    checkout under PYTHONDONTWRITEBYTECODE every start would otherwise compile every module."""
    import compileall

    found = subprocess.run(
        [sys.executable, "-c", "import cuelog, os; print(os.path.dirname(cuelog.__file__))"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    if found:
        compileall.compile_dir(found, quiet=1)


def run_once(argv: list[str], env: dict) -> tuple[float, float, float]:
    """Wall time of one whole process, its CPU time (user + system), and its own peak memory in MB."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {proc.stderr.read().decode()[:300]}")
    proc.stderr.close()
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def fmt(ms: float) -> str:
    return f"{ms:.1f}"


def generate(store: Path, count: int, years: float, env: dict, devices: int = 1) -> None:
    # In a child process, so this one stays small and the children's peak memory is their own.
    subprocess.run(
        [sys.executable, str(HERE / "generate.py"), "--entries", str(count), "--years", str(years)]
        + ["--out", str(store), "--devices", str(devices)],
        check=True,
        stdout=subprocess.DEVNULL,
        env=env,
    )


# -- peers ----------------------------------------------------------------------------------
def peer_python() -> Path:
    return PEERS / "venv" / "bin" / "python"


def install_peers() -> None:
    """jrnl in a venv of its own under benchmarks/.peers/ (not a dependency of cuelog)."""
    if not peer_python().exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS / "venv")], check=True)
    subprocess.run([str(peer_python()), "-m", "pip", "install", "--quiet", "jrnl"], check=True)


def jrnl_cmd() -> list[str] | None:
    found = PEERS / "venv" / "bin" / "jrnl"
    return [str(found)] if found.exists() else None


def jrnl_version(jrnl: list[str]) -> str:
    out = subprocess.run([*jrnl, "--version"], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr) else "jrnl"


def jrnl_journal(folder: Path, count: int, years: float) -> dict:
    """A plain-text jrnl journal of ``count`` entries over ``years``, and the environment
    (its own XDG_CONFIG_HOME) that points jrnl at it."""
    import random

    folder.mkdir(parents=True, exist_ok=True)
    journal = folder / "journal.txt"
    rng = random.Random(7)
    end = datetime.now().replace(microsecond=0)
    span = timedelta(days=365.25 * years).total_seconds()
    moments = sorted(end - timedelta(seconds=rng.random() * span) for _ in range(count))
    with journal.open("w") as out:
        for i, moment in enumerate(moments):
            out.write(
                f"[{moment:%Y-%m-%d %I:%M:%S %p}] Craving {rng.randint(0, 10)}/10 at the bar after work. "
                f"Called a friend; it passed after a while ({i}).\n\n"
            )
    config = folder / "config" / "jrnl"
    config.mkdir(parents=True, exist_ok=True)
    (config / "jrnl.yaml").write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\n"
        "indent_character: '|'\n"
        f"journals:\n  default:\n    journal: {journal}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%Y-%m-%d %I:%M:%S %p'\nversion: v4.6\n"
    )
    return {"XDG_CONFIG_HOME": str(folder / "config")}


# -- the run --------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description="Time cuelog as whole processes.")
    parser.add_argument("--quick", action="store_true", help="small journals, few runs (for CI)")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--results", type=Path, default=None, help="Markdown output file")
    parser.add_argument("--install-peers", action="store_true", help="install jrnl into benchmarks/.peers/ first")
    args = parser.parse_args()
    if args.install_peers:
        install_peers()
    sizes = QUICK_SIZES if args.quick else SIZES
    imports = QUICK_IMPORTS if args.quick else IMPORTS
    runs = args.runs or (3 if args.quick else 15)
    results_path = args.results or (None if args.quick else HERE / "RESULTS.md")
    cuelog = cuelog_cmd()
    compile_package()
    skipped: list[str] = []
    warmups = 1 if args.quick else 2

    with tempfile.TemporaryDirectory(prefix="cuelog-bench-") as tmp_name:
        tmp = Path(tmp_name)
        base_env = {
            **os.environ,
            "NO_COLOR": "1",
            "HOME": str(tmp),
            "XDG_DATA_HOME": str(tmp / "data"),
            "XDG_STATE_HOME": str(tmp / "state"),
            "XDG_CACHE_HOME": str(tmp / "cache"),
            "XDG_CONFIG_HOME": str(tmp / "config"),
        }
        for key in ("CUELOG_NOW", "CUELOG_DB", "CUELOG_CACHE", "CUELOG_PASSPHRASE_FILE"):
            base_env.pop(key, None)
        if not args.quick:  # the real key work factor: a locked command is timed as people meet it
            base_env.pop("CUELOG_TEST_SCRYPT_LOG_N", None)
        scenarios: list[Scenario] = []

        def add(name: str, size: str, argv: list[str], env: dict) -> None:
            scenarios.append(Scenario(name, size, argv, env))

        add("python -c pass", "-", [sys.executable, "-c", "pass"], base_env)
        add("cuelog --help", "-", cuelog + ["--help"], base_env)
        envs: dict[str, dict] = {}
        for label, (count, years) in sizes.items():
            store = tmp / label / "cuelog.json"
            generate(store, count, years, base_env)
            env = envs[label] = {**base_env, "CUELOG_DB": str(store)}
            add("cuelog craving 5 --place x", label, cuelog + ["craving", "5", "--place", "x"], env)
            add("cuelog status", label, cuelog + ["status"], env)
            add("cuelog list --limit 20", label, cuelog + ["list", "--limit", "20"], env)
            add("cuelog summary --since 30d", label, cuelog + ["summary", "--since", "30d"], env)
            if label != "40k":
                add("cuelog list --limit 10", label, cuelog + ["list", "--limit", "10"], env)
        big = envs["40k"]
        add("cuelog list --limit 20 --json", "40k", cuelog + ["list", "--limit", "20", "--json"], big)
        add("cuelog summary", "40k", cuelog + ["summary"], big)
        add("cuelog summary --json", "40k", cuelog + ["summary", "--json"], big)
        for name in ("markdown", "json", "csv", "html"):
            add(f"cuelog export --format {name}", "40k", cuelog + ["export", "--format", name], big)
        add("cuelog outlook", "40k", cuelog + ["outlook"], big)
        cold = {**big, "CUELOG_CACHE": "off"}
        add("cuelog summary (no cache)", "40k", cuelog + ["summary"], cold)
        add("cuelog export --format json (no cache)", "40k", cuelog + ["export", "--format", "json"], cold)

        # Three devices sharing one folder, 40k entries in all.
        shared = tmp / "40k-3dev" / "cuelog.json"
        generate(shared, *sizes["40k"], base_env, devices=3)
        three = {**base_env, "CUELOG_DB": str(shared)}
        add("cuelog summary (3 devices)", "40k", cuelog + ["summary"], three)
        add("cuelog craving 5 --place x (3 devices)", "40k", cuelog + ["craving", "5", "--place", "x"], three)

        # Import and undo, each pair on a journal of its own (the 1k one, copied): undo puts
        # it back, so every round imports the same entries into the same journal.
        for label, count in imports.items():
            source = tmp / f"import-{label}" / "cuelog.json"
            generate(source, count, 2, base_env)
            exported = tmp / f"import-{label}.json"
            with exported.open("w") as handle:
                subprocess.run(
                    cuelog + ["export", "--format", "json"],
                    env={**base_env, "CUELOG_DB": str(source)},
                    stdout=handle,
                    check=True,
                )
            target = tmp / f"into-{label}"
            shutil.copytree(tmp / "1k", target)
            env = {**base_env, "CUELOG_DB": str(target / "cuelog.json")}
            add(f"cuelog import ({label} entries)", label, cuelog + ["import", str(exported)], env)
            add("cuelog undo (of that import)", label, cuelog + ["undo"], env)

        # An encrypted 40k journal, at the real key work factor.
        secret = tmp / "passphrase"
        secret.write_text(PASSPHRASE + "\n")
        secret.chmod(0o600)  # a passphrase file others can read is refused
        sealed = tmp / "40k-encrypted"
        shutil.copytree(tmp / "40k", sealed)
        locked = {**base_env, "CUELOG_DB": str(sealed / "cuelog.json")}
        subprocess.run(
            cuelog + ["--passphrase-file", str(secret), "encrypt"], env=locked, check=True, capture_output=True
        )
        add(
            "cuelog craving 5 --place x (encrypted, --passphrase-file)",
            "40k",
            cuelog + ["--passphrase-file", str(secret), "craving", "5", "--place", "x"],
            locked,
        )
        # After 'cuelog unlock', on a copy of its own: the keyring entry is per key file, and
        # an unlocked journal would not read --passphrase-file, so sharing one journal would
        # time the locked scenario without its scrypt. Unlocked for longer than the run, and
        # locked again at the end, whatever happens.
        help_text = subprocess.run(cuelog + ["--help"], env=base_env, capture_output=True, text=True).stdout
        to_lock: list[dict] = []
        if any(line.split()[:1] == ["unlock"] for line in help_text.splitlines()):
            opened = tmp / "40k-encrypted-unlocked"
            shutil.copytree(sealed, opened)
            unlocked = {**base_env, "CUELOG_DB": str(opened / "cuelog.json")}
            done = subprocess.run(
                cuelog + ["--passphrase-file", str(secret), "unlock", "--for", "2h"],
                env=unlocked,
                capture_output=True,
                text=True,
            )
            if done.returncode == 0:
                to_lock.append(unlocked)
                add(
                    "cuelog craving 5 --place x (encrypted, unlocked)",
                    "40k",
                    cuelog + ["craving", "5", "--place", "x"],
                    unlocked,
                )
            else:
                skipped.append(f"craving after unlock: 'cuelog unlock' failed here ({done.stderr.strip()[:120]})")
        else:
            skipped.append("craving after 'cuelog unlock': this cuelog has no unlock command yet (skipped)")

        # Peers, on journals of the same sizes, in the same rounds.
        jrnl = jrnl_cmd()
        peer_name = None
        if jrnl is None:
            skipped.append("jrnl: not installed (run with --install-peers to put it in benchmarks/.peers/); skipped")
        else:
            peer_name = jrnl_version(jrnl)
            for label in ("1k", "10k"):
                count, years = sizes[label]
                env = {**base_env, **jrnl_journal(tmp / f"jrnl-{label}", count, years)}
                add("jrnl (add an entry)", label, [*jrnl, "Craving 5 at the bus stop. It passed."], env)
                add("jrnl -n 10", label, [*jrnl, "-n", "10"], env)
        for line in skipped:
            print(line, file=sys.stderr)

        # Rounds: every scenario once per round, so a slow spell of the machine hits all of them alike.
        try:
            for round_number in range(warmups + runs):
                for scenario in scenarios:
                    elapsed, cpu, peak = run_once(scenario.argv, scenario.env)
                    if round_number >= warmups:  # warm-up rounds are not counted
                        scenario.times.append(elapsed)
                        scenario.cpu.append(cpu)
                        scenario.peak = max(scenario.peak, peak)
            if to_lock:  # the locked journal stayed locked: its scenario paid for scrypt
                status = subprocess.run(cuelog + ["status"], env=locked, capture_output=True, text=True)
                if "unlocked" in status.stdout:
                    raise SystemExit("the --passphrase-file journal was unlocked too: its timing is not a locked one")
        finally:
            for env in to_lock:
                subprocess.run(cuelog + ["lock"], env=env, capture_output=True)

    med = {(s.name, s.size): statistics.median(s.times) * 1000 for s in scenarios}
    peak_of = {(s.name, s.size): s.peak for s in scenarios}
    cpu_of = {(s.name, s.size): statistics.median(s.cpu) * 1000 for s in scenarios}
    base = med[("python -c pass", "-")]
    craving = "cuelog craving 5 --place x"
    recent = "cuelog summary --since 30d"

    def ratio(a: tuple, b: tuple) -> float | None:
        return med[a] / med[b] if a in med and b in med else None

    def ms(key: tuple) -> float | None:
        return med.get(key)

    measures: list[tuple[str, float | None, str, bool | None, float | None]] = []

    def measure(name: str, value: float | None, target: str, limit: float | None, cpu: float | None = None) -> None:
        met = None if value is None or limit is None else value <= limit
        measures.append((name, value, target, met, cpu))

    locked = f"{craving} (encrypted, --passphrase-file)"
    for key, label in [("cuelog summary", "all-time summary")] + [
        (f"cuelog export --format {f}", f"export --format {f}") for f in ("markdown", "json", "csv", "html")
    ]:
        measure(f"{label} 40k, ms", ms((key, "40k")), "<= 500", 500, cpu_of.get((key, "40k")))
    measure("outlook 40k, ms", ms(("cuelog outlook", "40k")), "<= 500", 500, cpu_of.get(("cuelog outlook", "40k")))
    listing = ("cuelog list --limit 20", "40k")
    measure("list --limit 20 40k / craving 40k", ratio(listing, (craving, "40k")), "<= 1.0", 1.0)
    listing = ("cuelog list --limit 20 --json", "40k")
    measure("list --limit 20 --json 40k / craving 40k", ratio(listing, (craving, "40k")), "<= 1.0", 1.0)
    peaks = [p for (n, s), p in peak_of.items() if s == "40k" and n.startswith("cuelog") and n != locked]
    measure("peak memory of any cuelog run at 40k, MB", max(peaks, default=None), "< 100", 99.999)
    measure("peak memory, locked craving (the passphrase's scrypt), MB", peak_of.get((locked, "40k")), "as is", None)
    measure("craving 40k / craving 1k", ratio((craving, "40k"), (craving, "1k")), "<= 1.3", 1.3)
    measure("craving 40k / python -c pass", ratio((craving, "40k"), ("python -c pass", "-")), "<= 8", 8)
    measure("--help / python -c pass", ratio(("cuelog --help", "-"), ("python -c pass", "-")), "<= 10", 10)
    measure("status 40k / python -c pass", ratio(("cuelog status", "40k"), ("python -c pass", "-")), "<= 10", 10)
    measure("summary --since 30d 40k / 1k", ratio((recent, "40k"), (recent, "1k")), "<= 1.5", 1.5)
    imported = ("cuelog import (10k entries)", "10k"), ("cuelog import (4k entries)", "4k")
    measure("import 10k / import 4k", ratio(*imported), "<= 2.5 (linear)", 2.5)
    undone = ("cuelog undo (of that import)", "10k"), ("cuelog undo (of that import)", "4k")
    measure("undo of the import 10k / 4k", ratio(*undone), "<= 2.5 (linear)", 2.5)
    unlocked = (f"{craving} (encrypted, unlocked)", "40k")
    measure("craving encrypted, unlocked / plain (40k)", ratio(unlocked, (craving, "40k")), "<= 1.5", 1.5)
    measure(
        "craving encrypted, --passphrase-file / plain (40k)", ratio((locked, "40k"), (craving, "40k")), "as is", None
    )
    measure("craving encrypted, --passphrase-file / unlocked (40k)", ratio((locked, "40k"), unlocked), "as is", None)
    three = ("cuelog summary (3 devices)", "40k"), ("cuelog summary", "40k")
    measure("summary 3 devices / 1 device (40k)", ratio(*three), "<= 1.3", 1.3)
    three = (f"{craving} (3 devices)", "40k"), (craving, "40k")
    measure("craving 3 devices / 1 device (40k)", ratio(*three), "about 1 (unchanged)", 1.15)
    for label in ("1k", "10k"):
        peer = ("jrnl (add an entry)", label), (craving, label)
        measure(f"jrnl add / cuelog craving ({label})", ratio(*peer), "reported", None)
        peer = ("jrnl -n 10", label), ("cuelog list --limit 10", label)
        measure(f"jrnl -n 10 / cuelog list --limit 10 ({label})", ratio(*peer), "reported", None)

    lines = [
        "| scenario | journal | median ms | min ms | max ms | CPU ms | × python -c pass | peak MB |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for s in scenarios:
        t = [x * 1000 for x in s.times]
        lines.append(
            f"| `{s.name}` | {s.size} | {fmt(statistics.median(t))} | {fmt(min(t))} | {fmt(max(t))} "
            f"| {fmt(statistics.median(s.cpu) * 1000)} "
            f"| {statistics.median(t) / base:.1f} | {s.peak:.0f} |"
        )
    lines += ["", "| measure | value | target | met | CPU ms |", "|---|---:|---|---|---:|"]
    for name, value, target, met, cpu in measures:
        shown = "–" if value is None else f"{value:.2f}"
        verdict = "–" if met is None else ("yes" if met else "no")
        lines.append(f"| {name} | {shown} | {target} | {verdict} | {'' if cpu is None else fmt(cpu)} |")
    if skipped:
        lines += [""] + [f"- Skipped: {line}" for line in skipped]
    table = "\n".join(lines)
    print(table)

    if results_path:
        from cuelog import __version__

        journals = ", ".join(
            f"{k} = {count:,} entries over {years} year{'' if years == 1 else 's'}"
            for k, (count, years) in sizes.items()
        )
        load = os.getloadavg()
        header = (
            "# cuelog benchmark results\n\n"
            f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; cuelog {__version__}"
            + (f"; peer: {peer_name}" if peer_name else "")
            + ".  \n"
            f"Journals: {journals}; the 40k journal also as written by three devices, and encrypted "
            f"(real key work factor); imports of {', '.join(f'{n:,}' for n in imports.values())} entries "
            "into a copy of the 1k journal, each undone in the same round.  \n"
            f"Each scenario: {runs} runs after {warmups} warm-up rounds, as whole processes, output to /dev/null; "
            "the scenarios run interleaved, one of each per round, so machine drift hits all alike. "
            f"Load average at the end: {load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f} (a shared machine: "
            "read the ratios, the column against `python -c pass` and the CPU time, which waiting for a core "
            "does not add to, before the wall-clock milliseconds).\n\n"
        )
        results_path.write_text(header + table + "\n")
        print(f"\nwrote {results_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
