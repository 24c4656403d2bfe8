"""Render a :class:`~generator.recommendation.rules.Recommendation` as terminal text.

The report shows the recommended framework, one score bar per framework, the
reasons on each side, a plain note when it is a close call (and the tie-break
when one was used), and a side-by-side comparison table whose rows that matter
for the given answers are marked with ``*``.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable

from generator import console
from generator.recommendation.rules import Recommendation
from generator.vocabulary import FRAMEWORK_NAMES as NAMES
from generator.vocabulary import FRAMEWORKS, other_framework

BAR_WIDTH = 24
SOURCE = (
    'Source: "Flask vs Django - 10 Must-Know Criteria for Comparison of Python '
    "Frameworks\" (Simform). Reasons and table are stackpick's own summary."
)


def _points(n: int) -> str:
    return f"{n} point" if n == 1 else f"{n} points"


def _bar(score: int, total: int, unicode: bool) -> str:
    full, empty = ("█", "░") if unicode else ("#", "-")
    filled = round(BAR_WIDTH * score / total) if total else 0
    return full * filled + empty * (BAR_WIDTH - filled)


def _wrap(text: str, width: int, indent: str) -> list[str]:
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=" " * len(indent))


def verdict(rec: Recommendation) -> str:
    """One plain sentence about how clear the result is."""
    winner, loser = NAMES[rec.framework], NAMES[other_framework(rec.framework)]
    if rec.tie_break and not rec.known:
        return (
            f"Close call: nothing was answered, so this is only the default pick "
            f"({winner}, the tie-break)."
        )
    if rec.tie_break:
        return (
            f"Close call: the scores are tied at {_points(rec.scores['flask'])} each, "
            f"so the tie-break decides: {winner}."
        )
    if rec.close_call:
        return (
            f"Close call: {winner} leads {loser} by only {_points(rec.margin)}. Either "
            f"would do; weigh the reasons on both sides."
        )
    return f"Clear result: {winner} leads {loser} by {_points(rec.margin)}."


def _criteria_table(rec: Recommendation, width: int, paint: Callable[..., str]) -> list[str]:
    name_w = max((len(c.name) for c in rec.criteria), default=10) + 2
    col = max(16, (width - 4 - name_w - 2) // 2)
    relevant = rec.relevant_criteria()
    lines = [
        paint("How they compare", "bold") + "   (* = matters for your answers)",
        f"    {'Criterion':<{name_w}}{'Flask':<{col + 2}}Django",
    ]
    for c in rec.criteria:
        left = textwrap.wrap(c.flask, col) or [""]
        right = textwrap.wrap(c.django, col) or [""]
        mark = "*" if c.id in relevant else " "
        for i in range(max(len(left), len(right))):
            name = (c.name if i == 0 else "").ljust(name_w)
            cell_l = (left[i] if i < len(left) else "").ljust(col + 2)
            cell_r = right[i] if i < len(right) else ""
            row = f"  {mark if i == 0 else ' '} {name}{cell_l}{cell_r}".rstrip()
            lines.append(paint(row, "bold") if c.id in relevant else row)
    return lines


def render(
    rec: Recommendation,
    *,
    width: int | None = None,
    colour: bool | None = None,
    unicode: bool = True,
) -> str:
    """The full report as one string (no trailing newline).

    ``width`` defaults to the terminal width (kept between 60 and 120 columns);
    ``colour`` defaults to whether stdout is a colour-capable terminal;
    ``unicode=False`` draws the score bars with ASCII characters.
    """
    if width is None:
        width = shutil.get_terminal_size((100, 24)).columns
    width = min(max(width, 60), 120)
    if colour is None:
        colour = console.use_colour()

    def paint(text: str, *names: str) -> str:
        return console.ansi(text, *names) if colour else text

    winner = NAMES[rec.framework]
    lines = [paint(f"Recommendation: {winner}", "bold", "green")]
    answered = f"Based on {len(rec.known)} of {len(rec.known) + len(rec.unknown)} answers."
    if rec.unknown:
        answered += f" Not answered (counts for neither side): {', '.join(rec.unknown)}."
    lines += _wrap(answered, width, "")
    lines.append("")
    total = sum(rec.scores.values())
    for fw in FRAMEWORKS:
        bar = _bar(rec.scores[fw], total, unicode)
        lines.append(
            f"  {NAMES[fw]:<7} {paint(bar, 'green' if fw == rec.framework else 'dim')}"
            f"  {_points(rec.scores[fw])}"
        )
    lines.append("")
    lines += _wrap(verdict(rec), width, "")
    for side in (rec.framework, other_framework(rec.framework)):
        lines += ["", paint(f"Reasons for {NAMES[side]}", "bold")]
        reasons = rec.reasons_for(side)
        if not reasons:
            lines.append("  (none of your answers point this way)")
        for reason in reasons:
            tag = f"+{reason.weight}" if reason.weight else "tie"
            lines += _wrap(f"{reason.text} [{reason.section}]", width, f"  {tag:>3}  ")
    lines += ["", *_criteria_table(rec, width, paint), ""]
    lines += [paint(line, "dim") for line in _wrap(SOURCE, width, "")]
    return "\n".join(lines)
