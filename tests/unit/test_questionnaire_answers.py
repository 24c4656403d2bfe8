"""Answer keys: validation, answers files, --set overrides, and the questionnaire data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.errors import EXIT_USAGE, InvalidAnswerError, UsageError
from generator.recommendation.loading import apply_overrides, load_answers, read_answers_file
from generator.recommendation.questions import NOT_SURE, QUESTIONS
from generator.recommendation.schema import GOALS, SCHEMA, normalise_value, validate_answers
from generator.vocabulary import YES_NO_ALLOWED


def test_schema_is_the_public_key_set() -> None:
    assert list(SCHEMA) == [
        "goals",
        "size",
        "database",
        "full_stack",
        "scale",
        "learning_curve_priority",
        "team_learning",
    ]
    assert GOALS == (
        "prototype",
        "rest_api",
        "static_site",
        "serverless",
        "ml_serving",
        "social",
        "personalization",
        "commerce",
        "b2b_secure",
        "data_driven",
        "analytics",
    )
    assert SCHEMA["size"].values == ("small", "large")
    assert SCHEMA["database"].values == ("none", "nosql", "relational")


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("goals", "rest_api,prototype", ["rest_api", "prototype"]),
        ("goals", " rest_api , , REST_API ", ["rest_api"]),
        ("goals", ["social", "commerce"], ["social", "commerce"]),
        ("goals", [], []),
        ("size", "Small", "small"),
        ("database", "none", "none"),
        ("full_stack", "yes", True),
        ("full_stack", "NO", False),
        ("scale", "true", True),
        ("scale", "false", False),
        ("team_learning", True, True),
        ("size", "", None),
        ("size", None, None),
    ],
)
def test_values_are_normalised(key: str, value: object, expected: object) -> None:
    assert normalise_value(key, value) == expected


@pytest.mark.parametrize(
    ("key", "value", "allowed"),
    [
        ("size", "medium", "small, large"),
        ("size", True, "small, large"),
        ("database", "mysql", "none, nosql, relational"),
        ("goals", "blog", "prototype, rest_api"),
        ("goals", ["social", 3], "prototype, rest_api"),
        ("goals", 7, "prototype, rest_api"),
        ("scale", "maybe", YES_NO_ALLOWED),
        ("full_stack", 1, YES_NO_ALLOWED),
    ],
)
def test_bad_values_name_the_key_and_the_allowed_values(
    key: str, value: object, allowed: str
) -> None:
    with pytest.raises(InvalidAnswerError) as info:
        normalise_value(key, value)
    line = info.value.one_line()
    assert f"'{key}'" in line
    assert allowed in line
    assert "\n" not in line
    assert info.value.exit_code == EXIT_USAGE


def test_unknown_key_lists_the_allowed_keys() -> None:
    with pytest.raises(InvalidAnswerError) as info:
        validate_answers({"framework": "flask"})
    line = info.value.one_line()
    assert "'framework'" in line
    assert "goals, size, database, full_stack" in line


def test_validate_drops_unknown_values() -> None:
    assert validate_answers({"size": None, "scale": "yes", "goals": ""}) == {"scale": True}


def test_overrides_win_and_empty_clears() -> None:
    base = {"size": "small", "scale": True}
    result = apply_overrides(base, [("size", "large"), ("scale", ""), ("goals", "social")])
    assert result == {"size": "large", "goals": ["social"]}
    assert base == {"size": "small", "scale": True}


@pytest.mark.parametrize("suffix", [".yml", ".yaml", ".json", ".txt"])
def test_answers_file_yaml_and_json(tmp_path: Path, suffix: str) -> None:
    data = {"goals": ["rest_api"], "size": "small", "full_stack": False}
    path = tmp_path / f"answers{suffix}"
    path.write_text(json.dumps(data))  # JSON is valid YAML too
    assert load_answers(path) == data


def test_yaml_answers_file_with_yaml_spellings(tmp_path: Path) -> None:
    path = tmp_path / "answers.yml"
    path.write_text("goals: rest_api, serverless\nscale: no\ndatabase: none\nsize:\n")
    assert load_answers(path) == {
        "goals": ["rest_api", "serverless"],
        "scale": False,
        "database": "none",
    }


def test_load_answers_applies_overrides_after_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("size: small\n")
    assert load_answers(path, [("size", "large")]) == {"size": "large"}
    assert load_answers(None, [("goals", "social")]) == {"goals": ["social"]}


def test_extra_keys_are_skipped_for_other_consumers(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("size: small\nproject_name: shop\n")
    with pytest.raises(InvalidAnswerError, match="project_name"):
        load_answers(path)
    assert load_answers(path, [("project_name", "x")], extra_keys={"project_name"}) == {
        "size": "small"
    }


def test_empty_answers_file_is_no_answers(tmp_path: Path) -> None:
    for name in ("a.yml", "a.json"):
        (tmp_path / name).write_text("")
        assert load_answers(tmp_path / name) == {}


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("missing.yml", None, "not found"),
        ("bad.yml", "goals: [rest_api\n", "not valid YAML (line"),
        ("bad.json", '{"goals": }', "not valid JSON (line 1"),
        ("list.yml", "- rest_api\n", "must hold a mapping"),
        ("binary.yml", b"\xff\xfe\x00bad", "Cannot read"),
    ],
)
def test_bad_answers_files_give_one_clear_line(
    tmp_path: Path, name: str, content: str | bytes | None, words: str
) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    with pytest.raises(UsageError) as info:
        read_answers_file(path)
    assert words in info.value.one_line()
    assert "\n" not in info.value.one_line()
    assert info.value.exit_code == EXIT_USAGE


def test_a_directory_is_not_an_answers_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="Cannot read"):
        read_answers_file(tmp_path)


def test_questionnaire_asks_one_question_per_answer_key() -> None:
    assert sorted(q.key for q in QUESTIONS) == sorted(SCHEMA)
    for question in QUESTIONS:
        assert question.label and question.help and "\n" not in question.help
        values = [value for value, _ in question.prompt_choices]
        spec = SCHEMA[question.key]
        assert question.kind == spec.kind
        if spec.kind == "list":
            assert values == list(spec.values)
            assert question.default == ()
        else:
            expected = [True, False] if spec.kind == "bool" else list(spec.values)
            assert values == [*expected, NOT_SURE]
            assert question.default == NOT_SURE
        assert all(label.strip() for _, label in question.prompt_choices)


def test_questionnaire_skips_known_answers_without_prompting() -> None:
    from generator.commands.asking import ask_recommender_questions

    known = {
        "goals": ["social"],
        "size": "large",
        "full_stack": True,
        "learning_curve_priority": False,
        "team_learning": False,
        "database": "relational",
        "scale": True,
    }
    assert ask_recommender_questions(known) == known
