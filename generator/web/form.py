"""The start page's form: answers from a query string or form body, evaluated like the CLI.

Field names carry a prefix because the questionnaire and the template both have a
``database`` key: ``q.<key>`` for the recommender's questions, ``t.<name>`` for the
template's. ``t.framework`` empty (or absent) means "take the recommendation".

Nothing here asks or renders: :func:`evaluate` turns the submitted pairs into a
:class:`FormState` with the recommendation, every template question's value, default,
choices and inline error (the same messages as the CLI, from
:class:`~generator.template.questions.QuestionEvaluator`), the equivalent
``stackpick new`` command line and a query string that restores the form.
"""

from __future__ import annotations

import functools
import shlex
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from generator.errors import InvalidAnswerError
from generator.recommendation.questions import NOT_SURE, QUESTIONS
from generator.recommendation.schema import normalise_value
from generator.vocabulary import FRAMEWORKS, format_answer

if TYPE_CHECKING:
    from generator.recommendation.rules import Recommendation
    from generator.template.questions import QuestionEvaluator, TemplateQuestion

Q = "q."
T = "t."
MAX_VALUE_LENGTH = 200
"""Longest text a single answer may hold on the page (the CLI has no such limit)."""
MAX_VALUES = 64
"""Most values one field may carry (a list of goals or deploy targets)."""


@dataclass(frozen=True)
class Choice:
    """One choice of a template question, with the reason it cannot be picked ('' if it can)."""

    value: str
    label: str
    disabled: str = ""


@dataclass
class TemplateField:
    """A template question as the page shows it."""

    name: str
    label: str
    kind: str  # text | select | multi | bool
    applies: bool
    value: Any = None
    default: Any = None
    error: str = ""
    choices: list[Choice] = field(default_factory=list)

    def shown(self, value: Any = None) -> str:
        """A value as the form holds it: lists comma-joined, booleans yes/no."""
        value = self.value if value is None else value
        if value is None:
            return ""
        return format_answer(value, list_separator=",") if value != [] else ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON the page's script reads."""
        return {
            "name": self.name,
            "kind": self.kind,
            "applies": self.applies,
            "value": self.shown(),
            "values": list(self.value) if isinstance(self.value, list) else None,
            "default": self.shown(self.default) if self.default is not None else "",
            "error": self.error,
            "choices": [
                {"value": c.value, "label": c.label, "disabled": c.disabled} for c in self.choices
            ],
        }


@dataclass
class FormState:
    """Everything the page shows for one set of submitted answers."""

    questionnaire: dict[str, Any]
    questionnaire_errors: dict[str, str]
    recommendation: Recommendation
    framework_choice: str
    framework: str
    fields: list[TemplateField]
    given: dict[str, Any]
    answers: dict[str, Any]
    suggestions: dict[str, Any]
    form_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every answer is valid, so the project may be rendered."""
        return not (
            self.questionnaire_errors
            or self.form_errors
            or any(f.error for f in self.fields if f.applies)
        )

    def errors(self) -> dict[str, str]:
        """Every problem, by field name (``q.<key>``, ``t.<name>``, or ``form``)."""
        found = {Q + key: text for key, text in self.questionnaire_errors.items()}
        found.update({T + f.name: f.error for f in self.fields if f.applies and f.error})
        if self.form_errors:
            found["form"] = " ".join(self.form_errors)
        return found

    def cli_given(self) -> dict[str, Any]:
        """The template answers as ``stackpick new`` receives them (before defaults)."""
        return {"framework": self.framework, **self.given}

    def recommendation_dict(self) -> dict[str, Any] | None:
        """What ``new`` records as the recommendation: none when the framework was picked."""
        return None if self.framework_choice else self.recommendation.to_dict()

    @property
    def destination(self) -> str:
        """The folder ``stackpick new`` would create (derived from the package name)."""
        return str(self.answers.get("package_name") or "project").replace("_", "-")

    def pairs(self) -> list[tuple[str, str]]:
        """Every answer as query pairs: a URL with them reproduces this form exactly."""
        pairs: list[tuple[str, str]] = []
        for question in QUESTIONS:
            value = self.questionnaire.get(question.key)
            if isinstance(value, list):
                pairs += [(Q + question.key, item) for item in value]
            elif value is not None:
                pairs.append((Q + question.key, format_answer(value)))
        if self.framework_choice:
            pairs.append((T + "framework", self.framework_choice))
        for item in self.fields:
            if not item.applies or item.name == "framework":
                continue
            if isinstance(item.value, list):
                pairs += [(T + item.name, v) for v in item.value] or [(T + item.name, "")]
            else:
                pairs.append((T + item.name, item.shown()))
        return pairs

    def share_query(self) -> str:
        """:meth:`pairs` as a query string."""
        return urlencode(self.pairs())

    def command_line(self) -> str:
        """The equivalent ``stackpick new`` command, shell-quoted, ready to paste."""
        words = ["stackpick", "new", self.destination]
        if self.framework_choice:
            words += ["--framework", self.framework_choice]
        for question in QUESTIONS:
            value = self.questionnaire.get(question.key)
            if value is not None and value != []:
                words += ["--set", f"{question.key}={format_answer(value, list_separator=',')}"]
        for item in self.fields:
            if item.name in self.given and item.name != "framework" and item.value != item.default:
                words += ["--data", f"{item.name}={item.shown()}"]
        words.append("--defaults")
        return " ".join(shlex.quote(word) for word in words)


def _values(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped


def _hygiene(value: str) -> str:
    """Why a submitted text cannot be an answer on the page ('' when it can)."""
    if len(value) > MAX_VALUE_LENGTH:
        return f"Keep this under {MAX_VALUE_LENGTH} characters."
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in value):
        return "Remove the control characters."
    return ""


def _questionnaire(grouped: dict[str, list[str]]) -> tuple[dict[str, Any], dict[str, str]]:
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for question in QUESTIONS:
        raw = grouped.get(Q + question.key)
        if not raw:
            continue
        items = [item.strip() for item in raw if item.strip()]
        problem = next((_hygiene(item) for item in items if _hygiene(item)), "")
        if problem or len(items) > MAX_VALUES:
            errors[question.key] = problem or "Too many values."
            continue
        if question.kind == "list":
            value: Any = items
        else:
            value = items[-1] if items else ""
            if value == NOT_SURE:
                continue
        try:
            normal = normalise_value(question.key, value)
        except InvalidAnswerError as error:
            errors[question.key] = error.one_line()
            continue
        if normal is not None and normal != []:
            answers[question.key] = normal
    return answers, errors


def read_questionnaire(
    pairs: Iterable[tuple[str, str]],
) -> tuple[dict[str, Any], dict[str, str]]:
    """Only the questionnaire answers (``q.<key>``): normalised answers and problems by key."""
    return _questionnaire(_values(pairs))


def _kind(question: TemplateQuestion) -> str:
    if question.multiselect:
        return "multi"
    if question.type == "bool":
        return "bool"
    return "select" if question.choices else "text"


def _submitted(question: TemplateQuestion, raw: list[str]) -> tuple[Any, str]:
    """The submitted value of one template question, before casting, or a problem."""
    if len(raw) > MAX_VALUES:
        return None, "Too many values."
    problem = next((_hygiene(item) for item in raw if _hygiene(item)), "")
    if problem:
        return None, problem
    if question.multiselect:
        return [item.strip() for item in raw if item.strip()], ""
    # Like `--data key=value`, surrounding blanks are dropped.
    return raw[-1].strip(), ""


@functools.cache
def _context_defaults() -> dict[str, Any]:
    """The same context defaults as ``stackpick new`` (preferences, cookiecutterrc, git),
    read once per server: the page and its command line then agree on this machine."""
    from generator.project.preferences import context_defaults

    return context_defaults()


def evaluate(
    pairs: Iterable[tuple[str, str]], evaluator: QuestionEvaluator | None = None
) -> FormState:
    """Evaluate submitted ``(name, value)`` pairs; never raises for a bad answer."""
    from generator.recommendation.rules import recommend
    from generator.recommendation.suggestions import suggest_template_answers
    from generator.template.questions import QuestionEvaluator, cast

    evaluator = evaluator or QuestionEvaluator()
    grouped = _values(pairs)
    questionnaire, questionnaire_errors = _questionnaire(grouped)
    recommendation = recommend(questionnaire)
    form_errors: list[str] = []
    choice = (grouped.get(T + "framework") or [""])[-1].strip()
    if choice and choice not in FRAMEWORKS:
        form_errors.append(f"Unknown framework {choice[:40]!r}; pick Flask or Django.")
        choice = ""
    framework = choice or recommendation.framework
    suggestions = {**suggest_template_answers(questionnaire, framework), **_context_defaults()}

    answers: dict[str, Any] = {}
    given: dict[str, Any] = {}
    fields: list[TemplateField] = []
    for question in evaluator.questions:
        item = TemplateField(question.name, question.help, _kind(question), True)
        fields.append(item)
        if question.name == "framework":
            item.value = item.default = framework
            answers["framework"] = framework
            item.choices = [Choice(str(c.value), c.label) for c in question.choices]
            continue
        if not evaluator.applies(question, answers):
            item.applies = False
            item.choices = [Choice(str(c.value), c.label) for c in question.choices]
            continue
        default = evaluator.default(question, answers)
        suggested = suggestions.get(question.name)
        if suggested is not None and not evaluator.problem(question, suggested, answers):
            default = suggested
        item.default = default
        item.choices = [
            Choice(str(c.value), c.label, reason)
            for c, reason in evaluator.choices(question, answers)
        ]
        raw = grouped.get(T + question.name)
        value: Any = default
        if raw is not None:
            submitted, problem = _submitted(question, raw)
            if problem:
                item.error = problem
                value = default
            else:
                try:
                    value = cast(question, submitted)
                except InvalidAnswerError as error:
                    item.error, value = error.one_line(), submitted
                else:
                    item.error = evaluator.problem(question, value, answers) or ""
                    if not item.error:
                        given[question.name] = value
        item.value = value
        answers[question.name] = value
    return FormState(
        questionnaire=questionnaire,
        questionnaire_errors=questionnaire_errors,
        recommendation=recommendation,
        framework_choice=choice,
        framework=framework,
        fields=fields,
        given=given,
        answers=answers,
        suggestions=suggestions,
        form_errors=form_errors,
    )


def resolve_for_render(
    state: FormState, evaluator: QuestionEvaluator | None = None
) -> dict[str, Any]:
    """The complete answers, through the same call ``stackpick new`` makes.

    Raises :class:`~generator.errors.InvalidAnswerError` for anything the CLI rejects,
    so a bad answer is never rendered.
    """
    from generator.template.questions import QuestionEvaluator

    if not state.ok:
        name, message = next(iter(state.errors().items()))
        raise InvalidAnswerError(f"Invalid value for {name}: {message}")
    evaluator = evaluator or QuestionEvaluator()
    return evaluator.resolve(state.cli_given(), suggestions=state.suggestions)
