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


def ask_recommender_questions(
    known: Mapping[str, Any], defaults: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Ask every questionnaire question whose key is not in ``known``, with "n of m".

    ``defaults`` preselects earlier answers (the review's "change the questionnaire").
    "← Back" returns to the previous question. Returns ``known`` merged with the new
    answers; keys answered "Not sure yet" are left out (unknown). Raises
    :class:`~generator.errors.Cancelled` on Ctrl-C.
    """
    answers = dict(known)
    pending = [question for question in QUESTIONS if question.key not in known]
    earlier: dict[str, Any] = dict(defaults or {})
    index = 0
    while index < len(pending):
        question = pending[index]
        label = f"({index + 1} of {len(pending)}) {question.label}"
        default = earlier.get(question.key, question.default)
        ask = prompts.checkbox if question.kind == "list" else prompts.select
        value = ask(
            label, question.prompt_choices, default=default, help_text=question.help, back=index > 0
        )
        if value == prompts.BACK:
            index -= 1
            answers.pop(pending[index].key, None)
            continue
        earlier[question.key] = value
        answers.pop(question.key, None)
        if value != NOT_SURE:
            answers[question.key] = value
        index += 1
    return answers


def ask_template_question(
    question: TemplateQuestion,
    default: Any,
    evaluator: QuestionEvaluator,
    answers: dict[str, Any],
) -> Any:
    """Ask one template question, offering only the choices that apply to ``answers``.

    Matches :class:`~generator.template.questions.AskTemplateQuestion`. Shows
    "(n of m)"; from the second question on, "← Back" (or ``<`` typed alone in a
    text prompt) returns :data:`~generator.template.questions.BACK`.
    """
    from generator.template.questions import BACK

    number, total = evaluator.position(question, answers)
    back = number > 1
    message = f"({number} of {total}) {question.help}"
    answer = _ask(question, default, evaluator, answers, message, back)
    return BACK if answer == prompts.BACK else answer


def _ask(
    question: TemplateQuestion,
    default: Any,
    evaluator: QuestionEvaluator,
    answers: dict[str, Any],
    message: str,
    back: bool,
) -> Any:
    if question.choices:
        options = [
            (choice.value, choice.label)
            for choice, reason in evaluator.choices(question, answers)
            if not reason
        ]
        if question.multiselect:
            return prompts.checkbox(
                message, options, default=default or [], help_text=None, back=back
            )
        return prompts.select(message, options, default=default, back=back)
    if question.type == "bool":
        return prompts.confirm(message, default=bool(default), back=back)
    return prompts.text(
        message,
        default="" if default is None else str(default),
        validate=lambda value: evaluator.problem(question, value, answers),
        back=back,
    )
