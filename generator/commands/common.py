"""Argument types and flags shared by several subcommands."""

from __future__ import annotations

import argparse
from pathlib import Path


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


def add_set(parser: argparse.ArgumentParser) -> None:
    """``--set key=value``, repeatable, for questionnaire answers."""
    parser.add_argument(
        "--set",
        dest="overrides",
        metavar="KEY=VALUE",
        action="append",
        type=key_value,
        default=[],
        help="set one questionnaire answer; repeatable (lists: goals=rest_api,prototype)",
    )


def add_data(parser: argparse.ArgumentParser) -> None:
    """``--data key=value``, repeatable, for template answers."""
    parser.add_argument(
        "--data",
        metavar="KEY=VALUE",
        action="append",
        type=key_value,
        default=[],
        help="set one template answer, e.g. database=postgresql; repeatable",
    )


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
