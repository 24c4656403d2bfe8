"""Asking the questionnaire and the template questions in the terminal.

Shared by every command that asks (``recommend``, ``new``, ``update``); the
widgets themselves come from :mod:`generator.commands.prompts`, the only module
that imports questionary.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from generator.commands import prompts
from generator.recommendation.questions import NOT_SURE, QUESTIONS

if TYPE_CHECKING:
    from generator.template.questions import QuestionEvaluator, TemplateQuestion


def ask_recommender_questions(known: Mapping[str, Any]) -> dict[str, Any]:
    """Ask every questionnaire question whose key is not in ``known``.

    Returns ``known`` merged with the new answers; keys answered "Not sure yet"
    are left out (unknown). Raises :class:`~generator.errors.Cancelled` on Ctrl-C.
    """
    answers = dict(known)
    for question in QUESTIONS:
        if question.key in answers:
            continue
        value: Any
        if question.kind == "list":
            value = prompts.checkbox(
                question.label,
                question.prompt_choices,
                default=question.default,
                help_text=question.help,
            )
        else:
            value = prompts.select(
                question.label,
                question.prompt_choices,
                default=question.default,
                help_text=question.help,
            )
        if value != NOT_SURE:
            answers[question.key] = value
    return answers


def ask_template_question(
    question: TemplateQuestion,
    default: Any,
    evaluator: QuestionEvaluator,
    answers: dict[str, Any],
) -> Any:
    """Ask one template question, offering only the choices that apply to ``answers``.

    Matches :class:`~generator.template.questions.AskTemplateQuestion`.
    """
    if question.choices:
        options = [
            (choice.value, choice.label)
            for choice, reason in evaluator.choices(question, answers)
            if not reason
        ]
        if question.multiselect:
            return prompts.checkbox(question.help, options, default=default or [], help_text=None)
        return prompts.select(question.help, options, default=default)
    if question.type == "bool":
        return prompts.confirm(question.help, default=bool(default))
    return prompts.text(
        question.help,
        default="" if default is None else str(default),
        validate=lambda value: evaluator.problem(question, value, answers),
    )
