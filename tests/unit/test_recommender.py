"""The recommender as a pure function: decision table, weights, close calls, tie-break."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

import pytest

import generator
from generator.errors import InvalidAnswerError
from generator.recommendation.rules import (
    TIE_BREAK_RULE,
    Recommendation,
    default_ruleset,
    parse_ruleset,
    recommend,
)
from generator.recommendation.schema import GOALS, SCHEMA


def shipped_rules() -> dict[str, Any]:
    """The parsed rules file that ships in the package."""
    rules_file = resources.files("generator.recommendation").joinpath("rules.toml")
    return tomllib.loads(rules_file.read_text())


# The 13 statements of the article's two "go with ... if" lists, each as the only
# known answer: (statement, answers, expected framework, rule that must fire).
ARTICLE_STATEMENTS = [
    (
        "short, easy learning curve",
        {"learning_curve_priority": True},
        "flask",
        "flask-learning-curve",
    ),
    ("no full-stack solution needed", {"full_stack": False}, "flask", "flask-no-full-stack"),
    ("team wants experience and learning", {"team_learning": True}, "flask", "flask-team-learning"),
    ("small, less complicated project", {"size": "small"}, "flask", "flask-small-project"),
    ("serverless computing", {"goals": ["serverless"]}, "flask", "flask-serverless"),
    ("rapid prototypes", {"goals": ["prototype"]}, "flask", "flask-prototype"),
    (
        "static websites and RESTful services",
        {"goals": ["static_site", "rest_api"]},
        "flask",
        "flask-static-or-rest",
    ),
    ("customisable social media sites", {"goals": ["social"]}, "django", "django-social"),
    (
        "ML for superior personalisation",
        {"goals": ["personalization"]},
        "django",
        "django-personalization",
    ),
    ("e-commerce CRM or high-load booking", {"goals": ["commerce"]}, "django", "django-commerce"),
    ("secure B2B communication app", {"goals": ["b2b_secure"]}, "django", "django-b2b-secure"),
    (
        "data-driven travel/food/hospitality apps",
        {"goals": ["data_driven"]},
        "django",
        "django-data-driven",
    ),
    ("data analysis and visualisation", {"goals": ["analytics"]}, "django", "django-analytics"),
]

USE_CASES = [
    ("no database", {"database": "none"}, "flask", "flask-no-sql-database"),
    ("NoSQL database", {"database": "nosql"}, "flask", "flask-no-sql-database"),
    ("ORM-backed web app", {"database": "relational"}, "django", "django-orm"),
    ("expects high traffic", {"scale": True}, "django", "django-scale"),
    ("serverless", {"goals": ["serverless"]}, "flask", "flask-serverless"),
    ("ML model behind a small API", {"goals": ["ml_serving"]}, "flask", "flask-ml-serving"),
    (
        "ML model behind a small API, small project",
        {"goals": ["ml_serving", "rest_api"], "size": "small"},
        "flask",
        "flask-ml-serving",
    ),
    (
        "ML personalisation in a larger product",
        {"goals": ["personalization"], "size": "large"},
        "django",
        "django-personalization",
    ),
    ("static site alone", {"goals": ["static_site"]}, "flask", "flask-static-or-rest"),
    ("REST API alone", {"goals": ["rest_api"]}, "flask", "flask-static-or-rest"),
    ("wants batteries included", {"full_stack": True}, "django", "django-full-stack"),
    ("large project", {"size": "large"}, "django", "django-large-project"),
    ("no growth plans", {"scale": False}, "flask", "flask-no-growth-plans"),
]


def rule_ids(rec: Recommendation) -> list[str]:
    return [reason.rule for reason in rec.reasons]


@pytest.mark.parametrize(
    ("answers", "framework", "rule"),
    [case[1:] for case in ARTICLE_STATEMENTS],
    ids=[case[0] for case in ARTICLE_STATEMENTS],
)
def test_each_article_statement_alone_decides(answers: dict, framework: str, rule: str) -> None:
    rec = recommend(answers)
    assert rec.framework == framework
    assert rule in rule_ids(rec)
    assert rec.scores[framework] > 0
    assert not rec.tie_break
    assert rec.reasons_for(framework)
    assert all(r.framework == framework for r in rec.reasons)


@pytest.mark.parametrize(
    ("answers", "framework", "rule"),
    [case[1:] for case in USE_CASES],
    ids=[case[0] for case in USE_CASES],
)
def test_use_cases(answers: dict, framework: str, rule: str) -> None:
    rec = recommend(answers)
    assert rec.framework == framework
    assert rule in rule_ids(rec)


def test_rules_file_covers_every_statement_of_both_lists() -> None:
    rules = default_ruleset().rules
    flask_list = [r for r in rules if r.section == "Go with Flask if"]
    django_list = [r for r in rules if r.section == "Go with Django if"]
    assert len(flask_list) == 7
    assert len(django_list) == 6
    assert {r.favours for r in flask_list} == {"flask"}
    assert {r.favours for r in django_list} == {"django"}
    assert {c[3] for c in ARTICLE_STATEMENTS} == {r.id for r in flask_list + django_list}


def test_every_rule_has_the_required_fields() -> None:
    for rule in default_ruleset().rules:
        assert rule.id and rule.reason and rule.section and rule.when
        assert rule.favours in ("flask", "django")
        assert rule.weight > 0
        assert set(rule.when) <= set(SCHEMA)


def test_every_goal_and_answer_value_is_used_by_some_rule() -> None:
    """Every goal and choice value matters; a yes/no key matters for at least one answer."""
    rules = default_ruleset().rules
    for goal in GOALS:
        assert any(r.matches({"goals": [goal]}) for r in rules), goal
    for key, spec in SCHEMA.items():
        if spec.kind == "bool":
            assert any(r.matches({key: v}) for r in rules for v in (True, False)), key
        elif spec.kind == "choice":
            for value in spec.values:
                assert any(r.matches({key: value}) for r in rules), (key, value)


@pytest.mark.parametrize("answers", [{}, {"goals": []}], ids=["nothing", "no goals"])
def test_nothing_known_is_a_close_call_with_the_tie_break_as_reason(answers: dict) -> None:
    rec = recommend(answers)
    assert rec.scores == {"flask": 0, "django": 0}
    assert rec.framework == default_ruleset().tie_break == "flask"
    assert rec.close_call and rec.tie_break
    assert rule_ids(rec) == [TIE_BREAK_RULE]
    assert "No answer pointed" in rec.reasons[0].text


def test_tie_with_reasons_on_both_sides_uses_the_tie_break() -> None:
    rec = recommend({"goals": ["rest_api", "social"]})
    assert rec.scores == {"flask": 2, "django": 2}
    assert rec.framework == "flask"
    assert rec.close_call and rec.tie_break
    assert rule_ids(rec) == ["flask-static-or-rest", "django-social", TIE_BREAK_RULE]
    assert "No answer pointed" not in rec.reasons[-1].text


@pytest.mark.parametrize(
    ("answers", "framework", "scores", "close"),
    [
        ({"goals": ["rest_api", "social", "commerce"]}, "django", {"flask": 2, "django": 4}, False),
        (
            {"goals": ["prototype", "serverless", "analytics"]},
            "flask",
            {"flask": 4, "django": 2},
            False,
        ),
        (
            {"goals": ["social"], "size": "small", "database": "nosql"},
            "flask",
            {"flask": 3, "django": 2},
            True,
        ),
        (
            {"goals": ["rest_api"], "database": "relational", "scale": True},
            "django",
            {"flask": 2, "django": 3},
            True,
        ),
        (
            {
                "size": "large",
                "full_stack": True,
                "scale": True,
                "learning_curve_priority": True,
                "team_learning": True,
            },
            "django",
            {"flask": 4, "django": 5},
            True,
        ),
        (
            {
                "size": "small",
                "full_stack": False,
                "scale": False,
                "database": "relational",
                "goals": ["commerce"],
            },
            "flask",
            {"flask": 5, "django": 3},
            False,
        ),
    ],
)
def test_mixed_answers_give_the_weighted_result_with_reasons_from_both_sides(
    answers: dict, framework: str, scores: dict, close: bool
) -> None:
    rec = recommend(answers)
    assert rec.scores == scores
    assert rec.framework == framework
    assert rec.close_call is close
    assert rec.reasons_for("flask") and rec.reasons_for("django")
    for side in ("flask", "django"):
        assert sum(r.weight for r in rec.reasons_for(side)) == scores[side]


def test_close_call_threshold_is_data() -> None:
    data = tomllib.loads(
        resources.files("generator.recommendation").joinpath("rules.toml").read_text()
    )
    assert data["decision"]["close_call_margin"] == 1
    answers = {"goals": ["rest_api", "social", "commerce"]}  # 2 vs 4
    assert not recommend(answers).close_call
    data["decision"]["close_call_margin"] = 2
    assert recommend(answers, ruleset=parse_ruleset(data)).close_call


def test_tie_break_is_data() -> None:
    data = tomllib.loads(
        resources.files("generator.recommendation").joinpath("rules.toml").read_text()
    )
    data["decision"]["tie_break"] = "django"
    rec = recommend({}, ruleset=parse_ruleset(data))
    assert rec.framework == "django"
    assert rec.reasons[-1].framework == "django"


def test_unknown_keys_count_for_neither_side() -> None:
    rec = recommend({"size": "small"})
    assert rec.known == ("size",)
    assert set(rec.unknown) == set(SCHEMA) - {"size"}
    assert rec.scores["django"] == 0


def test_answers_are_normalised_and_validated() -> None:
    assert recommend({"goals": "rest_api, prototype", "scale": "no"}).scores == {
        "flask": 5,
        "django": 0,
    }
    with pytest.raises(InvalidAnswerError, match="size"):
        recommend({"size": "huge"})
    with pytest.raises(InvalidAnswerError, match="colour"):
        recommend({"colour": "blue"})


def test_recommend_is_pure_and_does_not_change_its_input() -> None:
    answers: dict[str, Any] = {"goals": ["social"], "size": "large"}
    first = recommend(answers)
    assert answers == {"goals": ["social"], "size": "large"}
    assert recommend(answers) == first


def test_json_shape() -> None:
    data = recommend({"goals": ["rest_api"]}).to_dict()
    assert {"framework", "scores", "reasons", "close_call"} <= set(data)
    assert data["framework"] == "flask"
    assert data["scores"] == {"flask": 2, "django": 0}
    assert data["reasons"][0]["rule"] == "flask-static-or-rest"
    assert {"rule", "framework", "text"} <= set(data["reasons"][0])
    assert data["close_call"] is False


def test_public_api_is_lazy_and_stable() -> None:
    assert generator.recommend is recommend
    assert generator.Recommendation is Recommendation


@pytest.mark.parametrize(
    "bad",
    [
        {"favours": "rails"},
        {"when": {"size": "medium"}},
        {"when": {"colour": "blue"}},
        {"when": {}},
        {"criteria": ["speed"]},
    ],
)
def test_a_broken_rules_file_is_rejected(bad: dict) -> None:
    data = tomllib.loads(
        resources.files("generator.recommendation").joinpath("rules.toml").read_text()
    )
    data["rules"][0].update(bad)
    with pytest.raises(ValueError):
        parse_ruleset(data)


def test_criteria_table_has_the_eight_rows() -> None:
    ids = [c.id for c in default_ruleset().criteria]
    assert ids == [
        "performance",
        "architecture",
        "scalability",
        "testing",
        "microservices",
        "database",
        "community",
        "hiring",
    ]
    used = {cid for rule in default_ruleset().rules for cid in rule.criteria}
    assert used == set(ids)
