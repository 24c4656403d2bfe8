"""`stackpick check`: tell whether a newer template is available (for a project's CI)."""

from __future__ import annotations

import argparse

from generator.commands.common import add_project_path, add_switch
from generator.errors import EXIT_ERROR, EXIT_OK, EXIT_OUTDATED, exit_codes_help

NAME = "check"
SUMMARY = "tell whether a template update is available"
DESCRIPTION = (
    """\
Compare the template version a project records (.copier-answers.yml) with the
installed stackpick. Renders nothing and needs no network, so it suits CI.

"""
    + exit_codes_help(
        (EXIT_OK, "current (or made by a newer stackpick)"),
        (EXIT_OUTDATED, "update available"),
        (EXIT_ERROR, "not a stackpick project"),
    )
    + "\n\nWith --json the output is always one JSON object, errors included (status: error)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """PATH and --json."""
    add_project_path(parser)
    add_switch(parser, "--json", "print the result as JSON")


def run(args: argparse.Namespace) -> int:
    """Print the comparison; exit 3 when an update is available."""
    from generator import console
    from generator.project.check import check_project

    if args.json:
        import json

        from generator.errors import StackpickError

        try:
            result = check_project(args.path)
        except StackpickError as error:  # --json always prints JSON, errors included
            body = {"path": str(args.path), "status": "error", "error": error.one_line()}
            console.echo(json.dumps(body, indent=2))
            return error.exit_code
        console.echo(json.dumps(result.to_dict(), indent=2))
        return EXIT_OUTDATED if result.status == "outdated" else EXIT_OK
    result = check_project(args.path)
    if result.status == "current":
        console.echo(f"Up to date: template v{result.project_version}.")
    elif result.status == "outdated":
        console.echo(
            f"Update available: template v{result.project_version} → "
            f"v{result.installed_version}. Run `stackpick update` to take it."
        )
    else:
        console.echo(
            f"The project uses template v{result.project_version}, newer than this "
            f"stackpick ({result.installed_version}); upgrade stackpick to update it."
        )
    return EXIT_OUTDATED if result.status == "outdated" else EXIT_OK
