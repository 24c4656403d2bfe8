"""The library API that the CLI is a thin layer over, used end to end in-process."""

from __future__ import annotations

from pathlib import Path

import yaml

import generator
from tests.support.git import git


def test_recommend_create_check_update(tmp_path: Path, stackpick_home: Path) -> None:
    questionnaire = {"goals": ["rest_api", "serverless"], "size": "small"}
    result = generator.recommend(questionnaire)
    assert result.framework == "flask"

    answers = generator.QuestionEvaluator().resolve(
        {"framework": result.framework, "project_name": "Lambda Shop"}
    )
    created = generator.create_project(
        tmp_path / "shop", answers, questionnaire=questionnaire, recommendation=result.to_dict()
    )
    assert created.git == "initialised"
    assert "src/lambda_shop/__init__.py" in created.files

    assert generator.check_project(created.path).status == "current"
    assert generator.update_project(created.path).status == "current"

    # The task that writes .env runs on copy only: an update must not write one,
    # neither here nor in Copier's temporary renders.
    (created.path / ".env").unlink()
    updated = generator.update_project(created.path, {"database": "postgresql"})
    assert not (created.path / ".env").exists()
    assert updated.status == "updated"
    assert updated.plan.changes == {"database": "postgresql"}
    recorded = yaml.safe_load((created.path / ".copier-answers.yml").read_text())
    assert recorded["database"] == "postgresql"
    assert "psycopg" in (created.path / "pyproject.toml").read_text()
    status = git(created.path, "status", "--porcelain")
    assert " M pyproject.toml" in status  # left uncommitted for review


def test_the_former_evaluator_name_still_works() -> None:
    assert generator.TemplateAnswers is generator.QuestionEvaluator
