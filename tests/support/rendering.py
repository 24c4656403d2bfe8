"""Render the bundled template with real Copier, for the template test matrix, and
compare stackpick's own renderer (what ``new`` uses) with it."""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.template.questions import QuestionEvaluator
from generator.template.source import TEMPLATE_PARTS

REPO_ROOT = Path(__file__).resolve().parents[2]
PROJECT_NAME = "Acme Orders"
"""The project name of every matrix render (the other answers vary)."""


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
FLASK_TASKS = template_choices("tasks", "flask")


def allowed(data: dict[str, Any]) -> bool:
    """Whether copier.yml's validators accept the combination (e.g. kubernetes needs docker)."""
    evaluator = QuestionEvaluator()
    return evaluator.problem(evaluator.by_name["deploy"], data["deploy"], data) is None


def _deploy_sets(framework: str, database: str) -> Iterator[list[str]]:
    """Every set of deploy targets the validators accept with this framework and database."""
    targets = FLASK_DEPLOY_TARGETS if framework == "flask" else DJANGO_DEPLOY_TARGETS
    for deploy in _subsets(targets):
        if allowed({"framework": framework, "database": database, "deploy": deploy}):
            yield deploy


def _subsets(items: tuple[str, ...]) -> Iterator[list[str]]:
    for size in range(len(items) + 1):
        for combo in itertools.combinations(items, size):
            yield list(combo)


def flask_combinations() -> list[dict[str, Any]]:
    """Every Flask combination of database, deployment targets, error reporting and tasks."""
    return [
        {
            "framework": "flask",
            "database": database,
            "deploy": deploy,
            "error_reporting": errors,
            "tasks": tasks,
        }
        for database in FLASK_DATABASES
        for deploy in _deploy_sets("flask", database)
        for errors in ERROR_REPORTING
        for tasks in FLASK_TASKS
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
        for deploy in _deploy_sets("django", database)
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
    if data.get("tasks", "none") != "none":
        parts.append(data["tasks"])
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

    answers = {"project_name": PROJECT_NAME, **data}
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


SECRET = re.compile(r"=\S{40,}$", re.MULTILINE)


def project_tree(root: Path) -> dict[str, tuple[int, bytes]]:
    """Every file below ``root``: mode and bytes (the random secrets in ``.env`` blanked)."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and ".git" not in path.relative_to(root).parts:
            content = path.read_bytes()
            if path.name == ".env":
                content = SECRET.sub("=<secret>", content.decode()).encode()
            found[path.relative_to(root).as_posix()] = (path.stat().st_mode & 0o7777, content)
    return found


def tree_differences(expected: Path, got: Path) -> list[str]:
    """The files that differ (in presence, mode or bytes) between two project folders."""
    want, have = project_tree(expected), project_tree(got)
    problems = []
    for name in sorted(set(want) | set(have)):
        if name not in have:
            problems.append(f"{name}: missing")
        elif name not in want:
            problems.append(f"{name}: not expected")
        elif want[name][0] != have[name][0]:
            problems.append(f"{name}: mode {have[name][0]:o}, expected {want[name][0]:o}")
        elif want[name][1] != have[name][1]:
            problems.append(f"{name}: content differs")
    return problems


def renderer_differences(
    template: Path, copier_render: Path, data: dict[str, Any], scratch: Path, cache: Path
) -> list[str]:
    """How stackpick's renderer differs from Copier's ``copier_render`` of the same answers."""
    from generator.template.renderer import render_copy

    ours = scratch / "project"
    answers = {"project_name": PROJECT_NAME, **data}
    render_copy(template, ours, answers, url=str(template), commit=None, cache_dir=cache)
    return tree_differences(copier_render, ours)
