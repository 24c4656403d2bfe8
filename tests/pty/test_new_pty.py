"""`stackpick new` in a real pseudo-terminal: questionnaire, validation in place, review."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.support.cli import KEYS, finish, spawn_cli

pytestmark = pytest.mark.pty
DOWN, SPACE, ENTER, CTRL_C = KEYS["down"], KEYS["space"], KEYS["enter"], KEYS["ctrl_c"]
UP = KEYS["up"]
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
    child, log = spawn_cli(
        "new", "shop", "--no-install", cwd=tmp_path, STACKPICK_HOME=str(stackpick_home)
    )
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
    child.send(UP + ENTER)  # Cancel, the last choice
    code, out = finish(child, log)
    assert code == 130, out
    assert list((tmp_path / "empty").iterdir()) == []


def test_going_back_keeps_later_answers_and_the_review_changes_the_framework(
    tmp_path: Path, stackpick_home: Path
) -> None:
    child, log = spawn_cli(
        "new",
        "pets",
        "--framework",
        "flask",
        "--no-install",
        cwd=tmp_path,
        STACKPICK_HOME=str(stackpick_home),
    )
    child.expect(r"\(1 of \d+\) Project name")
    child.expect("pets")  # the default is DEST's folder name
    child.send(ENTER)
    child.expect(r"\(2 of \d+\) Python import name")
    child.send(ENTER)
    child.expect("One-sentence description")
    child.send(CLEAR_LINE + "First words" + ENTER)
    child.expect("Author or team name")
    child.send(CLEAR_LINE + "<" + ENTER)  # "<" alone goes back
    child.expect("One-sentence description")
    child.expect("First words")  # the earlier answer is kept as the default
    child.send(CLEAR_LINE + "Second words" + ENTER)
    child.expect("Author or team name")
    child.send(ENTER)
    child.expect("Contact e-mail")
    child.send(ENTER)
    child.expect("Database")
    child.send(UP + ENTER)  # "← Back", the last choice
    child.expect("Contact e-mail")
    child.send(ENTER)
    child.expect("Database")
    child.send(DOWN + ENTER)  # SQLite -> PostgreSQL
    accept_defaults(child, TEMPLATE_PROMPTS[4:])
    child.expect("Ready")
    child.send(DOWN + DOWN + ENTER)  # Change the framework
    child.expect("Which framework")
    child.send(DOWN + ENTER)  # Django
    child.expect("API layer")  # only the question Flask did not have is asked
    child.send(ENTER)
    child.expect("Review")
    child.expect("Ready")
    child.send(ENTER)
    code, out = finish(child, log)
    assert code == 0, out
    answers = yaml.safe_load((tmp_path / "pets" / ".copier-answers.yml").read_text())
    assert answers["framework"] == "django"
    assert answers["description"] == "Second words"
    assert answers["database"] == "postgresql"
    assert answers["package_name"] == "pets"


def test_review_changes_the_questionnaire(tmp_path: Path, stackpick_home: Path) -> None:
    child, log = spawn_cli(
        "new", "quiz", "--no-install", cwd=tmp_path, STACKPICK_HOME=str(stackpick_home)
    )
    answer_questionnaire(child)
    child.expect("Which framework should the project use")
    child.send(ENTER)  # Flask, as recommended
    accept_defaults(child, ("Project name", "Python import name", *TEMPLATE_PROMPTS))
    child.expect("Ready")
    child.send(DOWN * 3 + ENTER)  # Change the questionnaire answers
    child.expect(r"\(1 of 7\) What are you building")
    child.send(DOWN * 6 + SPACE + ENTER)  # also an online shop / marketplace... any goal
    child.expect(r"\(2 of 7\) How big")
    child.send(DOWN + ENTER)  # from "Not sure yet" down to "← Back": back to the goals
    child.expect(r"\(1 of 7\) What are you building")
    child.send(ENTER)
    child.expect(r"\(2 of 7\) How big")
    child.send(DOWN + DOWN + DOWN + ENTER)  # Not sure -> Back -> Small -> Medium? any size
    for _ in range(5):
        child.expect(r"\([3-7] of 7\)")
        child.send(ENTER)
    child.expect("Recommendation:")
    code = None
    index = child.expect(["Switch the project to", "Ready"])
    if index == 0:
        child.send(DOWN + ENTER)  # No: keep Flask
        child.expect("Ready")
    child.send(ENTER)
    code, out = finish(child, log)
    assert code == 0, out
    recorded = yaml.safe_load((tmp_path / "quiz" / ".stackpick.yml").read_text())
    assert recorded["questionnaire"]["goals"] != ["prototype", "rest_api"]
    assert "size" in recorded["questionnaire"]
