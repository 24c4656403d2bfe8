"""`stackpick recommend`: recommend Flask or Django, with the reasons on both sides."""

from __future__ import annotations

import argparse

from generator.commands.common import add_answers_file, add_set

NAME = "recommend"
SUMMARY = "recommend Flask or Django from a short questionnaire"
DESCRIPTION = """\
Recommend Flask or Django for a new web project and show why.

In a terminal, asks only the questions not already answered by --answers or
--set. Without a terminal (or with CI=true, --json or --no-input) it never asks:
unanswered keys stay unknown and count for neither framework.

answer keys:
  goals                    list of: prototype, rest_api, static_site, serverless,
                           ml_serving, social, personalization, commerce,
                           b2b_secure, data_driven, analytics
  size                     small | large
  database                 none | nosql | relational
  full_stack               yes | no   (admin, auth, ORM and forms built in)
  scale                    yes | no   (heavy traffic or fast growth expected)
  learning_curve_priority  yes | no
  team_learning            yes | no   (the team's aim is to learn)

Each matching rule adds its weight to one side. A margin of 1 point or less is
reported as a close call; equal scores go to Flask (the tie-break), and the
tie-break is listed among the reasons.

examples:
  stackpick recommend
  stackpick recommend --set goals=rest_api,prototype --set size=small --json
  stackpick recommend --answers answers.yml --no-input

exit codes: 0 ok · 2 unknown key or value, unreadable answers file · 130 Ctrl-C"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--answers, --set, --json and --no-input."""
    add_answers_file(parser)
    add_set(parser)
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the result as JSON (never prompts)",
    )
    parser.add_argument(
        "--no-input",
        action="store_true",
        help="never prompt; unanswered questions stay unknown",
    )


def run(args: argparse.Namespace) -> int:
    """Load answers, ask the missing ones when interactive, print the recommendation."""
    from generator import answers, console
    from generator.recommender import recommend

    known = answers.load_answers(args.answers, args.overrides)
    if not (args.json or args.no_input) and console.interactive():
        from generator.questionnaire import ask_recommender_questions

        known = ask_recommender_questions(known)
    result = recommend(known)
    if args.json:
        import json

        console.echo(json.dumps(result.to_dict(), indent=2))
    else:
        from generator import report

        console.echo(report.render(result))
    return 0
