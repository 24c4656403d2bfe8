"""`stackpick recommend`: recommend Flask or Django, with the reasons on both sides."""

from __future__ import annotations

import argparse
import textwrap

from generator.commands.common import add_answers_file, add_set, add_switch
from generator.errors import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, exit_codes_help
from generator.recommendation.questions import QUESTIONS

_KEY_WIDTH = 25
_WIDTH = 81


def answer_keys_help() -> str:
    """The ``answer keys:`` table of the help text, built from the questions."""
    lines = ["answer keys:"]
    indent = " " * (2 + _KEY_WIDTH)
    for question in QUESTIONS:
        if question.kind == "list":
            values = "list of: " + ", ".join(question.values)
        elif question.kind == "choice":
            values = " | ".join(question.values)
        else:
            values = "yes | no" + (f"   ({question.summary})" if question.summary else "")
        first = f"  {question.key:<{_KEY_WIDTH}}"
        lines += textwrap.wrap(values, _WIDTH, initial_indent=first, subsequent_indent=indent)
    return "\n".join(lines)


NAME = "recommend"
SUMMARY = "recommend Flask or Django from a short questionnaire"
DESCRIPTION = (
    """\
Recommend Flask or Django for a new web project and show why.

In a terminal, asks only the questions not already answered by --answers or
--set. Without a terminal (or with CI=true, --json or --no-input) it never asks:
unanswered keys stay unknown and count for neither framework.

"""
    + answer_keys_help()
    + """

Each matching rule adds its weight to one side. A margin of 1 point or less is
reported as a close call; equal scores go to Flask (the tie-break), and the
tie-break is listed among the reasons.

examples:
  stackpick recommend
  stackpick recommend --set goals=rest_api,prototype --set size=small --json
  stackpick recommend --answers answers.yml --no-input

"""
    + exit_codes_help(
        EXIT_OK,
        (EXIT_USAGE, "unknown key or value, unreadable answers file"),
        (EXIT_INTERRUPTED, "Ctrl-C"),
    )
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--answers, --set, --json and --no-input."""
    add_answers_file(parser)
    add_set(parser)
    add_switch(parser, "--json", "print the result as JSON (never prompts)")
    add_switch(parser, "--no-input", "never prompt; unanswered questions stay unknown")


def run(args: argparse.Namespace) -> int:
    """Load answers, ask the missing ones when interactive, print the recommendation."""
    from generator import console
    from generator.commands.common import load_questionnaire
    from generator.recommendation.rules import recommend

    known = load_questionnaire(args.answers, args.overrides)
    if not (args.json or args.no_input) and console.interactive():
        from generator.commands.asking import ask_recommender_questions

        known = ask_recommender_questions(known)
    result = recommend(known)
    if args.json:
        import json

        console.echo(json.dumps(result.to_dict(), indent=2))
    else:
        from generator.recommendation import report

        console.echo(report.render(result))
    return EXIT_OK
