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
    EXIT_SETUP,
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

--install then sets the project up, in DEST only, showing each step and its time:
  venv      .venv with the Python running stackpick (uv venv; without uv: python -m venv)
  install   uv sync --extra dev: writes uv.lock and installs from it, dev tools
            included (without uv: pip install -e ".[dev]", and no lock)
  database  the migrate command (when the project has a database)
  tests     the project's pytest
The first commit includes uv.lock, and the last line is the command that starts
the development server. If a step fails or Ctrl-C stops it, the project is kept
and committed, and one line names the step and the commands that finish by hand
(exit 6). In a terminal the review offers the install (yes when uv is on PATH);
otherwise only --install turns it on.

template answers (--data key=value):
  project_name, package_name, description, author_name, author_email
  database          sqlite | postgresql | mysql | none (none: Flask only)
  api               none | drf                          (Django only)
  deploy            any of docker, paas, serverless     (serverless: Flask only)
                    e.g. --data deploy=docker,serverless
  update_check_job  yes | no  (CI job running `stackpick check`)

examples:
  stackpick new
  stackpick new shop --framework flask --defaults --install
  stackpick new shop --framework django --data database=postgresql --data api=drf
  stackpick new api --answers answers.yml --defaults --pretend

""" + exit_codes_help(
    EXIT_OK,
    EXIT_ERROR,
    (EXIT_USAGE, "bad option or answer"),
    (EXIT_SETUP, "--install: project created and committed, a step failed or was stopped"),
    (EXIT_INTERRUPTED, "cancelled, nothing written"),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """DEST, --framework, --answers, --set, --data, --defaults, --no-git, --pretend, --install."""
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
    parser.add_argument(
        "--install",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="after generating: make .venv, write uv.lock, install, migrate, run the tests "
        "(in a terminal the review asks, default yes when uv is found)",
    )


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
            install=args.install,
        )
    )
