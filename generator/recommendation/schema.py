"""The recommender's answer keys: the schema built from the questions, and validation.

The keys are a public interface. A key that is absent is *unknown* and counts for
neither framework. Values are normalised so that the rest of the code only sees:

* ``goals``: a list of goal names (a comma-separated string is accepted too);
* choice keys (``size``, ``database``): one of the allowed strings;
* yes/no keys: ``True``/``False`` (the words of :mod:`generator.vocabulary`).

An empty value (``--set size=`` or ``size: null``) means "unknown" and drops the key.
Anything else invalid raises :class:`~generator.errors.InvalidAnswerError`, whose
one-line message names the key and the allowed values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.errors import InvalidAnswerError
from generator.recommendation.questions import QUESTIONS, AnswerValue, Kind
from generator.vocabulary import YES_NO_ALLOWED, parse_yes_no


@dataclass(frozen=True)
class AnswerKey:
    """One answer key: its name, kind and allowed values (empty for yes/no keys)."""

    name: str
    kind: Kind
    values: tuple[str, ...] = ()

    def allowed(self) -> str:
        """The allowed values, as shown in error messages."""
        if self.kind == "bool":
            return YES_NO_ALLOWED
        prefix = "a comma-separated list of " if self.kind == "list" else ""
        return prefix + ", ".join(self.values)


SCHEMA: dict[str, AnswerKey] = {
    question.key: AnswerKey(question.key, question.kind, question.values) for question in QUESTIONS
}
"""Every answer key the recommender understands, in questionnaire order."""

GOALS = SCHEMA["goals"].values


def _bad(key: AnswerKey, value: object) -> InvalidAnswerError:
    return InvalidAnswerError(
        f"Invalid value {value!r} for answer '{key.name}'",
        f"Allowed values: {key.allowed()}",
    )


def normalise_value(name: str, value: object) -> AnswerValue | None:
    """Check one answer and return its normal form (``None`` means unknown)."""
    key = SCHEMA.get(name)
    if key is None:
        raise InvalidAnswerError(
            f"Unknown answer key '{name}'", f"Allowed keys: {', '.join(SCHEMA)}"
        )
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if key.kind == "bool":
        answer = parse_yes_no(value)
        if answer is None:
            raise _bad(key, value)
        return answer
    if key.kind == "choice":
        if isinstance(value, str) and value.strip().lower() in key.values:
            return value.strip().lower()
        raise _bad(key, value)
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise _bad(key, value)
    goals: list[str] = []
    for item in items:
        word = item.strip().lower() if isinstance(item, str) else item
        if word == "":
            continue
        if word not in key.values:
            raise _bad(key, item)
        if word not in goals:
            goals.append(word)
    return goals


def validate_answers(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Validate and normalise a whole answers mapping; unknown (empty) answers are dropped."""
    result: dict[str, Any] = {}
    for name, value in raw.items():
        normal = normalise_value(str(name), value)
        if normal is not None:
            result[str(name)] = normal
    return result
