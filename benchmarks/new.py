"""How long `stackpick new` takes, beside `copier copy` and cookiecutter, in one run.

Run with the project's virtual environment: ``.venv/bin/python benchmarks/new.py``.

1. Rendering only: ``stackpick new --framework F --defaults`` (with and without its
   git commit) against ``copier copy`` of the very same template version from the
   very same store, and against cookiecutter rendering a template with the same
   files (made from the generated project by templating its package name); the
   commands take turns, and the table gives each one's ratio to cookiecutter and to
   copier. Goal (issue 12): ``new`` at most 0.6 s and under 1.5x cookiecutter.
2. Nothing to green tests: ``stackpick new --framework F --defaults --install`` (venv,
   uv.lock, install, migrate, the project's pytest, first commit), with an empty uv
   cache (cold: every package downloaded) and again with the same cache (warm, median
   of a few runs), with the time of each step as the command reports it.
   Goal (issue 12): warm, Flask at most 8 s and Django at most 10 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# Run as a script, so this folder is on sys.path.
from _timing import (
    bench_env,
    find,
    interleaved_medians,
    print_table,
    run_quiet,
    warn_if_not_byte_compiled,
)


def store_redirect_env(home: Path) -> dict[str, str]:
    """The environment that lets plain copier read stackpick's store (as stackpick does)."""
    from generator.template.store import TemplateStore

    env = bench_env(STACKPICK_HOME=str(home))
    return {**env, **TemplateStore(home).redirect_environment(env)}


def cookiecutter_twin(project: Path, package: str, dest: Path) -> Path:
    """A cookiecutter template with the same files as ``project``."""
    root = dest / "{{cookiecutter.project_slug}}"
    for path in project.rglob("*"):
        relative = path.relative_to(project)
        if ".git" in relative.parts or path.is_dir():
            continue
        target = root / Path(str(relative).replace(package, "{{cookiecutter.package_name}}"))
        target.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_bytes().decode("utf-8", "replace")
        text = text.replace("{{", "{{ '{{' }}").replace("{%", "{{ '{%' }}")
        target.write_text(text.replace(package, "{{cookiecutter.package_name}}"))
    (dest / "cookiecutter.json").write_text(
        json.dumps({"project_slug": "bench-project", "package_name": package})
    )
    return dest


RENDER_GOAL_SECONDS = 0.6
"""Issue 12: the median ``new --framework F --defaults`` takes at most this long..."""
RENDER_GOAL_RATIO = 1.5
"""...and less than this many times cookiecutter rendering the same files."""


def rendering(framework: str, runs: int, work: Path, home: Path) -> None:
    """``new`` (with and without git) beside ``copier copy`` and cookiecutter, taking turns."""
    from generator.template.store import TEMPLATE_URL, TemplateStore

    stackpick, copier, cookiecutter = find("stackpick"), find("copier"), find("cookiecutter")
    tag = TemplateStore(home).ensure_installed()
    env = store_redirect_env(home)

    def fresh(name: str, i: int) -> Path:
        target = work / f"{framework}-{name}-{i}"
        shutil.rmtree(target, ignore_errors=True)
        return target

    def new(name: str, *extra: str) -> Callable[[int], None]:
        return lambda i: run_quiet(
            [stackpick, "new", str(fresh(name, i)), "--framework", framework, "--defaults", *extra],
            env,
        )

    # The sample project (and so the cookiecutter twin) comes from this stackpick.
    sample = work / f"{framework}-sample"
    shutil.rmtree(sample, ignore_errors=True)
    run_quiet([stackpick, "new", str(sample), "--framework", framework, "--defaults"], env)
    files = sum(1 for p in sample.rglob("*") if p.is_file() and ".git" not in p.parts)

    new_label = f"stackpick new --framework {framework} --defaults"
    copier_label = "copier copy (same template version and store)"
    cookiecutter_label = "cookiecutter (a template with the same files)"
    actions: dict[str, Callable[[int], None]] = {
        new_label: new("stackpick"),
        "  ... --no-git": new("nogit", "--no-git"),
        copier_label: lambda i: run_quiet(
            [
                str(copier),
                "copy",
                "--trust",
                "--defaults",
                "--quiet",
                "--data",
                f"framework={framework}",
                "--vcs-ref",
                tag,
                TEMPLATE_URL,
                str(fresh("copier", i)),
            ],
            env,
        ),
    }
    if cookiecutter:
        twin = cookiecutter_twin(sample, "my_web_app", work / f"{framework}-cc-template")
        actions[cookiecutter_label] = lambda i: run_quiet(
            [
                str(cookiecutter),
                "--no-input",
                "--overwrite-if-exists",
                "-o",
                str(fresh("cc-out", i)),
                str(twin),
            ],
            env,
        )
    medians = interleaved_medians(actions, runs)
    rows: list[tuple[str, float | None]] = [(label, medians.get(label)) for label in actions]
    if not cookiecutter:
        rows.append((cookiecutter_label, None))
    print_table(
        f"{framework}: rendering a {files}-file project (median of {runs}, taking turns; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)",
        rows,
        (cookiecutter_label, copier_label),
    )
    seconds, twin_seconds = medians[new_label], medians.get(cookiecutter_label)
    fast_enough = seconds <= RENDER_GOAL_SECONDS
    verdicts = [f"{seconds:.3f} s ({'<=' if fast_enough else '>'} {RENDER_GOAL_SECONDS} s)"]
    close_enough = False
    if twin_seconds:
        ratio = seconds / twin_seconds
        close_enough = ratio < RENDER_GOAL_RATIO
        verdicts.append(
            f"{ratio:.2f}x cookiecutter ({'<' if close_enough else '>='} {RENDER_GOAL_RATIO}x)"
        )
    met = "met" if fast_enough and close_enough else "NOT met"
    print(f"  goal (issue 12) {met}: {'; '.join(verdicts)}")


INSTALL_GOALS = {"flask": 8.0, "django": 10.0}
"""Seconds, warm uv cache (issue 12)."""


def _load() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def install_once(framework: str, project: Path, env: dict[str, str]) -> dict[str, float]:
    """Run ``new --install`` once; the total and each step's time from its output lines."""
    stackpick = find("stackpick")
    shutil.rmtree(project, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        [stackpick, "new", str(project), "--framework", framework, "--defaults", "--install"],
        env=env,
        cwd=project.parent,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    total = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode != 0:
        raise RuntimeError(f"new --install failed:\n{result.stdout[-3000:]}{result.stderr}")
    # Plain output (no terminal): "  ok      install    1.0 s  uv sync --extra dev"
    steps = {
        words[1]: float(words[2])
        for words in (line.split() for line in result.stdout.splitlines())
        if len(words) > 3 and words[0] == "ok" and words[3] == "s"
    }
    return {**steps, "total": total, "cpu": cpu}


def nothing_to_green(framework: str, runs: int, work: Path, home: Path) -> None:
    """``new --install``: cold uv cache once, then warm (the same cache) ``runs`` times."""
    cache = work / f"{framework}-uv-cache"
    shutil.rmtree(cache, ignore_errors=True)
    env = store_redirect_env(home)
    env["UV_CACHE_DIR"] = str(cache)
    # uv from this environment first, as the user's PATH would have it.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    loads = [_load()]
    cold = install_once(framework, work / f"{framework}-install-cold", env)
    warm_runs = []
    for i in range(runs):
        warm_runs.append(install_once(framework, work / f"{framework}-install-warm-{i}", env))
        loads.append(_load())
    warm = {key: statistics.median(run[key] for run in warm_runs) for key in warm_runs[0]}
    goal = INSTALL_GOALS[framework]
    print(
        f"\n{framework}: new --install, nothing to green tests "
        f"(warm: median of {runs}; goal warm <= {goal:.0f} s; load average {', '.join(loads)})"
    )
    print(f"  {'step':<10} {'cold cache':>12} {'warm cache':>12}")
    for key in [k for k in cold if k not in ("total", "cpu")] + ["total", "cpu"]:
        label = "CPU time" if key == "cpu" else key
        print(f"  {label:<10} {cold[key]:>10.1f} s {warm.get(key, float('nan')):>10.1f} s")
    verdict = "meets" if warm["total"] <= goal else "misses"
    print(f"  warm total {warm['total']:.1f} s {verdict} the goal of {goal:.0f} s")
    print(
        "  (CPU time: user+sys of stackpick and every step; the database and tests steps "
        "run side by side, so wall time can be below it on an idle machine)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=5, help="runs per command (default 5)")
    parser.add_argument("--framework", choices=("flask", "django"), action="append")
    parser.add_argument("--render-only", action="store_true", help="skip new --install")
    parser.add_argument("--install-only", action="store_true", help="only new --install")
    parser.add_argument(
        "--install-runs", type=int, default=3, help="warm new --install runs (default 3)"
    )
    args = parser.parse_args()
    warn_if_not_byte_compiled()
    with tempfile.TemporaryDirectory(prefix="stackpick-bench-") as scratch:
        work, home = Path(scratch) / "work", Path(scratch) / "home"
        work.mkdir()
        for framework in args.framework or ["flask", "django"]:
            if not args.install_only:
                rendering(framework, args.runs, work, home)
            if not args.render_only:
                nothing_to_green(framework, args.install_runs, work, home)
    return 0


if __name__ == "__main__":
    sys.exit(main())
