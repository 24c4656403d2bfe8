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
    code, out = finish(child, log)
    assert code == 0, out
    assert "database → none" in out
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["database"] == "none" and answers["project_name"] == "Kept Name"
