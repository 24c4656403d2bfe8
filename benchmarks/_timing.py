"""Shared helpers for the benchmark scripts: find tools, time commands, print tables."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

BIN = Path(sys.executable).parent


def find(tool: str) -> str | None:
    """The tool from this interpreter's environment first, then from PATH."""
    local = BIN / tool
    if local.exists():
        return str(local)
    return shutil.which(tool)


def bench_env(**extra: str) -> dict[str, str]:
    """The environment for timed commands: no CI switch, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(extra)
    return env


def run_quiet(argv: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> None:
    """Run a command, discarding its output; raise if it fails."""
    result = subprocess.run(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=env or bench_env(),
        cwd=cwd,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{result.stdout[-2000:]}")


def median_seconds(action: Callable[[int], None], runs: int, *, warmup: bool = True) -> float:
    """Median wall time of ``action(i)`` over ``runs`` runs (plus one untimed warm-up)."""
    samples = []
    for i in range(runs + int(warmup)):
        start = time.perf_counter()
        action(i)
        if i or not warmup:
            samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def interleaved_medians(
    actions: dict[str, Callable[[int], None]], runs: int, *, warmup: bool = True
) -> dict[str, float]:
    """Median wall time of each ``action(i)``, the actions taking turns run by run.

    Taking turns (rather than timing one command ``runs`` times, then the next) spreads
    a busy machine's slow moments over every command, so their ratios stay fair.
    """
    samples: dict[str, list[float]] = {label: [] for label in actions}
    for i in range(runs + int(warmup)):
        for label, action in actions.items():
            start = time.perf_counter()
            action(i)
            if i or not warmup:
                samples[label].append(time.perf_counter() - start)
    return {label: statistics.median(times) for label, times in samples.items()}


def print_table(
    title: str, rows: list[tuple[str, float | None]], baseline: str | tuple[str, ...]
) -> None:
    """Rows of (label, seconds); each with its ratio to the ``baseline`` row(s)."""
    baselines = (baseline,) if isinstance(baseline, str) else baseline
    values = dict(rows)
    print(f"\n{title}")
    for label, seconds in rows:
        if seconds is None:
            print(f"  {label:<46} not installed")
            continue
        ratios = "   ".join(
            f"{seconds / base:5.2f}x {name.split(' (')[0]}"
            for name in baselines
            if (base := values.get(name)) and name != label
        )
        print(f"  {label:<46} {seconds:7.3f} s   {ratios}")


def warn_if_not_byte_compiled() -> None:
    """Say so when site-packages or stackpick itself has no bytecode: every run would
    compile from source, which no installed stackpick does.

    pip byte-compiles on install; uv does only with ``--compile-bytecode``, and this
    machine sets PYTHONDONTWRITEBYTECODE=1, so an uncompiled venv stays uncompiled. An
    editable install's own package (``generator/``) is never compiled by the installer.
    """
    import copier

    import generator

    if not (Path(copier.__file__).parent / "__pycache__").is_dir():
        print(
            "warning: this venv is not byte-compiled, so start-up costs dominate; run "
            "`python -m compileall -q .venv/lib` (or install with uv --compile-bytecode)"
        )
    package = Path(generator.__file__).parent
    if not (package / "__pycache__").is_dir():
        print(
            f"warning: {package} is not byte-compiled (an editable install), so every run "
            f"compiles it; run `python -m compileall -q {package}` first"
        )
