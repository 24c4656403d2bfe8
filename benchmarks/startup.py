"""Start-up time of `stackpick --help` / `--version`, compared with Python and other tools.

Run with the project's virtual environment, e.g. ``.venv/bin/python benchmarks/startup.py``.
Prints the median wall time of N runs per command, all measured in the same run,
with each command's ratio to a bare ``python -c pass`` and to ``stackpick --help``.
A tool that is not installed is reported as such instead of timed. Goal: under 100 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

# Run as a script, so this folder is on sys.path.
from _timing import find

GOAL_MS = 100.0


def time_command(argv: list[str], runs: int) -> float:
    """Median wall time in milliseconds of ``runs`` runs (after one warm-up run)."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    samples = []
    for i in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(
            argv,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            env=env,
            check=False,
        )
        if i:  # the first run only warms the file cache
            samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=15, help="runs per command (default 15)")
    runs = parser.parse_args().runs

    stackpick = find("stackpick")
    commands: list[tuple[str, list[str] | None]] = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("stackpick --help", [stackpick, "--help"] if stackpick else None),
        ("stackpick --version", [stackpick, "--version"] if stackpick else None),
        ("python -m generator --help", [sys.executable, "-m", "generator", "--help"]),
    ]
    for tool in ("copier", "cookiecutter"):
        path = find(tool)
        commands.append((f"{tool} --help", [path, "--help"] if path else None))

    results: dict[str, float] = {}
    print(f"median of {runs} runs, {sys.executable}")
    for label, argv in commands:
        if argv is None:
            print(f"  {label:<28} not installed (install it into this environment to compare)")
            continue
        results[label] = time_command(argv, runs)

    base = results["python -c pass"]
    ours = results.get("stackpick --help")
    print(f"  {'command':<28} {'median':>9} {'x python':>9} {'x stackpick':>12}")
    for label, ms in results.items():
        vs_ours = f"{ms / ours:>11.1f}x" if ours else f"{'-':>12}"
        print(f"  {label:<28} {ms:>7.1f}ms {ms / base:>8.1f}x {vs_ours}")
    if ours is not None:
        verdict = "meets" if ours < GOAL_MS else "MISSES"
        print(
            f"stackpick --help: {ours:.1f} ms, {verdict} the {GOAL_MS:.0f} ms goal "
            f"({ours - base:.1f} ms above bare Python)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
