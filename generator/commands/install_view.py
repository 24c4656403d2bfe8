"""How ``new --install`` shows its steps: a live display in a terminal, plain lines otherwise.

In a terminal every step is listed up front; the running one has a spinner and a
clock, finished ones their time (drawn with rich, imported only here and only when
the install runs). Without a terminal each step prints one plain ASCII line when it
ends, so logs stay readable.
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from generator import console

if TYPE_CHECKING:
    from generator.project.install import InstallPlan, InstallStep, StepOutcome

_SHOWN_OUTPUT_LINES = 15
"""How much of a failed step's output is shown (the rest: run the command again)."""
_NAME_WIDTH = 9


def _seconds(value: float) -> str:
    return f"{value:5.1f} s"


def _status_word(outcome: StepOutcome) -> str:
    if outcome.ok:
        return "ok"
    return "stopped" if outcome.interrupted else "FAILED"


def show_output_tail(outcome: StepOutcome) -> None:
    """The end of a failed step's output, indented, so the reason is on screen."""
    lines = [line for line in outcome.output if line.strip()][-_SHOWN_OUTPUT_LINES:]
    for line in lines:
        console.echo(console.style(f"    | {line}", "dim"))


class PlainSteps(AbstractContextManager["PlainSteps"]):
    """One line per finished step, e.g. ``  ok      venv       0.1 s  uv venv .venv``."""

    def __init__(self) -> None:
        self.shown_failure = False

    def __exit__(self, *exc_info: object) -> None:
        return None

    def started(self, step: InstallStep) -> None:
        """Nothing to show until the step ends."""

    def ended(self, outcome: StepOutcome) -> None:
        """Print the step's line; for a failure, the end of its output too."""
        console.echo(
            f"  {_status_word(outcome):<8}{outcome.step.name:<{_NAME_WIDTH}}"
            f"{_seconds(outcome.seconds)}  {outcome.step.command}"
        )
        if not outcome.ok and not outcome.interrupted and not self.shown_failure:
            # The first failure only: a step beside it often fails for the same reason.
            show_output_tail(outcome)
            self.shown_failure = True


class LiveSteps(AbstractContextManager["LiveSteps"]):
    """Every step on screen, redrawn while it runs (rich ``Live``)."""

    def __init__(self, plan: InstallPlan) -> None:
        self.plan = plan
        self.started_at: dict[str, float] = {}
        self.outcomes: dict[str, StepOutcome] = {}
        self._live: Any = None
        self._spinner: Any = None

    def __enter__(self) -> LiveSteps:
        from rich.console import Console
        from rich.live import Live
        from rich.spinner import Spinner

        self._spinner = Spinner("dots", style="cyan")
        self._live = Live(
            self, console=Console(highlight=False), refresh_per_second=10, transient=False
        )
        self._live.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._live is not None:
            self._live.stop()
        failed = [outcome for outcome in self.outcomes.values() if not outcome.ok]
        if failed and not failed[0].interrupted:
            show_output_tail(failed[0])

    def started(self, step: InstallStep) -> None:
        """Start the step's spinner and clock."""
        self.started_at[step.name] = time.perf_counter()

    def ended(self, outcome: StepOutcome) -> None:
        """Freeze the step's line with its outcome and time."""
        self.outcomes[outcome.step.name] = outcome
        if self._live is not None:
            self._live.refresh()

    def __rich__(self) -> Any:
        from rich.padding import Padding
        from rich.table import Table
        from rich.text import Text

        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=2)
        grid.add_column(min_width=_NAME_WIDTH)
        grid.add_column(justify="right", min_width=7)
        grid.add_column()
        for step in self.plan.steps:
            outcome = self.outcomes.get(step.name)
            command = Text(step.command, style="dim")
            if outcome is not None:
                mark = Text("✓", style="green") if outcome.ok else Text("✗", style="red bold")
                elapsed = _seconds(outcome.seconds)
                grid.add_row(mark, Text(step.name, style="bold"), elapsed, command)
            elif step.name in self.started_at:
                elapsed = _seconds(time.perf_counter() - self.started_at[step.name])
                grid.add_row(self._spinner, Text(step.name, style="bold"), elapsed, command)
            else:
                grid.add_row(Text("·", style="dim"), Text(step.name, style="dim"), "", command)
        return Padding(grid, (0, 0, 0, 2))


def steps_view(plan: InstallPlan) -> LiveSteps | PlainSteps:
    """The live display on a terminal, plain lines otherwise (pipes, logs, TERM=dumb)."""
    terminal = sys.stdout.isatty() and os.environ.get("TERM") != "dumb"
    return LiveSteps(plan) if terminal else PlainSteps()
