"""``stackpick update --data tasks=...`` on a Flask project, both ways.

The project is made by the stackpick under test (``stackpick new`` from this checkout)
and committed. ``tasks=celery`` then adds the Celery app, the tasks, their tests and the
worker/beat lines without conflicts, and the project's tests pass, including the
integration test with a real worker on Redis. After the user edits ``tasks.py``,
``tasks=none`` removes Celery again but keeps that edited file (reported as ``kept``),
and the project's tests still pass. Both updates go from this version to this version
with changed answers. Redis database 13.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.support.databases import fresh_redis_url
from tests.support.environments import ProjectEnvironments, run_in
from tests.update.conftest import commit_all, git, run_current

pytestmark = pytest.mark.slow

PACKAGE = "my_web_app"
CLEAN_ENV = {
    "APP_ENV": "",
    "DATABASE_URL": "",
    "SECRET_KEY": "",
    "REDIS_URL": "",
    "CELERY_BROKER_URL": "",
    "CELERY_RESULT_BACKEND": "",
}
CELERY_FILES = (f"src/{PACKAGE}/celery_app.py", f"src/{PACKAGE}/tasks.py", "tests/test_tasks.py")
INTEGRATION_TEST = "tests/test_tasks.py::test_a_real_worker_runs_the_tasks_through_the_broker"
USER_TASK = '''

@shared_task(name="my_web_app.tasks.shout")
def shout(text: str) -> str:
    """The user's own task."""
    return text.upper()
'''


def _assert_clean_update(project: Path, result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, result.stdout + result.stderr
    assert git(project, "ls-files", "-u") == "", "the update left conflicts"
    changed = git(project, "ls-files", "--modified", "--others", "--exclude-standard").split()
    marked = [
        path
        for path in changed
        if (project / path).is_file()
        and "\n<<<<<<< " in "\n" + (project / path).read_text(errors="replace")
    ]
    assert marked == [], f"conflict markers in {marked}"


def test_tasks_celery_is_added_and_removed_again(
    project_environments: ProjectEnvironments, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    made = run_current(
        home,
        tmp_path,
        "new",
        "project",
        "--framework",
        "flask",
        "--defaults",
        "--data",
        "project_name=My Web App",
    )
    assert made.returncode == 0, made.stdout + made.stderr
    project = tmp_path / "project"
    assert not any((project / path).exists() for path in CELERY_FILES)

    # tasks=celery: everything arrives, no conflicts, the tests pass with a real worker.
    added = run_current(home, project, "update", "--data", "tasks=celery")
    _assert_clean_update(project, added)
    for path in CELERY_FILES:
        assert (project / path).exists(), path
        assert f"added     {path}" in added.stdout, added.stdout
    procfile = (project / "Procfile").read_text()
    assert f"worker: celery -A {PACKAGE}.celery_app worker" in procfile
    assert "celery" in (project / "pyproject.toml").read_text()
    commit_all(project, "tasks=celery")
    with project_environments.installed(project) as venv:
        env = {**CLEAN_ENV, "CELERY_BROKER_URL": fresh_redis_url(13)}
        tests = run_in(venv, ["pytest", "-q", "-rA", "-p", "no:cacheprovider"], project, env)
        assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
        assert f"PASSED {INTEGRATION_TEST}" in tests.stdout

    # The user adds a task of their own, then turns Celery off again.
    tasks = project / f"src/{PACKAGE}/tasks.py"
    tasks.write_text(tasks.read_text() + USER_TASK)
    commit_all(project, "my own task")
    removed = run_current(home, project, "update", "--data", "tasks=none")
    _assert_clean_update(project, removed)
    assert tasks.read_text().endswith(USER_TASK), "the edited tasks.py was not kept"
    assert f"kept      src/{PACKAGE}/tasks.py" in removed.stdout, removed.stdout
    for path in (f"src/{PACKAGE}/celery_app.py", "tests/test_tasks.py"):
        assert not (project / path).exists(), f"{path} is still there"
    assert "celery" not in (project / "Procfile").read_text()
    assert "celery" not in (project / "pyproject.toml").read_text()
    assert "tasks: none" in (project / ".copier-answers.yml").read_text()
    commit_all(project, "tasks=none")
    with project_environments.installed(project) as venv:
        tests = run_in(venv, ["pytest", "-q", "-p", "no:cacheprovider"], project, CLEAN_ENV)
        assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
