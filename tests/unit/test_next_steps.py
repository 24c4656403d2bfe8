"""The next steps after `stackpick new` use the template's own facts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.project.install import InstallPlan, finish_commands, plan_install, pytest_command
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


# --- new --install: the same facts, run in the project's venv ------------------------

PYPROJECT = """\
[project]
name = "shop"
version = "0.1.0"

[project.optional-dependencies]
dev = ["pytest"]

[tool.pytest.ini_options]
addopts = {addopts}
"""


def project_folder(tmp_path: Path, addopts: str = '["-ra", "--cov"]', extra: str = "") -> Path:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT.format(addopts=addopts) + extra)
    return tmp_path


def install_commands(plan: InstallPlan) -> dict[str, str]:
    return {step.name: step.command for step in plan.steps}


def test_the_install_migrates_with_the_template_command_in_the_venv(tmp_path: Path) -> None:
    project = project_folder(tmp_path)
    for framework in ("flask", "django"):
        answers = {"framework": framework, "package_name": "shop", "database": "sqlite"}
        plan = plan_install(project, answers, uv="/bin/uv", python="/usr/bin/python3")
        migrate = template_fact("migrate_command", answers)
        assert install_commands(plan)["database"] == f".venv/bin/{migrate}"
        assert [step.name for step in plan.steps] == ["venv", "install", "database", "tests"]
        assert install_commands(plan)["install"] == "uv sync --extra dev"
        assert install_commands(plan)["venv"] == "uv venv .venv --python /usr/bin/python3"


def test_without_a_database_or_uv(tmp_path: Path) -> None:
    answers = {"framework": "flask", "package_name": "shop", "database": "none"}
    plan = plan_install(project_folder(tmp_path), answers, uv=None, python="/usr/bin/python3")
    assert plan.tool == "pip"
    assert install_commands(plan) == {
        "venv": "/usr/bin/python3 -m venv .venv",
        "install": ".venv/bin/python -m pip install -e '.[dev]'",
        "tests": ".venv/bin/python -m pytest --no-cov",
    }


def test_the_coverage_report_is_skipped_only_when_nothing_needs_it(tmp_path: Path) -> None:
    assert pytest_command(project_folder(tmp_path)).endswith("pytest --no-cov")
    assert pytest_command(project_folder(tmp_path, '"-ra"')).endswith("pytest")
    gated = project_folder(tmp_path, '"--cov --cov-fail-under=90"')
    assert pytest_command(gated).endswith("pytest")
    report = project_folder(tmp_path, '"--cov"', "\n[tool.coverage.report]\nfail_under = 80\n")
    assert pytest_command(report).endswith("pytest")


def test_the_finish_line_starts_at_the_failed_step(tmp_path: Path) -> None:
    answers = {"framework": "django", "package_name": "shop", "database": "sqlite"}
    plan = plan_install(project_folder(tmp_path), answers, uv="/bin/uv", python="python3")
    install = plan.steps[1]
    assert finish_commands(plan, install, "my shop", commit_lock=True) == (
        "cd 'my shop' && uv sync --extra dev"
        " && .venv/bin/python manage.py migrate --noinput"
        " && .venv/bin/python -m pytest --no-cov"
        " && git add uv.lock && git commit -m 'Add uv.lock'"
    )
    tests = plan.steps[-1]
    assert finish_commands(plan, tests, ".", commit_lock=True) == (
        ".venv/bin/python -m pytest --no-cov"
    )
    assert "git" not in finish_commands(plan, install, ".", commit_lock=False)


def test_only_the_tests_run_alongside_and_only_beside_the_database_step(tmp_path: Path) -> None:
    project = project_folder(tmp_path)
    for database, uv in (("sqlite", "/bin/uv"), ("none", "/bin/uv"), ("none", None)):
        answers = {"framework": "flask", "package_name": "shop", "database": database}
        plan = plan_install(project, answers, uv=uv)
        alongside = [
            (before.name, step.name)
            for before, step in zip(plan.steps, plan.steps[1:], strict=False)
            if step.alongside_previous
        ]
        assert alongside == ([("database", "tests")] if database == "sqlite" else [])
