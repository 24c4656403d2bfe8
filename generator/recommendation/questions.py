"""The recommender's questions, as data: the one place a questionnaire key is defined.

Each question names its answer key, the kind of answer, the wording, a one-line
help and the choices. The answer schema (:mod:`generator.recommendation.schema`)
and the ``recommend --help`` key table are built from these questions, so a new
goal or question takes one edit here (plus the rules that use it in ``rules.toml``).

Single-choice questions offer a "Not sure yet" choice, which is also their
default: pressing Enter through the questionnaire never tilts the result, and
an unsure answer stays unknown (it counts for neither framework). Asking them
is terminal interaction, so it lives in :mod:`generator.commands.asking`.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

Kind = Literal["list", "choice", "bool"]
"""``list``: any number of values; ``choice``: one value; ``bool``: yes or no."""

AnswerValue = str | bool | list[str]
"""A normalised questionnaire answer."""

NOT_SURE = "not-sure"
"""Choice value meaning "leave this answer unknown"."""

_NOT_SURE_CHOICE: tuple[str | bool, str] = (NOT_SURE, "Not sure yet / skip")
_YES_NO: tuple[tuple[str | bool, str], ...] = ((True, "Yes"), (False, "No"))


class Question(NamedTuple):
    """One question: its answer key, kind, wording, one-line help and choices.

    ``choices`` lists the answer values with their labels (none for yes/no
    questions); ``summary`` is the short gloss shown in ``recommend --help``.
    """

    key: str
    kind: Kind
    label: str
    help: str
    choices: tuple[tuple[str, str], ...] = ()
    summary: str = ""

    @property
    def values(self) -> tuple[str, ...]:
        """The allowed values (empty for yes/no questions)."""
        return tuple(value for value, _ in self.choices)

    @property
    def prompt_choices(self) -> tuple[tuple[str | bool, str], ...]:
        """The choices a prompt offers: yes/no where needed, and "Not sure" for one-of."""
        offered: tuple[tuple[str | bool, str], ...] = (
            _YES_NO if self.kind == "bool" else self.choices
        )
        return offered if self.kind == "list" else (*offered, _NOT_SURE_CHOICE)

    @property
    def default(self) -> str | tuple[str, ...]:
        """Nothing ticked for a list, "Not sure yet" otherwise."""
        return () if self.kind == "list" else NOT_SURE


QUESTIONS: tuple[Question, ...] = (
    Question(
        "goals",
        "list",
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
    ),
    Question(
        "size",
        "choice",
        "How big will the project get?",
        "Small: a handful of pages or endpoints. Large: many features growing over years.",
        (("small", "Small and simple"), ("large", "Large or complex")),
    ),
    Question(
        "database",
        "choice",
        "Where will the data live?",
        "Pick the main store; an ORM maps database tables to Python classes.",
        (
            ("none", "No database"),
            ("nosql", "A NoSQL store (MongoDB, Redis, DynamoDB...)"),
            ("relational", "A relational SQL database, used through an ORM"),
        ),
    ),
    Question(
        "full_stack",
        "bool",
        "Do you want admin pages, user accounts, an ORM and forms built in?",
        "Yes: take them ready-made. No: add only the libraries you choose.",
        summary="admin, auth, ORM and forms built in",
    ),
    Question(
        "scale",
        "bool",
        "Do you expect heavy traffic or fast growth?",
        "Think of the next few years, not launch day.",
        summary="heavy traffic or fast growth expected",
    ),
    Question(
        "learning_curve_priority",
        "bool",
        "Is a short, gentle learning curve a top priority?",
        "Yes if the people building it must be productive with little study.",
    ),
    Question(
        "team_learning",
        "bool",
        "Is the team's main aim to learn and gain experience?",
        "For example a training project, or a team new to Python web work.",
        summary="the team's aim is to learn",
    ),
)
"""The questions in the order they are asked; one per answer key."""
