"""Render the bundled template with real Copier, for the template test matrix."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.template.questions import QuestionEvaluator
from generator.template.source import TEMPLATE_PARTS

REPO_ROOT = Path(__file__).resolve().parents[2]


def template_choices(question: str, framework: str) -> tuple[str, ...]:
    """The values ``copier.yml`` lets ``framework`` pick for ``question``."""
    evaluator = QuestionEvaluator()
    offered = evaluator.choices(evaluator.by_name[question], {"framework": framework})
    return tuple(str(choice.value) for choice, disabled in offered if not disabled)


FLASK_DATABASES = template_choices("database", "flask")
DJANGO_DATABASES = template_choices("database", "django")
DJANGO_APIS = template_choices("api", "django")
FLASK_DEPLOY_TARGETS = template_choices("deploy", "flask")
DJANGO_DEPLOY_TARGETS = template_choices("deploy", "django")
ERROR_REPORTING = template_choices("error_reporting", "flask")


def _subsets(items: tuple[str, ...]) -> Iterator[list[str]]:
    for size in range(len(items) + 1):
        for combo in itertools.combinations(items, size):
            yield list(combo)


def flask_combinations() -> list[dict[str, Any]]:
    """Every Flask combination of database, deployment targets and error reporting."""
    return [
        {"framework": "flask", "database": database, "deploy": deploy, "error_reporting": errors}
        for database in FLASK_DATABASES
        for deploy in _subsets(FLASK_DEPLOY_TARGETS)
        for errors in ERROR_REPORTING
    ]


def django_combinations() -> list[dict[str, Any]]:
    """Every Django combination of database, API, deployment targets and error reporting."""
    return [
        {
            "framework": "django",
            "database": database,
            "api": api,
            "deploy": deploy,
            "error_reporting": errors,
        }
        for database in DJANGO_DATABASES
        for api in DJANGO_APIS
        for deploy in _subsets(DJANGO_DEPLOY_TARGETS)
        for errors in ERROR_REPORTING
    ]


def combination_id(data: dict[str, Any]) -> str:
    """A short, readable pytest id such as ``flask-postgresql-docker+paas``."""
    parts = [data["framework"], data["database"]]
    if "api" in data:
        parts.append(f"api={data['api']}")
    parts.append("+".join(data["deploy"]) or "no-deploy")
    if data.get("error_reporting", "none") != "none":
        parts.append(data["error_reporting"])
    return "-".join(parts)


def snapshot_template(dest: Path) -> Path:
    """Copy the template files into a plain folder (faster for Copier than a dirty git repo)."""
    for part in TEMPLATE_PARTS:
        source = REPO_ROOT / part
        if source.is_dir():
            shutil.copytree(source, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / part)
    return dest


def render(template: Path, dest: Path, data: dict[str, Any]) -> Path:
    """Render ``template`` into ``dest`` with ``data`` and defaults for everything else."""
    from copier import run_copy

    answers = {"project_name": "Acme Orders", **data}
    run_copy(
        str(template),
        str(dest),
        data=answers,
        defaults=True,
        unsafe=True,
        quiet=True,
        vcs_ref=None,
    )
    return dest
