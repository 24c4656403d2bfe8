"""The words people type and read, each kept once.

* yes/no: one vocabulary for ``--set``, ``--data``, answers files and prompts;
* the frameworks: their keys and display names;
* how an answer is shown back (lists joined, booleans as yes/no).
"""

from __future__ import annotations

from typing import Literal

YES_WORDS = ("yes", "y", "true", "on", "1")
NO_WORDS = ("no", "n", "false", "off", "0")
YES_NO_ALLOWED = "yes, no (also y/n, true/false, on/off, 1/0)"
"""How the yes/no vocabulary is named in error messages."""

Framework = Literal["flask", "django"]
FRAMEWORKS: tuple[Framework, ...] = ("flask", "django")
FRAMEWORK_NAMES: dict[str, str] = {"flask": "Flask", "django": "Django"}


def parse_yes_no(value: object) -> bool | None:
    """``True``/``False`` for a bool or a yes/no word (any case), else ``None``."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in YES_WORDS:
            return True
        if word in NO_WORDS:
            return False
    return None


def other_framework(framework: str) -> Framework:
    """The framework that is not ``framework``."""
    return "django" if framework == "flask" else "flask"


def format_answer(value: object, *, list_separator: str = ", ") -> str:
    """An answer as people read and type it: lists joined, ``(none)`` when empty, yes/no."""
    if isinstance(value, list | tuple):
        return list_separator.join(str(item) for item in value) or "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
