"""The one exception hierarchy of stackpick, and the exit codes it maps to.

Every error a user can cause is a :class:`StackpickError`. The CLI prints it as a
single line (what went wrong, then what to do) and exits with its ``exit_code``;
no traceback is shown for these.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_OUTDATED = 3
EXIT_CONFLICTS = 4
EXIT_NEWER = 5
EXIT_SETUP = 6
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141

EXIT_MEANINGS: dict[int, str] = {
    EXIT_OK: "ok",
    EXIT_ERROR: "error",
    EXIT_USAGE: "bad usage or answer",
    EXIT_OUTDATED: "update available (check)",
    EXIT_CONFLICTS: "update left conflicts",
    EXIT_NEWER: "project made by a newer stackpick",
    EXIT_SETUP: "project created and committed, but an install step failed or was interrupted",
    EXIT_INTERRUPTED: "interrupted",
}
"""The exit-code table: every code a user sees, with its general meaning."""

_HELP_WIDTH = 80
_HELP_PREFIX = "exit codes: "


def exit_codes_help(*entries: int | tuple[int, str]) -> str:
    """The ``exit codes:`` paragraph of a help text, built from :data:`EXIT_MEANINGS`.

    Each entry is a code (shown with its general meaning) or ``(code, meaning)``
    where a command words it more precisely. Lines wrap at 80 columns.
    """
    parts = []
    for entry in entries:
        code, meaning = entry if isinstance(entry, tuple) else (entry, EXIT_MEANINGS[entry])
        if code not in EXIT_MEANINGS:
            raise ValueError(f"exit code {code} is not in the table")
        parts.append(f"{code} {meaning}")
    lines = [_HELP_PREFIX + parts[0]]
    for part in parts[1:]:
        if len(lines[-1]) + len(" · ") + len(part) <= _HELP_WIDTH:
            lines[-1] += " · " + part
        else:
            lines.append(" " * len(_HELP_PREFIX) + part)
    return "\n".join(lines)


class StackpickError(Exception):
    """Base class: a failure we can explain to the user in one line."""

    exit_code: int = EXIT_ERROR

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def one_line(self) -> str:
        """The message and the hint, joined into the single line the CLI prints."""
        text = self.message.rstrip(".")
        return f"{text}. {self.hint}" if self.hint else f"{text}."


class UsageError(StackpickError):
    """A bad flag, key or value given on the command line or in an answers file."""

    exit_code = EXIT_USAGE


class InvalidAnswerError(UsageError):
    """An answer key or value that the questionnaire does not know."""


class Cancelled(StackpickError):
    """The user pressed Ctrl-C or chose to cancel."""

    exit_code = EXIT_INTERRUPTED

    def __init__(
        self, message: str = "Cancelled", hint: str | None = "Nothing was written"
    ) -> None:
        super().__init__(message, hint)


class DestinationError(StackpickError):
    """The target folder of ``new`` cannot be used."""


class NotAProjectError(StackpickError):
    """A folder that ``update`` or ``check`` cannot treat as a stackpick project."""


class DirtyTreeError(StackpickError):
    """The project has uncommitted changes, so an update could mix with them."""


class NewerProjectError(StackpickError):
    """The project records a template version newer than the installed stackpick."""

    exit_code = EXIT_NEWER


class SetupError(StackpickError):
    """``new --install``: the project exists (and is committed), but a step did not finish.

    Raised for a failing step and for Ctrl-C during one; the message names the step and
    the hint gives the exact commands that finish the job by hand.
    """

    exit_code = EXIT_SETUP


class TemplateError(StackpickError):
    """The template store or a template version is unusable or missing."""


class RenderError(StackpickError):
    """Copier or git failed while rendering or updating a project."""


class UpdateConflicts(StackpickError):
    """An update finished but left conflict markers for the user to resolve."""

    exit_code = EXIT_CONFLICTS

    def __init__(self, files: list[str]) -> None:
        self.files = files
        super().__init__(
            f"Update left conflicts in {len(files)} file(s): {', '.join(files)}",
            "Resolve the <<<<<<< markers (or run `git mergetool`), then commit",
        )
