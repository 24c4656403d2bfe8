"""One module per subcommand, each a :class:`Command`: NAME, SUMMARY, DESCRIPTION,
``add_arguments(parser)`` and ``run(args) -> int``. Heavy imports stay inside ``run``."""

from __future__ import annotations

import argparse
from typing import Protocol

from generator.commands import check, new, recommend, update, web


class Command(Protocol):
    """What the CLI needs from a command module."""

    NAME: str
    SUMMARY: str
    DESCRIPTION: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Declare the command's flags and arguments."""
        ...

    def run(self, args: argparse.Namespace) -> int:
        """Do the command; returns the exit code."""
        ...


COMMANDS: tuple[Command, ...] = (recommend, new, update, check, web)
