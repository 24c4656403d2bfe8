"""Reserved package names checked against real installs, and safe names that really work.

``templates/names.jinja`` lists every module a project's dependencies install; this
test installs the dependency sets of each framework and compares the top-level
import names ``importlib.metadata`` reports with that list. It also installs one
project per framework named after a standard-library module and a dependency
(derived to a safe variant) and runs the project's own tests.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.template.facts import template_module
from generator.template.names import NAMES, derive_package_name
from tests.support.environments import ProjectEnvironments, run_in
from tests.support.rendering import render

pytestmark = pytest.mark.slow

DEPENDENCY_SETS: dict[str, list[dict[str, Any]]] = {
    "flask": [
        {"database": "postgresql", "deploy": ["docker", "paas", "serverless"]},
        {"database": "mysql", "error_reporting": "sentry", "tasks": "celery"},
    ],
    "django": [
        {"database": "postgresql", "api": "drf", "error_reporting": "sentry"},
        {"database": "mysql", "tasks": "celery"},
    ],
}
SAMPLE_NAMES = {"flask": "json", "django": "whitenoise"}
"""A standard-library name and a dependency name, as a user might type them."""

LIST_IMPORTS = (
    "import importlib.metadata as m, json; "
    "print(json.dumps(sorted({n.lower() for n in m.packages_distributions() "
    "if n.isidentifier() and not n.startswith('_')})))"
)


def _optional(data: dict[str, Any]) -> dict[str, Any]:
    """Drop answers the template does not ask (yet), so the test follows copier.yml."""
    from generator.template.questions import QuestionEvaluator

    known = QuestionEvaluator().by_name
    return {key: value for key, value in data.items() if key in known}


@pytest.mark.parametrize("framework", ["flask", "django"])
def test_every_installed_module_is_a_reserved_name(
    framework: str,
    template_snapshot: Path,
    project_environments: ProjectEnvironments,
    tmp_path: Path,
) -> None:
    reserved = set(template_module(NAMES, {}).dependency_imports[framework])
    installed: set[str] = set()
    for index, data in enumerate(DEPENDENCY_SETS[framework]):
        project = render(
            template_snapshot, tmp_path / f"p{index}", {"framework": framework, **_optional(data)}
        )
        with project_environments.installed(project) as venv:
            listed = run_in(venv, ["python", "-c", LIST_IMPORTS], project)
        assert listed.returncode == 0, listed.stderr
        package = derive_package_name("Acme Orders")
        installed |= set(json.loads(listed.stdout)) - {package}
    missing = sorted(installed - reserved)
    assert missing == [], f"add to dependency_imports[{framework!r}] in {NAMES}: {missing}"


@pytest.mark.parametrize("framework", ["flask", "django"])
def test_a_name_taken_by_python_or_a_dependency_gives_a_working_project(
    framework: str,
    template_snapshot: Path,
    project_environments: ProjectEnvironments,
    tmp_path: Path,
) -> None:
    name = SAMPLE_NAMES[framework]
    package = derive_package_name(name)
    assert package == f"{name}_app"
    project = render(
        template_snapshot,
        tmp_path / "project",
        {"framework": framework, "project_name": name, "package_name": package},
    )
    env = {"APP_ENV": "", "SECRET_KEY": "", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    with project_environments.installed(project) as venv:
        tests = run_in(venv, ["pytest", "-q", "-p", "no:cacheprovider"], project, env)
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
