"""One yes/no vocabulary for --set, --data, answers files and prompts; one exit-code table."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from generator.cli import EPILOG, build_parser
from generator.commands import COMMANDS
from generator.errors import EXIT_MEANINGS, exit_codes_help
from generator.recommendation.loading import apply_overrides, load_answers
from generator.recommendation.schema import normalise_value
from generator.template.questions import QuestionEvaluator, cast
from generator.vocabulary import NO_WORDS, YES_WORDS, format_answer, parse_yes_no

FORMS = [
    (spelling, expected)
    for words, expected in ((YES_WORDS, True), (NO_WORDS, False))
    for word in words
    for spelling in dict.fromkeys((word, word.upper(), word.capitalize(), f" {word} "))
]


@pytest.mark.parametrize(("word", "expected"), FORMS)
def test_every_yes_no_form_means_the_same_everywhere(
    word: str, expected: bool, tmp_path: Path
) -> None:
    assert parse_yes_no(word) is expected
    # --set and the questionnaire's answers files
    assert normalise_value("full_stack", word) is expected
    assert apply_overrides({}, [("scale", word)]) == {"scale": expected}
    answers_file = tmp_path / "answers.yml"
    answers_file.write_text(f'team_learning: "{word}"\n')
    assert load_answers(answers_file) == {"team_learning": expected}
    # --data and the template's answers
    question = QuestionEvaluator().by_name["update_check_job"]
    assert cast(question, word) is expected


@pytest.mark.parametrize("value", [True, False])
def test_yaml_booleans_and_what_prompts_show_read_back(value: bool) -> None:
    assert parse_yes_no(value) is value
    assert parse_yes_no(format_answer(value)) is value


@pytest.mark.parametrize("word", ["maybe", "", "2", "yess", None, 1, 0])
def test_anything_else_is_not_a_yes_or_no(word: object) -> None:
    assert parse_yes_no(word) is None


def test_answers_are_shown_as_people_type_them() -> None:
    assert format_answer(["docker", "paas"]) == "docker, paas"
    assert format_answer(["docker", "paas"], list_separator=",") == "docker,paas"
    assert format_answer([]) == "(none)"
    assert format_answer("sqlite") == "sqlite"


def _help_texts() -> list[str]:
    parser = build_parser()
    subparsers = next(
        action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
    )
    return [parser.format_help()] + [sub.format_help() for sub in subparsers.choices.values()]


def test_every_help_text_takes_its_exit_codes_from_the_table() -> None:
    texts = _help_texts()
    assert len(texts) == len(COMMANDS) + 1
    for text in texts:
        section = text[text.index("exit codes: ") :].split("\n\n")[0]
        codes = {
            int(part.split()[0])
            for line in section.splitlines()
            for part in line.removeprefix("exit codes:").split(" · ")
            if part.strip()
        }
        assert codes <= set(EXIT_MEANINGS), text
    assert exit_codes_help(*EXIT_MEANINGS) == EPILOG


def test_an_exit_code_outside_the_table_is_refused() -> None:
    with pytest.raises(ValueError, match="not in the table"):
        exit_codes_help((99, "made up"))
