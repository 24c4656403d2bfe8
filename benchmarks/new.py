"""How long `stackpick new` takes, beside `copier copy` and cookiecutter, in one run.

Run with the project's virtual environment: ``.venv/bin/python benchmarks/new.py``.

1. Rendering only: ``stackpick new --framework F --defaults`` (with and without its
   git commit) against ``copier copy`` of the very same template version from the
   very same store, and against cookiecutter rendering a template with the same
   files (made from the generated project by templating its package name); the
   commands take turns, and the table gives each one's ratio to cookiecutter and to
   copier. Goal (issue 12): ``new`` at most 0.6 s and under 1.5x cookiecutter.
2. Nothing to green tests: ``new``, a virtual environment, ``pip install -e .[dev]``
   with uv and a warm cache, then the project's own pytest.

Goal for nothing-to-green: under 30 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
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


def nothing_to_green(framework: str, work: Path, home: Path) -> None:
    stackpick, uv = find("stackpick"), find("uv")
    env = store_redirect_env(home)
    project = work / f"{framework}-green"
    shutil.rmtree(project, ignore_errors=True)
    steps: list[tuple[str, float | None]] = []
    started = time.perf_counter()
    for label, argv, cwd in [
        (
            "stackpick new",
            [stackpick, "new", str(project), "--framework", framework, "--defaults"],
            work,
        ),
        ("uv venv", [uv, "venv", "--quiet", str(project / ".venv")], project),
        (
            "uv pip install -e .[dev] (warm cache)",
            [
                uv,
                "pip",
                "install",
                "--quiet",
                "--python",
                str(project / ".venv/bin/python"),
                "-e",
                ".[dev]",
            ],
            project,
        ),
        (
            "pytest",
            [str(project / ".venv/bin/python"), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
            project,
        ),
    ]:
        step_start = time.perf_counter()
        run_quiet(argv, env, cwd)
        steps.append((label, time.perf_counter() - step_start))
    steps.append(("total: nothing to green tests", time.perf_counter() - started))
    print_table(f"{framework}: nothing to green tests (goal < 30 s)", steps, "stackpick new")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=5, help="runs per command (default 5)")
    parser.add_argument("--framework", choices=("flask", "django"), action="append")
    parser.add_argument("--render-only", action="store_true", help="skip nothing-to-green")
    args = parser.parse_args()
    warn_if_not_byte_compiled()
    with tempfile.TemporaryDirectory(prefix="stackpick-bench-") as scratch:
        work, home = Path(scratch) / "work", Path(scratch) / "home"
        work.mkdir()
        for framework in args.framework or ["flask", "django"]:
            rendering(framework, args.runs, work, home)
            if not args.render_only:
                nothing_to_green(framework, work, home)  # run once to warm uv's cache
                nothing_to_green(framework, work, home)
    return 0


if __name__ == "__main__":
    sys.exit(main())
