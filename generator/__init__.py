"""stackpick: recommend Flask or Django, render a production-ready project, keep it updated.

The public API is imported lazily so that ``import generator`` (and so the CLI's
``--help``) stays fast::

    from pathlib import Path
    from generator import QuestionEvaluator, create_project, recommend, update_project

    result = recommend({"goals": ["rest_api"], "size": "small"})
    answers = QuestionEvaluator().resolve({"framework": result.framework, "project_name": "Shop"})
    create_project(Path("shop"), answers, questionnaire={"goals": ["rest_api"]})
    update_project(Path("shop"), {"database": "postgresql"})
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.__about__ import __version__

if TYPE_CHECKING:  # pragma: no cover
    from generator.project.check import check_project
    from generator.project.create import create_project
    from generator.project.update import update_project
    from generator.recommendation.rules import Recommendation, recommend
    from generator.template.questions import QuestionEvaluator, TemplateAnswers

__all__ = [
    "QuestionEvaluator",
    "Recommendation",
    "TemplateAnswers",
    "__version__",
    "check_project",
    "create_project",
    "recommend",
    "update_project",
]

_LAZY = {
    "recommend": "generator.recommendation.rules",
    "Recommendation": "generator.recommendation.rules",
    "QuestionEvaluator": "generator.template.questions",
    "TemplateAnswers": "generator.template.questions",
    "create_project": "generator.project.create",
    "update_project": "generator.project.update",
    "check_project": "generator.project.check",
}


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'generator' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module_name), name)
