"""Interactive prompts. The only module that imports questionary.

Every function asks one question, shows its one-line help under the prompt,
re-asks in place when a validator rejects the input, and turns Ctrl-C into
:class:`~generator.errors.Cancelled` so callers never see KeyboardInterrupt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from generator.errors import Cancelled

if TYPE_CHECKING:
    from questionary import Question

Choice = tuple[Any, str]
"""A (value, plain-language label) pair."""

Validator = Callable[[str], str | None]
"""Returns an error message for bad input, or None when the input is fine."""

BACK = "<back>"
"""Returned by a prompt asked with ``back=True`` when the user chose to go back."""
BACK_LABEL = "← Back"
BACK_TEXT = "<"
"""Typed alone as a text answer, goes back to the previous question."""


def _run(question: Question) -> Any:
    try:
        answer = question.unsafe_ask()
    except KeyboardInterrupt:
        raise Cancelled() from None
    if answer is None:  # EOF on the terminal
        raise Cancelled()
    return answer


def _instruction(help_text: str | None, keys: str | None = None) -> str | None:
    parts = [part for part in (help_text, keys) if part]
    return " · ".join(parts) if parts else None


def select(
    message: str,
    choices: Sequence[Choice],
    *,
    default: Any = None,
    help_text: str | None = None,
    back: bool = False,
) -> Any:
    """Ask for exactly one of ``choices``; returns the chosen value (or :data:`BACK`)."""
    import questionary

    options = [questionary.Choice(title=label, value=value) for value, label in choices]
    if back:
        options.append(questionary.Choice(title=BACK_LABEL, value=BACK))
    start = next((option for option in options if option.value == default), None)
    return _run(
        questionary.select(
            message,
            choices=options,
            default=start,
            instruction=_instruction(help_text, "↑/↓ then Enter"),
        )
    )


def checkbox(
    message: str,
    choices: Sequence[Choice],
    *,
    default: Sequence[Any] = (),
    help_text: str | None = None,
    back: bool = False,
) -> Any:
    """Ask for any number of ``choices``; returns the chosen values in choice order.

    With ``back``, ticking "← Back" (alone or with others) returns :data:`BACK`.
    """
    import questionary

    options = [
        questionary.Choice(title=label, value=value, checked=value in default)
        for value, label in choices
    ]
    if back:
        options.append(questionary.Choice(title=BACK_LABEL, value=BACK))
    picked = list(
        _run(
            questionary.checkbox(
                message,
                choices=options,
                instruction=_instruction(help_text, "Space to toggle, Enter to confirm"),
            )
        )
    )
    return BACK if BACK in picked else picked


def confirm(
    message: str, *, default: bool = True, help_text: str | None = None, back: bool = False
) -> Any:
    """Ask a yes/no question; with ``back``, a select with yes/no/back instead."""
    import questionary

    if back:
        return select(
            message, [(True, "Yes"), (False, "No")], default=default, help_text=help_text, back=True
        )
    return bool(
        _run(
            questionary.confirm(
                message,
                default=default,
                instruction=_instruction(help_text, "(Y/n)" if default else "(y/N)"),
            )
        )
    )


def text(
    message: str,
    *,
    default: str = "",
    help_text: str | None = None,
    validate: Validator | None = None,
    back: bool = False,
) -> str:
    """Ask for free text; a rejected answer is re-asked in place with the reason shown.

    With ``back``, typing ``<`` alone returns :data:`BACK`.
    """
    import questionary

    def check(value: str) -> bool | str:
        if validate is None or (back and value.strip() == BACK_TEXT):
            return True
        problem = validate(value)
        return True if problem is None else problem

    answer = str(
        _run(
            questionary.text(
                message,
                default=default,
                validate=check,
                instruction=_instruction(
                    help_text, f"{BACK_TEXT} alone goes back" if back else None
                ),
            )
        )
    )
    return BACK if back and answer.strip() == BACK_TEXT else answer
