"""The template questions from copier.yml: defaults, conditions, validation, casting."""

from __future__ import annotations

import pytest

from generator.errors import InvalidAnswerError
from generator.recommendation.suggestions import suggest_template_answers
from generator.template.questions import QuestionEvaluator, cast, load_questions

EVALUATOR = QuestionEvaluator()


def test_every_copier_question_is_loaded_in_order() -> None:
    names = [question.name for question in load_questions()]
    assert names[0] == "framework"
    assert {"project_name", "package_name", "database", "api", "deploy"} <= set(names)


@pytest.mark.parametrize(
    ("project_name", "package_name"),
    [("Acme Orders", "acme_orders"), ("my-api", "my_api"), ("Blog 2.0", "blog_2_0")],
)
def test_package_name_is_derived(project_name: str, package_name: str) -> None:
    answers = EVALUATOR.resolve({"project_name": project_name})
    assert answers["package_name"] == package_name


def test_questions_that_do_not_apply_are_left_out() -> None:
    assert "api" not in EVALUATOR.resolve({"framework": "flask"})
    assert EVALUATOR.resolve({"framework": "django"})["api"] == "none"


def test_disabled_choices_drop_out_of_defaults_and_prompts() -> None:
    deploy = EVALUATOR.by_name["deploy"]
    django = {"framework": "django"}
    enabled = [choice.value for choice, reason in EVALUATOR.choices(deploy, django) if not reason]
    assert enabled == ["docker", "paas", "kubernetes"]
    assert EVALUATOR.default(deploy, django) == ["docker", "paas"]


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"project_name": ""}, "cannot be empty"),
        ({"project_name": "1st"}, "Start with a letter"),
        ({"package_name": "Bad-Name"}, "lowercase letter first"),
        ({"package_name": "import"}, "keyword"),
        ({"author_email": "nobody"}, "e-mail"),
        ({"database": "oracle"}, "allowed values: sqlite, postgresql, mysql, none"),
        ({"framework": "django", "database": "none"}, "need a database"),
        ({"framework": "django", "deploy": ["serverless"]}, "Flask-only"),
        ({"update_check_job": "maybe"}, "yes, no"),
    ],
)
def test_invalid_answers_are_explained(given: dict, message: str) -> None:
    with pytest.raises(InvalidAnswerError) as caught:
        EVALUATOR.resolve(given)
    assert message in caught.value.one_line()


def test_lenient_resolution_reasks_what_became_invalid() -> None:
    asked: list[str] = []

    def ask(question, default, evaluator, answers):
        asked.append(question.name)
        return default

    answers = EVALUATOR.resolve(
        {"framework": "django", "deploy": ["docker", "serverless"], "project_name": "X"},
        ask=ask,
        lenient=True,
    )
    assert "deploy" in asked
    assert answers["deploy"] == ["docker", "paas"]


@pytest.mark.parametrize(
    ("name", "raw", "value"),
    [
        ("deploy", "docker,serverless", ["docker", "serverless"]),
        ("deploy", "[]", []),
        ("update_check_job", "yes", True),
        ("update_check_job", "False", False),
        ("database", "mysql", "mysql"),
    ],
)
def test_command_line_values_are_cast(name: str, raw: str, value: object) -> None:
    assert cast(EVALUATOR.by_name[name], raw) == value


@pytest.mark.parametrize(
    ("questionnaire", "framework", "expected"),
    [
        ({"database": "nosql"}, "flask", {"database": "none"}),
        ({"scale": True}, "django", {"database": "postgresql"}),
        ({"goals": ["rest_api"]}, "django", {"api": "drf"}),
        ({"goals": ["serverless"]}, "flask", {"deploy": ["docker", "paas", "serverless"]}),
        ({"goals": ["serverless"]}, "django", {}),
        ({}, "flask", {}),
    ],
)
def test_questionnaire_suggestions(questionnaire: dict, framework: str, expected: dict) -> None:
    assert suggest_template_answers(questionnaire, framework) == expected


def test_suggestions_only_change_defaults() -> None:
    answers = EVALUATOR.resolve(
        {"framework": "flask", "database": "mysql"},
        suggestions={"database": "none", "deploy": ["serverless"]},
    )
    assert answers["database"] == "mysql"
    assert answers["deploy"] == ["serverless"]
