"""`stackpick update` in a terminal asks again, with the recorded answers as defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.support.cli import KEYS, cli_env, finish, run_cli, spawn_cli

pytestmark = pytest.mark.pty
DOWN, ENTER = KEYS["down"], KEYS["enter"]
KEEP_PROMPTS = (
    "Project name",
    "Python import name",
    "One-sentence description",
    "Author or team name",
    "Contact e-mail",
)


@pytest.fixture
def project(tmp_path: Path, stackpick_home: Path) -> Path:
    env = cli_env(STACKPICK_HOME=str(stackpick_home), CI="true")
    result = run_cli(
        "new",
        "app",
        "--framework",
        "flask",
        "--data",
        "project_name=Kept Name",
        "--data",
        "database=mysql",
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    return tmp_path / "app"


def test_enter_through_every_question_keeps_everything(project: Path, stackpick_home: Path) -> None:
    child, log = spawn_cli("update", cwd=project, STACKPICK_HOME=str(stackpick_home))
    child.expect("Project name")
    child.expect("Kept Name")  # the recorded answer is the default
    child.send(ENTER)
    for prompt in (
        *KEEP_PROMPTS[1:],
        "Database",
        "Deployment targets",
        "Error reporting",
        "Background jobs",
        "CI job",
    ):
        child.expect(prompt)
        child.send(ENTER)
    code, out = finish(child, log)
    assert code == 0, out
    assert "Already up to date" in out


def test_changing_one_answer_updates_the_project(project: Path, stackpick_home: Path) -> None:
    child, log = spawn_cli("update", cwd=project, STACKPICK_HOME=str(stackpick_home))
    for prompt in KEEP_PROMPTS:
        child.expect(prompt)
        child.send(ENTER)
    child.expect("Database")
    child.send(DOWN + ENTER)  # the cursor starts on the recorded MySQL; one down is None
    for prompt in ("Deployment targets", "Error reporting", "Background jobs", "CI job"):
        child.expect(prompt)
        child.send(ENTER)
    child.expect("Will update")  # the planned changes come first
    child.expect("database → none")
    child.expect("Apply these changes")
    assert (project / ".copier-answers.yml").read_text().count("database: mysql") == 1
    child.send(ENTER)
    code, out = finish(child, log)
    assert code == 0, out
    assert "Updated" in out and "database → none" in out
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["database"] == "none" and answers["project_name"] == "Kept Name"


def test_declining_the_planned_update_changes_nothing(project: Path, stackpick_home: Path) -> None:
    before = (project / ".copier-answers.yml").read_text()
    child, log = spawn_cli("update", cwd=project / "src", STACKPICK_HOME=str(stackpick_home))
    for prompt in KEEP_PROMPTS:  # run from a subfolder: the project root is found
        child.expect(prompt)
        child.send(ENTER)
    child.expect("Database")
    child.send(DOWN + ENTER)
    for prompt in ("Deployment targets", "Error reporting", "Background jobs", "CI job"):
        child.expect(prompt)
        child.send(ENTER)
    child.expect("Will update")
    child.expect(r"removed +src/app/models.py|removed +\S+models.py|merged")
    child.expect("Apply these changes")
    child.send("n")
    code, out = finish(child, log)
    assert code == 130, out
    assert "Nothing was changed" in out
    assert (project / ".copier-answers.yml").read_text() == before
    status = run_cli_git_status(project)
    assert status == ""


def run_cli_git_status(project: Path) -> str:
    import subprocess

    return subprocess.run(
        ["git", "status", "--porcelain"], cwd=project, capture_output=True, text=True, check=True
    ).stdout
