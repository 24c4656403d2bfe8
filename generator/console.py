"""Tiny terminal output helpers: colour only when writing to a terminal."""

from __future__ import annotations

import os
import sys
from typing import TextIO

_CODES = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "magenta": "35",
    "cyan": "36",
}


def use_colour(stream: TextIO | None = None) -> bool:
    """Whether to emit ANSI colours on ``stream`` (honours NO_COLOR and FORCE_COLOR)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    stream = stream or sys.stdout
    return hasattr(stream, "isatty") and stream.isatty()


def style(text: str, *names: str, stream: TextIO | None = None) -> str:
    """Wrap ``text`` in the named ANSI styles when colour is on."""
    if not names or not use_colour(stream):
        return text
    return ansi(text, *names)


def ansi(text: str, *names: str) -> str:
    """Wrap ``text`` in the named ANSI styles unconditionally (callers decide on colour)."""
    if not names:
        return text
    codes = ";".join(_CODES[name] for name in names)
    return f"\033[{codes}m{text}\033[0m"


def echo(text: str = "", *, err: bool = False) -> None:
    """Print a line to stdout, or to stderr with ``err=True``."""
    stream = sys.stderr if err else sys.stdout
    print(text, file=stream, flush=True)


def interactive() -> bool:
    """True when both stdin and stdout are terminals, so prompting is allowed."""
    return sys.stdin.isatty() and sys.stdout.isatty() and os.environ.get("CI") != "true"
