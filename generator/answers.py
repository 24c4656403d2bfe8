"""The recommender's answer keys: schema, validation, answers files and ``--set`` overrides.

The keys are a public interface. A key that is absent is *unknown* and counts for
neither framework. Values are normalised so that the rest of the code only sees:

* ``goals``: a list of goal names (a comma-separated string is accepted too);
* choice keys (``size``, ``database``): one of the allowed strings;
* yes/no keys: ``True``/``False`` (``yes``/``no``/``true``/``false`` accepted).

An empty value (``--set size=`` or ``size: null``) means "unknown" and drops the key.
Anything else invalid raises :class:`~generator.errors.InvalidAnswerError`, whose
one-line message names the key and the allowed values.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from generator.errors import InvalidAnswerError, UsageError

Kind = Literal["list", "choice", "bool"]

BOOL_WORDS = {"yes": True, "true": True, "no": False, "false": False}


@dataclass(frozen=True)
class AnswerKey:
    """One answer key: its name, kind and allowed values (empty for yes/no keys)."""

    name: str
    kind: Kind
    values: tuple[str, ...] = ()

    def allowed(self) -> str:
        """The allowed values, as shown in error messages."""
        if self.kind == "bool":
            return "yes, no, true, false"
        prefix = "a comma-separated list of " if self.kind == "list" else ""
        return prefix + ", ".join(self.values)


GOALS = (
    "prototype",
    "rest_api",
    "static_site",
    "serverless",
    "ml_serving",
    "social",
    "personalization",
    "commerce",
    "b2b_secure",
    "data_driven",
    "analytics",
)

SCHEMA: dict[str, AnswerKey] = {
    key.name: key
    for key in (
        AnswerKey("goals", "list", GOALS),
        AnswerKey("size", "choice", ("small", "large")),
        AnswerKey("full_stack", "bool"),
        AnswerKey("learning_curve_priority", "bool"),
        AnswerKey("team_learning", "bool"),
        AnswerKey("database", "choice", ("none", "nosql", "relational")),
        AnswerKey("scale", "bool"),
    )
}
"""Every answer key the recommender understands, in questionnaire order."""


def _bad(key: AnswerKey, value: Any) -> InvalidAnswerError:
    return InvalidAnswerError(
        f"Invalid value {value!r} for answer '{key.name}'",
        f"Allowed values: {key.allowed()}",
    )


def normalise_value(name: str, value: Any) -> Any:
    """Check one answer and return its normal form (``None`` means unknown)."""
    key = SCHEMA.get(name)
    if key is None:
        raise InvalidAnswerError(
            f"Unknown answer key '{name}'", f"Allowed keys: {', '.join(SCHEMA)}"
        )
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if key.kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in BOOL_WORDS:
            return BOOL_WORDS[value.strip().lower()]
        raise _bad(key, value)
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


def apply_overrides(
    answers: Mapping[str, Any], overrides: Iterable[tuple[str, str]]
) -> dict[str, Any]:
    """Apply ``--set key=value`` pairs (later ones win); an empty value clears the key."""
    result = dict(answers)
    for name, text in overrides:
        normal = normalise_value(name, text)
        if normal is None:
            result.pop(name, None)
        else:
            result[name] = normal
    return result


def read_answers_file(path: Path) -> dict[str, Any]:
    """Read a YAML or JSON answers file into a raw mapping, without validating keys.

    ``.json`` files are parsed as JSON; anything else as YAML (a superset of JSON).
    An empty file is an empty mapping. Raises :class:`UsageError` (exit 2) when the
    file is missing, unreadable, unparseable or not a mapping.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(
            f"Answers file not found: {path}", "Check the path given to --answers"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc.__class__.__name__
        raise UsageError(f"Cannot read answers file {path}: {reason}") from None
    data = _parse(path, text)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UsageError(
            f"Answers file {path} must hold a mapping of keys to answers",
            "For example: size: small",
        )
    return data


def _parse(path: Path, text: str) -> Any:
    if Path(path).suffix.lower() == ".json":
        try:
            return json.loads(text) if text.strip() else None
        except json.JSONDecodeError as exc:
            raise UsageError(
                f"Answers file {path} is not valid JSON (line {exc.lineno}, column {exc.colno})",
                "Fix the file or use YAML",
            ) from None
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise UsageError(
            f"Answers file {path} is not valid YAML{where}", "Fix the file and try again"
        ) from None


def load_answers(
    path: Path | None = None,
    overrides: Iterable[tuple[str, str]] = (),
    *,
    extra_keys: Collection[str] = (),
) -> dict[str, Any]:
    """Answers from an optional file plus ``--set`` overrides, validated and normalised.

    ``extra_keys`` names keys that belong to another consumer (e.g. template
    answers read by ``stackpick new``): they are skipped here instead of being
    rejected. Only recommender keys are returned.
    """
    raw = read_answers_file(path) if path is not None else {}
    answers = validate_answers({k: v for k, v in raw.items() if k not in extra_keys})
    mine = [(k, v) for k, v in overrides if k not in extra_keys]
    return apply_overrides(answers, mine)
