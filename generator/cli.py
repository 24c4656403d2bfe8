"""The ``stackpick`` command line: parse flags, call the library, map errors to exit codes.

Each subcommand lives in :mod:`generator.commands` and only imports heavy
modules (copier, questionary, jinja2) inside its ``run`` function, so that
``stackpick --help`` and ``stackpick --version`` stay fast.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence

from generator.__about__ import __version__
from generator.commands import COMMANDS
from generator.errors import (
    EXIT_BROKEN_PIPE,
    EXIT_CONFLICTS,
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_NEWER,
    EXIT_OK,
    EXIT_OUTDATED,
    EXIT_SETUP,
    EXIT_USAGE,
    Cancelled,
    StackpickError,
    exit_codes_help,
)

DESCRIPTION = """\
Pick Flask or Django for a new web project, with the reasons on both sides,
then generate a production-ready project and keep it up to date.

Rules follow the article "Flask vs Django - 10 Must-Know Criteria for
Comparison of Python Frameworks" (Simform)."""

EPILOG = exit_codes_help(
    EXIT_OK,
    EXIT_ERROR,
    EXIT_USAGE,
    EXIT_OUTDATED,
    EXIT_CONFLICTS,
    EXIT_NEWER,
    EXIT_SETUP,
    EXIT_INTERRUPTED,
)


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors and exit code 2, like every other usage error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"stackpick: error: {message}. See `{self.prog} --help`.\n")


def build_parser() -> argparse.ArgumentParser:
    """The full parser, with one sub-parser per command."""
    parser = _Parser(
        prog="stackpick",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"stackpick {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in COMMANDS:
        sub = subparsers.add_parser(
            command.NAME,
            help=command.SUMMARY,
            description=command.DESCRIPTION,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        command.add_arguments(sub)
        sub.set_defaults(handler=command.run, command_parser=sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``stackpick`` console script; returns the exit code."""
    parser = build_parser()
    args, extras = parser.parse_known_args(argv)
    if extras:
        # Name the subcommand's help (`stackpick new --help`), not the top-level one.
        usage = getattr(args, "command_parser", parser)
        usage.error(f"unrecognized arguments: {' '.join(extras)}")
    if not getattr(args, "handler", None):
        parser.print_help()
        return 0
    try:
        code = int(args.handler(args) or 0)
        sys.stdout.flush()
        return code
    except Cancelled as exc:
        print(f"\nstackpick: {exc.one_line()}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("\nstackpick: Cancelled. Nothing was written.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except StackpickError as exc:
        print(f"stackpick: error: {exc.one_line()}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        # The reader went away (e.g. `stackpick ... | head`): stop quietly, like other
        # Unix tools, and keep Python from complaining while it flushes at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except OSError as exc:
        # Output could not be written (a full disk, /dev/full, a closed terminal).
        try:
            print(f"stackpick: error: cannot write output: {exc.strerror or exc}", file=sys.stderr)
            sys.stderr.flush()
        except OSError:
            pass
        _quiet_output()
        return EXIT_ERROR


def _quiet_output() -> None:
    """Point stdout and stderr at /dev/null so Python's flush at exit cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            os.dup2(devnull, stream.fileno())


def run() -> None:
    """Console-script wrapper that exits with :func:`main`'s code."""
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    run()
