"""`stackpick update`: bring template improvements and changed answers into a project."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from generator.commands.common import add_data, add_project_path, add_switch
from generator.errors import (
    EXIT_CONFLICTS,
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_NEWER,
    EXIT_OK,
    EXIT_USAGE,
    exit_codes_help,
)

if TYPE_CHECKING:
    from generator.project.update import UpdateResult
    from generator.template.questions import AskTemplateQuestion

NAME = "update"
SUMMARY = "update a generated project, keeping every edit you made"
DESCRIPTION = """\
Update a generated project to the installed template version, and/or change its
answers (--data database=postgresql, --data deploy=docker,paas,serverless).
Copier merges three ways: your edits are kept, template changes arrive, and
where both changed the same lines you get inline conflict markers in git's
unmerged state (see `git status`, `git mergetool`). Changes are left
uncommitted for you to review.

In a terminal it asks every template question again with your recorded answers
as defaults, then lists the planned changes (answers, and files added, removed
or merged) and applies them only when you confirm; --defaults keeps the recorded
answers and asks nothing. Run it from the project or any folder inside it.
Untracked files the new .gitignore would stop ignoring (a local db.sqlite3, say)
are named and kept ignored through .git/info/exclude. The working tree must be
clean. Switching the framework of a project is refused.

""" + exit_codes_help(
    (EXIT_OK, "updated or already current"),
    (EXIT_ERROR, "error (dirty tree, not a project)"),
    (EXIT_USAGE, "bad answer"),
    (EXIT_CONFLICTS, "conflicts to resolve"),
    EXIT_NEWER,
    EXIT_INTERRUPTED,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """PATH, --data, --defaults, --pretend."""
    add_project_path(parser)
    add_data(parser)
    add_switch(parser, "--defaults", "keep every recorded answer not changed by --data; never ask")
    add_switch(parser, "--pretend", "show what would change, and write nothing")


def _describe(status: str) -> str:
    return {
        "M": "merged",
        "A": "added",
        "D": "removed",
        "??": "added",
        "?": "added",
        "UU": "CONFLICT",
        "AA": "CONFLICT",
        "DU": "CONFLICT",
        "UD": "CONFLICT",
        "R": "renamed",
    }.get(status, status)


def run(args: argparse.Namespace) -> int:
    """Plan, run and report the update."""
    from generator import console
    from generator.project.update import update_project

    ask: AskTemplateQuestion | None = None
    if console.interactive() and not args.defaults and not args.data:
        from generator.commands.asking import ask_template_question

        ask = ask_template_question
    result = update_project(
        args.path, dict(args.data), pretend=args.pretend or ask is not None, ask=ask
    )
    if ask is not None and result.status != "current" and not args.pretend:
        # Interactive: show the planned changes first, and apply them only when confirmed.
        from generator.commands import prompts
        from generator.errors import Cancelled

        _report(result, planned=True)
        if not prompts.confirm("Apply these changes?", default=True):
            raise Cancelled("Update cancelled", "Nothing was changed")
        result = update_project(args.path, {**dict(args.data), **result.plan.changes})
    return _report(result)


def _report(result: UpdateResult, *, planned: bool = False) -> int:
    """Print what the update did (or, ``planned``, will do); returns the exit code."""
    from generator import console
    from generator.errors import UpdateConflicts
    from generator.vocabulary import format_answer

    plan = result.plan
    if result.status == "current":
        console.echo(f"Already up to date: template v{plan.to_version}, no answer changed.")
        return EXIT_OK
    steps = []
    if plan.from_version != plan.to_version:
        steps.append(f"template v{plan.from_version} → v{plan.to_version}")
    steps += [
        f"{key} → {format_answer(value, list_separator=',')}" for key, value in plan.changes.items()
    ]
    verb = "Will update" if planned else "Would update" if result.status == "pretend" else "Updated"
    console.echo(f"{verb} {plan.project.path}: {'; '.join(steps)}")
    for status, path in result.changed:
        console.echo(f"  {_describe(status):<9} {path}")
    for path in result.kept:
        console.echo(f"  {'kept':<9} {path} (dropped by the template, but you had edited it)")
    for path in result.kept_ignored:
        console.echo(
            f"  {'ignored':<9} {path} (the new .gitignore no longer ignores it; "
            "kept ignored in .git/info/exclude)"
        )
    if "database" in plan.changes:
        console.echo(
            "Note: your .env (if any) was left alone; set DATABASE_URL there for "
            f"{plan.changes['database']} (see .env.example)."
        )
    if planned:
        if result.conflicts:
            console.echo(f"{len(result.conflicts)} file(s) will get conflict markers.")
        return 0
    if result.status == "pretend":
        if result.conflicts:
            console.echo(f"{len(result.conflicts)} file(s) would get conflict markers.")
        console.echo("Nothing was written.")
        return 0
    if result.conflicts:
        raise UpdateConflicts(result.conflicts)
    console.echo("Review with `git diff`, run the tests, then commit.")
    return 0
