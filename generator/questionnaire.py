"""The recommender's questions, as data, and the function that asks the missing ones.

Each question maps to one answer key of :data:`generator.answers.SCHEMA`.
Single-choice questions offer a "Not sure yet" choice, which is also their
default: pressing Enter through the questionnaire never tilts the result, and
an unsure answer stays unknown (it counts for neither framework).
Prompting goes through :mod:`generator.prompts`, the only module that imports
questionary.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

NOT_SURE = "not-sure"
"""Choice value meaning "leave this answer unknown"."""

_NOT_SURE_CHOICE = (NOT_SURE, "Not sure yet / skip")
_YES_NO = ((True, "Yes"), (False, "No"), _NOT_SURE_CHOICE)


@dataclass(frozen=True)
class Question:
    """One question: its answer key, wording, one-line help, choices and default."""

    key: str
    kind: Literal["checkbox", "select"]
    label: str
    help: str
    choices: tuple[tuple[Any, str], ...]
    default: Any = NOT_SURE


QUESTIONS: tuple[Question, ...] = (
    Question(
        "goals",
        "checkbox",
        "What are you building? Pick every option that fits.",
        "Choose none if nothing matches; the other questions still count.",
        (
            ("prototype", "A quick prototype or MVP"),
            ("rest_api", "A REST / JSON API"),
            ("static_site", "A mostly static website"),
            ("serverless", "Functions on a serverless platform (e.g. AWS Lambda)"),
            ("ml_serving", "A small API that serves a machine-learning model"),
            ("social", "A social or community site with profiles and feeds"),
            ("personalization", "ML-driven personalisation inside a larger product"),
            ("commerce", "An online shop, CRM or busy booking system"),
            ("b2b_secure", "A security-sensitive business-to-business app"),
            ("data_driven", "A data-heavy app (travel, food, hospitality...)"),
            ("analytics", "Data analysis with charts and dashboards"),
        ),
        default=(),
    ),
    Question(
        "size",
        "select",
        "How big will the project get?",
        "Small: a handful of pages or endpoints. Large: many features growing over years.",
        (("small", "Small and simple"), ("large", "Large or complex"), _NOT_SURE_CHOICE),
    ),
    Question(
        "database",
        "select",
        "Where will the data live?",
        "Pick the main store; an ORM maps database tables to Python classes.",
        (
            ("none", "No database"),
            ("nosql", "A NoSQL store (MongoDB, Redis, DynamoDB...)"),
            ("relational", "A relational SQL database, used through an ORM"),
            _NOT_SURE_CHOICE,
        ),
    ),
    Question(
        "full_stack",
        "select",
        "Do you want admin pages, user accounts, an ORM and forms built in?",
        "Yes: take them ready-made. No: add only the libraries you choose.",
        _YES_NO,
    ),
    Question(
        "scale",
        "select",
        "Do you expect heavy traffic or fast growth?",
        "Think of the next few years, not launch day.",
        _YES_NO,
    ),
    Question(
        "learning_curve_priority",
        "select",
        "Is a short, gentle learning curve a top priority?",
        "Yes if the people building it must be productive with little study.",
        _YES_NO,
    ),
    Question(
        "team_learning",
        "select",
        "Is the team's main aim to learn and gain experience?",
        "For example a training project, or a team new to Python web work.",
        _YES_NO,
    ),
)
"""The questions in the order they are asked; one per key of ``answers.SCHEMA``."""


def ask_recommender_questions(known: Mapping[str, Any]) -> dict[str, Any]:
    """Ask, in the terminal, every question whose key is not in ``known``.

    Returns ``known`` merged with the new answers; keys answered "Not sure yet"
    are left out (unknown). Raises :class:`~generator.errors.Cancelled` on Ctrl-C.
    """
    from generator import prompts

    answers = dict(known)
    for question in QUESTIONS:
        if question.key in answers:
            continue
        if question.kind == "checkbox":
            value: Any = prompts.checkbox(
                question.label, question.choices, default=question.default, help_text=question.help
            )
        else:
            value = prompts.select(
                question.label, question.choices, default=question.default, help_text=question.help
            )
        if value != NOT_SURE:
            answers[question.key] = value
    return answers
