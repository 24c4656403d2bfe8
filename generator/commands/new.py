"""`stackpick new`: recommend a framework, ask the template questions, review, render.

Interactive in a terminal (questionnaire, recommendation, template questions and a
review loop); fully driven by flags otherwise.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from generator import console
from generator.commands.common import add_answers_file, add_data, add_set, add_switch
from generator.errors import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    exit_codes_help,
)
from generator.vocabulary import FRAMEWORKS

NAME = "new"
SUMMARY = "create a new Flask or Django project"
DESCRIPTION = """\
Create a new project. In a terminal it runs the questionnaire, shows the
recommendation (accept it or pick the other framework), asks the template
questions, and shows a review before anything is written. Without a terminal
(pipes, CI=true) it never asks: it takes --framework, --answers, --data and the
defaults.

DEST must be new or empty. The project is rendered completely or not at all;
Ctrl-C or an error leaves DEST as it was. A git repository with a first commit
is created unless --no-git is given or DEST is inside a git repository already.

template answers (--data key=value):
  project_name, package_name, description, author_name, author_email
  database          sqlite | postgresql | mysql | none (none: Flask only)
  api               none | drf                          (Django only)
  deploy            any of docker, paas, serverless     (serverless: Flask only)
                    e.g. --data deploy=docker,serverless
  update_check_job  yes | no  (CI job running `stackpick check`)

examples:
  stackpick new
  stackpick new shop --framework django --data database=postgresql --data api=drf
  stackpick new api --answers answers.yml --defaults --pretend

""" + exit_codes_help(
    EXIT_OK, EXIT_ERROR, (EXIT_USAGE, "bad option or answer"), (EXIT_INTERRUPTED, "cancelled")
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """DEST, --framework, --answers, --set, --data, --defaults, --no-git, --pretend."""
    parser.add_argument(
        "dest",
        nargs="?",
        type=Path,
        metavar="DEST",
        help="folder for the project (default: derived from the project name)",
    )
    parser.add_argument(
        "--framework",
        choices=FRAMEWORKS,
        help="skip the recommendation and use this framework",
    )
    add_answers_file(parser)
    add_set(parser)
    add_data(parser)
    add_switch(parser, "--defaults", "take the default for every answer not given; never ask")
    parser.add_argument(
        "--no-git", dest="git", action="store_false", help="do not create a git repository"
    )
    add_switch(parser, "--pretend", "show the files that would be written, and write nothing")


def run(args: argparse.Namespace) -> int:
    """Hand the flags to the new-project session."""
    from generator.commands.new_session import NewOptions, run_new

    return run_new(
        NewOptions(
            dest=args.dest,
            framework=args.framework,
            answers_file=args.answers,
            overrides=args.overrides,
            data=args.data,
            defaults=args.defaults,
            git=args.git,
            pretend=args.pretend,
            interactive=console.interactive(),
        )
    )
