"""The commands a user runs after ``stackpick new``, tailored to their answers."""

from __future__ import annotations

from typing import Any


def _run_command(answers: dict[str, Any]) -> str:
    if answers["framework"] == "django":
        return "python manage.py runserver"
    return f"flask --app {answers['package_name']}.wsgi run --debug"


def _migrate_commands(answers: dict[str, Any]) -> list[str]:
    if answers["framework"] == "django":
        return ["python manage.py migrate", "python manage.py createsuperuser"]
    if answers.get("database", "none") == "none":
        return []
    return [f"flask --app {answers['package_name']}.wsgi db upgrade"]


def next_steps(answers: dict[str, Any], location: str, *, git_state: str) -> list[tuple[str, str]]:
    """(command, why) pairs, in the order to run them."""
    steps: list[tuple[str, str]] = []
    if location not in ("", "."):
        steps.append((f"cd {location}", "enter the project"))
    steps.append(
        (
            "uv venv && source .venv/bin/activate",
            "make a virtual environment (or: python -m venv .venv)",
        )
    )
    steps.append(
        (
            'uv pip install -e ".[dev]"',
            'install the project and its dev tools (or: pip install -e ".[dev]")',
        )
    )
    database = answers.get("database", "none")
    if database in ("postgresql", "mysql"):
        server = "PostgreSQL" if database == "postgresql" else "MariaDB"
        if "docker" in answers.get("deploy", []):
            steps.append(
                (
                    "docker compose up -d db",
                    f"start a local {server} (DATABASE_URL in .env points at it)",
                )
            )
        else:
            steps.append(("$EDITOR .env", f"point DATABASE_URL at your {server} server"))
    for command in _migrate_commands(answers):
        steps.append(
            (
                command,
                "create the database tables"
                if "migrate" in command or "upgrade" in command
                else "create an admin login",
            )
        )
    steps.append(("pytest", "run the test suite"))
    steps.append((_run_command(answers), "start the development server"))
    if git_state == "skipped":
        steps.append(
            (
                "git init && git add -A && git commit -m 'Initial commit'",
                "`stackpick update` needs the project in git",
            )
        )
    return steps
