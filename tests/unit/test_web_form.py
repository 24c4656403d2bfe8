"""The start page's form evaluation: the same answers, defaults and messages as the CLI."""

from __future__ import annotations

import shlex
from typing import Any

import pytest

from generator.errors import InvalidAnswerError
from generator.project.preferences import context_defaults
from generator.recommendation.loading import load_answers
from generator.recommendation.rules import recommend
from generator.recommendation.suggestions import suggest_template_answers
from generator.template.questions import QuestionEvaluator
from generator.web.form import MAX_VALUE_LENGTH, evaluate, resolve_for_render
from generator.web.page import file_tree, page_html, state_json
from generator.web.render import PreviewFile


def field(state: Any, name: str) -> Any:
    return next(f for f in state.fields if f.name == name)


def test_no_answers_gives_the_clis_defaults() -> None:
    state = evaluate([])
    assert state.ok
    assert state.recommendation.to_dict() == recommend({}).to_dict()
    suggestions = {**suggest_template_answers({}, state.framework), **context_defaults()}
    expected = QuestionEvaluator().resolve({"framework": state.framework}, suggestions=suggestions)
    assert state.answers == expected
    assert resolve_for_render(state) == expected


def test_the_questionnaire_drives_the_recommendation_and_the_suggested_defaults() -> None:
    pairs = [
        ("q.goals", "social"),
        ("q.goals", "commerce"),
        ("q.scale", "yes"),
        ("q.size", "large"),
    ]
    state = evaluate(pairs)
    cli = load_answers(None, [("goals", "social,commerce"), ("scale", "yes"), ("size", "large")])
    assert state.questionnaire == cli
    assert state.recommendation.to_dict() == recommend(cli).to_dict()
    assert state.framework == "django"
    assert field(state, "database").default == "postgresql"  # suggested by scale/size
    assert field(state, "api").applies


def test_questions_that_do_not_apply_are_hidden_and_dropped() -> None:
    state = evaluate([("t.framework", "flask"), ("t.api", "drf")])
    assert not field(state, "api").applies
    assert "api" not in state.answers
    assert state.ok


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("project_name", "../../etc"),
        ("project_name", "/abs/path"),
        ("package_name", "../escape"),
        ("package_name", "class"),
        ("author_email", "not-an-email"),
        ("database", "oracle"),
    ],
)
def test_invalid_template_answers_show_the_clis_message(name: str, value: str) -> None:
    evaluator = QuestionEvaluator()
    with pytest.raises(InvalidAnswerError) as cli:
        evaluator.resolve({"framework": "flask", name: value})
    state = evaluate([("t.framework", "flask"), ("t." + name, value)])
    message = field(state, name).error
    assert message
    assert message in cli.value.one_line()
    assert not state.ok
    assert state.errors()["t." + name] == message
    with pytest.raises(InvalidAnswerError):
        resolve_for_render(state)


def test_a_disabled_choice_is_refused_with_the_clis_reason() -> None:
    state = evaluate([("t.framework", "django"), ("t.database", "none")])
    assert "Django projects need a database" in field(state, "database").error
    serverless = evaluate([("t.framework", "django"), ("t.deploy", "serverless")])
    assert "Flask-only" in field(serverless, "deploy").error


@pytest.mark.parametrize(
    "value", ["a\x00b", "x" * (MAX_VALUE_LENGTH + 1), "tab\there", "\u202eevil"]
)
def test_hostile_text_never_becomes_an_answer(value: str) -> None:
    state = evaluate([("t.description", value), ("t.author_name", value)])
    assert field(state, "description").error
    assert not state.ok
    assert value not in state.answers.values()


def test_bad_questionnaire_values_are_reported_not_raised() -> None:
    state = evaluate([("q.size", "huge"), ("q.goals", "rest_api"), ("q.goals", "nope")])
    assert set(state.questionnaire_errors) == {"size", "goals"}
    assert "Allowed values" in state.questionnaire_errors["size"]
    assert not state.ok


def test_an_unknown_framework_is_a_form_error() -> None:
    state = evaluate([("t.framework", "rails")])
    assert state.form_errors and not state.ok
    assert state.framework in ("flask", "django")


def test_the_share_pairs_restore_the_same_form() -> None:
    pairs = [
        ("q.goals", "rest_api"),
        ("q.full_stack", "no"),
        ("t.framework", "django"),
        ("t.project_name", "Team Portal"),
        ("t.api", "drf"),
        ("t.deploy", ""),
        ("t.update_check_job", "yes"),
    ]
    state = evaluate(pairs)
    assert state.ok, state.errors()
    again = evaluate(state.pairs())
    assert again.answers == state.answers
    assert again.questionnaire == state.questionnaire
    assert again.framework_choice == "django"
    assert again.answers["deploy"] == []
    assert again.answers["package_name"] == "team_portal"
    assert again.share_query() == state.share_query()


def test_the_command_line_is_shell_quoted_and_names_only_what_differs() -> None:
    state = evaluate(
        [
            ("q.goals", "rest_api"),
            ("q.goals", "prototype"),
            ("t.project_name", "Bob Shop"),
            ("t.author_name", "O'Brien & Co"),
            ("t.description", "Sells $HOME; and `whoami`"),
        ]
    )
    assert state.ok, state.errors()
    words = shlex.split(state.command_line())
    assert words[:3] == ["stackpick", "new", "bob-shop"]
    assert "--set" in words and "goals=rest_api,prototype" in words
    assert "project_name=Bob Shop" in words
    assert "author_name=O'Brien & Co" in words
    assert "description=Sells $HOME; and `whoami`" in words
    assert not any(word.startswith("database=") for word in words)  # the default
    assert words[-1] == "--defaults"
    assert "--framework" not in words
    picked = evaluate([("t.framework", "django")])
    assert shlex.split(picked.command_line())[3:5] == ["--framework", "django"]


def test_the_recommendation_is_recorded_only_when_it_was_followed() -> None:
    assert evaluate([]).recommendation_dict() is not None
    assert evaluate([("t.framework", "flask")]).recommendation_dict() is None


def test_the_page_escapes_answers_and_embeds_safe_json() -> None:
    state = evaluate([("t.description", "</script><script>alert(1)</script>")])
    html = page_html(state)
    assert "<script>alert(1)" not in html
    assert "\\u003c/script" in html
    assert state_json(state)["fields"][0]["name"] == "framework"


def test_the_file_tree_nests_folders_before_files() -> None:
    files = [PreviewFile(p, 1, "x") for p in ["README.md", "app/__init__.py", "app/x/y.py", ".env"]]
    tree = file_tree(files)
    assert list(tree.folders) == ["app"]
    assert [f.path for f in tree.files] == [".env", "README.md"]
    assert [f.path for f in tree.folders["app"].folders["x"].files] == ["app/x/y.py"]
