"""Argument types and flags shared by several subcommands."""

from __future__ import annotations

import argparse
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any


def key_value(text: str) -> tuple[str, str]:
    """argparse type for ``key=value``."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"expected key=value, got {text!r}")
    return key.strip(), value.strip()


def add_answers_file(parser: argparse.ArgumentParser) -> None:
    """``--answers FILE`` with the recommender's answer keys."""
    parser.add_argument(
        "--answers",
        metavar="FILE",
        type=Path,
        help="YAML or JSON file with questionnaire answers (keys: goals, size, full_stack, ...)",
    )


def _add_key_values(parser: argparse.ArgumentParser, flag: str, dest: str, help_text: str) -> None:
    """A repeatable ``FLAG key=value`` option collected as (key, value) pairs."""
    parser.add_argument(
        flag,
        dest=dest,
        metavar="KEY=VALUE",
        action="append",
        type=key_value,
        default=[],
        help=help_text,
    )


def add_set(parser: argparse.ArgumentParser) -> None:
    """``--set key=value``, repeatable, for questionnaire answers."""
    _add_key_values(
        parser,
        "--set",
        "overrides",
        "set one questionnaire answer; repeatable (lists: goals=rest_api,prototype)",
    )


def add_data(parser: argparse.ArgumentParser) -> None:
    """``--data key=value``, repeatable, for template answers."""
    _add_key_values(
        parser, "--data", "data", "set one template answer, e.g. database=postgresql; repeatable"
    )


def add_switch(parser: argparse.ArgumentParser, flag: str, help_text: str) -> None:
    """An on/off ``--flag``, off unless given."""
    parser.add_argument(flag, action="store_true", help=help_text)


def add_project_path(parser: argparse.ArgumentParser) -> None:
    """Optional PATH of a generated project, defaulting to the current folder."""
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        default=Path("."),
        metavar="PATH",
        help="project folder (default: the current folder)",
    )


def load_questionnaire(
    path: Path | None, overrides: Iterable[tuple[str, str]], *, extra_keys: Collection[str] = ()
) -> dict[str, Any]:
    """Questionnaire answers from ``--answers`` and ``--set``.

    A ``--set key=value`` the questionnaire refuses but the template would take (such as
    ``database=postgresql``) gets a hint towards ``--data key=value``.
    """
    from generator.errors import InvalidAnswerError
    from generator.recommendation.loading import load_answers

    overrides = list(overrides)
    try:
        return load_answers(path, overrides, extra_keys=extra_keys)
    except InvalidAnswerError as error:
        from generator.template.questions import QuestionEvaluator

        evaluator = QuestionEvaluator()
        for key, value in overrides:
            question = evaluator.by_name.get(key)
            if question and any(choice.value == value for choice in question.choices):
                raise InvalidAnswerError(
                    error.message,
                    f"{error.hint}; --set is for questionnaire answers, the template's {key} "
                    f"is set with --data {key}={value}",
                ) from None
        raise
