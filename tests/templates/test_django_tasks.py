"""Django with ``tasks=celery``: rendered, checked and run with a real worker on real Redis.

- Every Django combination with ``tasks=celery`` is rendered and statically checked (the
  ``tasks=none`` half is in test_django_template.py), and a ``tasks=none`` project
  mentions Celery nowhere.
- The one Celery dependency set (PostgreSQL + DRF, the widest) is installed once: mypy,
  the project's own tests including its integration test (a real worker through Redis
  database 9), then the Procfile's ``worker:`` command as its own process, ``ping`` sent
  through Redis database 10 with Celery's CLI, ``"pong"`` back, and a clean stop on SIGTERM.
- A worker without a broker stops with one line naming CELERY_BROKER_URL.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.checks import static_problems
from tests.support.databases import fresh_database, fresh_redis_url
from tests.support.environments import ProjectEnvironments, run_in
from tests.support.rendering import combination_id, django_combinations
from tests.support.workers import call_through_broker, procfile_command, procfile_worker
from tests.templates.conftest import Renderer

pytestmark = pytest.mark.slow

PACKAGE = "acme_orders"
CELERY_APP = f"{PACKAGE}.config"
PING_TASK = f"{PACKAGE}.core.tasks.ping"
CELERY_FILES = (
    f"{PACKAGE}/config/celery.py",
    f"{PACKAGE}/core/tasks.py",
    f"{PACKAGE}/core/adapters.py",
    "tests/test_tasks.py",
)


def _with_tasks(data: dict[str, Any], tasks: str = "celery") -> dict[str, Any]:
    return {**data, "tasks": tasks}


COMBINATIONS = [_with_tasks(data) for data in django_combinations()]
# The installed representative: the widest dependency set (PostgreSQL driver, DRF).
INSTALLED = next(
    data
    for data in COMBINATIONS
    if data["database"] == "postgresql"
    and data["api"] == "drf"
    and data["deploy"] == ["docker", "paas"]
    and data["error_reporting"] == "none"
)


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return output


def _procfile(project: Path) -> dict[str, str]:
    lines = (project / "Procfile").read_text(encoding="utf-8").splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


@pytest.mark.parametrize("data", COMBINATIONS, ids=combination_id)
def test_static_checks_with_celery(
    data: dict[str, Any], rendered: Renderer, record_property
) -> None:
    project = rendered(data)
    problems = static_problems(project)
    assert not problems, "\n".join(problems)

    for path in CELERY_FILES:
        assert (project / path).is_file(), path
    pyproject = (project / "pyproject.toml").read_text(encoding="utf-8")
    assert '"celery[redis]>=5.7,<5.8"' in pyproject
    assert '"celery", "celery.*"' in pyproject  # no stubs: ignored precisely, not globally
    init = (project / PACKAGE / "config/__init__.py").read_text(encoding="utf-8")
    assert "from .celery import app as celery_app" in init
    if "paas" in data["deploy"]:
        processes = _procfile(project)
        assert processes["worker"].startswith(f"celery -A {CELERY_APP} worker")
        assert processes["beat"].startswith(f"celery -A {CELERY_APP} beat")
    if "docker" in data["deploy"]:
        services = yaml.safe_load((project / "compose.yaml").read_text())["services"]
        for name in ("redis", "worker", "beat"):
            assert "healthcheck" in services[name], name
        assert "inspect ping" in " ".join(services["worker"]["healthcheck"]["test"])
        assert services["worker"]["command"][:3] == ["celery", "-A", CELERY_APP]
    record_property("matrix", f"django:static-checked:{data['database']}:celery")


def test_without_tasks_nothing_mentions_celery(rendered: Renderer) -> None:
    project = rendered(_with_tasks(INSTALLED, "none"))
    for path in CELERY_FILES:
        assert not (project / path).exists(), path
    offenders = [
        str(path.relative_to(project))
        for path in project.rglob("*")
        if path.is_file() and "celery" in path.read_text(encoding="utf-8", errors="ignore").lower()
    ]
    assert not offenders, offenders


def _production_env(database_url: str, broker_url: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": f"{PACKAGE}.config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": database_url,
        "EMAIL_URL": "consolemail://",
        "REDIS_URL": "",
        "CELERY_BROKER_URL": broker_url,
        "LOG_FORMAT": "text",
    }


def test_celery_project_tests_worker_round_trip_and_sigterm(
    rendered: Renderer,
    project_environments: ProjectEnvironments,
    tmp_path: Path,
    record_property,
) -> None:
    project = Path(shutil.copytree(rendered(INSTALLED), tmp_path / "project"))
    database_url = fresh_database("postgresql", "stackpick_dj_celery_tests")
    assert database_url
    with project_environments.installed(project) as venv:
        typing = run_in(venv, ["mypy"], project, {"DATABASE_URL": database_url})
        assert "Success: no issues found" in typing.stdout, typing.stdout + typing.stderr

        # The project's own suite, its integration test on a real worker included.
        suite_env = {
            "DATABASE_URL": database_url,
            "REDIS_URL": "",
            "CELERY_BROKER_URL": fresh_redis_url(9),
        }
        suite = run_in(venv, ["pytest", "-q", "-p", "no:cacheprovider", "-rA"], project, suite_env)
        assert suite.returncode == 0, suite.stdout + suite.stderr
        assert (
            "PASSED tests/test_tasks.py::test_real_worker_runs_tasks_through_the_broker"
            in suite.stdout
        ), suite.stdout

        # Bad input: the Procfile's worker without a broker stops with one line.
        worker_command = procfile_command(project, "worker")
        env = _production_env(database_url, "")
        _ok(run_in(venv, ["python", "manage.py", "migrate", "--noinput"], project, env))
        refused = run_in(venv, worker_command, project, env, timeout=60)
        assert refused.returncode != 0
        assert refused.stderr.strip().count("\n") == 0, refused.stderr
        assert "CELERY_BROKER_URL" in refused.stderr

        # The Procfile's worker as a real process (shared helper); ping through Redis with
        # Celery's own CLI; SIGTERM then stops it warmly with exit code 0.
        settings_env = {
            key: value
            for key, value in _production_env(database_url, "").items()
            if key not in ("REDIS_URL", "CELERY_BROKER_URL")
        }
        broker = fresh_redis_url(10)
        with procfile_worker(project, venv, broker, tmp_path, **settings_env) as worker:
            assert worker.app == CELERY_APP
            task_id, answer = call_through_broker(worker, PING_TASK)
            assert answer == "pong"
            record_property("celery-round-trip", f"call {PING_TASK} -> {task_id} -> {answer}")
        logs = worker.log()
        assert f"Task {PING_TASK}[{task_id}] succeeded" in logs, logs
        assert "Traceback" not in logs, logs
    record_property("matrix", "django:tested:postgresql:celery")
