"""stackpick: recommend Flask or Django, render a production-ready project, keep it updated.

The public API is imported lazily so that ``import generator`` (and so the CLI's
``--help``) stays fast::

    from pathlib import Path
    from generator import TemplateAnswers, create_project, recommend, update_project

    result = recommend({"goals": ["rest_api"], "size": "small"})
    answers = TemplateAnswers().resolve({"framework": result.framework, "project_name": "Shop"})
    create_project(Path("shop"), answers, questionnaire={"goals": ["rest_api"]})
    update_project(Path("shop"), {"database": "postgresql"})
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.__about__ import __version__

if TYPE_CHECKING:  # pragma: no cover
    from generator.checking import check_project
    from generator.creating import create_project
    from generator.recommender import Recommendation, recommend
    from generator.template_questions import TemplateAnswers
    from generator.updating import update_project

__all__ = [
    "Recommendation",
    "TemplateAnswers",
    "__version__",
    "check_project",
    "create_project",
    "recommend",
    "update_project",
]

_LAZY = {
    "recommend": "generator.recommender",
    "Recommendation": "generator.recommender",
    "TemplateAnswers": "generator.template_questions",
    "create_project": "generator.creating",
    "update_project": "generator.updating",
    "check_project": "generator.checking",
}


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'generator' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module_name), name)
