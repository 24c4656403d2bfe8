"""``stackpick new --install``: from rendered files to a project whose tests pass.

The steps are the commands a user would type in the project folder, run in that
order: make ``.venv``; write ``uv.lock`` and install from it (with the dev tools) in
one ``uv sync``; migrate the development database; run the project's tests. Without
uv the venv is made with ``python -m venv`` and pip installs the project (and no lock
is written).

Each step runs in its own process group, with its output captured. When a step fails
or Ctrl-C interrupts it (the group is stopped), :class:`~generator.errors.SetupError`
names the step and gives the exact commands that finish the job by hand. Everything
happens inside the project folder: the venv, the lock, the database, test caches
(uv's own cache aside).
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
import tomllib
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal, Protocol

from generator.errors import SetupError
from generator.project.next_steps import database_server_step, migrate_command

VENV = ".venv"
LOCK_FILE = "uv.lock"
_OUTPUT_LINES = 200
"""How many lines of a step's output are kept (the end is shown when it fails)."""
_STOP_GRACE_SECONDS = 5.0
"""After Ctrl-C, how long a step's processes get to stop before they are killed."""

Tool = Literal["uv", "pip"]


@dataclass(frozen=True)
class InstallStep:
    """One step: a short name, what it does, and the exact command (run in the project)."""

    name: str
    summary: str
    command: str
    alongside_previous: bool = False
    """Runs at the same time as the step before it (neither needs the other's result)."""

    @property
    def argv(self) -> list[str]:
        """The command as arguments (no shell is involved)."""
        return shlex.split(self.command)


@dataclass(frozen=True)
class InstallPlan:
    """The steps for one project, and whether uv or pip does the installing."""

    tool: Tool
    steps: list[InstallStep]


@dataclass(frozen=True)
class StepOutcome:
    """How a step ended."""

    step: InstallStep
    seconds: float
    returncode: int | None = 0
    """The command's exit status; None when it was interrupted or could not start."""
    interrupted: bool = False
    output: list[str] = field(default_factory=list)
    """The last lines the command printed (stdout and stderr together)."""

    @property
    def ok(self) -> bool:
        """The step finished with exit status 0."""
        return self.returncode == 0 and not self.interrupted


class StepReporter(Protocol):
    """Shows progress; the command layer implements it (a terminal display or plain lines)."""

    def started(self, step: InstallStep) -> None:
        """``step`` is running."""

    def ended(self, outcome: StepOutcome) -> None:
        """``outcome.step`` finished, failed or was interrupted."""


def find_uv() -> str | None:
    """The uv found on PATH, or None (then the venv and pip do the job)."""
    return shutil.which("uv")


def _pyproject(project: Path) -> dict[str, Any]:
    return tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))


def _dev_install_options(project: Path) -> list[str]:
    """``uv sync`` options that include the dev tools, as the project declares them.

    An optional ``dev`` extra needs ``--extra dev``; a ``dev`` dependency group is
    synced by default.
    """
    extras = _pyproject(project).get("project", {}).get("optional-dependencies", {})
    return ["--extra", "dev"] if "dev" in extras else []


def pytest_command(project: Path) -> str:
    """The project's pytest, from its venv; without the coverage report when nothing
    depends on it (the project measures coverage with ``--cov`` but sets no minimum),
    which makes the run about a quarter faster."""
    pyproject = _pyproject(project)
    pytest_options = pyproject.get("tool", {}).get("pytest", {}).get("ini_options", {})
    addopts = pytest_options.get("addopts", "")
    addopts = " ".join(addopts) if isinstance(addopts, list) else str(addopts)
    coverage_report = pyproject.get("tool", {}).get("coverage", {}).get("report", {})
    minimum = "fail-under" in addopts or "fail_under" in coverage_report
    skip_coverage = "--cov" in addopts.split() and not minimum
    return in_venv("python -m pytest" + (" --no-cov" if skip_coverage else ""))


def in_venv(command: str) -> str:
    """``command`` with its program taken from the project's venv (``.venv/bin/...``)."""
    program, _, rest = command.partition(" ")
    return f"{VENV}/bin/{program}" + (f" {rest}" if rest else "")


def plan_install(
    project: Path,
    answers: Mapping[str, Any],
    *,
    uv: str | None = None,
    python: str | None = None,
) -> InstallPlan:
    """The steps for ``project``: with uv when ``uv`` is given, else venv and pip."""
    python = python or sys.executable
    steps: list[InstallStep]
    if uv:
        # One `uv sync` resolves, writes uv.lock and installs from it: a separate
        # `uv lock` would resolve (and ask the index) a second time, for ~0.8 s more.
        sync = shlex.join(["uv", "sync", *_dev_install_options(project)])
        steps = [
            InstallStep(
                "venv",
                "virtual environment",
                shlex.join(["uv", "venv", VENV, "--python", python]),
            ),
            InstallStep(
                "install", f"write {LOCK_FILE}, install the project and its dev tools", sync
            ),
        ]
    else:
        target = ".[dev]" if _dev_install_options(project) else "."
        steps = [
            InstallStep("venv", "virtual environment", shlex.join([python, "-m", "venv", VENV])),
            InstallStep(
                "install",
                "install the project and its dev tools with pip",
                shlex.join([f"{VENV}/bin/python", "-m", "pip", "install", "-e", target]),
            ),
        ]
    migrate = migrate_command(answers)
    if migrate:
        steps.append(InstallStep("database", "migrate the development database", in_venv(migrate)))
    # The tests make their own database (in memory, or a test_ database on the server),
    # so they run while the development database is migrated.
    steps.append(
        InstallStep(
            "tests",
            "run the project's tests",
            pytest_command(project),
            alongside_previous=migrate is not None,
        )
    )
    return InstallPlan("uv" if uv else "pip", steps)


def step_environment(project: Path, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of every step: the user's, with the project's venv activated.

    uv must not download a Python (the venv uses the interpreter running stackpick), and
    a venv or project environment chosen for another folder is dropped, so nothing is
    written outside the project.
    """
    env = dict(os.environ if base is None else base)
    for key in ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "PYTHONHOME", "CONDA_PREFIX"):
        env.pop(key, None)
    venv = project / VENV
    env["VIRTUAL_ENV"] = str(venv)
    env["PATH"] = os.pathsep.join([str(venv / "bin"), env.get("PATH", os.defpath)])
    env.setdefault("UV_PYTHON_DOWNLOADS", "never")
    return env


def _drain(stream: IO[str], lines: deque[str]) -> None:
    for line in stream:
        lines.append(line.rstrip("\n"))


def _stop(process: subprocess.Popen[str]) -> None:
    """Stop the step's whole process group: SIGINT, then SIGKILL after a grace period."""
    for sig, grace in ((signal.SIGINT, _STOP_GRACE_SECONDS), (signal.SIGKILL, None)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue
        except KeyboardInterrupt:
            continue  # a second Ctrl-C: kill at once


class _Running:
    """A started step: its process group, the reader of its output, its clock."""

    def __init__(self, step: InstallStep, project: Path, env: Mapping[str, str]) -> None:
        self.step = step
        self.started = time.perf_counter()
        self.lines: deque[str] = deque(maxlen=_OUTPUT_LINES)
        self.process: subprocess.Popen[str] | None = None
        self.reader: threading.Thread | None = None
        self.failed_to_start: str | None = None
        try:
            self.process = subprocess.Popen(
                step.argv,
                cwd=project,
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                errors="replace",
                start_new_session=True,
            )
        except OSError as error:
            self.failed_to_start = f"{step.argv[0]}: {error}"
            return
        assert self.process.stdout is not None
        self.reader = threading.Thread(
            target=_drain, args=(self.process.stdout, self.lines), daemon=True
        )
        self.reader.start()

    def poll(self) -> StepOutcome | None:
        """The outcome once the step has ended, else None."""
        if self.process is None:
            return StepOutcome(
                self.step,
                time.perf_counter() - self.started,
                None,
                output=[self.failed_to_start or ""],
            )
        returncode = self.process.poll()
        if returncode is None:
            return None
        seconds = time.perf_counter() - self.started
        if self.reader is not None:
            self.reader.join(timeout=5)
        return StepOutcome(self.step, seconds, returncode, output=list(self.lines))

    def stop(self) -> StepOutcome:
        """Stop the step's processes (Ctrl-C); the outcome says it was interrupted."""
        if self.process is not None:
            _stop(self.process)
        return StepOutcome(self.step, time.perf_counter() - self.started, None, interrupted=True)


_POLL_SECONDS = 0.05


def _groups(steps: list[InstallStep]) -> list[list[InstallStep]]:
    """Steps that run together: each step with those marked to run alongside it."""
    groups: list[list[InstallStep]] = []
    for step in steps:
        if step.alongside_previous and groups:
            groups[-1].append(step)
        else:
            groups.append([step])
    return groups


def _run_group(
    group: list[InstallStep], project: Path, env: Mapping[str, str], reporter: StepReporter
) -> list[StepOutcome]:
    """Start every step of ``group``, report each as it ends; outcomes in plan order.

    Ctrl-C stops the steps still running, reports them as interrupted, and is raised
    again as :class:`_Interrupted`.
    """
    running: list[_Running] = []
    outcomes: dict[str, StepOutcome] = {}
    try:
        for step in group:
            reporter.started(step)
            running.append(_Running(step, project, env))
        while len(outcomes) < len(running):
            for item in running:
                if item.step.name in outcomes:
                    continue
                outcome = item.poll()
                if outcome is not None:
                    outcomes[item.step.name] = outcome
                    reporter.ended(outcome)
            if len(outcomes) < len(running):
                time.sleep(_POLL_SECONDS)
    except KeyboardInterrupt:
        stopped = [item.stop() for item in running if item.step.name not in outcomes]
        for outcome in stopped:
            reporter.ended(outcome)
        first = stopped[0] if stopped else None
        raise _Interrupted(first) from None
    return [outcomes[step.name] for step in group]


class _Interrupted(Exception):
    def __init__(self, outcome: StepOutcome | None) -> None:
        super().__init__()
        self.outcome = outcome


def finish_commands(
    plan: InstallPlan, failed: InstallStep, location: str, *, commit_lock: bool
) -> str:
    """The one shell line that finishes the install by hand from the ``failed`` step on."""
    remaining = plan.steps[plan.steps.index(failed) :]
    commands = [step.command for step in remaining]
    if commit_lock and plan.tool == "uv" and any(step.name == "install" for step in remaining):
        commands.append(f"git add {LOCK_FILE} && git commit -m 'Add {LOCK_FILE}'")
    if location not in ("", "."):
        commands.insert(0, f"cd {shlex.quote(location)}")
    return " && ".join(commands)


def _failure(
    outcome: StepOutcome,
    plan: InstallPlan,
    answers: Mapping[str, Any],
    location: str,
    *,
    committed: bool,
) -> SetupError:
    step = outcome.step
    if outcome.interrupted:
        message = f"Interrupted during the {step.name} step ({step.summary})"
    elif outcome.returncode is None:
        message = f"The {step.name} step could not start `{step.command}`"
    else:
        message = f"The {step.name} step failed (`{step.command}` exited with {outcome.returncode})"
    kept = "The project is kept and committed" if committed else "The project is kept"
    finish = finish_commands(plan, step, location, commit_lock=committed)
    server = database_server_step(answers)
    before = ""
    if server and step.name in ("database", "tests"):
        starts = f" (`{server.command}` starts one)" if "docker" in server.command else ""
        before = (
            f"make sure DATABASE_URL in .env names a running database server{starts} "
            "that accepts its user, then "
        )
    return SetupError(message, f"{kept}; {before}finish by hand: {finish}")


def run_install(
    project: Path,
    answers: Mapping[str, Any],
    plan: InstallPlan,
    reporter: StepReporter,
    *,
    location: str,
    committed: bool,
    env: Mapping[str, str] | None = None,
) -> list[StepOutcome]:
    """Run ``plan``'s steps in ``project`` in order; stop after the first that fails.

    ``location`` is how the user reaches the project (for ``cd`` in the finish line);
    ``committed`` says whether the project will be committed after this returns or
    raises. Raises :class:`SetupError` for a failed or interrupted step.
    """
    environment = step_environment(project) if env is None else dict(env)
    done: list[StepOutcome] = []
    groups = _groups(plan.steps)
    try:
        for group in groups:
            outcomes = _run_group(group, project, environment, reporter)
            done += outcomes
            failed = [outcome for outcome in outcomes if not outcome.ok]
            if failed:
                raise _failure(failed[0], plan, answers, location, committed=committed)
    except _Interrupted as stop:
        outcome = stop.outcome or StepOutcome(_next_step(plan, done), 0.0, None, interrupted=True)
        raise _failure(outcome, plan, answers, location, committed=committed) from None
    except KeyboardInterrupt:
        # Between two steps: the next one is where the user takes over.
        outcome = StepOutcome(_next_step(plan, done), 0.0, None, interrupted=True)
        raise _failure(outcome, plan, answers, location, committed=committed) from None
    return done


def interrupted_before_start(
    plan: InstallPlan | None, answers: Mapping[str, Any], location: str, *, committed: bool
) -> SetupError:
    """The error for Ctrl-C after the files are in place but before the first step ran."""
    if plan is None:
        kept = "The project is kept and committed" if committed else "The project is kept"
        return SetupError(
            "Interrupted before the install started", f"{kept}; set it up as its README says"
        )
    first = StepOutcome(plan.steps[0], 0.0, None, interrupted=True)
    return _failure(first, plan, answers, location, committed=committed)


def _next_step(plan: InstallPlan, done: list[StepOutcome]) -> InstallStep:
    finished = {outcome.step.name for outcome in done}
    remaining = [step for step in plan.steps if step.name not in finished]
    return remaining[0] if remaining else plan.steps[-1]
