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

_DEV_SERVER_URLS = {"flask": "http://127.0.0.1:5000", "django": "http://127.0.0.1:8000"}
"""Where each framework's development server listens by default."""


class Step(NamedTuple):
    """One command to run, and why."""

    command: str
    why: str


def run_command(answers: Mapping[str, Any]) -> str:
    """The command that starts the development server (inside the project's venv)."""
    if answers["framework"] == "django":
        return "python manage.py runserver"
    return f"flask --app {answers['package_name']}.wsgi run --debug"


def dev_server_url(answers: Mapping[str, Any]) -> str:
    """Where :func:`run_command`'s server answers."""
    return _DEV_SERVER_URLS[answers["framework"]]


def migrate_command(answers: Mapping[str, Any]) -> str | None:
    """The template's migrate command, or None for a project without a database."""
    if not template_fact("has_database", answers):
        return None
    return template_fact("migrate_command", answers)


def database_server_step(answers: Mapping[str, Any]) -> Step | None:
    """What to do before migrating when the database is a server (PostgreSQL, MariaDB)."""
    server = _LOCAL_SERVERS.get(answers.get("database", "none"))
    if server and "docker" in answers.get("deploy", []):
        why = f"start a local {server} (DATABASE_URL in .env points at it)"
        return Step("docker compose up -d db", why)
    if server:
        return Step("$EDITOR .env", f"point DATABASE_URL at your {server} server")
    return None


def _database_steps(answers: Mapping[str, Any]) -> list[Step]:
    steps = []
    server_step = database_server_step(answers)
    if server_step:
        steps.append(server_step)
    migrate = migrate_command(answers)
    if migrate:
        steps.append(Step(migrate, "create the database tables"))
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
            "uv sync --extra dev",
            "write uv.lock and install into .venv "
            '(no uv? python -m venv .venv && .venv/bin/pip install -e ".[dev]")',
        ),
        Step("source .venv/bin/activate", "use the project's environment"),
    ]
    if git_state == "initialised":
        steps.append(
            Step(
                "git add uv.lock && git commit -m 'Lock the dependencies'",
                "CI and the Docker image install from the committed lock",
            )
        )
    steps += [
        *_database_steps(answers),
        Step("pytest", "run the test suite"),
        Step(run_command(answers), "start the development server"),
    ]
    if git_state == "skipped":
        steps.append(
            Step(
                "git init && git add -A && git commit -m 'Initial commit'",
                "`stackpick update` needs the project in git",
            )
        )
    return steps
