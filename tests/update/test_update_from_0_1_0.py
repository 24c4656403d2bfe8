"""Projects made by the real stackpick 0.1.0 update cleanly to this version.

0.1.0 is rebuilt from git history (see ``history.py``), not synthesised. For each
framework a default project is made with it and committed, then updated by the
stackpick under test with no user edits: no conflicts, the new template version
recorded, a clean merge committed by the user, and the project's own tests green.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.__about__ import __version__
from tests.support.environments import ProjectEnvironments, run_in
from tests.update.conftest import RealUpgrade, commit_all, git

pytestmark = pytest.mark.slow

CLEAN_ENV = {"APP_ENV": "", "DATABASE_URL": "", "SECRET_KEY": ""}


@pytest.mark.parametrize("framework", ["flask", "django"])
def test_default_project_from_0_1_0_updates_without_conflicts_and_passes_its_tests(
    framework: str,
    from_0_1_0: RealUpgrade,
    project_environments: ProjectEnvironments,
    tmp_path: Path,
) -> None:
    project = from_0_1_0.make(tmp_path / "project", framework)
    before = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert before["_commit"] == "v0.1.0"

    result = from_0_1_0.update(project)

    assert result.returncode == 0, result.stdout + result.stderr
    assert git(project, "ls-files", "-u") == ""
    after = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert after["_commit"].startswith(f"v{__version__}")
    assert git(project, "status", "--porcelain"), "the update changed nothing"
    commit_all(project, "update to the new template")
    env = {**CLEAN_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    with project_environments.installed(project) as venv:
        tests = run_in(venv, ["pytest", "-q", "-p", "no:cacheprovider"], project, env)
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
