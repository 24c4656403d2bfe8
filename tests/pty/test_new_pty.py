"""`stackpick new` in a real pseudo-terminal: questionnaire, validation in place, review."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.support.cli import KEYS, finish, spawn_cli

pytestmark = pytest.mark.pty
DOWN, SPACE, ENTER, CTRL_C = KEYS["down"], KEYS["space"], KEYS["enter"], KEYS["ctrl_c"]
CLEAR_LINE = "\x15"  # Ctrl-U: delete the pre-filled default


TEMPLATE_PROMPTS = (
    "One-sentence description",
    "Author or team name",
    "Contact e-mail",
    "Database",
    "Deployment targets",
    "Error reporting",
    "Background jobs",
    "CI job",
)


def accept_defaults(child, prompts: tuple[str, ...]) -> None:
    """Press Enter at each prompt in turn."""
    for prompt in prompts:
        child.expect(prompt)
        child.send(ENTER)


def answer_questionnaire(child) -> None:
    """Prototype + REST API, and "Not sure yet" for everything else."""
    child.expect("What are you building")
    child.send(SPACE + DOWN + SPACE + ENTER)
    accept_defaults(
        child,
        (
            "How big",
            "Where will the data live",
            "admin pages",
            "heavy traffic",
            "learning curve",
            "learn and gain experience",
        ),
    )


def test_new_end_to_end_with_validation_and_review(tmp_path: Path, stackpick_home: Path) -> None:
    child, log = spawn_cli("new", "shop", cwd=tmp_path, STACKPICK_HOME=str(stackpick_home))
    answer_questionnaire(child)
    child.expect("Recommendation: Flask")
    child.expect("Which framework should the project use")
    child.send(ENTER)
    child.expect("Project name")
    child.send(CLEAR_LINE + "9 lives" + ENTER)
    child.expect("Start with a letter")  # rejected in place, the prompt stays
    child.send(CLEAR_LINE + "Shop Api" + ENTER)
    child.expect("Python import name")
    child.send(ENTER)  # derived default: shop_api
    accept_defaults(child, TEMPLATE_PROMPTS)
    child.expect("Review")
    child.expect("Ready")
    child.send(DOWN + ENTER)  # Change an answer
    child.expect("Which answer")
    child.send(DOWN * 5 + ENTER)  # project_name, package_name, description, author x2 -> database
    child.expect("Database")
    child.send(DOWN + ENTER)  # SQLite -> PostgreSQL
    child.expect("Review")
    child.expect("Ready")
    child.send(ENTER)  # Generate the project
    code, out = finish(child, log)

    assert code == 0, out
    assert "Traceback" not in out
    assert "Created a Flask project" in out
    answers = yaml.safe_load((tmp_path / "shop" / ".copier-answers.yml").read_text())
    assert answers["project_name"] == "Shop Api"
    assert answers["package_name"] == "shop_api"
    assert answers["database"] == "postgresql"
    assert (tmp_path / "shop" / "src" / "shop_api" / "__init__.py").is_file()
    recorded = yaml.safe_load((tmp_path / "shop" / ".stackpick.yml").read_text())
    assert recorded["questionnaire"]["goals"] == ["prototype", "rest_api"]
    assert "docker compose up -d db" in out  # next steps follow the PostgreSQL choice


def test_ctrl_c_during_template_questions_leaves_nothing(
    tmp_path: Path, stackpick_home: Path
) -> None:
    child, log = spawn_cli(
        "new", "half", "--framework", "django", cwd=tmp_path, STACKPICK_HOME=str(stackpick_home)
    )
    child.expect("Project name")
    child.send(ENTER)
    child.expect("Python import name")
    child.send(CTRL_C)
    code, out = finish(child, log)
    assert code == 130
    assert "Traceback" not in out and "KeyboardInterrupt" not in out
    assert [line for line in out.splitlines() if line.strip()][-1].startswith(
        "stackpick: Cancelled. Nothing was written"
    )
    assert not (tmp_path / "half").exists()


def test_cancel_at_review_leaves_nothing(tmp_path: Path, stackpick_home: Path) -> None:
    (tmp_path / "empty").mkdir()
    child, log = spawn_cli(
        "new", "empty", "--framework", "flask", cwd=tmp_path, STACKPICK_HOME=str(stackpick_home)
    )
    accept_defaults(child, ("Project name", "Python import name", *TEMPLATE_PROMPTS))
    child.expect("Ready")
    child.send(DOWN + DOWN + ENTER)  # Cancel
    code, out = finish(child, log)
    assert code == 130, out
    assert list((tmp_path / "empty").iterdir()) == []
