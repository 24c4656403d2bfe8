"""The template's questions, read from ``copier.yml`` and evaluated like Copier does.

stackpick asks the template questions itself (so it can validate in place, skip what
does not apply, and show a review step before anything is written) and then hands
the complete answers to Copier. Defaults, ``when`` conditions, validators and
disabled choices are the Jinja expressions in ``copier.yml``, rendered with the same
filters Copier uses, so plain ``copier copy`` and ``stackpick new`` agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from generator.errors import InvalidAnswerError
from generator.template.source import template_root
from generator.vocabulary import NO_WORDS, YES_NO_ALLOWED, parse_yes_no

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment


@dataclass(frozen=True)
class ChoiceSpec:
    """One choice of a question: its value, label, and a Jinja reason to disable it."""

    value: Any
    label: str
    disabled_when: str = ""


@dataclass(frozen=True)
class TemplateQuestion:
    """A question from ``copier.yml``."""

    name: str
    type: str = "str"
    help: str = ""
    default: Any = None
    when: Any = True
    validator: str = ""
    multiselect: bool = False
    choices: tuple[ChoiceSpec, ...] = field(default_factory=tuple)


def _parse_choices(raw: Any) -> tuple[ChoiceSpec, ...]:
    if not raw:
        return ()
    items = raw.items() if isinstance(raw, dict) else ((str(v), v) for v in raw)
    specs = []
    for label, value in items:
        if isinstance(value, dict):
            specs.append(ChoiceSpec(value["value"], str(label), str(value.get("validator", ""))))
        else:
            specs.append(ChoiceSpec(value, str(label)))
    return tuple(specs)


@cache
def load_config(root: Path) -> dict[str, Any]:
    """The template's ``copier.yml`` at ``root``, parsed (once per folder)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10x faster
    config = yaml.load((root / "copier.yml").read_text("utf-8"), Loader=loader)
    return config if isinstance(config, dict) else {}


@cache
def load_questions(root: Path | None = None) -> tuple[TemplateQuestion, ...]:
    """Every question of the template at ``root`` (the installed one by default), in order."""
    config = load_config(root or template_root())
    return tuple(
        TemplateQuestion(
            name=name,
            type=str(spec.get("type", "str")),
            help=str(spec.get("help", name)),
            default=spec.get("default"),
            when=spec.get("when", True),
            validator=str(spec.get("validator", "")),
            multiselect=bool(spec.get("multiselect", False)),
            choices=_parse_choices(spec.get("choices")),
        )
        for name, spec in config.items()
        if not name.startswith("_") and isinstance(spec, dict)
    )


@cache
def _jinja(root: Path) -> SandboxedEnvironment:
    from jinja2 import FileSystemLoader
    from jinja2.sandbox import SandboxedEnvironment

    # Rooted at the template like Copier's loader, so copier.yml can import partials.
    return SandboxedEnvironment(
        loader=FileSystemLoader(str(root)),
        extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"],
    )


def _render(source: str, context: dict[str, Any], root: Path | None = None) -> str:
    return str(_jinja(root or template_root()).from_string(source).render(**context)).strip()


def _render_value(value: Any, context: dict[str, Any], root: Path | None = None) -> Any:
    if isinstance(value, str) and ("{{" in value or "{%" in value):
        return _render(value, context, root)
    return value


class _Back:
    """The type of :data:`BACK`."""

    def __repr__(self) -> str:
        return "BACK"


BACK: Any = _Back()
"""What an :class:`AskTemplateQuestion` returns to go back to the previous question."""


def _derived_package_name(answers: dict[str, Any], root: Path | None) -> Any:
    from generator.template.names import derive_package_name

    if "project_name" not in answers:
        return None
    return derive_package_name(str(answers["project_name"]), root=root)


DERIVED_DEFAULTS = {"package_name": _derived_package_name}
"""Defaults stackpick computes in Python instead of with copier.yml's Jinja fallback
(the package name is transliterated: "Café Finder" -> cafe_finder)."""


def cast(question: TemplateQuestion, raw: Any) -> Any:
    """Turn a command-line string (or YAML value) into the question's type."""
    if question.multiselect:
        if isinstance(raw, str):
            text = raw.strip().strip("[]")
            return [part.strip().strip("'\"") for part in text.split(",") if part.strip()]
        return list(raw or [])
    if question.type == "bool":
        answer = parse_yes_no(raw)
        if answer is None:
            raise InvalidAnswerError(
                f"Invalid value {raw!r} for {question.name}", f"Allowed values: {YES_NO_ALLOWED}"
            )
        return answer
    if question.type == "int":
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise InvalidAnswerError(f"{question.name} must be a whole number") from None
    return raw if raw is None else str(raw)


class AskTemplateQuestion(Protocol):
    """Asks one template question in the terminal and returns the answer."""

    def __call__(
        self,
        question: TemplateQuestion,
        default: Any,
        evaluator: QuestionEvaluator,
        answers: dict[str, Any],
    ) -> Any:
        """``default`` is preselected; ``answers`` holds the earlier answers."""
        ...


class QuestionEvaluator:
    """Evaluates the template's questions against a growing set of answers."""

    def __init__(
        self, questions: tuple[TemplateQuestion, ...] | None = None, root: Path | None = None
    ) -> None:
        self.root = root
        self.questions = questions if questions is not None else load_questions(root)
        self.by_name = {question.name: question for question in self.questions}
        self._not_asked: set[str] = set()

    def position(self, question: TemplateQuestion, answers: dict[str, Any]) -> tuple[int, int]:
        """(n, m): ``question`` is the n-th of m questions asked, given ``answers`` so far."""
        asked = [
            other
            for other in self.questions
            if other.name not in self._not_asked
            and (other.name in answers or other is question or self.applies(other, answers))
        ]
        names = [other.name for other in asked]
        return names.index(question.name) + 1 if question.name in names else 1, len(names)

    def applies(self, question: TemplateQuestion, answers: dict[str, Any]) -> bool:
        """Whether Copier would ask ``question`` given ``answers`` so far."""
        when = _render_value(question.when, answers, self.root)
        if isinstance(when, str):
            return when.strip().lower() not in {"", "none", *NO_WORDS}
        return bool(when)

    def copier_default(self, question: TemplateQuestion, answers: dict[str, Any]) -> Any:
        """The default as copier.yml's Jinja gives it (what plain ``copier copy`` uses)."""
        return _render_value(question.default, answers, self.root)

    def default(self, question: TemplateQuestion, answers: dict[str, Any]) -> Any:
        """The question's default, rendered against ``answers``, minus disabled choices."""
        derive = DERIVED_DEFAULTS.get(question.name)
        derived = derive(answers, self.root) if derive else None
        if derived is not None:
            return derived
        value = question.default
        if isinstance(value, list):
            value = [_render_value(item, answers, self.root) for item in value]
            if question.multiselect:
                allowed = {
                    choice.value for choice, reason in self.choices(question, answers) if not reason
                }
                value = [item for item in value if item in allowed]
            return value
        rendered = _render_value(value, answers, self.root)
        return cast(question, rendered) if value is not None else None

    def choices(
        self, question: TemplateQuestion, answers: dict[str, Any]
    ) -> list[tuple[ChoiceSpec, str]]:
        """Each choice with the reason it is disabled ('' when it can be picked)."""
        return [
            (
                choice,
                _render(choice.disabled_when, answers, self.root) if choice.disabled_when else "",
            )
            for choice in question.choices
        ]

    def problem(
        self, question: TemplateQuestion, value: Any, answers: dict[str, Any]
    ) -> str | None:
        """Why ``value`` is not acceptable for ``question``, or None."""
        if question.choices:
            options = self.choices(question, answers)
            allowed = [choice.value for choice, reason in options if not reason]
            picked = value if question.multiselect else [value]
            for item in picked:
                reason = next((r for c, r in options if c.value == item), None)
                if reason is None:
                    return f"unknown value {item!r}; allowed values: {', '.join(map(str, allowed))}"
                if reason:
                    return f"{reason} (allowed values: {', '.join(map(str, allowed))})"
        if question.validator:
            message = _render(question.validator, {**answers, question.name: value}, self.root)
            if message:
                return message
        return None

    def resolve(
        self,
        given: dict[str, Any],
        *,
        ask: AskTemplateQuestion | None = None,
        lenient: bool = False,
        suggestions: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Complete answers: given values (validated), else asked (when ``ask``), else defaults.

        ``ask(question, default, evaluator, answers)`` is called for questions not in
        ``given`` when it is set. Questions that do not apply are left out. With
        ``lenient`` (used after the user changed an earlier answer in the review step),
        given answers that no longer apply are dropped and invalid ones are asked again.
        ``suggestions`` replace a question's default when they are valid for it.
        """
        suggestions = suggestions or {}
        unknown = sorted(set(given) - set(self.by_name))
        if unknown:
            raise InvalidAnswerError(
                f"Unknown template answer {unknown[0]!r}",
                f"Known keys: {', '.join(self.by_name)}",
            )
        answers: dict[str, Any] = {}
        remembered: dict[str, Any] = {}
        asked: list[int] = []
        self._not_asked = set(given)
        index = 0
        while index < len(self.questions):
            question = self.questions[index]
            if not self.applies(question, answers):
                if question.name in given and not lenient:
                    raise InvalidAnswerError(
                        f"{question.name} does not apply to this project "
                        f"(framework: {answers.get('framework', '?')})",
                        f"Leave out {question.name}",
                    )
                index += 1
                continue
            value = None
            if question.name in given:
                value = cast(question, given[question.name])
                reason = self.problem(question, value, answers)
                if reason and not (lenient and ask is not None):
                    raise InvalidAnswerError(f"Invalid value for {question.name}: {reason}")
                if reason and ask is not None:
                    value = ask(question, self.default(question, answers), self, answers)
            else:
                default = self.default(question, answers)
                suggested = suggestions.get(question.name)
                if suggested is not None and not self.problem(question, suggested, answers):
                    default = suggested
                earlier = remembered.pop(question.name, None)
                if earlier is not None and not self.problem(question, earlier, answers):
                    default = earlier  # going back keeps later answers that still apply
                value = default if ask is None else ask(question, default, self, answers)
            if value is BACK:
                if asked:
                    index = asked.pop()
                    for name in list(answers)[list(answers).index(self.questions[index].name) :]:
                        remembered[name] = answers.pop(name)
                continue
            if ask is not None and question.name not in given:
                asked.append(index)
            answers[question.name] = value
            index += 1
        return answers


TemplateAnswers = QuestionEvaluator
"""The former name of :class:`QuestionEvaluator`, kept for library users."""
