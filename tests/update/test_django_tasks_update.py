"""Django projects switch background jobs on and off with ``stackpick update --data tasks=...``.

A default Django project is made by the stackpick under test (own STACKPICK_HOME, CI=true)
and committed. ``--data tasks=celery`` then adds the Celery app, the tasks, the worker
settings and their tests with no conflicts, and the project's tests pass (its integration
test included, on the real Redis server). ``--data tasks=none`` removes it all again,
except the task module the user edited, which stackpick keeps and reports as ``kept``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from tests.support.databases import fresh_redis_url
from tests.support.environments import ProjectEnvironments, run_in
from tests.update.conftest import commit_all, git, run_current

pytestmark = pytest.mark.slow

PACKAGE = "acme_orders"
ADDED = (
    f"{PACKAGE}/config/celery.py",
    f"{PACKAGE}/core/tasks.py",
    f"{PACKAGE}/core/adapters.py",
    "tests/test_tasks.py",
)
USER_LINE = "# Ours: the nightly report task goes here.\n"


def _suite(venv: Path, project: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_in(venv, ["pytest", "-q", "-p", "no:cacheprovider", "-rA"], project, env)


def test_tasks_celery_is_added_and_removed_by_update(
    project_environments: ProjectEnvironments, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    made = run_current(
        home,
        tmp_path,
        "new",
        str(tmp_path / "project"),
        "--framework",
        "django",
        "--defaults",
        "--data",
        "project_name=Acme Orders",
    )
    assert made.returncode == 0, made.stdout + made.stderr
    project = tmp_path / "project"
    assert not (project / ADDED[0]).exists()
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "REDIS_URL": ""}

    # On: everything added, nothing in conflict, the project's tests green.
    on = run_current(home, project, "update", "--data", "tasks=celery")
    output = on.stdout + on.stderr
    assert on.returncode == 0, output
    assert git(project, "ls-files", "-u") == ""
    assert "conflict" not in output.lower(), output
    for path in ADDED:
        assert (project / path).is_file(), path
        assert f"added     {path}" in output, output
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["tasks"] == "celery"
    assert "worker: celery -A acme_orders.config worker" in (project / "Procfile").read_text()
    commit_all(project, "background jobs")
    with project_environments.installed(project) as venv:
        suite = _suite(venv, project, {**env, "CELERY_BROKER_URL": fresh_redis_url(14)})
    assert suite.returncode == 0, suite.stdout[-3000:] + suite.stderr[-2000:]
    assert "PASSED tests/test_tasks.py::test_real_worker_runs_tasks_through_the_broker" in (
        suite.stdout
    ), suite.stdout[-3000:]

    # The user edits the task module, then switches background jobs off again.
    tasks = project / PACKAGE / "core/tasks.py"
    edited = tasks.read_text() + USER_LINE
    tasks.write_text(edited)
    commit_all(project, "our own task")

    off = run_current(home, project, "update", "--data", "tasks=none")
    output = off.stdout + off.stderr
    assert off.returncode == 0, output
    assert git(project, "ls-files", "-u") == ""
    assert f"kept      {PACKAGE}/core/tasks.py" in output, output
    assert tasks.read_text() == edited
    for path in ADDED:
        if path != f"{PACKAGE}/core/tasks.py":
            assert not (project / path).exists(), path
    for path in ("pyproject.toml", f"{PACKAGE}/config/__init__.py", "Procfile", "compose.yaml"):
        assert "celery" not in (project / path).read_text().lower(), path
    base = (project / PACKAGE / "config/settings/base.py").read_text()
    assert "CELERY_" not in base
    commit_all(project, "no background jobs")
    with project_environments.installed(project) as venv:
        suite = _suite(venv, project, env)
    assert suite.returncode == 0, suite.stdout[-3000:] + suite.stderr[-2000:]
