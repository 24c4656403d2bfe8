"""`update` never exposes ignored files: a real local db.sqlite3 stays ignored (issue 9).

A project made by the real 0.1.0 with SQLite gets its database from its own migrate
command; switching the database to PostgreSQL must not make that file (which holds
password hashes) visible to `git add -A`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.support.environments import ProjectEnvironments, run_in
from tests.update.conftest import RealUpgrade, git

pytestmark = pytest.mark.slow


def migrate(framework: str, project: Path) -> list[str]:
    if framework == "django":
        return ["python", "manage.py", "migrate", "--noinput"]
    package = yaml.safe_load((project / ".copier-answers.yml").read_text())["package_name"]
    return ["flask", "--app", f"{package}.wsgi", "db", "upgrade"]


@pytest.mark.parametrize("framework", ["flask", "django"])
def test_a_local_sqlite_database_stays_ignored_after_switching_database(
    framework: str,
    from_0_1_0: RealUpgrade,
    project_environments: ProjectEnvironments,
    tmp_path: Path,
) -> None:
    project = from_0_1_0.make(tmp_path / "project", framework)
    with project_environments.installed(project) as venv:
        made = run_in(venv, migrate(framework, project), project, {"APP_ENV": ""})
    assert made.returncode == 0, made.stdout[-2000:] + made.stderr[-2000:]
    databases = sorted(
        path.relative_to(project).as_posix()
        for path in project.rglob("*.sqlite3")
        if ".venv" not in path.parts
    )
    assert databases, "the project's migrate made no SQLite database"
    assert git(project, "status", "--porcelain") == ""

    result = from_0_1_0.update(project, "--data", "database=postgresql")

    assert result.returncode == 0, result.stdout + result.stderr
    status = git(project, "status", "--porcelain", "--untracked-files=all")
    for database in databases:
        assert database not in status, f"{database} became visible to git:\n{status}"
        assert git(project, "check-ignore", database).strip() == database
    assert "added    " not in "\n".join(
        line for line in result.stdout.splitlines() if "sqlite3" in line
    )
