"""The review step of ``stackpick new``: show every answer, then generate, change or cancel."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import console
from generator.commands import prompts
from generator.commands.asking import ask_template_question
from generator.errors import Cancelled
from generator.vocabulary import format_answer

if TYPE_CHECKING:
    from generator.template.questions import QuestionEvaluator


def review_answers(
    answers: dict[str, Any], evaluator: QuestionEvaluator, dest: Path
) -> dict[str, Any]:
    """Show every choice; generate, change an answer, or cancel. Returns final answers.

    The framework is not offered for change: it decides which questions exist.
    """
    while True:
        console.echo()
        console.echo(console.style("Review", "bold") + f"  (project folder: {dest})")
        for name, value in answers.items():
            label = evaluator.by_name[name].help
            console.echo(f"  {label:<44} {console.style(format_answer(value), 'cyan')}")
        action = prompts.select(
            "Ready?",
            [
                ("generate", "Generate the project"),
                ("change", "Change an answer"),
                ("cancel", "Cancel"),
            ],
            default="generate",
        )
        if action == "generate":
            return answers
        if action == "cancel":
            raise Cancelled()
        name = prompts.select(
            "Which answer?",
            [
                (key, f"{evaluator.by_name[key].help}: {format_answer(value)}")
                for key, value in answers.items()
                if key != "framework"
            ],
        )
        question = evaluator.by_name[name]
        others = {key: value for key, value in answers.items() if key != name}
        answers = {
            **others,
            name: ask_template_question(question, answers[name], evaluator, others),
        }
        answers = evaluator.resolve(answers, ask=ask_template_question, lenient=True)
