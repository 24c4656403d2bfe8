"""Recommend Flask or Django from questionnaire answers, using the rules in ``rules.toml``.

:func:`recommend` is a pure function: the same answers always give the same
:class:`Recommendation`, and nothing is printed or written. The rules are data
(``generator/recommendation/rules.toml``); this module only evaluates them:

* every rule whose condition holds adds its ``weight`` to the framework it favours;
  an answer that is missing is unknown and matches no rule;
* the framework with the higher score wins;
* **close call**: the margin between the scores is at most
  ``[decision].close_call_margin`` points (1 by default), which includes any tie;
* **tie-break**: equal scores (also 0 to 0 when nothing is known) go to
  ``[decision].tie_break`` (Flask, the smaller up-front commitment), and the
  tie-break is listed as a reason so the output always explains itself.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from generator.errors import InvalidAnswerError
from generator.recommendation.schema import SCHEMA, normalise_value, validate_answers
from generator.vocabulary import FRAMEWORKS

TIE_BREAK_RULE = "tie-break"


@dataclass(frozen=True)
class Rule:
    """One rule from ``rules.toml``."""

    id: str
    favours: str
    weight: int
    when: Mapping[str, Any]
    reason: str
    section: str
    criteria: tuple[str, ...] = ()

    def matches(self, answers: Mapping[str, Any]) -> bool:
        """True when every condition holds; an unknown answer never matches."""
        return all(_holds(answers.get(key), test) for key, test in self.when.items())


@dataclass(frozen=True)
class Criterion:
    """One row of the side-by-side comparison table."""

    id: str
    name: str
    flask: str
    django: str


@dataclass(frozen=True)
class Ruleset:
    """All rules, the comparison criteria and the decision settings."""

    rules: tuple[Rule, ...]
    criteria: tuple[Criterion, ...]
    close_call_margin: int
    tie_break: str
    tie_break_reason: str
    tie_break_section: str
    no_answers_note: str


@dataclass(frozen=True)
class Reason:
    """A matched rule (or the tie-break) and the framework it speaks for."""

    rule: str
    framework: str
    text: str
    section: str
    weight: int = 0
    criteria: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: rule, framework, text, section, weight."""
        return {
            "rule": self.rule,
            "framework": self.framework,
            "text": self.text,
            "section": self.section,
            "weight": self.weight,
        }


@dataclass(frozen=True)
class Recommendation:
    """The outcome of :func:`recommend`."""

    framework: str
    scores: dict[str, int]
    reasons: tuple[Reason, ...]
    close_call: bool
    tie_break: bool = False
    known: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    criteria: tuple[Criterion, ...] = field(default=(), repr=False)

    @property
    def margin(self) -> int:
        """How many points the winner leads by."""
        return abs(self.scores["flask"] - self.scores["django"])

    def reasons_for(self, framework: str) -> list[Reason]:
        """The reasons speaking for ``framework``, in rule-file order."""
        return [reason for reason in self.reasons if reason.framework == framework]

    def relevant_criteria(self) -> set[str]:
        """Ids of the comparison criteria touched by the matched rules."""
        return {cid for reason in self.reasons for cid in reason.criteria}

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` shape: framework, scores, reasons, close_call (+ extra keys)."""
        return {
            "framework": self.framework,
            "scores": dict(self.scores),
            "reasons": [reason.to_dict() for reason in self.reasons],
            "close_call": self.close_call,
            "tie_break": self.tie_break,
            "margin": self.margin,
            "unknown": list(self.unknown),
        }


def _holds(value: object, test: object) -> bool:
    if value is None:
        return False
    wanted = test["any"] if isinstance(test, dict) else [test]
    if isinstance(value, list):
        return any(item in value for item in wanted)
    return any(value == item and type(value) is type(item) for item in wanted)


def _check_condition(rule_id: str, key: str, test: object) -> None:
    """Fail loudly on a rules file that names unknown keys or values."""
    if isinstance(test, dict):
        if set(test) != {"any"} or not isinstance(test["any"], list):
            raise ValueError(
                f"rule {rule_id}: condition on {key!r} must be a value or {{any=[...]}}"
            )
        values = test["any"]
    else:
        values = [test]
    for value in values:
        try:
            normal = normalise_value(key, value)
        except InvalidAnswerError as exc:
            raise ValueError(f"rule {rule_id}: {exc.one_line()}") from None
        if normal != value and normal != [value]:
            raise ValueError(f"rule {rule_id}: value {value!r} for {key!r} is not normalised")


def parse_ruleset(data: Mapping[str, Any]) -> Ruleset:
    """Build and check a :class:`Ruleset` from parsed TOML data."""
    decision = data["decision"]
    criteria = tuple(Criterion(**row) for row in data.get("criteria", []))
    criteria_ids = {c.id for c in criteria}
    rules = []
    for row in data["rules"]:
        rule = Rule(**{**row, "criteria": tuple(row.get("criteria", ()))})
        if rule.favours not in FRAMEWORKS:
            raise ValueError(f"rule {rule.id}: favours must be one of {FRAMEWORKS}")
        if not rule.when:
            raise ValueError(f"rule {rule.id}: empty condition")
        for key, test in rule.when.items():
            _check_condition(rule.id, key, test)
        unknown = set(rule.criteria) - criteria_ids
        if unknown:
            raise ValueError(f"rule {rule.id}: unknown criteria {sorted(unknown)}")
        rules.append(rule)
    if len({rule.id for rule in rules}) != len(rules):
        raise ValueError("rule ids must be unique")
    if decision["tie_break"] not in FRAMEWORKS:
        raise ValueError(f"tie_break must be one of {FRAMEWORKS}")
    return Ruleset(
        rules=tuple(rules),
        criteria=criteria,
        close_call_margin=int(decision["close_call_margin"]),
        tie_break=decision["tie_break"],
        tie_break_reason=decision["tie_break_reason"],
        tie_break_section=decision["tie_break_section"],
        no_answers_note=decision["no_answers_note"],
    )


@cache
def default_ruleset() -> Ruleset:
    """The rules shipped in the package (read once, then cached)."""
    text = (
        resources.files("generator.recommendation")
        .joinpath("rules.toml")
        .read_text(encoding="utf-8")
    )
    return parse_ruleset(tomllib.loads(text))


def recommend(answers: Mapping[str, Any], *, ruleset: Ruleset | None = None) -> Recommendation:
    """Score both frameworks for ``answers`` and return the :class:`Recommendation`.

    ``answers`` uses the keys of :data:`generator.recommendation.schema.SCHEMA`; values are
    normalised first (so ``"yes"`` or ``"rest_api,prototype"`` work), and invalid
    keys or values raise :class:`~generator.errors.InvalidAnswerError`.
    """
    rules = ruleset or default_ruleset()
    known = validate_answers(answers)
    scores: dict[str, int] = dict.fromkeys(FRAMEWORKS, 0)
    reasons: list[Reason] = []
    for rule in rules.rules:
        if rule.matches(known):
            scores[rule.favours] += rule.weight
            reasons.append(
                Reason(rule.id, rule.favours, rule.reason, rule.section, rule.weight, rule.criteria)
            )
    tie = scores["flask"] == scores["django"]
    if tie:
        framework = rules.tie_break
        text = rules.tie_break_reason
        if not reasons:
            text = f"{rules.no_answers_note}. {text}"
        reasons.append(Reason(TIE_BREAK_RULE, framework, text, rules.tie_break_section))
    else:
        framework = max(FRAMEWORKS, key=scores.__getitem__)
    margin = abs(scores["flask"] - scores["django"])
    return Recommendation(
        framework=framework,
        scores=scores,
        reasons=tuple(reasons),
        close_call=margin <= rules.close_call_margin,
        tie_break=tie,
        known=tuple(key for key in SCHEMA if key in known),
        unknown=tuple(key for key in SCHEMA if key not in known),
        criteria=rules.criteria,
    )
