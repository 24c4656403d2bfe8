"""Projects made by the real stackpick 0.3.0 update cleanly to this version.

0.3.0 is rebuilt from its release commit in git history (see ``history.py``). A default
project of each framework is made with it and committed, then updated by the stackpick
under test with no user edits: no conflicts, the new version recorded, and every file
exactly as this version renders it for the same answers. After the user commits the
update, the project's own tests pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.__about__ import __version__
from tests.support.environments import ProjectEnvironments, run_in
from tests.support.rendering import render, tree_differences
from tests.update.conftest import CLEAN_PROJECT_ENV, RealUpgrade, commit_all, git

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("framework", ["flask", "django"])
def test_default_project_from_0_3_0_updates_to_exactly_this_version_and_passes_its_tests(
    framework: str,
    from_0_3_0: RealUpgrade,
    project_environments: ProjectEnvironments,
    template_snapshot: Path,
    tmp_path: Path,
) -> None:
    project = from_0_3_0.make(tmp_path / "project", framework)
    assert yaml.safe_load((project / ".copier-answers.yml").read_text())["_commit"] == "v0.3.0"

    result = from_0_3_0.update(project)

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert git(project, "ls-files", "-u") == "", output
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["_commit"].startswith(f"v{__version__}"), output
    fresh = render(
        template_snapshot,
        tmp_path / "fresh",
        {key: value for key, value in answers.items() if not key.startswith("_")},
    )
    # Everything but the answers file (it names the store) and what the project made
    # itself (.env with its own secrets, the questionnaire record) is this version's.
    differences = [
        line
        for line in tree_differences(fresh, project)
        if line.split(":")[0] not in {".copier-answers.yml", ".env", ".stackpick.yml"}
    ]
    assert differences == [], output
    commit_all(project, "update to the new template")
    assert git(project, "status", "--porcelain") == ""

    env = {**CLEAN_PROJECT_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    with project_environments.installed(project) as venv:
        tests = run_in(venv, ["pytest", "-q", "-p", "no:cacheprovider"], project, env)
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
    assert " passed" in tests.stdout
