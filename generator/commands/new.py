"""`stackpick new` (placeholder until implemented)."""

from __future__ import annotations

import argparse

NAME = "new"
SUMMARY = "new (not implemented yet)"
DESCRIPTION = SUMMARY


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No arguments yet."""


def run(args: argparse.Namespace) -> int:
    """Not implemented yet."""
    raise NotImplementedError
