"""Questionnaire answers from an answers file (YAML or JSON) and ``--set`` overrides."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

from generator.errors import UsageError
from generator.recommendation.schema import normalise_value, validate_answers


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
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"Cannot read answers file {path}: it is not UTF-8 text "
            f"(byte {exc.object[exc.start]:#04x} at position {exc.start}; is it a binary file?)",
            "Save the answers as a UTF-8 YAML or JSON file",
        ) from None
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
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
