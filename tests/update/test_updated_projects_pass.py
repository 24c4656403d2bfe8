"""After an update without conflicts, the project still passes its own test suite.

One Flask and one Django project: made by v1, edited by the user where the
template does not clash, updated by the v2 tool, then installed with uv and tested.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.environments import ProjectEnvironments, run_in
from tests.update.conftest import PristineProjects, Releases, commit_all, git
from tests.update.releases import GUNICORN_V2_LINE, V1, V2

pytestmark = pytest.mark.slow

CLEAN_ENV = {"APP_ENV": "", "DATABASE_URL": "", "SECRET_KEY": ""}


def _user_edits(project: Path) -> None:
    operations = project / "docs" / "operations.md"
    operations.write_text(
        operations.read_text().replace("5. Review", "5. Kept by the update.\n5. Review")
    )
    gunicorn = project / "gunicorn.conf.py"
    gunicorn.write_text("# user: reviewed\n" + gunicorn.read_text())
    (project / "tests" / "test_user.py").write_text("def test_user_owned():\n    assert True\n")
    commit_all(project)


def _update_and_test(
    releases: Releases,
    environments: ProjectEnvironments,
    project: Path,
    home: Path,
    *data: str,
    env: dict[str, str] = CLEAN_ENV,
) -> str:
    flags = [item for entry in data for item in ("--data", entry)]
    result = releases.run(releases.v2, "update", *flags, home=home, cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(f"Updated {project}: template v{V1} → v{V2}")
    assert git(project, "ls-files", "-u") == ""
    assert "5. Kept by the update.\n" in (project / "docs" / "operations.md").read_text()
    gunicorn = (project / "gunicorn.conf.py").read_text()
    assert gunicorn.startswith("# user: reviewed\n")
    assert GUNICORN_V2_LINE in gunicorn
    with environments.installed(project) as venv:
        tests = run_in(venv, ["pytest", "-q", "-p", "no:cacheprovider", "-rA"], project, env)
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
    assert "test_template_v2.py::test_template_v2_marker" in tests.stdout
    assert "test_user.py::test_user_owned" in tests.stdout
    return tests.stdout


def test_flask_project_passes_its_tests_after_upgrade_and_deploy_change(
    releases: Releases,
    pristine: PristineProjects,
    shared_home: Path,
    project_environments: ProjectEnvironments,
    tmp_path: Path,
) -> None:
    project = pristine.copy(tmp_path / "project", "flask")
    _user_edits(project)
    _update_and_test(releases, project_environments, project, shared_home, "deploy=paas,serverless")
    assert (project / "template.yaml").exists()
    assert not (project / "Dockerfile").exists()


def test_django_project_passes_its_tests_after_upgrade(
    releases: Releases,
    pristine: PristineProjects,
    shared_home: Path,
    project_environments: ProjectEnvironments,
    tmp_path: Path,
) -> None:
    project = pristine.copy(tmp_path / "project", "django")
    _user_edits(project)
    database = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    _update_and_test(releases, project_environments, project, shared_home, env=database)
