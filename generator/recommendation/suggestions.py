"""Template defaults suggested by the questionnaire answers.

They only change defaults: anything the user sets with ``--data`` or answers at a
prompt wins. Kept as a small table so the mapping is easy to read and test.
"""

from __future__ import annotations

from typing import Any


def suggest_template_answers(questionnaire: dict[str, Any], framework: str) -> dict[str, Any]:
    """Defaults for template questions that follow from the questionnaire."""
    goals = set(questionnaire.get("goals") or [])
    suggested: dict[str, Any] = {}
    if framework == "flask" and questionnaire.get("database") in ("none", "nosql"):
        suggested["database"] = "none"
    if questionnaire.get("scale") is True or questionnaire.get("size") == "large":
        suggested["database"] = "postgresql"
    if framework == "django" and goals & {"rest_api", "ml_serving"}:
        suggested["api"] = "drf"
    if framework == "flask" and "serverless" in goals:
        suggested["deploy"] = ["docker", "paas", "serverless"]
    return suggested
