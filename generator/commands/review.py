"""The review step of ``stackpick new``: show every answer, then generate, change or cancel."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import console
from generator.commands import prompts
from generator.commands.asking import ask_recommender_questions, ask_template_question
from generator.errors import Cancelled
from generator.vocabulary import FRAMEWORK_NAMES, format_answer

if TYPE_CHECKING:
    from generator.template.questions import QuestionEvaluator

WIDTH = 80
"""The review table fits this many columns."""
LABEL_WIDTH = 40

ACTIONS = [
    ("generate", "Generate the project"),
    ("change", "Change an answer"),
    ("framework", "Change the framework"),
    ("questionnaire", "Change the questionnaire answers (and see the recommendation again)"),
    ("install", "Switch installing on or off (venv, uv.lock, database, tests)"),
    ("cancel", "Cancel"),
]
"""The review's choices, in order; add one more here (and its branch in review_answers)."""


@dataclass
class Review:
    """What the review may change: the template answers and the questionnaire."""

    answers: dict[str, Any]
    questionnaire: dict[str, Any] = field(default_factory=dict)
    recommendation: dict[str, Any] | None = None
    explicit: set[str] = field(default_factory=set)
    """Answers the user set themselves (not re-derived when another answer changes)."""
    install: bool | None = None
    """Install after generating (``new --install``); None: not offered (``--pretend``)."""


INSTALL_LABEL = "Install (venv, uv.lock, database, tests)"
"""The review line of the install choice."""


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def review_lines(answers: dict[str, Any], evaluator: QuestionEvaluator) -> list[str]:
    """The review table: one line per answer, label and value aligned within 80 columns."""
    lines = []
    for name, value in answers.items():
        label = _fit(evaluator.by_name[name].help, LABEL_WIDTH)
        shown = _fit(format_answer(value), WIDTH - LABEL_WIDTH - 3)
        lines.append(f"  {label:<{LABEL_WIDTH}} {console.style(shown, 'cyan')}")
    return lines


def review_answers(
    answers: dict[str, Any],
    evaluator: QuestionEvaluator,
    dest: Path,
    review: Review | None = None,
) -> dict[str, Any]:
    """Show every choice; generate, change an answer (framework and questionnaire
    included), or cancel. Returns the final answers; ``review`` (when given) is
    updated with the questionnaire and recommendation the user ended with."""
    review = review or Review(answers)
    review.answers = answers
    while True:
        console.echo()
        console.echo(console.style("Review", "bold") + f"  (project folder: {dest})")
        for line in review_lines(review.answers, evaluator):
            console.echo(line)
        actions = ACTIONS
        if review.install is not None:
            shown = format_answer(review.install)
            console.echo(f"  {INSTALL_LABEL:<{LABEL_WIDTH}} {console.style(shown, 'cyan')}")
        else:
            actions = [action for action in ACTIONS if action[0] != "install"]
        action = prompts.select("Ready?", actions, default="generate")
        if action == "generate":
            return review.answers
        if action == "cancel":
            raise Cancelled()
        if action == "framework":
            _change_framework(review, evaluator)
        elif action == "questionnaire":
            _change_questionnaire(review, evaluator)
        elif action == "install":
            review.install = not review.install
        else:
            _change_answer(review, evaluator)


def _change_answer(review: Review, evaluator: QuestionEvaluator) -> None:
    answers = review.answers
    name = prompts.select(
        "Which answer?",
        [
            (key, _fit(f"{evaluator.by_name[key].help}: {format_answer(value)}", WIDTH - 4))
            for key, value in answers.items()
            if key != "framework"
        ],
    )
    question = evaluator.by_name[name]
    others = {key: value for key, value in answers.items() if key != name}
    value = ask_template_question(question, answers[name], evaluator, others)
    if value is _back():
        return
    review.explicit.add(name)
    changed = {**others, name: value}
    if name == "project_name" and "package_name" not in review.explicit:
        # The package name follows the project name unless the user set it.
        changed.pop("package_name", None)
        changed["package_name"] = evaluator.default(evaluator.by_name["package_name"], changed)
    _settle(review, evaluator, changed)


def _change_framework(review: Review, evaluator: QuestionEvaluator) -> None:
    current = review.answers["framework"]
    framework = prompts.select(
        "Which framework?",
        [(key, label) for key, label in FRAMEWORK_NAMES.items()],
        default=current,
    )
    if framework != current:
        _settle(review, evaluator, {**review.answers, "framework": framework})


def _change_questionnaire(review: Review, evaluator: QuestionEvaluator) -> None:
    from generator.recommendation import report
    from generator.recommendation.rules import recommend

    review.questionnaire = ask_recommender_questions({}, defaults=review.questionnaire)
    result = recommend(review.questionnaire)
    review.recommendation = result.to_dict()
    console.echo(report.render(result))
    if result.framework != review.answers["framework"]:
        name = FRAMEWORK_NAMES[result.framework]
        if prompts.confirm(f"Switch the project to {name}, as recommended?", default=True):
            _settle(review, evaluator, {**review.answers, "framework": result.framework})


def _settle(review: Review, evaluator: QuestionEvaluator, answers: dict[str, Any]) -> None:
    """Keep every answer that still applies; ask only what is new or no longer valid."""
    review.answers = evaluator.resolve(answers, ask=ask_template_question, lenient=True)


def _back() -> Any:
    from generator.template.questions import BACK

    return BACK
