"""The commands a user runs after ``stackpick new``, tailored to their answers.

Commands the template also prints (the migrate command, whether there is a
database at all) come from the template's own macros, so the two never disagree.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from typing import Any, NamedTuple

from generator.project.create import GitState
from generator.template.facts import template_fact

_LOCAL_SERVERS = {"postgresql": "PostgreSQL", "mysql": "MariaDB"}
"""Server databases, with the server a developer runs for them locally."""


class Step(NamedTuple):
    """One command to run, and why."""

    command: str
    why: str


def _run_command(answers: Mapping[str, Any]) -> str:
    if answers["framework"] == "django":
        return "python manage.py runserver"
    return f"flask --app {answers['package_name']}.wsgi run --debug"


def _database_steps(answers: Mapping[str, Any]) -> list[Step]:
    steps = []
    server = _LOCAL_SERVERS.get(answers.get("database", "none"))
    if server and "docker" in answers.get("deploy", []):
        why = f"start a local {server} (DATABASE_URL in .env points at it)"
        steps.append(Step("docker compose up -d db", why))
    elif server:
        steps.append(Step("$EDITOR .env", f"point DATABASE_URL at your {server} server"))
    if template_fact("has_database", answers):
        steps.append(Step(template_fact("migrate_command", answers), "create the database tables"))
    if answers["framework"] == "django":
        steps.append(Step("python manage.py createsuperuser", "create an admin login"))
    return steps


def next_steps(answers: Mapping[str, Any], location: str, *, git_state: GitState) -> list[Step]:
    """(command, why) pairs, in the order to run them."""
    steps: list[Step] = []
    if location not in ("", "."):
        steps.append(Step(f"cd {shlex.quote(location)}", "enter the project"))
    steps += [
        Step(
            "uv venv && source .venv/bin/activate",
            "make a virtual environment (or: python -m venv .venv)",
        ),
        Step(
            'uv pip install -e ".[dev]"',
            'install the project and its dev tools (or: pip install -e ".[dev]")',
        ),
        *_database_steps(answers),
        Step("pytest", "run the test suite"),
        Step(_run_command(answers), "start the development server"),
    ]
    if git_state == "skipped":
        steps.append(
            Step(
                "git init && git add -A && git commit -m 'Initial commit'",
                "`stackpick update` needs the project in git",
            )
        )
    return steps
