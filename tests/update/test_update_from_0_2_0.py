"""Projects made by the real stackpick 0.2.0 update cleanly to this version.

0.2.0 is rebuilt from its release commit in git history (see ``history.py``). A default
Flask project and a Django project on PostgreSQL with ``deploy=docker,paas`` are made
with it and committed, then updated by the stackpick under test with no user edits: no
conflicts, the new template version recorded, and the Dockerfile, the CI workflow,
``pyproject.toml`` and the pre-commit config exactly as this version renders them for
the same answers (so the project gets the lock-based image and CI and the exact tool
pins). After the user commits the update, the project's own tests pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.__about__ import __version__
from tests.support.databases import fresh_database
from tests.support.environments import ProjectEnvironments, run_in
from tests.support.rendering import render
from tests.update.conftest import CLEAN_PROJECT_ENV, RealUpgrade, commit_all, git

pytestmark = pytest.mark.slow

TEMPLATE_FILES = (
    "Dockerfile",
    ".dockerignore",
    ".github/workflows/ci.yml",
    "pyproject.toml",
    ".pre-commit-config.yaml",
)


@pytest.mark.parametrize(
    ("framework", "data"),
    [("flask", ()), ("django", ("database=postgresql", "deploy=docker,paas"))],
    ids=["flask-default", "django-postgresql-docker+paas"],
)
def test_project_from_0_2_0_updates_to_locked_builds_and_passes_its_tests(
    framework: str,
    data: tuple[str, ...],
    from_0_2_0: RealUpgrade,
    project_environments: ProjectEnvironments,
    template_snapshot: Path,
    tmp_path: Path,
) -> None:
    project = from_0_2_0.make(tmp_path / "project", framework, *data)
    before = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert before["_commit"] == "v0.2.0"
    assert "pip install ." in (project / "Dockerfile").read_text()

    result = from_0_2_0.update(project)

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert git(project, "ls-files", "-u") == "", output
    assert "<<<<<<<" not in git(project, "diff", "HEAD"), output
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["_commit"].startswith(f"v{__version__}")
    # Unedited files end up exactly as this version renders them for the same answers.
    fresh = render(
        template_snapshot,
        tmp_path / "fresh",
        {key: value for key, value in answers.items() if not key.startswith("_")},
    )
    for name in TEMPLATE_FILES:
        assert (project / name).read_text() == (fresh / name).read_text(), name
    dockerfile = (project / "Dockerfile").read_text()
    assert "COPY pyproject.toml uv.lock* ./" in dockerfile
    assert "uv sync --locked --no-dev --no-install-project" in dockerfile
    assert "uv sync --locked --extra dev" in (project / ".github/workflows/ci.yml").read_text()
    assert "uv lock" in (project / "README.md").read_text()
    commit_all(project, "update to the new template")
    assert git(project, "status", "--porcelain") == ""

    url = (
        fresh_database("postgresql", "stackpick_update_from_0_2_0")
        if framework == "django"
        else None
    )
    env = {**CLEAN_PROJECT_ENV, "DATABASE_URL": url or f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    with project_environments.installed(project) as venv:
        tests = run_in(venv, ["pytest", "-q", "-p", "no:cacheprovider"], project, env)
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
    assert " passed" in tests.stdout
