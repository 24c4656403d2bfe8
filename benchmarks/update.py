"""Time `stackpick update` against plain `copier update` on the same project and change.

Builds the two test releases (v1 0.1.0, v2 0.2.0; see tests/update/releases.py),
makes a Flask project with v1, and then, on a fresh copy of that project each run,
times the median of:

* upgrade v1 → v2: ``stackpick update`` vs ``copier update --trust --defaults
  --conflict inline --vcs-ref v0.2.0``;
* an answer change only (v1 tool, ``database=postgresql``): ``stackpick update
  --data ...`` vs ``copier update --data ... --vcs-ref v0.1.0``;
* the no-op case: ``stackpick update`` on a current project (goal: under 0.5 s),
  with ``copier update --vcs-ref v0.1.0`` on the same project for reference.

Copier gets the same template store through the same ``insteadOf`` environment
stackpick uses, and the same Copier cache folder. Goals: no slower than Copier.

    .venv/bin/python benchmarks/update.py [--runs 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.template.store import TemplateStore  # noqa: E402
from tests.update.releases import V1, V2, Release, build_release  # noqa: E402

IDENTITY = {
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
}


def environment(home: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIT_CONFIG", "COPIER_", "STACKPICK_", "PIP_"))
        and key not in ("VIRTUAL_ENV", "PYTHONPATH")
    }
    env.update(IDENTITY)
    env.update({"STACKPICK_HOME": str(home), "CI": "true"})
    return env


def copier_environment(home: Path) -> dict[str, str]:
    """What stackpick's TemplateStore.redirect() sets, for plain Copier."""
    env = environment(home)
    return {**env, **TemplateStore(home).redirect_environment(env)}


def run(argv: list[str], env: dict[str, str], cwd: Path, ok: tuple[int, ...] = (0,)) -> None:
    result = subprocess.run(
        argv,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode not in ok:
        raise RuntimeError(f"{' '.join(argv)} exited {result.returncode}:\n{result.stderr[-2000:]}")


def median(action: Callable[[], None], prepare: Callable[[], None], runs: int) -> float:
    samples = []
    for _ in range(runs):
        prepare()
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build into DIR and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="stackpick-bench-update-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        wheelhouse = root / "wheelhouse"
        wheelhouse.mkdir(exist_ok=True)
        print("building releases ...", flush=True)
        v1 = build_release(root / "v1", wheelhouse, V1)
        v2 = build_release(root / "v2", wheelhouse, V2)
        home = root / "home"
        env = environment(home)
        pristine = root / "pristine"
        run(
            [str(v1.stackpick), "new", str(pristine), "--framework", "flask", "--defaults"],
            env,
            root,
        )
        work = root / "work"

        def fresh() -> None:
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(pristine, work, symlinks=True)

        # Warm-up: stores v2 in the template store and fills Copier's cache.
        fresh()
        run([str(v2.stackpick), "update", "--pretend"], env, work)

        def stackpick(release: Release, *extra: str) -> Callable[[], None]:
            return lambda: run([str(release.stackpick), "update", *extra], env, work, (0, 4))

        def copier(release: Release, tag: str, *extra: str) -> Callable[[], None]:
            argv = [
                str(release.venv / "bin" / "copier"),
                "update",
                "--trust",
                "--defaults",
                "--skip-answered",
                "--conflict",
                "inline",
                "--vcs-ref",
                tag,
                *extra,
            ]
            return lambda: run(argv, copier_environment(home), work)

        data = ("--data", "database=postgresql")
        cases = [
            (
                f"upgrade v{V1} → v{V2}",
                stackpick(v2),
                copier(v2, f"v{V2}"),
            ),
            (
                "answer change (database=postgresql)",
                stackpick(v1, *data),
                copier(v1, f"v{V1}", *data),
            ),
            (
                "no-op (already current)",
                stackpick(v1),
                copier(v1, f"v{V1}"),
            ),
        ]
        print(f"\nmedian of {args.runs} runs, fresh project copy each run")
        print(f"  {'case':<38} {'stackpick':>10} {'copier':>10} {'ratio':>7}")
        for label, ours, theirs in cases:
            ours_s = median(ours, fresh, args.runs)
            theirs_s = median(theirs, fresh, args.runs)
            print(
                f"  {label:<38} {ours_s:9.2f}s {theirs_s:9.2f}s {ours_s / theirs_s:6.2f}x",
                flush=True,
            )
        noop = median(stackpick(v1), lambda: None, max(args.runs, 5))
        goal = "met" if noop < 0.5 else "MISSED"
        print(f"\nno-op stackpick update: {noop:.3f}s (goal < 0.5 s: {goal})")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
