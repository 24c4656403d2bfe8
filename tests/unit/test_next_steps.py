"""The next steps after `stackpick new` use the template's own facts."""

from __future__ import annotations

from typing import Any

from generator.project.next_steps import next_steps
from generator.template.facts import template_fact


def commands(answers: dict[str, Any]) -> list[str]:
    return [step.command for step in next_steps(answers, "shop", git_state="initialised")]


def test_the_migrate_command_is_the_one_the_template_prints() -> None:
    for framework in ("flask", "django"):
        answers = {"framework": framework, "package_name": "shop", "database": "sqlite"}
        migrate = template_fact("migrate_command", answers)
        assert migrate in commands(answers)
    flask = {"framework": "flask", "package_name": "shop", "database": "sqlite", "deploy": []}
    assert "flask --app shop.wsgi db upgrade" in commands(flask)


def test_no_database_means_no_migration() -> None:
    answers = {"framework": "flask", "package_name": "shop", "database": "none", "deploy": []}
    assert not [command for command in commands(answers) if "upgrade" in command]


def test_each_step_says_why() -> None:
    answers = {
        "framework": "django",
        "package_name": "shop",
        "database": "postgresql",
        "deploy": ["docker"],
    }
    steps = dict(next_steps(answers, ".", git_state="skipped"))
    assert steps["docker compose up -d db"].startswith("start a local PostgreSQL")
    assert steps["python manage.py migrate --noinput"] == "create the database tables"
    assert steps["python manage.py createsuperuser"] == "create an admin login"
    assert "git init && git add -A && git commit -m 'Initial commit'" in steps
    assert "cd ." not in steps
