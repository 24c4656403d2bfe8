"""Run a rendered project's Celery worker exactly as its Procfile says, for both frameworks.

``procfile_worker`` starts the ``worker:`` line as a separate process from the project's
venv, with ``REDIS_URL`` and ``CELERY_BROKER_URL`` pointing at a real Redis, waits until
the worker says it is ready, and on leaving stops it with SIGTERM and checks that it shut
down warmly with exit code 0. ``call_through_broker`` sends a task with Celery's own CLI
(``celery -A <app> call <task>``) and fetches its result (``celery -A <app> result <id>``),
so the answer really travelled worker -> Redis -> CLI.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.support.environments import run_in

READY_MARKER = " ready."
WARM_SHUTDOWN_MARKER = "Warm shutdown"


def procfile_command(project: Path, process: str = "worker") -> list[str]:
    """The command of ``process`` in the project's Procfile, split as a shell would."""
    for line in (project / "Procfile").read_text(encoding="utf-8").splitlines():
        name, separator, command = line.partition(":")
        if separator and name.strip() == process:
            return shlex.split(command)
    raise AssertionError(f"the Procfile has no {process}: line")


def celery_app_of(command: list[str]) -> str:
    """The ``-A`` target of a ``celery`` command line."""
    return command[command.index("-A") + 1]


def _environment(venv: Path, broker_url: str, extra: dict[str, str]) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    env.pop("PYTHONPATH", None)
    env.update(
        {
            "VIRTUAL_ENV": str(venv),
            "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
            "REDIS_URL": broker_url,
            "CELERY_BROKER_URL": broker_url,
        }
    )
    env.update(extra)
    return env


@dataclass
class RunningWorker:
    """A worker process started from the Procfile, and what it has logged so far."""

    process: subprocess.Popen[bytes]
    log_path: Path
    app: str
    venv: Path
    project: Path
    env: dict[str, str]

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def celery(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """Run ``celery -A <app> ...`` from the project's venv with the worker's settings."""
        return run_in(
            self.venv, ["celery", "-A", self.app, *args], self.project, self.env, timeout=timeout
        )


def call_through_broker(worker: RunningWorker, task: str, timeout: float = 60) -> tuple[str, str]:
    """Send ``task`` with ``celery call``, fetch its result with ``celery result``.

    Returns the task id and the result as the CLI printed it.
    """
    sent = worker.celery("call", task, timeout=timeout)
    assert sent.returncode == 0, sent.stdout + sent.stderr
    task_id = sent.stdout.strip().splitlines()[-1].strip()
    fetched = worker.celery("result", task_id, timeout=timeout)
    assert fetched.returncode == 0, fetched.stdout + fetched.stderr
    return task_id, fetched.stdout.strip()


@contextlib.contextmanager
def procfile_worker(
    project: Path,
    venv: Path,
    broker_url: str,
    log_dir: Path,
    ready_timeout: float = 90,
    **env: str,
) -> Iterator[RunningWorker]:
    """Start the Procfile's ``worker:`` command; stop it with SIGTERM and check a clean exit.

    ``env`` adds settings the project needs (e.g. ``SECRET_KEY``, ``APP_ENV``).
    """
    command = procfile_command(project, "worker")
    assert command[0] == "celery", command
    full_env = _environment(venv, broker_url, env)
    log_path = log_dir / "worker.log"
    executable = venv / "bin" / command[0]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [str(executable), *command[1:]],
            cwd=project,
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    worker = RunningWorker(process, log_path, celery_app_of(command), venv, project, full_env)
    try:
        deadline = time.monotonic() + ready_timeout
        while READY_MARKER not in worker.log():
            if process.poll() is not None:
                raise AssertionError(f"worker exited ({process.returncode}):\n{worker.log()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"worker not ready in {ready_timeout}s:\n{worker.log()}")
            time.sleep(0.2)
        yield worker
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                raise AssertionError(f"worker ignored SIGTERM:\n{worker.log()}") from None
    assert process.returncode == 0, f"exit code {process.returncode}:\n{worker.log()}"
    assert WARM_SHUTDOWN_MARKER in worker.log(), worker.log()
